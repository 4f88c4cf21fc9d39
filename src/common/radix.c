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
    /* the digit: the top bits, about a value for four keys (at most 256):
     * an article's few hundred words clear and walk fewer counts */
    unsigned bits = 4;
    while (bits < 8 && ((size_t)1 << (bits + 2)) < n)
        bits++;
    unsigned shift = 64 - bits, values = 1u << bits;
    size_t start[257];
    memset(start, 0, (values + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[(keys[i] >> shift) + 1]++;
    for (unsigned v = 0; v < values; v++)
        start[v + 1] += start[v];
    size_t next[256];
    memcpy(next, start, values * sizeof *next);
    for (size_t i = 0; i < n; i++) /* in order: stable */
        scratch[next[keys[i] >> shift]++] = keys[i];
    for (unsigned v = 0; v < values; v++) {
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

enum { SPREAD_RUN_MOST = 32, SPREAD_BITS = 12 }; /* longer ranges of one digit are sorted by the next */

void radix_sort_items_spread(radix_item *items, radix_item *scratch, size_t n)
{
    if (n <= 48) {
        radix_sort_items(items, scratch, n); /* insertion-sorted there */
        return;
    }
    uint64_t differ = 0;
    for (size_t i = 1; i < n; i++)
        differ |= items[i].key ^ items[0].key;
    if (!differ)
        return; /* one key: in order already */
    /* the digit: the highest bits in which keys differ, about a quarter
     * as many values as keys (SPREAD_BITS at most: a long range is sorted
     * by the bits below, a digit at each depth of at most 64 / 4) */
    unsigned top = 63 - (unsigned)__builtin_clzll(differ), bits = 4;
    while (bits < SPREAD_BITS && ((size_t)1 << (bits + 2)) < n)
        bits++;
    unsigned shift = top + 1 > bits ? top + 1 - bits : 0;
    size_t buckets = (size_t)1 << bits, mask = buckets - 1;
    size_t start[(1 << SPREAD_BITS) + 1];
    memset(start, 0, (buckets + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[((items[i].key >> shift) & mask) + 1]++;
    for (size_t v = 0; v < buckets; v++)
        start[v + 1] += start[v];
    for (size_t i = 0; i < n; i++) /* in order: stable */
        scratch[start[(items[i].key >> shift) & mask]++] = items[i];
    /* start[v] is now the end of range v */
    for (size_t v = 0, from = 0; v < buckets; from = start[v++]) {
        radix_item *run = scratch + from;
        size_t m = start[v] - from;
        if (m > SPREAD_RUN_MOST) {
            radix_sort_items_spread(run, items + from, m); /* by the bits below */
            continue;
        }
        for (size_t i = 1; i < m; i++) {
            radix_item x = run[i];
            size_t j = i;
            for (; j > 0 && run[j - 1].key > x.key; j--)
                run[j] = run[j - 1];
            run[j] = x;
        }
    }
    memcpy(items, scratch, n * sizeof *items);
}
