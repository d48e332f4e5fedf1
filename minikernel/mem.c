/*
 * mem.c - the memory character devices (Linux drivers/char/mem.c) and the
 * character-device switch: major 1 minor 3 /dev/null (reads end of file,
 * writes vanish), 1:5 /dev/zero (reads zeros), 5:1 /dev/console (tty.c).
 * mem_devices_init() creates /dev and the three nodes unless the initramfs
 * already has them.
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"
#include "uaccess.h"

#define MKDEV(ma, mi)	(((ma) << 8) | (mi))
#define MEM_MAJOR	1
#define TTYAUX_MAJOR	5

static long null_read(struct file *f, char *ubuf, size_t count)
{
	(void)f, (void)ubuf, (void)count;
	return 0;
}

static long null_write(struct file *f, const char *ubuf, size_t count)
{
	(void)f, (void)ubuf;
	return (long)count;
}

static long zero_read(struct file *f, char *ubuf, size_t count)
{
	unsigned long left = clear_user(ubuf, count);

	(void)f;
	return left == count && count ? -EFAULT : (long)(count - left);
}

const struct file_operations null_fops = { .read = null_read, .write = null_write };
const struct file_operations zero_fops = { .read = zero_read, .write = null_write };

static const struct chrdev {
	unsigned int rdev;
	const char *name;
	const struct file_operations *fops;
} chrdevs[] = {
	{ MKDEV(MEM_MAJOR, 3), "null", &null_fops },
	{ MKDEV(MEM_MAJOR, 5), "zero", &zero_fops },
	{ MKDEV(TTYAUX_MAJOR, 1), "console", &tty_fops },
};

/* The open method of every character-device inode: picks the driver by number. */
int chrdev_open(struct inode *inode, struct file *file)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(chrdevs); i++) {
		if (chrdevs[i].rdev == inode->i_rdev) {
			file->f_op = chrdevs[i].fops;
			return 0;
		}
	}
	return -ENXIO;
}

static const struct file_operations def_chr_fops = { .open = chrdev_open };

/* Makes inode a character device node (cpio.c and mem_devices_init). */
void init_special_inode(struct inode *inode, unsigned int rdev)
{
	inode->i_rdev = rdev;
	inode->i_fop = &def_chr_fops;
}

void mem_devices_init(void)
{
	struct inode *dev = namei("/dev", &(int){ 0 }), *node;
	size_t i;
	int err;

	if (!dev) {
		dev = ramfs_create(root_inode, "dev", 3, S_IFDIR | MODE_RWXR_XR_X, &err);
		if (!dev)
			panic("mem_devices_init: cannot create /dev (%d)", err);
	}
	for (i = 0; i < ARRAY_SIZE(chrdevs); i++) {
		node = ramfs_create(dev, chrdevs[i].name, strlen(chrdevs[i].name),
				    S_IFCHR | MODE_RW_RW_RW_, &err);
		if (node) {
			init_special_inode(node, chrdevs[i].rdev);
			iput(node);
		}
	}
	iput(dev);
}
