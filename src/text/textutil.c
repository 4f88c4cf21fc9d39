/* textutil: ASCII-cased matching and word counting over UTF-8. */
#include "text/textutil.h"

#include <string.h>

#include <utf8proc.h>

#include "common/utf8.h"

/* The eight-byte scans below read a word's first byte as its lowest. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "textutil reads eight bytes at a time as a little-endian word"
#endif

int tu_starts_ci(const char *s, size_t len, const char *prefix)
{
    size_t i = 0;
    for (; prefix[i]; i++)
        if (i >= len || tu_lower((unsigned char)s[i]) != (unsigned char)prefix[i])
            return 0;
    return 1;
}

long tu_find_ci(const char *s, size_t len, const char *needle)
{
    size_t n = 0;
    while (needle[n])
        n++;
    if (n == 0 || n > len)
        return n == 0 ? 0 : -1;
    int first = (unsigned char)needle[0];
    for (size_t i = 0; i + n <= len; i++) {
        if (tu_lower((unsigned char)s[i]) != first)
            continue;
        size_t j = 1;
        while (j < n && tu_lower((unsigned char)s[i + j]) == (unsigned char)needle[j])
            j++;
        if (j == n)
            return (long)i;
    }
    return -1;
}

static int ascii_wordchar(unsigned char c)
{
    return tu_is_alpha(c) || tu_is_digit(c);
}

long tu_find_word_ci(const char *s, size_t len, const char *needle)
{
    size_t n = 0;
    while (needle[n])
        n++;
    size_t from = 0;
    while (from < len) {
        long at = tu_find_ci(s + from, len - from, needle);
        if (at < 0)
            return -1;
        size_t i = from + (size_t)at;
        int left_ok = i == 0 || !ascii_wordchar((unsigned char)s[i - 1]);
        int right_ok = i + n >= len || !ascii_wordchar((unsigned char)s[i + n]) ||
                       !ascii_wordchar((unsigned char)needle[n - 1]);
        if (left_ok && right_ok)
            return (long)i;
        from = i + 1;
    }
    return -1;
}

int tu_is_wordchar_unicode(uint32_t cp)
{
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
           c == UTF8PROC_CATEGORY_ND || c == UTF8PROC_CATEGORY_NL || c == UTF8PROC_CATEGORY_NO;
}

int tu_is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int tu_is_lower(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

void tu_lower_copy(char *dst, const char *src, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, src + i, 8);
        /* A-Z among the bytes below 0x80 get bit 5 */
        uint64_t upper = tu_bytes_within(x & 0x7f * ones, 'A', 'Z') & ~x;
        x |= upper >> 2;
        memcpy(dst + i, &x, 8);
    }
    for (; i < n; i++)
        dst[i] = (char)tu_lower((unsigned char)src[i]);
}

size_t tu_find_digit(const char *s, size_t from, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL;
    size_t i = from;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        /* 0-9 among the bytes below 0x80 */
        uint64_t digits = tu_bytes_within(x & 0x7f * ones, '0', '9') & ~x;
        if (digits)
            return i + (size_t)__builtin_ctzll(digits) / 8;
    }
    for (; i < n; i++)
        if (tu_is_digit((unsigned char)s[i]))
            return i;
    return n;
}

size_t tu_find_double_space(const char *s, size_t n)
{
    size_t i = 0;
    /* the bytes at i.. and the bytes after them, eight pairs at a time */
    for (; i + 9 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, s + i, 8);
        memcpy(&y, s + i + 1, 8);
        uint64_t pairs = tu_bytes_equal(x, ' ') & tu_bytes_equal(y, ' ');
        if (pairs)
            return i + (size_t)__builtin_ctzll(pairs) / 8;
    }
    for (; i + 1 < n; i++)
        if (s[i] == ' ' && s[i + 1] == ' ')
            return i;
    return n;
}

/* Of eight ASCII bytes: the top bit of each letter or digit. */
static uint64_t ascii_word_bytes(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL;
    return tu_bytes_within(x | 0x20 * ones, 'a', 'z') | tu_bytes_within(x, '0', '9');
}

/* Of eight ASCII bytes: the top bit of each ' or -. */
static uint64_t ascii_joiner_bytes(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x80 * ones;
    uint64_t quote = x ^ '\'' * ones, hyphen = x ^ '-' * ones;
    return ~(((quote + 0x7f * ones) & (hyphen + 0x7f * ones)) | ~highs);
}

/* The words that start in the eight ASCII bytes x, as a 1 in the low bit of
 * each byte where one starts: what the byte loop of count_words gives, a
 * word starts at a letter or digit unless the byte before is one, or is '
 * or - with one before it.  *word and *joiner: those bytes of the eight
 * before x (ascii_word_bytes, ascii_joiner_bytes), then of x. */
static inline uint64_t ascii_block_starts(uint64_t x, uint64_t *word, uint64_t *joiner)
{
    uint64_t w = ascii_word_bytes(x), j = ascii_joiner_bytes(x);
    uint64_t not_start = w << 8 | *word >> 56, joiners = j << 8 | *joiner >> 56;
    /* most blocks have no joiner */
    if (joiners)
        not_start |= joiners & (w << 16 | *word >> 48);
    *word = w;
    *joiner = j;
    return (w & ~not_start) >> 7;
}

/* tu_count_words; eight ASCII bytes at a time when `wide`. */
static size_t count_words(const char *s, size_t len, int wide)
{
    const unsigned char *p = (const unsigned char *)s;
    const uint64_t highs = 0x8080808080808080ULL;
    size_t words = 0, i = 0;
    int in_word = 0;
    while (i < len) {
        uint64_t x;
        if (wide && i + 8 <= len && (memcpy(&x, p + i, 8), !(x & highs))) {
            /* the bytes before each block of eight are the last block's;
             * before the first, what in_word says of them */
            uint64_t word = (uint64_t)(in_word != 0) << 63, joiner = 0;
            do {
                uint64_t starts = ascii_block_starts(x, &word, &joiner);
                i += 8;
                /* a second block when there is one: the starts of both
                 * summed a byte each before they are counted */
                if (i + 8 <= len && (memcpy(&x, p + i, 8), !(x & highs))) {
                    starts += ascii_block_starts(x, &word, &joiner);
                    i += 8;
                }
                words += (size_t)((starts * 0x0101010101010101ULL) >> 56);
            } while (i + 8 <= len && (memcpy(&x, p + i, 8), !(x & highs)));
            /* the bytes after a joiner go on its word only if a letter or
             * digit follows */
            in_word = (int)(word >> 63) |
                      ((int)(joiner >> 63) & (int)(word >> 55 & 1) & (i < len && ascii_wordchar(p[i])));
            continue;
        }
        /* plain ASCII: the common case, no decoding; a word's letters and
         * digits in one run */
        if (p[i] < 0x80 && ascii_wordchar(p[i])) {
            words += !in_word;
            in_word = 1;
            for (i++; i < len && ascii_wordchar(p[i]); i++)
                ;
            continue;
        }
        if (p[i] < 0x80) {
            if (!(in_word && (p[i] == '\'' || p[i] == '-') && i + 1 < len && ascii_wordchar(p[i + 1])))
                in_word = 0;
            i++;
            continue;
        }
        uint32_t cp = p[i];
        size_t n = 1;
        if (cp >= 0x80 && !(n = utf8_decode(p + i, len - i, &cp))) {
            n = 1;
            cp = 0xFFFD;
        }
        if (tu_is_wordchar(cp)) {
            if (!in_word)
                words++;
            in_word = 1;
        } else if (!(in_word && (cp == '\'' || cp == '-' || cp == 0x2019) && i + n < len &&
                     ascii_wordchar(p[i + n]))) {
            in_word = 0;
        }
        i += n;
    }
    return words;
}

size_t tu_count_words(const char *s, size_t len)
{
    return count_words(s, len, 1);
}

size_t tu_count_words_bytewise(const char *s, size_t len)
{
    return count_words(s, len, 0);
}

uint32_t tu_last_char(const char *s, size_t len, size_t *start)
{
    if (len == 0) {
        *start = 0;
        return 0;
    }
    size_t i = len - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && len - i < 4)
        i--;
    uint32_t cp;
    if (!utf8_decode((const unsigned char *)s + i, len - i, &cp)) {
        i = len - 1;
        cp = (unsigned char)s[i];
    }
    *start = i;
    return cp;
}
