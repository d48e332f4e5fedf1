/*
 * entry.S - Multiboot probe: records the CPU state the loader hands over,
 * before touching any register, then calls probe_main().  Used by
 * MultibootProbeTest to learn what QEMU passes and to check that j386's
 * loader passes the same.
 */
	.section .multiboot, "a"
	.align 4
	.long 0x1BADB002
	.long 0x00000003
	.long -(0x1BADB002 + 0x00000003)

	.text
	.globl _start
_start:
	movl %eax, entry_regs + 0
	movl %ebx, entry_regs + 4
	movl %ecx, entry_regs + 8
	movl %edx, entry_regs + 12
	movl %esi, entry_regs + 16
	movl %edi, entry_regs + 20
	movl %ebp, entry_regs + 24
	movl %esp, entry_regs + 28
	pushfl
	popl entry_regs + 32
	movl %cr0, %eax
	movl %eax, entry_regs + 36
	movw %cs, entry_regs + 40
	movw %ds, entry_regs + 44
	movw %es, entry_regs + 48
	movw %fs, entry_regs + 52
	movw %gs, entry_regs + 56
	movw %ss, entry_regs + 60
	sgdt entry_regs + 64
	sidt entry_regs + 72
	movl %cr4, %eax
	movl %eax, entry_regs + 80
	movl $stack_top, %esp
	call probe_main
1:	cli
	hlt
	jmp 1b

	.bss
	.align 16
	.skip 8192
stack_top:
	.section .note.GNU-stack, "", @progbits
