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
 * Layout: a byte of the words' width, a byte of the facts' width with
 * TERMS_ODD, the gaps (from bit 0 of byte TERMS_HEAD on, low bits first,
 * padded to a byte), the nibbles (term i in byte i / 2, its low nibble
 * for even i), the large counts (16 bits each, little-endian, in term
 * order); an article without terms takes no byte.
 */
#include "cluster/engine.h"

#include <string.h>

#include "common/bits.h"

enum { TERMS_HEAD = 2, TERMS_ODD = 1 << 7, TF_ESCAPED = 3 };

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

/* The width of the largest gap of the n stems (shifted) of a list; *all
 * keeps the bits every stem has. */
CODER unsigned gap_width(const term *terms, uint32_t n, unsigned shift, uint32_t *all)
{
    uint32_t last = UINT32_MAX, widest = 0, both = *all;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t value = terms[i].stem >> shift;
        widest |= value - last - 1; /* the highest bit of any is the highest of their or */
        both &= terms[i].stem;
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

CODER void gaps_put(gap_writer *w, const term *terms, uint32_t n, unsigned shift, unsigned width)
{
    uint32_t last = UINT32_MAX;
    uint64_t bits = w->bits;
    unsigned filled = w->n;
    uint8_t *out = w->out;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t value = terms[i].stem >> shift;
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

CODER size_t code_body(const term *terms, uint32_t n_words, uint32_t n_facts, uint8_t *out)
{
    uint32_t n = n_words + n_facts;
    /* the widths for odd stems, and again for all when one is even (rare) */
    uint32_t all = 1;
    unsigned shift = 1;
    unsigned width_words = gap_width(terms, n_words, shift, &all);
    unsigned width_facts = gap_width(terms + n_words, n_facts, shift, &all);
    if (!(all & 1)) {
        shift = 0;
        width_words = gap_width(terms, n_words, shift, &all);
        width_facts = gap_width(terms + n_words, n_facts, shift, &all);
    }
    out[0] = (uint8_t)width_words;
    out[1] = (uint8_t)(width_facts | (shift ? TERMS_ODD : 0));
    gap_writer w = { .out = out + TERMS_HEAD };
    gaps_put(&w, terms, n_words, shift, width_words);
    gaps_put(&w, terms + n_words, n_facts, shift, width_facts);
    memcpy(w.out, &w.bits, 8);
    uint8_t *nibbles = w.out + (w.n + 7) / 8, *counts = nibbles + (n + 1) / 2;
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
CODER uint64_t gaps_get(const uint8_t *in, uint64_t at, uint32_t n, unsigned shift, unsigned width, uint32_t *out)
{
    uint64_t mask = (1ull << width) - 1;
    uint32_t stem = UINT32_MAX, i = 0; /* the value -1, shifted, with the low bit (shift - 1 << shift | shift) */
    if (width <= 28) /* two gaps from a load (of 57 bits at least) */
        for (; i + 2 <= n; i += 2) {
            uint64_t w = bits_peek(in, at);
            stem += ((uint32_t)(w & mask) + 1) << shift;
            out[i] = stem;
            stem += ((uint32_t)(w >> width & mask) + 1) << shift;
            out[i + 1] = stem;
            at += 2 * width;
        }
    for (; i < n; i++) {
        stem += ((uint32_t)(bits_peek(in, at) & mask) + 1) << shift;
        out[i] = stem;
        at += width;
    }
    return at;
}

/* The stems of both lists; returns: the byte where the nibbles start */
CODER size_t stems_get(const uint8_t *in, uint32_t n_words, uint32_t n_facts, uint32_t *stems)
{
    unsigned shift = (in[1] & TERMS_ODD) != 0;
    uint64_t at = gaps_get(in + TERMS_HEAD, 0, n_words, shift, in[0] & 63u, stems);
    at = gaps_get(in + TERMS_HEAD, at, n_facts, shift, in[1] & 63u, stems + n_words);
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

CODER void decode_body(const uint8_t *in, uint32_t n_words, uint32_t n_facts, uint32_t *stems, uint32_t *tfs,
                         uint8_t *flags)
{
    const uint8_t *nibbles = in + stems_get(in, n_words, n_facts, stems);
    if (!tfs)
        return;
    uint32_t n = n_words + n_facts, i = 0;
    const uint8_t *counts = nibbles + (n + 1) / 2;
    for (; i + 2 <= n; i += 2) { /* a byte's two terms */
        kind_get(nibbles[i / 2] & 15u, &counts, &tfs[i], &flags[i]);
        kind_get(nibbles[i / 2] >> 4, &counts, &tfs[i + 1], &flags[i + 1]);
    }
    if (i < n)
        kind_get(nibbles[i / 2] & 15u, &counts, &tfs[i], &flags[i]);
    for (i = n_words; i < n; i++)
        flags[i] |= TERM_FACT;
}

static void decode_plain(const uint8_t *in, uint32_t n_words, uint32_t n_facts, uint32_t *stems, uint32_t *tfs,
                         uint8_t *flags)
{
    decode_body(in, n_words, n_facts, stems, tfs, flags);
}

#if CODE_BMI2
BMI2 static void decode_bmi2(const uint8_t *in, uint32_t n_words, uint32_t n_facts, uint32_t *stems, uint32_t *tfs,
                             uint8_t *flags)
{
    decode_body(in, n_words, n_facts, stems, tfs, flags);
}
#endif

static void decode(const uint8_t *in, uint32_t n_words, uint32_t n_facts, uint32_t *stems, uint32_t *tfs,
                   uint8_t *flags)
{
    if (!(n_words + n_facts))
        return;
#if CODE_BMI2
    if (__builtin_cpu_supports("bmi2")) {
        decode_bmi2(in, n_words, n_facts, stems, tfs, flags);
        return;
    }
#endif
    decode_plain(in, n_words, n_facts, stems, tfs, flags);
}

void terms_stems(const uint8_t *in, uint32_t n_words, uint32_t n_facts, uint32_t *stems)
{
    decode(in, n_words, n_facts, stems, NULL, NULL);
}

void terms_decode(const uint8_t *in, uint32_t n_words, uint32_t n_facts, uint32_t *stems, uint32_t *tfs,
                  uint8_t *flags)
{
    decode(in, n_words, n_facts, stems, tfs, flags);
}
