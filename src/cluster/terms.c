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
 * (nine terms in ten), else 3 there and the count after the nibbles: a
 * byte of the count less 4 for 4 to 258, else a byte of 255 and the count
 * in 16 bits (g20k: 47k large counts, 130 of them past 19).  5 bytes a
 * term become 3.9 (g20k: 927 -> 717 bytes an article).
 * The stages read an article's terms two or three times (the vocabulary,
 * the top terms, the story vectors, verification's vocabulary test), so
 * reading is kept cheap: a Rice code of the gaps with a prefix code of the
 * flags and counts took 3.5 bytes a term (646 an article) but twice the
 * instructions of this one (callgrind, g3k: +5.5% against +2.6% for the
 * whole run).
 *
 * Once the run's vocabulary is known the stems are replaced by their ids,
 * their places among the corpus's stems (term_ids.c): terms_recode packs
 * the gaps between an article's ids the same way (about 10 bits a gap at
 * 20k articles, not 26.5) and copies the nibbles and large counts as they
 * are; a decoder given the dictionary gives the stems back (a load each).
 * terms_recode_by_class packs the words' ids in two classes (common and
 * rare by df, term_ids.c): TERMS_CLASSES in the first byte, a third byte
 * of the rare words' width, a bit a word (set: common) from bit 0, then
 * the common words' gaps, the rare words' (their places from the rare
 * base), the facts'; a code with words of one class has no class bit, and
 * TERMS_RARE when they are the rare ones.
 *
 * A nibble of 0 (a count of 1, neither a name nor a number: 64% of g20k's
 * terms, 97% of its facts) is not written: a bit a term says whether its
 * nibble follows, and the nibbles of the others are packed (36 bytes an
 * article less at g20k, 2.5 bits a term in place of 4).  The decoder
 * spreads eight terms' nibbles from their mark byte at once (with BMI2,
 * two pdep), so a term costs about what it did.
 *
 * Layout: a byte of the words' width, a byte of the facts' width with
 * TERMS_ODD, the gaps (from bit 0 of byte TERMS_HEAD on, low bits first,
 * padded to a byte), the marks (bit i of the bytes, low bits first, set
 * when term i's nibble is not 0; padded to a byte with 0), the nibbles of
 * the marked terms (the k-th in byte k / 2, its low nibble for even k),
 * the large counts (a byte, or 255 and 16 bits little-endian; in term
 * order); an article without terms takes no byte.
 */
#include "cluster/engine.h"

#include <stddef.h>
#include <string.h>

#include "common/bits.h"

enum { TERMS_HEAD = 2, TERMS_ODD = 1 << 7, TERMS_CLASSES = 1 << 6, TERMS_RARE = 1 << 7, TF_ESCAPED = 3, TF_BYTE_LEAST = 4, TF_IN_16 = 255 };

/* The coder and decoder are written once (always inlined) and built
 * twice: for any x86-64, and with BMI2 where the processor has it, whose
 * shifts by a register (shrx, shlx) take the moves through cl off. */
#if defined(__x86_64__) && defined(__GNUC__)
#define CODE_BMI2 1
#define BMI2 __attribute__((target("bmi,bmi2,popcnt")))
#else
#define CODE_BMI2 0
#endif
#define CODER static inline __attribute__((always_inline))
#if CODE_BMI2
#include <immintrin.h>
#endif

size_t terms_room(size_t n)
{
    /* 32 bits a gap at most, a mark, a nibble and 3 bytes of count; the 8
     * zero bytes after the code */
    return n ? TERMS_HEAD + 4 * n + (n + 7) / 8 + (n + 1) / 2 + 3 * n + 8 : 0;
}

/* Sixteen terms' nibbles in a word (term j's in bits 4j to 4j + 3), and
 * the same packed: the nonzero ones in order from bit 0, with a mark a
 * term (bit j: term j's is not 0).  The coder and decoders are given one
 * pair of these as constants, so each of their builds inlines its own:
 * pext and pdep where the processor has BMI2, else loops of 16 steps. */
typedef uint64_t nibbles_pack(uint64_t nibbles, unsigned *marks);
typedef uint64_t nibbles_spread(unsigned marks, uint64_t packed);

static inline uint64_t pack_plain(uint64_t nibbles, unsigned *marks)
{
    uint64_t packed = 0;
    unsigned m = 0, k = 0;
    for (unsigned j = 0; j < 16; j++) {
        uint64_t x = nibbles >> (4 * j) & 15u;
        unsigned set = x != 0;
        m |= set << j;
        packed |= x << (4 * k);
        k += set;
    }
    *marks = m;
    return packed;
}

static inline uint64_t spread_plain(unsigned marks, uint64_t packed)
{
    uint64_t word = 0;
    for (unsigned j = 0; j < 16; j++) {
        unsigned set = marks >> j & 1u;
        word |= (packed & 15u & (0u - (uint64_t)set)) << (4 * j);
        packed >>= 4 * set;
    }
    return word;
}

#if CODE_BMI2
#define NIBBLE_LOW_BITS 0x1111111111111111ull

BMI2 static inline uint64_t pack_bmi2(uint64_t nibbles, unsigned *marks)
{
    uint64_t set = nibbles | nibbles >> 1;
    set = (set | set >> 2) & NIBBLE_LOW_BITS; /* bit 4j: nibble j is not 0 */
    *marks = (unsigned)_pext_u64(set, NIBBLE_LOW_BITS);
    return _pext_u64(nibbles, set * 15u);
}

BMI2 static inline uint64_t spread_bmi2(unsigned marks, uint64_t packed)
{
    return _pdep_u64(packed, _pdep_u64(marks, NIBBLE_LOW_BITS) * 15u);
}
#endif

/* The marked terms among the first n of marks: their nibbles' count */
CODER uint32_t marked_count(const uint8_t *marks, uint32_t n)
{
    uint32_t m = 0, i = 0;
    for (; i + 64 <= n; i += 64) {
        uint64_t x;
        memcpy(&x, marks + i / 8, 8);
        m += (uint32_t)__builtin_popcountll(x);
    }
    for (; i < n; i += 8) /* padded with 0 */
        m += (uint32_t)__builtin_popcount(marks[i / 8]);
    return m;
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
        if (tf - TF_BYTE_LEAST < TF_IN_16) {
            *(*counts)++ = (uint8_t)(tf - TF_BYTE_LEAST);
        } else {
            (*counts)[0] = TF_IN_16;
            (*counts)[1] = (uint8_t)tf;
            (*counts)[2] = (uint8_t)(tf >> 8);
            *counts += 3;
        }
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

CODER size_t code_body(const term *terms, uint32_t n_words, uint32_t n_facts, uint8_t *out, nibbles_pack *pack)
{
    uint32_t n = n_words + n_facts;
    uint8_t *marks = gaps_code(&terms[0].stem, 2, n_words, n_facts, 1, out), *nibbles = marks + (n + 7) / 8;
    /* every term's nibble first, the large counts after them */
    uint8_t *counts_at = nibbles + (n + 1) / 2, *counts = counts_at;
    for (uint32_t i = 0; i < n; i += 2) /* a byte's two terms, the second of an odd n none */
        nibbles[i / 2] = (uint8_t)(kind_put(&terms[i], &counts) | (i + 1 < n ? kind_put(&terms[i + 1], &counts) << 4 : 0));
    /* then packed in place, 16 at a time: a word is stored only when 64
     * bits are in, over nibbles read already (8 bytes a group read, 8 a
     * word stored, the stores behind the reads) */
    uint8_t *put = nibbles;
    uint64_t bits = 0;
    unsigned filled = 0;
    for (uint32_t i = 0; i < n; i += 16) {
        uint64_t group;
        memcpy(&group, nibbles + i / 2, 8); /* past the last: counts or room, cut off */
        if (n - i < 16)
            group &= (1ull << (4 * (n - i))) - 1;
        unsigned m;
        uint64_t packed = pack(group, &m);
        marks[i / 8] = (uint8_t)m;
        if (n - i > 8)
            marks[i / 8 + 1] = (uint8_t)(m >> 8);
        unsigned more = 4 * (unsigned)__builtin_popcount(m);
        bits |= packed << filled;
        if (filled + more >= 64) {
            memcpy(put, &bits, 8);
            put += 8;
            bits = filled ? packed >> (64 - filled) : 0;
            filled = filled + more - 64;
        } else {
            filled += more;
        }
    }
    memcpy(put, &bits, (filled + 7) / 8);
    put += (filled + 7) / 8;
    size_t count_bytes = (size_t)(counts - counts_at);
    memmove(put, counts_at, count_bytes);
    size_t bytes = (size_t)(put - out) + count_bytes;
    memset(out + bytes, 0, 8); /* what a reader loads past the last byte */
    return bytes;
}

static size_t code_plain(const term *terms, uint32_t n_words, uint32_t n_facts, uint8_t *out)
{
    return code_body(terms, n_words, n_facts, out, pack_plain);
}

#if CODE_BMI2
BMI2 static size_t code_bmi2(const term *terms, uint32_t n_words, uint32_t n_facts, uint8_t *out)
{
    return code_body(terms, n_words, n_facts, out, pack_bmi2);
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


/* n stems of gaps of `width` bits from bit `at` of in into out, each
 * value plus base (a fact's id: its place among the facts' ids) looked up
 * in dictionary unless NULL.  returns: the bit after them */
CODER uint64_t gaps_get(const uint8_t *in, uint64_t at, uint32_t n, unsigned shift, unsigned width,
                        const uint32_t *dictionary, uint32_t base, uint32_t *out)
{
    if (dictionary)
        dictionary += base; /* the values below are then as if from 0 */
    uint64_t mask = (1ull << width) - 1;
    uint32_t stem = UINT32_MAX, i = 0; /* the value -1, shifted, with the low bit (shift - 1 << shift | shift) */
    if (width <= 28) /* two gaps from a load (of 57 bits at least) */
        for (; i + 2 <= n; i += 2) {
            uint64_t w = bits_peek(in, at);
            stem += ((uint32_t)(w & mask) + 1) << shift;
            out[i] = dictionary ? dictionary[stem] : stem + base;
            stem += ((uint32_t)(w >> width & mask) + 1) << shift;
            out[i + 1] = dictionary ? dictionary[stem] : stem + base;
            at += 2 * width;
        }
    for (; i < n; i++) {
        stem += ((uint32_t)(bits_peek(in, at) & mask) + 1) << shift;
        out[i] = dictionary ? dictionary[stem] : stem + base;
        at += width;
    }
    return at;
}

/* The first n_all bits (class bits) of in from bit `chunk` on, a
 * multiple of 64, each flipped when flip is all ones */
CODER uint64_t class_word(const uint8_t *in, uint32_t chunk, uint32_t n_all, uint64_t flip)
{
    uint64_t w;
    memcpy(&w, in + chunk / 8, 8); /* the gaps follow: within the code */
    w ^= flip;
    if (n_all - chunk < 64)
        w &= (1ull << (n_all - chunk)) - 1;
    return w;
}

/* gaps_get for the values of one class of a class code: the k-th goes
 * to out[p], p the place of the k-th set bit among the n_all class bits
 * at in (flipped: the k-th clear one when flip is all ones), taken 64 at
 * a time */
CODER uint64_t gaps_scatter(const uint8_t *in, uint64_t at, uint32_t n_all, uint64_t flip, unsigned width,
                            const uint32_t *dictionary, uint32_t base, uint32_t *out)
{
    if (dictionary)
        dictionary += base;
    uint64_t mask = (1ull << width) - 1;
    uint32_t value = UINT32_MAX;
    for (uint32_t chunk = 0; chunk < n_all; chunk += 64) {
        uint32_t *to = out + chunk;
        for (uint64_t m = class_word(in, chunk, n_all, flip); m; m &= m - 1) {
            value += (uint32_t)(bits_peek(in, at) & mask) + 1;
            at += width;
            to[__builtin_ctzll(m)] = dictionary ? dictionary[value] : value + base;
        }
    }
    return at;
}

/* The set bits among the first n of in */
CODER uint32_t ones_count(const uint8_t *in, uint32_t n)
{
    uint32_t m = 0;
    for (uint32_t chunk = 0; chunk < n; chunk += 64)
        m += (uint32_t)__builtin_popcountll(class_word(in, chunk, n, 0));
    return m;
}

/* The bytes of a code's head, and the bits of its words' part after it */
CODER size_t head_bytes(const uint8_t *in)
{
    return TERMS_HEAD + ((in[0] & TERMS_CLASSES) != 0);
}

CODER uint64_t words_bits(const uint8_t *in, uint32_t n_words)
{
    if (!(in[0] & TERMS_CLASSES))
        return (uint64_t)n_words * (in[0] & 63u);
    uint32_t n_common = ones_count(in + TERMS_HEAD + 1, n_words);
    return n_words + (uint64_t)n_common * (in[0] & 63u) + (uint64_t)(n_words - n_common) * (in[2] & 63u);
}

/* The byte where the nibbles of a code start */
static inline size_t nibbles_at(const uint8_t *in, uint32_t n_words, uint32_t n_facts)
{
    uint64_t bits = words_bits(in, n_words) + (uint64_t)n_facts * (in[1] & 63u);
    return head_bytes(in) + (size_t)((bits + 7) / 8);
}

/* The values of both lists, the rare words' (of a code by id) plus
 * rare_base, the facts' plus fact_base, each looked up in dictionary
 * unless NULL; returns: the byte where the nibbles start */
CODER size_t stems_get(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                       uint32_t rare_base, uint32_t fact_base, uint32_t *stems)
{
    if (__builtin_expect(in[0] & TERMS_CLASSES, 1)) {
        const uint8_t *g = in + TERMS_HEAD + 1;
        uint64_t at = gaps_scatter(g, n_words, n_words, 0, in[0] & 63u, dictionary, 0, stems);
        at = gaps_scatter(g, at, n_words, ~0ull, in[2] & 63u, dictionary, rare_base, stems);
        at = gaps_get(g, at, n_facts, 0, in[1] & 63u, dictionary, fact_base, stems + n_words);
        return TERMS_HEAD + 1 + (size_t)((at + 7) / 8);
    }
    unsigned shift = (in[1] & TERMS_ODD) != 0;
    uint32_t words_base = in[0] & TERMS_RARE ? rare_base : 0;
    uint64_t at = gaps_get(in + TERMS_HEAD, 0, n_words, shift, in[0] & 63u, dictionary, words_base, stems);
    at = gaps_get(in + TERMS_HEAD, at, n_facts, shift, in[1] & 63u, dictionary, fact_base, stems + n_words);
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
        const uint8_t *c = *counts;
        if (c[0] != TF_IN_16) {
            *tf = c[0] + (uint32_t)TF_BYTE_LEAST;
            *counts += 1;
        } else {
            *tf = (uint32_t)c[1] | (uint32_t)c[2] << 8;
            *counts += 3;
        }
    }
}

CODER void decode_body(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                       uint32_t rare_base, uint32_t fact_base, uint32_t *stems, uint32_t *tfs, uint8_t *flags, nibbles_spread *spread)
{
    const uint8_t *marks = in + stems_get(in, n_words, n_facts, dictionary, rare_base, fact_base, stems);
    if (!tfs)
        return;
    uint32_t n = n_words + n_facts, i = 0;
    const uint8_t *nibbles = marks + (n + 7) / 8;
    const uint8_t *counts = nibbles + (marked_count(marks, n) + 1) / 2;
    uint64_t at = 0; /* the next packed nibble's bit: a multiple of 4 */
    for (; i < n; i += 16) { /* two mark bytes' sixteen terms */
        unsigned m = marks[i / 8] | (n - i > 8 ? (unsigned)marks[i / 8 + 1] << 8 : 0u);
        uint64_t packed;
        memcpy(&packed, nibbles + at / 8, 8); /* within the 8 zero bytes past the code */
        packed >>= at & 4;
        if (__builtin_expect(m == 0xFFFFu && (at & 4), 0)) /* 64 bits wanted, 60 in: the byte after */
            packed |= (uint64_t)nibbles[at / 8 + 8] << 60;
        uint64_t word = spread(m, packed);
        at += 4 * (unsigned)__builtin_popcount(m);
        if (n - i >= 16) {
#pragma GCC unroll 16
            for (uint32_t j = 0; j < 16; j++, word >>= 4)
                kind_get((unsigned)word & 15u, &counts, &tfs[i + j], &flags[i + j]);
        } else {
            for (uint32_t j = 0; j < n - i; j++, word >>= 4)
                kind_get((unsigned)word & 15u, &counts, &tfs[i + j], &flags[i + j]);
        }
    }
    for (i = n_words; i < n; i++)
        flags[i] |= TERM_FACT;
}

/* Built four times: with and without BMI2, for values as coded and for
 * values looked up in a dictionary (NULL a constant in the first, so the
 * decoder of stems has no test of it). */
static void decode_plain(const uint8_t *in, uint32_t n_words, uint32_t n_facts, uint32_t rare_base, uint32_t fact_base, uint32_t *stems,
                         uint32_t *tfs, uint8_t *flags)
{
    decode_body(in, n_words, n_facts, NULL, rare_base, fact_base, stems, tfs, flags, spread_plain);
}

static void decode_plain_looked_up(const uint8_t *in, uint32_t n_words, uint32_t n_facts,
                                   const uint32_t *dictionary, uint32_t rare_base, uint32_t fact_base, uint32_t *stems, uint32_t *tfs,
                                   uint8_t *flags)
{
    if (!dictionary) /* decode's test: none in the loops */
        __builtin_unreachable();
    decode_body(in, n_words, n_facts, dictionary, rare_base, fact_base, stems, tfs, flags, spread_plain);
}

#if CODE_BMI2
BMI2 static void decode_bmi2(const uint8_t *in, uint32_t n_words, uint32_t n_facts, uint32_t rare_base, uint32_t fact_base,
                             uint32_t *stems, uint32_t *tfs, uint8_t *flags)
{
    decode_body(in, n_words, n_facts, NULL, rare_base, fact_base, stems, tfs, flags, spread_bmi2);
}

BMI2 static void decode_bmi2_looked_up(const uint8_t *in, uint32_t n_words, uint32_t n_facts,
                                       const uint32_t *dictionary, uint32_t rare_base, uint32_t fact_base, uint32_t *stems,
                                       uint32_t *tfs, uint8_t *flags)
{
    if (!dictionary)
        __builtin_unreachable();
    decode_body(in, n_words, n_facts, dictionary, rare_base, fact_base, stems, tfs, flags, spread_bmi2);
}
#endif

static void decode(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                   uint32_t rare_base, uint32_t fact_base, uint32_t *stems, uint32_t *tfs, uint8_t *flags)
{
    if (!(n_words + n_facts))
        return;
#if CODE_BMI2
    if (__builtin_cpu_supports("bmi2")) {
        if (dictionary)
            decode_bmi2_looked_up(in, n_words, n_facts, dictionary, rare_base, fact_base, stems, tfs, flags);
        else
            decode_bmi2(in, n_words, n_facts, rare_base, fact_base, stems, tfs, flags);
        return;
    }
#endif
    if (dictionary)
        decode_plain_looked_up(in, n_words, n_facts, dictionary, rare_base, fact_base, stems, tfs, flags);
    else
        decode_plain(in, n_words, n_facts, rare_base, fact_base, stems, tfs, flags);
}

void terms_stems_by_class(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                          uint32_t rare_base, uint32_t fact_base, uint32_t *stems)
{
    decode(in, n_words, n_facts, dictionary, rare_base, fact_base, stems, NULL, NULL);
}

void terms_decode_by_class(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                           uint32_t rare_base, uint32_t fact_base, uint32_t *stems, uint32_t *tfs, uint8_t *flags)
{
    decode(in, n_words, n_facts, dictionary, rare_base, fact_base, stems, tfs, flags);
}

void terms_stems(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                 uint32_t fact_base, uint32_t *stems)
{
    decode(in, n_words, n_facts, dictionary, 0, fact_base, stems, NULL, NULL);
}

void terms_decode(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                  uint32_t fact_base, uint32_t *stems, uint32_t *tfs, uint8_t *flags)
{
    decode(in, n_words, n_facts, dictionary, 0, fact_base, stems, tfs, flags);
}

void terms_fact_stems(const uint8_t *in, uint32_t n_words, uint32_t n_facts, uint32_t *stems)
{
    if (!n_facts)
        return;
    unsigned shift = (in[1] & TERMS_ODD) != 0;
    gaps_get(in + head_bytes(in), words_bits(in, n_words), n_facts, shift, in[1] & 63u, NULL, 0, stems);
}

/* The bytes of large counts after n nibbles at in: a nibble's count
 * field (bits 2 and 3) all ones, counted eight bytes at a time; then each
 * count a byte, or 3 after a byte of 255. */
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
    const uint8_t *counts = in + bytes;
    size_t at = 0;
    for (size_t k = 0; k < escaped; k++)
        at += counts[at] == TF_IN_16 ? 3 : 1;
    return at;
}

/* gaps_code for ids, the words' in two classes: common (below rare_base)
 * and rare (their place from rare_base), each ascending.  An article with
 * words of both: TERMS_CLASSES, a third head byte of the rare words'
 * width, a bit a word (set: common), the common words' gaps at their
 * width, the rare words' at theirs; with words of one class, one list
 * of gaps (TERMS_RARE: the rare class's places).  scratch: room for
 * 2 * n_words, the classes' values apart. */
CODER uint8_t *ids_code(const uint32_t *ids, uint32_t n_words, uint32_t n_facts, uint32_t rare_base,
                        uint32_t *scratch, uint8_t *out)
{
    uint32_t n_common = 0, last_bits = 0, all = 0;
    const uint32_t *rare = ids; /* one class (rare_base 0): the ids as they are */
    uint8_t *classes = out + TERMS_HEAD + 1; /* the class bits, kept when both */
    if (rare_base) {
        uint32_t *rare_places = scratch + n_words;
        rare = rare_places;
        for (uint32_t i = 0; i < n_words; i += 32) { /* both stored, one kept */
            uint32_t bits = 0, k = n_words - i < 32 ? n_words - i : 32;
            for (uint32_t j = 0; j < k; j++) {
                uint32_t id = ids[i + j], common = id < rare_base;
                scratch[n_common] = id;
                rare_places[i + j - n_common] = id - rare_base;
                n_common += common;
                bits |= common << j;
            }
            memcpy(classes + i / 8, &bits, 4); /* within the room: the gaps follow */
            last_bits = bits;
        }
    }
    uint32_t n_rare = n_words - n_common;
    unsigned width_facts = gap_width(ids + n_words, 1, n_facts, 0, &all);
    unsigned width_common = gap_width(scratch, 1, n_common, 0, &all);
    unsigned width_rare = gap_width(rare, 1, n_rare, 0, &all);
    gap_writer w;
    if (n_common && n_rare) {
        out[0] = (uint8_t)(width_common | TERMS_CLASSES);
        out[2] = (uint8_t)width_rare;
        /* on from the class bits' last whole word */
        w = (gap_writer){ .out = classes + n_words / 32 * 4, .bits = n_words % 32 ? last_bits : 0, .n = n_words % 32 };
        gaps_put(&w, scratch, 1, n_common, 0, width_common);
        gaps_put(&w, rare, 1, n_rare, 0, width_rare);
    } else {
        int is_rare = n_rare && rare_base;
        out[0] = (uint8_t)(n_common ? width_common : width_rare | (is_rare ? TERMS_RARE : 0));
        w = (gap_writer){ .out = out + TERMS_HEAD };
        gaps_put(&w, n_common ? scratch : rare, 1, n_words, 0, out[0] & 63u);
    }
    out[1] = (uint8_t)width_facts;
    gaps_put(&w, ids + n_words, 1, n_facts, 0, width_facts);
    memcpy(w.out, &w.bits, 8);
    return w.out + (w.n + 7) / 8;
}

CODER size_t recode_body(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *ids,
                         uint32_t rare_base, uint32_t *scratch, uint8_t *out)
{
    uint32_t n = n_words + n_facts, m = marked_count(in + nibbles_at(in, n_words, n_facts), n);
    const uint8_t *kinds = in + nibbles_at(in, n_words, n_facts);
    size_t kind_bytes = (n + 7) / 8 + (m + 1) / 2 + escaped_bytes(kinds + (n + 7) / 8, m);
    uint8_t *nibbles = ids_code(ids, n_words, n_facts, rare_base, scratch, out);
    memcpy(nibbles, kinds, kind_bytes);
    memset(nibbles + kind_bytes, 0, 8);
    return (size_t)(nibbles + kind_bytes - out);
}

static size_t recode_plain(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *ids,
                           uint32_t rare_base, uint32_t *scratch, uint8_t *out)
{
    return recode_body(in, n_words, n_facts, ids, rare_base, scratch, out);
}

#if CODE_BMI2
BMI2 static size_t recode_bmi2(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *ids,
                               uint32_t rare_base, uint32_t *scratch, uint8_t *out)
{
    return recode_body(in, n_words, n_facts, ids, rare_base, scratch, out);
}
#endif

size_t terms_recode_by_class(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *ids,
                             uint32_t rare_base, uint32_t *scratch, uint8_t *out)
{
    if (!(n_words + n_facts))
        return 0;
#if CODE_BMI2
    if (__builtin_cpu_supports("bmi2"))
        return recode_bmi2(in, n_words, n_facts, ids, rare_base, scratch, out);
#endif
    return recode_plain(in, n_words, n_facts, ids, rare_base, scratch, out);
}

size_t terms_recode(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *ids, uint8_t *out)
{
    /* one class: no scratch read */
    return terms_recode_by_class(in, n_words, n_facts, ids, 0, NULL, out);
}
