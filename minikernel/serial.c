/*
 * serial.c - polled output on COM1, a 16550A UART (National Semiconductor
 * PC16550D datasheet).  No interrupts and no input: the console only needs to
 * leave bytes in the same order on every machine.
 */
#include "x86.h"
#include "defs.h"

#define COM1		0x3F8
#define UART_THR	0	/* transmit holding register (DLAB=0) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_RBR	0	/* receive buffer (DLAB=0, read) */
#define UART_IER	1	/* interrupt enable (DLAB=0) */
#define UART_IER_RDI	(1 << 0)	/* received data available */
#define UART_DLM	1	/* divisor latch high (DLAB=1) */
#define UART_FCR	2	/* FIFO control */
#define UART_FCR_ENABLE	(1 << 0)
#define UART_FCR_CLEAR	((1 << 1) | (1 << 2))	/* reset receive and transmit FIFOs */
#define UART_LCR	3	/* line control */
#define UART_LCR_8BIT	0x03	/* word length 8, 1 stop bit, no parity */
#define UART_LCR_DLAB	(1 << 7)
#define UART_MCR	4	/* modem control */
#define UART_MCR_DTR	(1 << 0)
#define UART_MCR_RTS	(1 << 1)
#define UART_MCR_OUT2	(1 << 3)
#define UART_LSR	5	/* line status */
#define UART_LSR_DR	(1 << 0)	/* a received byte is waiting */
#define UART_LSR_THRE	(1 << 5)	/* THR empty: the next byte may be written */
#define UART_LSR_TEMT	(1 << 6)	/* THR and shift register both empty */

#define UART_CLOCK_DIV	1	/* 115200 baud from the 1.8432 MHz clock / 16 */

void serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, UART_LCR_DLAB);
	outb(COM1 + UART_DLL, UART_CLOCK_DIV & 0xFF);
	outb(COM1 + UART_DLM, UART_CLOCK_DIV >> 8);
	outb(COM1 + UART_LCR, UART_LCR_8BIT);
	outb(COM1 + UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR);
	outb(COM1 + UART_MCR, UART_MCR_DTR | UART_MCR_RTS);
}

void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		;
	outb(COM1 + UART_THR, (uint8_t)c);
}

/* Waits until the last byte has left the shift register. */
void serial_flush(void)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_TEMT))
		;
}

void serial_enable_rx(void)
{
	outb(COM1 + UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	outb(COM1 + UART_IER, UART_IER_RDI);
}

/* The next received byte, or -1 if none is waiting. */
int serial_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(COM1 + UART_RBR);
}
