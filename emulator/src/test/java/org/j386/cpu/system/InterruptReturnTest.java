package org.j386.cpu.system;

import static org.j386.cpu.Descriptors.INT_GATE32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.j386.cpu.Cpu;
import org.j386.cpu.Descriptors;
import org.j386.cpu.Eflags;
import org.j386.cpu.Fault;
import org.j386.cpu.Interrupts;
import org.junit.jupiter.api.Test;

/** IRET/IRETD (SDM Vol. 2 IRET): same and outer privilege, EFLAGS rules, V86 in and out, real mode. */
class InterruptReturnTest {
    private static final int USER_EIP = 0x1000;
    private static final int IOPL3 = Eflags.IOPL;

    private final Rig rig = new Rig().enterProtectedMode();
    private final Cpu cpu = rig.cpu;

    private void frame(int... dwordsFromTop) {
        for (int k = dwordsFromTop.length - 1; k >= 0; k--) {
            rig.push32(dwordsFromTop[k]);
        }
    }

    @Test
    void samePrivilegeRestoresCsEipEflags() {
        int esp = cpu.reg(Cpu.ESP);
        frame(0x4444, Rig.CODE0, Eflags.FIXED_1 | Eflags.IF | Eflags.CF | IOPL3);
        Interrupts.iret(cpu, true);
        assertEquals(0x4444, cpu.eip());
        assertEquals(Rig.CODE0, cpu.segSelector(Cpu.CS));
        assertEquals(esp, cpu.reg(Cpu.ESP));
        assertEquals(Eflags.FIXED_1 | Eflags.IF | Eflags.CF | IOPL3, cpu.eflags(), "CPL 0 may change IF and IOPL");
    }

    @Test
    void sixteenBitIretPopsWordsAndKeepsUpperEflags() {
        cpu.setEflags(Eflags.FIXED_1 | Eflags.AC);
        int esp = cpu.reg(Cpu.ESP);
        cpu.setReg(Cpu.ESP, esp - 6);
        rig.mem.write16(esp - 6, 0x1234);
        rig.mem.write16(esp - 4, Rig.CODE16);
        rig.mem.write16(esp - 2, Eflags.FIXED_1 | Eflags.ZF);
        Interrupts.iret(cpu, false);
        assertEquals(0x1234, cpu.eip());
        assertEquals(Rig.CODE16, cpu.segSelector(Cpu.CS));
        assertEquals(esp, cpu.reg(Cpu.ESP));
        assertEquals(Eflags.FIXED_1 | Eflags.ZF | Eflags.AC, cpu.eflags());
    }

    @Test
    void returnToRing3LoadsSsEspAndNullsInnerDataSegments() {
        rig.setGdt(Rig.FREE, Rig.descriptor(0, Rig.FLAT, Rig.CODE32 | Descriptors.CONFORMING));
        cpu.loadSegmentCache(Cpu.FS, Rig.DATA3, 0, -1, Rig.DATA32 | Rig.dpl(3));
        cpu.loadSegmentCache(Cpu.GS, Rig.FREE << 3, 0, -1, Rig.CODE32 | Descriptors.CONFORMING);
        frame(USER_EIP, Rig.CODE3, Eflags.FIXED_1 | Eflags.IF, Rig.STACK3_TOP, Rig.DATA3);
        Interrupts.iret(cpu, true);
        assertEquals(3, cpu.cpl());
        assertEquals(Rig.CODE3, cpu.segSelector(Cpu.CS));
        assertEquals(Rig.DATA3, cpu.segSelector(Cpu.SS));
        assertEquals(Rig.STACK3_TOP, cpu.reg(Cpu.ESP));
        assertEquals(USER_EIP, cpu.eip());
        assertEquals(0, cpu.segSelector(Cpu.DS), "DPL 0 data is nulled");
        assertEquals(0, cpu.segFlags(Cpu.DS) & Descriptors.P);
        assertEquals(0, cpu.segSelector(Cpu.ES));
        assertEquals(Rig.DATA3, cpu.segSelector(Cpu.FS), "DPL 3 data stays");
        assertEquals(Rig.FREE << 3, cpu.segSelector(Cpu.GS), "conforming code stays");
        assertTrue(rig.mmu.isUser(), "CPL 3 selects the user TLB");
    }

    @Test
    void eflagsPrivilegeRules() {
        // CPL 3, IOPL 0: IF and IOPL keep their values; the rest load.
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1 | Eflags.IF);
        frame(0x2000, Rig.CODE3, Eflags.FIXED_1 | IOPL3 | Eflags.DF | Eflags.AC);
        Interrupts.iret(cpu, true);
        assertEquals(Eflags.FIXED_1 | Eflags.IF | Eflags.DF | Eflags.AC, cpu.eflags());
        // CPL 1 <= IOPL 1: IF may change, IOPL may not.
        Rig r1 = new Rig().enterProtectedMode();
        r1.enterRing(1, USER_EIP, Rig.STACK1_TOP, Eflags.FIXED_1 | (1 << Eflags.IOPL_SHIFT));
        r1.push32(Eflags.FIXED_1 | Eflags.IF);
        r1.push32(Rig.CODE1);
        r1.push32(0x3000);
        Interrupts.iret(r1.cpu, true);
        assertEquals(Eflags.FIXED_1 | Eflags.IF | (1 << Eflags.IOPL_SHIFT), r1.cpu.eflags());
    }

    @Test
    void vmBitIgnoredAboveCpl0() {
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        frame(0x2000, Rig.CODE3, Eflags.FIXED_1 | Eflags.VM);
        Interrupts.iret(cpu, true);
        assertEquals(0, cpu.eflags() & Eflags.VM);
        assertEquals(Rig.CODE3, cpu.segSelector(Cpu.CS));
    }

    @Test
    void returnCodeSegmentChecks() {
        frame(USER_EIP, 0, Eflags.FIXED_1);
        Rig.assertFault(Fault.GP, 0, () -> Interrupts.iret(cpu, true));
        rig.mem.write32(rig.cpu.reg(Cpu.ESP) + 4, Rig.DATA0);
        Rig.assertFault(Fault.GP, Rig.DATA0, () -> Interrupts.iret(cpu, true));
        rig.mem.write32(rig.cpu.reg(Cpu.ESP) + 4, Rig.CODE3 & ~3);
        Rig.assertFault(Fault.GP, Rig.CODE3 & ~3, () -> Interrupts.iret(cpu, true));
        rig.mem.write32(rig.cpu.reg(Cpu.ESP) + 4, 0x400);
        Rig.assertFault(Fault.GP, 0x400, () -> Interrupts.iret(cpu, true));
        rig.setGdt(Rig.FREE, Rig.descriptor(0, Rig.FLAT, Rig.CODE32 & ~Descriptors.P));
        rig.mem.write32(rig.cpu.reg(Cpu.ESP) + 4, Rig.FREE << 3);
        Rig.assertFault(Fault.NP, Rig.FREE << 3, () -> Interrupts.iret(cpu, true));
        rig.setGdt(Rig.FREE, Rig.descriptor(0, 0xFFF, Rig.CODE32 & ~Descriptors.G));
        Rig.assertFault(Fault.GP, 0, () -> Interrupts.iret(cpu, true));
        assertEquals(Rig.CODE0, cpu.segSelector(Cpu.CS), "no change after any fault");
    }

    @Test
    void cannotReturnToAnInnerLevel() {
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        frame(0x2000, Rig.CODE0, Eflags.FIXED_1);
        Rig.assertFault(Fault.GP, Rig.CODE0, () -> Interrupts.iret(cpu, true));
    }

    @Test
    void outerStackChecks() {
        frame(USER_EIP, Rig.CODE3, Eflags.FIXED_1, Rig.STACK3_TOP, 0);
        int esp = cpu.reg(Cpu.ESP);
        Rig.assertFault(Fault.GP, 0, () -> Interrupts.iret(cpu, true));
        rig.mem.write32(esp + 16, Rig.DATA2 | 3);
        Rig.assertFault(Fault.GP, Rig.DATA2 & ~3, () -> Interrupts.iret(cpu, true));
        rig.mem.write32(esp + 16, Rig.DATA0 | 3);
        Rig.assertFault(Fault.GP, Rig.DATA0, () -> Interrupts.iret(cpu, true));
        rig.setGdt(Rig.FREE, Rig.descriptor(0, Rig.FLAT, (Rig.DATA32 | Rig.dpl(3)) & ~Descriptors.P));
        rig.mem.write32(esp + 16, Rig.FREE << 3 | 3);
        Rig.assertFault(Fault.NP, Rig.FREE << 3, () -> Interrupts.iret(cpu, true));
        rig.setGdt(Rig.FREE, Rig.descriptor(0, Rig.FLAT, (Rig.DATA32 & ~Descriptors.WRITABLE) | Rig.dpl(3)));
        Rig.assertFault(Fault.GP, Rig.FREE << 3, () -> Interrupts.iret(cpu, true));
        assertEquals(0, cpu.cpl());
        assertEquals(esp, cpu.reg(Cpu.ESP));
    }

    @Test
    void stackBeyondLimitIsSs0() {
        rig.setGdt(Rig.FREE, Rig.descriptor(0x60000, 0xF, Rig.DATA32 & ~Descriptors.G));
        cpu.loadSegmentCache(Cpu.SS, Rig.FREE << 3, 0x60000, 0xF, (Rig.DATA32 & ~Descriptors.G) | Descriptors.ACCESSED);
        cpu.setReg(Cpu.ESP, 0x8);
        Rig.assertFault(Fault.SS, 0, () -> Interrupts.iret(cpu, true));
    }

    @Test
    void enterV86ThroughIretAndLeaveThroughAnInterrupt() {
        rig.idtGate(Fault.GP, INT_GATE32, 0, Rig.CODE0, 0x7000);
        frame(0x0100, 0x2000, Eflags.FIXED_1 | Eflags.VM | Eflags.IF, 0xFFFE, 0x3000, 0x4000, 0x5000, 0x6000, 0x7000);
        Interrupts.iret(cpu, true);
        assertEquals(3, cpu.cpl());
        assertTrue((cpu.eflags() & Eflags.VM) != 0);
        assertEquals(0x0100, cpu.eip());
        assertEquals(0x20000, cpu.segBase(Cpu.CS));
        assertEquals(0x30000, cpu.segBase(Cpu.SS));
        assertEquals(0xFFFE, cpu.reg(Cpu.ESP));
        assertEquals(0x40000, cpu.segBase(Cpu.ES));
        assertEquals(0x50000, cpu.segBase(Cpu.DS));
        assertEquals(0x60000, cpu.segBase(Cpu.FS));
        assertEquals(0x70000, cpu.segBase(Cpu.GS));
        assertEquals(0xFFFF, cpu.segLimit(Cpu.CS));
        assertEquals(Descriptors.REAL_MODE_DATA | Rig.dpl(3), cpu.segFlags(Cpu.DS));

        // #GP(0) from V86 (say a CLI at IOPL 0) goes to ring 0 with the V86 frame.
        cpu.setEip(0x0105);
        Interrupts.deliver(cpu, Fault.GP, 0, false);
        assertEquals(0, cpu.cpl());
        assertEquals(0, cpu.eflags() & Eflags.VM);
        assertEquals(Rig.STACK0_TOP - 40, cpu.reg(Cpu.ESP));
        int[] expected = {0, 0x0105, 0x2000, Eflags.FIXED_1 | Eflags.VM | Eflags.IF, 0xFFFE, 0x3000,
            0x4000, 0x5000, 0x6000, 0x7000};
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], rig.stack(k), "frame slot " + k);
        }
        for (int s : new int[] {Cpu.ES, Cpu.DS, Cpu.FS, Cpu.GS}) {
            assertEquals(0, cpu.segSelector(s), "data segments nulled on the way out of V86");
            assertEquals(0, cpu.segFlags(s) & Descriptors.P);
        }
        // and IRETD from the handler (after popping the error code) goes back.
        cpu.setReg(Cpu.ESP, cpu.reg(Cpu.ESP) + 4);
        Interrupts.iret(cpu, true);
        assertEquals(0x0105, cpu.eip());
        assertEquals(0x50000, cpu.segBase(Cpu.DS));
        assertEquals(3, cpu.cpl());
    }

    @Test
    void v86EipBeyondSixtyFourKiBIsGp() {
        frame(0x10000, 0x2000, Eflags.FIXED_1 | Eflags.VM, 0xFFFE, 0x3000, 0, 0, 0, 0);
        Rig.assertFault(Fault.GP, 0, () -> Interrupts.iret(cpu, true));
        assertEquals(0, cpu.eflags() & Eflags.VM);
    }

    @Test
    void iretInsideV86NeedsIopl3AndKeepsIoplAndVm() {
        frame(0x0100, 0x2000, Eflags.FIXED_1 | Eflags.VM, 0xFFF0, 0x3000, 0, 0, 0, 0);
        Interrupts.iret(cpu, true);
        cpu.setReg(Cpu.ESP, 0xFFF0);
        rig.mem.write16(0x30000 + 0xFFF0, 0x0200);
        rig.mem.write16(0x30000 + 0xFFF2, 0x2100);
        rig.mem.write16(0x30000 + 0xFFF4, Eflags.FIXED_1 | Eflags.CF);
        Rig.assertFault(Fault.GP, 0, () -> Interrupts.iret(cpu, false));

        Rig r = new Rig().enterProtectedMode();
        r.push32(0);
        r.push32(0);
        r.push32(0);
        r.push32(0);
        r.push32(0x3000);
        r.push32(0xFFF0);
        r.push32(Eflags.FIXED_1 | Eflags.VM | IOPL3);
        r.push32(0x2000);
        r.push32(0x0100);
        Interrupts.iret(r.cpu, true);
        r.mem.write16(0x30000 + 0xFFF0, 0x0200);
        r.mem.write16(0x30000 + 0xFFF2, 0x2100);
        r.mem.write16(0x30000 + 0xFFF4, Eflags.FIXED_1 | Eflags.CF | Eflags.IF);
        Interrupts.iret(r.cpu, false);
        assertEquals(0x0200, r.cpu.eip());
        assertEquals(0x21000, r.cpu.segBase(Cpu.CS));
        assertEquals(0xFFF6, r.cpu.reg(Cpu.ESP));
        assertEquals(Eflags.FIXED_1 | Eflags.CF | Eflags.IF | Eflags.VM | IOPL3, r.cpu.eflags(),
                "IOPL and VM unchanged by an IRET inside V86");
    }

    @Test
    void realModeIret() {
        Rig real = new Rig();
        Cpu c = real.cpu;
        c.loadSegmentCache(Cpu.SS, 0x2000, 0x20000, 0xFFFF, Descriptors.REAL_MODE_DATA);
        c.setReg(Cpu.ESP, 0xFA);
        real.mem.write16(0x200FA, 0x0042);
        real.mem.write16(0x200FC, 0x3000);
        real.mem.write16(0x200FE, Eflags.FIXED_1 | Eflags.IF | IOPL3 | Eflags.NT);
        Interrupts.iret(c, false);
        assertEquals(0x0042, c.eip());
        assertEquals(0x30000, c.segBase(Cpu.CS));
        assertEquals(0x100, c.reg(Cpu.ESP));
        assertEquals(Eflags.FIXED_1 | Eflags.IF | IOPL3 | Eflags.NT, c.eflags(), "real mode loads every FLAGS bit");
    }
}
