/*
 * store_add: adding articles to a store, in batches of BATCH committed
 * together: each article's row (metadata, attribution and paragraphs as
 * JSON), its fingerprint (the exact-text hash of its body and, when the
 * stored ones are this build's, the fingerprint blob) and its row of the
 * search index; an id already stored is skipped.  store.c opens the
 * database.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "common/buf.h"
#include "store/store.h"
#include "store/store_internal.h"

static void utc_now(char *out, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The exact-text fingerprint: 64-bit hash of the paragraphs, one newline
 * between each (as a signed integer, SQLite's type). */
static int64_t body_hash(const np_article *a, buf *body)
{
    buf_clear(body);
    for (size_t i = 0; i < a->n_paragraphs; i++) {
        if (i)
            buf_putc(body, '\n');
        buf_puts(body, a->paragraphs[i]);
    }
    return (int64_t)XXH3_64bits(body->data ? body->data : "", body->len);
}

/* The article's fingerprint, borrowed from the store's fingerprinter. */
np_status store_make_print(store *s, const np_article *a, const void **data, size_t *size)
{
    if (!s->fp && np_fingerprinter_new(&s->fp, NULL) != NP_OK)
        return store_fail(s, NP_ENOMEM, "out of memory");
    np_status st = np_fingerprint(s->fp, a, data, size);
    if (st != NP_OK)
        return store_fail(s, st, "article %s: %s", a->id, np_fingerprinter_errmsg(s->fp));
    return NP_OK;
}

np_status store_add(store *s, const np_article *a, int *added)
{
    return store_add_print(s, a, NULL, 0, added);
}

/* The article's row (its metadata, attribution and paragraphs), its seq
 * into *seq. */
static np_status insert_article(store *s, const np_article *a, int64_t *seq)
{
    char *attribution = store_json_strings(a->attribution, a->n_attribution);
    char *paragraphs = store_json_strings(a->paragraphs, a->n_paragraphs);
    char now[32];
    utc_now(now, sizeof now);
    if (!attribution || !paragraphs) {
        free(attribution);
        free(paragraphs);
        return store_fail(s, NP_ENOMEM, "out of memory storing article %s", a->id);
    }
    sqlite3_stmt *q = s->insert_article;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, a->id, -1, SQLITE_STATIC);
    store_bind_text_or_null(q, 2, a->title);
    store_bind_text_or_null(q, 3, a->date);
    if (a->timestamp == NP_NO_TIME)
        sqlite3_bind_null(q, 4);
    else
        sqlite3_bind_int64(q, 4, a->timestamp);
    sqlite3_bind_int(q, 5, a->month_day);
    store_bind_text_or_null(q, 6, a->source);
    store_bind_text_or_null(q, 7, a->url);
    store_bind_text_or_null(q, 8, a->lang);
    sqlite3_bind_int64(q, 9, (sqlite3_int64)a->words);
    sqlite3_bind_int(q, 10, a->republished);
    sqlite3_bind_int64(q, 11, (sqlite3_int64)a->removed_lines);
    sqlite3_bind_text(q, 12, attribution, -1, free);
    sqlite3_bind_text(q, 13, paragraphs, -1, free);
    sqlite3_bind_text(q, 14, now, -1, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE) {
        sqlite3_reset(q);
        return store_db_fail(s, "storing an article");
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    *seq = sqlite3_last_insert_rowid(s->db);
    return NP_OK;
}

np_status store_add_print(store *s, const np_article *a, const void *given, size_t given_size, int *added)
{
    *added = 0;
    if (!s->insert_article)
        return store_fail(s, NP_EPARAM, "%s: opened for reading only", s->path);
    np_status st;
    if (!s->in_batch) {
        if ((st = store_exec(s, "BEGIN IMMEDIATE", "starting to add")) != NP_OK)
            return st;
        s->in_batch = 1;
        s->batch_count = 0;
    }
    sqlite3_reset(s->find_id);
    sqlite3_bind_text(s->find_id, 1, a->id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s->find_id);
    sqlite3_reset(s->find_id);
    if (rc == SQLITE_ROW)
        return NP_OK;
    if (rc != SQLITE_DONE)
        return store_db_fail(s, "looking up an article id");
    int64_t seq = 0;
    if ((st = insert_article(s, a, &seq)) != NP_OK)
        return st;
    buf body;
    buf_init(&body, NULL);
    int64_t hash = body_hash(a, &body);
    const void *print = NULL;
    size_t print_size = 0;
    if (given) {
        print = given;
        print_size = given_size;
    } else if (s->prints_current && (st = store_make_print(s, a, &print, &print_size)) != NP_OK) {
        buf_free(&body);
        return st;
    }
    sqlite3_stmt *q = s->insert_fingerprint;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, seq);
    sqlite3_bind_int64(q, 2, hash);
    /* made by this build: valid only if the stored ones are too (else the
     * next grouping makes every one again) */
    if (s->prints_current)
        sqlite3_bind_blob(q, 3, print, (int)print_size, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, 3);
    st = sqlite3_step(q) == SQLITE_DONE ? NP_OK : store_db_fail(s, "storing a fingerprint");
    sqlite3_reset(q);
    if (st == NP_OK && s->insert_search) {
        q = s->insert_search;
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, seq);
        store_bind_text_or_null(q, 2, a->title);
        sqlite3_bind_text(q, 3, body.data ? body.data : "", (int)body.len, SQLITE_STATIC);
        st = sqlite3_step(q) == SQLITE_DONE ? NP_OK : store_db_fail(s, "indexing an article for search");
        sqlite3_reset(q);
        sqlite3_clear_bindings(q);
    }
    buf_free(&body);
    if (st != NP_OK)
        return st;
    *added = 1;
    if (++s->batch_count >= BATCH)
        return store_flush(s);
    return NP_OK;
}

int store_add_commits(const store *s)
{
    return s->in_batch ? s->batch_count + 1 >= BATCH : BATCH <= 1;
}

np_status store_flush(store *s)
{
    if (!s->in_batch)
        return NP_OK;
    s->in_batch = 0;
    return store_exec(s, "COMMIT", "committing added articles");
}

void store_abort(store *s)
{
    if (s->in_batch)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_batch = 0;
}
