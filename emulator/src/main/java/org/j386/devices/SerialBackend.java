package org.j386.devices;

/**
 * Where a UART's transmitted bytes go on the host (a terminal, a file, a test's buffer). Called on
 * the CPU thread; {@link #flush} is called at points where a person should see what was sent so
 * far (a newline, the run loop pausing, the machine stopping).
 */
public interface SerialBackend {
    /** One transmitted byte, 0-255. */
    void transmit(int b);

    default void flush() {
    }
}
