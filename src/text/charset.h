/*
 * charset: a page's bytes as UTF-8, for the HTML parser (htmltree).
 *
 * The charset is the one the caller was told (an HTTP header's), else a
 * byte-order mark's, else a <meta charset> in the page's first 4 KB;
 * Latin-1 and Windows-1252 are decoded here, other charsets by iconv (an
 * invalid byte becomes U+FFFD), and a page said (or assumed) to be UTF-8
 * whose bytes mostly are not is read as Windows-1252, as browsers do.
 */
#ifndef NP_CHARSET_H
#define NP_CHARSET_H

#include <stddef.h>

#include "common/arena.h"

/* The page s[0..len) as UTF-8, *out_len bytes: s itself (past a UTF-8
 * byte-order mark), or a converted copy allocated in mem.  charset: the
 * label the page was served with, or NULL.  returns: NULL with *nomem set
 * when out of memory */
const char *charset_to_utf8(arena *mem, const char *s, size_t len, const char *charset, size_t *out_len,
                            int *nomem);

#endif
