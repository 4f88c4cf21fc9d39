/*
 * bits: a bit stream for the engine's coded pools (sentence stems, terms),
 * low bits first, with unary, Exp-Golomb and plain fields.
 *
 * The writer keeps the bits not yet stored in a register and stores 8
 * bytes at a time; the reader loads 8 bytes at any bit.  So a coder's
 * room must hold 8 bytes past the last bit, and those bytes must be
 * readable; the bits past what was written are zeros (the writer's
 * caller clears its room first).
 */
#ifndef NP_BITS_H
#define NP_BITS_H

#include <stdint.h>
#include <string.h>

/* A function built twice, for any x86-64 and with BMI2 where the
 * processor has it (BITS_BMI2 marks the second; its shifts by a register,
 * shlx and shrx, take the moves through cl off), the choice made once a
 * call by __builtin_cpu_supports("bmi2"). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BITS_HAVE_BMI2 1
#define BITS_BMI2 __attribute__((target("bmi,bmi2")))
#else
#define BITS_HAVE_BMI2 0
#endif

/* A bit writer: the bits not yet stored kept in a register, at most 56;
 * a write that would pass that first stores the register (8 bytes) at the
 * first byte not yet stored and keeps the bits past its whole bytes.  No
 * byte of out is read back: a load of bytes just stored at another place
 * waits for the store (the coding's time, twice its instructions', when it
 * did).  bits_end stores the rest. */
typedef struct bit_writer {
    uint8_t *out;
    size_t byte;   /* the first byte not yet stored */
    uint64_t bits; /* its bits and those after it, from bit 0 */
    unsigned n;    /* how many: at most 56 */
} bit_writer;

/* Writes the n (at most 56) low bits of value, whose bits past n are zero. */
static inline void bits_put(bit_writer *w, uint64_t value, unsigned n)
{
    if (w->n + n > 56) {
        memcpy(w->out + w->byte, &w->bits, 8);
        w->byte += w->n >> 3;
        w->bits >>= w->n & ~7u;
        w->n &= 7;
    }
    w->bits |= value << w->n;
    w->n += n;
}

/* q in unary: q zeros, then a one. */
static inline void unary_put(bit_writer *w, uint64_t q)
{
    for (; q >= 56; q -= 56)
        bits_put(w, 0, 56);
    bits_put(w, 1ull << q, (unsigned)q + 1);
}

/* x in an Exp-Golomb code of order k: the bits of x + 2^k past its
 * highest, less k of them, in unary, then those bits (an Elias gamma code
 * of x + 1 is order 0).  x + 2^k below 2^32. */
static inline void exp_golomb_put(bit_writer *w, uint32_t x, unsigned k)
{
    uint32_t y = x + (1u << k);
    unsigned b = 31u - (unsigned)__builtin_clz(y);
    unary_put(w, b - k);
    bits_put(w, y & ((1u << b) - 1), b);
}

/* Stores the bits left (8 bytes: zeros past them, as the room was).
 * returns: the bytes the stream takes */
static inline size_t bits_end(bit_writer *w)
{
    memcpy(w->out + w->byte, &w->bits, 8);
    return w->byte + (w->n + 7) / 8;
}

/* The bits from bit at of in on (57 at least are in: 8 bytes are read). */
static inline uint64_t bits_peek(const uint8_t *in, uint64_t at)
{
    uint64_t word;
    memcpy(&word, in + (at >> 3), 8);
    return word >> (at & 7);
}

static inline uint64_t unary_get(const uint8_t *in, uint64_t *at)
{
    uint64_t q = 0;
    for (;;) {
        uint64_t window = bits_peek(in, *at) & ((1ull << 56) - 1);
        if (window) {
            unsigned z = (unsigned)__builtin_ctzll(window);
            *at += z + 1;
            return q + z;
        }
        q += 56;
        *at += 56;
    }
}

/* n (at most 32) bits */
static inline uint32_t bits_get(const uint8_t *in, uint64_t *at, unsigned n)
{
    uint32_t x = (uint32_t)(bits_peek(in, *at) & ((1ull << n) - 1));
    *at += n;
    return x;
}

static inline uint32_t exp_golomb_get(const uint8_t *in, uint64_t *at, unsigned k)
{
    unsigned b = (unsigned)unary_get(in, at) + k;
    return (1u << b | bits_get(in, at, b)) - (1u << k);
}

#endif
