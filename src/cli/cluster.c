/* cluster: `newsprint cluster`, copies, originals, stories and storylines. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char help[] =
    "usage: newsprint cluster [--format text|json|jsonl|csv] [--explain] [-o FILE]\n"
    "                         [--quiet] [--param NAME=VALUE]... [--explain-params] INPUT...\n"
    "\n"
    "Cleans every article, then finds which are copies of which (exact, near,\n"
    "excerpt, rewrite), names the original of each copy family, groups articles\n"
    "reporting the same event into stories and links stories into storylines.\n"
    "\n"
    "options:\n"
    "  --format F        text (default: a report per story), json (articles,\n"
    "                    stories, storylines in one document), jsonl (one article\n"
    "                    a line), csv (one article a row)\n"
    "  --explain         add each copy's evidence: MinHash Jaccard, shared\n"
    "                    sentences, sentence containment and alignment\n"
    "  --param NAME=V    set a parameter (repeatable; put it before\n"
    "                    --explain-params to see the result)\n"
    "  --explain-params  print the parameters and their meaning, then exit\n"
    "  -o FILE           write to FILE (made complete or not at all)\n"
    "  --quiet           no progress or summary lines on standard error\n"
    "  --help            this text\n"
    "\n"
    "Per article: id, title, date, source, lang, words, story (s1, s2, ...),\n"
    "storyline (l1, ...), relation (original, exact, near, excerpt, rewrite,\n"
    "report), copy_of (the family's original, for copies) and score.\n"
    "INPUT as for 'newsprint clean'.  Skipped inputs are reported on standard\n"
    "error and make the exit status 1; the others are still clustered.\n";

typedef struct options {
    np_params params;
    out_format format;
    int explain, quiet;
    const char *output;
} options;

static np_status put_number(buf *b, double v)
{
    char num[32];
    if (v < 0)
        return buf_puts(b, "null");
    snprintf(num, sizeof num, "%.3f", v);
    return buf_puts(b, num);
}

static np_status put_label(buf *b, char prefix, size_t index)
{
    char label[32];
    snprintf(label, sizeof label, "\"%c%zu\"", prefix, index + 1);
    return buf_puts(b, label);
}

static np_status put_article_json(buf *b, const np_result *r, int explain)
{
    np_status st = buf_putc(b, '{');
    char num[32];
#define KEY(k, first) do { if (st == NP_OK) st = json_put_key(b, (k), (first)); } while (0)
#define STR(s) do { if (st == NP_OK) st = json_put_string(b, (s)); } while (0)
#define RUN(expr) do { if (st == NP_OK) st = (expr); } while (0)
    KEY("id", 1); STR(r->id);
    KEY("title", 0); STR(r->title);
    KEY("date", 0); STR(r->date);
    KEY("source", 0); STR(r->source);
    KEY("lang", 0); STR(r->lang);
    snprintf(num, sizeof num, "%zu", r->words);
    KEY("words", 0); RUN(buf_puts(b, num));
    KEY("story", 0); RUN(put_label(b, 's', r->story));
    KEY("storyline", 0); RUN(put_label(b, 'l', r->storyline));
    KEY("relation", 0); STR(r->relation);
    KEY("copy_of", 0); STR(r->copy_of);
    KEY("score", 0); RUN(put_number(b, r->score));
    if (explain) {
        KEY("evidence", 0);
        if (r->copy_of) {
            RUN(buf_puts(b, "{\"jaccard\":"));
            RUN(put_number(b, r->jaccard));
            RUN(buf_puts(b, ",\"containment\":"));
            RUN(put_number(b, r->containment));
            RUN(buf_puts(b, ",\"aligned\":"));
            RUN(put_number(b, r->aligned));
            RUN(buf_puts(b, ",\"in_order\":"));
            RUN(put_number(b, r->ordered));
            snprintf(num, sizeof num, "%zu", r->shared_sentences);
            RUN(buf_puts(b, ",\"shared_sentences\":"));
            RUN(buf_puts(b, num));
            RUN(buf_putc(b, '}'));
        } else {
            RUN(buf_puts(b, "null"));
        }
    }
    RUN(buf_putc(b, '}'));
#undef KEY
#undef STR
#undef RUN
    return st;
}

static np_status put_csv_field(buf *b, const char *s)
{
    if (!s)
        return NP_OK;
    if (!strpbrk(s, ",\"\n\r"))
        return buf_puts(b, s);
    np_status st = buf_putc(b, '"');
    for (const char *p = s; *p && st == NP_OK; p++)
        st = *p == '"' ? buf_puts(b, "\"\"") : buf_putc(b, *p);
    if (st == NP_OK)
        st = buf_putc(b, '"');
    return st;
}

static np_status put_article_csv(buf *b, const np_result *r)
{
    char num[64];
    np_status st = put_csv_field(b, r->id);
    const char *fields[] = { r->title, r->date, r->source, r->lang };
    for (size_t i = 0; i < 4 && st == NP_OK; i++)
        if ((st = buf_putc(b, ',')) == NP_OK)
            st = put_csv_field(b, fields[i]);
    snprintf(num, sizeof num, ",%zu,s%zu,l%zu,", r->words, r->story + 1, r->storyline + 1);
    if (st == NP_OK)
        st = buf_puts(b, num);
    if (st == NP_OK)
        st = buf_puts(b, r->relation);
    if (st == NP_OK)
        st = buf_putc(b, ',');
    if (st == NP_OK)
        st = put_csv_field(b, r->copy_of);
    if (st == NP_OK)
        st = buf_putc(b, ',');
    if (st == NP_OK && r->score >= 0) {
        snprintf(num, sizeof num, "%.3f", r->score);
        st = buf_puts(b, num);
    }
    if (st == NP_OK)
        st = buf_putc(b, '\n');
    return st;
}

static np_status put_story_text(buf *b, const np_engine *e, size_t s, int explain)
{
    np_story story;
    const char *kw[8];
    size_t n_kw = 0;
    np_status st = np_engine_story(e, s, &story, kw, 8, &n_kw);
    char line[512];
    if (st != NP_OK)
        return st;
    snprintf(line, sizeof line, "Story s%zu (storyline l%zu): %zu article%s, %s .. %s\n", s + 1,
             story.storyline + 1, story.n_articles, story.n_articles == 1 ? "" : "s",
             story.first_date ? story.first_date : "undated",
             story.last_date ? story.last_date : "undated");
    st = buf_puts(b, line);
    if (st == NP_OK)
        st = buf_puts(b, "  ");
    if (st == NP_OK)
        st = buf_puts(b, story.title ? story.title : "(no title)");
    if (st == NP_OK)
        st = buf_puts(b, "\n  keywords:");
    for (size_t k = 0; k < n_kw && st == NP_OK; k++) {
        st = buf_putc(b, ' ');
        if (st == NP_OK)
            st = buf_puts(b, kw[k]);
    }
    if (st == NP_OK)
        st = buf_putc(b, '\n');
    for (size_t i = 0; i < story.n_articles && st == NP_OK; i++) {
        np_result r;
        if ((st = np_engine_result(e, np_engine_story_article(e, s, i), &r)) != NP_OK)
            break;
        const char *indent = r.copy_of ? "      " : "    ";
        if (r.copy_of)
            snprintf(line, sizeof line, "%s%-10s %-8s of %s (%.2f)  ", indent, r.date ? r.date : "-",
                     r.relation, r.copy_of, r.score);
        else
            snprintf(line, sizeof line, "%s%-10s %-8s ", indent, r.date ? r.date : "-", r.relation);
        st = buf_puts(b, line);
        if (st == NP_OK)
            st = buf_puts(b, r.id);
        if (st == NP_OK && r.title) {
            st = buf_puts(b, "  ");
            if (st == NP_OK)
                st = buf_puts(b, r.title);
        }
        if (st == NP_OK)
            st = buf_putc(b, '\n');
        if (st == NP_OK && explain && r.copy_of) {
            snprintf(line, sizeof line,
                     "%s    evidence: jaccard %.2f, shared sentences %zu, containment %.2f, "
                     "aligned %.2f, in order %.2f\n",
                     indent, r.jaccard, r.shared_sentences, r.containment, r.aligned, r.ordered);
            st = buf_puts(b, line);
        }
    }
    if (st == NP_OK)
        st = buf_putc(b, '\n');
    return st;
}

static np_status put_story_json(buf *b, const np_engine *e, size_t s)
{
    np_story story;
    const char *kw[8];
    size_t n_kw = 0;
    np_status st = np_engine_story(e, s, &story, kw, 8, &n_kw);
    np_result first;
    if (st == NP_OK)
        st = np_engine_result(e, np_engine_story_article(e, s, 0), &first);
    if (st == NP_OK)
        st = buf_puts(b, "{\"id\":");
    if (st == NP_OK)
        st = put_label(b, 's', s);
    if (st == NP_OK)
        st = buf_puts(b, ",\"storyline\":");
    if (st == NP_OK)
        st = put_label(b, 'l', story.storyline);
    if (st == NP_OK)
        st = json_put_key(b, "title", 0);
    if (st == NP_OK)
        st = json_put_string(b, story.title);
    if (st == NP_OK)
        st = json_put_key(b, "first_date", 0);
    if (st == NP_OK)
        st = json_put_string(b, story.first_date);
    if (st == NP_OK)
        st = json_put_key(b, "last_date", 0);
    if (st == NP_OK)
        st = json_put_string(b, story.last_date);
    if (st == NP_OK)
        st = json_put_key(b, "original", 0);
    if (st == NP_OK)
        st = json_put_string(b, first.id);
    if (st == NP_OK)
        st = buf_puts(b, ",\"articles\":[");
    for (size_t i = 0; i < story.n_articles && st == NP_OK; i++) {
        np_result r;
        st = np_engine_result(e, np_engine_story_article(e, s, i), &r);
        if (st == NP_OK && i)
            st = buf_putc(b, ',');
        if (st == NP_OK)
            st = json_put_string(b, r.id);
    }
    if (st == NP_OK)
        st = buf_puts(b, "],\"keywords\":[");
    for (size_t k = 0; k < n_kw && st == NP_OK; k++) {
        if (k)
            st = buf_putc(b, ',');
        if (st == NP_OK)
            st = json_put_string(b, kw[k]);
    }
    if (st == NP_OK)
        st = buf_puts(b, "]}");
    return st;
}

static np_status put_storylines_json(buf *b, const np_engine *e)
{
    np_status st = buf_puts(b, "\"storylines\":[");
    size_t n_lines = np_engine_storyline_count(e), n_stories = np_engine_story_count(e);
    for (size_t l = 0; l < n_lines && st == NP_OK; l++) {
        st = buf_puts(b, l ? ",\n{\"id\":" : "\n{\"id\":");
        if (st == NP_OK)
            st = put_label(b, 'l', l);
        if (st == NP_OK)
            st = buf_puts(b, ",\"stories\":[");
        int first = 1;
        for (size_t s = 0; s < n_stories && st == NP_OK; s++) {
            np_story story;
            st = np_engine_story(e, s, &story, NULL, 0, NULL);
            if (st != NP_OK || story.storyline != l)
                continue;
            if (!first)
                st = buf_putc(b, ',');
            first = 0;
            if (st == NP_OK)
                st = put_label(b, 's', s);
        }
        if (st == NP_OK)
            st = buf_puts(b, "]}");
    }
    if (st == NP_OK)
        st = buf_puts(b, "\n]");
    return st;
}

/* Writes the answer in the chosen format, one article or story at a time. */
static int write_output(const np_engine *e, const options *o, sink *out)
{
    buf b;
    buf_init(&b, NULL);
    np_status st = NP_OK;
    int failed = 0;
    size_t n = np_engine_count(e), n_stories = np_engine_story_count(e);
#define FLUSH() do { if (st != NP_OK || sink_write(out, &b) != 0) { failed = 1; goto done; } buf_clear(&b); } while (0)
    if (o->format == OUT_TEXT) {
        for (size_t s = 0; s < n_stories; s++) {
            st = put_story_text(&b, e, s, o->explain);
            FLUSH();
        }
    } else if (o->format == OUT_CSV) {
        st = buf_puts(&b, "id,title,date,source,lang,words,story,storyline,relation,copy_of,score\n");
        FLUSH();
        for (size_t i = 0; i < n; i++) {
            np_result r;
            st = np_engine_result(e, i, &r);
            if (st == NP_OK)
                st = put_article_csv(&b, &r);
            FLUSH();
        }
    } else {
        if (o->format == OUT_JSON)
            st = buf_puts(&b, "{\"articles\":[\n");
        for (size_t i = 0; i < n; i++) {
            np_result r;
            if (st == NP_OK && o->format == OUT_JSON && i)
                st = buf_puts(&b, ",\n");
            if (st == NP_OK)
                st = np_engine_result(e, i, &r);
            if (st == NP_OK)
                st = put_article_json(&b, &r, o->explain);
            if (st == NP_OK && o->format == OUT_JSONL)
                st = buf_putc(&b, '\n');
            FLUSH();
        }
        if (o->format == OUT_JSON) {
            st = buf_puts(&b, "\n],\"stories\":[\n");
            for (size_t s = 0; s < n_stories && st == NP_OK; s++) {
                if (s)
                    st = buf_puts(&b, ",\n");
                if (st == NP_OK)
                    st = put_story_json(&b, e, s);
                FLUSH();
            }
            if (st == NP_OK)
                st = buf_puts(&b, "\n],");
            if (st == NP_OK)
                st = put_storylines_json(&b, e);
            if (st == NP_OK)
                st = buf_puts(&b, "}\n");
            FLUSH();
        }
    }
#undef FLUSH
done:
    if (st != NP_OK)
        cli_problem("cluster: out of memory writing the answer");
    buf_free(&b);
    return failed;
}

static int parse_options(int argc, char **argv, options *o, int *first_input)
{
    int i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(help, stdout);
            return 0;
        }
        if (strcmp(arg, "--explain-params") == 0) {
            char text[2048];
            np_params_describe(&o->params, text, sizeof text);
            fputs(text, stdout);
            return 0;
        }
        if (strcmp(arg, "--param") == 0 || strcmp(arg, "-p") == 0) {
            if (!cli_parse_param("cluster", i + 1 < argc ? argv[++i] : NULL, &o->params))
                return EXIT_USAGE;
            continue;
        }
        if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            o->quiet = 1;
        } else if (strcmp(arg, "--explain") == 0) {
            o->explain = 1;
        } else if (strcmp(arg, "--format") == 0 || strncmp(arg, "--format=", 9) == 0) {
            const char *v = arg[8] == '=' ? arg + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || !cli_parse_format(v, &o->format) || o->format == OUT_SUMMARY) {
                cli_problem("cluster: --format wants text, json, jsonl or csv%s%s", v ? ", not " : "",
                            v ? v : "");
                return EXIT_USAGE;
            }
        } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
            if (i + 1 >= argc) {
                cli_problem("cluster: %s needs a file name", arg);
                return EXIT_USAGE;
            }
            o->output = argv[++i];
        } else if (arg[0] == '-' && arg[1] != '\0') {
            cli_problem("cluster: unknown option '%s' (try 'newsprint cluster --help')", arg);
            return EXIT_USAGE;
        } else {
            break;
        }
    }
    if (i >= argc) {
        cli_problem("cluster: no input given (try 'newsprint cluster --help')");
        return EXIT_USAGE;
    }
    *first_input = i;
    return -1;
}

int cmd_cluster(int argc, char **argv)
{
    options o = { .format = OUT_TEXT };
    np_params_default(&o.params);
    int first = 0;
    int rc = parse_options(argc, argv, &o, &first);
    if (rc >= 0)
        return rc;
    np_reader *reader = NULL;
    np_cleaner *cleaner = NULL;
    np_engine *engine = NULL;
    if (np_reader_open(&reader, (const char *const *)argv + first, (size_t)(argc - first),
                       NP_FORMAT_AUTO, NULL) != NP_OK ||
        np_cleaner_new(&cleaner, NULL) != NP_OK || np_engine_new(&engine, &o.params, NULL) != NP_OK) {
        cli_problem("out of memory");
        np_reader_free(reader);
        np_cleaner_free(cleaner);
        return EXIT_SKIPPED;
    }
    unsigned long long skipped = 0;
    int failed = 0;
    const np_article *a;
    progress bar;
    progress_start(&bar, o.quiet, "articles");
    while (cli_next_article(reader, cleaner, &a, &skipped)) {
        np_status st;
        progress_tick(&bar);
        if ((st = np_engine_add(engine, a)) != NP_OK) {
            cli_problem("%s", np_errmsg(engine));
            skipped++;
            if (st == NP_ENOMEM) {
                failed = 1;
                break;
            }
        }
    }
    np_reader_free(reader);
    np_cleaner_free(cleaner);
    progress_note(&bar, "finding copies and stories");
    if (!failed && np_engine_run(engine) != NP_OK) {
        cli_problem("cluster: %s", np_errmsg(engine));
        failed = 1;
    }
    progress_end(&bar);
    sink out;
    if (!failed) {
        if (sink_open(&out, o.output) != 0)
            failed = 1;
        else {
            int write_failed = write_output(engine, &o, &out);
            failed = sink_close(&out, !write_failed) != 0 || write_failed;
        }
    }
    if (!o.quiet && (skipped || isatty(STDERR_FILENO)))
        fprintf(stderr, "newsprint cluster: %zu articles, %zu stories, %zu storylines, %llu skipped\n",
                np_engine_count(engine), np_engine_story_count(engine),
                np_engine_storyline_count(engine), skipped);
    np_engine_free(engine);
    return (skipped || failed) ? EXIT_SKIPPED : 0;
}
