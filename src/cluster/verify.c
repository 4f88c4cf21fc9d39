/*
 * verify: decides, for each candidate pair, whether one article copies the
 * other and how.
 *
 * In order: the same body hash is `exact`; a MinHash Jaccard over
 * near_jaccard between texts of similar length is `near`, or for a text
 * of under short_words words the exact Jaccard of 2-word shingles; most of the
 * shorter text's sentences found verbatim in the longer is `excerpt` (or
 * `near` when the lengths match); failing all these, most of the shorter
 * text's sentences re-said in the other, stem by stem, is `rewrite`.  Each
 * link keeps the measures that decided it, for --explain.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "cluster/engine.h"
#include "cluster/stages.h"
#include "cluster/verify_rules.h"
#include "common/alloc.h"
#include "common/intersect.h"
#include "common/parallel.h"
#include "dedup/align.h"

enum { MIN_ALIGN_STEMS = 4, MIN_ALIGN_SENTENCES = 3 };
#define ORDER_SHARE 0.6 /* of the aligned share that must come in order */
#define REWRITE_MIN_VOCABULARY 0.4 /* shared stems of the smaller vocabulary */
#define PARAPHRASE_SLACK 0.15f     /* below rewrite_alignment, when all in order */
#define SHUFFLED_JACCARD 0.25f     /* shingles kept by a rewrite re-said out of order */

/* An article a linker decoded: its term stems (load_words) and its
 * sentences' stems as places among them (rewrite_alignment), each
 * decoded when first needed.  A linker keeps the last KEPT_ARTICLES
 * articles it met: pairs come sorted by their first article, and the
 * second ones of nearby firsts are often the same (copies of one text
 * share their candidates): at g20k the term stems are decoded 22,642
 * times where 29,386 were, the sentence places 7,420 where 13,944 were.
 * What is kept is what a decode gives, so a pair is judged on the same
 * values. */
enum { KEPT_ARTICLES = 32 };

typedef struct decoded {
    uint32_t *words;          /* term stems, words then facts */
    size_t cap_words;
    uint32_t *places;         /* sentence stems (engine_sentence_places) */
    size_t cap_places;
    uint32_t *sizes;          /* each sentence's count of them */
    size_t cap_sizes;
    uint64_t used;            /* the linker's clock when last met; 0: never */
    int has_words, has_places;
} decoded;

typedef struct linker {
    np_engine *e;
    copy_link *items;
    size_t n, cap;
    stem_set *sa, *sb;
    uint64_t *scratch;        /* align_sentences' */
    size_t cap_sets, cap_scratch;
    uint64_t *keys;           /* count_shared_sentences': two texts' keys and a sort's room */
    size_t cap_keys;
    /* shared_sentences_direct's: the indexed sentence keys of one
     * article in an open-addressing table (0: an empty slot), kept while
     * the pairs name it first, and per slot the last pair that met it */
    uint64_t *first_keys;
    uint32_t *first_met;
    size_t first_cap;         /* slots in use, a power of two */
    size_t first_room;        /* slots made */
    unsigned first_shift;     /* 64 less log2(first_cap) */
    uint32_t first_of;        /* whose keys + 1; 0: none */
    uint32_t meeting;         /* pairs counted so since the table was made */
    const uint32_t *indexed;  /* per article: engine_indexed_sentences, or NULL */
    uint32_t kept_of[KEPT_ARTICLES]; /* each kept article's index + 1; 0: none */
    decoded kept[KEPT_ARTICLES];
    uint64_t clock;
    decoded *da, *db;         /* the pair's a and b (load_words) */
    verify_why_not *why_not;  /* verify_compare's: why a pair measured as a rewrite is none, or NULL */
} linker;

static void linker_free(linker *k)
{
    const np_allocator *al = k->e->allocator;
    np_free(al, k->sa);
    np_free(al, k->sb);
    np_free(al, k->scratch);
    np_free(al, k->keys);
    np_free(al, k->first_keys);
    np_free(al, k->first_met);
    for (size_t i = 0; i < KEPT_ARTICLES; i++) {
        np_free(al, k->kept[i].words);
        np_free(al, k->kept[i].places);
        np_free(al, k->kept[i].sizes);
    }
}

/* Article a's entry among those k keeps: the one it has, or the least
 * recently met's, emptied for it. */
static decoded *kept_article(linker *k, uint32_t a)
{
    size_t oldest = 0;
    for (size_t i = 0; i < KEPT_ARTICLES; i++) {
        if (k->kept_of[i] == a + 1) {
            k->kept[i].used = ++k->clock;
            return &k->kept[i];
        }
        if (k->kept[i].used < k->kept[oldest].used)
            oldest = i;
    }
    decoded *d = &k->kept[oldest];
    k->kept_of[oldest] = a + 1;
    d->has_words = d->has_places = 0;
    d->used = ++k->clock;
    return d;
}

/* Room for n values in *p (of *cap): made anew, larger, when short. */
static np_status kept_room(const np_allocator *al, uint32_t **p, size_t *cap, size_t n)
{
    if (n < *cap)
        return NP_OK;
    np_free(al, *p);
    *p = np_alloc_array(al, 2 * n + 64, sizeof **p);
    *cap = *p ? 2 * n + 64 : 0;
    return *p ? NP_OK : NP_ENOMEM;
}

/* The term stems of p's articles, decoded into their entries (k->da,
 * k->db) unless kept there already. */
static np_status load_words(linker *k, const pair *p)
{
    const np_engine *e = k->e;
    k->da = kept_article(k, p->a);
    k->db = kept_article(k, p->b); /* a's entry, met last, is not the one emptied */
    for (int side = 0; side < 2; side++) {
        decoded *d = side ? k->db : k->da;
        if (d->has_words)
            continue;
        const art *r = &e->arts[side ? p->b : p->a];
        if (kept_room(e->allocator, &d->words, &d->cap_words, (size_t)r->term_count + r->fact_count) != NP_OK)
            return NP_ENOMEM;
        engine_term_stems(e, r, d->words);
        d->has_words = 1;
    }
    return NP_OK;
}

static size_t indexed_of(const linker *k, uint32_t a)
{
    return k->indexed ? k->indexed[a] : engine_indexed_sentences(k->e, &k->e->arts[a]);
}

/* r's sentences as stem sets over stems (their counts in sizes; stems is
 * NULL when every count is 0: an article's places never decoded) */
static void load_sets(const art *r, stem_set *sets, const uint32_t *stems, const uint32_t *sizes)
{
    for (uint32_t s = 0; s < r->sent_count; s++) {
        sets[s] = (stem_set){ stems, sizes[s] };
        if (sizes[s])
            stems += sizes[s];
    }
}

/* Article r's sentence stems as places among its words
 * (engine_sentence_places) and their counts, decoded into its entry d
 * unless kept there already. */
static np_status load_places(linker *k, const art *r, decoded *d)
{
    const np_allocator *al = k->e->allocator;
    if (d->has_places)
        return NP_OK;
    if (kept_room(al, &d->sizes, &d->cap_sizes, r->sent_count) != NP_OK)
        return NP_ENOMEM;
    size_t n = engine_sentence_places(k->e, r, d->places, d->cap_places, d->sizes);
    if (n > d->cap_places) { /* most articles: decoded once */
        if (kept_room(al, &d->places, &d->cap_places, n) != NP_OK)
            return NP_ENOMEM;
        (void)engine_sentence_places(k->e, r, d->places, d->cap_places, d->sizes);
    }
    d->has_places = 1;
    return NP_OK;
}

int verify_aligned_first(const np_engine *e, const art *a, const art *b)
{
    /* the text with fewer sentences is aligned to the other; on a tie, the
     * one with the smaller id, so the answer does not depend on input order */
    return a->sent_count != b->sent_count ? a->sent_count < b->sent_count
                                          : strcmp(engine_string(e, a->id), engine_string(e, b->id)) <= 0;
}

/* Aligns the sentences of the text with fewer of them to the other's
 * (verify_aligned_first; their term stems in k->da and k->db: load_words,
 * the words the sentence stems' places name). */
static np_status rewrite_alignment(linker *k, const art *a, const art *b, align_result *out)
{
    const art *small = verify_aligned_first(k->e, a, b) ? a : b;
    const art *large = small == a ? b : a;
    decoded *ds = small == a ? k->da : k->db, *dl = small == a ? k->db : k->da;
    size_t need = large->sent_count;
    if (need > k->cap_sets) {
        stem_set *sa = np_realloc_array(k->e->allocator, k->sa, need, sizeof *sa);
        if (!sa)
            return NP_ENOMEM;
        k->sa = sa;
        stem_set *sb = np_realloc_array(k->e->allocator, k->sb, need, sizeof *sb);
        if (!sb)
            return NP_ENOMEM;
        k->sb = sb;
        k->cap_sets = need;
    }
    np_status st = load_places(k, small, ds);
    if (st == NP_OK)
        st = load_places(k, large, dl);
    if (st != NP_OK)
        return st;
    size_t in_large = 0;
    for (uint32_t x = 0; x < large->sent_count; x++)
        in_large += dl->sizes[x];
    size_t words = align_scratch_words(small->sent_count, large->sent_count, small->term_count, large->term_count,
                                       in_large);
    if (words > k->cap_scratch) {
        uint64_t *scratch = np_realloc_array(k->e->allocator, k->scratch, words, sizeof *scratch);
        if (!scratch)
            return NP_ENOMEM;
        k->scratch = scratch;
        k->cap_scratch = words;
    }
    load_sets(small, k->sa, ds->places, ds->sizes);
    load_sets(large, k->sb, dl->places, dl->sizes);
    placed_text sp = { k->sa, small->sent_count, ds->words, small->term_count };
    placed_text lp = { k->sb, large->sent_count, dl->words, large->term_count };
    align_sentences(&sp, &lp, k->e->params.rewrite_overlap, MIN_ALIGN_STEMS, k->scratch, out);
    return NP_OK;
}

/* Shared stems / stems of the text with fewer of them (their words, in
 * k->da and k->db: load_words). */
static double stem_overlap(const linker *k, const pair *p)
{
    const art *a = &k->e->arts[p->a], *b = &k->e->arts[p->b];
    size_t fewer = a->term_count < b->term_count ? a->term_count : b->term_count;
    return fewer ? (double)intersect_count(k->da->words, a->term_count, k->db->words, b->term_count) / (double)fewer
                 : 0;
}

static np_status push_link(linker *k, const copy_link *l)
{
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 1024;
        copy_link *p = np_realloc_array(k->e->allocator, k->items, cap, sizeof *p);
        if (!p)
            return NP_ENOMEM;
        k->items = p;
        k->cap = cap;
    }
    k->items[k->n++] = *l;
    return NP_OK;
}

/* verify_jaccard and the memory it reads are here, beside judge_pair and
 * the pass that prefetches for it, which ask them of every pair. */
float verify_jaccard(const np_engine *e, uint32_t a, uint32_t b)
{
    if (e->arts[a].marks & e->arts[b].marks & ART_SHINGLED) {
        const uint32_t *x, *y;
        size_t nx = verify_short_text_shingles(e, a, &x), ny = verify_short_text_shingles(e, b, &y);
        return (float)minhash_exact_jaccard(x, nx, y, ny);
    }
    return (float)minhash_jaccard(e->sigs + (size_t)a * MINHASH_K, e->sigs + (size_t)b * MINHASH_K);
}

/* Most pairs the sentence index asks of are far from near_jaccard (at
 * g20k, 85k pairs sharing stock sentences): the first half of the rows
 * tells for them, and the other half is neither fetched nor compared;
 * whether both are shingled is read from their facts, as the record's
 * line was not fetched (it was 61% of the function's samples).  g20k,
 * one thread: the sentence index's counting 12.6 -> 11.8 ms CPU (median
 * of 5 runs' min of 20). */
int verify_jaccard_reaches(const np_engine *e, const link_facts *fa, uint32_t a, const link_facts *fb, uint32_t b,
                           double at)
{
    enum { HALF = MINHASH_K / 2 };
    if (fa->shingled & fb->shingled)
        return verify_jaccard(e, a, b) >= at;
    const uint16_t *x = e->sigs + (size_t)a * MINHASH_K, *y = e->sigs + (size_t)b * MINHASH_K;
    unsigned equal = 0;
    for (size_t k = 0; k < HALF; k++)
        equal += x[k] == y[k];
    /* verify_jaccard's value were the rest all equal: a float of the
     * same double, as minhash_jaccard's is made */
    if ((float)((double)(equal + HALF) / MINHASH_K) < at)
        return 0;
    for (size_t k = HALF; k < MINHASH_K; k++)
        equal += x[k] == y[k];
    return (float)((double)equal / MINHASH_K) >= at;
}

void verify_jaccard_reaches_prefetch(const np_engine *e, uint32_t a)
{
    const char *sig = (const char *)(e->sigs + (size_t)a * MINHASH_K);
    __builtin_prefetch(sig);
    __builtin_prefetch(sig + 64);
    __builtin_prefetch(sig + MINHASH_K / 2 * sizeof *e->sigs - 1);
}

void verify_jaccard_prefetch(const np_engine *e, uint32_t a)
{
    const char *sig = (const char *)(e->sigs + (size_t)a * MINHASH_K);
    for (size_t at = 0; at < MINHASH_K * sizeof *e->sigs; at += 64)
        __builtin_prefetch(sig + at);
}

/* The indexed sentences both texts contain, counted directly (each once),
 * into *out: the two texts' keys sorted and merged (align_shared_keys),
 * not each of one looked for among the other's. */
static np_status count_shared_sentences(linker *k, const art *x, const art *y, uint16_t *out)
{
    size_t nx = x->sent_count, ny = y->sent_count, words = nx + ny + (nx > ny ? nx : ny);
    if (words > k->cap_keys) {
        uint64_t *keys = np_realloc_array(k->e->allocator, k->keys, words, sizeof *keys);
        if (!keys)
            return NP_ENOMEM;
        k->keys = keys;
        k->cap_keys = words;
    }
    uint64_t *kx = k->keys, *ky = kx + nx;
    for (size_t i = 0; i < nx; i++)
        kx[i] = engine_sentence_key(k->e, x->sent_first + (uint32_t)i);
    for (size_t j = 0; j < ny; j++)
        ky[j] = engine_sentence_key(k->e, y->sent_first + (uint32_t)j);
    size_t shared = align_shared_keys(kx, nx, ky, ny, ky + ny);
    *out = (uint16_t)(shared > UINT16_MAX ? UINT16_MAX : shared);
    return NP_OK;
}

/* Key's slot in k's table of sentence keys: its own, or the empty one
 * where it would go. */
static size_t first_slot(const linker *k, uint64_t key)
{
    size_t i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> k->first_shift);
    while (k->first_keys[i] && k->first_keys[i] != key)
        i = (i + 1) & (k->first_cap - 1);
    return i;
}

/* Article a's indexed sentence keys into k's table, unless they are there
 * already (pairs come in order of their first article: its keys are put
 * in once for all its partners). */
static np_status load_first_keys(linker *k, uint32_t a)
{
    if (k->first_of == a + 1)
        return NP_OK;
    const art *r = &k->e->arts[a];
    size_t cap = 16;
    unsigned shift = 60;
    while (cap < 2 * (size_t)r->sent_count)
        cap *= 2, shift--;
    if (cap > k->first_room) {
        const np_allocator *al = k->e->allocator;
        np_free(al, k->first_keys);
        np_free(al, k->first_met);
        k->first_keys = np_alloc_array(al, cap, sizeof *k->first_keys);
        k->first_met = np_alloc_array(al, cap, sizeof *k->first_met);
        k->first_room = k->first_keys && k->first_met ? cap : 0;
        if (!k->first_room) {
            k->first_of = 0;
            return NP_ENOMEM;
        }
    }
    k->first_cap = cap;
    k->first_shift = shift;
    memset(k->first_keys, 0, cap * sizeof *k->first_keys);
    memset(k->first_met, 0, cap * sizeof *k->first_met);
    for (uint32_t s = 0; s < r->sent_count; s++) {
        uint64_t key = engine_sentence_key(k->e, r->sent_first + s);
        if (key)
            k->first_keys[first_slot(k, key)] = key;
    }
    k->first_of = a + 1;
    k->meeting = 0;
    return NP_OK;
}

/* The indexed sentences p's articles both contain, each once, counted
 * directly into *out: the pair's count from the candidates' index leaves
 * out the sentences too common there to pair on (over max_bucket
 * articles), which a pair found by other keys still shares as evidence.
 * b's keys are looked up among a's (load_first_keys). */
static np_status shared_sentences_direct(linker *k, const pair *p, uint16_t *out)
{
    np_status st = load_first_keys(k, p->a);
    if (st != NP_OK)
        return st;
    if (++k->meeting == 0) { /* the marks wrapped: none is of this pair */
        memset(k->first_met, 0, k->first_cap * sizeof *k->first_met);
        k->meeting = 1;
    }
    const art *r = &k->e->arts[p->b];
    size_t shared = 0;
    for (uint32_t s = 0; s < r->sent_count; s++) {
        uint64_t key = engine_sentence_key(k->e, r->sent_first + s);
        if (!key)
            continue;
        size_t i = first_slot(k, key);
        if (k->first_keys[i] && k->first_met[i] != k->meeting) {
            k->first_met[i] = k->meeting;
            shared++;
        }
    }
    *out = (uint16_t)(shared > UINT16_MAX ? UINT16_MAX : shared);
    return NP_OK;
}

/* How judge_pair counts a pair's shared sentences and what it measures. */
typedef enum judging {
    JUDGE_INDEXED,  /* verify_pairs: the index's count, the sentences too
                     * common to index counted directly when they may make
                     * an excerpt; a link keeps the measures that decided it */
    JUDGE_COUNTED,  /* verify_compare_copies: counted directly already; the
                     * same decision */
    JUDGE_MEASURE_ALL /* newsprint compare: counted directly, every measure
                       * taken even where an earlier test decides */
} judging;

/* Decides whether the pair is a copy and of which kind, into *l; *is_copy
 * says whether a link was found.  Whether one of the copy tests holds is
 * asked first, the cheapest first and the exact shingles' Jaccards
 * bounded before they are measured in full: most pairs are no copy, told
 * so with the least measuring.  A copy's kind is then that of the first
 * test below that holds, its measures taken in full. */
static np_status judge_pair(linker *k, const pair *p, judging how, copy_link *l, int *is_copy)
{
    np_engine *e = k->e;
    const np_params *pr = &e->params;
    const art *a = &e->arts[p->a], *b = &e->arts[p->b];
    int measure_all = how == JUDGE_MEASURE_ALL;
    *is_copy = 0;
    *l = (copy_link){ .a = p->a, .b = p->b, .shared_sentences = p->shared_sentences };
    if (!a->exact || !b->exact)
        return NP_OK;
    size_t sa = indexed_of(k, p->a), sb = indexed_of(k, p->b);
    l->containment = verify_containment(p->shared_sentences, sa < sb ? sa : sb);
    double ratio = verify_length_ratio(a, b);
    int short_pair = verify_short_near_words(pr, a->words, b->words);
    /* verify_pairs' candidates passed a Jaccard test of their own
     * (verify_sentence_pair_kept): the bound seldom tells there */
    int bounded = how == JUDGE_COUNTED;
    float jaccard = -1, word_pairs = -1; /* -1: not measured in full */
    int kept = 0;
    int may_copy = measure_all || a->exact == b->exact || verify_is_excerpt(pr, l->containment, p->shared_sentences) ||
                   (ratio >= pr->near_length_ratio &&
                    (jaccard = bounded ? verify_jaccard_bounded(e, p->a, p->b, pr->near_jaccard)
                                       : verify_jaccard(e, p->a, p->b)) >= pr->near_jaccard) ||
                   (short_pair &&
                    (word_pairs = bounded ? verify_word_pairs_bounded(e, p->a, p->b, pr->near_jaccard)
                                          : verify_word_pairs(e, p->a, p->b)) >= pr->near_jaccard &&
                    (kept = verify_names_kept(e, p->a, p->b)));
    l->jaccard = may_copy && jaccard < 0 ? verify_jaccard(e, p->a, p->b) : jaccard;
    if (!may_copy) {
        /* none of the tests below holds */
    } else if (a->exact == b->exact) {
        /* an exact pair found by its body hash alone (a text of one
         * sentence, say) has no count from the sentence index: its
         * evidence is counted here, not shown as a measured zero */
        if (l->shared_sentences == 0) {
            np_status st = count_shared_sentences(k, a, b, &l->shared_sentences);
            if (st != NP_OK)
                return st;
            l->containment = verify_containment(l->shared_sentences, sa < sb ? sa : sb);
        }
        l->kind = LINK_EXACT;
        l->score = 1;
        *is_copy = 1;
    } else if (l->jaccard >= pr->near_jaccard && ratio >= pr->near_length_ratio) {
        l->kind = LINK_NEAR;
        l->score = l->jaccard;
        *is_copy = 1;
    } else if (short_pair &&
               (word_pairs = word_pairs >= 0 ? word_pairs : verify_word_pairs(e, p->a, p->b)) >= pr->near_jaccard &&
               (kept || verify_names_kept(e, p->a, p->b))) {
        /* a text of a few dozen words edited in two places keeps under
         * half of its 5-word shingles; its 2-word shingles, each changed
         * word breaking two of them, tell the copy, when it keeps the
         * names and numbers */
        l->kind = LINK_NEAR;
        l->score = word_pairs;
        *is_copy = 1;
    } else if (verify_is_excerpt(pr, l->containment, p->shared_sentences)) {
        l->kind = ratio >= pr->near_length_ratio ? LINK_NEAR : LINK_EXCERPT;
        l->score = l->containment;
        *is_copy = 1;
    }
    if (!*is_copy && how == JUDGE_INDEXED) {
        /* the index's count leaves out sentences common in the corpus
         * (wire sentences, stock paragraphs, quotes over max_bucket
         * articles); the pair, found by other keys, still shares them:
         * counted directly, they may make it an excerpt (the other ways
         * of judging counted them so already) */
        uint16_t direct;
        np_status st = shared_sentences_direct(k, p, &direct);
        if (st != NP_OK)
            return st;
        float c = verify_containment(direct, sa < sb ? sa : sb);
        if (direct > p->shared_sentences && verify_is_excerpt(pr, c, direct)) {
            l->shared_sentences = direct;
            l->containment = c;
            l->kind = ratio >= pr->near_length_ratio ? LINK_NEAR : LINK_EXCERPT;
            l->score = c;
            *is_copy = 1;
            l->jaccard = jaccard >= 0 ? jaccard : verify_jaccard(e, p->a, p->b);
        }
    }
    if ((*is_copy || e->no_rewrites) && !measure_all)
        return NP_OK; /* without rewrites (np_engine_no_rewrites): none looked for */
    int far = verify_too_far_for_rewrite(pr, a, b);
    if (far && !measure_all)
        return NP_OK;
    /* a re-worded copy keeps most of its source's vocabulary: a cheap
     * bag-of-stems test spares the sentence alignment for most pairs */
    np_status st = load_words(k, p);
    if (st != NP_OK)
        return st;
    l->vocabulary = (float)stem_overlap(k, p);
    if (l->vocabulary < REWRITE_MIN_VOCABULARY && !measure_all)
        return NP_OK;
    align_result al;
    st = rewrite_alignment(k, a, b, &al);
    if (st != NP_OK)
        return st;
    if (al.counted) {
        l->aligned = (float)al.covered / (float)al.counted;
        l->ordered = (float)al.in_order / (float)al.counted;
    } else if (measure_all) {
        /* no sentence to align: unmeasured (-1), not a measured zero */
        l->aligned = -1;
        l->ordered = -1;
    }
    if (k->why_not && !*is_copy && l->vocabulary >= REWRITE_MIN_VOCABULARY &&
        l->aligned >= pr->rewrite_alignment - PARAPHRASE_SLACK) {
        k->why_not->far = far;
        k->why_not->sentences = al.counted < MIN_ALIGN_SENTENCES ? al.counted : 0;
        k->why_not->sentences_needed = MIN_ALIGN_SENTENCES;
    }
    if (*is_copy || far || al.counted < MIN_ALIGN_SENTENCES || l->vocabulary < REWRITE_MIN_VOCABULARY)
        return NP_OK; /* too little text to call it a rewrite */
    if (l->jaccard < 0) /* not measured in full by the near test's bound */
        l->jaccard = verify_jaccard(e, p->a, p->b);
    /* most sentences re-said and mostly in order; or, a little fewer
     * re-said (a paraphrase changes more words) but every one of them in
     * the source's order, which independent reports of one event do not do;
     * or most re-said in another order with a quarter of the 5-word
     * shingles still shared, which independent reports do not do either
     * (they share a few percent: quotations, names) */
    int most = l->aligned >= pr->rewrite_alignment && l->ordered >= pr->rewrite_alignment * ORDER_SHARE;
    int ordered = l->aligned >= pr->rewrite_alignment - PARAPHRASE_SLACK &&
                  l->ordered >= l->aligned * 0.95f && al.covered >= 5;
    int shuffled = l->aligned >= pr->rewrite_alignment && l->jaccard >= SHUFFLED_JACCARD;
    if (most || ordered || shuffled) {
        l->kind = LINK_REWRITE;
        l->score = l->ordered;
        *is_copy = 1;
    }
    return NP_OK;
}

static np_status verify_one(linker *k, const pair *p)
{
    copy_link l;
    int is_copy;
    np_status st = judge_pair(k, p, JUDGE_INDEXED, &l, &is_copy);
    if (st != NP_OK || !is_copy)
        return st;
    return push_link(k, &l);
}

np_status verify_compare(np_engine *e, uint32_t a, uint32_t b, copy_link *out, int *is_copy, verify_why_not *why_not)
{
    if (why_not)
        memset(why_not, 0, sizeof *why_not);
    linker k = { .e = e, .why_not = why_not };
    pair p = { a < b ? a : b, a < b ? b : a, 0, 0 };
    np_status st = count_shared_sentences(&k, &e->arts[a], &e->arts[b], &p.shared_sentences);
    if (st == NP_OK)
        st = judge_pair(&k, &p, JUDGE_MEASURE_ALL, out, is_copy);
    linker_free(&k);
    return st;
}

np_status verify_compare_copies(np_engine *e, uint32_t b, const uint32_t *as, size_t n, copy_link *links,
                                size_t *which, size_t *n_links)
{
    *n_links = 0;
    if (e->no_rewrites) { /* judge_pair looks for rewrites then only when measuring all */
        for (size_t i = 0; i < n; i++) {
            int is_copy = 0;
            np_status st = verify_compare(e, as[i], b, &links[*n_links], &is_copy, NULL);
            if (st != NP_OK)
                return st;
            if (is_copy)
                which[(*n_links)++] = i;
        }
        return NP_OK;
    }
    linker k = { .e = e };
    np_status st = NP_OK;
    for (size_t i = 0; st == NP_OK && i < n; i++) {
        pair p = { as[i] < b ? as[i] : b, as[i] < b ? b : as[i], 0, 0 };
        copy_link l;
        int is_copy = 0;
        if ((st = count_shared_sentences(&k, &e->arts[p.a], &e->arts[p.b], &p.shared_sentences)) == NP_OK &&
            (st = judge_pair(&k, &p, JUDGE_COUNTED, &l, &is_copy)) == NP_OK && is_copy &&
            (st = verify_compare(e, as[i], b, &links[*n_links], &is_copy, NULL)) == NP_OK && is_copy)
            which[(*n_links)++] = i;
    }
    linker_free(&k);
    return st;
}

/* The pairs are judged in chunks of VERIFY_CHUNK that the threads take
 * in turn as they finish the last one (a thread's pairs cost more or less
 * than another's: fixed shares left one thread idle for a third of the
 * stage).  A chunk's links are kept where its thread put them, and the
 * chunks joined in order give the links of a sequential pass. */
enum { VERIFY_CHUNK = 1024 };

typedef struct chunk_links {
    uint32_t thread;          /* whose list has the chunk's links */
    size_t first, n;          /* and where */
} chunk_links;

typedef struct verifying {
    const pair *pairs;
    size_t n_pairs;
    atomic_size_t next;       /* the next chunk a thread takes */
    chunk_links *chunks;
} verifying;

typedef struct share {
    linker k;
    verifying *v;
    uint32_t thread;
    np_status st;
} share;

/* The first things judge_pair reads of a pair's second article, which is
 * anywhere in the pools (pairs come in order of their first). */
static void prefetch_pair(const linker *k, const pair *p)
{
    const np_engine *e = k->e;
    const char *r = (const char *)&e->arts[p->b];
    __builtin_prefetch(r);
    __builtin_prefetch(r + sizeof(art) - 1);
    __builtin_prefetch(&k->indexed[p->b]);
    verify_jaccard_prefetch(e, p->b);
}

/* Most pairs are no copy and go on to compare vocabularies: the start of
 * the second article's terms (the hardware follows the rest), once its
 * record, prefetched earlier, is at hand. */
static void prefetch_terms(const linker *k, const pair *p)
{
    const char *terms = (const char *)engine_terms_of(k->e, &k->e->arts[p->b]);
    __builtin_prefetch(terms);
    __builtin_prefetch(terms + 64);
}

static void *verify_share(void *arg)
{
    enum { AHEAD = 8 };
    share *sh = arg;
    verifying *v = sh->v;
    sh->st = NP_OK;
    for (;;) {
        size_t c = atomic_fetch_add_explicit(&v->next, 1, memory_order_relaxed);
        size_t from = c * VERIFY_CHUNK;
        if (from >= v->n_pairs || sh->st != NP_OK)
            break;
        size_t to = from + VERIFY_CHUNK < v->n_pairs ? from + VERIFY_CHUNK : v->n_pairs;
        v->chunks[c] = (chunk_links){ sh->thread, sh->k.n, 0 };
        for (size_t i = from; i < to && sh->st == NP_OK; i++) {
            if (i + AHEAD < to)
                prefetch_pair(&sh->k, &v->pairs[i + AHEAD]);
            if (i + AHEAD / 2 < to)
                prefetch_terms(&sh->k, &v->pairs[i + AHEAD / 2]);
            sh->st = verify_one(&sh->k, &v->pairs[i]);
        }
        v->chunks[c].n = sh->k.n - v->chunks[c].first;
    }
    linker_free(&sh->k);
    return NULL;
}

np_status verify_pairs(np_engine *e, const pair *pairs, size_t n_pairs)
{
    size_t n_chunks = (n_pairs + VERIFY_CHUNK - 1) / VERIFY_CHUNK;
    size_t n = e->threads > 1 ? e->threads : 1;
    if (n > n_chunks)
        n = n_chunks ? n_chunks : 1;
    verifying v = { pairs, n_pairs, 0, NULL };
    share *shares = np_calloc(e->allocator, n, sizeof *shares);
    v.chunks = np_alloc_array(e->allocator, n_chunks ? n_chunks : 1, sizeof *v.chunks);
    /* each article's indexed sentences, counted once and read in 4 bytes
     * rather than from its sentences wherever a pair names it */
    uint32_t *indexed = np_alloc_array(e->allocator, e->n_arts ? e->n_arts : 1, sizeof *indexed);
    if (!shares || !v.chunks || !indexed) {
        np_free(e->allocator, shares);
        np_free(e->allocator, v.chunks);
        np_free(e->allocator, indexed);
        return NP_ENOMEM;
    }
    for (size_t a = 0; a < e->n_arts; a++)
        indexed[a] = engine_indexed_sentences(e, &e->arts[a]);
    for (size_t t = 0; t < n; t++)
        shares[t] = (share){ .k = { .e = e, .indexed = indexed }, .v = &v, .thread = (uint32_t)t };
    parallel_pool_run(e->pool, verify_share, shares, n, sizeof *shares);
    np_free(e->allocator, indexed);
    np_status st = NP_OK;
    size_t total = 0;
    for (size_t t = 0; t < n; t++) {
        if (shares[t].st != NP_OK)
            st = shares[t].st;
        total += shares[t].k.n;
    }
    copy_link *links = NULL;
    if (st == NP_OK && n == 1) {
        links = shares[0].k.items; /* in order already: taken as it is */
        shares[0].k.items = NULL;
    } else if (st == NP_OK && !(links = np_alloc_array(e->allocator, total ? total : 1, sizeof *links))) {
        st = NP_ENOMEM;
    }
    for (size_t c = 0, at = 0; st == NP_OK && n > 1 && c < n_chunks; c++) {
        const chunk_links *ch = &v.chunks[c];
        if (ch->n)
            memcpy(links + at, shares[ch->thread].k.items + ch->first, ch->n * sizeof *links);
        at += ch->n;
    }
    for (size_t t = 0; t < n; t++)
        np_free(e->allocator, shares[t].k.items);
    np_free(e->allocator, shares);
    np_free(e->allocator, v.chunks);
    if (st != NP_OK) {
        np_free(e->allocator, links);
        return st;
    }
    e->links = links;
    e->n_links = total;
    return NP_OK;
}

void verify_miss_note(const np_params *pr, const copy_link *l, float word_pairs, char *note, size_t size)
{
    float near = word_pairs >= 0 ? word_pairs : l->jaccard;
    float rewrite_at_least = pr->rewrite_alignment - PARAPHRASE_SLACK;
    int close = near >= pr->near_jaccard / 2 || l->containment >= pr->excerpt_containment / 2 ||
                l->aligned >= rewrite_at_least;
    note[0] = '\0';
    if (!close)
        return;
    char rewrite[96];
    if (l->vocabulary < REWRITE_MIN_VOCABULARY)
        snprintf(rewrite, sizeof rewrite, "shared vocabulary %.2f, a rewrite needs %.2f", l->vocabulary,
                 REWRITE_MIN_VOCABULARY);
    else if (l->aligned < pr->rewrite_alignment)
        snprintf(rewrite, sizeof rewrite, "aligned %.2f, a rewrite needs %.2f (%.2f all in order)",
                 l->aligned < 0 ? 0 : l->aligned, pr->rewrite_alignment, rewrite_at_least);
    else
        snprintf(rewrite, sizeof rewrite, "in order %.2f, a rewrite needs %.2f (or Jaccard %.2f)", l->ordered,
                 pr->rewrite_alignment * ORDER_SHARE, SHUFFLED_JACCARD);
    snprintf(note, size, "no copy: %s %.2f, near needs %.2f; containment %.2f, an excerpt needs %.2f; %s",
             word_pairs >= 0 ? "word pairs" : "Jaccard", near, pr->near_jaccard,
             l->containment < 0 ? 0 : l->containment, pr->excerpt_containment, rewrite);
}
