package org.j386.gdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real gdb in batch mode ({@code gdb -batch -nx -ex ... -ex ...}) and returns what it
 * printed, stdout and stderr together. Reusable against the stub, a minikernel run or
 * {@code qemu-system-i386 -s -S}: give it the commands, including {@code target remote}.
 */
public final class GdbBatch {
    public static final String GDB = "gdb";

    /** gdb's output and exit status. */
    public record Result(int exitStatus, String output) { }

    private GdbBatch() {
    }

    /** True if a gdb binary can be run here. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder(GDB, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs gdb with {@code commands} as {@code -ex} arguments, optionally on an ELF file, and waits
     * at most {@code timeoutSeconds}; a gdb still running then is destroyed and an IOException raised.
     */
    public static Result run(Path elf, List<String> commands, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(GDB, "-batch", "-nx"));
        if (elf != null) {
            cmd.add(elf.toString());
        }
        for (String c : commands) {
            cmd.add("-ex");
            cmd.add(c);
        }
        Path log = Files.createTempFile("j386-gdb", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IOException("gdb did not finish in " + timeoutSeconds + " s; output:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
