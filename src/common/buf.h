/*
 * buf: a growable byte buffer.
 *
 * Owns its bytes (from the allocator it was given); always keeps a NUL
 * after the last byte so data can be used as a C string.  A buffer that
 * failed to grow keeps its old contents and reports NP_ENOMEM.
 */
#ifndef NP_BUF_H
#define NP_BUF_H

#include "newsprint.h"

typedef struct buf {
    const np_allocator *allocator; /* borrowed */
    char *data;                    /* owned */
    size_t len;
    size_t cap;
} buf;

void buf_init(buf *b, const np_allocator *allocator);
/* buf_reserve when the room is not there yet */
np_status buf_grow(buf *b, size_t extra);
np_status buf_append(buf *b, const void *data, size_t len);
np_status buf_puts(buf *b, const char *s);
void buf_clear(buf *b);
void buf_free(buf *b);

/* Room for `extra` more bytes and the NUL after them; asked inline, as most
 * calls find the room there (a buffer holding bytes has cap > len). */
static inline np_status buf_reserve(buf *b, size_t extra)
{
    return extra < b->cap - b->len ? NP_OK : buf_grow(b, extra);
}

static inline np_status buf_putc(buf *b, char c)
{
    np_status st = buf_reserve(b, 1);
    if (st == NP_OK) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
    }
    return st;
}

#endif
