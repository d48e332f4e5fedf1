package org.j386.gdb;

/**
 * Splits the byte stream from gdb into protocol events (GDB manual E.1 "Overview"): packets
 * {@code $payload#cs} with their checksum checked, acknowledgments {@code +} and {@code -}, and
 * the interrupt byte 0x03. Inside a payload {@code }x} stands for x XOR 0x20 and {@code c*n}
 * repeats c (n - 29) more times; both are undone here. Bytes between packets that mean nothing
 * are skipped; a {@code $} inside a packet body abandons the truncated one silently and starts
 * anew, inside its checksum it also counts as a bad packet; a packet
 * longer than {@link #MAX_RAW} is dropped.
 */
final class RspFramer {
    /** Largest raw packet body kept: four times the advertised packet size leaves room for escapes. */
    static final int MAX_RAW = GdbStub.PACKET_SIZE * 4;
    static final int INTERRUPT = 0x03;
    private static final int RLE_BIAS = 29;

    enum Kind { PACKET, BAD_PACKET, ACK, NAK, INTERRUPT }

    record Event(Kind kind, String payload) { }

    interface Listener {
        void event(Event e);
    }

    private enum State { IDLE, BODY, CHECKSUM1, CHECKSUM2, OVERSIZE }

    private final Listener listener;
    private final byte[] raw = new byte[MAX_RAW];
    private int length;
    private int sum;
    private int checksumHigh;
    private State state = State.IDLE;

    RspFramer(Listener listener) {
        this.listener = listener;
    }

    void feed(int b) {
        b &= 0xFF;
        switch (state) {
            case IDLE -> idle(b);
            case BODY -> body(b);
            case CHECKSUM1 -> {
                if (b == '$') {
                    truncated();
                    return;
                }
                checksumHigh = Hex.digit((char) b);
                state = State.CHECKSUM2;
            }
            case CHECKSUM2 -> {
                if (b == '$') {
                    truncated();
                    return;
                }
                int low = Hex.digit((char) b);
                state = State.IDLE;
                boolean good = checksumHigh >= 0 && low >= 0 && (checksumHigh << 4 | low) == (sum & 0xFF);
                String payload = good ? decode() : null;
                listener.event(payload == null ? new Event(Kind.BAD_PACKET, null) : new Event(Kind.PACKET, payload));
            }
            case OVERSIZE -> {
                if (b == '#') {
                    state = State.IDLE;
                    listener.event(new Event(Kind.BAD_PACKET, null));
                } else if (b == '$') {
                    start();
                }
            }
        }
    }

    /** A '$' before the checksum was complete: the packet is bad, a new one begins. */
    private void truncated() {
        listener.event(new Event(Kind.BAD_PACKET, null));
        start();
    }

    private void idle(int b) {
        switch (b) {
            case '$' -> start();
            case '+' -> listener.event(new Event(Kind.ACK, null));
            case '-' -> listener.event(new Event(Kind.NAK, null));
            case INTERRUPT -> listener.event(new Event(Kind.INTERRUPT, null));
            default -> { }
        }
    }

    private void start() {
        length = 0;
        sum = 0;
        state = State.BODY;
    }

    private void body(int b) {
        if (b == '#') {
            state = State.CHECKSUM1;
        } else if (b == '$') {
            start();
        } else if (length == MAX_RAW) {
            state = State.OVERSIZE;
        } else {
            raw[length++] = (byte) b;
            sum += b;
        }
    }

    /** Undoes escapes and run-length encoding; null if they are malformed. */
    private String decode() {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int c = raw[i] & 0xFF;
            if (c == '}') {
                if (++i == length) {
                    return null;
                }
                sb.append((char) ((raw[i] & 0xFF) ^ 0x20));
            } else if (c == '*') {
                if (++i == length || sb.length() == 0) {
                    return null;
                }
                int repeat = (raw[i] & 0xFF) - RLE_BIAS;
                if (repeat < 3 || repeat > 97) {
                    return null;
                }
                char prev = sb.charAt(sb.length() - 1);
                for (int k = 0; k < repeat; k++) {
                    sb.append(prev);
                }
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
