/*
 * staged: what the middle stages of a staged run share (join.c, verify.c,
 * and group's reading of the links in staged.c): their options, the
 * partition head of a pairs or links file, the check that a set of such
 * files is every partition of one corpus, and their blocks of fixed-size
 * items, compressed by zlib.  Every function reports its failure on
 * standard error, naming the file.
 */
#ifndef NP_CLI_STAGED_H
#define NP_CLI_STAGED_H

#include <stdint.h>

#include "cli/cli.h"

enum { HEAD_BYTES = 28, BLOCK_ITEMS = 65536, ANY_PART = UINT32_MAX };

/* The end of join's and verify's --help: their exit status. */
#define STAGED_EXIT_HELP                                                                                      \
    "\n"                                                                                                      \
    "Exit status 1 when the file could not be made, or when an id repeats\n"                                  \
    "across the shards (a shard given twice, shards signed apart): the later\n"                               \
    "article is skipped, as 'newsprint group' and 'newsprint cluster' skip\n"                                 \
    "it, each said on standard error, and the file is written.\n"

/* What a pairs or links file says it is part of. */
typedef struct part_head {
    uint64_t corpus;          /* staged_corpus of the shards */
    uint64_t articles;
    uint32_t part, parts;
    uint32_t verify_parts;    /* pairs: the article partitions its blocks are cut by */
} part_head;

void staged_head_put(const part_head *h, unsigned char out[HEAD_BYTES]);

typedef struct stage_options {
    const char *name;
    np_params params;
    uint32_t part, parts;
    int have_part, quiet;
    size_t threads;
    const char *output;
    uint32_t verify_parts;    /* join: the article partitions its blocks are cut by */
} stage_options;

/* Parses join's or verify's options (help: its --help text) into o.
 * returns: -1 to go on with the inputs from argv[*first], else the exit
 * status */
int staged_parse_options(int argc, char **argv, stage_options *o, const char *help, int *first);

/* Opens a pairs or links file and reads the partition it says it is.
 * returns: 0 or -1 (reported) */
int staged_open_part(shard_reader *r, const char *path, shard_kind kind, const np_params *params, part_head *got);

/* Every part of a set of files, once each, from one corpus.  seen: owned,
 * freed by the caller (free). */
typedef struct part_set {
    const char *what;         /* "pairs file", "links file" */
    const char *stage;        /* the stage that makes them */
    part_head first;
    const char *first_path;
    unsigned char *seen;
    size_t count;
} part_set;

/* Adds the file at path, of head h, to s.  returns: 0 or -1 (reported) */
int staged_part_check(part_set *s, const char *path, const part_head *h);
/* All parts there, and of the shards read (corpus, articles).  returns: 0
 * or -1 (reported) */
int staged_part_complete(const part_set *s, uint64_t corpus, uint64_t articles);

/* Splits the inputs into shards (in order) and files of `kind`; stage
 * names the command.  returns: 0 or -1 (reported) */
int staged_split_inputs(char **inputs, size_t n, shard_kind kind, const char **shards, size_t *n_shards,
                        const char **parts, size_t *n_parts, const char *stage);

/* Writes the items `fill` gives (BLOCK_ITEMS at most a call, each `bytes`
 * long, all of one article partition, *part; 0 at the end), a block a
 * record: the partition (u32), the block's size (u32) and the block
 * compressed by zlib (level 1: pairs of sorted articles compress about 4
 * to 1, at a small cost to join). */
typedef size_t (*fill_fn)(void *arg, unsigned char *block, size_t max, uint32_t *part);
int staged_write_items(shard_writer *w, size_t bytes, fill_fn fill, void *arg);

/* The next block of items of `bytes` each: 1 with *data (in *space) and
 * *n items, 0 at the verified end, -1 when damaged (reported).  A block
 * of another article partition than `part` (ANY_PART: none other) comes
 * back with no items, not decompressed. */
int staged_read_items(shard_reader *r, size_t bytes, uint32_t part, buf *space, const unsigned char **data,
                      size_t *n);

#endif
