package org.j386.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.j386.machine.GuestLog;
import org.j386.machine.MachineConfig;
import org.j386.machine.VirtualClock;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What the new options turn into, before any machine is built. */
class OptionsTest {
    private static Options parse(String... extra) throws UsageException {
        String[] args = new String[extra.length + 2];
        args[0] = "-kernel";
        args[1] = "k.elf";
        System.arraycopy(extra, 0, args, 2, extra.length);
        return Options.parse(args);
    }

    @Test
    void icountShiftIsTwoToTheNNanoseconds() throws UsageException {
        assertEquals(VirtualClock.NS_PER_INSTRUCTION, parse().nsPerInstruction);
        assertEquals(1, parse("-icount", "shift=0").nsPerInstruction);
        assertEquals(8, parse("-icount", "3").nsPerInstruction);
        assertEquals(1024, parse("-icount", "shift=10").nsPerInstruction);
    }

    @Test
    void rtcBaseAndClock() throws UsageException {
        assertEquals(MachineConfig.DEFAULT_RTC_EPOCH_SECONDS, parse().rtcEpochSeconds);
        assertEquals(MachineConfig.DEFAULT_RTC_EPOCH_SECONDS, parse("-rtc", "base=2000-01-01T00:00:00").rtcEpochSeconds);
        assertEquals(1_150_560_081L, parse("-rtc", "base=2006-06-17T16:01:21").rtcEpochSeconds);
        assertEquals(1_150_502_400L, parse("-rtc", "base=2006-06-17,clock=vm").rtcEpochSeconds);
        assertFalse(parse("-rtc", "clock=vm").rtcHostClock);
        assertTrue(parse("-rtc", "clock=host").rtcHostClock);
        long now = System.currentTimeMillis() / 1000;
        long utc = parse("-rtc", "base=utc").rtcEpochSeconds;
        assertTrue(utc >= now && utc <= now + 60, "base=utc is the host's time: " + utc);
    }

    @Test
    void consolesFollowQemuDefaults() throws UsageException {
        Options plain = parse();
        assertEquals(CharSpec.Kind.STDIO, plain.serials.get(0).kind());
        assertNull(plain.monitor);
        Options nographic = parse("-nographic");
        assertEquals(CharSpec.Kind.MUX_STDIO, nographic.serials.get(0).kind());
        Options withFile = parse("-nographic", "-serial", "file:out.txt");
        assertEquals(CharSpec.Kind.FILE, withFile.serials.get(0).kind());
        assertEquals(CharSpec.Kind.STDIO, withFile.monitor.kind(), "-nographic puts the monitor on stdio");
        Options noMonitor = parse("-nographic", "-monitor", "none");
        assertEquals(CharSpec.Kind.STDIO, noMonitor.serials.get(0).kind(), "no multiplexer without a monitor");
        Options two = parse("-serial", "null", "-serial", "stdio");
        assertEquals(2, two.serials.size());
        Options four = parse("-serial", "none", "-serial", "null", "-serial", "file:com3.txt", "-serial", "mon:stdio");
        assertEquals(List.of(CharSpec.Kind.NONE, CharSpec.Kind.NULL, CharSpec.Kind.FILE, CharSpec.Kind.MUX_STDIO),
                four.serials.stream().map(CharSpec::kind).toList(), "each -serial the next port, none included");
        Options none = parse("-serial", "none");
        assertEquals(List.of(CharSpec.Kind.NONE), none.serials.stream().map(CharSpec::kind).toList(), "no default COM1");
        Options noneGraphic = parse("-nographic", "-serial", "none");
        assertEquals(CharSpec.Kind.STDIO, noneGraphic.monitor.kind(), "-nographic: the monitor alone on stdio");
        assertEquals("tcp::1234", parse("-s").gdb);
    }

    @Test
    void logItemsAndDebugConsoles() throws UsageException {
        Options o = parse("-d", "int,cpu_reset", "-D", "x.log", "-debugcon", "file:dc.txt",
                "-chardev", "stdio,id=s", "-serial", "null", "-device", "isa-debugcon,iobase=0x402,chardev=s");
        assertTrue(o.logItems.contains(GuestLog.Item.INT));
        assertTrue(o.logItems.contains(GuestLog.Item.CPU_RESET));
        assertEquals("x.log", o.logFile);
        assertEquals(0xE9, o.debugcons.get(0).port());
        assertEquals(0x402, o.debugcons.get(1).port());
        assertEquals(CharSpec.Kind.CHARDEV, o.debugcons.get(1).dev().kind());
    }
}
