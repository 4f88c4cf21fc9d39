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

#include "newsprint.h"

/* 1 when s[0..len) looks binary (NUL or control bytes, or a short run of
 * bytes neither UTF-8 nor words), else 0. */
int binary_looks(const char *s, size_t len);

/* 1 when s opens with a UTF-16 byte-order mark (FF FE, little-endian),
 * 2 when with a big-endian one (FE FF), else 0. */
int binary_utf16_bom(const char *s, size_t len);

/* binary_looks of the UTF-8 that UTF-16 text s[0..len) (its byte-order
 * mark left out) decodes to, as the cleaner judges such text; decoded
 * with allocator.  returns: 1 or 0, -1 out of memory. */
int binary_looks_utf16(const np_allocator *allocator, const char *s, size_t len, int big_endian);

#endif
