/*
 * protmode.S - the assembly half of protmode.c: trap entry, entering ring 3 and V86 mode with
 * IRET and coming back, the ring-3 probes, the call-gate target, the bodies of task B and of
 * the 16-bit task, and the V86 code.
 */
	.text

/* ---- trap entry: every vector pushes (error, vector) and reaches pm_trap(struct frame *) */
.macro NOERR n
	.globl pm_vec\n
pm_vec\n:
	push $0
	push $\n
	jmp pm_alltraps
.endm
.macro ERR n
	.globl pm_vec\n
pm_vec\n:
	push $\n
	jmp pm_alltraps
.endm

NOERR 0; NOERR 1; NOERR 2; NOERR 3; NOERR 4; NOERR 5; NOERR 6; NOERR 7
ERR 8; NOERR 9; ERR 10; ERR 11; ERR 12; ERR 13; ERR 14; NOERR 15
NOERR 16; ERR 17; NOERR 18; NOERR 19
NOERR 64; NOERR 65; NOERR 66; NOERR 128

pm_alltraps:
	pusha
	push %ds
	push %es
	push %fs
	push %gs
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	push %esp
	call pm_trap
	add $4, %esp
	pop %gs
	pop %fs
	pop %es
	pop %ds
	popa
	add $8, %esp
	iret

/*
 * pm_enter(words, count, eax, ds): saves the kernel context, pushes words[count-1] .. words[0]
 * (an IRET frame: EIP, CS, EFLAGS, ESP, SS[, ES, DS, FS, GS]), loads EAX, DS and ES and IRETs.
 * pm_leave (called from pm_trap) restores the context: pm_enter returns.
 */
	.globl pm_enter
pm_enter:
	push %ebp
	push %ebx
	push %esi
	push %edi
	mov %esp, pm_saved_esp
	mov 20(%esp), %esi
	mov 24(%esp), %ecx
	mov 32(%esp), %edx
	mov 28(%esp), %eax
1:	pushl -4(%esi,%ecx,4)
	loop 1b
	mov %dx, %ds
	mov %dx, %es
	iret

	.globl pm_leave
pm_leave:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	mov pm_saved_esp, %esp
	pop %edi
	pop %esi
	pop %ebx
	pop %ebp
	ret

/* ---- ring-3 probes: one instruction, then int $0x80 back to the kernel.
 * A probe that faults resumes at its _end label (pm_resume). */
.macro PROBE name, insn:vararg
	.globl u_\name, u_\name\()_end
u_\name:
	\insn
u_\name\()_end:
	int $0x80
.endm

PROBE mov_ds, mov %ax, %ds
PROBE int40, int $0x40
PROBE int41, int $0x41
PROBE int42, int $0x42
PROBE hlt, hlt
PROBE cli, cli
PROBE out80, outb %al, $0x80
PROBE in81, inb $0x81, %al
PROBE outw7f, outw %ax, $0x7f
PROBE ss_read, movl %ss:0xffd, %eax
PROBE callgate_bad, lcall $0x4b, $0
PROBE int3, int3
PROBE int44, int $0x44
PROBE bound, bound %eax, bound_pair

/* ---- IRET with EFLAGS.NT at CPL 0: a task return through the back link of TSS A; it must fault */
	.globl iret_nt_probe
iret_nt_probe:
	movl $1f, pm_resume
	pushfl
	orl $0x4000, (%esp)
	popfl
	iret
1:	pushfl
	andl $~0x4000, (%esp)
	popfl
	movl $0, pm_resume
	ret

/* ---- task C, reached through a task gate for #GP: takes the error code, IRETs to the caller */
	.globl task_c_entry
task_c_entry:
	pop %eax
	mov %eax, c_error
	call task_c_body
	iret
	jmp task_c_entry
PROBE read_ds, mov %ds, %eax
PROBE conforming_call, lcall $0x9b, $conf_target
PROBE task_call, lcall $0x93, $0
PROBE gate_jump, ljmp $0xf3, $0

/* ---- IRET and POPF at ring 3, IOPL 0: IF and IOPL in the image are ignored */
	.globl u_iret_flags, u_popf_flags
u_iret_flags:
	pushfl
	orl $0x3200, (%esp)
	push %cs
	push $1f
	iret
1:	pushfl
	popl %eax
	int $0x80
u_popf_flags:
	pushfl
	orl $0x3200, (%esp)
	popfl
	pushfl
	popl %eax
	int $0x80

/* ---- reached from ring 3 by JMP through a call gate to conforming code: still CPL 3 */
	.globl conf_jump_target
conf_jump_target:
	mov %cs, %eax
	int $0x80

/* ---- conforming code (DPL 0), called from ring 3: runs at CPL 3 */
	.globl conf_target
conf_target:
	mov %cs, %eax
	lret

/* ---- IRET probes at CPL 0: iret_probe(cs, ss) IRETs to cs:1f with ss:esp; it must fault */
	.globl iret_probe
iret_probe:
	push %ebp
	mov %esp, %ebp
	movl $1f, pm_resume
	pushl 12(%ebp)          /* ss */
	pushl %esp              /* esp */
	pushl $2                /* eflags */
	pushl 8(%ebp)           /* cs */
	pushl $1f               /* eip */
	iret
1:	mov %ebp, %esp
	movl $0, pm_resume
	pop %ebp
	ret

/* ---- RETF probes at CPL 0: retf_probe(cs, ss) returns to cs:1f with ss:esp; it must fault */
	.globl retf_probe
retf_probe:
	push %ebp
	mov %esp, %ebp
	movl $1f, pm_resume
	pushl 12(%ebp)          /* ss */
	pushl %esp              /* esp */
	pushl 8(%ebp)           /* cs */
	pushl $1f               /* eip */
	lret
1:	mov %ebp, %esp
	movl $0, pm_resume
	pop %ebp
	ret

/* ---- a 16-bit interrupt gate (vector 0x43) into a segment based at 1 MiB */
	.globl gate16_probe, handler16, gate16_return
gate16_probe:
	ljmp $0xb8, $(1f - 0x100000)
1:	int $0x43
gate16_return:
	ljmp $0x08, $2f
2:	ret

handler16:
	movzwl 0(%esp), %eax
	mov %eax, g16_record
	movzwl 2(%esp), %eax
	mov %eax, g16_record + 4
	movzwl 4(%esp), %eax
	mov %eax, g16_record + 8
	mov %esp, g16_record + 12
	iretw

	.globl u_callgate, u_callgate_end
u_callgate:
	push $0x22
	push $0x11
	lcall $0x4b, $0
u_callgate_end:
	mov %esp, %eax
	int $0x80

	.globl u_push_wrap, u_push_wrap_end
u_push_wrap:
	mov %esp, %ebx
	mov $2, %esp
	push %eax
u_push_wrap_end:
	mov %ebx, %esp
	int $0x80

/* ---- call-gate target (ring 0): records six dwords of the new stack, returns with RETF 8 */
	.globl cg_target
cg_target:
	mov 0(%esp), %eax
	mov %eax, cg_record
	mov 4(%esp), %eax
	mov %eax, cg_record + 4
	mov 8(%esp), %eax
	mov %eax, cg_record + 8
	mov 12(%esp), %eax
	mov %eax, cg_record + 12
	mov 16(%esp), %eax
	mov %eax, cg_record + 16
	mov 20(%esp), %eax
	mov %eax, cg_record + 20
	mov %cs, %ax
	mov %ax, cg_record + 24
	mov %ss, %ax
	mov %ax, cg_record + 28
	lret $8

/* ---- task B: record, then IRET to the caller or JMP back to task A */
	.globl task_b_entry
task_b_entry:
	call task_b_body
	cmpl $0, task_b_jmp_back
	jne 2f
	iret
	jmp task_b_entry
2:	ljmp $0x28, $0
	jmp task_b_entry

/* ---- the 16-bit task: CS and DS based at these labels' segment, IP 0 */
	.globl task16_code, task16_code_end
	.code16
task16_code:
	movl %eax, %ds:0
	movl %ebx, %ds:4
	movl %esp, %ds:8
	pushfl
	popl %eax
	movl %eax, %ds:12
	mov %fs, %ax
	mov %ax, %ds:16
	iret
	jmp task16_code
task16_code_end:

/* ---- V86 code, copied to 0x7000 (CS 0x0700) */
	.globl v86_code, v86_code_end
v86_code:
	cli                     /* IP 0 */
	int $0x42               /* IP 1 */
	hlt                     /* IP 3 */
	inb $0x80, %al          /* IP 4: allowed by the bitmap */
	cli                     /* IP 6 */
	inb $0x81, %al          /* IP 7: refused, whatever IOPL */
	hlt
v86_code_end:
	.code32

/* ---- a trip to real mode and back (SDM 9.9.2): rm_blob is copied to 0x8000 and runs with
 * CS = 0x0800. Results land at 0x7F00 (see protmode.c). */
	.code32
	.globl real_mode_trip, rm_blob, rm_blob_end
real_mode_trip:
	push %ebp
	push %ebx
	push %esi
	push %edi
	mov %esp, rm_saved_esp
	mov $0x10, %ax
	mov %ax, %fs                    /* FS keeps a 4 GiB limit into real mode */
	mov $0xe8, %ax                  /* DATA16RM: base 0, limit 0xFFFF */
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %gs
	mov %ax, %ss
	ljmp $0xe0, $0                  /* CODE16RM: base 0x8000 */

	.globl rm_back32
rm_back32:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	mov %ax, %ss
	mov rm_saved_esp, %esp
	pop %edi
	pop %esi
	pop %ebx
	pop %ebp
	ret

	.code16
rm_blob:
	mov %cr0, %eax
	and $~1, %eax
	mov %eax, %cr0
	ljmp $0x0800, $(rm_real - rm_blob)
rm_real:
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $0x7000, %esp               /* all of ESP: 32-bit addressing below uses it */
	mov %ax, %fs                    /* a real-mode load: base 0, the 4 GiB limit stays */
	mov $0x100000, %ebx
	movl %fs:(%ebx), %eax           /* the Multiboot magic, above 1 MiB */
	movl %eax, 0x7f00
	movw $(rm_gp - rm_blob), 13 * 4
	movw $0x0800, 13 * 4 + 2
	movw $(rm_int60 - rm_blob), 0x60 * 4
	movw $0x0800, 0x60 * 4 + 2
	lidt %cs:(rm_ivt - rm_blob)
	pushfl
	orl $0x40100, (%esp)            /* AC and TF: INT clears both */
	andl $~0x100, (%esp)            /* (TF would trap: leave it clear) */
	popfl
	int $0x60
	pushfl
	popl %eax
	movl %eax, 0x7f08               /* EFLAGS after IRET: the 16-bit IRET leaves AC cleared */
	mov $0xffff, %si
	mov (%si), %ax                  /* a word at DS:FFFF crosses the 64 KiB limit: #GP */
	movw %ss, 0x7f0c
	movw %sp, 0x7f0e
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmpl $0x08, $rm_back32

rm_gp:                                  /* vector 13 through the IVT: skip the 2-byte MOV */
	push %bp
	mov %sp, %bp
	movw 2(%bp), %ax
	movw %ax, 0x7f10                /* IP of the faulting MOV */
	movw 4(%bp), %ax
	movw %ax, 0x7f12                /* CS */
	addw $2, 2(%bp)
	pop %bp
	iret

rm_int60:
	pushfl
	popl %eax
	movl %eax, 0x7f04               /* EFLAGS inside the handler */
	iret

rm_ivt:
	.word 0x3ff
	.long 0
rm_blob_end:
	.code32

	.data
rm_saved_esp: .long 0
pm_saved_esp: .long 0

	.section .note.GNU-stack, "", @progbits
