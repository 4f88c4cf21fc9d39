/*
 * candidates_lsh: the pairs of articles whose MinHash signatures agree in
 * a band (near and exact copies), one of candidates.c's indexes.
 *
 * The 32 + extra bands are shared among the engine's threads; a share
 * tables one band's keys at a time (a table of chains, no sort) and skips
 * a pair already pushed by an earlier band of its own.  A key shared by
 * more than max_bucket articles links its first article with each other
 * only.  The pairs are merged, so which thread made them does not matter.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/engine.h"
#include "cluster/sharing.h"
#include "common/alloc.h"
#include "common/parallel.h"

/* The bands an LSH share has done in which every pair sharing a key was
 * pushed (no run was longer than max): a pair whose rows agree in one of
 * them is pushed already.  Near copies share most of the 32 bands, and
 * families of identical copies all of them: their pairs are pushed once a
 * share, not once a band, and not sorted and merged again each time. */
typedef struct done_bands {
    const uint16_t *sigs;     /* folded, MINHASH_K per article */
    unsigned band[MINHASH_BANDS];
    size_t n;
} done_bands;

/* Whether x and y agree in one of done's bands from the first'th on: then
 * their pair is pushed already. */
static int pushed_before_from(const done_bands *done, size_t first, uint32_t x, uint32_t y)
{
    const uint16_t *sx = done->sigs + (size_t)x * MINHASH_K, *sy = done->sigs + (size_t)y * MINHASH_K;
    for (size_t i = first; i < done->n; i++) {
        size_t row = (size_t)done->band[i] * MINHASH_ROWS;
        if (!memcmp(sx + row, sy + row, MINHASH_ROWS * sizeof *sx))
            return 1;
    }
    return 0;
}

/* Emits every pair inside each run of equal LSH keys no longer than max.
 * A longer run is linked to its first member only: a band shared by
 * hundreds of articles is then checked once per article (hundreds of
 * identical copies must still be found). */
np_status pairs_from_runs(const keyed *entries, size_t n, size_t max, pair_list *out)
{
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && entries[j].key == entries[i].key)
            j++;
        size_t last_x = j - i > max ? i + 1 : j;
        for (size_t x = i; x < last_x; x++)
            for (size_t y = x + 1; y < j; y++)
                if (entries[x].art != entries[y].art &&
                    pair_push(out, entries[x].art, entries[y].art, 1, PAIR_LSH) != NP_OK)
                    return NP_ENOMEM;
        i = j;
    }
    return NP_OK;
}

/* One thread's bands for lsh_pairs: those it takes first (next), so
 * that a thread the machine runs late leaves its bands to the others.
 * Which thread makes a band's pairs does not matter: they are merged. */
typedef struct band_share {
    const np_engine *e;
    const uint32_t *texts;    /* the articles with a body, in order */
    size_t n_texts;
    atomic_uint *next;        /* the next band to take */
    pair_list out;
    np_status st;
} band_share;

/* A band's rows of a folded signature as one number, minhash_band_key's
 * bits before the mix: equal where the rows are, and their low bits are
 * b-bit minima, about as even as a hash's.  A share tables one
 * band's at a time, so these serve as its keys, the mix spared. */
static inline uint64_t band_rows(const uint16_t *sig, minhash_band b)
{
    const uint16_t *row = sig + b.first;
    /* written out, so the compiler makes it one load where it can */
    return ((uint64_t)row[0] | (uint64_t)row[1] << 16 | (uint64_t)row[2] << 32 | (uint64_t)row[3] << 48) & b.mask;
}

/* A share's table of one band's keys at a time: a slot holds the last
 * article (its place in the share's texts, + 1; 0 empty) of a key, and
 * each article the one of its key before it (a chain back to the key's
 * first).  A key met twice is listed as it becomes so: the runs that can
 * pair are walked from there, and no key is sorted (a sort and a filter
 * of the keys met once cost the bands 100 instructions an article). */
typedef struct band_table {
    uint32_t *slots;          /* 1 << bits */
    unsigned bits;
    uint64_t *keys;           /* per place in texts + 1: its rows in the band ([0] none) */
    uint32_t *before;         /* per place + 1: the place before it with its key + 1, 0 none
                               * ([0] 1: no first place of a key) */
    uint64_t *checked;        /* per place: its rows in the first done band (done_near_first's) */
    uint32_t *repeated;       /* slots of the keys met twice or more */
    uint32_t *run;            /* one run's places, last first */
} band_table;

static np_status band_table_make(const np_allocator *al, band_table *t, size_t n)
{
    t->bits = 4;
    while (((size_t)1 << t->bits) < 2 * n)
        t->bits++;
    size_t room = n ? n : 1;
    t->slots = np_calloc(al, (size_t)1 << t->bits, sizeof *t->slots);
    t->keys = np_alloc_array(al, room + 1, sizeof *t->keys);
    t->before = np_alloc_array(al, room + 1, sizeof *t->before);
    t->checked = np_alloc_array(al, room, sizeof *t->checked);
    t->repeated = np_alloc_array(al, room, sizeof *t->repeated);
    t->run = np_alloc_array(al, room, sizeof *t->run);
    if (!t->slots || !t->keys || !t->before || !t->checked || !t->repeated || !t->run)
        return NP_ENOMEM;
    t->keys[0] = 0;
    t->before[0] = 1;
    return NP_OK;
}

static void band_table_free(const np_allocator *al, band_table *t)
{
    np_free(al, t->slots);
    np_free(al, t->keys);
    np_free(al, t->before);
    np_free(al, t->checked);
    np_free(al, t->repeated);
    np_free(al, t->run);
}

static inline size_t band_slot(const band_table *t, uint64_t key)
{
    return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> (64 - t->bits));
}

/* A pair of articles whose signatures pushed_before_from reads. */
typedef struct lsh_pair {
    uint32_t a, b;
} lsh_pair;

/* Pushes those of the n asked pairs not pushed before: their signatures'
 * lines were fetched as they were asked (a pair of a band's runs whose
 * first done band differs is one of two lines the cache does not hold:
 * at g20k 145k pairs, read 16 at a time the bands took 19.6 -> 17.9 ms
 * CPU, one thread, min of 20 runs). */
static np_status asked_pairs(band_share *sh, const done_bands *done, const lsh_pair *asked, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        if (!pushed_before_from(done, 1, asked[i].a, asked[i].b) &&
            pair_push(&sh->out, asked[i].a, asked[i].b, 1, PAIR_LSH) != NP_OK)
            return NP_ENOMEM;
    *n = 0;
    return NP_OK;
}

/* The pairs of band b's runs, as band_pairs makes them from the band's
 * keys sorted (a run's order does not matter: its pairs are merged, and
 * a run over max is linked to its first, here its chain's end). */
static np_status table_band_pairs(band_share *sh, band_table *t, minhash_band band, size_t max,
                                  const done_bands *done, int *long_run)
{
    enum { AHEAD = 16 }; /* articles whose rows, then slots, are fetched ahead */
    const np_engine *e = sh->e;
    const uint32_t *texts = sh->texts;
    size_t k = sh->n_texts, mask = ((size_t)1 << t->bits) - 1, n_repeated = 0;
    /* the rows of a done band, read with the key's (most often from the
     * same line): a pair of the band's runs is mostly pushed before, and
     * most such pairs agree there, so their signatures are not read */
    minhash_band check = minhash_band_of(done->n ? done->band[0] : 0);
    for (size_t x = 0; x < k; x++) {
        if (x + AHEAD < k) /* the band's rows: a line an article */
            __builtin_prefetch(e->sigs + (size_t)texts[x + AHEAD] * MINHASH_K + band.first);
        const uint16_t *sig = e->sigs + (size_t)texts[x] * MINHASH_K;
        t->keys[x + 1] = band_rows(sig, band);
        t->checked[x] = band_rows(sig, check);
    }
    memset(t->slots, 0, (mask + 1) * sizeof *t->slots);
    for (size_t x = 0; x < k; x++) {
        if (x + AHEAD < k)
            __builtin_prefetch(t->slots + band_slot(t, t->keys[x + 1 + AHEAD]));
        uint64_t key = t->keys[x + 1];
        size_t i = band_slot(t, key);
        /* most slots met are empty or hold the key: whether it is tabled
         * and whether it repeats are not branched on (keys[0] and
         * before[0] stand for none), branches a third of the articles
         * took (g20k, one thread: the bands 20.8 -> 19.6 ms CPU, min of
         * 20 runs, for 3% more instructions) */
        uint32_t last = t->slots[i];
        while ((last != 0) & (t->keys[last] != key)) {
            i = (i + 1) & mask;
            last = t->slots[i];
        }
        t->before[x + 1] = last;
        t->repeated[n_repeated] = (uint32_t)i;
        n_repeated += t->before[last] == 0;
        t->slots[i] = (uint32_t)x + 1;
    }
    *long_run = 0;
    enum { ASKED = 16 }; /* pairs whose signatures are fetched before pushed_before_from reads them */
    lsh_pair asked[ASKED];
    size_t n_asked = 0;
    for (size_t r = 0; r < n_repeated; r++) {
        size_t m = 0;
        for (uint32_t at = t->slots[t->repeated[r]]; at; at = t->before[at])
            t->run[m++] = at - 1;
        /* a run over max: its first (the chain's end) with each other */
        size_t last_x = m > max ? 1 : m;
        *long_run |= m > max;
        for (size_t x = 0; x < last_x; x++) {
            uint32_t pa = t->run[m - 1 - x];
            for (size_t y = x + 1; y < m; y++) {
                uint32_t pb = t->run[m - 1 - y];
                if (done->n && t->checked[pa] == t->checked[pb])
                    continue;
                if (done->n > 1) { /* the signatures read: asked once fetched */
                    if (n_asked == ASKED && asked_pairs(sh, done, asked, &n_asked) != NP_OK)
                        return NP_ENOMEM;
                    asked[n_asked++] = (lsh_pair){ texts[pa], texts[pb] };
                    __builtin_prefetch(done->sigs + (size_t)texts[pa] * MINHASH_K + done->band[1] * MINHASH_ROWS);
                    __builtin_prefetch(done->sigs + (size_t)texts[pb] * MINHASH_K + done->band[1] * MINHASH_ROWS);
                    continue;
                }
                if (pair_push(&sh->out, texts[pa], texts[pb], 1, PAIR_LSH) != NP_OK)
                    return NP_ENOMEM;
            }
        }
    }
    return asked_pairs(sh, done, asked, &n_asked);
}

/* done's bands, those in the signatures' cache line that holds band's
 * rows first: the band's pairs are mostly pushed before, and that line of
 * each article was just read for its key (a line of 32 rows, bands of
 * MINHASH_ROWS; which done band answers does not matter). */
static done_bands done_near_first(const done_bands *done, minhash_band band)
{
    enum { LINE_ROWS = 64 / sizeof(uint16_t) };
    done_bands near = { .sigs = done->sigs };
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < done->n; i++)
            if ((done->band[i] * MINHASH_ROWS / LINE_ROWS == band.first / LINE_ROWS) == !pass)
                near.band[near.n++] = done->band[i];
    return near;
}

/* Band by band, so the table holds one band's keys at a time. */
static void *bands_of_share(void *arg)
{
    band_share *sh = arg;
    const np_engine *e = sh->e;
    band_table t = { 0 };
    np_status st = band_table_make(e->allocator, &t, sh->n_texts);
    size_t merged = 0; /* pairs after the last merge */
    done_bands done = { .sigs = e->sigs };
    for (unsigned b; st == NP_OK && (b = atomic_fetch_add_explicit(sh->next, 1, memory_order_relaxed)) < MINHASH_ALL_BANDS;) {
        int long_run = 0;
        minhash_band band = minhash_band_of(b);
        done_bands near = done_near_first(&done, band);
        st = table_band_pairs(sh, &t, band, (size_t)e->params.max_bucket, &near, &long_run);
        if (!long_run && b < MINHASH_BANDS) /* pushed_before reads bands of MINHASH_ROWS */
            done.band[done.n++] = b;
        /* merge whenever the list has doubled since the last merge, so the
         * bands of one family's pairs are not all held at once (a band
         * that met the pairs of the last, merged or not, did not double
         * the list: at 1M articles, 16 bands' pairs were held) */
        if (st == NP_OK && sh->out.n > 2 * merged) {
            st = merge_pairs(&sh->out, 0, 1);
            merged = sh->out.n;
        }
    }
    band_table_free(e->allocator, &t);
    if (st == NP_OK)
        st = merge_pairs(&sh->out, 0, 1);
    sh->st = st;
    return NULL;
}

/* The bands are shared among the threads; their pairs, joined, are merged
 * once more (a pair met in two threads' bands is one pair). */
static np_status lsh_pairs(np_engine *e, pair_list *out)
{
    enum { MAX_SHARES = 16, MIN_ARTICLES = 1024 };
    size_t shares = e->threads < MAX_SHARES ? e->threads : MAX_SHARES;
    if (shares < 1 || e->n_arts < MIN_ARTICLES)
        shares = 1;
    /* an empty body copies nothing: the others, listed once, not picked
     * from the articles in each band */
    uint32_t *texts = np_alloc_array(e->allocator, e->n_arts ? e->n_arts : 1, sizeof *texts);
    if (!texts)
        return NP_ENOMEM;
    size_t n_texts = 0;
    for (size_t i = 0; i < e->n_arts; i++)
        if (e->arts[i].exact)
            texts[n_texts++] = (uint32_t)i;
    band_share sh[MAX_SHARES];
    atomic_uint next = 0;
    for (size_t t = 0; t < shares; t++)
        sh[t] = (band_share){ e, texts, n_texts, &next, { .allocator = e->allocator }, NP_OK };
    parallel_pool_run(e->pool, bands_of_share, sh, shares, sizeof *sh);
    np_free(e->allocator, texts);
    size_t from = out->n;
    np_status st = NP_OK;
    for (size_t t = 0; t < shares; t++) {
        if (sh[t].st != NP_OK)
            st = sh[t].st;
        if (st == NP_OK)
            st = join_pairs(out, &sh[t].out);
        np_free(e->allocator, sh[t].out.items);
    }
    if (st == NP_OK && shares > 1)
        st = merge_pairs_on(e->pool, out, from, e->threads);
    /* a pair's count from LSH is its number of shared bands: not sentences */
    for (size_t i = from; i < out->n && st == NP_OK; i++)
        out->items[i].shared_sentences = 0;
    return st;
}

np_status candidates_lsh_pairs(np_engine *e, pair_list *out)
{
    return lsh_pairs(e, out);
}
