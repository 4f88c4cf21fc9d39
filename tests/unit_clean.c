/* unit_clean: np_clean on small invented articles (src/text/clean.c and
 * the boilerplate classifier behind it). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "common/utf8.h"
#include "text/doc.h"
#include "text/textutil.h"

/* Cleans `text` as a text-file record with id `id`. */
static np_status clean_text(np_cleaner *c, const char *id, const char *text,
                            const np_article **out)
{
    np_record r = { 0 };
    r.id = id;
    r.text = text;
    r.text_len = strlen(text);
    r.path = "memory.txt";
    return np_clean(c, &r, out);
}

/* Index of the first paragraph containing `needle`, or -1. */
static long para_index(const np_article *a, const char *needle)
{
    for (size_t i = 0; i < a->n_paragraphs; i++)
        if (strstr(a->paragraphs[i], needle))
            return (long)i;
    return -1;
}

static int body_has(const np_article *a, const char *needle)
{
    return para_index(a, needle) >= 0;
}

/* The kind the cleaner gave the first input line containing `needle`. */
static const char *kind_of(const np_article *a, const char *needle)
{
    for (size_t i = 0; i < a->n_lines; i++)
        if (strstr(a->lines[i].text, needle))
            return a->lines[i].kind;
    return "(no such line)";
}

static int has_attribution(const np_article *a, const char *name)
{
    for (size_t i = 0; i < a->n_attribution; i++)
        if (strcmp(a->attribution[i], name) == 0)
            return 1;
    return 0;
}

static size_t count_words(const char *s)
{
    size_t n = 0;
    int in = 0;
    for (; *s; s++) {
        int w = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9');
        if (w && !in)
            n++;
        in = w || (in && (*s == '\'' || *s == '-') && s[1] &&
                   ((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z')));
    }
    return n;
}

/* Fictional articles. */

static const char article_full[] =
    "Menu\n"
    "Search\n"
    "Skip to main content\n"
    "Home | News | Video | Live\n"
    "\n"
    "Harbor Bridge Plan Wins Council Vote in Dunmore\n"
    "\n"
    "The city council of Dunmore voted on Tuesday evening to approve the long-delayed plan "
    "for a new harbor bridge, ending two years of debate over its cost.\n"
    "\n"
    "Share this article\n"
    "Share on Facebook\n"
    "\n"
    "Councillor Mara Elwood, who proposed the plan, said the bridge would cut the morning commute\n"
    "across the bay by half and bring new shops to the old pier district.\n"
    "\n"
    "(Photo : Jane Doe/Wirepress)\n"
    "Mayor Tomas Brandt speaks at the council meeting on Tuesday\n"
    "\n"
    "Read also: Dunmore Ferry Service To End Next Spring After Ninety Years On The Bay\n"
    "\n"
    "Opponents of the plan argued that the money would be better spent on the city's aging "
    "schools, and several residents spoke against it during the public comment period.\n"
    "\n"
    "Related Article: Council Delays Vote On School Repairs Until The Autumn Session\n"
    "\n"
    "Subscribe to our newsletter for daily updates\n"
    "Sign up for the Morning Brief newsletter\n"
    "\n"
    "The mayor (left) and Councillor Elwood (right) look at a model of the bridge.\n"
    "The mayor (left) and Councillor Elwood (right) look at a model of the bridge.\n"
    "\n"
    "Construction is expected to begin in the spring and to last about three years, "
    "according to the city's planning office, which will publish a schedule next month.\n"
    "\n"
    "With reporting by Wirepress and Newsline\n"
    "\n"
    "About Us\n"
    "Our newsroom is funded by readers like you and has covered the bay area for decades.\n"
    "Contact the editors\n"
    "Terms of Use\n";

static const char article_scraped[] =
    " date 2024-05-01 Harbor Bridge Plan Wins Council Vote\n"
    "\n"
    "The city council of Dunmore voted on Tuesday evening to approve the long-delayed plan "
    "for a new harbor bridge, ending two years of debate over its cost.\n"
    "\n"
    "Councillor Mara Elwood, who proposed the plan, said the bridge would cut the morning "
    "commute across the bay by half and bring new shops to the old pier district.\n"
    "\n"
    "This article originally appeared on Example-Times.com\n"
    "\n"
    "Leave a Reply\n"
    "\n"
    "Your email address will not be published. Required fields are marked *\n"
    "\n"
    "Comment\n"
    "\n"
    "Name *\n"
    "\n"
    "Email *\n"
    "\n"
    "You may also like\n"
    "\n"
    "Ferry service to end after ninety years\n"
    "\n"
    "The last ferry across the bay will sail next spring, the operator said on\xE2\x80\xA6\n"
    "\n"
    "New school wing opens in Dunmore\n"
    "\n"
    "Pupils at the old harbor school moved into a bright new wing this week after\xE2\x80\xA6\n";

static const char article_no_headline[] =
    "The city council of Dunmore voted on Tuesday evening to approve the long-delayed plan "
    "for a new harbor bridge, ending two years of debate over its cost and design.\n"
    "\n"
    "Councillor Mara Elwood, who proposed the plan, said the bridge would cut the morning "
    "commute across the bay by half.\n";

TEST(clean_title_headline_line)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "full", article_full, &a) == NP_OK);
    REQUIRE(a != NULL);
    CHECK_STR(a->id, "full");
    CHECK_STR(a->title, "Harbor Bridge Plan Wins Council Vote in Dunmore");
    CHECK_STR(kind_of(a, "Harbor Bridge Plan Wins"), "title");
    CHECK(!body_has(a, "Harbor Bridge Plan Wins"));
    CHECK(a->date == NULL);
    CHECK_STR(a->lang, "en");
    np_cleaner_free(c);
}

TEST(clean_title_date_prefix_stripped)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "scraped", article_scraped, &a) == NP_OK);
    CHECK_STR(a->title, "Harbor Bridge Plan Wins Council Vote");
    CHECK_STR(a->date, "2024-05-01");
    CHECK(!body_has(a, "2024-05-01"));
    CHECK(!body_has(a, "Harbor Bridge Plan"));
    CHECK(para_index(a, "The city council of Dunmore voted") == 0);
    np_cleaner_free(c);
}

TEST(clean_title_null_when_article_starts_with_paragraph)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "nohead", article_no_headline, &a) == NP_OK);
    CHECK(a->title == NULL);
    REQUIRE(a->n_paragraphs == 2);
    CHECK(strncmp(a->paragraphs[0], "The city council of Dunmore voted", 33) == 0);
    CHECK(strncmp(a->paragraphs[1], "Councillor Mara Elwood", 22) == 0);
    CHECK(a->removed_lines == 0);
    np_cleaner_free(c);
}

TEST(clean_nav_lines_above_title)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "full", article_full, &a) == NP_OK);
    CHECK_STR(kind_of(a, "Menu"), "nav");
    CHECK_STR(kind_of(a, "Skip to main content"), "nav");
    CHECK_STR(kind_of(a, "Home | News"), "nav");
    CHECK(!body_has(a, "Menu"));
    CHECK(!body_has(a, "Skip to"));
    CHECK(!body_has(a, "Home |"));
    np_cleaner_free(c);
}

TEST(clean_related_links_removed)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "full", article_full, &a) == NP_OK);
    CHECK_STR(kind_of(a, "Read also:"), "related");
    CHECK_STR(kind_of(a, "Related Article:"), "related");
    CHECK(!body_has(a, "Ferry Service"));
    CHECK(!body_has(a, "School Repairs"));
    CHECK(!body_has(a, "Read also"));
    np_cleaner_free(c);
}

TEST(clean_photo_credit_and_caption_removed)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "full", article_full, &a) == NP_OK);
    CHECK_STR(kind_of(a, "(Photo : Jane Doe/Wirepress)"), "caption");
    CHECK_STR(kind_of(a, "Mayor Tomas Brandt speaks"), "caption");
    CHECK(!body_has(a, "Jane Doe"));
    CHECK(!body_has(a, "Mayor Tomas Brandt speaks"));
    /* a credit glued to the end of a caption sentence */
    static const char text[] =
        "Harbor Bridge Plan Wins Council Vote\n"
        "\n"
        "The city council of Dunmore voted on Tuesday evening to approve the long-delayed "
        "plan for a new harbor bridge, ending two years of debate over its cost.\n"
        "\n"
        "Workers inspect the old pier on Monday.Jane Doe / Wirepress via Getty Images\n"
        "\n"
        "Construction is expected to begin in the spring and to last about three years, "
        "according to the city's planning office.\n";
    REQUIRE(clean_text(c, "credit", text, &a) == NP_OK);
    CHECK_STR(kind_of(a, "Workers inspect"), "caption");
    CHECK(!body_has(a, "Workers inspect"));
    CHECK(a->n_paragraphs == 2);
    np_cleaner_free(c);
}

TEST(clean_caption_printed_twice_removed)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "full", article_full, &a) == NP_OK);
    CHECK(!body_has(a, "look at a model of the bridge"));
    size_t captions = 0;
    for (size_t i = 0; i < a->n_lines; i++)
        if (strstr(a->lines[i].text, "look at a model"))
            captions += strcmp(a->lines[i].kind, "caption") == 0;
    CHECK(captions == 2);
    np_cleaner_free(c);
}

TEST(clean_repeated_line_kept_once)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] =
        "Harbor Bridge Plan Wins Council Vote\n"
        "\n"
        "The city council of Dunmore voted on Tuesday evening to approve the long-delayed "
        "plan for a new harbor bridge, ending two years of debate over its cost.\n"
        "\n"
        "Councillor Mara Elwood said the bridge would cut the morning commute across the "
        "bay by half and bring new shops to the pier.\n"
        "\n"
        "The city council of Dunmore voted on Tuesday evening to approve the long-delayed "
        "plan for a new harbor bridge, ending two years of debate over its cost.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "repeat", text, &a) == NP_OK);
    REQUIRE(a->n_paragraphs == 2);
    CHECK(para_index(a, "The city council") == 0);
    CHECK(para_index(a, "Councillor Mara Elwood") == 1);
    int repeats = 0;
    for (size_t i = 0; i < a->n_lines; i++)
        repeats += strcmp(a->lines[i].kind, "repeat") == 0;
    CHECK(repeats == 1);
    np_cleaner_free(c);
}

/* Lines printed again, in texts of few lines and of many (the line
 * hashes are sorted two ways by their count): each printing after the
 * first is a repeat, whichever line it is and wherever it comes. */
TEST(clean_repeated_lines_in_short_and_long_texts)
{
    static const char *const towns[] = { "Dunmore", "Eastwick", "Norland", "Ostberg", "Harwick",
                                         "Lowmoor", "Redfield", "Ashby" };
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1);
    for (size_t n_lines = 6; n_lines <= 70; n_lines += 16) {
        char *text = malloc(n_lines * 160 + 1), *p = text;
        REQUIRE(text != NULL);
        size_t want = 0;
        for (size_t i = 0; i < n_lines; i++) {
            /* every third line from the fourth on prints line 1 or 2 again */
            size_t shown = i >= 3 && i % 3 == 0 ? 1 + i / 3 % 2 : i;
            want += shown != i;
            p += sprintf(p, "The council of %s met for the %zu%s time on Tuesday to weigh the harbor plan "
                         "and its cost.\n\n", towns[shown % 8], shown, shown == 1 ? "st" : "th");
        }
        const np_article *a;
        REQUIRE(clean_text(c, "repeats", text, &a) == NP_OK);
        size_t repeats = 0;
        for (size_t i = 0; i < a->n_lines; i++)
            repeats += strcmp(a->lines[i].kind, "repeat") == 0;
        CHECK(want >= 1 && repeats == want);
        CHECK(para_index(a, "the 1st time") == 0); /* line 0 is the title */
        CHECK(a->title && strstr(a->title, "the 0th time") != NULL);
        free(text);
    }
    np_cleaner_free(c);
}

/* Lines of one length that open and close with the same sixteen bytes and
 * differ only between them, each printed one to three times in an order
 * of their own: a printing is a repeat of the same line only, every byte
 * of it (the lines are sorted by their ends and length first). */
TEST(clean_repeats_told_apart_by_every_byte)
{
    static const char *const towns[] = { "Lowmoors", "Eastwick", "Redfield", "Ostbergs" };
    /* the order the lines are printed in: 0 to 3, each of 1 to 3 times */
    static const unsigned printed[] = { 0, 1, 2, 1, 3, 0, 2, 2, 1, 3 };
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1);
    char text[4096], *p = text;
    p += sprintf(p, "Harbor plans weighed again\n\n");
    for (size_t i = 0; i < sizeof printed / sizeof *printed; i++)
        p += sprintf(p, "The council of the town of %s met on Tuesday to weigh the harbor plan and its cost.\n\n",
                     towns[printed[i]]);
    const np_article *a;
    REQUIRE(clean_text(c, "repeats", text, &a) == NP_OK);
    size_t repeats = 0, body = 0;
    for (size_t i = 0; i < a->n_lines; i++) {
        repeats += strcmp(a->lines[i].kind, "repeat") == 0;
        body += strcmp(a->lines[i].kind, "body") == 0;
    }
    CHECK(repeats == 6);
    CHECK(body == 4);
    for (size_t t = 0; t < 4; t++) {
        char town[32];
        snprintf(town, sizeof town, "town of %s met", towns[t]);
        CHECK(para_index(a, town) >= 0);
    }
    np_cleaner_free(c);
}

TEST(clean_share_and_subscribe_removed)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "full", article_full, &a) == NP_OK);
    CHECK_STR(kind_of(a, "Share this article"), "nav");
    CHECK_STR(kind_of(a, "Share on Facebook"), "nav");
    CHECK_STR(kind_of(a, "Subscribe to our newsletter"), "promo");
    CHECK_STR(kind_of(a, "Sign up for the Morning Brief"), "promo");
    CHECK(!body_has(a, "Share"));
    CHECK(!body_has(a, "Subscribe"));
    CHECK(!body_has(a, "newsletter"));
    np_cleaner_free(c);
}

TEST(clean_comment_form_removed)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "scraped", article_scraped, &a) == NP_OK);
    CHECK_STR(kind_of(a, "Leave a Reply"), "section");
    CHECK(strcmp(kind_of(a, "Your email address"), "body") != 0);
    CHECK(strcmp(kind_of(a, "Name *"), "body") != 0);
    CHECK(strcmp(kind_of(a, "Email *"), "body") != 0);
    CHECK(!body_has(a, "Leave a Reply"));
    CHECK(!body_has(a, "email address"));
    CHECK(!body_has(a, "Name *"));
    CHECK(!body_has(a, "Comment"));
    np_cleaner_free(c);
}

TEST(clean_teaser_list_removed)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "scraped", article_scraped, &a) == NP_OK);
    CHECK_STR(kind_of(a, "You may also like"), "section");
    CHECK_STR(kind_of(a, "Ferry service to end"), "section");
    CHECK_STR(kind_of(a, "The last ferry across the bay"), "section");
    CHECK_STR(kind_of(a, "New school wing opens"), "section");
    CHECK_STR(kind_of(a, "Pupils at the old harbor school"), "section");
    CHECK(!body_has(a, "You may also like"));
    CHECK(!body_has(a, "ferry"));
    CHECK(!body_has(a, "school wing"));
    CHECK(!body_has(a, "\xE2\x80\xA6"));
    REQUIRE(a->n_paragraphs == 2);
    CHECK(para_index(a, "Councillor Mara Elwood") == 1);
    np_cleaner_free(c);
}

TEST(clean_teaser_list_ends_where_prose_resumes)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] =
        "Harbor Bridge Plan Wins Council Vote\n"
        "\n"
        "The city council of Dunmore voted on Tuesday evening to approve the long-delayed "
        "plan for a new harbor bridge, ending two years of debate over its cost.\n"
        "\n"
        "Most read\n"
        "\n"
        "Ferry service to end after ninety years\n"
        "New school wing opens in Dunmore\n"
        "\n"
        "Construction is expected to begin in the spring and to last about three years, "
        "according to the city's planning office, which will publish a schedule.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "teasers", text, &a) == NP_OK);
    CHECK(!body_has(a, "Most read"));
    CHECK(!body_has(a, "Ferry service"));
    CHECK(!body_has(a, "school wing"));
    REQUIRE(a->n_paragraphs == 2);
    CHECK(para_index(a, "Construction is expected") == 1);
    np_cleaner_free(c);
}

/* A teaser heading ending in dots, in Portuguese: the lines under it are
 * teasers, as under "You may also like". */
TEST(clean_teaser_heading_with_dots_in_portuguese)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1);
    static const char text[] =
        "Pescadores de Vila Serena celebram a volta da sardinha\n"
        "\n"
        "Os barcos de Vila Serena voltaram ao cais com as redes cheias pela primeira vez em tr\xc3\xaas "
        "anos, e a cooperativa dos pescadores anunciou que vai contratar vinte pessoas para a safra.\n"
        "\n"
        "A prefeitura disse que vai reformar o mercado do peixe antes do ver\xc3\xa3o, com verba do "
        "estado e da pr\xc3\xb3pria cooperativa, que pediu o projeto h\xc3\xa1 dois anos.\n"
        "\n"
        "Voc\xc3\xaa pode gostar...\n"
        "\n"
        "A feira de artesanato de Monte Claro recebeu mais de dez mil visitantes no fim de semana, "
        "e os organizadores j\xc3\xa1 preparam a edi\xc3\xa7\xc3\xa3o de \xe2\x80\xa6\n"
        "\n"
        "O novo hor\xc3\xa1rio dos \xc3\xb4nibus entre Vila Serena e a capital come\xc3\xa7" "a na "
        "segunda-feira, com partidas a cada meia hora nos dias \xc3\xba" "teis e \xe2\x80\xa6\n";
    const np_article *a;
    REQUIRE(clean_text(c, "pt", text, &a) == NP_OK);
    CHECK_STR(kind_of(a, "pode gostar"), "section");
    CHECK_STR(kind_of(a, "feira de artesanato"), "section");
    CHECK_STR(kind_of(a, "hor\xc3\xa1rio dos"), "section");
    CHECK(para_index(a, "cooperativa dos pescadores") == 0);
    CHECK(a->n_paragraphs == 2);
    np_cleaner_free(c);
}

/* A page that prints its body twice, once in paragraphs and once run
 * together in one block, and teases its own opening: the body is kept once. */
TEST(clean_body_printed_twice_kept_once)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1);
#define P1 "Good evening! Here is what happened along the Larkin coast today."
#define P2 "The ferry company on the Larkin coast cancelled every crossing after the storm damaged the pier at Oastby, and said repairs would take at least a week."
#define P3 "Schools in three villages stayed shut while crews cleared fallen trees from the coast road, the county council said in a statement at noon."
#define P4 "Fishermen at Oastby said the harbour wall held, although two boats broke their moorings and were found on the beach when the tide went out."
    static const char text[] =
        "Larkin coast evening briefing\n\n" P1 "\n\n" P2 "\n\n" P3 "\n\n" P4 "\n\n"
        "Good evening! Here is what happened along the Larkin...\n\n"
        P1 " " P2 " " P3 " " P4 "\n";
    const np_article *a;
    REQUIRE(clean_text(c, "twice", text, &a) == NP_OK);
    CHECK_STR(kind_of(a, "happened along the Larkin..."), "repeat");
    REQUIRE(a->n_paragraphs == 4);
    CHECK(strcmp(a->paragraphs[0], P1) == 0);
    CHECK(strcmp(a->paragraphs[3], P4) == 0);
    /* a long paragraph that only shares its opening with an earlier one stays */
    static const char other[] =
        "Larkin coast evening briefing\n\n" P2 "\n\n" P3 "\n\n"
        P2 " Later the company said a replacement pier would be floated in from the yard at Mellick by "
        "Thursday, and that tickets already sold for the week would be refunded in full or moved to "
        "another day without charge, at the passenger's choice, from its office on the quay.\n";
    REQUIRE(clean_text(c, "once", other, &a) == NP_OK);
    CHECK(a->n_paragraphs == 3);
    CHECK(para_index(a, "replacement pier") == 2);
#undef P1
#undef P2
#undef P3
#undef P4
    np_cleaner_free(c);
}

TEST(clean_closing_credit_attribution_and_footer)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "full", article_full, &a) == NP_OK);
    REQUIRE(a->n_attribution == 2);
    CHECK_STR(a->attribution[0], "Wirepress");
    CHECK_STR(a->attribution[1], "Newsline");
    CHECK_STR(kind_of(a, "With reporting by"), "credit");
    CHECK_STR(kind_of(a, "About Us"), "footer");
    CHECK_STR(kind_of(a, "Our newsroom is funded"), "footer");
    CHECK_STR(kind_of(a, "Terms of Use"), "footer");
    CHECK(!body_has(a, "With reporting"));
    CHECK(!body_has(a, "About Us"));
    CHECK(!body_has(a, "Our newsroom"));
    CHECK(!body_has(a, "Contact the editors"));
    /* the last paragraph is the one before the credit */
    REQUIRE(a->n_paragraphs == 4);
    CHECK(strncmp(a->paragraphs[3], "Construction is expected", 24) == 0);
    np_cleaner_free(c);
}

TEST(clean_contributed_credit)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] =
        "Harbor Bridge Plan Wins Council Vote\n"
        "\n"
        "The city council of Dunmore voted on Tuesday evening to approve the long-delayed "
        "plan for a new harbor bridge, ending two years of debate over its cost.\n"
        "\n"
        "Councillor Mara Elwood said the bridge would cut the morning commute across the "
        "bay by half and bring new shops to the pier.\n"
        "\n"
        "Ada Quill, Ben Rook and Cy Vane contributed.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "contrib", text, &a) == NP_OK);
    CHECK(a->n_attribution == 3);
    CHECK(has_attribution(a, "Ada Quill"));
    CHECK(has_attribution(a, "Ben Rook"));
    CHECK(has_attribution(a, "Cy Vane"));
    CHECK(!body_has(a, "contributed"));
    CHECK(a->n_paragraphs == 2);
    np_cleaner_free(c);
}

TEST(clean_originally_appeared_source)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "scraped", article_scraped, &a) == NP_OK);
    CHECK_STR(a->source, "example-times.com");
    CHECK_STR(kind_of(a, "originally appeared"), "credit");
    CHECK(!body_has(a, "originally appeared"));
    CHECK(!body_has(a, "Example-Times"));
    np_cleaner_free(c);
}

/* A report's own sentence saying when something first appeared, who
 * provided data or whose reporting it follows is text: only a note about
 * the piece itself ("This article ...", "A version of this story ..."),
 * one opening with the phrase, or a role where a credit puts it
 * ("Reporting by ...; editing by ...") closes the article. */
TEST(clean_provenance_phrase_in_a_sentence_is_text)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
#define OPENING                                                                                     \
    "Monster film festival opens in Tarrow\n\n"                                                     \
    "The Tarrow film festival opened on Friday with a week of monster films, from silent reels "    \
    "found in a barn to last year's blockbusters, shown in the old town hall.\n\n"                  \
    "Organisers said more than four thousand tickets had been sold before the doors opened, twice " \
    "as many as last year, and that two extra screenings had been added.\n\n"
    static const char text[] =
        OPENING
        "The festival's poster creature first appeared in 1954 as a lizard woken by a storm.\n"
        "\n"
        "The attendance figures were provided by the town council, which funds the event.\n"
        "\n"
        "They match earlier reporting by the Tarrow Courier, which first counted the queues.\n"
        "\n"
        "The festival closes on Sunday with a screening on the beach.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "sentences", text, &a) == NP_OK);
    CHECK_STR(kind_of(a, "first appeared in 1954"), "body");
    CHECK_STR(kind_of(a, "were provided by"), "body");
    CHECK_STR(kind_of(a, "earlier reporting by"), "body");
    CHECK(body_has(a, "closes on Sunday"));
    CHECK(a->n_paragraphs == 6);
    static const char noted[] =
        OPENING
        "A version of this story first appeared in the Tarrow Courier.\n"
        "\n"
        "Most read: Council delays vote on the harbour plan\n";
    REQUIRE(clean_text(c, "noted", noted, &a) == NP_OK);
    CHECK_STR(kind_of(a, "first appeared in the Tarrow"), "credit");
    CHECK(a->n_paragraphs == 2);
    static const char credited[] =
        OPENING
        "Reporting by Ana Lee in Tarrow; editing by Bo Chen\n";
    REQUIRE(clean_text(c, "credited", credited, &a) == NP_OK);
    CHECK_STR(kind_of(a, "Reporting by Ana Lee"), "credit");
    CHECK(a->n_paragraphs == 2);
    static const char opened[] =
        OPENING
        "* Originally published in the Tarrow Courier\n";
    REQUIRE(clean_text(c, "opened", opened, &a) == NP_OK);
    CHECK_STR(kind_of(a, "Originally published"), "credit");
    CHECK(a->n_paragraphs == 2);
#undef OPENING
    np_cleaner_free(c);
}

/* A sentence of news that opens with "Copyright" is news; a notice opens
 * with a year, a mark or the owner and is short, or reserves rights. */
TEST(clean_copyright_sentence_is_text)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] =
        "Court backs photographers in harbour mural case\n"
        "\n"
        "A court in Tarrow ruled on Monday that a shipping firm had copied a photographer's "
        "pictures of the harbour for a mural on its new offices without paying for them.\n"
        "\n"
        "Copyright lawyers said the ruling could change how firms license images of the town, "
        "since many reproduce the same few pictures on their walls and websites.\n"
        "\n"
        "The firm said it would pay and paint over the mural by the end of the month.\n"
        "\n"
        "Copyright 2025 Tarrow Courier. All rights reserved.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "mural", text, &a) == NP_OK);
    CHECK_STR(kind_of(a, "Copyright lawyers"), "body");
    CHECK_STR(kind_of(a, "Copyright 2025"), "footer");
    CHECK(a->n_paragraphs == 3);
    np_cleaner_free(c);
}

/* "Updated", "Posted" and "Published" open a meta line when a date, a
 * time, a byline or a section follows; followed by the words of a
 * headline they are its text: an article of one such headline kept
 * nothing. */
TEST(clean_meta_verb_opening_a_headline_is_text)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "headline", "updated harbour board reportedly delays vote\n", &a) == NP_OK);
    CHECK(a->n_paragraphs + (a->title != NULL) >= 1);
    CHECK(strcmp(kind_of(a, "updated harbour"), "meta") != 0);
    static const char text[] =
        "Updated figures show ferry fares rising\n"
        "\n"
        "Updated Tuesday morning\n"
        "\n"
        "Posted by harbourdesk\n"
        "\n"
        "Posted in Local News, Transport\n"
        "\n"
        "Updated 14:05 GMT\n"
        "\n"
        "Published yesterday\n"
        "\n"
        "Ferry fares across the bay will rise by a tenth next month, the operator said on Monday, "
        "blaming the cost of fuel and a new pier levy.\n";
    REQUIRE(clean_text(c, "fares", text, &a) == NP_OK);
    CHECK(strcmp(kind_of(a, "Updated figures"), "meta") != 0);
    CHECK_STR(kind_of(a, "Updated Tuesday"), "meta");
    CHECK_STR(kind_of(a, "Posted by"), "meta");
    CHECK_STR(kind_of(a, "Posted in"), "meta");
    CHECK_STR(kind_of(a, "Updated 14:05"), "meta");
    CHECK_STR(kind_of(a, "Published yesterday"), "meta");
    np_cleaner_free(c);
}

/* A sentence of news may open with a word that labels chrome
 * ("Sponsored", "Distributed by"): a long finished sentence that does not
 * speak to the reader is news; the label alone is chrome. */
TEST(clean_label_word_opening_a_sentence_is_text)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] =
        "Council approves new homes for Tarrow harbour\n"
        "\n"
        "The regional council approved plans on Tuesday for two hundred homes on the old harbour "
        "site, ending a dispute that had lasted four years.\n"
        "\n"
        "Sponsored by the regional council and two housing charities, the scheme will pay for the "
        "homes over five years and keep a quarter of them for rent.\n"
        "\n"
        "Advertisement\n"
        "\n"
        "Distributed by hand across the town, leaflets from the residents' group urged neighbours "
        "to back the plans before the vote.\n"
        "\n"
        "Sponsored content from our partners helps you save on winter energy bills this year.\n"
        "\n"
        "Building work is expected to begin in the spring.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "homes", text, &a) == NP_OK);
    CHECK_STR(kind_of(a, "Sponsored by the regional"), "body");
    CHECK_STR(kind_of(a, "Distributed by hand"), "body");
    CHECK(strcmp(kind_of(a, "Advertisement"), "body") != 0); /* a label of its own */
    CHECK_STR(kind_of(a, "Sponsored content"), "promo");
    CHECK(a->n_paragraphs == 4);
    np_cleaner_free(c);
}

/* A short sentence of news may hold a word of chrome ("subscribe",
 * "newsletter", "full story", "accessibility"): a finished sentence of six
 * words or more that does not speak to the reader or open with a call is
 * news; "Click here ...", "Subscribe to our newsletter." stay chrome. */
TEST(clean_short_sentence_with_a_chrome_word_is_text)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] =
        "Union puts pay offer to port workers\n"
        "\n"
        "The dockworkers' union said on Tuesday it would put the employers' latest offer to a "
        "vote of its 2,400 members next week, after three weeks of strikes at the terminal.\n"
        "\n"
        "Members who subscribe to the union's newsletter got the details first.\n"
        "\n"
        "Subscribe to our newsletter.\n"
        "\n"
        "Accessibility ramps at the terminal gate were also part of the deal.\n"
        "\n"
        "Click here to read more about the plans.\n"
        "\n"
        "The full story of the talks has not been told.\n"
        "\n"
        "The vote closes on Monday, when the count begins at the union hall.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "offer", text, &a) == NP_OK);
    CHECK_STR(kind_of(a, "Members who subscribe"), "body");
    CHECK_STR(kind_of(a, "Accessibility ramps"), "body");
    CHECK_STR(kind_of(a, "The full story"), "body");
    CHECK_STR(kind_of(a, "Subscribe to our"), "promo");
    CHECK_STR(kind_of(a, "Click here"), "promo");
    CHECK(a->n_paragraphs == 5);
    np_cleaner_free(c);
}

TEST(clean_dateline_date_and_agency)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] =
        "Harbor Bridge Plan Wins Council Vote\n"
        "\n"
        "DUNMORE, March 4, 2025 (Wirepress) \xE2\x80\x94 The council voted on Tuesday to "
        "confirm the plan for the harbor bridge after a long and bitter debate.\n"
        "\n"
        "The second paragraph explains that the bridge will be built by a local firm over "
        "three years.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "dateline", text, &a) == NP_OK);
    CHECK_STR(a->date, "2025-03-04");
    CHECK(a->n_attribution == 1 && has_attribution(a, "Wirepress"));
    CHECK(a->n_paragraphs == 2);
    CHECK(para_index(a, "DUNMORE, March 4, 2025 (Wirepress)") == 0);
    /* a byline and a date line under the headline are metadata */
    static const char header[] =
        "Harbor Bridge Plan Wins Council Vote\n"
        "By Jane Roe\n"
        "March 4, 2025\n"
        "\n"
        "The council voted on Tuesday to confirm the plan for the harbor bridge after a long "
        "and bitter debate in the town hall.\n";
    REQUIRE(clean_text(c, "byline", header, &a) == NP_OK);
    CHECK_STR(a->date, "2025-03-04");
    CHECK_STR(kind_of(a, "By Jane Roe"), "meta");
    CHECK_STR(kind_of(a, "March 4, 2025"), "meta");
    CHECK(a->n_paragraphs == 1);
    CHECK(!body_has(a, "Jane Roe"));
    np_cleaner_free(c);
}

TEST(clean_no_year_no_date)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] =
        "Harbor Bridge Plan Wins Council Vote\n"
        "November 29\n"
        "\n"
        "The council said on November 29 that the vote would be held before Feb. 20, after "
        "the holidays and the budget debate.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "noyear", text, &a) == NP_OK);
    CHECK(a->date == NULL);
    np_cleaner_free(c);
}

/* A date given as when the page was fetched ("downloaded on", "Retrieved")
 * is not the article's: ECB+ 6_2ecbplus, "Posted 1 year, 160 days ago
 * [downloaded on 2 October 2013]", was dated a year and a half late. */
TEST(clean_fetch_date_not_the_article_date)
{
    static const struct {
        const char *line, *date; /* the line under the headline, the date it gives */
    } cases[] = {
        { "Posted 1 year, 160 days ago [downloaded on 2 October 2013]", NULL },
        { "Retrieved 4 March 2025", NULL },
        { "Posted on 2 October 2013", "2013-10-02" }, /* the date line it is told from */
    };
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char text[512];
        snprintf(text, sizeof text,
                 "Harbor Bridge Plan Wins Council Vote\n%s\n\nThe council voted on Tuesday to confirm the plan "
                 "for the harbor bridge after a long and bitter debate in the town hall.\n",
                 cases[k].line);
        const np_article *a;
        REQUIRE(clean_text(c, "fetched", text, &a) == NP_OK);
        if (cases[k].date)
            CHECK_STR(a->date, cases[k].date);
        else
            CHECK(a->date == NULL);
        CHECK(!body_has(a, cases[k].line)); /* the line is still chrome */
    }
    np_cleaner_free(c);
}

TEST(clean_paragraphs_in_order_and_wrapped_lines_joined)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] =
        "Harbor Bridge Plan Wins Council Vote\n"
        "\n"
        "The city council of Dunmore voted on Tuesday evening to approve the\n"
        "long-delayed plan for a new harbor bridge, ending two years of debate\n"
        "over its cost.\n"
        "\n"
        "Councillor Mara Elwood, who proposed the plan, said the bridge would cut the\r\n"
        "morning commute across the bay by half.\r\n"
        "\r\n"
        "   Opponents argued that the money would be better spent on schools.   \n"
        "Residents spoke against it during the public comment period.\n"
        "\n\n\n"
        "Construction is expected to begin in the spring and to last about three years.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "wrapped", text, &a) == NP_OK);
    REQUIRE(a->n_paragraphs == 5);
    CHECK_STR(a->paragraphs[0],
              "The city council of Dunmore voted on Tuesday evening to approve the long-delayed "
              "plan for a new harbor bridge, ending two years of debate over its cost.");
    CHECK_STR(a->paragraphs[1],
              "Councillor Mara Elwood, who proposed the plan, said the bridge would cut the "
              "morning commute across the bay by half.");
    /* a line that ends a sentence is a paragraph of its own */
    CHECK_STR(a->paragraphs[2], "Opponents argued that the money would be better spent on schools.");
    CHECK_STR(a->paragraphs[3], "Residents spoke against it during the public comment period.");
    CHECK_STR(a->paragraphs[4],
              "Construction is expected to begin in the spring and to last about three years.");
    size_t words = 0;
    for (size_t i = 0; i < a->n_paragraphs; i++)
        words += count_words(a->paragraphs[i]);
    CHECK(a->words == words);
    CHECK(a->words == 81);
    np_cleaner_free(c);
}

TEST(clean_collapses_spaces_and_strips_bullets)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] =
        "Harbor Bridge Plan Wins Council Vote\n"
        "\n"
        "The city council   of Dunmore\xC2\xA0\xC2\xA0voted on Tuesday evening to approve the "
        "long-delayed plan for a new harbor bridge, ending two years of debate.\n"
        "\n"
        "\xE2\x80\xA2 The bridge will have four lanes and a separate path for bicycles and walkers.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "spaces", text, &a) == NP_OK);
    REQUIRE(a->n_paragraphs == 2);
    CHECK(strncmp(a->paragraphs[0], "The city council of Dunmore voted on", 36) == 0);
    CHECK(strncmp(a->paragraphs[1], "The bridge will have four lanes", 31) == 0);
    np_cleaner_free(c);
}

/* Each line's runs of spaces collapsed as the line alone would have them,
 * wherever runs lie: before any, at a line's start or end only (the
 * search for the next run passes over the lines between), in every line,
 * in one line of many. */
TEST(clean_collapses_spaces_line_by_line)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1);
    static const char *const words[] = { "harbor", "bridge", "council", "vote", "Dunmore", "ferry", "crews" };
    uint64_t seed = 7;
    for (int round = 0; round < 200; round++) {
        char text[4096], want[64][160];
        size_t at = 0, n_lines = 1 + round % 12;
        for (size_t l = 0; l < n_lines; l++) {
            size_t w = 0, n_words = 1 + (round + l) % 9;
            /* runs of 1 to 4 spaces, more often none of two */
            for (size_t k = 0; k <= n_words; k++) {
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                size_t spaces = (seed >> 33) % 7 < 5 ? (k && k < n_words) : 1 + (seed >> 40) % 4;
                if (round % 5 == 0 && l != n_lines / 2)
                    spaces = k && k < n_words; /* one line of many with runs */
                memset(text + at, ' ', spaces);
                at += spaces;
                if (k < n_words) {
                    const char *word = words[(seed >> 45) % 7];
                    memcpy(text + at, word, strlen(word));
                    at += strlen(word);
                    w += (size_t)snprintf(want[l] + w, sizeof want[l] - w, "%s%s", w ? " " : "", word);
                }
            }
            text[at++] = '\n';
        }
        text[at] = '\0';
        const np_article *a;
        REQUIRE(clean_text(c, "runs", text, &a) == NP_OK);
        REQUIRE(a->n_lines == n_lines);
        for (size_t l = 0; l < n_lines; l++) {
            if (strcmp(a->lines[l].text, want[l]) != 0)
                fprintf(stderr, "    round %d line %zu: \"%s\", want \"%s\"\n", round, l, a->lines[l].text, want[l]);
            CHECK(strcmp(a->lines[l].text, want[l]) == 0);
        }
    }
    np_cleaner_free(c);
}

TEST(clean_record_fields)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    np_record r = { 0 };
    r.id = "rec-1";
    r.text = "Harbor Bridge Plan Wins Council Vote\n\n"
             "The city council of Dunmore voted on Tuesday evening to approve the long-delayed "
             "plan for a new harbor bridge, ending two years of debate over its cost.\n\n"
             "Councillor Mara Elwood said the bridge would cut the morning commute across the "
             "bay by half.";
    r.text_len = strlen(r.text);
    r.title = "  Harbor Bridge Plan Wins Council Vote ";
    r.date = "2004-03-12T14:05:09Z";
    r.url = "https://www.Example-News.org/world/2004/bridge.html?ref=front";
    r.path = "feed.jsonl";
    r.line = 3;
    const np_article *a;
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK_STR(a->id, "rec-1");
    CHECK_STR(a->title, "Harbor Bridge Plan Wins Council Vote");
    CHECK_STR(a->date, "2004-03-12");
    CHECK_STR(a->url, "https://www.Example-News.org/world/2004/bridge.html?ref=front");
    CHECK_STR(a->source, "example-news.org");
    /* the title repeated as the first line is not body */
    CHECK_STR(kind_of(a, "Harbor Bridge Plan Wins"), "title");
    CHECK(!body_has(a, "Harbor Bridge Plan"));
    CHECK(a->n_paragraphs == 2);
    CHECK_STR(a->lang, "en");

    /* a given source wins over the URL's host */
    r.source = "Dunmore Courier";
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK_STR(a->source, "Dunmore Courier");
    /* its quotes kept where they open and close within it, trimmed around it */
    r.source = "Wire, \"AP\"";
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK_STR(a->source, "Wire, \"AP\"");
    r.source = " \"Dunmore Courier\". ";
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK_STR(a->source, "Dunmore Courier");
    r.source = "The 'Harbor' Gazette'";
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK_STR(a->source, "The 'Harbor' Gazette");

    /* a date field that is not a date is ignored, as is an empty title */
    r.source = NULL;
    r.date = "sometime last spring";
    r.title = "   ";
    r.url = "http://user@news.example.net:8080/path";
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK(a->date == NULL);
    CHECK_STR(a->source, "news.example.net");
    CHECK_STR(a->title, "Harbor Bridge Plan Wins Council Vote"); /* found in the text */

    /* the record's date outranks one in the text */
    r.date = "2004-03-12";
    r.text = "date 2024-05-01 Harbor Bridge Plan Wins Council Vote\n\n"
             "The city council of Dunmore voted on Tuesday evening to approve the long-delayed "
             "plan for a new harbor bridge, ending two years of debate over its cost.";
    r.text_len = strlen(r.text);
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK_STR(a->date, "2004-03-12");
    np_cleaner_free(c);
}

TEST(clean_binary_rejected)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] = "Harbor\0Bridge\0\x01\x02 plan";
    np_record r = { 0 };
    r.id = "blob-17";
    r.text = text;
    r.text_len = sizeof text - 1;
    static const np_article sentinel;
    const np_article *a = &sentinel; /* must be reset */
    CHECK(np_clean(c, &r, &a) == NP_EINPUT);
    CHECK(a == NULL);
    CHECK(strstr(np_cleaner_errmsg(c), "blob-17") != NULL);
    CHECK(strstr(np_errmsg(c), "binary") != NULL);
    /* with a JSONL position the message names the file and line */
    r.path = "feed.jsonl";
    r.line = 7;
    CHECK(np_clean(c, &r, &a) == NP_EINPUT);
    CHECK(strstr(np_cleaner_errmsg(c), "feed.jsonl:7: ") != NULL);
    CHECK(strstr(np_cleaner_errmsg(c), "blob-17") != NULL);
    /* a page of a JSONL line ("html") is named by its line too, a crawl's
     * page by its record (it said "record 7" for the JSONL line) */
    r.html = 1;
    CHECK(np_clean(c, &r, &a) == NP_EINPUT);
    CHECK(strstr(np_cleaner_errmsg(c), "feed.jsonl:7: ") != NULL);
    r.path = "crawl.warc";
    r.warc = 1;
    CHECK(np_clean(c, &r, &a) == NP_EINPUT);
    CHECK(strstr(np_cleaner_errmsg(c), "crawl.warc: record 7: ") != NULL);
    r.path = "feed.jsonl";
    r.html = 0;
    r.warc = 0;
    /* mostly control bytes, without a NUL */
    char ctl[200];
    memset(ctl, 'a', sizeof ctl);
    for (size_t i = 0; i < sizeof ctl; i += 4)
        ctl[i] = '\x01';
    r.text = ctl;
    r.text_len = sizeof ctl;
    CHECK(np_clean(c, &r, &a) == NP_EINPUT);
    /* 5% of other control bytes is still text, just over it is not; tabs,
     * line and form feeds and carriage returns are layout, however many */
    for (size_t i = 0; i < sizeof ctl; i++)
        ctl[i] = "\t\n\f\r a"[i % 6];
    ctl[10] = '\x1f';
    ctl[20] = '\x0b';
    ctl[30] = '\x7f'; /* DEL is not one of them */
    for (size_t i = 0; i < 10; i++)
        ctl[40 + 6 * i] = (char)(0x0e + i); /* 12 of 200 now */
    CHECK(np_clean(c, &r, &a) == NP_EINPUT);
    ctl[40] = 'a';
    ctl[46] = 'a'; /* 10 of 200: 5% */
    CHECK(np_clean(c, &r, &a) == NP_OK);
    /* the cleaner still works after a rejection, and the message is cleared */
    REQUIRE(clean_text(c, "after", article_no_headline, &a) == NP_OK);
    CHECK(a->n_paragraphs == 2);
    CHECK_STR(np_cleaner_errmsg(c), "");
    np_cleaner_free(c);
}

TEST(clean_oversized_record_rejected)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    size_t len = NP_MAX_RECORD_BYTES + 1;
    char *big = malloc(len);
    REQUIRE(big != NULL);
    memset(big, 'a', len);
    np_record r = { 0 };
    r.id = "huge";
    r.text = big;
    r.text_len = len;
    const np_article *a;
    CHECK(np_clean(c, &r, &a) == NP_EINPUT);
    CHECK(a == NULL);
    CHECK(strstr(np_cleaner_errmsg(c), "huge") != NULL);
    free(big);
    np_cleaner_free(c);
}

TEST(clean_empty_and_parameters)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    np_record r = { 0 };
    r.id = "empty";
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK(a->n_paragraphs == 0);
    CHECK(a->words == 0);
    CHECK(a->title == NULL);
    CHECK_STR(a->lang, "und");
    REQUIRE(clean_text(c, "blank", " \n\n \t \n", &a) == NP_OK);
    CHECK(a->n_paragraphs == 0 && a->n_lines == 0);
    r.text_len = 5; /* length without text */
    CHECK(np_clean(c, &r, &a) == NP_EPARAM);
    CHECK(np_clean(NULL, &r, &a) == NP_EPARAM);
    CHECK(np_clean(c, NULL, &a) == NP_EPARAM);
    np_cleaner_free(c);
    np_cleaner_free(NULL);
    CHECK(np_cleaner_errmsg(NULL) != NULL);
}

TEST(clean_lines_explained)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "full", article_full, &a) == NP_OK);
    size_t nonblank = 0;
    for (const char *p = article_full; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        nonblank += n > 0;
        p += n + (nl ? 1 : 0);
    }
    CHECK(a->n_lines == nonblank);
    size_t body = 0, removed = 0;
    for (size_t i = 0; i < a->n_lines; i++) {
        body += strcmp(a->lines[i].kind, "body") == 0;
        removed += strcmp(a->lines[i].kind, "body") != 0 && strcmp(a->lines[i].kind, "title") != 0;
    }
    CHECK(a->removed_lines == removed);
    CHECK(body == 5); /* four paragraphs, one of them wrapped over two lines */
    CHECK(a->n_paragraphs == 4);
    np_cleaner_free(c);
}

TEST(clean_repairs_and_reports_it)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] =
        "Harbor Bridge Plan Wins Council Vote\n"
        "\n"
        "The council\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s vote on Tuesday evening approved the "
        "long-delayed plan for a new harbor bridge, ending two years of debate.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "moji", text, &a) == NP_OK);
    CHECK(a->repaired == 1);
    CHECK(para_index(a, "The council\xE2\x80\x99s vote") == 0);
    REQUIRE(clean_text(c, "plain", article_no_headline, &a) == NP_OK);
    CHECK(a->repaired == 0);
    np_cleaner_free(c);
}

TEST(clean_language_of_body)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    static const char text[] =
        "Neue Brücke für Dunmore\n"
        "\n"
        "Der Stadtrat von Dunmore hat am Dienstag über die neue Brücke abgestimmt. Es war die "
        "dritte Sitzung in diesem Jahr, und die Mitglieder sagten, dass sie den Plan nicht "
        "noch einmal verschieben werden.\n";
    const np_article *a;
    REQUIRE(clean_text(c, "de", text, &a) == NP_OK);
    CHECK_STR(a->lang, "de");
    np_cleaner_free(c);
}

/* Copies what matters of an article, to compare two cleanings. */
static char *summarize(const np_article *a)
{
    size_t len = 64 + (a->title ? strlen(a->title) : 0) + (a->source ? strlen(a->source) : 0);
    for (size_t i = 0; i < a->n_paragraphs; i++)
        len += strlen(a->paragraphs[i]) + 1;
    for (size_t i = 0; i < a->n_attribution; i++)
        len += strlen(a->attribution[i]) + 1;
    char *s = malloc(len + 64);
    if (!s)
        return NULL;
    snprintf(s, len + 64, "%s|%s|%s|%s|%zu|", a->title ? a->title : "-", a->date ? a->date : "-",
             a->source ? a->source : "-", a->lang, a->words);
    for (size_t i = 0; i < a->n_attribution; i++) {
        strcat(s, a->attribution[i]);
        strcat(s, ",");
    }
    for (size_t i = 0; i < a->n_paragraphs; i++) {
        strcat(s, a->paragraphs[i]);
        strcat(s, "\n");
    }
    return s;
}

TEST(clean_cleaner_reuse_gives_same_result)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "full", article_full, &a) == NP_OK);
    char *first = summarize(a);
    REQUIRE(first != NULL);
    REQUIRE(clean_text(c, "scraped", article_scraped, &a) == NP_OK);
    char *other = summarize(a);
    REQUIRE(clean_text(c, "full", article_full, &a) == NP_OK);
    char *again = summarize(a);
    CHECK(other && again && strcmp(first, again) == 0);
    CHECK(other && strcmp(first, other) != 0);
    free(first);
    free(other);
    free(again);
    np_cleaner_free(c);
}

/* A long article: several arena chunks and more than 64 lines. */
static char *long_article(size_t *n_paragraphs)
{
    static const char para[] =
        "Resident number %zu of the pier district told the council that the new harbor "
        "bridge would bring traffic, noise and new shops to streets that are quiet today.\n\n";
    size_t n = 400, len = 128 + n * (sizeof para + 20);
    char *s = malloc(len);
    if (!s)
        return NULL;
    size_t at = (size_t)snprintf(s, len, "Harbor Bridge Plan Wins Council Vote\n\n");
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(s + at, len - at, para, i + 1);
    snprintf(s + at, len - at, "With reporting by Wirepress\n");
    *n_paragraphs = n;
    return s;
}

TEST(clean_long_article)
{
    size_t n;
    char *text = long_article(&n);
    REQUIRE(text != NULL);
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    REQUIRE(clean_text(c, "long", text, &a) == NP_OK);
    CHECK(a->n_paragraphs == n);
    CHECK(a->n_paragraphs == n && strncmp(a->paragraphs[0], "Resident number 1 of", 20) == 0);
    CHECK(a->n_paragraphs == n && strncmp(a->paragraphs[n - 1], "Resident number 400 of", 22) == 0);
    CHECK(a->words == n * 28);
    CHECK(a->n_attribution == 1 && strcmp(a->attribution[0], "Wirepress") == 0);
    np_cleaner_free(c);
    free(text);
}

static void torture(const char *id, const char *text, const char *title, const char *url)
{
    np_record r = { 0 };
    r.id = id;
    r.text = text;
    r.text_len = strlen(text);
    r.title = title;
    r.url = url;
    r.path = "torture.txt";
    /* count the allocations one clean needs */
    failing_alloc f;
    failing_alloc_init(&f, 0);
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, &f.allocator) == NP_OK);
    const np_article *a;
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    size_t want_paragraphs = a->n_paragraphs;
    np_cleaner_free(c);
    CHECK(f.live == 0);
    unsigned long total = f.calls;
    CHECK(total >= 4);
    unsigned long failed = 0;
    for (unsigned long n = 1; n <= total + 1; n++) {
        failing_alloc_init(&f, n);
        c = NULL;
        np_status st = np_cleaner_new(&c, &f.allocator);
        if (st == NP_OK) {
            st = np_clean(c, &r, &a);
            CHECK(st == NP_OK || st == NP_ENOMEM);
            if (st == NP_OK) {
                CHECK(a != NULL);
            } else {
                CHECK(a == NULL);
                CHECK(strstr(np_cleaner_errmsg(c), id) != NULL);
                failed++;
            }
            /* the same cleaner recovers on the next article */
            if (f.calls >= n) {
                CHECK(np_clean(c, &r, &a) == NP_OK);
                CHECK(a && a->n_paragraphs == want_paragraphs);
            }
        } else {
            CHECK(st == NP_ENOMEM);
            CHECK(c == NULL);
        }
        np_cleaner_free(c);
        CHECK(f.live == 0);
        if (test_failed_now())
            return;
    }
    CHECK(failed > 0);
}

TEST(clean_allocation_failures)
{
    torture("full", article_full, NULL, NULL);
    torture("scraped", article_scraped, "Harbor Bridge Plan Wins Council Vote",
            "https://www.example-news.org/a");
    size_t n;
    char *big = long_article(&n);
    REQUIRE(big != NULL);
    torture("long", big, NULL, NULL);
    free(big);
}

/* np_article is documented as owned by the cleaner and valid until its next
 * np_clean call, but np_clean sets article->id to the record's id, which the
 * reader overwrites on its next np_reader_next: reading ahead one record
 * changes (or frees) the id of the article still in hand. */
TEST(clean_article_id_owned_by_cleaner)
{
    char dir[64];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    char path[128];
    snprintf(path, sizeof path, "%s/feed.jsonl", dir);
    FILE *f = fopen(path, "wb");
    REQUIRE(f != NULL);
    fputs("{\"id\":\"first-article\",\"text\":\"The council voted on Tuesday evening to approve "
          "the plan for a new harbor bridge.\"}\n"
          "{\"id\":\"second\",\"text\":\"Another article.\"}\n", f);
    fclose(f);
    const char *inputs[] = { path };
    np_reader *r;
    np_cleaner *c;
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, NULL) == NP_OK);
    if (np_cleaner_new(&c, NULL) != NP_OK) {
        np_reader_free(r);
        REQUIRE(!"np_cleaner_new failed");
    }
    const np_record *rec;
    const np_article *a = NULL;
    if (np_reader_next(r, &rec) == NP_OK && np_clean(c, rec, &a) == NP_OK) {
        CHECK_STR(a->id, "first-article");
        CHECK(np_reader_next(r, &rec) == NP_OK); /* read ahead */
        CHECK_STR(a->id, "first-article");
    } else {
        CHECK(!"reading or cleaning failed");
    }
    np_cleaner_free(c);
    np_reader_free(r);
    remove(path);
    rmdir(dir);
}

/* A headline-only item that reads like a caption is all the text there is:
 * it is the body, not nothing; with a real body beside it, it stays out. */
TEST(clean_caption_only_text_kept)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    const np_article *a;
    REQUIRE(clean_text(c, "h", "mayor opens new harbour bridge photo", &a) == NP_OK);
    CHECK(a->n_paragraphs == 1 && a->words == 6);
    CHECK(body_has(a, "harbour bridge"));
    REQUIRE(clean_text(c, "h2", "Photo: Lena Marsh", &a) == NP_OK);
    CHECK(a->words == 0 || body_has(a, "Lena"));
    np_cleaner_free(c);
}

/* Random lowercased lines of caption marks, their pieces, parentheses and
 * words, at word counts either side of 40: looking for the parenthesised
 * marks at each '(', and the others by tu_contains, finds what searching
 * the whole line for each finds. */
TEST(clean_caption_marks_at_parentheses)
{
    static const char *const parts[] = {
        "(left)", "(right)", "(l-r)", "(from left)", "(file)", "(c)", "(l", "(", ")", "left)",
        "(fro", "pictured", "pictur", "above,", "above", " ", "the ", "(ap)", "((", "x",
        "word ", "a ", "(lef", "t)", "ed", ",", "(x)", "ab", "ove", "(fr", "om left)", "r",
        "(c", "-r)", "(l-", "news ", "of ", "and ", "said ", "in ",
    };
    uint64_t state = 0x853c49e6748fea9bULL;
    char text[256];
    size_t differ = 0, found = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = test_random_text(&state, parts, sizeof parts / sizeof *parts, 6 + (size_t)round % 13, text);
        unsigned words = 30 + (unsigned)(state >> 59);
        int fast = boilerplate_caption_mark(text, len, words, 0);
        differ += fast != boilerplate_caption_mark(text, len, words, 1);
        found += (size_t)fast;
    }
    CHECK(differ == 0);
    CHECK(found > 2000 && found < 18000);
}

/* The line of text[0..len), its ASCII lowercased into lower, its words
 * counted. */
static line test_line(char *text, char *lower, size_t len)
{
    tu_lower_copy(lower, text, len);
    line l = { 0 };
    l.s = text;
    l.lower = lower;
    l.len = len;
    l.words = (unsigned)tu_count_words(text, len);
    return l;
}

/* Random lines of cue words in any case, their pieces and look-alikes,
 * short and long, ending a sentence or not: the cues asked by the first
 * byte of the line and of its words give the kind that asking every cue
 * in turn gives. */
TEST(clean_cue_kind_by_first_bytes)
{
    static const char *const parts[] = {
        "Read also ", "READ MORE", "related:", "Related stories", "Photo:", "photos: ",
        "\xc2\xa9 ", "(c) 2", "(photo", "[Image ", "Updated", "updated 14:05 ", "Updated:",
        "Subscribe", "subscribers ", "Newsletter", "sign up", "signup ", "Getty Images",
        "cookie policy", "Share this", "share ", "our app", "Accessibility", "see the list below",
        "Full story", "skip to", "Follow us", "following ", "Published", "first published ",
        "Advertisement", "sponsored", "source:", "posted", "the ", "a", "x", "-", ":", "1", ".",
        ",", " ", "  ", "ab", "to ", "news ", "\xc3\xa9t\xc3\xa9 ", "said the mayor ",
        "and the council voted on the plan for the new harbour bridge again today ",
    };
    uint64_t state = 0x2545f4914f6cdd1dULL;
    /* room for nine of the longest part, a full stop and the NUL that ends
     * the text the cleaner cuts its lines from */
    char text[1024], lower[1024];
    size_t differ = 0, cued = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = test_random_text(&state, parts, sizeof parts / sizeof *parts, 1 + (size_t)round % 9, text);
        if (state >> 62 == 0)
            text[len++] = '.';
        text[len] = '\0';
        line l = test_line(text, lower, len);
        l.terminal = text[len - 1] == '.';
        unsigned char fast = boilerplate_cue_kind(&l, 0);
        differ += fast != boilerplate_cue_kind(&l, 1);
        cued += fast != LK_BODY;
    }
    CHECK(differ == 0);
    CHECK(cued > 4000 && cued < 19000);
}

/* Over 20,000 random lines of 1 to max_parts of the parts (at most 40
 * bytes each; ASCII lowercased, words counted, from the generator's
 * state): how many times ask(line, 0) differs from ask(line, 1); and in
 * *positive, how many times ask(line, 0) is not 0. */
static size_t fast_differs_from_plain(const char *const *parts, size_t n_parts, size_t max_parts, uint64_t state,
                                      int (*ask)(const line *, int), size_t *positive)
{
    char text[512], lower[512];
    size_t differ = 0;
    *positive = 0;
    for (size_t round = 0; round < 20000 && max_parts * 40 <= sizeof text; round++) {
        size_t len = test_random_text(&state, parts, n_parts, 1 + round % max_parts, text);
        line l = test_line(text, lower, len);
        int fast = ask(&l, 0);
        differ += fast != ask(&l, 1);
        *positive += fast != 0;
    }
    return differ;
}

/* Random lines of disclaimer cues, their pieces, pairs that fold to the
 * same five bits ("e," and "el") and other bytes: the cues found in one
 * pass over the line (a needle set) are as many as searching for each
 * finds. */
TEST(clean_disclaimer_pairs_filter_agrees)
{
    static const char *const parts[] = {
        "All Rights Reserved", "copyright", "\xc2\xa9", "reproduc", "REPUBLISH", "without permission",
        "may not be", "privacy", "cookies", "since 1", "since 2", "auto-generated", "for length and",
        "rights", "reserv", "permis", "priv", "acy", "cook", "ies", "since", " ", "1", "2", "-", ",",
        "e,", "el", "eL", "E,", "@", "\xc3\xa9", "the ", "news ", "a", "x", "q", "z",
    };
    size_t scored = 0;
    CHECK(fast_differs_from_plain(parts, sizeof parts / sizeof *parts, 12, 0x6a09e667f3bcc909ULL,
                                  boilerplate_disclaimer_score, &scored) == 0);
    CHECK(scored > 4000 && scored < 19000);
}

/* Random texts of letters, spaces, line ends and control bytes at
 * densities either side of the 5% that makes a text binary, at lengths
 * around the blocks of eight and sixteen bytes: a text is refused exactly
 * when a byte at a time says it holds a NUL or over 5% other control
 * bytes than tab, line feed, form feed and carriage return. */
TEST(clean_binary_threshold_by_blocks)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    uint64_t state = 0xbb67ae8584caa73bULL;
    char text[600];
    size_t wrong = 0, refused = 0;
    for (int round = 0; round < 3000; round++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t len = 1 + (size_t)(state >> 33) % sizeof text;
        unsigned density = (unsigned)(state >> 20) % 12; /* control bytes per hundred */
        size_t bad = 0;
        int nul = 0;
        for (size_t i = 0; i < len; i++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned roll = (unsigned)(state >> 33) % 100;
            static const char controls[] = "\x01\x02\x07\x08\x0b\x0e\x1b\x1f\t\n\f\r";
            char ch = roll < density ? controls[(state >> 45) % (sizeof controls - 1)]
                      : roll < 90 ? (char)('a' + (state >> 45) % 26) : ' ';
            if (round % 50 == 0 && i == len / 2)
                ch = '\0';
            text[i] = ch;
            nul |= ch == '\0';
            bad += (unsigned char)ch < 0x20 && !strchr("\t\n\f\r", ch);
        }
        np_record r = { 0 };
        r.id = "blob";
        r.text = text;
        r.text_len = len;
        const np_article *a;
        np_status st = np_clean(c, &r, &a);
        int binary = nul || bad * 20 > len;
        wrong += (st == NP_EINPUT) != binary;
        refused += st == NP_EINPUT;
    }
    np_cleaner_free(c);
    CHECK(wrong == 0);
    CHECK(refused > 300 && refused < 2700);
}

/* Short binary data with no control byte (8 random bytes have none 40% of
 * the time) is refused; short text in an 8-bit code page is not. */
TEST(clean_short_binary_without_controls)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    uint64_t state = 0x3c6ef372fe94f82bULL;
    size_t tried = 0, passed = 0;
    while (tried < 2000) {
        unsigned char blob[8];
        int control = 0;
        for (size_t i = 0; i < sizeof blob; i++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            blob[i] = (unsigned char)(state >> 56);
            control |= blob[i] < 0x20;
        }
        if (control)
            continue; /* refused already */
        tried++;
        np_record r = { 0 };
        r.id = "blob";
        r.text = (const char *)blob;
        r.text_len = sizeof blob;
        const np_article *a;
        passed += np_clean(c, &r, &a) == NP_OK;
    }
    CHECK(passed < tried / 20);
    static const char *const texts[] = {
        "Caf\xe9 d\xe9j\xe0 vu",                     /* Windows-1252, Latin-1 */
        "\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0",          /* Windows-1251 */
        "\x93Quoted\x94 \x96 dash",                     /* Windows-1252 quotes */
        ("Gr\xfc\xdf" "e aus K\xf6ln\n"),               /* parenthesised for clang */
    };
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        np_record r = { 0 };
        r.id = "short";
        r.text = texts[k];
        r.text_len = strlen(texts[k]);
        const np_article *a;
        np_status st = np_clean(c, &r, &a);
        CHECK(st == NP_OK || !strstr(np_errmsg(c), "binary"));
    }
    np_cleaner_free(c);
}

/* Lines holding two of the leads of a source's name (in either order, one
 * capitalised, after a decoy of a lead's first word) name the source after
 * the lead that comes first in the list of leads, as asking every lead in
 * turn does; a line with only the first words names none. */
TEST(clean_source_line_lead_order)
{
    static const char *const leads[] = {
        "originally appeared on ", "originally appeared in ", "originally appeared at ",
        "originally published on ", "originally published in ", "originally published at ",
        "originally published by ", "originally belongs to ", "originally ran on ",
        "originally ran in ", "first appeared on ", "first appeared in ", "first published on ",
        "first published in ", "first published by ", "was provided by ", "is republished from ",
        "read the full story at ", "read the full story on ", "read the full article at ",
    };
    const size_t n_leads = sizeof leads / sizeof *leads;
    arena mem;
    arena_init(&mem, NULL, 4096);
    size_t wrong = 0;
    for (size_t i = 0; i < n_leads; i++) {
        for (size_t j = 0; j < n_leads; j++) {
            char text[200], upper[40];
            snprintf(upper, sizeof upper, "%s", leads[j]);
            upper[0] = (char)(upper[0] - 'a' + 'A');
            snprintf(text, sizeof text, "At first, originally, %sAlpha Times. %sBeta Post.",
                     leads[i], upper);
            doc d = { 0 };
            d.arena = &mem;
            int named = meta_source_line(&d, text, strlen(text));
            const char *want = i <= j ? "Alpha Times" : "Beta Post";
            wrong += !named || !d.source || strcmp(d.source, want) != 0 || !d.source_from_text;
            arena_reset(&mem);
        }
    }
    static const char decoy[] = "At first, originally it was provided to us, read the full text";
    doc d = { 0 };
    d.arena = &mem;
    CHECK(meta_source_line(&d, decoy, sizeof decoy - 1) == 0 && !d.source);
    arena_free(&mem);
    CHECK(wrong == 0);
}

/* A caption takes at most two short lines on either side with it (its
 * headline, its text), not a whole block of short lines: text written a
 * sentence a line, one of which names a person "(pictured)", stays body;
 * so does a bulleted list with a "tax credit" in it.  A line that is only
 * a web address is a link. */
TEST(clean_caption_glue_stops_at_two_lines)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    static const char lines[] =
        "Ferry pilot praised after rescue off Dunmore Point\n"
        "\n"
        "A yacht that lost its mast in a squall off Dunmore Point on Thursday afternoon was "
        "reached by the island ferry, which turned back from its crossing to help.\n"
        "\n"
        "The harbour board thanked its senior pilot on Friday.\n"
        "Mara Quist ( pictured ) steered the ferry beside the drifting yacht.\n"
        "Two sailors were lifted aboard in heavy seas.\n"
        "Both were taken to hospital in Dunmore.\n"
        "Neither was badly hurt, the board said.\n"
        "The yacht was towed into the harbour by noon.\n"
        "Quist has worked on the ferry for eleven years.\n";
    REQUIRE(clean_text(c, "lines", lines, &a) == NP_OK);
    CHECK(body_has(a, "Neither was badly hurt"));
    CHECK(body_has(a, "The yacht was towed into the harbour"));
    CHECK(body_has(a, "Quist has worked on the ferry"));
    static const char list[] =
        "Budget brings help for first buyers\n"
        "\n"
        "The chancellor set out his plans on Wednesday, promising help for first-time buyers and "
        "families on low incomes, and a freeze on fuel duty until the spring.\n"
        "\n"
        "- A higher threshold for stamp duty\n"
        "- A freeze on petrol duty\n"
        "- An extension of the tax credit scheme for poorer families\n"
        "\n"
        "Opposition parties said the plans would be paid for by higher taxes after the election, "
        "and that families would be worse off by the end of the parliament.\n"
        "\n"
        "https://news.example.com/budget/live-coverage-of-the-day\n";
    REQUIRE(clean_text(c, "list", list, &a) == NP_OK);
    CHECK(body_has(a, "A freeze on petrol duty"));
    CHECK(body_has(a, "tax credit scheme"));
    CHECK_STR(kind_of(a, "https://news.example.com"), "related");
    CHECK(!body_has(a, "https://"));
    np_cleaner_free(c);
}

/* Chrome the cue lists had missed: a menu bar of items set apart by "|"
 * (which was taken for the headline), an email box, a correction note and
 * the author's line after it, a "Topics:" line, a cookie notice longer than
 * a short line. */
TEST(clean_menu_bar_cookies_topics_and_corrections_removed)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1); /* the tests read each line's kind */
    const np_article *a;
    static const char text[] =
        "Home | World | Business | Sport | Culture\n"
        "Harbour town votes to rebuild storm-hit pier\n"
        "The harbour board of Dunmore voted on Thursday to rebuild the north pier, which winter "
        "storms cracked in two places, at a cost the board put at four million pounds.\n"
        "Sign up for our daily newsletter\n"
        "Enter your email\n"
        "The board will borrow half of the money and ask the county for the rest. A public meeting "
        "on the plans is set for 20 March at the town hall.\n"
        "This article was amended on 13 March 2025 to correct the date of the public meeting.\n"
        "Ana Ruiz covers the north coast. Follow her on Twitter for news from the harbour towns.\n"
        "Topics: Dunmore, Harbours, Local government\n"
        "We use cookies to improve your experience. By continuing you agree to our cookie policy.\n";
    REQUIRE(clean_text(c, "menu", text, &a) == NP_OK);
    CHECK_STR(a->title, "Harbour town votes to rebuild storm-hit pier");
    CHECK_STR(kind_of(a, "Home | World"), "nav");
    CHECK(body_has(a, "The harbour board of Dunmore voted"));
    CHECK(body_has(a, "A public meeting on the plans"));
    static const char *const chrome[] = { "Enter your email", "This article was amended", "Ana Ruiz covers",
                                          "Topics:", "We use cookies" };
    for (size_t i = 0; i < sizeof chrome / sizeof *chrome; i++)
        CHECK(!body_has(a, chrome[i]));
    static const char bar[] = "| Home | World | Business |\nPier vote\nThe harbour board voted on "
                              "Thursday to rebuild the north pier, which winter storms cracked.\n";
    REQUIRE(clean_text(c, "bar", bar, &a) == NP_OK);
    CHECK_STR(kind_of(a, "| Home | World"), "nav");
    /* a line of prose with a "|" in it is not a menu */
    static const char prose[] =
        "Pier vote\n"
        "The board split its vote | four for, three against | and the chairman settled it, the "
        "minutes of Thursday's meeting show.\n";
    REQUIRE(clean_text(c, "prose", prose, &a) == NP_OK);
    CHECK(body_has(a, "The board split its vote"));
    np_cleaner_free(c);
}

/* Text saved as UTF-16 with its byte-order mark (either order) is read as
 * the same text; text in an 8-bit code page (no UTF-8 in it at all) is read
 * as Windows-1252, not each accented letter lost to U+FFFD; text that is
 * UTF-8 with a few bad bytes keeps its UTF-8 and marks the bad ones. */
TEST(clean_utf16_and_windows_1252_read)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    static const char utf8[] = "Caf\xc3\xa9 owners in Dunmore say the new pier, \xe2\x80\x9c" "at last\xe2\x80\x9d, "
                               "will bring visitors back \xf0\x9f\x98\x80" " to the harbour front this summer.";
    char u16[2 * sizeof utf8 + 8];
    for (int big = 0; big <= 1; big++) {
        size_t n = 0;
        u16[n++] = (char)(big ? 0xFE : 0xFF), u16[n++] = (char)(big ? 0xFF : 0xFE);
        for (size_t i = 0; i < sizeof utf8 - 1;) {
            uint32_t cp;
            size_t m = utf8_decode((const unsigned char *)utf8 + i, sizeof utf8 - 1 - i, &cp);
            REQUIRE(m > 0);
            i += m;
            uint32_t units[2] = { cp, 0 };
            size_t k = 1;
            if (cp >= 0x10000)
                units[0] = 0xD800 + ((cp - 0x10000) >> 10), units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF), k = 2;
            for (size_t u = 0; u < k; u++) {
                u16[n++] = (char)(big ? units[u] >> 8 : units[u] & 0xFF);
                u16[n++] = (char)(big ? units[u] & 0xFF : units[u] >> 8);
            }
        }
        np_record r = { .id = "u16", .text = u16, .text_len = n, .path = "u16.txt" };
        const np_article *a;
        REQUIRE(np_clean(c, &r, &a) == NP_OK);
        CHECK(a->n_paragraphs == 1 && strcmp(a->paragraphs[0], utf8) == 0);
    }
    const np_article *a;
    static const char latin[] = "Caf\xe9 owners in Dunmore say the \x93new\x94 pier will bring visitors back.";
    REQUIRE(clean_text(c, "latin", latin, &a) == NP_OK);
    CHECK(a->n_paragraphs == 1 &&
          strcmp(a->paragraphs[0], "Caf\xc3\xa9 owners in Dunmore say the \xe2\x80\x9cnew\xe2\x80\x9d" " pier will bring visitors back.") == 0);
    CHECK(a->repaired == 1);
    static const char mixed[] = "Caf\xc3\xa9 owners in Dunmore say the new pier will cost \xe2\x82\xac" "4m\xe9.";
    REQUIRE(clean_text(c, "mixed", mixed, &a) == NP_OK);
    CHECK(a->n_paragraphs == 1 && strstr(a->paragraphs[0], "Caf\xc3\xa9") && strstr(a->paragraphs[0], "\xe2\x82\xac" "4m\xef\xbf\xbd"));
    np_cleaner_free(c);
}

/* A date field given and not read is kept for a warning (date_unread); a
 * page's own metadata date that is a placeholder is none, and no warning,
 * since no one gave it. */
TEST(clean_date_unread_only_for_a_field_given)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    static const char body[] = "The harbour board of Dunmore voted on Thursday to rebuild the north pier, "
                               "which winter storms cracked in two places last year.";
    np_record r = { .id = "field", .text = body, .text_len = sizeof body - 1, .path = "memory.jsonl",
                    .date = "2025-02-30" };
    const np_article *a;
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK(a->date == NULL && a->date_unread && strcmp(a->date_unread, "2025-02-30") == 0);
    r.date = "1741082400";
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK(a->date && strcmp(a->date, "2025-03-04") == 0 && a->date_unread == NULL && a->timestamp == 1741082400);
    static const char page[] = "<html><head><meta property=\"article:published_time\" content=\"0001-01-01T00:00:00Z\">"
                               "</head><body><p>The harbour board of Dunmore voted on Thursday to rebuild the north "
                               "pier, which winter storms cracked in two places last year.</p></body></html>";
    np_record h = { .id = "page", .text = page, .text_len = sizeof page - 1, .path = "page.html", .html = 1 };
    REQUIRE(np_clean(c, &h, &a) == NP_OK);
    CHECK(a->date == NULL && a->date_unread == NULL);
    h.date = "soon";
    REQUIRE(np_clean(c, &h, &a) == NP_OK);
    CHECK(a->date_unread && strcmp(a->date_unread, "soon") == 0);
    np_cleaner_free(c);
}

/* A page's own address: its canonical link (else og:url) is the
 * article's url when the record has none, names its source, and the day
 * its path files the article under dates it when nothing else does.  A
 * date in the text or the record's own wins over the URL's. */
TEST(clean_url_of_a_page_and_its_day)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    static const char page[] =
        "<html><head><title>Pier to be rebuilt</title>"
        "<link rel=\"canonical\" href=\"https://www.dunmore-post.example/news/2025/02/13/pier-rebuilt\">"
        "<meta property=\"og:url\" content=\"https://m.dunmore-post.example/pier\"></head><body>"
        "<p>The harbour board of Dunmore voted on Thursday to rebuild the north pier, which winter storms "
        "cracked in two places last year.</p><p>Work begins in the spring.</p></body></html>";
    np_record h = { .id = "page", .text = page, .text_len = sizeof page - 1, .path = "page.html", .html = 1 };
    const np_article *a;
    REQUIRE(np_clean(c, &h, &a) == NP_OK);
    CHECK_STR(a->url, "https://www.dunmore-post.example/news/2025/02/13/pier-rebuilt");
    CHECK_STR(a->source, "dunmore-post.example");
    CHECK_STR(a->date, "2025-02-13");
    /* the record's own url and date come first */
    h.url = "https://archive.example/20240101/pier";
    h.date = "2025-02-14";
    REQUIRE(np_clean(c, &h, &a) == NP_OK);
    CHECK_STR(a->url, "https://archive.example/20240101/pier");
    CHECK_STR(a->date, "2025-02-14");
    /* a text's own date line beats its URL's day */
    static const char text[] = "Pier to be rebuilt\n\nFebruary 12, 2025\n\nThe harbour board of Dunmore voted on "
                               "Thursday to rebuild the north pier, which winter storms cracked in two places.\n";
    np_record r = { .id = "t", .text = text, .text_len = sizeof text - 1, .path = "memory.jsonl",
                    .url = "https://www.dunmore-post.example/2025/02/13/pier" };
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK_STR(a->date, "2025-02-12");
    /* og:url when there is no canonical link; a relative one is no address */
    static const char og[] =
        "<html><head><link rel=\"canonical\" href=\"/news/pier\">"
        "<meta property=\"og:url\" content=\"https://dunmore-post.example/20250213-pier.html\"></head><body>"
        "<p>The harbour board of Dunmore voted on Thursday to rebuild the north pier, which winter storms "
        "cracked in two places last year.</p></body></html>";
    np_record o = { .id = "og", .text = og, .text_len = sizeof og - 1, .path = "og.html", .html = 1 };
    REQUIRE(np_clean(c, &o, &a) == NP_OK);
    CHECK_STR(a->url, "https://dunmore-post.example/20250213-pier.html");
    CHECK_STR(a->date, "2025-02-13");
    np_cleaner_free(c);
}

/* Chrome in German and French is dropped as the English is; a byline in
 * French with the date in it dates the article; a photo credit takes no
 * paragraph of the article with it, before or after. */
TEST(clean_chrome_in_german_and_french)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    const np_article *a;
    static const char de[] =
        "Hafenstadt stimmt f\xc3\xbcr Neubau der Mole\n"
        "Der Hafenrat von Dunmore hat am Donnerstag beschlossen, die n\xc3\xb6rdliche Mole neu zu bauen, "
        "die von Winterst\xc3\xbcrmen an zwei Stellen gerissen wurde.\n"
        "Anzeige\n"
        "Lesen Sie auch: F\xc3\xa4hrfahrplan \xc3\xa4ndert sich im Sommer\n"
        "Fischerboote nutzen bis zur Er\xc3\xb6" "ffnung der neuen Mole den S\xc3\xbc" "dkai, sagte der Hafenmeister "
        "am Freitag.\n"
        "Foto: Lee Park/dpa\n"
        "Der Rat will die H\xc3\xa4lfte des Geldes leihen und den Rest beim Landkreis beantragen.\n"
        "Mehr zum Thema\n"
        "Sturmsch\xc3\xa4" "den \xc3\xbc" "bersteigen zehn Millionen\n"
        "Artikel teilen\n"
        "\xc2\xa9 2025 K\xc3\xbcstenmedien GmbH. Alle Rechte vorbehalten.\n";
    REQUIRE(clean_text(c, "de", de, &a) == NP_OK);
    CHECK(body_has(a, "Der Hafenrat von Dunmore"));
    CHECK(body_has(a, "Fischerboote nutzen"));
    CHECK(body_has(a, "Der Rat will die H"));
    static const char *const de_chrome[] = { "Anzeige", "Lesen Sie auch", "Foto:", "Mehr zum Thema", "Sturmsch",
                                             "Artikel teilen", "Alle Rechte" };
    for (size_t i = 0; i < sizeof de_chrome / sizeof *de_chrome; i++)
        CHECK(!body_has(a, de_chrome[i]));
    static const char fr[] =
        "Le port vote la reconstruction de la jet\xc3\xa9" "e\n"
        "Par Anna Ruiz, publi\xc3\xa9 le 12 mars 2025 \xc3\xa0 09h14\n"
        "Le conseil du port de Dunmore a vot\xc3\xa9 jeudi la reconstruction de la jet\xc3\xa9" "e nord, "
        "fissur\xc3\xa9" "e en deux endroits par les temp\xc3\xaa" "tes de l'hiver.\n"
        "Publicit\xc3\xa9\n"
        "Lire aussi : Les horaires du ferry changent cet \xc3\xa9t\xc3\xa9\n"
        "Les bateaux de p\xc3\xaa" "che utiliseront le quai sud jusqu'\xc3\xa0 l'ouverture de la nouvelle jet\xc3\xa9" "e.\n"
        "Partager cet article\n"
        "\xc2\xa9 2025 M\xc3\xa9" "dias C\xc3\xb4tiers. Tous droits r\xc3\xa9serv\xc3\xa9s.\n";
    REQUIRE(clean_text(c, "fr", fr, &a) == NP_OK);
    CHECK(a->date && strcmp(a->date, "2025-03-12") == 0);
    CHECK(body_has(a, "Le conseil du port"));
    CHECK(body_has(a, "Les bateaux de p"));
    static const char *const fr_chrome[] = { "Par Anna Ruiz", "Publicit", "Lire aussi", "Partager", "Tous droits" };
    for (size_t i = 0; i < sizeof fr_chrome / sizeof *fr_chrome; i++)
        CHECK(!body_has(a, fr_chrome[i]));
    np_cleaner_free(c);
}

/* A cleaner that keeps each line's kind (the tests read them), or NULL. */
static np_cleaner *chrome_cleaner(void)
{
    np_cleaner *c;
    if (np_cleaner_new(&c, NULL) != NP_OK)
        return NULL;
    np_cleaner_explain(c, 1);
    return c;
}

/* Cleans tests/data/chrome/LANG SUFFIX.txt into *a; returns its text (the
 * caller frees it once done with *a), NULL when it cannot be read or
 * cleaned. */
static char *clean_chrome_page(np_cleaner *c, const char *lang, const char *suffix, const np_article **a)
{
    char path[64];
    snprintf(path, sizeof path, "tests/data/chrome/%s%s.txt", lang, suffix);
    size_t len;
    char *text = c ? test_read_file(path, &len) : NULL;
    if (text && clean_text(c, lang, text, a) != NP_OK) {
        free(text);
        text = NULL;
    }
    return text;
}

/* A line and the kind the cleaner should give it. */
typedef struct line_case {
    const char *line, *kind;
} line_case;

/* Each case's line put into the text `page` (a format with one %s) and
 * cleaned: the line must get its kind (the line named on standard error
 * when not). */
static void check_line_kinds(const char *page, const line_case *cases, size_t n)
{
    np_cleaner *c = chrome_cleaner();
    REQUIRE(c != NULL);
    for (size_t k = 0; k < n; k++) {
        char text[1024];
        snprintf(text, sizeof text, page, cases[k].line);
        const np_article *a;
        REQUIRE(clean_text(c, "k", text, &a) == NP_OK);
        CHECK_STR(kind_of(a, cases[k].line), cases[k].kind);
        if (strcmp(kind_of(a, cases[k].line), cases[k].kind) != 0)
            fprintf(stderr, "  %s: %s\n", cases[k].line, kind_of(a, cases[k].line));
    }
    np_cleaner_free(c);
}

/* One page's chrome written in seven languages (tests/data/chrome): each
 * gives what the English gives.  The skip link and the menu are chrome,
 * the headline under them is the title, the date line dates the article
 * ("Martes, 4 de marzo de 2025", "ter\xc3\xa7" "a-feira, 4 de mar\xc3\xa7o de 2025"), the byline
 * ("Von Anna M\xc3\xbcller, Donau-Kurier", "di Giulia Ferrari, ...") is metadata, not
 * a caption's, and the links, share line, teaser heading, comment form
 * and footer are dropped in Dutch too. */
TEST(clean_chrome_in_seven_languages)
{
    static const struct {
        const char *lang, *title, *byline, *related, *paragraph;
    } pages[] = {
        { "en", "Flooding in Riverton: the Ashby keeps rising", "By Anna Miller", "Read also:", "The level of the Ashby" },
        { "de", "Hochwasser in Passau: Pegel steigt weiter", "Von Anna M", "Lesen Sie auch:", "Der Pegel der Donau" },
        { "fr", "Inondations \xc3\xa0 Lyon : la Sa\xc3\xb4ne continue de monter", "Par Claire Dubois", "Lire aussi", "Le niveau de la Sa" },
        { "es", "Inundaciones en Valencia: el r\xc3\xado Turia sigue creciendo", "Por Luc\xc3\xad" "a Fern", "Lee tambi", "El nivel del r" },
        { "it", "Maltempo a Genova: il Bisagno esce dagli argini", "di Giulia Ferrari", "Leggi anche:", "Il livello del torrente" },
        { "pt", "Chuvas em Porto Alegre: Gua\xc3\xad" "ba continua a subir", "Por Ana Souza", "Leia tamb", "O n\xc3\xadvel do Gua" },
        { "nl", "Hoogwater in Nijmegen: Waal blijft stijgen", "Door Sanne de Vries", "Lees ook:", "Het water van de Waal" },
    };
    np_cleaner *c = chrome_cleaner();
    REQUIRE(c != NULL);
    for (size_t k = 0; k < sizeof pages / sizeof *pages; k++) {
        const np_article *a;
        char *text = clean_chrome_page(c, pages[k].lang, "", &a);
        REQUIRE(text != NULL);
        CHECK_STR(a->lang, pages[k].lang);
        CHECK_STR(a->title, pages[k].title);
        CHECK_STR(a->date, "2025-03-04");
        CHECK_STR(kind_of(a, pages[k].byline), "meta");
        CHECK_STR(kind_of(a, pages[k].related), "related");
        /* the skip link (the first line), the menu (the second) */
        CHECK(a->n_lines > 2 && strcmp(a->lines[0].kind, "nav") == 0 && strcmp(a->lines[1].kind, "nav") == 0);
        CHECK(a->n_paragraphs == 3 && body_has(a, pages[k].paragraph));
        if (a->n_paragraphs != 3 || !a->title || strcmp(a->title, pages[k].title) != 0)
            fprintf(stderr, "  %s: %zu paragraphs, title %s\n", pages[k].lang, a->n_paragraphs,
                    a->title ? a->title : "(none)");
        free(text);
    }
    np_cleaner_free(c);
}

/* Agency datelines as other languages write them: a lowercase agency
 * ("dpa"), a month with accented letters before the parenthesis ("4.
 * M\xc3\xa4rz"), a lowercase abbreviated month ("4 mar", "4 ago") and a full stop
 * before the dash ("(EFE).-").  Prose with a parenthesis and a dash names
 * no agency. */
TEST(clean_dateline_agencies_in_other_languages)
{
    static const struct {
        const char *opening, *agency;
    } cases[] = {
        { "Passau (dpa) - Der Pegel der Donau ist gestiegen.", "dpa" },
        { "PASSAU, 4. M\xc3\xa4rz (Wirepress) - Der Pegel der Donau ist gestiegen.", "Wirepress" },
        { "Valencia, 4 mar (EFE).- El nivel del r\xc3\xado Turia ha subido.", "EFE" },
        { "Genova, 4 ago. (ANSA) - Il livello del torrente Bisagno \xc3\xa8 salito.", "ANSA" },
        { "He said in a rare (and brief) - statement that the river rose.", NULL },
        { "The mayor (dpa reported) - said the river rose.", NULL },
    };
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char text[512];
        snprintf(text, sizeof text,
                 "River levels keep rising in the old town\n\n%s The city closed several streets in the "
                 "old town on Tuesday.\n\nThe second paragraph says that volunteers filled sandbags all "
                 "through the night.\n",
                 cases[k].opening);
        const np_article *a;
        REQUIRE(clean_text(c, "t", text, &a) == NP_OK);
        if (cases[k].agency)
            CHECK(a->n_attribution == 1 && has_attribution(a, cases[k].agency));
        else
            CHECK(a->n_attribution == 0);
        if (cases[k].agency ? a->n_attribution != 1 || !has_attribution(a, cases[k].agency) : a->n_attribution != 0)
            fprintf(stderr, "  %s: %zu names, the first %s\n", cases[k].opening, a->n_attribution,
                    a->n_attribution ? a->attribution[0] : "-");
    }
    np_cleaner_free(c);
}

/* The lines that close a page and interrupt its text, written in seven
 * languages (tests/data/chrome/LANG-end.txt): a newsletter's pitch and a
 * cookie notice between paragraphs, the agencies' credit ("Mit Material
 * von dpa und AFP", "Avec AFP", "Con informaci\xc3\xb3n de EFE y Europa Press"),
 * a source line ("Quelle: dpa", "Fonte: ANSA", "Bron: ANP") and a teaser
 * list.  Each is what the English one is; no paragraph of the text is
 * taken with them (a credit read as a caption once took the paragraph
 * above it). */
TEST(clean_closing_lines_in_seven_languages)
{
    static const struct {
        const char *lang, *pitch, *cookies, *credit, *source_line, *teaser, *source, *agencies;
    } pages[] = {
        { "en", "Sign up", "We use cookies", "With reporting by", "Source: AP", "More stories", "AP", "AP,AFP" },
        { "de", "Newsletter abonnieren", "Wir verwenden Cookies", "Mit Material von", "Quelle: dpa", "Weitere Artikel", "dpa", "dpa,AFP" },
        { "fr", "Abonnez-vous", "Nous utilisons des cookies", "Avec AFP", NULL, "Sur le m", NULL, "AFP" },
        { "es", "Suscr", "Utilizamos cookies", "Con informaci", "Fuente: EFE", "Noticias relacionadas", "EFE", "EFE,Europa Press" },
        { "it", "Iscriviti", "Questo sito utilizza cookie", "Con informazioni di", "Fonte: ANSA", "Articoli correlati", "ANSA", "ANSA" },
        { "pt", "Assine", "Este site usa cookies", "Com informa", "Fonte: Reuters", "Not\xc3\xad" "cias relacionadas", "Reuters", "Reuters" },
        { "nl", "Schrijf je in", "Deze website maakt gebruik van cookies", "Met medewerking van", "Bron: ANP", "Meer over dit onderwerp", "ANP", "ANP" },
    };
    np_cleaner *c = chrome_cleaner();
    REQUIRE(c != NULL);
    for (size_t k = 0; k < sizeof pages / sizeof *pages; k++) {
        const np_article *a;
        char *text = clean_chrome_page(c, pages[k].lang, "-end", &a);
        REQUIRE(text != NULL);
        CHECK_STR(kind_of(a, pages[k].pitch), "promo");
        CHECK_STR(kind_of(a, pages[k].cookies), "promo");
        CHECK_STR(kind_of(a, pages[k].credit), "credit");
        if (pages[k].source_line)
            CHECK_STR(kind_of(a, pages[k].source_line), "meta");
        CHECK_STR(kind_of(a, pages[k].teaser), "section");
        CHECK(pages[k].source ? a->source && strcmp(a->source, pages[k].source) == 0 : a->source == NULL);
        char names[128] = "";
        for (size_t i = 0; i < a->n_attribution; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? "," : "", a->attribution[i]);
        CHECK_STR(names, pages[k].agencies);
        CHECK(a->n_paragraphs == 3);
        if (a->n_paragraphs != 3 || strcmp(names, pages[k].agencies) != 0)
            fprintf(stderr, "  %s: %zu paragraphs, credited %s\n", pages[k].lang, a->n_paragraphs, names);
        free(text);
    }
    np_cleaner_free(c);
}

/* A short credit names agencies alone: "Mit Freunden" (a German noun is
 * capitalised), "Con Marco Rossi" and "Avec plaisir" are no credit, and
 * the text after them stays text. */
TEST(clean_agency_credit_needs_agencies)
{
    static const char *const lines[] = { "Mit Freunden", "Con Marco Rossi", "Avec plaisir", "Met de fiets" };
    np_cleaner *c = chrome_cleaner();
    REQUIRE(c != NULL);
    for (size_t k = 0; k < sizeof lines / sizeof *lines; k++) {
        char text[512];
        snprintf(text, sizeof text,
                 "River levels keep rising in the old town\n\nThe city closed several streets in the old "
                 "town on Tuesday after the river rose above its banks.\n%s\nThe last paragraph says that "
                 "volunteers filled sandbags all through the night in the old town.\n",
                 lines[k]);
        const np_article *a;
        REQUIRE(clean_text(c, "t", text, &a) == NP_OK);
        CHECK(strcmp(kind_of(a, lines[k]), "credit") != 0);
        CHECK(a->n_attribution == 0 && body_has(a, "The last paragraph"));
    }
    np_cleaner_free(c);
}

/* A header block above the text, as exports and crawlers write it: its
 * title, date, URL and source are the article's, its lines leave the
 * body.  A record's own title is kept; a lone "Author:" line or a first
 * line that only opens with a word and a colon is no block. */
TEST(clean_header_block)
{
    static const char text[] =
        "Title: Flooding in Riverton as the Ashby keeps rising\r\n"
        "Date: Tuesday, March 4, 2025\r\n"
        "Author: Anna Miller\r\n"
        "URL: https://www.rivertoncourier.com/news/flood\r\n"
        "\r\n"
        "The level of the Ashby at Riverton reached 9.20 metres on Tuesday, and the city closed several "
        "streets in the old town.\r\n\r\n"
        "Mayor Jordan Dupree said the situation was serious but under control, as volunteers filled "
        "sandbags through the night.\r\n";
    np_cleaner *c = chrome_cleaner();
    REQUIRE(c != NULL);
    const np_article *a;
    REQUIRE(clean_text(c, "h", text, &a) == NP_OK);
    CHECK_STR(a->title, "Flooding in Riverton as the Ashby keeps rising");
    CHECK_STR(a->date, "2025-03-04");
    CHECK_STR(a->url, "https://www.rivertoncourier.com/news/flood");
    CHECK_STR(a->source, "rivertoncourier.com");
    CHECK(a->n_paragraphs == 2 && body_has(a, "The level of the Ashby") && !body_has(a, "Anna Miller"));
    CHECK_STR(kind_of(a, "Author: Anna Miller"), "meta");
    /* a record's title wins over the block's */
    np_record r = { .id = "h", .text = text, .text_len = sizeof text - 1, .path = "h.txt", .title = "Given" };
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK_STR(a->title, "Given");
    CHECK(a->n_paragraphs == 2);
    /* the page's address alone on the first line, then the headline */
    static const char addressed[] =
        "https://www.rivertoncourier.example/news/flood\nFlooding in Riverton as the Ashby keeps rising\n\n"
        "The level of the Ashby at Riverton reached 9.20 metres on Tuesday, and the city closed several "
        "streets in the old town.\n";
    REQUIRE(clean_text(c, "u", addressed, &a) == NP_OK);
    CHECK_STR(a->url, "https://www.rivertoncourier.example/news/flood");
    CHECK_STR(a->source, "rivertoncourier.example");
    CHECK_STR(a->title, "Flooding in Riverton as the Ashby keeps rising");
    CHECK(a->n_paragraphs == 1);
    /* a lone field; a headline that opens with a word and a colon */
    static const struct {
        const char *opening, *kind;
    } openings[] = { { "Author: Anna Miller", "meta" }, { "Update: the council met again", "title" } };
    for (size_t k = 0; k < sizeof openings / sizeof *openings; k++) {
        char plain[512];
        snprintf(plain, sizeof plain,
                 "%s\nThe level of the Ashby at Riverton reached 9.20 metres on Tuesday, and the city "
                 "closed several streets in the old town.\n",
                 openings[k].opening);
        REQUIRE(clean_text(c, "p", plain, &a) == NP_OK);
        CHECK(a->url == NULL && a->n_paragraphs == 1);
        CHECK_STR(kind_of(a, openings[k].opening), openings[k].kind);
    }
    np_cleaner_free(c);
}

/* Markdown is cleaned as the page it renders to: the heading is the
 * title, a link's text stays in its sentence, an image, a "Read also"
 * link and a rule leave; a front matter gives the title, date and URL;
 * one never closed is left as text. */
TEST(clean_markdown)
{
    static const char md[] =
        "# Harborton port reopens after the strike\n\n"
        "*March 27, 2025* | **By Corinne Achebe**\n\n"
        "The [Port of Harborton](https://example.org/port) reopened on **Thursday** after a strike "
        "of 23 days, and the first ships were unloaded by noon.\n\n"
        "![Cranes at Gate 3](cranes.jpg)\n\n"
        "* * *\n\n"
        "> The union's members voted 1,870 to 412 to accept a deal of 6 percent a year, its leader said.\n\n"
        "[Read also: The strike in numbers](https://example.org/numbers)\n";
    np_cleaner *c = chrome_cleaner();
    REQUIRE(c != NULL);
    np_record r = { .id = "md", .text = md, .text_len = sizeof md - 1, .path = "md.md", .markdown = 1 };
    const np_article *a;
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK_STR(a->title, "Harborton port reopens after the strike");
    CHECK_STR(a->date, "2025-03-27");
    CHECK(a->n_paragraphs == 2);
    CHECK(body_has(a, "The Port of Harborton reopened on Thursday after"));
    CHECK(body_has(a, "The union's members voted"));
    static const char *const gone[] = { "](", "**", "Cranes", "Read also", "* * *", "Corinne" };
    for (size_t k = 0; k < sizeof gone / sizeof *gone; k++)
        CHECK(!body_has(a, gone[k]));
    /* a front matter */
    static const char fm[] =
        "---\ntitle: \"Port reopens: ships unloaded\"\ndate: 2025-03-27T09:00:00Z\n"
        "url: https://www.harbordaily.example/port\ntags: [port, strike]\n---\n\n"
        "The Port of Harborton reopened on Thursday after a strike of 23 days, and the first ships "
        "were unloaded by noon.\n";
    r.text = fm;
    r.text_len = sizeof fm - 1;
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK_STR(a->title, "Port reopens: ships unloaded");
    CHECK_STR(a->date, "2025-03-27");
    CHECK_STR(a->url, "https://www.harbordaily.example/port");
    CHECK(a->n_paragraphs == 1 && !body_has(a, "tags"));
    /* never closed: the text as it is, no field taken from it */
    static const char open[] = "---\ntitle: Not a front matter\n\nThe Port of Harborton reopened on "
                               "Thursday after a strike of 23 days, and the first ships were unloaded.\n";
    r.text = open;
    r.text_len = sizeof open - 1;
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK(a->url == NULL && a->date == NULL && body_has(a, "The Port of Harborton reopened"));
    /* over 2 MiB (cmark's stack grows some 120 bytes a byte of "*a *a ..."):
     * cleaned as the plain text it is, nothing lost */
    size_t big_len = (2u << 20) + 4096;
    char *big = malloc(big_len + 1);
    REQUIRE(big != NULL);
    static const char head[] = "# Harborton port reopens\n\n";
    memcpy(big, head, sizeof head - 1);
    for (size_t i = sizeof head - 1; i < big_len; i++)
        big[i] = "*a "[i % 3];
    big[big_len] = '\0';
    r.text = big;
    r.text_len = big_len;
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK_STR(a->title, "# Harborton port reopens");
    CHECK(a->n_paragraphs == 1 && a->words > 600000);
    free(big);
    np_cleaner_free(c);
}

/* An outlet's name on the line above the headline is the page's, not the
 * title ("The Riverton Courier", "Donau-Kurier", "Corriere del Tirreno");
 * a short headline that opens with such a word ("Mail Strike Ends") is
 * still the title. */
TEST(clean_outlet_name_above_headline)
{
    static const struct {
        const char *first, *title;
    } cases[] = {
        { "The Riverton Courier", "Flooding in Riverton: the Ashby keeps rising after a week of rain" },
        { "Donau-Kurier", "Flooding in Riverton: the Ashby keeps rising after a week of rain" },
        { "Corriere del Tirreno", "Flooding in Riverton: the Ashby keeps rising after a week of rain" },
        { "Mail Strike Ends", "Mail Strike Ends" },
        { "Star Wins Oscar", "Star Wins Oscar" },
    };
    np_cleaner *c = chrome_cleaner();
    REQUIRE(c != NULL);
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char text[512];
        snprintf(text, sizeof text,
                 "%s\nFlooding in Riverton: the Ashby keeps rising after a week of rain\n\nThe level of the "
                 "Ashby at Riverton reached 9.20 metres on Tuesday, and the city closed streets.\n",
                 cases[k].first);
        const np_article *a;
        REQUIRE(clean_text(c, "o", text, &a) == NP_OK);
        CHECK_STR(a->title, cases[k].title);
        CHECK(!body_has(a, cases[k].first));
    }
    np_cleaner_free(c);
}

/* Chinese and Japanese write no spaces: a headline is one "word" and a
 * paragraph a few by spaces alone.  Their characters count two a word,
 * so the headline of a text is its title, not a line too short for one;
 * the article's word count is its words as the analysis reads them
 * (ICU's dictionary words: 周二, 一, 场, 罕见, 的, 暴雨, ...), not its 3 runs
 * between punctuation nor its 26 characters. */
TEST(clean_chinese_headline)
{
    static const char text[] =
        "\xe6\x9a\xb4\xe9\x9b\xa8\xe8\xa2\xad\xe5\x87\xbb\xe5\x8d\x97\xe6\x96\xb9\xe5\x9f\x8e\xe5\xb8\x82\n\n" /* 暴雨袭击南方城市 */
        "\xe5\x91\xa8\xe4\xba\x8c\xef\xbc\x8c\xe4\xb8\x80\xe5\x9c\xba\xe7\xbd\x95\xe8\xa7\x81\xe7\x9a\x84\xe6\x9a\xb4\xe9\x9b\xa8"
        "\xe8\xa2\xad\xe5\x87\xbb\xe4\xba\x86\xe5\x8d\x97\xe6\x96\xb9\xe6\xb2\xbf\xe6\xb5\xb7\xe5\x9f\x8e\xe5\xb8\x82\xef\xbc\x8c"
        "\xe9\x80\xa0\xe6\x88\x90\xe5\xa4\x9a\xe6\x9d\xa1\xe9\x81\x93\xe8\xb7\xaf\xe8\xa2\xab\xe6\xb7\xb9\xe3\x80\x82\n";
    np_cleaner *c = chrome_cleaner();
    REQUIRE(c != NULL);
    const np_article *a;
    REQUIRE(clean_text(c, "zh", text, &a) == NP_OK);
    CHECK_STR(a->title, "\xe6\x9a\xb4\xe9\x9b\xa8\xe8\xa2\xad\xe5\x87\xbb\xe5\x8d\x97\xe6\x96\xb9\xe5\x9f\x8e\xe5\xb8\x82");
    CHECK(a->n_paragraphs == 1 && a->words == 17);
    if (a->n_paragraphs != 1 || a->words != 17)
        printf("     (%zu paragraphs, %zu words)\n", a->n_paragraphs, a->words);
    CHECK_STR(a->lang, "zh");
    np_cleaner_free(c);
}

/* Reading times, "listen to this article" and advertisement labels as
 * German, French, Spanish, Italian, Portuguese and Dutch pages write them. */
TEST(clean_reading_time_and_labels_in_other_languages)
{
    static const line_case cases[] = {
        { "Lesezeit: 3 Minuten", "meta" }, { "Temps de lecture : 3 min", "meta" },
        { "Tiempo de lectura: 3 minutos", "meta" }, { "Tempo di lettura: 4 minuti", "meta" },
        { "Tempo de leitura: 2 min", "meta" }, { "Leestijd 4 minuten", "meta" },
        { "Artikel anh\xc3\xb6ren", "nav" }, { "\xc3\x89" "couter cet article", "nav" },
        { "Escuchar este art\xc3\xad" "culo", "nav" }, { "Advertentie", "promo" },
    };
    check_line_kinds("Pegel der Donau steigt weiter an\n%s\n\nDer Pegel der Donau in Passau ist am Dienstag auf "
                     "neun Meter gestiegen, und die Stadt hat mehrere Stra\xc3\x9f" "en gesperrt.\n",
                     cases, sizeof cases / sizeof *cases);
}

/* A record's title that ends with the site's name ("... | The Harbor
 * Daily", as a page's <title> does) still finds the headline repeated as
 * the text's first line: the line is the title's, not a paragraph. */
TEST(clean_given_title_with_site_name)
{
    static const char text[] =
        "Port reopens after three-week strike\n\nThe Port of Harborton reopened on Thursday after a strike "
        "of 23 days, and the first ships were unloaded by noon.\n";
    static const char *const titles[] = { "Port reopens after three-week strike | The Harbor Daily",
                                          "Port reopens after three-week strike - The Harbor Daily",
                                          "Port reopens after three-week strike \xef\xbd\x9c Harbor" };
    np_cleaner *c = chrome_cleaner();
    REQUIRE(c != NULL);
    for (size_t k = 0; k < sizeof titles / sizeof *titles; k++) {
        np_record r = { .id = "t", .text = text, .text_len = sizeof text - 1, .path = "t.txt", .title = titles[k] };
        const np_article *a;
        REQUIRE(np_clean(c, &r, &a) == NP_OK);
        CHECK(a->n_paragraphs == 1 && !body_has(a, "Port reopens after"));
        CHECK_STR(kind_of(a, "Port reopens after three-week strike"), "title");
    }
    /* a first line that only opens the title is not it */
    np_record r = { .id = "t", .text = text, .text_len = sizeof text - 1, .path = "t.txt",
                    .title = "Port reopens after three-week strike ends" };
    const np_article *a;
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK(body_has(a, "Port reopens after"));
    np_cleaner_free(c);
}

/* "Read also" links, skip links, share labels and date lines in Swedish,
 * Danish, Polish, Turkish, Russian and Ukrainian; cookie notices and
 * newsletter pitches in Swedish, Danish and Polish. */
TEST(clean_links_and_labels_in_more_languages)
{
    static const line_case cases[] = {
        { "L\xc3\xa4s ocks\xc3\xa5: Regeringen l\xc3\xa4gger fram ny budget", "related" },
        { "L\xc3\xa6s ogs\xc3\xa5: Regeringen freml\xc3\xa6gger nyt budget", "related" },
        { "Czytaj te\xc5\xbc: Rz\xc4\x85" "d przedstawia nowy bud\xc5\xbc" "et", "related" },
        { "Ayr\xc4\xb1" "ca okuyun: H\xc3\xbck\xc3\xbcmet yeni b\xc3\xbct\xc3\xa7" "eyi sundu", "related" },
        { "\xd0\xa7\xd0\xb8\xd1\x82\xd0\xb0\xd0\xb9\xd1\x82\xd0\xb5 \xd1\x82\xd0\xb0\xd0\xba\xd0\xb6\xd0\xb5: "
          "\xd0\x9f\xd1\x80\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x82\xd0\xb5\xd0\xbb\xd1\x8c\xd1\x81\xd1\x82\xd0\xb2\xd0\xbe", "related" },
        { "Hoppa till huvudinneh\xc3\xa5llet", "nav" }, { "G\xc3\xa5 til indhold", "nav" },
        { "Przejd\xc5\xba do tre\xc5\x9b" "ci", "nav" },
        { "\xd0\x9f\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb9\xd1\x82\xd0\xb8 \xd0\xba "
          "\xd1\x81\xd0\xbe\xd0\xb4\xd0\xb5\xd1\x80\xd0\xb6\xd0\xb0\xd0\xbd\xd0\xb8\xd1\x8e", "nav" },
        { "Publicerad 4 mars 2025", "meta" }, { "Opublikowano: 4 marca 2025", "meta" },
        /* cookie notices and newsletter pitches */
        { "Vi anv\xc3\xa4nder cookies f\xc3\xb6r att ge dig en b\xc3\xa4ttre upplevelse. L\xc3\xa4s mer", "promo" },
        { "Denne hjemmeside bruger cookies til statistik og annoncer", "promo" },
        { "U\xc5\xbcywamy plik\xc3\xb3w cookie. Dowiedz si\xc4\x99 wi\xc4\x99" "cej", "promo" },
        { "Prenumerera p\xc3\xa5 v\xc3\xa5rt nyhetsbrev", "promo" }, { "Tilmeld dig vores nyhedsbrev", "promo" },
    };
    check_line_kinds("Regeringen presenterar ny budget idag\n%s\n\nRegeringen presenterade p\xc3\xa5 tisdagen en ny "
                     "budget med h\xc3\xb6gre skatt p\xc3\xa5 bensin, och oppositionen kritiserade den genast.\n",
                     cases, sizeof cases / sizeof *cases);
}

/* "Von", "Par", "Por", "di", "Door" open a byline only when names follow:
 * "Von Bremen nach Hamburg" and "Par ailleurs" stay text; a partial date
 * line in another language ("Dienstag, 4. M\xc3\xa4rz", no year) is metadata. */
TEST(clean_byline_openers_need_names)
{
    static const line_case cases[] = {
        { "Par Claire Dubois et Marc Petit", "meta" },
        { "Von Bremen nach Hamburg", "body" },
        { "Par ailleurs, la ville", "body" },
        { "Door de regen", "body" },
        { "Von Anna", "body" },
        { "Dienstag, 4. M\xc3\xa4rz", "meta" },
        { "ter\xc3\xa7" "a-feira, 4 de mar\xc3\xa7o \xc3\xa0s 14h05", "meta" },
        { "Dienstag war ein Tag", "body" },
    };
    check_line_kinds("Pegel der Donau steigt weiter\n%s\n\n"
                     "Der Pegel der Donau in Passau ist am Dienstag auf neun Meter gestiegen, und die Stadt "
                     "hat mehrere Stra\xc3\x9f" "en in der Altstadt gesperrt.\n",
                     cases, sizeof cases / sizeof *cases);
}

/* A note about the author among the last lines ("X is a staff writer at Y")
 * is not the article; a last paragraph that names a writer further on, or
 * one about somebody's job earlier in the text, is. */
TEST(clean_author_note_at_the_end)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    const np_article *a;
    static const char text[] =
        "Harbour town votes to rebuild storm-hit pier\n\n"
        "The harbour board of Dunmore voted on Thursday to rebuild the north pier, which winter storms "
        "cracked in two places, at a cost the board put at four million pounds.\n\n"
        "Mara Quist is a harbour pilot who has worked on the ferry for eleven years, and she said the "
        "vote was the news the town had waited for since the storms.\n\n"
        "The board will borrow half of the money and ask the county for the rest, its chairman said.\n\n"
        "Ana Ruiz is a staff writer at the Coastal covering harbours, fishing and the islands.\n";
    REQUIRE(clean_text(c, "note", text, &a) == NP_OK);
    CHECK(body_has(a, "Mara Quist is a harbour pilot"));
    CHECK(body_has(a, "The board will borrow half"));
    CHECK(!body_has(a, "Ana Ruiz"));
    static const char film[] =
        "Film wins award\n\n"
        "The studio's new film won the festival's top prize on Saturday, its second in three years, after a "
        "week of screenings that drew record crowds to the old harbour cinema.\n\n"
        "Harbour Lights Return is the sequel to the studio's first film, which was adapted from a novel by "
        "the Dunmore writer Ellis Grey.\n";
    REQUIRE(clean_text(c, "film", film, &a) == NP_OK);
    CHECK(body_has(a, "Harbour Lights Return is the sequel"));
    static const char column[] =
        "Why the harbour needs its own radio station\n\n"
        "Every winter the ferry stops for a week or two, and the only way most of the island hears "
        "why is a notice pinned to the door of the harbour office, which is not good enough.\n\n"
        "Tom Keel is a regular commentator on the Coastal's evening programme Harbour Talk.\n";
    REQUIRE(clean_text(c, "column", column, &a) == NP_OK);
    CHECK(body_has(a, "Every winter the ferry stops"));
    CHECK(!body_has(a, "Tom Keel is a regular commentator"));
    np_cleaner_free(c);
}

/* An address for tips and a newsletter's pitch close the text; news that
 * gives an address for the public, or mentions a newsletter, is the text. */
TEST(clean_contact_and_newsletter_lines_at_the_end)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    const np_article *a;
    static const char text[] =
        "Harbour town votes to rebuild storm-hit pier\n\n"
        "The harbour board of Dunmore voted on Thursday to rebuild the north pier, which winter storms "
        "cracked in two places, at a cost the board put at four million pounds.\n\n"
        "Residents can send their views on the design to the board at pier@dunmore.example before the "
        "end of the month, when the plans go on show in the library.\n\n"
        "The board will borrow half of the money and ask the county for the rest, its chairman said.\n\n"
        "Have a tip? Ana Ruiz may be reached at aruiz@coastal.example. Follow her on Twitter @anaruiz.\n\n"
        "Get the latest harbour news right in your inbox. Subscribe to the Coastal's newsletters.\n";
    REQUIRE(clean_text(c, "tips", text, &a) == NP_OK);
    CHECK(body_has(a, "send their views on the design"));
    CHECK(body_has(a, "The board will borrow half"));
    CHECK(!body_has(a, "Have a tip"));
    CHECK(!body_has(a, "Subscribe to the Coastal"));
    static const char news[] =
        "Local paper starts a newsletter\n\n"
        "The Coastal will start a weekly newsletter in March, its editor said on Monday, after readers "
        "asked for a digest of the week's harbour news.\n\n"
        "Readers who subscribe will get the newsletter on Friday mornings, and the first issue will "
        "cover the pier vote.\n";
    REQUIRE(clean_text(c, "newsletter", news, &a) == NP_OK);
    CHECK(body_has(a, "Readers who subscribe will get the newsletter"));
    np_cleaner_free(c);
}

/* A page's tags after the word "Tags" without a colon are not the text; a
 * sentence that opens with the word is. */
TEST(clean_tag_list_without_colon)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    const np_article *a;
    static const char text[] =
        "Ferry timetable changes for the winter\n\n"
        "The island ferry will sail four times a day from November to March, down from seven, the "
        "operator said on Tuesday, citing the cost of fuel and a shortage of crew.\n\n"
        "Tags ferry timetable, island ferry, winter sailings, harbour news\n\n"
        "Tags fitted to the ferry's life rafts last year showed that two had not been inspected, the "
        "operator said, and both have since been replaced.\n";
    REQUIRE(clean_text(c, "tags", text, &a) == NP_OK);
    CHECK(!body_has(a, "winter sailings"));
    CHECK(body_has(a, "fitted to the ferry's life rafts"));
    CHECK(a->n_paragraphs == 2);
    np_cleaner_free(c);
}

/* Fixtures or nominees that end the article after a plain sentence are
 * the article's (most items of one shape: "A v B", "Name (Show, Channel)");
 * headlines of other stories there are links. */
TEST(clean_trailing_fixtures_and_nominees_kept)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    const np_article *a;
    static const char fixtures[] =
        "Harbour Town draw Kestrel Rovers in the cup\n\n"
        "Harbour Town will play Kestrel Rovers at home in the fourth round of the county cup, the draw "
        "made on Monday night at the league's offices in Tarrow decided.\n\n"
        "Harbour Town v Kestrel Rovers\n\n"
        "Dunmore or Saltmere v Orvanne United\n\n"
        "Tarrow Athletic v Callisford\n\n"
        "Marrow Bay v Larkin Coast or Oastby\n";
    REQUIRE(clean_text(c, "cup", fixtures, &a) == NP_OK);
    CHECK(body_has(a, "Tarrow Athletic v Callisford"));
    CHECK(a->n_paragraphs == 5);
    static const char nominees[] =
        "Coastal comedy awards go to the islands\n\n"
        "The island sitcom Low Tide won best comedy at the Coastal awards on Saturday night, "
        "beating two shows made in the city.\n\n"
        "Mara Quist (Low Tide, Channel Nine)\n\n"
        "Tom Keel (Harbour Lights, Coastal One)\n\n"
        "Ana Ruiz (The Pier, Channel Nine)\n";
    REQUIRE(clean_text(c, "awards", nominees, &a) == NP_OK);
    CHECK(body_has(a, "Tom Keel (Harbour Lights"));
    static const char links[] =
        "Coastal comedy awards go to the islands\n\n"
        "The island sitcom Low Tide won best comedy at the Coastal awards on Saturday night, "
        "beating two shows made in the city.\n\n"
        "Ferry timetable changes for the winter\n\n"
        "Harbour board approves new pier\n\n"
        "School wing opens in Dunmore\n";
    REQUIRE(clean_text(c, "links", links, &a) == NP_OK);
    CHECK(!body_has(a, "Harbour board approves"));
    np_cleaner_free(c);
}

/* A question put to each candidate in turn is printed once per answer: it
 * is the article's each time; a share line printed twice is a repeat. */
TEST(clean_question_asked_again_is_body)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    np_cleaner_explain(c, 1);
    static const char text[] =
        "Three candidates for harbour mayor answer our questions\n\n"
        "Share this article on social media\n\n"
        "Mara Quist, harbour pilot\n\n"
        "What would you do first about the north pier?\n\n"
        "I would ask the county for the money on my first day, because the pier is cracked in two places "
        "and every winter makes it worse for the ferry and the fishing boats.\n\n"
        "Tom Keel, shopkeeper\n\n"
        "What would you do first about the north pier?\n\n"
        "The pier can wait a season; the school roof cannot, and I would put the town's own money there "
        "before we borrow a penny for concrete on the waterfront.\n\n"
        "Share this article on social media\n";
    const np_article *a;
    REQUIRE(clean_text(c, "survey", text, &a) == NP_OK);
    size_t asked = 0;
    for (size_t i = 0; i < a->n_paragraphs; i++)
        asked += strstr(a->paragraphs[i], "What would you do first") != NULL;
    CHECK(asked == 2);
    CHECK(!body_has(a, "Share this article"));
    np_cleaner_free(c);
}

/* An outlet's disclaimer after the news is not the article; a long last
 * paragraph of news that happens to hold two of its cues ("may not be",
 * "prohibited") is. */
TEST(clean_long_news_with_disclaimer_words_is_body)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    const np_article *a;
    static const char text[] =
        "Ferry crew suspended over harbour photographs\n\n"
        "A ferry steward from Dunmore has been suspended after she posted photographs of the harbour "
        "crossing on her own website, the ferry company confirmed on Monday.\n\n"
        "A lawyer who advises the harbour unions said crews were often unsure what they may not be "
        "allowed to post about their work, and that the company's handbook, which says photographs "
        "taken on duty are prohibited, had not been shown to new staff for several years. He said "
        "the union would ask the company to publish a clear rule before the summer timetable starts, "
        "so that nobody else would lose pay over pictures of the sea, the pier or the passengers' "
        "dogs, and that the steward would appeal against the suspension at a hearing next month.\n\n"
        "This material may not be published, broadcast or redistributed without permission. "
        "All rights reserved.\n";
    REQUIRE(clean_text(c, "ferry", text, &a) == NP_OK);
    CHECK(body_has(a, "A lawyer who advises the harbour unions"));
    CHECK(!body_has(a, "This material may not be"));
    np_cleaner_free(c);
}

/* A list of the article's own after its last sentence (a ranking, results
 * introduced by a colon, the rest of a bulleted list) is the article; one
 * short line after a colon, and the comment prompt, are not. */
TEST(clean_trailing_list_of_the_article)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    const np_article *a;
    static const char ranked[] =
        "Dunmore rowers top the winter rankings\n\n"
        "The Dunmore harbour club finished the winter season at the top of the county rankings, "
        "ahead of two clubs from the islands, the county rowing board said on Monday.\n\n"
        "1 Dunmore Harbour (Dunmore)\n"
        "2 North Sound (Island of Keel)\n"
        "3 Saltmarsh Rowing (Keel)\n"
        "1 Mara Quist (Dunmore)\n"
        "2 Ellis Grey (Saltmarsh)\n\n"
        "Have your say: join the discussion below.\n";
    REQUIRE(clean_text(c, "ranked", ranked, &a) == NP_OK);
    CHECK(body_has(a, "3 Saltmarsh Rowing"));
    CHECK(body_has(a, "2 Ellis Grey"));
    CHECK(!body_has(a, "Have your say"));
    static const char colon[] =
        "Ferry timetable changes for the summer\n\n"
        "The ferry company has published its summer timetable, with two more crossings on weekdays and "
        "an earlier last boat on Sundays, and the new times are as follows:\n\n"
        "Dunmore to Keel 07:10\n"
        "Keel to Dunmore 08:05\n"
        "Dunmore to Keel 12:40\n";
    REQUIRE(clean_text(c, "colon", colon, &a) == NP_OK);
    CHECK(body_has(a, "Keel to Dunmore 08:05"));
    static const char bulleted[] =
        "Theatre awards go to the harbour players\n\n"
        "- Best new play - The Pier by Ellis Grey, which the harbour players staged in the old fish market "
        "for six weeks last spring\n"
        "- Best actor - Tom Keel for The Pier\n"
        "- Best director - Ana Ruiz for The Pier\n";
    REQUIRE(clean_text(c, "bulleted", bulleted, &a) == NP_OK);
    CHECK(body_has(a, "Best director - Ana Ruiz"));
    static const char one[] =
        "Harbour board meets on Thursday\n\n"
        "The harbour board will meet on Thursday to choose a builder for the north pier, and the "
        "chairman has asked the three bidders to present their plans in person to the board:\n\n"
        "Tell us what you think at the harbour office\n";
    REQUIRE(clean_text(c, "one", one, &a) == NP_OK);
    CHECK(body_has(a, "The harbour board will meet"));
    CHECK(!body_has(a, "Tell us what you think"));
    np_cleaner_free(c);
}

/* The chrome around a page's text: a breadcrumb trail, the outlet's name
 * with its section, a "listen" button, a reading time, the social
 * networks to follow, a "distributed by" line; not a sentence that names
 * them. */
TEST(clean_breadcrumbs_and_follow_lines)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    const np_article *a;
    static const char text[] =
        "The Harbor Daily | Business\n"
        "Home > Business > Ports\n"
        "Listen to this article (4 min)\n"
        "Reading time: 3 minutes\n\n"
        "Ferry operator orders two electric boats\n\n"
        "The Dunmore ferry company has ordered two electric boats for the island crossing, which it "
        "expects to sail from the spring of next year, its chief executive said on Monday.\n\n"
        "The boats will charge at the north pier, where the harbour board is building a substation.\n\n"
        "Islanders asked the company to follow the harbour board's lead on Facebook, where it posts the tides.\n\n"
        "Follow The Harbor Daily on Facebook and Instagram for the latest news.\n\n"
        "Distributed by Coastal Wire.\n";
    REQUIRE(clean_text(c, "chrome", text, &a) == NP_OK);
    CHECK(body_has(a, "The boats will charge"));
    CHECK(body_has(a, "Islanders asked the company to follow"));
    static const char *const chrome[] = { "| Business", "Home >", "Listen to", "Reading time", "Follow The Harbor",
                                          "Distributed by" };
    for (size_t i = 0; i < sizeof chrome / sizeof *chrome; i++)
        CHECK(!body_has(a, chrome[i]));
    np_cleaner_free(c);
}

/* A title loses the site's name after its last separator when that name
 * is the article's source, written as a name or a domain; other titles,
 * and titles that would keep fewer than three words, stay whole. */
TEST(clean_title_without_site_name)
{
    static const struct {
        const char *title, *source;
        size_t kept; /* bytes of the title kept */
    } cases[] = {
        { "Port strike ends after nine days | The Harbor Daily", "harbordaily.example", 32 },
        { "Port strike ends after nine days - Harbor Daily News", "www.harbordaily.co.uk", 32 },
        { "Port strike ends after nine days \xe2\x80\x94 Harbordaily.com", "Harbor Daily", 32 },
        { "Port strike ends after nine days  | Harbor Daily", "The Harbor Daily Online Edition", 32 },
        /* every separator: an en dash, two colons, a middle dot */
        { "Port strike ends after nine days \xe2\x80\x93 Harbor Daily", "harbordaily.example", 32 },
        { "Port strike ends after nine days :: Harbor Daily", "harbordaily.example", 32 },
        { "Port strike ends after nine days \xc2\xb7 Harbor Daily", "harbordaily.example", 32 },
        { "Port strike ends after nine days : Harbor Daily", "harbordaily.example", 47 },
        { "Port strike - the unions speak | Harbor Daily", "harbordaily.example", 30 },
        { "Port strike ends after nine days | Opinion", "harbordaily.example", 42 },
        { "Port strike | Harbor Daily", "harbordaily.example", 26 },
        { "Roger Federer - nice bloke", "harbordaily.example", 26 },
        { "Port strike ends after nine days | Harbor Daily", NULL, 47 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t got = meta_title_without_site(cases[i].title, strlen(cases[i].title), cases[i].source);
        if (got != cases[i].kept)
            fprintf(stderr, "    \"%s\" (%s): kept %zu, want %zu\n", cases[i].title,
                    cases[i].source ? cases[i].source : "no source", got, cases[i].kept);
        CHECK(got == cases[i].kept);
    }
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    static const char body[] = "The ferry crews of Dunmore voted on Monday to strike from next week over pay.";
    np_record r = { .id = "t", .title = "Ferry crews vote to strike | The Harbor Daily",
                    .source = "harbordaily.example", .text = body, .text_len = sizeof body - 1 };
    const np_article *a;
    REQUIRE(np_clean(c, &r, &a) == NP_OK);
    CHECK(a->title && strcmp(a->title, "Ferry crews vote to strike") == 0);
    np_cleaner_free(c);
}

/* Random short lines of closing credits, their pieces, words that share
 * their first bytes ("report", "reporter", "orig") and other words: the
 * credits found in one pass over the line (a needle set) make a line an
 * end marker exactly when searching for each in turn does. */
TEST(clean_end_marker_one_pass_agrees)
{
    static const char *const parts[] = {
        "Reporting by ", "reporting", "report", "reporter ", "REPO", "With additional reporting ",
        "Editing by ", "edit", "editor", "contributed", "Contributed to this report", "contribut",
        "originally appeared", "Originally", "orig", "appeared ", "first appeared on ", "provided",
        "was provided by", "republish", "is republished from", "writing", "Writing by ", "story has",
        "This story has been", "This article ", "this article was amended", "this ", "was ", "by ",
        "Jo Lee", " and ", ", ", ".", " ", "the ", "news ", "\xc3\xa9", "a", "q",
    };
    size_t marked = 0;
    CHECK(fast_differs_from_plain(parts, sizeof parts / sizeof *parts, 10, 0xbb67ae8584caa73bULL,
                                  boilerplate_end_marker, &marked) == 0);
    CHECK(marked > 2000 && marked < 19000);
}

/* A Thai page: its words run together, a space between clauses.  Its
 * headline was read as a header line of a few long "words" and its first
 * paragraph taken for the title; the article counted 7 words.  Counted
 * by the dictionary's words, the headline is the title, every paragraph
 * is body, and the count is the words the analysis reads. */
TEST(clean_thai_article_title_and_words)
{
    np_cleaner *c;
    REQUIRE(np_cleaner_new(&c, NULL) == NP_OK);
    const np_article *a;
    static const char text[] =
        "น้ำท่วมหนักในจังหวัดสมุทรนคร ชาวบ้านกว่าสองพันครัวเรือนได้รับผลกระทบ\n\n"
        "ฝนตกหนักต่อเนื่องตลอดสามวันที่ผ่านมาทำให้แม่น้ำสายหลักของจังหวัดสมุทรนครล้นตลิ่ง "
        "น้ำได้ไหลเข้าท่วมบ้านเรือนประชาชนในหลายอำเภอ\n\n"
        "ผู้ว่าราชการจังหวัดกล่าวว่า ขณะนี้มีครัวเรือนได้รับผลกระทบมากกว่าสองพันครัวเรือน "
        "ถนนสายหลักหลายสายถูกตัดขาด และรถยนต์ขนาดเล็กไม่สามารถสัญจรได้\n\n"
        "กรมอุตุนิยมวิทยาคาดการณ์ว่าฝนจะยังคงตกต่อเนื่องอีกอย่างน้อยสองวัน\n";
    REQUIRE(clean_text(c, "flood", text, &a) == NP_OK);
    CHECK_STR(a->lang, "th");
    CHECK_STR(a->title, "น้ำท่วมหนักในจังหวัดสมุทรนคร ชาวบ้านกว่าสองพันครัวเรือนได้รับผลกระทบ");
    CHECK(a->n_paragraphs == 3);
    CHECK(a->words >= 50 && a->words <= 100);
    if (a->n_paragraphs != 3 || a->words < 50 || a->words > 100)
        printf("     (%zu paragraphs, %zu words)\n", a->n_paragraphs, a->words);
    np_cleaner_free(c);
}
