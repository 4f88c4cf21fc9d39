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

/* The slots of the index's table: a power of two, at most half full. */
static size_t table_slots(size_t b_stems)
{
    size_t slots = 16;
    while (slots < 2 * b_stems)
        slots *= 2;
    return slots;
}

size_t align_scratch_words(size_t na, size_t nb, size_t b_stems)
{
    return 2 * b_stems + table_slots(b_stems) + nb + na + 1;
}

static size_t table_home(uint32_t stem, size_t slots)
{
    return (size_t)((stem * 0x9e3779b97f4a7c15ULL) >> 32) & (slots - 1);
}

/* Where stem's entries start in the index, or SIZE_MAX: a table slot is
 * stem + 1 << 32 | its first entry, 0 when empty. */
static size_t table_find(const uint64_t *table, size_t slots, uint32_t stem)
{
    uint64_t want = (uint64_t)stem + 1;
    for (size_t j = table_home(stem, slots);; j = (j + 1) & (slots - 1)) {
        if (!table[j])
            return SIZE_MAX;
        if (table[j] >> 32 == want)
            return (uint32_t)table[j];
    }
}

/* b's stems are put in one index, stem -> sentence (sorted by stem, with a
 * table of where each stem's entries start), so that each sentence of a
 * counts its stems (and names) in every sentence of b in one look-up a
 * stem, instead of one merge of two stem lists a sentence of b. */
void align_sentences(const stem_set *a, size_t na, const stem_set *b, size_t nb, double overlap,
                     size_t min_stems, uint64_t *scratch, align_result *out)
{
    size_t k = 0;
    for (size_t j = 0; j < nb; j++)
        k += b[j].n;
    size_t slots = table_slots(k);
    uint64_t *index = scratch, *table = scratch + 2 * k;
    uint64_t *tally = table + slots; /* a sentence of b: stems | names << 32 */
    uint32_t *partners = (uint32_t *)(tally + nb);
    k = 0;
    for (size_t j = 0; j < nb; j++)
        for (size_t t = 0; t < b[j].n; t++)
            index[k++] = (uint64_t)(b[j].stems[t] >> 1) << 32 | j;
    radix_sort_u64_high_hashes(index, scratch + k, k);
    memset(table, 0, slots * sizeof *table);
    for (size_t x = 0; x < k; x++) {
        uint32_t stem = (uint32_t)(index[x] >> 32);
        if (x && (uint32_t)(index[x - 1] >> 32) == stem)
            continue;
        size_t j = table_home(stem, slots);
        while (table[j])
            j = (j + 1) & (slots - 1);
        table[j] = ((uint64_t)stem + 1) << 32 | x;
    }
    size_t scored = 0, covered = 0;
    for (size_t i = 0; i < na; i++) {
        if (a[i].n < min_stems)
            continue;
        scored++;
        size_t need = (size_t)(overlap * (double)a[i].n + 0.999999);
        size_t names = count_names(&a[i]);
        size_t need_names = (names + 1) / 2;
        memset(tally, 0, nb * sizeof *tally);
        for (size_t t = 0; t < a[i].n; t++) {
            uint32_t stem = a[i].stems[t] >> 1;
            uint64_t add = 1 | (uint64_t)(a[i].stems[t] & 1) << 32;
            size_t x = table_find(table, slots, stem);
            for (; x < k && (uint32_t)(index[x] >> 32) == stem; x++)
                tally[(uint32_t)index[x]] += add;
        }
        size_t prev = 0, prev_names = 0;
        for (size_t j = 0; j < nb; j++) {
            size_t here = (uint32_t)tally[j], here_names = tally[j] >> 32;
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
                partners[covered++] = (uint32_t)(whole ? j : j - 1);
                break;
            }
            prev = here;
            prev_names = here_names;
        }
    }
    out->counted = scored;
    out->covered = covered;
    /* the partners' order: reuse the room past the partners */
    out->in_order = longest_increasing(partners, covered, partners + covered);
}
