/*
 * story_passes: the merge pass, which joins stories once the first pass
 * has placed the units (story.c's header comment tells why it is as it
 * is), and the batches on threads that all the passes run in.
 *
 * The online pass takes the units in time order, each joining its most
 * similar open story or starting one; the merge pass joins stories by the
 * average similarity of their members (union-find); the refinement moves
 * each unit to the story it fits best, against centroids without it.  All
 * three run in batches on the engine's threads (story_guesses_run, here):
 * weighed on the threads, moved in order on the calling thread, so the
 * same moves as one thread makes.  The online pass is story_online.c's,
 * the refinement story_refine.c's.
 */
#include <limits.h>
#include <string.h>

#include "cluster/story_internal.h"
#include "common/parallel.h"

/* Has story own, or a story of found, changed since the clock `since`?
 * A pass that finds none changed since it last weighed a unit against
 * them, and moved nothing then, would weigh the same candidates the same
 * way: nothing to do.  The candidates it finds now are those of then or
 * changed ones (posting lists and days only grow, and with a change). */
int story_found_changed(const uint32_t *found, size_t n_found, const uint32_t *changed, uint32_t own, uint32_t since)
{
    if (changed[own] >= since)
        return 1;
    for (size_t f = 0; f < n_found; f++)
        if (changed[found[f]] >= since)
            return 1;
    return 0;
}

/* A dot product of two stories' centroids, as of the clock `stamp`: it
 * stands while neither story merged since (a merge sets both clocks), and
 * from either side (the same products in the same order: see
 * story_centroids_dot).  A story is weighed again when any one of its
 * candidates merged, or a story of its slices did: in a dense corpus most
 * of its candidates are as they were, and in the first pass each pair is
 * met from both sides. */
typedef struct pair_dot {
    uint32_t a, b;      /* the stories, a < b (0, 0 and stamp 0: none) */
    uint32_t stamp;
    double dot;
} pair_dot;

/* The merge pass's stories: union-find, term sums and clocks (a merge
 * is a move of story_state's clock, s->changed the clock of a story's
 * last merge).  The pass searches the slice indexes of the refinement,
 * made of the roots (s->roots): a dated story's candidates are the roots
 * within move_window days of it, and a merge makes stale, and marks
 * moved, the slices that list a member of either story. */
typedef struct merge_state {
    uint32_t *parent;
    uint32_t *ring;     /* per story: the next of its union-find set, a ring */
    /* the merge threshold falls for stories of short texts, as the join
     * threshold does: terms[c] sums its units' term counts */
    double *terms;
    uint32_t *scored;   /* per story: the clock of its last weighing */
    size_t merged;      /* merges of the current pass */
    /* the dot products made, one a place (a later one takes the place
     * of an earlier): a cache, written by the calling thread alone */
    pair_dot *dots;
    size_t dots_mask;   /* places less one (a power of two less one) */
    uint32_t *made_story; /* merge_turn's dot products made, to keep */
    double *made_dot;
    size_t cap_made_story, cap_made_dot;
    /* each story of the first pass's units, a list: unit_first per
     * story, unit_next per unit (UINT32_MAX ends it), for merge_dates_agree */
    uint32_t *unit_first, *unit_next;
    /* per story (a root): the months at least half of its units name
     * (merge_core_months), made anew at each merge */
    uint16_t *core_months;
} merge_state;

/* places a story of the first pass, or two a weighing the first pass
 * kept (a dense corpus's stories have more candidates), and at most
 * MERGE_DOTS_MOST in all (24 MiB: g200k's 12 MiB are 4 a story; at 1M
 * articles, 96 MiB would be, with the story stage near the run's peak).
 * At x12k (1,389 articles a day) 4 a story were 32k places for the merge
 * pass's 170,461 dot products, and 29% of those were of pairs made
 * before and unchanged since, whose place another pair had taken; with
 * 128k places (two for each of 44,386 weighings kept), 141,076 */
enum { MERGE_DOTS_PER_STORY = 4, MERGE_DOTS_PER_WEIGHING = 2, MERGE_DOTS_MOST = 1 << 20 };

static size_t pair_place(const merge_state *m, uint32_t a, uint32_t b)
{
    uint64_t key = (uint64_t)a << 32 | b;
    return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & m->dots_mask;
}

/* The dot product of stories x and y kept in m, if it stands. */
static int pair_dot_find(const story_state *s, const merge_state *m, uint32_t x, uint32_t y, double *dot)
{
    uint32_t a = x < y ? x : y, b = x < y ? y : x;
    const pair_dot *p = &m->dots[pair_place(m, a, b)];
    if (p->a != a || p->b != b || s->changed[a] >= p->stamp || s->changed[b] >= p->stamp)
        return 0;
    *dot = p->dot;
    return 1;
}

/* Keeps the dot product of stories x and y, made as of the clock stamp. */
static void pair_dot_keep(merge_state *m, uint32_t x, uint32_t y, uint32_t stamp, double dot)
{
    uint32_t a = x < y ? x : y, b = x < y ? y : x;
    m->dots[pair_place(m, a, b)] = (pair_dot){ a, b, stamp, dot };
}

/* Is story a (a root) to be weighed: has it, or a story of its
 * candidates, changed since the clock `since`?  Its candidates are among
 * the roots of its top terms' slices, whose clocks tell when a story they
 * list last merged (when a story is unchanged, its top terms are
 * cached: as when it was last weighed). */
static int merge_due(const story_state *s, const centroid *ca, uint32_t a, uint32_t since)
{
    return s->changed[a] >= since || !ca->top_valid || story_slices_moved(s, ca->top, ca->n_top, since);
}

/* Would the units of story u (a root, undated) move, each on its own, to
 * story d (dated)?  Each is weighed as the refinement weighs a lone unit:
 * its cosine with d's centroid against its cosine with u's without it.
 * Yes when at least half of them would, or u has one unit (its own
 * weighing is the merge's).  Reads the stories only. */
static int merge_undated_would_move(const story_state *s, const merge_state *m, uint32_t u, const centroid *d)
{
    const centroid *cu = &s->cents[u];
    if (cu->members < 2 || d->norm2 <= 0)
        return 1;
    double d_norm = sqrt(d->norm2);
    uint32_t moving = 0, n = 0, c = u;
    do {
        for (uint32_t x = m->unit_first[c]; x != UINT32_MAX; x = m->unit_next[x]) {
            const unit *y = &s->units[x];
            const weighted *v = s->pool + y->vec_first;
            double own_dot = story_gallop_dot(v, y->vec_n, cu->items, cu->n);
            double own_n2 = cu->norm2 - 2 * own_dot + 1; /* |U - v|^2, |v| = 1 */
            double own = own_n2 > 1e-12 ? (own_dot - 1) / sqrt(own_n2) : 0;
            moving += story_gallop_dot(v, y->vec_n, d->items, d->n) / d_norm >= own;
            n++;
        }
        c = m->ring[c];
    } while (c != u);
    return 2 * moving >= n;
}

/* May stories a and b (roots) merge as far as their dates tell?  A dated
 * story and an undated one of several units merge only when at least half
 * of the undated one's units would move to the dated one each on its own
 * (merge_undated_would_move).  The average similarity of all members is
 * the mean over the undated story's units: a few reports of the dated
 * story's event that joined an undated story of another event of its kind
 * (the first pass lets undated units join only undated stories) lift it
 * for the whole story, and the merge then takes the other event's reports
 * with them (ECB+ dev: two arrests of one team's players, a coach's hiring
 * and his firing). */
static int merge_dates_agree(const story_state *s, const merge_state *m, uint32_t a, uint32_t b)
{
    const centroid *ca = &s->cents[a], *cb = &s->cents[b];
    if ((ca->first_day == NO_DAY) == (cb->first_day == NO_DAY))
        return 1;
    return ca->first_day == NO_DAY ? merge_undated_would_move(s, m, a, cb) : merge_undated_would_move(s, m, b, ca);
}

/* The months that at least half of story r's units (r a root) name.  A
 * story's months are all those its units name, and one report of many
 * that names a month in passing (a coming game, a past ruling) does not
 * tell the story's time: two stories whose months are apart (months_apart)
 * may merge when these are not (ECB+ dev: one report of nine of a team's
 * win named October, and a report of the win that named January was kept
 * out). */
static uint16_t merge_core_months(const story_state *s, const merge_state *m, uint32_t r)
{
    uint32_t named[12] = { 0 }, n = 0, c = r;
    do {
        for (uint32_t x = m->unit_first[c]; x != UINT32_MAX; x = m->unit_next[x], n++)
            for (unsigned month = 0; month < 12; month++)
                named[month] += s->units[x].months >> month & 1;
        c = m->ring[c];
    } while (c != r);
    uint16_t core = 0;
    for (unsigned month = 0; month < 12; month++)
        if (named[month] && 2 * named[month] >= n)
            core |= (uint16_t)(1u << month);
    return core;
}

/* The candidate (a root, of found) story a merges with, or UINT32_MAX:
 * the one whose members are on average most similar to a's (in any
 * order of found: the greatest average, the least story on a tie).
 * Reads the stories only (a thread's search makes no directory), and
 * m's dot products; those it makes (not kept in m) go to made_story and
 * made_dot, at most room of them, their count to *n_made. */
static np_status merge_best(story_state *s, const story_search *q, const merge_state *m, uint32_t a,
                            const uint32_t *found, size_t n_found, uint32_t *made_story, double *made_dot,
                            size_t room, size_t *n_made, uint32_t *best_out)
{
    *n_made = 0;
    const np_params *p = &s->e->params;
    centroid *ca = &s->cents[a];
    double best = p->merge_threshold * short_scale(m->terms[a] / ca->members);
    uint32_t best_b = UINT32_MAX;
    for (size_t f = 0; f < n_found; f++) {
        uint32_t b = story_root(m->parent, found[f]);
        centroid *cb = &s->cents[b];
        if (b == a || !cb->members || merged_too_long(ca, cb, p->story_span) ||
            (months_apart(ca->months, cb->months) && months_apart(m->core_months[a], m->core_months[b])))
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
        if (!pair_dot_find(s, m, a, b, &d)) {
            np_status st = story_centroids_dot(s, q, ca, cb, &d);
            if (st != NP_OK)
                return st;
            if (*n_made < room) {
                made_story[*n_made] = b;
                made_dot[(*n_made)++] = d;
            }
        }
        double avg = d / members;
        if (avg < need || story_facts_conflict(ca->facts, ca->n_facts, ca->members, cb->facts, cb->n_facts, cb->members))
            continue;
        if ((avg > best || (avg == best && b < best_b)) && merge_dates_agree(s, m, a, b)) {
            best = avg;
            best_b = b;
        }
    }
    *best_out = best_b;
    return NP_OK;
}

/* Story a takes in story b: the slices of their members' are stale. */
static np_status merge_apply(story_state *s, merge_state *m, uint32_t a, uint32_t b)
{
    m->merged++;
    m->terms[a] += m->terms[b];
    np_status st = story_centroid_merge(s, &s->cents[a], &s->cents[b]);
    m->parent[b] = a;
    uint32_t next = m->ring[a];
    m->ring[a] = m->ring[b];
    m->ring[b] = next;
    uint32_t member = a;
    do {
        story_slices_stale(s, member);
        member = m->ring[member];
    } while (member != a);
    m->core_months[a] = merge_core_months(s, m, a);
    s->changed[a] = s->changed[b] = s->clock++;
    if (s->online_last)
        s->online_last[a] = s->online_last[b] = UINT32_MAX;
    return st;
}

/* Story a's turn in a pass: weighed against its candidates, unless none
 * changed since it last was; merged with the best. */
static np_status merge_turn(story_state *s, merge_state *m, uint32_t a)
{
    centroid *ca = &s->cents[a];
    if (!ca->members || !merge_due(s, ca, a, m->scored[a]))
        return NP_OK;
    story_search *q = &s->look;
    np_status st = story_centroid_near(s, q, ca, s->e->params.move_window);
    if (st != NP_OK)
        return st;
    m->scored[a] = s->clock;
    uint32_t b;
    size_t n_made;
    if ((st = story_reserve(s->e->allocator, (void **)&m->made_story, &m->cap_made_story, q->n_found,
                            sizeof *m->made_story)) != NP_OK ||
        (st = story_reserve(s->e->allocator, (void **)&m->made_dot, &m->cap_made_dot, q->n_found,
                            sizeof *m->made_dot)) != NP_OK)
        return st;
    st = merge_best(s, q, m, a, q->found, q->n_found, m->made_story, m->made_dot, q->n_found, &n_made, &b);
    for (size_t i = 0; i < n_made; i++)
        pair_dot_keep(m, a, m->made_story[i], s->clock, m->made_dot[i]);
    if (st != NP_OK || b == UINT32_MAX)
        return st;
    return merge_apply(s, m, a, b);
}

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

np_status story_guess_keep(guess_batch *b, const story_search *q, guess *g)
{
    if (q->n_found >= b->list_cap)
        return NP_ENOMEM; /* cannot be: a list is shorter than list_cap */
    g->n_found = (uint32_t)q->n_found;
    memcpy(b->found + g->found_at, q->found, q->n_found * sizeof *q->found);
    return NP_OK;
}

/* The batches of a pass on the engine's threads: see story_internal.h. */
np_status story_guesses_run(guess_batch *b, size_t n, int probe)
{
    story_state *s = b->s;
    const np_allocator *al = s->e->allocator;
    guess_share sh[STORY_SHARES];
    size_t batch = b->batch ? b->batch : GUESS_BATCH;
    if (!b->list_cap)
        b->list_cap = ((size_t)INDEX_TERMS * POSTING_SCAN < s->n_cents ? (size_t)INDEX_TERMS * POSTING_SCAN : s->n_cents) + 1;
    b->guesses = np_alloc_array(al, batch, sizeof *b->guesses);
    b->found = np_alloc_array(al, batch * b->list_cap, sizeof *b->found);
    b->weights = probe || b->m ? np_alloc_array(al, batch * b->list_cap, sizeof *b->weights) : NULL;
    b->kept = b->o ? np_alloc_array(al, batch * b->list_cap, sizeof *b->kept) : NULL;
    np_status st = b->guesses && b->found && (b->weights || (!probe && !b->m)) && (b->kept || !b->o)
                       ? story_searches_make(s, b->shares, probe, &b->qs)
                       : NP_ENOMEM;
    b->shown = UINT_MAX;
    for (size_t lo = 0; lo < n && st == NP_OK; lo += batch) {
        engine_step_progress(s->e, NP_STAGE_STORIES, b->step, b->round, lo, n, &b->shown);
        b->lo = lo;
        b->hi = lo + batch < n ? lo + batch : n;
        if (b->prepare && (st = b->prepare(b)) != NP_OK)
            break;
        for (size_t k = 0; k < b->shares; k++) {
            sh[k] = (guess_share){ b, k };
            b->status[k] = NP_OK;
        }
        atomic_store_explicit(&b->next, lo, memory_order_relaxed);
        parallel_pool_run(s->threads, guess_share_run, sh, b->shares, sizeof *sh);
        for (size_t k = 0; k < b->shares; k++)
            if (b->status[k] != NP_OK)
                st = b->status[k];
        uint32_t since = *b->clock;
        for (size_t item = lo; item < b->hi && st == NP_OK; item++) {
            const guess *g = &b->guesses[item - lo];
            st = b->commit(b, item, g, b->found + g->found_at, since);
        }
    }
    story_searches_free(s, b->shares, b->qs);
    np_free(al, b->guesses);
    np_free(al, b->found);
    np_free(al, b->weights);
    np_free(al, b->kept);
    return st;
}

/* Story a's guess: the story it would take in, if it is due. */
static np_status merge_guess(guess_batch *b, story_search *q, size_t a, guess *g)
{
    story_state *s = b->s;
    centroid *ca = &s->cents[a];
    if (!ca->members || !merge_due(s, ca, (uint32_t)a, b->m->scored[a]))
        return NP_OK;
    q->missed = 0;
    np_status st = story_centroid_near(s, q, ca, s->e->params.move_window);
    if (st != NP_OK || (g->missed = q->missed) != 0)
        return st;
    g->weighed = 1;
    size_t n_made;
    st = merge_best(s, q, b->m, (uint32_t)a, q->found, q->n_found, b->found + g->found_at,
                    b->weights + g->found_at, b->list_cap, &n_made, &g->best);
    g->n_found = (uint32_t)n_made;
    return st;
}

/* Story a's turn with its guess: merge_turn's outcome.  The guess stands
 * when no merge of the batch touched the story or its candidates' slices
 * (a guess not weighed found it not due then); else its turn is taken
 * anew. */
static np_status merge_commit(guess_batch *b, size_t item, const guess *g, const uint32_t *found,
                              uint32_t batch_clock)
{
    story_state *s = b->s;
    merge_state *m = b->m;
    uint32_t a = (uint32_t)item;
    centroid *ca = &s->cents[a];
    if (!ca->members)
        return NP_OK;
    /* the guess's dot products were made as the batch began */
    for (size_t i = 0; i < g->n_found; i++)
        pair_dot_keep(m, a, found[i], batch_clock, b->weights[g->found_at + i]);
    if (!g->weighed || merge_due(s, ca, a, batch_clock))
        return merge_turn(s, m, a);
    m->scored[a] = s->clock;
    return g->best == UINT32_MAX ? NP_OK : merge_apply(s, m, a, g->best);
}

/* The merge pass on the engine's threads: see guesses_run. */
static np_status merge_prepare(guess_batch *b)
{
    return story_slices_refresh(b->s);
}

static np_status merge_pass_parallel(story_state *s, merge_state *m, size_t shares, unsigned round)
{
    guess_batch b = { .s = s, .m = m, .shares = shares, .weigh = merge_guess, .prepare = merge_prepare,
                      .commit = merge_commit, .clock = &s->clock, .step = "merge pass", .round = round };
    return story_guesses_run(&b, s->n_cents, 0);
}

/* Average-link agglomeration of the online stories: a story merges with
 * the candidate whose members are on average most similar to its own
 * (centroid dot product / member counts), while that average reaches
 * merge_threshold, the stories' times overlap and their months agree. */
np_status story_merge_pass(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    merge_state m = { 0 };
    m.parent = np_alloc_array(al, s->n_cents + 1, sizeof *m.parent);
    m.ring = np_alloc_array(al, s->n_cents + 1, sizeof *m.ring);
    m.terms = np_calloc(al, s->n_cents + 1, sizeof *m.terms);
    m.scored = np_calloc(al, s->n_cents + 1, sizeof *m.scored);
    size_t places = 64;
    size_t want = MERGE_DOTS_PER_STORY * s->n_cents, by_weighings = MERGE_DOTS_PER_WEIGHING * s->n_online;
    if (want < by_weighings)
        want = by_weighings;
    while (places < want && places < MERGE_DOTS_MOST)
        places *= 2;
    m.dots = np_calloc(al, places, sizeof *m.dots);
    m.dots_mask = places - 1;
    m.unit_first = np_alloc_array(al, s->n_cents + 1, sizeof *m.unit_first);
    m.unit_next = np_alloc_array(al, s->n_units + 1, sizeof *m.unit_next);
    m.core_months = np_alloc_array(al, s->n_cents + 1, sizeof *m.core_months);
    np_status st = m.parent && m.ring && m.terms && m.scored && m.dots && m.unit_first && m.unit_next && m.core_months
                       ? NP_OK
                       : NP_ENOMEM;
    for (size_t c = 0; c < s->n_cents && st == NP_OK; c++) {
        m.parent[c] = m.ring[c] = (uint32_t)c;
        m.unit_first[c] = UINT32_MAX;
    }
    for (size_t u = s->n_units; u-- > 0 && st == NP_OK;) {
        m.terms[s->units[u].story] += s->units[u].vec_n;
        m.unit_next[u] = m.unit_first[s->units[u].story];
        m.unit_first[s->units[u].story] = (uint32_t)u;
    }
    for (size_t c = 0; c < s->n_cents && st == NP_OK; c++)
        m.core_months[c] = merge_core_months(s, &m, (uint32_t)c);
    size_t shares = story_shares(s);
    s->roots = m.parent;
    if (st == NP_OK)
        st = story_slices_begin(s);
    if (st == NP_OK && shares > 1)
        st = story_slices_make_all(s, shares);
    for (int pass = 0; pass < MERGE_PASSES && st == NP_OK; pass++) {
        m.merged = 0;
        unsigned shown = UINT_MAX;
        if (shares > 1)
            st = merge_pass_parallel(s, &m, shares, (unsigned)pass + 1);
        else
            for (size_t a = 0; a < s->n_cents && st == NP_OK; a++) {
                engine_step_progress(s->e, NP_STAGE_STORIES, "merge pass", (unsigned)pass + 1, a, s->n_cents, &shown);
                st = merge_turn(s, &m, (uint32_t)a);
            }
        if (!m.merged)
            break;
    }
    /* the slices stay, with their room, for the refinement
     * (story_slices_renew): the passes between post nothing */
    s->roots = NULL;
    for (size_t u = 0; u < s->n_units && st == NP_OK; u++)
        s->units[u].story = uf_root(m.parent, s->units[u].story);
    np_free(al, m.parent);
    np_free(al, m.ring);
    np_free(al, m.terms);
    np_free(al, m.scored);
    np_free(al, m.dots);
    np_free(al, m.made_story);
    np_free(al, m.made_dot);
    np_free(al, m.unit_first);
    np_free(al, m.unit_next);
    np_free(al, m.core_months);
    return st;
}
