package org.j386.disasm;

/**
 * QEMU 7.2's layout of a disassembled instruction ({@code disas/capstone.c}, {@code cap_dump_insn},
 * with x86's one-byte units and a split of 8): {@code "0x%08x: "}, then {@code " %02x"} for each of
 * the first 8 bytes, spaces up to 8 bytes' width, then {@code "  %-8s %s"} (mnemonic padded to 8,
 * a space, the operands: an instruction without operands leaves trailing spaces). Bytes past the
 * eighth continue on lines of their own, each starting with its address.
 *
 * <pre>
 * 0x000fe05b:  2e 66 83 3e 28 6f 00     cmpl     $0, %cs:0x6f28
 * 0x000fd086:  fa                       cli
 * </pre>
 */
public final class QemuListing {
    /** Bytes shown on an instruction's first line (QEMU's cap_insn_split for x86). */
    public static final int SPLIT = 8;
    /** Width of one shown byte: a space and two hex digits. */
    private static final int BYTE_WIDTH = 3;

    private QemuListing() { }

    /** The line(s) for {@code in}, each ending in a newline. */
    public static String format(Instruction in) {
        byte[] b = in.bytes();
        StringBuilder s = new StringBuilder(80);
        s.append(String.format("0x%08x: ", in.address()));
        int first = Math.min(b.length, SPLIT);
        appendBytes(s, b, 0, first);
        s.append(" ".repeat((SPLIT - first) * BYTE_WIDTH));
        s.append(String.format("  %-8s %s\n", in.mnemonic(), in.operands()));
        for (int i = SPLIT; i < b.length; i += SPLIT) {
            s.append(String.format("0x%08x: ", in.address() + i));
            appendBytes(s, b, i, Math.min(b.length, i + SPLIT));
            s.append('\n');
        }
        return s.toString();
    }

    /** What QEMU prints when the bytes at {@code address} cannot be read. */
    public static String unreadable(int address) {
        return String.format("0x%08x: unable to read memory\n", address);
    }

    private static void appendBytes(StringBuilder s, byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            s.append(String.format(" %02x", b[i] & 0xFF));
        }
    }
}
