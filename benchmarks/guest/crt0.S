/* crt0.S - Multiboot v1 header and entry for j386's benchmark guests: flat 32-bit, a stack,
 * bench_main(magic, info) with EAX and EBX as the loader left them (Multiboot 0.6.96 3.2). */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003            /* page-aligned modules, memory information */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.text
	.globl _start
_start:
	cli
	mov $stack_top, %esp
	cld
	push %ebx
	push %eax
	call bench_main                 /* never returns: it powers off */
1:	hlt
	jmp 1b

	.bss
	.align 16
	.globl stack_top
stack:	.space 16384
stack_top:

	.section .note.GNU-stack, "", @progbits
