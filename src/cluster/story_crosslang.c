/*
 * story_crosslang: stories in two languages that report one event, joined
 * on the names and numbers both languages write alike.
 *
 * The passes before weigh words, and two languages share few: a German
 * report of a strike and the English ones meet in their names (Harborton,
 * North Quay) and numbers (2.400 and 2,400 are one number: analyse.c),
 * nowhere else.  Only languages that write names in the Latin alphabet
 * take part (latin_names).  A corpus whose units are of one such
 * language (other texts aside) is left as it is, at the cost of one look
 * at each unit (story_languages, before the vectors).
 * Otherwise each story whose units are all of one language is paired
 * with the stories of another language that share two of its sixteen
 * heaviest names and numbers written in both (within move_window days and
 * story_span, naming months that are not apart; a term in more than
 * max_bucket stories pairs none), and
 * weighed against them by the cosine of their names parts, counted over
 * the terms that both languages' stories write as names or numbers
 * somewhere in the corpus.  Terms the other language never writes so
 * weigh in neither norm: German capitalises every noun, so "Hafen" is in
 * a German story's names part, but no English story has it.  A story
 * joins the larger story of another language it is most like when that
 * cosine reaches CROSS_THRESHOLD over CROSS_SHARED shared terms or more,
 * CROSS_NAMES of them names (the vectors keep which stems are numbers:
 * story_state.numbers);
 * a story only ever joins a larger one, so a report that names two events
 * of another language does not bridge them.
 */
#include <string.h>

#include "cluster/story_internal.h"
#include "common/idset.h"
#include "common/radix.h"

/* The cosine of two stories' shared names and numbers that joins them,
 * the least number of them they must share, and of those the least that
 * are names (a place and a date alone are not an event, nor numbers
 * alone). */
#define CROSS_THRESHOLD 0.5
enum { CROSS_SHARED = 4, CROSS_NAMES = 2 };
/* A story is paired with another on its CROSS_PAIR_TERMS heaviest names and
 * numbers that another language writes too, when CROSS_PAIR_LEAST of them are
 * the other's. */
enum { CROSS_PAIR_TERMS = 16, CROSS_PAIR_LEAST = 2 };

enum { LANG_NONE = 0xFF, LANG_MIXED = 0xFE };

/* Languages that write names in the Latin alphabet, as English does (of
 * those lang.c names): only between them are names written alike.  A
 * Russian or Greek report writes "Harborton" in its own alphabet, a
 * Chinese one has no capitals to tell a name by, so what they share with
 * English is numbers, and numbers alone are not an event. */
static const char latin_names[] = "en de fr es it pt nl sv da pl tr id ro fi";
enum { CROSS_LANGS = sizeof latin_names / 3 + 1 }; /* room for each */

/* A language code's primary subtag, lowercased, as one number ("de-AT"
 * and "DE" are de); 0 for none, undetermined, or a language that does not
 * write names in the Latin alphabet (latin_names). */
static uint32_t lang_key(const char *code)
{
    char low[4] = { 0 };
    size_t n = 0;
    for (; code && code[n] && code[n] != '-' && code[n] != '_'; n++) {
        if (n == 2)
            return 0; /* not a two-letter code */
        unsigned char c = (unsigned char)code[n];
        low[n] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (n != 2 || !strstr(latin_names, low))
        return 0;
    return (uint32_t)(unsigned char)low[0] << 8 | (unsigned char)low[1];
}

/* The language key of unit x's representative (lang_key). */
static uint32_t unit_lang_key(const story_state *s, const unit *x)
{
    return lang_key(engine_string(s->e, engine_dateline(s->e, &s->e->arts[x->art])->lang));
}

int story_languages(const story_state *s)
{
    uint32_t first = 0;
    for (size_t u = 0; u < s->n_units; u++) {
        uint32_t key = unit_lang_key(s, &s->units[u]);
        if (key && first && key != first)
            return 1;
        if (key)
            first = key;
    }
    return 0;
}

/* Each story's language (story_lang, by the index of its code in keys):
 * that of all its units of a known language, LANG_MIXED when they differ,
 * LANG_NONE when none is known.  returns: the languages met. */
static size_t stories_language(const story_state *s, uint8_t *story_lang)
{
    uint32_t keys[CROSS_LANGS], last_key = 0;
    size_t n_keys = 0;
    uint8_t last = LANG_NONE;
    for (size_t c = 0; c < s->n_cents; c++)
        story_lang[c] = LANG_NONE;
    for (size_t u = 0; u < s->n_units; u++) {
        const unit *x = &s->units[u];
        uint32_t key = unit_lang_key(s, x);
        if (!key)
            continue;
        if (key != last_key) { /* most units are of the last one's */
            size_t k = 0;
            while (k < n_keys && keys[k] != key)
                k++;
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

/* The key of a stem written as a name or number in language l. */
static uint64_t written_key(uint32_t stem, uint8_t l)
{
    return (uint64_t)(l + 1) << 32 | stem >> 1;
}

/* Is a term written as a name or number in both languages la and lb? */
static int written_in(const idset *written, uint32_t stem, uint8_t la, uint8_t lb)
{
    return idset_has(written, written_key(stem, la)) && idset_has(written, written_key(stem, lb));
}

/* The cosine of stories a's and b's names and numbers (languages la and
 * lb) over the terms both languages write, with how many they share and
 * how many of those are names (not in numbers). */
static double cross_cosine(const idset *written, const idset *numbers, const centroid *a, uint8_t la,
                           const centroid *b, uint8_t lb, size_t *shared, size_t *names)
{
    double dot = 0, norm_a = 0, norm_b = 0;
    size_t n = 0, n_names = 0;
    for (size_t k = 0; k < a->n; k++)
        if ((a->items[k].stem & 1) && written_in(written, a->items[k].stem, la, lb))
            norm_a += (double)a->items[k].w * a->items[k].w;
    for (size_t k = 0; k < b->n; k++)
        if ((b->items[k].stem & 1) && written_in(written, b->items[k].stem, la, lb))
            norm_b += (double)b->items[k].w * b->items[k].w;
    for (size_t i = 0, j = 0; i < a->n && j < b->n;) {
        uint32_t x = a->items[i].stem, y = b->items[j].stem;
        if (x >> 1 != y >> 1) {
            i += x >> 1 < y >> 1;
            j += y >> 1 < x >> 1;
            continue;
        }
        if (x & y & 1) { /* a name or number on both sides */
            dot += (double)a->items[i].w * b->items[j].w;
            n++;
            n_names += !idset_has(numbers, x >> 1);
        }
        i++, j++;
    }
    *shared = n;
    *names = n_names;
    return norm_a > 0 && norm_b > 0 ? dot / sqrt(norm_a * norm_b) : 0;
}

/* May stories a and b be one event by their days and the months they
 * name? */
static int cross_days_fit(const story_state *s, const centroid *a, const centroid *b)
{
    const np_params *p = &s->e->params;
    if (merged_too_long(a, b, p->story_span) || months_apart(a->months, b->months))
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
    size_t n_langs;
    idset written;           /* written_key of each story's names and numbers */
    uint64_t *by_stem;       /* (stem >> 1 << 32 | story): stories' pairing terms */
    size_t n_by_stem;
    uint64_t *pairs;         /* (smaller story << 32 | larger) per pairing term */
    size_t n_pairs, cap_pairs;
} cross_state;

/* Every story's names and numbers, by language (written). */
static np_status names_written(cross_state *x)
{
    story_state *s = x->s;
    np_status st = NP_OK;
    for (size_t c = 0; c < s->n_cents && st == NP_OK; c++) {
        if (x->lang[c] >= LANG_MIXED)
            continue;
        const centroid *ct = &s->cents[c];
        int added;
        for (size_t k = 0; k < ct->n && st == NP_OK; k++)
            if (ct->items[k].stem & 1)
                st = idset_add(&x->written, written_key(ct->items[k].stem, x->lang[c]), &added);
    }
    return st;
}

/* Is a stem of a story of language l written by another language? */
static int written_elsewhere(const cross_state *x, uint32_t stem, uint8_t l)
{
    for (size_t o = 0; o < x->n_langs; o++)
        if (o != l && idset_has(&x->written, written_key(stem, (uint8_t)o)))
            return 1;
    return 0;
}

/* Each story's CROSS_PAIR_TERMS heaviest names and numbers that another
 * language writes too, as (stem, story) sorted by stem (by_stem). */
static np_status pairing_terms(cross_state *x)
{
    story_state *s = x->s;
    size_t n = 0;
    for (size_t c = 0; c < s->n_cents; c++)
        if (x->lang[c] < LANG_MIXED)
            n += CROSS_PAIR_TERMS;
    x->by_stem = np_alloc_array(s->e->allocator, 2 * n + 1, sizeof *x->by_stem);
    if (!x->by_stem)
        return NP_ENOMEM;
    n = 0;
    for (size_t c = 0; c < s->n_cents; c++) {
        if (x->lang[c] >= LANG_MIXED)
            continue;
        const centroid *ct = &s->cents[c];
        /* the heaviest kept in order, lightest last (a few; most pass by) */
        weighted top[CROSS_PAIR_TERMS];
        size_t k = 0;
        for (size_t i = 0; i < ct->n; i++) {
            weighted t = ct->items[i];
            if (!(t.stem & 1) || (k == CROSS_PAIR_TERMS && t.w <= top[k - 1].w) ||
                !written_elsewhere(x, t.stem, x->lang[c]))
                continue;
            size_t j = k < CROSS_PAIR_TERMS ? k++ : k - 1;
            for (; j > 0 && top[j - 1].w < t.w; j--)
                top[j] = top[j - 1];
            top[j] = t;
        }
        for (size_t i = 0; i < k; i++)
            x->by_stem[n++] = (uint64_t)(top[i].stem >> 1) << 32 | c;
    }
    radix_sort_u64(x->by_stem, x->by_stem + n, n);
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

/* A pair for each pairing term two stories of different languages share,
 * when their days fit (pairs). */
static np_status pairs_of_terms(cross_state *x)
{
    story_state *s = x->s;
    size_t n = x->n_by_stem, max_bucket = (size_t)s->e->params.max_bucket;
    np_status st = NP_OK;
    for (size_t i = 0, j; i < n && st == NP_OK; i = j) {
        for (j = i; j < n && x->by_stem[j] >> 32 == x->by_stem[i] >> 32; j++)
            ;
        if (j - i > max_bucket)
            continue; /* too common to pair on */
        for (size_t a = i; a < j && st == NP_OK; a++)
            for (size_t b = a + 1; b < j && st == NP_OK; b++) {
                uint32_t ca = (uint32_t)x->by_stem[a], cb = (uint32_t)x->by_stem[b];
                if (x->lang[ca] != x->lang[cb] && cross_days_fit(s, &s->cents[ca], &s->cents[cb]))
                    st = pair_add(x, ca, cb);
            }
    }
    return st;
}

/* For each story, the larger story of another language it is most like
 * (best; UINT32_MAX for none), of the pairs with CROSS_PAIR_LEAST pairing terms
 * in common. */
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
        if (j - i < CROSS_PAIR_LEAST)
            continue;
        uint32_t a = (uint32_t)(x->pairs[i] >> 32), b = (uint32_t)x->pairs[i];
        size_t shared, names;
        double cos = cross_cosine(&x->written, s->numbers, &s->cents[a], x->lang[a], &s->cents[b], x->lang[b],
                                  &shared, &names);
        if (shared >= CROSS_SHARED && names >= CROSS_NAMES && cos >= CROSS_THRESHOLD && cos > best_cos[a]) {
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
    if (!s->numbers) /* story_languages found one language of names or none */
        return NP_OK;
    const np_allocator *al = s->e->allocator;
    uint8_t *lang = np_alloc_array(al, s->n_cents + 1, sizeof *lang);
    if (!lang)
        return NP_ENOMEM;
    size_t n_langs = stories_language(s, lang);
    if (n_langs < 2) {
        np_free(al, lang);
        return NP_OK;
    }
    engine_stage_begins(s->e, NP_STAGE_STORIES, "across languages");
    cross_state x = { .s = s, .lang = lang, .n_langs = n_langs };
    idset_init(&x.written, al);
    uint32_t *best = np_alloc_array(al, s->n_cents + 1, sizeof *best);
    np_status st = best ? names_written(&x) : NP_ENOMEM;
    if (st == NP_OK)
        st = pairing_terms(&x);
    if (st == NP_OK)
        st = pairs_of_terms(&x);
    np_free(al, x.by_stem);
    if (st == NP_OK)
        st = best_partners(&x, best);
    np_free(al, x.pairs);
    idset_free(&x.written);
    np_free(al, lang);
    if (st == NP_OK)
        st = join_partners(s, best);
    np_free(al, best);
    return st;
}
