/*
 * store: a newsprint database in one SQLite file (WAL mode).
 *
 * Holds the cleaned articles in the order they were added (the body as
 * paragraphs, so clustering them again needs no cleaning), each article's
 * fingerprint (np_fingerprint: what the engine keeps of it, so grouping
 * again needs no analysis either; made again when the code that makes them
 * changed), and the answer of the last grouping: copy links with their
 * evidence, families and originals, stories and storylines.  The parameters
 * the data was grouped with are stored too; opening for writing with other
 * parameters is refused.
 *
 * New articles are committed in batches (an interrupted add keeps every
 * committed batch), then store_regroup runs the engine over every stored
 * article and replaces the answer in one transaction, so readers always
 * see a complete answer and k adds give the same answer as one `cluster`
 * run over the same articles in the same order.  Regrouping reads every
 * stored fingerprint and writes the whole answer.  store_regroup_incremental
 * answers the new articles against the stored answer instead, writing only
 * what changed (an add of a small batch); the database then says how many
 * articles were answered so since the last full grouping.
 *
 * A store handle owns its SQLite connection; one handle is used by one
 * thread at a time.  Any number of processes may read while one writes.
 */
#ifndef NP_STORE_H
#define NP_STORE_H

#include <stdint.h>

#include "newsprint.h"
#include "cluster/answer.h"

enum { STORE_SCHEMA_VERSION = 2 };

typedef struct store store;

typedef enum store_mode {
    STORE_READ,        /* the file must exist and be a newsprint database */
    STORE_WRITE        /* created when missing */
} store_mode;

/* Opens path.  params: the parameters an add will group with (NULL: the
 * defaults for a new database, else the stored ones); a database grouped
 * with other parameters is refused (NP_EPARAM) in STORE_WRITE mode.
 * returns: *out owned by the caller even on failure (read store_errmsg,
 * then store_close), or NULL when out of memory. */
np_status store_open(store **out, const char *path, store_mode mode, const np_params *params);
/* How long a writer (an add, a POST of serve) waits for another to finish
 * by default, and at most (add --wait, serve --wait). */
enum { STORE_WAIT_SECONDS = 30, STORE_WAIT_MAX_SECONDS = 86400 };
/* A writer waiting for another's lock: called once a store, when a wait
 * passes a second, with the database's path and the seconds it waits at
 * most. */
typedef void (*store_wait_note)(const char *path, int most_seconds, void *arg);
/* store_open, waiting wait_seconds at most (0: not at all) for another
 * writer's lock (store_open: STORE_WAIT_SECONDS), and telling note (when
 * not NULL) of a wait that passes a second. */
np_status store_open_noting(store **out, const char *path, store_mode mode, const np_params *params,
                            unsigned wait_seconds, store_wait_note note, void *note_arg);
const char *store_errmsg(const store *s);
/* 1 when the database is on a read-only file system: it is read as it is
 * (STORE_READ), and STORE_WRITE is refused. */
int store_read_only(const store *s);
/* Why this user cannot write the database file: EROFS (store_read_only),
 * EACCES (its permissions: STORE_WRITE is refused, STORE_READ reads it),
 * or 0 when it can. */
int store_write_refused(const store *s);
/* The parameters of the database (the ones given at open for a new one). */
const np_params *store_params(const store *s);
void store_close(store *s);
/* For an add that stored nothing: a database this handle made (the file
 * was missing at open) that holds no article is closed and removed, its
 * uncommitted batch dropped, unless another program has it open (an add
 * making the same database).  returns: 1 when removed (s is then only for
 * store_close), else 0 with s as it was (its connection closed when it
 * was kept for another program: store_counts fails) */
int store_remove_unused(store *s);

/* Adds one cleaned article.  returns NP_OK with *added 0 when an article
 * with this id is already stored (nothing changes).  Articles are
 * committed every few thousand and by store_flush. */
np_status store_add(store *s, const np_article *article, int *added);
/* The same with the article's fingerprint already made (np_fingerprint by
 * this build: fingerprints can be made on other threads). */
np_status store_add_print(store *s, const np_article *article, const void *print, size_t size, int *added);
np_status store_flush(store *s);
/* 1 when the next article store_add adds commits its batch (the articles
 * before it then on disk). */
int store_add_commits(const store *s);
/* Drops the articles added since the last commit (after a failure). */
void store_abort(store *s);

/* Articles stored, how many of them the stored answer does not cover yet
 * (an add was interrupted, or is running), and stories in the answer.
 * ungrouped and stories may be NULL. */
np_status store_counts(store *s, size_t *articles, size_t *ungrouped, size_t *stories);

/* Groups every stored article (copies, families, stories, storylines) and
 * replaces the stored answer.  progress (may be NULL) is told each stage. */
typedef void (*store_progress_fn)(const char *stage, void *arg);
np_status store_regroup(store *s, store_progress_fn progress, void *arg);
/* The articles not grouped yet answered against the stored answer
 * instead (store_incremental.c): their copies among every stored article,
 * their stories by the engine's grouping of the stored stories around
 * their dates; only the rows that change are written, in one transaction.
 * The answer may differ from store_regroup's (stored articles are not
 * grouped again), which store_incremental_count then says.  returns:
 * NP_DONE, nothing changed, when it cannot (nothing grouped yet, or
 * fingerprints another build made): store_regroup then */
np_status store_regroup_incremental(store *s, store_progress_fn progress, void *arg);
/* How many articles were answered by store_regroup_incremental since the
 * last store_regroup (0: the stored answer is a full grouping's). */
np_status store_incremental_count(store *s, size_t *answered);

/* How the articles not grouped yet are grouped (store_group). */
typedef enum store_grouping {
    STORE_GROUP_AUTO,         /* incrementally for a small batch (store_group) */
    STORE_GROUP_FULL,         /* store_regroup */
    STORE_GROUP_INCREMENTAL   /* store_regroup_incremental where it can */
} store_grouping;
/* The share of the grouped articles a batch, and the articles answered
 * incrementally since the last full grouping, may be (1/N) for
 * STORE_GROUP_AUTO to group incrementally (docs/history/benchmarks-log.md,
 * add26). */
enum { STORE_INCREMENTAL_BATCH = 100, STORE_INCREMENTAL_DRIFT = 10 };
/* Groups the articles not grouped yet, as `how` says; STORE_GROUP_AUTO:
 * incrementally when the database has a grouping, the batch is at most
 * 1/STORE_INCREMENTAL_BATCH of the grouped articles and the articles
 * answered incrementally since the last full grouping (the batch too) at
 * most 1/STORE_INCREMENTAL_DRIFT of them, else in full.  Nothing to group:
 * nothing done.  *quickly (may be NULL): 1 when it grouped
 * incrementally. */
np_status store_group(store *s, store_grouping how, store_progress_fn progress, void *arg, int *quickly);

/* The stored answer, articles in the order they were added. */
np_status store_answer(store *s, answer *out);
/* A number that changes each time the stored answer is replaced. */
np_status store_generation(store *s, int64_t *out);
/* SQLite's data version of this handle: it changes when another handle
 * (another program, or another handle of this one) commits. */
np_status store_data_version(store *s, int64_t *out);

/* One stored article with its body. */
typedef struct stored_article {
    char *id, *title, *date, *source, *url, *lang, *added;
    char **paragraphs;         /* n_paragraphs strings */
    size_t n_paragraphs, words;
    arena mem;                 /* owns every string above */
} stored_article;

/* returns: NP_DONE when no article has this id */
np_status store_article(store *s, const char *id, stored_article *out);
void stored_article_free(stored_article *a);

/* Article ids matching a search (every word; OR between two words or
 * phrases, "a phrase", -word: search_read in store_search.c), best
 * first, at most limit; each is passed to fn.  NP_EPARAM (store_errmsg
 * saying why) when every term is a -word.  Of a search matching more than
 * STORE_SEARCH_RANKED articles (or twice limit) the ones stored last are
 * ranked (the search table's, FTS5; the substring search without it
 * lists them in the order stored). */
enum { STORE_SEARCH_RANKED = 2000 };
typedef int (*store_id_fn)(const char *id, void *arg);
np_status store_search(store *s, const char *query, size_t limit, store_id_fn fn, void *arg);

/* Groups the stored articles together with one more article that is not
 * stored, into *out; *index is the extra article's index in it.  An extra
 * article whose id a stored one has is grouped as "ID (not stored)" (see
 * unstored_id). */
np_status store_similar(store *s, const np_article *extra, answer *out, size_t *index,
                        np_engine **engine);

/* The same answer's shape without grouping the database again: the
 * stored answer with the extra article put in (at *index): its copies
 * verified against the stored articles its keys pair it with, its story
 * and storyline by the engine's grouping of the stored stories around its
 * date (store_query.c).  returns: NP_DONE when the stored fingerprints
 * were made by another build (store_similar then; *out to be freed) */
np_status store_query(store *s, const np_article *extra, answer *out, size_t *index);

#endif
