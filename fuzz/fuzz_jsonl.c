/* fuzz_jsonl: the JSONL reader, then the cleaner (see reader_target.h); and
 * on every line of the input, the reader's field scanner against jansson:
 * whenever the scanner accepts a line, jansson reads the same fields. */
#include <stddef.h>
#include <stdint.h>

static void check_lines(const uint8_t *data, size_t size);

#define INPUT_EXTENSION ".jsonl"
#define INPUT_CHECK check_lines
#include "reader_target.h"

#include "ingest/jsonscan.h"

/* The lines as the reader's line reader cuts them (at '\n', a byte-order
 * mark before the first left out). */
static void check_lines(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    if (size >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        if (jsonscan_crosscheck(p, (size_t)(stop - p), NULL) < 0)
            fuzz_violated("the field scanner and jansson read line \"%.*s\" differently",
                          (int)(stop - p), p);
        p = nl ? nl + 1 : end;
    }
}
