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

#endif /* MM_H */
