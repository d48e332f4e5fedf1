/*
 * devices.c - the PC's devices around the CPU, as a guest programs them.
 *
 * The 8259 pair remapped to vectors 0x20/0x28 (8259A datasheet, ICW1-4, OCW3), the 8254's
 * counter 0 at 100 Hz in mode 2 (8254 datasheet, control word and read-back), N timer interrupts
 * counted with sti; hlt, the MC146818 RTC (status registers A/B/D, BCD time and date, the seconds
 * advancing across 110 timer ticks), both 16550 UARTs in loopback (MCR.LOOP: THR comes back in RBR,
 * MSR mirrors the MCR outputs), and the 8042's self-test.
 *
 * Only facts that do not depend on when the run started are printed, so that qemu-system-i386
 * -M isapc -rtc base=2000-01-01T00:00:00,clock=vm -serial stdio -serial null prints exactly what
 * j386 prints with the same options.
 */
#include "guest.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define ICW1_INIT (1 << 4)
#define ICW1_ICW4 (1 << 0)
#define ICW4_8086 (1 << 0)
#define OCW3_READ_IRR 0x0A
#define OCW3_READ_ISR 0x0B
#define PIC_EOI 0x20
#define IRQ_BASE 0x20

#define PIT_CH0 0x40
#define PIT_CTRL 0x43
#define PIT_HZ 1193182
#define PIT_CW_CH0_LOHI_MODE2 ((0 << 6) | (3 << 4) | (2 << 1))
#define PIT_READBACK_STATUS_CH0 ((3 << 6) | (1 << 5) | (1 << 1))   /* status only, counter 0 */
#define TICKS 50
#define RTC_TICKS 110

#define RTC_INDEX 0x70
#define RTC_DATA 0x71
#define RTC_SEC 0x00
#define RTC_MIN 0x02
#define RTC_HOUR 0x04
#define RTC_WDAY 0x06
#define RTC_MDAY 0x07
#define RTC_MON 0x08
#define RTC_YEAR 0x09
#define RTC_A 0x0A
#define RTC_B 0x0B
#define RTC_D 0x0D
#define RTC_CENTURY 0x32
#define RTC_A_UIP (1 << 7)

#define COM2 0x2F8
#define UART_RBR 0
#define UART_IER 1
#define UART_IIR 2
#define UART_MCR 4
#define UART_MSR 6
#define UART_SCR 7
#define UART_LSR_DR (1 << 0)
#define MCR_LOOP (1 << 4)

#define KBC_DATA 0x60
#define KBC_STATUS 0x64
#define KBC_OBF (1 << 0)
#define KBC_IBF (1 << 1)
#define KBC_SELF_TEST 0xAA

static u8 kernel_stack[4096] __attribute__((aligned(16)));
volatile u32 ticks;

/* IRQ 0: count, end of interrupt. A spurious IRQ 7 (masked lines) gets no EOI. */
void irq0_entry(void), spurious_entry(void);
__asm__(
	".text\n"
	"irq0_entry: push %eax; incl ticks; mov $0x20, %al; out %al, $0x20; pop %eax; iret\n"
	"spurious_entry: iret\n");

static void set_interrupt_gate(int v, void (*fn)(void))
{
	struct { u16 limit; u32 base; } __attribute__((packed)) idtr;
	__asm__ volatile("sidt %0" : "=m"(idtr));
	u32 *idt = (u32 *)idtr.base;
	u32 off = (u32)fn;
	idt[2 * v] = (off & 0xFFFF) | ((u32)KERNEL_CS << 16);
	idt[2 * v + 1] = (off & 0xFFFF0000) | 0x8E00;
}

static void hex2(const char *label, u32 v)
{
	puts(label);
	puthex(v, 2);
}

static void pic_remap(void)
{
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC1_DATA, IRQ_BASE);          /* ICW2: vector base */
	outb(PIC2_DATA, IRQ_BASE + 8);
	outb(PIC1_DATA, 1 << 2);            /* ICW3: slave on IR2 */
	outb(PIC2_DATA, 2);                 /* its cascade identity */
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	outb(PIC1_DATA, 0xFF);              /* everything masked until the PIT is set */
	outb(PIC2_DATA, 0xFF);
	hex2("pic: remapped, imr master ", inb(PIC1_DATA));
	hex2(" slave ", inb(PIC2_DATA));
	outb(PIC1_CMD, OCW3_READ_ISR);
	hex2(", isr master ", inb(PIC1_CMD));
	outb(PIC2_CMD, OCW3_READ_ISR);
	hex2(" slave ", inb(PIC2_CMD));
	putc('\n');
}

static void pit_100hz(void)
{
	u32 divisor = (PIT_HZ + 50) / 100;
	outb(PIT_CTRL, PIT_CW_CH0_LOHI_MODE2);
	outb(PIT_CH0, divisor & 0xFF);
	outb(PIT_CH0, divisor >> 8);
	outb(PIT_CTRL, PIT_READBACK_STATUS_CH0);
	/* OUT and NULL COUNT (bits 7, 6) depend on the instant of the read; mode and access do not. */
	hex2("pit: counter 0 divisor ", divisor >> 8);
	puthex(divisor & 0xFF, 2);
	hex2(", read-back status & 3f = ", inb(PIT_CH0) & 0x3F);
	putc('\n');
}

static void wait_ticks(u32 n)
{
	u32 end = ticks + n;
	while (ticks < end)
		__asm__ volatile("sti; hlt; cli");
}

static void timer(void)
{
	set_interrupt_gate(IRQ_BASE, irq0_entry);
	set_interrupt_gate(IRQ_BASE + 7, spurious_entry);
	set_interrupt_gate(IRQ_BASE + 15, spurious_entry);
	outb(PIC1_DATA, 0xFE);              /* IRQ 0 only */
	wait_ticks(TICKS);
	puts("timer: ");
	putdec(ticks);
	puts(" interrupts counted with sti; hlt");
	outb(PIC1_CMD, OCW3_READ_ISR);
	hex2(", isr master ", inb(PIC1_CMD));
	hex2(", imr master ", inb(PIC1_DATA));
	putc('\n');
}

static u8 cmos(u8 reg)
{
	outb(RTC_INDEX, reg);
	return inb(RTC_DATA);
}

static int bcd_ok(u8 v, u8 max)
{
	return (v & 0xF) <= 9 && (v >> 4) <= 9 && ((v >> 4) * 10 + (v & 0xF)) <= max;
}

/* Seconds, read outside an update cycle (UIP clear). */
static u8 rtc_seconds(void)
{
	while (cmos(RTC_A) & RTC_A_UIP)
		;
	return cmos(RTC_SEC);
}

static void rtc(void)
{
	hex2("rtc: A & 7f = ", cmos(RTC_A) & 0x7F);
	hex2(", B = ", cmos(RTC_B));
	hex2(", D = ", cmos(RTC_D));
	putc('\n');
	u8 sec = rtc_seconds(), min = cmos(RTC_MIN), hour = cmos(RTC_HOUR);
	puts("rtc: time fields valid BCD: ");
	puts(bcd_ok(sec, 59) && bcd_ok(min, 59) && bcd_ok(hour, 23) ? "yes" : "no");
	hex2(", date ", cmos(RTC_CENTURY));
	hex2("", cmos(RTC_YEAR));
	hex2("-", cmos(RTC_MON));
	hex2("-", cmos(RTC_MDAY));
	hex2(", weekday ", cmos(RTC_WDAY));
	hex2(", hour ", hour);
	putc('\n');
	u8 before = rtc_seconds();
	wait_ticks(RTC_TICKS);
	u8 after = rtc_seconds();
	puts("rtc: seconds advance across ");
	putdec(RTC_TICKS);
	puts(" ticks of 10 ms: ");
	puts(after != before ? "yes" : "no");
	putc('\n');
}

/* Loopback: returns bytes read back, MSR for each MCR output pattern. */
static void uart_loopback(const char *name, u16 base)
{
	static const u8 pattern[] = { 0x55, 0xAA, 0x00, 0xFF };
	static const u8 outputs[] = { 0x00, 0x01, 0x02, 0x04, 0x08, 0x0F, 0x00 };
	u8 back[4], msr[7], iir_idle, iir_data, scr;
	int got = 0;

	while (!(inb(base + UART_LSR) & UART_LSR_TEMT))
		;
	u8 mcr = inb(base + UART_MCR);
	outb(base + UART_SCR, 0x5A);
	scr = inb(base + UART_SCR);
	outb(base + UART_MCR, MCR_LOOP);
	outb(base + UART_IER, 1);           /* received-data interrupt (IIR only: OUT2 is looped) */
	iir_idle = inb(base + UART_IIR);
	for (int i = 0; i < 4; i++) {
		outb(base, pattern[i]);
		if (i == 0)
			iir_data = inb(base + UART_IIR);
		if (inb(base + UART_LSR) & UART_LSR_DR)
			back[got++] = inb(base + UART_RBR);
	}
	for (int i = 0; i < 7; i++) {
		outb(base + UART_MCR, MCR_LOOP | outputs[i]);
		msr[i] = inb(base + UART_MSR);
	}
	outb(base + UART_IER, 0);
	outb(base + UART_MCR, mcr);

	puts(name);
	hex2(": scratch ", scr);
	puts(", loopback read back");
	for (int i = 0; i < got; i++)
		hex2(" ", back[i]);
	hex2(", iir idle ", iir_idle & 0x0F);
	hex2(" data ", iir_data & 0x0F);
	putc('\n');
	puts(name);
	puts(": msr for mcr outputs 0 1 2 4 8 f 0:");
	for (int i = 0; i < 7; i++)
		hex2(" ", msr[i]);
	putc('\n');
}

static void kbc_self_test(void)
{
	while (inb(KBC_STATUS) & KBC_OBF)
		inb(KBC_DATA);
	while (inb(KBC_STATUS) & KBC_IBF)
		;
	outb(KBC_STATUS, KBC_SELF_TEST);
	while (!(inb(KBC_STATUS) & KBC_OBF))
		;
	hex2("i8042: self-test ", inb(KBC_DATA));
	hex2(", status sys flag ", (inb(KBC_STATUS) >> 2) & 1);
	putc('\n');
}

int main(void)
{
	puts("devices: PIC, PIT, RTC, UARTs, i8042\n");
	desc_init((u32)kernel_stack + sizeof(kernel_stack));
	pic_remap();
	pit_100hz();
	timer();
	rtc();
	uart_loopback("com1", COM1);
	uart_loopback("com2", COM2);
	kbc_self_test();
	puts("devices: done\n");
	poweroff(0);
}
