/*
 * story_online: the first pass, which takes the units in time order,
 * each joining its most similar open story or starting one (story.c's
 * header comment tells why).
 *
 * On the engine's threads it runs in batches of ONLINE_BATCH units
 * (story_guesses_run): each unit's candidates and their weights are made
 * on the threads against the stories as the batch began; then the
 * calling thread takes the units in order, weighing again only the
 * stories the batch changed and the candidates its terms' posting lists
 * gained since, and places them: the same stories as one thread makes.
 */
#include <limits.h>
#include <string.h>

#include "cluster/story_internal.h"

/* A new, empty story, its number into *index (the centroids, and the
 * calling thread's search, with room for it). */
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

/* The first pass on the engine's threads runs in batches of ONLINE_BATCH
 * units (a unit's candidates are often stories of units a little before
 * it: the smaller the batch, the fewer it finds changed; at 20k articles,
 * with batches of 16, 93% of the units' candidates and of their weights
 * stand): see story_online. */
enum { ONLINE_BATCH = 16 };

/* A story in the first pass on threads: the batch that last changed it,
 * and where it is among the candidates of a unit's guess (plus one; 0
 * when not, or not known: see online_commit). */
typedef struct online_mark {
    uint32_t changed, at;
} online_mark;

/* The stories the first pass changed, on threads, and the current batch's. */
typedef struct online_state {
    online_mark *marks;
    size_t cap;
    uint32_t batch;     /* the current one, from 1 */
    size_t post_slots;  /* the posting slots there were when it began */
    uint32_t touched[ONLINE_BATCH]; /* the stories it changed so far */
    size_t n_touched;
} online_state;

/* Is story k open to unit x in the first pass?  (Most candidates are
 * not: this is inlined where they are met.) */
static inline int online_open(const np_params *p, const unit *x, const centroid *k)
{
    /* an undated unit has no place in the time stream: in this pass it
     * only joins stories of other undated units; the merge and refine
     * passes then bring it to a dated story by average similarity */
    return within(x->day, k, p->story_window) && !too_long(k, x->day, p->story_span) &&
           (x->day != NO_DAY || k->first_day == NO_DAY);
}

/* The similarity of unit x to story k, open to it, less across months.
 * Loads x once (*loaded). */
static double online_similarity(story_state *s, story_search *q, const unit *x, centroid *k, int *loaded,
                                np_status *st)
{
    if (!*loaded && (*st = story_probe_load(s, q, s->pool + x->vec_first, x->vec_n)) != NP_OK)
        return -INFINITY;
    *loaded = 1;
    double sim = story_similarity(s, q, k, 0, st);
    if (months_apart(x->months, k->months) || story_days_apart(x->mentions, x->day, k, s->e->params.story_window))
        sim *= MONTH_PENALTY;
    return sim;
}

/* What story c weighs for unit x in the first pass: their similarity,
 * or -INFINITY when c is not open to x (a weight no story is taken for:
 * the best starts at -1). */
static inline double online_weight(story_state *s, story_search *q, const unit *x, uint32_t c, int *loaded,
                                   np_status *st)
{
    centroid *k = &s->cents[c];
    return online_open(&s->e->params, x, k) ? online_similarity(s, q, x, k, loaded, st) : -INFINITY;
}

/* The story of found that unit x would join, or UINT32_MAX, and its
 * weight (the first of the greatest; -1 for none).  With `weights`,
 * every weight is kept there.  Reads the stories only when q is a
 * thread's. */
static np_status online_best(story_state *s, story_search *q, const unit *x, const uint32_t *found, size_t n_found,
                             double *weights, double *best_out, uint32_t *best_story)
{
    np_status st = NP_OK;
    int loaded = 0; /* the unit's vector is loaded for the first story it is weighed with */
    double best = -1;
    *best_story = UINT32_MAX;
    for (size_t f = 0; f < n_found && st == NP_OK; f++) {
        uint32_t c = found[f];
        double w = online_weight(s, q, x, c, &loaded, &st);
        if (weights)
            weights[f] = w;
        if (w > best) {
            best = w;
            *best_story = c;
        }
    }
    *best_out = best;
    return st;
}

/* Unit x joins story best_story, or starts one when its best weight is
 * below the join threshold (or it has none); with o, the story is marked
 * changed in o's batch.  slots: its terms' (story_post_add_at); norm2:
 * its vector's story_norm2, or NAN to be made here. */
static np_status online_place(story_state *s, unit *x, double best, uint32_t best_story, online_state *o,
                              const uint32_t *slots, double norm2)
{
    const weighted *v = s->pool + x->vec_first;
    int fresh = best < join_threshold(&s->e->params, x) || best_story == UINT32_MAX;
    np_status st = fresh ? new_story(s, &best_story) : NP_OK;
    if (st == NP_OK && o && s->n_cents > o->cap) {
        size_t had = o->cap;
        st = story_reserve(s->e->allocator, (void **)&o->marks, &o->cap, s->cap_cents, sizeof *o->marks);
        if (st == NP_OK)
            memset(o->marks + had, 0, (o->cap - had) * sizeof *o->marks);
    }
    if (st != NP_OK)
        return st;
    if (o && o->marks[best_story].changed != o->batch) {
        o->marks[best_story].changed = o->batch;
        o->touched[o->n_touched++] = best_story;
    }
    x->story = best_story;
    s->cents[best_story].months |= x->months;
    centroid_touch_day(&s->cents[best_story], x->day);
    if (fresh) {
        if (isnan(norm2))
            norm2 = story_norm2(s->pool + x->vec_first, x->vec_n);
        story_centroid_start(&s->cents[best_story], s->pool + x->vec_first, x->vec_n, norm2);
        story_tally_start(&s->cents[best_story], s->fact_pool + x->fact_first, x->n_facts);
    } else {
        st = story_centroid_add(s, &s->cents[best_story], v, x->vec_n, 1);
        if (st == NP_OK)
            st = story_tally_add(s, &s->cents[best_story], s->fact_pool + x->fact_first, x->n_facts, 1);
    }
    if (st == NP_OK)
        st = story_post_add_at(s, x, best_story, slots);
    return st;
}

/* Unit u's turn in the first pass: it joins its most similar open story
 * among its candidates, or starts one. */
static np_status online_turn(story_state *s, size_t u, online_state *o)
{
    unit *x = &s->units[u];
    double best;
    uint32_t best_story;
    np_status st = story_candidates_of(s, &s->look, x);
    if (st == NP_OK)
        st = online_best(s, &s->look, x, s->look.found, s->look.n_found, NULL, &best, &best_story);
    return st == NP_OK ? online_place(s, x, best, best_story, o, s->look.slots, NAN) : st;
}

/* A story's bit in a guess's Bloom filter of 512. */
static uint32_t guess_bloom_bit(uint32_t story_index)
{
    return (story_index * 2654435761u) >> 23;
}

/* Unit u's guess: its candidates, their weights, and what its terms'
 * posting lists were. */
static np_status online_guess(guess_batch *b, story_search *q, size_t u, guess *g)
{
    story_state *s = b->s;
    const unit *x = &s->units[u];
    np_status st = story_candidates_of(s, q, x);
    if (st != NP_OK || (st = story_guess_keep(b, q, g)) != NP_OK)
        return st;
    for (uint32_t i = 0; i < x->n_top; i++) {
        g->slots[i] = q->slots[i];
        g->lens[i] = g->slots[i] ? s->post_len[g->slots[i]] : 0;
    }
    g->norm2 = story_norm2(s->pool + x->vec_first, x->vec_n);
    double best, *weights = b->weights + g->found_at;
    if ((st = online_best(s, q, x, q->found, q->n_found, weights, &best, &g->best)) != NP_OK)
        return st;
    for (uint32_t f = 0; f < g->n_found; f++) {
        uint32_t bit = guess_bloom_bit(q->found[f]);
        g->bloom[bit >> 6] |= (uint64_t)1 << (bit & 63);
        if (weights[f] > -1)
            b->kept[g->found_at + g->n_kept++] = f;
    }
    return NP_OK;
}

/* Has a posting list of x's terms grown, or one begun, since its guess?
 * (A list only grows, so one of the same length lists the same stories.) */
static int online_lists_moved(const story_state *s, const unit *x, const guess *g, size_t post_slots)
{
    for (uint32_t i = 0; i < x->n_top; i++)
        if (g->slots[i] ? s->post_len[g->slots[i]] != g->lens[i]
                        : s->post_slots != post_slots && post_slot(s, x->top[i]))
            return 1;
    return 0;
}

/* Has the batch changed a story of the guess's candidates?  (Its
 * Bloom filter answers most: the batch changed a few stories.) */
static int guess_touched(const guess *g, const online_state *o, const uint32_t *found)
{
    for (size_t t = 0; t < o->n_touched; t++) {
        uint32_t bit = guess_bloom_bit(o->touched[t]);
        if (!(g->bloom[bit >> 6] >> (bit & 63) & 1))
            continue;
        for (size_t f = 0; f < g->n_found; f++)
            if (o->marks[found[f]].changed == o->batch)
                return 1;
        return 0;
    }
    return 0;
}

/* Unit u's turn with its guess: online_turn's outcome.  The guess's
 * weights stand for the stories the batch left unchanged; the stories
 * it changed are weighed again, and so are those its terms' lists gained
 * since (the candidates then found again, in their order). */
static np_status online_commit(guess_batch *b, size_t u, const guess *g, const uint32_t *found, uint32_t since)
{
    (void)since;
    story_state *s = b->s;
    online_state *o = b->o;
    unit *x = &s->units[u];
    const double *weights = b->weights + g->found_at;
    double best = -1;
    uint32_t best_story = UINT32_MAX;
    int loaded = 0;
    np_status st = NP_OK;
    int moved = online_lists_moved(s, x, g, o->post_slots);
    if (moved) {
        story_search *q = &s->look;
        for (uint32_t f = 0; f < g->n_found; f++)
            o->marks[found[f]].at = f + 1;
        st = story_candidates_of(s, q, x);
        for (size_t f = 0; f < q->n_found && st == NP_OK; f++) {
            const online_mark *m = &o->marks[q->found[f]];
            double w = m->at && m->changed != o->batch ? weights[m->at - 1]
                                                      : online_weight(s, q, x, q->found[f], &loaded, &st);
            if (w > best) {
                best = w;
                best_story = q->found[f];
            }
        }
        for (uint32_t f = 0; f < g->n_found; f++)
            o->marks[found[f]].at = 0;
    } else if (guess_touched(g, o, found)) {
        for (size_t f = 0; f < g->n_found && st == NP_OK; f++) {
            double w = o->marks[found[f]].changed != o->batch ? weights[f]
                                                               : online_weight(s, &s->look, x, found[f], &loaded, &st);
            if (w > best) {
                best = w;
                best_story = found[f];
            }
        }
    } else {
        /* only a weight above -1 can be taken: those kept */
        const uint32_t *kept = b->kept + g->found_at;
        for (uint32_t k = 0; k < g->n_kept; k++)
            if (weights[kept[k]] > best) {
                best = weights[kept[k]];
                best_story = found[kept[k]];
            }
    }
    return st == NP_OK ? online_place(s, x, best, best_story, o, moved ? s->look.slots : g->slots, g->norm2) : st;
}

/* A new batch: the threads' searches with room for every story. */
static np_status online_prepare(guess_batch *b)
{
    b->o->batch++;
    b->o->post_slots = b->s->post_slots;
    b->o->n_touched = 0;
    return story_searches_grow(b->s, b->shares, b->qs);
}

/* Takes the units in time order, each joining its most similar open story
 * or starting one (story.c tells why). */
np_status story_online(story_state *s)
{
    online_state o = { 0 };
    size_t shares = story_shares(s);
    np_status st = NP_OK;
    if (shares > 1) {
        guess_batch b = { .s = s, .o = &o, .shares = shares, .weigh = online_guess, .prepare = online_prepare,
                          .commit = online_commit, .clock = &o.batch, .step = "first pass", .batch = ONLINE_BATCH,
                          .list_cap = (size_t)INDEX_TERMS * POSTING_SCAN + 1 };
        st = story_guesses_run(&b, s->n_units, 1);
    } else {
        unsigned shown = UINT_MAX;
        for (size_t u = 0; u < s->n_units && st == NP_OK; u++) {
            engine_step_progress(s->e, NP_STAGE_STORIES, "first pass", 0, u, s->n_units, &shown);
            st = online_turn(s, u, NULL);
        }
    }
    np_free(s->e->allocator, o.marks);
    return st;
}

