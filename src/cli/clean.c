/* clean: `newsprint clean`, body and metadata of each article. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char help[] =
    "usage: newsprint clean [--format text|json|jsonl|summary] [--explain] [-o FILE]\n"
    "                       [--threads N] [--quiet] INPUT...\n"
    "\n"
    "Reads raw articles and prints, for each, its id, title, date, source,\n"
    "attribution, language, word count and body paragraphs, with navigation,\n"
    "captions, share/subscribe lines, 'Read also' links, comment forms, teaser\n"
    "lists and footers removed.\n"
    "\n"
    "options:\n"
    "  --format F   text (default, a readable report), json (one document),\n"
    "               jsonl (one article a line), summary (one line an article:\n"
    "               id, date, language, words, lines dropped, title; an id\n"
    "               over 36 characters takes a line of its own above them)\n"
    "  -o FILE      write to FILE (made complete or not at all) instead of stdout\n"
    "  --threads N  clean on N threads (default: one per CPU); the output is\n"
    "               the same bytes at any N\n"
    "  --explain    text format: every input line with the kind it was given\n"
    "               (body, title, nav, caption, related, footer, ...) instead of\n"
    "               the paragraphs (other formats: said on standard error\n"
    "               unless --quiet)\n"
    "  --quiet      no progress or summary lines on standard error\n"
    "  --help       this text\n"
    "\n"
    "INPUT: text files, .jsonl/.ndjson files, .html/.htm pages, .md/.markdown\n"
    "files, .warc/.warc.gz crawls, directories, globs, or - (stdin: JSONL when\n"
    "it starts with '{', a web page with '<!DOCTYPE html' or '<html', Markdown\n"
    "with a front matter '---', a WARC crawl with 'WARC/1.0', else a text); any\n"
    "of them gzip-compressed; a file or pipe that starts as a WARC record or a\n"
    "web page does is read as one, whatever its name;\n"
    "a .json file, named or in a directory, holding one object a line is read\n"
    "as JSONL (an array, or an object over several lines, is refused);\n"
    "options may come before or after them, and after -- every argument is an INPUT.\n"
    "Each skipped input or record is reported on standard error as\n"
    "'newsprint: FILE:LINE: reason' (a JSONL line), 'FILE: record N: reason'\n"
    "(a crawl's) or 'FILE: reason'; the exit status is then 1.  Of the\n"
    ".json files a directory walk refuses (a project's package.json and\n"
    "tsconfig.json) the first is named so, the others counted on one line;\n"
    "of records repeating an id, refused as binary or with no text, the first\n"
    "five.\n"
    "A directory walk passes over files of other extensions, Markdown files\n"
    "(name them, or a glob: 'notes/*.md') and a project's LICENSE, README,\n"
    "NOTICE (bare or with any extension: README.md): counted on one line (not\n"
    "under --quiet), the exit status unchanged; a file named is read whatever\n"
    "its name.\n"
    "JSONL fields: id, text (or html: a web page, read as an .html file is; or\n"
    "markdown: read as an .md file is), title, date, url, source; when one is\n"
    "absent, the key other tools give it: maintext, content or body for text,\n"
    "headline, date_publish, published_at, publish_date, published, pubDate or\n"
    "datePublished, link, source_domain, domain or site_name.  A date may be\n"
    "ISO 8601, written out ('Tue, 04 Mar 2025'), YYYYMMDD[hhmmss], or seconds\n"
    "or milliseconds since 1970 (a fraction is dropped; MongoDB's {\"$date\":\n"
    "...} is read too); one that is none of these is named on standard error\n"
    "(the first five) and the article dated from its text, if at all.  A\n"
    "title, url or source that is not a string (a number, true or false, an\n"
    "array, an object) is named so (the first five) and not read.\n"
    "Caps: 16 MiB per article or JSONL line, 4 KiB per metadata field, 512 bytes per id.\n";

static np_status put_text(buf *b, const np_article *a, int explain)
{
    np_status st = NP_OK;
    char num[32];
#define PUT(s) do { if (st == NP_OK) st = buf_puts(b, (s)); } while (0)
    PUT("== ");
    PUT(a->id);
    PUT("\ntitle:       ");
    PUT(a->title ? a->title : "-");
    PUT("\ndate:        ");
    PUT(a->date ? a->date : "-");
    PUT("\nsource:      ");
    PUT(a->source ? a->source : "-");
    PUT("\nattribution: ");
    for (size_t i = 0; i < a->n_attribution; i++) {
        PUT(i ? ", " : "");
        PUT(a->attribution[i]);
    }
    PUT(a->n_attribution ? "" : "-");
    PUT("\nlang:        ");
    PUT(a->lang);
    snprintf(num, sizeof num, "%zu", a->words);
    PUT("\nwords:       ");
    PUT(num);
    PUT("\n");
    if (explain) {
        PUT("\n");
        for (size_t i = 0; i < a->n_lines; i++) {
            char tag[16];
            snprintf(tag, sizeof tag, "%-8s| ", a->lines[i].kind);
            PUT(tag);
            PUT(a->lines[i].text);
            PUT("\n");
        }
    }
    for (size_t i = 0; !explain && i < a->n_paragraphs; i++) {
        PUT("\n");
        PUT(a->paragraphs[i]);
        PUT("\n");
    }
    PUT("\n");
#undef PUT
    return st;
}

/* One line per article: the overview `make demo` prints.  The output
 * streams, so the id column cannot widen to the longest id: an id longer
 * than the column takes a line of its own and its columns follow on the next
 * line, where they line up with the others' (as df prints long names). */
static np_status put_summary(buf *b, const np_article *a)
{
    enum { ID_WIDTH = 36 };
    char tail[64];
    size_t id_length = strlen(a->id);
    np_status st = buf_puts(b, a->id);
    if (st == NP_OK && id_length > ID_WIDTH) {
        st = buf_putc(b, '\n');
        id_length = 0;
    }
    for (size_t n = id_length; st == NP_OK && n < ID_WIDTH; n++)
        st = buf_putc(b, ' ');
    snprintf(tail, sizeof tail, " %-10s %-4s %5zu %4zu  ", a->date ? a->date : "-", a->lang, a->words,
             a->removed_lines);
    if (st == NP_OK)
        st = buf_puts(b, tail);
    if (st == NP_OK)
        st = buf_puts(b, a->title ? a->title : "-");
    if (st == NP_OK)
        st = buf_putc(b, '\n');
    return st;
}

static np_status put_json(buf *b, const np_article *a)
{
    np_status st = buf_putc(b, '{');
    char num[32];
#define KEY(k, first) do { if (st == NP_OK) st = JSON_PUT_LITERAL_KEY(b, k, (first)); } while (0)
#define STR(s) do { if (st == NP_OK) st = json_put_string(b, (s)); } while (0)
#define RAW(s) do { if (st == NP_OK) st = buf_puts(b, (s)); } while (0)
#define COMMA(i) do { if (st == NP_OK && (i)) st = buf_putc(b, ','); } while (0)
    KEY("id", 1); STR(a->id);
    KEY("title", 0); STR(a->title);
    KEY("date", 0); STR(a->date);
    KEY("source", 0); STR(a->source);
    KEY("url", 0); STR(a->url);
    KEY("attribution", 0); RAW("[");
    for (size_t i = 0; i < a->n_attribution; i++) {
        COMMA(i);
        STR(a->attribution[i]);
    }
    RAW("]");
    KEY("lang", 0); STR(a->lang);
    snprintf(num, sizeof num, "%zu", a->words);
    KEY("words", 0); RAW(num);
    KEY("paragraphs", 0); RAW("[");
    for (size_t i = 0; i < a->n_paragraphs; i++) {
        COMMA(i);
        STR(a->paragraphs[i]);
    }
    RAW("]}");
#undef KEY
#undef STR
#undef RAW
#undef COMMA
    return st;
}

typedef struct clean_output {
    out_format format;
    int explain;
    sink *out;
    unsigned long long cleaned;
    buf sep;
} clean_output;

static np_status format_article(buf *b, const np_article *a, size_t worker, void *arg)
{
    (void)worker;
    const clean_output *o = arg;
    np_status st = o->format == OUT_TEXT      ? put_text(b, a, o->explain)
                   : o->format == OUT_SUMMARY ? put_summary(b, a)
                                              : put_json(b, a);
    if (st == NP_OK && o->format == OUT_JSONL)
        st = buf_putc(b, '\n');
    return st;
}

static int emit_article(const buf *formatted, void *arg)
{
    clean_output *o = arg;
    if (o->format == OUT_JSON) { /* each article on a line of its own: "[]" for none */
        buf_clear(&o->sep);
        if (buf_puts(&o->sep, o->cleaned ? ",\n" : "\n") != NP_OK || sink_write(o->out, &o->sep) != 0)
            return -1;
    }
    if (sink_write(o->out, formatted) != 0)
        return -1;
    o->cleaned++;
    return 0;
}

typedef struct clean_options {
    out_format format;
    const char *output;
    int quiet, explain;
    size_t threads;
} clean_options;

/* returns: -1 to go on with o and the inputs from argv[*first], else the
 * exit status */
static int parse_options(int argc, char **argv, clean_options *o, int *first)
{
    out_format format = OUT_TEXT;
    const char *output = NULL;
    int quiet = 0, explain = 0;
    size_t threads = cli_default_threads();
    int i = 1, gathered = 0;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (cli_flag(arg, "--help")) {
            fputs(help, stdout);
            return 0;
        }
        const char *v;
        if (cli_flag(arg, "--quiet")) {
            quiet = 1;
        } else if (strcmp(arg, "--explain") == 0) {
            explain = 1;
        } else if (cli_option(argc, argv, &i, "--format", &v)) {
            if (!v)
                return EXIT_USAGE;
            if (!cli_parse_format(v, &format) || format == OUT_CSV) {
                cli_problem("--format wants text, json, jsonl or summary, not '%s'", v);
                return EXIT_USAGE;
            }
        } else if (cli_option(argc, argv, &i, "--threads", &v)) {
            if (!v || !cli_parse_threads(v, &threads))
                return EXIT_USAGE;
        } else if (cli_option(argc, argv, &i, "--output", &v)) {
            if (!v)
                return EXIT_USAGE;
            output = v;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            cli_unknown_option(arg, help);
            return EXIT_USAGE;
        } else {
            argv[1 + gathered++] = argv[i]; /* an input: see cli_inputs_last */
        }
    }
    i = cli_inputs_last(argv, i, gathered);
    o->format = format;
    o->output = output;
    o->quiet = quiet;
    o->explain = explain;
    o->threads = threads;
    *first = i;
    return -1;
}

int cmd_clean(int argc, char **argv)
{
    clean_options opts = { 0 };
    int i = 0;
    int usage = parse_options(argc, argv, &opts, &i);
    if (usage >= 0)
        return usage;
    out_format format = opts.format;
    const char *output = opts.output;
    int quiet = opts.quiet, explain = opts.explain;
    size_t threads = opts.threads;
    if (i >= argc) {
        cli_problem("no input given (try 'newsprint clean --help')");
        return EXIT_USAGE;
    }
    int bad = cli_check_files(output, (const char *const *)argv + i, (size_t)(argc - i));
    if (bad)
        return bad;
    cli_note_repeats("clean", (const char *const *)argv + i, (size_t)(argc - i));
    if (explain && format != OUT_TEXT && !quiet) /* a notice: --quiet silences it */
        cli_problem("--explain is not applied: it lists every input line with its kind in the text "
                    "format only");

    np_reader *reader = NULL;
    batch_cleaner *batch = NULL;
    sink out;
    clean_output o = { .format = format, .explain = explain, .out = &out };
    buf_init(&o.sep, NULL);
    if (np_reader_open(&reader, (const char *const *)argv + i, (size_t)(argc - i), NP_FORMAT_AUTO,
                       NULL) != NP_OK ||
        batch_new(&batch, threads, explain, format_article, &o) != NP_OK) {
        cli_problem("out of memory");
        np_reader_free(reader);
        return EXIT_SKIPPED;
    }
    if (sink_open(&out, output) != 0) {
        np_reader_free(reader);
        batch_free(batch);
        return EXIT_SKIPPED;
    }
    sink_pass_over(&out, reader);
    buf b;
    buf_init(&b, NULL);
    unsigned long long skipped = 0;
    int write_failed = 0;
    if (format == OUT_SUMMARY) {
        buf_puts(&b, "id                                   date       lang words drop  title\n");
        write_failed = sink_write(&out, &b) != 0;
    }
    if (format == OUT_JSON) {
        buf_puts(&b, "{\"articles\":[");
        write_failed = sink_write(&out, &b) != 0;
    }
    progress bar;
    /* with output on the terminal, a progress line would only get in the way */
    progress_start(&bar, quiet || (!output && isatty(STDOUT_FILENO)), "articles");
    progress_inputs(&bar, reader, argv + i, (size_t)(argc - i));
    if (!write_failed && batch_run(batch, reader, emit_article, &o, &skipped, &bar) != 0)
        write_failed = 1;
    unsigned long long cleaned = o.cleaned;
    if (format == OUT_JSON && !write_failed) {
        buf_clear(&b);
        char tail[128];
        snprintf(tail, sizeof tail, "%s],\"count\":%llu,\"skipped\":%llu}\n", cleaned ? "\n" : "", cleaned, skipped);
        buf_puts(&b, tail);
        write_failed = sink_write(&out, &b) != 0;
    }
    progress_end(&bar);
    buf_free(&b);
    buf_free(&o.sep);
    if (sink_close(&out, !write_failed) != 0)
        write_failed = 1;
    batch_free(batch);
    cli_reader_close(reader, quiet, (const char *const *)argv + i, (size_t)(argc - i));
    if (!quiet && (skipped || isatty(STDERR_FILENO)))
        fprintf(stderr, "newsprint: clean: %llu article%s cleaned, %llu skipped\n", cleaned,
                cleaned == 1 ? "" : "s", skipped);
    return (skipped || write_failed) ? EXIT_SKIPPED : 0;
}
