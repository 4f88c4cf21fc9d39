/* unit_jsonscan: the JSONL field scanner against jansson (src/ingest/jsonscan.c):
 * on every line it accepts, jansson reads the same fields; the lines it
 * must leave to jansson are declined. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/jsonscan.h"
#include "test.h"

typedef struct tricky_line {
    const char *bytes;
    size_t len;
    int accept; /* 1: the scanner takes it (and agrees); 0: it declines */
} tricky_line;

/* the length from sizeof, so NUL bytes may be part of a line */
#define ACCEPT(s) { s, sizeof s - 1, 1 }
#define DECLINE(s) { s, sizeof s - 1, 0 }

static const tricky_line tricky[] = {
    ACCEPT("{\"id\":\"a\",\"text\":\"plain\"}"),
    ACCEPT("{}"),
    ACCEPT("{\"text\":\"\"}"),
    /* escapes */
    ACCEPT("{\"text\":\"q \\\" b \\\\ s \\/ \\b \\f \\n \\r \\t end\"}"),
    ACCEPT("{\"text\":\"\\u00e9\\u2019\\uD83D\\uDE00 \\ud83d\\ude00 pair \\uFFFF\\u0041\"}"),
    ACCEPT("{\"text\":\"nul \\u0000 inside\",\"title\":\"a\\u0000b\",\"id\":\"x\\u0000\"}"),
    ACCEPT("{\"text\":\"\\n\",\"id\":\"\\u001f\"}"),
    DECLINE("{\"text\":\"\\ud800 lone high\"}"),
    DECLINE("{\"text\":\"\\udc00 lone low\"}"),
    DECLINE("{\"text\":\"\\ud800\\u0041\"}"),
    DECLINE("{\"text\":\"\\ud800\\n\"}"),
    DECLINE("{\"text\":\"end \\ud800\"}"),
    DECLINE("{\"text\":\"\\ud800\\ud800\"}"),
    DECLINE("{\"text\":\"bad \\x escape\"}"),
    DECLINE("{\"text\":\"bad \\' escape\"}"),
    DECLINE("{\"text\":\"bad \\u12G4\"}"),
    DECLINE("{\"text\":\"short \\u12\"}"),
    DECLINE("{\"text\":\"trailing backslash \\"),
    /* numbers, and ids of every type */
    ACCEPT("{\"id\":42,\"text\":\"x\"}"),
    ACCEPT("{\"id\":-7,\"text\":\"x\"}"),
    ACCEPT("{\"id\":-0,\"text\":\"x\"}"),
    ACCEPT("{\"id\":0,\"text\":\"x\"}"),
    ACCEPT("{\"id\":123456789012345678,\"text\":\"x\"}"),
    ACCEPT("{\"id\":-123456789012345678,\"text\":\"x\"}"),
    DECLINE("{\"id\":1234567890123456789,\"text\":\"x\"}"),
    ACCEPT("{\"id\":1.5,\"text\":\"x\"}"),
    ACCEPT("{\"id\":1e5,\"text\":\"x\"}"),
    ACCEPT("{\"id\":true,\"text\":\"x\"}"),
    ACCEPT("{\"id\":false,\"text\":\"x\"}"),
    ACCEPT("{\"id\":null,\"text\":\"x\"}"),
    ACCEPT("{\"id\":[1],\"text\":\"x\"}"),
    ACCEPT("{\"id\":{\"a\":1},\"text\":\"x\"}"),
    ACCEPT("{\"x\":-0.5e-10,\"y\":0.0,\"z\":1E+2,\"w\":12.25E-07,\"text\":5}"),
    ACCEPT("{\"text\":[\"not\",\"a string\"],\"title\":{}}"),
    DECLINE("{\"x\":1e400,\"text\":\"y\"}"),
    DECLINE("{\"x\":1e-400,\"text\":\"y\"}"),
    DECLINE("{\"x\":99999999999999999999,\"text\":\"y\"}"),
    DECLINE("{\"x\":01,\"text\":\"y\"}"),
    DECLINE("{\"x\":1.,\"text\":\"y\"}"),
    DECLINE("{\"x\":.5,\"text\":\"y\"}"),
    DECLINE("{\"x\":-,\"text\":\"y\"}"),
    DECLINE("{\"x\":+1,\"text\":\"y\"}"),
    DECLINE("{\"x\":1e,\"text\":\"y\"}"),
    DECLINE("{\"x\":0x10,\"text\":\"y\"}"),
    /* values in fields the reader does not take, skipped whole */
    ACCEPT("{\"meta\":{\"a\":[1,{\"b\":\"}{][\"}],\"c\":\"\\\"}\"},\"text\":\"after nested\","
           "\"tags\":[\"x\",\"y\\\"]\",[],{}],\"n\":[[[[null]]]]}"),
    ACCEPT("{\"a\":true,\"b\":false,\"c\":null,\"d\":[true,false,null,-1,2.5],\"text\":\"t\"}"),
    DECLINE("{\"x\":[1,],\"text\":\"y\"}"),
    DECLINE("{\"x\":{\"a\":1,},\"text\":\"y\"}"),
    DECLINE("{\"x\":{\"a\"},\"text\":\"y\"}"),
    DECLINE("{\"x\":{1:2},\"text\":\"y\"}"),
    DECLINE("{\"x\":[1 2],\"text\":\"y\"}"),
    DECLINE("{\"x\":{\"a\\u0000b\":1},\"text\":\"y\"}"),
    DECLINE("{\"x\":{\"k\\\"q\":1},\"text\":\"y\"}"),
    /* repeated keys: the last one counts, whatever its type */
    ACCEPT("{\"text\":\"first\",\"text\":\"second\"}"),
    ACCEPT("{\"text\":\"a\",\"text\":5}"),
    ACCEPT("{\"text\":5,\"text\":\"b\\n\"}"),
    ACCEPT("{\"id\":\"a\",\"text\":\"x\",\"id\":null}"),
    ACCEPT("{\"id\":1,\"text\":\"x\",\"id\":\"two\",\"title\":\"t\",\"title\":[\"u\"]}"),
    /* white space everywhere, and only JSON's four kinds of it */
    ACCEPT(" \t{ \"text\" : \"x\" ,\r\n \"id\" :\t\"y\" , \"z\" : [ 1 , { } ] } \r\n"),
    DECLINE("\f{\"text\":\"x\"}"),
    DECLINE("{\"text\":\"x\"}\f"),
    DECLINE("{\"text\"\v:\"x\"}"),
    /* keys the scanner leaves to jansson */
    DECLINE("{\"t\\u0065xt\":\"x\"}"),
    DECLINE("{\"a\\u0000b\":1,\"text\":\"x\"}"),
    ACCEPT("{\"texts\":\"x\",\"tex\":\"y\",\"\":\"z\",\"Text\":\"w\",\"text\":\"v\"}"),
    /* cut short, or something after the object */
    DECLINE("{\"text\":\"cut o"),
    DECLINE("{\"text\":\"x\""),
    DECLINE("{\"text\":\"x\","),
    DECLINE("{\"text\":"),
    DECLINE("{\"text\""),
    DECLINE("{\"te"),
    DECLINE("{"),
    DECLINE(""),
    DECLINE("   "),
    DECLINE("{\"text\":\"x\"} trailing"),
    DECLINE("{\"text\":\"x\"}{}"),
    DECLINE("{\"text\":\"x\"},"),
    DECLINE("{\"text\":\"x\"}\0"),
    DECLINE("{\"text\":\"x\",}"),
    DECLINE("{,\"text\":\"x\"}"),
    DECLINE("{\"text\" \"x\"}"),
    DECLINE("{'text':'x'}"),
    DECLINE("{\"a\":tru,\"text\":\"x\"}"),
    DECLINE("{\"a\":nulls,\"text\":\"x\"}"),
    DECLINE("{\"a\":null1,\"text\":\"x\"}"),
    DECLINE("{\"a\":True,\"text\":\"x\"}"),
    /* not an object */
    DECLINE("[1,2]"),
    DECLINE("\"just a string\""),
    DECLINE("null"),
    DECLINE("42"),
    /* a byte-order mark is not white space to jansson */
    DECLINE("\xEF\xBB\xBF{\"text\":\"x\"}"),
    /* UTF-8: valid passes, anything else goes to jansson (which fails, and the reader repairs) */
    ACCEPT("{\"text\":\"caf\xC3\xA9 \xE2\x80\x9C \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF\"}"),
    ACCEPT("{\"text\":\"del \x7F\",\"\xC3\xA9t\xC3\xA9\":\"\xC3\xA9\"}"),
    DECLINE("{\"text\":\"\xFF\"}"),
    DECLINE("{\"text\":\"\xC0\x80\"}"),
    DECLINE("{\"text\":\"\xE0\x80\xAF\"}"),
    DECLINE("{\"text\":\"\xED\xA0\x80\"}"),
    DECLINE("{\"text\":\"\xF4\x90\x80\x80\"}"),
    DECLINE("{\"text\":\"\xC3\"}"),
    DECLINE("{\"text\":\"cut \xE2\x80"),
    DECLINE("{\"\xFF\":1,\"text\":\"x\"}"),
    DECLINE("{\"text\":\"x\"} \xFF"),
    /* control bytes inside strings, NUL among them */
    DECLINE("{\"text\":\"a\x01" "b\"}"),
    DECLINE("{\"text\":\"a\tb\"}"),
    DECLINE("{\"text\":\"a\nb\"}"),
    DECLINE("{\"text\":\"a\0b\"}"),
    DECLINE("{\"text\":\"x\",\"o\":\"0123456789\x1f" "0123456789\"}"),
    /* long runs: the 8-byte steps of the string scan, a special byte at each offset */
    ACCEPT("{\"text\":\"0123456789abcdef0123456789abcdef\\\"0123456\\n01234567\xC3\xA9" "0123456\"}"),
    ACCEPT("{\"text\":\"01234567\\\\\",\"id\":\"0123456\\u00e90123456789abcdef\"}"),
    DECLINE("{\"text\":\"0123456789abcdef0123456789abcde\x01" "0123456789\"}"),
    DECLINE("{\"text\":\"0123456789abcdef0123456789abcdef\x80" "0123456789\"}"),
};

TEST(jsonscan_tricky_lines)
{
    for (size_t i = 0; i < sizeof tricky / sizeof tricky[0]; i++) {
        int verdict = jsonscan_crosscheck(tricky[i].bytes, tricky[i].len, NULL);
        CHECK(verdict == tricky[i].accept);
        if (verdict != tricky[i].accept)
            printf("     (line %zu: %.*s: scanner %s)\n", i, (int)tricky[i].len, tricky[i].bytes,
                   verdict < 0 ? "disagrees with jansson" : verdict ? "accepts" : "declines");
    }
}

/* Deeper than the scanner's 32 levels: declined, jansson reads it. */
TEST(jsonscan_deep_nesting_declined)
{
    char line[256];
    for (int depth = 30; depth <= 34; depth++) {
        size_t n = (size_t)snprintf(line, sizeof line, "{\"text\":\"x\",\"deep\":");
        for (int i = 1; i < depth; i++)
            line[n++] = '[';
        for (int i = 1; i < depth; i++)
            line[n++] = ']';
        line[n++] = '}';
        CHECK(jsonscan_crosscheck(line, n, NULL) == (depth <= 32));
    }
}

/* The values themselves, as the reader gets them. */
TEST(jsonscan_decoded_values)
{
    static const char line[] = " {\"id\":-12,\"text\":\"a\\\"b\\u00e9\\uD83D\\uDE00\\u0000z\\/\","
                               "\"title\":\"T\",\"x\":{\"text\":\"inner\"},\"date\":null,"
                               "\"url\":\"u1\",\"url\":\"u2\",\"source\":7.5} ";
    buf out;
    buf_init(&out, NULL);
    jsonscan_field f[JSONSCAN_FIELDS];
    REQUIRE(jsonscan_record(line, sizeof line - 1, &out, f) == NP_OK);
    static const char text[] = "a\"b\xC3\xA9\xF0\x9F\x98\x80\0z/";
    CHECK(f[JSONSCAN_TEXT].kind == JSONSCAN_STRING);
    CHECK(f[JSONSCAN_TEXT].len == sizeof text - 1);
    CHECK(memcmp(f[JSONSCAN_TEXT].string, text, sizeof text) == 0); /* and the NUL after */
    CHECK(f[JSONSCAN_ID].kind == JSONSCAN_INTEGER && f[JSONSCAN_ID].integer == -12);
    CHECK(f[JSONSCAN_TITLE].kind == JSONSCAN_STRING);
    CHECK_STR(f[JSONSCAN_TITLE].string, "T");
    CHECK(f[JSONSCAN_DATE].kind == JSONSCAN_NULL);
    CHECK(f[JSONSCAN_URL].kind == JSONSCAN_STRING);
    CHECK_STR(f[JSONSCAN_URL].string, "u2");
    CHECK(f[JSONSCAN_SOURCE].kind == JSONSCAN_OTHER);
    /* declined: nothing to read */
    CHECK(jsonscan_record("{\"text\":\"x\"", 11, &out, f) == NP_EINPUT);
    buf_free(&out);
}

/* A string's controls: set only when an escape gave a control byte (the
 * reader then asks whether the text is binary) or a surrogate, never for
 * tab, line feed, form feed and carriage return, nor for a string jansson
 * decoded (not looked at). */
TEST(jsonscan_string_controls)
{
    static const struct {
        const char *text;
        int controls;
    } cases[] = {
        { "plain words", 0 }, { "para\\n\\nnext\\tcell\\r\\f", 0 }, { "caf\\u00e9 \\u000a", 0 },
        { "bell\\u0007", 1 }, { "back\\bspace", 1 }, { "nul\\u0000", 1 }, { "esc \\u001B[0m", 1 },
    };
    buf out;
    buf_init(&out, NULL);
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char line[128];
        snprintf(line, sizeof line, "{\"id\":\"x\",\"title\":\"\\u0001\",\"text\":\"%s\"}", cases[k].text);
        jsonscan_field f[JSONSCAN_FIELDS];
        REQUIRE(jsonscan_record(line, strlen(line), &out, f) == NP_OK);
        CHECK(f[JSONSCAN_TEXT].controls == cases[k].controls);
        CHECK(f[JSONSCAN_ID].controls == 0 && f[JSONSCAN_TITLE].controls == 1);
        json_t *object = json_loads(line, JSONSCAN_JANSSON_FLAGS, NULL);
        REQUIRE(object != NULL);
        jsonscan_from_json(object, f);
        CHECK(f[JSONSCAN_TEXT].controls == 1);
        json_decref(object);
    }
    buf_free(&out);
}

static uint64_t next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return *state >> 33;
}

/* Up to 15 pieces drawn from the first n of `pieces`, into s (cap bytes). */
static void random_pieces(char *s, size_t cap, const char *const *pieces, size_t n, uint64_t *state)
{
    size_t len = 0, count = next_random(state) % 16;
    for (size_t i = 0; i < count; i++) {
        const char *piece = pieces[next_random(state) % n];
        size_t m = strlen(piece);
        if (len + m >= cap)
            break;
        memcpy(s + len, piece, m);
        len += m;
    }
    s[len] = '\0';
}

/* Random lines from a few tricky pieces: the scanner never takes a line
 * jansson reads otherwise, and takes most of the well-formed ones. */
TEST(jsonscan_random_lines_agree)
{
    /* what a string may hold, then what breaks one, then JSON's other tokens */
    static const char *const pieces[] = {
        "abc", "0123456789", " ", "{", "}", "[", "]", ",", ":", "\\n", "\\\"", "\\\\", "\\/",
        "\\u00e9", "\\ud83d\\ude00", "\\u0000", "\xC3\xA9", "\xE2\x80\x9C", "\x7F",
        "\\", "\\ud83d", "\\ude00", "\\u12", "\\x", "\xC3", "\xFF", "\x01", "\t", "\"",
        "\"text\":", "\"id\":", "\"title\":", "\"x\":", "\"content\":", "\"maintext\":", "\"headline\":",
        "\"date_publish\":", "\"link\":", "-", "0", "17", "1.5", "e9", "1e999",
        "null", "true", "false", "\"s\"", "\r\n",
    };
    enum { N_STRING = 19, N_BROKEN = 29 };
    static const char *const values[] = {
        "0", "-0", "17", "-5", "123456789012345678", "1234567890123456789", "1.5", "-2.5e-3",
        "1e999", "01", "null", "true", "false", "[1,\"]\"]", "{}", "{\"a\":{\"b\":[]}}", "\"s\"",
    };
    static const char *const templates[] = {
        "{\"text\":\"%s\",\"id\":\"%s\",\"v\":%s}", "{\"id\":%3$s,\"text\":\"%1$s\",\"title\":\"%2$s\"}",
        "{\"x\":[\"%s\",{\"y\":\"%s\"}],\"text\":%s}", "%s%s%s",
        /* the aliases: ranked against each other and the field's own key */
        "{\"content\":\"%s\",\"maintext\":\"%s\",\"body\":%s,\"content\":1}",
        "{\"body\":\"%s\",\"text\":\"%s\",\"published_at\":%s,\"date\":null,\"pubDate\":2}",
    };
    uint64_t state = 0x9E3779B97F4A7C15u;
    size_t n_values = sizeof values / sizeof values[0];
    int accepted = 0, disagreed = 0;
    char a[128], b[128], line[512];
    for (int round = 0; round < 20000; round++) {
        int kind = round % 6;
        /* strings mostly well-formed, now and then broken, or any pieces */
        size_t n = kind == 3 ? sizeof pieces / sizeof pieces[0] : round % 8 == 1 ? N_BROKEN : N_STRING;
        random_pieces(a, sizeof a, pieces, n, &state);
        random_pieces(b, sizeof b, pieces, n, &state);
        const char *value = values[next_random(&state) % n_values];
        int len = snprintf(line, sizeof line, templates[kind], a, b, value);
        int verdict = jsonscan_crosscheck(line, (size_t)len, NULL);
        accepted += verdict == 1;
        if (verdict < 0 && disagreed++ < 5)
            printf("     (disagrees with jansson: %s)\n", line);
    }
    CHECK(disagreed == 0);
    CHECK(accepted > 5000);
}

/* Every line of the example corpus takes the scanner's path. */
TEST(jsonscan_example_corpus_accepted)
{
    const char *dir = getenv("NP_EXAMPLES");
    char path[512];
    snprintf(path, sizeof path, "%s/corpus.jsonl", dir && *dir ? dir : "examples");
    FILE *f = fopen(path, "rb");
    if (!f) {
        test_skip("examples/corpus.jsonl not found (run from the repository root or set NP_EXAMPLES)");
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lines = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        CHECK(jsonscan_crosscheck(line, (size_t)len, NULL) == 1);
        lines++;
    }
    free(line);
    fclose(f);
    CHECK(lines >= 5);
}

/* Random strings of plain runs, escapes, multi-byte characters and, in
 * some, a control byte or a broken sequence, with the special bytes at
 * every offset of the 8-byte steps: the scanner takes what jansson takes
 * and declines what it refuses. */
TEST(jsonscan_random_strings_agree)
{
    static const char *const good[] = {
        "a", "0123456", "abcdefghijklmnop", " ", "\\\"", "\\\\", "\\n", "\\t", "\\/",
        "\\u00e9", "\\ud83d\\ude00", "\xc3\xa9", "\xe2\x80\x99", "\xf0\x9f\x98\x80", "'", "{}[],:",
    };
    static const char *const bad[] = { "\x01", "\x1f", "\x80", "\xc3(", "\\x", "\\udc00", "\xff" };
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    char line[1024];
    size_t wrong = 0, taken = 0;
    for (int round = 0; round < 5000; round++) {
        size_t n = (size_t)snprintf(line, sizeof line, "{\"id\":\"r%d\",\"text\":\"", round);
        int valid = 1;
        for (int k = 0; k < 1 + round % 40; k++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            const char *part = good[(state >> 33) % (sizeof good / sizeof *good)];
            if ((state >> 60) == 0 && round % 3 == 0) {
                part = bad[(state >> 40) % (sizeof bad / sizeof *bad)];
                valid = 0;
            }
            memcpy(line + n, part, strlen(part));
            n += strlen(part);
        }
        n += (size_t)snprintf(line + n, sizeof line - n, "\",\"title\":\"t\"}");
        int verdict = jsonscan_crosscheck(line, n, NULL);
        wrong += verdict != valid;
        taken += verdict == 1;
    }
    CHECK(wrong == 0);
    CHECK(taken > 2500 && taken < 5000);
}

/* A wanted string decoded as it is scanned, at every length up to a few
 * blocks and with its escapes, non-ASCII characters and plain bytes
 * ("~", DEL) at every place: as the last value of its line (its last
 * bytes read one at a time), before another, and a key given twice; each
 * line read as jansson reads it. */
TEST(jsonscan_decoded_as_scanned)
{
    static const char *const parts[] = { "a", "~", "\x7f", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00",
                                         "\xc3\xa9", "\xe2\x80\x99", "\\/", "Z" };
    static const char *const shapes[] = { "{\"text\":\"%s\"}", "{\"text\":\"%s\",\"id\":\"x\"}",
                                          "{\"id\":\"%s\",\"text\":\"%s\",\"title\":\"t\"}",
                                          "{\"title\":\"%s\",\"title\":\"%s\"}" };
    uint64_t state = 0x2545f4914f6cdd1dULL;
    char text[400], line[1000];
    size_t wrong = 0;
    for (size_t n = 0; n <= 100; n++) {
        for (size_t round = 0; round < 12; round++) {
            size_t at = 0;
            for (size_t k = 0; k < n; k++) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                /* mostly plain letters, so that runs reach the blocks */
                const char *part = (state >> 61) == 0 ? parts[(state >> 33) % (sizeof parts / sizeof *parts)]
                                                      : (state >> 40) % 2 ? "a" : "~";
                memcpy(text + at, part, strlen(part));
                at += strlen(part);
            }
            text[at] = '\0';
            const char *shape = shapes[round % (sizeof shapes / sizeof *shapes)];
            int len = snprintf(line, sizeof line, shape, text, text);
            int verdict = jsonscan_crosscheck(line, (size_t)len, NULL);
            if (verdict != 1 && wrong++ < 3)
                printf("     %d: %s\n", verdict, line);
        }
    }
    CHECK(wrong == 0);
}

/* Escapes passed inside the 32-byte blocks: one escape of each kind
 * (and a character of two bytes, a control byte, a bad escape) at every
 * place of a long string, with a second escape 0 to 40 bytes after it,
 * the string ending right after them or a block later, the key before or
 * after it: the line read as jansson reads it (or declined as jansson
 * refuses it), the text's controls set by \b and \u0001 only. */
TEST(jsonscan_escapes_in_blocks)
{
    static const struct {
        const char *escape;
        int valid, controls;
    } kinds[] = {
        { "\\n", 1, 0 }, { "\\\"", 1, 0 }, { "\\\\", 1, 0 }, { "\\/", 1, 0 }, { "\\t", 1, 0 },
        { "\\r", 1, 0 }, { "\\f", 1, 0 }, { "\\b", 1, 1 }, { "\\u0001", 1, 1 }, { "\\u00e9", 1, 0 },
        { "\xc3\xa9", 1, 0 }, { "\x01", 0, 0 }, { "\\x", 0, 0 }, { "\\ ", 0, 0 },
    };
    static const char *const shapes[] = { "{\"id\":\"x\",\"text\":\"%s\"}", "{\"text\":\"%s\",\"id\":\"x\"}" };
    const size_t n_kinds = sizeof kinds / sizeof *kinds;
    buf out;
    buf_init(&out, NULL);
    size_t wrong = 0, lines = 0;
    char text[256], line[400];
    for (size_t a = 0; a < n_kinds; a++)
        for (size_t b = 0; b < n_kinds; b++)
            for (size_t at = 0; at < 70; at++)
                for (size_t gap = 0; gap <= 40; gap += (gap < 3 ? 1 : 9))
                    for (size_t tail = 0; tail <= 33; tail += 33)
                        for (size_t s = 0; s < 2; s++) {
                            size_t n = 0;
                            for (size_t i = 0; i < at; i++)
                                text[n++] = (char)('a' + i % 26);
                            n += (size_t)sprintf(text + n, "%s", kinds[a].escape);
                            for (size_t i = 0; i < gap; i++)
                                text[n++] = (char)('A' + i % 26);
                            n += (size_t)sprintf(text + n, "%s", kinds[b].escape);
                            for (size_t i = 0; i < tail; i++)
                                text[n++] = 'z';
                            text[n] = '\0';
                            int len = snprintf(line, sizeof line, shapes[s], text);
                            int valid = kinds[a].valid && kinds[b].valid;
                            int verdict = jsonscan_crosscheck(line, (size_t)len, NULL);
                            jsonscan_field f[JSONSCAN_FIELDS];
                            np_status st = jsonscan_record(line, (size_t)len, &out, f);
                            int ok = verdict == valid && (st == NP_OK) == valid &&
                                     (!valid || f[JSONSCAN_TEXT].controls == (kinds[a].controls || kinds[b].controls));
                            if (!ok && wrong++ < 3)
                                printf("     %d: %s\n", verdict, line);
                            lines++;
                        }
    CHECK(wrong == 0);
    CHECK(lines > 100000);
    buf_free(&out);
}
