package org.j386.harness;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project's promise: build/minikernel.elf prints the same serial transcript and ends with the
 * same exit status on qemu-system-i386 -M isapc and on j386. {@code make compare} shows the diff
 * of the same two runs for a person.
 */
class MinikernelTranscriptTest {
    /** Generous for a boot that QEMU finishes in a fraction of a second; a hang is caught by it. */
    private static final long BUDGET = 4_000_000_000L;
    private static final int QEMU_SECONDS = 60;
    private static Path kernel;

    @BeforeAll
    static void findKernel() {
        kernel = Transcript.buildDir().resolve("minikernel.elf");
        assertTrue(Files.isRegularFile(kernel), kernel + " is missing: run `make kernel` (or `make build`) first");
    }

    private static void assertSameTranscript(Transcript.Boot boot) throws Exception {
        Transcript qemu = Transcript.qemu(boot, QEMU_SECONDS);
        assertNotEquals(Transcript.NEVER_ENDED, qemu.exitStatus(), "QEMU did not finish: " + qemu.how());
        Transcript j386 = Transcript.j386(boot, BUDGET);
        assertEquals(qemu.serial(), j386.serial(), "serial transcripts differ; j386 " + j386.how());
        assertEquals(qemu.exitStatus(), j386.exitStatus(), "exit status; j386 " + j386.how() + ", QEMU " + qemu.how());
    }

    @Test
    void defaultBootMatchesQemu() throws Exception {
        assertSameTranscript(Transcript.Boot.of(kernel, null));
    }

    @Test
    void bootWithCommandLineAndMoreRamMatchesQemu() throws Exception {
        assertSameTranscript(Transcript.Boot.of(kernel, "console=ttyS0 loglevel=7").withRam(256));
    }
}
