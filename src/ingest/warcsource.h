/*
 * warcsource: the bytes of a WARC file, plain or a series of gzip members,
 * read so that one damaged member costs that member only.
 *
 * A crawl's .warc.gz is normally one gzip member per record.  zlib's gz
 * layer stops at the first damaged member (and passes over bytes after a
 * member that are no member without a word), so the members are inflated
 * here one by one with inflate(): after a damaged one the file is searched
 * for the next member header (1f 8b 08) whose inflated start is "WARC/1."
 * (warcsource_resync), and reading goes on there.  A file that does not
 * open with the gzip magic is read as it is.  Bytes may be given back
 * (warcsource_unread) to be read again first: the record reader does so
 * when a record's block holds the start of the next record.
 *
 * A stream (standard input, a pipe) is read through zlib's gz layer
 * instead (warcsource_open_stream), which inflates gzip data as it comes:
 * it cannot be searched for the next member, so damage ends the reading.
 *
 * Owns its file descriptor or gz stream, zlib stream and buffers; one
 * allocator.
 */
#ifndef NP_WARCSOURCE_H
#define NP_WARCSOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#include "common/buf.h"

typedef enum warcsource_state {
    WARCSOURCE_OK,
    WARCSOURCE_END,        /* the file's end, at a member's end */
    WARCSOURCE_DAMAGED,    /* a gzip member (or bytes between members) damaged: resync */
    WARCSOURCE_CUT_SHORT,  /* the file ends inside a gzip member */
    WARCSOURCE_READ_ERROR, /* read(2) failed: errno in ->error (0: a stream's
                              damaged gzip data, zlib's words in ->why) */
    WARCSOURCE_NOMEM
} warcsource_state;

typedef struct warcsource {
    const np_allocator *allocator; /* borrowed */
    int fd;                /* owned; -1 when closed */
    gzFile stream;         /* owned, in place of fd: a stream read through zlib, or NULL */
    int gzip;              /* the file is gzip members */
    int in_member;         /* a member is being inflated */
    int z_ready;           /* z is initialised */
    z_stream z;
    unsigned char *in;     /* owned: raw bytes of the file from in_offset */
    size_t in_pos, in_len;
    uint64_t in_offset;    /* the file offset of in[0] */
    int in_eof;
    unsigned char *out;    /* owned: bytes ready to be read */
    size_t out_pos, out_len;
    buf back;              /* bytes given back, read before out */
    size_t back_pos;
    uint64_t member_start; /* the file offset of the member being inflated */
    uint64_t produced;     /* bytes put in out since the open */
    warcsource_state state; /* when out and back are read */
    warcsource_state pending; /* the state after the bytes in out */
    int error;             /* errno of a READ_ERROR */
    char why[96];          /* what is damaged, in zlib's words */
    uint64_t damaged_at;   /* the file offset where the damage was seen */
} warcsource;

/* returns: 0, or an errno value (the file cannot be opened) */
int warcsource_open(warcsource *ws, const char *path, const np_allocator *allocator);
/* A WARC read from a stream (standard input, a pipe) through zlib's gz
 * layer: plain or gzip data alike.  gz: ownership moves to ws, also when
 * it fails.  returns: 0, or ENOMEM */
int warcsource_open_stream(warcsource *ws, gzFile gz, const np_allocator *allocator);
void warcsource_close(warcsource *ws);

/* Whether the gz stream opens with a WARC record's first line, "WARC/1.0"
 * or "WARC/1.1"; what was read is given back. */
int warcsource_gz_starts(gzFile gz);

/* warcsource_getc's path when its buffers are read */
int warcsource_getc_slow(warcsource *ws);

/* Next byte, or -1 when ->state is not WARCSOURCE_OK. */
static inline int warcsource_getc(warcsource *ws)
{
    if (ws->back_pos < ws->back.len)
        return (unsigned char)ws->back.data[ws->back_pos++];
    if (ws->out_pos < ws->out_len)
        return ws->out[ws->out_pos++];
    return warcsource_getc_slow(ws);
}

/* Up to n bytes into dst.  returns: the bytes read, fewer at the end or at
 * damage (see ->state) */
size_t warcsource_read(warcsource *ws, void *dst, size_t n);

/* Gives n bytes back, read again before anything else; they must be the
 * last read.  returns: NP_OK or NP_ENOMEM */
np_status warcsource_unread(warcsource *ws, const void *bytes, size_t n);

/* After WARCSOURCE_DAMAGED: the next gzip member whose inflated bytes begin
 * "WARC/1.", searched from the damage on.  returns: 1, reading goes on at
 * that member (*from and *to the file offsets of the bytes passed over), or
 * 0 when there is none (state WARCSOURCE_END, *to the file's end). */
int warcsource_resync(warcsource *ws, uint64_t *from, uint64_t *to);

/* The file offset read up to (the raw bytes inflate took), for progress. */
uint64_t warcsource_offset(const warcsource *ws);

/* The bytes read so far, as the file's offset when it is plain, counted in
 * inflated bytes when it is gzip (the stretches passed over by a resync not
 * counted); bytes given back are not read. */
uint64_t warcsource_tell(const warcsource *ws);

#endif
