package org.j386.devices;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A 16550A UART (National Semiconductor PC16550D datasheet), the PC's COM1 at 0x3F8, IRQ 4.
 *
 * <p>Transmission is immediate: a byte written to THR goes straight to the {@link SerialBackend},
 * so THR and the transmitter are always empty again (LSR.THRE and LSR.TEMT stay set) and no baud
 * rate timing exists. Received bytes come from the host through {@link #hostInput}, a queue any
 * thread may fill; the machine moves them into the guest-visible receive buffer on the CPU thread
 * with {@link #pumpInput}, so register reads never race the terminal. The receive buffer is
 * unbounded, so overrun never happens. Reset values and the interrupt priority follow QEMU's
 * hw/char/serial.c. Left out: the character timeout interrupt (it needs a timer; with FIFOs on,
 * the received-data interrupt is raised as soon as any byte is waiting, as if the trigger level
 * were 1 byte), line breaks, parity and framing errors, DMA mode.
 *
 * <pre>
 * offset  DLAB=0 read / write        DLAB=1
 *   0     RBR / THR                  DLL (divisor latch, low byte)
 *   1     IER                        DLM (divisor latch, high byte)
 *   2     IIR / FCR
 *   3     LCR                        (bit 7 is DLAB)
 *   4     MCR
 *   5     LSR
 *   6     MSR
 *   7     SCR
 * </pre>
 */
public final class Uart16550 implements IoDevice {
    public static final int COM1_BASE = 0x3F8;
    public static final int COM1_IRQ = 4;
    public static final int PORT_COUNT = 8;

    /** Receiver buffer (read) and transmitter holding register (write), DLAB=0. */
    public static final int RBR = 0;
    public static final int THR = 0;
    /** Divisor latch low and high bytes, DLAB=1. */
    public static final int DLL = 0;
    public static final int DLM = 1;

    /** Interrupt enable register. */
    public static final int IER = 1;
    public static final int IER_ERBFI = 1 << 0;     // received data available
    public static final int IER_ETBEI = 1 << 1;     // THR empty
    public static final int IER_ELSI = 1 << 2;      // receiver line status
    public static final int IER_EDSSI = 1 << 3;     // modem status
    public static final int IER_MASK = IER_ERBFI | IER_ETBEI | IER_ELSI | IER_EDSSI;

    /** Interrupt identification register (read). Bits 3-0 name the source; bits 7-6 FIFOs on. */
    public static final int IIR = 2;
    public static final int IIR_NO_INT = 1 << 0;
    public static final int IIR_MSI = 0x00;         // modem status
    public static final int IIR_THRI = 0x02;        // THR empty
    public static final int IIR_RDI = 0x04;         // received data available
    public static final int IIR_RLSI = 0x06;        // receiver line status
    public static final int IIR_ID_MASK = 0x0F;
    public static final int IIR_FIFOS_ENABLED = (1 << 7) | (1 << 6);

    /** FIFO control register (write). */
    public static final int FCR = 2;
    public static final int FCR_FIFO_ENABLE = 1 << 0;
    public static final int FCR_RCVR_RESET = 1 << 1;
    public static final int FCR_XMIT_RESET = 1 << 2;
    public static final int FCR_DMA_MODE = 1 << 3;
    public static final int FCR_TRIGGER_SHIFT = 6;
    public static final int FCR_TRIGGER_MASK = 3 << FCR_TRIGGER_SHIFT;

    /** Line control register. */
    public static final int LCR = 3;
    public static final int LCR_WLS_MASK = 3;       // word length 5-8 bits
    public static final int LCR_STB = 1 << 2;       // 2 stop bits
    public static final int LCR_PEN = 1 << 3;       // parity enable
    public static final int LCR_BREAK = 1 << 6;
    public static final int LCR_DLAB = 1 << 7;      // divisor latch access

    /** Modem control register. */
    public static final int MCR = 4;
    public static final int MCR_DTR = 1 << 0;
    public static final int MCR_RTS = 1 << 1;
    public static final int MCR_OUT1 = 1 << 2;
    public static final int MCR_OUT2 = 1 << 3;      // on a PC, gates the IRQ line
    public static final int MCR_LOOP = 1 << 4;
    public static final int MCR_MASK = MCR_DTR | MCR_RTS | MCR_OUT1 | MCR_OUT2 | MCR_LOOP;

    /** Line status register. */
    public static final int LSR = 5;
    public static final int LSR_DR = 1 << 0;        // data ready
    public static final int LSR_OE = 1 << 1;        // overrun error
    public static final int LSR_PE = 1 << 2;        // parity error
    public static final int LSR_FE = 1 << 3;        // framing error
    public static final int LSR_BI = 1 << 4;        // break interrupt
    public static final int LSR_THRE = 1 << 5;      // THR empty
    public static final int LSR_TEMT = 1 << 6;      // transmitter empty
    public static final int LSR_RXFE = 1 << 7;      // error in receiver FIFO
    public static final int LSR_ERRORS = LSR_OE | LSR_PE | LSR_FE | LSR_BI;

    /** Modem status register. */
    public static final int MSR = 6;
    public static final int MSR_DCTS = 1 << 0;
    public static final int MSR_DDSR = 1 << 1;
    public static final int MSR_TERI = 1 << 2;
    public static final int MSR_DDCD = 1 << 3;
    public static final int MSR_CTS = 1 << 4;
    public static final int MSR_DSR = 1 << 5;
    public static final int MSR_RI = 1 << 6;
    public static final int MSR_DCD = 1 << 7;
    public static final int MSR_DELTAS = MSR_DCTS | MSR_DDSR | MSR_TERI | MSR_DDCD;

    /** Scratch register. */
    public static final int SCR = 7;

    /** QEMU's reset state: 9600 baud (divisor 12), OUT2 on, a modem that asserts DCD, DSR and CTS. */
    public static final int RESET_DIVISOR = 12;
    public static final int RESET_MCR = MCR_OUT2;
    public static final int RESET_MSR = MSR_DCD | MSR_DSR | MSR_CTS;

    /** The host side of the line: bytes typed at the terminal, in order. */
    private final ConcurrentLinkedQueue<Byte> hostInput = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Byte> receiveBuffer = new ArrayDeque<>();
    private final int base;
    private SerialBackend backend;
    private IrqSink irqSink;
    private int irq;

    private int ier;
    private int fcr;
    private int lcr;
    private int mcr;
    private int lsrErrors;
    private int msr;
    private int scr;
    private int divisor;
    /** The THR-empty interrupt is pending: set when THR empties, cleared by an IIR read or a THR write. */
    private boolean thrInterrupt;
    private boolean irqLevel;

    public Uart16550(int base, SerialBackend backend) {
        this.base = base;
        this.backend = backend;
        reset();
    }

    /** Registers the eight ports at the base address. */
    public void attach(IoBus bus) {
        bus.register(base, PORT_COUNT, this);
    }

    /** Connects the interrupt output to ISA line {@code irq} of {@code sink}. */
    public void connectIrq(IrqSink sink, int irq) {
        this.irqSink = sink;
        this.irq = irq;
        updateIrq();
    }

    public void setBackend(SerialBackend backend) {
        this.backend = backend;
    }

    public SerialBackend backend() {
        return backend;
    }

    public void reset() {
        ier = 0;
        fcr = 0;
        lcr = 0;
        mcr = RESET_MCR;
        lsrErrors = 0;
        msr = RESET_MSR;
        scr = 0;
        divisor = RESET_DIVISOR;
        thrInterrupt = false;
        receiveBuffer.clear();
        updateIrq();
    }

    // ---- host side ----

    /** Queues bytes typed on the host. Any thread. */
    public void hostInput(byte[] bytes, int offset, int length) {
        for (int i = 0; i < length; i++) {
            hostInput.add(bytes[offset + i]);
        }
    }

    /** True if host input waits to be pumped. Any thread. */
    public boolean hostInputPending() {
        return !hostInput.isEmpty();
    }

    /**
     * Moves waiting host input into the receive buffer, on the CPU thread, and raises the
     * received-data interrupt if enabled. In loopback mode the line is disconnected from the
     * host, so the bytes wait until loopback ends.
     */
    public void pumpInput() {
        if ((mcr & MCR_LOOP) != 0 || hostInput.isEmpty()) {
            return;
        }
        Byte b;
        while ((b = hostInput.poll()) != null) {
            receiveBuffer.add(b);
        }
        updateIrq();
    }

    /** The interrupt output's level (before the OUT2 gate a PC puts in front of the IRQ line). */
    public boolean interruptPending() {
        return identify() != IIR_NO_INT;
    }

    public int divisor() {
        return divisor;
    }

    // ---- guest side ----

    @Override
    public int ioRead(int port, int size) {
        int v = readRegister(port - base);
        return size == 1 ? v : v | readFloating(size);
    }

    /** A wider access reads the first register; the upper byte lanes float on the 8-bit device. */
    private static int readFloating(int size) {
        return size == 2 ? 0xFF00 : 0xFFFFFF00;
    }

    @Override
    public void ioWrite(int port, int size, int value) {
        writeRegister(port - base, value & 0xFF);
    }

    private int readRegister(int reg) {
        boolean dlab = (lcr & LCR_DLAB) != 0;
        switch (reg) {
            case RBR:
                if (dlab) {
                    return divisor & 0xFF;
                }
                Byte b = receiveBuffer.poll();
                updateIrq();
                return b == null ? 0 : b & 0xFF;
            case IER:
                return dlab ? divisor >>> 8 & 0xFF : ier;
            case IIR: {
                int id = identify();
                if (id == IIR_THRI) {
                    thrInterrupt = false;
                    updateIrq();
                }
                return id | ((fcr & FCR_FIFO_ENABLE) != 0 ? IIR_FIFOS_ENABLED : 0);
            }
            case LCR:
                return lcr;
            case MCR:
                return mcr;
            case LSR: {
                int v = lsr();
                lsrErrors &= ~(LSR_OE | LSR_BI);
                updateIrq();
                return v;
            }
            case MSR: {
                int v = modemStatus();
                if ((mcr & MCR_LOOP) == 0) {
                    msr &= ~MSR_DELTAS;
                    updateIrq();
                }
                return v;
            }
            case SCR:
                return scr;
            default:
                throw new IllegalArgumentException("Uart16550.readRegister: offset " + reg);
        }
    }

    private void writeRegister(int reg, int v) {
        boolean dlab = (lcr & LCR_DLAB) != 0;
        switch (reg) {
            case THR:
                if (dlab) {
                    divisor = divisor & 0xFF00 | v;
                } else {
                    transmit(v);
                }
                break;
            case IER:
                if (dlab) {
                    divisor = divisor & 0x00FF | v << 8;
                } else {
                    int old = ier;
                    ier = v & IER_MASK;
                    // QEMU: enabling ETBEI while THR is empty raises the THR interrupt at once.
                    if ((ier & IER_ETBEI) != 0 && (old & IER_ETBEI) == 0) {
                        thrInterrupt = true;
                    } else if ((ier & IER_ETBEI) == 0) {
                        thrInterrupt = false;
                    }
                    updateIrq();
                }
                break;
            case FCR:
                if (((v ^ fcr) & FCR_FIFO_ENABLE) != 0 || (v & FCR_RCVR_RESET) != 0) {
                    // Turning the FIFOs on or off empties them (datasheet, FCR bit 0).
                    receiveBuffer.clear();
                }
                fcr = v & (FCR_FIFO_ENABLE | FCR_DMA_MODE | FCR_TRIGGER_MASK);
                updateIrq();
                break;
            case LCR:
                lcr = v;
                break;
            case MCR: {
                mcr = v & MCR_MASK;
                updateIrq();
                break;
            }
            case LSR:
            case MSR:
                break;    // read-only (the datasheet reserves writes for factory test)
            case SCR:
                scr = v;
                break;
            default:
                throw new IllegalArgumentException("Uart16550.writeRegister: offset " + reg);
        }
    }

    /** THR write: out to the host, or back into the receiver in loopback mode. */
    private void transmit(int v) {
        if ((mcr & MCR_LOOP) != 0) {
            receiveBuffer.add((byte) v);
        } else if (backend != null) {
            backend.transmit(v);
        }
        // The byte left at once: THR is empty again, which is itself an interrupt condition.
        thrInterrupt = true;
        updateIrq();
    }

    private int lsr() {
        return (receiveBuffer.isEmpty() ? 0 : LSR_DR) | lsrErrors | LSR_THRE | LSR_TEMT;
    }

    private int modemStatus() {
        return modemStatusFor(mcr, msr);
    }

    /**
     * MSR as read: in loopback, CTS = RTS, DSR = DTR, RI = OUT1, DCD = OUT2 (datasheet, MCR bit 4)
     * and no delta bits, as QEMU's serial.c reads it (the deltas of the real lines wait, unread,
     * until loopback ends); otherwise the host modem's lines, which always assert DCD, DSR and CTS.
     */
    private static int modemStatusFor(int mcrValue, int msrValue) {
        if ((mcrValue & MCR_LOOP) == 0) {
            return msrValue;
        }
        return ((mcrValue & MCR_RTS) != 0 ? MSR_CTS : 0)
                | ((mcrValue & MCR_DTR) != 0 ? MSR_DSR : 0)
                | ((mcrValue & MCR_OUT1) != 0 ? MSR_RI : 0)
                | ((mcrValue & MCR_OUT2) != 0 ? MSR_DCD : 0);
    }

    /** The highest-priority pending interrupt's IIR code, or {@link #IIR_NO_INT}. */
    private int identify() {
        if ((ier & IER_ELSI) != 0 && (lsrErrors & LSR_ERRORS) != 0) {
            return IIR_RLSI;
        }
        if ((ier & IER_ERBFI) != 0 && !receiveBuffer.isEmpty()) {
            return IIR_RDI;
        }
        if ((ier & IER_ETBEI) != 0 && thrInterrupt) {
            return IIR_THRI;
        }
        if ((ier & IER_EDSSI) != 0 && (msr & MSR_DELTAS) != 0) {
            return IIR_MSI;
        }
        return IIR_NO_INT;
    }

    private void updateIrq() {
        // On a PC the INTRPT output reaches the bus only through the OUT2-controlled buffer.
        boolean level = interruptPending() && (mcr & MCR_OUT2) != 0;
        if (level != irqLevel) {
            irqLevel = level;
            if (irqSink != null) {
                irqSink.setIrq(irq, level);
            }
        }
    }
}
