package org.j386.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.j386.mmu.Pte;
import org.junit.jupiter.api.Test;

/** Run-loop behaviour the one-instruction vectors cannot show: caching, restarts, interrupts, shutdown. */
class CoreBehaviourTest {
    /** An interrupt controller with one pending vector. */
    static final class OnePending implements InterruptController {
        int vector = -1;

        @Override
        public boolean interruptPending() {
            return vector >= 0;
        }

        @Override
        public int acknowledgeInterrupt() {
            int v = vector;
            vector = -1;
            return v;
        }
    }

    @Test
    void storeIntoTheNextCachedInstructionTakesEffect() {
        TestMachine m = new TestMachine().flat32();
        // l: inc byte [10007] ; mov al, imm8 (imm at 10007) ; dec ecx ; jnz l ; hlt
        m.load(TestMachine.CODE, TestMachine.hex("FE 05 07 00 01 00  B0 00  49  75 F5  F4"));
        m.cpu.setReg(Cpu.ECX, 3);
        m.cpu.run(1000);
        assertTrue(m.cpu.halted());
        assertEquals(3, m.cpu.reg(Cpu.EAX) & 0xFF, "each pass must see the immediate the previous pass stored");
    }

    @Test
    void loaderWriteInvalidatesCachedCode() {
        TestMachine m = new TestMachine().flat32();
        m.load(TestMachine.CODE, TestMachine.hex("B8 01 00 00 00 F4"));
        m.cpu.run(10);
        assertEquals(1, m.cpu.reg(Cpu.EAX));
        m.load(TestMachine.CODE, TestMachine.hex("B8 02 00 00 00 F4"));
        TestMachine again = m;
        again.cpu.reset();
        again.flat32();
        again.cpu.run(10);
        assertEquals(2, again.cpu.reg(Cpu.EAX));
    }

    private static void identityMap(TestMachine m, int pd, int pt, int missingPage) {
        m.mem.write32(pd, pt | Pte.P | Pte.RW);
        for (int k = 0; k < 1024; k++) {
            int frame = k << 12;
            m.mem.write32(pt + 4 * k, frame == missingPage ? 0 : frame | Pte.P | Pte.RW);
        }
        m.cpu.setCr(3, pd);
        m.cpu.setCr(0, m.cpu.cr(0) | Cr0.PG);
    }

    @Test
    void pageFaultInTheMiddleOfRepMovsRestarts() {
        TestMachine m = new TestMachine().flat32();
        int pd = 0x100000;
        int pt = 0x101000;
        int missing = 0x21000;
        identityMap(m, pd, pt, missing);
        for (int k = 0; k < 0x20; k++) {
            m.mem.write8(0x22000 + k, 0x80 + k);
        }
        m.load(TestMachine.CODE, TestMachine.hex("F3 A4 F4")); // rep movsb ; hlt
        m.cpu.setReg(Cpu.ESI, 0x22000);
        m.cpu.setReg(Cpu.EDI, missing - 0x10);
        m.cpu.setReg(Cpu.ECX, 0x20);
        m.cpu.run(1);
        assertEquals(Fault.PF, m.deliveredVector());
        assertEquals(missing, m.cpu.cr(2));
        assertEquals(0x10, m.cpu.reg(Cpu.ECX), "ECX counts the bytes not yet copied");
        assertEquals(missing, m.cpu.reg(Cpu.EDI));
        assertEquals(0x22010, m.cpu.reg(Cpu.ESI));
        int esp = m.cpu.reg(Cpu.ESP);
        assertEquals(TestMachine.CODE, m.mmu.read32(esp + 4), "the pushed EIP is the REP instruction");
        // The handler maps the page and returns: here by hand.
        m.mem.write32(pt + 4 * (missing >>> 12), missing | Pte.P | Pte.RW);
        m.mmu.invalidatePage(missing);
        m.cpu.setEip(TestMachine.CODE);
        m.cpu.setReg(Cpu.ESP, esp + 16);
        m.cpu.run(10);
        assertTrue(m.cpu.halted());
        assertEquals(0, m.cpu.reg(Cpu.ECX));
        for (int k = 0; k < 0x20; k++) {
            assertEquals(0x80 + k, m.mem.read8(missing - 0x10 + k), "byte " + k);
        }
    }

    @Test
    void readModifyWriteToAReadOnlyPageChangesNothing() {
        TestMachine m = new TestMachine().flat32();
        int pd = 0x100000;
        int pt = 0x101000;
        identityMap(m, pd, pt, -1);
        m.mem.write32(pt + 4 * 0x20, 0x20000 | Pte.P);
        m.cpu.setCr(0, m.cpu.cr(0) | Cr0.WP);
        m.mem.write32(0x20000, 5);
        m.load(TestMachine.CODE, TestMachine.hex("01 08")); // add [eax], ecx
        m.cpu.setReg(Cpu.EAX, 0x20000);
        m.cpu.setReg(Cpu.ECX, -5);
        m.cpu.setEflags(Eflags.FIXED_1);
        m.cpu.run(1);
        assertEquals(Fault.PF, m.deliveredVector());
        assertEquals(5, m.mem.read32(0x20000));
        int pushedFlags = m.mmu.read32(m.cpu.reg(Cpu.ESP) + 12);
        assertEquals(0, pushedFlags & Eflags.ZF, "the flags of the faulting ADD must not be committed");
    }

    @Test
    void haltWaitsForAnInterruptAndWakes() {
        TestMachine m = new TestMachine().flat32();
        OnePending pic = new OnePending();
        m.cpu.setInterruptController(pic);
        m.load(TestMachine.CODE, TestMachine.hex("FB F4 90")); // sti ; hlt ; nop
        assertEquals(2, m.cpu.run(100));
        assertTrue(m.cpu.halted());
        assertEquals(0, m.cpu.run(100), "halted with nothing pending: no progress");
        pic.vector = 0x20;
        assertEquals(0, m.cpu.run(0), "a zero budget only polls the interrupt controller");
        assertFalse(m.cpu.halted());
        assertEquals(0x20, m.deliveredVector());
        assertEquals(TestMachine.CODE + 2, m.mmu.read32(m.cpu.reg(Cpu.ESP)), "returns after the HLT");
    }

    @Test
    void haltWithInterruptsDisabledStaysHalted() {
        TestMachine m = new TestMachine().flat32();
        OnePending pic = new OnePending();
        m.cpu.setInterruptController(pic);
        m.load(TestMachine.CODE, TestMachine.hex("F4"));
        m.cpu.run(10);
        pic.vector = 0x21;
        assertEquals(0, m.cpu.run(10));
        assertTrue(m.cpu.halted());
    }

    @Test
    void stiHoldsInterruptsOffForOneInstruction() {
        TestMachine m = new TestMachine().flat32();
        OnePending pic = new OnePending();
        m.cpu.setInterruptController(pic);
        m.load(TestMachine.CODE, TestMachine.hex("FB 90 90"));
        pic.vector = 0x30;
        m.cpu.run(1);
        assertEquals(TestMachine.CODE + 1, m.cpu.eip());
        m.cpu.run(1);
        assertEquals(0x30, m.deliveredVector(), "taken right after the instruction following STI");
        assertEquals(TestMachine.CODE + 2, m.mmu.read32(m.cpu.reg(Cpu.ESP)));
    }

    @Test
    void faultWhileDeliveringADoubleFaultShutsDown() {
        TestMachine m = new TestMachine().flat32();
        m.cpu.setIdtr(TestMachine.IDT, 0);
        m.load(TestMachine.CODE, TestMachine.hex("0F 0B"));
        m.cpu.run(5);
        assertTrue(m.cpu.shutdown());
        assertEquals(0, m.cpu.run(5));
    }

    @Test
    void contributoryFaultDuringDeliveryBecomesDoubleFault() {
        TestMachine m = new TestMachine().flat32();
        // #DE whose gate is not present: #NP while delivering a contributory fault -> #DF.
        m.mem.write32(TestMachine.IDT + 4, m.mem.read32(TestMachine.IDT + 4) & ~(1 << 15));
        m.load(TestMachine.CODE, TestMachine.hex("F7 F1")); // div ecx (ecx = 0)
        m.cpu.run(1);
        assertEquals(Fault.DF, m.deliveredVector());
        assertFalse(m.cpu.shutdown());
    }

    @Test
    void requestStopEndsTheNextRunAtOnce() {
        TestMachine m = new TestMachine().flat32();
        m.load(TestMachine.CODE, TestMachine.hex("EB FE")); // jmp $
        m.cpu.requestStop();
        assertEquals(0, m.cpu.run(100));
        assertEquals(100, m.cpu.run(100), "the request is consumed");
    }

    @Test
    void runOneExecutesExactlyOneInstruction() {
        TestMachine m = new TestMachine().flat32();
        m.load(TestMachine.CODE, TestMachine.hex("40 40 40 40 F4"));
        for (int k = 1; k <= 4; k++) {
            assertEquals(1, m.cpu.run(1));
            assertEquals(k, m.cpu.reg(Cpu.EAX));
            assertEquals(TestMachine.CODE + k, m.cpu.eip());
        }
        assertEquals(4, m.cpu.instructions());
    }

    @Test
    void instructionStraddlingAPageEndIsFetchedFromBothPages() {
        TestMachine m = new TestMachine().flat32();
        int at = 0x10FFE;
        m.load(at, TestMachine.hex("B8 78 56 34 12 F4")); // mov eax, 12345678 across 10FFF/11000
        m.cpu.setEip(at);
        m.cpu.run(10);
        assertEquals(0x12345678, m.cpu.reg(Cpu.EAX));
        m.load(0x11000, TestMachine.hex("99"));
        m.cpu.reset();
        m.flat32();
        m.cpu.setEip(at);
        m.cpu.run(10);
        assertEquals(0x12349978, m.cpu.reg(Cpu.EAX), "a straddling instruction is not cached stale");
    }

    @Test
    void resetStateFollowsTable9dash1() {
        TestMachine m = new TestMachine();
        Cpu c = m.cpu;
        assertEquals(0xF000, c.segSelector(Cpu.CS));
        assertEquals(0xFFFF0000, c.segBase(Cpu.CS));
        assertEquals(0xFFF0, c.eip());
        assertEquals(0x480, c.reg(Cpu.EDX));
        assertEquals(2, c.eflags());
        assertEquals(Cr0.RESET, c.cr(0));
        assertEquals(0xFFFF0FF0, c.dr(6));
        assertEquals(0x400, c.dr(7));
        assertEquals(0x3FF, c.idtrLimit());
    }
}
