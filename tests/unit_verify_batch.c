/* unit_verify_batch: verify_compare_copies (an incremental add's
 * verification of every candidate, query.c) calls copies the pairs
 * verify_compare calls copies, measured as it measures them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cluster/engine.h"
#include "cluster/stages.h"
#include "common/alloc.h"
#include "test.h"

enum { EVENTS = 12, PER_EVENT = 4, N = EVENTS * PER_EVENT, FACTS = 6 };

static const char *const places[] = { "Harlow Bay", "Oakmere", "Velden", "Dunbarrow" };
static const char *const names[] = { "Ines Varga", "Mira Castell", "Joel Brandt" };
static const char *const kinds[] = { "fire", "flood", "storm" };

/* As tests/data/gen_articles.py writes them: an event's report, its
 * verbatim copy, a trimmed copy and another report of its facts
 * shuffled; events of one template, days apart (some within the rewrite
 * window, most not), so that most pairs share stock sentences, shingles
 * and terms and are no copies. */
static void event_texts(size_t ev, char facts[PER_EVENT][FACTS][160], size_t lengths[PER_EVENT])
{
    const char *place = places[ev % 4], *who = names[ev % 3], *kind = kinds[ev % 3];
    unsigned num = 12 + (unsigned)(ev * 37 % 880), hours = 2 + (unsigned)(ev * 7 % 38);
    char f[FACTS][160];
    snprintf(f[0], 160, "On Monday a %s struck %s, and %u people were affected, officials said.", kind, place, num);
    snprintf(f[1], 160, "Emergency teams worked for %u hours before the situation was under control.", hours);
    snprintf(f[2], 160, "%s, who leads the local council, said the town would need weeks to recover.", who);
    snprintf(f[3], 160, "Residents of %s described scenes of confusion as the %s spread.", place, kind);
    snprintf(f[4], 160, "The regional authority promised %u in emergency funds for %s.", num * 1000, place);
    snprintf(f[5], 160, "An inquiry into the %s will report its findings within %u days.", kind, hours);
    static const size_t shuffled[FACTS] = { 3, 0, 5, 1, 4, 2 };
    for (size_t s = 0; s < FACTS; s++) {
        memcpy(facts[0][s], f[s], 160);
        memcpy(facts[1][s], f[s], 160);
        memcpy(facts[2][s], f[s], 160);
        memcpy(facts[3][s], f[shuffled[(s + ev) % FACTS]], 160);
    }
    lengths[0] = lengths[1] = FACTS;
    lengths[2] = 3;
    lengths[3] = 4;
}

TEST(verify_compare_copies_as_compare)
{
    static char facts[EVENTS][PER_EVENT][FACTS][160];
    const char *paras[N][FACTS];
    char ids[N][16], dates[N][16];
    size_t lengths[N];
    np_engine *e = NULL;
    REQUIRE(np_engine_new(&e, NULL, NULL) == NP_OK);
    for (size_t ev = 0; ev < EVENTS; ev++) {
        event_texts(ev, facts[ev], &lengths[ev * PER_EVENT]);
        for (size_t v = 0; v < PER_EVENT; v++) {
            size_t i = ev * PER_EVENT + v;
            for (size_t s = 0; s < FACTS; s++)
                paras[i][s] = facts[ev][v][s];
            snprintf(ids[i], sizeof ids[i], "g%02zu-%zu", ev, v);
            snprintf(dates[i], sizeof dates[i], "2024-%02zu-%02zu", 1 + ev % 5 * 2, 1 + ev * 3 % 28);
            np_article a = { .id = ids[i], .date = dates[i], .timestamp = NP_NO_TIME, .lang = "en",
                             .paragraphs = paras[i], .n_paragraphs = lengths[i], .words = 14 * lengths[i] };
            REQUIRE(np_engine_add(e, &a) == NP_OK);
        }
    }
    uint32_t as[N];
    size_t which[N], copies = 0;
    copy_link links[N];
    for (uint32_t b = 1; b < N; b++) {
        for (uint32_t a = 0; a < b; a++)
            as[a] = a;
        size_t n_links = 0, at = 0;
        REQUIRE(verify_compare_copies(e, b, as, b, links, which, &n_links) == NP_OK);
        for (uint32_t a = 0; a < b; a++) {
            copy_link want;
            int is_copy = 0;
            REQUIRE(verify_compare(e, a, b, &want, &is_copy, NULL) == NP_OK);
            if (!is_copy)
                continue;
            copies++;
            REQUIRE(at < n_links);
            const copy_link *l = &links[at];
            CHECK(which[at++] == a);
            CHECK(l->a == want.a && l->b == want.b && l->kind == want.kind && l->score == want.score);
            CHECK(l->jaccard == want.jaccard && l->containment == want.containment);
            CHECK(l->aligned == want.aligned && l->ordered == want.ordered && l->vocabulary == want.vocabulary);
            CHECK(l->shared_sentences == want.shared_sentences);
        }
        CHECK(at == n_links);
    }
    CHECK(copies >= 2 * EVENTS); /* the case itself: copies among many pairs that are none */
    np_engine_free(e);
}
