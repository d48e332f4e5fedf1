/*
 * test_process.c - selftest=vm: real processes.  The test thread builds a
 * small address space (a code page holding a machine-code snippet, read +
 * exec; a one-page stack VMA that may grow) and forks children into user
 * mode from it: 1,000 children reaped with every page and slab object
 * returned; a NULL dereference and a store into the code page end in
 * SIGSEGV with the kernel unharmed; SIGKILL ends a looping child; wait4's
 * WNOHANG and ECHILD.
 */
#include "selftest.h"
#include "mman.h"
#include "sched.h"
#include "slab.h"
#include "test_vm.h"
#include "uaccess.h"
#include "vmalloc.h"
#include "x86.h"

/* i386 machine code; each ends in exit(): mov $1, %eax; mov $code, %ebx; int $0x80 */
#define EXIT_WITH(code)	0xB8, 1, 0, 0, 0, 0xBB, (code), 0, 0, 0, 0xCD, 0x80
static const unsigned char snippet_exit42[] = { EXIT_WITH(42) };
static const unsigned char snippet_null_load[] = {
	0xA1, 0, 0, 0, 0,			/* mov 0x0, %eax */
	EXIT_WITH(0)
};
static const unsigned char snippet_text_store[] = {
	0xA3, 0x00, 0x80, 0x04, 0x08,		/* mov %eax, CODE_ADDR */
	EXIT_WITH(0)
};
static const unsigned char snippet_loop[] = { 0xEB, 0xFE };	/* jmp . */

struct mm_struct *test_mm_enter(void)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	BUG_ON(current->mm);
	current->mm = mm;
	switch_mm(mm);
	return mm;
}

void test_mm_leave(struct mm_struct *mm)
{
	current->mm = NULL;
	switch_mm(NULL);
	mmput(mm);
}

void mem_snapshot(struct mem_snapshot *s)
{
	kmem_cache_t *c;
	unsigned long a, o, as, ns;

	s->pages = nr_free_pages() + kmem_cache_total_pages();
	s->objs = 0;
	for (c = kmem_cache_first(); c; c = kmem_cache_next(c)) {
		kmem_cache_counts(c, &a, &o, &as, &ns);
		s->objs += a;
	}
	s->pagetables = nr_pagetable_pages;
}

int mem_snapshot_equal(const struct mem_snapshot *a, const struct mem_snapshot *b)
{
	if (a->pages == b->pages && a->objs == b->objs && a->pagetables == b->pagetables)
		return 1;
	printk("# pages %lu -> %lu, slab objects %lu -> %lu, page tables %lu -> %lu\n", a->pages,
	       b->pages, a->objs, b->objs, a->pagetables, b->pagetables);
	return 0;
}

/* Code page at CODE_ADDR (r-x) holding code, a stack page under STACK_TOP; regs to enter it. */
int setup_snippet(struct mm_struct *mm, const unsigned char *code, unsigned long len,
		  struct trapframe *regs)
{
	if (do_mmap_pgoff(NULL, CODE_ADDR, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0) != CODE_ADDR ||
	    copy_to_user((void *)CODE_ADDR, code, len) ||
	    do_mprotect(mm, CODE_ADDR, PAGE_SIZE, PROT_READ | PROT_EXEC) ||
	    do_mmap_pgoff(NULL, STACK_TOP - PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, 0) !=
		    STACK_TOP - PAGE_SIZE)
		return -1;
	memset(regs, 0, sizeof(*regs));
	regs->eip = CODE_ADDR;
	regs->esp = STACK_TOP;
	regs->cs = __USER_CS;
	regs->ds = regs->es = regs->fs = regs->gs = regs->ss = __USER_DS;
	regs->eflags = EFLAGS_IF | EFLAGS_FIXED;
	return 0;
}

/* Forks one child running code and returns its wait status (or -1). */
static int run_snippet(const unsigned char *code, unsigned long len)
{
	struct mm_struct *mm = test_mm_enter();
	struct trapframe regs;
	int pid, status = -1;

	if (!mm)
		return -1;
	if (!setup_snippet(mm, code, len, &regs)) {
		pid = do_fork(&regs, mm);
		if (pid > 0 && do_wait4(pid, &status, 0) != pid)
			status = -1;
	}
	test_mm_leave(mm);
	return status;
}

#define NR_CHILDREN	1000

int test_fork_1000(int unused)
{
	struct mem_snapshot before, after;
	struct mm_struct *mm;
	struct trapframe regs;
	int i, status, reaped = 0;

	(void)unused;
	mem_snapshot(&before);
	mm = test_mm_enter();
	CHECK(mm);
	CHECK_EQ(setup_snippet(mm, snippet_exit42, sizeof(snippet_exit42), &regs), 0);
	for (i = 0; i < NR_CHILDREN; i++)
		CHECK(do_fork(&regs, mm) > 0);
	CHECK_EQ(nr_tasks, NR_CHILDREN + 1);
	while (do_wait4(-1, &status, 0) > 0) {
		CHECK_EQ(status, W_EXITCODE(42, 0));
		reaped++;
	}
	CHECK_EQ(reaped, NR_CHILDREN);
	CHECK_EQ(do_wait4(-1, &status, 0), -ECHILD);
	test_mm_leave(mm);
	mem_snapshot(&after);
	CHECK(mem_snapshot_equal(&before, &after));
	return 0;
}

int test_sigsegv_null(int unused)
{
	struct mem_snapshot before, after;

	(void)unused;
	mem_snapshot(&before);
	CHECK_EQ(run_snippet(snippet_null_load, sizeof(snippet_null_load)), SIGSEGV);
	mem_snapshot(&after);
	CHECK(mem_snapshot_equal(&before, &after));
	return 0;
}

int test_sigsegv_text_write(int unused)
{
	struct mem_snapshot before, after;

	(void)unused;
	mem_snapshot(&before);
	CHECK_EQ(run_snippet(snippet_text_store, sizeof(snippet_text_store)), SIGSEGV);
	mem_snapshot(&after);
	CHECK(mem_snapshot_equal(&before, &after));
	return 0;
}

int test_sigkill_and_wait(int unused)
{
	struct mm_struct *mm = test_mm_enter();
	struct trapframe regs;
	int pid, status = 0;

	(void)unused;
	CHECK(mm);
	CHECK_EQ(do_wait4(-1, &status, WNOHANG), -ECHILD);
	CHECK_EQ(setup_snippet(mm, snippet_loop, sizeof(snippet_loop), &regs), 0);
	pid = do_fork(&regs, mm);
	CHECK(pid > 0);
	CHECK_EQ(do_wait4(pid, &status, WNOHANG), 0);	/* still running */
	CHECK_EQ(kill_pid(pid, SIGKILL), 0);
	CHECK_EQ(do_wait4(pid, &status, 0), pid);
	CHECK_EQ(status, SIGKILL);
	CHECK_EQ(kill_pid(pid, SIGKILL), -ESRCH);
	test_mm_leave(mm);
	return 0;
}
