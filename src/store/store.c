/*
 * store: articles, fingerprints and the grouped answer in one SQLite file.
 * Here, opening a database (made, migrated, its parameters checked, another
 * writer waited for) and counting what it holds; store_add.c adds articles
 * in batches; store_schema.c has the tables,
 * their migrations and the stored settings; store_group.c groups the
 * articles again and reads the answer back (store_internal.h: what the
 * store's files share).
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/clock.h"
#include "common/jsonw.h"
#include "common/utf8.h"
#include "cluster/params.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "store/store_schema.h"
#include "print_id.h"

np_status store_fail(store *s, np_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
    va_end(ap);
    return st;
}

/* SQLite's busy handler: waits for another writer in SQLite's own steps
 * (busy_timeout's), up to s->wait_ms, and tells the note once a wait when
 * it passes a second, so that a user does not sit before a silent add (or
 * a serve's POST).
 * A wait given up is timed on the clock for store_db_fail to say (the
 * steps are what was asked of sqlite3_sleep, not what passed).
 * returns: 1 to try again, 0 to give up (SQLITE_BUSY) */
static int busy_wait(void *arg, int count)
{
    static const int steps[] = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };
    enum { LAST_STEP = sizeof steps / sizeof *steps - 1 };
    store *s = arg;
    if (count == 0) {
        s->waited_ms = 0;
        s->wait_began = np_seconds();
        s->gave_up = 0;
        s->noted = 0;
    }
    if (s->waited_ms >= s->wait_ms) {
        s->gave_up = 1;
        s->gave_up_after = np_seconds() - s->wait_began;
        return 0;
    }
    int ms = steps[count < LAST_STEP ? count : LAST_STEP];
    if (ms > s->wait_ms - s->waited_ms)
        ms = s->wait_ms - s->waited_ms;
    sqlite3_sleep(ms);
    s->waited_ms += ms;
    if (s->waited_ms >= 1000 && !s->noted && s->note) {
        s->noted = 1;
        s->note(s->path, s->wait_ms / 1000, s->note_arg);
    }
    return 1;
}

/* SQLite's "database is locked" says neither by whom nor what to do; the
 * wait said is the one the busy handler gave up, as long as it lasted.
 * SQLite calls no busy handler where a wait could not help (a read
 * transaction that would write while another writes: a deadlock, or a
 * snapshot another's commit made stale), and an add that waited 0 s said
 * 'for the 30 s waited'. */
static np_status busy_fail(store *s, const char *doing)
{
    int waited = s->gave_up;
    s->gave_up = 0;
    s->met_writer = 1;
    if (!s->wait_ms)
        return store_fail(s, NP_EDB, "%s: %s: %s: another program (an add, a serve storing a POST) is writing to "
                    "it, and no wait was asked for; run this again once it is done",
                    s->path, doing, sqlite3_errmsg(s->db));
    if (waited)
        return store_fail(s, NP_EDB, "%s: %s: %s: another program (an add, a serve storing a POST) was writing to "
                    "it for the %.1f s waited; run this again once it is done",
                    s->path, doing, sqlite3_errmsg(s->db), s->gave_up_after);
    return store_fail(s, NP_EDB, "%s: %s: %s: another program (an add, a serve storing a POST) is writing to "
                "it, and SQLite gave up at once, without waiting; run this again once it is done",
                s->path, doing, sqlite3_errmsg(s->db));
}

/* SQLite's "database or disk is full" (or "disk I/O error", where the
 * -shm file could not grow) for a file system with no space left. */
static int out_of_space(store *s)
{
    int code = sqlite3_extended_errcode(s->db) & 0xff;
    return code == SQLITE_FULL || (code == SQLITE_IOERR && sqlite3_system_errno(s->db) == ENOSPC);
}

static np_status space_fail(store *s, const char *doing)
{
    return store_fail(s, NP_EIO, "%s: %s: no space left on its file system (SQLite: %s)", s->path, doing,
                      sqlite3_errmsg(s->db));
}

/* A damaged file (cut short, overwritten): SQLite's "database disk image is
 * malformed" said as what it means and what to do. */
static np_status damaged_fail(store *s, const char *doing)
{
    return store_fail(s, NP_EDB, "%s: %s: the file is damaged (SQLite: %s): restore it from a copy, or add the "
                      "articles again into a new database", s->path, doing, sqlite3_errmsg(s->db));
}

np_status store_db_fail(store *s, const char *doing)
{
    if ((sqlite3_extended_errcode(s->db) & 0xff) == SQLITE_BUSY)
        return busy_fail(s, doing);
    if ((sqlite3_extended_errcode(s->db) & 0xff) == SQLITE_CORRUPT)
        return damaged_fail(s, doing);
    if (out_of_space(s))
        return space_fail(s, doing);
    /* a write past the file size limit (ulimit -f): SQLite's "disk I/O error" */
    if ((sqlite3_extended_errcode(s->db) & 0xff) == SQLITE_IOERR && sqlite3_system_errno(s->db) == EFBIG)
        return store_fail(s, NP_EIO, "%s: %s: the file would pass the size limit on this process's files "
                          "(ulimit -f) (SQLite: %s)", s->path, doing, sqlite3_errmsg(s->db));
    return store_fail(s, NP_EDB, "%s: %s: %s", s->path, doing, sqlite3_errmsg(s->db));
}

/* PRAGMA journal_mode = WAL on a file still in rollback mode reads page 1
 * and then asks for the write lock.  SQLite calls no busy handler for a
 * read lock's upgrade (the writer in the way may be waiting for that read
 * to end), so while another add made the schema or switched the file first
 * it returned SQLITE_BUSY at once: one of four adds making a new database
 * failed "locked" without waiting.  Tried again here, each try a new
 * statement holding no lock, in the busy handler's steps and wait.
 * returns: SQLITE_ROW when done, else the last step's code */
static int journal_to_wal(store *s)
{
    for (int count = 0;; count++) {
        sqlite3_stmt *q;
        int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &q, NULL);
        if (rc != SQLITE_OK)
            return rc;
        rc = sqlite3_step(q);
        sqlite3_finalize(q);
        if ((rc & 0xff) != SQLITE_BUSY || !busy_wait(s, count))
            return rc;
    }
}

/* Why the directory path is in cannot be written (EACCES, EROFS), or 0
 * when it can or does not exist; dir gets its name ("." for a bare name) */
static int directory_unwritable(const char *path, char *dir, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, size, ".");
    else
        snprintf(dir, size, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    return access(dir, F_OK) == 0 && access(dir, W_OK) != 0 ? errno : 0;
}

/* The first statements on a file failed: why, in the user's words. */
static np_status open_fail(store *s)
{
    int code = sqlite3_extended_errcode(s->db);
    if ((code & 0xff) == SQLITE_NOTADB)
        return store_fail(s, NP_EDB, "%s: not a newsprint database (%s)", s->path, sqlite3_errmsg(s->db));
    if (code == SQLITE_READONLY_DIRECTORY || code == SQLITE_READONLY_CANTINIT || (code & 0xff) == SQLITE_CANTOPEN) {
        char dir[4096];
        int why = directory_unwritable(s->path, dir, sizeof dir);
        if (why) /* SQLite's own words ("attempt to write a readonly database") name neither */
            return store_fail(s, NP_EIO, "%s: cannot open: SQLite makes the files %s-wal and %s-shm beside it, and "
                        "its directory %s cannot be written (%s): copy the database to a directory you can write",
                        s->path, s->path, s->path, dir, strerror(why));
        return store_fail(s, NP_EIO, "%s: cannot open (%s): SQLite makes the files %s-wal and %s-shm beside it, "
                    "and cannot here (copy the database to a directory you can write)",
                    s->path, sqlite3_errmsg(s->db), s->path, s->path);
    }
    if ((code & 0xff) == SQLITE_BUSY)
        return store_db_fail(s, "opening");
    if (out_of_space(s))
        return space_fail(s, "cannot open");
    if ((code & 0xff) == SQLITE_CORRUPT)
        return damaged_fail(s, "cannot open");
    return store_fail(s, NP_EDB, "%s: cannot open: %s", s->path, sqlite3_errmsg(s->db));
}

np_status store_exec(store *s, const char *sql, const char *doing)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? NP_OK : store_db_fail(s, doing);
}

np_status store_prepare(store *s, const char *sql, sqlite3_stmt **out)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, out, NULL) != SQLITE_OK)
        return store_db_fail(s, "preparing a query");
    return NP_OK;
}


/* The URI that opens a database on a read-only file system, where SQLite
 * cannot make the -shm file WAL readers share: immutable (nothing can
 * change it there), or, when a -wal file holds commits not yet copied into
 * the database (immutable would not read them), read-only without locks
 * (vfs=unix-none: a read lock is refused on a file opened read-only, and
 * nothing can write there) for exclusive locking mode to read the -wal
 * file through a wal-index in memory, as it must when no -shm file was
 * left beside it (*pending is then 1).  returns: owned by the caller, NULL
 * when out of memory */
static char *read_only_uri(const char *path, int *pending_out)
{
    size_t n = strlen(path);
    char *wal = np_alloc(NULL, n + 5);
    if (!wal)
        return NULL;
    snprintf(wal, n + 5, "%s-wal", path);
    struct stat sb;
    int pending = stat(wal, &sb) == 0 && sb.st_size > 0;
    np_free(NULL, wal);
    *pending_out = pending;
    buf uri;
    buf_init(&uri, NULL);
    np_status st = buf_puts(&uri, path[0] == '/' ? "file://" : "file:");
    for (const char *c = path; *c && st == NP_OK; c++) {
        char escaped[4];
        int plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                    strchr("/._-~", *c);
        snprintf(escaped, sizeof escaped, "%%%02X", (unsigned char)*c);
        st = plain ? buf_append(&uri, c, 1) : buf_puts(&uri, escaped);
    }
    if (st == NP_OK)
        st = buf_puts(&uri, pending ? "?mode=ro&vfs=unix-none" : "?immutable=1");
    if (st != NP_OK) {
        buf_free(&uri);
        return NULL;
    }
    return uri.data; /* NUL-ended, allocated by np_alloc */
}

/* SQLite gives the -wal and -shm files it makes the database's mode: a
 * reader of a database it may not write (mode 0444, its directory
 * writable) left them 0444 and its own, and the add that came once the
 * database was made writable again failed ('attempt to write a readonly
 * database': the -shm file could not be written).  Those this open made
 * (not there before: made[i]) are given their owner's write permission,
 * as a database they serve would have it. */
static const char *const side_suffix[2] = { "-wal", "-shm" };

static void side_files_present(const char *path, int present[2])
{
    char name[4096];
    for (size_t i = 0; i < 2; i++) {
        snprintf(name, sizeof name, "%s%s", path, side_suffix[i]);
        present[i] = access(name, F_OK) == 0;
    }
}

static void side_files_writable(const char *path, const int present_before[2])
{
    char name[4096];
    struct stat sb;
    for (size_t i = 0; i < 2; i++) {
        snprintf(name, sizeof name, "%s%s", path, side_suffix[i]);
        if (!present_before[i] && stat(name, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
            !(sb.st_mode & S_IWUSR))
            chmod(name, (sb.st_mode & 07777) | S_IWUSR); /* at worst it stays as SQLite made it */
    }
}

static np_status open_database(store *s, const char *path, store_mode mode, const np_params *params);
static void remove_unmade(store *s, const char *path);

/* The handle's statements and connection closed (s->db NULL). */
static void close_connection(store *s)
{
    sqlite3_finalize(s->find_id);
    sqlite3_finalize(s->insert_article);
    sqlite3_finalize(s->insert_fingerprint);
    sqlite3_finalize(s->insert_search);
    s->find_id = s->insert_article = s->insert_fingerprint = s->insert_search = NULL;
    sqlite3_close(s->db);
    s->db = NULL;
}

np_status store_open(store **out, const char *path, store_mode mode, const np_params *params)
{
    return store_open_noting(out, path, mode, params, STORE_WAIT_SECONDS, NULL, NULL);
}

np_status store_open_noting(store **out, const char *path, store_mode mode, const np_params *params,
                            unsigned wait_seconds, store_wait_note note, void *note_arg)
{
    store *s = np_calloc(NULL, 1, sizeof *s);
    *out = s;
    if (!s)
        return NP_ENOMEM;
    s->wait_ms = (int)(wait_seconds < STORE_WAIT_MAX_SECONDS ? wait_seconds : STORE_WAIT_MAX_SECONDS) * 1000;
    s->note = note;
    s->note_arg = note_arg;
    s->path = np_strndup(NULL, path, strlen(path));
    if (!s->path)
        return store_fail(s, NP_ENOMEM, "out of memory");
    int existed = access(path, F_OK) == 0 || errno != ENOENT;
    np_status st = open_database(s, path, mode, params);
    if (st != NP_OK && mode == STORE_WRITE && !existed && !s->met_writer)
        remove_unmade(s, path);
    s->made = mode == STORE_WRITE && !existed;
    return st;
}

int store_remove_unused(store *s)
{
    size_t n = 1;
    if (!s || !s->db || !s->made || strlen(s->path) > 4000)
        return 0;
    store_abort(s);
    if (store_counts(s, &n, NULL, NULL) != NP_OK || n != 0)
        return 0;
    close_connection(s);
    /* through a symbolic link (to no file before: SQLite made the file it
     * names), that file and its side files, not the link: the link was
     * removed and the empty database left behind */
    char *real = realpath(s->path, NULL);
    const char *name = real ? real : s->path;
    /* SQLite removes the -wal file when the last connection closes: one
     * left means another program (an add making the same database) has it
     * open, and it is kept */
    char wal[4096 + 8];
    struct stat sb;
    snprintf(wal, sizeof wal, "%.4000s-wal", name);
    int removed = (stat(wal, &sb) != 0 && errno == ENOENT) && unlink(name) == 0;
    free(real);
    return removed;
}

/* A new database that could not be made (no space left, a file system that
 * refused it) is not left behind as an empty file, which the next add took
 * for its own: the handle closed, the file removed when it holds nothing
 * (one another add made meanwhile and wrote to is kept; one whose lock
 * stopped this open is not touched: it may be making it), and so are the
 * side files SQLite made empty beside it. */
static void remove_unmade(store *s, const char *path)
{
    close_connection(s);
    char *real = realpath(path, NULL); /* through a link, the file it names (as above) */
    if (real)
        path = real;
    struct stat sb;
    if (strlen(path) <= 4000 && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0) {
        unlink(path);
        static const char *const sides[] = { "-journal", "-wal", "-shm" };
        char name[4096 + 16];
        for (size_t i = 0; i < sizeof sides / sizeof *sides; i++) {
            snprintf(name, sizeof name, "%s%s", path, sides[i]);
            if (stat(name, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0)
                unlink(name);
        }
    }
    free(real);
}

/* What the file at path is, and whether this user may open it as mode
 * asks, said before SQLite opens it.  Sets s->write_refused and
 * s->read_only. */
static np_status check_access(store *s, const char *path, store_mode mode)
{
    if (mode == STORE_READ && access(path, F_OK) != 0) {
        /* a directory on the way this user may not search is no missing file */
        if (errno != ENOENT)
            return store_fail(s, NP_EIO, "%s: cannot open: %s", path, strerror(errno));
        return store_fail(s, NP_EIO, "%s: no such database (make one with 'newsprint add --db %s INPUT...')",
                    path, path);
    }
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return store_fail(s, NP_EIO, "%s: a directory, not a database file", path);
    /* /dev/null was read as an empty database, and an add wrote
     * /dev/null-journal beside it; a named pipe was an "Illegal seek" */
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
        return store_fail(s, NP_EIO, "%s: a %s, not a database file", path,
                          S_ISCHR(sb.st_mode)    ? "character device"
                          : S_ISBLK(sb.st_mode)  ? "block device"
                          : S_ISFIFO(sb.st_mode) ? "named pipe (FIFO)"
                          : S_ISSOCK(sb.st_mode) ? "socket"
                                                 : "special file");
    /* "news/" made the file news */
    size_t len = strlen(path);
    if (len && path[len - 1] == '/')
        return store_fail(s, NP_EIO, "%s: a directory's name (it ends in '/'), not a database file: name the file "
                          "(%snews.db)", path, path);
    /* a database on a read-only file system (a mounted snapshot) is read
     * as it is; writing to it is refused here, naming the reason */
    s->write_refused = access(path, F_OK) == 0 && access(path, W_OK) != 0 ? errno : 0;
    s->read_only = s->write_refused == EROFS;
    if (s->read_only && mode == STORE_WRITE)
        return store_fail(s, NP_EIO, "%s: on a read-only file system, so it cannot be written (stories, show, "
                    "similar and serve read it)", path);
    /* a file this user may not write: said before any input is read (SQLite
     * opens it read-only and refused the first article stored) */
    if (mode == STORE_WRITE && s->write_refused)
        return store_fail(s, NP_EIO, "%s: cannot be written by this user (%s), so add cannot store articles in it",
                    path, strerror(s->write_refused));
    return NP_OK;
}

/* After the schema and parameters are checked: whether the database has
 * a search table, whether its fingerprints are this build's, and a
 * writer's statements. */
static np_status finish_open(store *s, store_mode mode)
{
    np_status st;
    sqlite3_stmt *q;
    if ((q = NULL, sqlite3_prepare_v2(s->db, "SELECT 1 FROM search LIMIT 0", -1, &q, NULL)) == SQLITE_OK)
        s->has_search = 1;
    sqlite3_finalize(q);
    char print_id[64];
    if ((st = store_meta_get(s, "print_id", print_id, sizeof print_id)) != NP_OK)
        return st;
    s->prints_current = strcmp(print_id, NP_PRINT_ID) == 0;
    if (!s->prints_current && mode == STORE_WRITE) {
        /* a database without articles has no old fingerprints */
        size_t n = 0;
        if ((st = store_counts(s, &n, NULL, NULL)) != NP_OK)
            return st;
        if (n == 0 && (st = store_meta_set(s, "print_id", NP_PRINT_ID)) != NP_OK)
            return st;
        s->prints_current = n == 0;
    }
    if (mode == STORE_WRITE) {
        if ((st = store_prepare(s, "SELECT 1 FROM articles WHERE id = ?", &s->find_id)) != NP_OK ||
            (st = store_prepare(s, "INSERT INTO articles(id, title, date, timestamp, month_day, source, url, "
                             "lang, words, republished, removed_lines, attribution, paragraphs, added) "
                             "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                          &s->insert_article)) != NP_OK ||
            (st = store_prepare(s, "INSERT INTO fingerprints VALUES(?, ?, ?)", &s->insert_fingerprint)) != NP_OK)
            return st;
        if (s->has_search &&
            (st = store_prepare(s, "INSERT INTO search(rowid, title, body) VALUES(?, ?, ?)", &s->insert_search)) != NP_OK)
            return st;
    }
    return NP_OK;
}

/* store_open_noting's work on a store s with its path set. */
static np_status open_database(store *s, const char *path, store_mode mode, const np_params *params)
{
    np_status st = check_access(s, path, mode);
    if (st != NP_OK)
        return st;
    int side_before[2] = { 1, 1 };
    if (((s->write_refused && !s->read_only) || mode == STORE_READ) && strlen(path) < 4000)
        side_files_present(path, side_before);
    /* A reader of a database in a directory it may not write (another
     * user's, a directory made read-only) with no -shm file beside it:
     * SQLite cannot make the -shm file WAL readers share, and refused to
     * open it.  No program has it open (one that has keeps the -shm file
     * there), so it is read as on a read-only file system; the user's
     * own reason to write neither is said when asked to (serve's POST). */
    char dir_name[4096];
    int dir_refused = mode == STORE_READ && !s->read_only && !side_before[1] && strlen(path) < 4000
                          ? directory_unwritable(path, dir_name, sizeof dir_name) : 0;
    if (dir_refused && !s->write_refused)
        s->write_refused = dir_refused;
    int flags = mode == STORE_READ ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int pending = 0;
    char *uri = s->read_only || dir_refused ? read_only_uri(path, &pending) : NULL;
    if ((s->read_only || dir_refused) && !uri)
        return store_fail(s, NP_ENOMEM, "out of memory");
    if (uri)
        flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
    int opened = sqlite3_open_v2(uri ? uri : path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    np_free(NULL, uri);
    if (opened != SQLITE_OK) {
        if (!s->db)
            return store_fail(s, NP_ENOMEM, "out of memory");
        /* the system's reason (a missing directory, no permission) says more than SQLite's */
        int os_error = sqlite3_system_errno(s->db);
        char dir[4096];
        int why = os_error == ENOENT && mode == STORE_WRITE ? directory_unwritable(path, dir, sizeof dir) : 0;
        if (why) /* SQLite's last try, read-only, found no file */
            return store_fail(s, NP_EIO, "%s: cannot create: its directory %s cannot be written (%s)", path, dir,
                        strerror(why));
        /* "No such file or directory" and "Not a directory" named neither
         * the directory nor what to do */
        struct stat dir_stat;
        if ((os_error == ENOENT || os_error == ENOTDIR) && mode == STORE_WRITE) {
            directory_unwritable(path, dir, sizeof dir); /* its name */
            int missing = stat(dir, &dir_stat) != 0 ? errno : S_ISDIR(dir_stat.st_mode) ? 0 : ENOTDIR;
            if (missing == ENOENT)
                return store_fail(s, NP_EIO, "%s: cannot create: its directory %s does not exist (make it first: "
                            "mkdir -p '%s')", path, dir, dir);
            if (missing == ENOTDIR)
                return store_fail(s, NP_EIO, "%s: cannot create: %s is not a directory", path, dir);
        }
        if (os_error)
            return store_fail(s, NP_EIO, "%s: cannot %s: %s", path, mode == STORE_READ ? "open" : "open or create",
                        strerror(os_error));
        return store_db_fail(s, mode == STORE_READ ? "opening" : "opening or creating");
    }
    sqlite3_busy_handler(s->db, busy_wait, s);
    sqlite3_extended_result_codes(s->db, 1);
    /* before the first read, so that no -shm file is looked for */
    if (pending && sqlite3_exec(s->db, "PRAGMA locking_mode = EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK)
        return open_fail(s);
    /* The first read: a file that is not SQLite fails here.  Nothing is
     * written before store_migrate has refused another program's database. */
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1, &q, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(q);
        sqlite3_finalize(q);
    }
    if (rc != SQLITE_OK && rc != SQLITE_ROW)
        return open_fail(s);
    side_files_writable(path, side_before); /* the first read made them */
    if ((st = store_migrate(s, mode)) != NP_OK)
        return st;
    if (journal_to_wal(s) != SQLITE_ROW)
        return open_fail(s);
    if ((st = store_exec(s, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", "setting up")) != NP_OK ||
        (st = store_check_params(s, mode, params)) != NP_OK)
        return st;
    return finish_open(s, mode);
}

const char *store_errmsg(const store *s)
{
    return s ? s->errmsg : "out of memory";
}

int store_read_only(const store *s)
{
    return s->read_only;
}

int store_write_refused(const store *s)
{
    return s->write_refused;
}

const np_params *store_params(const store *s)
{
    return &s->params;
}

void store_close(store *s)
{
    if (!s)
        return;
    if (s->in_batch)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_finalize(s->find_id);
    sqlite3_finalize(s->insert_article);
    sqlite3_finalize(s->insert_fingerprint);
    sqlite3_finalize(s->insert_search);
    sqlite3_close(s->db);
    np_fingerprinter_free(s->fp);
    np_free(NULL, s->path);
    np_free(NULL, s);
}

/* A JSON array of strings, as text the caller frees with free(). */
char *store_json_strings(const char *const *items, size_t n)
{
    buf b;
    buf_init(&b, NULL);
    np_status st = buf_putc(&b, '[');
    for (size_t i = 0; st == NP_OK && i < n; i++) {
        if (i)
            st = buf_putc(&b, ',');
        if (st == NP_OK)
            st = json_put_string(&b, items[i] ? items[i] : "");
    }
    if (st == NP_OK)
        st = buf_putc(&b, ']');
    if (st != NP_OK) {
        buf_free(&b);
        return NULL;
    }
    return b.data;
}

void store_bind_text_or_null(sqlite3_stmt *q, int col, const char *s)
{
    if (s)
        sqlite3_bind_text(q, col, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, col);
}

np_status store_counts(store *s, size_t *articles, size_t *ungrouped, size_t *stories)
{
    sqlite3_stmt *q;
    np_status st = store_prepare(s, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)", &q);
    if (st != NP_OK)
        return st;
    int64_t n = 0, n_stories = 0, grouped = 0;
    if (sqlite3_step(q) == SQLITE_ROW) {
        n = sqlite3_column_int64(q, 0);
        n_stories = sqlite3_column_int64(q, 1);
    } else {
        st = store_db_fail(s, "counting articles");
    }
    sqlite3_finalize(q);
    if (st == NP_OK)
        st = store_meta_get_int(s, "grouped", &grouped);
    if (st != NP_OK)
        return st;
    *articles = (size_t)n;
    if (stories)
        *stories = (size_t)n_stories;
    if (ungrouped) {
        /* seq grows with every add, so the ungrouped ones are those after "grouped". */
        if ((st = store_prepare(s, "SELECT count(*) FROM articles WHERE seq > ?", &q)) != NP_OK)
            return st;
        sqlite3_bind_int64(q, 1, grouped);
        *ungrouped = sqlite3_step(q) == SQLITE_ROW ? (size_t)sqlite3_column_int64(q, 0) : 0;
        sqlite3_finalize(q);
    }
    return NP_OK;
}

np_status store_data_version(store *s, int64_t *out)
{
    sqlite3_stmt *q;
    np_status st = store_prepare(s, "PRAGMA data_version", &q);
    if (st != NP_OK)
        return st;
    if (sqlite3_step(q) == SQLITE_ROW)
        *out = sqlite3_column_int64(q, 0);
    else
        st = store_db_fail(s, "reading the data version");
    sqlite3_finalize(q);
    return st;
}

np_status store_generation(store *s, int64_t *out)
{
    return store_meta_get_int(s, "generation", out);
}
