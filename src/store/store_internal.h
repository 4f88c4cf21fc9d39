/*
 * store_internal: the store's state and the steps its files share:
 * store.c (opening, counting), store_add.c (adding articles),
 * store_schema.c (the schema, its migrations, the stored settings and
 * parameters) and store_group.c (grouping the stored articles again,
 * reading the answer, an article, a search and `similar` back).  Not part
 * of store.h.
 */
#ifndef NP_STORE_INTERNAL_H
#define NP_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>

#include "cluster/params.h"
#include "store/store.h"

enum { BATCH = 2000, ERRMSG = 512, PARAMS_TEXT = 4096 };

struct store {
    sqlite3 *db;
    char *path;               /* owned */
    np_params params;
    int in_batch;             /* a write transaction is open */
    size_t batch_count;
    int has_search;           /* the FTS5 table exists */
    int read_only;            /* on a read-only file system: opened read-only */
    int write_refused;        /* why this user cannot write the file (EROFS, EACCES), or 0 */
    int prints_current;       /* stored fingerprints were made by this build's code */
    np_fingerprinter *fp;     /* made when first needed */
    store_wait_note note;     /* told once when a wait for another writer passes a second */
    void *note_arg;
    int wait_ms;              /* how long a wait for another writer lasts at most */
    int waited_ms;            /* of the present wait for a lock, in the busy handler's steps */
    double wait_began;        /* np_seconds when the present wait began */
    double gave_up_after;     /* seconds the last wait lasted when it gave up */
    int gave_up;              /* the busy handler gave up a wait, not yet said */
    int met_writer;           /* a call failed on another program's lock (busy_fail) */
    int made;                 /* the file was missing when this handle opened it */
    int noted;
    sqlite3_stmt *find_id, *insert_article, *insert_fingerprint, *insert_search;
    char errmsg[ERRMSG];
};

/* Sets the store's message (printf's) and returns st. */
np_status store_fail(store *s, np_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* SQLite's last error, saying what was being done: a lock another program
 * holds in the user's words, with what to do. */
np_status store_db_fail(store *s, const char *doing);

/* Runs sql (no rows); a failure said as doing. */
np_status store_exec(store *s, const char *sql, const char *doing);

/* Prepares sql into *out; a failure said. */
np_status store_prepare(store *s, const char *sql, sqlite3_stmt **out);

/* The article's fingerprint, borrowed from the store's fingerprinter. */
np_status store_make_print(store *s, const np_article *a, const void **data, size_t *size);

/* A JSON array of strings, as text the caller frees with free(). */
char *store_json_strings(const char *const *items, size_t n);

/* Binds s, or NULL as SQL's NULL, to column col of q. */
void store_bind_text_or_null(sqlite3_stmt *q, int col, const char *s);

/* Binds an INSERT INTO links VALUES(9 values): article seq copies orig,
 * with r's relation and evidence. */
void store_bind_link(sqlite3_stmt *l, int64_t seq, int64_t orig, const np_result *r);

/* Binds an INSERT INTO stories VALUES(7 values): story number story, of
 * as (its storyline, title, dates, count, keywords as a JSON array).
 * returns: 0 when out of memory (nothing bound) */
int store_bind_story_row(sqlite3_stmt *k, size_t story, const answer_story *as);

/* store_answer's reading, within the caller's read transaction; *seqs
 * (owned by the caller, np_free, even on failure): each article's seq.
 * Without with_keywords the stories have none (parsing every story's
 * was a fifth of a query's instructions): store_story_keywords reads
 * those of one. */
np_status store_answer_read(store *s, answer *out, int64_t **seqs, int with_keywords);
np_status store_story_keywords(store *s, answer *out, size_t story);

/* An id for an article not stored that no stored one has, into id: its
 * own, else "ID (not stored)", "ID (not stored 2)", ...  Two articles of
 * one id in an answer would make copy_of ambiguous. */
enum { STORE_ID_ROOM = NP_MAX_ID_BYTES + 32 };
np_status store_unstored_id(store *s, const char *own, char id[STORE_ID_ROOM]);

#endif
