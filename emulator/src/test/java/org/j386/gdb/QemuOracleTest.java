package org.j386.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * QEMU 7.2's gdbstub as the oracle for the answers that do not depend on guest state: the same
 * packets to {@code qemu-system-i386 -S} and to the stub must get the same replies (the stub's
 * {@code qSupported} adds {@code QStartNoAckMode+}, which QEMU 7.2 lacks).
 */
class QemuOracleTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-i386");
    private static final List<String> SAME = List.of(
            "vMustReplyEmpty", "Hgp0.0", "qTStatus", "?", "qfThreadInfo", "qsThreadInfo", "qAttached:1",
            "Hc-1", "qC", "qOffsets", "qSymbol::", "vCont?", "p32", "mffffffff,4", "m300000,4", "m1ffffe,4", "Z0,1000,1", "z0,1000,1",
            "Z1,1000,1", "z1,1000,1", "Z2,2000,4", "z2,2000,4");

    private static Map<String, String> answers(int port) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        try (RspClient c = new RspClient(port)) {
            m.put("qSupported", c.ask("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386")
                    .replace(";QStartNoAckMode+", ""));
            for (String doc : List.of("target.xml", "i386-32bit.xml")) {
                StringBuilder sb = new StringBuilder();
                for (int chunk = 0; chunk < 100; chunk++) {
                    String r = c.ask("qXfer:features:read:" + doc + ":" + Integer.toHexString(sb.length()) + ",ffb");
                    sb.append(r.substring(1));
                    if (r.charAt(0) == 'l') {
                        break;
                    }
                }
                m.put(doc, sb.toString());
            }
            for (String p : SAME) {
                m.put(p, c.ask(p));
            }
            m.put("g length", Integer.toString(c.ask("g").length()));
        }
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void stateIndependentAnswersMatchQemu() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "qemu-system-i386 is not installed");
        int port = freePort();
        // isapc with 2 MiB, the size of TinyGuest's RAM
        Process qemu = new ProcessBuilder(QEMU.toString(), "-M", "isapc", "-m", "2", "-display", "none", "-serial", "null", "-monitor", "none",
                "-S", "-gdb", "tcp:127.0.0.1:" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, String> reference;
        try {
            reference = null;
            for (int attempt = 0; attempt < 100 && reference == null && qemu.isAlive(); attempt++) {
                try {
                    reference = answers(port);
                } catch (java.net.ConnectException e) {
                    qemu.waitFor(100, TimeUnit.MILLISECONDS);   // not listening yet
                }
            }
        } finally {
            qemu.destroy();
            qemu.waitFor(20, TimeUnit.SECONDS);
        }
        assumeTrue(reference != null, "QEMU did not start listening");
        try (TinyGuest g = new TinyGuest(true).start()) {
            Map<String, String> ours = answers(g.port());
            for (String key : reference.keySet()) {
                assertEquals(reference.get(key), ours.get(key), key);
            }
        }
    }
}
