/* lib.c - entry, command line, serial output and power-off for j386's benchmark guests. */
#include "bench.h"

/* 8N1 at 115200 baud: a UART left at its reset state (LCR = 0) sends 5-bit characters,
 * which Bochs honours and QEMU ignores. */
static void serial_init(void)
{
	outb(COM1 + 3, 0x80);       /* LCR.DLAB: the divisor latch */
	outb(COM1 + 0, 1);          /* divisor 1: 115200 baud */
	outb(COM1 + 1, 0);
	outb(COM1 + 3, 0x03);       /* 8 data bits, no parity, 1 stop bit */
	outb(COM1 + 1, 0);          /* IER: no interrupts */
}

void putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		;
	outb(COM1, (u8)c);
}

void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

void puthex(u32 v, int digits)
{
	for (int i = digits - 1; i >= 0; i--)
		putc("0123456789abcdef"[(v >> (4 * i)) & 0xF]);
}

void putdec(u32 v)
{
	char buf[11];
	int n = 0;
	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		putc(buf[--n]);
}

void poweroff(u8 code)
{
	/* Let the transmitter drain (LSR.TEMT): Bochs drops bytes still in the shift register. */
	while (!(inb(COM1 + UART_LSR) & UART_LSR_TEMT))
		;
	/* isa-debug-exit: QEMU and j386 exit with (code << 1) | 1. */
	outb(DEBUG_EXIT_PORT, code);
	/* Bochs has no isa-debug-exit; "Shutdown" on port 0x8900 ends it. */
	for (const char *s = "Shutdown"; *s; s++)
		outb(BOCHS_SHUTDOWN_PORT, (u8)*s);
	for (;;)
		__asm__ volatile("cli; hlt");
}

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
