package org.j386.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;

import org.j386.machine.Attachments;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.RunResult;
import org.j386.machine.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor's control commands against a machine under -no-shutdown, run one step at a time. */
class RunControlTest {
    @TempDir
    Path dir;

    /** mov dx, 0x8900; "Shutdown" out dx, al each; cli; hlt: the Bochs shutdown port. */
    private Machine shuttingDown(boolean noShutdown, boolean noReboot) throws Exception {
        int[] code = new int[4 + 3 * 8 + 2];
        code[0] = 0x66;
        code[1] = 0xBA;
        code[2] = 0x00;
        code[3] = 0x89;
        String s = "Shutdown";
        for (int i = 0; i < s.length(); i++) {
            code[4 + 3 * i] = 0xB0;
            code[5 + 3 * i] = s.charAt(i);
            code[6 + 3 * i] = 0xEE;
        }
        code[code.length - 2] = 0xFA;
        code[code.length - 1] = 0xF4;
        Path k = MainTest.kernel(dir, "shutdown.elf", code);
        MachineConfig c = new MachineConfig(16L << 20, k.toString(), null, null, noReboot, null, null, noShutdown,
                MachineConfig.DEFAULT_RTC_EPOCH_SECONDS, false, VirtualClock.NS_PER_INSTRUCTION);
        return Machine.build(c, Attachments.com1(null));
    }

    @Test
    void noShutdownStopsTheMachineUntilAResetAndCont() throws Exception {
        Machine m = shuttingDown(true, false);
        RunControl control = new RunControl(m, false);
        RunResult r = m.run(1_000);
        assertEquals(RunResult.Kind.STOPPED, r.kind());
        assertTrue(m.isShutDown());
        assertFalse(m.isPoweredOff());
        assertFalse(control.running());
        assertEquals("Resetting the Virtual Machine is required\n", control.execute("cont"));
        assertTrue(control.execute("info registers").contains("\nEIP=0010002a "), "the state where it shut down: after its hlt");
        assertEquals("", control.execute("system_reset"));
        assertFalse(m.isShutDown());
        assertTrue(control.execute("info registers").contains("\nEIP=0010000c "), "rebooted to the entry point");
        assertEquals("", control.execute("cont"));
        assertTrue(control.running());
        // The monitor's commands left a stop request for the run loop: the first run returns at once.
        for (int i = 0; i < 2 && !m.isShutDown(); i++) {
            assertEquals(RunResult.Kind.STOPPED, m.run(1_000).kind());
        }
        assertTrue(m.isShutDown(), "and it shuts down again");
        assertEquals("", control.execute("quit"));
        assertTrue(control.quitRequested());
    }

    @Test
    void withoutNoShutdownTheRunEndsWithStatusZero() throws Exception {
        Machine m = shuttingDown(false, false);
        RunResult r = m.run(1_000);
        assertEquals(RunResult.Kind.POWER_OFF, r.kind());
        assertEquals(0, r.exitStatus());
    }

    @Test
    void systemResetUnderNoRebootShutsDown() throws Exception {
        Machine m = shuttingDown(false, true);
        RunControl control = new RunControl(m, true);
        assertEquals("", control.execute("system_reset"));
        assertTrue(m.isPoweredOff());
        assertEquals(0, m.exitStatus());
    }

    @Test
    void stopAndContToggleRunning() throws Exception {
        Machine m = shuttingDown(true, false);
        RunControl control = new RunControl(m, true);
        assertFalse(control.running());
        control.execute("cont");
        assertTrue(control.running());
        control.execute("stop");
        assertFalse(control.running());
    }
}
