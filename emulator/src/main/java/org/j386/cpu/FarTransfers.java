package org.j386.cpu;

import static org.j386.cpu.Descriptors.SEL_ERROR_MASK;
import static org.j386.cpu.Descriptors.SEL_RPL_MASK;

/**
 * Far JMP, CALL and RET (SDM Vol. 2 JMP, CALL, RET; Vol. 3A 5.8): real-mode and V86 forms,
 * direct transfers to conforming and non-conforming code, call gates (SDM 5.8.3-5.8.5, with
 * the stack switch and parameter copy of figure 5-13), task gates and TSS selectors (SDM 7.3),
 * and returns to the same or an outer privilege level.
 *
 * <p>Operands follow the instruction: {@code op32} is the operand size, which truncates the
 * offset to 16 bits and sizes the pushes of direct calls; through a call gate the gate's size
 * decides. Everything is checked and every stack page probed before the first change, so a
 * fault leaves no partial effect; after a task switch the new task owns any fault.
 */
public final class FarTransfers {
    private FarTransfers() { }

    private static final int WORD_MASK = 0xFFFF;
    /** The CS limit after a V86 load. */
    private static final int V86_LIMIT = 0xFFFF;
    /** Pushes of a call through a gate to an inner level: SS, ESP, CS, EIP (plus parameters). */
    private static final int CALL_GATE_FRAME = 4;

    // ---------------------------------------------------------------- JMP

    /** JMP ptr16:16/32 (EA), JMP m16:16/32 (FF /5). {@code offset} is truncated to 16 bits when !op32. */
    public static void farJump(Cpu cpu, int selector, int offset, boolean op32) {
        selector &= WORD_MASK;
        if (!op32) {
            offset &= WORD_MASK;
        }
        if (!cpu.protectedMode() || cpu.v86()) {
            Segmentation.checkEip(cpu, offset, cpu.v86() ? V86_LIMIT : cpu.segLimit[Cpu.CS]);
            Segmentation.loadReal(cpu, Cpu.CS, selector);
            cpu.eip = offset;
            return;
        }
        if (Descriptors.isNull(selector)) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        long d = Descriptors.fetch(cpu, selector, Fault.GP);
        int attr = Descriptors.attributes(d);
        if (Descriptors.isSegment(attr)) {
            checkDirectCode(cpu, selector, attr);
            Segmentation.checkEip(cpu, offset, Descriptors.limit(d));
            Segmentation.loadCs(cpu, selector, d, cpu.cpl);
            cpu.eip = offset;
            return;
        }
        switch (Descriptors.type(attr)) {
            case Descriptors.CALL_GATE16:
            case Descriptors.CALL_GATE32: {
                checkGate(cpu, selector, attr);
                int codeSel = Descriptors.gateSelector(d);
                long code = checkGateTarget(cpu, codeSel);
                int codeAttr = Descriptors.attributes(code);
                int dpl = Descriptors.dpl(codeAttr);
                // SDM Vol. 2 JMP: a call gate never changes privilege.
                if (Descriptors.isConformingCode(codeAttr) ? dpl > cpu.cpl : dpl != cpu.cpl) {
                    throw cpu.fault.with(Fault.GP, codeSel & SEL_ERROR_MASK);
                }
                int target = Descriptors.gateOffset(d, Descriptors.type(attr) == Descriptors.CALL_GATE32);
                Segmentation.checkEip(cpu, target, Descriptors.limit(code));
                Segmentation.loadCs(cpu, codeSel, code, cpu.cpl);
                cpu.eip = target;
                return;
            }
            case Descriptors.TASK_GATE:
                checkGate(cpu, selector, attr);
                endTaskSwitch(cpu, TaskSwitch.throughTaskGate(cpu, d, TaskSwitch.FROM_JMP));
                return;
            case Descriptors.TSS16_AVAILABLE:
            case Descriptors.TSS32_AVAILABLE:
                toTss(cpu, selector, d, TaskSwitch.FROM_JMP);
                return;
            default:
                throw cpu.fault.with(Fault.GP, selector & SEL_ERROR_MASK);
        }
    }

    /**
     * A code segment named directly by JMP or CALL (SDM 5.8.1, 5.8.2): conforming needs
     * DPL &lt;= CPL; non-conforming needs RPL &lt;= CPL and DPL = CPL; else #GP(selector).
     * Not present: #NP(selector).
     */
    private static void checkDirectCode(Cpu cpu, int selector, int attr) {
        int error = selector & SEL_ERROR_MASK;
        int dpl = Descriptors.dpl(attr);
        if (!Descriptors.isCode(attr)) {
            throw cpu.fault.with(Fault.GP, error);
        }
        if (Descriptors.isConformingCode(attr)
                ? dpl > cpu.cpl
                : (selector & SEL_RPL_MASK) > cpu.cpl || dpl != cpu.cpl) {
            throw cpu.fault.with(Fault.GP, error);
        }
        if (!Descriptors.present(attr)) {
            throw cpu.fault.with(Fault.NP, error);
        }
    }

    /** A call or task gate named by JMP or CALL (SDM 5.8.4): DPL &gt;= CPL and &gt;= RPL, else #GP(gate); present, else #NP(gate). */
    private static void checkGate(Cpu cpu, int selector, int attr) {
        int dpl = Descriptors.dpl(attr);
        if (dpl < cpu.cpl || dpl < (selector & SEL_RPL_MASK)) {
            throw cpu.fault.with(Fault.GP, selector & SEL_ERROR_MASK);
        }
        if (!Descriptors.present(attr)) {
            throw cpu.fault.with(Fault.NP, selector & SEL_ERROR_MASK);
        }
    }

    /** The code segment a call gate names: null is #GP(0); not code or DPL &gt; CPL #GP(selector); absent #NP(selector). */
    private static long checkGateTarget(Cpu cpu, int codeSel) {
        if (Descriptors.isNull(codeSel)) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        long code = Descriptors.fetch(cpu, codeSel, Fault.GP);
        int attr = Descriptors.attributes(code);
        if (!Descriptors.isCode(attr) || Descriptors.dpl(attr) > cpu.cpl) {
            throw cpu.fault.with(Fault.GP, codeSel & SEL_ERROR_MASK);
        }
        if (!Descriptors.present(attr)) {
            throw cpu.fault.with(Fault.NP, codeSel & SEL_ERROR_MASK);
        }
        return code;
    }

    /** A TSS named directly by JMP or CALL (SDM 7.3): DPL &gt;= CPL and RPL, else #GP(TSS); absent #NP(TSS). */
    private static void toTss(Cpu cpu, int selector, long d, int source) {
        int attr = Descriptors.attributes(d);
        checkGate(cpu, selector, attr);
        endTaskSwitch(cpu, TaskSwitch.switchTask(cpu, selector, d, source));
    }

    /** After a JMP or CALL task switch: EIP inside the new CS (#GP(0)), then the T-bit #DB. */
    private static void endTaskSwitch(Cpu cpu, boolean trap) {
        Segmentation.checkEip(cpu, cpu.eip, cpu.segLimit[Cpu.CS]);
        if (trap) {
            throw TaskSwitch.debugTrap(cpu);
        }
    }

    // ---------------------------------------------------------------- CALL

    /**
     * CALL ptr16:16/32 (9A), CALL m16:16/32 (FF /3). {@code cpu.eip} must already point past the
     * CALL: it is the return address pushed.
     */
    public static void farCall(Cpu cpu, int selector, int offset, boolean op32) {
        selector &= WORD_MASK;
        if (!op32) {
            offset &= WORD_MASK;
        }
        int size = op32 ? 4 : 2;
        if (!cpu.protectedMode() || cpu.v86()) {
            Segmentation.checkEip(cpu, offset, cpu.v86() ? V86_LIMIT : cpu.segLimit[Cpu.CS]);
            pushReturn(cpu, size);
            Segmentation.loadReal(cpu, Cpu.CS, selector);
            cpu.eip = offset;
            return;
        }
        if (Descriptors.isNull(selector)) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        long d = Descriptors.fetch(cpu, selector, Fault.GP);
        int attr = Descriptors.attributes(d);
        if (Descriptors.isSegment(attr)) {
            checkDirectCode(cpu, selector, attr);
            Segmentation.checkEip(cpu, offset, Descriptors.limit(d));
            pushReturn(cpu, size);
            Segmentation.loadCs(cpu, selector, d, cpu.cpl);
            cpu.eip = offset;
            return;
        }
        switch (Descriptors.type(attr)) {
            case Descriptors.CALL_GATE16:
            case Descriptors.CALL_GATE32:
                checkGate(cpu, selector, attr);
                callGate(cpu, d, Descriptors.type(attr) == Descriptors.CALL_GATE32);
                return;
            case Descriptors.TASK_GATE:
                checkGate(cpu, selector, attr);
                endTaskSwitch(cpu, TaskSwitch.throughTaskGate(cpu, d, TaskSwitch.FROM_CALL));
                return;
            case Descriptors.TSS16_AVAILABLE:
            case Descriptors.TSS32_AVAILABLE:
                toTss(cpu, selector, d, TaskSwitch.FROM_CALL);
                return;
            default:
                throw cpu.fault.with(Fault.GP, selector & SEL_ERROR_MASK);
        }
    }

    /** Pushes CS and EIP ({@code size} bytes each) on the current stack, both or neither (#SS(0)). */
    private static void pushReturn(Cpu cpu, int size) {
        int ssAttr = cpu.segFlags[Cpu.SS];
        int ssBase = cpu.segBase[Cpu.SS];
        boolean user = cpu.mmu.isUser();
        int sp = Segmentation.stackPointer(cpu);
        Segmentation.checkPush(cpu, ssAttr, cpu.segLimit[Cpu.SS], ssBase, sp, 2, size, user, Fault.SS, 0);
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.segSel[Cpu.CS], user);
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.eip, user);
        Segmentation.setStackPointer(cpu, ssAttr, sp);
    }

    /** SDM 5.8.5, Vol. 2 CALL "CALL-GATE": same privilege, or the inner stack from the TSS. */
    private static void callGate(Cpu cpu, long gate, boolean gate32) {
        int codeSel = Descriptors.gateSelector(gate);
        long code = checkGateTarget(cpu, codeSel);
        int codeAttr = Descriptors.attributes(code);
        int dpl = Descriptors.dpl(codeAttr);
        int target = Descriptors.gateOffset(gate, gate32);
        int size = gate32 ? 4 : 2;
        if (Descriptors.isConformingCode(codeAttr) || dpl == cpu.cpl) {
            Segmentation.checkEip(cpu, target, Descriptors.limit(code));
            pushReturn(cpu, size);
            Segmentation.loadCs(cpu, codeSel, code, cpu.cpl);
            cpu.eip = target;
            return;
        }
        // MORE-PRIVILEGE
        long stack = TaskSwitch.innerStack(cpu, dpl);
        int ssSel = (int) (stack >>> 32) & WORD_MASK;
        long ss = TaskSwitch.checkInnerStack(cpu, ssSel, dpl);
        int ssAttr = Descriptors.attributes(ss);
        int ssBase = Descriptors.base(ss);
        int params = Descriptors.gateParamCount(gate);
        int sp = (int) stack & Segmentation.stackMask(ssAttr);
        Segmentation.checkPush(cpu, ssAttr, Descriptors.limit(ss), ssBase, sp, CALL_GATE_FRAME + params, size,
                false, Fault.SS, ssSel & SEL_ERROR_MASK);
        Segmentation.checkEip(cpu, target, Descriptors.limit(code));
        // The parameters are read from the old stack at the old privilege: #SS(0) beyond its limit.
        for (int k = 0; k < params; k++) {
            Segmentation.readStack(cpu, k * size, size);
        }
        int oldSs = cpu.segSel[Cpu.SS];
        int oldEsp = cpu.regs[Cpu.ESP];
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, oldSs, false);
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, oldEsp, false);
        for (int k = params - 1; k >= 0; k--) {
            int value = Segmentation.readStack(cpu, k * size, size);
            sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, value, false);
        }
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.segSel[Cpu.CS], false);
        sp = Segmentation.pushChecked(cpu, ssAttr, ssBase, sp, size, cpu.eip, false);
        Segmentation.loadSs(cpu, ssSel, ss, dpl);
        Segmentation.setStackPointer(cpu, ssAttr, sp);
        Segmentation.loadCs(cpu, codeSel, code, dpl);
        cpu.eip = target;
    }

    // ---------------------------------------------------------------- RET

    /**
     * RETF (CB) and RETF imm16 (CA iw): pops EIP and CS, releases {@code immPop} bytes of
     * parameters, and on a return to an outer level pops ESP and SS from there (SDM Vol. 2 RET).
     */
    public static void farReturn(Cpu cpu, boolean op32, int immPop) {
        int size = op32 ? 4 : 2;
        int eip = Segmentation.readStack(cpu, 0, size);
        int cs = Segmentation.readStack(cpu, size, size) & WORD_MASK;
        if (!cpu.protectedMode() || cpu.v86()) {
            Segmentation.checkEip(cpu, eip, cpu.v86() ? V86_LIMIT : cpu.segLimit[Cpu.CS]);
            Segmentation.setStackPointer(cpu, cpu.segFlags[Cpu.SS],
                    Segmentation.stackPointer(cpu) + 2 * size + immPop);
            Segmentation.loadReal(cpu, Cpu.CS, cs);
            cpu.eip = eip;
            return;
        }
        long code = checkReturnCode(cpu, cs);
        int rpl = cs & SEL_RPL_MASK;
        if (rpl == cpu.cpl) {
            Segmentation.checkEip(cpu, eip, Descriptors.limit(code));
            Segmentation.setStackPointer(cpu, cpu.segFlags[Cpu.SS],
                    Segmentation.stackPointer(cpu) + 2 * size + immPop);
            Segmentation.loadCs(cpu, cs, code, rpl);
            cpu.eip = eip;
            return;
        }
        // RETURN-TO-OUTER-PRIVILEGE-LEVEL
        int esp = Segmentation.readStack(cpu, 2 * size + immPop, size);
        int ssSel = Segmentation.readStack(cpu, 3 * size + immPop, size) & WORD_MASK;
        long ss = checkReturnStack(cpu, ssSel, rpl, Fault.SS);
        Segmentation.checkEip(cpu, eip, Descriptors.limit(code));
        Segmentation.loadCs(cpu, cs, code, rpl);
        Segmentation.loadSs(cpu, ssSel, ss, rpl);
        Segmentation.setStackPointer(cpu, Descriptors.attributes(ss), esp + immPop);
        cpu.eip = eip;
        Segmentation.nullOuterSegments(cpu);
    }

    /**
     * The CS popped by RET or IRET (SDM Vol. 2 RET/IRET): null is #GP(0); beyond the table, not
     * code, RPL &lt; CPL, conforming with DPL &gt; RPL or non-conforming with DPL != RPL is
     * #GP(selector); not present is #NP(selector).
     */
    static long checkReturnCode(Cpu cpu, int cs) {
        if (Descriptors.isNull(cs)) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        long code = Descriptors.fetch(cpu, cs, Fault.GP);
        int attr = Descriptors.attributes(code);
        int rpl = cs & SEL_RPL_MASK;
        int dpl = Descriptors.dpl(attr);
        int error = cs & SEL_ERROR_MASK;
        if (!Descriptors.isCode(attr) || rpl < cpu.cpl
                || (Descriptors.isConformingCode(attr) ? dpl > rpl : dpl != rpl)) {
            throw cpu.fault.with(Fault.GP, error);
        }
        if (!Descriptors.present(attr)) {
            throw cpu.fault.with(Fault.NP, error);
        }
        return code;
    }

    /**
     * The SS popped by a return to privilege {@code rpl}: null is #GP(0); beyond the table,
     * RPL != {@code rpl}, not writable data or DPL != {@code rpl} is #GP(selector); not present
     * is {@code notPresent}(selector): #SS for RET (SDM Vol. 2 RET pseudocode), #NP for IRET
     * (SDM Vol. 2 IRET exception list), as Bochs 2.7 raises them.
     */
    static long checkReturnStack(Cpu cpu, int ssSel, int rpl, int notPresent) {
        if (Descriptors.isNull(ssSel)) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        long ss = Descriptors.fetch(cpu, ssSel, Fault.GP);
        int attr = Descriptors.attributes(ss);
        int error = ssSel & SEL_ERROR_MASK;
        if ((ssSel & SEL_RPL_MASK) != rpl || !Descriptors.isWritableData(attr) || Descriptors.dpl(attr) != rpl) {
            throw cpu.fault.with(Fault.GP, error);
        }
        if (!Descriptors.present(attr)) {
            throw cpu.fault.with(notPresent, error);
        }
        return ss;
    }
}
