package org.j386.harness;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * A few instructions each, run on QEMU and on j386: serial output, isa-debug-exit, triple fault
 * with and without -no-reboot, and a guest that halts for good.
 */
class TinyKernelTranscriptTest {
    private static final long BUDGET = 1_000_000;
    private static final int QEMU_SECONDS = 20;

    /** mov dx, 0x3f8; mov al, c; out dx, al for each byte of {@code s}. */
    private static int[] print(String s) {
        int[] code = new int[4 + 3 * s.length()];
        code[0] = 0x66;
        code[1] = 0xBA;
        code[2] = 0xF8;
        code[3] = 0x03;
        for (int i = 0; i < s.length(); i++) {
            code[4 + 3 * i] = 0xB0;
            code[5 + 3 * i] = s.charAt(i);
            code[6 + 3 * i] = 0xEE;
        }
        return code;
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

    /** mov al, v; out 0xf4, al */
    private static int[] debugExit(int v) {
        return new int[] {0xB0, v, 0xE6, 0xF4};
    }

    private static final int[] CLI_HLT = {0xFA, 0xF4};

    /**
     * Loads an IDT of limit 0, then INT3: #GP, #DF, triple fault. {@code at} is the address of
     * this code (the IDT pseudo-descriptor sits inside it, jumped over).
     */
    private static int[] tripleFault(int at) {
        int desc = at + 2;
        return new int[] {
            0xEB, 0x06, 0, 0, 0, 0, 0, 0,                            // jmp over a zero pseudo-descriptor
            0x0F, 0x01, 0x1D, desc & 0xFF, desc >> 8 & 0xFF, desc >> 16 & 0xFF, desc >>> 24,   // lidt [desc]
            0xCC,                                                    // int3
        };
    }

    private static void assertSame(Transcript.Boot boot, String expectedSerial, int expectedStatus) throws Exception {
        Transcript qemu = Transcript.qemu(boot, QEMU_SECONDS);
        assertEquals(expectedSerial, qemu.serial(), "QEMU: " + qemu.how());
        assertEquals(expectedStatus, qemu.exitStatus(), "QEMU: " + qemu.how());
        Transcript j386 = Transcript.j386(boot, BUDGET);
        assertEquals(qemu.serial(), j386.serial(), "j386: " + j386.how());
        assertEquals(qemu.exitStatus(), j386.exitStatus(), "j386: " + j386.how());
    }

    @Test
    void printsThenExitsThroughIsaDebugExit() throws Exception {
        Path k = TestKernels.flat("hello.elf", concat(print("hi\n"), debugExit(0x10), CLI_HLT));
        assertSame(Transcript.Boot.of(k, null), "hi\n", 0x21);
    }

    @Test
    void nothingIsPrintedAfterTheExitWrite() throws Exception {
        Path k = TestKernels.flat("after-exit.elf", concat(print("a"), debugExit(0x7F), print("b"), CLI_HLT));
        assertSame(Transcript.Boot.of(k, null), "a", 0xFF);
    }

    @Test
    void tripleFaultWithNoRebootExitsZero() throws Exception {
        int[] head = print("tf");
        Path k = TestKernels.flat("triple.elf", concat(head, tripleFault(TestKernels.ENTRY + head.length)));
        assertSame(Transcript.Boot.of(k, null), "tf", 0);
    }

    @Test
    void tripleFaultRebootsAndRamSurvives() throws Exception {
        // inc dword [0x200000]; print "b"; cmp dword [0x200000], 3; jne fault; exit 0x10; fault: triple fault
        int[] inc = {0xFF, 0x05, 0x00, 0x00, 0x20, 0x00};
        int[] cmpJne = {0x83, 0x3D, 0x00, 0x00, 0x20, 0x00, 0x03, 0x75, 0x04};
        int[] head = concat(inc, print("b"), cmpJne, debugExit(0x10));
        Path k = TestKernels.flat("reboot.elf", concat(head, tripleFault(TestKernels.ENTRY + head.length)));
        assertSame(Transcript.Boot.of(k, null).rebooting(), "bbb", 0x21);
    }

    @Test
    void haltWithInterruptsOffNeverEnds() throws Exception {
        Path k = TestKernels.flat("stuck.elf", concat(print("x"), CLI_HLT));
        Transcript j386 = Transcript.j386(Transcript.Boot.of(k, null), BUDGET);
        assertEquals("x", j386.serial());
        assertEquals(Transcript.NEVER_ENDED, j386.exitStatus());
        assertTrue(j386.how().startsWith("hung"), j386.how());
    }
}
