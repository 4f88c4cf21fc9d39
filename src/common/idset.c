/* idset: open-addressing set of 64-bit keys. */
#include "common/idset.h"

#include <string.h>

#include "common/alloc.h"

void idset_init(idset *s, const np_allocator *allocator)
{
    memset(s, 0, sizeof *s);
    s->allocator = allocator;
}

np_status idset_grow(idset *s)
{
    size_t cap = s->cap ? s->cap * 2 : 64;
    uint64_t *slots = np_calloc(s->allocator, cap, sizeof *slots);
    if (!slots)
        return NP_ENOMEM;
    for (size_t i = 0; i < s->cap; i++) {
        uint64_t k = s->slots[i];
        if (!k)
            continue;
        size_t j = idset_slot(k, cap);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = k;
    }
    np_free(s->allocator, s->slots);
    s->slots = slots;
    s->cap = cap;
    return NP_OK;
}

void idset_clear(idset *s)
{
    if (s->slots)
        memset(s->slots, 0, s->cap * sizeof *s->slots);
    s->count = 0;
    s->has_zero = 0;
}

void idset_free(idset *s)
{
    np_free(s->allocator, s->slots);
    idset_init(s, s->allocator);
}
