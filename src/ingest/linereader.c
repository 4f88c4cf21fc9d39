/* linereader: bounded line reading over a chunk buffer. */
#include "ingest/linereader.h"

#include <errno.h>
#include <string.h>

#include "common/alloc.h"

enum { CHUNK = 1 << 16 };

void linereader_init(linereader *lr, const np_allocator *allocator)
{
    memset(lr, 0, sizeof *lr);
    buf_init(&lr->line, allocator);
}

void linereader_start(linereader *lr, FILE *file)
{
    linereader_reset(lr);
    lr->file = file;
}

void linereader_start_gz(linereader *lr, gzFile gz)
{
    linereader_reset(lr);
    lr->gz = gz;
}

void linereader_reset(linereader *lr)
{
    lr->file = NULL;
    lr->gz = NULL;
    lr->pos = lr->len = 0;
    lr->lineno = 0;
    lr->error = 0;
    lr->eof = 0;
    buf_clear(&lr->line);
}

void linereader_lines_before(linereader *lr, unsigned long long lines)
{
    lr->lineno = lines;
}

static int refill(linereader *lr)
{
    if (lr->eof)
        return 0;
    if (!lr->chunk && !(lr->chunk = np_alloc(lr->line.allocator, CHUNK)))
        return -2;
    lr->pos = 0;
    if (lr->gz) {
        int got = gzread(lr->gz, lr->chunk, CHUNK), err = Z_OK;
        lr->len = got > 0 ? (size_t)got : 0;
        if (got < 0 || (got == 0 && (gzerror(lr->gz, &err), err != Z_OK && err != Z_STREAM_END))) {
            lr->error = EIO;
            lr->eof = 1; /* reported once: the input ends there */
            return -1;
        }
    } else {
        lr->len = fread(lr->chunk, 1, CHUNK, lr->file);
        if (lr->len == 0 && ferror(lr->file)) {
            lr->error = errno ? errno : EIO;
            lr->eof = 1; /* reported once: the input ends there */
            return -1;
        }
    }
    if (lr->len == 0) {
        lr->eof = 1;
        return 0;
    }
    return 1;
}

linereader_result linereader_next(linereader *lr, const char **line, size_t *len)
{
    buf_clear(&lr->line);
    int too_long = 0, nomem = 0, any = 0;
    for (;;) {
        if (lr->pos == lr->len) {
            int rc = refill(lr);
            if (rc == -1)
                return LINE_ERROR;
            if (rc == -2)
                return LINE_NOMEM;
            if (rc == 0) {
                if (!any)
                    return LINE_EOF;
                break; /* last line without a newline */
            }
        }
        any = 1;
        char *start = lr->chunk + lr->pos;
        size_t avail = lr->len - lr->pos;
        char *nl = memchr(start, '\n', avail);
        size_t take = nl ? (size_t)(nl - start) : avail;
        if (!too_long && !nomem) {
            if (lr->line.len + take > NP_MAX_RECORD_BYTES) {
                too_long = 1;
                buf_free(&lr->line); /* give the memory back at once */
            } else if (buf_append(&lr->line, start, take) != NP_OK) {
                nomem = 1; /* still consume the line, so the next starts clean */
                buf_free(&lr->line);
            }
        }
        lr->pos += take + (nl ? 1 : 0);
        if (nl)
            break;
    }
    lr->lineno++;
    if (nomem)
        return LINE_NOMEM;
    if (too_long)
        return LINE_TOO_LONG;
    /* a UTF-8 byte-order mark before a line is not part of it: before the
     * first, or a later one of files joined with cat, each opened by one
     * (no JSON text starts with U+FEFF) */
    if (lr->line.len >= 3 && memcmp(lr->line.data, "\xEF\xBB\xBF", 3) == 0) {
        *line = lr->line.data + 3;
        *len = lr->line.len - 3;
        return LINE_OK;
    }
    *line = lr->line.data ? lr->line.data : "";
    *len = lr->line.len;
    return LINE_OK;
}

void linereader_free(linereader *lr)
{
    np_free(lr->line.allocator, lr->chunk);
    buf_free(&lr->line);
    lr->chunk = NULL;
}
