/*
 * pagefault.c - the raw #PF round trip: paging on, a load from a linear address whose PTE is
 * not present, the fault through a 32-bit interrupt gate to a four-instruction handler that
 * drops the error code, resumes after the load (its address is in ECX) and IRETs
 * (SDM Vol. 3A 4.7, 6.12). One round is one fault; the TLB never caches the non-present page,
 * so every round walks PDE -> PTE too.
 *
 *   linear 0x00000000-0x003FFFFF  identity-mapped (this image, its stack and tables, COM1 is I/O)
 *   linear 0x00400000-0x007FFFFF  a page table with no present entry: FAULT_VA faults
 */
#include "bench.h"

#define PTE_P (1u << 0)
#define PTE_W (1u << 1)
#define CR0_PG (1u << 31)
#define PAGE_SIZE 4096
#define FAULT_VA 0x00400100u

const char workload_name[] = "pagefault";

static u32 pgdir[1024] __attribute__((aligned(PAGE_SIZE)));
static u32 pt_low[1024] __attribute__((aligned(PAGE_SIZE)));
static u32 pt_absent[1024] __attribute__((aligned(PAGE_SIZE)));
volatile u32 pf_count;

void pf_handler(void);
__asm__(
	".text\n"
	"pf_handler:\n"
	"	add $4, %esp\n"             /* the error code */
	"	mov %ecx, (%esp)\n"         /* return EIP: just after the faulting load */
	"	incl pf_count\n"
	"	iret\n");

static u32 read_cr2(void)
{
	u32 v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

u32 workload(u32 rounds)
{
	desc_init();
	set_idt_gate(14, pf_handler);
	for (u32 i = 0; i < 1024; i++) {
		pt_low[i] = i * PAGE_SIZE | PTE_P | PTE_W;
		pt_absent[i] = 0;
	}
	pgdir[0] = (u32)pt_low | PTE_P | PTE_W;
	pgdir[1] = (u32)pt_absent | PTE_P | PTE_W;
	write_cr3((u32)pgdir);
	write_cr0(read_cr0() | CR0_PG);

	for (u32 r = 0; r < rounds; r++)
		__asm__ volatile("lea 1f, %%ecx\n\tmovl (%0), %%eax\n1:"
				 : : "r"(FAULT_VA) : "eax", "ecx", "memory");
	return pf_count ^ (rounds ? read_cr2() : 0);
}
