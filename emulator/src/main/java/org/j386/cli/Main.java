package org.j386.cli;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

import org.j386.boot.BootImageException;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.RunResult;
import org.j386.machine.StreamSerialBackend;

/**
 * {@code j386}: parse a QEMU-style command line, build the machine, run it until it powers off or
 * the user quits, and exit with QEMU's status (isa-debug-exit's {@code (v << 1) | 1}, else 0).
 * Every problem is one line on stderr and status 1; a stack trace only with J386_DEBUG=1.
 */
public final class Main {
    static final String PROG = "j386";
    /** Java heap the emulator needs besides guest RAM (decoded code, TLBs, the JVM itself). */
    static final long HEAP_MARGIN = 64L << 20;

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err);
        System.exit(status);
    }

    /**
     * The whole program, minus {@link System#exit}: returns the exit status. {@code in} is read
     * only when COM1 or the console is on stdio.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, Runtime.getRuntime().maxMemory());
    }

    /** {@link #run} with the Java heap limit given, so tests can check the -m limit. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, long maxHeap) {
        try {
            return runChecked(args, in, out, err, maxHeap);
        } catch (UsageException e) {
            err.println(PROG + ": " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            err.println(PROG + ": out of Java heap (the ./j386 launcher sizes it from -m; raise -Xmx when running the jar)");
            return 1;
        } catch (Throwable e) {
            err.println(PROG + ": internal error: " + oneLine(e));
            if ("1".equals(System.getenv("J386_DEBUG"))) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return s.replaceAll("\\s*\\R\\s*", " ");
    }

    private static int runChecked(String[] args, InputStream in, PrintStream out, PrintStream err, long heap)
            throws UsageException {
        Options o = Options.parse(args);
        if (o.help) {
            out.println(Options.USAGE);
            return 0;
        }
        if (o.ramBytes + HEAP_MARGIN > heap) {
            throw new UsageException(String.format("-m %s: %d MiB of guest RAM needs more Java heap than the %d MiB"
                    + " available (./j386 sizes -Xmx from -m; with java -jar, raise -Xmx)",
                    o.ramText, o.ramBytes >> 20, heap >> 20));
        }
        MachineConfig config = new MachineConfig(o.ramBytes, o.kernel, o.append, o.initrd, o.noReboot, o.debugExit);
        boolean stdio = o.serial == Options.SerialKind.STDIO;
        boolean console = stdio || o.nographic;
        StreamSerialBackend serial = serialBackend(o, out);

        Machine machine;
        try {
            machine = new Machine(config, serial);
        } catch (BootImageException e) {
            throw new UsageException(e.getMessage());
        }

        Terminal terminal = null;
        Thread restore = null;
        if (console && in == System.in && Terminal.stdinIsTerminal()) {
            terminal = Terminal.raw(!o.nographic);
            if (terminal != null) {
                Terminal t = terminal;
                restore = new Thread(() -> {
                    machine.requestStop();
                    if (serial != null) {
                        serial.flush();
                    }
                    t.restore();
                }, "j386-restore-terminal");
                Runtime.getRuntime().addShutdownHook(restore);
            }
        }
        ConsoleInput input = null;
        if (console) {
            input = new ConsoleInput(in, err, machine, o.nographic);
            Thread t = new Thread(input, "j386-console-input");
            t.setDaemon(true);
            t.start();
        }
        try {
            RunResult r = machine.runUntilOff();
            if (input != null && input.quitRequested()) {
                err.print("\n" + PROG + ": Terminated\n");
            }
            return r.exitStatus();
        } finally {
            if (serial != null) {
                serial.flush();
            }
            if (terminal != null) {
                terminal.restore();
                try {
                    Runtime.getRuntime().removeShutdownHook(restore);
                } catch (IllegalStateException e) {
                    // Already shutting down: the hook restores the terminal itself.
                }
            }
        }
    }

    private static StreamSerialBackend serialBackend(Options o, PrintStream out) throws UsageException {
        switch (o.serial) {
            case NULL:
                return null;
            case FILE:
                try {
                    OutputStream f = new FileOutputStream(o.serialFile);
                    return new StreamSerialBackend(f, false);
                } catch (FileNotFoundException | SecurityException e) {
                    throw new UsageException("-serial file:" + o.serialFile + ": cannot open: " + e.getMessage());
                }
            case STDIO:
            default:
                return new StreamSerialBackend(out, true);
        }
    }
}
