package org.j386.gdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal remote-protocol client over a real loopback socket, for feeding the stub well-formed
 * and malformed input. Every read is bounded by a socket timeout; acks are expected unless
 * no-ack mode was entered.
 */
final class RspClient implements AutoCloseable {
    private static final int TIMEOUT_MS = 20_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    boolean noAck;

    RspClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    static String frame(String payload) {
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) {
            sum += payload.charAt(i);
        }
        return "$" + payload + "#" + String.format("%02x", sum & 0xFF);
    }

    void sendRaw(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void sendRaw(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** Sends a packet and returns the reply payload, checking the ack and the reply's checksum. */
    String ask(String payload) throws IOException {
        send(payload);
        return reply();
    }

    void send(String payload) throws IOException {
        sendRaw(frame(payload));
        if (!noAck) {
            int ack = in.read();
            if (ack != '+') {
                throw new IOException("expected + but got " + ack);
            }
        }
    }

    /** The next reply packet's payload (acknowledged with + unless no-ack). */
    String reply() throws IOException {
        String payload = replyUnacknowledged();
        if (!noAck) {
            sendRaw("+");
        }
        return payload;
    }

    /** The next reply packet's payload, without sending the ack. */
    String replyUnacknowledged() throws IOException {
        int c;
        do {
            c = in.read();
            if (c < 0) {
                throw new IOException("connection closed");
            }
        } while (c != '$');
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int sum = 0;
        while ((c = in.read()) != '#') {
            if (c < 0) {
                throw new IOException("connection closed in a packet");
            }
            body.write(c);
            sum += c;
        }
        int cs = Integer.parseInt(new String(new byte[] {(byte) in.read(), (byte) in.read()}, StandardCharsets.ISO_8859_1), 16);
        if (cs != (sum & 0xFF)) {
            throw new IOException("bad checksum from the stub");
        }
        return body.toString(StandardCharsets.ISO_8859_1);
    }

    /** One byte from the stub (an ack), or -1 at end of stream. */
    int readByte() throws IOException {
        return in.read();
    }

    /** True if the stub closed the connection (read returns end of stream within the timeout). */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
