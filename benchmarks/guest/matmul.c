/* matmul.c - C = A * B for 48 x 48 int matrices, with A and B perturbed each round: IMUL,
 * strided loads, a tight inner loop. The checksum folds every element of every C. */
#include "bench.h"

#define N 48

const char workload_name[] = "matmul";

static int A[N][N], B[N][N], C[N][N];

static void multiply(void)
{
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			int s = 0;
			for (int k = 0; k < N; k++)
				s += A[i][k] * B[k][j];
			C[i][j] = s;
		}
}

u32 workload(u32 rounds)
{
	u32 seed = 0x0DDB1A5E;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			A[i][j] = (int)(lcg_next(&seed) >> 20) - 2048;
			B[i][j] = (int)(lcg_next(&seed) >> 20) - 2048;
		}
	u32 sum = 0;
	for (u32 r = 0; r < rounds; r++) {
		A[r % N][(r / N) % N] += (int)r;
		B[(r / N) % N][r % N] -= (int)r;
		multiply();
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				sum = (sum << 5 | sum >> 27) ^ (u32)C[i][j];
	}
	return sum;
}
