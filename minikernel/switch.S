/*
 * switch.S - the context switch and the first instructions of a new task.
 *
 * switch_context(&prev->thread.esp, next->thread.esp) pushes the callee-saved
 * registers the i386 System V ABI asks a function to keep (ebp, ebx, esi,
 * edi), saves esp, loads the next task's esp and pops its registers, so it
 * "returns" in the next task wherever that task last called it.  A new task's
 * stack is prepared by fork.c to look the same, with the return address
 * ret_from_fork (a forked user process: straight to trapret with its copied
 * trapframe) or kernel_thread_helper (call ebx(esi), then kthread_return()).
 */
	.text
	.globl switch_context
switch_context:
	movl 4(%esp), %eax		/* unsigned long *prev_esp */
	movl 8(%esp), %edx		/* unsigned long next_esp */
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, (%eax)
	movl %edx, %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret

	.globl ret_from_fork
ret_from_fork:
	jmp trapret

	.globl kernel_thread_helper
kernel_thread_helper:
	pushl %esi
	call *%ebx
	movl %eax, (%esp)
	call kthread_return		/* exits unless fn set up a user context */
	addl $4, %esp
	jmp trapret
