/*
 * test_fault.c - selftest=vm: the page-fault paths.  Demand paging (RSS
 * grows only when a page is touched; a read maps the shared zero page
 * read-only), copy-on-write after dup_mm (each side keeps its own copy
 * after a write, the page counts drop back, a lone user reuses its page
 * without copying), and the vmalloc PDE sync of a process page directory.
 */
#include "selftest.h"
#include "mman.h"
#include "sched.h"
#include "test_vm.h"
#include "uaccess.h"
#include "vmalloc.h"
#include "x86.h"

#define RW		(PROT_READ | PROT_WRITE)
#define ANON_FIXED	(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)

int test_demand_paging(int unused)
{
	struct mm_struct *mm = test_mm_enter();
	unsigned long flt = current->min_flt, i;
	uint32_t v = 1;
	pte_t *pte;

	(void)unused;
	CHECK(mm);
	CHECK_EQ(do_mmap_pgoff(NULL, TEST_AREA, 16 * PAGE_SIZE, RW, ANON_FIXED, 0), TEST_AREA);
	CHECK_EQ(mm->rss, 0);
	CHECK_EQ(get_user_u32(&v, (void *)TEST_AREA), 0);	/* read: the zero page */
	CHECK_EQ(v, 0);
	CHECK_EQ(mm->rss, 0);
	pte = pte_offset_map(mm, TEST_AREA);
	CHECK(pte && pte_page(*pte) == ZERO_PAGE(0) && !(*pte & PTE_W));
	CHECK_EQ(current->min_flt, flt + 1);
	for (i = 0; i < 16; i += 2)
		CHECK_EQ(put_user_u32((uint32_t)i, (void *)(TEST_AREA + i * PAGE_SIZE)), 0);
	CHECK_EQ(mm->rss, 8);
	CHECK(pte_page(*pte) != ZERO_PAGE(0) && (*pte & PTE_W));
	CHECK_EQ(current->min_flt, flt + 9);
	CHECK(pte_offset_map(mm, TEST_AREA + PAGE_SIZE) && !*pte_offset_map(mm, TEST_AREA + PAGE_SIZE));
	test_mm_leave(mm);
	return 0;
}

/* Reads a word of mm at addr through the page tables (mm need not be loaded). */
static uint32_t peek(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = pte_offset_map(mm, addr);

	return *(uint32_t *)((char *)page_address(pte_page(*pte)) + PGOFF(addr));
}

int test_cow(int unused)
{
	struct mem_snapshot before, after;
	struct mm_struct *mm, *child;
	struct page *page;
	unsigned long free_before;

	(void)unused;
	mem_snapshot(&before);
	mm = test_mm_enter();
	CHECK(mm);
	CHECK_EQ(do_mmap_pgoff(NULL, TEST_AREA, PAGE_SIZE, RW, ANON_FIXED, 0), TEST_AREA);
	CHECK_EQ(put_user_u32(0xAAAA, (void *)TEST_AREA), 0);
	page = pte_page(*pte_offset_map(mm, TEST_AREA));
	child = dup_mm(mm);
	CHECK(child);
	CHECK_EQ(page_count(page), 2);
	CHECK(!(*pte_offset_map(mm, TEST_AREA) & PTE_W) && !(*pte_offset_map(child, TEST_AREA) & PTE_W));
	CHECK_EQ(child->rss, 1);
	current->mm = child;		/* write as the child */
	switch_mm(child);
	CHECK_EQ(put_user_u32(0xBBBB, (void *)TEST_AREA), 0);
	current->mm = mm;
	switch_mm(mm);
	CHECK(pte_page(*pte_offset_map(child, TEST_AREA)) != page);
	CHECK_EQ(page_count(page), 1);
	CHECK_EQ(peek(mm, TEST_AREA), 0xAAAA);
	CHECK_EQ(peek(child, TEST_AREA), 0xBBBB);
	mmput(child);
	free_before = nr_free_pages();
	CHECK_EQ(put_user_u32(0xCCCC, (void *)TEST_AREA), 0);	/* one user: reused, no copy */
	CHECK_EQ(pte_page(*pte_offset_map(mm, TEST_AREA)), page);
	CHECK_EQ(nr_free_pages(), free_before);
	test_mm_leave(mm);
	mem_snapshot(&after);
	CHECK(mem_snapshot_equal(&before, &after));
	return 0;
}

int test_cow_zero_page(int unused)
{
	struct mm_struct *mm = test_mm_enter(), *child;
	uint32_t v = 1;

	(void)unused;
	CHECK(mm);
	CHECK_EQ(do_mmap_pgoff(NULL, TEST_AREA, PAGE_SIZE, RW, ANON_FIXED, 0), TEST_AREA);
	CHECK_EQ(get_user_u32(&v, (void *)TEST_AREA), 0);	/* maps the zero page */
	child = dup_mm(mm);
	CHECK(child);
	CHECK_EQ(child->rss, 0);
	CHECK_EQ(put_user_u32(9, (void *)TEST_AREA), 0);	/* never writes the zero page */
	CHECK_EQ(mm->rss, 1);
	CHECK_EQ(peek(child, TEST_AREA), 0);
	CHECK_EQ(*(uint32_t *)page_address(ZERO_PAGE(0)), 0);
	mmput(child);
	test_mm_leave(mm);
	return 0;
}

/* A vmalloc area made after the mm: its page table is missing from mm->pgd until a fault copies it. */
int test_vmalloc_pde_sync(int unused)
{
	struct mm_struct *mm = test_mm_enter();
	unsigned long size = 2 * PGDIR_SIZE, i;
	unsigned char *p;
	int missing = 0;

	(void)unused;
	CHECK(mm);
	p = vmalloc(size);
	CHECK(p);
	for (i = 0; i < size; i += PGDIR_SIZE)
		missing += !(mm->pgd[PDX(p + i)] & PTE_P);
	CHECK(missing > 0);
	for (i = 0; i < size; i += PAGE_SIZE)
		p[i] = (unsigned char)i;
	for (i = 0; i < size; i += PGDIR_SIZE)
		CHECK_EQ(mm->pgd[PDX(p + i)], swapper_pg_dir[PDX(p + i)]);
	vfree(p);
	test_mm_leave(mm);
	return 0;
}
