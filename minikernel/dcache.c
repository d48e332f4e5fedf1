/*
 * dcache.c - names of inodes: the path of an inode, found by walking its
 * i_parent chain (Linux's d_path over dentries), for getcwd(2) and the file
 * names in /proc/<pid>/maps.  A file no longer in any directory gets
 * " (deleted)" appended, as Linux prints it.
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"
#include "uaccess.h"

/* Writes inode's absolute path into buf; returns its length or -ENAMETOOLONG. */
int vfs_path(const struct inode *inode, char *buf, size_t size)
{
	const struct inode *i;
	size_t len = 0, n;
	int deleted = !inode->i_nlink && inode->i_fop == &ramfs_file_operations;

	for (i = inode; i && i->i_parent; i = i->i_parent)
		len += 1 + strlen(i->i_name);
	n = len ? len : 1;
	if (n + (deleted ? 10 : 0) + 1 > size)
		return -ENAMETOOLONG;
	buf[0] = '/';
	buf[n] = '\0';
	for (i = inode; i && i->i_parent; i = i->i_parent) {
		size_t l = strlen(i->i_name);

		len -= l;
		memcpy(buf + len, i->i_name, l);
		buf[--len] = '/';
	}
	if (deleted)
		strlcpy(buf + n, " (deleted)", size - n);
	return (int)strlen(buf);
}

long sys_getcwd(char *ubuf, unsigned long size)
{
	char path[256];
	int len = vfs_path(current->cwd ? current->cwd : root_inode, path, sizeof(path));

	if (len < 0)
		return len;
	if ((unsigned long)len + 1 > size)
		return -ERANGE;
	if (copy_to_user(ubuf, path, (unsigned long)len + 1))
		return -EFAULT;
	return len + 1;
}
