/*
 * vocabulary: every stem's document frequency in the corpus and the idf of
 * each frequency, which weigh the candidate index's top terms and the
 * story vectors (story_vector.c).
 *
 * An open-addressing table of (stem, df) (engine.h: vocab_find), counted
 * in shares on the engine's threads, each share taking blocks of articles
 * in turn and decoding each article's terms once, then the shares' tables
 * added up on the calling thread: a df is a sum, so the same counts at any
 * thread count, whichever share took which block.
 */
#include <stdatomic.h>

#include "cluster/engine.h"
#include "common/alloc.h"
#include "common/parallel.h"

/* One share of the vocabulary: the stems of the blocks of VOCAB_BLOCK
 * articles it takes (next), counted in a table of the share's own (the
 * same layout as the vocabulary's); the shares' counts are then added up
 * (vocab_add_all).  Blocks taken in turn, not halves fixed ahead: a
 * thread the machine runs late takes fewer of them, instead of the others
 * waiting for its half (at g20k, 2 threads, up to 6 ms of one core). */
enum { VOCAB_BLOCK = 64 };

typedef struct vocab_share {
    const np_engine *e;
    atomic_size_t *next;  /* the next article a share takes */
    size_t expect;        /* the articles a share may count (its table's start) */
    vocab_entry *table;
    size_t cap, n;
    np_status st;
} vocab_share;

/* Puts every entry of the table from (of from_cap slots) into to. */
static void vocab_put_all(vocab_entry *to, size_t cap, const vocab_entry *from, size_t from_cap)
{
    for (size_t i = 0; i < from_cap; i++)
        if (from[i].df)
            to[vocab_find(to, cap, from[i].stem)] = from[i];
}

/* A table of twice v's slots holding v's entries. */
static np_status vocab_share_grow(vocab_share *v)
{
    size_t cap = v->cap * 2;
    vocab_entry *t = np_calloc(v->e->allocator, cap, sizeof *t);
    if (!t)
        return NP_ENOMEM;
    vocab_put_all(t, cap, v->table, v->cap);
    np_free(v->e->allocator, v->table);
    v->table = t;
    v->cap = cap;
    return NP_OK;
}

/* Counts the n stems in v's table (the table, its size and count held in
 * locals: a store of a count is not taken to change them). */
static np_status vocab_count(vocab_share *v, const uint32_t *stems, size_t n)
{
    vocab_entry *table = v->table;
    size_t cap = v->cap, in = v->n;
    np_status st = NP_OK;
    enum { AHEAD = 64 }; /* stems whose entries are fetched ahead */
    for (size_t i = 0; i < n && st == NP_OK; i++) {
        if (i + AHEAD < n)
            __builtin_prefetch(&table[vocab_home(cap, stems[i + AHEAD])], 1);
        vocab_entry *x = &table[vocab_find(table, cap, stems[i])];
        if (x->df) {
            x->df++;
            continue;
        }
        *x = (vocab_entry){ stems[i], 1 };
        if (4 * ++in > 3 * cap) { /* at most three quarters full */
            v->n = in;
            st = vocab_share_grow(v);
            table = v->table;
            cap = v->cap;
        }
    }
    v->n = in;
    return st;
}

/* The slots of a table for n stems: at most three quarters full. */
static size_t vocab_cap_for(size_t n)
{
    size_t cap = 16;
    while (3 * cap < 4 * n)
        cap *= 2;
    return cap;
}

/* Adds the counts of the table from (of from_cap slots) to the table to
 * (of cap slots, room for them all): a stem's df is the sum of its
 * shares' (an article is in one share).  returns: the stems new to `to` */
static size_t vocab_add_all(vocab_entry *to, size_t cap, const vocab_entry *from, size_t from_cap)
{
    size_t added = 0;
    for (size_t i = 0; i < from_cap; i++) {
        if (!from[i].df)
            continue;
        vocab_entry *x = &to[vocab_find(to, cap, from[i].stem)];
        added += !x->df;
        x->df += from[i].df;
        x->stem = from[i].stem;
    }
    return added;
}

static void *vocab_of_share(void *arg)
{
    vocab_share *v = arg;
    const np_engine *e = v->e;
    /* a start at or below a share's distinct stems in gencorpus (one in
     * thirty terms at 20k articles, one in 270 at 1M: a larger corpus
     * repeats its words), grown as it fills; one in thirty made 1M's
     * tables 100 MiB of empty slots, the candidate stage's peak */
    size_t terms = e->n_arts ? (size_t)((uint64_t)e->n_terms * v->expect / e->n_arts) : 0;
    v->cap = 1024;
    while (v->cap < terms / 256)
        v->cap *= 2;
    v->table = np_calloc(e->allocator, v->cap, sizeof *v->table);
    v->st = v->table ? NP_OK : NP_ENOMEM;
    /* terms are unique within an article, so a stem's count is its df */
    uint32_t *mine = NULL;
    size_t room = 0;
    while (v->st == NP_OK) {
        size_t from = atomic_fetch_add(v->next, VOCAB_BLOCK);
        if (from >= e->n_arts)
            break;
        size_t to = from + VOCAB_BLOCK < e->n_arts ? from + VOCAB_BLOCK : e->n_arts;
        size_t most = engine_most_terms(e, from, to);
        if (most + 1 > room) {
            uint32_t *more = np_realloc_array(e->allocator, mine, most + 1, sizeof *mine);
            if (!more) {
                v->st = NP_ENOMEM;
                break;
            }
            mine = more;
            room = most + 1;
        }
        for (size_t i = from; i < to && v->st == NP_OK; i++) {
            const art *r = &e->arts[i];
            engine_term_stems(e, r, mine);
            v->st = vocab_count(v, mine, (size_t)r->term_count + r->fact_count);
        }
    }
    np_free(e->allocator, mine);
    return NULL;
}

float *vocab_idfs(const np_allocator *allocator, const vocab_entry *table, size_t cap, size_t n_arts)
{
    uint32_t most = 0;
    for (size_t i = 0; i < cap; i++)
        most = table[i].df > most ? table[i].df : most;
    float *idf = np_alloc_array(allocator, (size_t)most + 1, sizeof *idf);
    for (uint32_t df = 0; idf && df <= most; df++)
        idf[df] = vocab_idf(n_arts, df);
    return idf;
}

/* Document frequencies of every stem in the vocabulary table (vocab_find:
 * one cache line a lookup), and the idf of each df.  The stems are counted
 * in shares on the threads (blocks of articles), each article's decoded once
 * (each share read every article for the stems of its part before: at
 * two threads each thread did 94% of one thread's work), then the shares'
 * counts added up on the calling thread. */
np_status build_vocabulary(np_engine *e)
{
    const np_allocator *al = e->allocator;
    enum { MAX_SHARES = 16, MIN_SHARE = 1 << 16 };
    size_t parts = e->threads < MAX_SHARES ? e->threads : MAX_SHARES;
    if (parts < 1 || e->n_terms < MIN_SHARE * parts)
        parts = 1;
    vocab_share sh[MAX_SHARES];
    atomic_size_t next;
    atomic_init(&next, 0);
    for (size_t t = 0; t < parts; t++)
        sh[t] = (vocab_share){ .e = e, .next = &next, .expect = (e->n_arts + parts - 1) / parts };
    parallel_pool_run(e->pool, vocab_of_share, sh, parts, sizeof *sh);
    np_status st = NP_OK;
    for (size_t t = 0; t < parts; t++)
        if (sh[t].st != NP_OK)
            st = sh[t].st;
    /* the shares' counts added up (one share: its table) in a table with
     * room for all their stems, then moved to one of the vocabulary's size
     * when that is smaller */
    vocab_entry *all = NULL;
    size_t all_cap = sh[0].cap, n = sh[0].n;
    if (st == NP_OK && parts == 1) {
        all = sh[0].table;
        sh[0].table = NULL;
    } else if (st == NP_OK) {
        size_t most = 0;
        for (size_t t = 0; t < parts; t++)
            most += sh[t].n;
        all_cap = vocab_cap_for(most);
        all = np_calloc(al, all_cap, sizeof *all);
        n = 0;
        for (size_t t = 0; all && t < parts; t++)
            n += vocab_add_all(all, all_cap, sh[t].table, sh[t].cap);
    }
    for (size_t t = 0; t < parts; t++)
        np_free(al, sh[t].table);
    size_t cap = vocab_cap_for(n);
    if (all && all_cap == cap) {
        e->vocab = all; /* it is the vocabulary */
        all = NULL;
    } else if (all && (e->vocab = np_calloc(al, cap, sizeof *e->vocab))) {
        vocab_put_all(e->vocab, cap, all, all_cap);
    }
    np_free(al, all);
    if (!e->vocab)
        return NP_ENOMEM;
    e->vocab_cap = cap;
    e->n_vocab = n;
    e->idf_of_df = vocab_idfs(al, e->vocab, cap, e->n_arts);
    if (!e->idf_of_df)
        return NP_ENOMEM;
    /* coded by id in a copies-only run too: it reads only its candidate
     * pairs' terms, but the ids hold them in about half the bytes (g20k:
     * 648 -> 306 an article) for 1.8% more instructions */
    return engine_code_term_ids(e);
}
