/* needles: a set of short strings found in one pass (needles.h). */
#include "text/needles.h"

#include <string.h>

#include "text/textutil.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NEEDLES_AVX2 1
#endif

/* The window's hash, of NEEDLES_HASH_BITS bits; its slot is the hash's
 * high NEEDLES_SLOT_BITS bits. */
static size_t hash_of(uint32_t window)
{
    return (size_t)((window * 0x9E3779B1u) >> (32 - NEEDLES_HASH_BITS));
}

static int may_be_at(const needle_set *set, uint32_t window)
{
    size_t h = hash_of(window);
    return (int)(set->seen[h / 64] >> (h % 64) & 1);
}

/* How common a byte is in English text, 0 the commonest: a space, then the
 * letters by frequency; digits, punctuation and other bytes after them. */
static unsigned commonness(unsigned char c)
{
    static const char order[] = " etaoinsrhldcumfpgwybvkxjqz";
    const char *at = memchr(order, c, sizeof order - 1);
    return at ? (unsigned)(at - order) : sizeof order;
}

/* Where the string's rarest four bytes start (by commonness: the sum of
 * theirs; the first of equals), n >= 4.  Known by those, a string is asked
 * at fewer places of a text than by its first four ("with", "for ", "this"
 * open common words; "repo" in "with reporting by" is rarer). */
static size_t rarest_window(const char *text, size_t n)
{
    size_t best = 0;
    unsigned best_sum = 0;
    for (size_t o = 0; o + 4 <= n; o++) {
        unsigned sum = 0;
        for (size_t j = 0; j < 4; j++)
            sum += commonness((unsigned char)text[o + j]);
        if (o == 0 || sum > best_sum) {
            best = o;
            best_sum = sum;
        }
    }
    return best;
}

void needles_make(needle_set *set, const char *const *text, size_t count)
{
    memset(set, 0, sizeof *set);
    set->text = text;
    set->count = count;
    for (size_t k = 0; k < count; k++) {
        size_t n = strlen(text[k]);
        set->length[k] = (uint8_t)n;
        if (n < 4) {
            set->short_ones |= 1ull << k;
            continue;
        }
        set->offset[k] = (uint8_t)rarest_window(text[k], n);
        memcpy(&set->window[k], text[k] + set->offset[k], 4);
        size_t h = hash_of(set->window[k]), at = h >> (NEEDLES_HASH_BITS - NEEDLES_SLOT_BITS);
        set->seen[h / 64] |= 1ull << (h % 64);
        set->next[k] = set->slot[at];
        set->slot[at] = (uint8_t)(k + 1);
    }
#if defined(NEEDLES_AVX2)
    set->wide = __builtin_cpu_supports("avx2") != 0;
#endif
}

/* The strings whose window is w at p + i, as a mask; kept out of the
 * scan's loop, which seldom comes here. */
static __attribute__((noinline)) uint64_t strings_at(const needle_set *set, const unsigned char *p, size_t len,
                                                     size_t i, uint32_t w)
{
    uint64_t found = 0;
    for (unsigned k = set->slot[hash_of(w) >> (NEEDLES_HASH_BITS - NEEDLES_SLOT_BITS)]; k; k = set->next[k - 1]) {
        size_t j = k - 1, n = set->length[j], o = set->offset[j];
        if (set->window[j] == w && i >= o && n <= len - (i - o) && memcmp(p + i - o, set->text[j], n) == 0)
            found |= 1ull << j;
    }
    return found;
}

/* needles_find reads four places' windows out of one eight-byte word,
 * which only a little-endian load gives in the order memcpy reads a
 * window; elsewhere each place is read on its own. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NEEDLES_WORDS 1
#else
#define NEEDLES_WORDS 0
#endif

#if defined(NEEDLES_AVX2)
#define AVX2 __attribute__((target("avx2")))

/* Which of eight places may hold a string's window, as bits 0-7: the
 * windows at from[o .. o + 7] (o the bytes of spread's first), spread from
 * sixteen bytes, hashed as hash_of hashes them, their bitmap words gathered
 * and their bits tested together. */
AVX2 static inline unsigned places_maybe(const int *words, const unsigned char *from, __m256i spread)
{
    const __m256i factor = _mm256_set1_epi32((int)0x9E3779B1u);
    __m256i bytes = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)from));
    __m256i h = _mm256_srli_epi32(_mm256_mullo_epi32(_mm256_shuffle_epi8(bytes, spread), factor),
                                  32 - NEEDLES_HASH_BITS);
    __m256i seen = _mm256_i32gather_epi32(words, _mm256_srli_epi32(h, 5), 4);
    __m256i bits = _mm256_and_si256(seen, _mm256_sllv_epi32(_mm256_set1_epi32(1),
                                                            _mm256_and_si256(h, _mm256_set1_epi32(31))));
    if (_mm256_testz_si256(bits, bits))
        return 0;
    __m256i none = _mm256_cmpeq_epi32(bits, _mm256_setzero_si256());
    return ~(unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(none)) & 0xffu;
}

/* The strings at the places of mask m past p + at. */
static uint64_t strings_at_places(const needle_set *set, const unsigned char *p, size_t len, size_t at, unsigned m)
{
    uint64_t found = 0;
    for (; m; m &= m - 1) {
        size_t i = at + (size_t)__builtin_ctz(m);
        uint32_t w;
        memcpy(&w, p + i, 4);
        found |= strings_at(set, p, len, i, w);
    }
    return found;
}

/* needles_find eight places a step, len >= 16; the last steps read the
 * text's last sixteen bytes and may ask a place twice, which the mask
 * of strings found does not see. */
AVX2 static uint64_t find_avx2(const needle_set *set, const unsigned char *p, size_t len)
{
    const __m256i spread = _mm256_setr_epi8(0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6, /* places 0-3 */
                                            4, 5, 6, 7, 5, 6, 7, 8, 6, 7, 8, 9, 7, 8, 9, 10); /* 4-7 */
    const int *words = (const int *)(const void *)set->seen; /* bit h: bit h % 32 of int h / 32 */
    uint64_t found = 0;
    size_t i = 0;
    for (; i + 16 <= len; i += 8) {
        unsigned m = places_maybe(words, p + i, spread);
        if (m)
            found |= strings_at_places(set, p, len, i, m);
    }
    for (; i + 4 <= len; i += 8) {
        if (i > len - 11)
            i = len - 11; /* the last eight places */
        unsigned m = places_maybe(words, p + len - 16, _mm256_add_epi8(spread, _mm256_set1_epi8((char)(i - (len - 16)))));
        if (m)
            found |= strings_at_places(set, p, len, i, m);
    }
    return found;
}
#endif

uint64_t needles_find(const needle_set *set, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    uint64_t found = 0;
    size_t i = 0;
#if defined(NEEDLES_AVX2)
    if (set->wide && len >= 16) {
        found = find_avx2(set, p, len);
        i = len; /* every place asked */
    }
#endif
    /* four places a step, their slots asked together: almost every step
     * finds all four empty and takes one branch the same way */
    for (; NEEDLES_WORDS && i + 8 <= len; i += 4) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        if (may_be_at(set, (uint32_t)x) | may_be_at(set, (uint32_t)(x >> 8)) | may_be_at(set, (uint32_t)(x >> 16)) |
            may_be_at(set, (uint32_t)(x >> 24)))
            for (size_t j = 0; j < 4; j++)
                found |= strings_at(set, p, len, i + j, (uint32_t)(x >> 8 * j));
    }
    for (; i + 4 <= len; i++) {
        uint32_t w;
        memcpy(&w, p + i, 4);
        if (may_be_at(set, w))
            found |= strings_at(set, p, len, i, w);
    }
    for (uint64_t m = set->short_ones; m; m &= m - 1) {
        size_t k = (size_t)__builtin_ctzll(m);
        if (tu_contains(s, len, set->text[k], set->length[k]))
            found |= m & -m;
    }
    return found;
}
