/* utf8: strict decoding and lossless-where-possible repair. */
#include "common/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* utf8_printable_run reads a word's first byte as its lowest. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "utf8.c reads eight bytes at a time as a little-endian word"
#endif

static const uint16_t cp1252_80_9f[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

uint32_t cp1252_high(unsigned char byte)
{
    if (byte < 0x80 || byte > 0x9F)
        return 0;
    return cp1252_80_9f[byte - 0x80];
}

size_t utf8_decode_any(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2; v = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3; v = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4; v = c & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (n == 0)
            return 0;
        i += n;
    }
    return 1;
}

static int is_dropped_control(uint32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F;
}

size_t utf8_printable_run(const char *s, size_t len)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x80 * ones;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t low7 = x & 0x7f * ones;
        /* a byte from 0x80, below 0x20, or 0x7F */
        uint64_t outside = (x | ~(low7 + 0x60 * ones) | (low7 + ones)) & highs;
        if (outside)
            return i + (size_t)__builtin_ctzll(outside) / 8;
    }
    while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
        i++;
    return i;
}

np_status utf8_repair(buf *out, const char *s, size_t len, int *changed)
{
    const unsigned char *p = (const unsigned char *)s;
    np_status st = buf_reserve(out, len);
    if (st != NP_OK)
        return st;
    size_t i = 0;
    int in_bad_run = 0;
    while (i < len) {
        /* Copy a run of plain ASCII at once: the common case. */
        size_t start = i;
        i += utf8_printable_run(s + i, len - i);
        if (i > start) {
            if ((st = buf_append(out, s + start, i - start)) != NP_OK)
                return st;
            in_bad_run = 0;
            continue;
        }
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (n == 0) {
            if (!in_bad_run && (st = buf_append(out, "\xEF\xBF\xBD", 3)) != NP_OK)
                return st;
            in_bad_run = 1;
            *changed = 1;
            i++;
            continue;
        }
        in_bad_run = 0;
        if (cp == '\r') {
            if ((st = buf_putc(out, '\n')) != NP_OK)
                return st;
            i += (i + 1 < len && p[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (is_dropped_control(cp)) {
            *changed = 1;
            i += n;
            continue;
        }
        if (cp >= 0x80 && cp <= 0x9F) {
            uint32_t mapped = cp1252_high((unsigned char)cp);
            *changed = 1;
            /* the five bytes Windows-1252 leaves undefined stay as they are:
             * they may be part of mojibake ("\xc3\xa2\xe2\x82\xac" + U+009D
             * is a right quote); text_normalize drops what is left */
            if (!mapped)
                mapped = cp;
            i += n;
            char enc[4];
            if ((st = buf_append(out, enc, utf8_encode(mapped, enc))) != NP_OK)
                return st;
            continue;
        }
        if ((st = buf_append(out, s + i, n)) != NP_OK)
            return st;
        i += n;
    }
    return NP_OK;
}

int utf8_none_multibyte(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        uint32_t cp;
        size_t n = p[i] < 0x80 ? 1 : utf8_decode(p + i, len - i, &cp);
        if (n > 1)
            return 0;
    }
    return 1;
}

size_t utf8_encode_1252(unsigned char byte, char out[4])
{
    if (byte < 0x80) {
        out[0] = (char)byte;
        return 1;
    }
    uint32_t cp = byte >= 0xA0 ? byte : cp1252_high(byte);
    return utf8_encode(cp ? cp : 0xFFFD, out); /* its five undefined bytes: U+FFFD */
}

np_status utf8_from_1252(buf *out, const char *s, size_t len)
{
    if (len > (SIZE_MAX - out->len) / 4)
        return NP_ENOMEM;
    np_status st = buf_reserve(out, 3 * len);
    if (st != NP_OK)
        return st;
    for (size_t i = 0; i < len; i++)
        out->len += utf8_encode_1252((unsigned char)s[i], out->data + out->len);
    out->data[out->len] = '\0';
    return NP_OK;
}

np_status utf8_from_utf16(buf *out, const char *s, size_t len, int big_endian)
{
    const unsigned char *p = (const unsigned char *)s;
    np_status st = buf_reserve(out, len + len / 2);
    for (size_t i = 0; i + 1 < len && st == NP_OK; i += 2) {
        uint32_t u = big_endian ? (uint32_t)p[i] << 8 | p[i + 1] : (uint32_t)p[i + 1] << 8 | p[i];
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
            uint32_t v = big_endian ? (uint32_t)p[i + 2] << 8 | p[i + 3] : (uint32_t)p[i + 3] << 8 | p[i + 2];
            if (v >= 0xDC00 && v <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
                i += 2;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF)
            u = 0xFFFD; /* a lone surrogate */
        char enc[4];
        st = buf_append(out, enc, utf8_encode(u, enc));
    }
    return st;
}

size_t utf8_escape_controls(char *out, size_t size, const char *text)
{
    size_t n = 0;
    for (const char *c = text; *c && n + 5 < size; c++) {
        unsigned char byte = (unsigned char)*c;
        if (byte < 0x20 || byte == 0x7F)
            n += (size_t)snprintf(out + n, size - n, "\\x%02x", byte);
        else
            out[n++] = (char)byte;
    }
    if (size)
        out[n < size ? n : size - 1] = '\0';
    return n;
}

size_t utf8_prefix(const char *s, size_t len, size_t most)
{
    if (len <= most)
        return len;
    size_t n = most;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}
