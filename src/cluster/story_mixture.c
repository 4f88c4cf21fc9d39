/*
 * story_mixture: the last pass of the story stage, which moves a short
 * text to the story of short texts under which its words are likeliest in
 * a Dirichlet multinomial mixture (GSDMM, Yin and Wang, KDD 2014): the
 * model and its counts are told below.
 */
#include <math.h>

#include "cluster/story_internal.h"

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
 * robbery of the same kind included (ECB+ topic 24).  Nor does a unit move
 * to a story it shares fewer than MIXTURE_MIN_SHARED stems with: with a
 * large vocabulary the model's cost of words a story lacks is slight, and
 * one shared word ("cut") drew a 33-word brief about a dairy's loan into
 * the story of a ferry timetable. */
#define MIXTURE_ALPHA 0.1
#define MIXTURE_BETA 0.1
enum { MIXTURE_MIN_SHARED = 2 };

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
 * left out.  *shared: the unit's stems the story has. */
static double mixture_score(const story_state *s, const mixture_state *m, const unit *x, uint32_t z,
                            int self, size_t *shared)
{
    const weighted *v = s->pool + x->vec_first;
    const double beta = MIXTURE_BETA;
    /* products of the ratios, taken to a log before they leave a double's
     * range (a short text's factors are few) */
    double sum = 0, product = s->cents[z].members - (self ? 1 : 0) + MIXTURE_ALPHA;
    *shared = 0;
    for (size_t i = 0; i < x->vec_n; i++) {
        double mine = pool_tf(s, x->vec_first + i), n = count_of(&m->table, z, v[i].stem) - (self ? mine : 0);
        if (n < 0.5)
            continue;
        ++*shared;
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
        np_status st = story_candidates_of(s, &s->look, x);
        if (st != NP_OK)
            return st;
        uint32_t own = x->story;
        if (!story_found_changed(s->look.found, s->look.n_found, m->changed, own, m->scored[u]))
            continue;
        m->scored[u] = m->clock;
        size_t shared;
        double best = mixture_score(s, m, x, own, 1, &shared);
        uint32_t best_story = own;
        for (size_t f = 0; f < s->look.n_found; f++) {
            uint32_t c = s->look.found[f];
            const centroid *k = &s->cents[c];
            if (c == own || k->members == 0 || !m->counted[c] || 2 * m->long_units[c] > k->members ||
                !within(x->day, k, p->move_window) || too_long(k, x->day, p->story_span) ||
                dated_to_undated(x, k) || months_apart(x->months, k->months) ||
                story_days_apart(x->mentions, x->day, k, p->move_window))
                continue;
            double score = mixture_score(s, m, x, c, 0, &shared);
            if (shared < MIXTURE_MIN_SHARED)
                continue;
            if ((score > best || (score == best && c < best_story)) && !story_unit_conflicts(s, x, k)) {
                best = score;
                best_story = c;
            }
        }
        if (best_story == own)
            continue;
        const weighted *v = s->pool + x->vec_first;
        if ((st = story_centroid_add(s, &s->cents[own], v, x->vec_n, -1)) != NP_OK ||
            (st = story_centroid_add(s, &s->cents[best_story], v, x->vec_n, 1)) != NP_OK ||
            (st = story_tally_add(s, &s->cents[own], s->fact_pool + x->fact_first, x->n_facts, -1)) != NP_OK ||
            (st = story_tally_add(s, &s->cents[best_story], s->fact_pool + x->fact_first, x->n_facts, 1)) != NP_OK ||
            (st = count_add(s, &m->table, own, x, -1)) != NP_OK ||
            (st = count_add(s, &m->table, best_story, x, 1)) != NP_OK ||
            (st = story_post_add(s, x, best_story)) != NP_OK)
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
np_status story_mixture(story_state *s)
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
        if (x->vec_n >= FULL_TERMS || (st = story_candidates_of(s, &s->look, x)) != NP_OK)
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
