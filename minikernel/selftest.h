/*
 * selftest.h - in-kernel tests that print TAP.  A test returns 0 on success;
 * CHECK* print a "# file:line" diagnostic and return 1 on the first failure.
 */
#ifndef SELFTEST_H
#define SELFTEST_H

#include "defs.h"

#define CHECK(cond) do { \
	if (!(cond)) { \
		printk("# %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		return 1; \
	} \
} while (0)

#define CHECK_EQ(a, b) do { \
	unsigned long _a = (unsigned long)(a), _b = (unsigned long)(b); \
	if (_a != _b) { \
		printk("# %s:%d: %s = %lu (0x%lx), expected %s = %lu (0x%lx)\n", \
		       __FILE__, __LINE__, #a, _a, _a, #b, _b, _b); \
		return 1; \
	} \
} while (0)

/* selftest.c */
uint32_t prandom(void);
void prandom_seed(uint32_t seed);
int run_selftests(const char *suite);

/* test_buddy.c */
int test_buddy_order(int order);
int test_buddy_split_merge(int unused);
int test_buddy_stress(int unused);
int test_buddy_invariants_all(int unused);
int test_buddy_zones(int unused);
int test_buddy_zeroed(int unused);
int test_buddy_watermarks(int unused);
int test_buddy_oom(int unused);
int test_buddy_bad_order(int unused);

/* test_slab.c */
int test_slab_reuse(int unused);
int test_slab_colour(int unused);
int test_slab_ctor(int unused);
int test_slab_offslab(int unused);
int test_slab_destroy_busy(int unused);
int test_slab_hwcache_align(int unused);
int test_kmalloc_classes(int unused);
int test_kmalloc_100(int unused);
int test_kmalloc_dma(int unused);
int test_kmalloc_too_big(int unused);

/* test_vmalloc.c */
int test_vmalloc_1000000(int unused);
int test_vmalloc_first_fit(int unused);
int test_vmalloc_guard(int unused);
int test_vmalloc_to_page(int unused);
int test_vfree_returns_pages(int unused);
int test_vmap(int unused);
int test_vmalloc_too_big(int unused);
int test_fixmap(int unused);

/* test_rbtree.c */
int test_rbtree_random(int unused);
int test_rbtree_vmas(int unused);

/* test_mmap.c */
int test_mmap_merge(int unused);
int test_munmap(int unused);
int test_mprotect_split(int unused);
int test_brk(int unused);
int test_stack_grows_down(int unused);

/* test_fault.c */
int test_demand_paging(int unused);
int test_cow(int unused);
int test_cow_zero_page(int unused);
int test_vmalloc_pde_sync(int unused);

/* test_process.c */
int test_fork_1000(int unused);
int test_sigsegv_null(int unused);
int test_sigsegv_text_write(int unused);
int test_sigkill_and_wait(int unused);

#endif /* SELFTEST_H */
