/* cat.c - /bin/cat: copies each named file to stdout, under a "==> NAME <==" header. */
#include "libc.h"

int main(int argc, char **argv)
{
	int i, bad = 0;

	for (i = 1; i < argc; i++) {
		long n;

		printf("==> %s <==\n", argv[i]);
		n = cat_file(argv[i]);
		if (n < 0) {
			printf("cat: %s: error %ld\n", argv[i], -n);
			bad = 1;
		}
	}
	return bad;
}
