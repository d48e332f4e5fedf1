package org.j386.cpu.system;

import static org.j386.cpu.Descriptors.INT_GATE32;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.j386.cpu.Cpu;
import org.j386.cpu.Eflags;
import org.junit.jupiter.api.Test;

/**
 * The run loop's block paths: EIP, the retired count and the roll-back point kept in locals,
 * specialised handlers and compare-and-branch fusion must give exactly what one instruction at a
 * time gives — for every budget, across a fault in the first half of a fused pair, and in a code
 * segment with a limit (where fusion is off).
 */
class BlockExecutionTest {
    private static final int CODE = 0x2000;
    private static final int HANDLER = 0x5000;
    private static final int HLT = 0xF4;
    /** mov ecx, 5 ; L: add eax, ecx ; dec ecx ; jne L ; cmp eax, 15 ; je +1 ; hlt ; inc ebx ; hlt */
    private static final int[] LOOP = {
        0xB9, 5, 0, 0, 0,
        0x01, 0xC8,
        0x49,
        0x75, 0xFB,
        0x83, 0xF8, 15,
        0x74, 0x01,
        HLT,
        0x43,
        HLT,
    };
    /** Instructions the loop retires up to and including the final HLT: 1 + 5 * 3 + 2 + 1 + 1. */
    private static final int LOOP_INSTRUCTIONS = 20;

    private static Rig rigWith(int[] program, int codeLimit) {
        Rig rig = new Rig().enterProtectedMode();
        for (int k = 0; k < program.length; k++) {
            rig.mem.write8(CODE + k, program[k]);
        }
        if (codeLimit != -1) {
            rig.cpu.loadSegmentCache(Cpu.CS, Rig.CODE0, 0, codeLimit, Rig.CODE32);
        }
        rig.cpu.setEip(CODE);
        rig.cpu.setEflags(Eflags.FIXED_1);
        return rig;
    }

    private static String state(Cpu cpu) {
        return String.format("eip=%08x eax=%08x ebx=%08x ecx=%08x flags=%08x n=%d", cpu.eip(), cpu.reg(Cpu.EAX),
                cpu.reg(Cpu.EBX), cpu.reg(Cpu.ECX), cpu.eflags(), cpu.instructions());
    }

    /** The state after each instruction, one run(1) at a time: the reference. */
    private static String[] stepped(int codeLimit) {
        Rig rig = rigWith(LOOP, codeLimit);
        String[] after = new String[LOOP_INSTRUCTIONS + 1];
        after[0] = state(rig.cpu);
        for (int k = 1; k <= LOOP_INSTRUCTIONS; k++) {
            assertEquals(1, rig.cpu.run(1), "step " + k);
            after[k] = state(rig.cpu);
        }
        return after;
    }

    @Test
    void everyBudgetStopsExactlyWhereSteppingDoes() {
        String[] reference = stepped(-1);
        for (int budget = 1; budget <= LOOP_INSTRUCTIONS; budget++) {
            Rig rig = rigWith(LOOP, -1);
            // Warm the decode cache first, so the budget ends inside cached, fused pairs too.
            Rig warm = rigWith(LOOP, -1);
            warm.cpu.run(LOOP_INSTRUCTIONS);
            assertEquals(budget, rig.cpu.run(budget), "retired with budget " + budget);
            assertEquals(reference[budget], state(rig.cpu), "budget " + budget);
            // Going on from there ends where one long run ends.
            rig.cpu.run(LOOP_INSTRUCTIONS - budget);
            assertEquals(reference[LOOP_INSTRUCTIONS], state(rig.cpu), "after budget " + budget);
        }
        assertEquals(String.format("eip=%08x", CODE + LOOP.length), reference[LOOP_INSTRUCTIONS].substring(0, 12));
    }

    @Test
    void theSameCacheRunsSteppedAndInOneGo() {
        // Everything but the final HLT, in one go (decoding and fusing), then again stepped from the cache.
        int budget = LOOP_INSTRUCTIONS - 1;
        Rig rig = rigWith(LOOP, -1);
        assertEquals(budget, rig.cpu.run(budget));
        String once = state(rig.cpu);
        rig.cpu.setEip(CODE);
        rig.cpu.setReg(Cpu.EAX, 0);
        rig.cpu.setReg(Cpu.EBX, 0);
        rig.cpu.setEflags(Eflags.FIXED_1);
        for (int k = 0; k < budget; k++) {
            assertEquals(1, rig.cpu.run(1), "step " + k);
        }
        assertEquals(once.replaceAll("n=\\d+", ""), state(rig.cpu).replaceAll("n=\\d+", ""));
        assertEquals(2L * budget, rig.cpu.instructions());
    }

    @Test
    void aLimitedCodeSegmentRunsThePairsApartWithTheSameResult() {
        String[] flat = stepped(-1);
        String[] limited = stepped(0xFFFFF);
        for (int k = 0; k <= LOOP_INSTRUCTIONS; k++) {
            assertEquals(flat[k], limited[k], "step " + k);
        }
        Rig rig = rigWith(LOOP, 0xFFFFF);
        assertEquals(LOOP_INSTRUCTIONS, rig.cpu.run(LOOP_INSTRUCTIONS + 5));
        assertEquals(flat[LOOP_INSTRUCTIONS], state(rig.cpu));
    }

    @Test
    void aFaultInTheFirstHalfOfAPairReportsItsOwnEip() {
        // inc ebx ; div ecx (ecx = 0: #DE) ; jne +0 ; hlt           #DE handler: hlt
        int[] program = {0x43, 0xF7, 0xF1, 0x75, 0x00, HLT};
        Rig rig = rigWith(program, -1);
        rig.setIdt(0, Rig.gate(INT_GATE32, 0, Rig.CODE0, HANDLER, 0));
        rig.mem.write8(HANDLER, HLT);
        int esp = rig.cpu.reg(Cpu.ESP);
        rig.cpu.run(10);
        assertEquals(HANDLER + 1, rig.cpu.eip(), "halted in the #DE handler");
        assertEquals(CODE + 1, rig.mem.read32(esp - 12), "the pushed EIP is the DIV's");
        assertEquals(1, rig.cpu.reg(Cpu.EBX), "the instruction before ran once");
        // Stepping one instruction at a time retires and delivers the same.
        Rig step = rigWith(program, -1);
        step.setIdt(0, Rig.gate(INT_GATE32, 0, Rig.CODE0, HANDLER, 0));
        step.mem.write8(HANDLER, HLT);
        while (step.cpu.run(1) == 1) {
            continue;
        }
        assertEquals(state(step.cpu), state(rig.cpu));
    }
}
