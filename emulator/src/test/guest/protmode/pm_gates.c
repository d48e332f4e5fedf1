/*
 * pm_gates.c - ring 3: faults, INT n through DPL-checked and absent gates, the I/O bitmap, call
 * gates and conforming code; at CPL 0: IDT limit, a 16-bit gate, IRET and RETF checks (SDM
 * Vol. 3A 5.8, 6.12, Vol. 2 IRET, RET).
 */
#include "pm.h"

void ring3(void)
{
	u32 ustack_top = (u32)user_stack + sizeof(user_stack);

	puts("-- ring 3\n");
	user_flat("mov ds, 0010", u_mov_ds, u_mov_ds_end, KDATA);
	user_flat("mov ds, 0023", u_mov_ds, u_mov_ds_end, UDATA);
	user_flat("mov ds, 009b", u_mov_ds, u_mov_ds_end, CONFORM | 3);
	user_flat("mov ds, 000b", u_mov_ds, u_mov_ds_end, KCODE | 3);
	user_flat("hlt", u_hlt, u_hlt_end, 0);
	user_flat("cli at iopl 0", u_cli, u_cli_end, 0);
	user_flat("int 0x40 (gate dpl 0)", u_int40, u_int40_end, 0);
	user_flat("int 0x41 (gate absent)", u_int41, u_int41_end, 0);
	user_flat("int3 (gate dpl 0)", u_int3, u_int3_end, 0);
	user_flat("int 0x42", u_int42, u_int42_end, 0);
	print_frame("int 0x42 frame", (u32)u_int42_end, 1);
	user("ss-relative read past the limit", u_ss_read, u_ss_read_end, 0, USTACK, 0x800);
	user("push below offset 0", u_push_wrap, u_push_wrap_end, 0, USTACK, 0x800);

	{
		u32 words[5] = { (u32)u_read_ds, UCODE, 0x2, ustack_top, UDATA };
		pm_enter(words, 5, 0, KDATA);
		puts("iret to ring 3 with ds = 0010 leaves ds ");
		puthex(exit_eax & 0xFFFF, 4);
		pm_enter(words, 5, 0, UDATA);
		puts(", with ds = 0023 leaves ds ");
		puthex(exit_eax & 0xFFFF, 4);
		putc('\n');
	}
	user_flat("iret at ring 3 with IF and IOPL 3 in the image", u_iret_flags, u_iret_flags, 0);
	puts("eflags if/iopl after: ");
	puthex(exit_eax & 0x3200, 4);
	user_flat(", popf the same", u_popf_flags, u_popf_flags, 0);
	puts("eflags if/iopl after: ");
	puthex(exit_eax & 0x3200, 4);
	putc('\n');
	user_flat("lcall conforming code", u_conforming_call, u_conforming_call_end, 0);
	puts("conforming code ran with cs ");
	puthex(exit_eax & 0xFFFF, 4);
	putc('\n');
	user_flat("ljmp through a call gate to conforming code", u_gate_jump, u_gate_jump_end, 0);
	puts("it ran with cs ");
	puthex(exit_eax & 0xFFFF, 4);
	putc('\n');

	puts("-- I/O permission bitmap at CPL 3, IOPL 0\n");
	user_flat("outb 0x80", u_out80, u_out80_end, 0);
	user_flat("inb 0x81", u_in81, u_in81_end, 0);
	user_flat("outw 0x7f", u_outw7f, u_outw7f_end, 0);

	puts("-- call gate from ring 3, 2 parameters\n");
	for (int i = 0; i < 8; i++)
		cg_record[i] = 0;
	user_flat("lcall gate", u_callgate, u_callgate_end, 0);
	puts("ring 0 stack: eip+");
	puthex(cg_record[0] - (u32)u_callgate_end, 2);
	puts(" cs ");
	puthex(cg_record[1], 4);
	puts(" params ");
	puthex(cg_record[2], 8);
	putc(' ');
	puthex(cg_record[3], 8);
	puts(" esp top-");
	puthex(ustack_top - cg_record[4], 2);
	puts(" ss ");
	puthex(cg_record[5], 4);
	puts(" new cs ");
	puthex(cg_record[6], 4);
	puts(" new ss ");
	puthex(cg_record[7], 4);
	puts("\nafter retf 8: user esp top-");
	puthex(ustack_top - exit_eax, 2);
	putc('\n');
	gdt[2 * (GATE >> 3) + 1] &= ~(1u << 15);
	user_flat("lcall gate not present", u_callgate_bad, u_callgate_bad_end, 0);
	gdt[2 * (GATE >> 3) + 1] |= 1u << 15;
}

static void iret_result(const char *what, u32 cs, u32 ss);
static void retf_result(const char *what, u32 cs, u32 ss);

void kernel_interrupts(void)
{
	puts("-- interrupts at CPL 0\n");
	got_vector = -1;
	__asm__ volatile("int $0x42; 1: movl $1b, %0" : "=m"(got[FRAME_WORDS - 1]) : : "memory");
	print_frame("int 0x42 from ring 0", got[FRAME_WORDS - 1], 0);
	load_idtr(0x41 * 8 - 1);
	got_vector = -1;
	__asm__ volatile("movl $1f, pm_resume; int $0x41; 1: movl $0, pm_resume" : : : "memory");
	load_idtr(sizeof(idt) - 1);
	puts("int 0x41 beyond the IDT limit:");
	result();

	gate16_probe();
	puts("16-bit gate: ip ");
	puts(g16_record[0] == (((u32)gate16_return - CODE_HI_BASE) & 0xFFFF) ? "ok" : "wrong");
	puts(" cs ");
	puthex(g16_record[1], 4);
	puts(" flags ");
	puthex(g16_record[2] & EFLAGS_SHOWN, 4);
	putc('\n');

	puts("-- iret checks at CPL 0\n");
	iret_result("iret cs 0000", 0, UDATA);
	iret_result("iret cs 000b (dpl 0, rpl 3)", KCODE | 3, UDATA);
	iret_result("iret cs 0013 (data)", KDATA | 3, UDATA);
	iret_result("iret cs 001b ss 0010", UCODE, KDATA);
	iret_result("iret cs 001b ss 0000", UCODE, 0);
	iret_result("iret cs 001b ss 00ab (absent)", UCODE, ABSENT3);
	iret_result("iret cs 001b ss 0033 (tss)", UCODE, TSS_B | 3);

	puts("-- retf checks at CPL 0\n");
	retf_result("retf cs 0000", 0, UDATA);
	retf_result("retf cs 000b (dpl 0, rpl 3)", KCODE | 3, UDATA);
	retf_result("retf cs 001b ss 0010", UCODE, KDATA);
	retf_result("retf cs 001b ss 0000", UCODE, 0);
	retf_result("retf cs 001b ss 00ab (absent)", UCODE, ABSENT3);
}

static void retf_result(const char *what, u32 cs, u32 ss)
{
	got_vector = -1;
	retf_probe(cs, ss);
	puts(what);
	putc(':');
	result();
}

static void iret_result(const char *what, u32 cs, u32 ss)
{
	got_vector = -1;
	iret_probe(cs, ss);
	puts(what);
	putc(':');
	result();
}
