/*
 * story: same-event stories and the storylines that link them.
 *
 * Each article is a tf-idf vector of its stems in two parts, names and
 * numbers apart from other words, each part normalised and scaled so that
 * the dot product of two vectors is (1 - s) cos(words) + s cos(names) with
 * s = name_share (after Miranda et al., EMNLP 2018: two earthquakes in one
 * week differ in places, people and magnitudes, not in the word
 * "earthquake").  A copy family moves as one unit, represented by its
 * original, so a family always lands in one story.
 * Stories: single-pass clustering in time order (TDT, Allan et al. 1998):
 * each unit joins the most similar open story (cosine with the story's
 * centroid, open while within story_window days of the unit) if the
 * similarity reaches story_threshold, else it starts one (the longer
 * text first within a day).  Undated units come after dated ones, the
 * longer first, and join only stories of undated units; the merge pass
 * (average member similarity) and the refinement pass decide whether
 * they belong to a dated story.  A batch pass then moves each unit to the
 * story it is most similar to, measured against centroids without the
 * unit itself.  The later passes look move_window days around a unit or
 * story, less than story_window: a story that keeps receiving reports
 * stays open in the first pass (an event's trial or aftermath runs over a
 * week), while the later passes' reach only multiplies their candidates.
 * No pass lets a story span more than story_span days: a story open
 * while reports keep coming would otherwise take the next article of its
 * topic for months.  Last, a short text (a headline, whose cosines are
 * weak) moves to the story of short texts under which its words are
 * likeliest in a Dirichlet multinomial mixture (GSDMM, Yin and Wang,
 * KDD 2014).
 * Facts (a number with its word: "23 pirates", "seventh round") are terms
 * of the vectors, and each story keeps a tally of them: a unit does not
 * move, nor two stories merge, across conflicting facts (facts_conflict:
 * both sides give one word different numbers), which is what tells two
 * events of one kind apart when their names are the same.  The online
 * pass does not test them: a story's figures still change as it grows (a
 * death toll rises), and a first report may give another.
 * Storylines: stories whose centroids' names and numbers reach
 * storyline_threshold (cosine), within storyline_window days, are joined
 * (union-find): a storyline follows the same people and places.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "common/sort.h"
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
     * are apart, in story_state.seen) */
    int32_t first_day, last_day;
    uint32_t members;
    uint32_t indexed;  /* stamp of the last slice index made with it */
    double norm2;
    uint16_t months;   /* months its members name */
    weighted *items;   /* sorted by stem; sum of member vectors */
    size_t n, cap;
    uint8_t n_top;     /* cached heaviest terms, valid while top_valid */
    uint8_t top_valid;
    uint8_t dir_bits;  /* items are bucketed by the top dir_bits bits of stem >> 1 */
    uint8_t dir_valid;
    uint8_t borrowed;  /* items are a unit's vector in the pool: centroid_start */
    uint32_t top[12];
    uint32_t *dir;     /* bucket b's items start at dir[b]: see centroid_directory */
    size_t dir_cap;
    fact_tally *facts; /* its units' facts */
    size_t cap_facts;
    uint32_t n_facts;
} centroid;

enum { MENTIONS = 4 };

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

typedef struct slice_entry {
    int32_t first_day, last_day;
    uint32_t story;
    uint32_t rank;     /* where the slice's scan (latest first) meets it */
} slice_entry;

typedef struct slice_index {
    slice_entry *items; /* its stories, undated first, then by first day */
    uint32_t n, n_undated, cap;
    uint32_t len;       /* the list's length it was made for; 0 = stale */
    int32_t max_span;   /* the longest last_day - first_day of its dated stories */
    uint32_t moved;     /* the refinement's clock when its list or a story's
                         * days last changed */
    uint8_t dirty;      /* in story_state.dirty */
} slice_index;

typedef struct posted_node {
    uint32_t stem;
    uint32_t next;      /* the story's next node, or UINT32_MAX */
} posted_node;

typedef struct window_hit {
    uint32_t term, rank, story;
} window_hit;

enum { PREFETCH_AHEAD = 8, INDEX_TERMS = 12, POSTING_SCAN = 100, FULL_TERMS = 40, MERGE_PASSES = 6, REFINE_PASSES = 2,
       MIXTURE_PASSES = 10, TRIM_TERMS = 1 << 18, TF_ESCAPE = UINT8_MAX, STORY_SHARES = 16 };

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
    struct window_hit *hits;
    size_t cap_hits;
    /* the current unit's vector as a hash table (stem | 1 -> weight), for
     * its dot products with many centroids: see unit_dot */
    uint32_t *probe_keys;
    uint32_t *probe_gen;   /* a slot is taken when this is probe_now */
    uint32_t probe_now;
    float *probe_weights;
    size_t probe_cap;
    const weighted *probe_v;
    size_t probe_n;
    /* a thread's search reads the caches that centroids and slices keep
     * and fills none: a centroid's missing directory is done without, a
     * stale slice index sets `missed` (the unit is then weighed again on
     * the calling thread) */
    uint8_t shared, missed;
} story_search;

typedef struct story_state {
    np_engine *e;
    weighted *pool;    /* all unit vectors, L2-normalised */
    fact_tally *fact_pool; /* all units' facts */
    fact_tally *fact_merge; /* scratch for tally updates */
    size_t cap_fact_merge;
    uint8_t *tf;       /* beside the pool: each stem's count in the text,
                        * TF_ESCAPE for one in big_tfs: see pool_tf */
    big_tf *big_tfs;   /* the counts of TF_ESCAPE or more, by pool index */
    size_t n_big_tfs, cap_big_tfs;
    size_t n_vocab;    /* distinct stems of the corpus, for the mixture model */
    unit *units;
    size_t n_units;
    centroid *cents;
    size_t n_cents, cap_cents;
    weighted *merge;   /* scratch for centroid updates */
    size_t cap_merge;
    const uint32_t *rank; /* per article: position in id order */

    /* inverted index: stem -> stories whose units had it among their top
     * terms, appended in time order; finds the stories worth scoring */
    uint32_t *post_keys;   /* open addressing, 0 = empty */
    uint32_t **post_lists;
    uint32_t *post_len, *post_cap;
    size_t post_slots, post_used;
    story_search look;     /* the calling thread's (look.seen: cap_cents) */

    /* for the refinement passes, each posting slice (the latest
     * POSTING_SCAN of a list) indexed by time, and for each story the
     * stems it is posted under, to mark their indexes stale when its days
     * widen: see stories_in_window */
    struct slice_index *slices; /* per posting slot; NULL outside refine */
    uint32_t slices_made;       /* the clock when they were last made anew */
    uint32_t *dirty;            /* slots whose index went stale since the last
                                 * batch of the refinement: room for every slot */
    size_t n_dirty;
    uint32_t index_stamp;
    uint32_t *posted_first;     /* per story: its first node, or UINT32_MAX */
    struct posted_node *posted;
    size_t n_posted, cap_posted;
    uint32_t *changed;     /* per story: the clock of its last move */
    uint32_t *scored;      /* per unit: the clock of its last weighing */
    uint32_t clock;        /* moves so far, plus one */
} story_state;

#define MONTH_PENALTY 0.5 /* similarity kept when unit and story name different months */

static double dot(const weighted *a, size_t na, const weighted *b, size_t nb)
{
    double s = 0;
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        uint32_t x = a[i].stem >> 1, y = b[j].stem >> 1;
        if (x < y)
            i++;
        else if (x > y)
            j++;
        else
            s += (double)a[i++].w * b[j++].w;
    }
    return s;
}

/* Terms in the names part of a vector: names and numbers.  A fact weighs
 * with the other words: the names part is the smaller, and there a fact
 * stated once outweighed the names two reports share. */
#define NAME_PART (TERM_NAME | TERM_NUMBER)

/* The unit's vector: tf-idf over its representative's terms, names and
 * other words normalised apart and mixed by name_share, sorted by stem (the
 * words and the facts are two sorted runs: merged here), with each term's
 * count in tf. */
static void make_vector(const np_engine *e, uint32_t art_index, weighted *out, uint16_t *tf, uint32_t *n_out)
{
    const art *r = &e->arts[art_index];
    const uint32_t *stems = e->term_stems;
    size_t words = r->term_first, facts = words + r->term_count, words_end = facts, facts_end = facts + r->fact_count;
    double norm_words = 0, norm_names = 0;
    uint32_t n = 0;
    while (words < words_end || facts < facts_end) {
        size_t x;
        if (facts == facts_end || (words < words_end && stems[words] >> 1 <= stems[facts] >> 1)) {
            x = words++;
            if (facts < facts_end && stems[facts] >> 1 == stems[x] >> 1)
                facts++; /* a fact whose key is a word's stem: the word keeps it */
        } else {
            x = facts++;
        }
        uint32_t x_tf = engine_tf(e, x);
        unsigned name = engine_term_flags(e, x) & NAME_PART;
        double w = (1.0 + log((double)x_tf)) * engine_idf(e, stems[x]);
        if (name)
            norm_names += w * w;
        else
            norm_words += w * w;
        /* bit 0 of a vector's stem marks names and numbers (stems are odd,
         * so clearing it for other words keeps the order) */
        out[n] = (weighted){ (stems[x] & ~1u) | (name ? 1u : 0u), (float)w };
        tf[n++] = (uint16_t)x_tf;
    }
    double share = e->params.name_share;
    /* a text without names (or without other words) is all of one part */
    if (norm_names == 0)
        share = 0;
    else if (norm_words == 0)
        share = 1;
    double scale_words = norm_words > 0 ? sqrt(1 - share) / sqrt(norm_words) : 0;
    double scale_names = norm_names > 0 ? sqrt(share) / sqrt(norm_names) : 0;
    for (uint32_t k = 0; k < n; k++)
        out[k].w = (float)(out[k].w * ((out[k].stem & 1) ? scale_names : scale_words));
    *n_out = n;
}

/* The count of the pool's term at: a byte, the rare larger count apart. */
static uint32_t pool_tf(const story_state *s, size_t at)
{
    return s->tf[at] < TF_ESCAPE ? s->tf[at] : big_tf_find(s->big_tfs, s->n_big_tfs, at);
}

static int cmp_big_tf(const void *a, const void *b)
{
    const big_tf *x = a, *y = b;
    return (x->term > y->term) - (x->term < y->term);
}

/* Room for `need` elements of `size` bytes in *array (capacity *cap). */
static np_status reserve(const np_allocator *al, void **array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return NP_OK;
    void *p = np_realloc_array(al, *array, need, size);
    if (!p)
        return NP_ENOMEM;
    *array = p;
    *cap = need;
    return NP_OK;
}

static np_status centroid_add(story_state *s, centroid *c, const weighted *v, size_t nv, double sign)
{
    if (reserve(s->e->allocator, (void **)&s->merge, &s->cap_merge, c->n + nv, sizeof *s->merge) != NP_OK)
        return NP_ENOMEM;
    size_t i = 0, j = 0, k = 0;
    /* stems compare without bit 0 (the name mark); a stem that is a name
     * in any member stays marked */
    while (i < c->n || j < nv) {
        if (j == nv || (i < c->n && c->items[i].stem >> 1 < v[j].stem >> 1)) {
            s->merge[k++] = c->items[i++];
        } else if (i == c->n || v[j].stem >> 1 < c->items[i].stem >> 1) {
            s->merge[k++] = (weighted){ v[j].stem, (float)(sign * v[j].w) };
            j++;
        } else {
            float w = (float)(c->items[i].w + sign * v[j].w);
            if (fabsf(w) > 1e-6f)
                s->merge[k++] = (weighted){ c->items[i].stem | (v[j].stem & 1), w };
            i++;
            j++;
        }
    }
    if (c->borrowed) { /* the pool's vector stays as it is: a copy of its own */
        c->items = NULL;
        c->cap = 0;
        c->borrowed = 0;
    }
    size_t room = k + k / 2 + 16;
    if (k > c->cap && reserve(s->e->allocator, (void **)&c->items, &c->cap, room, sizeof *c->items) != NP_OK)
        return NP_ENOMEM;
    if (k)
        memcpy(c->items, s->merge, k * sizeof *c->items);
    c->n = k;
    double n2 = 0;
    for (size_t x = 0; x < k; x++)
        n2 += (double)c->items[x].w * c->items[x].w;
    c->norm2 = n2;
    c->members = (uint32_t)((int64_t)c->members + (sign > 0 ? 1 : -1));
    c->top_valid = 0;
    c->dir_valid = 0;
    return NP_OK;
}

/* A new story's centroid: its first unit's vector, which is what
 * centroid_add would copy (the same stems and weights, so the same sums),
 * read where it is in the pool instead: most stories keep their first
 * unit alone.  Never written nor freed; centroid_add copies it when the
 * story changes. */
static void centroid_start(centroid *c, weighted *v, size_t nv)
{
    double n2 = 0;
    for (size_t x = 0; x < nv; x++)
        n2 += (double)v[x].w * v[x].w;
    c->items = v;
    c->n = nv;
    c->cap = 0;
    c->borrowed = 1;
    c->norm2 = n2;
    c->members = 1;
    c->top_valid = 0;
    c->dir_valid = 0;
}

/* A directory of c's items by the top bits of their stems, two to four
 * items a bucket: stems are hashes, so a stem is found in a step or two,
 * where a binary search of a large centroid takes a dozen. */
static np_status centroid_directory(story_state *s, centroid *c)
{
    if (c->dir_valid)
        return NP_OK;
    unsigned bits = 1;
    while (bits < 24 && ((size_t)4 << bits) <= c->n)
        bits++;
    size_t buckets = (size_t)1 << bits;
    if (buckets + 1 > c->dir_cap) {
        uint32_t *d = np_realloc_array(s->e->allocator, c->dir, buckets + 1, sizeof *d);
        if (!d)
            return NP_ENOMEM;
        c->dir = d;
        c->dir_cap = buckets + 1;
    }
    size_t i = 0;
    for (size_t b = 0; b < buckets; b++) {
        while (i < c->n && (c->items[i].stem >> 1) >> (31 - bits) < b)
            i++;
        c->dir[b] = (uint32_t)i;
    }
    c->dir[buckets] = (uint32_t)c->n;
    c->dir_bits = (uint8_t)bits;
    c->dir_valid = 1;
    return NP_OK;
}

/* dot(v, c) by looking v's stems up in c's directory: the products of
 * the stems they share, added in v's (stem) order as dot() adds them, so
 * the same double. */
static double directory_dot(const weighted *v, size_t nv, const centroid *c)
{
    unsigned shift = 31u - c->dir_bits;
    double sum = 0;
    for (size_t i = 0; i < nv; i++) {
        /* a large centroid is out of cache: its buckets are fetched
         * PREFETCH_AHEAD stems ahead, their items half as far */
        if (i + PREFETCH_AHEAD < nv)
            __builtin_prefetch(&c->dir[(v[i + PREFETCH_AHEAD].stem >> 1) >> shift]);
        if (i + PREFETCH_AHEAD / 2 < nv)
            __builtin_prefetch(&c->items[c->dir[(v[i + PREFETCH_AHEAD / 2].stem >> 1) >> shift]]);
        uint32_t x = v[i].stem >> 1;
        uint32_t b = x >> shift;
        for (uint32_t k = c->dir[b], end = c->dir[b + 1]; k < end; k++) {
            uint32_t y = c->items[k].stem >> 1;
            if (y >= x) {
                if (y == x)
                    sum += (double)v[i].w * c->items[k].w;
                break;
            }
        }
    }
    return sum;
}

/* Adds (sign 1) or takes away (-1) the facts f of units to a story's tally;
 * a fact no unit states any more leaves it. */
static np_status tally_add(story_state *s, centroid *c, const fact_tally *f, size_t nf, int sign)
{
    if (!nf)
        return NP_OK;
    if (reserve(s->e->allocator, (void **)&s->fact_merge, &s->cap_fact_merge, c->n_facts + nf,
                sizeof *s->fact_merge) != NP_OK)
        return NP_ENOMEM;
    size_t i = 0, j = 0, k = 0;
    while (i < c->n_facts || j < nf) {
        const fact_tally *x = i < c->n_facts ? &c->facts[i] : NULL, *y = j < nf ? &f[j] : NULL;
        int order = !x ? 1 : !y ? -1 : x->noun != y->noun ? (x->noun < y->noun ? -1 : 1)
                                   : x->key != y->key ? (x->key < y->key ? -1 : 1) : 0;
        if (order < 0) {
            s->fact_merge[k++] = c->facts[i++];
        } else if (order > 0) {
            if (sign > 0)
                s->fact_merge[k++] = f[j];
            j++;
        } else {
            fact_tally t = c->facts[i++];
            t.units = sign > 0 ? t.units + f[j].units : t.units - f[j].units;
            j++;
            if (t.units)
                s->fact_merge[k++] = t;
        }
    }
    if (k > c->cap_facts &&
        reserve(s->e->allocator, (void **)&c->facts, &c->cap_facts, k + k / 2 + 8, sizeof *c->facts) != NP_OK)
        return NP_ENOMEM;
    if (k)
        memcpy(c->facts, s->fact_merge, k * sizeof *c->facts);
    c->n_facts = (uint32_t)k;
    return NP_OK;
}

/* The number a story gives a word most often: the run [from, to) of one
 * noun, its fact stated by most units (the smaller key on a tie). */
static const fact_tally *tally_top(const fact_tally *f, size_t from, size_t to)
{
    const fact_tally *best = &f[from];
    for (size_t i = from + 1; i < to; i++)
        if (f[i].units > best->units)
            best = &f[i];
    return best;
}

static int tally_has(const fact_tally *f, size_t from, size_t to, uint32_t key)
{
    for (size_t i = from; i < to; i++)
        if (f[i].key == key)
            return 1;
    return 0;
}

/* Do two stories (or a unit and a story) give one word different numbers
 * -- each side's commonest, stated by at least FACT_SHARE of its units and
 * by FACT_SUPPORT units of both together, and neither side ever giving the
 * other's?  "23 pirates" against "26 pirates", "seventh round" against
 * "sixth": two events of one kind.  A single report's odd figure does not
 * count (the share), nor do two texts alone (the support). */
enum { FACT_SUPPORT = 3 };
#define FACT_SHARE 0.5

static int facts_conflict(const fact_tally *a, size_t na, uint32_t units_a, const fact_tally *b, size_t nb,
                          uint32_t units_b)
{
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (a[i].noun != b[j].noun) {
            if (a[i].noun < b[j].noun)
                i++;
            else
                j++;
            continue;
        }
        uint32_t noun = a[i].noun;
        size_t ei = i, ej = j;
        while (ei < na && a[ei].noun == noun)
            ei++;
        while (ej < nb && b[ej].noun == noun)
            ej++;
        const fact_tally *x = tally_top(a, i, ei), *y = tally_top(b, j, ej);
        if (x->key != y->key && x->units >= FACT_SHARE * units_a && y->units >= FACT_SHARE * units_b &&
            x->units + y->units >= FACT_SUPPORT && !tally_has(a, i, ei, y->key) && !tally_has(b, j, ej, x->key))
            return 1;
        i = ei;
        j = ej;
    }
    return 0;
}

/* A unit's facts against a story's (the unit not in it). */
static int unit_conflicts(const story_state *s, const unit *x, const centroid *c)
{
    return facts_conflict(s->fact_pool + x->fact_first, x->n_facts, 1, c->facts, c->n_facts, c->members);
}

static void centroid_touch_day(centroid *c, int32_t day)
{
    if (day == NO_DAY)
        return;
    if (c->first_day == NO_DAY || day < c->first_day)
        c->first_day = day;
    if (c->last_day == NO_DAY || day > c->last_day)
        c->last_day = day;
}

static int within(int32_t day, const centroid *c, int window)
{
    if (day == NO_DAY || c->first_day == NO_DAY)
        return 1;
    return day >= c->first_day - window && day <= c->last_day + window;
}

/* Would story c, given an article of this day, span more than span days
 * (0: no limit)?  An event is days or weeks; a story that keeps taking
 * the next article of its topic within the window would otherwise run on
 * for months (one "sport" story of 23,000 articles over two years at 200k
 * generated articles), its centroid a topic's, not an event's. */
static int too_long(const centroid *c, int32_t day, int span)
{
    if (!span || day == NO_DAY || c->first_day == NO_DAY)
        return 0;
    return day > c->first_day + span || day < c->last_day - span;
}

/* Would stories a and b, merged, span more than span days? */
static int merged_too_long(const centroid *a, const centroid *b, int span)
{
    if (!span || a->first_day == NO_DAY || b->first_day == NO_DAY)
        return 0;
    int32_t first = a->first_day < b->first_day ? a->first_day : b->first_day;
    int32_t last = a->last_day > b->last_day ? a->last_day : b->last_day;
    return last - first > span;
}

/* Two sets of months with none in common, not even a neighbour: the texts
 * talk about different times, a sign of different events. */
static int months_apart(uint16_t a, uint16_t b)
{
    if (!a || !b)
        return 0;
    uint16_t near_b = (uint16_t)(b | ((b << 1) & 0xFFF) | (b >> 1) | ((b & 0x800) ? 1 : 0) |
                                 ((b & 1) ? 0x800 : 0));
    return (a & near_b) == 0;
}

static int day_of_year(int month, int day)
{
    static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
    return before[month - 1] + day;
}

static int day_of_year_of(int32_t days)
{
    /* civil from days (Howard Hinnant's algorithm), month and day only */
    int64_t z = (int64_t)days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    return day_of_year(m, d);
}

/* An undated unit that names days ("Tuesday, March 4") against a dated
 * story: does any named day fall within the story's days, give or take the
 * window?  1 when they disagree. */
static int days_apart(const uint16_t *mentions, int32_t unit_day, const centroid *c, int window)
{
    if (unit_day != NO_DAY || c->first_day == NO_DAY || !mentions[0])
        return 0;
    if (c->last_day - c->first_day + 2 * window >= 365)
        return 0;
    int from = day_of_year_of(c->first_day) - window;
    int to = from + (c->last_day - c->first_day) + 2 * window;
    for (size_t i = 0; i < MENTIONS && mentions[i]; i++) {
        int d = day_of_year(mentions[i] >> 5, mentions[i] & 31);
        for (int shift = -365; shift <= 365; shift += 365)
            if (d + shift >= from && d + shift <= to)
                return 0;
    }
    return 1;
}

/* The similarity a unit needs to join a story.  A text of a few words (a
 * headline) shares few of them with anything, so its cosines run low: the
 * threshold falls with the square root of its term count below FULL_TERMS. */
static double short_scale(double terms)
{
    double scale = sqrt(terms / FULL_TERMS);
    if (scale > 1)
        scale = 1;
    if (scale < 0.3)
        scale = 0.3;
    return scale;
}

static double join_threshold(const np_params *p, const unit *x)
{
    return p->story_threshold * short_scale((double)x->vec_n);
}

static size_t probe_slot(const story_search *q, uint32_t key)
{
    size_t mask = q->probe_cap - 1, j = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 40) & mask;
    while (q->probe_gen[j] == q->probe_now && q->probe_keys[j] != key)
        j = (j + 1) & mask;
    return j;
}

/* Room in q's probe table for a vector of nv terms (a new table when its
 * generations run out). */
static np_status probe_reserve(const np_allocator *al, story_search *q, size_t nv)
{
    size_t cap = 64;
    while (cap < 2 * nv)
        cap *= 2;
    if (cap <= q->probe_cap && q->probe_now != UINT32_MAX)
        return NP_OK;
    if (cap < q->probe_cap)
        cap = q->probe_cap;
    uint32_t *keys = np_alloc_array(al, cap, sizeof *keys);
    uint32_t *gen = np_calloc(al, cap, sizeof *gen);
    float *weights = np_alloc_array(al, cap, sizeof *weights);
    if (!keys || !gen || !weights) {
        np_free(al, keys);
        np_free(al, gen);
        np_free(al, weights);
        return NP_ENOMEM;
    }
    np_free(al, q->probe_keys);
    np_free(al, q->probe_gen);
    np_free(al, q->probe_weights);
    q->probe_keys = keys;
    q->probe_gen = gen;
    q->probe_weights = weights;
    q->probe_cap = cap;
    q->probe_now = 0;
    return NP_OK;
}

/* Makes v the unit that unit_dot measures.  A slot is taken only when its
 * generation is the current one, so the last unit's entries need no
 * clearing.  A thread's table is made large enough beforehand. */
static np_status probe_load(story_state *s, story_search *q, const weighted *v, size_t nv)
{
    if (!q->shared && probe_reserve(s->e->allocator, q, nv) != NP_OK)
        return NP_ENOMEM;
    q->probe_now++;
    for (size_t i = 0; i < nv; i++) {
        size_t j = probe_slot(q, v[i].stem | 1u);
        q->probe_keys[j] = v[i].stem | 1u;
        q->probe_gen[j] = q->probe_now;
        q->probe_weights[j] = v[i].w;
    }
    q->probe_v = v;
    q->probe_n = nv;
    return NP_OK;
}

/* dot(v, c) of the loaded unit v: the same products added in the same
 * (stem) order as dot(), so the same double, but each step a probe of a
 * small table instead of a branchy merge; a centroid much larger than v
 * is searched for v's stems in its directory instead (a thread's search
 * makes none: it probes when the directory is missing). */
static double unit_dot(story_state *s, story_search *q, centroid *c, np_status *st)
{
    size_t nc = c->n;
    if (nc > 2 * q->probe_n && (c->dir_valid || !q->shared)) {
        if ((*st = centroid_directory(s, c)) != NP_OK)
            return 0;
        return directory_dot(q->probe_v, q->probe_n, c);
    }
    double sum = 0;
    for (size_t k = 0; k < nc; k++) {
        size_t j = probe_slot(q, c->items[k].stem | 1u);
        if (q->probe_gen[j] == q->probe_now)
            sum += (double)q->probe_weights[j] * c->items[k].w;
    }
    return sum;
}

/* Cosine of the loaded unit with a centroid (with `self`, the centroid
 * without the unit, which is in it). */
static double similarity(story_state *s, story_search *q, centroid *c, int self, np_status *st)
{
    double d = unit_dot(s, q, c, st);
    double n2 = c->norm2;
    if (self) {
        if (c->members <= 1)
            return -1;
        n2 = n2 - 2 * d + 1.0; /* |S - v|^2 with |v| = 1 */
        d -= 1.0;              /* v.(S - v) */
    }
    return n2 > 1e-12 ? d / sqrt(n2) : 0;
}

static int cmp_tally(const void *a, const void *b)
{
    const fact_tally *x = a, *y = b;
    if (x->noun != y->noun)
        return x->noun < y->noun ? -1 : 1;
    return (x->key > y->key) - (x->key < y->key);
}

static int cmp_units(const void *a, const void *b)
{
    const unit *x = a, *y = b;
    int xd = x->day != NO_DAY, yd = y->day != NO_DAY;
    if (xd != yd)
        return yd - xd; /* dated first */
    if (xd && x->day != y->day)
        return x->day < y->day ? -1 : 1;
    /* within a day, and among undated units, the longer text first: a
     * story then starts from its fullest account, and the order does not
     * depend on how the ids happen to be named (in id order, the undated
     * units of a test set came grouped by topic; in shuffled orders ECB+
     * dev B3 F1 ranged 0.904-0.914) */
    if (x->length != y->length)
        return x->length > y->length ? -1 : 1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

static np_status new_story(story_state *s, uint32_t *index)
{
    if (s->n_cents == s->cap_cents) {
        size_t cap = s->cap_cents ? s->cap_cents * 2 : 256;
        centroid *c = np_realloc_array(s->e->allocator, s->cents, cap, sizeof *c);
        if (!c)
            return NP_ENOMEM;
        s->cents = c;
        uint32_t *seen = np_realloc_array(s->e->allocator, s->look.seen, cap, sizeof *seen);
        if (!seen)
            return NP_ENOMEM;
        memset(seen + s->cap_cents, 0, (cap - s->cap_cents) * sizeof *seen);
        s->look.seen = seen;
        s->cap_cents = cap;
    }
    s->cents[s->n_cents] = (centroid){ .first_day = NO_DAY, .last_day = NO_DAY };
    *index = (uint32_t)s->n_cents++;
    return NP_OK;
}

static size_t post_slot(const story_state *s, uint32_t stem)
{
    size_t j = (stem * 2654435761u) & (s->post_slots - 1);
    while (s->post_keys[j] && s->post_keys[j] != stem)
        j = (j + 1) & (s->post_slots - 1);
    return j;
}

static np_status post_grow(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    size_t slots = s->post_slots ? s->post_slots * 2 : 1 << 14;
    uint32_t *keys = np_calloc(al, slots, sizeof *keys);
    uint32_t **lists = np_calloc(al, slots, sizeof *lists);
    uint32_t *len = np_calloc(al, slots, sizeof *len);
    uint32_t *cap = np_calloc(al, slots, sizeof *cap);
    if (!keys || !lists || !len || !cap) {
        np_free(al, keys);
        np_free(al, lists);
        np_free(al, len);
        np_free(al, cap);
        return NP_ENOMEM;
    }
    story_state old = *s;
    s->post_keys = keys;
    s->post_lists = lists;
    s->post_len = len;
    s->post_cap = cap;
    s->post_slots = slots;
    for (size_t i = 0; i < old.post_slots; i++) {
        if (!old.post_keys[i])
            continue;
        size_t j = post_slot(s, old.post_keys[i]);
        keys[j] = old.post_keys[i];
        lists[j] = old.post_lists[i];
        len[j] = old.post_len[i];
        cap[j] = old.post_cap[i];
    }
    np_free(al, old.post_keys);
    np_free(al, old.post_lists);
    np_free(al, old.post_len);
    np_free(al, old.post_cap);
    if (old.slices) {
        /* slice indexes are by slot: made again when next needed */
        for (size_t i = 0; i < old.post_slots; i++)
            np_free(al, old.slices[i].items);
        np_free(al, old.slices);
        s->slices = np_calloc(al, slots + 1, sizeof *s->slices);
        s->slices_made = s->clock;
        np_free(al, s->dirty); /* by the old slots: unit by unit again */
        s->dirty = NULL;
        s->n_dirty = 0;
        if (!s->slices)
            return NP_ENOMEM;
    }
    return NP_OK;
}

static void slices_free(story_state *s);

/* Slot j's slice index changes (its list or a story's days). */
static void slice_moved(story_state *s, size_t j)
{
    s->slices[j].moved = s->clock;
    if (!s->slices[j].dirty && s->dirty) {
        s->slices[j].dirty = 1;
        s->dirty[s->n_dirty++] = (uint32_t)j;
    }
}

/* Frees what a search holds. */
static void search_free(const np_allocator *al, story_search *q)
{
    np_free(al, q->seen);
    np_free(al, q->found);
    np_free(al, q->hits);
    np_free(al, q->probe_keys);
    np_free(al, q->probe_gen);
    np_free(al, q->probe_weights);
}

/* The threads of the story passes: the engine's, at most STORY_SHARES. */
static size_t story_shares(const story_state *s)
{
    size_t n = s->e->threads < STORY_SHARES ? s->e->threads : STORY_SHARES;
    return n ? n : 1;
}

/* n searches for the threads of a parallel pass, each with room for
 * every story (and, with `probe`, for any unit's vector): they allocate
 * nothing while the threads run.  Owned by the caller: searches_free. */
static np_status searches_make(story_state *s, size_t n, int probe, story_search **out)
{
    const np_allocator *al = s->e->allocator;
    story_search *qs = np_calloc(al, n, sizeof *qs);
    *out = qs;
    if (!qs)
        return NP_ENOMEM;
    size_t longest = 0;
    for (size_t u = 0; probe && u < s->n_units; u++)
        if (s->units[u].vec_n > longest)
            longest = s->units[u].vec_n;
    for (size_t k = 0; k < n; k++) {
        story_search *q = &qs[k];
        q->shared = 1;
        q->seen = np_calloc(al, s->n_cents + 1, sizeof *q->seen);
        q->found = np_alloc_array(al, s->n_cents + 1, sizeof *q->found);
        q->hits = np_alloc_array(al, s->n_cents + 1, sizeof *q->hits);
        q->cap_found = q->cap_hits = s->n_cents + 1;
        if (!q->seen || !q->found || !q->hits || (probe && probe_reserve(al, q, longest) != NP_OK))
            return NP_ENOMEM;
    }
    return NP_OK;
}

static void searches_free(story_state *s, size_t n, story_search *qs)
{
    for (size_t k = 0; qs && k < n; k++)
        search_free(s->e->allocator, &qs[k]);
    np_free(s->e->allocator, qs);
}

static void post_free(story_state *s)
{
    slices_free(s);
    const np_allocator *al = s->e->allocator;
    for (size_t i = 0; i < s->post_slots; i++)
        np_free(al, s->post_lists[i]);
    np_free(al, s->post_keys);
    np_free(al, s->post_lists);
    np_free(al, s->post_len);
    np_free(al, s->post_cap);
    search_free(al, &s->look);
}

/* The unit's heaviest terms, the ones its index entries and lookups use. */
static size_t top_terms(const weighted *v, size_t n, uint32_t out[INDEX_TERMS])
{
    float w[INDEX_TERMS];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t slot = k;
        while (slot > 0 && (v[i].w > w[slot - 1] || (v[i].w == w[slot - 1] && v[i].stem < out[slot - 1])))
            slot--;
        if (slot >= INDEX_TERMS)
            continue;
        size_t last = k < INDEX_TERMS ? k : INDEX_TERMS - 1;
        memmove(w + slot + 1, w + slot, (last - slot) * sizeof *w);
        memmove(out + slot + 1, out + slot, (last - slot) * sizeof *out);
        w[slot] = v[i].w;
        out[slot] = v[i].stem;
        if (k < INDEX_TERMS)
            k++;
    }
    return k;
}

static np_status posted_add(story_state *s, uint32_t story_index, uint32_t stem);

static np_status post_add(story_state *s, const unit *x, uint32_t story_index)
{
    const uint32_t *top = x->top;
    size_t n = x->n_top;
    for (size_t i = 0; i < n; i++) {
        if ((s->post_used + 1) * 2 > s->post_slots && post_grow(s) != NP_OK)
            return NP_ENOMEM;
        size_t j = post_slot(s, top[i]);
        if (!s->post_keys[j]) {
            s->post_keys[j] = top[i];
            s->post_used++;
        }
        uint32_t len = s->post_len[j];
        if (len && s->post_lists[j][len - 1] == story_index)
            continue;
        if (len == s->post_cap[j]) {
            uint32_t cap = s->post_cap[j] ? s->post_cap[j] * 2 : 4;
            uint32_t *p = np_realloc_array(s->e->allocator, s->post_lists[j], cap, sizeof *p);
            if (!p)
                return NP_ENOMEM;
            s->post_lists[j] = p;
            s->post_cap[j] = cap;
        }
        s->post_lists[j][s->post_len[j]++] = story_index;
        if (!s->slices)
            continue;
        slice_moved(s, j);
        if (posted_add(s, story_index, top[i]) != NP_OK)
            return NP_ENOMEM;
    }
    return NP_OK;
}

/* Stories listed under the given stems (the latest POSTING_SCAN of each),
 * into q->found. */
static np_status stories_under(story_state *s, story_search *q, const uint32_t *stems, size_t n);

/* Stories sharing a heavy term with a centroid.  Its heaviest terms are
 * cached in it: a thread's search asks only of the centroids it owns (no
 * other thread reads their terms meanwhile). */
static np_status centroid_candidates(story_state *s, story_search *q, centroid *c)
{
    if (!c->top_valid) {
        c->n_top = (uint8_t)top_terms(c->items, c->n, c->top);
        c->top_valid = 1;
    }
    return stories_under(s, q, c->top, c->n_top);
}

/* Stories sharing a top term with the unit (the latest POSTING_SCAN of
 * each term's stories), into q->found. */
static np_status candidate_stories(story_state *s, story_search *q, const unit *x)
{
    return stories_under(s, q, x->top, x->n_top);
}

static np_status stories_under(story_state *s, story_search *q, const uint32_t *top, size_t n)
{
    if (s->n_cents > q->cap_found) { /* a thread's is large enough */
        size_t cap = s->n_cents * 2;
        uint32_t *found = np_realloc_array(s->e->allocator, q->found, cap, sizeof *found);
        if (!found)
            return NP_ENOMEM;
        q->found = found;
        q->cap_found = cap;
    }
    q->stamp++;
    q->n_found = 0;
    if (!s->post_slots)
        return NP_OK;
    for (size_t i = 0; i < n; i++) {
        size_t j = post_slot(s, top[i]);
        if (!s->post_keys[j])
            continue;
        uint32_t len = s->post_len[j];
        uint32_t from = len > POSTING_SCAN ? len - POSTING_SCAN : 0;
        for (uint32_t k = len; k-- > from;) {
            if (k >= from + PREFETCH_AHEAD)
                __builtin_prefetch(&s->cents[s->post_lists[j][k - PREFETCH_AHEAD]]);
            uint32_t c = s->post_lists[j][k];
            if (q->seen[c] == q->stamp)
                continue;
            q->seen[c] = q->stamp;
            q->found[q->n_found++] = c;
        }
    }
    return NP_OK;
}

/* The refinement's search in time.  Its slices are the latest postings of
 * the whole corpus, so most of the stories stories_under meets are far
 * from the unit's days (at 200k: 439 stories met a unit, 5.5 within the
 * window).  Each slice is indexed by its stories' days, made when first
 * needed and again when its list grows or one of its stories widens its
 * days (refine_touch_day); a unit takes the stories within the window
 * from each index, in the order stories_under meets them (term, then
 * place in the slice), so the same candidates in the same order. */
static int cmp_slice_entry(const void *a, const void *b)
{
    const slice_entry *x = a, *y = b;
    if (x->first_day != y->first_day)
        return x->first_day < y->first_day ? -1 : 1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

static int cmp_window_hit(const void *a, const void *b)
{
    const window_hit *x = a, *y = b;
    if (x->term != y->term)
        return x->term < y->term ? -1 : 1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

/* Makes slot j's slice index, its stories met once (marked in q->seen,
 * a thread's search; with NULL, in the centroids). */
static np_status slice_index_make(story_state *s, size_t j, story_search *q)
{
    slice_index *ix = &s->slices[j];
    uint32_t len = s->post_len[j], from = len > POSTING_SCAN ? len - POSTING_SCAN : 0;
    if (len - from > ix->cap) {
        slice_entry *p = np_realloc_array(s->e->allocator, ix->items, len - from, sizeof *p);
        if (!p)
            return NP_ENOMEM;
        ix->items = p;
        ix->cap = len - from;
    }
    uint32_t stamp = q ? ++q->stamp : ++s->index_stamp;
    uint32_t n = 0, undated = 0;
    int32_t span = 0;
    for (uint32_t k = len; k-- > from;) {
        centroid *c = &s->cents[s->post_lists[j][k]];
        uint32_t *mark = q ? &q->seen[s->post_lists[j][k]] : &c->indexed;
        if (*mark == stamp)
            continue;
        *mark = stamp;
        ix->items[n++] = (slice_entry){ c->first_day, c->last_day, s->post_lists[j][k], len - 1 - k };
        if (c->first_day == NO_DAY)
            undated++; /* NO_DAY is the least day: they sort first */
        else if (c->last_day - c->first_day > span)
            span = c->last_day - c->first_day;
    }
    np_sort(ix->items, n, sizeof *ix->items, cmp_slice_entry);
    ix->n = n;
    ix->n_undated = undated;
    ix->max_span = span;
    ix->len = len;
    return NP_OK;
}

static void window_hit_add(story_search *q, size_t *n, uint32_t term_index, const slice_entry *e)
{
    if (q->seen[e->story] == q->stamp)
        return;
    q->seen[e->story] = q->stamp;
    q->hits[(*n)++] = (window_hit){ term_index, e->rank, e->story };
}

/* The stories of a dated unit's slices within window days of it, into
 * q->found, in stories_under's order.  A thread's search that meets a
 * stale slice index sets q->missed and finds nothing. */
static np_status stories_in_window(story_state *s, story_search *q, const unit *x, int window)
{
    if (s->n_cents > q->cap_hits) { /* a thread's is large enough */
        size_t cap = s->n_cents * 2;
        window_hit *h = np_realloc_array(s->e->allocator, q->hits, cap, sizeof *h);
        if (!h)
            return NP_ENOMEM;
        q->hits = h;
        q->cap_hits = cap;
    }
    np_status st = stories_under(s, q, NULL, 0); /* sizes found, a new stamp */
    if (st != NP_OK)
        return st;
    size_t n = 0;
    int64_t lo = (int64_t)x->day - window, hi = (int64_t)x->day + window;
    for (uint32_t i = 0; i < x->n_top; i++) {
        size_t j = post_slot(s, x->top[i]);
        if (!s->post_keys[j])
            continue;
        slice_index *ix = &s->slices[j];
        if (ix->len != s->post_len[j] && q->shared) {
            q->missed = 1;
            return NP_OK;
        }
        if (ix->len != s->post_len[j] && (st = slice_index_make(s, j, NULL)) != NP_OK)
            return st;
        for (uint32_t k = 0; k < ix->n_undated; k++)
            window_hit_add(q, &n, i, &ix->items[k]);
        /* within: first_day <= day + window and last_day >= day - window */
        uint32_t a = ix->n_undated, b = ix->n;
        while (a < b) {
            uint32_t mid = a + (b - a) / 2;
            if (ix->items[mid].first_day <= hi)
                a = mid + 1;
            else
                b = mid;
        }
        for (uint32_t k = a; k-- > ix->n_undated;) {
            if (ix->items[k].first_day < lo - ix->max_span)
                break;
            if (ix->items[k].last_day >= lo)
                window_hit_add(q, &n, i, &ix->items[k]);
        }
    }
    np_sort(q->hits, n, sizeof *q->hits, cmp_window_hit);
    for (size_t k = 0; k < n; k++)
        q->found[k] = q->hits[k].story;
    q->n_found = n;
    return NP_OK;
}

static np_status posted_add(story_state *s, uint32_t story_index, uint32_t stem)
{
    if (s->n_posted == s->cap_posted) {
        size_t cap = s->cap_posted ? s->cap_posted * 2 : 4096;
        posted_node *p = np_realloc_array(s->e->allocator, s->posted, cap, sizeof *p);
        if (!p)
            return NP_ENOMEM;
        s->posted = p;
        s->cap_posted = cap;
    }
    s->posted[s->n_posted] = (posted_node){ stem, s->posted_first[story_index] };
    s->posted_first[story_index] = (uint32_t)s->n_posted++;
    return NP_OK;
}

/* The slice indexes and each story's stems, and the clocks of moves, for
 * the refinement passes. */
static np_status slices_begin(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    s->slices = np_calloc(al, s->post_slots + 1, sizeof *s->slices);
    s->posted_first = np_alloc_array(al, s->n_cents + 1, sizeof *s->posted_first);
    s->changed = np_calloc(al, s->n_cents + 1, sizeof *s->changed);
    s->scored = np_calloc(al, s->n_units + 1, sizeof *s->scored);
    s->clock = 1;
    if (!s->slices || !s->posted_first || !s->changed || !s->scored)
        return NP_ENOMEM;
    for (size_t c = 0; c < s->n_cents; c++)
        s->posted_first[c] = UINT32_MAX;
    for (size_t j = 0; j < s->post_slots; j++) {
        uint32_t len = s->post_len[j], from = len > POSTING_SCAN ? len - POSTING_SCAN : 0;
        for (uint32_t k = from; k < len; k++) {
            np_status st = posted_add(s, s->post_lists[j][k], s->post_keys[j]);
            if (st != NP_OK)
                return st;
        }
    }
    return NP_OK;
}

/* Every slice index, made on the engine's threads (each its run of
 * slots, their room made first on the calling thread): one slice at a
 * time, the refinement made most of them on one thread. */
typedef struct slices_share {
    story_state *s;
    story_search *q;
    size_t from, to;
} slices_share;

static void *slices_of_share(void *arg)
{
    slices_share *sh = arg;
    for (size_t j = sh->from; j < sh->to; j++)
        if (sh->s->post_keys[j])
            (void)slice_index_make(sh->s, j, sh->q); /* allocates nothing: room made */
    return NULL;
}

static np_status slices_make_all(story_state *s, size_t shares)
{
    const np_allocator *al = s->e->allocator;
    s->dirty = np_alloc_array(al, s->post_slots + 1, sizeof *s->dirty);
    if (!s->dirty)
        return NP_ENOMEM;
    for (size_t j = 0; j < s->post_slots; j++) {
        slice_index *ix = &s->slices[j];
        uint32_t len = s->post_len[j], room = len > POSTING_SCAN ? POSTING_SCAN : len;
        if (!s->post_keys[j] || room <= ix->cap)
            continue;
        slice_entry *p = np_realloc_array(al, ix->items, room, sizeof *p);
        if (!p)
            return NP_ENOMEM;
        ix->items = p;
        ix->cap = room;
    }
    story_search *qs = NULL;
    slices_share sh[STORY_SHARES];
    np_status st = searches_make(s, shares, 0, &qs);
    for (size_t k = 0; k < shares && st == NP_OK; k++)
        sh[k] = (slices_share){ s, &qs[k], s->post_slots * k / shares, s->post_slots * (k + 1) / shares };
    if (st == NP_OK)
        parallel_run(slices_of_share, sh, shares, sizeof *sh);
    searches_free(s, shares, qs);
    return st;
}

static void slices_free(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    for (size_t j = 0; s->slices && j < s->post_slots; j++)
        np_free(al, s->slices[j].items);
    np_free(al, s->slices);
    np_free(al, s->posted_first);
    np_free(al, s->dirty);
    np_free(al, s->posted);
    np_free(al, s->changed);
    np_free(al, s->scored);
    s->slices = NULL;
    s->posted_first = NULL;
    s->dirty = NULL;
    s->n_dirty = 0;
    s->posted = NULL;
    s->changed = s->scored = NULL;
    s->n_posted = s->cap_posted = 0;
}

/* A story's days in the refinement: widening them makes the indexes of
 * its slices stale. */
static void refine_touch_day(story_state *s, uint32_t story_index, int32_t day)
{
    centroid *c = &s->cents[story_index];
    int32_t first = c->first_day, last = c->last_day;
    centroid_touch_day(c, day);
    if (c->first_day == first && c->last_day == last)
        return;
    for (uint32_t k = s->posted_first[story_index]; k != UINT32_MAX; k = s->posted[k].next) {
        size_t j = post_slot(s, s->posted[k].stem);
        if (s->post_keys[j]) {
            s->slices[j].len = 0;
            slice_moved(s, j);
        }
    }
}

static np_status cluster_online(story_state *s)
{
    const np_params *p = &s->e->params;
    for (size_t u = 0; u < s->n_units; u++) {
        unit *x = &s->units[u];
        /* an undated unit has no place in the time stream: in this pass it
         * only joins stories of other undated units; the merge and refine
         * passes then bring it to a dated story by average similarity */
        int undated_story_only = x->day == NO_DAY;
        const weighted *v = s->pool + x->vec_first;
        double best = -1;
        uint32_t best_story = UINT32_MAX;
        np_status st = candidate_stories(s, &s->look, x);
        if (st == NP_OK)
            st = probe_load(s, &s->look, v, x->vec_n);
        if (st != NP_OK)
            return st;
        for (size_t f = 0; f < s->look.n_found; f++) {
            uint32_t c = s->look.found[f];
            if (!within(x->day, &s->cents[c], p->story_window) || too_long(&s->cents[c], x->day, p->story_span))
                continue;
            if (undated_story_only && s->cents[c].first_day != NO_DAY)
                continue;
            double sim = similarity(s, &s->look, &s->cents[c], 0, &st);
            if (st != NP_OK)
                return st;
            if (months_apart(x->months, s->cents[c].months) ||
                days_apart(x->mentions, x->day, &s->cents[c], p->story_window))
                sim *= MONTH_PENALTY;
            if (sim > best) {
                best = sim;
                best_story = (uint32_t)c;
            }
        }
        int fresh = best < join_threshold(p, x) || best_story == UINT32_MAX;
        if (fresh && (st = new_story(s, &best_story)) != NP_OK)
            return st;
        x->story = best_story;
        s->cents[best_story].months |= x->months;
        centroid_touch_day(&s->cents[best_story], x->day);
        if (fresh)
            centroid_start(&s->cents[best_story], s->pool + x->vec_first, x->vec_n);
        else
            st = centroid_add(s, &s->cents[best_story], v, x->vec_n, 1);
        if (st != NP_OK ||
            (st = tally_add(s, &s->cents[best_story], s->fact_pool + x->fact_first, x->n_facts, 1)) != NP_OK ||
            (st = post_add(s, x, best_story)) != NP_OK)
            return st;
    }
    return NP_OK;
}

/* Adds centroid b into a (b is left empty). */
static np_status centroid_merge(story_state *s, centroid *a, centroid *b)
{
    uint32_t members = a->members + b->members;
    np_status st = centroid_add(s, a, b->items, b->n, 1);
    if (st == NP_OK)
        st = tally_add(s, a, b->facts, b->n_facts, 1);
    if (st != NP_OK)
        return st;
    b->n_facts = 0;
    a->members = members;
    a->months |= b->months;
    centroid_touch_day(a, b->first_day);
    centroid_touch_day(a, b->last_day);
    if (!b->borrowed)
        np_free(s->e->allocator, b->items);
    np_free(s->e->allocator, b->dir);
    b->borrowed = 0;
    b->items = NULL;
    b->dir = NULL;
    b->n = b->cap = b->dir_cap = 0;
    b->dir_valid = 0;
    b->norm2 = 0;
    b->members = 0;
    return NP_OK;
}

/* dot(a->items, b->items), the larger searched through its directory
 * when it is much larger (and has one, or may make one: not on a
 * thread): the same products in the same order. */
static np_status centroids_dot(story_state *s, const story_search *q, centroid *a, centroid *b, double *out)
{
    centroid *small = a->n <= b->n ? a : b, *large = a->n <= b->n ? b : a;
    if (large->n > 2 * small->n && (large->dir_valid || !q->shared)) {
        np_status st = centroid_directory(s, large);
        if (st != NP_OK)
            return st;
        *out = directory_dot(small->items, small->n, large);
    } else {
        *out = dot(a->items, a->n, b->items, b->n);
    }
    return NP_OK;
}

/* The root of x in a union-find, read only (a thread's). */
static uint32_t root_of(const uint32_t *parent, uint32_t x)
{
    while (parent[x] != x)
        x = parent[x];
    return x;
}

/* Has story own, or a story of found (its root, with parent: halving
 * its paths unless on a thread, q->shared), changed since the clock
 * `since`?  A pass that finds none changed since it last
 * weighed a story or unit against them, and moved nothing then, would
 * weigh the same candidates the same way: nothing to do.  The candidates
 * it finds now are those of then or changed ones (posting lists and days
 * only grow, and with a change). */
static int found_changed(const story_search *q, const uint32_t *found, size_t n_found, const uint32_t *changed,
                         uint32_t *parent, uint32_t own, uint32_t since)
{
    if (changed[own] >= since)
        return 1;
    for (size_t f = 0; f < n_found; f++) {
        uint32_t c = !parent ? found[f] : q->shared ? root_of(parent, found[f]) : uf_root(parent, found[f]);
        if (changed[c] >= since)
            return 1;
    }
    return 0;
}

/* The merge pass's stories: union-find, term sums and clocks. */
typedef struct merge_state {
    uint32_t *parent;
    /* the merge threshold falls for stories of short texts, as the join
     * threshold does: terms[c] sums its units' term counts */
    double *terms;
    uint32_t *changed;  /* per story: the clock of its last merge */
    uint32_t *scored;   /* per story: the clock of its last weighing */
    uint32_t clock;     /* merges so far, plus one */
    size_t merged;      /* merges of the current pass */
} merge_state;

/* The candidate (a root, of found) story a merges with, or UINT32_MAX:
 * the one whose members are on average most similar to a's.  Reads the
 * stories only (a thread's search makes no directory). */
static np_status merge_best(story_state *s, const story_search *q, const merge_state *m, uint32_t a,
                            const uint32_t *found, size_t n_found, uint32_t *best_out)
{
    const np_params *p = &s->e->params;
    centroid *ca = &s->cents[a];
    double best = p->merge_threshold * short_scale(m->terms[a] / ca->members);
    uint32_t best_b = UINT32_MAX;
    for (size_t f = 0; f < n_found; f++) {
        uint32_t b = root_of(m->parent, found[f]);
        centroid *cb = &s->cents[b];
        if (b == a || !cb->members || months_apart(ca->months, cb->months) ||
            merged_too_long(ca, cb, p->story_span))
            continue;
        if (ca->first_day != NO_DAY && cb->first_day != NO_DAY &&
            (cb->first_day > ca->last_day + p->move_window || ca->first_day > cb->last_day + p->move_window))
            continue;
        double members = (double)ca->members * (double)cb->members;
        double need = p->merge_threshold * short_scale(m->terms[b] / cb->members);
        /* |a.b| <= |a| |b|: a pair that cannot reach the need or the best
         * is passed over (with a margin for rounding) */
        double bound = sqrt(ca->norm2 * cb->norm2) / members * (1 + 1e-9) + 1e-12;
        if (bound < need || bound < best)
            continue;
        double d;
        np_status st = centroids_dot(s, q, ca, cb, &d);
        if (st != NP_OK)
            return st;
        double avg = d / members;
        if (avg < need || facts_conflict(ca->facts, ca->n_facts, ca->members, cb->facts, cb->n_facts, cb->members))
            continue;
        if (avg > best || (avg == best && b < best_b)) {
            best = avg;
            best_b = b;
        }
    }
    *best_out = best_b;
    return NP_OK;
}

/* Story a takes in story b. */
static np_status merge_apply(story_state *s, merge_state *m, uint32_t a, uint32_t b)
{
    m->merged++;
    m->terms[a] += m->terms[b];
    np_status st = centroid_merge(s, &s->cents[a], &s->cents[b]);
    m->parent[b] = a;
    m->changed[a] = m->changed[b] = m->clock++;
    return st;
}

/* Story a's turn in a pass: weighed against its candidates, unless none
 * changed since it last was; merged with the best. */
static np_status merge_turn(story_state *s, merge_state *m, uint32_t a)
{
    centroid *ca = &s->cents[a];
    if (!ca->members)
        return NP_OK;
    story_search *q = &s->look;
    np_status st = centroid_candidates(s, q, ca);
    if (st != NP_OK || !found_changed(q, q->found, q->n_found, m->changed, m->parent, a, m->scored[a]))
        return st;
    m->scored[a] = m->clock;
    uint32_t b;
    if ((st = merge_best(s, q, m, a, q->found, q->n_found, &b)) != NP_OK || b == UINT32_MAX)
        return st;
    return merge_apply(s, m, a, b);
}

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
    uint32_t found_at, n_found; /* its candidates, in the batch's list */
    uint32_t best;              /* where it would go */
    uint8_t weighed;            /* 0: unchanged since last weighed, or nothing to weigh */
    uint8_t missed;             /* its candidates could not be found: no guess */
    uint32_t slots[INDEX_TERMS]; /* the refinement's: its terms' posting slots */
} guess;

typedef struct guess_batch guess_batch;
struct guess_batch {
    story_state *s;
    merge_state *m;             /* the merge pass's stories, or NULL */
    story_search *qs;           /* per share */
    guess *guesses;             /* per item of the batch */
    uint32_t *found;            /* GUESS_BATCH lists of up to list_cap - 1 */
    double *weights;            /* beside found: the refinement's, and its own */
    size_t list_cap;
    size_t lo, hi, shares;
    atomic_size_t next;         /* the batch's next item a thread takes */
    np_status status[STORY_SHARES];
    /* item's guess on a thread, its candidates already in q->found */
    np_status (*weigh)(guess_batch *b, story_search *q, size_t item, guess *g);
    np_status (*prepare)(guess_batch *b); /* before the threads, or NULL */
    /* item's turn on the calling thread, with its guess */
    np_status (*commit)(guess_batch *b, size_t item, const guess *g, const uint32_t *found, uint32_t since);
    const uint32_t *clock;      /* the pass's clock of moves */
};

typedef struct guess_share {
    guess_batch *b;
    size_t share;
} guess_share;

static void *guess_share_run(void *arg)
{
    guess_share *sh = arg;
    guess_batch *b = sh->b;
    story_search *q = &b->qs[sh->share];
    /* items are taken one at a time, not in fixed shares: a thread the
     * machine runs late leaves its items to the others */
    for (;;) {
        size_t item = atomic_fetch_add_explicit(&b->next, 1, memory_order_relaxed);
        if (item >= b->hi)
            break;
        guess *g = &b->guesses[item - b->lo];
        *g = (guess){ .found_at = (uint32_t)((item - b->lo) * b->list_cap), .best = UINT32_MAX };
        np_status st = b->weigh(b, q, item, g);
        if (st != NP_OK) {
            b->status[sh->share] = st;
            return NULL;
        }
    }
    return NULL;
}

/* Keeps the candidates in q->found as the guess's. */
static np_status guess_keep(guess_batch *b, const story_search *q, guess *g)
{
    if (q->n_found >= b->list_cap)
        return NP_ENOMEM; /* cannot be: a list is shorter than list_cap */
    g->n_found = (uint32_t)q->n_found;
    memcpy(b->found + g->found_at, q->found, q->n_found * sizeof *q->found);
    return NP_OK;
}

/* Runs b's pass over n items in batches; with probe, the items are units
 * weighed with their vectors (the refinement), their weights kept. */
static np_status guesses_run(guess_batch *b, size_t n, int probe)
{
    story_state *s = b->s;
    const np_allocator *al = s->e->allocator;
    guess_share sh[STORY_SHARES];
    b->list_cap = ((size_t)INDEX_TERMS * POSTING_SCAN < s->n_cents ? (size_t)INDEX_TERMS * POSTING_SCAN : s->n_cents) + 1;
    b->guesses = np_alloc_array(al, GUESS_BATCH, sizeof *b->guesses);
    b->found = np_alloc_array(al, GUESS_BATCH * b->list_cap, sizeof *b->found);
    b->weights = probe ? np_alloc_array(al, GUESS_BATCH * b->list_cap, sizeof *b->weights) : NULL;
    np_status st = b->guesses && b->found && (b->weights || !probe) ? searches_make(s, b->shares, probe, &b->qs)
                                                                     : NP_ENOMEM;
    for (size_t lo = 0; lo < n && st == NP_OK; lo += GUESS_BATCH) {
        b->lo = lo;
        b->hi = lo + GUESS_BATCH < n ? lo + GUESS_BATCH : n;
        if (b->prepare && (st = b->prepare(b)) != NP_OK)
            break;
        for (size_t k = 0; k < b->shares; k++) {
            sh[k] = (guess_share){ b, k };
            b->status[k] = NP_OK;
        }
        atomic_store_explicit(&b->next, lo, memory_order_relaxed);
        parallel_run(guess_share_run, sh, b->shares, sizeof *sh);
        for (size_t k = 0; k < b->shares; k++)
            if (b->status[k] != NP_OK)
                st = b->status[k];
        uint32_t since = *b->clock;
        for (size_t item = lo; item < b->hi && st == NP_OK; item++) {
            const guess *g = &b->guesses[item - lo];
            st = b->commit(b, item, g, b->found + g->found_at, since);
        }
    }
    searches_free(s, b->shares, b->qs);
    np_free(al, b->guesses);
    np_free(al, b->found);
    np_free(al, b->weights);
    return st;
}

/* Story a's guess: its candidates and the story it would take in. */
static np_status merge_guess(guess_batch *b, story_search *q, size_t a, guess *g)
{
    story_state *s = b->s;
    centroid *ca = &s->cents[a];
    if (!ca->members)
        return NP_OK;
    np_status st = centroid_candidates(s, q, ca);
    if (st != NP_OK || (st = guess_keep(b, q, g)) != NP_OK ||
        !found_changed(q, q->found, q->n_found, b->m->changed, b->m->parent, (uint32_t)a, b->m->scored[a]))
        return st;
    g->weighed = 1;
    return merge_best(s, q, b->m, (uint32_t)a, q->found, q->n_found, &g->best);
}

/* Story a's turn with its guess: merge_turn's outcome. */
static np_status merge_commit(guess_batch *b, size_t item, const guess *g, const uint32_t *found,
                              uint32_t batch_clock)
{
    story_state *s = b->s;
    merge_state *m = b->m;
    uint32_t a = (uint32_t)item;
    if (!s->cents[a].members)
        return NP_OK;
    if (m->changed[a] >= batch_clock) /* its terms may be others now */
        return merge_turn(s, m, a);
    if (!found_changed(&s->look, found, g->n_found, m->changed, m->parent, a, m->scored[a]))
        return NP_OK;
    m->scored[a] = m->clock;
    uint32_t best = g->best;
    np_status st;
    if ((!g->weighed || found_changed(&s->look, found, g->n_found, m->changed, m->parent, a, batch_clock)) &&
        (st = merge_best(s, &s->look, m, a, found, g->n_found, &best)) != NP_OK)
        return st;
    return best == UINT32_MAX ? NP_OK : merge_apply(s, m, a, best);
}

/* The merge pass on the engine's threads: see guesses_run. */
static np_status merge_pass_parallel(story_state *s, merge_state *m, size_t shares)
{
    guess_batch b = { .s = s, .m = m, .shares = shares, .weigh = merge_guess, .commit = merge_commit,
                      .clock = &m->clock };
    return guesses_run(&b, s->n_cents, 0);
}

/* Average-link agglomeration of the online stories: a story merges with
 * the candidate whose members are on average most similar to its own
 * (centroid dot product / member counts), while that average reaches
 * merge_threshold, the stories' times overlap and their months agree. */
static np_status merge_stories(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    merge_state m = { .clock = 1 };
    m.parent = np_alloc_array(al, s->n_cents + 1, sizeof *m.parent);
    m.terms = np_calloc(al, s->n_cents + 1, sizeof *m.terms);
    m.changed = np_calloc(al, s->n_cents + 1, sizeof *m.changed);
    m.scored = np_calloc(al, s->n_cents + 1, sizeof *m.scored);
    np_status st = m.parent && m.terms && m.changed && m.scored ? NP_OK : NP_ENOMEM;
    for (size_t c = 0; c < s->n_cents && st == NP_OK; c++)
        m.parent[c] = (uint32_t)c;
    for (size_t u = 0; u < s->n_units && st == NP_OK; u++)
        m.terms[s->units[u].story] += s->units[u].vec_n;
    size_t shares = story_shares(s);
    for (int pass = 0; pass < MERGE_PASSES && st == NP_OK; pass++) {
        m.merged = 0;
        if (shares > 1)
            st = merge_pass_parallel(s, &m, shares);
        else
            for (size_t a = 0; a < s->n_cents && st == NP_OK; a++)
                st = merge_turn(s, &m, (uint32_t)a);
        if (!m.merged)
            break;
    }
    for (size_t u = 0; u < s->n_units && st == NP_OK; u++)
        s->units[u].story = uf_root(m.parent, s->units[u].story);
    np_free(al, m.parent);
    np_free(al, m.terms);
    np_free(al, m.changed);
    np_free(al, m.scored);
    return st;
}

/* What story c weighs for unit x: its similarity to x if x may move
 * there (c is open to it, the similarity reaches the join threshold and
 * their facts agree), else -INFINITY; below `floor`, any weight no more
 * than it (nothing more is tested).  Loads x once (*loaded). */
static double refine_weight(story_state *s, story_search *q, const unit *x, uint32_t c, double floor, int *loaded,
                            np_status *st)
{
    const np_params *p = &s->e->params;
    const centroid *k = &s->cents[c];
    if (c == x->story || k->members == 0 || !within(x->day, k, p->move_window) || too_long(k, x->day, p->story_span))
        return -INFINITY;
    if (!*loaded && (*st = probe_load(s, q, s->pool + x->vec_first, x->vec_n)) != NP_OK)
        return -INFINITY;
    *loaded = 1;
    double sim = similarity(s, q, &s->cents[c], 0, st);
    if (months_apart(x->months, k->months) || days_apart(x->mentions, x->day, k, p->move_window))
        sim *= MONTH_PENALTY;
    if (sim <= floor)
        return sim;
    return sim >= join_threshold(p, x) && !unit_conflicts(s, x, k) ? sim : -INFINITY;
}

/* The story unit x fits best among found: its own, unless another weighs
 * more (refine_weight), measured against centroids without x.  With
 * `known`, the weights of a weighing before the clock `since` (its own
 * similarity after the candidates') stand for the stories unchanged
 * since; with `weights`, every weight is kept there (in known's form).
 * Reads the stories only when q is a thread's. */
static np_status refine_best(story_state *s, story_search *q, const unit *x, const uint32_t *found, size_t n_found,
                             const double *known, uint32_t since, double *weights, uint32_t *best_out)
{
    np_status st = NP_OK;
    int loaded = 0;
    double best;
    if (known && s->changed[x->story] < since) {
        best = known[n_found];
    } else {
        if ((st = probe_load(s, q, s->pool + x->vec_first, x->vec_n)) != NP_OK)
            return st;
        loaded = 1;
        best = similarity(s, q, &s->cents[x->story], 1, &st);
    }
    if (weights)
        weights[n_found] = best;
    uint32_t best_story = x->story;
    for (size_t f = 0; f < n_found && st == NP_OK; f++) {
        uint32_t c = found[f];
        double w = known && s->changed[c] < since ? known[f]
                                                  : refine_weight(s, q, x, c, weights ? -INFINITY : best, &loaded, &st);
        if (weights)
            weights[f] = w;
        if (w > best) {
            best = w;
            best_story = c;
        }
    }
    *best_out = best_story;
    return st;
}

/* Moves unit x to story to. */
static np_status refine_move(story_state *s, unit *x, uint32_t to)
{
    const weighted *v = s->pool + x->vec_first;
    const fact_tally *facts = s->fact_pool + x->fact_first;
    np_status st = centroid_add(s, &s->cents[x->story], v, x->vec_n, -1);
    if (st == NP_OK)
        st = centroid_add(s, &s->cents[to], v, x->vec_n, 1);
    if (st == NP_OK)
        st = tally_add(s, &s->cents[x->story], facts, x->n_facts, -1);
    if (st == NP_OK)
        st = tally_add(s, &s->cents[to], facts, x->n_facts, 1);
    if (st == NP_OK)
        st = post_add(s, x, to);
    if (st != NP_OK)
        return st;
    refine_touch_day(s, to, x->day);
    s->cents[to].months |= x->months;
    s->changed[x->story] = s->changed[to] = s->clock++;
    x->story = to;
    return NP_OK;
}

/* The stories a unit of the refinement is weighed against, into q->found:
 * those of its slices within move_window days of it (all of its terms'
 * latest stories, undated). */
static np_status refine_candidates(story_state *s, story_search *q, const unit *x)
{
    return x->day == NO_DAY ? candidate_stories(s, q, x) : stories_in_window(s, q, x, s->e->params.move_window);
}

/* Unit u's turn in a refinement pass: weighed, unless none of its
 * candidates changed since it last was; moved to the best. */
static np_status refine_turn(story_state *s, size_t u)
{
    unit *x = &s->units[u];
    story_search *q = &s->look;
    np_status st = refine_candidates(s, q, x);
    if (st != NP_OK || !found_changed(q, q->found, q->n_found, s->changed, NULL, x->story, s->scored[u]))
        return st;
    s->scored[u] = s->clock;
    uint32_t best;
    if ((st = refine_best(s, q, x, q->found, q->n_found, NULL, 0, NULL, &best)) != NP_OK || best == x->story)
        return st;
    return refine_move(s, x, best);
}

/* Unit u's guess: its candidates and the story it would move to. */
static np_status refine_guess(guess_batch *b, story_search *q, size_t u, guess *g)
{
    story_state *s = b->s;
    const unit *x = &s->units[u];
    for (uint32_t i = 0; i < x->n_top; i++)
        g->slots[i] = (uint32_t)post_slot(s, x->top[i]);
    q->missed = 0;
    np_status st = refine_candidates(s, q, x);
    if (st != NP_OK || (g->missed = q->missed) != 0 || (st = guess_keep(b, q, g)) != NP_OK ||
        !found_changed(q, q->found, q->n_found, s->changed, NULL, x->story, s->scored[u]))
        return st;
    g->weighed = 1;
    return refine_best(s, q, x, q->found, q->n_found, NULL, 0, b->weights + g->found_at, &g->best);
}

/* Has a slice of x's terms (in slots, as its guess found them) changed
 * since the clock `since`?  A key added since takes the empty slot its
 * term's search met, or another's (moved too). */
static int slices_moved(const story_state *s, const unit *x, const uint32_t *slots, uint32_t since)
{
    if (s->slices_made >= since)
        return 1;
    for (uint32_t i = 0; i < x->n_top; i++)
        if (s->post_keys[slots[i]] && s->slices[slots[i]].moved >= since)
            return 1;
    return 0;
}

/* Unit u's turn with its guess: refine_turn's outcome. */
static np_status refine_commit(guess_batch *b, size_t u, const guess *g, const uint32_t *found,
                               uint32_t batch_clock)
{
    story_state *s = b->s;
    unit *x = &s->units[u];
    if (g->missed || slices_moved(s, x, g->slots, batch_clock))
        return refine_turn(s, u);
    if (!found_changed(&s->look, found, g->n_found, s->changed, NULL, x->story, s->scored[u]))
        return NP_OK;
    s->scored[u] = s->clock;
    uint32_t best = g->best;
    np_status st = NP_OK;
    /* the weights of stories no move of the batch touched are as guessed */
    if (!g->weighed)
        st = refine_best(s, &s->look, x, found, g->n_found, NULL, 0, NULL, &best);
    else if (found_changed(&s->look, found, g->n_found, s->changed, NULL, x->story, batch_clock))
        st = refine_best(s, &s->look, x, found, g->n_found, b->weights + g->found_at, batch_clock, NULL, &best);
    if (st != NP_OK)
        return st;
    return best == x->story ? NP_OK : refine_move(s, x, best);
}

/* The slice indexes a batch's dated units will search, made if stale:
 * those the last batch's moves made stale (all others are fresh, made
 * by slices_make_all), or, once the slots were made anew, each unit's. */
static np_status refine_prepare(guess_batch *b)
{
    story_state *s = b->s;
    for (size_t k = 0; s->dirty && k < s->n_dirty; k++) {
        size_t j = s->dirty[k];
        s->slices[j].dirty = 0;
        np_status st = s->post_keys[j] && s->slices[j].len != s->post_len[j] ? slice_index_make(s, j, NULL) : NP_OK;
        if (st != NP_OK)
            return st;
    }
    s->n_dirty = 0;
    for (size_t u = b->lo; !s->dirty && u < b->hi; u++) {
        const unit *x = &s->units[u];
        for (uint32_t i = 0; x->day != NO_DAY && i < x->n_top; i++) {
            size_t j = post_slot(s, x->top[i]);
            np_status st = s->post_keys[j] && s->slices[j].len != s->post_len[j] ? slice_index_make(s, j, NULL) : NP_OK;
            if (st != NP_OK)
                return st;
        }
    }
    return NP_OK;
}

/* The refinement on the engine's threads: see guesses_run. */
static np_status refine_parallel(story_state *s, size_t shares)
{
    guess_batch b = { .s = s, .shares = shares, .weigh = refine_guess, .prepare = refine_prepare,
                      .commit = refine_commit, .clock = &s->clock };
    return guesses_run(&b, s->n_units, 1);
}

/* Moves units to the story they fit best, against centroids without them. */
static np_status refine(story_state *s)
{
    size_t shares = story_shares(s);
    if (shares > 1)
        return refine_parallel(s, shares);
    np_status st = NP_OK;
    for (size_t u = 0; u < s->n_units && st == NP_OK; u++)
        st = refine_turn(s, u);
    return st;
}

/* The Dirichlet multinomial mixture of short texts (GSDMM: Yin and Wang,
 * KDD 2014) as a last refinement: each unit moves to the story under which
 * its words are likeliest, a story z scoring
 *   (m_z + alpha) * prod_w prod_j<c_w (n_zw + beta + j) / prod_i<N (n_z + V beta + i)
 * (m_z its units, n_zw its count of word w, n_z its words, c_w and N the
 * unit's; the unit itself taken out of its own story).  Unlike a cosine,
 * the score grows with the evidence a story has gathered: a headline that
 * shares one word with a large story and one with a small one goes to the
 * story where its words are frequent, which is what gathers the facets of
 * one event (the players, the coach, the match) that cosines leave apart.
 * Moves are the argmax (no sampling), units in time order, so the result
 * is deterministic; alpha and beta are GSDMM's defaults.  A unit moves only
 * to a story of short texts (at most half its units long): the model is
 * one of short texts, and the counts of a story of full articles, hundreds
 * of words each, drew every brief of its topic, a brief about another
 * robbery of the same kind included (ECB+ topic 24). */
#define MIXTURE_ALPHA 0.1
#define MIXTURE_BETA 0.1

/* log Gamma(x) for x > 0: the recurrence up to 8, then Stirling's series
 * (error below 1e-10); libm's lgamma writes a global (signgam). */
static double log_gamma(double x)
{
    double product = 1;
    while (x < 8) {
        product *= x;
        x += 1;
    }
    double r = 1 / (x * x);
    double series = (1.0 / 12 - r * (1.0 / 360 - r * (1.0 / 1260 - r / 1680))) / x;
    return (x - 0.5) * log(x) - x + 0.91893853320467274178 + series - log(product);
}

/* log of a (a+1) ... (a+k-1), for a > 0: products while they stay well
 * inside a double, else log Gamma */
static double log_rising(double a, double k)
{
    if (a > 1e9 || k > 1e4)
        return log_gamma(a + k) - log_gamma(a);
    double sum = 0, product = 1;
    for (double j = 0; j < k; j++) {
        product *= a + j;
        if (product > 1e200) {
            sum += log(product);
            product = 1;
        }
    }
    return sum + log(product);
}

/* Every story's count of every word: one open-addressing table keyed by
 * story << 32 | stem (stems are odd, so no key is 0), of any size (a
 * key's home is its hash scaled to the size, not masked), made three
 * fifths full and grown past three quarters: 20 bytes a key rather than
 * the 24 to 48 of a power of two at most half full.  Only the stems of
 * short units are looked up (mixture_score), so only they get keys: a bit
 * a stem's hash says which (a stem sharing a bit with one costs a key, no
 * more; at 200k articles, 5.5k keys instead of 372k).  A count that falls
 * to 0 keeps its slot. */
typedef struct count_table {
    uint64_t *keys;
    float *counts;
    size_t cap, used;
    uint64_t *wanted;  /* the bits of the stems looked up */
    unsigned wanted_bits;
} count_table;

static size_t wanted_bit(const count_table *t, uint32_t stem)
{
    return (size_t)(((uint64_t)(stem | 1u) * 0x9e3779b97f4a7c15ULL) >> (64 - t->wanted_bits));
}

static int count_wanted(const count_table *t, uint32_t stem)
{
    size_t b = wanted_bit(t, stem);
    return (t->wanted[b >> 6] >> (b & 63)) & 1;
}

static size_t count_slot(const count_table *t, uint64_t key)
{
    size_t j = (size_t)(((key * 0x9e3779b97f4a7c15ULL) >> 32) * t->cap >> 32);
    while (t->keys[j] && t->keys[j] != key)
        j = j + 1 < t->cap ? j + 1 : 0;
    return j;
}

static float count_of(const count_table *t, uint32_t story_index, uint32_t stem)
{
    size_t j = count_slot(t, (uint64_t)story_index << 32 | stem | 1u);
    return t->keys[j] ? t->counts[j] : 0;
}

/* Room in t for `more` keys beyond those it holds. */
static np_status count_reserve(const np_allocator *al, count_table *t, size_t more)
{
    size_t need = t->used + more;
    if (need * 4 > t->cap * 3) {
        count_table bigger = { .cap = need / 3 * 5 + 1024, .wanted = t->wanted, .wanted_bits = t->wanted_bits };
        if (bigger.cap >= (size_t)1 << 32)
            return NP_ENOMEM; /* homes are scaled in 32 bits */
        bigger.keys = np_calloc(al, bigger.cap, sizeof *bigger.keys);
        bigger.counts = np_alloc_array(al, bigger.cap, sizeof *bigger.counts);
        if (!bigger.keys || !bigger.counts) {
            np_free(al, bigger.keys);
            np_free(al, bigger.counts);
            return NP_ENOMEM;
        }
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->keys[i])
                continue;
            size_t j = count_slot(&bigger, t->keys[i]);
            bigger.keys[j] = t->keys[i];
            bigger.counts[j] = t->counts[i];
        }
        bigger.used = t->used;
        np_free(al, t->keys);
        np_free(al, t->counts);
        *t = bigger;
    }
    return NP_OK;
}

/* Adds (sign 1) or takes away (sign -1) unit x's counts. */
static np_status count_add(const story_state *s, count_table *t, uint32_t story_index, const unit *x, float sign)
{
    const weighted *v = s->pool + x->vec_first;
    size_t n = x->vec_n;
    if (count_reserve(s->e->allocator, t, n) != NP_OK)
        return NP_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (!count_wanted(t, v[i].stem))
            continue;
        uint64_t key = (uint64_t)story_index << 32 | v[i].stem | 1u;
        size_t j = count_slot(t, key);
        if (!t->keys[j]) {
            t->keys[j] = key;
            t->counts[j] = 0;
            t->used++;
        }
        t->counts[j] += sign * pool_tf(s, x->vec_first + i);
    }
    return NP_OK;
}

/* The stories' word counts, beside their centroids. */
typedef struct mixture_state {
    count_table table;
    double *words;     /* per story: the sum of its counts */
    uint32_t *changed; /* per story: the clock of its last change */
    uint32_t *scored;  /* per unit: the clock when it was last scored */
    uint8_t *counted;  /* per story: its counts are in the table */
    uint32_t *long_units; /* per story: its units of FULL_TERMS terms or more (they stay put) */
    uint32_t clock;    /* moves so far, plus one */
    double vocab_beta; /* V beta */
} mixture_state;

/* The log score of unit x in story z; `self` takes the unit out of the
 * story first.  Words the story lacks add the same to every story and are
 * left out. */
static double mixture_score(const story_state *s, const mixture_state *m, const unit *x, uint32_t z,
                            int self)
{
    const weighted *v = s->pool + x->vec_first;
    const double beta = MIXTURE_BETA;
    /* products of the ratios, taken to a log before they leave a double's
     * range (a short text's factors are few) */
    double sum = 0, product = s->cents[z].members - (self ? 1 : 0) + MIXTURE_ALPHA;
    for (size_t i = 0; i < x->vec_n; i++) {
        double mine = pool_tf(s, x->vec_first + i), n = count_of(&m->table, z, v[i].stem) - (self ? mine : 0);
        if (n < 0.5)
            continue;
        if (mine > 32) {
            sum += log_rising(n + beta, mine) - log_rising(beta, mine);
            continue;
        }
        for (double j = 0; j < mine; j++)
            product *= (n + beta + j) / (beta + j);
        if (product > 1e200) {
            sum += log(product);
            product = 1;
        }
    }
    double total = m->words[z] - (self ? x->length : 0);
    return sum + log(product) - log_rising(total + m->vocab_beta, x->length);
}

/* One pass of moves.  A unit none of whose candidate stories changed since
 * it was last scored keeps its place without scoring: the argmax is the
 * same. */
static np_status mixture_pass(story_state *s, mixture_state *m, size_t *moved)
{
    const np_params *p = &s->e->params;
    *moved = 0;
    for (size_t u = 0; u < s->n_units; u++) {
        unit *x = &s->units[u];
        if (x->vec_n >= FULL_TERMS)
            continue; /* a long text's cosines already tell */
        np_status st = candidate_stories(s, &s->look, x);
        if (st != NP_OK)
            return st;
        uint32_t own = x->story;
        if (!found_changed(&s->look, s->look.found, s->look.n_found, m->changed, NULL, own, m->scored[u]))
            continue;
        m->scored[u] = m->clock;
        double best = mixture_score(s, m, x, own, 1);
        uint32_t best_story = own;
        for (size_t f = 0; f < s->look.n_found; f++) {
            uint32_t c = s->look.found[f];
            const centroid *k = &s->cents[c];
            if (c == own || k->members == 0 || !m->counted[c] || 2 * m->long_units[c] > k->members ||
                !within(x->day, k, p->move_window) || too_long(k, x->day, p->story_span) ||
                months_apart(x->months, k->months) ||
                days_apart(x->mentions, x->day, k, p->move_window))
                continue;
            double score = mixture_score(s, m, x, c, 0);
            if ((score > best || (score == best && c < best_story)) && !unit_conflicts(s, x, k)) {
                best = score;
                best_story = c;
            }
        }
        if (best_story == own)
            continue;
        const weighted *v = s->pool + x->vec_first;
        if ((st = centroid_add(s, &s->cents[own], v, x->vec_n, -1)) != NP_OK ||
            (st = centroid_add(s, &s->cents[best_story], v, x->vec_n, 1)) != NP_OK ||
            (st = tally_add(s, &s->cents[own], s->fact_pool + x->fact_first, x->n_facts, -1)) != NP_OK ||
            (st = tally_add(s, &s->cents[best_story], s->fact_pool + x->fact_first, x->n_facts, 1)) != NP_OK ||
            (st = count_add(s, &m->table, own, x, -1)) != NP_OK ||
            (st = count_add(s, &m->table, best_story, x, 1)) != NP_OK ||
            (st = post_add(s, x, best_story)) != NP_OK)
            return st;
        m->words[own] -= x->length;
        m->words[best_story] += x->length;
        centroid_touch_day(&s->cents[best_story], x->day);
        s->cents[best_story].months |= x->months;
        x->story = best_story;
        m->changed[own] = m->changed[best_story] = m->clock++;
        (*moved)++;
    }
    return NP_OK;
}

/* Story word counts from the units, then passes of moves until none moves
 * (at most MIXTURE_PASSES). */
static np_status mixture(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    mixture_state m = { .clock = 1, .vocab_beta = (double)s->n_vocab * MIXTURE_BETA };
    m.words = np_calloc(al, s->n_cents + 1, sizeof *m.words);
    m.changed = np_calloc(al, s->n_cents + 1, sizeof *m.changed);
    m.scored = np_calloc(al, s->n_units + 1, sizeof *m.scored);
    uint8_t *counted = m.counted = np_calloc(al, s->n_cents + 1, sizeof *counted);
    m.long_units = np_calloc(al, s->n_cents + 1, sizeof *m.long_units);
    np_status st = m.words && m.changed && m.scored && counted && m.long_units ? NP_OK : NP_ENOMEM;
    for (size_t u = 0; u < s->n_units && st == NP_OK; u++)
        m.long_units[s->units[u].story] += s->units[u].vec_n >= FULL_TERMS;
    /* only the stories a short unit can reach need counts: its own and its
     * candidates (a story it moves to is one of them, and later candidates
     * are stories it or another short unit moved to) */
    size_t n_counted = 0;
    for (size_t u = 0; u < s->n_units && st == NP_OK; u++) {
        const unit *x = &s->units[u];
        if (x->vec_n >= FULL_TERMS || (st = candidate_stories(s, &s->look, x)) != NP_OK)
            continue;
        n_counted += !counted[x->story];
        counted[x->story] = 1;
        for (size_t f = 0; f < s->look.n_found; f++) {
            n_counted += !counted[s->look.found[f]];
            counted[s->look.found[f]] = 1;
        }
    }
    /* the short units' stems, the ones looked up */
    size_t short_terms = 0;
    for (size_t u = 0; u < s->n_units; u++)
        short_terms += s->units[u].vec_n < FULL_TERMS ? s->units[u].vec_n : 0;
    m.table.wanted_bits = 16; /* 16 bits a stem: one other stem in 16 shares a bit */
    while (m.table.wanted_bits < 40 && ((size_t)1 << m.table.wanted_bits) < 16 * short_terms)
        m.table.wanted_bits++;
    m.table.wanted = np_calloc(al, ((size_t)1 << m.table.wanted_bits) / 64, sizeof *m.table.wanted);
    if (!m.table.wanted)
        st = NP_ENOMEM;
    for (size_t u = 0; u < s->n_units && st == NP_OK; u++) {
        const unit *x = &s->units[u];
        for (size_t i = 0; i < x->vec_n && x->vec_n < FULL_TERMS; i++) {
            size_t b = wanted_bit(&m.table, s->pool[x->vec_first + i].stem);
            m.table.wanted[b >> 6] |= 1ull << (b & 63);
        }
    }
    /* a story's centroid holds each of its stems once: the table is made
     * at its size once, rather than doubled (old and new held together)
     * as the counts come in */
    size_t keys = 0;
    for (size_t z = 0; z < s->n_cents && n_counted && st == NP_OK; z++)
        for (size_t i = 0; counted[z] && i < s->cents[z].n; i++)
            keys += (size_t)count_wanted(&m.table, s->cents[z].items[i].stem);
    if (st == NP_OK && n_counted)
        st = count_reserve(al, &m.table, keys);
    for (size_t u = 0; u < s->n_units && st == NP_OK && n_counted; u++) {
        const unit *x = &s->units[u];
        if (!counted[x->story])
            continue;
        st = count_add(s, &m.table, x->story, x, 1);
        m.words[x->story] += x->length;
    }
    for (int pass = 0; pass < MIXTURE_PASSES && st == NP_OK && n_counted; pass++) {
        size_t moved = 0;
        st = mixture_pass(s, &m, &moved);
        if (!moved)
            break;
    }
    np_free(al, m.table.keys);
    np_free(al, m.table.counts);
    np_free(al, m.table.wanted);
    np_free(al, m.words);
    np_free(al, m.changed);
    np_free(al, m.scored);
    np_free(al, counted);
    np_free(al, m.long_units);
    return st;
}

typedef struct member_order {
    uint32_t unit, is_copy, rank, art;
} member_order;

static int cmp_member_order(const void *a, const void *b)
{
    const member_order *x = a, *y = b;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    if (x->is_copy != y->is_copy)
        return x->is_copy < y->is_copy ? -1 : 1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

/* The storylines' links, worked out on the engine's threads: each thread
 * joins the stories of its blocks of stories to their later partners in a
 * union-find of its own, and the calling thread's takes in the others.
 * A root is the least story of its storyline whatever the order of the
 * joins, so the storylines do not depend on the threads. */
enum { STORYLINE_BLOCK = 64 };

typedef struct storyline_table {
    story_state *s;
    centroid **by_story;
    const uint32_t *renum;  /* centroid -> story, UINT32_MAX for none */
    size_t n_stories;
    uint32_t *keywords;     /* STORY_KEYWORDS per story */
    weighted *names;        /* each story's names and numbers */
    size_t *names_at;       /* story k's start in names (its count, first) */
    double *names_norm;
} storyline_table;

typedef struct storyline_share {
    storyline_table *t;
    story_search *q;
    uint32_t *line;         /* the share's union-find over the stories */
    size_t share, shares;
} storyline_share;

/* The stories of a share: blocks of STORYLINE_BLOCK, every shares-th. */
#define FOR_SHARE_STORIES(a, sh, n)                                                                  \
    for (size_t block_ = (sh)->share; block_ * STORYLINE_BLOCK < (n); block_ += (sh)->shares)       \
        for (size_t a = block_ * STORYLINE_BLOCK; a < (n) && a < (block_ + 1) * STORYLINE_BLOCK; a++)

/* The heaviest stems of a centroid, heaviest first (the smaller stem on
 * a tie), into kw. */
static void story_keywords(const centroid *c, uint32_t kw[STORY_KEYWORDS])
{
    float best_w[STORY_KEYWORDS] = { 0 };
    for (size_t i = 0; i < c->n; i++) {
        float w = c->items[i].w;
        if (w < best_w[STORY_KEYWORDS - 1])
            continue; /* lighter than the last kept: most items */
        uint32_t stem = c->items[i].stem;
        for (size_t slot = 0; slot < STORY_KEYWORDS; slot++) {
            if (w > best_w[slot] || (w == best_w[slot] && kw[slot] && stem < kw[slot])) {
                memmove(best_w + slot + 1, best_w + slot, (STORY_KEYWORDS - slot - 1) * sizeof *best_w);
                memmove(kw + slot + 1, kw + slot, (STORY_KEYWORDS - slot - 1) * sizeof *kw);
                best_w[slot] = w;
                kw[slot] = stem;
                break;
            }
        }
    }
}

/* A share's stories' keywords, names counted (into names_at) and their
 * norms. */
static void *summaries_of_share(void *arg)
{
    storyline_share *sh = arg;
    storyline_table *t = sh->t;
    FOR_SHARE_STORIES(k, sh, t->n_stories) {
        const centroid *c = t->by_story[k];
        story_keywords(c, t->keywords + k * STORY_KEYWORDS);
        size_t n = 0;
        double n2 = 0;
        for (size_t i = 0; i < c->n; i++) {
            if (c->items[i].stem & 1) {
                n++;
                n2 += (double)c->items[i].w * c->items[i].w;
            }
        }
        t->names_at[k] = n;
        t->names_norm[k] = sqrt(n2);
    }
    return NULL;
}

/* A share's stories' names, where names_at places them. */
static void *names_of_share(void *arg)
{
    storyline_share *sh = arg;
    storyline_table *t = sh->t;
    FOR_SHARE_STORIES(k, sh, t->n_stories) {
        const centroid *c = t->by_story[k];
        weighted *out = t->names + t->names_at[k];
        for (size_t i = 0; i < c->n; i++)
            if (c->items[i].stem & 1)
                *out++ = c->items[i];
    }
    return NULL;
}

static void storyline_join(uint32_t *line, uint32_t a, uint32_t b)
{
    uint32_t ra = uf_root(line, a), rb = uf_root(line, b);
    if (ra != rb)
        line[ra > rb ? ra : rb] = ra < rb ? ra : rb;
}

static void *storylines_of_share(void *arg)
{
    storyline_share *sh = arg;
    const storyline_table *t = sh->t;
    const np_params *p = &t->s->e->params;
    story_search *q = sh->q;
    FOR_SHARE_STORIES(a, sh, t->n_stories) {
        centroid *ca = t->by_story[a];
        /* the stories sharing one of this centroid's heaviest terms (the
         * search has room for every story: it allocates nothing) */
        (void)centroid_candidates(t->s, q, ca);
        for (size_t f = 0; f < q->n_found; f++) {
            uint32_t cid = q->found[f];
            if (t->renum[cid] == UINT32_MAX || t->renum[cid] <= a)
                continue;
            size_t b = t->renum[cid];
            const centroid *cb = t->by_story[b];
            int32_t w = p->storyline_window;
            if (ca->first_day != NO_DAY && cb->first_day != NO_DAY &&
                (cb->first_day > ca->last_day + w || ca->first_day > cb->last_day + w))
                continue;
            /* a storyline follows the same people and places */
            double norms = t->names_norm[a] * t->names_norm[b];
            double cosine = norms > 0 ? dot(t->names + t->names_at[a], t->names_at[a + 1] - t->names_at[a],
                                            t->names + t->names_at[b], t->names_at[b + 1] - t->names_at[b]) / norms
                                      : 0;
            if (cosine >= p->storyline_threshold)
                storyline_join(sh->line, (uint32_t)a, (uint32_t)b);
        }
    }
    return NULL;
}

/* The stories' keywords, their names and the storylines' links (line:
 * the stories' union-find, each its own root on entry); t->names is made
 * here, owned by the caller. */
static np_status story_summaries(storyline_table *t, uint32_t *line)
{
    story_state *s = t->s;
    size_t n = story_shares(s);
    story_search *qs = NULL;
    storyline_share sh[STORY_SHARES] = { { 0 } };
    np_status st = searches_make(s, n, 0, &qs);
    for (size_t k = 0; k < n && st == NP_OK; k++) {
        sh[k] = (storyline_share){ t, &qs[k], line, k, n };
        if (k > 0 && !(sh[k].line = np_alloc_array(s->e->allocator, t->n_stories + 1, sizeof *line)))
            st = NP_ENOMEM;
        for (size_t i = 0; k > 0 && st == NP_OK && i < t->n_stories; i++)
            sh[k].line[i] = (uint32_t)i;
    }
    if (st == NP_OK)
        parallel_run(summaries_of_share, sh, n, sizeof *sh);
    size_t total = 0;
    for (size_t k = 0; k < t->n_stories && st == NP_OK; k++) {
        size_t count = t->names_at[k];
        t->names_at[k] = total;
        total += count;
    }
    t->names_at[t->n_stories] = total;
    if (st == NP_OK && !(t->names = np_alloc_array(s->e->allocator, total + 1, sizeof *t->names)))
        st = NP_ENOMEM;
    if (st == NP_OK)
        parallel_run(names_of_share, sh, n, sizeof *sh);
    if (st == NP_OK)
        parallel_run(storylines_of_share, sh, n, sizeof *sh);
    for (size_t k = 1; k < n; k++) {
        for (size_t i = 0; st == NP_OK && i < t->n_stories; i++)
            if (sh[k].line[i] != i)
                storyline_join(line, (uint32_t)i, uf_root(sh[k].line, (uint32_t)i));
        np_free(s->e->allocator, sh[k].line);
    }
    searches_free(s, n, qs);
    return st;
}

/* Final numbering: stories in order of their first unit (non-empty only),
 * members listed in time then id order; storylines numbered likewise. */
static np_status publish(story_state *s)
{
    np_engine *e = s->e;
    const np_allocator *al = e->allocator;
    uint32_t *renum = np_alloc_array(al, s->n_cents + 1, sizeof *renum);
    if (!renum)
        return NP_ENOMEM;
    for (size_t c = 0; c < s->n_cents; c++)
        renum[c] = UINT32_MAX;
    size_t n_stories = 0;
    for (size_t u = 0; u < s->n_units; u++)
        if (renum[s->units[u].story] == UINT32_MAX)
            renum[s->units[u].story] = (uint32_t)n_stories++;
    e->stories = np_calloc(al, n_stories + 1, sizeof *e->stories);
    e->story_of = np_alloc_array(al, e->n_arts + 1, sizeof *e->story_of);
    e->story_members = np_alloc_array(al, e->n_arts + 1, sizeof *e->story_members);
    uint32_t *line = np_alloc_array(al, n_stories + 1, sizeof *line);
    uint32_t *unit_of_rep = np_alloc_array(al, e->n_arts + 1, sizeof *unit_of_rep);
    centroid **by_story = np_alloc_array(al, n_stories + 1, sizeof *by_story);
    member_order *order = np_alloc_array(al, e->n_arts + 1, sizeof *order);
    weighted *names = NULL;
    size_t *names_at = NULL;
    double *names_norm = NULL;
    np_status st = NP_OK;
    if (!e->stories || !e->story_of || !e->story_members || !line || !unit_of_rep || !by_story ||
        !order) {
        st = NP_ENOMEM;
        goto done;
    }
    e->n_stories = n_stories;
    for (size_t c = 0; c < s->n_cents; c++)
        if (renum[c] != UINT32_MAX)
            by_story[renum[c]] = &s->cents[c];
    for (size_t u = 0; u < s->n_units; u++)
        unit_of_rep[s->units[u].art] = (uint32_t)u;
    for (size_t i = 0; i < e->n_arts; i++) {
        uint32_t rep = e->original[i] == UINT32_MAX ? (uint32_t)i : e->original[i];
        e->story_of[i] = renum[s->units[unit_of_rep[rep]].story];
    }
    /* members: counting sort by story, in unit (time) order within */
    for (size_t i = 0; i < e->n_arts; i++)
        e->stories[e->story_of[i]].n_members++;
    uint32_t at = 0;
    for (size_t k = 0; k < n_stories; k++) {
        e->stories[k].first_member = at;
        at += e->stories[k].n_members;
        e->stories[k].n_members = 0;
        e->stories[k].first_day = by_story[k]->first_day;
        e->stories[k].last_day = by_story[k]->last_day;
        e->stories[k].title_article = UINT32_MAX;
    }
    /* each family after its representative, in unit (time) order */
    for (size_t i = 0; i < e->n_arts; i++) {
        uint32_t rep = e->original[i] == UINT32_MAX ? (uint32_t)i : e->original[i];
        order[i] = (member_order){ unit_of_rep[rep], rep == i ? 0u : 1u, s->rank[i], (uint32_t)i };
    }
    np_sort(order, e->n_arts, sizeof *order, cmp_member_order);
    for (size_t x = 0; x < e->n_arts; x++) {
        uint32_t i = order[x].art;
        story *k = &e->stories[e->story_of[i]];
        e->story_members[k->first_member + k->n_members++] = i;
        /* a story's dates span all its articles, copies included */
        int32_t day = e->arts[i].day;
        if (day != NO_DAY) {
            if (k->first_day == NO_DAY || day < k->first_day)
                k->first_day = day;
            if (k->last_day == NO_DAY || day > k->last_day)
                k->last_day = day;
        }
        if (k->title_article == UINT32_MAX && e->arts[i].title != NO_STRING)
            k->title_article = i;
    }
    /* keywords, names and numbers (storylines are compared on those only) */
    e->story_keywords = np_calloc(al, n_stories * STORY_KEYWORDS + 1, sizeof *e->story_keywords);
    names_at = np_alloc_array(al, n_stories + 1, sizeof *names_at);
    names_norm = np_alloc_array(al, n_stories + 1, sizeof *names_norm);
    if (!e->story_keywords || !names_at || !names_norm) {
        st = NP_ENOMEM;
        goto done;
    }
    for (size_t k = 0; k < n_stories; k++)
        line[k] = (uint32_t)k;
    storyline_table t = { s, by_story, renum, n_stories, e->story_keywords, NULL, names_at, names_norm };
    st = story_summaries(&t, line);
    names = t.names;
    if (st != NP_OK)
        goto done;
    size_t n_lines = 0;
    for (size_t k = 0; k < n_stories; k++) {
        uint32_t r = uf_root(line, (uint32_t)k);
        if (r == k)
            e->stories[k].storyline = (uint32_t)n_lines++;
        else
            e->stories[k].storyline = e->stories[r].storyline;
    }
    e->n_storylines = n_lines;
done:
    np_free(al, renum);
    np_free(al, line);
    np_free(al, unit_of_rep);
    np_free(al, by_story);
    np_free(al, order);
    np_free(al, names);
    np_free(al, names_at);
    np_free(al, names_norm);
    return st;
}

/* The vectors of a run of articles [lo, hi), made on the engine's threads
 * before story_group places them one by one: make_vector and top_terms of
 * article i at chunk place i - lo (copies have none). */
enum { VECTOR_CHUNK = 4096, VECTOR_SHARES = 16 };

typedef struct vector_chunk {
    size_t lo, hi;
    size_t *at;               /* per place: where its vector starts in vec and counts */
    weighted *vec;
    uint16_t *counts;
    uint32_t *vec_n;
    uint32_t (*top)[INDEX_TERMS];
    uint8_t *n_top;
    size_t cap;               /* room in vec and counts */
} vector_chunk;

typedef struct vector_share {
    const np_engine *e;
    vector_chunk *c;
    size_t from, to;          /* places */
} vector_share;

static void *vectors_of_share(void *arg)
{
    vector_share *sh = arg;
    const np_engine *e = sh->e;
    vector_chunk *c = sh->c;
    for (size_t p = sh->from; p < sh->to; p++) {
        size_t i = c->lo + p;
        if (e->original[i] != UINT32_MAX && e->original[i] != i)
            continue;
        make_vector(e, (uint32_t)i, c->vec + c->at[p], c->counts + c->at[p], &c->vec_n[p]);
        c->n_top[p] = (uint8_t)top_terms(c->vec + c->at[p], c->vec_n[p], c->top[p]);
    }
    return NULL;
}

static np_status vectors_make(const np_engine *e, vector_chunk *c, size_t lo, size_t hi)
{
    const np_allocator *al = e->allocator;
    size_t m = hi - lo, need = 0;
    if (!c->at) {
        c->at = np_alloc_array(al, VECTOR_CHUNK, sizeof *c->at);
        c->vec_n = np_alloc_array(al, VECTOR_CHUNK, sizeof *c->vec_n);
        c->top = np_alloc_array(al, VECTOR_CHUNK, sizeof *c->top);
        c->n_top = np_alloc_array(al, VECTOR_CHUNK, sizeof *c->n_top);
        if (!c->at || !c->vec_n || !c->top || !c->n_top)
            return NP_ENOMEM;
    }
    for (size_t p = 0; p < m; p++) {
        const art *r = &e->arts[lo + p];
        c->at[p] = need;
        c->vec_n[p] = 0;
        if (e->original[lo + p] == UINT32_MAX || e->original[lo + p] == lo + p)
            need += r->term_count + r->fact_count;
    }
    if (need > c->cap) {
        weighted *vec = np_realloc_array(al, c->vec, need, sizeof *vec);
        if (vec)
            c->vec = vec;
        uint16_t *counts = vec ? np_realloc_array(al, c->counts, need, sizeof *counts) : NULL;
        if (!counts)
            return NP_ENOMEM;
        c->counts = counts;
        c->cap = need;
    }
    c->lo = lo;
    c->hi = hi;
    size_t n = e->threads < VECTOR_SHARES ? e->threads : VECTOR_SHARES;
    if (n < 1 || m < 256)
        n = 1;
    vector_share sh[VECTOR_SHARES];
    for (size_t t = 0; t < n; t++)
        sh[t] = (vector_share){ e, c, m * t / n, m * (t + 1) / n };
    parallel_run(vectors_of_share, sh, n, sizeof *sh);
    return NP_OK;
}

static void vectors_free(const np_allocator *al, vector_chunk *c)
{
    np_free(al, c->at);
    np_free(al, c->vec);
    np_free(al, c->counts);
    np_free(al, c->vec_n);
    np_free(al, c->top);
    np_free(al, c->n_top);
}

np_status story_group(np_engine *e)
{
    const np_allocator *al = e->allocator;
    story_state s = { .e = e };
    vector_chunk chunk = { 0 };
    const uint32_t *rank = e->rank;
    int32_t *fam_day = np_alloc_array(al, e->n_arts + 1, sizeof *fam_day);
    uint16_t *fam_months = np_alloc_array(al, e->n_arts + 1, sizeof *fam_months);
    s.units = np_alloc_array(al, e->n_arts + 1, sizeof *s.units);
    size_t pool_size = 1, fact_size = 1; /* the terms of the units' representatives */
    for (size_t i = 0; i < e->n_arts; i++) {
        if (e->original[i] == UINT32_MAX || e->original[i] == i) {
            size_t room = e->arts[i].term_count + e->arts[i].fact_count;
            pool_size += room;
            fact_size += e->arts[i].fact_count;
        }
    }
    s.pool = np_alloc_array(al, pool_size, sizeof *s.pool);
    s.tf = np_alloc_array(al, pool_size, sizeof *s.tf);
    s.fact_pool = np_alloc_array(al, fact_size, sizeof *s.fact_pool);
    np_status st = NP_OK;
    if (!fam_day || !fam_months || !s.units || !s.pool || !s.tf || !s.fact_pool) {
        st = NP_ENOMEM;
        goto done;
    }
    s.rank = rank;
    /* a family is placed in time by its earliest dated member */
    for (size_t i = 0; i < e->n_arts; i++)
        fam_day[i] = NO_DAY;
    for (size_t i = 0; i < e->n_arts; i++)
        fam_months[i] = 0;
    for (size_t j = 0; j < e->n_arts; j++) {
        uint32_t o = e->original[j];
        int32_t d = e->arts[j].day;
        if (o != UINT32_MAX)
            fam_months[o] |= e->arts[j].months;
        if (o != UINT32_MAX && d != NO_DAY && (fam_day[o] == NO_DAY || d < fam_day[o]))
            fam_day[o] = d;
    }
    /* last article first, each one's terms given back once its vector is
     * made (engine_trim_terms, when the articles' terms follow one another
     * in the pool), every TRIM_TERMS or so; the units are sorted below */
    size_t pool_top = pool_size, facts_top = fact_size, noun_at = 0, trimmed = e->n_terms;
    int in_order = 1;
    for (size_t i = 0; i < e->n_arts; i++) {
        noun_at += e->arts[i].fact_count; /* the nouns end here */
        if (i + 1 < e->n_arts &&
            e->arts[i].term_first + e->arts[i].term_count + e->arts[i].fact_count > e->arts[i + 1].term_first)
            in_order = 0;
    }
    for (size_t i = e->n_arts; i-- > 0;) {
        const art *r = &e->arts[i];
        noun_at -= r->fact_count; /* the nouns of article i's facts start here */
        if (i + 1 == chunk.lo || i + 1 == e->n_arts) { /* the next chunk's vectors, before its terms go */
            size_t lo = i + 1 > VECTOR_CHUNK ? i + 1 - VECTOR_CHUNK : 0;
            if ((st = vectors_make(e, &chunk, lo, i + 1)) != NP_OK)
                goto done;
        }
        if (in_order && trimmed - r->term_first >= TRIM_TERMS) {
            engine_trim_terms(e, r->term_first + r->term_count + r->fact_count);
            trimmed = r->term_first + r->term_count + r->fact_count;
        }
        if (e->original[i] != UINT32_MAX && e->original[i] != i)
            continue; /* a copy travels with its original */
        unit *x = &s.units[s.n_units++];
        x->art = (uint32_t)i;
        x->rank = rank[i];
        x->day = e->original[i] == i ? fam_day[i] : e->arts[i].day;
        x->months = e->original[i] == i ? fam_months[i] : e->arts[i].months;
        memcpy(x->mentions, e->arts[i].mentions, sizeof x->mentions);
        /* the vector made for the chunk (a fact whose key is a word is no
         * term of its own, so it may be shorter than the terms) */
        size_t place = i - chunk.lo;
        const uint16_t *counts = chunk.counts + chunk.at[place];
        x->vec_n = chunk.vec_n[place];
        pool_top -= x->vec_n;
        memcpy(s.pool + pool_top, chunk.vec + chunk.at[place], x->vec_n * sizeof *s.pool);
        x->vec_first = (uint32_t)pool_top;
        x->length = 0;
        for (uint32_t t = 0; t < x->vec_n; t++) {
            x->length += counts[t];
            s.tf[pool_top + t] = (uint8_t)(counts[t] < TF_ESCAPE ? counts[t] : TF_ESCAPE);
            if (counts[t] < TF_ESCAPE)
                continue;
            if (s.n_big_tfs == s.cap_big_tfs &&
                (st = reserve(al, (void **)&s.big_tfs, &s.cap_big_tfs, 2 * s.cap_big_tfs + 16, sizeof *s.big_tfs)) !=
                    NP_OK)
                goto done;
            s.big_tfs[s.n_big_tfs++] = (big_tf){ (uint32_t)(pool_top + t), counts[t] };
        }
        x->n_top = chunk.n_top[place];
        memcpy(x->top, chunk.top[place], sizeof x->top);
        x->story = UINT32_MAX;
        facts_top -= r->fact_count;
        x->fact_first = (uint32_t)facts_top;
        x->n_facts = r->fact_count;
        for (uint32_t k = 0; k < r->fact_count; k++)
            s.fact_pool[facts_top + k] =
                (fact_tally){ e->nouns[noun_at + k], e->term_stems[r->term_first + r->term_count + k], 1 };
        np_sort(s.fact_pool + facts_top, r->fact_count, sizeof *s.fact_pool, cmp_tally);
    }
    np_sort(s.big_tfs, s.n_big_tfs, sizeof *s.big_tfs, cmp_big_tf);
    s.n_vocab = e->n_vocab;
    engine_release(e, RELEASE_TERMS); /* the vectors hold what stories need */
    np_sort(s.units, s.n_units, sizeof *s.units, cmp_units);
    st = cluster_online(&s);
    if (st == NP_OK)
        st = merge_stories(&s);
    if (st == NP_OK)
        st = slices_begin(&s);
    if (st == NP_OK && story_shares(&s) > 1)
        st = slices_make_all(&s, story_shares(&s));
    for (int pass = 0; pass < REFINE_PASSES && st == NP_OK; pass++)
        st = refine(&s);
    slices_free(&s);
    if (st == NP_OK)
        st = mixture(&s);
    /* counts and facts are the passes' alone: given back before publish's
     * tables */
    np_free(al, s.tf);
    np_free(al, s.big_tfs);
    np_free(al, s.fact_pool);
    np_free(al, s.fact_merge);
    s.tf = NULL, s.big_tfs = NULL, s.n_big_tfs = s.cap_big_tfs = 0;
    s.fact_pool = s.fact_merge = NULL, s.cap_fact_merge = 0;
    if (st == NP_OK)
        st = publish(&s);
done:
    post_free(&s);
    for (size_t c = 0; c < s.n_cents; c++) {
        if (!s.cents[c].borrowed)
            np_free(al, s.cents[c].items);
        np_free(al, s.cents[c].dir);
        np_free(al, s.cents[c].facts);
    }
    np_free(al, s.cents);
        np_free(al, s.merge);
    np_free(al, s.units);
    np_free(al, s.pool);
    np_free(al, s.tf);
    np_free(al, s.big_tfs);
    vectors_free(al, &chunk);
    np_free(al, s.fact_pool);
    np_free(al, s.fact_merge);
    np_free(al, fam_day);
    np_free(al, fam_months);
    return st;
}
