/*
 * irq.c - the two 8259A PICs of the PC/AT (Intel 8259A datasheet; Linux 2.4
 * arch/i386/kernel/i8259.c).  The BIOS leaves IRQ 0..7 on vectors 8..15,
 * where they would look like CPU exceptions, so init_IRQ() reprograms both:
 * master IRQ 0..7 -> vectors 0x20..0x27, slave IRQ 8..15 -> 0x28..0x2F, the
 * slave cascaded on master IR2, 8086 mode, normal (non-automatic) EOI.  All
 * lines start masked; enable_irq() opens one.  A spurious IRQ 7/15 (ISR bit
 * clear) gets no EOI on that chip, as the datasheet says.
 */
#include "defs.h"
#include "sched.h"
#include "x86.h"

#define PIC_MASTER_CMD	0x20
#define PIC_MASTER_IMR	0x21
#define PIC_SLAVE_CMD	0xA0
#define PIC_SLAVE_IMR	0xA1

#define ICW1_ICW4	(1 << 0)	/* ICW4 follows */
#define ICW1_INIT	(1 << 4)
#define ICW4_8086	(1 << 0)
#define OCW2_EOI	(1 << 5)	/* non-specific end of interrupt */
#define OCW3_READ_ISR	0x0B
#define PIC_CASCADE_IR	2

static uint16_t irq_mask = 0xFFFF;
unsigned long irq_count[NR_IRQS];

typedef void (*irq_handler_t)(struct trapframe *tf);
static irq_handler_t irq_handlers[NR_IRQS];

static void set_masks(void)
{
	outb(PIC_MASTER_IMR, irq_mask & 0xFF);
	outb(PIC_SLAVE_IMR, irq_mask >> 8);
}

void init_IRQ(void)
{
	outb(PIC_MASTER_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC_MASTER_IMR, FIRST_EXTERNAL_VECTOR);		/* ICW2: vector base */
	outb(PIC_MASTER_IMR, 1 << PIC_CASCADE_IR);		/* ICW3: slave on IR2 */
	outb(PIC_MASTER_IMR, ICW4_8086);
	outb(PIC_SLAVE_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC_SLAVE_IMR, FIRST_EXTERNAL_VECTOR + 8);
	outb(PIC_SLAVE_IMR, PIC_CASCADE_IR);			/* ICW3: slave identity */
	outb(PIC_SLAVE_IMR, ICW4_8086);
	irq_mask = (uint16_t)~(1 << PIC_CASCADE_IR);
	set_masks();
}

void request_irq(unsigned int irq, void (*handler)(struct trapframe *tf))
{
	irq_handlers[irq] = handler;
	enable_irq(irq);
}

void enable_irq(unsigned int irq)
{
	irq_mask &= (uint16_t)~(1 << irq);
	set_masks();
}

/* Is the in-service bit of this IRQ set?  If not, the interrupt was spurious. */
static int irq_in_service(unsigned int irq)
{
	uint16_t port = irq < 8 ? PIC_MASTER_CMD : PIC_SLAVE_CMD;

	outb(port, OCW3_READ_ISR);
	return (inb(port) >> (irq & 7)) & 1;
}

static void ack_irq(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC_SLAVE_CMD, OCW2_EOI);
	outb(PIC_MASTER_CMD, OCW2_EOI);
}

void do_IRQ(struct trapframe *tf)
{
	unsigned int irq = tf->trapno - FIRST_EXTERNAL_VECTOR;

	if ((irq & 7) == 7 && !irq_in_service(irq)) {
		if (irq == 15)		/* the master did see IR2: it wants its EOI */
			outb(PIC_MASTER_CMD, OCW2_EOI);
		return;
	}
	irq_count[irq]++;
	ack_irq(irq);
	if (irq_handlers[irq])
		irq_handlers[irq](tf);
}
