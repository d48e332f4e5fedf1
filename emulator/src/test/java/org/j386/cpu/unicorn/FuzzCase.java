package org.j386.cpu.unicorn;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One differential case: an instruction at an address, the initial registers and flags, and the
 * data window (random bytes from {@link #memSeed} with {@link #patches} laid over them). It prints
 * as one line that alone reproduces it ({@link #toLine}, {@link #parse}):
 *
 * <pre>
 * seed=1 case=42 line=23 form=ADD_Ev,Gv at=00100100 [cs16=1] code=6601d8 eax=.. ecx=.. edx=.. ebx=.. esp=..
 *   ebp=.. esi=.. edi=.. efl=00000a46 mem=3f2a.. patch=20810:0080,.. undef=0010 unjudged=00
 * </pre>
 * (on one line). {@code undef} is the row's undefined-flag mask from the opcode table and
 * {@code unjudged} the registers Unicorn cannot judge for this row (bit n = register n).
 */
final class FuzzCase {
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] REG_NAMES = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};

    /** Bytes laid over the random window at a linear address. */
    record Patch(int linear, byte[] bytes) { }

    long seed;
    long index;
    /** opcodes.txt line of the row, 0 if unknown. */
    int line;
    /** Row form ("ADD Ev,Gv"), for reports and coverage. */
    String form = "?";
    int at = FuzzLayout.slot(0);
    /** The case runs in the 16-bit code segment {@link FuzzLayout#SEL_CODE16} (CS.D = 0). */
    boolean code16;
    byte[] code = new byte[0];
    final int[] gpr = new int[8];
    int eflags = 0x2;
    long memSeed;
    final List<Patch> patches = new ArrayList<>();
    int undefined;
    int unjudgedRegs;

    /** Base of the case's code segment: EIP = {@link #at} - csBase. */
    int csBase() {
        return code16 ? FuzzLayout.code16Base(at) : 0;
    }

    // Coverage facts, not part of the line.
    boolean o16;
    boolean a16;
    boolean memoryForm;
    String addressForm = "-";

    /** Fills {@code window} (the data window, {@link FuzzLayout#WINDOW_SIZE} bytes) for this case. */
    void fillWindow(byte[] window) {
        fillRandom(memSeed, window);
        for (Patch p : patches) {
            int off = p.linear - FuzzLayout.WINDOW;
            if (off < 0 || off + p.bytes.length > window.length) {
                throw new IllegalStateException("FuzzCase.fillWindow: patch outside the window at "
                        + Integer.toHexString(p.linear));
            }
            System.arraycopy(p.bytes, 0, window, off, p.bytes.length);
        }
    }

    static void fillRandom(long memSeed, byte[] window) {
        SplittableRandom r = new SplittableRandom(memSeed);
        for (int i = 0; i < window.length; i += 8) {
            long v = r.nextLong();
            for (int k = 0; k < 8 && i + k < window.length; k++) {
                window[i + k] = (byte) (v >>> (8 * k));
            }
        }
    }

    String toLine() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("seed=").append(seed).append(" case=").append(index).append(" line=").append(line)
                .append(" form=").append(form.replace(' ', '_'))
                .append(" at=").append(hex32(at)).append(code16 ? " cs16=1" : "")
                .append(" code=").append(HEX.formatHex(code));
        for (int i = 0; i < 8; i++) {
            sb.append(' ').append(REG_NAMES[i]).append('=').append(hex32(gpr[i]));
        }
        sb.append(" efl=").append(hex32(eflags)).append(" mem=").append(Long.toHexString(memSeed));
        if (!patches.isEmpty()) {
            sb.append(" patch=");
            for (int i = 0; i < patches.size(); i++) {
                Patch p = patches.get(i);
                sb.append(i == 0 ? "" : ",").append(Integer.toHexString(p.linear)).append(':')
                        .append(HEX.formatHex(p.bytes));
            }
        }
        sb.append(" undef=").append(Integer.toHexString(undefined))
                .append(" unjudged=").append(Integer.toHexString(unjudgedRegs));
        return sb.toString();
    }

    /** Parses a line printed by {@link #toLine}; anything after " | " (the differences) is ignored. */
    static FuzzCase parse(String text) {
        String line = text.strip();
        int bar = line.indexOf(" | ");
        if (bar >= 0) {
            line = line.substring(0, bar);
        }
        if (line.startsWith("DIFF ")) {
            line = line.substring(5);
        }
        FuzzCase c = new FuzzCase();
        boolean sawCode = false;
        for (String tok : line.split("\\s+")) {
            int eq = tok.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("FuzzCase.parse: not key=value: " + tok);
            }
            String k = tok.substring(0, eq);
            String v = tok.substring(eq + 1);
            switch (k) {
                case "seed" -> c.seed = Long.parseLong(v);
                case "case" -> c.index = Long.parseLong(v);
                case "line" -> c.line = Integer.parseInt(v);
                case "form" -> c.form = v.replace('_', ' ');
                case "at" -> c.at = Integer.parseUnsignedInt(v, 16);
                case "cs16" -> c.code16 = v.equals("1");
                case "code" -> {
                    c.code = HEX.parseHex(v);
                    sawCode = true;
                }
                case "efl" -> c.eflags = Integer.parseUnsignedInt(v, 16);
                case "mem" -> c.memSeed = Long.parseUnsignedLong(v, 16);
                case "undef" -> c.undefined = Integer.parseInt(v, 16);
                case "unjudged" -> c.unjudgedRegs = Integer.parseInt(v, 16);
                case "patch" -> {
                    for (String p : v.split(",")) {
                        int colon = p.indexOf(':');
                        c.patches.add(new Patch(Integer.parseUnsignedInt(p.substring(0, colon), 16),
                                HEX.parseHex(p.substring(colon + 1))));
                    }
                }
                default -> {
                    int r = List.of(REG_NAMES).indexOf(k);
                    if (r < 0) {
                        throw new IllegalArgumentException("FuzzCase.parse: unknown key " + k);
                    }
                    c.gpr[r] = Integer.parseUnsignedInt(v, 16);
                }
            }
        }
        if (!sawCode) {
            throw new IllegalArgumentException("FuzzCase.parse: no code= in " + text);
        }
        return c;
    }

    static String hex32(int v) {
        return String.format("%08x", v);
    }

    static String regName(int r) {
        return REG_NAMES[r];
    }
}
