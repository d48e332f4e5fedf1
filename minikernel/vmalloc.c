/*
 * vmalloc.c - virtually contiguous, physically scattered kernel memory
 * (Linux 2.4/2.6 mm/vmalloc.c).
 *
 * Areas live in [VMALLOC_START, VMALLOC_END).  vmlist is a singly linked
 * list sorted by address; get_vm_area() takes the first gap that fits (first
 * fit), and every area's size includes one guard page that is never mapped,
 * so running off the end faults instead of corrupting the next area.
 * vmalloc() takes its pages one at a time from the buddy allocator and maps
 * them in swapper_pg_dir; page tables for the vmalloc range are allocated on
 * demand and, as in Linux, never freed.  vmap() maps pages the caller owns.
 *
 * There is one address space (no processes yet), so no vmalloc_fault()
 * synchronisation of page directories is needed.
 */
#include "defs.h"
#include "slab.h"
#include "vmalloc.h"

struct vm_struct *vmlist;
unsigned long nr_pagetable_pages;	/* page tables taken from the buddy allocator */

/* The PTE for addr in the kernel page tables, allocating the page table if needed. */
static pte_t *pte_alloc_kernel(unsigned long addr)
{
	pgd_t *pgd = &swapper_pg_dir[PDX(addr)];

	if (!(*pgd & PTE_P)) {
		unsigned long page = get_zeroed_page(GFP_KERNEL);

		if (!page)
			return NULL;
		nr_pagetable_pages++;
		*pgd = __pa(page) | _KERNPG_TABLE;
	}
	return (pte_t *)__va(PTE_ADDR(*pgd)) + PTX(addr);
}

/* Maps pages[0..] at [addr, end) within one page table. */
static int vmap_pte_range(unsigned long addr, unsigned long end, struct page ***pages)
{
	pte_t *pte = pte_alloc_kernel(addr);

	if (!pte)
		return -ENOMEM;
	do {
		BUG_ON(*pte & PTE_P);
		*pte = (pte_t)(page_to_phys(**pages) | PAGE_KERNEL);
		(*pages)++;
		pte++;
		addr += PAGE_SIZE;
	} while (addr != end);
	return 0;
}

/* Maps the area's pages (not its guard page).  Returns 0 or -ENOMEM. */
static int map_vm_area(struct vm_struct *area)
{
	unsigned long addr = (unsigned long)area->addr;
	unsigned long end = addr + area->size - PAGE_SIZE;
	struct page **pages = area->pages;

	while (addr != end) {
		unsigned long next = (addr + PGDIR_SIZE) & ~(PGDIR_SIZE - 1UL);

		if (next - 1 > end - 1)
			next = end;
		if (vmap_pte_range(addr, next, &pages))
			return -ENOMEM;
		addr = next;
	}
	return 0;
}

static void vunmap_pte_range(unsigned long addr, unsigned long end)
{
	for (; addr != end; addr += PAGE_SIZE) {
		pte_t *pte = lookup_pte_kernel(addr);

		if (pte && *pte) {
			*pte = 0;
			__flush_tlb_one(addr);
		}
	}
}

static void unmap_vm_area(const struct vm_struct *area)
{
	unsigned long addr = (unsigned long)area->addr;

	vunmap_pte_range(addr, addr + area->size - PAGE_SIZE);
}

/* Reserves address space for size bytes plus a guard page (2.4's first fit). */
static struct vm_struct *__get_vm_area(unsigned long size, unsigned long flags, void *caller)
{
	struct vm_struct **p, *tmp, *area;
	unsigned long addr = VMALLOC_START;

	size = PAGE_ALIGN(size);
	if (!size || size > VMALLOC_END - VMALLOC_START)
		return NULL;
	area = kmalloc(sizeof(*area), GFP_KERNEL);
	if (!area)
		return NULL;
	size += PAGE_SIZE;
	for (p = &vmlist; (tmp = *p); p = &tmp->next) {
		if (size + addr <= (unsigned long)tmp->addr)
			break;
		addr = tmp->size + (unsigned long)tmp->addr;
		if (addr > VMALLOC_END - size) {
			kfree(area);
			return NULL;
		}
	}
	if (addr > VMALLOC_END - size) {
		kfree(area);
		return NULL;
	}
	area->flags = flags;
	area->addr = (void *)addr;
	area->size = size;
	area->pages = NULL;
	area->nr_pages = 0;
	area->caller = caller;
	area->next = *p;
	*p = area;
	return area;
}

struct vm_struct *get_vm_area(unsigned long size, unsigned long flags)
{
	return __get_vm_area(size, flags, __builtin_return_address(0));
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct vm_struct *tmp;

	for (tmp = vmlist; tmp; tmp = tmp->next)
		if (tmp->addr == addr)
			return tmp;
	return NULL;
}

/* Unlinks the area that starts at addr and returns it (still mapped). */
static struct vm_struct *remove_vm_area(const void *addr)
{
	struct vm_struct **p, *tmp;

	for (p = &vmlist; (tmp = *p); p = &tmp->next) {
		if (tmp->addr == addr) {
			*p = tmp->next;
			return tmp;
		}
	}
	return NULL;
}

static void free_area_pages(struct vm_struct *area, int free_pages_too)
{
	unsigned int i;

	unmap_vm_area(area);
	if (free_pages_too)
		for (i = 0; i < area->nr_pages; i++)
			if (area->pages[i])
				__free_page(area->pages[i]);
	kfree(area->pages);
	kfree(area);
}

void *__vmalloc(unsigned long size, unsigned int gfp_mask, void *caller)
{
	struct vm_struct *area;
	unsigned int i, n;

	size = PAGE_ALIGN(size);
	if (!size || (size >> PAGE_SHIFT) > num_physpages)
		return NULL;
	area = __get_vm_area(size, VM_ALLOC, caller);
	if (!area)
		return NULL;
	n = (unsigned int)(size >> PAGE_SHIFT);
	area->pages = kmalloc(n * sizeof(struct page *), gfp_mask);
	if (!area->pages)
		goto fail;
	memset(area->pages, 0, n * sizeof(struct page *));
	area->nr_pages = n;
	for (i = 0; i < n; i++) {
		area->pages[i] = alloc_page(gfp_mask);
		if (!area->pages[i])
			goto fail;
	}
	if (map_vm_area(area))
		goto fail;
	return area->addr;
fail:
	remove_vm_area(area->addr);
	free_area_pages(area, 1);
	return NULL;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL, __builtin_return_address(0));
}

void vfree(const void *addr)
{
	struct vm_struct *area;

	if (!addr)
		return;
	area = remove_vm_area(addr);
	if (!area || !(area->flags & VM_ALLOC))
		panic("vfree: bad address %p", addr);
	free_area_pages(area, 1);
}

/* Maps count caller-owned pages contiguously; vunmap() gives the range back. */
void *vmap(struct page **pages, unsigned int count)
{
	struct vm_struct *area;

	if (!count || count > num_physpages)
		return NULL;
	area = __get_vm_area((unsigned long)count << PAGE_SHIFT, VM_MAP,
			     __builtin_return_address(0));
	if (!area)
		return NULL;
	area->pages = kmalloc(count * sizeof(struct page *), GFP_KERNEL);
	if (!area->pages)
		goto fail;
	memcpy(area->pages, pages, count * sizeof(struct page *));
	area->nr_pages = count;
	if (map_vm_area(area))
		goto fail;
	return area->addr;
fail:
	remove_vm_area(area->addr);
	free_area_pages(area, 0);
	return NULL;
}

void vunmap(const void *addr)
{
	struct vm_struct *area = remove_vm_area(addr);

	if (!area || !(area->flags & VM_MAP))
		panic("vunmap: bad address %p", addr);
	free_area_pages(area, 0);
}

/* Walks swapper_pg_dir: pgd -> pte -> struct page (NULL if not mapped). */
struct page *vmalloc_to_page(const void *vmalloc_addr)
{
	pte_t *pte = lookup_pte_kernel((unsigned long)vmalloc_addr);

	if (!pte || !(*pte & PTE_P))
		return NULL;
	return pte_page(*pte);
}

unsigned long vmalloc_used_bytes(void)
{
	const struct vm_struct *v;
	unsigned long used = 0;

	for (v = vmlist; v; v = v->next)
		used += v->size;
	return used;
}

/* The largest free gap in the vmalloc range (meminfo's VmallocChunk). */
unsigned long vmalloc_largest_chunk(void)
{
	const struct vm_struct *v;
	unsigned long prev_end = VMALLOC_START, largest = 0;

	for (v = vmlist; v; v = v->next) {
		if ((unsigned long)v->addr - prev_end > largest)
			largest = (unsigned long)v->addr - prev_end;
		prev_end = (unsigned long)v->addr + v->size;
	}
	if (VMALLOC_END - prev_end > largest)
		largest = VMALLOC_END - prev_end;
	return largest;
}
