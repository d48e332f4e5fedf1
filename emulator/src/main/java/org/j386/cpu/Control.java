package org.j386.cpu;

import static org.j386.cpu.Cpu.CS;
import static org.j386.cpu.Cpu.ECX;

/**
 * Near jumps, calls and returns, LOOPcc/JCXZ, the far forms (handed to {@code Segmentation}),
 * IRET (handed to {@code Interrupts}; INT n, INT3 and INTO are dispatched there directly) and BOUND (SDM Vol. 2). A near target
 * outside the CS limit raises #GP(0) at the transferring instruction; a 16-bit operand size
 * truncates the target to 16 bits.
 */
final class Control {
    static final int LOOPNE = 0, LOOPE = 1, LOOP = 2, JCXZ = 3;

    private Control() { }

    static void jumpNear(Cpu c, boolean op32, int target) {
        if (!op32) {
            target &= 0xFFFF;
        }
        if (Integer.compareUnsigned(target, c.segLimit[CS]) > 0) {
            throw c.fault.with(Fault.GP, 0);
        }
        c.eip = target;
    }

    static void jumpRelative(Cpu c, Insn i) {
        jumpNear(c, i.op32, c.eip + i.imm);
    }

    /** LOOPNE, LOOPE, LOOP, JCXZ: the counter is CX or ECX by address size. */
    static void loop(Cpu c, Insn i) {
        int[] r = c.regs;
        boolean taken;
        if (i.sub == JCXZ) {
            taken = (i.addr32 ? r[ECX] : r[ECX] & 0xFFFF) == 0;
        } else {
            int count;
            if (i.addr32) {
                count = --r[ECX];
            } else {
                count = (r[ECX] - 1) & 0xFFFF;
                r[ECX] = (r[ECX] & 0xFFFF0000) | count;
            }
            taken = count != 0 && (i.sub == LOOP || c.zf() == (i.sub == LOOPE));
        }
        if (taken) {
            jumpRelative(c, i);
        }
    }

    static void callRelative(Cpu c, Insn i) {
        int target = c.eip + i.imm;
        c.push(i.op32, c.eip);
        jumpNear(c, i.op32, target);
    }

    static void callIndirect(Cpu c, Insn i) {
        int target = c.readE(i, i.size);
        c.push(i.op32, c.eip);
        jumpNear(c, i.op32, target);
    }

    /** CALL/JMP Mp: offset then selector from memory. */
    static void farIndirect(Cpu c, Insn i, boolean call) {
        if (!i.mem) {
            throw DataMove.undefined(c);
        }
        int off = c.ea(i);
        int target = c.readMem(i.seg, off, i.size);
        int selOff = off + i.size;
        int sel = c.read16(i.seg, i.addr32 ? selOff : selOff & 0xFFFF);
        if (call) {
            Segmentation.farCall(c, sel, target, i.op32);
        } else {
            Segmentation.farJump(c, sel, target, i.op32);
        }
    }

    /** RET and RET imm16. */
    static void ret(Cpu c, Insn i) {
        int target = c.pop(i.op32);
        c.addSp(i.imm & 0xFFFF);
        jumpNear(c, i.op32, target);
    }

    /** IRET: in virtual-8086 mode with IOPL below 3, #GP(0) (SDM Vol. 3A 20.2.7). */
    static void iret(Cpu c, Insn i) {
        if (c.v86() && c.iopl() < 3) {
            throw c.fault.with(Fault.GP, 0);
        }
        Interrupts.iret(c, i.op32);
    }

    /** BOUND Gv,Ma: #BR (a fault) when the signed index is outside [lower, upper]. */
    static void bound(Cpu c, Insn i) {
        if (!i.mem) {
            throw DataMove.undefined(c);
        }
        int size = i.size;
        int off = c.ea(i);
        int index = c.getReg(size, i.reg);
        int lower = c.readMem(i.seg, off, size);
        int upperOff = off + size;
        int upper = c.readMem(i.seg, i.addr32 ? upperOff : upperOff & 0xFFFF, size);
        if (size == 2) {
            index = (short) index;
            lower = (short) lower;
            upper = (short) upper;
        }
        if (index < lower || index > upper) {
            throw c.fault.with(Fault.BR, Fault.NO_ERROR_CODE);
        }
    }
}
