/*
 * cmdline.c - the kernel command line: a saved copy and lookups of
 * "name=value" words.  Words are separated by spaces; QEMU's first word is the
 * kernel's file name, which matches no option.  A value may be a comma list
 * (proc=meminfo,slabinfo); option_has() tests one member.
 */
#include "defs.h"

char boot_command_line[COMMAND_LINE_SIZE];

/* Returns the value after "opt" (which includes its '='), or NULL. */
static const char *find_option(const char *opt)
{
	size_t n = strlen(opt);
	const char *p = boot_command_line;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, opt, n))
			return p + n;
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}

/*
 * get_option("proc=", buf, size): copies the first "proc=" value into buf
 * (cut to size-1 bytes) and returns 1, or returns 0 when the option is absent.
 */
int get_option(const char *opt, char *val, size_t size)
{
	const char *v = find_option(opt);
	size_t n = 0;

	if (!v)
		return 0;
	while (v[n] && v[n] != ' ')
		n++;
	if (size) {
		if (n > size - 1)
			n = size - 1;
		memcpy(val, v, n);
		val[n] = '\0';
	}
	return 1;
}

/* option_has("selftest=", "mm"): is "mm" one of the comma-separated values? */
int option_has(const char *opt, const char *value)
{
	const char *v = find_option(opt);
	size_t n = strlen(value);

	while (v && *v && *v != ' ') {
		if (!strncmp(v, value, n) && (v[n] == ',' || v[n] == ' ' || !v[n]))
			return 1;
		while (*v && *v != ' ' && *v != ',')
			v++;
		if (*v == ',')
			v++;
	}
	return 0;
}

/*
 * Calls fn for each comma-separated value of opt, in order, with the value
 * copied into a terminated buffer.
 */
void option_for_each(const char *opt, void (*fn)(const char *value))
{
	const char *v = find_option(opt);
	char one[64];

	while (v && *v && *v != ' ') {
		size_t n = 0;

		while (v[n] && v[n] != ' ' && v[n] != ',')
			n++;
		if (n >= sizeof(one))
			n = sizeof(one) - 1;
		memcpy(one, v, n);
		one[n] = '\0';
		fn(one);
		v += n;
		while (*v && *v != ' ' && *v != ',')
			v++;
		if (*v == ',')
			v++;
	}
}
