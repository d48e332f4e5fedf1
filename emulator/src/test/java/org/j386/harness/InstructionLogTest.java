package org.j386.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.j386.machine.Attachments;
import org.j386.machine.GuestLog;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.RunResult;
import org.junit.jupiter.api.Test;

/**
 * {@code -d in_asm} on j386 against QEMU 7.2's, for the real kernel running its VM self-tests
 * (processes, fork, copy-on-write, demand paging): every instruction line (address, bytes,
 * mnemonic and operands) that both logs show for the same address and bytes must be the same
 * text. QEMU also runs SeaBIOS and its option ROM, j386 starts at the kernel; blocks differ too
 * (QEMU ends a translation block at other places), so lines are compared, not blocks. The overlap
 * is counted and must be large, so the test cannot pass by comparing nothing.
 */
class InstructionLogTest {
    private static final long BUDGET = 20_000_000_000L;
    private static final String APPEND = "selftest=vm";
    /** Distinct instructions both logs must show at least (a boot shows about ten thousand). */
    private static final int MIN_OVERLAP = 5_000;
    private static final Pattern LINE = Pattern.compile("0x([0-9a-f]{8}): ((?: [0-9a-f]{2})+)(.*)");

    @Test
    void everyInstructionBothLogsShowIsPrintedAlike() throws Exception {
        Path kernel = Transcript.buildDir().resolve("minikernel.elf");
        Path initrd = Transcript.buildDir().resolve("initramfs.cpio");
        assertTrue(Files.isRegularFile(kernel) && Files.isRegularFile(initrd), "run make build first");
        Path qemuLog = Files.createTempFile("qemu-in_asm", ".log");
        String expected;
        try {
            Transcript qemu = QemuRun.run(60, List.of("-display", "none", "-serial", "null", "-device",
                    Transcript.DEBUG_EXIT_DEVICE, "-no-reboot", "-kernel", kernel.toString(), "-initrd", initrd.toString(),
                    "-append", APPEND, "-d", "in_asm", "-D", qemuLog.toString()));
            assertEquals(1, qemu.exitStatus(), "QEMU: " + qemu.how());
            expected = Files.readString(qemuLog, StandardCharsets.ISO_8859_1);
        } finally {
            Files.deleteIfExists(qemuLog);
        }

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        MachineConfig config = new MachineConfig(128L << 20, kernel.toString(), APPEND, initrd.toString(), true,
                new MachineConfig.PortRange(0xF4, 4));
        Machine m = Machine.build(config, new Attachments(b -> { }, null, List.of(),
                new GuestLog(EnumSet.of(GuestLog.Item.IN_ASM), new PrintStream(log, false, StandardCharsets.ISO_8859_1))));
        RunResult r = m.run(BUDGET);
        assertEquals(RunResult.Kind.POWER_OFF, r.kind(), r.toString());
        m.flushAll();
        String actual = log.toString(StandardCharsets.ISO_8859_1);
        assertEquals("", notBlocks(actual), "j386's log is a sequence of QEMU's in_asm blocks");

        Map<String, Set<String>> q = instructions(expected);
        Map<String, Set<String>> j = instructions(actual);
        List<String> mismatches = new ArrayList<>();
        Set<Integer> addresses = new HashSet<>();
        for (Map.Entry<String, Set<String>> e : j.entrySet()) {
            Set<String> theirs = q.get(e.getKey());
            if (theirs == null) {
                continue;
            }
            addresses.add(Integer.parseUnsignedInt(e.getKey().substring(2, 10), 16));
            if (!theirs.equals(e.getValue())) {
                mismatches.add(e.getKey() + ": QEMU " + theirs + ", j386 " + e.getValue());
            }
        }
        System.out.printf("in_asm: QEMU %d instructions, j386 %d, %d at the same addresses, %d differ%n",
                q.size(), j.size(), addresses.size(), mismatches.size());
        assertTrue(addresses.size() >= MIN_OVERLAP, "only " + addresses.size() + " instructions in both logs");
        assertEquals(List.of(), mismatches);
    }

    /** The first line that breaks QEMU's block layout (separator, "IN: ", instruction lines, blank line), or "". */
    static String notBlocks(String log) {
        String[] lines = log.split("\n", -1);
        int i = 0;
        while (i < lines.length - 1) {
            if (!lines[i].equals("----------------") || !lines[i + 1].startsWith("IN: ")) {
                return "line " + (i + 1) + ": " + lines[i];
            }
            i += 2;
            int first = i;
            while (i < lines.length && LINE.matcher(lines[i]).matches()) {
                i++;
            }
            if (i == first || i >= lines.length || !lines[i].isEmpty()) {
                return "line " + (i + 1) + ": " + (i < lines.length ? lines[i] : "(end)");
            }
            i++;
        }
        return i == lines.length - 1 && lines[i].isEmpty() ? "" : "line " + (i + 1) + ": the log does not end after a block";
    }

    /**
     * The instructions of an in_asm log, keyed "0xADDRESS: BYTES" (continuation lines of an
     * instruction longer than 8 bytes joined), each with the texts shown for it.
     */
    static Map<String, Set<String>> instructions(String log) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        String address = null;
        StringBuilder bytes = null;
        String text = null;
        int next = 0;
        for (String line : log.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                add(out, address, bytes, text);
                address = null;
                continue;
            }
            int at = Integer.parseUnsignedInt(m.group(1), 16);
            boolean continuation = address != null && m.group(3).isEmpty() && at == next;
            if (!continuation) {
                add(out, address, bytes, text);
                address = m.group(1);
                bytes = new StringBuilder();
                text = m.group(3).strip();
                next = at;
            }
            bytes.append(m.group(2));
            next += m.group(2).length() / 3;
        }
        add(out, address, bytes, text);
        return out;
    }

    private static void add(Map<String, Set<String>> out, String address, StringBuilder bytes, String text) {
        if (address != null) {
            out.computeIfAbsent("0x" + address + ":" + bytes, k -> new TreeSet<>()).add(text);
        }
    }
}
