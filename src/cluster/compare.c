/*
 * compare: np_compare -- one pair of articles, every measure the copy
 * verification uses, and a paraphrase score for short texts.
 *
 * The two articles go through a private engine (the same analysis and
 * fingerprints as `cluster`; np_compare_with lends it a fingerprinter kept
 * across pairs), then verify_compare takes every measure of
 * the pair.  The paraphrase score mixes the overlap coefficient of the two
 * texts' content stems (names and numbers included) with the share of the
 * longer text's stems they hold, 3 to 1 (the lexical-overlap family of
 * MRPC baselines, Dolan & Brockett 2005), less 0.05 for each number (up
 * to three) that only one of the texts states: a changed figure is a
 * changed fact (MRPC train, 10-fold: accuracy 0.715 -> 0.725).  Weighing
 * the overlap by agreeing names as well was tried and lost accuracy.
 * The measures a paraphrase model weighs beside it (word order, n-grams,
 * length) are paraphrase.c's.
 */
#include <stdio.h>
#include <string.h>

#include "cluster/engine.h"
#include "cluster/paraphrase.h"
#include "common/alloc.h"
#include "common/intersect.h"

enum { MAX_NUMBERS = 3 };
#define NUMBER_PENALTY 0.05

/* One text's terms, decoded. */
typedef struct text_terms {
    uint32_t *stems, *tfs;
    uint8_t *flags;
    size_t n;                 /* words (the facts after them are not read) */
} text_terms;

/* Numbers in one text and not the other (terms are sorted by stem). */
static size_t unmatched_numbers(const text_terms *a, const text_terms *b)
{
    const uint32_t *x = a->stems, *y = b->stems;
    size_t i = 0, j = 0, n = 0;
    while (i < a->n || j < b->n) {
        if (j == b->n || (i < a->n && x[i] < y[j]))
            n += (a->flags[i++] & TERM_NUMBER) != 0;
        else if (i == a->n || y[j] < x[i])
            n += (b->flags[j++] & TERM_NUMBER) != 0;
        else
            i++, j++;
    }
    return n;
}

static double overlap_score(const text_terms *a, const text_terms *b)
{
    double shared = (double)intersect_count(a->stems, a->n, b->stems, b->n);
    size_t fewer = a->n < b->n ? a->n : b->n;
    size_t more = a->n + b->n - fewer;
    if (!fewer)
        return 0;
    /* the overlap coefficient forgives a paraphrase its extra words; the
     * longer text's share keeps a one-word text from matching everything */
    double score = 0.75 * shared / (double)fewer + 0.25 * shared / (double)more;
    /* a figure in one text only is a fact the other does not state */
    size_t numbers = unmatched_numbers(a, b);
    score -= NUMBER_PENALTY * (double)(numbers < MAX_NUMBERS ? numbers : MAX_NUMBERS);
    return score > 0 ? score : 0;
}

/* Article i's terms decoded into t (freed by text_terms_free).
 * returns: NP_ENOMEM if out of memory */
static np_status text_terms_get(const np_engine *e, uint32_t i, text_terms *t)
{
    const art *r = &e->arts[i];
    size_t n = (size_t)r->term_count + r->fact_count + 1;
    t->stems = np_alloc_array(e->allocator, n, sizeof *t->stems);
    t->tfs = np_alloc_array(e->allocator, n, sizeof *t->tfs);
    t->flags = np_alloc_array(e->allocator, n, sizeof *t->flags);
    t->n = r->term_count;
    if (!t->stems || !t->tfs || !t->flags)
        return NP_ENOMEM;
    engine_terms(e, r, t->stems, t->tfs, t->flags);
    return NP_OK;
}

static void text_terms_free(const np_engine *e, text_terms *t)
{
    np_free(e->allocator, t->stems);
    np_free(e->allocator, t->tfs);
    np_free(e->allocator, t->flags);
}

static const char *const kind_names[] = { "none", "exact", "near", "excerpt", "rewrite" };

np_status np_compare(const np_article *a, const np_article *b, const np_params *params,
                     np_comparison *out)
{
    return np_compare_with(NULL, a, b, params, out);
}

np_status np_compare_with(np_fingerprinter *printer, const np_article *a, const np_article *b,
                          const np_params *params, np_comparison *out)
{
    if (!a || !b || !out || (printer && !fingerprinter_full(printer)))
        return NP_EPARAM;
    memset(out, 0, sizeof *out);
    out->word_pairs = -1;
    np_engine *e = NULL;
    np_status st = np_engine_new(&e, params, NULL);
    if (st != NP_OK)
        return st;
    /* the caller's, borrowed for this pair (its analyser's tables were
     * most of a short pair's cost when each engine made its own); it is
     * the engine's own before np_engine_free */
    e->printer = printer;
    e->forms_unread = 1; /* their table was a sixth of a pair's cost, for no measure */
    /* two articles may share an id (two files of one name): ids do not matter here */
    np_article first = *a, second = *b;
    first.id = "a";
    second.id = "b";
    if ((st = np_engine_add(e, &first)) == NP_OK && (st = np_engine_add(e, &second)) == NP_OK) {
        copy_link l;
        int is_copy = 0;
        verify_why_not why;
        st = verify_compare(e, 0, 1, &l, &is_copy, &why);
        if (st == NP_OK) {
            out->relation = is_copy ? kind_names[l.kind] : "none";
            if (!is_copy && why.far)
                snprintf(out->note, sizeof out->note, "no rewrite: dated more than %d days apart (rewrite_window)",
                         e->params.rewrite_window);
            else if (!is_copy && why.sentences)
                snprintf(out->note, sizeof out->note, "no rewrite: %zu sentence%s to align, %zu needed",
                         why.sentences, why.sentences == 1 ? "" : "s", why.sentences_needed);
            out->jaccard = l.jaccard;
            uint32_t fewer = e->arts[0].words < e->arts[1].words ? e->arts[0].words : e->arts[1].words;
            if (fewer < (uint32_t)e->params.short_words) /* the measure of a near copy there */
                out->word_pairs = verify_word_pairs(e, 0, 1);
            if (!is_copy && !out->note[0])
                verify_miss_note(&e->params, &l, (float)out->word_pairs, out->note, sizeof out->note);
            out->containment = l.containment;
            out->shared_sentences = l.shared_sentences;
            out->aligned = l.aligned;
            out->in_order = l.ordered;
            out->vocabulary = l.vocabulary;
            text_terms x = { 0 }, y = { 0 };
            if ((st = text_terms_get(e, 0, &x)) == NP_OK && (st = text_terms_get(e, 1, &y)) == NP_OK)
                out->overlap = overlap_score(&x, &y);
            text_terms_free(e, &x);
            text_terms_free(e, &y);
            if (st == NP_OK && e->printer) /* made by np_engine_add */
                st = paraphrase_measure(fingerprinter_analyser(e->printer), e->allocator, a, b, out);
        }
    }
    if (printer)
        e->printer = NULL; /* the caller's */
    np_engine_free(e);
    return st;
}
