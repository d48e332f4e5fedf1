package org.j386.devices;

/**
 * The board-level signals a few devices drive: the CPU's RESET line (i8042 pulse, port 0x92
 * fast reset) and the A20 gate. The machine implements it.
 */
public interface SystemControl {
    /** Asserts RESET: the machine resets the CPU (or stops, with -no-reboot). */
    void requestReset();

    /** Opens or closes the A20 gate. */
    void setA20(boolean enabled);

    boolean a20();
}
