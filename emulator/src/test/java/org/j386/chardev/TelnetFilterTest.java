package org.j386.chardev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

class TelnetFilterTest {
    private static final int IAC = 0xFF;

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private final ByteArrayOutputStream replies = new ByteArrayOutputStream();
    private final TelnetFilter f = new TelnetFilter();

    private byte[] run(byte[] in) {
        byte[] out = new byte[in.length];
        int n = f.filter(in, 0, in.length, out, replies::writeBytes);
        byte[] r = new byte[n];
        System.arraycopy(out, 0, r, 0, n);
        return r;
    }

    @Test
    void stripsCommandsKeepsDataAndDoubledIac() {
        byte[] in = bytes('a', IAC, TelnetFilter.DO, TelnetFilter.OPT_ECHO, 'b', IAC, IAC, 'c',
                IAC, 0xF1 /* NOP */, 'd', IAC, TelnetFilter.SB, 0x18, 1, IAC, TelnetFilter.SE, 'e');
        assertArrayEquals(bytes('a', 'b', IAC, 'c', 'd', 'e'), run(in));
        assertEquals(0, replies.size(), "DO ECHO acknowledges the greeting: no reply");
    }

    @Test
    void sequencesSplitAcrossReads() {
        byte[] all = bytes('x', IAC, TelnetFilter.WILL, TelnetFilter.OPT_BINARY, 'y', IAC, IAC, 'z');
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (byte b : all) {
            data.writeBytes(run(new byte[] {b}));
        }
        assertArrayEquals(bytes('x', 'y', IAC, 'z'), data.toByteArray());
    }

    @Test
    void refusesUnknownOptionsAndAcknowledgesChangesOnly() {
        run(bytes(IAC, TelnetFilter.DO, 0x22));                 // DO LINEMODE
        run(bytes(IAC, TelnetFilter.WILL, 0x1F));               // WILL NAWS
        run(bytes(IAC, TelnetFilter.DONT, TelnetFilter.OPT_ECHO));
        run(bytes(IAC, TelnetFilter.DONT, TelnetFilter.OPT_ECHO)); // already off: no second reply
        run(bytes(IAC, TelnetFilter.DO, TelnetFilter.OPT_ECHO));   // back on
        assertArrayEquals(bytes(IAC, TelnetFilter.WONT, 0x22, IAC, TelnetFilter.DONT, 0x1F,
                IAC, TelnetFilter.WONT, TelnetFilter.OPT_ECHO, IAC, TelnetFilter.WILL, TelnetFilter.OPT_ECHO),
                replies.toByteArray());
    }

    @Test
    void escapesIacInOutput() {
        assertArrayEquals(bytes('a', IAC, IAC, 'b'), TelnetFilter.escape(bytes('a', IAC, 'b', 'c'), 3));
    }
}
