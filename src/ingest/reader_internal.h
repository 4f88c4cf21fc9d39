/*
 * reader_internal: the reader's state and the steps its parts share, for
 * reader.c (inputs: paths, standard input), reader_text.c (a text file
 * read whole), walk.c (the stack of inputs to open, directories and
 * patterns), reader_jsonl.c (records of a JSONL input) and reader_warc.c
 * (pages of a WARC input).  Not part of any interface: include/newsprint.h
 * has the reader's.
 */
#ifndef NP_READER_INTERNAL_H
#define NP_READER_INTERNAL_H

#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <jansson.h>
#include <zlib.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/idset.h"
#include "ingest/id.h"
#include "ingest/jsondate.h"
#include "ingest/linereader.h"
#include "ingest/warcsource.h"

typedef struct pending {
    char *path;       /* owned */
    unsigned depth;   /* directory nesting below the argument */
    unsigned flags;
} pending;

/* FROM_DIR_FILE: a directory's entry its listing says is a regular file
 * (opened, then looked at by its descriptor, not by a stat of its path) */
enum { FROM_DIR = 1, FROM_GLOB = 2, FROM_DIR_FILE = 4 };

struct np_reader {
    const np_allocator *allocator; /* borrowed */
    np_input_format format;

    pending *stack;     /* owned; next input on top */
    size_t n_stack, cap_stack;

    /* the JSONL input being read, if any */
    linereader lines;
    FILE *file;         /* owned */
    gzFile gz;          /* owned: the JSONL or text input, when gzip-compressed
                           or standard input (zlib passes plain bytes as they are) */
    char *path;         /* owned; NULL when no input is open */
    const char *name;   /* the input as messages name it: path, or "standard input" for "-" */
    char *stem;         /* owned: file name without extension */
    int fd;             /* owned when >= 0: the input open as a descriptor
                           (FROM_DIR_FILE), until its text is read */

    warcsource warc;    /* owned when warc_open: the WARC input being read, plain or gzip */
    int warc_open;
    unsigned long long warc_records;
    int warc_line_ready; /* warc_line holds the next record's first line, found by a scan */
    uint64_t warc_line_at; /* where warc_line began (warcsource_tell) */
    int warc_truncated;  /* a record cut short by the file's end was said */
    uint64_t warc_headers; /* records of the open WARC input that began "WARC/" */
    /* the stretches of the open WARC input passed over, said once at its end */
    uint64_t warc_lost, warc_lost_bytes, warc_lost_inflated;
    struct warc_stretch {
        unsigned long long record; /* the record lost there */
        uint64_t from, to;
        int to_end;                /* ran to the file's end */
        int inflated;              /* from and to count inflated bytes, not the file's */
    } warc_first, warc_last;
    char warc_lost_why[200]; /* the first stretch's cause */
    int input_held;     /* the JSONL or WARC input open now showed a line that is not blank */
    buf warc_line;
    buf warc_meta;      /* the current WARC record's id, url and charset */
    buf text;           /* bytes of the current record */
    buf id;             /* the current record's id */
    char date_text[JSONDATE_MAX]; /* the current record's date when JSON gave no string */
    char unread[200];   /* its title, url or source fields not read, and why, or "" */
    json_t *json;       /* owned: the current JSONL object, when jansson read it */
    int ints_as_reals;  /* json was read with integers past 64 bits as reals */
    buf fields;         /* the current JSONL record's strings, when the scanner read it */
    np_record record;

    /* the directories being walked, outermost first: dirs[d] is the one at
     * depth d above the input open now (a link back to one is a loop);
     * fd: owned when >= 0, it open, for its entries' files to be opened
     * by name from it (openat: one path component looked up, not the
     * whole path's); n_dirs: how many of them have been set */
    struct { dev_t dev; ino_t ino; int fd; } dirs[NP_MAX_PATH_DEPTH];
    unsigned n_dirs;

    /* the run's own output files (np_reader_pass_over): a walk passes them over */
    struct { dev_t dev; ino_t ino; } own_files[4];
    size_t n_own_files;

    idset seen_ids;
    uint64_t n_records, n_skipped;
    uint64_t duplicates;  /* records skipped for an id an earlier one has */
    uint64_t no_text;     /* JSONL records skipped for no "text", "html" or "markdown" string */
    int unnamed;          /* the last failure is one of those, past the named ones */
    /* .json files a directory walk met that are no JSONL (a project's
     * package.json, tsconfig.json): the first is named, the others counted
     * and the first of them listed, for one line at the end */
    uint64_t walk_json;
    char walk_json_names[600];
    unsigned walk_json_kinds; /* WALK_JSON_* of those counted */
    int walk_json_file;   /* the JSONL open now is a .json file a walk met */
    /* files a directory walk passed over as no articles by their names
     * (README.md, LICENSE, a photo): counted and the first listed, for
     * one note at the end, so that none is lost without a word */
    uint64_t walk_passed;
    char walk_passed_names[600];
    uint64_t bytes_done;  /* sizes of the files closed so far */
    uint64_t input_size;  /* of the file open now, when it is a regular file */
    char errmsg[1024];
};

/* Where a record is, for its messages: "PATH:N" (line N), "PATH: record N"
 * or "PATH", written only when there is something to say. */
typedef struct place {
    const char *path;
    const char *unit; /* "line", "record", or NULL for the whole file */
    unsigned long long number;
} place;

/* Sets the reader's message (printf's), counts a skipped input or record
 * and returns st. */
np_status reader_fail(np_reader *r, np_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* reader_fail, the message after "PATH:N: " (line N), "PATH: record N: "
 * or "PATH: ". */
np_status reader_fail_at(np_reader *r, const place *at, np_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Every id, whatever gave it (a JSONL "id", a file name, a WARC URI), is
 * refused when blank or already seen: r->id against the ids seen.  A
 * record the cleaner will refuse as binary (binary: from
 * reader_refused_as_binary) takes no id. */
np_status reader_accept_id(np_reader *r, const place *at, int binary);

/* Whether the cleaner will refuse a record of text[0..len) as binary. */
int reader_refused_as_binary(const np_reader *r, const char *text, size_t len);

/* Closes the input open now, if any, and forgets its state. */
void reader_close_input(np_reader *r);

/* The JSONL or WARC input open now held nothing but blanks: skipped, as
 * an empty text file is.  returns: NP_EINPUT, the input closed */
np_status reader_empty_input(np_reader *r);

/* Whether a file's first n bytes (head) open gzip data; a WARC crawl's
 * first record ("WARC/1.0" or "WARC/1.1"). */
int reader_opens_gzip(const unsigned char *head, size_t n);
int reader_opens_warc(const unsigned char *head, size_t n);

/* A blank byte: a space, tab, CR or LF. */
int reader_is_blank(char c);

/* What zlib says is wrong with gz, without its "file: " prefix. */
const char *reader_gzip_problem(gzFile gz);

/* Whether gz failed at a read a signal cut short (EINTR: a handler that
 * does not restart reads), which is no damage in its data: NP_EINTR. */
int reader_gzip_interrupted(gzFile gz);

/* reader_text.c: the whole text file, or gzip stream (a compressed file,
 * standard input), read into r->text, at most the cap; name: the input as
 * messages name it; size_hint: its size where known. */
np_status reader_read_text_file(np_reader *r, FILE *f, gzFile gz, const char *name, size_t size_hint);

/* reader_text.c: the regular file at path (size bytes when stat looked, at
 * most the cap) read whole into r->text by one read.  returns: 1 read
 * (*st: NP_OK when it holds text, else what failed, said), 0 when its
 * first bytes ask for the stdio path (gzip data, another compression, a
 * WARC crawl): nothing said */
int reader_read_plain_file(np_reader *r, const char *path, size_t size, np_status *st);

/* reader_text.c: opens a directory's regular file (FROM_DIR_FILE) into
 * r->fd, by its name in the directory open as dir_fd when that is >= 0,
 * else by path; its stat into *sb; returns: 0, else -1 with r->fd closed
 * (errno set: the caller asks stat as for any other input) */
int reader_open_walked(np_reader *r, int dir_fd, const char *path, struct stat *sb);

/* A .json file a directory walk met is refused (its failure just set), of
 * kind WALK_JSON_*: past the first, counted for one line at the end. */
void reader_walk_json_refused(np_reader *r, unsigned kind);

/* reader_jsonl.c: the next record of the open JSONL input, NP_DONE at its
 * end.  Without `decode`, a record line is passed over: NP_OK, nothing
 * parsed. */
np_status reader_next_jsonl(np_reader *r, int decode);

/* reader_warc.c: the next HTML page of the open WARC input, NP_OK with
 * r->record set; NP_DONE at its end. */
np_status reader_next_warc(np_reader *r);

#endif
