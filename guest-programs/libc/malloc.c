/*
 * malloc.c - first-fit allocation over brk (K&R's storage allocator in
 * spirit): blocks carry a size header; free marks a block and merges it
 * with free neighbours that follow; the heap grows by whole pages.
 */
#include "libc.h"

struct block {
	size_t size;		/* bytes after the header */
	int free;
	struct block *next;
};

static struct block *heap;
static char *cur_brk;

void *sbrk(long inc)
{
	char *old, *want;

	if (!cur_brk)
		cur_brk = (char *)brk(0);
	old = cur_brk;
	want = old + inc;
	if ((char *)brk(want) != want)
		return (void *)-1;
	cur_brk = want;
	return old;
}

static struct block *grow(size_t size, struct block *last)
{
	size_t total = (sizeof(struct block) + size + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
	struct block *b = sbrk((long)total);

	if (b == (void *)-1)
		return NULL;
	b->size = total - sizeof(struct block);
	b->free = 0;
	b->next = NULL;
	if (last)
		last->next = b;
	else
		heap = b;
	return b;
}

static void split(struct block *b, size_t size)
{
	struct block *rest;

	if (b->size < size + sizeof(struct block) + 16)
		return;
	rest = (struct block *)((char *)(b + 1) + size);
	rest->size = b->size - size - sizeof(struct block);
	rest->free = 1;
	rest->next = b->next;
	b->next = rest;
	b->size = size;
}

void *malloc(size_t size)
{
	struct block *b, *last = NULL;

	size = (size + 15) & ~(size_t)15;
	for (b = heap; b; last = b, b = b->next) {
		if (b->free && b->size >= size) {
			b->free = 0;
			split(b, size);
			return b + 1;
		}
	}
	b = grow(size, last);
	if (!b)
		return NULL;
	split(b, size);
	return b + 1;
}

void free(void *p)
{
	struct block *b;

	if (!p)
		return;
	b = (struct block *)p - 1;
	b->free = 1;
	while (b->next && b->next->free &&
	       (char *)(b + 1) + b->size == (char *)b->next) {
		b->size += sizeof(struct block) + b->next->size;
		b->next = b->next->next;
	}
}
