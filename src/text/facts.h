/*
 * facts: the numbers an analysis (analyse.h) holds, each with the word it
 * counts or ranks, for the fingerprint: a fact's number and word are
 * hashed together, so two reports' "23 pirates" match and "23 pirates"
 * and "32 pirates" do not.
 */
#ifndef NP_FACTS_H
#define NP_FACTS_H

#include <stddef.h>
#include <stdint.h>

struct analysis;

/* A fact: a number with the word it counts or ranks, side by side in one
 * sentence ("23 pirates", "seventh round", "6.1-magnitude", "magnitude 6.1"
 * when no word follows).  Two texts that give the same thing different
 * numbers speak of different events; the same number is shared evidence. */
typedef struct fact {
    uint32_t key;         /* hash of the number and the word's stem; odd */
    uint32_t noun;        /* hash of the word's stem, and whether the number ranks; odd */
    uint32_t number;      /* hash of the number as written in digits; odd */
    uint32_t first, last; /* the tokens it spans, in order of the text */
} fact;

/* The facts of an analysis into out (room for 2 * n_tokens); returns how
 * many.  Numbers are digits in any language, and number words in English
 * (TOK_NUMBER_WORD). */
size_t analysis_facts(const struct analysis *an, fact *out);

#endif
