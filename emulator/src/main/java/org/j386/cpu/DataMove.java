package org.j386.cpu;

import static org.j386.cpu.Cpu.EAX;
import static org.j386.cpu.Cpu.EBX;
import static org.j386.cpu.Cpu.EDX;

/**
 * MOV forms that need more than one line, LEA, XCHG, CBW/CWDE, CWD/CDQ, XLAT, LDS/LES/LFS/LGS/LSS,
 * CMPXCHG and XADD (SDM Vol. 2). Memory is written before registers and flags change.
 */
final class DataMove {
    private DataMove() { }

    static Fault undefined(Cpu c) {
        return c.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
    }

    static void movEG(Cpu c, Insn i) {
        int size = i.size;
        int v = c.getReg(size, i.reg);
        if (i.mem) {
            c.writeMem(i.seg, c.ea(i), size, v);
        } else {
            c.setRegSized(size, i.rm, v);
        }
    }

    static void movGE(Cpu c, Insn i) {
        int size = i.size;
        c.setRegSized(size, i.reg, i.mem ? c.readMem(i.seg, c.ea(i), size) : c.getReg(size, i.rm));
    }

    /** MOV Ev,Sw: a register destination gets the zero-extended selector, memory always 16 bits. */
    static void movESw(Cpu c, Insn i) {
        if (i.reg > Cpu.GS) {
            throw undefined(c);
        }
        int sel = c.segSel[i.reg];
        if (i.mem) {
            c.write16(i.seg, c.ea(i), sel);
        } else {
            c.setRegSized(i.size, i.rm, sel);
        }
    }

    /** MOV Sw,Ew: CS is not a destination (#UD); loading SS holds off interrupts for one instruction. */
    static void movSwE(Cpu c, Insn i) {
        if (i.reg > Cpu.GS || i.reg == Cpu.CS) {
            throw undefined(c);
        }
        int sel = c.readE(i, 2);
        Segmentation.loadSegment(c, i.reg, sel);
        if (i.reg == Cpu.SS) {
            c.inhibitAt = c.instructions + 1;
        }
    }

    /** A hint NOP whose operand must be memory (0F 18 /0-/3, the PREFETCH group): #UD for a register. */
    static void hintWithMemoryOperand(Cpu c, Insn i) {
        if (!i.mem) {
            throw undefined(c);
        }
    }

    static void lea(Cpu c, Insn i) {
        if (!i.mem) {
            throw undefined(c);
        }
        c.setRegSized(i.size, i.reg, c.ea(i));
    }

    static void xchg(Cpu c, Insn i) {
        int size = i.size;
        int g = c.getReg(size, i.reg);
        if (i.mem) {
            int off = c.ea(i);
            int m = c.readMem(i.seg, off, size);
            c.writeMem(i.seg, off, size, g);
            c.setRegSized(size, i.reg, m);
        } else {
            c.setRegSized(size, i.reg, c.getReg(size, i.rm));
            c.setRegSized(size, i.rm, g);
        }
    }

    /** XCHG Zv,eAX (91+r). */
    static void xchgAccumulator(Cpu c, Insn i) {
        int size = i.size;
        int a = c.getReg(size, EAX);
        c.setRegSized(size, EAX, c.getReg(size, i.reg));
        c.setRegSized(size, i.reg, a);
    }

    /** CBW (AX = sign-extended AL) or CWDE (EAX = sign-extended AX). */
    static void cbw(Cpu c, Insn i) {
        if (i.op32) {
            c.regs[EAX] = (short) c.regs[EAX];
        } else {
            c.setRegSized(2, EAX, (byte) c.regs[EAX]);
        }
    }

    /** CWD (DX:AX) or CDQ (EDX:EAX): the sign of the accumulator. */
    static void cwd(Cpu c, Insn i) {
        if (i.op32) {
            c.regs[EDX] = c.regs[EAX] >> 31;
        } else {
            c.setRegSized(2, EDX, (short) c.regs[EAX] >> 15);
        }
    }

    /** XLAT: AL = [seg:eBX + AL], address-sized. */
    static void xlat(Cpu c, Insn i) {
        int off = c.regs[EBX] + (c.regs[EAX] & 0xFF);
        c.setRegSized(1, EAX, c.read8(i.seg, i.addr32 ? off : off & 0xFFFF));
    }

    /** LDS, LES, LFS, LGS, LSS Gv,Mp: offset then selector; the segment load checks before the register changes. */
    static void loadFarPointer(Cpu c, Insn i) {
        if (!i.mem) {
            throw undefined(c);
        }
        int size = i.size;
        int off = c.ea(i);
        int v = c.readMem(i.seg, off, size);
        int selOff = off + size;
        int sel = c.read16(i.seg, i.addr32 ? selOff : selOff & 0xFFFF);
        Segmentation.loadSegment(c, i.sub, sel);
        c.setRegSized(size, i.reg, v);
    }

    /**
     * CMPXCHG: compares the accumulator with the destination; equal: ZF = 1 and the destination gets
     * the source; else ZF = 0 and the accumulator gets the destination, which the 486 writes back
     * unchanged (SDM Vol. 2A CMPXCHG: "the destination operand is written back if the comparison
     * fails"). Flags as CMP accumulator, destination.
     */
    static void cmpxchg(Cpu c, Insn i) {
        int size = i.size;
        int off = i.mem ? c.ea(i) : 0;
        int dst = i.mem ? c.readMem(i.seg, off, size) : c.getReg(size, i.rm);
        int acc = c.getReg(size, EAX);
        boolean equal = ((acc ^ dst) & Alu.mask(size)) == 0;
        int store = equal ? c.getReg(size, i.reg) : dst;
        if (i.mem) {
            c.writeMem(i.seg, off, size, store);
        } else {
            c.setRegSized(size, i.rm, store);
        }
        c.flagsSub(acc, dst, acc - dst, Alu.sign(size));
        if (!equal) {
            c.setRegSized(size, EAX, dst);
        }
    }

    /** XADD: TEMP = SRC + DEST; SRC = DEST; DEST = TEMP (so XADD r,r with one register leaves the sum). */
    static void xadd(Cpu c, Insn i) {
        int size = i.size;
        int src = c.getReg(size, i.reg);
        int sum;
        int dst;
        if (i.mem) {
            int off = c.ea(i);
            dst = c.readMem(i.seg, off, size);
            sum = dst + src;
            c.writeMem(i.seg, off, size, sum);
            c.setRegSized(size, i.reg, dst);
        } else {
            dst = c.getReg(size, i.rm);
            sum = dst + src;
            c.setRegSized(size, i.reg, dst);
            c.setRegSized(size, i.rm, sum);
        }
        c.flagsAdd(dst, src, sum, Alu.sign(size));
    }
}
