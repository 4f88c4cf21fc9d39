/*
 * jsonscan: the fields a JSONL record gives the reader ("text", "id",
 * "title", "date", "url", "source"), found by a hand-written scanner over
 * the line instead of a jansson tree.
 *
 * Why hand-written: JSONL is the product's main input format, and decoding
 * every line into a jansson tree (every key and string copied and checked,
 * objects hashed) was measured at 8-10% of all the CPU of `newsprint
 * cluster --threads 1` on a 20k-article corpus
 * (docs/history/benchmarks-log.md, "JSONL field scanner").  The scanner takes
 * the common case only and declines every line it cannot vouch that jansson
 * reads the same way; the reader then parses that line with jansson as
 * before, so what is accepted, repaired or refused, and every message, stays
 * as it was.
 *
 * One pass checks the whole line as jansson would (grammar, every string's
 * escapes and UTF-8, every number's range, the nesting) and decodes the
 * wanted values as it reads them, the last of a repeated key winning as in
 * jansson (the values before it decoded for nothing): a second pass that
 * searched the values for their escapes again and copied the runs between
 * them cost 1.3% of `clean`'s instructions (docs/history/benchmarks-log.md,
 * intake22).
 */
#ifndef NP_JSONSCAN_H
#define NP_JSONSCAN_H

#include <stddef.h>

#include <jansson.h>

#include "common/buf.h"

/* How the reader has jansson parse a line: one value, "\u0000" allowed. */
#define JSONSCAN_JANSSON_FLAGS (JSON_ALLOW_NUL | JSON_DECODE_ANY)

/* The fields, in the order of jsonscan_keys. */
enum { JSONSCAN_TEXT, JSONSCAN_ID, JSONSCAN_TITLE, JSONSCAN_DATE, JSONSCAN_URL, JSONSCAN_SOURCE,
       JSONSCAN_FIELDS };

extern const char *const jsonscan_keys[JSONSCAN_FIELDS];

/* Every key read: the fields' own keys (jsonscan_keys, first), then the
 * keys that fill a field when its own key is absent, as other tools write
 * articles (news-please's "maintext", "date_publish" and "source_domain";
 * "content", "body", "headline", "published_at", "link"...): a field
 * takes the value of the first of its keys present in the order of this
 * table, the last of a key repeated, as jansson keeps it. */
typedef struct jsonscan_key {
    const char *name;
    unsigned char field; /* JSONSCAN_TEXT ... */
} jsonscan_key;
enum { JSONSCAN_KEYS = 20 };
extern const jsonscan_key jsonscan_all_keys[JSONSCAN_KEYS];

typedef enum jsonscan_kind {
    JSONSCAN_ABSENT,
    JSONSCAN_NULL,
    JSONSCAN_STRING,
    JSONSCAN_INTEGER,
    JSONSCAN_OTHER    /* a real, a boolean, an array or an object */
} jsonscan_kind;

typedef struct jsonscan_field {
    jsonscan_kind kind;
    const char *string;  /* JSONSCAN_STRING: borrowed; len bytes (NULs among them
                            when the JSON said \u0000), then a NUL */
    size_t len;
    long long integer;   /* JSONSCAN_INTEGER */
    const char *key;     /* the key it came from (jsonscan_all_keys), NULL when absent */
    int controls;        /* JSONSCAN_STRING: 0 when it holds no control byte but tab,
                            line feed, form feed and carriage return and is UTF-8
                            (JSON allows no raw control byte in a string, so only an
                            escape gives one: "\b", "\u0001"); 1 when it may */
} jsonscan_field;

/* Scans line[0..len) as one JSON object and fills fields[].
 * returns: NP_OK, the strings decoded into `out` (cleared first; borrowed
 * until `out` next changes); NP_EINPUT when the scanner declines the line
 * (anything jansson might read otherwise or refuse): parse it with
 * jansson; NP_ENOMEM. */
np_status jsonscan_record(const char *line, size_t len, buf *out,
                          jsonscan_field fields[JSONSCAN_FIELDS]);

/* fields[] of an object jansson parsed; the strings are borrowed from it. */
void jsonscan_from_json(json_t *object, jsonscan_field fields[JSONSCAN_FIELDS]);

/* The differential check of the unit test and the JSONL fuzz target: when
 * the scanner accepts the line, jansson must read it as an object with the
 * same fields (kind, bytes, integer value).
 * returns: 1 both agree, 0 the scanner declined (or ran out of memory),
 * -1 they differ. */
int jsonscan_crosscheck(const char *line, size_t len, const np_allocator *allocator);

#endif
