/*
 * string.c - the handful of <string.h> routines a freestanding kernel needs.
 * gcc may emit calls to memcpy/memset itself, so these names are fixed.
 */
#include "defs.h"

/*
 * String instructions, as Linux's i386 string.h: clearing or copying a page is one REP STOSL or
 * REP MOVSL of 1024 dwords instead of 4096 trips round a byte loop.
 */
void *memset(void *d, int c, size_t n)
{
	unsigned int fill = (unsigned char)c * 0x01010101u;
	int d0, d1;

	__asm__ volatile("rep stosl\n\t"
			 "mov %4, %%ecx\n\t"
			 "rep stosb"
			 : "=&c"(d0), "=&D"(d1)
			 : "a"(fill), "0"(n / 4), "g"(n % 4), "1"(d)
			 : "memory");
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	int d0, d1, d2;

	__asm__ volatile("rep movsl\n\t"
			 "mov %4, %%ecx\n\t"
			 "rep movsb"
			 : "=&c"(d0), "=&D"(d1), "=&S"(d2)
			 : "0"(n / 4), "g"(n % 4), "1"(d), "2"(s)
			 : "memory");
	return d;
}

/* Copies forwards or backwards so overlapping ranges come out right. */
void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp < sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

/* Copies at most size-1 bytes and always terminates, like BSD strlcpy. */
size_t strlcpy(char *d, const char *s, size_t size)
{
	size_t n = strlen(s);

	if (size) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(d, s, c);
		d[c] = '\0';
	}
	return n;
}
