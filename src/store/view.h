/*
 * view: JSON documents of a stored answer, shared by `newsprint show
 * --format json`, `newsprint similar` and the HTTP API, so the command line
 * and the server say the same thing.  Every function returns a new jansson
 * reference owned by the caller (json_decref), or NULL when out of memory.
 */
#ifndef NP_VIEW_H
#define NP_VIEW_H

#include <jansson.h>

#include "cluster/answer.h"
#include "store/store.h"

/* json_dumps flags for every view: compact, scores as 0.859 not 0.85899999. */
#define VIEW_DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(6))

/* One article as in `cluster --format jsonl --explain`. */
json_t *view_result(const answer *a, size_t i);
/* A story: id, storyline, title, first/last date, original, size, keywords;
 * with members, its articles as view_result objects. */
json_t *view_story(const answer *a, size_t s, int members);
/* A storyline: id and its stories (view_story without members). */
json_t *view_storyline(const answer *a, size_t line);
/* Article i in full: view_result plus url, added and body (from the
 * stored article, may be NULL), its family (original first), story and
 * storyline. */
json_t *view_article(answer *a, size_t i, const stored_article *stored);

#endif
