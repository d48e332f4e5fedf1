/*
 * power.c - leaving the machine.  The kernel has no ACPI; it uses the two
 * emulator back doors instead, in an order that works on all three targets:
 *   1. isa-debug-exit at 0xF4 (QEMU with -device isa-debug-exit, and j386):
 *      the emulator exits with status (code << 1) | 1;
 *   2. "Shutdown" written byte by byte to 0x8900 (Bochs);
 * Before either, COM1 is drained (LSR.TEMT) so no transcript byte is lost.
 *   3. otherwise halt with interrupts off for good.
 */
#include "x86.h"
#include "defs.h"

#define ISA_DEBUG_EXIT_PORT	0xF4
#define BOCHS_SHUTDOWN_PORT	0x8900

void poweroff(int code)
{
	const char *s = "Shutdown";

	serial_flush();
	outb(ISA_DEBUG_EXIT_PORT, (uint8_t)code);
	while (*s)
		outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s++);
	for (;;) {
		cli();
		hlt();
	}
}

/* An unrecoverable kernel error: say why and stop with EXIT_PANIC. */
void panic(const char *fmt, ...)
{
	static char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("Kernel panic: %s\n", msg);
	poweroff(EXIT_PANIC);
}
