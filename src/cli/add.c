/* add: `newsprint add`, articles into a database, then the answer regrouped. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

static const char help[] =
    "usage: newsprint add --db FILE [--param NAME=VALUE]... [--quiet] [INPUT...]\n"
    "\n"
    "Cleans each article and stores it in the database FILE (SQLite, created\n"
    "when missing), then groups every stored article again: copies, originals,\n"
    "stories and storylines, the same answer as 'newsprint cluster' over all\n"
    "the articles in the order they were added.  An article whose id is\n"
    "already stored is skipped with a notice.  Articles are committed in\n"
    "batches: if an add is interrupted, the committed ones stay and running\n"
    "the add again stores the rest.  With no INPUT, groups the articles an\n"
    "interrupted add left ungrouped.\n"
    "\n"
    "Grouping reads every stored article (not cleaning them again), so an add\n"
    "costs time in proportion to the whole database.\n"
    "\n"
    "options:\n"
    "  --db FILE         the database (required)\n"
    "  --param NAME=V    a parameter for a new database; an existing one keeps\n"
    "                    its own and refuses other values\n"
    "  --quiet           no progress, notices or summary on standard error\n"
    "  --help            this text\n"
    "\n"
    "INPUT as for 'newsprint clean'.  Exit status 1 when an input was skipped\n"
    "as unreadable (the others are still added) or the database failed.\n";

enum { MAX_NOTICES = 5 };

static void on_stage(const char *stage, void *arg)
{
    progress_note(arg, stage);
}

int cmd_add(int argc, char **argv)
{
    np_params params;
    np_params_default(&params);
    int params_given = 0, quiet = 0, i = 1;
    const char *db = NULL;
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
        if (strcmp(arg, "--db") == 0) {
            if (i + 1 >= argc) {
                cli_problem("add: --db needs a file name");
                return EXIT_USAGE;
            }
            db = argv[++i];
        } else if (strcmp(arg, "--param") == 0 || strcmp(arg, "-p") == 0) {
            if (!cli_parse_param("add", i + 1 < argc ? argv[++i] : NULL, &params))
                return EXIT_USAGE;
            params_given = 1;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            quiet = 1;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            cli_problem("add: unknown option '%s' (try 'newsprint add --help')", arg);
            return EXIT_USAGE;
        } else {
            break;
        }
    }
    if (!db) {
        cli_problem("add: --db FILE is required (try 'newsprint add --help')");
        return EXIT_USAGE;
    }
    store *s = NULL;
    if (store_open(&s, db, STORE_WRITE, params_given ? &params : NULL) != NP_OK) {
        cli_problem("add: %s", store_errmsg(s));
        store_close(s);
        return EXIT_SKIPPED;
    }
    unsigned long long skipped = 0, added = 0, present = 0;
    int failed = 0;
    progress bar;
    progress_start(&bar, quiet, "articles");
    if (i < argc) {
        np_reader *reader = NULL;
        np_cleaner *cleaner = NULL;
        if (np_reader_open(&reader, (const char *const *)argv + i, (size_t)(argc - i), NP_FORMAT_AUTO,
                           NULL) != NP_OK ||
            np_cleaner_new(&cleaner, NULL) != NP_OK) {
            cli_problem("out of memory");
            failed = 1;
        }
        const np_article *a;
        while (!failed && cli_next_article(reader, cleaner, &a, &skipped)) {
            int was_added = 0;
            progress_tick(&bar);
            if (store_add(s, a, &was_added) != NP_OK) {
                cli_problem("add: %s", store_errmsg(s));
                failed = 1;
                break;
            }
            if (was_added) {
                added++;
            } else if (++present <= MAX_NOTICES && !quiet) {
                progress_end(&bar);
                cli_problem("add: article %s is already in %s; skipped", a->id, db);
            }
        }
        np_reader_free(reader);
        np_cleaner_free(cleaner);
        if (!failed && store_flush(s) != NP_OK) {
            cli_problem("add: %s", store_errmsg(s));
            failed = 1;
        }
    }
    size_t total = 0, ungrouped = 0, stories = 0;
    if (!failed && store_counts(s, &total, &ungrouped, NULL) != NP_OK) {
        cli_problem("add: %s", store_errmsg(s));
        failed = 1;
    }
    /* Group when something is new, or an interrupted add left articles out. */
    if (!failed && (added || ungrouped) && store_regroup(s, on_stage, &bar) != NP_OK) {
        cli_problem("add: %s", store_errmsg(s));
        failed = 1;
    }
    progress_end(&bar);
    if (!quiet && present > MAX_NOTICES)
        cli_problem("add: %llu more articles were already in %s; skipped", present - MAX_NOTICES, db);
    if (!quiet) {
        if (!failed)
            store_counts(s, &total, &ungrouped, &stories);
        fprintf(stderr, "newsprint add: %llu added, %llu already stored, %llu skipped; %s holds %zu articles in %zu stories\n",
                added, present, skipped, db, total, stories);
    }
    store_close(s);
    return (skipped || failed) ? EXIT_SKIPPED : 0;
}
