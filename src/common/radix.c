/* radix: byte-wise LSD radix sorts with constant digits skipped. */
#include "common/radix.h"

#include <string.h>

enum { SMALL = 48 };

#define RADIX_SORT(NAME, TYPE, KEY, BYTES)                                                     \
    void NAME(TYPE *keys, TYPE *scratch, size_t n)                                             \
    {                                                                                          \
        if (n < 2)                                                                             \
            return;                                                                            \
        if (n <= SMALL) {                                                                      \
            for (size_t i = 1; i < n; i++) {                                                   \
                TYPE v = keys[i];                                                              \
                size_t j = i;                                                                  \
                while (j > 0 && KEY(keys[j - 1]) > KEY(v)) {                                   \
                    keys[j] = keys[j - 1];                                                     \
                    j--;                                                                       \
                }                                                                              \
                keys[j] = v;                                                                   \
            }                                                                                  \
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

#define PLAIN_KEY(x) ((uint64_t)(x))
#define ITEM_KEY(x) ((x).key)

RADIX_SORT(radix_sort_u64, uint64_t, PLAIN_KEY, 8)
RADIX_SORT(radix_sort_u32, uint32_t, PLAIN_KEY, 4)
RADIX_SORT(radix_sort_items, radix_item, ITEM_KEY, 8)
