package org.j386.boot;

import static org.j386.boot.Multiboot.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.j386.boot.ElfFile.ProgramHeader;

/**
 * Builds what {@code qemu-system-i386 -M isapc -kernel K -append A -initrd M} puts in memory, step
 * for step as QEMU 7.2's hw/i386/multiboot.c and its option ROM do:
 *
 * <pre>
 * load_addr                                 the kernel: ELF PT_LOAD segments at p_paddr, or
 * |                                         the a.out-kludge range of the file
 * +- pageAlign(kernel size) ---------------- module descriptors (16 bytes each)
 * |                                          strings: each module's "file args", then
 * |                                          "K A" (kernel path as given, a space, the append
 * |                                          text), then, cmdline_len bytes after the first
 * |                                          string, the loader name "qemu"
 * +- pageAlign(...) ------------------------ module 1 data, then each next module page-aligned
 *
 * 0x9000  memory map (the five E820 entries of E820Map)
 * 0x9400  j386's copy of QEMU's option-ROM GDT (QEMU's own lies in ROM at 0xca2b8, which j386
 *         does not emulate; the 0x500 bytes QEMU sets aside for the map leave room for it)
 * 0x9500  the information structure; EBX at entry
 * </pre>
 *
 * The kernel's entry point is e_entry, turned into a physical address when it lies in an
 * executable segment whose p_vaddr differs from its p_paddr (QEMU's load_elf), or the header's
 * entry_addr with the a.out kludge (header flag 16), which then overrides the ELF headers.
 */
public final class MultibootLoader {
    /** j386's GDT: inside QEMU's memory-map area, after the map's five entries (see above). */
    public static final int GDT_ADDR = QEMU_MMAP_ADDR + 0x400;

    /**
     * QEMU's option-ROM GDT, copied descriptor for descriptor from a QEMU 7.2 dump (selector:
     * low word, high word): 0x00 null, 0x08 flat 32-bit code, 0x10 flat 32-bit data (accessed),
     * 0x18 16-bit code and 0x20 16-bit data for the ROM's own real-mode return.
     */
    private static final int[] QEMU_GDT = {
        0x00000000, 0x00000000,
        0x0000FFFF, 0x00CF9A00,
        0x0000FFFF, 0x00CF9300,
        0x0000FFFF, 0x00009E00,
        0x0000FFFF, 0x00009200,
    };

    /** Reads a module's file; the name is the text before the first space of its string. */
    @FunctionalInterface
    public interface ModuleReader {
        byte[] read(String fileName) throws BootImageException;
    }

    /** Bytes to copy into physical memory at {@code address}, in list order. */
    public record Chunk(int address, byte[] bytes) { }

    /** One loaded module, as its descriptor describes it. */
    public record LoadedModule(int start, int end, String string) { }

    /** Everything the loader produced: memory contents and the state to enter the kernel with. */
    public record BootImage(List<Chunk> chunks, EntryState entry, int kernelStart, int kernelEnd,
                            List<LoadedModule> modules, String commandLine) {
        /** Copies every chunk into guest memory. */
        public void writeTo(org.j386.mmu.PhysicalMemory memory) {
            for (Chunk c : chunks) {
                memory.load(c.address(), c.bytes(), 0, c.bytes().length);
            }
        }
    }

    private MultibootLoader() {
    }

    /**
     * Reads the kernel at {@code kernelPath} and the modules of {@code initrd} (QEMU's
     * {@code -initrd} syntax, null for none) from files and builds the boot image.
     */
    public static BootImage load(String kernelPath, String append, String initrd, long ramSize)
            throws BootImageException {
        return build(kernelPath, readFile(kernelPath, "kernel"), append, initrd,
                name -> readFile(name, "initrd module"), ramSize);
    }

    static byte[] readFile(String name, String what) throws BootImageException {
        Path p;
        try {
            p = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new BootImageException(what + " '" + name + "': not a valid file name");
        }
        if (name.isEmpty() || !Files.exists(p)) {
            throw new BootImageException(what + " '" + name + "': no such file");
        }
        if (Files.isDirectory(p)) {
            throw new BootImageException(what + " '" + name + "': is a directory");
        }
        try {
            return Files.readAllBytes(p);
        } catch (IOException | OutOfMemoryError e) {
            throw new BootImageException(what + " '" + name + "': cannot read: " + e.getMessage());
        } catch (SecurityException e) {
            throw new BootImageException(what + " '" + name + "': cannot read: permission denied");
        }
    }

    /**
     * Builds the boot image of {@code kernel}. {@code kernelName} is the path exactly as the user
     * gave it: it starts the command line. {@code append} may be null (no -append).
     */
    public static BootImage build(String kernelName, byte[] kernel, String append, String initrd,
                                  ModuleReader reader, long ramSize) throws BootImageException {
        MultibootHeader header = MultibootHeader.find(kernel);
        if (header == null) {
            if (ElfFile.hasElfMagic(kernel)) {
                throw new BootImageException(kernelName + ": no Multiboot header in the first 8 KiB");
            }
            throw new BootImageException(kernelName + ": not an ELF file and no Multiboot header in the first 8 KiB");
        }
        Kernel k = header.hasAddressFields() ? aoutKludge(kernelName, kernel, header) : elf(kernelName, kernel);
        return new Layout(kernelName, k, append == null ? "" : append, initrd, reader, ramSize).build();
    }

    /** The kernel image as QEMU's mb_buf holds it before the info area is appended. */
    private record Kernel(int loadAddr, byte[] image, int entry) { }

    private static Kernel elf(String name, byte[] file) throws BootImageException {
        ElfFile elf = ElfFile.parse(name, file);
        List<ProgramHeader> phs = elf.programHeaders();
        long low = Long.MAX_VALUE;
        long high = 0;
        int entry = elf.entry();
        long[] sizes = new long[phs.size()];
        for (int i = 0; i < phs.size(); i++) {
            ProgramHeader ph = phs.get(i);
            if (!ph.isLoad()) {
                continue;
            }
            long paddr = Integer.toUnsignedLong(ph.paddr());
            long memsz = loadedSize(phs, i);
            sizes[i] = memsz;
            // include/hw/elf_ops.h: e_entry is virtual; inside an executable segment linked
            // elsewhere than it is loaded, it moves with the segment.
            long e = Integer.toUnsignedLong(elf.entry());
            long vaddr = Integer.toUnsignedLong(ph.vaddr());
            if (ph.vaddr() != ph.paddr() && e >= vaddr && e < vaddr + Integer.toUnsignedLong(ph.filesz())
                    && (ph.flags() & ElfFile.PF_X) != 0) {
                entry = (int) (e - vaddr + paddr);
            }
            // QEMU counts even empty segments towards the image's bounds.
            low = Math.min(low, paddr);
            high = Math.max(high, paddr + memsz);
        }
        if (low == Long.MAX_VALUE) {
            throw new BootImageException(name + ": no loadable (PT_LOAD) segment");
        }
        if (high - low > Integer.MAX_VALUE) {
            throw new BootImageException(String.format("%s: segments span %#x-%#x, more than j386's RAM", name, low, high));
        }
        byte[] image = new byte[(int) (high - low)];
        boolean[] claimed = new boolean[phs.size()];
        for (int i = 0; i < phs.size(); i++) {
            ProgramHeader ph = phs.get(i);
            if (!ph.isLoad() || sizes[i] == 0) {
                continue;
            }
            int at = (int) (Integer.toUnsignedLong(ph.paddr()) - low);
            for (int j = 0; j < i; j++) {
                if (claimed[j] && overlaps(ph.paddr(), sizes[i], phs.get(j).paddr(), sizes[j])) {
                    // QEMU's loader refuses overlapping ROM blobs ("rom: requested regions overlap").
                    throw new BootImageException(String.format(
                            "%s: ELF segments %d and %d overlap in physical memory", name, j, i));
                }
            }
            claimed[i] = true;
            int filesz = (int) Math.min(Integer.toUnsignedLong(ph.filesz()), sizes[i]);
            System.arraycopy(file, ph.offset(), image, at, filesz);
        }
        return new Kernel((int) low, image, entry);
    }

    /**
     * A segment's size in memory, QEMU's way: p_memsz, unless the zero-filled tail would overlap
     * another PT_LOAD segment, in which case only p_filesz is loaded (elf_ops.h).
     */
    private static long loadedSize(List<ProgramHeader> phs, int i) {
        ProgramHeader ph = phs.get(i);
        long file = Integer.toUnsignedLong(ph.filesz());
        long mem = Integer.toUnsignedLong(ph.memsz());
        if (mem <= file) {
            return mem;
        }
        long zeroStart = (Integer.toUnsignedLong(ph.paddr()) + file) & 0xFFFFFFFFL;
        long zeroEnd = (Integer.toUnsignedLong(ph.paddr()) + mem) & 0xFFFFFFFFL;
        for (int j = 0; j < phs.size(); j++) {
            ProgramHeader o = phs.get(j);
            if (j == i || !o.isLoad()) {
                continue;
            }
            long otherStart = Integer.toUnsignedLong(o.paddr());
            long otherEnd = (otherStart + Integer.toUnsignedLong(o.memsz())) & 0xFFFFFFFFL;
            if (!(otherStart >= zeroEnd || zeroStart >= otherEnd)) {
                return file;
            }
        }
        return mem;
    }

    private static boolean overlaps(int a, long aSize, int b, long bSize) {
        long as = Integer.toUnsignedLong(a);
        long bs = Integer.toUnsignedLong(b);
        return as < bs + bSize && bs < as + aSize;
    }

    /** Multiboot 3.1.3: the header's address fields say what part of the file goes where. */
    private static Kernel aoutKludge(String name, byte[] file, MultibootHeader h) throws BootImageException {
        long headerAddr = Integer.toUnsignedLong(h.headerAddr());
        long loadAddr = Integer.toUnsignedLong(h.loadAddr());
        long loadEnd = Integer.toUnsignedLong(h.loadEndAddr());
        long bssEnd = Integer.toUnsignedLong(h.bssEndAddr());
        if (headerAddr < loadAddr) {
            throw new BootImageException(name + ": Multiboot header_addr lies below load_addr");
        }
        if (headerAddr - loadAddr > h.offset()) {
            throw new BootImageException(name + ": Multiboot header_addr puts load_addr before the start of the file");
        }
        long textOffset = h.offset() - (headerAddr - loadAddr);
        long loadSize;
        if (loadEnd != 0) {
            if (loadEnd < loadAddr) {
                throw new BootImageException(name + ": Multiboot load_end_addr lies below load_addr");
            }
            loadSize = loadEnd - loadAddr;
        } else {
            loadSize = file.length - textOffset;
        }
        if (loadSize > 0xFFFFFFFFL - loadAddr) {
            throw new BootImageException(name + ": kernel does not fit in the 32-bit address space");
        }
        long kernelSize = loadSize;
        if (bssEnd != 0) {
            if (bssEnd < loadAddr + loadSize) {
                throw new BootImageException(name + ": Multiboot bss_end_addr lies below load_end_addr");
            }
            kernelSize = bssEnd - loadAddr;
        }
        if (textOffset + loadSize > file.length) {
            throw new BootImageException(String.format(
                    "%s: Multiboot load_end_addr asks for %#x bytes from file offset %#x, past the end of the file",
                    name, loadSize, textOffset));
        }
        if (kernelSize > Integer.MAX_VALUE) {
            throw new BootImageException(name + ": kernel larger than j386's RAM");
        }
        byte[] image = new byte[(int) kernelSize];
        System.arraycopy(file, (int) textOffset, image, 0, (int) loadSize);
        return new Kernel(h.loadAddr(), image, h.entryAddr());
    }

    /** QEMU's get_opt_value: splits at ',' where ",," stands for a literal comma. */
    public static List<String> splitModuleList(String initrd) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = initrd.length();
        while (i < n) {
            StringBuilder one = new StringBuilder();
            while (i < n) {
                char c = initrd.charAt(i);
                if (c == ',') {
                    if (i + 1 < n && initrd.charAt(i + 1) == ',') {
                        one.append(',');
                        i += 2;
                        continue;
                    }
                    break;
                }
                one.append(c);
                i++;
            }
            out.add(one.toString());
            if (i < n) {
                i++;    // the separating comma
            }
        }
        return out;
    }

    static int pageAlign(long v) {
        return (int) ((v + QEMU_PAGE_SIZE - 1) & -QEMU_PAGE_SIZE);
    }

    /** Guest strings are the bytes QEMU got from argv: the platform's encoding of arguments. */
    static byte[] bytes(String s) {
        String enc = System.getProperty("sun.jnu.encoding");
        Charset cs = enc != null && Charset.isSupported(enc) ? Charset.forName(enc) : Charset.defaultCharset();
        return s.getBytes(cs);
    }

    /** hw/i386/multiboot.c's mb_buf: the kernel, the info area, the modules; then the low structures. */
    private static final class Layout {
        private final String kernelName;
        private final Kernel kernel;
        private final String append;
        private final String initrd;
        private final ModuleReader reader;
        private final long ramSize;
        private ByteBuffer buf;
        private int size;
        private int offsetCmdlines;

        Layout(String kernelName, Kernel kernel, String append, String initrd, ModuleReader reader, long ramSize) {
            this.kernelName = kernelName;
            this.kernel = kernel;
            this.append = append;
            this.initrd = initrd;
            this.reader = reader;
            this.ramSize = ramSize;
        }

        BootImage build() throws BootImageException {
            List<String> mods = initrd == null ? List.of() : splitModuleList(initrd);
            int offsetMbinfo = pageAlign(kernel.image.length);
            int cmdlineLen = bytes(kernelName).length + 1 + bytes(append).length + 1
                    + (initrd == null ? 0 : bytes(initrd).length + 1);
            size = pageAlign((long) offsetMbinfo + cmdlineLen + MODULE_SIZE * mods.size()
                    + QEMU_LOADER_NAME.length() + 1);
            grow(size);
            buf.put(0, kernel.image);
            offsetCmdlines = offsetMbinfo + mods.size() * MODULE_SIZE;
            int offsetBootloader = offsetCmdlines + cmdlineLen;
            int phys = kernel.loadAddr;

            List<LoadedModule> loaded = new ArrayList<>();
            for (String one : mods) {
                int offs = size;
                int string = addString(one);
                int space = one.indexOf(' ');
                byte[] data = reader.read(space >= 0 ? one.substring(0, space) : one);
                long newSize = pageAlign((long) size + data.length);
                if (newSize > Integer.MAX_VALUE) {
                    throw new BootImageException("initrd module '" + one + "' does not fit in j386's RAM");
                }
                size = (int) newSize;
                grow(size);
                buf.put(offs, data);
                LoadedModule m = new LoadedModule(phys + offs, phys + offs + data.length, one);
                int d = offsetMbinfo + MODULE_SIZE * loaded.size();
                buf.putInt(d + MODULE_START, m.start());
                buf.putInt(d + MODULE_END, m.end());
                buf.putInt(d + MODULE_STRING, phys + string);
                loaded.add(m);
            }
            String commandLine = kernelName + " " + append;
            int cmdline = phys + addString(commandLine);
            byte[] name = bytes(QEMU_LOADER_NAME);
            buf.put(offsetBootloader, name);
            int loaderName = phys + offsetBootloader;

            checkFits(phys, size);
            byte[] image = new byte[size];
            buf.get(0, image);

            List<Chunk> chunks = new ArrayList<>();
            chunks.add(new Chunk(phys, image));
            chunks.add(new Chunk(QEMU_INFO_ADDR, info(cmdline, loaded.size(), phys + offsetMbinfo, loaderName)));
            chunks.add(new Chunk(QEMU_MMAP_ADDR, memoryMap()));
            chunks.add(new Chunk(GDT_ADDR, gdt()));
            return new BootImage(List.copyOf(chunks), entryState(), phys, phys + kernel.image.length,
                    List.copyOf(loaded), commandLine);
        }

        private void grow(int capacity) {
            if (buf == null || buf.capacity() < capacity) {
                ByteBuffer b = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
                if (buf != null) {
                    b.put(0, buf, 0, buf.capacity());
                }
                buf = b;
            }
        }

        /** mb_add_cmdline: the string and its NUL at the next free string offset. */
        private int addString(String s) {
            byte[] b = bytes(s);
            int at = offsetCmdlines;
            buf.put(at, b);
            buf.put(at + b.length, (byte) 0);
            offsetCmdlines += b.length + 1;
            return at;
        }

        private void checkFits(int phys, int length) throws BootImageException {
            long start = Integer.toUnsignedLong(phys);
            long end = start + length;
            if (end > ramSize) {
                throw new BootImageException(String.format(
                        "%s: kernel and modules need memory up to %#x but the guest has only %d MiB of RAM (-m)",
                        kernelName, end, ramSize >> 20));
            }
            if (start < E820Map.EXTENDED_START && end > E820Map.EBDA_START) {
                throw new BootImageException(String.format(
                        "%s: kernel loads at %#x-%#x, into the BIOS area below 1 MiB", kernelName, start, end));
            }
        }

        private byte[] info(int cmdline, int modsCount, int modsAddr, int loaderName) {
            ByteBuffer b = ByteBuffer.allocate(INFO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(INFO_FLAGS, QEMU_INFO_FLAGS);
            b.putInt(INFO_MEM_LOWER, E820Map.memLowerKiB());
            b.putInt(INFO_MEM_UPPER, E820Map.memUpperKiB(ramSize));
            b.putInt(INFO_BOOT_DEVICE, QEMU_BOOT_DEVICE);
            b.putInt(INFO_CMDLINE, cmdline);
            b.putInt(INFO_MODS_COUNT, modsCount);
            b.putInt(INFO_MODS_ADDR, modsAddr);
            b.putInt(INFO_MMAP_LENGTH, E820Map.isaPc(ramSize).size() * MMAP_ENTRY_SIZE);
            b.putInt(INFO_MMAP_ADDR, QEMU_MMAP_ADDR);
            b.putInt(INFO_BOOT_LOADER_NAME, loaderName);
            return b.array();
        }

        private byte[] memoryMap() {
            List<E820Map.Entry> map = E820Map.isaPc(ramSize);
            ByteBuffer b = ByteBuffer.allocate(map.size() * MMAP_ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            for (E820Map.Entry e : map) {
                b.putInt(MMAP_ENTRY_SIZE_FIELD).putLong(e.base()).putLong(e.length()).putInt(e.type());
            }
            return b.array();
        }

        private static byte[] gdt() {
            ByteBuffer b = ByteBuffer.allocate(QEMU_GDT.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int w : QEMU_GDT) {
                b.putInt(w);
            }
            return b.array();
        }

        private EntryState entryState() {
            int[] gprs = new int[8];
            gprs[EntryState.EAX] = BOOTLOADER_MAGIC;
            gprs[EntryState.EBX] = QEMU_INFO_ADDR;
            gprs[EntryState.ECX] = kernel.entry;    // the ROM jumps through ECX
            gprs[EntryState.EDX] = (E820Map.memUpperKiB(ramSize) & 0xFFFF0000) | QEMU_ENTRY_EDX_LOW;
            gprs[EntryState.ESP] = QEMU_ENTRY_ESP;
            gprs[EntryState.EDI] = QEMU_ENTRY_EDI;
            return new EntryState(gprs, kernel.entry, QEMU_ENTRY_EFLAGS, QEMU_ENTRY_CR0,
                    QEMU_CODE_SELECTOR, QEMU_DATA_SELECTOR, QEMU_CODE_CACHE_FLAGS, QEMU_DATA_CACHE_FLAGS,
                    GDT_ADDR, QEMU_GDT_LIMIT, QEMU_IDT_BASE, QEMU_IDT_LIMIT);
        }
    }
}
