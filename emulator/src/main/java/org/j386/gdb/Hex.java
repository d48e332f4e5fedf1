package org.j386.gdb;

/** Hex text as the remote protocol writes it: lower case, two digits a byte, target byte order. */
final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    static void append(StringBuilder sb, byte[] bytes) {
        for (byte b : bytes) {
            appendByte(sb, b & 0xFF);
        }
    }

    static void appendByte(StringBuilder sb, int b) {
        sb.append(DIGITS[(b >>> 4) & 0xF]).append(DIGITS[b & 0xF]);
    }

    static String encode(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        append(sb, bytes);
        return sb.toString();
    }

    static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Pairs of hex digits to bytes; null if the text is odd-length or not hex. */
    static byte[] decode(String s) {
        if ((s.length() & 1) != 0) {
            return null;
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(s.charAt(2 * i));
            int lo = digit(s.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /**
     * A hex number of at most {@code maxDigits} significant digits (an address or a length), or
     * -1 if the text is empty, not hex or too large.
     */
    static long number(String s, int maxDigits) {
        if (s.isEmpty()) {
            return -1;
        }
        long v = 0;
        int significant = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = digit(s.charAt(i));
            if (d < 0) {
                return -1;
            }
            if (v != 0 || d != 0) {
                significant++;
            }
            if (significant > maxDigits) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** A 32-bit value as little-endian bytes, the i386 target's register order. */
    static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static int fromLe32(byte[] b) {
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }
}
