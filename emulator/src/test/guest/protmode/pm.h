/*
 * pm.h - what the files of the protmode guest share: selectors of its GDT, the TSS and trap
 * frame layouts, the tables and state in protmode.c, and the assembly in protmode.S.
 */
#ifndef PM_H
#define PM_H

#include "guest.h"

#define GDT_ENTRIES 32
#define KCODE   0x08
#define KDATA   0x10
#define UCODE   0x1B
#define UDATA   0x23
#define TSS_A   0x28
#define TSS_B   0x30
#define TSS16   0x38
#define GATE    0x48
#define RODATA  0x50
#define RWDATA  0x58
#define DOWN    0x60
#define XONLY   0x68
#define ABSENT  0x70
#define CODE16  0x80
#define DATA16  0x88
#define TGATE   0x90
#define CONFORM 0x98
#define USTACK  0xA3
#define ABSENT3 0xAB
#define LDT_SEL 0xB0
#define CODE_HI 0xB8
#define CODE1   0xC1
#define DATA1   0xC9
#define TSS_C   0xD0
#define GATE_CJ 0xF0              /* call gate, DPL 3, to conforming code */
#define DOWN4G  0xD8              /* expand-down, G = 1, B = 1, limit 0 */
#define CODE16RM 0xE0
#define DATA16RM 0xE8
#define RM_BLOB 0x8000
#define RM_RESULTS ((volatile u32 *)0x7F00)
#define BEYOND  0x1F8
#define CODE_HI_BASE 0x100000
#define LDT_DATA 0x0C           /* LDT index 1, TI = 1 */

#define EFLAGS_NT (1u << 14)
#define EFLAGS_VM (1u << 17)
#define EFLAGS_IOPL3 (3u << 12)
/* EFLAGS bits a frame is printed with: IF, IOPL, NT, VM (status flags vary with the code). */
#define EFLAGS_SHOWN 0x00027200u
#define V86_CS 0x0700
#define V86_CODE 0x7000

struct tss {
	u32 link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	u32 eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap;
} __attribute__((packed));

struct frame {                  /* as pm_alltraps builds it */
	u32 gs, fs, es, ds;
	u32 edi, esi, ebp, esp_dummy, ebx, edx, ecx, eax;
	u32 vector, error;
	u32 eip, cs, eflags;
	u32 esp, ss;            /* on a privilege change */
	u32 v86_es, v86_ds, v86_fs, v86_gs;     /* from V86 mode */
};
#define FRAME_WORDS (sizeof(struct frame) / 4)

struct tss_with_iomap { struct tss t; u8 iomap[129]; } __attribute__((packed));

extern u32 gdt[2 * GDT_ENTRIES];
extern u32 idt[2 * 256];
extern struct tss_with_iomap tss_a;
extern struct tss tss_b;
extern u16 tss16[22];
extern u8 kernel_stack[8192];
extern u8 task_b_stack[4096];
extern u8 task_c_stack[4096];
extern struct tss tss_c;
extern u32 bound_pair[2];
extern volatile u32 c_error;
extern volatile u32 c_tr, c_cr2, c_fix_esp0;
extern u32 pgdir[1024];
extern u32 pt_low[1024];
extern u8 unmapped_stack[4096];
extern u8 user_stack[4096];
extern u8 t16_area[512];
extern u8 test_area[8192];
extern u32 ldt[2 * 4];
extern volatile u32 pm_resume;
extern u32 cg_record[8];
extern u32 g16_record[4];
extern volatile u32 task_b_jmp_back;
extern volatile u32 b_tr, b_eflags, b_link;
extern volatile u32 exit_eax;
extern volatile int got_vector;
extern volatile u32 got_error;
extern u32 got[FRAME_WORDS];

extern void pm_leave(void) __attribute__((noreturn));
extern void u_iret_flags(void), u_popf_flags(void);
extern void pm_enter(const u32 *words, u32 count, u32 eax, u32 ds);
extern void iret_probe(u32 cs, u32 ss);
extern void retf_probe(u32 cs, u32 ss);
extern void pm_vec0(void), pm_vec1(void), pm_vec2(void), pm_vec3(void), pm_vec4(void), pm_vec5(void),
	pm_vec6(void), pm_vec7(void), pm_vec8(void), pm_vec9(void), pm_vec10(void), pm_vec11(void),
	pm_vec12(void), pm_vec13(void), pm_vec14(void), pm_vec15(void), pm_vec16(void), pm_vec17(void),
	pm_vec18(void), pm_vec19(void), pm_vec64(void), pm_vec65(void), pm_vec66(void), pm_vec128(void);
extern void u_mov_ds(void), u_mov_ds_end(void), u_int40(void), u_int40_end(void), u_int41(void),
	u_int41_end(void), u_int42(void), u_int42_end(void), u_hlt(void), u_hlt_end(void), u_cli(void),
	u_cli_end(void), u_out80(void), u_out80_end(void), u_in81(void), u_in81_end(void), u_outw7f(void),
	u_outw7f_end(void), u_ss_read(void), u_ss_read_end(void), u_callgate(void), u_callgate_end(void),
	u_callgate_bad(void), u_callgate_bad_end(void), u_push_wrap(void), u_push_wrap_end(void),
	u_int3(void), u_int3_end(void), u_int44(void), u_int44_end(void), u_bound(void), u_bound_end(void),
	task_c_entry(void), iret_nt_probe(void), u_task_call(void), u_task_call_end(void), u_gate_jump(void),
	u_gate_jump_end(void), conf_jump_target(void), real_mode_trip(void), rm_blob(void), rm_blob_end(void), u_read_ds(void), u_read_ds_end(void), u_conforming_call(void),
	u_conforming_call_end(void), gate16_probe(void), gate16_return(void), handler16(void),
	cg_target(void), task_b_entry(void), task16_code(void), task16_code_end(void), v86_code(void),
	v86_code_end(void);


/* protmode.c */
void set_seg(int sel, u32 base, u32 limit, u8 access, u8 flags);
void set_gate(u32 *table, int index, u16 sel, u32 off, u8 access, u8 params);
void load_idtr(u16 limit);
void result(void);
void label(const char *what, u32 value, int digits);
struct frame *frame(void);
void user(const char *what, void (*code)(void), void (*end)(void), u32 eax, u16 ss, u32 esp);
void user_flat(const char *what, void (*code)(void), void (*end)(void), u32 eax);
void print_frame(const char *what, u32 eip_base, int outer);
/* pm_segments.c */
void load_ds(u16 sel);
void segments(void);
void ldt_test(void);
void descriptors(void);
/* pm_gates.c */
void ring3(void);
void kernel_interrupts(void);
/* pm_tasks.c */
void task_b_body(void);
void task_c_body(void);
void task_state(const char *what);
void tasks(void);
void stack_switch_faults(void);
/* pm_modes.c */
void v86_tests(void);
void real_mode(void);
void paging_double_fault(void);
void double_fault(void);

#endif
