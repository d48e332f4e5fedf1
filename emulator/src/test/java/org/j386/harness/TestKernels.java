package org.j386.harness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernels for the harness tests: a few hand-assembled instructions after a Multiboot header in an
 * ELF32 file linked at 1 MiB, and the probe kernel (src/test/resources/probe) built with gcc.
 * Everything goes under the build directory, so QEMU and j386 boot the same files.
 */
final class TestKernels {
    static final int LOAD_ADDR = 0x100000;
    /** Code starts right after the 12-byte Multiboot header. */
    static final int ENTRY = LOAD_ADDR + 12;

    private TestKernels() {
    }

    static Path dir() throws IOException {
        Path d = Transcript.buildDir().resolve("harness");
        Files.createDirectories(d);
        return d;
    }

    /** An ELF kernel whose one RWX segment holds the Multiboot header (flags 0x3) and then {@code code}. */
    static Path flat(String name, int... code) throws IOException {
        int flags = 0x3;
        ByteBuffer text = ByteBuffer.allocate(12 + code.length).order(ByteOrder.LITTLE_ENDIAN);
        text.putInt(0x1BADB002).putInt(flags).putInt(-(0x1BADB002 + flags));
        for (int b : code) {
            text.put((byte) b);
        }
        ByteBuffer f = ByteBuffer.allocate(0x1000 + text.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        f.put(new byte[] {0x7F, 'E', 'L', 'F', 1, 1, 1, 0});
        f.position(16);
        f.putShort((short) 2).putShort((short) 3).putInt(1).putInt(ENTRY).putInt(52).putInt(0).putInt(0)
                .putShort((short) 52).putShort((short) 32).putShort((short) 1).putShort((short) 40)
                .putShort((short) 0).putShort((short) 0);
        f.putInt(1).putInt(0x1000).putInt(LOAD_ADDR).putInt(LOAD_ADDR).putInt(text.capacity())
                .putInt(text.capacity()).putInt(7).putInt(0x1000);
        f.put(0x1000, text.array());
        Path p = dir().resolve(name);
        Files.write(p, f.array());
        return p;
    }

    /** Builds the probe kernel with gcc and ld, as toolchain.md section 2 says. */
    static Path probe() throws IOException, InterruptedException {
        Path src = Path.of("src/test/resources/probe").toAbsolutePath();
        Path out = dir().resolve("probe");
        Files.createDirectories(out);
        List<String> cc = List.of("gcc", "-m32", "-ffreestanding", "-fno-pic", "-fno-stack-protector", "-nostdlib",
                "-fno-asynchronous-unwind-tables", "-O1", "-c");
        run(out, concat(cc, src.resolve("entry.S").toString(), "-o", "entry.o"));
        run(out, concat(cc, src.resolve("probe.c").toString(), "-o", "probe.o"));
        run(out, List.of("ld", "-m", "elf_i386", "-z", "noexecstack", "--no-warn-rwx-segments",
                "-T", src.resolve("link.ld").toString(), "entry.o", "probe.o", "-o", "probe.elf"));
        return out.resolve("probe.elf");
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static void run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed:\n" + output);
        }
    }
}
