/*
 * warcsource: a WARC file's bytes, gzip members inflated one by one so that
 * reading goes on past a damaged one (see warcsource.h).
 */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/alloc.h"
#include "ingest/warcsource.h"

enum { IN_CAP = 65536, OUT_CAP = 65536, PROBE_BYTES = 4096 };

static const char WARC_START[] = "WARC/1.";

static voidpf zlib_alloc(voidpf opaque, uInt items, uInt size)
{
    return np_alloc_array(opaque, items, size);
}

static void zlib_free(voidpf opaque, voidpf address)
{
    np_free(opaque, address);
}

/* More raw bytes after the unread ones.  returns: bytes added, 0 at the
 * file's end, -1 on a read error */
static ssize_t fill_in(warcsource *ws)
{
    if (ws->in_pos) {
        memmove(ws->in, ws->in + ws->in_pos, ws->in_len - ws->in_pos);
        ws->in_offset += ws->in_pos;
        ws->in_len -= ws->in_pos;
        ws->in_pos = 0;
    }
    ssize_t got;
    do
        got = read(ws->fd, ws->in + ws->in_len, IN_CAP - ws->in_len);
    while (got < 0 && errno == EINTR);
    if (got < 0)
        ws->error = errno;
    else
        ws->in_len += (size_t)got;
    return got;
}

int warcsource_open(warcsource *ws, const char *path, const np_allocator *allocator)
{
    memset(ws, 0, sizeof *ws);
    ws->allocator = allocator;
    ws->fd = -1;
    buf_init(&ws->back, allocator);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    ws->fd = fd;
    ws->in = np_alloc(allocator, IN_CAP);
    ws->out = np_alloc(allocator, OUT_CAP);
    ws->z.zalloc = zlib_alloc;
    ws->z.zfree = zlib_free;
    ws->z.opaque = (voidpf)allocator;
    if (!ws->in || !ws->out || inflateInit2(&ws->z, MAX_WBITS + 16) != Z_OK) {
        warcsource_close(ws);
        return ENOMEM;
    }
    ws->z_ready = 1;
    while (ws->in_len < 5) {
        ssize_t got = fill_in(ws);
        if (got < 0) {
            int error = ws->error;
            warcsource_close(ws);
            return error;
        }
        if (got == 0)
            break;
    }
    /* a .gz name whose first member's header is damaged is gzip still
     * (warcsource_resync finds the next member); one that opens as a
     * WARC record, or holds only blanks (an empty file), is a plain file
     * misnamed */
    size_t name_len = strlen(path), blanks = 0;
    int gz_name = name_len > 3 && strcmp(path + name_len - 3, ".gz") == 0;
    while (blanks < ws->in_len && strchr(" \t\r\n", ws->in[blanks]) && ws->in[blanks])
        blanks++;
    ws->gzip = (ws->in_len >= 2 && ws->in[0] == 0x1f && ws->in[1] == 0x8b) ||
               (gz_name && blanks < ws->in_len && (ws->in_len < 5 || memcmp(ws->in, "WARC/", 5) != 0));
    if (!ws->gzip) { /* read as it is: the bytes read are the first out */
        memcpy(ws->out, ws->in, ws->in_len);
        ws->out_len = ws->produced = ws->in_len;
        ws->in_len = 0;
    }
    return 0;
}

int warcsource_open_stream(warcsource *ws, gzFile gz, const np_allocator *allocator)
{
    memset(ws, 0, sizeof *ws);
    ws->allocator = allocator;
    ws->fd = -1;
    ws->stream = gz;
    buf_init(&ws->back, allocator);
    ws->out = np_alloc(allocator, OUT_CAP);
    if (!ws->out) {
        warcsource_close(ws);
        return ENOMEM;
    }
    return 0;
}

void warcsource_close(warcsource *ws)
{
    if (ws->fd >= 0)
        close(ws->fd);
    ws->fd = -1;
    if (ws->stream)
        gzclose(ws->stream);
    ws->stream = NULL;
    if (ws->z_ready)
        inflateEnd(&ws->z);
    ws->z_ready = 0;
    np_free(ws->allocator, ws->in);
    np_free(ws->allocator, ws->out);
    ws->in = ws->out = NULL;
    buf_free(&ws->back);
}

static int stop(warcsource *ws, warcsource_state state)
{
    ws->state = state;
    return 0;
}

/* Damage at the file offset `at`; resync searches from search_from. */
static void damaged(warcsource *ws, uint64_t at, const char *why)
{
    ws->pending = WARCSOURCE_DAMAGED;
    ws->damaged_at = at;
    snprintf(ws->why, sizeof ws->why, "%s", why);
    ws->in_member = 0;
}

/* The next member's header, after zero bytes that pad the last one.
 * returns: 1 when a member starts, 0 when reading stops (state said) */
static int start_member(warcsource *ws)
{
    for (;;) {
        if (ws->in_len - ws->in_pos < 2) {
            ssize_t got = fill_in(ws);
            if (got < 0)
                return stop(ws, WARCSOURCE_READ_ERROR);
            if (got == 0 && ws->in_pos == ws->in_len)
                return stop(ws, WARCSOURCE_END);
        }
        if (ws->in[ws->in_pos] != 0)
            break;
        ws->in_pos++;
    }
    uint64_t at = ws->in_offset + ws->in_pos;
    if (ws->in_len - ws->in_pos < 2 || ws->in[ws->in_pos] != 0x1f || ws->in[ws->in_pos + 1] != 0x8b) {
        ws->member_start = at;
        damaged(ws, at, "bytes that are no gzip member");
        return stop(ws, WARCSOURCE_DAMAGED);
    }
    ws->member_start = at;
    inflateReset(&ws->z);
    ws->in_member = 1;
    return 1;
}

/* Fills out from a stream, through zlib: gzip data inflated (a member after
 * another too), other bytes as they are.  returns: as refill */
static int refill_stream(warcsource *ws)
{
    /* zlib's gzread drops what it copied when the next member it inflates
     * is damaged: what its buffer holds (->have, zlib.h's public part of
     * a gzFile) is taken alone, and a byte when it is empty, which makes
     * zlib fill it again */
    unsigned have = ws->stream->have;
    int got = gzread(ws->stream, ws->out, have ? (have < OUT_CAP ? have : OUT_CAP) : 1);
    int zerr = Z_OK;
    const char *why = gzerror(ws->stream, &zerr);
    if (got > 0) {
        ws->out_len = (size_t)got;
        ws->produced += (size_t)got;
        return 1;
    }
    if (zerr == Z_ERRNO) {
        /* zlib keeps the failed read's strerror(errno); errno may be a
         * later call's (the one that found the stream failed) */
        const char *said = why ? strstr(why, ": ") : NULL;
        ws->error = said && strcmp(said + 2, strerror(EINTR)) == 0 ? EINTR : errno ? errno : EIO;
        return stop(ws, WARCSOURCE_READ_ERROR);
    }
    if (zerr == Z_MEM_ERROR)
        return stop(ws, WARCSOURCE_NOMEM);
    if (zerr == Z_BUF_ERROR) { /* gzip data that ends inside a member */
        ws->damaged_at = ws->produced;
        return stop(ws, WARCSOURCE_CUT_SHORT);
    }
    if (zerr != Z_OK) {
        ws->error = 0;
        const char *named = why && strncmp(why, "<fd:", 4) == 0 ? strstr(why, ": ") : NULL;
        why = named ? named + 2 : why; /* gzdopen names the stream "<fd:N>" */
        snprintf(ws->why, sizeof ws->why, "damaged gzip data (%s)", why && why[0] ? why : "damaged data");
        return stop(ws, WARCSOURCE_READ_ERROR);
    }
    return stop(ws, WARCSOURCE_END);
}

/* Fills out from the file.  returns: 1 when it holds bytes, 0 when reading
 * stops (->state says why) */
static int refill(warcsource *ws)
{
    if (!ws->gzip)
        ws->in_offset += ws->out_len;
    ws->out_pos = ws->out_len = 0;
    if (ws->state != WARCSOURCE_OK)
        return 0;
    if (ws->pending != WARCSOURCE_OK)
        return stop(ws, ws->pending);
    if (ws->stream)
        return refill_stream(ws);
    if (!ws->gzip) {
        ssize_t got;
        do
            got = read(ws->fd, ws->out, OUT_CAP);
        while (got < 0 && errno == EINTR);
        if (got < 0) {
            ws->error = errno;
            return stop(ws, WARCSOURCE_READ_ERROR);
        }
        ws->out_len = (size_t)got;
        ws->produced += (size_t)got;
        return got ? 1 : stop(ws, WARCSOURCE_END);
    }
    for (;;) {
        if (!ws->in_member && !start_member(ws))
            return 0;
        if (ws->in_pos == ws->in_len) {
            ssize_t got = fill_in(ws);
            if (got < 0)
                return stop(ws, WARCSOURCE_READ_ERROR);
            if (got == 0) {
                ws->damaged_at = ws->in_offset + ws->in_pos;
                return stop(ws, WARCSOURCE_CUT_SHORT);
            }
        }
        ws->z.next_in = ws->in + ws->in_pos;
        ws->z.avail_in = (uInt)(ws->in_len - ws->in_pos);
        ws->z.next_out = ws->out;
        ws->z.avail_out = OUT_CAP;
        int ret = inflate(&ws->z, Z_NO_FLUSH);
        ws->in_pos = ws->in_len - ws->z.avail_in;
        ws->out_len = OUT_CAP - ws->z.avail_out;
        ws->produced += ws->out_len;
        if (ret == Z_STREAM_END)
            ws->in_member = 0;
        else if (ret == Z_MEM_ERROR)
            ws->pending = WARCSOURCE_NOMEM;
        else if (ret != Z_OK && !(ret == Z_BUF_ERROR && ws->z.avail_in == 0))
            damaged(ws, ws->in_offset + ws->in_pos, ws->z.msg ? ws->z.msg : "damaged data");
        if (ws->out_len)
            return 1;
        if (ws->pending != WARCSOURCE_OK)
            return stop(ws, ws->pending);
    }
}

int warcsource_getc_slow(warcsource *ws)
{
    if (ws->back.len) {
        buf_clear(&ws->back);
        ws->back_pos = 0;
    }
    return refill(ws) ? ws->out[ws->out_pos++] : -1;
}

size_t warcsource_read(warcsource *ws, void *dst, size_t n)
{
    unsigned char *to = dst;
    size_t done = 0;
    while (done < n) {
        size_t have = ws->back.len - ws->back_pos;
        if (have) {
            size_t take = have < n - done ? have : n - done;
            memcpy(to + done, ws->back.data + ws->back_pos, take);
            ws->back_pos += take;
            done += take;
            continue;
        }
        if (ws->back.len) {
            buf_clear(&ws->back);
            ws->back_pos = 0;
        }
        have = ws->out_len - ws->out_pos;
        if (!have && !refill(ws))
            break;
        have = ws->out_len - ws->out_pos;
        size_t take = have < n - done ? have : n - done;
        memcpy(to + done, ws->out + ws->out_pos, take);
        ws->out_pos += take;
        done += take;
    }
    return done;
}

np_status warcsource_unread(warcsource *ws, const void *bytes, size_t n)
{
    size_t rest = ws->back.len - ws->back_pos;
    buf joined;
    buf_init(&joined, ws->allocator);
    if ((n && buf_append(&joined, bytes, n) != NP_OK) ||
        (rest && buf_append(&joined, ws->back.data + ws->back_pos, rest) != NP_OK)) {
        buf_free(&joined);
        return NP_ENOMEM;
    }
    buf_free(&ws->back);
    ws->back = joined;
    ws->back_pos = 0;
    return NP_OK;
}

/* Whether a gzip member at `at` inflates to bytes that begin "WARC/1.". */
static int member_starts_warc(warcsource *ws, uint64_t at)
{
    unsigned char probe[PROBE_BYTES], start[sizeof WARC_START - 1];
    ssize_t got = pread(ws->fd, probe, sizeof probe, (off_t)at);
    if (got < 10)
        return 0;
    inflateReset(&ws->z);
    ws->z.next_in = probe;
    ws->z.avail_in = (uInt)got;
    ws->z.next_out = start;
    ws->z.avail_out = sizeof start;
    int ret;
    do
        ret = inflate(&ws->z, Z_NO_FLUSH);
    while (ret == Z_OK && ws->z.avail_out && ws->z.avail_in);
    return ws->z.avail_out == 0 && memcmp(start, WARC_START, sizeof start) == 0;
}

int warcsource_resync(warcsource *ws, uint64_t *from, uint64_t *to)
{
    *from = ws->member_start;
    uint64_t at = ws->member_start + 1;
    int found = 0;
    /* the scan reads through `in`, emptied: reading starts afresh after it */
    for (;;) {
        ssize_t got = pread(ws->fd, ws->in, IN_CAP, (off_t)at);
        if (got < 3)
            break;
        for (ssize_t i = 0; i + 2 < got && !found; i++) {
            if (ws->in[i] == 0x1f && ws->in[i + 1] == 0x8b && ws->in[i + 2] == 0x08 &&
                member_starts_warc(ws, at + (uint64_t)i)) {
                at += (uint64_t)i;
                found = 1;
            }
        }
        if (found)
            break;
        at += (uint64_t)got - 2; /* a header across the chunks' edge is looked at again */
    }
    ws->in_pos = ws->in_len = 0;
    ws->out_pos = ws->out_len = 0;
    buf_clear(&ws->back);
    ws->back_pos = 0;
    ws->in_member = 0;
    ws->pending = WARCSOURCE_OK;
    if (!found) {
        struct stat sb;
        at = fstat(ws->fd, &sb) == 0 && (uint64_t)sb.st_size > *from ? (uint64_t)sb.st_size : *from;
        ws->in_offset = at;
        *to = at;
        ws->state = WARCSOURCE_END;
        return 0;
    }
    if (lseek(ws->fd, (off_t)at, SEEK_SET) < 0) {
        ws->error = errno;
        ws->state = WARCSOURCE_READ_ERROR;
        *to = at;
        return 0;
    }
    ws->in_offset = at;
    ws->state = WARCSOURCE_OK;
    *to = at;
    return 1;
}

uint64_t warcsource_offset(const warcsource *ws)
{
    return ws->gzip ? ws->in_offset + ws->in_pos : ws->in_offset + ws->out_pos;
}

uint64_t warcsource_tell(const warcsource *ws)
{
    return ws->produced - (ws->out_len - ws->out_pos) - (ws->back.len - ws->back_pos);
}

/* Whether the gz stream opens with a WARC record's first line, "WARC/1.0"
 * or "WARC/1.1" (a crawl piped in, `zcat crawl.warc.gz | newsprint ...`,
 * or a crawl under another name).  What was read is given back. */
int warcsource_gz_starts(gzFile gz)
{
    int got[8];
    char head[8];
    size_t n = 0;
    while (n < sizeof head && (got[n] = gzgetc(gz)) != -1)
        head[n] = (char)got[n], n++;
    int warc = n == sizeof head && memcmp(head, "WARC/1.", 7) == 0 && (head[7] == '0' || head[7] == '1');
    while (n > 0)
        gzungetc(got[--n], gz);
    return warc;
}
