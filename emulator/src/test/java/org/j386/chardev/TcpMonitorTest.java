package org.j386.chardev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.j386.cpu.Cpu;
import org.j386.devices.DualPic;
import org.j386.devices.IoBus;
import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;
import org.j386.monitor.Monitor;
import org.junit.jupiter.api.Test;

class TcpMonitorTest {
    private static final int TIMEOUT_MS = 20_000;

    /** Reads until {@code end} has been seen (bounded by a byte count and the socket timeout). */
    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 100_000; i++) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.write(c);
            if (b.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
                break;
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        s.setSoTimeout(TIMEOUT_MS);
        return s;
    }

    @Test
    void linesGoToTheMonitorAndRepliesComeBackWithPrompt() throws Exception {
        Cpu cpu = new Cpu(new Mmu(new PhysicalMemory(1 << 20)), new IoBus());
        Monitor monitor = new Monitor(cpu, new DualPic(), new Monitor.Control() {
            @Override
            public void stop() {
            }

            @Override
            public void cont() {
            }

            @Override
            public boolean running() {
                return false;
            }

            @Override
            public void systemReset() {
            }

            @Override
            public void quit() {
            }
        });
        try (TcpMonitor m = TcpMonitor.open(ChardevSpec.parse("tcp::0,server,nowait"), monitor::execute);
             Socket s = connect(m.port())) {
            InputStream in = s.getInputStream();
            assertEquals(TcpMonitor.BANNER + TcpMonitor.PROMPT, readUntil(in, TcpMonitor.PROMPT));
            s.getOutputStream().write("info registers\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String reply = readUntil(in, TcpMonitor.PROMPT);
            String expected = monitor.execute("info registers").replace("\n", "\r\n") + TcpMonitor.PROMPT;
            assertEquals(expected, reply);
            assertTrue(reply.contains("EDX=00000480"), reply);
            // backspace editing, then an unknown command: the monitor's one-line error
            s.getOutputStream().write("inff\bo\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(monitor.execute("info").replace("\n", "\r\n") + TcpMonitor.PROMPT, readUntil(in, TcpMonitor.PROMPT));
        }
    }

    @Test
    void overlongLinesAreRefusedAndReconnectGetsAFreshSession() throws Exception {
        try (TcpMonitor m = TcpMonitor.open(ChardevSpec.parse("telnet::0,server,nowait"), line -> "said " + line + "\n")) {
            try (Socket s = connect(m.port())) {
                InputStream in = s.getInputStream();
                in.readNBytes(TelnetFilter.GREETING.length);
                readUntil(in, TcpMonitor.PROMPT);
                byte[] big = new byte[TcpMonitor.MAX_LINE + 100];
                java.util.Arrays.fill(big, (byte) 'a');
                s.getOutputStream().write(big);
                s.getOutputStream().write('\n');
                assertTrue(readUntil(in, TcpMonitor.PROMPT).startsWith("line too long"));
                s.getOutputStream().write("half a li".getBytes(StandardCharsets.ISO_8859_1));
            }
            try (Socket s = connect(m.port())) {
                InputStream in = s.getInputStream();
                in.readNBytes(TelnetFilter.GREETING.length);
                assertEquals(TcpMonitor.BANNER + TcpMonitor.PROMPT, readUntil(in, TcpMonitor.PROMPT));
                s.getOutputStream().write("stop\n".getBytes(StandardCharsets.ISO_8859_1));
                assertEquals("said stop\r\n" + TcpMonitor.PROMPT, readUntil(in, TcpMonitor.PROMPT));
            }
        }
    }
}
