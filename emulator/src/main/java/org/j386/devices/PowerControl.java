package org.j386.devices;

/** The machine-level effect of an emulator back door: a device asks the machine to stop. */
@FunctionalInterface
public interface PowerControl {
    /**
     * Stops the machine after the current instruction; the emulator process exits with
     * {@code exitStatus} (cut to 8 bits by the host OS, as for QEMU). The first request wins.
     */
    void powerOff(int exitStatus);
}
