/* slow_step: an LD_PRELOAD shim for tests/store.sh that makes the first
 * SLOW_STEPS calls of sqlite3_step each wait SLOW_STEP_MS milliseconds
 * after they return, so that another process's commit falls between two
 * reads that a test wants to see apart (the schema check of two adds
 * making one new database).  Test code only: not part of newsprint. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

typedef struct sqlite3_stmt sqlite3_stmt;

int sqlite3_step(sqlite3_stmt *stmt)
{
    static int (*real_step)(sqlite3_stmt *);
    static int steps_slowed; /* this process's own count, single-threaded here */
    if (!real_step)
        *(void **)&real_step = dlsym(RTLD_NEXT, "sqlite3_step");
    int rc = real_step(stmt);
    const char *limit = getenv("SLOW_STEPS"), *ms = getenv("SLOW_STEP_MS");
    if (limit && ms && steps_slowed < atoi(limit)) {
        steps_slowed++;
        long wait = atol(ms);
        struct timespec t = { wait / 1000, (wait % 1000) * 1000000L };
        nanosleep(&t, NULL);
    }
    return rc;
}
