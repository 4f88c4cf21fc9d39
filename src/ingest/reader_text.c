/*
 * reader_text: a text, HTML or Markdown input read whole into r->text, as
 * one article: a regular file of plain text by one read, a gzip stream or
 * standard input in chunks (reader_internal.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "common/buf.h"
#include "ingest/id.h"
#include "ingest/reader_internal.h"

/* NP_OK when r->text holds more than blanks, else the file said empty */
static np_status text_not_blank(np_reader *r, const char *name)
{
    size_t i = 0;
    while (i < r->text.len && reader_is_blank(r->text.data[i]))
        i++;
    if (i == r->text.len)
        return reader_fail(r, NP_EINPUT, "%s: empty file, skipped", name);
    return NP_OK;
}

/* Reads a whole text file, or gzip stream (a compressed file, stdin), into
 * r->text, at most the cap; name: the input as messages name it. */
np_status reader_read_text_file(np_reader *r, FILE *f, gzFile gz, const char *name, size_t size_hint)
{
    buf_clear(&r->text);
    /* one allocation for a file of known size instead of doubling copies */
    if (size_hint && size_hint <= NP_MAX_RECORD_BYTES && buf_reserve(&r->text, size_hint + 1) != NP_OK)
        return reader_fail(r, NP_ENOMEM, "%s: out of memory reading file", name);
    char chunk[65536];
    int got;
    while ((got = gz ? gzread(gz, chunk, sizeof chunk) : (int)fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (r->text.len + (size_t)got > NP_MAX_RECORD_BYTES)
            return reader_fail(r, NP_EINPUT, "%s: larger than the %u MiB article cap, skipped", name,
                        NP_MAX_RECORD_BYTES >> 20);
        if (buf_append(&r->text, chunk, (size_t)got) != NP_OK)
            return reader_fail(r, NP_ENOMEM, "%s: out of memory reading file", name);
    }
    int err = Z_OK, why = errno;
    if (gz)
        gzerror(gz, &err);
    /* a read a stop signal cut short (add's handler does not restart it)
     * is no damage in the data */
    if (gz ? got < 0 && reader_gzip_interrupted(gz) : ferror(f) && why == EINTR)
        return reader_fail(r, NP_EINTR, "%s: reading stopped by a signal, skipped", name);
    if (gz && (got < 0 || (err != Z_OK && err != Z_STREAM_END)))
        return reader_fail(r, NP_EINPUT, "%s: gzip data damaged or cut short (%s), skipped", name, reader_gzip_problem(gz));
    if (!gz && ferror(f))
        return reader_fail(r, NP_EIO, "%s: read error: %s", name, strerror(why));
    return text_not_blank(r, name);
}

/* A regular file of plain text, at most the cap (size: its size when
 * stat looked), read whole into r->text by one read: open, read, close.
 * Through stdio a file took ten system calls (a sniff of its first bytes
 * and a rewind for gzip, again for WARC, reads of 4 KiB, 60 KiB and the
 * end); for 20,000 text files of about 2.5 KB that was 0.23 s of system
 * time against 0.03 s for the same articles in one JSONL file.  returns:
 * 1 read (*st: whether it holds text), 0 its first bytes ask for the
 * stdio path (gzip data, another compression, a WARC crawl): nothing said,
 * r->text undefined */
int reader_read_plain_file(np_reader *r, const char *path, size_t size, np_status *st)
{
    *st = NP_OK;
    buf_clear(&r->text);
    if (buf_reserve(&r->text, size + 1) != NP_OK) {
        *st = reader_fail(r, NP_ENOMEM, "%s: out of memory reading file", path);
        return 1;
    }
    int fd = r->fd >= 0 ? r->fd : open(path, O_RDONLY | O_CLOEXEC);
    r->fd = -1; /* closed here */
    if (fd < 0) {
        *st = reader_fail(r, NP_EIO, "%s: cannot open: %s", path, strerror(errno));
        return 1;
    }
    /* a short read is the end of a regular file; one that grew since stat
     * is read on until its end, under the cap */
    for (;;) {
        size_t room = r->text.cap - r->text.len - 1;
        ssize_t got = read(fd, r->text.data + r->text.len, room);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *st = reader_fail(r, NP_EIO, "%s: read error: %s", path, strerror(errno));
            break;
        }
        r->text.len += (size_t)got;
        r->text.data[r->text.len] = '\0';
        if ((size_t)got < room)
            break;
        if (r->text.len >= NP_MAX_RECORD_BYTES) {
            *st = reader_fail(r, NP_EINPUT, "%s: larger than the %u MiB article cap, skipped", path,
                              NP_MAX_RECORD_BYTES >> 20);
            break;
        }
        if (buf_reserve(&r->text, r->text.len < 65536 ? 65536 : r->text.len) != NP_OK) {
            *st = reader_fail(r, NP_ENOMEM, "%s: out of memory reading file", path);
            break;
        }
    }
    close(fd);
    if (*st != NP_OK)
        return 1;
    const unsigned char *magic = (const unsigned char *)r->text.data;
    size_t n = r->text.len < 8 ? r->text.len : 8;
    if (input_compression(magic, n) || reader_opens_gzip(magic, n) ||
        (r->format == NP_FORMAT_AUTO && reader_opens_warc(magic, n)))
        return 0;
    *st = text_not_blank(r, path);
    return 1;
}

int reader_open_walked(np_reader *r, int dir_fd, const char *path, struct stat *sb)
{
    /* not blocking: an entry made a pipe since the listing is refused as
     * one (its stat says so), not waited on */
    const int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
    const char *name = strrchr(path, '/');
    r->fd = dir_fd >= 0 && name ? openat(dir_fd, name + 1, flags) : open(path, flags);
    if (r->fd >= 0 && fstat(r->fd, sb) == 0)
        return 0;
    int why = errno;
    if (r->fd >= 0)
        close(r->fd);
    r->fd = -1;
    errno = why;
    return -1;
}
