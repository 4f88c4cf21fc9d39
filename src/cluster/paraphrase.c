/*
 * paraphrase: lexical measures of two short texts for a paraphrase
 * judgement.
 *
 * Word overlap alone cannot tell a paraphrase from a sentence that keeps
 * the words and changes a fact or their order.  Published lexical systems
 * on MRPC combine several such measures (word and character n-gram
 * overlap, word order as a longest common subsequence, length, numbers:
 * Finch, Hwang and Sumita 2005; Wan et al. 2006; Madnani, Tetreault and
 * Chodorow 2012), weighed by a model learned on labelled pairs.  The
 * measures are taken here; the weighing is the user's (`make eval` learns
 * it by cross-validation on MRPC train, outside the engine).
 *
 * Besides: BLEU's modified n-gram precisions (Papineni et al. 2002) each
 * way and the word edit distance (TER without shifts, Snover et al. 2006),
 * the MT metrics Madnani, Tetreault and Chodorow 2012 weigh for paraphrase;
 * the stopwords shared (the sentence's frame) and the negations of each
 * text (a denial keeps every other word).
 *
 * Both texts go through the analyser (tokens casefolded, Snowball stems,
 * stopwords without stem, numbers and names flagged).  The subsequence
 * and the edit distance are taken on at most MAX_SEQUENCE words of each
 * text (two rows of a dynamic program each), so that two long articles
 * cost no more than two pages.
 */
#include <string.h>

#include "cluster/paraphrase.h"
#include "common/alloc.h"
#include "common/arena.h"
#include "common/intersect.h"
#include "common/radix.h"
#include "text/analyse.h"
#include "text/textutil.h"

enum { MAX_SEQUENCE = 2000, MAX_GRAM = 4 };

/* The words that negate a statement (a word ending in n't negates too),
 * with their lengths. */
#define NEGATION(w) { w, sizeof w - 1 }
static const struct negation_word {
    const char *word;
    size_t len;
} negation_words[] = { NEGATION("not"), NEGATION("no"), NEGATION("never"), NEGATION("nor"),
                       NEGATION("none"), NEGATION("nobody"), NEGATION("nothing"), NEGATION("neither"),
                       NEGATION("nowhere"), NEGATION("without"), NEGATION("cannot") };
#undef NEGATION

/* One text's sorted, distinct values of a kind (stems, word pairs,
 * trigrams, numbers, names). */
typedef struct value_set {
    uint32_t *v;
    size_t n;
} value_set;

/* Sorts v (n values, scratch of n): a sentence's few values by insertion,
 * where a radix sort's four passes over 256 counts cost more than the
 * values; an article's by radix. */
static void sort_values(uint32_t *v, uint32_t *scratch, size_t n)
{
    if (n > 64) {
        radix_sort_u32(v, scratch, n);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Sorts v (n values, scratch of n) and drops repeats; returns the count left. */
static size_t sort_distinct(uint32_t *v, uint32_t *scratch, size_t n)
{
    sort_values(v, scratch, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || v[k - 1] != v[i])
            v[k++] = v[i];
    return k;
}

/* One analysed text's sets and its words, allocated from an arena. */
typedef struct text_sets {
    value_set stems, numbers, names, pairs, trigrams, function_words;
    value_set grams[MAX_GRAM]; /* word n-grams, n = 1..MAX_GRAM, sorted with
                                  their repeats (clipped counts) */
    uint64_t *words;   /* the casefolded words in order (analysis' hashes) */
    uint64_t *terms;   /* the words in order as stems (a stopword as itself) */
    size_t n_words;
    size_t negations;  /* words that negate: not, no, never, n't, ... */
} text_sets;

static uint32_t pair_hash(uint64_t x, uint64_t y)
{
    uint64_t h = (x ^ (y * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
    return (uint32_t)(h >> 32);
}

/* The hash of the n words of terms from the first. */
static uint32_t gram_hash(const uint64_t *terms, size_t n)
{
    uint64_t h = 0x243F6A8885A308D3ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ terms[i]) * 0xBF58476D1CE4E5B9ull + i;
    return (uint32_t)(h >> 32);
}

/* Whether a word (surface of len bytes) negates. */
static int is_negation(const char *surface, size_t len)
{
    if (len >= 3 && tu_lower((unsigned char)surface[len - 3]) == 'n' && surface[len - 2] == '\'' &&
        tu_lower((unsigned char)surface[len - 1]) == 't')
        return 1;
    for (size_t i = 0; i < sizeof negation_words / sizeof *negation_words; i++) {
        const struct negation_word *w = &negation_words[i];
        if (w->len != len)
            continue;
        size_t j = 0;
        while (j < len && tu_lower((unsigned char)surface[j]) == w->word[j])
            j++;
        if (j == len)
            return 1;
    }
    return 0;
}

/* The byte trigrams of the casefolded words joined by single spaces (three
 * bytes packed: exact, not hashed); ASCII letters lowered. */
static size_t text_trigrams(const analysis *an, uint32_t *out)
{
    size_t n = 0;
    uint32_t window = 0, filled = 0;
    for (size_t i = 0; i < an->n_tokens; i++) {
        const token *t = &an->tokens[i];
        for (size_t j = 0; j <= t->len; j++) {
            unsigned char c = j < t->len ? (unsigned char)tu_lower((unsigned char)t->surface[j]) : ' ';
            window = ((window << 8) | c) & 0xFFFFFFu;
            if (++filled >= 3)
                out[n++] = window;
        }
    }
    return n;
}

/* s's word n-grams (n = 1..MAX_GRAM) from its terms, each kind sorted
 * with its repeats.  returns: 0, or -1 out of memory */
static int text_grams_make(arena *mem, text_sets *s, uint32_t *scratch)
{
    for (size_t n = 1; n <= MAX_GRAM; n++) {
        value_set *g = &s->grams[n - 1];
        g->n = s->n_words >= n ? s->n_words - n + 1 : 0;
        g->v = arena_alloc(mem, (g->n + 1) * sizeof *g->v);
        if (!g->v)
            return -1;
        for (size_t i = 0; i < g->n; i++)
            g->v[i] = gram_hash(s->terms + i, n);
        sort_values(g->v, scratch, g->n);
    }
    return 0;
}

/* s made from analysis an in mem.  returns: 0, or -1 out of memory */
static int text_sets_make(arena *mem, const analysis *an, text_sets *s)
{
    size_t n = an->n_tokens, bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += (size_t)an->tokens[i].len + 1;
    size_t cap = (n > bytes ? n : bytes) + 1;
    uint32_t *scratch = arena_alloc(mem, cap * sizeof *scratch);
    s->stems.v = arena_alloc(mem, (n + 1) * sizeof *s->stems.v);
    s->numbers.v = arena_alloc(mem, (n + 1) * sizeof *s->numbers.v);
    s->names.v = arena_alloc(mem, (n + 1) * sizeof *s->names.v);
    s->pairs.v = arena_alloc(mem, (n + 1) * sizeof *s->pairs.v);
    s->function_words.v = arena_alloc(mem, (n + 1) * sizeof *s->function_words.v);
    s->trigrams.v = arena_alloc(mem, (bytes + 1) * sizeof *s->trigrams.v);
    s->words = arena_alloc(mem, (n + 1) * sizeof *s->words);
    s->terms = arena_alloc(mem, (n + 1) * sizeof *s->terms);
    if (!scratch || !s->stems.v || !s->numbers.v || !s->names.v || !s->pairs.v || !s->function_words.v ||
        !s->trigrams.v || !s->words || !s->terms)
        return -1;
    s->stems.n = s->numbers.n = s->names.n = s->pairs.n = s->function_words.n = s->negations = 0;
    for (size_t i = 0; i < n; i++) {
        const token *t = &an->tokens[i];
        s->words[i] = t->word;
        s->terms[i] = t->stem ? t->stem : t->word;
        s->negations += (size_t)is_negation(t->surface, t->len);
        if (i + 1 < n)
            s->pairs.v[s->pairs.n++] = pair_hash(t->word, an->tokens[i + 1].word);
        if (!t->stem) { /* a stopword */
            s->function_words.v[s->function_words.n++] = (uint32_t)(t->word >> 32);
            continue;
        }
        s->stems.v[s->stems.n++] = t->stem;
        if (t->flags & TOK_NUMBER)
            s->numbers.v[s->numbers.n++] = t->stem;
        else if (t->flags & TOK_NAME)
            s->names.v[s->names.n++] = t->stem;
    }
    s->n_words = n;
    s->trigrams.n = text_trigrams(an, s->trigrams.v);
    s->stems.n = sort_distinct(s->stems.v, scratch, s->stems.n);
    s->numbers.n = sort_distinct(s->numbers.v, scratch, s->numbers.n);
    s->names.n = sort_distinct(s->names.v, scratch, s->names.n);
    s->pairs.n = sort_distinct(s->pairs.v, scratch, s->pairs.n);
    s->function_words.n = sort_distinct(s->function_words.v, scratch, s->function_words.n);
    s->trigrams.n = sort_distinct(s->trigrams.v, scratch, s->trigrams.n);
    return text_grams_make(mem, s, scratch);
}

/* The n-grams two sorted multisets share, each counted as often as the
 * side that has it fewer times has it (BLEU's clipped count). */
static size_t clipped_matches(const value_set *x, const value_set *y)
{
    size_t i = 0, j = 0, k = 0;
    while (i < x->n && j < y->n) {
        if (x->v[i] < y->v[j])
            i++;
        else if (x->v[i] > y->v[j])
            j++;
        else {
            k++;
            i++;
            j++;
        }
    }
    return k;
}

/* Values of `some` that `all` lacks (both sorted and distinct). */
static size_t missing_from(const value_set *some, const value_set *all)
{
    return some->n - intersect_count(some->v, some->n, all->v, all->n);
}

/* The longest common subsequence of x's and y's first MAX_SEQUENCE words.
 * returns: its length, or (size_t)-1 out of memory */
static size_t common_subsequence(arena *mem, const uint64_t *x, size_t nx, const uint64_t *y, size_t ny)
{
    nx = nx < MAX_SEQUENCE ? nx : MAX_SEQUENCE;
    ny = ny < MAX_SEQUENCE ? ny : MAX_SEQUENCE;
    uint16_t *prev = arena_alloc(mem, (ny + 1) * sizeof *prev), *cur = arena_alloc(mem, (ny + 1) * sizeof *cur);
    if (!prev || !cur)
        return (size_t)-1;
    memset(prev, 0, (ny + 1) * sizeof *prev);
    cur[0] = 0;
    for (size_t i = 0; i < nx; i++) {
        for (size_t j = 0; j < ny; j++)
            cur[j + 1] = x[i] == y[j] ? (uint16_t)(prev[j] + 1) : (prev[j + 1] > cur[j] ? prev[j + 1] : cur[j]);
        uint16_t *swap = prev;
        prev = cur;
        cur = swap;
    }
    return prev[ny];
}

/* The word edit distance (insertions, deletions, substitutions: the
 * translation edit rate of Snover et al. 2006 without its shifts) between
 * x's and y's first MAX_SEQUENCE terms.
 * returns: the edits, or (size_t)-1 out of memory */
static size_t edit_distance(arena *mem, const uint64_t *x, size_t nx, const uint64_t *y, size_t ny)
{
    nx = nx < MAX_SEQUENCE ? nx : MAX_SEQUENCE;
    ny = ny < MAX_SEQUENCE ? ny : MAX_SEQUENCE;
    uint16_t *prev = arena_alloc(mem, (ny + 1) * sizeof *prev), *cur = arena_alloc(mem, (ny + 1) * sizeof *cur);
    if (!prev || !cur)
        return (size_t)-1;
    for (size_t j = 0; j <= ny; j++)
        prev[j] = (uint16_t)j;
    for (size_t i = 0; i < nx; i++) {
        cur[0] = (uint16_t)(i + 1);
        for (size_t j = 0; j < ny; j++) {
            uint16_t best = (uint16_t)(prev[j] + (x[i] != y[j]));
            uint16_t gap = (uint16_t)((prev[j + 1] < cur[j] ? prev[j + 1] : cur[j]) + 1);
            cur[j + 1] = best < gap ? best : gap;
        }
        uint16_t *swap = prev;
        prev = cur;
        cur = swap;
    }
    return prev[ny];
}

static double share(size_t part, size_t whole)
{
    return whole ? (double)part / (double)whole : 0;
}

np_status paraphrase_measure(analyser *an, const np_allocator *allocator, const np_article *a,
                             const np_article *b, np_comparison *out)
{
    np_status st;
    arena mem;
    arena_init(&mem, allocator, 1 << 16);
    analysis x, y;
    text_sets sx, sy;
    if ((st = analyse_article(an, a, 1, &mem, &x)) != NP_OK || (st = analyse_article(an, b, 1, &mem, &y)) != NP_OK)
        goto done;
    if (text_sets_make(&mem, &x, &sx) || text_sets_make(&mem, &y, &sy)) {
        st = NP_ENOMEM;
        goto done;
    }
    size_t common = common_subsequence(&mem, sx.words, sx.n_words, sy.words, sy.n_words);
    size_t edits = edit_distance(&mem, sx.terms, sx.n_words, sy.terms, sy.n_words);
    if (common == (size_t)-1 || edits == (size_t)-1) {
        st = NP_ENOMEM;
        goto done;
    }
    out->words_a = sx.n_words;
    out->words_b = sy.n_words;
    size_t shorter = sx.n_words < sy.n_words ? sx.n_words : sy.n_words;
    size_t longer = sx.n_words + sy.n_words - shorter;
    if (shorter > MAX_SEQUENCE)
        shorter = MAX_SEQUENCE;
    if (longer > MAX_SEQUENCE)
        longer = MAX_SEQUENCE;
    out->sequence_shorter = share(common, shorter);
    out->sequence_longer = share(common, longer);
    out->edits_longer = share(edits, longer);
    /* BLEU's modified precisions (Papineni et al. 2002) each way: the
     * shorter's n-grams found in the longer, the longer's in the shorter */
    const text_sets *fewer_words = sx.n_words <= sy.n_words ? &sx : &sy;
    const text_sets *more_words = fewer_words == &sx ? &sy : &sx;
    for (size_t n = 0; n < MAX_GRAM; n++) {
        size_t matches = clipped_matches(&sx.grams[n], &sy.grams[n]);
        out->grams_shorter[n] = share(matches, fewer_words->grams[n].n);
        out->grams_longer[n] = share(matches, more_words->grams[n].n);
    }
    size_t function_words = intersect_count(sx.function_words.v, sx.function_words.n, sy.function_words.v,
                                            sy.function_words.n);
    out->function_words = share(function_words, sx.function_words.n + sy.function_words.n - function_words);
    out->negations_a = sx.negations;
    out->negations_b = sy.negations;
    out->numbers_shared = intersect_count(sx.numbers.v, sx.numbers.n, sy.numbers.v, sy.numbers.n);
    size_t stems = intersect_count(sx.stems.v, sx.stems.n, sy.stems.v, sy.stems.n);
    size_t fewer = sx.stems.n < sy.stems.n ? sx.stems.n : sy.stems.n;
    out->stems_fewer = share(stems, fewer);
    out->stems_more = share(stems, sx.stems.n + sy.stems.n - fewer);
    /* a number or name counts as stated when the other text has its stem
     * at all (a name may open the other's sentence) */
    out->numbers_alone = missing_from(&sx.numbers, &sy.stems) + missing_from(&sy.numbers, &sx.stems);
    out->names_alone = missing_from(&sx.names, &sy.stems) + missing_from(&sy.names, &sx.stems);
    size_t pairs = intersect_count(sx.pairs.v, sx.pairs.n, sy.pairs.v, sy.pairs.n);
    out->pairs_fewer = share(pairs, sx.pairs.n < sy.pairs.n ? sx.pairs.n : sy.pairs.n);
    size_t trigrams = intersect_count(sx.trigrams.v, sx.trigrams.n, sy.trigrams.v, sy.trigrams.n);
    out->trigrams = share(trigrams, sx.trigrams.n + sy.trigrams.n - trigrams);
done:
    arena_free(&mem);
    return st;
}
