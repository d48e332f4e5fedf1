/*
 * proc_fs.c - /proc as a file system (Linux 2.4 fs/proc/root.c, base.c):
 * the directory /proc of the ramfs gets lookup and readdir methods that make
 * inodes on the fly: the files of proc.c (meminfo, slabinfo, ...), one
 * directory per pid holding "maps" and "status" (proc_pid.c), and "self",
 * the caller's own pid directory (a directory here, a symbolic link in
 * Linux).  Opening a file generates its whole text into a buffer
 * (seq_file-like), so later reads see one consistent snapshot.
 * i_private: pid directories the pid; their files pid << 8 | PROC_PID_*;
 * proc.c's files -(index + 1).
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"
#include "slab.h"
#include "uaccess.h"

#define PROC_BUF_SIZE	(4 * PAGE_SIZE)
#define PROC_ROOT_INO	1
#define PROC_PID_MAPS	1
#define PROC_PID_STATUS	2

const char *proc_root_name(unsigned int i);
static int proc_file_open(struct inode *inode, struct file *file);
static long proc_file_read(struct file *file, char *ubuf, size_t count);
static void proc_file_release(struct inode *inode, struct file *file);

static const struct file_operations proc_file_operations = {
	.open = proc_file_open,
	.read = proc_file_read,
	.release = proc_file_release,
};

static const struct file_operations proc_dir_operations = { 0 };
static const char *const pid_entries[] = { [PROC_PID_MAPS] = "maps", [PROC_PID_STATUS] = "status" };

/* A transient inode named name under dir (which it references). */
static struct inode *proc_inode(struct inode *dir, const char *name, unsigned int mode, long priv)
{
	struct inode *inode = new_inode(mode);

	if (!inode)
		return NULL;
	strlcpy(inode->i_name, name, sizeof(inode->i_name));
	inode->i_parent = iget(dir);
	inode->i_private = priv;
	inode->i_fop = S_ISDIR(mode) ? &proc_dir_operations : &proc_file_operations;
	return inode;
}

static struct inode *proc_pid_lookup(struct inode *dir, const char *name, size_t len)
{
	unsigned int i;

	for (i = 1; i < ARRAY_SIZE(pid_entries); i++)
		if (strlen(pid_entries[i]) == len && !memcmp(pid_entries[i], name, len))
			return proc_inode(dir, pid_entries[i], S_IFREG | MODE_R__R__R__,
					  dir->i_private << 8 | i);
	return NULL;
}

static unsigned long proc_pid_readdir(struct inode *dir, unsigned long pos, filldir_t filldir,
				      void *buf)
{
	for (; pos + 1 < ARRAY_SIZE(pid_entries); pos++)
		if (filldir(buf, pid_entries[pos + 1], strlen(pid_entries[pos + 1]),
			    dir->i_ino, DT_REG))
			break;
	return pos;
}

static const struct inode_operations proc_pid_inode_operations = {
	.lookup = proc_pid_lookup,
	.readdir = proc_pid_readdir,
};

static struct inode *proc_pid_dir(struct inode *dir, int pid)
{
	char name[12];
	struct inode *inode;

	if (pid <= 0 || !find_task_by_pid(pid))
		return NULL;
	snprintf(name, sizeof(name), "%d", pid);
	inode = proc_inode(dir, name, S_IFDIR | MODE_R_XR_XR_X, pid);
	if (inode)
		inode->i_op = &proc_pid_inode_operations;
	return inode;
}

static int parse_pid(const char *name, size_t len)
{
	int pid = 0;
	size_t i;

	if (!len || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		pid = pid * 10 + (name[i] - '0');
	}
	return pid;
}

static struct inode *proc_root_lookup(struct inode *dir, const char *name, size_t len)
{
	const char *n;
	unsigned int i;

	if (len == 4 && !memcmp(name, "self", 4))
		return proc_pid_dir(dir, current->pid);
	for (i = 0; (n = proc_root_name(i)); i++)
		if (strlen(n) == len && !memcmp(n, name, len))
			return proc_inode(dir, n, S_IFREG | MODE_R__R__R__, -(long)i - 1);
	return proc_pid_dir(dir, parse_pid(name, len));
}

/* Positions: proc.c's files, "self", then one per live pid in creation order. */
static unsigned long proc_root_readdir(struct inode *dir, unsigned long pos, filldir_t filldir,
				       void *buf)
{
	unsigned long n = 0;
	const char *name;
	struct list_head *l;
	char num[12];

	for (; (name = proc_root_name(n)); n++)
		if (n >= pos && filldir(buf, name, strlen(name), dir->i_ino, DT_REG))
			return n;
	if (n++ >= pos && filldir(buf, "self", 4, dir->i_ino, DT_DIR))
		return n - 1;
	list_for_each(l, &task_list) {
		struct task_struct *p = list_entry(l, struct task_struct, tasks);

		if (!p->pid)
			continue;
		snprintf(num, sizeof(num), "%d", p->pid);
		if (n++ >= pos && filldir(buf, num, strlen(num), dir->i_ino, DT_DIR))
			return n - 1;
	}
	return n;
}

const struct inode_operations proc_root_inode_operations = {
	.lookup = proc_root_lookup,
	.readdir = proc_root_readdir,
};

/* Fills m with the text of the file inode stands for; -ENOENT if its process is gone. */
static int proc_generate(struct inode *inode, struct seq_file *m)
{
	long priv = inode->i_private;
	struct task_struct *task;

	if (priv < 0)
		return proc_root_show(proc_root_name((unsigned int)(-priv - 1)), m) ? -ENOENT : 0;
	task = find_task_by_pid((int)(priv >> 8));
	if (!task)
		return -ENOENT;
	if ((priv & 0xFF) == PROC_PID_MAPS)
		proc_pid_maps(m, task);
	else
		proc_pid_status(m, task);
	return 0;
}

static int proc_file_open(struct inode *inode, struct file *file)
{
	struct seq_file m;
	int err;

	if (file->f_mode & FMODE_WRITE)
		return -EACCES;
	m.buf = kmalloc(PROC_BUF_SIZE, GFP_KERNEL);
	m.size = PROC_BUF_SIZE;
	m.count = 0;
	if (!m.buf)
		return -ENOMEM;
	err = proc_generate(inode, &m);
	if (err) {
		kfree(m.buf);
		return err;
	}
	file->private_data = m.buf;
	file->private_size = m.count;
	return 0;
}

static long proc_file_read(struct file *file, char *ubuf, size_t count)
{
	size_t n;

	if (file->f_pos >= file->private_size)
		return 0;
	n = file->private_size - file->f_pos;
	if (n > count)
		n = count;
	if (copy_to_user(ubuf, (char *)file->private_data + file->f_pos, n))
		return -EFAULT;
	file->f_pos += n;
	return (long)n;
}

static void proc_file_release(struct inode *inode, struct file *file)
{
	(void)inode;
	kfree(file->private_data);
}

void proc_root_init(void)
{
	int err;
	struct inode *proc = ramfs_create(root_inode, "proc", 4, S_IFDIR | MODE_R_XR_XR_X, &err);

	if (!proc) {
		proc = namei("/proc", &err);
		if (!proc)
			panic("proc_root_init: cannot create /proc (%d)", err);
	}
	proc->i_op = &proc_root_inode_operations;
	proc->i_fop = &proc_dir_operations;
	iput(proc);
}
