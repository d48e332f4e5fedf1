/*
 * resource.c - the physical address space as a tree of named ranges (Linux
 * kernel/resource.c), shown by /proc/iomem.  Siblings are sorted and never
 * overlap; a range that lies inside another becomes its child.  Filled from
 * the memory map (i386 e820_reserve_resources), the legacy VGA window and
 * the kernel's own sections.
 */
#include "defs.h"
#include "mm.h"
#include "resource.h"

struct resource iomem_resource = { "PCI mem", 0, 0xFFFFFFFFUL, NULL, NULL, NULL };

#define MAX_RESOURCES	(E820MAX + 8)
static struct resource resource_pool[MAX_RESOURCES];
static int nr_resources;

/* Inserts new under root, or returns the sibling it conflicts with. */
static struct resource *__request_resource(struct resource *root, struct resource *new)
{
	struct resource **p = &root->child, *tmp;

	if (new->end < new->start || new->start < root->start || new->end > root->end)
		return root;
	for (;;) {
		tmp = *p;
		if (!tmp || tmp->start > new->end) {
			new->sibling = tmp;
			*p = new;
			new->parent = root;
			return NULL;
		}
		p = &tmp->sibling;
		if (tmp->end < new->start)
			continue;
		return tmp;
	}
}

/* Like Linux's insert into the deepest range that contains it; 0 on success. */
static int insert_nested(struct resource *root, struct resource *new)
{
	for (;;) {
		struct resource *conflict = __request_resource(root, new);

		if (!conflict)
			return 0;
		if (conflict == root || conflict->start > new->start || conflict->end < new->end)
			return -1;
		root = conflict;
	}
}

static struct resource *new_resource(const char *name, unsigned long start, unsigned long end)
{
	struct resource *r;

	if (nr_resources >= MAX_RESOURCES)
		panic("new_resource: pool exhausted");
	r = &resource_pool[nr_resources++];
	r->name = name;
	r->start = start;
	r->end = end;
	return r;
}

static const char *e820_resource_name(uint32_t type)
{
	switch (type) {
	case E820_RAM:	return "System RAM";
	case E820_ACPI:	return "ACPI Tables";
	case E820_NVS:	return "ACPI Non-volatile Storage";
	default:	return "reserved";
	}
}

void e820_reserve_resources(void)
{
	int i;

	for (i = 0; i < e820.nr_map; i++) {
		uint64_t start = e820.map[i].addr, end = start + e820.map[i].size - 1;

		if (start > 0xFFFFFFFFULL || !e820.map[i].size)
			continue;
		if (end > 0xFFFFFFFFULL)
			end = 0xFFFFFFFFULL;
		__request_resource(&iomem_resource,
				   new_resource(e820_resource_name(e820.map[i].type),
						(unsigned long)start, (unsigned long)end));
	}
	/* The VGA window is not in the memory map; Linux registers it by hand. */
	__request_resource(&iomem_resource, new_resource("Video RAM area", 0xA0000, 0xBFFFF));
	/* From 1 MiB: the .boot section (Multiboot header, _start) is kernel code too. */
	insert_nested(&iomem_resource, new_resource("Kernel code", KERNEL_PHYS, __pa(_etext) - 1));
	insert_nested(&iomem_resource, new_resource("Kernel data", __pa(_etext), __pa(_edata) - 1));
	insert_nested(&iomem_resource, new_resource("Kernel bss", __pa(__bss_start), __pa(_end) - 1));
}
