/* unit_family: copy families (src/cluster/family.c, family_bridge.c) on
 * texts written for the test. */
#include <string.h>

#include "test.h"

/* A brief of a ferry route's background, its five sentences re-said in
 * order by a report of the route's approval and, the first out of order,
 * by a report of its first sailing; the two reports re-say little of
 * each other.  Four articles of other events weigh the terms. */
static const char *const brief[] = {
    "The new route links the port of Kellbrook with Ostrava Isle across the northern sound.",
    "Each crossing from Kellbrook to Ostrava will take about forty minutes in calm weather.",
    "The Kellbrook harbour board bought two electric boats for twelve million crowns last spring.",
    "Ostrava islanders had petitioned the board for a year-round ferry service for a decade.",
    "Mayor Tessa Wren called the ferry a lifeline for the families living on the island.",
};
static const char *const approval[] = {
    "The Kellbrook harbour board voted on Tuesday to approve a ferry route to Ostrava Isle.",
    "Seven of the nine board members backed the plan after a debate lasting four hours.",
    "The route will link the port of Kellbrook with Ostrava Isle across the northern sound, officials said.",
    "A crossing from Kellbrook to Ostrava should take roughly forty minutes when the weather is calm.",
    "Opponents on the board argued that the fares would not cover the running costs.",
    "Last spring the Kellbrook harbour board bought two electric boats for twelve million crowns.",
    "For a decade Ostrava islanders petitioned the board to run a ferry service all year round.",
    "Mayor Tessa Wren said the ferry would be a lifeline for families living on the island.",
    "The board expects to publish a timetable and the fares before the end of the year.",
    "Construction of a new pier at the island's only village is due to begin in January.",
};
static const char *const sailing[] = {
    "Two electric boats were bought by the Kellbrook harbour board last spring for twelve million crowns.",
    "The first passenger ferry from Kellbrook reached Ostrava Isle on Saturday morning, greeted by a brass band.",
    "Some two hundred passengers made the maiden voyage, many of them children from the island school.",
    "Boats on the route cross the northern sound from the Kellbrook port to Ostrava Isle.",
    "The captain, Jonas Ferrand, said the sea was rough and the crossing ran late by a quarter hour.",
    "In calm weather the trip from Kellbrook to Ostrava takes some forty minutes, the operator says.",
    "Tickets for the return trip sold out within an hour of the ticket office opening.",
    "Ostrava islanders petitioned the harbour board for a decade to get a ferry service running year-round.",
    "A lifeline for island families, Mayor Tessa Wren said as she stepped off the boat.",
    "The new pier at the village was finished only on Thursday night, two days before the sailing.",
    "Fishermen in the harbour sounded their horns as the boat turned for home in the afternoon.",
};
static const char *const other0[] = {
    "The city council of Brannock approved a budget that raises spending on schools by five percent.",
    "Council members argued for two days over the cost of a new library in the old market hall.",
    "The budget also cuts funds for road repairs, which angered drivers in the outer districts.",
    "A vote on the library itself was put off until the spring session of the council.",
};
static const char *const other1[] = {
    "Heavy rain flooded the lower town of Sarvik on Sunday, forcing dozens of families from their homes.",
    "The river rose three metres in a single night and broke through an old earth wall near the mill.",
    "Rescue teams used boats to reach elderly residents trapped on the upper floors of houses.",
    "Forecasters expect more rain in the hills this week, and the schools will stay closed.",
};
static const char *const other2[] = {
    "A mining company in Feldmark said it found a large seam of copper under the eastern ridge.",
    "Shares in the company rose by a third after the announcement on Wednesday afternoon.",
    "Environmental groups warned that an open pit would damage the springs that feed the valley.",
    "The regional government must approve any plan to dig before the company can start work.",
};
static const char *const other3[] = {
    "The national orchestra of Velmar opened its season with a symphony by a young local composer.",
    "Critics praised the slow movement but found the finale loud and too long for the hall.",
    "The composer, who is twenty six, wrote the piece during a winter spent in a mountain hut.",
    "Tickets for the rest of the season are nearly sold out, the orchestra said on Friday.",
};

enum { ARTICLES = 7 };

/* Runs the seven articles; r gets their results in the order of ids
 * (borrowed from the engine returned; free it with np_engine_free).
 * returns: NULL when the run or a lookup failed. */
static np_engine *run_ferry(np_result r[ARTICLES])
{
    static const char *const ids[ARTICLES] = { "x2", "x1", "s1", "f0", "f1", "f2", "f3" };
    const char *const *paragraphs[ARTICLES] = { approval, sailing, brief, other0, other1, other2, other3 };
    const size_t counts[ARTICLES] = { sizeof approval / sizeof *approval, sizeof sailing / sizeof *sailing,
                                      sizeof brief / sizeof *brief, 4, 4, 4, 4 };
    np_engine *e = NULL;
    if (np_engine_new(&e, NULL, NULL) != NP_OK)
        return NULL;
    int ok = 1;
    for (size_t i = 0; i < ARTICLES && ok; i++) {
        size_t words = 0;
        for (size_t p = 0; p < counts[i]; p++)
            for (const char *c = paragraphs[i][p]; *c; c++)
                words += *c != ' ' && (c == paragraphs[i][p] || c[-1] == ' ');
        np_article a = { .id = ids[i], .lang = "en", .timestamp = NP_NO_TIME, .paragraphs = paragraphs[i],
                         .n_paragraphs = counts[i], .words = words };
        ok = np_engine_add(e, &a) == NP_OK;
    }
    ok = ok && np_engine_run(e) == NP_OK && np_engine_count(e) == ARTICLES;
    size_t found = 0;
    for (size_t i = 0; i < ARTICLES && ok; i++) {
        np_result x;
        ok = np_engine_result(e, i, &x) == NP_OK;
        for (size_t k = 0; k < ARTICLES && ok; k++)
            if (strcmp(x.id, ids[k]) == 0) {
                r[k] = x;
                found++;
            }
    }
    if (!ok || found != ARTICLES) {
        np_engine_free(e);
        return NULL;
    }
    return e;
}

/* The brief is a rewrite of both reports, but they copy nothing from
 * each other: the brief stays with the one it re-says best (all in
 * order, x2), and the other (x1) is no copy (before, the three were one
 * family: x2 a rewrite of x1 through the brief). */
TEST(family_brief_of_two_reports_joins_the_one_it_re_says_best)
{
    np_result r[ARTICLES];
    np_engine *e = run_ferry(r);
    REQUIRE(e);
    CHECK(strcmp(r[2].relation, "rewrite") == 0 && r[2].copy_of && strcmp(r[2].copy_of, "x2") == 0);
    CHECK(strcmp(r[1].relation, "report") == 0 && r[1].copy_of == NULL);
    CHECK(strcmp(r[0].relation, "original") == 0);
    np_engine_free(e);
}
