/*
 * trapentry.S - the entry stubs and the common path that saves a struct
 * trapframe (traps.h) and calls trap(): vectors 0..31 (exceptions), 32..47
 * (the two 8259As' IRQ 0..15 after remapping) and 0x80 (system calls).
 * Vectors without a CPU error code push a zero so the frame has one shape.
 * trapret is also where a new task starts (switch.S: ret_from_fork).
 */
#include "mmu.h"
#include "traps.h"

.macro VECTOR n
	.text
vector\n:
.if TRAP_HAS_ERRCODE(\n) == 0
	pushl $0
.endif
	pushl $\n
	jmp alltraps
	.section .rodata
	.long vector\n
.endm

	.section .rodata
	.align 4
	.globl trap_vectors
trap_vectors:
.altmacro
.set i, 0
.rept NR_IDT_STUBS
	VECTOR %i
	.set i, i + 1
.endr

	.text
	.globl syscall_vector
syscall_vector:
	pushl $0
	pushl $SYSCALL_VECTOR
	jmp alltraps

alltraps:
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	pushal
	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	pushl %esp			/* struct trapframe * */
	call trap
	addl $4, %esp
	.globl trapret
trapret:
	popal
	popl %gs
	popl %fs
	popl %es
	popl %ds
	addl $8, %esp			/* trapno and error code */
	iret
