package org.j386.harness;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code qemu-system-i386 -M isapc} with a command line of the test's choosing (beyond
 * {@link Transcript#qemu}'s fixed one): COM1 on stdout, stdin from /dev/null, killed by
 * {@code timeout} after {@code seconds}.
 */
final class QemuRun {
    private QemuRun() {
    }

    static Transcript run(int seconds, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("timeout", Integer.toString(seconds), "qemu-system-i386", "-M", "isapc"));
        cmd.addAll(args);
        Path err = Files.createTempFile("qemu", ".err");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectInput(new File("/dev/null"))
                    .redirectError(err.toFile())
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            int status = p.waitFor();
            String stderr = Files.readString(err, StandardCharsets.ISO_8859_1).strip();
            return new Transcript(new String(out, StandardCharsets.ISO_8859_1), status,
                    status == Transcript.NEVER_ENDED ? "killed by timeout after " + seconds + " s"
                            : "exited" + (stderr.isEmpty() ? "" : "; stderr: " + stderr));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
