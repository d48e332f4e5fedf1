/*
 * mmu.h - i386 paging and segmentation facts (SDM Vol. 3A ch. 3 and 4) and
 * the kernel's virtual memory layout.  Shared by C and assembly.
 *
 * A linear address under two-level 4 KiB paging:
 *
 *  31                 22 21                 12 11                     0
 * +---------------------+---------------------+------------------------+
 * |  page directory idx |   page table idx    |   offset within page   |
 * |       PDX(va)       |       PTX(va)       |        PGOFF(va)       |
 * +---------------------+---------------------+------------------------+
 *
 * Kernel virtual layout (3G/1G split, as Linux 2.4 on i386):
 *
 *   0xFFFFF000 +------------------+
 *              | (unused page)    |
 *  FIXADDR_TOP +------------------+ 0xFFFFE000
 *              | fixmap           |  grows down, one slot per page
 * FIXADDR_START+------------------+
 *              | 2 guard pages    |
 *  VMALLOC_END +------------------+
 *              | vmalloc areas    |
 * VMALLOC_START+------------------+  (high_memory + 8 MiB) rounded up to 8 MiB
 *              | 8..16 MiB hole   |  catches overruns off the physical map
 *  high_memory +------------------+
 *              | all lowmem, 1:1  |  physical 0 .. min(RAM, 896 MiB)
 *  PAGE_OFFSET +------------------+ 0xC0000000
 *              | user space       |  (empty until processes exist)
 *   0x00000000 +------------------+
 */
#ifndef MMU_H
#define MMU_H

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PGDIR_SHIFT	22
#define PGDIR_SIZE	(1 << PGDIR_SHIFT)
#define PTRS_PER_PGD	1024
#define PTRS_PER_PTE	1024

#define PAGE_OFFSET	0xC0000000
#define KERNEL_PHYS	0x00100000	/* Multiboot loads the image at 1 MiB */

/* The boot page tables map this much physical memory twice: at 0 and at PAGE_OFFSET. */
#define BOOT_MAP_SIZE	0x01000000
#define BOOT_PGTABLES	(BOOT_MAP_SIZE >> PGDIR_SHIFT)

/* Page directory / page table entry bits (SDM Vol. 3A 4.3, Table 4-5/4-6). */
#define PTE_P_BIT	0
#define PTE_W_BIT	1
#define PTE_U_BIT	2
#define PTE_A_BIT	5
#define PTE_D_BIT	6
#define PTE_P		(1 << PTE_P_BIT)
#define PTE_W		(1 << PTE_W_BIT)
#define PTE_U		(1 << PTE_U_BIT)
#define PTE_A		(1 << PTE_A_BIT)
#define PTE_D		(1 << PTE_D_BIT)

/* Linux's composites: kernel pages and the tables that point to them. */
#define PAGE_KERNEL	(PTE_P | PTE_W | PTE_A | PTE_D)
#define _KERNPG_TABLE	(PTE_P | PTE_W | PTE_A | PTE_D)

/* CR0 bits (SDM Vol. 3A 2.5). WP exists from the 486 on. */
#define CR0_PE		(1 << 0)
#define CR0_WP		(1 << 16)
#define CR0_PG		(1 << 31)

/* Segment selectors: GDT index << 3 | RPL.  Slot 5 is the TSS. */
#define GDT_ENTRIES	6
#define __KERNEL_CS	0x08
#define __KERNEL_DS	0x10
#define __USER_CS	(0x18 | 3)
#define __USER_DS	(0x20 | 3)
#define GDT_TSS_SEL	0x28

#ifndef __ASSEMBLER__

#include <stdint.h>

typedef uint32_t pte_t;
typedef uint32_t pgd_t;

#define PDX(va)		(((unsigned long)(va) >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1))
#define PTX(va)		(((unsigned long)(va) >> PAGE_SHIFT) & (PTRS_PER_PTE - 1))
#define PGOFF(va)	((unsigned long)(va) & (PAGE_SIZE - 1))
#define PTE_ADDR(e)	((unsigned long)(e) & ~(unsigned long)(PAGE_SIZE - 1))

#define PAGE_ALIGN(x)	(((unsigned long)(x) + PAGE_SIZE - 1) & ~(unsigned long)(PAGE_SIZE - 1))

#define __pa(v)		((unsigned long)(v) - PAGE_OFFSET)
#define __va(p)		((void *)((unsigned long)(p) + PAGE_OFFSET))

/* 896 MiB of RAM fit under the 128 MiB kept for vmalloc, kmap and the fixmap. */
#define MAXMEM		(0x100000000ULL - PAGE_OFFSET - 0x08000000)

#define VMALLOC_OFFSET	(8 * 1024 * 1024)

/*
 * Fixmap: compile-time virtual addresses whose physical page is chosen at run
 * time.  KM_TYPE_NR kmap_atomic slots; FIX_HOLE keeps FIXADDR_TOP itself unmapped.
 */
enum km_type { KM_USER0, KM_USER1, KM_TYPE_NR };

enum fixed_addresses {
	FIX_HOLE,
	FIX_KMAP_BEGIN,
	FIX_KMAP_END = FIX_KMAP_BEGIN + KM_TYPE_NR - 1,
	__end_of_fixed_addresses
};

#define FIXADDR_TOP	0xFFFFE000UL
#define FIXADDR_SIZE	(__end_of_fixed_addresses << PAGE_SHIFT)
#define FIXADDR_START	(FIXADDR_TOP - FIXADDR_SIZE)
#define __fix_to_virt(x) (FIXADDR_TOP - ((unsigned long)(x) << PAGE_SHIFT))

/* Segment descriptor fields (SDM Vol. 3A 3.4.5). */
#define SEG_TYPE_CODE	0xA	/* execute/read */
#define SEG_TYPE_DATA	0x2	/* read/write */
#define SEG_TYPE_TSS	0x9	/* available 32-bit TSS */

struct segdesc {
	uint16_t limit_lo;
	uint16_t base_lo;
	uint8_t base_mid;
	uint8_t access;		/* P | DPL(2) | S | type(4) */
	uint8_t limit_hi_flags;	/* G | D/B | 0 | AVL | limit 19:16 */
	uint8_t base_hi;
} __attribute__((packed));

/* An interrupt gate: IF cleared on entry (SDM Vol. 3A 6.12.1.2). */
#define GATE_INT32	0xE

struct gatedesc {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t zero;
	uint8_t access;		/* P | DPL(2) | 0 | type(4) */
	uint16_t off_hi;
} __attribute__((packed));

/* 32-bit TSS (SDM Vol. 3A 7.2.1); only ss0:esp0 matter until user mode exists. */
struct tss {
	uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
	uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap_base;
} __attribute__((packed));

#endif /* __ASSEMBLER__ */
#endif /* MMU_H */
