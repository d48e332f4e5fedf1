package org.j386.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 8042, port 0x92, the POST port and the debug console. */
class I8042ControllerTest {
    private IoBus bus;
    private final boolean[] irq = new boolean[16];
    private int resets;
    private boolean a20 = true;
    private I8042Controller kbc;

    private final SystemControl system = new SystemControl() {
        @Override
        public void requestReset() {
            resets++;
        }

        @Override
        public void setA20(boolean enabled) {
            a20 = enabled;
        }

        @Override
        public boolean a20() {
            return a20;
        }
    };

    @BeforeEach
    void setUp() {
        bus = new IoBus();
        kbc = new I8042Controller((line, level) -> irq[line] = level, system);
        kbc.attach(bus);
    }

    private int status() {
        return bus.read(0x64, 1);
    }

    @Test
    void selfTestAnswers55AndSetsSys() {
        bus.write(0x64, 1, 0xAA);
        assertTrue((status() & I8042Controller.STATUS_OBF) != 0);
        assertEquals(0x55, bus.read(0x60, 1));
        assertEquals(0, status() & I8042Controller.STATUS_OBF);
        assertTrue((status() & I8042Controller.STATUS_SYS) != 0);
    }

    @Test
    void commandByteReadAndWrite() {
        bus.write(0x64, 1, 0x60);
        bus.write(0x60, 1, 0x47);
        bus.write(0x64, 1, 0x20);
        assertEquals(0x47, bus.read(0x60, 1));
    }

    @Test
    void keyboardOutputRaisesIrq1WhenEnabled() {
        bus.write(0x64, 1, 0xAA);
        assertTrue(irq[1]);
        bus.read(0x60, 1);
        assertFalse(irq[1]);
        bus.write(0x64, 1, 0x60);
        bus.write(0x60, 1, 0x00);                         // interrupts off
        bus.write(0x64, 1, 0xAA);
        assertFalse(irq[1]);
    }

    @Test
    void outputPortDrivesA20AndReset() {
        bus.write(0x64, 1, 0xD1);
        bus.write(0x60, 1, I8042Controller.OUT_RESET);    // A20 off, reset line high
        assertFalse(a20);
        bus.write(0x64, 1, 0xD0);
        assertEquals(I8042Controller.OUT_RESET, bus.read(0x60, 1) & 3);
        bus.write(0x64, 1, 0xD1);
        bus.write(0x60, 1, I8042Controller.OUT_RESET | I8042Controller.OUT_A20);
        assertTrue(a20);
        assertEquals(0, resets);
    }

    @Test
    void pulseResetCommand() {
        bus.write(0x64, 1, 0xFE);
        assertEquals(1, resets);
        bus.write(0x64, 1, 0xFF);                         // pulses nothing
        assertEquals(1, resets);
    }

    @Test
    void keyboardResetAndIdentify() {
        bus.write(0x60, 1, 0xFF);
        assertEquals(0xFA, bus.read(0x60, 1));
        assertEquals(0xAA, bus.read(0x60, 1));
        bus.write(0x60, 1, 0xF2);
        assertEquals(0xFA, bus.read(0x60, 1));
        assertEquals(0xAB, bus.read(0x60, 1));
        assertEquals(0x83, bus.read(0x60, 1));
        bus.write(0x60, 1, 0xED);
        bus.write(0x60, 1, 0x07);
        assertEquals(0xFA, bus.read(0x60, 1));
        assertEquals(0xFA, bus.read(0x60, 1));
        bus.write(0x60, 1, 0x12);                         // not a command
        assertEquals(0xFE, bus.read(0x60, 1));
    }

    @Test
    void disabledKeyboardDropsScanCodes() {
        bus.write(0x64, 1, 0xAD);
        kbc.keyboardInput(0x1E);
        assertEquals(0, status() & I8042Controller.STATUS_OBF);
        bus.write(0x64, 1, 0xAE);
        kbc.keyboardInput(0x1E);
        assertEquals(0x1E, bus.read(0x60, 1));
    }

    @Test
    void fastA20PortAndFastReset() {
        FastA20Port p92 = new FastA20Port(system);
        p92.attach(bus);
        bus.write(0x92, 1, 0);
        assertFalse(a20);
        assertEquals(0, bus.read(0x92, 1) & FastA20Port.A20);
        bus.write(0x92, 1, FastA20Port.A20 | FastA20Port.FAST_RESET);
        assertTrue(a20);
        assertEquals(1, resets);
    }

    @Test
    void postCodesAreKeptAndTraced() {
        PostCodePort p80 = new PostCodePort();
        p80.attach(bus);
        StringBuilder seen = new StringBuilder();
        p80.setTracer(code -> seen.append(Integer.toHexString(code)).append(' '));
        bus.write(0x80, 1, 0x12);
        bus.write(0x80, 1, 0x34);
        assertEquals(0x34, bus.read(0x80, 1));
        assertEquals("12 34 ", seen.toString());
    }

    @Test
    void debugConsoleWritesBytesAndReadsBackE9() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DebugConsole con = new DebugConsole(0xE9, out);
        con.attach(bus);
        for (char c : "hi\n".toCharArray()) {
            bus.write(0xE9, 1, c);
        }
        assertEquals("hi\n", out.toString());
        assertEquals(0xE9, bus.read(0xE9, 1));
    }
}
