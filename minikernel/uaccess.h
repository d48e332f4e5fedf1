/*
 * uaccess.h - moving data across the user/kernel boundary (Linux 2.4
 * <asm-i386/uaccess.h>).  access_ok() refuses ranges that reach TASK_SIZE;
 * the copy itself may fault on an unmapped or protected user page: the fault
 * handler first tries to fix the page (demand paging, COW, stack growth) and
 * otherwise resumes at the instruction's __ex_table fixup, so a bad user
 * pointer becomes -EFAULT, never an oops.
 */
#ifndef UACCESS_H
#define UACCESS_H

#include <stddef.h>
#include "mm.h"

static inline int access_ok(const void *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	return size <= TASK_SIZE && a <= TASK_SIZE - size;
}

/* uaccess.c: each returns the number of bytes NOT copied (0 on success). */
unsigned long copy_to_user(void *to, const void *from, unsigned long n);
unsigned long copy_from_user(void *to, const void *from, unsigned long n);
unsigned long clear_user(void *to, unsigned long n);
/* Copies a string of at most count-1 bytes plus NUL; returns its length, -EFAULT or -ENAMETOOLONG. */
long strncpy_from_user(char *dst, const char *src, long count);
int get_user_u32(uint32_t *val, const void *uaddr);
int put_user_u32(uint32_t val, void *uaddr);

#endif /* UACCESS_H */
