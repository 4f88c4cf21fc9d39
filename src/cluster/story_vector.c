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
#include "common/parallel.h"

double story_dot(const weighted *a, size_t na, const weighted *b, size_t nb)
{
    double s = 0;
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        uint32_t x = a[i].stem >> 1, y = b[j].stem >> 1;
        if (x < y)
            i++;
        else if (x > y)
            j++;
        else
            s += (double)a[i++].w * b[j++].w;
    }
    return s;
}

/* Terms in the names part of a vector: names and numbers.  A fact weighs
 * with the other words: the names part is the smaller, and there a fact
 * stated once outweighed the names two reports share. */
#define NAME_PART (TERM_NAME | TERM_NUMBER)

/* The unit's vector: tf-idf over its representative's terms, names and
 * other words normalised apart and mixed by name_share, sorted by stem (the
 * words and the facts are two sorted runs: merged here), with each term's
 * count in tf. */
static void make_vector(const np_engine *e, uint32_t art_index, weighted *out, uint16_t *tf, uint32_t *n_out)
{
    const art *r = &e->arts[art_index];
    const uint32_t *stems = e->term_stems;
    size_t words = r->term_first, facts = words + r->term_count, words_end = facts, facts_end = facts + r->fact_count;
    double norm_words = 0, norm_names = 0;
    uint32_t n = 0;
    while (words < words_end || facts < facts_end) {
        size_t x;
        if (facts == facts_end || (words < words_end && stems[words] >> 1 <= stems[facts] >> 1)) {
            x = words++;
            if (facts < facts_end && stems[facts] >> 1 == stems[x] >> 1)
                facts++; /* a fact whose key is a word's stem: the word keeps it */
        } else {
            x = facts++;
        }
        uint32_t x_tf = engine_tf(e, x);
        unsigned name = engine_term_flags(e, x) & NAME_PART;
        double w = (1.0 + log((double)x_tf)) * engine_idf(e, stems[x]);
        if (name)
            norm_names += w * w;
        else
            norm_words += w * w;
        /* bit 0 of a vector's stem marks names and numbers (stems are odd,
         * so clearing it for other words keeps the order) */
        out[n] = (weighted){ (stems[x] & ~1u) | (name ? 1u : 0u), (float)w };
        tf[n++] = (uint16_t)x_tf;
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

/* The unit's heaviest terms, the ones its index entries and lookups use. */
size_t story_top_terms(const weighted *v, size_t n, uint32_t out[INDEX_TERMS])
{
    float w[INDEX_TERMS];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t slot = k;
        while (slot > 0 && (v[i].w > w[slot - 1] || (v[i].w == w[slot - 1] && v[i].stem < out[slot - 1])))
            slot--;
        if (slot >= INDEX_TERMS)
            continue;
        size_t last = k < INDEX_TERMS ? k : INDEX_TERMS - 1;
        memmove(w + slot + 1, w + slot, (last - slot) * sizeof *w);
        memmove(out + slot + 1, out + slot, (last - slot) * sizeof *out);
        w[slot] = v[i].w;
        out[slot] = v[i].stem;
        if (k < INDEX_TERMS)
            k++;
    }
    return k;
}

typedef struct vector_share {
    const np_engine *e;
    vector_chunk *c;
    size_t from, to;          /* places */
} vector_share;

static void *vectors_of_share(void *arg)
{
    vector_share *sh = arg;
    const np_engine *e = sh->e;
    vector_chunk *c = sh->c;
    for (size_t p = sh->from; p < sh->to; p++) {
        size_t i = c->lo + p;
        if (e->original[i] != UINT32_MAX && e->original[i] != i)
            continue;
        make_vector(e, (uint32_t)i, c->vec + c->at[p], c->counts + c->at[p], &c->vec_n[p]);
        c->n_top[p] = (uint8_t)story_top_terms(c->vec + c->at[p], c->vec_n[p], c->top[p]);
    }
    return NULL;
}

np_status story_vectors_make(const np_engine *e, vector_chunk *c, size_t lo, size_t hi)
{
    const np_allocator *al = e->allocator;
    size_t m = hi - lo, need = 0;
    if (!c->at) {
        c->at = np_alloc_array(al, VECTOR_CHUNK, sizeof *c->at);
        c->vec_n = np_alloc_array(al, VECTOR_CHUNK, sizeof *c->vec_n);
        c->top = np_alloc_array(al, VECTOR_CHUNK, sizeof *c->top);
        c->n_top = np_alloc_array(al, VECTOR_CHUNK, sizeof *c->n_top);
        if (!c->at || !c->vec_n || !c->top || !c->n_top)
            return NP_ENOMEM;
    }
    for (size_t p = 0; p < m; p++) {
        const art *r = &e->arts[lo + p];
        c->at[p] = need;
        c->vec_n[p] = 0;
        if (e->original[lo + p] == UINT32_MAX || e->original[lo + p] == lo + p)
            need += r->term_count + r->fact_count;
    }
    if (need > c->cap) {
        weighted *vec = np_realloc_array(al, c->vec, need, sizeof *vec);
        if (vec)
            c->vec = vec;
        uint16_t *counts = vec ? np_realloc_array(al, c->counts, need, sizeof *counts) : NULL;
        if (!counts)
            return NP_ENOMEM;
        c->counts = counts;
        c->cap = need;
    }
    c->lo = lo;
    c->hi = hi;
    size_t n = e->threads < VECTOR_SHARES ? e->threads : VECTOR_SHARES;
    if (n < 1 || m < 256)
        n = 1;
    vector_share sh[VECTOR_SHARES];
    for (size_t t = 0; t < n; t++)
        sh[t] = (vector_share){ e, c, m * t / n, m * (t + 1) / n };
    parallel_run(vectors_of_share, sh, n, sizeof *sh);
    return NP_OK;
}

void story_vectors_free(const np_allocator *al, vector_chunk *c)
{
    np_free(al, c->at);
    np_free(al, c->vec);
    np_free(al, c->counts);
    np_free(al, c->vec_n);
    np_free(al, c->top);
    np_free(al, c->n_top);
}
