/*
 * exit.c - ending a task and collecting it (Linux 2.4 kernel/exit.c):
 * do_exit() drops the address space, the files and the working directory,
 * hands the children to init (child_reaper), becomes a zombie holding its
 * status word and wakes the parent; the parent's wait4() frees the task
 * struct and kernel stack (release_task).  The status word is Linux's:
 * (code & 0xff) << 8 for exit(code), the signal number for a killing signal.
 * When init itself exits the machine powers off (main.c: init_exited).
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"

void exit_files(struct task_struct *tsk)
{
	int fd;

	for (fd = 0; fd < NR_OPEN; fd++) {
		if (tsk->files[fd]) {
			fput(tsk->files[fd]);
			tsk->files[fd] = NULL;
		}
	}
	if (tsk->cwd) {
		iput(tsk->cwd);
		tsk->cwd = NULL;
	}
}

static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;

	if (!mm)
		return;
	tsk->mm = NULL;
	switch_mm(NULL);	/* never free the page directory CR3 points at */
	mmput(mm);
}

/* Gives every child to init; zombies among them are init's to reap now. */
static void forget_original_parent(struct task_struct *father)
{
	int zombies = 0;

	while (!list_empty(&father->children)) {
		struct task_struct *p = list_entry(father->children.next, struct task_struct, sibling);

		list_del(&p->sibling);
		p->p_pptr = child_reaper;
		list_add_tail(&p->sibling, &child_reaper->children);
		zombies |= p->state == TASK_ZOMBIE;
	}
	if (zombies)
		wake_up_interruptible(&child_reaper->wait_chldexit);
}

void init_exited(int status) __attribute__((noreturn));

void do_exit(int code)
{
	struct task_struct *tsk = current;

	if (tsk == &init_task)
		panic("Attempted to kill the idle task!");
	exit_mm(tsk);
	exit_files(tsk);
	tsk->exit_code = code;
	if (tsk == child_reaper)
		init_exited(code);
	forget_original_parent(tsk);
	tsk->state = TASK_ZOMBIE;
	send_sig(SIGCHLD, tsk->p_pptr);
	wake_up_interruptible(&tsk->p_pptr->wait_chldexit);
	schedule();
	panic("do_exit: zombie %d ran again", tsk->pid);
}

static void release_task(struct task_struct *p)
{
	list_del(&p->sibling);
	list_del(&p->tasks);
	free_task(p);
}

/* Returns the pid of a reaped child (its status in *status), 0 (WNOHANG) or -errno. */
static int reap_one(int pid, int *status, int *found)
{
	struct list_head *l;

	*found = 0;
	list_for_each(l, &current->children) {
		struct task_struct *p = list_entry(l, struct task_struct, sibling);
		int ret;

		if (pid > 0 && p->pid != pid)
			continue;
		*found = 1;
		if (p->state != TASK_ZOMBIE)
			continue;
		ret = p->pid;
		*status = p->exit_code;
		release_task(p);
		return ret;
	}
	return 0;
}

/* wait4 for pid > 0 or any child (pid <= 0: there are no process groups). */
int do_wait4(int pid, int *status, int options)
{
	for (;;) {
		int found, ret = reap_one(pid, status, &found);

		if (ret)
			return ret;
		if (!found)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		if (signal_pending(current))
			return -EINTR;
		interruptible_sleep_on(&current->wait_chldexit);
	}
}
