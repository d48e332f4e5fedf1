package org.j386.gdb;

import org.j386.cpu.Cpu;
import org.j386.cpu.InterruptController;

/**
 * A bare processor as a {@link GuestExecution}: {@link Cpu#run} and nothing else, no timers. It
 * places a gate between the processor and its interrupt controller so that stepping can hold
 * interrupts off without touching EFLAGS.IF or the PIC. The guest "ends" on a shutdown (triple
 * fault) with status 0, as QEMU under {@code -no-reboot}.
 */
public final class CpuExecution implements GuestExecution {
    private final Cpu cpu;
    private final Gate gate;

    /** {@code pic} may be null: a processor with no interrupt sources. */
    public CpuExecution(Cpu cpu, InterruptController pic) {
        this.cpu = cpu;
        this.gate = pic == null ? null : new Gate(pic);
        if (gate != null) {
            cpu.setInterruptController(gate);
        }
    }

    private static final class Gate implements InterruptController {
        private final InterruptController pic;
        private boolean held;

        Gate(InterruptController pic) {
            this.pic = pic;
        }

        @Override
        public boolean interruptPending() {
            return !held && pic.interruptPending();
        }

        @Override
        public int acknowledgeInterrupt() {
            return pic.acknowledgeInterrupt();
        }
    }

    @Override
    public Cpu cpu() {
        return cpu;
    }

    @Override
    public long run(long budget) {
        return cpu.run(budget);
    }

    @Override
    public void requestStop() {
        cpu.requestStop();
    }

    @Override
    public void clearStopRequest() {
        cpu.clearStopRequest();
    }

    @Override
    public void holdInterrupts(boolean held) {
        if (gate != null) {
            gate.held = held;
        }
    }

    @Override
    public boolean ended() {
        return cpu.shutdown();
    }

    @Override
    public int exitStatus() {
        return 0;
    }
}
