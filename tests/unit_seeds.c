/* unit_seeds: acceptance on the five reference articles in
 * ../shared/data/seeds (what EXPECTED.md there says newsprint must make of
 * them).  Skipped when the shared data is absent. */
#include <stdlib.h>
#include <string.h>

#include "test.h"

typedef struct seed_expect {
    const char *number;       /* "000": the file is seeds/NNN_*.txt */
    const char *title;        /* exact title, or NULL for title_start only */
    const char *title_start;  /* NULL: the title must be NULL */
    const char *date;         /* NULL: the date must be NULL */
    const char *source;       /* NULL: not checked */
    const char *attribution[3];
    /* Text of boilerplate lines: none may appear in the body, and input
     * lines containing one are not body lines. */
    const char *boilerplate[20];
    /* Lines that may be dropped or kept (subheadings). */
    const char *optional[3];
    const char *first, *last; /* starts of the first and last body paragraphs */
    const char *once;         /* a paragraph the page printed twice, kept once */
    size_t min_words, max_words;
    size_t min_paragraphs, max_paragraphs;
} seed_expect;

static const seed_expect seeds[] = {
    {
        .number = "000",
        .title = "After NATO warns the Kremlin about an invasion, Russia and Belarus will hold "
                 "drills along the Ukraine border.",
        .title_start = "After NATO warns",
        .date = "2021-11-30",
        .boilerplate = { "2021-11-30" },
        .first = "The Russian buildup of troops and heavy equipment along Ukraine\xE2\x80\x99s border "
                 "has raised fears of an invasion",
        .last = "\"Russia would have to pay a hefty price.\"",
        .min_words = 362, .max_words = 400,
        .min_paragraphs = 12, .max_paragraphs = 12,
    },
    {
        .number = "001",
        .title = "Russia, Belarus to Hold Drills Near Ukraine Border After NATO Warns Kremlin About "
                 "Invasion",
        .title_start = "Russia, Belarus to Hold Drills",
        .boilerplate = { "For more reporting from the Associated Press",
                         "Antony Blinken and Latvian President Egils Levits",
                         "Ints Kalnins/Pool Photo/Associated Press",
                         "Above, U.S. Secretary of State Antony Blinken, left",
                         "Nov. 30, 2021" },
        .first = "The Russian buildup of troops and heavy equipment near Ukraine's border continues "
                 "to raise concerns",
        .last = "\"We have different options, and we have demonstrated over the years",
        .once = "continues to raise concerns of a potential invasion",
        .min_words = 670, .max_words = 740,
        .min_paragraphs = 20, .max_paragraphs = 20,
    },
    {
        .number = "002",
        .title_start = "Russia and Belarus Conduct Military Drills",
        .boilerplate = { "(Photo : KLIMENTYEV", "Getty Images",
                         "Armenian Prime Minister Nikol Pashinyan", "Read Also:",
                         "Expert Predicts Joe Biden", "Related Article:",
                         "Kremlin Says the US Crossed the Line" },
        .optional = { "Lukashenko has got Moscow's back", "US, Allies are trying to intimidate Putin" },
        .first = "Tension at the Ukraine border is rising as Russia and Belarus conduct military drills",
        .last = "It seems that the US is becoming more involved with working with allies",
        .min_words = 475, .max_words = 532,
        .min_paragraphs = 15, .max_paragraphs = 17,
    },
    {
        .number = "003",
        .title = "Minsk, Moscow Announce Joint Military Drills As NATO Prepares To Discuss Russian "
                 "Troop Buildup",
        .title_start = "Minsk, Moscow Announce",
        .attribution = { "Reuters", "AFP" },
        .boilerplate = { "Accessibility links", "Breaking News",
                         "Lukashenka (center) attends a meeting on territorial defense",
                         "With reporting by", "16x9 Image", "RFE/RL",
                         "undesirable organization",
                         "If you are in Russia or the Russia-controlled parts",
                         "To find out more, click here" },
        .first = "Belarus has announced joint military exercises with Russia along its southern border",
        .last = "U.S. Secretary of State Antony Blinken is due to arrive in Riga late on November 29",
        .min_words = 574, .max_words = 634,
        .min_paragraphs = 19, .max_paragraphs = 19,
    },
    {
        .number = "004",
        .source = "nbcnews.com",
        .boilerplate = { "originally belongs to", "Nbcnews.com", "Source: |", "Leave a Reply",
                         "Your email address will not be published", "Required fields are marked",
                         "You May Also Like", "Chinese fans bought", "NBA star James Harden",
                         "Inflation Reduction Act", "Relief Plan Is More", "Lyndon B. Johnson",
                         "Elizabeth Holmes", "Theranos",
                         "Russian forces have been gathering at training grounds",
                         "Anadolu Agency via Getty Images", "Dardanelles strait",
                         "Kaytukov contributed" },
        .first = "Russia began major military drills with close ally Belarus Thursday",
        .last = "President Joe Biden warned this week that Americans who are not U.S. government "
                "employees",
        .min_words = 696, .max_words = 770,
        .min_paragraphs = 19, .max_paragraphs = 19,
    },
};

static const seed_expect *seed_for(const char *id)
{
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++)
        if (strncmp(id, seeds[i].number, 3) == 0)
            return &seeds[i];
    return NULL;
}

static long para_index(const np_article *a, const char *needle)
{
    for (size_t i = 0; i < a->n_paragraphs; i++)
        if (strstr(a->paragraphs[i], needle))
            return (long)i;
    return -1;
}

static int list_hit(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n && list[i]; i++)
        if (strstr(s, list[i]))
            return 1;
    return 0;
}

/* One raw input line as the body would show it: no-break spaces as
 * spaces, runs of spaces collapsed, trimmed, a leading bullet dropped. */
static void tidy_line(const char *s, size_t len, char *out, size_t cap)
{
    size_t w = 0;
    for (size_t i = 0; i < len && w + 1 < cap; i++) {
        char c = s[i];
        if ((unsigned char)c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            c = ' ';
            i++;
        }
        if (c == '\r' || c == '\t')
            c = ' ';
        if (c == ' ' && (w == 0 || out[w - 1] == ' '))
            continue;
        out[w++] = c;
    }
    while (w && out[w - 1] == ' ')
        w--;
    out[w] = '\0';
    if (strncmp(out, "\xE2\x80\xA2 ", 4) == 0)
        memmove(out, out + 4, w - 3);
}

/* Every input line that is neither the title nor boilerplate is in the body. */
static void check_lines_kept(const seed_expect *e, const np_record *rec, const np_article *a)
{
    static char line[16384];
    const char *p = rec->text, *end = rec->text + rec->text_len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        tidy_line(p, n, line, sizeof line);
        p += n + 1;
        if (!line[0])
            continue;
        if ((e->title_start && strstr(line, e->title_start)) ||
            list_hit(e->boilerplate, sizeof e->boilerplate / sizeof *e->boilerplate, line) ||
            list_hit(e->optional, sizeof e->optional / sizeof *e->optional, line))
            continue;
        if (para_index(a, line) < 0) {
            CHECK(!"a body line of the input is missing from the body");
            printf("     %s: missing: %.100s\n", rec->id, line);
        }
    }
}

static void check_seed(const np_record *rec, const np_article *a)
{
    const seed_expect *e = seed_for(rec->id);
    REQUIRE(e != NULL);
    /* title */
    if (e->title)
        CHECK_STR(a->title, e->title);
    if (e->title_start) {
        CHECK(a->title && strncmp(a->title, e->title_start, strlen(e->title_start)) == 0);
        CHECK(a->title && !strstr(a->title, "date"));
    } else {
        CHECK(a->title == NULL);
    }
    /* date: only full dates; "November 29" and "Feb. 20" are not */
    if (e->date)
        CHECK_STR(a->date, e->date);
    else
        CHECK(a->date == NULL);
    if (e->source)
        CHECK_STR(a->source, e->source);
    for (size_t i = 0; i < 3 && e->attribution[i]; i++) {
        int found = 0;
        for (size_t k = 0; k < a->n_attribution; k++)
            found |= strcmp(a->attribution[k], e->attribution[i]) == 0;
        CHECK(found);
    }
    CHECK_STR(a->lang, "en");
    /* no boilerplate in the body */
    for (size_t i = 0; i < sizeof e->boilerplate / sizeof *e->boilerplate && e->boilerplate[i]; i++) {
        if (para_index(a, e->boilerplate[i]) >= 0) {
            CHECK(!"boilerplate in the body");
            printf("     %s: body has: %s\n", rec->id, e->boilerplate[i]);
        }
    }
    /* the body: first and last paragraphs in place, everything real kept */
    REQUIRE(a->n_paragraphs > 0);
    CHECK(strncmp(a->paragraphs[0], e->first, strlen(e->first)) == 0);
    CHECK(strncmp(a->paragraphs[a->n_paragraphs - 1], e->last, strlen(e->last)) == 0);
    check_lines_kept(e, rec, a);
    if (e->once) {
        size_t copies = 0;
        for (size_t i = 0; i < a->n_paragraphs; i++)
            copies += strstr(a->paragraphs[i], e->once) != NULL;
        CHECK(copies == 1);
    }
    CHECK(a->words >= e->min_words && a->words <= e->max_words);
    CHECK(a->n_paragraphs >= e->min_paragraphs && a->n_paragraphs <= e->max_paragraphs);
    if (test_failed_now())
        printf("     (%s: title \"%s\", date %s, %zu paragraphs, %zu words)\n", rec->id,
               a->title ? a->title : "-", a->date ? a->date : "-", a->n_paragraphs, a->words);
}

/* Reads seeds/NNN_*.txt through a glob and checks it. */
static void run_seed(const char *number)
{
    const char *data = shared_data_dir();
    if (!data) {
        test_skip("../shared/data absent");
        return;
    }
    char pattern[1024];
    snprintf(pattern, sizeof pattern, "%s/seeds/%s_*.txt", data, number);
    const char *inputs[] = { pattern };
    np_reader *r;
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, NULL) == NP_OK);
    np_cleaner *c;
    if (np_cleaner_new(&c, NULL) != NP_OK) {
        np_reader_free(r);
        REQUIRE(!"np_cleaner_new failed");
    }
    const np_record *rec;
    np_status st = np_reader_next(r, &rec);
    CHECK(st == NP_OK);
    if (st == NP_OK) {
        CHECK(strncmp(rec->id, number, 3) == 0);
        const np_article *a;
        st = np_clean(c, rec, &a);
        CHECK(st == NP_OK);
        if (st == NP_OK)
            check_seed(rec, a);
        CHECK(np_reader_next(r, &rec) == NP_DONE);
    }
    np_cleaner_free(c);
    np_reader_free(r);
}

TEST(seeds_000_spun_rewrite)
{
    run_seed("000");
}

TEST(seeds_001_associated_press)
{
    run_seed("001");
}

TEST(seeds_002_content_farm)
{
    run_seed("002");
}

TEST(seeds_003_rferl)
{
    run_seed("003");
}

TEST(seeds_004_nbc_scraper)
{
    run_seed("004");
}

/* The directory as a whole: five articles in name order, EXPECTED.md passed
 * over, nothing skipped, and the same results as one at a time. */
TEST(seeds_directory)
{
    const char *data = shared_data_dir();
    if (!data) {
        test_skip("../shared/data absent");
        return;
    }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/seeds", data);
    const char *inputs[] = { dir };
    np_reader *r;
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, NULL) == NP_OK);
    np_cleaner *c;
    if (np_cleaner_new(&c, NULL) != NP_OK) {
        np_reader_free(r);
        REQUIRE(!"np_cleaner_new failed");
    }
    const np_record *rec;
    size_t n = 0;
    np_status st;
    while ((st = np_reader_next(r, &rec)) == NP_OK && n < 10) {
        CHECK(strncmp(rec->id, seeds[n < 5 ? n : 4].number, 3) == 0);
        CHECK(rec->line == 0 && rec->title == NULL);
        const np_article *a;
        CHECK(np_clean(c, rec, &a) == NP_OK);
        n++;
    }
    CHECK(st == NP_DONE);
    CHECK(n == 5);
    uint64_t records, skipped;
    np_reader_counts(r, &records, &skipped);
    CHECK(records == 5 && skipped == 0);
    np_cleaner_free(c);
    np_reader_free(r);
}
