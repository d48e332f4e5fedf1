/*
 * sh.c - /bin/sh, a minimal interactive shell for the console: reads a line
 * (the tty does the editing), splits it at blanks, runs builtins (cd, pwd,
 * exit) or forks and execs the command (a name without '/' is looked up in
 * /bin), waits, and reports a non-zero status or a killing signal.  End of
 * file (^D on an empty line) leaves.  Boot it with init=/bin/sh.
 */
#include "libc.h"

#define MAX_ARGS	16

static int split(char *line, char **argv)
{
	int argc = 0;

	while (*line && argc < MAX_ARGS - 1) {
		while (*line == ' ' || *line == '\t' || *line == '\n')
			*line++ = '\0';
		if (!*line)
			break;
		argv[argc++] = line;
		while (*line && *line != ' ' && *line != '\t' && *line != '\n')
			line++;
	}
	argv[argc] = NULL;
	return argc;
}

static void run(char **argv)
{
	char path[128];
	int pid, status;

	if (strchr(argv[0], '/'))
		snprintf(path, sizeof(path), "%s", argv[0]);
	else
		snprintf(path, sizeof(path), "/bin/%s", argv[0]);
	pid = fork();
	if (pid == 0) {
		int err = execve(path, argv, environ);

		printf("sh: %s: cannot execute (error %d)\n", path, -err);
		exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("sh: fork failed (%d)\n", pid);
		return;
	}
	if (WIFSIGNALED(status))
		printf("sh: %s: killed by signal %d\n", argv[0], WTERMSIG(status));
	else if (WEXITSTATUS(status))
		printf("sh: %s: exit status %d\n", argv[0], WEXITSTATUS(status));
}

static int builtin(char **argv)
{
	char cwd[256];
	long r;

	if (!strcmp(argv[0], "exit"))
		exit(argv[1] ? (int)atol(argv[1]) : 0);
	if (!strcmp(argv[0], "cd")) {
		r = chdir(argv[1] ? argv[1] : "/");
		if (r < 0)
			printf("sh: cd: error %ld\n", -r);
		return 1;
	}
	if (!strcmp(argv[0], "pwd")) {
		r = getcwd(cwd, sizeof(cwd));
		printf("%s\n", r > 0 ? cwd : "?");
		return 1;
	}
	return 0;
}

int main(void)
{
	char line[256], *argv[MAX_ARGS];
	long n;

	for (;;) {
		write(1, "# ", 2);
		n = read(0, line, sizeof(line) - 1);
		if (n <= 0) {
			printf("%s", n == 0 ? "exit\n" : "sh: read error\n");
			return n == 0 ? 0 : 1;
		}
		line[n] = '\0';
		if (split(line, argv) && !builtin(argv))
			run(argv);
	}
}
