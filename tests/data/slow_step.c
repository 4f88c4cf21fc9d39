/* slow_step: an LD_PRELOAD shim for tests/store.sh that makes the first
 * SLOW_STEPS calls of sqlite3_step each wait SLOW_STEP_MS milliseconds
 * after they return, so that another process's commit falls between two
 * reads that a test wants to see apart (the schema check of two adds
 * making one new database).  With SLOW_STEP_MARK and SLOW_STEP_UNTIL (two
 * file names), the last of those calls makes the file SLOW_STEP_MARK, then
 * waits until the file SLOW_STEP_UNTIL is there (ten minutes at most)
 * instead: the test starts the other process once the mark is made and
 * lets this one go on once the other has come to the point it wants,
 * whatever the load (a wait for a time was missed by a process slow to
 * start).  With SLEEP_MARK (a file name), each call of sqlite3_sleep makes
 * that file first: newsprint calls it only in its wait for another
 * writer's lock (store.c's busy handler), so a test holding the lock
 * learns that the process has come to wait for it (tests/server_test.py's
 * read-during-post).  With SLOW_STEP_SQL, SLOW_STEP_MARK and
 * SLOW_STEP_UNTIL, the first call of sqlite3_step on a statement whose SQL
 * holds SLOW_STEP_SQL makes SLOW_STEP_MARK and waits for SLOW_STEP_UNTIL
 * (as above) before it steps: a test learns that the process has come to
 * that statement (an add's grouping writing its answer), whatever the
 * load, and signals it there.  Test code only: not part of newsprint. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct sqlite3_stmt sqlite3_stmt;

static void pause_ms(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&t, NULL);
}

static void make_file(const char *name)
{
    int fd = open(name, O_WRONLY | O_CREAT, 0644);
    if (fd >= 0)
        close(fd);
}

int sqlite3_sleep(int ms)
{
    int (*real_sleep)(int);
    *(void **)&real_sleep = dlsym(RTLD_NEXT, "sqlite3_sleep");
    const char *mark = getenv("SLEEP_MARK");
    if (mark)
        make_file(mark);
    return real_sleep(ms);
}

int sqlite3_step(sqlite3_stmt *stmt)
{
    static int (*real_step)(sqlite3_stmt *);
    static int steps_slowed; /* this process's own count, single-threaded here */
    static const char *(*real_sql)(sqlite3_stmt *);
    static int sql_held;
    if (!real_step)
        *(void **)&real_step = dlsym(RTLD_NEXT, "sqlite3_step");
    if (!real_sql)
        *(void **)&real_sql = dlsym(RTLD_NEXT, "sqlite3_sql");
    const char *sql = getenv("SLOW_STEP_SQL"), *held = getenv("SLOW_STEP_MARK"), *go = getenv("SLOW_STEP_UNTIL");
    if (sql && held && go && !sql_held && real_sql && real_sql(stmt) && strstr(real_sql(stmt), sql)) {
        sql_held = 1;
        make_file(held);
        for (int waited = 0; access(go, F_OK) != 0 && waited < 600 * 100; waited++)
            pause_ms(10);
    }
    int rc = real_step(stmt);
    const char *limit = getenv("SLOW_STEPS"), *ms = getenv("SLOW_STEP_MS");
    const char *mark = getenv("SLOW_STEP_MARK"), *until = getenv("SLOW_STEP_UNTIL");
    if (limit && ms && steps_slowed < atoi(limit)) {
        steps_slowed++;
        if (mark && until && steps_slowed == atoi(limit)) {
            make_file(mark);
            for (int waited = 0; access(until, F_OK) != 0 && waited < 600 * 100; waited++)
                pause_ms(10);
        } else {
            pause_ms(atol(ms));
        }
    }
    return rc;
}
