/*
 * compare: np_compare -- one pair of articles, every measure the copy
 * verification uses, and a paraphrase score for short texts.
 *
 * The two articles go through a private engine (the same analysis and
 * fingerprints as `cluster`), then verify_compare takes every measure of
 * the pair.  The paraphrase score mixes the overlap coefficient of the two
 * texts' content stems (names and numbers included) with the share of the
 * longer text's stems they hold, 3 to 1 (the lexical-overlap family of
 * MRPC baselines, Dolan & Brockett 2005).  Weighing it further by agreeing
 * names and numbers was tried and lost accuracy on MRPC train.
 */
#include <string.h>

#include "cluster/engine.h"

static double overlap_score(const np_engine *e)
{
    const art *a = &e->arts[0], *b = &e->arts[1];
    double shared = (double)engine_shared_stems(e, 0, 1);
    size_t fewer = a->term_count < b->term_count ? a->term_count : b->term_count;
    size_t more = a->term_count + b->term_count - fewer;
    /* the overlap coefficient forgives a paraphrase its extra words; the
     * longer text's share keeps a one-word text from matching everything */
    return fewer ? 0.75 * shared / (double)fewer + 0.25 * shared / (double)more : 0;
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
        link l;
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
