/*
 * sched.c - a round-robin scheduler (the shape of Linux 2.4 kernel/sched.c,
 * without priorities): RUNNING tasks sit on runqueue_head in arrival order;
 * schedule() takes the first, puts the previous task (if still RUNNING) at
 * the tail and switches.  The PIT tick (time.c) charges the current task;
 * when its DEF_COUNTER ticks are used up need_resched is set and the task is
 * switched out on its way back to user mode (traps.c).  The kernel itself
 * is not preempted: it runs with interrupts off, so nothing here needs a lock.
 * pid 0 is the boot context turned idle task: sti; hlt until there is work.
 */
#include "defs.h"
#include "sched.h"
#include "x86.h"

struct task_struct init_task = {
	.state = TASK_RUNNING,
	.counter = DEF_COUNTER,
	.mm = NULL,
	.pid = 0,
	.comm = "swapper",
};

struct task_struct *current = &init_task;
struct task_struct *child_reaper;
LIST_HEAD(task_list);
static LIST_HEAD(runqueue_head);
static LIST_HEAD(timer_head);
int need_resched;
unsigned long nr_tasks;

void sched_init(void)
{
	INIT_LIST_HEAD(&init_task.children);
	INIT_LIST_HEAD(&init_task.run_list);
	INIT_LIST_HEAD(&init_task.timer_list);
	init_waitqueue_head(&init_task.wait_chldexit);
	init_task.thread.esp0 = (unsigned long)boot_stack_top;
	list_add_tail(&init_task.tasks, &task_list);
}

void add_to_runqueue(struct task_struct *p)
{
	list_add_tail(&p->run_list, &runqueue_head);
}

void wake_up_process(struct task_struct *p)
{
	if (p->state == TASK_RUNNING || p->state == TASK_ZOMBIE)
		return;
	p->state = TASK_RUNNING;
	if (!list_empty(&p->timer_list)) {
		list_del(&p->timer_list);
		INIT_LIST_HEAD(&p->timer_list);
	}
	add_to_runqueue(p);
	need_resched = 1;
}

/* Loads the page directory of mm (the kernel's own for kernel threads). */
void switch_mm(struct mm_struct *mm)
{
	pgd_t *pgd = mm ? mm->pgd : swapper_pg_dir;

	if (read_cr3() != __pa(pgd))
		write_cr3(__pa(pgd));
}

static struct task_struct *pick_next_task(void)
{
	struct task_struct *next;

	if (list_empty(&runqueue_head))
		return &init_task;
	next = list_entry(runqueue_head.next, struct task_struct, run_list);
	list_del(&next->run_list);
	INIT_LIST_HEAD(&next->run_list);
	return next;
}

void schedule(void)
{
	struct task_struct *prev = current, *next;

	need_resched = 0;
	if (prev->state == TASK_RUNNING && prev != &init_task)
		add_to_runqueue(prev);
	next = pick_next_task();
	if (next == prev)
		return;
	if (next->counter <= 0)
		next->counter = DEF_COUNTER;
	switch_mm(next->mm);
	set_tss_esp0(next->thread.esp0);
	current = next;
	switch_context(&prev->thread.esp, next->thread.esp);
}

/* Sleeps on q until wake_up_interruptible(q) or a signal.  Caller loops on its condition. */
void interruptible_sleep_on(wait_queue_head_t *q)
{
	current->state = TASK_INTERRUPTIBLE;
	list_add_tail(&current->wait_entry, &q->task_list);
	schedule();
	list_del(&current->wait_entry);
}

void wake_up_interruptible(wait_queue_head_t *q)
{
	struct list_head *l;

	list_for_each(l, &q->task_list)
		wake_up_process(list_entry(l, struct task_struct, wait_entry));
}

/*
 * Sleeps for ticks jiffies (interruptibly).  Returns the ticks left: 0 when
 * the time ran out, more when a signal woke the task early.
 */
long schedule_timeout(long ticks)
{
	unsigned long expire = jiffies + (unsigned long)ticks;

	current->timeout = expire;
	current->state = TASK_INTERRUPTIBLE;
	list_add_tail(&current->timer_list, &timer_head);
	schedule();
	if (!list_empty(&current->timer_list)) {
		list_del(&current->timer_list);
		INIT_LIST_HEAD(&current->timer_list);
	}
	return (long)(expire - jiffies) > 0 ? (long)(expire - jiffies) : 0;
}

/* Called from the timer interrupt: wakes every sleeper whose time has come. */
void run_timers(void)
{
	struct list_head *l = timer_head.next;

	while (l != &timer_head) {
		struct task_struct *p = list_entry(l, struct task_struct, timer_list);

		l = l->next;
		if ((long)(jiffies - p->timeout) >= 0)
			wake_up_process(p);
	}
}

void scheduler_tick(void)
{
	if (current == &init_task) {
		if (!list_empty(&runqueue_head))
			need_resched = 1;
		return;
	}
	if (--current->counter <= 0) {
		current->counter = DEF_COUNTER;
		need_resched = 1;
	}
}

struct task_struct *find_task_by_pid(int pid)
{
	struct list_head *l;

	list_for_each(l, &task_list) {
		struct task_struct *p = list_entry(l, struct task_struct, tasks);

		if (p->pid == pid)
			return p;
	}
	return NULL;
}

/*
 * The idle loop.  "sti; hlt" is safe: STI takes effect after the next
 * instruction (SDM Vol. 2B, STI), so an interrupt cannot slip in between
 * the need_resched check and the halt and leave a woken task waiting.
 */
void cpu_idle(void)
{
	for (;;) {
		cli();
		if (need_resched || !list_empty(&runqueue_head))
			schedule();
		else
			__asm__ volatile("sti; hlt" : : : "memory");
	}
}
