/*
 * init.c - /sbin/init, the first user process.  It walks the process and
 * address-space paths once, in an order that prints the same transcript
 * on every machine (each child is waited for before the next step prints):
 * fork + exec + wait, copy-on-write after fork, a killed child's status,
 * a pipe, a shared anonymous mapping, brk/malloc, a private file mapping,
 * the file calls (mkdir, chdir, getcwd, write, lseek, stat, getdents,
 * dup2, unlink), nanosleep, then its own /proc/self/status and maps.  Exits 0 when every
 * step behaved, 1 otherwise (the kernel then powers off with that result).
 */
#include "libc.h"

static int failures;

static void check(int ok, const char *what)
{
	printf("init: %s: %s\n", what, ok ? "ok" : "FAILED");
	failures += !ok;
}

/* fork + execve + waitpid; returns the wait status. */
static int run(char *const argv[])
{
	int status = -1, pid = fork();

	if (pid == 0) {
		execve(argv[0], argv, environ);
		printf("init: cannot exec %s\n", argv[0]);
		exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static void test_exec(void)
{
	char *argv[] = { "/bin/cat", "/etc/motd", "/proc/self/maps", NULL };
	int status = run(argv);

	if (!WIFEXITED(status) || WEXITSTATUS(status))
		printf("init: /bin/cat: wait status %x\n", status);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "fork, exec /bin/cat, wait");
}

static void test_cow(void)
{
	static int shared_value = 1;
	int status, pid = fork();

	if (pid == 0) {
		shared_value = 2;
		exit(shared_value == 2 ? 7 : 8);
	}
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 7 && shared_value == 1,
	      "copy-on-write: the child's write stays in the child, exit status 7");
}

static void test_segv(void)
{
	int status, pid = fork();

	if (pid == 0) {
		volatile int *p = (int *)0;

		*p = 1;
		exit(0);
	}
	waitpid(pid, &status, 0);
	check(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "NULL store kills with SIGSEGV");
}

static void test_pipe(void)
{
	int fds[2], status, pid;
	char buf[64];
	long n;

	pipe(fds);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		write(fds[1], "through the pipe", 16);
		exit(0);
	}
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	waitpid(pid, &status, 0);
	buf[n > 0 ? n : 0] = '\0';
	check(n == 16 && !strcmp(buf, "through the pipe"), "pipe between parent and child");
}

static void test_shared_anon(void)
{
	int *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status, pid = fork();

	if (pid == 0) {
		p[0] = 42;
		exit(0);
	}
	waitpid(pid, &status, 0);
	check(p[0] == 42, "MAP_SHARED|MAP_ANONYMOUS: the child's store is seen by the parent");
}

static void test_heap_and_file(void)
{
	char *a = malloc(100), *b = malloc(20000);
	int fd = open("/etc/motd", O_RDONLY, 0);
	char *m = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char buf[8];

	strcpy(a, "heap");
	b[19999] = 1;
	read(fd, buf, 5);
	m[0] = '#';			/* private: the file keeps its byte */
	lseek(fd, 0, SEEK_SET);
	read(fd, buf + 5, 1);
	close(fd);
	check(a && b && !strcmp(a, "heap") && !MAP_FAILED_P(m) && buf[5] == buf[0] && m[0] == '#',
	      "malloc over brk, private file mapping");
}

/* Counts the entries of dir with getdents64 (a small buffer: several calls). */
static int count_entries(const char *dir)
{
	char buf[64];
	long n, off;
	int fd = open(dir, O_RDONLY | O_DIRECTORY, 0), count = 0;

	while ((n = getdents64(fd, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; off += ((struct linux_dirent64 *)(buf + off))->d_reclen)
			count++;
	close(fd);
	return n < 0 ? (int)n : count;
}

static void test_files(void)
{
	char cwd[64], buf[16];
	struct stat64 st;
	int fd, out, ok;

	ok = mkdir("/tmp", 0x1ED) == 0 && mkdir("/tmp", 0x1ED) == -EEXIST && chdir("/tmp") == 0 &&
	     getcwd(cwd, sizeof(cwd)) == 5 && !strcmp(cwd, "/tmp");
	fd = open("notes", O_RDWR | O_CREAT | O_TRUNC, 0x1A4);
	ok = ok && fd >= 0 && write(fd, "0123456789", 10) == 10 && lseek(fd, 3, SEEK_SET) == 3 &&
	     read(fd, buf, 4) == 4 && !memcmp(buf, "3456", 4) && lseek(fd, 0, SEEK_END) == 10;
	out = dup(1);
	ok = ok && dup2(fd, 1) == 1 && printf("!") == 1 && dup2(out, 1) == 1 && close(out) == 0;
	ok = ok && fstat64(fd, &st) == 0 && st.st_size == 11 && close(fd) == 0;
	ok = ok && stat64("/tmp/notes", &st) == 0 && (st.st_mode & 0xF000) == 0x8000;
	ok = ok && count_entries("/tmp") == 3 && count_entries("/") >= 7;
	ok = ok && unlink("notes") == 0 && stat64("notes", &st) == -ENOENT && chdir("/") == 0;
	check(ok, "mkdir, chdir, getcwd, write, lseek, dup2, stat, getdents64, unlink");
}

static void test_sleep(void)
{
	struct timespec t = { 0, 30000000 };	/* 30 ms: three ticks at HZ 100 */

	check(nanosleep(&t, NULL) == 0, "nanosleep 30 ms");
}

int main(int argc, char **argv)
{
	(void)argc;
	printf("init: pid %d, ppid %d, argv[0] %s\n", getpid(), getppid(), argv[0]);
	test_exec();
	test_cow();
	test_segv();
	test_pipe();
	test_shared_anon();
	test_heap_and_file();
	test_files();
	test_sleep();
	printf("==> /proc/self/status <==\n");
	cat_file("/proc/self/status");
	printf("==> /proc/self/maps <==\n");
	cat_file("/proc/self/maps");
	printf("init: %d failures\n", failures);
	return failures ? 1 : 0;
}
