package org.j386.gdb;

import org.j386.cpu.Cpu;

/**
 * How {@link CpuDebugTarget} runs the guest: a bare processor ({@link CpuExecution}) or a whole
 * machine whose run loop also advances timers and moves host input (an adapter the CLI writes over
 * {@code Machine}). All methods except {@link #requestStop} are called on the emulator thread.
 */
public interface GuestExecution {
    /** The processor now (a reboot may build a new one). */
    Cpu cpu();

    /**
     * Runs up to {@code budget} instructions; returns how many retired. Returns early on a stop
     * request or when the processor halts.
     */
    long run(long budget);

    /** Makes a running {@link #run} return soon. Any thread. */
    void requestStop();

    /**
     * Withdraws a {@link #requestStop} that no {@link #run} acted on, so the next run does not
     * stop at once. Emulator thread.
     */
    void clearStopRequest();

    /**
     * Holds external interrupts off (QEMU's single-step default, SSTEP_NOIRQ) or lets them through
     * again. Holding must not change anything the guest can see: not EFLAGS.IF, not the PIC.
     */
    void holdInterrupts(boolean held);

    /** True once the guest has ended (powered off); {@link #exitStatus} then says how. */
    boolean ended();

    int exitStatus();
}
