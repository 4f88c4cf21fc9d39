/* unit_dedup: MinHash signatures and band keys (src/dedup/minhash) and
 * sentence alignment over stem sets (src/dedup/align). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/align.h"
#include "dedup/minhash.h"
#include "test.h"

/* ------------------------------------------------------------------ */
/* word lists */

/* splitmix64: a deterministic stream of well-mixed 64-bit values */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The hash of word number w of a made-up vocabulary (like a casefolded
 * token's hash in the engine). */
static uint64_t word_hash(uint64_t w)
{
    uint64_t s = w * 7919 + 17;
    return next_random(&s);
}

/* n words drawn from a vocabulary of vocab words (repeats allowed, as in text) */
static void random_words(uint64_t *out, size_t n, uint64_t vocab, uint64_t seed)
{
    uint64_t s = seed;
    for (size_t i = 0; i < n; i++)
        out[i] = word_hash(next_random(&s) % vocab);
}

/* The exact Jaccard similarity of the two texts' sets of word 5-shingles
 * (a shingle compared word by word, not by hash). */
typedef struct shingle {
    uint64_t w[SHINGLE_WORDS];
} shingle;

static int cmp_shingle(const void *a, const void *b)
{
    return memcmp(a, b, sizeof(shingle));
}

static size_t shingle_set(const uint64_t *words, size_t n, shingle *out)
{
    size_t k = 0;
    for (size_t i = 0; i + SHINGLE_WORDS <= n; i++)
        memcpy(out[k++].w, words + i, sizeof out->w);
    qsort(out, k, sizeof *out, cmp_shingle);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || cmp_shingle(&out[u - 1], &out[i]) != 0)
            out[u++] = out[i];
    return u;
}

static double true_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    shingle *sa = malloc((na + 1) * sizeof *sa), *sb = malloc((nb + 1) * sizeof *sb);
    if (!sa || !sb) {
        free(sa);
        free(sb);
        return -1;
    }
    size_t ua = shingle_set(a, na, sa), ub = shingle_set(b, nb, sb);
    size_t i = 0, j = 0, both = 0;
    while (i < ua && j < ub) {
        int c = cmp_shingle(&sa[i], &sb[j]);
        if (c < 0)
            i++;
        else if (c > 0)
            j++;
        else
            both++, i++, j++;
    }
    free(sa);
    free(sb);
    size_t either = ua + ub - both;
    return either ? (double)both / (double)either : 1.0;
}

/* a signature as the engine compares it */
static void sign_folded(const uint64_t *words, size_t n, uint16_t out[MINHASH_K])
{
    uint32_t sig[MINHASH_K];
    minhash_sign(words, n, sig);
    minhash_fold(sig, out);
}

static double estimate(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    uint16_t sa[MINHASH_K], sb[MINHASH_K];
    sign_folded(a, na, sa);
    sign_folded(b, nb, sb);
    return minhash_jaccard(sa, sb);
}

/* ------------------------------------------------------------------ */
/* minhash_sign, minhash_jaccard */

TEST(dedup_minhash_identical_is_one)
{
    uint64_t words[300];
    random_words(words, 300, 2000, 1);
    uint32_t a[MINHASH_K], b[MINHASH_K];
    minhash_sign(words, 300, a);
    minhash_sign(words, 300, b);
    CHECK(memcmp(a, b, sizeof a) == 0); /* deterministic */
    uint16_t fa[MINHASH_K], fb[MINHASH_K];
    minhash_fold(a, fa);
    minhash_fold(b, fb);
    CHECK(minhash_jaccard(fa, fb) == 1.0);
    /* a copy of the list, not the same memory */
    uint64_t copy[300];
    memcpy(copy, words, sizeof copy);
    CHECK(estimate(words, 300, copy, 300) == 1.0);
}

TEST(dedup_minhash_disjoint_is_near_zero)
{
    uint64_t a[300], b[300];
    /* two halves of one vocabulary: no word, so no shingle, in common */
    for (size_t i = 0; i < 300; i++) {
        a[i] = word_hash(2 * i);
        b[i] = word_hash(2 * i + 1);
    }
    CHECK(true_jaccard(a, 300, b, 300) == 0.0);
    double j = estimate(a, 300, b, 300);
    CHECK(j <= 0.03);
    /* short disjoint texts, where most bins are filled by densification */
    CHECK(estimate(a, 7, b, 7) <= 0.03);
    if (test_failed_now())
        printf("     estimate %.3f\n", j);
}

TEST(dedup_minhash_ten_percent_changed)
{
    enum { N = 600 };
    static uint64_t base[N], edited[N];
    for (uint64_t trial = 0; trial < 8; trial++) {
        random_words(base, N, 5000, 100 + trial);
        memcpy(edited, base, sizeof base);
        /* change 10% of the words, at random places, to words not in the text */
        uint64_t s = 900 + trial;
        for (size_t k = 0; k < N / 10;) {
            size_t at = (size_t)(next_random(&s) % N);
            if (edited[at] != base[at])
                continue;
            edited[at] = word_hash(1000000 + trial * N + k);
            k++;
        }
        double truth = true_jaccard(base, N, edited, N);
        double est = estimate(base, N, edited, N);
        CHECK(truth > 0.2 && truth < 0.7); /* the test means what it says */
        CHECK(est >= truth - 0.15 && est <= truth + 0.15);
        if (test_failed_now()) {
            printf("     trial %llu: true %.3f, estimate %.3f\n", (unsigned long long)trial, truth, est);
            return;
        }
    }
}

TEST(dedup_minhash_tracks_jaccard_across_range)
{
    /* texts sharing a prefix of varying length: estimates follow the truth */
    enum { N = 400 };
    static uint64_t a[N], b[N];
    random_words(a, N, 10000, 7);
    for (size_t keep = 0; keep <= N; keep += 80) {
        memcpy(b, a, keep * sizeof *a);
        for (size_t i = keep; i < N; i++)
            b[i] = word_hash(50000 + i);
        double truth = true_jaccard(a, N, b, N), est = estimate(a, N, b, N);
        CHECK(est >= truth - 0.15 && est <= truth + 0.15);
        if (test_failed_now()) {
            printf("     shared prefix %zu: true %.3f, estimate %.3f\n", keep, truth, est);
            return;
        }
    }
}

TEST(dedup_minhash_order_sensitive)
{
    enum { N = 200 };
    uint64_t a[N], reversed[N], swapped[N];
    for (size_t i = 0; i < N; i++)
        a[i] = word_hash(i);
    for (size_t i = 0; i < N; i++)
        reversed[i] = a[N - 1 - i];
    /* the same bag of words backwards shares no 5-shingle */
    CHECK(true_jaccard(a, N, reversed, N) == 0.0);
    CHECK(estimate(a, N, reversed, N) <= 0.03);
    /* swapping two neighbours changes a few shingles, not all */
    memcpy(swapped, a, sizeof a);
    swapped[100] = a[101];
    swapped[101] = a[100];
    double est = estimate(a, N, swapped, N);
    CHECK(est < 1.0);
    CHECK(est > 0.8);
    /* a text of exactly one shingle: word order inside it matters */
    uint64_t five[5] = { a[0], a[1], a[2], a[3], a[4] };
    uint64_t five_swapped[5] = { a[1], a[0], a[2], a[3], a[4] };
    CHECK(estimate(five, 5, five_swapped, 5) < 0.05);
    /* so it does for texts shorter than a shingle */
    uint64_t two[2] = { a[0], a[1] }, two_swapped[2] = { a[1], a[0] };
    CHECK(estimate(two, 2, two_swapped, 2) < 0.05);
}

/* Shingles hashed eight at a time (vector registers, where the processor
 * has AVX2) or four at a time hash as they do one at a time (a text of one
 * shingle), at every length and in every position of a block. */
TEST(dedup_shingle_hashes_agree)
{
    uint64_t words[200], all[200], one;
    for (size_t i = 0; i < 200; i++)
        words[i] = word_hash(i * 7 + 3);
    size_t differ = 0, compared = 0;
    for (size_t n = 0; n <= 200; n += n < 20 ? 1 : 37) {
        size_t count = minhash_shingle_count(n);
        CHECK(count == (n == 0 ? 0 : n < SHINGLE_WORDS ? 1 : n - SHINGLE_WORDS + 1));
        minhash_shingle_hashes(words, n, all);
        for (size_t i = 0; i < count; i++, compared++) {
            minhash_shingle_hashes(words + i, n < SHINGLE_WORDS ? n : SHINGLE_WORDS, &one);
            differ += all[i] != one;
        }
    }
    CHECK(differ == 0);
    CHECK(compared > 500);
}

TEST(dedup_minhash_empty_and_short)
{
    uint32_t sig[MINHASH_K];
    /* empty: all ones, as documented */
    memset(sig, 0, sizeof sig);
    minhash_sign(NULL, 0, sig);
    for (size_t k = 0; k < MINHASH_K; k++)
        CHECK(sig[k] == UINT32_MAX);
    /* one word: one shingle, every bin filled from it */
    uint64_t w1 = word_hash(1), w2 = word_hash(2);
    minhash_sign(&w1, 1, sig);
    size_t ones = 0;
    for (size_t k = 0; k < MINHASH_K; k++)
        ones += sig[k] == UINT32_MAX;
    CHECK(ones == 0);
    /* Densification must always find a filled bin: giving up after
     * 4 * MINHASH_K random attempts and writing 0 (as it did) hits about
     * 2% of the empty bins of a one-shingle text, (127/128)^512, so most
     * one-word texts got two or three bins of 0, bins that unrelated short
     * texts could share. */
    size_t one_shingle_bad = 0, one_word_texts_bad = 0;
    for (uint64_t w = 1; w <= 200; w++) {
        uint64_t word = word_hash(w);
        uint32_t s[MINHASH_K];
        minhash_sign(&word, 1, s);
        /* the shingle's own value is 0 with probability 2^-32 */
        size_t zeros = 0;
        for (size_t k = 0; k < MINHASH_K; k++)
            zeros += s[k] == 0;
        one_shingle_bad += zeros;
        one_word_texts_bad += zeros > 0;
    }
    CHECK(one_shingle_bad == 0);
    if (one_shingle_bad)
        printf("     %zu of 200 one-word texts have bins of 0 from densification\n",
               one_word_texts_bad);
    CHECK(estimate(&w1, 1, &w1, 1) == 1.0);
    CHECK(estimate(&w1, 1, &w2, 1) < 0.05);
    /* the empty text is not like a one-word text */
    CHECK(estimate(&w1, 1, NULL, 0) < 0.05);
    /* 4 words are one shingle; its prefix of 3 is another one */
    uint64_t four[4] = { word_hash(1), word_hash(2), word_hash(3), word_hash(4) };
    CHECK(estimate(four, 4, four, 3) < 0.05);
    CHECK(estimate(four, 4, four, 4) == 1.0);
    /* 5 and 6 words: one and two shingles, all bins filled, at most two
     * distinct values */
    uint64_t six[6];
    for (size_t i = 0; i < 6; i++)
        six[i] = word_hash(10 + i);
    minhash_sign(six, 6, sig);
    uint32_t first = sig[0], second = sig[0];
    for (size_t k = 0; k < MINHASH_K; k++) {
        CHECK(sig[k] != UINT32_MAX);
        if (sig[k] != first)
            second = sig[k];
    }
    for (size_t k = 0; k < MINHASH_K; k++)
        CHECK(sig[k] == first || sig[k] == second);
    CHECK(first != second);
    /* the text of 5 is one of the 6's two shingles: about half the bins */
    double half = estimate(six, 5, six, 6);
    CHECK(half > 0.2 && half < 0.8);
}

TEST(dedup_minhash_jaccard_symmetric)
{
    uint64_t a[120], b[120];
    random_words(a, 120, 300, 3);
    memcpy(b, a, sizeof a);
    for (size_t i = 0; i < 120; i += 9)
        b[i] = word_hash(777777 + i);
    uint16_t sa[MINHASH_K], sb[MINHASH_K];
    sign_folded(a, 120, sa);
    sign_folded(b, 120, sb);
    double ab = minhash_jaccard(sa, sb), ba = minhash_jaccard(sb, sa);
    CHECK(ab == ba);
    CHECK(ab >= 0.0 && ab <= 1.0);
    /* the estimate is a count of equal bins over K */
    double bins = ab * MINHASH_K;
    CHECK(bins == (double)(long)bins);
}

/* ------------------------------------------------------------------ */
/* minhash_shingles, minhash_exact_jaccard: exact Jaccard for short texts */

/* minhash_shingles' sorted, unique shingles are those of the shingle
 * hashes sorted plainly, for texts of every length around the ones its
 * sort takes apart (a few words, the few hundred of a short text, more),
 * with words repeated so that shingles repeat. */
static int cmp_u32_plain(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

TEST(dedup_minhash_shingles_sorted_as_plainly)
{
    enum { MOST = 700 };
    static uint64_t words[MOST], hashes[MOST];
    static uint32_t got[MOST + 1], want[MOST + 1];
    size_t wrong = 0;
    for (size_t n = 0; n < MOST; n += 1 + n / 8) {
        for (size_t i = 0; i < n; i++)
            words[i] = word_hash((unsigned)(i % 97 < 90 ? i : i % 7)); /* runs of a few words again */
        size_t got_n = minhash_shingles(words, n, got);
        size_t k = n ? minhash_shingle_count(n) : 0;
        if (n)
            minhash_shingle_hashes(words, n, hashes);
        for (size_t i = 0; i < k; i++)
            want[i] = (uint32_t)hashes[i];
        qsort(want, k, sizeof *want, cmp_u32_plain);
        size_t u = 0;
        for (size_t i = 0; i < k; i++)
            if (!u || want[u - 1] != want[i])
                want[u++] = want[i];
        wrong += got_n != u || memcmp(got, want, u * sizeof *want) != 0;
    }
    CHECK(wrong == 0);
}

/* minhash_sign_shingles: the signature minhash_sign gives and the set
 * minhash_shingles gives, at every length to past a few of the
 * signature's blocks of shingles and past the stack sort's room */
TEST(dedup_minhash_sign_shingles_as_apart)
{
    enum { MOST = 700 };
    static uint64_t words[MOST];
    static uint32_t got[MOST + 1], want[MOST + 1];
    size_t wrong = 0;
    for (size_t n = 0; n < MOST; n += 1 + n / 16) {
        for (size_t i = 0; i < n; i++)
            words[i] = word_hash((unsigned)(i % 97 < 90 ? i : i % 7)); /* runs of a few words again */
        uint32_t sig_got[MINHASH_K], sig_want[MINHASH_K];
        memset(got, 0xAB, sizeof got);
        size_t got_n = minhash_sign_shingles(words, n, sig_got, got);
        minhash_sign(words, n, sig_want);
        size_t want_n = minhash_shingles(words, n, want);
        wrong += got_n != want_n || memcmp(got, want, want_n * sizeof *want) != 0 ||
                 memcmp(sig_got, sig_want, sizeof sig_got) != 0;
    }
    CHECK(wrong == 0);
}


TEST(dedup_minhash_shingles)
{
    uint32_t out[16];
    uint64_t w[8];
    for (size_t i = 0; i < 8; i++)
        w[i] = word_hash(300 + i);
    CHECK(minhash_shingles(w, 0, out) == 0);
    CHECK(minhash_shingles(w, 1, out) == 1); /* shorter than a shingle: one */
    CHECK(minhash_shingles(w, 4, out) == 1);
    CHECK(minhash_shingles(w, 5, out) == 1);
    CHECK(minhash_shingles(w, 6, out) == 2);
    size_t n = minhash_shingles(w, 8, out);
    CHECK(n == 4);
    for (size_t i = 1; i < n; i++)
        CHECK(out[i - 1] < out[i]); /* sorted, unique */
    /* one word seven times: three equal shingles, one entry */
    uint64_t same[7];
    for (size_t i = 0; i < 7; i++)
        same[i] = w[0];
    CHECK(minhash_shingles(same, 7, out) == 1);
    /* order inside a shingle matters */
    uint32_t a[2], b[2];
    uint64_t swapped[5] = { w[1], w[0], w[2], w[3], w[4] };
    CHECK(minhash_shingles(w, 5, a) == 1);
    CHECK(minhash_shingles(swapped, 5, b) == 1);
    CHECK(a[0] != b[0]);
}

TEST(dedup_minhash_exact_jaccard)
{
    enum { N = 150 };
    static uint64_t base[N], edited[N];
    static uint32_t sa[N], sb[N];
    for (uint64_t trial = 0; trial < 5; trial++) {
        random_words(base, N, 3000, 500 + trial);
        memcpy(edited, base, sizeof base);
        for (size_t i = trial; i < N; i += 10)
            edited[i] = word_hash(2000000 + i);
        size_t na = minhash_shingles(base, N, sa), nb = minhash_shingles(edited, N, sb);
        double exact = minhash_exact_jaccard(sa, na, sb, nb);
        double truth = true_jaccard(base, N, edited, N);
        /* 32-bit shingle hashes: a collision in 150 shingles is ~1e-6 */
        CHECK(exact > truth - 1e-9 && exact < truth + 1e-9);
        CHECK(minhash_exact_jaccard(sb, nb, sa, na) == exact);
        CHECK(minhash_exact_jaccard(sa, na, sa, na) == 1.0);
        if (test_failed_now()) {
            printf("     trial %llu: exact %.4f, true %.4f\n", (unsigned long long)trial, exact, truth);
            return;
        }
    }
    const uint32_t x[] = { 1, 2, 3, 4 }, y[] = { 3, 4, 5, 6 }, z[] = { 7, 8 };
    CHECK(minhash_exact_jaccard(x, 4, y, 4) == 2.0 / 6.0);
    CHECK(minhash_exact_jaccard(x, 4, z, 2) == 0.0);
    CHECK(minhash_exact_jaccard(x, 4, NULL, 0) == 0.0);
}

/* ------------------------------------------------------------------ */
/* minhash_band_key */

TEST(dedup_band_keys_equal_for_equal_signatures)
{
    uint64_t words[80];
    random_words(words, 80, 1000, 11);
    uint16_t a[MINHASH_K], b[MINHASH_K];
    sign_folded(words, 80, a);
    memcpy(b, a, sizeof a);
    for (unsigned band = 0; band < MINHASH_BANDS; band++)
        CHECK(minhash_band_key(a, band) == minhash_band_key(b, band));
    /* one row changed: that band's key changes, the others stay */
    b[5 * MINHASH_ROWS + 2] ^= 0x10u;
    for (unsigned band = 0; band < MINHASH_BANDS; band++) {
        if (band == 5)
            CHECK(minhash_band_key(a, band) != minhash_band_key(b, band));
        else
            CHECK(minhash_band_key(a, band) == minhash_band_key(b, band));
    }
}

/* Each bin of a signature changed in turn: the keys of exactly the bands
 * that hold it change, loose bands too (a loose band's key reads the bin
 * after its three and must not depend on it), and minhash_band_key_in
 * of minhash_band_of is minhash_band_key. */
TEST(dedup_band_keys_read_their_own_bins)
{
    uint64_t words[120];
    random_words(words, 120, 5000, 29);
    uint16_t a[MINHASH_K], b[MINHASH_K];
    sign_folded(words, 120, a);
    size_t wrong = 0;
    for (unsigned bin = 0; bin < MINHASH_K; bin++) {
        memcpy(b, a, sizeof a);
        b[bin] ^= 0x0101u;
        for (unsigned band = 0; band < MINHASH_ALL_BANDS; band++) {
            unsigned first = band < MINHASH_BANDS ? band * MINHASH_ROWS : (band - MINHASH_BANDS) * MINHASH_LOOSE_ROWS;
            unsigned rows = band < MINHASH_BANDS ? MINHASH_ROWS : MINHASH_LOOSE_ROWS;
            int holds = bin >= first && bin < first + rows;
            wrong += (minhash_band_key(a, band) != minhash_band_key(b, band)) != holds;
            wrong += minhash_band_key_in(b, minhash_band_of(band)) != minhash_band_key(b, band);
            wrong += minhash_band_key(b, band) == 0;
        }
    }
    CHECK(wrong == 0);
}

TEST(dedup_band_keys_differ_between_bands)
{
    /* All bands' keys share one index (src/cluster/candidates.c), so the
     * same rows in different bands must not give the same key. */
    uint16_t a[MINHASH_K], b[MINHASH_K];
    for (size_t k = 0; k < MINHASH_K; k++) {
        a[k] = (uint16_t)(k % MINHASH_ROWS + 1);
        b[k] = (uint16_t)(k * 40503u);
    }
    /* every band of a holds the same rows */
    uint64_t keys[MINHASH_BANDS];
    for (unsigned band = 0; band < MINHASH_BANDS; band++) {
        keys[band] = minhash_band_key(a, band);
        for (unsigned prev = 0; prev < band; prev++)
            CHECK(keys[prev] != keys[band]);
    }
    /* b's band 3 copies a's band 0 */
    memcpy(b + 3 * MINHASH_ROWS, a, MINHASH_ROWS * sizeof *a);
    CHECK(minhash_band_key(b, 3) != minhash_band_key(a, 0));
    CHECK(minhash_band_key(b, 3) == minhash_band_key(a, 3));
}

TEST(dedup_band_keys_never_zero)
{
    uint16_t sig[MINHASH_K];
    /* constant signatures, including the empty text's all ones */
    static const uint16_t fills[] = { 0, 1, UINT16_MAX, 0x8000u };
    for (size_t f = 0; f < sizeof fills / sizeof *fills; f++) {
        for (size_t k = 0; k < MINHASH_K; k++)
            sig[k] = fills[f];
        for (unsigned band = 0; band < MINHASH_BANDS; band++)
            CHECK(minhash_band_key(sig, band) != 0);
    }
    /* many real signatures */
    uint64_t words[40];
    for (uint64_t t = 0; t < 300; t++) {
        random_words(words, 40, 500, 1000 + t);
        sign_folded(words, (size_t)(t % 40), sig);
        for (unsigned band = 0; band < MINHASH_BANDS; band++)
            CHECK(minhash_band_key(sig, band) != 0);
        if (test_failed_now())
            return;
    }
}

TEST(dedup_band_keys_find_near_copies)
{
    /* the LSH promise: a light edit still shares a band, an unrelated text
     * does not */
    enum { N = 300 };
    static uint64_t a[N], near[N], other[N];
    random_words(a, N, 4000, 21);
    memcpy(near, a, sizeof a);
    near[50] = word_hash(999001);
    near[200] = word_hash(999002);
    random_words(other, N, 4000, 22);
    uint16_t sa[MINHASH_K], sn[MINHASH_K], so[MINHASH_K];
    sign_folded(a, N, sa);
    sign_folded(near, N, sn);
    sign_folded(other, N, so);
    size_t shared_near = 0, shared_other = 0;
    for (unsigned band = 0; band < MINHASH_BANDS; band++) {
        shared_near += minhash_band_key(sa, band) == minhash_band_key(sn, band);
        shared_other += minhash_band_key(sa, band) == minhash_band_key(so, band);
    }
    CHECK(shared_near >= 10);
    CHECK(shared_other == 0);
}

/* ------------------------------------------------------------------ */
/* align_intersect */

/* stem codes: bit 0 marks a name or a number */
#define W(x) ((uint32_t)(x) << 1)
#define NAME(x) (((uint32_t)(x) << 1) | 1u)

TEST(dedup_align_intersect_counts)
{
    const uint32_t a[] = { W(1), W(2), NAME(3), W(5), NAME(8) };
    const uint32_t b[] = { W(2), W(3), W(4), W(5), NAME(8), W(9) };
    size_t names = 99;
    /* 2, 3, 5 and 8 are shared; 3 and 8 are names in a (3 is not in b:
     * codes compare without the mark) */
    CHECK(align_intersect(a, 5, b, 6, &names) == 4);
    CHECK(names == 2);
    /* from b's side the names are b's */
    CHECK(align_intersect(b, 6, a, 5, &names) == 4);
    CHECK(names == 1);
    /* names may be NULL */
    CHECK(align_intersect(a, 5, b, 6, NULL) == 4);
    /* empty sides */
    names = 99;
    CHECK(align_intersect(a, 0, b, 6, &names) == 0);
    CHECK(names == 0);
    CHECK(align_intersect(a, 5, b, 0, &names) == 0);
    CHECK(names == 0);
    CHECK(align_intersect(NULL, 0, NULL, 0, NULL) == 0);
    /* itself */
    CHECK(align_intersect(a, 5, a, 5, &names) == 5);
    CHECK(names == 2);
    /* disjoint */
    const uint32_t c[] = { W(100), NAME(101) };
    CHECK(align_intersect(a, 5, c, 2, &names) == 0);
    CHECK(names == 0);
    /* large codes: the top bit is part of the stem */
    const uint32_t big_a[] = { 0x7ffffffeu, 0xfffffffeu, 0xffffffffu };
    const uint32_t big_b[] = { 0xfffffffeu };
    CHECK(align_intersect(big_a, 2, big_b, 1, &names) == 1);
    CHECK(names == 0);
    const uint32_t big_c[] = { 0x7ffffffeu, 0xffffffffu };
    CHECK(align_intersect(big_c, 2, big_b, 1, &names) == 1);
    CHECK(names == 1);
}

/* ------------------------------------------------------------------ */
/* align_sentences */

#define SET(arr) ((stem_set){ (arr), sizeof(arr) / sizeof *(arr) })

/* A side of align_sentences made from sentences of stem codes: its words
 * the stems its sentences name (and `extra` more, which no sentence has,
 * as a title's words), sorted; its codes rewritten as places among them. */
typedef struct placed_side {
    placed_text text;
    uint32_t *words, *codes;
    stem_set *sents;
} placed_side;

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

static int place_side(placed_side *side, const stem_set *sents, size_t n, const uint32_t *extra, size_t n_extra)
{
    size_t total = n_extra;
    for (size_t i = 0; i < n; i++)
        total += sents[i].n;
    side->words = malloc((total + 1) * sizeof *side->words);
    side->codes = malloc((total + 1) * sizeof *side->codes);
    side->sents = malloc((n + 1) * sizeof *side->sents);
    if (!side->words || !side->codes || !side->sents)
        return 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < sents[i].n; t++)
            side->words[m++] = sents[i].stems[t] >> 1;
    for (size_t k = 0; k < n_extra; k++)
        side->words[m++] = extra[k];
    qsort(side->words, m, sizeof *side->words, cmp_u32);
    size_t u = 0;
    for (size_t k = 0; k < m; k++)
        if (!u || side->words[u - 1] != side->words[k])
            side->words[u++] = side->words[k];
    uint32_t *code = side->codes;
    for (size_t i = 0; i < n; i++) {
        side->sents[i] = (stem_set){ code, sents[i].n };
        for (size_t t = 0; t < sents[i].n; t++) {
            uint32_t stem = sents[i].stems[t] >> 1;
            const uint32_t *at = bsearch(&stem, side->words, u, sizeof *side->words, cmp_u32);
            *code++ = (uint32_t)(at - side->words) << 1 | (sents[i].stems[t] & 1u);
        }
    }
    side->text = (placed_text){ side->sents, n, side->words, u };
    return 1;
}

static void place_side_free(placed_side *side)
{
    free(side->words);
    free(side->codes);
    free(side->sents);
}

/* Runs align_sentences on sentences of stem codes (placed: place_side,
 * with extra words of their own), with a heap scratch of exactly
 * align_scratch_words, so the sanitizers see any overrun. */
static align_result align_extra(const stem_set *a, size_t na, const stem_set *b, size_t nb, double overlap,
                                size_t min_stems, const uint32_t *a_extra, const uint32_t *b_extra, size_t n_extra)
{
    align_result r = { 99, 99, 99, 0 };
    placed_side pa = { 0 }, pb = { 0 };
    size_t b_stems = 0;
    for (size_t j = 0; j < nb; j++)
        b_stems += b[j].n;
    if (place_side(&pa, a, na, a_extra, n_extra) && place_side(&pb, b, nb, b_extra, n_extra)) {
        uint64_t *scratch =
            malloc(align_scratch_words(na, nb, pa.text.n_words, pb.text.n_words, b_stems) * sizeof *scratch);
        if (scratch)
            align_sentences(&pa.text, &pb.text, overlap, min_stems, scratch, &r);
        free(scratch);
    }
    place_side_free(&pa);
    place_side_free(&pb);
    return r;
}

static align_result align(const stem_set *a, size_t na, const stem_set *b, size_t nb,
                          double overlap, size_t min_stems)
{
    return align_extra(a, na, b, nb, overlap, min_stems, NULL, NULL, 0);
}

/* Each text's places name its own words: the same place in two texts is
 * two words, and one word is at two places */
TEST(dedup_align_places_name_the_words)
{
    /* a's words 10 20 30 40 50 60, b's 5 20 30 40 50 70 */
    const uint32_t a_words[] = { 10, 20, 30, 40, 50, 60 }, b_words[] = { 5, 20, 30, 40, 50, 70 };
    const uint32_t a0[] = { W(1), W(2), W(3), W(4) };    /* 20 30 40 50 */
    const uint32_t b_same[] = { W(1), W(2), W(3), W(4) }; /* 20 30 40 50 */
    const uint32_t b_shifted[] = { W(2), W(3), W(4), W(5) }; /* 30 40 50 70 */
    const uint32_t a1[] = { W(0), W(1), W(2), W(5) };    /* 10 20 30 60 */
    const uint32_t b1[] = { W(0), W(1), W(2), W(5) };    /* 5 20 30 70 */
    const stem_set as[] = { { a0, 4 }, { a1, 4 } };
    uint64_t scratch[64];
    REQUIRE(align_scratch_words(2, 1, 6, 6, 4) <= 64);
    align_result r;
    const stem_set same[] = { { b_same, 4 } }, shifted[] = { { b_shifted, 4 } }, other[] = { { b1, 4 } };
    placed_text a = { as, 2, a_words, 6 };
    /* a0 in full; a1 shares 20 and 30 only (2 of 4: too few at 0.75) */
    placed_text b = { same, 1, b_words, 6 };
    align_sentences(&a, &b, 0.75, 4, scratch, &r);
    CHECK(r.counted == 2 && r.covered == 1);
    /* the same places, other words: 30 40 50 of a0's four (3 of 4) */
    b = (placed_text){ shifted, 1, b_words, 6 };
    align_sentences(&a, &b, 0.75, 4, scratch, &r);
    CHECK(r.covered == 1);
    align_sentences(&a, &b, 1.0, 4, scratch, &r);
    CHECK(r.covered == 0);
    /* a1's places again in b, but 10 and 60 are not b's words: 20 and 30
     * of its four, as of a0's */
    b = (placed_text){ other, 1, b_words, 6 };
    align_sentences(&a, &b, 0.75, 4, scratch, &r);
    CHECK(r.covered == 0);
    align_sentences(&a, &b, 0.5, 4, scratch, &r);
    CHECK(r.covered == 2 && r.in_order == 2);
}

/* five sentences of five to eight stems, no stem shared between them */
static const uint32_t s0[] = { W(10), W(11), W(12), NAME(13), W(14) };
static const uint32_t s1[] = { W(20), W(21), W(22), W(23), W(24), W(25) };
static const uint32_t s2[] = { W(30), NAME(31), W(32), W(33), W(34), W(35), W(36) };
static const uint32_t s3[] = { W(40), W(41), W(42), W(43), W(44) };
static const uint32_t s4[] = { NAME(50), W(51), W(52), W(53), W(54), W(55), W(56), W(57) };

TEST(dedup_align_full_coverage)
{
    const stem_set a[] = { SET(s0), SET(s1), SET(s2), SET(s3), SET(s4) };
    const stem_set b[] = { SET(s0), SET(s1), SET(s2), SET(s3), SET(s4) };
    align_result r = align(a, 5, b, 5, 0.5, 4);
    CHECK(r.counted == 5);
    CHECK(r.covered == 5);
    CHECK(r.in_order == 5);
    /* a strict overlap still covers identical sentences */
    r = align(a, 5, b, 5, 1.0, 4);
    CHECK(r.covered == 5 && r.in_order == 5);
    /* nothing to align against */
    r = align(a, 5, b, 0, 0.5, 4);
    CHECK(r.counted == 5 && r.covered == 0 && r.in_order == 0);
    /* nothing to align */
    r = align(a, 0, b, 5, 0.5, 4);
    CHECK(r.counted == 0 && r.covered == 0 && r.in_order == 0);
}

TEST(dedup_align_min_stems)
{
    const uint32_t tiny[] = { W(90), W(91), W(92) };
    const stem_set a[] = { SET(tiny), SET(s1), SET(s3) };
    const stem_set b[] = { SET(tiny), SET(s1) };
    /* the 3-stem sentence is too short to score, even though b has it */
    align_result r = align(a, 3, b, 2, 0.5, 4);
    CHECK(r.counted == 2);
    CHECK(r.covered == 1);
    CHECK(r.in_order == 1);
    r = align(a, 3, b, 2, 0.5, 3);
    CHECK(r.counted == 3);
    CHECK(r.covered == 2);
}

TEST(dedup_align_partial_overlap_threshold)
{
    /* a: 8 stems; b holds 5 of them plus others */
    const uint32_t a0[] = { W(1), W(2), W(3), W(4), W(5), W(6), W(7), W(8) };
    const uint32_t b0[] = { W(1), W(2), W(3), W(4), W(5), W(60), W(61), W(62) };
    const stem_set a[] = { SET(a0) };
    const stem_set b[] = { SET(b0) };
    CHECK(align(a, 1, b, 1, 0.5, 4).covered == 1);   /* 5 >= 4 */
    CHECK(align(a, 1, b, 1, 0.625, 4).covered == 1); /* 5 >= 5 */
    CHECK(align(a, 1, b, 1, 0.7, 4).covered == 0);   /* 5 < 6 */
}

TEST(dedup_align_split_sentence)
{
    /* one long sentence of a re-said as two adjacent sentences of b */
    const uint32_t longer[] = { W(1), W(2), W(3), W(4), W(5), W(6), W(7), W(8) };
    const uint32_t half1[] = { W(1), W(2), W(3), W(4), W(70) };
    const uint32_t half2[] = { W(5), W(6), W(7), W(8), W(71) };
    const uint32_t filler[] = { W(80), W(81), W(82), W(83), W(84) };
    const stem_set a[] = { SET(longer) };
    /* each half holds 4 of 8: not enough alone at overlap 0.8 (needs 7) */
    const stem_set only1[] = { SET(half1) };
    CHECK(align(a, 1, only1, 1, 0.8, 4).covered == 0);
    /* side by side they hold all 8 */
    const stem_set adjacent[] = { SET(filler), SET(half1), SET(half2), SET(filler) };
    align_result r = align(a, 1, adjacent, 4, 0.8, 4);
    CHECK(r.counted == 1);
    CHECK(r.covered == 1);
    CHECK(r.in_order == 1);
    /* apart, they do not */
    const stem_set apart[] = { SET(half1), SET(filler), SET(half2) };
    r = align(a, 1, apart, 3, 0.8, 4);
    CHECK(r.covered == 0);
    /* the first half at b[0] */
    const stem_set first[] = { SET(half1), SET(half2) };
    CHECK(align(a, 1, first, 2, 0.8, 4).covered == 1);
    /* a half that holds none of a's stems does not make a split */
    const uint32_t most[] = { W(1), W(2), W(3), W(4), W(5), W(6), W(90) };
    const stem_set with_empty[] = { SET(filler), SET(most) };
    /* 6 of 8 < 7: not whole; the filler before it holds none: not split */
    CHECK(align(a, 1, with_empty, 2, 0.8, 4).covered == 0);
}

TEST(dedup_align_names_must_agree)
{
    /* 6 stems, 2 of them names: covering needs half the names (1) */
    const uint32_t a0[] = { W(1), NAME(2), W(3), NAME(4), W(5), W(6) };
    const uint32_t no_names[] = { W(1), NAME(20), W(3), W(5), W(6) };
    const uint32_t one_name[] = { W(1), NAME(2), W(3), W(5), W(6) };
    const uint32_t name_as_word[] = { W(1), W(2), W(3), W(5), W(6) };
    const stem_set a[] = { SET(a0) };
    const stem_set b_none[] = { SET(no_names) };
    const stem_set b_one[] = { SET(one_name) };
    const stem_set b_word[] = { SET(name_as_word) };
    /* 4 of 6 stems but no name: another person, place or number */
    CHECK(align(a, 1, b_none, 1, 0.5, 4).covered == 0);
    CHECK(align(a, 1, b_one, 1, 0.5, 4).covered == 1);
    /* the name is counted from a's side: b may write it in lower case */
    CHECK(align(a, 1, b_word, 1, 0.5, 4).covered == 1);
    /* three names need two */
    const uint32_t a1[] = { NAME(1), NAME(2), NAME(3), W(4), W(5), W(6) };
    const uint32_t b1[] = { NAME(1), W(4), W(5), W(6), W(7) };
    const uint32_t b2[] = { NAME(1), NAME(3), W(4), W(5), W(7) };
    const stem_set a_three[] = { SET(a1) };
    const stem_set b_one_of_three[] = { SET(b1) };
    const stem_set b_two_of_three[] = { SET(b2) };
    CHECK(align(a_three, 1, b_one_of_three, 1, 0.5, 4).covered == 0);
    CHECK(align(a_three, 1, b_two_of_three, 1, 0.5, 4).covered == 1);
    /* a split needs the names across both halves */
    const uint32_t a2[] = { NAME(1), W(2), W(3), W(4), NAME(5), W(6), W(7), W(8) };
    const uint32_t h1[] = { W(2), W(3), W(4), W(40) };
    const uint32_t h2[] = { W(6), W(7), W(8), W(41) };
    const uint32_t h2n[] = { NAME(5), W(6), W(7), W(8) };
    const stem_set a_split[] = { SET(a2) };
    const stem_set b_nameless[] = { SET(h1), SET(h2) };
    const stem_set b_named[] = { SET(h1), SET(h2n) };
    CHECK(align(a_split, 1, b_nameless, 2, 0.75, 4).covered == 0);
    CHECK(align(a_split, 1, b_named, 2, 0.75, 4).covered == 1);
}

TEST(dedup_align_in_order)
{
    const stem_set a[] = { SET(s0), SET(s1), SET(s2), SET(s3), SET(s4) };
    /* partners of a0..a4 sit at b positions 1, 2, 0, 4, 3: the longest
     * increasing run is 3 (1, 2, 4 or 1, 2, 3) */
    const stem_set b[] = { SET(s2), SET(s0), SET(s1), SET(s4), SET(s3) };
    align_result r = align(a, 5, b, 5, 0.5, 4);
    CHECK(r.counted == 5);
    CHECK(r.covered == 5);
    CHECK(r.in_order == 3);
    /* reversed: only one keeps its order */
    const stem_set rev[] = { SET(s4), SET(s3), SET(s2), SET(s1), SET(s0) };
    r = align(a, 5, rev, 5, 0.5, 4);
    CHECK(r.covered == 5);
    CHECK(r.in_order == 1);
    /* two sentences of a merged into one of b keep their order */
    const uint32_t merged[] = { W(10), W(11), W(12), NAME(13), W(14), W(20), W(21), W(22), W(23),
                                W(24), W(25) };
    const stem_set b_merged[] = { SET(merged), SET(s2), SET(s3), SET(s4) };
    r = align(a, 5, b_merged, 4, 0.5, 4);
    CHECK(r.covered == 5);
    CHECK(r.in_order == 5);
    /* a sentence with no partner is neither covered nor in order */
    const stem_set b_missing[] = { SET(s0), SET(s1), SET(s3), SET(s4) };
    r = align(a, 5, b_missing, 4, 0.5, 4);
    CHECK(r.counted == 5);
    CHECK(r.covered == 4);
    CHECK(r.in_order == 4);
}

TEST(dedup_align_first_partner_wins)
{
    /* a sentence said twice in b aligns to its first occurrence */
    const stem_set a[] = { SET(s1), SET(s0) };
    const stem_set b[] = { SET(s0), SET(s1), SET(s0) };
    align_result r = align(a, 2, b, 3, 0.5, 4);
    CHECK(r.covered == 2);
    /* partners 1 and 0: one in order (a later partner at b[2] would have
     * made both) */
    CHECK(r.in_order == 1);
}

/* The plain way: each sentence of a merged with each sentence of b in
 * turn (align_intersect), which align_sentences' index must agree with. */
static align_result align_plain(const stem_set *a, size_t na, const stem_set *b, size_t nb, double overlap,
                                size_t min_stems)
{
    align_result r = { 0, 0, 0, 0 };
    size_t partners[64], best = 0, tails[64];
    for (size_t i = 0; i < na && i < 64; i++) {
        if (a[i].n < min_stems)
            continue;
        r.counted++;
        size_t need = (size_t)(overlap * (double)a[i].n + 0.999999), names = 0;
        for (size_t t = 0; t < a[i].n; t++)
            names += a[i].stems[t] & 1;
        size_t need_names = (names + 1) / 2, prev = 0, prev_names = 0;
        for (size_t j = 0; j < nb; j++) {
            size_t here_names, here = align_intersect(a[i].stems, a[i].n, b[j].stems, b[j].n, &here_names);
            int whole = (here >= need && here_names >= need_names) ||
                        (names >= 2 && here_names * 5 >= names * 4 && here * 4 >= a[i].n);
            int split = j > 0 && prev && here && prev + here >= need && prev_names + here_names >= need_names;
            if (whole || split) {
                partners[r.covered++] = whole ? j : j - 1;
                break;
            }
            prev = here;
            prev_names = here_names;
        }
    }
    for (size_t x = 0; x < r.covered; x++) { /* longest non-decreasing run, by the quadratic way */
        tails[x] = 1;
        for (size_t y = 0; y < x; y++)
            if (partners[y] <= partners[x] && tails[y] + 1 > tails[x])
                tails[x] = tails[y] + 1;
        best = tails[x] > best ? tails[x] : best;
    }
    r.in_order = best;
    return r;
}

/* Random sentences over a small vocabulary (so that they share stems,
 * names as words and words as names), some of b copied or split from a:
 * the index gives what the plain merges give. */
TEST(dedup_align_index_matches_plain)
{
    enum { SENTS = 24, MOST = 16 };
    static uint32_t pool_a[SENTS][MOST], pool_b[SENTS][MOST];
    stem_set a[SENTS], b[SENTS];
    uint64_t seed = 11;
    size_t differ = 0, covered = 0;
    for (int trial = 0; trial < 300; trial++) {
        size_t na = 1 + next_random(&seed) % SENTS, nb = next_random(&seed) % SENTS;
        uint64_t vocab = 8 + next_random(&seed) % 60;
        for (int side = 0; side < 2; side++) {
            size_t n = side ? nb : na;
            for (size_t i = 0; i < n; i++) {
                uint32_t *out = side ? pool_b[i] : pool_a[i];
                size_t len = next_random(&seed) % MOST, m = 0;
                if (side && i < na && next_random(&seed) % 3 == 0) { /* a's sentence again, or most of it */
                    for (size_t t = 0; t < a[i].n; t++)
                        if (next_random(&seed) % 5)
                            out[m++] = a[i].stems[t] ^ (uint32_t)(next_random(&seed) % 4 == 0);
                } else {
                    /* sorted unique stems: draw a sorted subset of the vocabulary */
                    for (uint64_t w = 0; w < vocab && m < len; w++)
                        if (next_random(&seed) % vocab < len)
                            out[m++] = (uint32_t)(w << 1 | (next_random(&seed) % 4 == 0));
                }
                (side ? b : a)[i] = (stem_set){ out, m };
            }
        }
        double overlap = 0.3 + (double)(next_random(&seed) % 60) / 100;
        size_t min_stems = 1 + next_random(&seed) % 5;
        /* words of each text in no sentence (a title's), some of them the
         * other's sentence words: places of the two texts then differ */
        uint32_t a_extra[8], b_extra[8];
        for (size_t k = 0; k < 8; k++) {
            a_extra[k] = (uint32_t)(next_random(&seed) % (vocab + 8));
            b_extra[k] = (uint32_t)(next_random(&seed) % (vocab + 8));
        }
        size_t n_extra = next_random(&seed) % 9;
        align_result fast = align_extra(a, na, b, nb, overlap, min_stems, a_extra, b_extra, n_extra);
        align_result plain = align_plain(a, na, b, nb, overlap, min_stems);
        differ += fast.counted != plain.counted || fast.covered != plain.covered || fast.in_order != plain.in_order;
        covered += plain.covered;
    }
    CHECK(differ == 0);
    CHECK(covered > 100); /* the trials did align something */
}

/* Sentences of b that all hold one common stem (a frequent word), so
 * that a sentence of a holding it touches every sentence of b, and a's
 * sentences in turn touch many and few: the tally kept only where it was
 * touched, and only those looked at, give what the plain merges give. */
TEST(dedup_align_common_stem_matches_plain)
{
    enum { SENTS = 40, MOST = 12 };
    static uint32_t pool_a[SENTS][MOST], pool_b[SENTS][MOST];
    stem_set a[SENTS], b[SENTS];
    uint64_t seed = 25;
    size_t differ = 0, covered = 0;
    for (int trial = 0; trial < 300; trial++) {
        size_t na = 1 + next_random(&seed) % SENTS, nb = 1 + next_random(&seed) % SENTS;
        uint64_t vocab = 4 + next_random(&seed) % 40;
        for (int side = 0; side < 2; side++) {
            size_t n = side ? nb : na;
            for (size_t i = 0; i < n; i++) {
                uint32_t *out = side ? pool_b[i] : pool_a[i];
                size_t len = 1 + next_random(&seed) % (MOST - 1), m = 0;
                if (side || next_random(&seed) % 2)
                    out[m++] = W(0);
                for (uint64_t w = 1; w <= vocab && m < len; w++)
                    if (next_random(&seed) % vocab < len)
                        out[m++] = (uint32_t)(w << 1 | (next_random(&seed) % 3 == 0));
                (side ? b : a)[i] = (stem_set){ out, m };
            }
        }
        double overlap = (double)(next_random(&seed) % 101) / 100;
        size_t min_stems = 1 + next_random(&seed) % 4;
        align_result fast = align(a, na, b, nb, overlap, min_stems);
        align_result plain = align_plain(a, na, b, nb, overlap, min_stems);
        differ += fast.counted != plain.counted || fast.covered != plain.covered || fast.in_order != plain.in_order;
        covered += plain.covered;
    }
    CHECK(differ == 0);
    CHECK(covered > 100);
    /* an overlap of 0 needs nothing: a sentence of no names is re-said by
     * b's first sentence, even one that holds none of its stems (both of
     * a's partners are b's first: both in order) */
    const uint32_t lone[] = { W(70), W(71), W(72), W(73) }, other[] = { W(80), W(81), W(82), W(83) };
    const stem_set la[] = { SET(lone), SET(other) }, lb[] = { SET(other), SET(lone) };
    align_result r = align(la, 2, lb, 2, 0, 4), p = align_plain(la, 2, lb, 2, 0, 4);
    CHECK(p.covered == 2 && p.in_order == 2);
    CHECK(r.covered == 2 && r.in_order == 2);
}

/* Draws m distinct stems from [lo, lo + span) into out, ascending. */
static size_t draw_stems(uint32_t *out, size_t m, uint32_t lo, uint32_t span, uint64_t *seed)
{
    size_t got = 0;
    for (uint32_t w = lo; w < lo + span && got < m; w++)
        if (next_random(seed) % (span - (w - lo)) < m - got)
            out[got++] = w << 1 | (uint32_t)(next_random(seed) % 5 == 0);
    return got;
}

/* Four stems in every sentence of a long b (a text's commonest words),
 * each sentence of a holding them too: a sentence's rarest stems pick its
 * candidates and the common ones are looked up in those alone, so far
 * fewer postings are read than the whole tally's, with the same answers
 * (whole and split partners, by stems and by names). */
TEST(dedup_align_frequent_stems_looked_up)
{
    enum { NB = 400, NA = 60, RARE = 12, MOST = 4 + RARE };
    static uint32_t pool_a[NA][MOST], pool_b[NB][MOST];
    stem_set a[NA], b[NB];
    uint64_t seed = 26;
    size_t differ = 0, covered = 0, walked = 0, whole_tally = 0;
    for (int trial = 0; trial < 20; trial++) {
        for (size_t j = 0; j < NB; j++) {
            uint32_t *out = pool_b[j];
            for (uint32_t c = 0; c < 4; c++)
                out[c] = W(1 + c);
            b[j] = (stem_set){ out, 4 + draw_stems(out + 4, 4 + next_random(&seed) % (RARE - 3), 10, 4000, &seed) };
        }
        for (size_t i = 0; i < NA; i++) {
            uint32_t *out = pool_a[i];
            size_t m = 0, kind = next_random(&seed) % 3, j = next_random(&seed) % (NB - 1);
            if (kind == 0) { /* b[j] again, a stem or two dropped */
                for (size_t t = 0; t < b[j].n; t++)
                    if (t < 4 || next_random(&seed) % 6)
                        out[m++] = b[j].stems[t];
            } else if (kind == 1) { /* b[j] and b[j + 1] in one: a split */
                for (uint32_t c = 0; c < 4; c++)
                    out[m++] = W(1 + c);
                uint32_t merged[2 * MOST];
                size_t k = 0;
                for (size_t t = 4; t < b[j].n; t += 2)
                    merged[k++] = b[j].stems[t];
                for (size_t t = 4; t < b[j + 1].n; t += 2)
                    merged[k++] = b[j + 1].stems[t];
                qsort(merged, k, sizeof *merged, cmp_u32);
                for (size_t t = 0; t < k && m < MOST; t++)
                    if (!m || merged[t] >> 1 != out[m - 1] >> 1)
                        out[m++] = merged[t];
            } else {
                for (uint32_t c = 0; c < 4; c++)
                    out[m++] = W(1 + c);
                m += draw_stems(out + m, RARE, 10, 4000, &seed);
            }
            a[i] = (stem_set){ out, m };
            for (size_t t = 0; t < m; t++) /* the whole tally reads each stem's postings */
                for (size_t y = 0; y < NB; y++)
                    for (size_t u = 0; u < b[y].n; u++)
                        whole_tally += b[y].stems[u] >> 1 == a[i].stems[t] >> 1;
        }
        double overlap = 0.4 + (double)(next_random(&seed) % 40) / 100;
        align_result fast = align(a, NA, b, NB, overlap, 4);
        align_result plain = align_plain(a, NA, b, NB, overlap, 4);
        differ += fast.counted != plain.counted || fast.covered != plain.covered || fast.in_order != plain.in_order;
        covered += plain.covered;
        walked += fast.walked;
    }
    CHECK(differ == 0);
    CHECK(covered > 400);
    CHECK(walked * 2 < whole_tally);
}

/* align_shared_keys against its definition, each key of x looked for
 * among y's: random keys from a few values (0 among them, and repeats on
 * both sides). */
TEST(dedup_align_shared_keys_as_nested)
{
    uint64_t x[80], y[80], scratch[80], seed = 7;
    size_t differ = 0, shared_any = 0;
    for (int trial = 0; trial < 500; trial++) {
        size_t nx = next_random(&seed) % 80, ny = next_random(&seed) % 80;
        uint64_t values = 1 + next_random(&seed) % 60;
        for (size_t i = 0; i < nx; i++)
            x[i] = next_random(&seed) % values * 0x9e3779b97f4a7c15ull;
        for (size_t j = 0; j < ny; j++)
            y[j] = next_random(&seed) % values * 0x9e3779b97f4a7c15ull;
        size_t want = 0;
        for (size_t i = 0; i < nx; i++) {
            int dup = !x[i];
            for (size_t k = 0; k < i && !dup; k++)
                dup = x[k] == x[i];
            for (size_t j = 0; j < ny && !dup; j++)
                if (y[j] == x[i]) {
                    want++;
                    break;
                }
        }
        differ += align_shared_keys(x, nx, y, ny, scratch) != want;
        shared_any += want > 0;
    }
    CHECK(differ == 0);
    CHECK(shared_any > 100);
}
