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

typedef struct lang_table {
    const np_allocator *allocator;
    uint64_t *keys;    /* owned; word hashes, 0 = empty */
    uint32_t *masks;   /* owned; bit i: language i uses the word */
    size_t cap;
    size_t longest;    /* bytes of the longest word listed */
    uint64_t lengths[256]; /* bit n of [c]: a word listed has n bytes, the first c */
} lang_table;

np_status lang_table_init(lang_table *t, const np_allocator *allocator);
void lang_table_free(lang_table *t);

/* returns: a static ISO 639-1 code, or "und" */
const char *lang_identify(const lang_table *t, const char *text, size_t len);
/* For tests: lang_identify decoding every character, ASCII letters too;
 * the answer must be the same. */
const char *lang_identify_decoding(const lang_table *t, const char *text, size_t len);
/* The languages (bit i: the i-th listed) whose function words include the
 * lowercase word w of n bytes.  Words whose first byte and length no listed
 * word has are answered without hashing; `plain` (for tests): every word
 * hashed and looked up; the answer must be the same. */
uint32_t lang_word_languages(const lang_table *t, const char *w, size_t n, int plain);

#endif
