package org.j386.cpu.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.j386.cpu.Cpu;
import org.j386.cpu.Cr0;
import org.j386.cpu.Descriptors;
import org.j386.cpu.Eflags;
import org.j386.cpu.Fault;
import org.j386.cpu.Interrupts;
import org.j386.cpu.Segmentation;
import org.j386.mmu.Pte;
import org.junit.jupiter.api.Test;

/** Hardware task switches (SDM Vol. 3A 7.3, table 7-2) through JMP, CALL, INT and IRET. */
class TaskSwitchTest {
    private static final int NEW_EIP = 0x6000;
    private static final int NEW_ESP = 0x5F000;
    private static final int TASK_GATE = Rig.FREE << 3;
    private static final int SPARE = (Rig.FREE + 1) << 3;
    /** TSS descriptor busy bit (type bit 1) as it sits in the high dword. */
    private static final int BUSY = Descriptors.TSS_BUSY;

    private final Rig rig = new Rig().enterProtectedMode();
    private final Cpu cpu = rig.cpu;

    /** Fills the dynamic part of a 32-bit TSS: registers EAX..EDI = 0x1000 * (r + 1), flat ring-0 segments. */
    private void tss32(int base, int eip, int eflags, int cs, int ss, int ds, int ldt) {
        rig.mem.write32(base + 0x20, eip);
        rig.mem.write32(base + 0x24, eflags);
        for (int r = 0; r < 8; r++) {
            rig.mem.write32(base + 0x28 + 4 * r, 0x1000 * (r + 1));
        }
        rig.mem.write32(base + 0x38, NEW_ESP);
        int[] sel = {ds, cs, ss, ds, ds, ds};
        for (int s = 0; s < 6; s++) {
            rig.mem.write32(base + 0x48 + 4 * s, sel[s]);
        }
        rig.mem.write32(base + 0x60, ldt);
    }

    private boolean busy(int selector) {
        return (rig.gdtEntry(selector >> 3) >>> 32 & BUSY) != 0;
    }

    private void loadRegisters() {
        for (int r = 0; r < 8; r++) {
            cpu.setReg(r, 0xA0 + r);
        }
        cpu.setReg(Cpu.ESP, Rig.STACK0_TOP - 0x100);
    }

    @Test
    void jumpSavesOldStateAndLoadsNew() {
        tss32(Rig.TSS_B, NEW_EIP, Eflags.FIXED_1 | Eflags.IF, Rig.CODE0, Rig.DATA0, Rig.DATA0, 0);
        loadRegisters();
        cpu.setEip(0x1234);
        cpu.setEflags(Eflags.FIXED_1 | Eflags.CF);
        Segmentation.farJump(cpu, Rig.SEL_TSS_B, 0, true);
        // old task saved (SDM 7.3 step 6)
        assertEquals(0x1234, rig.mem.read32(Rig.TSS_A + 0x20));
        assertEquals(Eflags.FIXED_1 | Eflags.CF, rig.mem.read32(Rig.TSS_A + 0x24));
        assertEquals(0xA0, rig.mem.read32(Rig.TSS_A + 0x28));
        assertEquals(Rig.STACK0_TOP - 0x100, rig.mem.read32(Rig.TSS_A + 0x38));
        assertEquals(0xA7, rig.mem.read32(Rig.TSS_A + 0x44));
        assertEquals(Rig.CODE0, rig.mem.read16(Rig.TSS_A + 0x4C));
        // busy bits and link (table 7-2: JMP)
        assertTrue(!busy(Rig.SEL_TSS_A), "old busy bit cleared");
        assertTrue(busy(Rig.SEL_TSS_B), "new busy bit set");
        assertEquals(0, rig.mem.read16(Rig.TSS_B), "no back link");
        // new task loaded
        assertEquals(Rig.SEL_TSS_B, cpu.trSelector());
        assertEquals(Rig.TSS_B, cpu.trBase());
        assertEquals(NEW_EIP, cpu.eip());
        assertEquals(Eflags.FIXED_1 | Eflags.IF, cpu.eflags(), "NT unchanged by JMP");
        assertEquals(0x1000, cpu.reg(Cpu.EAX));
        assertEquals(NEW_ESP, cpu.reg(Cpu.ESP));
        assertEquals(0x8000, cpu.reg(Cpu.EDI));
        assertEquals(Rig.CODE0, cpu.segSelector(Cpu.CS));
        assertEquals(Rig.DATA0, cpu.segSelector(Cpu.FS));
        assertEquals(-1, cpu.segLimit(Cpu.DS));
        assertNotEquals(0, cpu.cr(0) & Cr0.TS, "CR0.TS set");
    }

    @Test
    void tBitEndsTheSwitchInADebugTrapInTheNewTask() {
        tss32(Rig.TSS_B, NEW_EIP, Eflags.FIXED_1, Rig.CODE0, Rig.DATA0, Rig.DATA0, 0);
        rig.mem.write16(Rig.TSS_B + 0x64, 1);
        Rig.assertFault(Fault.DB, Fault.NO_ERROR_CODE, () -> Segmentation.farJump(cpu, Rig.SEL_TSS_B, 0, true));
        assertEquals(Rig.SEL_TSS_B, cpu.trSelector(), "the switch completed first");
        assertEquals(NEW_EIP, cpu.eip());
        assertNotEquals(0, cpu.dr(6) & (1 << 15), "DR6.BT");
    }

    @Test
    void tBitAfterAnErrorCodePushedThroughATaskGate() {
        tss32(Rig.TSS_B, NEW_EIP, Eflags.FIXED_1, Rig.CODE0, Rig.DATA0, Rig.DATA0, 0);
        rig.mem.write16(Rig.TSS_B + 0x64, 1);
        rig.setIdt(Fault.GP, Rig.gate(Descriptors.TASK_GATE, 0, Rig.SEL_TSS_B, 0, 0));
        Rig.assertFault(Fault.DB, Fault.NO_ERROR_CODE, () -> Interrupts.deliver(cpu, Fault.GP, 0x18, false));
        assertEquals(NEW_ESP - 4, cpu.reg(Cpu.ESP), "the error code stays on the new task's stack");
        assertEquals(0x18, rig.mem.read32(NEW_ESP - 4));
    }

    @Test
    void localBreakpointEnablesEndWithTheTask() {
        tss32(Rig.TSS_B, NEW_EIP, Eflags.FIXED_1, Rig.CODE0, Rig.DATA0, Rig.DATA0, 0);
        // L0 G0 L1 G1 LE GE and a length/type field: only the local bits go (SDM 17.2.4).
        org.j386.cpu.SystemInstructions.movToDr(cpu, 7, 0x000F0000 | 0x30F);
        Segmentation.farJump(cpu, Rig.SEL_TSS_B, 0, true);
        assertEquals(0x000F0000 | 0x20A | 0x400, cpu.dr(7));
    }

    @Test
    void callNestsAndIretReturns() {
        tss32(Rig.TSS_B, NEW_EIP, Eflags.FIXED_1, Rig.CODE0, Rig.DATA0, Rig.DATA0, 0);
        loadRegisters();
        cpu.setEip(0x1234);
        cpu.setEflags(Eflags.FIXED_1 | Eflags.ZF);
        Segmentation.farCall(cpu, Rig.SEL_TSS_B, 0, true);
        assertEquals(Rig.SEL_TSS_A, rig.mem.read16(Rig.TSS_B), "back link to the caller");
        assertEquals(Eflags.FIXED_1 | Eflags.NT, cpu.eflags(), "NT set by CALL");
        assertTrue(busy(Rig.SEL_TSS_A), "caller stays busy");
        assertTrue(busy(Rig.SEL_TSS_B));

        cpu.setEip(NEW_EIP + 0x10);
        cpu.setReg(Cpu.EAX, 0x5555);
        Interrupts.iret(cpu, true);
        assertEquals(Rig.SEL_TSS_A, cpu.trSelector());
        assertEquals(0x1234, cpu.eip());
        assertEquals(0xA0, cpu.reg(Cpu.EAX));
        assertEquals(Eflags.FIXED_1 | Eflags.ZF, cpu.eflags());
        assertTrue(!busy(Rig.SEL_TSS_B), "IRET clears the busy bit of the task it leaves");
        assertTrue(busy(Rig.SEL_TSS_A));
        assertEquals(NEW_EIP + 0x10, rig.mem.read32(Rig.TSS_B + 0x20));
        assertEquals(0x5555, rig.mem.read32(Rig.TSS_B + 0x28));
        assertEquals(Eflags.FIXED_1, rig.mem.read32(Rig.TSS_B + 0x24), "NT cleared in the saved EFLAGS");
    }

    @Test
    void jumpThroughTaskGate() {
        tss32(Rig.TSS_B, NEW_EIP, Eflags.FIXED_1, Rig.CODE0, Rig.DATA0, Rig.DATA0, 0);
        rig.setGdt(Rig.FREE, Rig.gate(Descriptors.TASK_GATE, 0, Rig.SEL_TSS_B, 0, 0));
        Segmentation.farJump(cpu, TASK_GATE, 0, true);
        assertEquals(Rig.SEL_TSS_B, cpu.trSelector());
        assertEquals(NEW_EIP, cpu.eip());
    }

    @Test
    void interruptThroughTaskGatePushesErrorCodeOnNewStack() {
        tss32(Rig.TSS_B, NEW_EIP, Eflags.FIXED_1, Rig.CODE0, Rig.DATA0, Rig.DATA0, 0);
        rig.setIdt(Fault.DF, Rig.gate(Descriptors.TASK_GATE, 0, Rig.SEL_TSS_B, 0, 0));
        cpu.setEip(0x4321);
        Interrupts.deliver(cpu, Fault.DF, 0, false);
        assertEquals(Rig.SEL_TSS_B, cpu.trSelector());
        assertEquals(NEW_EIP, cpu.eip());
        assertEquals(NEW_ESP - 4, cpu.reg(Cpu.ESP));
        assertEquals(0, rig.mem.read32(NEW_ESP - 4), "the error code");
        assertEquals(Rig.SEL_TSS_A, rig.mem.read16(Rig.TSS_B));
        assertNotEquals(0, cpu.eflags() & Eflags.NT);
        assertEquals(0x4321, rig.mem.read32(Rig.TSS_A + 0x20));
    }

    @Test
    void tssSelectorChecks() {
        tss32(Rig.TSS_B, NEW_EIP, Eflags.FIXED_1, Rig.CODE0, Rig.DATA0, Rig.DATA0, 0);
        // the current (busy) TSS
        Rig.assertFault(Fault.GP, Rig.SEL_TSS_A, () -> Segmentation.farJump(cpu, Rig.SEL_TSS_A, 0, true));
        // not present
        rig.setGdt(Rig.FREE + 1, Rig.descriptor(Rig.TSS_B, 0x67,
                Rig.systemAttr(Descriptors.TSS32_AVAILABLE, 0) & ~Descriptors.P));
        Rig.assertFault(Fault.NP, SPARE, () -> Segmentation.farJump(cpu, SPARE, 0, true));
        // limit below 0x67
        rig.setGdt(Rig.FREE + 1, Rig.descriptor(Rig.TSS_B, 0x66, Rig.systemAttr(Descriptors.TSS32_AVAILABLE, 0)));
        Rig.assertFault(Fault.TS, SPARE, () -> Segmentation.farJump(cpu, SPARE, 0, true));
        // task gate to a TSS in the LDT, and a task gate to a busy TSS
        rig.setGdt(Rig.FREE, Rig.gate(Descriptors.TASK_GATE, 0, Rig.SEL_TSS_B | Descriptors.SEL_TI, 0, 0));
        Rig.assertFault(Fault.GP, Rig.SEL_TSS_B | Descriptors.SEL_TI,
                () -> Segmentation.farJump(cpu, TASK_GATE, 0, true));
        rig.setGdt(Rig.FREE, Rig.gate(Descriptors.TASK_GATE, 0, Rig.SEL_TSS_A, 0, 0));
        Rig.assertFault(Fault.GP, Rig.SEL_TSS_A, () -> Segmentation.farCall(cpu, TASK_GATE, 0, true));
        // privilege: TSS and task gate DPL must be >= CPL and RPL
        rig.enterRing(3, 0x1000, Rig.STACK3_TOP, Eflags.FIXED_1);
        Rig.assertFault(Fault.GP, Rig.SEL_TSS_B, () -> Segmentation.farJump(cpu, Rig.SEL_TSS_B, 0, true));
        rig.setGdt(Rig.FREE, Rig.gate(Descriptors.TASK_GATE, 0, Rig.SEL_TSS_B, 0, 0));
        Rig.assertFault(Fault.GP, TASK_GATE, () -> Segmentation.farJump(cpu, TASK_GATE | 3, 0, true));
        assertEquals(Rig.SEL_TSS_A, cpu.trSelector(), "no switch happened");
        assertTrue(busy(Rig.SEL_TSS_A));
    }

    @Test
    void switchIntoSixteenBitTssAndBack() {
        int t = Rig.TSS16;
        rig.mem.write16(t + 0x0E, 0x0200);
        rig.mem.write16(t + 0x10, Eflags.FIXED_1 | Eflags.IF);
        for (int r = 0; r < 8; r++) {
            rig.mem.write16(t + 0x12 + 2 * r, 0x100 + r);
        }
        rig.mem.write16(t + 0x22, Rig.DATA16);
        rig.mem.write16(t + 0x24, Rig.CODE16);
        rig.mem.write16(t + 0x26, Rig.DATA16);
        rig.mem.write16(t + 0x28, Rig.DATA16);
        loadRegisters();
        cpu.setEflags(Eflags.FIXED_1 | Eflags.AC | Eflags.RF);
        cpu.setEip(0x1111);
        Segmentation.farCall(cpu, Rig.SEL_TSS16, 0, true);
        assertEquals(0x0200, cpu.eip());
        assertEquals(0xFFFF0100, cpu.reg(Cpu.EAX), "upper halves set to FFFFh (Bochs)");
        assertEquals(0xFFFF0107, cpu.reg(Cpu.EDI));
        assertEquals(Eflags.FIXED_1 | Eflags.IF | Eflags.NT, cpu.eflags(), "upper EFLAGS word is zero");
        assertEquals(0, cpu.segSelector(Cpu.FS), "FS and GS become null");
        assertEquals(0, cpu.segFlags(Cpu.GS) & Descriptors.P);
        assertEquals(Rig.CODE16, cpu.segSelector(Cpu.CS));
        assertEquals(Rig.SEL_TSS_A, rig.mem.read16(t));

        cpu.setReg(Cpu.EBX, 0x12345678);
        cpu.setEip(0x0210);
        Interrupts.iret(cpu, false);
        assertEquals(Rig.SEL_TSS_A, cpu.trSelector());
        assertEquals(0x1111, cpu.eip());
        assertEquals(Eflags.FIXED_1 | Eflags.AC | Eflags.RF, cpu.eflags());
        assertEquals(0x5678, rig.mem.read16(t + 0x18), "a 16-bit TSS saves BX");
        assertEquals(0x0210, rig.mem.read16(t + 0x0E));
        assertEquals(Eflags.FIXED_1 | Eflags.IF, rig.mem.read16(t + 0x10));
    }

    @Test
    void newTaskLdtIsLoadedAndUsed() {
        rig.setLdt(1, Rig.descriptor(0x200000, 0xFFFF, Rig.DATA16_ATTR));
        int ldtData = 1 << 3 | Descriptors.SEL_TI;
        tss32(Rig.TSS_B, NEW_EIP, Eflags.FIXED_1, Rig.CODE0, Rig.DATA0, ldtData, Rig.SEL_LDT);
        Segmentation.farJump(cpu, Rig.SEL_TSS_B, 0, true);
        assertEquals(Rig.SEL_LDT, cpu.ldtrSelector());
        assertEquals(Rig.LDT, cpu.ldtrBase());
        assertEquals(0x200000, cpu.segBase(Cpu.DS));
        assertEquals(ldtData, cpu.segSelector(Cpu.ES));
    }

    @Test
    void faultsLoadingTheNewTaskArriveInTheNewTask() {
        // A bad LDT selector: the switch completes (TR, registers), then #TS(LDT).
        tss32(Rig.TSS_B, NEW_EIP, Eflags.FIXED_1, Rig.CODE0, Rig.DATA0, Rig.DATA0, Rig.DATA0);
        Rig.assertFault(Fault.TS, Rig.DATA0, () -> Segmentation.farJump(cpu, Rig.SEL_TSS_B, 0, true));
        assertEquals(Rig.SEL_TSS_B, cpu.trSelector());
        assertEquals(NEW_EIP, cpu.eip());
        assertEquals(NEW_ESP, cpu.reg(Cpu.ESP));
        assertEquals(Rig.CODE0, cpu.segSelector(Cpu.CS), "selectors visible");
        assertEquals(0, cpu.segFlags(Cpu.DS) & Descriptors.P, "caches left unusable");
    }

    @Test
    void newTaskSegmentChecks() {
        // Each case: a fresh machine jumping to TSS B holding one bad selector.
        assertNewTaskFault(Rig.CODE0, 0, Rig.DATA0, Fault.TS, 0);
        assertNewTaskFault(Rig.CODE0, Rig.DATA1, Rig.DATA0, Fault.TS, Rig.DATA1 & ~3);
        assertNewTaskFault(Rig.CODE0, Rig.CODE0, Rig.DATA0, Fault.TS, Rig.CODE0);
        assertNewTaskFault(Rig.CODE0, Rig.DATA0, Rig.SEL_LDT, Fault.TS, Rig.SEL_LDT);
        assertNewTaskFault(Rig.CODE3, Rig.DATA3, Rig.DATA0, Fault.TS, Rig.DATA0);
        assertNewTaskFault(Rig.CODE0, Rig.DATA0, 0x400, Fault.TS, 0x400);
        assertNewTaskFault(0, Rig.DATA0, Rig.DATA0, Fault.TS, 0);
        assertNewTaskFault(Rig.DATA0, Rig.DATA0, Rig.DATA0, Fault.TS, Rig.DATA0);
        assertNewTaskFault(Rig.CODE1 & ~3, Rig.DATA0, Rig.DATA0, Fault.TS, Rig.CODE1 & ~3);
    }

    private void assertNewTaskFault(int cs, int ss, int ds, int vector, int error) {
        Rig r = new Rig().enterProtectedMode();
        r.mem.write32(Rig.TSS_B + 0x20, NEW_EIP);
        r.mem.write32(Rig.TSS_B + 0x24, Eflags.FIXED_1);
        r.mem.write32(Rig.TSS_B + 0x4C, cs);
        r.mem.write32(Rig.TSS_B + 0x50, ss);
        for (int off : new int[] {0x48, 0x54, 0x58, 0x5C}) {
            r.mem.write32(Rig.TSS_B + off, ds);
        }
        Rig.assertFault(vector, error, () -> Segmentation.farJump(r.cpu, Rig.SEL_TSS_B, 0, true));
        assertEquals(Rig.SEL_TSS_B, r.cpu.trSelector());
    }

    @Test
    void notPresentSegmentsOfTheNewTask() {
        Rig r = new Rig().enterProtectedMode();
        r.setGdt(Rig.FREE, Rig.descriptor(0, Rig.FLAT, Rig.DATA32 & ~Descriptors.P));
        r.mem.write32(Rig.TSS_B + 0x4C, Rig.CODE0);
        r.mem.write32(Rig.TSS_B + 0x50, Rig.FREE << 3);
        Rig.assertFault(Fault.SS, Rig.FREE << 3, () -> Segmentation.farJump(r.cpu, Rig.SEL_TSS_B, 0, true));
        Rig r2 = new Rig().enterProtectedMode();
        r2.setGdt(Rig.FREE, Rig.descriptor(0, Rig.FLAT, Rig.DATA32 & ~Descriptors.P));
        r2.mem.write32(Rig.TSS_B + 0x4C, Rig.CODE0);
        r2.mem.write32(Rig.TSS_B + 0x50, Rig.DATA0);
        r2.mem.write32(Rig.TSS_B + 0x5C, Rig.FREE << 3);
        Rig.assertFault(Fault.NP, Rig.FREE << 3, () -> Segmentation.farJump(r2.cpu, Rig.SEL_TSS_B, 0, true));
    }

    @Test
    void v86Task() {
        rig.mem.write32(Rig.TSS_B + 0x20, 0x0100);
        rig.mem.write32(Rig.TSS_B + 0x24, Eflags.FIXED_1 | Eflags.VM);
        rig.mem.write32(Rig.TSS_B + 0x38, 0xFFFE);
        int[] sel = {0x1000, 0x2000, 0x3000, 0x4000, 0x5000, 0x6000};
        for (int s = 0; s < 6; s++) {
            rig.mem.write32(Rig.TSS_B + 0x48 + 4 * s, sel[s]);
        }
        Segmentation.farJump(cpu, Rig.SEL_TSS_B, 0, true);
        assertEquals(3, cpu.cpl());
        assertNotEquals(0, cpu.eflags() & Eflags.VM);
        assertEquals(0x20000, cpu.segBase(Cpu.CS));
        assertEquals(0x30000, cpu.segBase(Cpu.SS));
        assertEquals(0x60000, cpu.segBase(Cpu.GS));
        assertEquals(0x0100, cpu.eip());
    }

    @Test
    void cr3IsLoadedFromA32BitTssWhenPaging() {
        int pd = 0x100000;
        int pd2 = 0x102000;
        int pt = 0x101000;
        for (int page = 0; page < 1024; page++) {
            rig.mem.write32(pt + 4 * page, page << 12 | Pte.P | Pte.RW);
        }
        rig.mem.write32(pd, pt | Pte.P | Pte.RW);
        rig.mem.write32(pd2, pt | Pte.P | Pte.RW);
        cpu.setCr(3, pd);
        cpu.setCr(0, cpu.cr(0) | Cr0.PG);
        tss32(Rig.TSS_B, NEW_EIP, Eflags.FIXED_1, Rig.CODE0, Rig.DATA0, Rig.DATA0, 0);
        rig.mem.write32(Rig.TSS_B + 0x1C, pd2);
        Segmentation.farJump(cpu, Rig.SEL_TSS_B, 0, true);
        assertEquals(pd2, cpu.cr(3));
    }

    @Test
    void unmappedNewTssFaultsBeforeAnythingChanges() {
        int pd = 0x100000;
        int pt = 0x101000;
        for (int page = 0; page < 1024; page++) {
            rig.mem.write32(pt + 4 * page, page << 12 | Pte.P | Pte.RW);
        }
        rig.mem.write32(pt + 4 * (Rig.TSS_B >>> 12), 0);
        rig.mem.write32(pd, pt | Pte.P | Pte.RW);
        cpu.setCr(3, pd);
        cpu.setCr(0, cpu.cr(0) | Cr0.PG);
        cpu.setEip(0x1234);
        Fault f = Rig.fault(() -> Segmentation.farJump(cpu, Rig.SEL_TSS_B, 0, true));
        assertEquals(Fault.PF, f.vector());
        assertEquals(Rig.TSS_B, cpu.cr(2));
        assertEquals(Rig.SEL_TSS_A, cpu.trSelector());
        assertTrue(busy(Rig.SEL_TSS_A));
        assertEquals(0, rig.mem.read32(Rig.TSS_A + 0x20), "old TSS not written");
    }
}
