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
        terms_decode(code, n_words, n_facts, NULL, 0, stems, tfs, flags);
        terms_stems(code, n_words, n_facts, NULL, 0, only);
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

/* A term of stem with a count of 1 seven times in eight, else up to 300,
 * and a flag or none (TERM_FACT too for a fact) */
static term random_term(uint64_t *state, uint32_t stem, uint32_t is_fact)
{
    uint32_t r = next_random(state);
    uint16_t tf = r % 8 ? 1 : (uint16_t)(1 + (r >> 8) % 300);
    return (term){ stem, tf, (uint8_t)((r >> 20) % 3 | (is_fact ? TERM_FACT : 0)) };
}

/* Random words (up to 400, or `words` when not 0) and facts (up to 20)
 * into terms, each list ascending: odd stems spread over 32 bits, or
 * stems of dict (n_dict, ascending) when not NULL */
static void random_lists(uint64_t *state, term *terms, uint32_t words, const uint32_t *dict, size_t n_dict,
                         uint32_t *n_words, uint32_t *n_facts)
{
    *n_words = next_random(state) % 400;
    *n_facts = next_random(state) % 20;
    if (words)
        *n_words = words;
    for (uint32_t part = 0; part < 2; part++) {
        term *list = terms + (part ? *n_words : 0);
        uint32_t n = part ? *n_facts : *n_words, range = dict ? (uint32_t)n_dict : UINT32_MAX;
        uint32_t step = range / (n + 1), at = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (dict) {
                at += 1 + next_random(state) % step; /* ascending places of the corpus */
                list[i] = random_term(state, dict[at], part);
            } else {
                at += 2 + (next_random(state) % (step - 2) & ~1u); /* ascending, odd */
                list[i] = random_term(state, at | 1u, part);
            }
        }
    }
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
    static const uint16_t counts[] = { 0, 1, 2, 3, 4, 30, 31, 32, 254, 255, 256, 257, 258, 259, 260, 1000, 65534, 65535 };
    enum { N_COUNTS = sizeof counts / sizeof *counts };
    term varied[4 * N_COUNTS];
    for (uint32_t i = 0; i < 4 * N_COUNTS; i++)
        varied[i] = (term){ 1000u + 2 * i + 1, counts[i % N_COUNTS], (uint8_t)(i / N_COUNTS) }; /* every flag */
    CHECK(round_trip(varied, 4 * N_COUNTS, 0, &bytes));
    for (uint32_t i = 0; i < 4 * N_COUNTS; i++)
        varied[i].flags |= TERM_FACT;
    CHECK(round_trip(varied, 0, 4 * N_COUNTS, &bytes));
    CHECK(round_trip(varied, 2 * N_COUNTS, 2 * N_COUNTS, &bytes)); /* flags given to words are kept but FACT */
    /* sixteen terms with nibbles after an odd number of them: a group
     * whose 64 bits start within a byte (the byte after its first 60 read
     * too), the code's last when there are 32 */
    term marked[48];
    for (uint32_t i = 0; i < 48; i++)
        marked[i] = (term){ 3001u + 2 * i, (uint16_t)(i == 0 ? 2 : 1), (uint8_t)(i == 1 ? 0 : TERM_NAME) };
    CHECK(round_trip(marked, 48, 0, &bytes));
    CHECK(round_trip(marked, 32, 0, &bytes));
    CHECK(round_trip(marked, 31, 0, &bytes));
    CHECK(round_trip(marked, 16, 16, &bytes));
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
        uint32_t n_words, n_facts;
        random_lists(&state, terms, round == 0 ? MOST - 20 : 0, NULL, 0, &n_words, &n_facts);
        size_t bytes = 0;
        CHECK(round_trip(terms, n_words, n_facts, &bytes));
        all_bytes += bytes;
        all_terms += n_words + n_facts;
    }
    CHECK(all_bytes < 4 * all_terms);
    free(terms);
}

/* terms_recode: the code of n_words + n_facts terms (odd stems, as the
 * analyser's) coded again with the stems' places in dictionary (n_dict
 * stems, ascending, all the terms' among them) in place of them, in a
 * buffer of exactly terms_room bytes: decoded with the dictionary it gives
 * every stem, count and flag back, without it the ids; it is no longer
 * than the stem code when every stem of the dictionary is odd.
 * returns: 1 if so */
/* The bytes terms_recode's code of ids takes: two of widths, the gaps
 * (less one, the first from -1) of each list at its largest's width,
 * a bit a term, a nibble a term of a count other than 1 or a name or a
 * number, a byte a count of 4 to 258 and three one of 0 or over 258;
 * none for no term */
static size_t recoded_size(const term *terms, const uint32_t *ids, uint32_t n_words, uint32_t n_facts)
{
    uint64_t bits = 0;
    for (uint32_t part = 0; part < 2; part++) {
        uint32_t from = part ? n_words : 0, to = part ? n_words + n_facts : n_words, last = UINT32_MAX, widest = 0;
        for (uint32_t i = from; i < to; i++) {
            widest |= ids[i] - last - 1;
            last = ids[i];
        }
        unsigned width = 0;
        while (width < 32 && widest >> width)
            width++;
        bits += (uint64_t)width * (to - from);
    }
    size_t escaped = 0, marked = 0, n = n_words + n_facts;
    for (uint32_t i = 0; i < n; i++) {
        escaped += terms[i].tf == 0 || terms[i].tf > 3 ? (terms[i].tf >= 4 && terms[i].tf <= 258 ? 1 : 3) : 0;
        marked += terms[i].tf != 1 || (terms[i].flags & (TERM_NAME | TERM_NUMBER));
    }
    return n ? 2 + (size_t)(bits + 7) / 8 + (n + 7) / 8 + (marked + 1) / 2 + escaped : 0;
}

static int recode_round_trip(const term *terms, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                             size_t n_dict, size_t *bytes)
{
    uint32_t n = n_words + n_facts;
    size_t room = terms_room(n);
    uint8_t *code = malloc(room ? room : 1), *recoded = malloc(room ? room : 1);
    uint32_t *ids = malloc((n + 1) * sizeof *ids), *stems = malloc((n + 1) * sizeof *stems);
    uint32_t *raw = malloc((n + 1) * sizeof *raw), *tfs = malloc((n + 1) * sizeof *tfs);
    uint8_t *flags = malloc(n + 1);
    int ok = code && recoded && ids && stems && raw && tfs && flags;
    uint32_t all = 1;
    for (size_t d = 0; d < n_dict; d++)
        all &= dictionary[d];
    for (uint32_t i = 0; ok && i < n; i++) {
        size_t lo = 0, hi = n_dict;
        while (lo < hi) { /* the stem's place in the dictionary */
            size_t mid = lo + (hi - lo) / 2;
            if (dictionary[mid] < terms[i].stem)
                lo = mid + 1;
            else
                hi = mid;
        }
        ok = lo < n_dict && dictionary[lo] == terms[i].stem;
        ids[i] = (uint32_t)lo;
    }
    if (ok) {
        size_t stem_bytes = terms_code(terms, n_words, n_facts, code);
        *bytes = terms_recode(code, n_words, n_facts, ids, recoded);
        ok = *bytes <= room && *bytes == recoded_size(terms, ids, n_words, n_facts) &&
             (!(all & 1) || *bytes <= stem_bytes);
        terms_decode(recoded, n_words, n_facts, dictionary, 0, stems, tfs, flags);
        terms_stems(recoded, n_words, n_facts, NULL, 0, raw);
        for (uint32_t i = 0; ok && i < n; i++) {
            unsigned want_flags = (terms[i].flags & (TERM_NAME | TERM_NUMBER)) | (i >= n_words ? TERM_FACT : 0);
            ok = stems[i] == terms[i].stem && raw[i] == ids[i] && tfs[i] == terms[i].tf && flags[i] == want_flags;
        }
        terms_stems(recoded, n_words, n_facts, dictionary, 0, raw);
        for (uint32_t i = 0; ok && i < n; i++)
            ok = raw[i] == terms[i].stem;
    }
    free(code);
    free(recoded);
    free(ids);
    free(stems);
    free(raw);
    free(tfs);
    free(flags);
    return ok;
}

TEST(terms_recode_round_trip_edges)
{
    size_t bytes = 99;
    uint32_t none = 1;
    CHECK(recode_round_trip(NULL, 0, 0, &none, 1, &bytes) && bytes == 0);
    /* one term, the dictionary's first and its last (ids 0 and n - 1) */
    uint32_t dict[] = { 1, 3, 0x12345679u, UINT32_MAX };
    term first = { 1, 1, TERM_NAME }, last = { UINT32_MAX, 2, 0 };
    CHECK(recode_round_trip(&first, 1, 0, dict, 4, &bytes));
    CHECK(recode_round_trip(&first, 0, 1, dict, 4, &bytes));
    CHECK(recode_round_trip(&last, 1, 0, dict, 4, &bytes));
    term both[] = { { 1, 3, 0 }, { 3, 4, TERM_NUMBER }, { 0x12345679u, 1, 0 }, { UINT32_MAX, 65535, TERM_NAME } };
    CHECK(recode_round_trip(both, 4, 0, dict, 4, &bytes)); /* ids 0..3: gaps of 0 */
    CHECK(recode_round_trip(both, 2, 2, dict, 4, &bytes));
    /* every count and flag, odd and even numbers of terms, large counts
     * among the first 16 nibble bytes (read eight at a time) and after */
    static const uint16_t counts[] = { 0, 1, 2, 3, 4, 30, 31, 32, 254, 255, 256, 257, 258, 259, 260, 1000, 65534, 65535 };
    enum { N_COUNTS = sizeof counts / sizeof *counts, N_VARIED = 4 * N_COUNTS };
    term varied[N_VARIED];
    uint32_t varied_dict[3 * N_VARIED];
    for (uint32_t i = 0; i < 3 * N_VARIED; i++)
        varied_dict[i] = 1001u + 2 * i;
    for (uint32_t i = 0; i < N_VARIED; i++)
        varied[i] = (term){ varied_dict[3 * i + 1], counts[(i * 5) % N_COUNTS], (uint8_t)(i % 4) };
    for (uint32_t n = 0; n <= N_VARIED; n++)
        CHECK(recode_round_trip(varied, n, 0, varied_dict, 3 * N_VARIED, &bytes));
    CHECK(recode_round_trip(varied, N_VARIED / 2, N_VARIED / 2, varied_dict, 3 * N_VARIED, &bytes));
    CHECK(recode_round_trip(varied, 1, N_VARIED - 1, varied_dict, 3 * N_VARIED, &bytes));
    /* a dictionary holding an even stem: still a round trip */
    uint32_t even_dict[] = { 2, 5, 7, 8, 9 };
    term odd[] = { { 5, 1, 0 }, { 9, 1, 0 } };
    CHECK(recode_round_trip(odd, 2, 0, even_dict, 5, &bytes));
}

/* Random lists as terms_code_round_trip_random makes them, each
 * article's stems among a corpus of a few hundred thousand: the ids take
 * fewer bytes than the stems, never more. */
TEST(terms_recode_round_trip_random)
{
    uint64_t state = 7;
    enum { CORPUS = 1 << 18, MOST = 2000 };
    uint32_t *dict = malloc(CORPUS * sizeof *dict);
    term *terms = malloc(MOST * sizeof *terms);
    REQUIRE(dict != NULL && terms != NULL);
    uint32_t at = 1;
    for (uint32_t i = 0; i < CORPUS; i++) { /* ascending odd stems spread over 32 bits */
        dict[i] = at;
        at += 2 + (next_random(&state) % (2u * (UINT32_MAX / CORPUS) - 4) & ~1u);
    }
    size_t stem_bytes = 0, id_bytes = 0;
    for (int round = 0; round < 100; round++) {
        uint32_t n_words, n_facts;
        random_lists(&state, terms, round == 0 ? MOST - 20 : 0, dict, CORPUS, &n_words, &n_facts);
        size_t bytes = 0, before = 0;
        CHECK(round_trip(terms, n_words, n_facts, &before));
        CHECK(recode_round_trip(terms, n_words, n_facts, dict, CORPUS, &bytes));
        stem_bytes += before;
        id_bytes += bytes;
    }
    CHECK(id_bytes < stem_bytes * 3 / 4);
    free(dict);
    free(terms);
}

/* The facts coded by ids of their own (term_ids.c): the words' places
 * among the words' stems, the facts' among the facts' from 0, a fact's
 * id its place plus fact_base.  Decoded with the dictionary (the words'
 * stems, then the facts' from fact_base) every stem comes back; without
 * it the ids, the facts' past fact_base; terms_fact_stems gives the facts
 * alone, of a code of stems or of ids.  The code is no longer than the
 * stems'. */
TEST(terms_facts_by_ids_of_their_own)
{
    enum { WORDS = 3000, FACTS = 5000, MOST = 400 };
    uint32_t *dict = malloc((WORDS + FACTS) * sizeof *dict);
    term *terms = malloc(MOST * sizeof *terms);
    uint32_t *ids = malloc(MOST * sizeof *ids), *got = malloc(MOST * sizeof *got), *tfs = malloc(MOST * sizeof *tfs);
    uint8_t *flags = malloc(MOST), *code = malloc(terms_room(MOST)), *recoded = malloc(terms_room(MOST));
    REQUIRE(dict && terms && ids && got && tfs && flags && code && recoded);
    uint64_t state = 11;
    for (uint32_t i = 0, w = 1, f = 7; i < WORDS + FACTS; i++) { /* odd stems: words and facts interleaved */
        if (i < WORDS)
            dict[i] = w, w += 2 + 2 * (uint32_t)(next_random(&state) % 400000);
        else
            dict[i] = f, f += 2 + 2 * (uint32_t)(next_random(&state) % 250000);
    }
    for (int round = 0; round < 50; round++) {
        uint32_t n_words = 0, n_facts = 0;
        for (uint32_t i = 0; i < WORDS && n_words < MOST / 2; i++)
            if (next_random(&state) % (round % 7 + 2) == 0) {
                ids[n_words] = i;
                terms[n_words++] = (term){ dict[i], (uint16_t)(1 + next_random(&state) % 5), (uint8_t)(i % 3) };
            }
        for (uint32_t i = 0; i < FACTS && n_words + n_facts < MOST; i++)
            if (next_random(&state) % (round % 11 + 40) == 0) {
                ids[n_words + n_facts] = i; /* its place among the facts */
                terms[n_words + n_facts++] = (term){ dict[WORDS + i], 1, 0 };
            }
        size_t stem_bytes = terms_code(terms, n_words, n_facts, code);
        terms_fact_stems(code, n_words, n_facts, got);
        for (uint32_t k = 0; k < n_facts; k++)
            CHECK(got[k] == terms[n_words + k].stem);
        size_t bytes = terms_recode(code, n_words, n_facts, ids, recoded);
        CHECK(bytes <= stem_bytes);
        terms_decode(recoded, n_words, n_facts, dict, WORDS, got, tfs, flags);
        for (uint32_t t = 0; t < n_words + n_facts; t++)
            CHECK(got[t] == terms[t].stem && tfs[t] == terms[t].tf &&
                  flags[t] == ((terms[t].flags & (TERM_NAME | TERM_NUMBER)) | (t >= n_words ? TERM_FACT : 0)));
        terms_stems(recoded, n_words, n_facts, NULL, WORDS, got);
        for (uint32_t t = 0; t < n_words + n_facts; t++)
            CHECK(got[t] == ids[t] + (t >= n_words ? WORDS : 0));
        terms_fact_stems(recoded, n_words, n_facts, got);
        for (uint32_t k = 0; k < n_facts; k++)
            CHECK(got[k] == ids[n_words + k]);
    }
    free(dict);
    free(terms);
    free(ids);
    free(got);
    free(tfs);
    free(flags);
    free(code);
    free(recoded);
}

/* The words' ids in two classes (terms_recode_by_class, term_ids.c):
 * common ids below the rare base, rare ones from it, each class ascending
 * with the stems, the two interleaved in an article's stem order.  Every
 * stem, count and flag comes back in stem order, the ids as given (and
 * the facts' after fact_base); an article of one class takes no class
 * bit; a code is at most a bit a word and a byte longer than one space's,
 * and where an article has many common words, shorter. */
TEST(terms_words_by_class)
{
    enum { WORDS = 6000, COMMON = 300, FACTS = 2000, MOST = 600 };
    uint32_t *stem_of = malloc(WORDS * sizeof *stem_of), *id_of = malloc(WORDS * sizeof *id_of);
    uint32_t *dict = malloc((WORDS + FACTS) * sizeof *dict);
    term *terms = malloc(MOST * sizeof *terms);
    uint32_t *ids = malloc(MOST * sizeof *ids), *one = malloc(MOST * sizeof *one), *got = malloc(MOST * sizeof *got);
    uint32_t *tfs = malloc(MOST * sizeof *tfs);
    uint8_t *flags = malloc(MOST), *code = malloc(terms_room(MOST)), *recoded = malloc(terms_room(MOST));
    uint8_t *plain = malloc(terms_room(MOST));
    uint32_t *split = malloc(2 * MOST * sizeof *split);
    REQUIRE(split && stem_of && id_of && dict && terms && ids && one && got && tfs && flags && code && recoded && plain);
    uint64_t state = 5;
    /* word k (in stem order) common every 20th: class ids in stem order */
    for (uint32_t k = 0, w = 1, c = 0, r = COMMON; k < WORDS; k++) {
        stem_of[k] = w, w += 2 + 2 * (uint32_t)(next_random(&state) % 300000);
        id_of[k] = k % 20 == 0 ? c++ : r++;
        dict[id_of[k]] = stem_of[k];
    }
    for (uint32_t i = 0, f = 3; i < FACTS; i++)
        dict[WORDS + i] = f, f += 2 + 2 * (uint32_t)(next_random(&state) % 900000);
    size_t by_class = 0, by_one = 0;
    for (int round = 0; round < 60; round++) {
        uint32_t n_words = 0, n_facts = 0;
        int kind = round % 4; /* 0, 1: both classes; 2: common alone; 3: rare alone */
        for (uint32_t k = 0; k < WORDS && n_words < MOST - 20; k++) {
            int common = k % 20 == 0;
            uint64_t odds = common ? (kind == 3 ? 0 : 2) : (kind == 2 ? 0 : 60 + (uint64_t)round);
            if (odds && next_random(&state) % odds == 0) {
                ids[n_words] = id_of[k];
                one[n_words] = k; /* its place among all the words */
                terms[n_words++] = (term){ stem_of[k], (uint16_t)(1 + next_random(&state) % 6), (uint8_t)(k % 3) };
            }
        }
        for (uint32_t i = 0; i < FACTS && n_facts < 20; i++)
            if (next_random(&state) % 150 == 0) {
                ids[n_words + n_facts] = one[n_words + n_facts] = i;
                terms[n_words + n_facts++] = (term){ dict[WORDS + i], 1, 0 };
            }
        size_t stem_bytes = terms_code(terms, n_words, n_facts, code);
        size_t one_bytes = terms_recode(code, n_words, n_facts, one, plain);
        size_t bytes = terms_recode_by_class(code, n_words, n_facts, ids, COMMON, split, recoded);
        CHECK(bytes <= one_bytes + n_words / 8 + 2 && bytes <= stem_bytes);
        by_class += bytes, by_one += one_bytes;
        terms_decode_by_class(recoded, n_words, n_facts, dict, COMMON, WORDS, got, tfs, flags);
        for (uint32_t t = 0; t < n_words + n_facts; t++)
            CHECK(got[t] == terms[t].stem && tfs[t] == terms[t].tf &&
                  flags[t] == ((terms[t].flags & (TERM_NAME | TERM_NUMBER)) | (t >= n_words ? TERM_FACT : 0)));
        terms_stems_by_class(recoded, n_words, n_facts, NULL, COMMON, WORDS, got);
        for (uint32_t t = 0; t < n_words + n_facts; t++)
            CHECK(got[t] == ids[t] + (t >= n_words ? WORDS : 0));
        terms_fact_stems(recoded, n_words, n_facts, got);
        for (uint32_t k = 0; k < n_facts; k++)
            CHECK(got[k] == ids[n_words + k]);
        if (kind >= 2) { /* one class: no class bit, the gaps of that class alone */
            CHECK(bytes <= one_bytes);
            CHECK(!(recoded[0] & 64u)); /* TERMS_CLASSES */
        }
    }
    CHECK(by_class < by_one * 9 / 10);
    /* rare_base 0: terms_recode's code */
    uint32_t n = 0;
    for (uint32_t k = 0; k < WORDS && n < 100; k += 7)
        one[n] = k, terms[n++] = (term){ stem_of[k], 1, 0 };
    size_t a = terms_code(terms, n, 0, code), b = terms_recode(code, n, 0, one, plain);
    CHECK(a > 0 && terms_recode_by_class(code, n, 0, one, 0, NULL, recoded) == b && memcmp(plain, recoded, b) == 0);
    free(stem_of);
    free(id_of);
    free(dict);
    free(terms);
    free(ids);
    free(one);
    free(got);
    free(tfs);
    free(flags);
    free(code);
    free(recoded);
    free(plain);
    free(split);
}
