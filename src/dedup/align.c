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
    /* tally (nb) and a sentence's stems by their postings' length, with
     * the sort's scratch (a_words each: a sentence's stems are of a's
     * words, each once), then in 32-bit words: the place map (a_words),
     * the postings' bounds (b_words + 2), the postings (b_stems), the
     * sentences of b a sentence of a touched (nb, and one more for a write
     * past the last that is not kept), the sentence's places in b
     * (a_words), the partners and the longest run's tails (na each) */
    return nb + 2 * a_words + (a_words + b_words + 2 + b_stems + nb + 1 + a_words + 2 * na + 1) / 2 + 1;
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
 * by one merge of the two texts' sorted words; a sentence of a then
 * tallies its stems in the sentences of b by their postings.
 *
 * A frequent stem's postings grow with b, and walking them for every
 * sentence of a that has it made two long texts cost their product.  So
 * a sentence's frequent stems are not walked but looked up, in the few
 * sentences that may still be its partner (prefix filtering: Chaudhuri,
 * Ganti and Kaushik, ICDE 2006; Bayardo, Ma and Srikant, WWW 2007).  A
 * partner holds `need` of the sentence's stems, or one half of a split
 * partner ceil(need / 2), so it holds one of any n - ceil(need / 2) + 1
 * of them, its rarest ones; a partner by names holds four fifths of its
 * names, so one of its names - ceil(4 names / 5) + 1 rarest names.  Those
 * are always walked; of the others, those in more than ALIGN_WALK_MOST
 * sentences of b are left out, at most (need - 2) / 2 of them.  A
 * sentence of b then holds at most its tally plus the stems left out, so
 * one (or a split's pair) that holds a single walked stem is not a
 * partner by that bound alone; the few whose bound could be are counted
 * in full, the left-out stems looked for among their own.  A b with no
 * stem in more than ALIGN_WALK_MOST sentences (an article of usual
 * length), and a sentence with none, are tallied whole, as before.  The
 * answers are those of the whole tally. */
enum { ALIGN_WALK_MOST = 64 };

typedef struct align_side {
    const uint32_t *map;      /* a's places to b's (b_words: not b's) */
    const uint32_t *bound;    /* place p's sentences are postings[bound[p], bound[p + 1]) */
    const uint32_t *postings;
    size_t b_words, nb;
    uint64_t *by_rarity;      /* a sentence's stems: postings' length << 32 | index in mapped */
    uint64_t *sort_scratch;
    uint32_t *mapped;         /* the sentence's stems that b has, in b's places */
    size_t walked;            /* postings read */
    const stem_set *sents;  /* b's */
    uint64_t *tally;        /* a sentence of b: stems | names << 32 (| ALIGN_EXACT when the left-out stems are in) */
    uint32_t *touched;      /* the sentences of b whose tally is not 0 */
    size_t n_touched;
    const uint32_t *left_out; /* the sentence of a's stems not walked: b's places << 1 | a's name bit, ascending */
    size_t n_left, n_left_names;
} align_side;

#define ALIGN_EXACT ((uint64_t)1 << 63)

static size_t tally_stems(uint64_t t)
{
    return (uint32_t)t;
}

static size_t tally_names(uint64_t t)
{
    return (size_t)(t >> 32) & 0x7fffffffu;
}

/* returns: sentence y of b's stems (and names) of the sentence of a,
 * the left-out stems looked for (by one merge) the first time asked */
static uint64_t align_exact(align_side *s, size_t y)
{
    uint64_t t = s->tally[y];
    if ((t & ALIGN_EXACT) || !s->n_left)
        return t;
    if (!t)
        s->touched[s->n_touched++] = (uint32_t)y;
    size_t names = 0, here = s->n_left ? align_intersect(s->left_out, s->n_left, s->sents[y].stems, s->sents[y].n, &names) : 0;
    t = (t + here + ((uint64_t)names << 32)) | ALIGN_EXACT;
    s->tally[y] = t;
    return t;
}

/* returns: the most stems (names in *names) sentence y of b may hold */
static size_t align_bound(const align_side *s, size_t y, size_t *names)
{
    uint64_t t = s->tally[y];
    size_t exact = (t & ALIGN_EXACT) != 0;
    *names = tally_names(t) + (exact ? 0 : s->n_left_names);
    return tally_stems(t) + (exact ? 0 : s->n_left);
}

typedef struct align_need {
    size_t n, need, names, need_names;
} align_need;

/* Whether a sentence of b with `here` of the sentence's stems and
 * `here_names` of its names re-says it whole: most of its stems and half
 * its names; or, for a sentence of facts (two or more names and numbers),
 * nearly all of them with a quarter of its stems: a paraphrase that
 * changed every other word keeps who, where and how many. */
static int align_whole(const align_need *q, size_t here, size_t here_names)
{
    return (here >= q->need && here_names >= q->need_names) ||
           (q->names >= 2 && here_names * 5 >= q->names * 4 && here * 4 >= q->n);
}

/* A sentence split in two: its halves sit side by side (the sum may
 * count a word of both halves twice; each half must hold some of a's
 * stems). */
static int align_split(const align_need *q, size_t prev, size_t prev_names, size_t here, size_t here_names)
{
    return prev && here && prev + here >= q->need && prev_names + here_names >= q->need_names;
}

/* returns: whether sentence j of b re-says the sentence, whole (*whole)
 * or as the second half of a split; counted in full only when its bound
 * (and its predecessor's) could */
static int align_resays(align_side *s, const align_need *q, size_t j, int *whole)
{
    size_t here_names, here = align_bound(s, j, &here_names), prev = 0, prev_names = 0;
    if (j > 0)
        prev = align_bound(s, j - 1, &prev_names);
    if (!align_whole(q, here, here_names) && !align_split(q, prev, prev_names, here, here_names))
        return 0;
    uint64_t t = align_exact(s, j);
    here = tally_stems(t), here_names = tally_names(t);
    *whole = align_whole(q, here, here_names);
    if (*whole)
        return 1;
    if (!j)
        return 0;
    t = align_exact(s, j - 1);
    return align_split(q, tally_stems(t), tally_names(t), here, here_names);
}

/* The first sentence of b, in b's order, that re-says sentence s of a
 * (*whole: by itself, else as a split's second half), nb if none, by the
 * whole tally: every stem's postings walked; for a b without frequent
 * stems.  One with none of its stems neither re-says it whole nor holds
 * a half of it, so only the touched ones can be that sentence. */
static size_t align_first_tallied(align_side *d, const align_need *q, const stem_set *s, int *first_whole)
{
    uint64_t *tally = d->tally;
    uint32_t *touched = d->touched;
    size_t n_touched = 0;
    for (size_t t = 0; t < s->n; t++) {
        uint32_t place = d->map[s->stems[t] >> 1];
        uint64_t add = 1 | (uint64_t)(s->stems[t] & 1) << 32;
        d->walked += d->bound[place + 1] - d->bound[place];
        for (uint32_t x = d->bound[place]; x < d->bound[place + 1]; x++) {
            uint32_t y = d->postings[x];
            touched[n_touched] = y; /* kept when the first */
            n_touched += tally[y] == 0;
            tally[y] += add;
        }
    }
    d->n_touched = n_touched;
    size_t first = d->nb;
    for (size_t u = 0; u < n_touched; u++) {
        size_t j = touched[u];
        if (j >= first)
            continue;
        size_t here = tally_stems(tally[j]), here_names = tally_names(tally[j]);
        size_t prev = j > 0 ? tally_stems(tally[j - 1]) : 0, prev_names = j > 0 ? tally_names(tally[j - 1]) : 0;
        int whole = align_whole(q, here, here_names);
        if (whole || align_split(q, prev, prev_names, here, here_names)) {
            first = j;
            *first_whole = whole;
        }
    }
    return first;
}

/* align_first_tallied's answer with a sentence's frequent stems looked
 * up in its candidates instead of walked (see above). */
static size_t align_first_filtered(align_side *d, const align_need *q, const stem_set *s, int *first_whole)
{
    const uint32_t *bound = d->bound;
    uint64_t *tally = d->tally, *by_rarity = d->by_rarity;
    uint32_t *touched = d->touched, *mapped = d->mapped, *left_out = (uint32_t *)d->sort_scratch;
    size_t n_in = 0, names_in = 0, n = s->n;
    uint32_t most_often = 0;
    d->n_touched = d->n_left = d->n_left_names = 0;
    for (size_t t = 0; t < n; t++) {
        uint32_t place = d->map[s->stems[t] >> 1];
        if (place == d->b_words)
            continue;
        uint32_t often = bound[place + 1] - bound[place];
        most_often = often > most_often ? often : most_often;
        mapped[n_in] = place << 1 | (s->stems[t] & 1);
        names_in += s->stems[t] & 1;
        by_rarity[n_in] = (uint64_t)often << 32 | n_in;
        n_in++;
    }
    /* the rarest stems that any partner holds one of */
    size_t half = (q->need + 1) / 2, walk = n_in >= half ? n_in - half + 1 : 0, walk_names = 0;
    if (walk > n_in) /* (an overlap of 0) */
        walk = n_in;
    if (q->names >= 2) {
        size_t most = (4 * q->names + 4) / 5;
        walk_names = names_in >= most ? names_in - most + 1 : 0;
    }
    if (!walk && !walk_names)
        return d->nb; /* b has too few of its stems and names for any partner */
    /* few enough left out that a sentence of b which holds one walked
     * stem, or a pair of them one between them, is not yet a partner by
     * its bound: need - 2 most_left >= 2 */
    size_t most_left = q->need >= 2 ? (q->need - 2) / 2 : 0;
    if (most_often <= ALIGN_WALK_MOST || !most_left)
        walk = n_in; /* none to leave out: all walked, in any order */
    else
        radix_sort_u64(by_rarity, d->sort_scratch, n_in);
    for (size_t r = 0, seen_names = 0; r < n_in; r++) {
        uint32_t code = mapped[(uint32_t)by_rarity[r]], place = code >> 1, often = bound[place + 1] - bound[place];
        int must = r < walk || ((code & 1) && seen_names < walk_names);
        seen_names += code & 1;
        if (!must && d->n_left < most_left && often > ALIGN_WALK_MOST) {
            by_rarity[d->n_left++] = code; /* (ranks below r are read no more) */
            d->n_left_names += code & 1;
            continue;
        }
        uint64_t add = 1 | (uint64_t)(code & 1) << 32;
        d->walked += often;
        for (uint32_t x = bound[place]; x < bound[place + 1]; x++) {
            uint32_t y = d->postings[x];
            touched[d->n_touched] = y; /* kept when the first */
            d->n_touched += tally[y] == 0;
            tally[y] += add;
        }
    }
    for (size_t u = 0; u < d->n_left; u++)
        left_out[u] = (uint32_t)by_rarity[u];
    radix_sort_u32(left_out, left_out + d->n_left, d->n_left);
    d->left_out = left_out;
    /* a sentence of b that holds none of the walked stems neither re-says
     * it whole nor holds a half of it, so it is a touched one or the next
     * (the next only when stems were left out: else its tally is whole) */
    size_t first = d->nb, candidates = d->n_touched, left = d->n_left, need_whole = q->need;
    uint32_t next = left ? 1 : 0;
    if (q->names >= 2 && (n + 3) / 4 < need_whole)
        need_whole = (n + 3) / 4;
    for (size_t u = 0; u < candidates; u++) {
        for (size_t j = touched[u]; j <= touched[u] + next && j < first; j++) {
            /* most ruled out by their stems' bounds alone */
            size_t most_here = (uint32_t)tally[j] + left;
            if (most_here < need_whole && (!j || (uint32_t)tally[j - 1] + left + most_here < q->need))
                continue;
            int whole;
            if (align_resays(d, q, j, &whole)) {
                first = j;
                *first_whole = whole;
            }
        }
    }
    return first;
}

void align_sentences(const placed_text *a, const placed_text *b, double overlap, size_t min_stems, uint64_t *scratch,
                     align_result *out)
{
    size_t na = a->n_sents, nb = b->n_sents, b_words = b->n_words;
    uint64_t *tally = scratch;
    uint64_t *by_rarity = tally + nb;
    uint64_t *sort_scratch = by_rarity + a->n_words;
    uint32_t *map = (uint32_t *)(sort_scratch + a->n_words);
    uint32_t *bound = map + a->n_words;
    uint32_t *postings = bound + b_words + 2;
    /* a's places to b's; b_words when b has not the word.  Both texts'
     * words ascend, so a sentence's places in b ascend as in a. */
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
    int frequent = 0; /* a stem of b in more than ALIGN_WALK_MOST sentences */
    for (size_t p = 2; p < b_words + 2; p++) {
        frequent |= bound[p] > ALIGN_WALK_MOST;
        bound[p] += bound[p - 1];
    }
    for (size_t y = 0; y < nb; y++)
        for (size_t t = 0; t < b->sents[y].n; t++)
            postings[bound[(b->sents[y].stems[t] >> 1) + 1]++] = (uint32_t)y;
    uint32_t *touched = postings + k;
    uint32_t *mapped = touched + nb + 1;
    uint32_t *partners = mapped + a->n_words;
    align_side side = { map, bound, postings, b_words, nb, by_rarity, sort_scratch, mapped, 0,
                        b->sents, tally, touched, 0, (uint32_t *)sort_scratch, 0, 0 };
    const stem_set *as = a->sents;
    size_t scored = 0, covered = 0;
    /* the tally is cleared once here and then only where a sentence of a
     * touched it: a sentence's cost is its candidates, not nb */
    memset(tally, 0, nb * sizeof *tally);
    for (size_t i = 0; i < na; i++) {
        size_t n = as[i].n;
        if (n < min_stems)
            continue;
        scored++;
        align_need q = { n, (size_t)(overlap * (double)n + 0.999999), count_names(&as[i]), 0 };
        q.need_names = (q.names + 1) / 2;
        if (!q.need && !q.need_names) { /* (an overlap of 0) b's first sentence re-says it */
            if (nb)
                partners[covered++] = 0;
            continue;
        }
        int whole = 0;
        size_t first = frequent ? align_first_filtered(&side, &q, &as[i], &whole)
                                : align_first_tallied(&side, &q, &as[i], &whole);
        if (first < nb)
            partners[covered++] = (uint32_t)(whole ? first : first - 1);
        for (size_t u = 0; u < side.n_touched; u++)
            tally[touched[u]] = 0;
    }
    out->counted = scored;
    out->covered = covered;
    out->walked = side.walked;
    /* the partners' order: reuse the room past the partners */
    out->in_order = longest_increasing(partners, covered, partners + covered);
}
