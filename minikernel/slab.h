/*
 * slab.h - the slab allocator's types (Linux 2.4 mm/slab.c).  They are public
 * here because the self-tests inspect slabs and colours directly.
 */
#ifndef SLAB_H
#define SLAB_H

#include "list.h"
#include "mm.h"

/* kmem_cache_create() flags (2.4 values). */
#define SLAB_HWCACHE_ALIGN	0x00002000	/* align objects on L1 cache lines */
#define SLAB_CACHE_DMA		0x00004000	/* take pages with GFP_DMA */
#define SLAB_NO_REAP		0x00001000	/* kmem_cache_reap() leaves it alone */
#define CFLGS_OFF_SLAB		0x00010000	/* slab_t and bufctls live in another cache */

#define SLAB_CTOR_CONSTRUCTOR	0x001	/* ctor_flags: called at slab creation */

#define L1_CACHE_SHIFT	4	/* the 486's 16-byte cache line (CONFIG_M486) */
#define L1_CACHE_BYTES	(1 << L1_CACHE_SHIFT)
#define L1_CACHE_ALIGN(x) (((x) + L1_CACHE_BYTES - 1) & ~(L1_CACHE_BYTES - 1))

#define CACHE_NAMELEN	20
#define MAX_GFP_ORDER	5	/* a slab is at most 32 pages */

typedef unsigned int kmem_bufctl_t;	/* index of the next free object */
#define BUFCTL_END	0xffffFFFFU
#define SLAB_LIMIT	0xffffFFFEU

/*
 * One slab: 'colouroff' bytes of colour (and, on-slab, this header and the
 * bufctl array) precede the first object at s_mem.
 */
typedef struct slab_s {
	struct list_head list;
	unsigned long colouroff;
	void *s_mem;
	unsigned int inuse;
	kmem_bufctl_t free;
} slab_t;

#define slab_bufctl(slabp)	((kmem_bufctl_t *)(((slab_t *)(slabp)) + 1))

typedef struct kmem_cache_s kmem_cache_t;
typedef void (*kmem_ctor_t)(void *obj, kmem_cache_t *cachep, unsigned long flags);

struct kmem_cache_s {
	struct list_head slabs_full, slabs_partial, slabs_free;
	unsigned int objsize;
	unsigned int flags;
	unsigned int num;		/* objects per slab */
	unsigned int gfporder;		/* pages per slab = 1 << gfporder */
	unsigned int gfpflags;
	size_t colour;			/* number of colours */
	unsigned int colour_off;	/* colour step in bytes */
	unsigned int colour_next;	/* colour of the next slab */
	kmem_cache_t *slabp_cache;	/* where off-slab slab_t come from */
	unsigned int growing;
	kmem_ctor_t ctor, dtor;
	char name[CACHE_NAMELEN];
	struct list_head next;		/* cache_chain */
};

/* A slab page's owners, kept in its struct page (2.4's SET_PAGE_CACHE/SLAB). */
#define GET_PAGE_CACHE(pg)	((kmem_cache_t *)(pg)->list.next)
#define GET_PAGE_SLAB(pg)	((slab_t *)(pg)->list.prev)

/* slab.c */
extern kmem_cache_t cache_cache;
void kmem_cache_init(void);
void kmem_cache_sizes_init(void);
kmem_cache_t *kmem_cache_create(const char *name, size_t size, size_t offset,
				unsigned long flags, kmem_ctor_t ctor, kmem_ctor_t dtor);
int kmem_cache_destroy(kmem_cache_t *cachep);
int kmem_cache_shrink(kmem_cache_t *cachep);
void *kmem_cache_alloc(kmem_cache_t *cachep, unsigned int flags);
void kmem_cache_free(kmem_cache_t *cachep, void *objp);
int kmem_cache_reap(unsigned int gfp_mask);
kmem_cache_t *kmem_find_general_cachep(size_t size, unsigned int gfpflags);
void *kmalloc(size_t size, unsigned int flags);
void kfree(const void *objp);
unsigned long kmem_cache_total_pages(void);
void kmem_cache_counts(const kmem_cache_t *cachep, unsigned long *active_objs,
		       unsigned long *num_objs, unsigned long *active_slabs,
		       unsigned long *num_slabs);
kmem_cache_t *kmem_cache_first(void);
kmem_cache_t *kmem_cache_next(kmem_cache_t *cachep);

#endif /* SLAB_H */
