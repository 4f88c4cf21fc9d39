/* unit_html: article text and metadata out of web pages written here. */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "text/html.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = malloc(1 << 20);
    *len = data ? fread(data, 1, 1 << 20, f) : 0;
    fclose(f);
    return data;
}

TEST(html_page_body_and_metadata)
{
    size_t len;
    char *data = read_file("tests/data/page.html", &len);
    REQUIRE(data != NULL);
    html_page page;
    REQUIRE(html_extract(data, len, NULL, &page) == NP_OK);
    CHECK_STR(page.title, "Ferry link to Tarrin Island restored after storm");
    CHECK_STR(page.date, "2025-04-02T08:15:00+01:00");
    CHECK_STR(page.site, "The Bay Courier");
    const char *text = page.text.data ? page.text.data : "";
    CHECK(strstr(text, "The ferry between Marrow Bay") != NULL);
    CHECK(strstr(text, "at a cost of about 1.2 million euros.") != NULL);
    /* chrome of every kind stays out */
    static const char *const chrome[] = { "Share on", "cookies", "Storm closes coast road",
                                          "Well done to the engineers", "Most read",
                                          "All rights reserved", "Photo: Bay Courier", "var tracking" };
    for (size_t i = 0; i < sizeof chrome / sizeof *chrome; i++)
        CHECK(strstr(text, chrome[i]) == NULL);
    html_page_free(&page);
    free(data);
}

TEST(html_broken_pages)
{
    html_page page;
    /* truncated markup still gives its text */
    const char *cut = "<html><body><div class=\"story\"><p>The council met on Monday and agreed the "
                      "budget for the new library, which opens next spring in the old mill";
    REQUIRE(html_extract(cut, strlen(cut), NULL, &page) == NP_OK);
    CHECK(page.text.data && strstr(page.text.data, "The council met on Monday") != NULL);
    html_page_free(&page);
    /* deep nesting is cut off, not walked to the bottom */
    size_t depth = 20000, n = 0;
    char *deep = malloc(depth * 11 + 64);
    REQUIRE(deep != NULL);
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(deep + n, "<div>");
    n += (size_t)sprintf(deep + n, "<p>bottom</p>");
    CHECK(html_extract(deep, n, NULL, &page) == NP_OK);
    html_page_free(&page);
    free(deep);
    /* nothing at all */
    CHECK(html_extract("", 0, NULL, &page) != NP_OK || page.text.len == 0);
    html_page_free(&page);
}

TEST(html_json_ld_cross_check)
{
    /* the visible page shows a teaser only; the publisher's JSON-LD holds
     * the whole article, its headline, date and name */
    const char *page =
        "<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
        "\"@type\":\"NewsArticle\",\"headline\":\"Lighthouse keepers return to Skerry Point\","
        "\"datePublished\":\"2025-05-06T07:00:00Z\",\"publisher\":{\"@type\":\"Organization\","
        "\"name\":\"Coast Weekly\"},\"articleBody\":\"For the first time in forty years, keepers will "
        "live at the Skerry Point lighthouse this summer, the maritime trust said on Tuesday. The trust "
        "will train four volunteers to run the light by hand during a month of repairs to its automatic "
        "lamp. The keepers' cottage, empty since 1985, has been rewired and given a new roof. Visitors "
        "may climb the tower on Saturdays while the keepers are there, the trust added, and a small "
        "exhibition about the station's history will open in the old oil store.\"}</script></head>"
        "<body><div class=\"teaser\"><p>For the first time in forty years, keepers will live at the "
        "lighthouse.</p></div></body></html>";
    html_page p;
    REQUIRE(html_extract(page, strlen(page), NULL, &p) == NP_OK);
    CHECK_STR(p.title, "Lighthouse keepers return to Skerry Point");
    CHECK_STR(p.date, "2025-05-06T07:00:00Z");
    CHECK_STR(p.site, "Coast Weekly");
    CHECK(p.text.data && strstr(p.text.data, "exhibition about the station's history") != NULL);
    html_page_free(&p);
}
