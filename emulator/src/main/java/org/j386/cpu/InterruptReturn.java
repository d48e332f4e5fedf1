package org.j386.cpu;

import static org.j386.cpu.Descriptors.SEL_RPL_MASK;

/**
 * IRET/IRETD (SDM Vol. 2 IRET, Vol. 3A 6.12.1, 7.3, 20.3.1.3): real mode, V86 mode at IOPL 3,
 * task return through the back link when NT is set, return to the same or an outer privilege
 * level, and return from CPL 0 to V86 mode when the popped EFLAGS has VM set.
 *
 * <p>Every value is read from the stack before anything changes, so a #SS, #GP, #NP or #PF
 * leaves the processor as the IRET found it. The popped EFLAGS is merged by privilege: IOPL
 * changes only at CPL 0, IF only at CPL &lt;= IOPL, VM only through the V86 return.
 */
public final class InterruptReturn {
    private InterruptReturn() { }

    private static final int WORD_MASK = 0xFFFF;
    /** Real-mode IRETD keeps VM and RF of the current EFLAGS (SDM Vol. 2 IRET, REAL-ADDRESS-MODE). */
    private static final int REAL_MODE_KEPT = Eflags.VM | Eflags.RF;
    /** Bits any IRET may load; IF, IOPL and VM are added by privilege. */
    private static final int ALWAYS_LOADED = Eflags.ARITH | Eflags.TF | Eflags.DF | Eflags.NT | Eflags.RF
            | Eflags.AC | Eflags.ID;
    /** Largest IP a V86 return may load: the 64 KiB code segment. */
    private static final int V86_IP_LIMIT = 0xFFFF;
    /** EIP, CS, EFLAGS, ESP, SS, ES, DS, FS, GS: the frame of a return to V86 (SDM 20.3.1.3). */
    private static final int V86_FRAME_SLOTS = 9;

    /**
     * IRET with operand size {@code op32}: the core calls it for CF (IRET/IRETD). Faults are
     * thrown (the instruction faults); {@code cpu.eip} is overwritten only on success.
     */
    public static void iret(Cpu cpu, boolean op32) {
        if (!cpu.protectedMode()) {
            realMode(cpu, op32);
        } else if (cpu.v86()) {
            v86Mode(cpu, op32);
        } else if ((cpu.getEflags() & Eflags.NT) != 0) {
            TaskSwitch.taskReturn(cpu);
        } else {
            protectedMode(cpu, op32);
        }
    }

    /** Merges {@code value} into EFLAGS by the IRET/POPF privilege rules at privilege {@code cpl}. */
    static void writeEflags(Cpu cpu, int value, int cpl, boolean op32) {
        int old = cpu.getEflags();
        int mask = ALWAYS_LOADED;
        if (cpl <= ((old & Eflags.IOPL) >>> Eflags.IOPL_SHIFT)) {
            mask |= Eflags.IF;
        }
        if (cpl == 0) {
            mask |= Eflags.IOPL;
        }
        if (!op32) {
            mask &= WORD_MASK;
        }
        cpu.setEflags((old & ~mask) | (value & mask));
    }

    private static void realMode(Cpu cpu, boolean op32) {
        int size = op32 ? 4 : 2;
        int eip = Segmentation.readStack(cpu, 0, size);
        int cs = Segmentation.readStack(cpu, size, size) & WORD_MASK;
        int flags = Segmentation.readStack(cpu, 2 * size, size);
        Segmentation.checkEip(cpu, eip, cpu.segLimit[Cpu.CS]);
        int old = cpu.getEflags();
        if (op32) {
            cpu.setEflags((flags & ~REAL_MODE_KEPT) | (old & REAL_MODE_KEPT));
        } else {
            cpu.setEflags((old & ~WORD_MASK) | (flags & WORD_MASK));
        }
        Segmentation.setStackPointer(cpu, cpu.segFlags[Cpu.SS], Segmentation.stackPointer(cpu) + 3 * size);
        Segmentation.loadReal(cpu, Cpu.CS, cs);
        cpu.eip = eip;
    }

    /** SDM 20.2.7: IRET in V86 mode is IOPL-sensitive; at IOPL 3 it never changes VM or IOPL. */
    private static void v86Mode(Cpu cpu, boolean op32) {
        if (cpu.iopl() < Descriptors.PL3) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        int size = op32 ? 4 : 2;
        int eip = Segmentation.readStack(cpu, 0, size);
        int cs = Segmentation.readStack(cpu, size, size) & WORD_MASK;
        int flags = Segmentation.readStack(cpu, 2 * size, size);
        Segmentation.checkEip(cpu, eip, V86_IP_LIMIT);
        writeEflags(cpu, flags, cpu.cpl, op32);
        Segmentation.setStackPointer(cpu, cpu.segFlags[Cpu.SS], Segmentation.stackPointer(cpu) + 3 * size);
        Segmentation.loadReal(cpu, Cpu.CS, cs);
        cpu.eip = eip;
    }

    /** SDM Vol. 2 IRET, PROTECTED-MODE-RETURN. */
    private static void protectedMode(Cpu cpu, boolean op32) {
        int size = op32 ? 4 : 2;
        int eip = Segmentation.readStack(cpu, 0, size);
        int cs = Segmentation.readStack(cpu, size, size) & WORD_MASK;
        int flags = Segmentation.readStack(cpu, 2 * size, size);
        if (op32 && (flags & Eflags.VM) != 0 && cpu.cpl == 0) {
            returnToV86(cpu, eip, cs, flags);
            return;
        }
        long code = FarTransfers.checkReturnCode(cpu, cs);
        int rpl = cs & SEL_RPL_MASK;
        if (rpl == cpu.cpl) {
            Segmentation.checkEip(cpu, eip, Descriptors.limit(code));
            writeEflags(cpu, flags, cpu.cpl, op32);
            Segmentation.setStackPointer(cpu, cpu.segFlags[Cpu.SS], Segmentation.stackPointer(cpu) + 3 * size);
            Segmentation.loadCs(cpu, cs, code, rpl);
            cpu.eip = eip;
            return;
        }
        // RETURN-TO-OUTER-PRIVILEGE-LEVEL
        int esp = Segmentation.readStack(cpu, 3 * size, size);
        int ssSel = Segmentation.readStack(cpu, 4 * size, size) & WORD_MASK;
        long ss = FarTransfers.checkReturnStack(cpu, ssSel, rpl, Fault.NP);
        Segmentation.checkEip(cpu, eip, Descriptors.limit(code));
        writeEflags(cpu, flags, cpu.cpl, op32);
        Segmentation.loadCs(cpu, cs, code, rpl);
        Segmentation.loadSs(cpu, ssSel, ss, rpl);
        Segmentation.setStackPointer(cpu, Descriptors.attributes(ss), esp);
        cpu.eip = eip;
        Segmentation.nullOuterSegments(cpu);
    }

    /** SDM Vol. 2 IRET, RETURN-TO-VIRTUAL-8086-MODE (from CPL 0 with IRETD only). */
    private static void returnToV86(Cpu cpu, int eip, int cs, int flags) {
        int esp = Segmentation.readStack(cpu, 3 * 4, 4);
        int ss = Segmentation.readStack(cpu, 4 * 4, 4) & WORD_MASK;
        int es = Segmentation.readStack(cpu, 5 * 4, 4) & WORD_MASK;
        int ds = Segmentation.readStack(cpu, 6 * 4, 4) & WORD_MASK;
        int fs = Segmentation.readStack(cpu, 7 * 4, 4) & WORD_MASK;
        int gs = Segmentation.readStack(cpu, (V86_FRAME_SLOTS - 1) * 4, 4) & WORD_MASK;
        Segmentation.checkEip(cpu, eip, V86_IP_LIMIT);
        cpu.setEflags(flags);
        cpu.setCpl(Descriptors.PL3);
        Segmentation.loadReal(cpu, Cpu.CS, cs);
        Segmentation.loadReal(cpu, Cpu.SS, ss);
        Segmentation.loadReal(cpu, Cpu.ES, es);
        Segmentation.loadReal(cpu, Cpu.DS, ds);
        Segmentation.loadReal(cpu, Cpu.FS, fs);
        Segmentation.loadReal(cpu, Cpu.GS, gs);
        cpu.regs[Cpu.ESP] = esp;
        cpu.eip = eip;
    }
}
