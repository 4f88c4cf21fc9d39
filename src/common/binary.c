/*
 * binary: whether bytes are binary data rather than text, the one rule
 * the cleaner refuses a record by and the reader keeps its id free by.
 *
 * Binary data shows as NUL bytes and control characters (over 5% of the
 * first 64 KiB but tab, line feed, form feed and carriage return); a
 * short run of bytes that is not UTF-8 must also show words.
 */
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define BINARY_AVX2 1
#endif

#include "common/binary.h"
#include "common/buf.h"
#include "common/utf8.h"

#if defined(__SSE2__)
/* Of sixteen bytes: 0xFF where a tab, line feed, form feed or carriage
 * return is. */
static inline __m128i allowed_controls(__m128i x)
{
    return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))),
                        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\f')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));
}
#endif

/* Under SHORT_TEXT bytes, binary data may hold no control byte (8 random
 * bytes have none 40% of the time): there text not in UTF-8 (an 8-bit code
 * page) must also show words, a blank between two visible bytes. */
enum { SHORT_TEXT = 256 };

static int has_words(const char *s, size_t len)
{
    for (size_t i = 1; i + 1 < len; i++) {
        unsigned char before = (unsigned char)s[i - 1], after = (unsigned char)s[i + 1];
        if ((s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') && before > 0x20 && before != 0x7F &&
            after > 0x20 && after != 0x7F)
            return 1;
    }
    return 0;
}

#if defined(BINARY_AVX2)
/* Of 32 bytes: the control bytes but tab, line feed, form feed and
 * carriage return, counted into *bad; returns: 1 if one is a NUL */
__attribute__((target("avx2,popcnt"))) static inline int controls32(__m256i x, size_t *bad)
{
    __m256i low = _mm256_cmpeq_epi8(_mm256_min_epu8(x, _mm256_set1_epi8(0x1f)), x);
    if (!_mm256_movemask_epi8(low))
        return 0;
    if (_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, _mm256_setzero_si256())))
        return 1;
    __m256i allowed = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('\t')), _mm256_cmpeq_epi8(x, _mm256_set1_epi8('\n'))),
        _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('\f')), _mm256_cmpeq_epi8(x, _mm256_set1_epi8('\r'))));
    *bad += (size_t)__builtin_popcount((unsigned)_mm256_movemask_epi8(_mm256_andnot_si256(allowed, low)));
    return 0;
}

/* binary_looks' count of s[0..scan), 64 bytes at a time while 64 are
 * left: past them at once while none is below 0x20 (most text).
 * returns: 1 if a NUL is among them; *at: where it stopped, *bad: the
 * control bytes it counted */
__attribute__((target("avx2,popcnt"))) static int looks_avx2(const char *s, size_t scan, size_t *at, size_t *bad)
{
    const __m256i below = _mm256_set1_epi8(0x1f);
    size_t i = 0;
    for (; i + 64 <= scan; i += 64) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        __m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 32));
        __m256i low = _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(x, below), x),
                                      _mm256_cmpeq_epi8(_mm256_min_epu8(y, below), y));
        if (!_mm256_movemask_epi8(low))
            continue;
        if (controls32(x, bad) || controls32(y, bad))
            return 1;
    }
    *at = i;
    return 0;
}
#endif

/* Binary data shows as NUL bytes and control characters; text has few.
 * One pass: a NUL is a byte below 0x20, so the blocks that hold one are
 * read a byte at a time like those with a control byte. */
int binary_looks(const char *s, size_t len)
{
    size_t scan = len < 65536 ? len : 65536, bad = 0;
    /* the control bytes but tab, line feed, form feed and carriage return,
     * as bits */
    const uint32_t controls = ~(1u << '\t' | 1u << '\n' | 1u << '\f' | 1u << '\r');
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    size_t i = 0;
#if defined(BINARY_AVX2)
    if (scan >= 64 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") && looks_avx2(s, scan, &i, &bad))
        return 1;
#endif
    while (i < scan) {
        uint64_t word, next;
#if defined(__SSE2__)
        /* thirty-two at a time: past them at once while none is below 0x20
         * (most text), else their NULs and other control bytes found in
         * the registers too, not a byte at a time (a line feed every
         * paragraph) */
        if (i + 32 <= scan) {
            const __m128i below = _mm_set1_epi8(0x1f);
            __m128i x = _mm_loadu_si128((const __m128i *)(s + i)), y = _mm_loadu_si128((const __m128i *)(s + i + 16));
            __m128i low_x = _mm_cmpeq_epi8(_mm_min_epu8(x, below), x), low_y = _mm_cmpeq_epi8(_mm_min_epu8(y, below), y);
            i += 32;
            if (!_mm_movemask_epi8(_mm_or_si128(low_x, low_y)))
                continue;
            if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_setzero_si128()),
                                               _mm_cmpeq_epi8(y, _mm_setzero_si128()))))
                return 1;
            /* a control byte but the four allowed: 1 in its byte, two
             * blocks' summed, then all sixteen */
            __m128i one = _mm_set1_epi8(1);
            __m128i bad_x = _mm_and_si128(_mm_andnot_si128(allowed_controls(x), low_x), one);
            __m128i bad_y = _mm_and_si128(_mm_andnot_si128(allowed_controls(y), low_y), one);
            __m128i sums = _mm_sad_epu8(_mm_add_epi8(bad_x, bad_y), _mm_setzero_si128());
            bad += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
            continue;
        }
#endif
        /* sixteen, then eight bytes at a time while none is below 0x20
         * (most text); a byte below 0x20 always raises its top bit here */
        if (i + 16 <= scan) {
            memcpy(&word, s + i, 8);
            memcpy(&next, s + i + 8, 8);
            if (!((((word - 0x20 * ones) & ~word) | ((next - 0x20 * ones) & ~next)) & highs)) {
                i += 16;
                continue;
            }
        }
        if (i + 8 <= scan) {
            memcpy(&word, s + i, 8);
            if (!((word - 0x20 * ones) & ~word & highs)) {
                i += 8;
                continue;
            }
        }
        for (size_t end = i + 8 < scan ? i + 8 : scan; i < end; i++) {
            unsigned char ch = (unsigned char)s[i];
            if (ch == 0)
                return 1;
            if (ch < 0x20)
                bad += (controls >> ch) & 1;
        }
    }
    if (bad * 20 > scan) /* over 5% control bytes */
        return 1;
    return len < SHORT_TEXT && !utf8_valid(s, len) && !has_words(s, len);
}

int binary_utf16_bom(const char *s, size_t len)
{
    const unsigned char *bom = (const unsigned char *)s;
    if (len < 2)
        return 0;
    return bom[0] == 0xFF && bom[1] == 0xFE ? 1 : bom[0] == 0xFE && bom[1] == 0xFF ? 2 : 0;
}

int binary_looks_utf16(const np_allocator *allocator, const char *s, size_t len, int big_endian)
{
    /* binary_looks reads the first 64 KiB of a text at or over SHORT_TEXT
     * bytes: as many UTF-16 units make that many bytes of UTF-8 at least
     * (a surrogate pair cut at the end gives U+FFFD, no control byte
     * either), so the rest need not be decoded */
    size_t units = len / 2 > 65536 ? 65536 : len / 2;
    buf decoded;
    buf_init(&decoded, allocator);
    int looks = -1;
    if (utf8_from_utf16(&decoded, s, units * 2, big_endian) == NP_OK)
        looks = binary_looks(decoded.data ? decoded.data : "", decoded.len);
    buf_free(&decoded);
    return looks;
}
