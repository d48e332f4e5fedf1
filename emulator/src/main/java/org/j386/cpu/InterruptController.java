package org.j386.cpu;

/** What the CPU sees of the PIC: the INTR line and the interrupt-acknowledge cycle (SDM Vol. 3A 6.3.1). */
public interface InterruptController {
    /** INTR: an unmasked request is pending. Polled by the CPU at block boundaries while EFLAGS.IF is set. */
    boolean interruptPending();

    /** INTA: takes the highest-priority request and returns its vector. */
    int acknowledgeInterrupt();
}
