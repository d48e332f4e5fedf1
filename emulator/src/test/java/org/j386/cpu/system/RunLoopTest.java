package org.j386.cpu.system;

import static org.j386.cpu.Descriptors.CALL_GATE32;
import static org.j386.cpu.Descriptors.INT_GATE32;
import static org.j386.cpu.Descriptors.TRAP_GATE32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.j386.cpu.Cpu;
import org.j386.cpu.Descriptors;
import org.j386.cpu.Eflags;
import org.j386.cpu.Fault;
import org.j386.cpu.Interrupts;
import org.junit.jupiter.api.Test;

/**
 * Hand-assembled programs run by the core's loop through the system files: a system call and
 * return, a call gate, exceptions from ring 3 and V86 mode, #DF escalation and the triple
 * fault (SDM Vol. 3A 6.15, table 6-5).
 */
class RunLoopTest {
    private static final int USER_EIP = 0x1000;
    private static final int HANDLER = 0x5000;
    private static final int DF_HANDLER = 0x5800;
    private static final int BUDGET = 20;

    private static final int HLT = 0xF4;
    private static final int IRETD = 0xCF;
    private static final int INC_EAX = 0x40;
    private static final int CLI = 0xFA;
    private static final int[] JMP_SELF = {0xEB, 0xFE};

    private final Rig rig = new Rig().enterProtectedMode();
    private final Cpu cpu = rig.cpu;

    private void code(int address, int... bytes) {
        for (int k = 0; k < bytes.length; k++) {
            rig.mem.write8(address + k, bytes[k]);
        }
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void systemCallAndReturn() {
        // mov eax, 1 ; int 0x80 ; jmp $        handler: inc eax ; iretd
        code(USER_EIP, concat(new int[] {0xB8, 1, 0, 0, 0, 0xCD, 0x80}, JMP_SELF));
        code(HANDLER, INC_EAX, IRETD);
        rig.idtGate(0x80, INT_GATE32, 3, Rig.CODE0, HANDLER);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1 | Eflags.IF);
        cpu.run(BUDGET);
        assertEquals(2, cpu.reg(Cpu.EAX));
        assertEquals(3, cpu.cpl());
        assertEquals(USER_EIP + 7, cpu.eip());
        assertEquals(Rig.STACK3_TOP, cpu.reg(Cpu.ESP));
        assertEquals(Rig.CODE3, cpu.segSelector(Cpu.CS));
        assertEquals(Eflags.FIXED_1 | Eflags.IF, cpu.eflags() & ~Eflags.ARITH);
    }

    @Test
    void callGateFromRing3AndFarReturn() {
        // push 0x77 ; call 0x0083:0 ; jmp $       ring-0 routine: mov eax,[esp+8] ; retf 4
        code(USER_EIP, concat(new int[] {0x6A, 0x77, 0x9A, 0, 0, 0, 0, 0x83, 0}, JMP_SELF));
        code(HANDLER, 0x8B, 0x44, 0x24, 0x08, 0xCA, 4, 0);
        rig.setGdt(Rig.FREE, Rig.gate(CALL_GATE32, 3, Rig.CODE0, HANDLER, 1));
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        cpu.run(BUDGET);
        assertEquals(0x77, cpu.reg(Cpu.EAX), "the parameter was copied to the ring-0 stack");
        assertEquals(3, cpu.cpl());
        assertEquals(USER_EIP + 9, cpu.eip());
        assertEquals(Rig.STACK3_TOP, cpu.reg(Cpu.ESP), "RETF 4 released the parameter on the user stack");
    }

    @Test
    void privilegedInstructionInRing3IsGpToRing0() {
        code(USER_EIP, HLT);
        code(HANDLER, HLT);
        rig.idtGate(Fault.GP, TRAP_GATE32, 0, Rig.CODE0, HANDLER);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1 | Eflags.IF);
        cpu.run(BUDGET);
        assertTrue(cpu.halted());
        assertEquals(0, cpu.cpl());
        assertEquals(HANDLER + 1, cpu.eip());
        assertEquals(0, rig.stack(0), "#GP(0)");
        assertEquals(USER_EIP, rig.stack(1), "a fault reports the faulting instruction");
        assertEquals(Rig.CODE3, rig.stack(2));
        assertEquals(Rig.STACK3_TOP, rig.stack(4));
        assertEquals(Rig.DATA3, rig.stack(5));
    }

    @Test
    void faultDeliveringAContributoryFaultIsDoubleFault() {
        code(USER_EIP, HLT);
        code(DF_HANDLER, HLT);
        rig.setIdt(Fault.GP, Rig.gate(INT_GATE32, 0, Rig.CODE0, HANDLER, 0) & ~((long) Descriptors.P << 32));
        rig.idtGate(Fault.DF, INT_GATE32, 0, Rig.CODE0, DF_HANDLER);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        cpu.run(BUDGET);
        assertTrue(cpu.halted());
        assertFalse(cpu.shutdown());
        assertEquals(DF_HANDLER + 1, cpu.eip());
        assertEquals(0, rig.stack(0), "#DF pushes 0");
        assertEquals(USER_EIP, rig.stack(1));
        assertEquals(Rig.CODE3, rig.stack(2));
    }

    @Test
    void faultDeliveringDoubleFaultShutsDown() {
        code(USER_EIP, HLT);
        rig.setIdt(Fault.GP, Rig.gate(INT_GATE32, 0, Rig.CODE0, HANDLER, 0) & ~((long) Descriptors.P << 32));
        rig.setIdt(Fault.DF, Rig.gate(INT_GATE32, 0, Rig.CODE0, HANDLER, 0) & ~((long) Descriptors.P << 32));
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        cpu.run(BUDGET);
        assertTrue(cpu.shutdown(), "triple fault");
    }

    @Test
    void benignThenContributoryIsHandledSerially() {
        // #UD (benign) whose gate is missing: the #NP is delivered, no #DF.
        code(USER_EIP, 0x0F, 0x0B); // UD2
        code(HANDLER, HLT);
        rig.setIdt(Fault.UD, Rig.gate(INT_GATE32, 0, Rig.CODE0, HANDLER, 0) & ~((long) Descriptors.P << 32));
        rig.idtGate(Fault.NP, INT_GATE32, 0, Rig.CODE0, HANDLER);
        rig.enterRing(3, USER_EIP, Rig.STACK3_TOP, Eflags.FIXED_1);
        cpu.run(BUDGET);
        assertTrue(cpu.halted());
        assertEquals(Fault.UD * 8 + 2 + 1, rig.stack(0), "#NP(vector * 8 + IDT + EXT)");
        assertEquals(USER_EIP, rig.stack(1));
    }

    @Test
    void v86CliFaultsToTheMonitorAndIretGoesBack() {
        // V86 code at 2000:0100: cli ; jmp $     monitor: add dword [esp+4], 1 ; add esp, 4 ; iretd
        code(0x20100, concat(new int[] {CLI}, JMP_SELF));
        code(HANDLER, 0x83, 0x44, 0x24, 0x04, 0x01, 0x83, 0xC4, 0x04, IRETD);
        rig.idtGate(Fault.GP, INT_GATE32, 0, Rig.CODE0, HANDLER);
        for (int v : new int[] {0, 0, 0, 0, 0x3000, 0xFFFE, Eflags.FIXED_1 | Eflags.VM | Eflags.IF, 0x2000, 0x0100}) {
            rig.push32(v);
        }
        Interrupts.iret(cpu, true);
        cpu.run(BUDGET);
        assertEquals(3, cpu.cpl());
        assertTrue((cpu.eflags() & Eflags.VM) != 0);
        assertEquals(0x0101, cpu.eip(), "the monitor skipped the CLI");
        assertTrue((cpu.eflags() & Eflags.IF) != 0, "IF untouched: CLI did not run at IOPL 0");
        assertEquals(0xFFFE, cpu.reg(Cpu.ESP));
    }

    @Test
    void v86IntNWithIopl3GoesThroughTheIdt() {
        // V86: int 0x21 ; jmp $   ring-0 handler: hlt
        code(0x20100, concat(new int[] {0xCD, 0x21}, JMP_SELF));
        code(HANDLER, HLT);
        rig.idtGate(0x21, INT_GATE32, 3, Rig.CODE0, HANDLER);
        for (int v : new int[] {0x50, 0x60, 0x70, 0x80, 0x3000, 0xFFFE,
            Eflags.FIXED_1 | Eflags.VM | Eflags.IOPL, 0x2000, 0x0100}) {
            rig.push32(v);
        }
        Interrupts.iret(cpu, true);
        cpu.run(BUDGET);
        assertTrue(cpu.halted());
        assertEquals(0, cpu.cpl());
        int[] frame = {0x0102, 0x2000, Eflags.FIXED_1 | Eflags.VM | Eflags.IOPL, 0xFFFE, 0x3000, 0x80, 0x70, 0x60, 0x50};
        for (int k = 0; k < frame.length; k++) {
            assertEquals(frame[k], rig.stack(k), "slot " + k);
        }
    }

    @Test
    void v86IntNWithIoplBelow3IsGp() {
        code(0x20100, 0xCD, 0x21);
        code(HANDLER, HLT);
        rig.idtGate(0x21, INT_GATE32, 3, Rig.CODE0, 0x6000);
        rig.idtGate(Fault.GP, INT_GATE32, 0, Rig.CODE0, HANDLER);
        for (int v : new int[] {0, 0, 0, 0, 0x3000, 0xFFFE, Eflags.FIXED_1 | Eflags.VM, 0x2000, 0x0100}) {
            rig.push32(v);
        }
        Interrupts.iret(cpu, true);
        cpu.run(BUDGET);
        assertEquals(HANDLER + 1, cpu.eip());
        assertEquals(0, rig.stack(0));
        assertEquals(0x0100, rig.stack(1), "#GP reports the INT itself");
    }
}
