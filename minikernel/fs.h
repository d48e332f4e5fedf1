/*
 * fs.h - a minimal VFS (the shape of Linux 2.4 <linux/fs.h>): inodes, open
 * files, file and inode operations.  There are no dentries: every inode of
 * the tree knows its name and parent, which is enough for lookup, getdents
 * and getcwd and rules out hard links (there is no link() anyway).
 *
 *   ramfs.c    the root file system: directories, regular files whose data
 *              lives in pages (shared with MAP_SHARED mappings), unpacked
 *              from the initramfs by cpio.c
 *   namei.c    path walk; vfs.c the file-descriptor system calls
 *   proc_fs.c  /proc (meminfo ... from proc.c, <pid>/maps and status from
 *              proc_pid.c, self); pipe.c; tty.c /dev/console; mem.c null, zero
 */
#ifndef FS_H
#define FS_H

#include <stddef.h>
#include <stdint.h>
#include "list.h"

struct vm_area_struct;
struct page;
struct task_struct;

#define NAME_MAX	255
#define PATH_MAX	4096

/* st_mode file types and permission bits (octal-free spellings of Linux's values). */
#define S_IFMT		0xF000
#define S_IFSOCK	0xC000
#define S_IFLNK		0xA000
#define S_IFREG		0x8000
#define S_IFDIR		0x4000
#define S_IFCHR		0x2000
#define S_IFIFO		0x1000
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define MODE_RWXR_XR_X	0x1ED	/* 0755 */
#define MODE_RW_R__R__	0x1A4	/* 0644 */
#define MODE_R__R__R__	0x124	/* 0444 */
#define MODE_RW_RW_RW_	0x1B6	/* 0666 */
#define MODE_RW_______	0x180	/* 0600 */
#define MODE_R_XR_XR_X	0x16D	/* 0555 */
#define S_IXUGO		0x49	/* 0111: execute for anyone */

/* open() flags (asm-i386/fcntl.h, octal 01, 02, 0100, 0200, 01000, 02000, 0200000). */
#define O_ACCMODE	0x3
#define O_RDONLY	0x0
#define O_WRONLY	0x1
#define O_RDWR		0x2
#define O_CREAT		0x40
#define O_EXCL		0x80
#define O_TRUNC		0x200
#define O_APPEND	0x400
#define O_DIRECTORY	0x10000

#define FMODE_READ	1
#define FMODE_WRITE	2

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

/* d_type values of getdents64 */
#define DT_CHR		2
#define DT_DIR		4
#define DT_REG		8

struct inode;
struct file;

/* filldir: returns non-zero when the caller's buffer is full. */
typedef int (*filldir_t)(void *buf, const char *name, size_t len, unsigned long ino,
			 unsigned int type);

struct inode_operations {
	struct inode *(*lookup)(struct inode *dir, const char *name, size_t len);
	/* Lists entry number pos onwards; returns the next position. */
	unsigned long (*readdir)(struct inode *dir, unsigned long pos, filldir_t filldir, void *buf);
};

struct file_operations {
	int (*open)(struct inode *inode, struct file *file);
	long (*read)(struct file *file, char *ubuf, size_t count);
	long (*write)(struct file *file, const char *ubuf, size_t count);
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
	void (*release)(struct inode *inode, struct file *file);
};

struct inode {
	unsigned long i_ino;
	unsigned int i_mode;
	unsigned long i_size;
	int i_count;			/* references: files, cwd, lookups in progress */
	int i_nlink;			/* 1 while named in a directory */
	unsigned int i_rdev;		/* character devices: (major << 8) | minor */
	struct inode *i_parent;		/* the directory holding it (referenced) */
	char i_name[NAME_MAX + 1];
	struct list_head i_children;	/* directories: entries, in creation order */
	struct list_head i_sibling;
	struct page **i_pages;		/* ramfs data, one page per file page */
	unsigned long i_npages;		/* slots in i_pages */
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	long i_private;			/* proc: pid or file kind; pipes: struct pipe * */
	void (*i_destroy)(struct inode *inode);
};

struct file {
	const struct file_operations *f_op;
	struct inode *f_inode;
	unsigned long f_pos;
	unsigned int f_flags;		/* open() flags */
	unsigned int f_mode;		/* FMODE_READ | FMODE_WRITE */
	int f_count;
	void *private_data;
	size_t private_size;
};

extern struct inode *root_inode;

static inline void get_file(struct file *f) { f->f_count++; }

/* vfs.c */
void vfs_init(void);
struct file *get_empty_filp(void);
void fput(struct file *f);
struct file *fget(int fd);
int get_unused_fd(void);
void fd_install(int fd, struct file *f);
struct file *filp_open(const char *path, unsigned int flags, unsigned int mode, int *err);
int vfs_path(const struct inode *inode, char *buf, size_t size);

/* namei.c */
struct inode *iget(struct inode *inode);
void iput(struct inode *inode);
struct inode *new_inode(unsigned int mode);
struct inode *namei(const char *path, int *err);
struct inode *lookup_parent(const char *path, const char **last, size_t *len, int *err);
int permission_dir(struct inode *inode);

/* ramfs.c */
extern const struct inode_operations ramfs_dir_inode_operations;
extern const struct file_operations ramfs_file_operations;
int ramfs_init(void);
struct inode *ramfs_create(struct inode *dir, const char *name, size_t len, unsigned int mode,
			   int *err);
int ramfs_unlink(struct inode *dir, const char *name, size_t len);
long ramfs_kernel_write(struct inode *inode, unsigned long pos, const void *buf, size_t count);
long ramfs_kernel_read(struct inode *inode, unsigned long pos, void *buf, size_t count);
int ramfs_truncate(struct inode *inode, unsigned long size);
struct file *shmem_file_setup(unsigned long size);

/* cpio.c */
int populate_rootfs(void);

/* pipe.c */
int do_pipe(int *fds);

/* tty.c, mem.c: character devices */
extern const struct file_operations tty_fops, null_fops, zero_fops;
void tty_init(void);
int chrdev_open(struct inode *inode, struct file *file);
void mem_devices_init(void);
void init_special_inode(struct inode *inode, unsigned int rdev);

/* proc_fs.c, proc_pid.c */
extern const struct inode_operations proc_root_inode_operations;
void proc_root_init(void);
struct seq_file;
void proc_pid_maps(struct seq_file *m, struct task_struct *task);
void proc_pid_status(struct seq_file *m, struct task_struct *task);
int proc_root_show(const char *name, struct seq_file *m);
void seq_printf(struct seq_file *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct seq_file {
	char *buf;
	size_t size, count;
};

#endif /* FS_H */
