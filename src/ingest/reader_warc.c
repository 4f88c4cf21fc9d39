/*
 * reader_warc: the HTML pages of a WARC input (plain or gzip, through
 * warcsource.h): response records (HTTP headers, then the page) and
 * resource records; other records are passed over.  A record that is no
 * WARC record, or whose gzip member is damaged, costs that record: reading
 * resumes at the next that is one, and what was passed over is said once,
 * at the file's end.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/utf8.h"
#include "ingest/reader_internal.h"

/* One line of a WARC header block into warc_line, without its CRLF.
 * returns: 1, 0 at the end of the input, -1 on a line over 64 KiB, -2 at
 * a damaged gzip member (the line lost with it). */
static int warc_getline(np_reader *r)
{
    buf_clear(&r->warc_line);
    r->warc_line_at = warcsource_tell(&r->warc);
    int c;
    while ((c = warcsource_getc(&r->warc)) != -1) {
        if (c == '\n')
            break;
        if (r->warc_line.len > 65536)
            return -1;
        if (buf_putc(&r->warc_line, (char)c) != NP_OK)
            return -1;
    }
    if (c == -1 && r->warc.state == WARCSOURCE_DAMAGED)
        return -2;
    if (c == -1 && r->warc_line.len == 0)
        return 0;
    if (r->warc_line.len && r->warc_line.data[r->warc_line.len - 1] == '\r')
        r->warc_line.data[--r->warc_line.len] = '\0';
    return 1;
}

static const char *header_value(const char *line, const char *name)
{
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) != 0 || line[n] != ':')
        return NULL;
    line += n + 1;
    while (*line == ' ' || *line == '\t')
        line++;
    return line;
}

/* The charset= of a Content-Type value, into out. */
static void charset_of(const char *content_type, char *out, size_t cap)
{
    out[0] = '\0';
    const char *cs = strstr(content_type, "charset=");
    if (!cs)
        return;
    cs += 8;
    size_t n = 0;
    while (cs[n] && cs[n] != ';' && cs[n] != ' ' && cs[n] != '"' && n + 1 < cap)
        n++;
    memcpy(out, cs, n);
    out[n] = '\0';
}

/* Makes a header value printable UTF-8 in place: control bytes become
 * '?', and a value that is not valid UTF-8 keeps its ASCII only. */
static void sanitize_field(char *s)
{
    size_t n = strlen(s);
    int valid = utf8_valid(s, n);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            s[w++] = '?';
        else if (c < 0x80 || valid)
            s[w++] = (char)c;
    }
    s[w] = '\0';
}

/* A Content-Length value: decimal digits, blanks around them.  returns:
 * the byte count, or -2 when it is not one (a sign, other characters, past
 * 2^53: no record is that long). */
static long long warc_content_length(const char *v)
{
    long long n = 0;
    int digits = 0;
    for (; *v >= '0' && *v <= '9'; v++, digits++) {
        if (n > (1LL << 53) / 10)
            return -2;
        n = n * 10 + (*v - '0');
    }
    while (*v == ' ' || *v == '\t')
        v++;
    return digits && *v == '\0' ? n : -2;
}

/* Reads past `length` bytes of the open WARC input (a record over the
 * cap).  returns: the bytes passed, fewer at the end of the file or at
 * damage */
static long long warc_pass(np_reader *r, long long length)
{
    char scratch[16384];
    long long passed = 0;
    while (passed < length) {
        size_t want = length - passed < (long long)sizeof scratch ? (size_t)(length - passed) : sizeof scratch;
        size_t n = warcsource_read(&r->warc, scratch, want);
        passed += (long long)n;
        if (n < want)
            break;
    }
    return passed;
}

/* A stretch of the open WARC input passed over, from `from` to `to` (in
 * the file's bytes, or warcsource_tell's inflated ones), the record
 * `record` lost there for `why`: counted, the first and last kept for the
 * one line said at the file's end (warc_end). */
static void warc_lost(np_reader *r, unsigned long long record, const char *why, uint64_t from, uint64_t to,
                      int to_end, int inflated)
{
    struct warc_stretch stretch = { record, from, to > from ? to : from, to_end, inflated };
    if (r->warc_lost++ == 0) {
        r->warc_first = stretch;
        snprintf(r->warc_lost_why, sizeof r->warc_lost_why, "%s", why);
    }
    r->warc_last = stretch;
    *(inflated ? &r->warc_lost_inflated : &r->warc_lost_bytes) += stretch.to - stretch.from;
}

/* The source stopped at a damaged gzip member: the record `record`, being
 * read, is lost, and reading goes on at the next member that starts a
 * WARC record. */
static void warc_member_damaged(np_reader *r, unsigned long long record)
{
    char why[160];
    uint64_t member, to, from = r->warc.damaged_at; /* what came before was read */
    int found = warcsource_resync(&r->warc, &member, &to);
    if (member < from)
        snprintf(why, sizeof why, "damaged gzip data (%s) in the member at byte %llu", r->warc.why,
                 (unsigned long long)member);
    else
        snprintf(why, sizeof why, "damaged gzip data (%s)", r->warc.why);
    warc_lost(r, record, why, from, to, !found, 0);
    r->warc_line_ready = 0;
}

/* A WARC record's first line: "WARC/1.0" or "WARC/1.1" alone. */
static int is_warc_version_line(const buf *line)
{
    return line->len == 8 && (strcmp(line->data, "WARC/1.0") == 0 || strcmp(line->data, "WARC/1.1") == 0);
}

/* The record `record`, begun at `from`, is no WARC record (`why`): the
 * lines up to the next one that is a WARC record's first are passed over,
 * and that line is left in warc_line for reader_next_warc. */
static void warc_resync(np_reader *r, unsigned long long record, const char *why, uint64_t from)
{
    int got;
    do
        got = warc_getline(r);
    while ((got == 1 && !is_warc_version_line(&r->warc_line)) || got == -1);
    if (got == -2) { /* the scan met a damaged member: the stretch is that member's */
        warc_member_damaged(r, record);
        return;
    }
    if (got == 0) {
        warc_lost(r, record, why, from, warcsource_tell(&r->warc), 1, r->warc.gzip);
        return;
    }
    warc_lost(r, record, why, from, r->warc_line_at, 0, r->warc.gzip);
    r->warc_line_ready = 1;
}

/* Where the next record begins in a block whose Content-Length ran past
 * it: a line "WARC/1.0" or "WARC/1.1" after a line end.  returns: its offset
 * in the block, or 0 when there is none. */
static size_t warc_record_in_block(const char *block, size_t len)
{
    if (!len) /* a block passed over, or none: nothing was kept */
        return 0;
    for (const char *p = block; (p = memchr(p, '\n', (size_t)(block + len - p))) != NULL;) {
        p++;
        size_t rest = (size_t)(block + len - p);
        if (rest >= 9 && (memcmp(p, "WARC/1.0", 8) == 0 || memcmp(p, "WARC/1.1", 8) == 0) &&
            (p[8] == '\n' || (p[8] == '\r' && rest >= 10 && p[9] == '\n')))
            return (size_t)(p - block);
    }
    return 0;
}

/* The stretches passed over in the open WARC input, in one line after
 * "PATH: " into out. */
static void warc_lost_words(const np_reader *r, char *out, size_t cap)
{
    const struct warc_stretch *first = &r->warc_first, *last = &r->warc_last;
    const char *first_unit = first->inflated ? "inflated bytes" : "bytes";
    const char *last_unit = last->inflated ? "inflated bytes" : "bytes";
    if (r->warc_lost == 1 && first->record == 1 && first->to_end && r->warc_headers == 0) {
        if (strncmp(r->warc_lost_why, "damaged", 7) == 0)
            snprintf(out, cap, "not a WARC file: %s, and no gzip member after byte %llu starts a WARC record, "
                     "skipped", r->warc_lost_why, (unsigned long long)first->from);
        else
            snprintf(out, cap, "not a WARC file: no line 'WARC/1.0' or 'WARC/1.1' in its %llu %s, skipped",
                     (unsigned long long)first->to, first_unit);
        return;
    }
    if (r->warc_lost == 1) {
        snprintf(out, cap, "record %llu: %s: %s %llu to %llu%s passed over (%llu bytes, 1 record lost)%s",
                 first->record, r->warc_lost_why, first_unit, (unsigned long long)first->from,
                 (unsigned long long)first->to, first->to_end ? " (the file's end)" : "",
                 (unsigned long long)(first->to - first->from),
                 first->to_end ? "" : ", the records after it read");
        return;
    }
    char inflated[48] = "";
    if (r->warc_lost_inflated)
        snprintf(inflated, sizeof inflated, "%s%llu inflated bytes", r->warc_lost_bytes ? " and " : "",
                 (unsigned long long)r->warc_lost_inflated);
    char bytes[32] = "";
    if (r->warc_lost_bytes || !r->warc_lost_inflated)
        snprintf(bytes, sizeof bytes, "%llu bytes", (unsigned long long)r->warc_lost_bytes);
    snprintf(out, cap, "%llu records lost, %s%s passed over: the first record %llu: %s: %s %llu to %llu; "
             "the last record %llu: %s %llu to %llu%s",
             (unsigned long long)r->warc_lost, bytes, inflated, first->record, r->warc_lost_why, first_unit,
             (unsigned long long)first->from, (unsigned long long)first->to, last->record, last_unit,
             (unsigned long long)last->from, (unsigned long long)last->to,
             last->to_end ? " (the file's end)" : ", the records after each read");
}

/* The end of the open WARC input: NP_DONE, or an error that says what was
 * lost in it (stretches passed over, its compressed data cut short). */
static np_status warc_end(np_reader *r)
{
    warcsource_state state = r->warc.state;
    int cut = state == WARCSOURCE_CUT_SHORT && !r->warc_truncated;
    if (state == WARCSOURCE_READ_ERROR && !r->warc.error) { /* a stream's damaged gzip data */
        char after[48] = "at its start";
        if (r->warc_records)
            snprintf(after, sizeof after, "after record %llu", r->warc_records);
        reader_fail(r, NP_EINPUT, "%s: %s %s, the rest of the input is lost (a stream cannot be searched "
                    "for the next gzip member: save it as a .warc.gz file to read past the damage)",
                    r->name, r->warc.why, after);
    } else if (state == WARCSOURCE_READ_ERROR && r->warc.error == EINTR) {
        reader_fail(r, NP_EINTR, "%s: reading stopped by a signal after record %llu, the rest skipped", r->name,
                    r->warc_records);
    } else if (state == WARCSOURCE_READ_ERROR) {
        reader_fail(r, NP_EIO, "%s: read error after record %llu: %s", r->name, r->warc_records,
                    strerror(r->warc.error));
    } else if (state == WARCSOURCE_NOMEM) {
        reader_fail(r, NP_ENOMEM, "%s: out of memory after record %llu", r->name, r->warc_records);
    } else if (r->warc_lost) {
        char words[700];
        warc_lost_words(r, words, sizeof words);
        reader_fail(r, NP_EINPUT, "%s: %s%s", r->name, words,
             cut ? "; and the compressed data is cut short at the file's end" : "");
    } else if (cut) {
        reader_fail(r, NP_EINPUT, "%s: the compressed data is cut short after record %llu, the rest of the file is lost",
             r->name, r->warc_records);
    } else {
        return r->input_held ? NP_DONE : reader_empty_input(r);
    }
    np_status st = state == WARCSOURCE_READ_ERROR ? (r->warc.error == EINTR ? NP_EINTR : NP_EIO)
                   : state == WARCSOURCE_NOMEM ? NP_ENOMEM : NP_EINPUT;
    reader_close_input(r);
    return st;
}

/* A WARC record's header: the fields read, after its first line. */
typedef struct warc_header {
    char type[32], uri[NP_MAX_FIELD_BYTES], rec_id[NP_MAX_FIELD_BYTES];
    char content_type[256], length_text[24];
    long long length; /* -1 when not given, -2 when no number of bytes */
} warc_header;

/* Reads a header's fields up to its blank line.  returns: as warc_getline,
 * 1 when the blank line ended it */
static int warc_read_header(np_reader *r, warc_header *h)
{
    /* the fields' first bytes only: zeroing the whole of two 4 KiB fields a
     * record cost more than the header's reading */
    h->type[0] = h->uri[0] = h->rec_id[0] = h->content_type[0] = h->length_text[0] = '\0';
    h->length = -1;
    int got;
    while ((got = warc_getline(r)) == 1 && r->warc_line.len > 0) {
        const char *v;
        if ((v = header_value(r->warc_line.data, "WARC-Type")))
            snprintf(h->type, sizeof h->type, "%s", v);
        else if ((v = header_value(r->warc_line.data, "WARC-Target-URI")))
            snprintf(h->uri, sizeof h->uri, "%s", v);
        else if ((v = header_value(r->warc_line.data, "WARC-Record-ID")))
            snprintf(h->rec_id, sizeof h->rec_id, "%s", v);
        else if ((v = header_value(r->warc_line.data, "Content-Length"))) {
            h->length = warc_content_length(v);
            snprintf(h->length_text, sizeof h->length_text, "%s", v);
        }
        else if ((v = header_value(r->warc_line.data, "Content-Type")))
            snprintf(h->content_type, sizeof h->content_type, "%s", v);
    }
    return got;
}

/* Whether what follows a record's block is blank lines, then the next
 * record's "WARC/" or the file's end, as it should: the bytes looked at are
 * given back. */
static int warc_block_followed_well(np_reader *r)
{
    char peek[64];
    size_t n = warcsource_read(&r->warc, peek, sizeof peek);
    if (n && warcsource_unread(&r->warc, peek, n) != NP_OK)
        return 1; /* not known: read on as before */
    size_t i = 0;
    while (i < n && (peek[i] == '\r' || peek[i] == '\n'))
        i++;
    size_t k = n - i < 5 ? n - i : 5;
    return memcmp(peek + i, "WARC/", k) == 0;
}

/* The block of the record `number`, begun at `from`, into r->text (passed
 * over when over the cap).  returns: 1 when it is there, 0 when the record
 * is lost or cut short (said, or counted as a stretch passed over; *st is
 * what to return, NP_DONE to go on) */
static int warc_read_block(np_reader *r, const warc_header *h, unsigned long long number, uint64_t from,
                           np_status *st)
{
    *st = NP_DONE;
    long long length = h->length, got;
    uint64_t block_at = warcsource_tell(&r->warc);
    buf_clear(&r->text);
    if (length > (long long)NP_MAX_RECORD_BYTES) {
        got = warc_pass(r, length);
    } else {
        if (buf_reserve(&r->text, (size_t)length) != NP_OK) {
            *st = reader_fail(r, NP_ENOMEM, "%s: record %llu: out of memory", r->name, number);
            return 0;
        }
        got = (long long)warcsource_read(&r->warc, r->text.data, (size_t)length);
        r->text.len = (size_t)got;
        r->text.data[r->text.len] = '\0';
    }
    if (got == length && warc_block_followed_well(r))
        return 1;
    if (got == length && !warc_record_in_block(r->text.data, r->text.len))
        return 1; /* the bytes after it are said when read */
    if (got < length && (r->warc.state == WARCSOURCE_READ_ERROR || r->warc.state == WARCSOURCE_NOMEM)) {
        r->warc_records--; /* not read whole: warc_end names the last that was */
        return 0;
    }
    if (got < length && r->warc.state == WARCSOURCE_DAMAGED) {
        warc_member_damaged(r, number);
        return 0;
    }
    /* a Content-Length past the next record, or a record cut short by the file's end */
    size_t next = warc_record_in_block(r->text.data, r->text.len);
    if (next) {
        if (warcsource_unread(&r->warc, r->text.data + next, r->text.len - next) != NP_OK) {
            *st = reader_fail(r, NP_ENOMEM, "%s: record %llu: out of memory", r->name, number);
            return 0;
        }
        char why[100];
        snprintf(why, sizeof why, "its Content-Length (%lld) runs past the next record", length);
        warc_lost(r, number, why, from, block_at + next, 0, r->warc.gzip);
        return 0;
    }
    if (r->warc.state == WARCSOURCE_CUT_SHORT && length > (long long)NP_MAX_RECORD_BYTES)
        return 0; /* warc_end says it */
    r->warc_truncated = 1;
    *st = reader_fail(r, NP_EINPUT, "%s: record %llu: truncated (%lld of %lld bytes), skipped", r->name, number,
                      got, length);
    return 0;
}

/* The record `number` (header h, block in r->text) as a page when it is
 * one.  returns: NP_OK with r->record set, NP_DONE when it is no page, or
 * a failure said */
static np_status warc_page(np_reader *r, warc_header *h, unsigned long long number)
{
    const char *body = r->text.data;
    size_t body_len = r->text.len;
    char charset[64] = "";
    charset_of(h->content_type, charset, sizeof charset);
    if (strcmp(h->type, "response") == 0) {
        /* the HTTP response's own headers come first */
        const char *end = strstr(body, "\r\n\r\n");
        size_t skip = 4;
        if (!end) {
            end = strstr(body, "\n\n");
            skip = 2;
        }
        if (!end || strncmp(body, "HTTP/", 5) != 0)
            return NP_DONE; /* not an HTTP response: nothing to read */
        const char *status = strchr(body, ' ');
        int code = status ? atoi(status + 1) : 0;
        int html = 0;
        for (const char *line = body; line && line < end; line = strchr(line, '\n'), line = line ? line + 1 : line) {
            if (strncasecmp(line, "Content-Type:", 13) == 0) {
                const char *eol = strchr(line, '\n');
                size_t len = eol ? (size_t)(eol - line) : strlen(line);
                char value[256];
                snprintf(value, sizeof value, "%.*s", (int)(len < 255 ? len : 255), line + 13);
                html = strstr(value, "html") != NULL;
                charset_of(value, charset, sizeof charset);
            }
        }
        if (code != 200 || !html)
            return NP_DONE; /* redirects, errors, images, scripts */
        body_len -= (size_t)(end + skip - body);
        body = end + skip;
    } else if (!strstr(h->content_type, "html")) {
        return NP_DONE;
    }
    /* id, url and charset stay valid in warc_meta until the next record */
    buf_clear(&r->warc_meta);
    buf_clear(&r->id);
    /* header values are bytes: ids and urls must be clean UTF-8 text */
    sanitize_field(h->uri);
    sanitize_field(h->rec_id);
    sanitize_field(charset);
    const char *id = h->uri[0] ? h->uri : h->rec_id;
    const place at = { r->name, "record", number };
    if (strlen(id) > NP_MAX_ID_BYTES) /* the rule of every id; a URI over the field cap too */
        return reader_fail_at(r, &at, NP_EINPUT, "id (its %s, %.60s...) is over %u bytes, skipped",
                       h->uri[0] ? "WARC-Target-URI" : "WARC-Record-ID", id, NP_MAX_ID_BYTES);
    if (buf_puts(&r->id, id[0] ? id : r->stem) != NP_OK ||
        buf_append(&r->warc_meta, h->uri, strlen(h->uri) + 1) != NP_OK ||
        buf_append(&r->warc_meta, charset, strlen(charset) + 1) != NP_OK)
        return reader_fail_at(r, &at, NP_ENOMEM, "out of memory");
    np_status st = reader_accept_id(r, &at, reader_refused_as_binary(r, body, body_len));
    if (st != NP_OK)
        return st;
    const char *meta = r->warc_meta.data;
    r->record = (np_record){ .id = r->id.data, .text = body, .text_len = body_len,
                             .url = h->uri[0] ? meta : NULL, .path = r->path, .line = number, .warc = 1,
                             .html = 1, .charset = charset[0] ? meta + strlen(h->uri) + 1 : NULL };
    r->n_records++;
    return NP_OK;
}

/* The next HTML page of the open WARC input: response records (HTTP headers
 * then the page) and resource records; other records are passed over.  A
 * record that is no WARC record, or whose gzip member is damaged, is passed
 * over to the next that is (warc_resync, warc_member_damaged). */
np_status reader_next_warc(np_reader *r)
{
    for (;;) {
        int got = 1;
        if (!r->warc_line_ready) {
            while ((got = warc_getline(r)) == 1 && r->warc_line.len == 0)
                ; /* blank lines between records */
            if (got == -2) {
                warc_member_damaged(r, ++r->warc_records);
                continue;
            }
            if (got == 0)
                return warc_end(r);
        }
        r->warc_line_ready = 0;
        r->input_held = 1;
        unsigned long long number = ++r->warc_records;
        uint64_t from = r->warc_line_at;
        if (got < 0 || strncmp(r->warc_line.data, "WARC/", 5) != 0) {
            warc_resync(r, number, "not a WARC record", from);
            continue;
        }
        r->warc_headers++;
        warc_header h;
        got = warc_read_header(r, &h);
        if (got == -2) {
            warc_member_damaged(r, number);
            continue;
        }
        char why[100];
        if (got == 1 && h.length == -2) {
            sanitize_field(h.length_text);
            snprintf(why, sizeof why, "Content-Length '%s' is not a number of bytes", h.length_text);
            warc_resync(r, number, why, from);
            continue;
        }
        if (got != 1 || h.length < 0) {
            warc_resync(r, number, got == 1 ? "no Content-Length" : "truncated in its header", from);
            continue;
        }
        np_status st;
        if (!warc_read_block(r, &h, number, from, &st)) {
            if (st != NP_DONE)
                return st;
            continue;
        }
        int wanted = strcmp(h.type, "response") == 0 || strcmp(h.type, "resource") == 0;
        if (wanted && h.length > (long long)NP_MAX_RECORD_BYTES)
            return reader_fail(r, NP_EINPUT, "%s: record %llu: %lld bytes, over the %u MiB article cap, skipped",
                        r->name, number, h.length, NP_MAX_RECORD_BYTES >> 20);
        if (!wanted)
            continue;
        st = warc_page(r, &h, number);
        if (st != NP_DONE)
            return st;
    }
}
