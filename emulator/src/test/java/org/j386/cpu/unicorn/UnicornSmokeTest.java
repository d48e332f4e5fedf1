package org.j386.cpu.unicorn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The oracle itself, before it judges j386: the binding, the layout and each Unicorn pitfall the
 * differential relies on being worked around (toolchain.md 3).
 */
class UnicornSmokeTest {
    private static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4;
    private static final int CF = 1, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7;
    private static final int STATUS = CF | PF | AF | ZF | SF | 1 << 11;

    private static final int SLOT = FuzzLayout.slot(0);
    private static UnicornX86 uc;
    private static FuzzPorts ports;
    private final int[] gpr = new int[8];
    private final int[] sys = new int[8];

    @BeforeAll
    static void open() {
        UnicornAvailable.assume();
        ports = new FuzzPorts();
        uc = new UnicornX86(ports);
        byte[] fill = new byte[FuzzLayout.FILL_BEFORE + FuzzLayout.FILL_AFTER];
        java.util.Arrays.fill(fill, FuzzLayout.HLT);
        uc.writeMemory(SLOT - FuzzLayout.FILL_BEFORE, fill, fill.length);
    }

    @AfterAll
    static void close() {
        if (uc != null) {
            uc.close();
        }
    }

    @BeforeEach
    void clear() {
        java.util.Arrays.fill(gpr, 0);
        gpr[ESP] = FuzzLayout.WINDOW + 0x1000 - FuzzLayout.SEG_BASE[2];
        ports.clear();
    }

    /** Writes {@code code} at the slot, runs it with until = slot + length, reads the state back. */
    private int exec(int eflags, int... code) {
        byte[] b = new byte[code.length];
        for (int i = 0; i < code.length; i++) {
            b[i] = (byte) code[i];
        }
        uc.writeMemory(SLOT, b, b.length);
        uc.writeState(gpr, SLOT, eflags);
        int err = uc.run(SLOT, SLOT + b.length);
        uc.readState(gpr, sys);
        byte[] hlt = new byte[16];
        java.util.Arrays.fill(hlt, FuzzLayout.HLT);
        uc.writeMemory(SLOT, hlt, hlt.length);
        return err;
    }

    @Test
    void addReportsResultAndFlags() {
        gpr[EAX] = -1;
        gpr[EBX] = 1;
        assertEquals(Uc.ERR_OK, exec(0x2, 0x01, 0xD8));                 // add eax, ebx
        assertEquals(0, gpr[EAX]);
        assertEquals(SLOT + 2, sys[0]);
        assertEquals(CF | PF | AF | ZF | 0x2, sys[1] & (STATUS | 0x2));
        assertEquals(-1, uc.vector);
    }

    @Test
    void rewrittenCodeAtTheSameAddressIsNotStale() {
        // Pitfall 1: alternate add/sub at one address; with until = next instruction none is stale.
        for (int i = 0; i < 2000; i++) {
            gpr[EAX] = i;
            gpr[EBX] = 7;
            boolean add = (i & 1) == 0;
            exec(0x2, add ? 0x01 : 0x29, 0xD8);
            assertEquals(add ? i + 7 : i - 7, gpr[EAX], "iteration " + i);
        }
    }

    @Test
    void repeatedStringOpRunsAllIterations() {
        gpr[ECX] = 5;
        gpr[7] = FuzzLayout.WINDOW + 0x100 - FuzzLayout.SEG_BASE[0];   // EDI, ES-relative
        gpr[EAX] = 0x5A;
        assertEquals(Uc.ERR_OK, exec(0x2, 0xF3, 0xAA));                 // rep stosb
        assertEquals(0, gpr[ECX]);
        assertEquals(FuzzLayout.WINDOW + 0x105 - FuzzLayout.SEG_BASE[0], gpr[7]);
        byte[] w = new byte[5];
        uc.readMemory(FuzzLayout.WINDOW + 0x100, w);
        assertArrayEquals(new byte[] {0x5A, 0x5A, 0x5A, 0x5A, 0x5A}, w);
    }

    @Test
    void segmentOverrideUsesTheDescriptorBase() {
        byte[] word = {0x11, 0x22, 0x33, 0x44};
        uc.writeMemory(FuzzLayout.WINDOW + 0x40, word, 4);
        gpr[EBX] = FuzzLayout.WINDOW + 0x40 - FuzzLayout.SEG_BASE[5];
        assertEquals(Uc.ERR_OK, exec(0x2, 0x65, 0x8B, 0x03));           // mov eax, gs:[ebx]
        assertEquals(0x44332211, gpr[EAX]);
        assertEquals(FuzzLayout.SEG_SELECTOR[5], sys[2 + 5]);
    }

    @Test
    void divideByZeroReportsVectorZeroWithEipOnTheInstruction() {
        gpr[EAX] = 1;
        exec(0x2, 0xF7, 0xF1);                                           // div ecx, ecx = 0
        assertEquals(0, uc.vector);
        assertEquals(SLOT, sys[0]);
        assertEquals(1, gpr[EAX]);
    }

    @Test
    void consecutiveFaultsEachReportTheirOwnVector() {
        // Without the context restore in UnicornX86.run the second #DE reads as #DF (8).
        for (int i = 0; i < 3; i++) {
            gpr[ECX] = 0;
            exec(0x2, 0xF6, 0xF1);                                       // div cl, cl = 0
            assertEquals(0, uc.vector, "fault " + i);
            exec(0x2, 0xD4, 0x00);                                       // aam 0
            assertEquals(0, uc.vector, "aam 0, round " + i);
        }
    }

    @Test
    void boundOutOfRangeReportsVectorFive() {
        byte[] bounds = {0x10, 0, 0, 0, 0x20, 0, 0, 0};
        uc.writeMemory(FuzzLayout.WINDOW + 0x80, bounds, 8);
        gpr[EAX] = 0x30;
        gpr[EBX] = FuzzLayout.WINDOW + 0x80 - FuzzLayout.SEG_BASE[3];
        exec(0x2, 0x62, 0x03);                                           // bound eax, [ebx]
        assertEquals(5, uc.vector);
        assertEquals(SLOT, sys[0]);
    }

    @Test
    void takenBranchStopsOnTheHltAtItsTarget() {
        assertEquals(Uc.ERR_OK, exec(0x2, 0xEB, 0x40));                  // jmp short +0x40
        assertEquals(SLOT + 2 + 0x40 + 1, sys[0]);
        gpr[ECX] = 1;
        assertEquals(Uc.ERR_OK, exec(0x2, 0xE2, 0x40));                  // loop: ECX 1 -> 0, not taken
        assertEquals(SLOT + 2, sys[0]);
        assertEquals(0, gpr[ECX]);
    }

    @Test
    void inAndOutGoThroughThePortModel() {
        gpr[EDX] = 0x1234;
        assertEquals(Uc.ERR_OK, exec(0x2, 0xED));                        // in eax, dx
        assertEquals(FuzzPorts.inValue(0x1234, 4), gpr[EAX]);
        gpr[EAX] = 0xCAFE;
        assertEquals(Uc.ERR_OK, exec(0x2, 0x66, 0xE7, 0x80));            // out 0x80, ax
        assertEquals(0x80, ports.outPort);
        assertEquals(2, ports.outSize);
        assertEquals(0xCAFE, ports.outValue);
    }

    @Test
    void eflagsBitOneReadsOne() {
        // Pitfall 3: bit 1 always reads 1, even when written 0.
        exec(0, 0x90);
        assertEquals(0x2, sys[1] & 0x2);
    }
}
