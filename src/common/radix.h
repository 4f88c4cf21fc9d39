/*
 * radix: stable least-significant-digit radix sorts of unsigned keys.
 *
 * Byte digits; a pass whose digit is the same in every key is skipped, so
 * keys that use few bits (article indexes, packed pairs) cost few passes.
 * Small arrays are insertion-sorted.  The caller gives scratch of the same
 * size; the sorted keys end in `keys`.  Stability lets a sort by key keep
 * an earlier order among equal keys (radix_sort_keyed).
 */
#ifndef NP_RADIX_H
#define NP_RADIX_H

#include <stddef.h>
#include <stdint.h>

void radix_sort_u64(uint64_t *keys, uint64_t *scratch, size_t n);
void radix_sort_u32(uint32_t *keys, uint32_t *scratch, size_t n);
/* Sorts by the high 32 bits only, stably: keys whose low halves already
 * ascend (an index) come out as radix_sort_u64 gives them, in half the
 * passes. */
void radix_sort_u64_high(uint64_t *keys, uint64_t *scratch, size_t n);
/* radix_sort_u64_high for high halves that are hashes, spread evenly:
 * two passes by their top bits (two digits, each of a value for about
 * four keys, at most a byte), then one insertion pass for the keys those
 * bits do not tell apart (if it moves many, keys that are not spread, all
 * are radix-sorted).  A few hundred keys, an article's words, take two
 * short passes instead of four. */
void radix_sort_u64_high_hashes(uint64_t *keys, uint64_t *scratch, size_t n);

/* A 64-bit key with a 32-bit value: sorted by key only, stably. */
typedef struct radix_item {
    uint64_t key;
    uint32_t value;
} radix_item;

void radix_sort_items(radix_item *items, radix_item *scratch, size_t n);
/* radix_sort_items for keys spread evenly over the bits in which they
 * differ (hashes, or ids below a bound): one stable pass by the highest
 * of those bits, then each range insertion-sorted (a long range, of keys
 * that are not spread, radix-sorted).  The same order in a pass or two
 * instead of eight. */
void radix_sort_items_spread(radix_item *items, radix_item *scratch, size_t n);

/* Sorts the n elements of ARRAY by KEY(element), stably, by insertion:
 * for the few elements of a short array or of one range of a digit. */
#define RADIX_INSERTION_SORT(TYPE, KEY, ARRAY, N)                                              \
    for (size_t i_ = 1; i_ < (N); i_++) {                                                      \
        TYPE x_ = (ARRAY)[i_];                                                                 \
        size_t j_ = i_;                                                                        \
        for (; j_ > 0 && KEY((ARRAY)[j_ - 1]) > KEY(x_); j_--)                                 \
            (ARRAY)[j_] = (ARRAY)[j_ - 1];                                                     \
        (ARRAY)[j_] = x_;                                                                      \
    }

/* Defines `void NAME(TYPE *keys, TYPE *scratch, size_t n)`, sorting by
 * KEY(element) (an unsigned value of BYTES bytes), for a module's own
 * element type.  Needs <string.h>. */
#define RADIX_SORT(NAME, TYPE, KEY, BYTES)                                                     \
    void NAME(TYPE *keys, TYPE *scratch, size_t n)                                             \
    {                                                                                          \
        if (n < 2)                                                                             \
            return;                                                                            \
        if (n <= 48) {                                                                         \
            RADIX_INSERTION_SORT(TYPE, KEY, keys, n);                                          \
            return;                                                                            \
        }                                                                                      \
        size_t count[BYTES][256];                                                              \
        memset(count, 0, sizeof count);                                                        \
        for (size_t i = 0; i < n; i++) {                                                       \
            uint64_t k = KEY(keys[i]);                                                         \
            for (unsigned d = 0; d < BYTES; d++)                                               \
                count[d][(k >> (8 * d)) & 255]++;                                              \
        }                                                                                      \
        TYPE *from = keys, *to = scratch;                                                      \
        for (unsigned d = 0; d < BYTES; d++) {                                                 \
            size_t *c = count[d];                                                              \
            if (c[(KEY(keys[0]) >> (8 * d)) & 255] == n)                                       \
                continue; /* every key has this digit: nothing moves */                        \
            size_t sum = 0;                                                                    \
            for (unsigned v = 0; v < 256; v++) {                                               \
                size_t t = c[v];                                                               \
                c[v] = sum;                                                                    \
                sum += t;                                                                      \
            }                                                                                  \
            for (size_t i = 0; i < n; i++)                                                     \
                to[c[(KEY(from[i]) >> (8 * d)) & 255]++] = from[i];                            \
            TYPE *t = from;                                                                    \
            from = to;                                                                         \
            to = t;                                                                            \
        }                                                                                      \
        if (from != keys)                                                                      \
            memcpy(keys, from, n * sizeof *keys);                                              \
    }

enum { SPREAD_RUN_MOST = 32, SPREAD_BITS = 12 }; /* longer ranges of one digit are sorted by the next */

/* Defines `void NAME(TYPE *items, TYPE *scratch, size_t n)`, sorting by
 * KEY(element) (a uint64_t) as radix_sort_items_spread does: stably, one
 * pass by the highest SPREAD_BITS at most of the bits in which the keys
 * differ, then each range insertion-sorted (a longer one sorted so by the
 * bits below).  Needs <string.h>. */
#define RADIX_SORT_SPREAD(NAME, TYPE, KEY)                                                     \
    void NAME(TYPE *items, TYPE *scratch, size_t n)                                            \
    {                                                                                          \
        if (n <= 48) {                                                                         \
            RADIX_INSERTION_SORT(TYPE, KEY, items, n);                                         \
            return;                                                                            \
        }                                                                                      \
        uint64_t differ = 0;                                                                   \
        for (size_t i = 1; i < n; i++)                                                         \
            differ |= KEY(items[i]) ^ KEY(items[0]);                                           \
        if (!differ)                                                                           \
            return; /* one key: in order already */                                            \
        /* the digit: the highest bits in which keys differ, about a      \
         * quarter as many values as keys */                                                   \
        unsigned top = 63 - (unsigned)__builtin_clzll(differ), bits = 4;                      \
        while (bits < SPREAD_BITS && ((size_t)1 << (bits + 2)) < n)                            \
            bits++;                                                                            \
        unsigned shift = top + 1 > bits ? top + 1 - bits : 0;                                  \
        size_t buckets = (size_t)1 << bits, mask = buckets - 1;                                \
        size_t start[(1 << SPREAD_BITS) + 1];                                                  \
        memset(start, 0, (buckets + 1) * sizeof *start);                                       \
        for (size_t i = 0; i < n; i++)                                                         \
            start[((KEY(items[i]) >> shift) & mask) + 1]++;                                    \
        for (size_t v = 0; v < buckets; v++)                                                   \
            start[v + 1] += start[v];                                                          \
        for (size_t i = 0; i < n; i++) /* in order: stable */                                  \
            scratch[start[(KEY(items[i]) >> shift) & mask]++] = items[i];                      \
        /* start[v] is now the end of range v */                                               \
        for (size_t v = 0, from = 0; v < buckets; from = start[v++]) {                         \
            TYPE *run = scratch + from;                                                        \
            size_t m = start[v] - from;                                                        \
            if (m > SPREAD_RUN_MOST) {                                                         \
                NAME(run, items + from, m); /* by the bits below */                            \
                continue;                                                                      \
            }                                                                                  \
            RADIX_INSERTION_SORT(TYPE, KEY, run, m);                                           \
        }                                                                                      \
        memcpy(items, scratch, n * sizeof *items);                                             \
    }

/* Defines `size_t NAME(TYPE *items, size_t n, size_t start[BUCKETS + 1])`:
 * moves items in place into BUCKETS ranges of DIGIT(element) (an unsigned
 * value; the ranges split from 0 to the largest met), range v being
 * [start[v], start[v + 1]).  American flag sort: no scratch, not stable.
 * returns: the largest range's length, the scratch a radix sort of each
 * range then needs. */
#define RADIX_PARTITION(NAME, TYPE, DIGIT, BUCKETS)                                            \
    size_t NAME(TYPE *items, size_t n, size_t start[(BUCKETS) + 1])                           \
    {                                                                                          \
        uint64_t most = 0;                                                                     \
        for (size_t i = 0; i < n; i++)                                                         \
            most = DIGIT(items[i]) > most ? DIGIT(items[i]) : most;                            \
        unsigned shift = 0;                                                                    \
        while ((most >> shift) >= (BUCKETS))                                                   \
            shift++;                                                                           \
        size_t next[BUCKETS], largest = 0;                                                     \
        memset(start, 0, ((BUCKETS) + 1) * sizeof *start);                                    \
        for (size_t i = 0; i < n; i++)                                                         \
            start[(DIGIT(items[i]) >> shift) + 1]++;                                           \
        for (size_t v = 0; v < (BUCKETS); v++) {                                               \
            largest = start[v + 1] > largest ? start[v + 1] : largest;                         \
            start[v + 1] += start[v];                                                          \
            next[v] = start[v];                                                                \
        }                                                                                      \
        for (size_t v = 0; v < (BUCKETS); v++) {                                               \
            while (next[v] < start[v + 1]) {                                                   \
                TYPE x = items[next[v]];                                                       \
                size_t to = (size_t)(DIGIT(x) >> shift);                                       \
                while (to != v) { /* x's place is in range to: take what is there */           \
                    TYPE y = items[next[to]];                                                  \
                    items[next[to]++] = x;                                                     \
                    x = y;                                                                     \
                    to = (size_t)(DIGIT(x) >> shift);                                          \
                }                                                                              \
                items[next[v]++] = x;                                                          \
            }                                                                                  \
        }                                                                                      \
        return largest;                                                                        \
    }

#endif
