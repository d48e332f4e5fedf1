/* desc.c - GDT with kernel and user segments, a TSS for ring changes, an IDT, trap dispatch. */
#include "guest.h"

struct tss {
	u32 link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	u32 eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap;
} __attribute__((packed));

static u32 gdt[2 * 6] __attribute__((aligned(8)));
static u32 idt[2 * 256] __attribute__((aligned(8)));
static struct tss tss;
static trap_handler handlers[256];

extern void vec0(void), vec1(void), vec2(void), vec3(void), vec4(void), vec5(void), vec6(void),
	vec7(void), vec8(void), vec9(void), vec10(void), vec11(void), vec12(void), vec13(void),
	vec14(void), vec15(void), vec16(void), vec17(void), vec18(void), vec19(void), vec128(void);
extern void leave_user(void) __attribute__((noreturn));

static void *const vectors[20] = {
	vec0, vec1, vec2, vec3, vec4, vec5, vec6, vec7, vec8, vec9,
	vec10, vec11, vec12, vec13, vec14, vec15, vec16, vec17, vec18, vec19,
};

/* access: P | DPL | S | type; flags: G | D/B in the high nibble of byte 6. */
static void set_seg(int i, u32 base, u32 limit, u8 access, u8 flags)
{
	gdt[2 * i] = (limit & 0xFFFF) | (base << 16);
	gdt[2 * i + 1] = ((base >> 16) & 0xFF) | ((u32)access << 8) | (limit & 0xF0000) |
			 ((u32)flags << 20) | (base & 0xFF000000);
}

static void set_gate(int v, void *fn, int dpl)
{
	u32 off = (u32)fn;
	idt[2 * v] = (off & 0xFFFF) | ((u32)KERNEL_CS << 16);
	idt[2 * v + 1] = (off & 0xFFFF0000) | 0x8E00 | ((u32)dpl << 13);  /* 32-bit interrupt gate */
}

void set_trap_handler(int vector, trap_handler h)
{
	handlers[vector] = h;
}

void trap(struct trapframe *tf)
{
	if (tf->vector == 128)
		leave_user();
	if (handlers[tf->vector]) {
		handlers[tf->vector](tf);
		return;
	}
	puts("unexpected trap ");
	putdec(tf->vector);
	puts(" error ");
	puthex(tf->error, 4);
	puts(" eip ");
	puthex(tf->eip, 8);
	puts(" cr2 ");
	puthex(read_cr2(), 8);
	putc('\n');
	poweroff(2);
}

void desc_init(u32 kernel_stack_top)
{
	struct { u16 limit; u32 base; } __attribute__((packed)) gdtr, idtr;

	set_seg(1, 0, 0xFFFFF, 0x9A, 0xC);        /* kernel code */
	set_seg(2, 0, 0xFFFFF, 0x92, 0xC);        /* kernel data */
	set_seg(3, 0, 0xFFFFF, 0xFA, 0xC);        /* user code, DPL 3 */
	set_seg(4, 0, 0xFFFFF, 0xF2, 0xC);        /* user data, DPL 3 */
	tss.ss0 = KERNEL_DS;
	tss.esp0 = kernel_stack_top;
	tss.iomap = sizeof(tss);
	set_seg(5, (u32)&tss, sizeof(tss) - 1, 0x89, 0x0);  /* available 32-bit TSS */
	for (int v = 0; v < 20; v++)
		set_gate(v, vectors[v], 0);
	set_gate(128, vec128, 3);

	gdtr.limit = sizeof(gdt) - 1;
	gdtr.base = (u32)gdt;
	idtr.limit = sizeof(idt) - 1;
	idtr.base = (u32)idt;
	__asm__ volatile("lgdt %0" : : "m"(gdtr));
	__asm__ volatile("lidt %0" : : "m"(idtr));
	__asm__ volatile("ljmp %0, $1f\n1:" : : "i"(KERNEL_CS));
	__asm__ volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%ss; mov %0, %%fs; mov %0, %%gs"
			 : : "r"(KERNEL_DS));
	__asm__ volatile("ltr %w0" : : "r"(TSS_SEL));
}
