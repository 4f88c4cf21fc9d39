/*
 * query_internal: what query.c (the candidate search) and query_verify.c
 * (verification and grouping in an engine) share of a query.
 */
#ifndef NP_QUERY_INTERNAL_H
#define NP_QUERY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cluster/engine.h"
#include "cluster/query.h"

/* A key of a new article: the body hash, a band key (band: its band) or
 * a sentence hash. */
typedef struct key_ref {
    uint64_t key;
    uint32_t band;
    uint32_t j;               /* the new article */
} key_ref;

/* A new article's term: the stems table's entries point at these. */
typedef struct term_ref {
    uint32_t j, i;            /* the new article, the term's place among its terms */
} term_ref;

typedef struct stem_slot {
    uint32_t stem, first, n;  /* n == 0: empty */
} stem_slot;

/* An article whose characteristic terms decide whether it is new article
 * j's candidate. */
typedef struct term_check {
    uint32_t article, j;
} term_check;

/* A new article's terms are marked for the rewrites' candidates when it
 * has at most 64 words of bits of them (4,096 terms; a longer text's
 * rewrites are found by their other keys). */
enum { MARKED_WORDS = 64 };

typedef struct new_article {
    print_keys keys;          /* of its fingerprint in q->prints */
    int short_pairs;          /* its word pairs take part (a short text) */
    size_t words_per;         /* 64-bit words of its bits; 0: its terms not marked */
    size_t scratch;           /* its words in q->scratch */
    uint32_t top[TOP_TERMS];  /* its characteristic terms, sorted */
    size_t n_top;
    buf cands;                /* uint32_t: candidates, ascending once finished */
    buf sharing;              /* per article of the first pass sharing
                               * MIN_SHARED_TERMS of its terms at least: its
                               * number (4 bytes) and which of its terms
                               * (words_per words of bits, in the order of
                               * its terms), unaligned: 4 + 8 * words_per
                               * bytes each; freed by query_term_checks */
} new_article;

struct query {
    np_params params;
    uint32_t base;            /* the number of the first new article */
    int single;               /* query_new: a text not stored, marked latest */
    buf prints;               /* the new articles' fingerprints */
    size_t *offsets;          /* n_new + 1 */
    new_article *arts;
    size_t n_new;
    key_ref *exacts, *bands, *sents;
    size_t n_exacts, n_bands, n_sents;
    uint64_t *filter;         /* a bit per slot of the keys above: a key whose bit is clear is none of them */
    unsigned filter_shift;    /* 64 - log2(the filter's bits) */
    uint32_t *shorts;         /* the new articles whose word pairs take part */
    size_t n_shorts;
    stem_slot *stems;         /* the new articles' marked terms by stem */
    size_t stems_cap;
    term_ref *refs;
    uint64_t *scratch;        /* each new article's bits for the article counted */
    uint32_t *shared, *touched; /* per new article: terms shared; those with some */
    uint32_t *sent_shared, *sent_touched; /* the same for sentences (a batch) */
    link_facts *facts;        /* per new article: what verify_facts_may_link reads */
    uint32_t *found;          /* a batch: the new articles the article counted is a candidate of */
    uint8_t *is_found;        /* per new article: in found */
    size_t n_found;
    int32_t first_day, last_day; /* the batch's dated articles' days */
    int undated;              /* one of the batch is undated */
    vocab_entry *vocab;       /* every stem's df in the corpus (and the new articles) */
    size_t vocab_cap, vocab_n, n_arts;
    float *idf_of_df;
    term_check *checks;       /* sorted by article */
    size_t n_checks;
    uint32_t *check_articles; /* the checks' articles, unique */
    size_t n_check_articles;
};

/* A stem's df and idf in the corpus (ctx: the query), as the joiner's
 * lookup gives them. */
void query_df_lookup(const void *ctx, uint32_t stem, uint32_t *df, float *idf);

#endif
