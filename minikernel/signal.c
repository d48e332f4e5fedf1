/*
 * signal.c - signals with Linux's default actions (2.4 kernel/signal.c and
 * arch/i386/kernel/signal.c, without user handlers, masks or job control):
 *   terminate:   SIGHUP SIGINT SIGKILL SIGUSR1 SIGUSR2 SIGPIPE SIGALRM SIGTERM
 *   core (no dump is written, so the status has no 0x80 bit):
 *                SIGQUIT SIGILL SIGTRAP SIGABRT SIGBUS SIGFPE SIGSEGV
 *   ignore:      SIGCHLD SIGCONT SIGURG SIGWINCH; the stop signals (no job
 *                control here) are ignored as well
 * A task dies with status word = signal number (wait4's WIFSIGNALED).
 * Init (pid 1) only receives signals forced by its own faults: like Linux,
 * it is immune to the ones it has no handler for.
 */
#include "defs.h"
#include "sched.h"

#define SIGURG		23
#define SIGWINCH	28

int sig_kernel_default_kills(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
	case SIGSTOP: case 20: case 21: case 22:	/* SIGTSTP SIGTTIN SIGTTOU */
		return 0;
	default:
		return 1;
	}
}

static void signal_wake_up(struct task_struct *p)
{
	if (p->state == TASK_INTERRUPTIBLE)
		wake_up_process(p);
}

/* Queues sig for p unless p would ignore it anyway.  0 or -EINVAL. */
int send_sig(int sig, struct task_struct *p)
{
	if (sig < 0 || sig >= _NSIG)
		return -EINVAL;
	if (!sig || p->state == TASK_ZOMBIE)
		return 0;
	if (p == child_reaper)
		return 0;		/* init: even SIGKILL, as Linux's SIGNAL_UNKILLABLE */
	if (!sig_kernel_default_kills(sig) || (p->sa_handler[sig] == SIG_IGN && sig != SIGKILL))
		return 0;
	p->sigpending |= sigmask(sig);
	signal_wake_up(p);
	return 0;
}

/* A signal caused by the task's own action (a fault): cannot be ignored. */
void force_sig(int sig, struct task_struct *p)
{
	p->sa_handler[sig] = SIG_DFL;
	p->sigpending |= sigmask(sig);
	signal_wake_up(p);
}

/* On the way back to user mode: act on the lowest pending signal (default actions only). */
void do_signal(struct trapframe *tf)
{
	(void)tf;
	while (current->sigpending) {
		int sig = __builtin_ctzl(current->sigpending) + 1;

		current->sigpending &= ~sigmask(sig);
		if (current->sa_handler[sig] == SIG_IGN && sig != SIGKILL)
			continue;
		if (sig_kernel_default_kills(sig))
			do_exit(sig);
	}
}

/* kill(2) for pid > 0, and pid == -1 (every process but init and the caller). */
int kill_pid(int pid, int sig)
{
	struct list_head *l;
	int found = 0;

	if (sig < 0 || sig >= _NSIG)
		return -EINVAL;
	if (pid > 0) {
		struct task_struct *p = find_task_by_pid(pid);

		return p && p != &init_task ? send_sig(sig, p) : -ESRCH;
	}
	if (pid != -1)
		return -ESRCH;		/* no process groups */
	list_for_each(l, &task_list) {
		struct task_struct *p = list_entry(l, struct task_struct, tasks);

		if (p->pid > 1 && p != current && p->mm) {
			send_sig(sig, p);
			found = 1;
		}
	}
	return found ? 0 : -ESRCH;
}
