/*
 * sentence_hash: each sentence's hash in a fingerprint (put_sentences in
 * fingerprint.c): its words' hashes chained, each XXH3 of the word seeded
 * with the hash so far; sentence_pairs (candidates.c) pairs articles that
 * share one.  Several sentences' chains step together, in vector lanes
 * where the processor has AVX2 or AVX-512: a chain's step waits on the one
 * before it, so one chain alone keeps the core waiting.  Every way gives
 * the same hashes.
 */
#include "cluster/sentence_hash.h"

#include <stdint.h>
#include <string.h>

/* inlined: a sentence hash step per token, mostly 8 bytes or a short word */
#define XXH_INLINE_ALL
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#include "common/mul64x4.h"
#define SENTENCE_HASH_WIDE 1
#define XXH_TARGET_AVX2 __attribute__((target("avx2")))
#else
#define SENTENCE_HASH_WIDE 0
#endif
#include <xxhash.h>

/* A sentence of fewer words is not hashed (sentence_hash.h); the scalar
 * steps' chains at a time; the seed of every chain. */
enum { SENTENCE_HASHED_WORDS = 6, CHAINS = 4 };
static const uint64_t SENTENCE_SEED = 0x51ed270b27c6a1d3ULL;

/* The chain of hash over the words [from, to) (the analysis' words:
 * each token's, 8 bytes apart). */
static uint64_t chain_words(uint64_t hash, const uint64_t *from, const uint64_t *to)
{
    for (; from < to; from++)
        hash = XXH3_64bits_withSeed(from, sizeof *from, hash);
    return hash;
}

/* The first sentence from s on to hash (n_sentences if none), each short
 * one before it given 0. */
static size_t next_hashed(const analysis *an, size_t s, uint64_t *out)
{
    for (; s < an->n_sentences && an->sentences[s].count < SENTENCE_HASHED_WORDS; s++)
        out[s] = 0;
    return s;
}

/* A lane of sentence_hashes given sentence s, from its first word. */
static void chain_start(const analysis *an, size_t s, const uint64_t **at, const uint64_t **end, uint64_t *hash)
{
    *at = an->words + an->sentences[s].first;
    *end = *at + an->sentences[s].count;
    *hash = SENTENCE_SEED;
}

/* The hash of each sentence from `first` on (0 for a short one), into
 * out[s].  CHAINS sentences' chains at a time, step by step as long as the
 * shortest has words, a lane whose sentence ends then taking the next;
 * once none is left, the lanes' sentences finished one after another.
 * One chain alone kept the core waiting: each step needs the step before
 * (about 18 cycles of XXH3's mixing), and the next sentence lay too far
 * ahead for the core to start it.  `plain` (for tests,
 * fingerprinter_plain_places): one sentence after another. */
static void sentence_hashes(const analysis *an, size_t first, int plain, uint64_t *out)
{
    const uint64_t *at[CHAINS], *end[CHAINS];
    uint64_t hash[CHAINS];
    size_t which[CHAINS], next = next_hashed(an, first, out);
    int lanes = 0;
    for (; !plain && lanes < CHAINS && next < an->n_sentences; lanes++) {
        chain_start(an, next, &at[lanes], &end[lanes], &hash[lanes]);
        which[lanes] = next;
        next = next_hashed(an, next + 1, out);
    }
    int stepping = lanes == CHAINS;
    while (stepping) {
        size_t steps = SIZE_MAX;
        for (int k = 0; k < CHAINS; k++)
            steps = (size_t)(end[k] - at[k]) < steps ? (size_t)(end[k] - at[k]) : steps;
        for (size_t i = 0; i < steps; i++) {
#pragma GCC unroll 4 /* CHAINS: the lanes' hashes kept in registers */
            for (int k = 0; k < CHAINS; k++)
                hash[k] = XXH3_64bits_withSeed(&at[k][i], sizeof at[k][i], hash[k]);
        }
        for (int k = 0; k < CHAINS; k++) {
            at[k] += steps;
            if (at[k] < end[k])
                continue;
            out[which[k]] = hash[k] ? hash[k] : 1;
            which[k] = SIZE_MAX;
            if (next == an->n_sentences) {
                stepping = 0; /* the other lanes finish below */
                continue;
            }
            chain_start(an, next, &at[k], &end[k], &hash[k]);
            which[k] = next;
            next = next_hashed(an, next + 1, out);
        }
    }
    for (int k = 0; k < lanes; k++) {
        if (which[k] != SIZE_MAX) {
            uint64_t h = chain_words(hash[k], at[k], end[k]);
            out[which[k]] = h ? h : 1;
        }
    }
    for (; next < an->n_sentences; next = next_hashed(an, next + 1, out)) {
        const uint64_t *from, *to;
        uint64_t h;
        chain_start(an, next, &from, &to, &h);
        h = chain_words(h, from, to);
        out[next] = h ? h : 1;
    }
}

#if SENTENCE_HASH_WIDE
/* a * XXH3's rrmxmx multiplier in each 64-bit lane, modulo 2^64 */
XXH_TARGET_AVX2 static inline __m256i times_rrmxmx_avx2(__m256i a)
{
    return mul64x4_by(a, 0x9FB21C651E98DF25ULL);
}

/* One step of four chains: XXH3_64bits_withSeed of the 8 bytes of each
 * lane's word, seeded with the lane's hash (XXH3_len_4to8_64b: the seed's
 * low half byte-swapped into its high half, the word's halves swapped,
 * then XXH3_rrmxmx with length 8), written out in vector steps. */
XXH_TARGET_AVX2 static inline __m256i chain_step_avx2(__m256i hash, __m256i word, __m256i flip)
{
    /* each lane's bytes 3, 2, 1, 0 to its bytes 4 to 7, its low four cleared */
    const __m256i swap_low = _mm256_setr_epi8(-1, -1, -1, -1, 3, 2, 1, 0, -1, -1, -1, -1, 11, 10, 9, 8,
                                              -1, -1, -1, -1, 3, 2, 1, 0, -1, -1, -1, -1, 11, 10, 9, 8);
    __m256i seed = _mm256_xor_si256(hash, _mm256_shuffle_epi8(hash, swap_low));
    __m256i h = _mm256_xor_si256(_mm256_shuffle_epi32(word, 0xB1), _mm256_sub_epi64(flip, seed));
    __m256i rot49 = _mm256_or_si256(_mm256_slli_epi64(h, 49), _mm256_srli_epi64(h, 15));
    __m256i rot24 = _mm256_or_si256(_mm256_slli_epi64(h, 24), _mm256_srli_epi64(h, 40));
    h = times_rrmxmx_avx2(_mm256_xor_si256(h, _mm256_xor_si256(rot49, rot24)));
    h = _mm256_xor_si256(h, _mm256_add_epi64(_mm256_srli_epi64(h, 35), _mm256_set1_epi64x(8)));
    h = times_rrmxmx_avx2(h);
    return _mm256_xor_si256(h, _mm256_srli_epi64(h, 28));
}

enum { WIDE_CHAINS = 8, WIDE_CHAINS_LEAST = 3 };

/* A lane of sentence_hashes_avx2 given the next sentence to hash, or made
 * idle when none is left (it reads words[0] at each step, never ending).
 * returns: 1 if it was given one */
static int lane_take(const analysis *an, size_t *next, uint64_t *out, size_t *which, uint64_t *at, uint64_t *end,
                     uint64_t *step, uint64_t *hash)
{
    if (*next == an->n_sentences) {
        *which = SIZE_MAX;
        *at = *step = 0;
        *end = UINT64_MAX;
        return 0;
    }
    *which = *next;
    *at = an->sentences[*next].first;
    *end = *at + an->sentences[*next].count;
    *step = 1;
    *hash = SENTENCE_SEED;
    *next = next_hashed(an, *next + 1, out);
    return 1;
}

/* The eight lanes' values at v into two registers, and back. */
XXH_TARGET_AVX2 static inline void lanes_load(const uint64_t *v, __m256i *low, __m256i *high)
{
    *low = _mm256_loadu_si256((const __m256i *)(const void *)v);
    *high = _mm256_loadu_si256((const __m256i *)(const void *)(v + 4));
}

XXH_TARGET_AVX2 static inline void lanes_store(uint64_t *v, __m256i low, __m256i high)
{
    _mm256_storeu_si256((__m256i *)(void *)v, low);
    _mm256_storeu_si256((__m256i *)(void *)(v + 4), high);
}

/* sentence_hashes with WIDE_CHAINS chains in two AVX2 registers, each
 * lane's word gathered by its place among the words, all lanes stepping
 * at once; a lane whose sentence ends (its place at the end's, told for
 * all lanes by one comparison) takes the next sentence, or idles once
 * none is left.  While fewer than WIDE_CHAINS_LEAST lanes have a
 * sentence, those are finished one after another.  The same hashes as
 * chain_words. */
XXH_TARGET_AVX2 static void sentence_hashes_avx2(const analysis *an, size_t first, uint64_t *out)
{
    const __m256i flip = _mm256_set1_epi64x(
        (long long)(XXH_readLE64(XXH3_kSecret + 8) ^ XXH_readLE64(XXH3_kSecret + 16)));
    const long long *words = (const long long *)(const void *)an->words;
    uint64_t hash[WIDE_CHAINS] = { 0 }, at[WIDE_CHAINS], end[WIDE_CHAINS], step[WIDE_CHAINS];
    size_t which[WIDE_CHAINS], next = next_hashed(an, first, out);
    int active = 0;
    for (int k = 0; k < WIDE_CHAINS; k++)
        active += lane_take(an, &next, out, &which[k], &at[k], &end[k], &step[k], &hash[k]);
    __m256i h0, h1, i0, i1, e0, e1, d0, d1;
    lanes_load(hash, &h0, &h1);
    lanes_load(at, &i0, &i1);
    lanes_load(end, &e0, &e1);
    lanes_load(step, &d0, &d1);
    while (active >= WIDE_CHAINS_LEAST) {
        h0 = chain_step_avx2(h0, _mm256_i64gather_epi64(words, i0, 8), flip);
        h1 = chain_step_avx2(h1, _mm256_i64gather_epi64(words, i1, 8), flip);
        i0 = _mm256_add_epi64(i0, d0);
        i1 = _mm256_add_epi64(i1, d1);
        unsigned ended = (unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpeq_epi64(i0, e0))) |
                         (unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpeq_epi64(i1, e1))) << 4;
        if (!ended)
            continue;
        lanes_store(hash, h0, h1);
        lanes_store(at, i0, i1);
        for (; ended; ended &= ended - 1) {
            int k = __builtin_ctz(ended);
            out[which[k]] = hash[k] ? hash[k] : 1;
            active -= !lane_take(an, &next, out, &which[k], &at[k], &end[k], &step[k], &hash[k]);
        }
        lanes_load(hash, &h0, &h1);
        lanes_load(at, &i0, &i1);
        lanes_load(end, &e0, &e1);
        lanes_load(step, &d0, &d1);
    }
    for (int k = 0; k < WIDE_CHAINS; k++) {
        if (which[k] != SIZE_MAX) {
            uint64_t h = chain_words(hash[k], an->words + at[k], an->words + end[k]);
            out[which[k]] = h ? h : 1;
        }
    }
}

#define SENTENCE_AVX512 __attribute__((target("avx512f,avx512dq,avx512bw")))

/* chain_step_avx2 in eight lanes: AVX-512 multiplies and rotates 64-bit
 * lanes itself */
SENTENCE_AVX512 static inline __m512i chain_step_avx512(__m512i hash, __m512i word, __m512i flip)
{
    const __m512i swap_low = _mm512_broadcast_i32x4(
        _mm_setr_epi8(-1, -1, -1, -1, 3, 2, 1, 0, -1, -1, -1, -1, 11, 10, 9, 8));
    const __m512i rrmxmx = _mm512_set1_epi64((long long)0x9FB21C651E98DF25ULL);
    __m512i seed = _mm512_xor_si512(hash, _mm512_shuffle_epi8(hash, swap_low));
    __m512i h = _mm512_xor_si512(_mm512_shuffle_epi32(word, (_MM_PERM_ENUM)0xB1), _mm512_sub_epi64(flip, seed));
    h = _mm512_xor_si512(h, _mm512_xor_si512(_mm512_rol_epi64(h, 49), _mm512_rol_epi64(h, 24)));
    h = _mm512_mullo_epi64(h, rrmxmx);
    h = _mm512_xor_si512(h, _mm512_add_epi64(_mm512_srli_epi64(h, 35), _mm512_set1_epi64(8)));
    h = _mm512_mullo_epi64(h, rrmxmx);
    return _mm512_xor_si512(h, _mm512_srli_epi64(h, 28));
}

enum { WIDER_CHAINS = 16 };

/* The words at the eight lanes' places, each loaded on its own: a gather
 * of the eight (vpgatherqq) made the steps wait for it, about half again
 * as long a step on the AMD EPYC measured (BENCHMARKS.md, dedup31) */
SENTENCE_AVX512 static inline __m512i lanes_words(const long long *words, __m512i places)
{
    uint64_t at[8];
    _mm512_storeu_si512(at, places);
    return _mm512_set_epi64(words[at[7]], words[at[6]], words[at[5]], words[at[4]], words[at[3]], words[at[2]],
                            words[at[1]], words[at[0]]);
}

/* sentence_hashes_avx2 with WIDER_CHAINS chains in two AVX-512 registers:
 * each step's chains wait on their last step (XXH3's two products), so
 * twice the chains in flight take about the same time a step.  A lane
 * whose sentence ends is given the next in its registers (masked moves),
 * not through memory: with sixteen lanes one ends at most steps, and a
 * register loaded from lanes just written one by one waits for them.
 * The same hashes as chain_words. */
SENTENCE_AVX512 static void sentence_hashes_avx512(const analysis *an, size_t first, uint64_t *out)
{
    const __m512i flip = _mm512_set1_epi64(
        (long long)(XXH_readLE64(XXH3_kSecret + 8) ^ XXH_readLE64(XXH3_kSecret + 16)));
    const long long *words = (const long long *)(const void *)an->words;
    uint64_t hash[WIDER_CHAINS] = { 0 }, at[WIDER_CHAINS], end[WIDER_CHAINS], step[WIDER_CHAINS];
    size_t which[WIDER_CHAINS], next = next_hashed(an, first, out);
    int active = 0;
    for (int k = 0; k < WIDER_CHAINS; k++)
        active += lane_take(an, &next, out, &which[k], &at[k], &end[k], &step[k], &hash[k]);
    /* the lanes 0-7 in the registers ending 0, 8-15 in those ending 1 */
    __m512i h0 = _mm512_loadu_si512(hash), h1 = _mm512_loadu_si512(hash + 8);
    __m512i i0 = _mm512_loadu_si512(at), i1 = _mm512_loadu_si512(at + 8);
    __m512i e0 = _mm512_loadu_si512(end), e1 = _mm512_loadu_si512(end + 8);
    __m512i d0 = _mm512_loadu_si512(step), d1 = _mm512_loadu_si512(step + 8);
    const __m512i seed = _mm512_set1_epi64((long long)SENTENCE_SEED), none = _mm512_setzero_si512();
    const __m512i never = _mm512_set1_epi64(-1);
    while (active >= WIDE_CHAINS_LEAST) {
        h0 = chain_step_avx512(h0, lanes_words(words, i0), flip);
        h1 = chain_step_avx512(h1, lanes_words(words, i1), flip);
        i0 = _mm512_add_epi64(i0, d0);
        i1 = _mm512_add_epi64(i1, d1);
        unsigned ended = (unsigned)_mm512_cmpeq_epi64_mask(i0, e0) | (unsigned)_mm512_cmpeq_epi64_mask(i1, e1) << 8;
        if (!ended)
            continue;
        _mm512_storeu_si512(hash, h0);
        _mm512_storeu_si512(hash + 8, h1);
        /* each lane ended given the next sentence (seed, first word, end),
         * or made idle (reading words[0] at each step, never ending) */
        __mmask16 idle = 0, fresh = 0;
        __m512i from0 = none, from1 = none, to0 = none, to1 = none;
        for (; ended; ended &= ended - 1) {
            int k = __builtin_ctz(ended);
            out[which[k]] = hash[k] ? hash[k] : 1;
            if (next == an->n_sentences) {
                which[k] = SIZE_MAX;
                idle |= (__mmask16)(1u << k);
                active--;
                continue;
            }
            which[k] = next;
            fresh |= (__mmask16)(1u << k);
            __m512i from = _mm512_set1_epi64((long long)an->sentences[next].first);
            __m512i to = _mm512_set1_epi64((long long)(an->sentences[next].first + an->sentences[next].count));
            __mmask8 lane = (__mmask8)(1u << (k & 7));
            if (k < 8) {
                from0 = _mm512_mask_mov_epi64(from0, lane, from);
                to0 = _mm512_mask_mov_epi64(to0, lane, to);
            } else {
                from1 = _mm512_mask_mov_epi64(from1, lane, from);
                to1 = _mm512_mask_mov_epi64(to1, lane, to);
            }
            next = next_hashed(an, next + 1, out);
        }
        __mmask8 fresh0 = (__mmask8)fresh, fresh1 = (__mmask8)(fresh >> 8);
        __mmask8 idle0 = (__mmask8)idle, idle1 = (__mmask8)(idle >> 8);
        h0 = _mm512_mask_mov_epi64(h0, fresh0, seed);
        h1 = _mm512_mask_mov_epi64(h1, fresh1, seed);
        i0 = _mm512_mask_mov_epi64(_mm512_mask_mov_epi64(i0, fresh0, from0), idle0, none);
        i1 = _mm512_mask_mov_epi64(_mm512_mask_mov_epi64(i1, fresh1, from1), idle1, none);
        e0 = _mm512_mask_mov_epi64(_mm512_mask_mov_epi64(e0, fresh0, to0), idle0, never);
        e1 = _mm512_mask_mov_epi64(_mm512_mask_mov_epi64(e1, fresh1, to1), idle1, never);
        d0 = _mm512_mask_mov_epi64(d0, idle0, none);
        d1 = _mm512_mask_mov_epi64(d1, idle1, none);
    }
    _mm512_storeu_si512(hash, h0);
    _mm512_storeu_si512(hash + 8, h1);
    _mm512_storeu_si512(at, i0);
    _mm512_storeu_si512(at + 8, i1);
    _mm512_storeu_si512(end, e0);
    _mm512_storeu_si512(end + 8, e1);
    for (int k = 0; k < WIDER_CHAINS; k++) {
        if (which[k] != SIZE_MAX) {
            uint64_t v = chain_words(hash[k], an->words + at[k], an->words + end[k]);
            out[which[k]] = v ? v : 1;
        }
    }
}
#endif

void sentence_hashes_of(const analysis *an, size_t first, int plain, uint64_t *out)
{
#if SENTENCE_HASH_WIDE
    if (!plain && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512bw")) {
        sentence_hashes_avx512(an, first, out);
        return;
    }
    if (!plain && __builtin_cpu_supports("avx2")) {
        sentence_hashes_avx2(an, first, out);
        return;
    }
#endif
    sentence_hashes(an, first, plain, out);
}
