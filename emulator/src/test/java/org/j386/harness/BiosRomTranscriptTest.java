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
import org.j386.machine.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * {@code -bios} (emulator/src/test/guest/rom.S): from the reset vector at F000:FFF0 through real
 * mode into protected mode, reading the image in both of its windows, on j386 and on
 * {@code qemu-system-i386 -M isapc -bios rom.bin}: the same transcript and exit status.
 */
class BiosRomTranscriptTest {
    private static final long BUDGET = 1_000_000L;

    @Test
    void equalsQemu() throws Exception {
        Path rom = Transcript.buildDir().resolve("guest-tests/rom.bin");
        assertTrue(Files.exists(rom), rom + " is missing: run make guest-tests");

        Transcript qemu = QemuRun.run(20, List.of("-display", "none", "-serial", "stdio",
                "-device", Transcript.DEBUG_EXIT_DEVICE, "-no-reboot", "-bios", rom.toString()));
        assertEquals("rom: real mode, cs f000\n"
                + "rom: protected mode, cr0 60000011\n"
                + "rom: the image reads the same at 0xffff0000 and 0xf0000\n", qemu.serial(), "QEMU: " + qemu.how());
        assertEquals(0x21, qemu.exitStatus(), "QEMU: " + qemu.how());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MachineConfig config = new MachineConfig(MachineConfig.DEFAULT_RAM, null, null, null, true,
                new MachineConfig.PortRange(0xF4, 4), rom.toString(), false, MachineConfig.DEFAULT_RTC_EPOCH_SECONDS,
                false, VirtualClock.NS_PER_INSTRUCTION);
        Machine m = Machine.build(config, Attachments.com1(new StreamSerialBackend(out, false)));
        RunResult r = m.run(BUDGET);
        assertEquals(RunResult.Kind.POWER_OFF, r.kind(), "j386 did not power off: " + r + " at EIP "
                + Integer.toHexString(m.cpu().eip()));
        assertEquals(qemu.serial(), out.toString(StandardCharsets.ISO_8859_1));
        assertEquals(qemu.exitStatus(), r.exitStatus());
    }

    @Test
    void resetStateIsLoggedAsQemuDoes() throws Exception {
        Path rom = Transcript.buildDir().resolve("guest-tests/rom.bin");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        MachineConfig config = new MachineConfig(MachineConfig.DEFAULT_RAM, null, null, null, true,
                new MachineConfig.PortRange(0xF4, 4), rom.toString(), false, MachineConfig.DEFAULT_RTC_EPOCH_SECONDS,
                false, VirtualClock.NS_PER_INSTRUCTION);
        Machine.build(config, new Attachments(List.of(Attachments.DISCARD), List.of(),
                new GuestLog(java.util.EnumSet.of(GuestLog.Item.CPU_RESET), new java.io.PrintStream(log, true))));
        String text = log.toString(StandardCharsets.ISO_8859_1);
        // QEMU 7.2's 486 at reset (qemu-formats.md): the first fetch is at CS base ffff0000 + fff0.
        assertTrue(text.startsWith("CPU Reset (CPU 0)\nEAX=00000000 EBX=00000000 ECX=00000000 EDX=00000480\n"), text);
        assertTrue(text.contains("\nEIP=0000fff0 EFL=00000002 [-------] CPL=0"), text);
        assertTrue(text.contains("\nCS =f000 ffff0000 0000ffff 00009b00\n"), text);
        assertTrue(text.contains("\nCR0=60000010 "), text);
    }
}
