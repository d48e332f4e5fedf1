package org.j386.harness;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.j386.boot.BootImageException;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.RunResult;
import org.j386.machine.StreamSerialBackend;

/**
 * What a boot printed on COM1 and how it ended, from j386 (in-process, bounded by an instruction
 * budget) or from {@code qemu-system-i386 -M isapc} (a child process under {@code timeout}).
 * Two transcripts of the same {@link Boot} are equal when both machines behaved the same.
 *
 * <p>Exit statuses are those of the process: isa-debug-exit gives {@code ((v << 1) | 1) & 0xFF},
 * a power-off without it 0. A run that never ends is {@link #NEVER_ENDED} on both sides: QEMU's
 * comes from {@code timeout}, j386's from a guest that hangs or outlives its budget.
 *
 * @param serial     the bytes written to COM1, one char per byte (ISO-8859-1), so nothing is lost
 * @param exitStatus the process exit status, 0-255
 * @param how        why it ended, for failure messages only (not compared)
 */
public record Transcript(String serial, int exitStatus, String how) {
    /** The status {@code timeout(1)} reports for a command it had to kill. */
    public static final int NEVER_ENDED = 124;
    /** isa-debug-exit at QEMU's port for our kernels: iobase 0xf4, 4 ports. */
    public static final String DEBUG_EXIT_DEVICE = "isa-debug-exit,iobase=0xf4,iosize=0x04";
    private static final MachineConfig.PortRange DEBUG_EXIT_PORTS = new MachineConfig.PortRange(0xF4, 4);

    /**
     * One boot: the options both machines get, in QEMU's terms.
     *
     * @param kernel   the {@code -kernel} path, exactly as both are given it (it starts the command line)
     * @param append   {@code -append}, or null
     * @param initrd   {@code -initrd}, or null
     * @param ramMiB   {@code -m}
     * @param noReboot {@code -no-reboot}
     */
    public record Boot(String kernel, String append, String initrd, int ramMiB, boolean noReboot) {
        /** A boot with QEMU's defaults (128 MiB) and {@code -no-reboot}. */
        public static Boot of(Path kernel, String append) {
            return new Boot(kernel.toAbsolutePath().toString(), append, null, 128, true);
        }

        public Boot withInitrd(String modules) {
            return new Boot(kernel, append, modules, ramMiB, noReboot);
        }

        public Boot withRam(int mib) {
            return new Boot(kernel, append, initrd, mib, noReboot);
        }

        public Boot rebooting() {
            return new Boot(kernel, append, initrd, ramMiB, false);
        }
    }

    /** The build directory the Maven build passes in ({@code <root>/build}). */
    public static Path buildDir() {
        String dir = System.getProperty("j386.build.dir");
        if (dir == null) {
            throw new IllegalStateException("system property j386.build.dir is not set (run the tests through Maven)");
        }
        return Path.of(dir);
    }

    /** Boots on j386 in this JVM and runs up to {@code budget} instructions. */
    public static Transcript j386(Boot boot, long budget) throws BootImageException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamSerialBackend serial = new StreamSerialBackend(out, false);
        MachineConfig config = new MachineConfig((long) boot.ramMiB() << 20, boot.kernel(), boot.append(),
                boot.initrd(), boot.noReboot(), DEBUG_EXIT_PORTS);
        Machine machine = new Machine(config, serial);
        RunResult r = machine.run(budget);
        serial.flush();
        String text = out.toString(StandardCharsets.ISO_8859_1);
        return switch (r.kind()) {
            case POWER_OFF -> new Transcript(text, r.exitStatus() & 0xFF, "powered off after " + r.instructions() + " instructions");
            case STOPPED -> new Transcript(text, 0, "stopped");
            case HUNG -> new Transcript(text, NEVER_ENDED, "hung after " + r.instructions() + " instructions at EIP "
                    + Integer.toHexString(machine.cpu().eip()));
            case BUDGET -> new Transcript(text, NEVER_ENDED, "budget of " + budget + " instructions spent at EIP "
                    + Integer.toHexString(machine.cpu().eip()));
        };
    }

    /** Boots on {@code qemu-system-i386 -M isapc}, killed by {@code timeout} after {@code seconds}. */
    public static Transcript qemu(Boot boot, int seconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("timeout", Integer.toString(seconds), "qemu-system-i386",
                "-M", "isapc", "-m", Integer.toString(boot.ramMiB()), "-display", "none", "-serial", "stdio",
                "-device", DEBUG_EXIT_DEVICE, "-kernel", boot.kernel()));
        if (boot.noReboot()) {
            cmd.add("-no-reboot");
        }
        if (boot.append() != null) {
            cmd.addAll(List.of("-append", boot.append()));
        }
        if (boot.initrd() != null) {
            cmd.addAll(List.of("-initrd", boot.initrd()));
        }
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
                    status == NEVER_ENDED ? "killed by timeout after " + seconds + " s" : "exited"
                            + (stderr.isEmpty() ? "" : "; stderr: " + stderr));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /**
     * Boots on Bochs 2.7 through {@code tools/bochs-run} (a GRUB rescue ISO, headless, clock from
     * the instruction count). Bochs has no isa-debug-exit: the guest ends it through port 0x8900,
     * so the status is 0 for a run that ended and {@link #NEVER_ENDED} for one that did not.
     */
    public static Transcript bochs(Boot boot, int seconds) throws IOException, InterruptedException {
        Path script = buildDir().getParent().resolve("tools/bochs-run");
        List<String> cmd = new ArrayList<>(List.of(script.toString(), boot.kernel()));
        if (boot.append() != null) {
            cmd.add(boot.append());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"));
        pb.environment().put("BOCHS_TIMEOUT", Integer.toString(seconds));
        Path err = Files.createTempFile("bochs", ".err");
        try {
            Process p = pb.redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            int status = p.waitFor();
            String stderr = Files.readString(err, StandardCharsets.ISO_8859_1).strip();
            return new Transcript(new String(out, StandardCharsets.ISO_8859_1), status,
                    "bochs-run exited " + status + (stderr.isEmpty() ? "" : "; stderr: " + stderr));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** The serial text with the lines matching {@code regex} removed (for documented differences). */
    public String withoutLines(String regex) {
        StringBuilder b = new StringBuilder();
        for (String line : serial.split("(?<=\n)")) {
            if (!line.stripTrailing().matches(regex)) {
                b.append(line);
            }
        }
        return b.toString();
    }
}
