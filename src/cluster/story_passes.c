/*
 * story_passes: the passes that move units and stories once the first
 * pass has placed them (story.c's header comment tells why each is as it
 * is), and the batches on threads that all the passes run in.
 *
 * The online pass takes the units in time order, each joining its most
 * similar open story or starting one; the merge pass joins stories by the
 * average similarity of their members (union-find); the refinement moves
 * each unit to the story it fits best, against centroids without it.  All
 * three run in batches on the engine's threads (story_guesses_run, here):
 * weighed on the threads, moved in order on the calling thread, so the
 * same moves as one thread makes.  The online pass is story_online.c's.
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
