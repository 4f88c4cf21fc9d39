/* unit_text: normalisation, dates and language identification (src/text). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libstemmer.h>
#include <stdlib.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "common/alloc.h"
#include "common/arena.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "test.h"
#include "text/analyse.h"
#include "text/date.h"
#include "text/datefield.h"
#include "text/lang.h"
#include "text/needles.h"
#include "text/normalize.h"
#include "text/segment.h"
#include "text/textutil.h"

/* ------------------------------------------------------------------ */
/* text_normalize */

/* Normalises a NUL-terminated string; returns a static copy of the result. */
static const char *normalize(const char *in, int *repaired)
{
    static char result[1024];
    buf out, scratch;
    buf_init(&out, NULL);
    buf_init(&scratch, NULL);
    *repaired = 0;
    np_status st = text_normalize(&out, &scratch, in, strlen(in), repaired);
    const char *r = NULL;
    if (st == NP_OK && out.len < sizeof result) {
        memcpy(result, out.data ? out.data : "", out.len);
        result[out.len] = '\0';
        r = result;
    }
    buf_free(&out);
    buf_free(&scratch);
    return r;
}

/* Random texts of parts whose normal form is known (tabs and wide spaces
 * become spaces, zero-width spaces go, the rest stays; no part is a
 * Windows-1252 character, so none makes mojibake): eight ASCII
 * bytes at a time give what a byte at a time gives, wherever a block of
 * eight starts and ends. */
TEST(text_normalize_ascii_blocks)
{
    static const char *const parts[][2] = {
        { "a", "a" }, { "Word ", "Word " }, { "\t", " " }, { "x\ty", "x y" }, { " ", " " },
        { "\xe5\x8c\x97", "\xe5\x8c\x97" }, { "\xd0\xb6", "\xd0\xb6" }, { "\xe3\x80\x80", " " },
        { "\xe2\x80\x83", " " }, { "\xe2\x80\x8b", "" }, { "\n", "\n" }, { "9,000.", "9,000." },
        { "~@", "~@" },
    };
    uint64_t state = 0x5851f42d4c957f2dULL;
    size_t differ = 0;
    for (int round = 0; round < 3000; round++) {
        char in[512], want[512];
        size_t n_in = 0, n_want = 0, count = 1 + (size_t)round % 40;
        for (size_t k = 0; k < count; k++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t pick = (state >> 33) % (sizeof parts / sizeof *parts);
            size_t a = strlen(parts[pick][0]), b = strlen(parts[pick][1]);
            memcpy(in + n_in, parts[pick][0], a);
            memcpy(want + n_want, parts[pick][1], b);
            n_in += a;
            n_want += b;
        }
        in[n_in] = want[n_want] = '\0';
        int repaired;
        const char *got = normalize(in, &repaired);
        differ += !got || strcmp(got, want) != 0;
    }
    CHECK(differ == 0);
}

TEST(text_normalize_mojibake)
{
    int repaired;
    /* U+2019 as its UTF-8 bytes read as Windows-1252 */
    CHECK_STR(normalize("don\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t", &repaired), "don\xE2\x80\x99t");
    CHECK(repaired == 1);
    /* e-acute as Latin-1 */
    CHECK_STR(normalize("caf\xC3\x83\xC2\xA9", &repaired), "caf\xC3\xA9");
    CHECK(repaired == 1);
    /* left quote: the bytes E2 80 9C read as "â€œ" */
    CHECK_STR(normalize("\xC3\xA2\xE2\x82\xAC\xC5\x93hi", &repaired), "\xE2\x80\x9Chi");
    CHECK(repaired == 1);
    /* em dash */
    CHECK_STR(normalize("a \xC3\xA2\xE2\x82\xAC\xE2\x80\x9D b", &repaired), "a \xE2\x80\x94 b");
    /* genuine accented text is left alone */
    CHECK_STR(normalize("Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e \xC3\x83 la", &repaired),
              "Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e \xC3\x83 la");
    CHECK(repaired == 0);
}

/* A UTF-8 byte that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90,
 * 0x9D) shows in mojibake as the C1 control of the same number: the right
 * double quote E2 80 9D becomes "â€" U+009D, "Á" (C3 81) becomes "Ã" U+0081.
 * normalize.c's cp1252_byte() expects to see that raw C1 character, but
 * utf8_repair() runs first and drops every C1 control without a 1252
 * character, so these sequences are never repaired ("â€" is left behind). */
TEST(text_normalize_mojibake_undefined_1252_bytes)
{
    int repaired;
    CHECK_STR(normalize("\xC3\xA2\xE2\x82\xAC\xC5\x93hi\xC3\xA2\xE2\x82\xAC\xC2\x9D", &repaired),
              "\xE2\x80\x9Chi\xE2\x80\x9D");
    CHECK_STR(normalize("\xC3\x83\xC2\x81lvaro", &repaired), "\xC3\x81lvaro");
}

TEST(text_fix_mojibake_in_place)
{
    char s[] = "It\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s caf\xC3\x83\xC2\xA9 time";
    int changed = 0;
    size_t n = text_fix_mojibake(s, strlen(s), &changed);
    CHECK(changed == 1);
    CHECK(n == strlen("It\xE2\x80\x99s caf\xC3\xA9 time"));
    CHECK(memcmp(s, "It\xE2\x80\x99s caf\xC3\xA9 time", n) == 0);
    char plain[] = "nothing to fix \xC3\xA9";
    changed = 0;
    CHECK(text_fix_mojibake(plain, strlen(plain), &changed) == strlen(plain));
    CHECK(changed == 0);
    /* a lone lead character at the end is not a sequence */
    char tail[] = "end \xC3\xA2";
    changed = 0;
    CHECK(text_fix_mojibake(tail, strlen(tail), &changed) == strlen(tail));
    CHECK(changed == 0);
}

TEST(text_normalize_spaces_and_invisibles)
{
    int repaired;
    CHECK_STR(normalize("a\xC2\xA0" "b", &repaired), "a b");            /* NBSP */
    CHECK_STR(normalize("a\xE2\x80\x89" "b", &repaired), "a b");        /* thin space */
    CHECK_STR(normalize("a\xE2\x80\xAF" "b", &repaired), "a b");        /* narrow NBSP */
    CHECK_STR(normalize("a\xE3\x80\x80" "b", &repaired), "a b");        /* ideographic */
    CHECK_STR(normalize("a\tb", &repaired), "a b");
    CHECK_STR(normalize("zero\xE2\x80\x8Bwidth", &repaired), "zerowidth"); /* ZWSP */
    CHECK_STR(normalize("\xEF\xBB\xBF" "bom", &repaired), "bom");
    CHECK_STR(normalize("soft\xC2\xAD" "hyphen", &repaired), "softhyphen");
    CHECK_STR(normalize("word\xE2\x81\xA0joiner", &repaired), "wordjoiner");
    CHECK(repaired == 0);
    /* line endings become LF, the text is otherwise kept */
    CHECK_STR(normalize("one\r\ntwo\rthree", &repaired), "one\ntwo\nthree");
}

TEST(text_normalize_nfc)
{
    int repaired;
    CHECK_STR(normalize("caf" "e\xCC\x81", &repaired), "caf\xC3\xA9");
    CHECK(repaired == 0);
    CHECK_STR(normalize("A\xCC\x8A" "ngstr" "o\xCC\x88" "m", &repaired), "\xC3\x85ngstr\xC3\xB6m");
    /* Hangul jamo compose too */
    CHECK_STR(normalize("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", &repaired), "\xED\x95\x9C");
    /* already composed text is unchanged */
    CHECK_STR(normalize("\xC3\xA9t\xC3\xA9", &repaired), "\xC3\xA9t\xC3\xA9");
}

/* The characters that skip NFC (text_nfc_stable) are, by utf8proc's own
 * data, of combining class 0, their own NFC, and never the second of a
 * composition; and texts of Chinese, Japanese, Korean and Thai with the
 * marks that do compose or reorder among them come out as NFC makes them. */
TEST(text_normalize_nfc_stable_ranges)
{
    size_t wrong = 0, stable = 0;
    for (uint32_t cp = 0x300; cp < 0x10000; cp++) {
        if (!text_nfc_stable(cp))
            continue;
        stable++;
        const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
        char one[4];
        size_t n = utf8_encode(cp, one);
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t got = utf8proc_map((const utf8proc_uint8_t *)one, (utf8proc_ssize_t)n, &nfc,
                                            UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        int bad = p->combining_class != 0 || (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000) ||
                  got != (utf8proc_ssize_t)n || memcmp(nfc, one, n) != 0;
        free(nfc);
        if (bad && wrong++ < 5)
            printf("     U+%04X is not stable under NFC\n", (unsigned)cp);
    }
    CHECK(wrong == 0);
    CHECK(stable > 35000);
    static const char *const texts[] = {
        "\xE3\x81\x8B\xE3\x82\x99\xE5\xB8\x82",         /* ka + voiced mark, city: ga */
        "\xE0\xB8\x81\xE0\xB9\x88\xE0\xB8\xB8\xE0\xB8\x99", /* Thai tone mark before a lower vowel */
        "\xEA\xB0\x80\xE1\x86\xA8\xEB\x8B\xA4",         /* Hangul ga + trailing kiyeok: gag */
        "\xE6\x9A\xB4\xE9\x9B\xA8\xEF\xBC\x8C\xE3\x80\x82", /* rainstorm, full-width comma, stop */
    };
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        int repaired;
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t got = utf8proc_map((const utf8proc_uint8_t *)texts[k], (utf8proc_ssize_t)strlen(texts[k]),
                                            &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        REQUIRE(got >= 0);
        CHECK_STR(normalize(texts[k], &repaired), (const char *)nfc);
        free(nfc);
    }
}

TEST(text_normalize_invalid_bytes)
{
    int repaired;
    CHECK_STR(normalize("caf\xE9 noir", &repaired), "caf\xEF\xBF\xBD noir");
    CHECK(repaired == 1);
    CHECK_STR(normalize("don\xC2\x92t", &repaired), "don\xE2\x80\x99t");
    CHECK(repaired == 1);
    CHECK_STR(normalize("plain", &repaired), "plain");
    CHECK(repaired == 0);
    CHECK_STR(normalize("", &repaired), "");
}

/* Random texts of ASCII letters and spaces with pieces that normalizing
 * changes or must keep (controls, CR and CRLF, tabs, invalid UTF-8, C1
 * bytes, mojibake, wide and zero-width spaces, combining marks, quotes and
 * backslashes) at every place of a block of eight and in runs either side
 * of sixteen plain bytes: the text copied a run of plain bytes at a time is
 * the text taken a character at a time, with the same repaired flag, after
 * what the buffer already held. */
TEST(text_normalize_plain_runs)
{
    static const char *const pieces[] = {
        "\x01", "\x1f", "\x7f", "\0", "\r", "\r\n", "\n", "\t", "\xff", "\xc3", "\xe2\x80",
        "\x80", "\x9d", "\xc2\x93", "\xc3\xa2\xe2\x82\xac\xe2\x84\xa2", "\xc3\x83\xc2\xa9",
        "\xc2\xa0", "\xe2\x80\x8b", "\xe3\x80\x80", "e\xcc\x81", "\xe2\x80\x99", "\xd0\xb6",
        "\xf0\x9f\x98\x80", "\xed\xa0\x80", "\"", "\\", "~", "\xc3",
    };
    uint64_t state = 0x1f83d9abfb41bd6bULL;
    size_t differ = 0, changed = 0;
    buf fast, plain, scratch;
    buf_init(&fast, NULL);
    buf_init(&plain, NULL);
    buf_init(&scratch, NULL);
    for (int round = 0; round < 20000; round++) {
        char in[200];
        size_t n = 0;
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t len = (size_t)(state >> 33) % 150;
        unsigned gap = 1 + (unsigned)(state >> 20) % 40; /* plain bytes between pieces, about */
        while (n < len) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            if ((state >> 40) % gap == 0) {
                const char *piece = pieces[(state >> 33) % (sizeof pieces / sizeof *pieces)];
                size_t k = piece[0] ? strlen(piece) : 1;
                memcpy(in + n, piece, k);
                n += k;
            } else {
                in[n++] = (state >> 58) < 10 ? ' ' : (char)('a' + (state >> 33) % 26);
            }
        }
        /* and one odd byte at each place in turn */
        if (round % 2 == 0 && n)
            in[(size_t)round / 2 % n] = pieces[(size_t)round / 5 % 9][0];
        int repaired_fast = 0, repaired_plain = 0;
        buf_clear(&fast);
        buf_clear(&plain);
        REQUIRE(buf_puts(&fast, "held") == NP_OK && buf_puts(&plain, "held") == NP_OK);
        REQUIRE(text_normalize(&fast, &scratch, in, n, &repaired_fast) == NP_OK);
        REQUIRE(text_normalize_plain(&plain, &scratch, in, n, &repaired_plain) == NP_OK);
        differ += fast.len != plain.len || memcmp(fast.data, plain.data, fast.len + 1) != 0 ||
                  repaired_fast != repaired_plain;
        changed += fast.len != n + 4 || memcmp(fast.data + 4, in, n) != 0;
    }
    buf_free(&fast);
    buf_free(&plain);
    buf_free(&scratch);
    CHECK(differ == 0);
    CHECK(changed > 10000 && changed < 19500);
}

TEST(text_normalize_appends)
{
    buf out, scratch;
    buf_init(&out, NULL);
    buf_init(&scratch, NULL);
    int repaired = 0;
    REQUIRE(buf_puts(&out, "head:") == NP_OK);
    REQUIRE(text_normalize(&out, &scratch, "e\xCC\x81", 3, &repaired) == NP_OK);
    CHECK_STR(out.data, "head:\xC3\xA9");
    buf_free(&out);
    buf_free(&scratch);
}

TEST(text_normalize_out_of_memory)
{
    static const char in[] = "Caf\xC3\x83\xC2\xA9 e\xCC\x81 \xC2\xA0 text";
    for (unsigned long fail_at = 1; fail_at <= 4; fail_at++) {
        failing_alloc f;
        failing_alloc_init(&f, fail_at);
        buf out, scratch;
        buf_init(&out, &f.allocator);
        buf_init(&scratch, &f.allocator);
        int repaired = 0;
        np_status st = text_normalize(&out, &scratch, in, sizeof in - 1, &repaired);
        CHECK(st == NP_OK || st == NP_ENOMEM);
        if (fail_at <= 2)
            CHECK(st == NP_ENOMEM);
        if (st == NP_OK)
            CHECK_STR(out.data, "Caf\xC3\xA9 \xC3\xA9   text");
        buf_free(&out);
        buf_free(&scratch);
        CHECK(f.live == 0);
    }
}

/* ------------------------------------------------------------------ */
/* dates */

static int find(const char *s, char out[11], size_t *start, size_t *end)
{
    memset(out, 0, 11);
    return date_find(s, strlen(s), out, start, end);
}

static int whole(const char *s, char out[11])
{
    memset(out, 0, 11);
    return date_parse_whole(s, strlen(s), out);
}

TEST(text_date_find_formats)
{
    char d[11];
    size_t a, b;
    CHECK(find("2024-03-03", d, &a, &b) && strcmp(d, "2024-03-03") == 0 && a == 0 && b == 10);
    CHECK(find("2024/03/09", d, &a, &b) && strcmp(d, "2024-03-09") == 0);
    CHECK(find("Published 3 March 2024", d, &a, &b) && strcmp(d, "2024-03-03") == 0);
    CHECK(a == 10 && b == 22);
    CHECK(find("March 3, 2024", d, &a, &b) && strcmp(d, "2024-03-03") == 0 && a == 0 && b == 13);
    CHECK(find("Mar. 3 2024", d, &a, &b) && strcmp(d, "2024-03-03") == 0);
    CHECK(find("03.03.2024", d, &a, &b) && strcmp(d, "2024-03-03") == 0);
    CHECK(find("25.12.2023", d, &a, &b) && strcmp(d, "2023-12-25") == 0);
    CHECK(find("2021-11-30T14:05:09Z", d, &a, &b) && strcmp(d, "2021-11-30") == 0 && b == 10);
    CHECK(find("Sept. 5, 2023", d, &a, &b) && strcmp(d, "2023-09-05") == 0);
    CHECK(find("the 3rd of March 2024", d, &a, &b) && strcmp(d, "2024-03-03") == 0 && a == 4);
    CHECK(find("December 1st, 1999 at noon", d, &a, &b) && strcmp(d, "1999-12-01") == 0);
    CHECK(find("5 may 2024", d, &a, &b) && strcmp(d, "2024-05-05") == 0);
    CHECK(find("JUNE 30, 2022", d, &a, &b) && strcmp(d, "2022-06-30") == 0);
    /* the first of several */
    CHECK(find("From 1 June 2020 to 2 July 2021", d, &a, &b) && strcmp(d, "2020-06-01") == 0);
    CHECK(a == 5);
    /* Spanish and Portuguese "de", French "1er" */
    CHECK(find("Valencia, 4 de marzo de 2025", d, &a, &b) && strcmp(d, "2025-03-04") == 0 && a == 10 && b == 28);
    CHECK(find("4 de mar\xc3\xa7o de 2025", d, &a, &b) && strcmp(d, "2025-03-04") == 0);
    CHECK(find("le 1er mars 2025", d, &a, &b) && strcmp(d, "2025-03-01") == 0 && a == 3);
    CHECK(!find("10 de mar\xc3\xa7o \xe2\x80\x93 Interlagos", d, &a, &b));
    CHECK(!find("4 de marzo de", d, &a, &b));
    /* Russian and Ukrainian genitives, Polish, Turkish, Swedish, Danish;
     * Chinese, Japanese and Korean year-month-day marks */
    static const char *const more[] = {
        "4 \xd0\xbc\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0 2025 \xd0\xb3\xd0\xbe\xd0\xb4\xd0\xb0",
        "4 \xd0\xb1\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb7\xd0\xbd\xd1\x8f 2025", "4 marca 2025", "4 Mart 2025",
        "4 marts 2025", "2025\xe5\xb9\xb4" "3\xe6\x9c\x88" "4\xe6\x97\xa5",
        "2025\xeb\x85\x84 3\xec\x9b\x94 4\xec\x9d\xbc",
    };
    for (size_t k = 0; k < sizeof more / sizeof *more; k++)
        CHECK(find(more[k], d, &a, &b) && strcmp(d, "2025-03-04") == 0 && a == 0);
    CHECK(find("4 pa\xc5\xba" "dziernika 2025", d, &a, &b) && strcmp(d, "2025-10-04") == 0);
    CHECK(find("12 Aral\xc4\xb1k 2025", d, &a, &b) && strcmp(d, "2025-12-12") == 0);
    CHECK(find("4 \xc5\x9e" "ubat 2025", d, &a, &b) && strcmp(d, "2025-02-04") == 0);
    CHECK(!find("2025\xe5\xb9\xb4" "2\xe6\x9c\x88" "30\xe6\x97\xa5", d, &a, &b)); /* no such day */
    CHECK(!find("2025\xe5\xb9\xb4" "3\xe6\x9c\x88", d, &a, &b));                /* no day */
    /* Thai months, in full and abbreviated; a year of the Buddhist era
     * (543 ahead), with or without its "พ.ศ.", or of the common era */
    static const char *const thai[] = { "4 มีนาคม 2568", "4 มี.ค. 2568", "4 มีนาคม พ.ศ. 2568", "4 มีนาคม 2025",
                                        "วันที่ 4 มีนาคม 2568" };
    for (size_t k = 0; k < sizeof thai / sizeof *thai; k++) {
        CHECK(find(thai[k], d, &a, &b) && strcmp(d, "2025-03-04") == 0 && b == strlen(thai[k]));
        if (!find(thai[k], d, &a, &b) || strcmp(d, "2025-03-04") != 0)
            printf("     '%s': not 2025-03-04\n", thai[k]);
    }
    CHECK(find("29 กุมภาพันธ์ 2567", d, &a, &b) && strcmp(d, "2024-02-29") == 0); /* a leap year */
    CHECK(!find("29 กุมภาพันธ์ 2568", d, &a, &b));
    CHECK(!find("4 มีนาคมxx 2568", d, &a, &b) || strcmp(d, "2025-03-04") != 0);
}

TEST(text_date_find_needs_a_year)
{
    char d[11];
    size_t a, b;
    CHECK(!find("November 29", d, &a, &b));
    CHECK(!find("Feb. 20", d, &a, &b));
    CHECK(!find("scheduled to last until Feb. 20 and is pre-planned", d, &a, &b));
    CHECK(!find("said on November 29 that the exercises", d, &a, &b));
    CHECK(!find("3 March", d, &a, &b));
    CHECK(!find("in 2024", d, &a, &b));
    CHECK(!find("", d, &a, &b));
    /* "May" as a verb is not a month without a day and year */
    CHECK(!find("It may 20 times", d, &a, &b));
    CHECK(!find("Marching 3 2024", d, &a, &b));
}

TEST(text_date_find_rejects_invalid)
{
    char d[11];
    size_t a, b;
    CHECK(!find("2024-02-30", d, &a, &b));
    CHECK(!find("30 February 2024", d, &a, &b));
    CHECK(!find("February 30, 2024", d, &a, &b));
    CHECK(!find("31.04.2024", d, &a, &b));
    CHECK(!find("2023-02-29", d, &a, &b));
    CHECK(find("2024-02-29", d, &a, &b) && strcmp(d, "2024-02-29") == 0);
    CHECK(!find("1900-02-29", d, &a, &b));
    CHECK(find("2000-02-29", d, &a, &b) && strcmp(d, "2000-02-29") == 0);
    CHECK(!find("2024-13-01", d, &a, &b));
    CHECK(!find("2024-00-10", d, &a, &b));
    CHECK(!find("2024-01-00", d, &a, &b));
    CHECK(!find("1850-01-01", d, &a, &b));
    CHECK(!find("2101-01-01", d, &a, &b));
    CHECK(!find("2024-01-011", d, &a, &b));  /* trailing digit */
    CHECK(!find("12024-01-01", d, &a, &b));  /* five-digit year */
    CHECK(!find("x2024-01-01", d, &a, &b) || a != 1); /* not at a word start */
}

TEST(text_date_parse_whole)
{
    char d[11];
    CHECK(whole("2021-11-30T14:05:09Z", d) && strcmp(d, "2021-11-30") == 0);
    CHECK(whole("2004-03-12T14:05:09+00:00", d) && strcmp(d, "2004-03-12") == 0);
    CHECK(whole("  March 3, 2024 ", d) && strcmp(d, "2024-03-03") == 0);
    CHECK(whole("Tuesday, March 3, 2024", d) && strcmp(d, "2024-03-03") == 0);
    CHECK(whole("Tue 03.03.2024 14:05 GMT", d) && strcmp(d, "2024-03-03") == 0);
    CHECK(whole("3 March 2024 | 3:45 pm", d) && strcmp(d, "2024-03-03") == 0);
    /* weekdays in other languages, accented and hyphenated ones too */
    CHECK(whole("Martes, 4 de marzo de 2025", d) && strcmp(d, "2025-03-04") == 0);
    CHECK(whole("marted\xc3\xac 4 marzo 2025", d) && strcmp(d, "2025-03-04") == 0);
    CHECK(whole("ter\xc3\xa7" "a-feira, 4 de mar\xc3\xa7o de 2025", d) && strcmp(d, "2025-03-04") == 0);
    CHECK(whole("Dienstag, 4. M\xc3\xa4rz 2025", d) && strcmp(d, "2025-03-04") == 0);
    CHECK(whole("dinsdag 4 maart 2025", d) && strcmp(d, "2025-03-04") == 0);
    CHECK(whole("Tuesday \xe2\x80\x94 4 March 2025", d) && strcmp(d, "2025-03-04") == 0);
    CHECK(!whole("Martes de Carnaval, 4 de marzo de 2025", d));
    CHECK(!whole("Published 3 March 2024", d));
    CHECK(!whole("The drills began on 3 March 2024", d));
    CHECK(!whole("3 March 2024 announcement", d));
    CHECK(!whole("November 29", d));
    CHECK(!whole("2024-02-30", d));
    CHECK(!whole("", d));
    /* a time of day no clock shows makes the whole no date */
    CHECK(!whole("2004-02-10T25:00:00Z", d));
    CHECK(!whole("2004-02-10T23:61:00Z", d));
    CHECK(!whole("2004-02-10 10:30:61", d));
    CHECK(!whole("March 3, 2024 at 31:15 GMT", d));
    CHECK(whole("2004-02-10T24:00:00Z", d) && strcmp(d, "2004-02-10") == 0);
    CHECK(whole("2004-02-10T23:59:60Z", d) && strcmp(d, "2004-02-10") == 0);
}

TEST(text_date_is_day)
{
    CHECK(date_is_day("2004-02-29"));
    CHECK(date_is_day("1850-01-01")); /* any year: a cut-off, not a found date */
    CHECK(date_is_day("2000-02-29"));
    CHECK(!date_is_day("2004-02-30"));
    CHECK(!date_is_day("2003-02-29"));
    CHECK(!date_is_day("1900-02-29"));
    CHECK(!date_is_day("2004-13-01"));
    CHECK(!date_is_day("2004-00-10"));
    CHECK(!date_is_day("2004-01-00"));
    CHECK(!date_is_day("2004-04-31"));
    CHECK(!date_is_day("2004-1-01"));
    CHECK(!date_is_day("2004-01-01 "));
    CHECK(!date_is_day("2004-01-01T00:00"));
    CHECK(!date_is_day("abcd-ef-gh"));
    CHECK(!date_is_day(""));
}

static int field(const char *s, char out[11], long long *ts)
{
    return date_parse_field(s, strlen(s), out, ts);
}

/* A record's date field: what date_parse_whole reads, with the time when
 * it has one, and digits alone in the forms feeds write them. */
TEST(text_date_parse_field)
{
    char d[11];
    long long ts = 0;
    CHECK(field("2021-11-30", d, &ts) == 1 && strcmp(d, "2021-11-30") == 0);
    CHECK(field(" 2025-03-04T10:00:00+01:00 ", d, &ts) == 2 && strcmp(d, "2025-03-04") == 0 && ts == 1741078800);
    CHECK(field("Tue, 04 Mar 2025 10:00:00 GMT", d, &ts) >= 1 && strcmp(d, "2025-03-04") == 0);
    CHECK(field("1741082400", d, &ts) == 2 && strcmp(d, "2025-03-04") == 0 && ts == 1741082400);
    CHECK(field("1741082400999", d, &ts) == 2 && strcmp(d, "2025-03-04") == 0 && ts == 1741082400);
    CHECK(field("20250304", d, &ts) == 1 && strcmp(d, "2025-03-04") == 0);
    CHECK(field("20250304103000", d, &ts) == 2 && strcmp(d, "2025-03-04") == 0 && ts == 1741084200);
    CHECK(field("19991231235959", d, &ts) == 2 && strcmp(d, "1999-12-31") == 0);
    CHECK(field("0000000000", d, &ts) == 0); /* 1970: a placeholder, not a date */
    CHECK(field("20250230", d, &ts) == 0);
    CHECK(field("20251304", d, &ts) == 0);
    CHECK(field("20250304246000", d, &ts) == 0);
    CHECK(field("12345", d, &ts) == 0);
    CHECK(field("99999999999", d, &ts) == 0);
    CHECK(field("2004-02-30", d, &ts) == 0);
    CHECK(field("soon", d, &ts) == 0);
    CHECK(field("", d, &ts) == 0);
    CHECK(field("   ", d, &ts) == 0);
}

/* Random date fields of dates, times, zones, weekdays and words: what
 * date_parse_field reads of one that is not digits alone is what
 * date_parse_whole reads of it, with date_parse_timestamp's time. */
TEST(text_date_parse_field_as_whole_and_timestamp)
{
    static const char *const parts[] = {
        "2025-03-04", "2024-02-29", "T", " ", "\t", "10:00", ":00", ":59", "25:00", ".123", "+01:00", "-0530",
        "Z", " GMT", "Tue, ", "04 Mar 2025", "March 4, 2025", "x", "am", "-", "1", "2025-03-04T10:00:00Z",
    };
    uint64_t state = 0x13198a2e03707344ULL;
    char text[256];
    size_t differ = 0, timed = 0, dated = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = test_random_text(&state, parts, sizeof parts / sizeof *parts, 1 + (size_t)round % 6, text);
        text[len] = '\0';
        char a[11] = "", b[11] = "";
        long long ta = 0, tb = 0;
        int got = date_parse_field(text, len, a, &ta);
        /* the field trimmed of spaces and tabs, as date_parse_field trims it */
        size_t from = 0, to = len;
        while (to > from && (text[to - 1] == ' ' || text[to - 1] == '\t'))
            to--;
        while (from < to && (text[from] == ' ' || text[from] == '\t'))
            from++;
        if (strspn(text + from, "0123456789") >= to - from)
            continue; /* digits alone: read as a count of seconds or a packed day */
        char copy[256];
        memcpy(copy, text + from, to - from);
        copy[to - from] = '\0';
        int want = date_parse_whole(copy, to - from, b) ? (date_parse_timestamp(copy, &tb) ? 2 : 1) : 0;
        differ += got != want || (got && strcmp(a, b) != 0) || (got == 2 && ta != tb);
        timed += got == 2;
        dated += got == 1;
    }
    CHECK(differ == 0);
    CHECK(timed > 500);
    CHECK(dated > 500);
}

/* Fields of the shape "2025-03-04T14:05:09Z", which date_parse_field reads
 * in place, over possible and impossible days and times: what it reads is
 * what date_parse_whole and date_parse_timestamp read of them. */
TEST(text_date_parse_field_utc_shape)
{
    static const int years[] = { 1899, 1900, 2000, 2024, 2025, 2100, 2101 };
    static const int months[] = { 0, 1, 2, 12, 13 };
    static const int days[] = { 0, 1, 28, 29, 30, 31, 32 };
    static const int times[][3] = { { 0, 0, 0 }, { 23, 59, 59 }, { 23, 59, 60 }, { 23, 59, 61 }, { 24, 0, 0 },
                                    { 24, 0, 1 }, { 25, 0, 0 }, { 12, 60, 0 }, { 9, 5, 7 } };
    size_t differ = 0, timed = 0;
    for (size_t a = 0; a < sizeof years / sizeof *years; a++)
        for (size_t b = 0; b < sizeof months / sizeof *months; b++)
            for (size_t c = 0; c < sizeof days / sizeof *days; c++)
                for (size_t t = 0; t < sizeof times / sizeof *times; t++) {
                    char text[32], want_day[11] = "", got_day[11] = "";
                    snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", years[a], months[b], days[c],
                             times[t][0], times[t][1], times[t][2]);
                    long long want_ts = 0, got_ts = 0;
                    int want = date_parse_whole(text, strlen(text), want_day)
                                   ? (date_parse_timestamp(text, &want_ts) ? 2 : 1)
                                   : 0;
                    int got = field(text, got_day, &got_ts);
                    differ += got != want || (got && strcmp(got_day, want_day) != 0) || (got == 2 && got_ts != want_ts);
                    timed += got == 2;
                }
    CHECK(differ == 0);
    CHECK(timed > 100);
    char d[11];
    long long ts = 0;
    CHECK(field("2025-03-04T10:00:00Z", d, &ts) == 2 && strcmp(d, "2025-03-04") == 0 && ts == 1741082400);
}

static int url_day(const char *url, char out[11])
{
    out[0] = '\0';
    return date_from_url(url, strlen(url), out);
}

/* The day a URL's path files its article under: year, month and day set
 * apart alike, or eight digits together; ids, hosts, queries, a year and
 * month alone and impossible days give none. */
TEST(text_date_from_url)
{
    char d[11];
    CHECK(url_day("https://www.example.com/2025/03/04/port-strike-ends", d) && strcmp(d, "2025-03-04") == 0);
    CHECK(url_day("https://example.com/news/2025-03-04-docks", d) && strcmp(d, "2025-03-04") == 0);
    CHECK(url_day("http://example.org/world/20250305-harborton.html", d) && strcmp(d, "2025-03-05") == 0);
    CHECK(url_day("https://example.com/science/2019/11/8/20948348/air", d) && strcmp(d, "2019-11-08") == 0);
    CHECK(url_day("https://example.com/a/2024_12_31_year-ends", d) && strcmp(d, "2024-12-31") == 0);
    CHECK(url_day("/2025/03/04/port", d) && strcmp(d, "2025-03-04") == 0); /* a path alone */
    CHECK(!url_day("https://example.com/news/article/Deval-Patrick-14847854.php", d));
    CHECK(!url_day("https://example.com/columnists/201911181077343476-royal", d)); /* an id */
    CHECK(!url_day("https://example.com/2019/11/story-of-the-month", d));      /* no day */
    CHECK(!url_day("https://example.com/2024-2025-season/results", d));
    CHECK(!url_day("https://example.com/2025/02/30/no-such-day", d));
    CHECK(!url_day("https://example.com/2025/03-04/mixed", d));
    CHECK(!url_day("https://example.com/v20250304/page", d));                 /* glued to a word */
    CHECK(!url_day("https://20250304.example.com/page", d));                  /* the host */
    CHECK(!url_day("https://example.com/search?from=2025-03-04", d));         /* the query */
    CHECK(!url_day("https://example.com/page#2025/03/04", d));
    CHECK(!url_day("https://example.com", d));
    CHECK(!url_day("", d));
}

/* date_parse_whole promises "one date and nothing else but spaces and
 * punctuation" (a time of day at most), yet any trailing words of four
 * letters or fewer pass: the check only rejects words over four letters. */
TEST(text_date_parse_whole_rejects_short_words)
{
    char d[11];
    CHECK(!whole("2024-03-03 was the day it all went bad", d));
    CHECK(!whole("March 3, 2024 and then more", d));
}

/* ------------------------------------------------------------------ */
/* language */

static const char *identify(const lang_table *t, const char *text)
{
    return lang_identify(t, text, strlen(text));
}

/* Texts of random parts, `rounds` of them, each weighed by lang_identify
 * and by decoding every character: *differ counts the texts where the
 * answer or anything weighed (each word's key, the letters, every list's
 * hits) is not the same, *named those lang_identify names a language,
 * *hits the lists with a hit, summed over the texts. */
static void lang_weighing_agrees(const char *const *parts, size_t n_parts, int rounds, size_t most_parts,
                                 size_t *differ, size_t *named, size_t *hits)
{
    lang_table t;
    REQUIRE(lang_table_init(&t, NULL) == NP_OK);
    uint64_t state = 0x2545f4914f6cdd1dULL;
    char text[4096];
    *differ = *named = *hits = 0;
    for (int round = 0; round < rounds; round++) {
        size_t len = test_random_text(&state, parts, n_parts, 1 + (size_t)round % most_parts, text);
        lang_evidence fast, slow;
        const char *a = lang_identify_weighing(&t, text, len, 0, &fast);
        const char *b = lang_identify_weighing(&t, text, len, 1, &slow);
        *differ += strcmp(a, b) != 0 || strcmp(a, lang_identify(&t, text, len)) != 0 || fast.words != slow.words ||
                   fast.letters != slow.letters || fast.keys != slow.keys ||
                   memcmp(fast.hits, slow.hits, sizeof fast.hits) != 0;
        *named += strcmp(a, "und") != 0;
        for (size_t l = 0; l < LANG_LISTS; l++)
            *hits += fast.hits[l] != 0;
    }
    lang_table_free(&t);
}

/* Random texts of function words of several languages, accented and
 * long words, digits and punctuation: the ASCII fast path of
 * lang_identify answers what decoding every character answers. */
TEST(text_lang_ascii_fast_path_agrees)
{
    static const char *const parts[] = {
        "the ", "and ", "of ", "der ", "die ", "und ", "le ", "les ", "et ", "el ", "los ", "y ",
        "\xc3\xa9t\xc3\xa9 ", "f\xc3\xbcr ", "\xd0\xb8 ", "\xce\xba\xce\xb1\xce\xb9 ",
        "The ", "AND ", "Und ", "x", "2024 ", ", ", ". ", "-", "'", "abcdefghijklmnopqrstuvwxyzabcdef",
        "g", "\xc3\xa9", "\xe5\x8c\x97", "\xff", " ",
    };
    size_t differ, named, hits;
    lang_weighing_agrees(parts, sizeof parts / sizeof *parts, 5000, 60, &differ, &named, &hits);
    CHECK(differ == 0);
    CHECK(named > 500 && named < 4500);
}

/* Words of one to twenty letters in either case, so that a word's end
 * falls at every place of the eight or sixteen bytes lang_identify reads
 * at once, ended by a space, a digit, a punctuation mark, an accented
 * letter or the text's end: weighed as decoding weighs them. */
TEST(text_lang_words_weighed_as_decoded)
{
    static const char *const parts[] = {
        "the ", "of ", "der ", "und ", "les ", "que ", "dass ", "tersebut ", "Which ", "THEIR ",
        "a", "b", "t", "h", "e", "Q", "z", "I", "n",
        "abcdefg", "ABCDEFGH", "abcdefghi", "abcdefghijklmn", "abcdefghijklmno", "abcdefghijklmnop",
        " ", " ", " ", ", ", ".", "7", "'", "-", "\xc3\xa9", "\xc3\x89", "\xd0\xb8 ", "\xe5\x8c\x97", "\xff",
    };
    size_t differ, named, hits;
    lang_weighing_agrees(parts, sizeof parts / sizeof *parts, 20000, 200, &differ, &named, &hits);
    CHECK(differ == 0);
    CHECK(hits > 10000);
}

/* The cleaner hands lang_identify its paragraphs as they lie, each ended
 * by a NUL: a NUL weighs as the line feed between two paragraphs would,
 * wherever it falls among the words, in either path. */
TEST(text_lang_nul_weighed_as_line_feed)
{
    static const char *const parts[] = {
        "the ", "of ", "der ", "und ", "les ", "que ", "Which ", "a", "t", "abcdefghi", "abcdefghijklmnop",
        " ", "\n", "\n", ". ", "7", "\xc3\xa9", "\xd0\xb8 ", "\xe5\x8c\x97",
    };
    lang_table t;
    REQUIRE(lang_table_init(&t, NULL) == NP_OK);
    uint64_t state = 0x452821e638d01377ULL;
    char text[4096], nul[4096];
    size_t differ = 0, feeds = 0;
    for (int round = 0; round < 10000; round++) {
        size_t len = test_random_text(&state, parts, sizeof parts / sizeof *parts, 1 + (size_t)round % 150, text);
        for (size_t i = 0; i < len; i++) {
            nul[i] = text[i] == '\n' ? '\0' : text[i];
            feeds += text[i] == '\n';
        }
        for (int decode_all = 0; decode_all < 2; decode_all++) {
            lang_evidence a, b;
            const char *x = lang_identify_weighing(&t, text, len, decode_all, &a);
            const char *y = lang_identify_weighing(&t, nul, len, decode_all, &b);
            differ += strcmp(x, y) != 0 || a.words != b.words || a.letters != b.letters || a.keys != b.keys ||
                      memcmp(a.hits, b.hits, sizeof a.hits) != 0;
        }
    }
    lang_table_free(&t);
    CHECK(differ == 0);
    CHECK(feeds > 10000);
}

TEST(text_lang_latin_languages)
{
    lang_table t;
    REQUIRE(lang_table_init(&t, NULL) == NP_OK);
    CHECK_STR(identify(&t, "The harbor council of Dunmore met on Tuesday evening to vote on the "
                       "new bridge. It was the third meeting this year, and the members said "
                       "that they would not delay the plan again. The mayor has promised that "
                       "work will begin in the spring."),
              "en");
    CHECK_STR(identify(&t, "Der Stadtrat von Dunmore hat am Dienstag über die neue Brücke "
                       "abgestimmt. Es war die dritte Sitzung in diesem Jahr, und die "
                       "Mitglieder sagten, dass sie den Plan nicht noch einmal verschieben "
                       "werden. Der Bürgermeister hat versprochen, dass die Arbeiten im "
                       "Frühjahr beginnen."),
              "de");
    CHECK_STR(identify(&t, "Le conseil municipal de Dunmore a voté mardi soir sur le nouveau "
                       "pont. C'est la troisième réunion de l'année, et les membres ont dit "
                       "qu'ils ne vont pas retarder le projet une nouvelle fois. Le maire a "
                       "promis que les travaux commenceront au printemps."),
              "fr");
    CHECK_STR(identify(&t, "El consejo municipal de Dunmore votó el martes por la noche sobre el "
                       "nuevo puente. Fue la tercera reunión del año, y los miembros dijeron "
                       "que no van a retrasar el plan otra vez. El alcalde ha prometido que "
                       "las obras empezarán en la primavera."),
              "es");
    /* Indonesian, Romanian and Finnish, which Snowball stems too */
    CHECK_STR(identify(&t, "Dewan kota Dunmore memberikan suara pada hari Selasa tentang jembatan "
                       "yang baru. Itu adalah rapat ketiga tahun ini, dan para anggota mengatakan "
                       "bahwa mereka tidak akan menunda rencana tersebut lagi."),
              "id");
    CHECK_STR(identify(&t, "Consiliul local din Dunmore a votat marți seara noul pod. A fost a "
                       "treia ședință din acest an, iar membrii au spus că nu vor mai amâna "
                       "planul și că lucrările vor începe în primăvară."),
              "ro");
    CHECK_STR(identify(&t, "Dunmoren kaupunginvaltuusto äänesti tiistaina uudesta sillasta. Se oli "
                       "vuoden kolmas kokous, ja jäsenet sanoivat, että he eivät enää lykkää "
                       "suunnitelmaa, mutta työt alkavat vasta keväällä."),
              "fi");
    /* a short English sentence keeps its language ("on" is also Finnish) */
    CHECK_STR(identify(&t, "Dr Lee, 43, is presumed dead after falling off the ridge, on Mt Cook, on Thursday."), "en");
    lang_table_free(&t);
}

TEST(text_lang_other_scripts)
{
    lang_table t;
    REQUIRE(lang_table_init(&t, NULL) == NP_OK);
    CHECK_STR(identify(&t, "Городской совет проголосовал во вторник за строительство нового "
                       "моста. Это было уже третье заседание в этом году, и депутаты "
                       "сказали, что не будут снова откладывать план. Мэр обещал, что "
                       "работы начнутся весной, как и было решено."),
              "ru");
    CHECK_STR(identify(&t, "Το δημοτικό συμβούλιο ψήφισε την Τρίτη για τη νέα γέφυρα του "
                       "λιμανιού. Ήταν η τρίτη συνεδρίαση φέτος."),
              "el");
    /* Russian and Ukrainian share "в" and "на": the letters only one of
     * them writes (ы, э, ъ, ё against і, ї, є, ґ) tell them apart */
    CHECK_STR(identify(&t, "В городе Северск в понедельник открылся новый мост через реку Томь. "
                       "На церемонии присутствовали мэр города и около трёхсот жителей."),
              "ru");
    CHECK_STR(identify(&t, "У місті Сіверськ у понеділок відкрили новий міст через річку. На "
                       "церемонії були мер міста та близько трьохсот жителів."),
              "uk");
    CHECK_STR(identify(&t, "市议会周二晚上就新的港口大桥进行了投票。"), "zh");
    CHECK_STR(identify(&t, "市議会は火曜日の夜に新しい橋について投票しました。"), "ja");
    /* the scripts written without spaces between words, which segment.c
     * reads by their dictionaries: Thai, Lao, Khmer, Burmese */
    CHECK_STR(identify(&t, "สภาเมืองลงมติเรื่องสะพานใหม่เมื่อคืนวันอังคาร"), "th");
    CHECK_STR(identify(&t, "ນັກຮຽນໄປໂຮງຮຽນໃນຕອນເຊົ້າ"), "lo");
    CHECK_STR(identify(&t, "ក្មេងទៅសាលារៀននៅពេលព្រឹក"), "km");
    CHECK_STR(identify(&t, "ကျောင်းသားများသည်ကျောင်းသို့သွားသည်"), "my");
    /* the scripts of one language each (Bengali's also writes Assamese,
     * Ethiopic's Tigrinya: the language of most of their news) */
    static const struct {
        const char *text, *lang;
    } scripts[] = {
        { "Քաղաքի խորհուրդը քվեարկեց նոր կամրջի համար", "hy" },
        { "ছাত্ররা সকালে স্কুলে যায়", "bn" },
        { "ਵਿਦਿਆਰਥੀ ਸਕੂਲ ਜਾਂਦੇ ਹਨ", "pa" },
        { "વિદ્યાર્થીઓ શાળાએ જાય છે", "gu" },
        { "ଛାତ୍ରମାନେ ବିଦ୍ୟାଳୟକୁ ଯାଆନ୍ତି", "or" },
        { "மாணவர்கள் பள்ளிக்கு சென்றனர்", "ta" },
        { "విద్యార్థులు పాఠశాలకు వెళ్తారు", "te" },
        { "ವಿದ್ಯಾರ್ಥಿಗಳು ಶಾಲೆಗೆ ಹೋಗುತ್ತಾರೆ", "kn" },
        { "വിദ്യാർത്ഥികൾ സ്കൂളിൽ പോകുന്നു", "ml" },
        { "සිසුන් පාසලට යයි", "si" },
        { "სტუდენტები სკოლაში მიდიან", "ka" },
        { "ተማሪዎች ወደ ትምህርት ቤት ይሄዳሉ", "am" },
    };
    for (size_t k = 0; k < sizeof scripts / sizeof *scripts; k++)
        CHECK_STR(identify(&t, scripts[k].text), scripts[k].lang);
    lang_table_free(&t);
}

/* Words as long as the longest listed (14 bytes: "который") are looked
 * up; those longer than any are passed over. */
TEST(text_lang_longest_words_count)
{
    lang_table t;
    REQUIRE(lang_table_init(&t, NULL) == NP_OK);
    CHECK_STR(identify(&t, "который, который и который"), "ru");
    CHECK_STR(identify(&t, "которыйй которыйй которыйй"), "und");
    lang_table_free(&t);
}

TEST(text_lang_undetermined)
{
    lang_table t;
    REQUIRE(lang_table_init(&t, NULL) == NP_OK);
    CHECK_STR(identify(&t, "2024 1999 12345 3.14 -- 42 / 7"), "und");
    CHECK_STR(identify(&t, ""), "und");
    CHECK_STR(identify(&t, "   \n\n  ...  !!!"), "und");
    /* too little evidence */
    CHECK_STR(identify(&t, "Harbor Bridge"), "und");
    lang_table_free(&t);
}

/* Each allocation the table makes, failed in turn: out of memory and
 * nothing left allocated; then, none failed, the table works and is freed
 * whole. */
TEST(text_lang_table_out_of_memory)
{
    failing_alloc f;
    unsigned long calls = 0;
    for (unsigned long fail_at = 1; fail_at <= 100; fail_at++) {
        failing_alloc_init(&f, fail_at);
        lang_table t;
        np_status st = lang_table_init(&t, &f.allocator);
        if (st == NP_OK) {
            lang_table_free(&t);
            break;
        }
        CHECK(st == NP_ENOMEM);
        CHECK(f.live == 0);
        calls = fail_at;
    }
    CHECK(calls >= 1);
    failing_alloc_init(&f, 0);
    lang_table t;
    REQUIRE(lang_table_init(&t, &f.allocator) == NP_OK);
    CHECK_STR(lang_identify(&t, "the cat and the dog were in the house", 37), "en");
    lang_table_free(&t);
    CHECK(f.live == 0);
}

/* An article "x" in `lang` of one paragraph, *para (which it points to). */
static np_article one_paragraph(const char **para, const char *lang)
{
    np_article a;
    memset(&a, 0, sizeof a);
    a.id = "x";
    a.lang = lang;
    a.paragraphs = para;
    a.n_paragraphs = 1;
    return a;
}

/* The facts of one English (or `lang`) paragraph, into out. */
static size_t facts_of(const char *text, const char *lang, fact *out, size_t cap)
{
    analyser *an = NULL;
    arena mem;
    arena_init(&mem, np_default_allocator(), 64 * 1024);
    size_t n = 0;
    const char *paras[1] = { text };
    np_article a = one_paragraph(paras, lang);
    analysis out_an;
    if (analyser_new(&an, NULL) == NP_OK && analyse_article(an, &a, 0, &mem, &out_an) == NP_OK &&
        2 * out_an.n_tokens <= cap)
        n = analysis_facts(&out_an, out);
    analyser_free(an);
    arena_free(&mem);
    return n;
}

TEST(text_facts_number_with_its_word)
{
    fact a[64], b[64];
    /* the words after a number, up to two, side by side */
    size_t n = facts_of("The navy captured 23 Somali pirates on Saturday.", "en", a, 64);
    REQUIRE(n == 2);
    CHECK(a[0].number == a[1].number && a[0].noun != a[1].noun);
    size_t m = facts_of("The navy captured 26 Somali pirates on Saturday.", "en", b, 64);
    REQUIRE(m == 2);
    /* the same word with another number: same noun, another fact */
    CHECK(b[1].noun == a[1].noun && b[1].key != a[1].key && b[1].number != a[1].number);
    /* number words and digits are one number; an ordinal is not a count */
    n = facts_of("He won in the seventh round.", "en", a, 64);
    m = facts_of("He won in the 7th round.", "en", b, 64);
    REQUIRE(n == 1 && m == 1);
    CHECK(a[0].key == b[0].key);
    m = facts_of("He won in 7 rounds.", "en", b, 64);
    REQUIRE(m == 1);
    CHECK(a[0].number != b[0].number);
    /* a number ending a phrase names the word before it */
    n = facts_of("A quake of magnitude 6.1, the agency said.", "en", a, 64);
    m = facts_of("A 6.1-magnitude quake hit.", "en", b, 64);
    REQUIRE(n == 1 && m == 2);
    CHECK(a[0].key == b[0].key);
    /* punctuation, stopwords and "one" end a fact; "June 06" is June 6 */
    CHECK(facts_of("In 2008, one man and 40 of them left.", "en", a, 64) == 0);
    n = facts_of("It ended on June 06.", "en", a, 64);
    m = facts_of("It ended on June 6.", "en", b, 64);
    REQUIRE(n == 1 && m == 1);
    CHECK(a[0].key == b[0].key);
    /* other languages: digits, not English number words */
    CHECK(facts_of("Die Marine fasste am Montag 23 Piraten.", "de", a, 64) == 1);
    CHECK(facts_of("Die Marine nahm seven Piraten fest.", "de", a, 64) == 0);
}

/* A count after one to eleven words, and a number ending the text after
 * them: each is found wherever it falls among the words, which are passed
 * over four at a time. */
TEST(text_facts_after_any_number_of_words)
{
    static const char *const words[] = { "The", "navy", "said", "that", "its", "ships",
                                         "had", "seen", "what", "looked", "like" };
    fact a[64];
    for (size_t k = 1; k <= 11; k++) {
        char text[256];
        size_t n = 0;
        for (size_t w = 0; w < k; w++)
            n += (size_t)snprintf(text + n, sizeof text - n, "%s ", words[w]);
        snprintf(text + n, sizeof text - n, "23 pirates.");
        CHECK(facts_of(text, "en", a, 64) == 1);
        snprintf(text + n, sizeof text - n, "round 7");
        CHECK(facts_of(text, "en", a, 64) == 1);
    }
}

/* The stems of a text's number tokens in `lang`, in order, into out;
 * returns how many (0 if the analysis failed). */
static size_t number_stems_of(const char *text, const char *lang, uint32_t *out, size_t cap)
{
    analyser *an = NULL;
    arena mem;
    arena_init(&mem, np_default_allocator(), 64 * 1024);
    const char *paras[1] = { text };
    np_article a = one_paragraph(paras, lang);
    analysis x;
    size_t n = 0;
    if (analyser_new(&an, NULL) == NP_OK && analyse_article(an, &a, 0, &mem, &x) == NP_OK)
        for (size_t i = 0; i < x.n_tokens && n < cap; i++)
            if (x.tokens[i].flags & TOK_NUMBER)
                out[n++] = x.tokens[i].stem;
    analyser_free(an);
    arena_free(&mem);
    return n;
}

/* Chinese and Japanese write no spaces: each word ICU's dictionary finds
 * is a token (a clause was one, so a text's shingles were of clauses;
 * then each character was one, so its terms were characters that open
 * many words: 市 of 城市 and 市政府), Latin words among them stay whole,
 * and "。" ends a sentence with no space or capital after it. */
TEST(text_analyse_cjk_words_are_tokens)
{
    analyser *an = NULL;
    arena mem;
    arena_init(&mem, np_default_allocator(), 64 * 1024);
    const char *paras[1] = { "暴雨袭击城市。PCを使う！城市政府" };
    np_article a = one_paragraph(paras, "zh");
    analysis x;
    REQUIRE(analyser_new(&an, NULL) == NP_OK);
    REQUIRE(analyse_article(an, &a, 0, &mem, &x) == NP_OK);
    /* 暴雨 袭击 城市 | pc を 使う | 城市 政府 */
    CHECK(x.n_tokens == 8);
    CHECK(x.n_sentences == 3);
    if (x.n_tokens != 8 || x.n_sentences != 3)
        printf("     (%zu tokens, %zu sentences)\n", x.n_tokens, x.n_sentences);
    /* the same word, wherever it stands: 城市 */
    CHECK(x.n_tokens == 8 && x.words[2] == x.words[6]);
    analyser_free(an);
    arena_free(&mem);
}

/* Thai writes no spaces between words, and a space between clauses: each
 * word the dictionary finds is a token (a clause was one, so no shingle,
 * term or stopword of a Thai text was a word), and a space between two
 * clauses ends a sentence, as Thai has no full stop.  Lao and Khmer
 * alike; a Latin word among them stays whole. */
TEST(text_analyse_thai_words_are_tokens)
{
    analyser *an = NULL;
    arena mem;
    arena_init(&mem, np_default_allocator(), 64 * 1024);
    const char *paras[1] = { "ฉันกินข้าว แม่ไปตลาด" }; /* I eat rice. Mother goes to the market. */
    np_article a = one_paragraph(paras, "th");
    analysis x;
    REQUIRE(analyser_new(&an, NULL) == NP_OK);
    REQUIRE(analyse_article(an, &a, 0, &mem, &x) == NP_OK);
    CHECK(x.n_tokens == 6);
    CHECK(x.n_sentences == 2);
    if (x.n_tokens != 6 || x.n_sentences != 2)
        printf("     (%zu tokens, %zu sentences)\n", x.n_tokens, x.n_sentences);
    const char *lao[1] = { "ນັກຮຽນໄປໂຮງຮຽນ PC" }; /* the pupil goes to school */
    a = one_paragraph(lao, "lo");
    REQUIRE(analyse_article(an, &a, 0, &mem, &x) == NP_OK);
    CHECK(x.n_tokens == 4);
    const char *khmer[1] = { "ក្មេងទៅសាលារៀន" }; /* the child goes to school */
    a = one_paragraph(khmer, "km");
    REQUIRE(analyse_article(an, &a, 0, &mem, &x) == NP_OK);
    CHECK(x.n_tokens == 3);
    analyser_free(an);
    arena_free(&mem);
}

/* segment.c counts words as the analysis reads them: Thai, Chinese and
 * Japanese by their dictionary, the words of other scripts among them as
 * tu_count_words counts them, punctuation none (full-width too); Burmese
 * "။" and Khmer "។" end a sentence as a full stop does. */
TEST(text_segment_counts_and_stops)
{
    segmenter sg;
    segmenter_init(&sg, NULL);
    static const struct {
        const char *text;
        size_t words;
    } cases[] = {
        { "ฉันกินข้าว แม่ไปตลาด", 6 },
        { "ฉันกินข้าว 3 จาน", 5 },
        { "暴雨袭击", 2 },             /* rainstorm, strike */
        { "GDP增长5%", 3 },            /* GDP, growth, 5 */
        { "北京，今天。", 2 },
        { "東京のニュース don't stop", 5 }, /* Tokyo, no, news, then 2 words */
        { "Harbour town votes", 3 },
        { "", 0 },
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        size_t n = segment_count_words(&sg, cases[k].text, strlen(cases[k].text));
        CHECK(n == cases[k].words);
        if (n != cases[k].words)
            printf("     '%s': %zu words\n", cases[k].text, n);
    }
    char out[128];
    const char *khmer = "ក្មេងទៅសាលារៀន។";
    size_t n = segment_spaced(&sg, khmer, strlen(khmer), out, 0);
    CHECK_STR(out, "ក្មេង ទៅ សាលារៀន. ");
    CHECK(n == strlen(out));
    segmenter_free(&sg);
}

/* With segment_keep, the words of each run segmented are kept until
 * segment_forget and read from there when the run comes again: a line
 * counted, then the paragraph that holds it segmented, gives what a fresh
 * segmenter gives, and the kept runs come out segmented even when ICU is
 * out of reach (the iterator hidden), which only the kept words can do. */
TEST(text_segment_keeps_runs_until_forgotten)
{
    static const char *const lines[] = { "暴雨袭击城市，当地居民撤离。", "ฉันกินข้าว แม่ไปตลาด",
                                         "台風が九州に上陸した" };
    const char *para = "暴雨袭击城市，当地居民撤离。 ฉันกินข้าว แม่ไปตลาด 台風が九州に上陸した";
    segmenter fresh, sg;
    segmenter_init(&fresh, NULL);
    segmenter_init(&sg, NULL);
    segment_keep(&sg);
    char want[512], got[512];
    size_t n_want = segment_spaced(&fresh, para, strlen(para), want, 1);
    for (size_t k = 0; k < sizeof lines / sizeof *lines; k++)
        CHECK(segment_count_words(&sg, lines[k], strlen(lines[k])) ==
              segment_count_words(&fresh, lines[k], strlen(lines[k])));
    CHECK(sg.kept.used >= 3);
    /* ICU hidden: only the kept words can segment the paragraph */
    void *iterator = sg.iterator;
    sg.iterator = NULL;
    sg.failed = 1;
    size_t n_got = segment_spaced(&sg, para, strlen(para), got, 1);
    CHECK(n_got == n_want);
    CHECK_STR(got, want);
    /* forgotten: the runs are copied whole, as without ICU they are */
    segment_forget(&sg);
    CHECK(sg.kept.used == 0);
    n_got = segment_spaced(&sg, lines[2], strlen(lines[2]), got, 1);
    CHECK_STR(got, lines[2]);
    sg.iterator = iterator;
    sg.failed = 0;
    CHECK(segment_spaced(&sg, lines[2], strlen(lines[2]), got, 1) > strlen(lines[2]));
    /* a long article's many runs, then a short one: the large table let
     * go, and kept runs read right after it */
    segment_forget(&sg);
    for (uint32_t k = 0; k < 3000; k++) {
        char run[8];
        size_t n = utf8_encode(0x4E00 + k, run);
        n += utf8_encode(0x5E00 + k, run + n);
        segment_count_words(&sg, run, n);
    }
    CHECK(sg.kept.used == 3000 && sg.kept.n_slots > 4096);
    segment_forget(&sg);
    CHECK(sg.kept.n_slots > 4096); /* cleared, kept: the article was long */
    segment_count_words(&sg, lines[0], strlen(lines[0]));
    size_t runs = sg.kept.used;
    segment_forget(&sg);
    CHECK(sg.kept.n_slots == 0 && sg.kept.used == 0);
    segment_count_words(&sg, lines[0], strlen(lines[0]));
    CHECK(runs > 0 && sg.kept.used == runs);
    CHECK(segment_spaced(&sg, lines[0], strlen(lines[0]), got, 1) == segment_spaced(&fresh, lines[0], strlen(lines[0]), want, 1));
    CHECK_STR(got, want);
    segmenter_free(&fresh);
    segmenter_free(&sg);
}

/* Tamil and Armenian words are stemmed by their Snowball stemmers: a
 * noun and its plural or case share a stem, as an English one does. */
TEST(text_tamil_and_armenian_stemmed)
{
    analyser *an;
    REQUIRE(analyser_new(&an, NULL) == NP_OK);
    arena mem;
    arena_init(&mem, NULL, 4096);
    const char *ta[1] = { "மாணவர் வந்தார். மாணவர்கள் வந்தனர்." }; /* a student came; students came */
    np_article a = one_paragraph(ta, "ta");
    analysis x;
    REQUIRE(analyse_article(an, &a, 0, &mem, &x) == NP_OK);
    REQUIRE(x.n_tokens == 4);
    CHECK(x.tokens[0].stem == x.tokens[2].stem);
    const char *hy[1] = { "Քաղաքը մեծ է։ Քաղաքի կենտրոնը։" }; /* the city is big; the city's centre */
    a = one_paragraph(hy, "hy");
    REQUIRE(analyse_article(an, &a, 0, &mem, &x) == NP_OK);
    REQUIRE(x.n_tokens >= 4);
    CHECK(x.tokens[0].stem == x.tokens[3].stem);
    analyser_free(an);
    arena_free(&mem);
}

/* A Korean word's stem is the word less its particle (and plural):
 * 정부는, 정부가, 정부의 and 정부 are one stem; a noun of two syllables
 * keeps a last syllable that a particle also writes (속도, speed); a word
 * that ends in 의 as a noun and with a particle after it keeps one stem;
 * a word with other letters than Hangul is left as it is. */
TEST(text_korean_stems_without_particles)
{
    static const struct {
        const char *word, *stem;
    } cases[] = {
        { "정부는", "정부" },   { "정부가", "정부" },       { "정부의", "정부" },     { "정부", "정부" },
        { "주민들이", "주민" }, { "주민들에게", "주민" },   { "도로에서", "도로" },   { "속도", "속도" },
        { "속도가", "속도" },   { "민주주의는", "민주주" }, { "민주주의", "민주주" }, { "K팝은", "K팝은" },
        { "Seoul", "Seoul" },   { "", "" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        size_t n = text_korean_stem_len(cases[k].word, strlen(cases[k].word));
        CHECK(n == strlen(cases[k].stem) && memcmp(cases[k].word, cases[k].stem, n) == 0);
        if (n != strlen(cases[k].stem))
            printf("     '%s': %zu bytes\n", cases[k].word, n);
    }
    /* the analysis gives the forms of one noun one stem, in a Korean text
     * and in a Korean name within English */
    analyser *an;
    REQUIRE(analyser_new(&an, NULL) == NP_OK);
    arena mem;
    arena_init(&mem, NULL, 4096);
    const char *ko[1] = { "정부는 발표했다. 정부가 밝혔다. 정부의 계획." };
    np_article a = one_paragraph(ko, "ko");
    analysis x;
    REQUIRE(analyse_article(an, &a, 0, &mem, &x) == NP_OK);
    REQUIRE(x.n_tokens == 6);
    CHECK(x.tokens[0].stem == x.tokens[2].stem && x.tokens[2].stem == x.tokens[4].stem);
    CHECK(x.tokens[0].stem != x.tokens[1].stem);
    analyser_free(an);
    arena_free(&mem);
}

/* A language that writes 3,5 and 2.400 gives the numbers English writes
 * 3.5 and 2,400: "3,5 Prozent" was 35 and "2.400" not 2400, so a German
 * and an English report of one strike shared none of their figures. */
TEST(text_numbers_decimal_comma_languages)
{
    uint32_t de[8], en[8], fr[8], en35[8];
    size_t n = number_stems_of("Rund 2.400 Mitglieder, 3,5 Prozent und 1,8 Millionen Container seit 2011.", "de", de, 8);
    size_t m = number_stems_of("About 2,400 members, 3.5 percent and 1.8 million containers since 2011.", "en", en, 8);
    REQUIRE(n == 4 && m == 4);
    for (size_t k = 0; k < 4; k++)
        CHECK(de[k] == en[k]);
    REQUIRE(number_stems_of("Environ 2.400 membres et 3,5 pour cent.", "fr", fr, 8) == 2);
    CHECK(fr[0] == en[0] && fr[1] == en[1]);
    /* English and undetermined text keep English's marks: 3,5 is 35 there */
    REQUIRE(number_stems_of("It rose 35 percent, or 3,5 by the old count.", "und", en35, 8) == 2);
    CHECK(en35[0] == en35[1] && en35[0] != en[1]);
    /* the facts' numbers alike: "2.400 Hafenarbeiter" and "2,400 dockworkers" */
    fact a[64], b[64];
    n = facts_of("Rund 2.400 Hafenarbeiter streikten.", "de", a, 64);
    m = facts_of("About 2,400 dockworkers struck.", "en", b, 64);
    REQUIRE(n >= 1 && m >= 1);
    CHECK(a[0].number == b[0].number);
    n = facts_of("Die Gewerkschaft verlangt 7 Prozent, geboten sind 3,5 Prozent.", "de", a, 64);
    m = facts_of("The union offers 35 percent.", "en", b, 64);
    REQUIRE(n >= 2 && m >= 1);
    CHECK(a[n - 1].number != b[0].number);
}

/* Names: a capitalised sentence opener is one when the text also writes
 * it capitalised mid-sentence, in the body or a title; a title-case
 * headline's words are names only where the body capitalises them too. */
TEST(text_analyse_openers_and_headline_names)
{
    analyser *an = NULL;
    REQUIRE(analyser_new(&an, NULL) == NP_OK);
    arena mem;
    arena_init(&mem, np_default_allocator(), 64 * 1024);
    static const char *const paras[] = { "Russia began talks. Talks resumed with Russia in Geneva.",
                                         "The envoy flew home. Geneva was quiet." };
    np_article a;
    memset(&a, 0, sizeof a);
    a.id = "x";
    a.lang = "en";
    a.title = "Russia Talks Begin In Geneva";
    a.paragraphs = (const char **)paras;
    a.n_paragraphs = 2;
    analysis x;
    REQUIRE(analyse_article(an, &a, 1, &mem, &x) == NP_OK);
    /* the title's five tokens, then "Russia began talks." and the rest */
    static const struct {
        size_t token;
        int name;
    } want[] = {
        { 0, 1 }, { 1, 0 }, { 2, 0 }, { 3, 0 }, { 4, 1 }, /* Russia Talks Begin In Geneva */
        { 5, 1 }, { 8, 0 }, { 11, 1 }, { 13, 1 },        /* Russia, Talks, Russia, Geneva */
        { 14, 0 }, { 18, 1 },                            /* The, Geneva */
    };
    REQUIRE(x.n_title_tokens == 5 && x.n_tokens == 21);
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        const token *t = &x.tokens[want[k].token];
        CHECK(((t->flags & TOK_NAME) != 0) == want[k].name);
        CHECK((t->flags & 0x80) == 0);
    }
    arena_free(&mem);
    analyser_free(an);
}

/* Analyses title and paragraphs with `fast` and with `slow` (made with
 * analyser_decode_all); returns 1 if both analyses were made and agree
 * token by token. */
static int analysers_agree(analyser *fast, analyser *slow, const char *title, const char *const *paras,
                           size_t n_paras, const char *lang, size_t *n_tokens)
{
    arena mem;
    arena_init(&mem, np_default_allocator(), 64 * 1024);
    np_article a;
    memset(&a, 0, sizeof a);
    a.id = "x";
    a.lang = lang;
    a.title = title;
    a.paragraphs = (const char **)paras;
    a.n_paragraphs = n_paras;
    analysis x, y;
    int ok = analyse_article(fast, &a, 1, &mem, &x) == NP_OK && analyse_article(slow, &a, 1, &mem, &y) == NP_OK;
    ok = ok && x.n_tokens == y.n_tokens && x.n_sentences == y.n_sentences &&
         x.n_title_tokens == y.n_title_tokens;
    for (size_t i = 0; ok && i < x.n_tokens; i++) {
        const token *p = &x.tokens[i], *q = &y.tokens[i];
        ok = p->word == q->word && p->stem == q->stem && p->sentence == q->sentence &&
             p->surface == q->surface && p->len == q->len && p->flags == q->flags &&
             x.words[i] == p->word && y.words[i] == q->word;
    }
    for (size_t i = 0; ok && i < x.n_sentences; i++)
        ok = x.sentences[i].first == y.sentences[i].first && x.sentences[i].count == y.sentences[i].count;
    *n_tokens = ok ? x.n_tokens : 0;
    arena_free(&mem);
    return ok;
}

/* analysers_agree with a new analyser of each kind. */
static int fast_path_agrees(const char *title, const char *const *paras, size_t n_paras,
                            const char *lang, size_t *n_tokens)
{
    analyser *fast = NULL, *slow = NULL;
    *n_tokens = 0;
    int ok = analyser_new(&fast, NULL) == NP_OK && analyser_new(&slow, NULL) == NP_OK;
    if (ok) {
        analyser_decode_all(slow, 1);
        ok = analysers_agree(fast, slow, title, paras, n_paras, lang, n_tokens);
    }
    analyser_free(fast);
    analyser_free(slow);
    return ok;
}

TEST(text_analyse_ascii_fast_path_agrees)
{
    static const char *const paras[] = {
        "The Caf\xc3\xa9 M\xc3\xbcller in Z\xc3\xbcrich said 90,000 people came; it's the "
        "\xe2\x80\x9c" "biggest\xe2\x80\x9d crowd since 1990. Don\xe2\x80\x99t count on 3.5 "
        "more, Mr. Smith told U.S. officials on June 06.",
        "NASA and the E.U. (\xc2\xab" "Europa\xc2\xbb) agreed. \xc3\x89" "mile Zola's 7th book? "
        "\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1 \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 "
        "\xe5\x8c\x97\xe4\xba\xac, \xc3\x85" "ngstr\xc3\xb6m 12\xe2\x80\x99" "s and 1,5 x 2.5.",
        "ABC\xc3\x89" "DE abc\xc3\xa9" "de x\xe2\x80\x99y 5'5 a'b 'quoted' -dash- \xff\xfe bad "
        "bytes\xc3 end",
        "Seven of the twenty pirates. 'He went.' \"She came!\" (Then?) Dr. No",
        "",
        "x",
        "\xc3\xa9",
    };
    size_t n = 0;
    CHECK(fast_path_agrees("Caf\xc3\xa9 Title: 2,000 Jobs in M\xc3\xbcnchen", paras,
                           sizeof paras / sizeof *paras, "en", &n));
    CHECK(n > 60);
    CHECK(fast_path_agrees(NULL, paras, sizeof paras / sizeof *paras, "de", &n));
    CHECK(n > 60);
    /* a word longer than the folded form holds, in ASCII and not */
    char word[200];
    for (size_t i = 0; i < 150; i++)
        word[i] = i % 7 == 6 ? '\xc3' : i % 7 == 0 && i ? '\xa9' : (char)('a' + i % 26);
    word[150] = '\0';
    const char *long_word[] = { word };
    CHECK(fast_path_agrees(NULL, long_word, 1, "en", &n));
    CHECK(n >= 1);
}

/* Words between runs of numbers (which are not pending, and whose buffers
 * the next word takes), as many as PENDING and more, agree with the
 * decoding analyser, which stems each word at once. */
TEST(text_analyse_numbers_between_pending_words)
{
    static const char *const words[] = { "walking", "runners", "Harbour", "quietly", "elections",
                                         "bankers", "seven", "the", "ministries", "flooded" };
    static char text[3][4096];
    const char *paras[3];
    uint64_t state = 4242;
    for (size_t p = 0; p < 3; p++) {
        size_t at = 0;
        while (at < sizeof text[p] - 64) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned pick = (unsigned)(state >> 40);
            if (pick % 3 == 0) {
                unsigned run = pick / 3 % 14; /* up to PENDING + 5 numbers */
                for (unsigned k = 0; k < run; k++)
                    at += (size_t)snprintf(text[p] + at, sizeof text[p] - at, "%u%s ", pick % 997 + k,
                                           k % 4 == 3 ? "th" : "");
            } else {
                at += (size_t)snprintf(text[p] + at, sizeof text[p] - at, "%s%s ",
                                       words[pick / 3 % (sizeof words / sizeof *words)],
                                       pick % 11 == 0 ? "." : "");
            }
        }
        paras[p] = text[p];
    }
    size_t n = 0;
    CHECK(fast_path_agrees("12 Walking 3 4 5 6 7 8 9 10 11 Runners", paras, 3, "en", &n));
    CHECK(n > 500);
}

/* Words of every length up to past MAX_WORD, in mixed case with digits,
 * starting at every offset of an eight-byte read and ending before a
 * space, an accented letter, an apostrophe, a digit's comma or the end:
 * read eight bytes at a time, as the plain way reads them. */
TEST(text_analyse_eight_byte_words_agree)
{
    static const char *const ends[] = { " ", "\xc3\xa9t\xc3\xa9 ", "'s ", ",5 ", ". Next ", "" };
    char text[8192];
    size_t n_ends = sizeof ends / sizeof *ends, at = 0;
    for (size_t len = 1; len <= 72; len++) {
        for (size_t k = 0; k < len; k++) {
            size_t c = (len * 7 + k * 3) % 36;
            /* capitals where k and len agree, so every word's first letter is sometimes one */
            char letter = (char)(((k + len) % 3 == 0 ? 'A' : 'a') + c % 26);
            text[at++] = c < 26 ? letter : (char)('0' + c - 26);
        }
        size_t e = strlen(ends[len % n_ends]);
        memcpy(text + at, ends[len % n_ends], e);
        at += e;
        for (size_t pad = 0; pad < len % 8; pad++)
            text[at++] = ' ';
    }
    text[at] = '\0';
    const char *paras[] = { text, "aBcDeFgHiJ", "ABCDEFGH1234567Z", "Q" };
    size_t n = 0;
    CHECK(fast_path_agrees("Title Of EIGHT Bytes x", paras, sizeof paras / sizeof *paras, "en", &n));
    CHECK(n > 72);
    CHECK(fast_path_agrees(NULL, paras, sizeof paras / sizeof *paras, "de", &n));
    CHECK(n > 72);
}

/* len random ASCII letters and digits at out, one in `digits` a digit,
 * a third of the letters capitals, from the generator *state.  returns:
 * len. */
static size_t random_word(char *out, size_t len, uint64_t *state, unsigned digits)
{
    for (size_t k = 0; k < len; k++) {
        *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned pick = (unsigned)(*state >> 40);
        out[k] = pick % digits == 0 ? (char)('0' + pick / digits % 10)
                                    : (char)((pick / digits % 3 == 0 ? 'A' : 'a') + pick / (3 * digits) % 26);
    }
    return len;
}

/* Random ASCII words (letters, digits, either first, any case, 1 to 70
 * bytes) each followed by one of the bytes that end a word or may join it
 * to the next (a comma or full stop between digits, an apostrophe, a
 * curly one, an accented letter, punctuation, a space or nothing) and
 * then a letter, a digit, a space or the paragraph's end: the analysis is
 * the plain way's, whichever way a word is read. */
TEST(text_analyse_word_ends_agree)
{
    static const char *const ends[] = { " ", ",", ".", "'", "\xe2\x80\x99", "\xc3\xa9", "?", "!", ";",
                                        "\"", ")", "-", ":", "\xe2\x80\x9d", "", "  " };
    static const char *const nexts[] = { "a", "B", "7", " ", "" };
    static char text[4][2048];
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    size_t tokens = 0, differ = 0;
    for (int round = 0; round < 300; round++) {
        const char *paras[4];
        for (size_t p = 0; p < 4; p++) {
            size_t at = 0;
            while (at < sizeof text[p] - 96) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                size_t len = 1 + (state >> 33) % (state >> 60 & 1 ? 70 : 9);
                at += random_word(text[p] + at, len, &state, 4);
                const char *end = ends[(state >> 20) % (sizeof ends / sizeof *ends)];
                const char *next = nexts[(state >> 10) % (sizeof nexts / sizeof *nexts)];
                at += (size_t)snprintf(text[p] + at, sizeof text[p] - at, "%s%s", end, next);
            }
            /* the paragraph ends within eight bytes of a word's start, sometimes mid-word */
            text[p][at - (state >> 5) % 8] = '\0';
            paras[p] = text[p];
        }
        size_t n = 0;
        differ += !fast_path_agrees(round % 2 ? "Word Ends, 2.5 Ways" : NULL, paras, 4, round % 3 ? "en" : "de", &n);
        tokens += n;
    }
    CHECK(differ == 0);
    CHECK(tokens > 300 * 150);
}

/* The two ways of classifying 64 bytes (eight and, where the CPU has
 * AVX2, thirty-two at a time) give the masks byte by byte: letters
 * and digits, letters, bit 5, what is not between words, and the bytes
 * with A-Z lowered; on random bytes of any value and on ASCII text. */
TEST(text_classify64_agrees)
{
    /* the edges of each class, and (one in two) the byte after each */
    static const char edges[] = " .!?,'-/09AZaz@[`{~\x7f\x80\xc3\xff";
    uint64_t state = 0x2545F4914F6CDD1DULL;
    size_t differ = 0;
    for (int round = 0; round < 4000; round++) {
        char s[64];
        for (size_t k = 0; k < 64; k++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned pick = (unsigned)(state >> 33);
            unsigned edge = (unsigned char)edges[pick % (sizeof edges - 1)] + (pick >> 8 & 1);
            s[k] = (char)(round % 2 ? pick & 0xff : edge & 0xff);
        }
        tu_block want = { 0, 0, 0, 0, 0, { 0 } };
        for (size_t k = 0; k < 64; k++) {
            unsigned char c = (unsigned char)s[k];
            int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'), digit = c >= '0' && c <= '9';
            int after_digit = k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9';
            want.word |= (uint64_t)(alpha || digit) << k;
            want.alpha |= (uint64_t)alpha << k;
            want.lower |= (uint64_t)(c >> 5 & 1) << k;
            want.kept |= (uint64_t)(alpha || digit || c == '.' || c == '!' || c == '?' || c >= 0x80) << k;
            want.joins |= (uint64_t)(c >= 0x80 || c == '\'' || ((c == ',' || c == '.') && after_digit)) << k;
            want.folded[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        tu_block got[2];
        memset(got, 0, sizeof got);
        tu_classify64(s, &got[0]);
        tu_classify64_wide(s, &got[1]);
        for (size_t w = 0; w < 2; w++)
            differ += got[w].word != want.word || got[w].alpha != want.alpha || got[w].lower != want.lower ||
                      got[w].kept != want.kept || got[w].joins != want.joins ||
                      memcmp(got[w].folded, want.folded, 64) != 0;
    }
    CHECK(differ == 0);
}

/* A paragraph of 1 to 200 bytes for text_analyse_block_edges_agree,
 * cut anywhere (within a letter too), at out (room for 512). */
static void block_edge_paragraph(char *out, uint64_t *state)
{
    static const char *const pieces[] = {
        " ", "  ", ", ", ". ", "! ", "? ", "-", "'", "\xe2\x80\x99", "\xc3\xa9", "\xc3\x89",
        "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xe5\x8c\x97", "\xce\x91", "1,000", "3.5", "90,000.25",
        "Mr. ", "U.S. ", "e.g. ", "(", ")", "\"", "\xe2\x80\x9c", "...", " - ", "\xff", "\xc3",
    };
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    size_t want = 1 + (*state >> 33) % 200, at = 0;
    while (at < want) {
        *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned pick = (unsigned)(*state >> 33);
        if (pick % 3) { /* 1 to 70 bytes, which may run into the last piece or the next word */
            size_t len = 1 + (pick >> 4) % (pick % 5 == 0 ? 70 : 10), room = 512 - 8 - at;
            at += random_word(out + at, len < room ? len : room, state, 5);
        } else {
            const char *piece = pieces[(pick >> 4) % (sizeof pieces / sizeof *pieces)];
            size_t m = strlen(piece);
            if (at + m < 512 - 8) {
                memcpy(out + at, piece, m);
                at += m;
            }
        }
    }
    out[want] = '\0';
}

/* Paragraphs whose words cross the analyser's 64-byte blocks anywhere:
 * ASCII words of 1 to 70 bytes, letters of two, three and four bytes
 * (alone, inside and at the ends of ASCII words), apostrophes straight
 * and curly, hyphens, numbers with commas and full stops, stops and
 * abbreviations, runs of spaces and punctuation, paragraphs of 1 to 200
 * bytes ending anywhere: the same analysis as the decoding analyser. */
TEST(text_analyse_block_edges_agree)
{
    static char text[8][512];
    const char *paras[8];
    uint64_t state = 0xD1B54A32D192ED03ULL;
    size_t tokens = 0, differ = 0;
    for (int round = 0; round < 400; round++) {
        for (size_t p = 0; p < 8; p++) {
            block_edge_paragraph(text[p], &state);
            paras[p] = text[p];
        }
        size_t n = 0;
        differ += !fast_path_agrees(round % 2 ? "Block Edges, 1,000 Ways" : NULL, paras, 8,
                                    round % 3 ? "en" : "fr", &n);
        tokens += n;
    }
    CHECK(differ == 0);
    CHECK(tokens > 400 * 25);
}

/* Whether analyse_article_words (fast) gives a's word hashes and
 * sentences as the decoding analyser's analyse_article (slow) does;
 * *words, *sentences: how many. */
static int words_as_decoded(analyser *fast, analyser *slow, const np_article *a, arena *mem, size_t *words,
                            size_t *sentences)
{
    analysis want, got;
    arena_reset(mem);
    if (analyse_article(slow, a, 0, mem, &want) != NP_OK || analyse_article_words(fast, a, mem, &got) != NP_OK)
        return 0;
    int same = want.n_tokens == got.n_tokens && want.n_sentences == got.n_sentences;
    for (size_t i = 0; same && i < got.n_tokens; i++)
        same = want.words[i] == got.words[i];
    for (size_t s = 0; same && s < got.n_sentences; s++)
        same = want.sentences[s].first == got.sentences[s].first && want.sentences[s].count == got.sentences[s].count;
    *words += got.n_tokens;
    *sentences += got.n_sentences;
    return same;
}

/* analyse_article_words' runs of plain words taken a block at a time
 * (block_run_words) on the paragraphs of text_analyse_block_edges_agree,
 * and on a string of what joins a word and what does not put at each of
 * 70 places in a block: the word hashes and the sentences the decoding
 * analyser's analyse_article gives, whatever ends a run (a stop, an
 * apostrophe, a number's mark, a letter of two bytes or more, a word run
 * past a block, the paragraph's end). */
TEST(text_analyse_words_block_edges_agree)
{
    static char text[8][512];
    const char *paras[8];
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    analyser *fast = NULL, *slow = NULL;
    arena mem;
    arena_init(&mem, np_default_allocator(), 64 * 1024);
    REQUIRE(analyser_new(&fast, NULL) == NP_OK && analyser_new(&slow, NULL) == NP_OK);
    analyser_decode_all(slow, 1);
    size_t words = 0, sentences = 0, differ = 0;
    for (int round = 0; round < 400; round++) {
        for (size_t p = 0; p < 8; p++) {
            block_edge_paragraph(text[p], &state);
            paras[p] = text[p];
        }
        np_article a = one_paragraph(paras, round % 3 ? "en" : "fr");
        a.n_paragraphs = 8;
        differ += !words_as_decoded(fast, slow, &a, &mem, &words, &sentences);
    }
    CHECK(words > 400 * 25 && sentences > 400 * 8);
    /* marks between digits and between a digit and a letter, apostrophes
     * before a letter, a digit, a mark, a space and the text's end */
    static const char joins[] = "It's 1990's 5'5 x'5 a'b' 'a 4'' 3.5 90,000 1.2.3 5,a 5.b a.5 a,5 7,x, 12.5% "
                                "3,5,7 x,'y 2.400 0,5. Mr. O'Neil's 10.5-11.5 ab'cd'ef 9,999,999.99 end'";
    for (size_t pad = 0; pad < 70; pad++) {
        char para[256];
        for (size_t k = 0; k < pad; k++)
            para[k] = k % 6 == 5 ? ' ' : (char)('a' + k % 26);
        memcpy(para + pad, joins, sizeof joins);
        const char *one[1] = { para };
        np_article a = one_paragraph(one, "en");
        differ += !words_as_decoded(fast, slow, &a, &mem, &words, &sentences);
    }
    CHECK(differ == 0);
    analyser_free(fast);
    analyser_free(slow);
    arena_free(&mem);
}

/* The hash of a token's word, of its stem and of a number's digits is
 * XXH3_64bits (0 made 1; a stem's cut to 32 bits with the low bit set),
 * for words of every length to MAX_WORD, short ones (the inlined path of
 * up to 16 bytes) and long, stemmed or not by the English rules. */
/* An English article of these paragraphs, without a title. */
static np_article english_body(const char **paras, size_t n)
{
    np_article a;
    memset(&a, 0, sizeof a);
    a.id = "x";
    a.lang = "en";
    a.paragraphs = paras;
    a.n_paragraphs = n;
    return a;
}

static uint64_t xxh3_or_1(const char *s, size_t n)
{
    uint64_t h = XXH3_64bits(s, n);
    return h ? h : 1;
}

TEST(text_analyse_hashes_are_xxh3)
{
    static const char letters[] = "zqxjkvbwyfgmpnhdcltrsoeiua";
    char text[4096], words[72][72];
    size_t at = 0;
    for (size_t len = 1; len <= 64; len++) {
        for (size_t k = 0; k < len; k++)
            words[len][k] = letters[(len * 5 + k) % 26];
        /* endings the English rules cut, on some */
        if (len > 6 && len % 3 == 0)
            memcpy(words[len] + len - 3, "ing", 3);
        words[len][len] = '\0';
        at += (size_t)snprintf(text + at, sizeof text - at, "%s ", words[len]);
    }
    at += (size_t)snprintf(text + at, sizeof text - at, "7 90,000 12345678901234567890123 ran");
    const char *paras[] = { text };
    np_article a = english_body(paras, 1);
    analyser *an = NULL;
    struct sb_stemmer *english = sb_stemmer_new("english", "UTF_8");
    arena mem;
    arena_init(&mem, np_default_allocator(), 64 * 1024);
    analysis x;
    REQUIRE(english && analyser_new(&an, NULL) == NP_OK && analyse_article(an, &a, 1, &mem, &x) == NP_OK);
    CHECK(x.n_tokens == 68);
    for (size_t i = 0; i < 64 && i < x.n_tokens; i++) {
        const token *t = &x.tokens[i];
        const char *w = words[i + 1];
        const sb_symbol *stem = sb_stemmer_stem(english, (const sb_symbol *)w, (int)(i + 1));
        REQUIRE(stem);
        size_t stem_len = (size_t)sb_stemmer_length(english);
        CHECK(t->word == xxh3_or_1(w, i + 1));
        CHECK(t->stem == ((uint32_t)xxh3_or_1((const char *)stem, stem_len) | 1u));
    }
    static const struct {
        const char *word, *digits;
    } numbers[] = { { "7", "7" }, { "90,000", "90000" }, { "12345678901234567890123", "12345678901234567890123" } };
    for (size_t k = 0; k < 3 && 64 + k < x.n_tokens; k++) {
        const token *t = &x.tokens[64 + k];
        CHECK(t->flags & TOK_NUMBER);
        CHECK(t->word == xxh3_or_1(numbers[k].word, strlen(numbers[k].word)));
        CHECK(t->stem == ((uint32_t)xxh3_or_1(numbers[k].digits, strlen(numbers[k].digits)) | 1u));
    }
    CHECK(x.n_tokens < 68 || (x.tokens[67].flags & TOK_STOP) == 0);
    arena_free(&mem);
    analyser_free(an);
    sb_stemmer_delete(english);
}

/* Stems are looked up in batches (64 words waiting, the last 8 kept, and
 * at each text's end), each word's from its own folded form: long texts
 * of distinct words and numbers, with a full stem cache and one of four
 * sets (words put out and found second), give every word the stem the
 * stemmer gives it alone, and stopwords none. */
TEST(text_analyse_stems_resolved_in_batches)
{
    static const char *const roots[] = { "harbour", "council", "flood", "mayor", "bridge", "river",
                                         "walk", "nation", "organis", "generous", "hope", "elect" };
    static const char *const endings[] = { "", "s", "ing", "ed", "ers", "ation", "ly", "ness" };
    static char text[2][16384];
    const char *words[2][1200];
    size_t n_words[2] = { 0, 0 };
    uint64_t state = 99;
    for (size_t p = 0; p < 2; p++) {
        size_t at = 0;
        while (at < sizeof text[p] - 64 && n_words[p] < 1200) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned pick = (unsigned)(state >> 33);
            if (pick % 7 == 0) {
                at += (size_t)snprintf(text[p] + at, sizeof text[p] - at, "%u ", pick % 9973);
                words[p][n_words[p]++] = NULL; /* a number */
            } else if (pick % 7 == 1) {
                at += (size_t)snprintf(text[p] + at, sizeof text[p] - at, "the ");
                words[p][n_words[p]++] = "the";
            } else {
                const char *w = text[p] + at;
                at += (size_t)snprintf(text[p] + at, sizeof text[p] - at, "%s%s%c ", roots[pick / 7 % 12],
                                       endings[pick / 84 % 8], 'a' + (char)(pick / 672 % 26));
                words[p][n_words[p]++] = w;
            }
        }
        text[p][at] = '\0';
    }
    struct sb_stemmer *english = sb_stemmer_new("english", "UTF_8");
    REQUIRE(english);
    for (int small = 0; small < 2; small++) {
        analyser *an = NULL;
        REQUIRE(analyser_new(&an, NULL) == NP_OK);
        if (small)
            analyser_small_stem_cache(an, 4);
        const char *paras[] = { text[0], text[1] };
        np_article a = english_body(paras, 2);
        arena mem;
        arena_init(&mem, np_default_allocator(), 64 * 1024);
        analysis x;
        REQUIRE(analyse_article(an, &a, 1, &mem, &x) == NP_OK);
        CHECK(x.n_tokens == n_words[0] + n_words[1]);
        size_t wrong = 0, stemmed = 0;
        for (size_t i = 0; i < x.n_tokens && i < n_words[0] + n_words[1]; i++) {
            const char *w = i < n_words[0] ? words[0][i] : words[1][i - n_words[0]];
            const token *t = &x.tokens[i];
            if (!w) {
                wrong += !(t->flags & TOK_NUMBER);
                continue;
            }
            size_t n = strcspn(w, " ");
            if (strncmp(w, "the", n) == 0 && n == 3) {
                wrong += t->stem != 0 || !(t->flags & TOK_STOP);
                continue;
            }
            const sb_symbol *stem = sb_stemmer_stem(english, (const sb_symbol *)w, (int)n);
            REQUIRE(stem);
            uint64_t h = XXH3_64bits(stem, (size_t)sb_stemmer_length(english));
            wrong += t->stem != ((uint32_t)(h ? h : 1) | 1u) || (t->flags & TOK_STOP);
            stemmed++;
        }
        CHECK(wrong == 0);
        CHECK(stemmed > 1500);
        arena_free(&mem);
        analyser_free(an);
    }
    sb_stemmer_delete(english);
}

/* A sentence's first word is a name when all its letters, two or more,
 * are capitals (ASCII or not); one with a small letter, a lone capital or
 * a digit is not (nor written capitalised mid-sentence here, which would
 * make it one): for the eight-byte reading and the decoding one alike. */
TEST(text_analyse_all_capitals_open_as_names)
{
    static const char *const paras[] = {
        "NASA said so. UK voters went. \xc3\x89" "COLE opened. MiXED failed. \xc3\x89" "tAT closed. "
        "X marks. 1990S came. ABCDEFGHIJKLMNOPQRS rose. ZYXWVUTSRQPONMLKJIh fell.",
    };
    static const struct {
        size_t token;
        int name;
    } want[] = {
        { 0, 1 }, { 3, 1 }, { 6, 1 }, { 8, 0 }, { 10, 0 }, { 12, 0 }, { 14, 0 }, { 16, 1 }, { 18, 0 },
    };
    for (int plain = 0; plain < 2; plain++) {
        analyser *an = NULL;
        REQUIRE(analyser_new(&an, NULL) == NP_OK);
        analyser_decode_all(an, plain);
        arena mem;
        arena_init(&mem, np_default_allocator(), 64 * 1024);
        np_article a = english_body((const char **)paras, 1);
        analysis x;
        REQUIRE(analyse_article(an, &a, 1, &mem, &x) == NP_OK);
        CHECK(x.n_tokens == 20);
        for (size_t k = 0; k < sizeof want / sizeof *want && want[k].token < x.n_tokens; k++)
            CHECK(((x.tokens[want[k].token].flags & TOK_NAME) != 0) == want[k].name);
        CHECK(x.n_tokens < 15 || (x.tokens[14].flags & TOK_NUMBER));
        arena_free(&mem);
        analyser_free(an);
    }
}

/* The stem cache gives what the stemmer and the word lists say: one
 * analyser's cache, warm with the same words stemmed by one language's
 * rules, then another's; number words are such in English texts alone. */
TEST(text_analyse_stem_cache_agrees)
{
    static const char *const paras[] = {
        "The running runners ran; nations, national nationalism. Generously generous generations "
        "were organised, organising organisations and hoping hopes.",
        "Die laufenden L\xc3\xa4ufer liefen; Nationen, nationale Generationen und Hoffnungen.",
        "running runners nations generations hoping organisations, seven of them twice: the "
        "second and third 2,000 runners of 2000",
    };
    static const char *const langs[] = { "en", "de", "en", "fr", "xx", "de", "en" };
    analyser *fast = NULL, *slow = NULL;
    REQUIRE(analyser_new(&fast, NULL) == NP_OK && analyser_new(&slow, NULL) == NP_OK);
    analyser_decode_all(slow, 1);
    size_t n = 0, first = 0;
    for (size_t k = 0; k < sizeof langs / sizeof *langs; k++) {
        CHECK(analysers_agree(fast, slow, "Running Nations", paras, sizeof paras / sizeof *paras, langs[k], &n));
        CHECK(n > 30);
        if (k == 0)
            first = n;
        CHECK(strcmp(langs[k], "en") != 0 || n == first);
    }
    analyser_free(fast);
    analyser_free(slow);
}

/* The stem cache cut to a few sets of two ways, so that words are found
 * first and second in their set and put out of it, gives what the stemmer
 * and the word lists say, with one language's rules and then another's. */
TEST(text_analyse_stem_cache_ways_agree)
{
    static const char *const paras[] = {
        "Running runners ran past nations and national generations; hoping organisations "
        "organised generous harbours, bridges, rivers, mayors, floods and the town council.",
        "Council town the and floods mayors rivers bridges harbours generous organised "
        "organisations hoping generations national and nations past ran runners running.",
        "Running council runners town ran the past and nations floods and mayors national rivers "
        "generations bridges hoping harbours organisations generous organised, seven of them.",
        "Die laufenden L\xc3\xa4ufer liefen; Nationen, nationale Generationen und Hoffnungen.",
    };
    static const char *const langs[] = { "en", "de", "en", "fr", "en" };
    static const size_t sets[] = { 1, 2, 8, 64 };
    analyser *slow = NULL;
    REQUIRE(analyser_new(&slow, NULL) == NP_OK);
    analyser_decode_all(slow, 1);
    for (size_t s = 0; s < sizeof sets / sizeof *sets; s++) {
        analyser *fast = NULL;
        REQUIRE(analyser_new(&fast, NULL) == NP_OK);
        analyser_small_stem_cache(fast, sets[s]);
        for (size_t k = 0; k < sizeof langs / sizeof *langs; k++) {
            size_t n = 0;
            CHECK(analysers_agree(fast, slow, "Running Nations Council", paras, sizeof paras / sizeof *paras,
                                  langs[k], &n));
            CHECK(n > 60);
        }
        analyser_free(fast);
    }
    analyser_free(slow);
}

/* Random paragraphs of abbreviations, their near misses and other words,
 * each before a full stop: the analyser's abbreviation table ends the
 * sentences that searching the list ends. */
TEST(text_analyse_abbreviations_agree)
{
    static const char *const parts[] = {
        "Mr", "mrs", "MS", "Dr", "St", "gen", "Sept", "sep", "septs", "U.S", "u.k", "e.g", "i.e", "a.m",
        "co", "Corp", "corps", "approx", "est", "nos", "no", "vs", "etc", "Inc", "Ltd", "ft", "mt",
        "m", "J", "rs", "mrx", "dec", "de", "ec", "jun", "june", "s", "jr sr", "Smith", "said", "2",
        "us", "a.", "p", "pm", "ma", "gov", "govs", "capt", "cap", "sgt", "sg",
    };
    static const char *const seps[] = { ". ", ". ", ".", ".\n", " ", ". The ", "! ", "? " };
    analyser *fast = NULL, *slow = NULL;
    REQUIRE(analyser_new(&fast, NULL) == NP_OK && analyser_new(&slow, NULL) == NP_OK);
    analyser_decode_all(slow, 1);
    uint64_t state = 0x3c6ef372fe94f82bULL;
    char text[4][512];
    size_t tokens = 0, differ = 0;
    for (int round = 0; round < 400; round++) {
        const char *paras[4];
        for (size_t p = 0; p < 4; p++) {
            size_t len = 0;
            for (int w = 0; w < 24; w++) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                const char *part = parts[(state >> 33) % (sizeof parts / sizeof *parts)];
                const char *sep = seps[(state >> 20) % (sizeof seps / sizeof *seps)];
                len += (size_t)snprintf(text[p] + len, sizeof text[p] - len, "%s%s", part, sep);
            }
            paras[p] = text[p];
        }
        size_t n = 0;
        differ += !analysers_agree(fast, slow, "Mr. Smith Went To The St. Louis Co.", paras, 4, "en", &n);
        tokens += n;
    }
    CHECK(differ == 0);
    CHECK(tokens > 400 * 60);
    analyser_free(fast);
    analyser_free(slow);
}

/* The mentions date_day_mentions finds in s (at most max), as month * 100 + day. */
static size_t mentions(const char *s, size_t max, unsigned out[8])
{
    uint16_t codes[8];
    size_t n = date_day_mentions(s, strlen(s), codes, max < 8 ? max : 8);
    for (size_t k = 0; k < n; k++)
        out[k] = (codes[k] >> 5) * 100u + (codes[k] & 31u);
    return n;
}

TEST(text_date_day_mentions)
{
    unsigned m[8];
    CHECK(mentions("It happened on November 29 and again on 3 December.", 8, m) == 2 && m[0] == 1129 &&
          m[1] == 1203);
    CHECK(mentions("Sept. 5, 4. M\xc3\xa4rz 2025 and 1st of Mai", 8, m) == 2 && m[0] == 905 && m[1] == 304);
    /* "May" is a month only beside a day */
    CHECK(mentions("You may go in May, or may 7.", 8, m) == 1 && m[0] == 507);
    CHECK(mentions("Mayday 5 Marching 3 xMarch 3, March 32, March 123", 8, m) == 0);
    /* a word after a non-ASCII letter starts at its first ASCII letter */
    CHECK(mentions("Z\xc3\xbcrich March 3, caf\xc3\xa9mai 5, \xc3\x84march 4", 8, m) == 3 && m[0] == 303 &&
          m[1] == 505 && m[2] == 304);
    CHECK(mentions("March 1, March 2, March 3", 2, m) == 2 && m[0] == 301 && m[1] == 302);
    CHECK(mentions("", 8, m) == 0 && mentions("5", 8, m) == 0 && mentions("June", 8, m) == 0);
}

TEST(text_is_alpha_every_value)
{
    for (int c = -300; c < 600; c++)
        CHECK(tu_is_alpha(c) == ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')));
}

TEST(text_count_words)
{
    CHECK(tu_count_words("", 0) == 0);
    const char *cases[][2] = {
        { "don't stop", "2" }, { "90,000 people", "3" }, { "3.5 x", "3" },
        { "\xc3\xa9tat-major e-\xc3\xa9t\xc3\xa9", "3" }, { "a\xe2\x80\x99" "b Z\xc3\xbcrich", "2" },
        { " x - y 'quoted' ", "3" }, { "\xe5\x8c\x97\xe4\xba\xac \xff\xfe ab\xc3", "2" },
        { "word-", "1" }, { "--a--b--", "2" }, { "a''b", "2" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        CHECK(tu_count_words(cases[k][0], strlen(cases[k][0])) == (size_t)(cases[k][1][0] - '0'));
}

/* Random texts of letters, digits, joiners, spaces and multi-byte or bad
 * bytes: 32, sixteen or eight ASCII bytes at a time (the last fewer than
 * 32 as the text's last 32) count what a byte at a time counts, whatever
 * the bytes around a block. */
TEST(text_count_words_ascii_fast_path_agrees)
{
    static const char *const parts[] = {
        "a", "Z", "7", "'", "-", " ", "  ", ".", ",", "\xc3\xa9", "\xe2\x80\x99", "\xe5\x8c\x97",
        "\xff", "\xc3", "--", "''", "x'y", "a-b", "word", "Words ", "9,000", "@", "\t", "_",
    };
    uint64_t state = 0x853c49e6748fea9bULL;
    char text[512];
    size_t differ = 0, total = 0;
    for (int round = 0; round < 40000; round++) {
        size_t len = test_random_text(&state, parts, sizeof parts / sizeof *parts, 1 + (size_t)round % 70, text);
        size_t fast = tu_count_words(text, len), slow = tu_count_words_bytewise(text, len);
        differ += fast != slow;
        total += fast;
    }
    CHECK(differ == 0);
    CHECK(total > 40000);
}

/* Long ASCII texts, mostly one-letter words: the sixteen-byte blocks count
 * what a byte at a time counts past the 255 blocks a byte of their counts
 * can hold. */
TEST(text_count_words_long_ascii_agrees)
{
    static const char *const parts[] = { "a ", "b ", "7 ", "x-y ", "it's ", "a--b ", "Word ", ". " };
    static char text[24 * 1024];
    uint64_t state = 0x2545f4914f6cdd1dULL;
    size_t differ = 0, total = 0;
    for (int round = 0; round < 8; round++) {
        size_t len = test_random_text(&state, parts, sizeof parts / sizeof *parts, 2000 + (size_t)round * 700, text);
        size_t fast = tu_count_words(text, len), slow = tu_count_words_bytewise(text, len);
        differ += fast != slow;
        total += fast;
    }
    CHECK(differ == 0);
    CHECK(total > 8 * 2000);
}

/* A word at every other byte, for 300 blocks of 32 bytes and more: each
 * byte of the wide blocks' counts gains one a block, so a count kept past
 * 255 blocks wraps; and the same behind a few bytes, so that the blocks
 * fall elsewhere. */
TEST(text_count_words_every_other_byte)
{
    static char text[300 * 32 + 64];
    for (size_t shift = 0; shift < 4; shift++) {
        size_t len = 0;
        for (size_t i = 0; i < shift; i++)
            text[len++] = '.';
        for (; len + 2 <= sizeof text; len += 2) {
            text[len] = (char)('a' + len % 26);
            text[len + 1] = ' ';
        }
        CHECK(tu_count_words(text, len) == tu_count_words_bytewise(text, len));
        CHECK(tu_count_words(text, len) == (len - shift) / 2);
    }
}

/* Random bytes, spaces and capitals: the 32-, 16- and eight-byte
 * lowercasing and double-space search give what a byte at a time gives, at
 * every length and offset (to 100 bytes: a pair past the first 32 too). */
TEST(text_lower_copy_and_double_space_agree)
{
    static const unsigned char alphabet[] = { ' ', ' ', ' ', 'A', 'Z', 'a', 'z', '@', '[', '`', '{',
                                              '0', 0x7f, 0x80, 0xc1, 0xc3, 0xdb, 0xe1, 0xfa, 0xff };
    /* for the digit search, each byte mapped to one of these */
    static const unsigned char near_digits[] = { '/', '0', '9', ':', 0xb0, 0xb9, 'a', 'b', 'c', 'd', 'e' };
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    char text[112], lower[112];
    size_t differ = 0, found = 0, digits = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = (size_t)round % 101;
        for (size_t k = 0; k < len; k++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            text[k] = (char)alphabet[(state >> 33) % sizeof alphabet];
        }
        tu_lower_copy(lower, text, len);
        for (size_t k = 0; k < len; k++)
            differ += lower[k] != (char)tu_lower((unsigned char)text[k]);
        size_t want = 0;
        while (want + 1 < len && !(text[want] == ' ' && text[want + 1] == ' '))
            want++;
        if (want + 1 >= len)
            want = len;
        size_t got = tu_find_double_space(text, len);
        differ += got != want;
        found += got < len;
        /* and the first digit from a place in a text of digits' neighbours */
        for (size_t k = 0; k < len; k++)
            lower[k] = (char)near_digits[(unsigned char)text[k] % sizeof near_digits];
        size_t from = (size_t)(state >> 40) % (len + 1), digit = from;
        while (digit < len && !tu_is_digit((unsigned char)lower[digit]))
            digit++;
        differ += tu_find_digit(lower, from, len) != digit;
        digits += digit < len;
    }
    CHECK(differ == 0);
    CHECK(found > 5000);
    CHECK(digits > 5000);
}

/* Random texts and needles of a few bytes (high ones too), needles cut
 * from the text or made up: the search 32 or sixteen places at a time
 * finds what comparing at every place finds, at every length, and a
 * needle at the very end or in the last places, the ones left to the
 * byte loop or read again as the last 32. */
TEST(text_contains_agrees)
{
    static const unsigned char alphabet[] = { 'a', 'b', 'a', ' ', 0xc2, 0xa9, 'A' };
    uint64_t state = 0xbb67ae8584caa73bULL;
    char text[160], needle[24];
    size_t differ = 0, found = 0, at_end = 0, at_end_wide = 0;
    for (int round = 0; round < 80000; round++) {
        size_t n = (size_t)round % 140, m = 1 + (size_t)(round / 140) % 20;
        for (size_t k = 0; k < n; k++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            text[k] = (char)alphabet[(state >> 33) % sizeof alphabet];
        }
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        if (m <= n && (state >> 60) < 12) { /* cut from the text, often at its end */
            size_t from = (state >> 60) < 4 ? n - m : (size_t)(state >> 20) % (n - m + 1);
            memcpy(needle, text + from, m);
        } else {
            for (size_t k = 0; k < m; k++) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                needle[k] = (char)alphabet[(state >> 33) % sizeof alphabet];
            }
        }
        int want = 0;
        for (size_t i = 0; i + m <= n && !want; i++)
            want = memcmp(text + i, needle, m) == 0;
        int got = tu_contains(text, n, needle, m);
        differ += got != want;
        found += want;
        at_end += want && m <= n && memcmp(text + n - m, needle, m) == 0 && n - m >= 16;
        at_end_wide += want && m <= n && memcmp(text + n - m, needle, m) == 0 && n - m >= 40;
    }
    CHECK(differ == 0);
    CHECK(found > 20000 && found < 70000);
    CHECK(at_end > 1000);
    CHECK(at_end_wide > 1000);
    CHECK(tu_contains("abc", 3, "", 0) && !tu_contains("", 0, "a", 1) && !tu_contains("ab", 2, "abc", 3));
}

/* Random texts of month names, days, spaces, dots and accented letters:
 * looking only beside digits finds what looking at every word finds. */
TEST(text_date_day_mentions_beside_digits)
{
    static const char *const parts[] = {
        "March", "march", "Mar", "Sept", "Sept.", "May", "mai", "M\xc3\xa4rz", "ao\xc3\xbbt",
        "x", "Zx", "\xc3\xa9", "\xc3\x84", "5", "12", "31", "32", "123", "2024", "3rd", " ",
        "  ", ".", ". ", ",", "of ", "-", "\xe2\x80\x99",
    };
    uint64_t state = 0x2545f4914f6cdd1dULL;
    char text[256];
    size_t differ = 0, total = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = test_random_text(&state, parts, sizeof parts / sizeof *parts, 12, text);
        uint16_t a[8], b[8];
        size_t max = 1 + (size_t)(state >> 60) % 8;
        size_t na = date_day_mentions(text, len, a, max);
        size_t nb = date_day_mentions_every_word(text, len, b, max);
        differ += na != nb || memcmp(a, b, na * sizeof *a) != 0;
        total += na;
    }
    CHECK(differ == 0);
    CHECK(total > 1000);
}

/* Parts of random texts of month names, days, years, separators and
 * accented letters. */
static const char *const date_parts[] = {
    "March", "march", "Mar", "Sept.", "May", "M\xc3\xa4rz", "x", "Zx", "\xc3\xa9", "5", "12",
    "31", "2024", "1999", "3rd", "of ", " ", "  ", ".", ", ", "-", "/", "2024-03-0", "T",
    "4 March 2024", "March 4, 2024", "2024-03-04", "04.03.2024", "12/31/2024", " 7 ",
};

/* Random texts of date_parts: trying only the words before the last digit
 * finds the date trying every word finds. */
TEST(text_date_find_before_the_last_digit)
{
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    char text[256];
    size_t differ = 0, found = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = test_random_text(&state, date_parts, sizeof date_parts / sizeof *date_parts, 10, text);
        char a[11] = "", b[11] = "";
        size_t as = 0, ae = 0, bs = 0, be = 0;
        int fa = date_find(text, len, a, &as, &ae), fb = date_find_every_word(text, len, b, &bs, &be);
        differ += fa != fb || (fa && (strcmp(a, b) != 0 || as != bs || ae != be));
        found += fa;
    }
    CHECK(differ == 0);
    CHECK(found > 5000);
}

/* Random texts of date_parts: date_find_opening finds what date_find finds when
 * that starts at or before the place given, and nothing when it starts
 * after it, at every place. */
TEST(text_date_find_opening_agrees)
{
    uint64_t state = 0x243f6a8885a308d3ULL;
    char text[256];
    size_t differ = 0, found = 0, missed = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len =
            test_random_text(&state, date_parts, sizeof date_parts / sizeof *date_parts, 1 + (size_t)round % 8, text);
        size_t last_start = (size_t)round % 23;
        char a[11] = "", b[11] = "";
        size_t as = 0, ae = 0, bs = 0, be = 0;
        int fa = date_find(text, len, a, &as, &ae), fb = date_find_opening(text, len, last_start, b, &bs, &be);
        int want = fa && as <= last_start;
        differ += want != fb || (fb && (strcmp(a, b) != 0 || as != bs || ae != be));
        found += fb;
        missed += fa && !fb;
    }
    CHECK(differ == 0);
    CHECK(found > 2000);
    CHECK(missed > 500);
}

TEST(text_date_find_every_month_name)
{
    static const struct {
        const char *name;
        int month;
    } names[] = {
        { "january", 1 }, { "February", 2 }, { "MARCH", 3 }, { "april", 4 }, { "may", 5 },
        { "june", 6 }, { "july", 7 }, { "august", 8 }, { "september", 9 }, { "october", 10 },
        { "november", 11 }, { "december", 12 }, { "Jan", 1 }, { "Feb.", 2 }, { "mar", 3 },
        { "Sept.", 9 }, { "sep", 9 }, { "Dec", 12 }, { "januar", 1 }, { "februar", 2 },
        { "M\xc3\xa4rz", 3 }, { "mai", 5 }, { "juni", 6 }, { "juli", 7 }, { "oktober", 10 },
        { "dezember", 12 }, { "janvier", 1 }, { "f\xc3\xa9vrier", 2 }, { "mars", 3 }, { "avril", 4 },
        { "juin", 6 }, { "juillet", 7 }, { "ao\xc3\xbbt", 8 }, { "septembre", 9 }, { "octobre", 10 },
        { "novembre", 11 }, { "d\xc3\xa9" "cembre", 12 }, { "enero", 1 }, { "febrero", 2 },
        { "marzo", 3 }, { "abril", 4 }, { "mayo", 5 }, { "junio", 6 }, { "julio", 7 }, { "agosto", 8 },
        { "septiembre", 9 }, { "octubre", 10 }, { "noviembre", 11 }, { "diciembre", 12 },
        { "gennaio", 1 }, { "febbraio", 2 }, { "aprile", 4 }, { "maggio", 5 }, { "giugno", 6 },
        { "luglio", 7 }, { "settembre", 9 }, { "ottobre", 10 }, { "dicembre", 12 }, { "januari", 1 },
        { "februari", 2 }, { "maart", 3 }, { "mei", 5 }, { "augustus", 8 }, { "janeiro", 1 },
        { "fevereiro", 2 }, { "mar\xc3\xa7o", 3 }, { "maio", 5 }, { "junho", 6 }, { "julho", 7 },
        { "setembro", 9 }, { "outubro", 10 }, { "dezembro", 12 },
    };
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        char text[64], date[11], want[11];
        size_t ds, de;
        snprintf(text, sizeof text, "on 3 %s 2021", names[k].name);
        snprintf(want, sizeof want, "2021-%02d-03", names[k].month);
        CHECK(date_find(text, strlen(text), date, &ds, &de) && strcmp(date, want) == 0);
    }
    /* not months: too short, too long, other words of the same letters */
    static const char *const others[] = { "ma", "marches", "junior", "septembers", "dece", "Mr" };
    for (size_t k = 0; k < sizeof others / sizeof *others; k++) {
        char text[64], date[11];
        size_t ds, de;
        snprintf(text, sizeof text, "on 3 %s 2021", others[k]);
        CHECK(!date_find(text, strlen(text), date, &ds, &de));
    }
}

/* Every word of up to three pieces: function words of several languages,
 * their letters and neighbours: the table (a key of the word's bytes in the
 * one slot its hash and its bucket's displacement give) answers what the
 * lists answer, word by word. */
TEST(text_lang_word_lengths_filter_agrees)
{
    static const char *const parts[] = {
        "", "the", "and", "of", "der", "und", "le", "et", "de", "y", "i", "\xd0\xb8", "\xd0\xb2",
        "\xc3\xa9t\xc3\xa9", "which", "also", "t", "h", "e", "s", "a", "x", "z", "\xc3\xa0",
        "\xd1\x87\xd1\x82\xd0\xbe", "olarak", "przez", "\xce\xba",
    };
    enum { N = sizeof parts / sizeof *parts };
    lang_table t;
    REQUIRE(lang_table_init(&t, NULL) == NP_OK);
    size_t differ = 0, known = 0;
    for (size_t a = 0; a < N; a++)
        for (size_t b = 0; b < N; b++)
            for (size_t c = 0; c < N; c++) {
                char word[64];
                int n = snprintf(word, sizeof word, "%s%s%s", parts[a], parts[b], parts[c]);
                uint32_t fast = lang_word_languages(&t, word, (size_t)n, 0);
                differ += fast != lang_word_languages(&t, word, (size_t)n, 1);
                known += fast != 0;
            }
    lang_table_free(&t);
    CHECK(differ == 0);
    CHECK(known > 100 && known < 1000);
}

/* Function words are stopwords in their own language only: German "und",
 * "der", "ist" in a German text (they made two unrelated German reports
 * alike); English "will" and "die" stay words in English, and German "will"
 * ("wants") a word's function in German; a language without a list of its
 * own keeps the English one. */
TEST(text_stopwords_of_each_language)
{
    analyser *an = NULL;
    REQUIRE(analyser_new(&an, NULL) == NP_OK);
    CHECK(analyser_is_stopword(an, "de", "und", 3));
    CHECK(analyser_is_stopword(an, "de", "der", 3));
    CHECK(analyser_is_stopword(an, "de", "f\xc3\xbcr", 4));
    CHECK(!analyser_is_stopword(an, "de", "hafen", 5));
    CHECK(!analyser_is_stopword(an, "en", "und", 3));
    CHECK(!analyser_is_stopword(an, "en", "die", 3));
    CHECK(analyser_is_stopword(an, "en", "the", 3));
    CHECK(!analyser_is_stopword(an, "de", "the", 3));
    CHECK(analyser_is_stopword(an, "fr", "les", 3));
    CHECK(analyser_is_stopword(an, "es", "los", 3));
    CHECK(analyser_is_stopword(an, "it", "della", 5));
    CHECK(analyser_is_stopword(an, "pt", "n\xc3\xa3o", 4));
    CHECK(analyser_is_stopword(an, "nl", "het", 3));
    CHECK(analyser_is_stopword(an, "sw", "the", 3));
    CHECK(analyser_is_stopword(an, "xx", "the", 3));
    /* the languages Snowball stems beside those, and Polish and
     * Ukrainian, which it does not */
    static const char *const stops[][2] = {
        { "sv", "och" }, { "da", "og" }, { "ru", "в" }, { "ru", "около" }, { "uk", "і" },
        { "pl", "się" }, { "tr", "ve" }, { "fi", "ja" }, { "id", "yang" }, { "ro", "și" }, { "ro", "şi" },
        { "el", "και" }, { "el", "της" }, { "ar", "في" }, { "hi", "और" },
    };
    for (size_t k = 0; k < sizeof stops / sizeof *stops; k++)
        CHECK(analyser_is_stopword(an, stops[k][0], stops[k][1], strlen(stops[k][1])));
    CHECK(!analyser_is_stopword(an, "ru", "мост", strlen("мост")));
    CHECK(!analyser_is_stopword(an, "en", "go", 2)); /* Polish "go" is Polish's */
    CHECK(!analyser_is_stopword(an, "en", "och", 3));
    /* Chinese particles and Japanese hiragana, a character a word; not a
     * character that also opens content words (zhong of Zhongguo), nor
     * kanji and katakana */
    CHECK(analyser_is_stopword(an, "zh", "的", strlen("的")));
    CHECK(analyser_is_stopword(an, "zh", "被", strlen("被")));
    CHECK(!analyser_is_stopword(an, "zh", "中", strlen("中")));
    CHECK(!analyser_is_stopword(an, "zh", "雨", strlen("雨")));
    CHECK(!analyser_is_stopword(an, "en", "的", strlen("的")));
    CHECK(analyser_is_stopword(an, "ja", "の", strlen("の")));
    CHECK(analyser_is_stopword(an, "ja", "を", strlen("を")));
    CHECK(!analyser_is_stopword(an, "ja", "台", strlen("台")));
    CHECK(!analyser_is_stopword(an, "ja", "ス", strlen("ス")));
    CHECK(!analyser_is_stopword(an, "ja", "the", 3));
    /* Thai, Lao, Khmer and Burmese, a word each once segmented */
    CHECK(analyser_is_stopword(an, "th", "ที่", strlen("ที่")));
    CHECK(analyser_is_stopword(an, "th", "และ", strlen("และ")));
    CHECK(!analyser_is_stopword(an, "th", "ข้าว", strlen("ข้าว")));
    CHECK(analyser_is_stopword(an, "lo", "ແລະ", strlen("ແລະ")));
    CHECK(analyser_is_stopword(an, "km", "និង", strlen("និង")));
    CHECK(analyser_is_stopword(an, "my", "သည်", strlen("သည်")));
    /* Korean and Hebrew, a word between spaces */
    CHECK(analyser_is_stopword(an, "ko", "그리고", strlen("그리고")));
    CHECK(analyser_is_stopword(an, "ko", "말했다", strlen("말했다")));
    CHECK(!analyser_is_stopword(an, "ko", "정부", strlen("정부")));
    CHECK(!analyser_is_stopword(an, "ko", "the", 3));
    CHECK(analyser_is_stopword(an, "he", "של", strlen("של")));
    CHECK(!analyser_is_stopword(an, "he", "גשר", strlen("גשר")));
    CHECK(!analyser_is_stopword(an, "en", "และ", strlen("และ")));

    /* in an analysis: the German text's function words carry no stem */
    arena mem;
    arena_init(&mem, np_default_allocator(), 64 * 1024);
    static const char *const paras[] = { "Der Hafen ist seit Dienstag geschlossen und die Schiffe warten." };
    np_article a;
    memset(&a, 0, sizeof a);
    a.id = "de";
    a.lang = "de";
    a.paragraphs = (const char **)paras;
    a.n_paragraphs = 1;
    analysis x;
    REQUIRE(analyse_article(an, &a, 0, &mem, &x) == NP_OK);
    REQUIRE(x.n_tokens == 10);
    static const int stop[] = { 1, 0, 1, 1, 0, 0, 1, 1, 0, 0 };
    for (size_t k = 0; k < 10; k++)
        CHECK(((x.tokens[k].flags & TOK_STOP) != 0) == stop[k]);
    arena_free(&mem);
    analyser_free(an);
}

/* 1 if needle occurs in s[0..len): a place at a time. */
static int contains_naively(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(s + i, needle, n) == 0)
            return 1;
    return 0;
}

/* count random strings of 1 to 10 bytes over a few letters (so that many
 * share their first four bytes or their table slot, and some are shorter
 * than four bytes), into strings and named by table. */
static void random_needles(uint64_t *state, size_t count, char strings[][12], const char **table)
{
    static const char letters[] = "abcd e";
    for (size_t k = 0; k < count; k++) {
        *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t n = 1 + (*state >> 33) % 10;
        for (size_t i = 0; i < n; i++) {
            *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
            strings[k][i] = letters[(*state >> 33) % (sizeof letters - 1)];
        }
        strings[k][n] = '\0';
        table[k] = strings[k];
    }
}

/* Random sets of up to NEEDLES_MAX strings over a few letters (so that
 * many share their first four bytes or their table slot, and some are
 * shorter than four bytes) found in random texts of the same letters:
 * needles_find says of each string what asking each place says.  Then
 * texts of every length up to 100 with one of the strings put in at the
 * end, among the last sixteen bytes (which the eight-places-a-step scan
 * reads again for its last places) or anywhere, asked by that scan (AVX2,
 * where the CPU has it) and by the byte loops (the wide flag cleared). */
TEST(text_needles_find_agrees_with_each_place)
{
    static const char letters[] = "abcd e";
    uint64_t state = 0x3c6ef372fe94f82bULL;
    char strings[NEEDLES_MAX][12];
    const char *table[NEEDLES_MAX];
    char text[200];
    size_t differ = 0, found = 0, at_end = 0;
    for (int round = 0; round < 400; round++) {
        size_t count = 1 + (size_t)round % NEEDLES_MAX;
        random_needles(&state, count, strings, table);
        needle_set set, narrow;
        needles_make(&set, table, count);
        narrow = set;
        narrow.wide = 0;
        for (int t = 0; t < 50; t++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t len = (state >> 33) % sizeof text;
            for (size_t i = 0; i < len; i++) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                text[i] = letters[(state >> 33) % 4]; /* a-d: the strings' own letters mostly */
            }
            uint64_t fast = needles_find(&set, text, len), slow = 0;
            for (size_t k = 0; k < count; k++)
                slow |= (uint64_t)contains_naively(text, len, table[k]) << k;
            differ += fast != slow;
            found += (size_t)__builtin_popcountll(fast);
        }
        for (size_t len = 0; len <= 100 && round < 120; len++) {
            for (size_t i = 0; i < len; i++) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                text[i] = letters[(state >> 33) % (sizeof letters - 1)];
            }
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            const char *put = table[(state >> 33) % count];
            size_t n = strlen(put);
            if (n <= len) {
                size_t r = (size_t)(state >> 20) % 3, last = len - n;
                size_t at = r == 0 ? last : r == 1 ? last - (last < 12 ? last : (size_t)(state >> 40) % 12)
                                                   : (size_t)(state >> 40) % (last + 1);
                memcpy(text + at, put, n);
                at_end += at + 16 >= len && n >= 4;
            }
            uint64_t slow = 0;
            for (size_t k = 0; k < count; k++)
                slow |= (uint64_t)contains_naively(text, len, table[k]) << k;
            differ += needles_find(&set, text, len) != slow;
            differ += needles_find(&narrow, text, len) != slow;
            found += (size_t)__builtin_popcountll(slow);
        }
    }
    CHECK(differ == 0);
    CHECK(found > 10000);
    CHECK(at_end > 5000);
}

/* One analyser given articles of several languages in turn (one after
 * another of the same, a code too long to keep, none) analyses each as a
 * new analyser does: the language's stemmer, stopwords, number words,
 * decimal comma and way of reading found for each article, not left from
 * the one before. */
TEST(text_analyse_languages_in_turn)
{
    static const struct {
        const char *lang, *text;
    } cases[] = {
        { "de", "Die Arbeiter streikten, 3,5 Prozent und 2.400 Mitglieder seit sieben Tagen." },
        { "de", "Die Arbeiter streikten, 3,5 Prozent und 2.400 Mitglieder seit sieben Tagen." },
        { "en", "The workers were striking, 3,5 percent and seven running members." },
        { "es", "Los trabajadores en huelga, 3,5 por ciento y siete miembros." },
        { "en", "The workers were striking, 3,5 percent and seven running members." },
        { NULL, "The workers were striking, 3,5 percent and seven running members." },
        { "und", "The workers were striking, 3.5 percent and seven running members." },
        { "fr", "Les travailleurs en grève, 3,5 pour cent et sept membres." },
        { "a-language-code-too-long", "The workers were striking, 3,5 percent and seven running members." },
        { "fr", "Les travailleurs en grève, 3,5 pour cent et sept membres." },
        { "a-language-code-too-long", "Die Arbeiter streikten, 3,5 Prozent." },
        { "ja", "東京のニュースを読む。PCを使う！" },
        { "zh", "暴雨袭击城市。城市政府" },
        { "de", "Die Arbeiter streikten, 3,5 Prozent und 2.400 Mitglieder seit sieben Tagen." },
        { "", "The workers were striking, 3,5 percent and seven running members." },
        { "en", "The workers were striking, 3,5 percent and seven running members." },
    };
    analyser *kept = NULL;
    REQUIRE(analyser_new(&kept, NULL) == NP_OK);
    arena mem;
    arena_init(&mem, np_default_allocator(), 64 * 1024);
    size_t differ = 0;
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *paras[1] = { cases[k].text };
        np_article a = one_paragraph(paras, cases[k].lang);
        analyser *fresh = NULL;
        analysis x, y;
        REQUIRE(analyser_new(&fresh, NULL) == NP_OK);
        REQUIRE(analyse_article(kept, &a, 0, &mem, &x) == NP_OK);
        REQUIRE(analyse_article(fresh, &a, 0, &mem, &y) == NP_OK);
        int same = x.n_tokens == y.n_tokens && x.n_sentences == y.n_sentences && x.decimal_comma == y.decimal_comma;
        for (size_t t = 0; same && t < x.n_tokens; t++)
            same = x.tokens[t].word == y.tokens[t].word && x.tokens[t].stem == y.tokens[t].stem &&
                   x.tokens[t].flags == y.tokens[t].flags;
        if (!same)
            printf("     case %zu (%s) differs\n", k, cases[k].lang ? cases[k].lang : "none");
        differ += !same;
        analyser_free(fresh);
    }
    CHECK(differ == 0);
    analyser_free(kept);
    arena_free(&mem);
}

/* analyse_article_words (cluster --no-rewrites) reads the body's words
 * and sentences as analyse_article does without the title: the same word
 * hashes and sentences, over abbreviations, initials, numbers of both
 * marks, quotes, names, accents and the languages read by their
 * dictionary, and no token records, whatever the analyser read before (a
 * full analysis of the same text first and after). */
TEST(text_analyse_words_as_the_body)
{
    static const char *const texts[][2] = {
        { "en", "Dr. Ana Lopes of the U.N. said 3.5 million people, 90,000 of them children, fled. \"We "
                "can't wait,\" she said! Is it over? J. Smith doesn't think so... The end" },
        { "de", "Streik im Hafen von Harborton: 2.400 Hafenarbeiter legten am Dienstag die Arbeit nieder. "
                "Die Betreiber boten 3,5 Prozent. Café Müller blieb geöffnet." },
        { "zh", "暴雨袭击城市。PC政府说，城市政府将在周二开会！" },
        { "th", "ฉันกินข้าว แม่ไปตลาด" },
        { "en", "" },
    };
    analyser *an = NULL;
    arena mem;
    arena_init(&mem, np_default_allocator(), 64 * 1024);
    REQUIRE(analyser_new(&an, NULL) == NP_OK);
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        const char *paras[2] = { texts[k][1], "A second paragraph, Mr. Lee wrote in 2025." };
        np_article a = one_paragraph(paras, texts[k][0]);
        a.n_paragraphs = 2;
        a.title = "A title of its own";
        for (int round = 0; round < 2; round++) {
            analysis full, words;
            REQUIRE(analyse_article(an, &a, 0, &mem, &full) == NP_OK);
            REQUIRE(analyse_article_words(an, &a, &mem, &words) == NP_OK);
            CHECK(words.n_title_tokens == 0);
            CHECK(words.n_tokens == full.n_tokens && words.n_sentences == full.n_sentences);
            CHECK(words.tokens == NULL);
            for (size_t i = 0; i < words.n_tokens && i < full.n_tokens; i++)
                CHECK(words.words[i] == full.words[i] && full.words[i] == full.tokens[i].word);
            for (size_t s = 0; s < words.n_sentences && s < full.n_sentences; s++)
                CHECK(words.sentences[s].first == full.sentences[s].first &&
                      words.sentences[s].count == full.sentences[s].count);
            CHECK(full.n_tokens > 0 || !*texts[k][1]);
        }
    }
    analyser_free(an);
    arena_free(&mem);
}
