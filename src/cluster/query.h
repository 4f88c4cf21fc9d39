/*
 * query: one new article measured against a corpus grouped before, whose
 * fingerprints are read from elsewhere (a database), without grouping the
 * corpus again (`similar --file`, POST /api/similar).
 *
 * Its copies: the stored articles the engine's candidate rules would pair
 * with it -- the same body hash, an LSH band key of the folded signature,
 * an indexed sentence, two 2-word shingles of short texts, or four shared
 * characteristic terms (tf-idf over the whole corpus, as stages.c's joiner
 * weighs them) -- judged by the engine's own verification
 * (verify_compare) in an engine holding only the candidates.  The
 * corpus is read twice at most: every fingerprint once (the document
 * frequencies, and the keys above), then the few articles sharing four of
 * its terms whose own characteristic terms must be known.
 *
 * Its story: the engine's grouping (stage_run_with_links: families,
 * stories, storylines) over a neighbourhood -- the stored stories that
 * were open around its date, the families it joins -- with the stored
 * copy links and its own, and the stories' terms weighed by the whole
 * corpus's document frequencies (the neighbourhood alone would weigh the
 * names of its own stories as common words).  The caller maps the
 * neighbourhood's answer back to the stored stories.
 */
#ifndef NP_QUERY_H
#define NP_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "cluster/engine.h"

typedef struct query query;

/* A query of the new article's fingerprint (print, size: copied). */
np_status query_new(query **out, const np_params *params, const void *print, size_t size);
/* A query of n new articles at once (an incremental add): their
 * fingerprints (copied), numbered base, base + 1, ... after the stored
 * articles 0..base-1; each is a copy candidate of the stored articles and
 * of the new ones before it, as one grouping of all of them would pair
 * them.  NP_EINPUT: one is not a fingerprint. */
np_status query_new_batch(query **out, const np_params *params, uint32_t base, size_t n, const void *const *prints,
                          const size_t *sizes);
void query_free(query *q);

/* First pass: stored article `article` (the caller's number, ascending,
 * below base) and its fingerprint.  NP_EINPUT: not a fingerprint. */
np_status query_count(query *q, uint32_t article, const void *print, size_t size);
/* After the first pass, once: the articles whose characteristic terms are
 * to be read (query_check), ascending, in *out (borrowed), how many
 * returned; new ones among them (base and above) too. */
size_t query_term_checks(query *q, const uint32_t **out);
/* Second pass, for each article query_term_checks gave. */
np_status query_check(query *q, uint32_t article, const void *print, size_t size);
/* The candidates of new article j's copies (0 for query_new), ascending
 * (borrowed): stored articles and new ones before it. */
size_t query_candidates(query *q, size_t j, const uint32_t **out);

/* A copy link of the new article found by verification. */
typedef struct query_link {
    uint32_t article;         /* the caller's number */
    copy_link link;           /* a, b: not meaningful here */
} query_link;

/* Verifies new article j against n candidates (their numbers and
 * fingerprints, in the order of query_candidates or any subset): the
 * links into *out (owned by the caller, np_free), *n_out of them. */
np_status query_verify(query *q, size_t j, const uint32_t *articles, const void *const *prints,
                       const size_t *sizes, size_t n, query_link **out, size_t *n_out);

/* A copy link of new article j found by query_verify_batch. */
typedef struct query_found {
    query_link found;
    uint32_t j;
} query_found;

/* Verifies every new article against its candidates (query_candidates)
 * in one engine: the stored ones among them are `articles` (n, ascending,
 * each once: every new article's stored candidates) with their
 * fingerprints; the new ones are the query's own.  The links into *out
 * (owned by the caller, np_free), by new article, then by candidate;
 * *n_out of them. */
np_status query_verify_batch(query *q, const uint32_t *articles, const void *const *prints, const size_t *sizes,
                             size_t n, query_found **out, size_t *n_out);

/* The neighbourhood's grouping: an engine of the n stored fingerprints
 * given (in stored order), then the new articles (index n and on; the one
 * of query_new marked latest, as a text not stored),
 * with links among them (engine positions, a < b, sorted; taken over), the
 * stories weighed by the corpus's document frequencies counted by the
 * first pass.  returns: *out owned by the caller (np_engine_free), its
 * errmsg set on failure */
np_status query_group(query *q, const void *const *prints, const size_t *sizes, size_t n, copy_link *links,
                      size_t n_links, np_engine **out);

#endif
