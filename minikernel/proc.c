/*
 * proc.c - a small procfs: a table of read-only files whose text is
 * generated on demand into a buffer (Linux's seq_file in miniature).  With no
 * file system yet, proc_show() prints a file to the console; the formats are
 * Linux's so the output reads like the real thing:
 *   meminfo      2.6 field layout ("%-16s%8lu kB")
 *   buddyinfo    2.6 ("Node 0, zone %8s" + "%6lu " per order)
 *   slabinfo     2.4 version 1.1
 *   vmallocinfo  2.6.25+ (caller printed as an address: no kallsyms)
 *   iomem        2.6 (nested ranges indented by two spaces)
 * The buffer is static so that reading a file does not change what it shows.
 * The same generators back the files of the mounted /proc (proc_fs.c).
 */
#include <stdarg.h>
#include "defs.h"
#include "fs.h"
#include "mm.h"
#include "resource.h"
#include "slab.h"
#include "vmalloc.h"

static char proc_buf[4 * PAGE_SIZE];

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (m->count >= m->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->count, m->size - m->count, fmt, ap);
	va_end(ap);
	m->count += (size_t)n < m->size - m->count ? (size_t)n : m->size - m->count;
}

#define K(pages)	((pages) << (PAGE_SHIFT - 10))

static void meminfo_line(struct seq_file *m, const char *name, unsigned long kb)
{
	seq_printf(m, "%-16s%8lu kB\n", name, kb);
}

static void meminfo_show(struct seq_file *m)
{
	unsigned long free = nr_free_pages();

	meminfo_line(m, "MemTotal:", K(totalram_pages));
	meminfo_line(m, "MemFree:", K(free));
	meminfo_line(m, "HighTotal:", 0);
	meminfo_line(m, "HighFree:", 0);
	meminfo_line(m, "LowTotal:", K(totalram_pages));
	meminfo_line(m, "LowFree:", K(free));
	meminfo_line(m, "Slab:", K(kmem_cache_total_pages()));
	meminfo_line(m, "PageTables:", K(nr_pagetable_pages));
	meminfo_line(m, "VmallocTotal:", (VMALLOC_END - VMALLOC_START) >> 10);
	meminfo_line(m, "VmallocUsed:", vmalloc_used_bytes() >> 10);
	meminfo_line(m, "VmallocChunk:", vmalloc_largest_chunk() >> 10);
}

static void buddyinfo_show(struct seq_file *m)
{
	int z;
	unsigned int order;

	for (z = 0; z < nr_zones; z++) {
		seq_printf(m, "Node %d, zone %8s ", 0, zone_table[z].name);
		for (order = 0; order < MAX_ORDER; order++)
			seq_printf(m, "%6lu ", nr_free_blocks(&zone_table[z], order));
		seq_printf(m, "\n");
	}
}

static void slabinfo_show(struct seq_file *m)
{
	kmem_cache_t *c;

	seq_printf(m, "slabinfo - version: 1.1\n");
	for (c = kmem_cache_first(); c; c = kmem_cache_next(c)) {
		unsigned long active_objs, num_objs, active_slabs, num_slabs;

		kmem_cache_counts(c, &active_objs, &num_objs, &active_slabs, &num_slabs);
		seq_printf(m, "%-17s %6lu %6lu %6u %4lu %4lu %4u\n", c->name, active_objs,
			   num_objs, c->objsize, active_slabs, num_slabs, 1U << c->gfporder);
	}
}

static void vmallocinfo_show(struct seq_file *m)
{
	const struct vm_struct *v;

	for (v = vmlist; v; v = v->next) {
		seq_printf(m, "0x%p-0x%p %7lu", v->addr, (char *)v->addr + v->size, v->size);
		if (v->caller)
			seq_printf(m, " 0x%08lx", (unsigned long)v->caller);
		if (v->nr_pages)
			seq_printf(m, " pages=%u", v->nr_pages);
		if (v->flags & VM_ALLOC)
			seq_printf(m, " vmalloc");
		if (v->flags & VM_MAP)
			seq_printf(m, " vmap");
		seq_printf(m, "\n");
	}
}

static void iomem_show_level(struct seq_file *m, const struct resource *r, int depth)
{
	for (; r; r = r->sibling) {
		seq_printf(m, "%*s%08lx-%08lx : %s\n", depth * 2, "", r->start, r->end, r->name);
		iomem_show_level(m, r->child, depth + 1);
	}
}

static void iomem_show(struct seq_file *m)
{
	iomem_show_level(m, iomem_resource.child, 0);
}

static const struct proc_entry {
	const char *name;
	void (*show)(struct seq_file *m);
} proc_root[] = {
	{ "meminfo", meminfo_show },
	{ "buddyinfo", buddyinfo_show },
	{ "slabinfo", slabinfo_show },
	{ "vmallocinfo", vmallocinfo_show },
	{ "iomem", iomem_show },
};

/* Generates /proc/NAME into m; -1 if there is no such file. */
int proc_root_show(const char *name, struct seq_file *m)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(proc_root); i++) {
		if (!strcmp(proc_root[i].name, name)) {
			proc_root[i].show(m);
			return 0;
		}
	}
	return -1;
}

/* The name of /proc's i-th generated file, or NULL past the last. */
const char *proc_root_name(unsigned int i)
{
	return i < ARRAY_SIZE(proc_root) ? proc_root[i].name : NULL;
}

/* Generates /proc/NAME into buf; returns its length, or -1 if there is no such file. */
int proc_read(const char *name, char *buf, size_t size)
{
	struct seq_file m = { buf, size, 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(proc_root); i++) {
		if (!strcmp(proc_root[i].name, name)) {
			proc_root[i].show(&m);
			if (m.count < size)
				buf[m.count] = '\0';
			else
				buf[size - 1] = '\0';
			return (int)m.count;
		}
	}
	return -1;
}

/* Prints /proc/NAME under a "==> /proc/NAME <==" header (as head(1) does). */
void proc_show(const char *name)
{
	const char *p;

	if (proc_read(name, proc_buf, sizeof(proc_buf)) < 0) {
		printk("proc: no such file /proc/%s\n", name);
		return;
	}
	printk("==> /proc/%s <==\n", name);
	for (p = proc_buf; *p; p++)
		serial_putc(*p);
}
