/* staged: `newsprint join` and `newsprint verify`, the middle stages of a
 * staged run, and what `group` needs to read the links they leave. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include "cli/cli.h"
#include "ingest/id.h"
#include "cluster/stages.h"
#include "common/alloc.h"
#include "common/idset.h"

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
    "  --help            this text\n";

static const char verify_help[] =
    "usage: newsprint verify --part Q/M -o LINKS [--threads N] [--quiet]\n"
    "                        [--param NAME=VALUE]... SHARD... PAIRS...\n"
    "\n"
    "The third stage of a staged run: sums what each candidate pair shares over\n"
    "every key partition of 'newsprint join' (all N pairs files are needed),\n"
    "keeps the pairs 'newsprint cluster' would compare, and compares those of\n"
    "article partition Q of M into copy links.  Only the articles of those\n"
    "pairs are held.  SHARD... in input order, as to join; the files are told\n"
    "apart by their headers.  'newsprint group SHARD... LINKS...' then gives\n"
    "the answer.\n"
    "\n"
    "options:\n"
    "  --part Q/M        the article partition to verify (0 <= Q < M)\n"
    "  -o LINKS          the file to write (made complete or not at all)\n"
    "  --threads N       compare on N threads (default: one per CPU)\n"
    "  --param NAME=V    a parameter (must be the shards')\n"
    "  --quiet           no progress or summary on standard error\n"
    "  --help            this text\n";

enum { HEAD_BYTES = 28, BLOCK_ITEMS = 65536, ANY_PART = UINT32_MAX };

/* What a pairs or links file says it is part of. */
typedef struct part_head {
    uint64_t corpus;          /* staged_corpus of the shards */
    uint64_t articles;
    uint32_t part, parts;
    uint32_t verify_parts;    /* pairs: the article partitions its blocks are cut by */
} part_head;

static void head_put(const part_head *h, unsigned char out[HEAD_BYTES])
{
    memcpy(out, &h->corpus, 8);
    memcpy(out + 8, &h->articles, 8);
    memcpy(out + 16, &h->part, 4);
    memcpy(out + 20, &h->parts, 4);
    memcpy(out + 24, &h->verify_parts, 4);
}

static void head_get(const unsigned char in[HEAD_BYTES], part_head *h)
{
    memcpy(&h->corpus, in, 8);
    memcpy(&h->articles, in + 8, 8);
    memcpy(&h->part, in + 16, 4);
    memcpy(&h->parts, in + 20, 4);
    memcpy(&h->verify_parts, in + 24, 4);
}

typedef struct stage_options {
    const char *name;
    np_params params;
    uint32_t part, parts;
    int have_part, quiet;
    size_t threads;
    const char *output;
    uint32_t verify_parts;    /* join: the article partitions its blocks are cut by */
} stage_options;

static int parse_part(const char *s, uint32_t *part, uint32_t *parts)
{
    char *end;
    if (!s || !(*s >= '0' && *s <= '9'))
        return 0;
    unsigned long p = strtoul(s, &end, 10);
    if (*end != '/' || !(end[1] >= '1' && end[1] <= '9'))
        return 0;
    unsigned long n = strtoul(end + 1, &end, 10);
    if (*end || n > 1000000 || p >= n)
        return 0;
    *part = (uint32_t)p;
    *parts = (uint32_t)n;
    return 1;
}

/* returns: -1 to go on with the inputs from argv[*first], else the exit status */
static int parse_stage_options(int argc, char **argv, stage_options *o, const char *help, int *first)
{
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
            o->quiet = 1;
        } else if (cli_option(o->name, argc, argv, &i, "--output", &v)) {
            if (!v)
                return EXIT_USAGE;
            o->output = v;
        } else if (cli_option(o->name, argc, argv, &i, "--param", &v)) {
            if (!v || !cli_parse_param(o->name, v, &o->params))
                return EXIT_USAGE;
        } else if (cli_option(o->name, argc, argv, &i, "--threads", &v)) {
            if (!v || !cli_parse_threads(o->name, v, &o->threads))
                return EXIT_USAGE;
        } else if (o->verify_parts && cli_option(o->name, argc, argv, &i, "--verify-parts", &v)) {
            char *end;
            unsigned long m = v && *v >= '1' && *v <= '9' ? strtoul(v, &end, 10) : 0;
            if (!v)
                return EXIT_USAGE;
            if (m == 0 || *end || m > 1000000) {
                cli_problem("%s: --verify-parts wants a number from 1 to 1000000, not '%s'", o->name, v);
                return EXIT_USAGE;
            }
            o->verify_parts = (uint32_t)m;
        } else if (cli_option(o->name, argc, argv, &i, "--part", &v)) {
            if (!v)
                return EXIT_USAGE;
            if (!parse_part(v, &o->part, &o->parts)) {
                cli_problem("%s: --part wants P/N with 0 <= P < N (partitions counted from 0), not '%s'", o->name, v);
                return EXIT_USAGE;
            }
            o->have_part = 1;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            cli_problem("%s: unknown option '%s' (try 'newsprint %s --help')", o->name, arg, o->name);
            return EXIT_USAGE;
        } else {
            argv[1 + gathered++] = argv[i]; /* an input: see cli_inputs_last */
        }
    }
    i = cli_inputs_last(argv, i, gathered);
    const char *missing = !o->have_part ? "--part P/N is required"
                          : !o->output  ? "-o FILE is required"
                          : i >= argc   ? "no shard given"
                                        : NULL;
    if (missing) {
        cli_problem("%s: %s (try 'newsprint %s --help')", o->name, missing, o->name);
        return EXIT_USAGE;
    }
    if (strcmp(o->output, "-") == 0) {
        cli_problem("%s: -o wants a file name (the file is binary)", o->name);
        return EXIT_USAGE;
    }
    int bad = cli_check_files(o->name, o->output, (const char *const *)argv + i, (size_t)(argc - i));
    if (!bad)
        bad = cli_check_staged_files(o->name, (const char *const *)argv + i, (size_t)(argc - i));
    if (bad)
        return bad;
    *first = i;
    return -1;
}

int staged_read_prints(const char *const *paths, size_t n, const np_params *params, staged_print_fn fn, void *arg,
                       int report, unsigned long long *skipped, uint64_t *corpus, uint64_t *articles)
{
    XXH3_state_t *digest = XXH3_createState();
    if (!digest || XXH3_64bits_reset(digest) != XXH_OK) {
        XXH3_freeState(digest);
        cli_problem("out of memory");
        return -1;
    }
    idset seen;
    idset_init(&seen, NULL);
    uint64_t article = 0, duplicates = 0;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        shard_reader r;
        rc = shard_open(&r, paths[i], SHARD_PRINTS, params);
        const void *data;
        size_t size;
        while (rc == 0) {
            int got = shard_next(&r, &data, &size);
            if (got <= 0) {
                rc = got;
                break;
            }
            print_keys k;
            int added = 1;
            if (print_keys_read(data, size, &k) &&
                idset_add(&seen, XXH3_64bits(k.id, strlen(k.id)), &added) != NP_OK) {
                cli_problem("out of memory");
                rc = -1;
            } else if (!added) {
                /* the reader's rule, across shards signed apart */
                if (report && ++duplicates <= READER_DUPLICATES_NAMED)
                    cli_problem("%s: record %llu: duplicate id \"%s\" (an earlier article has it), skipped",
                                paths[i], (unsigned long long)r.count, k.id);
                if (skipped)
                    (*skipped)++;
            } else if (article >= UINT32_MAX - 1) {
                cli_problem("%s: more articles than one run takes (%u)", paths[i], UINT32_MAX - 1);
                rc = -1;
            } else {
                rc = fn(arg, paths[i], (uint32_t)article++, data, size);
            }
        }
        if (rc == 0) {
            uint64_t mine[2] = { r.count, r.sum };
            XXH3_64bits_update(digest, mine, sizeof mine);
        }
        shard_close_reader(&r);
    }
    if (report)
        cli_duplicates_unnamed(NULL, duplicates);
    *corpus = XXH3_64bits_digest(digest);
    *articles = article;
    XXH3_freeState(digest);
    idset_free(&seen);
    return rc;
}

/* Opens a pairs or links file and reads the partition it says it is.
 * returns: 0 or -1 (reported) */
static int open_part(shard_reader *r, const char *path, shard_kind kind, const np_params *params, part_head *got)
{
    const void *data;
    size_t size;
    if (shard_open(r, path, kind, params) != 0)
        return -1;
    int n = shard_next(r, &data, &size);
    if (n <= 0 || size != HEAD_BYTES) {
        if (n >= 0)
            cli_problem("%s: damaged: no partition head", path);
        return -1;
    }
    head_get(data, got);
    if (!got->parts || got->part >= got->parts) {
        cli_problem("%s: damaged: partition %u of %u", path, got->part, got->parts);
        return -1;
    }
    return 0;
}

/* Every part of a set of files, once each, from one corpus. */
typedef struct part_set {
    const char *what;         /* "pairs file", "links file" */
    const char *stage;        /* the stage that makes them */
    part_head first;
    const char *first_path;
    unsigned char *seen;
    size_t count;
} part_set;

static int part_check(part_set *s, const char *path, const part_head *h)
{
    if (!s->first_path) {
        s->first = *h;
        s->first_path = path;
        if (!(s->seen = calloc(h->parts, 1))) {
            cli_problem("out of memory");
            return -1;
        }
    } else if (h->corpus != s->first.corpus || h->articles != s->first.articles) {
        cli_problem("%s: made from other shards than %s: run '%s' again over the same shards", path,
                    s->first_path, s->stage);
        return -1;
    } else if (h->parts != s->first.parts) {
        cli_problem("%s: partition %u of %u, but %s is of %u: give the %s of one run", path, h->part, h->parts,
                    s->first_path, s->first.parts, s->what);
        return -1;
    }
    if (s->seen[h->part]) {
        cli_problem("%s: partition %u/%u given twice", path, h->part, h->parts);
        return -1;
    }
    s->seen[h->part] = 1;
    s->count++;
    return 0;
}

/* All parts there, and of the shards read (corpus, articles). */
static int part_complete(const part_set *s, uint64_t corpus, uint64_t articles)
{
    if (!s->first_path)
        return 0;
    if (s->count != s->first.parts) {
        size_t missing = 0;
        while (s->seen[missing])
            missing++;
        cli_problem("%zu of %u %ss given: partition %zu/%u (made by '%s --part %zu/%u') is missing", s->count,
                    s->first.parts, s->what, missing, s->first.parts, s->stage, missing, s->first.parts);
        return -1;
    }
    if (s->first.articles != articles) {
        cli_problem("%s: made from other shards (%llu articles) than the ones given (%llu): run '%s' again",
                    s->first_path, (unsigned long long)s->first.articles, (unsigned long long)articles, s->stage);
        return -1;
    }
    if (s->first.corpus != corpus) { /* as many articles: it said "(3000 articles) than ... (3000)" */
        cli_problem("%s: made from other shards than the ones given (%llu articles both), or from these in "
                    "another order: give the shards in input order, as '%s' was given them, or run it again",
                    s->first_path, (unsigned long long)articles, s->stage);
        return -1;
    }
    return 0;
}

/* Splits the inputs into shards (in order) and files of `kind`. */
static int split_inputs(char **inputs, size_t n, shard_kind kind, const char **shards, size_t *n_shards,
                        const char **parts, size_t *n_parts, const char *stage)
{
    *n_shards = *n_parts = 0;
    for (size_t i = 0; i < n; i++) {
        shard_kind k;
        if (!shard_sniff(inputs[i], &k)) {
            FILE *f = fopen(inputs[i], "rb");
            if (!f)
                cli_problem("%s: cannot open: %s", inputs[i], strerror(errno));
            else
                cli_problem("%s: not a newsprint shard (made by 'newsprint sign')", inputs[i]);
            if (f)
                fclose(f);
            return -1;
        }
        if (k == SHARD_PRINTS)
            shards[(*n_shards)++] = inputs[i];
        else if (k == kind)
            parts[(*n_parts)++] = inputs[i];
        else {
            cli_problem("%s: a %s file, which '%s' does not read", inputs[i], k == SHARD_PAIRS ? "pairs" : "links",
                        stage);
            return -1;
        }
    }
    if (!*n_shards) {
        cli_problem("%s: no shard given (the fingerprints 'newsprint sign' made)", stage);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */

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

/* Writes the items `fill` gives (BLOCK_ITEMS at most a call, each `bytes`
 * long, all of one article partition, *part; 0 at the end), a block a
 * record: the partition (u32), the block's size (u32) and the block
 * compressed by zlib (level 1: pairs of sorted articles compress about 4
 * to 1, at a small cost to join). */
typedef size_t (*fill_fn)(void *arg, unsigned char *block, size_t max, uint32_t *part);

static int write_items(shard_writer *w, size_t bytes, fill_fn fill, void *arg)
{
    unsigned char *block = malloc(BLOCK_ITEMS * bytes);
    uLong bound = compressBound((uLong)(BLOCK_ITEMS * bytes));
    unsigned char *packed = malloc(8 + bound);
    int rc = block && packed ? 0 : -1;
    if (rc != 0)
        cli_problem("out of memory");
    size_t k;
    uint32_t part = 0;
    while (rc == 0 && (k = fill(arg, block, BLOCK_ITEMS, &part)) > 0) {
        uint32_t raw = (uint32_t)(k * bytes);
        uLongf size = bound;
        memcpy(packed, &part, 4);
        memcpy(packed + 4, &raw, 4);
        if (compress2(packed + 8, &size, block, raw, 1) != Z_OK) {
            cli_problem("out of memory");
            rc = -1;
        } else {
            rc = shard_write(w, packed, 8 + size);
        }
    }
    free(block);
    free(packed);
    return rc;
}

/* The next block of items of `bytes` each: 1 with *data (in *space) and
 * *n items, 0 at the verified end, -1 when damaged (reported).  A block
 * of another article partition than `part` (ANY_PART: none other) comes
 * back with no items, not decompressed. */
static int read_items(shard_reader *r, size_t bytes, uint32_t part, buf *space, const unsigned char **data,
                      size_t *n)
{
    const void *record;
    size_t size;
    int got = shard_next(r, &record, &size);
    if (got <= 0)
        return got;
    uint32_t tag, raw;
    if (size >= 8) {
        memcpy(&tag, record, 4);
        memcpy(&raw, (const char *)record + 4, 4);
    }
    if (size < 8 || raw % bytes || raw > BLOCK_ITEMS * bytes) {
        cli_problem("%s: damaged: a block that is not whole items", r->path);
        return -1;
    }
    *data = (const unsigned char *)space->data;
    *n = 0;
    if (part != ANY_PART && tag != part)
        return 1;
    buf_clear(space);
    if (buf_reserve(space, raw ? raw : 1) != NP_OK) {
        cli_problem("out of memory");
        return -1;
    }
    uLongf out = raw;
    if (uncompress((unsigned char *)space->data, &out, (const unsigned char *)record + 8, (uLong)(size - 8)) != Z_OK ||
        out != raw) {
        cli_problem("%s: damaged: a block does not decompress", r->path);
        return -1;
    }
    *data = (const unsigned char *)space->data;
    *n = raw / bytes;
    return 1;
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

typedef struct link_fill {
    const copy_link *links;
    size_t n, at;
    uint32_t part;
} link_fill;

static size_t fill_links(void *arg, unsigned char *block, size_t max, uint32_t *part)
{
    link_fill *f = arg;
    *part = f->part;
    size_t n = f->n - f->at < max ? f->n - f->at : max;
    for (size_t i = 0; i < n; i++)
        stage_link_put(&f->links[f->at + i], block + i * STAGE_LINK_BYTES);
    f->at += n;
    return n;
}

int cmd_join(int argc, char **argv)
{
    stage_options o = { .name = "join", .threads = cli_default_threads(), .verify_parts = 1 };
    np_params_default(&o.params);
    int first = 0;
    int rc = parse_stage_options(argc, argv, &o, join_help, &first);
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
    int failed = staged_read_prints(shards, n_shards, &o.params, join_print, &run, 1, NULL, &corpus, &articles) != 0;
    progress_note(&bar, "keys of the partition");
    run.second = 1;
    if (!failed)
        failed = staged_read_prints(shards, n_shards, &o.params, join_print, &run, 0, NULL, &again,
                                    &articles_again) != 0;
    if (!failed && (again != corpus || articles_again != articles)) {
        cli_problem("join: the shards changed while they were read");
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
            cli_problem("join: %s", st == NP_ENOMEM ? "out of memory" : np_strerror(st));
            failed = 1;
        }
    }
    progress_end(&bar);
    if (!failed) {
        part_head h = { corpus, articles, o.part, o.parts, o.verify_parts };
        unsigned char head[HEAD_BYTES];
        head_put(&h, head);
        pair_fill fill = { run.joiner, malloc(BLOCK_ITEMS * sizeof(pair)) };
        failed = !fill.space;
        if (!fill.space)
            cli_problem("out of memory");
        if (!failed) {
            int bad = shard_write(&w, head, sizeof head) != 0 || write_items(&w, STAGE_PAIR_BYTES, fill_pairs, &fill) != 0;
            failed = shard_close(&w, !bad) != 0 || bad;
        }
        free(fill.space);
    }
    if (w.hash)
        shard_close(&w, 0); /* not written: no file made */
    if (!o.quiet && (failed || isatty(STDERR_FILENO)))
        fprintf(stderr, "newsprint join: partition %u/%u: %llu articles, %zu pairs%s\n", o.part, o.parts,
                (unsigned long long)articles, n, failed ? "; nothing written" : "");
    stage_joiner_free(run.joiner);
    return failed ? EXIT_SKIPPED : 0;
}

/* ------------------------------------------------------------------ */

typedef struct verify_run {
    np_engine *engine;
    const uint32_t *needed;   /* sorted article numbers the pairs name */
    size_t n_needed, next;
    progress *bar;
} verify_run;

static int verify_print(void *arg, const char *path, uint32_t article, const void *data, size_t size)
{
    verify_run *v = arg;
    progress_tick(v->bar);
    if (v->next >= v->n_needed || v->needed[v->next] != article)
        return 0;
    v->next++;
    if (np_engine_add_fingerprint(v->engine, data, size) == NP_OK)
        return 0;
    cli_problem("%s: article %u: %s", path, article, np_errmsg(v->engine));
    return -1;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static uint32_t local_of(const uint32_t *needed, size_t n, uint32_t article)
{
    const uint32_t *at = bsearch(&article, needed, n, sizeof *needed, cmp_u32);
    return (uint32_t)(at - needed);
}

/* One pairs file being merged: its current block and place in it. */
typedef struct pairs_cursor {
    shard_reader r;
    buf space;
    const unsigned char *data;
    size_t n, at;
    stage_partial head;       /* the item at `at` */
    uint32_t part;            /* the blocks to read: ANY_PART, or one article partition */
    int open, done;
} pairs_cursor;

/* Moves c to its next item.  returns: 0, or -1 when damaged (reported) */
static int cursor_next(pairs_cursor *c, uint64_t articles)
{
    stage_partial before = c->head;
    int first = !c->data;
    c->at++;
    while (!c->data || c->at >= c->n) {
        int got = read_items(&c->r, STAGE_PAIR_BYTES, c->part, &c->space, &c->data, &c->n);
        if (got <= 0) {
            c->done = 1;
            return got;
        }
        c->at = 0;
    }
    stage_pair_get(c->data + c->at * STAGE_PAIR_BYTES, &c->head);
    const stage_partial *p = &c->head;
    if (p->a >= p->b || p->b >= articles) {
        cli_problem("%s: damaged: pair (%u, %u) of %llu articles", c->r.path, p->a, p->b,
                    (unsigned long long)articles);
        return -1;
    }
    if (!first && (p->a < before.a || (p->a == before.a && p->b < before.b))) {
        cli_problem("%s: damaged: pairs out of order", c->r.path);
        return -1;
    }
    return 0;
}

/* Merges every pairs file in (a, b) order into the selector, keeping the
 * pairs whose first article is in partition o->part: one block of each
 * file held at a time. */
static int merge_pairs_files(const char **paths, size_t n, const stage_options *o, part_set *set,
                             stage_selector *sel)
{
    pairs_cursor *c = calloc(n ? n : 1, sizeof *c);
    if (!c) {
        cli_problem("out of memory");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        part_head h;
        buf_init(&c[i].space, NULL);
        c[i].open = 1;
        rc = open_part(&c[i].r, paths[i], SHARD_PAIRS, &o->params, &h);
        if (rc == 0)
            rc = part_check(set, paths[i], &h);
        if (rc == 0 && h.verify_parts != 1 && h.verify_parts != o->parts) {
            cli_problem("%s: made for %u verify partitions (join --verify-parts): run verify with --part Q/%u",
                        paths[i], h.verify_parts, h.verify_parts);
            rc = -1;
        }
        /* blocks cut by this verify's partitions: only its own are read */
        c[i].part = h.verify_parts == o->parts && o->parts > 1 ? o->part : ANY_PART;
        if (rc == 0)
            rc = cursor_next(&c[i], set->first.articles);
    }
    while (rc == 0) {
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (!c[i].done && (best == n || c[i].head.a < c[best].head.a ||
                               (c[i].head.a == c[best].head.a && c[i].head.b < c[best].head.b)))
                best = i;
        if (best == n)
            break;
        if (stage_article_part(c[best].head.a, o->parts) == o->part) {
            np_status st = stage_selector_add(sel, &c[best].head);
            if (st != NP_OK) {
                cli_problem("verify: %s", st == NP_ENOMEM ? "out of memory" : "pairs out of order");
                rc = -1;
            }
        }
        if (rc == 0)
            rc = cursor_next(&c[best], set->first.articles);
    }
    for (size_t i = 0; i < n; i++) {
        if (c[i].open)
            shard_close_reader(&c[i].r);
        buf_free(&c[i].space);
    }
    free(c);
    return rc;
}

int cmd_verify(int argc, char **argv)
{
    stage_options o = { .name = "verify", .threads = cli_default_threads() };
    np_params_default(&o.params);
    int first = 0;
    int rc = parse_stage_options(argc, argv, &o, verify_help, &first);
    if (rc >= 0)
        return rc;
    size_t n_inputs = (size_t)(argc - first), n_shards, n_pairs_files;
    const char **shards = calloc(n_inputs, sizeof *shards), **pair_files = calloc(n_inputs, sizeof *pair_files);
    pair *pairs = NULL;
    uint32_t *needed = NULL;
    np_engine *engine = NULL;
    part_set set = { "pairs file", "newsprint join", { 0 }, NULL, NULL, 0 };
    size_t n_pairs = 0, n_needed = 0, n_links = 0;
    /* made first: an output that cannot be made fails before the pairs
     * and shards are read, not after */
    shard_writer w;
    int unmade = shard_create(&w, o.output, SHARD_LINKS, &o.params) != 0, failed = unmade;
    progress bar;
    progress_start(&bar, o.quiet, "articles");
    if (failed) {
        /* reported */
    } else if (!shards || !pair_files) {
        cli_problem("out of memory");
        failed = 1;
    } else if (split_inputs(argv + first, n_inputs, SHARD_PAIRS, shards, &n_shards, pair_files, &n_pairs_files,
                            "verify") != 0) {
        failed = 1;
    } else if (!n_pairs_files) {
        cli_problem("verify: no pairs file given (made by 'newsprint join')");
        failed = 1;
    }
    stage_selector *sel = NULL;
    if (!failed && stage_selector_new(&sel) != NP_OK) {
        cli_problem("out of memory");
        failed = 1;
    }
    if (!failed)
        failed = merge_pairs_files(pair_files, n_pairs_files, &o, &set, sel) != 0;
    if (!failed && stage_selector_finish(sel, &pairs, &n_pairs) != NP_OK) {
        cli_problem("verify: out of memory");
        failed = 1;
    }
    stage_selector_free(sel);
    /* the articles the pairs name, in input order */
    if (!failed && !(needed = malloc((2 * n_pairs + 1) * sizeof *needed))) {
        cli_problem("verify: out of memory");
        failed = 1;
    }
    if (!failed) {
        for (size_t i = 0; i < n_pairs; i++) {
            needed[n_needed++] = pairs[i].a;
            needed[n_needed++] = pairs[i].b;
        }
        qsort(needed, n_needed, sizeof *needed, cmp_u32);
        size_t u = 0;
        for (size_t i = 0; i < n_needed; i++)
            if (!u || needed[u - 1] != needed[i])
                needed[u++] = needed[i];
        n_needed = u;
    }
    if (!failed && np_engine_new(&engine, &o.params, NULL) != NP_OK) {
        cli_problem("out of memory");
        failed = 1;
    }
    uint64_t corpus = 0, articles = 0;
    if (!failed) {
        np_engine_copies_only(engine);
        np_engine_set_threads(engine, o.threads);
        verify_run v = { engine, needed, n_needed, 0, &bar };
        failed = staged_read_prints(shards, n_shards, &o.params, verify_print, &v, 0, NULL, &corpus, &articles) != 0 ||
                 part_complete(&set, corpus, articles) != 0;
    }
    if (!failed) {
        progress_note(&bar, "comparing pairs");
        for (size_t i = 0; i < n_pairs; i++) {
            pairs[i].a = local_of(needed, n_needed, pairs[i].a);
            pairs[i].b = local_of(needed, n_needed, pairs[i].b);
        }
        if (stage_verify(engine, pairs, &n_pairs) != NP_OK) {
            cli_problem("verify: %s", np_errmsg(engine));
            failed = 1;
        }
    }
    progress_end(&bar);
    if (!failed) {
        copy_link *links = engine->links;
        n_links = engine->n_links;
        for (size_t i = 0; i < n_links; i++) {
            links[i].a = needed[links[i].a];
            links[i].b = needed[links[i].b];
        }
        part_head h = { corpus, articles, o.part, o.parts, 0 };
        unsigned char head[HEAD_BYTES];
        head_put(&h, head);
        link_fill fill = { links, n_links, 0, o.part };
        int bad = shard_write(&w, head, sizeof head) != 0 || write_items(&w, STAGE_LINK_BYTES, fill_links, &fill) != 0;
        failed = shard_close(&w, !bad) != 0 || bad;
    }
    if (w.hash)
        shard_close(&w, 0); /* not written: no file made */
    /* with the file not made (said, naming it) nothing was read: no count
     * of "0 pairs" (join says nothing more either) */
    if (!o.quiet && !unmade && (failed || isatty(STDERR_FILENO)))
        fprintf(stderr, "newsprint verify: partition %u/%u: %zu pairs, %zu links%s\n", o.part, o.parts, n_pairs,
                n_links, failed ? "; nothing written" : "");
    np_engine_free(engine);
    free(needed);
    np_free(np_default_allocator(), pairs);
    free(set.seen);
    free(shards);
    free(pair_files);
    return failed ? EXIT_SKIPPED : 0;
}

/* ------------------------------------------------------------------ */

int staged_split_group(char **inputs, size_t n, const char **shards, size_t *n_shards, const char **links,
                       size_t *n_links)
{
    return split_inputs(inputs, n, SHARD_LINKS, shards, n_shards, links, n_links, "group");
}

int staged_read_links(const char **paths, size_t n, const np_params *params, uint64_t corpus, uint64_t articles,
                      copy_link **out, size_t *n_out)
{
    part_set set = { "links file", "newsprint verify", { 0 }, NULL, NULL, 0 };
    copy_link *items = NULL;
    size_t count = 0, cap = 0;
    buf space;
    buf_init(&space, NULL);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        shard_reader r;
        part_head h;
        rc = open_part(&r, paths[i], SHARD_LINKS, params, &h);
        if (rc == 0)
            rc = part_check(&set, paths[i], &h);
        const unsigned char *data;
        size_t k;
        while (rc == 0) {
            int got = read_items(&r, STAGE_LINK_BYTES, ANY_PART, &space, &data, &k);
            if (got <= 0) {
                rc = got;
                break;
            }
            for (size_t x = 0; x < k && rc == 0; x++) {
                if (count == cap) {
                    size_t c = cap ? 2 * cap : 65536;
                    copy_link *more = np_realloc_array(np_default_allocator(), items, c, sizeof *more);
                    if (!more) {
                        cli_problem("out of memory");
                        rc = -1;
                        break;
                    }
                    items = more;
                    cap = c;
                }
                stage_link_get(data + x * STAGE_LINK_BYTES, &items[count]);
                const copy_link *l = &items[count++];
                if (l->a >= l->b || l->b >= h.articles || l->kind < LINK_EXACT || l->kind > LINK_REWRITE) {
                    cli_problem("%s: damaged: link (%u, %u) of %llu articles", paths[i], l->a, l->b,
                                (unsigned long long)h.articles);
                    rc = -1;
                }
            }
        }
        shard_close_reader(&r);
    }
    buf_free(&space);
    if (rc == 0)
        rc = part_complete(&set, corpus, articles);
    if (rc == 0 && stage_sort_links(items, count) != NP_OK) {
        cli_problem("out of memory");
        rc = -1;
    }
    free(set.seen);
    if (rc != 0) {
        np_free(np_default_allocator(), items);
        items = NULL;
        count = 0;
    }
    *out = items;
    *n_out = count;
    return rc;
}
