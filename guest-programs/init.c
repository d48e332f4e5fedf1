/*
 * init.c - /sbin/init, the first user process.  It walks the process and
 * address-space paths once, in an order that prints the same transcript
 * on every machine (each child is waited for before the next step prints):
 * fork + exec + wait, copy-on-write after fork, a killed child's status,
 * a pipe, a shared anonymous mapping, brk/malloc, a private file mapping,
 * then its own /proc/self/status and /proc/self/maps.  Exits 0 when every
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
	printf("==> /proc/self/status <==\n");
	cat_file("/proc/self/status");
	printf("==> /proc/self/maps <==\n");
	cat_file("/proc/self/maps");
	printf("init: %d failures\n", failures);
	return failures ? 1 : 0;
}
