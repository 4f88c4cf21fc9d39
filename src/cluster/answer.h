/*
 * answer: one clustering answer as plain arrays -- every article's result,
 * every story with its keywords and members, the storyline count -- so that
 * the same writers serve a fresh np_engine run (`cluster`) and an answer
 * read back from a database (`stories`, the HTTP API).
 *
 * An answer owns its arrays and, through its arena, any string it copied;
 * strings taken from an engine are borrowed and live as long as the engine.
 */
#ifndef NP_ANSWER_H
#define NP_ANSWER_H

#include "newsprint.h"
#include "common/arena.h"

enum { ANSWER_KEYWORDS = 8 };

typedef struct answer_story {
    np_story story;                        /* index, storyline, title, dates, n_articles */
    const char *keywords[ANSWER_KEYWORDS];
    size_t n_keywords;
    size_t *members;                       /* article indices, story order; owned */
} answer_story;

typedef struct answer_key {
    const char *id;
    size_t index;
} answer_key;

typedef struct answer {
    np_result *results;                    /* owned, n_results */
    size_t n_results;
    answer_story *stories;                 /* owned, n_stories */
    size_t n_stories;
    size_t n_storylines;
    answer_key *by_id;                     /* ids sorted, owned; built by answer_find */
    size_t *line_sizes;                    /* stories a storyline, owned; built by answer_storyline_size */
    arena strings;                         /* owns copied strings */
} answer;

void answer_init(answer *a);
/* Reads a finished engine's answer (strings borrowed from the engine). */
np_status answer_from_engine(answer *a, const np_engine *engine);
/* answer_from_engine's results alone, for writers that read no story
 * (JSONL, CSV): no stories (n_stories 0), the storyline count kept. */
np_status answer_results_from_engine(answer *a, const np_engine *engine);
/* The same on up to `threads` threads of their own (a share of some
 * thousand articles each): the same results. */
np_status answer_results_from_engine_on(answer *a, const np_engine *engine, size_t threads);
/* Sizes the arrays; members of each story are allocated by answer_set_members. */
np_status answer_alloc(answer *a, size_t n_results, size_t n_stories);
np_status answer_set_members(answer *a, size_t story, size_t n);
/* returns: a copy of s owned by the answer (NULL for NULL, or when out of memory
 * with *st set to NP_ENOMEM) */
const char *answer_strdup(answer *a, const char *s, np_status *st);
/* returns: the index of the article with this id, or (size_t)-1.  The first
 * call sorts an index of ids (NP_ENOMEM leaves it linear). */
size_t answer_find(answer *a, const char *id);
/* returns: how many stories storyline `line` holds (0 when there is no
 * such storyline).  The first call counts them all (NP_ENOMEM: 0). */
size_t answer_storyline_size(answer *a, size_t line);
/* returns: how many of story s's articles have no date (the story's
 * first and last dates are those of its dated articles) */
size_t answer_story_undated(const answer *a, size_t s);
/* returns: the index of the original of article i's family (itself for an
 * original or a report) */
size_t answer_original(answer *a, size_t i);
/* returns: 1 when article m is in article i's copy family (i itself
 * included); 0 for any m when i is a report (no family) */
int answer_same_family(answer *a, size_t i, size_t m);
void answer_free(answer *a);

#endif
