/*
 * pagetouch.c - demand paging under the minikernel, forever: map 64 fresh anonymous pages, write
 * one word to each (each write a #PF the kernel answers with a zeroed page: find_vma,
 * handle_mm_fault, do_anonymous_page), unmap them (pages and page table entries freed), then
 * print a line holding one '.' (a whole line, so that every loop reaches a host terminal at
 * once). Raw faults are PageFaultBench's; this is the whole kernel path. DemandPagingBench and
 * bench-compare count the dots.
 */
#include "libc.h"

#define PAGES 64

int main(void)
{
	for (unsigned round = 0;; round++) {
		unsigned *p = mmap(NULL, PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (MAP_FAILED_P(p)) {
			printf("pagetouch: mmap failed: %d\n", (int)(long)p);
			return 1;
		}
		for (unsigned i = 0; i < PAGES; i++)
			p[i * (PAGE_SIZE / sizeof(unsigned))] = round + i;
		int err = munmap(p, PAGES * PAGE_SIZE);
		if (err) {
			printf("pagetouch: munmap failed: %d\n", err);
			return 1;
		}
		write(1, ".\n", 2);
	}
}
