/*
 * ranks: once every article is added, keys that the stages only compare
 * held as their ranks among the run's distinct keys, in fewer bytes, in
 * place of the keys: each sentence's 64-bit hash (e->sent_ranks) and each
 * fact's 32-bit noun (e->noun_ranks), packed at the width of the largest
 * rank (about 18 and 15 bits at 20k gencorpus articles).
 *
 * What reads a sentence's hash after the intake (the candidate stage's
 * repeats filter and sentence index, verification's shared sentences)
 * asks only whether two are equal and which is the smaller: ranks answer
 * both as the hashes do.  The sentence index is cut into shares by the
 * top bits of its keys, so a rank is read shifted to the top of 64 bits
 * (engine_sentence_key): the ranks are dense, so their top bits spread as
 * a hash's do.  0 stays 0 (a sentence too short to index).  The story
 * stage's fact tallies order and match facts by noun: a rank does that as
 * the noun did (engine_fact_noun).
 *
 * The distinct hashes are found by sorting a copy of the nonzero ones
 * (placed by their top 12 bits, each range sorted) and keeping one of
 * each; each sentence's rank is then a search in its range, written over
 * the first 4 bytes of its own hash.  These steps run on the engine's
 * threads, in shares of the sentences or of the ranges, each share's
 * result the same whatever the others'.  The ranks are then packed over
 * the hashes' own pool on the calling thread (the rank of sentence s from
 * bit s times the width on, at most 32 bits a rank where a hash took 64:
 * a store of the bit writer's 8 bytes covers only ranks read already),
 * which then shrinks.  Scratch: 8 bytes a nonzero sentence for the copy.
 * A rank is read with a load and two shifts (engine_sentence_key), and
 * only the candidate stage and verification's shared sentences read
 * them: at g20k 18 bits a sentence where 32 were held, 35 bytes an
 * article.  The nouns, fewer (a fact is a number and the word it
 * counts) and most of them met many times, are put once each in a table
 * (a noun and its rank), the distinct sorted alone, and each noun's rank
 * read from the table.
 */
#include "cluster/engine.h"

#include <string.h>

#include "common/alloc.h"
#include "common/bits.h"
#include "common/radix.h"

enum { RANGE_BITS = 12, RANGES = 1 << RANGE_BITS };

#define HASH_RANGE(h) ((h) >> (64 - RANGE_BITS))
#define HASH_ITSELF(h) (h)
/* a range's hashes differ in their low 52 bits, spread evenly: a pass by
 * the highest of them and insertion sorts (a full radix sort's eight
 * passes and their counts cost more than the sorting of a range of a
 * hundred) */
static RADIX_SORT_SPREAD(sort_hashes_spread, uint64_t, HASH_ITSELF)

/* The place of h in sorted[from, to), which holds it. */
static size_t rank_find(const uint64_t *sorted, size_t from, size_t to, uint64_t h)
{
    while (to - from > 1) {
        size_t mid = from + (to - from) / 2;
        if (sorted[mid] <= h)
            from = mid;
        else
            to = mid;
    }
    return from;
}

/* The ranking on the engine's threads, in shares of the sentences (count,
 * place, rank) and of the ranges (sort, one of each): every step's result
 * is the same whatever the shares, and the ranks are packed over the
 * hashes on the calling thread after. */
enum { RANK_SHARES = 64, RANK_MIN_SHARE = 1024 };

typedef struct rank_job rank_job;

/* What the shares read and fill: the sorted copy of the nonzero hashes,
 * range v's at [start[v], start[v] + distinct[v]) once sorted (one of
 * each) and its first rank base[v]. */
typedef struct rank_run {
    const np_allocator *al;
    unsigned char *pool;      /* the hashes, 8 bytes a sentence; then each one's rank in its first 4 */
    size_t n_sents;
    uint64_t *sorted;
    size_t *start, *distinct, *base; /* RANGES + 1 each */
    rank_job *jobs;
    size_t n_jobs;
} rank_run;

/* A share: sentences [from, to) and ranges [lo, hi). */
struct rank_job {
    rank_run *run;
    size_t from, to;
    size_t lo, hi;
    size_t *next;             /* RANGES: where its next hash of each range goes (its count first) */
    np_status st;
};

static uint64_t hash_at(const unsigned char *pool, size_t s)
{
    uint64_t h;
    memcpy(&h, pool + 8 * s, 8);
    return h;
}

static void *rank_count(void *arg)
{
    rank_job *j = arg;
    memset(j->next, 0, RANGES * sizeof *j->next);
    for (size_t s = j->from; s < j->to; s++) {
        uint64_t h = hash_at(j->run->pool, s);
        j->next[HASH_RANGE(h)] += h != 0;
    }
    return NULL;
}

/* The share's nonzero hashes to their ranges' places: within a range,
 * share after share, each share's in sentence order. */
static void *rank_place(void *arg)
{
    rank_job *j = arg;
    uint64_t *sorted = j->run->sorted;
    for (size_t s = j->from; s < j->to; s++) {
        uint64_t h = hash_at(j->run->pool, s);
        if (h)
            sorted[j->next[HASH_RANGE(h)]++] = h;
    }
    return NULL;
}

/* The share's ranges sorted, and one of each hash kept at each's start. */
static void *rank_sort(void *arg)
{
    rank_job *j = arg;
    rank_run *r = j->run;
    size_t largest = 0;
    for (size_t v = j->lo; v < j->hi; v++)
        largest = r->start[v + 1] - r->start[v] > largest ? r->start[v + 1] - r->start[v] : largest;
    uint64_t *scratch = np_alloc_array(r->al, largest ? largest : 1, sizeof *scratch);
    if (!scratch) {
        j->st = NP_ENOMEM;
        return NULL;
    }
    for (size_t v = j->lo; v < j->hi; v++) {
        uint64_t *range = r->sorted + r->start[v];
        size_t n = r->start[v + 1] - r->start[v], d = 0;
        sort_hashes_spread(range, scratch, n);
        for (size_t i = 0; i < n; i++)
            if (i == 0 || range[i] != range[i - 1])
                range[d++] = range[i];
        r->distinct[v] = d;
    }
    np_free(r->al, scratch);
    j->st = NP_OK;
    return NULL;
}

/* Each of the share's sentences' rank (0: no hash), over the first 4
 * bytes of its own hash. */
static void *rank_find_all(void *arg)
{
    rank_job *j = arg;
    rank_run *r = j->run;
    for (size_t s = j->from; s < j->to; s++) {
        uint64_t h = hash_at(r->pool, s);
        uint32_t rank = 0;
        if (h) {
            size_t v = (size_t)HASH_RANGE(h), from = r->start[v];
            rank = (uint32_t)(r->base[v] + rank_find(r->sorted, from, from + r->distinct[v], h) - from) + 1;
        }
        memcpy(r->pool + 8 * s, &rank, 4);
    }
    return NULL;
}

/* The ranks of the n sentences' hashes in r->pool among the distinct
 * nonzero ones (from 1; 0 for 0), each over the first 4 bytes of its
 * hash, on `threads` threads of `pool` in up to RANK_SHARES shares.
 * returns: the distinct hashes, or SIZE_MAX when out of memory */
static size_t rank_hashes(rank_run *r, parallel_pool *pool, size_t threads)
{
    size_t shares = threads > 1 ? threads * PARALLEL_SHARES_PER_THREAD : 1;
    shares = shares < RANK_SHARES ? shares : RANK_SHARES;
    shares = shares < r->n_sents / RANK_MIN_SHARE ? shares : r->n_sents / RANK_MIN_SHARE;
    shares = shares ? shares : 1;
    rank_job jobs[RANK_SHARES];
    size_t *next = np_alloc_array(r->al, shares * RANGES, sizeof *next);
    if (!next)
        return SIZE_MAX;
    for (size_t t = 0; t < shares; t++)
        jobs[t] = (rank_job){ r, r->n_sents * t / shares, r->n_sents * (t + 1) / shares, 0, 0, next + t * RANGES,
                              NP_OK };
    parallel_pool_run(pool, rank_count, jobs, shares, sizeof *jobs);
    size_t m = 0;
    for (size_t v = 0; v < RANGES; v++) {
        r->start[v] = m;
        for (size_t t = 0; t < shares; t++) {
            size_t c = jobs[t].next[v];
            jobs[t].next[v] = m;
            m += c;
        }
    }
    r->start[RANGES] = m;
    r->sorted = np_alloc_array(r->al, m ? m : 1, sizeof *r->sorted);
    if (!r->sorted) {
        np_free(r->al, next);
        return SIZE_MAX;
    }
    parallel_pool_run(pool, rank_place, jobs, shares, sizeof *jobs);
    /* the ranges in shares of about equal hashes */
    for (size_t t = 0, v = 0; t < shares; t++) {
        size_t until = m * (t + 1) / shares;
        jobs[t].lo = v;
        while (v < RANGES && (r->start[v + 1] <= until || t + 1 == shares))
            v++;
        jobs[t].hi = v;
    }
    parallel_pool_run(pool, rank_sort, jobs, shares, sizeof *jobs);
    np_free(r->al, next);
    for (size_t t = 0; t < shares; t++)
        if (jobs[t].st != NP_OK)
            return SIZE_MAX;
    size_t d = 0;
    for (size_t v = 0; v < RANGES; v++) {
        r->base[v] = d;
        d += r->distinct[v];
    }
    if (d >= UINT32_MAX)
        return d; /* ranks from 1 must fit 32 bits: the caller keeps the hashes */
    parallel_pool_run(pool, rank_find_all, jobs, shares, sizeof *jobs);
    return d;
}

np_status engine_rank_sentences(np_engine *e)
{
    if (e->sent_ranks || !e->sent_hashes)
        return NP_OK;
    const np_allocator *al = e->allocator;
    rank_run r = { .al = al, .pool = (unsigned char *)e->sent_hashes, .n_sents = e->n_sents };
    r.start = np_alloc_array(al, RANGES + 1, sizeof *r.start);
    r.distinct = np_alloc_array(al, RANGES, sizeof *r.distinct);
    r.base = np_alloc_array(al, RANGES, sizeof *r.base);
    size_t d = r.start && r.distinct && r.base ? rank_hashes(&r, e->pool, e->threads) : SIZE_MAX;
    np_free(al, r.sorted);
    np_free(al, r.start);
    np_free(al, r.distinct);
    np_free(al, r.base);
    if (d == SIZE_MAX)
        return NP_ENOMEM;
    if (d >= UINT32_MAX) /* the hashes stay */
        return NP_OK;
    /* ranks 0 to d: the width of d; d in the top bits, about d values,
     * as many as the keys */
    unsigned width = d ? 64u - (unsigned)__builtin_clzll((uint64_t)d) : 1u;
    unsigned char *pool = r.pool;
    bit_writer w = { .out = pool };
    for (size_t s = 0; s < e->n_sents; s++) {
        uint32_t rank;
        memcpy(&rank, pool + 8 * s, 4);
        bits_put(&w, rank, width); /* stores below byte 4 s + 8: over ranks [0, s], read already */
    }
    bits_end(&w); /* 8 bytes: the pool holds 8 a sentence, or 8192 when empty */
    /* the bytes of the ranks, and the 8 a reader loads past the last bit */
    size_t bytes = (size_t)(((uint64_t)e->n_sents * width + 7) / 8) + 8;
    uint8_t *ranks = np_realloc(al, pool, bytes);
    e->sent_ranks = ranks ? ranks : pool; /* a failed shrink keeps the larger pool */
    e->sent_hashes = NULL;
    e->cap_sents = e->n_sents;
    e->sent_rank_width = width;
    e->sent_rank_shift = 64u - width;
    e->stats.held[NP_HELD_SENTENCES] = bytes;
    return NP_OK;
}

/* The distinct nouns, in an open-addressing table (a noun and, once the
 * distinct are sorted, its rank + 1; 0 an empty slot, 1 before then). */
typedef struct noun_slot {
    uint32_t noun, mark;
} noun_slot;

typedef struct noun_table {
    noun_slot *slots;
    size_t cap;               /* a power of two */
    unsigned shift;           /* 32 less log2(cap) */
    size_t n;
} noun_table;

static size_t noun_find(const noun_table *t, uint32_t noun)
{
    size_t i = (size_t)((uint32_t)(noun * 2654435761u) >> t->shift);
    while (t->slots[i].mark && t->slots[i].noun != noun)
        i = (i + 1) & (t->cap - 1);
    return i;
}

/* A table of cap slots (a power of two, at least 2) holding t's nouns. */
static np_status noun_table_grow(const np_allocator *al, noun_table *t, size_t cap)
{
    noun_slot *slots = np_calloc(al, cap, sizeof *slots);
    if (!slots)
        return NP_ENOMEM;
    noun_table g = { slots, cap, 32u - (unsigned)__builtin_ctzll((uint64_t)cap), t->n };
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].mark)
            g.slots[noun_find(&g, t->slots[i].noun)] = t->slots[i];
    np_free(al, t->slots);
    *t = g;
    return NP_OK;
}

np_status engine_rank_nouns(np_engine *e)
{
    if (e->noun_ranks || !e->n_nouns)
        return NP_OK;
    const np_allocator *al = e->allocator;
    size_t n = e->n_nouns;
    /* the distinct nouns (some thousands at 20k gencorpus articles among
     * 160,000 facts) found in a table at most half full, then sorted
     * alone; each noun's rank is then a probe of the table (sorting every
     * noun, four passes of a radix sort, and a search each took six times
     * the instructions) */
    noun_table t = { 0 };
    np_status st = noun_table_grow(al, &t, 1024);
    for (size_t i = 0; i < n && st == NP_OK; i++) {
        size_t at = noun_find(&t, e->nouns[i]);
        if (t.slots[at].mark)
            continue;
        t.slots[at] = (noun_slot){ e->nouns[i], 1 };
        if (2 * ++t.n > t.cap)
            st = noun_table_grow(al, &t, 2 * t.cap);
    }
    size_t d = t.n;
    uint32_t *sorted = st == NP_OK ? np_alloc_array(al, d, sizeof *sorted) : NULL;
    uint32_t *scratch = sorted ? np_alloc_array(al, d, sizeof *scratch) : NULL;
    if (!scratch) {
        np_free(al, t.slots);
        np_free(al, sorted);
        return NP_ENOMEM;
    }
    for (size_t i = 0, k = 0; i < t.cap; i++)
        if (t.slots[i].mark)
            sorted[k++] = t.slots[i].noun;
    radix_sort_u32(sorted, scratch, d);
    np_free(al, scratch);
    for (size_t r = 0; r < d; r++)
        t.slots[noun_find(&t, sorted[r])].mark = (uint32_t)r + 1;
    np_free(al, sorted);
    unsigned width = d > 1 ? 64u - (unsigned)__builtin_clzll((uint64_t)(d - 1)) : 1u;
    /* the bytes of n ranks, and the 8 a reader loads past the last bit */
    size_t bytes = (size_t)(((uint64_t)n * width + 7) / 8) + 8;
    uint8_t *ranks = np_calloc(al, bytes, 1);
    if (!ranks) {
        np_free(al, t.slots);
        return NP_ENOMEM;
    }
    bit_writer w = { .out = ranks };
    for (size_t i = 0; i < n; i++)
        bits_put(&w, t.slots[noun_find(&t, e->nouns[i])].mark - 1u, width);
    bits_end(&w);
    np_free(al, t.slots);
    np_free(al, e->nouns);
    e->nouns = NULL;
    e->cap_nouns = 0;
    e->noun_ranks = ranks;
    e->noun_width = width;
    e->noun_bytes = bytes;
    e->stats.held[NP_HELD_OTHER] += bytes - n * sizeof *e->nouns;
    return NP_OK;
}
