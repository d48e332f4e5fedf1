/* lib.c - serial output and power-off for guest tests. */
#include "guest.h"

/* 8N1 at 115200 baud: a UART left at its reset state (LCR = 0) sends 5-bit characters,
 * which Bochs honours and QEMU ignores. */
void serial_init(void)
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
