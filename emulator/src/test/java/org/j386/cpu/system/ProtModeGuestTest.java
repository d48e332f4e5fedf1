package org.j386.cpu.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.j386.harness.Transcript;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guest program {@code emulator/src/test/guest/protmode/} (segment loads and limits, ring-3
 * faults, IDT and call gates, task switches with 32- and 16-bit TSSs, V86 mode, the I/O bitmap,
 * LAR/LSL/VERR/VERW, #DF) booted on j386 must print, byte for byte, what Bochs 2.7 prints.
 *
 * <p>{@code protmode.expected} beside the sources is Bochs's transcript, kept for review: this test
 * also boots Bochs and checks that it still prints exactly that. After changing the guest, rebase
 * with {@code tools/bochs-run build/guest-tests/protmode.elf > emulator/src/test/guest/protmode/protmode.expected}
 * and review the diff. QEMU 7.2 is not compared: it departs from the SDM exactly where this
 * program looks (no segment limit or type faults, upper register halves kept by a 16-bit TSS),
 * and it hangs after the first of those (toolchain.md).
 */
class ProtModeGuestTest {
    private static final long BUDGET = 50_000_000;
    /** isa-debug-exit with 0: the process status QEMU would give, (0 << 1) | 1. */
    private static final int EXIT_OK = 1;
    private static Path elf;
    private static String expected;

    @BeforeAll
    static void load() throws Exception {
        elf = Transcript.buildDir().resolve("guest-tests/protmode.elf");
        assertTrue(Files.isRegularFile(elf), elf + " is missing: run make guest-tests");
        Path golden = Transcript.buildDir().getParent().resolve("emulator/src/test/guest/protmode/protmode.expected");
        expected = Files.readString(golden, StandardCharsets.ISO_8859_1);
    }

    @Test
    void j386PrintsWhatBochsPrints() throws Exception {
        Transcript t = Transcript.j386(Transcript.Boot.of(elf, null), BUDGET);
        assertEquals(expected, t.serial(), t.how());
        assertEquals(EXIT_OK, t.exitStatus(), t.how());
    }

    @Test
    void bochsStillPrintsTheReviewedTranscript() throws Exception {
        Transcript bochs = Transcript.bochs(Transcript.Boot.of(elf, null), 120);
        assertEquals(0, bochs.exitStatus(), bochs.how());
        assertEquals(expected, bochs.serial());
    }
}
