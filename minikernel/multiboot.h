/*
 * multiboot.h - the Multiboot 0.6.96 header and information structure
 * (Multiboot Specification, sections 3.1 and 3.3).
 */
#ifndef MULTIBOOT_H
#define MULTIBOOT_H

#define MULTIBOOT_HEADER_MAGIC		0x1BADB002
#define MULTIBOOT_BOOTLOADER_MAGIC	0x2BADB002
#define MULTIBOOT_PAGE_ALIGN		(1 << 0)	/* modules on 4 KiB boundaries */
#define MULTIBOOT_MEMORY_INFO		(1 << 1)	/* pass mem_* and the memory map */
#define MULTIBOOT_HEADER_FLAGS		(MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)

/* multiboot_info.flags: which fields are valid. */
#define MBI_MEMORY	(1 << 0)
#define MBI_CMDLINE	(1 << 2)
#define MBI_MODS	(1 << 3)
#define MBI_MMAP	(1 << 6)

#ifndef __ASSEMBLER__

#include <stdint.h>

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;	/* KiB below 1 MiB and above 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
};

struct multiboot_module {
	uint32_t mod_start, mod_end;	/* [start, end) physical */
	uint32_t string;
	uint32_t reserved;
};

/* 'size' counts the bytes after itself; entries are walked by it, not by sizeof. */
struct multiboot_mmap_entry {
	uint32_t size;
	uint64_t addr;
	uint64_t len;
	uint32_t type;
} __attribute__((packed));

#endif /* __ASSEMBLER__ */
#endif /* MULTIBOOT_H */
