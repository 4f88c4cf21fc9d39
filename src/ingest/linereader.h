/*
 * linereader: reads a stream line by line through a fixed chunk buffer.
 *
 * Owns one chunk and one line buffer that never grows past
 * NP_MAX_RECORD_BYTES: a longer line is consumed up to its newline and
 * reported as LINE_TOO_LONG, so one 200 MB line costs no more memory than
 * the cap.  Borrows the FILE, or the gzip stream, it reads.
 */
#ifndef NP_LINEREADER_H
#define NP_LINEREADER_H

#include <stdio.h>
#include <zlib.h>

#include "common/buf.h"

typedef enum linereader_result {
    LINE_OK,
    LINE_EOF,
    LINE_TOO_LONG,
    LINE_ERROR,  /* read error; errno value in ->error */
    LINE_NOMEM
} linereader_result;

typedef struct linereader {
    FILE *file;            /* borrowed; NULL when gz is read */
    gzFile gz;             /* borrowed: a gzip-compressed input, or NULL */
    char *chunk;           /* owned, CHUNK bytes */
    size_t pos, len;
    buf line;
    unsigned long long lineno;
    int error;
    int eof;
} linereader;

void linereader_init(linereader *lr, const np_allocator *allocator);
void linereader_start(linereader *lr, FILE *file);
/* The same over a gzip stream; a damaged or cut one is a LINE_ERROR
 * (gzerror says what). */
void linereader_start_gz(linereader *lr, gzFile gz);
void linereader_reset(linereader *lr);
/* After a start: the stream given begins after `lines` lines the caller
 * read (blank ones, looking for the first byte), so that line numbers are
 * the input's. */
void linereader_lines_before(linereader *lr, unsigned long long lines);
/* *line is borrowed until the next call; it excludes the newline, and a
 * UTF-8 byte-order mark that opens it */
linereader_result linereader_next(linereader *lr, const char **line, size_t *len);
void linereader_free(linereader *lr);

#endif
