/*
 * jsondate: the text of a JSON "date" value that is not a string, for the
 * cleaner to read or, when it reads none, to name in its warning; one rule
 * for every way an article comes in (the JSONL reader, serve's POST).
 *
 * An integer is its digits (seconds or milliseconds since 1970, YYYYMMDD).
 * A real counts its whole seconds: 1741082400.5, as Python's time.time()
 * writes, is read as 1741082400; a negative or huge one is printed as it
 * is.  MongoDB's {"$date": ...} is the value inside.  Any other object,
 * array or boolean is its compact JSON, so that a date newsprint cannot
 * read is named instead of silently lost.
 */
#ifndef NP_JSONDATE_H
#define NP_JSONDATE_H

#include <stddef.h>

#include <jansson.h>

/* Room for the text: longer JSON is cut (at an ASCII byte: non-ASCII is
 * written as \u escapes) and ends in "...". */
enum { JSONDATE_MAX = 128 };

/* The text of value in out[JSONDATE_MAX].
 * returns: out (borrowed: valid while out is), or NULL for a string (the
 * caller has its bytes), null or a missing value. */
const char *jsondate_text(const json_t *value, char out[JSONDATE_MAX]);

#endif
