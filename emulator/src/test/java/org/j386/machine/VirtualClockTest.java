package org.j386.machine;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Machine time per instruction (-icount shift=N) and on the host's clock (-rtc clock=host). */
class VirtualClockTest {
    @TempDir
    Path dir;

    /** A Multiboot ELF at 1 MiB whose code is {@code jmp $}. */
    private Path spinner() throws Exception {
        ByteBuffer f = ByteBuffer.allocate(0x1000 + 14).order(ByteOrder.LITTLE_ENDIAN);
        f.put(new byte[] {0x7F, 'E', 'L', 'F', 1, 1, 1, 0});
        f.position(16);
        f.putShort((short) 2).putShort((short) 3).putInt(1).putInt(0x10000C).putInt(52).putInt(0).putInt(0)
                .putShort((short) 52).putShort((short) 32).putShort((short) 1).putShort((short) 40)
                .putShort((short) 0).putShort((short) 0);
        f.putInt(1).putInt(0x1000).putInt(0x100000).putInt(0x100000).putInt(14).putInt(14).putInt(7).putInt(0x1000);
        f.position(0x1000);
        f.putInt(0x1BADB002).putInt(3).putInt(-(0x1BADB002 + 3)).put((byte) 0xEB).put((byte) 0xFE);
        Path p = dir.resolve("spin.elf");
        Files.write(p, f.array());
        return p;
    }

    private Machine machine(long nsPerInstruction, boolean host) throws Exception {
        MachineConfig c = new MachineConfig(16L << 20, spinner().toString(), null, null, true, null, null, false,
                MachineConfig.DEFAULT_RTC_EPOCH_SECONDS, host, nsPerInstruction);
        return Machine.build(c, Attachments.com1(null));
    }

    @Test
    void virtualTimeIsInstructionsTimesTheInstructionTime() throws Exception {
        for (long ns : new long[] {VirtualClock.NS_PER_INSTRUCTION, 1, 8, 1024}) {
            Machine m = machine(ns, false);
            RunResult r = m.run(5_000);
            assertEquals(5_000, r.instructions());
            assertEquals(5_000 * ns, m.clock().nanos(), "ns per instruction " + ns);
            assertFalse(m.clock().followsHost());
        }
    }

    @Test
    void hostTimeMovesWithoutInstructions() throws Exception {
        Machine virtual = machine(VirtualClock.NS_PER_INSTRUCTION, false);
        Machine host = machine(VirtualClock.NS_PER_INSTRUCTION, true);
        assertTrue(host.clock().followsHost());
        long v0 = virtual.clock().nanos();
        long h0 = host.clock().nanos();
        long wait = System.nanoTime() + 2_000_000;
        while (System.nanoTime() < wait) {
            Thread.onSpinWait();
        }
        assertEquals(0, host.instructions());
        assertEquals(v0, virtual.clock().nanos(), "virtual time stands still while nothing runs");
        assertTrue(host.clock().nanos() - h0 >= 2_000_000, "host time went on without the guest");
    }
}
