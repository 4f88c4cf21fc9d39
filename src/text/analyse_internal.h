/*
 * analyse_internal: the analyser's state, shared by analyse.c (the word
 * loop, which reads it, with the word readers of analyse_words.h) and
 * analyser.c (which makes, sets and frees it, names each language's
 * stemmer and stopword list, and finds the ways of an article's language).
 */
#ifndef NP_ANALYSE_INTERNAL_H
#define NP_ANALYSE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "common/idset.h"
#include "text/analyse.h"
#include "text/segment.h"

struct sb_stemmer;

enum { N_STEMMERS = 39 }; /* the languages analyser.c names (stemmer_names) */

/* A cache of what a word is: its stem, whether it is a stopword or a
 * number word.  Word forms recur (Zipf), and Snowball is the costliest step
 * of analysis.  Found by a key, the 64-bit word hash mixed with the
 * stemmer's identity; no word is stored, so two words (or one word for two
 * stemmers) with one key would share an entry: a 64-bit hash collision is
 * assumed not to happen, as for the word hashes everywhere else.  Entries
 * are 16 bytes so the table stays near the core: its loads were the most
 * of analysis' time with 40-byte entries holding the word.  At 2 MB it
 * misses fewer words than at 1 MB, which cost more stemming than its size
 * costs cache (g20k: analysis and fingerprints 4% less CPU).  Two ways to
 * a set, the last used first, in one aligned half of a cache line: mapped
 * directly, two frequent words of one entry put each other out (g20k: 115k
 * words stemmed, of 32k words).  Numbers are not cached: a number is more
 * than its folded form shows when that is cut short (MAX_WORD). */
enum { STEM_CACHE = 131072, STEM_WAYS = 2 };

enum { WORD_KNOWN = 0x80 }; /* with TOK_STOP and TOK_NUMBER_WORD, a stem_entry's kind */

typedef struct stem_entry {
    uint64_t key;                   /* the word hash * builder.stemmer_mix: never 0, as a word is not */
    uint32_t stem;                  /* 0 for a stopword */
    uint8_t kind;                   /* 0: empty; else WORD_KNOWN | TOK_* */
    uint8_t unused[3];
} stem_entry;

/* How a language's words are found: between spaces, or by their
 * dictionary (segment_spaced): Chinese and Japanese, Thai, Lao, Khmer and
 * Burmese. */
enum { READ_SPACED, READ_CJK, READ_UNSPACED };

/* What analyse_article reads from an article's language code: found
 * once for a run of articles in one language, not by some thirty string
 * comparisons an article. */
typedef struct language_ways {
    struct sb_stemmer *stemmer;
    size_t which;          /* analyser_stemmer_for's index */
    uint64_t stop_mix;     /* analyser_stop_mix(which) */
    int number_words, decimal_comma, reading, kana_stops;
} language_ways;

enum { ABBREV_SLOTS = 128 };
enum { MID_NAMES_KEPT = 512 }; /* slots of the mid-sentence names kept between articles */ /* a power of two, over twice the abbreviations */
struct analyser {
    const np_allocator *allocator; /* borrowed */
    struct sb_stemmer *stemmers[N_STEMMERS]; /* owned, made on first use */
    int stemmer_failed[N_STEMMERS];
    idset stopwords;
    idset number_words;            /* English number words (wordlist_numbers) */
    idset mid_names;               /* analyse_article's, kept between articles and cleared */
    int decode_all;                /* the plain ways, for tests (analyser_decode_all) */
    uint64_t between[2];           /* bit c: ASCII c is between words and no stop */
    void *stems_block;             /* owned: stems, aligned within it */
    stem_entry *stems;             /* STEM_CACHE entries, STEM_WAYS a set */
    size_t stem_sets;              /* a power of two: STEM_CACHE / STEM_WAYS */
    uint64_t abbrevs[ABBREV_SLOTS]; /* the abbreviations of two to five bytes (abbrev_key), 0 an empty slot */
    segmenter own_words;           /* the words of Chinese, Japanese, Thai, Lao, Khmer, Burmese */
    segmenter *words;              /* own_words, or a cleaner's (analyser_share_words) */
    language_ways ways;            /* the last article's language's, when ways_made */
    char ways_lang[16];            /* its code */
    int ways_made;
};

/* A word of one to seven bytes as one number, its length in the low byte. */
static inline uint64_t abbrev_key(const char *w, size_t n)
{
    uint64_t key = n;
    for (size_t i = 0; i < n; i++)
        key |= (uint64_t)(unsigned char)w[i] << (8 * (i + 1));
    return key;
}

/* The slot abbrev_key's probe starts at. */
static inline size_t abbrev_home(uint64_t key)
{
    return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & (ABBREV_SLOTS - 1);
}

/* The stemmer for lang (NULL if it could not be made); *which gets its
 * index in analyser.c's names, its identity in the stem cache. */
struct sb_stemmer *analyser_stemmer_for(analyser *an, const char *lang, size_t *which);
/* The part of a stopword's key that names its list's language (which: an
 * analyser_stemmer_for index): 0 for English and for the languages without
 * a list of their own, which share the English list. */
uint64_t analyser_stop_mix(size_t which);
/* The ways of language `lang` (analyse_article's): the last article's when
 * it had this language, else found and kept in an->ways. */
const language_ways *analyser_ways_of(analyser *an, const char *lang);

#endif
