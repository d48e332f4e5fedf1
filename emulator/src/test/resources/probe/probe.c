/*
 * probe.c - prints, on COM1, everything a Multiboot loader passes: entry
 * registers, the information structure word by word, the memory map, the
 * modules and every string, then exits through isa-debug-exit.
 * One "key value" line per fact, so two dumps diff line by line.
 */
#include <stdint.h>

struct entry_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp, eflags, cr0;
	uint32_t cs, ds, es, fs, gs, ss;
	uint16_t gdt_limit;
	uint32_t gdt_base;
	uint16_t pad0;
	uint16_t idt_limit;
	uint32_t idt_base;
	uint16_t pad1;
	uint32_t cr4;
} __attribute__((packed));

struct entry_regs entry_regs;

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static void putc(char c)
{
	outb(0x3F8, (uint8_t)c);
}

static void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

static void puthex(uint32_t v)
{
	int i;

	for (i = 28; i >= 0; i -= 4)
		putc("0123456789abcdef"[(v >> i) & 0xF]);
}

static void field(const char *name, uint32_t v)
{
	puts(name);
	putc(' ');
	puthex(v);
	putc('\n');
}

static void string(const char *name, uint32_t addr)
{
	const char *s = (const char *)addr;

	puts(name);
	puts(" @");
	puthex(addr);
	puts(" \"");
	while (*s)
		putc(*s++);
	puts("\"\n");
}

static uint32_t word(uint32_t addr)
{
	return *(volatile uint32_t *)addr;
}

void probe_main(void)
{
	struct entry_regs *r = &entry_regs;
	uint32_t mbi = r->ebx, i, off;
	char name[16] = "mbi[xx]";

	field("eax", r->eax);
	field("ebx", r->ebx);
	field("ecx", r->ecx);
	field("edx", r->edx);
	field("esi", r->esi);
	field("edi", r->edi);
	field("ebp", r->ebp);
	field("esp", r->esp);
	field("eflags", r->eflags);
	field("cr0", r->cr0);
	field("cr4", r->cr4);
	field("cs", r->cs & 0xFFFF);
	field("ds", r->ds & 0xFFFF);
	field("es", r->es & 0xFFFF);
	field("fs", r->fs & 0xFFFF);
	field("gs", r->gs & 0xFFFF);
	field("ss", r->ss & 0xFFFF);
	field("gdt.base", r->gdt_base);
	field("gdt.limit", r->gdt_limit);
	field("idt.base", r->idt_base);
	field("idt.limit", r->idt_limit);
	for (i = 0; i + 3 < (uint32_t)r->gdt_limit + 1u; i += 4)
		field("gdt.word", word(r->gdt_base + i));
	for (i = 0; i < 22; i++) {
		name[4] = "0123456789"[i / 10];
		name[5] = "0123456789"[i % 10];
		field(name, word(mbi + 4 * i));
	}
	if (word(mbi) & (1 << 2))
		string("cmdline", word(mbi + 16));
	if (word(mbi) & (1 << 3)) {
		for (i = 0; i < word(mbi + 20); i++) {
			uint32_t m = word(mbi + 24) + 16 * i;

			field("mod.start", word(m));
			field("mod.end", word(m + 4));
			string("mod.string", word(m + 8));
			field("mod.reserved", word(m + 12));
			field("mod.first", word(word(m)));
		}
	}
	if (word(mbi) & (1 << 6)) {
		for (off = 0; off < word(mbi + 44); off += word(word(mbi + 48) + off) + 4) {
			uint32_t e = word(mbi + 48) + off;

			field("mmap.size", word(e));
			field("mmap.base.lo", word(e + 4));
			field("mmap.base.hi", word(e + 8));
			field("mmap.len.lo", word(e + 12));
			field("mmap.len.hi", word(e + 16));
			field("mmap.type", word(e + 20));
		}
	}
	if (word(mbi) & (1 << 9))
		string("loader", word(mbi + 64));
	outb(0xF4, 0x10);
}
