/*
 * main.c - start_kernel: bring the machine up in Linux's order, run what the
 * command line asks for, and power off.
 *
 * Options (see README.md):
 *   crash=pf|ud|de|gp   raise that exception on purpose (tests the oops path)
 */
#include "defs.h"

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
	serial_init();
	gdt_init();
	trap_init();
	printk("%s", linux_banner);
	setup_arch(magic, mbi_phys);
	zap_low_mappings();

	crash_test();
	printk("j386 minikernel: boot complete\n");
	printk("Power down.\n");
	poweroff(EXIT_OK);
}
