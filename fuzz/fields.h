/*
 * fields: the readable layout of a fuzz input that stands for one article.
 *
 * Optional header lines "#title VALUE", "#date VALUE", "#url VALUE",
 * "#source VALUE" at the very start, each ended by '\n' (a NUL inside a
 * value ends it, as JSONL fields never hold a NUL); the article text is
 * what follows.  Shared by fuzz_clean and fuzz_fingerprint, so seeds
 * written by hand for one serve the other.
 */
#ifndef NP_FUZZ_FIELDS_H
#define NP_FUZZ_FIELDS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsprint.h"

#define FUZZ_FIELDS_HELPER static __attribute__((unused))

enum { FIELD_TITLE, FIELD_DATE, FIELD_URL, FIELD_SOURCE, N_FIELDS };

static const char *const fuzz_field_tags[N_FIELDS] = { "#title ", "#date ", "#url ", "#source " };

/* Cuts header lines off the front; returns bytes used.  fields[k] is a
 * malloc'd copy or NULL. */
FUZZ_FIELDS_HELPER size_t take_fields(const uint8_t *data, size_t size, char *fields[N_FIELDS])
{
    size_t at = 0;
    for (;;) {
        int matched = 0;
        for (int k = 0; k < N_FIELDS && !matched; k++) {
            size_t tag_len = strlen(fuzz_field_tags[k]);
            if (size - at < tag_len || memcmp(data + at, fuzz_field_tags[k], tag_len) != 0)
                continue;
            const uint8_t *value = data + at + tag_len;
            size_t rest = size - at - tag_len;
            const uint8_t *nl = memchr(value, '\n', rest);
            size_t line_len = nl ? (size_t)(nl - value) : rest;
            size_t value_len = strnlen((const char *)value, line_len);
            if (value_len <= NP_MAX_FIELD_BYTES && !fields[k]) {
                fields[k] = malloc(value_len + 1);
                if (!fields[k])
                    abort();
                memcpy(fields[k], value, value_len);
                fields[k][value_len] = '\0';
            }
            at += tag_len + line_len + (nl ? 1 : 0);
            matched = 1;
        }
        if (!matched)
            return at;
    }
}

#endif
