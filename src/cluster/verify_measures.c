/*
 * verify_measures: what verification measures of a pair beyond its
 * shared sentences, and the pair tests the candidate stages ask before
 * verification: the link facts (verify_may_link: can any test of
 * judge_pair pass), the short texts' exact shingles and 2-word shingles
 * (verify_jaccard, verify_word_pairs) with an early bound on their
 * Jaccard, and whether an edited short text keeps its names and numbers.
 * verify.c decides with them (verify_rules.h).
 */
#include <stdint.h>

#include "cluster/engine.h"
#include "cluster/verify_rules.h"

/* Whether x and y are dated too far apart for a rewrite, or no rewrite is
 * looked for (their facts' NO_REWRITE_DAY) */
static int facts_too_far(const np_params *pr, const link_facts *x, const link_facts *y)
{
    return x->day == NO_REWRITE_DAY || y->day == NO_REWRITE_DAY || verify_days_too_far(pr, x->day, y->day);
}

/* verify_may_link's tests, the cheapest first (pure tests: in any order, one answer) */
static int facts_may_link(const np_params *pr, const link_facts *x, const link_facts *y, size_t shared, size_t fewer)
{
    if (!x->exact || !y->exact)
        return 0;
    return !facts_too_far(pr, x, y) || x->exact == y->exact ||
           verify_is_excerpt(pr, verify_containment(shared, fewer), shared) ||
           verify_words_ratio(x->words, y->words) >= pr->near_length_ratio;
}

static link_facts facts_of(const art *r, uint32_t indexed)
{
    return (link_facts){ r->exact, r->words, r->day, indexed, (r->marks & ART_SHINGLED) != 0 };
}

int verify_may_link(const np_engine *e, uint32_t a, uint32_t b, size_t shared, size_t fewer)
{
    link_facts x = facts_of(&e->arts[a], 0), y = facts_of(&e->arts[b], 0);
    return facts_may_link(&e->params, &x, &y, shared, fewer);
}

link_facts verify_link_facts(const np_engine *e, uint32_t a)
{
    link_facts f = facts_of(&e->arts[a], engine_indexed_sentences(e, &e->arts[a]));
    if (e->no_rewrites)
        f.day = NO_REWRITE_DAY;
    return f;
}

int verify_facts_may_link(const np_params *pr, const link_facts *x, const link_facts *y, size_t shared)
{
    return facts_may_link(pr, x, y, shared, x->indexed < y->indexed ? x->indexed : y->indexed);
}

int verify_facts_near_only(const np_params *pr, const link_facts *x, const link_facts *y, size_t shared)
{
    size_t fewer = x->indexed < y->indexed ? x->indexed : y->indexed;
    return facts_too_far(pr, x, y) && x->exact != y->exact &&
           !verify_is_excerpt(pr, verify_containment(shared, fewer), shared);
}

/* The entry of short text a (ART_SHINGLED) among the short texts: the
 * last with its article (its word pairs' when it keeps them, after its
 * shingles'). */
static size_t short_text_entry(const np_engine *e, uint32_t a)
{
    const art_value *texts = e->short_texts;
    size_t n = e->n_short_texts, lo = 0;
    while (n > 1) { /* art_value_of, with the place kept for the next one's first */
        size_t half = n / 2;
        lo = texts[lo + half].art <= a ? lo + half : lo;
        n -= half;
    }
    return lo;
}

/* The hashes of short-text entry i; returns: how many, their first at *first */
static size_t short_text_items(const np_engine *e, size_t i, const uint32_t **first)
{
    const art_value *texts = e->short_texts;
    size_t end = i + 1 < e->n_short_texts ? texts[i + 1].value : e->n_shingles;
    *first = e->shingles + texts[i].value;
    return end - texts[i].value;
}

/* The shingles of short text a (ART_SHINGLED); returns: how many, their
 * first at *first */
size_t verify_short_text_shingles(const np_engine *e, uint32_t a, const uint32_t **first)
{
    size_t i = short_text_entry(e, a) - ((e->arts[a].marks & ART_WORD_PAIRS) != 0);
    return short_text_items(e, i, first);
}

float verify_word_pairs(const np_engine *e, uint32_t a, uint32_t b)
{
    if (!(e->arts[a].marks & e->arts[b].marks & ART_WORD_PAIRS))
        return -1;
    const uint32_t *x, *y;
    size_t nx = short_text_items(e, short_text_entry(e, a), &x);
    size_t ny = short_text_items(e, short_text_entry(e, b), &y);
    return (float)minhash_exact_jaccard(x, nx, y, ny);
}

/* Whether short texts a and b name the same names and numbers, but for
 * one that one of them adds or drops: an edited copy keeps its facts,
 * while a text of the same template tells others (another place, day,
 * count), whose word pairs are otherwise as alike.  A stem counts as a
 * name or number in the text that has it so; texts of more terms than a
 * short text has are not judged here. */
enum { SHORT_TERMS = 4 * SHORT_PAIR_WORDS };
int verify_names_kept(const np_engine *e, uint32_t a, uint32_t b)
{
    const art *x = &e->arts[a], *y = &e->arts[b];
    if (x->term_count + x->fact_count > SHORT_TERMS || y->term_count + y->fact_count > SHORT_TERMS)
        return 0;
    uint32_t sx[SHORT_TERMS], sy[SHORT_TERMS], tfs[SHORT_TERMS];
    uint8_t fx[SHORT_TERMS], fy[SHORT_TERMS];
    engine_terms(e, x, sx, tfs, fx);
    engine_terms(e, y, sy, tfs, fy);
    size_t i = 0, j = 0, missing = 0;
    while (i < x->term_count || j < y->term_count) { /* the words, by ascending stem */
        if (j == y->term_count || (i < x->term_count && sx[i] < sy[j]))
            missing += (fx[i++] & (TERM_NAME | TERM_NUMBER)) != 0;
        else if (i == x->term_count || sy[j] < sx[i])
            missing += (fy[j++] & (TERM_NAME | TERM_NUMBER)) != 0;
        else
            i++, j++;
    }
    return missing <= 1;
}

int verify_short_near(const np_engine *e, const link_facts *x, uint32_t a, const link_facts *y, uint32_t b)
{
    return verify_short_near_words(&e->params, x->words, y->words) &&
           verify_word_pairs(e, a, b) >= e->params.near_jaccard && verify_names_kept(e, a, b);
}

/* The exact Jaccard of sorted sets a and b (minhash_exact_jaccard's),
 * or -1 when the merge's misses so far leave too few elements to share
 * for it to reach at, a shingle short of it (a margin the floats'
 * rounding cannot cross).  Most candidate pairs of template reports
 * share a fifth of their shingles, and are told so a third of the way
 * through.  at <= 0: no bound. */
static double exact_jaccard_bounded(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, double at)
{
    if (at <= 0) /* no bound asked */
        return minhash_exact_jaccard(a, na, b, nb);
    /* both / (na + nb - both) >= at  <=>  both >= at (na + nb) / (1 + at) */
    double need = at * (double)(na + nb) / (1 + at) - 1;
    size_t i = 0, j = 0, both = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j])
            i++;
        else if (a[i] > b[j])
            j++;
        else
            both++, i++, j++;
        if (((i + j) & 15) == 0 && (double)(both + (na - i < nb - j ? na - i : nb - j)) < need)
            return -1;
    }
    size_t either = na + nb - both;
    return either ? (double)both / (double)either : 0;
}

float verify_jaccard_bounded(const np_engine *e, uint32_t a, uint32_t b, double at)
{
    if (e->arts[a].marks & e->arts[b].marks & ART_SHINGLED) {
        const uint32_t *x, *y;
        size_t nx = verify_short_text_shingles(e, a, &x), ny = verify_short_text_shingles(e, b, &y);
        return (float)exact_jaccard_bounded(x, nx, y, ny, at);
    }
    return verify_jaccard(e, a, b);
}

float verify_word_pairs_bounded(const np_engine *e, uint32_t a, uint32_t b, double at)
{
    if (!(e->arts[a].marks & e->arts[b].marks & ART_WORD_PAIRS))
        return -1;
    const uint32_t *x, *y;
    size_t nx = short_text_items(e, short_text_entry(e, a), &x);
    size_t ny = short_text_items(e, short_text_entry(e, b), &y);
    return (float)exact_jaccard_bounded(x, nx, y, ny, at);
}
