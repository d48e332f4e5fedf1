/*
 * slab.c - the slab allocator, after Linux 2.4 mm/slab.c (Bonwick's design).
 *
 * A cache hands out objects of one size.  It grows by whole slabs of
 * 2^gfporder pages; each slab carries a slab_t (in-use count, first object
 * s_mem, head of the free chain) and a kmem_bufctl_t per object: bufctl[i]
 * is the index of the free object after i.  The slab_t and bufctls sit at the
 * start of the slab ("on-slab") unless objects are >= PAGE_SIZE/8, when they
 * come from a general cache ("off-slab") so big objects pack better.
 *
 * The bytes a slab cannot use for objects are spent on colouring: successive
 * slabs start their objects colour_off (the L1 line) further in, cycling
 * through 'colour' offsets, so equal-index objects of different slabs do not
 * compete for the same cache lines.
 *
 * Slabs sit on one of slabs_full, slabs_partial, slabs_free; allocation takes
 * from a partial slab, then a free one, then grows the cache.  Freeing never
 * returns pages at once: kmem_cache_shrink() and kmem_cache_reap() do.
 *
 * Left out: the SMP per-CPU object arrays, debugging (poison, red zones) and
 * statistics beyond the counts /proc/slabinfo shows.  kmem_cache_reap() here
 * empties the free slabs of every reapable cache (2.4 picks one victim).
 */
#include "defs.h"
#include "slab.h"

#define BYTES_PER_WORD	sizeof(void *)
#define OFF_SLAB(c)	((c)->flags & CFLGS_OFF_SLAB)

/* 2 pages per slab at most for objects that fit smaller slabs (2.4, > 32 MiB RAM). */
#define BREAK_GFP_ORDER	2

kmem_cache_t cache_cache = {
	.slabs_full = LIST_HEAD_INIT(cache_cache.slabs_full),
	.slabs_partial = LIST_HEAD_INIT(cache_cache.slabs_partial),
	.slabs_free = LIST_HEAD_INIT(cache_cache.slabs_free),
	.objsize = sizeof(kmem_cache_t),
	.flags = SLAB_NO_REAP,
	.colour_off = L1_CACHE_BYTES,
	.name = "kmem_cache",
	.next = LIST_HEAD_INIT(cache_cache.next),
};

/* The chain starts after cache_cache; new caches go to its front (2.4's cache_chain). */
#define cache_chain	(&cache_cache.next)

static unsigned int offslab_limit;	/* most objects an off-slab slab_t can index */

struct cache_sizes {
	size_t cs_size;
	kmem_cache_t *cs_cachep, *cs_dmacachep;
};

static struct cache_sizes cache_sizes[] = {
	{ 32, NULL, NULL }, { 64, NULL, NULL }, { 128, NULL, NULL },
	{ 256, NULL, NULL }, { 512, NULL, NULL }, { 1024, NULL, NULL },
	{ 2048, NULL, NULL }, { 4096, NULL, NULL }, { 8192, NULL, NULL },
	{ 16384, NULL, NULL }, { 32768, NULL, NULL }, { 65536, NULL, NULL },
	{ 131072, NULL, NULL }, { 0, NULL, NULL },
};

/* How many objects fit a 2^gfporder slab, and what is left over. */
static void kmem_cache_estimate(unsigned long gfporder, size_t size, int flags,
				size_t *left_over, unsigned int *num)
{
	size_t wastage = PAGE_SIZE << gfporder;
	size_t extra = 0, base = 0;
	unsigned int i = 0;

	if (!(flags & CFLGS_OFF_SLAB)) {
		base = sizeof(slab_t);
		extra = sizeof(kmem_bufctl_t);
	}
	while (i * size + L1_CACHE_ALIGN(base + i * extra) <= wastage)
		i++;
	if (i > 0)
		i--;
	if (i > SLAB_LIMIT)
		i = SLAB_LIMIT;
	*num = i;
	wastage -= i * size;
	wastage -= L1_CACHE_ALIGN(base + i * extra);
	*left_over = wastage;
}

void kmem_cache_init(void)
{
	size_t left_over;

	kmem_cache_estimate(0, cache_cache.objsize, 0, &left_over, &cache_cache.num);
	BUG_ON(!cache_cache.num);
	cache_cache.colour = left_over / cache_cache.colour_off;
	cache_cache.colour_next = 0;
}

/* Creates size-32 .. size-131072 and their "(DMA)" twins. */
void kmem_cache_sizes_init(void)
{
	struct cache_sizes *sizes;
	char name[CACHE_NAMELEN];

	for (sizes = cache_sizes; sizes->cs_size; sizes++) {
		snprintf(name, sizeof(name), "size-%lu", (unsigned long)sizes->cs_size);
		sizes->cs_cachep = kmem_cache_create(name, sizes->cs_size, 0,
						     SLAB_HWCACHE_ALIGN, NULL, NULL);
		if (!sizes->cs_cachep)
			panic("kmem_cache_sizes_init: cannot create %s", name);
		/* Off-slab slab_t come from these caches: how many bufctls still fit? */
		if (!OFF_SLAB(sizes->cs_cachep))
			offslab_limit = (unsigned int)((sizes->cs_size - sizeof(slab_t)) /
						       sizeof(kmem_bufctl_t));
		snprintf(name, sizeof(name), "size-%lu(DMA)", (unsigned long)sizes->cs_size);
		sizes->cs_dmacachep = kmem_cache_create(name, sizes->cs_size, 0,
							SLAB_CACHE_DMA | SLAB_HWCACHE_ALIGN, NULL, NULL);
		if (!sizes->cs_dmacachep)
			panic("kmem_cache_sizes_init: cannot create %s", name);
	}
}

kmem_cache_t *kmem_find_general_cachep(size_t size, unsigned int gfpflags)
{
	struct cache_sizes *csizep;

	for (csizep = cache_sizes; csizep->cs_size; csizep++)
		if (size <= csizep->cs_size)
			return (gfpflags & GFP_DMA) ? csizep->cs_dmacachep : csizep->cs_cachep;
	return NULL;
}

/* Picks gfporder: grow until the leftover is <= 1/8 of the slab (2.4's loop). */
static size_t choose_order(kmem_cache_t *cachep, size_t size, unsigned long *flags)
{
	size_t left_over;

	for (cachep->gfporder = 0;; cachep->gfporder++) {
		kmem_cache_estimate(cachep->gfporder, size, (int)*flags, &left_over, &cachep->num);
		if (cachep->gfporder >= MAX_GFP_ORDER)
			break;
		if (!cachep->num)
			continue;
		if ((*flags & CFLGS_OFF_SLAB) && cachep->num > offslab_limit && cachep->gfporder) {
			/* Too many objects for an off-slab slab_t: step back one order. */
			cachep->gfporder--;
			kmem_cache_estimate(cachep->gfporder, size, (int)*flags, &left_over,
					    &cachep->num);
			break;
		}
		if (cachep->gfporder >= BREAK_GFP_ORDER)
			break;
		if (left_over * 8 <= ((size_t)PAGE_SIZE << cachep->gfporder))
			break;
	}
	return left_over;
}

static int cache_name_taken(const char *name)
{
	kmem_cache_t *c;

	for (c = kmem_cache_first(); c; c = kmem_cache_next(c))
		if (!strcmp(c->name, name))
			return 1;
	return 0;
}

/* Object size and alignment from the flags (2.4: word alignment, or L1 lines packed by halves). */
static size_t object_size(size_t size, unsigned long flags, size_t *align)
{
	size = (size + BYTES_PER_WORD - 1) & ~(BYTES_PER_WORD - 1);
	*align = BYTES_PER_WORD;
	if (flags & SLAB_HWCACHE_ALIGN) {
		*align = L1_CACHE_BYTES;
		while (size <= *align / 2)
			*align /= 2;
	}
	return (size + *align - 1) & ~(*align - 1);
}

kmem_cache_t *kmem_cache_create(const char *name, size_t size, size_t offset,
				unsigned long flags, kmem_ctor_t ctor, kmem_ctor_t dtor)
{
	kmem_cache_t *cachep;
	size_t left_over, align, slab_size;

	if (!name || strlen(name) >= CACHE_NAMELEN || size < BYTES_PER_WORD ||
	    size > (1UL << MAX_GFP_ORDER) * PAGE_SIZE || offset > size || cache_name_taken(name))
		return NULL;
	flags &= SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | SLAB_NO_REAP;
	cachep = kmem_cache_alloc(&cache_cache, GFP_KERNEL);
	if (!cachep)
		return NULL;
	memset(cachep, 0, sizeof(*cachep));
	size = object_size(size, flags, &align);
	if (size >= (PAGE_SIZE >> 3))
		flags |= CFLGS_OFF_SLAB;
	left_over = choose_order(cachep, size, &flags);
	if (!cachep->num) {
		printk("kmem_cache_create: couldn't create cache %s.\n", name);
		kmem_cache_free(&cache_cache, cachep);
		return NULL;
	}
	slab_size = L1_CACHE_ALIGN(cachep->num * sizeof(kmem_bufctl_t) + sizeof(slab_t));
	/* If the slab_t fits the leftover anyway, keep it on-slab. */
	if ((flags & CFLGS_OFF_SLAB) && left_over >= slab_size) {
		flags &= ~CFLGS_OFF_SLAB;
		left_over -= slab_size;
	}
	offset = (offset + align - 1) & ~(align - 1);
	cachep->colour_off = offset ? (unsigned int)offset : L1_CACHE_BYTES;
	cachep->colour = left_over / cachep->colour_off;
	cachep->flags = (unsigned int)flags;
	cachep->gfpflags = (flags & SLAB_CACHE_DMA) ? GFP_DMA : 0;
	cachep->objsize = (unsigned int)size;
	INIT_LIST_HEAD(&cachep->slabs_full);
	INIT_LIST_HEAD(&cachep->slabs_partial);
	INIT_LIST_HEAD(&cachep->slabs_free);
	if (flags & CFLGS_OFF_SLAB)
		cachep->slabp_cache = kmem_find_general_cachep(slab_size, 0);
	cachep->ctor = ctor;
	cachep->dtor = dtor;
	strlcpy(cachep->name, name, sizeof(cachep->name));
	list_add(&cachep->next, cache_chain);
	return cachep;
}

/* Places the slab_t: off-slab from slabp_cache, or on-slab after the colour. */
static slab_t *kmem_cache_slabmgmt(kmem_cache_t *cachep, char *objp, unsigned long colour_off,
				   unsigned int flags)
{
	slab_t *slabp;

	if (OFF_SLAB(cachep)) {
		slabp = kmem_cache_alloc(cachep->slabp_cache, flags);
		if (!slabp)
			return NULL;
	} else {
		slabp = (slab_t *)(objp + colour_off);
		colour_off += L1_CACHE_ALIGN(cachep->num * sizeof(kmem_bufctl_t) + sizeof(slab_t));
	}
	slabp->inuse = 0;
	slabp->colouroff = colour_off;
	slabp->s_mem = objp + colour_off;
	return slabp;
}

static void kmem_cache_init_objs(kmem_cache_t *cachep, slab_t *slabp)
{
	unsigned int i;

	for (i = 0; i < cachep->num; i++) {
		void *objp = (char *)slabp->s_mem + cachep->objsize * i;

		if (cachep->ctor)
			cachep->ctor(objp, cachep, SLAB_CTOR_CONSTRUCTOR);
		slab_bufctl(slabp)[i] = i + 1;
	}
	slab_bufctl(slabp)[i - 1] = BUFCTL_END;
	slabp->free = 0;
}

/* Adds one slab to the cache.  Returns 1 on success, 0 when out of memory. */
static int kmem_cache_grow(kmem_cache_t *cachep, unsigned int flags)
{
	unsigned long offset, i;
	struct page *page;
	slab_t *slabp;
	char *objp;

	offset = cachep->colour_next;
	cachep->colour_next++;
	if (cachep->colour_next >= cachep->colour)
		cachep->colour_next = 0;
	offset *= cachep->colour_off;
	cachep->growing++;
	objp = (char *)__get_free_pages(cachep->gfpflags | flags, cachep->gfporder);
	if (!objp)
		goto failed;
	slabp = kmem_cache_slabmgmt(cachep, objp, offset, flags);
	if (!slabp) {
		free_pages((unsigned long)objp, cachep->gfporder);
		goto failed;
	}
	page = virt_to_page(objp);
	for (i = 0; i < (1UL << cachep->gfporder); i++, page++) {
		page->list.next = (struct list_head *)cachep;	/* SET_PAGE_CACHE */
		page->list.prev = (struct list_head *)slabp;	/* SET_PAGE_SLAB */
		PageSetSlab(page);
	}
	kmem_cache_init_objs(cachep, slabp);
	list_add_tail(&slabp->list, &cachep->slabs_free);
	cachep->growing--;
	return 1;
failed:
	cachep->growing--;
	return 0;
}

static void kmem_slab_destroy(kmem_cache_t *cachep, slab_t *slabp)
{
	char *objp = (char *)slabp->s_mem - slabp->colouroff;
	struct page *page = virt_to_page(objp);
	unsigned long i;

	if (cachep->dtor)
		for (i = 0; i < cachep->num; i++)
			cachep->dtor((char *)slabp->s_mem + cachep->objsize * i, cachep, 0);
	for (i = 0; i < (1UL << cachep->gfporder); i++) {
		PageClearSlab(&page[i]);
		INIT_LIST_HEAD(&page[i].list);
	}
	free_pages((unsigned long)objp, cachep->gfporder);
	if (OFF_SLAB(cachep))
		kmem_cache_free(cachep->slabp_cache, slabp);
}

void *kmem_cache_alloc(kmem_cache_t *cachep, unsigned int flags)
{
	struct list_head *entry;
	slab_t *slabp;
	void *objp;

	for (;;) {
		entry = cachep->slabs_partial.next;
		if (entry == &cachep->slabs_partial) {
			entry = cachep->slabs_free.next;
			if (entry == &cachep->slabs_free) {
				if (!kmem_cache_grow(cachep, flags))
					return NULL;
				continue;
			}
			list_del(entry);
			list_add(entry, &cachep->slabs_partial);
		}
		break;
	}
	slabp = list_entry(entry, slab_t, list);
	slabp->inuse++;
	objp = (char *)slabp->s_mem + slabp->free * cachep->objsize;
	slabp->free = slab_bufctl(slabp)[slabp->free];
	if (slabp->free == BUFCTL_END) {
		list_del(&slabp->list);
		list_add(&slabp->list, &cachep->slabs_full);
	}
	return objp;
}

void kmem_cache_free(kmem_cache_t *cachep, void *objp)
{
	struct page *page = virt_to_page(objp);
	slab_t *slabp;
	unsigned long off;
	unsigned int objnr, inuse;

	if (!PageSlab(page) || GET_PAGE_CACHE(page) != cachep)
		panic("kmem_cache_free: %p is not in a slab of %s", objp, cachep->name);
	slabp = GET_PAGE_SLAB(page);
	off = (unsigned long)((char *)objp - (char *)slabp->s_mem);
	objnr = (unsigned int)(off / cachep->objsize);
	if (off % cachep->objsize || objnr >= cachep->num)
		panic("kmem_cache_free: %p is not an object of %s", objp, cachep->name);
	slab_bufctl(slabp)[objnr] = slabp->free;
	slabp->free = objnr;
	inuse = slabp->inuse--;
	if (!slabp->inuse) {
		list_del(&slabp->list);
		list_add(&slabp->list, &cachep->slabs_free);
	} else if (inuse == cachep->num) {
		list_del(&slabp->list);
		list_add(&slabp->list, &cachep->slabs_partial);
	}
}

/* Destroys every free slab; returns how many went. */
static int __kmem_cache_shrink_locked(kmem_cache_t *cachep)
{
	int ret = 0;

	while (!cachep->growing && !list_empty(&cachep->slabs_free)) {
		slab_t *slabp = list_entry(cachep->slabs_free.prev, slab_t, list);

		list_del(&slabp->list);
		kmem_slab_destroy(cachep, slabp);
		ret++;
	}
	return ret;
}

/* Returns the number of pages given back to the buddy allocator. */
int kmem_cache_shrink(kmem_cache_t *cachep)
{
	return __kmem_cache_shrink_locked(cachep) << cachep->gfporder;
}

/* Removes an empty cache.  Returns 0, or 1 (and keeps the cache) if objects are live. */
int kmem_cache_destroy(kmem_cache_t *cachep)
{
	BUG_ON(cachep == &cache_cache);
	list_del(&cachep->next);
	__kmem_cache_shrink_locked(cachep);
	if (!list_empty(&cachep->slabs_full) || !list_empty(&cachep->slabs_partial)) {
		printk("kmem_cache_destroy: Can't free all objects in %s\n", cachep->name);
		list_add(&cachep->next, cache_chain);
		return 1;
	}
	kmem_cache_free(&cache_cache, cachep);
	return 0;
}

/* Called by __alloc_pages() under memory pressure.  Returns pages freed. */
int kmem_cache_reap(unsigned int gfp_mask)
{
	kmem_cache_t *c;
	int pages = 0;

	(void)gfp_mask;
	for (c = kmem_cache_first(); c; c = kmem_cache_next(c))
		if (!(c->flags & SLAB_NO_REAP))
			pages += kmem_cache_shrink(c);
	return pages;
}

void *kmalloc(size_t size, unsigned int flags)
{
	kmem_cache_t *cachep = kmem_find_general_cachep(size, flags);

	return cachep ? kmem_cache_alloc(cachep, flags) : NULL;
}

void kfree(const void *objp)
{
	struct page *page;

	if (!objp)
		return;
	page = virt_to_page(objp);
	if (!PageSlab(page))
		panic("kfree: %p was not kmalloc()ed", objp);
	kmem_cache_free(GET_PAGE_CACHE(page), (void *)objp);
}

/* Walks the chain the way /proc/slabinfo lists it: cache_cache, then newest first. */
kmem_cache_t *kmem_cache_first(void)
{
	return &cache_cache;
}

kmem_cache_t *kmem_cache_next(kmem_cache_t *cachep)
{
	struct list_head *n = cachep->next.next;

	return n == cache_chain ? NULL : list_entry(n, kmem_cache_t, next);
}

static unsigned long count_slabs(const struct list_head *head, unsigned long *objs)
{
	const struct list_head *p;
	unsigned long n = 0;

	list_for_each(p, head) {
		n++;
		*objs += list_entry(p, slab_t, list)->inuse;
	}
	return n;
}

void kmem_cache_counts(const kmem_cache_t *cachep, unsigned long *active_objs,
		       unsigned long *num_objs, unsigned long *active_slabs,
		       unsigned long *num_slabs)
{
	unsigned long full, partial, free;

	*active_objs = 0;
	full = count_slabs(&cachep->slabs_full, active_objs);
	partial = count_slabs(&cachep->slabs_partial, active_objs);
	free = count_slabs(&cachep->slabs_free, active_objs);
	*active_slabs = full + partial;
	*num_slabs = full + partial + free;
	*num_objs = *num_slabs * cachep->num;
}

/* Pages held by all caches (meminfo's Slab). */
unsigned long kmem_cache_total_pages(void)
{
	unsigned long a, o, as, ns, total = 0;
	kmem_cache_t *c;

	for (c = kmem_cache_first(); c; c = kmem_cache_next(c)) {
		kmem_cache_counts(c, &a, &o, &as, &ns);
		total += ns << c->gfporder;
	}
	return total;
}
