/*
 * page_alloc.c - the buddy allocator, as Linux 2.4 mm/page_alloc.c.
 *
 * Each zone keeps free_area[order] for order 0 .. MAX_ORDER-1: a list of free
 * blocks of 2^order frames (head pages linked through page->list) and, below
 * the top order, a bitmap with one bit per buddy pair, index
 * page_idx >> (order + 1).  The bit flips whenever either buddy is taken or
 * returned at that order, so it is 1 exactly when one of the pair is free:
 * freeing a block whose bit was 1 means its buddy is free and they merge.
 *
 * Allocation takes the first block of the smallest order that has one,
 * splitting it: the lower half goes back on the next lower list and the
 * upper half goes on being split (2.4's expand()).
 *
 * __alloc_pages() walks a zonelist (Normal then DMA for GFP_KERNEL, DMA only
 * for GFP_DMA) against watermarks: first pages_low, then pages_min (a quarter
 * of it for callers that cannot sleep).  Where 2.4 would wake kswapd and
 * swap, this kernel can only reap free slabs; after that it returns NULL
 * (2.4 loops for orders <= 3; a kernel with nothing to reclaim must not).
 */
#include "defs.h"
#include "mm.h"
#include "slab.h"

struct page *mem_map;
zone_t zone_table[MAX_NR_ZONES];
int nr_zones;
zonelist_t zonelists[GFP_ZONEMASK + 1];

static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "Normal" };

/* Watermarks: realsize/128 clamped to [20, 255]; low = 2*min, high = 3*min (2.4). */
#define ZONE_BALANCE_RATIO	128
#define ZONE_BALANCE_MIN	20
#define ZONE_BALANCE_MAX	255

static int __test_and_change_bit(unsigned long nr, unsigned long *map)
{
	unsigned long mask = 1UL << (nr % 32);
	int old = (map[nr / 32] & mask) != 0;

	map[nr / 32] ^= mask;
	return old;
}

#define MARK_USED(index, order, area) \
	__test_and_change_bit((index) >> (1 + (order)), (area)->map)

static int bad_range(const zone_t *zone, const struct page *page)
{
	return page < zone->zone_mem_map || page >= zone->zone_mem_map + zone->size;
}

/*
 * Frees 2^order frames starting at page (which must be aligned to that within
 * its zone) and merges upwards while the buddy is free.
 */
static void __free_pages_ok(struct page *page, unsigned int order)
{
	zone_t *zone = page->zone;
	struct page *base = zone->zone_mem_map;
	unsigned long mask = (~0UL) << order;
	unsigned long page_idx = (unsigned long)(page - base);
	unsigned long index = page_idx >> (1 + order);
	free_area_t *area = zone->free_area + order;

	BUG_ON(PageReserved(page) || PageSlab(page) || bad_range(zone, page));
	BUG_ON(page_idx & ~mask);
	zone->free_pages -= mask;	/* -mask == 1 << order */
	while (mask + (1UL << (MAX_ORDER - 1))) {
		struct page *buddy;

		if (!__test_and_change_bit(index, area->map))
			break;		/* the buddy is still (partly) in use */
		buddy = base + (page_idx ^ -mask);
		list_del(&buddy->list);
		mask <<= 1;
		area++;
		index >>= 1;
		page_idx &= mask;
	}
	list_add(&(base + page_idx)->list, &area->free_list);
}

/* Splits a 2^high block down to 2^low, returning its last (upper) 2^low part. */
static struct page *expand(zone_t *zone, struct page *page, unsigned long index,
			   unsigned int low, unsigned int high, free_area_t *area)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		BUG_ON(bad_range(zone, page));
		area--;
		high--;
		size >>= 1;
		list_add(&page->list, &area->free_list);
		MARK_USED(index, high, area);
		index += size;
		page += size;
	}
	return page;
}

static struct page *rmqueue(zone_t *zone, unsigned int order)
{
	free_area_t *area = zone->free_area + order;
	unsigned int curr_order;

	for (curr_order = order; curr_order < MAX_ORDER; curr_order++, area++) {
		struct page *page;
		unsigned long index;

		if (list_empty(&area->free_list))
			continue;
		page = list_entry(area->free_list.next, struct page, list);
		list_del(&page->list);
		index = (unsigned long)(page - zone->zone_mem_map);
		if (curr_order != MAX_ORDER - 1)
			MARK_USED(index, curr_order, area);
		zone->free_pages -= 1UL << order;
		page = expand(zone, page, index, order, curr_order, area);
		set_page_count(page, 1);
		return page;
	}
	return NULL;
}

/*
 * One pass over the zonelist: take from the first zone whose free pages stay
 * above the running sum of watermarks (2.4 adds each zone's mark to 'min').
 */
static struct page *zonelist_pass(zonelist_t *zonelist, unsigned int order,
				  unsigned int gfp_mask, int use_min)
{
	unsigned long min = 1UL << order;
	zone_t **zp;

	for (zp = zonelist->zones; *zp; zp++) {
		zone_t *z = *zp;
		unsigned long mark = use_min ? z->pages_min : z->pages_low;

		if (use_min && !(gfp_mask & __GFP_WAIT))
			mark >>= 2;
		min += mark;
		if (z->free_pages > min) {
			struct page *page = rmqueue(z, order);

			if (page)
				return page;
		}
	}
	return NULL;
}

struct page *__alloc_pages(unsigned int gfp_mask, unsigned int order, zonelist_t *zonelist)
{
	struct page *page;

	if (order >= MAX_ORDER)
		return NULL;
	page = zonelist_pass(zonelist, order, gfp_mask, 0);
	if (page)
		return page;
	page = zonelist_pass(zonelist, order, gfp_mask, 1);
	if (page || !(gfp_mask & __GFP_WAIT))
		return page;
	/* The only reclaim this kernel has: give the slab caches' free slabs back. */
	if (kmem_cache_reap(gfp_mask))
		page = zonelist_pass(zonelist, order, gfp_mask, 1);
	return page;
}

struct page *alloc_pages(unsigned int gfp_mask, unsigned int order)
{
	return __alloc_pages(gfp_mask, order, &zonelists[gfp_mask & GFP_ZONEMASK]);
}

unsigned long __get_free_pages(unsigned int gfp_mask, unsigned int order)
{
	struct page *page = alloc_pages(gfp_mask, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(unsigned int gfp_mask)
{
	struct page *page = alloc_pages(gfp_mask, 0);
	void *addr;

	if (!page)
		return 0;
	addr = page_address(page);
	memset(addr, 0, PAGE_SIZE);
	return (unsigned long)addr;
}

void __free_pages(struct page *page, unsigned int order)
{
	BUG_ON(page_count(page) <= 0 && !PageReserved(page));
	if (!PageReserved(page) && --page->count == 0)
		__free_pages_ok(page, order);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page((void *)addr), order);
}

unsigned long nr_free_pages(void)
{
	unsigned long sum = 0;
	int i;

	for (i = 0; i < nr_zones; i++)
		sum += zone_table[i].free_pages;
	return sum;
}

unsigned long nr_free_blocks(const zone_t *zone, unsigned int order)
{
	const struct list_head *p;
	unsigned long n = 0;

	list_for_each(p, &zone->free_area[order].free_list)
		n++;
	return n;
}

/* The 2.4 bitmap bit for the pair containing page_idx at 'order' (for self-tests). */
int buddy_bit(const zone_t *zone, unsigned int order, unsigned long page_idx)
{
	unsigned long nr = page_idx >> (1 + order);

	BUG_ON(order >= MAX_ORDER - 1);
	return (zone->free_area[order].map[nr / 32] >> (nr % 32)) & 1;
}

static void zone_init_free_areas(zone_t *zone)
{
	unsigned long total = 0, off = 0, bytes[MAX_ORDER];
	unsigned char *maps;
	int i;

	/* 2.4's sizing: (size-1) >> (order+4) bytes, plus one, long-aligned. */
	for (i = 0; i < MAX_ORDER - 1; i++) {
		bytes[i] = (((zone->size - 1) >> (i + 4)) + 1 + 3) & ~3UL;
		total += bytes[i];
	}
	maps = alloc_bootmem_pages(total);
	for (i = 0; i < MAX_ORDER; i++) {
		INIT_LIST_HEAD(&zone->free_area[i].free_list);
		zone->free_area[i].map = NULL;
		if (i < MAX_ORDER - 1) {
			zone->free_area[i].map = (unsigned long *)(maps + off);
			off += bytes[i];
		}
	}
}

static void zone_init(zone_t *zone, int j, unsigned long start_pfn,
		      unsigned long size, unsigned long realsize)
{
	unsigned long mask, pfn;

	zone->name = zone_names[j];
	zone->size = size;
	zone->realsize = realsize;
	zone->free_pages = 0;
	zone->zone_start_pfn = start_pfn;
	zone->zone_mem_map = mem_map + start_pfn;
	mask = realsize / ZONE_BALANCE_RATIO;
	if (mask < ZONE_BALANCE_MIN)
		mask = ZONE_BALANCE_MIN;
	else if (mask > ZONE_BALANCE_MAX)
		mask = ZONE_BALANCE_MAX;
	zone->pages_min = mask;
	zone->pages_low = mask * 2;
	zone->pages_high = mask * 3;
	for (pfn = start_pfn; pfn < start_pfn + size; pfn++) {
		mem_map[pfn].zone = zone;
		set_page_count(&mem_map[pfn], 0);
		SetPageReserved(&mem_map[pfn]);
		INIT_LIST_HEAD(&mem_map[pfn].list);
	}
	zone_init_free_areas(zone);
	printk("zone(%d): %lu pages.\n", j, size);
}

/* GFP_KERNEL-style masks prefer Normal and fall back to DMA; GFP_DMA is DMA only. */
static void build_zonelists(void)
{
	int i, k, j;

	for (i = 0; i <= GFP_ZONEMASK; i++) {
		k = 0;
		for (j = (i & __GFP_DMA) ? ZONE_DMA : nr_zones - 1; j >= 0; j--)
			zonelists[i].zones[k++] = &zone_table[j];
		zonelists[i].zones[k] = NULL;
	}
}

/* Builds mem_map[] (every frame reserved, count 0) and the zones. */
void free_area_init(const unsigned long *zones_size, const unsigned long *zones_real)
{
	unsigned long total = 0, start = 0;
	int j;

	for (j = 0; j < MAX_NR_ZONES; j++)
		total += zones_size[j];
	mem_map = alloc_bootmem_pages(total * sizeof(struct page));
	printk("On node 0 totalpages: %lu\n", total);
	nr_zones = 0;
	for (j = 0; j < MAX_NR_ZONES; j++) {
		if (!zones_size[j])
			continue;
		zone_init(&zone_table[j], j, start, zones_size[j], zones_real[j]);
		start += zones_size[j];
		nr_zones = j + 1;
	}
	build_zonelists();
}
