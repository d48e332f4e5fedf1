package org.j386.boot;

import static org.j386.boot.Multiboot.MMAP_AVAILABLE;
import static org.j386.boot.Multiboot.MMAP_RESERVED;

import java.util.List;

/**
 * The BIOS memory map (INT 15h, AX=E820h) that SeaBIOS reports on QEMU's {@code -M isapc}, and
 * that QEMU's Multiboot option ROM copies into the memory map and the mem_lower/mem_upper fields.
 * Captured from QEMU 7.2 with a probe kernel for -m 4, 16, 127, 128, 256, 1024, 2047 and 3000:
 *
 * <pre>
 *   0x00000000 - 0x0009FC00  available   conventional memory below the EBDA
 *   0x0009FC00 - 0x000A0000  reserved    extended BIOS data area (1 KiB)
 *   0x000F0000 - 0x00100000  reserved    system BIOS
 *   0x00100000 - RAM size    available   extended memory
 *   0xFFFC0000 - 4 GiB       reserved    BIOS flash alias at the top of the address space
 * </pre>
 *
 * ({@code -M pc} differs: SeaBIOS reserves more at the top of RAM there.)
 */
public final class E820Map {
    private E820Map() {
    }

    /** One entry; base and length are unsigned 64-bit in the table, all of ours fit in a long. */
    public record Entry(long base, long length, int type) { }

    public static final int EBDA_START = 0x9FC00;
    public static final int EBDA_SIZE = 0x400;
    public static final int BIOS_START = 0xF0000;
    public static final int BIOS_SIZE = 0x10000;
    public static final int EXTENDED_START = 0x100000;
    public static final long BIOS_ALIAS_START = 0xFFFC0000L;
    public static final int BIOS_ALIAS_SIZE = 0x40000;

    /** The map for {@code ramSize} bytes of RAM (more than 1 MiB). */
    public static List<Entry> isaPc(long ramSize) {
        if (ramSize <= EXTENDED_START) {
            throw new IllegalArgumentException("E820Map.isaPc: RAM must exceed 1 MiB: " + ramSize);
        }
        return List.of(
                new Entry(0, EBDA_START, MMAP_AVAILABLE),
                new Entry(EBDA_START, EBDA_SIZE, MMAP_RESERVED),
                new Entry(BIOS_START, BIOS_SIZE, MMAP_RESERVED),
                new Entry(EXTENDED_START, ramSize - EXTENDED_START, MMAP_AVAILABLE),
                new Entry(BIOS_ALIAS_START, BIOS_ALIAS_SIZE, MMAP_RESERVED));
    }

    /** mem_lower: KiB of memory from 0, i.e. the first available entry (0x27F). */
    public static int memLowerKiB() {
        return EBDA_START >>> 10;
    }

    /** mem_upper: KiB of memory from 1 MiB to the first hole, i.e. (RAM - 1 MiB) / 1 KiB. */
    public static int memUpperKiB(long ramSize) {
        return (int) ((ramSize - EXTENDED_START) >>> 10);
    }
}
