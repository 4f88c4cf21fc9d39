/*
 * sharing: pairs of articles that share keys, counted from an index of the
 * keys' runs (sharing.c).  candidates.c and the staged run's join build it
 * from sorted (key, article) entries; a key shared by more than max_bucket
 * articles is skipped as too common.  Private to src/cluster.
 */
#ifndef NP_SHARING_H
#define NP_SHARING_H

#include "cluster/engine.h"
#include "common/parallel.h"

/* The index laid out for counting: the runs of equal keys that can pair
 * (of 2 to max_bucket entries: a key of one article pairs nothing, and one
 * of more is skipped as too common), and for each article where its
 * partners begin in each of its runs.  A run lists its articles in order,
 * so an article's partners after it (the only ones it counts) are the rest
 * of the run: read to its end mark, no article before it is ever read. */
#define END_OF_RUN UINT32_MAX
typedef struct shared_index {
    const sharing_corpus *c;
    const sharing *how;
    parallel_pool *pool;           /* the threads counting it: NULL, threads of its own */
    uint32_t *arts;                /* the articles of each run, run after run, each ended by END_OF_RUN */
    uint32_t *after;               /* per article, for each run it is in, in key order: the place in arts just after it */
    size_t *art_first;             /* per article: its first in after */
    size_t n_slots, cap_arts;      /* arts so far (end marks too), and their room (index_add_runs) */
    size_t n_in_runs;              /* articles in runs so far */
    int twice;                     /* some run has an article twice */
    /* runs added on threads (index_add_runs): in chunks of slots, each
     * with its articles' counts, from which index_finish fills each
     * chunk's places on a thread; one added on the calling thread alone
     * (one_thread) counts in art_first, and index_finish fills all there */
    uint32_t **chunk_counts;       /* per chunk: per article, its places in the chunk */
    size_t *chunk_from;            /* per chunk: its first slot (in order; the next's ends it) */
    size_t n_chunks;
    int one_thread;
} shared_index;

/* Appends the runs of entries (sorted by key, and after the keys of any
 * added before) that can pair to ix, counting each article's runs. */
np_status index_add_runs(shared_index *ix, const keyed *entries, size_t k);

/* Each article's places after it in its runs, in key order, as the count
 * reads them, once every run is added. */
np_status index_finish(shared_index *ix);

/* Every article's partners after it counted (sharing.c says how), on the
 * index's pool's threads, the pairs appended to out in article order; the
 * index is freed here, before the pairs grow. */
np_status count_index(shared_index *ix, pair_list *out);

/* Frees ix's arrays (it takes no runs after). */
void shared_index_free(shared_index *ix);

/* count_index over entries sorted by key, freed once indexed, on the
 * threads of `pool` (NULL: threads of its own). */
np_status count_shared_on(parallel_pool *pool, const sharing_corpus *c, keyed **entries, size_t k,
                          const sharing *how, pair_list *out);

/* Appends from's pairs to out, giving back from's memory as they go (a
 * block at a time, from its end), so the pairs are not held twice. */
np_status join_pairs(pair_list *out, pair_list *from);

#endif
