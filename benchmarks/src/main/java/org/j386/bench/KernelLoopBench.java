package org.j386.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A kernel-heavy workload: the minikernel runs benchmarks/guest/user/forkexec.c as init, whose
 * loop forks, lets the child exec the program again and exit, waits for it, moves brk up and
 * down, maps 16 anonymous pages, touches 4 and unmaps them, then prints a dot. The score is
 * loops per second (each one fork + exec + exit + wait + brk x 2 + mmap + 4 faults + munmap +
 * write).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m", "-XX:+UseSerialGC"})
public class KernelLoopBench {
    /** Far more than a loop needs; a kernel that needs more is broken. */
    private static final long BUDGET = 100_000_000L;

    private BootedGuest guest;

    @Setup(Level.Trial)
    public void boot() {
        guest = BootedGuest.minikernelProgram("forkexec", '.');
        guest.runMarkers(1, 2_000_000_000L);     // boot and the first loop: not measured
    }

    @Benchmark
    public long forkExecLoops() {
        guest.runMarkers(1, BUDGET);
        return guest.machine().instructions();
    }
}
