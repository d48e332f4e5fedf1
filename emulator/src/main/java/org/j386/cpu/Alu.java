package org.j386.cpu;

/**
 * ADD, OR, ADC, SBB, AND, SUB, XOR, CMP (numbered as ModRM.reg of 80-83), TEST, INC, DEC, NOT and
 * NEG (SDM Vol. 2). Memory is written before the flags change, so a faulting store has no effect.
 */
final class Alu {
    static final int ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7, TEST = 8;

    private Alu() { }

    /** The sign bit of a 1-, 2- or 4-byte operand. */
    static int sign(int size) {
        return 1 << ((size << 3) - 1);
    }

    static int mask(int size) {
        return size == 4 ? -1 : (1 << (size << 3)) - 1;
    }

    /** The result of {@code dst op src} (unmasked); reads CF for ADC and SBB. */
    static int result(Cpu c, int op, int dst, int src) {
        switch (op) {
            case ADD: return dst + src;
            case OR: return dst | src;
            case ADC: return dst + src + (c.cf() ? 1 : 0);
            case SBB: return dst - src - (c.cf() ? 1 : 0);
            case SUB: case CMP: return dst - src;
            case XOR: return dst ^ src;
            default: return dst & src;
        }
    }

    static void flags(Cpu c, int op, int dst, int src, int res, int size) {
        int sign = sign(size);
        switch (op) {
            case ADD: case ADC: c.flagsAdd(dst, src, res, sign); break;
            case SUB: case SBB: case CMP: c.flagsSub(dst, src, res, sign); break;
            default: c.flagsLogic(res, sign); break;
        }
    }

    private static boolean stores(int op) {
        return op < CMP;
    }

    /** op Eb,Gb / Ev,Gv. */
    static void eg(Cpu c, Insn i) {
        toE(c, i, c.getReg(i.size, i.reg));
    }

    /** op Gb,Eb / Gv,Ev. */
    static void ge(Cpu c, Insn i) {
        toReg(c, i, i.reg, c.readE(i, i.size));
    }

    /** op AL,Ib / eAX,Iz. */
    static void ai(Cpu c, Insn i) {
        toReg(c, i, Cpu.EAX, i.imm & mask(i.size));
    }

    /** op Eb,Ib / Ev,Iz / Ev,Ib (sign-extended at decode). */
    static void ei(Cpu c, Insn i) {
        toE(c, i, i.imm & mask(i.size));
    }

    /**
     * ALU operation {@code i.sub} on the E operand and {@code src}. A memory destination is written
     * before the flags change, so a #PF on the store leaves no visible effect.
     */
    private static void toE(Cpu c, Insn i, int src) {
        int size = i.size;
        if (i.mem) {
            int off = c.ea(i);
            int dst = c.readMem(i.seg, off, size);
            int res = result(c, i.sub, dst, src);
            if (stores(i.sub)) {
                c.writeMem(i.seg, off, size, res);
            }
            flags(c, i.sub, dst, src, res, size);
        } else {
            int dst = c.getReg(size, i.rm);
            int res = result(c, i.sub, dst, src);
            flags(c, i.sub, dst, src, res, size);
            if (stores(i.sub)) {
                c.setRegSized(size, i.rm, res);
            }
        }
    }

    /** ALU operation {@code i.sub} on register {@code reg} and {@code src}. */
    private static void toReg(Cpu c, Insn i, int reg, int src) {
        int size = i.size;
        int dst = c.getReg(size, reg);
        int res = result(c, i.sub, dst, src);
        flags(c, i.sub, dst, src, res, size);
        if (stores(i.sub)) {
            c.setRegSized(size, reg, res);
        }
    }

    /** INC/DEC Eb/Ev (sub 0 = INC): CF is unaffected. */
    static void incDecE(Cpu c, Insn i) {
        int size = i.size;
        if (i.mem) {
            int off = c.ea(i);
            int dst = c.readMem(i.seg, off, size);
            int res = i.sub == 0 ? dst + 1 : dst - 1;
            c.writeMem(i.seg, off, size, res);
            c.flagsIncDec(i.sub == 0, dst, res, sign(size));
        } else {
            int dst = c.getReg(size, i.rm);
            int res = i.sub == 0 ? dst + 1 : dst - 1;
            c.flagsIncDec(i.sub == 0, dst, res, sign(size));
            c.setRegSized(size, i.rm, res);
        }
    }

    /** INC/DEC Zv (40+r, 48+r). */
    static void incDecZ(Cpu c, Insn i) {
        int size = i.size;
        int dst = c.getReg(size, i.reg);
        int res = i.sub == 0 ? dst + 1 : dst - 1;
        c.flagsIncDec(i.sub == 0, dst, res, sign(size));
        c.setRegSized(size, i.reg, res);
    }

    /** NOT: no flags. */
    static void notE(Cpu c, Insn i) {
        int size = i.size;
        if (i.mem) {
            int off = c.ea(i);
            c.writeMem(i.seg, off, size, ~c.readMem(i.seg, off, size));
        } else {
            c.setRegSized(size, i.rm, ~c.getReg(size, i.rm));
        }
    }

    /** NEG: flags as 0 - dst (CF set unless the operand is 0). */
    static void negE(Cpu c, Insn i) {
        int size = i.size;
        if (i.mem) {
            int off = c.ea(i);
            int dst = c.readMem(i.seg, off, size);
            c.writeMem(i.seg, off, size, -dst);
            c.flagsSub(0, dst, -dst, sign(size));
        } else {
            int dst = c.getReg(size, i.rm);
            c.flagsSub(0, dst, -dst, sign(size));
            c.setRegSized(size, i.rm, -dst);
        }
    }
}
