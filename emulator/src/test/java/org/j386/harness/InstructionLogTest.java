package org.j386.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.j386.machine.Attachments;
import org.j386.machine.GuestLog;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.RunResult;
import org.j386.machine.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * {@code -d in_asm,exec} on j386 against QEMU 7.2's, for the real kernel running its VM self-tests
 * (processes, fork, copy-on-write, demand paging) and for the {@code -bios} ROM (16-bit real mode,
 * then 32-bit protected mode). in_asm: every instruction line (address, bytes, mnemonic and
 * operands) that both logs show for the same address and bytes must be the same text, and a block
 * starting where one of QEMU's starts must be named alike ("IN: " and the kernel's function
 * symbol). exec: at every address both run a block from, the CS base, TB flags, cflags and symbol
 * j386 prints must be ones QEMU printed there (QEMU's host code address is not compared: j386 has
 * none). QEMU also runs SeaBIOS and its option ROM before a kernel, and blocks differ (QEMU ends a
 * translation block at other places; j386 runs ROM code an instruction at a time), so lines are
 * compared, not blocks. The overlaps are counted and must be large, so the test cannot pass by
 * comparing nothing.
 */
class InstructionLogTest {
    private static final long BUDGET = 20_000_000_000L;
    private static final String APPEND = "selftest=vm";
    private static final int SHOWN = 20;
    private static final MachineConfig.PortRange DEBUG_EXIT = new MachineConfig.PortRange(0xF4, 4);

    /** What both logs must share at least: instructions, block addresses in exec. */
    private record Overlap(int instructions, int traces) { }

    /** The kernel powers off with isa-debug-exit's 0, the ROM with 0x10: QEMU's statuses 1 and 0x21. */
    private static final int KERNEL_STATUS = 1, ROM_STATUS = 0x21;

    @Test
    void theKernelsInstructionsAndBlocksAreLoggedAsQemuLogsThem() throws Exception {
        Path kernel = Transcript.buildDir().resolve("minikernel.elf");
        Path initrd = Transcript.buildDir().resolve("initramfs.cpio");
        assertTrue(Files.isRegularFile(kernel) && Files.isRegularFile(initrd), "run make build first");
        MachineConfig config = new MachineConfig(128L << 20, kernel.toString(), APPEND, initrd.toString(), true, DEBUG_EXIT);
        // A boot shows about ten thousand instructions and two thousand block addresses in both.
        compare(List.of("-kernel", kernel.toString(), "-initrd", initrd.toString(), "-append", APPEND), config,
                new Overlap(5_000, 1_000), KERNEL_STATUS);
    }

    @Test
    void theRomsRealAndProtectedModeCodeIsLoggedAsQemuLogsIt() throws Exception {
        Path rom = Transcript.buildDir().resolve("guest-tests/rom.bin");
        assertTrue(Files.isRegularFile(rom), rom + " is missing: run make guest-tests");
        MachineConfig config = new MachineConfig(MachineConfig.DEFAULT_RAM, null, null, null, true, DEBUG_EXIT,
                rom.toString(), false, MachineConfig.DEFAULT_RTC_EPOCH_SECONDS, false, VirtualClock.NS_PER_INSTRUCTION);
        // The ROM is 120 instructions, 40 of them where QEMU starts a block.
        compare(List.of("-bios", rom.toString()), config, new Overlap(100, 30), ROM_STATUS);
    }

    /** Boots {@code boot} on QEMU and {@code config} on j386, both with in_asm and exec, and compares the logs. */
    private static void compare(List<String> boot, MachineConfig config, Overlap least, int status) throws Exception {
        LogDigest qemu = new LogDigest(false);
        Path qemuLog = Files.createTempFile("qemu-in_asm", ".log");
        try {
            List<String> args = new ArrayList<>(List.of("-display", "none", "-serial", "null", "-device",
                    Transcript.DEBUG_EXIT_DEVICE, "-no-reboot", "-d", "in_asm,exec", "-D", qemuLog.toString()));
            args.addAll(boot);
            Transcript t = QemuRun.run(60, args);
            assertEquals(status, t.exitStatus(), "QEMU: " + t.how());
            try (BufferedReader r = Files.newBufferedReader(qemuLog, StandardCharsets.ISO_8859_1)) {
                r.lines().forEach(qemu::accept);
            }
            qemu.flush();
        } finally {
            Files.deleteIfExists(qemuLog);
        }

        LogDigest j386 = new LogDigest(true);
        PrintStream log = new PrintStream(new BufferedOutputStream(j386.sink(), 1 << 16), false, StandardCharsets.ISO_8859_1);
        Machine m = Machine.build(config, new Attachments(List.of(Attachments.DISCARD), List.of(),
                new GuestLog(EnumSet.of(GuestLog.Item.IN_ASM, GuestLog.Item.EXEC), log)));
        RunResult r = m.run(BUDGET);
        assertEquals(RunResult.Kind.POWER_OFF, r.kind(), r.toString());
        m.flushAll();
        j386.flush();
        assertEquals("", j386.layoutProblem, "j386's log is in QEMU's layout");
        assertTrue(j386.endedBetweenBlocks(), "j386's log ends after a block");

        int instructions = assertAlike("in_asm instructions", qemu.instructions, j386.instructions, false);
        assertTrue(instructions >= least.instructions(), "only " + instructions + " instructions in both logs");
        int traced = assertAlike("exec", qemu.traces, j386.traces, true);
        assertTrue(traced >= least.traces(), "only " + traced + " block addresses in both exec logs");
        assertAlike("in_asm block names", qemu.blockNames, j386.blockNames, true);
    }

    /**
     * For every key both show: j386's values equal QEMU's, or with {@code subset} are among QEMU's
     * (QEMU enters blocks at addresses j386's blocks run through). Returns the shared keys.
     */
    private static int assertAlike(String what, Map<String, Set<String>> qemu, Map<String, Set<String>> j386, boolean subset) {
        List<String> mismatches = new ArrayList<>();
        int shared = 0;
        for (Map.Entry<String, Set<String>> e : j386.entrySet()) {
            Set<String> theirs = qemu.get(e.getKey());
            if (theirs != null) {
                shared++;
                if (subset ? !theirs.containsAll(e.getValue()) : !theirs.equals(e.getValue())) {
                    mismatches.add(e.getKey() + ": QEMU " + theirs + ", j386 " + e.getValue());
                }
            }
        }
        System.out.printf("%s: QEMU %d, j386 %d, %d shared, %d differ%n", what, qemu.size(), j386.size(), shared,
                mismatches.size());
        assertEquals(List.of(), mismatches.subList(0, Math.min(mismatches.size(), SHOWN)), what);
        return shared;
    }
}
