package org.j386.machine;

import org.j386.cpu.Cpu;
import org.j386.devices.Clock;

/**
 * Machine time: {@link #NS_PER_INSTRUCTION} per retired instruction, plus the time skipped while
 * the processor halts until a timer's deadline. It never reads the host clock, so the same guest
 * with the same input sees the same times on every run. It keeps running across a reboot (a new
 * processor starts counting at zero), like the battery-backed clock of a PC.
 */
public final class VirtualClock implements Clock {
    /** A nominal 100 MIPS processor: about what j386 runs at, so guest time roughly tracks wall time. */
    public static final long NS_PER_INSTRUCTION = 10;

    private Cpu cpu;
    /** Machine time at the current processor's instruction 0, idle skips included. */
    private long base;

    /** Counts from now on with {@code cpu}'s retired instructions. */
    void attach(Cpu newCpu) {
        long now = cpu == null ? 0 : nanos();
        cpu = newCpu;
        base = now - newCpu.instructions() * NS_PER_INSTRUCTION;
    }

    @Override
    public long nanos() {
        return base + cpu.instructions() * NS_PER_INSTRUCTION;
    }

    /** Moves time forward by {@code ns} with no instruction retired (a halted processor). */
    void skip(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("VirtualClock.skip: " + ns);
        }
        base += ns;
    }

    /** Instructions that fit before machine time {@code deadline}, at least 1. */
    long instructionsUntil(long deadline) {
        long ns = deadline - nanos();
        return ns <= 0 ? 1 : (ns + NS_PER_INSTRUCTION - 1) / NS_PER_INSTRUCTION;
    }
}
