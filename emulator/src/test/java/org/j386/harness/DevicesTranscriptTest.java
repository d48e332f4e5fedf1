package org.j386.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.j386.machine.Attachments;
import org.j386.machine.GuestLog;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.RunResult;
import org.j386.machine.StreamSerialBackend;
import org.junit.jupiter.api.Test;

/**
 * The devices guest (emulator/src/test/guest/devices.c: PIC remap, PIT at 100 Hz counted with
 * sti; hlt, the RTC's registers and a second passing, both UARTs in loopback, the 8042 self-test)
 * prints the same on j386 as on {@code qemu-system-i386 -M isapc}, both given a fixed RTC date on
 * the virtual clock and a second serial port (COM2) that discards its output.
 */
class DevicesTranscriptTest {
    private static final long BUDGET = 500_000_000L;
    private static final String RTC = "base=2000-01-01T00:00:00,clock=vm";

    @Test
    void equalsQemu() throws Exception {
        Path elf = Transcript.buildDir().resolve("guest-tests/devices.elf");
        assertTrue(Files.exists(elf), elf + " is missing: run make guest-tests");

        Transcript qemu = QemuRun.run(30, List.of("-m", "128", "-display", "none", "-serial", "stdio", "-serial", "null",
                "-device", Transcript.DEBUG_EXIT_DEVICE, "-no-reboot", "-rtc", RTC, "-kernel", elf.toString()));
        assertEquals(1, qemu.exitStatus(), "QEMU: " + qemu.how());
        assertTrue(qemu.serial().endsWith("devices: done\n"), qemu.serial());

        // The same machine on j386: RTC at 2000-01-01T00:00:00 on virtual time (its default), COM2 present.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MachineConfig config = new MachineConfig(128L << 20, elf.toString(), null, null, true,
                new MachineConfig.PortRange(0xF4, 4));
        Machine m = Machine.build(config, new Attachments(List.of(new StreamSerialBackend(out, false), Attachments.DISCARD), List.of(),
                GuestLog.off()));
        RunResult r = m.run(BUDGET);
        assertEquals(RunResult.Kind.POWER_OFF, r.kind(), "j386 did not power off: " + r);
        assertEquals(qemu.serial(), out.toString(StandardCharsets.ISO_8859_1));
        assertEquals(qemu.exitStatus(), r.exitStatus());
    }
}
