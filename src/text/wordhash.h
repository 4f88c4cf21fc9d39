/*
 * wordhash: the 64-bit hash that names a casefolded word wherever text is
 * read (tokens, stems, stopwords; the language sample keys its words by
 * their bytes, lang.c).
 *
 * XXH3_64bits, 0 made 1 so that 0 can mean an empty slot.  Up to 16
 * bytes, most words, take XXH3's own short path inlined: the call to
 * XXH3_64bits and its turn on the length cost more than the hash (at 20k,
 * 4% of the copies-only run's samples were in that call).
 */
#ifndef NP_TEXT_WORDHASH_H
#define NP_TEXT_WORDHASH_H

#include <stddef.h>
#include <stdint.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

static inline __attribute__((always_inline)) uint64_t text_word_hash(const char *s, size_t n)
{
    uint64_t h = n <= 16 ? XXH3_len_0to16_64b((const xxh_u8 *)s, n, XXH3_kSecret, 0) : XXH3_64bits(s, n);
    return h ? h : 1;
}

/* The hashes of words of 1 to 8 bytes whose bytes were kept instead
 * (analyse_article_words, which then hashes them four at a time): where
 * lens[k] is 1 to 8, words[k] holds the word's bytes as a little-endian
 * word, the first byte lowest (those past lens[k] bytes any), and becomes
 * text_word_hash of them; where lens[k] is 0 or over 8, words[k] is left
 * as it is (a longer word's hash). */
void text_word_hash_kept(uint64_t *words, const uint8_t *lens, size_t n);

#endif
