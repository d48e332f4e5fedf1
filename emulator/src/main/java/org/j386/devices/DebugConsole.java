package org.j386.devices;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Bochs's and QEMU's debug console (isa-debugcon): every byte written to the port (0xE9 by
 * default) goes to a host stream; a read returns the port's readback value 0xE9, which guests
 * use to detect it. If the host stream fails (a closed pipe, a full disk) the bytes are dropped
 * from then on, like a disconnected line: a guest can never stop the machine through it.
 */
public final class DebugConsole implements IoDevice {
    public static final int DEFAULT_PORT = 0xE9;
    public static final int READBACK = 0xE9;

    private final int port;
    private final OutputStream out;
    private IOException failure;

    public DebugConsole(int port, OutputStream out) {
        this.port = port;
        this.out = out;
    }

    public void attach(IoBus bus) {
        bus.register(port, 1, this);
    }

    @Override
    public int ioRead(int p, int size) {
        return READBACK;
    }

    @Override
    public void ioWrite(int p, int size, int value) {
        if (failure != null) {
            return;
        }
        try {
            out.write(value & 0xFF);
        } catch (IOException e) {
            failure = e;
        }
    }

    public void flush() {
        if (failure != null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    /** The host-side error that silenced this console, or null. */
    public IOException failure() {
        return failure;
    }
}
