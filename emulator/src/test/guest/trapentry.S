/* trapentry.S - IDT entry stubs: push a uniform trapframe (guest.h) and call trap(). */
.macro NOERR n
	.globl vec\n
vec\n:	push $0
	push $\n
	jmp alltraps
.endm
.macro ERR n
	.globl vec\n
vec\n:	push $\n
	jmp alltraps
.endm

	.text
NOERR 0; NOERR 1; NOERR 2; NOERR 3; NOERR 4; NOERR 5; NOERR 6; NOERR 7
ERR 8; NOERR 9; ERR 10; ERR 11; ERR 12; ERR 13; ERR 14; NOERR 15
NOERR 16; ERR 17; NOERR 18; NOERR 19
NOERR 128

alltraps:
	pusha
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	push %esp
	call trap
	add $4, %esp
	/* Back to user data segments when returning to CPL 3. */
	testl $3, 44(%esp)
	jz 1f
	mov $0x23, %ax
	mov %ax, %ds
	mov %ax, %es
1:	popa
	add $8, %esp
	iret

/* enter_user(eip, esp): save the kernel context, iret to CPL 3. int $0x80 comes back here. */
	.globl enter_user
enter_user:
	push %ebp
	push %ebx
	push %esi
	push %edi
	mov %esp, saved_kernel_esp
	mov 20(%esp), %eax              /* eip */
	mov 24(%esp), %ecx              /* esp */
	mov $0x23, %dx
	mov %dx, %ds
	mov %dx, %es
	push $0x23                      /* ss */
	push %ecx                       /* esp */
	push $0x002                     /* eflags: IF clear, the BIOS may have left the PIT running */
	push $0x1b                      /* cs */
	push %eax                       /* eip */
	iret

	.globl leave_user
leave_user:                             /* reached from trap() on int $0x80 */
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov saved_kernel_esp, %esp
	pop %edi
	pop %esi
	pop %ebx
	pop %ebp
	ret

	.data
saved_kernel_esp: .long 0

	.section .note.GNU-stack, "", @progbits
