/*
 * align: how much of one text's sentences another text says again, in
 * other words, and in the same order.
 *
 * A re-worded copy ("spun", paraphrased) keeps each sentence's facts --
 * names, numbers, most content stems -- while changing the words around
 * them, so few 5-word shingles survive but sentence after sentence still
 * finds a partner holding most of its stems and its names, and the
 * partners come in the original's order (after Barzilay & Elhadad, EMNLP
 * 2003, and the METER studies of wire reuse).  Two independent reports of
 * one event share names but seldom a sentence's worth of stems, and not
 * sentence after sentence in order.
 *
 * Sentences are sorted arrays of stem codes: a stem (a hash, or its place
 * among its text's words: placed_text) with bit 0 set when the word is a
 * name or a number.  Codes compare by their upper 31 bits, so one word is
 * the same stem whether capitalised or not.
 */
#ifndef NP_ALIGN_H
#define NP_ALIGN_H

#include <stddef.h>
#include <stdint.h>

typedef struct stem_set {
    const uint32_t *stems; /* sorted by code >> 1, unique */
    size_t n;
} stem_set;

typedef struct align_result {
    size_t counted;   /* sentences of a long enough to score */
    size_t covered;   /* of them, re-said by a sentence (or two adjacent) of b */
    size_t in_order;  /* the most covered sentences whose partners keep a's order */
    size_t walked;    /* postings of b's stems read: the work the tallies took */
} align_result;

/* returns: how many codes of a are in b; *names gets how many of those are
 * names or numbers in a */
size_t align_intersect(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t *names);

/* How many distinct keys of x, other than 0, are also in y: sorts x and y
 * in place (scratch holds the larger of nx and ny), then one merge, so two
 * texts of tens of thousands of sentences cost a sort each, not their
 * product. */
size_t align_shared_keys(uint64_t *x, size_t nx, uint64_t *y, size_t ny, uint64_t *scratch);

/* A text whose sentences' codes name their stems by place: a code is
 * the place of its stem among the text's words (their stems, sorted and
 * unique) << 1 | the name bit, a sentence's codes ascending. */
typedef struct placed_text {
    const stem_set *sents;
    size_t n_sents;
    const uint32_t *words;
    size_t n_words;
} placed_text;

/* The scratch align_sentences needs, in 64-bit words, for a text of na
 * sentences and a_words words aligned to one of nb sentences, b_words
 * words and b_stems sentence stems in all. */
size_t align_scratch_words(size_t na, size_t nb, size_t a_words, size_t b_words, size_t b_stems);

/* Aligns a's sentences (those with at least min_stems stems) to b's: a
 * sentence is covered when one sentence of b, or two adjacent ones (a
 * sentence split in two), hold at least `overlap` of its stems and half
 * of its names -- or, for a sentence of two or more names and numbers,
 * four fifths of them with a quarter of its stems.  A stem of a is one of
 * b when the two texts' words at their places are the same.  scratch must
 * hold align_scratch_words words. */
void align_sentences(const placed_text *a, const placed_text *b, double overlap, size_t min_stems, uint64_t *scratch,
                     align_result *out);

#endif
