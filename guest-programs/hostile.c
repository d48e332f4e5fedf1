/*
 * hostile.c - /bin/hostile: user code that attacks the kernel, as TAP.
 * Run as init (kernel option init=/bin/hostile, `make -C minikernel
 * qemu-test-hostile`).  Each test runs in a forked child and checks how the
 * child ended; the kernel must survive, the child must get Linux's signal,
 * and nothing may leak: MemFree + Slab from /proc/meminfo and the active
 * objects from /proc/slabinfo are the same before and after.  The small
 * general caches (size-32 .. size-256) are left out of the object count:
 * they also hold the off-slab slab descriptors of the big caches, which
 * come and go when memory pressure reaps free slabs (the OOM test).
 * Exits 0 iff every test passed.
 */
#include "libc.h"

#define KADDR		((void *)0xC0100000)	/* kernel text */
#define NR_TESTS	22

static int test_no, failed;

struct snap {
	long kb;	/* MemFree + Slab */
	long objs;	/* active slab objects */
};

static char text[16384];

static long read_text(const char *path)
{
	int fd = open(path, O_RDONLY, 0);
	long n = 0, r;

	if (fd < 0)
		return fd;
	while ((r = read(fd, text + n, sizeof(text) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	text[n] = '\0';
	return n;
}

static long field(const char *name)
{
	char *p = text;
	size_t len = strlen(name);

	while (p && *p) {
		if (!strncmp(p, name, len)) {
			for (p += len; *p == ' '; p++)
				;
			return atol(p);
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return -1;
}

static void snapshot(struct snap *s)
{
	char *p;

	read_text("/proc/meminfo");
	s->kb = field("MemFree:") + field("Slab:");
	read_text("/proc/slabinfo");
	s->objs = 0;
	for (p = strchr(text, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
		char *q = p + 1;

		char *name = q;
		long active, objsize;

		while (*q && *q != ' ')		/* name */
			q++;
		while (*q == ' ')
			q++;
		active = atol(q);
		while (*q && *q != ' ')
			q++;
		while (*q == ' ')		/* num_objs */
			q++;
		while (*q && *q != ' ')
			q++;
		objsize = atol(q);
		if (strncmp(name, "size-", 5) || objsize >= 512)
			s->objs += active;
	}
}

static void report(int ok, const char *name)
{
	test_no++;
	printf("%sok %d - %s\n", ok ? "" : "not ", test_no, name);
	failed += !ok;
}

/* Runs fn in a child; passes if the child ends with want (a wait status) and nothing leaked. */
static void expect_status(void (*fn)(void), int want, const char *name)
{
	struct snap before, after;
	int status = -1, pid;

	snapshot(&before);
	pid = fork();
	if (pid == 0) {
		fn();
		exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	snapshot(&after);
	if (status != want)
		printf("# %s: wait status %x, expected %x\n", name, status, want);
	if (before.kb != after.kb || before.objs != after.objs)
		printf("# %s: leak: MemFree+Slab %ld -> %ld kB, slab objects %ld -> %ld\n", name,
		       before.kb, after.kb, before.objs, after.objs);
	report(status == want && before.kb == after.kb && before.objs == after.objs, name);
}

#define SIGNALED(sig)	(sig)
#define EXITED(code)	((code) << 8)

static int mismatches;

static void expect(long got, long want, const char *what)
{
	if (got != want) {
		printf("# %s = %ld, expected %ld\n", what, got, want);
		mismatches++;
	}
}

#define EXPECT(call, want)	expect((long)(call), (long)(want), #call)

/* Every system call that takes a pointer, given NULL and a kernel address. */
static void wild_pointers(void)
{
	struct stat64 st;
	char *bad_argv[] = { "/bin/cat", KADDR, NULL };
	char *argv[] = { "/bin/cat", NULL };
	long iov[2] = { (long)KADDR, 10 }, ts[2] = { 0, 0 };
	int fd = open("/etc/motd", O_RDONLY, 0), dir = open("/", O_RDONLY | O_DIRECTORY, 0);

	EXPECT(read(fd, NULL, 10), -EFAULT);
	EXPECT(read(fd, KADDR, 10), -EFAULT);
	EXPECT(read(fd, text, 0xFFFFFFFF), -EFAULT);
	EXPECT(write(1, NULL, 10), -EFAULT);
	EXPECT(write(1, KADDR, 10), -EFAULT);
	EXPECT(open(NULL, O_RDONLY, 0), -EFAULT);
	EXPECT(open(KADDR, O_RDONLY, 0), -EFAULT);
	EXPECT(unlink(NULL), -EFAULT);
	EXPECT(execve(NULL, argv, environ), -EFAULT);
	EXPECT(execve(KADDR, argv, environ), -EFAULT);
	EXPECT(execve("/bin/cat", KADDR, environ), -EFAULT);
	EXPECT(execve("/bin/cat", bad_argv, environ), -EFAULT);
	EXPECT(execve("/bin/cat", argv, KADDR), -EFAULT);
	EXPECT(chdir(KADDR), -EFAULT);
	EXPECT(mkdir(NULL, 0x1ED), -EFAULT);
	EXPECT(pipe(NULL), -EFAULT);
	EXPECT(pipe(KADDR), -EFAULT);
	EXPECT(syscall1(90, NULL), -EFAULT);			/* old mmap */
	EXPECT(syscall1(90, KADDR), -EFAULT);
	EXPECT(uname(KADDR), -EFAULT);
	EXPECT(syscall3(146, 1, NULL, 1), -EFAULT);		/* writev */
	EXPECT(syscall3(146, 1, iov, 1), -EFAULT);
	EXPECT(nanosleep(NULL, NULL), -EFAULT);
	EXPECT(nanosleep(KADDR, NULL), -EFAULT);
	EXPECT(getcwd(NULL, 100), -EFAULT);
	EXPECT(getcwd(KADDR, 100), -EFAULT);
	EXPECT(stat64(NULL, &st), -EFAULT);
	EXPECT(stat64("/", NULL), -EFAULT);
	EXPECT(stat64("/", KADDR), -EFAULT);
	EXPECT(fstat64(1, KADDR), -EFAULT);
	EXPECT(getdents64(dir, NULL, 4096), -EFAULT);
	EXPECT(getdents64(dir, KADDR, 4096), -EFAULT);
	EXPECT(nanosleep((struct timespec *)ts, NULL), 0);
	EXPECT(open("/etc/motd", O_RDONLY, 0), dir + 1);	/* no descriptor leaked */
	exit(mismatches);
}

static void wait_bad_pointer(void)
{
	int status = 0, pid = fork();

	if (pid == 0)
		exit(3);
	EXPECT(waitpid(pid, KADDR, 0), -EFAULT);
	EXPECT(waitpid(pid, &status, 0), pid);		/* the child was not lost */
	EXPECT(status, EXITED(3));
	EXPECT(waitpid(-1, &status, 0), -ECHILD);
	exit(mismatches);
}

/* Arguments without pointers that Linux 2.4 refuses. */
static void bad_arguments(void)
{
	char *cur = (char *)brk(0);
	char *argv[] = { "x", NULL };
	int fd = open("/", O_RDONLY | O_DIRECTORY, 0);

	EXPECT(brk(KADDR), cur);				/* the old break */
	EXPECT(brk((void *)0xFFFFF000), cur);
	EXPECT(munmap(KADDR, PAGE_SIZE), -EINVAL);
	EXPECT(munmap((void *)0x10000001, PAGE_SIZE), -EINVAL);
	EXPECT(mprotect(KADDR, PAGE_SIZE, PROT_READ), -ENOMEM);
	EXPECT(mprotect((void *)0x10000000, PAGE_SIZE, 0x100), -EINVAL);
	EXPECT(mmap2(KADDR, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), -EINVAL);
	EXPECT(mmap2((void *)0xBFFFF000, 2 * PAGE_SIZE, PROT_READ,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), -EINVAL);
	EXPECT(mmap2(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), -EINVAL);
	EXPECT(mmap2(NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 99, 0), -EBADF);
	EXPECT(read(fd, text, 10), -EISDIR);
	EXPECT(lseek(1, 0, SEEK_SET), -ESPIPE);
	EXPECT(close(99), -EBADF);
	EXPECT(dup(99), -EBADF);
	EXPECT(dup2(0, 99), -EBADF);
	EXPECT(execve("/etc/motd", argv, environ), -EACCES);	/* no x bit */
	EXPECT(execve("/", argv, environ), -EACCES);
	EXPECT(execve("/nonexistent", argv, environ), -ENOENT);
	EXPECT(kill(99999, SIGKILL), -ESRCH);
	EXPECT(kill(1, SIGKILL), 0);				/* init is immune */
	EXPECT(syscall0(9999), -ENOSYS);
	EXPECT(syscall0(0), -ENOSYS);
	EXPECT(syscall0(174), -ENOSYS);				/* rt_sigaction: not here */
	EXPECT(syscall0(174), -ENOSYS);				/* logged once only */
	exit(mismatches);
}

static void jump_kernel(void) { ((void (*)(void))KADDR)(); }
static void jump_null(void) { ((void (*)(void))0)(); }
static void read_kernel(void) { exit(*(volatile int *)KADDR); }
static void do_cli(void) { __asm__ volatile("cli"); }
static void do_hlt(void) { __asm__ volatile("hlt"); }
static void do_in(void) { __asm__ volatile("inb $0x60, %%al" : : : "eax"); }
static void do_out(void) { __asm__ volatile("outb %%al, $0x80" : : "a"(0)); }
static void do_mov_cr3(void) { __asm__ volatile("movl %0, %%cr3" : : "r"(0)); }
static void do_lgdt(void) { static char gdtr[6]; __asm__ volatile("lgdt %0" : : "m"(gdtr)); }
static void do_int_gp(void) { __asm__ volatile("int $0x0d"); }
static void do_ud2(void) { __asm__ volatile("ud2"); }
static void do_int3(void) { __asm__ volatile("int3"); }

static void do_div0(void)
{
	/* divl by zero in asm: gcc would turn 1 / x into a comparison */
	__asm__ volatile("xorl %%ecx, %%ecx\n\tdivl %%ecx" : : "a"(1), "d"(0) : "ecx");
}

static void write_text(void)
{
	*(volatile unsigned char *)jump_null = 0xC3;
}

static volatile int recursion_limit = 1 << 30;	/* never reached: the stack ends first */

static int __attribute__((noinline)) recurse(int n)
{
	volatile char buf[1000];

	buf[0] = (char)n;
	if (n >= recursion_limit)
		return 0;
	return recurse(n + 1) + buf[0];
}

static void stack_overflow(void) { exit(recurse(0)); }

/* Maps 256 MiB areas until the address space is full; all of it goes again. */
static void address_space_full(void)
{
	void *areas[16];
	int n = 0, i;
	void *p = NULL;

	while (n < 16) {
		p = mmap(NULL, 256 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (MAP_FAILED_P(p))
			break;
		areas[n++] = p;
	}
	printf("# %d areas of 256 MiB, then %ld\n", n, (long)p);
	EXPECT((long)p, -ENOMEM);
	for (i = 0; i < n; i++)
		EXPECT(munmap(areas[i], 256 << 20), 0);
	exit(mismatches);
}

/* Touches 512 MiB of anonymous memory on a 128 MiB machine: the OOM killer's SIGKILL. */
static void touch_too_much(void)
{
	char *p = mmap(NULL, 512 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long i;

	if (MAP_FAILED_P(p))
		exit(2);
	for (i = 0; i < 512UL << 20; i += PAGE_SIZE)
		p[i] = 1;
	exit(3);
}

/* Forks until fork fails; every child blocks on a pipe and exits at end of file. */
static void fork_until_refused(void)
{
	int fds[2], n = 0, pid, status;
	char c;

	pipe(fds);
	while ((pid = fork()) > 0)
		n++;
	if (pid == 0) {
		close(fds[1]);
		exit((int)read(fds[0], &c, 1));
	}
	close(fds[1]);
	printf("# %d children, then fork returned %d\n", n, pid);
	EXPECT(pid, -EAGAIN);
	while (n && waitpid(-1, &status, 0) > 0) {
		EXPECT(status, EXITED(0));
		n--;
	}
	EXPECT(n, 0);
	exit(mismatches);
}

int main(void)
{
	struct snap warm;

	snapshot(&warm);	/* touches every page of text[] before the first measurement */
	printf("1..%d\n", NR_TESTS);
	expect_status(wild_pointers, EXITED(0), "wild pointers to every system call: -EFAULT");
	expect_status(wait_bad_pointer, EXITED(0), "waitpid with a kernel status pointer: -EFAULT, child kept");
	expect_status(bad_arguments, EXITED(0), "bad arguments: Linux 2.4's errors, -ENOSYS logged once");
	expect_status(jump_kernel, SIGNALED(SIGSEGV), "call into kernel text: SIGSEGV");
	expect_status(jump_null, SIGNALED(SIGSEGV), "call to NULL: SIGSEGV");
	expect_status(read_kernel, SIGNALED(SIGSEGV), "read kernel memory: SIGSEGV");
	expect_status(do_cli, SIGNALED(SIGSEGV), "cli: SIGSEGV");
	expect_status(do_hlt, SIGNALED(SIGSEGV), "hlt: SIGSEGV");
	expect_status(do_in, SIGNALED(SIGSEGV), "in: SIGSEGV");
	expect_status(do_out, SIGNALED(SIGSEGV), "out: SIGSEGV");
	expect_status(do_mov_cr3, SIGNALED(SIGSEGV), "mov to cr3: SIGSEGV");
	expect_status(do_lgdt, SIGNALED(SIGSEGV), "lgdt: SIGSEGV");
	expect_status(do_int_gp, SIGNALED(SIGSEGV), "int $0x0d (DPL 0 gate): SIGSEGV");
	expect_status(do_ud2, SIGNALED(SIGILL), "ud2: SIGILL");
	expect_status(do_div0, SIGNALED(SIGFPE), "divide by zero: SIGFPE");
	expect_status(do_int3, SIGNALED(SIGTRAP), "int3: SIGTRAP");
	expect_status(write_text, SIGNALED(SIGSEGV), "store into text: SIGSEGV");
	expect_status(stack_overflow, SIGNALED(SIGSEGV), "unbounded recursion: SIGSEGV at the 8 MiB stack limit");
	expect_status(address_space_full, EXITED(0), "mmap until the address space is full: -ENOMEM");
	expect_status(touch_too_much, SIGNALED(SIGKILL), "touching 512 MiB on 128 MiB: OOM SIGKILL");
	expect_status(fork_until_refused, EXITED(0), "fork until refused: -EAGAIN, all reaped");
	printf("# hostile: %d tests, %d failed\n", test_no, failed);
	report(test_no == NR_TESTS - 1, "the kernel is still here and counted every test");
	return failed ? 1 : 0;
}
