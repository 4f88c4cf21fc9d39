/*
 * utf8: validation and repair of UTF-8 bytes.
 *
 * Decoding follows RFC 3629 (no overlongs, no surrogates, nothing above
 * U+10FFFF).  Repair replaces each maximal invalid run with one U+FFFD,
 * maps C1 controls to the Windows-1252 characters they were meant to be
 * (the usual result of Windows text read as Latin-1), turns CR and CRLF
 * into LF and drops NUL and other C0 controls except tab and newline.
 */
#ifndef NP_UTF8_H
#define NP_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

/* returns: bytes of the sequence at s (1..4) with *cp set, or 0 if invalid */
size_t utf8_decode_any(const unsigned char *s, size_t len, uint32_t *cp);

/* utf8_decode_any, with ASCII and a valid three-byte sequence (the
 * letters of Chinese, Japanese, Thai, Hindi...) decoded where it is
 * called: those are most of the characters the text scanners read one at
 * a time, and a call took some fifty instructions for each. */
static inline size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len && s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (len >= 3 && (s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        uint32_t v = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3Fu);
        if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
            *cp = v;
            return 3;
        }
    }
    return utf8_decode_any(s, len, cp);
}
/* returns: bytes written to out (1..4); cp must be a valid scalar value */
size_t utf8_encode(uint32_t cp, char out[4]);
/* returns: 1 if s[0..len) is valid UTF-8 */
int utf8_valid(const char *s, size_t len);
/* returns: how many bytes s starts with from 0x20 to 0x7E (printable ASCII) */
size_t utf8_printable_run(const char *s, size_t len);
/* Appends the repaired text to out; *changed is set to 1 when anything
 * other than line endings was replaced or dropped. */
np_status utf8_repair(buf *out, const char *s, size_t len, int *changed);
/* The Windows-1252 character for byte 0x80..0x9F, or 0 if undefined. */
uint32_t cp1252_high(unsigned char byte);
/* returns: 1 if s[0..len) holds no valid UTF-8 sequence of two bytes or
 * more (ASCII, or an 8-bit code page's text) */
int utf8_none_multibyte(const char *s, size_t len);
/* returns: bytes written to out (1..3), the Windows-1252 byte as UTF-8;
 * its five undefined bytes as U+FFFD */
size_t utf8_encode_1252(unsigned char byte, char out[4]);
/* Appends Windows-1252 (so Latin-1 and ASCII) bytes as UTF-8
 * (utf8_encode_1252 of each). */
np_status utf8_from_1252(buf *out, const char *s, size_t len);
/* Appends UTF-16 (after its byte-order mark) as UTF-8; a lone surrogate as
 * U+FFFD, an odd last byte dropped. */
np_status utf8_from_utf16(buf *out, const char *s, size_t len, int big_endian);
/* Writes text into out[0..size), NUL-terminated, with its control bytes
 * (below 0x20, and 0x7F) as \xNN, so that a quoted input cannot send
 * escape sequences to a terminal or forge a line of a log; what does not
 * fit is left out.  returns: the bytes written */
size_t utf8_escape_controls(char *out, size_t size, const char *text);
/* returns: the length of s[0..len)'s longest start of at most `most` bytes
 * that ends between characters (before a byte that continues one) */
size_t utf8_prefix(const char *s, size_t len, size_t most);

#endif
