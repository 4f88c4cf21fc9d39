/* minhash: one-permutation MinHash with optimal densification. */
#include "common/radix.h"
#include "common/sort.h"
#include "dedup/minhash.h"

#include <stdlib.h>
#include <string.h>

static uint64_t shingle_hash(const uint64_t *words, size_t width)
{
    /* order-dependent combination of the shingle's word hashes */
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (size_t w = 0; w < width; w++)
        h = minhash_mix64(h ^ words[w]) + w;
    return minhash_mix64(h);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include "common/mul64x4.h"
#define SHINGLES_AVX2 1

#define AVX2 MUL64X4_AVX2

/* mix64 in each lane */
AVX2 static inline __m256i mix64_avx2(__m256i x)
{
    x = _mm256_xor_si256(x, _mm256_srli_epi64(x, 30));
    x = mul64x4_by(x, 0xbf58476d1ce4e5b9ULL);
    x = _mm256_xor_si256(x, _mm256_srli_epi64(x, 27));
    x = mul64x4_by(x, 0x94d049bb133111ebULL);
    return _mm256_xor_si256(x, _mm256_srli_epi64(x, 31));
}

/* shingle_hashes eight at a time, four in a register: the four shingles
 * starting at words[i..i+3] take their w-th words in one load.  returns:
 * how many it hashed (a multiple of 8) */
AVX2 static size_t shingle_hashes_avx2(const uint64_t *words, size_t count, size_t width, uint64_t *out)
{
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256i h0 = _mm256_set1_epi64x((long long)0x9e3779b97f4a7c15ULL), h1 = h0;
        for (size_t w = 0; w < width; w++) {
            const __m256i step = _mm256_set1_epi64x((long long)w);
            __m256i x0 = _mm256_loadu_si256((const __m256i *)(words + i + w));
            __m256i x1 = _mm256_loadu_si256((const __m256i *)(words + i + 4 + w));
            h0 = _mm256_add_epi64(mix64_avx2(_mm256_xor_si256(h0, x0)), step);
            h1 = _mm256_add_epi64(mix64_avx2(_mm256_xor_si256(h1, x1)), step);
        }
        _mm256_storeu_si256((__m256i *)(out + i), mix64_avx2(h0));
        _mm256_storeu_si256((__m256i *)(out + i + 4), mix64_avx2(h1));
    }
    return i;
}

#define AVX512 __attribute__((target("avx512f,avx512dq")))

/* mix64 in each of eight lanes: AVX-512 multiplies 64-bit lanes itself
 * (AVX2's three 32-bit products and their sums a multiplication were
 * most of shingle_hashes_avx2) */
AVX512 static inline __m512i mix64_avx512(__m512i x)
{
    x = _mm512_xor_si512(x, _mm512_srli_epi64(x, 30));
    x = _mm512_mullo_epi64(x, _mm512_set1_epi64((long long)0xbf58476d1ce4e5b9ULL));
    x = _mm512_xor_si512(x, _mm512_srli_epi64(x, 27));
    x = _mm512_mullo_epi64(x, _mm512_set1_epi64((long long)0x94d049bb133111ebULL));
    return _mm512_xor_si512(x, _mm512_srli_epi64(x, 31));
}

/* shingle_hashes_avx2 sixteen at a time, eight in a register.  returns:
 * how many it hashed (a multiple of 16) */
AVX512 static size_t shingle_hashes_avx512(const uint64_t *words, size_t count, size_t width, uint64_t *out)
{
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512i h0 = _mm512_set1_epi64((long long)0x9e3779b97f4a7c15ULL), h1 = h0;
        for (size_t w = 0; w < width; w++) {
            const __m512i step = _mm512_set1_epi64((long long)w);
            __m512i x0 = _mm512_loadu_si512((const void *)(words + i + w));
            __m512i x1 = _mm512_loadu_si512((const void *)(words + i + 8 + w));
            h0 = _mm512_add_epi64(mix64_avx512(_mm512_xor_si512(h0, x0)), step);
            h1 = _mm512_add_epi64(mix64_avx512(_mm512_xor_si512(h1, x1)), step);
        }
        _mm512_storeu_si512((void *)(out + i), mix64_avx512(h0));
        _mm512_storeu_si512((void *)(out + i + 8), mix64_avx512(h1));
    }
    return i;
}
#endif

/* shingle_hash of the `count` shingles of `width` words starting at
 * words[0], words[1]...: sixteen at a time where the processor has
 * AVX-512 (its DQ part), eight at a time in vector registers where it has
 * AVX2, else four at a time, so that four chains of multiplications
 * overlap. */
static void shingle_hashes(const uint64_t *words, size_t count, size_t width, uint64_t *out)
{
    size_t i = 0;
#ifdef SHINGLES_AVX2
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))
        i = shingle_hashes_avx512(words, count, width, out);
    if (__builtin_cpu_supports("avx2"))
        i += shingle_hashes_avx2(words + i, count - i, width, out + i);
#endif
    for (; i + 4 <= count; i += 4) {
        uint64_t h0 = 0x9e3779b97f4a7c15ULL, h1 = h0, h2 = h0, h3 = h0;
        for (size_t w = 0; w < width; w++) {
            const uint64_t *at = words + i + w;
            h0 = minhash_mix64(h0 ^ at[0]) + w;
            h1 = minhash_mix64(h1 ^ at[1]) + w;
            h2 = minhash_mix64(h2 ^ at[2]) + w;
            h3 = minhash_mix64(h3 ^ at[3]) + w;
        }
        out[i] = minhash_mix64(h0);
        out[i + 1] = minhash_mix64(h1);
        out[i + 2] = minhash_mix64(h2);
        out[i + 3] = minhash_mix64(h3);
    }
    for (; i < count; i++)
        out[i] = shingle_hash(words + i, width);
}

enum { SHINGLE_BLOCK = 64 };

size_t minhash_shingle_count(size_t n_words)
{
    return n_words == 0 ? 0 : n_words >= SHINGLE_WORDS ? n_words - SHINGLE_WORDS + 1 : 1;
}

void minhash_shingle_hashes(const uint64_t *words, size_t n_words, uint64_t *out)
{
    shingle_hashes(words, minhash_shingle_count(n_words), n_words >= SHINGLE_WORDS ? SHINGLE_WORDS : n_words,
                   out);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The n 32-bit shingle hashes at out sorted, each kept once: returns how
 * many are kept. */
static size_t sort_unique(uint32_t *out, size_t n)
{
    /* a short text's few hundred radix-sorted with scratch on the stack
     * (qsort's calls through a pointer cost several times more) */
    enum { STACK_SORT = 512 };
    uint32_t scratch[STACK_SORT];
    if (n <= STACK_SORT)
        radix_sort_u32(out, scratch, n);
    else
        np_sort(out, n, sizeof *out, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || out[u - 1] != out[i])
            out[u++] = out[i];
    return u;
}

/* The `width`-word shingles' 32-bit hashes of the n_words words (a text
 * shorter than a shingle is one), sorted and unique, into out (room for
 * n_words entries).  returns: how many */
static size_t shingle_set(const uint64_t *words, size_t n_words, size_t width, uint32_t *out)
{
    if (n_words == 0)
        return 0;
    if (n_words < width)
        width = n_words;
    size_t n = n_words - width + 1;
    uint64_t block[SHINGLE_BLOCK];
    for (size_t at = 0; at < n; at += SHINGLE_BLOCK) {
        size_t count = n - at < SHINGLE_BLOCK ? n - at : SHINGLE_BLOCK;
        shingle_hashes(words + at, count, width, block);
        for (size_t k = 0; k < count; k++)
            out[at + k] = (uint32_t)block[k];
    }
    return sort_unique(out, n);
}

size_t minhash_shingles(const uint64_t *words, size_t n_words, uint32_t *out)
{
    return shingle_set(words, n_words, SHINGLE_WORDS, out);
}

size_t minhash_word_pairs(const uint64_t *words, size_t n_words, uint32_t *out)
{
    return shingle_set(words, n_words, 2, out);
}

double minhash_exact_jaccard(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t i = 0, j = 0, both = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j])
            i++;
        else if (a[i] > b[j])
            j++;
        else
            both++, i++, j++;
    }
    size_t either = na + nb - both;
    return either ? (double)both / (double)either : 0;
}

/* minhash_sign, and with `shingles` (room for n_words) the low 32 bits
 * of each shingle's hash as it is binned, for minhash_sign_shingles. */
static void sign(const uint64_t *words, size_t n_words, uint32_t sig[MINHASH_K], uint32_t *shingles)
{
    enum { BIN_BITS = 7 }; /* log2(MINHASH_K) */
    _Static_assert(1u << BIN_BITS == MINHASH_K, "bins must match K");
    for (size_t k = 0; k < MINHASH_K; k++)
        sig[k] = UINT32_MAX;
    if (n_words == 0)
        return;
    size_t n_shingles = minhash_shingle_count(n_words);
    size_t width = n_words >= SHINGLE_WORDS ? SHINGLE_WORDS : n_words;
    uint64_t block[SHINGLE_BLOCK];
    for (size_t at = 0; at < n_shingles; at += SHINGLE_BLOCK) {
        size_t count = n_shingles - at < SHINGLE_BLOCK ? n_shingles - at : SHINGLE_BLOCK;
        shingle_hashes(words + at, count, width, block);
        for (size_t k = 0; shingles && k < count; k++)
            shingles[at + k] = (uint32_t)block[k];
        /* the least in each bin, without a branch: an article's few
         * hundred shingles in 128 bins lower most bins' least often and
         * unpredictably */
#pragma GCC unroll 4 /* the loop's own steps were a third of a shingle's */
        for (size_t k = 0; k < count; k++) {
            unsigned bin = (unsigned)(block[k] >> (64 - BIN_BITS));
            uint32_t value = (uint32_t)block[k], least = sig[bin];
            sig[bin] = value < least ? value : least;
        }
    }
    /* densify: an empty bin takes the value of a non-empty bin picked by a
     * deterministic hash sequence of its index */
    uint32_t filled[MINHASH_K];
    memcpy(filled, sig, sizeof filled);
    for (unsigned j = 0; j < MINHASH_K; j++) {
        if (filled[j] != UINT32_MAX)
            continue;
        for (uint64_t attempt = 1;; attempt++) {
            unsigned k = (unsigned)(minhash_mix64(((uint64_t)j << 32) | attempt) % MINHASH_K);
            if (filled[k] != UINT32_MAX) {
                sig[j] = filled[k];
                break;
            }
            if (attempt > 4 * MINHASH_K) {
                /* a nearly empty signature (a text of one or two shingles):
                 * take the next filled bin round the circle instead */
                for (unsigned step = 1; step < MINHASH_K; step++) {
                    unsigned c = (j + step) % MINHASH_K;
                    if (filled[c] != UINT32_MAX) {
                        sig[j] = filled[c];
                        break;
                    }
                }
                break;
            }
        }
    }
}

void minhash_sign(const uint64_t *words, size_t n_words, uint32_t sig[MINHASH_K])
{
    sign(words, n_words, sig, NULL);
}

size_t minhash_sign_shingles(const uint64_t *words, size_t n_words, uint32_t sig[MINHASH_K], uint32_t *shingles)
{
    sign(words, n_words, sig, shingles);
    return sort_unique(shingles, minhash_shingle_count(n_words));
}

void minhash_fold(const uint32_t sig[MINHASH_K], uint16_t out[MINHASH_K])
{
    for (size_t k = 0; k < MINHASH_K; k++)
        out[k] = (uint16_t)sig[k];
}

double minhash_jaccard(const uint16_t *a, const uint16_t *b)
{
    unsigned equal = 0;
    for (size_t k = 0; k < MINHASH_K; k++)
        equal += a[k] == b[k];
    return (double)equal / MINHASH_K;
}
