/*
 * parallel: runs one function over n shares of work, share 0 on the
 * calling thread and the others on threads: threads of their own
 * (parallel_run), or a pool's, kept waiting between the runs of a stage
 * that hands out many small ones (parallel_pool_run).
 */
#ifndef NP_PARALLEL_H
#define NP_PARALLEL_H

#include <pthread.h>
#include <stddef.h>

/* pthread_create, the thread started with every signal blocked but a
 * fault's own (SIGSEGV, SIGFPE, ...): a stop signal (a user's Ctrl-C)
 * goes to the thread that asked for it, the caller's, whose read or wait
 * it cuts short, not to a worker that would take it and let the caller
 * sleep on.  returns: as pthread_create */
int parallel_thread_create(pthread_t *thread, void *(*fn)(void *), void *arg);

/* Calls fn on each of the n shares (share t at (char *)shares + t * size)
 * and returns when every one is done.  A share whose thread cannot start
 * (or all of them, when the thread handles cannot be allocated) runs on
 * the calling thread, after share 0, so every share runs once. */
void parallel_run(void *(*fn)(void *), void *shares, size_t n, size_t size);

typedef struct parallel_pool parallel_pool;

/* The shares a thread that a stage cuts a pool's run into, where it cuts
 * its work ahead of the run: the pool hands each to whichever thread is
 * free, so a thread the machine runs late (a busy machine: the others'
 * processes) holds up an eighth of its part of the run, not all of it,
 * and the run's last share, which one thread finishes while the others
 * wait, is an eighth of a thread's part (a quarter left the second core
 * idle 1-4 ms at the end of each of the vectors', the recode's and the
 * ranks' runs at g20k on two threads). */
enum { PARALLEL_SHARES_PER_THREAD = 8 };

/* A pool of threads for runs of up to n shares (n - 1 threads, started
 * here).  returns: owned by caller (parallel_pool_free), NULL when n < 2
 * or nothing could be allocated or started */
parallel_pool *parallel_pool_new(size_t n);
/* parallel_run on the pool's threads and the calling thread: each share
 * runs once, on whichever of them takes it first; returns when all are
 * done.  A NULL pool runs parallel_run.  One run at a time, from one
 * thread. */
void parallel_pool_run(parallel_pool *p, void *(*fn)(void *), void *shares, size_t n, size_t size);
/* Ends the threads (they are waiting: no run is under way); NULL is fine. */
void parallel_pool_free(parallel_pool *p);

#endif
