/*
 * story_refine: the refinement pass, which moves each unit to the story
 * it fits best, weighed against the stories' centroids without it (so a
 * unit the online pass put early in a story is weighed as any other);
 * story.c's header comment tells why.  Its second pass weighs again only
 * the stories that changed since the first weighed them (prior_list).  It
 * runs in batches on the engine's threads (story_guesses_run,
 * story_passes.c): weighed on the threads, moved in order on the calling
 * thread.
 */
#include <limits.h>
#include <string.h>

#include "cluster/story_internal.h"

/* What story c weighs for unit x: its similarity to x if x may move
 * there (c is open to it, the similarity reaches the join threshold and
 * their facts agree), else -INFINITY; below `floor`, any weight no more
 * than it (nothing more is tested).  Loads x once (*loaded). */
static double refine_weight(story_state *s, story_search *q, const unit *x, uint32_t c, double floor, int *loaded,
                            np_status *st)
{
    const np_params *p = &s->e->params;
    const centroid *k = &s->cents[c];
    if (c == x->story || k->members == 0 || !within(x->day, k, p->move_window) || too_long(k, x->day, p->story_span) ||
        dated_to_undated(x, k))
        return -INFINITY;
    double sim;
    if (!story_online_known(s, x, c, &sim)) {
        if (!*loaded && (*st = story_probe_load(s, q, s->pool + x->vec_first, x->vec_n)) != NP_OK)
            return -INFINITY;
        *loaded = 1;
        sim = story_similarity(s, q, &s->cents[c], 0, st);
    }
    if (months_apart(x->months, k->months) || story_days_apart(x->mentions, x->day, k, p->move_window))
        sim *= MONTH_PENALTY;
    if (sim <= floor)
        return sim;
    return sim >= join_threshold(p, x) && !story_unit_conflicts(s, x, k) ? sim : -INFINITY;
}

/* A unit's weights from the refinement's first pass, as of the clock of
 * that weighing (n 0: none kept): a story unchanged since weighs the same
 * for it in the second pass (the same double: its centroid, days, months
 * and facts change only with a move, which sets its clock), so the second
 * pass weighs again only the stories that changed.  At g200k the stories
 * unchanged were 67% of the second pass's weighings (379,541 of 564,878;
 * g20k 519 of 1,005): the denser the corpus, the more candidates a unit
 * has, and the likelier that one of them changed and all were weighed
 * again.
 *
 * A kept list (compact) holds only the candidates of a weight above
 * -INFINITY, then the unit's own story: a story found now and unchanged
 * since was found then (story_found_changed), so one of those candidates
 * that is not in the list weighed -INFINITY.  Nearly all do (at x12k, 98%
 * of the refinement's weighings are below the join threshold): kept
 * whole, at 12 bytes a candidate, the lists outgrew their room
 * (PRIOR_PER_ARTICLE) after 1,387 of x12k's 7,496 units, and the second
 * pass weighed 109,547 pairs again whose story had not changed. */
typedef struct prior_list {
    const uint32_t *story; /* the candidates, then UINT32_MAX for its own story */
    const double *w;
    uint32_t n, clock;
    uint8_t compact;       /* lists the candidates above -INFINITY alone */
    const struct prior_list *also; /* a list looked in next, or NULL */
} prior_list;

/* Unit u's list, last weighed at the clock `clock` (NULL lists outside the
 * second pass). */
static prior_list refine_prior(const story_state *s, size_t u, uint32_t clock)
{
    prior_list l = { NULL, NULL, 0, clock, 1, NULL };
    if (s->prior_use && s->prior_n[u]) {
        l.story = s->prior_story + s->prior_first[u];
        l.w = s->prior_w + s->prior_first[u];
        l.n = s->prior_n[u];
    }
    return l;
}

/* Story c's weight in list l, if it is there and unchanged since (at
 * place f when the candidates come in the same order, as most do). */
static int prior_weight_in(const story_state *s, const prior_list *l, uint32_t c, size_t f, double *w)
{
    if (!l->n || s->changed[c] >= l->clock)
        return 0;
    size_t n = l->n - 1;
    if (f < n && l->story[f] == c) {
        *w = l->w[f];
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        if (l->story[i] == c) {
            *w = l->w[i];
            return 1;
        }
    if (l->compact)
        *w = -INFINITY;
    return l->compact;
}

/* Story c's weight in the lists (prior, then those it leads to). */
static int prior_weight(const story_state *s, const prior_list *prior, uint32_t c, size_t f, double *w)
{
    for (const prior_list *l = prior; l; l = l->also)
        if (prior_weight_in(s, l, c, f, w))
            return 1;
    return 0;
}

/* The weight of the unit's own story `own` in the lists, if unchanged
 * since. */
static int prior_own(const story_state *s, const prior_list *prior, uint32_t own, double *w)
{
    for (const prior_list *l = prior; l; l = l->also)
        if (l->n && s->changed[own] < l->clock) {
            *w = l->w[l->n - 1];
            return 1;
        }
    return 0;
}

/* Room for a list of n weights at the end of the kept ones, or NULL: none
 * is kept beyond PRIOR_PER_ARTICLE an article, 12 bytes each (g200k keeps
 * 835k of 800k allowed; at 1M the first pass weighed 10.4M pairs, and
 * the story stage is near the run's peak). */
enum { PRIOR_PER_ARTICLE = 4 };
static double *refine_keep_room(story_state *s, size_t n)
{
    const np_allocator *al = s->e->allocator;
    size_t need = s->n_prior + n, limit = PRIOR_PER_ARTICLE * s->e->n_arts;
    if (!s->prior_keep || need > limit)
        return NULL;
    /* grown (to twice what is kept) only when too small: reserved at
     * every turn, a room of twice what was kept then was made anew, and
     * copied, at nearly every unit's turn (12k times at g20k) */
    size_t room = need < 2 * s->n_prior ? 2 * s->n_prior : need;
    if (room > limit)
        room = limit;
    if (need > s->cap_prior_w || need > s->cap_prior_story) {
        if (story_reserve(al, (void **)&s->prior_w, &s->cap_prior_w, room, sizeof *s->prior_w) != NP_OK ||
            story_reserve(al, (void **)&s->prior_story, &s->cap_prior_story, room, sizeof *s->prior_story) != NP_OK)
            return NULL; /* kept weights only spare work: none is kept */
    }
    return s->prior_w + s->n_prior;
}

/* Keeps unit u's weights (found's, then its own story's: n_found + 1, at
 * refine_keep_room's place or elsewhere) of its weighing in the first
 * pass, as a compact list (prior_list): those above -INFINITY, then its
 * own story's. */
void story_refine_keep(story_state *s, size_t u, const uint32_t *found, size_t n_found, const double *weights)
{
    double *at = refine_keep_room(s, n_found + 1);
    if (!at)
        return;
    uint32_t *ids = s->prior_story + s->n_prior;
    size_t n = 0;
    for (size_t f = 0; f < n_found; f++)
        if (weights[f] != -INFINITY) { /* n <= f: in place when at is weights */
            ids[n] = found[f];
            at[n++] = weights[f];
        }
    ids[n] = UINT32_MAX;
    at[n] = weights[n_found];
    s->prior_first[u] = (uint32_t)s->n_prior;
    s->prior_n[u] = (uint32_t)(n + 1);
    s->n_prior += n + 1;
}

/* The story unit x fits best among found: its own, unless another weighs
 * more (refine_weight), measured against centroids without x.  With
 * `known`, the weights of a weighing before the clock `since` (its own
 * similarity after the candidates') stand for the stories unchanged
 * since; with `weights`, every weight is kept there (in known's form).
 * Reads the stories only when q is a thread's. */
static np_status refine_best(story_state *s, story_search *q, const unit *x, const uint32_t *found, size_t n_found,
                             const double *known, uint32_t since, const prior_list *prior, double *weights,
                             uint32_t *best_out)
{
    np_status st = NP_OK;
    int loaded = 0;
    double best;
    if (known && s->changed[x->story] < since) {
        best = known[n_found];
    } else if (!prior_own(s, prior, x->story, &best)) {
        if ((st = story_probe_load(s, q, s->pool + x->vec_first, x->vec_n)) != NP_OK)
            return st;
        loaded = 1;
        best = story_similarity(s, q, &s->cents[x->story], 1, &st);
    }
    if (weights)
        weights[n_found] = best;
    uint32_t best_story = x->story;
    for (size_t f = 0; f < n_found && st == NP_OK; f++) {
        uint32_t c = found[f];
        double w;
        if (known && s->changed[c] < since)
            w = known[f];
        else if (!prior_weight(s, prior, c, f, &w))
            w = refine_weight(s, q, x, c, weights ? -INFINITY : best, &loaded, &st);
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
    np_status st = story_centroid_add(s, &s->cents[x->story], v, x->vec_n, -1);
    if (st == NP_OK)
        st = story_centroid_add(s, &s->cents[to], v, x->vec_n, 1);
    if (st == NP_OK)
        st = story_tally_add(s, &s->cents[x->story], facts, x->n_facts, -1);
    if (st == NP_OK)
        st = story_tally_add(s, &s->cents[to], facts, x->n_facts, 1);
    if (st == NP_OK)
        st = story_post_add(s, x, to);
    if (st != NP_OK)
        return st;
    story_refine_touch_day(s, to, x->day);
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
    return x->day == NO_DAY ? story_candidates_of(s, q, x) : story_in_window(s, q, x, s->e->params.move_window);
}

/* Unit u's turn in a refinement pass: weighed, unless none of its
 * candidates changed since it last was; moved to the best.  guessed: the
 * weights of its guess (the batch's, made before its moves), or NULL. */
static np_status refine_turn(story_state *s, size_t u, const prior_list *guessed)
{
    unit *x = &s->units[u];
    story_search *q = &s->look;
    np_status st = refine_candidates(s, q, x);
    if (st != NP_OK || !story_found_changed(q->found, q->n_found, s->changed, x->story, s->scored[u]))
        return st;
    prior_list prior = refine_prior(s, u, s->scored[u]);
    prior.also = guessed;
    s->scored[u] = s->clock;
    uint32_t best;
    double *keep = refine_keep_room(s, q->n_found + 1);
    if ((st = refine_best(s, q, x, q->found, q->n_found, NULL, 0, &prior, keep, &best)) != NP_OK)
        return st;
    if (keep)
        story_refine_keep(s, u, q->found, q->n_found, keep);
    return best == x->story ? NP_OK : refine_move(s, x, best);
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
    if (st != NP_OK || (g->missed = q->missed) != 0 || (st = story_guess_keep(b, q, g)) != NP_OK ||
        !story_found_changed(q->found, q->n_found, s->changed, x->story, s->scored[u]))
        return st;
    g->weighed = 1;
    prior_list prior = refine_prior(s, u, s->scored[u]);
    return refine_best(s, q, x, q->found, q->n_found, NULL, 0, &prior, b->weights + g->found_at, &g->best);
}

/* Has a slice of x's terms (in slots, as its guess found them) changed
 * since the clock `since`?  A key added since makes every slice moved
 * (slices_made): its term's search met slot 0. */
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
    if (g->missed || slices_moved(s, x, g->slots, batch_clock)) {
        /* its candidates found again; the guess's weights stand for
         * those of them the batch's moves left as they were (at d20k
         * --threads 2, half the weighing of these turns) */
        prior_list guessed = { found, b->weights + g->found_at, g->weighed && !g->missed ? g->n_found + 1 : 0,
                               batch_clock, 0, NULL };
        return refine_turn(s, u, &guessed);
    }
    if (!story_found_changed(found, g->n_found, s->changed, x->story, s->scored[u]))
        return NP_OK;
    prior_list prior = refine_prior(s, u, s->scored[u]);
    s->scored[u] = s->clock;
    uint32_t best = g->best;
    np_status st = NP_OK;
    /* the weights of stories no move of the batch touched are as guessed
     * (every weight written back while the first pass keeps them) */
    double *weights = b->weights + g->found_at;
    if (!g->weighed)
        st = refine_best(s, &s->look, x, found, g->n_found, NULL, 0, &prior, s->prior_keep ? weights : NULL, &best);
    else if (story_found_changed(found, g->n_found, s->changed, x->story, batch_clock))
        st = refine_best(s, &s->look, x, found, g->n_found, weights, batch_clock, &prior,
                         s->prior_keep ? weights : NULL, &best);
    if (st != NP_OK)
        return st;
    if (s->prior_keep)
        story_refine_keep(s, u, found, g->n_found, weights);
    return best == x->story ? NP_OK : refine_move(s, x, best);
}

/* The slice indexes a batch's dated units will search, made if stale:
 * those the last batch's moves made stale (all others are fresh, made
 * by story_slices_make_all), or, once the slots were made anew, each unit's. */
static np_status refine_prepare(guess_batch *b)
{
    story_state *s = b->s;
    np_status refreshed = story_slices_refresh(s);
    if (refreshed != NP_OK)
        return refreshed;
    for (size_t u = b->lo; !s->dirty && u < b->hi; u++) {
        const unit *x = &s->units[u];
        for (uint32_t i = 0; x->day != NO_DAY && i < x->n_top; i++) {
            size_t j = post_slot(s, x->top[i]);
            np_status st = s->post_keys[j] && s->slices[j].len != s->post_len[j] ? story_slice_index_make(s, j, NULL) : NP_OK;
            if (st != NP_OK)
                return st;
        }
    }
    return NP_OK;
}

/* The refinement on the engine's threads: see guesses_run. */
static np_status refine_parallel(story_state *s, size_t shares, unsigned round)
{
    guess_batch b = { .s = s, .shares = shares, .weigh = refine_guess, .prepare = refine_prepare,
                      .commit = refine_commit, .clock = &s->clock, .step = "refinement pass", .round = round };
    return story_guesses_run(&b, s->n_units, 1);
}

/* Moves units to the story they fit best, against centroids without them
 * (round: the pass's number, for progress). */
np_status story_refine(story_state *s, unsigned round)
{
    if (round == 1 && REFINE_PASSES > 1 && !s->prior_first) {
        const np_allocator *al = s->e->allocator;
        s->prior_first = np_alloc_array(al, s->n_units + 1, sizeof *s->prior_first);
        s->prior_n = np_calloc(al, s->n_units + 1, sizeof *s->prior_n);
        if (!s->prior_first || !s->prior_n)
            return NP_ENOMEM;
    }
    s->prior_keep = round == 1 && s->prior_n;
    s->prior_use = round == 2 && s->prior_n;
    size_t shares = story_shares(s);
    if (shares > 1)
        return refine_parallel(s, shares, round);
    np_status st = NP_OK;
    unsigned shown = UINT_MAX;
    for (size_t u = 0; u < s->n_units && st == NP_OK; u++) {
        engine_step_progress(s->e, NP_STAGE_STORIES, "refinement pass", round, u, s->n_units, &shown);
        st = refine_turn(s, u, NULL);
    }
    return st;
}
