/*
 * intern: an article's metadata strings (all but its id) kept once in the
 * engine's string pool when another article has given the same bytes:
 * articles of a corpus repeat their dates, sources and language, and a
 * copy its original's title.  At 20k gencorpus articles the strings are
 * 100 bytes an article, and there are 64 sources, 739 days and 9,607
 * titles among the 20,000.  The table (a 32-bit hash and an offset a
 * string, at most half full) is the intake's alone: engine_intern_end
 * frees it when the run starts, as no article is added after.  An
 * article's date, source and language, interned so, are then kept once
 * together (e->datelines), by a table of the same kind.
 */
#include "cluster/engine.h"

#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "common/alloc.h"

struct intern_slot {
    uint32_t hash;
    uint32_t offset;          /* in e->strings; NO_STRING: an empty slot */
};

static size_t intern_home(size_t cap, uint32_t hash)
{
    return (size_t)(hash * 0x9e3779b9u) & (cap - 1);
}

/* Makes *slots a table of at least `first` slots and room for `count`
 * entries at most half full, its entries rehashed; NP_ENOMEM leaves it
 * as it was. */
static np_status slots_reserve(np_engine *e, intern_slot **slots, size_t *slot_cap,
                               size_t count, size_t first)
{
    if (2 * count <= *slot_cap)
        return NP_OK;
    size_t cap = *slot_cap ? *slot_cap : first;
    while (2 * count > cap)
        cap *= 2;
    intern_slot *grown = np_alloc_array(e->allocator, cap, sizeof *grown);
    if (!grown)
        return NP_ENOMEM;
    for (size_t i = 0; i < cap; i++)
        grown[i].offset = NO_STRING;
    for (size_t i = 0; i < *slot_cap; i++) {
        if ((*slots)[i].offset == NO_STRING)
            continue;
        size_t at = intern_home(cap, (*slots)[i].hash);
        while (grown[at].offset != NO_STRING)
            at = (at + 1) & (cap - 1);
        grown[at] = (*slots)[i];
    }
    np_free(e->allocator, *slots);
    *slots = grown;
    *slot_cap = cap;
    return NP_OK;
}

np_status engine_intern_reserve(np_engine *e, size_t more)
{
    return slots_reserve(e, &e->interned, &e->intern_cap, e->intern_count + more, 256);
}

uint32_t engine_intern(np_engine *e, const char *s, size_t len)
{
    uint32_t hash = (uint32_t)XXH3_64bits(s, len);
    size_t at = intern_home(e->intern_cap, hash);
    for (; e->interned[at].offset != NO_STRING; at = (at + 1) & (e->intern_cap - 1)) {
        const intern_slot *x = &e->interned[at];
        if (x->hash == hash && strncmp(e->strings.data + x->offset, s, len + 1) == 0)
            return x->offset; /* the same bytes and the same end (read no further than either's) */
    }
    uint32_t offset = (uint32_t)e->strings.len;
    buf_append(&e->strings, s, len + 1); /* reserved by the caller: cannot fail */
    e->interned[at] = (intern_slot){ hash, offset };
    e->intern_count++;
    return offset;
}

static uint32_t dateline_hash(dateline d)
{
    return (uint32_t)XXH3_64bits(&d, sizeof d);
}

/* Room for one more dateline and its slot, the table at most half full
 * (its offsets: indexes in e->datelines). */
np_status engine_dateline_reserve(np_engine *e)
{
    if (e->n_datelines == e->cap_datelines) {
        size_t cap = e->cap_datelines ? 2 * e->cap_datelines : 64;
        dateline *grown = np_realloc_array(e->allocator, e->datelines, cap, sizeof *grown);
        if (!grown)
            return NP_ENOMEM;
        e->datelines = grown;
        e->cap_datelines = cap;
    }
    return slots_reserve(e, &e->dateline_slots, &e->dateline_slot_cap, e->n_datelines + 1, 128);
}

uint32_t engine_intern_dateline(np_engine *e, dateline d)
{
    uint32_t hash = dateline_hash(d);
    size_t at = intern_home(e->dateline_slot_cap, hash);
    for (; e->dateline_slots[at].offset != NO_STRING; at = (at + 1) & (e->dateline_slot_cap - 1)) {
        const dateline *x = &e->datelines[e->dateline_slots[at].offset];
        if (e->dateline_slots[at].hash == hash && x->date == d.date && x->source == d.source && x->lang == d.lang)
            return e->dateline_slots[at].offset;
    }
    uint32_t index = (uint32_t)e->n_datelines++;
    e->datelines[index] = d;
    e->dateline_slots[at] = (intern_slot){ hash, index };
    return index;
}

void engine_intern_end(np_engine *e)
{
    np_free(e->allocator, e->interned);
    e->interned = NULL;
    e->intern_cap = e->intern_count = 0;
    np_free(e->allocator, e->dateline_slots);
    e->dateline_slots = NULL;
    e->dateline_slot_cap = 0;
    if (e->n_datelines < e->cap_datelines) { /* no dateline is added after: the slack given back */
        dateline *fit = np_realloc_array(e->allocator, e->datelines, e->n_datelines ? e->n_datelines : 1,
                                         sizeof *fit);
        if (fit) {
            e->datelines = fit;
            e->cap_datelines = e->n_datelines ? e->n_datelines : 1;
        }
    }
}
