package org.j386.machine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.j386.boot.BootImageException;
import org.j386.cpu.Cpu;
import org.j386.devices.FastA20Port;
import org.j386.devices.IoBus;
import org.j386.devices.Uart16550;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine around the processor: entry state, power-off and reset paths, output gating,
 * idle handling. Device writes that need no guest code are made straight on the I/O bus.
 */
class MachineTest {
    private static final long MIB = 1 << 20;
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A Multiboot ELF kernel at 1 MiB with {@code code} right after its 12-byte header. */
    private Path kernel(int... code) throws IOException {
        ByteBuffer text = ByteBuffer.allocate(12 + code.length).order(ByteOrder.LITTLE_ENDIAN);
        text.putInt(0x1BADB002).putInt(3).putInt(-(0x1BADB002 + 3));
        for (int b : code) {
            text.put((byte) b);
        }
        ByteBuffer f = ByteBuffer.allocate(0x1000 + text.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        f.put(new byte[] {0x7F, 'E', 'L', 'F', 1, 1, 1, 0});
        f.position(16);
        f.putShort((short) 2).putShort((short) 3).putInt(1).putInt(0x10000C).putInt(52).putInt(0).putInt(0)
                .putShort((short) 52).putShort((short) 32).putShort((short) 1).putShort((short) 40)
                .putShort((short) 0).putShort((short) 0);
        f.putInt(1).putInt(0x1000).putInt(0x100000).putInt(0x100000).putInt(text.capacity())
                .putInt(text.capacity()).putInt(7).putInt(0x1000);
        f.put(0x1000, text.array());
        Path p = dir.resolve("k.elf");
        Files.write(p, f.array());
        return p;
    }

    private Machine machine(Path k, boolean noReboot) throws BootImageException {
        MachineConfig c = new MachineConfig(16 * MIB, k.toString(), "a=b", null, noReboot,
                new MachineConfig.PortRange(0xF4, 4));
        return new Machine(c, new StreamSerialBackend(out, false));
    }

    private static final int[] CLI_HLT = {0xFA, 0xF4};

    @Test
    void processorStartsInQemusEntryState() throws Exception {
        Machine m = machine(kernel(CLI_HLT), true);
        Cpu cpu = m.cpu();
        assertEquals(0x2BADB002, cpu.reg(Cpu.EAX));
        assertEquals(0x9500, cpu.reg(Cpu.EBX));
        assertEquals(0x10000C, cpu.reg(Cpu.ECX));
        assertEquals(0x6F14, cpu.reg(Cpu.ESP));
        assertEquals(0x10000C, cpu.eip());
        assertEquals(0x6, cpu.eflags());
        assertEquals(0x11, cpu.cr(0));
        assertEquals(0x08, cpu.segSelector(Cpu.CS));
        assertEquals(0x00CF9A00, cpu.segFlags(Cpu.CS));
        for (int s : new int[] {Cpu.ES, Cpu.SS, Cpu.DS, Cpu.FS, Cpu.GS}) {
            assertEquals(0x10, cpu.segSelector(s));
            assertEquals(0, cpu.segBase(s));
            assertEquals(0xFFFFFFFF, cpu.segLimit(s));
            assertEquals(0x00CF9300, cpu.segFlags(s));
        }
        assertEquals(0x3FF, cpu.idtrLimit());
        assertEquals(0x24F, m.memory().read32(0x9500));
    }

    @Test
    void debugExitWriteEndsTheRunWithItsStatus() throws Exception {
        Machine m = machine(kernel(CLI_HLT), true);
        m.cpu().io().write(0xF4, 1, 0x10);
        RunResult r = m.run(1000);
        assertEquals(RunResult.Kind.POWER_OFF, r.kind());
        assertEquals(0x21, r.exitStatus());
        assertEquals(0, r.instructions(), "the processor does not run once the machine is off");
    }

    @Test
    void firstPowerOffWinsAndSilencesTheSerialPort() throws Exception {
        Machine m = machine(kernel(CLI_HLT), true);
        IoBus io = m.cpu().io();
        io.write(Uart16550.COM1_BASE, 1, 'a');
        io.write(0xF4, 1, 3);
        io.write(Uart16550.COM1_BASE, 1, 'b');
        for (char c : "Shutdown".toCharArray()) {
            io.write(0x8900, 1, c);
        }
        RunResult r = m.run(1000);
        assertEquals(7, r.exitStatus());
        assertEquals("a", out.toString(StandardCharsets.ISO_8859_1));
    }

    /** QEMU isapc's ports by -serial index: COM1..COM4 at 3f8/2f8/3e8/2e8, IRQ 4/3/4/3 (hw/char/serial-isa.c). */
    @Test
    void fourSerialPortsWhereQemusIsapcHasThem() throws Exception {
        int[] bases = {Uart16550.COM1_BASE, Machine.COM2_BASE, Machine.COM3_BASE, Machine.COM4_BASE};
        int[] irqs = {Uart16550.COM1_IRQ, Machine.COM2_IRQ, Machine.COM3_IRQ, Machine.COM4_IRQ};
        assertArrayEquals(new int[] {0x3F8, 0x2F8, 0x3E8, 0x2E8}, bases);
        assertArrayEquals(new int[] {4, 3, 4, 3}, irqs);
        java.util.List<ByteArrayOutputStream> outs = new java.util.ArrayList<>();
        java.util.List<org.j386.devices.SerialBackend> lines = new java.util.ArrayList<>();
        for (int i = 0; i < Machine.SERIAL_PORTS; i++) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            outs.add(o);
            lines.add(new StreamSerialBackend(o, false));
        }
        MachineConfig c = new MachineConfig(16 * MIB, kernel(CLI_HLT).toString(), null, null, true, null);
        Machine m = Machine.build(c, new Attachments(lines, java.util.List.of(), GuestLog.off()));
        IoBus io = m.cpu().io();
        for (int i = 0; i < Machine.SERIAL_PORTS; i++) {
            io.write(bases[i] + Uart16550.THR, 1, 'a' + i);
            assertSame(m.serial(i), i == 0 ? m.com1() : i == 1 ? m.com2() : m.serial(i));
        }
        m.flushAll();
        for (int i = 0; i < Machine.SERIAL_PORTS; i++) {
            assertEquals(String.valueOf((char) ('a' + i)), outs.get(i).toString(StandardCharsets.ISO_8859_1), "COM" + (i + 1));
        }
        for (int i : new int[] {2, 3}) {
            assertEquals(0, m.pic().master().irr() & (1 << irqs[i]), "COM" + (i + 1) + " quiet before IER");
            // A THR-empty interrupt: enabled while THR is empty, it is pending at once.
            io.write(bases[i] + Uart16550.IER, 1, Uart16550.IER_ETBEI);
            assertEquals(1 << irqs[i], m.pic().master().irr() & (1 << irqs[i]), "COM" + (i + 1) + " raises IRQ " + irqs[i]);
            io.write(bases[i] + Uart16550.IER, 1, 0);
        }
    }

    /** -serial none: that index has no port at all; the next -serial still takes the next port. */
    @Test
    void aMissingSerialPortDecodesNothing() throws Exception {
        ByteArrayOutputStream com2 = new ByteArrayOutputStream();
        MachineConfig c = new MachineConfig(16 * MIB, kernel(CLI_HLT).toString(), null, null, true, null);
        Machine m = Machine.build(c, new Attachments(java.util.Arrays.asList(null, new StreamSerialBackend(com2, false)),
                java.util.List.of(), GuestLog.off()));
        assertNull(m.com1());
        assertNull(m.serial(2));
        IoBus io = m.cpu().io();
        io.write(Uart16550.COM1_BASE + Uart16550.THR, 1, 'x');
        assertEquals(0xFF, io.read(Uart16550.COM1_BASE + Uart16550.LSR, 1), "nothing answers at 0x3fd");
        io.write(Machine.COM2_BASE + Uart16550.THR, 1, 'y');
        m.flushAll();
        assertEquals("y", com2.toString(StandardCharsets.ISO_8859_1));
        assertEquals(RunResult.Kind.HUNG, m.run(1000).kind(), "the machine runs without COM1");
    }

    @Test
    void bochsShutdownPortPowersOffWithStatusZero() throws Exception {
        Machine m = machine(kernel(CLI_HLT), true);
        for (char c : "Shutdown".toCharArray()) {
            m.cpu().io().write(0x8900, 1, c);
        }
        RunResult r = m.run(1000);
        assertEquals(RunResult.Kind.POWER_OFF, r.kind());
        assertEquals(0, r.exitStatus());
    }

    @Test
    void resetUnderNoRebootPowersOffWithStatusZero() throws Exception {
        Machine m = machine(kernel(CLI_HLT), true);
        m.cpu().io().write(FastA20Port.PORT, 1, 1);    // port 0x92 bit 0: fast reset
        RunResult r = m.run(1000);
        assertEquals(RunResult.Kind.POWER_OFF, r.kind());
        assertEquals(0, r.exitStatus());
    }

    @Test
    void resetRebootsWithTheKernelLoadedAgainAndRamKept() throws Exception {
        Machine m = machine(kernel(CLI_HLT), false);
        Cpu before = m.cpu();
        m.memory().write32(0x9500, 0xDEAD);       // the loader's info structure, clobbered
        m.memory().write32(0x300000, 0x1234);     // ordinary RAM
        before.io().write(FastA20Port.PORT, 1, 1);
        RunResult r = m.run(1000);
        assertEquals(RunResult.Kind.HUNG, r.kind(), "rebooted, then cli; hlt");
        assertNotSame(before, m.cpu());
        assertEquals(0x24F, m.memory().read32(0x9500));
        assertEquals(0x1234, m.memory().read32(0x300000));
        assertEquals(2, r.instructions(), "cli, hlt after the reboot");
    }

    @Test
    void haltWithInterruptsOffIsAHang() throws Exception {
        Machine m = machine(kernel(CLI_HLT), true);
        RunResult r = m.run(1_000_000);
        assertEquals(RunResult.Kind.HUNG, r.kind());
        assertEquals(2, r.instructions());
    }

    @Test
    void haltWithInterruptsOnButNoTimerIsAHang() throws Exception {
        Machine m = machine(kernel(0xFB, 0xF4), true);    // sti; hlt
        assertEquals(RunResult.Kind.HUNG, m.run(1_000_000).kind());
    }

    @Test
    void idleTimeSpendsTheBudgetAndAdvancesTheClock() throws Exception {
        // mask all IRQs; PIT counter 0 mode 2, count 0x1000; sti; hlt; jmp back to hlt
        Machine m = machine(kernel(
                0xB0, 0xFF, 0xE6, 0x21,              // mov al, 0xff; out 0x21, al
                0xB0, 0x34, 0xE6, 0x43,              // mov al, 0x34; out 0x43, al
                0xB0, 0x00, 0xE6, 0x40,              // mov al, 0; out 0x40, al
                0xB0, 0x10, 0xE6, 0x40,              // mov al, 0x10; out 0x40, al
                0xFB, 0xF4, 0xEB, 0xFD), true);      // sti; hlt; jmp hlt
        long budget = 10_000_000;
        RunResult r = m.run(budget);
        assertEquals(RunResult.Kind.BUDGET, r.kind(), "the masked timer never wakes it, but time passes");
        assertTrue(r.instructions() < 100, "halted, not spinning: " + r.instructions());
        assertTrue(m.clock().nanos() >= budget * VirtualClock.NS_PER_INSTRUCTION / 2, "clock " + m.clock().nanos());
    }
}
