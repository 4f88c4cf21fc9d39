/*
 * story_crosslang: stories in two languages that report one event, joined
 * on the names and numbers both languages write alike.
 *
 * The passes before weigh words, and two languages share few: a German
 * report of a strike and the English ones meet in their names (Harborton,
 * North Quay) and numbers (2.400 and 2,400 are one number: analyse.c),
 * nowhere else.  A corpus whose stories are of one language (undetermined
 * texts aside) is left as it is, at the cost of one look at each unit.
 * Otherwise a story whose units are all of one language is compared with
 * the stories of another language that it shares names or numbers with,
 * within move_window days and story_span: by the cosine of their names
 * parts, counted over the terms that both languages' stories write as
 * names or numbers somewhere in the corpus.  Terms the other language
 * never writes so weigh in neither norm: German capitalises every noun, so
 * "Hafen" is in a German story's names part, but no English story has it.
 * A story joins the larger story of another language it is most like,
 * when that cosine reaches CROSS_THRESHOLD over CROSS_SHARED shared terms
 * or more; a story only ever joins a larger one, so a report that names
 * two events of another language does not bridge them.  Terms in more
 * than max_bucket stories are too common to propose a pair (they still
 * count in the cosine).
 */
#include <string.h>

#include "cluster/story_internal.h"
#include "common/radix.h"

/* The cosine of two stories' shared names and numbers that joins them,
 * and the least number of them they must share (a place and a date
 * alone are not an event). */
#define CROSS_THRESHOLD 0.5
enum { CROSS_SHARED = 4, CROSS_LANGS = 64 };

enum { LANG_NONE = 0xFF, LANG_MIXED = 0xFE };

/* A language code's primary subtag, lowercased, as one number ("de-AT"
 * and "DE" are de); 0 for none or undetermined. */
static uint32_t lang_key(const char *code)
{
    uint32_t key = 0;
    size_t n = 0;
    for (; code && code[n] && code[n] != '-' && code[n] != '_' && n < 4; n++) {
        unsigned char c = (unsigned char)code[n];
        key = key << 8 | (uint32_t)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (code && code[n] && code[n] != '-' && code[n] != '_')
        return 0; /* longer than any code */
    return key == ('u' << 16 | 'n' << 8 | 'd') ? 0 : key;
}

/* Each story's language (story_lang, by the index of its code in keys):
 * that of all its units of a known language, LANG_MIXED when they differ,
 * LANG_NONE when none is known.  returns: the languages met. */
static size_t stories_language(const story_state *s, uint8_t *story_lang)
{
    const np_engine *e = s->e;
    uint32_t keys[CROSS_LANGS], last_key = 0;
    size_t n_keys = 0;
    uint8_t last = LANG_NONE;
    for (size_t c = 0; c < s->n_cents; c++)
        story_lang[c] = LANG_NONE;
    for (size_t u = 0; u < s->n_units; u++) {
        const unit *x = &s->units[u];
        uint32_t key = lang_key(engine_string(e, e->arts[x->art].lang));
        if (!key)
            continue;
        if (key != last_key) { /* most units are of the last one's */
            size_t k = 0;
            while (k < n_keys && keys[k] != key)
                k++;
            if (k == n_keys && n_keys == CROSS_LANGS)
                continue; /* past what masks hold: as if undetermined */
            if (k == n_keys)
                keys[n_keys++] = key;
            last_key = key;
            last = (uint8_t)k;
        }
        uint8_t *l = &story_lang[x->story];
        *l = *l == LANG_NONE || *l == last ? last : LANG_MIXED;
    }
    return n_keys;
}

/* A story's names and numbers with the languages whose stories write each
 * one (a mask). */
typedef struct name_term {
    uint32_t stem;
    float w;
    uint64_t langs;
} name_term;

/* The cosine of stories a's and b's names and numbers over the terms both
 * their languages write (need), with how many they share. */
static double cross_cosine(const name_term *a, size_t na, const name_term *b, size_t nb, uint64_t need,
                           size_t *shared)
{
    double dot = 0, norm_a = 0, norm_b = 0;
    size_t i = 0, j = 0, n = 0;
    for (size_t k = 0; k < na; k++)
        if ((a[k].langs & need) == need)
            norm_a += (double)a[k].w * a[k].w;
    for (size_t k = 0; k < nb; k++)
        if ((b[k].langs & need) == need)
            norm_b += (double)b[k].w * b[k].w;
    while (i < na && j < nb) {
        if (a[i].stem < b[j].stem) {
            i++;
        } else if (b[j].stem < a[i].stem) {
            j++;
        } else {
            dot += (double)a[i].w * b[j].w;
            n++;
            i++, j++;
        }
    }
    *shared = n;
    return norm_a > 0 && norm_b > 0 ? dot / sqrt(norm_a * norm_b) : 0;
}

/* May stories a and b be one event by their days? */
static int cross_days_fit(const story_state *s, const centroid *a, const centroid *b)
{
    const np_params *p = &s->e->params;
    if (merged_too_long(a, b, p->story_span))
        return 0;
    if (a->first_day == NO_DAY || b->first_day == NO_DAY)
        return 1;
    return a->first_day <= b->last_day + p->move_window && b->first_day <= a->last_day + p->move_window;
}

/* Is story a smaller than b (fewer units; as many, made later)? */
static int smaller(const story_state *s, uint32_t a, uint32_t b)
{
    uint32_t ma = s->cents[a].members, mb = s->cents[b].members;
    return ma < mb || (ma == mb && a > b);
}

typedef struct cross_state {
    story_state *s;
    const uint8_t *lang;     /* per story */
    radix_item *by_stem;     /* (stem, story) of each story's names */
    size_t n_by_stem;
    name_term *terms;        /* each story's names, by stem, from term_at[c] */
    size_t *term_at;         /* per story, and one past the last */
    uint64_t *pairs;         /* (smaller story << 32 | larger) per shared term */
    size_t n_pairs, cap_pairs;
} cross_state;

/* The stories' names and numbers as (stem << 32 | item, story) items
 * sorted by stem, stories of one language only. */
static np_status names_by_stem(cross_state *x)
{
    story_state *s = x->s;
    size_t n = 0;
    for (size_t c = 0; c < s->n_cents; c++)
        if (x->lang[c] < LANG_MIXED)
            for (size_t k = 0; k < s->cents[c].n; k++)
                n += s->cents[c].items[k].stem & 1;
    x->by_stem = np_alloc_array(s->e->allocator, 2 * n + 1, sizeof *x->by_stem);
    if (!x->by_stem)
        return NP_ENOMEM;
    n = 0;
    for (size_t c = 0; c < s->n_cents; c++) {
        if (x->lang[c] >= LANG_MIXED)
            continue;
        const centroid *ct = &s->cents[c];
        for (size_t k = 0; k < ct->n; k++)
            if (ct->items[k].stem & 1)
                x->by_stem[n++] = (radix_item){ (uint64_t)(ct->items[k].stem >> 1) << 32 | k, (uint32_t)c };
    }
    radix_sort_items_spread(x->by_stem, x->by_stem + n, n);
    x->n_by_stem = n;
    return NP_OK;
}

static np_status pair_add(cross_state *x, uint32_t a, uint32_t b)
{
    np_status st = story_reserve(x->s->e->allocator, (void **)&x->pairs, &x->cap_pairs, x->n_pairs + 1,
                                 sizeof *x->pairs);
    if (st != NP_OK)
        return st;
    x->pairs[x->n_pairs++] = smaller(x->s, a, b) ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
    return NP_OK;
}

/* Each story's names with their languages' masks (terms, from term_at),
 * and a pair for each term two stories of different languages share when
 * their days fit (pairs). */
static np_status names_and_pairs(cross_state *x)
{
    story_state *s = x->s;
    const np_allocator *al = s->e->allocator;
    size_t n = x->n_by_stem, max_bucket = (size_t)s->e->params.max_bucket;
    x->terms = np_alloc_array(al, n + 1, sizeof *x->terms);
    x->term_at = np_calloc(al, s->n_cents + 1, sizeof *x->term_at);
    size_t *fill = np_alloc_array(al, s->n_cents + 1, sizeof *fill);
    np_status st = x->terms && x->term_at && fill ? NP_OK : NP_ENOMEM;
    if (st == NP_OK) {
        for (size_t i = 0; i < n; i++)
            x->term_at[x->by_stem[i].value + 1]++;
        for (size_t c = 0; c < s->n_cents; c++)
            x->term_at[c + 1] += x->term_at[c];
        memcpy(fill, x->term_at, (s->n_cents + 1) * sizeof *fill);
    }
    for (size_t i = 0, j; i < n && st == NP_OK; i = j) {
        uint32_t stem = (uint32_t)(x->by_stem[i].key >> 32);
        uint64_t langs = 0;
        for (j = i; j < n && (uint32_t)(x->by_stem[j].key >> 32) == stem; j++)
            langs |= 1ull << x->lang[x->by_stem[j].value];
        /* a story's terms come in stem order, as the items are sorted */
        for (size_t k = i; k < j; k++) {
            uint32_t c = x->by_stem[k].value;
            float w = s->cents[c].items[(uint32_t)x->by_stem[k].key].w;
            x->terms[fill[c]++] = (name_term){ stem, w, langs };
        }
        if (!(langs & (langs - 1)) || j - i > max_bucket)
            continue; /* one language's, or too common to pair on */
        for (size_t a = i; a < j && st == NP_OK; a++)
            for (size_t b = a + 1; b < j && st == NP_OK; b++) {
                uint32_t ca = x->by_stem[a].value, cb = x->by_stem[b].value;
                if (x->lang[ca] != x->lang[cb] && cross_days_fit(s, &s->cents[ca], &s->cents[cb]))
                    st = pair_add(x, ca, cb);
            }
    }
    np_free(al, fill);
    return st;
}

/* For each story, the larger story of another language it is most like
 * (best; UINT32_MAX for none), of the pairs that share CROSS_SHARED terms. */
static np_status best_partners(cross_state *x, uint32_t *best)
{
    story_state *s = x->s;
    uint64_t *scratch = np_alloc_array(s->e->allocator, x->n_pairs + 1, sizeof *scratch);
    double *best_cos = np_alloc_array(s->e->allocator, s->n_cents + 1, sizeof *best_cos);
    if (!scratch || !best_cos) {
        np_free(s->e->allocator, scratch);
        np_free(s->e->allocator, best_cos);
        return NP_ENOMEM;
    }
    radix_sort_u64(x->pairs, scratch, x->n_pairs);
    for (size_t c = 0; c < s->n_cents; c++)
        best[c] = UINT32_MAX, best_cos[c] = 0;
    for (size_t i = 0, j; i < x->n_pairs; i = j) {
        for (j = i; j < x->n_pairs && x->pairs[j] == x->pairs[i]; j++)
            ;
        if (j - i < CROSS_SHARED)
            continue;
        uint32_t a = (uint32_t)(x->pairs[i] >> 32), b = (uint32_t)x->pairs[i];
        uint64_t need = 1ull << x->lang[a] | 1ull << x->lang[b];
        size_t shared;
        double cos = cross_cosine(x->terms + x->term_at[a], x->term_at[a + 1] - x->term_at[a],
                                  x->terms + x->term_at[b], x->term_at[b + 1] - x->term_at[b], need, &shared);
        if (shared >= CROSS_SHARED && cos >= CROSS_THRESHOLD && cos > best_cos[a]) {
            best[a] = b;
            best_cos[a] = cos;
        }
    }
    np_free(s->e->allocator, scratch);
    np_free(s->e->allocator, best_cos);
    return NP_OK;
}

/* Each story with a partner joins the story at the end of its partners'
 * chain (each partner larger, so the chain ends); its units go with it. */
static np_status join_partners(story_state *s, uint32_t *best)
{
    for (size_t c = 0; c < s->n_cents; c++)
        if (best[c] == UINT32_MAX)
            best[c] = (uint32_t)c;
    for (size_t u = 0; u < s->n_units; u++)
        s->units[u].story = story_root(best, s->units[u].story);
    for (size_t c = 0; c < s->n_cents; c++) {
        uint32_t root = story_root(best, (uint32_t)c);
        np_status st = root == c ? NP_OK : story_centroid_merge(s, &s->cents[root], &s->cents[c]);
        if (st != NP_OK)
            return st;
    }
    return NP_OK;
}

np_status story_cross_language(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    uint8_t *lang = np_alloc_array(al, s->n_cents + 1, sizeof *lang);
    if (!lang)
        return NP_ENOMEM;
    if (stories_language(s, lang) < 2) {
        np_free(al, lang);
        return NP_OK;
    }
    engine_stage_begins(s->e, NP_STAGE_STORIES, "across languages");
    cross_state x = { .s = s, .lang = lang };
    uint32_t *best = np_alloc_array(al, s->n_cents + 1, sizeof *best);
    np_status st = best ? names_by_stem(&x) : NP_ENOMEM;
    if (st == NP_OK)
        st = names_and_pairs(&x);
    np_free(al, x.by_stem);
    if (st == NP_OK)
        st = best_partners(&x, best);
    np_free(al, x.pairs);
    np_free(al, x.terms);
    np_free(al, x.term_at);
    np_free(al, lang);
    if (st == NP_OK)
        st = join_partners(s, best);
    np_free(al, best);
    return st;
}
