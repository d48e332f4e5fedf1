package org.j386.machine;

import org.j386.cpu.Cpu;
import org.j386.devices.Clock;

/**
 * Machine time. By default a fixed time per retired instruction ({@link #NS_PER_INSTRUCTION}, or
 * 2^N ns with {@code -icount shift=N}, QEMU's meaning), plus the time skipped while the processor
 * halts until a timer's deadline. It then never reads the host clock, so the same guest with the
 * same input sees the same times on every run. It keeps running across a reboot (a new processor
 * starts counting at zero), like the battery-backed clock of a PC.
 *
 * <p>With {@code -rtc clock=host} it is the host's monotonic clock ({@link System#nanoTime}) since
 * power-on instead: guest time then matches wall time, and no two runs are the same.
 */
public final class VirtualClock implements Clock {
    /** The default: a nominal 100 MIPS processor, about what j386 runs at, so guest time roughly tracks wall time. */
    public static final long NS_PER_INSTRUCTION = 10;

    private final long nsPerInstruction;
    private final boolean host;
    private final long hostOrigin = System.nanoTime();
    private Cpu cpu;
    /** Machine time at the current processor's instruction 0, idle skips included (virtual time only). */
    private long base;

    /** Virtual time at {@code nsPerInstruction} per instruction, or host time if {@code host}. */
    public VirtualClock(long nsPerInstruction, boolean host) {
        if (nsPerInstruction <= 0) {
            throw new IllegalArgumentException("VirtualClock: " + nsPerInstruction + " ns per instruction");
        }
        this.nsPerInstruction = nsPerInstruction;
        this.host = host;
    }

    public VirtualClock() {
        this(NS_PER_INSTRUCTION, false);
    }

    /** Counts from now on with {@code cpu}'s retired instructions. */
    void attach(Cpu newCpu) {
        long now = cpu == null ? 0 : nanos();
        cpu = newCpu;
        base = now - newCpu.instructions() * nsPerInstruction;
    }

    @Override
    public long nanos() {
        if (host) {
            return System.nanoTime() - hostOrigin;
        }
        return base + cpu.instructions() * nsPerInstruction;
    }

    /** True if time follows the host ({@code -rtc clock=host}): a halted processor must wait for it. */
    public boolean followsHost() {
        return host;
    }

    public long nsPerInstruction() {
        return nsPerInstruction;
    }

    /** Moves time forward by {@code ns} with no instruction retired (a halted processor); virtual time only. */
    void skip(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("VirtualClock.skip: " + ns);
        }
        if (!host) {
            base += ns;
        }
    }

    /** Instructions that fit before machine time {@code deadline}, at least 1. */
    long instructionsUntil(long deadline) {
        long ns = deadline - nanos();
        return ns <= 0 ? 1 : (ns + nsPerInstruction - 1) / nsPerInstruction;
    }
}
