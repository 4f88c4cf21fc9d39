/*
 * story_vector: the units' vectors, made on the engine's threads before
 * story_group places the units.
 *
 * A vector is tf-idf over a family representative's terms, its names and
 * numbers normalised apart from the other words and mixed by name_share,
 * sorted by stem; its heaviest terms (top_terms) are what the story index
 * lists it under.  story_dot() is the merge of two sorted vectors.
 */
#include <math.h>
#include <string.h>

#include "cluster/story_internal.h"
#include "common/idset.h"
#include "common/parallel.h"
#include "common/sort.h"

/* The merge steps without a branch on which side moves (the stems are
 * hashes: it cannot be foreseen); a step whose stems differ adds 0, which
 * leaves the sum as it is (it is never -0: it starts at +0, and a sum
 * that comes to zero is +0). */
double story_dot(const weighted *a, size_t na, const weighted *b, size_t nb)
{
    double s = 0;
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        uint32_t x = a[i].stem >> 1, y = b[j].stem >> 1;
        double product = (double)a[i].w * b[j].w;
        s += x == y ? product : 0.0;
        i += x <= y;
        j += y <= x;
    }
    return s;
}

/* Terms in the names part of a vector: names and numbers.  A fact weighs
 * with the other words: the names part is the smaller, and there a fact
 * stated once outweighed the names two reports share. */
#define NAME_PART (TERM_NAME | TERM_NUMBER)

/* An article's terms decoded (engine_term_ids), room for `room`: stems
 * is ids while the terms are coded by stem (they are the stems). */
typedef struct decoded_terms {
    uint32_t *ids, *stems, *tfs;
    uint8_t *flags;
    size_t room;
} decoded_terms;

/* Term x of d into out[n] and tf[n], its square added to its part's norm
 * (bit 0 of a vector's stem marks names and numbers: stems are odd, so
 * clearing it for other words keeps the order). */
static inline __attribute__((always_inline)) void vector_term(const np_engine *e, const decoded_terms *d, size_t x,
                                                             const double tf_weight[TF_BIG], weighted *out,
                                                             uint16_t *tf, uint32_t n, double *norm_words,
                                                             double *norm_names)
{
    uint32_t x_tf = d->tfs[x];
    unsigned name = d->flags[x] & NAME_PART;
    double w = (x_tf && x_tf < TF_BIG ? tf_weight[x_tf] : 1.0 + log((double)x_tf)) * engine_id_idf(e, d->ids[x]);
    if (name)
        *norm_names += w * w;
    else
        *norm_words += w * w;
    out[n] = (weighted){ (d->stems[x] & ~1u) | (name ? 1u : 0u), (float)w };
    tf[n] = (uint16_t)x_tf;
}

/* The unit's vector: tf-idf over its representative's terms (d, decoded),
 * names and other words normalised apart and mixed by name_share, sorted
 * by stem (the words and the facts are two sorted runs: merged here, the
 * words below the next fact's key in a loop of their own, as most are),
 * with each term's count in tf. */
static void make_vector(const np_engine *e, const art *r, const decoded_terms *d, const double tf_weight[TF_BIG],
                        weighted *out, uint16_t *tf, uint32_t *n_out)
{
    const uint32_t *stems = d->stems;
    size_t words = 0, facts = r->term_count, words_end = facts, facts_end = facts + r->fact_count;
    double norm_words = 0, norm_names = 0;
    uint32_t n = 0;
    for (;;) {
        /* (no fact left: every word, stems >> 1 being below UINT32_MAX) */
        uint32_t key = facts < facts_end ? stems[facts] >> 1 : UINT32_MAX;
        while (words < words_end && stems[words] >> 1 < key)
            vector_term(e, d, words++, tf_weight, out, tf, n++, &norm_words, &norm_names);
        if (facts == facts_end)
            break;
        size_t x = facts++;
        if (words < words_end && stems[words] >> 1 == key)
            x = words++; /* a fact whose key is a word's stem: the word keeps it */
        vector_term(e, d, x, tf_weight, out, tf, n++, &norm_words, &norm_names);
    }
    double share = e->params.name_share;
    /* a text without names (or without other words) is all of one part */
    if (norm_names == 0)
        share = 0;
    else if (norm_words == 0)
        share = 1;
    double scale_words = norm_words > 0 ? sqrt(1 - share) / sqrt(norm_words) : 0;
    double scale_names = norm_names > 0 ? sqrt(share) / sqrt(norm_names) : 0;
    for (uint32_t k = 0; k < n; k++)
        out[k].w = (float)(out[k].w * ((out[k].stem & 1) ? scale_names : scale_words));
    *n_out = n;
}

/* A term's place among the heaviest as one number: the greater, the
 * heavier, or as heavy with the smaller stem.  A float's bits, the sign's
 * flipped (all of them for a negative), order as the float does; -0 is
 * made +0 first, as heavy. */
static uint64_t heaviness(float w, uint32_t stem)
{
    uint32_t bits;
    w += 0.0f;
    memcpy(&bits, &w, sizeof bits);
    bits ^= bits >> 31 ? 0xFFFFFFFFu : 0x80000000u;
    return (uint64_t)bits << 32 | (UINT32_MAX - stem);
}

/* The weight whose heaviness is h (its -0 made +0). */
static float heaviness_weight(uint64_t h)
{
    uint32_t bits = (uint32_t)(h >> 32);
    bits ^= bits >> 31 ? 0x80000000u : 0xFFFFFFFFu;
    float w;
    memcpy(&w, &bits, sizeof w);
    return w;
}

/* The unit's heaviest terms, the ones its index entries and lookups use,
 * heaviest first: kept in order, the lightest last (most terms are
 * lighter and cost one comparison); a heavier one goes in from the end,
 * the lighter ones moved down one as it passes them (not a count of the
 * heavier and a call to memmove: a term that gets in passes few), the
 * lightest falling off. */
size_t story_top_terms(const weighted *v, size_t n, uint32_t out[INDEX_TERMS])
{
    uint64_t kept[INDEX_TERMS];
    size_t k = 0;
    /* once full, the lightest kept's weight: a term of a weight below it
     * is lighter (heaviness orders as the float does), so passed over
     * without its heaviness made; an equal one is weighed by its stem */
    float lightest = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (v[i].w < lightest)
            continue;
        uint64_t h = heaviness(v[i].w, v[i].stem);
        if (k == INDEX_TERMS && h <= kept[k - 1])
            continue;
        size_t j = k < INDEX_TERMS ? k++ : k - 1; /* full: the last one falls off */
        for (; j > 0 && kept[j - 1] < h; j--)
            kept[j] = kept[j - 1];
        kept[j] = h;
        if (k == INDEX_TERMS)
            lightest = heaviness_weight(kept[k - 1]);
    }
    for (size_t j = 0; j < k; j++)
        out[j] = UINT32_MAX - (uint32_t)kept[j];
    return k;
}

static int cmp_tally(const void *a, const void *b)
{
    const fact_tally *x = a, *y = b;
    if (x->noun != y->noun)
        return x->noun < y->noun ? -1 : 1;
    return (x->key > y->key) - (x->key < y->key);
}

/* A unit's facts in cmp_tally's order: the few of most texts by
 * insertion, not qsort's calls through a pointer. */
static void tally_sort(fact_tally *f, size_t n)
{
    if (n > 32) {
        np_sort(f, n, sizeof *f, cmp_tally);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        fact_tally x = f[i];
        size_t k = i;
        for (; k > 0 && (f[k - 1].noun > x.noun || (f[k - 1].noun == x.noun && f[k - 1].key > x.key)); k--)
            f[k] = f[k - 1];
        f[k] = x;
    }
}

/* One thread's units [from, to) for story_vectors_make, with its own
 * counts scratch and its own list of large counts. */
typedef struct vector_share {
    story_state *s;
    const size_t *noun_first;
    size_t from, to;
    double tf_weight[TF_BIG]; /* 1 + log(tf) of the counts below TF_BIG */
    big_tf *big;
    size_t n_big, cap_big;
    decoded_terms terms;      /* the unit's representative's */
    uint32_t *numbers;        /* its numbers' stems (>> 1), when s->numbers */
    size_t n_numbers, cap_numbers;
    np_status st;
} vector_share;

/* Unit x's vector into the pool at its place, with its counts (tf, and
 * the rare large one in the share's list), its length, its top terms and
 * its facts, sorted. */
static np_status unit_vector(vector_share *sh, unit *x, uint16_t *counts, size_t noun_first)
{
    story_state *s = sh->s;
    const np_engine *e = s->e;
    size_t at = x->vec_first;
    const art *r = &e->arts[x->art];
    decoded_terms *d = &sh->terms;
    engine_term_ids(e, r, d->ids, d->tfs, d->flags);
    if (e->stem_of_id) {
        const uint32_t *stem_of_id = e->stem_of_id, *ids = d->ids;
        uint32_t *stems = d->stems;
        for (uint32_t t = 0, n = r->term_count + r->fact_count; t < n; t++)
            stems[t] = stem_of_id[ids[t]];
    }
    make_vector(e, r, &sh->terms, sh->tf_weight, s->pool + at, counts, &x->vec_n);
    for (uint32_t t = 0; s->numbers && t < r->term_count; t++) {
        if (!(d->flags[t] & TERM_NUMBER))
            continue;
        np_status st = sh->n_numbers < sh->cap_numbers
                           ? NP_OK
                           : story_reserve(e->allocator, (void **)&sh->numbers, &sh->cap_numbers,
                                           2 * sh->cap_numbers + 64, sizeof *sh->numbers);
        if (st != NP_OK)
            return st;
        sh->numbers[sh->n_numbers++] = d->stems[t] >> 1;
    }
    /* in locals: a store to the counts' bytes may be to any of the
     * unit's and the state's fields, which would be read again each term */
    uint8_t *tf = s->tf;
    uint32_t length = 0, n = x->vec_n;
    for (uint32_t t = 0; t < n; t++) {
        length += counts[t];
        unsigned shift = 2 * ((at + t) & 3), code = counts[t] && counts[t] <= TF_ESCAPE ? counts[t] - 1u : TF_ESCAPE;
        tf[(at + t) >> 2] = (uint8_t)((tf[(at + t) >> 2] & ~(3u << shift)) | code << shift);
        if (code < TF_ESCAPE)
            continue;
        np_status st;
        if (sh->n_big == sh->cap_big &&
            (st = story_reserve(e->allocator, (void **)&sh->big, &sh->cap_big, 2 * sh->cap_big + 16,
                                sizeof *sh->big)) != NP_OK)
            return st;
        sh->big[sh->n_big++] = (big_tf){ (uint32_t)(at + t), counts[t] };
    }
    x->length = length;
    x->n_top = (uint8_t)story_top_terms(s->pool + at, x->vec_n, x->top);
    fact_tally *facts = s->fact_pool + x->fact_first;
    for (uint32_t k = 0; k < x->n_facts; k++)
        facts[k] = (fact_tally){ engine_fact_noun(e, noun_first + k), sh->terms.stems[r->term_count + k], 1 };
    tally_sort(facts, x->n_facts);
    return NP_OK;
}

static void *vectors_of_share(void *arg)
{
    vector_share *sh = arg;
    story_state *s = sh->s;
    const np_engine *e = s->e;
    size_t most = 0;
    for (size_t u = sh->from; u < sh->to; u++) {
        const art *r = &e->arts[s->units[u].art];
        most = r->term_count + r->fact_count > most ? r->term_count + r->fact_count : most;
    }
    uint16_t *counts = np_alloc_array(e->allocator, most + 1, sizeof *counts);
    decoded_terms *d = &sh->terms;
    d->ids = np_alloc_array(e->allocator, most + 1, sizeof *d->ids);
    d->stems = e->stem_of_id ? np_alloc_array(e->allocator, most + 1, sizeof *d->stems) : d->ids;
    d->tfs = np_alloc_array(e->allocator, most + 1, sizeof *d->tfs);
    d->flags = np_alloc_array(e->allocator, most + 1, sizeof *d->flags);
    sh->st = counts && d->ids && d->stems && d->tfs && d->flags ? NP_OK : NP_ENOMEM;
    for (uint32_t tf = 1; tf < TF_BIG; tf++)
        sh->tf_weight[tf] = 1.0 + log((double)tf);
    for (size_t u = sh->from; u < sh->to && sh->st == NP_OK; u++)
        sh->st = unit_vector(sh, &s->units[u], counts, sh->noun_first[u]);
    np_free(e->allocator, counts);
    if (d->stems != d->ids)
        np_free(e->allocator, d->stems);
    np_free(e->allocator, d->ids);
    np_free(e->allocator, d->tfs);
    np_free(e->allocator, d->flags);
    return NULL;
}

np_status story_vectors_make(story_state *s, const size_t *noun_first, size_t from, size_t to)
{
    const np_engine *e = s->e;
    size_t m = to - from;
    /* shares of 256 units at least, PARALLEL_SHARES_PER_THREAD a thread
     * on the pool (threads of their own: one each) */
    size_t n = e->threads * (s->threads ? PARALLEL_SHARES_PER_THREAD : 1);
    if (n > VECTOR_SHARES)
        n = VECTOR_SHARES;
    if (n > m / 256)
        n = m / 256;
    if (e->threads < 2 || n < 1)
        n = 1;
    /* a share's units write their counts' bytes alone: a share ends above
     * a unit whose counts start a byte (units are placed from even places,
     * the next below the last) */
    size_t cut[VECTOR_SHARES + 1];
    cut[0] = from;
    cut[n] = to;
    for (size_t t = 1; t < n; t++) {
        cut[t] = from + m * t / n > cut[t - 1] ? from + m * t / n : cut[t - 1];
        while (cut[t] > from && cut[t] < to && s->units[cut[t] - 1].vec_first % 4)
            cut[t]++;
    }
    vector_share sh[VECTOR_SHARES];
    for (size_t t = 0; t < n; t++)
        sh[t] = (vector_share){ .s = s, .noun_first = noun_first, .from = cut[t], .to = cut[t + 1] };
    parallel_pool_run(s->threads, vectors_of_share, sh, n, sizeof *sh);
    np_status st = NP_OK;
    for (size_t t = 0; t < n; t++) {
        if (sh[t].st != NP_OK)
            st = sh[t].st;
        if (st == NP_OK && sh[t].n_big && s->n_big_tfs + sh[t].n_big > s->cap_big_tfs)
            st = story_reserve(e->allocator, (void **)&s->big_tfs, &s->cap_big_tfs,
                               2 * s->cap_big_tfs + sh[t].n_big, sizeof *s->big_tfs);
        if (st == NP_OK && sh[t].n_big) {
            memcpy(s->big_tfs + s->n_big_tfs, sh[t].big, sh[t].n_big * sizeof *sh[t].big);
            s->n_big_tfs += sh[t].n_big;
        }
        np_free(e->allocator, sh[t].big);
        int added;
        for (size_t k = 0; k < sh[t].n_numbers && st == NP_OK; k++)
            st = idset_add(s->numbers, sh[t].numbers[k], &added);
        np_free(e->allocator, sh[t].numbers);
    }
    return st;
}
