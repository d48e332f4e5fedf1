package org.j386.machine;

import java.io.IOException;
import java.io.OutputStream;

import org.j386.devices.SerialBackend;

/**
 * A serial line to a host stream ({@code -serial stdio}, {@code -serial file:PATH}, a test's
 * buffer). Bytes are buffered; with {@code flushOnNewline} a newline pushes them out so a person
 * watching a terminal sees each line as it is printed. If the stream fails (a closed pipe, a full
 * disk) later bytes are dropped, like a disconnected cable: the guest never notices.
 */
public final class StreamSerialBackend implements SerialBackend {
    private static final int BUFFER_SIZE = 8192;

    private final OutputStream out;
    private final boolean flushOnNewline;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int count;
    private IOException failure;

    public StreamSerialBackend(OutputStream out, boolean flushOnNewline) {
        this.out = out;
        this.flushOnNewline = flushOnNewline;
    }

    @Override
    public synchronized void transmit(int b) {
        if (failure != null) {
            return;
        }
        buf[count++] = (byte) b;
        if (count == buf.length || (flushOnNewline && b == '\n')) {
            flush();
        }
    }

    @Override
    public synchronized void flush() {
        if (failure != null) {
            return;
        }
        try {
            if (count > 0) {
                out.write(buf, 0, count);
                count = 0;
            }
            out.flush();
        } catch (IOException e) {
            failure = e;
            count = 0;
        }
    }

    /** Why output stopped, or null while the stream works. */
    public synchronized IOException failure() {
        return failure;
    }
}
