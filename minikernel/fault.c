/*
 * fault.c - the page-fault handler (Linux 2.4 arch/i386/mm/fault.c
 * do_page_fault, with 2.6's "segfault at" report):
 *   1. a kernel self-test may have installed a fault hook; it sees the fault
 *      first (it records CR2 and the error code, nothing more);
 *   2. a kernel-mode fault on a vmalloc address whose page-directory entry
 *      this page directory lacks copies it from swapper_pg_dir (vmalloc_fault);
 *   3. a fault below TASK_SIZE in a process is looked up with find_vma: inside
 *      an area that allows the access (or just below a stack that may grow),
 *      handle_mm_fault() fixes it and counts a minor fault;
 *   4. otherwise: from user mode, SIGSEGV and the log line; from the kernel,
 *      the instruction's __ex_table fixup (copy_to_user & co.), else an oops.
 * Out of memory kills the faulting process (SIGKILL); no pages at all for a
 * file mapping (beyond the end of file) is SIGBUS.
 */
#include "defs.h"
#include "mm.h"
#include "sched.h"
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

/* Kernel mode: fix up through __ex_table or oops. */
static void no_context(struct trapframe *tf, unsigned long address)
{
	unsigned long fixup = search_exception_table(tf->eip);

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

/* 2.4's vmalloc_fault: the PDE exists in the master table but not (yet) here. */
static int vmalloc_fault(unsigned long address)
{
	pgd_t *pgd = __va(PTE_ADDR(read_cr3()));
	unsigned int i = PDX(address);

	if (pgd == swapper_pg_dir || !(swapper_pg_dir[i] & PTE_P) || (pgd[i] & PTE_P))
		return -1;
	pgd[i] = swapper_pg_dir[i];
	return 0;
}

static void bad_area(struct trapframe *tf, unsigned long address)
{
	if (!user_mode(tf)) {
		no_context(tf, address);
		return;
	}
	printk("%s[%d]: segfault at %lx ip %08x sp %08x error %x\n", current->comm,
	       current->pid, address, tf->eip, tf->esp, tf->err);
	force_sig(SIGSEGV, current);
}

/* The area found for address, grown if it is a stack just above; NULL if none fits. */
static struct vm_area_struct *fault_vma(struct trapframe *tf, unsigned long address)
{
	struct vm_area_struct *vma = find_vma(current->mm, address);

	if (!vma)
		return NULL;
	if (vma->vm_start <= address)
		return vma;
	if (!(vma->vm_flags & VM_GROWSDOWN))
		return NULL;
	/* 2.4: an access far below esp is a bug, not stack growth (pusha reaches 32 bytes). */
	if (user_mode(tf) && address + 65536 + 32 * sizeof(unsigned long) < tf->esp)
		return NULL;
	return expand_stack(vma, address) ? NULL : vma;
}

static int access_error(const struct vm_area_struct *vma, unsigned long error_code)
{
	if (error_code & PF_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (error_code & PF_PROT)
		return 1;
	return !(vma->vm_flags & (VM_READ | VM_EXEC));
}

static void out_of_memory(struct trapframe *tf, unsigned long address)
{
	printk("Out of memory: Killed process %d (%s).\n", current->pid, current->comm);
	force_sig(SIGKILL, current);
	if (!user_mode(tf))
		no_context(tf, address);
}

void do_page_fault(struct trapframe *tf)
{
	unsigned long address = read_cr2();
	struct vm_area_struct *vma;
	int ret;

	if (fault_hook)
		fault_hook(tf, address);
	if (address >= TASK_SIZE) {
		if (!(tf->err & (PF_USER | PF_PROT)) && !vmalloc_fault(address))
			return;
		bad_area(tf, address);
		return;
	}
	if (!current->mm) {
		no_context(tf, address);
		return;
	}
	vma = fault_vma(tf, address);
	if (!vma || access_error(vma, tf->err)) {
		bad_area(tf, address);
		return;
	}
	ret = handle_mm_fault(current->mm, vma, address, tf->err & PF_WRITE);
	if (ret > 0) {
		current->min_flt++;
	} else if (ret == 0) {
		force_sig(SIGBUS, current);
		if (!user_mode(tf))
			no_context(tf, address);
	} else {
		out_of_memory(tf, address);
	}
}

/*
 * Reads one byte at addr; returns 0, or -EFAULT if the access faulted.  The
 * movb is listed in __ex_table so do_page_fault() resumes at label 2.  Also
 * the byte reader of strncpy_from_user (after its TASK_SIZE check).
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
