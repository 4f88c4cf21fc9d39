/*
 * sentence_hash: the hashes of an analysis' sentences, as a fingerprint
 * keeps them (sentence_hash.c).
 */
#ifndef NP_SENTENCE_HASH_H
#define NP_SENTENCE_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "text/analyse.h"

/* The hash of each of an's sentences from `first` on into out[s] (never
 * 0), 0 for one of fewer than six words (too common to mean copying: "He
 * said so.").  `plain` (for tests, fingerprinter_plain_places): one
 * sentence after another, no vector steps; the same hashes. */
void sentence_hashes_of(const analysis *an, size_t first, int plain, uint64_t *out);

#endif
