/*
 * sharing: the pairs of articles that share keys (sentences, top terms,
 * word pairs), counted from an index of the keys' runs: each run lists its
 * articles in order, so an article's partners after it are the rest of the
 * run, counted once on the threads, a share of the articles a thread, the
 * pairs in article order whatever the thread count.
 */
#include <stdlib.h>
#include <string.h>

#include "cluster/sharing.h"
#include "common/alloc.h"
#include "common/sort.h"

/* One thread's articles [from, to): their pairs, in article order. */
typedef struct shared_range {
    const shared_index *ix;
    size_t from, to;
    pair_list out;
    np_status st;
} shared_range;

/* Whether a and b are dated within how->window of each other. */
static int dated_close(const sharing_corpus *c, const sharing *how, size_t a, uint32_t b)
{
    if (how->window < 0)
        return 1; /* before b's day is read: it is anywhere */
    int32_t da = c->days[a], db = c->days[b];
    return da == NO_DAY || db == NO_DAY || abs(da - db) <= how->window;
}

static void *count_range(void *arg)
{
    enum { RUNS_AHEAD = 4 }; /* runs whose first articles are fetched ahead */
    shared_range *r = arg;
    const shared_index *ix = r->ix;
    const sharing_corpus *c = ix->c;
    const sharing *how = ix->how;
    const np_allocator *al = c->allocator;
    size_t n = c->n_arts;
    /* per article: how many keys it shares with a (at most 255), 0 until
     * it meets a.  A byte each, so that a large corpus's counts stay in
     * cache; the partners met are set back to 0 as they are judged. */
    uint8_t *count = np_calloc(al, n + 1, sizeof *count);
    uint32_t *touched = np_alloc_array(al, n + 1, sizeof *touched);
    partner *ranked = np_alloc_array(al, n + 1, sizeof *ranked);
    r->st = count && touched && ranked ? NP_OK : NP_ENOMEM;
    const uint32_t *last = ix->after + ix->art_first[r->to];
    for (size_t a = r->from; a < r->to && r->st == NP_OK; a++) {
        size_t n_touched = 0;
        const uint32_t *q = ix->after + ix->art_first[a], *end = ix->after + ix->art_first[a + 1];
        /* a partner first met in a's last min_shared - 1 runs cannot share
         * enough with it, when no run has an article twice (which would
         * count twice): there, only the partners met before are counted */
        size_t late = how->min_shared > 1 && !ix->twice ? how->min_shared - 1 : 0;
        const uint32_t *last_new = (size_t)(end - q) > late ? end - late : q;
        for (; q < last_new; q++) {
            if (q + RUNS_AHEAD < last) /* a run's place in arts is a jump away */
                __builtin_prefetch(ix->arts + q[RUNS_AHEAD]);
            for (const uint32_t *y = ix->arts + *q; *y != END_OF_RUN; y++) {
                uint32_t b = *y;
                unsigned k = count[b];
                touched[n_touched] = b;
                n_touched += k == 0;
                count[b] = (uint8_t)(k + (k < 255));
            }
        }
        for (; q < end && n_touched; q++) {
            if (q + RUNS_AHEAD < last)
                __builtin_prefetch(ix->arts + q[RUNS_AHEAD]);
            for (const uint32_t *y = ix->arts + *q; *y != END_OF_RUN; y++) {
                unsigned k = count[*y];
                count[*y] = (uint8_t)(k + (k && k < 255));
            }
        }
        /* keep the partners sharing the most keys, at most max_partners:
         * in a corpus where many texts reuse the same sentences, shared
         * rare terms alone would pair each article with hundreds */
        size_t kept = 0;
        if (how->window < 0) {
            /* any day: kept or not by the count alone, not branched on
             * (the sentence index's partners share one sentence or more
             * about as often: g20k one thread, its counting 12.1 -> 10.8
             * ms CPU, median of 5 runs' min of 20) */
            for (size_t t = 0; t < n_touched; t++) {
                uint32_t b = touched[t];
                unsigned k = count[b];
                count[b] = 0;
                ranked[kept] = (partner){ k, b };
                kept += k >= how->min_shared;
            }
        } else {
            for (size_t t = 0; t < n_touched; t++) {
                uint32_t b = touched[t];
                unsigned k = count[b];
                count[b] = 0;
                if (k >= how->min_shared && dated_close(c, how, a, b))
                    ranked[kept++] = (partner){ k, b };
            }
        }
        if (how->keep && kept) /* none to keep: what it reads of a is not read */
            kept = how->keep(how->keep_ctx, (uint32_t)a, ranked, kept);
        if (how->max_partners && kept > how->max_partners) {
            np_sort(ranked, kept, sizeof *ranked, cmp_partner);
            kept = how->max_partners;
        }
        for (size_t t = 0; t < kept && r->st == NP_OK; t++)
            r->st = pair_push(&r->out, (uint32_t)a, ranked[t].art,
                              how->source == PAIR_SENTENCE || how->counts ? (uint16_t)ranked[t].shared : 0,
                              how->source);
    }
    np_free(al, count);
    np_free(al, touched);
    np_free(al, ranked);
    return NULL;
}

/* Appends from's pairs to out, giving back from's memory as they go (a
 * block at a time, from its end), so the pairs are not held twice. */
np_status join_pairs(pair_list *out, pair_list *from)
{
    enum { BLOCK = 1 << 16 };
    size_t total = out->n + from->n;
    if (total > out->cap) {
        pair *p = np_realloc_array(out->allocator, out->items, total, sizeof *p);
        if (!p)
            return NP_ENOMEM;
        out->items = p;
        out->cap = total;
    }
    for (size_t left = from->n; left;) {
        size_t step = left < BLOCK ? left : BLOCK;
        left -= step;
        memcpy(out->items + out->n + left, from->items + left, step * sizeof *from->items);
        pair *fit = left ? np_realloc_array(from->allocator, from->items, left, sizeof *fit) : NULL;
        if (fit) /* else it stays as large until freed */
            from->items = fit;
    }
    out->n = total;
    from->n = 0;
    return NP_OK;
}

/* Frees the chunks' counts. */
static void chunks_free(shared_index *ix)
{
    const np_allocator *al = ix->c->allocator;
    for (size_t t = 0; t < ix->n_chunks; t++)
        np_free(al, ix->chunk_counts[t]);
    np_free(al, ix->chunk_counts);
    np_free(al, ix->chunk_from);
    ix->chunk_counts = NULL;
    ix->chunk_from = NULL;
    ix->n_chunks = 0;
}

void shared_index_free(shared_index *ix)
{
    const np_allocator *al = ix->c->allocator;
    chunks_free(ix);
    np_free(al, ix->arts);
    np_free(al, ix->after);
    np_free(al, ix->art_first);
    *ix = (shared_index){ .c = ix->c, .how = ix->how }; /* no room left to add runs to */
}

/* Room for need items in *array (of *cap). */
static np_status reserve_u32(const np_allocator *al, uint32_t **array, size_t *cap, size_t need)
{
    if (need <= *cap)
        return NP_OK;
    uint32_t *p = np_realloc_array(al, *array, need, sizeof *p);
    if (!p)
        return NP_ENOMEM;
    *array = p;
    *cap = need;
    return NP_OK;
}

static int cmp_art(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The runs of entries [from, to) that can pair: their articles
 * (*in_runs) and their places in arts with their end marks (*slots). */
static void runs_count(const shared_index *ix, const keyed *entries, size_t from, size_t to, size_t *in_runs,
                       size_t *slots)
{
    for (size_t i = from, j; i < to; i = j) {
        for (j = i + 1; j < to && entries[j].key == entries[i].key;)
            j++;
        if (j - i >= 2 && j - i <= ix->how->max_bucket)
            *in_runs += j - i, *slots += j - i + 1;
    }
}

/* Writes the runs of entries [from, to) that can pair to arts from place
 * at, each article's count of them into counts[art] (a chunk's) or
 * first[art + 1] (art_first); returns whether a run has an article twice.
 * Inlined where one of counts and first is NULL: a branch on them in the
 * loop cost a one-thread g20k run 4M instructions. */
static inline __attribute__((always_inline)) int runs_fill(const shared_index *ix, const keyed *entries,
                                                           size_t from, size_t to, size_t at, uint32_t *counts,
                                                           size_t *first)
{
    int any_twice = 0;
    for (size_t i = from, j; i < to; i = j) {
        for (j = i + 1; j < to && entries[j].key == entries[i].key;)
            j++;
        if (j - i < 2 || j - i > ix->how->max_bucket)
            continue;
        int ordered = 1, twice = 0;
        for (size_t x = i; x < j; x++) {
            ix->arts[at++] = entries[x].art;
            if (counts)
                counts[entries[x].art]++;
            else
                first[entries[x].art + 1]++;
            ordered &= x == i || entries[x - 1].art <= entries[x].art;
            twice |= x > i && entries[x - 1].art == entries[x].art;
        }
        if (!ordered) { /* not as count_shared asks: the counts stay right */
            uint32_t *run = ix->arts + at - (j - i);
            np_sort(run, j - i, sizeof *run, cmp_art);
            for (size_t x = 1; x < j - i; x++)
                twice |= run[x - 1] == run[x];
        }
        any_twice |= twice;
        ix->arts[at++] = END_OF_RUN;
    }
    return any_twice;
}

/* Room in ix for `slots` places in arts (and art_first made). */
static np_status runs_room(shared_index *ix, size_t slots)
{
    const np_allocator *al = ix->c->allocator;
    size_t n = ix->c->n_arts;
    if (slots >= UINT32_MAX || n >= END_OF_RUN)
        return NP_ENOMEM; /* places in arts, and articles, are 32 bits */
    if (!ix->art_first && !(ix->art_first = np_calloc(al, n + 2, sizeof *ix->art_first)))
        return NP_ENOMEM;
    return reserve_u32(al, &ix->arts, &ix->cap_arts, slots + 1);
}

/* A thread's chunk of index_add_runs' entries, [from, to), whole keys. */
typedef struct runs_chunk {
    const shared_index *ix;
    const keyed *entries;
    size_t from, to;
    size_t in_runs, slots; /* runs_count's */
    size_t at;             /* its first place in arts */
    uint32_t *counts;      /* per article: its places in the chunk */
    int twice;
} runs_chunk;

static void *runs_chunk_count(void *arg)
{
    runs_chunk *r = arg;
    runs_count(r->ix, r->entries, r->from, r->to, &r->in_runs, &r->slots);
    return NULL;
}

static void *runs_chunk_fill(void *arg)
{
    runs_chunk *r = arg;
    r->twice = runs_fill(r->ix, r->entries, r->from, r->to, r->at, r->counts, NULL);
    return NULL;
}

/* Entries from which index_add_runs takes them on threads, a chunk a
 * thread (below, or past MAX_RUN_CHUNKS chunks in all, on the calling
 * thread alone): at g20k the sentences' runs (two adds at two threads)
 * and the top terms' and word pairs' were 30M instructions there. */
enum { RUNS_ON_THREADS = 1 << 14, MAX_RUN_CHUNKS = 64 };

/* index_add_runs on the index's threads: the entries in a chunk a thread,
 * cut where a key ends; each chunk's runs counted, then written at their
 * places in arts (those of the chunks before it first), its articles'
 * counts apart.  returns: NP_ENOMEM, or NP_OK with nothing done when it
 * cannot run so (*done 0) */
static np_status add_runs_on_threads(shared_index *ix, const keyed *entries, size_t k, int *done)
{
    const np_allocator *al = ix->c->allocator;
    size_t n = ix->c->n_arts, threads = ix->c->threads;
    *done = 0;
    if (threads < 2 || k < RUNS_ON_THREADS || ix->one_thread || ix->n_chunks + threads > MAX_RUN_CHUNKS)
        return NP_OK;
    runs_chunk chunks[MAX_RUN_CHUNKS];
    for (size_t t = 0, from = 0; t < threads; t++) {
        size_t to = t + 1 == threads ? k : k / threads * (t + 1);
        if (to < from)
            to = from;
        while (to < k && to > 0 && entries[to].key == entries[to - 1].key)
            to++;
        chunks[t] = (runs_chunk){ .ix = ix, .entries = entries, .from = from, .to = to };
        from = to;
    }
    parallel_pool_run(ix->pool, runs_chunk_count, chunks, threads, sizeof *chunks);
    size_t in_runs = ix->n_in_runs, slots = ix->n_slots;
    for (size_t t = 0; t < threads; t++)
        in_runs += chunks[t].in_runs, slots += chunks[t].slots;
    if (runs_room(ix, slots) != NP_OK)
        return NP_ENOMEM;
    uint32_t **counts = np_realloc_array(al, ix->chunk_counts, ix->n_chunks + threads, sizeof *counts);
    if (!counts)
        return NP_ENOMEM;
    ix->chunk_counts = counts;
    size_t *chunk_from = np_realloc_array(al, ix->chunk_from, ix->n_chunks + threads, sizeof *chunk_from);
    if (!chunk_from)
        return NP_ENOMEM;
    ix->chunk_from = chunk_from;
    for (size_t t = 0, at = ix->n_slots; t < threads; t++) {
        if (!(chunks[t].counts = np_calloc(al, n + 1, sizeof *chunks[t].counts))) {
            for (size_t x = 0; x < t; x++)
                np_free(al, chunks[x].counts);
            return NP_ENOMEM;
        }
        chunks[t].at = at;
        at += chunks[t].slots;
    }
    parallel_pool_run(ix->pool, runs_chunk_fill, chunks, threads, sizeof *chunks);
    for (size_t t = 0; t < threads; t++) {
        ix->chunk_counts[ix->n_chunks] = chunks[t].counts;
        ix->chunk_from[ix->n_chunks++] = chunks[t].at;
        ix->twice |= chunks[t].twice;
    }
    ix->n_slots = slots;
    ix->n_in_runs = in_runs;
    *done = 1;
    return NP_OK;
}

/* Appends the runs of entries (sorted by key, and after the keys of any
 * added before) that can pair to ix, counting each article's runs. */
np_status index_add_runs(shared_index *ix, const keyed *entries, size_t k)
{
    int done;
    np_status st = add_runs_on_threads(ix, entries, k, &done);
    if (st != NP_OK || done)
        return st;
    size_t in_runs = ix->n_in_runs, slots = ix->n_slots;
    runs_count(ix, entries, 0, k, &in_runs, &slots);
    if (runs_room(ix, slots) != NP_OK)
        return NP_ENOMEM;
    if (k)
        ix->one_thread = 1;
    ix->twice |= runs_fill(ix, entries, 0, k, ix->n_slots, NULL, ix->art_first);
    ix->n_slots = slots;
    ix->n_in_runs = in_runs;
    return NP_OK;
}

/* A chunk's places: for each slot of [from, to), the place in arts after
 * its article (its next, past the article's repeats), written at the
 * article's next place in after (fill, the chunk's). */
typedef struct after_chunk {
    const shared_index *ix;
    size_t from, to;
    uint32_t *fill;
} after_chunk;

static inline __attribute__((always_inline)) void after_fill(const shared_index *ix, size_t from, size_t to,
                                                             uint32_t *fill32, size_t *fill)
{
    for (size_t y = from; y < to; y++) {
        uint32_t a = ix->arts[y];
        if (a == END_OF_RUN)
            continue;
        /* an article twice in a run (its key twice in it) counts the
         * partners after it twice, from each place alike */
        size_t next = y + 1;
        while (ix->arts[next] == a)
            next++;
        if (fill32)
            ix->after[fill32[a]++] = (uint32_t)next;
        else
            ix->after[fill[a]++] = (uint32_t)next;
    }
}

static void *after_chunk_run(void *arg)
{
    after_chunk *r = arg;
    after_fill(r->ix, r->from, r->to, r->fill, NULL);
    return NULL;
}

/* Each article's places after it in its runs, in key order, as count_range
 * reads them, once every run is added. */
np_status index_finish(shared_index *ix)
{
    const np_allocator *al = ix->c->allocator;
    size_t n = ix->c->n_arts;
    if (!ix->art_first && index_add_runs(ix, NULL, 0) != NP_OK)
        return NP_ENOMEM;
    ix->after = np_alloc_array(al, ix->n_in_runs + 1, sizeof *ix->after);
    if (!ix->after)
        return NP_ENOMEM;
    if (ix->n_chunks && !ix->one_thread) {
        /* every run in a chunk: an article's places begin where those of
         * the articles before it end, and a chunk's of it after the
         * chunks' before (their slots before): the chunk's counts become
         * its places */
        size_t place = 0;
        for (size_t a = 0; a < n; a++) {
            ix->art_first[a] = place;
            for (size_t t = 0; t < ix->n_chunks; t++) {
                uint32_t count = ix->chunk_counts[t][a];
                ix->chunk_counts[t][a] = (uint32_t)place;
                place += count;
            }
        }
        ix->art_first[n] = place;
        after_chunk chunks[MAX_RUN_CHUNKS];
        for (size_t t = 0; t < ix->n_chunks; t++)
            chunks[t] = (after_chunk){ ix, ix->chunk_from[t], t + 1 < ix->n_chunks ? ix->chunk_from[t + 1] : ix->n_slots,
                                       ix->chunk_counts[t] };
        parallel_pool_run(ix->pool, after_chunk_run, chunks, ix->n_chunks, sizeof *chunks);
        chunks_free(ix);
        return NP_OK;
    }
    /* some runs added on one thread: the chunks' counts join theirs */
    for (size_t t = 0; t < ix->n_chunks; t++)
        for (size_t a = 0; a < n; a++)
            ix->art_first[a + 1] += ix->chunk_counts[t][a];
    size_t *fill = np_alloc_array(al, n + 1, sizeof *fill);
    if (!fill)
        return NP_ENOMEM;
    for (size_t a = 0; a < n; a++)
        ix->art_first[a + 1] += ix->art_first[a];
    memcpy(fill, ix->art_first, (n + 1) * sizeof *fill);
    after_fill(ix, 0, ix->n_slots, NULL, fill);
    np_free(al, fill);
    chunks_free(ix);
    return NP_OK;
}

/* For each article, the others sharing at least how->min_shared of its
 * keys (and dated within the window), counted article by article with a
 * stamp array, so no pair per shared key is ever built: memory stays
 * linear in the articles, and a key reused across a whole corpus (a
 * common sentence, a stock phrase) costs time, not pairs.  Articles are
 * counted in contiguous ranges on c->threads threads; the ranges' pairs
 * are joined in article order, as one pass would make them.  The index
 * (made by index_finish) is freed here, before the pairs grow. */
np_status count_index(shared_index *ix, pair_list *out)
{
    const sharing_corpus *c = ix->c;
    const np_allocator *al = c->allocator;
    size_t n = c->n_arts;
    /* on a pool, PARALLEL_SHARES_PER_THREAD ranges a thread (threads of
     * their own: one each) */
    size_t n_ranges = c->threads > 1 && n >= 1024 ? c->threads * (ix->pool ? PARALLEL_SHARES_PER_THREAD : 1) : 1;
    shared_range *ranges = np_calloc(al, n_ranges, sizeof *ranges);
    np_status st = NP_OK;
    if (!ranges) {
        shared_index_free(ix);
        return NP_ENOMEM;
    }
    /* ranges of equal work, not of equal articles: an article's work is
     * the partners after it in its runs (runs list their articles in
     * order, so the first articles' are most) */
    uint64_t *work = n_ranges > 1 ? np_calloc(al, n + 1, sizeof *work) : NULL;
    uint64_t total = 0;
    for (size_t y = ix->n_slots, rest = 0; work && y-- > 0;) {
        if (ix->arts[y] == END_OF_RUN) {
            rest = 0;
            continue;
        }
        work[ix->arts[y]] += rest;
        total += rest++;
    }
    uint64_t done = 0;
    for (size_t t = 0, a = 0; t < n_ranges; t++) {
        ranges[t] = (shared_range){ .ix = ix, .from = a, .to = n * (t + 1) / n_ranges, .out = { .allocator = al } };
        if (work) { /* else (no memory for it) ranges of equal articles */
            uint64_t until = total * (t + 1) / n_ranges;
            for (; a < n && (done < until || t + 1 == n_ranges); a++)
                done += work[a];
            ranges[t].to = a;
        }
        a = ranges[t].to;
    }
    np_free(al, work);
    parallel_pool_run(ix->pool, count_range, ranges, n_ranges, sizeof *ranges);
    shared_index_free(ix); /* before the pairs are joined */
    for (size_t t = 0; t < n_ranges; t++) {
        if (ranges[t].st != NP_OK)
            st = ranges[t].st;
        if (st == NP_OK && out->n == 0) { /* the first pairs: taken, not copied */
            np_free(al, out->items);
            out->items = ranges[t].out.items;
            out->n = ranges[t].out.n;
            out->cap = ranges[t].out.cap;
            continue;
        }
        if (st == NP_OK)
            st = join_pairs(out, &ranges[t].out);
        np_free(al, ranges[t].out.items);
    }
    np_free(al, ranges);
    return st;
}

/* count_index over entries sorted by key, freed once indexed, on the
 * threads of `pool` (NULL: threads of its own). */
np_status count_shared_on(parallel_pool *pool, const sharing_corpus *c, keyed **entries, size_t k,
                          const sharing *how, pair_list *out)
{
    shared_index ix = { .c = c, .how = how, .pool = pool };
    np_status st = index_add_runs(&ix, *entries, k);
    np_free(c->allocator, *entries);
    *entries = NULL;
    if (st == NP_OK)
        st = index_finish(&ix);
    if (st == NP_OK)
        return count_index(&ix, out);
    shared_index_free(&ix);
    return st;
}

np_status count_shared(const sharing_corpus *c, keyed **entries, size_t k, const sharing *how, pair_list *out)
{
    return count_shared_on(NULL, c, entries, k, how, out);
}
