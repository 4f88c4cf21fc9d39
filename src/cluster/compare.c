/*
 * compare: np_compare -- one pair of articles, every measure the copy
 * verification uses, and a paraphrase score for short texts.
 *
 * The two articles go through a private engine (the same analysis and
 * fingerprints as `cluster`), then verify_compare takes every measure of
 * the pair.  The paraphrase score mixes the overlap coefficient of the two
 * texts' content stems (names and numbers included) with the share of the
 * longer text's stems they hold, 3 to 1 (the lexical-overlap family of
 * MRPC baselines, Dolan & Brockett 2005), less 0.05 for each number (up
 * to three) that only one of the texts states: a changed figure is a
 * changed fact (MRPC train, 10-fold: accuracy 0.715 -> 0.725).  Weighing
 * the overlap by agreeing names as well was tried and lost accuracy.
 */
#include <string.h>

#include "cluster/engine.h"

enum { MAX_NUMBERS = 3 };
#define NUMBER_PENALTY 0.05

/* Numbers in one text and not the other (terms are sorted by stem). */
static size_t unmatched_numbers(const np_engine *e)
{
    const art *a = &e->arts[0], *b = &e->arts[1];
    const uint32_t *x = e->term_stems + a->term_first, *y = e->term_stems + b->term_first;
    size_t i = 0, j = 0, n = 0;
    while (i < a->term_count || j < b->term_count) {
        if (j == b->term_count || (i < a->term_count && x[i] < y[j]))
            n += (engine_term_flags(e, a->term_first + i++) & TERM_NUMBER) != 0;
        else if (i == a->term_count || y[j] < x[i])
            n += (engine_term_flags(e, b->term_first + j++) & TERM_NUMBER) != 0;
        else
            i++, j++;
    }
    return n;
}

static double overlap_score(const np_engine *e)
{
    const art *a = &e->arts[0], *b = &e->arts[1];
    double shared = (double)engine_shared_stems(e, 0, 1);
    size_t fewer = a->term_count < b->term_count ? a->term_count : b->term_count;
    size_t more = a->term_count + b->term_count - fewer;
    if (!fewer)
        return 0;
    /* the overlap coefficient forgives a paraphrase its extra words; the
     * longer text's share keeps a one-word text from matching everything */
    double score = 0.75 * shared / (double)fewer + 0.25 * shared / (double)more;
    /* a figure in one text only is a fact the other does not state */
    size_t numbers = unmatched_numbers(e);
    score -= NUMBER_PENALTY * (double)(numbers < MAX_NUMBERS ? numbers : MAX_NUMBERS);
    return score > 0 ? score : 0;
}

static const char *const kind_names[] = { "none", "exact", "near", "excerpt", "rewrite" };

np_status np_compare(const np_article *a, const np_article *b, const np_params *params,
                     np_comparison *out)
{
    if (!a || !b || !out)
        return NP_EPARAM;
    memset(out, 0, sizeof *out);
    np_engine *e = NULL;
    np_status st = np_engine_new(&e, params, NULL);
    if (st != NP_OK)
        return st;
    /* two articles may share an id (two files of one name): ids do not matter here */
    np_article first = *a, second = *b;
    first.id = "a";
    second.id = "b";
    if ((st = np_engine_add(e, &first)) == NP_OK && (st = np_engine_add(e, &second)) == NP_OK) {
        copy_link l;
        int is_copy = 0;
        st = verify_compare(e, 0, 1, &l, &is_copy);
        if (st == NP_OK) {
            out->relation = is_copy ? kind_names[l.kind] : "none";
            out->jaccard = l.jaccard;
            out->containment = l.containment;
            out->shared_sentences = l.shared_sentences;
            out->aligned = l.aligned;
            out->in_order = l.ordered;
            out->vocabulary = l.vocabulary;
            out->overlap = overlap_score(e);
        }
    }
    np_engine_free(e);
    return st;
}
