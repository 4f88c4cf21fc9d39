/* serve: `newsprint serve`, the HTTP API and web page over a database. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "server/server.h"
#include "store/store.h"

static const char help[] =
    "usage: newsprint serve --db FILE [--port 8080] [--bind 127.0.0.1]\n"
    "                       [--request-seconds 60] [--wait 30] [--quiet]\n"
    "\n"
    "Serves the database made by 'newsprint add' over HTTP: a web page at /\n"
    "(stories, a story's timeline, families with side-by-side diffs,\n"
    "storylines, search) and a JSON API:\n"
    "  GET  /api/stories[?since=YYYY-MM-DD&sort=date|size&order=asc|desc&limit=N&offset=K]\n"
    "  GET  /api/stories/sN\n"
    "  GET  /api/storylines/lN[?offset=K&limit=N&article=ID]\n"
    "                                of the storyline, the latest 50 stories,\n"
    "                                or those around the article's\n"
    "  GET  /api/articles/ID[?storyline_offset=K&storyline_limit=N]\n"
    "                                the article; of its storyline, nine\n"
    "                                stories around its own unless told\n"
    "  GET  /api/search?q=WORDS[&limit=N]\n"
    "  POST /api/articles            add one article: {\"id\", \"text\", \"html\" or\n"
    "                                \"markdown\", \"title\", \"date\", \"url\",\n"
    "                                \"source\"}, the keys of a JSONL line\n"
    "  POST /api/similar             the same body; copies, same-story\n"
    "                                articles and the storyline's other\n"
    "                                stories, without storing it\n"
    "A search finds the articles holding every word; OR between two words\n"
    "finds either, \"quoted words\" a phrase, -word leaves its articles out.\n"
    "Articles added meanwhile by 'newsprint add' are seen at the next request.\n"
    "Stops on Ctrl-C or SIGTERM, once the article a POST is storing is\n"
    "stored and answered; the POSTs queued behind it are answered 503.\n"
    "\n"
    "options:\n"
    "  --db FILE      the database (required; must exist)\n"
    "  --port N       TCP port (default 8080; 0 picks a free one)\n"
    "  --bind ADDR    IPv4 address to listen on (default 127.0.0.1, this\n"
    "                 machine only, as is localhost; 0.0.0.0 opens it to\n"
    "                 the network)\n"
    "  --request-seconds N\n"
    "                 drop a client whose request takes over N seconds to\n"
    "                 arrive, or its answer to be taken (default 60); one\n"
    "                 silent for 15 seconds is dropped too\n"
    "  --wait S       a POST /api/articles waits up to S seconds (default 30;\n"
    "                 0: not at all) for another writer (an add) to finish,\n"
    "                 then is answered 503 saying so; a wait past a second\n"
    "                 is said on standard error\n"
    "  --quiet        no request log on standard error, nor the HTTP\n"
    "                 library's notes on clients that hung up or sent a\n"
    "                 malformed request, nor a POST's wait\n"
    "  --help         this text\n"
    "\n"
    "Exit status: 0 when stopped (Ctrl-C, SIGTERM); 1 the database could not\n"
    "be read or the address not listened on; 2 usage error.\n";

/* store_wait_note: a POST's wait for another writer's lock said, once a
 * wait (add says its own) */
static void note_wait(const char *path, int most_seconds, void *arg)
{
    (void)arg;
    cli_problem("%s: another program (an add, a serve storing a POST) is writing to it; a POST waits for it, "
                "%d s at most", path, most_seconds);
}

static void on_ready(unsigned port, void *arg)
{
    const server_options *o = arg;
    fprintf(stderr, "newsprint: serve: listening on http://%s:%u/\n", o->bind, port);
}

int cmd_serve(int argc, char **argv)
{
    const char *db = NULL;
    server_options o = { .bind = "127.0.0.1", .port = 8080 };
    unsigned wait = STORE_WAIT_SECONDS;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (cli_flag(arg, "--help")) {
            fputs(help, stdout);
            return 0;
        }
        const char *v;
        if (cli_flag(arg, "--quiet")) {
            o.quiet = 1;
        } else if (cli_option(argc, argv, &i, "--db", &v)) {
            if (!v)
                return EXIT_USAGE;
            db = v;
        } else if (cli_option(argc, argv, &i, "--bind", &v)) {
            struct in_addr address;
            if (!v)
                return EXIT_USAGE;
            if (strcmp(v, "localhost") == 0) /* no name looked up: this machine's loopback */
                v = "127.0.0.1";
            if (inet_pton(AF_INET, v, &address) != 1) {
                cli_problem("--bind wants an IPv4 address such as 127.0.0.1, not '%s'", v);
                return EXIT_USAGE;
            }
            o.bind = v;
        } else if (cli_option(argc, argv, &i, "--request-seconds", &v)) {
            if (!v || !cli_parse_number("--request-seconds", v, 1, 86400, NULL, &o.request_seconds))
                return EXIT_USAGE;
        } else if (cli_option(argc, argv, &i, "--port", &v)) {
            if (!v || !cli_parse_number("--port", v, 0, 65535, NULL, &o.port))
                return EXIT_USAGE;
        } else if (cli_option(argc, argv, &i, "--wait", &v)) {
            if (!v || !cli_parse_number("--wait", v, 0, STORE_WAIT_MAX_SECONDS, "seconds", &wait))
                return EXIT_USAGE;
        } else {
            cli_unknown_argument(arg, help);
            return EXIT_USAGE;
        }
    }
    if (!db) {
        cli_problem("--db FILE is required (try 'newsprint serve --help')");
        return EXIT_USAGE;
    }
    store *s = NULL;
    /* Read mode first: a missing file is an error, not a new database. */
    if (store_open(&s, db, STORE_READ, NULL) != NP_OK) {
        cli_problem("%s", store_errmsg(s));
        store_close(s);
        return EXIT_SKIPPED;
    }
    if (store_write_refused(s)) { /* served as it is: adding is refused */
        if (!o.quiet)
            cli_problem("%s %s: served read-only (POST /api/articles is refused)", db,
                        store_read_only(s) ? "is on a read-only file system" : "cannot be written by this user");
    } else if (store_close(s), store_open_noting(&s, db, STORE_WRITE, NULL, wait, o.quiet ? NULL : note_wait, NULL) != NP_OK) {
        cli_problem("%s", store_errmsg(s));
        store_close(s);
        return EXIT_SKIPPED;
    }
    int rc = server_run(s, db, &o, on_ready, &o);
    store_close(s);
    return rc ? EXIT_SKIPPED : 0;
}
