package org.j386.cpu.system;

import static org.j386.cpu.Descriptors.INT_GATE16;
import static org.j386.cpu.Descriptors.INT_GATE32;
import static org.j386.cpu.Descriptors.TRAP_GATE32;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.j386.cpu.Cpu;
import org.j386.cpu.Descriptors;
import org.j386.cpu.Eflags;
import org.j386.cpu.Fault;
import org.j386.cpu.Interrupts;
import org.j386.mmu.Pte;
import org.junit.jupiter.api.Test;

/** Interrupt and exception delivery through the IVT and the IDT (SDM Vol. 3A 6.10-6.13, Vol. 2 INT n). */
class InterruptDeliveryTest {
    private static final int HANDLER = 0x5000;
    private static final int USER_EIP = 0x1000;
    private static final int NO_ERROR = Fault.NO_ERROR_CODE;
    /** EXT, error code bit 0 (SDM 6.13). */
    private static final int EXT = Descriptors.ERR_EXT;
    /** IDT, error code bit 1. */
    private static final int IDT = Descriptors.ERR_IDT;

    private final Rig rig = new Rig().enterProtectedMode();
    private final Cpu cpu = rig.cpu;

    private static int idtError(int vector) {
        return vector * 8 | IDT;
    }

    @Test
    void samePrivilegeInterruptGatePushesEflagsCsEipAndClearsIfTf() {
        rig.idtGate(0x30, INT_GATE32, 0, Rig.CODE0, HANDLER);
        cpu.setEflags(Eflags.FIXED_1 | Eflags.IF | Eflags.TF | Eflags.NT | Eflags.CF);
        cpu.setEip(0x1234);
        int esp = cpu.reg(Cpu.ESP);
        Interrupts.deliver(cpu, 0x30, NO_ERROR, true);
        assertEquals(HANDLER, cpu.eip());
        assertEquals(esp - 12, cpu.reg(Cpu.ESP));
        assertEquals(0x1234, rig.stack(0));
        assertEquals(Rig.CODE0, rig.stack(1));
        assertEquals(Eflags.FIXED_1 | Eflags.IF | Eflags.TF | Eflags.NT | Eflags.CF, rig.stack(2));
        assertEquals(Eflags.FIXED_1 | Eflags.CF, cpu.eflags(), "IF, TF, NT cleared (SDM 6.12.1)");
        assertEquals(0, cpu.cpl());
    }

    @Test
    void trapGateKeepsIf() {
        rig.idtGate(0x31, TRAP_GATE32, 0, Rig.CODE0, HANDLER);
        cpu.setEflags(Eflags.FIXED_1 | Eflags.IF);
        Interrupts.deliver(cpu, 0x31, NO_ERROR, true);
        assertEquals(Eflags.FIXED_1 | Eflags.IF, cpu.eflags());
    }

    @Test
    void errorCodeIsPushedBelowEip() {
        rig.idtGate(Fault.GP, INT_GATE32, 0, Rig.CODE0, HANDLER);
        int esp = cpu.reg(Cpu.ESP);
        cpu.setEip(0x2222);
        Interrupts.deliver(cpu, Fault.GP, 0x1234, false);
        assertEquals(esp - 16, cpu.reg(Cpu.ESP));
        assertEquals(0x1234, rig.stack(0));
        assertEquals(0x2222, rig.stack(1));
        assertEquals(Rig.CODE0, rig.stack(2));
    }

    @Test
    void ring3ToRing0SwitchesToTssStack() {
        rig.idtGate(Fault.PF, INT_GATE32, 0, Rig.CODE0, HANDLER);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1 | Eflags.IF);
        Interrupts.deliver(cpu, Fault.PF, 6, false);
        assertEquals(0, cpu.cpl());
        assertEquals(Rig.CODE0, cpu.segSelector(Cpu.CS));
        assertEquals(Rig.DATA0, cpu.segSelector(Cpu.SS));
        assertEquals(Rig.STACK0_TOP - 24, cpu.reg(Cpu.ESP), "SS0:ESP0 from the TSS, 6 dwords pushed");
        assertEquals(6, rig.stack(0));
        assertEquals(USER_EIP, rig.stack(1));
        assertEquals(Rig.CODE3, rig.stack(2));
        assertEquals(Eflags.FIXED_1 | Eflags.IF, rig.stack(3));
        assertEquals(Rig.STACK3_TOP, rig.stack(4));
        assertEquals(Rig.DATA3, rig.stack(5));
        assertEquals(HANDLER, cpu.eip());
        assertEquals(Eflags.FIXED_1, cpu.eflags());
        assertEquals(Rig.DATA3, cpu.segSelector(Cpu.DS), "data segments are left for the handler");
    }

    @Test
    void ring3ToRing1UsesSs1Esp1() {
        rig.idtGate(0x40, INT_GATE32, 3, Rig.CODE1, HANDLER);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        Interrupts.deliver(cpu, 0x40, NO_ERROR, true);
        assertEquals(1, cpu.cpl());
        assertEquals(Rig.CODE1, cpu.segSelector(Cpu.CS));
        assertEquals(Rig.DATA1, cpu.segSelector(Cpu.SS));
        assertEquals(Rig.STACK1_TOP - 20, cpu.reg(Cpu.ESP));
    }

    @Test
    void sixteenBitGateIgnoresHighOffsetAndPushesWords() {
        rig.setIdt(0x50, Rig.gate(INT_GATE16, 0, Rig.CODE16, 0xABCD1234, 0));
        cpu.setEip(0x00015678);
        cpu.setEflags(Eflags.FIXED_1 | Eflags.IF);
        int esp = cpu.reg(Cpu.ESP);
        Interrupts.deliver(cpu, 0x50, NO_ERROR, true);
        assertEquals(0x1234, cpu.eip(), "a 16-bit gate has no high offset word (QEMU 7.2 uses it)");
        assertEquals(esp - 6, cpu.reg(Cpu.ESP));
        int sp = cpu.reg(Cpu.ESP);
        assertEquals(0x5678, rig.mem.read16(sp));
        assertEquals(Rig.CODE0, rig.mem.read16(sp + 2));
        assertEquals(Eflags.FIXED_1 | Eflags.IF, rig.mem.read16(sp + 4));
        assertEquals(Rig.CODE16, cpu.segSelector(Cpu.CS));
    }

    @Test
    void sixteenBitGateFromRing3PushesWordFrameOnInnerStack() {
        rig.setIdt(Fault.GP, Rig.gate(INT_GATE16, 0, Rig.CODE16, 0x0100, 0));
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        Interrupts.deliver(cpu, Fault.GP, 0x48, false);
        int sp = cpu.reg(Cpu.ESP);
        assertEquals(Rig.STACK0_TOP - 12, sp);
        assertEquals(0x48, rig.mem.read16(sp));
        assertEquals(USER_EIP, rig.mem.read16(sp + 2));
        assertEquals(Rig.CODE3, rig.mem.read16(sp + 4));
        assertEquals(Eflags.FIXED_1, rig.mem.read16(sp + 6));
        assertEquals(Rig.STACK3_TOP & 0xFFFF, rig.mem.read16(sp + 8));
        assertEquals(Rig.DATA3, rig.mem.read16(sp + 10));
    }

    @Test
    void softwareInterruptNeedsGateDplAtLeastCpl() {
        rig.idtGate(0x80, INT_GATE32, 0, Rig.CODE0, HANDLER);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        Rig.assertFault(Fault.GP, idtError(0x80), () -> Interrupts.deliver(cpu, 0x80, NO_ERROR, true));
        assertEquals(3, cpu.cpl(), "nothing changed");
        assertEquals(USER_EIP, cpu.eip());
        // An exception through the same gate ignores the gate's DPL.
        Interrupts.deliver(cpu, 0x80, NO_ERROR, false);
        assertEquals(0, cpu.cpl());
    }

    @Test
    void conformingHandlerRunsAtCurrentPrivilegeOnCurrentStack() {
        rig.setGdt(Rig.FREE, Rig.descriptor(0, Rig.FLAT, Rig.CODE32 | Descriptors.CONFORMING));
        rig.idtGate(0x41, INT_GATE32, 3, Rig.FREE << 3, HANDLER);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        Interrupts.deliver(cpu, 0x41, NO_ERROR, true);
        assertEquals(3, cpu.cpl());
        assertEquals(Rig.FREE << 3 | 3, cpu.segSelector(Cpu.CS), "CS.RPL = CPL");
        assertEquals(Rig.STACK3_TOP - 12, cpu.reg(Cpu.ESP));
    }

    @Test
    void idtLimitIsGpWithIdtAndExtBits() {
        cpu.setIdtr(Rig.IDT, 0x7F);
        Rig.assertFault(Fault.GP, idtError(0x10) | EXT, () -> Interrupts.deliver(cpu, 0x10, NO_ERROR, false));
        Rig.assertFault(Fault.GP, idtError(0x10), () -> Interrupts.deliver(cpu, 0x10, NO_ERROR, true));
        rig.idtGate(0x0F, INT_GATE32, 0, Rig.CODE0, HANDLER);
        Interrupts.deliver(cpu, 0x0F, NO_ERROR, true);
        assertEquals(HANDLER, cpu.eip(), "the last gate inside the limit works");
    }

    @Test
    void gateChecks() {
        // not present
        rig.setIdt(0x20, Rig.gate(INT_GATE32, 0, Rig.CODE0, HANDLER, 0) & ~((long) Descriptors.P << 32));
        Rig.assertFault(Fault.NP, idtError(0x20) | EXT, () -> Interrupts.deliver(cpu, 0x20, NO_ERROR, false));
        // a call gate is no interrupt gate
        rig.setIdt(0x21, Rig.gate(Descriptors.CALL_GATE32, 0, Rig.CODE0, HANDLER, 0));
        Rig.assertFault(Fault.GP, idtError(0x21), () -> Interrupts.deliver(cpu, 0x21, NO_ERROR, true));
        // a code segment descriptor in the IDT
        rig.setIdt(0x22, Rig.descriptor(0, Rig.FLAT, Rig.CODE32));
        Rig.assertFault(Fault.GP, idtError(0x22) | EXT, () -> Interrupts.deliver(cpu, 0x22, 0, false));
    }

    @Test
    void targetCodeSegmentChecks() {
        rig.idtGate(0x23, INT_GATE32, 0, 0, HANDLER);
        Rig.assertFault(Fault.GP, EXT, () -> Interrupts.deliver(cpu, 0x23, NO_ERROR, false));
        Rig.assertFault(Fault.GP, 0, () -> Interrupts.deliver(cpu, 0x23, NO_ERROR, true));
        rig.idtGate(0x24, INT_GATE32, 0, 0x400, HANDLER);
        Rig.assertFault(Fault.GP, 0x400 | EXT, () -> Interrupts.deliver(cpu, 0x24, NO_ERROR, false));
        rig.idtGate(0x25, INT_GATE32, 0, Rig.DATA0, HANDLER);
        Rig.assertFault(Fault.GP, Rig.DATA0 | EXT, () -> Interrupts.deliver(cpu, 0x25, NO_ERROR, false));
        rig.setGdt(Rig.FREE, Rig.descriptor(0, Rig.FLAT, Rig.CODE32 & ~Descriptors.P));
        rig.idtGate(0x26, INT_GATE32, 0, Rig.FREE << 3, HANDLER);
        Rig.assertFault(Fault.NP, Rig.FREE << 3 | EXT, () -> Interrupts.deliver(cpu, 0x26, NO_ERROR, false));
        // a ring-3 handler cannot be entered from ring 0 (DPL > CPL)
        rig.idtGate(0x27, INT_GATE32, 0, Rig.CODE3, HANDLER);
        Rig.assertFault(Fault.GP, (Rig.CODE3 & ~3) | EXT, () -> Interrupts.deliver(cpu, 0x27, NO_ERROR, false));
        // the entry point must lie inside the handler's segment
        rig.setGdt(Rig.FREE + 1, Rig.descriptor(0, 0xFFF, Rig.CODE32 & ~Descriptors.G));
        rig.idtGate(0x28, INT_GATE32, 0, (Rig.FREE + 1) << 3, 0x1000);
        Rig.assertFault(Fault.GP, EXT, () -> Interrupts.deliver(cpu, 0x28, NO_ERROR, false));
        Rig.assertFault(Fault.GP, 0, () -> Interrupts.deliver(cpu, 0x28, NO_ERROR, true));
    }

    @Test
    void innerStackChecksRaiseTsAndSs() {
        rig.idtGate(0x60, INT_GATE32, 3, Rig.CODE0, HANDLER);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        int ss0 = Rig.TSS_A + 8;
        rig.mem.write16(ss0, 0);
        Rig.assertFault(Fault.TS, 0, () -> Interrupts.deliver(cpu, 0x60, NO_ERROR, true));
        Rig.assertFault(Fault.TS, EXT, () -> Interrupts.deliver(cpu, 0x60, NO_ERROR, false));
        rig.mem.write16(ss0, Rig.DATA1);
        Rig.assertFault(Fault.TS, Rig.DATA1 & ~3, () -> Interrupts.deliver(cpu, 0x60, NO_ERROR, true));
        rig.mem.write16(ss0, Rig.DATA1 & ~3);
        Rig.assertFault(Fault.TS, Rig.DATA1 & ~3, () -> Interrupts.deliver(cpu, 0x60, NO_ERROR, true));
        rig.mem.write16(ss0, Rig.CODE0);
        Rig.assertFault(Fault.TS, Rig.CODE0, () -> Interrupts.deliver(cpu, 0x60, NO_ERROR, true));
        rig.setGdt(Rig.FREE, Rig.descriptor(0, Rig.FLAT, Rig.DATA32 & ~Descriptors.P));
        rig.mem.write16(ss0, Rig.FREE << 3);
        Rig.assertFault(Fault.SS, Rig.FREE << 3 | EXT, () -> Interrupts.deliver(cpu, 0x60, NO_ERROR, false));
        // a 20-byte stack segment: ESP0 = 0x10 leaves 16 bytes, too few for the 20-byte frame
        rig.setGdt(Rig.FREE, Rig.descriptor(0x60000, 0x13, Rig.DATA32 & ~Descriptors.G));
        rig.mem.write32(Rig.TSS_A + 4, 0x10);
        Rig.assertFault(Fault.SS, Rig.FREE << 3, () -> Interrupts.deliver(cpu, 0x60, NO_ERROR, true));
        assertEquals(3, cpu.cpl());
        assertEquals(Rig.STACK3_TOP, cpu.reg(Cpu.ESP), "nothing changed");
        assertEquals(0, rig.mem.read32(0x60000 + 0xC), "nothing pushed");
        rig.mem.write32(Rig.TSS_A + 4, 0x14);
        Interrupts.deliver(cpu, 0x60, NO_ERROR, true);
        assertEquals(0, cpu.reg(Cpu.ESP), "20 bytes fit exactly");
    }

    @Test
    void tssTooShortForTheStackPointerIsTs() {
        // TR holds a TSS whose limit (9) ends inside ESP0/SS0 (bytes 4..11).
        Rig small = new Rig().enterProtectedMode();
        small.setGdt(Rig.FREE, Rig.descriptor(Rig.TSS_B, 9, Rig.systemAttr(Descriptors.TSS32_AVAILABLE, 0)));
        small.cpu.setReg(Cpu.EAX, Rig.FREE << 3);
        org.j386.cpu.SystemInstructions.group6(small.cpu, 3, true, Cpu.EAX, 0, 0, true);
        small.idtGate(0x61, INT_GATE32, 3, Rig.CODE0, HANDLER);
        small.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        Rig.assertFault(Fault.TS, Rig.FREE << 3, () -> Interrupts.deliver(small.cpu, 0x61, NO_ERROR, true));
    }

    @Test
    void samePrivilegeStackOverflowIsSs0() {
        rig.setGdt(Rig.FREE, Rig.descriptor(0x60000, 0xB, Rig.DATA32 & ~Descriptors.G));
        rig.cpu.loadSegmentCache(Cpu.SS, Rig.FREE << 3, 0x60000, 0xB, (Rig.DATA32 & ~Descriptors.G) | Descriptors.ACCESSED);
        rig.cpu.setReg(Cpu.ESP, 0xC);
        rig.idtGate(Fault.GP, INT_GATE32, 0, Rig.CODE0, HANDLER);
        Rig.assertFault(Fault.SS, EXT, () -> Interrupts.deliver(cpu, Fault.GP, 0, false));
        assertEquals(0xC, cpu.reg(Cpu.ESP));
        Interrupts.deliver(cpu, Fault.GP, NO_ERROR, true);
        assertEquals(0, cpu.reg(Cpu.ESP), "three dwords fit, four do not");
    }

    @Test
    void pageFaultOnTheNewStackChangesNothingAndHasNoExt() {
        int pd = 0x100000;
        int pt = 0x101000;
        rig.mem.write32(pd, pt | Pte.P | Pte.RW | Pte.US);
        for (int page = 0; page < 1024; page++) {
            rig.mem.write32(pt + 4 * page, page << 12 | Pte.P | Pte.RW | Pte.US);
        }
        cpu.setCr(3, pd);
        cpu.setCr(0, cpu.cr(0) | org.j386.cpu.Cr0.PG);
        rig.idtGate(Fault.GP, INT_GATE32, 0, Rig.CODE0, HANDLER);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        int stackPage = (Rig.STACK0_TOP - 1) >>> 12;
        rig.mem.write32(pt + 4 * stackPage, 0);
        cpu.setCr(3, pd);
        Fault f = Rig.fault(() -> Interrupts.deliver(cpu, Fault.GP, 0, false));
        assertEquals(Fault.PF, f.vector());
        assertEquals(org.j386.mmu.PfErr.W, f.errorCode(), "supervisor write, not present, no EXT");
        assertEquals(Rig.STACK0_TOP - 4, cpu.cr(2));
        assertEquals(3, cpu.cpl());
        assertEquals(Rig.CODE3, cpu.segSelector(Cpu.CS));
        assertEquals(Rig.STACK3_TOP, cpu.reg(Cpu.ESP));
    }

    @Test
    void realModeGoesThroughTheIvt() {
        Rig real = new Rig();
        Cpu c = real.cpu;
        real.mem.write16(0x21 * 4, 0x5678);
        real.mem.write16(0x21 * 4 + 2, 0x1234);
        c.loadSegmentCache(Cpu.SS, 0x2000, 0x20000, 0xFFFF, Descriptors.REAL_MODE_DATA);
        c.setReg(Cpu.ESP, 0x100);
        c.loadSegmentCache(Cpu.CS, 0x3000, 0x30000, 0xFFFF, Descriptors.REAL_MODE_DATA);
        c.setEip(0x0042);
        c.setEflags(Eflags.FIXED_1 | Eflags.IF | Eflags.TF | Eflags.AC | Eflags.ZF);
        Interrupts.deliver(c, 0x21, NO_ERROR, true);
        assertEquals(0x1234, c.segSelector(Cpu.CS));
        assertEquals(0x12340, c.segBase(Cpu.CS));
        assertEquals(0x5678, c.eip());
        assertEquals(0xFA, c.reg(Cpu.ESP));
        assertEquals(0x0042, real.mem.read16(0x200FA));
        assertEquals(0x3000, real.mem.read16(0x200FC));
        assertEquals(Eflags.FIXED_1 | Eflags.IF | Eflags.TF | Eflags.ZF, real.mem.read16(0x200FE));
        assertEquals(Eflags.FIXED_1 | Eflags.ZF, c.eflags(), "IF, TF and AC cleared");
    }

    @Test
    void realModeStackWrapsAtSixtyFourKiB() {
        Rig real = new Rig();
        Cpu c = real.cpu;
        real.mem.write16(0x08 * 4, 0x0100);
        c.loadSegmentCache(Cpu.SS, 0x1000, 0x10000, 0xFFFF, Descriptors.REAL_MODE_DATA);
        c.setReg(Cpu.ESP, 0xABCD0002);
        Interrupts.deliver(c, 0x08, NO_ERROR, false);
        assertEquals(0xABCDFFFC, c.reg(Cpu.ESP), "SP wraps, the upper ESP half stays");
        assertEquals(0x0100, c.eip());
    }

    @Test
    void realModeIvtBeyondIdtrLimitIsGp() {
        Rig real = new Rig();
        real.cpu.setIdtr(0, 0x3F);
        Rig.assertFault(Fault.GP, EXT, () -> Interrupts.deliver(real.cpu, 0x10, NO_ERROR, false));
    }
}
