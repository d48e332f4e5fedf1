/*
 * syscall.c - the int $0x80 interface (Linux i386: eax = number; ebx, ecx,
 * edx, esi, edi, ebp = arguments; eax = result or -errno) and the small
 * process calls.  Every user pointer goes through uaccess.c, so a bad one is
 * -EFAULT.  An unknown number is -ENOSYS and logged once per number.
 * The file calls live in vfs.c, the memory calls in mmap.c.
 */
#include "defs.h"
#include "fs.h"
#include "mman.h"
#include "sched.h"
#include "slab.h"
#include "uaccess.h"
#include "unistd.h"

#define SIZEOF_RUSAGE	72	/* i386 struct rusage: 2 timevals + 14 longs */

typedef long (*syscall_fn)(unsigned long, unsigned long, unsigned long, unsigned long,
			   unsigned long, unsigned long);

/* vfs.c */
long sys_read(unsigned long fd, char *buf, size_t count);
long sys_write(unsigned long fd, const char *buf, size_t count);
long sys_open(const char *path, unsigned long flags, unsigned long mode);
long sys_close(unsigned long fd);
long sys_unlink(const char *path);
long sys_chdir(const char *path);
long sys_lseek(unsigned long fd, long offset, unsigned long whence);
long sys_mkdir(const char *path, unsigned long mode);
long sys_dup(unsigned long fd);
long sys_pipe(int *fds);
long sys_dup2(unsigned long oldfd, unsigned long newfd);
long sys_writev(unsigned long fd, const void *iov, unsigned long iovcnt);
long sys_getcwd(char *buf, unsigned long size);
long sys_stat64(const char *path, void *statbuf);
long sys_fstat64(unsigned long fd, void *statbuf);
long sys_getdents64(unsigned long fd, void *dirent, unsigned long count);

static long sys_exit(int code)
{
	do_exit(W_EXITCODE(code, 0));
}

static long sys_fork(void)
{
	return do_fork(task_pt_regs(current), current->mm);
}

static long sys_wait4(int pid, int *stat_addr, unsigned long options, void *rusage)
{
	int status = 0, ret;

	if (options & ~(unsigned long)WNOHANG)
		return -EINVAL;
	if (rusage && clear_user(rusage, SIZEOF_RUSAGE))	/* nothing is accounted */
		return -EFAULT;
	if (stat_addr && !access_ok(stat_addr, sizeof(int)))
		return -EFAULT;
	ret = do_wait4(pid, &status, (int)options);
	if (ret > 0 && stat_addr && put_user_u32((uint32_t)status, stat_addr))
		return -EFAULT;
	return ret;
}

static long sys_waitpid(int pid, int *stat_addr, unsigned long options)
{
	return sys_wait4(pid, stat_addr, options, NULL);
}

static long sys_execve(const char *upath, char *const *argv, char *const *envp)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	long err;

	if (!path)
		return -ENOMEM;
	err = strncpy_from_user(path, upath, PATH_MAX);
	if (err >= 0)
		err = do_execve_common(path, argv, envp, task_pt_regs(current), 1);
	kfree(path);
	return err;
}

static long sys_getpid(void) { return current->pid; }
static long sys_getppid(void) { return current->p_pptr ? current->p_pptr->pid : 0; }
static long sys_kill(int pid, int sig) { return kill_pid(pid, sig); }
static long sys_set_tid_address(unsigned long tidptr)
{
	current->tid_address = tidptr;
	return current->pid;
}

static long sys_sched_yield(void)
{
	need_resched = 1;
	return 0;
}

struct timespec_u {
	int32_t tv_sec, tv_nsec;
};

static long sys_nanosleep(const struct timespec_u *req, struct timespec_u *rem)
{
	struct timespec_u t;
	long ticks, left;

	if (copy_from_user(&t, req, sizeof(t)))
		return -EFAULT;
	if (t.tv_nsec < 0 || t.tv_nsec >= 1000000000 || t.tv_sec < 0)
		return -EINVAL;
	/* Round up, plus one tick: at least the time asked must pass (2.4's timespec_to_jiffies). */
	ticks = t.tv_sec * HZ + (t.tv_nsec + (1000000000 / HZ) - 1) / (1000000000 / HZ);
	ticks += (t.tv_sec || t.tv_nsec);
	left = schedule_timeout(ticks);
	if (!left)
		return 0;
	t.tv_sec = left / HZ;
	t.tv_nsec = (left % HZ) * (1000000000 / HZ);
	if (rem && copy_to_user(rem, &t, sizeof(t)))
		return -EFAULT;
	return -EINTR;
}

#define UTS_LEN	65

static long sys_uname(char *name)
{
	static const char fields[6][UTS_LEN] = {
		"Linux", "j386", "2.4.0-minikernel", "#1", "i486", "(none)",
	};

	return copy_to_user(name, fields, sizeof(fields)) ? -EFAULT : 0;
}

#define SYSCALL(nr, fn)	[nr] = (syscall_fn)(void (*)(void))(fn)

static const syscall_fn sys_call_table[NR_syscalls] = {
	SYSCALL(__NR_exit, sys_exit),		SYSCALL(__NR_fork, sys_fork),
	SYSCALL(__NR_read, sys_read),		SYSCALL(__NR_write, sys_write),
	SYSCALL(__NR_open, sys_open),		SYSCALL(__NR_close, sys_close),
	SYSCALL(__NR_waitpid, sys_waitpid),	SYSCALL(__NR_unlink, sys_unlink),
	SYSCALL(__NR_execve, sys_execve),	SYSCALL(__NR_chdir, sys_chdir),
	SYSCALL(__NR_lseek, sys_lseek),		SYSCALL(__NR_getpid, sys_getpid),
	SYSCALL(__NR_kill, sys_kill),		SYSCALL(__NR_mkdir, sys_mkdir),
	SYSCALL(__NR_dup, sys_dup),		SYSCALL(__NR_pipe, sys_pipe),
	SYSCALL(__NR_brk, sys_brk),		SYSCALL(__NR_dup2, sys_dup2),
	SYSCALL(__NR_getppid, sys_getppid),	SYSCALL(__NR_mmap, old_mmap),
	SYSCALL(__NR_munmap, sys_munmap),	SYSCALL(__NR_wait4, sys_wait4),
	SYSCALL(__NR_uname, sys_uname),		SYSCALL(__NR_mprotect, sys_mprotect),
	SYSCALL(__NR_writev, sys_writev),	SYSCALL(__NR_sched_yield, sys_sched_yield),
	SYSCALL(__NR_nanosleep, sys_nanosleep),	SYSCALL(__NR_getcwd, sys_getcwd),
	SYSCALL(__NR_mmap2, sys_mmap2),		SYSCALL(__NR_stat64, sys_stat64),
	SYSCALL(__NR_fstat64, sys_fstat64),	SYSCALL(__NR_getdents64, sys_getdents64),
	SYSCALL(__NR_exit_group, sys_exit),	SYSCALL(__NR_set_tid_address, sys_set_tid_address),
};

static unsigned long enosys_logged[(NR_syscalls + 31) / 32];

static long sys_ni_syscall(unsigned long nr)
{
	if (nr < NR_syscalls && !(enosys_logged[nr / 32] & (1UL << (nr % 32)))) {
		enosys_logged[nr / 32] |= 1UL << (nr % 32);
		printk("%s[%d]: unimplemented system call %lu\n", current->comm, current->pid, nr);
	} else if (nr >= NR_syscalls && !(enosys_logged[NR_syscalls / 32] & (1UL << 31))) {
		enosys_logged[NR_syscalls / 32] |= 1UL << 31;
		printk("%s[%d]: system call number %lu out of range\n", current->comm,
		       current->pid, nr);
	}
	return -ENOSYS;
}

void do_syscall(struct trapframe *tf)
{
	unsigned long nr = tf->eax;
	syscall_fn fn = nr < NR_syscalls ? sys_call_table[nr] : NULL;

	if (!fn)
		tf->eax = (uint32_t)sys_ni_syscall(nr);
	else
		tf->eax = (uint32_t)fn(tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp);
}
