package org.j386.disasm;

/** Where the disassembler reads instruction bytes: by linear address, without side effects. */
@FunctionalInterface
public interface CodeReader {
    /** The byte at {@code linear} (0..255), or -1 when it cannot be read (not mapped, not present). */
    int read(int linear);

    /** A reader over {@code bytes}, the first of which is at {@code base}; outside them, -1. */
    static CodeReader of(byte[] bytes, int base) {
        return linear -> {
            int i = linear - base;
            return i >= 0 && i < bytes.length ? bytes[i] & 0xFF : -1;
        };
    }
}
