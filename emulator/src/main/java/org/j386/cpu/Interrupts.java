package org.j386.cpu;

import static org.j386.cpu.Descriptors.ERR_EXT;
import static org.j386.cpu.Descriptors.ERR_IDT;
import static org.j386.cpu.Descriptors.SEL_ERROR_MASK;

/**
 * Interrupt and exception delivery (SDM Vol. 3A 6.10-6.15, Vol. 2 INT n): through the real-mode
 * IVT, or through IDT interrupt, trap and task gates (16- and 32-bit) with a stack switch from
 * the TSS on a privilege change and the V86 frame (SDM 20.3.1.1). One call delivers one event;
 * the caller applies SDM table 6-5 to a fault it throws (Cpu.exception: #DF, shutdown).
 *
 * <pre>
 *  inner-privilege frame, 32-bit gate         same privilege
 *  (from V86: GS FS DS ES first, 4 dwords)
 *     old SS        +16 (+20 with error code)    EFLAGS   +8
 *     old ESP       +12                          CS       +4
 *     EFLAGS        +8                           EIP      +0  (error code below, if any)
 *     CS            +4
 *     EIP           +0  &lt;- new ESP (error code below, if any)
 * </pre>
 * A 16-bit gate pushes the same items as words and ignores the high offset word of the gate
 * (QEMU 7.2 uses it). Error codes of faults raised while delivering an exception or a hardware
 * interrupt carry EXT (SDM 6.13), as in Bochs; #PF error codes never do.
 *
 * <p>IRET lives in {@link InterruptReturn}.
 */
public final class Interrupts {
    private Interrupts() { }

    /** A real-mode vector: offset, then segment (SDM 20.1.4). */
    private static final int IVT_ENTRY_SIZE = 4;
    private static final int IVT_SEGMENT = 2;
    /** FLAGS, CS, IP. */
    private static final int REAL_MODE_FRAME_SLOTS = 3;
    /** EFLAGS, CS, EIP: the frame at the same privilege (SDM figure 6-4). */
    private static final int SAME_PL_FRAME_SLOTS = 3;
    /** SS, ESP, EFLAGS, CS, EIP: the frame on a privilege change. */
    private static final int INNER_PL_FRAME_SLOTS = 5;
    /** GS, FS, DS, ES, pushed first when leaving V86 mode (SDM figure 20-5). */
    private static final int V86_EXTRA_SLOTS = 4;
    private static final int WORD = 2;
    private static final int DWORD = 4;
    private static final int IDT_ENTRY_SIZE = 8;
    /** SDM Vol. 2 INT n, real-address mode: IF, TF, AC cleared (and RF, as Bochs). */
    private static final int REAL_MODE_CLEARED = Eflags.IF | Eflags.TF | Eflags.AC | Eflags.RF;
    /** SDM 6.12.1: every gate clears TF, NT, RF and VM; an interrupt gate also IF. */
    private static final int GATE_CLEARED = Eflags.TF | Eflags.NT | Eflags.RF | Eflags.VM;
    /** Type bit 0 of an interrupt or trap gate: 1 = trap gate, IF stays. */
    private static final int TRAP_GATE_BIT = 1;
    private static final int WORD_MASK = 0xFFFF;

    // ---------------------------------------------------------------- entry points

    /**
     * Delivers one event: an exception or hardware interrupt ({@code software == false}; give
     * the error code or {@link Fault#NO_ERROR_CODE}) or INT n / INT3 / INTO ({@code software}:
     * the gate DPL must be &gt;= CPL, SDM 6.12.1.1). {@code cpu.eip} must already be the return
     * address: the faulting instruction for faults, the next instruction for traps, software
     * and hardware interrupts.
     *
     * <p>A fault during delivery is thrown with nothing changed (apart from a task switch that
     * passed its commit point: then the new task owns it, and {@code cpu.startEip/startEsp}
     * already point into it). Its error code carries EXT unless the event was a software
     * interrupt or the fault is #PF. The caller classifies it by SDM table 6-5 (serial, #DF or
     * shutdown), as {@code Cpu.exception} does.
     */
    public static void deliver(Cpu cpu, int vector, int errorCode, boolean software) {
        if (cpu.interruptObserver != null) {
            cpu.interruptObserver.interrupt(cpu, vector, errorCode, software, software ? cpu.startEip : cpu.eip);
        }
        try {
            if (!cpu.protectedMode()) {
                realMode(cpu, vector);
            } else {
                protectedMode(cpu, vector, errorCode, software);
            }
        } catch (Fault f) {
            if (!software && f.hasErrorCode() && f.vector() != Fault.PF) {
                throw f.with(f.vector(), f.errorCode() | ERR_EXT);
            }
            throw f;
        }
    }

    /**
     * INT imm8 (CD ib): in V86 mode with IOPL &lt; 3 it raises #GP(0) (SDM 20.2.7; CR4.VME is
     * not implemented); otherwise a software interrupt. INT3 and INTO skip the IOPL check and
     * call {@link #deliver} with {@code software = true}.
     */
    public static void intN(Cpu cpu, int vector) {
        if (cpu.v86() && cpu.iopl() < Descriptors.PL3) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        deliver(cpu, vector, Fault.NO_ERROR_CODE, true);
    }

    /** IRET/IRETD; see {@link InterruptReturn#iret}. */
    public static void iret(Cpu cpu, boolean op32) {
        InterruptReturn.iret(cpu, op32);
    }

    // ---------------------------------------------------------------- real mode

    /** SDM Vol. 2 INT n, REAL-ADDRESS-MODE: FLAGS, CS, IP through the IVT at IDTR.base. */
    private static void realMode(Cpu cpu, int vector) {
        int entry = vector * IVT_ENTRY_SIZE;
        if (Integer.compareUnsigned(entry + IVT_ENTRY_SIZE - 1, cpu.idtrLimit) > 0) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        int ip = cpu.mmu.readSystem16(cpu.idtrBase + entry);
        int cs = cpu.mmu.readSystem16(cpu.idtrBase + entry + IVT_SEGMENT);
        Segmentation.checkEip(cpu, ip, cpu.segLimit[Cpu.CS]);
        int ssAttr = cpu.segFlags[Cpu.SS];
        int ssBase = cpu.segBase[Cpu.SS];
        int sp = Segmentation.stackPointer(cpu);
        Segmentation.checkPush(cpu, ssAttr, cpu.segLimit[Cpu.SS], ssBase, sp, REAL_MODE_FRAME_SLOTS, WORD, false,
                Fault.SS, 0);
        int flags = cpu.getEflags();
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, WORD, flags, false);
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, WORD, cpu.segSel[Cpu.CS], false);
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, WORD, cpu.eip, false);
        Segmentation.setStackPointer(cpu, ssAttr, sp);
        Segmentation.loadReal(cpu, Cpu.CS, cs);
        cpu.eip = ip;
        cpu.setEflags(flags & ~REAL_MODE_CLEARED);
    }

    // ---------------------------------------------------------------- protected mode

    /** SDM Vol. 2 INT n, PROTECTED-MODE, and SDM 6.12: the IDT gate checks. */
    private static void protectedMode(Cpu cpu, int vector, int errorCode, boolean software) {
        int entry = vector * IDT_ENTRY_SIZE;
        int idtError = entry | ERR_IDT;
        if (Integer.compareUnsigned(entry + IDT_ENTRY_SIZE - 1, cpu.idtrLimit) > 0) {
            throw cpu.fault.with(Fault.GP, idtError);
        }
        long gate = Descriptors.readAt(cpu, cpu.idtrBase + entry);
        int attr = Descriptors.attributes(gate);
        int type = Descriptors.systemType(attr);
        if (type != Descriptors.TASK_GATE && type != Descriptors.INT_GATE16 && type != Descriptors.TRAP_GATE16
                && type != Descriptors.INT_GATE32 && type != Descriptors.TRAP_GATE32) {
            throw cpu.fault.with(Fault.GP, idtError);
        }
        if (software && Descriptors.dpl(attr) < cpu.cpl) {
            throw cpu.fault.with(Fault.GP, idtError);
        }
        if (!Descriptors.present(attr)) {
            throw cpu.fault.with(Fault.NP, idtError);
        }
        if (type == Descriptors.TASK_GATE) {
            throughTaskGate(cpu, gate, errorCode);
            return;
        }
        boolean gate32 = (type & Descriptors.SYSTEM_TYPE_32) != 0;
        int codeSel = Descriptors.gateSelector(gate);
        int offset = Descriptors.gateOffset(gate, gate32);
        if (Descriptors.isNull(codeSel)) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        long code = Descriptors.fetch(cpu, codeSel, Fault.GP);
        int codeAttr = Descriptors.attributes(code);
        int codeError = codeSel & SEL_ERROR_MASK;
        int dpl = Descriptors.dpl(codeAttr);
        if (!Descriptors.isCode(codeAttr) || dpl > cpu.cpl) {
            throw cpu.fault.with(Fault.GP, codeError);
        }
        if (!Descriptors.present(codeAttr)) {
            throw cpu.fault.with(Fault.NP, codeError);
        }
        boolean v86 = cpu.v86();
        if (!Descriptors.isConformingCode(codeAttr) && dpl < cpu.cpl) {
            // SDM 20.3.1.1: from V86 mode only to a ring-0, non-conforming handler.
            if (v86 && dpl != 0) {
                throw cpu.fault.with(Fault.GP, codeError);
            }
            innerPrivilege(cpu, code, codeSel, offset, gate32, errorCode, v86);
        } else {
            if (v86) {
                throw cpu.fault.with(Fault.GP, codeError);
            }
            samePrivilege(cpu, code, codeSel, offset, gate32, errorCode);
        }
        int cleared = GATE_CLEARED | ((type & TRAP_GATE_BIT) == 0 ? Eflags.IF : 0);
        cpu.setEflags(cpu.getEflags() & ~cleared);
    }

    /**
     * SDM 6.12.2 and Vol. 2 INT n "TASK-GATE": switch tasks with nesting, push the error code on
     * the new task's stack (a word for a 16-bit TSS), and check EIP against the new CS.
     */
    private static void throughTaskGate(Cpu cpu, long gate, int errorCode) {
        boolean trap = TaskSwitch.throughTaskGate(cpu, gate, TaskSwitch.FROM_INT);
        if (errorCode != Fault.NO_ERROR_CODE) {
            if (TaskSwitch.is32(cpu.trFlags)) {
                cpu.push32(errorCode);
            } else {
                cpu.push16(errorCode);
            }
            // The error code belongs to the new task: a later fault must not roll it back.
            cpu.startEsp = cpu.regs[Cpu.ESP];
        }
        Segmentation.checkEip(cpu, cpu.eip, cpu.segLimit[Cpu.CS]);
        if (trap) {
            throw TaskSwitch.debugTrap(cpu);
        }
    }

    /**
     * SDM 6.12.1 "INTER-PRIVILEGE-LEVEL-INTERRUPT" and 20.3.1.1 (from V86): the stack from the
     * TSS, every check and page probe first, then the frame and the new CS:EIP.
     */
    private static void innerPrivilege(Cpu cpu, long code, int codeSel, int offset, boolean gate32,
                                       int errorCode, boolean v86) {
        int newCpl = Descriptors.dpl(Descriptors.attributes(code));
        long stack = TaskSwitch.innerStack(cpu, newCpl);
        int ssSel = (int) (stack >>> 32) & WORD_MASK;
        int newEsp = (int) stack;
        long ss = TaskSwitch.checkInnerStack(cpu, ssSel, newCpl);
        int ssAttr = Descriptors.attributes(ss);
        int ssBase = Descriptors.base(ss);
        int size = gate32 ? DWORD : WORD;
        int slots = INNER_PL_FRAME_SLOTS + (v86 ? V86_EXTRA_SLOTS : 0) + (errorCode != Fault.NO_ERROR_CODE ? 1 : 0);
        int sp = newEsp & Segmentation.stackMask(ssAttr);
        Segmentation.checkPush(cpu, ssAttr, Descriptors.limit(ss), ssBase, sp, slots, size, false,
                Fault.SS, ssSel & SEL_ERROR_MASK);
        Segmentation.checkEip(cpu, offset, Descriptors.limit(code));

        int oldEflags = cpu.getEflags();
        if (v86) {
            sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.segSel[Cpu.GS], false);
            sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.segSel[Cpu.FS], false);
            sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.segSel[Cpu.DS], false);
            sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.segSel[Cpu.ES], false);
        }
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.segSel[Cpu.SS], false);
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.regs[Cpu.ESP], false);
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, oldEflags, false);
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.segSel[Cpu.CS], false);
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.eip, false);
        if (errorCode != Fault.NO_ERROR_CODE) {
            sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, errorCode, false);
        }
        if (v86) {
            // SDM 20.3.1.1: the data segment registers are loaded with null.
            for (int s : DATA_SEGMENTS) {
                Segmentation.loadNull(cpu, s, 0);
            }
        }
        Segmentation.loadSs(cpu, ssSel, ss, newCpl);
        Segmentation.setStackPointer(cpu, ssAttr, sp);
        Segmentation.loadCs(cpu, codeSel, code, newCpl);
        cpu.eip = offset;
    }

    private static final int[] DATA_SEGMENTS = {Cpu.ES, Cpu.DS, Cpu.FS, Cpu.GS};

    /** SDM 6.12.1 "INTRA-PRIVILEGE-LEVEL-INTERRUPT": the frame on the current stack; #SS(0) if it does not fit. */
    private static void samePrivilege(Cpu cpu, long code, int codeSel, int offset, boolean gate32, int errorCode) {
        int ssAttr = cpu.segFlags[Cpu.SS];
        int ssBase = cpu.segBase[Cpu.SS];
        boolean user = cpu.mmu.isUser();
        int size = gate32 ? DWORD : WORD;
        int slots = SAME_PL_FRAME_SLOTS + (errorCode != Fault.NO_ERROR_CODE ? 1 : 0);
        int sp = Segmentation.stackPointer(cpu);
        Segmentation.checkPush(cpu, ssAttr, cpu.segLimit[Cpu.SS], ssBase, sp, slots, size, user, Fault.SS, 0);
        Segmentation.checkEip(cpu, offset, Descriptors.limit(code));
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.getEflags(), user);
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.segSel[Cpu.CS], user);
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.eip, user);
        if (errorCode != Fault.NO_ERROR_CODE) {
            sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, errorCode, user);
        }
        Segmentation.setStackPointer(cpu, ssAttr, sp);
        Segmentation.loadCs(cpu, codeSel, code, cpu.cpl);
        cpu.eip = offset;
    }
}
