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
