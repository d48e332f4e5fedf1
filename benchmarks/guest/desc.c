/* desc.c - a flat GDT (kernel code and data) and an IDT of 32-bit interrupt gates
 * (SDM Vol. 3A 6.11). Vectors without a handler print one line and power off with status 2. */
#include "bench.h"

static u32 gdt[2 * 3] __attribute__((aligned(8)));
static u32 idt[2 * 256] __attribute__((aligned(8)));

/* access: P | DPL | S | type; flags: G | D/B in the high nibble of byte 6. */
static void set_seg(int i, u32 base, u32 limit, u8 access, u8 flags)
{
	gdt[2 * i] = (limit & 0xFFFF) | (base << 16);
	gdt[2 * i + 1] = ((base >> 16) & 0xFF) | ((u32)access << 8) | (limit & 0xF0000) |
			 ((u32)flags << 20) | (base & 0xFF000000);
}

void set_idt_gate(int vector, void (*handler)(void))
{
	u32 off = (u32)handler;
	idt[2 * vector] = (off & 0xFFFF) | ((u32)KERNEL_CS << 16);
	idt[2 * vector + 1] = (off & 0xFFFF0000) | 0x8E00;     /* P, DPL 0, 32-bit interrupt gate */
}

void unexpected_trap(void);
void unexpected_trap_c(void) __attribute__((noreturn));
__asm__(".text\nunexpected_trap: call unexpected_trap_c\n");

void unexpected_trap_c(void)
{
	puts(workload_name);
	puts(": unexpected trap\n");
	poweroff(2);
}

void desc_init(void)
{
	struct { u16 limit; u32 base; } __attribute__((packed)) gdtr, idtr;

	set_seg(1, 0, 0xFFFFF, 0x9A, 0xC);        /* kernel code */
	set_seg(2, 0, 0xFFFFF, 0x92, 0xC);        /* kernel data */
	for (int v = 0; v < 256; v++)
		set_idt_gate(v, unexpected_trap);
	gdtr.limit = sizeof(gdt) - 1;
	gdtr.base = (u32)gdt;
	idtr.limit = sizeof(idt) - 1;
	idtr.base = (u32)idt;
	__asm__ volatile("lgdt %0" : : "m"(gdtr));
	__asm__ volatile("lidt %0" : : "m"(idtr));
	__asm__ volatile("ljmp %0, $1f\n1:" : : "i"(KERNEL_CS));
	__asm__ volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%ss; mov %0, %%fs; mov %0, %%gs"
			 : : "r"(KERNEL_DS));
}
