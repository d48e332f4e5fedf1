/*
 * proc_pid.c - /proc/<pid>/maps and /proc/<pid>/status in Linux 2.6.32's
 * formats (fs/proc/task_mmu.c show_map_vma and task_mem):
 *   maps:   "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu " then, for a file or
 *           a named area, spaces up to column 49 (25 + 6 * sizeof(void *))
 *           and the path, "[heap]" or "[stack]"; anonymous areas end after
 *           the inode number's space.
 *   status: Name, State, Tgid, Pid, PPid, then VmPeak, VmSize, VmRSS,
 *           VmData, VmStk, VmExe as "%8lu kB".  As in 2.6.32, VmData is
 *           total_vm - shared_vm - stack_vm, shared_vm counting every file
 *           mapping (so a private file-backed .data is not in VmData).
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"

#define K(pages)	((pages) << (PAGE_SHIFT - 10))
#define MAPS_NAME_COLUMN	(25 + 6 * (int)sizeof(void *))

static const char *vma_name(const struct mm_struct *mm, const struct vm_area_struct *vma)
{
	if (vma->vm_file)
		return NULL;
	if (vma->vm_start <= mm->start_brk && vma->vm_end >= mm->brk && mm->brk)
		return "[heap]";
	if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		return "[stack]";
	return NULL;
}

static void show_map_vma(struct seq_file *m, const struct mm_struct *mm,
			 const struct vm_area_struct *vma)
{
	const struct inode *inode = vma->vm_file ? vma->vm_file->f_inode : NULL;
	unsigned long flags = vma->vm_flags;
	const char *name = vma_name(mm, vma);
	char path[256];
	size_t start = m->count;
	int len;

	seq_printf(m, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", vma->vm_start, vma->vm_end,
		   flags & VM_READ ? 'r' : '-', flags & VM_WRITE ? 'w' : '-',
		   flags & VM_EXEC ? 'x' : '-', flags & VM_MAYSHARE ? 's' : 'p',
		   inode ? vma->vm_pgoff << PAGE_SHIFT : 0, 0, inode ? 1 : 0,
		   inode ? inode->i_ino : 0);
	if (inode && vfs_path(inode, path, sizeof(path)) >= 0)
		name = path;
	len = (int)(m->count - start);
	if (name)
		seq_printf(m, "%*s%s", MAPS_NAME_COLUMN - len > 1 ? MAPS_NAME_COLUMN - len : 1, "",
			   name);
	seq_printf(m, "\n");
}

void proc_pid_maps(struct seq_file *m, struct task_struct *task)
{
	const struct vm_area_struct *vma;

	if (!task->mm)
		return;
	for (vma = task->mm->mmap; vma; vma = vma->vm_next)
		show_map_vma(m, task->mm, vma);
}

static const char *task_state(const struct task_struct *t)
{
	switch (t->state) {
	case TASK_RUNNING:		return "R (running)";
	case TASK_INTERRUPTIBLE:	return "S (sleeping)";
	case TASK_UNINTERRUPTIBLE:	return "D (disk sleep)";
	default:			return "Z (zombie)";
	}
}

static void task_mem(struct seq_file *m, const struct mm_struct *mm)
{
	const struct vm_area_struct *v;
	unsigned long total = 0, shared = 0, stack = 0;

	for (v = mm->mmap; v; v = v->vm_next) {
		unsigned long pages = (v->vm_end - v->vm_start) >> PAGE_SHIFT;

		total += pages;
		if (v->vm_file)
			shared += pages;
		else if (v->vm_flags & VM_GROWSDOWN)
			stack += pages;
	}
	seq_printf(m, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmRSS:\t%8lu kB\n",
		   K(mm->hiwater_vm > total ? mm->hiwater_vm : total), K(total), K(mm->rss));
	seq_printf(m, "VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\n",
		   K(total - shared - stack), K(stack),
		   (PAGE_ALIGN(mm->end_code) - (mm->start_code & ~(PAGE_SIZE - 1))) >> 10);
}

void proc_pid_status(struct seq_file *m, struct task_struct *task)
{
	seq_printf(m, "Name:\t%s\nState:\t%s\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n", task->comm,
		   task_state(task), task->pid, task->pid, task->p_pptr ? task->p_pptr->pid : 0);
	if (task->mm)
		task_mem(m, task->mm);
}
