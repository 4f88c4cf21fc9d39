/* cluster: `newsprint cluster`, copies, originals, stories and storylines. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cluster/engine.h"
#include "cluster/stages.h"
#include "store/view.h"

static const char help[] =
    "usage: newsprint cluster [--format text|json|jsonl|csv] [--explain] [-o FILE]\n"
    "                         [--copies-only [--no-rewrites]] [--threads N]\n"
    "                         [--quiet] [--stats]\n"
    "                         [--param NAME=VALUE]... [--explain-params] INPUT...\n"
    "\n"
    "Cleans every article, then finds which are copies of which (exact, near,\n"
    "excerpt, rewrite), names the original of each copy family, groups articles\n"
    "reporting the same event into stories and links stories into storylines.\n"
    "A report in another language joins a story by the names and numbers they\n"
    "share (languages written in the Latin alphabet).\n"
    "\n"
    "options:\n"
    "  --format F        text (default: a report per story), json (articles,\n"
    "                    stories, storylines in one document), jsonl (one article\n"
    "                    a line), csv (one article a row; a field opening\n"
    "                    with =, +, -, @, a tab or CR opens with ' so that a\n"
    "                    spreadsheet shows it as text, not a formula)\n"
    "  --explain         add each copy's evidence: MinHash Jaccard, shared\n"
    "                    sentences, sentence containment and, for a rewrite,\n"
    "                    alignment (text, json, jsonl; csv has none: said on\n"
    "                    standard error unless --quiet)\n"
    "  --param NAME=V    set a parameter (repeatable; put it before\n"
    "                    --explain-params to see the result)\n"
    "  --explain-params  print the parameters and their meaning, then exit (json,\n"
    "                    jsonl, csv: name, value and meaning of each)\n"
    "  --copies-only     copies and their originals only, no stories: story and\n"
    "                    storyline are null (empty in csv); text lists each\n"
    "                    family with copies, its original first\n"
    "  --no-rewrites     with --copies-only: exact, near and excerpt copies\n"
    "                    only; rewrites (re-worded copies) are not looked for,\n"
    "                    so a rewrite's article is a report unless another\n"
    "                    link makes it a copy; faster, less memory\n"
    "  --threads N       work on N threads: reading, cleaning, fingerprints,\n"
    "                    candidate pairs, verification, story passes and\n"
    "                    storylines (default: one per CPU); the output is the\n"
    "                    same bytes at any N\n"
    "  -o FILE           write to FILE (made complete or not at all)\n"
    "  --quiet           no progress, summary or notice (--explain with csv) on\n"
    "                    standard error; skipped inputs are still named\n"
    "  --stats           when done, print to standard error the time of each\n"
    "                    stage, the peak memory reached by its end, articles a\n"
    "                    second and the bytes held per article\n"
    "  --help            this text\n"
    "\n"
    "Per article: id, title, date, source, lang, words, story (s1, s2, ...),\n"
    "storyline (l1, ...), relation (original, exact, near, excerpt, rewrite,\n"
    "report), copy_of (the family's original, for copies) and score.\n"
    "INPUT as for 'newsprint clean'.  Skipped inputs are reported on standard\n"
    "error and make the exit status 1; the others are still clustered.\n";

static const char group_help[] =
    "usage: newsprint group [--format text|json|jsonl|csv] [--explain] [-o FILE]\n"
    "                       [--copies-only] [--quiet] [--stats]\n"
    "                       [--param NAME=VALUE]... SHARD... [LINKS...]\n"
    "\n"
    "The last stage of a staged run: reads the shards 'newsprint sign' made\n"
    "(in the order given, which is the input order) and finds copies,\n"
    "families, originals, stories and storylines -- the same bytes as\n"
    "'newsprint cluster' over the same inputs.  Given the links files of\n"
    "'newsprint verify' (every partition's; told apart from shards by their\n"
    "headers), it takes its copy links from them instead of finding them.\n"
    "Every file is checked (its end marker, record count and checksum) before\n"
    "any answer is written; a file cut short, damaged, made by another\n"
    "newsprint build, with other parameters or from other shards is refused,\n"
    "naming it.\n"
    "\n"
    "options: as for 'newsprint cluster' but --no-rewrites (--param must match\n"
    "the shards').\n";

typedef struct options {
    np_params params;
    out_format format;
    int explain, quiet, copies_only, no_rewrites, stats;
    size_t threads;
    const char *output;
    const char *name;        /* "cluster" or "group" */
    int shards;              /* inputs are shards (group) */
    int explain_params;      /* --explain-params: described, the parameters given before it */
    np_params described;
} options;

/* One article of a text report: copies indented under their original. */
static np_status put_article_text(buf *b, const np_result *r, const char *margin, int explain)
{
    char line[512];
    const char *indent = r->copy_of ? "  " : "";
    if (r->copy_of)
        snprintf(line, sizeof line, "%s%s%-10s %-8s of %s (%.2f)  ", margin, indent, r->date ? r->date : "-",
                 r->relation, r->copy_of, r->score);
    else
        snprintf(line, sizeof line, "%s%-10s %-8s ", margin, r->date ? r->date : "-", r->relation);
    np_status st = buf_puts(b, line);
    if (st == NP_OK)
        st = buf_puts(b, r->id);
    if (st == NP_OK)
        st = buf_puts(b, "  ");
    if (st == NP_OK)
        st = article_name_put(b, r->title, r->lead);
    if (st == NP_OK)
        st = buf_putc(b, '\n');
    if (st == NP_OK && explain && r->copy_of) {
        char evidence[200];
        snprintf(line, sizeof line, "%s%s    evidence: %s\n", margin, indent,
                 evidence_text(evidence, sizeof evidence, r));
        st = buf_puts(b, line);
    }
    return st;
}

typedef struct copy_entry {
    const char *original; /* the engine's string: one address per article */
    size_t article;
} copy_entry;

static int cmp_copy_entry(const void *a, const void *b)
{
    const copy_entry *x = a, *y = b;
    if (x->original != y->original)
        return (uintptr_t)x->original < (uintptr_t)y->original ? -1 : 1;
    return (x->article > y->article) - (x->article < y->article);
}

/* --copies-only as text: each family with copies, in its original's input
 * order, the original first and its copies in input order. */
static int write_families_text(const np_engine *e, const options *o, sink *out)
{
    size_t n = np_engine_count(e), n_copies = 0;
    copy_entry *copies = malloc((n ? n : 1) * sizeof *copies);
    buf b;
    buf_init(&b, NULL);
    np_status st = copies ? NP_OK : NP_ENOMEM;
    for (size_t i = 0; i < n && st == NP_OK; i++) {
        np_result r;
        if ((st = np_engine_result(e, i, &r)) == NP_OK && r.copy_of)
            copies[n_copies++] = (copy_entry){ r.copy_of, i };
    }
    if (st == NP_OK && n_copies > 1)
        qsort(copies, n_copies, sizeof *copies, cmp_copy_entry);
    int failed = 0;
    size_t families = 0;
    for (size_t i = 0; i < n && st == NP_OK && !failed; i++) {
        np_result r;
        if ((st = np_engine_result(e, i, &r)) != NP_OK || r.copy_of)
            continue;
        size_t lo = 0, hi = n_copies;
        while (lo < hi) { /* the first copy of this original */
            size_t mid = (lo + hi) / 2;
            if ((uintptr_t)copies[mid].original < (uintptr_t)r.id)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t end = lo;
        while (end < n_copies && copies[end].original == r.id)
            end++;
        if (end == lo)
            continue; /* copies nothing, copied by none */
        char line[128];
        snprintf(line, sizeof line, "Family f%zu: %zu articles\n", ++families, end - lo + 1);
        buf_clear(&b);
        st = buf_puts(&b, line);
        if (st == NP_OK)
            st = put_article_text(&b, &r, "  ", o->explain);
        for (size_t c = lo; c < end && st == NP_OK; c++) {
            np_result copy;
            if ((st = np_engine_result(e, copies[c].article, &copy)) == NP_OK)
                st = put_article_text(&b, &copy, "  ", o->explain);
        }
        if (st == NP_OK)
            st = buf_putc(&b, '\n');
        if (st == NP_OK && sink_write(out, &b) != 0)
            failed = 1;
    }
    if (st == NP_OK && !failed && families == 0 && n > 0) {
        /* an answer of no family says so, not an empty page */
        char line[128];
        snprintf(line, sizeof line, "No copies among the %zu article%s: each is its own original.\n", n,
                 n == 1 ? "" : "s");
        buf_clear(&b);
        if ((st = buf_puts(&b, line)) == NP_OK && sink_write(out, &b) != 0)
            failed = 1;
    }
    if (st != NP_OK) {
        cli_problem("out of memory writing the answer");
        failed = 1;
    }
    free(copies);
    buf_free(&b);
    return failed;
}

static int parse_options(int argc, char **argv, options *o, int *first_input)
{
    int i = 1, gathered = 0;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (cli_flag(arg, "--help")) {
            fputs(o->shards ? group_help : help, stdout);
            return 0;
        }
        if (strcmp(arg, "--explain-params") == 0) { /* said once the options are read: -o may follow */
            if (!o->explain_params)
                o->described = o->params;
            o->explain_params = 1;
            continue;
        }
        const char *v;
        if (cli_option(argc, argv, &i, "--param", &v)) {
            if (!v || !cli_parse_param(v, &o->params))
                return EXIT_USAGE;
        } else if (cli_flag(arg, "--quiet")) {
            o->quiet = 1;
        } else if (strcmp(arg, "--stats") == 0) {
            o->stats = 1;
        } else if (strcmp(arg, "--explain") == 0) {
            o->explain = 1;
        } else if (strcmp(arg, "--copies-only") == 0) {
            o->copies_only = 1;
        } else if (strcmp(arg, "--no-rewrites") == 0 && !o->shards) {
            o->no_rewrites = 1;
        } else if (cli_option(argc, argv, &i, "--threads", &v)) {
            if (!v || !cli_parse_threads(v, &o->threads))
                return EXIT_USAGE;
        } else if (cli_option(argc, argv, &i, "--format", &v)) {
            if (!v)
                return EXIT_USAGE;
            if (!cli_parse_format(v, &o->format) || o->format == OUT_SUMMARY) {
                cli_problem("--format wants text, json, jsonl or csv, not '%s'", v);
                return EXIT_USAGE;
            }
        } else if (cli_option(argc, argv, &i, "--output", &v)) {
            if (!v)
                return EXIT_USAGE;
            o->output = v;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            cli_unknown_option(arg, o->shards ? group_help : help);
            return EXIT_USAGE;
        } else {
            argv[1 + gathered++] = argv[i]; /* an input: see cli_inputs_last */
        }
    }
    i = cli_inputs_last(argv, i, gathered);
    if (o->no_rewrites && !o->copies_only) { /* stories read what rewrites do */
        cli_problem("--no-rewrites is for --copies-only runs (try 'newsprint %s --help')", o->name);
        return EXIT_USAGE;
    }
    if (o->explain_params) /* inputs, if any, are not read */
        return cli_write_params(&o->described, o->format, o->output);
    if (i >= argc) {
        cli_problem("no input given (try 'newsprint %s --help')", o->name);
        return EXIT_USAGE;
    }
    int bad = cli_check_files(o->output, (const char *const *)argv + i, (size_t)(argc - i));
    if (!bad && o->shards)
        bad = cli_check_staged_files((const char *const *)argv + i, (size_t)(argc - i));
    if (bad)
        return bad;
    cli_note_repeats(o->name, (const char *const *)argv + i, (size_t)(argc - i));
    if (!o->quiet) /* a notice, as stories says it: --quiet silences it (exit status 0 either way) */
        cli_note_explain(o->explain, o->format);
    *first_input = i;
    return -1;
}

typedef struct intake {
    np_engine *engine;
    unsigned long long *skipped;
    int out_of_memory;
} intake;

static int add_print(const own_print *print, void *arg)
{
    intake *in = arg;
    np_status st = engine_add_own_print(in->engine, *print);
    if (st == NP_OK)
        return 0;
    cli_problem("%s", np_errmsg(in->engine));
    (*in->skipped)++;
    if (st == NP_ENOMEM) {
        in->out_of_memory = 1;
        return -1;
    }
    return 0;
}

/* Reads, cleans and fingerprints the inputs on o->threads threads into the
 * engine, in input order.  returns: 0, or -1 when out of memory */
static int add_inputs(np_engine *engine, const options *o, np_reader *reader,
                      unsigned long long *skipped, progress *bar)
{
    intake in = { engine, skipped, 0 };
    /* display forms are read for the stories' keywords alone, which
     * jsonl and csv do not write: not made for them (g20k on one thread:
     * about a tenth of the CPU) */
    print_kind kind = o->no_rewrites                                  ? PRINTS_NO_REWRITES
                      : o->copies_only                                  ? PRINTS_COPIES_ONLY
                      : o->format == OUT_JSONL || o->format == OUT_CSV ? PRINTS_WITHOUT_FORMS
                                                                       : PRINTS_WHOLE;
    int rc = cli_fingerprint_inputs(reader, o->threads, 0, UINT64_MAX, kind, add_print, &in, skipped, bar);
    if (rc || in.out_of_memory) {
        cli_problem("out of memory");
        return -1;
    }
    return 0;
}

typedef struct shard_intake {
    np_engine *engine;
    progress *bar;
} shard_intake;

static int add_shard_print(void *arg, const char *path, uint32_t article, const void *data, size_t size)
{
    shard_intake *in = arg;
    progress_tick(in->bar);
    if (np_engine_add_fingerprint(in->engine, data, size) == NP_OK)
        return 0;
    cli_problem("%s: article %u: %s", path, article, np_errmsg(in->engine));
    return -1;
}

/* Adds the fingerprints of every shard, in order, and runs the engine:
 * with the links of 'newsprint verify' when given, else finding them.
 * returns: 0, or -1 when a file is refused or damaged or the run fails
 * (reported). */
static int group_shards(np_engine *engine, char **inputs, size_t n, const np_params *params, progress *bar,
                        unsigned long long *skipped)
{
    const char **shards = calloc(n, sizeof *shards), **link_files = calloc(n, sizeof *link_files);
    size_t n_shards = 0, n_link_files = 0, n_links = 0;
    uint64_t corpus, articles;
    copy_link *links = NULL;
    shard_intake in = { engine, bar };
    int rc = shards && link_files ? 0 : -1;
    if (rc != 0)
        cli_problem("out of memory");
    if (rc == 0)
        rc = staged_split_group(inputs, n, shards, &n_shards, link_files, &n_link_files);
    if (rc == 0 && n_link_files)
        stage_expect_links(engine);
    if (rc == 0)
        rc = staged_read_prints(shards, n_shards, params, add_shard_print, &in, 1, skipped, &corpus, &articles);
    if (rc == 0 && n_link_files)
        rc = staged_read_links(link_files, n_link_files, params, corpus, articles, &links, &n_links);
    free(shards);
    free(link_files);
    if (rc != 0)
        return -1;
    progress_note(bar, "grouping copies and stories");
    np_status st = n_link_files ? stage_run_with_links(engine, links, n_links) : np_engine_run(engine);
    if (st != NP_OK) {
        cli_problem("%s", np_errmsg(engine));
        return -1;
    }
    return 0;
}

/* --stats: where the time went and what was held, on standard error. */
static void print_stats(const np_engine *e, const options *o, double reading, double run, double output)
{
    np_engine_stats st;
    np_engine_stats_get(e, &st);
    size_t n = np_engine_count(e);
    double total = reading + run + output, stages = 0;
    for (int k = 0; k < NP_STAGES; k++)
        stages += st.seconds[k];
    if (o->shards)
        reading -= stages; /* group runs the engine as it reads */
    else
        run -= stages;
    fprintf(stderr, "newsprint: %s: %zu article%s in %.2f s, %.0f articles/s, peak memory %.1f MiB\n", o->name, n,
            n == 1 ? "" : "s", total, total > 0 ? (double)n / total : 0.0, (double)np_peak_rss_bytes() / (1024.0 * 1024.0));
    const double mib = 1024.0 * 1024.0;
    fprintf(stderr, "  %-26s %8.3f s  %7.1f MiB  %10.0f articles/s\n",
            o->shards ? "read shards" : "read, clean, fingerprint", reading, (double)st.intake_peak_bytes / mib,
            reading > 0 ? (double)n / reading : 0.0);
    for (int k = 0; k < NP_STAGES; k++) {
        if (k == NP_STAGE_STORIES && o->copies_only)
            continue;
        fprintf(stderr, "  %-26s %8.3f s", np_stage_name((np_stage)k), st.seconds[k]);
        if (st.peak_bytes[k])
            fprintf(stderr, "  %7.1f MiB", (double)st.peak_bytes[k] / mib);
        else
            fprintf(stderr, "  %7s MiB", "-"); /* not run here (the links were given) */
        if (k == NP_STAGE_CANDIDATES)
            fprintf(stderr, "  %10zu pairs", st.candidates);
        else if (k == NP_STAGE_VERIFY)
            fprintf(stderr, "  %10zu links", st.links);
        else if (k == NP_STAGE_STORIES)
            fprintf(stderr, "  %10zu stories, %zu storylines", np_engine_story_count(e), np_engine_storyline_count(e));
        fputc('\n', stderr);
    }
    fprintf(stderr, "  %-26s %8.3f s\n", "other and output", run + output);
    size_t held = 0;
    for (int k = 0; k < NP_HELDS; k++)
        held += st.held[k];
    double per = n ? 1.0 / (double)n : 0.0;
    fprintf(stderr, "  held per article: %.0f B (", (double)held * per);
    for (int k = 0; k < NP_HELDS; k++)
        fprintf(stderr, "%s%s %.0f", k ? ", " : "", np_held_name((np_held)k), (double)st.held[k] * per);
    fputs(")\n", stderr);
}

/* The run's last line on standard error: its articles and what it found
 * in them (without stories, its families of copies, not "0 stories"). */
static void print_summary(const np_engine *engine, const options *o, unsigned long long skipped)
{
    size_t n = np_engine_count(engine);
    if (o->copies_only) {
        size_t families = 0, copies = 0;
        np_result r;
        for (size_t i = 0; i < n; i++) {
            if (np_engine_result(engine, i, &r) != NP_OK)
                continue;
            copies += r.copy_of != NULL;
            families += strcmp(r.relation, "original") == 0;
        }
        fprintf(stderr, "newsprint: %s: %zu article%s, %zu famil%s of copies (%zu cop%s), %llu skipped\n", o->name, n,
                n == 1 ? "" : "s", families, families == 1 ? "y" : "ies", copies, copies == 1 ? "y" : "ies", skipped);
        return;
    }
    size_t stories = np_engine_story_count(engine), lines = np_engine_storyline_count(engine);
    fprintf(stderr, "newsprint: %s: %zu article%s, %zu stor%s, %zu storyline%s, %llu skipped\n", o->name, n,
            n == 1 ? "" : "s", stories, stories == 1 ? "y" : "ies", lines, lines == 1 ? "" : "s", skipped);
}

static int run_cluster(int argc, char **argv, int shards)
{
    options o = { .format = OUT_TEXT, .threads = cli_default_threads(), .name = shards ? "group" : "cluster",
                  .shards = shards };
    np_params_default(&o.params);
    int first = 0;
    int rc = parse_options(argc, argv, &o, &first);
    if (rc >= 0)
        return rc;
    /* opened first: an output that cannot be made fails before the run, not after */
    sink out;
    if (sink_open(&out, o.output) != 0)
        return EXIT_SKIPPED;
    np_reader *reader = NULL;
    np_engine *engine = NULL;
    if (np_reader_open(&reader, (const char *const *)argv + first, (size_t)(argc - first),
                       NP_FORMAT_AUTO, NULL) != NP_OK ||
        np_engine_new(&engine, &o.params, NULL) != NP_OK) {
        cli_problem("out of memory");
        np_reader_free(reader);
        np_engine_free(engine);
        sink_close(&out, 0);
        return EXIT_SKIPPED;
    }
    sink_pass_over(&out, reader);
    if (o.no_rewrites)
        np_engine_no_rewrites(engine);
    else if (o.copies_only)
        np_engine_copies_only(engine);
    np_engine_set_threads(engine, o.threads);
    unsigned long long skipped = 0;
    progress bar;
    progress_start(&bar, o.quiet, "articles");
    np_engine_on_stage(engine, progress_stage, &bar);
    if (!shards)
        progress_inputs(&bar, reader, argv + first, (size_t)(argc - first));
    progress_small_inputs(&bar);
    int failed;
    double started = np_seconds(), intake_done, run_done;
    if (shards) {
        failed = group_shards(engine, argv + first, (size_t)(argc - first), &o.params, &bar, &skipped) != 0;
        intake_done = np_seconds();
    } else {
        failed = add_inputs(engine, &o, reader, &skipped, &bar) != 0;
        intake_done = np_seconds();
        if (!failed && np_engine_run(engine) != NP_OK) {
            cli_problem("%s", np_errmsg(engine));
            failed = 1;
        }
    }
    progress_end(&bar);
    /* shards are not read by the reader: group_shards says what it skipped */
    cli_reader_close(reader, o.quiet || shards, (const char *const *)argv + first, (size_t)(argc - first));
    run_done = np_seconds();
    if (failed) {
        sink_close(&out, 0);
    } else if (o.copies_only && o.format == OUT_TEXT) {
        int write_failed = write_families_text(engine, &o, &out);
        failed = sink_close(&out, !write_failed) != 0 || write_failed;
    } else {
        answer ans;
        answer_init(&ans);
        /* JSONL and CSV write the articles alone: the stories (keywords,
         * dates, members) are not read for them */
        int results_only = o.format == OUT_JSONL || o.format == OUT_CSV;
        np_status read = results_only ? answer_results_from_engine_on(&ans, engine, o.threads) : answer_from_engine(&ans, engine);
        int write_failed = read != NP_OK;
        if (write_failed)
            cli_problem("out of memory");
        else
            write_failed = answer_write_on(&ans, o.format, o.explain, NULL, &out, o.threads);
        answer_free(&ans);
        failed = sink_close(&out, !write_failed) != 0 || write_failed;
    }
    if (o.stats && !failed)
        print_stats(engine, &o, intake_done - started, run_done - intake_done, np_seconds() - run_done);
    if (!o.quiet && (skipped || isatty(STDERR_FILENO)))
        print_summary(engine, &o, skipped);
    np_engine_free(engine);
    return (skipped || failed) ? EXIT_SKIPPED : 0;
}

int cmd_cluster(int argc, char **argv)
{
    return run_cluster(argc, argv, 0);
}

int cmd_group(int argc, char **argv)
{
    return run_cluster(argc, argv, 1);
}
