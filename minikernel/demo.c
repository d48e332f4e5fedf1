/*
 * demo.c - demo=alloc: one allocation from each allocator, with the virtual
 * address it returns and the physical memory behind it, /proc/vmallocinfo
 * while the vmalloc area is live, then everything is freed again.
 */
#include "defs.h"
#include "mm.h"
#include "slab.h"
#include "vmalloc.h"

static void demo_alloc(void)
{
	unsigned long page = __get_free_page(GFP_KERNEL);
	char *obj = kmalloc(100, GFP_KERNEL);
	unsigned char *vm = vmalloc(1000000);
	struct vm_struct *area = vm ? find_vm_area(vm) : NULL;
	unsigned int i;

	if (!page || !obj || !area)
		panic("demo_alloc: allocation failed");
	printk("__get_free_page(GFP_KERNEL) = %08lx, phys %08lx, zone %s\n", page, __pa(page),
	       virt_to_page((void *)page)->zone->name);
	printk("kmalloc(100, GFP_KERNEL) = %p, phys %08lx, cache %s\n", obj, __pa(obj),
	       GET_PAGE_CACHE(virt_to_page(obj))->name);
	printk("vmalloc(1000000) = %p, %u pages, area %lu bytes with guard page\n", vm,
	       area->nr_pages, area->size);
	for (i = 0; i < area->nr_pages; i++)
		if (i < 3 || i == area->nr_pages - 1)
			printk("  page %3u: %p -> phys %08lx\n", i, vm + i * PAGE_SIZE,
			       page_to_phys(vmalloc_to_page(vm + i * PAGE_SIZE)));
	proc_show("vmallocinfo");	/* while the area is live */
	vfree(vm);
	kfree(obj);
	free_page(page);
}

void run_demo(void)
{
	char what[16];

	if (!get_option("demo=", what, sizeof(what)))
		return;
	if (!strcmp(what, "alloc"))
		demo_alloc();
	else
		printk("demo: unknown demo '%s' (known: alloc)\n", what);
}
