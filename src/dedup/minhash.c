/* minhash: one-permutation MinHash with optimal densification. */
#include "dedup/minhash.h"

#include <string.h>

#include <xxhash.h>

/* A 64-bit mixer (the finaliser of SplitMix64): spreads a combined hash. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

void minhash_sign(const uint64_t *words, size_t n_words, uint32_t sig[MINHASH_K])
{
    enum { BIN_BITS = 7 }; /* log2(MINHASH_K) */
    _Static_assert(1u << BIN_BITS == MINHASH_K, "bins must match K");
    for (size_t k = 0; k < MINHASH_K; k++)
        sig[k] = UINT32_MAX;
    if (n_words == 0)
        return;
    size_t n_shingles = n_words >= SHINGLE_WORDS ? n_words - SHINGLE_WORDS + 1 : 1;
    size_t width = n_words >= SHINGLE_WORDS ? SHINGLE_WORDS : n_words;
    for (size_t i = 0; i < n_shingles; i++) {
        /* order-dependent combination of the shingle's word hashes */
        uint64_t h = 0x9e3779b97f4a7c15ULL;
        for (size_t w = 0; w < width; w++)
            h = mix64(h ^ words[i + w]) + w;
        h = mix64(h);
        unsigned bin = (unsigned)(h >> (64 - BIN_BITS));
        uint32_t value = (uint32_t)h;
        if (value < sig[bin])
            sig[bin] = value;
    }
    /* densify: an empty bin takes the value of a non-empty bin picked by a
     * deterministic hash sequence of its index */
    uint32_t filled[MINHASH_K];
    memcpy(filled, sig, sizeof filled);
    for (unsigned j = 0; j < MINHASH_K; j++) {
        if (filled[j] != UINT32_MAX)
            continue;
        for (uint64_t attempt = 1;; attempt++) {
            unsigned k = (unsigned)(mix64(((uint64_t)j << 32) | attempt) % MINHASH_K);
            if (filled[k] != UINT32_MAX) {
                sig[j] = filled[k];
                break;
            }
            if (attempt > 4 * MINHASH_K) {
                /* cannot happen with at least one shingle; kept finite */
                sig[j] = 0;
                break;
            }
        }
    }
}

double minhash_jaccard(const uint32_t *a, const uint32_t *b)
{
    unsigned equal = 0;
    for (size_t k = 0; k < MINHASH_K; k++)
        equal += a[k] == b[k];
    return (double)equal / MINHASH_K;
}

uint64_t minhash_band_key(const uint32_t *sig, unsigned band)
{
    uint64_t h = XXH3_64bits_withSeed(sig + (size_t)band * MINHASH_ROWS,
                                      MINHASH_ROWS * sizeof *sig, band + 1);
    return h ? h : 1;
}
