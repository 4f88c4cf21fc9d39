/*
 * candidates: which pairs of articles are worth comparing, without
 * comparing all pairs.
 *
 * Four inverted indexes of (key, article), the LSH bands tabled, the
 * others sorted:
 * - LSH band keys of the MinHash signatures (near and exact copies;
 *   candidates_lsh.c);
 * - hashes of sentences of six words or more (excerpts, near copies);
 * - each article's most characteristic terms (tf-idf top terms, mostly
 *   names and rare words, which a spinner leaves alone): rewrites;
 * - the 2-word shingles of short texts (under short_words words, and their
 *   partners of a near copy's length): a text of a few dozen words edited
 *   in two places keeps under half of its 5-word shingles, and its
 *   signatures rarely share a band.
 * A key shared by more than max_bucket articles says nothing about copying
 * and is skipped, which keeps the cost near-linear in the corpus; the
 * pairs sharing keys are counted by sharing.c.
 * The vocabulary's document frequencies (vocabulary.c), made first, weigh
 * the top terms.
 */
#include <stdlib.h>
#include <string.h>

#include "common/sort.h"
#include "cluster/engine.h"
#include "cluster/sharing.h"
#include "common/alloc.h"
#include "common/parallel.h"
#include "common/radix.h"

static np_status count_shared_in(np_engine *e, keyed **entries, size_t k, const sharing *how,
                                 pair_list *out);

int cmp_partner(const void *a, const void *b)
{
    const partner *x = a, *y = b;
    if (x->shared != y->shared)
        return x->shared > y->shared ? -1 : 1;
    return (x->art > y->art) - (x->art < y->art);
}


/* Which keys (sentence hashes) are met more than once: two bit
 * arrays, "met" and "met again", a slot per key.  A key in one place only
 * pairs nothing, and most keys are; a slot shared by chance lets a few of
 * them through, which pair nothing either.  4 slots a key: about one lone
 * key in seven gets through. */
typedef struct repeats {
    uint64_t *met, *again;
    unsigned bits;            /* log2 of the slots */
} repeats;

static size_t repeat_slot(const repeats *r, uint64_t hash)
{
    return (size_t)((hash * 0x9e3779b97f4a7c15ULL) >> (64 - r->bits));
}

/* Room for n keys, 4 slots a key or more, none met. */
static np_status repeats_make(const np_allocator *al, repeats *r, size_t n)
{
    r->bits = 16;
    while (r->bits < 40 && ((size_t)1 << r->bits) < 4 * n)
        r->bits++;
    size_t words = ((size_t)1 << r->bits) / 64;
    r->met = np_calloc(al, words, sizeof *r->met);
    r->again = np_calloc(al, words, sizeof *r->again);
    return r->met && r->again ? NP_OK : NP_ENOMEM;
}

static inline void repeats_meet(repeats *r, uint64_t hash)
{
    size_t j = repeat_slot(r, hash);
    uint64_t bit = 1ull << (j & 63);
    r->again[j >> 6] |= r->met[j >> 6] & bit;
    r->met[j >> 6] |= bit;
}

static int repeated(const repeats *r, uint64_t hash)
{
    size_t j = repeat_slot(r, hash);
    return (r->again[j >> 6] >> (j & 63)) & 1;
}

static np_status repeats_count(const np_engine *e, repeats *r)
{
    if (repeats_make(e->allocator, r, e->n_sents) != NP_OK)
        return NP_ENOMEM;
    sentence_keys keys = engine_sentence_keys(e);
    for (size_t s = 0; s < e->n_sents; s++) {
        uint64_t key = sentence_key(&keys, s);
        if (key)
            repeats_meet(r, key);
    }
    return NP_OK;
}


/* One thread's articles [from, to) for term_pairs: their top terms, into
 * entries from from * TOP_TERMS on. */
typedef struct top_share {
    const np_engine *e;
    size_t from, to;
    keyed *entries;
    size_t n;                 /* entries written */
    np_status st;
} top_share;

static void *top_terms_of_share(void *arg)
{
    top_share *sh = arg;
    const np_engine *e = sh->e;
    size_t most = engine_most_terms(e, sh->from, sh->to);
    top_candidate *cand = np_alloc_array(e->allocator, most + 1, sizeof *cand);
    uint32_t *ids = np_alloc_array(e->allocator, most + 1, sizeof *ids);
    uint32_t *tfs = np_alloc_array(e->allocator, most + 1, sizeof *tfs);
    uint8_t *flags = np_alloc_array(e->allocator, most + 1, sizeof *flags);
    if (!cand || !ids || !tfs || !flags) {
        np_free(e->allocator, cand);
        np_free(e->allocator, ids);
        np_free(e->allocator, tfs);
        np_free(e->allocator, flags);
        sh->st = NP_ENOMEM;
        return NULL;
    }
    keyed *out = sh->entries + sh->from * TOP_TERMS;
    /* characteristic_terms over the article's words decoded: the terms
     * whose df can make one (a quarter of the terms in gencorpus, the rest
     * too common) picked without a branch, then weighed and ranked; the
     * dfs read by id (engine_id_df), or in the vocabulary while the terms
     * are coded by stem */
    enum { AHEAD = 24 }; /* terms whose vocabulary entries are fetched ahead */
    for (size_t i = sh->from; i < sh->to; i++) {
        const art *r = &e->arts[i];
        engine_term_ids(e, r, ids, tfs, flags);
        if (e->df_of_id) {
            sh->n += engine_top_terms_by_id(e, (uint32_t)i, ids, NULL, tfs, r->term_count, cand, out + sh->n);
            continue;
        }
        size_t k = 0;
        if (!e->vocab_cap) {
            for (uint32_t t = 0; t < r->term_count; t++) {
                uint32_t df = engine_id_df(e, ids[t]);
                cand[k] = (top_candidate){ ids[t], df, t };
                k += characteristic_df(df);
            }
        } else {
            /* terms by stem (copies-only): each df probed in the
             * vocabulary, its table in locals (the stores of candidates
             * are not taken to change it); an empty slot's df is 0 */
            const vocab_entry *table = e->vocab;
            size_t cap = e->vocab_cap;
            for (uint32_t t = 0; t < r->term_count; t++) {
                if (t + AHEAD < r->term_count)
                    vocab_prefetch(table, cap, ids[t + AHEAD]);
                uint32_t df = table[vocab_find(table, cap, ids[t])].df;
                cand[k] = (top_candidate){ ids[t], df, t };
                k += characteristic_df(df);
            }
        }
        scored_term top[TOP_TERMS];
        size_t n = 0;
        for (size_t c = 0; c < k; c++)
            characteristic_offer(top, &n, (scored_term){ engine_id_stem(e, cand[c].id),
                                                        (float)(tfs[cand[c].term] * e->idf_of_df[cand[c].df]) });
        for (size_t j = 0; j < n; j++)
            out[sh->n++] = (keyed){ top[j].stem, (uint32_t)i };
    }
    np_free(e->allocator, cand);
    np_free(e->allocator, ids);
    np_free(e->allocator, tfs);
    np_free(e->allocator, flags);
    sh->st = NP_OK;
    return NULL;
}

static np_status top_pairs(np_engine *e, keyed *entries, size_t k, pair_list *out);

/* Articles sharing several of their top terms, dated within the rewrite
 * window of each other: candidates for re-worded copies.  The top terms
 * are those the recode took (e->top_entries: the terms decoded once for
 * the ids and the top terms both), else decoded here
 * (candidates_top_terms_decoded). */
static np_status term_pairs(np_engine *e, pair_list *out)
{
    keyed *entries = e->top_entries; /* taken by the recode (build_vocabulary) */
    size_t k = e->n_top_entries;
    e->top_entries = NULL, e->n_top_entries = 0;
    np_status st = entries ? NP_OK : candidates_top_terms_decoded(e, &entries, &k);
    return st == NP_OK ? top_pairs(e, entries, k, out) : st;
}

np_status candidates_top_terms_decoded(const np_engine *e, keyed **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    keyed *entries = np_alloc_array(e->allocator, e->n_arts * TOP_TERMS + 1, sizeof *entries);
    if (!entries)
        return NP_ENOMEM;
    enum { MAX_SHARES = 64 };
    /* PARALLEL_SHARES_PER_THREAD a thread on the pool (threads of their
     * own: one each) */
    size_t shares = e->threads * (e->pool ? PARALLEL_SHARES_PER_THREAD : 1);
    if (shares > MAX_SHARES)
        shares = MAX_SHARES;
    if (e->threads < 2 || e->n_arts < 1024)
        shares = 1;
    top_share sh[MAX_SHARES];
    for (size_t t = 0; t < shares; t++)
        sh[t] = (top_share){ e, e->n_arts * t / shares, e->n_arts * (t + 1) / shares, entries, 0, NP_OK };
    parallel_pool_run(e->pool, top_terms_of_share, sh, shares, sizeof *sh);
    size_t k = 0;
    for (size_t t = 0; t < shares; t++) {
        if (sh[t].st != NP_OK) {
            np_free(e->allocator, entries);
            return sh[t].st;
        }
        memmove(entries + k, entries + sh[t].from * TOP_TERMS, sh[t].n * sizeof *entries);
        k += sh[t].n;
    }
    *out = entries;
    *n_out = k;
    return NP_OK;
}

/* term_pairs of the k entries (owned: given back here). */
static np_status top_pairs(np_engine *e, keyed *entries, size_t k, pair_list *out)
{
    np_status st = sort_keyed_on(e->pool, e->pool ? e->threads : 1, e->allocator, entries, k);
    if (st != NP_OK) {
        np_free(e->allocator, entries);
        return st;
    }
    sharing how = { TERM_BUCKET, MIN_SHARED_TERMS, TERM_PARTNERS, e->params.rewrite_window, PAIR_TERMS, 0, NULL, NULL };
    st = count_shared_in(e, &entries, k, &how, out);
    np_free(e->allocator, entries);
    return st;
}

/* Per article, its day (NO_DAY when undated).  returns: owned by the
 * caller, NULL when out of memory */
static int32_t *article_days(const np_engine *e)
{
    int32_t *days = np_alloc_array(e->allocator, e->n_arts ? e->n_arts : 1, sizeof *days);
    for (size_t i = 0; days && i < e->n_arts; i++)
        days[i] = e->arts[i].day;
    return days;
}

/* count_shared over the engine's articles. */
static np_status count_shared_in(np_engine *e, keyed **entries, size_t k, const sharing *how,
                                 pair_list *out)
{
    int32_t *days = article_days(e);
    if (!days) {
        np_free(e->allocator, *entries);
        *entries = NULL;
        return NP_ENOMEM;
    }
    sharing_corpus c = { e->allocator, e->n_arts, days, e->threads };
    np_status st = count_shared_on(e->pool, &c, entries, k, how, out);
    np_free(e->allocator, days);
    return st;
}

/* The sentence index is made a share of the hash space at a time (runs of
 * the hash's top byte, SENTENCE_SHARE entries or one byte's, held by all
 * the threads together): shares, each sorted, follow one another in key
 * order, so their runs are those of all the entries sorted at once, and
 * the threads' shares are held at a time rather than every repeated
 * sentence's (at 1M articles, 270 MB; SENTENCE_SHARE entries, 16 MB,
 * each share a pass over the sentences).  The threads gather and sort a
 * share each; their runs are indexed in share order. */
enum { SENTENCE_SHARE = 1 << 20, TOP_BYTES = 256, MAX_SENTENCE_THREADS = 16 };

/* The entries are put straight into ranges of their hash's top
 * DIGIT_BITS (counted before, with the repeats), in article order within
 * each: each range then sorted by key, stably, is in the order sort_keyed
 * gives (with no pass to partition or copy all the entries). */
enum { DIGIT_BITS = 12, DIGITS = 1 << DIGIT_BITS, DIGITS_PER_BYTE = DIGITS / TOP_BYTES };

static size_t sentence_share(const np_engine *e, const repeats *rep, const size_t *per_digit, unsigned lo,
                             unsigned hi, size_t *next, keyed *entries)
{
    size_t k = 0, largest = 0;
    for (size_t d = lo * DIGITS_PER_BYTE; d < hi * DIGITS_PER_BYTE; d++) {
        next[d] = k;
        k += per_digit[d];
        largest = per_digit[d] > largest ? per_digit[d] : largest;
    }
    sentence_keys keys = engine_sentence_keys(e);
    for (size_t i = 0; i < e->n_arts; i++) {
        const art *r = &e->arts[i];
        for (uint32_t s = r->sent_first; s < r->sent_first + r->sent_count; s++) {
            uint64_t h = sentence_key(&keys, s);
            if (h && h >> 56 >= lo && h >> 56 < hi && repeated(rep, h))
                entries[next[h >> (64 - DIGIT_BITS)]++] = (keyed){ h, (uint32_t)i };
        }
    }
    radix_item *scratch = np_alloc_array(e->allocator, largest ? largest : 1, sizeof *scratch);
    if (!scratch)
        return SIZE_MAX;
    for (size_t d = lo * DIGITS_PER_BYTE, from = 0; d < hi * DIGITS_PER_BYTE; from = next[d++])
        radix_sort_items_spread((radix_item *)entries + from, scratch, next[d] - from);
    np_free(e->allocator, scratch);
    /* a sentence repeated inside one article counts once */
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || entries[u - 1].key != entries[i].key || entries[u - 1].art != entries[i].art)
            entries[u++] = entries[i];
    return u;
}

typedef struct sentence_job {
    const np_engine *e;
    const repeats *rep;
    const size_t *per_digit;  /* repeated sentences of each digit */
    unsigned lo, hi;          /* top bytes */
    size_t *next;             /* DIGITS */
    keyed *entries;
    size_t n;                 /* SIZE_MAX: no memory */
} sentence_job;

static void *sentence_job_run(void *arg)
{
    sentence_job *j = arg;
    j->n = sentence_share(j->e, j->rep, j->per_digit, j->lo, j->hi, j->next, j->entries);
    return NULL;
}

typedef struct may_link_ctx {
    const np_engine *e;
    link_facts *facts;        /* per article */
} may_link_ctx;

/* Of a's partners, those verification could judge copies.  A pair dated
 * too far apart for a rewrite, not the same text and sharing too few
 * sentences for an excerpt can only be a near copy: it is kept when its
 * verify_jaccard makes it one.  At 200k, four sentence pairs in five were
 * such pairs of stock sentences, each read again by verification (record,
 * signature, terms' first lines) only to be turned down.  Without
 * rewrites every pair is judged so, dated or not (NO_REWRITE_DAY): of
 * 20,000 undated text files 179,526 pairs reached verification, now
 * 17,817 (the lean run's instructions -6.2%), with the same answers. */
static size_t sentence_may_link(const void *ctx, uint32_t a, partner *partners, size_t n)
{
    enum { AHEAD = 8 }; /* partners whose facts, then signatures, are fetched ahead: they are anywhere */
    const may_link_ctx *m = ctx;
    const np_params *pr = &m->e->params;
    const link_facts *x = &m->facts[a];
    size_t kept = 0;
    for (size_t t = 0; t < n; t++) {
        if (t + 2 * AHEAD < n)
            __builtin_prefetch(&m->facts[partners[t + 2 * AHEAD].art]);
        if (t + AHEAD < n) {
            const partner *q = &partners[t + AHEAD];
            if (verify_facts_near_only(pr, x, &m->facts[q->art], q->shared))
                verify_jaccard_reaches_prefetch(m->e, q->art);
        }
        if (verify_sentence_pair_kept(m->e, x, a, &m->facts[partners[t].art], partners[t].art, partners[t].shared))
            partners[kept++] = partners[t];
    }
    return kept;
}

/* Articles [from, to)'s link_facts, for link_facts_all. */
typedef struct facts_share {
    const np_engine *e;
    link_facts *facts;
    size_t from, to;
} facts_share;

static void *facts_of_share(void *arg)
{
    facts_share *sh = arg;
    for (size_t a = sh->from; a < sh->to; a++)
        sh->facts[a] = verify_link_facts(sh->e, (uint32_t)a);
    return NULL;
}

/* Every article's link_facts into facts, in shares of the articles on the
 * engine's pool (each one's facts its own: the same at any thread count). */
static void link_facts_all(const np_engine *e, link_facts *facts)
{
    enum { MAX_SHARES = 64, MIN_SHARE = 1024 };
    size_t shares = e->threads > 1 ? e->threads * PARALLEL_SHARES_PER_THREAD : 1;
    shares = shares < MAX_SHARES ? shares : MAX_SHARES;
    shares = shares < e->n_arts / MIN_SHARE ? shares : e->n_arts / MIN_SHARE;
    shares = shares ? shares : 1;
    facts_share sh[MAX_SHARES];
    for (size_t t = 0; t < shares; t++)
        sh[t] = (facts_share){ e, facts, e->n_arts * t / shares, e->n_arts * (t + 1) / shares };
    parallel_pool_run(e->pool, facts_of_share, sh, shares, sizeof *sh);
}

static np_status sentence_pairs(np_engine *e, pair_list *out)
{
    const np_allocator *al = e->allocator;
    repeats rep = { 0 };
    np_status st = repeats_count(e, &rep);
    np_free(al, rep.met);
    size_t per_byte[TOP_BYTES] = { 0 }, total = 0;
    size_t *per_digit = st == NP_OK ? np_calloc(al, DIGITS, sizeof *per_digit) : NULL;
    if (!per_digit)
        st = NP_ENOMEM;
    sentence_keys keys = engine_sentence_keys(e);
    for (size_t s = 0; s < e->n_sents && st == NP_OK; s++) {
        uint64_t key = sentence_key(&keys, s);
        /* counted without a branch on whether it repeats (g20k one
         * thread: this count and repeats_count 2.1 -> 1.7 ms CPU, median
         * of 5 runs' min of 20) */
        per_digit[key >> (64 - DIGIT_BITS)] += (key != 0) & repeated(&rep, key);
    }
    for (unsigned d = 0; d < DIGITS && st == NP_OK; d++)
        per_byte[d / DIGITS_PER_BYTE] += per_digit[d];
    for (unsigned b = 0; b < TOP_BYTES; b++)
        total += per_byte[b];
    size_t threads = e->threads < MAX_SENTENCE_THREADS ? e->threads : MAX_SENTENCE_THREADS;
    if (threads < 1 || e->n_arts < 1024)
        threads = 1;
    /* a thread's share: no more than its part of SENTENCE_SHARE, and
     * small enough that every thread has one (with a byte's more room, so
     * that there are no more shares than threads) */
    size_t limit = SENTENCE_SHARE / threads, widest = 0;
    for (unsigned b = 0; b < TOP_BYTES; b++)
        widest = per_byte[b] > widest ? per_byte[b] : widest;
    if ((total + threads - 1) / threads + widest < limit)
        limit = (total + threads - 1) / threads + widest;
    /* shares: bytes [bounds[x], bounds[x + 1]) */
    unsigned bounds[TOP_BYTES + 1], n_shares = 0;
    size_t most = 1, in_share = 0;
    bounds[0] = 0;
    for (unsigned b = 0; b < TOP_BYTES; b++) {
        if (in_share && in_share + per_byte[b] > limit) {
            bounds[++n_shares] = b;
            in_share = 0;
        }
        in_share += per_byte[b];
        most = in_share > most ? in_share : most;
    }
    bounds[++n_shares] = TOP_BYTES;
    sentence_job jobs[MAX_SENTENCE_THREADS] = { { 0 } };
    for (size_t t = 0; t < threads && st == NP_OK; t++)
        if (!(jobs[t].entries = np_alloc_array(al, most, sizeof *jobs[t].entries)) ||
            !(jobs[t].next = np_alloc_array(al, DIGITS, sizeof *jobs[t].next)))
            st = NP_ENOMEM;
    /* one shared sentence is a quotation, not a copy: pairs need two, and
     * of those only the ones verification could judge copies are kept (in
     * a large corpus, most pairs of articles sharing stock sentences are
     * neither of a length for near, nor close enough for a rewrite); what
     * that reads of the articles is made once the index is (at 1M, 27 MB
     * off the peak of the shares) */
    may_link_ctx may = { e, NULL };
    sharing how = { (size_t)e->params.max_bucket, 2, 0, -1, PAIR_SENTENCE, 0, sentence_may_link, &may };
    sharing_corpus c = { al, e->n_arts, NULL, e->threads };
    shared_index ix = { .c = &c, .how = &how, .pool = e->pool };
    for (unsigned x = 0; x < n_shares && st == NP_OK; x += (unsigned)threads) {
        size_t n = n_shares - x < threads ? n_shares - x : threads;
        for (size_t t = 0; t < n; t++) {
            jobs[t].e = e;
            jobs[t].rep = &rep;
            jobs[t].per_digit = per_digit;
            jobs[t].lo = bounds[x + t];
            jobs[t].hi = bounds[x + t + 1];
        }
        parallel_pool_run(e->pool, sentence_job_run, jobs, n, sizeof *jobs);
        for (size_t t = 0; t < n && st == NP_OK; t++)
            st = jobs[t].n == SIZE_MAX ? NP_ENOMEM : index_add_runs(&ix, jobs[t].entries, jobs[t].n);
    }
    for (size_t t = 0; t < threads; t++) {
        np_free(al, jobs[t].entries);
        np_free(al, jobs[t].next);
    }
    np_free(al, per_digit);
    np_free(al, rep.again);
    if (st == NP_OK)
        st = index_finish(&ix);
    int32_t *days = st == NP_OK ? article_days(e) : NULL;
    may.facts = st == NP_OK ? np_alloc_array(al, e->n_arts + 1, sizeof *may.facts) : NULL;
    if (may.facts)
        link_facts_all(e, may.facts);
    c.days = days;
    if (st == NP_OK && (!days || !may.facts))
        st = NP_ENOMEM;
    if (st == NP_OK)
        st = count_index(&ix, out);
    shared_index_free(&ix);
    np_free(al, days);
    np_free(al, may.facts);
    return st;
}

/* Of a's partners sharing word pairs, those judge_pair calls near copies
 * by their 2-word shingles: the others were proposed, if at all, by the
 * other indexes. */
static size_t word_pairs_may_link(const void *ctx, uint32_t a, partner *partners, size_t n)
{
    const np_engine *e = ctx;
    link_facts x = verify_link_facts(e, a);
    size_t kept = 0;
    for (size_t t = 0; t < n; t++) {
        link_facts y = verify_link_facts(e, partners[t].art);
        if (verify_short_near(e, &x, a, &y, partners[t].art))
            partners[kept++] = partners[t];
    }
    return kept;
}

/* The word pairs of short-text entry i, when they are its article's (its
 * last entry) and the article has fewer words than `longest`: their
 * first in e->shingles at *first.  returns: how many, or 0 */
static size_t indexed_word_pairs(const np_engine *e, size_t i, double longest, size_t *first)
{
    const art_value *texts = e->short_texts;
    const art *r = &e->arts[texts[i].art];
    int last = i + 1 == e->n_short_texts || texts[i + 1].art != texts[i].art;
    if (!(r->marks & ART_WORD_PAIRS) || !last || r->words >= longest)
        return 0;
    *first = texts[i].value;
    return (i + 1 < e->n_short_texts ? texts[i + 1].value : e->n_shingles) - texts[i].value;
}

/* Only a text of fewer words than short_words / near_length_ratio can be
 * one of a pair verify_short_near holds for; in a corpus of full articles
 * there are a few. */
double word_pairs_longest(const np_params *pr)
{
    return pr->near_length_ratio > 0 ? pr->short_words / pr->near_length_ratio : SHORT_PAIR_WORDS;
}

/* Short texts sharing two or more 2-word shingles, of them the pairs
 * judge_pair will call near copies by those shingles. */
static np_status word_pair_pairs(np_engine *e, pair_list *out)
{
    const np_params *pr = &e->params;
    double longest = word_pairs_longest(pr);
    size_t k = 0, first;
    for (size_t i = 0; i < e->n_short_texts; i++)
        k += indexed_word_pairs(e, i, longest, &first);
    if (!k)
        return NP_OK;
    keyed *entries = np_alloc_array(e->allocator, k, sizeof *entries);
    if (!entries)
        return NP_ENOMEM;
    k = 0;
    for (size_t i = 0; i < e->n_short_texts; i++) {
        size_t n = indexed_word_pairs(e, i, longest, &first);
        for (size_t j = first; j < first + n; j++)
            entries[k++] = (keyed){ e->shingles[j], e->short_texts[i].art };
    }
    np_status st = sort_keyed(e->allocator, entries, k);
    if (st != NP_OK) {
        np_free(e->allocator, entries);
        return st;
    }
    sharing how = { (size_t)pr->max_bucket, MIN_SHARED_WORD_PAIRS, 0, -1, PAIR_WORDS, 0, word_pairs_may_link, e };
    st = count_shared_in(e, &entries, k, &how, out);
    np_free(e->allocator, entries);
    return st;
}

np_status candidates_find(np_engine *e, pair **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    pair_list l = { .allocator = e->allocator };
    /* without rewrites (np_engine_no_rewrites): no vocabulary, no top terms */
    int rewrites = !e->no_rewrites;
    e->top_at_recode = rewrites; /* term_pairs' top terms taken as the terms are recoded */
    np_status st = rewrites ? build_vocabulary(e) : NP_OK;
    /* once the terms are coded by id: its scratch fits in the room they
     * gave back.  Without rewrites the hashes stay: ranks are equal and
     * ordered as they are, so the pairs are the same, and the ranking
     * (sorting every sentence's hash) cost this mode more than the
     * smaller keys give back */
    if (st == NP_OK && rewrites)
        st = engine_rank_sentences(e);
    if (st == NP_OK)
        st = candidates_lsh_pairs(e, &l);
    if (st == NP_OK)
        st = sentence_pairs(e, &l);
    if (st == NP_OK && rewrites)
        st = term_pairs(e, &l);
    if (st == NP_OK && e->params.short_words > 0)
        st = word_pair_pairs(e, &l);
    if (st != NP_OK) {
        np_free(e->allocator, l.items);
        return st;
    }
    if ((st = merge_pairs_on(e->pool, &l, 0, e->threads)) != NP_OK) {
        np_free(e->allocator, l.items);
        return st;
    }
    *out = l.items;
    *n_out = l.n;
    return NP_OK;
}
