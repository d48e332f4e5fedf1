/*
 * libc.h - the guest programs' tiny freestanding C library: Linux i386
 * system-call wrappers (they return the kernel's raw result: a value, or
 * -errno), a printf subset (d i u x X p s c %, flags '-' '0', width, 'l'),
 * string functions and malloc over brk.
 */
#ifndef LIBC_H
#define LIBC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define NULL_FD		(-1)
#define O_RDONLY	0x0
#define O_WRONLY	0x1
#define O_RDWR		0x2
#define O_CREAT		0x40
#define O_TRUNC		0x200
#define O_APPEND	0x400
#define O_DIRECTORY	0x10000
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_FAILED_P(p)	((unsigned long)(p) > (unsigned long)-4096)

#define WNOHANG		1
#define WIFEXITED(s)	(((s) & 0x7f) == 0)
#define WEXITSTATUS(s)	(((s) >> 8) & 0xff)
#define WIFSIGNALED(s)	(((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define WTERMSIG(s)	((s) & 0x7f)

#define SIGINT		2
#define SIGILL		4
#define SIGTRAP		5
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGSEGV		11
#define SIGPIPE		13
#define SIGTERM		15

#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EBADF		9
#define ECHILD		10
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define EEXIST		17
#define ENOTDIR		20
#define EISDIR		21
#define EINVAL		22
#define ESPIPE		29
#define EPIPE		32
#define ERANGE		34
#define ENOSYS		38

#define PAGE_SIZE	4096

struct timespec {
	long tv_sec, tv_nsec;
};

struct stat64 {
	unsigned long long st_dev;
	unsigned char __pad0[4];
	unsigned long __st_ino;
	unsigned int st_mode, st_nlink;
	unsigned long st_uid, st_gid;
	unsigned long long st_rdev;
	unsigned char __pad3[4];
	long long st_size;
	unsigned long st_blksize;
	unsigned long long st_blocks;
	unsigned long st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	unsigned long long st_ino;
} __attribute__((packed));

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
} __attribute__((packed));

extern char **environ;

/* crt0.S */
long __syscall6(long nr, long a, long b, long c, long d, long e, long f);
#define syscall0(n)		__syscall6(n, 0, 0, 0, 0, 0, 0)
#define syscall1(n, a)		__syscall6(n, (long)(a), 0, 0, 0, 0, 0)
#define syscall2(n, a, b)	__syscall6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define syscall3(n, a, b, c)	__syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

/* syscalls.c */
void exit(int code) __attribute__((noreturn));
int fork(void);
long read(int fd, void *buf, size_t n);
long write(int fd, const void *buf, size_t n);
int open(const char *path, int flags, ...);
int close(int fd);
int waitpid(int pid, int *status, int options);
int wait4(int pid, int *status, int options, void *rusage);
int unlink(const char *path);
int execve(const char *path, char *const argv[], char *const envp[]);
int chdir(const char *path);
long lseek(int fd, long off, int whence);
int getpid(void);
int getppid(void);
int kill(int pid, int sig);
int mkdir(const char *path, int mode);
int dup(int fd);
int dup2(int oldfd, int newfd);
int pipe(int fds[2]);
long brk(void *addr);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
void *mmap2(void *addr, size_t len, int prot, int flags, int fd, long pgoff);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
int nanosleep(const struct timespec *req, struct timespec *rem);
long getcwd(char *buf, size_t size);
int stat64(const char *path, struct stat64 *st);
int fstat64(int fd, struct stat64 *st);
long getdents64(int fd, void *buf, size_t count);
int uname(void *buf);

/* string.c */
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *d, const char *s);
char *strchr(const char *s, int c);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
long atol(const char *s);

/* stdio.c */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int puts(const char *s);
long cat_file(const char *path);

/* malloc.c */
void *malloc(size_t n);
void free(void *p);
void *sbrk(long inc);

#endif /* LIBC_H */
