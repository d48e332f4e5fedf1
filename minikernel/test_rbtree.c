/*
 * test_rbtree.c - selftest=vm: the red-black tree on its own (thousands of
 * seeded random inserts and deletes, every invariant checked as it goes)
 * and inside an address space (the VMA list and the tree's in-order walk
 * stay the same sequence through random mmap/munmap).
 */
#include "selftest.h"
#include "mman.h"
#include "rbtree.h"
#include "sched.h"
#include "test_vm.h"

#define NR_NODES	512
#define NR_STEPS	4000

struct tnode {
	rb_node_t rb;
	unsigned long key;
	int in_tree;
};

static struct tnode nodes[NR_NODES];

static void tinsert(rb_root_t *root, struct tnode *n)
{
	rb_node_t **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = n->key < rb_entry(parent, struct tnode, rb)->key ? &parent->rb_left
									  : &parent->rb_right;
	}
	rb_link_node(&n->rb, parent, link);
	rb_insert_color(&n->rb, root);
	n->in_tree = 1;
}

/* In-order walk: sorted keys, and exactly the nodes marked in_tree. */
static int walk_ok(const rb_root_t *root, int expect)
{
	rb_node_t *n;
	unsigned long last = 0;
	int count = 0;

	for (n = rb_first(root); n; n = rb_next(n)) {
		struct tnode *t = rb_entry(n, struct tnode, rb);

		if (!t->in_tree || (count && t->key < last))
			return 0;
		last = t->key;
		count++;
	}
	return count == expect;
}

int test_rbtree_random(int unused)
{
	rb_root_t root = RB_ROOT;
	int i, in = 0, height;

	(void)unused;
	memset(nodes, 0, sizeof(nodes));
	for (i = 0; i < NR_STEPS; i++) {
		struct tnode *n = &nodes[prandom() % NR_NODES];

		if (n->in_tree) {
			rb_erase(&n->rb, &root);
			n->in_tree = 0;
			in--;
		} else {
			n->key = prandom() % 1000;	/* duplicates on purpose */
			tinsert(&root, n);
			in++;
		}
		CHECK_EQ(rb_check(&root, &height), 0);
		CHECK(walk_ok(&root, in));
	}
	CHECK(in > 0);
	for (i = 0; i < NR_NODES; i++)
		if (nodes[i].in_tree)
			rb_erase(&nodes[i].rb, &root);
	CHECK(root.rb_node == NULL);
	return 0;
}

/* The mm's list and the in-order walk of its tree name the same VMAs, sorted, disjoint. */
int vma_tree_consistent(struct mm_struct *mm)
{
	struct vm_area_struct *v = mm->mmap;
	rb_node_t *n;
	int count = 0;

	if (rb_check(&mm->mm_rb, NULL))
		return 0;
	for (n = rb_first(&mm->mm_rb); n; n = rb_next(n), v = v->vm_next, count++) {
		if (!v || rb_entry(n, struct vm_area_struct, vm_rb) != v || v->vm_start >= v->vm_end)
			return 0;
		if (v->vm_next && v->vm_end > v->vm_next->vm_start)
			return 0;
	}
	return !v && count == mm->map_count;
}

/* find_vma's answer by walking the list: the first area ending above addr. */
static struct vm_area_struct *find_vma_linear(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *v;

	for (v = mm->mmap; v && v->vm_end <= addr; v = v->vm_next)
		;
	return v;
}

int test_rbtree_vmas(int unused)
{
	struct mm_struct *mm = test_mm_enter();
	int i;

	(void)unused;
	CHECK(mm);
	for (i = 0; i < 600; i++) {
		unsigned long page = prandom() % 256, len = 1 + prandom() % 8;
		unsigned long addr = TEST_AREA + page * PAGE_SIZE;
		unsigned long prot = prandom() % 2 ? PROT_READ : PROT_READ | PROT_WRITE;

		if (prandom() % 3)
			CHECK_EQ(do_mmap_pgoff(NULL, addr, len * PAGE_SIZE, prot,
					       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0), addr);
		else
			CHECK_EQ(do_munmap(mm, addr, len * PAGE_SIZE), 0);
		CHECK(vma_tree_consistent(mm));
		CHECK(find_vma(mm, addr) == find_vma_linear(mm, addr));
	}
	test_mm_leave(mm);
	return 0;
}
