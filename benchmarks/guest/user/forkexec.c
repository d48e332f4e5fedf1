/*
 * forkexec.c - a kernel-heavy loop under the minikernel, forever: fork, the child execs this
 * program again (argv[1] = "child"), which exits at once; the parent waits for it, grows and
 * shrinks its heap with brk, maps 16 anonymous pages, touches 4 and unmaps them, then prints a line
 * holding one '.'. Copy-on-write set-up and tear-down, exec's fresh address space, exit and wait,
 * VMA merge and split: most instructions run in the kernel. KernelLoopBench and bench-compare
 * count the dots.
 */
#include "libc.h"

#define HEAP_STEP (64 * 1024)
#define MAP_PAGES 16

static void fail(const char *what, long err)
{
	printf("forkexec: %s failed: %d\n", what, (int)err);
	exit(1);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return 0;                       /* the exec'd child */
	char *child_argv[] = { argv[0], "child", NULL };
	for (;;) {
		int pid = fork();
		if (pid < 0)
			fail("fork", pid);
		if (pid == 0) {
			execve(argv[0], child_argv, environ);
			exit(127);
		}
		int status;
		int got = waitpid(pid, &status, 0);
		if (got != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail("waitpid", got);
		long end = brk(0);
		if (brk((char *)end + HEAP_STEP) != end + HEAP_STEP)
			fail("brk up", end);
		((char *)end)[HEAP_STEP - 1] = 1;
		if (brk((char *)end) != end)
			fail("brk down", end);
		char *m = mmap(NULL, MAP_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (MAP_FAILED_P(m))
			fail("mmap", (long)m);
		for (int i = 0; i < MAP_PAGES; i += 4)
			m[i * PAGE_SIZE] = (char)i;
		long err = munmap(m, MAP_PAGES * PAGE_SIZE);
		if (err)
			fail("munmap", err);
		write(1, ".\n", 2);
	}
}
