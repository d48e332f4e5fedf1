package org.j386.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

import org.j386.devices.Uart16550;
import org.j386.machine.Machine;

/**
 * Keys typed on the host, on their way to COM1. With {@code -nographic} the stream is QEMU's
 * character multiplexer: Ctrl-A starts a command key (hw/char/mux, mux_proc_byte):
 *
 * <pre>
 *   C-a h    print the list of keys        C-a x    exit (status 0)
 *   C-a C-a  send C-a to the guest         anything else after C-a is ignored
 * </pre>
 *
 * QEMU's C-a c switches to its monitor; j386 has none yet, so C-a c is one of the ignored keys
 * (and not listed). Plain {@code -serial stdio} passes every byte through.
 */
final class ConsoleInput implements Runnable {
    static final int CTRL_A = 0x01;
    static final String HELP = String.join("\n",
            "C-a h    print this help",
            "C-a x    exit emulator",
            "C-a C-a  sends C-a",
            "");

    private final InputStream in;
    private final PrintStream console;
    private final Machine machine;
    private final boolean mux;
    private boolean escape;
    private volatile boolean quit;

    ConsoleInput(InputStream in, PrintStream console, Machine machine, boolean mux) {
        this.in = in;
        this.console = console;
        this.machine = machine;
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
                case 'h', '?' -> {
                    console.print("\n" + HELP);
                    console.flush();
                }
                case 'x' -> {
                    quit = true;
                    machine.requestStop();
                }
                case CTRL_A -> send(CTRL_A);
                // 'c' would switch to QEMU's monitor; j386 has no monitor yet, so it does nothing.
                default -> { }
            }
        } else if (b == CTRL_A) {
            escape = true;
        } else {
            send(b);
        }
    }

    private void send(int b) {
        Uart16550 com1 = machine.com1();
        com1.hostInput(new byte[] {(byte) b}, 0, 1);
        machine.wakeUp();
    }
}
