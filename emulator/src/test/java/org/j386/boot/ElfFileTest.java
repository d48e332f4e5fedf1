package org.j386.boot;

import static org.j386.boot.TestImages.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

class ElfFileTest {
    @Test
    void parsesEntryAndProgramHeaders() throws Exception {
        byte[] image = elf(0xC010000C, List.of(
                Segment.load(0x00100000, 0x00100000, pattern(0x30, 1), 0x30, RX),
                Segment.load(0xC0101000, 0x00101000, pattern(0x10, 2), 0x2000, RW)));
        ElfFile elf = ElfFile.parse("k.elf", image);
        assertEquals(0xC010000C, elf.entry());
        assertEquals(2, elf.programHeaders().size());
        ElfFile.ProgramHeader ph = elf.programHeaders().get(1);
        assertTrue(ph.isLoad());
        assertEquals(0xC0101000, ph.vaddr());
        assertEquals(0x00101000, ph.paddr());
        assertEquals(0x10, ph.filesz());
        assertEquals(0x2000, ph.memsz());
        assertEquals(0x2000, ph.offset());
        assertEquals(RW, ph.flags());
    }

    @Test
    void rejectsFilesThatAreNotElf() {
        BootImageException e = assertThrows(BootImageException.class,
                () -> ElfFile.parse("k.bin", new byte[] {1, 2, 3, 4, 5}));
        assertEquals("k.bin: not an ELF file", e.getMessage());
    }

    @Test
    void rejects64BitAndForeignMachines() {
        byte[] image = elf(0x100000, List.of(Segment.load(0x100000, 0x100000, pattern(4, 0), 4, RX)));
        byte[] elf64 = image.clone();
        elf64[ElfFile.EI_CLASS] = ElfFile.ELFCLASS64;
        assertTrue(assertThrows(BootImageException.class, () -> ElfFile.parse("k", elf64))
                .getMessage().contains("64-bit"));
        byte[] arm = image.clone();
        arm[18] = 40;    // EM_ARM
        assertEquals("k: not an ELF32 little-endian i386 file",
                assertThrows(BootImageException.class, () -> ElfFile.parse("k", arm)).getMessage());
        byte[] bigEndian = image.clone();
        bigEndian[ElfFile.EI_DATA] = 2;
        assertThrows(BootImageException.class, () -> ElfFile.parse("k", bigEndian));
    }

    @Test
    void rejectsSegmentsAndHeadersPastTheEndOfTheFile() {
        byte[] image = elf(0x100000, List.of(Segment.load(0x100000, 0x100000, pattern(0x100, 0), 0x100, RX)));
        byte[] cut = java.util.Arrays.copyOf(image, 0x1080);
        assertTrue(assertThrows(BootImageException.class, () -> ElfFile.parse("k", cut))
                .getMessage().contains("past the end of the file"));
        byte[] headerOnly = java.util.Arrays.copyOf(image, 60);
        assertTrue(assertThrows(BootImageException.class, () -> ElfFile.parse("k", headerOnly))
                .getMessage().contains("program headers lie past the end"));
        assertEquals("k: truncated ELF header", assertThrows(BootImageException.class,
                () -> ElfFile.parse("k", java.util.Arrays.copyOf(image, 20))).getMessage());
    }
}
