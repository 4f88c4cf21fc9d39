/*
 * arena: a bump allocator for per-article work.
 *
 * Owns a list of chunks taken from the allocator it was given.  Everything
 * allocated from it is freed at once by arena_reset (chunks kept for reuse,
 * the first one only) or arena_free.  Allocations are 16-byte aligned.
 */
#ifndef NP_ARENA_H
#define NP_ARENA_H

#include "newsprint.h"

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    const np_allocator *allocator; /* borrowed */
    arena_chunk *head;             /* owned list, newest first */
    size_t chunk_size;
} arena;

void arena_init(arena *a, const np_allocator *allocator, size_t chunk_size);
/* returns: memory owned by the arena, NULL when out of memory */
void *arena_alloc(arena *a, size_t size);
char *arena_strndup(arena *a, const char *s, size_t len);
/* Frees every chunk but the first, and empties that one. */
void arena_reset(arena *a);
void arena_free(arena *a);

#endif
