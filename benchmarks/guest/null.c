/* null.c - no work: boots, prints its line and powers off. Its wall time is the fixed start-up
 * cost (emulator start, loading, serial, exit) that bench-compare subtracts from the others. */
#include "bench.h"

const char workload_name[] = "null";

u32 workload(u32 rounds)
{
	(void)rounds;
	return 0;
}
