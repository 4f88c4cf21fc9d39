/*
 * query: one new article against a corpus grouped before (query.h tells
 * what and why).  The candidate keys are the ones stages.c's joiner keeps
 * of a fingerprint (band keys of the folded signature, sentence hashes,
 * characteristic terms by the corpus's document frequencies, a short
 * text's 2-word shingles), here compared with the new article's alone.
 */
#include <stdlib.h>
#include <string.h>

#include "cluster/query.h"
#include "cluster/stages.h"
#include "common/alloc.h"
#include "common/intersect.h"
#include "common/sort.h"

/* What the new article shares with one stored article of the first pass:
 * which of its terms (bits, in the order of the new article's terms), kept
 * for an article sharing MIN_SHARED_TERMS of them at least. */
typedef struct shared_terms {
    uint32_t article;
    uint32_t first;           /* its words in q->bits */
} shared_terms;

/* The new article's terms are marked for the rewrites' candidates when
 * it has at most 64 words of bits of them (4,096 terms; a longer text's
 * rewrites are found by their other keys). */
enum { MARKED_WORDS = 64 };

struct query {
    np_params params;
    buf print;                /* the new article's fingerprint */
    print_keys keys;          /* of print */
    uint64_t bands[MINHASH_BANDS];
    uint64_t *sentences;      /* its indexed sentence hashes, sorted, unique */
    size_t n_sentences;
    int short_pairs;          /* its word pairs take part (a short text) */
    vocab_entry *vocab;       /* every stem's df in the corpus (and the new article) */
    uint16_t *marks;          /* per vocab slot: 1 + the place of its stem among the
                               * new article's terms, 0 for a stem it does not have */
    size_t vocab_cap, vocab_n, n_arts;
    float *idf_of_df;
    uint32_t top[TOP_TERMS];  /* its characteristic terms, sorted */
    size_t n_top;
    size_t words_per;         /* 64-bit words of a shared_terms' bits */
    buf bits;                 /* uint64_t: the shared_terms' bits */
    buf sharing;              /* shared_terms */
    uint32_t *checks;         /* articles whose terms are to be read again */
    size_t n_checks;
    buf cands;                /* uint32_t: candidates, ascending once finished */
};

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static size_t query_find(const query *q, uint32_t stem)
{
    return vocab_find(q->vocab, q->vocab_cap, stem);
}

/* The df table of twice the slots (65,536 at first), its entries placed
 * again (as stages.c's joiner grows its own: engine.h is left alone, as
 * it names the fingerprints' code, NP_PRINT_ID).  returns: NP_ENOMEM
 * (the table as it was) or NP_OK */
static np_status vocab_table_grow(vocab_entry **table, size_t *cap)
{
    size_t old_cap = *cap, fresh_cap = old_cap ? 2 * old_cap : (size_t)1 << 16;
    vocab_entry *old = *table, *fresh = np_calloc(NULL, fresh_cap, sizeof *fresh);
    if (!fresh)
        return NP_ENOMEM;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].df)
            fresh[vocab_find(fresh, fresh_cap, old[i].stem)] = old[i];
    np_free(NULL, old);
    *table = fresh;
    *cap = fresh_cap;
    return NP_OK;
}

/* The marks of the new article's terms in a table of q->vocab_cap slots
 * (again after the table grew), when it has few enough for its bits. */
static np_status mark_terms(query *q)
{
    np_free(NULL, q->marks);
    q->marks = NULL;
    if (!q->words_per || q->words_per > MARKED_WORDS)
        return NP_OK;
    if (!(q->marks = np_calloc(NULL, q->vocab_cap, sizeof *q->marks)))
        return NP_ENOMEM;
    for (uint32_t i = 0; i < q->keys.n_terms; i++)
        q->marks[query_find(q, q->keys.terms[i].stem)] = (uint16_t)(i + 1);
    return NP_OK;
}

/* Adds one article's terms (each once in an article) to the dfs, and
 * sets in bits (when not NULL) those of the new article's terms it has,
 * *shared of them. */
static np_status count_terms(query *q, const print_keys *k, uint64_t *bits, size_t *shared)
{
    q->n_arts++;
    for (uint32_t t = 0; t < k->n_terms; t++) {
        if (2 * (q->vocab_n + 1) > q->vocab_cap &&
            (vocab_table_grow(&q->vocab, &q->vocab_cap) != NP_OK || (q->marks && mark_terms(q) != NP_OK)))
            return NP_ENOMEM;
        size_t at = query_find(q, k->terms[t].stem);
        vocab_entry *v = &q->vocab[at];
        if (!v->df) {
            v->stem = k->terms[t].stem;
            q->vocab_n++;
        }
        v->df++;
        if (bits && q->marks[at]) {
            uint32_t i = q->marks[at] - 1u;
            bits[i / 64] |= 1ull << (i % 64);
            ++*shared;
        }
    }
    return NP_OK;
}

static np_status push_candidate(query *q, uint32_t article)
{
    size_t n = q->cands.len / sizeof article;
    if (n && ((const uint32_t *)(const void *)q->cands.data)[n - 1] == article)
        return NP_OK;
    return buf_append(&q->cands, &article, sizeof article);
}

static int short_pairs_of(const np_params *pr, const print_keys *k)
{
    return pr->short_words > 0 && k->words < word_pairs_longest(pr) && k->n_word_pairs > 0;
}

np_status query_new(query **out, const np_params *params, const void *print, size_t size)
{
    query *q = *out = np_calloc(NULL, 1, sizeof *q);
    if (!q)
        return NP_ENOMEM;
    q->params = *params;
    buf_init(&q->print, NULL);
    buf_init(&q->bits, NULL);
    buf_init(&q->sharing, NULL);
    buf_init(&q->cands, NULL);
    if (buf_append(&q->print, print, size) != NP_OK)
        return NP_ENOMEM;
    if (!print_keys_read(q->print.data, q->print.len, &q->keys))
        return NP_EINPUT;
    const print_keys *k = &q->keys;
    uint16_t sig[MINHASH_K];
    minhash_fold(k->sig, sig);
    for (unsigned b = 0; b < MINHASH_BANDS; b++)
        q->bands[b] = k->exact ? minhash_band_key(sig, b) : 0; /* an empty body copies nothing */
    q->sentences = np_alloc_array(NULL, k->n_sents + 1, sizeof *q->sentences);
    if (!q->sentences)
        return NP_ENOMEM;
    for (uint32_t s = 0; s < k->n_sents; s++)
        if (k->sents[s].hash)
            q->sentences[q->n_sentences++] = k->sents[s].hash;
    qsort(q->sentences, q->n_sentences, sizeof *q->sentences, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < q->n_sentences; i++)
        if (!u || q->sentences[u - 1] != q->sentences[i])
            q->sentences[u++] = q->sentences[i];
    q->n_sentences = u;
    q->short_pairs = short_pairs_of(params, k);
    q->words_per = (k->n_terms + 63) / 64;
    np_status st = count_terms(q, k, NULL, NULL); /* the full regroup counts it too */
    return st == NP_OK ? mark_terms(q) : st;
}

void query_free(query *q)
{
    if (!q)
        return;
    buf_free(&q->print);
    np_free(NULL, q->sentences);
    np_free(NULL, q->vocab);
    np_free(NULL, q->marks);
    np_free(NULL, q->idf_of_df);
    buf_free(&q->bits);
    buf_free(&q->sharing);
    np_free(NULL, q->checks);
    buf_free(&q->cands);
    np_free(NULL, q);
}

static int has_sentence(const query *q, uint64_t hash)
{
    size_t lo = 0, hi = q->n_sentences;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (q->sentences[mid] < hash)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < q->n_sentences && q->sentences[lo] == hash;
}

/* Whether k shares a key of the copy candidates with the new article:
 * the body hash, a band key, a sentence, MIN_SHARED_WORD_PAIRS 2-word
 * shingles of short texts. */
static int shares_copy_key(const query *q, const print_keys *k)
{
    const print_keys *n = &q->keys;
    if (!k->exact || !n->exact)
        return 0;
    if (k->exact == n->exact)
        return 1;
    uint16_t sig[MINHASH_K];
    minhash_fold(k->sig, sig);
    for (unsigned b = 0; b < MINHASH_BANDS; b++)
        if (minhash_band_key(sig, b) == q->bands[b])
            return 1;
    for (uint32_t s = 0; s < k->n_sents; s++)
        if (k->sents[s].hash && has_sentence(q, k->sents[s].hash))
            return 1;
    return q->short_pairs && short_pairs_of(&q->params, k) &&
           intersect_count(n->word_pairs, n->n_word_pairs, k->word_pairs, k->n_word_pairs) >=
               MIN_SHARED_WORD_PAIRS;
}

np_status query_count(query *q, uint32_t article, const void *print, size_t size)
{
    print_keys k;
    if (!print_keys_read(print, size, &k))
        return NP_EINPUT;
    uint64_t bits[MARKED_WORDS];
    size_t shared = 0;
    int marking = q->marks && k.exact && q->keys.exact; /* an empty body copies nothing */
    if (marking)
        memset(bits, 0, q->words_per * sizeof *bits);
    np_status st = count_terms(q, &k, marking ? bits : NULL, &shared);
    if (st == NP_OK && shares_copy_key(q, &k))
        st = push_candidate(q, article);
    if (st != NP_OK || shared < MIN_SHARED_TERMS)
        return st;
    /* which of its terms it shares, kept: its characteristic ones are
     * known once every df is */
    shared_terms at = { article, (uint32_t)(q->bits.len / sizeof *bits) };
    if ((st = buf_append(&q->bits, bits, q->words_per * sizeof *bits)) == NP_OK)
        st = buf_append(&q->sharing, &at, sizeof at);
    return st;
}

/* A stem's df and idf in the corpus, as the joiner's lookup gives them. */
static void query_lookup(const void *ctx, uint32_t stem, uint32_t *df, float *idf)
{
    const query *q = ctx;
    const vocab_entry *v = q->vocab_cap ? &q->vocab[query_find(q, stem)] : NULL;
    *df = v ? v->df : 0;
    *idf = v && v->df ? q->idf_of_df[v->df] : 0;
}

size_t query_term_checks(query *q, const uint32_t **out)
{
    *out = NULL;
    np_free(NULL, q->checks);
    q->checks = NULL;
    q->n_checks = 0;
    if (!q->idf_of_df && !(q->idf_of_df = vocab_idfs(NULL, q->vocab, q->vocab_cap, q->n_arts)))
        return 0;
    q->n_top = characteristic_terms(q->keys.terms, q->keys.n_terms, query_lookup, q, q->top);
    /* which of the new article's terms are its top ones */
    uint64_t top_bits[MARKED_WORDS] = { 0 };
    if (!q->marks || q->n_top < MIN_SHARED_TERMS)
        return 0;
    for (size_t t = 0; t < q->n_top; t++)
        for (uint32_t i = 0; i < q->keys.n_terms; i++)
            if (q->keys.terms[i].stem == q->top[t])
                top_bits[i / 64] |= 1ull << (i % 64);
    qsort(q->top, q->n_top, sizeof *q->top, cmp_u32);
    const shared_terms *noted = (const void *)q->sharing.data;
    size_t n_sharing = q->sharing.len / sizeof *noted;
    q->checks = np_alloc_array(NULL, n_sharing + 1, sizeof *q->checks);
    if (!q->checks)
        return 0;
    for (size_t s = 0; s < n_sharing; s++) {
        const uint64_t *bits = (const uint64_t *)(const void *)q->bits.data + noted[s].first;
        size_t n = 0;
        for (size_t w = 0; w < q->words_per; w++)
            n += (size_t)__builtin_popcountll(bits[w] & top_bits[w]);
        if (n >= MIN_SHARED_TERMS)
            q->checks[q->n_checks++] = noted[s].article;
    }
    *out = q->checks;
    return q->n_checks;
}

np_status query_check(query *q, uint32_t article, const void *print, size_t size)
{
    print_keys k;
    if (!print_keys_read(print, size, &k))
        return NP_EINPUT;
    uint32_t top[TOP_TERMS];
    size_t n = characteristic_terms(k.terms, k.n_terms, query_lookup, q, top);
    qsort(top, n, sizeof *top, cmp_u32);
    if (intersect_count(top, n, q->top, q->n_top) >= MIN_SHARED_TERMS)
        return push_candidate(q, article);
    return NP_OK;
}

size_t query_candidates(query *q, const uint32_t **out)
{
    /* the first pass pushed in article order, the second after it */
    uint32_t *cands = (void *)q->cands.data;
    size_t n = q->cands.len / sizeof *cands, u = 0;
    if (n)
        qsort(cands, n, sizeof *cands, cmp_u32);
    for (size_t i = 0; i < n; i++)
        if (!u || cands[u - 1] != cands[i])
            cands[u++] = cands[i];
    q->cands.len = u * sizeof *cands;
    *out = cands;
    return u;
}

np_status query_verify(query *q, const uint32_t *articles, const void *const *prints, const size_t *sizes,
                       size_t n, query_link **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    np_engine *e = NULL;
    np_status st = np_engine_new(&e, &q->params, NULL);
    for (size_t i = 0; st == NP_OK && i < n; i++)
        st = np_engine_add_fingerprint(e, prints[i], sizes[i]);
    if (st == NP_OK)
        st = np_engine_add_fingerprint(e, q->print.data, q->print.len);
    query_link *links = st == NP_OK ? np_alloc_array(NULL, n + 1, sizeof *links) : NULL;
    if (st == NP_OK && !links)
        st = NP_ENOMEM;
    for (size_t i = 0; st == NP_OK && i < n; i++) {
        copy_link l;
        int is_copy = 0;
        st = verify_compare(e, (uint32_t)i, (uint32_t)n, &l, &is_copy, NULL);
        if (st == NP_OK && is_copy)
            links[(*n_out)++] = (query_link){ articles[i], l };
    }
    np_engine_free(e);
    if (st != NP_OK) {
        np_free(NULL, links);
        *n_out = 0;
        return st;
    }
    *out = links;
    return NP_OK;
}

/* The stories' weights by the corpus: each term's df in the neighbourhood
 * replaced by its df in the corpus, and the idf of each df by the
 * corpus's count, when the engine's grouping reaches the stories (its
 * vocabulary is made by then, the vectors not yet). */
typedef struct reweigh {
    query *q;
    np_engine *e;
    np_status st;
    int done;
} reweigh;

static void reweigh_stories(void *arg, np_stage stage, const char *step)
{
    reweigh *r = arg;
    if (stage != NP_STAGE_STORIES || step || r->done)
        return;
    r->done = 1;
    np_engine *e = r->e;
    const query *q = r->q;
    uint32_t most = 0;
    for (size_t i = 0; i < q->vocab_cap; i++)
        most = q->vocab[i].df > most ? q->vocab[i].df : most;
    float *idf = np_alloc_array(e->allocator, (size_t)most + 1, sizeof *idf);
    if (!idf) {
        r->st = NP_ENOMEM;
        return;
    }
    for (uint32_t df = 0; df <= most; df++)
        idf[df] = vocab_idf(q->n_arts, df);
    if (e->df_of_id) {
        for (size_t id = 0; id < e->n_vocab; id++) {
            uint32_t df;
            float f;
            query_lookup(q, e->stem_of_id[id], &df, &f);
            if (df)
                e->df_of_id[id] = df;
        }
    } else {
        for (size_t i = 0; i < e->vocab_cap; i++)
            if (e->vocab[i].df) {
                uint32_t df;
                float f;
                query_lookup(q, e->vocab[i].stem, &df, &f);
                if (df)
                    e->vocab[i].df = df;
            }
    }
    np_free(e->allocator, e->idf_of_df);
    e->idf_of_df = idf;
}

np_status query_group(query *q, const void *const *prints, const size_t *sizes, size_t n, copy_link *links,
                      size_t n_links, np_engine **out)
{
    np_status st = np_engine_new(out, &q->params, NULL);
    if (st != NP_OK) {
        np_free(NULL, links);
        return st;
    }
    np_engine *e = *out;
    for (size_t i = 0; st == NP_OK && i < n; i++)
        st = np_engine_add_fingerprint(e, prints[i], sizes[i]);
    if (st == NP_OK)
        st = np_engine_add_fingerprint(e, q->print.data, q->print.len);
    if (st == NP_OK)
        st = np_engine_mark_latest(e, n);
    if (st != NP_OK) {
        np_free(NULL, links);
        return st;
    }
    reweigh r = { q, e, NP_OK, 0 };
    np_engine_on_stage(e, reweigh_stories, &r);
    st = stage_run_with_links(e, links, n_links);
    return st != NP_OK ? st : r.st;
}
