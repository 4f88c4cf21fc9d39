/*
 * analyse: a cleaned article's body as tokens and sentences.
 *
 * Tokens are Unicode word runs (letters and digits, with inner apostrophes
 * and number separators: "don't", "90,000", "3.5"), casefolded for
 * matching.  Each carries the hash of its Snowball stem (per language;
 * stopwords get none), whether it is a number or a capitalised name (a
 * capital not at a sentence start, or an all-capitals word), and its
 * sentence.  Sentences end at . ! ? before a capital, a digit or a quote,
 * unless the word before the stop is an abbreviation or an initial.
 *
 * The analyser owns one stemmer per language (libstemmer is not
 * thread-safe: one analyser per thread) and the stopword set.  Analyses
 * live in the caller's arena and borrow the article's paragraphs.
 */
#ifndef NP_ANALYSE_H
#define NP_ANALYSE_H

#include <stddef.h>
#include <stdint.h>

#include "newsprint.h"
#include "common/arena.h"
#include "text/facts.h"     /* its users reach it through analyse.h */
#include "text/particles.h" /* likewise */
#include "text/segment.h"

/* TOK_NUMBER_WORD: an English number word ("seven", "seventh") in an English
 * text. */
enum { TOK_STOP = 1, TOK_NUMBER = 2, TOK_NAME = 4, TOK_TITLE = 8, TOK_NUMBER_WORD = 16 };

typedef struct token {
    uint64_t word;        /* hash of the casefolded word */
    uint32_t stem;        /* hash of the stem; 0 for stopwords */
    uint32_t sentence;    /* index into the analysis' sentences */
    const char *surface;  /* borrowed: the word as written */
    uint16_t len;         /* bytes of surface */
    uint8_t flags;        /* TOK_* */
} token;

typedef struct sentence_span {
    uint32_t first;       /* index of its first token */
    uint32_t count;       /* tokens in it */
} sentence_span;

typedef struct analysis {
    token *tokens;
    const uint64_t *words; /* tokens[i].word side by side: the body's are a text's shingles' words
                            * (and the words alone: analyse_article_words) */
    size_t n_tokens;
    sentence_span *sentences;
    size_t n_sentences;
    size_t n_title_tokens; /* the title's tokens come first, flagged TOK_TITLE */
    int decimal_comma;     /* numbers were read as 3,5 and 2.400 (the article's language) */
} analysis;

/* A number's digits as English writes them, into out (room for n): the
 * thousands' separators dropped, the decimal mark a point; in a language
 * that writes 3,5 and 2.400 (decimal_comma) the two marks swap.  The
 * analyser's number stems and the facts (facts.c) read numbers so. */
size_t text_number_digits(const char *s, size_t n, int decimal_comma, char *out);

typedef struct analyser analyser;

/* returns: *out owned by caller, free with analyser_free */
np_status analyser_new(analyser **out, const np_allocator *allocator);
void analyser_free(analyser *an);
/* The analyser segments with sg (borrowed: a cleaner's, cleaner_words, on
 * the same thread) instead of its own segmenter, and reads the runs that
 * cleaner segmented for the article's word count from what sg kept
 * (segment_keep); NULL: its own again. */
void analyser_share_words(analyser *an, segmenter *sg);

/* For tests: on, every character is decoded, none taken by the ASCII fast
 * path, and every word's stem is made as the word is read, none taken from
 * the stem cache; the analysis must be the same either way. */
void analyser_decode_all(analyser *an, int on);
/* For tests: the stem cache emptied and cut to `sets` sets (a power of
 * two at most, 0 for its full size), so that words put each other out. */
void analyser_small_stem_cache(analyser *an, size_t sets);

/* Analyses the title (as its own sentence, when include_title) and body of
 * `article` into `out`, allocating from `arena`. */
np_status analyse_article(analyser *an, const np_article *article, int include_title,
                          arena *mem, analysis *out);

/* The body of `article` as analyse_article reads it without the title,
 * but only what copy detection without rewrites reads: the words' hashes
 * (out->words, n_tokens of them) and the sentences; out->tokens is NULL.
 * No stem (their cache, Snowball), stopword, name or token record is
 * made: cluster --no-rewrites. */
np_status analyse_article_words(analyser *an, const np_article *article, arena *mem, analysis *out);

/* 1 if the casefolded word is a stopword of `lang` (or of English when the
 * language has no list). */
int analyser_is_stopword(const analyser *an, const char *lang, const char *word, size_t len);

#endif
