/*
 * memory.c - user page tables and the page-fault work (Linux 2.4
 * mm/memory.c): allocating and freeing page directories and tables, copying
 * them at fork with copy-on-write, zapping ranges, changing protections, and
 * handle_mm_fault() with do_no_page / do_anonymous_page / do_wp_page.
 *
 * PTE protections follow 2.4's protection_map: a private writable area maps
 * its pages read-only (PAGE_COPY) and a write fault decides between reusing
 * the page (one user) and copying it; only shared writable areas map pages
 * writable directly.  A read of an untouched anonymous page maps the shared
 * zero page and costs no RSS.  Reserved pages (the zero page) are never
 * reference-counted in PTEs.
 */
#include "defs.h"
#include "mm.h"
#include "sched.h"
#include "slab.h"
#include "vmalloc.h"
#include "x86.h"

#define _PAGE_TABLE	(PTE_P | PTE_W | PTE_U | PTE_A)
#define USER_PTRS_PER_PGD	(TASK_SIZE >> PGDIR_SHIFT)

static char empty_zero_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
struct page *empty_zero_page_struct;

void memory_init(void)
{
	empty_zero_page_struct = virt_to_page(empty_zero_page);
	BUG_ON(!PageReserved(empty_zero_page_struct));
}

/* A page directory: no user mappings, the kernel's half copied from swapper_pg_dir. */
pgd_t *pgd_alloc(void)
{
	pgd_t *pgd = (pgd_t *)get_zeroed_page(GFP_KERNEL);

	if (pgd)
		memcpy(pgd + USER_PTRS_PER_PGD, swapper_pg_dir + USER_PTRS_PER_PGD,
		       (PTRS_PER_PGD - USER_PTRS_PER_PGD) * sizeof(pgd_t));
	return pgd;
}

void pgd_free(pgd_t *pgd)
{
	unsigned int i;

	for (i = 0; i < USER_PTRS_PER_PGD; i++)
		BUG_ON(pgd[i] & PTE_P);		/* exit_mmap freed every table */
	free_page((unsigned long)pgd);
}

pte_t *pte_offset_map(struct mm_struct *mm, unsigned long addr)
{
	pgd_t pde = mm->pgd[PDX(addr)];

	if (!(pde & PTE_P))
		return NULL;
	return (pte_t *)__va(PTE_ADDR(pde)) + PTX(addr);
}

static pte_t *pte_alloc(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pde = &mm->pgd[PDX(addr)];

	if (!(*pde & PTE_P)) {
		unsigned long pt = get_zeroed_page(GFP_KERNEL);

		if (!pt)
			return NULL;
		nr_pagetable_pages++;
		*pde = __pa(pt) | _PAGE_TABLE;
	}
	return pte_offset_map(mm, addr);
}

/* 2.4's protection_map: the PTE bits for an area's flags (private writable = read-only). */
unsigned long pgprot_of(unsigned long vm_flags)
{
	if (!(vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return PTE_PROTNONE;
	if ((vm_flags & (VM_SHARED | VM_WRITE)) == (VM_SHARED | VM_WRITE))
		return PTE_P | PTE_U | PTE_W;
	return PTE_P | PTE_U;
}

/* Copies the PTE at addr from src to dst; a private writable page becomes read-only in both. */
static int copy_one_pte(struct mm_struct *dst, struct mm_struct *src, unsigned long addr, int cow)
{
	pte_t *src_pte = pte_offset_map(src, addr), *dst_pte, entry;

	if (!src_pte || !*src_pte)
		return 0;
	dst_pte = pte_alloc(dst, addr);
	if (!dst_pte)
		return -ENOMEM;
	entry = *src_pte;
	if (pte_present(entry)) {
		struct page *page = pte_page(entry);

		if (cow && (entry & PTE_W)) {
			entry &= ~(pte_t)PTE_W;
			*src_pte = entry;
			__flush_tlb_one(addr);
		}
		if (!PageReserved(page)) {
			get_page(page);
			dst->rss++;
		}
	}
	*dst_pte = entry;
	return 0;
}

int copy_page_range(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma)
{
	int cow = (vma->vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
	unsigned long addr;

	for (addr = vma->vm_start; addr < vma->vm_end; addr += PAGE_SIZE) {
		if (!(src->pgd[PDX(addr)] & PTE_P)) {
			addr = (addr | (PGDIR_SIZE - 1)) - PAGE_SIZE + 1;	/* next table */
			continue;
		}
		if (copy_one_pte(dst, src, addr, cow))
			return -ENOMEM;
	}
	return 0;
}

void zap_page_range(struct mm_struct *mm, unsigned long address, unsigned long size)
{
	unsigned long end = address + size;

	for (; address < end; address += PAGE_SIZE) {
		pte_t *pte = pte_offset_map(mm, address);

		if (!pte) {
			address = (address | (PGDIR_SIZE - 1)) - PAGE_SIZE + 1;
			continue;
		}
		if (pte_present(*pte)) {
			struct page *page = pte_page(*pte);

			if (!PageReserved(page)) {
				put_page(page);
				mm->rss--;
			}
		}
		*pte = 0;
		__flush_tlb_one(address);
	}
}

/* Frees the page tables of [start, end) that no VMA needs any more. */
void free_pgtables(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned long pdx;

	if (end <= start)
		return;
	for (pdx = PDX(start); pdx <= PDX(end - 1) && pdx < USER_PTRS_PER_PGD; pdx++) {
		unsigned long base = pdx << PGDIR_SHIFT;

		if (!(mm->pgd[pdx] & PTE_P) || find_vma_intersection(mm, base, base + PGDIR_SIZE))
			continue;
		free_page((unsigned long)__va(PTE_ADDR(mm->pgd[pdx])));
		nr_pagetable_pages--;
		mm->pgd[pdx] = 0;
	}
	__flush_tlb_all();
}

void change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long newprot)
{
	const pte_t mask = PTE_P | PTE_W | PTE_U | PTE_PROTNONE;

	for (; start < end; start += PAGE_SIZE) {
		pte_t *pte = pte_offset_map(mm, start);

		if (!pte) {
			start = (start | (PGDIR_SIZE - 1)) - PAGE_SIZE + 1;
			continue;
		}
		if (pte_present(*pte))
			*pte = (*pte & ~mask) | (pte_t)newprot;
	}
	__flush_tlb_all();
}

static pte_t mk_pte(struct page *page, unsigned long prot)
{
	return (pte_t)(page_to_phys(page) | prot);
}

/* Write to a present read-only page of a writable area: reuse it or copy it (COW). */
static int do_wp_page(struct mm_struct *mm, unsigned long address, pte_t *pte)
{
	struct page *old = pte_page(*pte), *new;

	if (!PageReserved(old) && page_count(old) == 1) {
		*pte |= PTE_W | PTE_D | PTE_A;
		__flush_tlb_one(address);
		return 1;
	}
	new = alloc_page(GFP_KERNEL);
	if (!new)
		return -1;
	memcpy(page_address(new), page_address(old), PAGE_SIZE);
	if (PageReserved(old))
		mm->rss++;		/* the zero page was not counted */
	else
		put_page(old);
	*pte = mk_pte(new, PTE_P | PTE_U | PTE_W | PTE_D | PTE_A);
	__flush_tlb_one(address);
	return 1;
}

static int do_anonymous_page(struct mm_struct *mm, struct vm_area_struct *vma, pte_t *pte,
			     int write_access)
{
	unsigned long page;

	if (!write_access) {
		*pte = mk_pte(ZERO_PAGE(0), vma->vm_page_prot & ~(unsigned long)PTE_W);
		return 1;
	}
	page = get_zeroed_page(GFP_KERNEL);
	if (!page)
		return -1;
	mm->rss++;
	*pte = mk_pte(virt_to_page((void *)page), vma->vm_page_prot | PTE_W | PTE_D | PTE_A);
	return 1;
}

/* The PTE is empty: ask the area's nopage method, or give it anonymous memory. */
static int do_no_page(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address,
		      int write_access, pte_t *pte)
{
	struct page *page;
	unsigned long prot = vma->vm_page_prot;

	if (!vma->vm_ops || !vma->vm_ops->nopage)
		return do_anonymous_page(mm, vma, pte, write_access);
	page = vma->vm_ops->nopage(vma, address & ~(PAGE_SIZE - 1), write_access);
	if (page == NOPAGE_SIGBUS)
		return 0;
	if (page == NOPAGE_OOM)
		return -1;
	if (write_access && !(vma->vm_flags & VM_SHARED)) {
		struct page *copy = alloc_page(GFP_KERNEL);

		if (!copy) {
			put_page(page);
			return -1;
		}
		memcpy(page_address(copy), page_address(page), PAGE_SIZE);
		put_page(page);
		page = copy;
		prot |= PTE_W | PTE_D;
	}
	mm->rss++;
	*pte = mk_pte(page, prot | PTE_A);
	return 1;
}

/*
 * Makes address accessible as asked: 1 done (a minor fault), 0 SIGBUS, -1 out
 * of memory.  The caller checked that vma allows the access.
 */
int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address,
		    int write_access)
{
	pte_t *pte = pte_alloc(mm, address);
	int ret;

	if (!pte)
		return -1;
	if (!pte_present(*pte))
		ret = do_no_page(mm, vma, address, write_access, pte);
	else if (write_access && !(*pte & PTE_W))
		ret = do_wp_page(mm, address, pte);
	else
		ret = 1;		/* another path mapped it meanwhile, or a stale TLB entry */
	__flush_tlb_one(address);
	return ret;
}
