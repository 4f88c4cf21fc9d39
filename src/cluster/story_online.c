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
#include <float.h>
#include <limits.h>
#include <string.h>

#include "cluster/story_internal.h"

/* The first pass keeps each unit's similarity (before MONTH_PENALTY)
 * with every story it weighed, for the refinement: a story that took no
 * unit after it in this pass, merged with none and moved no unit since
 * has the same centroid, so the same similarity (the same double: the
 * same products in the same order), and the refinement takes it instead
 * of weighing the story again.  Only a story within move_window days
 * of the unit is kept (the refinement weighs no other).  12 bytes a
 * weighing, at most ONLINE_KEPT_PER_ARTICLE an article and
 * ONLINE_KEPT_MOST in all (12 MiB, from 262,144 articles on): when the
 * room is spent, the weighings of stories changed since are dropped, and
 * once that frees less than a quarter of it, no more are kept (they only
 * spare work).  At d20k the first pass keeps 55,753 of its 106,427
 * weighings (room for 80,000), and the refinement takes one 48,137
 * times. */
enum { ONLINE_KEPT_PER_ARTICLE = 4, ONLINE_KEPT_MOST = 1 << 20 };

/* Room in online_last for every story there is room for. */
np_status story_online_last_grow(story_state *s)
{
    if (!s->online_first || s->cap_online_last >= s->cap_cents)
        return NP_OK;
    uint32_t *last = np_realloc_array(s->e->allocator, s->online_last, s->cap_cents, sizeof *last);
    if (!last)
        return NP_ENOMEM;
    s->online_last = last;
    s->cap_online_last = s->cap_cents;
    return NP_OK;
}

/* Drops the kept weighings of the units before turn whose story took a
 * unit after them or merged (the weighings from turn on are moved down). */
static void online_drop_changed(story_state *s, size_t turn)
{
    size_t n = 0;
    for (size_t u = 0; u < turn; u++) {
        size_t from = s->online_first[u], to = s->online_first[u + 1];
        s->online_first[u] = (uint32_t)n;
        for (size_t k = from; k < to; k++)
            if (s->online_last[s->online_story[k]] <= u) {
                s->online_story[n] = s->online_story[k];
                s->online_sim[n++] = s->online_sim[k];
            }
    }
    size_t from = s->online_first[turn];
    s->online_first[turn] = (uint32_t)n;
    memmove(s->online_story + n, s->online_story + from, (s->n_online - from) * sizeof *s->online_story);
    memmove(s->online_sim + n, s->online_sim + from, (s->n_online - from) * sizeof *s->online_sim);
    s->n_online = n + (s->n_online - from);
}

/* Keeps unit x's weight w of story c (online_similarity's: less across
 * months), as the similarity it was; x's weighings come one after the
 * other, before x takes its story (story_online_place). */
void story_online_keep(story_state *s, const unit *x, uint32_t c, double w)
{
    const centroid *k = &s->cents[c];
    const np_params *p = &s->e->params;
    if (!s->online_first || s->online_full || w == -INFINITY)
        return;
    /* a story the refinement would not weigh for x while it is as now */
    if (!within(x->day, k, p->move_window) || too_long(k, x->day, p->story_span))
        return;
    if (months_apart(x->months, k->months) || story_days_apart(x->mentions, x->day, k, p->story_window)) {
        if (w != 0 && w < 4 * DBL_MIN)
            return; /* w * 2 might not be the similarity it was made of */
        w *= 1 / MONTH_PENALTY;
    }
    if (s->n_online == s->cap_online) {
        /* no more are kept when that frees less than a quarter */
        online_drop_changed(s, (size_t)(x - s->units));
        if (s->n_online * 4 > s->cap_online * 3 || s->n_online == s->cap_online) {
            s->online_full = 1;
            return;
        }
    }
    s->online_story[s->n_online] = c;
    s->online_sim[s->n_online++] = w;
}

/* Unit x takes story_index in the first pass: its list ends here. */
void story_online_place(story_state *s, const unit *x, uint32_t story_index)
{
    if (!s->online_first)
        return;
    size_t u = (size_t)(x - s->units);
    s->online_last[story_index] = (uint32_t)u + 1;
    s->online_first[u + 1] = (uint32_t)s->n_online;
}

/* Once the merge pass is done: the weighings that can no longer stand,
 * and the room after the others, given back (at d20k 9,942 of 55,753,
 * and the room of 24,247 more). */
void story_online_settle(story_state *s)
{
    if (!s->online_first)
        return;
    online_drop_changed(s, s->n_units);
    const np_allocator *al = s->e->allocator;
    size_t n = s->n_online ? s->n_online : 1;
    uint32_t *stories = np_realloc_array(al, s->online_story, n, sizeof *stories);
    if (stories)
        s->online_story = stories;
    double *sims = np_realloc_array(al, s->online_sim, n, sizeof *sims);
    if (sims)
        s->online_sim = sims;
    s->online_full = 1; /* no room beyond n: none kept now */
}

/* The first pass's similarity of unit x with story c, when c has not
 * changed since: no unit joined it after x in the first pass, it merged
 * with none, and no move of the refinement touched it (s->changed). */
int story_online_known(const story_state *s, const unit *x, uint32_t c, double *sim)
{
    size_t u = (size_t)(x - s->units);
    if (!s->online_first || s->online_last[c] > u || s->changed[c])
        return 0;
    for (size_t k = s->online_first[u], to = s->online_first[u + 1]; k < to; k++)
        if (s->online_story[k] == c) {
            *sim = s->online_sim[k];
            return 1;
        }
    return 0;
}

void story_online_free(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    np_free(al, s->online_last);
    np_free(al, s->online_first);
    np_free(al, s->online_story);
    np_free(al, s->online_sim);
    s->online_last = s->online_first = s->online_story = NULL;
    s->online_sim = NULL;
    s->n_online = s->cap_online = s->cap_online_last = 0;
    s->online_full = 0;
}

/* Room for the kept weighings (s->cap_cents stories, and more as they
 * come), if there is memory for it (else none are kept). */
void story_online_kept_begin(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    size_t cap = ONLINE_KEPT_PER_ARTICLE * s->e->n_arts;
    if (cap > ONLINE_KEPT_MOST)
        cap = ONLINE_KEPT_MOST;
    s->online_first = np_alloc_array(al, s->n_units + 1, sizeof *s->online_first);
    s->online_story = np_alloc_array(al, cap, sizeof *s->online_story);
    s->online_sim = np_alloc_array(al, cap, sizeof *s->online_sim);
    s->cap_online = cap;
    if (!s->online_first || !s->online_story || !s->online_sim || story_online_last_grow(s) != NP_OK) {
        story_online_free(s);
        return;
    }
    s->online_first[0] = 0;
}

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
        if (story_online_last_grow(s) != NP_OK)
            story_online_free(s); /* kept weighings only spare work */
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
        if (!q->shared && w != -INFINITY)
            story_online_keep(s, x, c, w);
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
    story_online_place(s, x, best_story);
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
        story_centroid_start(&s->cents[best_story], s->pool + x->vec_first, x->vec_n, norm2, x->top, x->n_top);
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
            story_online_keep(s, x, q->found[f], w);
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
            story_online_keep(s, x, found[f], w);
            if (w > best) {
                best = w;
                best_story = found[f];
            }
        }
    } else {
        /* only a weight above -1 can be taken: those kept */
        const uint32_t *kept = b->kept + g->found_at;
        for (uint32_t k = 0; k < g->n_kept; k++) {
            story_online_keep(s, x, found[kept[k]], weights[kept[k]]);
            if (weights[kept[k]] > best) {
                best = weights[kept[k]];
                best_story = found[kept[k]];
            }
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
    story_online_kept_begin(s);
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

