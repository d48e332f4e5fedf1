package org.j386.devices;

import static org.j386.devices.Uart16550.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Uart16550Test {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final IoBus bus = new IoBus();
    private final List<Boolean> irq4 = new ArrayList<>();
    private Uart16550 uart;

    @BeforeEach
    void setUp() {
        uart = new Uart16550(COM1_BASE, out::write);
        uart.attach(bus);
        uart.connectIrq((irq, level) -> {
            assertEquals(COM1_IRQ, irq);
            irq4.add(level);
        }, COM1_IRQ);
    }

    private int in(int reg) {
        return bus.read(COM1_BASE + reg, 1);
    }

    private void out(int reg, int v) {
        bus.write(COM1_BASE + reg, 1, v);
    }

    private void type(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        uart.hostInput(b, 0, b.length);
        uart.pumpInput();
    }

    @Test
    void resetStateMatchesQemu() {
        assertEquals(0, in(IER));
        assertEquals(IIR_NO_INT, in(IIR));
        assertEquals(0, in(LCR));
        assertEquals(MCR_OUT2, in(MCR));
        assertEquals(LSR_THRE | LSR_TEMT, in(LSR));
        assertEquals(MSR_DCD | MSR_DSR | MSR_CTS, in(MSR));
        assertEquals(0, in(SCR));
        assertEquals(12, uart.divisor());
    }

    @Test
    void transmitsImmediatelyAndStaysEmpty() {
        for (char c : "hi\n".toCharArray()) {
            assertTrue((in(LSR) & LSR_THRE) != 0);
            out(THR, c);
        }
        assertEquals("hi\n", out.toString(StandardCharsets.US_ASCII));
        assertEquals(LSR_THRE | LSR_TEMT, in(LSR));
    }

    @Test
    void divisorLatchSharesOffsetsZeroAndOneUnderDlab() {
        out(LCR, LCR_DLAB | 0x03);
        out(DLL, 0x01);
        out(DLM, 0x00);
        assertEquals(0x01, in(DLL));
        assertEquals(0x00, in(DLM));
        assertEquals(1, uart.divisor());
        assertEquals(0, out.size(), "a DLL write transmits nothing");
        out(LCR, 0x03);
        assertEquals(0x03, in(LCR));
        assertEquals(0, in(IER), "IER untouched by the DLM write");
        out(THR, 'x');
        assertEquals("x", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void receivesHostInputInOrder() {
        assertEquals(0, in(LSR) & LSR_DR);
        type("ab");
        assertEquals(LSR_DR, in(LSR) & LSR_DR);
        assertEquals('a', in(RBR));
        assertEquals('b', in(RBR));
        assertEquals(0, in(LSR) & LSR_DR);
        assertEquals(0, in(RBR), "an empty receiver reads 0, as in QEMU");
    }

    @Test
    void hostInputIsInvisibleUntilPumped() {
        uart.hostInput(new byte[] {'q'}, 0, 1);
        assertTrue(uart.hostInputPending());
        assertEquals(0, in(LSR) & LSR_DR);
        uart.pumpInput();
        assertFalse(uart.hostInputPending());
        assertEquals('q', in(RBR));
    }

    @Test
    void receivedDataInterruptHasPriorityOverThrEmpty() {
        out(IER, IER_ERBFI | IER_ETBEI);
        assertEquals(IIR_THRI, in(IIR), "enabling ETBEI with THR empty raises it at once");
        assertEquals(IIR_NO_INT, in(IIR), "reading IIR acknowledged the THR interrupt");
        type("z");
        assertEquals(IIR_RDI, in(IIR));
        assertEquals(IIR_RDI, in(IIR), "RDI stays until the byte is read");
        in(RBR);
        assertEquals(IIR_NO_INT, in(IIR));
        out(THR, '.');
        assertEquals(IIR_THRI, in(IIR), "the byte left at once, so THR is empty again");
    }

    @Test
    void irqLineFollowsInterruptsGatedByOut2() {
        out(IER, IER_ERBFI);
        type("k");
        assertEquals(List.of(true), irq4);
        in(RBR);
        assertEquals(List.of(true, false), irq4);
        out(MCR, 0);    // OUT2 off: the line is held low on a PC
        type("k");
        assertEquals(List.of(true, false), irq4);
        assertEquals(IIR_RDI, in(IIR), "the UART itself still has the interrupt");
        out(MCR, MCR_OUT2);
        assertEquals(List.of(true, false, true), irq4);
    }

    @Test
    void fifoControlShowsInIirAndClearsTheReceiver() {
        out(FCR, FCR_FIFO_ENABLE | FCR_RCVR_RESET | FCR_XMIT_RESET);
        assertEquals(IIR_FIFOS_ENABLED | IIR_NO_INT, in(IIR));
        type("abc");
        out(FCR, FCR_FIFO_ENABLE | FCR_RCVR_RESET);
        assertEquals(0, in(LSR) & LSR_DR);
        out(FCR, 0);
        assertEquals(IIR_NO_INT, in(IIR));
    }

    @Test
    void loopbackReturnsTransmittedBytesAndMirrorsModemLines() {
        out(MCR, MCR_LOOP | MCR_RTS | MCR_OUT2);
        out(THR, 0x5A);
        assertEquals(0, out.size(), "nothing reaches the host in loopback");
        assertEquals(LSR_DR, in(LSR) & LSR_DR);
        assertEquals(0x5A, in(RBR));
        // QEMU's serial.c: in loopback MSR is the mirrored outputs alone, never a delta bit.
        assertEquals(MSR_CTS | MSR_DCD, in(MSR));
        out(MCR, MCR_LOOP | MCR_DTR);
        assertEquals(MSR_DSR, in(MSR));
        uart.hostInput(new byte[] {'h'}, 0, 1);
        uart.pumpInput();
        assertEquals(0, in(LSR) & LSR_DR, "host input waits while in loopback");
        out(MCR, MCR_OUT2);
        uart.pumpInput();
        assertEquals('h', in(RBR));
    }

    @Test
    void scratchRegisterHoldsAByte() {
        out(SCR, 0xA5);
        assertEquals(0xA5, in(SCR));
    }

    @Test
    void wideReadsFloatTheUpperLanes() {
        assertEquals(0xFF00 | LSR_THRE | LSR_TEMT, bus.read(COM1_BASE + LSR, 2));
    }
}
