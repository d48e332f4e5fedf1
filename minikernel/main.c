/*
 * main.c - start_kernel: bring the machine up in Linux's order, run what the
 * command line asks for, and power off.
 *
 * Options (see README.md):
 *   crash=pf|ud|de|gp   raise that exception on purpose (tests the oops path)
 *   demo=alloc          show one page, kmalloc and vmalloc allocation
 *   proc=NAME[,NAME]    print /proc files (meminfo buddyinfo slabinfo vmallocinfo iomem)
 *   selftest=mm         run the memory-management self-tests (TAP), exit 0 iff all pass
 *   selftest=vm         run the process/address-space self-tests (TAP) in a kernel thread
 *   init=PATH           the first user program (default /sbin/init, if an initramfs exists)
 *
 * With processes (anything but selftest=mm and a plain boot without
 * initramfs), the boot context becomes the idle task (pid 0) and pid 1 is
 * either the self-test thread or init; the machine powers off when pid 1
 * ends: status 0 -> EXIT_OK, any other exit -> EXIT_TEST_FAILED, killed
 * by a signal -> EXIT_PANIC ("Attempted to kill init!").
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"
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

static char init_path[64] = "/sbin/init";

/* exit.c: pid 1 is gone, so is the machine. */
void init_exited(int status)
{
	if (status & 0x7F) {
		printk("Kernel panic - not syncing: Attempted to kill init! (signal %d)\n",
		       status & 0x7F);
		poweroff(EXIT_PANIC);
	}
	printk("init: exited with status %d\n", (status >> 8) & 0xFF);
	printk("Power down.\n");
	poweroff((status >> 8) & 0xFF ? EXIT_TEST_FAILED : EXIT_OK);
}

/* fd 0, 1, 2 on /dev/console, as Linux's init/main.c does before exec. */
static void open_console(void)
{
	int err, fd;
	struct file *f = filp_open("/dev/console", O_RDWR, 0, &err);

	if (!f)
		panic("Warning: unable to open an initial console (%d)", err);
	for (fd = 0; fd < 3; fd++) {
		if (fd)
			get_file(f);
		fd_install(fd, f);
	}
}

static int init(void *unused)
{
	char *argv[] = { init_path, NULL };
	char *envp[] = { "HOME=/", "TERM=linux", NULL };
	int err;

	(void)unused;
	child_reaper = current;
	current->cwd = iget(root_inode);
	open_console();
	err = do_execve(init_path, argv, envp, task_pt_regs(current));
	if (err)
		panic("No init found (%s: error %d).", init_path, err);
	return 0;
}

static int selftest_vm_thread(void *unused)
{
	int code;

	(void)unused;
	child_reaper = current;
	current->cwd = iget(root_inode);
	open_console();
	code = run_selftests("vm") ? EXIT_TEST_FAILED : EXIT_OK;
	printk("Power down.\n");
	poweroff(code);
}

/* Processes: the scheduler, the clock, the file systems, then pid 1. */
static void rest_init(int selftest_vm)
{
	int have_initramfs;

	sched_init();
	init_IRQ();
	time_init();
	if (ramfs_init())
		panic("rest_init: no memory for the root file system");
	have_initramfs = populate_rootfs();
	mem_devices_init();
	proc_root_init();
	tty_init();
	if (selftest_vm) {
		kernel_thread(selftest_vm_thread, NULL, "selftest");
	} else {
		if (!have_initramfs)
			printk("rest_init: no initramfs, trying %s anyway\n", init_path);
		kernel_thread(init, NULL, "swapper");
	}
	cpu_idle();
}

void start_kernel(uint32_t magic, uint32_t mbi_phys)
{
	char suite[16] = "";
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
	memory_init();
	fork_init();
	mmap_init();
	vfs_init();

	crash_test();
	run_demo();
	option_for_each("proc=", proc_show);
	get_option("init=", init_path, sizeof(init_path));
	if (get_option("selftest=", suite, sizeof(suite)) && strcmp(suite, "vm")) {
		if (run_selftests(suite))
			code = EXIT_TEST_FAILED;
	} else if (!strcmp(suite, "vm") || nr_boot_modules || get_option("init=", NULL, 0)) {
		rest_init(!strcmp(suite, "vm"));
	}
	printk("j386 minikernel: boot complete\n");
	printk("Power down.\n");
	poweroff(code);
}
