package org.j386.chardev;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import io.netty.channel.Channel;

/**
 * The monitor on a TCP socket ({@code -monitor tcp::PORT,server,nowait},
 * {@code -monitor telnet::PORT,server,nowait}): a banner and a prompt, then one command per line.
 * Each line goes to {@code execute} (the CLI's bridge to {@code Monitor.execute} on the machine
 * thread) on a thread of its own, so a slow command never blocks the socket; its text comes back
 * with {@code \n} turned into {@code \r\n}, as QEMU's monitor writes, followed by the prompt.
 * Lines longer than {@link #MAX_LINE} bytes are discarded with a message. Carriage returns and
 * NULs are ignored; backspace and DEL erase the last character.
 */
public final class TcpMonitor extends OneClientServer {
    public static final int MAX_LINE = 4096;
    public static final String BANNER = "j386 monitor - type 'help' for more information\r\n";
    public static final String PROMPT = "(j386) ";
    private static final int BACKSPACE = 0x08;
    private static final int DEL = 0x7F;

    private final Function<String, String> execute;
    private final ExecutorService commands;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean overlong;
    private Channel current;

    private TcpMonitor(ChardevSpec spec, Function<String, String> execute) throws ChardevException {
        super(spec, "monitor-io");
        this.execute = execute;
        this.commands = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "monitor-commands");
            t.setDaemon(true);
            return t;
        });
    }

    /** Listens as {@code spec} says; {@code execute} runs one command line and returns its output. */
    public static TcpMonitor open(ChardevSpec spec, Function<String, String> execute) throws ChardevException {
        return new TcpMonitor(spec, execute);
    }

    @Override
    void connected(Channel ch) {
        current = ch;
        line.reset();
        overlong = false;
        send(ch, BANNER + PROMPT);
    }

    @Override
    void received(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            int b = data[i] & 0xFF;
            if (b == '\n') {
                endLine();
            } else if (b == '\r' || b == 0) {
                continue;
            } else if (b == BACKSPACE || b == DEL) {
                byte[] sofar = line.toByteArray();
                line.reset();
                line.write(sofar, 0, Math.max(0, sofar.length - 1));
            } else if (line.size() < MAX_LINE) {
                line.write(b);
            } else {
                overlong = true;
            }
        }
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        boolean discard = overlong;
        line.reset();
        overlong = false;
        Channel ch = current;
        if (discard) {
            send(ch, "line too long (over " + MAX_LINE + " bytes), ignored\r\n" + PROMPT);
            return;
        }
        commands.execute(() -> {
            String reply;
            try {
                reply = execute.apply(text);
            } catch (RuntimeException e) {
                reply = "error: " + e.getMessage() + "\n";
            }
            send(ch, reply.replace("\n", "\r\n") + PROMPT);
        });
    }

    private void send(Channel ch, String text) {
        if (ch == null || !ch.isActive()) {
            return;
        }
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        write(ch, spec().telnet() ? TelnetFilter.escape(b, b.length) : b);
    }

    @Override
    void disconnected(Channel ch) {
        current = null;
    }

    @Override
    public void close() {
        super.close();
        commands.shutdown();
    }
}
