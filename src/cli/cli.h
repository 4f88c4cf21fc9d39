/*
 * cli: the newsprint command.  One file per subcommand; shared helpers for
 * option parsing, problem reports and output here.
 */
#ifndef NP_CLI_H
#define NP_CLI_H

#include <stdio.h>

#include "newsprint.h"
#include "common/buf.h"

enum { EXIT_SKIPPED = 1, EXIT_USAGE = 2 };

typedef enum out_format { OUT_TEXT, OUT_JSON, OUT_JSONL, OUT_SUMMARY, OUT_CSV } out_format;

int cmd_clean(int argc, char **argv);
int cmd_cluster(int argc, char **argv);

/* Prints "newsprint: <message>" to stderr. */
void cli_problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parses a --format value; returns 0 when unknown. */
int cli_parse_format(const char *s, out_format *out);

/* The next cleaned article of the inputs: reports each skipped input or
 * record on stderr and counts it.  returns: 1 with *article set, 0 at the
 * end of the inputs. */
int cli_next_article(np_reader *reader, np_cleaner *cleaner, const np_article **article,
                     unsigned long long *skipped);

/* Progress on standard error: a line rewritten about ten times a second,
 * only when standard error is a terminal and --quiet is not given. */
typedef struct progress {
    int on;
    double start, last;
    unsigned long long count;
    const char *what;
} progress;

void progress_start(progress *p, int quiet, const char *what);
void progress_tick(progress *p);            /* one more item */
void progress_note(progress *p, const char *stage); /* a stage without a count */
void progress_end(progress *p);

/* JSON writing into a buffer. */
np_status json_put_string(buf *b, const char *s);  /* NULL writes null */
np_status json_put_key(buf *b, const char *key, int first);

/* Output sink: stdout or a file written beside its final name and renamed
 * into place only when complete, so a failed run never leaves half a file. */
typedef struct sink {
    FILE *file;
    char *final_path;  /* owned; NULL for stdout */
    char *temp_path;   /* owned */
} sink;

int sink_open(sink *s, const char *path);      /* returns 0 on success */
int sink_write(sink *s, const buf *b);         /* returns 0 on success */
int sink_close(sink *s, int success);          /* returns 0 on success */

#endif
