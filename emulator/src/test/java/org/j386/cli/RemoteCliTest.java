package org.j386.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's sockets, with j386 running in this JVM: COM1 and the monitor on TCP, and
 * gdb 13.1 driving a guest held by {@code -S}.
 */
class RemoteCliTest {
    @TempDir
    static Path dir;
    static Path hello;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void kernels() throws IOException {
        hello = MainTest.kernel(dir, "hello.elf", 0x66, 0xBA, 0xF8, 0x03, 0xB0, 'h', 0xEE, 0xB0, 'i', 0xEE, 0xB0, '\n', 0xEE,
                0xB0, 0x10, 0xE6, 0xF4, 0xFA, 0xF4);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Connects once the listener is up: j386 opens its sockets while starting, on another thread. */
    private static Socket connect(int port) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (IOException e) {
                if (attempt == 200) {
                    throw e;
                }
                Thread.sleep(25);
            }
        }
    }

    /** Reads until {@code text} has arrived (or the stream ends); returns all of it. */
    private static String readUntil(InputStream in, String text) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int b;
        while (!got.toString(StandardCharsets.ISO_8859_1).endsWith(text) && (b = in.read()) >= 0) {
            got.write(b);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void serialAndMonitorOnSockets() throws Exception {
        int serialPort = freePort();
        int monitorPort = freePort();
        Future<MainTest.Result> run = pool.submit(() -> MainTest.run("", Runtime.getRuntime().maxMemory(),
                "-kernel", hello.toString(), "-S", "-display", "none",
                "-serial", "tcp::" + serialPort + ",server,nowait", "-monitor", "tcp::" + monitorPort + ",server,nowait",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"));
        try (Socket serial = connect(serialPort); Socket monitor = connect(monitorPort)) {
            InputStream min = monitor.getInputStream();
            OutputStream mout = monitor.getOutputStream();
            assertEquals("j386 monitor - type 'help' for more information\r\n(j386) ", readUntil(min, "(j386) "));
            mout.write("info registers\n".getBytes(StandardCharsets.US_ASCII));
            String regs = readUntil(min, "(j386) ");
            assertTrue(regs.startsWith("CPU#0\r\nEAX=2badb002 "), regs);
            assertTrue(regs.contains("\r\nEIP=0010000c "), regs);
            mout.write("cont\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hi\n", readUntil(serial.getInputStream(), "hi\n"));
        }
        MainTest.Result r = run.get();
        assertEquals(0x21, r.status(), r.err());
    }

    @Test
    void gdbStepsAGuestHeldByDashS() throws Exception {
        int port = freePort();
        Future<MainTest.Result> run = pool.submit(() -> MainTest.run("", Runtime.getRuntime().maxMemory(),
                "-kernel", hello.toString(), "-S", "-gdb", "tcp::" + port, "-display", "none", "-serial", "stdio",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"));
        // gdb starts once j386 listens; a probe connection first would itself become the debugger.
        String out;
        Process gdb;
        int attempt = 0;
        do {
            if (attempt++ > 0) {
                Thread.sleep(50);
            }
            gdb = new ProcessBuilder("gdb", "-batch", "-nx", "-ex", "set architecture i386",
                    "-ex", "target remote 127.0.0.1:" + port, "-ex", "stepi", "-ex", "info registers eip",
                    "-ex", "continue").redirectErrorStream(true).start();
            out = new String(gdb.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } while (out.contains("Connection refused") && attempt < 100);
        assertEquals(0, gdb.waitFor(), out);
        assertTrue(out.contains("eip            0x100010"), out);
        assertTrue(out.contains("exited with code 041"), out);
        MainTest.Result r = run.get();
        assertEquals(0x21, r.status(), r.err());
        assertEquals("hi\n", r.out());
    }
}
