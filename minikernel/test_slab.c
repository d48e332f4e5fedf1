/*
 * test_slab.c - self-tests for slab.c and kmalloc().
 */
#include "selftest.h"
#include "slab.h"

static slab_t *slab_of(const void *obj)
{
	return GET_PAGE_SLAB(virt_to_page(obj));
}

static kmem_cache_t *cache_of(const void *obj)
{
	return GET_PAGE_CACHE(virt_to_page(obj));
}

int test_slab_reuse(int unused)
{
	kmem_cache_t *c = kmem_cache_create("test-reuse", 48, 0, 0, NULL, NULL);
	unsigned long a, o, as, ns, free_before = nr_free_pages();	/* after create: cache_cache may grow */
	void *objs[200], *x, *y;
	unsigned int i, n;

	(void)unused;
	CHECK(c != NULL);
	x = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(x != NULL);
	kmem_cache_free(c, x);
	y = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(x == y);
	kmem_cache_free(c, y);
	n = c->num + 1;		/* one more than a slab holds: a second slab */
	CHECK(n <= ARRAY_SIZE(objs));
	for (i = 0; i < n; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		CHECK(objs[i] != NULL);
	}
	kmem_cache_counts(c, &a, &o, &as, &ns);
	CHECK_EQ(a, n);
	CHECK_EQ(ns, 2);
	CHECK(!list_empty(&c->slabs_full) && !list_empty(&c->slabs_partial));
	for (i = 0; i < n; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_counts(c, &a, &o, &as, &ns);
	CHECK_EQ(a, 0);
	CHECK_EQ(as, 0);
	CHECK_EQ(kmem_cache_shrink(c), 2UL << c->gfporder);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	CHECK_EQ(nr_free_pages(), free_before);
	return 0;
}

int test_slab_colour(int unused)
{
	kmem_cache_t *c = kmem_cache_create("test-colour", 200, 0, SLAB_HWCACHE_ALIGN, NULL, NULL);
	unsigned long mgmt;
	unsigned int s, i;
	void *objs[4][64];

	(void)unused;
	CHECK(c != NULL);
	CHECK(!(c->flags & CFLGS_OFF_SLAB));
	CHECK(c->colour >= 2);
	CHECK(c->num <= 64);
	mgmt = L1_CACHE_ALIGN(c->num * sizeof(kmem_bufctl_t) + sizeof(slab_t));
	/* Slab s (in creation order) starts its objects colour (s mod colour) steps in. */
	for (s = 0; s < 4; s++) {
		for (i = 0; i < c->num; i++) {
			objs[s][i] = kmem_cache_alloc(c, GFP_KERNEL);
			CHECK(objs[s][i] != NULL);
		}
		CHECK_EQ(slab_of(objs[s][0])->colouroff, mgmt + (s % c->colour) * c->colour_off);
		CHECK_EQ(PGOFF(objs[s][0]), mgmt + (s % c->colour) * c->colour_off);
		CHECK_EQ(slab_of(objs[s][c->num - 1]), slab_of(objs[s][0]));
	}
	for (s = 0; s < 4; s++)
		for (i = 0; i < c->num; i++)
			kmem_cache_free(c, objs[s][i]);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	return 0;
}

static unsigned int ctor_calls;

static void test_ctor(void *obj, kmem_cache_t *cachep, unsigned long flags)
{
	(void)cachep;
	if (flags & SLAB_CTOR_CONSTRUCTOR) {
		*(uint32_t *)obj = 0xC0FFEE00u;
		ctor_calls++;
	}
}

int test_slab_ctor(int unused)
{
	kmem_cache_t *c = kmem_cache_create("test-ctor", 64, 0, 0, test_ctor, NULL);
	uint32_t *x, *y;

	(void)unused;
	CHECK(c != NULL);
	ctor_calls = 0;
	x = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(x != NULL);
	CHECK_EQ(ctor_calls, c->num);	/* the whole new slab is constructed */
	CHECK_EQ(*x, 0xC0FFEE00u);
	kmem_cache_free(c, x);		/* objects go back constructed */
	y = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(y == x);
	CHECK_EQ(ctor_calls, c->num);
	kmem_cache_free(c, y);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	return 0;
}

int test_slab_offslab(int unused)
{
	kmem_cache_t *big = kmem_cache_create("test-offslab", 2048, 0, 0, NULL, NULL);
	kmem_cache_t *fits = kmem_cache_create("test-fits", 1000, 0, 0, NULL, NULL);
	void *x, *y;
	slab_t *sx;

	(void)unused;
	CHECK(big && fits);
	CHECK(!(kmem_find_general_cachep(128, 0)->flags & CFLGS_OFF_SLAB));
	CHECK(kmem_find_general_cachep(1024, 0)->flags & CFLGS_OFF_SLAB);
	CHECK(big->flags & CFLGS_OFF_SLAB);
	CHECK(big->slabp_cache != NULL);
	x = kmem_cache_alloc(big, GFP_KERNEL);
	CHECK(x != NULL);
	sx = slab_of(x);
	CHECK(cache_of(sx) == big->slabp_cache);	/* slab_t lives in a general cache */
	CHECK_EQ(PGOFF(sx->s_mem), sx->colouroff);	/* objects start right after the colour */
	/* 1000-byte objects leave room for the slab_t, so it moves back on-slab. */
	CHECK(!(fits->flags & CFLGS_OFF_SLAB));
	y = kmem_cache_alloc(fits, GFP_KERNEL);
	CHECK(y != NULL);
	CHECK(virt_to_page(slab_of(y)) == virt_to_page(y));
	kmem_cache_free(big, x);
	kmem_cache_free(fits, y);
	CHECK_EQ(kmem_cache_destroy(big), 0);
	CHECK_EQ(kmem_cache_destroy(fits), 0);
	return 0;
}

int test_slab_destroy_busy(int unused)
{
	kmem_cache_t *c = kmem_cache_create("test-busy", 100, 0, 0, NULL, NULL);
	unsigned long a0, a1, o, as, ns;
	kmem_cache_t *it;
	void *x;
	int found = 0;

	(void)unused;
	CHECK(c != NULL);
	CHECK(kmem_cache_create("test-busy", 100, 0, 0, NULL, NULL) == NULL);	/* names are unique */
	x = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(x != NULL);
	CHECK_EQ(kmem_cache_destroy(c), 1);
	for (it = kmem_cache_first(); it; it = kmem_cache_next(it))
		found += it == c;
	CHECK_EQ(found, 1);
	kmem_cache_counts(&cache_cache, &a0, &o, &as, &ns);
	kmem_cache_free(c, x);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	kmem_cache_counts(&cache_cache, &a1, &o, &as, &ns);
	CHECK_EQ(a1, a0 - 1);
	return 0;
}

int test_slab_hwcache_align(int unused)
{
	kmem_cache_t *a = kmem_cache_create("test-align20", 20, 0, SLAB_HWCACHE_ALIGN, NULL, NULL);
	kmem_cache_t *b = kmem_cache_create("test-align6", 6, 0, SLAB_HWCACHE_ALIGN, NULL, NULL);
	kmem_cache_t *c = kmem_cache_create("test-noalign", 20, 0, 0, NULL, NULL);
	void *objs[8];
	int i;

	(void)unused;
	CHECK(a && b && c);
	CHECK_EQ(a->objsize, 32);	/* 20 rounded to whole 16-byte lines */
	CHECK_EQ(b->objsize, 8);	/* small objects share a line, two per line */
	CHECK_EQ(c->objsize, 20);	/* word alignment only */
	for (i = 0; i < 8; i++) {
		objs[i] = kmem_cache_alloc(a, GFP_KERNEL);
		CHECK(objs[i] && ((unsigned long)objs[i] & (L1_CACHE_BYTES - 1)) == 0);
	}
	for (i = 0; i < 8; i++)
		kmem_cache_free(a, objs[i]);
	for (i = 0; i < 8; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		CHECK(objs[i] && ((unsigned long)objs[i] & 3) == 0);
	}
	CHECK_EQ((char *)objs[1] - (char *)objs[0], 20);
	for (i = 0; i < 8; i++)
		kmem_cache_free(c, objs[i]);
	CHECK(kmem_cache_destroy(a) == 0 && kmem_cache_destroy(b) == 0 &&
	      kmem_cache_destroy(c) == 0);
	return 0;
}

/* kmalloc(size) must come from the cache "size-<cls>". */
static int check_class(size_t size, size_t cls)
{
	char want[CACHE_NAMELEN];
	void *p = kmalloc(size, GFP_KERNEL);

	if (!p) {
		printk("# kmalloc(%lu) failed\n", (unsigned long)size);
		return 1;
	}
	snprintf(want, sizeof(want), "size-%lu", (unsigned long)cls);
	if (strcmp(cache_of(p)->name, want)) {
		printk("# kmalloc(%lu) came from %s, expected %s\n", (unsigned long)size,
		       cache_of(p)->name, want);
		kfree(p);
		return 1;
	}
	kfree(p);
	return 0;
}

int test_kmalloc_classes(int unused)
{
	size_t cls;

	(void)unused;
	CHECK(check_class(1, 32) == 0);
	for (cls = 32; cls <= 131072; cls *= 2) {
		CHECK(check_class(cls, cls) == 0);
		if (cls > 32)
			CHECK(check_class(cls / 2 + 1, cls) == 0);
		if (cls < 131072)
			CHECK(check_class(cls + 1, cls * 2) == 0);
	}
	return 0;
}

int test_kmalloc_100(int unused)
{
	char *p = kmalloc(100, GFP_KERNEL);

	(void)unused;
	CHECK(p != NULL);
	CHECK(!strcmp(cache_of(p)->name, "size-128"));
	CHECK_EQ(cache_of(p)->objsize, 128);
	memset(p, 0x5A, 100);
	kfree(p);
	return 0;
}

int test_kmalloc_dma(int unused)
{
	size_t cls;

	(void)unused;
	for (cls = 32; cls <= 131072; cls *= 2) {
		char want[CACHE_NAMELEN];
		void *p = kmalloc(cls, GFP_KERNEL | GFP_DMA);

		CHECK(p != NULL);
		snprintf(want, sizeof(want), "size-%lu(DMA)", (unsigned long)cls);
		CHECK(!strcmp(cache_of(p)->name, want));
		CHECK(__pa(p) + cls <= MAX_DMA_ADDRESS);
		CHECK(virt_to_page(p)->zone == &zone_table[ZONE_DMA]);
		kfree(p);
	}
	return 0;
}

int test_kmalloc_too_big(int unused)
{
	unsigned long free = nr_free_pages();

	(void)unused;
	CHECK(kmalloc(131073, GFP_KERNEL) == NULL);
	CHECK(kmalloc(1UL << 30, GFP_KERNEL) == NULL);
	CHECK_EQ(nr_free_pages(), free);
	return 0;
}
