/*
 * store_schema: the database's tables, their version and the migrations
 * from one version to the next (SQLite's user_version), and the meta
 * table: the settings a database keeps, among them the parameters it
 * was grouped with, stored when it is made and checked at each open.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "cluster/params.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "store/store_schema.h"

/* Schema migrations: migrations[v] brings a database from version v to
 * v + 1.  The version is SQLite's user_version. */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE articles("
    "  seq INTEGER PRIMARY KEY,"          /* order of adding */
    "  id TEXT NOT NULL UNIQUE,"
    "  title TEXT, date TEXT, timestamp INTEGER, month_day INTEGER NOT NULL,"
    "  source TEXT, url TEXT, lang TEXT, words INTEGER NOT NULL,"
    "  republished INTEGER NOT NULL, removed_lines INTEGER NOT NULL,"
    "  attribution TEXT NOT NULL,"         /* JSON array of strings */
    "  paragraphs TEXT NOT NULL,"          /* JSON array: the cleaned body */
    "  added TEXT NOT NULL);"              /* UTC time of the add */
    "CREATE TABLE fingerprints(seq INTEGER PRIMARY KEY, body_hash INTEGER NOT NULL);"
    "CREATE INDEX fingerprints_body ON fingerprints(body_hash);"
    "CREATE TABLE grouping(seq INTEGER PRIMARY KEY, story INTEGER NOT NULL,"
    "  storyline INTEGER NOT NULL, relation TEXT NOT NULL);"
    "CREATE INDEX grouping_story ON grouping(story);"
    "CREATE TABLE links(seq INTEGER PRIMARY KEY, copy_of INTEGER NOT NULL, kind TEXT NOT NULL,"
    "  score REAL NOT NULL, jaccard REAL, containment REAL, aligned REAL, in_order REAL,"
    "  shared_sentences INTEGER);"
    "CREATE TABLE families(seq INTEGER PRIMARY KEY, original INTEGER NOT NULL);"
    "CREATE INDEX families_original ON families(original);"
    "CREATE TABLE stories(story INTEGER PRIMARY KEY, storyline INTEGER NOT NULL, title TEXT,"
    "  first_date TEXT, last_date TEXT, n_articles INTEGER NOT NULL, keywords TEXT NOT NULL);"
    "CREATE TABLE story_articles(story INTEGER NOT NULL, pos INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL, PRIMARY KEY(story, pos));"
    "CREATE TABLE storylines(storyline INTEGER PRIMARY KEY, n_stories INTEGER NOT NULL);"
    "INSERT INTO meta VALUES('grouped', '0'), ('generation', '0');",
    /* 2: each article's fingerprint (what the engine keeps of it), so
     * grouping again needs no analysis; NP_PRINT_ID names the code that
     * made them, and fingerprints of other code are made again */
    "ALTER TABLE fingerprints ADD COLUMN print BLOB;",
};

/* One value of the meta table, into buffer (empty when absent). */
np_status store_meta_get(store *s, const char *key, char *value, size_t size)
{
    sqlite3_stmt *q;
    np_status st = store_prepare(s, "SELECT value FROM meta WHERE key = ?", &q);
    if (st != NP_OK)
        return st;
    value[0] = '\0';
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        snprintf(value, size, "%s", (const char *)sqlite3_column_text(q, 0));
    else if (rc != SQLITE_DONE)
        st = store_db_fail(s, "reading the database's settings");
    sqlite3_finalize(q);
    return st;
}

np_status store_meta_set(store *s, const char *key, const char *value)
{
    sqlite3_stmt *q;
    np_status st = store_prepare(s, "INSERT OR REPLACE INTO meta VALUES(?, ?)", &q);
    if (st != NP_OK)
        return st;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE)
        st = store_db_fail(s, "writing the database's settings");
    sqlite3_finalize(q);
    return st;
}

np_status store_meta_get_int(store *s, const char *key, int64_t *out)
{
    char value[32];
    np_status st = store_meta_get(s, key, value, sizeof value);
    *out = st == NP_OK ? strtoll(value, NULL, 10) : 0;
    return st;
}

np_status store_meta_set_int(store *s, const char *key, int64_t v)
{
    char value[32];
    snprintf(value, sizeof value, "%lld", (long long)v);
    return store_meta_set(s, key, value);
}

/* The schema version, and in *tables how many tables and indexes the
 * file holds, read in one statement (one read transaction): read in two,
 * an add making the same new database could commit its schema between
 * them, and version 0 with tables said 'not a newsprint database (it has
 * tables of its own)'. */
static int schema_version(store *s, int *tables, int *ours)
{
    sqlite3_stmt *q;
    *tables = -1;
    *ours = 0;
    if (store_prepare(s, "SELECT user_version, (SELECT count(*) FROM sqlite_master), "
                         "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'articles')) "
                         "FROM pragma_user_version", &q) != NP_OK)
        return -1;
    int version = -1;
    if (sqlite3_step(q) == SQLITE_ROW) {
        version = sqlite3_column_int(q, 0);
        *tables = sqlite3_column_int(q, 1);
        *ours = sqlite3_column_int(q, 2) == 2;
    }
    sqlite3_finalize(q);
    return version;
}

/* Why a database of this schema version, holding this many tables (ours:
 * newsprint's meta and articles among them), cannot be opened, or NP_OK. */
static np_status refuse_version(store *s, store_mode mode, int version, int tables, int ours)
{
    if (version < 0)
        return store_db_fail(s, "reading the schema version");
    /* another program's SQLite file that sets user_version too (many do):
     * it was 'made by a newer newsprint', or failed on a table it lacks
     * ('no such table: meta'), or an upgrade was tried on it */
    if (version > 0 && !ours && tables > 0)
        return store_fail(s, NP_EDB, "%s: not a newsprint database (it has tables of its own, and no table "
                          "'meta' and 'articles' of newsprint's; SQLite user_version %d)", s->path, version);
    if (version > 0 && !ours)
        return store_fail(s, NP_EDB, "%s: not a newsprint database (an SQLite file of no table, whose "
                          "user_version %d another program set)", s->path, version);
    if (version > STORE_SCHEMA_VERSION)
        return store_fail(s, NP_EDB, "%s: made by a newer newsprint (schema version %d, this one knows up to %d)",
                    s->path, version, STORE_SCHEMA_VERSION);
    if (version > 0)
        return NP_OK;
    /* A file with tables but no version is not ours. */
    if (tables < 0)
        return store_db_fail(s, "reading the schema version");
    if (tables > 0)
        return store_fail(s, NP_EDB, "%s: not a newsprint database (it has tables of its own)", s->path);
    if (mode == STORE_READ)
        return store_fail(s, NP_EDB, "%s: an empty file, not a newsprint database (make one with 'newsprint add --db %s INPUT...')",
                    s->path, s->path);
    return NP_OK;
}

/* Brings the schema to STORE_SCHEMA_VERSION, one migration per transaction.
 * The version is read again under the write lock: two adds making one new
 * database both saw version 0, and the second failed ('table meta already
 * exists'). */
np_status store_migrate(store *s, store_mode mode)
{
    int tables, ours, version = schema_version(s, &tables, &ours);
    np_status st = refuse_version(s, mode, version, tables, ours);
    while (st == NP_OK && version < STORE_SCHEMA_VERSION) {
        if ((st = store_exec(s, "BEGIN IMMEDIATE", version ? "starting the schema upgrade" : "creating the database")) !=
            NP_OK)
            return st;
        version = schema_version(s, &tables, &ours);
        if ((st = refuse_version(s, mode, version, tables, ours)) == NP_OK && version < STORE_SCHEMA_VERSION) {
            char bump[64];
            snprintf(bump, sizeof bump, "PRAGMA user_version = %d", version + 1);
            if ((st = store_exec(s, migrations[version], "creating the schema")) == NP_OK)
                st = store_exec(s, bump, "recording the schema version");
            if (st == NP_OK && version == 0) {
                /* Full-text search when this SQLite has FTS5; search falls back to LIKE. */
                if (sqlite3_exec(s->db, "CREATE VIRTUAL TABLE search USING fts5(title, body, content='', tokenize='porter unicode61 remove_diacritics 2')",
                                 NULL, NULL, NULL) != SQLITE_OK)
                    st = NP_OK;
            }
            version++;
        }
        if (st == NP_OK)
            st = store_exec(s, "COMMIT", "committing the schema");
        if (st != NP_OK)
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
    return st;
}

/* Stores the parameters of a new database, or checks them against the
 * stored ones. */
static np_status check_params_locked(store *s, store_mode mode, const np_params *wanted)
{
    char stored[PARAMS_TEXT], given[PARAMS_TEXT];
    np_status st = store_meta_get(s, "params", stored, sizeof stored);
    if (st != NP_OK)
        return st;
    if (!stored[0]) {
        if (wanted)
            s->params = *wanted;
        else
            np_params_default(&s->params);
        if (mode == STORE_READ)
            return NP_OK;
        np_params_describe(&s->params, given, sizeof given);
        return store_meta_set(s, "params", given);
    }
    char diff[256];
    if (params_parse(stored, &s->params, diff, sizeof diff) != 0)
        return store_fail(s, NP_EDB, "%s: stored parameter '%s' is not known to this newsprint", s->path, diff);
    /* compared as read, so that a parameter added since the database was
     * made, which it lacks, is taken at its default */
    if (!wanted || mode == STORE_READ || !params_differ(&s->params, wanted, diff, sizeof diff))
        return NP_OK;
    return store_fail(s, NP_EPARAM,
                "%s was grouped with %s: add with the database's parameters (see "
                "'newsprint stories --db %s --explain-params') or use a new database",
                s->path, diff, s->path);
}

/* check_params_locked, for a new database under the write lock: two adds making
 * one new database each stored its own parameters, the last one kept, and
 * the other grouped with parameters the database does not hold. */
np_status store_check_params(store *s, store_mode mode, const np_params *wanted)
{
    char stored[PARAMS_TEXT];
    np_status st = store_meta_get(s, "params", stored, sizeof stored);
    if (st != NP_OK || stored[0] || mode == STORE_READ) /* stored ones do not change */
        return st != NP_OK ? st : check_params_locked(s, mode, wanted);
    st = store_exec(s, "BEGIN IMMEDIATE", "reading the database's settings");
    if (st != NP_OK)
        return st;
    st = check_params_locked(s, mode, wanted);
    if (st == NP_OK)
        st = store_exec(s, "COMMIT", "writing the database's settings");
    if (st != NP_OK)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}
