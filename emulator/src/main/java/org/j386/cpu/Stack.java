package org.j386.cpu;

import static org.j386.cpu.Cpu.EBP;
import static org.j386.cpu.Cpu.ESP;
import static org.j386.cpu.Cpu.SS;

import static org.j386.cpu.Eflags.IF;
import static org.j386.cpu.Eflags.IOPL;

/**
 * POP forms, PUSHA/POPA, PUSHF/POPF, ENTER and LEAVE (SDM Vol. 2B). The push and pop primitives
 * are in {@link Cpu}. Instructions that store more than once probe the whole area first, and
 * registers change only after every read, so a fault leaves nothing half done.
 */
final class Stack {
    private Stack() { }

    /** POP Zv: POP ESP leaves the popped value in ESP. */
    static void popZ(Cpu c, Insn i) {
        int v = c.pop(i.op32);
        c.setRegSized(i.size, i.reg, v);
    }

    /** POP Ev: an ESP-based destination address uses the incremented ESP (SDM Vol. 2B POP). */
    static void popE(Cpu c, Insn i) {
        int size = i.size;
        int v = c.readMem(SS, c.stackTop(), size);
        c.addSp(size);
        c.writeE(i, size, v);
    }

    /** POP ES/SS/DS/FS/GS: the load (with its checks) happens before ESP moves. POP SS shadows interrupts. */
    static void popSeg(Cpu c, Insn i) {
        int v = c.readMem(SS, c.stackTop(), i.size);
        Segmentation.loadSegment(c, i.sub, v & 0xFFFF);
        c.addSp(i.size);
        if (i.sub == SS) {
            c.inhibitAt = c.instructions + 1;
        }
    }

    static void pusha(Cpu c, Insn i) {
        int size = i.size;
        c.probePush(8 * size);
        int temp = c.regs[ESP];
        for (int r = 0; r < 8; r++) {
            c.push(i.op32, r == ESP ? temp : c.regs[r]);
        }
    }

    /** POPA: the saved ESP is skipped. */
    static void popa(Cpu c, Insn i) {
        int size = i.size;
        int[] v = c.popaScratch;
        for (int k = 0; k < 8; k++) {
            v[7 - k] = c.readMem(SS, c.stackOffset(k * size), size);
        }
        for (int r = 0; r < 8; r++) {
            if (r != ESP) {
                c.setRegSized(size, r, v[r]);
            }
        }
        c.addSp(8 * size);
    }

    /** PUSHF: #GP(0) in virtual-8086 mode with IOPL below 3; the image has VM and RF clear. */
    static void pushf(Cpu c, Insn i) {
        if (c.v86() && c.iopl() < 3) {
            throw c.fault.with(Fault.GP, 0);
        }
        int f = c.getEflags() & ~(Eflags.VM | Eflags.RF);
        c.push(i.op32, f);
    }

    /**
     * POPF (SDM Vol. 2B POPF): IOPL changes only at CPL 0 outside virtual-8086 mode, IF only when
     * CPL <= IOPL; VM never changes and RF is cleared; a 16-bit POPF keeps the upper half.
     * #GP(0) in virtual-8086 mode with IOPL below 3.
     */
    static void popf(Cpu c, Insn i) {
        boolean vm = c.v86();
        if (vm && c.iopl() < 3) {
            throw c.fault.with(Fault.GP, 0);
        }
        int v = c.pop(i.op32);
        int changeable = Eflags.ARITH | Eflags.TF | IF | Eflags.DF | IOPL | Eflags.NT;
        if (i.op32) {
            changeable |= Eflags.AC | Eflags.ID | Eflags.RF;
        }
        if (c.protectedMode()) {
            if (vm || c.cpl > 0) {
                changeable &= ~IOPL;
            }
            if (!vm && c.cpl > c.iopl()) {
                changeable &= ~IF;
            }
        }
        int old = c.getEflags();
        int f = (old & ~changeable) | (v & changeable);
        c.setEflags(f & ~Eflags.RF);
    }

    /** ENTER Iw,Ib (SDM Vol. 2A ENTER): the nesting level is taken modulo 32. */
    static void enter(Cpu c, Insn i) {
        int size = i.size;
        int alloc = i.imm & 0xFFFF;
        int level = i.imm2 & 0x1F;
        int[] r = c.regs;
        boolean s32 = c.stack32();
        c.probePush(size * (level + 1));
        c.push(i.op32, r[EBP]);
        int frame = c.stackTop();
        int bp = r[EBP];
        if (level > 0) {
            for (int k = 1; k < level; k++) {
                bp -= size;
                c.push(i.op32, c.readMem(SS, s32 ? bp : bp & 0xFFFF, size));
            }
            c.push(i.op32, frame);
        }
        // SDM Vol. 2A ENTER: the stack size, not the operand size, picks EBP or BP.
        c.setRegSized(s32 ? 4 : 2, EBP, frame);
        c.addSp(-alloc);
    }

    /** LEAVE: eSP = eBP (stack-sized), then eBP = pop. */
    static void leave(Cpu c, Insn i) {
        int size = i.size;
        boolean s32 = c.stack32();
        int sp = s32 ? c.regs[EBP] : c.regs[EBP] & 0xFFFF;
        int v = c.readMem(SS, sp, size);
        if (s32) {
            c.regs[ESP] = sp + size;
        } else {
            c.regs[ESP] = (c.regs[ESP] & 0xFFFF0000) | ((sp + size) & 0xFFFF);
        }
        c.setRegSized(size, EBP, v);
    }
}
