/*
 * fault.c - the page-fault handler (Linux's do_page_fault, kernel half).
 * There are no user processes yet, so every #PF is a kernel fault:
 *   1. a test may have installed a fault hook; it sees the fault first (it
 *      records CR2 and the error code, nothing more);
 *   2. an instruction listed in __ex_table resumes at its fixup, which is how
 *      probe_kernel_read() survives touching an unmapped page;
 *   3. anything else is an oops.
 */
#include "defs.h"
#include "mmu.h"
#include "traps.h"
#include "x86.h"

fault_hook_t fault_hook;

/* Shows how the walk went for the faulting address, like Linux's "*pde = ". */
static void show_walk(unsigned long address)
{
	pgd_t *pgd = __va(PTE_ADDR(read_cr3()));
	pgd_t pde = pgd[PDX(address)];

	printk("*pde = %08x\n", pde);
	if (pde & PTE_P) {
		pte_t *pt = __va(PTE_ADDR(pde));

		printk("*pte = %08x\n", pt[PTX(address)]);
	}
}

void do_page_fault(struct trapframe *tf)
{
	unsigned long address = read_cr2();
	unsigned long fixup;

	if (fault_hook)
		fault_hook(tf, address);
	fixup = search_exception_table(tf->eip);
	if (fixup) {
		tf->eip = fixup;
		return;
	}
	if (address < PAGE_SIZE)
		printk("Unable to handle kernel NULL pointer dereference");
	else
		printk("Unable to handle kernel paging request");
	printk(" at virtual address %08lx\n", address);
	printk(" printing eip:\n%08x\n", tf->eip);
	show_walk(address);
	die("Oops", tf);
}

/*
 * Reads one byte at addr; returns 0, or -EFAULT if the access faulted.  The
 * movb is listed in __ex_table so do_page_fault() resumes at label 2.
 */
int probe_kernel_read(const volatile void *addr, unsigned char *val)
{
	int err = 0;
	unsigned char v = 0;

	__asm__ volatile(
		"1:	movb (%2), %1\n"
		"2:\n"
		"	.section .fixup, \"ax\"\n"
		"3:	movl %3, %0\n"
		"	jmp 2b\n"
		"	.previous\n"
		"	.section __ex_table, \"a\"\n"
		"	.align 4\n"
		"	.long 1b, 3b\n"
		"	.previous\n"
		: "+r"(err), "+q"(v) : "r"(addr), "i"(-EFAULT) : "memory");
	*val = v;
	return err;
}

/* The same for a one-byte store. */
int probe_kernel_write(volatile void *addr, unsigned char val)
{
	int err = 0;

	__asm__ volatile(
		"1:	movb %1, (%2)\n"
		"2:\n"
		"	.section .fixup, \"ax\"\n"
		"3:	movl %3, %0\n"
		"	jmp 2b\n"
		"	.previous\n"
		"	.section __ex_table, \"a\"\n"
		"	.align 4\n"
		"	.long 1b, 3b\n"
		"	.previous\n"
		: "+r"(err) : "q"(val), "r"(addr), "i"(-EFAULT) : "memory");
	return err;
}
