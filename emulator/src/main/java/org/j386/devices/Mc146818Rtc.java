package org.j386.devices;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The Motorola MC146818 real-time clock and its CMOS RAM (MC146818A datasheet), at ports 0x70
 * (index, bit 7 masks NMI) and 0x71 (data), interrupting on IRQ 8.
 *
 * <p>Time is the machine clock plus an offset: by default the machine clock is virtual and the
 * RTC starts at a fixed date, so every run reads the same time. Registers are computed when read,
 * in BCD or binary and in 12- or 24-hour form as status register B says. The periodic, alarm and
 * update-ended interrupts set their flags in register C and raise IRQ 8 while enabled in B;
 * reading C clears them. Daylight saving (B.DSE) and the square-wave output are not modelled.
 */
public final class Mc146818Rtc implements IoDevice, TimedDevice {
    public static final int INDEX_PORT = 0x70;
    public static final int DATA_PORT = 0x71;
    public static final int IRQ = 8;
    /** Bit 7 of a write to the index port masks NMI; the index is the low 7 bits. */
    public static final int INDEX_NMI_MASK = 1 << 7;

    // Time and alarm registers.
    public static final int SECONDS = 0x00, SECONDS_ALARM = 0x01, MINUTES = 0x02, MINUTES_ALARM = 0x03;
    public static final int HOURS = 0x04, HOURS_ALARM = 0x05, DAY_OF_WEEK = 0x06, DAY_OF_MONTH = 0x07;
    public static final int MONTH = 0x08, YEAR = 0x09;
    /** Register A: UIP, divider select DV2-0 and rate select RS3-0. */
    public static final int REG_A = 0x0A;
    public static final int A_UIP = 1 << 7;
    public static final int A_DV_SHIFT = 4;
    public static final int A_DV_MASK = 7 << A_DV_SHIFT;
    /** DV = 010: the 32.768 kHz time base, running. */
    public static final int A_DV_32KHZ = 2 << A_DV_SHIFT;
    public static final int A_RS_MASK = 0x0F;
    /** Register B: SET, PIE, AIE, UIE, SQWE, DM (binary), 24/12, DSE. */
    public static final int REG_B = 0x0B;
    public static final int B_SET = 1 << 7, B_PIE = 1 << 6, B_AIE = 1 << 5, B_UIE = 1 << 4;
    public static final int B_SQWE = 1 << 3, B_DM_BINARY = 1 << 2, B_24H = 1 << 1, B_DSE = 1 << 0;
    /** Register C (read-only, cleared by a read): IRQF, PF, AF, UF. */
    public static final int REG_C = 0x0C;
    public static final int C_IRQF = 1 << 7, C_PF = 1 << 6, C_AF = 1 << 5, C_UF = 1 << 4;
    /** Register D: VRT, the battery is good. */
    public static final int REG_D = 0x0D;
    public static final int D_VRT = 1 << 7;
    /** An alarm byte of 0xC0-0xFF matches any value ("don't care"). */
    public static final int ALARM_DONT_CARE = 0xC0;

    // CMOS RAM locations an IBM PC/AT BIOS and QEMU fill in.
    public static final int CMOS_BASE_MEM_LO = 0x15, CMOS_BASE_MEM_HI = 0x16;
    public static final int CMOS_EXT_MEM_LO = 0x17, CMOS_EXT_MEM_HI = 0x18;
    public static final int CMOS_EXT_MEM2_LO = 0x30, CMOS_EXT_MEM2_HI = 0x31;
    public static final int CMOS_CENTURY = 0x32;
    public static final int CMOS_HIGH_MEM_LO = 0x34, CMOS_HIGH_MEM_HI = 0x35;
    public static final int CMOS_SIZE = 128;

    /** The update cycle: UIP is set for this long before each second's update (tBUC + tUC, 244 us). */
    public static final long UIP_NS = 244_000;
    private static final long NS_PER_S = 1_000_000_000L;
    private static final long BASE_HZ = 32_768;

    private final Clock clock;
    private final IrqSink irqSink;
    private final byte[] cmos = new byte[CMOS_SIZE];
    private int index;
    private boolean nmiMasked;
    /** RTC time in ns since the Unix epoch = clock.nanos() + offsetNanos. */
    private long offsetNanos;
    /** While B.SET holds the clock, the frozen time in seconds since the epoch. */
    private long frozenSeconds;
    private int flagsC;
    private boolean irqLevel;
    /** Machine time up to which periodic, update and alarm events have been accounted. */
    private long checkedUpTo;

    /** An RTC reading {@code epochSeconds} (UTC) at machine time 0, for {@code ramBytes} of RAM. */
    public Mc146818Rtc(Clock clock, IrqSink irqSink, long epochSeconds, long ramBytes) {
        this.clock = clock;
        this.irqSink = irqSink;
        this.offsetNanos = epochSeconds * NS_PER_S;
        cmos[REG_A] = (byte) (A_DV_32KHZ | 6);   // 1024 Hz periodic rate, the PC BIOS default
        cmos[REG_B] = (byte) B_24H;
        cmos[REG_D] = (byte) D_VRT;
        fillMemorySize(ramBytes);
        cmos[CMOS_CENTURY] = (byte) toBcd(utc(epochSeconds).getYear() / 100);
    }

    /** The memory-size bytes a BIOS reports from: base, extended (1-64 MiB) and above 16 MiB. */
    private void fillMemorySize(long ramBytes) {
        int baseKiB = 640;
        long extKiB = Math.min(Math.max(ramBytes - (1 << 20), 0) / 1024, 0xFFFF);
        long highUnits = Math.min(Math.max(ramBytes - (16 << 20), 0) / 65536, 0xFFFF);
        cmos[CMOS_BASE_MEM_LO] = (byte) baseKiB;
        cmos[CMOS_BASE_MEM_HI] = (byte) (baseKiB >>> 8);
        cmos[CMOS_EXT_MEM_LO] = cmos[CMOS_EXT_MEM2_LO] = (byte) extKiB;
        cmos[CMOS_EXT_MEM_HI] = cmos[CMOS_EXT_MEM2_HI] = (byte) (extKiB >>> 8);
        cmos[CMOS_HIGH_MEM_LO] = (byte) highUnits;
        cmos[CMOS_HIGH_MEM_HI] = (byte) (highUnits >>> 8);
    }

    public void attach(IoBus bus) {
        bus.register(INDEX_PORT, 2, this);
    }

    public boolean nmiMasked() {
        return nmiMasked;
    }

    public int cmosByte(int address) {
        return cmos[address & (CMOS_SIZE - 1)] & 0xFF;
    }

    // ---------------------------------------------------------------- time

    private boolean running() {
        return (cmos[REG_A] & A_DV_MASK) == A_DV_32KHZ && (cmos[REG_B] & B_SET) == 0;
    }

    private long rtcNanos(long machineNanos) {
        return machineNanos + offsetNanos;
    }

    private long seconds() {
        return (cmos[REG_B] & B_SET) != 0 ? frozenSeconds : Math.floorDiv(rtcNanos(clock.nanos()), NS_PER_S);
    }

    private static LocalDateTime utc(long epochSeconds) {
        return LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
    }

    private static int toBcd(int v) {
        return v / 10 << 4 | v % 10;
    }

    private static int fromBcd(int v) {
        return (v >>> 4) * 10 + (v & 0xF);
    }

    private boolean binary() {
        return (cmos[REG_B] & B_DM_BINARY) != 0;
    }

    private int encode(int v) {
        return binary() ? v : toBcd(v);
    }

    private int decode(int v) {
        return binary() ? v : fromBcd(v);
    }

    /** Hours in the register's form: 24-hour, or 1-12 with bit 7 for PM. */
    private int encodeHours(int h) {
        if ((cmos[REG_B] & B_24H) != 0) {
            return encode(h);
        }
        int h12 = h % 12 == 0 ? 12 : h % 12;
        return encode(h12) | (h >= 12 ? 0x80 : 0);
    }

    private int decodeHours(int v) {
        if ((cmos[REG_B] & B_24H) != 0) {
            return decode(v);
        }
        int h = decode(v & 0x7F) % 12;
        return (v & 0x80) != 0 ? h + 12 : h;
    }

    private int timeRegister(int reg, LocalDateTime t) {
        return switch (reg) {
            case SECONDS -> encode(t.getSecond());
            case MINUTES -> encode(t.getMinute());
            case HOURS -> encodeHours(t.getHour());
            case DAY_OF_WEEK -> encode(t.getDayOfWeek().getValue() % 7 + 1);   // Sunday = 1
            case DAY_OF_MONTH -> encode(t.getDayOfMonth());
            case MONTH -> encode(t.getMonthValue());
            default -> encode(t.getYear() % 100);
        };
    }

    /** A write to a time register while SET holds the clock. */
    private void writeTime(int reg, int value) {
        LocalDateTime t = utc(frozenSeconds);
        switch (reg) {
            case SECONDS -> t = t.withSecond(Math.min(decode(value), 59));
            case MINUTES -> t = t.withMinute(Math.min(decode(value), 59));
            case HOURS -> t = t.withHour(Math.min(decodeHours(value), 23));
            case DAY_OF_MONTH -> t = t.withDayOfMonth(Math.max(1, Math.min(decode(value), t.toLocalDate().lengthOfMonth())));
            case MONTH -> t = t.withMonth(Math.max(1, Math.min(decode(value), 12)));
            case YEAR -> t = t.withYear(fromBcd(cmos[CMOS_CENTURY] & 0xFF) * 100 + Math.min(decode(value), 99));
            default -> { }   // the day of week follows from the date
        }
        frozenSeconds = t.toEpochSecond(ZoneOffset.UTC);
    }

    // ---------------------------------------------------------------- events

    /**
     * Periodic interrupt period in 32.768 kHz time-base ticks for the current RS bits, or 0 when
     * RS = 0. The divider chain also makes the seconds, so periodic ticks line up with them.
     */
    private long periodicTicks() {
        int rs = cmos[REG_A] & A_RS_MASK;
        if (rs == 0) {
            return 0;
        }
        return 1L << (rs <= 2 ? rs + 6 : rs - 1);   // RS 1 and 2 repeat rates 8 and 9 (256 and 128 Hz)
    }

    /** Time-base ticks at RTC time {@code rtcNanos}. */
    private static long baseTicks(long rtcNanos) {
        return Math.floorDiv(rtcNanos, NS_PER_S) * BASE_HZ + Math.floorMod(rtcNanos, NS_PER_S) * BASE_HZ / NS_PER_S;
    }

    /** The first RTC time at which {@link #baseTicks} reaches {@code tick}. */
    private static long nanosOfTick(long tick) {
        return Math.floorDiv(tick, BASE_HZ) * NS_PER_S + (Math.floorMod(tick, BASE_HZ) * NS_PER_S + BASE_HZ - 1) / BASE_HZ;
    }

    /** Accounts the events between {@link #checkedUpTo} and {@code now}, setting flags in C. */
    private void catchUp(long now) {
        if (now <= checkedUpTo) {
            return;
        }
        long from = checkedUpTo;
        checkedUpTo = now;
        if (!running()) {
            return;
        }
        long period = periodicTicks();
        if (period != 0 && baseTicks(rtcNanos(now)) / period != baseTicks(rtcNanos(from)) / period) {
            flagsC |= C_PF;
        }
        long s0 = Math.floorDiv(rtcNanos(from), NS_PER_S);
        long s1 = Math.floorDiv(rtcNanos(now), NS_PER_S);
        if (s1 != s0) {
            flagsC |= C_UF;
            for (long s = Math.max(s0 + 1, s1 - 86_400); s <= s1; s++) {
                if (alarmMatches(utc(s))) {
                    flagsC |= C_AF;
                    break;
                }
            }
        }
        updateIrq();
    }

    private boolean alarmMatches(LocalDateTime t) {
        return alarmField(SECONDS_ALARM, SECONDS, t) && alarmField(MINUTES_ALARM, MINUTES, t)
                && alarmField(HOURS_ALARM, HOURS, t);
    }

    private boolean alarmField(int alarmReg, int timeReg, LocalDateTime t) {
        int alarm = cmos[alarmReg] & 0xFF;
        return (alarm & ALARM_DONT_CARE) == ALARM_DONT_CARE || alarm == timeRegister(timeReg, t);
    }

    private void updateIrq() {
        int enabled = cmos[REG_B] & (B_PIE | B_AIE | B_UIE);
        // The flag bits of C (6-4) line up with their enables in B (PIE, AIE, UIE).
        boolean irq = (flagsC & enabled & (C_PF | C_AF | C_UF)) != 0;
        if (irq) {
            flagsC |= C_IRQF;
        }
        if (irq != irqLevel) {
            irqLevel = irq;
            irqSink.setIrq(IRQ, irq);
        }
    }

    @Override
    public long nextDeadline() {
        if (!running() || irqLevel) {
            return NEVER;
        }
        int b = cmos[REG_B];
        long now = rtcNanos(checkedUpTo);
        long next = NEVER;
        long period = periodicTicks();
        if ((b & B_PIE) != 0 && period != 0) {
            next = nanosOfTick((baseTicks(now) / period + 1) * period);
        }
        if ((b & (B_UIE | B_AIE)) != 0) {
            next = Math.min(next, (Math.floorDiv(now, NS_PER_S) + 1) * NS_PER_S);
        }
        return next == NEVER ? NEVER : next - offsetNanos;
    }

    @Override
    public void advanceTo(long now) {
        catchUp(now);
    }

    // ---------------------------------------------------------------- ports

    @Override
    public int ioRead(int port, int size) {
        if (port == INDEX_PORT) {
            return 0xFF;   // the index register is write-only on a PC
        }
        long now = clock.nanos();
        catchUp(now);
        switch (index) {
            case SECONDS, MINUTES, HOURS, DAY_OF_WEEK, DAY_OF_MONTH, MONTH, YEAR:
                return timeRegister(index, utc(seconds()));
            case REG_A: {
                long intoSecond = Math.floorMod(rtcNanos(now), NS_PER_S);
                boolean uip = running() && intoSecond >= NS_PER_S - UIP_NS;
                return cmos[REG_A] & ~A_UIP & 0xFF | (uip ? A_UIP : 0);
            }
            case REG_C: {
                int c = flagsC;
                flagsC = 0;
                updateIrq();
                return c;
            }
            case REG_D:
                return D_VRT;
            default:
                return cmos[index] & 0xFF;
        }
    }

    @Override
    public void ioWrite(int port, int size, int value) {
        if (port == INDEX_PORT) {
            index = value & (CMOS_SIZE - 1);
            nmiMasked = (value & INDEX_NMI_MASK) != 0;
            return;
        }
        long now = clock.nanos();
        catchUp(now);
        switch (index) {
            case SECONDS, MINUTES, HOURS, DAY_OF_WEEK, DAY_OF_MONTH, MONTH, YEAR:
                if ((cmos[REG_B] & B_SET) != 0) {
                    writeTime(index, value);
                } else {
                    frozenSeconds = seconds();
                    writeTime(index, value);
                    offsetNanos = frozenSeconds * NS_PER_S - now;
                }
                break;
            case REG_A:
                cmos[REG_A] = (byte) (value & ~A_UIP);
                break;
            case REG_B: {
                boolean wasSet = (cmos[REG_B] & B_SET) != 0;
                boolean set = (value & B_SET) != 0;
                if (set && !wasSet) {
                    frozenSeconds = seconds();
                }
                // SET also clears UIE (datasheet: "UIE is cleared when SET is written to 1").
                cmos[REG_B] = (byte) (set ? value & ~B_UIE : value);
                if (!set && wasSet) {
                    offsetNanos = frozenSeconds * NS_PER_S - now;
                }
                updateIrq();
                break;
            }
            case REG_C, REG_D:
                break;   // read-only
            default:
                cmos[index] = (byte) value;
                break;
        }
    }
}
