package org.j386.cpu;

import static org.j386.cpu.Eflags.CF;
import static org.j386.cpu.Eflags.ZF;

/**
 * BT, BTS, BTR, BTC (SDM Vol. 2A BT: with a register bit offset and a memory operand the offset
 * is signed and selects an operand-sized unit at ea + (offset SAR width) * size), BSF, BSR
 * (a zero source sets ZF and leaves the destination as it was, like a 486) and BSWAP.
 * BTx change only CF; the flags the SDM leaves undefined keep their values.
 */
final class BitOps {
    static final int BT = 0, BTS = 1, BTR = 2, BTC = 3;

    private BitOps() { }

    /** BTx Ev,Gv. */
    static void btEvGv(Cpu c, Insn i) {
        int size = i.size;
        int offset = c.getReg(size, i.reg);
        if (!i.mem) {
            apply(c, i, size, 0, offset & ((size << 3) - 1), false);
            return;
        }
        int signed = size == 2 ? (short) offset : offset;
        int shift = size == 2 ? 4 : 5;
        int ea = c.ea(i) + (signed >> shift) * size;
        apply(c, i, size, i.addr32 ? ea : ea & 0xFFFF, signed & ((size << 3) - 1), true);
    }

    /** BTx Ev,Ib: the immediate is taken modulo the operand width. */
    static void btEvIb(Cpu c, Insn i) {
        int size = i.size;
        apply(c, i, size, i.mem ? c.ea(i) : 0, i.imm & ((size << 3) - 1), i.mem);
    }

    private static void apply(Cpu c, Insn i, int size, int off, int bit, boolean mem) {
        int v = mem ? c.readMem(i.seg, off, size) : c.getReg(size, i.rm);
        boolean was = (v >>> bit & 1) != 0;
        if (i.sub != BT) {
            int r = switch (i.sub) {
                case BTS -> v | 1 << bit;
                case BTR -> v & ~(1 << bit);
                default -> v ^ 1 << bit;
            };
            if (mem) {
                c.writeMem(i.seg, off, size, r);
            } else {
                c.setRegSized(size, i.rm, r);
            }
        }
        c.setFlag(CF, was);
    }

    static void bsf(Cpu c, Insn i) {
        int v = c.readE(i, i.size);
        if (v == 0) {
            c.setFlag(ZF, true);
            return;
        }
        c.setFlag(ZF, false);
        c.setRegSized(i.size, i.reg, Integer.numberOfTrailingZeros(v));
    }

    static void bsr(Cpu c, Insn i) {
        int v = c.readE(i, i.size);
        if (v == 0) {
            c.setFlag(ZF, true);
            return;
        }
        c.setFlag(ZF, false);
        c.setRegSized(i.size, i.reg, 31 - Integer.numberOfLeadingZeros(v));
    }

    /** BSWAP r32. With a 16-bit operand size (undefined by the SDM) it swaps all 32 bits, as QEMU does. */
    static void bswap(Cpu c, Insn i) {
        c.regs[i.reg] = Integer.reverseBytes(c.regs[i.reg]);
    }
}
