/*
 * wordlists: the word lists of the analysis, data alone.
 *
 * Each language's function words (stopwords: they carry no topic, so
 * they are neither terms nor a story's keywords), the abbreviations whose
 * full stop ends no sentence, and the English number words read as
 * digits.  Written for newsprint: the commonest function words of each
 * language, as a reader of its news would list them.  Each list is one
 * string of words, a space after each, in the UTF-8 the analysis folds
 * words to (lower case).
 */
#ifndef NP_WORDLISTS_H
#define NP_WORDLISTS_H

#include <stddef.h>

/* English: function words, auxiliaries and reporting fillers; also the
 * list of undetermined text. */
extern const char wordlist_english_stopwords[];

/* The other languages' function words, by the code lang.c names them. */
typedef struct wordlist_language {
    const char *code;
    const char *words;
} wordlist_language;
extern const wordlist_language wordlist_stopwords[];
extern const size_t wordlist_n_stopwords;

/* Words before a full stop that do not end a sentence, each between
 * spaces. */
extern const char wordlist_abbreviations[];

/* English number words as digits: cardinals from two (a lone "one" is
 * mostly "one of them"), ordinals from first ("1th": ordinals as one
 * form). */
typedef struct wordlist_number {
    const char *word;
    size_t len;
    const char *digits;
} wordlist_number;
extern const wordlist_number wordlist_numbers[];
extern const size_t wordlist_n_numbers;

#endif
