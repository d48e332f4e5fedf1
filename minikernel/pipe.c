/*
 * pipe.c - pipes (Linux 2.4 fs/pipe.c): one page of ring buffer shared by a
 * read end and a write end.  A reader sleeps while the pipe is empty and a
 * writer exists (then gets 0: end of file); a writer sleeps while the data
 * would not fit (writes up to PIPE_BUF bytes are atomic) and gets SIGPIPE
 * and -EPIPE when no reader is left.  Sleeps end early on a signal (-EINTR).
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"
#include "slab.h"
#include "uaccess.h"

#define PIPE_BUF	PAGE_SIZE

struct pipe_inode_info {
	char *base;
	unsigned long start, len;
	int readers, writers;
	wait_queue_head_t wait;
};

#define PIPE_INFO(inode)	((struct pipe_inode_info *)(inode)->i_private)

static long pipe_read(struct file *file, char *ubuf, size_t count)
{
	struct pipe_inode_info *p = PIPE_INFO(file->f_inode);
	size_t done = 0;

	while (!p->len) {
		if (!p->writers || !count)
			return 0;
		if (signal_pending(current))
			return -EINTR;
		interruptible_sleep_on(&p->wait);
	}
	while (done < count && p->len) {
		unsigned long n = PIPE_BUF - p->start;

		if (n > p->len)
			n = p->len;
		if (n > count - done)
			n = count - done;
		if (copy_to_user(ubuf + done, p->base + p->start, n))
			return done ? (long)done : -EFAULT;
		p->start = (p->start + n) % PIPE_BUF;
		p->len -= n;
		done += n;
	}
	wake_up_interruptible(&p->wait);
	return (long)done;
}

/* Waits for room for want bytes; 0, or -EPIPE / -EINTR. */
static long pipe_wait_room(struct pipe_inode_info *p, size_t want)
{
	for (;;) {
		if (!p->readers) {
			send_sig(SIGPIPE, current);
			return -EPIPE;
		}
		if (PIPE_BUF - p->len >= want)
			return 0;
		if (signal_pending(current))
			return -EINTR;
		wake_up_interruptible(&p->wait);
		interruptible_sleep_on(&p->wait);
	}
}

static long pipe_write(struct file *file, const char *ubuf, size_t count)
{
	struct pipe_inode_info *p = PIPE_INFO(file->f_inode);
	size_t done = 0;

	while (done < count) {
		size_t left = count - done;
		long err = pipe_wait_room(p, left <= PIPE_BUF ? left : 1);
		unsigned long end, n;

		if (err)
			return done ? (long)done : err;
		end = (p->start + p->len) % PIPE_BUF;
		n = PIPE_BUF - end < PIPE_BUF - p->len ? PIPE_BUF - end : PIPE_BUF - p->len;
		if (n > left)
			n = left;
		if (copy_from_user(p->base + end, ubuf + done, n))
			return done ? (long)done : -EFAULT;
		p->len += n;
		done += n;
		wake_up_interruptible(&p->wait);
	}
	return (long)done;
}

static void pipe_read_release(struct inode *inode, struct file *file)
{
	(void)file;
	PIPE_INFO(inode)->readers--;
	wake_up_interruptible(&PIPE_INFO(inode)->wait);
}

static void pipe_write_release(struct inode *inode, struct file *file)
{
	(void)file;
	PIPE_INFO(inode)->writers--;
	wake_up_interruptible(&PIPE_INFO(inode)->wait);
}

static const struct file_operations read_pipe_fops = {
	.read = pipe_read,
	.release = pipe_read_release,
};

static const struct file_operations write_pipe_fops = {
	.write = pipe_write,
	.release = pipe_write_release,
};

static void pipe_destroy(struct inode *inode)
{
	struct pipe_inode_info *p = PIPE_INFO(inode);

	free_page((unsigned long)p->base);
	kfree(p);
}

static struct inode *get_pipe_inode(void)
{
	struct inode *inode = new_inode(S_IFIFO | MODE_RW_______);
	struct pipe_inode_info *p = kmalloc(sizeof(*p), GFP_KERNEL);

	if (!inode || !p || !(p->base = (char *)__get_free_page(GFP_KERNEL))) {
		kfree(p);
		if (inode)
			iput(inode);
		return NULL;
	}
	p->start = p->len = 0;
	p->readers = p->writers = 1;
	init_waitqueue_head(&p->wait);
	inode->i_private = (long)p;
	inode->i_destroy = pipe_destroy;
	return inode;
}

static struct file *pipe_file(struct inode *inode, const struct file_operations *fops,
			      unsigned int mode)
{
	struct file *f = get_empty_filp();

	if (f) {
		f->f_inode = inode;
		f->f_op = fops;
		f->f_mode = mode;
		f->f_flags = mode == FMODE_READ ? O_RDONLY : O_WRONLY;
	}
	return f;
}

/* pipe(2): fds[0] the read end, fds[1] the write end. */
int do_pipe(int *fds)
{
	struct inode *inode = get_pipe_inode();
	struct file *r, *w;

	if (!inode)
		return -ENFILE;
	r = pipe_file(inode, &read_pipe_fops, FMODE_READ);
	w = r ? pipe_file(iget(inode), &write_pipe_fops, FMODE_WRITE) : NULL;
	fds[0] = get_unused_fd();
	if (fds[0] >= 0)
		fd_install(fds[0], r);
	fds[1] = get_unused_fd();
	if (!r || !w || fds[0] < 0 || fds[1] < 0) {
		if (fds[0] >= 0)
			current->files[fds[0]] = NULL;
		if (r)
			fput(r);	/* drops a reader and a reference */
		else
			iput(inode);
		if (w)
			fput(w);
		else if (r)
			iput(inode);
		return r && w ? -EMFILE : -ENFILE;
	}
	fd_install(fds[1], w);
	return 0;
}
