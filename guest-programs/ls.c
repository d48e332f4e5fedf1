/*
 * ls.c - /bin/ls: lists each directory named (default ".") with getdents64,
 * one entry per line: the type letter (d directory, c character device,
 * - file), the size from stat64, and the name.
 */
#include "libc.h"

static int list(const char *dir)
{
	char buf[1024], path[256];
	long n, off;
	int fd = open(dir, O_RDONLY | O_DIRECTORY, 0);

	if (fd < 0) {
		printf("ls: %s: error %d\n", dir, -fd);
		return 1;
	}
	while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			struct stat64 st;
			char type = d->d_type == 4 ? 'd' : d->d_type == 2 ? 'c' : '-';

			snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
			if (stat64(path, &st) < 0)
				st.st_size = 0;
			printf("%c %8ld %s\n", type, (long)st.st_size, d->d_name);
			off += d->d_reclen;
		}
	}
	close(fd);
	return n < 0;
}

int main(int argc, char **argv)
{
	int i, bad = 0;

	if (argc < 2)
		return list(".");
	for (i = 1; i < argc; i++)
		bad |= list(argv[i]);
	return bad;
}
