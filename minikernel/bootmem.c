/*
 * bootmem.c - the boot-time allocator (Linux 2.4 mm/bootmem.c, one node).
 * A bitmap with one bit per frame below max_low_pfn, 1 = reserved.  It starts
 * all-reserved; setup_memory() frees what the memory map calls RAM and then
 * reserves the kernel image, the Multiboot modules, page 0 and the bitmap.
 * It serves the page tables, mem_map[] and the buddy bitmaps before the buddy
 * allocator exists; free_all_bootmem() then hands every unreserved frame to it.
 *
 * Simplification: allocations are whole pages (Linux packs small ones into
 * the last partial page); the few small ones here are grouped by the caller.
 */
#include "defs.h"
#include "mm.h"

static unsigned long *bootmem_map;
static unsigned long bootmem_pages;	/* frames covered: 0 .. bootmem_pages-1 */
static unsigned long bootmem_map_bytes;
static unsigned long mapped_limit_pfn;	/* frames above this are not mapped yet */

#define BITS_PER_LONG	32

static int test_bit(unsigned long nr, const unsigned long *map)
{
	return (map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}

static void set_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static void clear_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}

/*
 * Puts the bitmap at frame start_pfn (which must be inside the boot mapping)
 * and marks all 'pages' frames reserved.  Returns the bitmap's size in bytes.
 */
unsigned long init_bootmem(unsigned long start_pfn, unsigned long pages)
{
	bootmem_map = __va(start_pfn << PAGE_SHIFT);
	bootmem_pages = pages;
	bootmem_map_bytes = ((pages + 7) / 8 + sizeof(long) - 1) & ~(sizeof(long) - 1);
	mapped_limit_pfn = BOOT_MAP_SIZE >> PAGE_SHIFT;
	memset(bootmem_map, 0xff, bootmem_map_bytes);
	return bootmem_map_bytes;
}

/* Frees the whole frames inside [addr, addr+size): partial frames stay reserved. */
void free_bootmem(unsigned long addr, unsigned long size)
{
	unsigned long pfn = (addr + PAGE_SIZE - 1) >> PAGE_SHIFT;
	unsigned long end = (addr + size) >> PAGE_SHIFT;

	for (; pfn < end && pfn < bootmem_pages; pfn++)
		clear_bit(pfn, bootmem_map);
}

/* Reserves every frame that [addr, addr+size) touches. */
void reserve_bootmem(unsigned long addr, unsigned long size)
{
	unsigned long pfn = addr >> PAGE_SHIFT;
	unsigned long end = (addr + size + PAGE_SIZE - 1) >> PAGE_SHIFT;

	for (; pfn < end && pfn < bootmem_pages; pfn++)
		set_bit(pfn, bootmem_map);
}

/* paging_init() calls this once all lowmem is mapped at PAGE_OFFSET. */
void bootmem_set_mapped_limit(unsigned long pfn)
{
	mapped_limit_pfn = pfn;
}

/* First fit of 'size' bytes (rounded to pages) at or above goal_pfn; zeroed. */
static void *__alloc_bootmem(unsigned long size, unsigned long goal_pfn)
{
	unsigned long n = PAGE_ALIGN(size) >> PAGE_SHIFT;
	unsigned long limit = bootmem_pages < mapped_limit_pfn ? bootmem_pages : mapped_limit_pfn;
	unsigned long pfn, run = 0;
	void *p;

	for (pfn = goal_pfn; pfn < limit; pfn++) {
		run = test_bit(pfn, bootmem_map) ? 0 : run + 1;
		if (run == n)
			break;
	}
	if (run != n)
		return NULL;
	pfn -= n - 1;
	reserve_bootmem(pfn << PAGE_SHIFT, n << PAGE_SHIFT);
	p = __va(pfn << PAGE_SHIFT);
	memset(p, 0, n << PAGE_SHIFT);
	return p;
}

/* Above 16 MiB when possible, to leave the DMA zone to those who need it (as Linux). */
void *alloc_bootmem_pages(unsigned long size)
{
	void *p = __alloc_bootmem(size, MAX_DMA_ADDRESS >> PAGE_SHIFT);

	if (!p)
		p = __alloc_bootmem(size, 0);
	if (!p)
		panic("alloc_bootmem_pages: out of memory (%lu bytes)", size);
	return p;
}

/* As low as possible: the early page tables must come from the boot mapping. */
void *alloc_bootmem_low_pages(unsigned long size)
{
	void *p = __alloc_bootmem(size, 0);

	if (!p)
		panic("alloc_bootmem_low_pages: out of memory (%lu bytes)", size);
	return p;
}

/*
 * Releases every unreserved frame, and the bitmap itself, to the buddy
 * allocator, lowest first.  Returns the number of frames released.
 */
unsigned long free_all_bootmem(void)
{
	unsigned long pfn, count = 0;
	unsigned long map_pfn = __pa(bootmem_map) >> PAGE_SHIFT;
	unsigned long map_end = map_pfn + (PAGE_ALIGN(bootmem_map_bytes) >> PAGE_SHIFT);

	for (pfn = 0; pfn < bootmem_pages; pfn++) {
		if (test_bit(pfn, bootmem_map))
			continue;
		ClearPageReserved(&mem_map[pfn]);
		set_page_count(&mem_map[pfn], 1);
		__free_page(&mem_map[pfn]);
		count++;
	}
	for (pfn = map_pfn; pfn < map_end; pfn++) {
		ClearPageReserved(&mem_map[pfn]);
		set_page_count(&mem_map[pfn], 1);
		__free_page(&mem_map[pfn]);
		count++;
	}
	bootmem_map = NULL;
	return count;
}
