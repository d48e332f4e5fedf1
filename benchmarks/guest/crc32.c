/* crc32.c - table-driven CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) over a 64 KiB
 * buffer of pseudo-random bytes, once per round; each round first changes one byte, so every
 * round's CRC differs. Byte loads, shifts, XOR and a table lookup: the classic integer loop. */
#include "bench.h"

#define BUF_SIZE (64 * 1024)

const char workload_name[] = "crc32";

static u32 table[256];
static u8 buf[BUF_SIZE];

static void make_table(void)
{
	for (u32 i = 0; i < 256; i++) {
		u32 c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		table[i] = c;
	}
}

static u32 crc32(const u8 *p, u32 n)
{
	u32 c = 0xFFFFFFFFu;
	while (n--)
		c = table[(c ^ *p++) & 0xFF] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}

u32 workload(u32 rounds)
{
	u32 seed = 0x12345678;
	make_table();
	for (u32 i = 0; i < BUF_SIZE; i++)
		buf[i] = (u8)(lcg_next(&seed) >> 24);
	u32 sum = 0;
	for (u32 r = 0; r < rounds; r++) {
		buf[r % BUF_SIZE] ^= (u8)r;
		sum = (sum << 1 | sum >> 31) ^ crc32(buf, BUF_SIZE);
	}
	return sum;
}
