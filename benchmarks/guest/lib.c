/* lib.c - entry and command line of j386's benchmark guests; serial output and power-off come
 * from the emulator's guest test runtime (emulator/src/test/guest/lib.c). */
#include "bench.h"

/* gcc may turn loops into calls to these even in freestanding code. */
void *memset(void *d, int c, u32 n)
{
	u8 *p = d;
	while (n--)
		*p++ = (u8)c;
	return d;
}

void *memcpy(void *d, const void *s, u32 n)
{
	u8 *p = d;
	const u8 *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

/* Parses the decimal number at s, up to a space or the end, into *n; 0 if it is not one or overflows. */
static int parse_u32(const char *s, u32 *n)
{
	u32 v = 0;
	if (*s < '0' || *s > '9')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		u32 digit = (u32)(*s - '0');
		if (v > (0xFFFFFFFFu - digit) / 10)
			return 0;
		v = v * 10 + digit;
	}
	if (*s && *s != ' ')
		return 0;
	*n = v;
	return 1;
}

/*
 * The value of "rounds=N" among the space-separated words of the command line (QEMU passes
 * "kernel-path rounds=N"), or 1 when there is none. A malformed N ends the run with status 5.
 */
static u32 parse_rounds(u32 magic, const u8 *mbi)
{
	static const char key[] = "rounds=";
	u32 rounds = 1;
	if (magic != MB_BOOTLOADER_MAGIC || !(*(const u32 *)(mbi + MBI_FLAGS) & MBI_FLAG_CMDLINE))
		return rounds;
	for (const char *w = (const char *)*(const u32 *)(mbi + MBI_CMDLINE); *w; ) {
		int i = 0;
		while (key[i] && w[i] == key[i])
			i++;
		if (!key[i] && !parse_u32(w + i, &rounds)) {
			puts(workload_name);
			puts(": bad rounds= option\n");
			poweroff(2);
		}
		while (*w && *w != ' ')
			w++;
		while (*w == ' ')
			w++;
	}
	return rounds;
}

void bench_main(u32 magic, const u8 *mbi) __attribute__((noreturn));
void bench_main(u32 magic, const u8 *mbi)
{
	serial_init();
	u32 rounds = parse_rounds(magic, mbi);
	u32 sum = workload(rounds);
	puts(workload_name);
	puts(" rounds=");
	putdec(rounds);
	puts(" checksum=");
	puthex(sum, 8);
	putc('\n');
	poweroff(0);
}
