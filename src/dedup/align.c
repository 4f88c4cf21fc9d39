/* align: sentence coverage and order between two texts by stem overlap. */
#include "dedup/align.h"

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

void align_sentences(const stem_set *a, size_t na, const stem_set *b, size_t nb, double overlap,
                     size_t min_stems, uint32_t *scratch, align_result *out)
{
    size_t scored = 0, covered = 0;
    for (size_t i = 0; i < na; i++) {
        if (a[i].n < min_stems)
            continue;
        scored++;
        size_t need = (size_t)(overlap * (double)a[i].n + 0.999999);
        size_t names = count_names(&a[i]);
        size_t need_names = (names + 1) / 2;
        size_t prev = 0, prev_names = 0;
        for (size_t j = 0; j < nb; j++) {
            size_t here_names;
            size_t here = align_intersect(a[i].stems, a[i].n, b[j].stems, b[j].n, &here_names);
            /* re-said: most of its stems and half its names; or, for a
             * sentence of facts (two or more names and numbers), nearly all
             * of them with a quarter of its stems: a paraphrase that changed
             * every other word keeps who, where and how many */
            int whole = (here >= need && here_names >= need_names) ||
                        (names >= 2 && here_names * 5 >= names * 4 && here * 4 >= a[i].n);
            /* a sentence split in two: its halves sit side by side (the sum
             * may count a word of both halves twice; each half must still
             * hold some of a's stems) */
            int split = j > 0 && prev && here && prev + here >= need &&
                        prev_names + here_names >= need_names;
            if (whole || split) {
                scratch[covered++] = (uint32_t)(whole ? j : j - 1);
                break;
            }
            prev = here;
            prev_names = here_names;
        }
    }
    out->counted = scored;
    out->covered = covered;
    /* the partners' order: reuse the tail of scratch past the partners */
    out->in_order = longest_increasing(scratch, covered, scratch + covered);
}
