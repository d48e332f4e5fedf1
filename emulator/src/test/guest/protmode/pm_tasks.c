/*
 * pm_tasks.c - task switches through CALL, JMP, task gates (also for #GP) and IRET, with
 * 32- and 16-bit TSSs; faults while taking a ring-1 stack from the TSS (SDM Vol. 3A 7.3, 6.12.1).
 */
#include "pm.h"

void task_b_body(void)
{
	u32 tr, fl;
	__asm__ volatile("str %0" : "=r"(tr));
	__asm__ volatile("pushfl; popl %0" : "=r"(fl));
	b_tr = tr & 0xFFFF;
	b_eflags = fl;
	b_link = tss_b.link;
}

static u32 tss_type(u16 sel)
{
	return (gdt[2 * (sel >> 3) + 1] >> 8) & 0xF;
}

void task_state(const char *what)
{
	u32 tr, fl;
	__asm__ volatile("str %0" : "=r"(tr));
	__asm__ volatile("pushfl; popl %0" : "=r"(fl));
	puts(what);
	puts(": tr ");
	puthex(tr & 0xFFFF, 4);
	puts(" nt ");
	putdec((fl & EFLAGS_NT) != 0);
	puts(" types A ");
	puthex(tss_type(TSS_A), 1);
	puts(" B ");
	puthex(tss_type(TSS_B), 1);
	puts(" cr0.ts ");
	putdec((read_cr0() >> 3) & 1);
	putc('\n');
	__asm__ volatile("clts");
}

static void task_b_report(const char *what)
{
	puts(what);
	puts(": tr ");
	puthex(b_tr, 4);
	puts(" nt ");
	putdec((b_eflags & EFLAGS_NT) != 0);
	puts(" link ");
	puthex(b_link, 4);
	putc('\n');
}

void tasks(void)
{
	u32 *t16 = (u32 *)t16_area;

	puts("-- task switches\n");
	task_b_jmp_back = 0;
	__asm__ volatile("lcall %0, $0" : : "i"(TSS_B) : "memory");
	task_b_report("call tss B, in B");
	task_state("back in A after iret");

	tss_b.link = 0;
	task_b_jmp_back = 1;
	__asm__ volatile("ljmp %0, $0; 1:" : : "i"(TGATE) : "memory");
	task_b_report("jmp task gate, in B");
	task_state("back in A after jmp");

	got_vector = -1;
	__asm__ volatile("movl $1f, pm_resume; ljmp %0, $0; 1: movl $0, pm_resume" : : "i"(TSS_A) : "memory");
	puts("jmp to the busy current TSS:");
	result();

	{
		u32 b_eip = tss_b.eip, dr6;
		tss_b.trap = 1;
		task_b_jmp_back = 0;
		got_vector = -1;
		__asm__ volatile("lcall %0, $0" : : "i"(TSS_B) : "memory");
		tss_b.trap = 0;
		__asm__ volatile("mov %%dr6, %0" : "=r"(dr6));
		__asm__ volatile("mov %0, %%dr6" : : "r"(0));
		puts("call tss B with T set:");
		result();
		puts("   dr6.bt ");
		putdec((dr6 >> 15) & 1);
		puts(", trap at B's first instruction: ");
		puts(got_vector == 1 && frame()->eip == b_eip ? "yes" : "no");
		putc('\n');
	}
	task_b_jmp_back = 0;
	user_flat("lcall task gate from ring 3", u_task_call, u_task_call_end, 0x1234);
	task_b_report("in B");
	puts("ring 3 resumed with eax ");
	puthex(exit_eax, 8);
	putc('\n');
	task_state("back in A");

	__asm__ volatile("lcall %0, $0" : : "i"(TSS16) : "memory");
	puts("16-bit task: eax ");
	puthex(t16[0], 8);
	puts(" ebx ");
	puthex(t16[1], 8);
	puts(" esp ");
	puthex(t16[2], 8);
	puts(" eflags ");
	puthex(t16[3], 8);
	puts(" fs ");
	puthex(t16[4] & 0xFFFF, 4);
	putc('\n');
	task_state("back in A after the 16-bit task");
}

void task_c_body(void)
{
	u32 tr;
	__asm__ volatile("str %0" : "=r"(tr));
	c_tr = tr & 0xFFFF;
	c_cr2 = read_cr2();
	tss_a.t.eip = pm_resume;                /* the interrupted task resumes after its probe */
	if (c_fix_esp0)
		tss_a.t.esp0 = (u32)kernel_stack + sizeof(kernel_stack);
}

void stack_switch_faults(void)
{
	u32 vec5_lo = idt[2 * 5], vec5_hi = idt[2 * 5 + 1];

	puts("-- faults taking the ring-1 stack from the TSS\n");
	tss_a.t.ss1 = RWDATA;                   /* DPL 0: not a ring-1 stack */
	tss_a.t.esp1 = 0x1000;
	user_flat("int 0x44, ss1 = 0058", u_int44, u_int44_end, 0);
	set_gate(idt, 5, CODE1, 0, 0x8E, 0);    /* #BR to ring 1 */
	user_flat("bound (#BR, external), ss1 = 0058", u_bound, u_bound_end, 30);
	tss_a.t.ss1 = 0;
	user_flat("int 0x44, ss1 = 0000", u_int44, u_int44_end, 0);
	user_flat("bound (#BR, external), ss1 = 0000", u_bound, u_bound_end, 30);
	tss_a.t.ss1 = DATA1;
	tss_a.t.esp1 = 0x10;                    /* 16 bytes cannot take a 20-byte frame */
	set_seg(DATA1 & ~3, 0, 0xF, 0xB2, 0x4);
	user_flat("int 0x44, 16-byte ring-1 stack", u_int44, u_int44_end, 0);
	user_flat("bound (#BR, external), 16-byte ring-1 stack", u_bound, u_bound_end, 30);
	set_seg(DATA1 & ~3, 0, 0xFFFFF, 0xB2, 0xC);
	idt[2 * 5] = vec5_lo;
	idt[2 * 5 + 1] = vec5_hi;
	tss_a.t.ss1 = 0;
	tss_a.t.esp1 = 0;

	puts("-- #GP through a task gate\n");
	u32 vec13_lo = idt[2 * 13], vec13_hi = idt[2 * 13 + 1];
	set_gate(idt, 13, TSS_C, 0, 0x85, 0);
	c_error = 0xFFFF;
	user_flat("hlt at ring 3", u_hlt, u_hlt_end, 0);
	puts("task C: tr ");
	puthex(c_tr, 4);
	puts(" error code ");
	puthex(c_error, 4);
	puts(" back link ");
	puthex(tss_c.link, 4);
	putc('\n');
	idt[2 * 13] = vec13_lo;
	idt[2 * 13 + 1] = vec13_hi;
	task_state("back in A");

	puts("-- IRET with NT set\n");
	tss_a.t.link = RWDATA;
	got_vector = -1;
	iret_nt_probe();
	puts("back link 0058 (data):");
	result();
	tss_a.t.link = TSS_B;
	got_vector = -1;
	iret_nt_probe();
	puts("back link 0030 (available TSS):");
	result();
	tss_a.t.link = 0;
}
