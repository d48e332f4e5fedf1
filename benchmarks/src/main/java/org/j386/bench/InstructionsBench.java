package org.j386.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Guest instructions per second on the integer workloads of benchmarks/guest: one operation is
 * exactly {@link #INSTRUCTIONS} retired guest instructions, so the score in ops/s is MIPS
 * (issue 4's target: 200).
 *
 * <p>The guest boots with rounds=2^32-1, which no run finishes, and runs past its set-up
 * (tables, buffers, the shuffled list) before measuring, so only its steady loop is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m", "-XX:+UseSerialGC"})
public class InstructionsBench {
    /** One operation: a million guest instructions. */
    public static final long INSTRUCTIONS = 1_000_000;
    /** Longer than any workload's set-up (the list shuffle, about 3 million, is the longest). */
    static final long SET_UP_INSTRUCTIONS = 20_000_000;

    @Param({"crc32", "sort", "matmul", "dfa", "listwalk"})
    public String workload;

    private BootedGuest guest;

    @Setup(Level.Trial)
    public void boot() {
        guest = BootedGuest.workload(workload, GuestImages.ENDLESS_ROUNDS);
        guest.runExactly(SET_UP_INSTRUCTIONS);
    }

    @Benchmark
    public long millionInstructions() {
        guest.runExactly(INSTRUCTIONS);
        return guest.machine().instructions();
    }
}
