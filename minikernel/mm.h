/*
 * mm.h - physical memory as Linux 2.4 describes it: one struct page per
 * frame in mem_map[], frames grouped into zones (DMA below 16 MiB for ISA
 * DMA, Normal above), each zone with its own buddy allocator
 * (free_area[MAX_ORDER]: free lists plus 2.4's one-bit-per-buddy-pair maps).
 * No highmem: memory above 896 MiB is not used.
 */
#ifndef MM_H
#define MM_H

#include <stddef.h>
#include <stdint.h>
#include "list.h"
#include "mmu.h"
#include "rbtree.h"

#define MAX_ORDER	10	/* blocks of 1 .. 512 pages (2.4) */

/* struct page flags (bit numbers as in Linux 2.4 <linux/mm.h>). */
#define PG_slab		8	/* owned by the slab allocator: list = {cache, slab} */
#define PG_reserved	14	/* never handed to the buddy allocator */

struct zone_struct;

struct page {
	struct list_head list;	/* buddy free list; slab pages: next = cache, prev = slab */
	unsigned long flags;
	int count;		/* users; 0 = free (or a tail page of a block) */
	struct zone_struct *zone;
};

typedef struct free_area_struct {
	struct list_head free_list;
	unsigned long *map;	/* bit i: exactly one of buddy pair i is free at this order */
} free_area_t;

typedef struct zone_struct {
	const char *name;
	unsigned long free_pages;
	unsigned long pages_min, pages_low, pages_high;
	free_area_t free_area[MAX_ORDER];
	struct page *zone_mem_map;
	unsigned long zone_start_pfn;
	unsigned long size;		/* frames spanned */
	unsigned long realsize;		/* frames the memory map calls RAM */
} zone_t;

#define ZONE_DMA	0
#define ZONE_NORMAL	1
#define MAX_NR_ZONES	2
#define MAX_DMA_ADDRESS	0x01000000UL	/* ISA DMA reaches 16 MiB */

typedef struct zonelist_struct {
	zone_t *zones[MAX_NR_ZONES + 1];	/* NULL-terminated, preferred first */
} zonelist_t;

/* gfp_mask bits (2.4.x values); the low bits pick the zonelist. */
#define __GFP_DMA	0x01
#define __GFP_WAIT	0x10	/* may sleep: here, may reap slab caches */
#define __GFP_HIGH	0x20	/* may dip into the emergency reserve */
#define __GFP_IO	0x40
#define __GFP_FS	0x100
#define GFP_ZONEMASK	0x0f

#define GFP_ATOMIC	(__GFP_HIGH)
#define GFP_KERNEL	(__GFP_HIGH | __GFP_WAIT | __GFP_IO | __GFP_FS)
#define GFP_DMA		__GFP_DMA

extern struct page *mem_map;
extern unsigned long max_low_pfn, max_mapnr, num_physpages, totalram_pages;
extern void *high_memory;
extern zone_t zone_table[MAX_NR_ZONES];
extern int nr_zones;
extern zonelist_t zonelists[GFP_ZONEMASK + 1];
extern unsigned long vmalloc_start;

#define VMALLOC_START	vmalloc_start
#define VMALLOC_END	(FIXADDR_START - 2 * PAGE_SIZE)

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

static inline unsigned long page_to_phys(const struct page *page)
{
	return page_to_pfn(page) << PAGE_SHIFT;
}

static inline void *page_address(const struct page *page)
{
	return __va(page_to_phys(page));
}

static inline struct page *virt_to_page(const void *kaddr)
{
	return mem_map + (__pa(kaddr) >> PAGE_SHIFT);
}

/* pte_page(): the struct page a present PTE points at (2.4: mem_map + (pte >> 12)). */
static inline struct page *pte_page(pte_t pte)
{
	return mem_map + (pte >> PAGE_SHIFT);
}

static inline int PageReserved(const struct page *p) { return (p->flags >> PG_reserved) & 1; }
static inline void SetPageReserved(struct page *p) { p->flags |= 1UL << PG_reserved; }
static inline void ClearPageReserved(struct page *p) { p->flags &= ~(1UL << PG_reserved); }
static inline int PageSlab(const struct page *p) { return (p->flags >> PG_slab) & 1; }
static inline void PageSetSlab(struct page *p) { p->flags |= 1UL << PG_slab; }
static inline void PageClearSlab(struct page *p) { p->flags &= ~(1UL << PG_slab); }

static inline void get_page(struct page *p) { p->count++; }
static inline int page_count(const struct page *p) { return p->count; }
static inline void set_page_count(struct page *p, int v) { p->count = v; }

#define alloc_page(gfp)		alloc_pages(gfp, 0)
#define __get_free_page(gfp)	__get_free_pages(gfp, 0)
#define __free_page(page)	__free_pages(page, 0)
#define free_page(addr)		free_pages(addr, 0)

/* bootmem.c */
unsigned long init_bootmem(unsigned long start_pfn, unsigned long pages);
void free_bootmem(unsigned long addr, unsigned long size);
void reserve_bootmem(unsigned long addr, unsigned long size);
void *alloc_bootmem_pages(unsigned long size);
void *alloc_bootmem_low_pages(unsigned long size);
void bootmem_set_mapped_limit(unsigned long pfn);
unsigned long free_all_bootmem(void);

/* init.c */
void setup_memory(void);
void paging_init(void);
void mem_init(void);
pte_t *lookup_pte_kernel(unsigned long addr);
void __set_fixmap(enum fixed_addresses idx, unsigned long phys);
void clear_fixmap(enum fixed_addresses idx);
void *kmap_atomic(struct page *page, enum km_type type);
void kunmap_atomic(void *kvaddr, enum km_type type);
void __flush_tlb_one(unsigned long addr);

/* page_alloc.c */
void free_area_init(const unsigned long *zones_size, const unsigned long *zones_real);
struct page *__alloc_pages(unsigned int gfp_mask, unsigned int order, zonelist_t *zonelist);
struct page *alloc_pages(unsigned int gfp_mask, unsigned int order);
unsigned long __get_free_pages(unsigned int gfp_mask, unsigned int order);
unsigned long get_zeroed_page(unsigned int gfp_mask);
void __free_pages(struct page *page, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
unsigned long nr_free_pages(void);
unsigned long nr_free_blocks(const zone_t *zone, unsigned int order);
int buddy_bit(const zone_t *zone, unsigned int order, unsigned long page_idx);


/*
 * Process address spaces (2.4 <linux/mm.h>, <linux/sched.h>).  User space is
 * [0, TASK_SIZE); Linux i386's layout (linux-mm.md):
 *
 *   0xC0000000 TASK_SIZE      +----------------+
 *                             | stack VMA      |  VM_GROWSDOWN, argv/envp at the top
 *                             |      ...       |
 *   0x40000000 TASK_UNMAPPED_BASE  mmap() areas, first fit upwards
 *                             |      ...       |
 *                             | [heap]         |  brk, from the page after .bss
 *   0x08048000                | text, data     |  the ELF's PT_LOAD segments
 */
#define TASK_SIZE		PAGE_OFFSET
#define TASK_UNMAPPED_BASE	(TASK_SIZE / 3)
#define STACK_TOP		TASK_SIZE
#define STACK_RLIMIT		(8UL << 20)	/* RLIMIT_STACK's usual 8 MiB */

/* vm_flags (2.4 values). */
#define VM_READ		0x00000001
#define VM_WRITE	0x00000002
#define VM_EXEC		0x00000004
#define VM_SHARED	0x00000008
#define VM_MAYREAD	0x00000010
#define VM_MAYWRITE	0x00000020
#define VM_MAYEXEC	0x00000040
#define VM_MAYSHARE	0x00000080
#define VM_GROWSDOWN	0x00000100
#define VM_DENYWRITE	0x00000800
#define VM_EXECUTABLE	0x00001000
#define VM_LOCKED	0x00002000
#define VM_RESERVED	0x00080000
#define VM_STACK_FLAGS	(VM_GROWSDOWN | VM_READ | VM_WRITE | VM_EXEC | \
			 VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

/*
 * A software PTE bit: present for the kernel, not for the MMU (P clear), so a
 * PROT_NONE page keeps its frame (2.4's _PAGE_PROTNONE, bit 7).
 */
#define PTE_PROTNONE_BIT	7
#define PTE_PROTNONE		(1 << PTE_PROTNONE_BIT)
#define pte_present(x)		((x) & (PTE_P | PTE_PROTNONE))

struct mm_struct;
struct file;
struct vm_area_struct;

#define NOPAGE_SIGBUS	((struct page *)0)
#define NOPAGE_OOM	((struct page *)-1)

struct vm_operations_struct {
	void (*open)(struct vm_area_struct *area);
	void (*close)(struct vm_area_struct *area);
	struct page *(*nopage)(struct vm_area_struct *area, unsigned long address, int write_access);
};

struct vm_area_struct {
	struct mm_struct *vm_mm;
	unsigned long vm_start, vm_end;		/* [vm_start, vm_end) */
	struct vm_area_struct *vm_next;		/* address-sorted list */
	unsigned long vm_page_prot;		/* PTE bits for pages of this area */
	unsigned long vm_flags;
	rb_node_t vm_rb;
	const struct vm_operations_struct *vm_ops;
	unsigned long vm_pgoff;			/* offset in vm_file, in pages */
	struct file *vm_file;
};

struct mm_struct {
	struct vm_area_struct *mmap;		/* list of VMAs, sorted */
	rb_root_t mm_rb;
	struct vm_area_struct *mmap_cache;	/* last find_vma result */
	pgd_t *pgd;
	int mm_users;
	int map_count;
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long rss, hiwater_vm;		/* pages */
};

extern struct mm_struct init_mm;
extern struct page *empty_zero_page_struct;
#define ZERO_PAGE(vaddr)	(empty_zero_page_struct)

static inline void put_page(struct page *p) { __free_page(p); }

/* mmap.c */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end);
void insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
unsigned long do_mmap_pgoff(struct file *file, unsigned long addr, unsigned long len,
			    unsigned long prot, unsigned long flags, unsigned long pgoff);
int do_munmap(struct mm_struct *mm, unsigned long addr, size_t len);
unsigned long do_brk(unsigned long addr, unsigned long len);
int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len, unsigned long prot);
int expand_stack(struct vm_area_struct *vma, unsigned long address);
void exit_mmap(struct mm_struct *mm);
unsigned long total_vm(const struct mm_struct *mm);
void update_hiwater_vm(struct mm_struct *mm);
extern struct kmem_cache_s *vm_area_cachep;
void mmap_init(void);

/* memory.c */
pgd_t *pgd_alloc(void);
void pgd_free(pgd_t *pgd);
pte_t *pte_offset_map(struct mm_struct *mm, unsigned long addr);
int copy_page_range(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma);
void zap_page_range(struct mm_struct *mm, unsigned long address, unsigned long size);
void free_pgtables(struct mm_struct *mm, unsigned long start, unsigned long end);
void change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long newprot);
int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long address,
		    int write_access);
unsigned long pgprot_of(unsigned long vm_flags);
void memory_init(void);

#endif /* MM_H */
