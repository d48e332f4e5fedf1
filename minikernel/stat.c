/*
 * stat.c - stat64 and fstat64 (Linux 2.4 fs/stat.c) with i386's struct
 * stat64 layout (96 bytes).  There is no clock, so every time is 0; the
 * device is 00:01 for the root file system (Linux's rootfs number).
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"
#include "slab.h"
#include "uaccess.h"

#define ROOT_DEV	0x0001

struct stat64 {
	unsigned long long st_dev;
	unsigned char __pad0[4];
	unsigned long __st_ino;
	unsigned int st_mode;
	unsigned int st_nlink;
	unsigned long st_uid, st_gid;
	unsigned long long st_rdev;
	unsigned char __pad3[4];
	long long st_size;
	unsigned long st_blksize;
	unsigned long long st_blocks;
	unsigned long st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec, st_ctime_, st_ctime_nsec;
	unsigned long long st_ino;
} __attribute__((packed));

static long cp_new_stat64(const struct inode *inode, void *ubuf)
{
	struct stat64 st;

	memset(&st, 0, sizeof(st));
	st.st_dev = ROOT_DEV;
	st.__st_ino = inode->i_ino;
	st.st_ino = inode->i_ino;
	st.st_mode = inode->i_mode;
	st.st_nlink = S_ISDIR(inode->i_mode) ? 2 : (inode->i_nlink ? inode->i_nlink : 1);
	st.st_rdev = inode->i_rdev;
	st.st_size = (long long)inode->i_size;
	st.st_blksize = PAGE_SIZE;
	st.st_blocks = (PAGE_ALIGN(inode->i_size) >> PAGE_SHIFT) * (PAGE_SIZE / 512);
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_stat64(const char *upath, void *statbuf)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	struct inode *inode = NULL;
	long n;
	int err = -ENOMEM;

	if (path) {
		n = strncpy_from_user(path, upath, PATH_MAX);
		err = n < 0 ? (int)n : -ENOENT;
		if (n > 0)
			inode = namei(path, &err);
		kfree(path);
	}
	if (!inode)
		return err;
	n = cp_new_stat64(inode, statbuf);
	iput(inode);
	return n;
}

long sys_fstat64(unsigned long fd, void *statbuf)
{
	struct file *f = fget((int)fd);

	return f ? cp_new_stat64(f->f_inode, statbuf) : -EBADF;
}
