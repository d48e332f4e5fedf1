/*
 * selftest.c - runs a suite of in-kernel tests and prints TAP version 12:
 * the plan "1..N", then "ok N - name" or "not ok N - name" per test, with
 * "# " diagnostics before a failure.  Tests must be deterministic: the only
 * randomness is prandom(), an xorshift32 reseeded before every test.
 */
#include "selftest.h"
#include "sched.h"
#include "test_vm.h"

struct selftest {
	const char *name;
	int (*fn)(int arg);
	int arg;
};

static const struct selftest mm_tests[] = {
	{ "buddy: order 0 allocated and freed", test_buddy_order, 0 },
	{ "buddy: order 1 allocated and freed", test_buddy_order, 1 },
	{ "buddy: order 2 allocated and freed", test_buddy_order, 2 },
	{ "buddy: order 3 allocated and freed", test_buddy_order, 3 },
	{ "buddy: order 4 allocated and freed", test_buddy_order, 4 },
	{ "buddy: order 5 allocated and freed", test_buddy_order, 5 },
	{ "buddy: order 6 allocated and freed", test_buddy_order, 6 },
	{ "buddy: order 7 allocated and freed", test_buddy_order, 7 },
	{ "buddy: order 8 allocated and freed", test_buddy_order, 8 },
	{ "buddy: order 9 allocated and freed", test_buddy_order, 9 },
	{ "buddy: order >= MAX_ORDER returns NULL", test_buddy_bad_order, 0 },
	{ "buddy: split then merge restores every free count", test_buddy_split_merge, 0 },
	{ "buddy: random alloc/free stress keeps the invariants", test_buddy_stress, 0 },
	{ "buddy: invariants hold in every zone", test_buddy_invariants_all, 0 },
	{ "buddy: GFP_DMA below 16 MiB, GFP_KERNEL prefers Normal", test_buddy_zones, 0 },
	{ "buddy: get_zeroed_page reuses and zeroes", test_buddy_zeroed, 0 },
	{ "buddy: watermarks stop GFP_KERNEL at min, GFP_ATOMIC at min/4", test_buddy_watermarks, 0 },
	{ "buddy: OOM returns NULL and leaks nothing", test_buddy_oom, 0 },
	{ "slab: freed object is reused first", test_slab_reuse, 0 },
	{ "slab: colour offsets cycle", test_slab_colour, 0 },
	{ "slab: constructor runs once per object", test_slab_ctor, 0 },
	{ "slab: on-slab and off-slab management", test_slab_offslab, 0 },
	{ "slab: destroy refuses a busy cache", test_slab_destroy_busy, 0 },
	{ "slab: SLAB_HWCACHE_ALIGN aligns objects", test_slab_hwcache_align, 0 },
	{ "kmalloc: every size class and its boundaries", test_kmalloc_classes, 0 },
	{ "kmalloc: kmalloc(100) comes from size-128", test_kmalloc_100, 0 },
	{ "kmalloc: GFP_DMA uses the DMA twins below 16 MiB", test_kmalloc_dma, 0 },
	{ "kmalloc: more than 131072 bytes returns NULL", test_kmalloc_too_big, 0 },
	{ "vmalloc: vmalloc(1000000) takes 245 pages and a guard page", test_vmalloc_1000000, 0 },
	{ "vmalloc: first fit reuses a freed hole, vmlist sorted", test_vmalloc_first_fit, 0 },
	{ "vmalloc: touching the guard page faults", test_vmalloc_guard, 0 },
	{ "vmalloc: vmalloc_to_page matches a page-table walk", test_vmalloc_to_page, 0 },
	{ "vmalloc: vfree returns every page", test_vfree_returns_pages, 0 },
	{ "vmalloc: vmap maps the given pages", test_vmap, 0 },
	{ "vmalloc: impossible sizes return NULL", test_vmalloc_too_big, 0 },
	{ "fixmap: kmap_atomic slots alias the physical map", test_fixmap, 0 },
};

static const struct selftest vm_tests[] = {
	{ "rbtree: 4000 random inserts/deletes keep red rule, black height, order", test_rbtree_random, 0 },
	{ "rbtree: VMA list equals the tree's in-order walk through random mmap/munmap", test_rbtree_vmas, 0 },
	{ "mmap: merge with equal neighbours, not with different flags, gap closing", test_mmap_merge, 0 },
	{ "munmap: middle splits, head and tail trim, across areas, pages freed", test_munmap, 0 },
	{ "mprotect: splits the area, read-only and PROT_NONE refuse, pages survive", test_mprotect_split, 0 },
	{ "brk: grows and shrinks, refuses overlap and returns the old break", test_brk, 0 },
	{ "stack: a VM_GROWSDOWN area grows on a fault, up to the rlimit", test_stack_grows_down, 0 },
	{ "demand paging: RSS grows on touch only, a read maps the zero page", test_demand_paging, 0 },
	{ "COW: parent and child keep their own copies, counts drop back, reuse", test_cow, 0 },
	{ "COW: a write after fork never touches the zero page", test_cow_zero_page, 0 },
	{ "vmalloc fault: a process page directory gets the PDE from swapper_pg_dir", test_vmalloc_pde_sync, 0 },
	{ "fork: 1000 children exit(42), all reaped, every page and slab object back", test_fork_1000, 0 },
	{ "signals: NULL dereference kills with SIGSEGV, nothing leaks", test_sigsegv_null, 0 },
	{ "signals: a store to the text page kills with SIGSEGV, nothing leaks", test_sigsegv_text_write, 0 },
	{ "signals: SIGKILL ends a looping child; wait4 WNOHANG and ECHILD", test_sigkill_and_wait, 0 },
};

static uint32_t prandom_state;

void prandom_seed(uint32_t seed)
{
	prandom_state = seed ? seed : 1;
}

/* xorshift32 (Marsaglia 2003): same sequence on every machine. */
uint32_t prandom(void)
{
	uint32_t x = prandom_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	prandom_state = x;
	return x;
}

static int run_suite(const char *name, const struct selftest *tests, unsigned int n)
{
	unsigned int i;
	int failed = 0;

	printk("1..%u\n", n);
	for (i = 0; i < n; i++) {
		int bad;

		prandom_seed(0x2545F491u + i);
		bad = tests[i].fn(tests[i].arg);
		if (current->mm)	/* a failed vm test left its address space behind */
			test_mm_leave(current->mm);
		printk("%sok %u - %s\n", bad ? "not " : "", i + 1, tests[i].name);
		failed += bad != 0;
	}
	printk("# selftest %s: %u tests, %d failed\n", name, n, failed);
	return failed;
}

/* Runs "mm" or "vm"; returns the number of failed tests (or -1 for an unknown suite). */
int run_selftests(const char *suite)
{
	if (!strcmp(suite, "mm"))
		return run_suite(suite, mm_tests, ARRAY_SIZE(mm_tests));
	if (!strcmp(suite, "vm"))
		return run_suite(suite, vm_tests, ARRAY_SIZE(vm_tests));
	printk("selftest: unknown suite '%s' (known: mm, vm)\n", suite);
	return -1;
}
