package org.j386.cli;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.j386.chardev.ChardevException;
import org.j386.chardev.ChardevSpec;
import org.j386.chardev.TcpMonitor;
import org.j386.chardev.TcpSerial;

import org.j386.devices.SerialBackend;
import org.j386.machine.GuestLog;
import org.j386.machine.StreamSerialBackend;

/**
 * The host files and streams the command line's character devices and log lead to, opened once
 * each (a {@code -chardev} two devices name is one stream) and closed at the end.
 */
final class HostEnds implements Closeable {
    private final Options options;
    private final PrintStream stdout;
    private final Map<CharSpec, OutputStream> opened = new IdentityHashMap<>();
    private final Map<CharSpec, TcpSerial> sockets = new IdentityHashMap<>();
    private final List<Closeable> toClose = new ArrayList<>();
    /** Socket servers opened with {@code wait}: the guest starts once each has a client. */
    private final List<TcpSerial> waitFor = new ArrayList<>();
    private TcpMonitor tcpMonitor;

    HostEnds(Options options, PrintStream stdout) {
        this.options = options;
        this.stdout = stdout;
    }

    /** The -d log: -D FILE, else stderr. */
    GuestLog log(Options o, PrintStream err) throws UsageException {
        if (o.logFile == null) {
            return new GuestLog(o.logItems, err);
        }
        try {
            PrintStream p = new PrintStream(new BufferedOutputStream(new FileOutputStream(o.logFile)), false);
            toClose.add(p);
            return new GuestLog(o.logItems, p);
        } catch (IOException | SecurityException e) {
            throw new UsageException("-D " + o.logFile + ": cannot open: " + e.getMessage());
        }
    }

    /** A serial port's line. What a TCP client types goes to {@code input}. */
    SerialBackend serial(CharSpec spec, String option, LateInput input) throws UsageException {
        CharSpec c = resolve(spec);
        return switch (c.kind()) {
            case NULL -> b -> { };
            case STDIO, MUX_STDIO -> new StreamSerialBackend(stdout, true);
            case SOCKET -> socket(c, option, input);
            default -> new StreamSerialBackend(output(c, option), false);
        };
    }

    private TcpSerial socket(CharSpec c, String option, LateInput input) throws UsageException {
        TcpSerial t = sockets.get(c);
        if (t != null) {
            return t;
        }
        try {
            t = TcpSerial.open(ChardevSpec.parse(c.text()), input);
        } catch (ChardevException e) {
            throw new UsageException(option + " " + c.text() + ": " + e.getMessage());
        }
        toClose.add(t);
        sockets.put(c, t);
        if (t.spec().waitForClient()) {
            waitFor.add(t);
        }
        return t;
    }

    /** {@code -monitor tcp:...}: the monitor's commands go to {@code execute}. */
    void monitorSocket(CharSpec spec, Function<String, String> execute) throws UsageException {
        CharSpec c = resolve(spec);
        try {
            tcpMonitor = TcpMonitor.open(ChardevSpec.parse(c.text()), execute);
        } catch (ChardevException e) {
            throw new UsageException("-monitor " + c.text() + ": " + e.getMessage());
        }
        toClose.add(tcpMonitor);
    }

    /** QEMU's {@code wait}: blocks until every such socket has had a client, saying so on {@code err}. */
    void awaitClients(PrintStream err) throws InterruptedException {
        List<TcpSerial> all = new ArrayList<>(waitFor);
        for (TcpSerial t : all) {
            err.println(Main.PROG + ": waiting for connection on " + t.spec());
            t.awaitClient();
        }
        if (tcpMonitor != null && tcpMonitor.spec().waitForClient()) {
            err.println(Main.PROG + ": waiting for connection on " + tcpMonitor.spec());
            tcpMonitor.awaitClient();
        }
    }

    /** Where a write-only device's bytes go (a debug console). */
    OutputStream output(CharSpec spec, String option) throws UsageException {
        CharSpec c = resolve(spec);
        OutputStream o = opened.get(c);
        if (o != null) {
            return o;
        }
        switch (c.kind()) {
            case NULL -> o = OutputStream.nullOutputStream();
            case STDIO, MUX_STDIO -> o = stdout;
            case FILE -> {
                try {
                    o = new BufferedOutputStream(new FileOutputStream(c.path()));
                    toClose.add(o);
                } catch (IOException | SecurityException e) {
                    throw new UsageException(option + " " + spec.text() + ": cannot open: " + e.getMessage());
                }
            }
            case SOCKET -> {
                TcpSerial t = socket(c, option, LateInput.DISCARD);
                o = new OutputStream() {
                    @Override
                    public void write(int b) {
                        t.transmit(b & 0xFF);
                    }

                    @Override
                    public void flush() {
                        t.flush();
                    }
                };
            }
            default -> throw new IllegalStateException("HostEnds: unresolved " + c);
        }
        opened.put(c, o);
        return o;
    }

    /** A {@code chardev:ID} reference becomes that -chardev's spec. */
    private CharSpec resolve(CharSpec spec) {
        return spec.kind() == CharSpec.Kind.CHARDEV ? options.chardevs.get(spec.path()) : spec;
    }

    @Override
    public void close() {
        for (Closeable c : toClose) {
            try {
                c.close();
            } catch (IOException e) {
                // Nothing more can be written there anyway.
            }
        }
    }
}
