package org.j386.bench;

import java.util.concurrent.TimeUnit;

import org.j386.mmu.Mmu;
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
 * Raw #PF round trips per second: the pagefault guest (benchmarks/guest/pagefault.c) loads from a
 * not-present page, the fault goes through the IDT to a four-instruction handler that IRETs past
 * the load. The score counts faults (ops/s = round trips per second).
 *
 * <p>The guest's loop costs the same number of instructions per fault every time; set-up measures
 * it, so an invocation runs exactly {@link #FAULTS} round trips, and checks that it did.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m", "-XX:+UseSerialGC"})
public class PageFaultBench {
    /** Round trips per invocation. */
    public static final int FAULTS = 10_000;
    /** Past paging set-up, into the loop. */
    private static final long SET_UP_INSTRUCTIONS = 1_000_000;
    private static final int CALIBRATION_FAULTS = 1000;

    private BootedGuest guest;
    private Mmu mmu;
    private long instructionsPerFault;

    @Setup(Level.Trial)
    public void boot() {
        guest = BootedGuest.workload(GuestImages.PAGEFAULT, GuestImages.ENDLESS_ROUNDS);
        guest.runExactly(SET_UP_INSTRUCTIONS);
        mmu = guest.machine().cpu().mmu();
        // Step to just after a fault, then count the instructions to the next CALIBRATION_FAULTS.
        long before = mmu.pageFaults;
        while (mmu.pageFaults == before) {
            guest.runExactly(1);
        }
        long start = guest.machine().instructions();
        before = mmu.pageFaults;
        while (mmu.pageFaults - before < CALIBRATION_FAULTS) {
            guest.runExactly(1);
        }
        long spent = guest.machine().instructions() - start;
        if (spent % CALIBRATION_FAULTS != 0) {
            throw new IllegalStateException("pagefault guest: " + spent + " instructions for "
                    + CALIBRATION_FAULTS + " faults, not a whole number per fault");
        }
        instructionsPerFault = spent / CALIBRATION_FAULTS;
    }

    @Benchmark
    @OperationsPerInvocation(FAULTS)
    public long roundTrips() {
        long before = mmu.pageFaults;
        guest.runExactly(instructionsPerFault * FAULTS);
        long faults = mmu.pageFaults - before;
        if (faults != FAULTS) {
            throw new IllegalStateException("pagefault guest: " + faults + " faults, expected " + FAULTS);
        }
        return faults;
    }
}
