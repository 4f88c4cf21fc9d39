/*
 * store_group: the stored articles grouped again (their fingerprints into
 * an engine, its answer written back in one transaction), and what is read
 * back from a grouped database: the answer, one article, and the stories
 * an article not stored would join (`similar`).  store.c opens the
 * database and store_add.c adds the articles; store_search.c finds them by words.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/arena.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "store/store_internal.h"
#include "store/store_schema.h"
#include "print_id.h"

/* ------------------------------------------------------------------ */
/* Reading articles back as np_article for the engine. */

typedef struct loaded {
    np_article a;
    const char **paragraphs, **attribution;
    json_t *pjson, *ajson;
} loaded;

static const char *column_text(sqlite3_stmt *q, int col)
{
    return (const char *)sqlite3_column_text(q, col);
}

static const char **json_to_strings(json_t *arr, size_t *n)
{
    *n = json_is_array(arr) ? json_array_size(arr) : 0;
    const char **out = np_calloc(NULL, *n ? *n : 1, sizeof *out);
    for (size_t i = 0; out && i < *n; i++) {
        const char *v = json_string_value(json_array_get(arr, i));
        out[i] = v ? v : "";
    }
    return out;
}

static void loaded_free(loaded *l)
{
    np_free(NULL, (void *)l->paragraphs);
    np_free(NULL, (void *)l->attribution);
    json_decref(l->pjson);
    json_decref(l->ajson);
    memset(l, 0, sizeof *l);
}

/* Fills l from the current row of ARTICLE_COLUMNS; strings are borrowed
 * from the row until the next step. */
#define ARTICLE_COLUMNS "id, title, date, timestamp, month_day, source, url, lang, words, " \
                        "republished, removed_lines, attribution, paragraphs"
static np_status load_row(store *s, sqlite3_stmt *q, loaded *l)
{
    memset(l, 0, sizeof *l);
    np_article *a = &l->a;
    a->id = column_text(q, 0);
    a->title = column_text(q, 1);
    a->date = column_text(q, 2);
    a->timestamp = sqlite3_column_type(q, 3) == SQLITE_NULL ? NP_NO_TIME : sqlite3_column_int64(q, 3);
    a->month_day = sqlite3_column_int(q, 4);
    a->source = column_text(q, 5);
    a->url = column_text(q, 6);
    a->lang = column_text(q, 7);
    a->words = (size_t)sqlite3_column_int64(q, 8);
    a->republished = sqlite3_column_int(q, 9);
    a->removed_lines = (size_t)sqlite3_column_int64(q, 10);
    json_error_t err;
    l->ajson = json_loads(column_text(q, 11) ? column_text(q, 11) : "[]", 0, &err);
    l->pjson = json_loads(column_text(q, 12) ? column_text(q, 12) : "[]", 0, &err);
    if (!l->ajson || !l->pjson) {
        loaded_free(l);
        return store_fail(s, NP_EDB, "%s: article %s: stored body is not valid JSON (%s)", s->path,
                    a->id ? a->id : "?", err.text);
    }
    l->attribution = json_to_strings(l->ajson, &a->n_attribution);
    l->paragraphs = json_to_strings(l->pjson, &a->n_paragraphs);
    if (!l->attribution || !l->paragraphs) {
        loaded_free(l);
        return store_fail(s, NP_ENOMEM, "out of memory reading articles");
    }
    a->attribution = l->attribution;
    a->paragraphs = l->paragraphs;
    return NP_OK;
}

/* Makes again the fingerprints made by other code (or none), in batches,
 * within the caller's write transaction; then records that every stored
 * fingerprint is this build's. */
static np_status refresh_prints(store *s)
{
    if (s->prints_current)
        return NP_OK;
    np_status st = store_exec(s, "UPDATE fingerprints SET print = NULL", "clearing old fingerprints");
    sqlite3_stmt *q = NULL, *u = NULL;
    if (st == NP_OK)
        st = store_prepare(s, "SELECT " ARTICLE_COLUMNS ", a.seq FROM articles a JOIN fingerprints f ON f.seq = a.seq "
                        "WHERE f.print IS NULL ORDER BY a.seq LIMIT 1000", &q);
    if (st == NP_OK)
        st = store_prepare(s, "UPDATE fingerprints SET print = ? WHERE seq = ?", &u);
    /* A row that cannot be made stays NULL and is analysed at each
     * grouping; count rows made to stop when a batch makes none. */
    for (size_t made = 1; st == NP_OK && made;) {
        made = 0;
        int rc;
        int64_t seqs[1000];
        size_t n = 0;
        /* read a batch first, then write: no update under a running SELECT */
        buf prints;
        buf_init(&prints, NULL);
        size_t offsets[1001];
        while (st == NP_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
            loaded l;
            if ((st = load_row(s, q, &l)) != NP_OK)
                break;
            const void *data;
            size_t size;
            if (store_make_print(s, &l.a, &data, &size) == NP_OK) {
                offsets[n] = prints.len;
                seqs[n] = sqlite3_column_int64(q, 13);
                if (buf_append(&prints, data, size) != NP_OK)
                    st = store_fail(s, NP_ENOMEM, "out of memory");
                n++;
            }
            loaded_free(&l);
        }
        offsets[n] = prints.len;
        sqlite3_reset(q);
        for (size_t i = 0; st == NP_OK && i < n; i++) {
            sqlite3_bind_blob(u, 1, prints.data + offsets[i], (int)(offsets[i + 1] - offsets[i]), SQLITE_STATIC);
            sqlite3_bind_int64(u, 2, seqs[i]);
            if (sqlite3_step(u) != SQLITE_DONE)
                st = store_db_fail(s, "storing a fingerprint");
            sqlite3_reset(u);
            made++;
        }
        buf_free(&prints);
    }
    sqlite3_finalize(q);
    sqlite3_finalize(u);
    if (st == NP_OK && (st = store_meta_set(s, "print_id", NP_PRINT_ID)) == NP_OK)
        s->prints_current = 1;
    return st;
}

/* Every stored article into a new engine, in the order they were added:
 * its stored fingerprint when this build made it, else analysed from the
 * stored body. */
static np_status engine_of_store(store *s, np_engine **out, int64_t *last_seq)
{
    np_status st = np_engine_new(out, &s->params, NULL);
    if (st != NP_OK)
        return store_fail(s, st, "out of memory");
    sqlite3_stmt *q;
    if ((st = store_prepare(s, "SELECT " ARTICLE_COLUMNS ", a.seq, f.print FROM articles a "
                         "LEFT JOIN fingerprints f ON f.seq = a.seq ORDER BY a.seq", &q)) != NP_OK)
        return st;
    int rc = SQLITE_DONE;
    *last_seq = 0;
    while (st == NP_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const void *print = sqlite3_column_blob(q, 14);
        int size = sqlite3_column_bytes(q, 14);
        if (s->prints_current && print && size > 0) {
            if ((st = np_engine_add_fingerprint(*out, print, (size_t)size)) != NP_OK)
                store_fail(s, st, "%s: article %s: %s", s->path, column_text(q, 0), np_engine_errmsg(*out));
        } else {
            loaded l;
            if ((st = load_row(s, q, &l)) != NP_OK)
                break;
            if ((st = np_engine_add(*out, &l.a)) != NP_OK)
                store_fail(s, st, "%s", np_engine_errmsg(*out));
            loaded_free(&l);
        }
        *last_seq = sqlite3_column_int64(q, 13);
    }
    if (st == NP_OK && rc != SQLITE_DONE)
        st = store_db_fail(s, "reading articles");
    sqlite3_finalize(q);
    return st;
}

/* ------------------------------------------------------------------ */
/* Writing and reading the answer. */

/* Each article's story, storyline and relation, by its seq. */
static np_status write_grouping(store *s, const answer *ans, const int64_t *seq)
{
    sqlite3_stmt *g = NULL;
    np_status st = store_prepare(s, "INSERT INTO grouping VALUES(?, ?, ?, ?)", &g);
    for (size_t i = 0; st == NP_OK && i < ans->n_results; i++) {
        const np_result *r = &ans->results[i];
        sqlite3_bind_int64(g, 1, seq[i]);
        sqlite3_bind_int64(g, 2, (sqlite3_int64)r->story);
        sqlite3_bind_int64(g, 3, (sqlite3_int64)r->storyline);
        sqlite3_bind_text(g, 4, r->relation, -1, SQLITE_STATIC);
        if (sqlite3_step(g) != SQLITE_DONE)
            st = store_db_fail(s, "storing the answer");
        sqlite3_reset(g);
    }
    sqlite3_finalize(g);
    return st;
}

void store_bind_link(sqlite3_stmt *l, int64_t seq, int64_t orig, const np_result *r)
{
    sqlite3_bind_int64(l, 1, seq);
    sqlite3_bind_int64(l, 2, orig);
    sqlite3_bind_text(l, 3, r->relation, -1, SQLITE_STATIC);
    sqlite3_bind_double(l, 4, r->score);
    sqlite3_bind_double(l, 5, r->jaccard);
    sqlite3_bind_double(l, 6, r->containment);
    sqlite3_bind_double(l, 7, r->aligned);
    sqlite3_bind_double(l, 8, r->ordered);
    sqlite3_bind_int64(l, 9, (sqlite3_int64)r->shared_sentences);
}

/* The copy links, and each family's original: a copy names its original
 * by id, found by a temporary id index. */
static np_status write_copies(store *s, const answer *ans, const int64_t *seq)
{
    sqlite3_stmt *l = NULL, *f = NULL, *find = NULL;
    np_status st = store_prepare(s, "INSERT INTO links VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)", &l);
    if (st == NP_OK)
        st = store_prepare(s, "INSERT OR REPLACE INTO families VALUES(?, ?)", &f);
    if (st == NP_OK)
        st = store_exec(s, "CREATE TEMP TABLE IF NOT EXISTS ids(id TEXT PRIMARY KEY, seq INTEGER);"
                     "DELETE FROM temp.ids;"
                     "INSERT INTO temp.ids SELECT id, seq FROM articles;", "indexing ids");
    if (st == NP_OK)
        st = store_prepare(s, "SELECT seq FROM temp.ids WHERE id = ?", &find);
    for (size_t i = 0; st == NP_OK && i < ans->n_results; i++) {
        const np_result *r = &ans->results[i];
        if (!r->copy_of) {
            if (strcmp(r->relation, "original") == 0) {
                sqlite3_bind_int64(f, 1, seq[i]);
                sqlite3_bind_int64(f, 2, seq[i]);
                if (sqlite3_step(f) != SQLITE_DONE)
                    st = store_db_fail(s, "storing a family");
                sqlite3_reset(f);
            }
            continue;
        }
        sqlite3_bind_text(find, 1, r->copy_of, -1, SQLITE_STATIC);
        int64_t orig = sqlite3_step(find) == SQLITE_ROW ? sqlite3_column_int64(find, 0) : -1;
        sqlite3_reset(find);
        if (orig < 0) {
            st = store_fail(s, NP_EDB, "%s: the original %s of %s is not stored", s->path, r->copy_of, r->id);
            break;
        }
        store_bind_link(l, seq[i], orig, r);
        sqlite3_bind_int64(f, 1, seq[i]);
        sqlite3_bind_int64(f, 2, orig);
        if (sqlite3_step(l) != SQLITE_DONE || sqlite3_step(f) != SQLITE_DONE)
            st = store_db_fail(s, "storing a copy link");
        sqlite3_reset(l);
        sqlite3_reset(f);
    }
    sqlite3_finalize(find);
    sqlite3_finalize(l);
    sqlite3_finalize(f);
    return st;
}

int store_bind_story_row(sqlite3_stmt *k, size_t story, const answer_story *as)
{
    char *keywords = store_json_strings(as->keywords, as->n_keywords);
    if (!keywords)
        return 0;
    sqlite3_bind_int64(k, 1, (sqlite3_int64)story);
    sqlite3_bind_int64(k, 2, (sqlite3_int64)as->story.storyline);
    store_bind_text_or_null(k, 3, as->story.title);
    store_bind_text_or_null(k, 4, as->story.first_date);
    store_bind_text_or_null(k, 5, as->story.last_date);
    sqlite3_bind_int64(k, 6, (sqlite3_int64)as->story.n_articles);
    sqlite3_bind_text(k, 7, keywords, -1, free);
    return 1;
}

/* The stories with their keywords and articles, and the storylines with
 * their counts of stories. */
static np_status write_stories(store *s, const answer *ans, const int64_t *seq)
{
    sqlite3_stmt *k = NULL, *m = NULL, *sl = NULL;
    np_status st = store_prepare(s, "INSERT INTO stories VALUES(?, ?, ?, ?, ?, ?, ?)", &k);
    if (st == NP_OK)
        st = store_prepare(s, "INSERT INTO story_articles VALUES(?, ?, ?)", &m);
    if (st == NP_OK)
        st = store_prepare(s, "INSERT INTO storylines VALUES(?, ?)", &sl);
    size_t *per_line = np_calloc(NULL, ans->n_storylines ? ans->n_storylines : 1, sizeof *per_line);
    if (st == NP_OK && !per_line)
        st = store_fail(s, NP_ENOMEM, "out of memory");
    for (size_t i = 0; st == NP_OK && i < ans->n_stories; i++) {
        const answer_story *as = &ans->stories[i];
        if (!store_bind_story_row(k, i, as)) {
            st = store_fail(s, NP_ENOMEM, "out of memory");
            break;
        }
        if (as->story.storyline < ans->n_storylines)
            per_line[as->story.storyline]++;
        if (sqlite3_step(k) != SQLITE_DONE)
            st = store_db_fail(s, "storing a story");
        sqlite3_reset(k);
        for (size_t j = 0; st == NP_OK && j < as->story.n_articles; j++) {
            sqlite3_bind_int64(m, 1, (sqlite3_int64)i);
            sqlite3_bind_int64(m, 2, (sqlite3_int64)j);
            sqlite3_bind_int64(m, 3, seq[as->members[j]]);
            if (sqlite3_step(m) != SQLITE_DONE)
                st = store_db_fail(s, "storing a story's articles");
            sqlite3_reset(m);
        }
    }
    for (size_t i = 0; st == NP_OK && i < ans->n_storylines; i++) {
        sqlite3_bind_int64(sl, 1, (sqlite3_int64)i);
        sqlite3_bind_int64(sl, 2, (sqlite3_int64)per_line[i]);
        if (sqlite3_step(sl) != SQLITE_DONE)
            st = store_db_fail(s, "storing a storyline");
        sqlite3_reset(sl);
    }
    np_free(NULL, per_line);
    sqlite3_finalize(k);
    sqlite3_finalize(m);
    sqlite3_finalize(sl);
    return st;
}

static np_status write_answer(store *s, const answer *ans)
{
    static const char *const clear =
        "DELETE FROM grouping; DELETE FROM links; DELETE FROM families; DELETE FROM stories;"
        "DELETE FROM story_articles; DELETE FROM storylines;";
    np_status st = store_exec(s, clear, "clearing the old answer");
    sqlite3_stmt *seqs = NULL;
    int64_t *seq = NULL;
    if (st == NP_OK)
        st = store_prepare(s, "SELECT seq FROM articles ORDER BY seq", &seqs);
    if (st == NP_OK && !(seq = np_calloc(NULL, ans->n_results ? ans->n_results : 1, sizeof *seq)))
        st = store_fail(s, NP_ENOMEM, "out of memory");
    /* The answer's article i is the i-th stored article. */
    for (size_t i = 0; st == NP_OK && i < ans->n_results; i++) {
        if (sqlite3_step(seqs) != SQLITE_ROW)
            st = store_fail(s, NP_EDB, "%s: articles changed while grouping", s->path);
        else
            seq[i] = sqlite3_column_int64(seqs, 0);
    }
    sqlite3_finalize(seqs);
    if (st == NP_OK)
        st = write_grouping(s, ans, seq);
    if (st == NP_OK)
        st = write_copies(s, ans, seq);
    if (st == NP_OK)
        st = write_stories(s, ans, seq);
    np_free(NULL, seq);
    return st;
}

/* The engine's stages said as the store's progress ("stories and
 * storylines: first pass, 40%"), as cluster names them: an add of
 * 200,000 articles said "finding copies and stories" alone for minutes. */
typedef struct stage_note {
    store_progress_fn progress;
    void *arg;
} stage_note;

static void note_stage(void *arg, np_stage stage, const char *step)
{
    const stage_note *note = arg;
    char text[160];
    snprintf(text, sizeof text, "%s%s%s", np_stage_name(stage), step ? ": " : "",
             step ? step : "");
    note->progress(text, note->arg);
}

np_status store_regroup(store *s, store_progress_fn progress, void *arg)
{
    np_status st = store_flush(s);
    if (st != NP_OK)
        return st;
    /* Hold the write lock from reading the articles to storing the answer,
     * so the answer covers exactly the stored articles. */
    if ((st = store_exec(s, "BEGIN IMMEDIATE", "starting to group")) != NP_OK)
        return st;
    np_engine *engine = NULL;
    int64_t last = 0, generation = 0;
    answer ans;
    answer_init(&ans);
    if (!s->prints_current && progress)
        progress("fingerprinting stored articles made by another version", arg);
    st = refresh_prints(s);
    if (st == NP_OK && progress)
        progress("reading stored articles", arg);
    if (st == NP_OK)
        st = engine_of_store(s, &engine, &last);
    if (st == NP_OK) {
        stage_note note = { progress, arg };
        if (progress) {
            progress("finding copies and stories", arg);
            st = np_engine_on_stage(engine, note_stage, &note);
        }
        if (st == NP_OK && (st = np_engine_run(engine)) != NP_OK)
            store_fail(s, st, "%s", np_engine_errmsg(engine));
    }
    if (st == NP_OK && (st = answer_from_engine(&ans, engine)) != NP_OK)
        store_fail(s, st, "out of memory");
    if (st == NP_OK) {
        if (progress)
            progress("storing the answer", arg);
        st = write_answer(s, &ans);
    }
    if (st == NP_OK && (st = store_meta_get_int(s, "generation", &generation)) == NP_OK &&
        (st = store_meta_set_int(s, "generation", generation + 1)) == NP_OK &&
        (st = store_meta_set_int(s, "incremental", 0)) == NP_OK)
        st = store_meta_set_int(s, "grouped", last);
    if (st == NP_OK)
        st = store_exec(s, "COMMIT", "committing the answer");
    if (st != NP_OK)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    answer_free(&ans);
    np_engine_free(engine);
    return st;
}

/* An untitled article's lead as the engine keeps it (np_result.lead): of
 * its first paragraph, NP_LEAD_BYTES at most.  returns: owned by the answer */
static const char *lead_dup(answer *a, const char *first, np_status *st)
{
    if (!first || !*first)
        return NULL;
    size_t len = utf8_prefix(first, strlen(first), NP_LEAD_BYTES);
    char *copy = arena_strndup(&a->strings, first, len);
    if (!copy)
        *st = NP_ENOMEM;
    return copy;
}

/* The answer's articles, in the order they were added, into out; *seqs_out
 * (owned by the caller, np_free): the seq of each, to resolve story
 * members. */
static np_status read_results(store *s, answer *out, size_t n_results, int64_t **seqs_out)
{
    sqlite3_stmt *q = NULL;
    np_status st = store_prepare(s, "SELECT a.seq, a.id, a.title, a.date, a.source, a.lang, a.words, g.story, "
                                 "g.storyline, g.relation, o.id, l.score, l.jaccard, l.containment, "
                                 "l.aligned, l.in_order, l.shared_sentences, "
                                 "CASE WHEN a.title IS NULL THEN json_extract(a.paragraphs, '$[0]') END "
                                 "FROM grouping g JOIN articles a ON a.seq = g.seq "
                                 "LEFT JOIN links l ON l.seq = g.seq LEFT JOIN articles o ON o.seq = l.copy_of "
                                 "ORDER BY g.seq", &q);
    int64_t *seqs = st == NP_OK ? np_calloc(NULL, n_results ? n_results : 1, sizeof *seqs) : NULL;
    if (st == NP_OK && !seqs)
        st = store_fail(s, NP_ENOMEM, "out of memory");
    for (size_t i = 0; st == NP_OK && i < n_results; i++) {
        if (sqlite3_step(q) != SQLITE_ROW) {
            st = store_db_fail(s, "reading the answer");
            break;
        }
        np_result *r = &out->results[i];
        seqs[i] = sqlite3_column_int64(q, 0);
        r->id = answer_strdup(out, column_text(q, 1), &st);
        r->title = answer_strdup(out, column_text(q, 2), &st);
        r->date = answer_strdup(out, column_text(q, 3), &st);
        r->source = answer_strdup(out, column_text(q, 4), &st);
        r->lang = answer_strdup(out, column_text(q, 5), &st);
        r->words = (size_t)sqlite3_column_int64(q, 6);
        r->story = (size_t)sqlite3_column_int64(q, 7);
        r->storyline = (size_t)sqlite3_column_int64(q, 8);
        r->relation = answer_strdup(out, column_text(q, 9), &st);
        r->copy_of = answer_strdup(out, column_text(q, 10), &st);
        r->score = sqlite3_column_type(q, 11) == SQLITE_NULL ? -1 : sqlite3_column_double(q, 11);
        r->jaccard = sqlite3_column_double(q, 12);
        r->containment = sqlite3_column_double(q, 13);
        r->aligned = sqlite3_column_double(q, 14);
        r->ordered = sqlite3_column_double(q, 15);
        r->shared_sentences = (size_t)sqlite3_column_int64(q, 16);
        r->lead = lead_dup(out, column_text(q, 17), &st);
        if (st != NP_OK)
            store_fail(s, st, "out of memory");
    }
    sqlite3_finalize(q);
    *seqs_out = seqs;
    return st;
}

/* Story i's keywords (a JSON array's text, or NULL) into out. */
static np_status put_keywords(answer *out, size_t i, const char *text)
{
    np_status st = NP_OK;
    answer_story *as = &out->stories[i];
    json_error_t err;
    json_t *kw = json_loads(text ? text : "[]", 0, &err);
    as->n_keywords = 0;
    for (size_t k = 0; st == NP_OK && k < json_array_size(kw) && k < ANSWER_KEYWORDS; k++)
        as->keywords[as->n_keywords++] = answer_strdup(out, json_string_value(json_array_get(kw, k)), &st);
    json_decref(kw);
    return st;
}

np_status store_story_keywords(store *s, answer *out, size_t story)
{
    sqlite3_stmt *q = NULL;
    np_status st = store_prepare(s, "SELECT keywords FROM stories WHERE story = ?", &q);
    if (st != NP_OK)
        return st;
    sqlite3_bind_int64(q, 1, (sqlite3_int64)story);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && (st = put_keywords(out, story, column_text(q, 0))) != NP_OK)
        store_fail(s, st, "out of memory");
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        st = store_db_fail(s, "reading a story's keywords");
    sqlite3_finalize(q);
    return st;
}

/* The stories, numbered 0..n_stories-1, into out, with room for their
 * members; their keywords when with_keywords. */
static np_status read_stories(store *s, answer *out, size_t n_stories, int with_keywords)
{
    sqlite3_stmt *q = NULL;
    np_status st = store_prepare(s, "SELECT story, storyline, title, first_date, last_date, n_articles, keywords "
                                 "FROM stories ORDER BY story", &q);
    for (size_t i = 0; st == NP_OK && i < n_stories; i++) {
        if (sqlite3_step(q) != SQLITE_ROW || (size_t)sqlite3_column_int64(q, 0) != i) {
            st = store_fail(s, NP_EDB, "%s: the stored stories are not numbered 0..%zu", s->path, n_stories);
            break;
        }
        answer_story *as = &out->stories[i];
        as->story.index = i;
        as->story.storyline = (size_t)sqlite3_column_int64(q, 1);
        as->story.title = answer_strdup(out, column_text(q, 2), &st);
        as->story.first_date = answer_strdup(out, column_text(q, 3), &st);
        as->story.last_date = answer_strdup(out, column_text(q, 4), &st);
        size_t n = (size_t)sqlite3_column_int64(q, 5);
        if (st == NP_OK && with_keywords)
            st = put_keywords(out, i, column_text(q, 6));
        if (st == NP_OK && (st = answer_set_members(out, i, n)) != NP_OK)
            store_fail(s, st, "out of memory");
    }
    sqlite3_finalize(q);
    return st;
}

/* Each story's members: story_articles hold seqs; each is mapped to its
 * answer index (seqs is sorted, so a binary search). */
static np_status read_members(store *s, answer *out, const int64_t *seqs, size_t n_results, size_t n_stories)
{
    sqlite3_stmt *q = NULL;
    np_status st = store_prepare(s, "SELECT story, pos, seq FROM story_articles", &q);
    int rc = SQLITE_DONE;
    while (st == NP_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        size_t story = (size_t)sqlite3_column_int64(q, 0), pos = (size_t)sqlite3_column_int64(q, 1);
        int64_t seq = sqlite3_column_int64(q, 2);
        size_t lo = 0, hi = n_results;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (seqs[mid] < seq)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (story >= n_stories || pos >= out->stories[story].story.n_articles || lo >= n_results ||
            seqs[lo] != seq)
            st = store_fail(s, NP_EDB, "%s: a story names an article that is not in the answer", s->path);
        else
            out->stories[story].members[pos] = lo;
    }
    if (st == NP_OK && rc != SQLITE_DONE)
        st = store_db_fail(s, "reading story members");
    sqlite3_finalize(q);
    return st;
}

np_status store_answer_read(store *s, answer *out, int64_t **seqs_out, int with_keywords)
{
    sqlite3_stmt *q = NULL;
    size_t n_results = 0, n_stories = 0, n_lines = 0;
    np_status st;
    *seqs_out = NULL;
    if ((st = store_prepare(s, "SELECT (SELECT count(*) FROM grouping), (SELECT count(*) FROM stories), "
                         "(SELECT count(*) FROM storylines)", &q)) == NP_OK) {
        if (sqlite3_step(q) == SQLITE_ROW) {
            n_results = (size_t)sqlite3_column_int64(q, 0);
            n_stories = (size_t)sqlite3_column_int64(q, 1);
            n_lines = (size_t)sqlite3_column_int64(q, 2);
        } else {
            st = store_db_fail(s, "counting the answer");
        }
        sqlite3_finalize(q);
        q = NULL;
    }
    if (st == NP_OK && (st = answer_alloc(out, n_results, n_stories)) != NP_OK)
        store_fail(s, st, "out of memory");
    out->n_storylines = n_lines;
    int64_t *seqs = NULL;
    if (st == NP_OK)
        st = read_results(s, out, n_results, &seqs);
    if (st == NP_OK)
        st = read_stories(s, out, n_stories, with_keywords);
    if (st == NP_OK)
        st = read_members(s, out, seqs, n_results, n_stories);
    *seqs_out = seqs;
    return st;
}

np_status store_answer(store *s, answer *out)
{
    /* One read transaction: a consistent snapshot while an add writes. */
    np_status st = store_exec(s, "BEGIN", "starting to read");
    if (st != NP_OK)
        return st;
    int64_t *seqs = NULL;
    st = store_answer_read(s, out, &seqs, 1);
    np_free(NULL, seqs);
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    return st;
}

/* ------------------------------------------------------------------ */

np_status store_article(store *s, const char *id, stored_article *out)
{
    memset(out, 0, sizeof *out);
    arena_init(&out->mem, NULL, 16 * 1024);
    sqlite3_stmt *q;
    np_status st = store_prepare(s, "SELECT id, title, date, source, url, lang, added, words, paragraphs "
                              "FROM articles WHERE id = ?", &q);
    if (st != NP_OK)
        return st;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(q);
        return NP_DONE;
    }
    if (rc != SQLITE_ROW) {
        st = store_db_fail(s, "reading an article");
        sqlite3_finalize(q);
        return st;
    }
    char **fields[] = { &out->id, &out->title, &out->date, &out->source, &out->url, &out->lang, &out->added };
    for (int i = 0; i < 7 && st == NP_OK; i++) {
        const char *v = column_text(q, i);
        if (v && !(*fields[i] = arena_strndup(&out->mem, v, strlen(v))))
            st = store_fail(s, NP_ENOMEM, "out of memory");
    }
    out->words = (size_t)sqlite3_column_int64(q, 7);
    json_error_t err;
    json_t *p = json_loads(column_text(q, 8) ? column_text(q, 8) : "[]", 0, &err);
    size_t n = json_array_size(p);
    out->paragraphs = st == NP_OK ? arena_alloc(&out->mem, (n ? n : 1) * sizeof *out->paragraphs) : NULL;
    if (st == NP_OK && !out->paragraphs)
        st = store_fail(s, NP_ENOMEM, "out of memory");
    for (size_t i = 0; st == NP_OK && i < n; i++) {
        const char *v = json_string_value(json_array_get(p, i));
        v = v ? v : "";
        if (!(out->paragraphs[i] = arena_strndup(&out->mem, v, strlen(v))))
            st = store_fail(s, NP_ENOMEM, "out of memory");
        out->n_paragraphs = i + 1;
    }
    json_decref(p);
    sqlite3_finalize(q);
    return st;
}

void stored_article_free(stored_article *a)
{
    arena_free(&a->mem);
    memset(a, 0, sizeof *a);
}

/* Whether an article of this id is stored, into *found. */
static np_status id_is_stored(store *s, const char *id, int *found)
{
    sqlite3_stmt *q;
    np_status st = store_prepare(s, "SELECT 1 FROM articles WHERE id = ?", &q);
    if (st != NP_OK)
        return st;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    *found = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? NP_OK : store_db_fail(s, "looking up an article id");
}

/* store_internal.h says why. */
np_status store_unstored_id(store *s, const char *own, char id[STORE_ID_ROOM])
{
    int found = 1;
    snprintf(id, STORE_ID_ROOM, "%s", own);
    np_status st = id_is_stored(s, id, &found);
    for (unsigned n = 1; st == NP_OK && found; n++) {
        if (n == 1)
            snprintf(id, STORE_ID_ROOM, "%s (not stored)", own);
        else
            snprintf(id, STORE_ID_ROOM, "%s (not stored %u)", own, n);
        st = id_is_stored(s, id, &found);
    }
    return st;
}

np_status store_similar(store *s, const np_article *extra, answer *out, size_t *index, np_engine **engine)
{
    int64_t last = 0;
    char id[STORE_ID_ROOM];
    np_article renamed = *extra;
    np_status st = store_exec(s, "BEGIN", "starting to read");
    if (st != NP_OK)
        return st;
    st = engine_of_store(s, engine, &last);
    if (st == NP_OK)
        st = store_unstored_id(s, extra->id, id);
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (st != NP_OK)
        return st;
    renamed.id = id;
    *index = np_engine_count(*engine);
    if ((st = np_engine_add(*engine, &renamed)) != NP_OK ||
        (st = np_engine_mark_latest(*engine, *index)) != NP_OK || (st = np_engine_run(*engine)) != NP_OK)
        return store_fail(s, st, "%s", np_engine_errmsg(*engine));
    if ((st = answer_from_engine(out, *engine)) != NP_OK)
        return store_fail(s, st, "out of memory");
    return NP_OK;
}
