package org.j386.harness;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code -d in_asm,exec} log says, read line by line (a boot's exec log runs to gigabytes,
 * so it is digested as it is written, never held): the instructions listed, keyed "0xADDRESS:
 * BYTES" with the texts shown for them; exec's Trace lines by PC ("CS_BASE/FLAGS/CFLAGS SYMBOL",
 * QEMU's host code address left out); in_asm's "IN: SYMBOL" by the block's first address; and the
 * first line that breaks QEMU's layout (blocks of separator, "IN: ", instruction lines and a blank
 * line, with Trace lines between them), ignoring lines other than these when {@code strict} is off.
 */
final class LogDigest {
    static final Pattern LINE = Pattern.compile("0x([0-9a-f]{8}): ((?: [0-9a-f]{2})+)(.*)");
    static final Pattern TRACE = Pattern.compile("Trace 0: \\S+ \\[([0-9a-f]{8})/([0-9a-f]{8})/([0-9a-f]{8})/([0-9a-f]{8})\\] (.*)");
    private static final String SEPARATOR = "----------------";
    private static final String TRACE_START = "Trace 0: ";


    private enum State { BETWEEN, AFTER_SEPARATOR, AFTER_NAME, IN_BLOCK }

    final Map<String, Set<String>> instructions = new LinkedHashMap<>();
    final Map<String, Set<String>> traces = new LinkedHashMap<>();
    final Map<String, Set<String>> blockNames = new LinkedHashMap<>();
    /** The first line out of QEMU's layout, or "" (only when strict). */
    String layoutProblem = "";

    /** Trace lines already digested: a boot repeats a few thousand of them millions of times. */
    private final java.util.Set<String> seenTraces = new java.util.HashSet<>();
    private final boolean strict;
    private State state = State.BETWEEN;
    private int lineNumber;
    private String name;
    private String address;
    private StringBuilder bytes;
    private String text;
    private int next;

    LogDigest(boolean strict) {
        this.strict = strict;
    }

    /** An OutputStream whose ISO-8859-1 lines go to {@link #accept}. */
    OutputStream sink() {
        return new OutputStream() {
            private final ByteArrayOutputStream current = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    accept(current.toString(StandardCharsets.ISO_8859_1));
                    current.reset();
                } else {
                    current.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                int start = off;
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n') {
                        current.write(b, start, i - start);
                        accept(current.toString(StandardCharsets.ISO_8859_1));
                        current.reset();
                        start = i + 1;
                    }
                }
                current.write(b, start, off + len - start);
            }
        };
    }

    void accept(String line) {
        lineNumber++;
        if (line.startsWith(TRACE_START)) {
            // The common line by far, and mostly a repeat: only a new one is parsed.
            flush();
            name = null;
            boolean first = seenTraces.add(line);
            Matcher t = first ? TRACE.matcher(line) : null;
            boolean ok = t == null || t.matches();
            if (strict && layoutProblem.isEmpty() && (!ok || state != State.BETWEEN)) {
                layoutProblem = "line " + lineNumber + ": " + line;
            }
            if (first && ok) {
                add(traces, t.group(2), t.group(1) + "/" + t.group(3) + "/" + t.group(4) + " " + t.group(5));
            }
            return;
        }
        Matcher insn = LINE.matcher(line);
        boolean isInsn = line.startsWith("0x") && insn.matches();
        layout(line, isInsn);
        if (!isInsn) {
            flush();
            name = line.startsWith("IN: ") ? line : null;
            return;
        }
        if (name != null) {
            add(blockNames, insn.group(1), name);
            name = null;
        }
        int at = Integer.parseUnsignedInt(insn.group(1), 16);
        boolean continuation = address != null && insn.group(3).isEmpty() && at == next;
        if (!continuation) {
            flush();
            address = insn.group(1);
            bytes = new StringBuilder();
            text = insn.group(3).strip();
            next = at;
        }
        bytes.append(insn.group(2));
        next += insn.group(2).length() / 3;
    }

    /** Ends the instruction being read (call after the last line). */
    void flush() {
        if (address != null) {
            add(instructions, "0x" + address + ":" + bytes, text);
            address = null;
        }
    }

    private void layout(String line, boolean isInsn) {
        if (!strict || !layoutProblem.isEmpty()) {
            return;
        }
        boolean ok = switch (state) {
            case BETWEEN -> line.equals(SEPARATOR) || TRACE.matcher(line).matches();
            case AFTER_SEPARATOR -> line.startsWith("IN: ");
            case AFTER_NAME -> isInsn;
            case IN_BLOCK -> isInsn || line.isEmpty();
        };
        if (!ok) {
            layoutProblem = "line " + lineNumber + ": " + line;
            return;
        }
        state = switch (state) {
            case BETWEEN -> line.equals(SEPARATOR) ? State.AFTER_SEPARATOR : State.BETWEEN;
            case AFTER_SEPARATOR -> State.AFTER_NAME;
            case AFTER_NAME -> State.IN_BLOCK;
            case IN_BLOCK -> line.isEmpty() ? State.BETWEEN : State.IN_BLOCK;
        };
    }

    /** Whether the log ended between blocks. */
    boolean endedBetweenBlocks() {
        return state == State.BETWEEN;
    }

    private static void add(Map<String, Set<String>> map, String key, String value) {
        map.computeIfAbsent(key, k -> new TreeSet<>()).add(value);
    }
}
