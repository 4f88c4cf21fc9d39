/*
 * story_lone: a report left alone by the passes joins the one story it is
 * far more like than any other, past the passes' windows but within
 * story_span (the story it joins spans no more than that).
 *
 * The passes before look only move_window days around a unit (the first
 * story_window), so a follow-up reported weeks or years after its event (a
 * sentencing, a second rehab stay, the repair of a cable) starts a story
 * of its own when no other report of the follow-up comes.  Such a report
 * is told by a margin rather than by a window or an absolute threshold
 * alone: its similarity to one story is at least LONE_MARGIN times its
 * similarity to every other story it is weighed against (the stories,
 * lone ones too, that share its heaviest terms), as well as the join
 * threshold.  Whole stories never move here: a story of two reports or
 * more is an event's coverage of its own, and on ECB+ dev the stories of
 * a topic's other event (the next quake on one island, another arrest of
 * one team's player) were as often the best partner of such a story by
 * this margin as its own event's; a lone report's were never (and not
 * when those other events are dated near its own either).  The margin is
 * the margin test of near-duplicate and nearest-neighbour matching (a
 * match is trusted when the best candidate stands well clear of the
 * second: Lowe's ratio test, IJCV 2004) put to the event-clustering
 * question of which story a document belongs to (TDT's
 * detection-versus-tracking decision, Allan et al. 1998).
 *
 * A short text (fewer than FULL_TERMS terms: a headline) is left to the
 * mixture before (story_mixture.c), which weighs its words as a short
 * text's; its cosines are too few words to trust a margin on (Google
 * News: a one-word headline, "weather", was twice as like one story as
 * any other).
 *
 * The candidates are the stories the report's heaviest terms' posting
 * lists name (as every pass finds them), the LONE_CANDIDATES of them with
 * the most of the report's weight in those terms weighed by cosine with
 * the report as the refinement weighs them: halved when their months are
 * apart, passed over across conflicting facts.  A dated report does not
 * join a story of undated ones (dated_to_undated), but such a story is
 * still one it is like, against which the margin is measured.  Every
 * report is weighed against the stories as the passes left them, then
 * those that clear the margin join: the answer does not depend on the
 * order of the stories.
 */
#include <math.h>
#include <string.h>

#include "cluster/story_internal.h"

/* How many times its similarity to every other story a lone report's
 * similarity to a story must be, and how many stories it is weighed
 * against (those sharing most of its heaviest terms' weight). */
#define LONE_MARGIN 2.0
enum { LONE_CANDIDATES = 4 };

/* The weight of stem (as a vector writes it) in vector v of n terms, or
 * 0: a binary search (vectors are sorted by stem). */
static double weight_of(const weighted *v, size_t n, uint32_t stem)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].stem >> 1 < stem >> 1)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo].stem >> 1 == stem >> 1 ? v[lo].w : 0;
}

/* What a posting slot's latest POSTING_SCAN name of the stories a lone
 * report may join (lone_may_join: two reports or more), learnt when a
 * report first reads the slot: whether an undated one, whether a dated
 * one, and the days a report may be dated to join one of the dated ones
 * within story_span (the hull of each one's [last_day - span, first_day +
 * span]: a report dated outside joins none of them). */
enum { SLICE_READ = 1, SLICE_UNDATED = 2, SLICE_DATED = 4 };

typedef struct lone_days {
    int32_t from, to;    /* the hull of the days that may join (clamped) */
} lone_days;

/* What one share of the weighings writes (each its own: the shares read
 * the stories and the posting lists only). */
typedef struct lone_state {
    story_state *s;
    story_search *q;     /* its probe: s->look on one thread, else q_own */
    story_search q_own;  /* (shared: it fills none of the stories' caches) */
    uint8_t *slice;      /* per posting slot: SLICE_*, 0 until read */
    lone_days *days;     /* per posting slot: with SLICE_DATED, its hull */
    uint32_t *stamp;     /* per story: the last report that met it */
    double *shared;      /* per story: that report's weight in the terms they share */
    uint32_t *met;       /* the stories the current report met (LONE_MET) */
    uint32_t turn;       /* the reports it weighed */
    uint32_t *target;    /* per story: where it goes (each report its own) */
    atomic_size_t *next; /* the next unit a share takes (LONE_CHUNK at a time) */
    np_status st;
} lone_state;

/* The most stories one report meets in its terms' slices, and the units a
 * share takes at a time. */
enum { LONE_MET = INDEX_TERMS * POSTING_SCAN, LONE_CHUNK = 64 };

/* Is candidate c (met with weight shared[c]) ahead of d for the weighing:
 * more of the report's weight shared, the lesser story on a tie. */
static int ahead(const lone_state *l, uint32_t c, uint32_t d)
{
    return l->shared[c] > l->shared[d] || (l->shared[c] == l->shared[d] && c < d);
}

static int32_t clamp_day(int64_t day)
{
    return day < INT32_MIN ? INT32_MIN : day > INT32_MAX ? INT32_MAX : (int32_t)day;
}

/* Slot j's stories a lone report may join, summed up: its SLICE_* (and
 * with SLICE_DATED, l->days[j]). */
static uint8_t slice_of(lone_state *l, size_t j)
{
    const story_state *s = l->s;
    if (l->slice[j] & SLICE_READ)
        return l->slice[j];
    int span = s->e->params.story_span;
    uint32_t len = s->post_len[j], from = len > POSTING_SCAN ? len - POSTING_SCAN : 0;
    uint8_t flags = SLICE_READ;
    int64_t lo = 0, hi = 0;
    for (uint32_t k = from; k < len; k++) {
        const centroid *c = &s->cents[post_at(s, j, k)];
        if (c->members < 2)
            continue;
        if (c->first_day == NO_DAY) {
            flags |= SLICE_UNDATED;
            continue;
        }
        int64_t may_from = (int64_t)c->last_day - span, may_to = (int64_t)c->first_day + span;
        if (!(flags & SLICE_DATED) || may_from < lo)
            lo = may_from;
        if (!(flags & SLICE_DATED) || may_to > hi)
            hi = may_to;
        flags |= SLICE_DATED;
    }
    l->days[j] = (lone_days){ clamp_day(lo), clamp_day(hi) };
    return l->slice[j] = flags;
}

/* May lone unit x join story k?  Only a story of two reports or more (two
 * lone reports do not join each other here: each would have to be far
 * more like the other than anything), not a dated report a story of
 * undated ones (dated_to_undated), and not so that k spans more than
 * story_span days (too_long). */
static int lone_may_join(const story_state *s, const unit *x, const centroid *k)
{
    return k->members >= 2 && !dated_to_undated(x, k) && !too_long(k, x->day, s->e->params.story_span);
}

/* Does slot j's slice name a story x may join? */
static int slice_names_joinable(const story_state *s, size_t j, const unit *x)
{
    uint32_t len = s->post_len[j], from = len > POSTING_SCAN ? len - POSTING_SCAN : 0;
    for (uint32_t k = from; k < len; k++)
        if (lone_may_join(s, x, &s->cents[post_at(s, j, k)]))
            return 1;
    return 0;
}

/* May unit x join any story here?  Only one that its heaviest terms'
 * slices name, which is where its candidates are found, and one of two
 * reports or more, not undated when x is dated, nor too long with x
 * (lone_may_join): when no slice names such a story, no candidate is one
 * x may join, and what x is weighed against does not matter.  Most
 * reports are such (at g20k, 11.0k of 11.7k), and the slices are shared:
 * each is summed up once, and read only when its sum lets x in.  The
 * terms' slots (0: none) into slots. */
static int lone_may_join_any(lone_state *l, const unit *x, size_t slots[INDEX_TERMS])
{
    int span = l->s->e->params.story_span;
    size_t n = x->n_top < INDEX_TERMS ? x->n_top : INDEX_TERMS, i = 0;
    for (; i < n; i++)
        slots[i] = post_slot(l->s, x->top[i]);
    for (i = 0; i < n; i++) {
        size_t j = slots[i];
        if (!l->s->post_keys[j])
            continue;
        uint8_t flags = slice_of(l, j);
        if ((x->day == NO_DAY ? flags & (SLICE_UNDATED | SLICE_DATED)
                              : flags & SLICE_DATED &&
                                    (!span || (x->day >= l->days[j].from && x->day <= l->days[j].to))) &&
            slice_names_joinable(l->s, j, x))
            return 1;
    }
    return 0;
}

/* The stories unit x (alone in story own, its turn `turn`) is weighed
 * against, into out (at most LONE_CANDIDATES): of the stories its
 * heaviest terms' posting lists (slots) name (the latest POSTING_SCAN of each, as
 * every pass searches them), those sharing most of its weight in those
 * terms.  returns: how many. */
static size_t lone_candidates(lone_state *l, const unit *x, const size_t slots[INDEX_TERMS], uint32_t own,
                              uint32_t turn, uint32_t out[LONE_CANDIDATES])
{
    const story_state *s = l->s;
    const weighted *v = s->pool + x->vec_first;
    size_t n_met = 0;
    l->stamp[own] = turn;
    for (size_t i = 0; i < x->n_top && i < INDEX_TERMS; i++) {
        size_t j = slots[i];
        if (!s->post_keys[j])
            continue;
        double w = weight_of(v, x->vec_n, x->top[i]);
        uint32_t len = s->post_len[j], from = len > POSTING_SCAN ? len - POSTING_SCAN : 0;
        for (uint32_t k = from; k < len; k++) {
            uint32_t c = post_at(s, j, k);
            if (l->stamp[c] != turn) {
                l->stamp[c] = turn;
                l->shared[c] = 0;
                l->met[n_met++] = c;
            }
            l->shared[c] += w;
        }
    }
    size_t n = 0;
    for (size_t k = 0; k < n_met; k++) {
        uint32_t c = l->met[k];
        if ((n == LONE_CANDIDATES && !ahead(l, c, out[n - 1])) || !s->cents[c].members)
            continue; /* (a story merged into another, which its units' postings name) */
        size_t j = n < LONE_CANDIDATES ? n++ : n - 1;
        for (; j > 0 && ahead(l, c, out[j - 1]); j--)
            out[j] = out[j - 1];
        out[j] = c;
    }
    return n;
}

/* What story k weighs for the lone unit x (loaded in l->q's probe):
 * its cosine with x, as the refinement weighs it (refine_weight, without
 * the window), or -INFINITY across conflicting facts (another event).  A
 * story of undated reports weighs as any other, though a dated x may not
 * join it (lone_target): it is a story x is like. */
static double lone_weight(lone_state *l, const unit *x, centroid *k, np_status *st)
{
    story_state *s = l->s;
    if (!k->members || story_unit_conflicts(s, x, k))
        return -INFINITY;
    double sim = story_similarity(s, l->q, k, 0, st);
    if (months_apart(x->months, k->months) || story_days_apart(x->mentions, x->day, k, s->e->params.move_window))
        sim *= MONTH_PENALTY;
    return sim;
}

/* The story lone unit x (alone in own) joins, or own, into *to.  The
 * stories it may join are weighed first, and the others only when the
 * best of those reaches the join threshold (most lone reports have no
 * story of several near them: nothing more is weighed). */
static np_status lone_target(lone_state *l, const unit *x, const size_t slots[INDEX_TERMS], uint32_t own,
                             uint32_t turn, uint32_t *to)
{
    story_state *s = l->s;
    uint32_t found[LONE_CANDIDATES];
    double weight[LONE_CANDIDATES];
    size_t n = lone_candidates(l, x, slots, own, turn, found);
    double best = -INFINITY;
    uint32_t best_c = own;
    int loaded = 0;
    np_status st = NP_OK;
    *to = own;
    for (size_t f = 0; f < n && st == NP_OK; f++) {
        weight[f] = NAN;
        if (!lone_may_join(s, x, &s->cents[found[f]]))
            continue;
        if (!loaded && (st = story_probe_load(s, l->q, s->pool + x->vec_first, x->vec_n)) != NP_OK)
            return st;
        loaded = 1;
        weight[f] = lone_weight(l, x, &s->cents[found[f]], &st);
        if (weight[f] > best || (weight[f] == best && found[f] < best_c)) {
            best = weight[f];
            best_c = found[f];
        }
    }
    if (st != NP_OK || best_c == own || best < join_threshold(&s->e->params, x))
        return st;
    for (size_t f = 0; f < n && st == NP_OK; f++) {
        if (found[f] == best_c)
            continue;
        double w = isnan(weight[f]) ? lone_weight(l, x, &s->cents[found[f]], &st) : weight[f];
        if (LONE_MARGIN * w > best)
            return st; /* not far more like best_c than like this one */
    }
    if (st == NP_OK)
        *to = best_c;
    return st;
}

/* The share's weighings: units taken LONE_CHUNK at a time until none is
 * left, each lone report's target set (a report writes its own story's
 * only, which no other report is in). */
static void *lone_share_run(void *arg)
{
    lone_state *l = arg;
    story_state *s = l->s;
    for (;;) {
        size_t from = atomic_fetch_add(l->next, LONE_CHUNK);
        if (from >= s->n_units || l->st != NP_OK)
            return NULL;
        size_t to = from + LONE_CHUNK < s->n_units ? from + LONE_CHUNK : s->n_units;
        for (size_t u = from; u < to && l->st == NP_OK; u++) {
            const unit *x = &s->units[u];
            size_t slots[INDEX_TERMS];
            if (s->cents[x->story].members == 1 && x->vec_n >= FULL_TERMS && lone_may_join_any(l, x, slots))
                l->st = lone_target(l, x, slots, x->story, ++l->turn, &l->target[x->story]);
        }
    }
}

/* A share's rooms (its probe's too when q is its own: room for the
 * longest vector), or NP_ENOMEM. */
static np_status lone_share_make(lone_state *l, size_t longest)
{
    const np_allocator *al = l->s->e->allocator;
    size_t nc = l->s->n_cents, slots = l->s->post_slots;
    l->stamp = np_calloc(al, nc + 1, sizeof *l->stamp);
    l->shared = np_alloc_array(al, nc + 1, sizeof *l->shared);
    l->met = np_alloc_array(al, LONE_MET, sizeof *l->met);
    l->slice = np_calloc(al, slots + 1, sizeof *l->slice);
    l->days = np_alloc_array(al, slots + 1, sizeof *l->days);
    if (!l->stamp || !l->shared || !l->met || !l->slice || !l->days)
        return NP_ENOMEM;
    l->q_own.shared = 1;
    return l->q == &l->q_own ? story_probe_reserve(al, l->q, longest) : NP_OK;
}

static void lone_share_free(lone_state *l)
{
    const np_allocator *al = l->s->e->allocator;
    np_free(al, l->stamp);
    np_free(al, l->shared);
    np_free(al, l->met);
    np_free(al, l->slice);
    np_free(al, l->days);
    np_free(al, l->q_own.probe_keys);
    np_free(al, l->q_own.probe_gen);
    np_free(al, l->q_own.probe_weights);
}

np_status story_lone_reports(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    size_t nc = s->n_cents, n = story_shares(s), longest = 0;
    lone_state l[STORY_SHARES];
    atomic_size_t next;
    atomic_init(&next, 0);
    uint32_t *target = np_alloc_array(al, nc + 1, sizeof *target);
    np_status st = target ? NP_OK : NP_ENOMEM;
    for (size_t u = 0; n > 1 && u < s->n_units; u++)
        if (s->units[u].vec_n > longest)
            longest = s->units[u].vec_n;
    for (size_t k = 0; k < n; k++) {
        l[k] = (lone_state){ .s = s, .target = target, .next = &next, .st = NP_OK };
        l[k].q = n > 1 ? &l[k].q_own : &s->look;
        if (st == NP_OK)
            st = lone_share_make(&l[k], longest);
    }
    if (st == NP_OK) {
        for (size_t c = 0; c < nc; c++)
            target[c] = (uint32_t)c;
        /* every report weighed against the stories as the passes left
         * them, on the threads; then the joins, in order */
        parallel_pool_run(s->threads, lone_share_run, l, n, sizeof *l);
        for (size_t k = 0; k < n && st == NP_OK; k++)
            st = l[k].st;
        /* a report joins a story of two or more, which stays: no chains */
        for (size_t u = 0; u < s->n_units && st == NP_OK; u++)
            s->units[u].story = target[s->units[u].story];
        for (size_t c = 0; c < nc && st == NP_OK; c++)
            if (target[c] != c)
                st = story_centroid_merge(s, &s->cents[target[c]], &s->cents[c]);
    }
    for (size_t k = 0; k < n; k++)
        lone_share_free(&l[k]);
    np_free(al, target);
    return st;
}
