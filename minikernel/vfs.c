/*
 * vfs.c - open files and the file system calls (Linux 2.4 fs/open.c,
 * read_write.c, fcntl.c, stat.c, readdir.c, namei.c's sys_mkdir/unlink,
 * dcache.c's getcwd).  A struct file is shared between descriptors and
 * processes by reference (dup, fork); fget() borrows without a reference
 * (a process is never preempted inside a system call).
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"
#include "slab.h"
#include "uaccess.h"

static kmem_cache_t *filp_cachep;
void inode_init(void);

void vfs_init(void)
{
	filp_cachep = kmem_cache_create("filp", sizeof(struct file), 0, SLAB_HWCACHE_ALIGN,
					NULL, NULL);
	if (!filp_cachep)
		panic("vfs_init: cannot create filp cache");
	inode_init();
}

struct file *get_empty_filp(void)
{
	struct file *f = kmem_cache_alloc(filp_cachep, GFP_KERNEL);

	if (f) {
		memset(f, 0, sizeof(*f));
		f->f_count = 1;
	}
	return f;
}

void fput(struct file *f)
{
	BUG_ON(f->f_count <= 0);
	if (--f->f_count)
		return;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	if (f->f_inode)
		iput(f->f_inode);
	kmem_cache_free(filp_cachep, f);
}

struct file *fget(int fd)
{
	return fd >= 0 && fd < NR_OPEN ? current->files[fd] : NULL;
}

int get_unused_fd(void)
{
	int fd;

	for (fd = 0; fd < NR_OPEN; fd++)
		if (!current->files[fd])
			return fd;
	return -EMFILE;
}

void fd_install(int fd, struct file *f)
{
	current->files[fd] = f;
}

/* A kernel copy of a user path (kfree it); NULL with *err set. */
static char *getname(const char *upath, int *err)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long n;

	if (!name) {
		*err = -ENOMEM;
		return NULL;
	}
	n = strncpy_from_user(name, upath, PATH_MAX);
	if (n < 0 || n == 0) {
		*err = n < 0 ? (int)n : -ENOENT;
		kfree(name);
		return NULL;
	}
	return name;
}

/* Finds or (O_CREAT) creates path's inode. */
static struct inode *open_namei(const char *path, unsigned int flags, unsigned int mode, int *err)
{
	const char *last;
	size_t len;
	struct inode *dir, *inode;

	if (!(flags & O_CREAT))
		return namei(path, err);
	dir = lookup_parent(path, &last, &len, err);
	if (!dir)
		return *err == -EEXIST ? namei(path, err) : NULL;
	inode = dir->i_op->lookup(dir, last, len);
	if (inode && (flags & O_EXCL)) {
		iput(inode);
		inode = NULL;
		*err = -EEXIST;
	} else if (!inode && dir->i_op != &ramfs_dir_inode_operations) {
		*err = -EACCES;
	} else if (!inode) {
		inode = ramfs_create(dir, last, len, S_IFREG | (mode & 0xFFF), err);
	}
	iput(dir);
	return inode;
}

static int may_open(struct inode *inode, unsigned int flags)
{
	unsigned int acc = flags & O_ACCMODE;

	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	if (S_ISDIR(inode->i_mode) && acc != O_RDONLY)
		return -EISDIR;
	if (acc == O_ACCMODE)
		return -EINVAL;
	if (S_ISREG(inode->i_mode) && acc != O_RDONLY && !inode->i_fop->write)
		return -EACCES;
	if ((flags & O_TRUNC) && S_ISREG(inode->i_mode) && acc != O_RDONLY)
		ramfs_truncate(inode, 0);
	return 0;
}

struct file *filp_open(const char *path, unsigned int flags, unsigned int mode, int *err)
{
	struct inode *inode = open_namei(path, flags, mode, err);
	struct file *f;

	if (!inode)
		return NULL;
	*err = may_open(inode, flags);
	f = *err ? NULL : get_empty_filp();
	if (!f) {
		if (!*err)
			*err = -ENFILE;
		iput(inode);
		return NULL;
	}
	f->f_inode = inode;
	f->f_op = inode->i_fop;
	f->f_flags = flags;
	f->f_mode = ((flags & O_ACCMODE) == O_WRONLY ? 0 : FMODE_READ) |
		    ((flags & O_ACCMODE) != O_RDONLY ? FMODE_WRITE : 0);
	*err = f->f_op && f->f_op->open ? f->f_op->open(inode, f) : 0;
	if (*err) {
		fput(f);
		return NULL;
	}
	return f;
}

long sys_open(const char *upath, unsigned long flags, unsigned long mode)
{
	int err, fd = get_unused_fd();
	char *path;
	struct file *f;

	if (fd < 0)
		return fd;
	path = getname(upath, &err);
	if (!path)
		return err;
	f = filp_open(path, (unsigned int)flags, (unsigned int)mode, &err);
	kfree(path);
	if (!f)
		return err;
	fd_install(fd, f);
	return fd;
}

long sys_close(unsigned long fd)
{
	struct file *f = fget((int)fd);

	if (!f)
		return -EBADF;
	current->files[fd] = NULL;
	fput(f);
	return 0;
}

long sys_read(unsigned long fd, char *buf, size_t count)
{
	struct file *f = fget((int)fd);

	if (!f || !(f->f_mode & FMODE_READ))
		return -EBADF;
	if (S_ISDIR(f->f_inode->i_mode))
		return -EISDIR;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	return f->f_op->read(f, buf, count);
}

long sys_write(unsigned long fd, const char *buf, size_t count)
{
	struct file *f = fget((int)fd);

	if (!f || !(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	return f->f_op->write(f, buf, count);
}

struct iovec_u {
	uint32_t iov_base, iov_len;
};

long sys_writev(unsigned long fd, const void *uiov, unsigned long iovcnt)
{
	long total = 0;
	unsigned long i;

	if (iovcnt > 1024)
		return -EINVAL;
	for (i = 0; i < iovcnt; i++) {
		struct iovec_u v;
		long n;

		if (copy_from_user(&v, (const struct iovec_u *)uiov + i, sizeof(v)))
			return total ? total : -EFAULT;
		n = sys_write(fd, (const char *)v.iov_base, v.iov_len);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((unsigned long)n < v.iov_len)
			break;
	}
	return total;
}

long sys_lseek(unsigned long fd, long offset, unsigned long whence)
{
	struct file *f = fget((int)fd);
	long base;

	if (!f)
		return -EBADF;
	if ((f->f_inode->i_mode & S_IFMT) == S_IFIFO || f->f_op == &tty_fops)
		return -ESPIPE;
	if (S_ISCHR(f->f_inode->i_mode))
		return f->f_pos = 0;		/* /dev/null, /dev/zero */
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (long)f->f_pos; break;
	case SEEK_END: base = (long)(f->private_data ? f->private_size : f->f_inode->i_size); break;
	default: return -EINVAL;
	}
	if (base + offset < 0)
		return -EINVAL;
	f->f_pos = (unsigned long)(base + offset);
	return (long)f->f_pos;
}

long sys_dup2(unsigned long oldfd, unsigned long newfd)
{
	struct file *f = fget((int)oldfd);

	if (!f || newfd >= NR_OPEN)
		return -EBADF;
	if (oldfd == newfd)
		return (long)newfd;
	if (current->files[newfd])
		fput(current->files[newfd]);
	get_file(f);
	fd_install((int)newfd, f);
	return (long)newfd;
}

long sys_dup(unsigned long fd)
{
	struct file *f = fget((int)fd);
	int newfd;

	if (!f)
		return -EBADF;
	newfd = get_unused_fd();
	if (newfd < 0)
		return newfd;
	get_file(f);
	fd_install(newfd, f);
	return newfd;
}

long sys_pipe(int *ufds)
{
	int fds[2], err = do_pipe(fds);

	if (err)
		return err;
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		sys_close((unsigned long)fds[0]);
		sys_close((unsigned long)fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_chdir(const char *upath)
{
	int err;
	char *path = getname(upath, &err);
	struct inode *inode;

	if (!path)
		return err;
	inode = namei(path, &err);
	kfree(path);
	if (!inode)
		return err;
	if (!S_ISDIR(inode->i_mode)) {
		iput(inode);
		return -ENOTDIR;
	}
	if (current->cwd)
		iput(current->cwd);
	current->cwd = inode;
	return 0;
}

/* For namei.c's mkdir/unlink: the parent directory of a user path. */
struct inode *user_lookup_parent(const char *upath, char **kpath, const char **last, size_t *len,
				 int *err)
{
	struct inode *dir;

	*kpath = getname(upath, err);
	if (!*kpath)
		return NULL;
	dir = lookup_parent(*kpath, last, len, err);
	if (!dir)
		kfree(*kpath);
	return dir;
}
