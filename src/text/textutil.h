/*
 * textutil: small byte-level helpers for ASCII-cased matching in UTF-8.
 *
 * Cue words and date names are ASCII, so matching lowercases ASCII bytes
 * only and leaves every multi-byte sequence untouched; that is exact for
 * UTF-8 because no byte of a multi-byte sequence is ASCII.
 */
#ifndef NP_TEXTUTIL_H
#define NP_TEXTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline int tu_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static inline int tu_is_alpha(int c)
{
    /* setting bit 5 lowercases A-Z and makes nothing else a-z */
    return (unsigned)((c | 0x20) - 'a') < 26;
}

static inline int tu_is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Of eight bytes read as a little-endian word: the top bit of each byte
 * equal to c, the others clear. */
static inline uint64_t tu_bytes_equal(uint64_t x, unsigned char c)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x80 * ones;
    uint64_t y = x ^ c * ones;
    return ~(((y & 0x7f * ones) + 0x7f * ones) | y) & highs;
}

/* Of eight bytes, all below 0x80, read as a little-endian word: the top
 * bit of each byte in [lo, hi], the others clear. */
static inline uint64_t tu_bytes_within(uint64_t x, unsigned char lo, unsigned char hi)
{
    const uint64_t ones = 0x0101010101010101ULL;
    return (x + (0x80u - lo) * ones) & ~(x + (0x7fu - hi) * ones) & 0x80 * ones;
}

/* The count of bytes with their top bit set in m, whose other bits are clear. */
static inline unsigned tu_count_tops(uint64_t m)
{
    return (unsigned)(((m >> 7) * 0x0101010101010101ULL) >> 56);
}

/* Sixty-four bytes of text as bit masks, bit k for byte k: what a
 * tokenizer needs to walk the words by their bits (the analyser's). */
typedef struct tu_block {
    uint64_t word;  /* ASCII letters and digits */
    uint64_t alpha; /* ASCII letters */
    uint64_t lower; /* bit 5 set: of a letter, lower case */
    uint64_t kept;  /* not between words: letters, digits, '.', '!', '?' and bytes >= 0x80 */
    uint64_t joins; /* may join the word before it to what follows: bytes >= 0x80, apostrophes,
                     * and (bits 1-63) a comma or full stop after an ASCII digit */
    char folded[64 + 16]; /* the bytes with A-Z lowered; 16 more, zero, so 16 can be read from any */
} tu_block;

/* Eight top bits (of bytes whose other bits are clear) as the eight low bits. */
static inline uint64_t tu_pack_tops(uint64_t m)
{
    return ((m >> 7) * 0x0102040810204080ULL) >> 56;
}

/* b: the masks and lowered bytes of s[0..64), eight bytes at a time in
 * general registers.  b->folded's last 16 bytes are left as they were. */
static inline void tu_classify64(const char *s, tu_block *b)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x80 * ones;
    uint64_t word = 0, alpha = 0, lower = 0, kept = 0, joins = 0, marks = 0;
    for (unsigned k = 0; k < 64; k += 8) {
        uint64_t x;
        memcpy(&x, s + k, 8);
        uint64_t low = x & 0x7f * ones;
        uint64_t a = tu_bytes_within(low | 0x20 * ones, 'a', 'z') & ~x;
        uint64_t w = a | (tu_bytes_within(low, '0', '9') & ~x);
        uint64_t dot = tu_bytes_equal(x, '.');
        uint64_t stop = dot | tu_bytes_equal(x, '!') | tu_bytes_equal(x, '?');
        word |= tu_pack_tops(w) << k;
        alpha |= tu_pack_tops(a) << k;
        lower |= tu_pack_tops(x << 2 & highs) << k;
        kept |= tu_pack_tops(w | stop | (x & highs)) << k;
        joins |= tu_pack_tops((x & highs) | tu_bytes_equal(x, '\'')) << k;
        marks |= tu_pack_tops(dot | tu_bytes_equal(x, ',')) << k;
        x |= a >> 2;
        memcpy(b->folded + k, &x, 8);
    }
    b->word = word;
    b->alpha = alpha;
    b->lower = lower;
    b->kept = kept;
    b->joins = joins | (marks & (word & ~alpha) << 1);
}

/* tu_classify64 thirty-two bytes at a time where the CPU has AVX2 (asked
 * each call), else tu_classify64. */
void tu_classify64_wide(const char *s, tu_block *b);

/* 1 if s[0..len) starts with the lowercase ASCII word `prefix`, case-insensitively */
int tu_starts_ci(const char *s, size_t len, const char *prefix);

/* How many Chinese ideographs and Japanese kana s[0..len) holds
 * (U+3040..U+30FF, U+3400..U+4DBF, U+4E00..U+9FFF); *unspaced gets, in the
 * same pass, how many letters and marks it holds of the other scripts
 * written without spaces between words: Thai and Lao (U+0E00..U+0EFF),
 * Burmese (U+1000..U+109F), Khmer (U+1780..U+17FF); segment.h's. */
size_t tu_count_cjk(const char *s, size_t len, size_t *unspaced);
/* returns: offset of lowercase ASCII `needle` in s, case-insensitively, or -1 */
long tu_find_ci(const char *s, size_t len, const char *needle);
/* Like tu_find_ci, but the match must start and end at word boundaries. */
long tu_find_word_ci(const char *s, size_t len, const char *needle);
/* Whether cp is a Chinese ideograph or Japanese kana, whose runs segment.c
 * cuts into words by ICU's dictionary (U+3040..U+30FF, U+3400..U+4DBF,
 * U+4E00..U+9FFF, U+F900..U+FAFF). */
static inline int tu_is_cjk(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF);
}
/* Words: maximal runs of letters or digits (any script) with inner ' or - */
size_t tu_count_words(const char *s, size_t len);
/* For tests: tu_count_words a byte at a time, as its ASCII fast path must agree with. */
size_t tu_count_words_bytewise(const char *s, size_t len);
/* dst[0..n) = src[0..n) with A-Z lowercased (tu_lower of each byte) */
void tu_lower_copy(char *dst, const char *src, size_t n);
/* returns: the offset of the first ASCII digit in s[from..n), or n */
size_t tu_find_digit(const char *s, size_t from, size_t n);
/* returns: the offset of the first of two spaces in a row in s[0..n), or n */
size_t tu_find_double_space(const char *s, size_t n);
/* 1 if needle[0..m) occurs in s[0..n) (memmem(...) != NULL): the places
 * of its first and last bytes sixteen at a time, the rest compared there */
int tu_contains(const char *s, size_t n, const char *needle, size_t m);
/* returns: the code point ending at s[len-1] (0 if none); *start set to its offset */
uint32_t tu_last_char(const char *s, size_t len, size_t *start);
int tu_is_wordchar_unicode(uint32_t cp);

/* 1 if the code point is a letter or digit (ASCII inline, then Unicode) */
static inline int tu_is_wordchar(uint32_t cp)
{
    if (cp < 0x80)
        return tu_is_alpha((int)cp) || tu_is_digit((int)cp);
    return tu_is_wordchar_unicode(cp);
}
/* 1 if the code point is an uppercase letter */
int tu_is_upper(uint32_t cp);
/* 1 if the code point is a lowercase letter */
int tu_is_lower(uint32_t cp);
/* 1 if the UTF-8 text s (len bytes) starts with an uppercase letter */
int tu_starts_upper(const char *s, size_t len);

#endif
