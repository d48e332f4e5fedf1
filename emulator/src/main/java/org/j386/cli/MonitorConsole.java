package org.j386.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.j386.monitor.Monitor;

/**
 * The monitor on a stream of its own ({@code -monitor stdio}, or {@code -nographic} with COM1
 * elsewhere): QEMU's banner and prompt, one command per line. A terminal in its normal mode
 * echoes and edits the line itself; when input is not a terminal (a pipe, a script) each command
 * is echoed after the prompt, so the output reads as a session. End of input leaves the guest
 * running, as in QEMU.
 */
final class MonitorConsole implements Runnable {
    static final String BANNER = "j386 monitor - type 'help' for more information";

    private final InputStream in;
    private final PrintStream out;
    private final RunControl control;
    private final boolean echo;

    MonitorConsole(InputStream in, PrintStream out, RunControl control, boolean echo) {
        this.in = in;
        this.out = out;
        this.control = control;
        this.echo = echo;
    }

    @Override
    public void run() {
        out.print(BANNER + "\n" + Monitor.PROMPT);
        out.flush();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        try {
            String line;
            while ((line = r.readLine()) != null) {
                if (echo) {
                    out.print(line + "\n");
                }
                out.print(control.execute(line));
                if (control.quitRequested()) {
                    out.flush();
                    return;
                }
                out.print(Monitor.PROMPT);
                out.flush();
            }
        } catch (IOException e) {
            // Input closed under us: the guest runs on without a monitor, as in QEMU.
        }
        out.flush();
    }
}
