/*
 * bench.h - the bare-metal runtime of j386's benchmark guests (adapted from the emulator's guest
 * test runtime, emulator/src/test/guest).
 *
 * Each benchmark is a Multiboot v1 kernel, identity-mapped at 1 MiB, that reads rounds=N from
 * its command line, does N rounds of fixed work, prints one line
 *
 *     NAME rounds=N checksum=XXXXXXXX
 *
 * on COM1 and powers off: isa-debug-exit (QEMU, j386; exit status 1), then the Bochs shutdown
 * port. The checksum depends on every round, so the same image must print the same line on
 * every machine that runs it correctly.
 *
 * A workload file defines the two symbols below; bench_main (lib.c) does the rest.
 */
#ifndef BENCH_H
#define BENCH_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;

/* The workload: its name on the output line, and the work itself (returns the checksum). */
extern const char workload_name[];
u32 workload(u32 rounds);

#define COM1 0x3F8
#define UART_LSR 5
#define UART_LSR_THRE (1 << 5)
#define UART_LSR_TEMT (1 << 6)
#define DEBUG_EXIT_PORT 0xF4
#define BOCHS_SHUTDOWN_PORT 0x8900

/* Multiboot information structure (Multiboot 0.6.96 3.3): flags and the command line. */
#define MBI_FLAGS 0
#define MBI_CMDLINE 16
#define MBI_FLAG_CMDLINE (1u << 2)
#define MB_BOOTLOADER_MAGIC 0x2BADB002u

static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u32 read_cr0(void) { u32 v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline void write_cr0(u32 v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void write_cr3(u32 v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }

/* From emulator/src/test/guest/lib.c. */
void serial_init(void);
void putc(char c);
void puts(const char *s);
void puthex(u32 v, int digits);
void putdec(u32 v);
void poweroff(u8 code) __attribute__((noreturn));
void *memset(void *d, int c, u32 n);
void *memcpy(void *d, const void *s, u32 n);

/* The same 32-bit LCG everywhere (Numerical Recipes' constants): deterministic inputs. */
static inline u32 lcg_next(u32 *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state;
}

/* Descriptor tables (desc.c): flat kernel segments and an IDT whose gates start at `handler`. */
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
void desc_init(void);
void set_idt_gate(int vector, void (*handler)(void));

#endif
