/* verify: `newsprint verify`, the third stage of a staged run: the pairs
 * of every key partition summed, and those of one article partition
 * compared into copy links, into a links file. */
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/staged.h"
#include "cluster/stages.h"
#include "common/alloc.h"

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
    "  --help            this text\n"
    STAGED_EXIT_HELP;

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
        int got = staged_read_items(&c->r, STAGE_PAIR_BYTES, c->part, &c->space, &c->data, &c->n);
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
        rc = staged_open_part(&c[i].r, paths[i], SHARD_PAIRS, &o->params, &h);
        if (rc == 0)
            rc = staged_part_check(set, paths[i], &h);
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
                cli_problem("%s", st == NP_ENOMEM ? "out of memory" : "pairs out of order");
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

/* The pairs of the pairs files whose first article is in o's partition,
 * what they share summed over every key partition: *pairs owned by the
 * caller (np_free with the default allocator).  returns: 0 or -1
 * (reported) */
static int select_pairs(const char **pair_files, size_t n, const stage_options *o, part_set *set, pair **pairs,
                        size_t *n_pairs)
{
    int failed = 0;
    stage_selector *sel = NULL;
    if (stage_selector_new(&sel) != NP_OK) {
        cli_problem("out of memory");
        failed = 1;
    }
    if (!failed)
        failed = merge_pairs_files(pair_files, n, o, set, sel) != 0;
    if (!failed && stage_selector_finish(sel, pairs, n_pairs) != NP_OK) {
        cli_problem("out of memory");
        failed = 1;
    }
    stage_selector_free(sel);
    return failed ? -1 : 0;
}

/* The articles the pairs name, in input order, once each: *out owned by
 * the caller (free).  returns: 0 or -1 (reported) */
static int needed_articles(const pair *pairs, size_t n_pairs, uint32_t **out, size_t *n_out)
{
    uint32_t *needed = malloc((2 * n_pairs + 1) * sizeof *needed);
    if (!needed) {
        cli_problem("out of memory");
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < n_pairs; i++) {
        needed[n++] = pairs[i].a;
        needed[n++] = pairs[i].b;
    }
    qsort(needed, n, sizeof *needed, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || needed[u - 1] != needed[i])
            needed[u++] = needed[i];
    *out = needed;
    *n_out = u;
    return 0;
}

/* The engine's links, numbered back from the needed articles to the
 * shards', written to w after the head h, and w closed: made only when
 * all was written.  returns: 0, or 1 when the file was not made
 * (reported) */
static int write_links(shard_writer *w, np_engine *engine, const uint32_t *needed, const part_head *h,
                       size_t *n_links)
{
    copy_link *links = engine->links;
    *n_links = engine->n_links;
    for (size_t i = 0; i < *n_links; i++) {
        links[i].a = needed[links[i].a];
        links[i].b = needed[links[i].b];
    }
    unsigned char head[HEAD_BYTES];
    staged_head_put(h, head);
    link_fill fill = { links, *n_links, 0, h->part };
    int bad = shard_write(w, head, sizeof head) != 0 || staged_write_items(w, STAGE_LINK_BYTES, fill_links, &fill) != 0;
    return shard_close(w, !bad) != 0 || bad;
}

int cmd_verify(int argc, char **argv)
{
    stage_options o = { .name = "verify", .threads = cli_default_threads() };
    np_params_default(&o.params);
    int first = 0;
    int rc = staged_parse_options(argc, argv, &o, verify_help, &first);
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
    } else if (staged_split_inputs(argv + first, n_inputs, SHARD_PAIRS, shards, &n_shards, pair_files,
                                   &n_pairs_files, "verify") != 0) {
        failed = 1;
    } else if (!n_pairs_files) {
        cli_problem("no pairs file given (made by 'newsprint join')");
        failed = 1;
    }
    if (!failed)
        failed = select_pairs(pair_files, n_pairs_files, &o, &set, &pairs, &n_pairs) != 0;
    if (!failed)
        failed = needed_articles(pairs, n_pairs, &needed, &n_needed) != 0;
    if (!failed && np_engine_new(&engine, &o.params, NULL) != NP_OK) {
        cli_problem("out of memory");
        failed = 1;
    }
    uint64_t corpus = 0, articles = 0;
    unsigned long long skipped = 0; /* repeated ids, said and counted as join and group say them */
    if (!failed) {
        np_engine_copies_only(engine);
        np_engine_set_threads(engine, o.threads);
        verify_run v = { engine, needed, n_needed, 0, &bar };
        failed = staged_read_prints(shards, n_shards, &o.params, verify_print, &v, 1, &skipped, &corpus, &articles) != 0 ||
                 staged_part_complete(&set, corpus, articles) != 0;
    }
    if (!failed) {
        progress_note(&bar, "comparing pairs");
        for (size_t i = 0; i < n_pairs; i++) {
            pairs[i].a = local_of(needed, n_needed, pairs[i].a);
            pairs[i].b = local_of(needed, n_needed, pairs[i].b);
        }
        if (stage_verify(engine, pairs, &n_pairs) != NP_OK) {
            cli_problem("%s", np_errmsg(engine));
            failed = 1;
        }
    }
    progress_end(&bar);
    if (!failed) {
        part_head h = { corpus, articles, o.part, o.parts, 0 };
        failed = write_links(&w, engine, needed, &h, &n_links) != 0;
    }
    if (w.hash)
        shard_close(&w, 0); /* not written: no file made */
    /* with the file not made (said, naming it) nothing was read: no count
     * of "0 pairs" (join says nothing more either) */
    if (!o.quiet && !unmade && (failed || isatty(STDERR_FILENO)))
        fprintf(stderr, "newsprint: verify: partition %u/%u: %zu pairs, %zu links%s\n", o.part, o.parts, n_pairs,
                n_links, failed ? "; nothing written" : "");
    np_engine_free(engine);
    free(needed);
    np_free(np_default_allocator(), pairs);
    free(set.seen);
    free(shards);
    free(pair_files);
    return failed || skipped ? EXIT_SKIPPED : 0;
}
