package org.j386.cpu;

/**
 * Told of every interrupt and exception delivery attempt, before the processor state changes:
 * QEMU's {@code -d int} log (the machine's GuestLog) listens here. Called on the emulator thread
 * from {@link Interrupts#deliver}; a delivery that faults is followed by another call for the
 * fault (or #DF), as QEMU logs each attempt.
 */
@FunctionalInterface
public interface InterruptObserver {
    /**
     * @param vector    the vector being delivered
     * @param errorCode the error code, or {@link Fault#NO_ERROR_CODE}
     * @param software  INT n, INT3 or INTO
     * @param eip       the EIP QEMU reports: the instruction's own for a software interrupt
     *                  (the processor already holds the return address), else the current EIP
     */
    void interrupt(Cpu cpu, int vector, int errorCode, boolean software, int eip);
}
