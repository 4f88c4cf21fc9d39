/* join: `newsprint join`, the second stage of a staged run: the candidate
 * pairs of one key partition, from every shard, into a pairs file. */
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/staged.h"
#include "cluster/stages.h"

static const char join_help[] =
    "usage: newsprint join --part P/N -o PAIRS [--verify-parts M] [--threads N]\n"
    "                      [--quiet] [--param NAME=VALUE]... SHARD...\n"
    "\n"
    "The second stage of a staged run: reads the shards 'newsprint sign' made\n"
    "(every one, in input order) and writes the candidate pairs of key\n"
    "partition P of N (counting from 0): pairs of articles sharing an LSH band,\n"
    "sentences or characteristic terms whose key falls in the partition, each\n"
    "with what it shares.  The N partitions can run on N machines; 'newsprint\n"
    "verify' takes all N files.  Memory: the keys of one partition, the\n"
    "vocabulary and a few bytes per article.\n"
    "\n"
    "options:\n"
    "  --part P/N        the key partition to join (0 <= P < N)\n"
    "  -o PAIRS          the file to write (made complete or not at all)\n"
    "  --verify-parts M  cut the file by the M article partitions verify will\n"
    "                    use, so each verify reads only its own (default 1: any\n"
    "                    number of verify partitions reads the whole file)\n"
    "  --threads N       count shared keys on N threads (default: one per CPU)\n"
    "  --param NAME=V    a parameter (must be the shards')\n"
    "  --quiet           no progress or summary on standard error\n"
    "  --help            this text\n"
    STAGED_EXIT_HELP;

typedef struct join_run {
    stage_joiner *joiner;
    int second;               /* the second pass */
    progress *bar;
} join_run;

static int join_print(void *arg, const char *path, uint32_t article, const void *data, size_t size)
{
    join_run *j = arg;
    np_status st = j->second ? stage_joiner_keys(j->joiner, data, size) : stage_joiner_count(j->joiner, data, size);
    progress_tick(j->bar);
    if (st == NP_OK)
        return 0;
    cli_problem("%s: article %u: %s", path, article,
                st == NP_ENOMEM ? "out of memory" : st == NP_EINPUT ? "not a fingerprint of this newsprint"
                                                                    : "the shards changed between the passes");
    return -1;
}

typedef struct pair_fill {
    stage_joiner *joiner;
    pair *space;
} pair_fill;

static size_t fill_pairs(void *arg, unsigned char *block, size_t max, uint32_t *part)
{
    pair_fill *f = arg;
    size_t n = stage_joiner_next(f->joiner, f->space, max, part);
    for (size_t i = 0; i < n; i++)
        stage_pair_put(&f->space[i], block + i * STAGE_PAIR_BYTES);
    return n;
}

int cmd_join(int argc, char **argv)
{
    stage_options o = { .name = "join", .threads = cli_default_threads(), .verify_parts = 1 };
    np_params_default(&o.params);
    int first = 0;
    int rc = staged_parse_options(argc, argv, &o, join_help, &first);
    if (rc >= 0)
        return rc;
    const char *const *shards = (const char *const *)argv + first;
    size_t n_shards = (size_t)(argc - first);
    /* made first: an output that cannot be made fails before the shards
     * are read, not after */
    shard_writer w;
    if (shard_create(&w, o.output, SHARD_PAIRS, &o.params) != 0)
        return EXIT_SKIPPED;
    join_run run = { 0 };
    if (stage_joiner_new(&run.joiner, &o.params, o.part, o.parts, o.threads) != NP_OK) {
        cli_problem("out of memory");
        shard_close(&w, 0);
        return EXIT_SKIPPED;
    }
    progress bar;
    progress_start(&bar, o.quiet, "articles");
    run.bar = &bar;
    uint64_t corpus = 0, articles = 0, again = 0, articles_again = 0;
    unsigned long long skipped = 0; /* repeated ids, as group counts them */
    int failed =
        staged_read_prints(shards, n_shards, &o.params, join_print, &run, 1, &skipped, &corpus, &articles) != 0;
    progress_note(&bar, "keys of the partition");
    run.second = 1;
    if (!failed)
        failed = staged_read_prints(shards, n_shards, &o.params, join_print, &run, 0, NULL, &again,
                                    &articles_again) != 0;
    if (!failed && (again != corpus || articles_again != articles)) {
        cli_problem("the shards changed while they were read");
        failed = 1;
    }
    size_t n = 0;
    if (!failed) {
        progress_note(&bar, "pairs");
        np_status st = stage_joiner_pairs(run.joiner);
        if (st == NP_OK)
            st = stage_joiner_order(run.joiner, o.verify_parts);
        n = stage_joiner_count_pairs(run.joiner);
        if (st != NP_OK) {
            cli_problem("%s", st == NP_ENOMEM ? "out of memory" : np_strerror(st));
            failed = 1;
        }
    }
    progress_end(&bar);
    if (!failed) {
        part_head h = { corpus, articles, o.part, o.parts, o.verify_parts };
        unsigned char head[HEAD_BYTES];
        staged_head_put(&h, head);
        pair_fill fill = { run.joiner, malloc(BLOCK_ITEMS * sizeof(pair)) };
        failed = !fill.space;
        if (!fill.space)
            cli_problem("out of memory");
        if (!failed) {
            int bad = shard_write(&w, head, sizeof head) != 0 || staged_write_items(&w, STAGE_PAIR_BYTES, fill_pairs, &fill) != 0;
            failed = shard_close(&w, !bad) != 0 || bad;
        }
        free(fill.space);
    }
    if (w.hash)
        shard_close(&w, 0); /* not written: no file made */
    if (!o.quiet && (failed || isatty(STDERR_FILENO)))
        fprintf(stderr, "newsprint: join: partition %u/%u: %llu articles, %zu pairs%s\n", o.part, o.parts,
                (unsigned long long)articles, n, failed ? "; nothing written" : "");
    stage_joiner_free(run.joiner);
    return failed || skipped ? EXIT_SKIPPED : 0;
}
