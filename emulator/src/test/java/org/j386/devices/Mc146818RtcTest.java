package org.j386.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MC146818's registers and interrupts (MC146818A datasheet), on a clock moved by hand. */
class Mc146818RtcTest {
    /** 2000-01-01 00:00:00 UTC, a Saturday. */
    private static final long Y2K = 946_684_800L;
    private static final long S = 1_000_000_000L;

    private long nanos;
    private boolean irq8;
    private IoBus bus;
    private Mc146818Rtc rtc;

    @BeforeEach
    void setUp() {
        bus = new IoBus();
        rtc = new Mc146818Rtc(() -> nanos, (irq, level) -> {
            assertEquals(8, irq);
            irq8 = level;
        }, Y2K + 13 * 3600 + 59 * 60 + 58, 128L << 20);
        rtc.attach(bus);
    }

    private int read(int reg) {
        bus.write(0x70, 1, reg);
        return bus.read(0x71, 1);
    }

    private void write(int reg, int value) {
        bus.write(0x70, 1, reg);
        bus.write(0x71, 1, value);
    }

    @Test
    void timeInBcdAnd24Hours() {
        assertEquals(0x58, read(Mc146818Rtc.SECONDS));
        assertEquals(0x59, read(Mc146818Rtc.MINUTES));
        assertEquals(0x13, read(Mc146818Rtc.HOURS));
        assertEquals(0x01, read(Mc146818Rtc.DAY_OF_MONTH));
        assertEquals(0x01, read(Mc146818Rtc.MONTH));
        assertEquals(0x00, read(Mc146818Rtc.YEAR));
        assertEquals(7, read(Mc146818Rtc.DAY_OF_WEEK), "Saturday; Sunday is 1");
        assertEquals(0x20, read(Mc146818Rtc.CMOS_CENTURY));
    }

    @Test
    void timeAdvancesWithTheMachineClock() {
        nanos = 3 * S;
        assertEquals(0x01, read(Mc146818Rtc.SECONDS));
        assertEquals(0x14, read(Mc146818Rtc.HOURS));
        assertEquals(0x00, read(Mc146818Rtc.MINUTES));
    }

    @Test
    void binaryAnd12HourModes() {
        write(Mc146818Rtc.REG_B, Mc146818Rtc.B_DM_BINARY);   // binary, 12-hour
        assertEquals(58, read(Mc146818Rtc.SECONDS));
        assertEquals(0x80 | 1, read(Mc146818Rtc.HOURS), "1 PM");
    }

    @Test
    void setBitFreezesAndWritesTheTime() {
        write(Mc146818Rtc.REG_B, Mc146818Rtc.B_SET | Mc146818Rtc.B_24H);
        write(Mc146818Rtc.HOURS, 0x08);
        write(Mc146818Rtc.MINUTES, 0x30);
        write(Mc146818Rtc.SECONDS, 0x00);
        nanos = 5 * S;
        assertEquals(0x00, read(Mc146818Rtc.SECONDS), "held while SET");
        write(Mc146818Rtc.REG_B, Mc146818Rtc.B_24H);
        nanos = 7 * S;
        assertEquals(0x02, read(Mc146818Rtc.SECONDS));
        assertEquals(0x08, read(Mc146818Rtc.HOURS));
    }

    @Test
    void updateInProgressInTheLast244Microseconds() {
        nanos = S - 1_000_000;
        assertEquals(0, read(Mc146818Rtc.REG_A) & Mc146818Rtc.A_UIP);
        nanos = S - 100_000;
        assertTrue((read(Mc146818Rtc.REG_A) & Mc146818Rtc.A_UIP) != 0);
    }

    @Test
    void periodicInterruptAt1024HzRaisesIrq8UntilCIsRead() {
        write(Mc146818Rtc.REG_B, Mc146818Rtc.B_24H | Mc146818Rtc.B_PIE);
        long period = (S + 1023) / 1024;              // 32 ticks of 32.768 kHz, rounded up to a ns
        assertEquals(period, rtc.nextDeadline(), "first tick at the next 1/1024 s boundary");
        nanos = period - 1;
        rtc.advanceTo(nanos);
        assertFalse(irq8);
        nanos = period;
        rtc.advanceTo(nanos);
        assertTrue(irq8);
        assertEquals(Mc146818Rtc.C_IRQF | Mc146818Rtc.C_PF, read(Mc146818Rtc.REG_C));
        assertFalse(irq8, "reading C lowers IRQ 8");
        assertEquals(0, read(Mc146818Rtc.REG_C));
    }

    @Test
    void flagsAreSetEvenWhenTheirInterruptIsDisabled() {
        nanos = 3 * S;
        rtc.advanceTo(nanos);
        assertFalse(irq8);
        assertEquals(Mc146818Rtc.C_PF | Mc146818Rtc.C_UF, read(Mc146818Rtc.REG_C));
    }

    @Test
    void alarmFiresAtTheMatchingSecond() {
        write(Mc146818Rtc.SECONDS_ALARM, 0x05);
        write(Mc146818Rtc.MINUTES_ALARM, Mc146818Rtc.ALARM_DONT_CARE);
        write(Mc146818Rtc.HOURS_ALARM, Mc146818Rtc.ALARM_DONT_CARE);
        write(Mc146818Rtc.REG_B, Mc146818Rtc.B_24H | Mc146818Rtc.B_AIE);
        nanos = 4 * S;                         // 14:00:02
        rtc.advanceTo(nanos);
        assertFalse(irq8);
        nanos = 7 * S + 1;                     // 14:00:05
        rtc.advanceTo(nanos);
        assertTrue(irq8);
        assertTrue((read(Mc146818Rtc.REG_C) & Mc146818Rtc.C_AF) != 0);
    }

    @Test
    void cmosHoldsMemorySizes() {
        assertEquals(640, read(0x15) | read(0x16) << 8);
        assertEquals(0xFFFF, read(0x17) | read(0x18) << 8, "KiB above 1 MiB, capped at 64 MiB");
        assertEquals(0xFFFF, read(0x30) | read(0x31) << 8);
        assertEquals((128 - 16) * 16, read(0x34) | read(0x35) << 8);
    }

    @Test
    void nmiMaskBitAndCmosScratch() {
        bus.write(0x70, 1, 0x80 | 0x40);
        assertTrue(rtc.nmiMasked());
        bus.write(0x71, 1, 0xA5);
        assertEquals(0xA5, read(0x40));
        assertEquals(Mc146818Rtc.D_VRT, read(Mc146818Rtc.REG_D));
    }
}
