/*
 * setup.c - what the boot loader told us (Multiboot 0.6.96, section 3.3).
 * Everything is copied into kernel variables at once, so the loader's
 * structures (QEMU puts them at 0x9500, other loaders elsewhere) may be
 * overwritten afterwards and their addresses never reach the transcript.
 * The memory map is kept in Linux's e820 form; without one, mem_lower and
 * mem_upper are turned into two ranges, as Linux does for "BIOS-e801".
 */
#include "defs.h"
#include "mmu.h"
#include "multiboot.h"

struct e820map e820;
struct boot_module boot_modules[MAX_BOOT_MODULES];
int nr_boot_modules;
unsigned long boot_mem_lower, boot_mem_upper;	/* KiB, as Multiboot gives them */

/* Physical loader data is read through the boot mapping, which covers BOOT_MAP_SIZE. */
static const void *boot_ptr(uint32_t phys, uint32_t len)
{
	if (phys >= BOOT_MAP_SIZE || len > BOOT_MAP_SIZE - phys)
		panic("setup_arch: loader data at %08x+%x outside the boot mapping", phys, len);
	return __va(phys);
}

static void copy_boot_string(char *dst, size_t size, uint32_t phys)
{
	const char *s = boot_ptr(phys, 1);
	size_t n = 0;

	while (n + 1 < size && phys + n < BOOT_MAP_SIZE && s[n])
		n++;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static void add_memory_region(uint64_t start, uint64_t size, uint32_t type)
{
	if (e820.nr_map >= E820MAX) {
		printk("Ooops! Too many entries in the memory map!\n");
		return;
	}
	e820.map[e820.nr_map].addr = start;
	e820.map[e820.nr_map].size = size;
	e820.map[e820.nr_map].type = type;
	e820.nr_map++;
}

static void copy_mmap(const struct multiboot_info *mbi)
{
	uint32_t off = 0;
	const uint8_t *base = boot_ptr(mbi->mmap_addr, mbi->mmap_length);

	while (off + sizeof(uint32_t) <= mbi->mmap_length) {
		const struct multiboot_mmap_entry *e = (const void *)(base + off);

		add_memory_region(e->addr, e->len, e->type);
		off += e->size + sizeof(e->size);
	}
}

static void copy_modules(const struct multiboot_info *mbi)
{
	const struct multiboot_module *m;
	uint32_t i;

	m = boot_ptr(mbi->mods_addr, mbi->mods_count * sizeof(*m));
	for (i = 0; i < mbi->mods_count && i < MAX_BOOT_MODULES; i++) {
		boot_modules[i].start = m[i].mod_start;
		boot_modules[i].end = m[i].mod_end;
		boot_modules[i].string[0] = '\0';
		if (m[i].string)
			copy_boot_string(boot_modules[i].string, sizeof(boot_modules[i].string),
					 m[i].string);
	}
	nr_boot_modules = (int)i;
}

static const char *e820_type_name(uint32_t type)
{
	switch (type) {
	case E820_RAM:		return "usable";
	case E820_RESERVED:	return "reserved";
	case E820_ACPI:		return "ACPI data";
	case E820_NVS:		return "ACPI NVS";
	default:		return NULL;
	}
}

static void print_memory_map(const char *who)
{
	int i;

	for (i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];
		const char *name = e820_type_name(e->type);

		printk(" %s: %016Lx - %016Lx ", who, e->addr, e->addr + e->size);
		if (name)
			printk("(%s)\n", name);
		else
			printk("type %u\n", e->type);
	}
}

void setup_arch(uint32_t magic, uint32_t mbi_phys)
{
	const struct multiboot_info *mbi;
	int i;

	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("setup_arch: not loaded by a Multiboot loader (eax=%08x)", magic);
	mbi = boot_ptr(mbi_phys, sizeof(*mbi));
	if (mbi->flags & MBI_CMDLINE)
		copy_boot_string(boot_command_line, sizeof(boot_command_line), mbi->cmdline);
	if (!(mbi->flags & MBI_MEMORY))
		panic("setup_arch: the loader passed no memory size");
	boot_mem_lower = mbi->mem_lower;
	boot_mem_upper = mbi->mem_upper;
	if (mbi->flags & MBI_MODS)
		copy_modules(mbi);

	printk("BIOS-provided physical RAM map:\n");
	if (mbi->flags & MBI_MMAP) {
		copy_mmap(mbi);
		print_memory_map("BIOS-e820");
	} else {
		add_memory_region(0, boot_mem_lower << 10, E820_RAM);
		add_memory_region(0x100000, (uint64_t)boot_mem_upper << 10, E820_RAM);
		print_memory_map("BIOS-e801");
	}
	printk("Multiboot: mem_lower %luK, mem_upper %luK\n", boot_mem_lower, boot_mem_upper);
	for (i = 0; i < nr_boot_modules; i++)
		printk("Multiboot: module %d: %08lx - %08lx \"%s\"\n", i,
		       boot_modules[i].start, boot_modules[i].end, boot_modules[i].string);
	printk("Kernel command line: %s\n", boot_command_line);
}
