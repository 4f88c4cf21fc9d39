/*
 * clock: a monotonic clock in seconds and the process's peak resident
 * memory, for stage timings and --stats.
 */
#ifndef NP_CLOCK_H
#define NP_CLOCK_H

#include <stddef.h>

/* seconds on a monotonic clock (differences only mean something) */
double np_seconds(void);
/* the process's peak resident memory so far, in bytes (0 if unknown) */
size_t np_peak_rss_bytes(void);

#endif
