package org.j386.machine;

/**
 * Why {@link Machine#run} or {@link Machine#runUntilOff} returned.
 *
 * @param exitStatus   the process exit status QEMU would give in the same case (see {@link Kind})
 * @param instructions instructions retired during the call
 */
public record RunResult(Kind kind, int exitStatus, long instructions) {
    public enum Kind {
        /**
         * The guest ended the run: isa-debug-exit ({@code (v << 1) | 1}), the Bochs shutdown port
         * (0), or a reset under {@code -no-reboot}, a triple fault included (0, as QEMU).
         */
        POWER_OFF,
        /** The host asked (Ctrl-A x, a signal): exit status 0, like QEMU's "Terminated". */
        STOPPED,
        /**
         * The processor halted and nothing can wake it: interrupts off, or on with no timer armed
         * and no input to come. QEMU would wait forever; {@link Machine#run} reports it instead.
         */
        HUNG,
        /** The instruction budget ran out first. */
        BUDGET
    }

    public boolean ended() {
        return kind == Kind.POWER_OFF || kind == Kind.STOPPED;
    }
}
