/*
 * guest.h - the bare-metal runtime shared by j386's guest test programs.
 *
 * Each test is a Multiboot v1 kernel (crt0.S) that runs identity-mapped at 1 MiB, prints its
 * transcript on COM1 and powers off through isa-debug-exit (QEMU, j386), then through the Bochs
 * shutdown port. The same image runs on j386, qemu-system-i386 and Bochs; their transcripts are
 * compared line by line.
 */
#ifndef GUEST_H
#define GUEST_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;

#define COM1 0x3F8
#define UART_LSR 5
#define UART_LSR_THRE (1 << 5)
#define UART_LSR_TEMT (1 << 6)
#define DEBUG_EXIT_PORT 0xF4
#define BOCHS_SHUTDOWN_PORT 0x8900

static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u32 read_cr0(void) { u32 v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline void write_cr0(u32 v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline u32 read_cr2(void) { u32 v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline void write_cr3(u32 v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }

void serial_init(void);
void putc(char c);
void puts(const char *s);
void puthex(u32 v, int digits);
void putdec(u32 v);
void poweroff(u8 code) __attribute__((noreturn));

/* Descriptor tables (desc.c). */
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_CS   (0x18 | 3)
#define USER_DS   (0x20 | 3)
#define TSS_SEL   0x28

struct trapframe {                  /* as trapentry.S pushes it */
	u32 edi, esi, ebp, esp_dummy, ebx, edx, ecx, eax;
	u32 vector, error;
	u32 eip, cs, eflags;
	u32 user_esp, user_ss;      /* only on a privilege change */
};

typedef void (*trap_handler)(struct trapframe *tf);
void desc_init(u32 kernel_stack_top);
void set_trap_handler(int vector, trap_handler h);
/* Runs fn's code at CPL 3 with a user stack until it executes int $0x80. */
void enter_user(u32 eip, u32 esp);

#endif
