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

/* The pool's threads wait on `wake` for the next run (a new `round`), do
 * their share of it, and the last to finish tells `done`. */
typedef struct pool_thread {
    parallel_pool *pool;
    size_t share; /* its share of every run: 1 onwards */
    pthread_t thread;
} pool_thread;

struct parallel_pool {
    pthread_mutex_t lock;
    pthread_cond_t wake, done;
    unsigned long round;        /* runs begun */
    size_t busy;                /* threads not yet done with the round */
    int closing;
    void *(*fn)(void *);
    char *shares;
    size_t n, size;             /* the run's shares */
    size_t n_threads;           /* started */
    pool_thread *threads;
};

static void *pool_thread_run(void *arg)
{
    pool_thread *me = arg;
    parallel_pool *p = me->pool;
    unsigned long seen = 0;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->round == seen && !p->closing)
            pthread_cond_wait(&p->wake, &p->lock);
        if (p->closing)
            break;
        seen = p->round;
        void *(*fn)(void *) = p->fn;
        char *share = me->share < p->n ? p->shares + me->share * p->size : NULL;
        pthread_mutex_unlock(&p->lock);
        if (share)
            fn(share);
        pthread_mutex_lock(&p->lock);
        if (--p->busy == 0)
            pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

parallel_pool *parallel_pool_new(size_t n)
{
    if (n < 2)
        return NULL;
    parallel_pool *p = calloc(1, sizeof *p);
    pool_thread *threads = calloc(n - 1, sizeof *threads);
    /* (on Linux these take no resources, nor fail) */
    if (!p || !threads || pthread_mutex_init(&p->lock, NULL) != 0 || pthread_cond_init(&p->wake, NULL) != 0 ||
        pthread_cond_init(&p->done, NULL) != 0) {
        free(p);
        free(threads);
        return NULL;
    }
    p->threads = threads;
    for (size_t t = 0; t < n - 1; t++) {
        threads[t] = (pool_thread){ p, t + 1, 0 };
        if (pthread_create(&threads[t].thread, NULL, pool_thread_run, &threads[t]) != 0)
            break;
        p->n_threads = t + 1;
    }
    if (!p->n_threads) {
        parallel_pool_free(p);
        return NULL;
    }
    return p;
}

void parallel_pool_run(parallel_pool *p, void *(*fn)(void *), void *shares, size_t n, size_t size)
{
    if (!p) {
        parallel_run(fn, shares, n, size);
        return;
    }
    char *at = shares;
    pthread_mutex_lock(&p->lock);
    p->fn = fn;
    p->shares = at;
    p->n = n;
    p->size = size;
    p->busy = p->n_threads;
    p->round++;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    if (n)
        fn(at);
    for (size_t t = p->n_threads + 1; t < n; t++)
        fn(at + t * size); /* beyond the pool's threads */
    pthread_mutex_lock(&p->lock);
    while (p->busy)
        pthread_cond_wait(&p->done, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

void parallel_pool_free(parallel_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->closing = 1;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    for (size_t t = 0; t < p->n_threads; t++)
        pthread_join(p->threads[t].thread, NULL);
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p->threads);
    free(p);
}
