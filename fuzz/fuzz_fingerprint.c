/*
 * fuzz_fingerprint: the fingerprinter over arbitrary articles, and the
 * engine's two ways in.
 *
 * The input is up to MAX_ARTICLES articles, each in fuzz/fields.h's layout,
 * separated by a line "#--".  Each article is copied into a buffer of its
 * exact size (so an over-read is caught), cleaned, and fingerprinted twice
 * for a full engine and twice for a copies-only one: the two prints of a
 * kind must be the same bytes (a fingerprinter keeps no state between
 * articles).  Then:
 *  - every print must pass np_engine_add_fingerprint, which checks a print
 *    as it would one read back from a shard or a database: an engine takes
 *    the prints its own process made without those checks, so what the
 *    fingerprinter makes must be what the checks accept;
 *  - an engine given the articles (np_engine_add) and one given their
 *    prints must give the same answer: every result, its evidence to the
 *    last bit, every story and its articles; for the full and the
 *    copies-only engines alike.
 * Strings handed out must meet fuzz/invariants.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsprint.h"
#include "fields.h"
#include "invariants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_ARTICLES = 6 };

static const char separator[] = "\n#--\n";

/* The engines of one kind (full or copies-only): by article, by print. */
typedef struct pair {
    np_fingerprinter *fp;
    np_engine *direct, *printed;
    int copies_only;
} pair;

static void pair_open(pair *p, int copies_only)
{
    p->copies_only = copies_only;
    if (np_fingerprinter_new(&p->fp, NULL) != NP_OK || np_engine_new(&p->direct, NULL, NULL) != NP_OK ||
        np_engine_new(&p->printed, NULL, NULL) != NP_OK)
        abort();
    if (copies_only && (np_fingerprinter_copies_only(p->fp) != NP_OK || np_engine_copies_only(p->direct) != NP_OK ||
                        np_engine_copies_only(p->printed) != NP_OK))
        abort();
}

static void pair_close(pair *p)
{
    np_fingerprinter_free(p->fp);
    np_engine_free(p->direct);
    np_engine_free(p->printed);
}

/* Fingerprints the article twice, then gives it to both engines. */
static void pair_add(pair *p, const np_article *a)
{
    const char *kind = p->copies_only ? "copies-only" : "full";
    const void *data;
    size_t size;
    if (np_fingerprint(p->fp, a, &data, &size) != NP_OK)
        fuzz_violated("np_fingerprint (%s) failed on a cleaned article: %s", kind, np_errmsg(p->fp));
    void *first = malloc(size ? size : 1);
    if (!first)
        abort();
    memcpy(first, data, size);
    if (np_fingerprint(p->fp, a, &data, &size) != NP_OK)
        fuzz_violated("np_fingerprint (%s) failed the second time", kind);
    if (memcmp(first, data, size) != 0)
        fuzz_violated("the same article fingerprinted twice (%s) gave different bytes", kind);
    np_status st = np_engine_add_fingerprint(p->printed, first, size);
    if (st != NP_OK)
        fuzz_violated("the engine refused a print its fingerprinter made (%s, %zu bytes): %s: %s", kind, size,
                      np_strerror(st), np_errmsg(p->printed));
    free(first);
    st = np_engine_add(p->direct, a);
    if (st != NP_OK)
        fuzz_violated("np_engine_add (%s) failed on a cleaned article: %s: %s", kind, np_strerror(st),
                      np_errmsg(p->direct));
}

static const char *or_null(const char *s)
{
    return s ? s : "(null)";
}

/* The engine's whole answer as one string, doubles to the last bit. */
static char *answer(np_engine *e, const char *kind)
{
    if (np_engine_run(e) != NP_OK)
        fuzz_violated("np_engine_run (%s) failed: %s", kind, np_errmsg(e));
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f)
        abort();
    for (size_t i = 0; i < np_engine_count(e); i++) {
        np_result r;
        if (np_engine_result(e, i, &r) != NP_OK)
            abort();
        fuzz_check_string("result id", i, r.id);
        fprintf(f, "%s title=%s date=%s source=%s lang=%s words=%zu story=%zu line=%zu %s of %s %a | %a %a %a %a %zu\n",
                r.id, or_null(r.title), or_null(r.date), or_null(r.source), or_null(r.lang), r.words, r.story,
                r.storyline, r.relation, or_null(r.copy_of), r.score, r.jaccard, r.containment, r.aligned,
                r.ordered, r.shared_sentences);
    }
    for (size_t s = 0; s < np_engine_story_count(e); s++) {
        np_story st;
        const char *kw[8];
        size_t n_kw;
        if (np_engine_story(e, s, &st, kw, 8, &n_kw) != NP_OK)
            abort();
        fprintf(f, "story %zu line=%zu %s %s..%s:", st.index, st.storyline, or_null(st.title),
                or_null(st.first_date), or_null(st.last_date));
        for (size_t i = 0; i < st.n_articles; i++)
            fprintf(f, " %zu", np_engine_story_article(e, s, i));
        for (size_t k = 0; k < n_kw; k++) {
            fuzz_check_string("keyword", k, kw[k]);
            fprintf(f, " [%s]", kw[k]);
        }
        fputc('\n', f);
    }
    if (fclose(f) != 0)
        abort();
    return out;
}

static void pair_compare(pair *p)
{
    const char *kind = p->copies_only ? "copies-only" : "full";
    char *direct = answer(p->direct, kind);
    char *printed = answer(p->printed, kind);
    if (strcmp(direct, printed) != 0)
        fuzz_violated("articles and their prints (%s) gave different answers:\n--- articles\n%s--- prints\n%s", kind,
                      direct, printed);
    free(direct);
    free(printed);
}

/* The next article's bytes: up to the separator or the end. */
static size_t article_end(const uint8_t *data, size_t size, size_t at, size_t *next)
{
    size_t sep = sizeof separator - 1;
    for (size_t i = at; i + sep <= size; i++)
        if (data[i] == '\n' && memcmp(data + i, separator, sep) == 0) {
            *next = i + sep;
            return i;
        }
    *next = size;
    return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    np_cleaner *cleaner = NULL;
    if (np_cleaner_new(&cleaner, NULL) != NP_OK)
        abort();
    pair full, copies;
    pair_open(&full, 0);
    pair_open(&copies, 1);
    size_t at = 0;
    for (int n = 0; n < MAX_ARTICLES && at < size; n++) {
        size_t next;
        size_t end = article_end(data, size, at, &next);
        uint8_t *bytes = malloc(end - at ? end - at : 1); /* exactly the article, so an over-read is caught */
        if (!bytes)
            abort();
        memcpy(bytes, data + at, end - at);
        char *fields[N_FIELDS] = { NULL };
        size_t header = take_fields(bytes, end - at, fields);
        char id[16];
        snprintf(id, sizeof id, "a%d", n);
        np_record record = {
            .id = id,
            .text = (const char *)bytes + header,
            .text_len = end - at - header,
            .title = fields[FIELD_TITLE],
            .date = fields[FIELD_DATE],
            .url = fields[FIELD_URL],
            .source = fields[FIELD_SOURCE],
            .path = "fuzz/articles.txt",
            .line = (size_t)n + 1,
        };
        const np_article *a = NULL;
        if (np_clean(cleaner, &record, &a) == NP_OK) {
            pair_add(&full, a);
            pair_add(&copies, a);
        }
        free(bytes);
        for (int k = 0; k < N_FIELDS; k++)
            free(fields[k]);
        at = next;
    }
    pair_compare(&full);
    pair_compare(&copies);
    pair_close(&full);
    pair_close(&copies);
    np_cleaner_free(cleaner);
    return 0;
}
