package org.j386.chardev;

/**
 * Where bytes from a TCP client go: for a serial port, the UART's host input queue (which takes
 * any amount, from any thread, in order) followed by a wake-up of an idle machine.
 */
@FunctionalInterface
public interface InputSink {
    /** Called on the I/O thread, in arrival order; {@code data} is reused after the call. */
    void receive(byte[] data, int offset, int length);
}
