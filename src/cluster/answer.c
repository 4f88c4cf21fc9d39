/* answer: an engine's answer, or a stored one, as plain arrays. */
#include <stdlib.h>
#include <string.h>

#include "cluster/answer.h"
#include "common/alloc.h"
#include "common/parallel.h"
#include "common/sort.h"

void answer_init(answer *a)
{
    memset(a, 0, sizeof *a);
    arena_init(&a->strings, NULL, 64 * 1024);
}

np_status answer_alloc(answer *a, size_t n_results, size_t n_stories)
{
    a->results = n_results ? np_calloc(NULL, n_results, sizeof *a->results) : NULL;
    a->stories = n_stories ? np_calloc(NULL, n_stories, sizeof *a->stories) : NULL;
    if ((n_results && !a->results) || (n_stories && !a->stories))
        return NP_ENOMEM;
    a->n_results = n_results;
    a->n_stories = n_stories;
    return NP_OK;
}

np_status answer_set_members(answer *a, size_t story, size_t n)
{
    answer_story *s = &a->stories[story];
    np_free(NULL, s->members);
    s->members = np_calloc(NULL, n ? n : 1, sizeof *s->members);
    if (!s->members)
        return NP_ENOMEM;
    s->story.n_articles = n;
    return NP_OK;
}

const char *answer_strdup(answer *a, const char *s, np_status *st)
{
    if (!s)
        return NULL;
    char *copy = arena_strndup(&a->strings, s, strlen(s));
    if (!copy)
        *st = NP_ENOMEM;
    return copy;
}

/* The results, and the stories when with_stories. */
static np_status answer_read(answer *a, const np_engine *e, int with_stories)
{
    np_status st = answer_alloc(a, np_engine_count(e), with_stories ? np_engine_story_count(e) : 0);
    a->n_storylines = np_engine_storyline_count(e);
    for (size_t i = 0; i < a->n_results && st == NP_OK; i++)
        st = np_engine_result(e, i, &a->results[i]);
    for (size_t s = 0; s < a->n_stories && st == NP_OK; s++) {
        answer_story *as = &a->stories[s];
        st = np_engine_story(e, s, &as->story, as->keywords, ANSWER_KEYWORDS, &as->n_keywords);
        size_t n = as->story.n_articles;
        if (st == NP_OK)
            st = answer_set_members(a, s, n);
        for (size_t i = 0; i < n && st == NP_OK; i++)
            as->members[i] = np_engine_story_article(e, s, i);
    }
    return st;
}

np_status answer_from_engine(answer *a, const np_engine *e)
{
    return answer_read(a, e, 1);
}

np_status answer_results_from_engine(answer *a, const np_engine *e)
{
    return answer_read(a, e, 0);
}

/* A share's results, read from the engine into their places. */
typedef struct results_share {
    answer *a;
    const np_engine *e;
    size_t from, to;
    np_status st;
} results_share;

static void *results_of_share(void *arg)
{
    results_share *sh = arg;
    sh->st = NP_OK;
    for (size_t i = sh->from; i < sh->to && sh->st == NP_OK; i++)
        sh->st = np_engine_result(sh->e, i, &sh->a->results[i]);
    return NULL;
}

np_status answer_results_from_engine_on(answer *a, const np_engine *e, size_t threads)
{
    enum { MIN_SHARE = 4096, MAX_SHARES = 16 };
    size_t n = np_engine_count(e), shares = threads < MAX_SHARES ? threads : MAX_SHARES;
    if (shares > n / MIN_SHARE)
        shares = n / MIN_SHARE;
    if (shares < 2)
        return answer_results_from_engine(a, e);
    /* not zeroed first: np_engine_result sets every field, and the pages
     * are first touched by the share that fills them */
    a->results = np_alloc_array(NULL, n, sizeof *a->results);
    if (!a->results)
        return NP_ENOMEM;
    a->n_results = n;
    a->n_storylines = np_engine_storyline_count(e);
    results_share sh[MAX_SHARES];
    for (size_t t = 0; t < shares; t++)
        sh[t] = (results_share){ a, e, n * t / shares, n * (t + 1) / shares, NP_OK };
    parallel_run(results_of_share, sh, shares, sizeof *sh);
    for (size_t t = 0; t < shares; t++)
        if (sh[t].st != NP_OK)
            return sh[t].st;
    return NP_OK;
}

static int by_id(const void *x, const void *y)
{
    return strcmp(((const answer_key *)x)->id, ((const answer_key *)y)->id);
}

size_t answer_find(answer *a, const char *id)
{
    if (!a->by_id && a->n_results && (a->by_id = np_calloc(NULL, a->n_results, sizeof *a->by_id))) {
        for (size_t i = 0; i < a->n_results; i++)
            a->by_id[i] = (answer_key){ a->results[i].id, i };
        np_sort(a->by_id, a->n_results, sizeof *a->by_id, by_id);
    }
    if (!a->by_id) {
        for (size_t i = 0; i < a->n_results; i++)
            if (strcmp(a->results[i].id, id) == 0)
                return i;
        return (size_t)-1;
    }
    answer_key key = { id, 0 };
    const answer_key *hit = bsearch(&key, a->by_id, a->n_results, sizeof key, by_id);
    return hit ? hit->index : (size_t)-1;
}

size_t answer_storyline_size(answer *a, size_t line)
{
    if (!a->line_sizes && a->n_storylines &&
        (a->line_sizes = np_calloc(NULL, a->n_storylines, sizeof *a->line_sizes))) {
        for (size_t s = 0; s < a->n_stories; s++)
            if (a->stories[s].story.storyline < a->n_storylines)
                a->line_sizes[a->stories[s].story.storyline]++;
    }
    return a->line_sizes && line < a->n_storylines ? a->line_sizes[line] : 0;
}

size_t answer_story_undated(const answer *a, size_t s)
{
    const answer_story *as = &a->stories[s];
    size_t n = 0;
    for (size_t i = 0; i < as->story.n_articles; i++)
        n += a->results[as->members[i]].date == NULL;
    return n;
}

size_t answer_original(answer *a, size_t i)
{
    if (!a->results[i].copy_of)
        return i;
    size_t o = answer_find(a, a->results[i].copy_of);
    return o == (size_t)-1 ? i : o;
}

int answer_same_family(answer *a, size_t i, size_t m)
{
    size_t orig = answer_original(a, i);
    return strcmp(a->results[orig].relation, "original") == 0 && answer_original(a, m) == orig;
}

void answer_free(answer *a)
{
    np_free(NULL, a->by_id);
    np_free(NULL, a->line_sizes);
    for (size_t s = 0; s < a->n_stories; s++)
        np_free(NULL, a->stories[s].members);
    np_free(NULL, a->stories);
    np_free(NULL, a->results);
    arena_free(&a->strings);
    memset(a, 0, sizeof *a);
}
