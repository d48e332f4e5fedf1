package org.j386.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
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
 * Logging must not change what the guest does: /sbin/init (user processes, demand paging, page
 * faults from user mode at block starts) prints the same with {@code -d in_asm,exec} as without.
 * A page fault raised while the block logger looked up a block's page once rolled back to the
 * previous block, and init died with a segfault.
 */
class LoggedRunTest {
    private static final long BUDGET = 20_000_000_000L;
    private static final MachineConfig.PortRange DEBUG_EXIT = new MachineConfig.PortRange(0xF4, 4);

    private static String run(GuestLog log) throws Exception {
        Path kernel = Transcript.buildDir().resolve("minikernel.elf");
        Path initrd = Transcript.buildDir().resolve("initramfs.cpio");
        assertTrue(Files.isRegularFile(kernel) && Files.isRegularFile(initrd), "run make build first");
        MachineConfig config = new MachineConfig(128L << 20, kernel.toString(), "init=/sbin/init", initrd.toString(),
                true, DEBUG_EXIT);
        StringBuilder serial = new StringBuilder();
        Machine m = Machine.build(config, new Attachments(List.of(b -> serial.append((char) b)), List.of(), log));
        RunResult r = m.run(BUDGET);
        assertEquals(RunResult.Kind.POWER_OFF, r.kind(), r + ": " + serial);
        m.flushAll();
        return serial.toString();
    }

    @Test
    void initPrintsTheSameWithTheBlockLogOn() throws Exception {
        String plain = run(GuestLog.off());
        assertTrue(plain.contains("init: 0 failures\n"), plain);
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.ISO_8859_1);
        assertEquals(plain, run(new GuestLog(EnumSet.of(GuestLog.Item.IN_ASM, GuestLog.Item.EXEC), sink)));
    }
}
