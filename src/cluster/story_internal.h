/*
 * story_internal: the story stage's shared types and functions, private
 * to story.c and the files it was split into (story_*.c, storyline.c);
 * engine.h's story_group is the stage's one entry, and story.c's header
 * comment tells the algorithm.
 *
 * A story_state holds the units (a copy family each, its vector in the
 * pool), the stories' centroids and the index that finds candidates.  The
 * small tests the passes make of every candidate are static inline here,
 * so that a pass in another file still has them inlined.
 */
#ifndef NP_STORY_INTERNAL_H
#define NP_STORY_INTERNAL_H

#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "cluster/engine.h"
#include "common/alloc.h"
#include "common/parallel.h"

typedef struct weighted {
    uint32_t stem;
    float w;
} weighted;

/* A fact (a number with its word: analysis_facts) and how many units of a
 * story state it; a unit's own facts have units = 1.  Sorted by noun, then
 * key. */
typedef struct fact_tally {
    uint32_t noun, key, units;
} fact_tally;

typedef struct centroid {
    /* first what the passes read of every candidate they meet: its days,
     * size, norm (the merge pass's bound) and months (the search's stamps
     * are apart, in story_search.seen), in its first 64 bytes */
    int32_t first_day, last_day;
    uint32_t members;
    uint32_t indexed;  /* stamp of the last slice index made with it */
    double norm2;
    weighted *items;   /* sorted by stem; sum of member vectors */
    uint32_t n, cap;
    uint16_t months;   /* months its members name */
    uint8_t n_top;     /* cached heaviest terms, valid while top_valid */
    uint8_t top_valid;
    uint8_t dir_bits;  /* items are bucketed by the top dir_bits bits of stem >> 1 */
    uint8_t dir_valid;
    uint8_t borrowed;  /* items are a unit's vector in the pool: story_centroid_start */
    uint8_t facts_borrowed; /* facts are a unit's in the fact pool: story_tally_start */
    uint32_t top[12];
    uint32_t *dir;     /* bucket b's items start at dir[b]: see centroid_directory */
    uint32_t dir_cap;
    uint32_t n_facts;
    fact_tally *facts; /* its units' facts */
    uint32_t cap_facts;
} centroid;
/* 128 bytes: at 1M articles, 405k of them (152 bytes before) */
_Static_assert(sizeof(centroid) <= 128, "a centroid in two cache lines");

enum { MENTIONS = ART_MENTIONS_MAX };

typedef struct unit {
    uint32_t art;      /* the representative: the family's original */
    uint32_t rank;     /* id order, for ties */
    int32_t day;
    uint32_t vec_first, vec_n; /* into the vector pool (and tf) */
    uint32_t length;   /* sum of its term counts */
    uint32_t story;
    uint16_t months;   /* months its family names */
    uint16_t mentions[MENTIONS]; /* days its representative names */
    uint8_t n_top;     /* its heaviest terms, for the story index */
    uint32_t top[12];
    uint32_t fact_first, n_facts; /* into the fact pool */
} unit;

/* A story in a slice index: its first day, and in span_rank its last day
 * less its first (days are within -40000 to 3000000 of 1970: print_read;
 * an undated story's 0) above SLICE_RANK_BITS bits of where the slice's
 * scan (latest first) meets it.  12 bytes: at 1M articles, the slice
 * indexes were 81 MiB at 16. */
typedef struct slice_entry {
    int32_t first_day;
    uint32_t story;
    uint32_t span_rank;
} slice_entry;

enum { SLICE_RANK_BITS = 8 };

static inline uint32_t slice_rank(const slice_entry *e)
{
    return e->span_rank & ((1u << SLICE_RANK_BITS) - 1);
}

static inline int32_t slice_last_day(const slice_entry *e)
{
    return e->first_day == NO_DAY ? NO_DAY : (int32_t)((int64_t)e->first_day + (e->span_rank >> SLICE_RANK_BITS));
}

/* A slice's stories, undated first, then by first day: see slice_items.
 * 32 bytes, and a slice of one story (most are: at 1M articles, 463k
 * lists of 667k have one) keeps it in it, not in a block of its own. */
typedef struct slice_index {
    union {
        slice_entry *items; /* room for cap of them (cap > 1) */
        slice_entry one;    /* the one (cap 1) */
    } at;
    uint32_t len;       /* the list's length it was made for; 0 = stale */
    int32_t max_span;   /* the longest last_day - first_day of its dated stories */
    uint32_t moved;     /* the refinement's clock when its list or a story's
                         * days last changed */
    uint8_t n, n_undated, cap;
    uint8_t dirty;      /* in story_state.dirty */
} slice_index;

static inline slice_entry *slice_items(slice_index *ix)
{
    return ix->cap <= 1 ? &ix->at.one : ix->at.items;
}

typedef struct posted_node {
    uint32_t stem;
    uint32_t next;      /* the story's next node, or UINT32_MAX */
} posted_node;

typedef struct window_hit {
    uint32_t term, rank, story;
} window_hit;

enum { PREFETCH_AHEAD = 8, INDEX_TERMS = 12, POSTING_SCAN = 100, FULL_TERMS = 40, MERGE_PASSES = 6, REFINE_PASSES = 2,
       MIXTURE_PASSES = 10, TRIM_TERM_BYTES = 1 << 20, TF_ESCAPE = 3, STORY_SHARES = 16, POST_RING = 128,
       SLICE_BLOCKS = 4, POST_CLASSES = 6, POST_SLAB = 1 << 14 };
_Static_assert(POST_RING >= POSTING_SCAN && (POST_RING & (POST_RING - 1)) == 0,
               "a posting list's ring holds the latest POSTING_SCAN");
_Static_assert(4 << (POST_CLASSES - 1) == POST_RING && POST_SLAB % POST_RING == 0,
               "the lists' rooms, 4 to POST_RING entries, each a class, cut from slabs");
_Static_assert(POSTING_SCAN <= 1 << SLICE_RANK_BITS && POSTING_SCAN <= UINT8_MAX,
               "a slice's places fit in a slice entry, its counts in its index");

/* What one search for candidate stories, and the scoring of one unit
 * against them, write: the main thread's is story_state.look; each thread
 * of a parallel pass has its own, sized before the threads start (they
 * allocate nothing). */
typedef struct story_search {
    uint32_t stamp;
    uint32_t *seen;        /* per story: stamp of the last search that met
                            * it, apart from the centroids, whose cache
                            * lines most searches need not fetch */
    uint32_t *found;       /* candidate stories of the current unit */
    size_t n_found, cap_found;
    uint32_t slots[INDEX_TERMS]; /* the posting slots of its terms (0: none), as
                                  * the last search in the lists found them */
    struct window_hit *hits;
    size_t cap_hits;
    /* the current unit's vector as a hash table (stem | 1 -> weight), for
     * its dot products with many centroids: see unit_dot */
    uint32_t *probe_keys;
    uint32_t *probe_gen;   /* a slot is taken when this is probe_now */
    uint32_t probe_now;
    float *probe_weights;
    size_t probe_cap;      /* a power of two, 2^(32 - probe_shift) */
    uint8_t probe_shift;
    const weighted *probe_v;
    size_t probe_n;
    uint8_t probe_filled;  /* probe_v is in the table (story_probe_load) */
    /* a thread's search reads the caches that centroids and slices keep
     * and fills none: a centroid's missing directory is done without, a
     * stale slice index sets `missed` (the unit is then weighed again on
     * the calling thread) */
    uint8_t shared, missed;
} story_search;

typedef struct story_state {
    np_engine *e;
    parallel_pool *threads; /* the engine's (e->pool), for the stage's many
                             * small parallel steps of story_shares(s);
                             * NULL on one thread */
    weighted *pool;    /* all unit vectors, L2-normalised */
    fact_tally *fact_pool; /* all units' facts */
    fact_tally *fact_merge; /* scratch for tally updates */
    size_t cap_fact_merge;
    uint8_t *tf;       /* beside the pool: each stem's count in the text,
                        * less one, in two bits (four a byte, the lower
                        * first), TF_ESCAPE for one in big_tfs: see
                        * pool_tf */
    big_tf *big_tfs;   /* the counts of 0 or above TF_ESCAPE, by pool index */
    size_t n_big_tfs, cap_big_tfs;
    size_t n_vocab;    /* distinct stems of the corpus, for the mixture model */
    unit *units;
    size_t n_units;
    centroid *cents;
    size_t n_cents, cap_cents;
    struct add_step *steps; /* scratch for centroid updates */
    size_t cap_steps;
    const uint32_t *rank; /* per article: position in id order */

    /* inverted index: stem -> stories whose units had it among their top
     * terms, appended in time order; finds the stories worth scoring.  A
     * stem's list has a slot of its own in the arrays below (slot 0 is
     * no stem's, empty), found through post_table (post_slot): the slots
     * and their slice indexes take room for the stems there are, not for
     * the table's empty places */
    struct post_entry *post_table; /* open addressing, stem 0 = empty */
    size_t post_table_cap;
    uint32_t *post_keys;   /* per slot: its stem (slot 0: 0) */
    union post_list *post_lists;
    uint32_t *post_len, *post_cap;
    size_t post_slots, post_room; /* slots made (slot 0 too), and room for them */
    /* the lists' rooms of more than one entry (4 << c for class c, up to
     * POST_RING), cut from slabs: a room given up as its list grows is
     * kept for the next list of its class (the first entry of a room
     * given up holds the next one's address); a realloc a growth and a
     * free a list were 13M instructions of the calling thread at g20k */
    uint32_t *post_given[POST_CLASSES];
    uint32_t **post_slabs;
    size_t n_post_slabs, cap_post_slabs;
    uint32_t *post_slab_at;
    size_t post_slab_left;
    story_search look;     /* the calling thread's (look.seen: cap_cents) */

    /* for the refinement passes, each posting slice (the latest
     * POSTING_SCAN of a list) indexed by time, and for each story the
     * stems it is posted under, to mark their indexes stale when its days
     * widen: see story_in_window */
    struct slice_index *slices; /* per posting slot; NULL outside refine */
    uint32_t slices_made;       /* the clock when they were last made anew */
    /* the rooms story_slices_make_all made, each call's in one block (a
     * room in none is its index's own): a malloc and a free a slot were
     * 16M instructions of the calling thread at g20k */
    struct slice_entry *slice_blocks[SLICE_BLOCKS];
    size_t slice_block_n[SLICE_BLOCKS];
    size_t n_slice_blocks;
    uint32_t *dirty;            /* slots whose index went stale since the last
                                 * batch of the refinement: room for every slot */
    size_t n_dirty;
    uint32_t index_stamp;
    uint32_t *posted_first;     /* per story: its first node, or UINT32_MAX */
    struct posted_node *posted;
    size_t n_posted, cap_posted;
    /* while the merge pass runs, its union-find: the slice indexes then
     * hold the stories' roots, with the roots' days */
    const uint32_t *roots;
    uint32_t *changed;     /* per story: the clock of its last move */
    uint32_t *scored;      /* per unit: the clock of its last weighing */
    uint32_t clock;        /* moves so far, plus one */
    /* the refinement's first pass's weights of each unit's candidates,
     * for the second: see refine_keep */
    uint32_t *prior_first, *prior_n; /* per unit: its list (n 0: none) */
    uint32_t *prior_story; /* its candidates, then UINT32_MAX for its own story */
    double *prior_w;       /* beside prior_story: their weights */
    size_t n_prior, cap_prior_story, cap_prior_w;
    uint8_t prior_keep, prior_use; /* the pass keeps them, reads them */
    /* the first pass's similarities of each unit with the stories it
     * weighed, for the refinement: see story_online_known */
    uint32_t *online_last;  /* per story: the turn (unit, plus one) of the
                             * last unit it took in the first pass;
                             * UINT32_MAX once the merge pass merged it */
    uint32_t *online_first; /* per unit, and one more: its list starts */
    uint32_t *online_story; /* the stories weighed */
    double *online_sim;     /* beside online_story: the similarities */
    size_t n_online, cap_online, cap_online_last;
    uint8_t online_full;    /* keeps no more (room spent) */
    /* with units of two languages of names (story_languages): the stems
     * (>> 1) of the numbers among the vectors' names and numbers, which a
     * story of another language shares without sharing a name; NULL in a
     * corpus of one language */
    struct idset *numbers;
} story_state;

#define MONTH_PENALTY 0.5 /* similarity kept when unit and story name different months */

/* The count of the pool's term at: two bits, the rarer larger count
 * apart (only the mixture of short texts reads them; at 200k articles
 * 86% of the counts are 1, 11% 2, 2% 3). */
static inline uint32_t pool_tf(const story_state *s, size_t at)
{
    uint32_t code = (s->tf[at >> 2] >> (2 * (at & 3))) & 3;
    return code < TF_ESCAPE ? code + 1 : big_tf_find(s->big_tfs, s->n_big_tfs, at);
}

static inline void centroid_touch_day(centroid *c, int32_t day)
{
    if (day == NO_DAY)
        return;
    if (c->first_day == NO_DAY || day < c->first_day)
        c->first_day = day;
    if (c->last_day == NO_DAY || day > c->last_day)
        c->last_day = day;
}

static inline int within(int32_t day, const centroid *c, int window)
{
    if (day == NO_DAY || c->first_day == NO_DAY)
        return 1;
    return day >= c->first_day - window && day <= c->last_day + window;
}

/* Is k a story of undated units only, and x a dated unit?  The first pass
 * keeps them apart (an undated unit joins only undated stories there), and
 * so do the passes that move one unit at a time: an undated story's time
 * is not known, and one dated report's similarity is too little to give
 * it one (ECB+ dev: dated reports of a coach's hiring left their dated
 * story for the undated reports of his firing).  Whole stories, dated and
 * undated, meet in the merge pass on all their members' similarity. */
static inline int dated_to_undated(const unit *x, const centroid *k)
{
    return x->day != NO_DAY && k->first_day == NO_DAY;
}

/* Would story c, given an article of this day, span more than span days
 * (0: no limit)?  An event is days or weeks; a story that keeps taking
 * the next article of its topic within the window would otherwise run on
 * for months (one "sport" story of 23,000 articles over two years at 200k
 * generated articles), its centroid a topic's, not an event's. */
static inline int too_long(const centroid *c, int32_t day, int span)
{
    if (!span || day == NO_DAY || c->first_day == NO_DAY)
        return 0;
    return day > c->first_day + span || day < c->last_day - span;
}

/* Would stories a and b, merged, span more than span days? */
static inline int merged_too_long(const centroid *a, const centroid *b, int span)
{
    if (!span || a->first_day == NO_DAY || b->first_day == NO_DAY)
        return 0;
    int32_t first = a->first_day < b->first_day ? a->first_day : b->first_day;
    int32_t last = a->last_day > b->last_day ? a->last_day : b->last_day;
    return last - first > span;
}

/* Two sets of months with none in common, not even a neighbour: the texts
 * talk about different times, a sign of different events. */
static inline int months_apart(uint16_t a, uint16_t b)
{
    if (!a || !b)
        return 0;
    uint16_t near_b = (uint16_t)(b | ((b << 1) & 0xFFF) | (b >> 1) | ((b & 0x800) ? 1 : 0) |
                                 ((b & 1) ? 0x800 : 0));
    return (a & near_b) == 0;
}

/* The similarity a unit needs to join a story.  A text of a few words (a
 * headline) shares few of them with anything, so its cosines run low: the
 * threshold falls with the square root of its term count below FULL_TERMS. */
static inline double short_scale(double terms)
{
    double scale = sqrt(terms / FULL_TERMS);
    if (scale > 1)
        scale = 1;
    if (scale < 0.3)
        scale = 0.3;
    return scale;
}

static inline double join_threshold(const np_params *p, const unit *x)
{
    return p->story_threshold * short_scale((double)x->vec_n);
}

/* The root of x in a union-find, read only (a thread's). */
static inline uint32_t story_root(const uint32_t *parent, uint32_t x)
{
    while (parent[x] != x)
        x = parent[x];
    return x;
}

typedef struct post_entry {
    uint32_t stem, slot;
} post_entry;

/* A posting list: room for post_cap of its entries, or with room for one
 * (most lists: see slice_index), the entry itself. */
typedef union post_list {
    uint32_t *items;
    uint32_t one;
} post_list;

/* Slot j's posting list's entries: entry k (counted from the list's
 * start) is at k mod its room (a power of two): a list keeps its latest
 * POST_RING entries at most, since every reader reads the latest
 * POSTING_SCAN alone (story_post_add). */
static inline const uint32_t *post_items(const story_state *s, size_t j)
{
    return s->post_cap[j] <= 1 ? &s->post_lists[j].one : s->post_lists[j].items;
}

static inline uint32_t post_at(const story_state *s, size_t j, uint32_t k)
{
    return post_items(s, j)[k & (s->post_cap[j] - 1)];
}

/* Where stem goes in post_table: its entry, or the empty one. */
static inline size_t post_table_find(const story_state *s, uint32_t stem)
{
    size_t j = (stem * 2654435761u) & (s->post_table_cap - 1);
    while (s->post_table[j].stem && s->post_table[j].stem != stem)
        j = (j + 1) & (s->post_table_cap - 1);
    return j;
}

/* The slot of stem's posting list; 0 (post_keys[0] is 0) when it has none. */
static inline size_t post_slot(const story_state *s, uint32_t stem)
{
    if (!s->post_table_cap)
        return 0;
    const post_entry *p = &s->post_table[post_table_find(s, stem)];
    return p->stem ? p->slot : 0;
}

/* story_vector.c: the units' vectors.  story_vectors_make fills units
 * [from, to), whose art, vec_first (room for all the representative's
 * terms), fact_first and n_facts are set, on the engine's threads: vector,
 * counts, length, top terms and sorted facts (from noun_first[u] in the
 * engine's nouns). */
enum { VECTOR_SHARES = 64 };
double story_dot(const weighted *a, size_t na, const weighted *b, size_t nb);
size_t story_top_terms(const weighted *v, size_t n, uint32_t out[INDEX_TERMS]);
np_status story_vectors_make(story_state *s, const size_t *noun_first, size_t from, size_t to);

/* c's heaviest terms, cached in it until its terms change. */
static inline void story_centroid_top(centroid *c)
{
    if (!c->top_valid) {
        c->n_top = (uint8_t)story_top_terms(c->items, c->n, c->top);
        c->top_valid = 1;
    }
}

/* story_centroid.c: centroids, a unit's similarity to a story. */
np_status story_reserve(const np_allocator *al, void **array, size_t *cap, size_t need, size_t size);
np_status story_centroid_add(story_state *s, centroid *c, const weighted *v, size_t nv, double sign);
double story_norm2(const weighted *v, size_t nv);
void story_centroids_fit(story_state *s);
void story_centroid_start(centroid *c, weighted *v, size_t nv, double n2, const uint32_t *top, size_t n_top);
/* story_facts.c: fact tallies, and the facts and days that keep a unit out. */
np_status story_tally_add(story_state *s, centroid *c, const fact_tally *f, size_t nf, int sign);
void story_tally_start(centroid *c, fact_tally *f, size_t nf);
int story_facts_conflict(const fact_tally *a, size_t na, uint32_t units_a, const fact_tally *b, size_t nb,
                   uint32_t units_b);
int story_unit_conflicts(const story_state *s, const unit *x, const centroid *c);
int story_days_apart(const uint16_t *mentions, int32_t unit_day, const centroid *c, int window);
/* story_centroid.c, again: the probe (a unit's vector loaded for its dot products) */
np_status story_probe_reserve(const np_allocator *al, story_search *q, size_t nv);
np_status story_probe_load(story_state *s, story_search *q, const weighted *v, size_t nv);
double story_probe_dot(story_search *q, const weighted *items, size_t n);
double story_similarity(story_state *s, story_search *q, centroid *c, int self, np_status *st);
np_status story_centroid_merge(story_state *s, centroid *a, centroid *b);
/* story_online.c: the first pass's weighings kept for the refinement */
void story_online_kept_begin(story_state *s);
np_status story_online_last_grow(story_state *s);
void story_online_keep(story_state *s, const unit *x, uint32_t c, double w);
void story_online_place(story_state *s, const unit *x, uint32_t story_index);
void story_online_settle(story_state *s);
void story_online_free(story_state *s);
int story_online_known(const story_state *s, const unit *x, uint32_t c, double *sim);
double story_gallop_dot(const weighted *v, size_t nv, const weighted *items, size_t n);
np_status story_centroids_dot(story_state *s, const story_search *q, centroid *a, centroid *b, double *out);

/* story_search.c: posting lists, searches, slice indexes. */
size_t story_shares(const story_state *s);
np_status story_searches_make(story_state *s, size_t n, int probe, story_search **out);
np_status story_searches_grow(story_state *s, size_t n, story_search *qs);
void story_searches_free(story_state *s, size_t n, story_search *qs);
void story_post_free(story_state *s);
np_status story_post_add(story_state *s, const unit *x, uint32_t story_index);
np_status story_post_add_at(story_state *s, const unit *x, uint32_t story_index, const uint32_t *slots);
np_status story_centroid_candidates(story_state *s, story_search *q, centroid *c);
np_status story_centroid_near(story_state *s, story_search *q, centroid *c, int window);
np_status story_candidates_of(story_state *s, story_search *q, const unit *x);
np_status story_slice_index_make(story_state *s, size_t j, story_search *q);
np_status story_in_window(story_state *s, story_search *q, const unit *x, int window);
np_status story_slices_begin(story_state *s);
/* The slices of a pass made ready for the next one's (its slices_begin),
 * the posting lists as they were when they were begun: every index
 * stale, its room kept; the clocks and marks back to their start. */
np_status story_slices_renew(story_state *s);
np_status story_slices_make_all(story_state *s, size_t shares);
np_status story_slices_refresh(story_state *s);
void story_slices_free(story_state *s);
void story_slices_stale(story_state *s, uint32_t story_index);
int story_slices_moved(const story_state *s, const uint32_t *top, size_t n_top, uint32_t since);
void story_refine_touch_day(story_state *s, uint32_t story_index, int32_t day);

/* story_online.c: the first pass. */
np_status story_online(story_state *s);

/* story_passes.c: the merge pass, and the batches on threads all the
 * passes run in (below); story_refine.c: the refinement. */
int story_found_changed(const uint32_t *found, size_t n_found, const uint32_t *changed, uint32_t own, uint32_t since);
np_status story_merge_pass(story_state *s);
np_status story_refine(story_state *s, unsigned round);
/* Keeps unit u's weighing in the refinement's first pass for the second:
 * found's weights, then its own story's (n_found + 1 in weights), as a
 * list of those above -INFINITY, then its own (see prior_list). */
void story_refine_keep(story_state *s, size_t u, const uint32_t *found, size_t n_found, const double *weights);

/* Passes on the engine's threads.  A pass that weighs each story (or
 * unit) against its candidates and then moves it runs in batches: the
 * batch's items are weighed on the threads against the stories as they
 * are (each thread its own items, their candidates kept, reading the
 * stories only), then the calling thread takes their turns in order as
 * one thread would, using an item's weighing when no move of the batch
 * touched what it read, else weighing it again: the same moves as one
 * thread makes. */
enum { GUESS_BATCH = 256 };

typedef struct guess {
    uint32_t found_at, n_found; /* its candidates, in the batch's list (the merge
                                 * pass's: the stories it made a dot product with) */
    uint32_t best;              /* where it would go */
    uint8_t weighed;            /* 0: unchanged since last weighed, or nothing to weigh */
    uint8_t missed;             /* its candidates could not be found: no guess */
    uint32_t slots[INDEX_TERMS]; /* the refinement's and the first pass's: its terms' posting slots */
    uint32_t lens[INDEX_TERMS];  /* the first pass's: their lists' lengths, */
    uint32_t n_kept;             /* its candidates of a weight above -1 (in kept), */
    uint64_t bloom[8];           /* and a Bloom filter of them all (guess_bloom_bit); */
    double norm2;                /* its vector's story_norm2 */
} guess;

typedef struct guess_batch guess_batch;
struct guess_batch {
    story_state *s;
    struct merge_state *m;      /* the merge pass's stories, or NULL */
    struct online_state *o;     /* the first pass's changes, or NULL */
    story_search *qs;           /* per share */
    guess *guesses;             /* per item of the batch */
    uint32_t *found;            /* batch lists of up to list_cap - 1 */
    double *weights;            /* beside found: the refinement's, and its own;
                                 * the merge pass's dot products */
    uint32_t *kept;             /* beside found: the first pass's, see guess */
    size_t batch;               /* items a batch (GUESS_BATCH when 0) */
    size_t list_cap;            /* (for the stories there are when 0) */
    size_t lo, hi, shares;
    atomic_size_t next;         /* the batch's next item a thread takes */
    np_status status[STORY_SHARES];
    /* item's guess on a thread, its candidates already in q->found */
    np_status (*weigh)(guess_batch *b, story_search *q, size_t item, guess *g);
    np_status (*prepare)(guess_batch *b); /* before the threads, or NULL */
    /* item's turn on the calling thread, with its guess */
    np_status (*commit)(guess_batch *b, size_t item, const guess *g, const uint32_t *found, uint32_t since);
    const uint32_t *clock;      /* the pass's clock of moves */
    const char *step;           /* for progress: the pass's name and round */
    unsigned round, shown;
};

/* Runs b's pass over n items in batches; with probe, the items are units
 * weighed with their vectors (the refinement), their weights kept. */
np_status story_guesses_run(guess_batch *b, size_t n, int probe);
/* Keeps the candidates in q->found as the guess's. */
np_status story_guess_keep(guess_batch *b, const story_search *q, guess *g);

/* story_mixture.c: the mixture of short texts. */
np_status story_mixture(story_state *s);

/* story_crosslang.c: stories of different languages joined on their
 * shared names and numbers (nothing done in a corpus of one language).
 * story_languages: whether the units are of two languages that write
 * names alike, and so whether the vectors keep their numbers' stems. */
int story_languages(const story_state *s);
np_status story_cross_language(story_state *s);

/* story_lone.c: a story of one report joins the story it is far more
 * like than any other (LONE_MARGIN), at any distance in time. */
np_status story_lone_reports(story_state *s);

/* storyline.c: the stories' numbers, summaries and storylines. */
np_status story_publish(story_state *s);
/* story.c: gives back the unit vectors and the centroids' terms,
 * directories and tallies, once no step reads them (their heaviest terms,
 * which story_centroid_near reads, made first). */
void story_terms_release(story_state *s);
/* The same for one centroid (a thread may release its own stories' while
 * others release theirs: the allocator is thread-safe); released twice,
 * nothing more is done. */
void story_centroid_release(story_state *s, centroid *c);

#endif
