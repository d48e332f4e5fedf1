package org.j386.cpu.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.j386.harness.Transcript;
import org.junit.jupiter.api.Test;

/**
 * The guest program {@code guest/protmode.c} and its {@code pm_*.c} parts (segment loads and limits, ring-3 faults, IDT and
 * call gates, task switches with 32- and 16-bit TSSs, V86 mode, the I/O bitmap, LAR/LSL/VERR/VERW,
 * #DF) booted on j386 must print, byte for byte, what it prints on Bochs 2.7.
 *
 * <p>The expected transcript {@code guest/protmode.expected} is Bochs' output. After changing the
 * guest, run this test once (it builds {@code build/system-guest/protmode.elf}) and rebase with
 * <pre>
 *   tools/bochs-run build/system-guest/protmode.elf \
 *       &gt; emulator/src/test/resources/org/j386/cpu/system/guest/protmode.expected
 * </pre>
 * then review the diff. QEMU 7.2 differs from it where toolchain.md says it departs from the SDM:
 * no segment limit or type faults, upper register halves kept by a 16-bit TSS; and LAR leaves
 * limit bits 19:16 out of its result.
 */
class ProtModeGuestTest {
    private static final long BUDGET = 50_000_000;
    /** isa-debug-exit with 0: the process status QEMU would give, (0 << 1) | 1. */
    private static final int EXIT_OK = 1;
    private static final Path RUNTIME = Path.of("src/test/guest");
    private static final Path SOURCES = Path.of("src/test/resources/org/j386/cpu/system/guest");
    /** The C files of the guest, besides protmode.S. */
    private static final List<String> C_FILES = List.of("protmode", "pm_segments", "pm_gates", "pm_tasks", "pm_modes");

    @Test
    void transcriptMatchesBochs() throws Exception {
        Path elf = build();
        Transcript t = Transcript.j386(Transcript.Boot.of(elf, null), BUDGET);
        assertEquals(expected(), t.serial(), t.how());
        assertEquals(EXIT_OK, t.exitStatus(), t.how());
    }

    private static String expected() throws IOException {
        try (InputStream in = ProtModeGuestTest.class.getResourceAsStream("guest/protmode.expected")) {
            if (in == null) {
                throw new IllegalStateException("ProtModeGuestTest: no guest/protmode.expected resource");
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Compiles the guest with the shared guest runtime (crt0.S, lib.c, link.ld), as its Makefile would. */
    private static Path build() throws IOException, InterruptedException {
        Path out = Transcript.buildDir().resolve("system-guest");
        Files.createDirectories(out);
        Path runtime = RUNTIME.toAbsolutePath();
        Path src = SOURCES.toAbsolutePath();
        List<String> cc = List.of("gcc", "-m32", "-march=i486", "-ffreestanding", "-fno-pic", "-fno-stack-protector",
                "-nostdlib", "-fno-asynchronous-unwind-tables", "-fno-builtin", "-O2", "-Wall", "-Wextra", "-Werror",
                "-I" + runtime, "-c");
        run(out, with(cc, runtime.resolve("crt0.S").toString(), "-o", "crt0.o"));
        run(out, with(cc, runtime.resolve("lib.c").toString(), "-o", "lib.o"));
        run(out, with(cc, src.resolve("protmode.S").toString(), "-o", "protmode-entry.o"));
        List<String> link = new ArrayList<>(List.of("ld", "-m", "elf_i386", "-z", "noexecstack",
                "--no-warn-rwx-segments", "-T", runtime.resolve("link.ld").toString(), "-o", "protmode.elf",
                "crt0.o", "lib.o", "protmode-entry.o"));
        for (String c : C_FILES) {
            run(out, with(cc, src.resolve(c + ".c").toString(), "-o", c + ".o"));
            link.add(c + ".o");
        }
        run(out, link);
        return out.resolve("protmode.elf");
    }

    private static List<String> with(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static void run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed:\n" + output);
        }
    }
}
