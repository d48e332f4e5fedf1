package org.j386.harness;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.j386.boot.MultibootLoader;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.StreamSerialBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The probe kernel prints everything the loader hands over. On QEMU it runs; on j386 the same
 * lines are computed from the machine right after loading ({@link ProbeDump}), so this checks the
 * loader and the entry state against QEMU without needing the processor to run. The one line
 * that must differ is {@code gdt.base}: QEMU's GDT lies in its option ROM, j386's in low RAM.
 * {@link ProbeTranscriptTest} runs the probe on both machines.
 */
class MultibootProbeTest {
    static Path probe;
    static Path m1;
    static Path m2;

    @BeforeAll
    static void build() throws Exception {
        probe = TestKernels.probe();
        m1 = TestKernels.dir().resolve("m1.bin");
        m2 = TestKernels.dir().resolve("m2.bin");
        Files.writeString(m1, "hello\n", StandardCharsets.US_ASCII);
        Files.writeString(m2, "second", StandardCharsets.US_ASCII);
    }

    private static void assertSameAsQemu(Transcript.Boot boot) throws Exception {
        Transcript qemu = Transcript.qemu(boot, 20);
        assertEquals(0x21, qemu.exitStatus(), "the probe ends with isa-debug-exit 0x10: " + qemu.how());
        MachineConfig config = new MachineConfig((long) boot.ramMiB() << 20, boot.kernel(), boot.append(),
                boot.initrd(), true, new MachineConfig.PortRange(0xF4, 4));
        Machine machine = new Machine(config, new StreamSerialBackend(java.io.OutputStream.nullOutputStream(), false));
        String j386 = ProbeDump.of(machine);
        assertEquals(qemu.withoutLines("gdt\\.base .*"), new Transcript(j386, 0, "").withoutLines("gdt\\.base .*"));
        assertTrue(j386.contains(String.format("gdt.base %08x\n", MultibootLoader.GDT_ADDR)));
    }

    @Test
    void plainBootMatchesQemu() throws Exception {
        assertSameAsQemu(Transcript.Boot.of(probe, null));
    }

    @Test
    void appendAndModulesMatchQemu() throws Exception {
        assertSameAsQemu(Transcript.Boot.of(probe, "console=ttyS0 foo=bar")
                .withInitrd(m1 + " arg1 arg2," + m2 + " a,,b"));
    }

    @Test
    void memorySizesMatchQemu() throws Exception {
        assertSameAsQemu(Transcript.Boot.of(probe, "mem").withRam(4));
        assertSameAsQemu(Transcript.Boot.of(probe, "mem").withRam(300));
    }
}
