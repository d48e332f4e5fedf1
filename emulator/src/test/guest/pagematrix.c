/*
 * pagematrix.c - the page-protection matrix of SDM Vol. 3A 4.6, measured.
 *
 * For every combination of PDE.P/U/W x PTE.P/U/W x CPL 0/3 x CR0.WP x read/write/fetch, this
 * test points linear page 0x00800000 at a frame through a page table with those bits, makes one
 * access, and prints whether it faulted, the #PF error code, CR2, and the A/D bits left in the
 * PDE and PTE. A/D are cleared and the TLB flushed (CR3 reload) before each access.
 *
 * Every access is made with ECX holding the address to continue at; the #PF handler resumes
 * there, so a fault costs one line of output and nothing else.
 */
#include "guest.h"

#define PTE_P (1u << 0)
#define PTE_W (1u << 1)
#define PTE_U (1u << 2)
#define PTE_A (1u << 5)
#define PTE_D (1u << 6)
#define CR0_PG (1u << 31)
#define CR0_WP (1u << 16)

#define TEST_VA 0x00800000u                     /* PDE index 2, PTE index 0 */
#define DATA_OFF 0x100                          /* reads and writes here, code at offset 0 */

enum { READ, WRITE, FETCH };
static const char *const kind_name[] = { "read ", "write", "fetch" };

static u32 pgdir[1024] __attribute__((aligned(4096)));
static u32 pt_low[1024] __attribute__((aligned(4096)));
static u32 pt_test[1024] __attribute__((aligned(4096)));
static u8 test_frame[4096] __attribute__((aligned(4096)));
static u8 user_stack[4096] __attribute__((aligned(4096)));
static u8 kernel_stack[4096] __attribute__((aligned(4096)));

static volatile int faulted;
static volatile u32 fault_error, fault_cr2;

/* The user-mode side: one stub per access kind, in a page of its own that CPL 3 may run. */
void user_read(void), user_write(void), user_fetch(void), user_text_end(void);
__asm__(
	".section .usertext, \"ax\"\n"
	".balign 4096\n"
	"user_read:  mov $0x00800100, %eax; lea 1f, %ecx; mov (%eax), %edx; 1: int $0x80\n"
	"user_write: mov $0x00800100, %eax; lea 1f, %ecx; movl $0x5a, (%eax); 1: int $0x80\n"
	"user_fetch: mov $0x00800000, %eax; lea 1f, %ecx; jmp *%eax; 1: int $0x80\n"
	".balign 4096\n"
	"user_text_end:\n"
	".text\n");

static void page_fault(struct trapframe *tf)
{
	faulted = 1;
	fault_error = tf->error;
	fault_cr2 = read_cr2();
	tf->eip = tf->ecx;                      /* resume after the access */
}

static void kernel_access(int kind)
{
	switch (kind) {
	case READ:
		__asm__ volatile("lea 1f, %%ecx; mov (%0), %%edx; 1:"
				 : : "r"(TEST_VA + DATA_OFF) : "ecx", "edx", "memory");
		break;
	case WRITE:
		__asm__ volatile("lea 1f, %%ecx; movl $0x5a, (%0); 1:"
				 : : "r"(TEST_VA + DATA_OFF) : "ecx", "memory");
		break;
	default:
		__asm__ volatile("lea 1f, %%ecx; jmp *%0; 1:"
				 : : "r"(TEST_VA) : "ecx", "memory");
		break;
	}
}

static void (*const user_stub[])(void) = { user_read, user_write, user_fetch };

static void bits(const char *name, u32 e)
{
	puts(name);
	puts(e & PTE_P ? " p" : " -");
	puts(e & PTE_U ? "u" : "s");
	puts(e & PTE_W ? "w" : "r");
}

static void one(int cpl, int wp, int kind, u32 pde_bits, u32 pte_bits)
{
	pgdir[TEST_VA >> 22] = (u32)pt_test | pde_bits;
	pt_test[0] = (u32)test_frame | pte_bits;
	write_cr0(wp ? read_cr0() | CR0_WP : read_cr0() & ~CR0_WP);
	write_cr3((u32)pgdir);
	faulted = 0;
	if (cpl == 3)
		enter_user((u32)user_stub[kind], (u32)user_stack + sizeof(user_stack));
	else
		kernel_access(kind);

	bits("pde", pde_bits);
	bits(" pte", pte_bits);
	puts(" cpl");
	putdec((u32)cpl);
	puts(" wp");
	putdec((u32)wp);
	putc(' ');
	puts(kind_name[kind]);
	if (faulted) {
		puts(" #PF ");
		puthex(fault_error, 4);
		puts(" cr2=");
		puthex(fault_cr2, 8);
	} else {
		puts(" ok            ");
	}
	u32 pde = pgdir[TEST_VA >> 22], pte = pt_test[0];
	puts(pde & PTE_A ? " pde.A" : " pde.-");
	puts(pte & PTE_A ? " pte.A" : " pte.-");
	puts(pte & PTE_D ? "D" : "-");
	putc('\n');
}

static void map_low(void)
{
	u32 utext = (u32)user_read & ~0xFFFu, ustack = (u32)user_stack;
	for (u32 i = 0; i < 1024; i++) {
		u32 pa = i << 12;
		u32 u = (pa == utext || pa == ustack) ? PTE_U : 0;
		pt_low[i] = pa | PTE_P | PTE_W | u;
	}
	pgdir[0] = (u32)pt_low | PTE_P | PTE_W | PTE_U;
}

int main(void)
{
	unsigned lines = 0;

	desc_init((u32)kernel_stack + sizeof(kernel_stack));
	set_trap_handler(14, page_fault);
	test_frame[0] = 0xFF;                   /* jmp *%ecx: a fetch that succeeds comes back */
	test_frame[1] = 0xE1;
	map_low();
	write_cr3((u32)pgdir);
	write_cr0(read_cr0() | CR0_PG);
	puts("page protection matrix: pde/pte = present(p) user(u)/supervisor(s) write(w)/read-only(r)\n");

	for (int cpl = 0; cpl <= 3; cpl += 3)
		for (int wp = 0; wp <= 1; wp++)
			for (int kind = READ; kind <= FETCH; kind++)
				for (u32 pde = 0; pde < 8; pde++)
					for (u32 pte = 0; pte < 8; pte++) {
						/* bit 0 = P, 1 = W, 2 = U: the encodings of the entries */
						one(cpl, wp, kind, pde, pte);
						lines++;
					}
	puts("matrix done: ");
	putdec(lines);
	puts(" accesses\n");
	poweroff(0);
}
