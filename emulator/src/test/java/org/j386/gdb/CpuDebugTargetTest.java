package org.j386.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.j386.cpu.Cpu;
import org.junit.jupiter.api.Test;

/**
 * The debug target through the protocol for the cases the basic session does not reach: real
 * mode (addresses are linear, EIP is not), segment writes, a halted processor, the guest's end.
 */
class CpuDebugTargetTest {
    private static final String STOP_TRAP = "T05thread:p01.01;";

    private static RspClient open(TinyGuest g) throws Exception {
        RspClient c = new RspClient(g.port());
        c.ask("qSupported:multiprocess+");
        return c;
    }

    private static int register(RspClient c, int n) throws Exception {
        return Hex.fromLe32(Hex.decode(c.ask("p" + Integer.toHexString(n))));
    }

    @Test
    void realModeStepsEipAndBreaksOnLinearAddresses() throws Exception {
        TinyGuest guest = new TinyGuest(true);
        // 0100:0000 = linear 0x1000: the same loop, now 16-bit code in real mode.
        guest.cpu.setCr(0, 0);
        guest.cpu.loadSegmentCache(Cpu.CS, 0x100, 0x1000, 0xFFFF, 0x00009B00);
        guest.cpu.setEip(0);
        try (TinyGuest g = guest.start(); RspClient c = open(g)) {
            assertEquals(0x100, register(c, I386Registers.CS));
            assertEquals(0, register(c, I386Registers.EIP));
            assertEquals(STOP_TRAP, c.ask("vCont;s:p1.1;c:p1.-1"));
            assertEquals(1, register(c, I386Registers.EIP));         // inc ax, one byte
            // As QEMU: gdb's addresses are linear and no segment base is added for it.
            assertEquals("a3", c.ask("m1001,1"));
            // A breakpoint at linear CS.base + 6 (inc bx after a 3-byte mov [0x2000],ax in 16-bit code: a3 00 20)
            assertEquals(STOP_TRAP, c.ask("s"));
            int eip = register(c, I386Registers.EIP);
            assertEquals(4, eip);                                    // a3 00 20 is 3 bytes with a 16-bit address
            assertEquals("OK", c.ask("Z0,1004,1"));
            assertEquals(STOP_TRAP, c.ask("c"));
            assertEquals(4, register(c, I386Registers.EIP));
            // Writing a selector in real mode reloads the base: selector * 16.
            assertEquals("OK", c.ask("P" + Integer.toHexString(I386Registers.CS + 2) + "=34120000"));   // ds
            assertEquals(0x1234 << 4, g.cpu.segBase(Cpu.DS));
        }
    }

    @Test
    void protectedModeSelectorWritesReadTheGdt() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start(); RspClient c = open(g)) {
            String fs = "P" + Integer.toHexString(I386Registers.CS + 4);
            assertEquals("OK", c.ask(fs + "=08000000"));
            assertEquals(8, g.cpu.segSelector(Cpu.FS));
            assertEquals(0x00C09B00, g.cpu.segFlags(Cpu.FS));      // attribute bits only, as Cpu keeps them
            assertEquals(0xFFFFFFFF, g.cpu.segLimit(Cpu.FS));
            assertEquals("E01", c.ask(fs + "=30000000"));                // beyond the GDT limit
            assertEquals(8, g.cpu.segSelector(Cpu.FS));
            assertEquals("OK", c.ask(fs + "=00000000"));                 // null: an unusable data segment
            assertEquals("E01", c.ask("P" + Integer.toHexString(I386Registers.CS) + "=00000000"));
            assertEquals("OK", c.ask("P" + Integer.toHexString(I386Registers.FS_BASE) + "=00100000"));
            assertEquals(0x1000, g.cpu.segBase(Cpu.FS));
            assertEquals("OK", c.ask("P" + Integer.toHexString(I386Registers.CR2) + "=efbeadde"));
            assertEquals(0xDEADBEEF, g.cpu.cr(2));
        }
    }

    @Test
    void steppingAHaltedProcessorWaitsForTheInterruptThatWakesIt() throws Exception {
        try (TinyGuest g = new TinyGuest(true).start(); RspClient c = open(g)) {
            assertEquals("OK", c.ask("M1006,1:f4"));                       // hlt instead of inc ebx
            assertEquals("OK", c.ask("P8=06100000"));
            assertEquals("OK", c.ask("P9=02020000"));                      // IF
            assertEquals(STOP_TRAP, c.ask("s"));
            assertEquals(TinyGuest.JMP, register(c, I386Registers.EIP));
            // Halted: a step waits; Ctrl-C ends the wait.
            c.send("s");
            c.sendRaw(new byte[] {0x03});
            assertEquals("T02thread:p01.01;", c.reply());
            assertEquals(0, g.pic.acknowledged);
            // An interrupt wakes it: the handler's iret retires and the step ends after it.
            c.send("s");
            g.pic.raise();
            assertEquals(STOP_TRAP, c.reply());
            assertEquals(1, g.pic.acknowledged);
            assertEquals(TinyGuest.JMP, register(c, I386Registers.EIP));
        }
    }

    @Test
    void aGuestThatShutsDownEndsTheSession() throws Exception {
        TinyGuest guest = new TinyGuest(true);
        guest.cpu.setIdtr(0, 0);            // every exception escalates to a triple fault
        guest.memory.write8(0x6000, 0x0F);  // ud2
        guest.memory.write8(0x6001, 0x0B);
        try (TinyGuest g = guest.start(); RspClient c = open(g)) {
            assertEquals("OK", c.ask("P8=00600000"));
            assertEquals("W00", c.ask("c"));
            assertTrue(g.awaitEmulatorEnd());
            assertFalse(g.target.killed());
        }
    }
}
