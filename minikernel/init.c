/*
 * init.c - kernel page tables (Linux's arch/i386/mm/init.c).
 */
#include "defs.h"
#include "mmu.h"
#include "x86.h"

/* Flush every non-global TLB entry by reloading CR3 (the 386 way; fine on the 486). */
void __flush_tlb_all(void)
{
	write_cr3(read_cr3());
}

/*
 * Drops the boot identity mapping: from here on a kernel access below
 * PAGE_OFFSET (a NULL pointer, a stray physical address) faults.
 */
void zap_low_mappings(void)
{
	unsigned int i;

	for (i = 0; i < PDX(PAGE_OFFSET); i++)
		swapper_pg_dir[i] = 0;
	__flush_tlb_all();
}
