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
void idset_clear(idset *s);
void idset_free(idset *s);
/* For idset_add: a table twice the size (64 slots at first), the keys
 * moved into it. */
np_status idset_grow(idset *s);

static inline size_t idset_slot(uint64_t key, size_t cap)
{
    /* keys are hashes already; fold the high bits in for small tables */
    return (size_t)((key ^ (key >> 32)) & (cap - 1));
}

/* Adds key.  *added is 1 if it was new, 0 if already present.  Inline:
 * the analyser adds every name it meets inside a sentence. */
static inline np_status idset_add(idset *s, uint64_t key, int *added)
{
    *added = 0;
    if (key == 0) {
        *added = !s->has_zero;
        s->has_zero = 1;
        return NP_OK;
    }
    if ((s->count + 1) * 4 > s->cap * 3) {
        np_status st = idset_grow(s);
        if (st != NP_OK)
            return st;
    }
    size_t j = idset_slot(key, s->cap);
    while (s->slots[j]) {
        if (s->slots[j] == key)
            return NP_OK;
        j = (j + 1) & (s->cap - 1);
    }
    s->slots[j] = key;
    s->count++;
    *added = 1;
    return NP_OK;
}

/* Inline: the analyser asks it of every token. */
static inline int idset_has(const idset *s, uint64_t key)
{
    if (key == 0)
        return s->has_zero;
    if (!s->cap)
        return 0;
    size_t j = idset_slot(key, s->cap);
    while (s->slots[j]) {
        if (s->slots[j] == key)
            return 1;
        j = (j + 1) & (s->cap - 1);
    }
    return 0;
}

#endif
