/*
 * test_mmap.c - selftest=vm: the VMA operations in a throw-away address
 * space: the merge matrix of do_mmap (neighbours with equal or different
 * flags, gap closing), munmap of a head, a tail, the middle (a split) and
 * across several areas, mprotect splitting, brk growing and shrinking, and
 * a stack VMA growing down on a fault.
 */
#include "selftest.h"
#include "mman.h"
#include "sched.h"
#include "test_vm.h"
#include "uaccess.h"

#define P(n)		((unsigned long)(n) * PAGE_SIZE)
#define RW		(PROT_READ | PROT_WRITE)
#define ANON_FIXED	(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)

/* The VMAs as (start, end) page numbers from TEST_AREA, for comparing with a picture. */
static int vmas_are(struct mm_struct *mm, const unsigned long *want, int n)
{
	struct vm_area_struct *v;
	int i = 0;

	for (v = mm->mmap; v; v = v->vm_next, i++) {
		if (i >= n || v->vm_start != TEST_AREA + P(want[2 * i]) ||
		    v->vm_end != TEST_AREA + P(want[2 * i + 1])) {
			printk("# vma %d: %08lx-%08lx\n", i, v->vm_start, v->vm_end);
			return 0;
		}
	}
	return i == n && vma_tree_consistent(mm);
}

static int map(unsigned long page, unsigned long pages, unsigned long prot)
{
	return do_mmap_pgoff(NULL, TEST_AREA + P(page), P(pages), prot, ANON_FIXED, 0) ==
	       TEST_AREA + P(page);
}

int test_mmap_merge(int unused)
{
	struct mm_struct *mm = test_mm_enter();
	static const unsigned long one[] = { 0, 4 }, two[] = { 0, 4, 4, 6 };
	static const unsigned long gap[] = { 0, 4, 4, 6, 8, 10 }, closed[] = { 0, 4, 4, 10 };

	(void)unused;
	CHECK(mm);
	CHECK(map(0, 2, RW) && map(2, 2, RW));		/* same flags: one VMA */
	CHECK(vmas_are(mm, one, 1));
	CHECK(map(4, 2, PROT_READ));			/* other flags: a second VMA */
	CHECK(vmas_are(mm, two, 2));
	CHECK(map(8, 2, PROT_READ));
	CHECK(vmas_are(mm, gap, 3));
	CHECK(map(6, 2, PROT_READ));			/* closes the gap: three become one */
	CHECK(vmas_are(mm, closed, 2));
	CHECK(map(1, 1, PROT_READ));			/* over the middle of the first: split */
	CHECK_EQ(mm->map_count, 4);			/* [0,1) rw, [1,2) r, [2,4) rw, [4,10) r */
	CHECK_EQ(find_vma(mm, TEST_AREA + P(1))->vm_flags & VM_WRITE, 0);
	test_mm_leave(mm);
	return 0;
}

int test_munmap(int unused)
{
	struct mm_struct *mm = test_mm_enter();
	static const unsigned long split[] = { 0, 3, 5, 8 }, trimmed[] = { 1, 3, 5, 7 };
	unsigned long i, v;

	(void)unused;
	CHECK(mm);
	CHECK(map(0, 8, RW));
	for (i = 0; i < 8; i++)
		CHECK_EQ(put_user_u32((uint32_t)i, (void *)(TEST_AREA + P(i))), 0);
	CHECK_EQ(mm->rss, 8);
	CHECK_EQ(do_munmap(mm, TEST_AREA + P(3), P(2)), 0);	/* the middle */
	CHECK(vmas_are(mm, split, 2));
	CHECK_EQ(mm->rss, 6);
	CHECK_EQ(get_user_u32((uint32_t *)&v, (void *)(TEST_AREA + P(5))), 0);
	CHECK_EQ(v, 5);
	CHECK(copy_from_user(&v, (void *)(TEST_AREA + P(3)), 4) != 0);	/* gone: -EFAULT */
	CHECK_EQ(do_munmap(mm, TEST_AREA, P(1)), 0);			/* a head */
	CHECK_EQ(do_munmap(mm, TEST_AREA + P(7), P(1)), 0);		/* a tail */
	CHECK(vmas_are(mm, trimmed, 2));
	CHECK_EQ(do_munmap(mm, TEST_AREA + P(2), P(4)), 0);		/* across both */
	CHECK_EQ(mm->map_count, 2);
	CHECK_EQ(do_munmap(mm, TEST_AREA, P(16)), 0);
	CHECK_EQ(mm->map_count, 0);
	CHECK_EQ(mm->rss, 0);
	CHECK_EQ(do_munmap(mm, TEST_AREA + 1, P(1)), -EINVAL);
	test_mm_leave(mm);
	return 0;
}

int test_mprotect_split(int unused)
{
	struct mm_struct *mm = test_mm_enter();
	static const unsigned long three[] = { 0, 2, 2, 3, 3, 6 };
	uint32_t v = 7;

	(void)unused;
	CHECK(mm);
	CHECK(map(0, 6, RW));
	CHECK_EQ(put_user_u32(1, (void *)(TEST_AREA + P(2))), 0);
	CHECK_EQ(do_mprotect(mm, TEST_AREA + P(2), P(1), PROT_READ), 0);
	CHECK(vmas_are(mm, three, 3));
	CHECK(put_user_u32(2, (void *)(TEST_AREA + P(2))) != 0);	/* read-only now */
	CHECK_EQ(get_user_u32(&v, (void *)(TEST_AREA + P(2))), 0);
	CHECK_EQ(v, 1);
	CHECK_EQ(do_mprotect(mm, TEST_AREA + P(2), P(1), PROT_NONE), 0);
	CHECK(get_user_u32(&v, (void *)(TEST_AREA + P(2))) != 0);	/* PROT_NONE */
	CHECK_EQ(do_mprotect(mm, TEST_AREA + P(2), P(1), RW), 0);
	CHECK_EQ(get_user_u32(&v, (void *)(TEST_AREA + P(2))), 0);	/* the page survived */
	CHECK_EQ(v, 1);
	CHECK_EQ(put_user_u32(3, (void *)(TEST_AREA + P(2))), 0);
	CHECK_EQ(do_mprotect(mm, TEST_AREA + P(7), P(1), RW), -ENOMEM);	/* unmapped */
	test_mm_leave(mm);
	return 0;
}

int test_brk(int unused)
{
	struct mm_struct *mm = test_mm_enter();
	unsigned long base = TEST_AREA + P(64);

	(void)unused;
	CHECK(mm);
	mm->start_brk = mm->brk = base;
	CHECK_EQ(sys_brk(0), base);				/* a query */
	CHECK_EQ(sys_brk(base + 10000), base + 10000);		/* grow: 3 pages */
	CHECK_EQ(find_vma(mm, base)->vm_end, base + P(3));
	CHECK_EQ(put_user_u32(5, (void *)(base + 9996)), 0);
	CHECK_EQ(mm->rss, 1);
	CHECK_EQ(sys_brk(base + 100), base + 100);		/* shrink: pages go */
	CHECK_EQ(find_vma(mm, base)->vm_end, base + P(1));
	CHECK_EQ(mm->rss, 0);
	CHECK(map(68, 1, RW));					/* something above the heap */
	CHECK_EQ(sys_brk(base + P(4)), base + 100);		/* refused: old break */
	CHECK_EQ(sys_brk(base + P(2)), base + P(2));		/* up to a guard page: fine */
	CHECK_EQ(sys_brk(base - 1), base + P(2));		/* below the start: refused */
	test_mm_leave(mm);
	return 0;
}

int test_stack_grows_down(int unused)
{
	struct mm_struct *mm = test_mm_enter();
	struct vm_area_struct *stack;

	(void)unused;
	CHECK(mm);
	CHECK_EQ(do_mmap_pgoff(NULL, STACK_TOP - P(1), P(1), RW | PROT_EXEC,
			       ANON_FIXED | MAP_GROWSDOWN, 0), STACK_TOP - P(1));
	stack = find_vma(mm, STACK_TOP - 4);
	CHECK(stack && (stack->vm_flags & VM_GROWSDOWN));
	CHECK_EQ(put_user_u32(1, (void *)(STACK_TOP - P(5) + 8)), 0);	/* kernel access: grows */
	CHECK_EQ(stack->vm_start, STACK_TOP - P(5));
	CHECK_EQ(mm->map_count, 1);
	CHECK(put_user_u32(1, (void *)(STACK_TOP - STACK_RLIMIT - P(1))) != 0);	/* rlimit */
	CHECK_EQ(stack->vm_start, STACK_TOP - P(5));
	test_mm_leave(mm);
	return 0;
}
