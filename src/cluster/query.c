/*
 * query: new articles against a corpus grouped before (query.h tells what
 * and why).  The candidate keys are the ones stages.c's joiner keeps of a
 * fingerprint (band keys of the folded signature, sentence hashes,
 * characteristic terms by the corpus's document frequencies, a short
 * text's 2-word shingles), here compared with the new articles' alone:
 * their keys are sorted tables (body hash, band key, sentence hash) and a
 * table of their stems, each stored fingerprint looked up in them once,
 * however many new articles there are.  Verification and grouping are
 * query_verify.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "cluster/query_internal.h"
#include "cluster/stages.h"
#include "common/alloc.h"
#include "common/intersect.h"
#include "common/sort.h"

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int cmp_key_ref(const void *a, const void *b)
{
    const key_ref *x = a, *y = b;
    if (x->key != y->key)
        return (x->key > y->key) - (x->key < y->key);
    if (x->band != y->band)
        return (x->band > y->band) - (x->band < y->band);
    return (x->j > y->j) - (x->j < y->j);
}

static int cmp_check(const void *a, const void *b)
{
    const term_check *x = a, *y = b;
    if (x->article != y->article)
        return (x->article > y->article) - (x->article < y->article);
    return (x->j > y->j) - (x->j < y->j);
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

/* The slot of stem in the new articles' stems table (its own, or the
 * empty one where it would go). */
static size_t stem_slot_of(const query *q, uint32_t stem)
{
    size_t mask = q->stems_cap - 1, at = (size_t)((stem * 0x9E3779B1u) & mask);
    while (q->stems[at].n && q->stems[at].stem != stem)
        at = (at + 1) & mask;
    return at;
}

static const stem_slot *find_stem(const query *q, uint32_t stem)
{
    if (!q->stems_cap)
        return NULL;
    const stem_slot *s = &q->stems[stem_slot_of(q, stem)];
    return s->n ? s : NULL;
}

/* The filter's slot of a key (a multiplicative hash's top bits). */
static size_t filter_slot(const query *q, uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> q->filter_shift);
}

/* Whether key may be one of the new articles' keys: most keys of the
 * stored articles are none of them, and a clear bit says so without the
 * binary search (which was a seventh of an add of 100 into 200,000). */
static int filter_may_hold(const query *q, uint64_t key)
{
    size_t at = filter_slot(q, key);
    return (q->filter[at / 64] >> (at % 64)) & 1;
}

/* The filter of the new articles' keys: 32 bits a key at least. */
static np_status filter_make(query *q)
{
    size_t keys = q->n_exacts + q->n_bands + q->n_sents;
    unsigned bits = 12;
    while (bits < 40 && ((size_t)1 << bits) < 32 * keys)
        bits++;
    q->filter_shift = 64 - bits;
    q->filter = np_calloc(NULL, ((size_t)1 << bits) / 64, sizeof *q->filter);
    if (!q->filter)
        return NP_ENOMEM;
    const key_ref *tables[] = { q->exacts, q->bands, q->sents };
    const size_t sizes[] = { q->n_exacts, q->n_bands, q->n_sents };
    for (size_t t = 0; t < 3; t++)
        for (size_t i = 0; i < sizes[t]; i++) {
            size_t at = filter_slot(q, tables[t][i].key);
            q->filter[at / 64] |= 1ull << (at % 64);
        }
    return NP_OK;
}

/* The range of table (n entries, sorted) whose key is key: *first, returns
 * how many. */
static size_t key_range(const key_ref *table, size_t n, uint64_t key, size_t *first)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (table[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < n && table[end].key == key)
        end++;
    *first = lo;
    return end - lo;
}

static np_status push_candidate(query *q, size_t j, uint32_t article)
{
    buf *c = &q->arts[j].cands;
    size_t n = c->len / sizeof article;
    if (n && ((const uint32_t *)(const void *)c->data)[n - 1] == article)
        return NP_OK;
    return buf_append(c, &article, sizeof article);
}

/* Article `article` is a candidate of new article j: a text not stored's
 * at once; in a batch, j is noted (q->found) and kept_found decides. */
static np_status note_candidate(query *q, size_t j, uint32_t article)
{
    if (q->single)
        return push_candidate(q, j, article);
    if (!q->is_found[j]) {
        q->is_found[j] = 1;
        q->found[q->n_found++] = (uint32_t)j;
    }
    return NP_OK;
}

/* The candidates of the new articles from j_min on among the entries of
 * table that have key (and band). */
static np_status push_keyed(query *q, const key_ref *table, size_t n, uint64_t key, uint32_t band, size_t j_min,
                            uint32_t article)
{
    if (!filter_may_hold(q, key))
        return NP_OK;
    size_t first, count = key_range(table, n, key, &first);
    np_status st = NP_OK;
    for (size_t i = first; st == NP_OK && i < first + count; i++)
        if (table[i].band == band && table[i].j >= j_min)
            st = note_candidate(q, table[i].j, article);
    return st;
}

static int short_pairs_of(const np_params *pr, const print_keys *k)
{
    return pr->short_words > 0 && k->words < word_pairs_longest(pr) && k->n_word_pairs > 0;
}

/* Whether a rewrite of new article j and an article of this day may be
 * paired: always for a text not stored (query_new); in a batch, as the
 * engine pairs them, within rewrite_window days (or either undated). */
static int terms_may_pair(const query *q, size_t j, int32_t day)
{
    int32_t dj = q->arts[j].keys.day;
    return q->single || dj == NO_DAY || day == NO_DAY || abs(dj - day) <= q->params.rewrite_window;
}

/* Whether any new article may be paired with an article of this day by
 * its terms. */
static int batch_may_pair(const query *q, int32_t day)
{
    return q->single || q->undated || day == NO_DAY ||
           (q->first_day <= q->last_day && day >= q->first_day - q->params.rewrite_window &&
            day <= q->last_day + q->params.rewrite_window);
}

/* The new articles (from j_min on) sharing a sentence hash with article
 * k: a text not stored, one; in a batch, as the engine pairs them, two.
 * In a batch, each one's count stays in q->sent_shared (its new articles
 * in q->sent_touched, *n_touched of them) for kept_found. */
static np_status push_sentences(query *q, const print_keys *k, size_t j_min, uint32_t article, size_t *n_touched)
{
    np_status st = NP_OK;
    *n_touched = 0;
    if (q->single) {
        for (uint32_t s = 0; st == NP_OK && s < k->n_sents; s++)
            if (k->sents[s].hash)
                st = push_keyed(q, q->sents, q->n_sents, k->sents[s].hash, 0, j_min, article);
        return st;
    }
    for (uint32_t s = 0; s < k->n_sents; s++) {
        if (!k->sents[s].hash || !filter_may_hold(q, k->sents[s].hash))
            continue;
        size_t first, count = key_range(q->sents, q->n_sents, k->sents[s].hash, &first);
        for (size_t i = first; i < first + count; i++)
            if (q->sents[i].j >= j_min && !q->sent_shared[q->sents[i].j]++)
                q->sent_touched[(*n_touched)++] = q->sents[i].j;
    }
    for (size_t t = 0; st == NP_OK && t < *n_touched; t++)
        if (q->sent_shared[q->sent_touched[t]] >= 2)
            st = note_candidate(q, q->sent_touched[t], article);
    return st;
}

/* What verify_facts_may_link reads of a fingerprint. */
static link_facts facts_of_keys(const print_keys *k)
{
    uint32_t indexed = 0;
    for (uint32_t s = 0; s < k->n_sents; s++)
        indexed += k->sents[s].hash != 0;
    return (link_facts){ k->exact, k->words, k->day, indexed, 0 }; /* shingled: not asked here */
}

/* A batch: of the new articles article k was found a candidate of, those
 * verification could judge its copy kept (verify_facts_may_link: the
 * same body, lengths a near copy's, enough shared sentences for an
 * excerpt, or days a rewrite's; q->sent_shared counts the sentences k
 * shares with each, an upper bound of what verification counts), as
 * they are found: in template reports, most share a stock sentence or a
 * band key with thousands of articles they copy nothing of.  The marks
 * are cleared for the next article. */
static np_status kept_found(query *q, const print_keys *k, uint32_t article, size_t n_touched)
{
    np_status st = NP_OK;
    link_facts x = facts_of_keys(k);
    for (size_t f = 0; f < q->n_found; f++) {
        uint32_t j = q->found[f];
        if (st == NP_OK && verify_facts_may_link(&q->params, &x, &q->facts[j], q->sent_shared[j]))
            st = push_candidate(q, j, article);
        q->is_found[j] = 0;
    }
    q->n_found = 0;
    for (size_t t = 0; t < n_touched; t++)
        q->sent_shared[q->sent_touched[t]] = 0;
    return st;
}

/* Adds one article's terms (each once in an article) to the dfs. */
static np_status count_terms(query *q, const print_keys *k)
{
    q->n_arts++;
    for (uint32_t t = 0; t < k->n_terms; t++) {
        if (2 * (q->vocab_n + 1) > q->vocab_cap && vocab_table_grow(&q->vocab, &q->vocab_cap) != NP_OK)
            return NP_ENOMEM;
        vocab_entry *v = &q->vocab[query_find(q, k->terms[t].stem)];
        if (!v->df) {
            v->stem = k->terms[t].stem;
            q->vocab_n++;
        }
        v->df++;
    }
    return NP_OK;
}

/* Which of the marked new articles' terms (from j_min on) article k has:
 * those sharing MIN_SHARED_TERMS of them at least kept (their
 * characteristic ones are known once every df is). */
static np_status mark_shared(query *q, const print_keys *k, size_t j_min, uint32_t article)
{
    size_t n_touched = 0;
    for (uint32_t t = 0; t < k->n_terms; t++) {
        const stem_slot *s = find_stem(q, k->terms[t].stem);
        for (uint32_t r = 0; s && r < s->n; r++) {
            const term_ref *ref = &q->refs[s->first + r];
            if (ref->j < j_min || !terms_may_pair(q, ref->j, k->day))
                continue;
            if (!q->shared[ref->j]++)
                q->touched[n_touched++] = ref->j;
            q->scratch[q->arts[ref->j].scratch + ref->i / 64] |= 1ull << (ref->i % 64);
        }
    }
    np_status st = NP_OK;
    for (size_t t = 0; t < n_touched; t++) {
        uint32_t j = q->touched[t];
        uint64_t *bits = q->scratch + q->arts[j].scratch;
        size_t words = q->arts[j].words_per;
        if (st == NP_OK && q->shared[j] >= MIN_SHARED_TERMS) {
            buf *noted = &q->arts[j].sharing;
            if ((st = buf_append(noted, &article, sizeof article)) == NP_OK)
                st = buf_append(noted, bits, words * sizeof *bits);
        }
        memset(bits, 0, words * sizeof *bits);
        q->shared[j] = 0;
    }
    return st;
}

/* One article of the corpus: its terms counted, and it made a candidate
 * of the new articles it shares a key with (from j_min on: a new article
 * pairs with those after it). */
static np_status count_one(query *q, uint32_t article, const print_keys *k, size_t j_min)
{
    np_status st = count_terms(q, k);
    if (st != NP_OK || !k->exact || j_min >= q->n_new) /* an empty body copies nothing */
        return st;
    st = push_keyed(q, q->exacts, q->n_exacts, k->exact, 0, j_min, article);
    uint16_t sig[MINHASH_K];
    minhash_fold(k->sig, sig);
    for (unsigned b = 0; st == NP_OK && b < MINHASH_ALL_BANDS; b++)
        st = push_keyed(q, q->bands, q->n_bands, minhash_band_key(sig, b), b, j_min, article);
    size_t n_touched = 0;
    if (st == NP_OK)
        st = push_sentences(q, k, j_min, article, &n_touched);
    if (short_pairs_of(&q->params, k))
        for (size_t i = 0; st == NP_OK && i < q->n_shorts; i++) {
            const print_keys *n = &q->arts[q->shorts[i]].keys;
            if (q->shorts[i] >= j_min && intersect_count(n->word_pairs, n->n_word_pairs, k->word_pairs,
                                                         k->n_word_pairs) >= MIN_SHARED_WORD_PAIRS)
                st = note_candidate(q, q->shorts[i], article);
        }
    if (!q->single) {
        np_status kept = kept_found(q, k, article, n_touched);
        st = st == NP_OK ? kept : st;
    }
    return st == NP_OK && batch_may_pair(q, k->day) ? mark_shared(q, k, j_min, article) : st;
}

/* The new articles' key tables and the stems table of their marked terms. */
static np_status index_new(query *q)
{
    size_t n_sents = 0, n_refs = 0, scratch = 0;
    for (size_t j = 0; j < q->n_new; j++) {
        new_article *a = &q->arts[j];
        n_sents += a->keys.n_sents;
        a->short_pairs = short_pairs_of(&q->params, &a->keys);
        a->words_per = a->keys.exact ? (a->keys.n_terms + 63) / 64 : 0;
        if (a->words_per > MARKED_WORDS)
            a->words_per = 0;
        a->scratch = scratch;
        scratch += a->words_per;
        n_refs += a->words_per ? a->keys.n_terms : 0;
    }
    q->exacts = np_alloc_array(NULL, q->n_new + 1, sizeof *q->exacts);
    q->bands = np_alloc_array(NULL, q->n_new * MINHASH_ALL_BANDS + 1, sizeof *q->bands);
    q->sents = np_alloc_array(NULL, n_sents + 1, sizeof *q->sents);
    q->shorts = np_alloc_array(NULL, q->n_new + 1, sizeof *q->shorts);
    q->refs = np_alloc_array(NULL, n_refs + 1, sizeof *q->refs);
    q->scratch = np_calloc(NULL, scratch + 1, sizeof *q->scratch);
    q->shared = np_calloc(NULL, q->n_new + 1, sizeof *q->shared);
    q->touched = np_alloc_array(NULL, q->n_new + 1, sizeof *q->touched);
    q->sent_shared = np_calloc(NULL, q->n_new + 1, sizeof *q->sent_shared);
    q->sent_touched = np_alloc_array(NULL, q->n_new + 1, sizeof *q->sent_touched);
    q->facts = np_alloc_array(NULL, q->n_new + 1, sizeof *q->facts);
    q->found = np_alloc_array(NULL, q->n_new + 1, sizeof *q->found);
    q->is_found = np_calloc(NULL, q->n_new + 1, sizeof *q->is_found);
    q->stems_cap = 16;
    while (q->stems_cap < 2 * n_refs + 2)
        q->stems_cap *= 2;
    q->stems = np_calloc(NULL, q->stems_cap, sizeof *q->stems);
    if (!q->exacts || !q->bands || !q->sents || !q->shorts || !q->refs || !q->scratch || !q->shared ||
        !q->touched || !q->sent_shared || !q->sent_touched || !q->facts || !q->found || !q->is_found || !q->stems)
        return NP_ENOMEM;
    for (size_t j = 0; j < q->n_new; j++)
        q->facts[j] = facts_of_keys(&q->arts[j].keys);
    q->first_day = INT32_MAX;
    q->last_day = INT32_MIN;
    for (size_t j = 0; j < q->n_new; j++) {
        int32_t day = q->arts[j].keys.day;
        q->undated |= day == NO_DAY;
        if (day != NO_DAY) {
            q->first_day = day < q->first_day ? day : q->first_day;
            q->last_day = day > q->last_day ? day : q->last_day;
        }
    }
    for (uint32_t j = 0; j < q->n_new; j++) {
        const print_keys *k = &q->arts[j].keys;
        if (!k->exact) /* an empty body copies nothing */
            continue;
        q->exacts[q->n_exacts++] = (key_ref){ k->exact, 0, j };
        uint16_t sig[MINHASH_K];
        minhash_fold(k->sig, sig);
        for (unsigned b = 0; b < MINHASH_ALL_BANDS; b++)
            q->bands[q->n_bands++] = (key_ref){ minhash_band_key(sig, b), b, j };
        for (uint32_t s = 0; s < k->n_sents; s++)
            if (k->sents[s].hash)
                q->sents[q->n_sents++] = (key_ref){ k->sents[s].hash, 0, j };
        if (q->arts[j].short_pairs)
            q->shorts[q->n_shorts++] = j;
    }
    qsort(q->exacts, q->n_exacts, sizeof *q->exacts, cmp_key_ref);
    qsort(q->bands, q->n_bands, sizeof *q->bands, cmp_key_ref);
    qsort(q->sents, q->n_sents, sizeof *q->sents, cmp_key_ref);
    /* a sentence said twice in one text is one key of it */
    size_t u = 0;
    for (size_t i = 0; i < q->n_sents; i++)
        if (!u || cmp_key_ref(&q->sents[u - 1], &q->sents[i]) != 0)
            q->sents[u++] = q->sents[i];
    q->n_sents = u;
    if (filter_make(q) != NP_OK)
        return NP_ENOMEM;
    /* the stems table: each stem's refs one after the other */
    for (uint32_t j = 0; j < q->n_new; j++)
        for (uint32_t i = 0; q->arts[j].words_per && i < q->arts[j].keys.n_terms; i++) {
            uint32_t stem = q->arts[j].keys.terms[i].stem;
            stem_slot *s = &q->stems[stem_slot_of(q, stem)];
            s->stem = stem;
            s->n++;
        }
    /* each slot's first set past its refs, then lowered as they are put */
    uint32_t at = 0;
    for (size_t s = 0; s < q->stems_cap; s++) {
        at += q->stems[s].n;
        q->stems[s].first = at;
    }
    for (uint32_t j = 0; j < q->n_new; j++)
        for (uint32_t i = 0; q->arts[j].words_per && i < q->arts[j].keys.n_terms; i++) {
            stem_slot *s = &q->stems[stem_slot_of(q, q->arts[j].keys.terms[i].stem)];
            q->refs[--s->first] = (term_ref){ j, i };
        }
    return NP_OK;
}

np_status query_new_batch(query **out, const np_params *params, uint32_t base, size_t n, const void *const *prints,
                          const size_t *sizes)
{
    query *q = *out = np_calloc(NULL, 1, sizeof *q);
    if (!q)
        return NP_ENOMEM;
    q->params = *params;
    q->base = base;
    buf_init(&q->prints, NULL);
    q->arts = np_calloc(NULL, n + 1, sizeof *q->arts);
    q->offsets = np_alloc_array(NULL, n + 1, sizeof *q->offsets);
    if (!q->arts || !q->offsets)
        return NP_ENOMEM;
    q->n_new = n;
    for (size_t j = 0; j < n; j++) {
        buf_init(&q->arts[j].cands, NULL);
        buf_init(&q->arts[j].sharing, NULL);
        q->offsets[j] = q->prints.len;
        if (buf_append(&q->prints, prints[j], sizes[j]) != NP_OK)
            return NP_ENOMEM;
    }
    q->offsets[n] = q->prints.len;
    /* the keys point into the prints, which no longer move */
    for (size_t j = 0; j < n; j++)
        if (!print_keys_read(q->prints.data + q->offsets[j], q->offsets[j + 1] - q->offsets[j], &q->arts[j].keys))
            return NP_EINPUT;
    np_status st = index_new(q);
    /* the grouping of them all counts them too, and pairs them */
    for (size_t j = 0; st == NP_OK && j < n; j++)
        st = count_one(q, (uint32_t)(base + j), &q->arts[j].keys, j + 1);
    return st;
}

np_status query_new(query **out, const np_params *params, const void *print, size_t size)
{
    np_status st = query_new_batch(out, params, UINT32_MAX - 1, 1, &print, &size);
    if (*out)
        (*out)->single = 1;
    return st;
}

void query_free(query *q)
{
    if (!q)
        return;
    for (size_t j = 0; q->arts && j < q->n_new; j++) {
        buf_free(&q->arts[j].cands);
        buf_free(&q->arts[j].sharing);
    }
    np_free(NULL, q->arts);
    np_free(NULL, q->offsets);
    buf_free(&q->prints);
    np_free(NULL, q->exacts);
    np_free(NULL, q->bands);
    np_free(NULL, q->sents);
    np_free(NULL, q->filter);
    np_free(NULL, q->shorts);
    np_free(NULL, q->stems);
    np_free(NULL, q->refs);
    np_free(NULL, q->scratch);
    np_free(NULL, q->shared);
    np_free(NULL, q->touched);
    np_free(NULL, q->sent_shared);
    np_free(NULL, q->sent_touched);
    np_free(NULL, q->facts);
    np_free(NULL, q->found);
    np_free(NULL, q->is_found);
    np_free(NULL, q->vocab);
    np_free(NULL, q->idf_of_df);
    np_free(NULL, q->checks);
    np_free(NULL, q->check_articles);
    np_free(NULL, q);
}

np_status query_count(query *q, uint32_t article, const void *print, size_t size)
{
    print_keys k;
    if (!print_keys_read(print, size, &k))
        return NP_EINPUT;
    return count_one(q, article, &k, 0);
}

void query_df_lookup(const void *ctx, uint32_t stem, uint32_t *df, float *idf)
{
    const query *q = ctx;
    const vocab_entry *v = q->vocab_cap ? &q->vocab[query_find(q, stem)] : NULL;
    *df = v ? v->df : 0;
    *idf = v && v->df ? q->idf_of_df[v->df] : 0;
}

/* New article j's characteristic terms (sorted), and which of its terms
 * they are (top_bits, its words_per words). */
static void top_terms_of(query *q, new_article *a, uint64_t *top_bits)
{
    a->n_top = characteristic_terms(a->keys.terms, a->keys.n_terms, query_df_lookup, q, a->top);
    memset(top_bits, 0, a->words_per * sizeof *top_bits);
    for (size_t t = 0; a->words_per && t < a->n_top; t++)
        for (uint32_t i = 0; i < a->keys.n_terms; i++)
            if (a->keys.terms[i].stem == a->top[t])
                top_bits[i / 64] |= 1ull << (i % 64);
    qsort(a->top, a->n_top, sizeof *a->top, cmp_u32);
}

size_t query_term_checks(query *q, const uint32_t **out)
{
    *out = NULL;
    np_free(NULL, q->checks);
    np_free(NULL, q->check_articles);
    q->checks = NULL;
    q->check_articles = NULL;
    q->n_checks = q->n_check_articles = 0;
    if (!q->idf_of_df && !(q->idf_of_df = vocab_idfs(NULL, q->vocab, q->vocab_cap, q->n_arts)))
        return 0;
    size_t scratch = 0;
    for (size_t j = 0; j < q->n_new; j++)
        scratch += q->arts[j].words_per;
    uint64_t *top_bits = np_calloc(NULL, scratch + 1, sizeof *top_bits);
    if (!top_bits)
        return 0;
    for (size_t j = 0; j < q->n_new; j++)
        top_terms_of(q, &q->arts[j], top_bits + q->arts[j].scratch);
    /* the articles sharing MIN_SHARED_TERMS of a new article's
     * characteristic terms (most share its common words only) */
    buf checks;
    buf_init(&checks, NULL);
    np_status st = NP_OK;
    for (size_t j = 0; st == NP_OK && j < q->n_new; j++) {
        const new_article *a = &q->arts[j];
        if (a->n_top < MIN_SHARED_TERMS || !a->words_per)
            continue;
        size_t size = sizeof(uint32_t) + a->words_per * sizeof(uint64_t);
        for (size_t at = 0; st == NP_OK && at + size <= a->sharing.len; at += size) {
            const char *record = a->sharing.data + at;
            size_t n = 0;
            for (size_t w = 0; w < a->words_per; w++) {
                uint64_t bits;
                memcpy(&bits, record + sizeof(uint32_t) + w * sizeof bits, sizeof bits);
                n += (size_t)__builtin_popcountll(bits & top_bits[a->scratch + w]);
            }
            term_check c = { 0, (uint32_t)j };
            memcpy(&c.article, record, sizeof c.article);
            if (n >= MIN_SHARED_TERMS)
                st = buf_append(&checks, &c, sizeof c);
        }
    }
    np_free(NULL, top_bits);
    for (size_t j = 0; j < q->n_new; j++) /* read once: the memory goes to verification */
        buf_free(&q->arts[j].sharing);
    q->checks = (term_check *)(void *)checks.data; /* the buffer's block, np_free'd */
    q->n_checks = checks.len / sizeof *q->checks;
    q->check_articles = np_alloc_array(NULL, q->n_checks + 1, sizeof *q->check_articles);
    if (st != NP_OK || !q->check_articles) {
        q->n_checks = 0;
        return 0;
    }
    if (q->n_checks)
        qsort(q->checks, q->n_checks, sizeof *q->checks, cmp_check);
    for (size_t c = 0; c < q->n_checks; c++)
        if (!q->n_check_articles || q->check_articles[q->n_check_articles - 1] != q->checks[c].article)
            q->check_articles[q->n_check_articles++] = q->checks[c].article;
    *out = q->check_articles;
    return q->n_check_articles;
}

np_status query_check(query *q, uint32_t article, const void *print, size_t size)
{
    print_keys k;
    if (!print_keys_read(print, size, &k))
        return NP_EINPUT;
    uint32_t top[TOP_TERMS];
    size_t n = characteristic_terms(k.terms, k.n_terms, query_df_lookup, q, top);
    qsort(top, n, sizeof *top, cmp_u32);
    size_t lo = 0, hi = q->n_checks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (q->checks[mid].article < article)
            lo = mid + 1;
        else
            hi = mid;
    }
    np_status st = NP_OK;
    for (size_t c = lo; st == NP_OK && c < q->n_checks && q->checks[c].article == article; c++) {
        new_article *a = &q->arts[q->checks[c].j];
        if (intersect_count(top, n, a->top, a->n_top) >= MIN_SHARED_TERMS)
            st = push_candidate(q, q->checks[c].j, article);
    }
    return st;
}

size_t query_candidates(query *q, size_t j, const uint32_t **out)
{
    /* the first pass pushed in article order, the second after it */
    buf *c = &q->arts[j].cands;
    uint32_t *cands = (void *)c->data;
    size_t n = c->len / sizeof *cands, u = 0;
    if (n)
        qsort(cands, n, sizeof *cands, cmp_u32);
    for (size_t i = 0; i < n; i++)
        if (!u || cands[u - 1] != cands[i])
            cands[u++] = cands[i];
    c->len = u * sizeof *cands;
    *out = cands;
    return u;
}
