/*
 * uaccess.c - the user-copy primitives.  Each one is a REP MOVSB/STOSB (or a
 * byte loop) whose faulting instruction is listed in __ex_table: when
 * do_page_fault() cannot make the user page accessible it resumes at the
 * fixup with ECX still counting the bytes left, which is what Linux's
 * __copy_user returns.
 */
#include "defs.h"
#include "uaccess.h"

static unsigned long __copy_user(void *to, const void *from, unsigned long n)
{
	__asm__ volatile(
		"1:	rep movsb\n"
		"2:\n"
		"	.section __ex_table, \"a\"\n"
		"	.align 4\n"
		"	.long 1b, 2b\n"
		"	.previous\n"
		: "+c"(n), "+D"(to), "+S"(from) : : "memory");
	return n;
}

unsigned long copy_to_user(void *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return __copy_user(to, from, n);
}

unsigned long copy_from_user(void *to, const void *from, unsigned long n)
{
	unsigned long left;

	if (!access_ok(from, n)) {
		memset(to, 0, n);
		return n;
	}
	left = __copy_user(to, from, n);
	if (left)		/* Linux zeroes the rest so no kernel data leaks */
		memset((char *)to + (n - left), 0, left);
	return left;
}

unsigned long clear_user(void *to, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	__asm__ volatile(
		"1:	rep stosb\n"
		"2:\n"
		"	.section __ex_table, \"a\"\n"
		"	.align 4\n"
		"	.long 1b, 2b\n"
		"	.previous\n"
		: "+c"(n), "+D"(to) : "a"(0) : "memory");
	return n;
}

long strncpy_from_user(char *dst, const char *src, long count)
{
	long i;

	for (i = 0; i < count; i++) {
		unsigned char c;

		if ((unsigned long)(src + i) >= TASK_SIZE || probe_kernel_read(src + i, &c))
			return -EFAULT;
		dst[i] = (char)c;
		if (!c)
			return i;
	}
	if (count)
		dst[count - 1] = '\0';
	return -ENAMETOOLONG;
}

int get_user_u32(uint32_t *val, const void *uaddr)
{
	return copy_from_user(val, uaddr, sizeof(*val)) ? -EFAULT : 0;
}

int put_user_u32(uint32_t val, void *uaddr)
{
	return copy_to_user(uaddr, &val, sizeof(val)) ? -EFAULT : 0;
}
