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
#include "common/buf.h"
#include "store/store.h"

/* Whether a copy's aligned and ordered (sentences aligned, and in order)
 * were measured: a rewrite's alone.  An exact, near or excerpt copy is
 * decided before its sentences are aligned, and its 0 is no measure: said
 * null (JSON) or left out (text), where it read 'aligned 0.00' beside
 * 15 shared sentences. */
int result_aligned_measured(const np_result *r);
/* A copy's evidence for a reader, into out[cap]: "jaccard 0.86, shared
 * sentences 10, containment 0.71", then ", aligned 0.69, in order 0.69"
 * when measured.  returns: out */
const char *evidence_text(char *out, size_t cap, const np_result *r);

/* json_dumps flags for every view: compact, scores as 0.859 not 0.85899999. */
#define VIEW_DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(6))

/* One article as in `cluster --format jsonl --explain`, and its name for
 * a reader ("name": article_name_put's, with np_result.lead). */
json_t *view_result(const answer *a, size_t i);
/* An article's name for a reader: its title, else "Untitled: " and the
 * first words of its body (ARTICLE_NAME_BYTES at most, cut at a space, an
 * ellipsis after), as a story without a title is named by its words; else
 * "Untitled".  first_paragraph: the body's first, or its start that
 * np_result.lead holds (the same name).  The CLI's reports and the web
 * page name an article so. */
enum { ARTICLE_NAME_BYTES = 60 };
np_status article_name_put(buf *b, const char *title, const char *first_paragraph);
/* A story's name for a reader (the text reports, the API's "name", the web
 * page): its title, else its original's name by article_name_put
 * ("Untitled: " and its first words), as an untitled article is named;
 * else, when the original has no words to name it by, "Untitled: " and
 * the story's first four keywords, else its original's id. */
np_status story_name_put(buf *b, const answer *ans, size_t story);

/* How view_story lists a story's articles. */
typedef enum view_members {
    VIEW_NO_ARTICLES,          /* no "articles" key */
    VIEW_ARTICLE_IDS,          /* "articles": ["id", ...] */
    VIEW_ARTICLE_OBJECTS       /* "articles": [view_result, ...] */
} view_members;

/* Most family members view_article lists (family_size gives them all). */
enum { VIEW_MAX_FAMILY = 200 };

/* A story: id, storyline, storyline_stories (how many stories its
 * storyline holds), title, first/last date, original, size, keywords, and
 * its articles as members says. */
json_t *view_story(answer *a, size_t s, view_members members);
/* A storyline: id and its stories (view_story with members). */
json_t *view_storyline(answer *a, size_t line, view_members members);
/* Article i's neighbours: {"article", "copies" (its family but itself),
 * "same_story" (the rest of its story), "same_storyline" (the other
 * stories of its storyline, view_story without articles)}. */
json_t *view_similar(answer *a, size_t i);
/* Article i in full: view_result plus url, added and body (from the
 * stored article, may be NULL), its family (original first, at most
 * VIEW_MAX_FAMILY, family_size counts them all), its story and storyline
 * without their article lists, so the document stays small. */
json_t *view_article(answer *a, size_t i, const stored_article *stored);
/* view_article without storyline_detail, for a caller that sends a part
 * of a long storyline (the server: building all 461 stories of one to
 * send nine took 4.5 ms of an article's answer). */
json_t *view_article_alone(answer *a, size_t i, const stored_article *stored);

#endif
