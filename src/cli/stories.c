/* stories: `newsprint stories`, the stored answer in any output format. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"
#include "text/date.h"

static const char help[] =
    "usage: newsprint stories --db FILE [--since DATE] [--format text|json|jsonl|csv]\n"
    "                         [--explain] [-o FILE] [--quiet] [--explain-params]\n"
    "\n"
    "Prints the stories of a database made by 'newsprint add', in the formats\n"
    "of 'newsprint cluster' (the same bytes as a cluster run over the same\n"
    "articles, once an add grouped them in full).  Articles an interrupted\n"
    "add left ungrouped are not shown; a notice says how many, and how many\n"
    "were grouped incrementally since the last full grouping.\n"
    "\n"
    "options:\n"
    "  --db FILE         the database (required)\n"
    "  --since DATE      only stories with an article dated DATE (YYYY-MM-DD)\n"
    "                    or later; undated stories are left out\n"
    "  --format F        text (default), json, jsonl or csv, as for cluster\n"
    "  --explain         add each copy's evidence (text, json, jsonl; csv has\n"
    "                    none: said on standard error unless --quiet)\n"
    "  --explain-params  print the database's parameters, then exit (in --format,\n"
    "                    as cluster's)\n"
    "  -o FILE           write to FILE (made complete or not at all)\n"
    "  --quiet           no notices on standard error\n"
    "  --help            this text\n"
    "\n"
    "Exit status: 0 success, also when no story is shown (none since DATE,\n"
    "or none grouped yet: said on standard error); 1 the database could not\n"
    "be read or the output failed; 2 usage error.\n";

/* An answer with no story to show is said on standard error (standard
 * output holds the format's empty answer): none since DATE, with the
 * latest date the database has, or none at all (when it holds articles
 * not grouped yet, their notice said it). */
static void say_if_none(const answer *ans, const unsigned char *keep, const char *db, const char *since,
                        size_t ungrouped)
{
    const char *latest = NULL;
    for (size_t k = 0; k < ans->n_stories; k++) {
        if (!keep || keep[k])
            return;
        const char *last = ans->stories[k].story.last_date;
        if (last && (!latest || strcmp(last, latest) > 0))
            latest = last;
    }
    if (ungrouped && !ans->n_stories)
        return;
    if (!since)
        cli_problem("%s holds no story yet ('newsprint add --db %s INPUT...' adds articles)", db, db);
    else if (latest)
        cli_problem("no story in %s has an article dated %s or later (its latest is dated %s)", db,
                    since, latest);
    else
        cli_problem("no story in %s has an article dated %s or later (none of its articles is dated)",
                    db, since);
}

typedef struct stories_options {
    const char *db, *since, *output;
    out_format format;
    int explain, explain_params, quiet;
} stories_options;

/* returns: -1 to go on with o, else the exit status */
static int parse_options(int argc, char **argv, stories_options *o)
{
    const char *db = NULL, *since = NULL, *output = NULL;
    out_format format = OUT_TEXT;
    int explain = 0, explain_params = 0, quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (cli_flag(arg, "--help")) {
            fputs(help, stdout);
            return 0;
        }
        const char *v;
        if (cli_option(argc, argv, &i, "--db", &v)) {
            if (!v)
                return EXIT_USAGE;
            db = v;
        } else if (cli_option(argc, argv, &i, "--since", &v)) {
            if (!v)
                return EXIT_USAGE;
            if (!date_is_day(v)) {
                cli_problem("--since wants a date YYYY-MM-DD (a day the calendar has), not '%s'", v);
                return EXIT_USAGE;
            }
            since = v;
        } else if (cli_option(argc, argv, &i, "--format", &v)) {
            if (!v)
                return EXIT_USAGE;
            if (!cli_parse_format(v, &format) || format == OUT_SUMMARY) {
                cli_problem("--format wants text, json, jsonl or csv, not '%s'", v);
                return EXIT_USAGE;
            }
        } else if (cli_option(argc, argv, &i, "--output", &v)) {
            if (!v)
                return EXIT_USAGE;
            output = v;
        } else if (strcmp(arg, "--explain") == 0) {
            explain = 1;
        } else if (strcmp(arg, "--explain-params") == 0) {
            explain_params = 1;
        } else if (cli_flag(arg, "--quiet")) {
            quiet = 1;
        } else {
            cli_unknown_argument(arg, help);
            return EXIT_USAGE;
        }
    }
    if (!db) {
        cli_problem("--db FILE is required (try 'newsprint stories --help')");
        return EXIT_USAGE;
    }
    int bad = cli_check_files(output, &db, 1);
    if (bad)
        return bad;
    o->db = db;
    o->since = since;
    o->output = output;
    o->format = format;
    o->explain = explain;
    o->explain_params = explain_params;
    o->quiet = quiet;
    return -1;
}

int cmd_stories(int argc, char **argv)
{
    stories_options o = { 0 };
    int usage = parse_options(argc, argv, &o);
    if (usage >= 0)
        return usage;
    const char *db = o.db, *since = o.since, *output = o.output;
    out_format format = o.format;
    int explain = o.explain, explain_params = o.explain_params, quiet = o.quiet;
    if (!explain_params && !quiet) /* --quiet: no notices on standard error */
        cli_note_explain(explain, format);
    store *s = NULL;
    answer ans;
    answer_init(&ans);
    /* opened first: an output that cannot be made fails before the
     * database is read (a large one takes a while), not after */
    sink out;
    int out_open = 0;
    if (!explain_params) {
        if (sink_open(&out, output) != 0)
            return EXIT_SKIPPED;
        out_open = 1;
    }
    unsigned char *keep = NULL;
    int rc = EXIT_SKIPPED;
    size_t total = 0, ungrouped = 0;
    if (store_open(&s, db, STORE_READ, NULL) != NP_OK || store_counts(s, &total, &ungrouped, NULL) != NP_OK) {
        cli_problem("%s", store_errmsg(s));
        goto done;
    }
    if (explain_params) {
        rc = cli_write_params(store_params(s), format, output);
        goto done;
    }
    if (store_answer(s, &ans) != NP_OK) {
        cli_problem("%s", store_errmsg(s));
        goto done;
    }
    if (ungrouped && !quiet)
        cli_problem("%zu of the %zu articles in %s are not grouped yet (an add was interrupted "
                    "or is running; 'newsprint add --db %s' groups them)", ungrouped, total, db, db);
    size_t answered = 0;
    if (!quiet && store_incremental_count(s, &answered) == NP_OK && answered)
        cli_problem("%zu of the %zu articles in %s were grouped incrementally since the last full "
                    "grouping, against the stories stored then ('newsprint add --db %s' groups every article "
                    "again: the answer of 'newsprint cluster')", answered, total, db, db);
    if (since) {
        keep = calloc(ans.n_stories ? ans.n_stories : 1, 1);
        if (!keep) {
            cli_problem("out of memory");
            goto done;
        }
        for (size_t k = 0; k < ans.n_stories; k++)
            keep[k] = ans.stories[k].story.last_date && strcmp(ans.stories[k].story.last_date, since) >= 0;
    }
    if (!quiet)
        say_if_none(&ans, keep, db, since, ungrouped);
    int write_failed = answer_write(&ans, format, explain, keep, &out);
    rc = (sink_close(&out, !write_failed) != 0 || write_failed) ? EXIT_SKIPPED : 0;
    out_open = 0;
done:
    if (out_open)
        sink_close(&out, 0); /* nothing written: no file made */
    free(keep);
    answer_free(&ans);
    store_close(s);
    return rc;
}
