/*
 * alloc: the allocation hook every module allocates through.
 *
 * Owns nothing; borrows the caller's np_allocator (NULL means the C
 * library's malloc).  Sizes are checked for overflow here so callers can
 * ask for count * size without doing it themselves.
 */
#ifndef NP_ALLOC_H
#define NP_ALLOC_H

#include "newsprint.h"

/* The allocator used when a caller passes NULL. */
const np_allocator *np_default_allocator(void);

/* returns: owned by caller (free with np_free), NULL on failure or overflow */
void *np_alloc(const np_allocator *a, size_t size);
void *np_alloc_array(const np_allocator *a, size_t count, size_t size);
void *np_calloc(const np_allocator *a, size_t count, size_t size);
/* returns: the moved block, or NULL with `ptr` untouched */
void *np_realloc(const np_allocator *a, void *ptr, size_t size);
void *np_realloc_array(const np_allocator *a, void *ptr, size_t count, size_t size);
void np_free(const np_allocator *a, void *ptr);

/* A zeroed table of size bytes starting at a multiple of 2 MiB; one of
 * two huge pages or more the kernel is asked to back with huge pages
 * (madvise, where there is one) before it is first touched: one TLB entry
 * for each 2 MiB of a table read at random, not one for each 4 KiB.  The block holds 2 MiB more than size, of
 * address space only (those pages are not touched).  returns: the table,
 * NULL on failure; *block: owned by caller (np_free), the table within it */
void *np_calloc_huge(const np_allocator *a, size_t size, void **block);

/* returns: owned copy of s[0..len) with a NUL, NULL on failure */
char *np_strndup(const np_allocator *a, const char *s, size_t len);

#endif
