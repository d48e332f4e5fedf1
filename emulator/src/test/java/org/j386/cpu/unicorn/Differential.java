package org.j386.cpu.unicorn;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a case on both machines and names every difference: vector, EIP, each general register,
 * EFLAGS (minus the row's undefined flags from the opcode table), the six selectors, the data
 * window bytes (minus an exception frame j386 pushed) and the last OUT. The result is one line:
 * the case (which reproduces it) and the differences after " | ".
 */
final class Differential implements AutoCloseable {
    /** EFLAGS bits 0-21: every bit a 486 has (bit 1 reads 1 on both). */
    static final int EFLAGS_COMPARED = 0x003FFFFF;

    private final UnicornSide unicorn = new UnicornSide();
    private J386Side j386 = new J386Side();
    private final byte[] window = new byte[FuzzLayout.WINDOW_SIZE];
    final Outcome u = new Outcome();
    final Outcome j = new Outcome();

    /** Runs {@code c} on both machines; returns null when they agree, else the report line. */
    String check(FuzzCase c) {
        c.fillWindow(window);
        unicorn.run(c, window, u);
        j386.run(c, window, j);
        if (j.thrown) {
            j386 = new J386Side();   // its state is unknown now: later cases start from a fresh machine
        }
        List<String> d = compare(c, u, j);
        return d.isEmpty() ? null : "DIFF " + c.toLine() + " | " + String.join("; ", d);
    }

    static List<String> compare(FuzzCase c, Outcome u, Outcome j) {
        List<String> d = new ArrayList<>();
        if (u.error != null) {
            d.add("harness: " + u.error);
            return d;
        }
        if (j.error != null) {
            d.add(j.error);
        }
        if (u.vector != j.vector) {
            d.add("vector u=" + vectorName(u.vector) + " j=" + vectorName(j.vector));
        }
        if (u.eip != j.eip) {
            d.add("eip u=" + FuzzCase.hex32(u.eip) + " j=" + FuzzCase.hex32(j.eip));
        }
        int regMask = undefinedResultBits(c);
        for (int i = 0; i < 8; i++) {
            if ((c.unjudgedRegs & 1 << i) == 0 && ((u.gpr[i] ^ j.gpr[i]) & ~regMask) != 0) {
                d.add(FuzzCase.regName(i) + " u=" + FuzzCase.hex32(u.gpr[i]) + " j=" + FuzzCase.hex32(j.gpr[i]));
            }
        }
        int mask = EFLAGS_COMPARED & ~c.undefined;
        if (((u.eflags ^ j.eflags) & mask) != 0) {
            d.add("eflags u=" + FuzzCase.hex32(u.eflags) + " j=" + FuzzCase.hex32(j.eflags)
                    + " (differ " + flagNames((u.eflags ^ j.eflags) & mask) + ")");
        }
        for (int s = 0; s < 6; s++) {
            if (u.selectors[s] != j.selectors[s]) {
                d.add("ES CS SS DS FS GS".split(" ")[s].toLowerCase() + " u=" + Integer.toHexString(u.selectors[s])
                        + " j=" + Integer.toHexString(j.selectors[s]));
            }
        }
        int first = -1;
        int count = 0;
        for (int i = 0; i < u.window.length; i++) {
            int lin = FuzzLayout.WINDOW + i;
            if (u.window[i] != j.window[i] && !(lin >= j.frameLinear && lin < j.frameLinear + j.frameSize)) {
                if (first < 0) {
                    first = i;
                }
                count++;
            }
        }
        if (count > 0) {
            d.add("memory " + count + " bytes from " + Integer.toHexString(FuzzLayout.WINDOW + first)
                    + " u=" + hexBytes(u.window, first) + " j=" + hexBytes(j.window, first));
        }
        if (u.outCount != j.outCount || u.outPort != j.outPort || u.outSize != j.outSize || u.outValue != j.outValue) {
            d.add("out u=" + outText(u) + " j=" + outText(j));
        }
        return d;
    }

    /**
     * Result bits the SDM leaves undefined, which no oracle can judge. LAR with a 32-bit operand
     * loads the descriptor's high dword "masked by 00FxFF00H", x (bits 19:16) undefined (SDM Vol. 2A
     * LAR): Unicorn and QEMU give 0 there, Bochs and j386 keep the limit bits. LAR writes only its
     * destination (with a 16-bit operand, bits 31:16 keep their old value on both machines), so
     * masking those bits in every register hides nothing else.
     */
    static int undefinedResultBits(FuzzCase c) {
        return c.form.startsWith("LAR") ? 0x000F0000 : 0;
    }

    static String vectorName(int v) {
        String[] names = {"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "9", "#TS", "#NP",
            "#SS", "#GP", "#PF", "15", "#MF", "#AC"};
        return v < 0 ? "none" : v < names.length ? names[v] : "int" + v;
    }

    private static String flagNames(int bits) {
        String[] names = {"CF", "1", "PF", "3", "AF", "5", "ZF", "SF", "TF", "IF", "DF", "OF", "IOPL", "IOPL",
            "NT", "15", "RF", "VM", "AC", "VIF", "VIP", "ID"};
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < names.length; b++) {
            if ((bits & 1 << b) != 0) {
                sb.append(sb.length() == 0 ? "" : ",").append(names[b]);
            }
        }
        return sb.toString();
    }

    private static String hexBytes(byte[] b, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < Math.min(b.length, from + 8); i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }

    private static String outText(Outcome o) {
        return o.outCount == 0 ? "none" : o.outCount + "x(last port " + Integer.toHexString(o.outPort) + " size "
                + o.outSize + " value " + Integer.toHexString(o.outValue) + ")";
    }

    @Override
    public void close() {
        unicorn.close();
    }
}
