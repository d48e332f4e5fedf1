package org.j386.chardev;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;

import org.j386.devices.SerialBackend;

/**
 * A serial port on a TCP socket ({@code -serial tcp::PORT,server[,nowait]},
 * {@code -serial telnet::PORT,server}): the UART's {@link SerialBackend} on the guest side, an
 * {@link InputSink} (the UART's host queue) for what the client types.
 *
 * <p>Output: {@link #transmit} (CPU thread) appends to a buffer of {@link #OUTPUT_BUFFER} bytes;
 * the first byte into an empty buffer schedules a drain on the I/O thread, which hands everything
 * waiting to the socket, so bytes reach the client promptly without a flush per byte. With no
 * client connected bytes are dropped at once, as on a disconnected line. When the buffer is full,
 * or the client's socket is not writable (Netty's outbound buffer above
 * {@link OneClientServer#WRITE_HIGH_WATER}), further bytes are dropped and counted: a slow
 * client costs the guest nothing and memory stays bounded. Output is never held back for a
 * client that has not connected yet.
 *
 * <p>Input: every byte the client sends (telnet commands removed) goes to the sink in order; the
 * UART's host queue is unbounded, so none is lost.
 */
public final class TcpSerial extends OneClientServer implements SerialBackend {
    public static final int OUTPUT_BUFFER = 64 * 1024;

    private final InputSink input;
    private final byte[] pending = new byte[OUTPUT_BUFFER];
    private int pendingCount;
    private volatile Channel out;
    private final AtomicLong dropped = new AtomicLong();

    private TcpSerial(ChardevSpec spec, InputSink input) throws ChardevException {
        super(spec, "serial-io");
        this.input = input;
    }

    /**
     * Listens as {@code spec} says. Does not wait for a client: with {@link ChardevSpec#waitForClient}
     * the caller calls {@link #awaitClient} before starting the guest.
     */
    public static TcpSerial open(ChardevSpec spec, InputSink input) throws ChardevException {
        return new TcpSerial(spec, input);
    }

    /** Guest output bytes dropped so far (no client, full buffer, slow client). */
    public long droppedBytes() {
        return dropped.get();
    }

    // ---- guest side, CPU thread

    @Override
    public void transmit(int b) {
        if (out == null) {
            dropped.incrementAndGet();
            return;
        }
        boolean schedule;
        synchronized (pending) {
            if (pendingCount == pending.length) {
                dropped.incrementAndGet();
                return;
            }
            schedule = pendingCount == 0;
            pending[pendingCount++] = (byte) b;
        }
        if (schedule) {
            onIoThread(this::drain);
        }
    }

    /** On the I/O thread: everything waiting goes to the client, or is dropped if it cannot take it. */
    private void drain() {
        byte[] chunk;
        int n;
        synchronized (pending) {
            n = pendingCount;
            if (n == 0) {
                return;
            }
            chunk = new byte[n];
            System.arraycopy(pending, 0, chunk, 0, n);
            pendingCount = 0;
        }
        Channel ch = out;
        if (ch == null || !ch.isActive() || !ch.isWritable()) {
            dropped.addAndGet(n);
            return;
        }
        write(ch, spec().telnet() ? TelnetFilter.escape(chunk, n) : chunk);
    }

    // ---- client side, I/O thread

    @Override
    void connected(Channel ch) {
        out = ch;
    }

    @Override
    void received(byte[] data, int length) {
        input.receive(data, 0, length);
    }

    @Override
    void disconnected(Channel ch) {
        out = null;
        drain();
    }
}
