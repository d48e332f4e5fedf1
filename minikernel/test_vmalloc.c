/*
 * test_vmalloc.c - self-tests for vmalloc.c and the fixmap.
 */
#include "selftest.h"
#include "slab.h"
#include "traps.h"
#include "vmalloc.h"

static int vmlist_sorted(void)
{
	const struct vm_struct *v;

	for (v = vmlist; v; v = v->next) {
		CHECK((unsigned long)v->addr >= VMALLOC_START);
		CHECK((unsigned long)v->addr + v->size <= VMALLOC_END);
		if (v->next)
			CHECK((unsigned long)v->addr + v->size <= (unsigned long)v->next->addr);
	}
	return 0;
}

int test_vmalloc_1000000(int unused)
{
	unsigned char *p = vmalloc(1000000);
	struct vm_struct *area;
	unsigned long i;

	(void)unused;
	CHECK(p != NULL);
	CHECK_EQ(PGOFF(p), 0);
	area = find_vm_area(p);
	CHECK(area != NULL);
	CHECK_EQ(area->size, 1007616);	/* 245 pages + the guard page */
	CHECK_EQ(area->nr_pages, 245);
	CHECK(area->flags & VM_ALLOC);
	CHECK(vmlist_sorted() == 0);
	for (i = 0; i < 1000000; i += 997)
		p[i] = (unsigned char)(i >> 3);
	for (i = 0; i < 1000000; i += 997)
		CHECK_EQ(p[i], (unsigned char)(i >> 3));
	vfree(p);
	CHECK(find_vm_area(p) == NULL);
	return 0;
}

int test_vmalloc_first_fit(int unused)
{
	void *a = vmalloc(3 * PAGE_SIZE), *b = vmalloc(3 * PAGE_SIZE), *c = vmalloc(3 * PAGE_SIZE);
	void *d, *e;

	(void)unused;
	CHECK(a && b && c);
	CHECK_EQ((char *)b - (char *)a, 4 * PAGE_SIZE);	/* 3 pages and a guard */
	CHECK_EQ((char *)c - (char *)b, 4 * PAGE_SIZE);
	vfree(b);
	d = vmalloc(2 * PAGE_SIZE);	/* fits the hole b left */
	CHECK(d == b);
	e = vmalloc(4 * PAGE_SIZE);	/* does not: goes after c (or a later gap) */
	CHECK(e != NULL && (char *)e >= (char *)c + 4 * PAGE_SIZE);
	CHECK(vmlist_sorted() == 0);
	vfree(a);
	vfree(c);
	vfree(d);
	vfree(e);
	return 0;
}

static unsigned long hook_address, hook_err;
static int hook_hits;

static void record_fault(struct trapframe *tf, unsigned long address)
{
	hook_hits++;
	hook_address = address;
	hook_err = tf->err;
}

int test_vmalloc_guard(int unused)
{
	unsigned char *p = vmalloc(2 * PAGE_SIZE);
	unsigned char v;
	int r1, r2, r3;

	(void)unused;
	CHECK(p != NULL);
	hook_hits = 0;
	fault_hook = record_fault;
	r1 = probe_kernel_read(p + PAGE_SIZE, &v);		/* last mapped page: fine */
	r2 = probe_kernel_read(p + 2 * PAGE_SIZE, &v);		/* guard page */
	CHECK_EQ(hook_address, (unsigned long)p + 2 * PAGE_SIZE);
	CHECK_EQ(hook_err, 0);					/* not present, read, kernel */
	r3 = probe_kernel_write(p + 2 * PAGE_SIZE + 100, 1);
	fault_hook = NULL;
	CHECK_EQ(r1, 0);
	CHECK_EQ(r2, -EFAULT);
	CHECK_EQ(r3, -EFAULT);
	CHECK_EQ(hook_hits, 2);
	CHECK_EQ(hook_address, (unsigned long)p + 2 * PAGE_SIZE + 100);
	CHECK_EQ(hook_err, PF_WRITE);
	vfree(p);
	return 0;
}

/* The walk done by hand: pgd entry -> page table -> pte -> mem_map. */
static struct page *walk(unsigned long addr)
{
	pgd_t pde = swapper_pg_dir[PDX(addr)];
	pte_t pte;

	if (!(pde & PTE_P))
		return NULL;
	pte = ((pte_t *)__va(PTE_ADDR(pde)))[PTX(addr)];
	if (!(pte & PTE_P))
		return NULL;
	return mem_map + (pte >> PAGE_SHIFT);
}

int test_vmalloc_to_page(int unused)
{
	unsigned char *p = vmalloc(5 * PAGE_SIZE);
	struct vm_struct *area = find_vm_area(p);
	unsigned long i;

	(void)unused;
	CHECK(p && area);
	for (i = 0; i < 5; i++) {
		unsigned char *va = p + i * PAGE_SIZE + 123;
		struct page *pg = vmalloc_to_page(va);
		unsigned char *alias;

		CHECK(pg != NULL);
		CHECK(pg == walk((unsigned long)va));
		CHECK(pg == area->pages[i]);
		*va = (unsigned char)(0x40 + i);
		CHECK_EQ(((unsigned char *)page_address(pg))[123], 0x40 + i);
		alias = kmap_atomic(pg, KM_USER0);
		CHECK_EQ(alias[123], 0x40 + i);
		kunmap_atomic(alias, KM_USER0);
	}
	CHECK(vmalloc_to_page(p + 5 * PAGE_SIZE) == NULL);	/* the guard page */
	CHECK(walk((unsigned long)p + 5 * PAGE_SIZE) == NULL);
	vfree(p);
	return 0;
}

int test_vfree_returns_pages(int unused)
{
	struct page *pages[245];
	unsigned long free0, tables0;
	struct vm_struct *area;
	unsigned int i;
	void *p;

	(void)unused;
	/* Warm up: page tables and the slabs for vm_struct and pages[] now exist. */
	p = vmalloc(1000000);
	CHECK(p != NULL);
	vfree(p);
	free0 = nr_free_pages();
	tables0 = nr_pagetable_pages;
	p = vmalloc(1000000);
	area = find_vm_area(p);
	CHECK(p && area);
	CHECK_EQ(nr_free_pages(), free0 - 245);
	memcpy(pages, area->pages, sizeof(pages));
	vfree(p);
	for (i = 0; i < 245; i++)
		CHECK_EQ(page_count(pages[i]), 0);
	CHECK_EQ(nr_free_pages(), free0);
	CHECK_EQ(nr_pagetable_pages, tables0);
	return 0;
}

int test_vmap(int unused)
{
	struct page *pages[3];
	unsigned char *v;
	int i;

	(void)unused;
	for (i = 0; i < 3; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		CHECK(pages[i] != NULL);
		memset(page_address(pages[i]), 0x10 + i, PAGE_SIZE);
	}
	v = vmap(pages, 3);
	CHECK(v != NULL);
	CHECK(find_vm_area(v)->flags & VM_MAP);
	for (i = 0; i < 3; i++) {
		CHECK(vmalloc_to_page(v + i * PAGE_SIZE) == pages[i]);
		CHECK_EQ(v[i * PAGE_SIZE + 7], 0x10 + i);
	}
	v[PAGE_SIZE + 9] = 0x99;
	CHECK_EQ(((unsigned char *)page_address(pages[1]))[9], 0x99);
	vunmap(v);
	CHECK(vmalloc_to_page(v) == NULL);
	for (i = 0; i < 3; i++) {
		CHECK_EQ(page_count(pages[i]), 1);	/* still the caller's */
		__free_page(pages[i]);
	}
	return 0;
}

int test_vmalloc_too_big(int unused)
{
	unsigned long free0, used0 = vmalloc_used_bytes();

	(void)unused;
	CHECK(vmalloc(0) == NULL);
	CHECK(get_vm_area(VMALLOC_END - VMALLOC_START, VM_ALLOC) == NULL);	/* no room for the guard */
	free0 = nr_free_pages();
	CHECK(vmalloc((num_physpages + 1) << PAGE_SHIFT) == NULL);
	CHECK_EQ(nr_free_pages(), free0);
	CHECK_EQ(vmalloc_used_bytes(), used0);
	return 0;
}

int test_fixmap(int unused)
{
	struct page *pg = alloc_page(GFP_KERNEL);
	unsigned char *a, *b, *direct;

	(void)unused;
	CHECK(pg != NULL);
	CHECK_EQ(__fix_to_virt(FIX_HOLE), FIXADDR_TOP);
	CHECK(FIXADDR_START >= VMALLOC_END + 2 * PAGE_SIZE);
	direct = page_address(pg);
	direct[0] = 0x11;
	a = kmap_atomic(pg, KM_USER0);
	b = kmap_atomic(pg, KM_USER1);
	CHECK_EQ((unsigned long)a, __fix_to_virt(FIX_KMAP_BEGIN + KM_USER0));
	CHECK_EQ((unsigned long)b, __fix_to_virt(FIX_KMAP_BEGIN + KM_USER1));
	CHECK_EQ(a[0], 0x11);
	a[1] = 0x22;
	CHECK_EQ(b[1], 0x22);
	CHECK_EQ(direct[1], 0x22);
	kunmap_atomic(b, KM_USER1);
	kunmap_atomic(a, KM_USER0);
	CHECK(walk((unsigned long)a) == NULL);
	__free_page(pg);
	return 0;
}
