/* unit_compare: np_compare on articles written here. */
#include "test.h"

static np_article article(const char *id, const char *const *paragraphs, size_t n)
{
    np_article a = { 0 };
    a.id = id;
    a.lang = "en";
    a.paragraphs = paragraphs;
    a.n_paragraphs = n;
    a.timestamp = NP_NO_TIME;
    for (size_t i = 0; i < n; i++)
        a.words += 10;
    return a;
}

static const char *const story[] = {
    "The Lindqvist Foundry in Marrow Bay closed its last furnace on Monday after 112 years.",
    "About 340 workers lost their jobs, the foundry's owner Tessa Lindqvist told reporters.",
    "The town council said it would buy the site and turn it into housing and a museum.",
    "Workers gathered at the gate on Monday evening to watch the chimney go cold.",
};
static const char *const unrelated[] = {
    "A late frost damaged most of the apple blossom in the Tarrin orchards this spring.",
    "Growers expect the harvest to fall by half, the regional farmers' union said on Friday.",
    "Cider makers in the valley are already buying fruit from other regions to keep going.",
};

TEST(compare_exact_excerpt_none)
{
    np_comparison c;
    np_article a = article("a", story, 4), same = article("b", story, 4);
    REQUIRE(np_compare(&a, &same, NULL, &c) == NP_OK);
    CHECK_STR(c.relation, "exact");
    CHECK(c.jaccard > 0.99);
    CHECK(c.overlap > 0.99);
    CHECK(c.aligned > 0.99 && c.in_order > 0.99); /* measured: every sentence aligned */

    np_article part = article("c", story + 1, 2);
    REQUIRE(np_compare(&a, &part, NULL, &c) == NP_OK);
    CHECK_STR(c.relation, "excerpt");
    CHECK(c.shared_sentences == 2);
    CHECK(c.containment > 0.99);

    np_article other = article("d", unrelated, 3);
    REQUIRE(np_compare(&a, &other, NULL, &c) == NP_OK);
    CHECK_STR(c.relation, "none");
    CHECK(c.overlap < 0.3);
    CHECK(c.shared_sentences == 0);
}

TEST(compare_rejects_missing_arguments)
{
    np_comparison c;
    np_article a = article("a", story, 4);
    CHECK(np_compare(NULL, &a, NULL, &c) == NP_EPARAM);
    CHECK(np_compare(&a, NULL, NULL, &c) == NP_EPARAM);
    CHECK(np_compare(&a, &a, NULL, NULL) == NP_EPARAM);
}

/* A rewrite that re-says every sentence of its source in another order,
 * with a word or two changed in each, keeps a quarter or more of the
 * source's 5-word shingles: a rewrite, though out of order.  A report of
 * the same event in its own words shares a few: not one. */
static const char *const source[] = {
    "The Lindqvist Foundry in Marrow Bay closed its last furnace on Monday after 112 years of casting iron for ships and bridges.",
    "About 340 workers lost their jobs, the owner Tessa Lindqvist told reporters outside the main gate that afternoon.",
    "The town council said it would buy the whole site this winter and turn it into housing, a school and a museum of the works.",
    "Workers and their families gathered at the gate on Monday evening to watch the tall brick chimney go cold for the last time.",
    "Orders for cast iron fell by more than half in the past decade as shipyards along the coast bought steel parts from abroad.",
    "The union said it would help the workers find new jobs at the port and the new wind turbine plant across the bay.",
};
static const char *const shuffled[] = {
    "Workers and their relatives gathered at the gate on Monday evening to watch the tall brick chimney go cold for the final time.",
    "The union said it would help the staff find new jobs at the port and the new wind turbine plant across the bay.",
    "About 340 employees lost their jobs, the owner Tessa Lindqvist told reporters outside the main gate that afternoon.",
    "Orders for cast iron dropped by more than half in the past decade as shipyards along the coast bought steel parts from abroad.",
    "The Lindqvist Foundry in Marrow Bay shut its last furnace on Monday after 112 years of casting iron for ships and bridges.",
    "The town council said it would purchase the whole site this winter and turn it into housing, a school and a museum of the works.",
};
static const char *const own_words[] = {
    "Marrow Bay's 112-year-old iron foundry, owned by Tessa Lindqvist, went cold on Monday as its final furnace was shut down.",
    "Some 340 jobs have gone, Lindqvist said, after demand from coastal shipyards collapsed over ten years.",
    "Councillors plan to acquire the land and build homes, a school and a museum there, according to a statement from the town hall.",
    "Families of the workers stood by the gates in the evening as the chimney stopped smoking.",
    "Union officials promised to look for jobs for the laid-off staff at the harbour and at a turbine factory nearby.",
};

static const char *const too_short[] = { "Rain fell. Roads shut." };

/* texts without a sentence long enough to align: the alignment is not
 * measured (-1), not a measured 0 */
TEST(compare_alignment_unmeasured_without_sentences)
{
    np_comparison c;
    np_article a = article("a", too_short, 1), b = article("b", too_short, 1);
    REQUIRE(np_compare(&a, &b, NULL, &c) == NP_OK);
    CHECK_STR(c.relation, "exact");
    CHECK(c.aligned < 0);
    CHECK(c.in_order < 0);
}

TEST(compare_rewrite_out_of_order)
{
    np_comparison c;
    np_article a = article("a", source, 6), b = article("b", shuffled, 6);
    REQUIRE(np_compare(&a, &b, NULL, &c) == NP_OK);
    CHECK_STR(c.relation, "rewrite");
    CHECK(c.jaccard >= 0.25);
    CHECK(c.in_order < 0.48); /* too far out of order for the in-order tests */

    np_article own = article("c", own_words, 5);
    REQUIRE(np_compare(&a, &own, NULL, &c) == NP_OK);
    CHECK(strcmp(c.relation, "rewrite") != 0);
    CHECK(c.jaccard < 0.25);
}

/* The paraphrase measures: the same words in another order share every
 * stem but not the sequence; a changed figure and a changed name are
 * counted on both sides; identical texts agree on everything. */
TEST(compare_paraphrase_measures)
{
    static const char *const passive[] = { "On Tuesday the bill was passed by the senate of Korvania." };
    static const char *const active[] = { "The senate of Korvania passed the bill on Tuesday." };
    static const char *const sold[] = { "Harbin Motors sold 300 trucks to the city of Pellam last year." };
    static const char *const sold_other[] = { "Harbin Motors sold 450 trucks to the city of Dorvik last year." };
    np_comparison c;
    np_article a = article("a", active, 1), b = article("b", passive, 1);
    REQUIRE(np_compare(&a, &a, NULL, &c) == NP_OK);
    CHECK(c.words_a == 9 && c.words_b == 9);
    CHECK(c.stems_fewer > 0.99 && c.stems_more > 0.99);
    CHECK(c.sequence_shorter > 0.99 && c.sequence_longer > 0.99);
    CHECK(c.pairs_fewer > 0.99 && c.trigrams > 0.99);
    CHECK(c.numbers_alone == 0 && c.names_alone == 0);

    REQUIRE(np_compare(&a, &b, NULL, &c) == NP_OK);
    CHECK(c.words_a == 9 && c.words_b == 11);
    CHECK(c.stems_fewer > 0.99); /* senate, korvania, pass, bill, tuesday: all shared */
    CHECK(c.sequence_shorter < 0.5); /* "the senate of korvania": 4 of 9 */
    CHECK(c.sequence_longer < c.sequence_shorter);
    CHECK(c.pairs_fewer > 0.6 && c.pairs_fewer < 0.7); /* 5 of the 8 pairs of the shorter */
    CHECK(c.trigrams < 0.8);

    np_article x = article("x", sold, 1), y = article("y", sold_other, 1);
    REQUIRE(np_compare(&x, &y, NULL, &c) == NP_OK);
    CHECK(c.numbers_alone == 2); /* 300 and 450 */
    CHECK(c.names_alone == 2);   /* Pellam and Dorvik */
    CHECK(c.stems_fewer < 0.9);
    CHECK(c.numbers_shared == 0);
}

/* BLEU's n-gram precisions each way, the word edits, the stopwords and
 * the negations: identical texts agree on all; the passive keeps every
 * word of the active and one 4-gram; a denial negates in one text only. */
TEST(compare_paraphrase_grams_edits_negations)
{
    static const char *const passive[] = { "On Tuesday the bill was passed by the senate of Korvania." };
    static const char *const active[] = { "The senate of Korvania passed the bill on Tuesday." };
    static const char *const denied[] = { "The senate of Korvania didn't pass the bill on Tuesday." };
    static const char *const sold[] = { "Harbin Motors sold 300 trucks to the city of Pellam last year." };
    np_comparison c;
    np_article a = article("a", active, 1), b = article("b", passive, 1), d = article("d", denied, 1);
    REQUIRE(np_compare(&a, &a, NULL, &c) == NP_OK);
    for (int n = 0; n < 4; n++)
        CHECK(c.grams_shorter[n] > 0.99 && c.grams_longer[n] > 0.99);
    CHECK(c.edits_longer == 0 && c.function_words > 0.99);
    CHECK(c.negations_a == 0 && c.negations_b == 0);

    REQUIRE(np_compare(&a, &b, NULL, &c) == NP_OK);
    CHECK(c.grams_shorter[0] > 0.99);                          /* the active's 9 words, "the" twice */
    CHECK(c.grams_longer[0] > 0.81 && c.grams_longer[0] < 0.82); /* 9 of 11: not "was", "by" */
    CHECK(c.grams_shorter[3] > 0.16 && c.grams_shorter[3] < 0.17); /* "the senate of korvania": 1 of 6 */
    CHECK(c.grams_longer[3] > 0.12 && c.grams_longer[3] < 0.13);   /* 1 of 8 */
    CHECK(c.edits_longer > 0.5 && c.edits_longer < 1);
    CHECK(c.function_words > 0.59 && c.function_words < 0.61); /* the, of, on of the, of, on, was, by */
    CHECK(c.negations_a == 0 && c.negations_b == 0);

    REQUIRE(np_compare(&a, &d, NULL, &c) == NP_OK);
    CHECK(c.negations_a == 0 && c.negations_b == 1);
    CHECK(c.edits_longer > 0.09 && c.edits_longer < 0.11); /* "didn't" inserted: 1 of 10 */

    np_article x = article("x", sold, 1);
    REQUIRE(np_compare(&x, &x, NULL, &c) == NP_OK);
    CHECK(c.numbers_shared == 1 && c.numbers_alone == 0);
}

/* Two comparisons are the same answer, field by field. */
static int same_comparison(const np_comparison *x, const np_comparison *y)
{
    return strcmp(x->relation, y->relation) == 0 && x->jaccard == y->jaccard &&
           x->containment == y->containment && x->shared_sentences == y->shared_sentences &&
           x->aligned == y->aligned && x->in_order == y->in_order && x->vocabulary == y->vocabulary &&
           x->overlap == y->overlap && x->word_pairs == y->word_pairs && x->words_a == y->words_a &&
           x->words_b == y->words_b && x->stems_fewer == y->stems_fewer && x->stems_more == y->stems_more &&
           x->numbers_alone == y->numbers_alone && x->names_alone == y->names_alone &&
           x->sequence_shorter == y->sequence_shorter && x->sequence_longer == y->sequence_longer &&
           x->pairs_fewer == y->pairs_fewer && x->trigrams == y->trigrams &&
           memcmp(x->grams_shorter, y->grams_shorter, sizeof x->grams_shorter) == 0 &&
           memcmp(x->grams_longer, y->grams_longer, sizeof x->grams_longer) == 0 &&
           x->edits_longer == y->edits_longer && x->function_words == y->function_words &&
           x->negations_a == y->negations_a && x->negations_b == y->negations_b &&
           x->numbers_shared == y->numbers_shared && strcmp(x->note, y->note) == 0;
}

/* compare --pairs judges every pair with one fingerprinter
 * (np_compare_with): each answer is the one a fingerprinter made for the
 * pair alone gives, whatever pairs came before (its stem cache, scratch
 * and buffers are warm from them), in either order. */
TEST(compare_with_one_fingerprinter_as_one_per_pair)
{
    static const char *const sold[] = { "Harbin Motors sold 300 trucks to the city of Pellam last year." };
    static const char *const sold_other[] = { "Harbin Motors sold 450 trucks to the city of Dorvik last year." };
    static const char *const thai[] = { "\xe0\xb8\xa7\xe0\xb8\xb1\xe0\xb8\x99\xe0\xb8\x99\xe0\xb8\xb5\xe0\xb9\x89"
                                        "\xe0\xb8\x9d\xe0\xb8\x99\xe0\xb8\x95\xe0\xb8\x81 in Marrow Bay." };
    np_article texts[] = {
        article("a", story, 4),    article("b", story + 1, 2),   article("c", unrelated, 3),
        article("d", source, 6),   article("e", shuffled, 6),    article("f", sold, 1),
        article("g", sold_other, 1), article("h", thai, 1),
    };
    size_t n = sizeof texts / sizeof *texts;
    np_fingerprinter *printer = NULL;
    REQUIRE(np_fingerprinter_new(&printer, NULL) == NP_OK);
    for (size_t round = 0; round < 2; round++) /* the second with every table warm */
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                np_comparison kept, alone;
                REQUIRE(np_compare_with(printer, &texts[i], &texts[j], NULL, &kept) == NP_OK);
                REQUIRE(np_compare(&texts[i], &texts[j], NULL, &alone) == NP_OK);
                CHECK(same_comparison(&kept, &alone));
            }
    np_fingerprinter_free(printer);

    /* a fingerprinter of fewer sections is no compare's */
    np_comparison c;
    REQUIRE(np_fingerprinter_new(&printer, NULL) == NP_OK);
    np_fingerprinter_copies_only(printer);
    CHECK(np_compare_with(printer, &texts[0], &texts[1], NULL, &c) == NP_EPARAM);
    np_fingerprinter_free(printer);
}
