/*
 * mul64x4: a 64-bit multiply by a constant in each of an AVX2 register's
 * four lanes, modulo 2^64, for the hashes written out in vector steps
 * (XXH3's short paths, SplitMix64's finaliser).  AVX2 has no 64-bit
 * multiply: lo*lo + (hi*lo + lo*hi) << 32, the two cross products' low
 * halves in one multiply of 32-bit lanes by k's halves swapped (of their
 * sum only the low 32 bits count): six instructions.
 *
 * For callers built for AVX2 by their target attribute (MUL64X4_AVX2),
 * which ask __builtin_cpu_supports("avx2") before they call one.
 */
#ifndef NP_MUL64X4_H
#define NP_MUL64X4_H

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#include <stdint.h>

#define MUL64X4_AVX2 __attribute__((target("avx2")))

MUL64X4_AVX2 static inline __m256i mul64x4_by(__m256i a, uint64_t k)
{
    const __m256i k_lo = _mm256_set1_epi64x((long long)(k & 0xffffffffu));
    const __m256i k_swapped = _mm256_set1_epi64x((long long)(k >> 32 | k << 32));
    __m256i cross = _mm256_mullo_epi32(a, k_swapped);
    cross = _mm256_add_epi32(cross, _mm256_srli_epi64(cross, 32));
    return _mm256_add_epi64(_mm256_mul_epu32(a, k_lo), _mm256_slli_epi64(cross, 32));
}
#endif

#endif
