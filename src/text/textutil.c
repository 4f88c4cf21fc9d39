/* textutil: ASCII-cased matching and word counting over UTF-8. */
#include "text/textutil.h"

#include <string.h>

#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define COUNT_WORDS_AVX2 1
#define AVX2 __attribute__((target("avx2")))
#endif

#include "common/utf8.h"

/* The eight-byte scans below read a word's first byte as its lowest. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "textutil reads eight bytes at a time as a little-endian word"
#endif

size_t tu_count_cjk(const char *s, size_t len, size_t *unspaced)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0, u = 0;
    for (size_t i = 0; i + 2 < len; i++) {
        if (p[i] < 0xE0 || p[i] > 0xE9 || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80)
            continue;
        uint32_t cp = (uint32_t)(p[i] & 0x0F) << 12 | (uint32_t)(p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F);
        n += (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF);
        u += (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) || (cp >= 0x1780 && cp <= 0x17FF);
        i += 2;
    }
    *unspaced = u;
    return n;
}

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

int tu_starts_upper(const char *s, size_t len)
{
    if (!len)
        return 0;
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    uint32_t cp;
    return utf8_decode_any((const unsigned char *)s, len, &cp) && tu_is_upper(cp);
}

int tu_is_lower(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

#if defined(COUNT_WORDS_AVX2)
/* tu_lower_copy thirty-two bytes at a time; returns: how many it copied */
AVX2 static size_t lower_copy32(char *dst, const char *src, size_t n)
{
    const __m256i a_1 = _mm256_set1_epi8('A' - 1), z1 = _mm256_set1_epi8('Z' + 1), case_bit = _mm256_set1_epi8(0x20);
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(src + i));
        __m256i upper = _mm256_and_si256(_mm256_cmpgt_epi8(x, a_1), _mm256_cmpgt_epi8(z1, x));
        _mm256_storeu_si256((__m256i *)(void *)(dst + i), _mm256_or_si256(x, _mm256_and_si256(upper, case_bit)));
    }
    return i;
}

/* tu_find_double_space's first blocks of thirty-two places; returns: a
 * place before which no two spaces start (the first pair, or where it
 * stopped looking) */
AVX2 static size_t find_double_space32(const char *s, size_t n)
{
    const __m256i space = _mm256_set1_epi8(' ');
    size_t i = 0;
    for (; i + 33 <= n; i += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        __m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 1));
        unsigned pairs = (unsigned)_mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(x, space),
                                                                         _mm256_cmpeq_epi8(y, space)));
        if (pairs)
            return i + (size_t)__builtin_ctz(pairs);
    }
    return i;
}
#endif

void tu_lower_copy(char *dst, const char *src, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL;
    size_t i = 0;
#if defined(COUNT_WORDS_AVX2)
    if (n >= 32 && __builtin_cpu_supports("avx2"))
        i = lower_copy32(dst, src, n);
#endif
#if defined(__SSE2__)
    /* sixteen at a time: A-Z get bit 5 (bytes of 0x80 and over compare
     * as negative, below 'A') */
    const __m128i a_1 = _mm_set1_epi8('A' - 1), z1 = _mm_set1_epi8('Z' + 1), case_bit = _mm_set1_epi8(0x20);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(src + i));
        __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(x, a_1), _mm_cmplt_epi8(x, z1));
        _mm_storeu_si128((__m128i *)(dst + i), _mm_or_si128(x, _mm_and_si128(upper, case_bit)));
    }
#endif
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
#if defined(__SSE2__)
    /* sixteen at a time: a digit is one where (byte - '0') ^ 0x80, signed,
     * is below 10 - 128 */
    const __m128i from_0 = _mm_set1_epi8((char)(0x80 + '0')), ten = _mm_set1_epi8(10 - 128);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        unsigned found = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(_mm_sub_epi8(x, from_0), ten));
        if (found)
            return i + (size_t)__builtin_ctz(found);
    }
#endif
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
#if defined(COUNT_WORDS_AVX2)
    /* what is left (a pair it found, too) found by the loops below */
    if (n >= 33 && __builtin_cpu_supports("avx2"))
        i = find_double_space32(s, n);
#endif
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(' ');
    for (; i + 17 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i)), y = _mm_loadu_si128((const __m128i *)(s + i + 1));
        unsigned pairs = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(x, space), _mm_cmpeq_epi8(y, space)));
        if (pairs)
            return i + (size_t)__builtin_ctz(pairs);
    }
#endif
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

#if defined(COUNT_WORDS_AVX2)
/* Of the 32 places from s + i: bit k set when the bytes at place i + k and
 * at i + k + m - 1 are needle's first and last, given as first and last. */
AVX2 static inline unsigned places32(const char *s, size_t i, size_t m, __m256i first, __m256i last)
{
    __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
    __m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(s + i + m - 1));
    return (unsigned)_mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(x, first), _mm256_cmpeq_epi8(y, last)));
}

/* tu_contains of `places` (32 or more) places, 32 at a time in AVX2
 * registers: the last of them as the last 32, those asked before taken
 * out of its bits. */
AVX2 static int contains32(const char *s, size_t places, const char *needle, size_t m)
{
    const __m256i first = _mm256_set1_epi8(needle[0]), last = _mm256_set1_epi8(needle[m - 1]);
    size_t i = 0;
    for (; i + 32 <= places; i += 32)
        for (unsigned at = places32(s, i, m, first, last); at; at &= at - 1)
            if (memcmp(s + i + (size_t)__builtin_ctz(at), needle, m) == 0)
                return 1;
    if (i == places)
        return 0;
    for (unsigned at = places32(s, places - 32, m, first, last) >> (i - (places - 32)); at; at &= at - 1)
        if (memcmp(s + i + (size_t)__builtin_ctz(at), needle, m) == 0)
            return 1;
    return 0;
}
#endif

int tu_contains(const char *s, size_t n, const char *needle, size_t m)
{
    if (m == 0 || m > n)
        return m == 0;
    size_t i = 0, places = n - m + 1; /* where needle can start */
#if defined(COUNT_WORDS_AVX2)
    if (places >= 32 && __builtin_cpu_supports("avx2"))
        return contains32(s, places, needle, m);
#endif
#if defined(__SSE2__)
    /* a block's sixteen places at once: those whose first and last bytes
     * are needle's (the last ones read from s + m - 1 on, in bounds while
     * sixteen places remain) */
    const __m128i first = _mm_set1_epi8(needle[0]), last = _mm_set1_epi8(needle[m - 1]);
    for (; i + 16 <= places; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i)), y = _mm_loadu_si128((const __m128i *)(s + i + m - 1));
        unsigned at = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(x, first), _mm_cmpeq_epi8(y, last)));
        for (; at; at &= at - 1)
            if (memcmp(s + i + (size_t)__builtin_ctz(at), needle, m) == 0)
                return 1;
    }
#endif
    for (; i < places; i++)
        if (s[i] == needle[0] && s[i + m - 1] == needle[m - 1] && memcmp(s + i, needle, m) == 0)
            return 1;
    return 0;
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

/* Whether the bytes from p[i] go on a word, after a wide block whose last
 * two bytes are letters or digits as last_words' two bits say (the last
 * the higher) and whose last is a joiner as last_joiner says: the bytes
 * after a joiner go on its word only if a letter or digit follows. */
static inline int in_word_after(int last_words, int last_joiner, const unsigned char *p, size_t i, size_t len)
{
    return (last_words >> 1) | (last_joiner & last_words & 1 & (i < len && ascii_wordchar(p[i])));
}

#if defined(__SSE2__)
/* The sum of the 16 bytes of acc. */
static size_t sum_bytes(__m128i acc)
{
    __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
    return (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
}

/* What ascii_block_starts does, sixteen bytes at a time in SSE2 registers
 * from p[*at] while sixteen are left and all are ASCII: the words that
 * start there, *at moved past them and *in_word as the wide loop of
 * count_words leaves it.  Bytes are marked 0xFF in the masks; a start is
 * a letter or digit with none before it and no joiner after one. */
static size_t count_words16(const unsigned char *p, size_t len, size_t *at, int *in_word)
{
    const __m128i zero = _mm_setzero_si128();
    /* a byte is within [lo, lo + n) when (byte - lo) ^ 0x80, signed, is
     * below n - 128: one subtraction and one comparison */
    const __m128i from_a = _mm_set1_epi8((char)(0x80 + 'a')), letters = _mm_set1_epi8(26 - 128);
    const __m128i from_0 = _mm_set1_epi8((char)(0x80 + '0')), ten = _mm_set1_epi8(10 - 128);
    const __m128i case_bit = _mm_set1_epi8(0x20);
    const __m128i quote = _mm_set1_epi8('\''), hyphen = _mm_set1_epi8('-');
    /* the sixteen bytes before: only the last is read, as in_word says */
    __m128i word_before = *in_word ? _mm_slli_si128(_mm_set1_epi8(-1), 15) : zero, joiner_before = zero;
    __m128i counts = zero;
    size_t i = *at, words = 0;
    unsigned blocks = 0;
    while (i + 16 <= len) {
        __m128i x = _mm_loadu_si128((const __m128i *)(p + i));
        if (_mm_movemask_epi8(x))
            break; /* a byte of 0x80 or over: decoded elsewhere */
        __m128i alpha = _mm_cmplt_epi8(_mm_sub_epi8(_mm_or_si128(x, case_bit), from_a), letters);
        __m128i word = _mm_or_si128(alpha, _mm_cmplt_epi8(_mm_sub_epi8(x, from_0), ten));
        __m128i joiner = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, hyphen));
        __m128i word1 = _mm_or_si128(_mm_slli_si128(word, 1), _mm_srli_si128(word_before, 15));
        __m128i word2 = _mm_or_si128(_mm_slli_si128(word, 2), _mm_srli_si128(word_before, 14));
        __m128i joiner1 = _mm_or_si128(_mm_slli_si128(joiner, 1), _mm_srli_si128(joiner_before, 15));
        __m128i starts = _mm_andnot_si128(_mm_or_si128(word1, _mm_and_si128(joiner1, word2)), word);
        counts = _mm_sub_epi8(counts, starts); /* a start is -1 */
        word_before = word;
        joiner_before = joiner;
        i += 16;
        if (++blocks == 255) { /* before a byte of counts can wrap */
            words += sum_bytes(counts);
            counts = zero;
            blocks = 0;
        }
    }
    if (i == *at)
        return 0;
    words += sum_bytes(counts);
    *in_word = in_word_after(_mm_movemask_epi8(word_before) >> 14, _mm_movemask_epi8(joiner_before) >> 15, p, i, len);
    *at = i;
    return words;
}
#endif

#if defined(COUNT_WORDS_AVX2)
/* The sum of the 32 bytes of acc. */
AVX2 static size_t sum_bytes32(__m256i acc)
{
    __m256i sums = _mm256_sad_epu8(acc, _mm256_setzero_si256());
    __m128i halves = _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
    return (size_t)_mm_cvtsi128_si64(halves) + (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(halves, halves));
}

/* count_words16 thirty-two bytes at a time in AVX2 registers, while
 * thirty-two are left and all are ASCII.  A shift by a byte or two across
 * the register's two halves: the bytes before, as the upper half of the
 * last block and the lower half of this one put side by side, aligned. */
AVX2 static size_t count_words32(const unsigned char *p, size_t len, size_t *at, int *in_word)
{
    const __m256i zero = _mm256_setzero_si256();
    const __m256i from_a = _mm256_set1_epi8((char)(0x80 + 'a')), letters = _mm256_set1_epi8(26 - 128);
    const __m256i from_0 = _mm256_set1_epi8((char)(0x80 + '0')), ten = _mm256_set1_epi8(10 - 128);
    const __m256i case_bit = _mm256_set1_epi8(0x20);
    const __m256i quote = _mm256_set1_epi8('\''), hyphen = _mm256_set1_epi8('-');
    /* the thirty-two bytes before: only the last is read, as in_word says */
    __m256i word_before = *in_word ? _mm256_set_epi64x((long long)0xff00000000000000ULL, 0, 0, 0) : zero;
    __m256i joiner_before = zero, counts = zero;
    size_t i = *at, words = 0;
    unsigned blocks = 0;
    while (i + 32 <= len) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(p + i));
        if (_mm256_movemask_epi8(x))
            break; /* a byte of 0x80 or over: decoded elsewhere */
        __m256i alpha = _mm256_cmpgt_epi8(letters, _mm256_sub_epi8(_mm256_or_si256(x, case_bit), from_a));
        __m256i word = _mm256_or_si256(alpha, _mm256_cmpgt_epi8(ten, _mm256_sub_epi8(x, from_0)));
        __m256i joiner = _mm256_or_si256(_mm256_cmpeq_epi8(x, quote), _mm256_cmpeq_epi8(x, hyphen));
        __m256i word_halves = _mm256_permute2x128_si256(word_before, word, 0x21);
        __m256i joiner_halves = _mm256_permute2x128_si256(joiner_before, joiner, 0x21);
        __m256i word1 = _mm256_alignr_epi8(word, word_halves, 15);
        __m256i word2 = _mm256_alignr_epi8(word, word_halves, 14);
        __m256i joiner1 = _mm256_alignr_epi8(joiner, joiner_halves, 15);
        __m256i starts = _mm256_andnot_si256(_mm256_or_si256(word1, _mm256_and_si256(joiner1, word2)), word);
        counts = _mm256_sub_epi8(counts, starts); /* a start is -1 */
        word_before = word;
        joiner_before = joiner;
        i += 32;
        if (++blocks == 255) { /* before a byte of counts can wrap */
            words += sum_bytes32(counts);
            counts = zero;
            blocks = 0;
        }
    }
    if (i == *at)
        return 0;
    words += sum_bytes32(counts);
    unsigned word_bits = (unsigned)_mm256_movemask_epi8(word_before);
    unsigned joiner_bits = (unsigned)_mm256_movemask_epi8(joiner_before);
    if (i < len && i + 32 > len) {
        /* the last bytes, fewer than 32, as the last 32 of the text: their
         * masks shifted to start at the byte before the two last read
         * (bits 0 and 1, from the block before), so that a start is a
         * word byte with no word byte before it, and no joiner after one */
        const __m256i x = _mm256_loadu_si256((const __m256i *)(p + len - 32));
        unsigned skip = (unsigned)(i - (len - 32)); /* 1 to 31 */
        if (!((unsigned)_mm256_movemask_epi8(x) >> skip)) {
            __m256i alpha = _mm256_cmpgt_epi8(letters, _mm256_sub_epi8(_mm256_or_si256(x, case_bit), from_a));
            __m256i word = _mm256_or_si256(alpha, _mm256_cmpgt_epi8(ten, _mm256_sub_epi8(x, from_0)));
            __m256i joiner = _mm256_or_si256(_mm256_cmpeq_epi8(x, quote), _mm256_cmpeq_epi8(x, hyphen));
            uint64_t w = (uint64_t)((unsigned)_mm256_movemask_epi8(word) >> skip) << 2 | word_bits >> 30;
            uint64_t j = (uint64_t)((unsigned)_mm256_movemask_epi8(joiner) >> skip) << 2 | joiner_bits >> 30;
            uint64_t starts = w & ~(w << 1 | (j << 1 & w << 2)) & ~(uint64_t)3;
            words += (size_t)__builtin_popcountll(starts);
            *in_word = (int)(w >> (len - i + 1) & 1);
            *at = len;
            return words;
        }
    }
    *in_word = in_word_after((int)(word_bits >> 30), (int)(joiner_bits >> 31), p, i, len);
    *at = i;
    return words;
}
#endif

#if defined(COUNT_WORDS_AVX2)
#define AVX512BW __attribute__((target("avx512f,avx512bw,popcnt,bmi")))

/* count_words16 sixty-four bytes at a time in AVX-512 registers, to the
 * text's end (the last block loaded under a mask) or its first byte of
 * 0x80 or over: each block's word, joiner and start bytes as bit masks,
 * the bytes before it carried in the top bits of the last block's (bit
 * 63 the byte just before).  A line of the cleaner takes one or a few
 * blocks, where count_words32 took its 32-byte blocks and then its tail
 * (tu_count_words of g20000's 189,084 lines in a harness: 9.1-10.7 ms a
 * pass by count_words32, 7.1-8.4 ms by count_words64). */
AVX512BW static size_t count_words64(const unsigned char *p, size_t len, size_t *at, int *in_word)
{
    const __m512i case_bit = _mm512_set1_epi8(0x20), from_a = _mm512_set1_epi8('a');
    const __m512i from_0 = _mm512_set1_epi8('0'), quote = _mm512_set1_epi8('\''), hyphen = _mm512_set1_epi8('-');
    const __m512i letters = _mm512_set1_epi8(26), ten = _mm512_set1_epi8(10);
    uint64_t word_before = (uint64_t)(*in_word != 0) << 63, joiner_before = 0;
    size_t i = *at, words = 0;
    while (i < len) {
        size_t n = len - i < 64 ? len - i : 64;
        uint64_t live = n == 64 ? ~0ull : (1ull << n) - 1;
        __m512i x = _mm512_maskz_loadu_epi8(live, p + i);
        uint64_t high = _mm512_movepi8_mask(x) & live;
        /* the bytes before the first of 0x80 or over: decoded elsewhere */
        size_t taken = high ? (size_t)__builtin_ctzll(high) : n;
        if (!taken)
            break;
        uint64_t kept = taken == 64 ? ~0ull : (1ull << taken) - 1;
        uint64_t alpha = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(x, case_bit), from_a), letters);
        uint64_t word = (alpha | _mm512_cmplt_epu8_mask(_mm512_sub_epi8(x, from_0), ten)) & kept;
        uint64_t joiner = (_mm512_cmpeq_epi8_mask(x, quote) | _mm512_cmpeq_epi8_mask(x, hyphen)) & kept;
        uint64_t word1 = word << 1 | word_before >> 63, word2 = word << 2 | word_before >> 62;
        uint64_t joiner1 = joiner << 1 | joiner_before >> 63;
        words += (size_t)__builtin_popcountll(word & ~(word1 | (joiner1 & word2)));
        i += taken;
        if (taken == 64) {
            word_before = word;
            joiner_before = joiner;
            continue;
        }
        word_before = word << (64 - taken) | word_before >> taken;
        joiner_before = joiner << (64 - taken) | joiner_before >> taken;
        break;
    }
    if (i == *at)
        return 0;
    *in_word = in_word_after((int)(word_before >> 62), (int)(joiner_before >> 63), p, i, len);
    *at = i;
    return words;
}

/* tu_classify64's masks of 32 bytes (w, a, l, k: word, alpha, lower,
 * kept; j: bytes >= 0x80 and apostrophes, m: commas and full stops) and
 * their lowered bytes, stored at folded. */
AVX2 static inline __attribute__((always_inline)) void classify32_avx2(const char *s, char *folded, uint32_t *w,
                                                                      uint32_t *a, uint32_t *l, uint32_t *k,
                                                                      uint32_t *j, uint32_t *m)
{
    const __m256i case_bit = _mm256_set1_epi8(0x20);
    __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)s);
    __m256i low = _mm256_or_si256(x, case_bit); /* signed: bytes >= 0x80 stay below 'a' */
    __m256i alpha = _mm256_and_si256(_mm256_cmpgt_epi8(low, _mm256_set1_epi8('a' - 1)),
                                     _mm256_cmpgt_epi8(_mm256_set1_epi8('z' + 1), low));
    __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(x, _mm256_set1_epi8('0' - 1)),
                                     _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), x));
    __m256i word = _mm256_or_si256(alpha, digit);
    __m256i dot = _mm256_cmpeq_epi8(x, _mm256_set1_epi8('.'));
    __m256i stop = _mm256_or_si256(_mm256_or_si256(dot, _mm256_cmpeq_epi8(x, _mm256_set1_epi8('!'))),
                                   _mm256_cmpeq_epi8(x, _mm256_set1_epi8('?')));
    *j = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(x, _mm256_cmpeq_epi8(x, _mm256_set1_epi8('\''))));
    *m = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(dot, _mm256_cmpeq_epi8(x, _mm256_set1_epi8(','))));
    *w = (uint32_t)_mm256_movemask_epi8(word);
    *a = (uint32_t)_mm256_movemask_epi8(alpha);
    *l = (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(x, 2));
    *k = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(word, stop), x));
    _mm256_storeu_si256((__m256i *)(void *)folded, _mm256_or_si256(x, _mm256_and_si256(alpha, case_bit)));
}

/* tu_classify64 in two 32-byte halves, written out (a loop of two kept
 * its masks in memory and joined them by shuffles). */
AVX2 static void classify64_avx2(const char *s, tu_block *b)
{
    uint32_t w0, a0, l0, k0, j0, m0, w1, a1, l1, k1, j1, m1;
    classify32_avx2(s, b->folded, &w0, &a0, &l0, &k0, &j0, &m0);
    classify32_avx2(s + 32, b->folded + 32, &w1, &a1, &l1, &k1, &j1, &m1);
    uint64_t word = w0 | (uint64_t)w1 << 32, alpha = a0 | (uint64_t)a1 << 32;
    b->word = word;
    b->alpha = alpha;
    b->lower = l0 | (uint64_t)l1 << 32;
    b->kept = k0 | (uint64_t)k1 << 32;
    b->joins = (j0 | (uint64_t)j1 << 32) | ((m0 | (uint64_t)m1 << 32) & (word & ~alpha) << 1);
}
#endif

/* Out of line, so that tu_classify64_wide's AVX2 path saves no registers. */
static __attribute__((noinline)) void classify64_portable(const char *s, tu_block *b)
{
    tu_classify64(s, b);
}

void tu_classify64_wide(const char *s, tu_block *b)
{
#if defined(COUNT_WORDS_AVX2)
    if (__builtin_cpu_supports("avx2")) {
        classify64_avx2(s, b);
        return;
    }
#endif
    classify64_portable(s, b);
}

/* tu_count_words; sixteen or eight ASCII bytes at a time when `wide`. */
static inline __attribute__((always_inline)) size_t count_words(const char *s, size_t len, int wide)
{
    const unsigned char *p = (const unsigned char *)s;
    const uint64_t highs = 0x8080808080808080ULL;
    size_t words = 0, i = 0;
    int in_word = 0;
    while (i < len) {
        uint64_t x;
        if (wide && i + 8 <= len && (memcpy(&x, p + i, 8), !(x & highs))) {
            size_t from = i;
#if defined(COUNT_WORDS_AVX2)
            if (__builtin_cpu_supports("avx512bw")) {
                words += count_words64(p, len, &i, &in_word);
                if (i != from)
                    continue; /* a byte of 0x80 or over, or the end */
            }
            if (i + 32 <= len && __builtin_cpu_supports("avx2")) {
                words += count_words32(p, len, &i, &in_word);
                if (i != from)
                    continue; /* what is left: sixteen, eight bytes, or bytes */
            }
#endif
#if defined(__SSE2__)
            words += count_words16(p, len, &i, &in_word);
            if (i != from)
                continue; /* what is left: the eight-byte blocks, or bytes */
#endif
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
