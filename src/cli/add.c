/* add: `newsprint add`, articles into a database, then the answer regrouped. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

static const char help[] =
    "usage: newsprint add --db FILE [--param NAME=VALUE]... [--threads N] [--wait S]\n"
    "                     [--full | --incremental] [--quiet] [INPUT...]\n"
    "\n"
    "Cleans each article and stores it in the database FILE (SQLite, created\n"
    "when missing; not left behind when the inputs hold no article), then\n"
    "groups them: copies, originals, stories and storylines.  An article whose\n"
    "id is already stored is skipped with a notice.  Articles are committed in\n"
    "batches: if an add is interrupted, the committed ones stay and running\n"
    "the add again stores the rest.\n"
    "\n"
    "Grouping is full or incremental.  A full grouping groups every stored\n"
    "article again (not cleaning them again): the same answer as 'newsprint\n"
    "cluster' over all the articles in the order they were added, in time\n"
    "that grows with the whole database.  An incremental one answers the new\n"
    "articles against the stored grouping, as 'newsprint similar --file'\n"
    "answers one: their copies among every stored article (and each other),\n"
    "their stories by grouping them with the stored stories around their\n"
    "dates; the stored articles stay where they are, but for the copy\n"
    "families the new ones join.  Its answer may differ from a full\n"
    "grouping's (story numbers, a few stories), which the database says\n"
    "('newsprint stories', the served page) until the next full grouping.\n"
    "An add groups incrementally when the database has a grouping, the new\n"
    "articles are at most a hundredth of the grouped ones, and those grouped\n"
    "incrementally since the last full grouping (these too) at most a tenth;\n"
    "else in full.  With no INPUT, the add groups in full what an add left\n"
    "ungrouped or grouped incrementally (no INPUT and no FILE: a usage\n"
    "error).\n"
    "\n"
    "options:\n"
    "  --db FILE         the database (required)\n"
    "  --full            group every stored article again, whatever the batch\n"
    "  --incremental     answer the new articles against the stored grouping,\n"
    "                    whatever the batch (in full when nothing is grouped\n"
    "                    yet, or the stored fingerprints are another version's)\n"
    "                    (with no INPUT: what an interrupted add left)\n"
    "  --param NAME=V    a parameter for a new database; an existing one keeps\n"
    "                    its own and refuses other values\n"
    "  --threads N       read, clean and fingerprint on N threads (default: one\n"
    "                    per CPU); the database is the same at any N\n"
    "  --wait S          wait up to S seconds (default 30; 0: not at all) for\n"
    "                    another writer (an add, a serve storing a POST) to\n"
    "                    finish, then stop with exit status 1 saying so\n"
    "  --quiet           no progress, notices or summary on standard error\n"
    "  --help            this text\n"
    "\n"
    "INPUT as for 'newsprint clean'.  Exit status 1 when an input or record\n"
    "was skipped (unreadable, refused as binary or invalid JSON, an id given\n"
    "twice in the inputs: each said on standard error, the others still\n"
    "added) or the database failed; an id already stored is a notice, not an\n"
    "error (exit status 0).\n"
    "\n"
    "Ctrl-C (SIGINT), SIGTERM or SIGHUP while articles are read stops the add\n"
    "at the next article: those stored are committed, standard error says how\n"
    "many the database keeps and how many wait to be grouped ('newsprint add\n"
    "--db FILE' groups them), and the add ends by the signal (exit status 130\n"
    "after Ctrl-C, 143 after SIGTERM, as a shell reports it).  While grouping,\n"
    "or at a second signal, it stops at once, saying the same; the database\n"
    "keeps every committed article and its earlier answer, if it had one (one\n"
    "the add made, of no article committed yet, is removed).\n";

enum { MAX_NOTICES = 5, STOP_NOTE_MAX = 8192 };

/* Ctrl-C, SIGTERM and SIGHUP: the add's global state, shared with the
 * signal handler (as sink.c's temporary names are).  While articles are
 * read, the first signal is only noted (stop_signal): the writer stops at
 * the next article and the add commits what it stored, says it and ends
 * by the signal.  While grouping (which cannot stop halfway: its answer
 * is replaced in one transaction), or at a second signal, the handler
 * writes stop_note, made before, and ends the process by the signal; the
 * database keeps what was committed.  Before this an interrupted add
 * ended without a word. */
static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t stop_at_once;  /* grouping: no signal is only noted */
static volatile sig_atomic_t stop_note_len; /* 0 while stop_note is written */
static char stop_note[STOP_NOTE_MAX];
/* A database this add made, while none of its articles is committed: the
 * signal that stops the add at once removes it and the side files SQLite
 * made beside it, saying unmade_note, as an add stopped at the next
 * article removes it (store_remove_unused); it was left behind, empty,
 * and the next add took it for its own.  Disarmed before the first
 * commit. */
static volatile sig_atomic_t unmade_armed;
static volatile sig_atomic_t unmade_note_len;
static char unmade_note[STOP_NOTE_MAX];
static char unmade_names[3][4096 + 8];

static void on_stop_signal(int sig)
{
    if (!stop_signal && !stop_at_once) {
        stop_signal = sig;
        return;
    }
    int unmade = unmade_armed && unmade_note_len;
    for (size_t i = 0; unmade && i < sizeof unmade_names / sizeof *unmade_names; i++)
        unlink(unmade_names[i]);
    const char *note = unmade ? unmade_note : stop_note;
    sig_atomic_t len = unmade ? unmade_note_len : stop_note_len;
    if (len && write(STDERR_FILENO, note, (size_t)len) < 0) {
        /* nothing more can be said */
    }
    signal(sig, SIG_DFL);
    raise(sig); /* delivered on return: the process ends as the signal says */
}

static const char *signal_name(int sig)
{
    return sig == SIGINT ? "Ctrl-C (SIGINT)" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "a signal";
}

/* What an add stopped at once leaves in db, into stop_note for the
 * handler: while reading (counts == 0: the articles committed before,
 * not known there), or while grouping total articles, ungrouped of them
 * not grouped yet. */
static void set_stop_note(const char *db, int counts, size_t total, size_t ungrouped)
{
    stop_note_len = 0;
    int n;
    if (!counts)
        n = snprintf(stop_note, sizeof stop_note, "newsprint: add: interrupted at once; %.3000s keeps the articles "
                     "committed before (a batch at a time), not grouped yet: 'newsprint add --db %.3000s' groups "
                     "them, and the add run again stores the rest\n", db, db);
    else if (ungrouped < total)
        n = snprintf(stop_note, sizeof stop_note, "newsprint: add: interrupted while grouping; %.3000s keeps its %zu "
                     "article%s and its answer before this add, %zu article%s not grouped yet: 'newsprint add --db "
                     "%.3000s' groups them\n", db, total, total == 1 ? "" : "s", ungrouped,
                     ungrouped == 1 ? "" : "s", db);
    else /* a new database, or one no add grouped: there is no answer before
          * this add to keep (it said it kept one) */
        n = snprintf(stop_note, sizeof stop_note, "newsprint: add: interrupted while grouping; %.3000s keeps its %zu "
                     "article%s, none grouped yet (it had no answer before this add): 'newsprint add --db %.3000s' "
                     "groups them\n", db, total, total == 1 ? "" : "s", db);
    stop_note_len = n < 0 ? 0 : n < (int)sizeof stop_note ? n : (int)sizeof stop_note - 1;
}

/* Arms the removal of db, which this add made (see unmade_armed). */
static void arm_unmade(const char *db)
{
    static const char *const sides[] = { "", "-wal", "-shm" };
    /* through a symbolic link, the file SQLite made where it points (and
     * its side files named after it), not the link */
    char *real = realpath(db, NULL);
    const char *name = real ? real : db;
    if (strlen(name) > 4000) {
        free(real);
        return;
    }
    for (size_t i = 0; i < sizeof sides / sizeof *sides; i++)
        snprintf(unmade_names[i], sizeof unmade_names[i], "%s%s", name, sides[i]);
    free(real);
    int n = snprintf(unmade_note, sizeof unmade_note, "newsprint: add: interrupted at once: no article stored, so "
                     "%.3000s was not made\n", db);
    unmade_note_len = n < 0 ? 0 : n < (int)sizeof unmade_note ? n : (int)sizeof unmade_note - 1;
    unmade_armed = 1;
}

/* An add stopped by a signal while reading: what it stored is committed;
 * said, with what the database keeps and waits to be grouped. */
static void say_stopped(store *s, const char *db, int sig, unsigned long long added)
{
    size_t total = 0, ungrouped = 0;
    if (store_counts(s, &total, &ungrouped, NULL) != NP_OK) {
        cli_problem("interrupted by %s: %llu article%s added before it; %s", signal_name(sig), added,
                    added == 1 ? "" : "s", store_errmsg(s));
        return;
    }
    fprintf(stderr, "newsprint: add: interrupted by %s: %llu article%s added before it, committed; %s keeps %zu "
                    "article%s", signal_name(sig), added, added == 1 ? "" : "s", db, total, total == 1 ? "" : "s");
    if (ungrouped)
        fprintf(stderr, ", %zu not grouped yet: 'newsprint add --db %s' groups them (and an add of the same "
                        "inputs stores the rest, skipping those stored)\n", ungrouped, db);
    else
        fprintf(stderr, ", all grouped\n");
}

/* An article and its fingerprint made on a worker thread, passed to the
 * writer as one buffer:
 *   u32 print size, print bytes, i64 timestamp, i32 month_day,
 *   i32 republished, u64 words, u64 removed_lines, u32 n_attribution,
 *   u32 n_paragraphs, then NUL-ended strings, each after a byte that says
 *   whether it is present: id, title, date, source, url, lang, the
 *   attribution and the paragraphs. */
typedef struct packer {
    np_fingerprinter **printers; /* one per worker */
} packer;

static np_status put(buf *b, const void *v, size_t n)
{
    return buf_append(b, v, n);
}

static np_status put_string(buf *b, const char *s)
{
    np_status st = buf_putc(b, s ? 1 : 0);
    if (st == NP_OK && s)
        st = buf_append(b, s, strlen(s) + 1);
    return st;
}

static np_status pack_article(buf *out, const np_article *a, size_t worker, void *arg)
{
    packer *p = arg;
    const void *print;
    size_t size;
    np_status st = np_fingerprint(p->printers[worker], a, &print, &size);
    uint32_t n32 = (uint32_t)size, na = (uint32_t)a->n_attribution, np_ = (uint32_t)a->n_paragraphs;
    int64_t ts = a->timestamp;
    int32_t md = a->month_day, rep = a->republished;
    uint64_t words = a->words, removed = a->removed_lines;
    const struct {
        const void *data;
        size_t size;
    } parts[] = { { &n32, sizeof n32 }, { print, size },      { &ts, sizeof ts },
                  { &md, sizeof md },   { &rep, sizeof rep }, { &words, sizeof words },
                  { &removed, sizeof removed }, { &na, sizeof na }, { &np_, sizeof np_ } };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && st == NP_OK; i++)
        st = put(out, parts[i].data, parts[i].size);
    const char *fields[] = { a->id, a->title, a->date, a->source, a->url, a->lang };
    for (size_t i = 0; i < 6 && st == NP_OK; i++)
        st = put_string(out, fields[i]);
    for (size_t i = 0; i < a->n_attribution && st == NP_OK; i++)
        st = put_string(out, a->attribution[i]);
    for (size_t i = 0; i < a->n_paragraphs && st == NP_OK; i++)
        st = put_string(out, a->paragraphs[i]);
    return st;
}

/* Reads the next string of a packed article; NULL when absent. */
static const char *take_string(const char **at)
{
    const char *p = *at;
    if (!*p++) {
        *at = p;
        return NULL;
    }
    *at = p + strlen(p) + 1;
    return p;
}

typedef struct writer {
    store *s;
    const char *db;
    int quiet, failed, stopped; /* stopped: by a signal, at an article not stored */
    unsigned long long added, present;
    const char **strings; /* scratch: attribution and paragraph pointers */
    size_t cap;
    progress *bar;
} writer;

static int store_packed(const buf *packed, void *arg)
{
    writer *w = arg;
    if (stop_signal) {
        w->stopped = 1;
        return -1;
    }
    const char *at = packed->data;
    uint32_t size, na, np_;
    np_article a;
    memset(&a, 0, sizeof a);
    memcpy(&size, at, sizeof size);
    const char *print = at + sizeof size;
    at = print + size;
    int64_t ts;
    int32_t md, rep;
    uint64_t words, removed;
    void *const fixed[] = { &ts, &md, &rep, &words, &removed, &na, &np_ };
    const size_t sizes[] = { sizeof ts, sizeof md, sizeof rep, sizeof words, sizeof removed, sizeof na, sizeof np_ };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        memcpy(fixed[i], at, sizes[i]);
        at += sizes[i];
    }
    a.timestamp = ts;
    a.month_day = md;
    a.republished = rep;
    a.words = (size_t)words;
    a.removed_lines = (size_t)removed;
    a.id = take_string(&at);
    a.title = take_string(&at);
    a.date = take_string(&at);
    a.source = take_string(&at);
    a.url = take_string(&at);
    a.lang = take_string(&at);
    size_t need = (size_t)na + np_ + 1;
    if (need > w->cap) {
        const char **grown = realloc((void *)w->strings, need * sizeof *grown);
        if (!grown) {
            cli_problem("out of memory");
            w->failed = 1;
            return -1;
        }
        w->strings = grown;
        w->cap = need;
    }
    for (size_t i = 0; i < (size_t)na + np_; i++)
        w->strings[i] = take_string(&at);
    a.attribution = w->strings;
    a.n_attribution = na;
    a.paragraphs = w->strings + na;
    a.n_paragraphs = np_;
    int was_added = 0;
    if (store_add_commits(w->s))
        unmade_armed = 0; /* this article may commit the batch */
    if (store_add_print(w->s, &a, print, size, &was_added) != NP_OK) {
        cli_problem("%s", store_errmsg(w->s));
        w->failed = 1;
        return -1;
    }
    if (was_added) {
        w->added++;
    } else if (++w->present <= MAX_NOTICES && !w->quiet) {
        progress_end(w->bar);
        cli_problem("article %s is already in %s; skipped", a.id, w->db);
    }
    return 0;
}

static void on_stage(const char *stage, void *arg)
{
    progress_note(arg, stage);
}

/* store_wait_note: a wait for another writer's lock said, once */
static void note_wait(const char *path, int most_seconds, void *arg)
{
    (void)arg;
    cli_problem("%s: another program (an add, a serve storing a POST) is writing to it; waiting for it, "
                "%d s at most", path, most_seconds);
}

/* Adds the articles of the inputs to s, cleaned and fingerprinted on
 * `threads` threads, counting those added, already present and skipped.
 * returns: 0, or 1 when adding failed (said) */
static int add_inputs(store *s, const char *db, char **inputs, size_t n, size_t threads, int quiet, progress *bar,
                      unsigned long long *skipped, unsigned long long *added, unsigned long long *present)
{
    int failed = 0;
    np_reader *reader = NULL;
    np_fingerprinter **printers = calloc(threads, sizeof *printers);
    batch_cleaner *batch = NULL;
    packer pk = { printers };
    writer w = { s, db, quiet, 0, 0, 0, 0, NULL, 0, bar };
    int ready = printers != NULL;
    for (size_t t = 0; ready && t < threads; t++)
        ready = np_fingerprinter_new(&printers[t], NULL) == NP_OK;
    if (!ready || np_reader_open(&reader, (const char *const *)inputs, n, NP_FORMAT_AUTO, NULL) != NP_OK ||
        batch_new(&batch, threads, 0, pack_article, &pk) != NP_OK) {
        cli_problem("out of memory");
        failed = 1;
    }
    if (!failed) {
        batch_share_words(batch, printers);
        /* the database and SQLite's files beside it, met in a walk of the
         * directory it is in, are passed over without a word (they were
         * named as no articles, 'name one as an input to read it') */
        static const char *const beside[] = { "", "-wal", "-shm", "-journal" };
        for (size_t k = 0; k < sizeof beside / sizeof *beside; k++) {
            char name[4200];
            if ((size_t)snprintf(name, sizeof name, "%s%s", db, beside[k]) < sizeof name)
                np_reader_pass_over(reader, name);
        }
    }
    progress_inputs(bar, reader, inputs, n);
    if (!failed && batch_run(batch, reader, store_packed, &w, skipped, bar) != 0 && !w.stopped)
        failed = 1;
    failed |= w.failed;
    *added = w.added;
    *present = w.present;
    batch_free(batch);
    cli_reader_close(reader, quiet, (const char *const *)inputs, n);
    for (size_t t = 0; printers && t < threads; t++)
        np_fingerprinter_free(printers[t]);
    free(printers);
    free((void *)w.strings);
    if (w.added)
        unmade_armed = 0; /* committed now */
    if (!failed && store_flush(s) != NP_OK) {
        cli_problem("%s", store_errmsg(s));
        failed = 1;
    }
    return failed;
}

/* What the add did, and what the database db now holds, on standard
 * error: when it failed (the batch abandoned), or unless quiet.  total
 * and ungrouped: the counts read before, said when no count is read now. */
static void say_result(store *s, const char *db, int failed, int quiet, unsigned long long added,
                       unsigned long long present, unsigned long long skipped, size_t total, size_t ungrouped)
{
    size_t stories = 0;
    if (failed) {
        /* what the failed batch held is gone; say what the file keeps */
        store_abort(s);
        /* "(0 not grouped yet: ... groups them)" was said of none */
        int counted = store_counts(s, &total, &ungrouped, &stories) == NP_OK;
        if (counted && ungrouped)
            fprintf(stderr, "newsprint: add: stopped; %s keeps %zu article%s (%zu not grouped yet: 'newsprint add "
                            "--db %s' groups them once the cause is fixed)\n", db, total, total == 1 ? "" : "s",
                    ungrouped, db);
        else if (counted)
            fprintf(stderr, "newsprint: add: stopped; %s keeps %zu article%s%s: run the add again once the cause is "
                            "fixed\n", db, total, total == 1 ? "" : "s", total ? ", all grouped" : "");
    } else if (!quiet) {
        size_t answered = 0;
        store_counts(s, &total, &ungrouped, &stories);
        store_incremental_count(s, &answered);
        fprintf(stderr, "newsprint: add: %llu added, %llu already stored, %llu skipped; %s holds %zu article%s in %zu "
                        "stor%s\n", added, present, skipped, db, total, total == 1 ? "" : "s", stories,
                stories == 1 ? "y" : "ies");
        if (answered)
            fprintf(stderr, "newsprint: add: %zu of them grouped incrementally since the last full grouping "
                            "('newsprint add --db %s' groups every article again)\n", answered, db);
    }
}

/* A database named, and inputs, or a database to group.  returns: 0, or
 * EXIT_USAGE (said) */
static int check_usage(const char *db, const char *const *inputs, size_t n)
{
    if (!db) {
        cli_problem("--db FILE is required (try 'newsprint add --help')");
        return EXIT_USAGE;
    }
    if (n == 0 && access(db, F_OK) != 0) { /* with no input, an add groups what a database holds */
        cli_problem("no input given, and %s is no database yet: nothing to add or group "
                    "(try 'newsprint add --help')", db);
        return EXIT_USAGE;
    }
    return cli_check_files(NULL, inputs, n);
}

int cmd_add(int argc, char **argv)
{
    np_params params;
    np_params_default(&params);
    int params_given = 0, quiet = 0, i = 1, gathered = 0, full = 0, incremental = 0;
    size_t threads = cli_default_threads();
    unsigned wait = STORE_WAIT_SECONDS;
    const char *db = NULL;
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
        if (cli_option(argc, argv, &i, "--db", &v)) {
            if (!v)
                return EXIT_USAGE;
            db = v;
        } else if (cli_option(argc, argv, &i, "--param", &v)) {
            if (!v || !cli_parse_param(v, &params))
                return EXIT_USAGE;
            params_given = 1;
        } else if (cli_flag(arg, "--quiet")) {
            quiet = 1;
        } else if (cli_flag(arg, "--full")) {
            full = 1;
        } else if (cli_flag(arg, "--incremental")) {
            incremental = 1;
        } else if (cli_option(argc, argv, &i, "--threads", &v)) {
            if (!v || !cli_parse_threads(v, &threads))
                return EXIT_USAGE;
        } else if (cli_option(argc, argv, &i, "--wait", &v)) {
            if (!v || !cli_parse_number("--wait", v, 0, STORE_WAIT_MAX_SECONDS, "seconds", &wait))
                return EXIT_USAGE;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            cli_unknown_option(arg, help);
            return EXIT_USAGE;
        } else {
            argv[1 + gathered++] = argv[i]; /* an input: see cli_inputs_last */
        }
    }
    i = cli_inputs_last(argv, i, gathered);
    if (full && incremental) {
        cli_problem("--full and --incremental exclude each other (try 'newsprint add --help')");
        return EXIT_USAGE;
    }
    int bad = check_usage(db, (const char *const *)argv + i, (size_t)(argc - i));
    if (bad)
        return bad;
    cli_note_repeats("add", (const char *const *)argv + i, (size_t)(argc - i));
    store *s = NULL;
    int existed = access(db, F_OK) == 0;
    if (store_open_noting(&s, db, STORE_WRITE, params_given ? &params : NULL, wait, quiet ? NULL : note_wait,
                          NULL) != NP_OK) {
        cli_problem("%s", store_errmsg(s));
        store_close(s);
        return EXIT_SKIPPED;
    }
    if (!existed)
        arm_unmade(db);
    unsigned long long skipped = 0, added = 0, present = 0;
    int failed = 0;
    progress bar;
    progress_start(&bar, quiet, "articles");
    set_stop_note(db, 0, 0, 0);
    /* not restarted: a read waiting on a pipe (an input whose writer is
     * slow or waits) ends at the first signal, which stops the add at once
     * (with SA_RESTART it waited for the next input, however long) */
    sink_catch_stop_signals(on_stop_signal, 0);
    if (i < argc)
        failed = add_inputs(s, db, argv + i, (size_t)(argc - i), threads, quiet, &bar, &skipped, &added, &present);
    size_t total = 0, ungrouped = 0;
    if (!failed && store_counts(s, &total, &ungrouped, NULL) != NP_OK) {
        cli_problem("%s", store_errmsg(s));
        failed = 1;
    }
    /* from here a signal stops the add at once, saying this; one that
     * came while reading stops it before grouping */
    set_stop_note(db, 1, total, ungrouped);
    stop_at_once = 1;
    int sig = stop_signal;
    if (sig) {
        progress_end(&bar);
        if (!store_remove_unused(s))
            say_stopped(s, db, sig, added);
        else
            fprintf(stderr, "newsprint: add: interrupted by %s: no article stored, so %s was not made\n",
                    signal_name(sig), db);
        store_close(s);
        signal(sig, SIG_DFL);
        raise(sig);
        return EXIT_SKIPPED; /* the signal is caught elsewhere (a test's process) */
    }
    /* Group when something is new, or an interrupted add left articles
     * out; with no input, in full when the grouping is incremental. */
    size_t answered = 0;
    if (!failed && store_incremental_count(s, &answered) != NP_OK) {
        cli_problem("%s", store_errmsg(s));
        failed = 1;
    }
    int inputs = i < argc;
    store_grouping how = full ? STORE_GROUP_FULL : incremental ? STORE_GROUP_INCREMENTAL
                                               : inputs ? STORE_GROUP_AUTO : STORE_GROUP_FULL;
    np_status grouped = NP_OK;
    if (!failed && !ungrouped && answered && how == STORE_GROUP_FULL)
        grouped = store_regroup(s, on_stage, &bar); /* the incremental grouping done in full */
    else if (!failed && (added || ungrouped))
        grouped = store_group(s, how, on_stage, &bar, NULL);
    if (grouped != NP_OK) {
        cli_problem("%s", store_errmsg(s));
        failed = 1;
    }
    progress_end(&bar);
    if (!quiet && present > MAX_NOTICES)
        cli_problem("%llu more article%s already in %s; skipped", present - MAX_NOTICES,
                    present - MAX_NOTICES == 1 ? " was" : "s were", db);
    /* inputs with no article (an empty directory) leave no new, empty
     * database behind, which said it held 0 articles */
    if (!store_remove_unused(s))
        say_result(s, db, failed, quiet, added, present, skipped, total, ungrouped);
    else if (!quiet || failed)
        fprintf(stderr, "newsprint: add: no article stored, so %s was not made\n", db);
    store_close(s);
    return (skipped || failed) ? EXIT_SKIPPED : 0;
}
