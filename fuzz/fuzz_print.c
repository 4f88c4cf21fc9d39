/*
 * fuzz_print: np_engine_add_fingerprint over arbitrary bytes.
 *
 * A shard's checksum only says the bytes arrived as written; whoever wrote
 * them, a fingerprint read back from a shard or a database must never make
 * the engine read out of bounds or loop.  The input is cut into records at
 * each 0xFF 0xFE 0xFD 0xFC marker; each record is offered to an engine
 * (refusal is fine), and whatever was accepted is then run: copies,
 * families, stories, storylines, every result read back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsprint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t marker[4] = { 0xFF, 0xFE, 0xFD, 0xFC };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    np_engine *e = NULL;
    if (np_engine_new(&e, NULL, NULL) != NP_OK)
        return 0;
    size_t start = 0;
    for (size_t i = 0; i <= size; i++) {
        int cut = i == size || (i + 4 <= size && memcmp(data + i, marker, 4) == 0);
        if (!cut)
            continue;
        if (i > start) {
            /* a copy of exactly the record, so an over-read is caught */
            uint8_t *rec = malloc(i - start);
            if (rec) {
                memcpy(rec, data + start, i - start);
                np_engine_add_fingerprint(e, rec, i - start);
                free(rec);
            }
        }
        start = i + 4;
        i += 3;
    }
    if (np_engine_run(e) == NP_OK) {
        for (size_t i = 0; i < np_engine_count(e); i++) {
            np_result r;
            if (np_engine_result(e, i, &r) != NP_OK)
                abort();
        }
        for (size_t s = 0; s < np_engine_story_count(e); s++) {
            np_story st;
            const char *kw[8];
            size_t n_kw;
            if (np_engine_story(e, s, &st, kw, 8, &n_kw) != NP_OK)
                abort();
        }
    }
    np_engine_free(e);
    return 0;
}
