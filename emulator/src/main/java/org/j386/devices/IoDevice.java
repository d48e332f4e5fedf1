package org.j386.devices;

/** A device reached through the processor's I/O address space (IN/OUT, SDM Vol. 1 ch. 19). */
public interface IoDevice {
    /** Reads {@code size} bytes (1, 2 or 4) at {@code port}; the result is zero-extended. */
    int ioRead(int port, int size);

    /** Writes the low {@code size} bytes (1, 2 or 4) of {@code value} to {@code port}. */
    void ioWrite(int port, int size, int value);
}
