/* staged: what the middle stages of a staged run share (staged.h), and
 * what `group` needs to read the links `verify` leaves. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include "cli/cli.h"
#include "cli/staged.h"
#include "ingest/id.h"
#include "cluster/stages.h"
#include "common/alloc.h"
#include "common/idset.h"

void staged_head_put(const part_head *h, unsigned char out[HEAD_BYTES])
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

int staged_parse_options(int argc, char **argv, stage_options *o, const char *help, int *first)
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
        } else if (cli_option(argc, argv, &i, "--output", &v)) {
            if (!v)
                return EXIT_USAGE;
            o->output = v;
        } else if (cli_option(argc, argv, &i, "--param", &v)) {
            if (!v || !cli_parse_param(v, &o->params))
                return EXIT_USAGE;
        } else if (cli_option(argc, argv, &i, "--threads", &v)) {
            if (!v || !cli_parse_threads(v, &o->threads))
                return EXIT_USAGE;
        } else if (o->verify_parts && cli_option(argc, argv, &i, "--verify-parts", &v)) {
            char *end;
            unsigned long m = v && *v >= '1' && *v <= '9' ? strtoul(v, &end, 10) : 0;
            if (!v)
                return EXIT_USAGE;
            if (m == 0 || *end || m > 1000000) {
                cli_problem("--verify-parts wants a number from 1 to 1000000, not '%s'", v);
                return EXIT_USAGE;
            }
            o->verify_parts = (uint32_t)m;
        } else if (cli_option(argc, argv, &i, "--part", &v)) {
            if (!v)
                return EXIT_USAGE;
            if (!parse_part(v, &o->part, &o->parts)) {
                cli_problem("--part wants P/N with 0 <= P < N (partitions counted from 0), not '%s'", v);
                return EXIT_USAGE;
            }
            o->have_part = 1;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            cli_unknown_option(arg, help);
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
        cli_problem("%s (try 'newsprint %s --help')", missing, o->name);
        return EXIT_USAGE;
    }
    if (strcmp(o->output, "-") == 0) {
        cli_problem("-o wants a file name (the file is binary)");
        return EXIT_USAGE;
    }
    int bad = cli_check_files(o->output, (const char *const *)argv + i, (size_t)(argc - i));
    if (!bad)
        bad = cli_check_staged_files((const char *const *)argv + i, (size_t)(argc - i));
    if (bad)
        return bad;
    /* a shard given twice is said, as group says it (its later articles
     * are duplicate ids, skipped: exit status 1) */
    cli_note_repeats(o->name, (const char *const *)argv + i, (size_t)(argc - i));
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
        cli_duplicates_unnamed(duplicates);
    *corpus = XXH3_64bits_digest(digest);
    *articles = article;
    XXH3_freeState(digest);
    idset_free(&seen);
    return rc;
}

int staged_open_part(shard_reader *r, const char *path, shard_kind kind, const np_params *params, part_head *got)
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

int staged_part_check(part_set *s, const char *path, const part_head *h)
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

int staged_part_complete(const part_set *s, uint64_t corpus, uint64_t articles)
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

int staged_split_inputs(char **inputs, size_t n, shard_kind kind, const char **shards, size_t *n_shards,
                        const char **parts, size_t *n_parts, const char *stage)
{
    *n_shards = *n_parts = 0;
    for (size_t i = 0; i < n; i++) {
        shard_kind k;
        if (!shard_sniff(inputs[i], &k)) {
            shard_refuse(inputs[i], SHARD_PRINTS);
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
        cli_problem("no shard given (the fingerprints 'newsprint sign' made)");
        return -1;
    }
    return 0;
}

int staged_write_items(shard_writer *w, size_t bytes, fill_fn fill, void *arg)
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

int staged_read_items(shard_reader *r, size_t bytes, uint32_t part, buf *space, const unsigned char **data,
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

/* ------------------------------------------------------------------ */

int staged_split_group(char **inputs, size_t n, const char **shards, size_t *n_shards, const char **links,
                       size_t *n_links)
{
    return staged_split_inputs(inputs, n, SHARD_LINKS, shards, n_shards, links, n_links, "group");
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
        rc = staged_open_part(&r, paths[i], SHARD_LINKS, params, &h);
        if (rc == 0)
            rc = staged_part_check(&set, paths[i], &h);
        const unsigned char *data;
        size_t k;
        while (rc == 0) {
            int got = staged_read_items(&r, STAGE_LINK_BYTES, ANY_PART, &space, &data, &k);
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
        rc = staged_part_complete(&set, corpus, articles);
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
