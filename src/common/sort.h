/*
 * sort: qsort that accepts an empty array (qsort's pointer must not be
 * NULL even when there is nothing to sort, and an empty pool is NULL).
 */
#ifndef NP_SORT_H
#define NP_SORT_H

#include <stdlib.h>

static inline void np_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

#endif
