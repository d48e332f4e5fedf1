package org.j386.cli;

/**
 * Where a character device leads, in QEMU's short spelling ({@code -serial}, {@code -monitor},
 * {@code -debugcon}) or as a {@code -chardev} backend:
 *
 * <pre>
 *   none           no device at all (-serial only: no port for that -serial)
 *   null           nowhere: output dropped, no input
 *   stdio          this process's standard input and output
 *   mon:stdio      stdio shared with the monitor through the Ctrl-A multiplexer (-serial only)
 *   file:PATH      output to PATH (created or truncated), no input
 *   tcp:..., telnet:...   a listening socket (org.j386.chardev.ChardevSpec's spelling)
 *   chardev:ID     the -chardev with that id
 * </pre>
 *
 * @param text the spelling as given, for messages
 */
record CharSpec(Kind kind, String path, String text) {
    enum Kind { NONE, NULL, STDIO, MUX_STDIO, FILE, SOCKET, CHARDEV }

    /** Parses the short spelling of {@code option} (for messages); {@code mux} allows {@code mon:stdio}. */
    static CharSpec parse(String option, String v, boolean mux) throws UsageException {
        if (v.equals("null")) {
            return new CharSpec(Kind.NULL, null, v);
        }
        if (v.equals("stdio")) {
            return new CharSpec(Kind.STDIO, null, v);
        }
        if (v.equals("mon:stdio") && mux) {
            return new CharSpec(Kind.MUX_STDIO, null, v);
        }
        if (v.startsWith("file:") && v.length() > 5) {
            return new CharSpec(Kind.FILE, v.substring(5), v);
        }
        if (v.startsWith("tcp:") || v.startsWith("telnet:")) {
            return new CharSpec(Kind.SOCKET, null, v);
        }
        if (v.startsWith("chardev:") && v.length() > 8) {
            return new CharSpec(Kind.CHARDEV, v.substring(8), v);
        }
        throw new UsageException(option + " " + v + ": unsupported; j386 knows null, stdio, " + (mux ? "mon:stdio, " : "")
                + "file:PATH, tcp:[HOST]:PORT,server[,nowait], telnet:[HOST]:PORT,server and chardev:ID");
    }

    boolean usesStdio() {
        return kind == Kind.STDIO || kind == Kind.MUX_STDIO;
    }
}
