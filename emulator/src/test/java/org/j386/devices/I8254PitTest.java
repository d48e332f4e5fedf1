package org.j386.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 8254's counters against its datasheet, on a clock the test moves by hand. */
class I8254PitTest {
    private long nanos;
    private final List<String> irqs = new ArrayList<>();
    private IoBus bus;
    private I8254Pit pit;

    @BeforeEach
    void setUp() {
        bus = new IoBus();
        pit = new I8254Pit(() -> nanos, (irq, level) -> irqs.add(irq + (level ? "+" : "-")));
        pit.attach(bus);
    }

    /** Moves the clock to exactly {@code ticks} PIT clocks after power-on. */
    private void at(long ticks) {
        nanos = I8254Pit.nanosAt(ticks);
        assertEquals(ticks, I8254Pit.ticksAt(nanos));
    }

    private int risingEdges() {
        return (int) irqs.stream().filter("0+"::equals).count();
    }

    private int readWord(int port) {
        return bus.read(port, 1) | bus.read(port, 1) << 8;
    }

    @Test
    void tickConversionRoundTripsForHours() {
        for (long t : new long[] {0, 1, 11931, 1_193_182, 1_193_182L * 3600 * 24 + 7}) {
            assertEquals(t, I8254Pit.ticksAt(I8254Pit.nanosAt(t)));
            if (t > 0) {
                assertEquals(t - 1, I8254Pit.ticksAt(I8254Pit.nanosAt(t) - 1));
            }
        }
    }

    @Test
    void mode2RateGeneratorAt100HzInterruptsEveryPeriod() {
        at(0);
        bus.write(0x43, 1, 0x34);                 // counter 0, LSB then MSB, mode 2, binary
        bus.write(0x40, 1, 11932 & 0xFF);         // 1193182 / 100 = 11932 (Linux's LATCH)
        bus.write(0x40, 1, 11932 >>> 8);
        assertEquals(I8254Pit.nanosAt(11932), pit.nextDeadline());
        at(11931);
        pit.advanceTo(nanos);
        assertEquals(0, risingEdges());
        at(11932);
        pit.advanceTo(nanos);
        assertEquals(1, risingEdges());
        assertEquals(I8254Pit.nanosAt(2 * 11932), pit.nextDeadline());
        at(5 * 11932 + 3);
        pit.advanceTo(nanos);
        assertEquals(2, risingEdges(), "missed periods collapse into one request");
        assertEquals(I8254Pit.nanosAt(6 * 11932), pit.nextDeadline());
    }

    @Test
    void mode2CountsDownAndReloads() {
        at(1000);
        bus.write(0x43, 1, 0x34);
        bus.write(0x40, 1, 100);
        bus.write(0x40, 1, 0);
        at(1000 + 30);
        assertEquals(70, readWord(0x40));
        at(1000 + 130);
        assertEquals(70, readWord(0x40));
        at(1000 + 199);
        assertTrue(pit.out(0) == false, "OUT low while the count is 1");
        at(1000 + 200);
        assertTrue(pit.out(0));
    }

    @Test
    void mode0InterruptsOnceAtTerminalCountAndWraps() {
        at(0);
        bus.write(0x43, 1, 0x30);
        assertFalse(pit.out(0), "mode 0: OUT low after the control word");
        bus.write(0x40, 1, 10);
        bus.write(0x40, 1, 0);
        at(9);
        assertFalse(pit.out(0));
        at(10);
        assertTrue(pit.out(0));
        pit.advanceTo(nanos);
        assertEquals(1, risingEdges());
        assertEquals(TimedDevice.NEVER, pit.nextDeadline());
        at(12);
        assertEquals(0xFFFE, readWord(0x40), "the counter wraps and goes on counting");
    }

    @Test
    void mode3SquareWaveHalfHighHalfLow() {
        at(0);
        bus.write(0x43, 1, 0x36);
        bus.write(0x40, 1, 10);
        bus.write(0x40, 1, 0);
        at(4);
        assertTrue(pit.out(0));
        at(5);
        assertFalse(pit.out(0));
        at(9);
        assertFalse(pit.out(0));
        at(10);
        assertTrue(pit.out(0));
    }

    @Test
    void latchCommandFreezesTheReadValue() {
        at(0);
        bus.write(0x43, 1, 0x34);
        bus.write(0x40, 1, 0);
        bus.write(0x40, 1, 0);                   // 0 = 65536
        at(100);
        bus.write(0x43, 1, 0x00);                // latch counter 0
        at(500);
        assertEquals(0x10000 - 100, readWord(0x40));
        assertEquals(0x10000 - 500, readWord(0x40), "the latch is released after both bytes");
    }

    @Test
    void readBackReturnsStatusThenCount() {
        at(0);
        bus.write(0x43, 1, 0xB6);                // counter 2, word, mode 3
        bus.write(0x42, 1, 0x20);
        bus.write(0x42, 1, 0x00);
        pit.setGate(2, true);
        at(3);
        bus.write(0x43, 1, 0xC0 | 1 << 3);       // read-back count and status of counter 2
        int status = bus.read(0x42, 1);
        assertEquals(0x36, status & 0x3F, "RW=11, mode 3, binary");
        assertEquals(0, status & I8254Pit.STATUS_NULL_COUNT);
        assertEquals(0x20 - 6, readWord(0x42));
    }

    @Test
    void nullCountUntilACountIsWritten() {
        bus.write(0x43, 1, 0xE2);                // read-back status of counter 0
        bus.write(0x43, 1, 0x30);
        bus.write(0x43, 1, 0xE2);
        assertTrue((bus.read(0x40, 1) & I8254Pit.STATUS_NULL_COUNT) != 0);
    }

    @Test
    void bcdCounting() {
        at(0);
        bus.write(0x43, 1, 0x31);                // mode 0, BCD
        bus.write(0x40, 1, 0x00);
        bus.write(0x40, 1, 0x10);                // 1000 decimal
        at(1);
        assertEquals(0x0999, readWord(0x40));
    }

    @Test
    void lsbOnlyAndMsbOnlyAccess() {
        at(0);
        bus.write(0x43, 1, 0x14);                // counter 0, LSB only, mode 2
        bus.write(0x40, 1, 50);
        at(10);
        assertEquals(40, bus.read(0x40, 1));
        bus.write(0x43, 1, 0x24);                // MSB only
        bus.write(0x40, 1, 1);                   // count 256
        at(10 + 16);
        assertEquals(0, bus.read(0x40, 1));      // 240 = 0x00F0: MSB 0
    }

    @Test
    void counter2GateThroughPort61() {
        SystemControlPort port61 = new SystemControlPort(pit, () -> nanos);
        port61.attach(bus);
        at(0);
        bus.write(0x43, 1, 0xB0);                // counter 2, mode 0
        bus.write(0x42, 1, 10);
        bus.write(0x42, 1, 0);
        at(20);
        assertEquals(0, bus.read(0x61, 1) & SystemControlPort.TIMER2_OUT, "gate low: not counting");
        bus.write(0x61, 1, SystemControlPort.TIMER2_GATE);
        at(31);
        assertTrue((bus.read(0x61, 1) & SystemControlPort.TIMER2_OUT) != 0);
    }
}
