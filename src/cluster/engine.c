/* engine: np_engine -- adding articles as fingerprints, running the stages,
 * reading the answers. */
#include "common/sort.h"
#include "cluster/engine.h"
#include "cluster/stages.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "common/alloc.h"
#include "common/radix.h"
#include "common/clock.h"
#include "common/intersect.h"
#include "text/date.h"

void np_params_default(np_params *p)
{
    memset(p, 0, sizeof *p); /* padding too: parameter sets compare byte for byte */
    p->near_jaccard = 0.6;
    p->near_length_ratio = 0.75;
    p->short_words = 50;
    p->excerpt_containment = 0.6;
    p->rewrite_alignment = 0.8;
    p->rewrite_overlap = 0.5;
    p->rewrite_window = 30;
    p->story_threshold = 0.25;
    p->merge_threshold = 0.25;
    p->story_window = 7;
    p->move_window = 3;
    p->story_span = 30;
    p->storyline_threshold = 0.2;
    p->storyline_window = 30;
    p->name_share = 0.5;
    p->max_bucket = 200;
    p->storyline_reach = 90;
    p->reach_threshold = 0.25;
}

/* Every parameter np_params_set knows, with its range (a double field, or
 * an int one that takes whole numbers only) and what it means. */
typedef struct param_field {
    const char *name;
    size_t offset;
    int integer;
    double lo, hi;
    const char *meaning;
} param_field;

#define PARAM_DOUBLE(name) #name, offsetof(np_params, name), 0
#define PARAM_INT(name) #name, offsetof(np_params, name), 1
static const param_field param_fields[] = {
    { PARAM_DOUBLE(near_jaccard), 0, 1, "MinHash Jaccard of 5-word shingles for a near copy" },
    { PARAM_DOUBLE(near_length_ratio), 0, 1, "shorter/longer word count for near; below it, excerpt" },
    /* up to the texts that keep 2-word shingles */
    { PARAM_INT(short_words), 0, SHORT_PAIR_WORDS,
      "shorter text under this many words: near by 2-word shingles' Jaccard" },
    { PARAM_DOUBLE(excerpt_containment), 0, 1, "shared sentences / sentences of the shorter text" },
    { PARAM_DOUBLE(rewrite_alignment), 0, 1, "aligned sentences / sentences of the shorter text" },
    { PARAM_DOUBLE(rewrite_overlap), 0, 1, "share of a sentence's stems found in its partner" },
    { PARAM_INT(rewrite_window), 0, 36500, "days between a rewrite and its source" },
    { PARAM_DOUBLE(story_threshold), 0, 1, "similarity for an article to join a story" },
    { PARAM_DOUBLE(merge_threshold), 0, 1, "average member similarity for two stories to merge" },
    { PARAM_INT(story_window), 0, 36500, "days a story stays open to new articles" },
    { PARAM_INT(move_window), 0, 36500,
      "days between stories that merge, or an article and a story it moves to" },
    { PARAM_INT(story_span), 0, 36500, "days from a story's first article to its last at most (0: no limit)" },
    { PARAM_DOUBLE(storyline_threshold), 0, 1,
      "name-and-number cosine of a story to a linked story and to its storyline" },
    { PARAM_INT(storyline_window), 0, 36500, "days between stories linked at storyline_threshold" },
    { PARAM_INT(storyline_reach), 0, 36500,
      "days between stories of one storyline at most (past storyline_window: at reach_threshold)" },
    { PARAM_DOUBLE(reach_threshold), 0, 1,
      "name-and-number cosine of a link between stories more than storyline_window days apart" },
    { PARAM_DOUBLE(name_share), 0, 1, "share of names and numbers in story similarity" },
    { PARAM_INT(max_bucket), 2, 1000000, "index buckets larger than this are too common to pair" },
};
#undef PARAM_DOUBLE
#undef PARAM_INT
enum { PARAM_COUNT = sizeof param_fields / sizeof *param_fields, VALUE_TEXT = 32 };

/* A parameter's value as the description writes it: three decimals, or
 * as many digits as it takes to read the value back (0.2504), so that two
 * parameter sets whose texts are equal group alike. */
static void param_value_text(const param_field *f, const np_params *p, char out[VALUE_TEXT])
{
    const char *field = (const char *)p + f->offset;
    if (f->integer) {
        int whole;
        memcpy(&whole, field, sizeof whole);
        snprintf(out, VALUE_TEXT, "%d", whole);
        return;
    }
    double v;
    memcpy(&v, field, sizeof v);
    snprintf(out, VALUE_TEXT, "%.3f", v);
    for (int digits = 4; digits <= 17 && strtod(out, NULL) != v; digits++)
        snprintf(out, VALUE_TEXT, "%.*g", digits, v);
}

void np_params_describe(const np_params *p, char *out, size_t size)
{
    char values[PARAM_COUNT][VALUE_TEXT];
    int name_width = 0, value_width = 0;
    for (size_t k = 0; k < PARAM_COUNT; k++) {
        param_value_text(&param_fields[k], p, values[k]);
        int n = (int)strlen(param_fields[k].name), v = (int)strlen(values[k]);
        name_width = n > name_width ? n : name_width;
        value_width = v > value_width ? v : value_width;
    }
    size_t used = 0;
    if (size)
        out[0] = '\0';
    for (size_t k = 0; k < PARAM_COUNT && used < size; k++) {
        int n = snprintf(out + used, size - used, "%-*s = %-*s  # %s\n", name_width, param_fields[k].name,
                         value_width, values[k], param_fields[k].meaning);
        used += n > 0 ? (size_t)n : 0;
    }
}

int params_parse(const char *text, np_params *out, char *bad, size_t size)
{
    np_params_default(out);
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        char name[64], value[64];
        if (sscanf(line, "%63s = %63s", name, value) == 2 && np_params_set(out, name, value) != NP_OK) {
            snprintf(bad, size, "%s = %s", name, value);
            return -1;
        }
        line = end ? end + 1 : line + strlen(line);
    }
    return 0;
}

int params_differ(const np_params *was, const np_params *now, char *out, size_t size)
{
    for (size_t k = 0; k < PARAM_COUNT; k++) {
        char a[VALUE_TEXT], b[VALUE_TEXT];
        param_value_text(&param_fields[k], was, a);
        param_value_text(&param_fields[k], now, b);
        if (strcmp(a, b) != 0) {
            snprintf(out, size, "%s = %s, not %s", param_fields[k].name, a, b);
            return 1;
        }
    }
    return 0;
}

static const param_field *param_field_of(const char *name)
{
    for (size_t k = 0; k < PARAM_COUNT; k++)
        if (strcmp(param_fields[k].name, name) == 0)
            return &param_fields[k];
    return NULL;
}

const char *np_params_name(size_t i)
{
    return i < PARAM_COUNT ? param_fields[i].name : NULL;
}

const char *np_params_meaning(size_t i)
{
    return i < PARAM_COUNT ? param_fields[i].meaning : NULL;
}

int np_params_value_text(const np_params *params, size_t i, char *out, size_t size)
{
    char value[VALUE_TEXT] = "";
    if (i < PARAM_COUNT)
        param_value_text(&param_fields[i], params, value);
    if (size)
        snprintf(out, size, "%s", value);
    return i < PARAM_COUNT;
}

int np_params_range(const char *name, double *lo, double *hi, int *integer)
{
    const param_field *f = param_field_of(name);
    if (!f)
        return 0;
    if (lo)
        *lo = f->lo;
    if (hi)
        *hi = f->hi;
    if (integer)
        *integer = f->integer;
    return 1;
}

np_status np_params_set(np_params *p, const char *name, const char *value)
{
    const param_field *f = param_field_of(name);
    char *end;
    /* decimal only: strtod also reads hex ('0x10' was 16 days), blanks before */
    int decimal = value[strspn(value, "0123456789.eE+-")] == '\0';
    double v = f && decimal ? strtod(value, &end) : 0;
    if (!f || !decimal || end == value || *end != '\0' || !isfinite(v) || v < f->lo || v > f->hi ||
        (f->integer && v != (int)v))
        return NP_EPARAM;
    char *field = (char *)p + f->offset;
    if (f->integer) {
        int whole = (int)v;
        memcpy(field, &whole, sizeof whole);
    } else {
        memcpy(field, &v, sizeof v);
    }
    return NP_OK;
}

np_status np_engine_new(np_engine **out, const np_params *params, const np_allocator *allocator)
{
    *out = NULL;
    if (!allocator)
        allocator = np_default_allocator();
    np_engine *e = np_calloc(allocator, 1, sizeof *e);
    if (!e)
        return NP_ENOMEM;
    e->allocator = allocator;
    e->threads = 1;
    e->latest = SIZE_MAX;
    if (params)
        e->params = *params;
    else
        np_params_default(&e->params);
    buf_init(&e->strings, allocator);
    buf_init(&e->surfaces, allocator);
    *out = e;
    return NP_OK;
}

void np_engine_free(np_engine *e)
{
    if (!e)
        return;
    const np_allocator *a = e->allocator;
    np_fingerprinter_free(e->printer);
    buf_free(&e->strings);
    engine_intern_end(e);
    buf_free(&e->surfaces);
    engine_forms_free(e);
    np_free(a, e->surf_slots);
    np_free(a, e->story_keywords);
    np_free(a, e->arts);
    np_free(a, e->sigs);
    np_free(a, e->sent_hashes);
    np_free(a, e->sent_ranks);
    np_free(a, e->stems);
    np_free(a, e->terms);
    np_free(a, e->nouns);
    np_free(a, e->noun_ranks);
    np_free(a, e->shingles);
    np_free(a, e->short_texts);
    np_free(a, e->attributions);
    np_free(a, e->leads);
    np_free(a, e->mentions);
    np_free(a, e->datelines);
    np_free(a, e->links);
    np_free(a, e->rank);
    np_free(a, e->family);
    np_free(a, e->original);
    np_free(a, e->via);
    np_free(a, e->story_of);
    np_free(a, e->stories);
    np_free(a, e->story_members);
    np_free(a, e->vocab);
    np_free(a, e->idf_of_df);
    np_free(a, e->stem_of_id);
    np_free(a, e->df_of_id);
    np_free(a, e->top_entries);
    np_free(a, e);
}

const char *np_engine_errmsg(const np_engine *e)
{
    return e ? e->errmsg : "no engine";
}

const char *engine_string(const np_engine *e, size_t offset)
{
    return offset == NO_STRING ? NULL : e->strings.data + offset;
}

int engine_date_number(const char *p, int digits)
{
    int v = 0;
    for (int i = 0; i < digits; i++) {
        if (p[i] < '0' || p[i] > '9')
            return atoi(p);
        v = v * 10 + (p[i] - '0');
    }
    return p[digits] >= '0' && p[digits] <= '9' ? atoi(p) : v;
}

int32_t engine_day_of(const char *d)
{
    if (!d || strlen(d) < 10)
        return NO_DAY;
    int y = engine_date_number(d, 4), m = engine_date_number(d + 5, 2), day = engine_date_number(d + 8, 2);
    if (y < 1900 || m < 1 || m > 12 || day < 1 || day > 31)
        return NO_DAY;
    /* days from civil (Howard Hinnant's algorithm) */
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + (int)doe - 719468);
}

int engine_compare_time(const np_engine *e, uint32_t a, uint32_t b)
{
    const art *x = &e->arts[a], *y = &e->arts[b];
    if (x->day == NO_DAY || y->day == NO_DAY)
        return 0;
    if (x->time != NP_NO_TIME && y->time != NP_NO_TIME)
        return (x->time > y->time) - (x->time < y->time);
    return (x->day > y->day) - (x->day < y->day);
}

typedef struct id_rank {
    const char *id;
    uint32_t art;
} id_rank;

static int cmp_id_rank(const void *a, const void *b)
{
    const id_rank *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->art > y->art) - (x->art < y->art);
}

/* An id's first eight bytes as a number that orders as strcmp does: big
 * end first, and zeros past the id's end. */
static uint64_t id_prefix(const char *id)
{
    uint64_t key = 0;
    size_t i = 0;
    for (; i < 8 && id[i]; i++)
        key = key << 8 | (unsigned char)id[i];
    return i < 8 ? key << (8 * (8 - i)) : key;
}

/* Sorts ids[0..n) (of one first eight bytes, in input order) by the whole
 * id, then input order.  returns: NP_ENOMEM or NP_OK */
static np_status sort_id_run(const np_engine *e, radix_item *ids, size_t n)
{
    id_rank *run = np_alloc_array(e->allocator, n, sizeof *run);
    if (!run)
        return NP_ENOMEM;
    for (size_t i = 0; i < n; i++)
        run[i] = (id_rank){ engine_string(e, e->arts[ids[i].value].id), ids[i].value };
    np_sort(run, n, sizeof *run, cmp_id_rank);
    for (size_t i = 0; i < n; i++)
        ids[i].value = run[i].art;
    np_free(e->allocator, run);
    return NP_OK;
}

/* Each article's position in id order (ties by input order): the
 * tie-break of originals and the order of undated stories, independent
 * of input order.  The ids are radix-sorted by their first eight bytes
 * (stably: equal ones stay in input order); only the runs of ids whose
 * first eight bytes agree are sorted by strcmp. */
static np_status rank_ids(np_engine *e)
{
    size_t n = e->n_arts;
    radix_item *ids = np_alloc_array(e->allocator, 2 * n + 1, sizeof *ids);
    e->rank = np_alloc_array(e->allocator, n + 1, sizeof *e->rank);
    if (!ids || !e->rank) {
        np_free(e->allocator, ids);
        return NP_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        ids[i] = (radix_item){ id_prefix(engine_string(e, e->arts[i].id)), (uint32_t)i };
    radix_sort_items(ids, ids + n, n);
    np_status st = NP_OK;
    for (size_t i = 0, j; i < n && st == NP_OK; i = j) {
        j = i + 1;
        while (j < n && ids[j].key == ids[i].key)
            j++;
        if (j - i > 1 && (ids[i].key & 0xff)) /* eight bytes alike, and more may follow */
            st = sort_id_run(e, ids + i, j - i);
    }
    for (size_t i = 0; i < n && st == NP_OK; i++)
        e->rank[ids[i].value] = (uint32_t)i;
    if (st == NP_OK && e->latest < n) { /* it comes last, whatever its id */
        uint32_t at = e->rank[e->latest];
        for (size_t i = 0; i < n; i++)
            e->rank[i] -= e->rank[i] > at;
        e->rank[e->latest] = (uint32_t)(n - 1);
    }
    np_free(e->allocator, ids);
    return st;
}

void engine_release(np_engine *e, int what)
{
    const np_allocator *a = e->allocator;
    if (what & RELEASE_COPY_EVIDENCE) {
        np_free(a, e->sigs);
        np_free(a, e->sent_hashes);
        np_free(a, e->sent_ranks);
        np_free(a, e->stems);
        np_free(a, e->shingles);
        np_free(a, e->short_texts);
        e->sigs = NULL, e->cap_sigs = 0;
        e->sent_hashes = NULL, e->n_sents = e->cap_sents = 0;
        e->sent_ranks = NULL;
        e->stems = NULL, e->n_stems = e->cap_stems = 0;
        e->shingles = NULL, e->n_shingles = e->cap_shingles = 0;
        e->short_texts = NULL, e->n_short_texts = e->cap_short_texts = 0;
    }
    if (what & RELEASE_TERMS) {
        np_free(a, e->terms);
        np_free(a, e->nouns);
        np_free(a, e->noun_ranks);
        np_free(a, e->vocab);
        np_free(a, e->idf_of_df);
        np_free(a, e->stem_of_id);
        np_free(a, e->df_of_id);
        np_free(a, e->top_entries);
        e->stem_of_id = e->df_of_id = NULL;
        e->n_ids = 0, e->fact_id_base = 0, e->rare_id_base = 0;
        e->top_entries = NULL, e->n_top_entries = 0;
        e->terms = NULL, e->n_term_bytes = e->cap_term_bytes = e->n_terms = 0;
        e->nouns = NULL, e->n_nouns = e->cap_nouns = 0;
        e->noun_ranks = NULL, e->noun_bytes = 0;
        e->vocab = NULL, e->idf_of_df = NULL;
        e->n_vocab = e->vocab_cap = 0;
    }
}

void engine_trim_terms(np_engine *e, size_t from)
{
    if (from >= e->n_term_bytes)
        return;
    size_t keep = from + 8; /* a reader of the last article's code loads 8 bytes at its last */
    uint8_t *terms = np_realloc_array(e->allocator, e->terms, keep, 1);
    if (terms)
        e->terms = terms, e->cap_term_bytes = keep;
    e->n_term_bytes = from;
}

np_status np_engine_set_threads(np_engine *e, size_t threads)
{
    if (!e || threads < 1 || threads > 256)
        return NP_EPARAM;
    e->threads = threads;
    return NP_OK;
}

void engine_step_report(const np_engine *e, np_stage stage, const char *step, unsigned round, unsigned percent)
{
    char text[96];
    if (round)
        snprintf(text, sizeof text, "%s %u, %u%%", step, round, percent);
    else
        snprintf(text, sizeof text, "%s, %u%%", step, percent);
    e->on_stage(e->on_stage_arg, stage, text);
}

np_status np_engine_on_stage(np_engine *e, np_stage_fn fn, void *arg)
{
    if (!e || e->ran)
        return NP_EPARAM;
    e->on_stage = fn;
    e->on_stage_arg = arg;
    return NP_OK;
}

np_status np_engine_copies_only(np_engine *e)
{
    if (!e || e->ran || e->n_arts)
        return NP_EPARAM;
    e->copies_only = 1;
    return NP_OK;
}

np_status np_engine_no_rewrites(np_engine *e)
{
    np_status st = np_engine_copies_only(e);
    if (st == NP_OK)
        e->no_rewrites = 1;
    return st;
}

np_status np_engine_mark_latest(np_engine *e, size_t index)
{
    if (!e || e->ran || index >= e->n_arts)
        return NP_EPARAM;
    e->latest = index;
    return NP_OK;
}

static np_status engine_group(np_engine *e, np_status st);


/* Bytes of the articles' fingerprints, once all are added, and the peak
 * memory so far; the intake's table of strings is given back (no article
 * is added once the run starts). */
static void note_held(np_engine *e)
{
    engine_intern_end(e);
    e->stats.intake_peak_bytes = np_peak_rss_bytes();
    size_t *h = e->stats.held;
    h[NP_HELD_META] = e->n_arts * sizeof *e->arts + e->strings.len +
                      (e->n_attributions + e->n_leads) * sizeof(art_value) +
                      e->n_datelines * sizeof *e->datelines + e->n_mentions * sizeof *e->mentions;
    h[NP_HELD_SIGNATURES] = e->sigs ? e->n_arts * MINHASH_K * sizeof *e->sigs : 0;
    h[NP_HELD_SENTENCES] = e->n_sents * sizeof *e->sent_hashes;
    h[NP_HELD_SENT_STEMS] = e->n_stems * sizeof *e->stems;
    h[NP_HELD_TERMS] = e->n_term_bytes;
    h[NP_HELD_OTHER] = e->n_shingles * sizeof *e->shingles + e->n_short_texts * sizeof *e->short_texts +
                       e->n_nouns * sizeof *e->nouns +
                       engine_forms_bytes(e);
}

void np_engine_stats_get(const np_engine *e, np_engine_stats *out)
{
    if (e)
        *out = e->stats;
    else
        memset(out, 0, sizeof *out);
}

const char *np_stage_name(np_stage stage)
{
    static const char *const names[NP_STAGES] = { "candidate pairs", "verification", "families and originals",
                                                  "stories and storylines" };
    return (unsigned)stage < NP_STAGES ? names[stage] : "?";
}

const char *np_held_name(np_held held)
{
    static const char *const names[NP_HELDS] = { "metadata", "signatures", "sentences", "sentence stems", "terms",
                                                 "other" };
    return (unsigned)held < NP_HELDS ? names[held] : "?";
}

np_status np_engine_run(np_engine *e)
{
    if (!e || e->ran)
        return NP_EPARAM;
    e->ran = 1;
    np_status st = engine_forms_end(e);
    note_held(e);
    e->pool = parallel_pool_new(e->threads); /* NULL: threads of their own, or none */
    pair *pairs = NULL;
    size_t n_pairs = 0;
    double t = np_seconds();
    engine_stage_begins(e, NP_STAGE_CANDIDATES, NULL);
    if (st == NP_OK)
        st = engine_rank_nouns(e);
    if (st == NP_OK)
        st = candidates_find(e, &pairs, &n_pairs); /* ranks the sentences with rewrites (engine_rank_sentences) */
    e->stats.seconds[NP_STAGE_CANDIDATES] = np_seconds() - t;
    e->stats.peak_bytes[NP_STAGE_CANDIDATES] = np_peak_rss_bytes();
    e->stats.candidates = n_pairs;
    t = np_seconds();
    if (st == NP_OK) {
        engine_stage_begins(e, NP_STAGE_VERIFY, NULL);
        st = verify_pairs(e, pairs, n_pairs);
    }
    e->stats.seconds[NP_STAGE_VERIFY] = np_seconds() - t;
    e->stats.peak_bytes[NP_STAGE_VERIFY] = np_peak_rss_bytes();
    np_free(e->allocator, pairs);
    return engine_group(e, st);
}

np_status stage_run_with_links(np_engine *e, copy_link *links, size_t n_links)
{
    if (!e || e->ran) {
        np_free(e ? e->allocator : np_default_allocator(), links);
        return NP_EPARAM;
    }
    e->ran = 1;
    np_status forms = engine_forms_end(e);
    note_held(e);
    e->pool = parallel_pool_new(e->threads);
    e->links = links;
    e->n_links = n_links;
    if (forms != NP_OK)
        return engine_group(e, forms);
    for (size_t i = 0; i < n_links; i++)
        if (links[i].a >= links[i].b || links[i].b >= e->n_arts ||
            (i && (links[i - 1].a > links[i].a || (links[i - 1].a == links[i].a && links[i - 1].b >= links[i].b)))) {
            snprintf(e->errmsg, sizeof e->errmsg, "link %zu (%u, %u) out of order or beyond the %zu articles", i,
                     links[i].a, links[i].b, e->n_arts);
            return engine_group(e, NP_EINPUT);
        }
    np_status st = engine_rank_nouns(e);
    return engine_group(e, e->copies_only || st != NP_OK ? st : build_vocabulary(e));
}

/* Everything after the links: families, originals, stories, storylines. */
static np_status engine_group(np_engine *e, np_status st)
{
    engine_release(e, RELEASE_COPY_EVIDENCE);
    e->stats.links = e->n_links;
    double t = np_seconds();
    if (st == NP_OK)
        engine_stage_begins(e, NP_STAGE_FAMILIES, NULL);
    if (st == NP_OK)
        st = rank_ids(e);
    if (st == NP_OK)
        st = family_drop_bridges(e);
    if (st == NP_OK)
        st = family_group(e);
    e->stats.seconds[NP_STAGE_FAMILIES] = np_seconds() - t;
    e->stats.peak_bytes[NP_STAGE_FAMILIES] = np_peak_rss_bytes();
    t = np_seconds();
    if (st == NP_OK && !e->copies_only) {
        engine_stage_begins(e, NP_STAGE_STORIES, NULL);
        st = story_group(e);
    }
    e->stats.seconds[NP_STAGE_STORIES] = np_seconds() - t;
    e->stats.peak_bytes[NP_STAGE_STORIES] = np_peak_rss_bytes();
    if (st != NP_OK && !e->errmsg[0])
        snprintf(e->errmsg, sizeof e->errmsg, "%s while clustering", np_strerror(st));
    e->complete = st == NP_OK;
    parallel_pool_free(e->pool);
    e->pool = NULL;
    return st;
}

size_t np_engine_count(const np_engine *e)
{
    return e ? e->n_arts : 0;
}

static const char *const kind_names[] = { "report", "exact", "near", "excerpt", "rewrite" };

np_status np_engine_result(const np_engine *e, size_t i, np_result *out)
{
    if (!e || !e->complete || i >= e->n_arts)
        return NP_EPARAM;
    const art *r = &e->arts[i];
    memset(out, 0, sizeof *out);
    out->id = engine_string(e, r->id);
    out->title = engine_string(e, r->title);
    out->lead = engine_string(e, engine_lead(e, (uint32_t)i));
    const dateline *d = engine_dateline(e, r);
    out->date = engine_string(e, d->date);
    out->source = engine_string(e, d->source);
    out->lang = engine_string(e, d->lang);
    out->words = r->words;
    out->story = e->copies_only ? NP_NO_STORY : e->story_of[i];
    out->storyline = e->copies_only ? NP_NO_STORY : e->stories[e->story_of[i]].storyline;
    out->score = -1;
    uint32_t orig = e->original[i];
    if (orig == UINT32_MAX) {
        out->relation = "report";
    } else if (orig == i || e->via[i] == UINT32_MAX) {
        out->relation = "original";
    } else {
        const copy_link *l = &e->links[e->via[i]];
        out->relation = kind_names[l->kind];
        out->copy_of = engine_string(e, e->arts[orig].id);
        out->score = l->score;
        out->jaccard = l->jaccard;
        out->containment = l->containment;
        out->aligned = l->aligned;
        out->ordered = l->ordered;
        out->shared_sentences = l->shared_sentences;
    }
    return NP_OK;
}

size_t np_engine_story_count(const np_engine *e)
{
    return e && e->complete ? e->n_stories : 0;
}

size_t np_engine_storyline_count(const np_engine *e)
{
    return e && e->complete ? e->n_storylines : 0;
}

static const char *day_string(const np_engine *e, const story *k, int last)
{
    /* the date string of a member whose day is the story's first/last */
    int32_t want = last ? k->last_day : k->first_day;
    if (want == NO_DAY)
        return NULL;
    for (uint32_t m = 0; m < k->n_members; m++) {
        const art *r = &e->arts[e->story_members[k->first_member + m]];
        if (r->day == want)
            return engine_string(e, engine_dateline(e, r)->date);
    }
    return NULL;
}

np_status np_engine_story(const np_engine *e, size_t index, np_story *out, const char **keywords,
                          size_t max_keywords, size_t *n_keywords)
{
    if (!e || !e->complete || index >= e->n_stories || !out)
        return NP_EPARAM;
    const story *k = &e->stories[index];
    out->index = index;
    out->storyline = k->storyline;
    out->title = k->title_article == UINT32_MAX ? NULL : engine_string(e, e->arts[k->title_article].title);
    out->first_date = day_string(e, k, 0);
    out->last_date = day_string(e, k, 1);
    out->n_articles = k->n_members;
    size_t n = 0;
    for (size_t i = 0; keywords && i < STORY_KEYWORDS && n < max_keywords; i++) {
        uint32_t stem = e->story_keywords ? e->story_keywords[index * STORY_KEYWORDS + i] : 0;
        const char *w = stem ? engine_surface(e, stem) : NULL;
        if (w)
            keywords[n++] = w;
    }
    if (n_keywords)
        *n_keywords = n;
    return NP_OK;
}

size_t np_engine_story_article(const np_engine *e, size_t story_index, size_t i)
{
    if (!e || !e->complete || story_index >= e->n_stories)
        return (size_t)-1;
    const story *k = &e->stories[story_index];
    return i < k->n_members ? e->story_members[k->first_member + i] : (size_t)-1;
}
