/*
 * stages: the middle of a staged run (DESIGN.md "Scale"), between `sign`
 * (fingerprints per input partition) and `group` (the answer).
 *
 * join: the candidate pairs of one partition of the index keys.  A joiner
 * reads every fingerprint twice, in input order: the first pass counts
 * each stem's document frequency (the characteristic terms depend on the
 * whole corpus), the second keeps the LSH band keys, sentence hashes,
 * characteristic terms and short texts' word pairs (2-word shingles) whose
 * key hash falls in its partition and counts, per pair, the keys of that
 * partition the two share.  Memory: the keys of one partition, the
 * vocabulary and a day per article.
 *
 * verify: the partial counts of every key partition, summed per pair, are
 * the counts one `cluster` run finds; stage_select applies its thresholds
 * (two shared sentences, four shared terms, the 32 partners sharing most,
 * two shared word pairs and verify_short_near) for the articles of one
 * article partition; stage_verify keeps a sentence pair, as candidates.c
 * does, only where verification could judge it a copy (else the pair
 * stays, its sentences uncounted, when another index proposes it), and
 * the engine's verification turns the pairs into links.
 *
 * Article numbers are positions in the input order, counted over every
 * shard.  The same input gives the same pairs and links whatever the
 * number of partitions, so `group` gives `cluster`'s bytes.
 */
#ifndef NP_STAGES_H
#define NP_STAGES_H

#include <stddef.h>
#include <stdint.h>

#include "cluster/engine.h"

/* What a pair shares among the keys of some key partitions. */
typedef struct stage_partial {
    uint32_t a, b;            /* article numbers, a < b */
    uint16_t sentences;       /* shared sentence hashes */
    uint8_t terms;            /* shared characteristic terms */
    uint8_t sources;          /* PAIR_*: the indexes that have the pair */
    uint8_t word_pairs;       /* shared 2-word shingles of short texts */
} stage_partial;

enum { STAGE_PAIR_BYTES = 12, STAGE_LINK_BYTES = 36 };

typedef struct stage_joiner stage_joiner;

np_status stage_joiner_new(stage_joiner **out, const np_params *params, uint32_t part, uint32_t parts,
                           size_t threads);
void stage_joiner_free(stage_joiner *j);
/* First pass: one fingerprint after the other, in input order. */
np_status stage_joiner_count(stage_joiner *j, const void *print, size_t size);
/* Second pass: the same fingerprints in the same order. */
np_status stage_joiner_keys(stage_joiner *j, const void *print, size_t size);
/* After the second pass: finds the partition's pairs. */
np_status stage_joiner_pairs(stage_joiner *j);
size_t stage_joiner_count_pairs(const stage_joiner *j);
/* Orders the pairs for writing: grouped by the article partition (of
 * `parts`) of their first article, in (a, b) order within each. */
np_status stage_joiner_order(stage_joiner *j, uint32_t parts);
/* The next pairs (at most max, all of one article partition, *part), in
 * that order, each with one source (PAIR_*) and, in shared_sentences, how
 * many of that index's keys of the partition the two share (0 for LSH).
 * returns: how many; 0 at the end */
size_t stage_joiner_next(stage_joiner *j, pair *out, size_t max, uint32_t *part);
size_t stage_joiner_articles(const stage_joiner *j);

/* Which of `parts` article partitions verifies pairs whose first article
 * is a. */
uint32_t stage_article_part(uint32_t a, uint32_t parts);

/* verify: the partial counts of every key partition, merged in (a, b)
 * order, summed per pair -> the candidate pairs one cluster run finds
 * among them, sorted by (a, b).  Holds one article's partners at a time. */
typedef struct stage_selector stage_selector;
np_status stage_selector_new(stage_selector **out);
void stage_selector_free(stage_selector *s);
/* returns: NP_EPARAM when p comes before the one added last */
np_status stage_selector_add(stage_selector *s, const stage_partial *p);
/* The pairs (owned by the caller from now) in *out. */
np_status stage_selector_finish(stage_selector *s, pair **out, size_t *n_out);

/* Fixed-size wire forms (this machine's byte order, as shards). */
void stage_pair_put(const pair *p, unsigned char out[STAGE_PAIR_BYTES]);
/* A joined pair as the partial count stage_select sums. */
void stage_pair_get(const unsigned char in[STAGE_PAIR_BYTES], stage_partial *p);
void stage_link_put(const copy_link *l, unsigned char out[STAGE_LINK_BYTES]);
void stage_link_get(const unsigned char in[STAGE_LINK_BYTES], copy_link *l);

/* verify: links of pairs between the engine's articles (pairs' a and b
 * are engine positions), kept by the engine (e->links).  Of the pairs
 * proposed by the word-pair index alone, those verify_short_near turns
 * down are dropped first, *n_pairs the pairs left. */
np_status stage_verify(np_engine *e, pair *pairs, size_t *n_pairs);

/* verify.c: verify_compare of article b with each of as (n): the pairs
 * it calls copies, as it measures them, into links (room for n), and
 * their places in as into which, *n_links of them.  Whether a pair is a
 * copy is judge_pair's decision, as verify_pairs makes it (its tests the
 * cheapest first: most candidates of a batch are none), its shared
 * sentences counted directly.  Declared here, not in engine.h, whose text
 * is part of the fingerprints' identity. */
np_status verify_compare_copies(np_engine *e, uint32_t b, const uint32_t *as, size_t n, copy_link *links,
                                size_t *which, size_t *n_links);

/* Sorts links by (a, b). */
np_status stage_sort_links(copy_link *links, size_t n);

/* group: the engine will be given its links (before any article is
 * added): signatures, sentences and shingles are not kept, nor terms when
 * it finds copies only. */
np_status stage_expect_links(np_engine *e);

/* group: runs the engine with the links verify found (engine positions,
 * sorted by (a, b); taken over by the engine) in place of its own
 * candidates and verification. */
np_status stage_run_with_links(np_engine *e, copy_link *links, size_t n_links);

#endif
