package org.j386.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.j386.boot.BootImageException;
import org.j386.chardev.ChardevException;
import org.j386.chardev.ChardevSpec;
import org.j386.devices.DebugConsole;
import org.j386.devices.SerialBackend;
import org.j386.devices.Uart16550;
import org.j386.gdb.CpuDebugTarget;
import org.j386.gdb.GdbServer;
import org.j386.machine.Attachments;
import org.j386.machine.GuestLog;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;

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
            throws UsageException, InterruptedException {
        Options o = Options.parse(args);
        if (o.help) {
            out.println(Options.USAGE);
            return 0;
        }
        if (o.logHelp) {
            out.print(LOG_HELP);
            return 0;
        }
        if (o.ramBytes + HEAP_MARGIN > heap) {
            throw new UsageException(String.format("-m %s: %d MiB of guest RAM needs more Java heap than the %d MiB"
                    + " available (./j386 sizes -Xmx from -m; with java -jar, raise -Xmx)",
                    o.ramText, o.ramBytes >> 20, heap >> 20));
        }
        try (HostEnds ends = new HostEnds(o, out)) {
            return runMachine(o, ends, in, out, err);
        }
    }

    static final String LOG_HELP = String.join("\n",
            "Log items (comma separated):",
            "int           show interrupts/exceptions in short format",
            "cpu_reset     show CPU state before CPU resets",
            "mmu           log page faults (linear address, error code, EIP)",
            "guest_errors  log writes to I/O ports and addresses no device takes, and to ROM",
            "in_asm        show target assembly code for each compiled TB",
            "exec          show trace before each executed TB (lots of logs)",
            "");

    private static int runMachine(Options o, HostEnds ends, InputStream in, PrintStream out, PrintStream err)
            throws UsageException, InterruptedException {
        GuestLog log = ends.log(o, err);
        // One line per -serial, COM1 first; -serial none leaves that port out.
        List<LateInput> inputs = new ArrayList<>();
        List<SerialBackend> lines = new ArrayList<>();
        for (CharSpec c : o.serials) {
            LateInput input = new LateInput();
            inputs.add(input);
            lines.add(c.kind() == CharSpec.Kind.NONE ? null : ends.serial(c, "-serial", input));
        }
        List<DebugConsole> debugcons = new ArrayList<>();
        for (Options.DebugCon d : o.debugcons) {
            debugcons.add(new DebugConsole(d.port(), ends.output(d.dev(), "-debugcon")));
        }
        MachineConfig config = new MachineConfig(o.ramBytes, o.kernel, o.append, o.initrd, o.noReboot, o.debugExit,
                o.bios, o.noShutdown, o.rtcEpochSeconds, o.rtcHostClock, o.nsPerInstruction);
        Machine machine;
        try {
            machine = Machine.build(config, new Attachments(lines, debugcons, log));
        } catch (BootImageException e) {
            throw new UsageException(e.getMessage());
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (machine.serial(i) != null) {
                inputs.get(i).connect(machine, machine.serial(i));
            }
        }
        // Under a debugger, -S is the debugger's hold (gdb's continue ends it).
        RunControl control = new RunControl(machine, o.startStopped && o.gdb == null);
        if (o.monitor != null && o.monitor.kind() != CharSpec.Kind.STDIO) {
            ends.monitorSocket(o.monitor, control::execute);
        }
        GdbServer gdb = null;
        CpuDebugTarget target = null;
        if (o.gdb != null) {
            target = new CpuDebugTarget(new MachineExecution(machine, control), o.startStopped, () -> { });
            gdb = startGdb(o.gdb, target);
            CpuDebugTarget t = target;
            control.onQuit(() -> {
                try {
                    t.detach();
                } catch (IllegalStateException e) {
                    // The emulator thread has already stopped: nothing holds it.
                }
            });
        }

        // Who reads stdin: a serial port (through the Ctrl-A multiplexer with mon:stdio) or the monitor.
        int stdioSerial = -1;
        for (int i = o.serials.size() - 1; i >= 0; i--) {
            if (o.serials.get(i).usesStdio()) {
                stdioSerial = i;
            }
        }
        boolean mux = stdioSerial >= 0 && o.serials.get(stdioSerial).kind() == CharSpec.Kind.MUX_STDIO;
        boolean monitorStdio = o.monitor != null && o.monitor.kind() == CharSpec.Kind.STDIO;
        boolean tty = in == System.in && (stdioSerial >= 0 || monitorStdio) && Terminal.stdinIsTerminal();

        Terminal terminal = null;
        Thread restore = null;
        if (tty && stdioSerial >= 0) {
            // A serial console gets every key; the monitor alone keeps the terminal's own line editing.
            terminal = Terminal.raw(!mux);
            if (terminal != null) {
                Terminal t = terminal;
                restore = new Thread(() -> {
                    machine.requestStop();
                    machine.flushAll();
                    t.restore();
                }, "j386-restore-terminal");
                Runtime.getRuntime().addShutdownHook(restore);
            }
        }
        ConsoleInput console = null;
        if (stdioSerial >= 0) {
            Uart16550 uart = machine.serial(stdioSerial);
            console = new ConsoleInput(in, out, machine, uart, mux ? control : null, mux);
            daemon(console, "j386-console-input");
        } else if (monitorStdio) {
            daemon(new MonitorConsole(in, out, control, !tty), "j386-monitor");
        }
        try {
            ends.awaitClients(err);
            int status;
            if (target != null) {
                target.runEmulator();
                status = target.killed() || control.quitRequested() ? 0 : machine.exitStatus();
            } else {
                status = control.runLoop();
            }
            if (console != null && console.quitRequested()) {
                err.print("\n" + PROG + ": Terminated\n");
            }
            return status;
        } finally {
            machine.flushAll();
            if (gdb != null) {
                gdb.close();
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

    /** {@code -gdb tcp:[HOST]:PORT} (QEMU's spelling; the server part is implied). */
    private static GdbServer startGdb(String spec, CpuDebugTarget target) throws UsageException {
        if (!spec.startsWith("tcp:")) {
            throw new UsageException("-gdb " + spec + ": only tcp:[HOST]:PORT is supported");
        }
        ChardevSpec c;
        try {
            c = ChardevSpec.parse(spec + ",server=on,wait=off");
        } catch (ChardevException e) {
            throw new UsageException("-gdb " + spec + ": " + e.getMessage());
        }
        try {
            return GdbServer.start(c.host(), c.port(), target);
        } catch (IOException e) {
            throw new UsageException("-gdb " + spec + ": " + e.getMessage());
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
