/*
 * test_buddy.c - self-tests for page_alloc.c.  The invariant checker walks a
 * zone's free lists and 2.4 bitmaps and proves: every free block is aligned
 * and inside the zone; no frame is in two places; the blocks add up to
 * zone->free_pages; no two free buddies of one order are left unmerged; each
 * bitmap bit equals "exactly one of the pair is free"; and, during the
 * stress test, every frame is free, held by the test, or was busy before.
 */
#include "selftest.h"
#include "mm.h"
#include "slab.h"
#include "vmalloc.h"

/* Per-frame marks built by check_zone(). */
#define M_BASE		0x80	/* busy when the test started (kept between checks) */
#define M_HEAD		0x40	/* head of a free block; low 4 bits = order */
#define M_TAIL		0x20	/* inside a free block */
#define M_OWNED		0x10	/* held by the test */

struct held {
	struct page *page;
	unsigned int order;
};

struct snapshot {
	unsigned long free[MAX_NR_ZONES];
	unsigned long blocks[MAX_NR_ZONES][MAX_ORDER];
};

static void snap_take(struct snapshot *s)
{
	int z;
	unsigned int o;

	memset(s, 0, sizeof(*s));
	for (z = 0; z < nr_zones; z++) {
		s->free[z] = zone_table[z].free_pages;
		for (o = 0; o < MAX_ORDER; o++)
			s->blocks[z][o] = nr_free_blocks(&zone_table[z], o);
	}
}

static int snap_equal(const struct snapshot *a, const struct snapshot *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static zone_t *normal_zone(void)
{
	return &zone_table[nr_zones - 1];
}

/* Marks the free blocks of one order; returns 0 or 1 (with a diagnostic). */
static int mark_free_blocks(const zone_t *zone, unsigned int o, unsigned char *map,
			    unsigned long *walked)
{
	const struct list_head *p;

	list_for_each(p, &zone->free_area[o].free_list) {
		const struct page *page = list_entry(p, struct page, list);
		unsigned long idx = (unsigned long)(page - zone->zone_mem_map), i;

		CHECK(page >= zone->zone_mem_map && idx < zone->size);
		CHECK_EQ(idx & ((1UL << o) - 1), 0);
		CHECK(idx + (1UL << o) <= zone->size);
		for (i = 0; i < (1UL << o); i++) {
			CHECK_EQ(map[idx + i] & (M_HEAD | M_TAIL), 0);	/* no frame twice */
			CHECK(!PageReserved(&page[i]) && page_count(&page[i]) == 0);
			map[idx + i] |= i ? M_TAIL : (M_HEAD | o);
		}
		*walked += 1UL << o;
	}
	return 0;
}

/* Buddies merged, and the bitmap bit of every pair = (A free) xor (B free). */
static int check_pairs(const zone_t *zone, const unsigned char *map, unsigned int o)
{
	unsigned long a;

	for (a = 0; a < zone->size; a += 2UL << o) {
		unsigned long b = a + (1UL << o);
		int fa = (map[a] & M_HEAD) && (map[a] & 0x0f) == o;
		int fb = b < zone->size && (map[b] & M_HEAD) && (map[b] & 0x0f) == o;

		CHECK(!(fa && fb));
		CHECK_EQ(buddy_bit(zone, o, a), fa ^ fb);
	}
	return 0;
}

/* The full check.  held/nheld: the test's blocks; with_base: account every frame. */
static int check_zone(const zone_t *zone, unsigned char *map, const struct held *held,
		      int nheld, int with_base)
{
	unsigned long walked = 0, i;
	unsigned int o;
	int h;

	for (i = 0; i < zone->size; i++)
		map[i] &= M_BASE;
	for (o = 0; o < MAX_ORDER; o++)
		if (mark_free_blocks(zone, o, map, &walked))
			return 1;
	CHECK_EQ(walked, zone->free_pages);
	for (o = 0; o < MAX_ORDER - 1; o++)
		if (check_pairs(zone, map, o))
			return 1;
	for (h = 0; h < nheld; h++) {
		unsigned long idx = (unsigned long)(held[h].page - zone->zone_mem_map);

		for (i = 0; i < (1UL << held[h].order); i++) {
			CHECK_EQ(map[idx + i] & ~M_BASE, 0);	/* held, so neither free nor held twice */
			map[idx + i] |= M_OWNED;
		}
	}
	for (i = 0; with_base && i < zone->size; i++) {
		unsigned char m = map[i];
		int places = !!(m & (M_HEAD | M_TAIL)) + !!(m & M_OWNED) + !!(m & M_BASE);

		CHECK_EQ(places, 1);		/* every frame accounted for exactly once */
	}
	return 0;
}

int test_buddy_order(int order)
{
	struct snapshot before, after;
	struct page *page;
	unsigned long idx, i;
	zone_t *zone;

	snap_take(&before);
	page = alloc_pages(GFP_KERNEL, (unsigned int)order);
	CHECK(page != NULL);
	zone = page->zone;
	idx = (unsigned long)(page - zone->zone_mem_map);
	CHECK_EQ(idx & ((1UL << order) - 1), 0);
	CHECK_EQ(zone->free_pages, before.free[zone - zone_table] - (1UL << order));
	CHECK_EQ(page_count(page), 1);
	for (i = 0; i < (1UL << order); i++) {
		char *va = page_address(page + i);

		CHECK(!PageReserved(page + i));
		va[0] = (char)i;
		va[PAGE_SIZE - 1] = (char)~i;
	}
	__free_pages(page, (unsigned int)order);
	snap_take(&after);
	CHECK(snap_equal(&before, &after));
	return 0;
}

int test_buddy_bad_order(int unused)
{
	unsigned long free = nr_free_pages();

	(void)unused;
	CHECK(alloc_pages(GFP_KERNEL, MAX_ORDER) == NULL);
	CHECK(alloc_pages(GFP_ATOMIC, MAX_ORDER + 5) == NULL);
	CHECK_EQ(nr_free_pages(), free);
	return 0;
}

/* Frees a chain of pages linked through their first word. */
static unsigned long free_chain(unsigned long head)
{
	unsigned long n = 0;

	while (head) {
		unsigned long next = *(unsigned long *)head;

		free_page(head);
		head = next;
		n++;
	}
	return n;
}

int test_buddy_split_merge(int unused)
{
	zone_t *zone = normal_zone();
	struct snapshot start, mid, split, end;
	unsigned long chain = 0, low, k;
	struct page *page;
	unsigned int o;

	(void)unused;
	snap_take(&start);
	/* Empty orders 0..3 of the zone so the next order-0 allocation must split. */
	for (;;) {
		for (o = 0; o < 4 && list_empty(&zone->free_area[o].free_list); o++)
			;
		if (o == 4)
			break;
		low = __get_free_page(GFP_ATOMIC | (zone == zone_table ? GFP_DMA : 0));
		CHECK(low && virt_to_page((void *)low)->zone == zone);
		*(unsigned long *)low = chain;
		chain = low;
	}
	snap_take(&mid);
	for (k = 4; k < MAX_ORDER && !mid.blocks[zone - zone_table][k]; k++)
		;
	CHECK(k < MAX_ORDER);
	page = alloc_pages(GFP_ATOMIC | (zone == zone_table ? GFP_DMA : 0), 0);
	CHECK(page && page->zone == zone);
	snap_take(&split);
	for (o = 0; o < MAX_ORDER; o++) {
		unsigned long want = mid.blocks[zone - zone_table][o];

		want += o < k ? 1 : 0;
		want -= o == k ? 1 : 0;
		CHECK_EQ(split.blocks[zone - zone_table][o], want);
	}
	__free_page(page);
	snap_take(&split);
	CHECK(snap_equal(&mid, &split));
	free_chain(chain);
	snap_take(&end);
	CHECK(snap_equal(&start, &end));
	return 0;
}

#define STRESS_STEPS	300
#define STRESS_HELD	48

/* Random alloc/free in the DMA zone, the full invariant check after every step. */
int test_buddy_stress(int unused)
{
	zone_t *zone = &zone_table[ZONE_DMA];
	struct held held[STRESS_HELD];
	struct snapshot before, after;
	unsigned char *map = vmalloc(zone->size);
	int nheld = 0, step;
	unsigned long i;

	(void)unused;
	CHECK(map != NULL);
	snap_take(&before);
	memset(map, 0, zone->size);
	if (check_zone(zone, map, NULL, 0, 0))
		return 1;
	for (i = 0; i < zone->size; i++)
		if (!(map[i] & (M_HEAD | M_TAIL)))
			map[i] |= M_BASE;
	for (step = 0; step < STRESS_STEPS; step++) {
		uint32_t r = prandom();

		if (nheld < STRESS_HELD && (nheld == 0 || r % 8 < 5)) {
			unsigned int order = prandom() % 5;
			struct page *page = alloc_pages(GFP_ATOMIC | GFP_DMA, order);

			CHECK(page && page->zone == zone);
			held[nheld].page = page;
			held[nheld++].order = order;
		} else {
			int k = (int)(prandom() % (uint32_t)nheld);

			__free_pages(held[k].page, held[k].order);
			held[k] = held[--nheld];
		}
		if (check_zone(zone, map, held, nheld, 1)) {
			printk("# invariant broken after step %d\n", step);
			return 1;
		}
	}
	while (nheld > 0) {
		nheld--;
		__free_pages(held[nheld].page, held[nheld].order);
	}
	CHECK(check_zone(zone, map, NULL, 0, 1) == 0);
	snap_take(&after);
	CHECK(snap_equal(&before, &after));
	vfree(map);
	return 0;
}

int test_buddy_invariants_all(int unused)
{
	int z;

	(void)unused;
	for (z = 0; z < nr_zones; z++) {
		unsigned char *map = vmalloc(zone_table[z].size);

		CHECK(map != NULL);
		memset(map, 0, zone_table[z].size);
		if (check_zone(&zone_table[z], map, NULL, 0, 0)) {
			printk("# in zone %s\n", zone_table[z].name);
			return 1;
		}
		vfree(map);
	}
	return 0;
}

int test_buddy_zones(int unused)
{
	struct page *dma = alloc_pages(GFP_KERNEL | GFP_DMA, 0);
	struct page *normal = alloc_pages(GFP_KERNEL, 0);

	(void)unused;
	CHECK(dma && normal);
	CHECK(dma->zone == &zone_table[ZONE_DMA]);
	CHECK(page_to_phys(dma) < MAX_DMA_ADDRESS);
	CHECK(normal->zone == normal_zone());
	__free_page(dma);
	__free_page(normal);
	return 0;
}

int test_buddy_zeroed(int unused)
{
	unsigned long p = __get_free_page(GFP_KERNEL), q;
	unsigned long i;

	(void)unused;
	CHECK(p != 0);
	memset((void *)p, 0xA5, PAGE_SIZE);
	free_page(p);
	q = get_zeroed_page(GFP_KERNEL);
	CHECK_EQ(q, p);		/* the last page freed is the first handed out */
	for (i = 0; i < PAGE_SIZE; i++)
		CHECK_EQ(((unsigned char *)q)[i], 0);
	free_page(q);
	return 0;
}

static int check_marks(const zone_t *z)
{
	unsigned long min = z->realsize / 128;

	if (min < 20)
		min = 20;
	if (min > 255)
		min = 255;
	CHECK_EQ(z->pages_min, min);
	CHECK_EQ(z->pages_low, 2 * min);
	CHECK_EQ(z->pages_high, 3 * min);
	return 0;
}

/* Allocates order-0 pages with gfp until refused; returns them as a chain. */
static unsigned long drain(unsigned int gfp, unsigned long chain)
{
	unsigned long p;

	while ((p = __get_free_page(gfp))) {
		*(unsigned long *)p = chain;
		chain = p;
	}
	return chain;
}

int test_buddy_watermarks(int unused)
{
	zone_t *dma = &zone_table[ZONE_DMA];
	struct snapshot before, after;
	unsigned long chain, after_kernel, after_atomic;
	int z;

	(void)unused;
	for (z = 0; z < nr_zones; z++)
		if (check_marks(&zone_table[z]))
			return 1;
	kmem_cache_reap(GFP_KERNEL);	/* so reaping cannot change the counts below */
	snap_take(&before);
	chain = drain(GFP_KERNEL | GFP_DMA, 0);
	after_kernel = dma->free_pages;
	chain = drain(GFP_ATOMIC | GFP_DMA, chain);
	after_atomic = dma->free_pages;
	free_chain(chain);		/* before any CHECK: a failure must not starve later tests */
	CHECK_EQ(after_kernel, dma->pages_min + 1);
	CHECK_EQ(after_atomic, dma->pages_min / 4 + 1);
	snap_take(&after);
	CHECK(snap_equal(&before, &after));
	return 0;
}

int test_buddy_oom(int unused)
{
	struct snapshot before, after;
	zone_t *dma = &zone_table[ZONE_DMA], *normal = normal_zone();
	unsigned long chain, min_sum, normal_free, dma_free;
	int more_kernel, more_atomic, more_vmalloc;
	void *v;

	(void)unused;
	kmem_cache_reap(GFP_KERNEL);
	snap_take(&before);
	chain = drain(GFP_KERNEL, 0);
	chain = drain(GFP_ATOMIC, chain);
	normal_free = normal->free_pages;
	dma_free = dma->free_pages;
	more_kernel = alloc_pages(GFP_KERNEL, 0) != NULL;
	more_atomic = alloc_pages(GFP_ATOMIC, 3) != NULL;
	v = vmalloc(4 * PAGE_SIZE);
	more_vmalloc = v != NULL;
	free_chain(chain);		/* before any CHECK: a failure must not starve later tests */
	kmem_cache_reap(GFP_KERNEL);
	/* 2.4 sums the marks along the zonelist: Normal first, then DMA. */
	min_sum = 1 + normal->pages_min / 4;
	CHECK_EQ(normal_free, min_sum);
	if (normal != dma)
		CHECK_EQ(dma_free, min_sum + dma->pages_min / 4);
	CHECK(!more_kernel && !more_atomic && !more_vmalloc);
	snap_take(&after);
	CHECK(snap_equal(&before, &after));
	return 0;
}
