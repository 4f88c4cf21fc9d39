/*
 * term_ids: once the vocabulary is built, every article's terms coded
 * again with each stem's place among the corpus's stems (its id) in place
 * of the stem, in the same pool, and the stems kept once, ascending
 * (e->stem_of_id).
 *
 * A stem is a 32-bit hash: an article's n stems are n draws over 2^32, so
 * terms_code packs gaps of about 2^32 / n (26.5 bits a gap at 20k
 * gencorpus articles, the widest gap setting the width).  Among the
 * corpus's V stems the same n are n draws over V (about 60k stems at 20k
 * articles: about 10 bits a gap).  Ids are given in the stems' order, so an
 * article's ids ascend as its stems do and a decoder gives back the stems,
 * as sorted as before, with a load from the dictionary each.  Nothing
 * else changes: the nibbles of flags and counts are as they were.
 *
 * The code is made over the old one, article after article (in runs of
 * articles on the threads, each run's moved down after): an article's
 * id gaps are at most its stem gaps (a gap of ids counts stems of the
 * corpus between two of its own, and there are at most as many odd
 * values between them, the stem code's gaps when its stems are odd), so
 * its code is never longer, when all the corpus's stems are odd (as the
 * analyser makes them; a run holding an even one, of a crafted
 * fingerprint, keeps its terms by stem).  The vocabulary is then given
 * back: the stages read a term's df by its id (e->df_of_id).
 */
#include "cluster/engine.h"

#include <string.h>

#include "common/alloc.h"
#include "common/parallel.h"
#include "common/radix.h"

/* Every stem of the vocabulary, ascending (the dictionary), into
 * e->stem_of_id, each one's df into e->df_of_id, and in the vocabulary
 * each stem's id + 1 in place of its df (for the recoding: the vocabulary
 * is given back after it); none when a stem is even (an id could then
 * take more bits than an odd stem without its low bit).  returns:
 * NP_ENOMEM when out of memory */
static np_status dictionary_make(np_engine *e)
{
    const np_allocator *al = e->allocator;
    uint64_t *keys = np_alloc_array(al, e->n_vocab + 1, sizeof *keys);
    uint64_t *scratch = np_alloc_array(al, e->n_vocab + 1, sizeof *scratch);
    uint32_t *stems = np_alloc_array(al, e->n_vocab + 1, sizeof *stems);
    uint32_t *dfs = np_alloc_array(al, e->n_vocab + 1, sizeof *dfs);
    np_status st = keys && scratch && stems && dfs ? NP_OK : NP_ENOMEM;
    uint32_t all = 1;
    size_t n = 0;
    for (size_t i = 0; st == NP_OK && i < e->vocab_cap; i++)
        if (e->vocab[i].df) {
            keys[n++] = (uint64_t)e->vocab[i].stem << 32 | i; /* its slot: ascending */
            all &= e->vocab[i].stem;
        }
    if (st == NP_OK && (all & 1)) {
        radix_sort_u64_high(keys, scratch, n);
        for (uint32_t id = 0; id < n; id++) {
            vocab_entry *v = &e->vocab[(uint32_t)keys[id]];
            stems[id] = v->stem;
            dfs[id] = v->df;
            v->df = id + 1;
        }
        e->stem_of_id = stems;
        e->df_of_id = dfs;
        stems = dfs = NULL;
    }
    np_free(al, keys);
    np_free(al, scratch);
    np_free(al, stems);
    np_free(al, dfs);
    return st;
}

/* A run of articles [from, to) whose codes follow one another from
 * byte start: each coded with ids at or below its old code (the
 * vocabulary holding each stem's id + 1: dictionary_make), the run's new
 * codes ending at byte end. */
typedef struct recode_share {
    np_engine *e;
    size_t from, to;
    size_t start, end;
    keyed *top;         /* when the top terms are taken too: the run's, from
                         * e->top_entries + from * TOP_TERMS, n_top of them */
    size_t n_top;
    np_status st;
} recode_share;

static void *recode_share_run(void *arg)
{
    enum { AHEAD = 24 }; /* terms whose slots are fetched ahead */
    recode_share *sh = arg;
    np_engine *e = sh->e;
    const vocab_entry *ids_of = e->vocab;
    size_t most = engine_most_terms(e, sh->from, sh->to);
    uint32_t *stems = np_alloc_array(e->allocator, most + 1, sizeof *stems);
    uint32_t *ids = np_alloc_array(e->allocator, most + 1, sizeof *ids);
    uint8_t *code = np_alloc_array(e->allocator, terms_room(most) + 1, 1);
    /* with the top terms: each term's tf and flags too, and the candidates */
    uint32_t *tfs = sh->top ? np_alloc_array(e->allocator, most + 1, sizeof *tfs) : NULL;
    uint8_t *flags = sh->top ? np_alloc_array(e->allocator, most + 1, sizeof *flags) : NULL;
    top_candidate *cand = sh->top ? np_alloc_array(e->allocator, most + 1, sizeof *cand) : NULL;
    sh->st = stems && ids && code && (!sh->top || (tfs && flags && cand)) ? NP_OK : NP_ENOMEM;
    size_t to = sh->start; /* where the next article's code goes */
    for (size_t i = sh->from; i < sh->to && sh->st == NP_OK; i++) {
        art *r = &e->arts[i];
        uint32_t n = r->term_count + r->fact_count;
        const uint8_t *old = engine_terms_of(e, r);
        if (!sh->top)
            terms_stems(old, r->term_count, r->fact_count, NULL, stems);
        else if (n)
            terms_decode(old, r->term_count, r->fact_count, NULL, stems, tfs, flags);
        for (uint32_t t = 0; t < n; t++) {
            if (t + AHEAD < n)
                vocab_prefetch(ids_of, e->vocab_cap, stems[t + AHEAD]);
            ids[t] = ids_of[vocab_find(ids_of, e->vocab_cap, stems[t])].df - 1;
        }
        /* the top terms as term_pairs would take them from the new code
         * (top_terms_of_share), with its stems, tfs and ids in hand */
        if (sh->top)
            sh->n_top += engine_top_terms_by_id(e, (uint32_t)i, ids, stems, tfs, r->term_count, cand,
                                                sh->top + sh->n_top);
        size_t bytes = terms_recode(old, r->term_count, r->fact_count, ids, code);
        memcpy(e->terms + to, code, bytes); /* at or below the old code (dictionary_make) */
        r->term_first = (uint32_t)(to / TERMS_ALIGN);
        to += (bytes + TERMS_ALIGN - 1) & ~(size_t)(TERMS_ALIGN - 1);
    }
    sh->end = to;
    np_free(e->allocator, stems);
    np_free(e->allocator, ids);
    np_free(e->allocator, code);
    np_free(e->allocator, tfs);
    np_free(e->allocator, flags);
    np_free(e->allocator, cand);
    return NULL;
}

/* Every article's terms coded with ids, in runs of articles on the
 * threads, each run's codes then moved down after the one before. */
static np_status recode_all(np_engine *e)
{
    enum { MAX_SHARES = 64, MIN_SHARE = 1024 };
    size_t n = e->threads * (e->pool ? PARALLEL_SHARES_PER_THREAD : 1);
    if (n > MAX_SHARES)
        n = MAX_SHARES;
    if (n > e->n_arts / MIN_SHARE)
        n = e->n_arts / MIN_SHARE;
    if (e->threads < 2 || n < 1)
        n = 1;
    keyed *top = NULL;
    if (e->top_at_recode && !(top = np_alloc_array(e->allocator, e->n_arts * TOP_TERMS + 1, sizeof *top)))
        return NP_ENOMEM;
    recode_share sh[MAX_SHARES];
    for (size_t t = 0; t < n; t++) {
        size_t from = e->n_arts * t / n;
        sh[t] = (recode_share){ .e = e, .from = from, .to = e->n_arts * (t + 1) / n,
                                .top = top ? top + from * TOP_TERMS : NULL };
        sh[t].start = from < e->n_arts ? (size_t)e->arts[from].term_first * TERMS_ALIGN : e->n_term_bytes;
    }
    parallel_pool_run(e->pool, recode_share_run, sh, n, sizeof *sh);
    np_status st = NP_OK;
    size_t to = 0, n_top = 0;
    for (size_t t = 0; t < n; t++) {
        if (sh[t].st != NP_OK)
            st = sh[t].st;
        if (top) { /* the runs' top terms closed up in article order */
            memmove(top + n_top, sh[t].top, sh[t].n_top * sizeof *top);
            n_top += sh[t].n_top;
        }
        size_t down = sh[t].start - to;
        if (down) {
            memmove(e->terms + to, e->terms + sh[t].start, sh[t].end - sh[t].start);
            for (size_t i = sh[t].from; i < sh[t].to; i++)
                e->arts[i].term_first -= (uint32_t)(down / TERMS_ALIGN);
        }
        to += sh[t].end - sh[t].start;
    }
    engine_trim_terms(e, to);
    if (st != NP_OK) {
        np_free(e->allocator, top);
        return st;
    }
    if (top) { /* held until term_pairs: what it fills, not TOP_TERMS an article */
        keyed *fit = np_realloc_array(e->allocator, top, n_top + 1, sizeof *top);
        e->top_entries = fit ? fit : top;
        e->n_top_entries = n_top;
    }
    return NP_OK;
}

np_status engine_code_term_ids(np_engine *e)
{
    if (e->stem_of_id || !e->n_vocab)
        return NP_OK;
    /* in place only when each article's code follows the one before (as
     * the intake adds them) */
    for (size_t i = 1; i < e->n_arts; i++)
        if (e->arts[i].term_first < e->arts[i - 1].term_first)
            return NP_OK;
    const np_allocator *al = e->allocator;
    np_status st = dictionary_make(e);
    if (st == NP_OK && e->stem_of_id)
        st = recode_all(e);
    if (st == NP_OK && e->stem_of_id) {
        e->stats.held[NP_HELD_TERMS] = e->n_term_bytes + e->n_vocab * (sizeof *e->stem_of_id + sizeof *e->df_of_id);
        /* the stages read the dfs by id (engine_id_df), and the vocabulary
         * now holds ids */
        np_free(al, e->vocab);
        e->vocab = NULL;
        e->vocab_cap = 0;
    }
    return st;
}
