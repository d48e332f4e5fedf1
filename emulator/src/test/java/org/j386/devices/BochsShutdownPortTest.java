package org.j386.devices;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BochsShutdownPortTest {
    private final List<Integer> exits = new ArrayList<>();
    private final IoBus bus = new IoBus();

    @BeforeEach
    void setUp() {
        new BochsShutdownPort(exits::add).attach(bus);
    }

    private void send(String s) {
        for (char c : s.toCharArray()) {
            bus.write(BochsShutdownPort.PORT, 1, c);
        }
    }

    @Test
    void shutdownStringPowersOffWithStatusZero() {
        send("Shutdow");
        assertTrue(exits.isEmpty());
        send("n");
        assertEquals(List.of(0), exits);
    }

    @Test
    void anotherByteStartsOverButALetterOfTheWordDoesNot() {
        send("Shut!down");
        assertTrue(exits.isEmpty(), "'!' reset the match");
        send("ShuSt");    // Bochs: 'S' in the middle is ignored, the match goes on
        send("down");
        assertEquals(List.of(0), exits);
    }

    @Test
    void readsFloat() {
        assertEquals(0xFF, bus.read(BochsShutdownPort.PORT, 1));
    }
}
