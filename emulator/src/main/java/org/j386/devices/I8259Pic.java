package org.j386.devices;

/**
 * One Intel 8259A programmable interrupt controller (8259A datasheet, Intel 231468).
 *
 * <p>Implements the initialization sequence ICW1-ICW4, the operation command words OCW1 (IMR),
 * OCW2 (EOI, specific EOI, rotation, set priority) and OCW3 (IRR/ISR read, poll, special mask
 * mode), edge- and level-triggered inputs, automatic EOI, the priority resolver with rotation,
 * and the spurious IR7 of an acknowledge that finds no request. Two chips form the PC's pair in
 * {@link DualPic}; this class knows which of its inputs carry a slave (ICW3) but not how the
 * cascade is wired. Buffered mode and the MCS-80 call format are accepted and ignored: a PC runs
 * the 8259A in 8086 mode.
 */
public final class I8259Pic {
    // Command port (A0 = 0) bits.
    /** ICW1 is a command-port write with D4 set. */
    public static final int ICW1_SELECT = 1 << 4;
    /** ICW1.IC4: an ICW4 follows. */
    public static final int ICW1_IC4 = 1 << 0;
    /** ICW1.SNGL: single chip, no ICW3. */
    public static final int ICW1_SNGL = 1 << 1;
    /** ICW1.LTIM: level-triggered inputs. */
    public static final int ICW1_LTIM = 1 << 3;
    /** OCW3 is a command-port write with D4 clear and D3 set; OCW2 has both clear. */
    public static final int OCW3_SELECT = 1 << 3;
    /** OCW3.RR with RIS: 10 read IRR, 11 read ISR. */
    public static final int OCW3_RR = 1 << 1;
    public static final int OCW3_RIS = 1 << 0;
    /** OCW3.P: poll command. */
    public static final int OCW3_POLL = 1 << 2;
    /** OCW3.ESMM with SMM: 11 sets special mask mode, 10 clears it. */
    public static final int OCW3_ESMM = 1 << 6;
    public static final int OCW3_SMM = 1 << 5;
    /** OCW2.R, SL and EOI (bits 7:5). */
    public static final int OCW2_R = 1 << 7;
    public static final int OCW2_SL = 1 << 6;
    public static final int OCW2_EOI = 1 << 5;
    public static final int OCW2_LEVEL_MASK = 7;
    /** ICW4.AEOI: automatic end of interrupt. */
    public static final int ICW4_AEOI = 1 << 1;
    /** ICW4.SFNM: special fully nested mode. */
    public static final int ICW4_SFNM = 1 << 4;

    /** Vector returned for an acknowledge with no request pending: IR7 of this chip. */
    public static final int SPURIOUS_IRQ = 7;

    private int irr;
    private int isr;
    private int imr;
    /** Input line levels, to detect rising edges. */
    private int lines;
    private int vectorBase;
    /** IR line with the lowest priority; priority runs from lowestPriority+1 around. */
    private int lowestPriority = 7;
    private boolean levelTriggered;
    private boolean autoEoi;
    private boolean rotateOnAutoEoi;
    private boolean specialMaskMode;
    private boolean specialFullyNested;
    private boolean readIsr;
    private boolean pollPending;
    /** ICW3: on a master, the inputs that carry a slave; on a slave, its cascade identity. */
    private int icw3;
    /** Initialization state: 0 = operational, else the next ICW expected (2, 3, 4). */
    private int initStep;
    private boolean expectIcw3;
    private boolean expectIcw4;

    /** Counts of accepted interrupts per input, for the monitor's {@code info irq}. */
    final long[] acceptedCount = new long[8];

    // ---------------------------------------------------------------- the interrupt inputs

    /** Drives input {@code irq} (0-7) to {@code level}. Edge mode latches a 0 -> 1 transition in IRR. */
    public void setLine(int irq, boolean level) {
        int bit = 1 << irq;
        if (level) {
            if (levelTriggered || (lines & bit) == 0) {
                irr |= bit;
            }
            lines |= bit;
        } else {
            lines &= ~bit;
            if (levelTriggered) {
                irr &= ~bit;
            }
        }
    }

    /** The INT output: an unmasked request outranks everything in service. */
    public boolean intOutput() {
        return highestPendingIrq() >= 0;
    }

    /**
     * The priority resolver: the highest-priority input that is requested, unmasked, and not
     * blocked by an in-service input of higher or equal priority. -1 if none.
     */
    int highestPendingIrq() {
        int pending = irr & ~imr;
        if (pending == 0) {
            return -1;
        }
        int blocking = specialMaskMode ? isr & ~imr : isr;
        if (specialFullyNested) {
            // SFNM (master only): a slave's input in service does not block further requests from it.
            blocking &= ~icw3;
        }
        for (int k = 1; k <= 8; k++) {
            int irq = (lowestPriority + k) & 7;
            int bit = 1 << irq;
            if ((blocking & bit) != 0) {
                return -1;
            }
            if ((pending & bit) != 0) {
                return irq;
            }
        }
        return -1;
    }

    /**
     * The acknowledge cycle: moves the winning request from IRR to ISR (unless AEOI) and returns
     * its input number, or {@link #SPURIOUS_IRQ} with nothing set in ISR when no request remains.
     */
    public int acknowledge() {
        int irq = highestPendingIrq();
        if (irq < 0) {
            return SPURIOUS_IRQ | SPURIOUS_FLAG;
        }
        int bit = 1 << irq;
        if (!levelTriggered) {
            irr &= ~bit;
        }
        acceptedCount[irq]++;
        if (autoEoi) {
            if (rotateOnAutoEoi) {
                lowestPriority = irq;
            }
        } else {
            isr |= bit;
        }
        return irq;
    }

    /** Set in {@link #acknowledge}'s result for a spurious acknowledge. */
    public static final int SPURIOUS_FLAG = 1 << 8;

    public int vectorBase() {
        return vectorBase;
    }

    /** Whether input {@code irq} carries a slave (ICW3 of a master). */
    public boolean isCascadeInput(int irq) {
        return (icw3 & (1 << irq)) != 0;
    }

    // ---------------------------------------------------------------- the CPU side: A0 = 0 or 1

    /** Write to the command port (A0 = 0): ICW1, OCW2 or OCW3. */
    public void writeCommand(int value) {
        if ((value & ICW1_SELECT) != 0) {
            icw1(value);
        } else if ((value & OCW3_SELECT) != 0) {
            ocw3(value);
        } else {
            ocw2(value);
        }
    }

    /** Write to the data port (A0 = 1): ICW2-ICW4 during initialization, OCW1 (IMR) after. */
    public void writeData(int value) {
        switch (initStep) {
            case 2:
                vectorBase = value & 0xF8;
                initStep = expectIcw3 ? 3 : expectIcw4 ? 4 : 0;
                break;
            case 3:
                icw3 = value;
                initStep = expectIcw4 ? 4 : 0;
                break;
            case 4:
                autoEoi = (value & ICW4_AEOI) != 0;
                specialFullyNested = (value & ICW4_SFNM) != 0;
                initStep = 0;
                break;
            default:
                imr = value & 0xFF;
                break;
        }
    }

    /** Read of the command port: the poll result after a poll command, else IRR or ISR (OCW3). */
    public int readCommand() {
        if (pollPending) {
            pollPending = false;
            int irq = highestPendingIrq();
            if (irq < 0) {
                return 0;
            }
            acknowledge();
            return 0x80 | irq;
        }
        return readIsr ? isr : irr;
    }

    /** Read of the data port: IMR. */
    public int readData() {
        return imr;
    }

    private void icw1(int value) {
        // Datasheet: ICW1 clears IMR, resets the edge detectors, gives IR7 the lowest priority,
        // leaves special mask mode and selects IRR for status reads.
        imr = 0;
        isr = 0;
        irr = 0;
        lines = 0;
        lowestPriority = 7;
        specialMaskMode = false;
        readIsr = false;
        pollPending = false;
        autoEoi = false;
        rotateOnAutoEoi = false;
        specialFullyNested = false;
        levelTriggered = (value & ICW1_LTIM) != 0;
        expectIcw3 = (value & ICW1_SNGL) == 0;
        expectIcw4 = (value & ICW1_IC4) != 0;
        initStep = 2;
    }

    private void ocw2(int value) {
        int level = value & OCW2_LEVEL_MASK;
        switch (value & (OCW2_R | OCW2_SL | OCW2_EOI)) {
            case OCW2_EOI:                                  // non-specific EOI
                nonSpecificEoi(false);
                break;
            case OCW2_R | OCW2_EOI:                         // rotate on non-specific EOI
                nonSpecificEoi(true);
                break;
            case OCW2_SL | OCW2_EOI:                        // specific EOI
                isr &= ~(1 << level);
                break;
            case OCW2_R | OCW2_SL | OCW2_EOI:               // rotate on specific EOI
                isr &= ~(1 << level);
                lowestPriority = level;
                break;
            case OCW2_R | OCW2_SL:                          // set priority
                lowestPriority = level;
                break;
            case OCW2_R:                                    // rotate in automatic EOI mode (set)
                rotateOnAutoEoi = true;
                break;
            case 0:                                         // rotate in automatic EOI mode (clear)
                rotateOnAutoEoi = false;
                break;
            default:                                        // SL alone: no operation
                break;
        }
    }

    /** Clears the highest-priority ISR bit (the interrupt being served), optionally rotating. */
    private void nonSpecificEoi(boolean rotate) {
        for (int k = 1; k <= 8; k++) {
            int irq = (lowestPriority + k) & 7;
            if ((isr & (1 << irq)) != 0) {
                isr &= ~(1 << irq);
                if (rotate) {
                    lowestPriority = irq;
                }
                return;
            }
        }
    }

    private void ocw3(int value) {
        if ((value & OCW3_ESMM) != 0) {
            specialMaskMode = (value & OCW3_SMM) != 0;
        }
        if ((value & OCW3_POLL) != 0) {
            pollPending = true;
        }
        if ((value & OCW3_RR) != 0) {
            readIsr = (value & OCW3_RIS) != 0;
        }
    }

    // ---------------------------------------------------------------- inspection

    public int irr() {
        return irr;
    }

    public int isr() {
        return isr;
    }

    public int imr() {
        return imr;
    }

    /** The highest-priority input, as QEMU's {@code hprio} (the one after the lowest). */
    public int highestPriority() {
        return (lowestPriority + 1) & 7;
    }

    public boolean readsIsr() {
        return readIsr;
    }

    public boolean specialFullyNested() {
        return specialFullyNested;
    }

    public long acceptedCount(int irq) {
        return acceptedCount[irq];
    }
}
