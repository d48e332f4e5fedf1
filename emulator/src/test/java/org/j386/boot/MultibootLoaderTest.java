package org.j386.boot;

import static org.j386.boot.TestImages.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.j386.boot.MultibootLoader.BootImage;
import org.j386.mmu.PhysicalMemory;
import org.junit.jupiter.api.Test;

class MultibootLoaderTest {
    private static final long MIB = 1 << 20;

    private static MultibootLoader.ModuleReader files(Map<String, byte[]> files) {
        return name -> {
            byte[] d = files.get(name);
            if (d == null) {
                throw new BootImageException("initrd module '" + name + "': no such file");
            }
            return d;
        };
    }

    private static final MultibootLoader.ModuleReader NO_FILES = files(Map.of());

    /** A kernel like the probe: one RWX segment at 1 MiB, 0x54a bytes in the file, 0x25b4 in memory. */
    private static byte[] probeLikeKernel() {
        return elf(0x10000C, List.of(Segment.load(0x100000, 0x100000,
                concat(textWithHeader(0x54A - 12)), 0x25B4, RX | RW)));
    }

    private static PhysicalMemory boot(BootImage image, long ram) {
        PhysicalMemory mem = new PhysicalMemory((int) ram);
        image.writeTo(mem);
        return mem;
    }

    private static String cString(PhysicalMemory mem, int addr) {
        StringBuilder s = new StringBuilder();
        for (int c; (c = mem.read8(addr)) != 0; addr++) {
            s.append((char) c);
        }
        return s.toString();
    }

    /** The exact layout QEMU 7.2 produced for this command line (captured with the probe kernel). */
    @Test
    void matchesQemusLayoutWithModules() throws Exception {
        BootImage image = MultibootLoader.build("probe.elf", probeLikeKernel(), "console=ttyS0 foo=bar",
                "m1.bin arg1 arg2,m2.bin a,,b",
                files(Map.of("m1.bin", "hello\n".getBytes(StandardCharsets.US_ASCII),
                        "m2.bin", "second".getBytes(StandardCharsets.US_ASCII))), 128 * MIB);
        PhysicalMemory mem = boot(image, 128 * MIB);
        int mbi = 0x9500;
        assertEquals(0x24F, mem.read32(mbi));
        assertEquals(0x27F, mem.read32(mbi + 4));
        assertEquals(0x1FC00, mem.read32(mbi + 8));
        assertEquals(0x8000FFFF, mem.read32(mbi + 12));
        assertEquals(0x10303C, mem.read32(mbi + 16));
        assertEquals(2, mem.read32(mbi + 20));
        assertEquals(0x103000, mem.read32(mbi + 24));
        assertEquals(0x78, mem.read32(mbi + 44));
        assertEquals(0x9000, mem.read32(mbi + 48));
        assertEquals(0x10305D, mem.read32(mbi + 64));
        for (int off = 28; off < 88; off += 4) {
            if (off != 44 && off != 48 && off != 64) {
                assertEquals(0, mem.read32(mbi + off), "mbi+" + off);
            }
        }
        assertEquals("probe.elf console=ttyS0 foo=bar", cString(mem, 0x10303C));
        assertEquals("qemu", cString(mem, 0x10305D));
        assertEquals(0x104000, mem.read32(0x103000));
        assertEquals(0x104006, mem.read32(0x103004));
        assertEquals(0x103020, mem.read32(0x103008));
        assertEquals("m1.bin arg1 arg2", cString(mem, 0x103020));
        assertEquals(0x105000, mem.read32(0x103010));
        assertEquals(0x105006, mem.read32(0x103014));
        assertEquals("m2.bin a,b", cString(mem, 0x103031));
        assertEquals("hello\n", new String(new byte[] {(byte) mem.read8(0x104000), (byte) mem.read8(0x104001),
            (byte) mem.read8(0x104002), (byte) mem.read8(0x104003), (byte) mem.read8(0x104004),
            (byte) mem.read8(0x104005)}, StandardCharsets.US_ASCII));
        assertEquals(List.of(new MultibootLoader.LoadedModule(0x104000, 0x104006, "m1.bin arg1 arg2"),
                new MultibootLoader.LoadedModule(0x105000, 0x105006, "m2.bin a,b")), image.modules());
    }

    @Test
    void commandLineWithoutAppendIsThePathAndASpace() throws Exception {
        BootImage image = MultibootLoader.build("build/k.elf", probeLikeKernel(), null, null, NO_FILES, 16 * MIB);
        PhysicalMemory mem = boot(image, 16 * MIB);
        assertEquals(0x103000, mem.read32(0x9500 + 16));
        assertEquals("build/k.elf ", cString(mem, 0x103000));
        assertEquals(0, mem.read32(0x9500 + 20));
        assertEquals(0x103000, mem.read32(0x9500 + 24), "mods_addr points at the (empty) descriptor array");
        // cmdline_len = strlen("build/k.elf") + 1 + strlen("") + 1: the loader name follows.
        assertEquals(0x103000 + 13, mem.read32(0x9500 + 64));
        assertEquals(0x3C00, mem.read32(0x9500 + 8), "mem_upper for -m 16");
    }

    @Test
    void writesQemusMemoryMap() throws Exception {
        PhysicalMemory mem = boot(MultibootLoader.build("k", probeLikeKernel(), null, null, NO_FILES, 16 * MIB),
                16 * MIB);
        long[][] expected = {
            {0, 0x9FC00, 1}, {0x9FC00, 0x400, 2}, {0xF0000, 0x10000, 2}, {0x100000, 0xF00000, 1},
            {0xFFFC0000L, 0x40000, 2},
        };
        for (int i = 0; i < expected.length; i++) {
            int e = 0x9000 + 24 * i;
            assertEquals(20, mem.read32(e));
            assertEquals(expected[i][0], Integer.toUnsignedLong(mem.read32(e + 4)) | (long) mem.read32(e + 8) << 32);
            assertEquals(expected[i][1], Integer.toUnsignedLong(mem.read32(e + 12)) | (long) mem.read32(e + 16) << 32);
            assertEquals(expected[i][2], mem.read32(e + 20));
        }
    }

    @Test
    void entryStateMirrorsQemusOptionRom() throws Exception {
        EntryState s = MultibootLoader.build("k", probeLikeKernel(), null, null, NO_FILES, 128 * MIB).entry();
        assertEquals(0x2BADB002, s.gpr(EntryState.EAX));
        assertEquals(0x9500, s.gpr(EntryState.EBX));
        assertEquals(0x10000C, s.gpr(EntryState.ECX));
        assertEquals(0x10511, s.gpr(EntryState.EDX));
        assertEquals(0, s.gpr(EntryState.ESI));
        assertEquals(0x1000, s.gpr(EntryState.EDI));
        assertEquals(0, s.gpr(EntryState.EBP));
        assertEquals(0x6F14, s.gpr(EntryState.ESP));
        assertEquals(0x10000C, s.eip());
        assertEquals(0x6, s.eflags());
        assertEquals(0x11, s.cr0());
        assertEquals(0x08, s.codeSelector());
        assertEquals(0x10, s.dataSelector());
        assertEquals(0x00CF9A00, s.codeFlags());
        assertEquals(0x00CF9300, s.dataFlags());
        assertEquals(0x27, s.gdtLimit());
        assertEquals(0, s.idtBase());
        assertEquals(0x3FF, s.idtLimit());
        // QEMU's EDX carries mem_upper's high half: 0x30511 with -m 256, 0x511 with -m 16.
        assertEquals(0x30511, MultibootLoader.build("k", probeLikeKernel(), null, null, NO_FILES, 256 * MIB)
                .entry().gpr(EntryState.EDX));
        assertEquals(0x511, MultibootLoader.build("k", probeLikeKernel(), null, null, NO_FILES, 16 * MIB)
                .entry().gpr(EntryState.EDX));
    }

    @Test
    void gdtAtEntryHoldsFlatCodeAndDataDescriptors() throws Exception {
        BootImage image = MultibootLoader.build("k", probeLikeKernel(), null, null, NO_FILES, 16 * MIB);
        PhysicalMemory mem = boot(image, 16 * MIB);
        int gdt = image.entry().gdtBase();
        assertTrue(gdt >= 0x9000 + 5 * 24 && gdt + 0x28 <= 0x9500, "inside QEMU's map area, after the map");
        assertEquals(0x0000FFFF, mem.read32(gdt + 8));
        assertEquals(0x00CF9A00, mem.read32(gdt + 12));
        assertEquals(0x0000FFFF, mem.read32(gdt + 16));
        assertEquals(0x00CF9300, mem.read32(gdt + 20));
    }

    @Test
    void higherHalfKernelLoadsAtPaddrAndEntersAtThePhysicalEntry() throws Exception {
        byte[] text = textWithHeader(0x100);
        byte[] data = pattern(0x20, 0x80);
        byte[] image = elf(0xC010000C, List.of(
                Segment.load(0xC0100000, 0x100000, text, text.length, RX),
                Segment.load(0xC0101000, 0x101000, data, 0x1000, RW)));
        BootImage boot = MultibootLoader.build("k", image, null, null, NO_FILES, 16 * MIB);
        assertEquals(0x10000C, boot.entry().eip());
        assertEquals(0x100000, boot.kernelStart());
        assertEquals(0x102000, boot.kernelEnd());
        PhysicalMemory mem = boot(boot, 16 * MIB);
        assertEquals(text[12] & 0xFF, mem.read8(0x10000C));
        assertEquals(0x80, mem.read8(0x101000));
        assertEquals(0x9F, mem.read8(0x10101F));
        assertEquals(0, mem.read8(0x101020), "bss is zero");
    }

    @Test
    void entryIsNotMovedOutsideAnExecutableSegment() throws Exception {
        // e_entry inside a non-executable segment, or in one linked where it loads, stays as is.
        byte[] text = textWithHeader(0x100);
        byte[] image = elf(0xC0101004, List.of(
                Segment.load(0x100000, 0x100000, text, text.length, RX),
                Segment.load(0xC0101000, 0x101000, pattern(0x10, 0), 0x10, RW)));
        assertEquals(0xC0101004, MultibootLoader.build("k", image, null, null, NO_FILES, 16 * MIB).entry().eip());
        byte[] physical = elf(0x10000C, List.of(Segment.load(0x100000, 0x100000, text, text.length, RX)));
        assertEquals(0x10000C, MultibootLoader.build("k", physical, null, null, NO_FILES, 16 * MIB).entry().eip());
    }

    @Test
    void zeroFillThatWouldOverlapAnotherSegmentIsDropped() throws Exception {
        // elf_ops.h: a segment whose memsz tail overlaps another segment loads only filesz bytes.
        byte[] a = textWithHeader(0x20);
        byte[] b = pattern(0x10, 0x70);
        byte[] image = elf(0x100000, List.of(
                Segment.load(0x100000, 0x100000, a, 0x2000, RX),
                Segment.load(0x101000, 0x101000, b, 0x10, RW)));
        BootImage boot = MultibootLoader.build("k", image, null, null, NO_FILES, 16 * MIB);
        PhysicalMemory mem = boot(boot, 16 * MIB);
        assertEquals(0x70, mem.read8(0x101000));
        assertEquals(0x101010, boot.kernelEnd());
    }

    @Test
    void overlappingSegmentsAreRejected() {
        byte[] a = textWithHeader(0x40);
        byte[] image = elf(0x100000, List.of(
                Segment.load(0x100000, 0x100000, a, a.length, RX),
                Segment.load(0x100020, 0x100020, pattern(0x40, 0), 0x40, RW)));
        assertTrue(assertThrows(BootImageException.class,
                () -> MultibootLoader.build("k", image, null, null, NO_FILES, 16 * MIB)).getMessage().contains("overlap"));
    }

    @Test
    void aoutKludgeLoadsTheFileRangeTheHeaderNames() throws Exception {
        // A flat binary linked at 1 MiB: the header at file offset 8 describes the whole file.
        byte[] header = multibootHeader(0x10003, 0x100008, 0x100000, 0x100100, 0x102000, 0x100040);
        byte[] file = concat(pattern(8, 0x10), header, pattern(0x100 - 8 - header.length, 0x20), pattern(0x80, 0x99));
        BootImage boot = MultibootLoader.build("flat.bin", file, null, null, NO_FILES, 16 * MIB);
        assertEquals(0x100040, boot.entry().eip());
        assertEquals(0x102000, boot.kernelEnd());
        PhysicalMemory mem = boot(boot, 16 * MIB);
        assertEquals(0x10, mem.read8(0x100000));
        assertEquals(0x02, mem.read8(0x100008), "the header's magic, low byte");
        assertEquals(0, mem.read8(0x100100), "past load_end_addr: bss, not the rest of the file");
        assertEquals(0x102000, mem.read32(0x9500 + 16), "cmdline after the page-aligned bss end");
    }

    @Test
    void aoutKludgeOverridesElfHeaders() throws Exception {
        // An ELF file whose header sets flag 16: QEMU loads what the header says and ignores the ELF.
        byte[] header = multibootHeader(0x10003, 0x200000 + 0x1000, 0x200000, 0, 0, 0x201010);
        byte[] image = elf(0x100000, List.of(Segment.load(0x100000, 0x100000, header, header.length, RX)));
        BootImage boot = MultibootLoader.build("k", image, null, null, NO_FILES, 16 * MIB);
        assertEquals(0x201010, boot.entry().eip());
        assertEquals(0x200000, boot.kernelStart());
        assertEquals(0x200000 + image.length, boot.kernelEnd(), "load_end_addr 0: the rest of the file");
    }

    @Test
    void aoutKludgeRejectsInconsistentAddresses() {
        byte[] below = multibootHeader(0x10000, 0xFF000, 0x100000, 0, 0, 0x100000);
        assertTrue(assertThrows(BootImageException.class, () -> MultibootLoader.build("k", below, null, null,
                NO_FILES, 16 * MIB)).getMessage().contains("header_addr"));
        byte[] beforeFile = multibootHeader(0x10000, 0x100010, 0x100000, 0, 0, 0x100000);
        assertTrue(assertThrows(BootImageException.class, () -> MultibootLoader.build("k", beforeFile, null, null,
                NO_FILES, 16 * MIB)).getMessage().contains("before the start of the file"));
        byte[] pastEnd = multibootHeader(0x10000, 0x100000, 0x100000, 0x101000, 0, 0x100000);
        assertTrue(assertThrows(BootImageException.class, () -> MultibootLoader.build("k", pastEnd, null, null,
                NO_FILES, 16 * MIB)).getMessage().contains("past the end of the file"));
        byte[] bss = multibootHeader(0x10000, 0x100000, 0x100000, 0x100020, 0x100010, 0x100000);
        assertTrue(assertThrows(BootImageException.class, () -> MultibootLoader.build("k", concat(bss, new byte[32]),
                null, null, NO_FILES, 16 * MIB)).getMessage().contains("bss_end_addr"));
    }

    @Test
    void rejectsImagesWithoutAHeaderOrThatDoNotFit() {
        byte[] elfNoHeader = elf(0x100000, List.of(Segment.load(0x100000, 0x100000, pattern(0x40, 0), 0x40, RX)));
        assertEquals("k.elf: no Multiboot header in the first 8 KiB", assertThrows(BootImageException.class,
                () -> MultibootLoader.build("k.elf", elfNoHeader, null, null, NO_FILES, 16 * MIB)).getMessage());
        assertEquals("notes.txt: not an ELF file and no Multiboot header in the first 8 KiB",
                assertThrows(BootImageException.class, () -> MultibootLoader.build("notes.txt",
                        "hello".getBytes(StandardCharsets.US_ASCII), null, null, NO_FILES, 16 * MIB)).getMessage());
        byte[] headerButNotElf = concat(multibootHeader(0x3), new byte[64]);
        assertEquals("k.bin: not an ELF file", assertThrows(BootImageException.class,
                () -> MultibootLoader.build("k.bin", headerButNotElf, null, null, NO_FILES, 16 * MIB)).getMessage());
        byte[] big = elf(0x100000, List.of(Segment.load(0x100000, 0x100000, textWithHeader(16), 0x400000, RX)));
        assertTrue(assertThrows(BootImageException.class, () -> MultibootLoader.build("k", big, null, null,
                NO_FILES, 4 * MIB)).getMessage().contains("only 4 MiB of RAM"));
        byte[] low = elf(0x90000, List.of(Segment.load(0x90000, 0x90000, textWithHeader(16), 0x20000, RX)));
        assertTrue(assertThrows(BootImageException.class, () -> MultibootLoader.build("k", low, null, null,
                NO_FILES, 4 * MIB)).getMessage().contains("BIOS area"));
    }

    @Test
    void missingModuleIsNamed() {
        BootImageException e = assertThrows(BootImageException.class, () -> MultibootLoader.build("k",
                probeLikeKernel(), null, "ramfs.img init=/bin/sh", NO_FILES, 16 * MIB));
        assertEquals("initrd module 'ramfs.img': no such file", e.getMessage());
    }

    @Test
    void modulesAreSplitAtCommasWithDoubledCommasLiteral() {
        assertEquals(List.of("m1.bin arg1 arg2", "m2.bin"), MultibootLoader.splitModuleList("m1.bin arg1 arg2,m2.bin"));
        assertEquals(List.of("a,b", "c"), MultibootLoader.splitModuleList("a,,b,c"));
        assertEquals(List.of("a"), MultibootLoader.splitModuleList("a,"));
        assertEquals(List.of("a,"), MultibootLoader.splitModuleList("a,,,"));
        assertEquals(List.of("", "a"), MultibootLoader.splitModuleList(",a"));
        assertEquals(List.of(), MultibootLoader.splitModuleList(""));
    }

    @Test
    void emptyModulesTakeNoSpace() throws Exception {
        BootImage boot = MultibootLoader.build("k", probeLikeKernel(), null, "e1,e2",
                files(Map.of("e1", new byte[0], "e2", new byte[] {7})), 16 * MIB);
        assertEquals(new MultibootLoader.LoadedModule(0x104000, 0x104000, "e1"), boot.modules().get(0));
        assertEquals(new MultibootLoader.LoadedModule(0x104000, 0x104001, "e2"), boot.modules().get(1));
    }
}
