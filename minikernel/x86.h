/*
 * x86.h - thin inline wrappers around the 386/486 instructions the kernel
 * needs (port I/O, control registers, descriptor tables, TLB).  No policy
 * lives here; callers name the registers' bits through mmu.h.
 */
#ifndef X86_H
#define X86_H

#include <stdint.h>

/* EFLAGS bits (SDM Vol. 1 3.4.3): bit 1 always reads 1; IF enables interrupts. */
#define EFLAGS_FIXED	(1 << 1)
#define EFLAGS_IF	(1 << 9)

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t read_cr0(void)
{
	uint32_t v;
	__asm__ volatile("movl %%cr0, %0" : "=r"(v));
	return v;
}

static inline uint32_t read_cr2(void)
{
	uint32_t v;
	__asm__ volatile("movl %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint32_t read_cr3(void)
{
	uint32_t v;
	__asm__ volatile("movl %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint32_t v)
{
	__asm__ volatile("movl %0, %%cr3" : : "r"(v) : "memory");
}

/* INVLPG is a 486 instruction (SDM Vol. 3A 4.10.4.1); the 386 had to reload CR3. */
static inline void invlpg(unsigned long va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

struct desc_ptr {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

static inline void lgdt(const struct desc_ptr *p)
{
	__asm__ volatile("lgdt %0" : : "m"(*p));
}

static inline void lidt(const struct desc_ptr *p)
{
	__asm__ volatile("lidt %0" : : "m"(*p));
}

static inline void ltr(uint16_t sel)
{
	__asm__ volatile("ltr %0" : : "r"(sel));
}

static inline void cli(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline void hlt(void)
{
	__asm__ volatile("hlt");
}

#endif /* X86_H */
