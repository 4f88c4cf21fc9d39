/* unit_html: article text and metadata out of web pages written here. */
#include <stdio.h>
#include <stdlib.h>

#include "common/buf.h"
#include "test.h"
#include "text/html.h"
#include "text/htmltree.h"

TEST(html_page_body_and_metadata)
{
    size_t len;
    char *data = test_read_file("tests/data/page.html", &len);
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

/* An article in two columns under 700 nested wrappers (past the parser's
 * depth limit, whose extra <div>s become siblings at the deepest level):
 * the extractor climbs from the better column through the wrappers to the
 * one that holds both, each wrapper's prose summed from its child's, and
 * keeps both columns and nothing of the empty wrappers' siblings. */
static np_status append_text(buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

TEST(html_deep_wrappers_keep_both_columns)
{
    buf page;
    buf_init(&page, NULL);
    REQUIRE(append_text(&page, "<!doctype html><html><head><title>Deep</title></head><body>") == NP_OK);
    for (int i = 0; i < 700; i++)
        REQUIRE(append_text(&page, "<div>") == NP_OK);
    static const char *const columns[2][3] = {
        { "The ferry between Marrow Bay and Tarrin Island ran again on Tuesday, after a storm, three days of "
          "high winds and a closed harbour had kept it in port.",
          "Engineers from the port authority, working through the night, repaired the ramp and the mooring "
          "lines that the waves had torn loose.",
          "The operator said the first crossing, at seven in the morning, carried 140 passengers and a "
          "dozen cars, most of them islanders returning home." },
        { "Island shops, short of bread, milk and fuel since the weekend, were restocked by the afternoon "
          "crossing, the council said.",
          "A second boat, chartered from Orvale, will run on the route until Friday, so that the backlog "
          "of freight can be cleared.",
          "The storm, the worst on that coast in a decade, also closed the coast road for a day, and "
          "brought down power lines near Quist." } };
    for (int c = 0; c < 2; c++) {
        REQUIRE(append_text(&page, "<div>") == NP_OK);
        for (int k = 0; k < 3; k++) {
            REQUIRE(append_text(&page, "<p>") == NP_OK);
            REQUIRE(append_text(&page, columns[c][k]) == NP_OK);
            REQUIRE(append_text(&page, "</p>") == NP_OK);
        }
        REQUIRE(append_text(&page, "</div>") == NP_OK);
    }
    for (int i = 0; i < 700; i++)
        REQUIRE(append_text(&page, "</div>") == NP_OK);
    REQUIRE(append_text(&page, "</body></html>") == NP_OK);
    html_page out;
    REQUIRE(html_extract(page.data, page.len, NULL, &out) == NP_OK);
    const char *text = out.text.data ? out.text.data : "";
    for (int c = 0; c < 2; c++)
        for (int k = 0; k < 3; k++)
            CHECK(strstr(text, columns[c][k]) != NULL);
    html_page_free(&out);
    buf_free(&page);
}

/* A page whose chrome is named in German (tests/data/chrome/de-classes.html:
 * "artikel-teilen", "verwandte-artikel", "kommentare"): its share box,
 * related stories and comments, each as long as prose, stay out. */
TEST(html_chrome_classes_in_other_languages)
{
    size_t len;
    char *data = test_read_file("tests/data/chrome/de-classes.html", &len);
    REQUIRE(data != NULL);
    html_page page;
    REQUIRE(html_extract(data, len, NULL, &page) == NP_OK);
    const char *text = page.text.data ? page.text.data : "";
    CHECK(strstr(text, "Der Pegel der Donau") != NULL && strstr(text, "Der Deutsche Wetterdienst") != NULL);
    static const char *const chrome[] = { "Facebook", "Schon im vergangenen Jahr", "Regensburg", "Hans Meier",
                                          "Petra Schulz" };
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
    /* a paragraph below the depth cap inside inline elements (<font>s
     * unclosed) is still a paragraph: its text was once run into the
     * deepest <font> and dropped with it */
    depth = 2 * HT_MAX_DEPTH;
    n = 0;
    deep = malloc(depth * 6 + 256);
    REQUIRE(deep != NULL);
    n += (size_t)sprintf(deep + n, "<html><body>");
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(deep + n, "<font>");
    n += (size_t)sprintf(deep + n, "<p>The harbour reopened on Friday after the strike ended, officials "
                                   "said in a statement to reporters at the gate.</p>");
    REQUIRE(html_extract(deep, n, NULL, &page) == NP_OK);
    CHECK(page.text.data && strstr(page.text.data, "The harbour reopened on Friday") != NULL);
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

/* The text of a tree, one "[tag]" per element and its text, to check shapes. */
static void tree_shape(const ht_node *n, char *out, size_t cap, size_t *len)
{
    for (const ht_node *c = n->first; c; c = c->next) {
        int w;
        if (c->type == HT_TEXT)
            w = snprintf(out + *len, cap - *len, "%.*s", (int)c->len, c->text);
        else
            w = snprintf(out + *len, cap - *len, "[%s", c->name);
        if (w < 0 || (size_t)w >= cap - *len)
            return;
        *len += (size_t)w;
        if (c->type == HT_ELEMENT) {
            tree_shape(c, out, cap, len);
            if (*len + 1 < cap) {
                out[(*len)++] = ']';
                out[*len] = '\0';
            }
        }
    }
}

static int parses_as(const char *html, const char *charset, const char *want)
{
    ht_doc doc;
    char got[1024] = "";
    size_t len = 0;
    if (ht_parse(&doc, html, strlen(html), charset) != NP_OK) {
        ht_free(&doc);
        return 0;
    }
    tree_shape(doc.root, got, sizeof got, &len);
    ht_free(&doc);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "  parsed %s\n  as     %s\n  wanted %s\n", html, got, want);
    return strcmp(got, want) == 0;
}

TEST(html_tree_shapes)
{
    /* a <p> is closed by the next block, an <li> by the next item */
    CHECK(parses_as("<body><p>one<p>two<div>three</div><ul><li>a<li>b</ul>", NULL,
                    "[body[pone][ptwo][divthree][ul[lia][lib]]]"));
    /* a stray end tag closes nothing outside its scope */
    CHECK(parses_as("<div><span>x</div>y</span>z", NULL, "[div[spanx]]yz"));
    CHECK(parses_as("<table><tr><td><div>a</td><td>b</table>c", NULL,
                    "[table[tr[td[diva]][tdb]]]c"));
    /* void and self-closing elements hold nothing; svg's "/>" closes */
    CHECK(parses_as("<p>a<br>b<img src=x>c</p><svg><path/><g/></svg>d", NULL,
                    "[pa[br]b[img]c][svg[path][g]]d"));
    /* script and style are raw text up to their own end tag */
    CHECK(parses_as("<script>if (a < b) document.write('</div><p>')</script><p>x", NULL,
                    "[scriptif (a < b) document.write('</div><p>')][px]"));
    /* comments, doctypes and a '<' that starts no tag */
    CHECK(parses_as("<!DOCTYPE html><!-- <p>hidden</p> --><p>1 < 2 <3</p>", NULL, "[p1 < 2 <3]"));
    /* character references, with and without ';', in text and attributes */
    CHECK(parses_as("<p title=x>&amp;&lt;&eacute;&#233;&#xE9;&nbsp;&copy &amp x&#150;&bogus;</p>", NULL,
                    "[p&<\xC3\xA9\xC3\xA9\xC3\xA9\xC2\xA0&copy & x\xE2\x80\x93&bogus;]"));
    /* a heading closes an open heading, <a> an open <a> */
    CHECK(parses_as("<h2>a<h3>b</h3><a href=1>x<a href=2>y</a>", NULL, "[h2a][h3b][ax][ay]"));
    /* cut off inside a tag or a comment: what came before stays */
    CHECK(parses_as("<p>kept</p><div class=\"cut", NULL, "[pkept]"));
    CHECK(parses_as("<p>kept</p><!-- cut", NULL, "[pkept]"));
}

TEST(html_tree_attributes)
{
    ht_doc doc;
    const char *html = "<div CLASS='story body' data-x=\"1\" id=main hidden><meta content=\"a&amp;b\">";
    REQUIRE(ht_parse(&doc, html, strlen(html), NULL) == NP_OK);
    const ht_node *div = doc.root->first;
    REQUIRE(div && div->tag == HT_DIV);
    CHECK_STR(ht_attr_get(div, "class"), "story body");
    CHECK_STR(ht_attr_get(div, "id"), "main");
    CHECK_STR(ht_attr_get(div, "hidden"), "");
    CHECK(ht_attr_get(div, "data-x") == NULL); /* not kept */
    REQUIRE(div->first && div->first->tag == HT_META);
    CHECK_STR(ht_attr_get(div->first, "content"), "a&b");
    ht_free(&doc);
}

TEST(html_tree_charsets)
{
    /* Latin-1 declared in <meta>, in the HTTP header, or said to be UTF-8
     * while it is not: all come out UTF-8 */
    CHECK(parses_as("<meta charset=\"iso-8859-1\"><p>caf\xE9</p>", NULL, "[meta][pcaf\xC3\xA9]"));
    CHECK(parses_as("<p>caf\xE9 \x93quoted\x94</p>", "windows-1252", "[pcaf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D]"));
    CHECK(parses_as("<meta charset=utf-8><p>caf\xE9 na\xEFve</p>", NULL, "[meta][pcaf\xC3\xA9 na\xC3\xAFve]"));
    /* valid UTF-8 is kept as it is, a stray bad byte left for the cleaner */
    CHECK(parses_as("<p>caf\xC3\xA9 na\xC3\xAFve \xFF</p>", NULL, "[pcaf\xC3\xA9 na\xC3\xAFve \xFF]"));
    /* other charsets through iconv: KOI8-R from the HTTP header */
    CHECK(parses_as("<p>\xF0\xD2\xC9\xD7\xC5\xD4</p>", "koi8-r", "[p\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82]"));
    /* a UTF-16 page with its byte-order mark */
    static const char utf16[] = "\xFF\xFE<\0p\0>\0h\0i\0<\0/\0p\0>\0";
    ht_doc doc;
    REQUIRE(ht_parse(&doc, utf16, sizeof utf16 - 1, NULL) == NP_OK);
    CHECK(doc.root->first && doc.root->first->tag == HT_P && doc.root->first->first &&
          doc.root->first->first->len == 2 && memcmp(doc.root->first->first->text, "hi", 2) == 0);
    ht_free(&doc);
    /* an unknown charset name is read as UTF-8 */
    CHECK(parses_as("<p>caf\xC3\xA9</p>", "x-no-such-charset", "[pcaf\xC3\xA9]"));
}

TEST(html_tree_hostile_nesting)
{
    /* 100k unclosed elements: flattened at the depth cap, every text kept */
    size_t depth = 100000, n = 0;
    char *deep = malloc(depth * 12 + 64);
    REQUIRE(deep != NULL);
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(deep + n, i % 2 ? "<div>" : "<span>x");
    deep[n] = '\0';
    ht_doc doc;
    REQUIRE(ht_parse(&doc, deep, n, NULL) == NP_OK);
    size_t texts = 0, max_depth = 0;
    for (const ht_node *c = doc.root; c;) {
        size_t d = 0;
        for (const ht_node *p = c; p->parent; p = p->parent)
            d++;
        max_depth = d > max_depth ? d : max_depth;
        texts += c->type == HT_TEXT;
        if (c->first) {
            c = c->first;
            continue;
        }
        while (c && !c->next)
            c = c->parent;
        if (c)
            c = c->next;
    }
    CHECK(texts == depth / 2);
    CHECK(max_depth <= HT_MAX_DEPTH + 1);
    ht_free(&doc);
    free(deep);
}

/* The body of a page written inline; NULL when extraction fails. */
static char *body_of(const char *html)
{
    html_page p;
    if (html_extract(html, strlen(html), NULL, &p) != NP_OK)
        return NULL;
    char *text = strdup(p.text.data ? p.text.data : "");
    html_page_free(&p);
    return text;
}

TEST(html_div_lines_in_spans_are_paragraphs)
{
    /* no <p> at all: each paragraph is a <div> whose words sit in <span>s,
     * as blog editors write them; the sidebar's links are not the body */
    const char *page =
        "<html><body><div class=\"outer\"><div class=\"post-body\">"
        "<div><span><span>The river rose two metres overnight and the old stone bridge at Pellow was "
        "closed to traffic before dawn, the county said.</span></span></div>"
        "<div><span>Engineers will inspect the arches when the water falls, which may take a week, "
        "and a ferry will carry foot passengers meanwhile.</span></div>"
        "<div><span><b>Schools</b> in the valley stay open, though two buses will take a longer road "
        "around the flooded fields until further notice.</span></div>"
        "</div><div class=\"links\"><ul><li><a href=\"/1\">Weather</a></li><li><a href=\"/2\">Roads</a>"
        "</li></ul></div></div></body></html>";
    char *text = body_of(page);
    REQUIRE(text != NULL);
    CHECK(strstr(text, "The river rose two metres") != NULL);
    CHECK(strstr(text, "a ferry will carry foot passengers") != NULL);
    CHECK(strstr(text, "Schools in the valley stay open") != NULL);
    CHECK(strstr(text, "Weather") == NULL);
    free(text);
}

TEST(html_blocks_inside_a_block_stay_apart)
{
    /* a <div> with its own line of text and <p>s inside it: each is its own
     * paragraph, not run into the one before ("why:The") */
    const char *page =
        "<html><body><article><div>Here is the council's answer, in full, as read out on Monday "
        "evening to the members of the public who came to ask why:"
        "<p>The new road will be built across the common, because the old road floods every winter "
        "and the ambulance station is on the other side of it.</p>"
        "<p>Work starts in April, and the common's footpaths will stay open, with a bridge where the "
        "road crosses the main path to the village school.</p></div></article></body></html>";
    char *text = body_of(page);
    REQUIRE(text != NULL);
    CHECK(strstr(text, "ask why:\n\nThe new road") != NULL);
    CHECK(strstr(text, "other side of it.\n\nWork starts") != NULL);
    free(text);
}

TEST(html_article_split_under_deep_wrappers)
{
    /* one article cut into three sections, each behind several wrappers
     * that hold nothing else: the wrappers do not count as steps up */
    char page[8192];
    size_t n = (size_t)snprintf(page, sizeof page, "<html><body><div class=\"post\">");
    static const char *const parts[] = {
        "The harbour board voted on Thursday to dredge the channel, after two cargo ships ran aground "
        "in a month, and to charge a small fee on every berth to pay for it.",
        "Fishermen said the fee was fair, though some asked that it start after the herring season, "
        "when their boats earn enough to pay it without borrowing.",
        "The dredger arrives in March, the board said, and the work should take six weeks, during "
        "which the channel will be open only at high tide.",
    };
    for (size_t k = 0; k < 3; k++)
        n += (size_t)snprintf(page + n, sizeof page - n,
                              "<div class=\"part\"><section><div><div><div class=\"text\">"
                              "<p>%s</p><p>%s</p></div></div></div></section></div>%s",
                              parts[k], parts[k], k == 0 ? "<div class=\"ad\">Advertisement</div>" : "");
    snprintf(page + n, sizeof page - n, "</div></body></html>");
    char *text = body_of(page);
    REQUIRE(text != NULL);
    for (size_t k = 0; k < 3; k++)
        CHECK(strstr(text, parts[k]) != NULL);
    free(text);
}

/* A paragraph of n copies of a sentence, for long blocks. */
static size_t repeat(char *out, size_t cap, const char *open, const char *sentence, int n, const char *close)
{
    size_t len = (size_t)snprintf(out, cap, "%s", open);
    for (int i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s ", sentence);
    if (len < cap)
        len += (size_t)snprintf(out + len, cap - len, "%s", close);
    return len < cap ? len : cap - 1;
}

TEST(html_long_comment_thread_is_chrome)
{
    /* a thread of comments longer than the article is dropped however long;
     * a "sidebar" word on the wrapper of the whole page is its layout */
    static char page[16384];
    size_t n = (size_t)snprintf(page, sizeof page,
                                "<html><body><div class=\"layout with-sidebar\"><div class=\"story\">");
    n += repeat(page + n, sizeof page - n, "<p>", "The mill reopened on Friday, and forty people went back to work.", 3, "</p>");
    n += repeat(page + n, sizeof page - n, "<p>", "Its owners said the orders, mostly for wool blankets, would last a year.", 3, "</p>");
    n += (size_t)snprintf(page + n, sizeof page - n, "</div><div class=\"comments-area\">");
    for (int i = 0; i < 12; i++)
        n += repeat(page + n, sizeof page - n, "<div class=\"c\"><p>",
                    "I worked there in the eighties, and I am glad to see it busy again, truly.", 2, "</p></div>");
    snprintf(page + n, sizeof page - n, "</div></div><script>var big = '%0400d';</script></body></html>", 0);
    char *text = body_of(page);
    REQUIRE(text != NULL);
    CHECK(strstr(text, "The mill reopened on Friday") != NULL);
    CHECK(strstr(text, "mostly for wool blankets") != NULL);
    CHECK(strstr(text, "I worked there in the eighties") == NULL);
    free(text);
}

TEST(html_call_to_action_is_chrome)
{
    /* a box asking for support, however long, under a class token "cta";
     * a "contact" class holds those letters and is not one */
    static char page[16384];
    size_t n = (size_t)snprintf(page, sizeof page, "<html><body><div class=\"story\">");
    n += repeat(page + n, sizeof page - n, "<p>", "The mill reopened on Friday, and forty people went back to work.", 3, "</p>");
    n += (size_t)snprintf(page + n, sizeof page - n, "<div class=\"contact-box\"><p>%s</p></div>",
                          "Its owners said the orders, mostly for wool blankets, would keep the looms busy for a year.");
    n += (size_t)snprintf(page + n, sizeof page - n, "<div class=\"zone-widget custom-cta-letter\">");
    n += repeat(page + n, sizeof page - n, "<p>",
                "A word to our readers: our reporting costs money, and your support keeps it free for everyone.", 20, "</p>");
    snprintf(page + n, sizeof page - n, "</div></div></body></html>");
    char *text = body_of(page);
    REQUIRE(text != NULL);
    CHECK(strstr(text, "The mill reopened on Friday") != NULL);
    CHECK(strstr(text, "mostly for wool blankets") != NULL);
    CHECK(strstr(text, "A word to our readers") == NULL);
    free(text);
}

TEST(html_div_lines_beside_blocks_vote)
{
    /* a div with a line of its own (in a <span>) and paragraphs inside:
     * its paragraphs vote as well as its line, so it beats a box of three
     * paragraphs elsewhere on the page */
    static char page[8192];
    size_t n = (size_t)snprintf(page, sizeof page, "<html><body><div class=\"page\"><div class=\"x\">"
                                "<span>The tram line to the airport opens in May, the city said on Monday, "
                                "five years late and over its budget.</span>");
    static const char *const lines[] = {
        "Tickets will cost the same as the bus, and trams will run every ten minutes.",
        "The line has twelve stops, two of them at the hospital and the university.",
        "Night trams will run on Fridays and Saturdays, the operator said.",
        "Bus routes along the line will be cut back once the trams are running.",
    };
    for (size_t k = 0; k < 4; k++)
        n += (size_t)snprintf(page + n, sizeof page - n, "<p>%s</p>", lines[k]);
    n += (size_t)snprintf(page + n, sizeof page - n, "</div></div><div class=\"box\"><div class=\"more\">");
    for (int i = 0; i < 3; i++)
        n += (size_t)snprintf(page + n, sizeof page - n,
                              "<p>Read next: the harbour and the weather in the spring, %d.</p>", i);
    snprintf(page + n, sizeof page - n, "</div></div></body></html>");
    char *text = body_of(page);
    REQUIRE(text != NULL);
    CHECK(strstr(text, "The tram line to the airport") != NULL);
    CHECK(strstr(text, "Night trams will run") != NULL);
    CHECK(strstr(text, "Read next") == NULL);
    free(text);
}

TEST(html_climb_ignores_teaser_divs)
{
    /* an ancestor of the article that adds a list of teasers (divs of one
     * line each) holds no more article prose: the climb stays put */
    static char page[16384];
    size_t n = (size_t)snprintf(page, sizeof page, "<html><body><div class=\"wrap\"><div class=\"grid\"><div class=\"text\">");
    for (int i = 0; i < 10; i++)
        n += repeat(page + n, sizeof page - n, "<p>",
                    "The orchard's cider, pressed from six old varieties, won the county prize, its third in a decade.",
                    2, "</p>");
    n += (size_t)snprintf(page + n, sizeof page - n, "</div></div><div class=\"list\">");
    for (int i = 0; i < 12; i++)
        n += (size_t)snprintf(page + n, sizeof page - n,
                              "<div class=\"card\"><a href=\"/%d\">Teaser %d</a><div>Another story from "
                              "elsewhere in the county, about its roads, its schools, its farms and the "
                              "weather, number %d.</div></div>",
                              i, i, i);
    snprintf(page + n, sizeof page - n, "</div></div></body></html>");
    char *text = body_of(page);
    REQUIRE(text != NULL);
    CHECK(strstr(text, "The orchard's cider, pressed") != NULL);
    CHECK(strstr(text, "Another story from elsewhere") == NULL);
    free(text);
}

TEST(html_lines_written_into_body_are_text)
{
    /* a plain page: its text written straight into <body> (and into an
     * <article>) between <br>s and blocks, not in <p>s or <div>s; each run
     * of lines is a paragraph, and a separator between links is not */
    const char *page =
        "<html><head><title>Pier</title></head><body>"
        "The harbour board voted on Thursday to rebuild the north pier, which storms cracked last "
        "winter, at a cost the board put at four million.<br>Work starts in May."
        "<div class=\"nav-links\"><a href=\"/\">Home</a> | <a href=\"/news\">News</a></div>"
        "<article>Fishing boats will use the south quay until the new pier opens, the harbour "
        "master said, and the ferry keeps its berth throughout the works."
        "<h2>Costs</h2>The board will borrow half of the money and ask the county for the rest.</article>"
        "</body></html>";
    char *text = body_of(page);
    REQUIRE(text != NULL);
    CHECK(strstr(text, "The harbour board voted on Thursday") != NULL);
    CHECK(strstr(text, "four million. Work starts in May.") != NULL);
    CHECK(strstr(text, "Fishing boats will use the south quay") != NULL);
    CHECK(strstr(text, "throughout the works.\n\nCosts\n\nThe board will borrow") != NULL);
    CHECK(strstr(text, "Home") == NULL);
    free(text);
}

TEST(html_two_breaks_end_a_paragraph)
{
    /* a page set with <br>s: two in a row end a paragraph, so a "Read also"
     * link and a share line between them are paragraphs of their own, which
     * the cleaner then judges alone (not run into the prose around them);
     * one <br> inside a list keeps its items together */
    const char *page =
        "<html><head><title>Pier</title></head><body><div class=\"story\">"
        "The harbour board voted on Thursday to rebuild the north pier, which storms cracked last "
        "winter, at a cost the board put at four million pounds.<br><br>\n"
        "Read also: Council approves new car park beside the harbour<br> <br>"
        "Works start in May: the south quay first,<br>then the north pier,<br>then the ferry berth, "
        "the board's chairman said after the vote on Thursday evening.<br><br>"
        "Share this article on Facebook<br></div></body></html>";
    char *text = body_of(page);
    REQUIRE(text != NULL);
    CHECK(strstr(text, "four million pounds.") != NULL);
    CHECK(strstr(text, "the south quay first, then the north pier, then the ferry berth") != NULL);
    CHECK(strstr(text, "pounds.\n\nRead also: Council approves new car park beside the harbour\n\nWorks") != NULL);
    CHECK(strstr(text, "Thursday evening.\n\nShare this article on Facebook") != NULL);
    free(text);
}
