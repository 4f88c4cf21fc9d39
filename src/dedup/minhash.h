/*
 * minhash: MinHash signatures of word 5-shingles and their LSH band keys.
 *
 * One-permutation hashing (Li, Owen, Zhang, NIPS 2012): each shingle is
 * hashed once; the top bits pick one of MINHASH_K bins and the bin keeps
 * its smallest value.  Empty bins are filled by optimal densification
 * (Shrivastava, ICML 2017): bin j borrows from the first non-empty bin
 * chosen by a hash of (j, attempt), so similar sets still agree bin by bin.
 * The fraction of equal bins estimates the Jaccard similarity.
 * Comparisons and band keys read only the low 16 bits of each bin (b-bit
 * minwise hashing, Li and Koenig, WWW 2010): two different minima agree
 * there with probability 2^-16, which moves a Jaccard estimate by less
 * than 2e-5 on average, and a signature held for comparison takes 256
 * bytes instead of 512.
 * LSH banding (Leskovec, Rajaraman, Ullman, ch. 3): MINHASH_BANDS bands of
 * MINHASH_ROWS rows; two signatures sharing any band key are candidates,
 * with probability 1 - (1 - J^rows)^bands.
 * Loose bands: MINHASH_LOOSE_BANDS more of MINHASH_LOOSE_ROWS rows each, over
 * the same bins.  A spun copy keeps a third to a half of its source's
 * shingles: J^4 misses half of such pairs in every band of four rows, and
 * in a large corpus their shared sentences and terms are common everywhere
 * (over max_bucket), so nothing else proposes them; three rows of its own
 * bins are still a rare combination of common shingles.
 */
#ifndef NP_MINHASH_H
#define NP_MINHASH_H

#include <stddef.h>
#include <stdint.h>

enum { MINHASH_K = 128, MINHASH_ROWS = 4, MINHASH_BANDS = MINHASH_K / MINHASH_ROWS,
       SHINGLE_WORDS = 5 };
/* Bands MINHASH_BANDS to MINHASH_ALL_BANDS - 1 are the loose ones. */
enum { MINHASH_LOOSE_ROWS = 3, MINHASH_LOOSE_BANDS = MINHASH_K / MINHASH_LOOSE_ROWS,
       MINHASH_ALL_BANDS = MINHASH_BANDS + MINHASH_LOOSE_BANDS };

/* Fills sig from the word hashes (casefolded tokens in order).  Texts
 * shorter than a shingle are one shingle.  An empty text gives all ones. */
void minhash_sign(const uint64_t *words, size_t n_words, uint32_t sig[MINHASH_K]);

/* The shingles' 32-bit hashes, sorted and unique, into out (room for
 * n_words entries).  returns: how many.  For short texts, whose MinHash
 * estimate is too coarse, these give the exact Jaccard. */
size_t minhash_shingles(const uint64_t *words, size_t n_words, uint32_t *out);
/* minhash_sign and minhash_shingles in one: each shingle hashed once, for
 * the signature's bins and the set both (a short text's). */
size_t minhash_sign_shingles(const uint64_t *words, size_t n_words, uint32_t sig[MINHASH_K], uint32_t *shingles);
/* The same of 2-word shingles (one word: the word): each changed word
 * breaks two of them, not five, so their Jaccard tells a near copy of a
 * text of a few dozen words, where two changed words leave under half of
 * the 5-word shingles shared. */
size_t minhash_word_pairs(const uint64_t *words, size_t n_words, uint32_t *out);
/* returns: how many shingles a text of n_words has (one if it is shorter
 * than a shingle, none if empty) */
size_t minhash_shingle_count(size_t n_words);
/* The 64-bit hash of each shingle, in order, into out (room for
 * minhash_shingle_count(n_words)): what minhash_sign and minhash_shingles
 * hash, several shingles at a time. */
void minhash_shingle_hashes(const uint64_t *words, size_t n_words, uint64_t *out);
/* returns: |a & b| / |a | b| of two sorted unique arrays */
double minhash_exact_jaccard(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* A signature as it is compared: the low 16 bits of each bin. */
void minhash_fold(const uint32_t sig[MINHASH_K], uint16_t out[MINHASH_K]);

/* returns: the share of equal bins of two folded signatures, in [0, 1] */
double minhash_jaccard(const uint16_t *a, const uint16_t *b);

/* A 64-bit mixer (the finaliser of SplitMix64), invertible. */
static inline uint64_t minhash_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* Where a band's bins are in a folded signature, and what its key adds:
 * taken once for a band's keys of many signatures. */
typedef struct minhash_band {
    unsigned first;  /* its first bin */
    uint64_t mask;   /* of the four bins read from `first`: its own */
    uint64_t salt;   /* the band's, added before the mix */
} minhash_band;

static inline minhash_band minhash_band_of(unsigned band)
{
    _Static_assert(MINHASH_ROWS * 16 == 64, "a band is 64 bits");
    /* a loose band's key reads four bins too, the fourth masked off */
    _Static_assert((MINHASH_LOOSE_BANDS - 1) * MINHASH_LOOSE_ROWS + 4 <= MINHASH_K, "the last loose band's four bins");
    minhash_band b;
    if (band < MINHASH_BANDS) {
        b.first = band * MINHASH_ROWS;
        b.mask = ~0ULL;
    } else {
        b.first = (band - MINHASH_BANDS) * MINHASH_LOOSE_ROWS;
        b.mask = (1ULL << (16 * MINHASH_LOOSE_ROWS)) - 1;
    }
    b.salt = 0x9e3779b97f4a7c15ULL * (band + 1);
    return b;
}

/* minhash_band_key of the band minhash_band_of gave. */
static inline uint64_t minhash_band_key_in(const uint16_t *sig, minhash_band b)
{
    const uint16_t *row = sig + b.first;
    /* written out, so the compiler makes it one load where it can */
    uint64_t bits = ((uint64_t)row[0] | (uint64_t)row[1] << 16 | (uint64_t)row[2] << 32 | (uint64_t)row[3] << 48) & b.mask;
    /* the mix is invertible: one band's keys are distinct where its bits are */
    uint64_t h = minhash_mix64(bits + b.salt);
    return h ? h : 1;
}

/* The key of band `band` (below MINHASH_ALL_BANDS: the loose bands after
 * the others) of a folded signature (never 0).  Within a band the key is a
 * bijection of the band's bits, so keys collide only where the bins
 * agree. */
static inline uint64_t minhash_band_key(const uint16_t *sig, unsigned band)
{
    return minhash_band_key_in(sig, minhash_band_of(band));
}

#endif
