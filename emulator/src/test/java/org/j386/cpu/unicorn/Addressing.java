package org.j386.cpu.unicorn;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

/**
 * Picks a memory addressing form — every ModRM mod/rm and SIB combination in 32-bit addressing,
 * every mod/rm in 16-bit addressing (SDM Vol. 2A tables 2-1 to 2-3) — and solves the base or index
 * register (or the displacement) so the effective address lands in the data window. Free
 * registers keep random high bits; registers the case pinned (ESP, string pointers) stay as they
 * are. With 32-bit addressing the sum wraps freely, as it does on the CPU.
 */
final class Addressing {
    private static final int ESP = 4, EBP = 5;
    private static final int SS = 2, DS = 3;
    /** 16-bit rm: first and second register (-1 none), as in SDM table 2-1. */
    private static final int[][] RM16 = {
        {3, 6}, {3, 7}, {5, 6}, {5, 7}, {6, -1}, {7, -1}, {5, -1}, {3, -1},
    };
    /** Bytes kept free at either end of the window for operands up to 8 bytes and BT's reach. */
    static final int MARGIN = 128;

    int mod;
    int rm;
    /** SIB byte, or -1. */
    int sib = -1;
    int disp;
    int dispSize;
    /** Segment register the access uses (default or override). */
    int sreg;
    /** Linear address of the operand. */
    int linear;
    /** Registers the address uses (bit n = register n); the caller pins them. */
    int usedRegs;

    /**
     * Chooses a form. Tries random forms until one lands; the pure-displacement form always does.
     * @param pinned registers whose values must not change
     */
    void choose(SplittableRandom r, int[] gpr, int pinned, boolean a16, int segOverride) {
        for (int attempt = 0; attempt < 40; attempt++) {
            int target = FuzzLayout.WINDOW + MARGIN + r.nextInt(FuzzLayout.WINDOW_SIZE - 2 * MARGIN);
            if (a16 ? try16(r, gpr, pinned, segOverride, target, r.nextInt(3), r.nextInt(8))
                    : try32(r, gpr, pinned, segOverride, target, r.nextInt(3), r.nextInt(8))) {
                return;
            }
        }
        int target = FuzzLayout.WINDOW + MARGIN + r.nextInt(FuzzLayout.WINDOW_SIZE - 2 * MARGIN);
        boolean ok = a16 ? try16(r, gpr, pinned, segOverride, target, 0, 6)
                : try32(r, gpr, pinned, segOverride, target, 0, 5);
        if (!ok) {
            throw new IllegalStateException("Addressing.choose: displacement-only form missed the window");
        }
    }

    private boolean try32(SplittableRandom r, int[] gpr, int pinned, int segOverride, int target, int m, int rmv) {
        mod = m;
        rm = rmv;
        sib = -1;
        int base;
        int index = -1;
        int ss = 0;
        if (rm == 4) {
            ss = r.nextInt(4);
            int idx = r.nextInt(8);
            int b = r.nextInt(8);
            sib = ss << 6 | idx << 3 | b;
            index = idx == 4 ? -1 : idx;
            base = b == 5 && mod == 0 ? -1 : b;
        } else {
            base = mod == 0 && rm == 5 ? -1 : rm;
        }
        dispSize = mod == 1 ? 1 : mod == 2 || base < 0 ? 4 : 0;
        disp = dispSize == 1 ? (byte) r.nextInt() : dispSize == 4 ? r.nextInt() : 0;
        sreg = segOverride >= 0 ? segOverride : base == ESP || base == EBP ? SS : DS;
        int ea = target - FuzzLayout.SEG_BASE[sreg];
        int scale = 1 << ss;
        boolean baseFree = base >= 0 && (pinned & 1 << base) == 0;
        boolean indexFree = index >= 0 && (pinned & 1 << index) == 0;
        if (baseFree && base != index) {
            int iv = index >= 0 ? gpr[index] : 0;
            gpr[base] = ea - iv * scale - disp;
        } else if (indexFree && base == index) {
            // [reg + reg*scale + disp]: v * (scale + 1) + disp = ea
            if (dispSize == 4) {
                disp = ea - gpr[index] * (scale + 1);
            } else {
                gpr[index] = Math.floorDiv(ea - disp, scale + 1);
            }
        } else if (indexFree) {
            int bv = base >= 0 ? gpr[base] : 0;
            if (dispSize == 4) {
                disp = ea - bv - gpr[index] * scale;
            } else {
                int rest = (ea - bv - disp) & -scale;
                gpr[index] = rest >>> ss | (ss == 0 ? 0 : r.nextInt(scale) << (32 - ss));
            }
        } else if (dispSize == 4) {
            disp = ea - (base >= 0 ? gpr[base] : 0) - (index >= 0 ? gpr[index] * scale : 0);
        }
        int eaFinal = (base >= 0 ? gpr[base] : 0) + (index >= 0 ? gpr[index] * scale : 0) + disp;
        usedRegs = (base >= 0 ? 1 << base : 0) | (index >= 0 ? 1 << index : 0);
        return lands(FuzzLayout.SEG_BASE[sreg] + eaFinal);
    }

    private boolean try16(SplittableRandom r, int[] gpr, int pinned, int segOverride, int target, int m, int rmv) {
        mod = m;
        rm = rmv;
        sib = -1;
        int first = RM16[rm][0];
        int second = RM16[rm][1];
        if (mod == 0 && rm == 6) {
            first = -1;
        }
        dispSize = mod == 1 ? 1 : mod == 2 || first < 0 ? 2 : 0;
        disp = dispSize == 1 ? (byte) r.nextInt() : dispSize == 2 ? r.nextInt(0x10000) : 0;
        sreg = segOverride >= 0 ? segOverride : first == EBP ? SS : DS;
        int ea = target - FuzzLayout.SEG_BASE[sreg];
        if (ea < 0 || ea > 0xFFFF) {
            return false;
        }
        boolean firstFree = first >= 0 && (pinned & 1 << first) == 0;
        boolean secondFree = second >= 0 && (pinned & 1 << second) == 0;
        if (firstFree) {
            int other = second >= 0 ? gpr[second] : 0;
            gpr[first] = gpr[first] & 0xFFFF0000 | (ea - other - disp) & 0xFFFF;
        } else if (secondFree) {
            int other = first >= 0 ? gpr[first] : 0;
            gpr[second] = gpr[second] & 0xFFFF0000 | (ea - other - disp) & 0xFFFF;
        } else if (dispSize == 2) {
            disp = (ea - (first >= 0 ? gpr[first] : 0) - (second >= 0 ? gpr[second] : 0)) & 0xFFFF;
        }
        int eaFinal = ((first >= 0 ? gpr[first] : 0) + (second >= 0 ? gpr[second] : 0) + disp) & 0xFFFF;
        usedRegs = (first >= 0 ? 1 << first : 0) | (second >= 0 ? 1 << second : 0);
        return lands(FuzzLayout.SEG_BASE[sreg] + eaFinal);
    }

    private boolean lands(int lin) {
        linear = lin;
        return lin >= FuzzLayout.WINDOW + MARGIN / 2 && lin < FuzzLayout.WINDOW + FuzzLayout.WINDOW_SIZE - MARGIN / 2;
    }

    /** ModRM, SIB and displacement bytes with {@code regField} in ModRM.reg. */
    void emit(ByteArrayOutputStream out, int regField) {
        out.write(mod << 6 | regField << 3 | rm);
        if (sib >= 0) {
            out.write(sib);
        }
        for (int i = 0; i < dispSize; i++) {
            out.write(disp >>> (8 * i));
        }
    }

    /** Coverage name of the form, e.g. "a32 mod1 sib" or "a16 mod0 rm6". */
    String name(boolean a16) {
        if (a16) {
            return "a16 mod" + mod + " rm" + rm;
        }
        if (sib >= 0) {
            String base = (sib & 7) == 5 && mod == 0 ? "nobase" : "base";
            String index = (sib >>> 3 & 7) == 4 ? "noindex" : "index*" + (1 << (sib >>> 6));
            return "a32 mod" + mod + " sib " + base + " " + index;
        }
        return "a32 mod" + mod + " rm" + rm;
    }
}
