/* util: problem reports, options, inputs and the next article of them. */
#include <ctype.h>
#include <errno.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/utf8.h"
#include "ingest/id.h"

/* The command running (main sets it once, before any thread starts): every
 * problem names it, so each line of standard error reads the same,
 * "newsprint: COMMAND: ...", whichever part of the program said it. */
static const char *problem_command;

void cli_set_command(const char *command)
{
    problem_command = command;
}

const char *cli_command(void)
{
    return problem_command;
}

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
    size_t n = (size_t)snprintf(out, sizeof out, "newsprint: %s%s", problem_command ? problem_command : "",
                                problem_command ? ": " : "");
    n += utf8_escape_controls(out + n, sizeof out - n - 1, text);
    out[n++] = '\n';
    fwrite(out, 1, n, stderr);
}

void cli_no_article(const char *id, const char *db, int stored)
{
    if (stored)
        cli_problem("article '%s' in %s is not grouped yet (an add was interrupted or is running; "
                    "'newsprint add --db %s' groups it)", id, db, db);
    else
        cli_problem("no article '%s' in %s (its ids: 'newsprint stories --db %s --format jsonl')", id, db, db);
}

/* The edits (a character put in, left out, changed, or two neighbours
 * swapped) that make a[0..la) b[0..lb); over 3 is said as 4. */
static size_t edits(const char *a, size_t la, const char *b, size_t lb)
{
    enum { MOST = 40 };
    if (la >= MOST || lb >= MOST)
        return 4;
    size_t d[MOST + 1][MOST + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb] > 3 ? 4 : d[la][lb];
}

/* How near word[0..len) is to name (its edits, or 1 when word begins
 * name's word alone: "--copies" for "--copies-only"); 4: not near.  A
 * name of four letters or fewer is near by one edit, others by two. */
static size_t nearness(const char *word, size_t len, const char *name, size_t name_len)
{
    size_t d = edits(word, len, name, name_len);
    if (d > (name_len <= 6 ? 1u : 2u)) /* "--db", "--dv"; "--sinec", "--since" */
        d = 4;
    if (d == 4 && len >= 5 && len < name_len && memcmp(word, name, len) == 0)
        d = 2;
    return d;
}

const char *cli_closest_name(const char *word, size_t len, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = 4;
    for (size_t k = 0; k < n; k++) {
        size_t d = nearness(word, len, names[k], strlen(names[k]));
        if (d < best_d) {
            best_d = d;
            best = names[k];
        }
    }
    return best;
}

/* The command whose option the "--name" at p in help is, when help names
 * it as another command's ("see cluster --explain-params", "'newsprint
 * similar --file'"; "but --no-rewrites": one this command does not take,
 * *whose ""), else NULL; "newsprint join --part", in join's usage line,
 * is join's own. */
static const char *named_as_other(const char *help, const char *p, const char **whose)
{
    static const char *const others[] = { "cluster", "clean", "compare", "add", "stories", "show", "similar",
                                          "serve", "sign", "join", "verify", "group", "but" };
    const char *end = p;
    if (end == help || end[-1] != ' ')
        return NULL;
    const char *start = --end;
    while (start > help && islower((unsigned char)start[-1]))
        start--;
    for (size_t k = 0; k < sizeof others / sizeof *others; k++)
        if ((size_t)(end - start) == strlen(others[k]) && memcmp(start, others[k], (size_t)(end - start)) == 0 &&
            !(problem_command && strcmp(problem_command, others[k]) == 0)) { /* its usage line: its own */
            *whose = strcmp(others[k], "but") == 0 ? "" : others[k];
            return *whose;
        }
    return NULL;
}

/* The option of help nearest arg (up to its '='), written to out: one of
 * the "--name"s help names (and --output where it names -o FILE), but
 * those it names only as another command's ("see cluster
 * --explain-params": compare suggested '--explain-params' for itself);
 * *other: that command ("" for one help says is not taken) when arg is
 * such a name, else NULL.  returns: out, or NULL when none is near */
static const char *nearest_option(const char *arg, const char *help, char *out, size_t size, const char **other)
{
    enum { MOST = 64 };
    char names[MOST][40];
    const char *list[MOST + 1];
    size_t n = 0, len = strcspn(arg, "=");
    *other = NULL;
    for (const char *p = help; (p = strstr(p, "--")) != NULL && n < MOST; p += 2) {
        if (p > help && (isalnum((unsigned char)p[-1]) || p[-1] == '-'))
            continue;
        size_t name_len = 2;
        while (islower((unsigned char)p[name_len]) || (p[name_len] == '-' && islower((unsigned char)p[name_len + 1])))
            name_len++;
        if (name_len < 4 || name_len >= sizeof names[0])
            continue;
        const char *whose;
        if (named_as_other(help, p, &whose)) {
            if (name_len == len && memcmp(p, arg, len) == 0 && !*other)
                *other = whose;
            continue;
        }
        memcpy(names[n], p, name_len);
        names[n][name_len] = '\0';
        list[n] = names[n];
        n++;
    }
    if (strstr(help, "-o FILE"))
        list[n++] = "--output";
    for (size_t k = 0; k < n && *other; k++)
        if (strlen(list[k]) == len && memcmp(list[k], arg, len) == 0)
            *other = NULL; /* named as its own option too */
    if (len < 3) /* "-x": one letter is near too many */
        return NULL;
    const char *name = cli_closest_name(arg, len, list, n);
    if (!name)
        return NULL;
    snprintf(out, size, "%s", name);
    return out;
}

void cli_unknown_option(const char *arg, const char *help)
{
    const char *command = problem_command ? problem_command : "COMMAND";
    char near[64];
    const char *other = NULL;
    int found = help && nearest_option(arg, help, near, sizeof near, &other);
    int len = (int)strcspn(arg, "=");
    if (other && *other)
        cli_problem("unknown option '%.*s': it is an option of 'newsprint %s', not of %s (try 'newsprint %s --help')",
                    len, arg, other, command, command);
    else if (other)
        cli_problem("unknown option '%.*s': %s does not take it, as its help says (try 'newsprint %s --help')", len,
                    arg, command, command);
    else if (found)
        cli_problem("unknown option '%s'; did you mean '%s'? (try 'newsprint %s --help')", arg, near, command);
    else
        cli_problem("unknown option '%s' (try 'newsprint %s --help')", arg, command);
}

void cli_unknown_argument(const char *arg, const char *help)
{
    const char *command = problem_command ? problem_command : "COMMAND";
    if (arg[0] == '-' && arg[1])
        cli_unknown_option(arg, help);
    else
        cli_problem("'%s' given, but %s takes no input: the database is given as --db FILE (try 'newsprint %s "
                    "--help')", arg, command, command);
}

int cli_article_id_given(const char *command, const char *id)
{
    if (!id) {
        cli_problem("which article? give its ID (try 'newsprint %s --help')", command);
        return 0;
    }
    if (!id[0]) {
        cli_problem("the article ID is an empty name ('': an unset shell variable?), no id");
        return 0;
    }
    return 1;
}

/* The parameters as JSON (one document, or a line each), or CSV rows. */
static np_status put_params_records(buf *b, const np_params *params, out_format format)
{
    np_status st = format == OUT_JSON ? buf_puts(b, "{\"params\":[\n")
                   : format == OUT_CSV ? buf_puts(b, "name,value,meaning\n") : NP_OK;
    char value[64];
    for (size_t k = 0; st == NP_OK && np_params_value_text(params, k, value, sizeof value); k++) {
        if (format == OUT_CSV) {
            st = buf_puts(b, np_params_name(k));
            if (st == NP_OK)
                st = buf_putc(b, ',');
            if (st == NP_OK)
                st = buf_puts(b, value);
            if (st == NP_OK)
                st = buf_putc(b, ',');
            if (st == NP_OK)
                st = csv_put_field(b, np_params_meaning(k));
            if (st == NP_OK)
                st = buf_putc(b, '\n');
            continue;
        }
        if (k && format == OUT_JSON)
            st = buf_puts(b, ",\n");
        if (st == NP_OK)
            st = buf_puts(b, "{\"name\":");
        if (st == NP_OK)
            st = json_put_string(b, np_params_name(k));
        if (st == NP_OK)
            st = JSON_PUT_LITERAL_KEY(b, "value", 0);
        if (st == NP_OK)
            st = buf_puts(b, value);
        if (st == NP_OK)
            st = JSON_PUT_LITERAL_KEY(b, "meaning", 0);
        if (st == NP_OK)
            st = json_put_string(b, np_params_meaning(k));
        if (st == NP_OK)
            st = buf_puts(b, format == OUT_JSON ? "}" : "}\n");
    }
    if (st == NP_OK && format == OUT_JSON)
        st = buf_puts(b, "\n]}\n");
    return st;
}

int cli_write_params(const np_params *params, out_format format, const char *output)
{
    char text[2048];
    buf b;
    buf_init(&b, NULL);
    sink out;
    np_status st;
    if (format == OUT_JSON || format == OUT_JSONL || format == OUT_CSV) {
        st = put_params_records(&b, params, format);
    } else {
        np_params_describe(params, text, sizeof text);
        st = buf_puts(&b, text);
    }
    if (st != NP_OK) {
        cli_problem("out of memory");
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

int cli_option(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    const char *short_name = short_form(name);
    int joined = strncmp(arg, name, n) == 0 && arg[n] == '=', next_arg = 0;
    if (joined)
        *value = arg + n + 1;
    else if (short_name && strncmp(arg, short_name, 2) == 0 && arg[2] != '\0')
        /* -j2, -ofile: a short form's value attached; -o=file as --output=file
         * (it wrote a file named "=file") */
        *value = arg + 2 + (arg[2] == '=');
    else if (cli_flag(arg, name))
        *value = *i + 1 < argc ? argv[++*i] : NULL, next_arg = 1;
    else
        return 0;
    /* a next argument that is an option ("-o --format json" made a file
     * named "--format", then read "json" as an input; "--db -q" a database
     * "-q"): taken for a forgotten value.  A value that opens with '-' and
     * a letter follows '='; "-" and "-1" are values */
    const char *next = *value;
    if (next_arg && next && next[0] == '-' &&
        (isalpha((unsigned char)next[1]) || (next[1] == '-' && isalpha((unsigned char)next[2])))) {
        cli_problem("%s needs a value, not the option '%s' (a value that opens with '-' goes after '=')", arg, next);
        *value = NULL;
        return 1;
    }
    if (!*value || !**value) {
        cli_problem("%s needs a value%s", joined ? name : next_arg ? arg : short_name,
                    *value ? ", not an empty one" : "");
        *value = NULL;
    }
    return 1;
}

int cli_parse_param(const char *arg, np_params *params)
{
    char name[64];
    const char *eq = arg ? strchr(arg, '=') : NULL;
    size_t n = eq ? (size_t)(eq - arg) : 0;
    if (!eq || n == 0) {
        cli_problem("--param wants NAME=VALUE (see 'newsprint cluster --explain-params'), not '%s'", arg ? arg : "");
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
        cli_problem("unknown parameter '%.*s'; known: %s", (int)n, arg, known);
    } else {
        cli_problem("parameter '%s': value '%s' is not a %s in [%.10g, %.10g]", name, eq + 1,
                    integer ? "whole number" : "number", lo, hi);
    }
    return 0;
}

int cli_parse_threads(const char *s, size_t *out)
{
    char *end;
    long v = s[0] >= '0' && s[0] <= '9' ? strtol(s, &end, 10) : 0;
    if (v < 1 || v > 64 || *end != '\0') {
        cli_problem("--threads wants a number from 1 to 64, not '%s'", s);
        return 0;
    }
    *out = (size_t)v;
    return 1;
}

int cli_parse_number(const char *name, const char *s, long min, long max, const char *unit,
                     unsigned *out)
{
    char *end = "";
    long v = s[0] >= '0' && s[0] <= '9' ? strtol(s, &end, 10) : -1;
    if (v < min || v > max || *end != '\0') {
        cli_problem("%s wants %ld..%ld%s%s, not '%s'", name, min, max, unit ? " " : "", unit ? unit : "",
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

void cli_note_explain(int explain, out_format format)
{
    if (explain && format == OUT_CSV)
        cli_problem("--explain is not applied: it adds the evidence to text, json and jsonl, and csv has "
                    "no column for it");
}

int cli_check_files(const char *output, const char *const *inputs, size_t n)
{
    int stdin_named = 0;
    for (size_t i = 0; i < n; i++) {
        if (!inputs[i][0]) {
            cli_problem("input %zu is an empty name ('': an unset shell variable?), no file", i + 1);
            return EXIT_USAGE;
        }
        if (strcmp(inputs[i], "-") == 0 && stdin_named++) {
            cli_problem("- (standard input) given twice: it can be read once");
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
            cli_problem("-o %s is also an input: it would be written over (give another file)", output);
        else
            cli_problem("-o %s is the input %s: it would be written over (give another file)", output, inputs[i]);
        return EXIT_USAGE;
    }
    return 0;
}

int cli_check_staged_files(const char *const *inputs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(inputs[i], "-") == 0) {
            cli_problem("- (standard input) is not read here: shards, pairs and links files are given by name");
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
        /* a record refused as binary takes no id (a later article may
         * have it), so it is refused again, not as a duplicate */
        const char *refused = "; a record refused as binary takes no id and is refused each time";
        /* the staged stages' shards hold no record refused as binary; a
         * pairs or links file given twice is refused as a partition given
         * twice */
        shard_kind kind;
        int staged = strcmp(command, "group") == 0 || strcmp(command, "join") == 0 || strcmp(command, "verify") == 0;
        if (staged && shard_sniff(inputs[i], &kind)) {
            if (kind != SHARD_PRINTS)
                continue;
            what = "shard";
            refused = "";
        }
        char count[32] = "twice";
        if (times > 2)
            snprintf(count, sizeof count, "%zu times", times);
        if (strcmp(inputs[i], inputs[first]) == 0)
            cli_problem("the %s %s is given %s: its articles are read once (the later times each "
                        "is a duplicate id, skipped%s)", what, inputs[i], count, refused);
        else
            cli_problem("%s is the %s %s given before: its articles are read once (the later times each "
                        "is a duplicate id, skipped%s)", inputs[i], what, inputs[first], refused);
    }
}

void cli_note_date_unread(char *dst, size_t size, const np_record *rec, const np_article *a)
{
    char where[64] = "";
    if (rec->line)
        snprintf(where, sizeof where, rec->warc ? ": record %llu" : ":%llu", (unsigned long long)rec->line);
    snprintf(dst, size,
             "%.300s%s: article \"%.100s\": date \"%.80s\" not read (newsprint reads e.g. "
             "2025-03-04T10:00:00Z, \"Tue, 04 Mar 2025\", 1741082400, 20250304); the article is "
             "dated from its text, if at all",
             input_name(rec->path), where, a->id, a->date_unread);
}

void cli_note_no_text(const np_record *rec, const char *then)
{
    char where[64] = "";
    if (rec->line)
        snprintf(where, sizeof where, rec->warc ? ": record %llu" : ":%llu", (unsigned long long)rec->line);
    cli_problem("%.300s%s: article \"%.100s\": no text left after cleaning (none, or every line dropped as "
                "boilerplate: 'newsprint clean --explain' shows each line's kind), %s",
                input_name(rec->path), where, rec->id, then);
}

void cli_note_fields_unread(char *dst, size_t size, const np_record *rec, const char *unread)
{
    snprintf(dst, size, "%.300s:%llu: article \"%.100s\": %s not read (a title, url or source is a string)",
             input_name(rec->path), (unsigned long long)rec->line, rec->id, unread);
}

int cli_next_article(np_reader *reader, np_cleaner *cleaner, const np_article **article,
                     unsigned long long *skipped, const char *no_text_then)
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
        if (!(*article)->words) /* as cluster and clean say it (compare said nothing) */
            cli_note_no_text(rec, no_text_then);
        return 1;
    }
}

void cli_duplicates_unnamed(uint64_t duplicates)
{
    if (duplicates > READER_DUPLICATES_NAMED)
        cli_problem("%llu more records skipped for a duplicate id (an earlier article has it)",
                    (unsigned long long)(duplicates - READER_DUPLICATES_NAMED));
}

/* The files a directory walk did not read: .json files that hold no JSONL
 * of articles, and files whose names say they are no article (passed
 * over, not said when quiet). */
static void say_walk_skips(np_reader *reader, int quiet)
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
        cli_problem("%llu more .json file%s met in directories skipped as %s: %s%s", (unsigned long long)json_unnamed,
                    json_unnamed == 1 ? "" : "s", why, json_names, rest);
    const char *passed_names;
    uint64_t passed = reader_walk_passed_over(reader, &passed_names);
    if (passed && !quiet) {
        char more[40] = "";
        if (passed > WALK_PASSED_LISTED)
            snprintf(more, sizeof more, " and %llu more", (unsigned long long)(passed - WALK_PASSED_LISTED));
        int one = passed == 1;
        cli_problem("passed over %llu file%s met in %s, as %s (name %s as an input to read it): "
                    "%s%s", (unsigned long long)passed, one ? "" : "s", one ? "a directory" : "directories",
                    one ? "its name says it is not an article" : "their names say they are not articles",
                    one ? "it" : "one", passed_names, more);
    }
}

void cli_reader_close(np_reader *reader, int quiet, const char *const *inputs,
                      size_t n_inputs)
{
    if (!reader)
        return;
    uint64_t records, skipped, duplicates = reader_duplicates(reader), no_text = reader_no_text(reader);
    np_reader_counts(reader, &records, &skipped);
    say_walk_skips(reader, quiet);
    np_reader_free(reader);
    cli_duplicates_unnamed(duplicates);
    if (no_text > READER_NO_TEXT_NAMED)
        cli_problem("%llu more records skipped for no \"text\", \"html\" or \"markdown\" string",
                    (unsigned long long)(no_text - READER_NO_TEXT_NAMED));
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
    cli_problem("no article found in %s", where);
}

int cli_first_article(const char *path, np_cleaner *cleaner, const np_article **article,
                      unsigned long long *skipped, const char *no_text_then)
{
    np_reader *reader = NULL;
    const char *inputs[] = { path };
    if (np_reader_open(&reader, inputs, 1, NP_FORMAT_AUTO, NULL) != NP_OK) {
        np_reader_free(reader);
        cli_problem("out of memory");
        return 0;
    }
    unsigned long long before = *skipped;
    int ok = cli_next_article(reader, cleaner, article, skipped, no_text_then);
    /* more records after it (a directory, a JSONL file of many, a crawl)
     * were passed over without a word: the user may have meant another */
    if (ok && np_reader_skip(reader) == NP_OK)
        cli_problem("%s holds more than one article: only the first, '%.200s', is read", input_name(path),
                    (*article)->id);
    say_walk_skips(reader, 0);
    if (!ok && *skipped == before)
        cli_problem("%s: no article in it", input_name(path));
    np_reader_free(reader);
    return ok;
}
