/*
 * story_facts: a story's fact tally (how many of its units state each
 * number a word is given: "23 pirates", "seventh round") and the checks
 * that keep a unit or a story out of another whatever their similarity:
 * facts that contradict (two events of one kind), and days an undated
 * text names that fall outside a dated story's.  A tally is a sorted run
 * of (noun, key) merged on each move, as a centroid's terms are
 * (story_centroid.c).
 */
#include <string.h>

#include "cluster/story_internal.h"

/* Does tally a come before b (by noun, then key)? */
static inline int tally_below(const fact_tally *a, const fact_tally *b)
{
    return a->noun != b->noun ? a->noun < b->noun : a->key < b->key;
}

/* The first place from `from` on of the n facts (in tally order) not
 * below y, galloping: a unit's few facts fall far apart in a large
 * story's tally. */
static size_t tally_gallop(const fact_tally *facts, size_t from, size_t n, const fact_tally *y)
{
    size_t lo = from, hi = from, step = 1;
    while (hi < n && tally_below(&facts[hi], y)) {
        lo = hi + 1;
        hi += step;
        step *= 2;
    }
    if (hi > n)
        hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tally_below(&facts[mid], y))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Adds (sign 1) or takes away (-1) the facts f of units to a story's tally;
 * a fact no unit states any more leaves it.  The merge of the two: the
 * story's facts between two of f's are copied as a run (a large story
 * has thousands, a unit a few: at d20k the merge by elements was 20,700
 * instructions an add). */
np_status story_tally_add(story_state *s, centroid *c, const fact_tally *f, size_t nf, int sign)
{
    if (!nf)
        return NP_OK;
    if (story_reserve(s->e->allocator, (void **)&s->fact_merge, &s->cap_fact_merge, c->n_facts + nf,
                sizeof *s->fact_merge) != NP_OK)
        return NP_ENOMEM;
    size_t i = 0, k = 0, n = c->n_facts;
    for (size_t j = 0; j < nf; j++) {
        size_t below = tally_gallop(c->facts, i, n, &f[j]);
        if (below > i)
            memcpy(s->fact_merge + k, c->facts + i, (below - i) * sizeof *c->facts);
        k += below - i;
        i = below;
        if (i < n && c->facts[i].noun == f[j].noun && c->facts[i].key == f[j].key) {
            fact_tally t = c->facts[i++];
            t.units = sign > 0 ? t.units + f[j].units : t.units - f[j].units;
            if (t.units)
                s->fact_merge[k++] = t;
        } else if (sign > 0) {
            s->fact_merge[k++] = f[j];
        }
    }
    if (n > i)
        memcpy(s->fact_merge + k, c->facts + i, (n - i) * sizeof *c->facts);
    k += n - i;
    if (c->facts_borrowed) { /* the pool's facts stay as they are: a copy of its own */
        c->facts = NULL;
        c->cap_facts = 0;
        c->facts_borrowed = 0;
    }
    size_t cap = c->cap_facts;
    if (k > cap && story_reserve(s->e->allocator, (void **)&c->facts, &cap, k + k / 2 + 8, sizeof *c->facts) != NP_OK)
        return NP_ENOMEM;
    c->cap_facts = (uint32_t)cap;
    if (k)
        memcpy(c->facts, s->fact_merge, k * sizeof *c->facts);
    c->n_facts = (uint32_t)k;
    return NP_OK;
}

/* A new story's tally: its first unit's facts, which is what tally_add
 * would copy, read where they are in the fact pool instead (as
 * story_centroid_start reads the vector).  Never written nor freed;
 * tally_add copies them when the story changes. */
void story_tally_start(centroid *c, fact_tally *f, size_t nf)
{
    c->facts = f;
    c->n_facts = (uint32_t)nf;
    c->cap_facts = 0;
    c->facts_borrowed = 1;
}

/* The number a story gives a word most often: the run [from, to) of one
 * noun, its fact stated by most units, or NULL when two are stated by as
 * many (a text telling a fight round by round, "first round", "fourth
 * round", gives "round" no one figure to contradict). */
static const fact_tally *tally_top(const fact_tally *f, size_t from, size_t to)
{
    const fact_tally *best = &f[from];
    int tied = 0;
    for (size_t i = from + 1; i < to; i++) {
        if (f[i].units > best->units) {
            best = &f[i];
            tied = 0;
        } else if (f[i].units == best->units) {
            tied = 1;
        }
    }
    return tied ? NULL : best;
}

static int tally_has(const fact_tally *f, size_t from, size_t to, uint32_t key)
{
    for (size_t i = from; i < to; i++)
        if (f[i].key == key)
            return 1;
    return 0;
}

/* Do two stories (or a unit and a story) give one word different numbers
 * -- each side's commonest (none on a tie), stated by at least FACT_SHARE
 * of its units and by FACT_SUPPORT units of both together, and neither
 * side ever giving the other's?  "23 pirates" against "26 pirates",
 * "seventh round" against "sixth": two events of one kind.  A single report's odd figure does not
 * count (the share), nor do two texts alone (the support). */
enum { FACT_SUPPORT = 3 };
#define FACT_SHARE 0.5

int story_facts_conflict(const fact_tally *a, size_t na, uint32_t units_a, const fact_tally *b, size_t nb,
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
        if (x && y && x->key != y->key && x->units >= FACT_SHARE * units_a && y->units >= FACT_SHARE * units_b &&
            x->units + y->units >= FACT_SUPPORT && !tally_has(a, i, ei, y->key) && !tally_has(b, j, ej, x->key))
            return 1;
        i = ei;
        j = ej;
    }
    return 0;
}

/* A unit's facts against a story's (the unit not in it). */
int story_unit_conflicts(const story_state *s, const unit *x, const centroid *c)
{
    return story_facts_conflict(s->fact_pool + x->fact_first, x->n_facts, 1, c->facts, c->n_facts, c->members);
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
int story_days_apart(const uint16_t *mentions, int32_t unit_day, const centroid *c, int window)
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
