/*
 * rom.S - a 64 KiB BIOS image for -bios: the processor's first instruction (F000:FFF0) jumps here,
 * prints over COM1 in real mode, enters protected mode with a flat GDT kept in the ROM, prints
 * CR0 and checks that the ROM reads the same at the top of 4 GiB as below 1 MiB, then ends the
 * run through isa-debug-exit (exit status 0x21).
 *
 * Linked at offset 0: the image is seen at physical 0xF0000 (ROM_BASE) in the 1 MiB window and
 * at 0xFFFF0000 (ROM_TOP) at the top of the address space.
 */
#define ROM_BASE 0xF0000
#define ROM_TOP 0xFFFF0000
#define COM1 0x3F8
#define UART_LSR_THRE 0x20
#define DEBUG_EXIT_PORT 0xF4
#define CR0_PE 1

	.code16
	.text
start:
	cli
	cld
	mov %cs, %ax
	mov %ax, %ds
	xor %ax, %ax
	mov %ax, %ss
	mov $0x7000, %sp
	/* COM1: 115200 8N1, no interrupts. */
	mov $COM1 + 3, %dx; mov $0x80, %al; out %al, %dx
	mov $COM1, %dx; mov $1, %al; out %al, %dx
	mov $COM1 + 1, %dx; xor %al, %al; out %al, %dx
	mov $COM1 + 3, %dx; mov $0x03, %al; out %al, %dx
	mov $msg_real, %si
	call puts16
	/* The real-mode view of the reset vector's segment: CS is F000 now. */
	mov %cs, %ax
	call puthex16
	mov $msg_nl, %si
	call puts16

	lgdtl %cs:gdtr
	mov %cr0, %eax
	or $CR0_PE, %eax
	mov %eax, %cr0
	ljmpl $0x08, $(pm32 + ROM_BASE)

/* puts16: print the NUL-terminated string at DS:SI. */
puts16:
	lodsb
	test %al, %al
	jz 2f
	mov %al, %bl
	mov $COM1 + 5, %dx
1:	in %dx, %al
	test $UART_LSR_THRE, %al
	jz 1b
	mov $COM1, %dx
	mov %bl, %al
	out %al, %dx
	jmp puts16
2:	ret

/* puthex16: print AX as four hex digits. */
puthex16:
	mov $4, %cx
1:	rol $4, %ax
	push %ax
	and $0xF, %al
	add $'0', %al
	cmp $'9', %al
	jbe 2f
	add $'a' - '9' - 1, %al
2:	mov %al, %bl
	mov $COM1 + 5, %dx
3:	in %dx, %al
	test $UART_LSR_THRE, %al
	jz 3b
	mov $COM1, %dx
	mov %bl, %al
	out %al, %dx
	pop %ax
	loop 1b
	ret

	.code32
pm32:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $0x7000, %esp
	mov $(msg_prot + ROM_BASE), %esi
	call puts32
	mov %cr0, %eax
	call puthex32
	/* The same bytes in both windows: compare the first 256 dwords and the reset vector. */
	mov $(ROM_BASE), %esi
	mov $(ROM_TOP), %edi
	mov $64, %ecx
	repe cmpsl
	jne 1f
	mov $(ROM_BASE + 0xFFF0), %eax
	mov (%eax), %eax
	cmp %eax, ROM_TOP + 0xFFF0
	jne 1f
	mov $(msg_same + ROM_BASE), %esi
	jmp 2f
1:	mov $(msg_differ + ROM_BASE), %esi
2:	call puts32
	mov $0x10, %al
	out %al, $DEBUG_EXIT_PORT
	cli
	hlt

puts32:
	lodsb
	test %al, %al
	jz 2f
	mov %al, %bl
	mov $COM1 + 5, %dx
1:	in %dx, %al
	test $UART_LSR_THRE, %al
	jz 1b
	mov $COM1, %dx
	mov %bl, %al
	out %al, %dx
	jmp puts32
2:	ret

/* puthex32: print EAX as eight hex digits and a newline. */
puthex32:
	mov $8, %ecx
1:	rol $4, %eax
	push %eax
	and $0xF, %al
	add $'0', %al
	cmp $'9', %al
	jbe 2f
	add $'a' - '9' - 1, %al
2:	mov %al, %bl
	mov $COM1 + 5, %dx
3:	in %dx, %al
	test $UART_LSR_THRE, %al
	jz 3b
	mov $COM1, %dx
	mov %bl, %al
	out %al, %dx
	pop %eax
	loop 1b
	mov $COM1, %dx
	mov $'\n', %al
	out %al, %dx
	ret

msg_real:	.asciz "rom: real mode, cs "
msg_nl:		.asciz "\n"
msg_prot:	.asciz "rom: protected mode, cr0 "
msg_same:	.asciz "rom: the image reads the same at 0xffff0000 and 0xf0000\n"
msg_differ:	.asciz "rom: the two windows differ\n"

	.balign 8
gdt:	.quad 0
	.quad 0x00CF9A000000FFFF		/* 0x08: flat 32-bit code */
	.quad 0x00CF92000000FFFF		/* 0x10: flat data */
gdtr:	.word gdtr - gdt - 1
	.long gdt + ROM_BASE

	/* The reset vector: the processor starts at CS base 0xFFFF0000 + EIP 0xFFF0. */
	.org 0xFFF0, 0xFF
	.code16
	ljmp $0xF000, $start
	.org 0x10000, 0xFF

	.section .note.GNU-stack, "", @progbits
