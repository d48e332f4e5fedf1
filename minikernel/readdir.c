/*
 * readdir.c - getdents64 (Linux 2.4 fs/readdir.c): "." and ".." first, then
 * the directory's own entries; f_pos counts entries, so a second call goes on
 * where the buffer ran out.  Records are struct linux_dirent64, 8-aligned.
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"
#include "uaccess.h"

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
} __attribute__((packed));

struct getdents_callback64 {
	char *current_dir;
	unsigned long count;		/* bytes left */
	unsigned long pos;		/* entry number of the next record */
	int error;
	int full;			/* an entry did not fit */
};

static int filldir64(void *__buf, const char *name, size_t namlen, unsigned long ino,
		     unsigned int type)
{
	struct getdents_callback64 *buf = __buf;
	unsigned long reclen = (offsetof(struct linux_dirent64, d_name) + namlen + 1 + 7) & ~7UL;
	struct linux_dirent64 d;

	if (reclen > buf->count) {
		buf->full = 1;
		return -EINVAL;
	}
	d.d_ino = ino;
	d.d_off = (long long)(buf->pos + 1);
	d.d_reclen = (unsigned short)reclen;
	d.d_type = (unsigned char)type;
	if (copy_to_user(buf->current_dir, &d, offsetof(struct linux_dirent64, d_name)) ||
	    copy_to_user(buf->current_dir + offsetof(struct linux_dirent64, d_name), name, namlen) ||
	    clear_user(buf->current_dir + offsetof(struct linux_dirent64, d_name) + namlen,
		       reclen - offsetof(struct linux_dirent64, d_name) - namlen)) {
		buf->error = -EFAULT;
		return -EFAULT;
	}
	buf->current_dir += reclen;
	buf->count -= reclen;
	buf->pos++;
	return 0;
}

long sys_getdents64(unsigned long fd, void *dirent, unsigned long count)
{
	struct file *f = fget((int)fd);
	struct getdents_callback64 buf = { dirent, count, 0, 0, 0 };
	struct inode *dir;

	if (!f)
		return -EBADF;
	dir = f->f_inode;
	if (!S_ISDIR(dir->i_mode) || !dir->i_op || !dir->i_op->readdir)
		return -ENOTDIR;
	if (!access_ok(dirent, count))
		return -EFAULT;
	buf.pos = f->f_pos;
	if (buf.pos == 0 && !filldir64(&buf, ".", 1, dir->i_ino, DT_DIR))
		f->f_pos = 1;
	if (buf.pos == 1 && !filldir64(&buf, "..", 2,
				       dir->i_parent ? dir->i_parent->i_ino : dir->i_ino, DT_DIR))
		f->f_pos = 2;
	if (buf.pos >= 2 && !buf.error)
		f->f_pos = 2 + dir->i_op->readdir(dir, buf.pos - 2, filldir64, &buf);
	if (buf.error)
		return buf.error;
	if (buf.current_dir == (char *)dirent && buf.full)
		return -EINVAL;		/* the buffer cannot hold even one entry */
	return (long)(buf.current_dir - (char *)dirent);
}
