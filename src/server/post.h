/*
 * post: the server's POSTs (an article to store, or to group with the
 * stored ones without storing it), answered on a thread of their own,
 * one at a time, over the store handle the poster is given, so that the
 * server's thread goes on answering readers meanwhile.  The server
 * suspends a POST's connection when it queues its job; the poster's
 * thread sets the job's reply and resumes the connection, whose handler
 * then takes the reply (poster_reply) and sends it.
 */
#ifndef NP_SERVER_POST_H
#define NP_SERVER_POST_H

#include <jansson.h>

#include "store/store.h"

enum { POST_MAX_BODY = 1 << 20 }; /* largest POST body: 1 MiB */

typedef struct post_reply {
    unsigned code;            /* HTTP status */
    json_t *doc;              /* owned: the answer, NULL when out of memory */
} post_reply;

/* One POST: its body (borrowed until the reply is taken), the connection
 * to resume, and the reply. */
typedef struct post_job {
    const char *body;
    size_t len;
    int too_big;              /* the body was over POST_MAX_BODY */
    int similar;              /* POST /api/similar: nothing stored */
    struct MHD_Connection *connection;
    post_reply reply;         /* set by the poster's thread once done */
    int done;
    struct post_job *next;    /* the queue's */
} post_job;

typedef struct poster poster;

/* Starts the poster's thread over s (borrowed: used by that thread alone
 * until poster_stop).  returns: *out owned by the caller, poster_free frees */
np_status poster_start(poster **out, store *s);
/* Queues job.  returns: 1, or 0 when the poster is stopping (job not
 * queued: the caller answers it) */
int poster_submit(poster *p, post_job *job);
/* returns: 1 and *out (its doc owned by the caller) once job is done */
int poster_reply(poster *p, post_job *job, post_reply *out);
/* Lets the job being done finish, answers the queued ones 503 (each
 * connection resumed) and stops the thread; later POSTs are not taken.
 * Called before the HTTP daemon stops: no connection is left suspended;
 * the daemon's thread may still take replies until it has stopped. */
void poster_stop(poster *p);
/* Stops p if it runs, then frees it (after the daemon has stopped);
 * accepts NULL. */
void poster_free(poster *p);

#endif
