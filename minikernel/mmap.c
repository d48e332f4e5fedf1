/*
 * mmap.c - the VMAs of an address space (Linux 2.4 mm/mmap.c, mm/mprotect.c).
 * Each mm keeps its vm_area_structs twice: in an address-sorted singly
 * linked list (walks) and in a red-black tree keyed by address (find_vma,
 * rbtree.c).  do_mmap merges an anonymous private range into an adjacent
 * area with the same flags; do_munmap trims, removes or splits every area it
 * overlaps and frees the pages and page tables; brk grows or shrinks the
 * heap; mprotect splits areas at its bounds.  Stacks grow down on faults.
 * Merging after mprotect is not done (2.4 merged only in the simple cases).
 */
#include "defs.h"
#include "fs.h"
#include "mman.h"
#include "sched.h"
#include "slab.h"
#include "uaccess.h"

kmem_cache_t *vm_area_cachep;

void mmap_init(void)
{
	vm_area_cachep = kmem_cache_create("vm_area_struct", sizeof(struct vm_area_struct), 0,
					   SLAB_HWCACHE_ALIGN, NULL, NULL);
	if (!vm_area_cachep)
		panic("mmap_init: cannot create vm_area_struct cache");
}

/* The first VMA with vm_end > addr, or NULL (2.4's definition). */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = mm->mmap_cache;
	rb_node_t *n;

	if (vma && vma->vm_end > addr && vma->vm_start <= addr)
		return vma;
	vma = NULL;
	for (n = mm->mm_rb.rb_node; n;) {
		struct vm_area_struct *v = rb_entry(n, struct vm_area_struct, vm_rb);

		if (v->vm_end > addr) {
			vma = v;
			if (v->vm_start <= addr)
				break;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	if (vma)
		mm->mmap_cache = vma;
	return vma;
}

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr), *prev = NULL, *v;

	for (v = mm->mmap; v && v != vma; v = v->vm_next)
		prev = v;
	*pprev = prev;
	return vma;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

/* Links vma into the list after the last area below it and into the tree. */
void insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	rb_node_t **link = &mm->mm_rb.rb_node, *parent = NULL;
	struct vm_area_struct *prev = NULL;

	while (*link) {
		struct vm_area_struct *v = rb_entry(*link, struct vm_area_struct, vm_rb);

		parent = *link;
		BUG_ON(v->vm_end > vma->vm_start && v->vm_start < vma->vm_end);
		if (vma->vm_start < v->vm_start) {
			link = &parent->rb_left;
		} else {
			prev = v;
			link = &parent->rb_right;
		}
	}
	rb_link_node(&vma->vm_rb, parent, link);
	rb_insert_color(&vma->vm_rb, &mm->mm_rb);
	if (prev) {
		vma->vm_next = prev->vm_next;
		prev->vm_next = vma;
	} else {
		vma->vm_next = mm->mmap;
		mm->mmap = vma;
	}
	mm->map_count++;
}

static void unlink_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct **pp;

	for (pp = &mm->mmap; *pp != vma; pp = &(*pp)->vm_next)
		BUG_ON(!*pp);
	*pp = vma->vm_next;
	rb_erase(&vma->vm_rb, &mm->mm_rb);
	if (mm->mmap_cache == vma)
		mm->mmap_cache = NULL;
	mm->map_count--;
}

static void free_vma(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	kmem_cache_free(vm_area_cachep, vma);
}

unsigned long total_vm(const struct mm_struct *mm)
{
	const struct vm_area_struct *v;
	unsigned long pages = 0;

	for (v = mm->mmap; v; v = v->vm_next)
		pages += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
	return pages;
}

void update_hiwater_vm(struct mm_struct *mm)
{
	unsigned long t = total_vm(mm);

	if (t > mm->hiwater_vm)
		mm->hiwater_vm = t;
}

/* Splits vma at addr: vma keeps [vm_start, addr), a new VMA gets [addr, vm_end). */
static int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	struct vm_area_struct *new = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);

	if (!new)
		return -ENOMEM;
	*new = *vma;
	new->vm_start = addr;
	new->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	vma->vm_end = addr;
	if (new->vm_file)
		get_file(new->vm_file);
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
	insert_vm_struct(mm, new);
	return 0;
}

/* A hint that fits, or the first gap from TASK_UNMAPPED_BASE up (2.4's get_unmapped_area). */
static unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	struct vm_area_struct *vma;

	if (len > TASK_SIZE)
		return (unsigned long)-ENOMEM;
	if (addr) {
		addr = PAGE_ALIGN(addr);
		vma = find_vma(mm, addr);
		if (TASK_SIZE - len >= addr && (!vma || addr + len <= vma->vm_start))
			return addr;
	}
	addr = TASK_UNMAPPED_BASE;
	for (vma = find_vma(mm, addr);; vma = vma->vm_next) {
		if (TASK_SIZE - len < addr)
			return (unsigned long)-ENOMEM;
		if (!vma || addr + len <= vma->vm_start)
			return addr;
		addr = vma->vm_end;
	}
}

static int anon_mergeable(const struct vm_area_struct *v, unsigned long flags)
{
	return v && !v->vm_file && !v->vm_ops && v->vm_flags == flags;
}

/*
 * Extends a neighbour instead of creating a VMA for [addr, end) when the
 * neighbour is anonymous with the same flags; joins both neighbours if the
 * new range closes the gap between them.  Returns 1 if merged.
 */
static int vma_merge(struct mm_struct *mm, unsigned long addr, unsigned long end,
		     unsigned long flags)
{
	struct vm_area_struct *prev, *next = find_vma_prev(mm, addr, &prev);

	if (prev && prev->vm_end == addr && anon_mergeable(prev, flags)) {
		prev->vm_end = end;
		if (next && next->vm_start == end && anon_mergeable(next, flags)) {
			prev->vm_end = next->vm_end;
			unlink_vma(mm, next);
			free_vma(next);
		}
		return 1;
	}
	if (next && next->vm_start == end && anon_mergeable(next, flags)) {
		next->vm_start = addr;	/* still ordered: nothing lies in [addr, end) */
		next->vm_pgoff -= (end - addr) >> PAGE_SHIFT;
		return 1;
	}
	return 0;
}

static unsigned long calc_vm_flags(unsigned long prot, unsigned long flags)
{
	unsigned long vm = prot & (VM_READ | VM_WRITE | VM_EXEC);

	if (flags & MAP_GROWSDOWN)
		vm |= VM_GROWSDOWN;
	if (flags & MAP_DENYWRITE)
		vm |= VM_DENYWRITE;
	if (flags & MAP_EXECUTABLE)
		vm |= VM_EXECUTABLE;
	return vm | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
}

/* Checks a file mapping's type against the file's mode; adjusts the flags. */
static long file_map_flags(struct file *file, unsigned long prot, unsigned long flags,
			   unsigned long *vm_flags)
{
	if (!file->f_op || !file->f_op->mmap)
		return -ENODEV;
	if (!(file->f_mode & FMODE_READ))
		return -EACCES;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
			return -EACCES;
		*vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (!(file->f_mode & FMODE_WRITE))
			*vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
		return 0;
	case MAP_PRIVATE:
		return 0;
	default:
		return -EINVAL;
	}
}

static long map_flags(struct file *file, unsigned long prot, unsigned long flags,
		      unsigned long *vm_flags)
{
	*vm_flags = calc_vm_flags(prot, flags);
	if (file)
		return file_map_flags(file, prot, flags, vm_flags);
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		*vm_flags |= VM_SHARED | VM_MAYSHARE;
		return 0;
	case MAP_PRIVATE:
		return 0;
	default:
		return -EINVAL;
	}
}

/* Creates the VMA; a shared anonymous one gets an unlinked shmem file (2.4's shmem_zero_setup). */
static long mmap_region(struct mm_struct *mm, struct file *file, unsigned long addr,
			unsigned long len, unsigned long vm_flags, unsigned long pgoff)
{
	struct vm_area_struct *vma = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);
	long err = 0;

	if (!vma)
		return -ENOMEM;
	memset(vma, 0, sizeof(*vma));
	vma->vm_mm = mm;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_page_prot = pgprot_of(vm_flags);
	vma->vm_pgoff = pgoff;
	if (!file && (vm_flags & VM_SHARED)) {
		file = shmem_file_setup(len);
		if (!file) {
			kmem_cache_free(vm_area_cachep, vma);
			return -ENOMEM;
		}
		vma->vm_pgoff = 0;
	} else if (file) {
		get_file(file);
	}
	vma->vm_file = file;
	if (file)
		err = file->f_op->mmap(file, vma);
	if (err) {
		free_vma(vma);
		return err;
	}
	insert_vm_struct(mm, vma);
	return 0;
}

unsigned long do_mmap_pgoff(struct file *file, unsigned long addr, unsigned long len,
			    unsigned long prot, unsigned long flags, unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;
	unsigned long vm_flags;
	long err;

	if (!len)
		return (unsigned long)-EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return (unsigned long)-ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return (unsigned long)-EINVAL;
	if (flags & MAP_FIXED) {
		if (PGOFF(addr) || addr > TASK_SIZE - len)
			return (unsigned long)-EINVAL;
	} else {
		addr = get_unmapped_area(mm, addr, len);
		if (IS_ERR_VALUE(addr))
			return addr;
	}
	err = map_flags(file, prot, flags, &vm_flags);
	if (err)
		return (unsigned long)err;
	if (do_munmap(mm, addr, len))
		return (unsigned long)-ENOMEM;
	if (file || (vm_flags & VM_SHARED) || !vma_merge(mm, addr, addr + len, vm_flags)) {
		err = mmap_region(mm, file, addr, len, vm_flags, pgoff);
		if (err)
			return (unsigned long)err;
	}
	update_hiwater_vm(mm);
	return addr;
}

static void unmap_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	zap_page_range(mm, vma->vm_start, vma->vm_end - vma->vm_start);
	unlink_vma(mm, vma);
	free_vma(vma);
}

/* Unmaps [addr, addr+len): areas inside go, areas across a bound are split first. */
int do_munmap(struct mm_struct *mm, unsigned long addr, size_t len)
{
	struct vm_area_struct *vma, *last;
	unsigned long end;

	if (PGOFF(addr) || addr > TASK_SIZE || len > TASK_SIZE - addr)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	end = addr + len;
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start >= end)
		return 0;
	if (vma->vm_start < addr) {
		if (split_vma(mm, vma, addr))
			return -ENOMEM;
		vma = vma->vm_next;
	}
	last = find_vma(mm, end);
	if (last && last->vm_start < end && split_vma(mm, last, end))
		return -ENOMEM;
	while (vma && vma->vm_start < end) {
		struct vm_area_struct *next = vma->vm_next;

		unmap_vma(mm, vma);
		vma = next;
	}
	free_pgtables(mm, addr, end);
	return 0;
}

/*
 * An anonymous private data area at addr (brk and the ELF's bss), merged if possible. Its flags
 * are 2.6's VM_DATA_DEFAULT_FLAGS for a binary without READ_IMPLIES_EXEC: readable and writable,
 * not executable (2.4 added VM_EXEC), so /proc/<pid>/maps shows the heap as rw-p.
 */
unsigned long do_brk(unsigned long addr, unsigned long len)
{
	struct mm_struct *mm = current->mm;
	unsigned long flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	len = PAGE_ALIGN(len);
	if (!len)
		return addr;
	if (addr + len > TASK_SIZE || addr + len < addr)
		return (unsigned long)-EINVAL;
	if (do_munmap(mm, addr, len))
		return (unsigned long)-ENOMEM;
	if (!vma_merge(mm, addr, addr + len, flags) &&
	    mmap_region(mm, NULL, addr, len, flags, addr >> PAGE_SHIFT))
		return (unsigned long)-ENOMEM;
	update_hiwater_vm(mm);
	return addr;
}

/* brk(2): returns the new break, or the old one when the request cannot be met. */
long sys_brk(unsigned long brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(mm->brk);

	if (brk < mm->start_brk)
		return (long)mm->brk;
	if (oldbrk == newbrk)
		goto set_brk;
	if (brk <= mm->brk) {
		if (!do_munmap(mm, newbrk, oldbrk - newbrk))
			goto set_brk;
		return (long)mm->brk;
	}
	/* Leave a page between the heap and whatever lies above it. */
	if (newbrk + PAGE_SIZE > TASK_SIZE || find_vma_intersection(mm, oldbrk, newbrk + PAGE_SIZE))
		return (long)mm->brk;
	if (do_brk(oldbrk, newbrk - oldbrk) != oldbrk)
		return (long)mm->brk;
set_brk:
	mm->brk = brk;
	return (long)brk;
}

/* Applies newflags to [start, end) of vma, splitting off the parts outside. */
static int mprotect_fixup(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long start,
			  unsigned long end, unsigned long newflags)
{
	if (newflags == vma->vm_flags)
		return 0;
	if (start > vma->vm_start) {
		if (split_vma(mm, vma, start))
			return -ENOMEM;
		vma = vma->vm_next;
	}
	if (end < vma->vm_end && split_vma(mm, vma, end))
		return -ENOMEM;
	vma->vm_flags = newflags;
	vma->vm_page_prot = pgprot_of(newflags);
	change_protection(mm, start, end, vma->vm_page_prot);
	return 0;
}

int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len, unsigned long prot)
{
	unsigned long end, nstart;
	struct vm_area_struct *vma;

	if (PGOFF(start) || (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start || end > TASK_SIZE)
		return -ENOMEM;
	if (end == start)
		return 0;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	for (nstart = start;;) {
		unsigned long newflags = prot | (vma->vm_flags & ~(unsigned long)(VM_READ | VM_WRITE | VM_EXEC));
		unsigned long tmp = vma->vm_end < end ? vma->vm_end : end;
		int err;

		if ((newflags & ~(newflags >> 4)) & (VM_READ | VM_WRITE | VM_EXEC))
			return -EACCES;		/* asks for a right VM_MAY* does not grant */
		err = mprotect_fixup(mm, vma, nstart, tmp, newflags);
		if (err || tmp == end)
			return err;
		nstart = tmp;
		vma = find_vma(mm, nstart);
		if (!vma || vma->vm_start != nstart)
			return -ENOMEM;		/* a hole in the range */
	}
}

/* Grows a VM_GROWSDOWN area down to cover address (within STACK_RLIMIT, above its neighbour). */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct vm_area_struct *prev;
	unsigned long grow;

	address &= ~(PAGE_SIZE - 1);
	if (vma->vm_end - address > STACK_RLIMIT)
		return -ENOMEM;
	find_vma_prev(vma->vm_mm, vma->vm_start, &prev);
	if (prev && prev->vm_end > address)
		return -ENOMEM;
	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	vma->vm_start = address;
	vma->vm_pgoff -= grow;
	update_hiwater_vm(vma->vm_mm);
	return 0;
}

void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma = mm->mmap;

	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	mm->mmap_cache = NULL;
	mm->map_count = 0;
	while (vma) {
		struct vm_area_struct *next = vma->vm_next;

		zap_page_range(mm, vma->vm_start, vma->vm_end - vma->vm_start);
		free_vma(vma);
		vma = next;
	}
	free_pgtables(mm, 0, TASK_SIZE);
	BUG_ON(mm->rss != 0);
}

long sys_mmap2(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	       unsigned long fd, unsigned long pgoff)
{
	struct file *file = NULL;

	if (!(flags & MAP_ANONYMOUS)) {
		file = fget((int)fd);
		if (!file)
			return -EBADF;
	}
	flags &= ~(unsigned long)(MAP_EXECUTABLE | MAP_DENYWRITE);
	return (long)do_mmap_pgoff(file, addr, len, prot, flags, pgoff);
}

/* mmap (90): ebx points at six longs; the offset must be page-aligned. */
long old_mmap(const void *arg)
{
	unsigned long a[6];

	if (copy_from_user(a, arg, sizeof(a)))
		return -EFAULT;
	if (PGOFF(a[5]))
		return -EINVAL;
	return sys_mmap2(a[0], a[1], a[2], a[3], a[4], a[5] >> PAGE_SHIFT);
}

long sys_munmap(unsigned long addr, size_t len)
{
	return do_munmap(current->mm, addr, len);
}

long sys_mprotect(unsigned long start, size_t len, unsigned long prot)
{
	return do_mprotect(current->mm, start, len, prot);
}
