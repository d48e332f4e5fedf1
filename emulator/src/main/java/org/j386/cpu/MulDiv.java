package org.j386.cpu;

import static org.j386.cpu.Cpu.EAX;
import static org.j386.cpu.Cpu.EDX;

/**
 * MUL, IMUL (one-, two- and three-operand forms), DIV and IDIV (SDM Vol. 2A). CF = OF = the
 * product does not fit the low half; SF, ZF, PF follow the low half and AF is cleared (undefined
 * by the SDM; QEMU does the same). A zero divisor or a quotient too wide raise #DE before any
 * register changes; DIV and IDIV leave the flags alone.
 */
final class MulDiv {
    /** ModRM.reg of F6/F7. */
    static final int MUL = 4, IMUL = 5, DIV = 6, IDIV = 7;

    private MulDiv() { }

    static void grp3(Cpu c, Insn i) {
        int size = i.size;
        int src = c.readE(i, size);
        switch (i.sub) {
            case MUL -> mul(c, size, src);
            case IMUL -> imul(c, size, src);
            case DIV -> div(c, size, src);
            default -> idiv(c, size, src);
        }
    }

    private static void mul(Cpu c, int size, int src) {
        int[] r = c.regs;
        if (size == 1) {
            int p = (r[EAX] & 0xFF) * src;
            r[EAX] = (r[EAX] & 0xFFFF0000) | p;
            c.flagsResult(p, 0x80, p > 0xFF, p > 0xFF, false);
        } else if (size == 2) {
            int p = (r[EAX] & 0xFFFF) * src;
            r[EAX] = (r[EAX] & 0xFFFF0000) | (p & 0xFFFF);
            r[EDX] = (r[EDX] & 0xFFFF0000) | (p >>> 16);
            boolean high = (p >>> 16) != 0;
            c.flagsResult(p, 0x8000, high, high, false);
        } else {
            long p = (r[EAX] & 0xFFFFFFFFL) * (src & 0xFFFFFFFFL);
            r[EAX] = (int) p;
            r[EDX] = (int) (p >>> 32);
            boolean high = (p >>> 32) != 0;
            c.flagsResult((int) p, 0x80000000, high, high, false);
        }
    }

    private static void imul(Cpu c, int size, int src) {
        int[] r = c.regs;
        if (size == 1) {
            int p = (byte) r[EAX] * (byte) src;
            r[EAX] = (r[EAX] & 0xFFFF0000) | (p & 0xFFFF);
            boolean wide = p != (byte) p;
            c.flagsResult(p, 0x80, wide, wide, false);
        } else if (size == 2) {
            int p = (short) r[EAX] * (short) src;
            r[EAX] = (r[EAX] & 0xFFFF0000) | (p & 0xFFFF);
            r[EDX] = (r[EDX] & 0xFFFF0000) | ((p >>> 16) & 0xFFFF);
            boolean wide = p != (short) p;
            c.flagsResult(p, 0x8000, wide, wide, false);
        } else {
            long p = (long) r[EAX] * (long) src;
            r[EAX] = (int) p;
            r[EDX] = (int) (p >>> 32);
            boolean wide = p != (int) p;
            c.flagsResult((int) p, 0x80000000, wide, wide, false);
        }
    }

    /** IMUL Gv,Ev (with {@code factor} = Gv) and IMUL Gv,Ev,Ib/Iz (with the immediate): truncated product. */
    static void imulGvEv(Cpu c, Insn i, int factor) {
        int size = i.size;
        int src = c.readE(i, size);
        if (size == 2) {
            int p = (short) src * (short) factor;
            boolean wide = p != (short) p;
            c.flagsResult(p, 0x8000, wide, wide, false);
            c.setRegSized(2, i.reg, p);
        } else {
            long p = (long) src * (long) factor;
            boolean wide = p != (int) p;
            c.flagsResult((int) p, 0x80000000, wide, wide, false);
            c.regs[i.reg] = (int) p;
        }
    }

    private static Fault divideError(Cpu c) {
        return c.fault.with(Fault.DE, Fault.NO_ERROR_CODE);
    }

    private static void div(Cpu c, int size, int src) {
        if (src == 0) {
            throw divideError(c);
        }
        int[] r = c.regs;
        if (size == 1) {
            int n = r[EAX] & 0xFFFF;
            int q = n / src;
            if (q > 0xFF) {
                throw divideError(c);
            }
            r[EAX] = (r[EAX] & 0xFFFF0000) | ((n % src) << 8) | q;
        } else if (size == 2) {
            int n = ((r[EDX] & 0xFFFF) << 16) | (r[EAX] & 0xFFFF);
            long q = Integer.toUnsignedLong(n) / src;
            if (q > 0xFFFF) {
                throw divideError(c);
            }
            int rem = (int) (Integer.toUnsignedLong(n) % src);
            r[EAX] = (r[EAX] & 0xFFFF0000) | (int) q;
            r[EDX] = (r[EDX] & 0xFFFF0000) | rem;
        } else {
            long n = ((long) r[EDX] << 32) | (r[EAX] & 0xFFFFFFFFL);
            long d = src & 0xFFFFFFFFL;
            long q = Long.divideUnsigned(n, d);
            if (Long.compareUnsigned(q, 0xFFFFFFFFL) > 0) {
                throw divideError(c);
            }
            r[EAX] = (int) q;
            r[EDX] = (int) Long.remainderUnsigned(n, d);
        }
    }

    private static void idiv(Cpu c, int size, int src) {
        if (src == 0) {
            throw divideError(c);
        }
        int[] r = c.regs;
        if (size == 1) {
            int n = (short) r[EAX];
            int d = (byte) src;
            int q = n / d;
            if (q != (byte) q) {
                throw divideError(c);
            }
            r[EAX] = (r[EAX] & 0xFFFF0000) | (((n % d) & 0xFF) << 8) | (q & 0xFF);
        } else if (size == 2) {
            int n = (r[EDX] << 16) | (r[EAX] & 0xFFFF);
            int d = (short) src;
            long q = (long) n / d;
            if (q != (short) q) {
                throw divideError(c);
            }
            r[EAX] = (r[EAX] & 0xFFFF0000) | ((int) q & 0xFFFF);
            r[EDX] = (r[EDX] & 0xFFFF0000) | ((n % d) & 0xFFFF);
        } else {
            long n = ((long) r[EDX] << 32) | (r[EAX] & 0xFFFFFFFFL);
            if (n == Long.MIN_VALUE && src == -1) {
                throw divideError(c);
            }
            long q = n / src;
            if (q != (int) q) {
                throw divideError(c);
            }
            r[EAX] = (int) q;
            r[EDX] = (int) (n % src);
        }
    }
}
