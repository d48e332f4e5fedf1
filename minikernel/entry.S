/*
 * entry.S - Multiboot entry.  The loader jumps here in 32-bit protected mode
 * with paging off, EAX = 0x2BADB002 and EBX = the physical address of the
 * Multiboot information.  This code runs at its physical address (section
 * .boot is linked 1:1), builds the boot page tables, turns paging on and
 * jumps to start_kernel in the higher half.
 *
 * The boot tables map the first BOOT_MAP_SIZE bytes twice: identity, so the
 * instruction after "mov cr0" still fetches, and at PAGE_OFFSET, where the
 * kernel is linked.  The identity half stays until paging_init() has built
 * the real kernel mapping: setup.c reads the Multiboot structures through the
 * high mapping only, so nothing needs it after the jump; zap_low_mappings()
 * drops it then, as Linux 2.4 does.  4 KiB pages only: the 486 has no PSE.
 */
#include "mmu.h"
#include "multiboot.h"

#define V2P(x)	((x) - PAGE_OFFSET)

	.section .multiboot, "a"
	.align 4
multiboot_header:
	.long MULTIBOOT_HEADER_MAGIC
	.long MULTIBOOT_HEADER_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS)

	.section .boot.text, "ax"
	.globl _start
_start:
	cli
	cld
	movl %eax, %esi			/* keep the loader's magic and info pointer */
	movl %ebx, %edx

	/* Zero .bss ourselves: the boot tables live there and a loader may not clear it. */
	movl $V2P(__bss_start), %edi
	movl $V2P(__bss_end), %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl

	/* boot_pgtables[i] = (i << PAGE_SHIFT) | PAGE_KERNEL for all BOOT_MAP_SIZE */
	movl $V2P(boot_pgtables), %edi
	movl $PAGE_KERNEL, %eax
	movl $(BOOT_MAP_SIZE >> PAGE_SHIFT), %ecx
1:	stosl
	addl $PAGE_SIZE, %eax
	loop 1b

	/* Point PDEs 0.. (identity) and PDX(PAGE_OFFSET).. (kernel) at the same tables. */
	movl $V2P(boot_pgtables) + _KERNPG_TABLE, %eax
	movl $V2P(swapper_pg_dir), %edi
	movl $BOOT_PGTABLES, %ecx
	xorl %ebx, %ebx
2:	movl %eax, (%edi,%ebx,4)
	movl %eax, ((PAGE_OFFSET >> PGDIR_SHIFT) * 4)(%edi,%ebx,4)
	addl $PAGE_SIZE, %eax
	incl %ebx
	loop 2b

	movl %edi, %cr3
	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP), %eax	/* WP: make the kernel honour read-only PTEs too (486+) */
	movl %eax, %cr0

	movl $higher_half, %eax
	jmp *%eax

	.text
higher_half:
	movl $boot_stack_top, %esp
	xorl %ebp, %ebp			/* terminates frame-pointer walks */
	pushl %edx			/* struct multiboot_info * (physical) */
	pushl %esi			/* loader magic */
	call start_kernel
3:	cli
	hlt
	jmp 3b

	.section .bss.page_aligned, "aw", @nobits
	.align PAGE_SIZE
	.globl swapper_pg_dir
swapper_pg_dir:
	.skip PAGE_SIZE
boot_pgtables:
	.skip BOOT_PGTABLES * PAGE_SIZE
	.globl boot_stack
boot_stack:
	.skip 4 * PAGE_SIZE
	.globl boot_stack_top
boot_stack_top:
