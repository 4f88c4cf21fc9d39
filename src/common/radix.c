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
