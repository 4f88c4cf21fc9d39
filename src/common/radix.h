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

/* A 64-bit key with a 32-bit value: sorted by key only, stably. */
typedef struct radix_item {
    uint64_t key;
    uint32_t value;
} radix_item;

void radix_sort_items(radix_item *items, radix_item *scratch, size_t n);

#endif
