package org.j386.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real gdb 13.1 against the stub serving {@link TinyGuest}: registers, stepi, a breakpoint,
 * memory, a write watchpoint, detach. The same command list is meant to run later against the
 * minikernel and against {@code qemu-system-i386 -s -S} through {@link GdbBatch}.
 */
class GdbSessionTest {
    private static final long GDB_TIMEOUT_S = 120;

    @BeforeAll
    static void needGdb() {
        assumeTrue(GdbBatch.available(), "gdb is not installed");
    }

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }

    @Test
    void registersStepBreakMemoryWatchDetach() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start()) {
            g.cpu.setReg(org.j386.cpu.Cpu.EBX, 0x1234);
            GdbBatch.Result r = GdbBatch.run(null, List.of(
                    "set architecture i386",
                    "target remote 127.0.0.1:" + g.port(),
                    "info registers",
                    "stepi",
                    "p/x $pc",
                    "stepi",
                    "p/x $pc",
                    "stepi",
                    "p/x $pc",
                    "break *" + hex(TinyGuest.INC_EBX),
                    "continue",
                    "p/x $pc",
                    "x/4xw " + hex(TinyGuest.LOOP),
                    "delete",
                    "watch *(int*)" + hex(TinyGuest.DATA),
                    "continue",
                    "p/x $pc",
                    "p/x $eax",
                    "delete",
                    "detach"), GDB_TIMEOUT_S);
            String out = r.output();
            assertEquals(0, r.exitStatus(), out);
            // info registers: the reset-free state the guest was built with
            assertTrue(Pattern.compile("(?m)^eip\\s+0x1000\\s+0x1000").matcher(out).find(), out);
            assertTrue(Pattern.compile("(?m)^ebx\\s+0x1234\\s+4660").matcher(out).find(), out);
            assertTrue(Pattern.compile("(?m)^cs\\s+0x8\\s+8").matcher(out).find(), out);
            assertTrue(Pattern.compile("(?m)^ss\\s+0x10\\s+16").matcher(out).find(), out);
            // stepi x3: inc eax (1 byte), mov [0x2000],eax (5), inc ebx (1)
            List<String> pcs = values(out, "\\$\\d+ = (0x[0-9a-f]+)");
            assertEquals(hex(TinyGuest.STORE), pcs.get(0), out);
            assertEquals(hex(TinyGuest.INC_EBX), pcs.get(1), out);
            assertEquals(hex(TinyGuest.JMP), pcs.get(2), out);
            // the breakpoint: one more round of the loop
            assertTrue(out.contains("Breakpoint 1, 0x00001006 in ?? ()"), out);
            assertEquals(hex(TinyGuest.INC_EBX), pcs.get(3), out);
            // 40 a3 00 20 | 00 00 43 eb | f7 00 00 00 | 00 00 00 00, little-endian words
            assertTrue(out.contains(hex(TinyGuest.LOOP) + ":\t0x2000a340\t0xeb430000\t0x000000f7\t0x00000000"), out);
            // the watchpoint fires after the store of the third eax value; gdb shows the next instruction
            assertTrue(out.contains("Hardware watchpoint 2: *(int*)" + hex(TinyGuest.DATA)), out);
            assertTrue(out.contains("Old value = 2\nNew value = 3"), out);
            assertEquals(hex(TinyGuest.INC_EBX), pcs.get(4), out);
            assertEquals("0x3", pcs.get(5), out);
            assertTrue(out.contains("[Inferior 1 (process 1) detached]"), out);
            // Breakpoints never reached guest memory.
            assertEquals(0x43, g.memory.read8(TinyGuest.INC_EBX));
        }
    }

    private static List<String> values(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        java.util.ArrayList<String> v = new java.util.ArrayList<>();
        while (m.find()) {
            v.add(m.group(1));
        }
        return v;
    }
}
