/*
 * test_vm.h - helpers shared by the selftest=vm tests: a throw-away address
 * space the test thread enters (current->mm, CR3), user code snippets run
 * in forked children, and leak accounting.
 */
#ifndef TEST_VM_H
#define TEST_VM_H

#include "mm.h"
#include "traps.h"

#define TEST_AREA	0x10000000UL	/* VMA tests work from here */
#define CODE_ADDR	0x08048000UL	/* snippet code page, read + exec */

struct mem_snapshot {
	unsigned long pages;		/* free pages + pages held by slabs */
	unsigned long objs;		/* active slab objects */
	unsigned long pagetables;
};

/* test_process.c */
struct mm_struct *test_mm_enter(void);
void test_mm_leave(struct mm_struct *mm);
void mem_snapshot(struct mem_snapshot *s);
int mem_snapshot_equal(const struct mem_snapshot *a, const struct mem_snapshot *b);
int setup_snippet(struct mm_struct *mm, const unsigned char *code, unsigned long len,
		  struct trapframe *regs);

/* test_rbtree.c */
int vma_tree_consistent(struct mm_struct *mm);

#endif /* TEST_VM_H */
