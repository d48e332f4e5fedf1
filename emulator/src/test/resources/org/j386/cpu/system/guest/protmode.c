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
#include "guest.h"

#define GDT_ENTRIES 32
#define KCODE   0x08
#define KDATA   0x10
#define UCODE   0x1B
#define UDATA   0x23
#define TSS_A   0x28
#define TSS_B   0x30
#define TSS16   0x38
#define GATE    0x48
#define RODATA  0x50
#define RWDATA  0x58
#define DOWN    0x60
#define XONLY   0x68
#define ABSENT  0x70
#define CODE16  0x80
#define DATA16  0x88
#define TGATE   0x90
#define CONFORM 0x98
#define USTACK  0xA3
#define ABSENT3 0xAB
#define LDT_SEL 0xB0
#define CODE_HI 0xB8
#define CODE1   0xC1
#define DATA1   0xC9
#define TSS_C   0xD0
#define GATE_CJ 0xF0              /* call gate, DPL 3, to conforming code */
#define CODE16RM 0xE0
#define DATA16RM 0xE8
#define RM_BLOB 0x8000
#define RM_RESULTS ((volatile u32 *)0x7F00)
#define BEYOND  0x1F8
#define CODE_HI_BASE 0x100000
#define LDT_DATA 0x0C           /* LDT index 1, TI = 1 */

#define EFLAGS_NT (1u << 14)
#define EFLAGS_VM (1u << 17)
#define EFLAGS_IOPL3 (3u << 12)
/* EFLAGS bits a frame is printed with: IF, IOPL, NT, VM (status flags vary with the code). */
#define EFLAGS_SHOWN 0x00027200u
#define V86_CS 0x0700
#define V86_CODE 0x7000

struct tss {
	u32 link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	u32 eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap;
} __attribute__((packed));

struct frame {                  /* as pm_alltraps builds it */
	u32 gs, fs, es, ds;
	u32 edi, esi, ebp, esp_dummy, ebx, edx, ecx, eax;
	u32 vector, error;
	u32 eip, cs, eflags;
	u32 esp, ss;            /* on a privilege change */
	u32 v86_es, v86_ds, v86_fs, v86_gs;     /* from V86 mode */
};
#define FRAME_WORDS (sizeof(struct frame) / 4)

static u32 gdt[2 * GDT_ENTRIES] __attribute__((aligned(8)));
static u32 idt[2 * 256] __attribute__((aligned(8)));
static struct { struct tss t; u8 iomap[129]; } __attribute__((packed)) tss_a;
static struct tss tss_b;
static u16 tss16[22];
static u8 kernel_stack[8192] __attribute__((aligned(16)));
static u8 task_b_stack[4096] __attribute__((aligned(16)));
static u8 task_c_stack[4096] __attribute__((aligned(16)));
static struct tss tss_c;
u32 bound_pair[2] = { 10, 20 };
volatile u32 c_error;
static volatile u32 c_tr, c_cr2, c_fix_esp0;
static u32 pgdir[1024] __attribute__((aligned(4096)));
static u32 pt_low[1024] __attribute__((aligned(4096)));
static u8 unmapped_stack[4096] __attribute__((aligned(4096)));
static u8 user_stack[4096] __attribute__((aligned(16)));
static u8 t16_area[512] __attribute__((aligned(16)));
static u8 test_area[8192] __attribute__((aligned(4096)));
static u32 ldt[2 * 4] __attribute__((aligned(8)));

volatile u32 pm_resume;
u32 cg_record[8];
u32 g16_record[4];
volatile u32 task_b_jmp_back;
static volatile u32 b_tr, b_eflags, b_link;
static volatile u32 exit_eax;          /* EAX at the int $0x80 that ended a ring-3 probe */
static volatile int got_vector;
static volatile u32 got_error;
static u32 got[FRAME_WORDS];

extern void pm_leave(void) __attribute__((noreturn));
extern void pm_enter(const u32 *words, u32 count, u32 eax, u32 ds);
extern void iret_probe(u32 cs, u32 ss);
extern void retf_probe(u32 cs, u32 ss);
extern void pm_vec0(void), pm_vec1(void), pm_vec2(void), pm_vec3(void), pm_vec4(void), pm_vec5(void),
	pm_vec6(void), pm_vec7(void), pm_vec8(void), pm_vec9(void), pm_vec10(void), pm_vec11(void),
	pm_vec12(void), pm_vec13(void), pm_vec14(void), pm_vec15(void), pm_vec16(void), pm_vec17(void),
	pm_vec18(void), pm_vec19(void), pm_vec64(void), pm_vec65(void), pm_vec66(void), pm_vec128(void);
extern void u_mov_ds(void), u_mov_ds_end(void), u_int40(void), u_int40_end(void), u_int41(void),
	u_int41_end(void), u_int42(void), u_int42_end(void), u_hlt(void), u_hlt_end(void), u_cli(void),
	u_cli_end(void), u_out80(void), u_out80_end(void), u_in81(void), u_in81_end(void), u_outw7f(void),
	u_outw7f_end(void), u_ss_read(void), u_ss_read_end(void), u_callgate(void), u_callgate_end(void),
	u_callgate_bad(void), u_callgate_bad_end(void), u_push_wrap(void), u_push_wrap_end(void),
	u_int3(void), u_int3_end(void), u_int44(void), u_int44_end(void), u_bound(void), u_bound_end(void),
	task_c_entry(void), iret_nt_probe(void), u_task_call(void), u_task_call_end(void), u_gate_jump(void),
	u_gate_jump_end(void), conf_jump_target(void), real_mode_trip(void), rm_blob(void), rm_blob_end(void), u_read_ds(void), u_read_ds_end(void), u_conforming_call(void),
	u_conforming_call_end(void), gate16_probe(void), gate16_return(void), handler16(void),
	cg_target(void), task_b_entry(void), task16_code(void), task16_code_end(void), v86_code(void),
	v86_code_end(void);

static void *const vectors[20] = {
	pm_vec0, pm_vec1, pm_vec2, pm_vec3, pm_vec4, pm_vec5, pm_vec6, pm_vec7, pm_vec8, pm_vec9,
	pm_vec10, pm_vec11, pm_vec12, pm_vec13, pm_vec14, pm_vec15, pm_vec16, pm_vec17, pm_vec18, pm_vec19,
};

/* ---------------------------------------------------------------- descriptors */

/* access: P | DPL | S | type; flags: G | D/B (high nibble of byte 6). */
static void set_seg(int sel, u32 base, u32 limit, u8 access, u8 flags)
{
	int i = sel >> 3;
	gdt[2 * i] = (limit & 0xFFFF) | (base << 16);
	gdt[2 * i + 1] = ((base >> 16) & 0xFF) | ((u32)access << 8) | (limit & 0xF0000) |
			 ((u32)flags << 20) | (base & 0xFF000000);
}

static void set_gate(u32 *table, int index, u16 sel, u32 off, u8 access, u8 params)
{
	table[2 * index] = (off & 0xFFFF) | ((u32)sel << 16);
	table[2 * index + 1] = (off & 0xFFFF0000) | ((u32)access << 8) | params;
}

static void load_idtr(u16 limit)
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
	if (f->vector == 0x42)
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

static void result(void)
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

static void label(const char *what, u32 value, int digits)
{
	puts(what);
	puthex(value, digits);
	putc(':');
}

static struct frame *frame(void)
{
	return (struct frame *)got;
}

/* ---------------------------------------------------------------- ring 0 probes */

static void load_ds(u16 sel)
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

static void segments(void)
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
	access("read  null byte ", 0, 0, 0, 1);
}

/* ---------------------------------------------------------------- ring 3 probes */

static void user(const char *what, void (*code)(void), void (*end)(void), u32 eax, u16 ss, u32 esp)
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

static void user_flat(const char *what, void (*code)(void), void (*end)(void), u32 eax)
{
	user(what, code, end, eax, UDATA, (u32)user_stack + sizeof(user_stack));
}

static void print_frame(const char *what, u32 eip_base, int outer)
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

static void ring3(void)
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

/* ---------------------------------------------------------------- interrupts at CPL 0 */

static void iret_result(const char *what, u32 cs, u32 ss);
static void retf_result(const char *what, u32 cs, u32 ss);

static void kernel_interrupts(void)
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

static void ldt_test(void)
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

/* ---------------------------------------------------------------- LAR, LSL, VERR, VERW */

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

static void descriptors(void)
{
	static const u16 sels[] = { KCODE, UDATA, TSS_A, TSS_B, GATE, TGATE, ABSENT, XONLY, BEYOND, 0 };

	puts("-- lar, lsl, verr, verw at CPL 0\n");
	for (unsigned i = 0; i < sizeof(sels) / sizeof(sels[0]); i++) {
		lar(sels[i]);
		lsl(sels[i]);
		verify(sels[i]);
	}
}

/* ---------------------------------------------------------------- tasks */

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

static void task_state(const char *what)
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

static void tasks(void)
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

static void stack_switch_faults(void)
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

/* ---------------------------------------------------------------- V86 */

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

static void v86_tests(void)
{
	u8 *dst = (u8 *)V86_CODE;
	const u8 *src = (const u8 *)v86_code;
	while (src != (const u8 *)v86_code_end)
		*dst++ = *src++;
	puts("-- V86 mode\n");
	v86("cli at iopl 0", 0, 0);
	v86("int 0x42 at iopl 3", 1, EFLAGS_IOPL3);
	v86("int 0x42 at iopl 0", 1, 0);
}

/* ---------------------------------------------------------------- real mode */

static void real_mode(void)
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

/* ---------------------------------------------------------------- #PF, #PF, #DF through a task gate */

static void paging_double_fault(void)
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

/* ---------------------------------------------------------------- #DF */

static void double_fault(void)
{
	puts("-- #NP while delivering #NP: #DF\n");
	idt[2 * 11 + 1] &= ~(1u << 15);
	__asm__ volatile("movl $1f, %0; 1: int $0x41" : "=m"(got[0]) : : "memory");
	puts("no #DF\n");
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
