package org.j386.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The controlling terminal's mode, set with stty(1) as QEMU sets it with termios for a stdio
 * console: no echo, no line editing, 8-bit input, output post-processing kept (so the guest's
 * "\n" still starts a new line). With the Ctrl-A multiplexer ({@code -nographic}) Ctrl-C and
 * Ctrl-Z go to the guest too; plain {@code -serial stdio} keeps them as signals, like QEMU's
 * {@code signal=on} default. Only touched when stdin is a terminal; restored at exit.
 */
final class Terminal {
    private final String saved;

    private Terminal(String saved) {
        this.saved = saved;
    }

    /** True if this process's standard input is a terminal. */
    static boolean stdinIsTerminal() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "[ -t 0 ]").redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Puts the terminal in raw mode; {@code signals} keeps Ctrl-C and Ctrl-Z as signals. Null if stty fails. */
    static Terminal raw(boolean signals) {
        try {
            String saved = stty("-g").strip();
            if (saved.isEmpty()) {
                return null;
            }
            stty("raw", "-echo", "opost", signals ? "isig" : "-isig");
            return new Terminal(saved);
        } catch (IOException e) {
            return null;
        }
    }

    /** Puts the terminal back the way it was. */
    void restore() {
        try {
            stty(saved);
        } catch (IOException e) {
            // The terminal is gone (the window closed); there is nothing left to restore.
        }
    }

    private static String stty(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("stty interrupted");
        }
        return out;
    }
}
