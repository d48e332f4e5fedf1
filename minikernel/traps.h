/*
 * traps.h - exception vectors (SDM Vol. 3A 6.3.1, Table 6-1) and the frame
 * trapentry.S builds on the kernel stack.
 */
#ifndef TRAPS_H
#define TRAPS_H

#define T_DE	0	/* divide error */
#define T_DB	1	/* debug */
#define T_NMI	2	/* non-maskable interrupt */
#define T_BP	3	/* breakpoint (int3) */
#define T_OF	4	/* overflow (into) */
#define T_BR	5	/* bound range exceeded */
#define T_UD	6	/* invalid opcode */
#define T_NM	7	/* device not available */
#define T_DF	8	/* double fault */
#define T_CSO	9	/* coprocessor segment overrun */
#define T_TS	10	/* invalid TSS */
#define T_NP	11	/* segment not present */
#define T_SS	12	/* stack-segment fault */
#define T_GP	13	/* general protection */
#define T_PF	14	/* page fault */
#define T_MF	16	/* x87 floating-point error */
#define T_AC	17	/* alignment check */
#define NR_EXCEPTIONS	32
#define FIRST_EXTERNAL_VECTOR	0x20	/* IRQ 0 after the 8259A remap (irq.c) */
#define NR_IRQS		16
#define NR_IDT_STUBS	(FIRST_EXTERNAL_VECTOR + NR_IRQS)
#define SYSCALL_VECTOR	0x80

/* Vectors for which the CPU pushes an error code (SDM Vol. 3A 6.13). */
#define TRAP_HAS_ERRCODE(v) \
	((v) == T_DF || ((v) >= T_TS && (v) <= T_PF) || (v) == T_AC)

/* #PF error code bits (SDM Vol. 3A 4.7). */
#define PF_PROT	(1 << 0)	/* 0: page not present, 1: protection violation */
#define PF_WRITE (1 << 1)
#define PF_USER	(1 << 2)

#ifndef __ASSEMBLER__

#include <stdint.h>

/* Laid out by trapentry.S: pusha order, then segments, then vector/error, then the CPU's part. */
struct trapframe {
	uint32_t edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax;
	uint32_t gs, fs, es, ds;
	uint32_t trapno, err;
	uint32_t eip, cs, eflags;
	uint32_t esp, ss;	/* pushed only on a privilege change */
};

/* __ex_table entry: a faulting kernel instruction and where to resume (Linux's fixups). */
struct exception_table_entry {
	unsigned long insn, fixup;
};

#endif /* __ASSEMBLER__ */
#endif /* TRAPS_H */
