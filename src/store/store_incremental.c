/*
 * store_incremental: the articles an add stored, answered against the
 * stored grouping instead of grouping every stored article again
 * (store_regroup).  As `similar --file` answers one article
 * (store_query.c), for all of them at once:
 *
 *   - their copies: one pass over the grouped articles' fingerprints
 *     (cluster/query.c: the document frequencies, and the stored articles
 *     sharing a candidate key with one of them, and each new article with
 *     those added before it in the same add), verified by the engine's
 *     verify_compare;
 *   - their stories: the engine's grouping of the stored stories open
 *     within story_window days of any of them (and the stories of the
 *     articles they copy) with them, the stored copy links kept; each
 *     story of that grouping holding new articles goes into the stored
 *     story of the original a new article copies, else the stored story
 *     most of its stored articles are in, else it is a new story (in the
 *     stored storyline its storyline shares most stories with when that
 *     storyline is all in the neighbourhood, else a new one);
 *   - a stored article in a new article's copy family takes the relation
 *     the grouping gave it (a new original, an earlier date) and moves
 *     into its story; a story or storyline left empty takes the number of
 *     the last one.
 *
 * Only what changed is written: the new articles' rows, the rows of the
 * stored articles that moved or changed relation, the stories and
 * storylines whose articles changed.  A stored story that took new
 * articles and is now one story of the neighbourhood's grouping takes
 * that story's title and keywords (its articles' by the engine's rules);
 * other stored stories keep theirs (those of the last full grouping); a
 * story's dates widen to its new articles'.  The meta key "incremental" counts the articles answered
 * so since the last full grouping, which sets it to 0.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/query.h"
#include "common/alloc.h"
#include "store/store_internal.h"
#include "store/store_query.h"
#include "store/store_schema.h"

/* The ungrouped articles (seq after `grouped`): their seqs appended to
 * *seqs (n_stored before them), fingerprints into p, dates (owned strings
 * in *dates, NULL for undated).  returns: NP_DONE when one has no
 * fingerprint of this build */
static np_status read_new(store *s, int64_t grouped, size_t n_stored, int64_t **seqs, print_set *p, char ***dates)
{
    memset(p, 0, sizeof *p);
    buf_init(&p->data, NULL);
    *dates = NULL;
    sqlite3_stmt *q = NULL;
    np_status st = store_prepare(s, "SELECT a.seq, a.date, f.print FROM articles a LEFT JOIN fingerprints f "
                                 "ON f.seq = a.seq WHERE a.seq > ? ORDER BY a.seq", &q);
    size_t cap = 0, n = 0;
    int rc = SQLITE_DONE;
    if (st == NP_OK)
        sqlite3_bind_int64(q, 1, grouped);
    while (st == NP_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (n + 1 >= cap) {
            cap = cap ? 2 * cap : 64;
            int64_t *grown = np_realloc_array(NULL, *seqs, n_stored + cap, sizeof *grown);
            size_t *offsets = np_realloc_array(NULL, p->offsets, cap + 1, sizeof *offsets);
            char **d = np_realloc_array(NULL, *dates, cap, sizeof *d);
            *seqs = grown ? grown : *seqs;
            p->offsets = offsets ? offsets : p->offsets;
            *dates = d ? d : *dates;
            if (!grown || !offsets || !d) {
                st = store_fail(s, NP_ENOMEM, "out of memory");
                break;
            }
        }
        const void *print = sqlite3_column_blob(q, 2);
        int size = sqlite3_column_bytes(q, 2);
        const char *date = (const char *)sqlite3_column_text(q, 1);
        (*seqs)[n_stored + n] = sqlite3_column_int64(q, 0);
        (*dates)[n] = NULL;
        p->offsets[n] = p->data.len;
        p->n = ++n;
        if (!print || size <= 0)
            st = NP_DONE;
        else if (buf_append(&p->data, print, (size_t)size) != NP_OK ||
                 (date && !((*dates)[n - 1] = strdup(date))))
            st = store_fail(s, NP_ENOMEM, "out of memory");
    }
    if (st == NP_OK && rc != SQLITE_DONE)
        st = store_db_fail(s, "reading the articles to group");
    sqlite3_finalize(q);
    if (st == NP_OK && n) {
        p->offsets[n] = p->data.len;
        p->prints = np_alloc_array(NULL, n, sizeof *p->prints);
        p->sizes = np_alloc_array(NULL, n, sizeof *p->sizes);
        if (!p->prints || !p->sizes)
            return store_fail(s, NP_ENOMEM, "out of memory");
        for (size_t i = 0; i < n; i++) {
            p->prints[i] = p->data.data + p->offsets[i];
            p->sizes[i] = p->offsets[i + 1] - p->offsets[i];
        }
    }
    return st;
}

/* What the incremental grouping works on. */
typedef struct incremental {
    store *s;
    answer a;                 /* the stored answer, then with the new articles */
    int64_t *seqs;            /* of a's articles: stored, then new */
    size_t n;                 /* stored articles */
    size_t m;                 /* new articles */
    print_set fresh;          /* their fingerprints */
    char **dates;             /* theirs, m */
    query *qy;
    query_found *links;
    size_t n_links;
    uint8_t *pick;            /* n: stored articles in the neighbourhood */
    story_span *spans;        /* of the stored stories */
    uint32_t *near, *position;
    size_t k;                 /* articles in near */
    uint8_t *result_dirty;    /* n + m: rows to write */
    uint8_t *story_dirty;     /* stories to write (stored and new) */
    uint8_t *retitled;        /* stored stories whose title and keywords are written too */
    size_t *was;              /* each story's stored number, SIZE_MAX for a new one */
    size_t n_stories, n_lines; /* stored before */
    size_t *line_counts;      /* stories a stored storyline, before */
} incremental;

static void incremental_free(incremental *x)
{
    answer_free(&x->a);
    np_free(NULL, x->seqs);
    print_set_free(&x->fresh);
    for (size_t i = 0; x->dates && i < x->m; i++)
        free(x->dates[i]);
    np_free(NULL, x->dates);
    query_free(x->qy);
    np_free(NULL, x->links);
    np_free(NULL, x->pick);
    np_free(NULL, x->spans);
    np_free(NULL, x->near);
    np_free(NULL, x->position);
    np_free(NULL, x->result_dirty);
    np_free(NULL, x->story_dirty);
    np_free(NULL, x->retitled);
    np_free(NULL, x->was);
    np_free(NULL, x->line_counts);
}

/* The new articles' copies verified (their stored candidates read once),
 * and the neighbourhood they are grouped in picked: the stories around
 * their dates and those of the stored articles they copy. */
static np_status find_links(incremental *x)
{
    store *s = x->s;
    /* the stored candidates, each once and ascending: marked, then listed */
    uint8_t *is_candidate = np_calloc(NULL, x->n + 1, sizeof *is_candidate);
    uint32_t *u = np_alloc_array(NULL, x->n + 1, sizeof *u);
    np_status st = is_candidate && u ? NP_OK : NP_ENOMEM;
    size_t k = 0;
    for (size_t j = 0; st == NP_OK && j < x->m; j++) {
        const uint32_t *cands;
        size_t n_cands = query_candidates(x->qy, j, &cands);
        for (size_t c = 0; c < n_cands && cands[c] < x->n; c++)
            is_candidate[cands[c]] = 1;
    }
    for (size_t i = 0; st == NP_OK && i < x->n; i++)
        if (is_candidate[i])
            u[k++] = (uint32_t)i;
    np_free(NULL, is_candidate);
    print_set cp;
    memset(&cp, 0, sizeof cp);
    if (st != NP_OK)
        st = store_fail(s, st, "out of memory");
    else if ((st = print_set_fetch(s, x->seqs, u, k, &cp)) == NP_OK &&
             (st = query_verify_batch(x->qy, u, cp.prints, cp.sizes, k, &x->links, &x->n_links)) != NP_OK)
        store_fail(s, st, "out of memory");
    print_set_free(&cp);
    np_free(NULL, u);
    /* the stories around each new article's day, and those of the
     * stored articles they copy */
    query_link *linked = st == NP_OK ? np_alloc_array(NULL, x->n_links + 1, sizeof *linked) : NULL;
    if (st == NP_OK && !linked)
        st = store_fail(s, NP_ENOMEM, "out of memory");
    int32_t *days = st == NP_OK ? np_alloc_array(NULL, x->m + 1, sizeof *days) : NULL;
    if (st == NP_OK && !days)
        st = store_fail(s, NP_ENOMEM, "out of memory");
    size_t n_days = 0, n_linked = 0;
    for (size_t j = 0; st == NP_OK && j < x->m; j++) {
        int32_t day = x->dates[j] ? engine_day_of(x->dates[j]) : NO_DAY;
        size_t d = 0;
        while (d < n_days && days[d] != day)
            d++;
        if (d == n_days) { /* a day not picked around yet */
            days[n_days++] = day;
            pick_around(&x->a, x->spans, &s->params, day, x->pick);
        }
    }
    for (size_t l = 0; st == NP_OK && l < x->n_links; l++)
        if (x->links[l].found.article < x->n)
            linked[n_linked++] = x->links[l].found;
    if (st == NP_OK)
        pick_linked(&x->a, linked, n_linked, x->pick);
    np_free(NULL, days);
    np_free(NULL, linked);
    return st;
}

/* A new story, of small's story ms, at the end of a. */
static np_status add_story(answer *a, const answer_story *ms, size_t storyline, size_t *index)
{
    answer_story *grown = np_realloc_array(NULL, a->stories, a->n_stories + 1, sizeof *grown);
    if (!grown)
        return NP_ENOMEM;
    a->stories = grown;
    answer_story *ns = &a->stories[a->n_stories];
    memset(ns, 0, sizeof *ns);
    np_status st = NP_OK;
    ns->story = ms->story;
    ns->story.index = a->n_stories;
    ns->story.storyline = storyline;
    ns->story.n_articles = 0;
    ns->story.title = answer_strdup(a, ms->story.title, &st);
    ns->story.first_date = answer_strdup(a, ms->story.first_date, &st);
    ns->story.last_date = answer_strdup(a, ms->story.last_date, &st);
    for (size_t k = 0; k < ms->n_keywords; k++)
        ns->keywords[ns->n_keywords++] = answer_strdup(a, ms->keywords[k], &st);
    *index = a->n_stories++;
    return st;
}

/* Story `which` of a spans date too (dates are YYYY-MM-DD). */
static void span_date(answer *a, size_t which, const char *date)
{
    np_story *ts = &a->stories[which].story;
    if (date && (!ts->first_date || strcmp(date, ts->first_date) < 0))
        ts->first_date = date;
    if (date && (!ts->last_date || strcmp(date, ts->last_date) > 0))
        ts->last_date = date;
}

/* The stored story a story of the neighbourhood's grouping (small's story
 * `which`, holding new articles) goes into, or SIZE_MAX for a new one: that
 * of the stored original a new article of it copies, else the one most of
 * its stored articles are in. */
static size_t story_target(const incremental *x, answer *small, const size_t *orig, size_t which, uint8_t *of)
{
    const answer_story *ss = &small->stories[which];
    for (size_t i = 0; i < ss->story.n_articles; i++) {
        size_t p = ss->members[i], o = orig[p];
        if (p >= x->k && o < x->k && strcmp(small->results[o].relation, "original") == 0)
            return x->a.results[x->near[o]].story;
    }
    for (size_t i = 0; i < ss->story.n_articles; i++)
        if (ss->members[i] < x->k)
            of[ss->members[i]] = 1;
    size_t count;
    size_t target = most_common_story(&x->a, x->near, x->k, of, 0, &count);
    memset(of, 0, x->k + 1);
    return target;
}

static int cmp_key_id(const void *x, const void *y)
{
    return strcmp(((const answer_key *)x)->id, ((const answer_key *)y)->id);
}

/* The id index (answer_find's), made of the stored articles (the first n
 * results), with the new ones merged in: sorting every id again was a
 * fortieth of an add of 100 into 200,000.  Without the index, or memory
 * for it, answer_find makes it when next asked. */
static void index_new_ids(answer *a, size_t n)
{
    size_t m = a->n_results - n;
    answer_key *old = a->by_id, *merged = old ? np_alloc_array(NULL, a->n_results, sizeof *merged) : NULL;
    answer_key *fresh = merged ? np_alloc_array(NULL, m + 1, sizeof *fresh) : NULL;
    a->by_id = NULL;
    if (fresh) {
        for (size_t j = 0; j < m; j++)
            fresh[j] = (answer_key){ a->results[n + j].id, n + j };
        qsort(fresh, m, sizeof *fresh, cmp_key_id);
        size_t i = 0, j = 0, k = 0;
        while (i < n || j < m)
            merged[k++] = j == m || (i < n && strcmp(old[i].id, fresh[j].id) < 0) ? old[i++] : fresh[j++];
        a->by_id = merged;
        merged = NULL;
    }
    np_free(NULL, merged);
    np_free(NULL, fresh);
    np_free(NULL, old);
}

/* A stored story (which) that took new articles: when it now holds the
 * articles of small's story ss and no other, it takes that story's title,
 * the one the engine gives those articles (the title of the first of them
 * in time order that has one: a new article dated before the story's
 * first names it).  Else (part of it is outside the neighbourhood, or the
 * grouping split it) it keeps that of the last full grouping.  Its
 * keywords are kept: small's are its terms in the neighbourhood's
 * surface forms ("starts" where the corpus says "start"), which agreed
 * with the full grouping's less often than the stored ones
 * (docs/history/benchmarks-log.md, add27). */
static np_status retitle(incremental *x, const answer *small, size_t ss, size_t which)
{
    answer *a = &x->a;
    const answer_story *ms = &small->stories[ss];
    answer_story *ts = &a->stories[which];
    if (ts->story.n_articles != ms->story.n_articles)
        return NP_OK;
    for (size_t i = 0; i < ms->story.n_articles; i++) {
        size_t p = ms->members[i], m = p < x->k ? x->near[p] : x->n + (p - x->k);
        if (a->results[m].story != which)
            return NP_OK;
    }
    np_status st = NP_OK;
    if (ts->story.title && ms->story.title && strcmp(ts->story.title, ms->story.title) == 0)
        return NP_OK;
    if (!ts->story.title && !ms->story.title)
        return NP_OK;
    ts->story.title = answer_strdup(a, ms->story.title, &st);
    x->retitled[which] = 1;
    x->story_dirty[which] = 1;
    return st;
}

/* The neighbourhood's grouping (small: its answer, the new articles at
 * positions k..k+m-1) onto the stored answer. */
static np_status map_batch(incremental *x, answer *small)
{
    answer *a = &x->a;
    size_t total = x->k + x->m;
    size_t *orig = np_alloc_array(NULL, total + 1, sizeof *orig);
    size_t *target = np_alloc_array(NULL, small->n_stories + 1, sizeof *target);
    size_t *line_of = np_alloc_array(NULL, small->n_storylines + 1, sizeof *line_of);
    size_t *family_story = np_alloc_array(NULL, total + 1, sizeof *family_story);
    uint8_t *of = np_calloc(NULL, x->k + 1, 1);
    np_result *grown = np_realloc_array(NULL, a->results, x->n + x->m, sizeof *grown);
    np_status st = orig && target && line_of && family_story && of && grown ? NP_OK : NP_ENOMEM;
    if (grown)
        a->results = grown;
    for (size_t i = 0; st == NP_OK && i < total; i++) {
        orig[i] = answer_original(small, i);
        family_story[i] = SIZE_MAX;
    }
    for (size_t i = 0; st == NP_OK && i < small->n_stories; i++)
        target[i] = SIZE_MAX - 1; /* not decided */
    for (size_t i = 0; st == NP_OK && i < small->n_storylines; i++)
        line_of[i] = SIZE_MAX;
    for (size_t j = 0; st == NP_OK && j < x->m; j++) {
        size_t p = x->k + j, ss = small->results[p].story;
        if (target[ss] == SIZE_MAX - 1)
            target[ss] = story_target(x, small, orig, ss, of);
        if (target[ss] == SIZE_MAX) {
            /* a story of its own, in a stored storyline or a new one */
            const answer_story *ms = &small->stories[ss];
            size_t line = ms->story.storyline, count;
            if (line_of[line] == SIZE_MAX) {
                for (size_t i = 0; i < x->k; i++)
                    of[i] = small->results[i].storyline == line;
                size_t stored = most_common_story(a, x->near, x->k, of, 1, &count);
                memset(of, 0, x->k + 1);
                line_of[line] = stored != SIZE_MAX && whole_storyline(a, x->near, x->k, stored) ? stored
                                                                                               : a->n_storylines++;
            }
            if ((st = add_story(a, ms, line_of[line], &target[ss])) != NP_OK)
                break;
            x->story_dirty[target[ss]] = 1;
        }
        /* the new article's result */
        np_result *r = &a->results[x->n + j];
        const np_result *mine = &small->results[p];
        memset(r, 0, sizeof *r);
        r->id = answer_strdup(a, mine->id, &st);
        r->date = answer_strdup(a, mine->date, &st);
        take_relation(a, r, mine, &st);
        r->story = SIZE_MAX;
        a->n_results++;
        if (st == NP_OK)
            st = move_to_story(a, x->n + j, target[ss]);
        span_date(a, target[ss], r->date);
        x->result_dirty[x->n + j] = 1;
        x->story_dirty[target[ss]] = 1;
        if (strcmp(small->results[orig[p]].relation, "original") == 0)
            family_story[orig[p]] = target[ss];
    }
    /* the stored members of the new articles' families */
    for (size_t i = 0; st == NP_OK && i < x->k; i++) {
        size_t to = family_story[orig[i]];
        if (to == SIZE_MAX)
            continue;
        size_t m = x->near[i], from = a->results[m].story;
        take_relation(a, &a->results[m], &small->results[i], &st);
        if (st == NP_OK)
            st = move_to_story(a, m, to);
        span_date(a, to, a->results[m].date);
        x->result_dirty[m] = 1;
        x->story_dirty[to] = 1;
        x->story_dirty[from] = 1;
    }
    for (size_t ss = 0; st == NP_OK && ss < small->n_stories; ss++)
        if (target[ss] < x->n_stories)
            st = retitle(x, small, ss, target[ss]);
    index_new_ids(a, x->n);
    np_free(NULL, orig);
    np_free(NULL, target);
    np_free(NULL, line_of);
    np_free(NULL, family_story);
    np_free(NULL, of);
    return st;
}

/* Stories and storylines left empty take the number of the last one. */
static void compact(incremental *x)
{
    answer *a = &x->a;
    for (size_t k = a->n_stories; k-- > 0;) {
        if (a->stories[k].story.n_articles)
            continue;
        size_t last = a->n_stories - 1;
        np_free(NULL, a->stories[k].members);
        if (k != last) {
            a->stories[k] = a->stories[last];
            a->stories[k].story.index = k;
            x->was[k] = x->was[last];
            x->retitled[k] = x->retitled[last];
            for (size_t i = 0; i < a->stories[k].story.n_articles; i++) {
                a->results[a->stories[k].members[i]].story = k;
                x->result_dirty[a->stories[k].members[i]] = 1;
            }
            x->story_dirty[k] = 1;
        }
        memset(&a->stories[last], 0, sizeof a->stories[last]);
        a->n_stories--;
    }
    size_t *count = np_calloc(NULL, a->n_storylines + 1, sizeof *count);
    if (!count)
        return; /* an empty storyline is kept: no answer is wrong */
    for (size_t k = 0; k < a->n_stories; k++)
        count[a->stories[k].story.storyline]++;
    for (size_t line = a->n_storylines; line-- > 0;) {
        if (count[line])
            continue;
        size_t last = a->n_storylines - 1;
        for (size_t k = 0; line != last && k < a->n_stories; k++) {
            answer_story *as = &a->stories[k];
            if (as->story.storyline != last)
                continue;
            as->story.storyline = line;
            x->story_dirty[k] = 1;
            for (size_t i = 0; i < as->story.n_articles; i++) {
                a->results[as->members[i]].storyline = line;
                x->result_dirty[as->members[i]] = 1;
            }
        }
        count[line] = count[last];
        a->n_storylines--;
    }
    np_free(NULL, count);
}

static np_status step_done(store *s, sqlite3_stmt *q, const char *doing)
{
    np_status st = sqlite3_step(q) == SQLITE_DONE ? NP_OK : store_db_fail(s, doing);
    sqlite3_reset(q);
    return st;
}

/* Article i's grouping, copy link and family rows written again. */
static np_status write_result(incremental *x, size_t i, sqlite3_stmt *const *q)
{
    store *s = x->s;
    const np_result *r = &x->a.results[i];
    int64_t seq = x->seqs[i], orig = seq;
    sqlite3_bind_int64(q[0], 1, seq);
    sqlite3_bind_int64(q[0], 2, (sqlite3_int64)r->story);
    sqlite3_bind_int64(q[0], 3, (sqlite3_int64)r->storyline);
    sqlite3_bind_text(q[0], 4, r->relation, -1, SQLITE_STATIC);
    np_status st = step_done(s, q[0], "storing the answer");
    for (int d = 1; d <= 2 && st == NP_OK; d++) {
        sqlite3_bind_int64(q[d], 1, seq);
        st = step_done(s, q[d], "storing the answer");
    }
    if (st != NP_OK)
        return st;
    if (r->copy_of) {
        size_t o = answer_find(&x->a, r->copy_of);
        if (o == (size_t)-1)
            return store_fail(s, NP_EDB, "%s: the original %s of %s is not stored", s->path, r->copy_of, r->id);
        orig = x->seqs[o];
        store_bind_link(q[3], seq, orig, r);
        if ((st = step_done(s, q[3], "storing a copy link")) != NP_OK)
            return st;
    } else if (strcmp(r->relation, "original") != 0) {
        return NP_OK; /* a report: no family */
    }
    sqlite3_bind_int64(q[4], 1, seq);
    sqlite3_bind_int64(q[4], 2, orig);
    return step_done(s, q[4], "storing a family");
}

/* Story k's row and articles written again: a stored story's row updated
 * (keeping its title and keywords unless retitled), a new story's made. */
static np_status write_story(incremental *x, size_t k, sqlite3_stmt *const *q)
{
    store *s = x->s;
    const answer_story *as = &x->a.stories[k];
    np_status st = NP_OK;
    if (x->was[k] == SIZE_MAX) {
        if (!store_bind_story_row(q[0], k, as))
            return store_fail(s, NP_ENOMEM, "out of memory");
        st = step_done(s, q[0], "storing a story");
    } else {
        sqlite3_stmt *u = q[1];
        sqlite3_bind_int64(u, 1, (sqlite3_int64)as->story.storyline);
        store_bind_text_or_null(u, 2, as->story.first_date);
        store_bind_text_or_null(u, 3, as->story.last_date);
        sqlite3_bind_int64(u, 4, (sqlite3_int64)as->story.n_articles);
        sqlite3_bind_int64(u, 5, (sqlite3_int64)k);
        st = step_done(s, u, "storing a story");
        if (st == NP_OK && x->retitled[k]) {
            store_bind_text_or_null(q[4], 1, as->story.title);
            sqlite3_bind_int64(q[4], 2, (sqlite3_int64)k);
            st = step_done(s, q[4], "storing a story's title");
        }
    }
    if (st == NP_OK && x->was[k] != SIZE_MAX) {
        sqlite3_bind_int64(q[2], 1, (sqlite3_int64)k);
        st = step_done(s, q[2], "storing a story's articles");
    }
    for (size_t i = 0; st == NP_OK && i < as->story.n_articles; i++) {
        sqlite3_bind_int64(q[3], 1, (sqlite3_int64)k);
        sqlite3_bind_int64(q[3], 2, (sqlite3_int64)i);
        sqlite3_bind_int64(q[3], 3, x->seqs[as->members[i]]);
        st = step_done(s, q[3], "storing a story's articles");
    }
    return st;
}

/* The stories' rows: those of stored stories left empty removed, those
 * that took another's number renumbered, the changed ones written. */
static np_status write_stories_changed(incremental *x, sqlite3_stmt *const *q)
{
    store *s = x->s;
    answer *a = &x->a;
    uint8_t *kept = np_calloc(NULL, x->n_stories + 1, 1);
    if (!kept)
        return store_fail(s, NP_ENOMEM, "out of memory");
    for (size_t k = 0; k < a->n_stories; k++)
        if (x->was[k] != SIZE_MAX)
            kept[x->was[k]] = 1;
    np_status st = NP_OK;
    for (size_t o = 0; st == NP_OK && o < x->n_stories; o++)
        for (int d = 0; d < 2 && st == NP_OK && !kept[o]; d++) {
            sqlite3_bind_int64(q[d], 1, (sqlite3_int64)o);
            st = step_done(s, q[d], "removing a story");
        }
    np_free(NULL, kept);
    for (size_t k = 0; st == NP_OK && k < a->n_stories; k++)
        if (x->was[k] != SIZE_MAX && x->was[k] != k)
            for (int d = 2; d < 4 && st == NP_OK; d++) {
                sqlite3_bind_int64(q[d], 1, (sqlite3_int64)k);
                sqlite3_bind_int64(q[d], 2, (sqlite3_int64)x->was[k]);
                st = step_done(s, q[d], "renumbering a story");
            }
    for (size_t k = 0; st == NP_OK && k < a->n_stories; k++)
        if (x->story_dirty[k])
            st = write_story(x, k, q + 4);
    return st;
}

/* The rows that changed. */
static np_status write_changes(incremental *x)
{
    store *s = x->s;
    answer *a = &x->a;
    static const char *const sql[] = {
        "INSERT OR REPLACE INTO grouping VALUES(?, ?, ?, ?)",
        "DELETE FROM links WHERE seq = ?",
        "DELETE FROM families WHERE seq = ?",
        "INSERT INTO links VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "INSERT INTO families VALUES(?, ?)",
        /* 5: the stories */
        "DELETE FROM stories WHERE story = ?",
        "DELETE FROM story_articles WHERE story = ?",
        "UPDATE stories SET story = ? WHERE story = ?",
        "UPDATE story_articles SET story = ? WHERE story = ?",
        "INSERT INTO stories VALUES(?, ?, ?, ?, ?, ?, ?)",
        "UPDATE stories SET storyline = ?, first_date = ?, last_date = ?, n_articles = ? WHERE story = ?",
        "DELETE FROM story_articles WHERE story = ?",
        "INSERT INTO story_articles VALUES(?, ?, ?)",
        "UPDATE stories SET title = ? WHERE story = ?",
        /* 14: the storylines */
        "INSERT OR REPLACE INTO storylines VALUES(?, ?)",
        "DELETE FROM storylines WHERE storyline = ?",
    };
    enum { N_SQL = sizeof sql / sizeof sql[0] };
    sqlite3_stmt *q[N_SQL] = { NULL };
    np_status st = NP_OK;
    for (size_t i = 0; st == NP_OK && i < N_SQL; i++)
        st = store_prepare(s, sql[i], &q[i]);
    for (size_t i = 0; st == NP_OK && i < a->n_results; i++)
        if (x->result_dirty[i])
            st = write_result(x, i, q);
    if (st == NP_OK)
        st = write_stories_changed(x, q + 5);
    size_t lines = a->n_storylines > x->n_lines ? a->n_storylines : x->n_lines;
    size_t *count = np_calloc(NULL, lines + 1, sizeof *count);
    if (st == NP_OK && !count)
        st = store_fail(s, NP_ENOMEM, "out of memory");
    for (size_t k = 0; st == NP_OK && k < a->n_stories; k++)
        count[a->stories[k].story.storyline]++;
    for (size_t line = 0; st == NP_OK && line < lines; line++) {
        if (line >= a->n_storylines) {
            sqlite3_bind_int64(q[15], 1, (sqlite3_int64)line);
            st = step_done(s, q[15], "removing a storyline");
        } else if (line >= x->n_lines || count[line] != x->line_counts[line]) {
            sqlite3_bind_int64(q[14], 1, (sqlite3_int64)line);
            sqlite3_bind_int64(q[14], 2, (sqlite3_int64)count[line]);
            st = step_done(s, q[14], "storing a storyline");
        }
    }
    np_free(NULL, count);
    for (size_t i = 0; i < N_SQL; i++)
        sqlite3_finalize(q[i]);
    return st;
}

/* The stories each stored storyline holds, before. */
static np_status count_lines(incremental *x)
{
    x->n_stories = x->a.n_stories;
    x->n_lines = x->a.n_storylines;
    x->line_counts = np_calloc(NULL, x->n_lines + 1, sizeof *x->line_counts);
    if (!x->line_counts)
        return NP_ENOMEM;
    for (size_t k = 0; k < x->a.n_stories; k++)
        if (x->a.stories[k].story.storyline < x->n_lines)
            x->line_counts[x->a.stories[k].story.storyline]++;
    return NP_OK;
}

/* The new articles grouped with their neighbourhood, mapped and written. */
static np_status group_neighbourhood(incremental *x)
{
    store *s = x->s;
    size_t n = x->n;
    x->near = np_alloc_array(NULL, n + 1, sizeof *x->near);
    x->position = np_alloc_array(NULL, n + 1, sizeof *x->position);
    if (!x->near || !x->position)
        return store_fail(s, NP_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        x->position[i] = x->pick[i] ? (uint32_t)x->k : UINT32_MAX;
        if (x->pick[i])
            x->near[x->k++] = (uint32_t)i;
    }
    print_set np;
    np_status st = print_set_fetch(s, x->seqs, x->near, x->k, &np);
    copy_link *links = st == NP_OK ? np_alloc_array(NULL, x->k + x->n_links + 1, sizeof *links) : NULL;
    if (st == NP_OK && !links)
        st = store_fail(s, NP_ENOMEM, "out of memory");
    size_t n_links = 0;
    if (st == NP_OK) {
        stored_links(&x->a, x->near, x->k, x->position, links, &n_links);
        for (size_t l = 0; l < x->n_links; l++) {
            copy_link c = x->links[l].found.link;
            uint32_t from = x->links[l].found.article;
            c.a = from < n ? x->position[from] : (uint32_t)(x->k + (from - n));
            c.b = (uint32_t)(x->k + x->links[l].j);
            links[n_links++] = c;
        }
        qsort(links, n_links, sizeof *links, cmp_link);
    }
    np_engine *e = NULL;
    if (st == NP_OK && (st = query_group(x->qy, np.prints, np.sizes, x->k, links, n_links, &e)) != NP_OK)
        store_fail(s, st, "%s", e ? np_engine_errmsg(e) : "out of memory");
    else if (st != NP_OK)
        np_free(NULL, links);
    print_set_free(&np);
    answer small;
    answer_init(&small);
    if (st == NP_OK && (st = answer_from_engine(&small, e)) != NP_OK)
        store_fail(s, st, "out of memory");
    if (st == NP_OK && (st = map_batch(x, &small)) != NP_OK)
        store_fail(s, st, "out of memory");
    answer_free(&small);
    np_engine_free(e);
    if (st == NP_OK) {
        compact(x);
        st = write_changes(x);
    }
    return st;
}

/* Within the caller's write transaction. */
static np_status incremental_run(incremental *x, int64_t grouped, store_progress_fn progress, void *arg)
{
    store *s = x->s;
    if (progress)
        progress("reading the stored answer", arg);
    np_status st = store_answer_read(s, &x->a, &x->seqs, 0);
    x->n = x->a.n_results;
    if (st == NP_OK && !x->n)
        return NP_DONE; /* nothing grouped: a full grouping */
    if (st == NP_OK)
        st = read_new(s, grouped, x->n, &x->seqs, &x->fresh, &x->dates);
    x->m = x->fresh.n;
    if (st != NP_OK || !x->m)
        return st;
    if (progress)
        progress("finding copies among the stored articles", arg);
    if ((st = query_new_batch(&x->qy, &s->params, (uint32_t)x->n, x->m, x->fresh.prints, x->fresh.sizes)) != NP_OK)
        return st == NP_EINPUT ? NP_DONE : store_fail(s, st, "out of memory");
    if ((st = scan_prints(s, x->qy, x->seqs, x->n)) != NP_OK)
        return st;
    x->pick = np_calloc(NULL, x->n + 1, 1);
    x->spans = story_spans(&x->a);
    x->result_dirty = np_calloc(NULL, x->n + x->m + 1, 1);
    x->story_dirty = np_calloc(NULL, x->a.n_stories + x->m + 1, 1);
    x->retitled = np_calloc(NULL, x->a.n_stories + x->m + 1, 1);
    x->was = np_alloc_array(NULL, x->a.n_stories + x->m + 1, sizeof *x->was);
    if (!x->pick || !x->spans || !x->result_dirty || !x->story_dirty || !x->retitled || !x->was || count_lines(x) != NP_OK)
        return store_fail(s, NP_ENOMEM, "out of memory");
    for (size_t k = 0; k < x->a.n_stories + x->m + 1; k++)
        x->was[k] = k < x->a.n_stories ? k : SIZE_MAX;
    if ((st = find_links(x)) != NP_OK)
        return st;
    if (progress)
        progress("grouping stories around the new articles", arg);
    return group_neighbourhood(x);
}

np_status store_regroup_incremental(store *s, store_progress_fn progress, void *arg)
{
    if (!s->prints_current)
        return NP_DONE; /* fingerprints of another build: only a full grouping reads them */
    np_status st = store_flush(s);
    if (st != NP_OK)
        return st;
    if ((st = store_exec(s, "BEGIN IMMEDIATE", "starting to group")) != NP_OK)
        return st;
    incremental x;
    memset(&x, 0, sizeof x);
    x.s = s;
    answer_init(&x.a);
    int64_t grouped = 0, generation = 0, answered = 0;
    st = store_meta_get_int(s, "grouped", &grouped);
    if (st == NP_OK)
        st = incremental_run(&x, grouped, progress, arg);
    if (st == NP_OK && x.m) {
        if (progress)
            progress("storing the answer", arg);
        if ((st = store_meta_get_int(s, "generation", &generation)) == NP_OK &&
            (st = store_meta_set_int(s, "generation", generation + 1)) == NP_OK &&
            (st = store_meta_get_int(s, "incremental", &answered)) == NP_OK &&
            (st = store_meta_set_int(s, "incremental", answered + (int64_t)x.m)) == NP_OK)
            st = store_meta_set_int(s, "grouped", x.seqs[x.n + x.m - 1]);
    }
    if (st == NP_OK)
        st = store_exec(s, "COMMIT", "committing the answer");
    if (st != NP_OK)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    incremental_free(&x);
    return st;
}

np_status store_incremental_count(store *s, size_t *answered)
{
    int64_t n = 0;
    np_status st = store_meta_get_int(s, "incremental", &n);
    *answered = st == NP_OK && n > 0 ? (size_t)n : 0;
    return st;
}

np_status store_group(store *s, store_grouping how, store_progress_fn progress, void *arg, int *quickly)
{
    size_t total = 0, ungrouped = 0, answered = 0;
    if (quickly)
        *quickly = 0;
    np_status st = store_flush(s);
    if (st == NP_OK)
        st = store_counts(s, &total, &ungrouped, NULL);
    if (st == NP_OK)
        st = store_incremental_count(s, &answered);
    if (st != NP_OK || !ungrouped)
        return st;
    size_t grouped = total - ungrouped;
    int quick = how == STORE_GROUP_INCREMENTAL ||
                (how == STORE_GROUP_AUTO && grouped && ungrouped <= grouped / STORE_INCREMENTAL_BATCH &&
                 answered + ungrouped <= grouped / STORE_INCREMENTAL_DRIFT);
    st = quick ? store_regroup_incremental(s, progress, arg) : NP_DONE;
    if (st == NP_OK && quickly)
        *quickly = 1;
    return st == NP_DONE ? store_regroup(s, progress, arg) : st;
}
