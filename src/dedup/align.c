/* align: sentence coverage and order between two texts by stem overlap. */
#include "dedup/align.h"

#include <string.h>

#include "common/radix.h"

size_t align_intersect(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t *names)
{
    size_t i = 0, j = 0, n = 0, nn = 0;
    /* without branches: which side moves is data, not a guess the
     * processor gets wrong one time in two */
    while (i < na && j < nb) {
        uint32_t x = a[i] >> 1, y = b[j] >> 1;
        size_t same = x == y;
        n += same;
        nn += same & a[i];
        i += x <= y;
        j += y <= x;
    }
    if (names)
        *names = nn;
    return n;
}

static size_t count_names(const stem_set *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->stems[i] & 1;
    return n;
}

/* Longest non-decreasing subsequence of v[0..n), patience sorting. */
static size_t longest_increasing(const uint32_t *v, size_t n, uint32_t *tails)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (tails[mid] <= v[i]) /* two sentences merged into one partner keep order */
                lo = mid + 1;
            else
                hi = mid;
        }
        tails[lo] = v[i];
        if (lo == len)
            len++;
    }
    return len;
}

size_t align_scratch_words(size_t na, size_t nb, size_t a_words, size_t b_words, size_t b_stems)
{
    /* tally (nb), then in 32-bit words: the place map (a_words), the
     * postings' bounds (b_words + 2), the postings (b_stems), the
     * sentences of b a sentence of a touched (nb, and one more for a write
     * past the last that is not kept), the partners and the
     * longest run's tails (na each) */
    return nb + (a_words + b_words + 2 + b_stems + nb + 1 + 2 * na + 1) / 2 + 1;
}

size_t align_shared_keys(uint64_t *x, size_t nx, uint64_t *y, size_t ny, uint64_t *scratch)
{
    radix_sort_u64(x, scratch, nx);
    radix_sort_u64(y, scratch, ny);
    size_t i = 0, j = 0, shared = 0;
    while (i < nx && j < ny) {
        if (!x[i] || x[i] < y[j]) {
            i++;
        } else if (y[j] < x[i]) {
            j++;
        } else {
            shared++;
            uint64_t key = x[i];
            while (i < nx && x[i] == key)
                i++;
        }
    }
    return shared;
}

/* b's stems are put in one index, place -> sentences (a counting sort
 * of b's places: a place is a word of b, so the index needs neither a
 * sort of the stems nor a hash table), and a's places are mapped to b's
 * by one merge of the two texts' sorted words, so that each sentence of
 * a counts its stems (and names) in every sentence of b in one look-up a
 * stem, instead of one merge of two stem lists a sentence of b. */
void align_sentences(const placed_text *a, const placed_text *b, double overlap, size_t min_stems, uint64_t *scratch,
                     align_result *out)
{
    size_t na = a->n_sents, nb = b->n_sents, b_words = b->n_words;
    uint64_t *tally = scratch; /* a sentence of b: stems | names << 32 */
    uint32_t *map = (uint32_t *)(tally + nb);
    uint32_t *bound = map + a->n_words;
    uint32_t *postings = bound + b_words + 2;
    /* a's places to b's; b_words (whose postings are none) when b has not
     * the word: no branch on it below */
    size_t at = 0;
    for (size_t in_b = 0; at < a->n_words && in_b < b_words;) {
        uint32_t x = a->words[at], y = b->words[in_b];
        map[at] = x == y ? (uint32_t)in_b : (uint32_t)b_words;
        at += x <= y;
        in_b += y <= x;
    }
    for (; at < a->n_words; at++)
        map[at] = (uint32_t)b_words;
    /* place p's sentences are postings[bound[p], bound[p + 1]), ascending */
    memset(bound, 0, (b_words + 2) * sizeof *bound);
    size_t k = 0;
    for (size_t y = 0; y < nb; y++) {
        for (size_t t = 0; t < b->sents[y].n; t++)
            bound[(b->sents[y].stems[t] >> 1) + 2]++;
        k += b->sents[y].n;
    }
    for (size_t p = 2; p < b_words + 2; p++)
        bound[p] += bound[p - 1];
    for (size_t y = 0; y < nb; y++)
        for (size_t t = 0; t < b->sents[y].n; t++)
            postings[bound[(b->sents[y].stems[t] >> 1) + 1]++] = (uint32_t)y;
    uint32_t *touched = postings + k;
    uint32_t *partners = touched + nb + 1;
    const stem_set *as = a->sents;
    size_t scored = 0, covered = 0;
    /* the tally is cleared once here and then only where a sentence of a
     * touched it: a sentence's cost is its stems' postings, not nb */
    memset(tally, 0, nb * sizeof *tally);
    for (size_t i = 0; i < na; i++) {
        if (as[i].n < min_stems)
            continue;
        scored++;
        size_t need = (size_t)(overlap * (double)as[i].n + 0.999999);
        size_t names = count_names(&as[i]);
        size_t need_names = (names + 1) / 2;
        size_t n_touched = 0;
        for (size_t t = 0; t < as[i].n; t++) {
            uint32_t place = map[as[i].stems[t] >> 1];
            uint64_t add = 1 | (uint64_t)(as[i].stems[t] & 1) << 32;
            for (uint32_t x = bound[place]; x < bound[place + 1]; x++) {
                uint32_t y = postings[x];
                touched[n_touched] = y; /* kept when the first */
                n_touched += tally[y] == 0;
                tally[y] += add;
            }
        }
        /* the first sentence of b, in b's order, that re-says it: one
         * with none of its stems neither re-says it whole nor holds a
         * half of it, so only the touched ones can be that sentence */
        size_t first = nb;
        int first_whole = 0;
        if (nb && !need && !need_names) /* (an overlap of 0) */
            first = 0, first_whole = 1;
        for (size_t u = 0; u < n_touched; u++) {
            size_t j = touched[u];
            if (j >= first)
                continue;
            size_t here = (uint32_t)tally[j], here_names = tally[j] >> 32;
            size_t prev = j > 0 ? (uint32_t)tally[j - 1] : 0, prev_names = j > 0 ? tally[j - 1] >> 32 : 0;
            /* re-said: most of its stems and half its names; or, for a
             * sentence of facts (two or more names and numbers), nearly all
             * of them with a quarter of its stems: a paraphrase that changed
             * every other word keeps who, where and how many */
            int whole = (here >= need && here_names >= need_names) ||
                        (names >= 2 && here_names * 5 >= names * 4 && here * 4 >= as[i].n);
            /* a sentence split in two: its halves sit side by side (the sum
             * may count a word of both halves twice; each half must still
             * hold some of a's stems) */
            int split = prev && prev + here >= need && prev_names + here_names >= need_names;
            if (whole || split) {
                first = j;
                first_whole = whole;
            }
        }
        if (first < nb)
            partners[covered++] = (uint32_t)(first_whole ? first : first - 1);
        for (size_t u = 0; u < n_touched; u++)
            tally[touched[u]] = 0;
    }
    out->counted = scored;
    out->covered = covered;
    /* the partners' order: reuse the room past the partners */
    out->in_order = longest_increasing(partners, covered, partners + covered);
}
