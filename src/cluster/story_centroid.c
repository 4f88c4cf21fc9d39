/*
 * story_centroid: a story's centroid (the sum of its units' vectors),
 * and how a unit or another story measures against it (its fact tally is
 * story_facts.c's).
 *
 * A centroid is a sorted run of (stem, weight), merged on each move; a
 * large one gets a directory by the top bits of its stems, so that a dot
 * product with a small vector looks the vector's stems up.  A unit's
 * vector is loaded once into a small hash table (the probe) for its dot
 * products with many centroids.  Every way adds the same products in stem
 * order, so each gives the same double.
 */
#include <math.h>
#include <string.h>

#include "cluster/story_internal.h"

/* the probe table's hash: 2^32 over the golden ratio */
#define PROBE_MULTIPLIER 0x9e3779b9u

/* Room for `need` elements of `size` bytes in *array (capacity *cap). */
np_status story_reserve(const np_allocator *al, void **array, size_t *cap, size_t need, size_t size)
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

/* The first of items [from, n) whose stem (without bit 0) is not below
 * key's: galloping from `from`, then halving.  Inline in its callers: a
 * gallop dot product calls it for each stem of the shorter vector (2.7
 * million calls at d20k, where inlined the stage takes 1.3% fewer
 * instructions). */
static inline __attribute__((always_inline)) size_t items_gallop(const weighted *items, size_t from, size_t n,
                                                                 uint32_t key)
{
    size_t lo = from, step = 1;
    while (lo + step < n && items[lo + step].stem >> 1 < key) {
        lo += step;
        step *= 2;
    }
    if (lo >= n || items[lo].stem >> 1 >= key)
        return lo;
    size_t hi = lo + step < n ? lo + step : n; /* items[lo] < key <= items[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (items[mid].stem >> 1 < key)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* The directory's bits for a centroid of n items (centroid_directory):
 * one or two items a bucket (at two to four, the search from a bucket's
 * start stepped over 1.4 items a stem, 8 of a lookup's 26 instructions;
 * x12k's story stage 3,919.7 -> 3,791.2 M instructions). */
static unsigned directory_bits(size_t n)
{
    unsigned bits = 1;
    while (bits < 24 && ((size_t)2 << bits) <= n)
        bits++;
    return bits;
}

/* How a valid directory follows its centroid's add: bucket b starts as
 * many items later as the add put in, less those it took out, in buckets
 * below b.  The vector's stems come in bucket order, so before the add
 * puts in or takes out an item of bucket `to`, the buckets not moved yet
 * (from *from) up to `to` move by the count so far (`moved`). */
static void directory_shift(centroid *c, size_t *from, size_t to, long moved)
{
    for (size_t b = *from; b <= to; b++)
        c->dir[b] = (uint32_t)((long)c->dir[b] + moved);
    *from = to + 1 > *from ? to + 1 : *from;
}

/* What an add does at one of the vector's stems, found in the centroid
 * (story_centroid_add): the item at `at` takes stem and w (UPDATE) or
 * leaves (OUT: its weight comes to nothing), or a new item comes in before
 * it (IN). */
enum { STEP_UPDATE, STEP_OUT, STEP_IN };
typedef struct add_step {
    uint32_t at, stem;
    float w;
    uint32_t kind;
} add_step;

/* The items of c (src, n of them) with the steps done, into dst (room
 * for them, not src). */
static void add_steps_copy(weighted *dst, const weighted *src, size_t n, const add_step *step, size_t n_steps)
{
    size_t from = 0, k = 0;
    for (size_t j = 0; j < n_steps; j++) {
        const add_step *t = &step[j];
        if (t->at > from)
            memcpy(dst + k, src + from, (t->at - from) * sizeof *dst);
        k += t->at - from;
        from = t->at;
        if (t->kind != STEP_IN)
            from++;
        if (t->kind != STEP_OUT)
            dst[k++] = (weighted){ t->stem, t->w };
    }
    if (n > from)
        memcpy(dst + k, src + from, (n - from) * sizeof *dst);
}

/* The steps done on c's own items where they are (room for the new count
 * n_in - n_out more): updates in place, the items that leave closed up
 * from the first of them, then the new ones put in from the end, each
 * item moved once at most. */
static void add_steps_in_place(centroid *c, const add_step *step, size_t n_steps, size_t n_in, size_t n_out)
{
    weighted *items = c->items;
    size_t n = c->n, first_out = SIZE_MAX;
    for (size_t j = 0; j < n_steps; j++) {
        if (step[j].kind == STEP_UPDATE)
            items[step[j].at] = (weighted){ step[j].stem, step[j].w };
        else if (step[j].kind == STEP_OUT && first_out == SIZE_MAX)
            first_out = j;
    }
    if (n_out) {
        size_t write = step[first_out].at, read = write;
        for (size_t j = first_out; j < n_steps; j++) {
            if (step[j].kind != STEP_OUT)
                continue;
            memmove(items + write, items + read, (step[j].at - read) * sizeof *items);
            write += step[j].at - read;
            read = step[j].at + 1;
        }
        memmove(items + write, items + read, (n - read) * sizeof *items);
        n -= n_out;
    }
    if (!n_in)
        return;
    /* an item's place once those before it left: its old place less the
     * items that left before it (their steps come before its) */
    size_t src_end = n, dst_end = n + n_in, outs = n_out;
    for (size_t j = n_steps; j-- > 0;) {
        if (step[j].kind == STEP_OUT)
            outs--;
        if (step[j].kind != STEP_IN)
            continue;
        size_t at = step[j].at - outs, len = src_end - at;
        memmove(items + dst_end - len, items + at, len * sizeof *items);
        dst_end -= len;
        src_end = at;
        items[--dst_end] = (weighted){ step[j].stem, step[j].w };
    }
}

/* A story of more items than this has its directory made as its items
 * change (on the calling thread), not when a dot product first needs it:
 * the passes' threads read directories and make none, and without one
 * probed a large story's every item or merged with it (at x12k on two
 * threads, the dot products took 3,391 M instructions where one thread's
 * took 2,704 M; with directories made here, 2,882 M). */
enum { DIRECTORY_MADE_ITEMS = 128 };

static np_status centroid_directory(story_state *s, centroid *c);

np_status story_centroid_add(story_state *s, centroid *c, const weighted *v, size_t nv, double sign)
{
    if (story_reserve(s->e->allocator, (void **)&s->steps, &s->cap_steps, nv, sizeof *s->steps) != NP_OK)
        return NP_ENOMEM;
    add_step *step = s->steps;
    size_t i = 0, n_in = 0, n_out = 0;
    /* a directory in use is moved along, not made again (a large story
     * takes and gives units all through the refinement) */
    int follow = c->dir_valid;
    c->dir_valid = 0; /* until the add is done */
    unsigned shift = 31u - c->dir_bits;
    size_t dir_from = 0;
    long moved = 0;
    /* stems compare without bit 0 (the name mark); a stem that is a name
     * in any member stays marked.  A vector is most often much shorter
     * than the centroid: its stems are found galloping, and the
     * centroid's runs between them are moved whole (where they are, in a
     * story's own items: a large story's add moved them twice) */
    for (size_t j = 0; j < nv; j++) {
        uint32_t key = v[j].stem >> 1;
        /* a bucket the add has not moved yet starts where it did: its
         * items are the first not below the bucket's stems, so the
         * search for key starts there (not a gallop over the items of
         * the buckets between) */
        if (follow && (key >> shift) >= dir_from && c->dir[key >> shift] > i)
            i = c->dir[key >> shift];
        i = items_gallop(c->items, i, c->n, key);
        if (i < c->n && c->items[i].stem >> 1 == key) {
            float w = (float)(c->items[i].w + sign * v[j].w);
            if (fabsf(w) > 1e-6f) {
                step[j] = (add_step){ (uint32_t)i, c->items[i].stem | (v[j].stem & 1), w, STEP_UPDATE };
            } else {
                step[j] = (add_step){ (uint32_t)i, 0, 0, STEP_OUT };
                n_out++;
                if (follow) {
                    directory_shift(c, &dir_from, key >> shift, moved);
                    moved--;
                }
            }
            i++;
        } else {
            step[j] = (add_step){ (uint32_t)i, v[j].stem, (float)(sign * v[j].w), STEP_IN };
            n_in++;
            if (follow) {
                directory_shift(c, &dir_from, key >> shift, moved);
                moved++;
            }
        }
    }
    size_t k = c->n + n_in - n_out, room = k + k / 8 + 16, cap = c->cap;
    if (room > UINT32_MAX)
        return NP_ENOMEM; /* a centroid counts its terms in 32 bits */
    if (c->borrowed) { /* the pool's vector stays as it is: a copy of its own */
        weighted *own = NULL;
        cap = 0;
        if (k && story_reserve(s->e->allocator, (void **)&own, &cap, room, sizeof *own) != NP_OK)
            return NP_ENOMEM;
        if (k)
            add_steps_copy(own, c->items, c->n, step, nv);
        c->items = own;
        c->borrowed = 0;
    } else {
        if (k > cap && story_reserve(s->e->allocator, (void **)&c->items, &cap, room, sizeof *c->items) != NP_OK)
            return NP_ENOMEM;
        add_steps_in_place(c, step, nv, n_in, n_out);
    }
    c->cap = (uint32_t)cap;
    c->n = (uint32_t)k;
    c->norm2 = story_norm2(c->items, k);
    c->members = (uint32_t)((int64_t)c->members + (sign > 0 ? 1 : -1));
    c->top_valid = 0;
    /* the directory stands if its size does; else a large story's is
     * made again now, a smaller one's when next read */
    c->dir_valid = follow && directory_bits(k) == c->dir_bits;
    if (c->dir_valid)
        directory_shift(c, &dir_from, (size_t)1 << c->dir_bits, moved);
    else if (k > DIRECTORY_MADE_ITEMS)
        return centroid_directory(s, c);
    return NP_OK;
}

/* Each story's own terms and tally given the room they fill: the first
 * pass left an eighth of a centroid's terms (and half of its facts) spare
 * for adds to come, and the later passes change few stories (at 1M, 29,774
 * stories of their own held 21.2M places for 19.1M terms: 15.9 MiB).  A
 * story that grows again takes its room then (story_centroid_add). */
void story_centroids_fit(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    for (size_t k = 0; k < s->n_cents; k++) {
        centroid *c = &s->cents[k];
        if (!c->borrowed && c->n && c->cap > c->n) {
            weighted *items = np_realloc_array(al, c->items, c->n, sizeof *items);
            if (items) /* else it keeps its room */
                c->items = items, c->cap = c->n;
        }
        if (!c->facts_borrowed && c->n_facts && c->cap_facts > c->n_facts) {
            fact_tally *facts = np_realloc_array(al, c->facts, c->n_facts, sizeof *facts);
            if (facts)
                c->facts = facts, c->cap_facts = c->n_facts;
        }
    }
}

/* A new story's centroid: its first unit's vector, which is what
 * centroid_add would copy (the same stems and weights, so the same sums),
 * read where it is in the pool instead: most stories keep their first
 * unit alone.  Never written nor freed; centroid_add copies it when the
 * story changes.  n2: story_norm2 of the vector (the first pass has it
 * made on a thread); top: its n_top heaviest terms (story_top_terms of
 * it, which the unit keeps), the centroid's until it changes, or NULL to
 * have them made when first asked for (the merge pass asks for them of
 * every story). */
double story_norm2(const weighted *v, size_t nv)
{
    double n2 = 0;
    /* unrolled, the squares still added one by one in order: the loop's
     * own steps were nearly half of a large story's add */
#pragma GCC unroll 4
    for (size_t x = 0; x < nv; x++)
        n2 += (double)v[x].w * v[x].w;
    return n2;
}

void story_centroid_start(centroid *c, weighted *v, size_t nv, double n2, const uint32_t *top, size_t n_top)
{
    c->items = v;
    c->n = (uint32_t)nv;
    c->cap = 0;
    c->borrowed = 1;
    c->norm2 = n2;
    c->members = 1;
    c->top_valid = top != NULL;
    if (top) {
        memcpy(c->top, top, n_top * sizeof *top);
        c->n_top = (uint8_t)n_top;
    }
    c->dir_valid = 0;
}

/* A directory of c's items by the top bits of their stems, one or two
 * items a bucket: stems are hashes, so a stem is found in a step or two,
 * where a binary search of a large centroid takes a dozen. */
static np_status centroid_directory(story_state *s, centroid *c)
{
    if (c->dir_valid)
        return NP_OK;
    unsigned bits = directory_bits(c->n);
    size_t buckets = (size_t)1 << bits;
    if (buckets + 1 > c->dir_cap) {
        uint32_t *d = np_realloc_array(s->e->allocator, c->dir, buckets + 1, sizeof *d);
        if (!d)
            return NP_ENOMEM;
        c->dir = d;
        c->dir_cap = (uint32_t)(buckets + 1);
    }
    /* bucket b starts at the first item of a bucket b or above: each
     * item starts the buckets from the last item's up to its own */
    size_t b = 0;
    for (size_t i = 0; i < c->n; i++) {
        size_t item_bucket = (c->items[i].stem >> 1) >> (31 - bits);
        while (b <= item_bucket)
            c->dir[b++] = (uint32_t)i;
    }
    while (b <= buckets)
        c->dir[b++] = (uint32_t)c->n;
    c->dir_bits = (uint8_t)bits;
    c->dir_valid = 1;
    return NP_OK;
}

/* One stem of directory_dot: its product with c's item of the stem, if c
 * has one, added to *sum (lo and the stems compared whole: an item's
 * stem >> 1 is below x = v's stem >> 1 when the item's stem is below 2x,
 * and they are the same when the item's is 2x or 2x + 1).  The stem is
 * not past c's last, so the search from its bucket's start ends at an
 * item not below it (c's last at worst) without a test of the bucket's
 * end. */
static inline __attribute__((always_inline)) void directory_step(const weighted *vi, const weighted *items,
                                                                  const uint32_t *dir, unsigned shift, double *sum)
{
    uint32_t lo = vi->stem & ~1u; /* 2x */
    const weighted *at = &items[dir[vi->stem >> shift]];
    while (at->stem < lo)
        at++;
    /* no branch on a hit (as story_probe_dot: mispredicted about as often
     * as not): at is an item (stems_up_to), its product a number, added
     * times 0 or 1, a miss's +-0 leaving the sum as it is */
    unsigned hit = at->stem - lo < 2;
#if defined(__GNUC__) || defined(__clang__)
    __asm__("" : "+r"(hit));
#endif
    *sum += (double)vi->w * at->w * (double)hit;
}

/* How many of v's first stems are not past c's last (last: its stem | 1):
 * none after them is in c.  Halving: v's stems ascend. */
static size_t stems_up_to(const weighted *v, size_t nv, uint32_t last)
{
    size_t lo = 0, hi = nv;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((v[mid].stem & ~1u) <= last)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A centroid of more items than this is out of the first levels of cache:
 * its dot products fetch ahead (at x12k, 249k of 281k directory dot
 * products were with centroids of up to 4,096 items, 32 KiB, where the
 * fetches cost 7 instructions a stem and spared no wait). */
enum { DIRECTORY_FETCH_ITEMS = 4096 };

/* story_dot(v, c) by looking v's stems up in c's directory: the products of
 * the stems they share, added in v's (stem) order as story_dot() adds them, so
 * the same double.  v's stems ascend, so none after one past c's last
 * stem is in c.  A large centroid is out of cache: its buckets are
 * fetched PREFETCH_AHEAD stems ahead, their items half as far, in a loop
 * of its own (none for the last PREFETCH_AHEAD stems). */
static double directory_dot(const weighted *v, size_t nv, const centroid *c)
{
    unsigned shift = 32u - c->dir_bits; /* a stem's bucket: (stem >> 1) >> (31 - dir_bits) */
    const weighted *items = c->items;
    const uint32_t *dir = c->dir;
    nv = stems_up_to(v, nv, items[c->n - 1].stem | 1u);
    size_t i = 0;
    double sum = 0;
    if (c->n > DIRECTORY_FETCH_ITEMS) {
        for (size_t ahead = nv > PREFETCH_AHEAD ? nv - PREFETCH_AHEAD : 0; i < ahead; i++) {
            __builtin_prefetch(&dir[v[i + PREFETCH_AHEAD].stem >> shift]);
            __builtin_prefetch(&items[dir[v[i + PREFETCH_AHEAD / 2].stem >> shift]]);
            directory_step(&v[i], items, dir, shift, &sum);
        }
    }
    for (; i < nv; i++)
        directory_step(&v[i], items, dir, shift, &sum);
    return sum;
}

/* story_dot(v, items) by galloping through items for v's stems, for a
 * vector much shorter than items: a centroid that is one unit's vector
 * (borrowed from the pool: most stories keep their first unit alone),
 * which gets no directory, or a story's names (storylines); the products
 * of the stems they share, added in stem order as story_dot() adds them,
 * so the same double. */
double story_gallop_dot(const weighted *v, size_t nv, const weighted *items, size_t n)
{
    double sum = 0;
    size_t k = 0;
    for (size_t i = 0; i < nv; i++) {
        uint32_t x = v[i].stem >> 1;
        k = items_gallop(items, k, n, x);
        if (k == n)
            break;
        if (items[k].stem >> 1 == x)
            sum += (double)v[i].w * items[k].w;
    }
    return sum;
}

/* A key's first slot: the top bits of its 32-bit Fibonacci hash, as many
 * as the table's size takes (shift: probe_shift), so no mask. */
static size_t probe_first(uint32_t key, unsigned shift)
{
    return (size_t)((uint32_t)(key * PROBE_MULTIPLIER) >> shift);
}

/* Room in q's probe table for a vector of nv terms (a new table when its
 * generations run out). */
np_status story_probe_reserve(const np_allocator *al, story_search *q, size_t nv)
{
    size_t cap = 64;
    while (cap < 2 * nv)
        cap *= 2;
    if (cap <= q->probe_cap && q->probe_now != UINT32_MAX)
        return NP_OK;
    if (cap < q->probe_cap)
        cap = q->probe_cap;
    unsigned bits = 6;
    while (((size_t)1 << bits) < cap)
        bits++;
    if (bits > 32) /* the slots' hash has 32 bits */
        return NP_ENOMEM;
    /* all three cleared: story_probe_dot reads a slot's key and weight
     * before it knows the slot is taken */
    uint32_t *keys = np_calloc(al, cap, sizeof *keys);
    uint32_t *gen = np_calloc(al, cap, sizeof *gen);
    float *weights = np_calloc(al, cap, sizeof *weights);
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
    q->probe_shift = (uint8_t)(32 - bits);
    q->probe_now = 0;
    return NP_OK;
}

/* Makes v the unit that unit_dot measures; its table is filled when a
 * dot product first needs it (probe_fill): a unit weighed against large
 * stories alone (a directory's search or a gallop each) needs none.  A
 * thread's table is made large enough beforehand. */
np_status story_probe_load(story_state *s, story_search *q, const weighted *v, size_t nv)
{
    if (!q->shared && story_probe_reserve(s->e->allocator, q, nv) != NP_OK)
        return NP_ENOMEM;
    q->probe_v = v;
    q->probe_n = nv;
    q->probe_filled = 0;
    return NP_OK;
}

/* The loaded vector into q's table.  A slot is taken only when its
 * generation is the current one, so the last vector's entries need no
 * clearing. */
static void probe_fill(story_search *q)
{
    /* the table's fields in locals: through q they were loaded again
     * after each store (a store to the table may alias them) */
    uint32_t *keys = q->probe_keys, *gen = q->probe_gen;
    float *weights = q->probe_weights;
    const weighted *v = q->probe_v;
    size_t nv = q->probe_n;
    uint32_t now = ++q->probe_now;
    size_t mask = q->probe_cap - 1;
    unsigned shift = q->probe_shift;
    for (size_t i = 0; i < nv; i++) {
        uint32_t key = v[i].stem | 1u;
        size_t j = probe_first(key, shift);
        while (gen[j] == now && keys[j] != key)
            j = (j + 1) & mask;
        keys[j] = key;
        gen[j] = now;
        weights[j] = v[i].w;
    }
    q->probe_filled = 1;
}

/* story_dot(v, c) of the loaded unit v: the same products added in the same
 * (stem) order as story_dot(), so the same double, but each step a probe of a
 * small table instead of a branchy merge; a centroid much larger than v
 * is searched for v's stems in its directory instead (a thread's search
 * makes none: it probes when the directory is missing). */
static double unit_dot(story_state *s, story_search *q, centroid *c, np_status *st)
{
    size_t nc = c->n;
    if (nc > 2 * q->probe_n && c->borrowed)
        return story_gallop_dot(q->probe_v, q->probe_n, c->items, c->n);
    /* a lookup a stem (23 instructions) against a probe an item (15): a
     * directory there already is used for a centroid of 1.5 times v's
     * terms (x12k: 3,790.1 -> 3,769.2 M in the story stage) */
    if ((nc > 2 * q->probe_n && (c->dir_valid || !q->shared)) || (c->dir_valid && 2 * nc > 3 * q->probe_n)) {
        if ((*st = centroid_directory(s, c)) != NP_OK)
            return 0;
        return directory_dot(q->probe_v, q->probe_n, c);
    }
    return story_probe_dot(q, c->items, nc);
}

/* story_dot(v, items) of the loaded vector v (story_probe_load): items
 * probed in the table in their (stem) order, the same products added in
 * the same order as story_dot() adds them, so the same double. */
double story_probe_dot(story_search *q, const weighted *items, size_t nc)
{
    if (!q->probe_filled)
        probe_fill(q);
    /* the table's fields in locals: a slot of the generation now whose
     * key is the item's is a hit, one of an older generation a miss */
    const uint32_t *keys = q->probe_keys, *gen = q->probe_gen;
    const float *weights = q->probe_weights;
    uint32_t now = q->probe_now;
    size_t mask = q->probe_cap - 1;
    unsigned shift = q->probe_shift;
    double sum = 0;
    for (size_t k = 0; k < nc; k++) {
        uint32_t key = items[k].stem | 1u;
        size_t j = probe_first(key, shift);
        /* no branch on a hit: whether an item is the unit's is as good as
         * random, and its branch was mispredicted about as often as not.
         * The product is made always (the slots' weights are all numbers:
         * the table is cleared when made) and added times 0 or 1: a miss
         * adds +0 or -0, which leaves sum as it is (it starts at +0 and a
         * sum is never -0).  The empty asm keeps the compiler from
         * branching on `same` again. */
        unsigned live = gen[j] == now, same = keys[j] == key;
#if defined(__GNUC__) || defined(__clang__)
        __asm__("" : "+r"(same));
#endif
        double prod = (double)weights[j] * items[k].w;
        sum += prod * (double)(live & same);
        if (live & ~same) { /* another key in its first slot: probe on */
            for (j = (j + 1) & mask; gen[j] == now; j = (j + 1) & mask) {
                if (keys[j] == key) {
                    sum += (double)weights[j] * items[k].w;
                    break;
                }
            }
        }
    }
    return sum;
}

/* Cosine of the loaded unit with a centroid (with `self`, the centroid
 * without the unit, which is in it). */
double story_similarity(story_state *s, story_search *q, centroid *c, int self, np_status *st)
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

/* Adds centroid b into a (b is left empty). */
np_status story_centroid_merge(story_state *s, centroid *a, centroid *b)
{
    uint32_t members = a->members + b->members;
    np_status st = story_centroid_add(s, a, b->items, b->n, 1);
    if (st == NP_OK)
        st = story_tally_add(s, a, b->facts, b->n_facts, 1);
    if (st != NP_OK)
        return st;
    b->n_facts = 0;
    a->members = members;
    a->months |= b->months;
    centroid_touch_day(a, b->first_day);
    centroid_touch_day(a, b->last_day);
    if (!b->borrowed)
        np_free(s->e->allocator, b->items);
    if (!b->facts_borrowed) /* a's now: b's room was held to the stage's end */
        np_free(s->e->allocator, b->facts);
    b->facts = NULL;
    b->cap_facts = 0;
    b->facts_borrowed = 0;
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

/* story_dot(a->items, b->items), the larger searched through its directory
 * when it is much larger (and has one, or may make one: not on a
 * thread), or when it has one already (a search a stem is fewer steps
 * than a merge's two, for a story up to twice the other's size): the
 * same products in the same order. */
np_status story_centroids_dot(story_state *s, const story_search *q, centroid *a, centroid *b, double *out)
{
    centroid *small = a->n <= b->n ? a : b, *large = a->n <= b->n ? b : a;
    if (large->n > 2 * small->n && large->borrowed) {
        *out = story_gallop_dot(small->items, small->n, large->items, large->n);
    } else if (large->dir_valid || (large->n > 2 * small->n && !q->shared)) {
        np_status st = centroid_directory(s, large);
        if (st != NP_OK)
            return st;
        *out = small->n ? directory_dot(small->items, small->n, large) : 0;
    } else {
        *out = story_dot(a->items, a->n, b->items, b->n);
    }
    return NP_OK;
}
