/*
 * exec.c - execve of static ELF32 executables (Linux 2.4 fs/exec.c and
 * fs/binfmt_elf.c, without interpreters or shared libraries).
 *
 * The argument and environment strings are copied into a kernel page while
 * the old address space still exists; after the point of no return the task
 * gets a fresh mm: each PT_LOAD segment becomes a private file mapping
 * (MAP_FIXED at p_vaddr), the tail of the last file page past p_filesz is
 * cleared and the rest of p_memsz is anonymous (do_brk); the heap starts at
 * the page after it.  The stack VMA covers the pages holding, from the top
 * (STACK_TOP = 0xC0000000) down: a NULL word, the strings, then (16-byte
 * aligned) the auxiliary vector, envp[], argv[] and argc, where esp points.
 * It is VM_GROWSDOWN and grows on faults below it (fault.c).
 */
#include "defs.h"
#include "elf.h"
#include "fs.h"
#include "mman.h"
#include "sched.h"
#include "slab.h"
#include "uaccess.h"
#include "x86.h"

#define MAX_ARG_STRLEN	PAGE_SIZE
#define MAX_ARGS	512
#define NR_AUXV		3	/* AT_PAGESZ, AT_ENTRY, AT_NULL: pairs of words */

struct linux_binprm {
	char *page;			/* argument strings, then environment strings */
	unsigned long used;
	int argc, envc;
	struct inode *inode;
	Elf32_Ehdr ehdr;
	Elf32_Phdr phdr[16];
};

/* Appends the strings of a NULL-terminated vector (user or kernel) to the page. */
static int copy_strings(struct linux_binprm *bprm, char *const *vec, int from_user, int *count)
{
	int n;

	for (n = 0; vec; n++) {
		uint32_t ptr;
		long len;

		if (n >= MAX_ARGS)
			return -E2BIG;
		if (from_user ? get_user_u32(&ptr, &vec[n]) : (ptr = (uint32_t)vec[n], 0))
			return -EFAULT;
		if (!ptr)
			break;
		if (from_user)
			len = strncpy_from_user(bprm->page + bprm->used, (const char *)ptr,
						(long)(PAGE_SIZE - bprm->used));
		else
			len = (long)strlcpy(bprm->page + bprm->used, (const char *)ptr,
					    PAGE_SIZE - bprm->used);
		if (len == -EFAULT)
			return -EFAULT;
		if (len < 0 || bprm->used + (unsigned long)len + 1 > PAGE_SIZE)
			return -E2BIG;
		bprm->used += (unsigned long)len + 1;
	}
	*count = n;
	return 0;
}

/* Reads and checks the ELF header and program headers. */
static int prepare_binprm(struct linux_binprm *bprm)
{
	Elf32_Ehdr *e = &bprm->ehdr;
	unsigned long phsize;

	if (ramfs_kernel_read(bprm->inode, 0, e, sizeof(*e)) != (long)sizeof(*e))
		return -ENOEXEC;
	if (memcmp(e->e_ident, ELFMAG, 4) || e->e_ident[EI_CLASS] != ELFCLASS32 ||
	    e->e_type != ET_EXEC || e->e_machine != EM_386 ||
	    e->e_phentsize != sizeof(Elf32_Phdr) || !e->e_phnum ||
	    e->e_phnum > ARRAY_SIZE(bprm->phdr))
		return -ENOEXEC;
	phsize = e->e_phnum * sizeof(Elf32_Phdr);
	if (ramfs_kernel_read(bprm->inode, e->e_phoff, bprm->phdr, phsize) != (long)phsize)
		return -ENOEXEC;
	return 0;
}

static struct file *open_exec_file(struct inode *inode)
{
	struct file *f = get_empty_filp();

	if (!f)
		return NULL;
	f->f_inode = iget(inode);
	f->f_op = inode->i_fop;
	f->f_mode = FMODE_READ;
	return f;
}

/* Maps one PT_LOAD segment; returns 0 or -errno.  Updates the code/data/bss bounds. */
static int map_segment(struct file *file, const Elf32_Phdr *ph, unsigned long *elf_bss,
		       unsigned long *elf_brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long off = PGOFF(ph->p_vaddr), start = ph->p_vaddr - off;
	unsigned long prot = (ph->p_flags & PF_R ? PROT_READ : 0) |
			     (ph->p_flags & PF_W ? PROT_WRITE : 0) | (ph->p_flags & PF_X ? PROT_EXEC : 0);
	unsigned long addr;

	if (PGOFF(ph->p_offset) != off || ph->p_memsz < ph->p_filesz ||
	    ph->p_vaddr + ph->p_memsz > TASK_SIZE || ph->p_vaddr + ph->p_memsz < ph->p_vaddr)
		return -ENOEXEC;
	if (ph->p_filesz + off) {	/* binfmt_elf maps the page even for p_filesz 0 */
		addr = do_mmap_pgoff(file, start, ph->p_filesz + off, prot,
				     MAP_PRIVATE | MAP_FIXED, (ph->p_offset - off) >> PAGE_SHIFT);
		if (addr != start)
			return IS_ERR_VALUE(addr) ? (int)addr : -ENOMEM;
	}
	if (ph->p_flags & PF_X) {
		if (!mm->start_code || ph->p_vaddr < mm->start_code)
			mm->start_code = ph->p_vaddr;
		mm->end_code = ph->p_vaddr + ph->p_filesz;
	} else {
		mm->start_data = ph->p_vaddr;
		mm->end_data = ph->p_vaddr + ph->p_filesz;
	}
	if (ph->p_vaddr + ph->p_filesz > *elf_bss)
		*elf_bss = ph->p_vaddr + ph->p_filesz;
	if (ph->p_vaddr + ph->p_memsz > *elf_brk)
		*elf_brk = ph->p_vaddr + ph->p_memsz;
	return 0;
}

static int load_segments(struct linux_binprm *bprm)
{
	struct file *file = open_exec_file(bprm->inode);
	unsigned long elf_bss = 0, elf_brk = 0;
	int i, err = 0;

	if (!file)
		return -ENOMEM;
	for (i = 0; i < bprm->ehdr.e_phnum && !err; i++)
		if (bprm->phdr[i].p_type == PT_LOAD)
			err = map_segment(file, &bprm->phdr[i], &elf_bss, &elf_brk);
	fput(file);
	if (err)
		return err;
	/* binfmt_elf's padzero: the file page past p_filesz holds other bytes of the file. */
	if (PGOFF(elf_bss) && elf_brk > elf_bss &&
	    clear_user((void *)elf_bss, PAGE_SIZE - PGOFF(elf_bss)))
		return -EFAULT;
	if (PAGE_ALIGN(elf_brk) > PAGE_ALIGN(elf_bss) &&
	    IS_ERR_VALUE(do_brk(PAGE_ALIGN(elf_bss), PAGE_ALIGN(elf_brk) - PAGE_ALIGN(elf_bss))))
		return -ENOMEM;
	current->mm->start_brk = current->mm->brk = PAGE_ALIGN(elf_brk);
	return 0;
}

/* The user address of the next string in the page, advancing both cursors. */
static uint32_t next_string(uint32_t *user, const char **kernel)
{
	uint32_t at = *user;
	size_t len = strlen(*kernel) + 1;

	*user += (uint32_t)len;
	*kernel += len;
	return at;
}

/* Writes the pointer block at sp: argc, argv[], NULL, envp[], NULL, auxv. */
static int put_pointers(struct linux_binprm *bprm, unsigned long sp, unsigned long strings)
{
	uint32_t *u = (uint32_t *)sp, s = (uint32_t)strings;
	const char *k = bprm->page;
	int i, n = 0, err = put_user_u32((uint32_t)bprm->argc, &u[n++]);

	for (i = 0; i < bprm->argc; i++)
		err |= put_user_u32(next_string(&s, &k), &u[n++]);
	err |= put_user_u32(0, &u[n++]);
	for (i = 0; i < bprm->envc; i++)
		err |= put_user_u32(next_string(&s, &k), &u[n++]);
	err |= put_user_u32(0, &u[n++]);
	err |= put_user_u32(AT_PAGESZ, &u[n++]);
	err |= put_user_u32(PAGE_SIZE, &u[n++]);
	err |= put_user_u32(AT_ENTRY, &u[n++]);
	err |= put_user_u32(bprm->ehdr.e_entry, &u[n++]);
	err |= put_user_u32(AT_NULL, &u[n++]);
	err |= put_user_u32(0, &u[n++]);
	return err ? -EFAULT : 0;
}

/* Creates the stack VMA and fills it; returns the initial esp or an error value. */
static unsigned long setup_stack(struct linux_binprm *bprm)
{
	struct mm_struct *mm = current->mm;
	unsigned long strings = STACK_TOP - sizeof(uint32_t) - bprm->used;
	unsigned long words = 1 + bprm->argc + 1 + bprm->envc + 1 + 2 * NR_AUXV;
	unsigned long sp = ((strings & ~15UL) - words * sizeof(uint32_t)) & ~15UL;
	unsigned long base = sp & ~(PAGE_SIZE - 1), addr;
	int i;

	addr = do_mmap_pgoff(NULL, base, STACK_TOP - base, PROT_READ | PROT_WRITE | PROT_EXEC,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, 0);
	if (addr != base)
		return (unsigned long)-ENOMEM;
	if (copy_to_user((void *)strings, bprm->page, bprm->used) ||
	    put_user_u32(0, (void *)(STACK_TOP - sizeof(uint32_t))) ||
	    put_pointers(bprm, sp, strings))
		return (unsigned long)-EFAULT;
	mm->arg_start = strings;
	mm->arg_end = strings;
	for (i = 0; i < bprm->argc; i++)
		mm->arg_end += strlen(bprm->page + (mm->arg_end - strings)) + 1;
	mm->env_start = mm->arg_end;
	mm->env_end = strings + bprm->used;
	mm->start_stack = sp;
	return sp;
}

/* Everything after the point of no return: a new mm, the segments, the stack, the registers. */
static int exec_mmap_and_load(struct linux_binprm *bprm, struct trapframe *regs)
{
	struct mm_struct *mm = mm_alloc(), *old = current->mm;
	unsigned long sp;
	int err;

	if (!mm)
		return -ENOMEM;
	current->mm = mm;
	switch_mm(mm);
	if (old)
		mmput(old);
	err = load_segments(bprm);
	if (err)
		return err;
	sp = setup_stack(bprm);
	if (IS_ERR_VALUE(sp))
		return (int)sp;
	memset(regs, 0, sizeof(*regs));
	regs->eip = bprm->ehdr.e_entry;
	regs->esp = sp;
	regs->cs = __USER_CS;
	regs->ds = regs->es = regs->fs = regs->gs = regs->ss = __USER_DS;
	regs->eflags = EFLAGS_IF | EFLAGS_FIXED;
	return 0;
}

static void set_comm(const char *filename)
{
	const char *base = filename, *p;

	for (p = filename; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(current->comm, base, sizeof(current->comm));
}

/* Collects the arguments and opens the file; nothing of the old image is lost yet. */
static int prepare_exec(struct linux_binprm *bprm, const char *filename, char *const argv[],
			char *const envp[], int from_user)
{
	int err;

	bprm->inode = namei(filename, &err);
	if (!bprm->inode)
		return err;
	if (!S_ISREG(bprm->inode->i_mode) || !(bprm->inode->i_mode & S_IXUGO))
		return -EACCES;
	err = prepare_binprm(bprm);
	if (!err)
		err = copy_strings(bprm, argv, from_user, &bprm->argc);
	if (!err)
		err = copy_strings(bprm, envp, from_user, &bprm->envc);
	return err;
}

/*
 * Replaces the current image.  filename is a kernel string; argv/envp are user
 * pointers when from_user, else kernel vectors.  Returns 0 (regs now enter the
 * new program) or -errno with the old image intact; a failure after the point
 * of no return kills the task with SIGSEGV, as Linux does.
 */
int do_execve_common(const char *filename, char *const argv[], char *const envp[],
		     struct trapframe *regs, int from_user)
{
	struct linux_binprm *bprm = kmalloc(sizeof(*bprm), GFP_KERNEL);
	int err;

	if (!bprm)
		return -ENOMEM;
	memset(bprm, 0, sizeof(*bprm));
	bprm->page = (char *)__get_free_page(GFP_KERNEL);
	err = bprm->page ? prepare_exec(bprm, filename, argv, envp, from_user) : -ENOMEM;
	if (!err) {
		set_comm(filename);
		err = exec_mmap_and_load(bprm, regs);
		if (err)
			force_sig(SIGSEGV, current);
	}
	if (bprm->inode)
		iput(bprm->inode);
	free_page((unsigned long)bprm->page);
	kfree(bprm);
	return err;
}

int do_execve(const char *filename, char *const kargv[], char *const kenvp[],
	      struct trapframe *regs)
{
	return do_execve_common(filename, kargv, kenvp, regs, 0);
}
