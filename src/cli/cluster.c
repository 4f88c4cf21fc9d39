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
            answer ans;
            answer_init(&ans);
            int write_failed = answer_from_engine(&ans, engine) != NP_OK;
            if (write_failed)
                cli_problem("cluster: out of memory");
            else
                write_failed = answer_write(&ans, o.format, o.explain, NULL, &out);
            answer_free(&ans);
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
