package org.j386.harness;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The probe kernel run on both machines: what guest code itself reads at entry (registers with
 * PUSHF, SGDT, SIDT, MOV from CR0/CR4, then the Multiboot structures) must match, except the
 * GDT's address (QEMU's is in its option ROM, j386's in low RAM).
 */
class ProbeTranscriptTest {
    private static final long BUDGET = 10_000_000;
    private static Path probe;

    @BeforeAll
    static void build() throws Exception {
        MultibootProbeTest.build();
        probe = MultibootProbeTest.probe;
    }

    private static void assertSameAsQemu(Transcript.Boot boot) throws Exception {
        Transcript qemu = Transcript.qemu(boot, 20);
        Transcript j386 = Transcript.j386(boot, BUDGET);
        assertEquals(qemu.withoutLines("gdt\\.base .*"), j386.withoutLines("gdt\\.base .*"), "j386 " + j386.how());
        assertEquals(qemu.exitStatus(), j386.exitStatus(), "j386 " + j386.how());
    }

    @Test
    void probeSeesTheSameMachineOnBoth() throws Exception {
        assertSameAsQemu(Transcript.Boot.of(probe, "console=ttyS0 foo=bar")
                .withInitrd(MultibootProbeTest.m1 + " arg1 arg2," + MultibootProbeTest.m2 + " a,,b"));
    }

    @Test
    void probeWithSmallRamSeesTheSameMachineOnBoth() throws Exception {
        assertSameAsQemu(Transcript.Boot.of(probe, null).withRam(8));
    }
}
