package org.j386.gdb;

import java.nio.charset.StandardCharsets;

/**
 * The protocol logic of the remote stub, without the transport: one packet payload in, the reply
 * out through a {@link Sink}. Answers as QEMU 7.2's gdbstub does for the packets gdb 13.1 sends
 * (see /work/shared/reference/toolchain.md section 5); unknown packets get the empty reply.
 *
 * <p>Payloads are byte strings: a Java string whose chars are 0-255 (ISO 8859-1), after the
 * framing layer removed escapes and run-length encoding.
 *
 * <p>Threads: {@link #handle} runs on one session thread and may block for as long as the guest
 * runs ({@code c}, {@code vCont;c}); {@link #interrupt} comes from the I/O thread meanwhile.
 */
public final class GdbStub {
    /** Where replies go; returns once the reply is on its way (sent before a kill ends the process). */
    public interface Sink {
        void send(String payload);
    }

    /** Largest packet the stub takes, as advertised: QEMU's {@code PacketSize=1000} (hex). */
    public static final int PACKET_SIZE = 0x1000;
    /** Longest memory read answered at once: the hex reply must fit in a packet. */
    static final int MAX_MEMORY_READ = 0x800;

    private static final String SUPPORTED =
            "PacketSize=1000;qXfer:features:read+;vContSupported+;QStartNoAckMode+";
    /** QEMU's error numbers: 14 (EFAULT) for memory and register faults, 22 (EINVAL) for syntax. */
    private static final String E_FAULT = "E14";
    private static final String E_INVALID = "E22";
    private static final String E_FAILED = "E01";

    private final DebugTarget target;
    private final Sink sink;
    private boolean multiprocess;
    private volatile boolean noAck;
    private volatile boolean running;
    private volatile boolean killed;
    private StopEvent lastStop = StopEvent.trap();

    public GdbStub(DebugTarget target, Sink sink) {
        this.target = target;
        this.sink = sink;
    }

    /** QStartNoAckMode was accepted: no more {@code +}/{@code -} either way. */
    public boolean noAckMode() {
        return noAck;
    }

    /** True once gdb killed the emulator: the connection should close. */
    public boolean killed() {
        return killed;
    }

    /**
     * Called by the I/O thread for each packet, in arrival order, before it is queued for
     * {@link #handle}: a packet that resumes the guest marks it running from this moment, so a
     * Ctrl-C that follows it on the wire reaches the target even if the continue has not started.
     */
    public void received(String p) {
        if (resumes(p)) {
            running = true;
        }
    }

    /** c, C, s, S and vCont with actions resume the guest. */
    static boolean resumes(String p) {
        if (p.isEmpty()) {
            return false;
        }
        char c = p.charAt(0);
        return c == 'c' || c == 'C' || c == 's' || c == 'S' || p.startsWith("vCont;");
    }

    /** gdb's Ctrl-C (a 0x03 byte between packets). Any thread; ignored while the guest is stopped. */
    public void interrupt() {
        if (running) {
            target.interrupt();
        }
    }

    /** Handles one packet payload and sends its reply, if it has one. */
    public void handle(String p) {
        try {
            dispatch(p);
        } finally {
            // Only the resume clears it: gdb may already have sent the next continue, which
            // received() marked, while this thread finished the previous packet.
            if (resumes(p)) {
                running = false;
            }
        }
    }

    private void dispatch(String p) {
        if (p.isEmpty()) {
            sink.send("");
            return;
        }
        switch (p.charAt(0)) {
            case '?' -> sink.send(stopReply(lastStop));
            case 'g' -> sink.send(readRegisters());
            case 'G' -> sink.send(writeRegisters(p.substring(1)));
            case 'p' -> sink.send(readRegister(p.substring(1)));
            case 'P' -> sink.send(writeRegister(p.substring(1)));
            case 'm' -> sink.send(readMemory(p.substring(1)));
            case 'M' -> sink.send(writeMemory(p.substring(1), false));
            case 'X' -> sink.send(writeMemory(p.substring(1), true));
            case 'c', 'C' -> continueAt(p, false);
            case 's', 'S' -> continueAt(p, true);
            case 'Z', 'z' -> sink.send(breakpoint(p));
            case 'H', 'T' -> sink.send("OK");
            case 'D' -> {
                target.detach();
                sink.send("OK");
            }
            case 'k' -> {
                killed = true;
                target.kill();
            }
            case 'q' -> sink.send(query(p));
            case 'Q' -> setting(p);
            case 'v' -> verbose(p);
            default -> sink.send("");
        }
    }

    // ================================================================ registers and memory

    private String readRegisters() {
        StringBuilder sb = new StringBuilder(I386Registers.totalSize() * 2);
        for (int n = 0; n < I386Registers.COUNT; n++) {
            Hex.append(sb, target.readRegister(n));
        }
        return sb.toString();
    }

    private String writeRegisters(String hex) {
        byte[] all = Hex.decode(hex);
        if (all == null || all.length != I386Registers.totalSize()) {
            return E_INVALID;
        }
        boolean ok = true;
        int off = 0;
        for (int n = 0; n < I386Registers.COUNT; n++) {
            byte[] v = new byte[I386Registers.size(n)];
            System.arraycopy(all, off, v, 0, v.length);
            off += v.length;
            ok &= target.writeRegister(n, v);
        }
        return ok ? "OK" : E_FAILED;
    }

    private String readRegister(String args) {
        long n = Hex.number(args, 4);
        if (n < 0 || n >= I386Registers.COUNT) {
            return E_FAULT;
        }
        return Hex.encode(target.readRegister((int) n));
    }

    private String writeRegister(String args) {
        int eq = args.indexOf('=');
        long n = eq < 0 ? -1 : Hex.number(args.substring(0, eq), 4);
        if (n < 0 || n >= I386Registers.COUNT) {
            return E_FAULT;
        }
        byte[] v = Hex.decode(args.substring(eq + 1));
        if (v == null || v.length != I386Registers.size((int) n)) {
            return E_INVALID;
        }
        return target.writeRegister((int) n, v) ? "OK" : E_FAILED;
    }

    private String readMemory(String args) {
        long[] al = addressLength(args);
        if (al == null) {
            return E_INVALID;
        }
        int len = (int) Math.min(al[1], MAX_MEMORY_READ);
        byte[] data = target.readMemory((int) al[0], len);
        return data == null ? E_FAULT : Hex.encode(data);
    }

    /** {@code addr,length:data}, data in hex ({@code M}) or binary ({@code X}). */
    private String writeMemory(String args, boolean binary) {
        int colon = args.indexOf(':');
        long[] al = colon < 0 ? null : addressLength(args.substring(0, colon));
        if (al == null) {
            return E_INVALID;
        }
        String body = args.substring(colon + 1);
        byte[] data = binary ? body.getBytes(StandardCharsets.ISO_8859_1) : Hex.decode(body);
        if (data == null || data.length != al[1]) {
            return E_INVALID;
        }
        if (data.length == 0) {
            return "OK";
        }
        return target.writeMemory((int) al[0], data) ? "OK" : E_FAULT;
    }

    /** {@code addr,length} in hex, a 32-bit address and a length below 2^31; null if malformed. */
    private static long[] addressLength(String s) {
        int comma = s.indexOf(',');
        if (comma < 0) {
            return null;
        }
        long addr = Hex.number(s.substring(0, comma), 8);
        long len = Hex.number(s.substring(comma + 1), 8);
        if (addr < 0 || len < 0 || len > Integer.MAX_VALUE) {
            return null;
        }
        return new long[] {addr, len};
    }

    // ================================================================ running

    /** {@code c [addr]}, {@code s [addr]}, {@code C sig[;addr]}, {@code S sig[;addr]}: signals are ignored. */
    private void continueAt(String p, boolean step) {
        String addr = p.substring(1);
        if (Character.isUpperCase(p.charAt(0))) {
            int semi = addr.indexOf(';');
            addr = semi < 0 ? "" : addr.substring(semi + 1);
        }
        if (!addr.isEmpty()) {
            long a = Hex.number(addr, 8);
            if (a < 0) {
                sink.send(E_INVALID);
                return;
            }
            target.writeRegister(I386Registers.EIP, Hex.le32((int) a));
        }
        run(step);
    }

    private void run(boolean step) {
        StopEvent stop;
        stop = step ? target.step() : target.resume();
        lastStop = stop;
        sink.send(stopReply(stop));
    }

    private String stopReply(StopEvent stop) {
        return switch (stop.kind()) {
            case SIGNAL -> String.format("T%02xthread:%s;", stop.signal(), threadId());
            case WATCH -> String.format("T%02xthread:%s;%s:%x;", stop.signal(), threadId(),
                    stop.watch().stopKey(), stop.address());
            case EXITED -> String.format("W%02x", stop.status() & 0xFF);
        };
    }

    private String threadId() {
        return multiprocess ? "p01.01" : "01";
    }

    /** The one thread: any id naming process 1 (or all, or any) and thread 1 (or all, or any). */
    static boolean threadMatches(String id) {
        String s = id.startsWith("p") ? id.substring(1) : id;
        for (String part : s.split("\\.", -1)) {
            if (!part.equals("-1") && !part.equals("0")) {
                long v = Hex.number(part, 8);
                if (v != 1) {
                    return false;
                }
            }
        }
        return true;
    }

    // ================================================================ breakpoints

    /** {@code Z type,addr,kind} / {@code z type,addr,kind}. */
    private String breakpoint(String p) {
        String[] f = p.substring(1).split("[,;]", -1);
        if (f.length < 3 || f[0].length() != 1 || f[0].charAt(0) < '0' || f[0].charAt(0) > '4') {
            return "";
        }
        Breakpoint.Type type = Breakpoint.Type.values()[f[0].charAt(0) - '0'];
        long addr = Hex.number(f[1], 8);
        long len = Hex.number(f[2], 4);
        if (addr < 0 || len <= 0) {
            return E_INVALID;
        }
        if (!target.supports(type)) {
            return "";
        }
        Breakpoint bp = new Breakpoint(type, (int) addr, (int) len);
        boolean insert = p.charAt(0) == 'Z';
        if (insert) {
            return target.insert(bp) ? "OK" : E_FAILED;
        }
        target.remove(bp);
        return "OK";
    }

    // ================================================================ queries

    private String query(String p) {
        if (p.startsWith("qSupported")) {
            multiprocess = p.contains("multiprocess+");
            return multiprocess ? SUPPORTED + ";multiprocess+" : SUPPORTED;
        }
        if (p.startsWith("qXfer:features:read:")) {
            return features(p.substring("qXfer:features:read:".length()));
        }
        return switch (p) {
            case "qAttached" -> "1";
            case "qC" -> "QC" + threadId();
            case "qfThreadInfo" -> "m" + threadId();
            case "qsThreadInfo" -> "l";
            default -> p.startsWith("qAttached:") ? "1" : "";
        };
    }

    /** {@code annex:offset,length} of a target description document. */
    private static String features(String args) {
        int colon = args.lastIndexOf(':');
        long[] al = colon < 0 ? null : addressLength(args.substring(colon + 1));
        if (al == null) {
            return E_INVALID;
        }
        String doc = I386Registers.document(args.substring(0, colon));
        if (doc == null) {
            return "E00";
        }
        if (al[0] >= doc.length()) {
            return "l";
        }
        int start = (int) al[0];
        int end = (int) Math.min(doc.length(), start + Math.min(al[1], PACKET_SIZE / 2));
        return (end < doc.length() ? "m" : "l") + escape(doc.substring(start, end));
    }

    /** Binary reply data: {@code $ # } *} escaped as {@code }} and the byte XOR 0x20. */
    static String escape(String data) {
        StringBuilder sb = new StringBuilder(data.length());
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '$' || c == '#' || c == '}' || c == '*') {
                sb.append('}').append((char) (c ^ 0x20));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private void setting(String p) {
        if (p.equals("QStartNoAckMode")) {
            sink.send("OK");
            noAck = true;
        } else {
            sink.send("");
        }
    }

    private void verbose(String p) {
        if (p.equals("vCont?")) {
            sink.send("vCont;c;C;s;S");
        } else if (p.startsWith("vCont;")) {
            vCont(p.substring("vCont;".length()));
        } else if (p.startsWith("vKill")) {
            killed = true;
            sink.send("OK");
            target.kill();
        } else {
            sink.send("");
        }
    }

    /** {@code vCont;action[:thread];...}: the first action that names our thread decides. */
    private void vCont(String actions) {
        for (String a : actions.split(";")) {
            int colon = a.indexOf(':');
            if (a.isEmpty() || (colon >= 0 && !threadMatches(a.substring(colon + 1)))) {
                continue;
            }
            switch (a.charAt(0)) {
                case 'c', 'C' -> run(false);
                case 's', 'S' -> run(true);
                default -> sink.send(E_INVALID);
            }
            return;
        }
        sink.send(E_INVALID);
    }
}
