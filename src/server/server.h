/*
 * server: the HTTP API and the web page of `newsprint serve`.
 *
 * One libmicrohttpd daemon with one internal thread serves the requests
 * that read, in turn, over a store handle of its own; POSTs (an article to
 * store or to group, as long as an add) are answered on the poster's
 * thread (post.h) over the store handle given, their connections
 * suspended meanwhile, so readers do not wait for them.  A client is
 * dropped when silent for 15 s (libmicrohttpd) or when its request takes
 * longer than request_seconds to arrive, a byte at a time or not (the
 * thread that waits for a signal looks once a second).  The stored answer
 * is read before listening, cached, and read again when its generation
 * changes (another process added articles; looked at only when SQLite's
 * data version says another handle committed).  Static files come from the table compiled from web/;
 * nothing is read from the file system.
 *
 * GET  /api/stories[?since=DATE&limit=N&offset=K]   story list
 * GET  /api/stories/sN                              one story with its articles
 * GET  /api/storylines/lN[?offset=K&limit=N&article=ID]
 *                                                   one storyline's stories:
 *                                                   the latest 50, or those
 *                                                   around the article's
 * GET  /api/articles/ID[?storyline_offset=K&storyline_limit=N]
 *                                                   one article in full, the
 *                                                   stories of its storyline
 *                                                   around its own
 * GET  /api/search?q=WORDS[&limit=N]                full-text search (store_search's syntax)
 * POST /api/articles   {"id","text"|"html","title","date","url","source"}
 * POST /api/similar    same body; the article is not stored
 */
#ifndef NP_SERVER_H
#define NP_SERVER_H

#include "store/store.h"

typedef struct server_options {
    const char *bind;          /* IPv4 address, "127.0.0.1" by default */
    unsigned port;             /* 0: any free port */
    int quiet;                 /* no request log on standard error */
    unsigned request_seconds;  /* the most a request may take to arrive (or its
                                  answer to be taken); 0: 60 */
} server_options;

/* Serves until SIGINT or SIGTERM.  s (borrowed) is written and read by
 * the POST thread alone; the database is opened again, at db_path, for
 * the requests that read.  ready (may be NULL) is called once the socket
 * listens, with the port.  returns: 0, or 1 with the reason on standard
 * error. */
int server_run(store *s, const char *db_path, const server_options *o,
               void (*ready)(unsigned port, void *arg), void *arg);

#endif
