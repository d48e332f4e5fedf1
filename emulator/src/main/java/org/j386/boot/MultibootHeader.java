package org.j386.boot;

import static org.j386.boot.Multiboot.*;

/**
 * The Multiboot header of a kernel image (Multiboot Specification 3.1), found the way QEMU finds
 * it: the first 4-byte-aligned offset below {@link Multiboot#HEADER_SEARCH_LIMIT} holding the
 * magic with a checksum that makes magic + flags + checksum zero. The address fields are read
 * whatever the flags say; they mean something only with {@link Multiboot#HEADER_ADDRESS_FIELDS}.
 *
 * @param offset where the header starts in the file
 */
public record MultibootHeader(int offset, int flags, int headerAddr, int loadAddr, int loadEndAddr,
                              int bssEndAddr, int entryAddr) {

    /** Returns the header of {@code image}, or null if it has none. */
    public static MultibootHeader find(byte[] image) {
        for (int i = 0; i < HEADER_SEARCH_LIMIT && i + HEADER_CHECKSUM_OFFSET + 4 <= image.length; i += HEADER_ALIGN) {
            if (word(image, i + HEADER_MAGIC_OFFSET) != HEADER_MAGIC) {
                continue;
            }
            int flags = word(image, i + HEADER_FLAGS_OFFSET);
            if (HEADER_MAGIC + flags + word(image, i + HEADER_CHECKSUM_OFFSET) == 0) {
                return new MultibootHeader(i, flags, word(image, i + HEADER_HEADER_ADDR_OFFSET),
                        word(image, i + HEADER_LOAD_ADDR_OFFSET), word(image, i + HEADER_LOAD_END_ADDR_OFFSET),
                        word(image, i + HEADER_BSS_END_ADDR_OFFSET), word(image, i + HEADER_ENTRY_ADDR_OFFSET));
            }
        }
        return null;
    }

    public boolean hasAddressFields() {
        return (flags & HEADER_ADDRESS_FIELDS) != 0;
    }

    /** A little-endian word of the image; bytes past its end read as zero, as in QEMU's header buffer. */
    static int word(byte[] image, int at) {
        int v = 0;
        for (int k = 3; k >= 0; k--) {
            v = v << 8 | (at + k < image.length ? image[at + k] & 0xFF : 0);
        }
        return v;
    }
}
