/*
 * parallel: runs one function over n shares of work, share 0 on the
 * calling thread and the others on threads of their own.
 */
#ifndef NP_PARALLEL_H
#define NP_PARALLEL_H

#include <stddef.h>

/* Calls fn on each of the n shares (share t at (char *)shares + t * size)
 * and returns when every one is done.  A share whose thread cannot start
 * (or all of them, when the thread handles cannot be allocated) runs on
 * the calling thread, after share 0, so every share runs once. */
void parallel_run(void *(*fn)(void *), void *shares, size_t n, size_t size);

#endif
