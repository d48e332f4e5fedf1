package org.j386.boot;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MultibootHeaderTest {
    private static byte[] imageWithHeaderAt(int offset, int size) {
        byte[] image = new byte[size];
        byte[] h = TestImages.multibootHeader(0x10003, 0x100000 + offset, 0x100000, 0, 0, 0x100020);
        System.arraycopy(h, 0, image, offset, h.length);
        return image;
    }

    @Test
    void findsTheHeaderAndItsAddressFields() {
        MultibootHeader h = MultibootHeader.find(imageWithHeaderAt(0x40, 0x1000));
        assertNotNull(h);
        assertEquals(0x40, h.offset());
        assertEquals(0x10003, h.flags());
        assertTrue(h.hasAddressFields());
        assertEquals(0x100040, h.headerAddr());
        assertEquals(0x100000, h.loadAddr());
        assertEquals(0x100020, h.entryAddr());
    }

    @Test
    void searchesUpToQemusLimitOnly() {
        // QEMU scans i < 8192 - 48, in steps of 4: 8140 is the last place it looks.
        assertEquals(8140, MultibootHeader.find(imageWithHeaderAt(8140, 9000)).offset());
        assertNull(MultibootHeader.find(imageWithHeaderAt(8144, 9000)));
    }

    @Test
    void needsFourByteAlignmentAndAValidChecksum() {
        assertNull(MultibootHeader.find(imageWithHeaderAt(0x42, 0x1000)));
        byte[] bad = imageWithHeaderAt(0x40, 0x1000);
        bad[0x48]++;    // checksum
        assertNull(MultibootHeader.find(bad));
    }

    @Test
    void readsFieldsPastTheEndOfAShortFileAsZero() {
        byte[] image = java.util.Arrays.copyOf(TestImages.multibootHeader(0x3), 12);
        MultibootHeader h = MultibootHeader.find(image);
        assertNotNull(h);
        assertEquals(0, h.loadAddr());
        assertNull(MultibootHeader.find(new byte[11]));
    }
}
