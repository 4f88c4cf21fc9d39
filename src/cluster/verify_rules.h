/*
 * verify_rules: the tests verification's decision (verify.c's judge_pair)
 * is made of, shared with the pair tests of verify_measures.c: the
 * measures' thresholds on a pair of articles, small enough to be inline,
 * and the short texts' measures with an exact Jaccard's early bound.
 * Declared here, not in engine.h, whose text is part of the fingerprints'
 * identity.
 */
#ifndef NP_VERIFY_RULES_H
#define NP_VERIFY_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "cluster/engine.h"

/* The shared sentences' share of the fewer indexed, or -1 (unmeasured,
 * shown as null or 'n/a', not as a measured zero) when a text has no
 * sentence indexed. */
static inline float verify_containment(size_t shared, size_t fewer)
{
    if (!fewer)
        return -1;
    float c = (float)shared / (float)fewer;
    return c > 1 ? 1 : c;
}

static inline int verify_is_excerpt(const np_params *pr, float containment, size_t shared)
{
    return containment >= pr->excerpt_containment && shared >= 2;
}

/* Shorter / longer, of two word counts. */
static inline double verify_words_ratio(uint32_t a, uint32_t b)
{
    return a < b ? (double)a / (b ? b : 1) : (double)b / (a ? a : 1);
}

static inline double verify_length_ratio(const art *a, const art *b)
{
    return verify_words_ratio(a->words, b->words);
}

static inline int verify_days_too_far(const np_params *pr, int32_t da, int32_t db)
{
    return da != NO_DAY && db != NO_DAY && (da - db > pr->rewrite_window || db - da > pr->rewrite_window);
}

static inline int verify_too_far_for_rewrite(const np_params *pr, const art *a, const art *b)
{
    return verify_days_too_far(pr, a->day, b->day);
}

/* Whether a pair of texts of these word counts is judged near on its
 * 2-word shingles: the shorter under short_words, of a near copy's length. */
static inline int verify_short_near_words(const np_params *pr, uint32_t words_a, uint32_t words_b)
{
    return (words_a < words_b ? words_a : words_b) < (uint32_t)pr->short_words &&
           verify_words_ratio(words_a, words_b) >= pr->near_length_ratio;
}

/* The shingles of short text a (ART_SHINGLED); returns: how many, their
 * first at *first (verify_measures.c) */
size_t verify_short_text_shingles(const np_engine *e, uint32_t a, const uint32_t **first);
/* Whether short texts a and b name the same names and numbers, but for
 * one that one of them adds or drops (verify_measures.c). */
int verify_names_kept(const np_engine *e, uint32_t a, uint32_t b);
/* verify_jaccard(e, a, b), or -1 (unmeasured) when the exact shingles'
 * upper bound tells it is under at before they are all compared. */
float verify_jaccard_bounded(const np_engine *e, uint32_t a, uint32_t b, double at);
/* verify_word_pairs(e, a, b), or -1 when their bound tells it is under
 * at (or they have none). */
float verify_word_pairs_bounded(const np_engine *e, uint32_t a, uint32_t b, double at);

#endif
