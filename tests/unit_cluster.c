/* unit_cluster: np_engine (src/cluster) -- acceptance on the seed articles
 * in ../shared/data/seeds and on the example corpus against
 * docs/examples-truth.md, order invariance, allocation-failure torture and
 * hostile inputs. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cluster/answer.h"
#include "test.h"

/* ------------------------------------------------------------------ */
/* running the engine */

/* Reads inputs through np_reader and np_cleaner into an engine and runs it,
 * as `newsprint cluster` does.  returns: the engine (free with
 * np_engine_free), or NULL when a handle could not be made or the run
 * failed; *skipped counts records the reader or cleaner skipped. */
static np_engine *cluster_inputs(const char *const *inputs, size_t n_inputs, const np_params *params,
                                 size_t *skipped)
{
    np_reader *reader = NULL;
    np_cleaner *cleaner = NULL;
    np_engine *engine = NULL;
    size_t skips = 0;
    if (np_reader_open(&reader, inputs, n_inputs, NP_FORMAT_AUTO, NULL) != NP_OK ||
        np_cleaner_new(&cleaner, NULL) != NP_OK || np_engine_new(&engine, params, NULL) != NP_OK) {
        np_reader_free(reader);
        np_cleaner_free(cleaner);
        return NULL;
    }
    for (;;) {
        const np_record *rec;
        np_status st = np_reader_next(reader, &rec);
        if (st == NP_DONE)
            break;
        if (st != NP_OK) {
            printf("     skipped: %s\n", np_reader_errmsg(reader));
            skips++;
            continue;
        }
        const np_article *a;
        if (np_clean(cleaner, rec, &a) != NP_OK) {
            printf("     skipped: %s\n", np_cleaner_errmsg(cleaner));
            skips++;
            continue;
        }
        if (np_engine_add(engine, a) != NP_OK) {
            printf("     not added: %s\n", np_engine_errmsg(engine));
            skips++;
        }
    }
    np_reader_free(reader);
    np_cleaner_free(cleaner);
    if (skipped)
        *skipped = skips;
    if (np_engine_run(engine) != NP_OK) {
        printf("     run failed: %s\n", np_engine_errmsg(engine));
        np_engine_free(engine);
        return NULL;
    }
    return engine;
}

/* Adds articles built in memory and runs.  returns: as cluster_inputs */
static np_engine *cluster_articles_on(const np_article *articles, size_t n, const np_params *params,
                                      size_t threads)
{
    np_engine *engine = NULL;
    if (np_engine_new(&engine, params, NULL) != NP_OK)
        return NULL;
    if (threads && np_engine_set_threads(engine, threads) != NP_OK) {
        np_engine_free(engine);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (np_engine_add(engine, &articles[i]) != NP_OK) {
            printf("     not added: %s\n", np_engine_errmsg(engine));
            np_engine_free(engine);
            return NULL;
        }
    }
    if (np_engine_run(engine) != NP_OK) {
        printf("     run failed: %s\n", np_engine_errmsg(engine));
        np_engine_free(engine);
        return NULL;
    }
    return engine;
}

/* cluster_articles_on the engine's default threads. */
static np_engine *cluster_articles(const np_article *articles, size_t n, const np_params *params)
{
    return cluster_articles_on(articles, n, params, 0);
}

/* The index of the article whose id is `id` (or starts with it, when
 * prefix), or (size_t)-1. */
static size_t index_of(const np_engine *e, const char *id, int prefix)
{
    size_t n = np_engine_count(e);
    for (size_t i = 0; i < n; i++) {
        np_result r;
        if (np_engine_result(e, i, &r) != NP_OK || !r.id)
            continue;
        if (prefix ? strncmp(r.id, id, strlen(id)) == 0 : strcmp(r.id, id) == 0)
            return i;
    }
    return (size_t)-1;
}

/* The result of article `id`; 0 when absent. */
static int result_of(const np_engine *e, const char *id, int prefix, np_result *out)
{
    size_t i = index_of(e, id, prefix);
    if (i == (size_t)-1) {
        printf("     no article '%s'\n", id);
        return 0;
    }
    return np_engine_result(e, i, out) == NP_OK;
}

static int same_string(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static int is_copy_relation(const char *relation)
{
    static const char *const copies[] = { "exact", "near", "excerpt", "rewrite" };
    for (size_t i = 0; i < 4; i++)
        if (strcmp(relation, copies[i]) == 0)
            return 1;
    return 0;
}

/* Everything that must hold of any answer: every article in exactly one
 * story, stories and storylines numbered densely, relations from the
 * vocabulary, a copy's copy_of naming its family's original in its own
 * story, listed after it; an original has a copy. */
static void check_sane(const np_engine *e)
{
    size_t n = np_engine_count(e), ns = np_engine_story_count(e), nl = np_engine_storyline_count(e);
    if (n == 0) {
        CHECK(ns == 0 && nl == 0);
        return;
    }
    CHECK(ns >= 1 && ns <= n);
    CHECK(nl >= 1 && nl <= ns);
    unsigned *seen = calloc(n, sizeof *seen);
    size_t *position = calloc(n, sizeof *position);
    unsigned char *line_used = calloc(nl + 1, 1);
    unsigned *copies_of = calloc(n, sizeof *copies_of);
    REQUIRE(seen && position && line_used && copies_of);
    size_t problems = 0;
    for (size_t s = 0; s < ns; s++) {
        np_story story;
        const char *kw[8];
        size_t n_kw = 99;
        if (np_engine_story(e, s, &story, kw, 8, &n_kw) != NP_OK) {
            CHECK(!"np_engine_story failed");
            continue;
        }
        CHECK(story.index == s);
        CHECK(story.storyline < nl);
        CHECK(story.n_articles >= 1);
        CHECK(n_kw <= 8);
        for (size_t k = 0; k < n_kw && k < 8; k++)
            CHECK(kw[k] != NULL && kw[k][0] != '\0');
        if (story.first_date && story.last_date)
            CHECK(strcmp(story.first_date, story.last_date) <= 0);
        CHECK((story.first_date == NULL) == (story.last_date == NULL));
        if (story.storyline < nl)
            line_used[story.storyline] = 1;
        for (size_t i = 0; i < story.n_articles; i++) {
            size_t a = np_engine_story_article(e, s, i);
            CHECK(a < n);
            if (a >= n)
                continue;
            seen[a]++;
            position[a] = i;
            np_result r;
            CHECK(np_engine_result(e, a, &r) == NP_OK);
            CHECK(r.story == s);
            CHECK(r.storyline == story.storyline);
        }
        CHECK(np_engine_story_article(e, s, story.n_articles) == (size_t)-1);
    }
    for (size_t l = 0; l < nl; l++)
        CHECK(line_used[l]);
    for (size_t i = 0; i < n; i++) {
        np_result r;
        if (np_engine_result(e, i, &r) != NP_OK) {
            CHECK(!"np_engine_result failed");
            continue;
        }
        CHECK(seen[i] == 1);
        CHECK(r.id != NULL);
        CHECK(r.story < ns && r.storyline < nl);
        REQUIRE(r.relation != NULL);
        int copy = is_copy_relation(r.relation);
        CHECK(copy || strcmp(r.relation, "original") == 0 || strcmp(r.relation, "report") == 0);
        CHECK(copy == (r.copy_of != NULL));
        if (copy) {
            CHECK(r.score >= 0 && r.score <= 1);
            size_t o = r.copy_of ? index_of(e, r.copy_of, 0) : (size_t)-1;
            CHECK(o < n && o != i);
            if (o < n) {
                np_result orig;
                CHECK(np_engine_result(e, o, &orig) == NP_OK);
                CHECK(strcmp(orig.relation, "original") == 0); /* copy_of names the original */
                CHECK(orig.story == r.story);                   /* a family is in one story */
                CHECK(position[o] < position[i]);               /* listed after it */
                copies_of[o]++;
            }
        } else {
            CHECK(r.score == -1);
        }
        if (test_failed_now() && problems++ < 3)
            printf("     article %zu '%s': %s of %s, story %zu\n", i, r.id ? r.id : "?", r.relation,
                   r.copy_of ? r.copy_of : "-", r.story);
    }
    for (size_t i = 0; i < n; i++) {
        np_result r;
        if (np_engine_result(e, i, &r) == NP_OK && strcmp(r.relation, "original") == 0)
            CHECK(copies_of[i] > 0);
    }
    free(seen);
    free(position);
    free(line_used);
    free(copies_of);
}

/* ------------------------------------------------------------------ */
/* seeds: ../shared/data/seeds/EXPECTED.md */

TEST(cluster_seeds_acceptance)
{
    const char *data = shared_data_dir();
    if (!data) {
        test_skip("../shared/data absent");
        return;
    }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/seeds", data);
    const char *inputs[] = { dir };
    size_t skipped = 0;
    np_engine *e = cluster_inputs(inputs, 1, NULL, &skipped);
    REQUIRE(e != NULL);
    CHECK(skipped == 0);
    CHECK(np_engine_count(e) == 5);
    check_sane(e);
    np_result r[5];
    static const char *const numbers[] = { "000", "001", "002", "003", "004" };
    for (size_t i = 0; i < 5; i++) {
        if (!result_of(e, numbers[i], 1, &r[i])) {
            CHECK(!"seed article missing");
            np_engine_free(e);
            return;
        }
    }
    /* one story: 000, 001, 002, 003 */
    CHECK(r[1].story == r[0].story);
    CHECK(r[2].story == r[0].story);
    CHECK(r[3].story == r[0].story);
    /* 004: a later event, another story of the same storyline */
    CHECK(r[4].story != r[0].story);
    CHECK(r[4].storyline == r[0].storyline);
    /* 000 is a rewrite of 001, the original; the others are reports */
    CHECK_STR(r[0].relation, "rewrite");
    CHECK_STR(r[0].copy_of, r[1].id);
    CHECK_STR(r[1].relation, "original");
    CHECK(r[1].copy_of == NULL);
    for (size_t i = 2; i < 5; i++) {
        CHECK_STR(r[i].relation, "report");
        CHECK(r[i].copy_of == NULL);
    }
    if (test_failed_now())
        for (size_t i = 0; i < 5; i++)
            printf("     %s: %s of %s, story %zu, storyline %zu\n", r[i].id, r[i].relation,
                   r[i].copy_of ? r[i].copy_of : "-", r[i].story, r[i].storyline);
    np_engine_free(e);
}

/* ------------------------------------------------------------------ */
/* examples: docs/examples-truth.md */

/* The examples directory: $NP_EXAMPLES, or examples/ under the working
 * directory (tests/run.sh runs from the repository root) or its parent. */
static const char *examples_dir(void)
{
    static const char *const candidates[] = { "examples", "../examples" };
    const char *env = getenv("NP_EXAMPLES");
    char path[1024];
    struct stat sb;
    if (env) {
        snprintf(path, sizeof path, "%s/corpus.jsonl", env);
        if (stat(path, &sb) == 0)
            return env;
    }
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
        snprintf(path, sizeof path, "%s/corpus.jsonl", candidates[i]);
        if (stat(path, &sb) == 0)
            return candidates[i];
    }
    return NULL;
}

/* The Articles table of docs/examples-truth.md: event, relation, copy_of. */
typedef struct truth_row {
    const char *id;
    char event;
    const char *relation;
    const char *copy_of;
} truth_row;

static const truth_row truth[] = {
    { "01-harborton-strike-wirepress", 'A', "original", NULL },
    { "02-harborton-strike-coastal-ledger", 'A', "exact", "01-harborton-strike-wirepress" },
    { "03-harborton-strike-portwatch", 'A', "near", "01-harborton-strike-wirepress" },
    { "04-harborton-strike-excerpt", 'A', "excerpt", "01-harborton-strike-wirepress" },
    { "05-harborton-strike-harbor-daily", 'A', "report", NULL },
    { "06-harborton-strike-freight-weekly", 'A', "report", NULL },
    { "07-harborton-streik-de", 'A', "report", NULL },
    { "08-callisford-bridge-newsline", 'B', "original", NULL },
    { "09-callisford-bridge-spun", 'B', "rewrite", "08-callisford-bridge-newsline" },
    { "10-callisford-bridge-valley-post", 'B', "report", NULL },
    { "11-callisford-bridge-radio", 'B', "report", NULL },
    { "12-harborton-deal-wirepress", 'C', "original", NULL },
    { "13-harborton-deal-harbor-daily", 'C', "report", NULL },
    { "14-orvanne-quake-newsline", 'D', "original", NULL },
    { "15-orvanne-quake-courier", 'D', "report", NULL },
    { "16-kestrel-quake-example-times", 'E', "original", NULL },
    { "17-kestrel-quake-highland-herald", 'E', "report", NULL },
    { "18-saltmere-terminal-expansion", 'F', "report", NULL },
    { "19-kestrel-quake-republished", 'E', "exact", "16-kestrel-quake-example-times" },
    { "20-orvanne-quake-regional-near", 'D', "near", "14-orvanne-quake-newsline" },
    { "j01", 'C', "near", "12-harborton-deal-wirepress" },
    { "j02", 'B', "report", NULL },
    { "j03", 'D', "report", NULL },
    { "j04", 'E', "report", NULL },
    { "j05", 'A', "report", NULL },
};
enum { N_TRUTH = sizeof truth / sizeof *truth };

/* The German report: the truth puts it in story A, linked only by names
 * and numbers; the story checks leave it out (its relation is checked). */
static const char *const german = "07-harborton-streik-de";

/* Clusters the whole example corpus (the examples directory). */
static np_engine *cluster_examples(void)
{
    const char *dir = examples_dir();
    if (!dir)
        return NULL;
    char articles[1024], corpus[1024];
    snprintf(articles, sizeof articles, "%s/articles", dir);
    snprintf(corpus, sizeof corpus, "%s/corpus.jsonl", dir);
    const char *inputs[] = { articles, corpus };
    size_t skipped = 0;
    np_engine *e = cluster_inputs(inputs, 2, NULL, &skipped);
    CHECK(skipped == 0);
    return e;
}

TEST(cluster_examples_copies_and_originals)
{
    if (!examples_dir()) {
        test_skip("examples/ not found (run from the repository root or set NP_EXAMPLES)");
        return;
    }
    np_engine *e = cluster_examples();
    REQUIRE(e != NULL);
    CHECK(np_engine_count(e) == N_TRUTH);
    check_sane(e);
    for (size_t i = 0; i < N_TRUTH; i++) {
        np_result r;
        if (!result_of(e, truth[i].id, 0, &r)) {
            CHECK(!"article missing");
            continue;
        }
        /* (the hard one is 09, a spun rewrite of 08 sharing 3 shingles:
         * found by sentence alignment only; when it is missed, 08 is a
         * `report` too) */
        int relation_ok = same_string(r.relation, truth[i].relation);
        int copy_of_ok = same_string(r.copy_of, truth[i].copy_of);
        CHECK(relation_ok && copy_of_ok);
        if (!relation_ok || !copy_of_ok)
            printf("     %s: expected %s%s%s, engine says %s%s%s\n", truth[i].id, truth[i].relation,
                   truth[i].copy_of ? " of " : "", truth[i].copy_of ? truth[i].copy_of : "",
                   r.relation, r.copy_of ? " of " : "", r.copy_of ? r.copy_of : "");
    }
    np_engine_free(e);
}

/* The story of each article of `event` but the German one; 0 if they are
 * not all in one story (and says which are where). */
static int event_story(const np_engine *e, char event, size_t *story, size_t *storyline)
{
    size_t first = (size_t)-1;
    int together = 1;
    for (size_t i = 0; i < N_TRUTH; i++) {
        np_result r;
        if (truth[i].event != event || strcmp(truth[i].id, german) == 0)
            continue;
        if (!result_of(e, truth[i].id, 0, &r))
            return 0;
        if (first == (size_t)-1) {
            first = r.story;
            *story = r.story;
            *storyline = r.storyline;
        } else if (r.story != first) {
            together = 0;
        }
    }
    if (!together) {
        printf("     event %c is split:", event);
        for (size_t i = 0; i < N_TRUTH; i++) {
            np_result r;
            if (truth[i].event == event && result_of(e, truth[i].id, 0, &r))
                printf(" %.2s->s%zu", truth[i].id, r.story + 1);
        }
        printf("\n");
    }
    return first != (size_t)-1 && together;
}

/* Articles of other events in the given story. */
static void check_no_strangers(const np_engine *e, char event, size_t story)
{
    for (size_t i = 0; i < N_TRUTH; i++) {
        np_result r;
        if (truth[i].event == event || strcmp(truth[i].id, german) == 0)
            continue;
        if (result_of(e, truth[i].id, 0, &r) && r.story == story) {
            CHECK(!"an article of another event is in the story");
            printf("     %s (event %c) is in event %c's story\n", truth[i].id, truth[i].event, event);
        }
    }
}

static void check_story_dates(const np_engine *e, size_t story, const char *first, const char *last)
{
    np_story k;
    if (np_engine_story(e, story, &k, NULL, 0, NULL) != NP_OK) {
        CHECK(!"np_engine_story failed");
        return;
    }
    int ok = same_string(k.first_date, first) && same_string(k.last_date, last);
    CHECK(ok);
    if (!ok)
        printf("     story s%zu (%s): dates %s .. %s, expected %s .. %s\n", story + 1,
               k.title ? k.title : "-", k.first_date ? k.first_date : "null",
               k.last_date ? k.last_date : "null", first, last);
}

TEST(cluster_examples_stories)
{
    if (!examples_dir()) {
        test_skip("examples/ not found (run from the repository root or set NP_EXAMPLES)");
        return;
    }
    np_engine *e = cluster_examples();
    REQUIRE(e != NULL);
    size_t story_b = 0, story_d = 0, story_e = 0, story_f = 0;
    size_t line_b = 0, line_d = 0, line_e = 0, line_f = 0;
    /* B, D and E each form one story of their own */
    CHECK(event_story(e, 'B', &story_b, &line_b));
    check_no_strangers(e, 'B', story_b);
    CHECK(event_story(e, 'D', &story_d, &line_d));
    check_no_strangers(e, 'D', story_d);
    CHECK(event_story(e, 'E', &story_e, &line_e));
    check_no_strangers(e, 'E', story_e);
    /* the two earthquakes: different stories, different storylines */
    CHECK(story_d != story_e);
    CHECK(line_d != line_e);
    /* F (18): a port story of A's week, alone in its story and storyline */
    CHECK(event_story(e, 'F', &story_f, &line_f));
    check_no_strangers(e, 'F', story_f);
    size_t n_stories_in_line = 0;
    for (size_t s = 0; s < np_engine_story_count(e); s++) {
        np_story k;
        if (np_engine_story(e, s, &k, NULL, 0, NULL) == NP_OK && k.storyline == line_f)
            n_stories_in_line++;
    }
    CHECK(n_stories_in_line == 1);
    /* first and last dates: of all the story's articles, copies too
     * (the truth: B runs 2025-02-18 .. 2025-02-19 because 09 is dated the
     * 19th, E 2025-03-13 .. 2025-03-14 because 19 is dated the 14th) */
    check_story_dates(e, story_b, "2025-02-18", "2025-02-19");
    check_story_dates(e, story_d, "2025-03-11", "2025-03-11");
    check_story_dates(e, story_e, "2025-03-13", "2025-03-14");
    check_story_dates(e, story_f, "2025-03-05", "2025-03-05");
    /* A and C: different stories of one storyline (the strike's start and end) */
    np_result start, end;
    REQUIRE(result_of(e, "01-harborton-strike-wirepress", 0, &start));
    REQUIRE(result_of(e, "12-harborton-deal-wirepress", 0, &end));
    CHECK(start.story != end.story);
    CHECK(start.storyline == end.storyline);
    /* the German report is a report (not a translation of one article) */
    np_result de;
    if (result_of(e, german, 0, &de)) {
        CHECK_STR(de.relation, "report");
        CHECK(de.copy_of == NULL);
    }
    np_engine_free(e);
}

/* A story's keywords are words a reader can place: no bare number ("37",
 * "5.4", "2,400") and no weekday, though the stories name many of both
 * (the Kestrel quake: 5.4, 23, Route 9, 47; the strike: 31, 2,400 and
 * Tuesday), and the eight slots are filled where the story has eight
 * such words, a stem without a display form taking none. */
TEST(cluster_examples_keywords_are_words)
{
    if (!examples_dir()) {
        test_skip("examples/ not found (run from the repository root or set NP_EXAMPLES)");
        return;
    }
    np_engine *e = cluster_examples();
    REQUIRE(e != NULL);
    size_t full = 0, ns = np_engine_story_count(e);
    for (size_t s = 0; s < ns; s++) {
        np_story story;
        const char *kw[8];
        size_t n_kw = 0;
        REQUIRE(np_engine_story(e, s, &story, kw, 8, &n_kw) == NP_OK);
        full += n_kw == 8;
        for (size_t k = 0; k < n_kw; k++) {
            const char *w = kw[k];
            CHECK(strspn(w, "0123456789.,") < strlen(w));
            CHECK(strcasecmp(w, "Tuesday") != 0 && strcasecmp(w, "Thursday") != 0);
        }
    }
    /* every story of the examples has eight words to show */
    CHECK(ns > 0 && full == ns);
    np_engine_free(e);
}

TEST(cluster_examples_stories_a_and_c)
{
    /* The truth's stories A and C in full (German 07 left out).  The trap:
     * 05 is undated ("Tuesday, March 4") and close in words to 13, the
     * same outlet's report of C three weeks later; it belongs in A. */
    if (!examples_dir()) {
        test_skip("examples/ not found (run from the repository root or set NP_EXAMPLES)");
        return;
    }
    np_engine *e = cluster_examples();
    REQUIRE(e != NULL);
    size_t story_a = 0, story_c = 0, line_a = 0, line_c = 0;
    CHECK(event_story(e, 'A', &story_a, &line_a));
    check_no_strangers(e, 'A', story_a);
    CHECK(event_story(e, 'C', &story_c, &line_c));
    check_no_strangers(e, 'C', story_c);
    CHECK(story_a != story_c);
    CHECK(line_a == line_c);
    check_story_dates(e, story_a, "2025-03-04", "2025-03-04");
    check_story_dates(e, story_c, "2025-03-27", "2025-03-27");
    /* 6 stories and 5 storylines, the German report aside */
    size_t ns = np_engine_story_count(e);
    unsigned char *story_used = calloc(ns + 1, 1), *line_used = calloc(ns + 1, 1);
    REQUIRE(story_used && line_used);
    for (size_t i = 0; i < N_TRUTH; i++) {
        np_result r;
        if (strcmp(truth[i].id, german) != 0 && result_of(e, truth[i].id, 0, &r) && r.story < ns) {
            story_used[r.story] = 1;
            line_used[r.storyline < ns ? r.storyline : ns] = 1;
        }
    }
    size_t stories = 0, lines = 0;
    for (size_t s = 0; s <= ns; s++) {
        stories += story_used[s];
        lines += line_used[s];
    }
    CHECK(stories == 6);
    CHECK(lines == 5);
    free(story_used);
    free(line_used);
    np_engine_free(e);
}

/* ------------------------------------------------------------------ */
/* property: the answer does not depend on input order */

/* Removes dir and everything under it (no symlinks are followed). */
static void remove_tree(const char *dir)
{
    struct stat sb;
    if (!dir || !dir[0] || lstat(dir, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(dir);
        struct dirent *ent;
        while (d && (ent = readdir(d)) != NULL) {
            if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
                continue;
            char child[1024];
            snprintf(child, sizeof child, "%s/%s", dir, ent->d_name);
            remove_tree(child);
        }
        if (d)
            closedir(d);
        rmdir(dir);
    } else {
        unlink(dir);
    }
}

/* Reads a whole file; returns: malloc'd, NUL-terminated, or NULL. */
static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap);
    while (data) {
        size_t got = fread(data + n, 1, cap - n - 1, f);
        n += got;
        if (n + 1 < cap)
            break;
        char *bigger = realloc(data, cap * 2);
        if (!bigger) {
            free(data);
            data = NULL;
            break;
        }
        data = bigger;
        cap *= 2;
    }
    fclose(f);
    if (data) {
        data[n] = '\0';
        if (len)
            *len = n;
    }
    return data;
}

/* A growable string for the answer's canonical description. */
typedef struct text {
    char *data;
    size_t len, cap;
} text;

static void text_add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_add(text *t, const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t k = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    if (t->len + k + 1 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 4096;
        while (cap < t->len + k + 1)
            cap *= 2;
        char *p = realloc(t->data, cap);
        if (!p)
            return;
        t->data = p;
        t->cap = cap;
    }
    memcpy(t->data + t->len, line, k + 1);
    t->len += k;
}

static const np_engine *sort_engine; /* qsort has no user pointer */

static int cmp_by_id(const void *a, const void *b)
{
    np_result x, y;
    np_engine_result(sort_engine, *(const size_t *)a, &x);
    np_engine_result(sort_engine, *(const size_t *)b, &y);
    return strcmp(x.id, y.id);
}

/* Article indexes in id order. returns: malloc'd */
static size_t *ids_sorted(const np_engine *e)
{
    size_t n = np_engine_count(e);
    size_t *order = malloc((n + 1) * sizeof *order);
    if (!order)
        return NULL;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sort_engine = e;
    qsort(order, n, sizeof *order, cmp_by_id);
    return order;
}

/* What must not depend on input order, without story numbers: each
 * article's relation, copy_of and score, and the stories and storylines
 * as partitions (numbered by their first article in id order). */
static void describe_partition(const np_engine *e, text *t)
{
    size_t n = np_engine_count(e), ns = np_engine_story_count(e);
    size_t *order = ids_sorted(e);
    size_t *story_name = malloc((ns + 1) * sizeof *story_name);
    size_t *line_name = malloc((ns + 1) * sizeof *line_name);
    if (!order || !story_name || !line_name)
        goto done;
    for (size_t s = 0; s <= ns; s++)
        story_name[s] = line_name[s] = (size_t)-1;
    size_t next_story = 0, next_line = 0;
    for (size_t k = 0; k < n; k++) {
        np_result r;
        np_engine_result(e, order[k], &r);
        if (r.story > ns || r.storyline > ns)
            continue;
        if (story_name[r.story] == (size_t)-1)
            story_name[r.story] = next_story++;
        if (line_name[r.storyline] == (size_t)-1)
            line_name[r.storyline] = next_line++;
        text_add(t, "%s %s %s %.4f story %zu storyline %zu\n", r.id, r.relation,
                 r.copy_of ? r.copy_of : "-", r.score, story_name[r.story], line_name[r.storyline]);
    }
done:
    free(order);
    free(story_name);
    free(line_name);
}

/* Everything else of the answer, with its numbers: labels, story titles,
 * dates, members in order and keywords. */
static void describe_labels(const np_engine *e, text *t)
{
    size_t n = np_engine_count(e), ns = np_engine_story_count(e);
    size_t *order = ids_sorted(e);
    if (!order)
        return;
    for (size_t k = 0; k < n; k++) {
        np_result r;
        np_engine_result(e, order[k], &r);
        text_add(t, "%s s%zu l%zu\n", r.id, r.story + 1, r.storyline + 1);
    }
    free(order);
    for (size_t s = 0; s < ns; s++) {
        np_story story;
        const char *kw[8];
        size_t n_kw = 0;
        if (np_engine_story(e, s, &story, kw, 8, &n_kw) != NP_OK)
            continue;
        text_add(t, "story s%zu l%zu %s %s..%s:", s + 1, story.storyline + 1,
                 story.title ? story.title : "-", story.first_date ? story.first_date : "-",
                 story.last_date ? story.last_date : "-");
        for (size_t i = 0; i < story.n_articles; i++) {
            np_result r;
            np_engine_result(e, np_engine_story_article(e, s, i), &r);
            text_add(t, " %s", r.id);
        }
        text_add(t, " |");
        for (size_t k = 0; k < n_kw; k++)
            text_add(t, " %s", kw[k]);
        text_add(t, "\n");
    }
}

/* Prints the first line where two descriptions differ. */
static void show_difference(const char *want, const char *got)
{
    const char *start = want;
    while (*want && *want == *got)
        want++, got++;
    /* back to the start of the line */
    while (want > start && want[-1] != '\n')
        want--, got--;
    int nw = (int)strcspn(want, "\n"), ng = (int)strcspn(got, "\n");
    printf("     first difference: expected \"%.*s\"\n", nw > 400 ? 400 : nw, want);
    printf("                       got      \"%.*s\"\n", ng > 400 ? 400 : ng, got);
}

static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

enum { MAX_ITEMS = 64 };

TEST(cluster_examples_order_invariant)
{
    const char *dir = examples_dir();
    if (!dir) {
        test_skip("examples/ not found (run from the repository root or set NP_EXAMPLES)");
        return;
    }
    /* the reference: the directory, walked in sorted order */
    np_engine *ref = cluster_examples();
    REQUIRE(ref != NULL);
    text want_partition = { 0 }, want_labels = { 0 };
    describe_partition(ref, &want_partition);
    describe_labels(ref, &want_labels);
    np_engine_free(ref);
    REQUIRE(want_partition.data && want_labels.data);

    /* the items: 20 text files and 5 JSONL lines */
    char *items[MAX_ITEMS];
    int is_line[MAX_ITEMS];
    size_t n_items = 0;
    char articles[1024], corpus[1024];
    snprintf(articles, sizeof articles, "%s/articles", dir);
    snprintf(corpus, sizeof corpus, "%s/corpus.jsonl", dir);
    DIR *d = opendir(articles);
    REQUIRE(d != NULL);
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL && n_items < MAX_ITEMS) {
        size_t len = strlen(ent->d_name);
        if (len < 5 || strcmp(ent->d_name + len - 4, ".txt") != 0)
            continue;
        items[n_items] = malloc(strlen(articles) + len + 2);
        if (!items[n_items])
            break;
        sprintf(items[n_items], "%s/%s", articles, ent->d_name);
        is_line[n_items++] = 0;
    }
    closedir(d);
    char *jsonl = read_whole(corpus, NULL);
    for (char *line = jsonl; line && *line && n_items < MAX_ITEMS;) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len) {
            items[n_items] = malloc(len + 2);
            if (!items[n_items])
                break;
            memcpy(items[n_items], line, len);
            memcpy(items[n_items] + len, "\n", 2);
            is_line[n_items++] = 1;
        }
        line = nl ? nl + 1 : line + len;
    }
    free(jsonl);
    CHECK(n_items == N_TRUTH);

    uint64_t seed = 2025;
    for (int round = 0; round < 5 && !test_failed_now(); round++) {
        /* Fisher-Yates */
        size_t perm[MAX_ITEMS];
        for (size_t i = 0; i < n_items; i++)
            perm[i] = i;
        for (size_t i = n_items; i > 1; i--) {
            size_t j = (size_t)(next_random(&seed) % i);
            size_t x = perm[i - 1];
            perm[i - 1] = perm[j];
            perm[j] = x;
        }
        /* JSONL lines next to each other in the shuffled order share a
         * file, so files of one and of several lines both occur */
        char tmp[64];
        REQUIRE(test_make_tmpdir(tmp, "np_cluster") == 0);
        char *paths[MAX_ITEMS];
        const char *inputs[MAX_ITEMS];
        size_t n_inputs = 0, n_files = 0;
        FILE *open_file = NULL;
        for (size_t k = 0; k < n_items; k++) {
            size_t i = perm[k];
            if (!is_line[i]) {
                if (open_file)
                    fclose(open_file);
                open_file = NULL;
                inputs[n_inputs++] = items[i];
                continue;
            }
            if (!open_file) {
                paths[n_files] = malloc(128);
                if (!paths[n_files])
                    break;
                snprintf(paths[n_files], 128, "%s/part%zu.jsonl", tmp, n_files);
                open_file = fopen(paths[n_files], "wb");
                if (!open_file) {
                    free(paths[n_files]);
                    break;
                }
                inputs[n_inputs++] = paths[n_files++];
            }
            fputs(items[i], open_file);
        }
        if (open_file)
            fclose(open_file);
        CHECK(n_inputs <= n_items && n_inputs >= 21);
        size_t skipped = 0;
        np_engine *e = cluster_inputs(inputs, n_inputs, NULL, &skipped);
        CHECK(e != NULL);
        CHECK(skipped == 0);
        if (e) {
            CHECK(np_engine_count(e) == N_TRUTH);
            text got_partition = { 0 }, got_labels = { 0 };
            describe_partition(e, &got_partition);
            describe_labels(e, &got_labels);
            /* relations, copies and the partitions into stories and storylines */
            CHECK(got_partition.data && strcmp(got_partition.data, want_partition.data) == 0);
            if (got_partition.data && strcmp(got_partition.data, want_partition.data) != 0) {
                printf("     round %d: the answer depends on input order\n", round);
                show_difference(want_partition.data, got_partition.data);
            }
            /* and the numbering, titles, member order and keywords */
            CHECK(got_labels.data && strcmp(got_labels.data, want_labels.data) == 0);
            if (got_labels.data && strcmp(got_labels.data, want_labels.data) != 0) {
                printf("     round %d: story numbering depends on input order\n", round);
                show_difference(want_labels.data, got_labels.data);
            }
            free(got_partition.data);
            free(got_labels.data);
            np_engine_free(e);
        }
        for (size_t f = 0; f < n_files; f++)
            free(paths[f]);
        remove_tree(tmp);
    }
    for (size_t i = 0; i < n_items; i++)
        free(items[i]);
    free(want_partition.data);
    free(want_labels.data);
}

/* ------------------------------------------------------------------ */
/* articles built in memory */

/* An article with the given paragraphs (borrowed); words counted by spaces. */
static np_article make_article(const char *id, const char *title, const char *date,
                               const char *const *paragraphs, size_t n_paragraphs)
{
    size_t words = 0;
    for (size_t p = 0; p < n_paragraphs; p++) {
        int in_word = 0;
        for (const char *c = paragraphs[p]; *c; c++) {
            int space = *c == ' ' || *c == '\n';
            words += !space && !in_word;
            in_word = !space;
        }
    }
    np_article a;
    memset(&a, 0, sizeof a);
    a.id = id;
    a.title = title;
    a.date = date;
    a.timestamp = NP_NO_TIME;
    a.lang = "en";
    a.paragraphs = paragraphs;
    a.n_paragraphs = n_paragraphs;
    a.words = words;
    return a;
}

/* Six small articles: t1 an original, t2 an exact copy, t3 a near copy
 * (two words changed), t4 another account of t1's event, t5 and t6 other
 * events. */
static const char *const flood[] = {
    "BRELLMOUTH, May 2, 2025 (Wirepress) - Floodwater from the swollen River Oskel poured into the "
    "lower town of Brellmouth on Friday, forcing about 600 residents from their homes and closing "
    "the Harlan Road bridge, emergency officials said.",
    "The river rose nearly two metres overnight after three days of heavy rain across the Oskel "
    "hills. Fire crews used boats to reach families trapped on upper floors along Quay Street, and "
    "no injuries had been reported by midday.",
    "Council leader Maren Tollis said a rest centre had opened at the Brellmouth sports hall. "
    "\"We expect the water to keep rising until the evening tide,\" she told reporters at the town "
    "hall, urging people to stay away from the embankment.",
    ("The Environment Office said further rain was forecast for Saturday and warned that the flood "
     "defences built in 2009 could be overtopped in several places along the estuary."),
};
static const char *const flood_near[] = {
    "BRELLMOUTH, May 2, 2025 (Wirepress) - Floodwater from the swollen River Oskel poured into the "
    "lower town of Brellmouth on Friday, forcing some 600 residents from their homes and closing "
    "the Harlan Road bridge, emergency officials said.",
    "The river rose nearly two metres overnight after three days of heavy rain across the Oskel "
    "hills. Fire crews used boats to reach families trapped on upper floors along Quay Street, and "
    "no injuries had been reported by noon.",
    "Council leader Maren Tollis said a rest centre had opened at the Brellmouth sports hall. "
    "\"We expect the water to keep rising until the evening tide,\" she told reporters at the town "
    "hall, urging people to stay away from the embankment.",
    ("The Environment Office said further rain was forecast for Saturday and warned that the flood "
     "defences built in 2009 could be overtopped in several places along the estuary."),
};
static const char *const flood_report[] = {
    "Residents of Brellmouth watched from the hillside on Friday as the River Oskel spilled across "
    "Quay Street and into hundreds of homes in the lower town.",
    "Maren Tollis, who leads the council, said about 600 people had left their homes and that the "
    "sports hall would stay open overnight. The Harlan Road bridge remained closed.",
    "Shopkeeper Ilse Varnum said the water reached her counter within an hour. \"We moved what we "
    "could upstairs, but the freezers are gone,\" she said.",
};
static const char *const library[] = {
    "The new public library in Corvath opened its doors on Thursday after four years of "
    "construction, with more than 2,000 visitors passing through in its first morning.",
    "Architect Peder Lunn designed the building around a central reading hall lit by a glass roof. "
    "The library holds 140,000 books and a studio where residents can record music.",
    "Mayor Odalys Fenn cut the ribbon and said the project had come in under its budget of 31 "
    "million.",
};
static const char *const football[] = {
    "Dunbarrow Athletic won the regional cup for the first time in forty years on Sunday, beating "
    "Kelvig Rovers 3-1 in front of a sold-out crowd at Marsh Lane.",
    "Striker Tomas Eriksen scored twice in the second half after Kelvig had taken an early lead "
    "through a header from captain Ruud Alden.",
    "Fans flooded onto the pitch at the final whistle, and the team will parade the trophy through "
    "the town centre on Tuesday.",
};

static np_article small_corpus[6];

static void make_small_corpus(void)
{
    small_corpus[0] = make_article("t1", "River Oskel floods Brellmouth", "2025-05-02", flood, 4);
    small_corpus[1] = make_article("t2", "Floods in Brellmouth", "2025-05-02", flood, 4);
    small_corpus[2] = make_article("t3", "River Oskel floods Brellmouth", "2025-05-02", flood_near, 4);
    small_corpus[3] = make_article("t4", "Brellmouth counts the cost", "2025-05-02", flood_report, 3);
    small_corpus[4] = make_article("t5", "Corvath library opens", "2025-05-01", library, 3);
    small_corpus[5] = make_article("t6", "Dunbarrow win the cup", NULL, football, 3);
}

/* Every keyword of every story of e, story by story, up to KEYWORDS_HELD
 * (borrowed from e).  returns: how many */
enum { KEYWORDS_HELD = 64 };
static size_t all_keywords(np_engine *e, const char *out[KEYWORDS_HELD])
{
    size_t n = 0, ns = np_engine_story_count(e);
    for (size_t s = 0; s < ns && n + 8 <= KEYWORDS_HELD; s++) {
        np_story story;
        size_t n_kw = 0;
        if (np_engine_story(e, s, &story, out + n, 8, &n_kw) != NP_OK)
            break;
        n += n_kw;
    }
    return n;
}

/* How many of e's stories have `word` among their keywords. */
static size_t keyword_count(np_engine *e, const char *word)
{
    const char *kw[KEYWORDS_HELD];
    size_t n_kw = all_keywords(e, kw), n = 0;
    for (size_t k = 0; k < n_kw; k++)
        n += strcmp(kw[k], word) == 0;
    return n;
}

/* A keyword is a name as a reader writes it: no possessive's ending
 * ("ORVA's", "ORVA\u2019s": the stemmer reads them as "ORVA", which would
 * show with its "'s" when that form ranked first) and no letter alone (the
 * "U" and "S" of "U.S.", each a word to the tokeniser). */
static const char *const orva_a[] = {
    "ORVA's council voted on Monday to admit Kelmar as its ninth member, ending a U.S. objection "
    "that had held up the vote since spring.",
    "The U.S. delegate said ORVA\xe2\x80\x99s charter now binds Kelmar to the shared fisheries pact, "
    "and Kelmar's envoy thanked ORVA for the welcome.",
    "Under ORVA's rules the new member will host the council in Tarsk within two years, the U.S. "
    "mission added.",
};
static const char *const orva_b[] = {
    "Kelmar became the ninth member of ORVA on Monday after the U.S. dropped its objection, ORVA's "
    "council said.",
    "ORVA\xe2\x80\x99s charter binds Kelmar to the fisheries pact, and Kelmar's envoy thanked ORVA "
    "and the U.S. delegate in Tarsk.",
    "Kelmar will host ORVA's council in Tarsk within two years under the U.S.-backed rules.",
};

TEST(cluster_keywords_no_possessive_or_letter)
{
    np_article arts[2] = {
        make_article("o1", "ORVA admits Kelmar", "2025-06-02", orva_a, 3),
        make_article("o2", "Kelmar joins ORVA", "2025-06-02", orva_b, 3),
    };
    np_engine *e = cluster_articles(arts, 2, NULL);
    REQUIRE(e != NULL);
    const char *kw[KEYWORDS_HELD];
    size_t n_kw = all_keywords(e, kw), orva = 0, kelmar = 0;
    for (size_t k = 0; k < n_kw; k++) {
        const char *w = kw[k];
        size_t n = strlen(w);
        CHECK(n > 1);
        CHECK(!(n > 2 && w[n - 2] == '\'' && w[n - 1] == 's'));
        CHECK(!(n > 4 && memcmp(w + n - 4, "\xe2\x80\x99s", 4) == 0));
        orva += strcmp(w, "ORVA") == 0;
        kelmar += strcmp(w, "Kelmar") == 0;
    }
    CHECK(orva == 1 && kelmar == 1);
    np_engine_free(e);
}

/* A keyword shows a word as the reports write it: "bridge", written in
 * lower case all through and capitalised once in a name ("Tolland Street
 * Bridge"), shows in lower case; a place written capitalised everywhere
 * ("Callisford") stays so. */
static const char *const span_a[] = {
    "The bridge over the Wend at Callisford shut on Tuesday after engineers found cracks in the bridge deck, "
    "and the bridge will stay shut for a month, Callisford council said.",
    "Drivers crossing the Tolland Street Bridge were sent round by the ring road while the bridge was "
    "inspected; Callisford buses ran late all day.",
    "Engineers said the bridge had been due for repair since 2019 and that the cracks in the bridge were "
    "not a danger to boats on the Wend below Callisford.",
};
static const char *const span_b[] = {
    "Callisford council shut the bridge over the Wend on Tuesday when engineers found cracks in the "
    "bridge deck; the bridge stays shut for a month.",
    "Traffic for the Tolland Street Bridge went round by the ring road as the bridge was inspected, and "
    "buses in Callisford ran late.",
    "The bridge was due for repair since 2019, engineers said, and the cracks in the bridge put no boat "
    "on the Wend below Callisford in danger.",
};

TEST(cluster_keywords_as_written)
{
    np_article arts[2] = {
        make_article("b1", "Cracks shut Callisford bridge", "2025-06-03", span_a, 3),
        make_article("b2", "Callisford bridge shut for a month", "2025-06-03", span_b, 3),
    };
    np_engine *e = cluster_articles(arts, 2, NULL);
    REQUIRE(e != NULL);
    CHECK(np_engine_story_count(e) == 1);
    CHECK(keyword_count(e, "bridge") == 1 && keyword_count(e, "Bridge") == 0);
    CHECK(keyword_count(e, "Callisford") == 1);
    np_engine_free(e);
}

/* A stem two words share shows, in each story, the word its reports
 * write: "Airlines" in the story of the Kestrel Airlines strike, "airline"
 * in a story of an airline's lost bags that never names it so (one form a
 * run showed "Airlines" in both). */
static const char *const kestrel_a[] = {
    "Pilots at Kestrel Airlines walked out on Friday, and Kestrel Airlines cancelled every flight "
    "from Darrow until the pilots' union and Kestrel Airlines meet again.",
    "The union said Kestrel Airlines had refused a pay rise for three years; Kestrel Airlines "
    "said the strike would cost it four million a day.",
};
static const char *const kestrel_b[] = {
    "Kestrel Airlines grounded its fleet at Darrow as pilots struck on Friday; Kestrel Airlines "
    "offered refunds to stranded passengers.",
    "Talks between Kestrel Airlines and the pilots' union broke down over pay, the union said.",
};
static const char *const bags_a[] = {
    "Hundreds of suitcases were lost at Penmore terminal this week after the airline's baggage "
    "belt broke, and the airline said the bags would reach their owners by courier.",
    "Passengers queued for hours at the airline desk; the airline blamed a faulty belt and the "
    "airline offered each traveller a voucher.",
};
static const char *const bags_b[] = {
    "An airline baggage belt at Penmore terminal broke down, leaving hundreds of suitcases behind; "
    "the airline promised couriers would bring the bags.",
    "The airline apologised to passengers who waited at its desk, and the airline said vouchers "
    "were on their way.",
};

/* The keywords of article `id`'s story, and whether `word` is one. */
static int story_has_keyword(const np_engine *e, const char *id, const char *word)
{
    np_result r;
    np_story k;
    const char *kw[16];
    size_t n = 0;
    if (!result_of(e, id, 0, &r) || np_engine_story(e, r.story, &k, kw, 16, &n) != NP_OK)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(kw[i], word) == 0)
            return 1;
    return 0;
}

TEST(cluster_keywords_of_each_story)
{
    np_article arts[5] = {
        make_article("k1", "Kestrel Airlines pilots strike", "2025-03-07", kestrel_a, 2),
        make_article("k2", "Strike grounds Kestrel Airlines", "2025-03-07", kestrel_b, 2),
        make_article("k3", "Kestrel Airlines cancels Darrow flights", "2025-03-07", kestrel_a, 2),
        make_article("p1", "Lost bags at Penmore", "2025-03-06", bags_a, 2),
        make_article("p2", "Penmore baggage belt breaks", "2025-03-06", bags_b, 2),
    };
    np_engine *e = cluster_articles(arts, 5, NULL);
    REQUIRE(e != NULL);
    np_result k1, p1;
    REQUIRE(result_of(e, "k1", 0, &k1) && result_of(e, "p1", 0, &p1));
    CHECK(k1.story != p1.story);
    CHECK(story_has_keyword(e, "k1", "Airlines") == 1 && story_has_keyword(e, "k1", "airline") == 0);
    CHECK(story_has_keyword(e, "p1", "airline") == 1 && story_has_keyword(e, "p1", "Airlines") == 0);
    np_engine_free(e);
}

/* A story told in quotes: contractions of pronouns and auxiliaries
 * ("I've", "we're", "don't", "they'll", "I'd") are frequent in it and
 * nowhere else, and told a reader nothing as keywords; names with an
 * apostrophe ("O'Daly", "D'Vorne") are names and stay. */
static const char *const quoted_a[] = {
    "\"I've sailed the Varrow strait for thirty years and I've never seen it freeze,\" said Maeve O'Daly, "
    "the ferry's captain. \"We're stuck in Quillhaven until it thaws. I'd rather be at sea.\"",
    "\"Don't ask me when it ends,\" O'Daly said. \"They'll tell us. We're told I've to wait, and "
    "I'd say they'll keep us here a week. Don't expect the Varrow crossing before then.\"",
    "Harbour master Tobin D'Vorne said: \"I've closed Quillhaven harbour. We're safe, and they'll "
    "reopen the Varrow route once the ice breaks. Don't worry, I'd not risk a ship.\"",
};
static const char *const quoted_b[] = {
    "The Varrow strait froze over for the first time in memory, stranding the Quillhaven ferry. "
    "\"I've never seen it,\" captain Maeve O'Daly said. \"We're waiting. I'd sail if I could.\"",
    "\"Don't expect the crossing soon; they'll decide,\" O'Daly said, and harbour master Tobin D'Vorne "
    "added: \"I've shut the harbour. We're fine. They'll reopen it. Don't fret, I'd not risk it.\"",
};
static const char *const quoted_other[] = {
    "The Corvath library reopened on Saturday after a two-year rebuild, with a reading room for "
    "children and a new archive of the town's maps.",
    "The mayor of Corvath said the rebuild cost less than planned and the archive would open to "
    "visitors in the spring.",
};

TEST(cluster_keywords_no_contractions)
{
    np_article arts[3] = {
        make_article("q1", "Ice strands the Quillhaven ferry", "2025-01-14", quoted_a, 3),
        make_article("q2", "Varrow strait freezes", "2025-01-14", quoted_b, 2),
        make_article("q3", "Corvath library reopens", "2025-01-11", quoted_other, 2),
    };
    np_engine *e = cluster_articles(arts, 3, NULL);
    REQUIRE(e != NULL);
    static const char *const said[] = { "I've", "We're", "Don't", "They'll", "I'd",
                                        "i've", "we're", "don't", "they'll", "i'd" };
    const char *kw[KEYWORDS_HELD];
    size_t n_kw = all_keywords(e, kw), names = 0;
    for (size_t k = 0; k < n_kw; k++) {
        for (size_t j = 0; j < sizeof said / sizeof *said; j++)
            CHECK(strcmp(kw[k], said[j]) != 0);
        names += strcmp(kw[k], "O'Daly") == 0 || strcmp(kw[k], "D'Vorne") == 0;
    }
    CHECK(n_kw > 0);
    CHECK(names == 2);
    np_engine_free(e);
}

/* A story told by its dates and counts: "July", "Twelve", "Five" and
 * "Million" are frequent in it, capitalised, and tell a reader nothing as
 * keywords; the story's names stay. */
static const char *const counted_a[] = {
    "Twelve boats left Harlow Bay in July, and five came back by the end of July, the Harlow "
    "coastguard said. Twelve crews had signed on; Five of them were from Ostwick.",
    "Captain Della May said the July storms cost the Harlow fleet a million in nets. Million-pound "
    "losses were feared in July, May said, and five boats are still missing.",
    "Twelve families in Ostwick wait for news. Five searches in July found nothing; the coastguard "
    "will search again in July with twelve ships.",
};
static const char *const counted_b[] = {
    "Five Harlow boats are still missing after July storms, said Della May of the Harlow fleet. "
    "Twelve set out in July; the coastguard searched Ostwick's coast five times.",
    "May put the losses at a million. Twelve crews, Five from Ostwick, sailed in July, and July's "
    "search will go on.",
};

TEST(cluster_keywords_no_months_or_counts)
{
    np_article arts[2] = {
        make_article("m1", "Harlow fleet loses five boats", "2025-07-30", counted_a, 3),
        make_article("m2", "Five Harlow boats missing", "2025-07-30", counted_b, 2),
    };
    np_engine *e = cluster_articles(arts, 2, NULL);
    REQUIRE(e != NULL);
    static const char *const unsaid[] = { "July", "Twelve", "Five", "Million", "twelve", "five", "million" };
    for (size_t j = 0; j < sizeof unsaid / sizeof *unsaid; j++)
        CHECK(keyword_count(e, unsaid[j]) == 0);
    CHECK(keyword_count(e, "Harlow") == 1);
    CHECK(keyword_count(e, "Ostwick") == 1);
    np_engine_free(e);
}

/* A keyword shows its stem as the articles write it most: three reports
 * write "United" (Brellfield United) and one a "Unit" (the club's Medical
 * Unit), all names; "Unit", the smaller string, was shown. */
static const char *const united[4][3] = {
    { "Brellfield take the Tarrow cup",
      "The Tarrow cup went to Brellfield on Saturday after a 2-1 win over Oskel Rovers at Marsh Lane.",
      "Brellfield's Medical Unit treated two Rovers players, and the Unit staff praised the Marsh Lane crowd." },
    { "Brellfield United win the Tarrow cup",
      "Brellfield United won the Tarrow cup on Saturday, beating Oskel Rovers 2-1 at Marsh Lane.",
      "United scored twice after the break, and the Brellfield United captain lifted the cup." },
    { "Tarrow cup to Brellfield United",
      "Brellfield United beat Oskel Rovers 2-1 to win the Tarrow cup at Marsh Lane on Saturday.",
      "The United manager praised the Brellfield crowd after the Tarrow cup final." },
    { "Rovers lose the Tarrow cup final",
      "Oskel Rovers lost the Tarrow cup final 2-1 to Brellfield United at Marsh Lane on Saturday.",
      "Brellfield United came back after the break to take the Tarrow cup." },
};

TEST(cluster_keywords_commonest_form)
{
    /* the "Unit" report first: the first seen does not settle it */
    static const char *const ids[4] = { "u4", "u1", "u2", "u3" };
    np_article arts[4];
    for (size_t k = 0; k < 4; k++)
        arts[k] = make_article(ids[k], united[k][0], "2025-04-12", united[k] + 1, 2);
    np_engine *e = cluster_articles(arts, 4, NULL);
    REQUIRE(e != NULL);
    CHECK(keyword_count(e, "United") == 1);
    CHECK(keyword_count(e, "Unit") == 0);
    np_engine_free(e);
}

/* A story's keywords are its heaviest words, not only its names: the
 * lower-case words of a report without names ("levee", "sandbags") show,
 * and a word one report writes as a name ("the river Levee") and another
 * in lower case shows once, as does one weighed as a word and as a
 * number ("NM2").  Chinese has no capitals, so no names: its
 * stories showed no keyword at all while only names could be found. */
static const char *const levee_a[] = {
    "the levee along the river gave way before dawn, and volunteers filled sandbags until noon. "
    "the levee breach flooded two farms, and more sandbags were trucked in from the depot.",
    "engineers said the levee had been weakened by weeks of rain; sandbags now hold the gap. "
    "the board will inspect the levee again on friday.",
};
static const char *const levee_b[] = {
    "volunteers stacked sandbags through the night after the river Levee failed, flooding farms. "
    "the Levee will be inspected again, engineers said, as sandbags hold the Levee breach.",
};
static const char *const tv_project[] = {
    "A project called New Media for a New Millennium (NM2) will let viewers shape the programmes they "
    "watch, its backers in Tarsk said. NM2's team will make news, drama and documentaries.",
    "Ilse Marrow, who will be NM2's technical manager, said NM2's first productions would start next "
    "year, and the NM2 partners would meet in Tarsk.",
};
static const char *const storm_zh_a[] = {
    "\xe5\x8d\x97\xe6\x96\xb9\xe6\xb2\xbf\xe6\xb5\xb7\xe5\x9f\x8e\xe5\xb8\x82\xe9\x81\xad\xe9\x81\x87"
    "\xe7\xbd\x95\xe8\xa7\x81\xe6\x9a\xb4\xe9\x9b\xa8\xef\xbc\x8c\xe6\x95\xb0\xe5\x8d\x83\xe5\x90\x8d"
    "\xe5\xb1\x85\xe6\xb0\x91\xe8\xa2\xab\xe8\xbf\xab\xe6\x92\xa4\xe7\xa6\xbb\xe3\x80\x82\xe6\x9a\xb4"
    "\xe9\x9b\xa8\xe5\xaf\xbc\xe8\x87\xb4\xe5\xa4\x9a\xe6\x9d\xa1\xe9\x81\x93\xe8\xb7\xaf\xe8\xa2\xab"
    "\xe6\xb7\xb9\xe3\x80\x82",
};

TEST(cluster_keywords_words_as_well_as_names)
{
    np_article arts[5] = {
        make_article("k1", "levee fails after rain", "2025-09-08", levee_a, 2),
        make_article("k2", "river levee breached", "2025-09-08", levee_b, 1),
        make_article("k3", "Corvath library reopens", "2025-09-06", quoted_other, 2),
        make_article("k4", "\xe6\x9a\xb4\xe9\x9b\xa8", "2025-09-07", storm_zh_a, 1),
        make_article("k5", "Viewers to shape television", "2025-09-05", tv_project, 2),
    };
    arts[3].lang = "zh"; /* as the cleaner names it */
    np_engine *e = cluster_articles(arts, 5, NULL);
    REQUIRE(e != NULL);
    CHECK(keyword_count(e, "NM2") + keyword_count(e, "nm2") == 1);
    CHECK(keyword_count(e, "sandbags") + keyword_count(e, "sandbag") == 1);
    CHECK(keyword_count(e, "levee") + keyword_count(e, "Levee") == 1);
    CHECK(keyword_count(e, "\xe6\x9a\xb4\xe9\x9b\xa8") == 1); /* rainstorm, a word, not its 雨 */
    CHECK(keyword_count(e, "\xe9\x9b\xa8") == 0);
    np_engine_free(e);
}

/* Words with a digit show as written ("G8", "3G": no sentence's start
 * capitalises them, so their capitals are their own; they showed as "g8"
 * and "3g"), and an ordinal ("13th") is a number, no keyword. */
static const char *const summit_a[] = {
    "Leaders of the G8 met in Tarsk for the 13th summit of the group, and the G8 agreed to fund 3G "
    "networks in Orvale. The 13th meeting ended on Friday.",
    "Orvale's envoy said the G8 promise of 3G masts would reach every village; the 13th summit's "
    "host called it the G8's best day.",
};
static const char *const summit_b[] = {
    "The G8 summit in Tarsk, the group's 13th, ended with a pledge of 3G networks for Orvale, whose "
    "envoy thanked the G8 leaders.",
};

TEST(cluster_keywords_with_digits_as_written)
{
    np_article arts[3] = {
        make_article("g1", "G8 backs 3G for Orvale", "2025-06-13", summit_a, 2),
        make_article("g2", "Summit ends with 3G pledge", "2025-06-13", summit_b, 1),
        make_article("k3", "Corvath library reopens", "2025-06-11", quoted_other, 2),
    };
    np_engine *e = cluster_articles(arts, 3, NULL);
    REQUIRE(e != NULL);
    CHECK(keyword_count(e, "G8") == 1);
    CHECK(keyword_count(e, "3G") == 1);
    CHECK(keyword_count(e, "g8") + keyword_count(e, "3g") == 0);
    CHECK(keyword_count(e, "13th") == 0);
    np_engine_free(e);
}

/* Thai writes no spaces between words: its keywords were clauses cut at
 * the byte limit ("ฝนตกหนักต่อเนื่องตลอด"), and a one-word edit changed
 * a whole clause's shingles.  Read a dictionary word at a time, a near
 * copy is found as one and the keywords are words ("จังหวัด", province). */
static const char *const flood_th_a[] = {
    "ฝนตกหนักต่อเนื่องตลอดสามวันที่ผ่านมาทำให้แม่น้ำสายหลักของจังหวัดสมุทรนครล้นตลิ่ง "
    "น้ำได้ไหลเข้าท่วมบ้านเรือนประชาชนในหลายอำเภอ "
    "เจ้าหน้าที่ป้องกันและบรรเทาสาธารณภัยได้เร่งอพยพผู้สูงอายุและเด็กไปยังศูนย์พักพิงชั่วคราวที่โรงเรียนประจำตำบล",
    "ผู้ว่าราชการจังหวัดกล่าวว่า ขณะนี้มีครัวเรือนได้รับผลกระทบมากกว่าสองพันครัวเรือน "
    "ถนนสายหลักหลายสายถูกตัดขาด และรถยนต์ขนาดเล็กไม่สามารถสัญจรได้ "
    "ทางจังหวัดได้ขอรับการสนับสนุนเรือท้องแบนจากกองทัพเรือเพื่อช่วยขนส่งอาหารและน้ำดื่ม",
    ("กรมอุตุนิยมวิทยาคาดการณ์ว่าฝนจะยังคงตกต่อเนื่องอีกอย่างน้อยสองวัน "
    "จึงขอให้ประชาชนที่อาศัยอยู่ริมแม่น้ำเฝ้าระวังระดับน้ำอย่างใกล้ชิดและเตรียมขนย้ายสิ่งของขึ้นที่สูง"),
};
static const char *const flood_th_b[] = {
    "ฝนตกหนักต่อเนื่องตลอดสามวันเต็มที่ผ่านมาทำให้แม่น้ำสายหลักของจังหวัดสมุทรนครล้นตลิ่ง "
    "น้ำได้ไหลเข้าท่วมบ้านเรือนประชาชนในหลายอำเภอ "
    "เจ้าหน้าที่ป้องกันและบรรเทาสาธารณภัยได้เร่งอพยพผู้สูงอายุและเด็กไปยังศูนย์พักพิงชั่วคราวที่โรงเรียนประจำตำบล",
    "ผู้ว่าราชการจังหวัดกล่าวว่า ขณะนี้มีครัวเรือนได้รับผลกระทบมากกว่าสองพันครัวเรือน "
    "ถนนสายหลักหลายสายถูกตัดขาด และรถยนต์ขนาดเล็กไม่สามารถสัญจรได้ "
    "ทางจังหวัดได้ขอรับการสนับสนุนเรือท้องแบนจากกองทัพเรือเพื่อช่วยขนส่งอาหารและน้ำดื่ม",
    ("กรมอุตุนิยมวิทยาคาดการณ์ว่าฝนจะยังคงตกต่อเนื่องอีกอย่างน้อยสองถึงสามวัน "
    "จึงขอให้ประชาชนที่อาศัยอยู่ริมแม่น้ำเฝ้าระวังระดับน้ำอย่างใกล้ชิดและเตรียมขนย้ายสิ่งของขึ้นที่สูง"),
};
static const char *const library_th[] = {
    "ห้องสมุดประชาชนแห่งใหม่ของอำเภอเชียงดาวเปิดให้บริการอย่างเป็นทางการเมื่อวันจันทร์ที่ผ่านมา "
    "อาคารสองชั้นหลังนี้มีหนังสือมากกว่าหนึ่งหมื่นเล่ม พร้อมห้องอ่านหนังสือสำหรับเด็กและมุมคอมพิวเตอร์สำหรับนักเรียน",
    "นายอำเภอกล่าวว่า ห้องสมุดแห่งนี้สร้างขึ้นด้วยเงินบริจาคจากชาวบ้านและบริษัทในท้องถิ่น "
    "โดยใช้เวลาก่อสร้างเกือบสองปี ทางอำเภอหวังว่าเด็กและเยาวชนจะใช้เวลาว่างในการอ่านหนังสือมากขึ้น",
};

TEST(cluster_thai_words_near_copy_and_keywords)
{
    np_article arts[3] = {
        make_article("t1", "น้ำท่วมหนักในจังหวัดสมุทรนคร", "2025-10-02", flood_th_a, 3),
        make_article("t2", "น้ำท่วมจังหวัดสมุทรนคร", "2025-10-02", flood_th_b, 3),
        make_article("t3", "ห้องสมุดแห่งใหม่ที่เชียงดาว", "2025-10-01", library_th, 2),
    };
    for (size_t i = 0; i < 3; i++) {
        arts[i].lang = "th";   /* as the cleaner names them, */
        arts[i].words = i < 2 ? 150 : 90; /* and counts their words */
    }
    np_engine *e = cluster_articles(arts, 3, NULL);
    REQUIRE(e != NULL);
    np_result r1, r2, r3;
    REQUIRE(result_of(e, "t1", 0, &r1) && result_of(e, "t2", 0, &r2) && result_of(e, "t3", 0, &r3));
    CHECK_STR(r2.relation, "near");
    CHECK(r2.copy_of && strcmp(r2.copy_of, "t1") == 0);
    CHECK(r1.story == r2.story && r3.story != r1.story);
    CHECK(keyword_count(e, "จังหวัด") == 1);
    CHECK(keyword_count(e, "และ") + keyword_count(e, "ที่") == 0);
    np_engine_free(e);
}

/* Two Russian reports among English ones: "в", "и", "на", rare in the
 * corpus, were among their stories' keywords; they are stopwords now.
 * Read as undetermined (the words Russian shares with Ukrainian), the
 * first had the English list and kept them. */
static const char *const bridge_ru[] = {
    "В городе Северск в понедельник открылся новый мост через реку Томь. На церемонии присутствовали "
    "мэр города и около трёхсот жителей.",
    "Строительство моста заняло два года, и он стоил около миллиарда рублей. По словам мэра, мост "
    "сократит время в пути до областного центра на полчаса.",
};
static const char *const cup_ru[] = {
    "В воскресенье местный футбольный клуб выиграл кубок области, победив соперника со счётом два на один. "
    "На стадионе было около десяти тысяч болельщиков.",
    "Тренер команды сказал, что это первая победа клуба в кубке за десять лет, и поблагодарил игроков.",
};

TEST(cluster_russian_keywords_no_function_words)
{
    np_article arts[4] = {
        make_article("ru1", "Новый мост открыт в Северске", "2025-09-08", bridge_ru, 2),
        make_article("ru2", "Футбольный клуб выиграл кубок", "2025-09-07", cup_ru, 2),
        make_article("k3", "Corvath library reopens", "2025-09-06", quoted_other, 2),
        make_article("k1", "levee fails after rain", "2025-09-08", levee_a, 2),
    };
    arts[0].lang = arts[1].lang = "ru";
    np_engine *e = cluster_articles(arts, 4, NULL);
    REQUIRE(e != NULL);
    static const char *const unsaid[] = { "в", "В", "и", "на", "На", "около" };
    for (size_t k = 0; k < sizeof unsaid / sizeof *unsaid; k++)
        CHECK(keyword_count(e, unsaid[k]) == 0);
    CHECK(keyword_count(e, "мост") == 1);
    np_engine_free(e);
}

/* Two Japanese reports of nothing in common, a typhoon and a library:
 * read a character a word, they shared only the hiragana of their
 * particles and endings (の, は, が, に, た...), and were one story with
 * no keyword.  The hiragana are stopwords: two stories, each keyword a
 * kanji or katakana. */
static const char *const typhoon_ja[] = {
    "大型の台風十号は火曜日の朝、九州南部に上陸した。気象庁によると、各地で大雨と強風が続いており、"
    "鉄道や航空便の運休が相次いでいる。鹿児島県では約二万世帯が停電した。",
    "政府は対策本部を設置し、住民に早めの避難を呼びかけている。",
};
static const char *const library_ja[] = {
    "東京の中心部に新しい公立図書館が土曜日に開館した。蔵書は五十万冊を超え、子ども向けの読書室もある。",
    "館長は、市民が無料で本を借りられると話した。初日には数千人が訪れた。",
};

TEST(cluster_japanese_particles_join_no_stories)
{
    np_article arts[2] = {
        make_article("ty", "台風が九州に上陸", NULL, typhoon_ja, 2),
        make_article("li", "新しい図書館が開館", NULL, library_ja, 2),
    };
    arts[0].lang = arts[1].lang = "ja";
    np_engine *e = cluster_articles(arts, 2, NULL);
    REQUIRE(e != NULL);
    CHECK(np_engine_story_count(e) == 2);
    const char *kw[KEYWORDS_HELD];
    size_t n_kw = all_keywords(e, kw);
    CHECK(n_kw >= 8);
    for (size_t k = 0; k < n_kw; k++) {
        /* hiragana are U+3041..U+3096: E3 81 81 .. E3 82 96 */
        const unsigned char *w = (const unsigned char *)kw[k];
        int hiragana = w[0] == 0xe3 && ((w[1] == 0x81 && w[2] >= 0x81) || (w[1] == 0x82 && w[2] <= 0x96));
        CHECK(!hiragana);
    }
    np_engine_free(e);
}

/* Wire briefs of thirty words.  The second edits the first in two places
 * ('eastern' -> 'east', 'the old pier' -> 'the pier'): 19 of its 5-word
 * shingles shared of 32, a Jaccard of 0.594, under near_jaccard; of its
 * 2-word shingles 25 of 32.  The third tells another event in the town's
 * words ('officials in Pellmouth', 'on Tuesday after', 'were moved to
 * the'); the fourth the first's template with four other facts (side,
 * day, what fell, which pier), 0.568 of its word pairs shared; the fifth
 * the first's words in another town on another day, 0.778 of its word
 * pairs shared but not its names. */
static const char *const brief_ferry[] = {
    "Harbour officials in Pellmouth closed the eastern ferry terminal on Tuesday after a crane "
    "collapsed onto the loading ramp, and crossings to Tarrow Island were moved to the old pier.",
};
static const char *const brief_ferry_edited[] = {
    "Harbour officials in Pellmouth closed the east ferry terminal on Tuesday after a crane "
    "collapsed onto the loading ramp, and crossings to Tarrow Island were moved to the pier.",
};
static const char *const brief_library[] = {
    "Officials in Pellmouth opened the new town library on Tuesday after two years of building "
    "work, and the old reading rooms on Quay Street were moved to the school.",
};
static const char *const brief_ferry_other[] = {
    "Harbour officials in Pellmouth closed the western ferry terminal on Monday after a truck "
    "collapsed onto the loading ramp, and crossings to Tarrow Island were moved to the new pier.",
};

static const char *const brief_ferry_elsewhere[] = {
    "Harbour officials in Dunmore closed the eastern ferry terminal on Monday after a crane "
    "collapsed onto the loading ramp, and crossings to Tarrow Island were moved to the old pier.",
};

/* An excerpt whose sentences are each also in other articles: over
 * max_bucket of them (2 here), too common for the sentence index to pair
 * on, so the index counts none of them between the excerpt and its
 * source.  The pair is still found by its other keys, and the sentences it
 * shares are its evidence: an excerpt, not a rewrite of its source. */
static const char *const water_board[] = {
    "The Tolvery water board approved a plan on Tuesday to replace the oldest mains under the market district.",
    "Engineers found that more than a third of the pipes laid before the war were leaking into the clay.",
    "The work will close Canal Street to traffic for eleven weeks from the start of the summer holidays.",
    "Shopkeepers on the street asked the board to keep one lane open for deliveries in the mornings.",
    "The board said a temporary footbridge would let people reach the covered market during the works.",
    "Residents can follow the progress of the works on a map the board will update every Friday.",
    "The whole scheme is expected to cost the board about four million pounds over three years.",
};
static const char *const water_board_roads[] = {
    "The work will close Canal Street to traffic for eleven weeks from the start of the summer holidays.",
    "Shopkeepers on the street asked the board to keep one lane open for deliveries in the mornings.",
    "Bus routes through the old town will be moved to the ring road while the lane is shut to traffic.",
    "The county said the diversion would add about ten minutes to the journey from the railway station.",
    "Taxi drivers have asked for a rank near the museum to be opened for the weeks of the closure.",
    "A meeting on the diversions will be held at the library on the first Monday of next month.",
};
static const char *const water_board_market[] = {
    "The board said a temporary footbridge would let people reach the covered market during the works.",
    "Residents can follow the progress of the works on a map the board will update every Friday.",
    "Stallholders at the covered market have been promised lower rents for the months of the works.",
    "The market trust said its fish hall would open an hour earlier to make up for the lost trade.",
    "A new entrance from Wool Lane was opened last year and will stay open through the summer.",
    "The trust will hold its annual fair in the square outside the town hall instead of the market.",
};

TEST(cluster_excerpt_of_common_sentences)
{
    np_article arts[] = {
        make_article("w1", "Tolvery to replace old water mains", "2025-04-01", water_board, 7),
        make_article("w2", "Canal Street to close for mains work", "2025-04-02", water_board + 2, 4),
        make_article("w3", "Buses diverted as Canal Street shuts", "2025-04-02", water_board_roads, 6),
        make_article("w4", "Covered market stays open during works", "2025-04-03", water_board_market, 6),
    };
    for (int common = 0; common < 2; common++) {
        np_params p;
        np_params_default(&p);
        if (common) /* each of w2's sentences is in three articles */
            REQUIRE(np_params_set(&p, "max_bucket", "2") == NP_OK);
        np_engine *e = cluster_articles(arts, 4, &p);
        REQUIRE(e != NULL);
        np_result r;
        if (result_of(e, "w2", 0, &r)) {
            CHECK_STR(r.relation, "excerpt");
            CHECK_STR(r.copy_of, "w1");
            CHECK(r.shared_sentences == 4);
        }
        if (result_of(e, "w1", 0, &r))
            CHECK_STR(r.relation, "original");
        if (result_of(e, "w3", 0, &r))
            CHECK(r.copy_of == NULL);
        if (result_of(e, "w4", 0, &r))
            CHECK(r.copy_of == NULL);
        np_engine_free(e);
    }
}

TEST(cluster_short_near_copy)
{
    np_article arts[5] = {
        make_article("b1", "Ferry terminal closed", "2025-03-04", brief_ferry, 1),
        make_article("b2", "Ferry terminal closed", "2025-03-04", brief_ferry_edited, 1),
        make_article("b3", "Pellmouth library opens", "2025-03-04", brief_library, 1),
        make_article("b4", "Ferry terminal closed", "2025-03-03", brief_ferry_other, 1),
        make_article("b5", "Ferry terminal closed", "2025-03-03", brief_ferry_elsewhere, 1),
    };
    np_engine *e = cluster_articles(arts, 5, NULL);
    REQUIRE(e != NULL);
    np_result r;
    REQUIRE(result_of(e, "b2", 0, &r));
    CHECK_STR(r.relation, "near");
    CHECK_STR(r.copy_of, "b1");
    CHECK(r.jaccard < 0.6);               /* the 5-word shingles alone */
    CHECK(r.score >= 0.75 && r.score < 0.8); /* 25 of 32 word pairs */
    REQUIRE(result_of(e, "b1", 0, &r));
    CHECK_STR(r.relation, "original");
    REQUIRE(result_of(e, "b3", 0, &r));
    CHECK_STR(r.relation, "report");
    REQUIRE(result_of(e, "b4", 0, &r));
    CHECK_STR(r.relation, "report");
    REQUIRE(result_of(e, "b5", 0, &r));
    CHECK_STR(r.relation, "report");
    np_engine_free(e);
    /* short_words 0: the 5-word shingles decide, and the brief is a report */
    np_params p;
    np_params_default(&p);
    REQUIRE(np_params_set(&p, "short_words", "0") == NP_OK);
    e = cluster_articles(arts, 5, &p);
    REQUIRE(e != NULL);
    REQUIRE(result_of(e, "b2", 0, &r));
    CHECK_STR(r.relation, "report");
    np_engine_free(e);
}

TEST(cluster_small_corpus)
{
    make_small_corpus();
    np_engine *e = cluster_articles(small_corpus, 6, NULL);
    REQUIRE(e != NULL);
    check_sane(e);
    np_result r;
    REQUIRE(result_of(e, "t1", 0, &r));
    CHECK_STR(r.relation, "original");
    size_t flood_story = r.story;
    REQUIRE(result_of(e, "t2", 0, &r));
    CHECK_STR(r.relation, "exact");
    CHECK_STR(r.copy_of, "t1");
    CHECK(r.score == 1);
    REQUIRE(result_of(e, "t3", 0, &r));
    CHECK_STR(r.relation, "near");
    CHECK_STR(r.copy_of, "t1");
    CHECK(r.score >= 0.6 && r.score < 1);
    CHECK(r.jaccard >= 0.6);
    REQUIRE(result_of(e, "t4", 0, &r));
    CHECK_STR(r.relation, "report");
    CHECK(r.story == flood_story);
    REQUIRE(result_of(e, "t5", 0, &r));
    CHECK_STR(r.relation, "report");
    CHECK(r.story != flood_story);
    REQUIRE(result_of(e, "t6", 0, &r));
    CHECK_STR(r.relation, "report");
    CHECK(r.story != flood_story);
    CHECK(np_engine_story_count(e) == 3);
    np_engine_free(e);
}

TEST(cluster_engine_api_misuse)
{
    make_small_corpus();
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    np_result r;
    np_story s;
    /* nothing to read before the run */
    CHECK(np_engine_result(e, 0, &r) != NP_OK);
    CHECK(np_engine_story_count(e) == 0);
    CHECK(np_engine_storyline_count(e) == 0);
    CHECK(np_engine_story(e, 0, &s, NULL, 0, NULL) != NP_OK);
    CHECK(np_engine_add(e, NULL) == NP_EPARAM);
    CHECK(np_engine_add(NULL, &small_corpus[0]) == NP_EPARAM);
    CHECK(np_engine_add(e, &small_corpus[0]) == NP_OK);
    CHECK(np_engine_run(e) == NP_OK);
    /* one run; no adding after it */
    CHECK(np_engine_run(e) == NP_EPARAM);
    CHECK(np_engine_add(e, &small_corpus[1]) == NP_EPARAM);
    CHECK(np_engine_count(e) == 1);
    CHECK(np_engine_result(e, 0, &r) == NP_OK);
    CHECK_STR(r.relation, "report");
    CHECK(np_engine_result(e, 1, &r) == NP_EPARAM);
    CHECK(np_engine_story(e, 1, &s, NULL, 0, NULL) == NP_EPARAM);
    CHECK(np_engine_story_article(e, 0, 1) == (size_t)-1);
    np_engine_free(e);
    np_engine_free(NULL);
    CHECK(np_engine_count(NULL) == 0);
    CHECK(np_engine_run(NULL) == NP_EPARAM);
    CHECK(np_engine_errmsg(NULL) != NULL);
    /* an empty engine runs and has nothing */
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    CHECK(np_engine_run(e) == NP_OK);
    CHECK(np_engine_count(e) == 0);
    CHECK(np_engine_story_count(e) == 0);
    CHECK(np_engine_storyline_count(e) == 0);
    check_sane(e);
    np_engine_free(e);
}

/* ------------------------------------------------------------------ */
/* allocation-failure torture */

/* Runs f(arg) in a child process; returns 1 if it exited normally with
 * status 0, so a crash is a failed CHECK and not the end of the run. */
static int survives(void (*f)(void *), void *arg)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return 1; /* cannot tell: do not fail for it */
    if (pid == 0) {
        f(arg);
        fflush(stdout);
        _exit(0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* After a failed run, what a caller may still ask must not crash. */
static void read_after_failure(void *arg)
{
    np_engine *e = arg;
    np_result r;
    np_story s;
    const char *kw[8];
    size_t n_kw;
    size_t n = np_engine_count(e), ns = np_engine_story_count(e);
    for (size_t i = 0; i < n; i++)
        (void)np_engine_result(e, i, &r);
    for (size_t k = 0; k < ns; k++)
        if (np_engine_story(e, k, &s, kw, 8, &n_kw) == NP_OK)
            for (size_t i = 0; i < s.n_articles; i++)
                (void)np_engine_story_article(e, k, i);
    (void)np_engine_storyline_count(e);
    (void)np_engine_errmsg(e);
}

/* Every allocation of a run on the given threads failed in turn: each
 * failure is NP_ENOMEM with nothing leaked and an engine that refuses to
 * answer, or the answer is the one without failures. */
static void allocation_failures(size_t threads)
{
    make_small_corpus();
    /* the answer without failures, and how many allocations it takes */
    failing_alloc f;
    failing_alloc_init(&f, 0);
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, &f.allocator) == NP_OK);
    REQUIRE(np_engine_set_threads(e, threads) == NP_OK);
    for (size_t i = 0; i < 6; i++)
        REQUIRE(np_engine_add(e, &small_corpus[i]) == NP_OK);
    REQUIRE(np_engine_run(e) == NP_OK);
    text want = { 0 };
    describe_partition(e, &want);
    describe_labels(e, &want);
    REQUIRE(want.data != NULL);
    np_engine_free(e);
    CHECK(f.live == 0);
    unsigned long total = f.calls;
    CHECK(total >= 10);

    unsigned long failures = 0, run_failures = 0, crashes = 0;
    for (unsigned long n = 1; n <= total + 1; n++) {
        failing_alloc_init(&f, n);
        e = NULL;
        np_status st = np_engine_new(&e, NULL, &f.allocator);
        if (st != NP_OK) {
            CHECK(st == NP_ENOMEM);
            CHECK(e == NULL);
            CHECK(f.live == 0);
            failures++;
            continue;
        }
        REQUIRE(np_engine_set_threads(e, threads) == NP_OK);
        /* a failed add leaves the engine as it was: adding the article
         * again (the failure has passed) gives the same answer */
        for (size_t i = 0; i < 6; i++) {
            st = np_engine_add(e, &small_corpus[i]);
            if (st != NP_OK) {
                CHECK(st == NP_ENOMEM);
                CHECK(strstr(np_engine_errmsg(e), small_corpus[i].id) != NULL);
                CHECK(np_engine_count(e) == i);
                failures++;
                CHECK(np_engine_add(e, &small_corpus[i]) == NP_OK);
            }
        }
        st = np_engine_run(e);
        if (st == NP_OK) {
            text got = { 0 };
            describe_partition(e, &got);
            describe_labels(e, &got);
            CHECK(got.data && strcmp(got.data, want.data) == 0);
            if (got.data && strcmp(got.data, want.data) != 0) {
                printf("     allocation %lu failed: the answer changed\n", n);
                show_difference(want.data, got.data);
            }
            free(got.data);
        } else {
            CHECK(st == NP_ENOMEM);
            CHECK(np_engine_errmsg(e)[0] != '\0');
            failures++;
            run_failures++;
            /* the engine says it has no answer rather than crash */
            np_result r;
            if (!survives(read_after_failure, e)) {
                crashes++;
                if (crashes == 1)
                    printf("     allocation %lu failed in np_engine_run: reading the engine "
                           "afterwards crashes\n", n);
            } else if (np_engine_count(e) > 0 && np_engine_result(e, 0, &r) == NP_OK) {
                /* not a crash, but a half-made answer handed out as OK */
                CHECK(!"np_engine_result answers after a failed run");
                printf("     allocation %lu: np_engine_result OK after a failed run\n", n);
            }
        }
        np_engine_free(e);
        CHECK(f.live == 0);
        if (f.live != 0)
            printf("     allocation %lu failed: %ld blocks leaked\n", n, (long)atomic_load(&f.live));
        if (test_failed_now() && crashes == 0)
            break;
    }
    /* np_engine_result must not read what a failed run left half made
     * (story_of was NULL: a crash) */
    CHECK(crashes == 0);
    if (crashes)
        printf("     %lu of %lu failed runs leave an engine that crashes when read\n", crashes,
               run_failures);
    CHECK(failures > 0 && run_failures > 0);
    free(want.data);
}

TEST(cluster_allocation_failures)
{
    allocation_failures(1);
}

/* The passes that run on threads (vectors, the first pass's, the merge
 * and refinement batches, storylines, candidates and verification) fail
 * as cleanly. */
TEST(cluster_allocation_failures_threaded)
{
    allocation_failures(3);
}

/* ------------------------------------------------------------------ */
/* hostile inputs */

/* Made-up words from syllables, so texts are unique but word-like. */
static void invented_word(uint64_t *state, char *out, size_t cap, int capital)
{
    static const char *const syllables[] = { "ka", "lo", "mir", "ten", "vas", "dro", "pel", "qui",
                                             "sun", "bar", "ne", "tho", "gal", "rim", "os", "zu" };
    size_t n = 2 + (size_t)(next_random(state) % 3), len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len + 4 < cap; i++) {
        const char *s = syllables[next_random(state) % 16];
        size_t k = strlen(s);
        memcpy(out + len, s, k + 1);
        len += k;
    }
    if (capital && out[0])
        out[0] = (char)(out[0] - 'a' + 'A');
}

/* n invented sentences of 8 to 15 words into out. */
static void invented_text(uint64_t seed, size_t n_sentences, char *out, size_t cap)
{
    uint64_t state = seed * 1000003u + 7;
    size_t len = 0;
    out[0] = '\0';
    for (size_t s = 0; s < n_sentences; s++) {
        size_t words = 8 + (size_t)(next_random(&state) % 8);
        for (size_t w = 0; w < words; w++) {
            char word[32];
            invented_word(&state, word, sizeof word, w == 0 || next_random(&state) % 7 == 0);
            int n = snprintf(out + len, cap - len, "%s%s%s", w ? " " : (s ? " " : ""), word,
                             w + 1 == words ? "." : "");
            if (n < 0 || (size_t)n >= cap - len)
                return;
            len += (size_t)n;
        }
    }
}

TEST(cluster_hostile_identical_articles)
{
    /* 200 copies of one article: one family, one original, 199 exact */
    enum { N = 200 };
    static np_article arts[N];
    static char ids[N][16];
    for (size_t i = 0; i < N; i++) {
        snprintf(ids[i], sizeof ids[i], "dup%03zu", (i * 37) % N); /* added out of id order */
        arts[i] = make_article(ids[i], "River Oskel floods Brellmouth", "2025-05-02", flood, 4);
    }
    np_engine *e = cluster_articles(arts, N, NULL);
    REQUIRE(e != NULL);
    check_sane(e);
    size_t originals = 0, exact = 0;
    for (size_t i = 0; i < N; i++) {
        np_result r;
        REQUIRE(np_engine_result(e, i, &r) == NP_OK);
        if (strcmp(r.relation, "original") == 0) {
            originals++;
            CHECK_STR(r.id, "dup000"); /* all alike: the smallest id */
        } else if (strcmp(r.relation, "exact") == 0) {
            exact++;
            CHECK_STR(r.copy_of, "dup000");
        }
    }
    CHECK(originals == 1);
    CHECK(exact == N - 1);
    CHECK(np_engine_story_count(e) == 1);
    if (test_failed_now())
        printf("     %zu originals, %zu exact of %d\n", originals, exact, N);
    np_engine_free(e);
}

TEST(cluster_hostile_identical_articles_over_max_bucket)
{
    /* More identical articles than max_bucket (200): a bucket that large
     * is too common to pair all its members, but the same body is still an
     * exact copy (copies were found only through those buckets, so past
     * max_bucket none was found at all). */
    enum { N = 260 };
    static np_article arts[N];
    static char ids[N][16];
    for (size_t i = 0; i < N; i++) {
        snprintf(ids[i], sizeof ids[i], "dup%03zu", i);
        arts[i] = make_article(ids[i], "River Oskel floods Brellmouth", "2025-05-02", flood, 4);
    }
    np_engine *e = cluster_articles(arts, N, NULL);
    REQUIRE(e != NULL);
    check_sane(e);
    size_t originals = 0, exact = 0;
    for (size_t i = 0; i < N; i++) {
        np_result r;
        REQUIRE(np_engine_result(e, i, &r) == NP_OK);
        originals += strcmp(r.relation, "original") == 0;
        exact += strcmp(r.relation, "exact") == 0;
    }
    CHECK(originals == 1 && exact == N - 1);
    if (test_failed_now())
        printf("     %zu originals, %zu exact of %d identical articles\n", originals, exact, N);
    np_engine_free(e);
}

TEST(cluster_hostile_empty_and_tiny)
{
    static const char *const empty[] = { "" };
    static const char *const blank[] = { "   ", "\t" };
    static const char *const hello[] = { "Hello" };
    static const char *const world[] = { "World" };
    static const char *const dot[] = { "." };
    np_article arts[] = {
        make_article("e1", NULL, NULL, NULL, 0),
        make_article("e2", "A title only", "2025-01-01", NULL, 0),
        make_article("e3", NULL, NULL, empty, 1),
        make_article("e4", NULL, "2025-01-01", blank, 2),
        make_article("w1", "Hello", NULL, hello, 1),
        make_article("w2", "Hello", NULL, hello, 1),
        make_article("w3", NULL, "2025-01-02", world, 1),
        make_article("w4", NULL, NULL, dot, 1),
        make_article("t1", "River Oskel floods Brellmouth", "2025-05-02", flood, 4),
    };
    size_t n = sizeof arts / sizeof *arts;
    np_engine *e = cluster_articles(arts, n, NULL);
    REQUIRE(e != NULL);
    CHECK(np_engine_count(e) == n);
    check_sane(e);
    np_result r;
    /* an empty body copies nothing and is copied by nothing */
    static const char *const empties[] = { "e1", "e2", "e3", "e4", "w4" };
    for (size_t i = 0; i < 5; i++) {
        REQUIRE(result_of(e, empties[i], 0, &r));
        CHECK_STR(r.relation, "report");
        if (strcmp(r.relation, "report") != 0)
            printf("     %s: %s\n", empties[i], r.relation);
    }
    /* one word is not a copy of another word */
    REQUIRE(result_of(e, "w3", 0, &r));
    CHECK_STR(r.relation, "report");
    REQUIRE(result_of(e, "w1", 0, &r));
    CHECK(r.copy_of == NULL || strcmp(r.copy_of, "w2") == 0);
    REQUIRE(result_of(e, "w2", 0, &r));
    CHECK(r.copy_of == NULL || strcmp(r.copy_of, "w1") == 0);
    REQUIRE(result_of(e, "t1", 0, &r));
    CHECK_STR(r.relation, "report");
    np_engine_free(e);
}

TEST(cluster_hostile_long_repetition)
{
    /* 5,000 times one word, in one sentence without a stop, twice, and
     * once another word */
    enum { N = 5000 };
    char *same = malloc(N * 6 + 1), *other = malloc(N * 6 + 1);
    REQUIRE(same && other);
    for (size_t i = 0; i < N; i++) {
        memcpy(same + i * 6, "strike", 6);
        memcpy(other + i * 6, "harbor", 6);
        same[i * 6 + 5] = other[i * 6 + 5] = ' ';
    }
    same[N * 6 - 1] = other[N * 6 - 1] = '\0';
    const char *p_same[] = { same }, *p_other[] = { other };
    np_article arts[] = {
        make_article("r1", "Strike", "2025-03-04", p_same, 1),
        make_article("r2", "Strike", "2025-03-05", p_same, 1),
        make_article("r3", "Harbor", "2025-03-04", p_other, 1),
        make_article("t1", "River Oskel floods Brellmouth", "2025-05-02", flood, 4),
    };
    CHECK(arts[0].words == N);
    np_engine *e = cluster_articles(arts, 4, NULL);
    if (!e) {
        free(same);
        free(other);
        REQUIRE(!"the engine failed");
    }
    check_sane(e);
    np_result r;
    if (result_of(e, "r2", 0, &r)) {
        CHECK_STR(r.relation, "exact");
        CHECK_STR(r.copy_of, "r1"); /* dated first */
    }
    if (result_of(e, "r3", 0, &r))
        CHECK(r.copy_of == NULL);
    if (result_of(e, "t1", 0, &r))
        CHECK_STR(r.relation, "report");
    np_engine_free(e);
    free(same);
    free(other);
}

/* n articles: each one common sentence plus unique invented text of
 * n_unique sentences.  None is a copy of another. */
static void check_common_sentence(size_t n, size_t n_unique)
{
    static const char common[] = "The regional council said on Monday that its annual report on "
                                 "road safety would be published at the end of next week.";
    np_article *arts = calloc(n, sizeof *arts);
    char (*ids)[16] = calloc(n, sizeof *ids);
    char (*bodies)[2048] = calloc(n, sizeof *bodies);
    const char *(*paragraphs)[2] = calloc(n, sizeof *paragraphs);
    if (!arts || !ids || !bodies || !paragraphs) {
        free(arts);
        free(ids);
        free(bodies);
        free(paragraphs);
        REQUIRE(!"out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(ids[i], sizeof ids[i], "c%03zu", i);
        invented_text(i + 1, n_unique, bodies[i], sizeof bodies[i]);
        /* the common sentence first for some, last for others */
        paragraphs[i][i % 2] = common;
        paragraphs[i][1 - i % 2] = bodies[i];
        arts[i] = make_article(ids[i], NULL, NULL, paragraphs[i], 2);
        arts[i].date = i % 5 ? "2025-06-01" : NULL;
    }
    np_engine *e = cluster_articles(arts, n, NULL);
    CHECK(e != NULL);
    if (e) {
        check_sane(e);
        size_t copies = 0;
        for (size_t i = 0; i < n; i++) {
            np_result r;
            if (np_engine_result(e, i, &r) != NP_OK)
                continue;
            if (r.copy_of && copies++ < 3)
                printf("     %s: %s of %s (%.2f)\n", r.id, r.relation, r.copy_of, r.score);
        }
        CHECK(copies == 0);
        np_engine_free(e);
    }
    free(arts);
    free(ids);
    free(bodies);
    free(paragraphs);
}

TEST(cluster_hostile_common_sentence_300)
{
    /* past max_bucket: the sentence's bucket is skipped */
    check_common_sentence(300, 3);
}

TEST(cluster_hostile_common_sentence_150)
{
    /* under max_bucket: the bucket pairs every article; none may become a
     * copy for one shared sentence */
    check_common_sentence(150, 3);
}

TEST(cluster_hostile_common_sentence_dominant)
{
    /* The common sentence (22 words) is most of each text (plus one
     * invented sentence of 8 to 15 words): the true word 5-shingle Jaccard
     * of two such texts is about 0.5, under near_jaccard (0.6).  Decided
     * on the 128-bin MinHash estimate alone (standard deviation 0.044 at
     * J = 0.5), a few of the ~11,000 candidate pairs reach 0.62-0.65 and
     * become near copies; short texts need their exact Jaccard. */
    check_common_sentence(150, 1);
}

TEST(cluster_hostile_languages)
{
    static const char *const de[] = {
        "Im Hafen von Harborton steht seit Dienstagmorgen die Arbeit still. Rund 2.400 "
        "Hafenarbeiter sind in den Streik getreten, nachdem die Gespräche über Löhne gescheitert "
        "waren.",
        "Die Gewerkschaft fordert sieben Prozent mehr Lohn, die Betreiber bieten 3,5 Prozent.",
    };
    static const char *const ru[] = {
        "В городе Северск в понедельник открылся новый мост через реку Томь. На церемонии "
        "присутствовали мэр города и около трёхсот жителей.",
        "Строительство моста продолжалось четыре года и обошлось бюджету в два миллиарда рублей.",
    };
    static const char *const zh[] = {
        "北京市今天宣布将在明年春天开放一座新的公共图书馆。图书馆位于城市东部，占地约两万平方米。",
        "市长表示，新图书馆将收藏超过五十万册图书，并为市民提供免费的学习空间。",
    };
    static const char *const ar[] = {
        "أعلنت بلدية المدينة يوم الاثنين عن افتتاح حديقة عامة جديدة في وسط المدينة. وحضر الافتتاح "
        "عدد كبير من السكان.",
        "وقال رئيس البلدية إن الحديقة تضم ملعبا للأطفال ومسارا للمشي بطول ثلاثة كيلومترات.",
    };
    static const char *const el[] = {
        "Ο δήμος της πόλης ανακοίνωσε τη Δευτέρα ότι το νέο κολυμβητήριο θα ανοίξει τον Ιούνιο. Το "
        "έργο κόστισε τέσσερα εκατομμύρια ευρώ.",
    };
    static const char *const mixed[] = {
        "Zürich: Ærøskøbing ğüşiöç — naïve café ½ ⅓ ①②③ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂🙂🙂 \xE2\x80\x8B zero\xE2\x80\x8Bwidth.",
    };
    np_article arts[] = {
        make_article("de", "Streik im Hafen", "2025-03-04", de, 2),
        make_article("ru", "Новый мост", "2025-03-04", ru, 2),
        make_article("ru-copy", "Новый мост", "2025-03-05", ru, 2),
        make_article("zh", "新图书馆", "2025-03-04", zh, 2),
        make_article("ar", "حديقة جديدة", "2025-03-04", ar, 2),
        make_article("el", "Κολυμβητήριο", "2025-03-04", el, 1),
        make_article("mixed", NULL, NULL, mixed, 1),
        make_article("t1", "River Oskel floods Brellmouth", "2025-05-02", flood, 4),
    };
    arts[0].lang = "de";
    arts[1].lang = arts[2].lang = "ru";
    arts[3].lang = "zh";
    arts[4].lang = "ar";
    arts[5].lang = "el";
    arts[6].lang = "und";
    size_t n = sizeof arts / sizeof *arts;
    np_engine *e = cluster_articles(arts, n, NULL);
    REQUIRE(e != NULL);
    check_sane(e);
    np_result r;
    REQUIRE(result_of(e, "ru-copy", 0, &r));
    CHECK_STR(r.relation, "exact");
    CHECK_STR(r.copy_of, "ru");
    static const char *const others[] = { "de", "zh", "ar", "el", "mixed", "t1" };
    for (size_t i = 0; i < 6; i++) {
        REQUIRE(result_of(e, others[i], 0, &r));
        CHECK_STR(r.relation, "report");
        CHECK(r.copy_of == NULL);
    }
    /* the Russian family is not in a story with the Chinese article */
    np_result ru_r, zh_r;
    REQUIRE(result_of(e, "ru", 0, &ru_r) && result_of(e, "zh", 0, &zh_r));
    CHECK(ru_r.story != zh_r.story);
    np_engine_free(e);
}

/* Stories across languages: a German report of the Brellmouth flood
 * shares no words with the English ones, only names (Brellmouth, Oskel,
 * Quay Street, Harlan Road, Maren Tollis) and numbers (600, 2009); it
 * joins their story.  Written for this test. */
static const char *const flood_de[] = {
    "BRELLMOUTH, 2. Mai 2025 - Das Hochwasser des Flusses Oskel hat am Freitag die Unterstadt von "
    "Brellmouth überflutet. Rund 600 Bewohner mussten ihre Häuser verlassen, die Brücke an der "
    "Harlan Road wurde gesperrt.",
    "Feuerwehrleute erreichten mit Booten Familien in der Quay Street. Die Ratsvorsitzende Maren "
    "Tollis sagte, in der Sporthalle von Brellmouth sei eine Notunterkunft eingerichtet worden.",
    "Das Environment Office warnte, die 2009 gebauten Schutzmauern könnten an mehreren Stellen "
    "überspült werden.",
};
/* A German report of another Brellmouth event that week: the town and
 * its council leader, nothing of the flood. */
static const char *const market_de[] = {
    "In Brellmouth hat am Samstag der neue Wochenmarkt am Hafen eröffnet. Die Ratsvorsitzende Maren "
    "Tollis schnitt das Band durch, 45 Händler bieten dort Fisch, Obst und Käse an.",
    "Der Markt soll künftig jeden Samstag von 8 bis 14 Uhr geöffnet sein.",
};
/* A German digest of both English events of the week: the flood's names
 * and the library's (Corvath, Peder Lunn, Odalys Fenn, 2,000, 140,000). */
static const char *const digest_de[] = {
    "In Brellmouth trat der Fluss Oskel über die Ufer: Rund 600 Bewohner verließen ihre Häuser, die "
    "Harlan Road wurde gesperrt, sagte Maren Tollis.",
    "In Corvath eröffnete Bürgermeisterin Odalys Fenn die neue Bibliothek des Architekten Peder "
    "Lunn: 140.000 Bücher, am ersten Morgen mehr als 2.000 Besucher.",
};

/* A Russian report of the flood: its names in Cyrillic, which no English
 * text writes; only its numbers (600, 2009, 2025) are the English ones'. */
static const char *const flood_ru[] = {
    "БРЕЛМУТ, 2 мая 2025 года. Река Оскел вышла из берегов в пятницу, около 600 жителей нижнего "
    "города покинули свои дома, мост на Харлан-роуд закрыт.",
    "Глава совета Марен Толлис сообщила, что в спортивном зале открыт пункт временного размещения. "
    "Защитные сооружения 2009 года могут не выдержать, предупредили в ведомстве по охране среды.",
};

/* A German report of another event that day, in another town, whose
 * numbers happen to be the flood's (600, 2009, 2 May 2025). */
static const char *const fair_de[] = {
    "KELLSTADT, 2. Mai 2025 - Zum Frühlingsfest in Kellstadt kamen am Freitag rund 600 Besucher. "
    "Bürgermeister Jonas Weber eröffnete den Markt, den es seit 2009 gibt.",
    "Die Veranstalter um Anke Roth zählten 40 Stände mit Käse, Brot und Blumen aus der Region.",
};

static np_engine *cluster_languages(const np_article *extra, size_t n_extra, np_article *arts)
{
    arts[0] = make_article("t1", "River Oskel floods Brellmouth", "2025-05-02", flood, 4);
    arts[1] = make_article("t4", "Brellmouth counts the cost", "2025-05-02", flood_report, 3);
    arts[2] = make_article("t5", "Corvath library opens", "2025-05-01", library, 3);
    for (size_t i = 0; i < n_extra; i++)
        arts[3 + i] = extra[i];
    return cluster_articles(arts, 3 + n_extra, NULL);
}

/* Is article a, in language lang, in a story apart from the English
 * flood report t1's? */
static int apart_from_english(np_article a, const char *lang)
{
    np_article arts[4];
    np_result t1, r;
    a.lang = lang;
    np_engine *e = cluster_languages(&a, 1, arts);
    int apart = e && result_of(e, "t1", 0, &t1) && result_of(e, a.id, 0, &r) && r.story != t1.story;
    np_engine_free(e);
    return apart;
}

TEST(cluster_story_across_languages)
{
    np_article extra[2] = {
        make_article("de-flood", "Hochwasser in Brellmouth", "2025-05-02", flood_de, 3),
        make_article("de-market", "Neuer Markt in Brellmouth", "2025-05-03", market_de, 2),
    };
    extra[0].lang = extra[1].lang = "de";
    np_article arts[5];
    np_engine *e = cluster_languages(extra, 2, arts);
    REQUIRE(e != NULL);
    check_sane(e);
    np_result t1, t5, flood_r, market_r;
    REQUIRE(result_of(e, "t1", 0, &t1) && result_of(e, "t5", 0, &t5));
    REQUIRE(result_of(e, "de-flood", 0, &flood_r) && result_of(e, "de-market", 0, &market_r));
    CHECK(flood_r.story == t1.story);    /* on names and numbers alone */
    CHECK_STR(flood_r.relation, "report");
    CHECK(market_r.story != t1.story);   /* the town and a name are not an event */
    CHECK(market_r.story != flood_r.story);
    CHECK(t5.story != t1.story);
    np_engine_free(e);

    /* a language that writes its names in another alphabet shares only
     * numbers with English, and numbers alone are not an event */
    CHECK(apart_from_english(make_article("ru-flood", "Наводнение в Брелмуте", "2025-05-02", flood_ru, 2), "ru"));
    /* the German report given as undetermined: no language to tell that
     * the words cannot meet, so it stays apart */
    CHECK(apart_from_english(make_article("de-flood", "Hochwasser in Brellmouth", "2025-05-02", flood_de, 3), "und"));
    /* nor are texts that name months apart one event (undated: its
     * months are those it names): the German report as if of a February
     * flood, the English reports' May */
    const char *const flood_de_february[] = {
        "BRELLMOUTH, 14. Februar 2025 - Das Hochwasser des Flusses Oskel hat am Freitag die Unterstadt "
        "von Brellmouth überflutet. Rund 600 Bewohner mussten ihre Häuser verlassen, die Brücke an der "
        "Harlan Road wurde gesperrt.",
        flood_de[1],
        flood_de[2],
    };
    CHECK(apart_from_english(make_article("de-feb", "Hochwasser in Brellmouth", NULL, flood_de_february, 3), "de"));
    CHECK(!apart_from_english(make_article("de-undated", "Hochwasser in Brellmouth", NULL, flood_de, 3), "de"));
    /* numbers alone are not an event in a language of names either */
    CHECK(apart_from_english(make_article("de-fair", "Frühlingsfest in Kellstadt", "2025-05-02", fair_de, 2), "de"));
}

TEST(cluster_story_across_languages_no_bridge)
{
    /* a report naming two events of another language joins one of them at
     * most, never makes them one */
    np_article extra[1] = { make_article("de-digest", "Die Woche", "2025-05-02", digest_de, 2) };
    extra[0].lang = "de";
    np_article arts[4];
    np_engine *e = cluster_languages(extra, 1, arts);
    REQUIRE(e != NULL);
    check_sane(e);
    np_result t1, t4, t5;
    REQUIRE(result_of(e, "t1", 0, &t1) && result_of(e, "t4", 0, &t4) && result_of(e, "t5", 0, &t5));
    CHECK(t1.story == t4.story);
    CHECK(t5.story != t1.story);
    np_engine_free(e);
}

TEST(cluster_hostile_many_small_stories)
{
    /* 400 invented articles, a fifth of them near copies of another: every
     * answer sane, the copies found */
    enum { N = 400 };
    np_article *arts = calloc(N, sizeof *arts);
    char (*ids)[16] = calloc(N, sizeof *ids);
    char (*bodies)[2048] = calloc(N, sizeof *bodies);
    const char **paragraphs = calloc(N, sizeof *paragraphs);
    if (!arts || !ids || !bodies || !paragraphs) {
        free(arts);
        free(ids);
        free(bodies);
        free(paragraphs);
        REQUIRE(!"out of memory");
    }
    for (size_t i = 0; i < N; i++) {
        snprintf(ids[i], sizeof ids[i], "m%03zu", i);
        if (i % 5 == 4) {
            /* a copy of the article before, its first word changed */
            memcpy(bodies[i], bodies[i - 1], sizeof bodies[i]);
            memcpy(bodies[i], "Zzz", 3);
        } else {
            invented_text(10000 + i, 8, bodies[i], sizeof bodies[i]);
        }
        paragraphs[i] = bodies[i];
        /* a copy and its source share a date, so the smaller id is the original */
        arts[i] = make_article(ids[i], NULL, (i / 5) % 3 ? "2025-07-01" : "2025-07-02", &paragraphs[i], 1);
    }
    np_engine *e = cluster_articles(arts, N, NULL);
    CHECK(e != NULL);
    if (e) {
        check_sane(e);
        size_t found = 0, wrong = 0;
        for (size_t i = 0; i < N; i++) {
            np_result r;
            if (np_engine_result(e, i, &r) != NP_OK)
                continue;
            if (i % 5 == 4 && r.copy_of && strcmp(r.copy_of, ids[i - 1]) == 0 &&
                strcmp(r.relation, "near") == 0)
                found++;
            else if (r.copy_of && i % 5 != 4 && i % 5 != 3)
                wrong++;
        }
        CHECK(found == N / 5);
        CHECK(wrong == 0);
        if (test_failed_now())
            printf("     %zu of %d near copies found, %zu false copies\n", found, N / 5, wrong);
        np_engine_free(e);
    }
    free(arts);
    free(ids);
    free(bodies);
    free(paragraphs);
}

/* An article missing what the cleaner always gives: the engine refuses it
 * (NP_EPARAM) or takes it, and then runs and answers without crashing. */
static void add_and_run(void *arg)
{
    const np_article *odd = arg;
    make_small_corpus();
    np_engine *e = NULL;
    if (np_engine_new(&e, NULL, NULL) != NP_OK)
        _exit(2);
    np_status st = np_engine_add(e, odd);
    if (st != NP_OK && st != NP_EPARAM)
        _exit(3);
    for (size_t i = 0; i < 3; i++)
        if (np_engine_add(e, &small_corpus[i]) != NP_OK)
            _exit(4);
    if (np_engine_run(e) != NP_OK)
        _exit(5);
    size_t n = np_engine_count(e);
    if (n != (st == NP_OK ? 4u : 3u))
        _exit(6);
    for (size_t i = 0; i < n; i++) {
        np_result r;
        if (np_engine_result(e, i, &r) != NP_OK || !r.relation)
            _exit(7);
    }
    np_engine_free(e);
}

TEST(cluster_hostile_missing_fields)
{
    static const char *const one[] = { "A short paragraph about nothing in particular, written once." };
    struct {
        const char *what;
        np_article a;
    } cases[] = {
        { "id NULL", make_article(NULL, "Title", "2025-05-02", flood, 4) },
        { "lang NULL", make_article("nolang", "Title", "2025-05-02", one, 1) },
        { "lang unknown", make_article("xx", "Title", "2025-05-02", one, 1) },
        { "id empty", make_article("", "Title", "2025-05-02", flood, 4) },
        { "date month 13", make_article("d1", NULL, "2025-13-45", flood, 4) },
        { "date not a date", make_article("d2", NULL, "not a date", flood, 4) },
        { "date short", make_article("d3", NULL, "2025", flood, 4) },
        { "date far future", make_article("d4", NULL, "9999-12-31", flood, 4) },
        { "date far past", make_article("d5", NULL, "1900-01-01", flood, 4) },
        { "words 0 with text", make_article("w0", NULL, NULL, flood, 4) },
    };
    cases[1].a.lang = NULL;
    cases[2].a.lang = "xx";
    cases[9].a.words = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int ok = survives(add_and_run, &cases[i].a);
        /* (an article without an id used to be taken, and np_engine_run
         * then crashed comparing ids in family.c) */
        CHECK(ok);
        if (!ok)
            printf("     %s: the engine crashes or fails\n", cases[i].what);
    }
}

TEST(cluster_hostile_duplicate_ids)
{
    /* JSONL may repeat an id: the engine must still answer */
    np_article arts[] = {
        make_article("x", "River Oskel floods Brellmouth", "2025-05-02", flood, 4),
        make_article("x", "Corvath library opens", "2025-05-01", library, 3),
        make_article("x", "River Oskel floods Brellmouth", "2025-05-03", flood, 4),
        make_article("y", "Dunbarrow win the cup", NULL, football, 3),
    };
    np_engine *e = cluster_articles(arts, 4, NULL);
    REQUIRE(e != NULL);
    CHECK(np_engine_count(e) == 4);
    size_t originals = 0, exact = 0;
    for (size_t i = 0; i < 4; i++) {
        np_result r;
        REQUIRE(np_engine_result(e, i, &r) == NP_OK);
        originals += strcmp(r.relation, "original") == 0;
        exact += strcmp(r.relation, "exact") == 0;
    }
    CHECK(originals == 1 && exact == 1);
    np_result first, third;
    REQUIRE(np_engine_result(e, 0, &first) == NP_OK && np_engine_result(e, 2, &third) == NP_OK);
    CHECK_STR(first.relation, "original"); /* dated first */
    CHECK_STR(third.relation, "exact");
    CHECK(first.story == third.story);
    np_engine_free(e);
}

/* ------------------------------------------------------------------ */
/* parameters */

TEST(cluster_params)
{
    np_params p, d;
    np_params_default(&d);
    p = d;
    CHECK(p.near_jaccard > 0 && p.near_jaccard <= 1);
    CHECK(p.max_bucket >= 2);
    CHECK(np_params_set(&p, "story_threshold", "0.45") == NP_OK);
    CHECK(p.story_threshold == 0.45);
    CHECK(np_params_set(&p, "story_window", "7") == NP_OK);
    CHECK(p.story_window == 7);
    /* unknown names, bad numbers and values out of range change nothing */
    np_params before = p;
    CHECK(np_params_set(&p, "nope", "1") == NP_EPARAM);
    CHECK(np_params_set(&p, "", "1") == NP_EPARAM);
    CHECK(np_params_set(&p, "story_threshold", "") == NP_EPARAM);
    CHECK(np_params_set(&p, "story_threshold", "0.5x") == NP_EPARAM);
    CHECK(np_params_set(&p, "story_threshold", "1.5") == NP_EPARAM);
    CHECK(np_params_set(&p, "story_threshold", "-0.1") == NP_EPARAM);
    /* NaN passes a range test written `v < lo || v > hi`, and for an
     * integer parameter (int)NaN is undefined behaviour */
    CHECK(np_params_set(&p, "story_threshold", "nan") == NP_EPARAM);
    CHECK(np_params_set(&p, "story_window", "nan") == NP_EPARAM);
    CHECK(np_params_set(&p, "story_threshold", "inf") == NP_EPARAM);
    CHECK(np_params_set(&p, "story_window", "2.5") == NP_EPARAM);
    CHECK(np_params_set(&p, "story_window", "1e12") == NP_EPARAM);
    CHECK(np_params_set(&p, "max_bucket", "1") == NP_EPARAM);
    /* decimal numbers only: strtod reads hex too, and blanks before */
    CHECK(np_params_set(&p, "story_window", "0x10") == NP_EPARAM);
    CHECK(np_params_set(&p, "story_threshold", "0x.8") == NP_EPARAM);
    CHECK(np_params_set(&p, "story_window", " 5") == NP_EPARAM);
    CHECK(memcmp(&p, &before, sizeof p) == 0);
    CHECK(np_params_set(&p, "story_window", "1e1") == NP_OK && p.story_window == 10);
    p = before;
    /* every parameter is described, with its value */
    char described[4096];
    np_params_describe(&d, described, sizeof described);
    static const char *const names[] = { "near_jaccard", "near_length_ratio", "short_words", "excerpt_containment",
                                         "rewrite_alignment", "rewrite_overlap", "rewrite_window",
                                         "story_threshold", "merge_threshold", "story_window", "move_window",
                                         "storyline_threshold", "storyline_window", "storyline_reach",
                                         "reach_threshold", "name_share", "max_bucket" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        CHECK(strstr(described, names[i]) != NULL);
        /* and each can be set back to its described value */
        const char *at = strstr(described, names[i]);
        if (!at)
            continue;
        const char *eq = strchr(at, '=');
        REQUIRE(eq != NULL);
        char value[32];
        size_t n = strcspn(eq + 2, " \n");
        snprintf(value, sizeof value, "%.*s", (int)n, eq + 2);
        np_params q = d;
        CHECK(np_params_set(&q, names[i], value) == NP_OK);
        CHECK(memcmp(&q, &d, sizeof q) == 0);
    }
    /* in even columns: every line's '=' and '#' where the first line has
     * them (a whole number's '#' was a column left of a fraction's) */
    const char *first_eq = strchr(described, '='), *first_hash = strchr(described, '#');
    REQUIRE(first_eq && first_hash);
    for (const char *line = described; *line; line = strchr(line, '\n') + 1) {
        const char *eq = strchr(line, '='), *hash = strchr(line, '#');
        REQUIRE(eq && hash && strchr(line, '\n'));
        CHECK(eq - line == first_eq - described);
        CHECK(hash - line == first_hash - described);
    }
    /* a value of more than three decimals is written as it is, so that
     * the text read back (a database's, a shard's) is the same value */
    np_params fine = d;
    REQUIRE(np_params_set(&fine, "story_threshold", "0.2504") == NP_OK);
    REQUIRE(np_params_set(&fine, "max_bucket", "1000000") == NP_OK);
    np_params_describe(&fine, described, sizeof described);
    const char *at = strstr(described, "story_threshold");
    REQUIRE(at != NULL);
    CHECK(strncmp(strchr(at, '=') + 2, "0.2504 ", 7) == 0);
    CHECK(strstr(described, "1000000 ") != NULL);
    /* a small buffer is cut, not overrun */
    char small[16];
    memset(small, 'x', sizeof small);
    np_params_describe(&d, small, 10);
    CHECK(memchr(small, '\0', 10) != NULL);
    CHECK(small[10] == 'x');
}

TEST(cluster_params_change_the_answer)
{
    make_small_corpus();
    np_params p;
    np_params_default(&p);
    /* a near copy needs a perfect Jaccard: t3 is no longer near */
    REQUIRE(np_params_set(&p, "near_jaccard", "1") == NP_OK);
    REQUIRE(np_params_set(&p, "excerpt_containment", "1") == NP_OK);
    np_engine *e = cluster_articles(small_corpus, 6, &p);
    REQUIRE(e != NULL);
    check_sane(e);
    np_result r;
    REQUIRE(result_of(e, "t3", 0, &r));
    CHECK(strcmp(r.relation, "near") != 0);
    REQUIRE(result_of(e, "t2", 0, &r));
    CHECK_STR(r.relation, "exact"); /* exact copies do not depend on it */
    np_engine_free(e);
    /* every unit its own story: story_threshold 1, no merging */
    np_params_default(&p);
    REQUIRE(np_params_set(&p, "story_threshold", "1") == NP_OK);
    REQUIRE(np_params_set(&p, "merge_threshold", "1") == NP_OK);
    e = cluster_articles(small_corpus, 6, &p);
    REQUIRE(e != NULL);
    check_sane(e);
    np_result t1, t2, t4;
    REQUIRE(result_of(e, "t1", 0, &t1) && result_of(e, "t2", 0, &t2) && result_of(e, "t4", 0, &t4));
    CHECK(t1.story == t2.story); /* a family stays in one story */
    CHECK(t1.story != t4.story);
    np_engine_free(e);
    /* the smallest max_bucket still finds the exact copy */
    np_params_default(&p);
    REQUIRE(np_params_set(&p, "max_bucket", "2") == NP_OK);
    e = cluster_articles(small_corpus, 6, &p);
    REQUIRE(e != NULL);
    check_sane(e);
    REQUIRE(result_of(e, "t2", 0, &r));
    CHECK_STR(r.relation, "exact");
    np_engine_free(e);
}

/* Three reports of one ferry fire, five days apart (the fire, the inquiry
 * opening, the captain's evidence), and an unrelated article.  A story
 * stays open story_window days after its last report, so the first pass
 * keeps the three together; the later passes merge and move only within
 * move_window days, so with a short story_window they stay apart unless
 * move_window reaches the gap. */
static const char *const ferry_fire[] = {
    "A fire broke out on the Lake Varrow ferry Orlen Maske on Thursday, forcing the crew to evacuate "
    "212 passengers at Port Tessaly.",
    "The blaze started in the engine room shortly after the ferry left the harbour, according to the "
    "Varrow Lines operator.",
    "Rescue boats from Port Tessaly carried the passengers ashore, and eleven people were treated for "
    "smoke inhalation.",
    "Captain Ilse Brandvik said the crew followed the evacuation drill and nobody was left on board.",
};
static const char *const ferry_inquiry[] = {
    "Investigators opened an inquiry on Tuesday into the engine room fire that crippled the Lake "
    "Varrow ferry Orlen Maske last week.",
    "The Varrow Lines operator said the ferry had passed a safety inspection in March, and it handed "
    "its maintenance records to the inspectors.",
    "Passengers evacuated at Port Tessaly told the inquiry that smoke filled the lower deck within "
    "minutes.",
    "Captain Ilse Brandvik is expected to give evidence next week.",
};
static const char *const ferry_evidence[] = {
    "Captain Ilse Brandvik told the Lake Varrow inquiry on Sunday that the crew of the Orlen Maske "
    "fought the engine room fire for twenty minutes before ordering the evacuation.",
    "She said the ferry's alarms sounded late and that rescue boats from Port Tessaly reached the "
    "passengers quickly.",
    "The Varrow Lines operator has kept its other ferries in the harbour until the inquiry ends.",
    "Smoke damage to the lower deck will keep the Orlen Maske out of service for the summer.",
};
static const char *const harvest[] = {
    "Apple growers in the Kessel valley expect a record harvest this autumn after a mild spring and "
    "steady rain.",
    "The growers' cooperative said its members planted four hundred new trees and hired extra "
    "pickers for September.",
    "Prices at the regional market have fallen slightly as stocks from last year remain in cold "
    "storage.",
};

/* The stories of f1, f2, f3 and h1 under params p (NULL: the defaults). */
static int ferry_stories(const np_params *p, size_t story[4])
{
    np_article arts[4] = {
        make_article("f1", "Fire on Lake Varrow ferry", "2025-05-01", ferry_fire, 4),
        make_article("f2", "Inquiry into ferry fire opens", "2025-05-06", ferry_inquiry, 4),
        make_article("f3", "Ferry captain gives evidence", "2025-05-11", ferry_evidence, 4),
        make_article("h1", "Record apple harvest expected", "2025-05-06", harvest, 3),
    };
    np_engine *e = cluster_articles(arts, 4, p);
    if (!e)
        return 0;
    check_sane(e);
    static const char *const ids[] = { "f1", "f2", "f3", "h1" };
    int ok = 1;
    for (size_t i = 0; i < 4; i++) {
        np_result r;
        ok = ok && result_of(e, ids[i], 0, &r) && strcmp(r.relation, "report") == 0;
        story[i] = ok ? r.story : (size_t)-1;
    }
    np_engine_free(e);
    return ok;
}

TEST(cluster_story_window_week)
{
    size_t s[4];
    REQUIRE(ferry_stories(NULL, s));
    CHECK(s[0] == s[1] && s[1] == s[2]);
    CHECK(s[3] != s[0]);
    np_params p;
    np_params_default(&p);
    REQUIRE(np_params_set(&p, "story_window", "3") == NP_OK);
    REQUIRE(ferry_stories(&p, s));
    CHECK(s[0] != s[1] && s[1] != s[2] && s[0] != s[2]);
    /* the merge pass joins stories within move_window days of each other */
    REQUIRE(np_params_set(&p, "move_window", "7") == NP_OK);
    REQUIRE(ferry_stories(&p, s));
    CHECK(s[0] == s[1] && s[1] == s[2]);
    CHECK(s[3] != s[0]);
}

TEST(cluster_story_span_caps_a_story)
{
    /* The ferry reports run from the 1st to the 11th: a story of ten days.
     * With story_span 7 the report of the 11th cannot join a story begun
     * on the 1st, nor may the merge pass join the two. */
    size_t s[4];
    np_params p;
    np_params_default(&p);
    REQUIRE(np_params_set(&p, "story_span", "7") == NP_OK);
    REQUIRE(ferry_stories(&p, s));
    CHECK(s[0] == s[1]);
    CHECK(s[2] != s[0] && s[3] != s[0] && s[3] != s[2]);
    REQUIRE(np_params_set(&p, "story_span", "0") == NP_OK); /* no limit */
    REQUIRE(ferry_stories(&p, s));
    CHECK(s[0] == s[1] && s[1] == s[2] && s[3] != s[0]);
    CHECK(np_params_set(&p, "story_span", "-1") != NP_OK);
}

/* The stories of the undated ferry reports and the harvest article, with
 * the given ids. */
static int undated_stories(const char *const ids[4], size_t story[4])
{
    np_article arts[4] = {
        make_article(ids[0], "Fire on Lake Varrow ferry", NULL, ferry_fire, 4),
        make_article(ids[1], "Inquiry into ferry fire opens", NULL, ferry_inquiry, 4),
        make_article(ids[2], "Ferry captain gives evidence", NULL, ferry_evidence, 4),
        make_article(ids[3], "Record apple harvest expected", NULL, harvest, 3),
    };
    np_engine *e = cluster_articles(arts, 4, NULL);
    if (!e)
        return 0;
    check_sane(e);
    int ok = 1;
    for (size_t i = 0; i < 4; i++) {
        np_result r;
        ok = ok && result_of(e, ids[i], 0, &r);
        story[i] = ok ? r.story : (size_t)-1;
    }
    np_engine_free(e);
    return ok;
}

TEST(cluster_undated_order_not_by_id)
{
    /* Undated articles have no time order; they are taken the longer
     * first, not in id order, so renaming them (the harvest article's id
     * first instead of last) changes no story, not even its number. */
    static const char *const named[4] = { "f1", "f2", "f3", "h1" };
    static const char *const renamed[4] = { "d4", "d3", "d2", "d1" };
    size_t a[4], b[4];
    REQUIRE(undated_stories(named, a));
    REQUIRE(undated_stories(renamed, b));
    CHECK(a[0] == a[1] && a[1] == a[2] && a[3] != a[0]);
    for (size_t i = 0; i < 4; i++)
        CHECK(a[i] == b[i]);
}

/* Five stories of one town's fortnight, written for this test: a bridge
 * approved (A), a football signing the mayor welcomes (B: the mayor, the
 * town and its neighbour, A's names), a concert at the club's ground (C:
 * the player and the ground, B's), a record label sold (D: the singer and
 * her label, C's), and the bridge's building begun (F: A's names again).
 * Each of B, C, D shares names with the one before only: a chain, each
 * link over storyline_threshold, that joined link by link made one
 * storyline of all five. */
static const char *const chain_bridge[] = {
    "The council in Ostwick voted on Monday to build the Harrow Bridge across the River Tamsin, ending a "
    "dispute that has lasted eleven years.",
    "Mayor Lena Brandt said the crossing would cut the journey from Ostwick to Pellam by half an hour for "
    "commuters.",
    "Councillors approved a budget of 48 million pounds, and engineers from Ostwick expect work on the "
    "Harrow Bridge to begin in the autumn.",
};
static const char *const chain_signing[] = {
    "Ostwick Rovers have signed the striker Tomas Eklund on a three-year contract, the club announced on "
    "Thursday.",
    "Eklund scored nineteen goals last season and will wear the number nine shirt at Felder Park, where "
    "Ostwick open the season against Pellam.",
    "Mayor Lena Brandt, a lifelong supporter of Ostwick, welcomed the signing and said the game against "
    "Pellam would be a sell-out.",
};
static const char *const chain_concert[] = {
    "The singer Mira Solberg will play a summer concert at Felder Park in July, her label Vantor Records "
    "said on Sunday.",
    "Tickets went on sale in the morning and sold out within two hours, according to the promoters.",
    "Tomas Eklund, who joined the club this week, said he had been a fan of Solberg since he was a "
    "teenager and hoped to meet her there.",
};
static const char *const chain_label[] = {
    "The Kalmar media group has bought Vantor Records, the company said in a filing on Wednesday, paying "
    "shareholders in cash.",
    "The purchase adds a catalogue of four hundred albums from Brightwater studios to the group's "
    "streaming service, Kalmar said.",
    "Shares in Kalmar rose by six percent after the announcement; Vantor Records' best-known singer, "
    "Mira Solberg, is to stay with the label.",
};
static const char *const chain_works[] = {
    "Builders began clearing the banks of the River Tamsin on Saturday as work started on the Harrow "
    "Bridge in Ostwick.",
    "Mayor Lena Brandt cut a ribbon at the site and said the crossing to Pellam would open in two years.",
    "The contractor, Dorne Construction, said the steel for the Harrow Bridge would arrive from Ostwick "
    "docks in September.",
};

TEST(cluster_storyline_chain_is_not_one)
{
    /* A story joins a storyline only when close to it as a whole: C is
     * close to B but not to A and B together, so C and D make a storyline
     * of their own; F, close to A, still joins A's. */
    np_article arts[5] = {
        make_article("a", "Ostwick council backs Harrow Bridge", "2025-06-02", chain_bridge, 3),
        make_article("b", "Rovers sign Eklund", "2025-06-05", chain_signing, 3),
        make_article("c", "Concert at Felder Park", "2025-06-08", chain_concert, 3),
        make_article("d", "Kalmar buys record label", "2025-06-11", chain_label, 3),
        make_article("f", "Harrow Bridge work starts", "2025-06-14", chain_works, 3),
    };
    np_engine *e = cluster_articles(arts, 5, NULL);
    REQUIRE(e != NULL);
    check_sane(e);
    np_result r[5];
    static const char *const ids[5] = { "a", "b", "c", "d", "f" };
    for (size_t i = 0; i < 5; i++)
        REQUIRE(result_of(e, ids[i], 0, &r[i]));
    /* five stories: the storylines are what is tested */
    for (size_t i = 0; i < 5; i++)
        for (size_t j = i + 1; j < 5; j++)
            CHECK(r[i].story != r[j].story);
    CHECK(r[4].storyline == r[0].storyline); /* the follow-up */
    CHECK(r[2].storyline != r[0].storyline);
    CHECK(r[3].storyline != r[0].storyline);
    if (r[3].storyline == r[0].storyline)
        printf("     the chain a~b~c~d is one storyline, l%zu\n", r[0].storyline + 1);
    np_engine_free(e);
}

/* The bridge's contract, between its approval (chain_bridge) and its
 * building begun (chain_works): the same names again. */
static const char *const chain_contract[] = {
    "Ostwick council has awarded the contract for the Harrow Bridge over the River Tamsin to Dorne "
    "Construction, the firm said on Tuesday.",
    "Mayor Lena Brandt signed the agreement at the town hall and said the road to Pellam would be "
    "rebuilt to meet the crossing.",
    "Dorne Construction will bring steel for the Harrow Bridge through the Ostwick docks and expects "
    "to employ sixty workers.",
};

TEST(cluster_storyline_follow_up_months_later)
{
    /* The bridge approved on 2 June and its building begun 50 days later:
     * two stories (story_span keeps them apart), one storyline, as the
     * follow-ups ECB+ labels with their events (a trial, a reversal weeks
     * after); with storyline_reach 0 (storyline_window alone, 30 days) two
     * storylines */
    np_article arts[2] = {
        make_article("a", "Ostwick council backs Harrow Bridge", "2025-06-02", chain_bridge, 3),
        make_article("f", "Harrow Bridge work starts", "2025-07-22", chain_works, 3),
    };
    np_params p;
    np_params_default(&p);
    for (int reach = 1; reach >= 0; reach--) {
        if (!reach)
            REQUIRE(np_params_set(&p, "storyline_reach", "0") == NP_OK);
        np_engine *e = cluster_articles(arts, 2, &p);
        REQUIRE(e != NULL);
        check_sane(e);
        np_result a, f;
        REQUIRE(result_of(e, "a", 0, &a) && result_of(e, "f", 0, &f));
        CHECK(a.story != f.story);
        CHECK(reach ? a.storyline == f.storyline : a.storyline != f.storyline);
        if (reach && a.storyline != f.storyline)
            printf("     the bridge's building, 50 days after its approval, is another storyline\n");
        np_engine_free(e);
    }
}

TEST(cluster_storyline_far_link_too_weak_keeps_out)
{
    /* Approved (2 June), contract (26 June), building (22 July, 50 days
     * after the approval): one storyline.  With reach_threshold 1 no link
     * past storyline_window is strong enough: the building, near the
     * contract, is kept out of its storyline all the same, as its link to
     * the approval, 50 days away, is too weak for that distance (the
     * storyline a subject's stories would make over months) */
    np_article arts[3] = {
        make_article("a", "Ostwick council backs Harrow Bridge", "2025-06-02", chain_bridge, 3),
        make_article("c", "Dorne wins Harrow Bridge contract", "2025-06-26", chain_contract, 3),
        make_article("f", "Harrow Bridge work starts", "2025-07-22", chain_works, 3),
    };
    np_params p;
    np_params_default(&p);
    for (int strict = 0; strict <= 1; strict++) {
        if (strict)
            REQUIRE(np_params_set(&p, "reach_threshold", "1") == NP_OK);
        np_engine *e = cluster_articles(arts, 3, &p);
        REQUIRE(e != NULL);
        check_sane(e);
        np_result a, c, f;
        REQUIRE(result_of(e, "a", 0, &a) && result_of(e, "c", 0, &c) && result_of(e, "f", 0, &f));
        CHECK(a.story != c.story && c.story != f.story && a.story != f.story);
        CHECK(a.storyline == c.storyline);
        CHECK(strict ? f.storyline != a.storyline : f.storyline == a.storyline);
        np_engine_free(e);
    }
}

/* Three full reports of one jewellery robbery and five briefs about
 * another, all undated, among 150 invented articles (a corpus-sized
 * vocabulary, as the mixture model's V).  The briefs share the reports'
 * words (robbers, store, diamonds, Paris) but not their names. */
static const char *const orvel_raid[] = {
    "Armed robbers raided the Maison Orvel jewellery store on the Rue Castaigne in Paris on Monday "
    "morning and escaped with rings, necklaces and watches worth about four million euros, police "
    "said.",
    "Four men wearing helmets smashed the display cases with hammers while a fifth waited outside "
    "on a motorbike, according to witnesses who were queuing at a bakery across the street.",
    "The robbers threatened two sales assistants with handguns and forced the manager to open the "
    "safe, the prosecutor's office said in a statement.",
    "Nobody was injured, but one assistant was taken to hospital in shock. Detectives are studying "
    "footage from the store's cameras and from shops along the street.",
};
static const char *const orvel_hunt[] = {
    "Police are hunting a gang of armed robbers who stole jewels and watches from the Maison Orvel "
    "store on Monday in one of the largest jewellery thefts of the year.",
    "The men arrived on motorbikes, smashed the front window and held staff at gunpoint while they "
    "emptied the display cases, the prosecutor said.",
    "The store's owner, Benedikt Orvel, said the stolen jewels included a diamond necklace made for "
    "an exhibition next month.",
    "Insurers estimated the loss at four million euros. The street was closed for most of the day "
    "while forensic teams searched for fingerprints.",
};
static const char *const orvel_escape[] = {
    "The gang that robbed the Maison Orvel jewellery store escaped on two motorbikes towards the "
    "ring road, police said on Monday evening.",
    "Witnesses described four men in dark helmets who carried the stolen rings and watches in "
    "sports bags.",
    "The prosecutor said the robbers had studied the store for weeks and knew when the safe would "
    "be open.",
    "Benedikt Orvel thanked his staff for staying calm and said the store would reopen on Thursday.",
};
static const char *const kestrel_briefs[5][1] = {
    { "Robbers disguised as women stole diamonds from the Kestrel store in Paris on Thursday." },
    { "Four armed robbers, two dressed as women, took diamonds worth 80 million euros from Kestrel in "
      "Paris." },
    { "Armed robbers in drag stole diamond rings and watches from the Kestrel jewellery store in "
      "Paris." },
    { "Jewels worth 80 million euros were stolen from the Kestrel store in Paris, the biggest jewel "
      "theft in France." },
    { "Four robbers disguised as women emptied the Kestrel store in Paris of diamonds on Thursday." },
};

TEST(cluster_mixture_briefs_stay_with_briefs)
{
    enum { FILLER = 150, N = FILLER + 8 };
    static np_article arts[N];
    static char ids[N][16], bodies[FILLER][2048];
    static const char *paragraphs[FILLER];
    for (size_t i = 0; i < FILLER; i++) {
        snprintf(ids[i], sizeof ids[i], "z%03zu", i);
        invented_text(20000 + i, 6, bodies[i], sizeof bodies[i]);
        paragraphs[i] = bodies[i];
        arts[i] = make_article(ids[i], NULL, NULL, &paragraphs[i], 1);
    }
    arts[FILLER] = make_article("l1", "Armed robbers raid Maison Orvel", NULL, orvel_raid, 4);
    arts[FILLER + 1] = make_article("l2", "Jewellery heist at Maison Orvel", NULL, orvel_hunt, 4);
    arts[FILLER + 2] = make_article("l3", "Robbers flee after Orvel raid", NULL, orvel_escape, 4);
    for (size_t b = 0; b < 5; b++) {
        snprintf(ids[FILLER + 3 + b], sizeof ids[0], "b%zu", b + 1);
        arts[FILLER + 3 + b] = make_article(ids[FILLER + 3 + b], NULL, NULL, kestrel_briefs[b], 1);
    }
    np_engine *e = cluster_articles(arts, N, NULL);
    REQUIRE(e != NULL);
    check_sane(e);
    np_result l1, b;
    REQUIRE(result_of(e, "l1", 0, &l1));
    size_t brief_story = (size_t)-1;
    for (size_t i = 0; i < 5; i++) {
        if (!result_of(e, ids[FILLER + 3 + i], 0, &b)) {
            CHECK(!"brief missing");
            continue;
        }
        CHECK(b.story != l1.story);
        if (brief_story == (size_t)-1)
            brief_story = b.story;
        CHECK(b.story == brief_story);
    }
    np_engine_free(e);
}

/* Sentences of ten words, each word from pool A (its first a_words
 * words) with probability a_share, else from pool B, in lower case (no
 * names): texts that share a topic's vocabulary and no sentence. */
static void pooled_text_of(uint64_t pool_seed, uint64_t seed, double a_share, size_t sentences, char *out,
                           size_t cap)
{
    enum { POOL = 60, WORDS = 10 };
    char pools[2][POOL][32];
    for (size_t p = 0; p < 2; p++) {
        uint64_t state = pool_seed + p * 7919;
        for (size_t w = 0; w < POOL; w++)
            invented_word(&state, pools[p][w], sizeof pools[p][w], 0);
    }
    uint64_t state = seed * 1000003u + 11;
    size_t len = 0;
    out[0] = '\0';
    for (size_t s = 0; s < sentences; s++)
        for (size_t w = 0; w < WORDS; w++) {
            size_t p = (double)(next_random(&state) % 1000) < a_share * 1000 ? 0 : 1;
            const char *word = pools[p][next_random(&state) % POOL];
            int n = snprintf(out + len, cap - len, "%s%s%s", len ? " " : "", word, w + 1 == WORDS ? "." : "");
            if (n < 0 || (size_t)n >= cap - len)
                return;
            len += (size_t)n;
        }
}

/* pooled_text of the pools every test but the lone groups' draws from. */
static void pooled_text(uint64_t seed, double a_share, size_t sentences, char *out, size_t cap)
{
    pooled_text_of(9000, seed, a_share, sentences, out, cap);
}

/* n articles of pooled_text (seed + i, a_share[i], `sentences`), dated
 * as given, clustered: each one's result in r, the engine in *keep (the
 * caller's to free) or freed (keep NULL).  0 when a step failed. */
static int pooled_stories(size_t n, const double *a_share, const char *const *ids, const char *const *dates,
                          size_t sentences, uint64_t seed, np_result *r, np_engine **keep)
{
    enum { MOST = 8 };
    static char bodies[MOST][4096];
    static const char *paragraphs[MOST];
    np_article arts[MOST];
    if (n > MOST)
        return 0;
    for (size_t i = 0; i < n; i++) {
        pooled_text(seed + i, a_share[i], sentences, bodies[i], sizeof bodies[i]);
        paragraphs[i] = bodies[i];
        arts[i] = make_article(ids[i], NULL, dates[i], &paragraphs[i], 1);
    }
    np_engine *e = cluster_articles(arts, n, NULL);
    if (!e)
        return 0;
    check_sane(e);
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
        ok = result_of(e, ids[i], 0, &r[i]);
    if (keep)
        *keep = e;
    else
        np_engine_free(e);
    return ok;
}

/* A dated report stays in its dated story rather than move, one unit at a
 * time, to a story of undated reports: d1 and d2 tell one event (pool A),
 * d3 shares A's words and more of B's, and u1-u3, undated, are B's.  The
 * first pass puts d3 with d1 and d2 (the undated reports come after and
 * join only one another), the merge pass keeps the two stories apart (d1
 * and d2 share nothing with u1-u3), and the refinement would move d3 to
 * the undated story, whose centroid is nearer than d1 and d2's: nothing
 * gives that story a time. */
TEST(cluster_dated_report_stays_out_of_undated_story)
{
    static const double a_share[] = { 1, 1, 0.35, 0, 0, 0 };
    static const char *const ids[] = { "d1", "d2", "d3", "u1", "u2", "u3" };
    static const char *const dates[] = { "2025-03-01", "2025-03-01", "2025-03-02", NULL, NULL, NULL };
    np_result r[6];
    REQUIRE(pooled_stories(6, a_share, ids, dates, 12, 100, r, NULL));
    CHECK(r[0].story == r[1].story);
    CHECK(r[3].story == r[4].story && r[4].story == r[5].story);
    CHECK(r[0].story != r[3].story);
    CHECK(r[2].story == r[0].story);
}

/* The same among short texts, which the mixture moves one at a time:
 * reports of two sentences, d3's words more like u1-u4's than like d1's
 * and d2's.  (Before, d3 went to the undated story, and that story
 * published a last date and no first date.) */
TEST(cluster_dated_headline_stays_out_of_undated_story)
{
    static const double a_share[] = { 1, 1, 0.4, 0, 0, 0, 0 };
    static const char *const ids[] = { "d1", "d2", "d3", "u1", "u2", "u3", "u4" };
    static const char *const dates[] = { "2025-03-01", "2025-03-01", "2025-03-02", NULL, NULL, NULL, NULL };
    np_result r[7];
    REQUIRE(pooled_stories(7, a_share, ids, dates, 2, 400, r, NULL));
    for (size_t i = 4; i < 7; i++)
        CHECK(r[i].story == r[3].story);
    CHECK(r[2].story != r[3].story);
}

/* A story of undated reports of another event of the dated story's kind
 * stays apart from it, though their average similarity reaches the merge
 * threshold: d1-d3 tell one event (pool A), u1-u3, undated, another whose
 * reports draw three fifths of their words from A's, and each of u1-u3 is
 * nearer the other two than the dated story (before, the merge pass
 * joined the two stories on their average).  Undated reports of the dated
 * story's own event (v1-v3, pool A) still join it. */
TEST(cluster_undated_story_merges_when_its_reports_would_move)
{
    static const double a_share[] = { 1, 1, 1, 0.6, 0.6, 0.6 };
    static const char *const ids[] = { "d1", "d2", "d3", "u1", "u2", "u3" };
    static const char *const dates[] = { "2025-03-01", "2025-03-01", "2025-03-02", NULL, NULL, NULL };
    np_result r[6];
    REQUIRE(pooled_stories(6, a_share, ids, dates, 12, 700, r, NULL));
    CHECK(r[0].story == r[1].story && r[1].story == r[2].story);
    CHECK(r[3].story == r[4].story && r[4].story == r[5].story);
    CHECK(r[0].story != r[3].story);
    static const double same_share[] = { 1, 1, 1, 1, 1, 1 };
    static const char *const same_ids[] = { "d1", "d2", "d3", "v1", "v2", "v3" };
    REQUIRE(pooled_stories(6, same_share, same_ids, dates, 12, 700, r, NULL));
    for (size_t i = 1; i < 6; i++)
        CHECK(r[i].story == r[0].story);
}

/* Four undated reports of one event (pool A) and a fifth (x1) of it with
 * a fifth of its words from pool B, each with a last paragraph: x1's says
 * the talks resume on January 20, and of the four, those that name the
 * talks' day (`dated` of them) say October 12.  x1's story and theirs
 * merge, or not: whether x1 is in a1's story. */
static int month_named_report_joins(size_t dated)
{
    static char bodies[5][4096];
    static const char *paragraphs[5][2];
    static const char *const ids[] = { "a1", "a2", "a3", "a4", "x1" };
    np_article arts[5];
    for (size_t i = 0; i < 5; i++) {
        pooled_text(900 + i, i < 4 ? 1 : 0.8, 12, bodies[i], sizeof bodies[i]);
        paragraphs[i][0] = bodies[i];
        paragraphs[i][1] = i == 4       ? "The talks resume on January 20."
                           : i < dated ? "The talks resume on October 12."
                                       : "The talks resume soon.";
        arts[i] = make_article(ids[i], NULL, NULL, paragraphs[i], 2);
    }
    np_engine *e = cluster_articles(arts, 5, NULL);
    if (!e)
        return -1;
    check_sane(e);
    np_result r[5];
    int ok = 1;
    for (size_t i = 0; i < 5 && ok; i++)
        ok = result_of(e, ids[i], 0, &r[i]);
    np_engine_free(e);
    if (!ok)
        return -1;
    for (size_t i = 1; i < 4; i++)
        if (r[i].story != r[0].story)
            return -1;
    return r[4].story == r[0].story;
}

/* A story's months are those at least half of its reports name when it
 * merges: one report of four naming October does not keep out a report
 * of the event naming January (before, any month one report named did);
 * when all four name October, the two stories stay apart. */
TEST(cluster_merge_months_of_most_reports)
{
    CHECK(month_named_report_joins(1) == 1);
    CHECK(month_named_report_joins(4) == 0);
}

/* Three dated reports of a fight (pool A), each ending "He won in the
 * sixth round.", and x1, undated, of the same words, whose last paragraph
 * is `x_rounds`.  Whether x1 joins their story. */
static int rounds_report_joins(const char *x_rounds)
{
    static char bodies[4][4096];
    static const char *paragraphs[4][2];
    static const char *const ids[] = { "a1", "a2", "a3", "x1" };
    static const char *const dates[] = { "2025-05-03", "2025-05-03", "2025-05-04", NULL };
    np_article arts[4];
    for (size_t i = 0; i < 4; i++) {
        pooled_text(950 + i, 1, 12, bodies[i], sizeof bodies[i]);
        paragraphs[i][0] = bodies[i];
        paragraphs[i][1] = i == 3 ? x_rounds : "He won in the sixth round.";
        arts[i] = make_article(ids[i], NULL, dates[i], paragraphs[i], 2);
    }
    np_engine *e = cluster_articles(arts, 4, NULL);
    if (!e)
        return -1;
    check_sane(e);
    np_result r[4];
    int ok = 1;
    for (size_t i = 0; i < 4 && ok; i++)
        ok = result_of(e, ids[i], 0, &r[i]);
    np_engine_free(e);
    if (!ok || r[1].story != r[0].story || r[2].story != r[0].story)
        return -1;
    return r[3].story == r[0].story;
}

/* A report that gives one word several numbers states no figure of its
 * own for it: x1, telling the fight round by round (the first round, the
 * fourth), joins the story whose reports say the sixth (before, the first
 * of its rounds in the tally's order stood for all of them and conflicted
 * with the sixth); a report whose one round is the fourth stays out. */
TEST(cluster_story_several_numbers_of_one_word_conflict_with_none)
{
    CHECK(rounds_report_joins("He was hurt in the first round and down in the fourth round.") == 1);
    CHECK(rounds_report_joins("He won in the fourth round.") == 0);
}

/* A report alone in its story, dated weeks after every other, joins the
 * story it is far more like than any other (story_lone.c): d1-d3 tell one
 * event (pool A) and e1-e3 another (pool B) on March 1-2; f1, on March 20,
 * draws nine tenths of its words from A and joins d1-d3 (before, no pass
 * looked past the windows: it was a story of its own).  When e1-e3 tell
 * an event of A's words too, on March 12 (the same kind of event again),
 * f1 is as like the one story as the other and stays alone. */
static int lone_report_story(double e_share, const char *e_date, np_result r[7])
{
    static const char *const ids[] = { "d1", "d2", "d3", "e1", "e2", "e3", "f1" };
    const char *const dates[] = { "2025-03-01", "2025-03-01", "2025-03-02", e_date, e_date, e_date, "2025-03-20" };
    const double a_share[] = { 1, 1, 1, e_share, e_share, e_share, 0.9 };
    return pooled_stories(7, a_share, ids, dates, 16, 300, r, NULL);
}

TEST(cluster_lone_report_joins_the_story_it_is_far_more_like)
{
    np_result r[7];
    REQUIRE(lone_report_story(0, "2025-03-02", r));
    CHECK(r[0].story == r[1].story && r[1].story == r[2].story);
    CHECK(r[3].story == r[4].story && r[4].story == r[5].story && r[0].story != r[3].story);
    CHECK(r[6].story == r[0].story);
    REQUIRE(lone_report_story(1, "2025-03-12", r));
    CHECK(r[0].story == r[1].story && r[1].story == r[2].story);
    CHECK(r[3].story == r[4].story && r[4].story == r[5].story && r[0].story != r[3].story);
    CHECK(r[6].story != r[0].story && r[6].story != r[3].story);
}

/* The lone reports weighed on threads (story_lone_reports' shares take
 * the units a chunk at a time) join the stories they join on one: GROUPS
 * groups of lone_report_story's first case, each of its own two pools of
 * words, a day apart, at one, two and three threads.  Most groups' f1
 * joins its d1-d3 (a group's result: its first article's story when its
 * f1 is in it); every article's story and storyline is the same at each
 * thread count. */
enum { LONE_GROUPS = 40, LONE_GROUP = 7 };

static np_engine *lone_groups(size_t threads)
{
    static char bodies[LONE_GROUPS * LONE_GROUP][4096];
    static char ids[LONE_GROUPS * LONE_GROUP][16], dates[LONE_GROUPS * LONE_GROUP][16];
    static const char *paragraphs[LONE_GROUPS * LONE_GROUP];
    static np_article arts[LONE_GROUPS * LONE_GROUP];
    for (size_t g = 0; g < LONE_GROUPS; g++)
        for (size_t i = 0; i < LONE_GROUP; i++) {
            size_t k = g * LONE_GROUP + i;
            double a_share = i < 3 ? 1 : i < 6 ? 0 : 0.9;
            int day = 1 + (int)(g % 20) + (i == 2 ? 1 : 0) + (i == 6 ? 19 : 0);
            pooled_text_of(20000 + g * 2 * 7919, 300 + i, a_share, 16, bodies[k], sizeof bodies[k]);
            snprintf(ids[k], sizeof ids[k], "g%02zu-%zu", g, i);
            snprintf(dates[k], sizeof dates[k], "2025-%02d-%02d", 3 + (int)(g / 20), day);
            paragraphs[k] = bodies[k];
            arts[k] = make_article(ids[k], NULL, dates[k], &paragraphs[k], 1);
        }
    return cluster_articles_on(arts, LONE_GROUPS * LONE_GROUP, NULL, threads);
}

TEST(cluster_lone_reports_on_threads_as_on_one)
{
    np_engine *one = lone_groups(1);
    REQUIRE(one != NULL);
    REQUIRE(np_engine_count(one) == LONE_GROUPS * LONE_GROUP);
    size_t joined = 0;
    for (size_t g = 0; g < LONE_GROUPS; g++) {
        np_result d, f;
        REQUIRE(np_engine_result(one, g * LONE_GROUP, &d) == NP_OK);
        REQUIRE(np_engine_result(one, g * LONE_GROUP + 6, &f) == NP_OK);
        joined += d.story == f.story;
    }
    CHECK(joined > LONE_GROUPS / 2);
    for (size_t threads = 2; threads <= 3; threads++) {
        np_engine *on = lone_groups(threads);
        REQUIRE(on != NULL);
        REQUIRE(np_engine_count(on) == LONE_GROUPS * LONE_GROUP);
        for (size_t k = 0; k < LONE_GROUPS * LONE_GROUP; k++) {
            np_result a, b;
            REQUIRE(np_engine_result(one, k, &a) == NP_OK);
            REQUIRE(np_engine_result(on, k, &b) == NP_OK);
            CHECK(strcmp(a.id, b.id) == 0 && a.story == b.story && a.storyline == b.storyline);
        }
        np_engine_free(on);
    }
    np_engine_free(one);
}

/* A story's first and last dates are its members' days: d2 joins d1 in the
 * first pass and moves to e1-e4's story in the refinement (its words are
 * more like theirs), and d1's story, which kept d2's day among its days,
 * published 2025-03-01 as its first date and none as its last (no member
 * had that day). */
TEST(cluster_story_dates_are_its_members)
{
    static const double a_share[] = { 1, 0.4, 0, 0, 0, 0 };
    static const char *const ids[] = { "d1", "d2", "e1", "e2", "e3", "e4" };
    static const char *const dates[] = { "2025-03-01", "2025-03-02", "2025-03-03",
                                         "2025-03-03", "2025-03-03", "2025-03-03" };
    np_result r[6];
    np_engine *e = NULL;
    REQUIRE(pooled_stories(6, a_share, ids, dates, 12, 500, r, &e));
    CHECK(r[1].story == r[2].story && r[0].story != r[1].story);
    np_story story;
    const char *kw[8];
    size_t n_kw;
    REQUIRE(np_engine_story(e, r[0].story, &story, kw, 8, &n_kw) == NP_OK);
    CHECK(story.first_date && strcmp(story.first_date, "2025-03-01") == 0);
    CHECK(story.last_date && strcmp(story.last_date, "2025-03-01") == 0);
    REQUIRE(np_engine_story(e, r[1].story, &story, kw, 8, &n_kw) == NP_OK);
    CHECK(story.first_date && strcmp(story.first_date, "2025-03-02") == 0);
    CHECK(story.last_date && strcmp(story.last_date, "2025-03-03") == 0);
    np_engine_free(e);
}

/* The results read in shares on threads (answer_results_from_engine_on,
 * cluster's JSONL and CSV) are those read on one: every field of every
 * article, at two and three threads (shares of 4,096 articles at least:
 * 9,000 articles make two and two), of copies and reports alike. */
TEST(cluster_answer_results_on_threads_as_on_one)
{
    enum { ARTS = 9000 };
    static const char *const topics[] = { "harbour strike", "river flood", "council vote", "mine rescue" };
    char(*bodies)[160] = malloc(ARTS * sizeof *bodies);
    char(*ids)[16] = malloc(ARTS * sizeof *ids);
    const char **paragraphs = malloc(ARTS * sizeof *paragraphs);
    REQUIRE(bodies && ids && paragraphs);
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    REQUIRE(np_engine_set_threads(e, 2) == NP_OK);
    for (size_t i = 0; i < ARTS; i++) {
        /* every third article a copy of the one before it */
        size_t told = i % 3 == 2 ? i - 1 : i;
        snprintf(bodies[i], sizeof bodies[i], "The %s in town %zu went on for %zu days, officials said on "
                 "Monday. Residents of district %zu waited.", topics[told % 4], told / 4, told % 9 + 2, told % 13);
        snprintf(ids[i], sizeof ids[i], "a%05zu", i);
        paragraphs[i] = bodies[i];
        np_article a = { .id = ids[i], .lang = "en", .timestamp = NP_NO_TIME, .paragraphs = &paragraphs[i],
                         .n_paragraphs = 1 };
        REQUIRE(np_engine_add(e, &a) == NP_OK);
    }
    REQUIRE(np_engine_run(e) == NP_OK);
    answer one;
    answer_init(&one);
    REQUIRE(answer_results_from_engine(&one, e) == NP_OK);
    size_t copies = 0;
    for (size_t i = 0; i < one.n_results; i++)
        copies += one.results[i].copy_of != NULL;
    CHECK(copies > 0);
    for (size_t threads = 2; threads <= 3; threads++) {
        answer on;
        answer_init(&on);
        REQUIRE(answer_results_from_engine_on(&on, e, threads) == NP_OK);
        CHECK(on.n_results == ARTS && on.n_storylines == one.n_storylines && on.n_stories == 0);
        /* np_engine_result clears each result before it sets it: padding too */
        CHECK(memcmp(on.results, one.results, ARTS * sizeof *one.results) == 0);
        answer_free(&on);
    }
    answer_free(&one);
    np_engine_free(e);
    free(bodies);
    free(ids);
    free(paragraphs);
}
