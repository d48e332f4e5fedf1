/* crt0.S - Multiboot v1 header and entry for j386 guest tests: flat 32-bit, stack, main(). */
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
	call serial_init
	call main
	push $3
	call poweroff

	.bss
	.align 16
	.globl stack_top
stack:	.space 16384
stack_top:

	.section .note.GNU-stack, "", @progbits
