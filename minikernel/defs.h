/*
 * defs.h - every function and variable used across files, grouped by the
 * file that defines it (xv6's defs.h).  Memory-management types live in
 * mm.h, slab.h and vmalloc.h.
 */
#ifndef DEFS_H
#define DEFS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct trapframe;

#include "errno.h"

/* Exit codes passed to poweroff(); QEMU turns code c into status (c << 1) | 1. */
#define EXIT_OK			0
#define EXIT_TEST_FAILED	1
#define EXIT_OOPS		2
#define EXIT_PANIC		3

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define BUG_ON(cond) \
	do { if (cond) panic("BUG at %s:%d (%s)", __FILE__, __LINE__, __func__); } while (0)

/* demo.c */
void run_demo(void);

/* entry.S */
extern char boot_stack_top[];
extern uint32_t swapper_pg_dir[];

/* link.ld */
extern char _text[], _etext[], _sdata[], _edata[], __bss_start[], _end[];

/* cmdline.c */
#define COMMAND_LINE_SIZE	512
extern char boot_command_line[COMMAND_LINE_SIZE];
int get_option(const char *opt, char *val, size_t size);
int option_has(const char *opt, const char *value);
void option_for_each(const char *opt, void (*fn)(const char *value));

/* fault.c */
typedef void (*fault_hook_t)(struct trapframe *tf, unsigned long address);
extern fault_hook_t fault_hook;
void do_page_fault(struct trapframe *tf);
int probe_kernel_read(const volatile void *addr, unsigned char *val);
int probe_kernel_write(volatile void *addr, unsigned char val);

/* gdt.c */
void gdt_init(void);
void set_tss_esp0(unsigned long esp0);

/* init.c (more in mm.h) */
void __flush_tlb_all(void);
void zap_low_mappings(void);

/* power.c */
void poweroff(int code) __attribute__((noreturn));
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* proc.c */
int proc_read(const char *name, char *buf, size_t size);
void proc_show(const char *name);

/* printk.c */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* selftest.c */
int run_selftests(const char *suite);

/* serial.c */
void serial_init(void);
void serial_putc(char c);
void serial_flush(void);
void serial_enable_rx(void);
int serial_getc(void);

/* setup.c */
#define E820MAX		32
#define E820_RAM	1
#define E820_RESERVED	2
#define E820_ACPI	3
#define E820_NVS	4
struct e820entry {
	uint64_t addr, size;
	uint32_t type;
};
struct e820map {
	int nr_map;
	struct e820entry map[E820MAX];
};
#define MAX_BOOT_MODULES 8
struct boot_module {
	unsigned long start, end;	/* physical, [start, end) */
	char string[128];
};
extern struct e820map e820;
extern struct boot_module boot_modules[MAX_BOOT_MODULES];
extern int nr_boot_modules;
extern unsigned long boot_mem_lower, boot_mem_upper;
void setup_arch(uint32_t magic, uint32_t mbi_phys);

/* string.c */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
size_t strlcpy(char *d, const char *s, size_t size);

/* traps.c */
void trap_init(void);
void trap(struct trapframe *tf);
void die(const char *str, const struct trapframe *tf) __attribute__((noreturn));
unsigned long search_exception_table(unsigned long eip);

#endif /* DEFS_H */
