/*
 * align: how much of one text's sentences another text says again, in
 * other words.
 *
 * A re-worded copy ("spun", paraphrased) keeps each sentence's facts --
 * names, numbers, most content stems -- while changing the words around
 * them, so few 5-word shingles survive but sentence after sentence still
 * finds a partner with most of its stems (after Barzilay & Elhadad, EMNLP
 * 2003, and the METER studies of wire reuse).  Two independent reports of
 * one event share names but seldom a sentence's worth of stems.
 * Sentences are given as sorted unique stem arrays.
 */
#ifndef NP_ALIGN_H
#define NP_ALIGN_H

#include <stddef.h>
#include <stdint.h>

typedef struct stem_set {
    const uint32_t *stems; /* sorted, unique */
    size_t n;
} stem_set;

/* returns: |a intersect b| for sorted unique arrays */
size_t align_intersect(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* Share of a's sentences (those with at least min_stems stems) whose stems
 * are covered at least `overlap` by one sentence of b, or by two adjacent
 * sentences of b (a sentence split in two).  *counted gets the number of
 * sentences of a that were scored. */
double align_coverage(const stem_set *a, size_t na, const stem_set *b, size_t nb,
                      double overlap, size_t min_stems, size_t *counted);

#endif
