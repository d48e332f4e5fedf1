package org.j386.machine;

import org.j386.cpu.Cpu;
import org.j386.cpu.Cr0;
import org.j386.cpu.Eflags;

/**
 * The flags word QEMU 7.2 prints in {@code -d exec}'s {@code Trace} line for a translation block
 * (target/i386/cpu.h, {@code cpu_get_tb_cpu_state}): its hidden flags {@code hflags} ORed with the
 * EFLAGS bits IOPL, TF, RF, VM and AC, which sit at the same bit positions. j386 computes each
 * hidden flag from the processor state at the block's start:
 *
 * <pre>
 *  bit  1:0  CPL          the current privilege level
 *  bit    3  INHIBIT_IRQ  interrupts held off for one instruction (after STI, MOV SS, POP SS)
 *  bit    4  CS32         CS.D: 32-bit code
 *  bit    5  SS32         SS.B: 32-bit stack
 *  bit    6  ADDSEG       segment bases must be added: real or virtual-8086 mode, 16-bit code,
 *                         or a nonzero DS, ES or SS base
 *  bit    7  PE           CR0.PE
 *  bit 11:9  MP, EM, TS   CR0.MP, CR0.EM, CR0.TS
 * </pre>
 *
 * QEMU's remaining hidden flags (long mode, SMM, SVM, OSFXSR, MPX, ...) are 0 on a 486. QEMU
 * updates ADDSEG when a segment is loaded, not when CR0.PE or EFLAGS.VM change, so right after
 * such a change it may still show the old value; j386 shows the current one.
 */
final class TbFlags {
    static final int HF_CPL_MASK = 3;
    static final int HF_INHIBIT_IRQ = 1 << 3;
    static final int HF_CS32 = 1 << 4;
    static final int HF_SS32 = 1 << 5;
    static final int HF_ADDSEG = 1 << 6;
    static final int HF_PE = 1 << 7;
    /** HF_MP, HF_EM, HF_TS are bits 9..11: CR0 bits 1..3 shifted by this. */
    static final int HF_MP_SHIFT_FROM_CR0 = 9 - 1;
    static final int CR0_MP_EM_TS = Cr0.MP | Cr0.EM | Cr0.TS;
    /** The EFLAGS bits QEMU copies into the TB flags, at their own positions. */
    static final int EFLAGS_COPIED = Eflags.IOPL | Eflags.TF | Eflags.RF | Eflags.VM | Eflags.AC;
    /** Descriptor attribute D/B (bit 22 of the descriptor's high dword, as Cpu.segFlags keeps it). */
    static final int DESC_B = 1 << 22;

    private TbFlags() { }

    static int of(Cpu cpu) {
        int cr0 = cpu.cr(0);
        int eflags = cpu.eflags();
        int f = cpu.cpl() & HF_CPL_MASK;
        if (cpu.interruptShadow()) {
            f |= HF_INHIBIT_IRQ;
        }
        boolean cs32 = (cpu.segFlags(Cpu.CS) & DESC_B) != 0;
        if (cs32) {
            f |= HF_CS32;
        }
        if ((cpu.segFlags(Cpu.SS) & DESC_B) != 0) {
            f |= HF_SS32;
        }
        boolean pe = (cr0 & Cr0.PE) != 0;
        boolean basesZero = (cpu.segBase(Cpu.DS) | cpu.segBase(Cpu.ES) | cpu.segBase(Cpu.SS)) == 0;
        if (!pe || (eflags & Eflags.VM) != 0 || !cs32 || !basesZero) {
            f |= HF_ADDSEG;
        }
        if (pe) {
            f |= HF_PE;
        }
        f |= (cr0 & CR0_MP_EM_TS) << HF_MP_SHIFT_FROM_CR0;
        return f | eflags & EFLAGS_COPIED;
    }
}
