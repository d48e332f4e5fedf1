/*
 * sched.h - processes (Linux 2.4 <linux/sched.h>, <asm-i386/signal.h>):
 * the task_struct, its kernel stack, wait queues, signals and the calls
 * between sched.c, fork.c, exit.c, signal.c, exec.c and syscall.c.
 *
 * Each task but the idle task (pid 0, the boot context) owns a THREAD_SIZE
 * kernel stack; a task entering the kernel from user mode finds its
 * trapframe at the very top of it (tss.esp0 points there):
 *
 *   stack + THREAD_SIZE  +--------------------+
 *                        | struct trapframe   |  user registers (task_pt_regs)
 *                        +--------------------+
 *                        | kernel frames ...  |
 *   stack                +--------------------+
 */
#ifndef SCHED_H
#define SCHED_H

#include "defs.h"
#include "list.h"
#include "mm.h"
#include "traps.h"

#define THREAD_SIZE	8192
#define TASK_COMM_LEN	16
#define NR_OPEN		32
#define PID_MAX		32768
#define HZ		100
#define DEF_COUNTER	5		/* ticks in a time slice (50 ms) */

#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1
#define TASK_UNINTERRUPTIBLE	2
#define TASK_ZOMBIE		4

/* Signals (asm-i386/signal.h); 1..31, no real-time signals. */
#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define _NSIG		32
#define SIG_DFL		0UL
#define SIG_IGN		1UL
#define sigmask(sig)	(1UL << ((sig) - 1))

/* wait4 options and the status word (Linux's <bits/waitstatus.h> encoding). */
#define WNOHANG		1
#define W_EXITCODE(ret, sig)	(((ret) & 0xff) << 8 | (sig))

typedef struct wait_queue_head {
	struct list_head task_list;
} wait_queue_head_t;

#define DECLARE_WAIT_QUEUE_HEAD(name) wait_queue_head_t name = { LIST_HEAD_INIT(name.task_list) }

static inline void init_waitqueue_head(wait_queue_head_t *q)
{
	INIT_LIST_HEAD(&q->task_list);
}

struct thread_struct {
	unsigned long esp;		/* saved by switch_to */
	unsigned long esp0;		/* top of the kernel stack, for the TSS */
};

struct file;
struct inode;

struct task_struct {
	volatile long state;
	long counter;			/* ticks left in this time slice */
	struct thread_struct thread;
	void *stack;			/* THREAD_SIZE kernel stack (NULL: the boot stack) */
	struct mm_struct *mm;		/* NULL for kernel threads */
	int pid;
	struct task_struct *p_pptr;	/* parent */
	struct list_head children, sibling;
	struct list_head tasks;		/* every task, in creation order */
	struct list_head run_list;	/* on the runqueue while RUNNING */
	struct list_head wait_entry;	/* on a wait queue while sleeping */
	wait_queue_head_t wait_chldexit;
	struct list_head timer_list;	/* on the timer list while timing out */
	unsigned long timeout;		/* jiffies at which to wake */
	int exit_code;			/* wait status word once ZOMBIE */
	unsigned long sigpending;	/* one bit per signal */
	unsigned long sa_handler[_NSIG];	/* SIG_DFL or SIG_IGN */
	unsigned long min_flt, maj_flt;
	struct file *files[NR_OPEN];
	struct inode *cwd;
	unsigned long tid_address;	/* set_tid_address */
	char comm[TASK_COMM_LEN];
};

extern struct task_struct *current;
extern struct task_struct init_task;
extern struct task_struct *child_reaper;
extern struct list_head task_list;
extern int need_resched;
extern volatile unsigned long jiffies;
extern unsigned long nr_tasks;

#define task_pt_regs(t) \
	((struct trapframe *)((char *)(t)->stack + THREAD_SIZE) - 1)

static inline int user_mode(const struct trapframe *tf)
{
	return (tf->cs & 3) == 3;
}

static inline int signal_pending(const struct task_struct *t)
{
	return t->sigpending != 0;
}

/* sched.c */
void sched_init(void);
void schedule(void);
void wake_up_process(struct task_struct *p);
void add_to_runqueue(struct task_struct *p);
void interruptible_sleep_on(wait_queue_head_t *q);
void wake_up_interruptible(wait_queue_head_t *q);
long schedule_timeout(long ticks);
void scheduler_tick(void);
void run_timers(void);
void cpu_idle(void) __attribute__((noreturn));
struct task_struct *find_task_by_pid(int pid);
void switch_mm(struct mm_struct *mm);

/* switch.S */
void switch_context(unsigned long *prev_esp, unsigned long next_esp);
void ret_from_fork(void);
void kernel_thread_helper(void);
void trapret(void);

/* fork.c */
extern struct kmem_cache_s *task_struct_cachep, *mm_cachep;
void fork_init(void);
struct mm_struct *mm_alloc(void);
void mmput(struct mm_struct *mm);
struct mm_struct *dup_mm(struct mm_struct *oldmm);
int do_fork(struct trapframe *regs, struct mm_struct *mm);
int kernel_thread(int (*fn)(void *), void *arg, const char *name);
void free_task(struct task_struct *p);

/* exit.c */
void do_exit(int code) __attribute__((noreturn));
int do_wait4(int pid, int *status, int options);
void exit_files(struct task_struct *tsk);

/* signal.c */
int send_sig(int sig, struct task_struct *p);
void force_sig(int sig, struct task_struct *p);
void do_signal(struct trapframe *tf);
int kill_pid(int pid, int sig);
int sig_kernel_default_kills(int sig);

/* exec.c */
int do_execve(const char *filename, char *const kargv[], char *const kenvp[],
	      struct trapframe *regs);
int do_execve_common(const char *filename, char *const argv[], char *const envp[],
		     struct trapframe *regs, int from_user);

/* syscall.c */
void do_syscall(struct trapframe *tf);

/* irq.c, time.c */
void init_IRQ(void);
void do_IRQ(struct trapframe *tf);
void enable_irq(unsigned int irq);
void request_irq(unsigned int irq, void (*handler)(struct trapframe *tf));
extern unsigned long irq_count[NR_IRQS];
void time_init(void);

#endif /* SCHED_H */
