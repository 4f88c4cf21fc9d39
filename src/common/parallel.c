/* parallel: see parallel.h. */
#include "common/parallel.h"

#include <pthread.h>
#include <stdlib.h>

void parallel_run(void *(*fn)(void *), void *shares, size_t n, size_t size)
{
    char *at = shares;
    pthread_t *threads = n > 1 ? malloc((n - 1) * sizeof *threads) : NULL;
    size_t started = 0; /* shares 1..started run on threads */
    for (size_t t = 1; threads && t < n; t++) {
        if (pthread_create(&threads[t - 1], NULL, fn, at + t * size) != 0)
            break;
        started = t;
    }
    if (n)
        fn(at);
    for (size_t t = 1; t <= started; t++)
        pthread_join(threads[t - 1], NULL);
    for (size_t t = started + 1; t < n; t++)
        fn(at + t * size); /* a thread that could not start */
    free(threads);
}
