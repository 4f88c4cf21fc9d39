/*
 * store_query: an article not stored, measured against the stored answer
 * without grouping the database again (`similar --file`, POST
 * /api/similar; store_similar is the full regroup, kept for --full).
 *
 * One read transaction: the stored answer, then every grouped article's
 * fingerprint once (cluster/query.c: the corpus's document frequencies and
 * the new article's copy candidates), the few whose characteristic terms
 * decide a rewrite's candidacy again, the candidates verified; then the
 * engine's grouping over a neighbourhood -- the stored stories open within
 * story_window days of the new article, and the stories of the families
 * it joins -- and its answer mapped back onto the stored one: the new
 * article joins the stored story its neighbourhood story shares most
 * articles with (or a story of its own), its family's members take the
 * relations the neighbourhood gave them and move into its story.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/query.h"
#include "cluster/stages.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "store/store_internal.h"
#include "store/store_query.h"

void print_set_free(print_set *p)
{
    buf_free(&p->data);
    np_free(NULL, p->offsets);
    np_free(NULL, (void *)p->prints);
    np_free(NULL, p->sizes);
    memset(p, 0, sizeof *p);
}

/* The fingerprints of the answer's articles `which` (n, ascending) into p.
 * returns: NP_DONE when one has no fingerprint of this build */
np_status print_set_fetch(store *s, const int64_t *seqs, const uint32_t *which, size_t n, print_set *p)
{
    memset(p, 0, sizeof *p);
    buf_init(&p->data, NULL);
    p->offsets = np_alloc_array(NULL, n + 1, sizeof *p->offsets);
    p->prints = np_alloc_array(NULL, n + 1, sizeof *p->prints);
    p->sizes = np_alloc_array(NULL, n + 1, sizeof *p->sizes);
    if (!p->offsets || !p->prints || !p->sizes)
        return store_fail(s, NP_ENOMEM, "out of memory");
    sqlite3_stmt *q = NULL;
    np_status st = store_prepare(s, "SELECT print FROM fingerprints WHERE seq = ?", &q);
    for (size_t i = 0; st == NP_OK && i < n; i++) {
        sqlite3_bind_int64(q, 1, seqs[which[i]]);
        int rc = sqlite3_step(q);
        const void *print = rc == SQLITE_ROW ? sqlite3_column_blob(q, 0) : NULL;
        int size = rc == SQLITE_ROW ? sqlite3_column_bytes(q, 0) : 0;
        p->offsets[i] = p->data.len;
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            st = store_db_fail(s, "reading a fingerprint");
        else if (!print || size <= 0)
            st = NP_DONE;
        else if (buf_append(&p->data, print, (size_t)size) != NP_OK)
            st = store_fail(s, NP_ENOMEM, "out of memory");
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    p->n = n;
    p->offsets[n] = p->data.len;
    for (size_t i = 0; st == NP_OK && i < n; i++) {
        p->prints[i] = p->data.data + p->offsets[i];
        p->sizes[i] = p->offsets[i + 1] - p->offsets[i];
    }
    return st;
}

/* First pass over every grouped article's fingerprint, in answer order;
 * the few whose terms decide, read again.  returns: NP_DONE when one has no
 * fingerprint of this build */
np_status scan_prints(store *s, query *qy, const int64_t *seqs, size_t n_results)
{
    sqlite3_stmt *q = NULL;
    np_status st = store_prepare(s, "SELECT f.print FROM grouping g JOIN fingerprints f ON f.seq = g.seq "
                                 "ORDER BY g.seq", &q);
    size_t i = 0;
    int rc = SQLITE_DONE;
    while (st == NP_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const void *print = sqlite3_column_blob(q, 0);
        int size = sqlite3_column_bytes(q, 0);
        if (!print || size <= 0 || i >= n_results)
            st = NP_DONE;
        else if ((st = query_count(qy, (uint32_t)i++, print, (size_t)size)) != NP_OK)
            st = st == NP_EINPUT ? NP_DONE : store_fail(s, st, "out of memory");
    }
    if (st == NP_OK && rc != SQLITE_DONE)
        st = store_db_fail(s, "reading fingerprints");
    if (st == NP_OK && i != n_results)
        st = store_fail(s, NP_EDB, "%s: the answer and the fingerprints differ", s->path);
    sqlite3_finalize(q);
    const uint32_t *checks = NULL;
    size_t n_checks = st == NP_OK ? query_term_checks(qy, &checks) : 0;
    print_set again;
    memset(&again, 0, sizeof again);
    if (st == NP_OK && (st = print_set_fetch(s, seqs, checks, n_checks, &again)) == NP_OK)
        for (size_t k = 0; st == NP_OK && k < n_checks; k++)
            if ((st = query_check(qy, checks[k], again.prints[k], again.sizes[k])) != NP_OK)
                st = st == NP_EINPUT ? NP_DONE : store_fail(s, st, "out of memory");
    print_set_free(&again);
    return st;
}

int link_kind_of(const char *relation)
{
    static const char *const names[] = { "exact", "near", "excerpt", "rewrite" };
    for (int k = 0; k < 4; k++)
        if (relation && strcmp(relation, names[k]) == 0)
            return LINK_EXACT + k;
    return 0;
}

story_span *story_spans(const answer *a)
{
    story_span *out = np_alloc_array(NULL, a->n_stories + 1, sizeof *out);
    for (size_t k = 0; out && k < a->n_stories; k++) {
        const np_story *st = &a->stories[k].story;
        out[k].first = st->first_date ? engine_day_of(st->first_date) : NO_DAY;
        out[k].last = st->last_date ? engine_day_of(st->last_date) : NO_DAY;
        out[k].undated = answer_story_undated(a, k) > 0;
    }
    return out;
}

void pick_around(const answer *a, const story_span *spans, const np_params *pr, int32_t day, uint8_t *pick)
{
    for (size_t k = 0; k < a->n_stories; k++) {
        const answer_story *as = &a->stories[k];
        int near = 0;
        if (day == NO_DAY)
            near = spans[k].undated;
        else
            near = spans[k].first != NO_DAY && spans[k].last != NO_DAY && spans[k].last >= day - pr->story_window &&
                   spans[k].first <= day + pr->story_window;
        for (size_t m = 0; near && m < as->story.n_articles; m++)
            pick[as->members[m]] = 1;
    }
}

void pick_linked(const answer *a, const query_link *links, size_t n_links, uint8_t *pick)
{
    for (size_t l = 0; l < n_links; l++) {
        const answer_story *as = &a->stories[a->results[links[l].article].story];
        for (size_t m = 0; m < as->story.n_articles; m++)
            pick[as->members[m]] = 1;
    }
}

int cmp_link(const void *x, const void *y)
{
    const copy_link *p = x, *q = y;
    if (p->a != q->a)
        return (p->a > q->a) - (p->a < q->a);
    return (p->b > q->b) - (p->b < q->b);
}

/* The stored copy links among the neighbourhood's articles (their answer
 * indexes in near, n of them) into out (room for n), *k of them: each
 * stored copy's to the article it copies. */
void stored_links(answer *a, const uint32_t *near, size_t n, const uint32_t *position, copy_link *out, size_t *k)
{
    for (size_t i = 0; i < n; i++) {
        const np_result *r = &a->results[near[i]];
        int kind = link_kind_of(r->relation);
        size_t to = kind && r->copy_of ? answer_find(a, r->copy_of) : (size_t)-1;
        if (to == (size_t)-1 || to >= a->n_results || position[to] == UINT32_MAX)
            continue;
        uint32_t x = (uint32_t)i, y = position[to];
        out[(*k)++] = (copy_link){ .a = x < y ? x : y, .b = x < y ? y : x, .kind = (uint8_t)kind,
                                   .score = (float)r->score, .jaccard = (float)r->jaccard,
                                   .containment = (float)r->containment, .aligned = (float)r->aligned,
                                   .ordered = (float)r->ordered,
                                   .shared_sentences = (uint16_t)r->shared_sentences };
    }
}

/* The links among the neighbourhood's articles (n of them; the new
 * article at n): the stored ones and the new article's.  returns: owned by
 * the caller */
static copy_link *neighbourhood_links(answer *a, const uint32_t *near, size_t n, const uint32_t *position,
                                      const query_link *links, size_t n_links, size_t *n_out)
{
    copy_link *out = np_alloc_array(NULL, n + n_links + 1, sizeof *out);
    size_t k = 0;
    if (out)
        stored_links(a, near, n, position, out, &k);
    for (size_t l = 0; out && l < n_links; l++) {
        copy_link c = links[l].link;
        c.a = position[links[l].article];
        c.b = (uint32_t)n;
        out[k++] = c;
    }
    if (out)
        qsort(out, k, sizeof *out, cmp_link);
    *n_out = k;
    return out;
}

/* Room for one more result and, when new_story, one more story. */
np_status answer_grow(answer *a, int new_story)
{
    np_result *r = np_realloc_array(NULL, a->results, a->n_results + 1, sizeof *r);
    if (!r)
        return NP_ENOMEM;
    a->results = r;
    memset(&a->results[a->n_results], 0, sizeof *r);
    if (!new_story)
        return NP_OK;
    answer_story *s = np_realloc_array(NULL, a->stories, a->n_stories + 1, sizeof *s);
    if (!s)
        return NP_ENOMEM;
    a->stories = s;
    memset(&a->stories[a->n_stories], 0, sizeof *s);
    return NP_OK;
}

/* Article m (answer index) moved from its story to story `to` (at its end). */
np_status move_to_story(answer *a, size_t m, size_t to)
{
    size_t from = a->results[m].story;
    if (from != to && from < a->n_stories) {
        answer_story *f = &a->stories[from];
        size_t k = 0;
        for (size_t j = 0; j < f->story.n_articles; j++)
            if (f->members[j] != m)
                f->members[k++] = f->members[j];
        f->story.n_articles = k;
    }
    if (from == to)
        return NP_OK;
    answer_story *t = &a->stories[to];
    size_t *members = np_realloc_array(NULL, t->members, t->story.n_articles + 1, sizeof *members);
    if (!members)
        return NP_ENOMEM;
    t->members = members;
    t->members[t->story.n_articles++] = m;
    a->results[m].story = to;
    a->results[m].storyline = t->story.storyline;
    return NP_OK;
}

/* The result fields of a small-engine result r copied into d (strings
 * copied into a). */
void take_relation(answer *a, np_result *d, const np_result *r, np_status *st)
{
    d->relation = answer_strdup(a, r->relation, st);
    d->copy_of = answer_strdup(a, r->copy_of, st);
    d->score = r->score;
    d->jaccard = r->jaccard;
    d->containment = r->containment;
    d->aligned = r->aligned;
    d->ordered = r->ordered;
    d->shared_sentences = r->shared_sentences;
}

/* The stored story most of the articles `of` (small-engine positions
 * whose flag is set) are in, or SIZE_MAX. */
size_t most_common_story(const answer *a, const uint32_t *near, size_t n, const uint8_t *of, int line,
                                size_t *count)
{
    size_t best = SIZE_MAX, best_n = 0;
    for (size_t i = 0; i < n; i++) {
        if (!of[i])
            continue;
        size_t s = line ? a->results[near[i]].storyline : a->results[near[i]].story, c = 0;
        for (size_t j = 0; j < n; j++)
            c += of[j] && (line ? a->results[near[j]].storyline : a->results[near[j]].story) == s;
        if (c > best_n || (c == best_n && s < best))
            best = s, best_n = c;
    }
    *count = best_n;
    return best;
}

/* Whether every stored article of storyline `line` is among near's: a
 * storyline is joined by a story as close to the names of its stories
 * taken together, which the neighbourhood knows only when it holds them
 * all (a storyline of hundreds of stories over a year, whose few stories
 * around the new article's date share its names, is not joined). */
int whole_storyline(const answer *a, const uint32_t *near, size_t n, size_t line)
{
    size_t all = 0, held = 0;
    for (size_t i = 0; i < a->n_results; i++)
        all += a->results[i].storyline == line;
    for (size_t i = 0; i < n; i++)
        held += a->results[near[i]].storyline == line;
    return all == held;
}

/* The small engine's answer for the new article (at position n of near's
 * articles) onto the stored answer a: its result at a->n_results. */
static np_status map_answer(answer *a, np_engine *e, const uint32_t *near, size_t n, size_t *index)
{
    answer small;
    answer_init(&small);
    np_status st = answer_from_engine(&small, e);
    uint8_t *of = np_calloc(NULL, n + 1, 1);
    if (st == NP_OK && !of)
        st = NP_ENOMEM;
    if (st != NP_OK) {
        answer_free(&small);
        np_free(NULL, of);
        return st;
    }
    const np_result *mine = &small.results[n];
    /* its family: the stored members, whose relations the grouping gives */
    size_t fam = 0;
    for (size_t i = 0; i < n; i++)
        fam += of[i] = (uint8_t)answer_same_family(&small, n, i);
    size_t count, target = SIZE_MAX;
    if (fam) {
        size_t orig = answer_original(&small, n);
        target = orig < n ? a->results[near[orig]].story : most_common_story(a, near, n, of, 0, &count);
    } else {
        const answer_story *ms = &small.stories[mine->story];
        for (size_t k = 0; k < ms->story.n_articles; k++)
            if (ms->members[k] < n)
                of[ms->members[k]] = 1;
        target = most_common_story(a, near, n, of, 0, &count);
    }
    int new_story = target == SIZE_MAX;
    if ((st = answer_grow(a, new_story)) != NP_OK)
        goto done;
    np_result *r = &a->results[a->n_results];
    *r = *mine;
    r->id = answer_strdup(a, mine->id, &st);
    r->title = answer_strdup(a, mine->title, &st);
    r->date = answer_strdup(a, mine->date, &st);
    r->source = answer_strdup(a, mine->source, &st);
    r->lang = answer_strdup(a, mine->lang, &st);
    r->lead = answer_strdup(a, mine->lead, &st);
    take_relation(a, r, mine, &st);
    if (new_story) {
        /* a story of its own, in the stored storyline its neighbourhood
         * storyline shares most stories with, else one of its own */
        target = a->n_stories++;
        answer_story *ns = &a->stories[target];
        const answer_story *ms = &small.stories[mine->story];
        ns->story = ms->story;
        ns->story.index = target;
        ns->story.title = answer_strdup(a, ms->story.title, &st);
        ns->story.first_date = answer_strdup(a, ms->story.first_date, &st);
        ns->story.last_date = answer_strdup(a, ms->story.last_date, &st);
        ns->story.n_articles = 0;
        for (size_t k = 0; k < ms->n_keywords; k++)
            ns->keywords[ns->n_keywords++] = answer_strdup(a, ms->keywords[k], &st);
        memset(of, 0, n + 1);
        for (size_t i = 0; i < n; i++)
            of[i] = small.results[i].storyline == mine->storyline;
        size_t line = most_common_story(a, near, n, of, 1, &count);
        ns->story.storyline = line != SIZE_MAX && whole_storyline(a, near, n, line) ? line : a->n_storylines++;
    }
    a->n_results++;
    *index = a->n_results - 1;
    a->results[*index].story = SIZE_MAX;
    if (st == NP_OK)
        st = move_to_story(a, *index, target);
    /* a stored story it joins spans its date too (dates are YYYY-MM-DD) */
    np_story *ts = &a->stories[target].story;
    if (st == NP_OK && r->date && (!ts->first_date || strcmp(r->date, ts->first_date) < 0))
        ts->first_date = r->date;
    if (st == NP_OK && r->date && (!ts->last_date || strcmp(r->date, ts->last_date) > 0))
        ts->last_date = r->date;
    for (size_t i = 0; st == NP_OK && fam && i < n; i++)
        if (answer_same_family(&small, n, i)) {
            take_relation(a, &a->results[near[i]], &small.results[i], &st);
            if (st == NP_OK)
                st = move_to_story(a, near[i], target);
        }
done:
    /* the id index, made before the new article came, is made again */
    np_free(NULL, a->by_id);
    a->by_id = NULL;
    answer_free(&small);
    np_free(NULL, of);
    return st;
}

/* The stored answer into out and the new article's verified links,
 * within the caller's read transaction. */
static np_status query_read(store *s, query *qy, answer *out, int64_t **seqs, query_link **links, size_t *n_links)
{
    np_status st = store_answer_read(s, out, seqs, 0);
    if (st == NP_OK)
        st = scan_prints(s, qy, *seqs, out->n_results);
    const uint32_t *cands;
    size_t n_cands = st == NP_OK ? query_candidates(qy, 0, &cands) : 0;
    print_set cp;
    memset(&cp, 0, sizeof cp);
    if (st == NP_OK)
        st = print_set_fetch(s, *seqs, cands, n_cands, &cp);
    if (st == NP_OK && (st = query_verify(qy, 0, cands, cp.prints, cp.sizes, n_cands, links, n_links)) != NP_OK)
        store_fail(s, st, "out of memory");
    print_set_free(&cp);
    return st;
}

np_status store_query(store *s, const np_article *extra, answer *out, size_t *index)
{
    if (!s->prints_current)
        return NP_DONE; /* fingerprints of another build: only a regroup reads them */
    char id[STORE_ID_ROOM];
    np_article renamed = *extra;
    const void *data;
    size_t size;
    query *qy = NULL;
    int64_t *seqs = NULL;
    query_link *links = NULL;
    size_t n_links = 0;
    np_engine *e = NULL;
    uint32_t *near = NULL, *position = NULL;
    uint8_t *pick = NULL;
    print_set np;
    memset(&np, 0, sizeof np);
    np_status st = store_exec(s, "BEGIN", "starting to read");
    if (st != NP_OK)
        return st;
    if ((st = store_unstored_id(s, extra->id, id)) != NP_OK)
        goto done;
    renamed.id = id;
    if ((st = store_make_print(s, &renamed, &data, &size)) != NP_OK)
        goto done;
    if ((st = query_new(&qy, &s->params, data, size)) != NP_OK) {
        store_fail(s, st, "out of memory");
        goto done;
    }
    if ((st = query_read(s, qy, out, &seqs, &links, &n_links)) != NP_OK)
        goto done;
    size_t n_results = out->n_results, n = 0, n_stored_stories = out->n_stories;
    pick = np_calloc(NULL, n_results + 1, 1);
    position = np_alloc_array(NULL, n_results + 1, sizeof *position);
    near = np_alloc_array(NULL, n_results + 1, sizeof *near);
    if (!pick || !position || !near) {
        st = store_fail(s, NP_ENOMEM, "out of memory");
        goto done;
    }
    story_span *spans = story_spans(out);
    if (!spans) {
        st = store_fail(s, NP_ENOMEM, "out of memory");
        goto done;
    }
    pick_around(out, spans, &s->params, renamed.date ? engine_day_of(renamed.date) : NO_DAY, pick);
    pick_linked(out, links, n_links, pick);
    np_free(NULL, spans);
    for (size_t i = 0; i < n_results; i++) {
        position[i] = pick[i] ? (uint32_t)n : UINT32_MAX;
        if (pick[i])
            near[n++] = (uint32_t)i;
    }
    if ((st = print_set_fetch(s, seqs, near, n, &np)) != NP_OK)
        goto done;
    size_t n_all = 0;
    copy_link *all = neighbourhood_links(out, near, n, position, links, n_links, &n_all);
    if (!all) {
        st = store_fail(s, NP_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = query_group(qy, np.prints, np.sizes, n, all, n_all, &e)) != NP_OK) {
        store_fail(s, st, "%s", e ? np_engine_errmsg(e) : "out of memory");
        goto done;
    }
    if ((st = map_answer(out, e, near, n, index)) != NP_OK)
        store_fail(s, st, "out of memory");
    /* the keywords of the stories an answer shows: its storyline's */
    size_t line = st == NP_OK ? out->results[*index].storyline : SIZE_MAX;
    for (size_t k = 0; st == NP_OK && k < out->n_stories; k++)
        if (out->stories[k].story.storyline == line && !out->stories[k].n_keywords && k < n_stored_stories)
            st = store_story_keywords(s, out, k);
done:
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    print_set_free(&np);
    np_engine_free(e);
    query_free(qy);
    np_free(NULL, seqs);
    np_free(NULL, links);
    np_free(NULL, pick);
    np_free(NULL, position);
    np_free(NULL, near);
    return st;
}
