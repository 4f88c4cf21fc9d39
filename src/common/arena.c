/* arena: chunked bump allocation, freed in one call. */
#include "common/arena.h"

#include <string.h>

#include "common/alloc.h"

struct arena_chunk {
    arena_chunk *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

void arena_init(arena *a, const np_allocator *allocator, size_t chunk_size)
{
    a->allocator = allocator;
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
}

void *arena_alloc(arena *a, size_t size)
{
    if (size > SIZE_MAX - 15)
        return NULL;
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t want = size > a->chunk_size ? size : a->chunk_size;
        if (want > SIZE_MAX - sizeof(arena_chunk))
            return NULL;
        c = np_alloc(a->allocator, sizeof(arena_chunk) + want);
        if (!c)
            return NULL;
        c->size = want;
        c->used = 0;
        /* An oversized chunk goes behind the current one so the current
         * chunk's free space is not abandoned. */
        if (a->head && want > a->chunk_size) {
            c->next = a->head->next;
            a->head->next = c;
            c->used = size;
            return c->data;
        }
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void arena_reset(arena *a)
{
    arena_chunk *keep = NULL;
    for (arena_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        if (!keep && c->size == a->chunk_size) {
            keep = c;
            continue;
        }
        np_free(a->allocator, c);
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
}

void arena_free(arena *a)
{
    for (arena_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        np_free(a->allocator, c);
    }
    a->head = NULL;
}
