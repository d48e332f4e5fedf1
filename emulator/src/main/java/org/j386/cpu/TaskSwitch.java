package org.j386.cpu;

import static org.j386.cpu.Descriptors.SEL_ERROR_MASK;
import static org.j386.cpu.Descriptors.SEL_RPL_MASK;
import static org.j386.cpu.Descriptors.SEL_TI;

import org.j386.mmu.Mmu;

/**
 * Hardware task switching (SDM Vol. 3A 7.3) and the TSS fields other parts read: the inner
 * stack pointers of SDM 7.2.1 and (in {@link IoPermission}) the I/O map base.
 *
 * <pre>
 *  32-bit TSS (SDM figure 7-2)            16-bit TSS (SDM figure 7-11)
 *  0x00 back link      0x38 ESP           0x00 back link   0x16 DX
 *  0x04 ESP0           0x3C EBP           0x02 SP0         0x18 BX
 *  0x08 SS0            0x40 ESI           0x04 SS0         0x1A SP
 *  0x0C ESP1           0x44 EDI           0x06 SP1         0x1C BP
 *  0x10 SS1            0x48 ES            0x08 SS1         0x1E SI
 *  0x14 ESP2           0x4C CS            0x0A SP2         0x20 DI
 *  0x18 SS2            0x50 SS            0x0C SS2         0x22 ES
 *  0x1C CR3            0x54 DS            0x0E IP          0x24 CS
 *  0x20 EIP            0x58 FS            0x10 FLAGS       0x26 SS
 *  0x24 EFLAGS         0x5C GS            0x12 AX          0x28 DS
 *  0x28 EAX            0x60 LDT           0x14 CX          0x2A LDT
 *  0x2C ECX            0x64 T (bit 0)
 *  0x30 EDX            0x66 I/O map base
 *  0x34 EBX
 * </pre>
 *
 * <p>Effects on busy bits, NT and the back link follow SDM table 7-2 (and Bochs, which checked
 * them on a 386, a 486 and a Pentium): JMP clears the old busy bit and sets the new one; CALL
 * and interrupts set the new busy bit, NT and the back link; IRET clears the old busy bit and
 * NT in the EFLAGS image saved for the old task. A switch into a 16-bit TSS sets the upper
 * halves of the general registers to FFFFh, loads FS and GS with null and the upper EFLAGS word
 * with zero (so no VM leaks in; QEMU 7.2 keeps both), as Bochs does.
 *
 * <p>The T bit of a 32-bit TSS (SDM 17.3.1.5) makes the switch end in a #DB trap with DR6.BT
 * set, raised by the caller once the transfer is complete: it reaches the core as a fault whose
 * roll-back point ({@code cpu.startEip/startEsp}) is already the new task's.
 */
public final class TaskSwitch {
    private TaskSwitch() { }

    /** What started the switch (SDM 7.3, table 7-2). */
    public static final int FROM_JMP = 0;
    public static final int FROM_CALL = 1;
    public static final int FROM_INT = 2;
    public static final int FROM_IRET = 3;

    // 32-bit TSS offsets.
    static final int TSS_BACK_LINK = 0x00;
    static final int TSS32_ESP0 = 0x04;
    /** ESPn then SSn (a dword each) for each of rings 0-2. */
    static final int TSS32_STACK_STRIDE = 8;
    static final int TSS32_SS_IN_STACK = 4;
    static final int TSS32_CR3 = 0x1C;
    static final int TSS32_EIP = 0x20;
    static final int TSS32_EFLAGS = 0x24;
    static final int TSS32_EAX = 0x28;
    static final int TSS32_ES = 0x48;
    static final int TSS32_SEG_STRIDE = 4;
    static final int TSS32_LDT = 0x60;
    /** Bit 0 of the word at 0x64: the debug trap flag T. */
    static final int TSS32_T = 0x64;
    static final int TSS_T_BIT = 1;
    static final int TSS32_IO_MAP_BASE = 0x66;
    /** DR6.BT: the #DB came from a task switch into a TSS with T set (SDM 17.2.3). */
    static final int DR6_BT = 1 << 15;
    /** The smallest limit a 32-bit TSS may have (SDM 7.2.2). */
    static final int TSS32_MIN_LIMIT = 0x67;
    /** The last byte the dynamic fields of a 32-bit TSS reach (GS at 0x5C..0x5F). */
    static final int TSS32_DYNAMIC_END = 0x5F;

    // 16-bit TSS offsets.
    static final int TSS16_SP0 = 0x02;
    /** SPn then SSn (a word each) for each of rings 0-2. */
    static final int TSS16_STACK_STRIDE = 4;
    static final int TSS16_SS_IN_STACK = 2;
    static final int TSS16_IP = 0x0E;
    static final int TSS16_FLAGS = 0x10;
    static final int TSS16_AX = 0x12;
    static final int TSS16_ES = 0x22;
    static final int TSS16_CS = 0x24;
    static final int TSS16_SS = 0x26;
    static final int TSS16_DS = 0x28;
    static final int TSS16_LDT = 0x2A;
    static final int TSS16_MIN_LIMIT = 0x2B;
    /** The last byte the dynamic fields of a 16-bit TSS reach (DS at 0x28..0x29). */
    static final int TSS16_DYNAMIC_END = 0x29;

    /** DR7 L0-L3 and LE: local breakpoints end with the task (SDM 17.2.4). */
    static final int DR7_LOCAL_ENABLES = 1 << 0 | 1 << 2 | 1 << 4 | 1 << 6 | 1 << 8;

    /** Upper register halves after a switch into a 16-bit TSS (Bochs). */
    private static final int TSS16_UPPER_HALVES = 0xFFFF0000;

    /** Whether the TSS attributes {@code attr} describe a 32-bit TSS. */
    static boolean is32(int attr) {
        return (Descriptors.type(attr) & Descriptors.SYSTEM_TYPE_32) != 0;
    }

    // ---------------------------------------------------------------- inner stacks (SDM 7.2.1)

    /**
     * SSn:ESPn of the current TSS for privilege level {@code dpl}: SS in bits 47:32, ESP in
     * bits 31:0 (a 16-bit TSS gives SP zero-extended). Beyond the TSS limit: #TS(TR selector).
     */
    static long innerStack(Cpu cpu, int dpl) {
        int ss;
        int esp;
        if (is32(cpu.trFlags)) {
            int offset = TSS32_ESP0 + TSS32_STACK_STRIDE * dpl;
            if (Integer.compareUnsigned(offset + TSS32_STACK_STRIDE - 1, cpu.trLimit) > 0) {
                throw cpu.fault.with(Fault.TS, cpu.trSel & SEL_ERROR_MASK);
            }
            esp = cpu.mmu.readSystem32(cpu.trBase + offset);
            ss = cpu.mmu.readSystem16(cpu.trBase + offset + TSS32_SS_IN_STACK);
        } else {
            int offset = TSS16_SP0 + TSS16_STACK_STRIDE * dpl;
            if (Integer.compareUnsigned(offset + TSS16_STACK_STRIDE - 1, cpu.trLimit) > 0) {
                throw cpu.fault.with(Fault.TS, cpu.trSel & SEL_ERROR_MASK);
            }
            esp = cpu.mmu.readSystem16(cpu.trBase + offset);
            ss = cpu.mmu.readSystem16(cpu.trBase + offset + TSS16_SS_IN_STACK);
        }
        return ((long) ss << 32) | (esp & 0xFFFFFFFFL);
    }

    /**
     * Checks the stack segment {@code ssSel} taken from the TSS for a switch to privilege
     * {@code dpl} (SDM Vol. 2 CALL and INT n, "inner privilege"): null is #TS(0); beyond the
     * table, an RPL or DPL other than {@code dpl} or not a writable data segment is
     * #TS(selector); not present is #SS(selector). Returns the descriptor.
     */
    static long checkInnerStack(Cpu cpu, int ssSel, int dpl) {
        if (Descriptors.isNull(ssSel)) {
            throw cpu.fault.with(Fault.TS, 0);
        }
        long d = Descriptors.fetch(cpu, ssSel, Fault.TS);
        int attr = Descriptors.attributes(d);
        int error = ssSel & SEL_ERROR_MASK;
        if ((ssSel & SEL_RPL_MASK) != dpl || Descriptors.dpl(attr) != dpl
                || !Descriptors.isWritableData(attr)) {
            throw cpu.fault.with(Fault.TS, error);
        }
        if (!Descriptors.present(attr)) {
            throw cpu.fault.with(Fault.SS, error);
        }
        return d;
    }

    // ---------------------------------------------------------------- entry points

    /**
     * A JMP, CALL or interrupt through the task gate {@code gate} (SDM 7.3, Vol. 2 JMP/CALL/INT
     * "TASK-GATE"): the TSS selector must be global and inside the GDT and name an available
     * TSS, else #GP(TSS selector); not present is #NP(TSS selector). The gate's own DPL and P
     * were checked by the caller. Returns whether the new TSS has T set (see {@link #debugTrap}).
     */
    static boolean throughTaskGate(Cpu cpu, long gate, int source) {
        int tssSel = Descriptors.gateSelector(gate);
        int error = tssSel & SEL_ERROR_MASK;
        if ((tssSel & SEL_TI) != 0) {
            throw cpu.fault.with(Fault.GP, error);
        }
        long d = Descriptors.fetch(cpu, tssSel, Fault.GP);
        int type = Descriptors.systemType(Descriptors.attributes(d));
        if (type != Descriptors.TSS16_AVAILABLE && type != Descriptors.TSS32_AVAILABLE) {
            throw cpu.fault.with(Fault.GP, error);
        }
        if (!Descriptors.present(Descriptors.attributes(d))) {
            throw cpu.fault.with(Fault.NP, error);
        }
        return switchTask(cpu, tssSel, d, source);
    }

    /**
     * IRET with EFLAGS.NT set (SDM Vol. 2 IRET, "TASK-RETURN"): back to the task whose selector
     * is the back link of the current TSS. It must be global, inside the GDT and a busy TSS,
     * else #TS(back link); not present is #NP(back link).
     */
    static void taskReturn(Cpu cpu) {
        int link = cpu.mmu.readSystem16(cpu.trBase + TSS_BACK_LINK);
        int error = link & SEL_ERROR_MASK;
        if ((link & SEL_TI) != 0) {
            throw cpu.fault.with(Fault.TS, error);
        }
        long d = Descriptors.fetch(cpu, link, Fault.TS);
        int type = Descriptors.systemType(Descriptors.attributes(d));
        if (type != Descriptors.TSS16_BUSY && type != Descriptors.TSS32_BUSY) {
            throw cpu.fault.with(Fault.TS, error);
        }
        if (!Descriptors.present(Descriptors.attributes(d))) {
            throw cpu.fault.with(Fault.NP, error);
        }
        boolean trap = switchTask(cpu, link, d, FROM_IRET);
        Segmentation.checkEip(cpu, cpu.eip, cpu.segLimit[Cpu.CS]);
        if (trap) {
            throw debugTrap(cpu);
        }
    }

    /** The #DB a switch into a TSS with T set ends in (SDM 17.3.1.5): DR6.BT, no error code. */
    static Fault debugTrap(Cpu cpu) {
        cpu.dr[6] |= DR6_BT;
        return cpu.fault.with(Fault.DB, Fault.NO_ERROR_CODE);
    }

    /**
     * Switches from the current task to the TSS {@code tssSel} whose descriptor {@code d} the
     * caller has checked (type, privilege, presence). {@code cpu.eip} must hold the address the
     * old task resumes at. Faults before the commit point (TSS limits, paging) leave the old
     * task intact; faults loading the new task's segments arrive in the new task (SDM 7.3
     * step 12, table 7-1). The caller then checks EIP against the new CS limit and, if this
     * returns true (T set in a 32-bit TSS), throws {@link #debugTrap}.
     */
    static boolean switchTask(Cpu cpu, int tssSel, long d, int source) {
        int newAttr = Descriptors.attributes(d);
        boolean new32 = is32(newAttr);
        int newBase = Descriptors.base(d);
        int newLimit = Descriptors.limit(d);
        if (Integer.compareUnsigned(newLimit, new32 ? TSS32_MIN_LIMIT : TSS16_MIN_LIMIT) < 0) {
            throw cpu.fault.with(Fault.TS, tssSel & SEL_ERROR_MASK);
        }
        boolean old32 = is32(cpu.trFlags);
        int oldBase = cpu.trBase;
        if (Integer.compareUnsigned(cpu.trLimit, old32 ? TSS32_DYNAMIC_END : TSS16_DYNAMIC_END) < 0) {
            throw cpu.fault.with(Fault.TS, cpu.trSel & SEL_ERROR_MASK);
        }
        // Probe every page touched before anything changes (SDM 7.3 step 4-5 happen atomically).
        int newEnd = new32 ? TSS32_MIN_LIMIT : TSS16_MIN_LIMIT;
        cpu.mmu.translate(newBase, Mmu.READ, false);
        cpu.mmu.translate(newBase + newEnd, Mmu.READ, false);
        if (source == FROM_CALL || source == FROM_INT) {
            cpu.mmu.translate(newBase, Mmu.WRITE, false);
            cpu.mmu.translate(newBase + 1, Mmu.WRITE, false);
        }
        int saveStart = old32 ? TSS32_EIP : TSS16_IP;
        int saveEnd = old32 ? TSS32_DYNAMIC_END : TSS16_DYNAMIC_END;
        cpu.mmu.translate(oldBase + saveStart, Mmu.WRITE, false);
        cpu.mmu.translate(oldBase + saveEnd, Mmu.WRITE, false);

        if (source == FROM_JMP || source == FROM_IRET) {
            Descriptors.setTssBusy(cpu, cpu.trSel, false);
        }
        int oldEflags = cpu.getEflags();
        if (source == FROM_IRET) {
            oldEflags &= ~Eflags.NT;
        }
        saveState(cpu, old32, oldBase, oldEflags);
        if (source == FROM_CALL || source == FROM_INT) {
            cpu.mmu.writeSystem16(newBase + TSS_BACK_LINK, cpu.trSel);
        }
        if (source != FROM_IRET) {
            Descriptors.setTssBusy(cpu, tssSel, true);
        }

        // Commit point: from here on, faults belong to the new task.
        cpu.trSel = tssSel;
        cpu.trBase = newBase;
        cpu.trLimit = newLimit;
        cpu.trFlags = newAttr | Descriptors.TSS_BUSY;
        cpu.setCr(0, cpu.cr(0) | Cr0.TS);
        cpu.dr[7] &= ~DR7_LOCAL_ENABLES;
        loadState(cpu, new32, newBase, source);
        return new32 && (cpu.mmu.readSystem16(newBase + TSS32_T) & TSS_T_BIT) != 0;
    }

    /** SDM 7.3 step 6: the dynamic fields of the old task go to its TSS. */
    private static void saveState(Cpu cpu, boolean old32, int base, int eflags) {
        Mmu mmu = cpu.mmu;
        if (old32) {
            mmu.writeSystem32(base + TSS32_EIP, cpu.eip);
            mmu.writeSystem32(base + TSS32_EFLAGS, eflags);
            for (int r = Cpu.EAX; r <= Cpu.EDI; r++) {
                mmu.writeSystem32(base + TSS32_EAX + 4 * r, cpu.regs[r]);
            }
            for (int s = Cpu.ES; s <= Cpu.GS; s++) {
                mmu.writeSystem16(base + TSS32_ES + TSS32_SEG_STRIDE * s, cpu.segSel[s]);
            }
        } else {
            mmu.writeSystem16(base + TSS16_IP, cpu.eip);
            mmu.writeSystem16(base + TSS16_FLAGS, eflags);
            for (int r = Cpu.EAX; r <= Cpu.EDI; r++) {
                mmu.writeSystem16(base + TSS16_AX + 2 * r, cpu.regs[r]);
            }
            mmu.writeSystem16(base + TSS16_ES, cpu.segSel[Cpu.ES]);
            mmu.writeSystem16(base + TSS16_CS, cpu.segSel[Cpu.CS]);
            mmu.writeSystem16(base + TSS16_SS, cpu.segSel[Cpu.SS]);
            mmu.writeSystem16(base + TSS16_DS, cpu.segSel[Cpu.DS]);
        }
    }

    /** SDM 7.3 steps 8-11: registers, CR3 and EFLAGS, then LDTR and the segment registers. */
    private static void loadState(Cpu cpu, boolean new32, int base, int source) {
        Mmu mmu = cpu.mmu;
        int eflags;
        int ldtSel;
        int[] sel = cpu.segSel;
        int es;
        int cs;
        int ss;
        int ds;
        int fs;
        int gs;
        if (new32) {
            if ((cpu.cr(0) & Cr0.PG) != 0) {
                cpu.setCr(3, mmu.readSystem32(base + TSS32_CR3));
            }
            cpu.eip = mmu.readSystem32(base + TSS32_EIP);
            eflags = mmu.readSystem32(base + TSS32_EFLAGS);
            for (int r = Cpu.EAX; r <= Cpu.EDI; r++) {
                cpu.regs[r] = mmu.readSystem32(base + TSS32_EAX + 4 * r);
            }
            es = mmu.readSystem16(base + TSS32_ES + TSS32_SEG_STRIDE * Cpu.ES);
            cs = mmu.readSystem16(base + TSS32_ES + TSS32_SEG_STRIDE * Cpu.CS);
            ss = mmu.readSystem16(base + TSS32_ES + TSS32_SEG_STRIDE * Cpu.SS);
            ds = mmu.readSystem16(base + TSS32_ES + TSS32_SEG_STRIDE * Cpu.DS);
            fs = mmu.readSystem16(base + TSS32_ES + TSS32_SEG_STRIDE * Cpu.FS);
            gs = mmu.readSystem16(base + TSS32_ES + TSS32_SEG_STRIDE * Cpu.GS);
            ldtSel = mmu.readSystem16(base + TSS32_LDT);
        } else {
            cpu.eip = mmu.readSystem16(base + TSS16_IP);
            eflags = mmu.readSystem16(base + TSS16_FLAGS);
            for (int r = Cpu.EAX; r <= Cpu.EDI; r++) {
                cpu.regs[r] = TSS16_UPPER_HALVES | mmu.readSystem16(base + TSS16_AX + 2 * r);
            }
            es = mmu.readSystem16(base + TSS16_ES);
            cs = mmu.readSystem16(base + TSS16_CS);
            ss = mmu.readSystem16(base + TSS16_SS);
            ds = mmu.readSystem16(base + TSS16_DS);
            fs = 0;
            gs = 0;
            ldtSel = mmu.readSystem16(base + TSS16_LDT);
        }
        if (source == FROM_CALL || source == FROM_INT) {
            eflags |= Eflags.NT;
        }
        cpu.setEflags(eflags);
        // A fault from here on is the new task's: the core's roll-back must not restore the old EIP/ESP.
        cpu.startEip = cpu.eip;
        cpu.startEsp = cpu.regs[Cpu.ESP];
        // The selectors are visible at once, with unusable caches until each one is checked.
        cpu.loadSegmentCache(Cpu.ES, es, 0, 0, 0);
        cpu.loadSegmentCache(Cpu.CS, cs, 0, 0, 0);
        cpu.loadSegmentCache(Cpu.SS, ss, 0, 0, 0);
        cpu.loadSegmentCache(Cpu.DS, ds, 0, 0, 0);
        cpu.loadSegmentCache(Cpu.FS, fs, 0, 0, 0);
        cpu.loadSegmentCache(Cpu.GS, gs, 0, 0, 0);
        cpu.ldtrSel = ldtSel;
        cpu.ldtrFlags = 0;
        loadLdt(cpu, ldtSel);
        if (cpu.v86()) {
            cpu.setCpl(Descriptors.PL3);
            for (int s = Cpu.ES; s <= Cpu.GS; s++) {
                Segmentation.loadReal(cpu, s, sel[s]);
            }
            return;
        }
        // As Bochs: CPL 3 while SS is checked, so a fault here switches to a TSS stack.
        cpu.setCpl(Descriptors.PL3);
        loadStackSegment(cpu, ss, cs & SEL_RPL_MASK);
        cpu.setCpl(cs & SEL_RPL_MASK);
        loadDataSegment(cpu, Cpu.DS, ds);
        loadDataSegment(cpu, Cpu.ES, es);
        loadDataSegment(cpu, Cpu.FS, fs);
        loadDataSegment(cpu, Cpu.GS, gs);
        loadCodeSegment(cpu, cs);
    }

    /** The new task's LDT (SDM 7.3 table 7-1): TI set, beyond the GDT, not an LDT or not present: #TS(LDT). */
    private static void loadLdt(Cpu cpu, int ldtSel) {
        if ((ldtSel & SEL_TI) != 0) {
            throw cpu.fault.with(Fault.TS, ldtSel & SEL_ERROR_MASK);
        }
        if (Descriptors.isNull(ldtSel)) {
            return;
        }
        long d = Descriptors.fetch(cpu, ldtSel, Fault.TS);
        int attr = Descriptors.attributes(d);
        if (Descriptors.systemType(attr) != Descriptors.LDT || !Descriptors.present(attr)) {
            throw cpu.fault.with(Fault.TS, ldtSel & SEL_ERROR_MASK);
        }
        cpu.ldtrBase = Descriptors.base(d);
        cpu.ldtrLimit = Descriptors.limit(d);
        cpu.ldtrFlags = attr;
    }

    private static void loadStackSegment(Cpu cpu, int ss, int newCpl) {
        int error = ss & SEL_ERROR_MASK;
        if (Descriptors.isNull(ss)) {
            throw cpu.fault.with(Fault.TS, error);
        }
        long d = Descriptors.fetch(cpu, ss, Fault.TS);
        int attr = Descriptors.attributes(d);
        if (!Descriptors.isWritableData(attr)) {
            throw cpu.fault.with(Fault.TS, error);
        }
        if (!Descriptors.present(attr)) {
            throw cpu.fault.with(Fault.SS, error);
        }
        if (Descriptors.dpl(attr) != newCpl || (ss & SEL_RPL_MASK) != newCpl) {
            throw cpu.fault.with(Fault.TS, error);
        }
        Segmentation.loadDescriptor(cpu, Cpu.SS, ss, d);
    }

    private static void loadDataSegment(Cpu cpu, int sreg, int selector) {
        if (Descriptors.isNull(selector)) {
            return;
        }
        int error = selector & SEL_ERROR_MASK;
        long d = Descriptors.fetch(cpu, selector, Fault.TS);
        int attr = Descriptors.attributes(d);
        if (!Descriptors.isReadable(attr)) {
            throw cpu.fault.with(Fault.TS, error);
        }
        int dpl = Descriptors.dpl(attr);
        if (!Descriptors.isConformingCode(attr) && ((selector & SEL_RPL_MASK) > dpl || cpu.cpl > dpl)) {
            throw cpu.fault.with(Fault.TS, error);
        }
        if (!Descriptors.present(attr)) {
            throw cpu.fault.with(Fault.NP, error);
        }
        Segmentation.loadDescriptor(cpu, sreg, selector, d);
    }

    private static void loadCodeSegment(Cpu cpu, int cs) {
        int error = cs & SEL_ERROR_MASK;
        if (Descriptors.isNull(cs)) {
            throw cpu.fault.with(Fault.TS, error);
        }
        long d = Descriptors.fetch(cpu, cs, Fault.TS);
        int attr = Descriptors.attributes(d);
        int rpl = cs & SEL_RPL_MASK;
        int dpl = Descriptors.dpl(attr);
        if (!Descriptors.isCode(attr)) {
            throw cpu.fault.with(Fault.TS, error);
        }
        if (Descriptors.isConformingCode(attr) ? dpl > rpl : dpl != rpl) {
            throw cpu.fault.with(Fault.TS, error);
        }
        if (!Descriptors.present(attr)) {
            throw cpu.fault.with(Fault.NP, error);
        }
        Segmentation.loadCs(cpu, cs, d, rpl);
    }
}
