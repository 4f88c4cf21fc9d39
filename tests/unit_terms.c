/* unit_terms: the engine's coded terms (terms_code) give back every stem,
 * count and flag they were given: no term, one, stems at both ends of 32
 * bits, even and odd stems, words or facts alone, counts of 0 and past a
 * byte, every flag, dense and sparse lists; the code stays within
 * terms_room, which the test's buffer is cut to, so that ASan sees any
 * read or write past it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/engine.h"
#include "test.h"

/* Codes n_words + n_facts terms into a buffer of exactly terms_room bytes
 * and decodes them both ways.  returns: 1 if all came back */
static int round_trip(const term *terms, uint32_t n_words, uint32_t n_facts, size_t *bytes)
{
    uint32_t n = n_words + n_facts;
    size_t room = terms_room(n);
    uint8_t *code = malloc(room ? room : 1);
    uint32_t *stems = malloc((n + 1) * sizeof *stems), *only = malloc((n + 1) * sizeof *only);
    uint32_t *tfs = malloc((n + 1) * sizeof *tfs);
    uint8_t *flags = malloc(n + 1);
    int ok = code && stems && only && tfs && flags;
    if (ok) {
        *bytes = terms_code(terms, n_words, n_facts, code);
        ok = *bytes <= room && (n || *bytes == 0);
        terms_decode(code, n_words, n_facts, stems, tfs, flags);
        terms_stems(code, n_words, n_facts, only);
        for (uint32_t i = 0; ok && i < n; i++) {
            unsigned want_flags = (terms[i].flags & (TERM_NAME | TERM_NUMBER)) | (i >= n_words ? TERM_FACT : 0);
            ok = stems[i] == terms[i].stem && only[i] == terms[i].stem && tfs[i] == terms[i].tf &&
                 flags[i] == want_flags;
        }
    }
    free(code);
    free(stems);
    free(only);
    free(tfs);
    free(flags);
    return ok;
}

static uint32_t next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*state >> 32);
}

TEST(terms_code_round_trip_edges)
{
    size_t bytes = 99;
    CHECK(round_trip(NULL, 0, 0, &bytes) && bytes == 0); /* an article without terms takes no byte */
    term one = { 0x12345679u, 1, 0 };
    CHECK(round_trip(&one, 1, 0, &bytes) && bytes <= 8);
    CHECK(round_trip(&one, 0, 1, &bytes)); /* a fact alone */
    term ends[] = { { 0, 1, 0 }, { UINT32_MAX, 2, TERM_NAME } }; /* both ends of 32 bits, one even */
    CHECK(round_trip(ends, 2, 0, &bytes));
    term top[] = { { UINT32_MAX, 7, TERM_NUMBER } };
    CHECK(round_trip(top, 1, 0, &bytes));
    CHECK(round_trip(top, 0, 1, &bytes));
    term last_two[] = { { UINT32_MAX - 2, 1, 0 }, { UINT32_MAX, 1, 0 } };
    CHECK(round_trip(last_two, 2, 0, &bytes));
    /* counts of 0, 1 to 3 (the short codes), 4, a byte's edge, the largest */
    static const uint16_t counts[] = { 0, 1, 2, 3, 4, 30, 31, 32, 254, 255, 256, 1000, 65534, 65535 };
    enum { N_COUNTS = sizeof counts / sizeof *counts };
    term varied[4 * N_COUNTS];
    for (uint32_t i = 0; i < 4 * N_COUNTS; i++)
        varied[i] = (term){ 1000u + 2 * i + 1, counts[i % N_COUNTS], (uint8_t)(i / N_COUNTS) }; /* every flag */
    CHECK(round_trip(varied, 4 * N_COUNTS, 0, &bytes));
    for (uint32_t i = 0; i < 4 * N_COUNTS; i++)
        varied[i].flags |= TERM_FACT;
    CHECK(round_trip(varied, 0, 4 * N_COUNTS, &bytes));
    CHECK(round_trip(varied, 2 * N_COUNTS, 2 * N_COUNTS, &bytes)); /* flags given to words are kept but FACT */
    /* dense: consecutive stems (gaps of 0), even and odd */
    enum { DENSE = 5000 };
    term *dense = malloc(DENSE * sizeof *dense);
    REQUIRE(dense != NULL);
    for (uint32_t i = 0; i < DENSE; i++)
        dense[i] = (term){ 7u + i, 1, 0 };
    CHECK(round_trip(dense, DENSE, 0, &bytes));
    CHECK(round_trip(dense, DENSE / 2, DENSE / 2, &bytes));
    for (uint32_t i = 0; i < DENSE; i++)
        dense[i].stem = 2 * i + 1; /* all odd: their low bit left out */
    CHECK(round_trip(dense, DENSE, 0, &bytes));
    size_t odd_bytes = bytes;
    dense[DENSE - 1].stem++; /* one even: every stem's low bit kept */
    CHECK(round_trip(dense, DENSE, 0, &bytes) && bytes > odd_bytes);
    /* one gap that takes most of the range among small ones: a long quotient */
    dense[DENSE - 1].stem = UINT32_MAX;
    CHECK(round_trip(dense, DENSE, 0, &bytes));
    free(dense);
}

/* Random sorted lists of the sizes of articles' terms, odd as the
 * analyser's stems: each comes back, in under 4 bytes a term. */
TEST(terms_code_round_trip_random)
{
    uint64_t state = 42;
    enum { MOST = 3000 };
    term *terms = malloc(MOST * sizeof *terms);
    REQUIRE(terms != NULL);
    size_t all_bytes = 0, all_terms = 0;
    for (int round = 0; round < 200; round++) {
        uint32_t n_words = next_random(&state) % 400, n_facts = next_random(&state) % 20;
        if (round == 0)
            n_words = MOST - 20;
        for (uint32_t part = 0; part < 2; part++) {
            term *list = terms + (part ? n_words : 0);
            uint32_t n = part ? n_facts : n_words, step = UINT32_MAX / (n + 1), at = 0;
            for (uint32_t i = 0; i < n; i++) {
                at += 2 + (next_random(&state) % (step - 2) & ~1u); /* ascending, odd */
                uint32_t r = next_random(&state);
                uint16_t tf = r % 8 ? 1 : (uint16_t)(1 + (r >> 8) % 300);
                list[i] = (term){ at | 1u, tf, (uint8_t)((r >> 20) % 3 | (part ? TERM_FACT : 0)) };
            }
        }
        size_t bytes = 0;
        CHECK(round_trip(terms, n_words, n_facts, &bytes));
        all_bytes += bytes;
        all_terms += n_words + n_facts;
    }
    CHECK(all_bytes < 4 * all_terms);
    free(terms);
}
