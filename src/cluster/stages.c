/*
 * stages: join and verify of a staged run (stages.h says what each does
 * and why the answer is the one of `cluster`).
 */
#include "cluster/stages.h"

#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/radix.h"
#include "common/sort.h"

enum { N_LISTS = 4 }; /* the indexes: LSH, sentences, terms, word pairs */

typedef struct keyed_list {
    keyed *items;
    size_t n, cap;
} keyed_list;

struct stage_joiner {
    const np_allocator *allocator;
    np_params params;
    uint32_t part, parts;
    size_t threads;
    vocab_entry *vocab;
    size_t vocab_cap, vocab_n;
    float *idf_of_df;         /* vocab_idfs, once the first pass is done */
    int32_t *days;            /* per article */
    size_t n_arts, cap_days;
    size_t keyed_arts;        /* articles of the second pass */
    keyed_list bands[MINHASH_ALL_BANDS], sentences, terms, word_pairs;
    pair_list lists[N_LISTS]; /* the pairs of LSH, sentences, terms, word pairs, by (a, b) */
    struct article_run *runs; /* stage_joiner_order's order of the first articles */
    size_t n_runs, next_run;
};

/* The partition of a key: the high bits of a multiplicative hash, so keys
 * that are themselves hashes or small stem numbers spread alike. */
static uint32_t key_part(uint64_t key, uint32_t parts)
{
    return (uint32_t)(((key * 0x9e3779b97f4a7c15ULL) >> 32) % parts);
}

uint32_t stage_article_part(uint32_t a, uint32_t parts)
{
    return key_part(a, parts);
}

np_status stage_joiner_new(stage_joiner **out, const np_params *params, uint32_t part, uint32_t parts,
                           size_t threads)
{
    *out = NULL;
    if (!parts || part >= parts)
        return NP_EPARAM;
    const np_allocator *al = np_default_allocator();
    stage_joiner *j = np_calloc(al, 1, sizeof *j);
    if (!j)
        return NP_ENOMEM;
    j->allocator = al;
    j->params = *params;
    j->part = part;
    j->parts = parts;
    j->threads = threads ? threads : 1;
    *out = j;
    return NP_OK;
}

void stage_joiner_free(stage_joiner *j)
{
    if (!j)
        return;
    for (unsigned b = 0; b < MINHASH_ALL_BANDS; b++)
        np_free(j->allocator, j->bands[b].items);
    np_free(j->allocator, j->sentences.items);
    np_free(j->allocator, j->terms.items);
    np_free(j->allocator, j->word_pairs.items);
    np_free(j->allocator, j->vocab);
    np_free(j->allocator, j->idf_of_df);
    np_free(j->allocator, j->days);
    for (int k = 0; k < N_LISTS; k++)
        np_free(j->allocator, j->lists[k].items);
    np_free(j->allocator, j->runs);
    np_free(j->allocator, j);
}

size_t stage_joiner_articles(const stage_joiner *j)
{
    return j->n_arts;
}

static size_t joiner_find(const stage_joiner *j, uint32_t stem)
{
    return vocab_find(j->vocab, j->vocab_cap, stem);
}

static np_status vocab_grow(stage_joiner *j)
{
    size_t cap = j->vocab_cap ? j->vocab_cap * 2 : 1 << 16;
    vocab_entry *old = j->vocab, *fresh = np_calloc(j->allocator, cap, sizeof *fresh);
    if (!fresh)
        return NP_ENOMEM;
    size_t old_cap = j->vocab_cap;
    j->vocab = fresh;
    j->vocab_cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].df)
            j->vocab[joiner_find(j, old[i].stem)] = old[i];
    np_free(j->allocator, old);
    return NP_OK;
}

np_status stage_joiner_count(stage_joiner *j, const void *print, size_t size)
{
    print_keys k;
    if (!print_keys_read(print, size, &k))
        return NP_EINPUT;
    if (j->n_arts >= UINT32_MAX - 1 || j->keyed_arts)
        return NP_EPARAM;
    if (j->n_arts == j->cap_days) {
        size_t cap = j->cap_days ? 2 * j->cap_days : 4096;
        int32_t *days = np_realloc_array(j->allocator, j->days, cap, sizeof *days);
        if (!days)
            return NP_ENOMEM;
        j->days = days;
        j->cap_days = cap;
    }
    j->days[j->n_arts++] = k.day;
    /* terms are unique within an article: each adds one to its df */
    for (uint32_t t = 0; t < k.n_terms; t++) {
        if (2 * (j->vocab_n + 1) > j->vocab_cap && vocab_grow(j) != NP_OK)
            return NP_ENOMEM;
        vocab_entry *v = &j->vocab[joiner_find(j, k.terms[t].stem)];
        if (!v->df) {
            v->stem = k.terms[t].stem;
            j->vocab_n++;
        }
        v->df++;
    }
    return NP_OK;
}

/* A stem's df and idf, as engine_lookup gives them: the same float from
 * the same df and count. */
static void joiner_lookup(const void *ctx, uint32_t stem, uint32_t *df, float *idf)
{
    const stage_joiner *j = ctx;
    const vocab_entry *v = j->vocab_cap ? &j->vocab[joiner_find(j, stem)] : NULL;
    *df = v ? v->df : 0;
    *idf = v && v->df ? j->idf_of_df[v->df] : 0;
}

static np_status keyed_push(const np_allocator *al, keyed_list *l, uint64_t key, uint32_t article)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        keyed *items = np_realloc_array(al, l->items, cap, sizeof *items);
        if (!items)
            return NP_ENOMEM;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = (keyed){ key, article };
    return NP_OK;
}

np_status stage_joiner_keys(stage_joiner *j, const void *print, size_t size)
{
    print_keys k;
    if (!print_keys_read(print, size, &k))
        return NP_EINPUT;
    if (j->keyed_arts >= j->n_arts)
        return NP_EPARAM; /* more articles than the first pass counted */
    if (!j->idf_of_df && !(j->idf_of_df = vocab_idfs(j->allocator, j->vocab, j->vocab_cap, j->n_arts)))
        return NP_ENOMEM;
    uint32_t i = (uint32_t)j->keyed_arts++;
    const np_allocator *al = j->allocator;
    np_status st = NP_OK;
    uint16_t sig[MINHASH_K];
    minhash_fold(k.sig, sig);
    if (k.exact) /* an empty body copies nothing */
        for (unsigned b = 0; b < MINHASH_ALL_BANDS && st == NP_OK; b++) {
            uint64_t key = minhash_band_key(sig, b);
            if (key_part(key, j->parts) == j->part)
                st = keyed_push(al, &j->bands[b], key, i);
        }
    for (uint32_t s = 0; s < k.n_sents && st == NP_OK; s++)
        if (k.sents[s].hash && key_part(k.sents[s].hash, j->parts) == j->part)
            st = keyed_push(al, &j->sentences, k.sents[s].hash, i);
    uint32_t top[TOP_TERMS];
    size_t n = characteristic_terms(k.terms, k.n_terms, joiner_lookup, j, top);
    for (size_t t = 0; t < n && st == NP_OK; t++)
        if (key_part(top[t], j->parts) == j->part)
            st = keyed_push(al, &j->terms, top[t], i);
    /* a short text's word pairs, as candidates.c's word_pair_pairs takes them */
    if (j->params.short_words > 0 && k.words < word_pairs_longest(&j->params))
        for (uint32_t w = 0; w < k.n_word_pairs && st == NP_OK; w++)
            if (key_part(k.word_pairs[w], j->parts) == j->part)
                st = keyed_push(al, &j->word_pairs, k.word_pairs[w], i);
    return st;
}

static int cmp_b(const void *x, const void *y)
{
    const pair *p = x, *q = y;
    return (p->b > q->b) - (p->b < q->b);
}

/* count_shared gives pairs in order of a; each a's partners sorted by b
 * put the list in (a, b) order without a second copy. */
static void sort_partners(pair_list *l)
{
    for (size_t i = 0; i < l->n;) {
        size_t j = i + 1;
        while (j < l->n && l->items[j].a == l->items[i].a)
            j++;
        np_sort(l->items + i, j - i, sizeof *l->items, cmp_b);
        i = j;
    }
    /* give back what the doubling left unused */
    pair *fit = l->n ? np_realloc_array(l->allocator, l->items, l->n, sizeof *fit) : NULL;
    if (fit) {
        l->items = fit;
        l->cap = l->n;
    }
}

np_status stage_joiner_pairs(stage_joiner *j)
{
    const np_allocator *al = j->allocator;
    if (j->keyed_arts != j->n_arts)
        return NP_EPARAM; /* the second pass saw fewer articles than the first */
    for (int k = 0; k < N_LISTS; k++)
        j->lists[k] = (pair_list){ .allocator = al };
    np_status st = NP_OK;
    for (unsigned b = 0; b < MINHASH_ALL_BANDS && st == NP_OK; b++) {
        keyed_list *kl = &j->bands[b];
        st = sort_keyed(al, kl->items, kl->n);
        if (st == NP_OK)
            st = pairs_from_runs(kl->items, kl->n, (size_t)j->params.max_bucket, &j->lists[0]);
        if (st == NP_OK)
            st = merge_pairs(&j->lists[0], 0, 1);
        np_free(al, kl->items);
        *kl = (keyed_list){ 0 };
    }
    for (size_t i = 0; i < j->lists[0].n; i++)
        j->lists[0].items[i].shared_sentences = 0; /* LSH counts no keys */
    sharing_corpus corpus = { al, j->n_arts, j->days, j->threads };
    /* every pair sharing a key of this partition, with its count: the
     * thresholds apply to the sums over all partitions (stage_selector) */
    if (st == NP_OK && (st = sort_keyed(al, j->sentences.items, j->sentences.n)) == NP_OK) {
        keyed *e = j->sentences.items;
        size_t u = 0; /* a sentence repeated inside one article counts once */
        for (size_t i = 0; i < j->sentences.n; i++)
            if (!u || e[u - 1].key != e[i].key || e[u - 1].art != e[i].art)
                e[u++] = e[i];
        sharing how = { (size_t)j->params.max_bucket, 1, 0, -1, PAIR_SENTENCE, 1, NULL, NULL };
        st = count_shared(&corpus, &j->sentences.items, u, &how, &j->lists[1]);
    }
    np_free(al, j->sentences.items);
    j->sentences = (keyed_list){ 0 };
    if (st == NP_OK && (st = sort_keyed(al, j->terms.items, j->terms.n)) == NP_OK) {
        sharing how = { TERM_BUCKET, 1, 0, j->params.rewrite_window, PAIR_TERMS, 1, NULL, NULL };
        st = count_shared(&corpus, &j->terms.items, j->terms.n, &how, &j->lists[2]);
    }
    np_free(al, j->terms.items);
    j->terms = (keyed_list){ 0 };
    if (st == NP_OK && (st = sort_keyed(al, j->word_pairs.items, j->word_pairs.n)) == NP_OK) {
        sharing how = { (size_t)j->params.max_bucket, 1, 0, -1, PAIR_WORDS, 1, NULL, NULL };
        st = count_shared(&corpus, &j->word_pairs.items, j->word_pairs.n, &how, &j->lists[3]);
    }
    np_free(al, j->word_pairs.items);
    j->word_pairs = (keyed_list){ 0 };
    for (int k = 1; k < N_LISTS && st == NP_OK; k++)
        sort_partners(&j->lists[k]);
    return st;
}

size_t stage_joiner_count_pairs(const stage_joiner *j)
{
    size_t n = 0;
    for (int k = 0; k < N_LISTS; k++)
        n += j->lists[k].n;
    return n;
}

/* One article's pairs in each of the lists. */
typedef struct article_run {
    uint32_t part;            /* stage_article_part of a */
    uint32_t first[N_LISTS], end[N_LISTS];
} article_run;

#define RUN_PART(r) ((r).part)
static RADIX_SORT(sort_runs, article_run, RUN_PART, 4)

np_status stage_joiner_order(stage_joiner *j, uint32_t parts)
{
    const np_allocator *al = j->allocator;
    size_t n = 0, at[N_LISTS] = { 0 };
    /* the distinct first articles, in order, with their runs in each list */
    size_t cap = 1024;
    article_run *runs = np_alloc_array(al, cap, sizeof *runs);
    if (!runs)
        return NP_ENOMEM;
    for (;;) {
        uint32_t a = UINT32_MAX;
        int any = 0;
        for (int k = 0; k < N_LISTS; k++)
            if (at[k] < j->lists[k].n && (!any || j->lists[k].items[at[k]].a < a)) {
                a = j->lists[k].items[at[k]].a;
                any = 1;
            }
        if (!any)
            break;
        if (n == cap) {
            article_run *more = np_realloc_array(al, runs, 2 * cap, sizeof *more);
            if (!more) {
                np_free(al, runs);
                return NP_ENOMEM;
            }
            runs = more;
            cap *= 2;
        }
        article_run *r = &runs[n++];
        r->part = stage_article_part(a, parts);
        for (int k = 0; k < N_LISTS; k++) {
            r->first[k] = (uint32_t)at[k];
            while (at[k] < j->lists[k].n && j->lists[k].items[at[k]].a == a)
                at[k]++;
            r->end[k] = (uint32_t)at[k];
        }
    }
    /* by article partition, each partition's articles still in order */
    article_run *scratch = np_alloc_array(al, n ? n : 1, sizeof *scratch);
    if (!scratch) {
        np_free(al, runs);
        return NP_ENOMEM;
    }
    sort_runs(runs, scratch, n);
    np_free(al, scratch);
    np_free(al, j->runs);
    j->runs = runs;
    j->n_runs = n;
    j->next_run = 0;
    return NP_OK;
}

size_t stage_joiner_next(stage_joiner *j, pair *out, size_t max, uint32_t *part)
{
    size_t n = 0;
    while (n < max && j->next_run < j->n_runs) {
        article_run *r = &j->runs[j->next_run];
        if (n && r->part != *part)
            break; /* a block holds one article partition */
        *part = r->part;
        int best = -1; /* the least b; on a tie, LSH, sentences, terms, word pairs */
        for (int k = 0; k < N_LISTS; k++) {
            if (r->first[k] >= r->end[k])
                continue;
            const pair *p = &j->lists[k].items[r->first[k]];
            if (best < 0 || p->b < j->lists[best].items[r->first[best]].b)
                best = k;
        }
        if (best < 0) {
            j->next_run++;
            continue;
        }
        out[n++] = j->lists[best].items[r->first[best]++];
    }
    return n;
}

struct stage_selector {
    const np_allocator *allocator;
    stage_partial *run;       /* the current article's partners, by b */
    size_t n_run, cap_run;
    partner *ranked;
    pair_list out;
    np_status st;
};

np_status stage_selector_new(stage_selector **out)
{
    const np_allocator *al = np_default_allocator();
    stage_selector *s = np_calloc(al, 1, sizeof *s);
    if (!s)
        return NP_ENOMEM;
    s->allocator = al;
    s->out.allocator = al;
    *out = s;
    return NP_OK;
}

void stage_selector_free(stage_selector *s)
{
    if (!s)
        return;
    np_free(s->allocator, s->run);
    np_free(s->allocator, s->ranked);
    np_free(s->allocator, s->out.items);
    np_free(s->allocator, s);
}

/* The pairs of the current article a, as candidates.c would keep them. */
static np_status select_run(stage_selector *s)
{
    const stage_partial *run = s->run;
    size_t n = s->n_run, kept = 0;
    s->n_run = 0;
    /* its term partners: at most TERM_PARTNERS, those sharing most
     * (candidates.c's term_pairs) */
    for (size_t x = 0; x < n; x++)
        kept += run[x].terms >= MIN_SHARED_TERMS;
    uint32_t least = 0;             /* partners sharing fewer terms are dropped */
    uint32_t last_art = UINT32_MAX; /* and of those sharing `least`, the ones after this */
    if (kept > TERM_PARTNERS) {
        partner *ranked = np_realloc_array(s->allocator, s->ranked, kept, sizeof *ranked);
        if (!ranked)
            return NP_ENOMEM;
        s->ranked = ranked;
        size_t k = 0;
        for (size_t x = 0; x < n; x++)
            if (run[x].terms >= MIN_SHARED_TERMS)
                ranked[k++] = (partner){ run[x].terms, run[x].b };
        np_sort(ranked, k, sizeof *ranked, cmp_partner);
        least = ranked[TERM_PARTNERS - 1].shared;
        last_art = ranked[TERM_PARTNERS - 1].art;
    }
    for (size_t x = 0; x < n; x++) {
        const stage_partial *p = &run[x];
        uint8_t sources = p->sources & PAIR_LSH;
        uint16_t shared = 0;
        if (p->sentences >= 2) { /* one shared sentence is a quotation */
            sources |= PAIR_SENTENCE;
            shared = p->sentences;
        }
        if (p->terms >= MIN_SHARED_TERMS && (p->terms > least || (p->terms == least && p->b <= last_art)))
            sources |= PAIR_TERMS;
        if (p->word_pairs >= MIN_SHARED_WORD_PAIRS) /* stage_verify keeps it if verify_short_near holds */
            sources |= PAIR_WORDS;
        if (sources && pair_push(&s->out, p->a, p->b, shared, sources) != NP_OK)
            return NP_ENOMEM;
    }
    return NP_OK;
}

np_status stage_selector_add(stage_selector *s, const stage_partial *p)
{
    if (s->st != NP_OK)
        return s->st;
    stage_partial *last = s->n_run ? &s->run[s->n_run - 1] : NULL;
    if (last && (p->a < last->a || (p->a == last->a && p->b < last->b)))
        return s->st = NP_EPARAM; /* not in (a, b) order */
    if (last && p->a == last->a && p->b == last->b) {
        /* counts add up (at most 255, as one run counts them); sources join */
        unsigned sentences = last->sentences + p->sentences, terms = last->terms + p->terms;
        unsigned word_pairs = last->word_pairs + p->word_pairs;
        last->sentences = (uint16_t)(sentences > 255 ? 255 : sentences);
        last->terms = (uint8_t)(terms > 255 ? 255 : terms);
        last->word_pairs = (uint8_t)(word_pairs > 255 ? 255 : word_pairs);
        last->sources |= p->sources;
        return NP_OK;
    }
    if (last && p->a != last->a && (s->st = select_run(s)) != NP_OK)
        return s->st;
    if (s->n_run == s->cap_run) {
        size_t cap = s->cap_run ? 2 * s->cap_run : 256;
        stage_partial *run = np_realloc_array(s->allocator, s->run, cap, sizeof *run);
        if (!run)
            return s->st = NP_ENOMEM;
        s->run = run;
        s->cap_run = cap;
    }
    s->run[s->n_run++] = *p;
    return NP_OK;
}

np_status stage_selector_finish(stage_selector *s, pair **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (s->st == NP_OK && s->n_run)
        s->st = select_run(s);
    if (s->st != NP_OK)
        return s->st;
    *out = s->out.items;
    *n_out = s->out.n;
    s->out = (pair_list){ .allocator = s->allocator };
    return NP_OK;
}

void stage_pair_put(const pair *p, unsigned char out[STAGE_PAIR_BYTES])
{
    memcpy(out, &p->a, 4);
    memcpy(out + 4, &p->b, 4);
    memcpy(out + 8, &p->shared_sentences, 2);
    out[10] = p->sources;
    out[11] = 0;
}

void stage_pair_get(const unsigned char in[STAGE_PAIR_BYTES], stage_partial *p)
{
    uint16_t count;
    memcpy(&p->a, in, 4);
    memcpy(&p->b, in + 4, 4);
    memcpy(&count, in + 8, 2);
    p->sources = in[10];
    p->sentences = p->sources == PAIR_SENTENCE ? count : 0;
    p->terms = (uint8_t)(p->sources == PAIR_TERMS ? (count > 255 ? 255 : count) : 0);
    p->word_pairs = (uint8_t)(p->sources == PAIR_WORDS ? (count > 255 ? 255 : count) : 0);
}

void stage_link_put(const copy_link *l, unsigned char out[STAGE_LINK_BYTES])
{
    const float f[6] = { l->score, l->jaccard, l->containment, l->aligned, l->ordered, l->vocabulary };
    memcpy(out, &l->a, 4);
    memcpy(out + 4, &l->b, 4);
    out[8] = l->kind;
    out[9] = 0;
    memcpy(out + 10, &l->shared_sentences, 2);
    memcpy(out + 12, f, sizeof f);
}

void stage_link_get(const unsigned char in[STAGE_LINK_BYTES], copy_link *l)
{
    float f[6];
    memset(l, 0, sizeof *l);
    memcpy(&l->a, in, 4);
    memcpy(&l->b, in + 4, 4);
    l->kind = in[8];
    memcpy(&l->shared_sentences, in + 10, 2);
    memcpy(f, in + 12, sizeof f);
    l->score = f[0];
    l->jaccard = f[1];
    l->containment = f[2];
    l->aligned = f[3];
    l->ordered = f[4];
    l->vocabulary = f[5];
}

np_status stage_expect_links(np_engine *e)
{
    if (!e || e->ran || e->n_arts)
        return NP_EPARAM;
    e->links_given = 1;
    return NP_OK;
}

np_status stage_verify(np_engine *e, pair *pairs, size_t *n_pairs)
{
    if (!e || e->ran)
        return NP_EPARAM;
    e->ran = 1;
    /* each index's pairs kept as candidates.c keeps them: a sentence
     * pair where verification could judge it a copy (sentence_may_link,
     * on the summed count), a word pair where verify_short_near holds; a
     * pair another index proposes stays, with its sentences uncounted
     * when the sentence index did not keep it (as cluster's LSH or term
     * pair has none), else it goes */
    size_t kept = 0;
    for (size_t i = 0; i < *n_pairs; i++) {
        pair p = pairs[i];
        if (p.sources & (PAIR_SENTENCE | PAIR_WORDS)) {
            link_facts x = verify_link_facts(e, p.a), y = verify_link_facts(e, p.b);
            if ((p.sources & PAIR_SENTENCE) && !verify_sentence_pair_kept(e, &x, p.a, &y, p.b, p.shared_sentences)) {
                p.sources &= (uint8_t)~PAIR_SENTENCE;
                p.shared_sentences = 0;
            }
            if ((p.sources & PAIR_WORDS) && !verify_short_near(e, &x, p.a, &y, p.b))
                p.sources &= (uint8_t)~PAIR_WORDS;
            if (!p.sources)
                continue;
        }
        pairs[kept++] = p;
    }
    *n_pairs = kept;
    return verify_pairs(e, pairs, kept);
}

#define LINK_KEY(l) ((uint64_t)(l).a << 32 | (l).b)
static RADIX_SORT(sort_links, copy_link, LINK_KEY, 8)

np_status stage_sort_links(copy_link *links, size_t n)
{
    copy_link *scratch = np_alloc_array(np_default_allocator(), n ? n : 1, sizeof *scratch);
    if (!scratch)
        return NP_ENOMEM;
    sort_links(links, scratch, n);
    np_free(np_default_allocator(), scratch);
    return NP_OK;
}
