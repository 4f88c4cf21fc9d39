/* server: HTTP API and web page over a store (libmicrohttpd). */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "server/assets.h"
#include "server/post.h"
#include "server/server.h"
#include "server/server_internal.h"
#include "store/view.h"

enum {
    TIMEOUT_SECONDS = 15,     /* a client silent this long is dropped */
    STOP_SECONDS = 10,        /* stopping, the most to wait for the POSTs' answers to go */
    REQUEST_SECONDS = 60,     /* a request taking this long to arrive is dropped */
    /* open connections at once: a browser keeps several open between
     * requests (until TIMEOUT_SECONDS), so 64 were taken by a newsroom's
     * tabs and the next reader waited for one to time out */
    MAX_CONNECTIONS = 1000,
    RESERVED_FILES = 32,      /* descriptors kept for the database and the rest */
    /* the request line and headers: over MAX_HEAD is refused in JSON; the
     * room libmicrohttpd keeps a connection (mapped, touched as used) is
     * larger, as it answers what does not fit in it with HTML of its own */
    MAX_HEAD = 64 << 10,
    CONNECTION_MEMORY = 1 << 20
};

/* Per-request state: the POST body as it arrives. */
typedef struct request {
    buf body;
    int too_big;
    post_job job;             /* a POST handed to the poster */
    int waiting;              /* suspended until the poster has answered job */
    int posted;               /* job was handed to the poster (counted in posts_open) */
} request;

/* A POST: handed to the poster's thread, the connection suspended; once
 * resumed (the poster has answered), its answer sent. */
static enum MHD_Result answer_post(server *sv, struct MHD_Connection *c, request *rq, int similar)
{
    if (rq->waiting) {
        post_reply r;
        if (!poster_reply(sv->poster, &rq->job, &r)) {
            MHD_suspend_connection(c); /* not answered yet */
            return MHD_YES;
        }
        rq->waiting = 0;
        return server_send_json(c, r.code, r.doc);
    }
    rq->job = (post_job){ .body = rq->body.data, .len = rq->body.len, .too_big = rq->too_big,
                          .similar = similar, .connection = c };
    atomic_fetch_add(&sv->posts_open, 1); /* before the poster can answer it */
    if (!poster_submit(sv->poster, &rq->job)) {
        atomic_fetch_sub(&sv->posts_open, 1);
        return server_send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "the server is stopping");
    }
    rq->posted = 1;
    rq->waiting = 1;
    MHD_suspend_connection(c);
    return MHD_YES;
}

static enum MHD_Result route(server *sv, struct MHD_Connection *c, const char *url, const char *method,
                             request *rq)
{
    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    int post = strcmp(method, "POST") == 0;
    if (strncmp(url, "/api/", 5) != 0) {
        if (!get)
            return server_send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET for pages");
        /* /favicon.ico, which browsers ask for by themselves, is the page's
         * icon (an SVG: every browser that asks reads the type it is sent
         * with), not a 404 each browser logs as an error */
        const char *path = strcmp(url, "/") == 0 ? "/index.html" : strcmp(url, "/favicon.ico") == 0 ? "/favicon.svg" : url;
        /* Only the compiled-in files exist: no path reaches the file system. */
        for (const web_asset *w = web_assets; w->path; w++)
            if (strcmp(w->path, path) == 0)
                return server_send_bytes(c, MHD_HTTP_OK, w->type, w->data, w->size, MHD_RESPMEM_PERSISTENT);
        return server_send_error(c, MHD_HTTP_NOT_FOUND, "no such page");
    }
    const char *rest = url + 5;
    if (post && strcmp(rest, "articles") == 0)
        return answer_post(sv, c, rq, 0);
    if (post && strcmp(rest, "similar") == 0)
        return answer_post(sv, c, rq, 1);
    enum MHD_Result ret;
    if (!server_refresh(sv, c, &ret))
        return ret;
    if (!get)
        return server_send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "%s is not allowed here", method);
    size_t k;
    if (strcmp(rest, "stories") == 0)
        return api_stories(sv, c);
    if (strncmp(rest, "stories/", 8) == 0) {
        if (!server_parse_label(rest + 8, 's', sv->ans.n_stories, &k))
            return server_send_missing(c, "story", rest + 8, 's', sv->ans.n_stories);
        return server_send_json(c, MHD_HTTP_OK, view_story(&sv->ans, k, VIEW_ARTICLE_OBJECTS));
    }
    if (strncmp(rest, "storylines/", 11) == 0)
        return api_storyline(sv, c, rest + 11);
    if (strncmp(rest, "articles/", 9) == 0 && rest[9])
        return api_article(sv, c, rest + 9);
    if (strcmp(rest, "search") == 0)
        return api_search(sv, c);
    return server_send_error(c, MHD_HTTP_NOT_FOUND, "no such API call");
}

static enum MHD_Result add_value_size(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    *(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

/* The bytes of a request's headers or query arguments, about as sent
 * ("Key: value\r\n", "key=value&"). */
static size_t values_size(struct MHD_Connection *c, enum MHD_ValueKind kind)
{
    size_t n = 0;
    MHD_get_connection_values(c, kind, add_value_size, &n);
    return n;
}

/* A decoded path for the log into out: its control bytes as \xNN, and
 * its NULs (unescape's C0 80) as \x00, as the client sent them. */
static void show_path(char *out, size_t size, const char *url)
{
    size_t n = 0;
    char piece[2048];
    out[0] = '\0';
    for (const char *p = url; *p && n + 5 < size;) {
        const char *nul = strstr(p, "\xC0\x80");
        size_t len = nul ? (size_t)(nul - p) : strlen(p);
        snprintf(piece, sizeof piece, "%.*s", (int)(len < sizeof piece ? len : sizeof piece - 1), p);
        n += utf8_escape_controls(out + n, size - n, piece);
        if (!nul)
            break;
        if (n + 5 < size)
            n += (size_t)snprintf(out + n, size - n, "\\x00");
        p = nul + 2;
    }
}

/* The request log: one line a request, with the status answered.  The
 * path is the client's, decoded: its control bytes are written as \xNN
 * (an ESC or a newline in it reached the terminal, or began a line). */
static void log_request(const server *sv, struct MHD_Connection *c, const char *method, const char *url)
{
    if (sv->quiet)
        return;
    char shown_method[64], shown_url[2048];
    utf8_escape_controls(shown_method, sizeof shown_method, method);
    show_path(shown_url, sizeof shown_url, url);
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_HTTP_STATUS);
    if (info)
        fprintf(stderr, "newsprint: serve: %s %s %u\n", shown_method, shown_url, info->http_status);
    else
        fprintf(stderr, "newsprint: serve: %s %s\n", shown_method, shown_url);
}

static enum MHD_Result count_content_length(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    (void)value;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
        (*(size_t *)cls)++;
    return MHD_YES;
}

/* How many Content-Length headers the request has.  libmicrohttpd reads
 * the body by the first and lets the others by: a request of two (5,
 * then 50) was answered, but one of 50, then 5, left the server waiting
 * for 45 bytes the client never meant to send (RFC 9112, 6.3: a request
 * of more than one is unrecoverable, answered 400). */
static size_t content_lengths(struct MHD_Connection *c)
{
    size_t n = 0;
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_content_length, &n);
    return n;
}

/* The first call of a request, with its head only: an oversized head, a
 * declared oversized body or a body declared twice, is refused now.
 * returns: 1 and *ret when refused, else 0. */
static int refused_at_head(struct MHD_Connection *c, const char *url, enum MHD_Result *ret)
{
    const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    size_t lengths = len ? content_lengths(c) : 0;
    if (strlen(url) + values_size(c, MHD_GET_ARGUMENT_KIND) > MAX_HEAD)
        *ret = server_send_error(c, MHD_HTTP_URI_TOO_LONG, "the URL is longer than %d bytes", MAX_HEAD);
    else if (values_size(c, MHD_HEADER_KIND) > MAX_HEAD)
        *ret = server_send_error(c, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE,
                                 "the request headers are larger than %d bytes", MAX_HEAD);
    else if (lengths > 1)
        *ret = server_send_error(c, MHD_HTTP_BAD_REQUEST, "the request has %zu Content-Length headers: an HTTP "
                                 "request has one at most", lengths);
    else if (len && strtoull(len, NULL, 10) > POST_MAX_BODY)
        *ret = server_send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "the body is larger than %d bytes", POST_MAX_BODY);
    else
        return 0;
    return 1;
}

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Restarts c's clock: answering (not timed) or waiting for its client. */
static void clock_restart(server *sv, struct MHD_Connection *c, int answering)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    conn_clock *k = info ? info->socket_context : NULL;
    if (!k)
        return;
    pthread_mutex_lock(&sv->clocks_lock);
    clock_gettime(CLOCK_MONOTONIC, &k->started);
    k->answering = answering;
    pthread_mutex_unlock(&sv->clocks_lock);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    server *sv = cls;
    conn_clock *k = *socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!info || !(k = calloc(1, sizeof *k)))
            return; /* not timed: libmicrohttpd's silence time-out still holds */
        k->fd = info->connect_fd;
        clock_gettime(CLOCK_MONOTONIC, &k->started);
        pthread_mutex_lock(&sv->clocks_lock);
        k->next = sv->clocks;
        if (sv->clocks)
            sv->clocks->prev = k;
        sv->clocks = k;
        pthread_mutex_unlock(&sv->clocks_lock);
        *socket_context = k;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && k) {
        /* off the list before libmicrohttpd closes the socket, whose
         * number may then be another's */
        pthread_mutex_lock(&sv->clocks_lock);
        if (k->prev)
            k->prev->next = k->next;
        else
            sv->clocks = k->next;
        if (k->next)
            k->next->prev = k->prev;
        pthread_mutex_unlock(&sv->clocks_lock);
        free(k);
        *socket_context = NULL;
    }
}

/* Shuts down the sockets of clients whose request has taken longer than
 * request_seconds to arrive (or their answer to be taken): libmicrohttpd
 * then sees the connection end and closes it.  returns: how many */
static size_t cut_slow_clients(server *sv)
{
    size_t n = 0;
    pthread_mutex_lock(&sv->clocks_lock);
    for (conn_clock *k = sv->clocks; k; k = k->next)
        if (!k->answering && !k->cut && seconds_since(&k->started) >= (double)sv->request_seconds) {
            shutdown(k->fd, SHUT_RDWR);
            k->cut = 1;
            n++;
        }
    pthread_mutex_unlock(&sv->clocks_lock);
    return n;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **state)
{
    server *sv = cls;
    (void)version;
    request *rq = *state;
    if (!rq) {
        /* First call: headers only. */
        enum MHD_Result ret;
        if (refused_at_head(c, url, &ret)) {
            log_request(sv, c, method, url);
            return ret;
        }
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        buf_init(&rq->body, NULL);
        *state = rq;
        return MHD_YES;
    }
    if (*upload_size) {
        if (rq->body.len + *upload_size > POST_MAX_BODY)
            rq->too_big = 1;
        else if (buf_append(&rq->body, upload, *upload_size) != NP_OK)
            rq->too_big = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    clock_restart(sv, c, 1);
    enum MHD_Result ret = route(sv, c, url, method, rq);
    if (rq->waiting) /* on the poster's thread: not timed */
        return ret;
    clock_restart(sv, c, 0); /* the client has request_seconds to take the answer */
    log_request(sv, c, method, url);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
                         enum MHD_RequestTerminationCode code)
{
    (void)code;
    server *sv = cls;
    clock_restart(sv, c, 0); /* the next request's clock */
    request *rq = *state;
    if (rq) {
        post_reply r;
        /* a POST answered while the server stopped, closed unsent */
        if (rq->waiting && poster_reply(sv->poster, &rq->job, &r))
            json_decref(r.doc);
        if (rq->posted)
            atomic_fetch_sub(&sv->posts_open, 1);
        buf_free(&rq->body);
        free(rq);
        *state = NULL;
    }
}

/* libmicrohttpd's notes on one client that hung up or sent a malformed
 * request: the client's doing, of no use to whoever runs the server, so
 * --quiet leaves them out as it leaves out the request log.  Its other
 * messages (limits reached, a socket it cannot accept) are the server's. */
static int client_note(const char *fmt)
{
    static const char *const notes[] = {
        "Connection socket is closed", "Socket has been disconnected", "Connection was closed by remote side",
        "The connection was forcibly closed", "The socket is no longer available", "The socket is not connected",
        "Error processing request", "Too large value of 'Content-Length'", "Failed to parse `Content-Length'",
    };
    for (size_t i = 0; i < sizeof notes / sizeof *notes; i++)
        if (strncmp(fmt, notes[i], strlen(notes[i])) == 0)
            return 1;
    return 0;
}

/* libmicrohttpd's own messages, as newsprint's; those of a start that
 * fails are left out: server_run reports it once, with its reason. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    server *sv = cls;
    if (!atomic_load(&sv->started) || (sv->quiet && client_note(fmt)))
        return;
    fputs("newsprint: serve: ", stderr);
    vfprintf(stderr, fmt, ap);
}

/* Stopping, once the poster has answered every POST (the queued ones 503):
 * their connections were resumed, but the daemon stopped before it sent
 * the answers, and those clients saw their connection closed with none.
 * New connections are refused meanwhile; at most STOP_SECONDS (a client
 * that does not take its answer). */
static void stop_answering_posts(server *sv, struct MHD_Daemon *d)
{
    MHD_socket listener = MHD_quiesce_daemon(d);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    const struct timespec pause = { 0, 10 * 1000 * 1000 };
    for (int waited = 0; atomic_load(&sv->posts_open) > 0 && waited < STOP_SECONDS * 100; waited++)
        nanosleep(&pause, NULL);
}

/* Why addr cannot be listened on, into why (size bytes): the system's words,
 * and what to do about the commonest reasons.  returns: why, or NULL */
static const char *listen_problem(const struct sockaddr_in *addr, char *why, size_t size)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return strerror(errno);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    int bound = bind(fd, (const struct sockaddr *)addr, sizeof *addr) == 0, error = errno;
    close(fd);
    if (bound)
        return NULL;
    /* what to do about the commonest, said with the system's words */
    const char *hint = error == EADDRINUSE ? ": another program listens there (give another --port, or --port 0 "
                                             "for a free one)"
                       : error == EACCES ? ": a port below 1024 needs more rights (give --port 8080 or another above)"
                       : error == EADDRNOTAVAIL ? ": no network interface of this machine has that address (--bind)"
                                                : "";
    snprintf(why, size, "%s%s", strerror(error), hint);
    return why;
}

/* How many connections to take at once: MAX_CONNECTIONS, the process's
 * limit of open files raised to let them in when the system allows (its
 * soft limit is often 1,024), else as many as it leaves room for. */
static unsigned connection_limit(void)
{
    struct rlimit r;
    if (getrlimit(RLIMIT_NOFILE, &r) != 0)
        return MAX_CONNECTIONS;
    rlim_t want = (rlim_t)MAX_CONNECTIONS + RESERVED_FILES;
    if (r.rlim_cur != RLIM_INFINITY && r.rlim_cur < want) {
        struct rlimit raised = r;
        raised.rlim_cur = r.rlim_max == RLIM_INFINITY || r.rlim_max > want ? want : r.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            r = raised;
    }
    if (r.rlim_cur == RLIM_INFINITY || r.rlim_cur >= want)
        return MAX_CONNECTIONS;
    return r.rlim_cur > 2 * RESERVED_FILES ? (unsigned)(r.rlim_cur - RESERVED_FILES) : RESERVED_FILES;
}

int server_run(store *s, const char *db_path, const server_options *o, void (*ready)(unsigned port, void *arg),
               void *arg)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET, o->bind ? o->bind : "127.0.0.1", &addr.sin_addr) != 1) {
        fprintf(stderr, "newsprint: serve: --bind wants an IPv4 address such as 127.0.0.1, not '%s'\n", o->bind);
        return 1;
    }
    server sv = { .db_path = db_path, .quiet = o->quiet, .generation = -1,
                  .request_seconds = o->request_seconds ? o->request_seconds : REQUEST_SECONDS };
    /* this thread's readers go over a handle of their own: s is the
     * poster's, whose thread writes while they read */
    if (store_open(&sv.store, db_path, STORE_READ, NULL) != NP_OK) {
        fprintf(stderr, "newsprint: serve: %s\n", store_errmsg(sv.store));
        store_close(sv.store);
        return 1;
    }
    /* The daemon's and the poster's threads must not take SIGINT/SIGTERM:
     * this thread waits for them (they inherit the mask). */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    if (poster_start(&sv.poster, s) != NP_OK) {
        fprintf(stderr, "newsprint: serve: cannot start a thread for POST requests\n");
        pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
        store_close(sv.store);
        return 1;
    }
    answer_init(&sv.ans);
    /* the stored answer loaded before listening (it was loaded by the first
     * request, which waited for it: 0.3 s at 20,000 articles); when it
     * cannot be, the first request tries again and says why */
    int loaded = server_load(&sv) == NP_OK;
    pthread_mutex_init(&sv.clocks_lock, NULL);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL, on_request, &sv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)TIMEOUT_SECONDS, MHD_OPTION_CONNECTION_LIMIT, connection_limit(),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, &sv, MHD_OPTION_NOTIFY_CONNECTION, on_connection, &sv,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, &sv, MHD_OPTION_UNESCAPE_CALLBACK, server_unescape, NULL,
        MHD_OPTION_END);
    if (!d) {
        char reason[256];
        const char *why = listen_problem(&addr, reason, sizeof reason);
        fprintf(stderr, "newsprint: serve: cannot listen on %s:%u: %s\n", o->bind ? o->bind : "127.0.0.1", o->port,
                why ? why : "the HTTP server did not start");
    } else {
        atomic_store(&sv.started, 1);
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        unsigned port = info ? info->port : o->port;
        /* the address and the answer's counts as the log's first two lines:
         * a client that read the address may ask at once, and its request's
         * line (written by the server's thread) waits for the lock */
        flockfile(stderr);
        if (ready)
            ready(port, arg);
        if (loaded && !sv.quiet)
            fprintf(stderr, "newsprint: serve: %zu article%s in %zu stor%s loaded\n", sv.articles,
                    sv.articles == 1 ? "" : "s", sv.ans.n_stories, sv.ans.n_stories == 1 ? "y" : "ies");
        funlockfile(stderr);
        /* waits for a signal, cutting slow clients once a second meanwhile */
        const struct timespec tick = { 1, 0 };
        for (;;) {
            int sig = sigtimedwait(&stop, NULL, &tick);
            if (sig == SIGINT || sig == SIGTERM)
                break;
            size_t cut = cut_slow_clients(&sv);
            if (cut && !sv.quiet)
                fprintf(stderr, "newsprint: serve: %zu client%s dropped: a request took over %u s to arrive\n", cut,
                        cut == 1 ? "" : "s", sv.request_seconds);
        }
    }
    poster_stop(sv.poster); /* first: the daemon stops with no connection suspended */
    if (d) {
        stop_answering_posts(&sv, d);
        MHD_stop_daemon(d);
    }
    poster_free(sv.poster);
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
    pthread_mutex_destroy(&sv.clocks_lock);
    answer_free(&sv.ans);
    store_close(sv.store);
    return d ? 0 : 1;
}
