package org.j386.cpu.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.j386.cpu.Cpu;
import org.j386.cpu.Cr0;
import org.j386.cpu.Cr4;
import org.j386.cpu.Descriptors;
import org.j386.cpu.Eflags;
import org.j386.cpu.Fault;
import org.j386.cpu.IoPermission;
import org.j386.cpu.SystemInstructions;
import org.junit.jupiter.api.Test;

/** Group 6/7, LAR, LSL, ARPL, CLTS, MOV CR/DR (SDM Vol. 2) and the I/O permission bitmap (SDM Vol. 1 19.5). */
class SystemInstructionsTest {
    private static final int SLDT = 0;
    private static final int STR = 1;
    private static final int LLDT = 2;
    private static final int LTR = 3;
    private static final int VERR = 4;
    private static final int VERW = 5;
    private static final int SGDT = 0;
    private static final int SIDT = 1;
    private static final int LGDT = 2;
    private static final int LIDT = 3;
    private static final int SMSW = 4;
    private static final int LMSW = 6;
    private static final int INVLPG = 7;
    private static final int MEM = 0x50000;
    private static final int SPARE = Rig.FREE << 3;

    private final Rig rig = new Rig().enterProtectedMode();
    private final Cpu cpu = rig.cpu;

    private void group6Reg(int op, int selector) {
        cpu.setReg(Cpu.EBX, selector);
        SystemInstructions.group6(cpu, op, true, Cpu.EBX, 0, 0, true);
    }

    private boolean zf() {
        return (cpu.eflags() & Eflags.ZF) != 0;
    }

    @Test
    void sldtAndStr() {
        group6Reg(LLDT, Rig.SEL_LDT);
        cpu.setReg(Cpu.ECX, 0xFFFFFFFF);
        SystemInstructions.group6(cpu, SLDT, true, Cpu.ECX, 0, 0, false);
        assertEquals(0xFFFF0000 | Rig.SEL_LDT, cpu.reg(Cpu.ECX), "16-bit operand: low word only");
        SystemInstructions.group6(cpu, SLDT, true, Cpu.ECX, 0, 0, true);
        assertEquals(Rig.SEL_LDT, cpu.reg(Cpu.ECX), "32-bit operand: zero-extended");
        SystemInstructions.group6(cpu, STR, false, 0, Cpu.DS, MEM, true);
        assertEquals(Rig.SEL_TSS_A, rig.mem.read16(MEM));
    }

    @Test
    void lldtLoadsAndChecks() {
        group6Reg(LLDT, Rig.SEL_LDT);
        assertEquals(Rig.SEL_LDT, cpu.ldtrSelector());
        assertEquals(Rig.LDT, cpu.ldtrBase());
        assertEquals(8 * Rig.LDT_ENTRIES - 1, cpu.ldtrLimit());
        group6Reg(LLDT, 0);
        assertEquals(0, cpu.ldtrSelector());
        Rig.assertFault(Fault.GP, 4, () -> org.j386.cpu.Segmentation.loadSegment(cpu, Cpu.DS, 4));
        Rig.assertFault(Fault.GP, Rig.DATA0, () -> group6Reg(LLDT, Rig.DATA0));
        Rig.assertFault(Fault.GP, Rig.SEL_LDT | 4, () -> group6Reg(LLDT, Rig.SEL_LDT | 4));
        Rig.assertFault(Fault.GP, 0x400, () -> group6Reg(LLDT, 0x400));
        rig.setGdt(Rig.FREE, Rig.descriptor(Rig.LDT, 0x7F, Rig.systemAttr(Descriptors.LDT, 0) & ~Descriptors.P));
        Rig.assertFault(Fault.NP, SPARE, () -> group6Reg(LLDT, SPARE));
        rig.enterRing(3, 0x1000, Rig.STACK3_TOP, Eflags.FIXED_1);
        Rig.assertFault(Fault.GP, 0, () -> group6Reg(LLDT, Rig.SEL_LDT));
    }

    @Test
    void ltrMarksBusyAndChecks() {
        group6Reg(LTR, Rig.SEL_TSS_B);
        assertEquals(Rig.SEL_TSS_B, cpu.trSelector());
        assertEquals(Descriptors.TSS32_BUSY, Descriptors.type(cpu.trFlags()));
        assertNotEquals(0, (rig.gdtEntry(Rig.SEL_TSS_B >> 3) >>> 32) & Descriptors.TSS_BUSY);
        Rig.assertFault(Fault.GP, Rig.SEL_TSS_B, () -> group6Reg(LTR, Rig.SEL_TSS_B));
        Rig.assertFault(Fault.GP, 0, () -> group6Reg(LTR, 0));
        Rig.assertFault(Fault.GP, Rig.SEL_LDT, () -> group6Reg(LTR, Rig.SEL_LDT));
        rig.setGdt(Rig.FREE, Rig.descriptor(Rig.TSS_A, 0x67,
                Rig.systemAttr(Descriptors.TSS32_AVAILABLE, 0) & ~Descriptors.P));
        Rig.assertFault(Fault.NP, SPARE, () -> group6Reg(LTR, SPARE));
    }

    @Test
    void group6IsUndefinedInRealMode() {
        Rig real = new Rig();
        Rig.assertFault(Fault.UD, Fault.NO_ERROR_CODE,
                () -> SystemInstructions.group6(real.cpu, SLDT, true, Cpu.EAX, 0, 0, true));
        Rig.assertFault(Fault.UD, Fault.NO_ERROR_CODE, () -> SystemInstructions.lar(real.cpu, Cpu.EAX, 8, true));
        Rig.assertFault(Fault.UD, Fault.NO_ERROR_CODE, () -> SystemInstructions.arpl(real.cpu, 0, 3));
    }

    @Test
    void verrAndVerw() {
        group6Reg(VERR, Rig.DATA0);
        assertTrue(zf());
        group6Reg(VERW, Rig.DATA0);
        assertTrue(zf());
        group6Reg(VERW, Rig.CODE0);
        assertTrue(!zf(), "code is never writable");
        group6Reg(VERR, Rig.CODE0);
        assertTrue(zf(), "readable code");
        group6Reg(VERR, Rig.SEL_TSS_A);
        assertTrue(!zf(), "system segment");
        group6Reg(VERR, 0);
        assertTrue(!zf());
        group6Reg(VERR, 0x400);
        assertTrue(!zf(), "beyond the GDT: no fault, ZF clear");
        group6Reg(VERR, Rig.DATA0 | 3);
        assertTrue(!zf(), "RPL 3 > DPL 0");
        rig.setGdt(Rig.FREE, Rig.descriptor(0, Rig.FLAT, Rig.CODE32 | Descriptors.CONFORMING));
        rig.enterRing(3, 0x1000, Rig.STACK3_TOP, Eflags.FIXED_1);
        group6Reg(VERR, SPARE | 3);
        assertTrue(zf(), "conforming readable code skips the privilege check");
        group6Reg(VERW, Rig.DATA0);
        assertTrue(!zf());
        group6Reg(VERW, Rig.DATA3);
        assertTrue(zf());
    }

    @Test
    void larAndLsl() {
        cpu.setReg(Cpu.EAX, 0x12345678);
        SystemInstructions.lar(cpu, Cpu.EAX, Rig.DATA0, false);
        assertTrue(zf());
        assertEquals(0x12340000 | (Rig.DATA32 & 0xFF00), cpu.reg(Cpu.EAX), "16-bit LAR: access byte in bits 15:8");
        SystemInstructions.lar(cpu, Cpu.EAX, Rig.DATA0, true);
        assertEquals(Rig.DATA32 | 0x000F0000, cpu.reg(Cpu.EAX),
                "32-bit LAR: bits 23:8 of the high dword, limit 19:16 included (Bochs)");
        cpu.setReg(Cpu.EAX, 0x12345678);
        SystemInstructions.lsl(cpu, Cpu.EAX, Rig.SEL_TSS_A, false);
        assertTrue(zf());
        assertEquals(0x1234_0067, cpu.reg(Cpu.EAX));
        SystemInstructions.lsl(cpu, Cpu.EAX, Rig.DATA0, true);
        assertEquals(0xFFFFFFFF, cpu.reg(Cpu.EAX), "granular limit, scaled");
        cpu.setReg(Cpu.EAX, 0x12345678);
        SystemInstructions.lsl(cpu, Cpu.EAX, Rig.DATA0, false);
        assertEquals(0x1234_FFFF, cpu.reg(Cpu.EAX), "16-bit LSL truncates the 4 GiB limit");
        cpu.setReg(Cpu.EBX, 0x5A5A);
        SystemInstructions.lsl(cpu, Cpu.EBX, 0, true);
        assertTrue(!zf());
        assertEquals(0x5A5A, cpu.reg(Cpu.EBX), "destination unchanged when ZF is clear");
        rig.setGdt(Rig.FREE, Rig.gate(Descriptors.CALL_GATE32, 0, Rig.CODE0, 0, 0));
        SystemInstructions.lar(cpu, Cpu.EBX, SPARE, true);
        assertTrue(zf(), "LAR accepts a call gate");
        SystemInstructions.lsl(cpu, Cpu.EBX, SPARE, true);
        assertTrue(!zf(), "LSL does not");
        rig.setGdt(Rig.FREE, Rig.gate(Descriptors.INT_GATE32, 0, Rig.CODE0, 0, 0));
        SystemInstructions.lar(cpu, Cpu.EBX, SPARE, true);
        assertTrue(!zf(), "interrupt gates are invalid for LAR");
    }

    @Test
    void arpl() {
        assertEquals(0x0013, SystemInstructions.arpl(cpu, 0x0010, 0x0003));
        assertTrue(zf());
        assertEquals(0x0013, SystemInstructions.arpl(cpu, 0x0013, 0x0001));
        assertTrue(!zf());
    }

    @Test
    void sgdtSidtLgdtLidt() {
        cpu.setGdtr(0x12345678, 0x3FF);
        SystemInstructions.group7(cpu, SGDT, false, 0, Cpu.DS, MEM, true);
        assertEquals(0x3FF, rig.mem.read16(MEM));
        assertEquals(0x12345678, rig.mem.read32(MEM + 2), "32-bit operand stores all of the base");
        SystemInstructions.group7(cpu, SIDT, false, 0, Cpu.DS, MEM + 8, true);
        assertEquals(8 * 256 - 1, rig.mem.read16(MEM + 8));
        assertEquals(Rig.IDT, rig.mem.read32(MEM + 10));

        rig.mem.write16(MEM + 16, 0x00FF);
        rig.mem.write32(MEM + 18, 0xAABBCCDD);
        SystemInstructions.group7(cpu, LIDT, false, 0, Cpu.DS, MEM + 16, true);
        assertEquals(0xAABBCCDD, cpu.idtrBase());
        assertEquals(0xFF, cpu.idtrLimit());
        Rig.assertFault(Fault.UD, Fault.NO_ERROR_CODE,
                () -> SystemInstructions.group7(cpu, LGDT, true, Cpu.EAX, 0, 0, true));
        rig.mem.write16(MEM + 16, 8 * Rig.GDT_ENTRIES - 1);
        rig.mem.write32(MEM + 18, Rig.GDT);
        SystemInstructions.group7(cpu, LGDT, false, 0, Cpu.DS, MEM + 16, true);
        assertEquals(Rig.GDT, cpu.gdtrBase());
        rig.enterRing(3, 0x1000, Rig.STACK3_TOP, Eflags.FIXED_1);
        Rig.assertFault(Fault.GP, 0, () -> SystemInstructions.group7(cpu, LGDT, false, 0, Cpu.DS, MEM + 16, true));
        SystemInstructions.group7(cpu, SGDT, false, 0, Cpu.DS, MEM + 24, true);
        assertEquals(Rig.GDT, rig.mem.read32(MEM + 26), "SGDT is not privileged");
    }

    @Test
    void sixteenBitLgdtKeeps24BitsOfBase() {
        Rig real = new Rig();
        int m = 0x5000;
        real.mem.write16(m, 0x0027);
        real.mem.write32(m + 2, 0xFF012345);
        SystemInstructions.group7(real.cpu, LGDT, false, 0, Cpu.DS, m, false);
        assertEquals(0x00012345, real.cpu.gdtrBase());
        assertEquals(0x27, real.cpu.gdtrLimit());
        SystemInstructions.group7(real.cpu, SGDT, false, 0, Cpu.DS, m + 8, false);
        assertEquals(0x00012345, real.mem.read32(m + 10), "SDM: 16-bit SGDT stores 24 bits and a zero byte");
        Rig.assertFault(Fault.GP, 0, () -> SystemInstructions.group7(real.cpu, LGDT, false, 0, Cpu.DS, 0xFFFE, false));
    }

    @Test
    void smswAndLmsw() {
        cpu.setCr(0, Cr0.PE | Cr0.ET | Cr0.NE | Cr0.WP);
        cpu.setReg(Cpu.EAX, 0xFFFFFFFF);
        SystemInstructions.group7(cpu, SMSW, true, Cpu.EAX, 0, 0, false);
        assertEquals(0xFFFF0000 | Cr0.PE | Cr0.ET | Cr0.NE, cpu.reg(Cpu.EAX));
        SystemInstructions.group7(cpu, SMSW, true, Cpu.EAX, 0, 0, true);
        assertEquals(Cr0.PE | Cr0.ET | Cr0.NE | Cr0.WP, cpu.reg(Cpu.EAX), "32-bit register: all of CR0 (Bochs)");
        SystemInstructions.group7(cpu, SMSW, false, 0, Cpu.DS, MEM, true);
        assertEquals(Cr0.PE | Cr0.ET | Cr0.NE, rig.mem.read16(MEM));
        cpu.setReg(Cpu.EAX, Cr0.MP | Cr0.TS);
        SystemInstructions.group7(cpu, LMSW, true, Cpu.EAX, 0, 0, true);
        assertEquals(Cr0.PE | Cr0.MP | Cr0.TS | Cr0.ET | Cr0.NE | Cr0.WP, cpu.cr(0), "LMSW cannot clear PE");
        Rig real = new Rig();
        real.cpu.setReg(Cpu.EAX, Cr0.PE);
        SystemInstructions.group7(real.cpu, LMSW, true, Cpu.EAX, 0, 0, true);
        assertNotEquals(0, real.cpu.cr(0) & Cr0.PE, "LMSW can set PE");
    }

    @Test
    void invlpgIsPrivileged() {
        Rig.assertFault(Fault.UD, Fault.NO_ERROR_CODE,
                () -> SystemInstructions.group7(cpu, INVLPG, true, Cpu.EAX, 0, 0, true));
        SystemInstructions.group7(cpu, INVLPG, false, 0, Cpu.DS, MEM, true);
        rig.enterRing(3, 0x1000, Rig.STACK3_TOP, Eflags.FIXED_1);
        Rig.assertFault(Fault.GP, 0, () -> SystemInstructions.group7(cpu, INVLPG, false, 0, Cpu.DS, MEM, true));
    }

    @Test
    void movCrChecks() {
        Rig.assertFault(Fault.GP, 0, () -> SystemInstructions.movToCr(cpu, 0, Cr0.PG | Cr0.ET));
        Rig.assertFault(Fault.GP, 0, () -> SystemInstructions.movToCr(cpu, 0, Cr0.PE | Cr0.NW));
        Rig.assertFault(Fault.GP, 0, () -> SystemInstructions.movToCr(cpu, 4, Cr4.VME));
        Rig.assertFault(Fault.UD, Fault.NO_ERROR_CODE, () -> SystemInstructions.movToCr(cpu, 1, 0));
        Rig.assertFault(Fault.UD, Fault.NO_ERROR_CODE, () -> SystemInstructions.movFromCr(cpu, 5));
        SystemInstructions.movToCr(cpu, 0, Cr0.PE | Cr0.MP);
        assertEquals(Cr0.PE | Cr0.MP | Cr0.ET, SystemInstructions.movFromCr(cpu, 0), "ET reads as 1 on a 486");
        SystemInstructions.movToCr(cpu, 4, Cr4.PSE);
        assertEquals(Cr4.PSE, SystemInstructions.movFromCr(cpu, 4));
        SystemInstructions.movToCr(cpu, 3, 0x123000);
        assertEquals(0x123000, SystemInstructions.movFromCr(cpu, 3));
        SystemInstructions.movToCr(cpu, 2, 0xCAFE);
        assertEquals(0xCAFE, SystemInstructions.movFromCr(cpu, 2));
        cpu.setCr(0, Cr0.PE | Cr0.ET | Cr0.TS);
        SystemInstructions.clts(cpu);
        assertEquals(Cr0.PE | Cr0.ET, cpu.cr(0));
        rig.enterRing(3, 0x1000, Rig.STACK3_TOP, Eflags.FIXED_1);
        Rig.assertFault(Fault.GP, 0, () -> SystemInstructions.movFromCr(cpu, 0));
        Rig.assertFault(Fault.GP, 0, () -> SystemInstructions.clts(cpu));
    }

    @Test
    void movDrAliasesAndFixedBits() {
        SystemInstructions.movToDr(cpu, 0, 0x1000);
        assertEquals(0x1000, SystemInstructions.movFromDr(cpu, 0));
        SystemInstructions.movToDr(cpu, 6, 0);
        assertEquals(0xFFFF0FF0, SystemInstructions.movFromDr(cpu, 6));
        SystemInstructions.movToDr(cpu, 4, 0xFFFFFFFF);
        assertEquals(0xFFFFEFFF, SystemInstructions.movFromDr(cpu, 6), "DR4 is DR6; bit 12 reads 0");
        SystemInstructions.movToDr(cpu, 7, 0);
        assertEquals(0x400, SystemInstructions.movFromDr(cpu, 5), "DR5 is DR7; bit 10 reads 1");
        cpu.setCr(4, Cr4.DE);
        Rig.assertFault(Fault.UD, Fault.NO_ERROR_CODE, () -> SystemInstructions.movFromDr(cpu, 4));
        rig.enterRing(3, 0x1000, Rig.STACK3_TOP, Eflags.FIXED_1);
        Rig.assertFault(Fault.GP, 0, () -> SystemInstructions.movToDr(cpu, 0, 1));
    }

    @Test
    void ioBitmap() {
        // TSS A: bitmap at 0x68, limit 0x67 -> every port faults at CPL 3 > IOPL 0.
        rig.enterRing(3, 0x1000, Rig.STACK3_TOP, Eflags.FIXED_1);
        Rig.assertFault(Fault.GP, 0, () -> IoPermission.check(cpu, 0x3F8, 1));

        Rig r = new Rig().enterProtectedMode();
        // A TSS with a bitmap of 8 bytes (ports 0..63) and the trailing byte: limit 0x68 + 8.
        r.setGdt(Rig.FREE, Rig.descriptor(Rig.TSS_B, 0x68 + 8, Rig.systemAttr(Descriptors.TSS32_AVAILABLE, 0)));
        r.mem.write16(Rig.TSS_B + 0x66, 0x68);
        for (int k = 0; k < 9; k++) {
            r.mem.write8(Rig.TSS_B + 0x68 + k, 0xFF);
        }
        r.mem.write8(Rig.TSS_B + 0x68 + 2, 0b1111_0000); // ports 16..19 allowed
        r.mem.write32(Rig.TSS_B + 4, Rig.STACK0_TOP);
        r.mem.write16(Rig.TSS_B + 8, Rig.DATA0);
        r.cpu.setReg(Cpu.EAX, SPARE);
        SystemInstructions.group6(r.cpu, LTR, true, Cpu.EAX, 0, 0, true);
        IoPermission.check(r.cpu, 0x3F8, 1);
        r.enterRing(3, 0x1000, Rig.STACK3_TOP, Eflags.FIXED_1);
        IoPermission.check(r.cpu, 16, 1);
        IoPermission.check(r.cpu, 16, 4);
        IoPermission.check(r.cpu, 19, 1);
        Rig.assertFault(Fault.GP, 0, () -> IoPermission.check(r.cpu, 17, 4));
        Rig.assertFault(Fault.GP, 0, () -> IoPermission.check(r.cpu, 15, 2));
        Rig.assertFault(Fault.GP, 0, () -> IoPermission.check(r.cpu, 20, 1));
        Rig.assertFault(Fault.GP, 0, () -> IoPermission.check(r.cpu, 63, 1));
        Rig.assertFault(Fault.GP, 0, () -> IoPermission.check(r.cpu, 64, 1));
        Rig.assertFault(Fault.GP, 0, () -> IoPermission.check(r.cpu, 0x3F8, 1));
        // Allowing port 63: its word (bytes 7 and 8) lies inside the limit.
        r.mem.write8(Rig.TSS_B + 0x68 + 7, 0x7F);
        IoPermission.check(r.cpu, 63, 1);
        // Ports 56..63 in byte 7, but a word at byte 8 would pass the limit: port 64 stays out.
        r.mem.write8(Rig.TSS_B + 0x68 + 8, 0x00);
        Rig.assertFault(Fault.GP, 0, () -> IoPermission.check(r.cpu, 64, 1));
    }

    @Test
    void ioplAllowsWithoutBitmapExceptInV86() {
        Rig r = new Rig().enterProtectedMode();
        r.enterRing(3, 0x1000, Rig.STACK3_TOP, Eflags.FIXED_1 | Eflags.IOPL);
        IoPermission.check(r.cpu, 0x3F8, 1);
        Rig v = new Rig().enterProtectedMode();
        v.cpu.setEflags(Eflags.FIXED_1 | Eflags.VM | Eflags.IOPL);
        Rig.assertFault(Fault.GP, 0, () -> IoPermission.check(v.cpu, 0x3F8, 1));
        Rig real = new Rig();
        IoPermission.check(real.cpu, 0x3F8, 4);
    }
}
