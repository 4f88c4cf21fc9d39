/*
 * print_format: the layout of a fingerprint (fingerprint.c makes it,
 * print_intake.c reads it into an engine).
 *
 * Layout: a print_head, then, each padded to 8 bytes, the signature
 * (MINHASH_K x u32), shingles (u32), sentences (sent, stem_first counted
 * from the article's first stem), sentence stems (u32: the stem's place
 * among the article's words << 1 | a name bit, the code the engine keeps,
 * so that a worker thread finds it, not the engine), terms (term: the words
 * sorted by stem, then the facts sorted by key), each fact's noun (u32:
 * analysis_facts), display forms ({u32 stem, u8 rank (engine_form_rank),
 * u8 length, bytes} packed) and eight NUL-terminated strings (id, title,
 * date, source, url, lang, attribution, and an untitled article's lead:
 * np_result.lead; an absent one is empty and its bit in `present` clear).
 * The string is for this build's engines only: it is checked for shape
 * before use, not versioned.  Checked whole (print_read) when it comes
 * from elsewhere (np_engine_add_fingerprint: shards, `join`, `verify`, a
 * library caller); a print made in this process and handed on unchanged
 * (own_print: np_engine_add's, the CLI intake's) is only found its
 * sections (print_sections), its shape being known.  The trust is carried
 * by that type, which only those producers make, never by the bytes.
 */
#ifndef NP_PRINT_FORMAT_H
#define NP_PRINT_FORMAT_H

#include <stddef.h>
#include <stdint.h>

enum { PRINT_MAGIC = 0x4e50fa01, N_STRINGS = 8, STRING_ATTRIBUTION = 6, STRING_LEAD = 7 };

typedef struct print_head {
    uint32_t magic;
    uint32_t words;
    uint64_t exact;
    int64_t time;
    int32_t day;
    uint32_t n_sents, n_stems, n_terms, n_facts, n_shingles, n_forms;
    uint32_t n_word_pairs;    /* 2-word shingles, after the shingles: texts under SHORT_PAIR_WORDS */
    uint32_t forms_bytes, strings_bytes;
    uint16_t months;
    uint16_t mentions[4];
    uint8_t republished;
    uint8_t present;          /* bit i: string i was given */
    uint8_t copies_only;      /* np_fingerprinter_copies_only: no forms, mentions, months;
                               * PRINT_NO_REWRITES: np_fingerprinter_no_rewrites */
} print_head;

/* print_head.copies_only of a print without rewrites' terms and sentence
 * stems (np_fingerprinter_no_rewrites): only an engine without rewrites
 * takes it. */
enum { PRINT_NO_REWRITES = 2 };

/* n rounded up to a multiple of 8: a section's bytes with its padding. */
static inline size_t padded(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

#endif
