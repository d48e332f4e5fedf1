/* sort.c - heapsort of 8192 pseudo-random ints, fresh ones each round: data-dependent branches,
 * indexed loads and stores, swaps. The checksum folds the sorted array and checks the order. */
#include "bench.h"

#define N 8192

const char workload_name[] = "sort";

static int a[N];

static void sift_down(int *v, u32 root, u32 n)
{
	int x = v[root];
	for (u32 child; (child = 2 * root + 1) < n; root = child) {
		if (child + 1 < n && v[child + 1] > v[child])
			child++;
		if (v[child] <= x)
			break;
		v[root] = v[child];
	}
	v[root] = x;
}

static void heapsort(int *v, u32 n)
{
	for (u32 i = n / 2; i-- > 0; )
		sift_down(v, i, n);
	for (u32 end = n - 1; end > 0; end--) {
		int t = v[0];
		v[0] = v[end];
		v[end] = t;
		sift_down(v, 0, end);
	}
}

u32 workload(u32 rounds)
{
	u32 seed = 0x2545F491;
	u32 sum = 0;
	for (u32 r = 0; r < rounds; r++) {
		for (u32 i = 0; i < N; i++)
			a[i] = (int)lcg_next(&seed);
		heapsort(a, N);
		for (u32 i = 0; i < N; i++) {
			if (i > 0 && a[i - 1] > a[i])
				return 0xBAD50127u;         /* not sorted: the emulator computed wrongly */
			sum = sum * 31 + (u32)a[i];
		}
	}
	return sum;
}
