package org.j386.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Guest-level demand paging: the minikernel runs benchmarks/guest/user/pagetouch.c as init, which
 * maps 64 fresh anonymous pages, writes one word to each (one #PF and a zeroed page each) and
 * unmaps them, then prints a dot. The score is pages faulted in per second, the kernel's whole
 * path (VMA lookup, page allocation and zeroing, PTE set, unmap and free) included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m", "-XX:+UseSerialGC"})
public class DemandPagingBench {
    /** Pages per round of pagetouch.c. */
    public static final int PAGES_PER_ROUND = 64;
    /** Rounds per invocation. */
    public static final int ROUNDS = 4;
    /** Far more than a round needs (some 100,000 instructions per page would be a broken kernel). */
    private static final long BUDGET = ROUNDS * PAGES_PER_ROUND * 1_000_000L;

    private BootedGuest guest;

    @Setup(Level.Trial)
    public void boot() {
        guest = BootedGuest.minikernelProgram("pagetouch", '.');
        guest.runMarkers(1, 2_000_000_000L);     // boot and the first round: not measured
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS * PAGES_PER_ROUND)
    public long pagesFaultedIn() {
        guest.runMarkers(ROUNDS, BUDGET);
        return guest.machine().instructions();
    }
}
