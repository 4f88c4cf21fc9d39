/* parallel: see parallel.h. */
#include "common/parallel.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>

int parallel_thread_create(pthread_t *thread, void *(*fn)(void *), void *arg)
{
    /* a fault's own signal (a bad address, a division by zero) stays
     * open: blocked, the kernel would deliver it with no handler (a
     * sanitizer's report lost), as if it had none */
    static const int faults[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT };
    sigset_t all, was;
    sigfillset(&all);
    for (size_t i = 0; i < sizeof faults / sizeof *faults; i++)
        sigdelset(&all, faults[i]);
    pthread_sigmask(SIG_SETMASK, &all, &was);
    int rc = pthread_create(thread, NULL, fn, arg);
    pthread_sigmask(SIG_SETMASK, &was, NULL);
    return rc;
}

void parallel_run(void *(*fn)(void *), void *shares, size_t n, size_t size)
{
    char *at = shares;
    pthread_t *threads = n > 1 ? malloc((n - 1) * sizeof *threads) : NULL;
    size_t started = 0; /* shares 1..started run on threads */
    for (size_t t = 1; threads && t < n; t++) {
        if (parallel_thread_create(&threads[t - 1], fn, at + t * size) != 0)
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

/*
 * The pool.  A run is open while the calling thread still has shares to
 * take: the shares go to whoever takes them first (`next`), the calling
 * thread among them, so a thread the machine wakes late leaves its share
 * to the others instead of holding up the run (a story pass's batches
 * take some tens of microseconds, about what waking a thread takes).  A
 * thread counts itself in `active` before it looks whether the run is
 * still open, and the caller closes the run before it waits for `active`
 * to fall to 0 (both sequentially consistent): a thread either takes part
 * and is waited for, or sees the run closed and touches nothing of it.
 * Between runs the threads spin a little, then sleep on `wake`.
 */
enum { SPINS = 512, YIELDS = 64 }; /* pauses (some microseconds), then turns given up */

struct parallel_pool {
    pthread_mutex_t lock;
    pthread_cond_t wake, done;
    atomic_ulong round;         /* runs begun */
    atomic_ulong open;          /* the run that threads may join, or 0 */
    atomic_size_t next;         /* its next share to take */
    atomic_size_t active;       /* threads in it */
    atomic_int sleepers;        /* threads waiting on wake */
    atomic_int caller_waits;    /* the caller waits on done */
    atomic_int closing;
    void *(*fn)(void *);
    char *shares;
    size_t n, size;
    size_t n_threads;           /* started */
    pthread_t *threads;
};

static void spin_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/* Takes the run's shares until none is left. */
static void pool_take(parallel_pool *p)
{
    for (;;) {
        size_t k = atomic_fetch_add(&p->next, 1);
        if (k >= p->n)
            return;
        p->fn(p->shares + k * p->size);
    }
}

/* Waits for a round after `seen` (or closing); returns the round. */
static unsigned long pool_await(parallel_pool *p, unsigned long seen)
{
    for (int i = 0; i < SPINS + YIELDS; i++) {
        unsigned long r = atomic_load(&p->round);
        if (r != seen || atomic_load(&p->closing))
            return r;
        if (i < SPINS)
            spin_pause();
        else
            sched_yield();
    }
    pthread_mutex_lock(&p->lock);
    atomic_fetch_add(&p->sleepers, 1);
    unsigned long r;
    while ((r = atomic_load(&p->round)) == seen && !atomic_load(&p->closing))
        pthread_cond_wait(&p->wake, &p->lock);
    atomic_fetch_sub(&p->sleepers, 1);
    pthread_mutex_unlock(&p->lock);
    return r;
}

static void *pool_thread_run(void *arg)
{
    parallel_pool *p = arg;
    unsigned long seen = 0;
    for (;;) {
        seen = pool_await(p, seen);
        if (atomic_load(&p->closing))
            return NULL;
        atomic_fetch_add(&p->active, 1);
        if (atomic_load(&p->open) == seen)
            pool_take(p);
        if (atomic_fetch_sub(&p->active, 1) == 1 && atomic_load(&p->caller_waits)) {
            pthread_mutex_lock(&p->lock);
            pthread_cond_signal(&p->done);
            pthread_mutex_unlock(&p->lock);
        }
    }
}

parallel_pool *parallel_pool_new(size_t n)
{
    if (n < 2)
        return NULL;
    parallel_pool *p = calloc(1, sizeof *p);
    pthread_t *threads = calloc(n - 1, sizeof *threads);
    /* (on Linux these take no resources, nor fail) */
    if (!p || !threads || pthread_mutex_init(&p->lock, NULL) != 0 || pthread_cond_init(&p->wake, NULL) != 0 ||
        pthread_cond_init(&p->done, NULL) != 0) {
        free(p);
        free(threads);
        return NULL;
    }
    p->threads = threads;
    for (size_t t = 0; t < n - 1; t++) {
        if (parallel_thread_create(&threads[t], pool_thread_run, p) != 0)
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
    p->fn = fn;
    p->shares = shares;
    p->n = n;
    p->size = size;
    atomic_store(&p->next, 0);
    unsigned long r = atomic_load(&p->round) + 1;
    atomic_store(&p->open, r);
    atomic_store(&p->round, r);
    if (atomic_load(&p->sleepers)) {
        pthread_mutex_lock(&p->lock);
        pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->lock);
    }
    pool_take(p);
    atomic_store(&p->open, 0);
    for (int i = 0; i < SPINS + YIELDS && atomic_load(&p->active); i++)
        if (i < SPINS)
            spin_pause();
        else
            sched_yield();
    if (atomic_load(&p->active)) {
        pthread_mutex_lock(&p->lock);
        atomic_store(&p->caller_waits, 1);
        while (atomic_load(&p->active))
            pthread_cond_wait(&p->done, &p->lock);
        atomic_store(&p->caller_waits, 0);
        pthread_mutex_unlock(&p->lock);
    }
}

void parallel_pool_free(parallel_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    atomic_store(&p->closing, 1);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    for (size_t t = 0; t < p->n_threads; t++)
        pthread_join(p->threads[t], NULL);
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p->threads);
    free(p);
}
