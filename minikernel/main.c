/*
 * main.c - start_kernel: bring the machine up in Linux's order, run what the
 * command line asks for, and power off.
 *
 * Options (see README.md):
 *   crash=pf|ud|de|gp   raise that exception on purpose (tests the oops path)
 *   demo=alloc          show one page, kmalloc and vmalloc allocation
 *   proc=NAME[,NAME]    print /proc files (meminfo buddyinfo slabinfo vmallocinfo iomem)
 *   selftest=mm         run the memory-management self-tests (TAP), exit 0 iff all pass
 */
#include "defs.h"
#include "mm.h"
#include "resource.h"
#include "slab.h"

#define UTS_RELEASE	"0.1"

static const char linux_banner[] =
	"j386 minikernel version " UTS_RELEASE " (gcc version " __VERSION__ ")\n";

/* crash=KIND: fault on purpose so the oops output can be checked on every machine. */
static void crash_test(void)
{
	char kind[8];
	int *volatile null_ptr = NULL;	/* volatile: gcc would turn a literal NULL store into ud2 */

	if (!get_option("crash=", kind, sizeof(kind)))
		return;
	printk("crash=%s: raising the exception on purpose\n", kind);
	if (!strcmp(kind, "pf"))
		*null_ptr = 0;
	else if (!strcmp(kind, "ud"))
		__asm__ volatile("ud2");
	else if (!strcmp(kind, "de"))
		__asm__ volatile("xorl %%ecx, %%ecx\n\tdivl %%ecx" : : "a"(1), "d"(0) : "ecx");
	else if (!strcmp(kind, "gp"))
		__asm__ volatile("movl %0, %%ds" : : "r"(0x1234));
	printk("crash=%s: unknown kind (pf, ud, de, gp)\n", kind);
}

void start_kernel(uint32_t magic, uint32_t mbi_phys)
{
	char suite[16];
	int code = EXIT_OK;

	serial_init();
	gdt_init();
	trap_init();
	printk("%s", linux_banner);
	setup_arch(magic, mbi_phys);
	setup_memory();
	paging_init();
	kmem_cache_init();
	mem_init();
	kmem_cache_sizes_init();
	e820_reserve_resources();

	crash_test();
	run_demo();
	option_for_each("proc=", proc_show);
	if (get_option("selftest=", suite, sizeof(suite)) && run_selftests(suite))
		code = EXIT_TEST_FAILED;
	printk("j386 minikernel: boot complete\n");
	printk("Power down.\n");
	poweroff(code);
}
