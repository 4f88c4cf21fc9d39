/* buf: growable byte buffer with a trailing NUL. */
#include "common/buf.h"

#include <string.h>

#include "common/alloc.h"

void buf_init(buf *b, const np_allocator *allocator)
{
    b->allocator = allocator;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

np_status buf_grow(buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return NP_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return NP_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = np_realloc(b->allocator, b->data, cap);
    if (!p)
        return NP_ENOMEM;
    p[b->len] = '\0'; /* a new buffer's first byte too: see buf.h */
    b->data = p;
    b->cap = cap;
    return NP_OK;
}

np_status buf_append(buf *b, const void *data, size_t len)
{
    np_status st = buf_reserve(b, len);
    if (st != NP_OK)
        return st;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return NP_OK;
}

np_status buf_puts(buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

void buf_clear(buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void buf_free(buf *b)
{
    np_free(b->allocator, b->data);
    buf_init(b, b->allocator);
}
