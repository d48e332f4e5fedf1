package org.j386.chardev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.socket.DuplexChannel;

import org.j386.devices.IoBus;
import org.j386.devices.Uart16550;
import org.junit.jupiter.api.Test;

/**
 * The serial chardev over real loopback sockets. Every read has a socket timeout and every loop
 * a count bound; nothing measures time.
 */
class TcpSerialTest {
    private static final int TIMEOUT_MS = 20_000;

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        s.setSoTimeout(TIMEOUT_MS);
        return s;
    }

    private static ChardevSpec spec(String text) throws ChardevException {
        return ChardevSpec.parse(text);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            int c = in.read();
            if (c < 0 || c == '\n') {
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads until end of stream (each read bounded by the socket timeout), at most 1 GiB: all the
     * guest's output up to the server's close, however small the reads come under load.
     */
    private static void drainToEnd(InputStream in) throws IOException {
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while (total < (1L << 30) && (n = in.read(buf)) >= 0) {
            total += n;
        }
    }

    /** Runs {@code r} on the chardev's I/O thread and waits until it (and all queued before it) ran. */
    private static void onIoThreadAndWait(TcpSerial serial, Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        serial.onIoThread(() -> {
            r.run();
            done.countDown();
        });
        assertTrue(done.await(TIMEOUT_MS, TimeUnit.MILLISECONDS), "the I/O thread ran the task");
    }

    /**
     * A real 16550 on an I/O bus, and a "guest" thread playing the CPU: it moves host input into
     * the receive buffer, reads RBR while LSR.DR is set and writes each byte back to THR.
     */
    private static final class EchoGuest implements AutoCloseable {
        final IoBus io = new IoBus();
        final Uart16550 uart;
        final Thread thread;
        final AtomicBoolean stop = new AtomicBoolean();
        final Object wake = new Object();

        EchoGuest(TcpSerial serial) {
            uart = new Uart16550(Uart16550.COM1_BASE, serial);
            uart.attach(io);
            thread = new Thread(this::loop, "echo-guest");
            thread.setDaemon(true);
        }

        void input(byte[] data, int off, int len) {
            uart.hostInput(data, off, len);
            synchronized (wake) {
                wake.notifyAll();
            }
        }

        private void loop() {
            while (!stop.get()) {
                uart.pumpInput();
                boolean any = false;
                while ((io.read(Uart16550.COM1_BASE + Uart16550.LSR, 1) & Uart16550.LSR_DR) != 0) {
                    int b = io.read(Uart16550.COM1_BASE + Uart16550.RBR, 1);
                    io.write(Uart16550.COM1_BASE + Uart16550.THR, 1, b);
                    any = true;
                }
                if (!any) {
                    synchronized (wake) {
                        if (!uart.hostInputPending()) {
                            try {
                                wake.wait(10);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(TIMEOUT_MS);
        }
    }

    @Test
    void aTypedLineComesBackThroughAUartEcho() throws Exception {
        EchoGuest[] guest = new EchoGuest[1];
        try (TcpSerial serial = TcpSerial.open(spec("tcp::0,server,nowait"), (d, o, l) -> guest[0].input(d, o, l))) {
            guest[0] = new EchoGuest(serial);
            guest[0].thread.start();
            try (Socket s = connect(serial.port()); EchoGuest g = guest[0]) {
                OutputStream out = s.getOutputStream();
                out.write("hello, j386\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertEquals("hello, j386", readLine(s.getInputStream()));
                out.write("second line\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertEquals("second line", readLine(s.getInputStream()));
            }
        }
    }

    @Test
    void thousandConnectDisconnectCyclesLoseAndReorderNoInput() throws Exception {
        final int cycles = 1000;
        BlockingQueue<Byte> received = new LinkedBlockingQueue<>();
        try (TcpSerial serial = TcpSerial.open(spec("tcp::0,server,nowait"), (d, o, l) -> {
            for (int i = 0; i < l; i++) {
                received.add(d[o + i]);
            }
        })) {
            // The guest prints all the while, client or no client.
            AtomicBoolean stop = new AtomicBoolean();
            Thread printer = new Thread(() -> {
                for (long i = 0; !stop.get() && i < Long.MAX_VALUE; i++) {
                    serial.transmit('0' + (int) (i % 10));
                    if (i % 1000 == 999) {
                        serial.transmit('\n');
                    }
                }
            }, "printer");
            printer.setDaemon(true);
            printer.start();
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            long outputSeen = 0;
            for (int c = 0; c < cycles; c++) {
                byte[] chunk = String.format("<%04d>", c).getBytes(StandardCharsets.ISO_8859_1);
                try (Socket s = connect(serial.port())) {
                    s.getOutputStream().write(chunk);
                    s.getOutputStream().flush();
                    if (c % 2 == 1) {
                        // As a killed nc or telnet: close at once with output unread, so the
                        // kernel sends RST; the server may write to it before it has read the chunk.
                        s.setSoLinger(true, 0);
                    } else {
                        if (c % 100 == 0) {
                            outputSeen += s.getInputStream().read(new byte[256]) > 0 ? 1 : 0;
                        }
                        // A clean close: FIN, then read until the server closes too.
                        s.shutdownOutput();
                        drainToEnd(s.getInputStream());
                    }
                }
                sent.writeBytes(chunk);
            }
            stop.set(true);
            printer.join(TIMEOUT_MS);
            assertFalse(printer.isAlive(), "the guest was never stalled");
            byte[] expected = sent.toByteArray();
            byte[] got = new byte[expected.length];
            for (int i = 0; i < got.length; i++) {
                Byte b = received.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                if (b == null) {
                    break;
                }
                got[i] = b;
            }
            assertArrayEquals(expected, got);
            assertTrue(received.isEmpty());
            assertEquals(cycles / 100, outputSeen, "connected clients see the guest's output");
            assertTrue(serial.droppedBytes() > 0, "output while nobody was connected was dropped");
        }
    }

    /**
     * The client types, then resets the connection (closes with output unread) before the server
     * has read what it typed, and the guest's next output to it fails: the typed bytes still reach
     * the UART. Reading is held off by turning the connection's auto-read off, which stands for an
     * I/O thread that has not got round to it yet (as under load); Linux keeps received bytes
     * readable after a RST, so only closing the socket on the failed write could lose them.
     */
    @Test
    void inputTypedBeforeAResetArrivesThoughAWriteToTheClientFailedFirst() throws Exception {
        BlockingQueue<Byte> received = new LinkedBlockingQueue<>();
        try (TcpSerial serial = TcpSerial.open(spec("tcp::0,server,nowait"), (d, o, l) -> {
            for (int i = 0; i < l; i++) {
                received.add(d[o + i]);
            }
        })) {
            byte[] typed = "typed\n".getBytes(StandardCharsets.ISO_8859_1);
            Socket s = connect(serial.port());
            assertTrue(serial.awaitClient(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            DuplexChannel ch = (DuplexChannel) serial.client();
            onIoThreadAndWait(serial, () -> ch.config().setAutoRead(false));
            s.getOutputStream().write(typed);
            s.setSoLinger(true, 0);
            s.close();
            // The guest prints until a write fails (the RST has come in): the first may not.
            for (int i = 0; i < 100_000 && ch.isActive() && !ch.isOutputShutdown(); i++) {
                serial.transmit('x');
                onIoThreadAndWait(serial, () -> { });
            }
            assertTrue(!ch.isActive() || ch.isOutputShutdown(), "a write to the reset client failed");
            onIoThreadAndWait(serial, () -> ch.config().setAutoRead(true));
            byte[] got = new byte[typed.length];
            for (int i = 0; i < got.length; i++) {
                Byte b = received.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                if (b == null) {
                    break;
                }
                got[i] = b;
            }
            assertArrayEquals(typed, got);
        }
    }

    @Test
    void outputWithoutAClientIsDroppedNotKept() throws Exception {
        try (TcpSerial serial = TcpSerial.open(spec("tcp::0,server,nowait"), (d, o, l) -> { })) {
            for (int i = 0; i < 1000; i++) {
                serial.transmit('x');
            }
            assertEquals(1000, serial.droppedBytes());
            try (Socket s = connect(serial.port())) {
                for (int i = 0; i < 50 && !serial.connected(); i++) {
                    // the connection is accepted on the I/O thread: give it a moment, bounded
                    Thread.sleep(20);
                }
                assertTrue(serial.connected());
                serial.transmit('A');
                serial.transmit('\n');
                assertEquals("A", readLine(s.getInputStream()), "none of the earlier x's");
            }
        }
    }

    @Test
    void aClientThatDoesNotReadNeverStallsTheGuest() throws Exception {
        try (TcpSerial serial = TcpSerial.open(spec("tcp::0,server,nowait"), (d, o, l) -> { })) {
            try (Socket s = connect(serial.port())) {
                s.setReceiveBufferSize(4096);
                for (int i = 0; i < 50 && !serial.connected(); i++) {
                    Thread.sleep(20);
                }
                assertTrue(serial.connected());
                long total = 16L << 20;
                for (long i = 0; i < total; i++) {
                    serial.transmit('y');
                }
                assertTrue(serial.droppedBytes() > 0);
                assertTrue(serial.droppedBytes() < total);
            }
        }
    }

    @Test
    void telnetNegotiatesStripsAndEscapes() throws Exception {
        BlockingQueue<Byte> received = new LinkedBlockingQueue<>();
        try (TcpSerial serial = TcpSerial.open(spec("telnet::0,server,nowait"), (d, o, l) -> {
            for (int i = 0; i < l; i++) {
                received.add(d[o + i]);
            }
        })) {
            try (Socket s = connect(serial.port())) {
                InputStream in = s.getInputStream();
                byte[] greeting = in.readNBytes(TelnetFilter.GREETING.length);
                assertArrayEquals(TelnetFilter.GREETING, greeting);
                OutputStream out = s.getOutputStream();
                // ack of WILL ECHO, a DO LINEMODE to refuse, data with a doubled IAC
                out.write(new byte[] {(byte) 0xFF, (byte) 0xFD, 1, (byte) 0xFF, (byte) 0xFD, 0x22, 'o', 'k', (byte) 0xFF, (byte) 0xFF, '\n'});
                out.flush();
                assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFC, 0x22}, in.readNBytes(3));
                byte[] data = new byte[4];
                for (int i = 0; i < data.length; i++) {
                    Byte b = received.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    data[i] = b == null ? 0 : b;
                }
                assertArrayEquals(new byte[] {'o', 'k', (byte) 0xFF, '\n'}, data);
                serial.transmit(0xFF);
                serial.transmit('\n');
                assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF, '\n'}, in.readNBytes(3));
            }
        }
    }

    @Test
    void waitHoldsTheMachineUntilAClientConnects() throws Exception {
        try (TcpSerial serial = TcpSerial.open(spec("tcp::0,server"), (d, o, l) -> { })) {
            assertTrue(serial.spec().waitForClient());
            assertFalse(serial.awaitClient(0, TimeUnit.MILLISECONDS));
            try (Socket s = connect(serial.port())) {
                assertTrue(serial.awaitClient(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            }
        }
    }

    @Test
    void twoPortsEachWithItsClient() throws Exception {
        BlockingQueue<Byte> com1 = new LinkedBlockingQueue<>();
        BlockingQueue<Byte> com2 = new LinkedBlockingQueue<>();
        try (TcpSerial a = TcpSerial.open(spec("tcp::0,server,nowait"), (d, o, l) -> com1.add(d[o]));
             TcpSerial b = TcpSerial.open(spec("telnet::0,server,nowait"), (d, o, l) -> com2.add(d[o]));
             Socket sa = connect(a.port()); Socket sb = connect(b.port())) {
            sa.getOutputStream().write('1');
            sb.getOutputStream().write('2');
            assertEquals((byte) '1', com1.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            assertEquals((byte) '2', com2.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
    }
}
