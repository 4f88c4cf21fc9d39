/*
 * needles: which of a few dozen short strings occur in a text, in one pass.
 *
 * Each string of four bytes or more is known by four of its bytes (its
 * rarest four in English text): a bitmap of 32,768 bits keyed by a
 * multiplicative hash of them answers, at each place of the text, whether
 * a string's four may be there, and the rare place that may is compared in
 * full (the strings of its hash found through a table of slots).  The pass costs a few instructions a
 * byte whatever the strings, and the branch it takes at each place goes
 * the same way at almost every place; searching for each string in turn
 * (or first asking a filter of the text's byte pairs, which the strings
 * passed at places that depended on the text) cost more of both.  Where
 * the CPU has AVX2, eight places are asked a step (their hashes in one
 * register, the bitmap's words gathered): about 2.5 instructions a place,
 * where four places a step in general registers take 11.  Strings of
 * fewer than four bytes are searched for on their own.
 * A set is made once and read by any number of threads.
 */
#ifndef NP_NEEDLES_H
#define NP_NEEDLES_H

#include <stddef.h>
#include <stdint.h>

enum { NEEDLES_MAX = 64, NEEDLES_HASH_BITS = 15, NEEDLES_SLOT_BITS = 12 };

typedef struct needle_set {
    const char *const *text;  /* borrowed: the strings, lowercase or as searched for */
    size_t count;
    uint8_t length[NEEDLES_MAX];
    uint8_t offset[NEEDLES_MAX]; /* where its four bytes start in it */
    uint32_t window[NEEDLES_MAX]; /* those four bytes, as memcpy reads them */
    uint8_t next[NEEDLES_MAX];  /* 1 + the next string of the same slot; 0 none */
    uint64_t seen[(1u << NEEDLES_HASH_BITS) / 64]; /* bit h: a string's window hashes to h */
    uint8_t slot[1u << NEEDLES_SLOT_BITS]; /* 1 + the first string whose hash's slot it is; 0 none */
    uint64_t short_ones;        /* bit k: the k-th string is shorter than four bytes */
    int wide;                   /* 1: the bitmap asked eight places a step by AVX2 (needles_make
                                 * sets it where the CPU has AVX2; a test may clear it) */
} needle_set;

/* count <= NEEDLES_MAX strings of 1 to 255 bytes, NUL-terminated; text is
 * kept, not copied. */
void needles_make(needle_set *set, const char *const *text, size_t count);
/* bit k: the k-th string occurs in s[0..len) (byte for byte). */
uint64_t needles_find(const needle_set *set, const char *s, size_t len);

#endif
