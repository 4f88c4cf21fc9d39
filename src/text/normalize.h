/*
 * normalize: raw article bytes to clean, canonical UTF-8 text.
 *
 * Steps: repair invalid UTF-8 (common/utf8), undo Windows-1252 mojibake
 * (UTF-8 bytes once misread as Windows-1252: "â€™" back to "’"), map
 * exotic spaces to a plain space and drop zero-width characters, then NFC
 * with utf8proc, which is only called when a code point that NFC can change
 * (U+0300 and up) is present, so plain-ASCII news pays nothing for it.
 * Runs of printable ASCII, tabs and line feeds, which none of the steps
 * changes but for tabs made spaces, are copied eight bytes at a time; only
 * the bytes between them take the steps.
 */
#ifndef NP_NORMALIZE_H
#define NP_NORMALIZE_H

#include "common/buf.h"

/* Appends the normalised form of in[0..len) to out (using scratch as work
 * space); *repaired is set to 1 when invalid bytes or mojibake were fixed. */
np_status text_normalize(buf *out, buf *scratch, const char *in, size_t len, int *repaired);
/* The same, for tests: every byte taken a character at a time, not runs of
 * printable ASCII copied eight bytes at a time. */
np_status text_normalize_plain(buf *out, buf *scratch, const char *in, size_t len, int *repaired);
/* 1 for a character from U+0300 that NFC leaves as it is whatever stands
 * beside it (normalize.c says which); a text of such characters and ASCII
 * skips the NFC pass. */
int text_nfc_stable(uint32_t cp);

/* In-place mojibake repair of valid UTF-8; returns the new length. */
size_t text_fix_mojibake(char *s, size_t len, int *changed);

#endif
