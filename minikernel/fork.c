/*
 * fork.c - creating tasks (Linux 2.4 kernel/fork.c): a task_struct from its
 * own slab cache, an order-1 (8 KiB) kernel stack, a pid, and either a copy
 * of the parent's address space (fork: every VMA duplicated, private writable
 * pages write-protected in both so the first write copies, memory.c) or none
 * (kernel_thread).  Open files are shared by reference (f_count), the working
 * directory by inode reference.  CLONE_* sharing is not implemented: fork
 * always copies.
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"
#include "slab.h"

kmem_cache_t *task_struct_cachep, *mm_cachep;
static int last_pid;
static unsigned long max_threads;	/* 2.4: tasks may take at most 1/8 of memory */

void fork_init(void)
{
	task_struct_cachep = kmem_cache_create("task_struct", sizeof(struct task_struct), 0,
					       SLAB_HWCACHE_ALIGN, NULL, NULL);
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct), 0,
				      SLAB_HWCACHE_ALIGN, NULL, NULL);
	if (!task_struct_cachep || !mm_cachep)
		panic("fork_init: cannot create the task caches");
	max_threads = totalram_pages / (THREAD_SIZE / PAGE_SIZE) / 8;
}

/* The next free pid after the last one handed out (2.4's get_pid without the cache). */
static int get_pid(void)
{
	do {
		if (++last_pid >= PID_MAX)
			last_pid = 1;
	} while (find_task_by_pid(last_pid));
	return last_pid;
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kmem_cache_alloc(mm_cachep, GFP_KERNEL);

	if (!mm)
		return NULL;
	memset(mm, 0, sizeof(*mm));
	mm->mm_rb = RB_ROOT;
	mm->mm_users = 1;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kmem_cache_free(mm_cachep, mm);
		return NULL;
	}
	return mm;
}

void mmput(struct mm_struct *mm)
{
	if (--mm->mm_users)
		return;
	exit_mmap(mm);
	pgd_free(mm->pgd);
	kmem_cache_free(mm_cachep, mm);
}

/* Copies every VMA of oldmm and its page tables (COW for private writable ones). */
static int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *mpnt, *tmp;

	for (mpnt = oldmm->mmap; mpnt; mpnt = mpnt->vm_next) {
		tmp = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);
		if (!tmp)
			return -ENOMEM;
		*tmp = *mpnt;
		tmp->vm_mm = mm;
		tmp->vm_next = NULL;
		if (tmp->vm_file)
			get_file(tmp->vm_file);
		if (tmp->vm_ops && tmp->vm_ops->open)
			tmp->vm_ops->open(tmp);
		insert_vm_struct(mm, tmp);
		if (copy_page_range(mm, oldmm, mpnt))
			return -ENOMEM;
	}
	return 0;
}

struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();
	pgd_t *pgd;

	if (!mm)
		return NULL;
	pgd = mm->pgd;
	*mm = *oldmm;
	mm->pgd = pgd;
	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	mm->mmap_cache = NULL;
	mm->map_count = 0;
	mm->rss = 0;
	mm->mm_users = 1;
	if (dup_mmap(mm, oldmm)) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

void free_task(struct task_struct *p)
{
	free_pages((unsigned long)p->stack, 1);
	kmem_cache_free(task_struct_cachep, p);
	nr_tasks--;
}

static void copy_files(struct task_struct *p, const struct task_struct *parent)
{
	int fd;

	for (fd = 0; fd < NR_OPEN; fd++) {
		p->files[fd] = parent->files[fd];
		if (p->files[fd])
			get_file(p->files[fd]);
	}
	p->cwd = parent->cwd;
	if (p->cwd)
		iget(p->cwd);
}

/* A new task, a child of current, not yet runnable; its registers are up to the caller. */
static struct task_struct *copy_process(void)
{
	struct task_struct *p;

	if (nr_tasks >= max_threads)
		return NULL;
	p = kmem_cache_alloc(task_struct_cachep, GFP_KERNEL);
	if (!p)
		return NULL;
	memset(p, 0, sizeof(*p));
	p->stack = (void *)__get_free_pages(GFP_KERNEL, 1);
	if (!p->stack) {
		kmem_cache_free(task_struct_cachep, p);
		return NULL;
	}
	nr_tasks++;
	p->state = TASK_UNINTERRUPTIBLE;
	p->counter = DEF_COUNTER;
	p->pid = get_pid();
	p->p_pptr = current;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->run_list);
	INIT_LIST_HEAD(&p->timer_list);
	init_waitqueue_head(&p->wait_chldexit);
	memcpy(p->sa_handler, current->sa_handler, sizeof(p->sa_handler));
	memcpy(p->comm, current->comm, sizeof(p->comm));
	p->thread.esp0 = (unsigned long)p->stack + THREAD_SIZE;
	copy_files(p, current);
	list_add_tail(&p->sibling, &current->children);
	list_add_tail(&p->tasks, &task_list);
	return p;
}

/* Builds the frame switch_context() pops: edi, esi, ebx, ebp, return address. */
static void setup_switch_frame(struct task_struct *p, void (*ret)(void),
			       unsigned long ebx, unsigned long esi)
{
	unsigned long *sp = (unsigned long *)task_pt_regs(p);

	*--sp = (unsigned long)ret;
	*--sp = 0;		/* ebp */
	*--sp = ebx;
	*--sp = esi;
	*--sp = 0;		/* edi */
	p->thread.esp = (unsigned long)sp;
}

/*
 * fork(): a child running in a copy of mm (NULL: no address space) that
 * returns to user mode with regs and eax = 0.  Returns the child's pid, or
 * -ENOMEM / -EAGAIN.
 */
int do_fork(struct trapframe *regs, struct mm_struct *mm)
{
	struct task_struct *p = copy_process();

	if (!p)
		return -EAGAIN;
	if (mm) {
		p->mm = dup_mm(mm);
		if (!p->mm) {
			p->state = TASK_ZOMBIE;
			exit_files(p);
			list_del(&p->sibling);
			list_del(&p->tasks);
			free_task(p);
			return -ENOMEM;
		}
	}
	*task_pt_regs(p) = *regs;
	task_pt_regs(p)->eax = 0;
	setup_switch_frame(p, ret_from_fork, 0, 0);
	wake_up_process(p);
	return p->pid;
}

/* A kernel thread running fn(arg); if fn sets up a user context (exec) and returns 0, it goes there. */
int kernel_thread(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *p = copy_process();

	if (!p)
		return -EAGAIN;
	strlcpy(p->comm, name, sizeof(p->comm));
	memset(task_pt_regs(p), 0, sizeof(struct trapframe));
	setup_switch_frame(p, kernel_thread_helper, (unsigned long)fn, (unsigned long)arg);
	wake_up_process(p);
	return p->pid;
}

/* switch.S calls this when a kernel thread's function returns. */
void kthread_return(int ret)
{
	if (ret == 0 && current->mm)
		return;		/* exec succeeded: trapret enters user mode */
	do_exit(W_EXITCODE(ret, 0));
}
