/*
 * syscalls.c - one wrapper per Linux i386 system call the programs use
 * (numbers from asm-i386/unistd.h).  No errno: the raw result comes back.
 */
#include "libc.h"

void exit(int code)
{
	for (;;)
		syscall1(1, code);
}

int fork(void) { return (int)syscall0(2); }
long read(int fd, void *buf, size_t n) { return syscall3(3, fd, buf, n); }
long write(int fd, const void *buf, size_t n) { return syscall3(4, fd, buf, n); }

int open(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = va_arg(ap, int);
	va_end(ap);
	return (int)syscall3(5, path, flags, mode);
}

int close(int fd) { return (int)syscall1(6, fd); }
int waitpid(int pid, int *status, int options) { return (int)syscall3(7, pid, status, options); }
int wait4(int pid, int *status, int options, void *rusage)
{
	return (int)__syscall6(114, pid, (long)status, options, (long)rusage, 0, 0);
}
int unlink(const char *path) { return (int)syscall1(10, path); }
int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)syscall3(11, path, argv, envp);
}
int chdir(const char *path) { return (int)syscall1(12, path); }
long lseek(int fd, long off, int whence) { return syscall3(19, fd, off, whence); }
int getpid(void) { return (int)syscall0(20); }
int kill(int pid, int sig) { return (int)syscall2(37, pid, sig); }
int mkdir(const char *path, int mode) { return (int)syscall2(39, path, mode); }
int dup(int fd) { return (int)syscall1(41, fd); }
int pipe(int fds[2]) { return (int)syscall1(42, fds); }
long brk(void *addr) { return syscall1(45, addr); }
int dup2(int oldfd, int newfd) { return (int)syscall2(63, oldfd, newfd); }
int getppid(void) { return (int)syscall0(64); }

void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	long args[6] = { (long)addr, (long)len, prot, flags, fd, off };

	return (void *)syscall1(90, args);
}

int munmap(void *addr, size_t len) { return (int)syscall2(91, addr, len); }
int uname(void *buf) { return (int)syscall1(122, buf); }
int mprotect(void *addr, size_t len, int prot) { return (int)syscall3(125, addr, len, prot); }
int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)syscall2(162, req, rem);
}
long getcwd(char *buf, size_t size) { return syscall2(183, buf, size); }

void *mmap2(void *addr, size_t len, int prot, int flags, int fd, long pgoff)
{
	return (void *)__syscall6(192, (long)addr, (long)len, prot, flags, fd, pgoff);
}

int stat64(const char *path, struct stat64 *st) { return (int)syscall2(195, path, st); }
int fstat64(int fd, struct stat64 *st) { return (int)syscall2(197, fd, st); }
long getdents64(int fd, void *buf, size_t count) { return syscall3(220, fd, buf, count); }
