/*
 * traps.c - the IDT and what happens on a CPU exception.  All 32 exception
 * vectors get an interrupt gate; #PF goes to do_page_fault() (fault.c), every
 * other vector is fatal in kernel mode: die() prints an oops block in the
 * spirit of Linux's (vector name, error code, CS:EIP, EFLAGS, control
 * registers, all general registers, segments) and powers off with EXIT_OOPS.
 * In user mode an exception becomes a signal, as Linux's do_trap() (SIGILL
 * for #UD, SIGFPE for #DE, SIGSEGV for #GP, ...).  Vectors 32..47 are the
 * IRQs (irq.c), 0x80 the system call gate (DPL 3, syscall.c).  Every gate is
 * an interrupt gate: the kernel runs with interrupts off, user mode and the
 * idle task's hlt with them on.
 */
#include "defs.h"
#include "sched.h"
#include "mmu.h"
#include "traps.h"
#include "x86.h"

extern const uint32_t trap_vectors[NR_IDT_STUBS];	/* trapentry.S */
extern const char syscall_vector[];
extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

static struct gatedesc idt[256];

/* Linux 2.4's names for the vectors, from arch/i386/kernel/traps.c. */
static const char *const trap_names[NR_EXCEPTIONS] = {
	[T_DE] = "divide error",	[T_DB] = "debug",
	[T_NMI] = "nmi",		[T_BP] = "int3",
	[T_OF] = "overflow",		[T_BR] = "bounds",
	[T_UD] = "invalid operand",	[T_NM] = "device not available",
	[T_DF] = "double fault",	[T_CSO] = "coprocessor segment overrun",
	[T_TS] = "invalid TSS",		[T_NP] = "segment not present",
	[T_SS] = "stack segment",	[T_GP] = "general protection fault",
	[T_PF] = "page fault",		[T_MF] = "coprocessor error",
	[T_AC] = "alignment check",
};

static const char *const trap_mnemonics[NR_EXCEPTIONS] = {
	"DE", "DB", "NMI", "BP", "OF", "BR", "UD", "NM", "DF", "CSO", "TS", "NP",
	"SS", "GP", "PF", "15", "MF", "AC", "MC", "XM",
};

static void set_gate(int n, uint32_t handler, int dpl)
{
	idt[n].off_lo = handler & 0xFFFF;
	idt[n].sel = __KERNEL_CS;
	idt[n].zero = 0;
	idt[n].access = (uint8_t)((1 << 7) | (dpl << 5) | GATE_INT32);
	idt[n].off_hi = handler >> 16;
}

void trap_init(void)
{
	struct desc_ptr p;
	int i;

	for (i = 0; i < NR_IDT_STUBS; i++)
		set_gate(i, trap_vectors[i], 0);
	set_gate(SYSCALL_VECTOR, (uint32_t)syscall_vector, 3);
	/* int3, into and bound may be used from user mode, as Linux's set_system_gate. */
	set_gate(T_BP, trap_vectors[T_BP], 3);
	set_gate(T_OF, trap_vectors[T_OF], 3);
	set_gate(T_BR, trap_vectors[T_BR], 3);
	p.limit = sizeof(idt) - 1;
	p.base = (uint32_t)idt;
	lidt(&p);
}

/* The resume address for a faulting kernel instruction listed in __ex_table, or 0. */
unsigned long search_exception_table(unsigned long eip)
{
	const struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == eip)
			return e->fixup;
	return 0;
}

static void show_registers(const struct trapframe *tf)
{
	int from_user = (tf->cs & 3) != 0;
	uint32_t esp = from_user ? tf->esp : (uint32_t)&tf->esp;
	uint32_t ss = from_user ? tf->ss : __KERNEL_DS;

	printk("CPU:    0\n");
	printk("EIP:    %04x:[<%08x>]    EFLAGS: %08x\n", tf->cs & 0xFFFF, tf->eip, tf->eflags);
	printk("eax: %08x   ebx: %08x   ecx: %08x   edx: %08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
	printk("esi: %08x   edi: %08x   ebp: %08x   esp: %08x\n", tf->esi, tf->edi, tf->ebp, esp);
	printk("ds: %04x   es: %04x   fs: %04x   gs: %04x   ss: %04x\n",
	       tf->ds & 0xFFFF, tf->es & 0xFFFF, tf->fs & 0xFFFF, tf->gs & 0xFFFF, ss & 0xFFFF);
	printk("cr0: %08x   cr2: %08x   cr3: %08x\n", read_cr0(), read_cr2(), read_cr3());
}

/* The end of the road for a kernel-mode exception (Linux's die()). */
void die(const char *str, const struct trapframe *tf)
{
	uint32_t v = tf->trapno;

	printk("%s: %04x\n", str, tf->err & 0xFFFF);
	printk("Oops: #%s %s (vector %u), error code %04x\n",
	       v < 20 ? trap_mnemonics[v] : "??",
	       v < NR_EXCEPTIONS && trap_names[v] ? trap_names[v] : "reserved", v, tf->err);
	show_registers(tf);
	printk("Kernel panic: Fatal exception\n");
	poweroff(EXIT_OOPS);
}

/* Linux's signal for an exception raised in user mode (arch/i386/kernel/traps.c). */
static const unsigned char trap_signals[NR_EXCEPTIONS] = {
	[T_DE] = SIGFPE,	[T_DB] = SIGTRAP,	[T_NMI] = SIGSEGV,	[T_BP] = SIGTRAP,
	[T_OF] = SIGSEGV,	[T_BR] = SIGSEGV,	[T_UD] = SIGILL,	[T_NM] = SIGSEGV,
	[T_DF] = SIGSEGV,	[T_CSO] = SIGFPE,	[T_TS] = SIGSEGV,	[T_NP] = SIGBUS,
	[T_SS] = SIGBUS,	[T_GP] = SIGSEGV,	[T_MF] = SIGFPE,	[T_AC] = SIGBUS,
};

static void do_trap_user(struct trapframe *tf)
{
	int sig = tf->trapno < NR_EXCEPTIONS && trap_signals[tf->trapno] ?
		  trap_signals[tf->trapno] : SIGSEGV;

	if (tf->trapno == T_GP)		/* 2.6.32's do_general_protection() */
		printk("%s[%d] general protection ip:%x sp:%x error:%x\n",
		       current->comm, current->pid, tf->eip, tf->esp, tf->err);
	force_sig(sig, current);
}

static void do_trap_kernel(struct trapframe *tf)
{
	unsigned long fixup = search_exception_table(tf->eip);

	if (fixup) {
		tf->eip = fixup;
		return;
	}
	die(tf->trapno < NR_EXCEPTIONS && trap_names[tf->trapno] ?
	    trap_names[tf->trapno] : "reserved exception", tf);
}

/* Before going back to user mode: give up the CPU if asked, then act on signals. */
static void ret_to_user(struct trapframe *tf)
{
	while (need_resched)
		schedule();
	if (signal_pending(current))
		do_signal(tf);
}

void trap(struct trapframe *tf)
{
	if (tf->trapno == T_PF)
		do_page_fault(tf);
	else if (tf->trapno >= FIRST_EXTERNAL_VECTOR && tf->trapno < NR_IDT_STUBS)
		do_IRQ(tf);
	else if (tf->trapno == SYSCALL_VECTOR)
		do_syscall(tf);
	else if (user_mode(tf))
		do_trap_user(tf);
	else
		do_trap_kernel(tf);
	if (user_mode(tf))
		ret_to_user(tf);
}
