/*
 * time.c - the system clock: 8254 PIT channel 0 in mode 2 (rate generator,
 * Intel 82C54 datasheet) at HZ = 100, on IRQ 0.  Each tick advances jiffies,
 * wakes expired sleepers and charges the running task's time slice (sched.c).
 * Nothing prints jiffies: the transcript must not depend on timing.
 */
#include "defs.h"
#include "sched.h"
#include "x86.h"

#define PIT_CH0		0x40
#define PIT_MODE	0x43
#define PIT_SEL_CH0	(0 << 6)
#define PIT_RW_LOHI	(3 << 4)	/* low byte, then high byte */
#define PIT_MODE2	(2 << 1)	/* rate generator */
#define PIT_BINARY	0
#define CLOCK_TICK_RATE	1193182		/* the PIT's input clock, Hz */
#define LATCH		((CLOCK_TICK_RATE + HZ / 2) / HZ)

volatile unsigned long jiffies;


static void timer_interrupt(struct trapframe *tf)
{
	(void)tf;
	jiffies++;
	run_timers();
	scheduler_tick();
}

void time_init(void)
{
	outb(PIT_MODE, PIT_SEL_CH0 | PIT_RW_LOHI | PIT_MODE2 | PIT_BINARY);
	outb(PIT_CH0, LATCH & 0xFF);
	outb(PIT_CH0, LATCH >> 8);
	request_irq(0, timer_interrupt);
}
