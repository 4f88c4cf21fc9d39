/*
 * keyed: the sorted arrays the candidate stage is made of.  Entries of
 * (key, article), made in article order, are sorted by key keeping the
 * article order within a key (a radix sort, with scratch of all of them
 * or of a share; on a pool's threads in chunks merged on the calling
 * thread); pairs of articles are pushed onto a list, then sorted by (a, b)
 * and merged, their shared-key counts summed and their sources or-ed, on
 * threads in ranges of a.  Every order here is the same whatever the
 * threads, so a run's answer is.  candidates.c makes the entries and the
 * pairs; sharing.c counts the pairs sharing keys.
 */
#include <stdlib.h>
#include <string.h>

#include "cluster/engine.h"
#include "common/alloc.h"
#include "common/parallel.h"
#include "common/radix.h"
#include "common/sort.h"

_Static_assert(sizeof(keyed) == sizeof(radix_item), "keyed entries sort as radix items");

/* Sorts entries made in article order by (key, article): a stable sort by
 * key keeps the article order within a key. */
np_status sort_keyed(const np_allocator *al, keyed *entries, size_t n)
{
    if (n > KEYED_IN_PLACE)
        return sort_keyed_in_place(al, entries, n);
    radix_item *scratch = np_alloc_array(al, n ? n : 1, sizeof *scratch);
    if (!scratch)
        return NP_ENOMEM;
    radix_sort_items_spread((radix_item *)entries, scratch, n);
    np_free(al, scratch);
    return NP_OK;
}

/* sort_keyed_on: a chunk of the entries sorted on a thread, with its
 * part of the scratch. */
typedef struct keyed_chunk {
    keyed *entries;
    radix_item *scratch;
    size_t n;
} keyed_chunk;

static void *sort_keyed_chunk(void *arg)
{
    keyed_chunk *c = arg;
    radix_sort_items_spread((radix_item *)c->entries, c->scratch, c->n);
    return NULL;
}

/* Merges the sorted runs a[0, na) and b[0, nb) into out, a's first on a
 * tie (a holds the earlier articles): the order a stable sort of both
 * keeps. */
static void merge_keyed(const keyed *a, size_t na, const keyed *b, size_t nb, keyed *out)
{
    size_t i = 0, j = 0, k = 0;
    while (i < na && j < nb)
        out[k++] = b[j].key < a[i].key ? b[j++] : a[i++];
    while (i < na)
        out[k++] = a[i++];
    while (j < nb)
        out[k++] = b[j++];
}

np_status sort_keyed_on(parallel_pool *pool, size_t threads, const np_allocator *al, keyed *entries, size_t n)
{
    enum { MAX_CHUNKS = 16, MIN_CHUNK = 1 << 12 };
    size_t chunks = threads < MAX_CHUNKS ? threads : MAX_CHUNKS;
    if (n > KEYED_IN_PLACE || chunks < 2 || n < chunks * MIN_CHUNK)
        return sort_keyed(al, entries, n);
    radix_item *scratch = np_alloc_array(al, n, sizeof *scratch);
    if (!scratch)
        return NP_ENOMEM;
    /* chunks of the entries (each in article order) sorted stably on the
     * threads, then merged in pairs, a round at a time, between the
     * entries and the scratch */
    keyed_chunk c[MAX_CHUNKS];
    size_t bound[MAX_CHUNKS + 1];
    for (size_t t = 0; t <= chunks; t++)
        bound[t] = n * t / chunks;
    for (size_t t = 0; t < chunks; t++)
        c[t] = (keyed_chunk){ entries + bound[t], scratch + bound[t], bound[t + 1] - bound[t] };
    parallel_pool_run(pool, sort_keyed_chunk, c, chunks, sizeof *c);
    keyed *from = entries, *to = (keyed *)scratch;
    for (size_t width = 1; width < chunks; width *= 2) {
        for (size_t t = 0; t < chunks; t += 2 * width) {
            size_t lo = bound[t], mid = bound[t + width < chunks ? t + width : chunks],
                   hi = bound[t + 2 * width < chunks ? t + 2 * width : chunks];
            merge_keyed(from + lo, mid - lo, from + mid, hi - mid, to + lo);
        }
        keyed *swap = from;
        from = to;
        to = swap;
    }
    if (from != entries)
        memcpy(entries, from, n * sizeof *entries);
    np_free(al, scratch);
    return NP_OK;
}

enum { KEYED_BUCKETS = 4096 };
#define KEYED_KEY(k) ((k).key)
static RADIX_PARTITION(partition_keyed, keyed, KEYED_KEY, KEYED_BUCKETS)

static int cmp_entry_art(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return (x->art > y->art) - (x->art < y->art);
}

/* The order of sort_keyed, with scratch of one range of keys instead of a
 * copy of them all: the entries are moved in place into ranges of the key
 * (not stably), each range is sorted by key, and each run of one key is
 * put back in article order, which is the order a stable sort keeps. */
np_status sort_keyed_in_place(const np_allocator *al, keyed *entries, size_t n)
{
    size_t *start = np_alloc_array(al, KEYED_BUCKETS + 1, sizeof *start);
    if (!start)
        return NP_ENOMEM;
    size_t largest = partition_keyed(entries, n, start);
    radix_item *scratch = np_alloc_array(al, largest ? largest : 1, sizeof *scratch);
    if (!scratch) {
        np_free(al, start);
        return NP_ENOMEM;
    }
    for (size_t v = 0; v < KEYED_BUCKETS; v++)
        radix_sort_items_spread((radix_item *)entries + start[v], scratch, start[v + 1] - start[v]);
    np_free(al, scratch);
    np_free(al, start);
    for (size_t i = 0, j; i < n; i = j) {
        int ordered = 1;
        for (j = i + 1; j < n && entries[j].key == entries[i].key; j++)
            ordered &= entries[j - 1].art <= entries[j].art;
        if (!ordered)
            np_sort(entries + i, j - i, sizeof *entries, cmp_entry_art);
    }
    return NP_OK;
}

np_status pair_push(pair_list *l, uint32_t a, uint32_t b, uint16_t shared, uint8_t source)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4096;
        pair *p = np_realloc_array(l->allocator, l->items, cap, sizeof *p);
        if (!p)
            return NP_ENOMEM;
        l->items = p;
        l->cap = cap;
    }
    l->items[l->n++] = (pair){ a < b ? a : b, a < b ? b : a, shared, source };
    return NP_OK;
}

#define PAIR_KEY(p) ((uint64_t)(p).a << 32 | (p).b)
static RADIX_SORT_SPREAD(sort_pairs, pair, PAIR_KEY)

enum { PAIR_BUCKETS = 1024 };

/* Sorts pairs by (a, b) with little scratch: first into PAIR_BUCKETS
 * ranges of a, in place (American flag sort: not stable, which equal
 * pairs, merged next, do not mind), then each range by radix with scratch
 * of the largest.  returns: NP_ENOMEM when even that is not to be had */
#define PAIR_FIRST(p) ((p).a)
static RADIX_PARTITION(partition_pairs, pair, PAIR_FIRST, PAIR_BUCKETS)

/* One thread's ranges [v_from, v_to) of a partitioned pair list. */
typedef struct pair_ranges {
    const np_allocator *al;
    pair *p;
    const size_t *start;
    size_t v_from, v_to;
    np_status st;
} pair_ranges;

static void *sort_pair_ranges(void *arg)
{
    pair_ranges *r = arg;
    size_t largest = 0;
    for (size_t v = r->v_from; v < r->v_to; v++)
        largest = r->start[v + 1] - r->start[v] > largest ? r->start[v + 1] - r->start[v] : largest;
    pair *scratch = np_alloc_array(r->al, largest ? largest : 1, sizeof *scratch);
    r->st = scratch ? NP_OK : NP_ENOMEM;
    for (size_t v = r->v_from; v < r->v_to && scratch; v++)
        sort_pairs(r->p + r->start[v], scratch, r->start[v + 1] - r->start[v]);
    np_free(r->al, scratch);
    return NULL;
}

/* The ranges are sorted on `threads` threads, in runs of ranges holding
 * about as many pairs each. */
static np_status sort_pairs_in_place(parallel_pool *pool, const np_allocator *al, pair *p, size_t n,
                                     size_t threads)
{
    enum { MAX_SHARES = 16, MIN_SHARE = 1 << 10 };
    size_t start[PAIR_BUCKETS + 1];
    (void)partition_pairs(p, n, start);
    size_t shares = threads < MAX_SHARES ? threads : MAX_SHARES;
    if (shares < 1 || n / MIN_SHARE < shares)
        shares = n / MIN_SHARE > 1 ? n / MIN_SHARE : 1;
    pair_ranges r[MAX_SHARES];
    for (size_t t = 0, v = 0; t < shares; t++) {
        r[t] = (pair_ranges){ al, p, start, v, v, NP_OK };
        size_t until = n * (t + 1) / shares;
        while (v < PAIR_BUCKETS && (start[v + 1] <= until || t + 1 == shares))
            v++;
        r[t].v_to = v;
    }
    parallel_pool_run(pool, sort_pair_ranges, r, shares, sizeof *r);
    for (size_t t = 0; t < shares; t++)
        if (r[t].st != NP_OK)
            return r[t].st;
    return NP_OK;
}

/* Sorts and merges duplicate pairs; shared counts add up per source. */
np_status merge_pairs(pair_list *l, size_t from, size_t threads)
{
    return merge_pairs_on(NULL, l, from, threads);
}

np_status merge_pairs_on(parallel_pool *pool, pair_list *l, size_t from, size_t threads)
{
    size_t n = l->n - from;
    if (n < 2)
        return NP_OK; /* (and items may be NULL: no offset applied to it) */
    pair *p = l->items + from;
    if (sort_pairs_in_place(pool, l->allocator, p, n, threads) != NP_OK)
        return NP_ENOMEM;
    size_t u = 0;
    for (size_t i = 0; i < n; i++) {
        if (u && p[u - 1].a == p[i].a && p[u - 1].b == p[i].b) {
            uint32_t sum = (uint32_t)p[u - 1].shared_sentences + p[i].shared_sentences;
            p[u - 1].shared_sentences = (uint16_t)(sum > UINT16_MAX ? UINT16_MAX : sum);
            p[u - 1].sources |= p[i].sources;
        } else {
            p[u++] = p[i];
        }
    }
    l->n = from + u;
    return NP_OK;
}
