/*
 * pm_modes.c - V86 mode, a trip to real mode, and double faults (SDM Vol. 3A 20, 9.9.2, 6.15).
 */
#include "pm.h"

static void v86(const char *what, u32 ip, u32 iopl)
{
	u32 words[9] = { ip, V86_CS, 0x2 | iopl | EFLAGS_VM, 0x1000, 0x0800, 0x1111, 0x2222, 0x3333, 0x4444 };
	struct frame *f = frame();

	got_vector = -1;
	pm_enter(words, 9, 0, KDATA);
	puts(what);
	putc(':');
	result();
	puts("   frame: eip ");
	puthex(f->eip, 4);
	puts(" cs ");
	puthex(f->cs, 4);
	puts(" eflags ");
	puthex(f->eflags & EFLAGS_SHOWN, 8);
	puts(" ss:esp ");
	puthex(f->ss, 4);
	putc(':');
	puthex(f->esp, 8);
	puts(" es ds fs gs ");
	puthex(f->v86_es, 4);
	putc(' ');
	puthex(f->v86_ds, 4);
	putc(' ');
	puthex(f->v86_fs, 4);
	putc(' ');
	puthex(f->v86_gs, 4);
	puts(" handler ds ");
	puthex(f->ds & 0xFFFF, 4);
	putc('\n');
}

void v86_tests(void)
{
	u8 *dst = (u8 *)V86_CODE;
	const u8 *src = (const u8 *)v86_code;
	while (src != (const u8 *)v86_code_end)
		*dst++ = *src++;
	puts("-- V86 mode\n");
	v86("cli at iopl 0", 0, 0);
	v86("int 0x42 at iopl 3", 1, EFLAGS_IOPL3);
	v86("int 0x42 at iopl 0", 1, 0);
	v86("inb 0x80 (bitmap allows), then cli", 4, 0);
	v86("inb 0x81 at iopl 3 (bitmap refuses)", 7, EFLAGS_IOPL3);
}

void real_mode(void)
{
	u8 *dst = (u8 *)RM_BLOB;
	const u8 *src = (const u8 *)rm_blob;
	volatile u32 *r = RM_RESULTS;

	while (src != (const u8 *)rm_blob_end)
		*dst++ = *src++;
	for (int i = 0; i < 8; i++)
		r[i] = 0;
	real_mode_trip();
	load_idtr(sizeof(idt) - 1);
	puts("-- real mode and back\n");
	puts("fs reloaded in real mode keeps its 4 GiB limit: [100000] = ");
	puthex(r[0], 8);
	puts("\nint 0x60 through the IVT: eflags in handler ");
	puthex(r[1] & 0x00070300, 8);
	puts(", after iret ");
	puthex(r[2] & 0x00070300, 8);
	puts("\nword at ds:ffff: #GP through the IVT at ip ");
	puthex(r[4] & 0xFFFF, 4);
	puts(" cs ");
	puthex(r[4] >> 16, 4);
	puts(", ss:sp after ");
	puthex(r[3] & 0xFFFF, 4);
	putc(':');
	puthex(r[3] >> 16, 4);
	putc('\n');
}

void paging_double_fault(void)
{
	u32 df_lo = idt[2 * 8], df_hi = idt[2 * 8 + 1];

	for (u32 i = 0; i < 1024; i++)
		pt_low[i] = (i << 12) | 0x7;                    /* present, writable, user */
	pt_low[(u32)unmapped_stack >> 12] = 0;
	pgdir[0] = (u32)pt_low | 0x7;
	tss_a.t.cr3 = tss_c.cr3 = (u32)pgdir;
	write_cr3((u32)pgdir);
	write_cr0(read_cr0() | 0x80000000u);

	puts("-- ring-0 stack not mapped: #PF, #PF, then #DF through a task gate\n");
	set_gate(idt, 8, TSS_C, 0, 0x85, 0);
	tss_a.t.esp0 = (u32)unmapped_stack + sizeof(unmapped_stack);
	c_fix_esp0 = 1;
	c_error = 0xFFFF;
	user_flat("int 0x42 at ring 3", u_int42, u_int42_end, 0);
	c_fix_esp0 = 0;
	puts("task C: tr ");
	puthex(c_tr, 4);
	puts(" #DF error ");
	puthex(c_error, 4);
	puts(" cr2 = stack top - ");
	puthex((u32)unmapped_stack + sizeof(unmapped_stack) - c_cr2, 2);
	putc('\n');
	task_state("back in A");

	write_cr0(read_cr0() & ~0x80000000u);
	idt[2 * 8] = df_lo;
	idt[2 * 8 + 1] = df_hi;
}

void double_fault(void)
{
	puts("-- #NP while delivering #NP: #DF\n");
	idt[2 * 11 + 1] &= ~(1u << 15);
	__asm__ volatile("movl $1f, %0; 1: int $0x41" : "=m"(got[0]) : : "memory");
	puts("no #DF\n");
}
