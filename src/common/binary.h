/*
 * binary: whether bytes are binary data rather than text, the one rule
 * the cleaner refuses a record by and the reader keeps its id free by.
 *
 * Binary data shows as NUL bytes and control characters (over 5% of the
 * first 64 KiB but tab, line feed, form feed and carriage return); a
 * short run of bytes that is not UTF-8 must also show words.
 */
#ifndef NP_BINARY_H
#define NP_BINARY_H

#include <stddef.h>

/* 1 when s[0..len) looks binary (NUL or control bytes, or a short run of
 * bytes neither UTF-8 nor words), else 0. */
int binary_looks(const char *s, size_t len);

#endif
