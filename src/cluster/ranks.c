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
 * The distinct hashes are found by sorting a copy of the nonzero ones in
 * place (cut by their top 12 bits, each range sorted) and keeping
 * one of each; each sentence's rank is then a search in its range, and
 * is written over the hashes' own pool (the rank of sentence s from bit
 * s times the width on, at most 32 bits a rank where a hash took 64: a
 * store of the bit writer's 8 bytes covers only hashes read already),
 * which then shrinks.  Scratch: 8 bytes a nonzero sentence for the copy.
 * A rank is read with a load and two shifts (engine_sentence_key), and
 * only the candidate stage and verification's shared sentences read
 * them: at g20k 18 bits a sentence where 32 were held, 35 bytes an
 * article.  The nouns,
 * fewer (a fact is a number and the word it counts), are sorted in a
 * copy with scratch of their size, and each one's rank found by a search.
 */
#include "cluster/engine.h"

#include <string.h>

#include "common/alloc.h"
#include "common/bits.h"
#include "common/radix.h"

enum { RANGE_BITS = 12, RANGES = 1 << RANGE_BITS };

#define HASH_RANGE(h) ((h) >> (64 - RANGE_BITS))
#define HASH_ITSELF(h) (h)
static RADIX_PARTITION(partition_hashes, uint64_t, HASH_RANGE, RANGES)
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

/* The nonzero hashes of the n sentences, sorted, one of each, into
 * *distinct (owned by the caller), *n_distinct of them; range v's
 * [start[v], start[v + 1]). */
static np_status distinct_hashes(const np_allocator *al, const uint64_t *hashes, size_t n, uint64_t **distinct,
                                 size_t *n_distinct, size_t *start)
{
    size_t m = 0;
    for (size_t s = 0; s < n; s++)
        m += hashes[s] != 0;
    uint64_t *sorted = np_alloc_array(al, m ? m : 1, sizeof *sorted);
    if (!sorted)
        return NP_ENOMEM;
    for (size_t s = 0, k = 0; s < n; s++)
        if (hashes[s])
            sorted[k++] = hashes[s];
    size_t largest = partition_hashes(sorted, m, start);
    uint64_t *scratch = np_alloc_array(al, largest ? largest : 1, sizeof *scratch);
    if (!scratch) {
        np_free(al, sorted);
        return NP_ENOMEM;
    }
    size_t d = 0;
    for (size_t v = 0; v < RANGES; v++) {
        size_t from = start[v], to = start[v + 1];
        sort_hashes_spread(sorted + from, scratch, to - from);
        start[v] = d;
        for (size_t i = from; i < to; i++)
            if (i == from || sorted[i] != sorted[i - 1])
                sorted[d++] = sorted[i];
    }
    start[RANGES] = d;
    np_free(al, scratch);
    *distinct = sorted;
    *n_distinct = d;
    return NP_OK;
}

np_status engine_rank_sentences(np_engine *e)
{
    if (e->sent_ranks || !e->sent_hashes)
        return NP_OK;
    const np_allocator *al = e->allocator;
    size_t *start = np_alloc_array(al, RANGES + 1, sizeof *start);
    uint64_t *distinct = NULL;
    size_t d = 0;
    np_status st = start ? distinct_hashes(al, e->sent_hashes, e->n_sents, &distinct, &d, start) : NP_ENOMEM;
    if (st != NP_OK || d >= UINT32_MAX) { /* ranks from 1 must fit 32 bits, else the hashes stay */
        np_free(al, start);
        np_free(al, distinct);
        return st;
    }
    /* ranks 0 to d: the width of d; d in the top bits, about d values,
     * as many as the keys */
    unsigned width = d ? 64u - (unsigned)__builtin_clzll((uint64_t)d) : 1u;
    unsigned char *pool = (unsigned char *)e->sent_hashes;
    bit_writer w = { .out = pool };
    for (size_t s = 0; s < e->n_sents; s++) {
        uint64_t h;
        memcpy(&h, pool + 8 * s, 8);
        uint32_t rank = 0;
        if (h) {
            size_t v = (size_t)HASH_RANGE(h); /* the partition's range: 12 bits need no shift */
            rank = (uint32_t)rank_find(distinct, start[v], start[v + 1], h) + 1;
        }
        bits_put(&w, rank, width); /* stores below byte 4 s + 8: over hashes [0, s], read already */
    }
    bits_end(&w); /* 8 bytes: the pool holds 8 a sentence, or 8192 when empty */
    np_free(al, distinct);
    np_free(al, start);
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

np_status engine_rank_nouns(np_engine *e)
{
    if (e->noun_ranks || !e->n_nouns)
        return NP_OK;
    const np_allocator *al = e->allocator;
    size_t n = e->n_nouns;
    uint32_t *sorted = np_alloc_array(al, n, sizeof *sorted);
    uint32_t *scratch = np_alloc_array(al, n, sizeof *scratch);
    if (!sorted || !scratch) {
        np_free(al, sorted);
        np_free(al, scratch);
        return NP_ENOMEM;
    }
    memcpy(sorted, e->nouns, n * sizeof *sorted);
    radix_sort_u32(sorted, scratch, n);
    np_free(al, scratch);
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        if (!d || sorted[i] != sorted[d - 1])
            sorted[d++] = sorted[i];
    unsigned width = d > 1 ? 64u - (unsigned)__builtin_clzll((uint64_t)(d - 1)) : 1u;
    /* the bytes of n ranks, and the 8 a reader loads past the last bit */
    size_t bytes = (size_t)(((uint64_t)n * width + 7) / 8) + 8;
    uint8_t *ranks = np_calloc(al, bytes, 1);
    size_t *start = np_alloc_array(al, RANGES + 1, sizeof *start);
    if (!ranks || !start) {
        np_free(al, sorted);
        np_free(al, ranks);
        np_free(al, start);
        return NP_ENOMEM;
    }
    /* where each range of the top 12 bits starts among the distinct (the
     * nouns are hashes: a few in each), so that a search is short */
    for (size_t v = 0, i = 0; v <= RANGES; v++) {
        while (i < d && sorted[i] >> (32 - RANGE_BITS) < v)
            i++;
        start[v] = i;
    }
    bit_writer w = { .out = ranks };
    for (size_t i = 0; i < n; i++) {
        uint32_t noun = e->nouns[i], v = noun >> (32 - RANGE_BITS);
        size_t lo = start[v], hi = start[v + 1]; /* the noun's place among the distinct */
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (sorted[mid] <= noun)
                lo = mid;
            else
                hi = mid;
        }
        bits_put(&w, lo, width);
    }
    bits_end(&w);
    np_free(al, start);
    np_free(al, sorted);
    np_free(al, e->nouns);
    e->nouns = NULL;
    e->cap_nouns = 0;
    e->noun_ranks = ranks;
    e->noun_width = width;
    e->noun_bytes = bytes;
    e->stats.held[NP_HELD_OTHER] += bytes - n * sizeof *e->nouns;
    return NP_OK;
}
