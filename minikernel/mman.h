/*
 * mman.h - mmap()/mprotect() arguments as Linux i386 defines them
 * (asm-i386/mman.h) and the system calls mmap.c implements.
 */
#ifndef MMAN_H
#define MMAN_H

#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4

#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_TYPE	0x0f
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_GROWSDOWN	0x0100
#define MAP_DENYWRITE	0x0800
#define MAP_EXECUTABLE	0x1000

#define IS_ERR_VALUE(x)	((unsigned long)(x) > (unsigned long)-4096)

long sys_brk(unsigned long brk);
long sys_mmap2(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	       unsigned long fd, unsigned long pgoff);
long old_mmap(const void *arg);
long sys_munmap(unsigned long addr, size_t len);
long sys_mprotect(unsigned long start, size_t len, unsigned long prot);

#endif /* MMAN_H */
