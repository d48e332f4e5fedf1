package org.j386.devices;

/**
 * The Intel 8254 programmable interval timer (8254 datasheet, Intel 231164): three 16-bit
 * down-counters clocked at 1.193182 MHz, ports 0x40-0x42 for the counters and 0x43 for the
 * control word. Counter 0's OUT drives IRQ 0; counter 2's GATE and OUT are reached through
 * port 0x61 ({@link SystemControlPort}).
 *
 * <p>Counters are not ticked one by one: each remembers the clock tick its count was loaded on
 * and derives its value and OUT from the elapsed ticks. Modes 0-5, binary and BCD counting,
 * LSB/MSB/word access with the read and write flip-flops, the counter-latch command and the
 * read-back command (count and status) are implemented. Odd counts in mode 3 are approximated by
 * their even neighbour for the counter value (OUT timing is exact: high for (N+1)/2 ticks).
 */
public final class I8254Pit implements IoDevice, TimedDevice {
    public static final int COUNTER0 = 0x40;
    public static final int CONTROL = 0x43;
    /** The PIT's input clock: 14.31818 MHz / 12. */
    public static final long INPUT_HZ = 1_193_182;
    private static final long NS_PER_S = 1_000_000_000L;

    // Control word (port 0x43).
    public static final int CW_SC_SHIFT = 6;
    public static final int CW_RW_SHIFT = 4;
    public static final int CW_MODE_SHIFT = 1;
    public static final int CW_BCD = 1 << 0;
    /** SC = 11: the read-back command. */
    public static final int SC_READ_BACK = 3;
    /** RW field values. */
    public static final int RW_LATCH = 0, RW_LSB = 1, RW_MSB = 2, RW_WORD = 3;
    /** Read-back command bits, active low: 0 latches the count / the status. */
    public static final int RB_NOT_COUNT = 1 << 5;
    public static final int RB_NOT_STATUS = 1 << 4;
    /** Status byte bits. */
    public static final int STATUS_OUT = 1 << 7;
    public static final int STATUS_NULL_COUNT = 1 << 6;

    /** The ISA line counter 0's OUT drives. */
    public static final int IRQ = 0;

    private final Clock clock;
    private final IrqSink irqSink;
    private final Channel[] channels = {new Channel(true), new Channel(true), new Channel(false)};
    /** Clock tick of counter 0's next rising OUT edge, or NEVER. */
    private long irqEdgeTick = NEVER;

    public I8254Pit(Clock clock, IrqSink irqSink) {
        this.clock = clock;
        this.irqSink = irqSink;
    }

    public void attach(IoBus bus) {
        bus.register(COUNTER0, 4, this);
    }

    /** PIT clock ticks elapsed by machine time {@code nanos}: floor(nanos * F / 1e9), overflow-free. */
    static long ticksAt(long nanos) {
        return nanos / NS_PER_S * INPUT_HZ + nanos % NS_PER_S * INPUT_HZ / NS_PER_S;
    }

    /** The first machine time at which {@link #ticksAt} reaches {@code tick}. */
    static long nanosAt(long tick) {
        long whole = tick / INPUT_HZ;
        long rest = tick % INPUT_HZ;
        return whole * NS_PER_S + (rest * NS_PER_S + INPUT_HZ - 1) / INPUT_HZ;
    }

    private long now() {
        return ticksAt(clock.nanos());
    }

    // ---------------------------------------------------------------- one counter

    private static final class Channel {
        int mode;
        int rw = RW_WORD;
        boolean bcd;
        boolean gate;
        /** The count register as written; 0 stands for 65536 (binary) or 10000 (BCD). */
        int count;
        boolean counting;
        boolean nullCount = true;
        /** For modes 1 and 5: a gate trigger has started the count. */
        boolean triggered;
        long loadTick;
        /** Count held while GATE is low in modes 0 and 4. */
        int frozen;
        boolean frozenOut;
        boolean frozenValid;

        boolean writeMsbNext;
        int writeLsb;
        boolean readMsbNext;
        boolean countLatched;
        int latchedCount;
        boolean latchedMsbNext;
        boolean statusLatched;
        int latchedStatus;

        Channel(boolean gate) {
            this.gate = gate;
        }

        int modulus() {
            return bcd ? 10000 : 0x10000;
        }

        /** N: the count as a number of ticks. */
        int period() {
            return count == 0 ? modulus() : count;
        }

        boolean running() {
            return counting && (mode == 1 || mode == 5 ? triggered : gate) && !frozenValid;
        }

        long elapsed(long tick) {
            return tick - loadTick;
        }

        int value(long tick) {
            if (frozenValid) {
                return frozen;
            }
            if (!running()) {
                return counting ? count : 0;
            }
            long d = elapsed(tick);
            int n = period();
            long v;
            switch (mode) {
                case 2: v = n - d % n; break;
                case 3: v = n - (2 * d) % n; break;
                default: v = Math.floorMod(n - d, modulus()); break;   // 0, 1, 4, 5: wrap and go on
            }
            return (int) (v % modulus());
        }

        boolean out(long tick) {
            if (!counting) {
                return mode != 0;
            }
            if (frozenValid) {
                return frozenOut;
            }
            if (!running()) {
                return mode != 0;   // mode 0 waits low for its gate; 1-5 idle high
            }
            long d = elapsed(tick);
            int n = period();
            switch (mode) {
                case 0: return d >= n;
                case 1: return d >= n;
                case 2: return d % n != n - 1;
                case 3: return d % n < (n + 1) / 2;
                default: return d != n;                                  // 4, 5: one tick low at terminal count
            }
        }

        /** The first tick after {@code tick} at which OUT rises, or NEVER. */
        long nextRisingEdge(long tick) {
            if (!running()) {
                return NEVER;
            }
            long d = elapsed(tick);
            int n = period();
            switch (mode) {
                case 0:
                case 1:
                    return d < n ? loadTick + n : NEVER;
                case 2:
                case 3:
                    return loadTick + (d / n + 1) * n;
                default:
                    return d < n + 1 ? loadTick + n + 1 : NEVER;
            }
        }

        int status(long tick) {
            return (out(tick) ? STATUS_OUT : 0) | (nullCount ? STATUS_NULL_COUNT : 0)
                    | rw << CW_RW_SHIFT | mode << CW_MODE_SHIFT | (bcd ? CW_BCD : 0);
        }
    }

    // ---------------------------------------------------------------- ports

    @Override
    public int ioRead(int port, int size) {
        if (port == CONTROL) {
            return 0xFF;   // the control word register cannot be read
        }
        Channel c = channels[port - COUNTER0];
        if (c.statusLatched) {
            c.statusLatched = false;
            return c.latchedStatus;
        }
        int value;
        boolean msb;
        if (c.countLatched) {
            value = c.latchedCount;
            msb = c.latchedMsbNext;
            if (c.rw == RW_WORD && !msb) {
                c.latchedMsbNext = true;
            } else {
                c.countLatched = false;
            }
        } else {
            value = toBus(c, c.value(now()));
            msb = c.rw == RW_MSB || (c.rw == RW_WORD && c.readMsbNext);
            if (c.rw == RW_WORD) {
                c.readMsbNext = !c.readMsbNext;
            }
        }
        if (c.rw == RW_LSB) {
            msb = false;
        } else if (c.rw == RW_MSB) {
            msb = true;
        }
        return msb ? value >>> 8 & 0xFF : value & 0xFF;
    }

    private static int toBus(Channel c, int value) {
        if (!c.bcd) {
            return value & 0xFFFF;
        }
        int v = value % 10000;
        return v / 1000 << 12 | v / 100 % 10 << 8 | v / 10 % 10 << 4 | v % 10;
    }

    private static int fromBus(Channel c, int value) {
        if (!c.bcd) {
            return value & 0xFFFF;
        }
        return (value >>> 12 & 0xF) * 1000 + (value >>> 8 & 0xF) * 100 + (value >>> 4 & 0xF) * 10 + (value & 0xF);
    }

    @Override
    public void ioWrite(int port, int size, int value) {
        long tick = now();
        if (port == CONTROL) {
            writeControl(value & 0xFF, tick);
        } else {
            writeCount(port - COUNTER0, value & 0xFF, tick);
        }
        scheduleIrq(tick);
    }

    private void writeControl(int cw, long tick) {
        int sc = cw >>> CW_SC_SHIFT;
        if (sc == SC_READ_BACK) {
            for (int i = 0; i < 3; i++) {
                if ((cw & (2 << i)) == 0) {
                    continue;
                }
                Channel c = channels[i];
                if ((cw & RB_NOT_COUNT) == 0 && !c.countLatched) {
                    latchCount(c, tick);
                }
                if ((cw & RB_NOT_STATUS) == 0 && !c.statusLatched) {
                    c.statusLatched = true;
                    c.latchedStatus = c.status(tick);
                }
            }
            return;
        }
        Channel c = channels[sc];
        int rw = cw >>> CW_RW_SHIFT & 3;
        if (rw == RW_LATCH) {
            if (!c.countLatched) {
                latchCount(c, tick);
            }
            return;
        }
        // A new control word stops the counter until a count is written (datasheet: OUT goes to
        // its initial state; low in mode 0, high in the others).
        c.rw = rw;
        int mode = cw >>> CW_MODE_SHIFT & 7;
        c.mode = mode > 5 ? mode - 4 : mode;   // 110 and 111 are modes 2 and 3
        c.bcd = (cw & CW_BCD) != 0;
        c.counting = false;
        c.triggered = false;
        c.frozenValid = false;
        c.nullCount = true;
        c.writeMsbNext = false;
        c.readMsbNext = false;
        c.countLatched = false;
    }

    private void latchCount(Channel c, long tick) {
        c.countLatched = true;
        c.latchedCount = toBus(c, c.value(tick));
        c.latchedMsbNext = c.rw == RW_MSB;
    }

    private void writeCount(int index, int value, long tick) {
        Channel c = channels[index];
        int count;
        switch (c.rw) {
            case RW_LSB:
                count = value;
                break;
            case RW_MSB:
                count = value << 8;
                break;
            default:
                if (!c.writeMsbNext) {
                    c.writeLsb = value;
                    c.writeMsbNext = true;
                    if (c.mode == 0) {
                        c.counting = false;   // mode 0: writing the first byte stops the count
                    }
                    return;
                }
                c.writeMsbNext = false;
                count = c.writeLsb | value << 8;
                break;
        }
        boolean restart = !c.counting || c.mode == 0 || c.mode == 4;
        c.count = fromBus(c, count);
        c.nullCount = false;
        if (restart) {
            // Modes 0 and 4 (and any counter not yet counting) start on the new count at once;
            // modes 2 and 3 pick it up at the end of the current period, approximated here by a
            // restart only when the counter was idle.
            c.counting = true;
            c.frozenValid = false;
            c.loadTick = tick;
        }
    }

    // ---------------------------------------------------------------- gate and OUT

    /** GATE of counter {@code index} (counter 2's comes from port 0x61 bit 0). */
    public void setGate(int index, boolean level) {
        Channel c = channels[index];
        long tick = now();
        if (level && !c.gate) {
            switch (c.mode) {
                case 1, 2, 3, 5 -> {
                    c.loadTick = tick;       // a rising edge (re)triggers these modes
                    c.triggered = true;
                }
                default -> c.loadTick = c.frozenValid
                        ? tick - (c.period() - c.frozen)   // modes 0 and 4 resume where they paused
                        : tick;                             // or start, if loaded while the gate was low
            }
            c.frozenValid = false;
        } else if (!level && c.gate && (c.mode == 0 || c.mode == 4) && c.running()) {
            c.frozen = c.value(tick);
            c.frozenOut = c.out(tick);
            c.frozenValid = true;
        }
        c.gate = level;
        scheduleIrq(tick);
    }

    public boolean gate(int index) {
        return channels[index].gate;
    }

    /** The OUT pin of counter {@code index} now. */
    public boolean out(int index) {
        return channels[index].out(now());
    }

    // ---------------------------------------------------------------- time

    private void scheduleIrq(long tick) {
        irqEdgeTick = channels[0].nextRisingEdge(tick);
    }

    @Override
    public long nextDeadline() {
        return irqEdgeTick == NEVER ? NEVER : nanosAt(irqEdgeTick);
    }

    /**
     * Delivers counter 0's rising edge to IRQ 0 once its time has come. Periods that passed
     * while nobody looked collapse into one request, as the PIC's IRR would hold only one.
     */
    @Override
    public void advanceTo(long nanos) {
        long tick = ticksAt(nanos);
        if (irqEdgeTick != NEVER && irqEdgeTick <= tick) {
            irqSink.setIrq(IRQ, false);
            irqSink.setIrq(IRQ, true);
            irqSink.setIrq(IRQ, false);
            irqEdgeTick = channels[0].nextRisingEdge(tick);
        }
    }
}
