package org.j386.boot;

import org.j386.cpu.Cr0;

/**
 * Multiboot 0.6.96 constants (Multiboot Specification sections 3.1-3.3) and the addresses
 * QEMU 7.2 uses for its own structures (hw/i386/multiboot.c).
 *
 * <pre>
 * Multiboot header (in the first 8 KiB of the image, 4-byte aligned)
 *   +0  magic 0x1BADB002     +4  flags      +8  checksum (magic + flags + checksum == 0)
 *   +12 header_addr          +16 load_addr  +20 load_end_addr  +24 bss_end_addr
 *   +28 entry_addr           (the five address fields are valid when flags bit 16 is set)
 *
 * Low memory as QEMU's option ROM leaves it
 *   0x9000  the memory map (E820 entries with a leading size word, 24 bytes each)
 *   0x9500  the information structure (88 bytes), EBX at entry
 * </pre>
 */
public final class Multiboot {
    private Multiboot() {
    }

    // ---- the header in the kernel image (3.1) ----
    public static final int HEADER_MAGIC = 0x1BADB002;
    /** How far into the image the header may start: QEMU scans {@code i < 8192 - 48}. */
    public static final int HEADER_SEARCH_LIMIT = 8192 - 48;
    public static final int HEADER_ALIGN = 4;
    public static final int HEADER_MAGIC_OFFSET = 0;
    public static final int HEADER_FLAGS_OFFSET = 4;
    public static final int HEADER_CHECKSUM_OFFSET = 8;
    public static final int HEADER_HEADER_ADDR_OFFSET = 12;
    public static final int HEADER_LOAD_ADDR_OFFSET = 16;
    public static final int HEADER_LOAD_END_ADDR_OFFSET = 20;
    public static final int HEADER_BSS_END_ADDR_OFFSET = 24;
    public static final int HEADER_ENTRY_ADDR_OFFSET = 28;
    /** Header flag bits. */
    public static final int HEADER_PAGE_ALIGN = 1 << 0;
    public static final int HEADER_MEMORY_INFO = 1 << 1;
    public static final int HEADER_VIDEO_MODE = 1 << 2;
    /** The "a.out kludge": load with the header's address fields instead of the ELF headers. */
    public static final int HEADER_ADDRESS_FIELDS = 1 << 16;

    // ---- machine state (3.2) ----
    public static final int BOOTLOADER_MAGIC = 0x2BADB002;

    // ---- the information structure (3.3) ----
    public static final int INFO_FLAGS = 0;
    public static final int INFO_MEM_LOWER = 4;
    public static final int INFO_MEM_UPPER = 8;
    public static final int INFO_BOOT_DEVICE = 12;
    public static final int INFO_CMDLINE = 16;
    public static final int INFO_MODS_COUNT = 20;
    public static final int INFO_MODS_ADDR = 24;
    public static final int INFO_MMAP_LENGTH = 44;
    public static final int INFO_MMAP_ADDR = 48;
    public static final int INFO_BOOT_LOADER_NAME = 64;
    /** QEMU copies this many bytes of the structure (MBI_SIZE); the rest stay zero. */
    public static final int INFO_SIZE = 88;
    /** Info flag bits: which fields are valid. */
    public static final int INFO_MEMORY = 1 << 0;
    public static final int INFO_BOOTDEV = 1 << 1;
    public static final int INFO_CMDLINE_VALID = 1 << 2;
    public static final int INFO_MODS = 1 << 3;
    public static final int INFO_MEM_MAP = 1 << 6;
    public static final int INFO_LOADER_NAME = 1 << 9;
    /** What QEMU always sets: 0x24f. */
    public static final int QEMU_INFO_FLAGS =
            INFO_MEMORY | INFO_BOOTDEV | INFO_CMDLINE_VALID | INFO_MODS | INFO_MEM_MAP | INFO_LOADER_NAME;

    /** A module descriptor: start, end (exclusive), string, reserved. */
    public static final int MODULE_START = 0;
    public static final int MODULE_END = 4;
    public static final int MODULE_STRING = 8;
    public static final int MODULE_SIZE = 16;

    /** A memory map entry: size of the rest (20), base (u64), length (u64), type. */
    public static final int MMAP_ENTRY_SIZE_FIELD = 20;
    public static final int MMAP_ENTRY_SIZE = 4 + MMAP_ENTRY_SIZE_FIELD;
    public static final int MMAP_AVAILABLE = 1;
    public static final int MMAP_RESERVED = 2;

    // ---- QEMU's choices (hw/i386/multiboot.c) ----
    /** ADDR_E820_MAP: where the option ROM stores the memory map. */
    public static final int QEMU_MMAP_ADDR = 0x9000;
    /** ADDR_MBI: where the information structure goes; EBX at entry. */
    public static final int QEMU_INFO_ADDR = QEMU_MMAP_ADDR + 0x500;
    /** BIOS drive 0x80 (first hard disk), all partition bytes 0xFF: "XXX: use the -boot switch?". */
    public static final int QEMU_BOOT_DEVICE = 0x8000FFFF;
    public static final String QEMU_LOADER_NAME = "qemu";
    /** QEMU aligns the kernel image, the string area and each module to its target page. */
    public static final int QEMU_PAGE_SIZE = 4096;

    // ---- what QEMU's option ROM (multiboot.S) leaves behind on -M isapc, read at the entry point ----
    /** Where QEMU's GDT sits (inside the option ROM; the kernel must load its own). */
    public static final int QEMU_GDT_LIMIT = 5 * 8 - 1;
    public static final int QEMU_IDT_BASE = 0;
    /** The real-mode interrupt vector table's limit, left in IDTR. */
    public static final int QEMU_IDT_LIMIT = 0x3FF;
    /** The option ROM's stack pointer when it jumps to the kernel. */
    public static final int QEMU_ENTRY_ESP = 0x6F14;
    /** EFLAGS with PF set (and the reserved bit 1): the flags of the ROM's last compare. */
    public static final int QEMU_ENTRY_EFLAGS = 0x6;
    /** EDI: the ROM's last fw_cfg transfer size. */
    public static final int QEMU_ENTRY_EDI = 0x1000;
    /** EDX: the high half of mem_upper (the ROM's KiB arithmetic) over this fixed low half. */
    public static final int QEMU_ENTRY_EDX_LOW = 0x0511;
    /** CR0 at entry: PE plus ET (a 486 with its FPU present). */
    public static final int QEMU_ENTRY_CR0 = Cr0.PE | Cr0.ET;
    public static final int QEMU_CODE_SELECTOR = 0x08;
    public static final int QEMU_DATA_SELECTOR = 0x10;
    /** Descriptor cache attributes as QEMU shows them at entry: the code one is not marked accessed. */
    public static final int QEMU_CODE_CACHE_FLAGS = 0x00CF9A00;
    public static final int QEMU_DATA_CACHE_FLAGS = 0x00CF9300;
}
