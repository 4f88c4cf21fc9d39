/* sign: `newsprint sign`, one input partition read, cleaned and
 * fingerprinted into a shard (the first stage of a staged run). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cluster/engine.h"
#include "ingest/id.h"

static const char help[] =
    "usage: newsprint sign -o SHARD [--records FROM:TO] [--threads N] [--quiet]\n"
    "                      [--param NAME=VALUE]... INPUT...\n"
    "       newsprint sign --count [--records FROM:TO] INPUT...\n"
    "\n"
    "The first stage of a staged run: reads, cleans and fingerprints the\n"
    "articles of INPUT (as 'newsprint cluster' would) and writes their\n"
    "fingerprints, in input order, to SHARD: a file with a header naming the\n"
    "format, the newsprint build and the parameters, and an end marker with\n"
    "the record count and a checksum.  'newsprint group SHARD...' then gives\n"
    "the answer of 'newsprint cluster' over all the partitions' inputs in the\n"
    "order of the shards.  Partitions can be signed on different machines.\n"
    "\n"
    "options:\n"
    "  -o SHARD          the shard to write (made complete or not at all)\n"
    "  --records FROM:TO only records FROM..TO-1 of the inputs, counting from 0\n"
    "                    every record the reader returns (a JSONL line, a file,\n"
    "                    a WARC record), skipped ones too; TO may be left out;\n"
    "                    FROM past the last record: an empty shard, said\n"
    "  --threads N       clean and fingerprint on N threads (default: one per CPU)\n"
    "  --param NAME=V    a parameter (the shard records them; every stage must\n"
    "                    be given the same)\n"
    "  --quiet           no progress or summary on standard error\n"
    "  --count           print the number of records of the inputs (as\n"
    "                    --records counts them, skipped ones too, and said;\n"
    "                    within its range when given) and exit: no -o needed\n"
    "  --help            this text\n"
    "\n"
    "Exit status 1 when a record was skipped (reported; --count too) or the\n"
    "shard could not be written; 2 for a usage error.\n";

static int parse_range(const char *s, uint64_t *from, uint64_t *to)
{
    char *end;
    if (!s || !(*s >= '0' && *s <= '9'))
        return 0;
    errno = 0;
    unsigned long long a = strtoull(s, &end, 10);
    if (*end != ':' || errno == ERANGE)
        return 0;
    *from = a;
    *to = UINT64_MAX;
    if (end[1] == '\0')
        return 1;
    const char *t = end + 1;
    if (!(*t >= '0' && *t <= '9'))
        return 0;
    unsigned long long b = strtoull(t, &end, 10);
    if (*end || b < a || errno == ERANGE)
        return 0;
    *to = b;
    return 1;
}

static int write_print(const own_print *print, void *arg)
{
    return shard_write(arg, print->data, print->size);
}

/* Prints how many records the reader returns for the inputs within record
 * numbers FROM..TO-1 (skipped records are numbered too, as --records counts;
 * those before FROM are passed over undecoded, as sign passes them).  A
 * record or input skipped in the range is said on standard error, as sign
 * says it.  returns: 0, or EXIT_SKIPPED when one was */
static int count_records(const char *const *inputs, size_t n, uint64_t from, uint64_t to, int quiet)
{
    np_reader *reader = NULL;
    if (np_reader_open(&reader, inputs, n, NP_FORMAT_AUTO, NULL) != NP_OK) {
        cli_problem("out of memory");
        return EXIT_SKIPPED;
    }
    const np_record *rec;
    unsigned long long count = 0, skipped = 0;
    for (uint64_t position = 0; position < to; position++) {
        if (position < from) {
            if (np_reader_skip(reader) == NP_DONE)
                break;
            continue;
        }
        np_status st = np_reader_next(reader, &rec);
        if (st == NP_DONE)
            break;
        count++;
        if (st != NP_OK) {
            if (!reader_failure_unnamed(reader)) /* a duplicate id past those named is counted */
                cli_problem("%s", np_errmsg(reader));
            skipped++;
        }
    }
    cli_reader_close(reader, quiet || from > 0 || to < UINT64_MAX, inputs, n);
    printf("%llu\n", count);
    return skipped ? EXIT_SKIPPED : 0; /* main flushes standard output and says a failed write */
}

/* The fingerprints of records from..to-1 of the inputs, made on `threads`
 * threads, into the shard output (complete or not made).  returns: the
 * exit status */
static int sign_inputs(const char *const *inputs, size_t n, const char *output, const np_params *params,
                       size_t threads, uint64_t from, uint64_t to, int quiet)
{
    np_reader *reader = NULL;
    if (np_reader_open(&reader, inputs, n, NP_FORMAT_AUTO, NULL) != NP_OK) {
        cli_problem("out of memory");
        return EXIT_SKIPPED;
    }
    shard_writer w;
    unsigned long long skipped = 0;
    progress bar;
    progress_start(&bar, quiet, "articles");
    /* a shard that cannot be made (said, naming it) leaves the inputs
     * unread: no "no article found in INPUT" then, nor a count of none */
    int unread = shard_create(&w, output, SHARD_PRINTS, params) != 0, failed = unread;
    if (!failed)
        failed = cli_fingerprint_inputs(reader, threads, from, to, PRINTS_WHOLE, write_print, &w, &skipped, &bar) != 0;
    if (w.hash && shard_close(&w, !failed) != 0)
        failed = 1;
    progress_end(&bar);
    /* a range may hold no record of inputs that hold many */
    cli_reader_close(reader, quiet || unread || from > 0 || to < UINT64_MAX, inputs, n);
    /* "225 articles into s.nps, 0 skipped; no shard written" said both */
    if (!quiet && !unread && failed)
        fprintf(stderr, "newsprint: sign: stopped after %llu article%s (%llu skipped): no shard written to %s\n",
                (unsigned long long)w.count, w.count == 1 ? "" : "s", skipped, output);
    else if (!quiet && !unread && (skipped || isatty(STDERR_FILENO)))
        fprintf(stderr, "newsprint: sign: %llu article%s into %s, %llu skipped\n", (unsigned long long)w.count,
                w.count == 1 ? "" : "s", output, skipped);
    /* a range past the inputs' end made an empty shard without a word */
    if (!quiet && !failed && !w.count && !skipped && from > 0 && from < to)
        fprintf(stderr, "newsprint: sign: the inputs hold no record numbered %llu or more (--records counts from 0; "
                        "'newsprint sign --count INPUT...' counts them): %s holds no article\n",
                (unsigned long long)from, output);
    return (skipped || failed) ? EXIT_SKIPPED : 0;
}

int cmd_sign(int argc, char **argv)
{
    np_params params;
    np_params_default(&params);
    const char *output = NULL;
    size_t threads = cli_default_threads();
    uint64_t from = 0, to = UINT64_MAX;
    int quiet = 0, count_only = 0, i = 1, gathered = 0;
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
        } else if (strcmp(arg, "--count") == 0) {
            count_only = 1;
        } else if (cli_option(argc, argv, &i, "--output", &v)) {
            if (!v)
                return EXIT_USAGE;
            output = v;
        } else if (cli_option(argc, argv, &i, "--param", &v)) {
            if (!v || !cli_parse_param(v, &params))
                return EXIT_USAGE;
        } else if (cli_option(argc, argv, &i, "--threads", &v)) {
            if (!v || !cli_parse_threads(v, &threads))
                return EXIT_USAGE;
        } else if (cli_option(argc, argv, &i, "--records", &v)) {
            if (!v)
                return EXIT_USAGE;
            if (!parse_range(v, &from, &to)) {
                cli_problem("--records wants FROM:TO or FROM: (record numbers, FROM <= TO), not '%s'", v);
                return EXIT_USAGE;
            }
        } else if (arg[0] == '-' && arg[1] != '\0') {
            cli_unknown_option(arg, help);
            return EXIT_USAGE;
        } else {
            argv[1 + gathered++] = argv[i]; /* an input: see cli_inputs_last */
        }
    }
    i = cli_inputs_last(argv, i, gathered);
    if (count_only && i < argc) {
        int bad = cli_check_files(NULL, (const char *const *)argv + i, (size_t)(argc - i));
        if (bad)
            return bad;
        cli_note_repeats("sign", (const char *const *)argv + i, (size_t)(argc - i));
        return count_records((const char *const *)argv + i, (size_t)(argc - i), from, to, quiet);
    }
    if (!output || i >= argc) {
        cli_problem("%s (try 'newsprint sign --help')", !output ? "-o SHARD is required" : "no input given");
        return EXIT_USAGE;
    }
    if (strcmp(output, "-") == 0) {
        cli_problem("-o wants a file name (a shard is binary)");
        return EXIT_USAGE;
    }
    int bad = cli_check_files(output, (const char *const *)argv + i, (size_t)(argc - i));
    if (bad)
        return bad;
    cli_note_repeats("sign", (const char *const *)argv + i, (size_t)(argc - i));
    return sign_inputs((const char *const *)argv + i, (size_t)(argc - i), output, &params, threads, from, to, quiet);
}
