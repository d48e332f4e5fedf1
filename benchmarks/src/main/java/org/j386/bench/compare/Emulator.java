package org.j386.bench.compare;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of the two machines bench-compare runs, as a child process with the same options:
 * {@code -M isapc -m M -display none -serial stdio -device isa-debug-exit,iobase=0xf4,iosize=0x04
 * -no-reboot -kernel K -append A [-initrd I]}. QEMU runs TCG with its one vCPU; j386 runs through its
 * launcher.
 */
enum Emulator {
    J386("j386"),
    QEMU("qemu-system-i386");

    /** How much of a looping program's other output is kept for an error message. */
    private static final int OUTPUT_KEPT = 4096;
    /** A run that takes longer than this is killed and reported. */
    private static final long TIMEOUT_SECONDS = 600;
    /** Reports the child's peak resident set in KiB on its last line of stderr. */
    private static final String TIME = "/usr/bin/time";

    final String label;

    Emulator(String label) {
        this.label = label;
    }

    /** What one run produced: wall time from start to exit, COM1 text, exit status, peak RSS (KiB or -1). */
    record Run(double seconds, String serial, int exitStatus, long maxRssKib) { }

    List<String> command(Path launcher, Path kernel, String append, int ramMib) {
        return command(launcher, kernel, append, null, ramMib);
    }

    /** The command line; {@code append} and {@code initrd} may be null. */
    List<String> command(Path launcher, Path kernel, String append, Path initrd, int ramMib) {
        List<String> cmd = new ArrayList<>();
        cmd.add(this == J386 ? launcher.toString() : "qemu-system-i386");
        cmd.addAll(List.of("-M", "isapc", "-m", Integer.toString(ramMib), "-display", "none",
                "-serial", "stdio", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-no-reboot",
                "-kernel", kernel.toString()));
        if (append != null) {
            cmd.addAll(List.of("-append", append));
        }
        if (initrd != null) {
            cmd.addAll(List.of("-initrd", initrd.toString()));
        }
        return cmd;
    }

    /**
     * Boots a kernel whose program prints one line per loop, each holding {@code marker}, and
     * returns the seconds between the first marker and {@code loops} more (start-up and boot
     * fall outside the window); then ends the child. A child silent for longer than the run
     * timeout is killed and reported.
     */
    double loopSeconds(Path launcher, Path kernel, String append, Path initrd, int ramMib, char marker, int loops)
            throws IOException, InterruptedException {
        Path err = Files.createTempFile("bench-compare", ".err");
        Process p = new ProcessBuilder(command(launcher, kernel, append, initrd, ramMib))
                .redirectInput(new File("/dev/null"))
                .redirectError(err.toFile())
                .start();
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }, "bench-compare watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        StringBuilder other = new StringBuilder();
        try (InputStream in = new BufferedInputStream(p.getInputStream())) {
            long first = 0;
            int seen = -1;
            for (int b; (b = in.read()) >= 0; ) {
                if (b != marker) {
                    if (other.length() < OUTPUT_KEPT) {
                        other.append((char) b);
                    }
                    continue;
                }
                if (++seen == 0) {
                    first = System.nanoTime();
                } else if (seen == loops) {
                    return (System.nanoTime() - first) / 1e9;
                }
            }
            p.waitFor();
            throw new IOException(label + " ended after " + Math.max(seen, 0) + " of " + loops + " loops, exit status "
                    + p.exitValue() + ": " + other + Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            Files.deleteIfExists(err);
        }
    }

    /**
     * Runs once; with {@code measureRss} under /usr/bin/time -f %M (which then sits between us and
     * the child). {@code launcher} is j386's (./j386); QEMU needs none.
     */
    Run run(Path launcher, Path kernel, String append, int ramMib, boolean measureRss)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (measureRss) {
            cmd.addAll(List.of(TIME, "-f", "%M"));
        }
        cmd.addAll(command(launcher, kernel, append, ramMib));
        Path out = Files.createTempFile("bench-compare", ".out");
        Path err = Files.createTempFile("bench-compare", ".err");
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd)
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException(label + " ran longer than " + TIMEOUT_SECONDS + " s: " + String.join(" ", cmd));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String serial = Files.readString(out, StandardCharsets.ISO_8859_1);
            long rss = measureRss ? lastNumber(Files.readAllLines(err, StandardCharsets.ISO_8859_1)) : -1;
            return new Run(seconds, serial, p.exitValue(), rss);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** /usr/bin/time -f %M prints the KiB on the last line (after "Command exited with..." if any). */
    private static long lastNumber(List<String> lines) throws IOException {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String s = lines.get(i).trim();
            if (s.matches("\\d+")) {
                return Long.parseLong(s);
            }
        }
        throw new IOException(TIME + " reported no peak RSS: " + lines);
    }
}
