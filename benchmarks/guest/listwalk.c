/* listwalk.c - pointer chasing: 65536 nodes (1 MiB) linked in a shuffled order, walked end to
 * end each round. Every load's address comes from the previous load, so this measures the
 * latency of a guest load (TLB lookup included once paging is on; here it is off). */
#include "bench.h"

#define NODES 65536

const char workload_name[] = "listwalk";

struct node {
	struct node *next;
	u32 value;
	u32 pad[2];                 /* 16-byte nodes: four to a 64-byte host cache line */
};

static struct node nodes[NODES];
static u32 order[NODES];

u32 workload(u32 rounds)
{
	u32 seed = 0x5EED1157;
	for (u32 i = 0; i < NODES; i++)
		order[i] = i;
	for (u32 i = NODES - 1; i > 0; i--) {                    /* Fisher-Yates */
		u32 j = (lcg_next(&seed) >> 8) % (i + 1);
		u32 t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (u32 i = 0; i < NODES; i++) {
		struct node *n = &nodes[order[i]];
		n->next = &nodes[order[(i + 1) % NODES]];
		n->value = lcg_next(&seed);
	}
	u32 sum = 0;
	struct node *p = &nodes[order[0]];
	for (u32 r = 0; r < rounds; r++) {
		p->value += r;
		for (u32 i = 0; i < NODES; i++) {
			sum += p->value ^ i;
			p = p->next;
		}
	}
	return sum;
}
