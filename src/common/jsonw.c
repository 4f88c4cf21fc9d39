/* jsonw: JSON strings written into a buffer: the plain run of a string is
 * copied a word, or with AVX2 32 bytes, at a time, as every article's text
 * and ids pass through here (the CLI's answers, the store's paragraphs). */
#include <stdio.h>
#include <string.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

#include "common/jsonw.h"

/* Of eight bytes read as a little-endian word: the top bit of the first
 * below 0x20 or equal to '"' or '\\' set (such a byte below 0x80 wraps when
 * 0x20 or one is taken from it; a wrap borrows from the byte above it, so
 * only bytes above the first are false alarms), or none. */
static uint64_t json_special(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x80 * ones;
    uint64_t wraps = (x - 0x20 * ones) | ((x ^ '"' * ones) - ones) | ((x ^ '\\' * ones) - ones);
    return wraps & ~x & highs;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/* Of the 32 bytes at s, copied to `to`: bit k set when byte k is one a
 * JSON string escapes. */
__attribute__((target("avx2"))) static inline unsigned json_special32(char *to, const char *s)
{
    const __m256i below = _mm256_set1_epi8(0x1f), quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\');
    __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)s);
    _mm256_storeu_si256((__m256i *)(void *)to, x);
    /* a byte is below 0x20 when the least of it and 0x1f is itself */
    __m256i special = _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(x, below), x),
                                      _mm256_or_si256(_mm256_cmpeq_epi8(x, quote), _mm256_cmpeq_epi8(x, backslash)));
    return (unsigned)_mm256_movemask_epi8(special);
}

/* json_copy_plain thirty-two bytes at a time in AVX2 registers, for len of
 * 32 or more: the last bytes as the last 32, the ones copied before
 * written again as they were. */
__attribute__((target("avx2"))) static size_t json_copy_plain32(char *to, const char *s, size_t len)
{
    size_t i = 0;
    for (; i + 32 <= len; i += 32) {
        unsigned found = json_special32(to + i, s + i);
        if (found)
            return i + (size_t)__builtin_ctz(found);
    }
    if (i == len)
        return len;
    unsigned found = json_special32(to + len - 32, s + len - 32) >> (i - (len - 32));
    return found ? i + (size_t)__builtin_ctz(found) : len;
}
#define JSON_COPY_AVX2 1
#endif

/* Copies to `to` the bytes s[0..len) starts with that a JSON string holds
 * as they are (none below 0x20, no '"', no '\\'), thirty-two (AVX2), sixteen and eight at a time; `to`
 * has room for len bytes, and the bytes after the run may be written too.
 * returns: how many */
static size_t json_copy_plain(char *to, const char *s, size_t len)
{
    size_t i = 0;
#if defined(JSON_COPY_AVX2)
    if (len >= 32 && __builtin_cpu_supports("avx2"))
        return json_copy_plain32(to, s, len);
#endif
    for (; i + 16 <= len; i += 16) {
        uint64_t x, y;
        memcpy(&x, s + i, 8);
        memcpy(&y, s + i + 8, 8);
        memcpy(to + i, &x, 8);
        memcpy(to + i + 8, &y, 8);
        uint64_t sx = json_special(x), sy = json_special(y);
        if (sx | sy)
            return i + (size_t)(sx ? __builtin_ctzll(sx) : 64 + __builtin_ctzll(sy)) / 8;
    }
    if (i + 8 <= len) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        memcpy(to + i, &x, 8);
        uint64_t sx = json_special(x);
        if (sx)
            return i + (size_t)__builtin_ctzll(sx) / 8;
        i += 8;
    }
    for (; i < len && (unsigned char)s[i] >= 0x20 && s[i] != '"' && s[i] != '\\'; i++)
        to[i] = s[i];
    return i;
}

np_status json_put_string(buf *b, const char *s)
{
    if (!s)
        return buf_append(b, "null", 4);
    size_t len = strlen(s);
    /* room for the quotes and the bytes as they are; each escape asks for more */
    np_status st = buf_reserve(b, len + 2);
    if (st != NP_OK)
        return st;
    b->data[b->len++] = '"';
    for (size_t i = 0;;) {
        size_t run = json_copy_plain(b->data + b->len, s + i, len - i);
        b->len += run;
        i += run;
        if (i == len)
            break;
        unsigned char c = (unsigned char)s[i++];
        char esc[8];
        switch (c) {
        case '"': strcpy(esc, "\\\""); break;
        case '\\': strcpy(esc, "\\\\"); break;
        case '\n': strcpy(esc, "\\n"); break;
        case '\t': strcpy(esc, "\\t"); break;
        case '\r': strcpy(esc, "\\r"); break;
        default: snprintf(esc, sizeof esc, "\\u%04x", c); break;
        }
        size_t n = strlen(esc);
        if ((st = buf_reserve(b, n + (len - i) + 1)) != NP_OK) {
            b->data[b->len] = '\0';
            return st;
        }
        memcpy(b->data + b->len, esc, n);
        b->len += n;
    }
    b->data[b->len++] = '"';
    b->data[b->len] = '\0';
    return NP_OK;
}
