/* util: problem reports, JSON strings and the output sink. */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

#include "cli/cli.h"
#include "common/utf8.h"
#include "ingest/id.h"

void cli_problem(const char *fmt, ...)
{
    /* A problem quotes its input (a JSON parser's "near '...'", a file
     * name): control bytes are written as \xNN, so a hostile file cannot
     * send escape sequences to the terminal.  One write a line. */
    char text[8192], out[2 * sizeof text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    size_t n = (size_t)snprintf(out, sizeof out, "newsprint: ");
    n += utf8_escape_controls(out + n, sizeof out - n - 1, text);
    out[n++] = '\n';
    fwrite(out, 1, n, stderr);
}

void cli_no_article(const char *command, const char *id, const char *db, int stored)
{
    if (stored)
        cli_problem("%s: article '%s' in %s is not grouped yet (an add was interrupted or is running; "
                    "'newsprint add --db %s' groups it)", command, id, db, db);
    else
        cli_problem("%s: no article '%s' in %s (its ids: 'newsprint stories --db %s --format jsonl')", command,
                    id, db, db);
}

int cli_article_id_given(const char *command, const char *id)
{
    if (!id) {
        cli_problem("%s: which article? give its ID (try 'newsprint %s --help')", command, command);
        return 0;
    }
    if (!id[0]) {
        cli_problem("%s: the article ID is an empty name ('': an unset shell variable?), no id", command);
        return 0;
    }
    return 1;
}

int cli_write_params(const char *command, const np_params *params, const char *output)
{
    char text[2048];
    np_params_describe(params, text, sizeof text);
    buf b;
    buf_init(&b, NULL);
    sink out;
    if (buf_puts(&b, text) != NP_OK) {
        cli_problem("%s: out of memory", command);
        buf_free(&b);
        return EXIT_SKIPPED;
    }
    int failed = sink_open(&out, output) != 0;
    if (!failed) {
        int bad = sink_write(&out, &b) != 0;
        failed = sink_close(&out, !bad) != 0 || bad;
    }
    buf_free(&b);
    return failed ? EXIT_SKIPPED : 0;
}

int cli_parse_format(const char *s, out_format *out)
{
    if (strcmp(s, "text") == 0)
        *out = OUT_TEXT;
    else if (strcmp(s, "json") == 0)
        *out = OUT_JSON;
    else if (strcmp(s, "jsonl") == 0)
        *out = OUT_JSONL;
    else if (strcmp(s, "summary") == 0)
        *out = OUT_SUMMARY;
    else if (strcmp(s, "csv") == 0)
        *out = OUT_CSV;
    else
        return 0;
    return 1;
}

void progress_start(progress *p, int quiet, const char *what)
{
    memset(p, 0, sizeof *p);
    p->on = !quiet && isatty(STDERR_FILENO);
    p->start = p->last = np_seconds();
    p->what = what;
}

void progress_inputs(progress *p, const np_reader *reader, char *const *inputs, size_t n)
{
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        if (strcmp(inputs[i], "-") == 0 || stat(inputs[i], &sb) != 0 || !S_ISREG(sb.st_mode))
            return; /* no share nor time left: not every size is known */
        total += (uint64_t)sb.st_size;
    }
    p->reader = reader;
    p->total = total;
}

void progress_tick(progress *p)
{
    p->count++;
    if (!p->on || (p->count & 63))
        return;
    double t = np_seconds();
    if (t - p->last < 0.1)
        return;
    p->last = t;
    double elapsed = t - p->start > 1e-9 ? t - p->start : 1e-9;
    fprintf(stderr, "\r\033[Knewsprint: %llu %s read, %.0f/s", p->count, p->what, (double)p->count / elapsed);
    double share = p->total ? (double)np_reader_bytes_read(p->reader) / (double)p->total : 0;
    if (share > 0.001 && share <= 1) {
        unsigned long left = (unsigned long)(elapsed * (1 - share) / share + 0.5);
        fprintf(stderr, ", %.0f%%, %lu:%02lu:%02lu left", share * 100, left / 3600, left / 60 % 60, left % 60);
    }
}

void progress_note(progress *p, const char *stage)
{
    if (!p->on)
        return;
    unsigned long t = (unsigned long)(np_seconds() - p->start + 0.5);
    fprintf(stderr, "\r\033[Knewsprint: %llu %s read; %s... (%lu:%02lu:%02lu so far)", p->count, p->what, stage,
            t / 3600, t / 60 % 60, t % 60);
}

void progress_stage(void *bar, np_stage stage, const char *step)
{
#ifdef __GLIBC__
    /* a stage or step begins (not a step's "N%"): the free pages the last
     * one's small blocks (slice indexes, posting lists, centroids) leave in
     * the heap go back to the system, so that the next one's blocks, large
     * ones mapped apart (main.c), do not add to them (at 1M articles, the
     * story stage's last steps came 25 MiB above its passes) */
    if (!step || !strchr(step, '%'))
        malloc_trim(0);
#endif
    char what[128];
    snprintf(what, sizeof what, "%s%s%s", np_stage_name(stage), step ? ": " : "", step ? step : "");
    progress_note(bar, what);
}

void progress_end(progress *p)
{
    if (p->on)
        fputs("\r\033[K", stderr);
}

/* The short forms of long options, one meaning in every command. */
static const char *short_form(const char *name)
{
    static const char *const forms[][2] = {
        { "--output", "-o" }, { "--threads", "-j" }, { "--param", "-p" }, { "--quiet", "-q" }, { "--help", "-h" },
    };
    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++)
        if (strcmp(name, forms[k][0]) == 0)
            return forms[k][1];
    return NULL;
}

int cli_flag(const char *arg, const char *name)
{
    const char *short_name = short_form(name);
    return strcmp(arg, name) == 0 || (short_name && strcmp(arg, short_name) == 0);
}

int cli_option(const char *command, int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    const char *short_name = short_form(name);
    int joined = strncmp(arg, name, n) == 0 && arg[n] == '=';
    if (joined)
        *value = arg + n + 1;
    else if (short_name && strncmp(arg, short_name, 2) == 0 && arg[2] != '\0')
        *value = arg + 2; /* -j2, -ofile: a short form's value attached */
    else if (cli_flag(arg, name))
        *value = *i + 1 < argc ? argv[++*i] : NULL;
    else
        return 0;
    if (!*value || !**value) {
        cli_problem("%s: %s needs a value%s", command, joined ? name : arg, *value ? ", not an empty one" : "");
        *value = NULL;
    }
    return 1;
}

int cli_parse_param(const char *command, const char *arg, np_params *params)
{
    char name[64];
    const char *eq = arg ? strchr(arg, '=') : NULL;
    size_t n = eq ? (size_t)(eq - arg) : 0;
    if (!eq || n == 0) {
        cli_problem("%s: --param wants NAME=VALUE (see 'newsprint cluster --explain-params'), not '%s'",
                    command, arg ? arg : "");
        return 0;
    }
    snprintf(name, sizeof name, "%.*s", (int)n, arg); /* a longer name is no parameter's */
    if (n < sizeof name && np_params_set(params, name, eq + 1) == NP_OK)
        return 1;
    double lo, hi;
    int integer;
    if (n >= sizeof name || !np_params_range(name, &lo, &hi, &integer)) {
        char known[1024];
        size_t at = 0;
        for (size_t k = 0; np_params_name(k) && at < sizeof known; k++)
            at += (size_t)snprintf(known + at, sizeof known - at, "%s%s", k ? ", " : "", np_params_name(k));
        cli_problem("%s: unknown parameter '%.*s'; known: %s", command, (int)n, arg, known);
    } else {
        cli_problem("%s: parameter '%s': value '%s' is not a %s in [%.10g, %.10g]", command, name, eq + 1,
                    integer ? "whole number" : "number", lo, hi);
    }
    return 0;
}

int cli_parse_threads(const char *command, const char *s, size_t *out)
{
    char *end;
    long v = s[0] >= '0' && s[0] <= '9' ? strtol(s, &end, 10) : 0;
    if (v < 1 || v > 64 || *end != '\0') {
        cli_problem("%s: --threads wants a number from 1 to 64, not '%s'", command, s);
        return 0;
    }
    *out = (size_t)v;
    return 1;
}

int cli_parse_number(const char *command, const char *name, const char *s, long min, long max, const char *unit,
                     unsigned *out)
{
    char *end = "";
    long v = s[0] >= '0' && s[0] <= '9' ? strtol(s, &end, 10) : -1;
    if (v < min || v > max || *end != '\0') {
        cli_problem("%s: %s wants %ld..%ld%s%s, not '%s'", command, name, min, max, unit ? " " : "", unit ? unit : "",
                    s);
        return 0;
    }
    *out = (unsigned)v;
    return 1;
}

size_t cli_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (size_t)n;
}

int cli_inputs_last(char **argv, int i, int n_gathered)
{
    memmove(argv + i - n_gathered, argv + 1, (size_t)n_gathered * sizeof *argv);
    return i - n_gathered;
}

void cli_note_explain(const char *command, int explain, out_format format)
{
    if (explain && format == OUT_CSV)
        cli_problem("%s: --explain is not applied: it adds the evidence to text, json and jsonl, and csv has "
                    "no column for it", command);
}

int cli_check_files(const char *command, const char *output, const char *const *inputs, size_t n)
{
    int stdin_named = 0;
    for (size_t i = 0; i < n; i++) {
        if (!inputs[i][0]) {
            cli_problem("%s: input %zu is an empty name ('': an unset shell variable?), no file", command, i + 1);
            return EXIT_USAGE;
        }
        if (strcmp(inputs[i], "-") == 0 && stdin_named++) {
            cli_problem("%s: - (standard input) given twice: it can be read once", command);
            return EXIT_USAGE;
        }
    }
    struct stat out, in;
    if (!output || strcmp(output, "-") == 0 || stat(output, &out) != 0 || !S_ISREG(out.st_mode))
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(inputs[i], "-") == 0 || stat(inputs[i], &in) != 0 || in.st_dev != out.st_dev ||
            in.st_ino != out.st_ino)
            continue;
        if (strcmp(inputs[i], output) == 0)
            cli_problem("%s: -o %s is also an input: it would be written over (give another file)", command,
                        output);
        else
            cli_problem("%s: -o %s is the input %s: it would be written over (give another file)", command,
                        output, inputs[i]);
        return EXIT_USAGE;
    }
    return 0;
}

int cli_check_staged_files(const char *command, const char *const *inputs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(inputs[i], "-") == 0) {
            cli_problem("%s: - (standard input) is not read here: shards, pairs and links files are given by name",
                        command);
            return EXIT_USAGE;
        }
    return 0;
}

/* 1 when inputs a and b are one file or directory (not standard input). */
static int same_input(const char *a, const char *b)
{
    struct stat sa, sb;
    return strcmp(a, "-") != 0 && strcmp(b, "-") != 0 && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
           sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void cli_note_repeats(const char *command, const char *const *inputs, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t first = i, times = 0;
        for (size_t k = 0; k < n; k++)
            if (k == i || same_input(inputs[i], inputs[k])) {
                first = k < first ? k : first;
                times++;
            }
        /* said once, at the second of them */
        size_t second = first + 1;
        while (second < i && !same_input(inputs[second], inputs[first]))
            second++;
        if (times < 2 || second != i)
            continue;
        struct stat sb;
        const char *what = stat(inputs[i], &sb) == 0 && S_ISDIR(sb.st_mode) ? "directory" : "file";
        char count[32] = "twice";
        if (times > 2)
            snprintf(count, sizeof count, "%zu times", times);
        if (strcmp(inputs[i], inputs[first]) == 0)
            cli_problem("%s: the %s %s is given %s: its articles are read once (the later times each "
                        "is a duplicate id, skipped)", command, what, inputs[i], count);
        else
            cli_problem("%s: %s is the %s %s given before: its articles are read once (the later times each "
                        "is a duplicate id, skipped)", command, inputs[i], what, inputs[first]);
    }
}

void cli_note_date_unread(char *dst, size_t size, const np_record *rec, const np_article *a)
{
    char where[64] = "";
    if (rec->line)
        snprintf(where, sizeof where, ":%llu", (unsigned long long)rec->line);
    snprintf(dst, size,
             "%.300s%s: article \"%.100s\": date \"%.80s\" not read (newsprint reads e.g. "
             "2025-03-04T10:00:00Z, \"Tue, 04 Mar 2025\", 1741082400, 20250304); the article is "
             "dated from its text, if at all",
             input_name(rec->path), where, a->id, a->date_unread);
}

void cli_note_fields_unread(char *dst, size_t size, const np_record *rec, const char *unread)
{
    snprintf(dst, size, "%.300s:%llu: article \"%.100s\": %s not read (a title, url or source is a string)",
             input_name(rec->path), (unsigned long long)rec->line, rec->id, unread);
}

int cli_next_article(np_reader *reader, np_cleaner *cleaner, const np_article **article,
                     unsigned long long *skipped)
{
    for (;;) {
        const np_record *rec;
        np_status st = np_reader_next(reader, &rec);
        if (st == NP_DONE)
            return 0;
        if (st != NP_OK) {
            if (!reader_failure_unnamed(reader)) /* a duplicate id past those named is counted */
                cli_problem("%s", np_errmsg(reader));
            (*skipped)++;
            continue;
        }
        if (np_clean(cleaner, rec, article) != NP_OK) {
            cli_problem("%s", np_errmsg(cleaner));
            (*skipped)++;
            continue;
        }
        /* what the cluster reader names, in the same words */
        char note[900];
        if ((*article)->date_unread) {
            cli_note_date_unread(note, sizeof note, rec, *article);
            cli_problem("%s", note);
        }
        const char *unread = reader_fields_unread(reader);
        if (unread) {
            cli_note_fields_unread(note, sizeof note, rec, unread);
            cli_problem("%s", note);
        }
        return 1;
    }
}

void cli_duplicates_unnamed(const char *command, uint64_t duplicates)
{
    if (duplicates > READER_DUPLICATES_NAMED)
        cli_problem("%s%s%llu more records skipped for a duplicate id (an earlier article has it)",
                    command ? command : "", command ? ": " : "",
                    (unsigned long long)(duplicates - READER_DUPLICATES_NAMED));
}

/* The files a directory walk did not read: .json files that hold no JSONL
 * of articles, and files whose names say they are no article (passed
 * over, not said when quiet). */
static void say_walk_skips(np_reader *reader, const char *command, int quiet)
{
    const char *json_names;
    unsigned kinds;
    uint64_t json_unnamed = reader_walk_json_unnamed(reader, &json_names, &kinds);
    char rest[40] = "";
    if (json_unnamed > WALK_JSON_LISTED)
        snprintf(rest, sizeof rest, " and %llu more", (unsigned long long)(json_unnamed - WALK_JSON_LISTED));
    const char *why = kinds == WALK_JSON_SHAPE ? "no JSONL (each an array or an object over several lines)"
                      : kinds == WALK_JSON_NO_TEXT ? "no articles (each an object with no \"text\", \"html\" or \"markdown\" string)"
                      : "no JSONL of articles (each an array, an object over several lines or one with no "
                        "\"text\", \"html\" or \"markdown\" string)";
    if (json_unnamed)
        cli_problem("%s: %llu more .json file%s met in directories skipped as %s: %s%s", command,
                    (unsigned long long)json_unnamed, json_unnamed == 1 ? "" : "s", why, json_names, rest);
    const char *passed_names;
    uint64_t passed = reader_walk_passed_over(reader, &passed_names);
    if (passed && !quiet) {
        char more[40] = "";
        if (passed > WALK_PASSED_LISTED)
            snprintf(more, sizeof more, " and %llu more", (unsigned long long)(passed - WALK_PASSED_LISTED));
        int one = passed == 1;
        cli_problem("%s: passed over %llu file%s met in %s, as %s (name %s as an input to read it): "
                    "%s%s", command, (unsigned long long)passed, one ? "" : "s", one ? "a directory" : "directories",
                    one ? "its name says it is not an article" : "their names say they are not articles",
                    one ? "it" : "one", passed_names, more);
    }
}

void cli_reader_close(np_reader *reader, const char *command, int quiet, const char *const *inputs,
                      size_t n_inputs)
{
    if (!reader)
        return;
    uint64_t records, skipped, duplicates = reader_duplicates(reader);
    np_reader_counts(reader, &records, &skipped);
    say_walk_skips(reader, command, quiet);
    np_reader_free(reader);
    cli_duplicates_unnamed(command, duplicates);
    if (records || skipped || quiet)
        return;
    char where[600] = "";
    size_t len = 0;
    for (size_t i = 0; i < n_inputs && len < sizeof where; i++) {
        if (i == 3) {
            snprintf(where + len, sizeof where - len, " and %zu more", n_inputs - i);
            break;
        }
        int n = snprintf(where + len, sizeof where - len, "%s%.180s", i ? ", " : "",
                         input_name(inputs[i]));
        len += n > 0 ? (size_t)n : 0;
    }
    cli_problem("%s: no article found in %s", command, where);
}

int cli_first_article(const char *command, const char *path, np_cleaner *cleaner, const np_article **article,
                      unsigned long long *skipped)
{
    np_reader *reader = NULL;
    const char *inputs[] = { path };
    if (np_reader_open(&reader, inputs, 1, NP_FORMAT_AUTO, NULL) != NP_OK) {
        np_reader_free(reader);
        cli_problem("out of memory");
        return 0;
    }
    unsigned long long before = *skipped;
    int ok = cli_next_article(reader, cleaner, article, skipped);
    say_walk_skips(reader, command, 0);
    if (!ok && *skipped == before)
        cli_problem("%s: %s: no article in it", command, input_name(path));
    np_reader_free(reader);
    return ok;
}

/* Of eight bytes read as a little-endian word: the top bit of the first
 * below 0x20 or equal to '"' or '\\' set (such a byte below 0x80 wraps when
 * 0x20 or one is taken from it; a wrap borrows from the byte above it, so
 * only bytes above the first are false alarms), or none. */
static uint64_t json_special(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x80 * ones;
    uint64_t wraps = (x - 0x20 * ones) | ((x ^ '"' * ones) - ones) | ((x ^ '\\' * ones) - ones);
    return wraps & ~x & highs;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/* Of the 32 bytes at s, copied to `to`: bit k set when byte k is one a
 * JSON string escapes. */
__attribute__((target("avx2"))) static inline unsigned json_special32(char *to, const char *s)
{
    const __m256i below = _mm256_set1_epi8(0x1f), quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\');
    __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)s);
    _mm256_storeu_si256((__m256i *)(void *)to, x);
    /* a byte is below 0x20 when the least of it and 0x1f is itself */
    __m256i special = _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(x, below), x),
                                      _mm256_or_si256(_mm256_cmpeq_epi8(x, quote), _mm256_cmpeq_epi8(x, backslash)));
    return (unsigned)_mm256_movemask_epi8(special);
}

/* json_copy_plain thirty-two bytes at a time in AVX2 registers, for len of
 * 32 or more: the last bytes as the last 32, the ones copied before
 * written again as they were. */
__attribute__((target("avx2"))) static size_t json_copy_plain32(char *to, const char *s, size_t len)
{
    size_t i = 0;
    for (; i + 32 <= len; i += 32) {
        unsigned found = json_special32(to + i, s + i);
        if (found)
            return i + (size_t)__builtin_ctz(found);
    }
    if (i == len)
        return len;
    unsigned found = json_special32(to + len - 32, s + len - 32) >> (i - (len - 32));
    return found ? i + (size_t)__builtin_ctz(found) : len;
}
#define JSON_COPY_AVX2 1
#endif

/* Copies to `to` the bytes s[0..len) starts with that a JSON string holds
 * as they are (none below 0x20, no '"', no '\\'), thirty-two (AVX2), sixteen and eight at a time; `to`
 * has room for len bytes, and the bytes after the run may be written too.
 * returns: how many */
static size_t json_copy_plain(char *to, const char *s, size_t len)
{
    size_t i = 0;
#if defined(JSON_COPY_AVX2)
    if (len >= 32 && __builtin_cpu_supports("avx2"))
        return json_copy_plain32(to, s, len);
#endif
    for (; i + 16 <= len; i += 16) {
        uint64_t x, y;
        memcpy(&x, s + i, 8);
        memcpy(&y, s + i + 8, 8);
        memcpy(to + i, &x, 8);
        memcpy(to + i + 8, &y, 8);
        uint64_t sx = json_special(x), sy = json_special(y);
        if (sx | sy)
            return i + (size_t)(sx ? __builtin_ctzll(sx) : 64 + __builtin_ctzll(sy)) / 8;
    }
    if (i + 8 <= len) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        memcpy(to + i, &x, 8);
        uint64_t sx = json_special(x);
        if (sx)
            return i + (size_t)__builtin_ctzll(sx) / 8;
        i += 8;
    }
    for (; i < len && (unsigned char)s[i] >= 0x20 && s[i] != '"' && s[i] != '\\'; i++)
        to[i] = s[i];
    return i;
}

np_status json_put_string(buf *b, const char *s)
{
    if (!s)
        return buf_append(b, "null", 4);
    size_t len = strlen(s);
    /* room for the quotes and the bytes as they are; each escape asks for more */
    np_status st = buf_reserve(b, len + 2);
    if (st != NP_OK)
        return st;
    b->data[b->len++] = '"';
    for (size_t i = 0;;) {
        size_t run = json_copy_plain(b->data + b->len, s + i, len - i);
        b->len += run;
        i += run;
        if (i == len)
            break;
        unsigned char c = (unsigned char)s[i++];
        char esc[8];
        switch (c) {
        case '"': strcpy(esc, "\\\""); break;
        case '\\': strcpy(esc, "\\\\"); break;
        case '\n': strcpy(esc, "\\n"); break;
        case '\t': strcpy(esc, "\\t"); break;
        case '\r': strcpy(esc, "\\r"); break;
        default: snprintf(esc, sizeof esc, "\\u%04x", c); break;
        }
        size_t n = strlen(esc);
        if ((st = buf_reserve(b, n + (len - i) + 1)) != NP_OK) {
            b->data[b->len] = '\0';
            return st;
        }
        memcpy(b->data + b->len, esc, n);
        b->len += n;
    }
    b->data[b->len++] = '"';
    b->data[b->len] = '\0';
    return NP_OK;
}

np_status json_put_fixed3(buf *b, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    unsigned exponent = (unsigned)(bits >> 52 & 0x7ff);
    /* v is m * 2^-shift (m below 2^53, shift from 1: v is below 2^52 here),
     * so v * 1000 is m * 1000 (below 2^63) * 2^-shift, and its integer part
     * and the bits below it tell the rounding of v's exact value to three
     * decimals, ties to even, as printf's %.3f rounds it; not negative
     * zero, not an infinity or NaN, not 10^15 or more: printf's way */
    if (bits >> 63 || exponent == 0x7ff || !(v < 1e15))
        goto printed;
    uint64_t m = (bits & ((1ULL << 52) - 1)) | (exponent ? 1ULL << 52 : 0);
    unsigned shift = exponent ? 1075 - exponent : 1074;
    uint64_t scaled = m * 1000, n = 0;
    if (shift < 64) {
        uint64_t rest = scaled & ((1ULL << shift) - 1), half = 1ULL << (shift - 1);
        n = scaled >> shift;
        n += rest > half || (rest == half && (n & 1));
    } /* else below half a thousandth: 0 */
    char out[32], *p = out + sizeof out;
    uint64_t whole = n / 1000, thousandths = n % 1000;
    for (int k = 0; k < 3; k++, thousandths /= 10)
        *--p = (char)('0' + thousandths % 10);
    *--p = '.';
    do
        *--p = (char)('0' + whole % 10);
    while ((whole /= 10) != 0);
    return buf_append(b, p, (size_t)(out + sizeof out - p));
printed:;
    char num[320]; /* the largest double's 309 digits and ".000" */
    snprintf(num, sizeof num, "%.3f", v);
    return buf_puts(b, num);
}

np_status json_put_key(buf *b, const char *key, int first)
{
    /* keys are the program's own words: escaped only if they need it */
    size_t n = 0;
    while (n <= 60 && ((key[n] >= 'a' && key[n] <= 'z') || (key[n] >= '0' && key[n] <= '9') || key[n] == '_'))
        n++;
    if (n > 60 || key[n]) {
        np_status st = first ? NP_OK : buf_putc(b, ',');
        if (st == NP_OK)
            st = json_put_string(b, key);
        return st == NP_OK ? buf_putc(b, ':') : st;
    }
    char out[64];
    size_t at = 0;
    if (!first)
        out[at++] = ',';
    out[at++] = '"';
    memcpy(out + at, key, n);
    at += n;
    out[at++] = '"';
    out[at++] = ':';
    return buf_append(b, out, at);
}

/* The temporary files of unfinished outputs, removed when Ctrl-C, SIGTERM
 * or SIGHUP ends the process, so an interrupted run leaves nothing beside
 * its -o file: the command's one piece of global state, shared with the
 * signal handler.  A slot is claimed once (atomically) and never reused,
 * and its name is written before it is armed, so the handler reads only
 * whole names; a process with more outputs than slots (the unit tests)
 * leaves the rest to sink_close.  */
enum { TEMP_SLOTS = 4, TEMP_NAME_MAX = 4096 };
static char temp_names[TEMP_SLOTS][TEMP_NAME_MAX];
static volatile sig_atomic_t temp_armed[TEMP_SLOTS];
static atomic_uint temp_claimed;

static void remove_temps_and_die(int sig)
{
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (temp_armed[i])
            unlink(temp_names[i]);
    signal(sig, SIG_DFL);
    raise(sig); /* delivered on return: the process ends as the signal says */
}

/* returns: the slot armed with path, or -1 when none is free */
static int arm_temp(const char *path)
{
    size_t n = strlen(path);
    if (n >= TEMP_NAME_MAX || atomic_load(&temp_claimed) >= TEMP_SLOTS)
        return -1;
    unsigned slot = atomic_fetch_add(&temp_claimed, 1);
    if (slot >= TEMP_SLOTS)
        return -1;
    if (slot == 0) {
        /* a signal the caller ignores (nohup) stays ignored */
        static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
        for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) {
            struct sigaction old, now;
            if (sigaction(signals[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL)
                continue;
            memset(&now, 0, sizeof now);
            now.sa_handler = remove_temps_and_die;
            sigemptyset(&now.sa_mask);
            sigaction(signals[i], &now, NULL);
        }
    }
    memcpy(temp_names[slot], path, n + 1);
    temp_armed[slot] = 1;
    return (int)slot;
}

/* Why the file an output is written to first, beside its name, could not
 * be made, naming the directory: -o /proc/version said only 'cannot
 * create: No such file or directory', where /proc is there but takes no
 * new file. */
static void report_no_temp(const char *path, int why)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", !slash ? 1 : slash == path ? 1 : (int)(slash - path), slash ? path : ".");
    struct stat info;
    if (stat(dir, &info) != 0)
        cli_problem("%s: cannot create: its directory %s: %s", path, dir, strerror(errno));
    else if (!S_ISDIR(info.st_mode))
        cli_problem("%s: cannot create: %s is not a directory", path, dir);
    else
        cli_problem("%s: cannot write: the output is made in a new file beside it (%s.tmp.*), then renamed "
                    "into place, and %s takes no new file: %s", path, slash ? slash + 1 : path, dir, strerror(why));
}

int sink_open(sink *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->temp_slot = -1;
    if (!path || strcmp(path, "-") == 0) {
        s->file = stdout;
        return 0;
    }
    /* through a symbolic link, the file it names is replaced, not the link */
    struct stat link;
    char *real = lstat(path, &link) == 0 && S_ISLNK(link.st_mode) ? realpath(path, NULL) : NULL;
    s->final_path = real ? real : strdup(path);
    if (!s->final_path) {
        cli_problem("out of memory");
        sink_close(s, 0); /* frees what was made */
        return -1;
    }
    path = s->final_path;
    size_t n = strlen(path);
    /* a device, a pipe or a socket (-o /dev/null, -o /dev/stdout) is
     * written as it is: a file renamed over it would replace it */
    struct stat info;
    if (stat(path, &info) == 0 && !S_ISREG(info.st_mode)) {
        s->file = fopen(path, "wb");
        if (!s->file) {
            cli_problem("%s: cannot open for writing: %s", path, strerror(errno));
            sink_close(s, 0); /* frees what was made */
            return -1;
        }
        return 0;
    }
    s->temp_path = malloc(n + 32);
    if (!s->temp_path) {
        cli_problem("out of memory");
        sink_close(s, 0); /* frees what was made */
        return -1;
    }
    snprintf(s->temp_path, n + 32, "%s.tmp.%ld", path, (long)getpid());
    s->temp_slot = arm_temp(s->temp_path);
    s->file = fopen(s->temp_path, "wb");
    if (!s->file) {
        report_no_temp(path, errno);
        sink_close(s, 0); /* frees what was made */
        return -1;
    }
    return 0;
}

int cli_flush_stdout(void)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    cli_problem("standard output: write failed: %s", errno ? strerror(errno) : "an earlier write failed");
    return -1;
}

int sink_write(sink *s, const buf *b)
{
    if (b->len && fwrite(b->data, 1, b->len, s->file) != b->len) {
        cli_problem("%s: write failed: %s", s->final_path ? s->final_path : "standard output",
                    strerror(errno));
        return -1;
    }
    return 0;
}

int sink_close(sink *s, int success)
{
    int rc = 0;
    const char *name = s->final_path ? s->final_path : "standard output";
    if (s->file && fflush(s->file) != 0) {
        cli_problem("%s: write failed: %s", name, strerror(errno));
        rc = -1;
    }
    if (s->file && s->file != stdout) {
        if (fclose(s->file) != 0 && rc == 0) {
            cli_problem("%s: write failed: %s", name, strerror(errno));
            rc = -1;
        }
        if (s->temp_path && success && rc == 0 && rename(s->temp_path, s->final_path) != 0) {
            cli_problem("%s: cannot move output into place: %s", name, strerror(errno));
            rc = -1;
        }
        if (s->temp_path && (!success || rc != 0))
            remove(s->temp_path);
    }
    if (s->temp_path && s->temp_slot >= 0)
        temp_armed[s->temp_slot] = 0;
    free(s->final_path);
    free(s->temp_path);
    memset(s, 0, sizeof *s);
    s->temp_slot = -1;
    return rc;
}
