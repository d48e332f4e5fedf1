package org.j386.devices;

import java.util.function.IntConsumer;

/**
 * Port 0x80, where BIOS and kernels write power-on self-test codes (and Linux writes to slow
 * down I/O). The last code is kept for the monitor and every code goes to an optional tracer.
 * Reads return the last code, as on most chipsets.
 */
public final class PostCodePort implements IoDevice {
    public static final int PORT = 0x80;

    private int lastCode;
    private IntConsumer tracer;

    public void attach(IoBus bus) {
        bus.register(PORT, 1, this);
    }

    public void setTracer(IntConsumer tracer) {
        this.tracer = tracer;
    }

    public int lastCode() {
        return lastCode;
    }

    @Override
    public int ioRead(int port, int size) {
        return lastCode;
    }

    @Override
    public void ioWrite(int port, int size, int value) {
        lastCode = value & 0xFF;
        if (tracer != null) {
            tracer.accept(lastCode);
        }
    }
}
