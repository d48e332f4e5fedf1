/*
 * cpio.c - unpacks the initramfs (Linux 2.6 init/initramfs.c): Multiboot
 * module 0 (QEMU's -initrd) holds a "newc" cpio archive (070701 headers:
 * 13 fields of 8 hex digits, the name, both padded to 4 bytes; the data,
 * padded to 4; "TRAILER!!!" last).  Directories, regular files and
 * character devices are created in the ramfs; other types are skipped
 * with a message.  The module's frames go back to the buddy allocator
 * afterwards ("Freeing initrd memory"), as Linux's free_initrd_mem().
 */
#include "defs.h"
#include "fs.h"
#include "mm.h"

#define CPIO_HDR_LEN	110
#define CPIO_ALIGN(x)	(((x) + 3) & ~3UL)

enum { C_INO, C_MODE, C_UID, C_GID, C_NLINK, C_MTIME, C_FILESIZE, C_MAJ, C_MIN,
       C_RMAJ, C_RMIN, C_NAMESIZE, C_CHKSUM, C_NFIELDS };

static int parse_header(const char *h, unsigned long *f)
{
	int i, j;

	if (memcmp(h, "070701", 6))
		return -EINVAL;
	for (i = 0; i < C_NFIELDS; i++) {
		unsigned long v = 0;

		for (j = 0; j < 8; j++) {
			char c = h[6 + i * 8 + j];
			int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
				c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

			if (d < 0)
				return -EINVAL;
			v = v << 4 | (unsigned long)d;
		}
		f[i] = v;
	}
	return 0;
}

/* Creates one archive member; returns 0 or -errno. */
static int do_name(const char *name, const unsigned long *f, const char *data)
{
	const char *last;
	size_t len;
	int err;
	struct inode *dir = lookup_parent(name, &last, &len, &err), *inode;
	unsigned int mode = (unsigned int)f[C_MODE];

	if (!dir)
		return err == -EEXIST ? 0 : err;	/* "." */
	if (!S_ISDIR(mode) && !S_ISREG(mode) && !S_ISCHR(mode)) {
		printk("initramfs: %s: file type %05x skipped\n", name, mode & S_IFMT);
		iput(dir);
		return 0;
	}
	inode = ramfs_create(dir, last, len, mode, &err);
	iput(dir);
	if (!inode)
		return err == -EEXIST && S_ISDIR(mode) ? 0 : err;
	if (S_ISCHR(mode))
		init_special_inode(inode, (unsigned int)(f[C_RMAJ] << 8 | f[C_RMIN]));
	if (S_ISREG(mode) && f[C_FILESIZE] &&
	    ramfs_kernel_write(inode, 0, data, f[C_FILESIZE]) != (long)f[C_FILESIZE])
		err = -ENOMEM;
	iput(inode);
	return err;
}

static int unpack_to_rootfs(const char *buf, unsigned long len)
{
	unsigned long pos = 0, f[C_NFIELDS];
	char name[256];

	while (pos + CPIO_HDR_LEN <= len) {
		const char *n = buf + pos + CPIO_HDR_LEN;
		unsigned long data;
		int err;

		if (parse_header(buf + pos, f) || !f[C_NAMESIZE] || f[C_NAMESIZE] > sizeof(name))
			return -EINVAL;
		data = CPIO_ALIGN(pos + CPIO_HDR_LEN + f[C_NAMESIZE]);
		if (data + f[C_FILESIZE] > len)
			return -EINVAL;
		memcpy(name, n, f[C_NAMESIZE]);
		name[f[C_NAMESIZE] - 1] = '\0';
		if (!strcmp(name, "TRAILER!!!"))
			return 0;
		err = do_name(name, f, buf + data);
		if (err)
			return err;
		pos = CPIO_ALIGN(data + f[C_FILESIZE]);
	}
	return -EINVAL;
}

static void free_initrd_mem(unsigned long start, unsigned long end)
{
	unsigned long pfn;

	for (pfn = PAGE_ALIGN(start) >> PAGE_SHIFT; pfn < end >> PAGE_SHIFT; pfn++) {
		ClearPageReserved(&mem_map[pfn]);
		set_page_count(&mem_map[pfn], 1);
		__free_page(&mem_map[pfn]);
		totalram_pages++;
	}
	printk("Freeing initrd memory: %luk freed\n",
	       ((end >> PAGE_SHIFT) - (PAGE_ALIGN(start) >> PAGE_SHIFT)) << (PAGE_SHIFT - 10));
}

/* 1 if an initramfs was unpacked, 0 if there is none; panics on a broken one. */
int populate_rootfs(void)
{
	unsigned long start, end;
	int err;

	if (!nr_boot_modules)
		return 0;
	start = boot_modules[0].start;
	end = boot_modules[0].end;
	if (end > (unsigned long)__pa(high_memory) || end < start)
		panic("populate_rootfs: initrd %08lx-%08lx outside lowmem", start, end);
	printk("Unpacking initramfs...\n");
	err = unpack_to_rootfs(__va(start), end - start);
	if (err)
		panic("populate_rootfs: broken initramfs (%d)", err);
	free_initrd_mem(start, end);
	return 1;
}
