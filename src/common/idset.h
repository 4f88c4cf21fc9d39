/*
 * idset: a set of 64-bit hashes (open addressing, linear probing).
 *
 * Used to notice repeated article ids and repeated lines.  Owns its table.
 * The value 0 is stored out of band, so every 64-bit value can be a member.
 */
#ifndef NP_IDSET_H
#define NP_IDSET_H

#include "newsprint.h"

typedef struct idset {
    const np_allocator *allocator; /* borrowed */
    uint64_t *slots;               /* owned; 0 marks an empty slot */
    size_t cap;                    /* a power of two, or 0 */
    size_t count;
    int has_zero;
} idset;

void idset_init(idset *s, const np_allocator *allocator);
/* Adds key.  *added is 1 if it was new, 0 if already present. */
np_status idset_add(idset *s, uint64_t key, int *added);
int idset_has(const idset *s, uint64_t key);
void idset_clear(idset *s);
void idset_free(idset *s);

#endif
