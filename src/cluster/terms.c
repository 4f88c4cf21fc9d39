/*
 * terms: an article's terms as the engine keeps them, coded in a few
 * bytes of a byte pool (e->terms), and read back whole.
 *
 * A fingerprint's terms are its words sorted by stem, then its facts
 * sorted by key, each list strictly ascending, each term with a count (tf)
 * and flags (TERM_*).  The stems are 32-bit hashes, so the n of a list
 * are n draws spread evenly and the gaps between them are about 2^32 / n:
 * each list keeps its gaps (less one; the first from -1) at one width, that
 * of its largest gap (frame-of-reference bit packing: Goldstein,
 * Ramakrishnan and Shaft, ICDE 1998), about 26.5 bits a stem at 20k
 * gencorpus articles instead of 32.  The analyser's stems and keys are
 * odd: when all of an article's are, their low bit is left out.  Each
 * term's flags and count then take a nibble: TERM_NAME and TERM_NUMBER in
 * bits 0 and 1 (a fact's TERM_FACT is its place after the words; no other
 * flag is kept), its count less one in bits 2 and 3 when it is 1 to 3
 * (nine terms in ten), else 3 there and the count in 16 bits after the
 * nibbles.  5 bytes a term become 3.9 (g20k: 927 -> 717 bytes an article).
 * The stages read an article's terms two or three times (the vocabulary,
 * the top terms, the story vectors, verification's vocabulary test), so
 * reading is kept cheap: a Rice code of the gaps with a prefix code of the
 * flags and counts took 3.5 bytes a term (646 an article) but twice the
 * instructions of this one (callgrind, g3k: +5.5% against +2.6% for the
 * whole run).
 *
 * Once the run's vocabulary is known the stems are replaced by their ids,
 * their places among the corpus's stems (term_ids.c): terms_recode packs
 * the gaps between an article's ids the same way (11.3 bits a gap at 20k
 * articles, not 26.5), or in a Rice code where that is shorter (9.8 bits:
 * the gaps of ids are near geometric, and the widest of a list's sets a
 * fixed width about 1.5 bits above their mean's), and copies the nibbles
 * and large counts as they are; a decoder given the dictionary gives the
 * stems back (a load each).
 *
 * Layout: a byte of the words' width, a byte of the facts' width with
 * TERMS_ODD, the gaps (from bit 0 of byte TERMS_HEAD on, low bits first,
 * padded to a byte), the nibbles (term i in byte i / 2, its low nibble
 * for even i), the large counts (16 bits each, little-endian, in term
 * order); an article without terms takes no byte.  In an id code,
 * TERMS_RICE_WORDS or TERMS_RICE_FACTS in the first byte says that list's
 * gaps are in a Rice code (the quotient in unary, zeros ended by a one,
 * then the k low bits) of the parameter k in its width's field.  With
 * TERMS_USUAL in the second byte, the gaps are followed by a bit a term
 * (term i's in bit i % 8 of byte i / 8: 1 for a count of 1 and its id's
 * usual flags), then the nibbles of the terms whose bit is 0 (the k-th
 * of them in byte k / 2, its low nibble for even k), then their large
 * counts.
 */
#include "cluster/engine.h"

#include <stddef.h>
#include <string.h>

#include "common/bits.h"

enum { TERMS_HEAD = 2, TERMS_ODD = 1 << 7, TERMS_USUAL = 1 << 6, TF_ESCAPED = 3 };
/* In the first byte of an id code: the words' gaps, or the facts', in a
 * Rice code of the parameter in the list's width field */
enum { TERMS_RICE_WORDS = 1 << 7, TERMS_RICE_FACTS = 1 << 6 };

/* The coder and decoder are written once (always inlined) and built
 * twice: for any x86-64, and with BMI2 where the processor has it, whose
 * shifts by a register (shrx, shlx) take the moves through cl off. */
#if defined(__x86_64__) && defined(__GNUC__)
#define CODE_BMI2 1
#define BMI2 __attribute__((target("bmi,bmi2")))
#else
#define CODE_BMI2 0
#endif
#define CODER static inline __attribute__((always_inline))

size_t terms_room(size_t n)
{
    /* 32 bits a gap at most, a nibble and 16 bits of count; the 8 zero
     * bytes after the code */
    return n ? TERMS_HEAD + 4 * n + (n + 1) / 2 + 2 * n + 8 : 0;
}

/* The width of the largest gap of the n values (shifted) of a list, a
 * value every `stride` words from values (the stems of terms, or ids);
 * *all keeps the bits every value has. */
CODER unsigned gap_width(const uint32_t *values, size_t stride, uint32_t n, unsigned shift, uint32_t *all)
{
    uint32_t last = UINT32_MAX, widest = 0, both = *all;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t value = values[i * stride] >> shift;
        widest |= value - last - 1; /* the highest bit of any is the highest of their or */
        both &= values[i * stride];
        last = value;
    }
    *all = both;
    return widest ? 32u - (unsigned)__builtin_clz(widest) : 0;
}

/* A writer of fields of at most 32 bits: the bits not yet stored in a
 * register, 32 stored whenever that many are in. */
typedef struct gap_writer {
    uint8_t *out;
    uint64_t bits;
    unsigned n;               /* below 32 between writes */
} gap_writer;

CODER void gaps_put(gap_writer *w, const uint32_t *values, size_t stride, uint32_t n, unsigned shift,
                    unsigned width)
{
    uint32_t last = UINT32_MAX;
    uint64_t bits = w->bits;
    unsigned filled = w->n;
    uint8_t *out = w->out;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t value = values[i * stride] >> shift;
        bits |= (uint64_t)(value - last - 1) << filled;
        filled += width;
        last = value;
        if (filled >= 32) {
            uint32_t word = (uint32_t)bits;
            memcpy(out, &word, 4); /* in the order bits_peek reads */
            out += 4;
            bits >>= 32;
            filled -= 32;
        }
    }
    w->bits = bits, w->n = filled, w->out = out;
}

/* A term's nibble; a large count written at *counts, moved on. */
CODER unsigned kind_put(const term *t, uint8_t **counts)
{
    unsigned tf = t->tf, code = tf - 1 < TF_ESCAPED ? tf - 1 : TF_ESCAPED;
    if (code == TF_ESCAPED) {
        (*counts)[0] = (uint8_t)tf;
        (*counts)[1] = (uint8_t)(tf >> 8);
        *counts += 2;
    }
    return (t->flags & (TERM_NAME | TERM_NUMBER)) | code << 2;
}

/* The header and the gaps of n_words + n_facts values (a value every
 * stride words from values), odd ones without their low bit when `odd`
 * and all are; returns: where the nibbles go */
CODER uint8_t *gaps_code(const uint32_t *values, size_t stride, uint32_t n_words, uint32_t n_facts, int odd,
                         uint8_t *out)
{
    /* the widths for odd values, and again for all when one is even (rare
     * for stems; ids are not tried) */
    uint32_t all = odd != 0;
    unsigned shift = odd != 0;
    const uint32_t *facts = values + (size_t)n_words * stride;
    unsigned width_words = gap_width(values, stride, n_words, shift, &all);
    unsigned width_facts = gap_width(facts, stride, n_facts, shift, &all);
    if (!(all & 1) && shift) {
        shift = 0;
        width_words = gap_width(values, stride, n_words, shift, &all);
        width_facts = gap_width(facts, stride, n_facts, shift, &all);
    }
    out[0] = (uint8_t)width_words;
    out[1] = (uint8_t)(width_facts | (shift ? TERMS_ODD : 0));
    gap_writer w = { .out = out + TERMS_HEAD };
    gaps_put(&w, values, stride, n_words, shift, width_words);
    gaps_put(&w, facts, stride, n_facts, shift, width_facts);
    memcpy(w.out, &w.bits, 8);
    return w.out + (w.n + 7) / 8;
}

/* A term's stem as one of the values gaps_code reads (a term is two words) */
_Static_assert(sizeof(term) == 2 * sizeof(uint32_t) && offsetof(term, stem) == 0, "a term's stem every 2 words");

CODER size_t code_body(const term *terms, uint32_t n_words, uint32_t n_facts, uint8_t *out)
{
    uint32_t n = n_words + n_facts;
    uint8_t *nibbles = gaps_code(&terms[0].stem, 2, n_words, n_facts, 1, out), *counts = nibbles + (n + 1) / 2;
    for (uint32_t i = 0; i < n; i += 2) /* a byte's two terms, the second of an odd n none */
        nibbles[i / 2] = (uint8_t)(kind_put(&terms[i], &counts) | (i + 1 < n ? kind_put(&terms[i + 1], &counts) << 4 : 0));
    size_t bytes = (size_t)(counts - out);
    memset(out + bytes, 0, 8); /* what a reader loads past the last byte */
    return bytes;
}

static size_t code_plain(const term *terms, uint32_t n_words, uint32_t n_facts, uint8_t *out)
{
    return code_body(terms, n_words, n_facts, out);
}

#if CODE_BMI2
BMI2 static size_t code_bmi2(const term *terms, uint32_t n_words, uint32_t n_facts, uint8_t *out)
{
    return code_body(terms, n_words, n_facts, out);
}
#endif

size_t terms_code(const term *terms, uint32_t n_words, uint32_t n_facts, uint8_t *out)
{
    if (!(n_words + n_facts))
        return 0;
#if CODE_BMI2
    if (__builtin_cpu_supports("bmi2"))
        return code_bmi2(terms, n_words, n_facts, out);
#endif
    return code_plain(terms, n_words, n_facts, out);
}


/* n stems of gaps of `width` bits from bit `at` of in into out.
 * returns: the bit after them */
CODER uint64_t gaps_get(const uint8_t *in, uint64_t at, uint32_t n, unsigned shift, unsigned width,
                        const uint32_t *dictionary, uint32_t *out)
{
    uint64_t mask = (1ull << width) - 1;
    uint32_t stem = UINT32_MAX, i = 0; /* the value -1, shifted, with the low bit (shift - 1 << shift | shift) */
    if (width <= 28) /* two gaps from a load (of 57 bits at least) */
        for (; i + 2 <= n; i += 2) {
            uint64_t w = bits_peek(in, at);
            stem += ((uint32_t)(w & mask) + 1) << shift;
            out[i] = dictionary ? dictionary[stem] : stem;
            stem += ((uint32_t)(w >> width & mask) + 1) << shift;
            out[i + 1] = dictionary ? dictionary[stem] : stem;
            at += 2 * width;
        }
    for (; i < n; i++) {
        stem += ((uint32_t)(bits_peek(in, at) & mask) + 1) << shift;
        out[i] = dictionary ? dictionary[stem] : stem;
        at += width;
    }
    return at;
}

/* n ids of gaps in a Rice code of parameter k from bit `at` of in into
 * out (each looked up in dictionary unless NULL): each gap's quotient in
 * unary, then its k low bits, read from one load when they are in it.
 * returns: the bit after them */
CODER uint64_t rice_get(const uint8_t *in, uint64_t at, uint32_t n, unsigned k, const uint32_t *dictionary,
                        uint32_t *out)
{
    uint64_t mask = (1ull << k) - 1;
    uint32_t id = UINT32_MAX;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t w = bits_peek(in, at), gap;
        unsigned q = w ? (unsigned)__builtin_ctzll(w) : 64u;
        if (__builtin_expect(q + 1 + k <= 57, 1)) {
            gap = (uint64_t)q << k | ((w >> (q + 1)) & mask);
            at += q + 1 + k;
        } else {
            gap = unary_get(in, &at) << k;
            gap |= bits_get(in, &at, k);
        }
        id += (uint32_t)gap + 1;
        out[i] = dictionary ? dictionary[id] : id;
    }
    return at;
}

/* The byte where the nibbles of a code start (terms_code's: no Rice code) */
static inline size_t nibbles_at(const uint8_t *in, uint32_t n_words, uint32_t n_facts)
{
    uint64_t bits = (uint64_t)n_words * (in[0] & 63u) + (uint64_t)n_facts * (in[1] & 63u);
    return TERMS_HEAD + (size_t)((bits + 7) / 8);
}

/* The values of both lists, each looked up in dictionary unless NULL;
 * returns: the byte where the nibbles start */
CODER size_t stems_get(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                       uint32_t *stems)
{
    unsigned shift = (in[1] & TERMS_ODD) != 0;
    uint64_t at = in[0] & TERMS_RICE_WORDS ? rice_get(in + TERMS_HEAD, 0, n_words, in[0] & 63u, dictionary, stems)
                                           : gaps_get(in + TERMS_HEAD, 0, n_words, shift, in[0] & 63u, dictionary, stems);
    if (in[0] & TERMS_RICE_FACTS)
        at = rice_get(in + TERMS_HEAD, at, n_facts, in[1] & 63u, dictionary, stems + n_words);
    else
        at = gaps_get(in + TERMS_HEAD, at, n_facts, shift, in[1] & 63u, dictionary, stems + n_words);
    return TERMS_HEAD + (size_t)((at + 7) / 8);
}

/* A term's flags and count from its nibble x; *counts the next large
 * count. */
CODER void kind_get(unsigned x, const uint8_t **counts, uint32_t *tf, uint8_t *flags)
{
    unsigned code = x >> 2;
    *flags = (uint8_t)(x & 3u);
    *tf = code + 1;
    if (__builtin_expect(code == TF_ESCAPED, 0)) {
        *tf = (uint32_t)(*counts)[0] | (uint32_t)(*counts)[1] << 8;
        *counts += 2;
    }
}

/* The counts and flags of a TERMS_USUAL code from `bits`, the terms' ids
 * in ids: every term of count 1 and its id's usual kind, then the terms
 * whose bit is 0 (found a 64-bit word of bits at a time) given their own
 * nibbles. */
CODER void usual_kinds_get(const uint8_t *bits, uint32_t n, const uint32_t *ids, const uint8_t *usual, uint32_t *tfs,
                           uint8_t *flags)
{
    size_t map_bytes = (n + 7) / 8, plain = 0, i = 0;
    for (; i + 8 <= map_bytes; i += 8) {
        uint64_t x;
        memcpy(&x, bits + i, 8);
        plain += (size_t)__builtin_popcountll(x);
    }
    for (; i < map_bytes; i++)
        plain += (size_t)__builtin_popcount(bits[i]);
    for (uint32_t t = 0; t < n; t++) {
        tfs[t] = 1;
        flags[t] = usual[ids[t]];
    }
    const uint8_t *nibbles = bits + map_bytes, *counts = nibbles + (n - plain + 1) / 2;
    uint32_t k = 0; /* the next nibble */
    for (uint32_t from = 0; from < n; from += 64) {
        uint64_t word;
        memcpy(&word, bits + from / 8, 8); /* 8 bytes follow the code */
        word = ~word;
        if (n - from < 64)
            word &= (1ull << (n - from)) - 1;
        for (; word; word &= word - 1, k++) {
            uint32_t t = from + (uint32_t)__builtin_ctzll(word);
            kind_get(nibbles[k / 2] >> (k % 2 * 4) & 15u, &counts, &tfs[t], &flags[t]);
        }
    }
}

CODER void decode_body(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                       const uint8_t *usual, uint32_t *stems, uint32_t *tfs, uint8_t *flags)
{
    uint32_t n = n_words + n_facts, i = 0;
    if (tfs && (in[1] & TERMS_USUAL)) { /* the ids first: they name the usual flags */
        usual_kinds_get(in + stems_get(in, n_words, n_facts, NULL, stems), n, stems, usual, tfs, flags);
        if (dictionary)
            for (i = 0; i < n; i++)
                stems[i] = dictionary[stems[i]];
    } else {
        const uint8_t *nibbles = in + stems_get(in, n_words, n_facts, dictionary, stems);
        if (!tfs)
            return;
        const uint8_t *counts = nibbles + (n + 1) / 2;
        for (; i + 2 <= n; i += 2) { /* a byte's two terms */
            kind_get(nibbles[i / 2] & 15u, &counts, &tfs[i], &flags[i]);
            kind_get(nibbles[i / 2] >> 4, &counts, &tfs[i + 1], &flags[i + 1]);
        }
        if (i < n)
            kind_get(nibbles[i / 2] & 15u, &counts, &tfs[i], &flags[i]);
    }
    for (i = n_words; i < n; i++)
        flags[i] |= TERM_FACT;
}

/* Built four times: with and without BMI2, for values as coded and for
 * values looked up in a dictionary (NULL a constant in the first, so the
 * decoder of stems has no test of it). */
static void decode_plain(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint8_t *usual,
                         uint32_t *stems, uint32_t *tfs, uint8_t *flags)
{
    decode_body(in, n_words, n_facts, NULL, usual, stems, tfs, flags);
}

static void decode_plain_looked_up(const uint8_t *in, uint32_t n_words, uint32_t n_facts,
                                   const uint32_t *dictionary, const uint8_t *usual, uint32_t *stems, uint32_t *tfs,
                                   uint8_t *flags)
{
    if (!dictionary) /* decode's test: none in the loops */
        __builtin_unreachable();
    decode_body(in, n_words, n_facts, dictionary, usual, stems, tfs, flags);
}

#if CODE_BMI2
BMI2 static void decode_bmi2(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint8_t *usual,
                             uint32_t *stems, uint32_t *tfs, uint8_t *flags)
{
    decode_body(in, n_words, n_facts, NULL, usual, stems, tfs, flags);
}

BMI2 static void decode_bmi2_looked_up(const uint8_t *in, uint32_t n_words, uint32_t n_facts,
                                       const uint32_t *dictionary, const uint8_t *usual, uint32_t *stems,
                                       uint32_t *tfs, uint8_t *flags)
{
    if (!dictionary)
        __builtin_unreachable();
    decode_body(in, n_words, n_facts, dictionary, usual, stems, tfs, flags);
}
#endif

static void decode(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                   const uint8_t *usual, uint32_t *stems, uint32_t *tfs, uint8_t *flags)
{
    if (!(n_words + n_facts))
        return;
#if CODE_BMI2
    if (__builtin_cpu_supports("bmi2")) {
        if (dictionary)
            decode_bmi2_looked_up(in, n_words, n_facts, dictionary, usual, stems, tfs, flags);
        else
            decode_bmi2(in, n_words, n_facts, usual, stems, tfs, flags);
        return;
    }
#endif
    if (dictionary)
        decode_plain_looked_up(in, n_words, n_facts, dictionary, usual, stems, tfs, flags);
    else
        decode_plain(in, n_words, n_facts, usual, stems, tfs, flags);
}

void terms_stems(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary, uint32_t *stems)
{
    decode(in, n_words, n_facts, dictionary, NULL, stems, NULL, NULL);
}

void terms_decode(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                  const uint8_t *usual, uint32_t *stems, uint32_t *tfs, uint8_t *flags)
{
    decode(in, n_words, n_facts, dictionary, usual, stems, tfs, flags);
}

/* The bytes of large counts after n nibbles at in: a nibble's count
 * field (bits 2 and 3) all ones, counted eight bytes at a time. */
static size_t escaped_bytes(const uint8_t *in, uint32_t n)
{
    size_t bytes = (n + 1) / 2, escaped = 0, i = 0;
    for (; i + 8 <= bytes; i += 8) {
        uint64_t x;
        memcpy(&x, in + i, 8);
        escaped += (size_t)__builtin_popcountll(x & x >> 1 & 0x4444444444444444ull);
    }
    for (; i < bytes; i++)
        escaped += ((in[i] & 0x0Cu) == 0x0Cu) + ((in[i] & 0xC0u) == 0xC0u);
    return 2 * escaped;
}

/* The n nibbles at kinds as a TERMS_USUAL code's bits and nibbles at
 * out (the terms' ids in ids), when that is shorter than the nibbles
 * (more than about a term in four with its usual kind); the large counts
 * (escaped bytes at kinds + (n + 1) / 2) after them.  out has room for a
 * nibble a term after the bits.  returns: the bytes written, 0 when none
 * (longer) */
CODER size_t usual_kinds_put(const uint8_t *kinds, uint32_t n, size_t escaped, const uint32_t *ids,
                             const uint8_t *usual, uint8_t *out)
{
    size_t map_bytes = (n + 7) / 8;
    uint8_t *nibbles = out + map_bytes;
    memset(nibbles, 0, (n + 1) / 2);
    uint32_t k = 0; /* the terms not of their usual kind */
    for (uint32_t from = 0; from < n; from += 64) {
        uint32_t end = n - from < 64 ? n : from + 64;
        uint64_t map = 0; /* the bits of these 64 terms */
        for (uint32_t t = from; t < end; t++) {
            unsigned x = kinds[t / 2] >> (t % 2 * 4) & 15u, set = x == usual[ids[t]];
            map |= (uint64_t)set << (t - from);
            nibbles[k / 2] |= (uint8_t)((set ? 0 : x) << (k % 2 * 4));
            k += !set;
        }
        memcpy(out + from / 8, &map, (end - from + 7) / 8);
    }
    size_t nibble_bytes = (k + 1) / 2;
    if (map_bytes + nibble_bytes >= (n + 1) / 2)
        return 0;
    memcpy(nibbles + nibble_bytes, kinds + (n + 1) / 2, escaped);
    return map_bytes + nibble_bytes + escaped;
}

/* One list of n ids: its gaps in a Rice code of the parameter near log2
 * of the mean gap times ln 2 (a geometric distribution's best: the
 * largest k with n 2^(k+1) at most two thirds of the gaps' sum), or at
 * the width of the largest gap where that is no longer (written again
 * then: seldom); its parameter or width into *field, TERMS_RICE_* `rice`
 * or'ed into *flags for a Rice code. */
static void ids_put(bit_writer *to, const uint32_t *ids, uint32_t n, uint8_t *field, uint8_t *flags, unsigned rice)
{
    bit_writer w = *to; /* in registers: out may alias what `to` points to */
    uint64_t sum = n ? (uint64_t)ids[n - 1] + 1 - n : 0; /* the gaps sum so */
    unsigned k = 0;
    while (k < 31 && ((uint64_t)n << (k + 1)) <= sum / 3 * 2)
        k++;
    uint32_t last = UINT32_MAX, widest = 0;
    uint64_t bits = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t gap = ids[i] - last - 1;
        uint64_t q = gap >> k, low = gap & ((1ull << k) - 1);
        widest |= gap;
        bits += q + k + 1;
        if (q + k + 1 <= 56) {
            bits_put(&w, 1ull << q | low << (q + 1), (unsigned)(q + k + 1));
        } else {
            unary_put(&w, q);
            bits_put(&w, low, k);
        }
        last = ids[i];
    }
    unsigned width = widest ? 32u - (unsigned)__builtin_clz(widest) : 0;
    if (bits < (uint64_t)n * width) {
        *field = (uint8_t)k;
        *flags |= (uint8_t)rice;
        *to = w;
        return;
    }
    w = *to;
    *field = (uint8_t)width;
    last = UINT32_MAX;
    for (uint32_t i = 0; i < n; i++) {
        bits_put(&w, ids[i] - last - 1, width);
        last = ids[i];
    }
    *to = w;
}

/* The header and the gaps of the ids of n_words words and n_facts facts,
 * each list in the shorter of the two codes; returns: where the kinds go */
static uint8_t *ids_code(const uint32_t *ids, uint32_t n_words, uint32_t n_facts, uint8_t *out)
{
    uint8_t head[2] = { 0, 0 }, flags = 0;
    bit_writer w = { .out = out + TERMS_HEAD };
    ids_put(&w, ids, n_words, &head[0], &flags, TERMS_RICE_WORDS);
    ids_put(&w, ids + n_words, n_facts, &head[1], &flags, TERMS_RICE_FACTS);
    out[0] = (uint8_t)(head[0] | flags);
    out[1] = head[1];
    return out + TERMS_HEAD + bits_end(&w);
}

CODER size_t recode_body(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *ids,
                         const uint8_t *usual, uint8_t *out)
{
    uint32_t n = n_words + n_facts;
    const uint8_t *kinds = in + nibbles_at(in, n_words, n_facts);
    size_t escaped = escaped_bytes(kinds, n), kind_bytes = (n + 1) / 2 + escaped;
    uint8_t *nibbles = ids_code(ids, n_words, n_facts, out);
    size_t usual_bytes = usual ? usual_kinds_put(kinds, n, escaped, ids, usual, nibbles) : 0;
    if (usual_bytes) {
        out[1] |= TERMS_USUAL;
        kind_bytes = usual_bytes;
    } else {
        memcpy(nibbles, kinds, kind_bytes);
    }
    memset(nibbles + kind_bytes, 0, 8);
    return (size_t)(nibbles + kind_bytes - out);
}

static size_t recode_plain(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *ids,
                           const uint8_t *usual, uint8_t *out)
{
    return recode_body(in, n_words, n_facts, ids, usual, out);
}

#if CODE_BMI2
BMI2 static size_t recode_bmi2(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *ids,
                               const uint8_t *usual, uint8_t *out)
{
    return recode_body(in, n_words, n_facts, ids, usual, out);
}
#endif

size_t terms_recode(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *ids, const uint8_t *usual,
                    uint8_t *out)
{
    if (!(n_words + n_facts))
        return 0;
#if CODE_BMI2
    if (__builtin_cpu_supports("bmi2"))
        return recode_bmi2(in, n_words, n_facts, ids, usual, out);
#endif
    return recode_plain(in, n_words, n_facts, ids, usual, out);
}
