/* radix: byte-wise LSD radix sorts with constant digits skipped. */
#include "common/radix.h"

#include <string.h>

#define PLAIN_KEY(x) ((uint64_t)(x))
#define ITEM_KEY(x) ((x).key)
#define HIGH_KEY(x) ((uint64_t)(x) >> 32)

RADIX_SORT(radix_sort_u64, uint64_t, PLAIN_KEY, 8)
RADIX_SORT(radix_sort_u32, uint32_t, PLAIN_KEY, 4)
RADIX_SORT(radix_sort_u64_high, uint64_t, HIGH_KEY, 4)
RADIX_SORT(radix_sort_items, radix_item, ITEM_KEY, 8)

enum { HASH_RUN_MOST = 32 }; /* longer runs of one top byte are radix-sorted */

void radix_sort_u64_high_hashes(uint64_t *keys, uint64_t *scratch, size_t n)
{
    if (n <= 48) {
        radix_sort_u64_high(keys, scratch, n); /* insertion-sorted there */
        return;
    }
    size_t start[257];
    memset(start, 0, sizeof start);
    for (size_t i = 0; i < n; i++)
        start[(keys[i] >> 56) + 1]++;
    for (unsigned v = 0; v < 256; v++)
        start[v + 1] += start[v];
    size_t next[256];
    memcpy(next, start, sizeof next);
    for (size_t i = 0; i < n; i++) /* in order: stable */
        scratch[next[keys[i] >> 56]++] = keys[i];
    for (unsigned v = 0; v < 256; v++) {
        uint64_t *run = scratch + start[v];
        size_t m = start[v + 1] - start[v];
        if (m > HASH_RUN_MOST) {
            radix_sort_u64_high(run, keys + start[v], m);
            continue;
        }
        for (size_t i = 1; i < m; i++) {
            uint64_t x = run[i];
            size_t j = i;
            for (; j > 0 && HIGH_KEY(run[j - 1]) > HIGH_KEY(x); j--)
                run[j] = run[j - 1];
            run[j] = x;
        }
    }
    memcpy(keys, scratch, n * sizeof *keys);
}
