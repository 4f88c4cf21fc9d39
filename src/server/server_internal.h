/*
 * server_internal: what server.c (the daemon, its connections, routing)
 * and api.c (the GET answers) share: the server's state and the replies.
 */
#ifndef NP_SERVER_INTERNAL_H
#define NP_SERVER_INTERNAL_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "server/post.h"
#include "store/store.h"

/* A connection's clock, for the whole time a request may take to arrive
 * (libmicrohttpd times out only a silence: a client that sends a byte
 * every few seconds held its connection, one of the limited number, for
 * as long as it liked).  It starts with the connection and again after
 * each answer; the time newsprint takes to answer is not counted. */
typedef struct conn_clock {
    struct conn_clock *prev, *next;
    int fd;                   /* the connection's socket, while on the list */
    struct timespec started;
    int answering;            /* newsprint is making its answer */
    int cut;                  /* shut down for taking too long */
} conn_clock;

/* The server's state; the cached answer is the one documented cache. */
typedef struct server {
    store *store;             /* owned: this thread's, for reading */
    poster *poster;           /* owned: POSTs, on a thread of their own */
    const char *db_path;
    int quiet;
    answer ans;               /* cached stored answer */
    int64_t generation;       /* of ans; -1 when none loaded */
    int64_t data_version;     /* the store's when ans and the counts were read */
    size_t articles, ungrouped;
    size_t incremental;       /* articles grouped incrementally since the last full grouping */
    atomic_int started;       /* set once listening: libmicrohttpd's messages shown */
    atomic_int posts_open;    /* POSTs handed to the poster whose request is not complete */
    unsigned request_seconds; /* the most a request may take to arrive */
    /* the open connections' clocks: libmicrohttpd's thread adds and
     * removes them, the thread that waits for a signal cuts the slow */
    pthread_mutex_t clocks_lock;
    conn_clock *clocks;
} server;

enum MHD_Result server_send_bytes(struct MHD_Connection *c, unsigned code, const char *type, const void *data,
                                  size_t len, enum MHD_ResponseMemoryMode mode);
/* sends doc (owned: freed here) as JSON */
enum MHD_Result server_send_json(struct MHD_Connection *c, unsigned code, json_t *doc);
/* {"error": ...} */
enum MHD_Result server_send_error(struct MHD_Connection *c, unsigned code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* 404 {"error": "no WHAT 'ID' in this database (its WHAT ids: s1 to sN)"}:
 * the story, storyline or article asked for named (cut at 200 bytes; an
 * id that is no text said so instead), with the range of labels when
 * prefix is one ('s', 'l': n of them), not for an article (prefix 0). */
enum MHD_Result server_send_missing(struct MHD_Connection *c, const char *what, const char *name, char prefix,
                                    size_t n);
/* Reloads the cached answer when another writer replaced it (or none was
 * loaded), and the counts.  returns: NP_OK, or an error (store_errmsg) */
np_status server_load(server *sv);
/* server_load for a request.  returns: 1, or 0 with *ret the error sent */
int server_refresh(server *sv, struct MHD_Connection *c, enum MHD_Result *ret);
/* "s12" -> 11 when it names one of n items. */
int server_parse_label(const char *s, char prefix, size_t n, size_t *out);
/* libmicrohttpd's unescape callback: %00 as C0 80 (see api.c) */
size_t server_unescape(void *cls, struct MHD_Connection *c, char *s);

enum MHD_Result api_stories(server *sv, struct MHD_Connection *c);
enum MHD_Result api_article(server *sv, struct MHD_Connection *c, const char *id);
enum MHD_Result api_storyline(server *sv, struct MHD_Connection *c, const char *label);
enum MHD_Result api_search(server *sv, struct MHD_Connection *c);

#endif
