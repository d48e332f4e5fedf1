/*
 * crt0.S - process entry and the system-call trap.  The kernel starts a
 * program with esp at argc, then argv[], NULL, envp[], NULL, auxv (the
 * i386 System V ABI's initial stack); _start calls main(argc, argv, envp)
 * and exits with its result.  __syscall6(nr, a1..a6) loads Linux's
 * registers (eax = nr; ebx, ecx, edx, esi, edi, ebp) and traps with int $0x80.
 */
	.text
	.globl _start
_start:
	xorl %ebp, %ebp
	movl (%esp), %eax		/* argc */
	leal 4(%esp), %ebx		/* argv */
	leal 8(%esp,%eax,4), %ecx	/* envp = argv + argc + 1 */
	andl $-16, %esp
	subl $4, %esp
	pushl %ecx
	pushl %ebx
	pushl %eax
	movl %ecx, environ
	call main
	pushl %eax
	call exit
1:	hlt				/* not reached: exit does not return */
	jmp 1b

	.globl __syscall6
__syscall6:
	pushl %ebp
	pushl %edi
	pushl %esi
	pushl %ebx
	movl 20(%esp), %eax
	movl 24(%esp), %ebx
	movl 28(%esp), %ecx
	movl 32(%esp), %edx
	movl 36(%esp), %esi
	movl 40(%esp), %edi
	movl 44(%esp), %ebp
	int $0x80
	popl %ebx
	popl %esi
	popl %edi
	popl %ebp
	ret

	.bss
	.globl environ
	.align 4
environ:
	.long 0
