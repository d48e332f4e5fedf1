/*
 * ramfs.c - the root file system, kept in memory only (Linux 2.4
 * fs/ramfs/inode.c, which lives in the page cache): a directory is a list of
 * child inodes; a regular file is an array of pages, allocated on first
 * write (or on a fault of a shared mapping), so reading a hole gives zeros.
 * The same pages back MAP_SHARED mappings and, read-only, MAP_PRIVATE ones
 * (memory.c copies on write).  shmem_file_setup() gives shared anonymous
 * mappings an unlinked file ("/dev/zero (deleted)", as Linux shows them).
 */
#include "defs.h"
#include "fs.h"
#include "mm.h"
#include "sched.h"
#include "slab.h"
#include "uaccess.h"

#define RAMFS_MAX_PAGES	32768UL		/* the page array fits kmalloc: 128 MiB files */

static long ramfs_read(struct file *file, char *ubuf, size_t count);
static long ramfs_write(struct file *file, const char *ubuf, size_t count);
static int ramfs_mmap(struct file *file, struct vm_area_struct *vma);

const struct file_operations ramfs_file_operations = {
	.read = ramfs_read,
	.write = ramfs_write,
	.mmap = ramfs_mmap,
};

static const struct file_operations ramfs_dir_operations = { 0 };

static struct inode *ramfs_lookup(struct inode *dir, const char *name, size_t len)
{
	struct list_head *l;

	list_for_each(l, &dir->i_children) {
		struct inode *i = list_entry(l, struct inode, i_sibling);

		if (strlen(i->i_name) == len && !memcmp(i->i_name, name, len))
			return iget(i);
	}
	return NULL;
}

static unsigned int dtype(unsigned int mode)
{
	return S_ISDIR(mode) ? DT_DIR : S_ISCHR(mode) ? DT_CHR : DT_REG;
}

static unsigned long ramfs_readdir(struct inode *dir, unsigned long pos, filldir_t filldir, void *buf)
{
	struct list_head *l;
	unsigned long n = 0;

	list_for_each(l, &dir->i_children) {
		struct inode *i = list_entry(l, struct inode, i_sibling);

		if (n++ < pos)
			continue;
		if (filldir(buf, i->i_name, strlen(i->i_name), i->i_ino, dtype(i->i_mode)))
			return n - 1;
	}
	return n;
}

const struct inode_operations ramfs_dir_inode_operations = {
	.lookup = ramfs_lookup,
	.readdir = ramfs_readdir,
};

/* A new entry name[0..len) in dir; returns it referenced. */
struct inode *ramfs_create(struct inode *dir, const char *name, size_t len, unsigned int mode,
			   int *err)
{
	struct inode *inode = ramfs_lookup(dir, name, len);

	if (inode) {
		iput(inode);
		*err = -EEXIST;
		return NULL;
	}
	*err = -ENOMEM;
	inode = new_inode(mode);
	if (!inode)
		return NULL;
	memcpy(inode->i_name, name, len);
	inode->i_name[len] = '\0';
	inode->i_nlink = 1;
	inode->i_parent = iget(dir);
	if (S_ISDIR(mode)) {
		inode->i_op = &ramfs_dir_inode_operations;
		inode->i_fop = &ramfs_dir_operations;
	} else if (S_ISREG(mode)) {
		inode->i_fop = &ramfs_file_operations;
	}
	list_add_tail(&inode->i_sibling, &dir->i_children);
	*err = 0;
	return inode;
}

int ramfs_unlink(struct inode *dir, const char *name, size_t len)
{
	struct inode *inode = ramfs_lookup(dir, name, len);

	if (!inode)
		return -ENOENT;
	if (S_ISDIR(inode->i_mode)) {
		iput(inode);
		return -EISDIR;
	}
	list_del(&inode->i_sibling);
	inode->i_nlink = 0;
	iput(inode);		/* frees it unless it is still open or mapped */
	return 0;
}

/* The page holding file page index; allocated (zeroed) if create.  NULL: a hole, or no memory. */
static struct page *ramfs_get_page(struct inode *inode, unsigned long index, int create)
{
	if (index >= inode->i_npages) {
		unsigned long n = inode->i_npages ? inode->i_npages : 4;
		struct page **pages;

		if (!create || index >= RAMFS_MAX_PAGES)
			return NULL;
		while (n <= index)
			n *= 2;
		pages = kmalloc(n * sizeof(*pages), GFP_KERNEL);
		if (!pages)
			return NULL;
		memset(pages, 0, n * sizeof(*pages));
		if (inode->i_pages)
			memcpy(pages, inode->i_pages, inode->i_npages * sizeof(*pages));
		kfree(inode->i_pages);
		inode->i_pages = pages;
		inode->i_npages = n;
	}
	if (!inode->i_pages[index] && create) {
		unsigned long addr = get_zeroed_page(GFP_KERNEL);

		if (addr)
			inode->i_pages[index] = virt_to_page((void *)addr);
	}
	return inode->i_pages[index];
}

int ramfs_truncate(struct inode *inode, unsigned long size)
{
	unsigned long i, first = PAGE_ALIGN(size) >> PAGE_SHIFT;

	for (i = first; i < inode->i_npages; i++) {
		if (inode->i_pages[i]) {
			put_page(inode->i_pages[i]);
			inode->i_pages[i] = NULL;
		}
	}
	if (PGOFF(size) && first - 1 < inode->i_npages && inode->i_pages[first - 1])
		memset((char *)page_address(inode->i_pages[first - 1]) + PGOFF(size), 0,
		       PAGE_SIZE - PGOFF(size));
	inode->i_size = size;
	return 0;
}

typedef unsigned long (*copy_fn)(void *to, const void *from, unsigned long n);

static unsigned long kcopy(void *to, const void *from, unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}

/* Copies file bytes [pos, pos+count) out with copy(); returns bytes done or -EFAULT. */
static long do_read(struct inode *inode, unsigned long pos, char *buf, size_t count, copy_fn copy)
{
	size_t done = 0;

	if (pos >= inode->i_size)
		return 0;
	if (count > inode->i_size - pos)
		count = inode->i_size - pos;
	while (done < count) {
		struct page *page = ramfs_get_page(inode, (pos + done) >> PAGE_SHIFT, 0);
		unsigned long off = PGOFF(pos + done), n = PAGE_SIZE - off;

		if (n > count - done)
			n = count - done;
		if (page ? copy(buf + done, (char *)page_address(page) + off, n)
			 : (copy == kcopy ? (memset(buf + done, 0, n), 0) : clear_user(buf + done, n)))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

static long do_write(struct inode *inode, unsigned long pos, const char *buf, size_t count,
		     copy_fn copy)
{
	size_t done = 0;

	if (pos + count < pos || ((pos + count) >> PAGE_SHIFT) >= RAMFS_MAX_PAGES)
		return -EFBIG;
	while (done < count) {
		struct page *page = ramfs_get_page(inode, (pos + done) >> PAGE_SHIFT, 1);
		unsigned long off = PGOFF(pos + done), n = PAGE_SIZE - off;

		if (n > count - done)
			n = count - done;
		if (!page)
			return done ? (long)done : -ENOSPC;
		if (copy((char *)page_address(page) + off, buf + done, n))
			return done ? (long)done : -EFAULT;
		done += n;
		if (pos + done > inode->i_size)
			inode->i_size = pos + done;
	}
	return (long)done;
}

long ramfs_kernel_read(struct inode *inode, unsigned long pos, void *buf, size_t count)
{
	return do_read(inode, pos, buf, count, kcopy);
}

long ramfs_kernel_write(struct inode *inode, unsigned long pos, const void *buf, size_t count)
{
	return do_write(inode, pos, buf, count, kcopy);
}

static long ramfs_read(struct file *file, char *ubuf, size_t count)
{
	long n = do_read(file->f_inode, file->f_pos, ubuf, count, copy_to_user);

	if (n > 0)
		file->f_pos += (unsigned long)n;
	return n;
}

static long ramfs_write(struct file *file, const char *ubuf, size_t count)
{
	long n;

	if (file->f_flags & O_APPEND)
		file->f_pos = file->f_inode->i_size;
	n = do_write(file->f_inode, file->f_pos, ubuf, count, (copy_fn)copy_from_user);
	if (n > 0)
		file->f_pos += (unsigned long)n;
	return n;
}

/* 2.4's filemap_nopage for ramfs: the file's page, referenced; past the end: SIGBUS. */
static struct page *ramfs_nopage(struct vm_area_struct *vma, unsigned long address, int write)
{
	struct inode *inode = vma->vm_file->f_inode;
	unsigned long index = ((address - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
	struct page *page;

	(void)write;
	if (index >= PAGE_ALIGN(inode->i_size) >> PAGE_SHIFT)
		return NOPAGE_SIGBUS;
	page = ramfs_get_page(inode, index, 1);
	if (!page)
		return NOPAGE_OOM;
	get_page(page);
	return page;
}

static const struct vm_operations_struct ramfs_vm_ops = {
	.nopage = ramfs_nopage,
};

static int ramfs_mmap(struct file *file, struct vm_area_struct *vma)
{
	(void)file;
	vma->vm_ops = &ramfs_vm_ops;
	return 0;
}

/* An unlinked file of size bytes for a MAP_SHARED|MAP_ANONYMOUS area. */
struct file *shmem_file_setup(unsigned long size)
{
	struct inode *inode = new_inode(S_IFREG | MODE_RW_RW_RW_), *dev;
	struct file *file;
	int err;

	if (!inode)
		return NULL;
	file = get_empty_filp();
	if (!file) {
		iput(inode);
		return NULL;
	}
	strlcpy(inode->i_name, "zero", sizeof(inode->i_name));
	dev = namei("/dev", &err);
	inode->i_parent = dev;		/* for the path only: it is in no directory */
	inode->i_size = size;
	inode->i_fop = &ramfs_file_operations;
	file->f_inode = inode;
	file->f_op = inode->i_fop;
	file->f_mode = FMODE_READ | FMODE_WRITE;
	return file;
}

int ramfs_init(void)
{
	root_inode = new_inode(S_IFDIR | MODE_RWXR_XR_X);
	if (!root_inode)
		return -ENOMEM;
	root_inode->i_nlink = 1;
	root_inode->i_op = &ramfs_dir_inode_operations;
	root_inode->i_fop = &ramfs_dir_operations;
	return 0;
}
