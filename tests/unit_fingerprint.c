/* unit_fingerprint: fingerprints made apart from the engine
 * (np_fingerprint, np_engine_add_fingerprint) give the answer of
 * np_engine_add; damaged fingerprints are refused; the copies-only mode
 * finds the same copies without stories; the candidate stage's counts of
 * shared keys are those of a plain count, and its LSH pairs those of every
 * band's runs. */
#include <stdint.h>
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/engine.h"
#include "cluster/sharing.h"
#include "cluster/stages.h"
#include "common/alloc.h"
#include "test.h"
#include "text/clean.h"
#include "text/wordhash.h"

enum { N_ARTICLES = 6 };

static const char *const flood[] = {
    "Heavy rain sent the Marrow River over its banks on Tuesday, flooding two hundred homes in "
    "the town of Eastwick and closing the main bridge to traffic.",
    "Mayor Clara Voss said 340 residents had spent the night in the sports hall, and that the "
    "water was expected to fall by Thursday if the rain eased.",
    "The Eastwick fire service rescued eleven people from the roofs of cars on Mill Lane, "
    "according to a statement released late on Tuesday evening.",
};
static const char *const flood_near[] = {
    "Heavy rain sent the Marrow River over its banks on Tuesday, flooding two hundred homes in "
    "the town of Eastwick and closing the main bridge to all traffic.",
    "Mayor Clara Voss said 340 residents had spent the night in the sports hall, and that the "
    "water was expected to fall by Thursday if the rain eased.",
    "The Eastwick fire service rescued eleven people from the roofs of cars on Mill Lane, "
    "according to a statement released late on Tuesday evening.",
};
static const char *const budget[] = {
    "The finance minister of Norland, Pieter Hals, presented a budget on Monday that raises the "
    "tax on tobacco by 12 percent and cuts spending on roads.",
    "Opposition leaders called the plan a gamble and said they would vote against it when "
    "parliament meets in Ostberg next week.",
};
static const char *const budget_report[] = {
    "Norland's parliament will debate Pieter Hals's budget next week in Ostberg, where the "
    "opposition has promised to fight the tobacco tax rise of 12 percent.",
    "Road builders warned that the cuts would delay the northern motorway by two years.",
};
static const char *const attribution[] = { "Reuters", NULL, "AFP" };

static np_article articles[N_ARTICLES];

static void make_articles(void)
{
    memset(articles, 0, sizeof articles);
    const char *ids[N_ARTICLES] = { "f1", "f2", "f3", "b1", "b2", "e1" };
    const char *titles[N_ARTICLES] = { "Eastwick flooded as the Marrow bursts its banks",
                                       "Eastwick flooded as the Marrow bursts its banks",
                                       "Floods in Eastwick", "Norland budget taxes tobacco",
                                       "Budget fight ahead in Ostberg", NULL };
    const char *dates[N_ARTICLES] = { "2025-03-04", "2025-03-04", "2025-03-05",
                                      "2025-03-03", "2025-03-04", NULL };
    for (size_t i = 0; i < N_ARTICLES; i++) {
        articles[i].id = ids[i];
        articles[i].title = titles[i];
        articles[i].date = dates[i];
        articles[i].timestamp = NP_NO_TIME;
        articles[i].lang = "en";
        articles[i].words = 60;
    }
    articles[0].paragraphs = flood, articles[0].n_paragraphs = 3;
    articles[1].paragraphs = flood, articles[1].n_paragraphs = 3;
    articles[1].source = "wire.example";
    articles[1].attribution = attribution, articles[1].n_attribution = 3;
    articles[2].paragraphs = flood_near, articles[2].n_paragraphs = 3;
    articles[2].url = "https://news.example/floods";
    articles[3].paragraphs = budget, articles[3].n_paragraphs = 2;
    articles[4].paragraphs = budget_report, articles[4].n_paragraphs = 2;
    articles[4].month_day = 304;
    /* e1: no paragraphs at all */
}

/* Every answer of two engines, compared field by field (the stories'
 * keywords too if `keywords`). */
static int answers_agree(const np_engine *a, const np_engine *b, int keywords)
{
    if (np_engine_count(a) != np_engine_count(b) ||
        np_engine_story_count(a) != np_engine_story_count(b) ||
        np_engine_storyline_count(a) != np_engine_storyline_count(b))
        return 0;
#define SAME_STR(x, y) test_same_string((x), (y))
    for (size_t i = 0; i < np_engine_count(a); i++) {
        np_result x, y;
        if (np_engine_result(a, i, &x) != NP_OK || np_engine_result(b, i, &y) != NP_OK || !test_results_alike(&x, &y))
            return 0;
    }
    for (size_t s = 0; s < np_engine_story_count(a); s++) {
        np_story x, y;
        const char *kx[8], *ky[8];
        size_t nx = 0, ny = 0;
        if (np_engine_story(a, s, &x, kx, 8, &nx) != NP_OK || np_engine_story(b, s, &y, ky, 8, &ny) != NP_OK)
            return 0;
        if (x.n_articles != y.n_articles || x.storyline != y.storyline || !SAME_STR(x.title, y.title) ||
            !SAME_STR(x.first_date, y.first_date) || !SAME_STR(x.last_date, y.last_date) || (keywords && nx != ny))
            return 0;
        for (size_t k = 0; keywords && k < nx; k++)
            if (!SAME_STR(kx[k], ky[k]))
                return 0;
        for (size_t m = 0; m < x.n_articles; m++)
            if (np_engine_story_article(a, s, m) != np_engine_story_article(b, s, m))
                return 0;
    }
#undef SAME_STR
    return 1;
}

static int same_answers(const np_engine *a, const np_engine *b)
{
    return answers_agree(a, b, 1);
}

static np_engine *engine_by_add(int copies_only)
{
    np_engine *e = NULL;
    if (np_engine_new(&e, NULL, NULL) != NP_OK)
        return NULL;
    if (copies_only && np_engine_copies_only(e) != NP_OK) {
        np_engine_free(e);
        return NULL;
    }
    for (size_t i = 0; i < N_ARTICLES; i++)
        if (np_engine_add(e, &articles[i]) != NP_OK) {
            np_engine_free(e);
            return NULL;
        }
    if (np_engine_run(e) != NP_OK) {
        np_engine_free(e);
        return NULL;
    }
    return e;
}

TEST(fingerprint_same_answer_as_add)
{
    make_articles();
    np_engine *want = engine_by_add(0);
    REQUIRE(want != NULL);
    CHECK(np_engine_story_count(want) >= 2);
    /* two fingerprinters taking turns, as two threads would */
    np_fingerprinter *fp[2] = { NULL, NULL };
    REQUIRE(np_fingerprinter_new(&fp[0], NULL) == NP_OK);
    REQUIRE(np_fingerprinter_new(&fp[1], NULL) == NP_OK);
    np_engine *got = NULL;
    REQUIRE(np_engine_new(&got, NULL, NULL) == NP_OK);
    for (size_t i = 0; i < N_ARTICLES; i++) {
        const void *data = NULL;
        size_t size = 0;
        CHECK(np_fingerprint(fp[i % 2], &articles[i], &data, &size) == NP_OK);
        CHECK(data != NULL && size > 0);
        CHECK(np_engine_add_fingerprint(got, data, size) == NP_OK);
    }
    CHECK(np_engine_run(got) == NP_OK);
    CHECK(same_answers(want, got));
    np_engine_free(got);
    np_engine_free(want);
    np_fingerprinter_free(fp[0]);
    np_fingerprinter_free(fp[1]);
    np_fingerprinter_free(NULL);
}

/* Article r's terms as the engine gives them back (engine_terms), in
 * arrays of the caller's (free them). */
typedef struct held_terms {
    uint32_t *stems, *tfs;
    uint8_t *flags;
} held_terms;

static held_terms held_terms_of(const np_engine *e, const art *r)
{
    size_t n = (size_t)r->term_count + r->fact_count + 1;
    held_terms h = { malloc(n * sizeof *h.stems), malloc(n * sizeof *h.tfs), malloc(n) };
    if (h.stems && h.tfs && h.flags)
        engine_terms(e, r, h.stems, h.tfs, h.flags);
    return h;
}

static void held_terms_free(held_terms *h)
{
    free(h->stems);
    free(h->tfs);
    free(h->flags);
}

/* The engine's two intakes keep the same: a print this process made
 * (engine_add_own_print, not checked through) and the same bytes from
 * elsewhere (np_engine_add_fingerprint, checked whole), pool by pool, a
 * tf past TF_BIG included; an own print whose sections do not fill its
 * size, or a copies-only one for a story engine, is still refused. */
TEST(fingerprint_own_prints_as_checked)
{
    enum { REPEATS = TF_BIG + 9 };
    char *repeated = malloc(REPEATS * 7 + 1), *p; /* "flood. " at most */
    REQUIRE(repeated != NULL);
    p = repeated;
    for (size_t k = 0; k < REPEATS; k++)
        p += sprintf(p, "%s", k % 10 == 9 ? "flood. " : "flood ");
    make_articles();
    np_article big = articles[2];
    const char *big_text[] = { flood[1], repeated };
    big.id = "big", big.paragraphs = big_text, big.n_paragraphs = 2;
    const np_article *list[] = { &articles[0], &big, &articles[1], &articles[2], &articles[3],
                                 &articles[4], &articles[5] };
    enum { N_LIST = sizeof list / sizeof *list };
    np_fingerprinter *fp = NULL, *lean = NULL;
    np_engine *own = NULL, *checked = NULL;
    REQUIRE(np_fingerprinter_new(&fp, NULL) == NP_OK && np_fingerprinter_new(&lean, NULL) == NP_OK);
    REQUIRE(np_fingerprinter_copies_only(lean) == NP_OK);
    REQUIRE(np_engine_new(&own, NULL, NULL) == NP_OK && np_engine_new(&checked, NULL, NULL) == NP_OK);
    for (size_t i = 0; i < N_LIST; i++) {
        const void *data;
        size_t size;
        REQUIRE(np_fingerprint(fp, list[i], &data, &size) == NP_OK);
        CHECK(engine_add_own_print(own, (own_print){ data, size }) == NP_OK);
        CHECK(np_engine_add_fingerprint(checked, data, size) == NP_OK);
        if (i == 0) {
            CHECK(engine_add_own_print(own, (own_print){ data, size - 8 }) == NP_EINPUT);
            CHECK(engine_add_own_print(own, (own_print){ NULL, size }) == NP_EPARAM);
            CHECK(engine_add_own_print(NULL, (own_print){ data, size }) == NP_EPARAM);
            const void *lean_data;
            size_t lean_size;
            REQUIRE(np_fingerprint(lean, list[i], &lean_data, &lean_size) == NP_OK);
            CHECK(engine_add_own_print(own, (own_print){ lean_data, lean_size }) == NP_EINPUT);
            CHECK(strstr(np_errmsg(own), "copies-only") != NULL);
        }
    }
    REQUIRE(own->n_arts == N_LIST && checked->n_arts == N_LIST);
    CHECK(own->n_terms == checked->n_terms && own->n_sents == checked->n_sents &&
          own->n_stems == checked->n_stems && own->n_shingles == checked->n_shingles &&
          own->n_nouns == checked->n_nouns && own->strings.len == checked->strings.len);
    CHECK(memcmp(own->arts, checked->arts, N_LIST * sizeof *own->arts) == 0);
    CHECK(own->n_term_bytes == checked->n_term_bytes);
    CHECK(memcmp(own->terms, checked->terms, own->n_term_bytes) == 0);
    held_terms big_terms = held_terms_of(own, &own->arts[1]);
    REQUIRE(big_terms.tfs != NULL);
    uint32_t most = 0;
    for (uint32_t t = 0; t < own->arts[1].term_count; t++)
        most = big_terms.tfs[t] > most ? big_terms.tfs[t] : most;
    CHECK(most >= TF_BIG);
    held_terms_free(&big_terms);
    CHECK(memcmp(own->stems, checked->stems, own->n_stems) == 0);
    CHECK(memcmp(own->sent_hashes, checked->sent_hashes, own->n_sents * sizeof *own->sent_hashes) == 0);
    CHECK(memcmp(own->sigs, checked->sigs, N_LIST * MINHASH_K * sizeof *own->sigs) == 0);
    CHECK(memcmp(own->strings.data, checked->strings.data, own->strings.len) == 0);
    CHECK(np_engine_run(own) == NP_OK && np_engine_run(checked) == NP_OK);
    CHECK(same_answers(own, checked));
    np_engine_free(own);
    np_engine_free(checked);
    np_fingerprinter_free(fp);
    np_fingerprinter_free(lean);
    free(repeated);
}

/* Once the vocabulary is built (build_vocabulary, as a run starts) the
 * articles' terms are coded by their stems' ids (term_ids.c): fewer bytes,
 * every stem, count and flag as before (engine_terms), the words' ids
 * ascending with their stems below fact_id_base, one for each stem some
 * article has as a word, the facts' ascending from there, one for each
 * fact's stem, each id's stem and df those of the dictionary and of a
 * plain count, the vocabulary given back; a copies-only engine's too
 * (engine_copies_only_terms_by_id). */
TEST(engine_terms_coded_by_id)
{
    make_articles();
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    for (size_t i = 0; i < N_ARTICLES; i++)
        CHECK(np_engine_add(e, &articles[i]) == NP_OK);
    held_terms before[N_ARTICLES];
    for (size_t i = 0; i < N_ARTICLES; i++) {
        before[i] = held_terms_of(e, &e->arts[i]);
        REQUIRE(before[i].flags != NULL);
    }
    size_t stem_bytes = e->n_term_bytes;
    REQUIRE(build_vocabulary(e) == NP_OK);
    REQUIRE(e->stem_of_id != NULL && e->df_of_id != NULL);
    CHECK(e->n_term_bytes < stem_bytes && e->vocab == NULL);
    CHECK(e->fact_id_base > 0 && e->fact_id_base < e->n_ids);
    for (size_t id = 1; id < e->n_ids; id++)
        CHECK(id == e->fact_id_base || e->stem_of_id[id - 1] < e->stem_of_id[id]);
    size_t word_stems = 0, fact_stems = 0; /* distinct, counted */
    for (size_t i = 0; i < N_ARTICLES; i++) {
        const art *r = &e->arts[i];
        for (uint32_t t = 0; t < r->term_count + r->fact_count; t++) {
            int is_fact = t >= r->term_count, met = 0;
            for (size_t j = 0; j <= i && !met; j++) {
                const art *q = &e->arts[j];
                uint32_t from = is_fact ? q->term_count : 0, to = is_fact ? q->term_count + q->fact_count : q->term_count;
                for (uint32_t u = from; u < to && !met; u++)
                    met = (j < i || u < t) && before[j].stems[u] == before[i].stems[t];
            }
            word_stems += !is_fact && !met;
            fact_stems += is_fact && !met;
        }
    }
    CHECK(e->fact_id_base == word_stems && e->n_ids == word_stems + fact_stems && fact_stems > 0);
    for (size_t i = 0; i < N_ARTICLES; i++) {
        const art *r = &e->arts[i];
        uint32_t n = r->term_count + r->fact_count;
        held_terms after = held_terms_of(e, r);
        uint32_t *ids = malloc((n + 1) * sizeof *ids), *tfs = malloc((n + 1) * sizeof *tfs);
        uint8_t *flags = malloc(n + 1);
        REQUIRE(after.flags != NULL && ids && tfs && flags);
        engine_term_ids(e, r, ids, tfs, flags);
        for (uint32_t t = 0; t < n; t++) {
            CHECK(after.stems[t] == before[i].stems[t] && after.tfs[t] == before[i].tfs[t] &&
                  after.flags[t] == before[i].flags[t]);
            CHECK(ids[t] < e->n_ids && e->stem_of_id[ids[t]] == before[i].stems[t]);
            CHECK(t < r->term_count ? ids[t] < e->fact_id_base : ids[t] >= e->fact_id_base);
            CHECK(engine_id_stem(e, ids[t]) == before[i].stems[t] && tfs[t] == before[i].tfs[t]);
            CHECK(t == 0 || t == r->term_count || ids[t - 1] < ids[t]);
            uint32_t df = 0; /* the articles holding the stem, counted */
            for (size_t j = 0; j < N_ARTICLES; j++) {
                uint32_t m = e->arts[j].term_count + e->arts[j].fact_count, has = 0;
                for (uint32_t u = 0; u < m; u++)
                    has |= before[j].stems[u] == before[i].stems[t];
                df += has;
            }
            CHECK(engine_id_df(e, ids[t]) == df);
        }
        held_terms_free(&after);
        free(ids);
        free(tfs);
        free(flags);
    }
    for (size_t i = 0; i < N_ARTICLES; i++)
        held_terms_free(&before[i]);
    np_engine_free(e);
    np_engine *copies = NULL;
    REQUIRE(np_engine_new(&copies, NULL, NULL) == NP_OK && np_engine_copies_only(copies) == NP_OK);
    for (size_t i = 0; i < N_ARTICLES; i++)
        CHECK(np_engine_add(copies, &articles[i]) == NP_OK);
    REQUIRE(build_vocabulary(copies) == NP_OK);
    CHECK(copies->stem_of_id != NULL && copies->vocab == NULL);
    np_engine_free(copies);
}

/* The vocabulary counted on threads (build_vocabulary: shares taking
 * blocks of the articles in turn, their counts added up) is the one
 * counted on one thread: the same stems, ids and dfs.  Enough terms that
 * two threads make two shares (2^16 terms a share at least), and articles
 * for several blocks (VOCAB_BLOCK).  An allocation failing
 * there is NP_ENOMEM with nothing leaked. */
TEST(engine_vocabulary_on_threads_as_on_one)
{
    enum { ARTS = 480, WORDS = 500, LEXICON = 6000 };
    static const char *const syllables[] = { "ba", "ko", "ri", "tu", "me", "sa", "lo", "vi", "ne", "du",
                                             "pa", "ge", "mo", "fi", "ra", "zu" };
    char *bodies[ARTS];
    char ids[ARTS][16];
    const char *paragraph[ARTS][1];
    np_article arts[ARTS];
    uint64_t seed = 0x2545F4914F6CDD1DULL;
    for (size_t i = 0; i < ARTS; i++) {
        bodies[i] = malloc(WORDS * 12 + 2);
        REQUIRE(bodies[i] != NULL);
        size_t len = 0;
        for (size_t w = 0; w < WORDS; w++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            /* a word of the lexicon: four syllables picked by its number;
             * articles share the words of a low number more often */
            uint32_t word = (uint32_t)((seed >> 16) % LEXICON) % (uint32_t)(1 + (seed >> 40) % LEXICON);
            for (int k = 0; k < 4; k++, word /= 16)
                len += (size_t)sprintf(bodies[i] + len, "%s", syllables[word % 16]);
            bodies[i][len++] = (w + 1) % 12 == 0 ? '.' : ' ';
            if ((w + 1) % 12 == 0)
                bodies[i][len++] = ' ';
        }
        bodies[i][len] = '\0';
        snprintf(ids[i], sizeof ids[i], "v%zu", i);
        paragraph[i][0] = bodies[i];
        arts[i] = (np_article){ .id = ids[i], .lang = "en", .timestamp = NP_NO_TIME, .paragraphs = paragraph[i],
                                .n_paragraphs = 1 };
    }
    np_engine *e[2] = { NULL, NULL };
    for (size_t k = 0; k < 2; k++) {
        REQUIRE(np_engine_new(&e[k], NULL, NULL) == NP_OK);
        REQUIRE(np_engine_set_threads(e[k], k + 1) == NP_OK);
        for (size_t i = 0; i < ARTS; i++)
            REQUIRE(np_engine_add(e[k], &arts[i]) == NP_OK);
        REQUIRE(build_vocabulary(e[k]) == NP_OK);
    }
    CHECK(e[1]->n_terms >= 2u << 16); /* two shares */
    REQUIRE(e[0]->stem_of_id != NULL && e[1]->stem_of_id != NULL);
    CHECK(e[0]->n_vocab == e[1]->n_vocab && e[0]->n_vocab > 1000);
    CHECK(memcmp(e[0]->stem_of_id, e[1]->stem_of_id, e[0]->n_vocab * sizeof *e[0]->stem_of_id) == 0);
    CHECK(memcmp(e[0]->df_of_id, e[1]->df_of_id, e[0]->n_vocab * sizeof *e[0]->df_of_id) == 0);
    CHECK(e[0]->n_term_bytes == e[1]->n_term_bytes);
    CHECK(memcmp(e[0]->terms, e[1]->terms, e[0]->n_term_bytes) == 0);
    uint32_t most = 0; /* a word in most articles: counted in both shares */
    for (size_t id = 0; id < e[1]->n_vocab; id++)
        most = e[1]->df_of_id[id] > most ? e[1]->df_of_id[id] : most;
    CHECK(most > ARTS / 2);
    for (size_t k = 0; k < 2; k++)
        np_engine_free(e[k]);
    /* each allocation of the two shares' count failing in turn: NP_ENOMEM
     * (or NP_OK, when what failed had a way round), nothing leaked */
    failing_alloc f;
    failing_alloc_init(&f, 0);
    np_engine *counted = NULL;
    REQUIRE(np_engine_new(&counted, NULL, &f.allocator) == NP_OK);
    REQUIRE(np_engine_set_threads(counted, 2) == NP_OK);
    for (size_t i = 0; i < ARTS; i++)
        REQUIRE(np_engine_add(counted, &arts[i]) == NP_OK);
    unsigned long before = atomic_load(&f.calls);
    REQUIRE(build_vocabulary(counted) == NP_OK);
    unsigned long during = atomic_load(&f.calls) - before;
    np_engine_free(counted);
    CHECK(atomic_load(&f.live) == 0);
    CHECK(during >= 6); /* two shares' tables and stems, their sum, the vocabulary, ... */
    for (unsigned long k = 1; k <= during; k++) {
        failing_alloc_init(&f, before + k);
        np_engine *x = NULL;
        REQUIRE(np_engine_new(&x, NULL, &f.allocator) == NP_OK);
        REQUIRE(np_engine_set_threads(x, 2) == NP_OK);
        for (size_t i = 0; i < ARTS; i++)
            REQUIRE(np_engine_add(x, &arts[i]) == NP_OK);
        np_status st = build_vocabulary(x);
        CHECK(st == NP_ENOMEM || st == NP_OK);
        np_engine_free(x);
        CHECK(atomic_load(&f.live) == 0);
    }
    for (size_t i = 0; i < ARTS; i++)
        free(bodies[i]);
}

/* Sentence number `which` of made-up words (seven, the first capitalised),
 * written at p.  returns: past it */
static char *made_up_sentence(char *p, size_t which)
{
    for (size_t w = 0; w < 7; w++) {
        size_t x = which * 7 + w;
        p += sprintf(p, "%c%c%c%c%s", w ? "bcdfghklmnprtvz"[x % 15] : "BCDFGHKLMNPRTVZ"[x % 15], "aoui"[x / 15 % 4],
                     "bcdfghklmnprtvz"[x / 60 % 15], "aeiou"[x / 900 % 5], w == 6 ? ". " : " ");
    }
    return p;
}

/* n articles (as articles[0], ids "t0", "t1", ...) of `sentences` made-up
 * sentences each, written from texts (text_room bytes an article): every
 * copy_every-th sentence one of an article before; of `distinct`
 * sentences in all when not 0 (each then in several articles). */
static void made_up_articles(np_article *arts, const char *(*paras)[1], char *texts, size_t text_room,
                             char (*ids)[16], size_t n, size_t sentences, size_t copy_every, size_t distinct)
{
    for (size_t a = 0; a < n; a++) {
        char *p = texts + a * text_room;
        for (size_t k = 0; k < sentences; k++) {
            size_t from = k % copy_every == copy_every - 1 && a ? (a * 7 + k) % a : a;
            size_t which = from * sentences + k;
            p = made_up_sentence(p, distinct ? which % distinct : which);
        }
        paras[a][0] = texts + a * text_room;
        arts[a] = articles[0];
        snprintf(ids[a], sizeof ids[a], "t%zu", a);
        arts[a].id = ids[a];
        arts[a].paragraphs = paras[a];
        arts[a].n_paragraphs = 1;
    }
}

/* An engine at `threads` threads holding the n articles (with the
 * allocator al, or the default), or NULL when one could not be made. */
static np_engine *made_up_engine(const np_article *arts, size_t n, size_t threads, const np_allocator *al)
{
    np_engine *e = NULL;
    if (np_engine_new(&e, NULL, al) != NP_OK)
        return NULL;
    np_status st = np_engine_set_threads(e, threads);
    for (size_t a = 0; a < n && st == NP_OK; a++)
        st = np_engine_add(e, &arts[a]);
    if (st != NP_OK) {
        np_engine_free(e);
        return NULL;
    }
    return e;
}

/* Once articles are added, each sentence's hash is replaced by its rank
 * among the distinct hashes (ranks.c), packed at the width of the
 * largest: the keys the stages read (engine_sentence_key) are equal,
 * ordered and zero as the hashes were, spread over the top byte as hashes
 * are, and the held bytes count the width a sentence; again with more
 * sentences than a byte's width ranks (ranks across bytes and the
 * writer's stores). */
TEST(engine_sentences_ranked)
{
    make_articles();
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    for (size_t i = 0; i < N_ARTICLES; i++)
        CHECK(np_engine_add(e, &articles[i]) == NP_OK);
    size_t n = e->n_sents, repeats = 0;
    REQUIRE(n > 2 && e->sent_hashes != NULL && e->sent_ranks == NULL);
    uint64_t *hashes = malloc(n * sizeof *hashes);
    REQUIRE(hashes != NULL);
    memcpy(hashes, e->sent_hashes, n * sizeof *hashes);
    REQUIRE(engine_rank_sentences(e) == NP_OK);
    REQUIRE(e->sent_ranks != NULL && e->sent_hashes == NULL);
    size_t distinct = 0;
    for (size_t s = 0; s < n; s++) {
        int first = hashes[s] != 0;
        for (size_t t = 0; t < s && first; t++)
            first = hashes[t] != hashes[s];
        distinct += first;
    }
    unsigned width = 1;
    while (distinct >> width)
        width++;
    CHECK(e->sent_rank_width == width && width < 32);
    CHECK(e->stats.held[NP_HELD_SENTENCES] == (n * width + 7) / 8 + 8);
    uint64_t top = 0;
    for (size_t s = 0; s < n; s++) {
        uint64_t key = engine_sentence_key(e, s);
        CHECK((key == 0) == (hashes[s] == 0));
        top = key > top ? key : top;
        for (size_t t = 0; t < n; t++) {
            CHECK((key == engine_sentence_key(e, t)) == (hashes[s] == hashes[t]));
            CHECK((key < engine_sentence_key(e, t)) == (hashes[s] < hashes[t]));
            repeats += s != t && hashes[s] && hashes[s] == hashes[t];
        }
    }
    CHECK(repeats > 0);     /* the articles repeat sentences: equal ranks were met */
    CHECK(top >> 63 == 1);  /* the largest rank in the top bit */
    CHECK(engine_rank_sentences(e) == NP_OK && e->sent_ranks != NULL); /* once */
    CHECK(np_engine_run(e) == NP_OK);
    free(hashes);
    np_engine_free(e);
    /* 40 articles of 12 sentences of made-up words, every fifth sentence
     * one of the article before: about 400 distinct, 9 bits a rank */
    enum { ARTICLES = 40, SENTENCES = 12 };
    static char texts[ARTICLES][SENTENCES * 64];
    const char *paras[ARTICLES][1];
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    for (size_t a = 0; a < ARTICLES; a++) {
        char *p = texts[a];
        for (size_t k = 0; k < SENTENCES; k++) {
            size_t from = k % 5 == 4 && a ? a - 1 : a;
            p = made_up_sentence(p, from * SENTENCES + k);
        }
        paras[a][0] = texts[a];
        np_article one = articles[0];
        char id[16];
        snprintf(id, sizeof id, "m%zu", a);
        one.id = id;
        one.paragraphs = paras[a];
        one.n_paragraphs = 1;
        REQUIRE(np_engine_add(e, &one) == NP_OK);
    }
    n = e->n_sents;
    REQUIRE(n >= ARTICLES * SENTENCES && (hashes = malloc(n * sizeof *hashes)) != NULL);
    memcpy(hashes, e->sent_hashes, n * sizeof *hashes);
    REQUIRE(engine_rank_sentences(e) == NP_OK && e->sent_ranks != NULL);
    CHECK(e->sent_rank_width >= 9);
    size_t same = 0, wrong = 0;
    for (size_t x = 0; x < n; x++)
        for (size_t y = 0; y < n; y++) {
            uint64_t kx = engine_sentence_key(e, x), ky = engine_sentence_key(e, y);
            wrong += (kx == ky) != (hashes[x] == hashes[y]) || (kx < ky) != (hashes[x] < hashes[y]);
            same += x != y && hashes[x] && hashes[x] == hashes[y];
        }
    CHECK(wrong == 0 && same > 0);
    CHECK(np_engine_run(e) == NP_OK);
    free(hashes);
    np_engine_free(e);
}

/* The ranking runs in shares of the sentences and of the hashes' ranges on
 * the engine's threads (ranks.c): at 2, 3 and 7 threads (up to 28
 * shares of a few hundred sentences, under 2 shares' worth of ranges
 * each) the packed ranks are the bytes one thread packs, and the run's
 * allocations failed in turn leave nothing held. */
TEST(engine_sentences_ranked_on_threads)
{
    make_articles();
    /* 900 articles of 12 sentences of made-up words, every third
     * sentence one of an article before: over 10,000 sentences */
    enum { ARTICLES = 900, SENTENCES = 12 };
    static char texts[ARTICLES][SENTENCES * 64];
    static const char *paras[ARTICLES][1];
    static char ids[ARTICLES][16];
    static np_article arts[ARTICLES];
    made_up_articles(arts, paras, texts[0], sizeof texts[0], ids, ARTICLES, SENTENCES, 3, 0);
    uint8_t *one = NULL;
    size_t bytes = 0;
    unsigned width = 0;
    const size_t threads[] = { 1, 2, 3, 7 };
    for (size_t x = 0; x < sizeof threads / sizeof *threads; x++) {
        np_engine *e = made_up_engine(arts, ARTICLES, threads[x], NULL);
        REQUIRE(e != NULL && e->n_sents >= ARTICLES * SENTENCES);
        REQUIRE(engine_rank_sentences(e) == NP_OK && e->sent_ranks != NULL);
        size_t n = (e->n_sents * e->sent_rank_width + 7) / 8;
        if (!one) {
            REQUIRE((one = malloc(n)) != NULL);
            memcpy(one, e->sent_ranks, n);
            bytes = n;
            width = e->sent_rank_width;
            CHECK(width >= 12); /* thousands of distinct */
        } else {
            CHECK(e->sent_rank_width == width && n == bytes);
            CHECK(n == bytes && memcmp(one, e->sent_ranks, n) == 0);
        }
        np_engine_free(e);
    }
    free(one);
    failing_alloc f;
    for (unsigned long k = 1;; k++) {
        failing_alloc_init(&f, 0);
        np_engine *e = made_up_engine(arts, ARTICLES, 3, &f.allocator);
        REQUIRE(e != NULL);
        f.fail_at = atomic_load(&f.calls) + k;
        np_status st = engine_rank_sentences(e);
        CHECK(st == NP_ENOMEM || (st == NP_OK && e->sent_ranks != NULL));
        np_engine_free(e);
        CHECK(atomic_load(&f.live) == 0);
        if (st == NP_OK)
            break;
    }
}

/* A copies-only run keeps its terms coded by id, as a full run does, in
 * fewer bytes than the code by stem, and every article's copy answer is
 * the full run's. */
TEST(engine_copies_only_terms_by_id)
{
    make_articles();
    enum { ARTICLES = 400, SENTENCES = 12 };
    static char texts[ARTICLES][SENTENCES * 64];
    static const char *paras[ARTICLES][1];
    static char ids[ARTICLES][16];
    static np_article arts[ARTICLES];
    made_up_articles(arts, paras, texts[0], sizeof texts[0], ids, ARTICLES, SENTENCES, 3, 0);
    np_engine *full = made_up_engine(arts, ARTICLES, 2, NULL), *copies = NULL;
    REQUIRE(full != NULL && np_engine_new(&copies, NULL, NULL) == NP_OK);
    CHECK(np_engine_copies_only(copies) == NP_OK && np_engine_set_threads(copies, 2) == NP_OK);
    for (size_t a = 0; a < ARTICLES; a++)
        CHECK(np_engine_add(copies, &arts[a]) == NP_OK);
    size_t by_stem = copies->n_term_bytes;
    REQUIRE(np_engine_run(full) == NP_OK && np_engine_run(copies) == NP_OK);
    CHECK(copies->stem_of_id != NULL && copies->n_term_bytes < by_stem);
    size_t same = 0, linked = 0;
    for (size_t i = 0; i < ARTICLES; i++) {
        np_result a, b;
        REQUIRE(np_engine_result(full, i, &a) == NP_OK && np_engine_result(copies, i, &b) == NP_OK);
        same += strcmp(a.relation, b.relation) == 0 && (a.copy_of == NULL) == (b.copy_of == NULL) &&
                (!a.copy_of || strcmp(a.copy_of, b.copy_of) == 0);
        linked += a.copy_of != NULL;
    }
    CHECK(same == ARTICLES && linked > 0);
    np_engine_free(full);
    np_engine_free(copies);
}

/* Whether the n entries a and b are the same keys and articles (their
 * padding aside). */
static int keyed_same(const keyed *a, const keyed *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].key != b[i].key || a[i].art != b[i].art)
            return 0;
    return 1;
}

/* The recode of the terms by id (term_ids.c) takes each article's top
 * terms as it goes (e->top_at_recode, for term_pairs): the same entries,
 * in the same order, as decoding the recoded terms gives
 * (candidates_top_terms_decoded), at 1, 2, 3 and 7 threads (2,100
 * articles: the recode's runs are 1,024 articles or more, so up to 2 of
 * them), the same at every thread count; each allocation of a 2-thread
 * build failed in turn gives NP_ENOMEM and leaves nothing held. */
TEST(engine_top_terms_at_recode)
{
    make_articles();
    /* 2,100 articles of 4 sentences of made-up words (4,500 words, each in
     * some tens of articles), every second sentence one of an article
     * before: words of every tf and of df from 2 to over TERM_BUCKET */
    enum { ARTICLES = 2100, SENTENCES = 4 };
    static char texts[ARTICLES][SENTENCES * 64];
    static const char *paras[ARTICLES][1];
    static char ids[ARTICLES][16];
    static np_article arts[ARTICLES];
    made_up_articles(arts, paras, texts[0], sizeof texts[0], ids, ARTICLES, SENTENCES, 2, 700);
    keyed *one = NULL;
    size_t n_one = 0;
    const size_t threads[] = { 1, 2, 3, 7 };
    for (size_t x = 0; x < sizeof threads / sizeof *threads; x++) {
        np_engine *e = made_up_engine(arts, ARTICLES, threads[x], NULL);
        REQUIRE(e != NULL);
        e->top_at_recode = 1;
        REQUIRE(build_vocabulary(e) == NP_OK);
        REQUIRE(e->stem_of_id != NULL && e->top_entries != NULL);
        keyed *want = NULL;
        size_t n_want = 0;
        REQUIRE(candidates_top_terms_decoded(e, &want, &n_want) == NP_OK);
        CHECK(n_want > ARTICLES * 4); /* most articles have several */
        CHECK(e->n_top_entries == n_want && keyed_same(e->top_entries, want, n_want));
        if (!one) {
            one = want;
            n_one = n_want;
            want = NULL;
        } else {
            CHECK(n_want == n_one && keyed_same(want, one, n_one));
        }
        np_free(NULL, want);
        np_engine_free(e);
    }
    np_free(NULL, one);
    failing_alloc f;
    for (unsigned long k = 1;; k++) {
        failing_alloc_init(&f, 0);
        np_engine *e = made_up_engine(arts, ARTICLES, 2, &f.allocator);
        REQUIRE(e != NULL);
        e->top_at_recode = 1;
        f.fail_at = atomic_load(&f.calls) + k;
        np_status st = build_vocabulary(e);
        CHECK(st == NP_ENOMEM || (st == NP_OK && e->top_entries != NULL));
        np_engine_free(e);
        CHECK(atomic_load(&f.live) == 0);
        if (st == NP_OK)
            break;
    }
}

/* Each fact's noun is held as its rank among the distinct nouns, packed
 * (ranks.c): engine_fact_noun gives nouns equal and ordered as they were,
 * in fewer bits than 32, and the held bytes count the packed ranks. */
TEST(engine_nouns_ranked)
{
    make_articles();
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    for (size_t i = 0; i < N_ARTICLES; i++)
        CHECK(np_engine_add(e, &articles[i]) == NP_OK);
    /* nouns met again: pirates and ships counted in both texts */
    static const char *const first[] = { "The navy said 12 pirates boarded 3 ships on Monday. Later 12 pirates "
                                         "fled, and 7 pirates were held." };
    static const char *const second[] = { "Officials said 12 pirates were seen near 4 ports, and 9 ships waited "
                                          "off the coast for days." };
    np_article counted = articles[0];
    counted.id = "counted";
    counted.paragraphs = first;
    counted.n_paragraphs = 1;
    CHECK(np_engine_add(e, &counted) == NP_OK);
    counted.id = "counted-again";
    counted.paragraphs = second;
    CHECK(np_engine_add(e, &counted) == NP_OK);
    size_t n = e->n_nouns, repeats = 0;
    REQUIRE(n > 2 && e->nouns != NULL && e->noun_ranks == NULL);
    uint32_t *nouns = malloc(n * sizeof *nouns);
    REQUIRE(nouns != NULL);
    for (size_t i = 0; i < n; i++)
        nouns[i] = engine_fact_noun(e, i);
    e->stats.held[NP_HELD_OTHER] = n * sizeof *e->nouns;
    REQUIRE(engine_rank_nouns(e) == NP_OK);
    REQUIRE(e->noun_ranks != NULL && e->nouns == NULL && e->noun_width < 32);
    CHECK(e->stats.held[NP_HELD_OTHER] == e->noun_bytes && e->noun_bytes < n * sizeof *e->nouns + 8);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            CHECK((engine_fact_noun(e, i) == engine_fact_noun(e, j)) == (nouns[i] == nouns[j]));
            CHECK((engine_fact_noun(e, i) < engine_fact_noun(e, j)) == (nouns[i] < nouns[j]));
            repeats += i != j && nouns[i] == nouns[j];
        }
    CHECK(repeats > 0);
    CHECK(engine_rank_nouns(e) == NP_OK); /* once */
    CHECK(np_engine_run(e) == NP_OK);
    free(nouns);
    np_engine_free(e);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The nouns' ranks (ranks.c: the distinct nouns found in a table that
 * grows, then sorted alone) at the scale of a corpus: 60,000 facts of
 * about 5,000 distinct nouns (the table grows three times), among them 0,
 * UINT32_MAX and nouns that share their top bits or their low bits (a few
 * values are drawn twice); each
 * rank is the noun's place among the distinct sorted, in the fewest bits;
 * each allocation failed in turn gives NP_ENOMEM and leaves nothing held. */
TEST(engine_nouns_ranked_many)
{
    enum { N = 60000, DISTINCT = 5000 };
    static uint32_t values[DISTINCT], sorted[DISTINCT];
    uint64_t x = 88172645463325252ull;
    for (size_t v = 0; v < DISTINCT; v++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        values[v] = v % 5 == 1 ? (uint32_t)(v << 20) : v % 5 == 2 ? (uint32_t)(0xABCDu + v) : (uint32_t)x;
    }
    values[0] = 0;
    values[3] = UINT32_MAX;
    memcpy(sorted, values, sizeof sorted);
    qsort(sorted, DISTINCT, sizeof *sorted, cmp_u32);
    size_t d = 0;
    for (size_t v = 0; v < DISTINCT; v++)
        if (!d || sorted[v] != sorted[d - 1])
            sorted[d++] = sorted[v];
    REQUIRE(d > 4096); /* a few values met twice */
    for (unsigned long k = 0;; k++) {
        failing_alloc f;
        failing_alloc_init(&f, 0);
        np_engine *e = NULL;
        REQUIRE(np_engine_new(&e, NULL, &f.allocator) == NP_OK);
        e->nouns = np_alloc_array(&f.allocator, N, sizeof *e->nouns);
        REQUIRE(e->nouns != NULL);
        e->n_nouns = e->cap_nouns = N;
        for (size_t i = 0; i < N; i++)
            e->nouns[i] = values[(i * 7919 + i / 3) % DISTINCT];
        f.fail_at = k ? atomic_load(&f.calls) + k : 0;
        np_status st = engine_rank_nouns(e);
        CHECK(st == NP_OK || (k && st == NP_ENOMEM && e->noun_ranks == NULL));
        if (st == NP_OK) {
            CHECK(e->nouns == NULL && e->noun_width == 13); /* over 4,096 ranks */
            for (size_t i = 0; i < N; i++) {
                uint32_t noun = values[(i * 7919 + i / 3) % DISTINCT];
                const uint32_t *at = bsearch(&noun, sorted, d, sizeof *sorted, cmp_u32);
                if (engine_fact_noun(e, i) != (uint32_t)(at - sorted)) {
                    CHECK(engine_fact_noun(e, i) == (uint32_t)(at - sorted));
                    break;
                }
            }
        }
        np_engine_free(e);
        CHECK(atomic_load(&f.live) == 0);
        if (k && st == NP_OK)
            break;
    }
}

/* An article's rank is its place in id order, ties by input order, as
 * strcmp orders ids: ids shorter and longer than the eight bytes the
 * engine sorts by first, ids alike in those eight and differing later
 * (or not at all), high bytes, the same id twice. */
TEST(engine_ranks_ids_as_strcmp)
{
    static const char *const ids[] = {
        "article-000000012", "article-000000003", "b", "a", "same", "abcdefgh", "abcdefghi",
        "abcdefg", "\xc3\xa9t\xc3\xa9", "same", "article-000000003x", "Article-1", "abcdefgh",
        "zz", "article-", "article",
    };
    enum { N_IDS = sizeof ids / sizeof *ids };
    make_articles();
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK && np_engine_copies_only(e) == NP_OK);
    for (size_t i = 0; i < N_IDS; i++) {
        np_article a = articles[i % N_ARTICLES];
        a.id = ids[i];
        REQUIRE(np_engine_add(e, &a) == NP_OK);
    }
    REQUIRE(np_engine_run(e) == NP_OK);
    REQUIRE(e->rank != NULL);
    size_t wrong = 0;
    for (size_t i = 0; i < N_IDS; i++) {
        size_t want = 0;
        for (size_t j = 0; j < N_IDS; j++) {
            int c = strcmp(ids[j], ids[i]);
            want += c < 0 || (c == 0 && j < i);
        }
        wrong += e->rank[i] != want;
    }
    CHECK(wrong == 0);
    np_engine_free(e);
}

/* An English article of the given paragraphs (borrowed) for the display
 * form tests. */
static np_article forms_article(const char *title, const char *const *paras, size_t n_paras)
{
    np_article a;
    memset(&a, 0, sizeof a);
    a.id = "forms";
    a.title = title;
    a.date = "2025-03-04";
    a.timestamp = NP_NO_TIME;
    a.lang = "en";
    a.paragraphs = (const char **)paras;
    a.n_paragraphs = n_paras;
    return a;
}

/* A Korean word written without a particle ranks above its forms with
 * one, whatever else: 정부 over 정부는 and 정부가; a word that only looks
 * as if it ended in one (김정은) ranks as the forms with particles do, so
 * the form written most is shown; other words as before. */
TEST(fingerprint_korean_display_forms)
{
    CHECK(engine_form_rank("정부", 0, 0) == 2);
    CHECK(engine_form_rank("정부는", 0, 0) == 1);
    CHECK(engine_form_rank("김정은", 0, 0) == 1);
    CHECK(engine_form_rank("bridge", 0, 0) == 1);
    CHECK(engine_form_rank("bridge", 0, 1) == 0); /* "Bridge" opening a sentence */
    CHECK(engine_form_rank("Callisford", 1, 1) == 3);
    CHECK(engine_form_rank("CALLISFORD", 1, 1) == 2);
}

/* One stem's form after `n` forms, each remembered `times[k]` times. */
static const char *form_chosen(const char *const *forms, const int *name, const int *capital, const int *times, size_t n)
{
    static char shown[FORM_MAX + 1];
    np_engine *e = NULL;
    shown[0] = '\0';
    if (np_engine_new(&e, NULL, NULL) != NP_OK)
        return shown;
    for (size_t k = 0; k < n; k++)
        for (int t = 0; t < times[k]; t++)
            if (engine_remember_form(e, 7, engine_form_rank(forms[k], name[k], capital[k]), forms[k],
                                     strlen(forms[k])) != NP_OK)
                goto done;
    if (engine_forms_end(e) == NP_OK && engine_surface(e, 7))
        snprintf(shown, sizeof shown, "%s", engine_surface(e, 7));
done:
    np_engine_free(e);
    return shown;
}

/* A stem's name is shown in lower case where more articles write it so
 * ("ratings" in five reports over "Ratings" in two), not where other
 * words of its stem alone are more written ("Pennings" over "penned"); a word
 * only seen capitalised, at sentences' starts, is no evidence against a
 * name; of names, the one most articles write ("UK" over one article's
 * "Uk"), the better rank on a tie; a Korean word without its particle as
 * before. */
TEST(fingerprint_engine_forms_by_articles)
{
    static const char *const rates[] = { "Ratings", "rates", "ratings" };
    CHECK(strcmp(form_chosen(rates, (int[]){ 1, 0, 0 }, (int[]){ 1, 0, 0 }, (int[]){ 2, 9, 5 }, 3), "ratings") == 0);
    CHECK(strcmp(form_chosen(rates, (int[]){ 1, 0, 0 }, (int[]){ 1, 0, 0 }, (int[]){ 5, 9, 5 }, 3), "Ratings") == 0);
    static const char *const pen[] = { "Pennings", "penned" };
    CHECK(strcmp(form_chosen(pen, (int[]){ 1, 0 }, (int[]){ 1, 0 }, (int[]){ 1, 9 }, 2), "Pennings") == 0);
    static const char *const match[] = { "MATCH", "match" };
    CHECK(strcmp(form_chosen(match, (int[]){ 1, 0 }, (int[]){ 1, 0 }, (int[]){ 2, 3 }, 2), "match") == 0);
    static const char *const uk[] = { "Uk", "UK" };
    CHECK(strcmp(form_chosen(uk, (int[]){ 1, 1 }, (int[]){ 1, 1 }, (int[]){ 1, 5 }, 2), "UK") == 0);
    static const char *const town[] = { "callisford", "Callisford", "CALLISFORD" };
    CHECK(strcmp(form_chosen(town, (int[]){ 0, 1, 1 }, (int[]){ 1, 1, 1 }, (int[]){ 6, 2, 2 }, 3), "Callisford") ==
          0);
    CHECK(strcmp(form_chosen(town, (int[]){ 0, 1, 1 }, (int[]){ 0, 1, 1 }, (int[]){ 6, 2, 2 }, 3), "callisford") ==
          0);
    static const char *const ko[] = { "정부는", "정부" };
    CHECK(strcmp(form_chosen(ko, (int[]){ 0, 0 }, (int[]){ 0, 0 }, (int[]){ 3, 1 }, 2), "정부") == 0);
}

/* Do the two fingerprinters give a the same print? */
static int same_prints(np_fingerprinter *fast, np_fingerprinter *plain, const np_article *a)
{
    const void *x, *y;
    size_t nx, ny;
    return np_fingerprint(fast, a, &x, &nx) == NP_OK && np_fingerprint(plain, a, &y, &ny) == NP_OK && nx == ny &&
           memcmp(x, y, nx) == 0;
}

/* The display forms a fingerprint keeps, ranked and compared from the
 * tokens, are those the forms written out give: names and words in every
 * case, as a headline's capitals and within a sentence, the same word as
 * a name and not, forms of one stem that differ only past a shorter one's
 * end or past FORM_MAX bytes, accented capitals that stay as written. */
TEST(fingerprint_forms_from_tokens_agree)
{
    static const char *const paras[] = {
        "Reports said the Mcdonald and Voss families met VOSS officials, JAZZ and JAZz bands and "
        "voss fans; Voss and VOSS and Vossen "
        "spoke. Running runs RUNS Runs run. The EU and Eu and eu met the UN and Un.",
        "Then McDonald and MCDONALD and Mcdonald and mcdonald ate. Nations NATIONS nation Nation "
        "national. \xc3\x89mile \xc3\x89MILE \xc3\xa9mile met \xc3\x89mile. Caf\xc3\xa9s CAF\xc3\x89S.",
        "Later Supercalifragilisticexpialidociousnessandmoreandmoreandmoreandmorewords and "
        "SUPERCALIFRAGILISTICEXPIALIDOCIOUSNESSANDMOREANDMOREANDMOREANDMOREWORDZ and "
        "Supercalifragilisticexpialidociousnessandmoreandmoreandmoreandmorewordy met Abc and ABC and Ab.",
        /* sentence openers of eight bytes and more that are no names; long
         * words with UTF-8 bytes whose low seven bits are a capital */
        "Interestingly d\xc3\xa9j\xc3\xa0vuvuvu and r\xc3\xa9sum\xc3\xa9sss met. Extraordinarily "
        "Unremarkable things. Nevertheless-Somewhere \xc3\x89" "COLE\xc3\x89" "COLEcole ended. ZigZagZebras ran.",
        /* Korean: a word without its particle ranks above its forms with
         * one, a name that ends as a particle does is written whole */
        "정부는 발표했다. 정부가 밝혔다. 정부 관계자. 김정은 위원장은 김정은은 말했다.",
    };
    np_article a = forms_article("VOSS Meets The EU In Running Nations", paras, sizeof paras / sizeof *paras);
    np_fingerprinter *fast = NULL, *plain = NULL;
    REQUIRE(np_fingerprinter_new(&fast, NULL) == NP_OK && np_fingerprinter_new(&plain, NULL) == NP_OK);
    fingerprinter_plain_forms(plain, 1);
    CHECK(same_prints(fast, plain, &a));
    /* and the articles of the other tests */
    make_articles();
    for (size_t i = 0; i < N_ARTICLES; i++)
        CHECK(same_prints(fast, plain, &articles[i]));
    np_fingerprinter_free(fast);
    np_fingerprinter_free(plain);
}

/* Display forms of words of every length from 1 to 40 bytes, as names
 * (capitals within a sentence, all capitals) and as words (lowered: a
 * sentence's opener with capitals in its first, middle and last bytes),
 * with UTF-8 bytes last, are those written out a byte at a time; each
 * paragraph ends with its word and is allocated to its size, so a read
 * past a word is a read past the block, and a word that opens one, a
 * read before it. */
TEST(fingerprint_forms_of_every_length_agree)
{
    enum { LONGEST = 40, KINDS = 4, N_PARAS = KINDS * LONGEST };
    char *paras[N_PARAS];
    size_t n_paras = 0;
    for (size_t len = 1; len <= LONGEST; len++) {
        char word[LONGEST + 1];
        for (size_t i = 0; i < len; i++)
            word[i] = (char)('a' + (i * 7 + len) % 26);
        word[len] = '\0';
        for (int kind = 0; kind < KINDS; kind++) {
            char w[LONGEST + 1];
            memcpy(w, word, len + 1);
            if (kind == 0 || kind == 3) /* capitals first, in the middle and last */
                w[0] = 'Q', w[len / 2] = (char)(w[len / 2] - 32), w[len - 1] = 'Z';
            else if (kind == 1) /* all capitals */
                for (size_t i = 0; i < len; i++)
                    w[i] = (char)(w[i] - 32);
            else if (len >= 2) /* a word ending in an accented capital */
                w[len - 2] = (char)0xc3, w[len - 1] = (char)0x89;
            const char *lead = kind == 3 ? "" : kind == 2 ? "Then came " : "Then met ";
            size_t size = strlen(lead) + len + 1;
            char *p = malloc(size);
            REQUIRE(p != NULL);
            snprintf(p, size, "%s%s", lead, w);
            paras[n_paras++] = p;
        }
    }
    np_article a = forms_article("Words Of Every Length", (const char *const *)paras, n_paras);
    np_fingerprinter *fast = NULL, *plain = NULL;
    REQUIRE(np_fingerprinter_new(&fast, NULL) == NP_OK && np_fingerprinter_new(&plain, NULL) == NP_OK);
    fingerprinter_plain_forms(plain, 1);
    CHECK(same_prints(fast, plain, &a));
    /* and one paragraph at a time, each word the only one of its stem */
    for (size_t i = 0; i < n_paras; i++) {
        a.paragraphs = (const char **)&paras[i];
        a.n_paragraphs = 1;
        CHECK(same_prints(fast, plain, &a));
    }
    np_fingerprinter_free(fast);
    np_fingerprinter_free(plain);
    for (size_t i = 0; i < n_paras; i++)
        free(paras[i]);
}

/* The engine shows of each stem a name if any, the one the most articles
 * wrote, then the best rank; else a word, the best rank, then the most
 * articles; then the first remembered; the name lowered where more
 * articles write it so, as a word (rank 1); against a plain count kept
 * here: forms of one stem as names and words, in capitals and
 * not, equal, one a prefix of another, differing in the first and last
 * bytes, longer than FORM_MAX (kept cut), bytes over 0x7f, and more stems
 * and forms than the tables first hold; and the same when the forms come
 * packed as a print holds them (engine_remember_forms, with the rest of
 * another form or other bytes past each). */
enum { FORMS_STEMS = 3000, FORMS_KINDS = 23 * 3 }; /* a form as a name, a word and a capitalised word */
typedef struct form_tally {
    char form[FORMS_KINDS][FORM_MAX + 1];
    int rank[FORMS_KINDS];
    size_t count[FORMS_KINDS];
    size_t n;
} form_tally;

/* The form of the stem's tally the engine must show (none of the test's
 * forms is Korean, so ranks 2 and 3 are names'). */
static const char *tally_best(const form_tally *t)
{
    size_t name = t->n, word = t->n;
    for (size_t k = 0; k < t->n; k++) {
        int more = 0, better = 0;
        if (t->rank[k] >= 2) {
            if (name < t->n) {
                more = t->count[k] > t->count[name];
                better = t->rank[k] > t->rank[name];
            }
            if (name == t->n || more || (t->count[k] == t->count[name] && better))
                name = k;
            continue;
        }
        if (word < t->n) {
            more = t->count[k] > t->count[word];
            better = t->rank[k] > t->rank[word];
        }
        if (word == t->n || better || (t->rank[k] == t->rank[word] && more))
            word = k;
    }
    if (name == t->n)
        return word < t->n ? t->form[word] : NULL;
    for (size_t k = 0; k < t->n; k++) { /* the name lowered, more written: so shown */
        char lowered[FORM_MAX + 1];
        size_t i = 0;
        for (; t->form[name][i]; i++)
            lowered[i] = (char)(isupper((unsigned char)t->form[name][i]) ? t->form[name][i] + 32 : t->form[name][i]);
        lowered[i] = '\0';
        if (t->rank[k] == 1 && t->count[k] > t->count[name] && strcmp(t->form[k], lowered) == 0)
            return t->form[k];
    }
    return t->form[name];
}

TEST(fingerprint_engine_forms_commonest)
{
    static const char *const forms[] = {
        "voss", "Voss", "VOSS", "Vossen", "VOSSEN", "vos", "Vo", "V", "vossen", "Voss's",
        "\xc3\x89mile", "\xc3\x89MILE", "\xc3\xa9mile", "zeta", "Zeta", "ZETA", "ZetA", "aVoss",
        "Supercalifragilisticexpialidociousnessandmoreandmoreandmoreandmorewordsa",
        "Supercalifragilisticexpialidociousnessandmoreandmoreandmoreandmorewordsb",
        "Supercalifragilisticexpialidociousnessandmoreandmoreandmoreandmorewords",
        "Supercalifragilisticexpialidociousnessandmoreandmoreandmoreandmorewor",
        "SUPERCALIFRAGILISTICEXPIALIDOCIOUSNESSANDMOREANDMOREANDMOREANDMOREWORDS",
    };
    enum { N_FORMS = sizeof forms / sizeof *forms, ROUNDS = 40000 };
    form_tally *tally = calloc(FORMS_STEMS + 1, sizeof *tally);
    np_engine *one = NULL, *packed = NULL;
    REQUIRE(tally && np_engine_new(&one, NULL, NULL) == NP_OK && np_engine_new(&packed, NULL, NULL) == NP_OK);
    uint32_t x = 12345;
    for (size_t r = 0; r < ROUNDS; r++) {
        x = x * 1103515245u + 12345u;
        /* few stems at first, so that each sees many forms; then more */
        uint32_t stem = 1 + (x >> 8) % (r < ROUNDS / 2 ? 16 : FORMS_STEMS);
        const char *form = forms[(x >> 20) % N_FORMS];
        int name = (x >> 4) & 1;
        size_t len = strlen(form);
        char cut[FORM_MAX + 1];
        snprintf(cut, sizeof cut, "%s", form);
        int rank = engine_form_rank(cut, name, (x >> 5) & 1);
        CHECK(engine_remember_form(one, stem, rank, form, len) == NP_OK);
        unsigned char entry[6 + 255 + 8];
        const char *other = forms[(x >> 13) % N_FORMS];
        memset(entry, (x >> 12) & 1 ? 'a' : 0xff, sizeof entry);
        memcpy(entry + 6, other, strlen(other) + 1);
        memcpy(entry, &stem, 4);
        entry[4] = (unsigned char)rank;
        entry[5] = (unsigned char)len;
        memcpy(entry + 6, form, len);
        CHECK(engine_remember_forms(packed, entry, 1) == NP_OK);
        form_tally *t = &tally[stem];
        size_t k = 0;
        while (k < t->n && !(t->rank[k] == rank && strcmp(t->form[k], cut) == 0))
            k++;
        if (k == t->n) {
            REQUIRE(t->n < FORMS_KINDS);
            snprintf(t->form[k], sizeof t->form[k], "%s", cut);
            t->rank[k] = rank;
            t->n++;
        }
        t->count[k]++;
    }
    REQUIRE(engine_forms_end(one) == NP_OK && engine_forms_end(packed) == NP_OK);
    size_t same = 0, tied = 0;
    for (uint32_t stem = 1; stem <= FORMS_STEMS; stem++) {
        const char *want = tally_best(&tally[stem]);
        const char *a = engine_surface(one, stem), *c = engine_surface(packed, stem);
        same += (a == NULL) == (want == NULL) && (c == NULL) == (want == NULL) && (!want || (strcmp(a, want) == 0 &&
                                                                                            strcmp(c, want) == 0));
        /* ties that the first seen settles */
        const form_tally *t = &tally[stem];
        for (size_t k = 1; k < t->n; k++)
            tied += t->rank[k] == t->rank[0] && t->count[k] == t->count[0];
    }
    CHECK(same == FORMS_STEMS);
    CHECK(tied > 0 && one->surf_count == packed->surf_count && one->surf_count > 2048);
    np_engine_free(one);
    np_engine_free(packed);
    free(tally);
}

/* A stem shown as a name keeps, under its even key, its words' form in
 * lower case where that is the name's own word (the name lowered, or its
 * plural or singular: "-es" only after s, x, z, ch, sh), the one most
 * articles write, then the first seen; else the even key shows the
 * name.  A word only seen capitalised is no such form; a stem shown as a
 * word needs none; a name shown lowered keeps the stem's best word there;
 * stems of a test that are not all odd get none. */
typedef struct form_seen {
    uint32_t stem;
    const char *form;
    int rank, times;
} form_seen;

TEST(fingerprint_engine_forms_words_of_names)
{
    static const form_seen seen[] = {
        { 11, "Airlines", 3, 5 }, { 11, "airline", 1, 2 }, { 11, "airlines", 1, 3 },
        { 13, "Customs", 3, 4 },  { 13, "customers", 1, 9 },
        { 15, "Barnes", 3, 2 },   { 15, "barn", 1, 3 },
        { 17, "Boxes", 3, 2 },    { 17, "box", 1, 1 },
        { 19, "Film", 3, 1 },     { 19, "film", 1, 5 },
        { 21, "Fry", 3, 3 },      { 21, "fry", 0, 4 },
        { 23, "aid", 1, 2 },
        { 25, "Aids", 3, 3 },     { 25, "aid", 1, 2 },     { 25, "aids", 1, 2 },
        { 27, "UN", 2, 4 },       { 27, "un", 1, 1 },
        { 29, "Caf\xc3\xa9s", 3, 2 }, { 29, "caf\xc3\xa9", 1, 1 },
        { 31, "Ratings", 3, 2 },  { 31, "ratings", 1, 3 }, { 31, "rates", 1, 5 }, { 31, "rate", 1, 9 },
        { 33, "rates", 1, 5 },    { 33, "rate", 1, 9 },    { 33, "Rate", 0, 12 },
    };
    static const char *const want[][2] = {
        { "Airlines", "airlines" }, { "Customs", "Customs" }, { "Barnes", "Barnes" }, { "Boxes", "box" },
        { "film", "film" },         { "Fry", "Fry" },         { "aid", "aid" },       { "Aids", "aid" },
        { "UN", "un" },           { "Caf\xc3\xa9s", "caf\xc3\xa9" }, { "ratings", "rate" },
        { "rate", "rate" },
    };
    np_engine *e = NULL, *even = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK && np_engine_new(&even, NULL, NULL) == NP_OK);
    for (size_t k = 0; k < sizeof seen / sizeof *seen; k++)
        for (int t = 0; t < seen[k].times; t++)
            CHECK(engine_remember_form(e, seen[k].stem, seen[k].rank, seen[k].form, strlen(seen[k].form)) == NP_OK);
    /* an even stem among them: its slot is its own */
    CHECK(engine_remember_form(even, 10, 3, "Tenby", 5) == NP_OK);
    CHECK(engine_remember_form(even, 11, 3, "Elevens", 7) == NP_OK);
    CHECK(engine_remember_form(even, 11, 1, "eleven", 6) == NP_OK);
    REQUIRE(engine_forms_end(e) == NP_OK && engine_forms_end(even) == NP_OK);
    for (uint32_t i = 0; i < sizeof want / sizeof *want; i++) {
        uint32_t stem = 11 + 2 * i;
        const char *name = engine_surface(e, stem), *word = engine_surface(e, stem - 1);
        CHECK(name && strcmp(name, want[i][0]) == 0);
        CHECK(word && strcmp(word, want[i][1]) == 0);
    }
    CHECK(engine_surface(e, 0) == NULL && engine_surface(e, 40) == NULL && engine_surface(e, 41) == NULL);
    CHECK(e->surf_count == 18); /* 12 stems, 6 with a word of their own: not a word's stem (33) */
    const char *ten = engine_surface(even, 10), *eleven = engine_surface(even, 11);
    CHECK(ten && strcmp(ten, "Tenby") == 0 && eleven && strcmp(eleven, "Elevens") == 0);
    np_engine_free(e);
    np_engine_free(even);
}

static unsigned bit_at(const uint8_t *codes, size_t at)
{
    return codes[at / 8] >> (at % 8) & 1;
}

/* n bits from *at, low first */
static uint32_t bits_from(const uint8_t *codes, size_t *at, unsigned n)
{
    uint32_t x = 0;
    for (unsigned b = 0; b < n; b++)
        x |= (uint32_t)bit_at(codes, (*at)++) << b;
    return x;
}

/* zeros up to a one */
static uint32_t unary_from(const uint8_t *codes, size_t *at)
{
    uint32_t q = 0;
    while (!bit_at(codes, (*at)++))
        q++;
    return q;
}

/* The fingerprints of article a with the sentence stems' places taken
 * from the sort of its words (f) and searched for among them (plain)
 * agree, and the engine codes them as fingerprint.c says, every bit where
 * it goes: each sentence's count in Exp-Golomb of order 2, then each stem's gap
 * from the last place in a Rice code of parameter *k, then its name bit.
 * *smaller: the coded bytes are fewer than the places at a fixed width
 * (of the word count's bits, and the name bit) with 2 bytes a sentence
 * for its count.  returns: 1 if so */
static int stem_places_agree(np_fingerprinter *f, np_fingerprinter *plain, const np_article *a, unsigned *k,
                             int *smaller)
{
    const void *x, *y;
    size_t nx, ny, bytes = 0;
    *k = 0;
    *smaller = 0;
    if (np_fingerprint(f, a, &x, &nx) != NP_OK || np_fingerprint(plain, a, &y, &ny) != NP_OK)
        return 0;
    size_t room = nx * 5 + 64;
    uint8_t *codes = calloc(1, room);
    int ok = codes && nx == ny && memcmp(x, y, nx) == 0 && print_stem_codes(x, nx, codes, room, k, &bytes);
    print_keys keys;
    ok = ok && print_keys_read(x, nx, &keys) && *k < 32;
    size_t at = 0, i = 0;
    for (uint32_t s = 0; ok && s < keys.n_sents; s++) {
        unsigned b = unary_from(codes, &at) + 2;
        uint32_t count = (1u << b | bits_from(codes, &at, b)) - 4, place = UINT32_MAX;
        ok = count == keys.sents[s].n_stems;
        for (uint32_t c = 0; ok && c < count; c++, i++) {
            uint32_t q = unary_from(codes, &at), low = bits_from(codes, &at, *k);
            place += (q << *k | low) + 1;
            ok = (place << 1 | bit_at(codes, at++)) == keys.stem_codes[i];
        }
    }
    ok = ok && (at + 7) / 8 == bytes;
    unsigned width = 1;
    while (width < 32 && ((uint64_t)keys.n_terms << 1) > (1ull << width))
        width++;
    *smaller = ok && bytes < ((uint64_t)i * width + 7) / 8 + 2 * (uint64_t)keys.n_sents;
    free(codes);
    return ok;
}

/* Sentence hashes chained four sentences at a time, or eight in AVX2
 * registers (lanes taking the next sentence as theirs ends, idle or
 * finished alone once none is left) are those chained one sentence after
 * another: articles of 0 to 30 sentences of 1 to 40 words,
 * with a title, prints the same byte for byte; a sentence too short to
 * hash has 0, and one sentence written twice, in other lanes, the same
 * hash. */
TEST(fingerprint_sentence_hashes_in_lanes_agree)
{
    np_fingerprinter *f = NULL, *plain = NULL;
    REQUIRE(np_fingerprinter_new(&f, NULL) == NP_OK && np_fingerprinter_new(&plain, NULL) == NP_OK);
    fingerprinter_plain_places(plain, 1);
    static char text[16384];
    uint64_t state = 77;
    size_t repeats = 0, short_ones = 0;
    for (size_t n_sentences = 0; n_sentences <= 30; n_sentences++) {
        size_t at = 0, first_len = 0;
        for (size_t k = 0; k < n_sentences; k++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t words = 1 + (size_t)(state >> 40) % 40;
            if (k == 0)
                first_len = at;
            if (k == n_sentences - 1 && k >= 5) { /* the first sentence again */
                memcpy(text + at, text, first_len);
                at += first_len;
                continue;
            }
            for (size_t w = 0; w < words; w++)
                at += (size_t)snprintf(text + at, sizeof text - at, "%s%s%s", w ? "" : "Then ",
                                       (const char *[]){ "harbour", "council", "floods", "mayor", "bridge", "river" }[(state >> (w % 30)) % 6],
                                       w + 1 < words ? " " : ". ");
            if (k == 0)
                first_len = at;
        }
        text[at] = '\0';
        const char *paras[] = { text };
        np_article a;
        memset(&a, 0, sizeof a);
        a.id = "lanes";
        a.title = "Floods reach the harbour council";
        a.lang = "en";
        a.paragraphs = paras;
        a.n_paragraphs = 1;
        const void *x, *y;
        size_t nx, ny;
        REQUIRE(np_fingerprint(f, &a, &x, &nx) == NP_OK);
        void *copy = malloc(nx);
        REQUIRE(copy);
        memcpy(copy, x, nx);
        REQUIRE(np_fingerprint(plain, &a, &y, &ny) == NP_OK);
        CHECK(nx == ny && memcmp(copy, y, nx) == 0);
        print_keys k;
        REQUIRE(print_keys_read(copy, nx, &k));
        CHECK(k.n_sents == n_sentences);
        for (uint32_t s = 0; s < k.n_sents; s++) {
            CHECK((k.sents[s].hash == 0) == (k.sents[s].n_tokens < 6));
            short_ones += k.sents[s].n_tokens < 6;
        }
        if (n_sentences >= 6 && k.n_sents == n_sentences) {
            CHECK(k.sents[0].hash == k.sents[n_sentences - 1].hash);
            repeats += k.sents[0].hash != 0;
        }
        free(copy);
    }
    CHECK(repeats >= 3 && short_ones >= 3);
    np_fingerprinter_free(f);
    np_fingerprinter_free(plain);
}

/* The sentence stem codes (place among the words << 1 | name bit) the
 * fingerprinter takes from the sort of an article's words are those
 * searching its sorted words gives: small and large articles; a code past
 * the words is refused, the last word's taken. */
TEST(fingerprint_stem_places_from_table_agree)
{
    np_fingerprinter *f = NULL, *plain = NULL;
    REQUIRE(np_fingerprinter_new(&f, NULL) == NP_OK && np_fingerprinter_new(&plain, NULL) == NP_OK);
    fingerprinter_plain_places(plain, 1);
    make_articles();
    const void *data;
    size_t size;
    unsigned rice;
    int smaller;
    size_t placed = 0;
    for (size_t i = 0; i < N_ARTICLES; i++) {
        CHECK(stem_places_agree(f, plain, &articles[i], &rice, &smaller));
        placed += smaller;
    }
    CHECK(placed == N_ARTICLES - 1); /* e1 has no body */
    /* many words: up to 1,600, then 6,000 (more distinct words than a
     * sentence's bit set of the words was once made for) */
    static const size_t sizes[] = { 100, 600, 1100, 1600, 6000 };
    size_t cap = 128 * 1024;
    char *text = malloc(cap);
    REQUIRE(text != NULL);
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t words = sizes[k], at = 0;
        for (size_t w = 0; w < words; w++)
            at += (size_t)snprintf(text + at, cap - at, "%sword%zuz%s", w % 9 ? "" : "The ", w * 7919 % 100003,
                                   w % 9 == 8 ? ". " : " ");
        const char *paras[] = { text };
        np_article a = articles[0];
        a.paragraphs = paras;
        a.n_paragraphs = 1;
        CHECK(stem_places_agree(f, plain, &a, &rice, &smaller));
        CHECK(smaller && rice < 32);
    }
    free(text);
    /* a word again in its sentence, written as a name or a number only
     * some of the times (its code named once, whichever time it is) */
    static const char *const repeats[] = {
        "The apple fell near Apple and apple again. Apple said apple Apple apple rose on Monday.",
        "Sales rose 42 percent, and 42 more and forty-two again; the rise in rise rose rises.",
        "Rise. Rise rise RISE rise. Percent percent 42 42 percent forty forty Forty.",
    };
    np_article rep = articles[0];
    rep.paragraphs = repeats;
    rep.n_paragraphs = sizeof repeats / sizeof *repeats;
    CHECK(stem_places_agree(f, plain, &rep, &rice, &smaller));
    /* a sentence stem code past the words, then the last word's */
    CHECK(np_fingerprint(f, &articles[0], &data, &size) == NP_OK);
    print_keys keys;
    REQUIRE(print_keys_read(data, size, &keys) && keys.n_sents > 0 && keys.sents[0].n_stems > 0);
    uint32_t n_terms = keys.n_terms;
    uint8_t *copy = malloc(size);
    REQUIRE(copy != NULL);
    memcpy(copy, data, size);
    size_t first = (size_t)((const uint8_t *)keys.stem_codes - (const uint8_t *)data);
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    uint32_t code = n_terms << 1;
    memcpy(copy + first, &code, 4);
    CHECK(!print_keys_read(copy, size, &keys));
    CHECK(np_engine_add_fingerprint(e, copy, size) == NP_EINPUT);
    /* the last word's place, last in the first sentence (places ascend
     * within a sentence) */
    memcpy(copy, data, size);
    code = (n_terms - 1) << 1 | 1;
    memcpy(copy + first + 4 * ((size_t)keys.sents[0].n_stems - 1), &code, 4);
    CHECK(print_keys_read(copy, size, &keys));
    CHECK(np_engine_add_fingerprint(e, copy, size) == NP_OK);
    free(copy);
    np_engine_free(e);
    np_fingerprinter_free(f);
    np_fingerprinter_free(plain);
}

/* Rice codes whose quotients pass the coder's one write (56 bits) and its
 * register, once and more: sentences of all 150 made-up words (gaps of
 * nothing, so the parameter is 0), then one-word sentences of every
 * third word, whose place is a gap of up to 149; coded and read back bit by bit, and decoded
 * by the engine. */
TEST(fingerprint_stem_codes_long_quotients)
{
    enum { WORDS = 150, WHOLE = 12 };
    static const char consonants[] = "bcdfghklmnprtvz", vowels[] = "aoui";
    char *text = malloc((WHOLE + 1) * WORDS * 8 + 64);
    REQUIRE(text != NULL);
    char *p = text;
    int start = 1;
    for (size_t r = 0; r < WHOLE + 1; r++)
        for (size_t k = 0; k < WORDS; k++) {
            size_t w = (k + r * 7) % WORDS, c = sizeof consonants - 1, v = sizeof vowels - 1;
            /* the last turn: every third word a sentence of its own */
            if (r == WHOLE && k % 3)
                continue;
            int stop = r == WHOLE || k == WORDS - 1;
            char first = consonants[w % c];
            p += sprintf(p, "%c%c%c%c%c%s", start ? first - 'a' + 'A' : first, vowels[w / c % v],
                         consonants[w / c / v % c], vowels[w % v], consonants[(w + 3) % c], stop ? ". " : " ");
            start = stop;
        }
    strcpy(p, ".");
    make_articles();
    np_article a = articles[0];
    const char *paras[] = { text };
    a.paragraphs = paras;
    a.n_paragraphs = 1;
    np_fingerprinter *f = NULL, *plain = NULL;
    REQUIRE(np_fingerprinter_new(&f, NULL) == NP_OK && np_fingerprinter_new(&plain, NULL) == NP_OK);
    fingerprinter_plain_places(plain, 1);
    unsigned rice = 99;
    int smaller;
    CHECK(stem_places_agree(f, plain, &a, &rice, &smaller));
    CHECK(rice == 0);
    const void *data;
    size_t size;
    print_keys k;
    REQUIRE(np_fingerprint(f, &a, &data, &size) == NP_OK && print_keys_read(data, size, &k));
    uint32_t longest = 0, i = 0;
    for (uint32_t s = 0; s < k.n_sents; s++) {
        if (k.sents[s].n_stems == 1 && k.stem_codes[i] >> 1 > longest)
            longest = k.stem_codes[i] >> 1;
        i += k.sents[s].n_stems;
    }
    CHECK(longest >= 112); /* a quotient past two registers' worth */
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    REQUIRE(np_engine_add_fingerprint(e, data, size) == NP_OK);
    size_t n = engine_sentence_stem_count(e, &e->arts[0]);
    uint32_t *stems = malloc((n + 1) * sizeof *stems), *sizes = malloc((k.n_sents + 1) * sizeof *sizes);
    held_terms words = held_terms_of(e, &e->arts[0]);
    REQUIRE(stems && sizes && words.stems);
    CHECK(n == i && engine_sentence_stems(e, &e->arts[0], words.stems, stems, n, sizes) == n);
    held_terms_free(&words);
    size_t same = 0;
    for (size_t c = 0; c < n && c < i; c++) {
        uint32_t code = k.stem_codes[c];
        same += stems[c] == ((k.terms[code >> 1].stem & ~1u) | (code & 1u));
    }
    CHECK(same == n);
    free(stems);
    free(sizes);
    free(text);
    np_engine_free(e);
    np_fingerprinter_free(f);
    np_fingerprinter_free(plain);
}

/* fingerprint_into gives np_fingerprint's bytes: exchanged into an empty
 * buffer, which the next print may reuse, and appended to one that is not
 * empty or takes memory elsewhere; the prints kept stay as they were made. */
TEST(fingerprint_into_gives_the_same_bytes)
{
    np_fingerprinter *f = NULL, *g = NULL;
    REQUIRE(np_fingerprinter_new(&f, NULL) == NP_OK && np_fingerprinter_new(&g, NULL) == NP_OK);
    make_articles();
    buf kept[N_ARTICLES], after;
    buf_init(&after, NULL);
    REQUIRE(buf_append(&after, "x", 1) == NP_OK);
    failing_alloc other;
    failing_alloc_init(&other, 0);
    buf elsewhere;
    buf_init(&elsewhere, &other.allocator);
    for (size_t i = 0; i < N_ARTICLES; i++) {
        buf_init(&kept[i], i % 2 ? NULL : np_default_allocator());
        CHECK(fingerprint_into(f, &articles[i], &kept[i]) == NP_OK);
    }
    size_t agree = 0;
    for (size_t i = 0; i < N_ARTICLES; i++) {
        const void *data;
        size_t size;
        REQUIRE(np_fingerprint(g, &articles[i], &data, &size) == NP_OK);
        agree += kept[i].len == size && memcmp(kept[i].data, data, size) == 0;
        if (i == 0) {
            size_t at = after.len;
            CHECK(fingerprint_into(f, &articles[i], &after) == NP_OK);
            CHECK(after.len == at + size && memcmp(after.data + at, data, size) == 0);
            buf_clear(&elsewhere);
            CHECK(fingerprint_into(f, &articles[i], &elsewhere) == NP_OK);
            CHECK(elsewhere.len == size && memcmp(elsewhere.data, data, size) == 0);
            CHECK(elsewhere.allocator == &other.allocator);
        }
    }
    CHECK(agree == N_ARTICLES);
    for (size_t i = 0; i < N_ARTICLES; i++)
        buf_free(&kept[i]);
    buf_free(&after);
    buf_free(&elsewhere);
    CHECK(other.live == 0);
    np_fingerprinter_free(f);
    np_fingerprinter_free(g);
}

TEST(fingerprint_refuses_damage)
{
    make_articles();
    np_fingerprinter *fp = NULL;
    REQUIRE(np_fingerprinter_new(&fp, NULL) == NP_OK);
    const void *data = NULL;
    size_t size = 0;
    REQUIRE(np_fingerprint(fp, &articles[1], &data, &size) == NP_OK);
    /* a copy in 8-aligned memory, as fingerprints come */
    uint64_t *copy = malloc(size + 8);
    REQUIRE(copy != NULL);
    memcpy(copy, data, size);
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    /* every truncation is refused */
    size_t refused = 0;
    for (size_t cut = 0; cut < size; cut++)
        refused += np_engine_add_fingerprint(e, copy, cut) == NP_EINPUT;
    CHECK(refused == size);
    CHECK(np_engine_count(e) == 0);
    /* a wrong first byte (the magic) is refused; other flipped bytes are
     * refused or taken, never read out of bounds (ASan checks) */
    unsigned char *bytes = (unsigned char *)copy;
    for (size_t at = 0; at < size; at++) {
        unsigned char keep = bytes[at];
        bytes[at] ^= 0xA5;
        np_status st = np_engine_add_fingerprint(e, copy, size);
        CHECK(st == NP_OK || st == NP_EINPUT || st == NP_EPARAM);
        if (at == 0)
            CHECK(st == NP_EINPUT);
        bytes[at] = keep;
    }
    CHECK(np_engine_add_fingerprint(e, copy, size) == NP_OK);
    CHECK(np_engine_add_fingerprint(e, NULL, size) == NP_EPARAM);
    CHECK(np_engine_add_fingerprint(NULL, copy, size) == NP_EPARAM);
    CHECK(np_engine_run(e) == NP_OK);
    CHECK(np_engine_add_fingerprint(e, copy, size) == NP_EPARAM); /* after the run */
    np_engine_free(e);
    free(copy);
    /* an article the engine would refuse is refused here, with a reason */
    np_article no_id = articles[0];
    no_id.id = "";
    CHECK(np_fingerprint(fp, &no_id, &data, &size) == NP_EPARAM);
    CHECK(strlen(np_errmsg(fp)) > 0);
    CHECK(np_fingerprint(fp, NULL, &data, &size) == NP_EPARAM);
    np_fingerprinter_free(fp);
}

TEST(fingerprint_allocation_failures)
{
    make_articles();
    for (unsigned long n = 1; n < 200; n++) {
        failing_alloc f;
        failing_alloc_init(&f, n);
        np_fingerprinter *fp = NULL;
        np_status st = np_fingerprinter_new(&fp, &f.allocator);
        if (st == NP_OK) {
            for (size_t i = 0; i < N_ARTICLES; i++) {
                const void *data;
                size_t size;
                st = np_fingerprint(fp, &articles[i], &data, &size);
                CHECK(st == NP_OK || st == NP_ENOMEM);
            }
            np_fingerprinter_free(fp);
        } else {
            CHECK(st == NP_ENOMEM && fp == NULL);
        }
        CHECK(f.live == 0);
    }
}

TEST(fingerprint_copies_only)
{
    make_articles();
    np_engine *full = engine_by_add(0), *copies = engine_by_add(1);
    REQUIRE(full != NULL && copies != NULL);
    CHECK(np_engine_story_count(copies) == 0);
    CHECK(np_engine_storyline_count(copies) == 0);
    size_t n_copies = 0;
    for (size_t i = 0; i < np_engine_count(full); i++) {
        np_result x, y;
        REQUIRE(np_engine_result(full, i, &x) == NP_OK);
        REQUIRE(np_engine_result(copies, i, &y) == NP_OK);
        CHECK(y.story == NP_NO_STORY && y.storyline == NP_NO_STORY);
        /* the same copies and originals */
        CHECK_STR(x.relation, y.relation);
        CHECK((x.copy_of == NULL) == (y.copy_of == NULL));
        if (x.copy_of) {
            n_copies++;
            CHECK_STR(x.copy_of, y.copy_of);
            CHECK(x.score == y.score);
        }
    }
    CHECK(n_copies == 2); /* f2 exact and f3 near of f1 */
    np_story s;
    CHECK(np_engine_story(copies, 0, &s, NULL, 0, NULL) == NP_EPARAM);
    CHECK(np_engine_story_article(copies, 0, 0) == (size_t)-1);
    /* too late once articles are in */
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    REQUIRE(np_engine_add(e, &articles[0]) == NP_OK);
    CHECK(np_engine_copies_only(e) == NP_EPARAM);
    CHECK(np_engine_copies_only(NULL) == NP_EPARAM);
    np_engine_free(e);
    np_engine_free(full);
    np_engine_free(copies);
}

/* A copies-only fingerprinter's prints, without display forms, the dates
 * named and facts, give a copies-only engine the answer complete ones give,
 * and an engine that finds stories refuses them. */
/* Each article's print by full into want and by lean into got (and into
 * refuses, when given, which must refuse it), lean's never the larger.
 * returns: how many of lean's were smaller */
static size_t add_both_prints(np_fingerprinter *full, np_fingerprinter *lean, np_engine *want, np_engine *got,
                              np_engine *refuses)
{
    size_t smaller = 0;
    for (size_t i = 0; i < N_ARTICLES; i++) {
        const void *data = NULL, *lean_data = NULL;
        size_t size = 0, lean_size = 0;
        CHECK(np_fingerprint(full, &articles[i], &data, &size) == NP_OK);
        CHECK(np_engine_add_fingerprint(want, data, size) == NP_OK);
        CHECK(np_fingerprint(lean, &articles[i], &lean_data, &lean_size) == NP_OK);
        CHECK(np_engine_add_fingerprint(got, lean_data, lean_size) == NP_OK);
        if (refuses)
            CHECK(np_engine_add_fingerprint(refuses, lean_data, lean_size) == NP_EINPUT);
        CHECK(lean_size <= size);
        smaller += lean_size < size;
    }
    return smaller;
}

TEST(fingerprint_copies_only_prints)
{
    make_articles();
    np_fingerprinter *full = NULL, *lean = NULL;
    REQUIRE(np_fingerprinter_new(&full, NULL) == NP_OK);
    REQUIRE(np_fingerprinter_new(&lean, NULL) == NP_OK);
    REQUIRE(np_fingerprinter_copies_only(lean) == NP_OK);
    CHECK(np_fingerprinter_copies_only(NULL) == NP_EPARAM);
    np_engine *want = NULL, *got = NULL, *stories = NULL;
    REQUIRE(np_engine_new(&want, NULL, NULL) == NP_OK && np_engine_copies_only(want) == NP_OK);
    REQUIRE(np_engine_new(&got, NULL, NULL) == NP_OK && np_engine_copies_only(got) == NP_OK);
    REQUIRE(np_engine_new(&stories, NULL, NULL) == NP_OK);
    CHECK(add_both_prints(full, lean, want, got, stories) == N_ARTICLES - 1); /* e1 has no words to leave out */
    /* nor the facts (numbers with their words), which copy detection does not read */
    CHECK(want->n_nouns > 0 && got->n_nouns == 0);
    size_t fewer = 0;
    for (size_t i = 0; i < N_ARTICLES; i++) {
        const art *g = &got->arts[i], *w = &want->arts[i];
        CHECK(g->term_count == w->term_count && g->fact_count == 0);
        if (g->term_count == w->term_count) { /* the same words: stems, counts and kinds */
            held_terms x = held_terms_of(got, g), y = held_terms_of(want, w);
            REQUIRE(x.stems && x.tfs && x.flags && y.stems && y.tfs && y.flags);
            CHECK(memcmp(x.stems, y.stems, g->term_count * sizeof *x.stems) == 0);
            CHECK(memcmp(x.tfs, y.tfs, g->term_count * sizeof *x.tfs) == 0);
            CHECK(memcmp(x.flags, y.flags, g->term_count) == 0);
            held_terms_free(&x);
            held_terms_free(&y);
        }
        fewer += w->fact_count > 0;
    }
    CHECK(fewer > 0 && got->n_terms < want->n_terms);
    CHECK(np_engine_count(stories) == 0);
    CHECK(strstr(np_errmsg(stories), "copies-only") != NULL);
    CHECK(np_engine_run(want) == NP_OK && np_engine_run(got) == NP_OK);
    CHECK(same_answers(want, got));
    np_engine_free(want);
    np_engine_free(got);
    np_engine_free(stories);
    np_fingerprinter_free(full);
    np_fingerprinter_free(lean);
}

/* Prints without display forms (cluster --format jsonl and csv) are
 * smaller and give every answer the whole prints give, the same terms,
 * facts and counts, but no story keywords (the engine does not choose
 * them). */
TEST(fingerprint_without_forms_prints)
{
    make_articles();
    np_fingerprinter *full = NULL, *lean = NULL;
    REQUIRE(np_fingerprinter_new(&full, NULL) == NP_OK && np_fingerprinter_new(&lean, NULL) == NP_OK);
    fingerprinter_without_forms(lean, 1);
    np_engine *want = NULL, *got = NULL;
    REQUIRE(np_engine_new(&want, NULL, NULL) == NP_OK && np_engine_new(&got, NULL, NULL) == NP_OK);
    CHECK(add_both_prints(full, lean, want, got, NULL) == N_ARTICLES - 1); /* e1 has no words */
    REQUIRE(got->n_terms == want->n_terms && got->n_nouns == want->n_nouns);
    CHECK(want->n_nouns > 0);
    CHECK(got->n_term_bytes == want->n_term_bytes);
    CHECK(memcmp(got->terms, want->terms, got->n_term_bytes) == 0);
    CHECK(memcmp(got->nouns, want->nouns, got->n_nouns * sizeof *got->nouns) == 0);
    CHECK(memcmp(got->arts, want->arts, N_ARTICLES * sizeof *got->arts) == 0);
    CHECK(np_engine_run(want) == NP_OK && np_engine_run(got) == NP_OK);
    CHECK(answers_agree(want, got, 0));
    size_t with_keywords = 0;
    for (size_t s = 0; s < np_engine_story_count(got); s++) {
        np_story x;
        const char *kw[8];
        size_t n_want = 0, n_got = 0;
        CHECK(np_engine_story(want, s, &x, kw, 8, &n_want) == NP_OK);
        CHECK(np_engine_story(got, s, &x, kw, 8, &n_got) == NP_OK);
        with_keywords += n_want > 0;
        CHECK(n_got == 0);
    }
    CHECK(with_keywords > 0);
    /* nor are they chosen: no form to write them with */
    CHECK(want->story_keywords != NULL && got->story_keywords == NULL);
    np_engine_free(want);
    np_engine_free(got);
    np_fingerprinter_free(full);
    np_fingerprinter_free(lean);
}

/* The days a text names are kept beside the records, for the articles
 * that name any (ART_MENTIONS): each reads back its own, in the order
 * named, and an article naming none reads none.  The records hold 64
 * bytes each; the date, source and language one dateline among those
 * the articles share. */
TEST(engine_mentions_beside_records)
{
    make_articles();
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    static const char *const named[] = { "The council meets on March 4 and again on April 12 to vote." };
    static const char *const none[] = { "The council meets again next week to vote on the harbour wall." };
    for (size_t i = 0; i < 5; i++) {
        np_article a = articles[0];
        char id[8];
        snprintf(id, sizeof id, "m%zu", i);
        a.id = id;
        a.paragraphs = i % 2 ? named : none;
        a.n_paragraphs = 1;
        REQUIRE(np_engine_add(e, &a) == NP_OK);
    }
    CHECK(e->n_mentions == 2);
    CHECK(e->n_datelines == 1);
    for (uint32_t i = 0; i < 5; i++) {
        uint16_t days[ART_MENTIONS_MAX];
        memset(days, 0xFF, sizeof days);
        engine_mentions(e, i, days);
        if (i % 2) {
            CHECK(e->arts[i].marks & ART_MENTIONS);
            CHECK(days[0] == (3 << 5 | 4) && days[1] == (4 << 5 | 12) && days[2] == 0 && days[3] == 0);
        } else {
            CHECK(!(e->arts[i].marks & ART_MENTIONS));
            CHECK(days[0] == 0 && days[1] == 0 && days[2] == 0 && days[3] == 0);
        }
    }
    np_engine_stats st;
    REQUIRE(np_engine_run(e) == NP_OK);
    np_engine_stats_get(e, &st);
    CHECK(st.held[NP_HELD_META] == 5 * 64 + e->strings.len + sizeof(dateline) + 2 * sizeof(art_mentions));
    np_engine_free(e);
}

/* An article's metadata strings are kept once when an article before gave
 * the same bytes (intern.c): f1 and f2 share their title and date, every
 * article its language; ids are kept each, absent strings are none, and
 * each string reads back as given (the url is not kept: no answer reads
 * it; an untitled article's lead is).  Titles that start alike (each the
 * next's start, the table grown past its first size on the way) and a
 * title equal to a source are told apart or shared by their bytes alone. */
TEST(engine_strings_kept_once)
{
    make_articles();
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    for (size_t i = 0; i < N_ARTICLES; i++)
        REQUIRE(np_engine_add(e, &articles[i]) == NP_OK);
    const art *a = e->arts;
    dateline d[N_ARTICLES];
    for (size_t i = 0; i < N_ARTICLES; i++)
        d[i] = *engine_dateline(e, &a[i]);
    CHECK(a[0].title == a[1].title && d[0].date == d[1].date && d[0].date == d[4].date);
    CHECK(d[0].lang == d[3].lang && d[0].lang == d[5].lang);
    CHECK(a[0].id != a[1].id && a[0].title != a[2].title && d[0].date != d[2].date);
    /* a lead for an untitled article with a body only: f1 has a title, e1 no body */
    CHECK(a[5].title == NO_STRING && d[0].source == NO_STRING && engine_lead(e, 0) == NO_STRING &&
          engine_lead(e, 5) == NO_STRING);
    /* attributions beside the records: f2's alone ("Reuters; AFP") */
    CHECK(e->n_attributions == 1 && (a[1].marks & ART_ATTRIBUTED) && engine_attribution(e, 0) == NO_STRING);
    CHECK(strcmp(engine_string(e, engine_attribution(e, 1)), "Reuters; AFP") == 0);
    for (size_t i = 0; i < N_ARTICLES; i++) {
        const np_article *x = &articles[i];
        CHECK(strcmp(engine_string(e, a[i].id), x->id) == 0);
        CHECK(x->title ? strcmp(engine_string(e, a[i].title), x->title) == 0 : a[i].title == NO_STRING);
        CHECK(strcmp(engine_string(e, d[i].lang), "en") == 0);
    }
    CHECK(strcmp(engine_string(e, d[1].source), "wire.example") == 0);
    enum { PREFIXES = 600 };
    char title[PREFIXES + 1], id[16];
    memset(title, 'x', sizeof title);
    np_article more = articles[3];
    more.source = "Norland";
    for (size_t n = 1; n <= PREFIXES; n++) { /* "x", "xx", ... each a title of its own */
        title[n] = '\0';
        snprintf(id, sizeof id, "p%zu", n);
        more.id = id, more.title = title;
        REQUIRE(np_engine_add(e, &more) == NP_OK);
        title[n] = 'x';
    }
    more.id = "last", more.title = "Norland"; /* the bytes of a source before: one string */
    REQUIRE(np_engine_add(e, &more) == NP_OK);
    size_t n_arts = np_engine_count(e);
    REQUIRE(n_arts == N_ARTICLES + PREFIXES + 1);
    for (size_t n = 1; n <= PREFIXES; n++) {
        const art *r = &e->arts[N_ARTICLES + n - 1];
        const char *got = engine_string(e, r->title);
        CHECK(strlen(got) == n && strspn(got, "x") == n);
        CHECK(engine_dateline(e, r)->source == engine_dateline(e, &e->arts[N_ARTICLES])->source);
        CHECK(r->dateline == e->arts[N_ARTICLES].dateline); /* the same date, source and language: one dateline */
    }
    CHECK(e->arts[n_arts - 1].title == engine_dateline(e, &e->arts[n_arts - 1])->source);
    /* an untitled article's lead: its first paragraph's first NP_LEAD_BYTES,
     * cut before a character that would not fit (the é at bytes 63-64) */
    static const char *const untitled[] = { "Over the Marrow at Eastwick the water rose a metre, and the caf\xC3\xA9 "
                                            "on Mill Lane closed.", "A second paragraph." };
    more.id = "u1", more.title = NULL, more.paragraphs = untitled, more.n_paragraphs = 2;
    REQUIRE(np_engine_add(e, &more) == NP_OK);
    more.id = "u2", more.title = "Titled";
    REQUIRE(np_engine_add(e, &more) == NP_OK);
    more.id = "u3", more.title = NULL, more.paragraphs = untitled + 1, more.n_paragraphs = 1;
    REQUIRE(np_engine_add(e, &more) == NP_OK);
    const char *lead = engine_string(e, engine_lead(e, (uint32_t)n_arts));
    CHECK(lead && strlen(lead) == NP_LEAD_BYTES - 1 && strncmp(lead, untitled[0], NP_LEAD_BYTES - 1) == 0);
    /* leads beside the records, each found by its article */
    CHECK(e->n_leads == 2 && engine_lead(e, (uint32_t)n_arts + 1) == NO_STRING);
    CHECK(strcmp(engine_string(e, engine_lead(e, (uint32_t)n_arts + 2)), untitled[1]) == 0);
    CHECK(e->intern_cap >= 2 * PREFIXES);
    CHECK(np_engine_run(e) == NP_OK && e->interned == NULL); /* the table is the intake's alone */
    np_engine_free(e);
}

TEST(fingerprint_engine_threads)
{
    make_articles();
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    CHECK(np_engine_set_threads(e, 0) == NP_EPARAM);
    CHECK(np_engine_set_threads(NULL, 2) == NP_EPARAM);
    CHECK(np_engine_set_threads(e, 4) == NP_OK);
    for (size_t i = 0; i < N_ARTICLES; i++)
        CHECK(np_engine_add(e, &articles[i]) == NP_OK);
    REQUIRE(np_engine_run(e) == NP_OK);
    np_engine *want = engine_by_add(0);
    REQUIRE(want != NULL);
    CHECK(same_answers(want, e));
    np_engine_free(want);
    np_engine_free(e);
}

/* An engine's compact pools give back the fingerprint's terms and sentence
 * stems exactly: the common case (stems as places among the words), a tf
 * past TF_BIG and a long text (places past 2^15);
 * a sentence stem code that is not one of the article's words refused, and
 * so are a sentence's codes out of order. */
TEST(fingerprint_compact_pools)
{
    enum { REPEATS = TF_BIG + 100, WIDE_WORDS = (1 << 15) + 500 };
    static const char consonants[] = "bcdfghklmnprtvz", vowels[] = "aoui";
    char *repeated = malloc(REPEATS * 6 + 2), *wide = malloc((size_t)WIDE_WORDS * 7 + 2);
    REQUIRE(repeated && wide);
    char *p = repeated;
    for (size_t k = 0; k < REPEATS; k++)
        p += sprintf(p, "%s", k % 100 == 99 ? "rain. " : "rain ");
    strcpy(p, ".");
    p = wide;
    for (size_t k = 0; k < WIDE_WORDS; k++) {
        /* distinct made-up words: consonant, vowel, consonant, vowel, consonant */
        size_t c = sizeof consonants - 1, v = sizeof vowels - 1;
        p += sprintf(p, "%c%c%c%c%c%s", consonants[k % c], vowels[k / c % v], consonants[k / c / v % c],
                     vowels[k / c / v / c % v], consonants[k / c / v / c / v % c], k % 10 == 9 ? ". " : " ");
    }
    strcpy(p, ".");
    make_articles();
    np_article big = articles[0], many = articles[3], odd = articles[4];
    const char *big_text[] = { flood[0], repeated }, *many_text[] = { budget[0], wide };
    big.id = "big", big.paragraphs = big_text, big.n_paragraphs = 2;
    many.id = "many", many.paragraphs = many_text, many.n_paragraphs = 2;
    odd.id = "odd";
    const np_article *list[] = { &articles[0], &big, &articles[3], &many, &articles[5], &odd };
    np_fingerprinter *fp = NULL;
    np_engine *e = NULL;
    REQUIRE(np_fingerprinter_new(&fp, NULL) == NP_OK);
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    uint32_t *stems = NULL;
    uint64_t *copy = NULL;
    size_t big_tfs = 0;
    uint32_t *sizes = NULL, widest = 0;
    for (size_t i = 0; i < sizeof list / sizeof *list; i++) {
        const void *data;
        size_t size;
        print_keys k;
        REQUIRE(np_fingerprint(fp, list[i], &data, &size) == NP_OK);
        if (list[i] == &odd) {
            /* a sentence stem code past the article's words (a damaged
             * fingerprint from elsewhere): refused, leaving no trace, and
             * the article then taken as made */
            free(copy);
            REQUIRE((copy = malloc(size)) != NULL);
            memcpy(copy, data, size);
            REQUIRE(print_keys_read(copy, size, &k) && k.n_sents > 0 && k.sents[0].n_stems > 0);
            uint32_t *first = (uint32_t *)k.stem_codes;
            first[0] = k.n_terms << 1 | (first[0] & 1);
            CHECK(np_engine_add_fingerprint(e, copy, size) == NP_EINPUT);
            memcpy(copy, data, size);
            REQUIRE(print_keys_read(copy, size, &k) && k.sents[0].n_stems > 1);
            uint32_t *codes = (uint32_t *)k.stem_codes, swapped = codes[0];
            codes[0] = codes[1];
            codes[1] = swapped;
            CHECK(np_engine_add_fingerprint(e, copy, size) == NP_EINPUT);
        }
        REQUIRE(print_keys_read(data, size, &k));
        REQUIRE(np_engine_add_fingerprint(e, data, size) == NP_OK);
        const art *r = &e->arts[i];
        REQUIRE(r->term_count == k.n_terms && r->sent_count == k.n_sents);
        held_terms words = held_terms_of(e, r);
        REQUIRE(words.stems && words.tfs && words.flags);
        for (uint32_t t = 0; t < k.n_terms; t++) {
            CHECK(words.stems[t] == k.terms[t].stem);
            CHECK(words.tfs[t] == k.terms[t].tf);
            CHECK(words.flags[t] == k.terms[t].flags);
            big_tfs += k.terms[t].tf >= TF_BIG;
        }
        size_t n = engine_sentence_stem_count(e, r);
        uint32_t *grown = realloc(stems, (n + 1) * sizeof *stems);
        REQUIRE(grown);
        stems = grown;
        uint32_t *more = realloc(sizes, (r->sent_count + 1) * sizeof *sizes);
        REQUIRE(more);
        sizes = more;
        CHECK(engine_sentence_stems(e, r, words.stems, stems, n, sizes) == n);
        CHECK(n == 0 || engine_sentence_stems(e, r, words.stems, stems, n - 1, sizes) == n); /* counted past the room */
        held_terms_free(&words);
        size_t want = 0, same = 0;
        for (uint32_t s = 0; s < k.n_sents; s++) {
            want += k.sents[s].n_stems;
            CHECK(sizes[s] == k.sents[s].n_stems);
        }
        CHECK(n == want);
        /* each the stem of the word at its code's place, with its name bit */
        for (size_t c = 0; c < n && c < want; c++) {
            uint32_t code = k.stem_codes[c];
            same += stems[c] == ((k.terms[code >> 1].stem & ~1u) | (code & 1u));
            widest = code >> 1 > widest ? code >> 1 : widest;
        }
        CHECK(same == n);
        CHECK(n ? r->stem_rice < 32 : r->stem_rice == STEM_RICE_NONE);
    }
    CHECK(big_tfs >= 1);
    CHECK(widest >= 1u << 15); /* places among the 33,268 words of `many` */
    CHECK(np_engine_run(e) == NP_OK);
    free(stems);
    free(sizes);
    free(copy);
    free(repeated);
    free(wide);
    np_engine_free(e);
    np_fingerprinter_free(fp);
}

/* A short text's shingles are found by its index among the short texts
 * (short_text), not in its record: the exact Jaccard of two short texts
 * is the same with long texts (no shingles kept) added between them as
 * without, and a text against its exact copy is 1. */
TEST(engine_short_texts_shingles_found)
{
    enum { LONG_WORDS = 400 };
    char *long_text = malloc(LONG_WORDS * 7 + 2);
    REQUIRE(long_text);
    char *p = long_text;
    for (size_t k = 0; k < LONG_WORDS; k++)
        p += sprintf(p, "%c%c%c%c%s", "bcdfghklmnprtvz"[k % 15], "aoui"[k / 15 % 4], "bcdfghklmnprtvz"[k / 60 % 15],
                     "aeiou"[k / 900 % 5], k % 10 == 9 ? ". " : " ");
    strcpy(p, ".");
    make_articles();
    const char *long_paragraphs[] = { long_text };
    np_article long_a = articles[5], long_b = articles[5];
    long_a.id = "long-a", long_b.id = "long-b";
    long_a.paragraphs = long_b.paragraphs = long_paragraphs;
    long_a.n_paragraphs = long_b.n_paragraphs = 1;
    /* the short ones (f1, f2 its copy, f3 a near copy, b1, b2), with and
     * without long texts between them */
    const np_article *mixed[] = { &long_a, &articles[0], &articles[1], &long_b, &articles[2], &articles[3],
                                  &long_a, &long_b, &articles[4], &long_b };
    const np_article *shorts[] = { &articles[0], &articles[1], &articles[2], &articles[3], &articles[4] };
    const size_t at_mixed[] = { 1, 2, 4, 5, 8 };
    np_engine *e = NULL, *alone = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK && np_engine_new(&alone, NULL, NULL) == NP_OK);
    for (size_t i = 0; i < sizeof mixed / sizeof *mixed; i++) {
        np_article a = *mixed[i];
        char id[32];
        snprintf(id, sizeof id, "%s-%zu", a.id, i);
        a.id = id;
        REQUIRE(np_engine_add(e, &a) == NP_OK);
    }
    for (size_t i = 0; i < sizeof shorts / sizeof *shorts; i++)
        REQUIRE(np_engine_add(alone, shorts[i]) == NP_OK);
    size_t shingled = 0, paired = 0; /* a text keeping word pairs has a second entry */
    for (size_t i = 0; i < e->n_arts; i++) {
        shingled += (e->arts[i].marks & ART_SHINGLED) != 0;
        paired += (e->arts[i].marks & ART_WORD_PAIRS) != 0;
    }
    CHECK(shingled == 5 && e->n_short_texts == 5 + paired);
    CHECK(!(e->arts[0].marks & ART_SHINGLED) && (e->arts[1].marks & ART_SHINGLED));
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++) {
            CHECK(verify_jaccard(e, (uint32_t)at_mixed[i], (uint32_t)at_mixed[j]) ==
                  verify_jaccard(alone, (uint32_t)i, (uint32_t)j));
            CHECK(verify_word_pairs(e, (uint32_t)at_mixed[i], (uint32_t)at_mixed[j]) ==
                  verify_word_pairs(alone, (uint32_t)i, (uint32_t)j));
        }
    CHECK(verify_jaccard(e, 1, 2) == 1.0f);
    float near = verify_jaccard(e, 1, 4);
    CHECK(near > 0.8f && near < 1.0f);
    CHECK(verify_jaccard(e, 1, 5) < 0.1f);
    CHECK(np_engine_run(e) == NP_OK && np_engine_run(alone) == NP_OK);
    np_engine_free(e);
    np_engine_free(alone);
    free(long_text);
}

/* sort_keyed_in_place gives sort_keyed's order (by key, then article, as a
 * stable sort of entries made in article order keeps it) whatever the
 * keys' range: 64-bit hashes, 32-bit stems, one key for all. */
TEST(fingerprint_sort_keyed_in_place)
{
    enum { N = 60000 };
    const np_allocator *al = np_default_allocator();
    keyed *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b);
    REQUIRE(a && b);
    uint64_t x = 88172645463325252ull;
    for (int range = 0; range < 3; range++) {
        size_t n = 0;
        for (uint32_t id = 0; n < N; id++) {
            for (int per = 0; per < 3 && n < N; per++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                /* few distinct keys, so runs are long and cross ranges */
                uint64_t key = (x % 5000) * 0x9e3779b97f4a7c15ull;
                if (range == 1)
                    key >>= 32;
                if (range == 2)
                    key = 7;
                a[n++] = (keyed){ key, id };
            }
        }
        memcpy(b, a, N * sizeof *a);
        CHECK(sort_keyed(al, a, N) == NP_OK);
        CHECK(sort_keyed_in_place(al, b, N) == NP_OK);
        int same = 1;
        for (size_t i = 0; i < N; i++)
            same &= a[i].key == b[i].key && a[i].art == b[i].art;
        CHECK(same);
        for (size_t i = 1; i < N; i++)
            same &= a[i - 1].key < a[i].key || (a[i - 1].key == a[i].key && a[i - 1].art <= a[i].art);
        CHECK(same);
    }
    free(a);
    free(b);
}

/* verify_may_link, by which the candidate stage drops sentence pairs
 * unread, never rules out a pair that verification finds a copy; and it
 * does rule out a short text sharing two sentences with a long one three
 * months apart (no excerpt, no near copy, too far for a rewrite). */
static const char *const harbour[] = {
    "The new ferry terminal at Pellow Harbour opened to passengers on Friday morning after four years of work.",
    "Councillor Agnes Morrow cut the ribbon in front of about two hundred residents and dock workers.",
    "The terminal can handle three ferries at once and has a waiting hall with room for six hundred people.",
    "Its cost rose from 40 million to 58 million during construction, mostly because of flood defences.",
    "Operators expect the number of crossings to the Tarrin islands to double within five years.",
    "Local shops near the quay said trade had already picked up in the week before the opening.",
    "A second phase with a covered car park and a bus station is planned to start next spring.",
    "The old wooden pier, in use since 1921, will be kept as a walkway for anglers and visitors.",
};
static const char *const harbour_brief[] = {
    "Councillor Agnes Morrow cut the ribbon in front of about two hundred residents and dock workers.",
    "Its cost rose from 40 million to 58 million during construction, mostly because of flood defences.",
    "Fishermen on the island of Corran complained that the new timetable ignores the early tides.",
    "Their association will meet the ferry company at the end of the month to ask for a dawn sailing.",
};


/* An engine, not run, of n English articles: texts[i]'s lengths[i]
 * paragraphs, dated dates[i]; without rewrites when asked
 * (np_engine_no_rewrites); NULL when it cannot be made. */
static np_engine *engine_of_texts_as(size_t n, const char *const ids[], const char *const dates[],
                                     const char *const *const texts[], const size_t lengths[], int no_rewrites)
{
    np_engine *e = NULL;
    if (np_engine_new(&e, NULL, NULL) != NP_OK)
        return NULL;
    if (no_rewrites && np_engine_no_rewrites(e) != NP_OK) {
        np_engine_free(e);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        np_article a = { .id = ids[i], .date = dates[i], .timestamp = NP_NO_TIME, .lang = "en",
                         .paragraphs = texts[i], .n_paragraphs = lengths[i], .words = 17 * lengths[i] };
        if (np_engine_add(e, &a) != NP_OK) {
            np_engine_free(e);
            return NULL;
        }
    }
    return e;
}

static np_engine *engine_of_texts(size_t n, const char *const ids[], const char *const dates[],
                                  const char *const *const texts[], const size_t lengths[])
{
    return engine_of_texts_as(n, ids, dates, texts, lengths, 0);
}

TEST(verify_may_link_never_rules_out_a_copy)
{
    enum { N = 6 };
    const char *ids[N] = { "long", "brief-far", "brief-close", "excerpt-far", "near-far", "edited-far" };
    const char *dates[N] = { "2025-01-10", "2025-04-10", "2025-01-12", "2025-05-01", "2025-06-01", "2025-07-01" };
    /* a near copy: one word added; an edited one: every other sentence's
     * last words changed (too few sentences in common for an excerpt,
     * most shingles) */
    const char *near[8], *edited[8];
    memcpy(near, harbour, sizeof near);
    memcpy(edited, harbour, sizeof edited);
    near[1] = "Councillor Agnes Morrow cut the ribbon in front of about two hundred local residents and dock workers.";
    edited[0] = "The new ferry terminal at Pellow Harbour opened to passengers on Friday morning after four years of building.";
    edited[2] = "The terminal can handle three ferries at once and has a waiting hall with room for six hundred travellers.";
    edited[4] = "Operators expect the number of crossings to the Tarrin islands to double within five summers.";
    edited[6] = "A second phase with a covered car park and a bus station is planned to start next year.";
    const char *const *texts[N] = { harbour, harbour_brief, harbour_brief, harbour + 2, near, edited };
    size_t lengths[N] = { 8, 4, 4, 3, 8, 8 };
    np_engine *e = engine_of_texts(N, ids, dates, texts, lengths);
    REQUIRE(e);
    /* not run: the pairs are judged as `newsprint compare` judges them */
    size_t copies = 0, ruled_out = 0;
    int far_ruled_out = 0, close_kept = 0, edited_near = 0;
    for (uint32_t x = 0; x < N; x++)
        for (uint32_t y = x + 1; y < N; y++) {
            copy_link l;
            int is_copy = 0;
            REQUIRE(verify_compare(e, x, y, &l, &is_copy, NULL) == NP_OK);
            uint32_t ix = engine_indexed_sentences(e, &e->arts[x]), iy = engine_indexed_sentences(e, &e->arts[y]);
            int may = verify_may_link(e, x, y, l.shared_sentences, ix < iy ? ix : iy);
            /* the candidate stage asks it of packed facts: the same answer */
            link_facts fx = verify_link_facts(e, x), fy = verify_link_facts(e, y);
            CHECK(verify_facts_may_link(&e->params, &fx, &fy, l.shared_sentences) == may);
            CHECK(fx.indexed == ix && fy.indexed == iy);
            copies += is_copy;
            ruled_out += !may;
            if (is_copy && !may)
                printf("     %s and %s: a copy, yet ruled out\n", ids[x], ids[y]);
            CHECK(may || !is_copy);
            if (x == 0 && y == 1)
                far_ruled_out = !may && l.shared_sentences == 2;
            if (x == 0 && y == 2)
                close_kept = may;
            if (x == 0 && y == 5) /* near by its shingles alone */
                edited_near = is_copy && l.kind == LINK_NEAR && l.containment < 0.6f;
        }
    CHECK(copies >= 2); /* the excerpt and the near copy of "long" */
    CHECK(far_ruled_out);
    CHECK(close_kept);
    CHECK(edited_near);
    CHECK(ruled_out >= 1);
    np_engine_free(e);
}

/* Without rewrites no pair may be one: a pair dated close together is
 * judged as one dated far apart is (NO_REWRITE_DAY), kept only where a
 * copy test can hold; the excerpt and the near copy are still kept. */
TEST(verify_facts_without_rewrites_rule_out_a_close_pair_as_a_far_one)
{
    enum { N = 4 };
    const char *ids[N] = { "long", "brief-close", "excerpt-close", "near-close" };
    const char *dates[N] = { "2025-01-10", "2025-01-12", "2025-01-11", "2025-01-10" };
    const char *near[8];
    memcpy(near, harbour, sizeof near);
    near[1] = "Councillor Agnes Morrow cut the ribbon in front of about two hundred local residents and dock workers.";
    const char *const *texts[N] = { harbour, harbour_brief, harbour + 2, near };
    size_t lengths[N] = { 8, 4, 3, 8 };
    int kept[2][N] = { { 0 } };
    for (int lean = 0; lean < 2; lean++) {
        np_engine *e = engine_of_texts_as(N, ids, dates, texts, lengths, lean);
        REQUIRE(e);
        link_facts f0 = verify_link_facts(e, 0);
        for (uint32_t y = 1; y < N; y++) {
            copy_link l;
            int is_copy = 0;
            REQUIRE(verify_compare(e, 0, y, &l, &is_copy, NULL) == NP_OK);
            link_facts fy = verify_link_facts(e, y);
            kept[lean][y] = verify_facts_may_link(&e->params, &f0, &fy, l.shared_sentences);
        }
        np_engine_free(e);
    }
    CHECK(kept[0][1]);  /* with rewrites: the brief may be one */
    CHECK(!kept[1][1]); /* without: it can be no copy */
    CHECK(kept[1][2]);
    CHECK(kept[1][3]);
}

/* verify_pairs keeps the articles it decoded (their term stems and
 * sentence places) for the pairs after: every pair it judges, of 48
 * re-worded versions of four texts, in the order the candidate stage
 * gives (by first article: each second article met again after more
 * than the kept number of others), is judged as verify_compare judges it
 * with nothing kept. */
TEST(verify_pairs_as_compare_with_articles_kept)
{
    enum { N = 48, SOURCES = 4, SENTENCES = 8, WORDS = 14 };
    static const char *const pool[] = { "amber",  "basalt", "cobalt",  "dune",   "ember",   "fjord",
                                        "glacier", "heron", "iris",    "juniper", "kelp",   "lagoon",
                                        "meadow", "nectar", "orchid",  "prairie", "quartz", "raven" };
    static const char *const topic[SOURCES][4] = {
        { "ferry", "terminal", "harbour", "passengers" },
        { "orchard", "apples", "harvest", "growers" },
        { "library", "books", "reading", "shelves" },
        { "council", "budget", "taxes", "schools" },
    };
    static const char *const filler[] = { "the",  "new",    "town",   "said",   "after",  "years",   "people",
                                          "local", "plan",  "week",   "board",  "cost",   "million", "city",
                                          "north", "river", "market", "summer", "spring", "workers" };
    char *bodies[N][SENTENCES];
    const char *paras[N][SENTENCES];
    const char *const *texts[N];
    const char *ids[N], *dates[N];
    size_t lengths[N];
    char id_room[N][16];
    for (size_t i = 0; i < N; i++) {
        size_t src = i % SOURCES;
        for (size_t s = 0; s < SENTENCES; s++) {
            char *b = malloc(400);
            REQUIRE(b);
            size_t at = 0;
            for (size_t w = 0; w < WORDS; w++) {
                const char *word = w % 3 == 0 ? topic[src][(w / 3 + s) % 4] : filler[(w * 7 + s * 3 + src) % 20];
                if ((w + s + i / SOURCES) % 4 == 0) /* re-worded: one word in four, a different one each version */
                    word = pool[(w * 5 + s + i) % 18];
                at += (size_t)snprintf(b + at, 400 - at, "%s%s", w ? " " : "", word);
            }
            snprintf(b + at, 400 - at, ".");
            b[0] = (char)toupper((unsigned char)b[0]);
            bodies[i][s] = b;
            paras[i][s] = b;
        }
        snprintf(id_room[i], sizeof id_room[i], "v%02zu", i);
        ids[i] = id_room[i];
        dates[i] = i % 2 ? "2025-03-02" : "2025-03-01";
        texts[i] = paras[i];
        lengths[i] = SENTENCES;
    }
    np_engine *e = engine_of_texts(N, ids, dates, texts, lengths);
    REQUIRE(e);
    pair *pairs = np_alloc_array(e->allocator, N * N, sizeof *pairs);
    copy_link *want = np_alloc_array(e->allocator, N * N, sizeof *want);
    int *copy = np_alloc_array(e->allocator, N * N, sizeof *copy);
    REQUIRE(pairs && want && copy);
    size_t n = 0;
    for (uint32_t x = 0; x < N; x++)
        for (uint32_t y = x + 1; y < N; y++, n++) {
            REQUIRE(verify_compare(e, x, y, &want[n], &copy[n], NULL) == NP_OK);
            pairs[n] = (pair){ x, y, want[n].shared_sentences, PAIR_TERMS };
        }
    REQUIRE(verify_pairs(e, pairs, n) == NP_OK);
    size_t at = 0, rewrites = 0, aligned = 0;
    for (size_t k = 0; k < n; k++) {
        aligned += want[k].aligned > 0;
        if (!copy[k])
            continue;
        REQUIRE(at < e->n_links);
        const copy_link *l = &e->links[at++];
        CHECK(l->a == pairs[k].a && l->b == pairs[k].b);
        CHECK(l->kind == want[k].kind);
        CHECK(l->score == want[k].score);
        if (want[k].kind == LINK_REWRITE) {
            rewrites++;
            CHECK(l->vocabulary == want[k].vocabulary);
            CHECK(l->aligned == want[k].aligned && l->ordered == want[k].ordered);
        }
    }
    CHECK(at == e->n_links);
    CHECK(rewrites >= 100); /* the case itself: many alignments, articles met again after others */
    CHECK(aligned >= 200);
    np_free(e->allocator, pairs);
    np_free(e->allocator, want);
    np_free(e->allocator, copy);
    np_engine_free(e);
    for (size_t i = 0; i < N; i++)
        for (size_t s = 0; s < SENTENCES; s++)
            free(bodies[i][s]);
}

/* The sentence pairs keep no pair that verification could only reject:
 * two articles sharing two stock sentences, of a length for near but dated
 * too far apart for a rewrite and with few shingles in common, are no
 * candidates (they were: at 200k, four sentence pairs in five), while a
 * near copy dated as far apart and a text sharing the same sentences
 * within the rewrite window still are; and every pair verify_compare
 * judges a copy is a candidate. */
TEST(candidates_sentence_pairs_far_only_near)
{
    enum { N = 5 };
    static const char *const other_far[] = {
        "Councillor Agnes Morrow cut the ribbon in front of about two hundred residents and dock workers.",
        "Its cost rose from 40 million to 58 million during construction, mostly because of flood defences.",
        "Orchard growers in the Velden valley reported their largest apple harvest in a decade this autumn.",
        "Cooler nights in September helped the fruit colour well and kept the pests away from the trees.",
        "Cider makers bought more than usual and paid slightly higher prices than they did last season.",
        "Some growers still worry about labour, since fewer seasonal pickers arrived from abroad this year.",
        "The regional board plans a new cold store so that apples can be sold later into the spring.",
        "A tasting festival in the market square drew families from all over the province on Sunday.",
    };
    static const char *const other_close[] = {
        "Councillor Agnes Morrow cut the ribbon in front of about two hundred residents and dock workers.",
        "Its cost rose from 40 million to 58 million during construction, mostly because of flood defences.",
        "The city library reopened its reading room after a long renovation of the roof and the windows.",
        "Volunteers moved forty thousand books back onto the shelves over three weekends in a row.",
        "A new children's corner has low tables, cushions and a small stage for puppet shows and readings.",
        "Opening hours will be extended to nine in the evening on weekdays from the start of next month.",
        "The library also lends tools, board games and musical instruments to anyone with a card.",
        "Its director thanked the donors whose gifts paid for almost half of the renovation's cost.",
    };
    const char *near[8];
    memcpy(near, harbour, sizeof near);
    near[1] = "Councillor Agnes Morrow cut the ribbon in front of about two hundred local residents and dock workers.";
    const char *ids[N] = { "long", "other-far", "near-far", "other-close", "brief-far" };
    const char *dates[N] = { "2025-01-10", "2025-06-01", "2025-07-01", "2025-01-12", "2025-04-10" };
    const char *const *texts[N] = { harbour, other_far, near, other_close, harbour_brief };
    size_t lengths[N] = { 8, 8, 8, 8, 4 };
    np_engine *e = engine_of_texts(N, ids, dates, texts, lengths);
    REQUIRE(e);
    pair *pairs = NULL;
    size_t n_pairs = 0;
    REQUIRE(candidates_find(e, &pairs, &n_pairs) == NP_OK);
    int is_pair[N][N] = { { 0 } };
    for (size_t i = 0; i < n_pairs; i++)
        is_pair[pairs[i].a][pairs[i].b] = 1;
    np_free(e->allocator, pairs);
    for (uint32_t x = 0; x < N; x++)
        for (uint32_t y = x + 1; y < N; y++) {
            copy_link l;
            int is_copy = 0;
            REQUIRE(verify_compare(e, x, y, &l, &is_copy, NULL) == NP_OK);
            if (is_copy && !is_pair[x][y])
                printf("     %s and %s: a copy, yet no candidate\n", ids[x], ids[y]);
            CHECK(!is_copy || is_pair[x][y]);
            if (x == 0 && y == 1) { /* the case itself: two sentences, a length for near, far, few shingles */
                CHECK(!is_copy && l.shared_sentences == 2 && l.jaccard < e->params.near_jaccard);
                uint32_t i0 = engine_indexed_sentences(e, &e->arts[0]), i1 = engine_indexed_sentences(e, &e->arts[1]);
                CHECK(verify_may_link(e, 0, 1, l.shared_sentences, i0 < i1 ? i0 : i1));
            }
            if (x == 0 && y == 2)
                CHECK(is_copy && l.kind == LINK_NEAR);
        }
    CHECK(!is_pair[0][1]);
    CHECK(is_pair[0][2]);
    CHECK(is_pair[0][3]);
    np_engine_free(e);
}

/* np_engine_on_stage: each stage announced once, in order, on the calling
 * thread, the long steps' percents growing; no stories stage in a
 * copies-only run; on one thread or two. */
typedef struct stage_log {
    np_stage stages[8];
    size_t n, steps;
    char last[96];      /* the last step told with its percent, without it */
    int last_percent;
    size_t percents, backwards;
} stage_log;

static void log_stage(void *arg, np_stage stage, const char *step)
{
    stage_log *l = arg;
    if (!step) {
        if (l->n < 8)
            l->stages[l->n++] = stage;
        return;
    }
    l->steps++;
    /* "STEP, N%": within one step the percent only grows, to 100 at most */
    const char *comma = strrchr(step, ',');
    int percent;
    if (!comma || sscanf(comma, ", %d%%", &percent) != 1)
        return;
    l->percents++;
    size_t n = (size_t)(comma - step);
    if (n < sizeof l->last && strncmp(l->last, step, n) == 0 && l->last[n] == '\0' &&
        percent <= l->last_percent)
        l->backwards++;
    if (percent < 0 || percent > 100)
        l->backwards++;
    snprintf(l->last, sizeof l->last, "%.*s", (int)n, step);
    l->last_percent = percent;
}

TEST(engine_announces_stages)
{
    make_articles();
    for (int run = 0; run < 4; run++) {
        int copies_only = run & 1;
        np_engine *e = NULL;
        stage_log log = { .n = 0 };
        REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
        REQUIRE(np_engine_set_threads(e, run < 2 ? 1 : 2) == NP_OK); /* the passes' batches on threads */
        if (copies_only)
            REQUIRE(np_engine_copies_only(e) == NP_OK);
        REQUIRE(np_engine_on_stage(e, log_stage, &log) == NP_OK);
        for (size_t i = 0; i < N_ARTICLES; i++)
            REQUIRE(np_engine_add(e, &articles[i]) == NP_OK);
        REQUIRE(np_engine_run(e) == NP_OK);
        size_t want = copies_only ? 3 : 4;
        CHECK(log.n == want);
        for (size_t k = 0; k < log.n && k < want; k++)
            CHECK(log.stages[k] == (np_stage)k); /* candidates, verify, families, stories */
        CHECK(copies_only ? log.steps == 0 : log.steps >= 5); /* the story passes' steps */
        CHECK(copies_only ? log.percents == 0 : log.percents >= 4); /* vectors, first, merge, refinement */
        CHECK(log.backwards == 0);
        CHECK(np_engine_on_stage(e, log_stage, &log) == NP_EPARAM); /* too late */
        np_engine_free(e);
    }
    CHECK(np_engine_on_stage(NULL, log_stage, NULL) == NP_EPARAM);
}

/* count_shared, which counts from an index of runs, gives the pairs a
 * plain count over every key's articles gives, in the same order: each
 * article's partners as first met, key by key; the most shared first when
 * there are more than max_partners.  keep is asked only about an article
 * with partners. */
typedef struct plain_keep {
    unsigned mod;
    atomic_ulong asked, none; /* calls, and calls with no partner (count_shared makes none) */
} plain_keep;

static size_t keep_some(const void *ctx, uint32_t a, partner *partners, size_t n)
{
    plain_keep *k = (plain_keep *)ctx;
    atomic_fetch_add(&k->asked, 1);
    atomic_fetch_add(&k->none, n == 0);
    size_t kept = 0;
    for (size_t t = 0; t < n; t++)
        if ((a + partners[t].art + partners[t].shared) % k->mod != 0)
            partners[kept++] = partners[t];
    return kept;
}

/* The plain count: for each article a, every key run (of 2 to max_bucket
 * entries) read whole, once per time a is in it.  returns: pairs, owned by
 * the caller */
static pair *count_shared_plainly(const keyed *entries, size_t k, size_t n_arts, const int32_t *days,
                                  const sharing *how, size_t *n_out)
{
    uint32_t *count = calloc(n_arts, sizeof *count);
    uint32_t *order = malloc(n_arts * sizeof *order);
    partner *kept = malloc(n_arts * sizeof *kept);
    pair *out = malloc((n_arts * n_arts + 1) * sizeof *out);
    size_t n = 0;
    for (uint32_t a = 0; a < n_arts; a++) {
        size_t met = 0;
        for (size_t i = 0, j; i < k; i = j) {
            for (j = i; j < k && entries[j].key == entries[i].key;)
                j++;
            if (j - i < 2 || j - i > how->max_bucket)
                continue;
            for (size_t x = i; x < j; x++) {
                if (entries[x].art != a)
                    continue;
                for (size_t y = i; y < j; y++) {
                    uint32_t b = entries[y].art;
                    if (b <= a)
                        continue;
                    if (count[b]++ == 0)
                        order[met++] = b;
                }
            }
        }
        size_t n_kept = 0;
        for (size_t t = 0; t < met; t++) {
            uint32_t b = order[t], c = count[b] < 255 ? count[b] : 255;
            count[b] = 0;
            int close = how->window < 0 || days[a] == NO_DAY || days[b] == NO_DAY ||
                        abs(days[a] - days[b]) <= how->window;
            kept[n_kept] = (partner){ c, b };
            if (c >= how->min_shared && close && (!how->keep || how->keep(how->keep_ctx, a, &kept[n_kept], 1)))
                n_kept++;
        }
        if (how->max_partners && n_kept > how->max_partners) {
            qsort(kept, n_kept, sizeof *kept, cmp_partner);
            n_kept = how->max_partners;
        }
        for (size_t t = 0; t < n_kept; t++)
            out[n++] = (pair){ a, kept[t].art, how->counts ? (uint16_t)kept[t].shared : 0, how->source };
    }
    free(count);
    free(order);
    free(kept);
    *n_out = n;
    return out;
}

static int cmp_pair_ab(const void *x, const void *y)
{
    const pair *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

TEST(count_shared_counts_as_a_plain_count)
{
    /* more than 1024 articles, so that two threads count ranges of them */
    enum { ARTS = 1100, KEYS = 1500, ENTRIES = 9000, OFTEN = 300 };
    const np_allocator *al = np_default_allocator();
    int32_t days[ARTS];
    keyed all[ENTRIES + OFTEN * 2 + 3];
    uint64_t seed = 88172645463325252ULL;
    for (size_t i = 0; i < ARTS; i++) {
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        days[i] = seed % 9 == 0 ? NO_DAY : (int32_t)(seed % 40);
    }
    size_t k = 0;
    for (size_t i = 0; i < ENTRIES; i++) {
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        /* keys of many sizes of run, made in article order (as the
         * engine's are); an article may have a key twice */
        uint64_t key = (seed >> 20) % KEYS * 0x9e3779b97f4a7c15ULL;
        all[k++] = (keyed){ key % 7 == 0 ? key % 97 : key, (uint32_t)(i * ARTS / ENTRIES) };
    }
    for (size_t i = 0; i < OFTEN; i++) { /* two articles sharing more than 255 keys */
        all[k++] = (keyed){ 1000003 + i, 5 };
        all[k++] = (keyed){ 1000003 + i, 700 };
    }
    /* an article twice in another's last key: that key counts twice */
    all[k++] = (keyed){ UINT64_MAX, 900 };
    all[k++] = (keyed){ UINT64_MAX, 902 };
    all[k++] = (keyed){ UINT64_MAX, 902 };
    REQUIRE(sort_keyed(al, all, k) == NP_OK);
    plain_keep mod = { .mod = 3 };
    sharing hows[] = {
        { 12, 1, 0, -1, PAIR_SENTENCE, 1, NULL, NULL },
        { 12, 2, 4, 10, PAIR_TERMS, 1, NULL, NULL },
        { 40, 2, 0, -1, PAIR_SENTENCE, 1, keep_some, &mod },
        { 40, 1, 3, 5, PAIR_TERMS, 1, keep_some, &mod },
    };
    /* as made, and with each article once a key (as the sentence index
     * has them: then counting skips partners that cannot share enough) */
    keyed *unique = malloc(k * sizeof *unique);
    REQUIRE(unique);
    size_t n_unique = 0;
    for (size_t i = 0; i < k; i++)
        if (!n_unique || unique[n_unique - 1].key != all[i].key || unique[n_unique - 1].art != all[i].art)
            unique[n_unique++] = all[i];
    CHECK(n_unique < k);
    for (size_t h = 0; h < 2 * sizeof hows / sizeof *hows; h++)
        for (size_t threads = 1; threads <= 2; threads++) {
            const sharing *how = &hows[h / 2];
            const keyed *input = h % 2 ? unique : all;
            size_t n_input = h % 2 ? n_unique : k;
            size_t n_plain = 0;
            pair *plain = count_shared_plainly(input, n_input, ARTS, days, how, &n_plain);
            keyed *entries = np_alloc_array(al, n_input, sizeof *entries);
            REQUIRE(plain && entries);
            memcpy(entries, input, n_input * sizeof *entries);
            sharing_corpus c = { al, ARTS, days, threads };
            pair_list l = { .allocator = al };
            REQUIRE(count_shared(&c, &entries, n_input, how, &l) == NP_OK);
            CHECK(entries == NULL);
            CHECK(l.n == n_plain);
            CHECK(n_plain > 100);
            size_t differ = 0;
            for (size_t i = 0; i < l.n && i < n_plain; i++) {
                const pair *x = &l.items[i], *y = &plain[i];
                int same = x->a == y->a && x->b == y->b && x->shared_sentences == y->shared_sentences &&
                           x->sources == y->sources;
                if (!same && !differ++)
                    printf("     case %zu, %zu threads, pair %zu: (%u %u %u) not (%u %u %u)\n", h, threads, i,
                           x->a, x->b, x->shared_sentences, y->a, y->b, y->shared_sentences);
            }
            CHECK(differ == 0);
            np_free(al, l.items);
            free(plain);
        }
    free(unique);
    /* runs not in article order: the same pairs and counts still */
    keyed *reversed = malloc(k * sizeof *reversed);
    REQUIRE(reversed);
    memcpy(reversed, all, k * sizeof *reversed);
    for (size_t i = 0, j; i < k; i = j) {
        for (j = i; j < k && reversed[j].key == reversed[i].key;)
            j++;
        for (size_t x = i, y = j - 1; x < y; x++, y--) {
            keyed t = reversed[x];
            reversed[x] = reversed[y];
            reversed[y] = t;
        }
    }
    for (size_t h = 1; h < sizeof hows / sizeof *hows; h++) {
        keyed *entries = np_alloc_array(al, k, sizeof *entries);
        REQUIRE(entries);
        memcpy(entries, reversed, k * sizeof *entries);
        sharing_corpus c = { al, ARTS, days, 1 };
        pair_list l = { .allocator = al };
        REQUIRE(count_shared(&c, &entries, k, &hows[h], &l) == NP_OK);
        size_t n_plain = 0;
        pair *plain = count_shared_plainly(all, k, ARTS, days, &hows[h], &n_plain);
        REQUIRE(plain);
        CHECK(l.n == n_plain);
        REQUIRE(merge_pairs(&l, 0, 1) == NP_OK); /* in (a, b) order */
        qsort(plain, n_plain, sizeof *plain, cmp_pair_ab);
        size_t differ = 0;
        for (size_t i = 0; i < l.n && i < n_plain; i++)
            differ += l.items[i].a != plain[i].a || l.items[i].b != plain[i].b ||
                      l.items[i].shared_sentences != plain[i].shared_sentences;
        CHECK(differ == 0);
        np_free(al, l.items);
        free(plain);
    }
    free(reversed);
    CHECK(atomic_load(&mod.asked) > 0 && atomic_load(&mod.none) == 0);
}

/* The index of runs made on threads (index_add_runs in chunks a thread,
 * index_finish filling each chunk's places on one) is the one made on
 * one thread, array for array: 70,000 entries of 5,000 articles sorted
 * by key, runs of 1 to 60 articles (max_bucket 40: the longer skipped),
 * some with an article twice, some not in article order; added in one
 * call, in three (as the sentence index adds its jobs'), and with a call
 * too small for threads before or after the others (then all on one
 * thread, or the chunks' counts joined to it), at 2, 3, 5 and 16
 * threads, on a pool and on threads of their own. */
static void index_of_runs(size_t threads, parallel_pool *pool, const keyed *entries, const size_t *cuts,
                          size_t n_cuts, shared_index *ix, const sharing_corpus *c, const sharing *how)
{
    *ix = (shared_index){ .c = c, .how = how, .pool = pool };
    (void)threads;
    for (size_t x = 0; x < n_cuts; x++)
        REQUIRE(index_add_runs(ix, entries + cuts[x], cuts[x + 1] - cuts[x]) == NP_OK);
    REQUIRE(index_finish(ix) == NP_OK);
}

static int same_index(const shared_index *x, const shared_index *y, size_t n)
{
    return x->n_slots == y->n_slots && x->n_in_runs == y->n_in_runs && x->twice == y->twice &&
           memcmp(x->arts, y->arts, x->n_slots * sizeof *x->arts) == 0 &&
           memcmp(x->art_first, y->art_first, (n + 1) * sizeof *x->art_first) == 0 &&
           memcmp(x->after, y->after, x->n_in_runs * sizeof *x->after) == 0;
}

TEST(shared_index_made_on_threads)
{
    enum { ARTS = 5000, ENTRIES = 70000 };
    const np_allocator *al = np_default_allocator();
    keyed *all = malloc(ENTRIES * sizeof *all);
    REQUIRE(all);
    uint64_t seed = 2463534242ULL;
    size_t k = 0;
    for (uint64_t key = 1; k < ENTRIES; key++) {
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        size_t run = 1 + seed % 60;
        uint32_t who = (uint32_t)(seed >> 20) % ARTS;
        for (size_t i = 0; i < run && k < ENTRIES; i++) {
            all[k++] = (keyed){ key * 0x9e3779b97f4a7c15ULL >> 8, who };
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            if (seed % 17) /* else the same article again */
                who = (who + 1 + (uint32_t)(seed >> 40) % 200) % ARTS;
        }
    }
    REQUIRE(sort_keyed(al, all, k) == NP_OK);
    /* some runs out of article order */
    for (size_t i = 0, j; i < k; i = j) {
        for (j = i; j < k && all[j].key == all[i].key;)
            j++;
        if ((all[i].key >> 9) % 5 == 0)
            for (size_t x = i, y = j - 1; x < y; x++, y--) {
                keyed t = all[x];
                all[x] = all[y];
                all[y] = t;
            }
    }
    /* cuts where a key ends: one call; three; a small one first; last */
    size_t third = k / 3, two = 2 * k / 3, small = 500;
    while (all[third].key == all[third - 1].key)
        third++;
    while (all[two].key == all[two - 1].key)
        two++;
    while (all[small].key == all[small - 1].key)
        small++;
    size_t late = k - 500;
    while (all[late].key == all[late - 1].key)
        late++;
    const size_t cuts[4][5] = { { 0, k }, { 0, third, two, k }, { 0, small, k }, { 0, third, late, k } };
    const size_t n_cuts[4] = { 1, 3, 2, 3 };
    sharing how = { 40, 2, 0, -1, PAIR_SENTENCE, 0, NULL, NULL };
    size_t threads[] = { 2, 3, 5, 16 };
    size_t differ = 0;
    for (size_t w = 0; w < 4; w++) {
        sharing_corpus one = { al, ARTS, NULL, 1 };
        shared_index want;
        index_of_runs(1, NULL, all, cuts[w], n_cuts[w], &want, &one, &how);
        CHECK(want.twice && want.n_in_runs > 20000);
        for (size_t t = 0; t < sizeof threads / sizeof *threads; t++)
            for (int on_pool = 0; on_pool < 2; on_pool++) {
                sharing_corpus c = { al, ARTS, NULL, threads[t] };
                parallel_pool *pool = on_pool ? parallel_pool_new(threads[t]) : NULL;
                shared_index got;
                index_of_runs(threads[t], pool, all, cuts[w], n_cuts[w], &got, &c, &how);
                differ += !same_index(&got, &want, ARTS);
                shared_index_free(&got);
                parallel_pool_free(pool);
            }
        shared_index_free(&want);
    }
    CHECK(differ == 0);
    /* each allocation of a two-thread index failed in turn: NP_ENOMEM,
     * nothing held once the index is freed */
    unsigned long calls = 0;
    for (unsigned long fail = 1; fail < 40; fail++) {
        failing_alloc f;
        failing_alloc_init(&f, fail);
        sharing_corpus c = { &f.allocator, ARTS, NULL, 2 };
        shared_index ix = { .c = &c, .how = &how };
        np_status st = NP_OK;
        for (size_t x = 0; x < 3 && st == NP_OK; x++)
            st = index_add_runs(&ix, all + cuts[1][x], cuts[1][x + 1] - cuts[1][x]);
        if (st == NP_OK)
            st = index_finish(&ix);
        CHECK(st == NP_OK || st == NP_ENOMEM);
        calls += st == NP_ENOMEM;
        shared_index_free(&ix);
        CHECK(atomic_load(&f.live) == 0);
    }
    CHECK(calls > 5);
    free(all);
}

/* sort_keyed_on (term_pairs' sort of the top terms' entries) gives
 * sort_keyed's order, (key, article), at 2, 3, 5 and 16 threads, on a
 * pool and on threads of their own: 50,000 entries in article order, a
 * few hundred keys each met in many articles (so ties cross the chunks'
 * bounds), keys 0 and UINT64_MAX among them; allocations failed in turn
 * leave the entries unsorted or sorted, nothing held. */
TEST(candidates_sort_keyed_on_threads)
{
    enum { N = 50000 };
    static keyed want[N], got[N];
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint64_t key = (x % 300) * 0x0101010101010101ull;
        want[i] = (keyed){ x % 97 == 0 ? UINT64_MAX : key, (uint32_t)(i / 3) };
    }
    memcpy(got, want, sizeof got);
    REQUIRE(sort_keyed(NULL, want, N) == NP_OK);
    const size_t threads[] = { 2, 3, 5, 16 };
    for (size_t t = 0; t < sizeof threads / sizeof *threads; t++)
        for (int on_pool = 0; on_pool < 2; on_pool++) {
            static keyed sorted[N];
            memcpy(sorted, got, sizeof sorted);
            parallel_pool *pool = on_pool ? parallel_pool_new(threads[t]) : NULL;
            REQUIRE(sort_keyed_on(pool, threads[t], NULL, sorted, N) == NP_OK);
            parallel_pool_free(pool);
            CHECK(keyed_same(sorted, want, N));
        }
    failing_alloc f;
    failing_alloc_init(&f, 1);
    static keyed sorted[N];
    memcpy(sorted, got, sizeof sorted);
    CHECK(sort_keyed_on(NULL, 2, &f.allocator, sorted, N) == NP_ENOMEM);
    CHECK(atomic_load(&f.live) == 0);
}

/* The LSH pairs, each pushed once a share, are every band's (sorted by key,
 * paired in runs, a run over max_bucket linked to its first only), merged:
 * identical copies, near copies sharing some bands, a family over
 * max_bucket in one band whose members pair in a later band, articles
 * without a body; one thread and two. */
TEST(candidates_lsh_pairs_are_every_bands)
{
    enum { ARTS = 1100, MAX = 4 };
    const np_allocator *al = np_default_allocator();
    np_engine e = { .allocator = al, .n_arts = ARTS };
    e.params.max_bucket = MAX;
    e.arts = calloc(ARTS, sizeof *e.arts);
    e.sigs = malloc((size_t)ARTS * MINHASH_K * sizeof *e.sigs);
    REQUIRE(e.arts && e.sigs);
    uint64_t seed = 0x2545f4914f6cdd1dULL;
    for (size_t i = 0; i < ARTS; i++) {
        e.arts[i].exact = i % 97 == 5 ? 0 : i + 1;
        for (size_t r = 0; r < MINHASH_K; r++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            e.sigs[i * MINHASH_K + r] = (uint16_t)seed;
        }
    }
    /* families of identical copies, near copies sharing every third band,
     * families over MAX alike in bands 0 and 1 only (the others' runs are
     * short: pairs pushed there are not pushed again), and no body in one
     * of a family */
    for (size_t i = 0; i < 60; i++) {
        size_t from = 10 * i, size = i % 5 == 0 ? MAX + 3 : 2 + i % 4;
        for (size_t m = 1; m < size; m++) {
            uint16_t *to = e.sigs + (from + m) * MINHASH_K, *first = e.sigs + from * MINHASH_K;
            for (size_t b = 0; b < MINHASH_BANDS; b++)
                if (size > MAX ? b < 2 : i % 3 != 1 || b % 3 == m % 3)
                    memcpy(to + b * MINHASH_ROWS, first + b * MINHASH_ROWS, MINHASH_ROWS * sizeof *to);
        }
    }
    /* a family of MAX + 2 alike in bands 0 and 1 (a run over MAX), two of
     * them, neither its first, alike in band 2 and two in band 3 too:
     * those pair there, though they share the longer run's bands */
    for (size_t m = 0; m < MAX + 2; m++) {
        uint16_t *sig = e.sigs + (700 + 3 * m) * MINHASH_K;
        for (size_t r = 0; r < 2 * MINHASH_ROWS; r++)
            sig[r] = (uint16_t)(7 + r);
        if (m == 2 || m == 4)
            for (size_t r = 2 * MINHASH_ROWS; r < 4 * MINHASH_ROWS; r++)
                sig[r] = (uint16_t)(900 + r);
    }
    /* two alike in band 5 and in three rows of band 3's four (band 3 is
     * done before band 5 by the same share, on one thread and on two):
     * they pair in band 5 only */
    memcpy(e.sigs + 803 * MINHASH_K + 3 * MINHASH_ROWS, e.sigs + 800 * MINHASH_K + 3 * MINHASH_ROWS,
           (MINHASH_ROWS - 1) * sizeof *e.sigs);
    memcpy(e.sigs + 803 * MINHASH_K + 5 * MINHASH_ROWS, e.sigs + 800 * MINHASH_K + 5 * MINHASH_ROWS,
           MINHASH_ROWS * sizeof *e.sigs);
    /* the plain pairs */
    pair_list plain = { .allocator = al };
    keyed *entries = malloc(ARTS * sizeof *entries);
    REQUIRE(entries);
    for (unsigned b = 0; b < MINHASH_ALL_BANDS; b++) {
        size_t k = 0;
        for (size_t i = 0; i < ARTS; i++)
            if (e.arts[i].exact)
                entries[k++] = (keyed){ minhash_band_key(e.sigs + i * MINHASH_K, b), (uint32_t)i };
        REQUIRE(sort_keyed(al, entries, k) == NP_OK);
        REQUIRE(pairs_from_runs(entries, k, MAX, &plain) == NP_OK);
    }
    free(entries);
    REQUIRE(merge_pairs(&plain, 0, 1) == NP_OK);
    for (size_t i = 0; i < plain.n; i++)
        plain.items[i].shared_sentences = 0;
    CHECK(plain.n > 200);
    int found = 0; /* the pairs of band 2 and of band 5 only */
    for (size_t i = 0; i < plain.n; i++)
        found += (plain.items[i].a == 706 && plain.items[i].b == 712) ||
                 (plain.items[i].a == 800 && plain.items[i].b == 803);
    CHECK(found == 2);
    for (size_t threads = 1; threads <= 2; threads++) {
        e.threads = threads;
        pair_list got = { .allocator = al };
        REQUIRE(candidates_lsh_pairs(&e, &got) == NP_OK);
        CHECK(got.n == plain.n);
        size_t differ = 0;
        for (size_t i = 0; i < got.n && i < plain.n; i++)
            differ += got.items[i].a != plain.items[i].a || got.items[i].b != plain.items[i].b ||
                      got.items[i].shared_sentences != plain.items[i].shared_sentences ||
                      got.items[i].sources != plain.items[i].sources;
        CHECK(differ == 0);
        np_free(al, got.items);
    }
    np_free(al, plain.items);
    free(e.arts);
    free(e.sigs);
}

/* A spun copy keeps a third to a half of its source's shingles: the pair
 * then shares a third of the signature's bins, rarely four in a row, and
 * in a large corpus its sentences and terms are too common to propose it.
 * Three bins in a row (a loose band) propose it; two do not, nor bins
 * shared one in three. */
TEST(candidates_lsh_pairs_of_loose_bands)
{
    enum { ARTS = 64 };
    const np_allocator *al = np_default_allocator();
    np_engine e = { .allocator = al, .n_arts = ARTS, .threads = 1 };
    e.params.max_bucket = 200;
    e.arts = calloc(ARTS, sizeof *e.arts);
    e.sigs = malloc((size_t)ARTS * MINHASH_K * sizeof *e.sigs);
    REQUIRE(e.arts && e.sigs);
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < ARTS; i++) {
        e.arts[i].exact = i + 1;
        for (size_t r = 0; r < MINHASH_K; r++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            e.sigs[i * MINHASH_K + r] = (uint16_t)seed;
        }
    }
    uint16_t *source = e.sigs + 10 * MINHASH_K;
    /* 20: bins 30 to 32 (a loose band across two bands of four) and every
     * third bin else; 30: the same but 32; 40: every third bin */
    for (size_t r = 0; r < MINHASH_K; r++) {
        int third = r % 3 == 1 && (r < 27 || r > 35);
        if (third || (r >= 30 && r <= 32))
            e.sigs[20 * MINHASH_K + r] = source[r];
        if (third || (r >= 30 && r <= 31))
            e.sigs[30 * MINHASH_K + r] = source[r];
        if (third)
            e.sigs[40 * MINHASH_K + r] = source[r];
    }
    pair_list got = { .allocator = al };
    REQUIRE(candidates_lsh_pairs(&e, &got) == NP_OK);
    int spun = 0, others = 0;
    for (size_t i = 0; i < got.n; i++) {
        if (got.items[i].a == 10 && got.items[i].b == 20)
            spun++;
        else
            others++;
    }
    CHECK(spun == 1);
    CHECK(others == 0);
    np_free(al, got.items);
    free(e.arts);
    free(e.sigs);
}

/* The named seeds of fuzz/corpus/fuzz_print (prints of examples/articles,
 * joined by fuzz_print's marker) must be prints this build accepts: seeds of
 * an older layout reach only the shape check's refusal, and the fuzzer then
 * never gets into the engine.  When the layout changes, remake them:
 * `make fuzz-print-seeds`. */
TEST(fuzz_print_seeds_accepted)
{
    static const struct {
        const char *name;
        int copies_only;
        size_t prints;
    } seeds[] = { { "one", 0, 1 }, { "examples-01-03", 0, 3 }, { "family-16-19", 0, 4 },
                  { "copies-only-01-04", 1, 4 } };
    static const unsigned char marker[4] = { 0xFF, 0xFE, 0xFD, 0xFC };
    static const char *const dirs[] = { "fuzz/corpus/fuzz_print", "../fuzz/corpus/fuzz_print" };
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        char path[256];
        FILE *f = NULL;
        for (size_t d = 0; d < sizeof dirs / sizeof *dirs && !f; d++) {
            snprintf(path, sizeof path, "%s/%s", dirs[d], seeds[i].name);
            f = fopen(path, "rb");
        }
        if (!f && i == 0) {
            test_skip("fuzz/corpus/fuzz_print not found (run from the repository root)");
            return;
        }
        REQUIRE(f != NULL);
        static unsigned char data[1 << 16];
        size_t size = fread(data, 1, sizeof data, f);
        fclose(f);
        REQUIRE(size > 0 && size < sizeof data);
        np_engine *e = NULL;
        REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
        if (seeds[i].copies_only)
            CHECK(np_engine_copies_only(e) == NP_OK);
        size_t start = 0, added = 0;
        for (size_t at = 0; at <= size; at++) {
            if (at < size && (at + 4 > size || memcmp(data + at, marker, 4) != 0))
                continue;
            unsigned char *print = malloc(at - start);
            REQUIRE(print != NULL);
            memcpy(print, data + start, at - start);
            np_status st = np_engine_add_fingerprint(e, print, at - start);
            free(print);
            if (st != NP_OK)
                fprintf(stderr, "  %s: print %zu refused: %s\n", path, added, np_errmsg(e));
            CHECK(st == NP_OK);
            added += st == NP_OK;
            start = at + 4;
            at += 3;
        }
        CHECK(added == seeds[i].prints);
        CHECK(np_engine_run(e) == NP_OK);
        CHECK(np_engine_count(e) == seeds[i].prints);
        np_engine_free(e);
    }
}

/* The body's exact hash is XXH3_64bits of its words' hashes (low bit set),
 * whichever of XXH3's kernels the fingerprinter takes for a long body (its
 * AVX2 one past XXH3_MIDSIZE_MAX bytes where the processor has AVX2):
 * bodies of 1 to 1,000 words of letters, round the 240 bytes (30 words)
 * where XXH3 turns to its long hash and its 1,024-byte blocks. */
TEST(fingerprint_exact_hash_is_xxh3_of_words)
{
    static const size_t sizes[] = { 1, 2, 29, 30, 31, 32, 100, 127, 128, 129, 257, 1000 };
    np_fingerprinter *f = NULL;
    REQUIRE(np_fingerprinter_new(&f, NULL) == NP_OK);
    char *text = malloc(1000 * 8 + 8);
    uint64_t *words = malloc(1000 * sizeof *words);
    REQUIRE(text && words);
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t at = 0;
        for (size_t w = 0; w < sizes[k]; w++) {
            char word[8];
            size_t n = 0, x = w * 7919 + k;
            word[n++] = 'q';
            do {
                word[n++] = (char)('a' + x % 26);
                x /= 26;
            } while (x);
            memcpy(text + at, word, n);
            words[w] = text_word_hash(word, n);
            at += n;
            text[at++] = ' ';
        }
        text[at - 1] = '\0';
        const char *paras[] = { text };
        np_article a;
        memset(&a, 0, sizeof a);
        a.id = "exact";
        a.lang = "en";
        a.paragraphs = paras;
        a.n_paragraphs = 1;
        const void *data;
        size_t size;
        print_keys keys;
        REQUIRE(np_fingerprint(f, &a, &data, &size) == NP_OK && print_keys_read(data, size, &keys));
        CHECK(keys.exact == (XXH3_64bits(words, sizes[k] * sizeof *words) | 1));
    }
    free(text);
    free(words);
    np_fingerprinter_free(f);
}

/* Wire briefs of thirty words (unit_cluster.c's cluster_short_near_copy
 * has them): the second edits the first in two places, the third tells
 * another event in some of its words, the fourth the first's template
 * with four other facts, the fifth the first's words in another town on
 * another day. */
static const char *const short_briefs[5][1] = {
    { "Harbour officials in Pellmouth closed the eastern ferry terminal on Tuesday after a crane "
      "collapsed onto the loading ramp, and crossings to Tarrow Island were moved to the old pier." },
    { "Harbour officials in Pellmouth closed the east ferry terminal on Tuesday after a crane "
      "collapsed onto the loading ramp, and crossings to Tarrow Island were moved to the pier." },
    { "Officials in Pellmouth opened the new town library on Tuesday after two years of building "
      "work, and the old reading rooms on Quay Street were moved to the school." },
    { "Harbour officials in Pellmouth closed the western ferry terminal on Monday after a truck "
      "collapsed onto the loading ramp, and crossings to Tarrow Island were moved to the new pier." },
    { "Harbour officials in Dunmore closed the eastern ferry terminal on Monday after a crane "
      "collapsed onto the loading ramp, and crossings to Tarrow Island were moved to the old pier." },
};

/* Short texts are proposed by their 2-word shingles (PAIR_WORDS) when
 * verification will call them near copies on those shingles: a pair of
 * them keeps too few 5-word shingles for its signatures to share a band
 * reliably.  Texts sharing a few word pairs, or most but not their names,
 * are not proposed so. */
TEST(candidates_short_texts_by_word_pairs)
{
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    REQUIRE(np_engine_copies_only(e) == NP_OK);
    static const char *const ids[5] = { "b1", "b2", "b3", "b4", "b5" };
    static const size_t words[5] = { 30, 29, 29, 30, 30 };
    for (size_t k = 0; k < 5; k++) {
        np_article a = forms_article("Ferry terminal closed", short_briefs[k], 1);
        a.id = ids[k];
        a.words = words[k];
        REQUIRE(np_engine_add(e, &a) == NP_OK);
    }
    CHECK(verify_word_pairs(e, 0, 1) >= 0.75f && verify_word_pairs(e, 0, 1) < 0.8f);
    CHECK(verify_word_pairs(e, 0, 3) > 0.5f && verify_word_pairs(e, 0, 3) < 0.6f);
    CHECK(verify_word_pairs(e, 0, 4) > 0.7f); /* alike but for its names */
    pair *pairs = NULL;
    size_t n = 0;
    REQUIRE(candidates_find(e, &pairs, &n) == NP_OK);
    size_t by_words = 0, found = 0;
    for (size_t i = 0; i < n; i++) {
        by_words += (pairs[i].sources & PAIR_WORDS) != 0;
        found += pairs[i].a == 0 && pairs[i].b == 1 && (pairs[i].sources & PAIR_WORDS);
    }
    CHECK(found == 1);
    CHECK(by_words == 1);
    np_free(np_default_allocator(), pairs);
    np_engine_free(e);
}

/* The staged run's join and verify (stages.c) keep the pairs
 * candidates_find keeps of short texts, all dated months apart (no term
 * pair): the food bank brief and its copy edited in two places, which the
 * word-pair index alone proposes (tests/data/short_near.jsonl has them);
 * the ferry brief and its edited copy; not the ferry template with other
 * facts nor its words in another town, which share as many word pairs
 * but are turned down by verify_short_near. */
TEST(stages_short_texts_by_word_pairs_as_candidates)
{
    enum { N = 7 };
    static const char *const food[2][1] = {
        { "Volunteers at the Brenmoor food bank handed out four hundred parcels over the weekend, twice the "
          "usual number, as heating bills rose across the valley this winter." },
        { "Volunteers at the Brenmoor food bank gave out four hundred parcels over the weekend, twice the "
          "normal number, as heating bills rose across the valley this winter." },
    };
    static const char *const dates[N] = { "2025-01-04", "2025-03-04", "2025-05-04", "2025-07-04",
                                          "2025-09-04", "2024-01-05", "2024-04-20" };
    static const char *const ids[N] = { "b1", "b2", "b3", "b4", "b5", "f1", "f2" };
    static const size_t words[N] = { 30, 29, 29, 30, 30, 27, 27 };
    np_params params;
    np_params_default(&params);
    np_fingerprinter *f = NULL;
    np_engine *e = NULL, *staged = NULL;
    stage_joiner *j = NULL;
    stage_selector *sel = NULL;
    REQUIRE(np_fingerprinter_new(&f, NULL) == NP_OK);
    REQUIRE(np_fingerprinter_copies_only(f) == NP_OK);
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    REQUIRE(np_engine_copies_only(e) == NP_OK);
    REQUIRE(np_engine_new(&staged, NULL, NULL) == NP_OK);
    REQUIRE(np_engine_copies_only(staged) == NP_OK);
    REQUIRE(stage_joiner_new(&j, &params, 0, 1, 1) == NP_OK);
    buf prints[N];
    for (size_t k = 0; k < N; k++) {
        np_article a = forms_article(k < 5 ? "Ferry terminal closed" : "Food bank busy",
                                     k < 5 ? short_briefs[k] : food[k - 5], 1);
        a.id = ids[k];
        a.date = dates[k];
        a.words = words[k];
        const void *data;
        size_t size;
        REQUIRE(np_fingerprint(f, &a, &data, &size) == NP_OK);
        buf_init(&prints[k], NULL);
        REQUIRE(buf_append(&prints[k], data, size) == NP_OK);
        CHECK(np_engine_add_fingerprint(e, data, size) == NP_OK);
        CHECK(np_engine_add_fingerprint(staged, data, size) == NP_OK);
        CHECK(stage_joiner_count(j, data, size) == NP_OK);
    }
    for (size_t k = 0; k < N; k++)
        CHECK(stage_joiner_keys(j, prints[k].data, prints[k].len) == NP_OK);
    REQUIRE(stage_joiner_pairs(j) == NP_OK);
    REQUIRE(stage_joiner_order(j, 1) == NP_OK);
    REQUIRE(stage_selector_new(&sel) == NP_OK);
    pair block[64];
    uint32_t part = 0;
    for (size_t n; (n = stage_joiner_next(j, block, 64, &part)) > 0;)
        for (size_t i = 0; i < n; i++) { /* through the wire form, as join writes and verify reads */
            unsigned char wire[STAGE_PAIR_BYTES];
            stage_partial p;
            stage_pair_put(&block[i], wire);
            stage_pair_get(wire, &p);
            CHECK(stage_selector_add(sel, &p) == NP_OK);
        }
    pair *want = NULL, *got = NULL;
    size_t n_want = 0, n_got = 0, by_words_alone = 0;
    REQUIRE(stage_selector_finish(sel, &got, &n_got) == NP_OK);
    for (size_t i = 0; i < n_got; i++)
        by_words_alone += got[i].sources == PAIR_WORDS;
    CHECK(by_words_alone >= 2); /* the food bank's, and those verify_short_near turns down */
    REQUIRE(stage_verify(staged, got, &n_got) == NP_OK);
    REQUIRE(candidates_find(e, &want, &n_want) == NP_OK);
    CHECK(n_got == n_want);
    for (size_t i = 0; i < n_got && i < n_want; i++)
        CHECK(got[i].a == want[i].a && got[i].b == want[i].b);
    size_t ferry = 0, food_bank = 0;
    for (size_t i = 0; i < n_got; i++) {
        ferry += got[i].a == 0 && got[i].b == 1;
        /* by its word pairs (a loose band of its signature shares it too) */
        food_bank += got[i].a == 5 && got[i].b == 6 && (got[i].sources & PAIR_WORDS);
    }
    CHECK(ferry == 1);
    CHECK(food_bank == 1);
    for (size_t k = 0; k < N; k++)
        buf_free(&prints[k]);
    np_free(np_default_allocator(), want);
    np_free(np_default_allocator(), got);
    stage_selector_free(sel);
    stage_joiner_free(j);
    np_engine_free(staged);
    np_engine_free(e);
    np_fingerprinter_free(f);
}

/* The pairs a staged run's verify judges: prints[0..n) joined over
 * key_parts key partitions (each partition's pairs through the wire form,
 * all merged in (a, b) order as verify merges the files), summed by the
 * selector, and those stage_verify keeps (engine `staged`, given the same
 * prints).  *before: the selector's pairs, ahead of stage_verify.  All
 * owned by the caller (np_free, default allocator). */
static int cmp_partial_ab(const void *x, const void *y)
{
    const stage_partial *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

static np_status staged_judged_pairs(const buf *prints, size_t n, uint32_t key_parts, np_engine *staged,
                                     pair **before, size_t *n_before, pair **got, size_t *n_got)
{
    np_params params;
    np_params_default(&params);
    stage_partial *partials = NULL;
    size_t n_partials = 0, cap = 0;
    np_status st = NP_OK;
    for (uint32_t k = 0; k < key_parts && st == NP_OK; k++) {
        stage_joiner *j = NULL;
        st = stage_joiner_new(&j, &params, k, key_parts, 1);
        for (size_t i = 0; i < n && st == NP_OK; i++)
            st = stage_joiner_count(j, prints[i].data, prints[i].len);
        for (size_t i = 0; i < n && st == NP_OK; i++)
            st = stage_joiner_keys(j, prints[i].data, prints[i].len);
        if (st == NP_OK)
            st = stage_joiner_pairs(j);
        if (st == NP_OK)
            st = stage_joiner_order(j, 1);
        pair block[64];
        uint32_t part = 0;
        for (size_t got_now; st == NP_OK && (got_now = stage_joiner_next(j, block, 64, &part)) > 0;)
            for (size_t i = 0; i < got_now && st == NP_OK; i++) {
                unsigned char wire[STAGE_PAIR_BYTES];
                if (n_partials == cap) {
                    cap = cap ? 2 * cap : 1024;
                    stage_partial *more = realloc(partials, cap * sizeof *more);
                    if (!more) {
                        st = NP_ENOMEM;
                        break;
                    }
                    partials = more;
                }
                stage_pair_put(&block[i], wire);
                stage_pair_get(wire, &partials[n_partials++]);
            }
        stage_joiner_free(j);
    }
    /* the same pair's partials from several partitions, summed in any order */
    if (n_partials)
        qsort(partials, n_partials, sizeof *partials, cmp_partial_ab);
    stage_selector *sel = NULL;
    if (st == NP_OK)
        st = stage_selector_new(&sel);
    for (size_t i = 0; i < n_partials && st == NP_OK; i++)
        st = stage_selector_add(sel, &partials[i]);
    free(partials);
    *got = *before = NULL;
    *n_got = *n_before = 0;
    if (st == NP_OK)
        st = stage_selector_finish(sel, got, n_got);
    stage_selector_free(sel);
    if (st == NP_OK && (*before = np_alloc_array(np_default_allocator(), *n_got + 1, sizeof **before)) == NULL)
        st = NP_ENOMEM;
    if (st == NP_OK) {
        memcpy(*before, *got, *n_got * sizeof **got);
        *n_before = *n_got;
        st = stage_verify(staged, *got, n_got);
    }
    return st;
}

/* A generated corpus of news-like articles over most of a year: stock
 * sentences each repeated in some dozens of articles (as wire phrases
 * are), and copies of earlier articles dated anywhere: exact, the first
 * half of one, one with every other sentence replaced, one with a word
 * changed.  Sentences are made from pools of names and numbers, so many
 * pairs share two or more stock sentences with no copying at all, dated
 * too far apart for a rewrite. */
enum { GEN_ARTICLES = 360, GEN_SENTENCES = 8, GEN_STOCK = 30, GEN_TEXT = 160 };

typedef struct gen_corpus {
    char text[GEN_ARTICLES][GEN_SENTENCES][GEN_TEXT];
    const char *paras[GEN_ARTICLES][GEN_SENTENCES];
    size_t n_paras[GEN_ARTICLES];
    char ids[GEN_ARTICLES][16], dates[GEN_ARTICLES][16];
    size_t words[GEN_ARTICLES];
} gen_corpus;

static uint32_t gen_next(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*state >> 33);
}

static void gen_stock(char *out, size_t k)
{
    static const char *const who[] = { "The harbour board", "A spokesman for the county", "The transport minister",
                                       "Local traders", "The regional police", "Union officials" };
    static const char *const what[] = { "said the review would be published before the end of the season",
                                        "warned that further delays were likely on the northern routes",
                                        "declined to comment on the figures released earlier in the week",
                                        "promised a public meeting once the inspectors had finished their work",
                                        "called for calm while the causes were still being examined" };
    snprintf(out, GEN_TEXT, "%s %s, in a statement numbered %zu.", who[k % 6], what[k / 6 % 5], 100 + k);
}

static void gen_unique(char *out, uint64_t *state, size_t article, size_t s)
{
    static const char *const places[] = { "Pellmouth", "Tarrow", "Corran", "Velden", "Ashby", "Dunmore",
                                          "Kestrel Point", "Brenmoor" };
    static const char *const deeds[] = { "reopened the old bridge", "counted the flood damage", "closed the east quay",
                                         "moved the weekly market", "repaired the pumping station" };
    snprintf(out, GEN_TEXT, "Crews in %s %s after %u hours, the %zu report of case %zu said.",
             places[gen_next(state) % 8], deeds[gen_next(state) % 5], gen_next(state) % 90 + 2, s + 1,
             article * 13 + 7);
}

static void gen_make(gen_corpus *g)
{
    uint64_t state = 11;
    for (size_t i = 0; i < GEN_ARTICLES; i++) {
        unsigned day = gen_next(&state) % 300;
        snprintf(g->ids[i], sizeof g->ids[i], "g%03zu", i);
        snprintf(g->dates[i], sizeof g->dates[i], "2025-%02u-%02u", 1 + day / 28 % 12, 1 + day % 28);
        unsigned kind = i < 20 ? 0 : gen_next(&state) % 10;
        size_t from = i ? gen_next(&state) % i : 0;
        size_t n = GEN_SENTENCES;
        for (size_t s = 0; s < GEN_SENTENCES; s++) {
            char *t = g->text[i][s];
            if (kind <= 4) /* its own: three stock sentences among its own */
                s % 3 == 1 ? gen_stock(t, gen_next(&state) % GEN_STOCK) : gen_unique(t, &state, i, s);
            else if (kind == 7 && s % 2) /* every other sentence replaced */
                gen_unique(t, &state, i, s);
            else
                memcpy(t, g->text[from][s], GEN_TEXT);
        }
        if (kind == 6) /* the first half */
            n = GEN_SENTENCES / 2;
        if (kind == 8) /* a word changed */
            memcpy(strstr(g->text[i][2], "Crews") ? strstr(g->text[i][2], "Crews") : g->text[i][2], "Teams", 5);
        g->n_paras[i] = n;
        g->words[i] = 0;
        for (size_t s = 0; s < n; s++) {
            g->paras[i][s] = g->text[i][s];
            for (const char *c = g->text[i][s]; *c; c++)
                g->words[i] += *c == ' ';
            g->words[i]++;
        }
    }
}

/* A staged run's verify judges the pairs cluster's candidates_find
 * finds, with the same shared-sentence counts and sources, on a generated
 * corpus and at one and three key partitions: the sentence pairs
 * verification could only turn down (two stock sentences, dated far
 * apart: sentence_may_link) are none in either, and a pair proposed by an
 * LSH band as well carries no sentence count in either. */
TEST(stages_judge_cluster_pairs_on_generated_corpus)
{
    gen_corpus *g = calloc(1, sizeof *g);
    REQUIRE(g);
    gen_make(g);
    np_fingerprinter *f = NULL;
    np_engine *e = NULL;
    REQUIRE(np_fingerprinter_new(&f, NULL) == NP_OK);
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    buf *prints = calloc(GEN_ARTICLES, sizeof *prints);
    REQUIRE(prints);
    for (size_t i = 0; i < GEN_ARTICLES; i++) {
        np_article a = { .id = g->ids[i], .date = g->dates[i], .timestamp = NP_NO_TIME, .lang = "en",
                         .paragraphs = g->paras[i], .n_paragraphs = g->n_paras[i], .words = g->words[i] };
        const void *data;
        size_t size;
        REQUIRE(np_fingerprint(f, &a, &data, &size) == NP_OK);
        buf_init(&prints[i], NULL);
        REQUIRE(buf_append(&prints[i], data, size) == NP_OK);
        CHECK(np_engine_add_fingerprint(e, data, size) == NP_OK);
    }
    pair *want = NULL;
    size_t n_want = 0;
    REQUIRE(candidates_find(e, &want, &n_want) == NP_OK);
    for (uint32_t key_parts = 1; key_parts <= 3; key_parts += 2) {
        np_engine *staged = NULL;
        REQUIRE(np_engine_new(&staged, NULL, NULL) == NP_OK);
        REQUIRE(np_engine_copies_only(staged) == NP_OK);
        for (size_t i = 0; i < GEN_ARTICLES; i++)
            CHECK(np_engine_add_fingerprint(staged, prints[i].data, prints[i].len) == NP_OK);
        pair *before = NULL, *got = NULL;
        size_t n_before = 0, n_got = 0;
        REQUIRE(staged_judged_pairs(prints, GEN_ARTICLES, key_parts, staged, &before, &n_before, &got, &n_got) ==
                NP_OK);
        /* the case is there: sentence pairs cluster does not keep, some of
         * them proposed by a band too */
        size_t dropped = 0, counted_apart = 0;
        for (size_t i = 0, w = 0; i < n_before; i++) {
            while (w < n_want && (want[w].a < before[i].a || (want[w].a == before[i].a && want[w].b < before[i].b)))
                w++;
            int in_want = w < n_want && want[w].a == before[i].a && want[w].b == before[i].b;
            if (before[i].sources & PAIR_SENTENCE) {
                dropped += !in_want || !(want[w].sources & PAIR_SENTENCE);
                counted_apart += in_want && want[w].shared_sentences != before[i].shared_sentences;
            }
        }
        if (!dropped || !counted_apart || n_got != n_want)
            printf("     %u key partitions: %zu pairs selected, %zu judged, cluster %zu; "
                   "%zu sentence pairs cluster drops, %zu counted apart\n",
                   key_parts, n_before, n_got, n_want, dropped, counted_apart);
        CHECK(dropped > 0);
        CHECK(counted_apart > 0);
        CHECK(n_got == n_want);
        size_t unlike = 0;
        for (size_t i = 0; i < n_got && i < n_want; i++)
            unlike += got[i].a != want[i].a || got[i].b != want[i].b ||
                      got[i].shared_sentences != want[i].shared_sentences || got[i].sources != want[i].sources;
        CHECK(unlike == 0);
        np_free(np_default_allocator(), before);
        np_free(np_default_allocator(), got);
        np_engine_free(staged);
    }
    for (size_t i = 0; i < GEN_ARTICLES; i++)
        buf_free(&prints[i]);
    free(prints);
    np_free(np_default_allocator(), want);
    np_engine_free(e);
    np_fingerprinter_free(f);
    free(g);
}

/* A fingerprinter that shares its cleaner's segmenter (as the CLI's
 * workers do) reads the runs the cleaner segmented to count words from
 * what it kept: its prints are those of a fingerprinter with its own,
 * article after article (Chinese, Thai, Japanese, English, and a run met
 * in one article and again in the next). */
TEST(fingerprint_shared_segmenter_same_prints)
{
    static const struct {
        const char *id, *text;
    } recs[] = {
        { "zh1", "市区暴雨\n\n周二凌晨，一场暴雨袭击了城市东部地区，当地居民连夜撤离。消防部门表示，"
                 "部分道路积水超过半米，三所学校停课。\n\n气象部门预计，降雨将持续到周四。" },
        { "th1", "น้ำท่วมสมุทรปราการ\n\nฝนตกหนักทำให้น้ำท่วมบ้านเรือนกว่าสองร้อยหลังในจังหวัดสมุทรปราการ "
                 "เจ้าหน้าที่อพยพประชาชนไปยังศูนย์พักพิงชั่วคราว\n\nกรมอุตุนิยมวิทยาคาดว่าฝนจะตกต่อเนื่องถึงวันพฤหัสบดี" },
        { "zh2", "暴雨过后\n\n周二凌晨，一场暴雨袭击了城市东部地区，当地居民连夜撤离。道路恢复通行，"
                 "学校周五复课。" },
        { "ja1", "台風が上陸\n\n台風十号は九州南部に上陸し、宮崎県では住民の避難が続いている。"
                 "気象庁は大雨への警戒を呼びかけた。" },
        { "en1", "Storm reaches the coast\n\nThe storm reached the coast on Tuesday and residents of "
                 "two towns left their homes, officials said." },
    };
    np_cleaner *cleaner = NULL;
    np_fingerprinter *shared = NULL, *own = NULL;
    REQUIRE(np_cleaner_new(&cleaner, NULL) == NP_OK);
    REQUIRE(np_fingerprinter_new(&shared, NULL) == NP_OK && np_fingerprinter_new(&own, NULL) == NP_OK);
    fingerprinter_share_words(shared, cleaner_words(cleaner));
    for (size_t k = 0; k < sizeof recs / sizeof *recs; k++) {
        np_record r;
        memset(&r, 0, sizeof r);
        r.id = recs[k].id;
        r.text = recs[k].text;
        r.text_len = strlen(recs[k].text);
        r.date = "2025-03-04";
        const np_article *a;
        REQUIRE(np_clean(cleaner, &r, &a) == NP_OK);
        CHECK(k == 4 || cleaner_words(cleaner)->kept.used > 0);
        CHECK(same_prints(shared, own, a));
    }
    np_fingerprinter_free(shared);
    np_fingerprinter_free(own);
    np_cleaner_free(cleaner);
}

/* text_word_hash_kept (analyse_article_words' short words, four at a time
 * in vector steps where the processor has AVX2) gives text_word_hash of
 * each kept word of 1 to 8 bytes, whatever the bytes past its length, and
 * leaves a word of length 0 or over 8 as it is: runs of 0 to 40 words
 * (the vector steps' tails), every length 0 to 20 at every place in a run
 * of four, bytes of every value (a word of any script). */
TEST(wordhash_kept_words_as_text_word_hash)
{
    uint64_t seed = 0x2545F4914F6CDD1DULL;
    for (size_t n = 0; n <= 40; n++) {
        for (size_t shift = 0; shift < 21; shift++) {
            uint64_t words[40], want[40];
            uint8_t lens[40];
            for (size_t k = 0; k < n; k++) {
                char bytes[24];
                for (size_t b = 0; b < sizeof bytes; b++) {
                    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
                    bytes[b] = (char)(seed >> 24);
                }
                size_t len = (k * 7 + shift) % 21;
                lens[k] = (uint8_t)len;
                if (len >= 1 && len <= 8) {
                    memcpy(&words[k], bytes, 8); /* bytes past len as they are */
                    want[k] = text_word_hash(bytes, len);
                } else {
                    words[k] = want[k] = seed; /* a longer word's hash, or no word */
                }
            }
            text_word_hash_kept(words, lens, n);
            for (size_t k = 0; k < n; k++)
                CHECK(words[k] == want[k]);
        }
    }
}

/* engine_day_of's fields read directly when each is exactly its digits,
 * otherwise as atoi reads them: the day of every date spelled in the
 * ways a record's field may be (signs, spaces, short and long fields,
 * letters, an early end), against the days-from-civil of atoi's fields. */
TEST(engine_day_of_reads_fields_as_atoi)
{
    static const char *dates[] = {
        "2024-03-05",        "2024-03-05T10:00:00Z", "1970-01-01", "2000-02-29", "1900-01-01", "1899-12-31",
        "2024-3-05xx",       "2024-03-5xxx",        " 2024-03-05", "+2024-03-05", "2024-13-05", "2024-00-05",
        "2024-03-32",        "2024-03-00",          "20240-03-05", "2024-+3-05", "2024- 3- 5", "2024-03-051",
        "2024-03-05 12:00",  "abcd-ef-gh",          "2024-03-0",   "202",         "2024/03/05", "12024-03-05",
        "0999-03-05-junk-x", "2024-1x-05",          "2024-03-1x",  "2024-123-05", "9999-12-31", "2024-02-31",
    };
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        const char *d = dates[i];
        int32_t want = NO_DAY;
        if (strlen(d) >= 10) {
            int y = atoi(d), m = atoi(d + 5), day = atoi(d + 8);
            if (y >= 1900 && m >= 1 && m <= 12 && day >= 1 && day <= 31) {
                y -= m <= 2; /* days from civil, written out (y >= 1900) */
                int era = y / 400, yoe = y - era * 400;
                int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
                want = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
            }
            CHECK(engine_date_number(d + 5, 2) == atoi(d + 5));
        }
        CHECK(engine_day_of(d) == want);
    }
    CHECK(engine_day_of("1970-01-01") == 0);
    CHECK(engine_day_of("2024-03-05") == 19787);
}
