package org.j386.chardev;

/**
 * The telnet side of a {@code telnet:} chardev (RFC 854 commands, RFC 855 option negotiation):
 * offers what QEMU's {@code tcp_chr_telnet_init} offers, strips IAC sequences from the client's
 * bytes, answers an unsolicited request for an option this side does not do with a refusal, and
 * escapes 0xFF in output. State carries over between reads, so a sequence split across TCP
 * segments is still recognised.
 */
final class TelnetFilter {
    static final int IAC = 0xFF;
    static final int DONT = 0xFE;
    static final int DO = 0xFD;
    static final int WONT = 0xFC;
    static final int WILL = 0xFB;
    static final int SB = 0xFA;
    static final int SE = 0xF0;
    static final int OPT_BINARY = 0;
    static final int OPT_ECHO = 1;
    static final int OPT_SGA = 3;

    /** Sent on connect, as QEMU: IAC WILL ECHO, IAC WILL SGA, IAC WILL BINARY, IAC DO BINARY. */
    static final byte[] GREETING = {
        (byte) IAC, (byte) WILL, OPT_ECHO,
        (byte) IAC, (byte) WILL, OPT_SGA,
        (byte) IAC, (byte) WILL, OPT_BINARY,
        (byte) IAC, (byte) DO, OPT_BINARY,
    };

    /** Where replies to the client's negotiation go. */
    interface Replies {
        void send(byte[] bytes);
    }

    private enum State { DATA, IAC, OPTION, SUBNEG, SUBNEG_IAC }

    private State state = State.DATA;
    private int verb;
    /** Options this side currently does (WILL), indexed by option number below 4. */
    private final boolean[] doing = {true, true, false, true};

    /**
     * Removes telnet commands from {@code in[off, off+len)}, writing the data bytes to {@code out}
     * from 0 (it must hold {@code len}); returns how many.
     */
    int filter(byte[] in, int off, int len, byte[] out, Replies replies) {
        int n = 0;
        for (int i = off; i < off + len; i++) {
            int b = in[i] & 0xFF;
            switch (state) {
                case DATA -> {
                    if (b == IAC) {
                        state = State.IAC;
                    } else {
                        out[n++] = (byte) b;
                    }
                }
                case IAC -> {
                    if (b == IAC) {
                        out[n++] = (byte) IAC;
                        state = State.DATA;
                    } else if (b >= WILL) {
                        verb = b;
                        state = State.OPTION;
                    } else {
                        state = b == SB ? State.SUBNEG : State.DATA;
                    }
                }
                case OPTION -> {
                    negotiate(verb, b, replies);
                    state = State.DATA;
                }
                case SUBNEG -> {
                    if (b == IAC) {
                        state = State.SUBNEG_IAC;
                    }
                }
                case SUBNEG_IAC -> state = b == SE ? State.DATA : State.SUBNEG;
            }
        }
        return n;
    }

    /**
     * RFC 854 option rules: acknowledge only changes, so negotiation cannot loop. A DO for an
     * option this side offers re-enables it, one it does not know is refused (WONT); a DONT turns
     * an option off (WONT); a WILL for anything but BINARY is refused (DONT). The client's
     * acknowledgments of the greeting need no reply.
     */
    private void negotiate(int verb, int option, Replies replies) {
        boolean offered = option == OPT_ECHO || option == OPT_SGA || option == OPT_BINARY;
        switch (verb) {
            case DO -> {
                if (!offered) {
                    replies.send(new byte[] {(byte) IAC, (byte) WONT, (byte) option});
                } else if (!doing[option]) {
                    doing[option] = true;
                    replies.send(new byte[] {(byte) IAC, (byte) WILL, (byte) option});
                }
            }
            case DONT -> {
                if (offered && doing[option]) {
                    doing[option] = false;
                    replies.send(new byte[] {(byte) IAC, (byte) WONT, (byte) option});
                }
            }
            case WILL -> {
                if (option != OPT_BINARY) {
                    replies.send(new byte[] {(byte) IAC, (byte) DONT, (byte) option});
                }
            }
            default -> { }
        }
    }

    /** Output bytes with 0xFF doubled (IAC IAC is a data 0xFF). */
    static byte[] escape(byte[] data, int len) {
        int extra = 0;
        for (int i = 0; i < len; i++) {
            if ((data[i] & 0xFF) == IAC) {
                extra++;
            }
        }
        byte[] out = new byte[len + extra];
        int n = 0;
        for (int i = 0; i < len; i++) {
            out[n++] = data[i];
            if ((data[i] & 0xFF) == IAC) {
                out[n++] = (byte) IAC;
            }
        }
        return out;
    }
}
