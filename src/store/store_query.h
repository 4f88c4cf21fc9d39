/*
 * store_query.h: the steps store_query.c's query of one article not
 * stored shares with the incremental add (store_incremental.c), which
 * answers the articles an add stored against the stored answer the same
 * way.  Not part of store.h.
 */
#ifndef NP_STORE_QUERY_H
#define NP_STORE_QUERY_H

#include "cluster/query.h"
#include "store/store_internal.h"

/* Fingerprints fetched by seq into one buffer. */
typedef struct print_set {
    buf data;
    size_t *offsets;          /* n + 1 */
    size_t n;
    const void **prints;      /* made by print_set_fetch */
    size_t *sizes;
} print_set;

void print_set_free(print_set *p);
/* The fingerprints of the articles `which` (n, indexes into seqs) into p.
 * returns: NP_DONE when one has no fingerprint of this build */
np_status print_set_fetch(store *s, const int64_t *seqs, const uint32_t *which, size_t n, print_set *p);
/* query_count for every grouped article (answer order, n_results of
 * them), then query_check for those query_term_checks gives (seqs: of the
 * grouped articles, then of any new ones).  returns: NP_DONE when one has
 * no fingerprint of this build */
np_status scan_prints(store *s, query *qy, const int64_t *seqs, size_t n_results);
/* LINK_* of a relation's name, 0 for none. */
int link_kind_of(const char *relation);
/* A stored story's first and last day (NO_DAY: none), and whether it has
 * an undated article. */
typedef struct story_span {
    int32_t first, last;
    int undated;
} story_span;
/* Those of a's stories.  returns: owned by the caller (np_free), NULL when
 * out of memory */
story_span *story_spans(const answer *a);
/* The neighbourhood of a new article: sets in pick the members of the
 * stories open within story_window days of its day (NO_DAY, undated: the
 * stories with an undated member)... */
void pick_around(const answer *a, const story_span *spans, const np_params *pr, int32_t day, uint8_t *pick);
/* ...and of the stories of the stored articles it copies (links). */
void pick_linked(const answer *a, const query_link *links, size_t n_links, uint8_t *pick);
/* Orders copy links by (a, b). */
int cmp_link(const void *x, const void *y);
/* The stored copy links among the neighbourhood's articles (their answer
 * indexes in near, n of them; position: each answer index's place in
 * near, UINT32_MAX when not there) into out (room for n), *k of them. */
void stored_links(answer *a, const uint32_t *near, size_t n, const uint32_t *position, copy_link *out, size_t *k);
/* Room for one more result and, when new_story, one more story. */
np_status answer_grow(answer *a, int new_story);
/* Article m moved from its story to story `to` (at its end). */
np_status move_to_story(answer *a, size_t m, size_t to);
/* The relation fields of result r copied into d (strings into a). */
void take_relation(answer *a, np_result *d, const np_result *r, np_status *st);
/* The stored story (line: storyline) most of the neighbourhood's articles
 * whose flag in `of` is set are in (*count of them), or SIZE_MAX. */
size_t most_common_story(const answer *a, const uint32_t *near, size_t n, const uint8_t *of, int line,
                         size_t *count);
/* Whether every stored article of storyline `line` is among near's. */
int whole_storyline(const answer *a, const uint32_t *near, size_t n, size_t line);

#endif
