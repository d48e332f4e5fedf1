package org.j386.devices;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class IsaDebugExitTest {
    private final List<Integer> exits = new ArrayList<>();
    private final IoBus bus = new IoBus();

    @Test
    void writeOfVExitsWithTwiceVPlusOne() {
        new IsaDebugExit(0xF4, 4, exits::add).attach(bus);
        bus.write(0xF4, 1, 0x10);
        bus.write(0xF7, 1, 0);
        bus.write(0xF4, 2, 0x1234);
        assertEquals(List.of(0x21, 1, 0x2469), exits);
        assertNull(bus.deviceAt(0xF8));
        assertNull(bus.deviceAt(0xF3));
    }

    @Test
    void lowEightBitsMatchWhatQemuReturns() {
        // toolchain.md: 0→1, 1→3, 0x21→67, 0x7f→255, 0x80→1, 0xff→255, 0x100→1 after the OS cuts to 8 bits.
        int[][] seen = {{0, 1}, {1, 3}, {0x21, 67}, {0x7F, 255}, {0x80, 1}, {0xFF, 255}, {0x100, 1}};
        for (int[] s : seen) {
            assertEquals(s[1], IsaDebugExit.exitStatus(s[0]) & 0xFF, "value " + s[0]);
        }
    }

    @Test
    void readsReturnZero() {
        new IsaDebugExit(0x501, 2, exits::add).attach(bus);
        assertEquals(0, bus.read(0x501, 1));
        assertTrue(exits.isEmpty());
    }
}
