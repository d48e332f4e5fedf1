/*
 * pm_segments.c - segment loads, limit and type checks, the LDT, LAR/LSL/VERR/VERW (SDM Vol. 3A
 * 3.4, 5.3-5.6; Vol. 2 LAR, LSL, VERR).
 */
#include "pm.h"

void load_ds(u16 sel)
{
	got_vector = -1;
	__asm__ volatile("movl $1f, pm_resume; mov %0, %%ds; 1: mov %1, %%ds; movl $0, pm_resume"
			 : : "r"((u32)sel), "r"((u32)KDATA) : "memory");
	label("mov ds, ", sel, 4);
	result();
}

static void load_ss(u16 sel)
{
	got_vector = -1;
	__asm__ volatile("movl $1f, pm_resume; mov %%ss, %%dx; mov %0, %%ss; mov %%dx, %%ss; 1: movl $0, pm_resume"
			 : : "r"((u32)sel) : "edx", "memory");
	label("mov ss, ", sel, 4);
	result();
}

static void access(const char *what, u16 sel, u32 offset, int write, int size)
{
	got_vector = -1;
	__asm__ volatile("mov %0, %%es" : : "r"((u32)sel));
	if (write && size == 4)
		__asm__ volatile("movl $1f, pm_resume; movl $0, %%es:(%0); 1: movl $0, pm_resume"
				 : : "r"(offset) : "memory");
	else if (write)
		__asm__ volatile("movl $1f, pm_resume; movb $0, %%es:(%0); 1: movl $0, pm_resume"
				 : : "r"(offset) : "memory");
	else if (size == 4)
		__asm__ volatile("movl $1f, pm_resume; movl %%es:(%0), %%eax; 1: movl $0, pm_resume"
				 : : "r"(offset) : "eax", "memory");
	else if (size == 2)
		__asm__ volatile("movl $1f, pm_resume; movw %%es:(%0), %%ax; 1: movl $0, pm_resume"
				 : : "r"(offset) : "eax", "memory");
	else
		__asm__ volatile("movl $1f, pm_resume; movb %%es:(%0), %%al; 1: movl $0, pm_resume"
				 : : "r"(offset) : "eax", "memory");
	__asm__ volatile("mov %0, %%es" : : "r"((u32)KDATA));
	puts(what);
	label(" ", offset, 8);
	result();
}

void segments(void)
{
	static const u16 ds_sels[] = { 0x0000, 0x0003, KCODE, XONLY, TSS_A, ABSENT, BEYOND, 0x0044,
				       RODATA, DOWN, UDATA, CONFORM };
	static const u16 ss_sels[] = { 0x0000, RODATA, KCODE, UDATA, ABSENT, BEYOND, RWDATA, DOWN };

	puts("-- segment loads at CPL 0\n");
	for (unsigned i = 0; i < sizeof(ds_sels) / sizeof(ds_sels[0]); i++)
		load_ds(ds_sels[i]);
	for (unsigned i = 0; i < sizeof(ss_sels) / sizeof(ss_sels[0]); i++)
		load_ss(ss_sels[i]);

	puts("-- limits and types\n");
	access("read  rw   dword", RWDATA, 0xFFC, 0, 4);
	access("read  rw   dword", RWDATA, 0xFFD, 0, 4);
	access("write rw   byte ", RWDATA, 0xFFF, 1, 1);
	access("write rw   byte ", RWDATA, 0x1000, 1, 1);
	access("read  ro   dword", RODATA, 0, 0, 4);
	access("write ro   byte ", RODATA, 0, 1, 1);
	access("read  down byte ", DOWN, 0xFFF, 0, 1);
	access("read  down byte ", DOWN, 0x1000, 0, 1);
	access("read  down word ", DOWN, 0xFFFE, 0, 2);
	access("read  down word ", DOWN, 0xFFFF, 0, 2);
	access("read  down4g byte", DOWN4G, 0xFFF, 0, 1);
	access("read  down4g byte", DOWN4G, 0x1000, 0, 1);
	access("read  down4g dword", DOWN4G, 0xFFFFFFFC, 0, 4);
	access("read  down4g dword", DOWN4G, 0xFFFFFFFD, 0, 4);
	access("read  flat dword", KDATA, 0xFFFFFFFE, 0, 4);
	access("read  null byte ", 0, 0, 0, 1);
}

void ldt_test(void)
{
	u32 v, sel;
	puts("-- LDT\n");
	test_area[0x100] = 0x5A;
	__asm__ volatile("lldt %w0" : : "r"(LDT_SEL));
	__asm__ volatile("sldt %0" : "=r"(sel));
	load_ds(LDT_DATA);
	__asm__ volatile("mov %1, %%es; movzbl %%es:0, %0; mov %2, %%es" : "=r"(v) : "r"((u32)LDT_DATA), "r"((u32)KDATA));
	puts("sldt ");
	puthex(sel & 0xFFFF, 4);
	puts(", byte 0 of LDT segment 000c: ");
	puthex(v, 2);
	putc('\n');
	load_ds(0x0014);
	load_ds(0x0024);
	__asm__ volatile("lldt %w0" : : "r"(0));
	load_ds(LDT_DATA);
}

static void lar(u16 sel)
{
	u32 v = 0xDEAD, zf;
	__asm__ volatile("lar %2, %0; setz %b1" : "+r"(v), "=q"(zf) : "r"((u32)sel) : "cc");
	label("lar ", sel, 4);
	puts(zf & 1 ? " zf=1 " : " zf=0 ");
	puthex(v, 8);
	putc('\n');
}

static void lsl(u16 sel)
{
	u32 v = 0xDEAD, zf;
	__asm__ volatile("lsl %2, %0; setz %b1" : "+r"(v), "=q"(zf) : "r"((u32)sel) : "cc");
	label("lsl ", sel, 4);
	puts(zf & 1 ? " zf=1 " : " zf=0 ");
	puthex(v, 8);
	putc('\n');
}

static void verify(u16 sel)
{
	u32 r, w;
	__asm__ volatile("verr %w2; setz %b0; verw %w2; setz %b1" : "=q"(r), "=q"(w) : "r"((u32)sel) : "cc");
	label("verr/verw ", sel, 4);
	puts(r & 1 ? " r" : " -");
	puts(w & 1 ? "w\n" : "-\n");
}

struct pseudo_descriptor {
	u16 limit;
	u32 base;
} __attribute__((packed));

/*
 * LGDT with a 16-bit operand loads 24 bits of base (SDM Vol. 2 LGDT). (The 16-bit SGDT is left
 * out: Bochs 2.7 stores all 32 bits of base, while the SDM's note for the 386/486 and QEMU
 * store a zero high byte, as j386 does.)
 */
static void table_registers(void)
{
	struct pseudo_descriptor saved, high = { 0x0123, 0xAB123456 }, out = { 0, 0 };

	puts("-- lgdt with a 16-bit operand\n");
	__asm__ volatile("sgdt %0" : "=m"(saved));
	__asm__ volatile("data16 lgdt %1; sgdt %0; lgdt %2" : "=m"(out) : "m"(high), "m"(saved) : "memory");
	puts("16-bit lgdt base ab123456 loads ");
	puthex(out.base, 8);
	puts(" limit ");
	puthex(out.limit, 4);
	putc('\n');
}

void descriptors(void)
{
	static const u16 sels[] = { KCODE, UDATA, TSS_A, TSS_B, GATE, TGATE, ABSENT, XONLY, BEYOND, 0 };

	puts("-- lar, lsl, verr, verw at CPL 0\n");
	for (unsigned i = 0; i < sizeof(sels) / sizeof(sels[0]); i++) {
		lar(sels[i]);
		lsl(sels[i]);
		verify(sels[i]);
	}
	table_registers();
}
