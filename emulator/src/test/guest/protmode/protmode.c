/*
 * protmode.c - protected-mode mechanics, measured: segment loads and limit checks, IDT
 * delivery from ring 0, ring 3 and V86 mode, a call gate with parameters, task switches
 * through CALL, a task gate and IRET (32- and 16-bit TSS), the I/O permission bitmap,
 * LAR/LSL/VERR/VERW, and #DF escalation (SDM Vol. 3A ch. 5-7 and 20).
 *
 * Every probe prints one line: what it did and "ok" or the exception with its error code.
 * A probe that faults resumes at the address in pm_resume. The transcript of Bochs 2.7 is the
 * expected output (protmode.expected); j386 must print the same bytes.
 */
#include "pm.h"

u32 gdt[2 * GDT_ENTRIES] __attribute__((aligned(8)));
u32 idt[2 * 256] __attribute__((aligned(8)));
struct tss_with_iomap tss_a;
struct tss tss_b;
u16 tss16[22];
u8 kernel_stack[8192] __attribute__((aligned(16)));
u8 task_b_stack[4096] __attribute__((aligned(16)));
u8 task_c_stack[4096] __attribute__((aligned(16)));
struct tss tss_c;
u32 bound_pair[2] = { 10, 20 };
volatile u32 c_error;
volatile u32 c_tr, c_cr2, c_fix_esp0;
u32 pgdir[1024] __attribute__((aligned(4096)));
u32 pt_low[1024] __attribute__((aligned(4096)));
u8 unmapped_stack[4096] __attribute__((aligned(4096)));
u8 user_stack[4096] __attribute__((aligned(16)));
u8 t16_area[512] __attribute__((aligned(16)));
u8 test_area[8192] __attribute__((aligned(4096)));
u32 ldt[2 * 4] __attribute__((aligned(8)));

volatile u32 pm_resume;
u32 cg_record[8];
u32 g16_record[4];
volatile u32 task_b_jmp_back;
volatile u32 b_tr, b_eflags, b_link;
volatile u32 exit_eax;          /* EAX at the int $0x80 that ended a ring-3 probe */
volatile int got_vector;
volatile u32 got_error;
u32 got[FRAME_WORDS];

static void *const vectors[20] = {
	pm_vec0, pm_vec1, pm_vec2, pm_vec3, pm_vec4, pm_vec5, pm_vec6, pm_vec7, pm_vec8, pm_vec9,
	pm_vec10, pm_vec11, pm_vec12, pm_vec13, pm_vec14, pm_vec15, pm_vec16, pm_vec17, pm_vec18, pm_vec19,
};

/* ---------------------------------------------------------------- descriptors */

/* access: P | DPL | S | type; flags: G | D/B (high nibble of byte 6). */
void set_seg(int sel, u32 base, u32 limit, u8 access, u8 flags)
{
	int i = sel >> 3;
	gdt[2 * i] = (limit & 0xFFFF) | (base << 16);
	gdt[2 * i + 1] = ((base >> 16) & 0xFF) | ((u32)access << 8) | (limit & 0xF0000) |
			 ((u32)flags << 20) | (base & 0xFF000000);
}

void set_gate(u32 *table, int index, u16 sel, u32 off, u8 access, u8 params)
{
	table[2 * index] = (off & 0xFFFF) | ((u32)sel << 16);
	table[2 * index + 1] = (off & 0xFFFF0000) | ((u32)access << 8) | params;
}

void load_idtr(u16 limit)
{
	struct { u16 limit; u32 base; } __attribute__((packed)) idtr = { limit, (u32)idt };
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

static void setup(void)
{
	struct { u16 limit; u32 base; } __attribute__((packed)) gdtr = { sizeof(gdt) - 1, (u32)gdt };

	set_seg(KCODE, 0, 0xFFFFF, 0x9A, 0xC);
	set_seg(KDATA, 0, 0xFFFFF, 0x92, 0xC);
	set_seg(UCODE & ~3, 0, 0xFFFFF, 0xFA, 0xC);
	set_seg(UDATA & ~3, 0, 0xFFFFF, 0xF2, 0xC);
	set_seg(TSS_A, (u32)&tss_a, sizeof(tss_a) - 1, 0x89, 0);
	set_seg(TSS_B, (u32)&tss_b, sizeof(tss_b) - 1, 0x89, 0);
	set_seg(TSS16, (u32)tss16, sizeof(tss16) - 1, 0x81, 0);
	set_gate(gdt, GATE >> 3, KCODE, (u32)cg_target, 0xEC, 2);      /* 32-bit call gate, DPL 3 */
	set_seg(RODATA, (u32)test_area, 0xFFF, 0x90, 0x4);
	set_seg(RWDATA, (u32)test_area, 0xFFF, 0x92, 0x4);
	set_seg(DOWN, (u32)test_area, 0xFFF, 0x96, 0x0);                /* expand-down, B = 0 */
	set_seg(DOWN4G, 0, 0, 0x96, 0xC);                                /* expand-down, G = 1, B = 1 */
	set_seg(XONLY, 0, 0xFFFFF, 0x98, 0xC);
	set_seg(ABSENT, 0, 0xFFFFF, 0x12, 0xC);
	set_seg(CODE16, (u32)task16_code, 0xFFFF, 0x9A, 0);
	set_seg(DATA16, (u32)t16_area, 0xFFFF, 0x92, 0);
	set_gate(gdt, TGATE >> 3, TSS_B, 0, 0xE5, 0);                    /* task gate, DPL 3 */
	set_seg(CONFORM, 0, 0xFFFFF, 0x9E, 0xC);
	set_seg(USTACK & ~3, (u32)test_area, 0xFFF, 0xF2, 0x4);
	set_seg(ABSENT3 & ~3, 0, 0xFFFFF, 0x72, 0xC);                  /* DPL 3, not present */
	set_seg(LDT_SEL, (u32)ldt, sizeof(ldt) - 1, 0x82, 0);
	set_seg(CODE_HI, CODE_HI_BASE, 0xFFFFF, 0x9A, 0xC);
	set_seg(CODE1 & ~3, 0, 0xFFFFF, 0xBA, 0xC);                     /* ring 1 code */
	set_seg(DATA1 & ~3, 0, 0xFFFFF, 0xB2, 0xC);                     /* ring 1 data */
	set_seg(TSS_C, (u32)&tss_c, sizeof(tss_c) - 1, 0x89, 0);
	set_seg(CODE16RM, RM_BLOB, 0xFFFF, 0x9A, 0);
	set_gate(gdt, GATE_CJ >> 3, CONFORM, (u32)conf_jump_target, 0xEC, 0);
	set_seg(DATA16RM, 0, 0xFFFF, 0x92, 0);
	ldt[2] = 0x00FF | ((u32)(test_area + 0x100) << 16);             /* LDT 1: 256 bytes of data */
	ldt[3] = (((u32)(test_area + 0x100) >> 16) & 0xFF) | (0x92u << 8) | ((u32)(test_area + 0x100) & 0xFF000000) | (0x4u << 20);

	for (int v = 0; v < 20; v++)
		set_gate(idt, v, KCODE, (u32)vectors[v], 0x8E, 0);
	set_gate(idt, 0x40, KCODE, (u32)pm_vec64, 0x8E, 0);              /* DPL 0 */
	set_gate(idt, 0x41, KCODE, (u32)pm_vec65, 0x6E, 0);              /* DPL 3, not present */
	set_gate(idt, 0x42, KCODE, (u32)pm_vec66, 0xEE, 0);              /* DPL 3 */
	/* 16-bit interrupt gate: the high offset word (0xBEEF) must be ignored. */
	set_gate(idt, 0x43, CODE_HI, 0xBEEF0000 | ((u32)handler16 - CODE_HI_BASE), 0x86, 0);
	set_gate(idt, 0x80, KCODE, (u32)pm_vec128, 0xEE, 0);
	set_gate(idt, 0x44, CODE1, 0, 0xEE, 0);                          /* DPL 3, to ring 1 */

	tss_a.t.ss0 = KDATA;
	tss_a.t.esp0 = (u32)kernel_stack + sizeof(kernel_stack);
	tss_a.t.iomap = sizeof(struct tss);
	for (unsigned i = 0; i < sizeof(tss_a.iomap); i++)
		tss_a.iomap[i] = 0xFF;
	tss_a.iomap[0x80 / 8] = (u8)~(1u << (0x80 % 8));                /* only port 0x80 */

	tss_b.eip = (u32)task_b_entry;
	tss_b.eflags = 0x2;
	tss_b.esp = (u32)task_b_stack + sizeof(task_b_stack);
	tss_b.cs = KCODE;
	tss_b.ss = tss_b.ds = tss_b.es = tss_b.fs = tss_b.gs = KDATA;
	tss_b.iomap = sizeof(struct tss);

	tss_c.eip = (u32)task_c_entry;
	tss_c.eflags = 0x2;
	tss_c.esp = (u32)task_c_stack + sizeof(task_c_stack);
	tss_c.cs = KCODE;
	tss_c.ss = tss_c.ds = tss_c.es = tss_c.fs = tss_c.gs = KDATA;
	tss_c.iomap = sizeof(struct tss);

	tss16[0x0E / 2] = 0;                    /* IP */
	tss16[0x10 / 2] = 0x2;                  /* FLAGS */
	tss16[0x12 / 2] = 0x1111;               /* AX */
	tss16[0x18 / 2] = 0x2222;               /* BX */
	tss16[0x1A / 2] = 0x0100;               /* SP */
	tss16[0x22 / 2] = DATA16;               /* ES */
	tss16[0x24 / 2] = CODE16;               /* CS */
	tss16[0x26 / 2] = DATA16;               /* SS */
	tss16[0x28 / 2] = DATA16;               /* DS */

	__asm__ volatile("lgdt %0" : : "m"(gdtr));
	load_idtr(sizeof(idt) - 1);
	__asm__ volatile("ljmp %0, $1f\n1:" : : "i"(KCODE));
	__asm__ volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%ss; mov %0, %%fs; mov %0, %%gs"
			 : : "r"(KDATA));
	__asm__ volatile("ltr %w0" : : "r"(TSS_A));
	__asm__ volatile("lldt %w0" : : "r"(0));
	__asm__ volatile("pushl $2; popfl" : : : "cc");
}

/* ---------------------------------------------------------------- traps and results */

void pm_trap(struct frame *f)
{
	u32 *w = (u32 *)f;

	if (f->vector == 0x80) {
		exit_eax = f->eax;
		pm_leave();
	}
	if (f->vector == 8) {
		puts("double fault: error ");
		puthex(f->error, 4);
		puts(", eip at int $0x41: ");
		puts(f->eip == got[0] ? "yes" : "no");
		puts("\nprotmode done\n");
		poweroff(0);
	}
	got_vector = (int)f->vector;
	got_error = f->error;
	for (unsigned i = 0; i < FRAME_WORDS; i++)
		got[i] = w[i];
	if (f->eflags & EFLAGS_VM)
		pm_leave();
	if (f->vector == 0x42 || f->vector == 1)        /* the test gate; #DB traps */
		return;
	if (pm_resume) {
		f->eip = pm_resume;
		pm_resume = 0;
		return;
	}
	puts("unexpected trap ");
	putdec(f->vector);
	puts(" error ");
	puthex(f->error, 4);
	puts(" eip ");
	puthex(f->eip, 8);
	putc('\n');
	poweroff(2);
}

static const char *const names[20] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#9",
	"#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#18", "#19",
};

void result(void)
{
	if (got_vector < 0) {
		puts(" ok\n");
		return;
	}
	putc(' ');
	if (got_vector < 20) {
		puts(names[got_vector]);
	} else {
		puts("vector ");
		putdec((u32)got_vector);
	}
	putc('(');
	puthex(got_error, 4);
	puts(")\n");
}

void label(const char *what, u32 value, int digits)
{
	puts(what);
	puthex(value, digits);
	putc(':');
}

struct frame *frame(void)
{
	return (struct frame *)got;
}

/* ---------------------------------------------------------------- ring 3 probes */

void user(const char *what, void (*code)(void), void (*end)(void), u32 eax, u16 ss, u32 esp)
{
	u32 words[5] = { (u32)code, UCODE, 0x2, esp, ss };
	got_vector = -1;
	pm_resume = (u32)end;
	pm_enter(words, 5, eax, UDATA);
	pm_resume = 0;
	puts(what);
	putc(':');
	result();
}

void user_flat(const char *what, void (*code)(void), void (*end)(void), u32 eax)
{
	user(what, code, end, eax, UDATA, (u32)user_stack + sizeof(user_stack));
}

void print_frame(const char *what, u32 eip_base, int outer)
{
	struct frame *f = frame();
	puts(what);
	puts(": vector ");
	puthex(f->vector, 2);
	puts(" eip+");
	puthex(f->eip - eip_base, 2);
	puts(" cs ");
	puthex(f->cs, 4);
	puts(" eflags ");
	puthex(f->eflags & EFLAGS_SHOWN, 8);
	if (outer) {
		puts(" ss ");
		puthex(f->ss, 4);
		puts(" esp ");
		puthex(f->esp, 8);
	}
	putc('\n');
}

int main(void)
{
	setup();
	puts("protmode: protected-mode mechanics\n");
	segments();
	ring3();
	kernel_interrupts();
	ldt_test();
	descriptors();
	tasks();
	stack_switch_faults();
	v86_tests();
	real_mode();
	paging_double_fault();
	double_fault();
	return 0;
}
