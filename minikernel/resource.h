/*
 * resource.h - named physical address ranges (Linux <linux/ioport.h>).
 */
#ifndef RESOURCE_H
#define RESOURCE_H

struct resource {
	const char *name;
	unsigned long start, end;	/* inclusive */
	struct resource *parent, *sibling, *child;
};

extern struct resource iomem_resource;

/* resource.c */
void e820_reserve_resources(void);

#endif /* RESOURCE_H */
