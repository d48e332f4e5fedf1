/*
 * namei.c - inodes' lifetime and the path walk (Linux 2.4 fs/inode.c and
 * fs/namei.c, much reduced).  An inode lives while it is named in a
 * directory (i_nlink) or referenced (i_count: open files, working
 * directories, walks in progress, children's i_parent); /proc's inodes are
 * transient and go with their last reference.  The walk starts at the root
 * or the working directory and resolves "." and ".." itself; everything else
 * is the directory's lookup method.  There are no symbolic links.
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"
#include "slab.h"

static kmem_cache_t *inode_cachep;
static unsigned long last_ino;
struct inode *root_inode;

void inode_init(void)
{
	inode_cachep = kmem_cache_create("inode_cache", sizeof(struct inode), 0,
					 SLAB_HWCACHE_ALIGN, NULL, NULL);
	if (!inode_cachep)
		panic("inode_init: cannot create inode_cache");
}

struct inode *new_inode(unsigned int mode)
{
	struct inode *inode = kmem_cache_alloc(inode_cachep, GFP_KERNEL);

	if (!inode)
		return NULL;
	memset(inode, 0, sizeof(*inode));
	inode->i_ino = ++last_ino;
	inode->i_mode = mode;
	inode->i_count = 1;
	INIT_LIST_HEAD(&inode->i_children);
	INIT_LIST_HEAD(&inode->i_sibling);
	return inode;
}

struct inode *iget(struct inode *inode)
{
	inode->i_count++;
	return inode;
}

void iput(struct inode *inode)
{
	struct inode *parent;

	BUG_ON(inode->i_count <= 0);
	if (--inode->i_count || inode->i_nlink)
		return;
	if (inode->i_destroy)
		inode->i_destroy(inode);
	ramfs_truncate(inode, 0);
	kfree(inode->i_pages);
	parent = inode->i_parent;
	kmem_cache_free(inode_cachep, inode);
	if (parent)
		iput(parent);
}

/* One step of the walk: dir's entry name[0..len), referenced, or NULL. */
static struct inode *lookup_one(struct inode *dir, const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return iget(dir);
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return iget(dir->i_parent ? dir->i_parent : dir);
	if (!dir->i_op || !dir->i_op->lookup)
		return NULL;
	return dir->i_op->lookup(dir, name, len);
}

static struct inode *walk_start(const char *path)
{
	if (path[0] == '/' || !current->cwd)
		return iget(root_inode);
	return iget(current->cwd);
}

/* Walks every component of path up to (not including) stop; returns the inode reached. */
static struct inode *walk(const char *path, const char *stop, int *err)
{
	struct inode *dir = walk_start(path);

	while (path < stop) {
		const char *name;
		struct inode *next;
		size_t len;

		while (path < stop && *path == '/')
			path++;
		if (path == stop)
			break;
		for (name = path; path < stop && *path != '/'; path++)
			;
		len = (size_t)(path - name);
		*err = len > NAME_MAX ? -ENAMETOOLONG : !S_ISDIR(dir->i_mode) ? -ENOTDIR : -ENOENT;
		next = *err == -ENOENT ? lookup_one(dir, name, len) : NULL;
		iput(dir);
		if (!next)
			return NULL;
		dir = next;
	}
	return dir;
}

/* The inode path names, referenced; NULL with *err = -ENOENT, -ENOTDIR, ... */
struct inode *namei(const char *path, int *err)
{
	if (!*path) {
		*err = -ENOENT;
		return NULL;
	}
	return walk(path, path + strlen(path), err);
}

/*
 * The directory holding path's last component (referenced); *last and *len
 * name that component.  "/" and paths ending in "." or ".." have none: -EEXIST.
 */
struct inode *lookup_parent(const char *path, const char **last, size_t *len, int *err)
{
	const char *end = path + strlen(path), *p;
	struct inode *dir;

	while (end > path && end[-1] == '/')
		end--;
	for (p = end; p > path && p[-1] != '/'; p--)
		;
	*last = p;
	*len = (size_t)(end - p);
	if (!*path) {
		*err = -ENOENT;
		return NULL;
	}
	if (!*len || (*len == 1 && p[0] == '.') || (*len == 2 && p[0] == '.' && p[1] == '.')) {
		*err = -EEXIST;
		return NULL;
	}
	if (*len > NAME_MAX) {
		*err = -ENAMETOOLONG;
		return NULL;
	}
	dir = walk(path, p, err);
	if (dir && !S_ISDIR(dir->i_mode)) {
		iput(dir);
		*err = -ENOTDIR;
		return NULL;
	}
	return dir;
}

struct inode *user_lookup_parent(const char *upath, char **kpath, const char **last, size_t *len,
				 int *err);

long sys_mkdir(const char *upath, unsigned long mode)
{
	char *path;
	const char *last;
	size_t len;
	int err;
	struct inode *dir = user_lookup_parent(upath, &path, &last, &len, &err), *inode;

	if (!dir)
		return err;
	if (dir->i_op != &ramfs_dir_inode_operations) {
		err = -EPERM;
	} else {
		inode = ramfs_create(dir, last, len, S_IFDIR | (unsigned int)(mode & 0xFFF), &err);
		if (inode)
			iput(inode);
	}
	iput(dir);
	kfree(path);
	return err;
}

long sys_unlink(const char *upath)
{
	char *path;
	const char *last;
	size_t len;
	int err;
	struct inode *dir = user_lookup_parent(upath, &path, &last, &len, &err);

	if (!dir)
		return err == -EEXIST ? -EISDIR : err;
	err = dir->i_op == &ramfs_dir_inode_operations ? ramfs_unlink(dir, last, len) : -EPERM;
	iput(dir);
	kfree(path);
	return err;
}
