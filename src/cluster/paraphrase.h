/*
 * paraphrase: the lexical measures of two short texts behind a paraphrase
 * judgement (np_comparison's paraphrase fields), taken on their words in
 * order: shared content stems over each side, numbers and names that one
 * text states and the other does not, the longest common subsequence of
 * their words, shared word pairs and character trigrams, n-gram precisions
 * each way (BLEU's), word edits, shared stopwords, negations.
 */
#ifndef NP_PARAPHRASE_H
#define NP_PARAPHRASE_H

#include "newsprint.h"

struct analyser;

/* Fills out's paraphrase fields for articles a and b (their titles and
 * bodies, analysed by an, borrowed: an engine's, as `cluster` analyses
 * them); the work memory comes from allocator.
 * returns: NP_ENOMEM if out of memory */
np_status paraphrase_measure(struct analyser *an, const np_allocator *allocator, const np_article *a,
                             const np_article *b, np_comparison *out);

#endif
