/* unit_no_rewrites: copies without rewrites (np_engine_no_rewrites,
 * `cluster --copies-only --no-rewrites`).  On a corpus written for the
 * test, holding exact and near copies, excerpts, rewrites and short briefs
 * edited in two places, its links are a copies-only run's less the
 * rewrites, field by field, and its families and originals those of these
 * links; the same at any thread count; its fingerprints are smaller and
 * only an engine without rewrites takes them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/engine.h"
#include "cluster/stages.h"
#include "test.h"

/* Made-up words of four syllables (none a stopword), sentences of twelve,
 * the first word capitalised so that the sentences are told apart. */
enum { BASES = 240, SENTENCES = 10, SENTENCE_WORDS = 12, BRIEF_WORDS = 30, MOST_ARTICLES = 2 * BASES };

static const char *const syllables[16] = { "ka", "ro", "ve", "tu", "mi", "sa", "lo", "de",
                                           "ni", "po", "ga", "fe", "zu", "bi", "ha", "qo" };

typedef struct corpus {
    np_article arts[MOST_ARTICLES];
    char ids[MOST_ARTICLES][16];
    char *bodies[MOST_ARTICLES];
    const char *paragraph[MOST_ARTICLES][1];
    size_t n;
} corpus;

static uint64_t next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return *state >> 33;
}

/* Word `w` of base text b (the same word each time it is asked for),
 * changed when `other` (a rewrite's word, an edit). */
static size_t put_word(char *out, uint32_t b, uint32_t w, uint32_t other, int capital)
{
    uint64_t state = (uint64_t)b * 1000003u + w * 7919u + other * 104729u + 17;
    size_t len = 0;
    for (int k = 0; k < 4; k++) {
        const char *syl = syllables[next_random(&state) % 16];
        out[len++] = (char)(k == 0 && capital ? syl[0] - 'a' + 'A' : syl[0]);
        out[len++] = syl[1];
    }
    return len;
}

/* The body of a variant of base b: sentences [0, n_sentences) of twelve
 * words, where `changed(s, w)` says which words are another's. */
typedef enum { WHOLE, ONE_EDIT, REWORDED } variant;

static char *text_of(uint32_t b, size_t n_sentences, variant v)
{
    char *t = malloc(n_sentences * SENTENCE_WORDS * 10 + 1);
    if (!t)
        return NULL;
    size_t len = 0;
    for (uint32_t s = 0; s < n_sentences; s++) {
        for (uint32_t w = 0; w < SENTENCE_WORDS; w++) {
            /* a rewrite re-says each sentence with a quarter of its words
             * changed (kept in order: most of its stems aligned, none of
             * its 5-word shingles); an edit changes one word of the first */
            uint32_t other = (v == REWORDED && w % 4 == 2) || (v == ONE_EDIT && s == 0 && w == 5);
            len += put_word(t + len, b, s * SENTENCE_WORDS + w, other, w == 0);
            t[len++] = w + 1 == SENTENCE_WORDS ? '.' : ' ';
        }
        t[len++] = ' ';
    }
    t[len ? len - 1 : 0] = '\0';
    return t;
}

/* A brief of BRIEF_WORDS words with a number in it; `edited`: two words
 * changed, `renumbered` the number changed as well. */
static char *brief_of(uint32_t b, int edited, int renumbered)
{
    char *t = malloc(BRIEF_WORDS * 10 + 16);
    if (!t)
        return NULL;
    size_t len = 0;
    for (uint32_t w = 0; w < BRIEF_WORDS; w++) {
        if (w == 14) {
            len += (size_t)sprintf(t + len, "%u ", renumbered ? 4100 + b : 2100 + b);
            continue;
        }
        uint32_t other = edited && (w == 8 || w == 22);
        len += put_word(t + len, b + 100000, w, other, w == 0);
        t[len++] = w + 1 == BRIEF_WORDS ? '.' : ' ';
    }
    t[len] = '\0';
    return t;
}

static void add_article(corpus *c, const char *prefix, uint32_t b, char *body)
{
    size_t i = c->n++;
    snprintf(c->ids[i], sizeof c->ids[i], "%s%03u", prefix, b);
    c->bodies[i] = body;
    c->paragraph[i][0] = body ? body : "";
    c->arts[i] = (np_article){ .id = c->ids[i], .lang = "en", .timestamp = NP_NO_TIME, .paragraphs = c->paragraph[i],
                               .n_paragraphs = 1, .words = body ? strlen(body) / 8 : 0 };
}

/* `bases` bases, each with a copy of one kind by b % 5: exact, near (one
 * word changed), excerpt (its first four sentences), rewrite, and a brief
 * edited in two places (every other one renumbered too: no copy). */
static void make_corpus(corpus *c, size_t bases)
{
    memset(c, 0, sizeof *c);
    for (uint32_t b = 0; b < bases; b++) {
        int kind = (int)(b % 5);
        if (kind == 4) {
            add_article(c, "brief", b, brief_of(b, 0, 0));
            add_article(c, "brief-edit", b, brief_of(b, 1, b % 10 == 9));
            continue;
        }
        add_article(c, "base", b, text_of(b, SENTENCES, WHOLE));
        if (kind == 0)
            add_article(c, "exact", b, text_of(b, SENTENCES, WHOLE));
        else if (kind == 1)
            add_article(c, "near", b, text_of(b, SENTENCES, ONE_EDIT));
        else if (kind == 2)
            add_article(c, "excerpt", b, text_of(b, 4, WHOLE));
        else
            add_article(c, "rewrite", b, text_of(b, SENTENCES, REWORDED));
    }
}

static void corpus_free(corpus *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->bodies[i]);
}

/* An engine of the corpus, copies-only or without rewrites, run on
 * `threads` threads; NULL when it failed. */
static np_engine *run_engine(const corpus *c, int no_rewrites, size_t threads)
{
    np_engine *e = NULL;
    if (np_engine_new(&e, NULL, NULL) != NP_OK)
        return NULL;
    int ok = (no_rewrites ? np_engine_no_rewrites(e) : np_engine_copies_only(e)) == NP_OK &&
             np_engine_set_threads(e, threads) == NP_OK;
    for (size_t i = 0; ok && i < c->n; i++)
        ok = np_engine_add(e, &c->arts[i]) == NP_OK;
    if (!ok || np_engine_run(e) != NP_OK) {
        np_engine_free(e);
        return NULL;
    }
    return e;
}

static int same_link(const copy_link *x, const copy_link *y)
{
    return x->a == y->a && x->b == y->b && x->kind == y->kind && x->score == y->score && x->jaccard == y->jaccard &&
           x->containment == y->containment && x->aligned == y->aligned && x->ordered == y->ordered &&
           x->vocabulary == y->vocabulary && x->shared_sentences == y->shared_sentences;
}

/* Every article's answer alike in both engines. */
static int answers_alike(const np_engine *a, const np_engine *b)
{
    if (np_engine_count(a) != np_engine_count(b))
        return 0;
    for (size_t i = 0; i < np_engine_count(a); i++) {
        np_result x, y;
        if (np_engine_result(a, i, &x) != NP_OK || np_engine_result(b, i, &y) != NP_OK || !test_results_alike(&x, &y))
            return 0;
    }
    return 1;
}

static size_t count_relation(const np_engine *e, const char *relation)
{
    size_t n = 0;
    for (size_t i = 0; i < np_engine_count(e); i++) {
        np_result r;
        n += np_engine_result(e, i, &r) == NP_OK && strcmp(r.relation, relation) == 0;
    }
    return n;
}

TEST(no_rewrites_links_are_copies_only_less_rewrites)
{
    static corpus c;
    make_corpus(&c, BASES);
    np_engine *all = run_engine(&c, 0, 1), *lean = run_engine(&c, 1, 1);
    REQUIRE(all != NULL && lean != NULL);
    /* the copies-only run finds every kind, rewrites among them */
    size_t kinds[LINK_REWRITE + 1] = { 0 };
    for (size_t i = 0; i < all->n_links; i++)
        kinds[all->links[i].kind]++;
    CHECK(kinds[LINK_EXACT] >= BASES / 5 && kinds[LINK_EXCERPT] >= BASES / 5 && kinds[LINK_REWRITE] >= BASES / 5);
    CHECK(kinds[LINK_NEAR] >= BASES / 5 + BASES / 10); /* the near copies and the briefs kept the same number */
    CHECK(count_relation(all, "rewrite") >= BASES / 5);
    /* without rewrites: the same links less those, each with its evidence */
    copy_link *kept = malloc((all->n_links + 1) * sizeof *kept);
    REQUIRE(kept != NULL);
    size_t n_kept = 0;
    for (size_t i = 0; i < all->n_links; i++)
        if (all->links[i].kind != LINK_REWRITE)
            kept[n_kept++] = all->links[i];
    CHECK(lean->n_links == n_kept);
    for (size_t i = 0; i < n_kept && i < lean->n_links; i++)
        CHECK(same_link(&kept[i], &lean->links[i]));
    CHECK(count_relation(lean, "rewrite") == 0);
    /* its families and originals those of these links: a copies-only
     * engine given them (stage_run_with_links takes the array over) */
    np_engine *given = NULL;
    REQUIRE(np_engine_new(&given, NULL, NULL) == NP_OK && np_engine_copies_only(given) == NP_OK &&
            stage_expect_links(given) == NP_OK);
    for (size_t i = 0; i < c.n; i++)
        REQUIRE(np_engine_add(given, &c.arts[i]) == NP_OK);
    REQUIRE(stage_run_with_links(given, kept, n_kept) == NP_OK);
    CHECK(answers_alike(lean, given));
    /* what was left out: the terms and sentence stems of the texts of
     * SHORT_PAIR_WORDS words or more (the briefs and excerpts keep theirs) */
    np_engine_stats x, y;
    np_engine_stats_get(lean, &x);
    np_engine_stats_get(all, &y);
    CHECK(x.held[NP_HELD_TERMS] < y.held[NP_HELD_TERMS] / 2);
    CHECK(x.held[NP_HELD_SENT_STEMS] < y.held[NP_HELD_SENT_STEMS] / 2);
    np_engine_free(given);
    np_engine_free(all);
    np_engine_free(lean);
    corpus_free(&c);
}

TEST(no_rewrites_same_at_any_thread_count)
{
    static corpus c;
    make_corpus(&c, BASES);
    np_engine *one = run_engine(&c, 1, 1);
    REQUIRE(one != NULL);
    CHECK(one->n_links >= BASES / 2);
    for (size_t threads = 2; threads <= 4; threads++) {
        np_engine *more = run_engine(&c, 1, threads);
        REQUIRE(more != NULL);
        CHECK(more->n_links == one->n_links);
        for (size_t i = 0; i < one->n_links && i < more->n_links; i++)
            CHECK(same_link(&one->links[i], &more->links[i]));
        CHECK(answers_alike(one, more));
        np_engine_free(more);
    }
    np_engine_free(one);
    corpus_free(&c);
}

TEST(no_rewrites_prints)
{
    static corpus c;
    make_corpus(&c, 20);
    np_fingerprinter *lean = NULL, *copies = NULL, *whole = NULL;
    REQUIRE(np_fingerprinter_new(&lean, NULL) == NP_OK && np_fingerprinter_new(&copies, NULL) == NP_OK &&
            np_fingerprinter_new(&whole, NULL) == NP_OK);
    REQUIRE(np_fingerprinter_no_rewrites(lean) == NP_OK && np_fingerprinter_copies_only(copies) == NP_OK);
    CHECK(np_fingerprinter_no_rewrites(NULL) == NP_EPARAM);
    /* own: its own prints; taking: the copies-only and whole ones, which
     * an engine without rewrites takes too; refusing: copies-only */
    np_engine *own = NULL, *taking = NULL, *refusing = NULL;
    REQUIRE(np_engine_new(&own, NULL, NULL) == NP_OK && np_engine_no_rewrites(own) == NP_OK);
    REQUIRE(np_engine_new(&taking, NULL, NULL) == NP_OK && np_engine_no_rewrites(taking) == NP_OK);
    REQUIRE(np_engine_new(&refusing, NULL, NULL) == NP_OK && np_engine_copies_only(refusing) == NP_OK);
    size_t smaller = 0, longer = 0;
    for (size_t i = 0; i < c.n; i++) {
        const void *data, *other;
        size_t size, other_size;
        REQUIRE(np_fingerprint(lean, &c.arts[i], &data, &size) == NP_OK);
        CHECK(np_engine_add_fingerprint(own, data, size) == NP_OK);
        CHECK(np_engine_add_fingerprint(refusing, data, size) == NP_EINPUT);
        REQUIRE(np_fingerprint(copies, &c.arts[i], &other, &other_size) == NP_OK);
        CHECK(size <= other_size);
        smaller += size < other_size;
        /* under SHORT_PAIR_WORDS words (the briefs, the excerpts) its terms are kept */
        longer += strncmp(c.arts[i].id, "brief", 5) != 0 && strncmp(c.arts[i].id, "excerpt", 7) != 0;
        CHECK(np_engine_add_fingerprint(taking, other, other_size) == NP_OK);
        REQUIRE(np_fingerprint(whole, &c.arts[i], &other, &other_size) == NP_OK);
        CHECK(np_engine_add_fingerprint(refusing, other, other_size) == NP_OK);
    }
    CHECK(smaller == longer && longer > 0);
    /* a long text's print holds no sentence stem: nothing is coded for
     * it, and each of its sentences reads 0 stems; a short one's are */
    size_t uncoded = 0;
    for (size_t a = 0; a < own->n_arts; a++) {
        const art *r = &own->arts[a];
        uint32_t sizes[64];
        REQUIRE(r->sent_count <= 64);
        memset(sizes, 0xff, sizeof sizes);
        size_t n = engine_sentence_stem_count(own, r);
        CHECK(engine_sentence_stems(own, r, NULL, NULL, 0, sizes) == n);
        if (r->stem_rice != STEM_RICE_NONE) {
            CHECK(n > 0 && r->stem_rice < 32);
            continue;
        }
        uncoded++;
        CHECK(n == 0);
        for (uint32_t s = 0; s < r->sent_count; s++)
            CHECK(sizes[s] == 0);
    }
    CHECK(uncoded == longer);
    CHECK(strstr(np_errmsg(refusing), "rewrites") != NULL);
    CHECK(np_engine_run(own) == NP_OK && np_engine_run(taking) == NP_OK);
    CHECK(answers_alike(own, taking));
    /* too late once articles are in; np_engine_no_rewrites is copies-only too */
    CHECK(np_engine_no_rewrites(own) == NP_EPARAM && np_engine_no_rewrites(NULL) == NP_EPARAM);
    CHECK(np_engine_story_count(own) == 0);
    np_engine_free(own);
    np_engine_free(taking);
    np_engine_free(refusing);
    np_fingerprinter_free(lean);
    np_fingerprinter_free(copies);
    np_fingerprinter_free(whole);
    corpus_free(&c);
}
