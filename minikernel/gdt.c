/*
 * gdt.c - the kernel's own GDT and TSS.  The loader's GDT lives wherever the
 * loader put it (QEMU: in option-ROM space), so it is replaced before anything
 * else.  Layout (mmu.h): null, kernel code 0x08, kernel data 0x10, user code
 * 0x1B and user data 0x23 (DPL 3), TSS 0x28.  All segments are flat 4 GiB;
 * protection comes from paging.
 */
#include "defs.h"
#include "mmu.h"
#include "x86.h"

#define DESC_P		(1 << 7)
#define DESC_S		(1 << 4)	/* code/data, not system */
#define DESC_DPL(d)	((d) << 5)
#define DESC_G		(1 << 7)	/* limit in 4 KiB units */
#define DESC_DB		(1 << 6)	/* 32-bit segment */

static struct segdesc gdt[GDT_ENTRIES];
static struct tss tss;

static void set_desc(int i, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	gdt[i].limit_lo = limit & 0xFFFF;
	gdt[i].base_lo = base & 0xFFFF;
	gdt[i].base_mid = (base >> 16) & 0xFF;
	gdt[i].access = access;
	gdt[i].limit_hi_flags = (uint8_t)(flags | ((limit >> 16) & 0x0F));
	gdt[i].base_hi = (base >> 24) & 0xFF;
}

static void set_flat(int i, int dpl, int type)
{
	set_desc(i, 0, 0xFFFFF, DESC_P | DESC_DPL(dpl) | DESC_S | type, DESC_G | DESC_DB);
}

/* Reloads every segment register: CS needs a far jump, the others a plain mov. */
static void load_segments(void)
{
	__asm__ volatile(
		"ljmp %0, $1f\n"
		"1:\n\t"
		"movl %1, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%fs\n\t"
		"movl %%eax, %%gs\n\t"
		"movl %%eax, %%ss\n"
		: : "i"(__KERNEL_CS), "i"(__KERNEL_DS) : "eax", "memory");
}

/* The kernel stack the CPU switches to on the next ring 3 -> ring 0 transition. */
void set_tss_esp0(unsigned long esp0)
{
	tss.esp0 = esp0;
}

void gdt_init(void)
{
	struct desc_ptr p;

	set_flat(__KERNEL_CS >> 3, 0, SEG_TYPE_CODE);
	set_flat(__KERNEL_DS >> 3, 0, SEG_TYPE_DATA);
	set_flat(__USER_CS >> 3, 3, SEG_TYPE_CODE);
	set_flat(__USER_DS >> 3, 3, SEG_TYPE_DATA);

	/* Ring-3 to ring-0 transitions will switch to ss0:esp0; no I/O bitmap. */
	tss.ss0 = __KERNEL_DS;
	tss.esp0 = (uint32_t)boot_stack_top;
	tss.iomap_base = sizeof(tss);
	set_desc(GDT_TSS_SEL >> 3, (uint32_t)&tss, sizeof(tss) - 1,
		 DESC_P | DESC_DPL(0) | SEG_TYPE_TSS, 0);

	p.limit = sizeof(gdt) - 1;
	p.base = (uint32_t)gdt;
	lgdt(&p);
	load_segments();
	ltr(GDT_TSS_SEL);
}
