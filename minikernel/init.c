/*
 * init.c - the kernel's view of physical memory (Linux 2.4
 * arch/i386/kernel/setup.c setup_memory() and arch/i386/mm/init.c):
 *   setup_memory()  finds max_low_pfn, sets up bootmem and its reservations;
 *   paging_init()   maps all lowmem at PAGE_OFFSET in swapper_pg_dir with
 *                   4 KiB pages, adds the fixmap's page table, drops the boot
 *                   identity map and builds mem_map[] and the zones;
 *   mem_init()      hands the free frames to the buddy allocator.
 * Plus the fixmap and kmap_atomic().
 */
#include "defs.h"
#include "mm.h"
#include "mmu.h"
#include "x86.h"

unsigned long max_low_pfn, max_mapnr, num_physpages, totalram_pages;
void *high_memory;
unsigned long vmalloc_start;

#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)

/* Flush every TLB entry by reloading CR3 (the 386 way; fine on the 486). */
void __flush_tlb_all(void)
{
	write_cr3(read_cr3());
}

void __flush_tlb_one(unsigned long addr)
{
	invlpg(addr);
}

/*
 * Drops the boot identity mapping: from here on a kernel access below
 * PAGE_OFFSET (a NULL pointer, a stray physical address) faults.
 */
void zap_low_mappings(void)
{
	unsigned int i;

	for (i = 0; i < PDX(PAGE_OFFSET); i++)
		swapper_pg_dir[i] = 0;
	__flush_tlb_all();
}

/* Frames in [start_pfn, end_pfn) that the memory map calls RAM. */
static unsigned long e820_ram_pages(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long n = 0;
	int i;

	for (i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];
		uint64_t s = (e->addr + PAGE_SIZE - 1) >> PAGE_SHIFT;
		uint64_t t = (e->addr + e->size) >> PAGE_SHIFT;

		if (e->type != E820_RAM)
			continue;
		if (s < start_pfn)
			s = start_pfn;
		if (t > end_pfn)
			t = end_pfn;
		if (t > s)
			n += (unsigned long)(t - s);
	}
	return n;
}

static unsigned long find_max_pfn(void)
{
	unsigned long max_pfn = 0;
	int i;

	for (i = 0; i < e820.nr_map; i++) {
		uint64_t end = (e820.map[i].addr + e820.map[i].size) >> PAGE_SHIFT;

		if (e820.map[i].type == E820_RAM && end > max_pfn)
			max_pfn = end > 0xFFFFFFFFULL >> PAGE_SHIFT ? 0xFFFFFFFFUL >> PAGE_SHIFT
								    : (unsigned long)end;
	}
	return max_pfn;
}

/* Hands the RAM ranges of the memory map below max_low_pfn to bootmem. */
static void register_bootmem_low_pages(void)
{
	uint64_t limit = (uint64_t)max_low_pfn << PAGE_SHIFT;
	int i;

	for (i = 0; i < e820.nr_map; i++) {
		uint64_t s = e820.map[i].addr, t = s + e820.map[i].size;

		if (e820.map[i].type != E820_RAM || s >= limit)
			continue;
		if (t > limit)
			t = limit;
		free_bootmem((unsigned long)s, (unsigned long)(t - s));
	}
}

void setup_memory(void)
{
	unsigned long max_pfn = find_max_pfn(), start_pfn, bootmap_size;
	int i;

	max_low_pfn = max_pfn;
	if (max_low_pfn > (unsigned long)(MAXMEM >> PAGE_SHIFT)) {
		max_low_pfn = (unsigned long)(MAXMEM >> PAGE_SHIFT);
		printk("Warning only %luMB will be used.\n", max_low_pfn >> (20 - PAGE_SHIFT));
	}
	printk("%luMB LOWMEM available.\n", max_low_pfn >> (20 - PAGE_SHIFT));
	high_memory = __va(max_low_pfn << PAGE_SHIFT);
	vmalloc_start = ((unsigned long)high_memory + 2 * VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1UL);

	/* The bitmap goes after the kernel and after the modules the loader put behind it. */
	start_pfn = PFN_UP(__pa(_end));
	for (i = 0; i < nr_boot_modules; i++)
		if (PFN_UP(boot_modules[i].end) > start_pfn)
			start_pfn = PFN_UP(boot_modules[i].end);
	if (((start_pfn << PAGE_SHIFT) + max_low_pfn / 8) >= BOOT_MAP_SIZE)
		panic("setup_memory: kernel and modules leave no room below %u MiB",
		      BOOT_MAP_SIZE >> 20);
	bootmap_size = init_bootmem(start_pfn, max_low_pfn);
	register_bootmem_low_pages();
	reserve_bootmem(KERNEL_PHYS, __pa(_end) - KERNEL_PHYS);
	reserve_bootmem(start_pfn << PAGE_SHIFT, bootmap_size);
	reserve_bootmem(0, PAGE_SIZE);	/* BIOS data: real-mode IVT and BDA */
	for (i = 0; i < nr_boot_modules; i++)
		reserve_bootmem(boot_modules[i].start, boot_modules[i].end - boot_modules[i].start);
}

/* Maps physical 0 .. max_low_pfn at PAGE_OFFSET with fresh 4 KiB page tables. */
static void pagetable_init(void)
{
	unsigned long end = (unsigned long)high_memory;
	unsigned long vaddr, k;

	for (vaddr = PAGE_OFFSET; vaddr < end; vaddr += PGDIR_SIZE) {
		pte_t *pt = alloc_bootmem_low_pages(PAGE_SIZE);

		for (k = 0; k < PTRS_PER_PTE && vaddr + k * PAGE_SIZE < end; k++)
			pt[k] = (pte_t)(__pa(vaddr + k * PAGE_SIZE) | PAGE_KERNEL);
		/* Same translations as the boot tables where they overlap: safe while running. */
		swapper_pg_dir[PDX(vaddr)] = __pa(pt) | _KERNPG_TABLE;
	}
}

/* Gives [start, end) page tables with no pages mapped yet (the fixmap's). */
static void fixrange_init(unsigned long start, unsigned long end)
{
	unsigned long pdx;

	for (pdx = PDX(start); pdx <= PDX(end - 1); pdx++)
		if (!(swapper_pg_dir[pdx] & PTE_P))
			swapper_pg_dir[pdx] = __pa(alloc_bootmem_low_pages(PAGE_SIZE)) | _KERNPG_TABLE;
}

void paging_init(void)
{
	unsigned long zones_size[MAX_NR_ZONES], zones_real[MAX_NR_ZONES];
	unsigned long dma_pfn = MAX_DMA_ADDRESS >> PAGE_SHIFT;

	pagetable_init();
	fixrange_init(FIXADDR_START, FIXADDR_TOP);
	zap_low_mappings();
	bootmem_set_mapped_limit(max_low_pfn);

	zones_size[ZONE_DMA] = max_low_pfn < dma_pfn ? max_low_pfn : dma_pfn;
	zones_size[ZONE_NORMAL] = max_low_pfn - zones_size[ZONE_DMA];
	zones_real[ZONE_DMA] = e820_ram_pages(0, zones_size[ZONE_DMA]);
	zones_real[ZONE_NORMAL] = e820_ram_pages(zones_size[ZONE_DMA], max_low_pfn);
	free_area_init(zones_size, zones_real);
}

static int page_is_ram(unsigned long pfn)
{
	return e820_ram_pages(pfn, pfn + 1) == 1;
}

static void print_layout(void)
{
	printk("virtual kernel memory layout:\n"
	       "    fixmap  : 0x%08lx - 0x%08lx   (%4lu kB)\n"
	       "    vmalloc : 0x%08lx - 0x%08lx   (%4lu MB)\n"
	       "    lowmem  : 0x%08lx - 0x%08lx   (%4lu MB)\n",
	       FIXADDR_START, FIXADDR_TOP, (FIXADDR_TOP - FIXADDR_START) >> 10,
	       VMALLOC_START, VMALLOC_END, (VMALLOC_END - VMALLOC_START) >> 20,
	       (unsigned long)PAGE_OFFSET, (unsigned long)high_memory,
	       ((unsigned long)high_memory - PAGE_OFFSET) >> 20);
	printk("      .bss  : 0x%08lx - 0x%08lx   (%4lu kB)\n"
	       "      .data : 0x%08lx - 0x%08lx   (%4lu kB)\n"
	       "      .text : 0x%08lx - 0x%08lx   (%4lu kB)\n",
	       (unsigned long)__bss_start, (unsigned long)_end, (unsigned long)(_end - __bss_start) >> 10,
	       (unsigned long)_etext, (unsigned long)_edata, (unsigned long)(_edata - _etext) >> 10,
	       (unsigned long)_text, (unsigned long)_etext, (unsigned long)(_etext - _text) >> 10);
}

void mem_init(void)
{
	unsigned long pfn, reserved = 0;

	max_mapnr = num_physpages = max_low_pfn;
	totalram_pages = free_all_bootmem();
	for (pfn = 0; pfn < max_low_pfn; pfn++)
		if (PageReserved(&mem_map[pfn]) && page_is_ram(pfn))
			reserved++;
	printk("Memory: %luk/%luk available (%luk kernel code, %luk reserved, %luk data, %luk bss)\n",
	       nr_free_pages() << (PAGE_SHIFT - 10), max_low_pfn << (PAGE_SHIFT - 10),
	       (unsigned long)(_etext - _text) >> 10, reserved << (PAGE_SHIFT - 10),
	       (unsigned long)(_edata - _etext) >> 10, (unsigned long)(_end - __bss_start) >> 10);
	print_layout();
}

/* The PTE that maps a kernel address, or NULL if its page table is absent. */
pte_t *lookup_pte_kernel(unsigned long addr)
{
	pgd_t pde = swapper_pg_dir[PDX(addr)];

	if (!(pde & PTE_P))
		return NULL;
	return (pte_t *)__va(PTE_ADDR(pde)) + PTX(addr);
}

void __set_fixmap(enum fixed_addresses idx, unsigned long phys)
{
	unsigned long vaddr = __fix_to_virt(idx);

	BUG_ON(idx == FIX_HOLE || idx >= __end_of_fixed_addresses);
	*lookup_pte_kernel(vaddr) = (pte_t)(PTE_ADDR(phys) | PAGE_KERNEL);
	__flush_tlb_one(vaddr);
}

void clear_fixmap(enum fixed_addresses idx)
{
	unsigned long vaddr = __fix_to_virt(idx);

	*lookup_pte_kernel(vaddr) = 0;
	__flush_tlb_one(vaddr);
}

/*
 * A short-lived second mapping of any page through its fixmap slot.  Linux
 * returns page_address() for lowmem pages; with no highmem here, every page
 * goes through the fixmap, which gives the self-test a true alias to compare.
 */
void *kmap_atomic(struct page *page, enum km_type type)
{
	enum fixed_addresses idx = (enum fixed_addresses)(FIX_KMAP_BEGIN + type);

	__set_fixmap(idx, page_to_phys(page));
	return (void *)__fix_to_virt(idx);
}

void kunmap_atomic(void *kvaddr, enum km_type type)
{
	BUG_ON((unsigned long)kvaddr != __fix_to_virt(FIX_KMAP_BEGIN + type));
	clear_fixmap((enum fixed_addresses)(FIX_KMAP_BEGIN + type));
}
