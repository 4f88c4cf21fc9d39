/* radix: byte-wise LSD radix sorts with constant digits skipped. */
#include "common/radix.h"

#include <string.h>

#include "common/bits.h"

#define PLAIN_KEY(x) ((uint64_t)(x))
#define ITEM_KEY(x) ((x).key)
#define HIGH_KEY(x) ((uint64_t)(x) >> 32)

RADIX_SORT(radix_sort_u64, uint64_t, PLAIN_KEY, 8)
RADIX_SORT(radix_sort_u32, uint32_t, PLAIN_KEY, 4)
RADIX_SORT(radix_sort_u64_high, uint64_t, HIGH_KEY, 4)
RADIX_SORT(radix_sort_items, radix_item, ITEM_KEY, 8)

/* An insertion pass that moves keys more than this many times a key is
 * sorting keys that are not spread: they are radix-sorted instead. */
enum { HASH_MOVES_MOST = 8 };

static inline __attribute__((always_inline)) void sort_high_hashes(uint64_t *keys, uint64_t *scratch, size_t n)
{
    /* two digits of the top bits, each of about a value for four keys (at
     * most a byte), in two stable passes, the lower first: no branch on a
     * key, and few counts to clear and walk for an article's few hundred */
    unsigned bits = 4;
    while (bits < 8 && ((size_t)1 << (bits + 2)) < n)
        bits++;
    unsigned low_shift = 64 - 2 * bits, high_shift = 64 - bits, values = 1u << bits;
    uint64_t mask = values - 1;
    size_t low[257], high[257];
    memset(low, 0, (values + 1) * sizeof *low);
    memset(high, 0, (values + 1) * sizeof *high);
    for (size_t i = 0; i < n; i++) {
        low[(keys[i] >> low_shift & mask) + 1]++;
        high[(keys[i] >> high_shift) + 1]++;
    }
    for (unsigned v = 0; v < values; v++) {
        low[v + 1] += low[v];
        high[v + 1] += high[v];
    }
    for (size_t i = 0; i < n; i++) /* in order: stable */
        scratch[low[keys[i] >> low_shift & mask]++] = keys[i];
    for (size_t i = 0; i < n; i++)
        keys[high[scratch[i] >> high_shift]++] = scratch[i];
    /* keys that share the top 2 * bits are in their first order; hashes
     * share them in some eight pairs whatever n, which one insertion pass
     * puts in order (keys of one high half stay in order: stable) */
    size_t moves = 0;
    uint64_t top = HIGH_KEY(keys[0]), *at = keys + 1, *end = keys + n; /* top: the highest before at */
    for (;;) {
        /* keys in order passed over, the highest so far in a register
         * (a key moved in below it leaves it last) */
        for (; at < end && HIGH_KEY(*at) >= top; at++)
            top = HIGH_KEY(*at);
        if (at == end)
            return;
        size_t i = (size_t)(at - keys), j = i;
        uint64_t x = *at++;
        for (; j > 0 && HIGH_KEY(keys[j - 1]) > HIGH_KEY(x); j--)
            keys[j] = keys[j - 1];
        keys[j] = x;
        moves += i - j;
        if (moves > HASH_MOVES_MOST * n) {
            radix_sort_u64_high(keys, scratch, n); /* stable: the order so far is the first */
            return;
        }
    }
}

static void sort_high_hashes_plain(uint64_t *keys, uint64_t *scratch, size_t n)
{
    sort_high_hashes(keys, scratch, n);
}

#if BITS_HAVE_BMI2
BITS_BMI2 static void sort_high_hashes_bmi2(uint64_t *keys, uint64_t *scratch, size_t n)
{
    sort_high_hashes(keys, scratch, n);
}
#endif

void radix_sort_u64_high_hashes(uint64_t *keys, uint64_t *scratch, size_t n)
{
    if (n <= 48) {
        radix_sort_u64_high(keys, scratch, n); /* insertion-sorted there */
        return;
    }
#if BITS_HAVE_BMI2
    if (__builtin_cpu_supports("bmi2")) {
        sort_high_hashes_bmi2(keys, scratch, n); /* its digits' shifts by a register */
        return;
    }
#endif
    sort_high_hashes_plain(keys, scratch, n);
}

RADIX_SORT_SPREAD(radix_sort_items_spread, radix_item, ITEM_KEY)
