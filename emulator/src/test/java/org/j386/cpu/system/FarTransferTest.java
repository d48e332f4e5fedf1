package org.j386.cpu.system;

import static org.j386.cpu.Descriptors.CALL_GATE16;
import static org.j386.cpu.Descriptors.CALL_GATE32;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.j386.cpu.Cpu;
import org.j386.cpu.Descriptors;
import org.j386.cpu.Eflags;
import org.j386.cpu.Fault;
import org.j386.cpu.Segmentation;
import org.junit.jupiter.api.Test;

/** Far JMP, CALL and RET (SDM Vol. 2 JMP/CALL/RET, Vol. 3A 5.8) including call gates. */
class FarTransferTest {
    private static final int USER_EIP = 0x1000;
    private static final int TARGET = 0x9000;
    private static final int GATE = Rig.FREE << 3;
    private static final int SPARE = (Rig.FREE + 1) << 3;

    private final Rig rig = new Rig().enterProtectedMode();
    private final Cpu cpu = rig.cpu;

    private void callGate(int type, int dpl, int selector, int offset, int params) {
        rig.setGdt(Rig.FREE, Rig.gate(type, dpl, selector, offset, params));
    }

    @Test
    void jumpToSamePrivilegeCode() {
        int esp = cpu.reg(Cpu.ESP);
        Rig.assertFault(Fault.GP, 0, () -> Segmentation.farJump(cpu, Rig.CODE16, 0x12345678, true));
        assertEquals(Rig.CODE0, cpu.segSelector(Cpu.CS), "an offset beyond the limit loads nothing");
        Segmentation.farJump(cpu, Rig.CODE16, 0xFFFF, true);
        assertEquals(Rig.CODE16, cpu.segSelector(Cpu.CS));
        assertEquals(0xFFFF, cpu.eip());
        assertEquals(0xFFFF, cpu.segLimit(Cpu.CS));
        Segmentation.farJump(cpu, Rig.CODE0, 0x12345678, false);
        assertEquals(0x5678, cpu.eip(), "a 16-bit operand truncates the offset");
        assertEquals(Rig.CODE0, cpu.segSelector(Cpu.CS));
        assertEquals(esp, cpu.reg(Cpu.ESP));
        assertEquals(0, cpu.cpl());
    }

    @Test
    void jumpToConformingCodeKeepsCpl() {
        rig.setGdt(Rig.FREE + 1, Rig.descriptor(0, Rig.FLAT, Rig.CODE32 | Descriptors.CONFORMING));
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        Segmentation.farJump(cpu, SPARE, TARGET, true);
        assertEquals(SPARE | 3, cpu.segSelector(Cpu.CS), "RPL becomes CPL");
        assertEquals(3, cpu.cpl());
        assertEquals(TARGET, cpu.eip());
    }

    @Test
    void directCodeChecks() {
        Rig.assertFault(Fault.GP, 0, () -> Segmentation.farJump(cpu, 3, TARGET, true));
        Rig.assertFault(Fault.GP, 0x400, () -> Segmentation.farJump(cpu, 0x400, TARGET, true));
        Rig.assertFault(Fault.GP, Rig.DATA0, () -> Segmentation.farJump(cpu, Rig.DATA0, TARGET, true));
        Rig.assertFault(Fault.GP, Rig.CODE1 & ~3, () -> Segmentation.farJump(cpu, Rig.CODE1 & ~3, TARGET, true));
        Rig.assertFault(Fault.GP, Rig.CODE0, () -> Segmentation.farCall(cpu, Rig.CODE0 | 1, TARGET, true));
        rig.setGdt(Rig.FREE + 1, Rig.descriptor(0, Rig.FLAT, Rig.CODE32 & ~Descriptors.P));
        Rig.assertFault(Fault.NP, SPARE, () -> Segmentation.farCall(cpu, SPARE, TARGET, true));
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        Rig.assertFault(Fault.GP, Rig.CODE0, () -> Segmentation.farJump(cpu, Rig.CODE0, TARGET, true));
        rig.setGdt(Rig.FREE + 1, Rig.descriptor(0, Rig.FLAT, Rig.CODE32 | Descriptors.CONFORMING | Rig.dpl(3)));
        Segmentation.farJump(cpu, SPARE, TARGET, true);
        assertEquals(SPARE | 3, cpu.segSelector(Cpu.CS));
        assertEquals(TARGET, cpu.eip());
        assertEquals(Rig.STACK3_TOP, cpu.reg(Cpu.ESP));
    }

    @Test
    void farCallPushesCsAndEipByOperandSize() {
        cpu.setEip(0x4321);
        int esp = cpu.reg(Cpu.ESP);
        Segmentation.farCall(cpu, Rig.CODE0, TARGET, true);
        assertEquals(esp - 8, cpu.reg(Cpu.ESP));
        assertEquals(0x4321, rig.stack(0));
        assertEquals(Rig.CODE0, rig.stack(1), "CS pushed zero-extended");
        assertEquals(TARGET, cpu.eip());
        cpu.setEip(0x7777);
        Segmentation.farCall(cpu, Rig.CODE16, 0x11112222, false);
        assertEquals(esp - 12, cpu.reg(Cpu.ESP));
        assertEquals(0x7777, rig.mem.read16(esp - 12));
        assertEquals(Rig.CODE0, rig.mem.read16(esp - 10));
        assertEquals(0x2222, cpu.eip());
        Segmentation.farReturn(cpu, false, 0);
        assertEquals(Rig.CODE0, cpu.segSelector(Cpu.CS));
        assertEquals(0x7777, cpu.eip());
        Segmentation.farReturn(cpu, true, 0);
        assertEquals(0x4321, cpu.eip());
        assertEquals(esp, cpu.reg(Cpu.ESP));
    }

    @Test
    void farReturnReleasesParameters() {
        cpu.setEip(0x100);
        int esp = cpu.reg(Cpu.ESP);
        rig.push32(0xAAAA);
        rig.push32(0xBBBB);
        Segmentation.farCall(cpu, Rig.CODE0, TARGET, true);
        Segmentation.farReturn(cpu, true, 8);
        assertEquals(esp, cpu.reg(Cpu.ESP));
        assertEquals(0x100, cpu.eip());
    }

    @Test
    void callGateAtSamePrivilege() {
        callGate(CALL_GATE32, 0, Rig.CODE0, TARGET, 0);
        cpu.setEip(0x200);
        int esp = cpu.reg(Cpu.ESP);
        Segmentation.farCall(cpu, GATE, 0xDEAD, false);
        assertEquals(TARGET, cpu.eip(), "the gate's offset, not the instruction's");
        assertEquals(esp - 8, cpu.reg(Cpu.ESP), "a 32-bit gate pushes dwords whatever the operand size");
        assertEquals(0x200, rig.stack(0));
        assertEquals(Rig.CODE0, rig.stack(1));
    }

    @Test
    void callGateToRing0CopiesParameters() {
        callGate(CALL_GATE32, 3, Rig.CODE0, TARGET, 3);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        rig.push32(0x33);
        rig.push32(0x22);
        rig.push32(0x11);
        int userEsp = cpu.reg(Cpu.ESP);
        cpu.setEip(0x1005);
        Segmentation.farCall(cpu, GATE | 3, 0, true);
        assertEquals(0, cpu.cpl());
        assertEquals(Rig.CODE0, cpu.segSelector(Cpu.CS));
        assertEquals(Rig.DATA0, cpu.segSelector(Cpu.SS));
        assertEquals(TARGET, cpu.eip());
        assertEquals(Rig.STACK0_TOP - 28, cpu.reg(Cpu.ESP));
        int[] expected = {0x1005, Rig.CODE3, 0x11, 0x22, 0x33, userEsp, Rig.DATA3};
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], rig.stack(k), "slot " + k);
        }
        // RETF 12 goes back to ring 3 and releases the parameters on both stacks.
        Segmentation.farReturn(cpu, true, 12);
        assertEquals(3, cpu.cpl());
        assertEquals(0x1005, cpu.eip());
        assertEquals(Rig.DATA3, cpu.segSelector(Cpu.SS));
        assertEquals(userEsp + 12, cpu.reg(Cpu.ESP));
        assertEquals(Rig.DATA3, cpu.segSelector(Cpu.DS), "DPL 3 data stays");
    }

    @Test
    void sixteenBitCallGateCopiesWords() {
        callGate(CALL_GATE16, 3, Rig.CODE0, 0xFFFF1234, 2);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        int esp = cpu.reg(Cpu.ESP) - 4;
        cpu.setReg(Cpu.ESP, esp);
        rig.mem.write16(esp, 0xAAAA);
        rig.mem.write16(esp + 2, 0xBBBB);
        cpu.setEip(0x1234);
        Segmentation.farCall(cpu, GATE | 3, 0, true);
        assertEquals(0x1234, cpu.eip(), "16-bit gate: low offset word only");
        int sp = cpu.reg(Cpu.ESP);
        assertEquals(Rig.STACK0_TOP - 12, sp);
        int[] expected = {0x1234, Rig.CODE3, 0xAAAA, 0xBBBB, esp & 0xFFFF, Rig.DATA3};
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], rig.mem.read16(sp + 2 * k), "word " + k);
        }
    }

    @Test
    void callGateChecks() {
        callGate(CALL_GATE32, 0, Rig.CODE0, TARGET, 0);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        Rig.assertFault(Fault.GP, GATE, () -> Segmentation.farCall(cpu, GATE | 3, 0, true));
        callGate(CALL_GATE32, 2, Rig.CODE0, TARGET, 0);
        Rig.assertFault(Fault.GP, GATE, () -> Segmentation.farCall(cpu, GATE | 3, 0, true));
        rig.setGdt(Rig.FREE, Rig.gate(CALL_GATE32, 3, Rig.CODE0, TARGET, 0) & ~((long) Descriptors.P << 32));
        Rig.assertFault(Fault.NP, GATE, () -> Segmentation.farCall(cpu, GATE | 3, 0, true));
        callGate(CALL_GATE32, 3, 0, TARGET, 0);
        Rig.assertFault(Fault.GP, 0, () -> Segmentation.farCall(cpu, GATE | 3, 0, true));
        callGate(CALL_GATE32, 3, Rig.DATA0, TARGET, 0);
        Rig.assertFault(Fault.GP, Rig.DATA0, () -> Segmentation.farCall(cpu, GATE | 3, 0, true));
        rig.setGdt(Rig.FREE + 1, Rig.descriptor(0, Rig.FLAT, Rig.CODE32 & ~Descriptors.P));
        callGate(CALL_GATE32, 3, SPARE, TARGET, 0);
        Rig.assertFault(Fault.NP, SPARE, () -> Segmentation.farCall(cpu, GATE | 3, 0, true));
        rig.setGdt(Rig.FREE + 1, Rig.descriptor(0, 0xFFF, Rig.CODE32 & ~Descriptors.G));
        Rig.assertFault(Fault.GP, 0, () -> Segmentation.farCall(cpu, GATE | 3, 0, true));
        // JMP through a call gate never changes privilege.
        callGate(CALL_GATE32, 3, Rig.CODE0, TARGET, 0);
        Rig.assertFault(Fault.GP, Rig.CODE0, () -> Segmentation.farJump(cpu, GATE | 3, 0, true));
        assertEquals(3, cpu.cpl());
        assertEquals(Rig.STACK3_TOP, cpu.reg(Cpu.ESP));
    }

    @Test
    void callGateFromRing0ToRing3CodeIsGp() {
        callGate(CALL_GATE32, 0, Rig.CODE3, TARGET, 0);
        Rig.assertFault(Fault.GP, Rig.CODE3 & ~3, () -> Segmentation.farCall(cpu, GATE, 0, true));
    }

    @Test
    void callGateInnerStackChecks() {
        callGate(CALL_GATE32, 3, Rig.CODE0, TARGET, 4);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        rig.mem.write16(Rig.TSS_A + 8, 0);
        Rig.assertFault(Fault.TS, 0, () -> Segmentation.farCall(cpu, GATE | 3, 0, true));
        rig.mem.write16(Rig.TSS_A + 8, Rig.DATA3);
        Rig.assertFault(Fault.TS, Rig.DATA3 & ~3, () -> Segmentation.farCall(cpu, GATE | 3, 0, true));
        // 4 parameters + 4 = 32 bytes; a 28-byte stack segment overflows.
        rig.setGdt(Rig.FREE + 1, Rig.descriptor(0x60000, 0x1F, Rig.DATA32 & ~Descriptors.G));
        rig.mem.write16(Rig.TSS_A + 8, SPARE);
        rig.mem.write32(Rig.TSS_A + 4, 0x1C);
        Rig.assertFault(Fault.SS, SPARE, () -> Segmentation.farCall(cpu, GATE | 3, 0, true));
        rig.mem.write32(Rig.TSS_A + 4, 0x20);
        // the four parameters must lie inside the caller's stack segment, else #SS(0)
        int smallStack = (Rig.DATA32 & ~Descriptors.G) | Rig.dpl(3) | Descriptors.ACCESSED;
        cpu.loadSegmentCache(Cpu.SS, Rig.DATA3, 0x80000, 0xFFF, smallStack);
        cpu.setReg(Cpu.ESP, 0xFF4);
        Rig.assertFault(Fault.SS, 0, () -> Segmentation.farCall(cpu, GATE | 3, 0, true));
        cpu.setReg(Cpu.ESP, 0xFF0);
        Segmentation.farCall(cpu, GATE | 3, 0, true);
        assertEquals(0, cpu.reg(Cpu.ESP), "32 bytes fit exactly");
        assertEquals(0x60000, cpu.segBase(Cpu.SS));
        assertEquals(0xFF0, rig.mem.read32(0x60000 + 24), "old ESP");
    }

    @Test
    void realModeFarCallJumpReturn() {
        Rig real = new Rig();
        Cpu c = real.cpu;
        c.loadSegmentCache(Cpu.CS, 0x1000, 0x10000, 0xFFFF, Descriptors.REAL_MODE_DATA);
        c.loadSegmentCache(Cpu.SS, 0, 0, 0xFFFF, Descriptors.REAL_MODE_DATA);
        c.setReg(Cpu.ESP, 0x8000);
        c.setEip(0x0123);
        Segmentation.farCall(c, 0x2000, 0x0456, false);
        assertEquals(0x20000, c.segBase(Cpu.CS));
        assertEquals(0x0456, c.eip());
        assertEquals(0x7FFC, c.reg(Cpu.ESP));
        assertEquals(0x0123, real.mem.read16(0x7FFC));
        assertEquals(0x1000, real.mem.read16(0x7FFE));
        Segmentation.farJump(c, 0x3000, 0x0789, false);
        assertEquals(0x30000, c.segBase(Cpu.CS));
        Segmentation.farReturn(c, false, 4);
        assertEquals(0x10000, c.segBase(Cpu.CS));
        assertEquals(0x0123, c.eip());
        assertEquals(0x8004, c.reg(Cpu.ESP));
        Rig.assertFault(Fault.GP, 0, () -> Segmentation.farJump(c, 0x3000, 0x10000, true));
    }

    @Test
    void v86FarJumpLoadsA64KiBSegment() {
        rig.push32(0);
        rig.push32(0);
        rig.push32(0);
        rig.push32(0);
        rig.push32(0x3000);
        rig.push32(0xFFF0);
        rig.push32(Eflags.FIXED_1 | Eflags.VM);
        rig.push32(0x2000);
        rig.push32(0x0100);
        org.j386.cpu.Interrupts.iret(cpu, true);
        Segmentation.farJump(cpu, 0x4000, 0x0010, false);
        assertEquals(0x40000, cpu.segBase(Cpu.CS));
        assertEquals(0x4000, cpu.segSelector(Cpu.CS));
        assertEquals(0x0010, cpu.eip());
        assertEquals(3, cpu.cpl());
    }
}
