/*
 * vmalloc.h - virtually contiguous kernel memory (Linux mm/vmalloc.c): areas
 * between VMALLOC_START and VMALLOC_END, kept in vmlist sorted by address,
 * each followed by one unmapped guard page that is counted in its size.
 */
#ifndef VMALLOC_H
#define VMALLOC_H

#include "mm.h"

#define VM_ALLOC	0x00000002	/* pages owned by the area (vmalloc) */
#define VM_MAP		0x00000004	/* pages lent by the caller (vmap) */

struct vm_struct {
	unsigned long flags;
	void *addr;
	unsigned long size;		/* including the guard page */
	struct page **pages;
	unsigned int nr_pages;
	void *caller;
	struct vm_struct *next;
};

extern struct vm_struct *vmlist;

/* vmalloc.c */
struct vm_struct *get_vm_area(unsigned long size, unsigned long flags);
struct vm_struct *find_vm_area(const void *addr);
void *__vmalloc(unsigned long size, unsigned int gfp_mask, void *caller);
void *vmalloc(unsigned long size);
void vfree(const void *addr);
void *vmap(struct page **pages, unsigned int count);
void vunmap(const void *addr);
struct page *vmalloc_to_page(const void *addr);
unsigned long vmalloc_used_bytes(void);
unsigned long vmalloc_largest_chunk(void);
extern unsigned long nr_pagetable_pages;

#endif /* VMALLOC_H */
