/* alloc: routes allocations through the caller's np_allocator. */
#include "common/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void *libc_alloc(void *user, size_t size)
{
    (void)user;
    return malloc(size);
}

static void *libc_realloc(void *user, void *ptr, size_t size)
{
    (void)user;
    return realloc(ptr, size);
}

static void libc_free(void *user, void *ptr)
{
    (void)user;
    free(ptr);
}

static const np_allocator libc_allocator = { libc_alloc, libc_realloc, libc_free, NULL };

const np_allocator *np_default_allocator(void)
{
    return &libc_allocator;
}

void *np_alloc(const np_allocator *a, size_t size)
{
    if (!a)
        a = &libc_allocator;
    return a->alloc_fn(a->user, size ? size : 1);
}

void *np_alloc_array(const np_allocator *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    return np_alloc(a, count * size);
}

void *np_calloc(const np_allocator *a, size_t count, size_t size)
{
    void *p = np_alloc_array(a, count, size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

enum { HUGE_PAGE = 2u << 20 };

void *np_calloc_huge(const np_allocator *a, size_t size, void **block)
{
    *block = size <= SIZE_MAX - HUGE_PAGE ? np_alloc(a, size + HUGE_PAGE) : NULL;
    if (!*block)
        return NULL;
    void *table = (void *)(((uintptr_t)*block + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
#ifdef MADV_HUGEPAGE
    /* a hint: where it is refused, the table is as any other (whole huge
     * pages only: the advice rounds the length up to 4 KiB pages).  Not
     * for a table of one huge page (the stem cache): its first touch
     * stalled 7 to 69 ms in 14 of 95 runs (the fault's zeroing of
     * a fresh 2 MiB page, not compaction: g20k cluster --threads 2, a
     * whole run 0.9 s), and its 512 pages of 4 KiB cost no measurable
     * CPU (BENCHMARKS hp29) */
    if (size >= 2 * HUGE_PAGE)
        (void)madvise(table, size & ~(size_t)(HUGE_PAGE - 1), MADV_HUGEPAGE);
#endif
    memset(table, 0, size);
    return table;
}

void *np_realloc(const np_allocator *a, void *ptr, size_t size)
{
    if (!a)
        a = &libc_allocator;
    if (!ptr)
        return np_alloc(a, size);
    return a->realloc_fn(a->user, ptr, size ? size : 1);
}

void *np_realloc_array(const np_allocator *a, void *ptr, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    return np_realloc(a, ptr, count * size);
}

void np_free(const np_allocator *a, void *ptr)
{
    if (!ptr)
        return;
    if (!a)
        a = &libc_allocator;
    a->free_fn(a->user, ptr);
}

char *np_strndup(const np_allocator *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = np_alloc(a, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
