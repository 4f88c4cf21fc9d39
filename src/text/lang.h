/*
 * lang: language identification by script and function words.
 *
 * Non-Latin scripts decide by themselves where one language owns the
 * script (Greek, Hebrew, Hangul, kana, Thai...).  Latin and Cyrillic text is
 * scored by hits on each language's most frequent function words over the
 * first words of the body (after Grefenstette, "Comparing two language
 * identification schemes", 1995): short, robust, no model file.
 * Owns a small table built once per cleaner.
 */
#ifndef NP_LANG_H
#define NP_LANG_H

#include <stddef.h>
#include <stdint.h>

#include "newsprint.h"

/* The listed words by their bytes (up to LANG_KEY_BYTES, zeros after: a
 * key of two words), each in the one slot its key's hash and its bucket's
 * displacement give (lang.c: table_fill): a word is looked up by asking
 * that slot, with no branch on what it holds.  A slot is 16 bytes: the
 * key and, in the two bytes a key leaves clear, the word's languages. */
enum { LANG_KEY_BYTES = 14, LANG_BUCKET_BITS = 8, LANG_BUCKETS = 1 << LANG_BUCKET_BITS };
typedef struct lang_slot {
    uint64_t low;  /* the key's first eight bytes; 0 (and rest 0): empty */
    uint64_t rest; /* its next six, and bit 48 + i: language i uses the word */
} lang_slot;
typedef struct lang_table {
    const np_allocator *allocator;
    lang_slot *slots; /* owned */
    size_t cap;       /* slots, a power of two */
    unsigned shift;   /* a hash's slot bits, those under its bucket's, shifted down by it */
    uint16_t displace[LANG_BUCKETS]; /* xor-ed into the slot of each bucket's keys */
    uint64_t spread[256]; /* bit i of an index to byte i: eight languages' hits added at once */
} lang_table;

np_status lang_table_init(lang_table *t, const np_allocator *allocator);
void lang_table_free(lang_table *t);

/* returns: a static ISO 639-1 code, or "und" */
const char *lang_identify(const lang_table *t, const char *text, size_t len);
/* For tests: lang_identify decoding every character, ASCII letters too;
 * the answer must be the same. */
const char *lang_identify_decoding(const lang_table *t, const char *text, size_t len);
/* For tests: what lang_identify (decode_all: lang_identify_decoding) weighed
 * of the text: the words of its sample and their letters, the words' keys
 * mixed in order, and each list's hits. */
enum { LANG_LISTS = 16 };
typedef struct lang_evidence {
    unsigned words, letters;
    uint64_t keys;
    unsigned hits[LANG_LISTS];
} lang_evidence;
const char *lang_identify_weighing(const lang_table *t, const char *text, size_t len, int decode_all,
                                   lang_evidence *ev);
/* The languages (bit i: the i-th listed) whose function words include the
 * lowercase word w of n bytes, from the table; `plain` (for tests): from
 * the lists, word by word; the answer must be the same. */
uint32_t lang_word_languages(const lang_table *t, const char *w, size_t n, int plain);

#endif
