package org.j386.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import org.j386.machine.Attachments;
import org.j386.machine.GuestLog;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.RunResult;
import org.junit.jupiter.api.Test;

/**
 * {@code -d int} on j386 against QEMU 7.2's log for the devices guest: 160 timer interrupts taken
 * from {@code sti; hlt}, each a "Servicing hardware INT" line, the one-line summary (counter, v=,
 * e=, i=, cpl=, IP=, pc=, SP=, EAX) and the register block, equal line for line except where
 * the two machines are known to differ, and only in those lines:
 * <ul>
 * <li>{@code CCS=} is QEMU's own lazy-flag state, which j386 does not print;
 * <li>{@code GDT=} at the kernel's entry: QEMU's option ROM leaves its GDT elsewhere;
 * <li>the CS and TR cache lines: QEMU leaves CS's accessed bit clear after a far jump and caches
 *     TR as available after LTR; j386 does what the SDM describes (A set on every segment load,
 *     the TSS marked busy).
 * </ul>
 * QEMU runs with {@code -icount shift=0,sleep=off} so that its timer follows its instructions: on
 * host time a slow moment can swallow a tick, and the registers at the next interrupt differ.
 */
class InterruptLogTest {
    private static final long BUDGET = 500_000_000L;
    private static final String KNOWN_DIFFERENCES = "(CCS=|GDT=|CS =|TR =).*";

    private static String without(String log) {
        StringBuilder b = new StringBuilder();
        for (String line : log.split("\n")) {
            if (!line.matches(KNOWN_DIFFERENCES)) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void timerInterruptsAreLoggedAsQemuLogsThem() throws Exception {
        Path elf = Transcript.buildDir().resolve("guest-tests/devices.elf");
        assertTrue(Files.exists(elf), elf + " is missing: run make guest-tests");
        Path qemuLog = Files.createTempFile("qemu-int", ".log");
        try {
            Transcript qemu = QemuRun.run(30, List.of("-display", "none", "-serial", "null", "-serial", "null",
                    "-device", Transcript.DEBUG_EXIT_DEVICE, "-no-reboot", "-rtc", "base=2000-01-01T00:00:00,clock=vm",
                    "-icount", "shift=0,sleep=off",
                    "-d", "int", "-D", qemuLog.toString(), "-kernel", elf.toString()));
            assertEquals(1, qemu.exitStatus(), "QEMU: " + qemu.how());
            String expected = without(Files.readString(qemuLog, StandardCharsets.ISO_8859_1));
            assertTrue(expected.contains("\n   159: v=20 e=0000 i=0 cpl=0 IP=0008:"), "QEMU logged 160 timer interrupts");

            ByteArrayOutputStream log = new ByteArrayOutputStream();
            MachineConfig config = new MachineConfig(128L << 20, elf.toString(), null, null, true,
                    new MachineConfig.PortRange(0xF4, 4));
            Machine m = Machine.build(config, new Attachments(List.of(Attachments.DISCARD, Attachments.DISCARD), List.of(),
                    new GuestLog(EnumSet.of(GuestLog.Item.INT), new PrintStream(log, false, StandardCharsets.ISO_8859_1))));
            RunResult r = m.run(BUDGET);
            assertEquals(RunResult.Kind.POWER_OFF, r.kind(), r.toString());
            m.flushAll();
            assertEquals(expected, without(log.toString(StandardCharsets.ISO_8859_1)));
        } finally {
            Files.deleteIfExists(qemuLog);
        }
    }
}
