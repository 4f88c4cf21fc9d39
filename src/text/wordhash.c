/* wordhash: the kept short words' hashes, eight or four at a time (wordhash.h). */
#include "text/wordhash.h"

#include <string.h>

#include "common/mul64x4.h"

/* text_word_hash of the word of len bytes (1 to 8) kept in x */
static uint64_t kept_hash(uint64_t x, size_t len)
{
    char bytes[16] = { 0 }; /* as many as text_word_hash's short path may read */
    memcpy(bytes, &x, 8);
    return text_word_hash(bytes, len & 15);
}

#if defined(MUL64X4_AVX2)
/* XXH3_len_1to3_64b and XXH3_len_4to8_64b (seed 0) of four words in the
 * lanes of x, of the lengths in len (1 to 8), both written out in vector
 * steps and each lane given its length's; 0 made 1, as text_word_hash. */
MUL64X4_AVX2 static inline __m256i kept_hash_avx2(__m256i x, __m256i len)
{
    const xxh_u8 *secret = XXH3_kSecret;
    const __m256i bytes = _mm256_set1_epi64x(0xff), halves = _mm256_set1_epi64x(0xffffffff);
    const __m256i one = _mm256_set1_epi64x(1), three = _mm256_set1_epi64x(3);
    /* 1 to 3 bytes: the first, middle and last bytes and the length, keyed, XXH64's avalanche */
    __m256i c1 = _mm256_and_si256(x, bytes);
    __m256i c2 = _mm256_and_si256(_mm256_srlv_epi64(x, _mm256_slli_epi64(_mm256_srli_epi64(len, 1), 3)), bytes);
    __m256i last = _mm256_slli_epi64(_mm256_sub_epi64(len, one), 3);
    __m256i c3 = _mm256_and_si256(_mm256_srlv_epi64(x, last), bytes);
    __m256i combined = _mm256_or_si256(_mm256_or_si256(_mm256_slli_epi64(c1, 16), _mm256_slli_epi64(c2, 24)),
                                       _mm256_or_si256(c3, _mm256_slli_epi64(len, 8)));
    uint64_t flip13 = XXH_readLE32(secret) ^ XXH_readLE32(secret + 4);
    __m256i s = _mm256_xor_si256(combined, _mm256_set1_epi64x((long long)flip13));
    s = _mm256_xor_si256(s, _mm256_srli_epi64(s, 33));
    s = mul64x4_by(s, XXH_PRIME64_2);
    s = _mm256_xor_si256(s, _mm256_srli_epi64(s, 29));
    s = mul64x4_by(s, XXH_PRIME64_3);
    s = _mm256_xor_si256(s, _mm256_srli_epi64(s, 32));
    /* 4 to 8 bytes: the first four bytes over the last four, keyed, rrmxmx */
    __m256i tail = _mm256_and_si256(_mm256_srlv_epi64(x, _mm256_sub_epi64(last, _mm256_set1_epi64x(24))), halves);
    __m256i input64 = _mm256_or_si256(tail, _mm256_slli_epi64(x, 32));
    uint64_t flip48 = XXH_readLE64(secret + 8) ^ XXH_readLE64(secret + 16);
    __m256i h = _mm256_xor_si256(input64, _mm256_set1_epi64x((long long)flip48));
    __m256i rot49 = _mm256_or_si256(_mm256_slli_epi64(h, 49), _mm256_srli_epi64(h, 15));
    __m256i rot24 = _mm256_or_si256(_mm256_slli_epi64(h, 24), _mm256_srli_epi64(h, 40));
    h = mul64x4_by(_mm256_xor_si256(h, _mm256_xor_si256(rot49, rot24)), 0x9FB21C651E98DF25ULL);
    h = _mm256_xor_si256(h, _mm256_add_epi64(_mm256_srli_epi64(h, 35), len));
    h = mul64x4_by(h, 0x9FB21C651E98DF25ULL);
    h = _mm256_xor_si256(h, _mm256_srli_epi64(h, 28));
    h = _mm256_blendv_epi8(s, h, _mm256_cmpgt_epi64(len, three));
    return _mm256_or_si256(h, _mm256_and_si256(_mm256_cmpeq_epi64(h, _mm256_setzero_si256()), one));
}

/* text_word_hash_kept four words at a time; returns: how many it did */
MUL64X4_AVX2 static size_t kept_hashes_avx2(uint64_t *words, const uint8_t *lens, size_t n)
{
    const __m256i eight = _mm256_set1_epi64x(8);
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        uint32_t four;
        memcpy(&four, lens + k, 4);
        __m256i len = _mm256_cvtepu8_epi64(_mm_cvtsi32_si128((int)four));
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(words + k));
        __m256i h = kept_hash_avx2(x, len);
        /* a lane of length 0 or over 8 holds its hash already */
        __m256i done = _mm256_or_si256(_mm256_cmpgt_epi64(len, eight), _mm256_cmpeq_epi64(len, _mm256_setzero_si256()));
        h = _mm256_blendv_epi8(h, x, done);
        _mm256_storeu_si256((__m256i *)(void *)(words + k), h);
    }
    return k;
}

#define WORDHASH_AVX512 __attribute__((target("avx512f,avx512dq")))

/* kept_hash_avx2 in eight lanes: AVX-512 multiplies 64-bit lanes and
 * rotates them itself (the AVX2 steps' emulated products were most of
 * their instructions), and masks pick the lanes */
WORDHASH_AVX512 static inline __m512i kept_hash_avx512(__m512i x, __m512i len)
{
    const xxh_u8 *secret = XXH3_kSecret;
    const __m512i bytes = _mm512_set1_epi64(0xff), halves = _mm512_set1_epi64(0xffffffff);
    const __m512i one = _mm512_set1_epi64(1), three = _mm512_set1_epi64(3);
    __m512i c1 = _mm512_and_si512(x, bytes);
    __m512i c2 = _mm512_and_si512(_mm512_srlv_epi64(x, _mm512_slli_epi64(_mm512_srli_epi64(len, 1), 3)), bytes);
    __m512i last = _mm512_slli_epi64(_mm512_sub_epi64(len, one), 3);
    __m512i c3 = _mm512_and_si512(_mm512_srlv_epi64(x, last), bytes);
    __m512i combined = _mm512_or_si512(_mm512_or_si512(_mm512_slli_epi64(c1, 16), _mm512_slli_epi64(c2, 24)),
                                       _mm512_or_si512(c3, _mm512_slli_epi64(len, 8)));
    uint64_t flip13 = XXH_readLE32(secret) ^ XXH_readLE32(secret + 4);
    __m512i s = _mm512_xor_si512(combined, _mm512_set1_epi64((long long)flip13));
    s = _mm512_xor_si512(s, _mm512_srli_epi64(s, 33));
    s = _mm512_mullo_epi64(s, _mm512_set1_epi64((long long)XXH_PRIME64_2));
    s = _mm512_xor_si512(s, _mm512_srli_epi64(s, 29));
    s = _mm512_mullo_epi64(s, _mm512_set1_epi64((long long)XXH_PRIME64_3));
    s = _mm512_xor_si512(s, _mm512_srli_epi64(s, 32));
    /* a shift by 64 or more (a length under 4: its lane takes s) gives 0, as AVX2's */
    __m512i tail = _mm512_and_si512(_mm512_srlv_epi64(x, _mm512_sub_epi64(last, _mm512_set1_epi64(24))), halves);
    __m512i input64 = _mm512_or_si512(tail, _mm512_slli_epi64(x, 32));
    uint64_t flip48 = XXH_readLE64(secret + 8) ^ XXH_readLE64(secret + 16);
    __m512i h = _mm512_xor_si512(input64, _mm512_set1_epi64((long long)flip48));
    h = _mm512_xor_si512(h, _mm512_xor_si512(_mm512_rol_epi64(h, 49), _mm512_rol_epi64(h, 24)));
    const __m512i rrmxmx = _mm512_set1_epi64((long long)0x9FB21C651E98DF25ULL);
    h = _mm512_mullo_epi64(h, rrmxmx);
    h = _mm512_xor_si512(h, _mm512_add_epi64(_mm512_srli_epi64(h, 35), len));
    h = _mm512_mullo_epi64(h, rrmxmx);
    h = _mm512_xor_si512(h, _mm512_srli_epi64(h, 28));
    h = _mm512_mask_blend_epi64(_mm512_cmpgt_epi64_mask(len, three), s, h);
    return _mm512_mask_or_epi64(h, _mm512_cmpeq_epi64_mask(h, _mm512_setzero_si512()), h, one);
}

/* text_word_hash_kept eight words at a time; returns: how many it did */
WORDHASH_AVX512 static size_t kept_hashes_avx512(uint64_t *words, const uint8_t *lens, size_t n)
{
    const __m512i eight = _mm512_set1_epi64(8);
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m512i len = _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(const void *)(lens + k)));
        __m512i x = _mm512_loadu_si512((const void *)(words + k));
        /* a lane of length 0 or over 8 holds its hash already */
        __mmask8 todo = _mm512_cmple_epu64_mask(len, eight) & _mm512_test_epi64_mask(len, len);
        _mm512_storeu_si512((void *)(words + k), _mm512_mask_mov_epi64(x, todo, kept_hash_avx512(x, len)));
    }
    return k;
}
#endif

/* wordhash.h */
void text_word_hash_kept(uint64_t *words, const uint8_t *lens, size_t n)
{
    size_t k = 0;
#if defined(MUL64X4_AVX2)
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))
        k = kept_hashes_avx512(words, lens, n);
    if (__builtin_cpu_supports("avx2"))
        k += kept_hashes_avx2(words + k, lens + k, n - k);
#endif
    for (; k < n; k++)
        if (lens[k] && lens[k] <= 8)
            words[k] = kept_hash(words[k], lens[k]);
}
