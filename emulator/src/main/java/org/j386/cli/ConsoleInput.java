package org.j386.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

import org.j386.devices.Uart16550;
import org.j386.machine.Machine;
import org.j386.monitor.Monitor;

/**
 * Keys typed on the host, on their way to COM1. With {@code -nographic} (or {@code -serial
 * mon:stdio}) the stream is QEMU's character multiplexer: Ctrl-A starts a command key
 * (chardev/char-mux.c, mux_proc_byte):
 *
 * <pre>
 *   C-a h    print the list of keys        C-a x    exit (status 0)
 *   C-a c    switch between the serial     C-a C-a  send C-a to the guest (or the monitor)
 *            console and the monitor       anything else after C-a is ignored
 * </pre>
 *
 * While the monitor has the keyboard the guest keeps running and its output still appears; the
 * typed line is echoed and edited here (the terminal is raw): Backspace deletes, Enter runs it.
 * Plain {@code -serial stdio} passes every byte through.
 */
final class ConsoleInput implements Runnable {
    static final int CTRL_A = 0x01;
    private static final int BACKSPACE = 0x08, DELETE = 0x7F;
    static final String HELP = String.join("\n",
            "C-a h    print this help",
            "C-a x    exit emulator",
            "C-a c    switch between console and monitor",
            "C-a C-a  sends C-a",
            "");

    private final InputStream in;
    private final PrintStream console;
    private final Machine machine;
    private final Uart16550 uart;
    private final RunControl control;
    private final boolean mux;
    private boolean escape;
    private volatile boolean quit;
    /** The monitor has the keyboard; {@link #line} is what has been typed of its command. */
    private boolean monitorFocus;
    private boolean monitorOpened;
    private final StringBuilder line = new StringBuilder();

    /**
     * Keys for {@code uart} (COM1 or COM2 of {@code machine}); {@code control} runs the monitor
     * behind C-a c, null for a console without one.
     */
    ConsoleInput(InputStream in, PrintStream console, Machine machine, Uart16550 uart, RunControl control, boolean mux) {
        this.in = in;
        this.console = console;
        this.machine = machine;
        this.uart = uart;
        this.control = control;
        this.mux = mux;
    }

    /** True once C-a x was typed. */
    boolean quitRequested() {
        return quit;
    }

    @Override
    public void run() {
        byte[] buf = new byte[256];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    key(buf[i] & 0xFF);
                }
            }
        } catch (IOException e) {
            // stdin closed under us: the guest simply gets no more input, as in QEMU.
        }
    }

    /** One byte from the host keyboard. */
    void key(int b) {
        if (!mux) {
            send(b);
            return;
        }
        if (escape) {
            escape = false;
            switch (b) {
                case 'h', '?' -> print("\n" + (control != null ? HELP : HELP.replace("C-a c    switch between console and monitor\n", "")));
                case 'x' -> {
                    quit = true;
                    if (control != null) {
                        control.quit();
                    } else {
                        machine.requestStop();
                    }
                }
                case 'c' -> switchFocus();
                case CTRL_A -> typed(CTRL_A);
                default -> { }
            }
        } else if (b == CTRL_A) {
            escape = true;
        } else {
            typed(b);
        }
    }

    /** QEMU prints the monitor's banner the first time it gets the keyboard, its prompt after that. */
    private void switchFocus() {
        if (control == null) {
            return;
        }
        monitorFocus = !monitorFocus;
        if (monitorFocus) {
            print((monitorOpened ? "" : MonitorConsole.BANNER + "\n") + Monitor.PROMPT + line);
            monitorOpened = true;
        } else {
            print("\n");
        }
    }

    private void typed(int b) {
        if (!monitorFocus) {
            send(b);
            return;
        }
        if (b == '\r' || b == '\n') {
            print("\n");
            String cmd = line.toString();
            line.setLength(0);
            print(control.execute(cmd));
            if (control.quitRequested()) {
                quit = true;
                return;
            }
            print(Monitor.PROMPT);
        } else if (b == BACKSPACE || b == DELETE) {
            if (line.length() > 0) {
                line.setLength(line.length() - 1);
                print("\b \b");
            }
        } else if (b >= 0x20 && b < 0x7F) {
            line.append((char) b);
            print(String.valueOf((char) b));
        }
    }

    private void print(String s) {
        console.print(s);
        console.flush();
    }

    private void send(int b) {
        uart.hostInput(new byte[] {(byte) b}, 0, 1);
        machine.wakeUp();
    }
}
