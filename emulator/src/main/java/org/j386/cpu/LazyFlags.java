package org.j386.cpu;

import static org.j386.cpu.Eflags.AF;
import static org.j386.cpu.Eflags.CF;
import static org.j386.cpu.Eflags.OF;
import static org.j386.cpu.Eflags.PF;
import static org.j386.cpu.Eflags.SF;
import static org.j386.cpu.Eflags.ZF;

/**
 * Lazy status flags (SDM Vol. 1 3.4.3.1): an arithmetic instruction records its operands, result
 * and width in the CPU ({@code lzDst, lzSrc, lzRes, lzSign}) and a mask of the flags it defines;
 * a flag is computed only when something reads it. The carry and overflow formulas take the
 * carry chain from the operands and the result, so ADC/SBB with a carry in need no extra state.
 */
final class LazyFlags {
    /** Kinds of recorded operation. */
    static final int ADD = 0;
    static final int SUB = 1;
    /**
     * A 32-bit SUB or CMP without a borrow in, recorded by {@link Fast}: the formulas treat it as
     * SUB, and while {@code lazy == ARITH} a Jcc may compare {@code lzDst} with {@code lzSrc}.
     */
    static final int SUB_PLAIN = 2;

    private LazyFlags() { }

    static boolean overflow(Cpu c) {
        int d = c.lzDst;
        int s = c.lzSrc;
        int r = c.lzRes;
        int v = c.lzKind == ADD ? (d ^ r) & (s ^ r) : (d ^ s) & (d ^ r);
        return (v & c.lzSign) != 0;
    }

    /** PF: set when the low byte of the result has an even number of ones. */
    static boolean parity(int res) {
        return (Integer.bitCount(res & 0xFF) & 1) == 0;
    }

    /** The flags of {@code mask} (a subset of {@code c.lazy}) as EFLAGS bits; CF's formula is Cpu.cf's. */
    static int compute(Cpu c, int mask) {
        int f = 0;
        if ((mask & CF) != 0 && c.cf()) {
            f |= CF;
        }
        if ((mask & PF) != 0 && parity(c.lzRes)) {
            f |= PF;
        }
        if ((mask & AF) != 0 && ((c.lzDst ^ c.lzSrc ^ c.lzRes) & 0x10) != 0) {
            f |= AF;
        }
        if ((mask & ZF) != 0 && (c.lzRes & ((c.lzSign << 1) - 1)) == 0) {
            f |= ZF;
        }
        if ((mask & SF) != 0 && (c.lzRes & c.lzSign) != 0) {
            f |= SF;
        }
        if ((mask & OF) != 0 && overflow(c)) {
            f |= OF;
        }
        return f;
    }
}
