/* normalize: UTF-8 repair, mojibake, spaces, NFC. */
#include "text/normalize.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NORMALIZE_AVX2 1
#endif

#include "common/utf8.h"
#include "text/textutil.h"

/* The byte Windows-1252 encodes `cp` as, or -1. */
static int cp1252_byte(uint32_t cp)
{
    if (cp >= 0xA0 && cp <= 0xFF)
        return (int)cp;
    if (cp >= 0x80 && cp <= 0x9F)
        return (int)cp; /* undefined in 1252 but seen raw in mojibake */
    for (int b = 0x80; b <= 0x9F; b++)
        if (cp1252_high((unsigned char)b) == cp)
            return b;
    return -1;
}

/* Tries to read a mojibake sequence at s: 2-4 characters whose 1252 bytes
 * form one valid multi-byte UTF-8 character.  returns: bytes of s used. */
static size_t mojibake_at(const unsigned char *s, size_t len, uint32_t *fixed)
{
    uint32_t cp;
    size_t n = utf8_decode(s, len, &cp);
    if (n != 2 || cp < 0xC2 || cp > 0xF4)
        return 0;
    unsigned char bytes[4];
    bytes[0] = (unsigned char)cp;
    size_t need = cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
    size_t used = n;
    for (size_t k = 1; k < need; k++) {
        size_t m = utf8_decode(s + used, len - used, &cp);
        if (!m)
            return 0;
        int b = cp1252_byte(cp);
        if (b < 0x80 || b > 0xBF)
            return 0;
        bytes[k] = (unsigned char)b;
        used += m;
    }
    if (utf8_decode(bytes, need, &cp) != need || cp < 0x80)
        return 0;
    *fixed = cp;
    return used;
}

size_t text_fix_mojibake(char *s, size_t len, int *changed)
{
    unsigned char *p = (unsigned char *)s;
    size_t r = 0, w = 0;
    while (r < len) {
        /* up to the next C3 byte nothing is fixed: moved, if anything was */
        const unsigned char *lead = memchr(p + r, 0xC3, len - r);
        size_t plain = (lead ? (size_t)(lead - p) : len) - r;
        if (w != r)
            memmove(p + w, p + r, plain);
        r += plain;
        w += plain;
        if (r == len)
            break;
        /* the lead characters Â..ô (U+00C2..U+00F4) all encode as C3 xx */
        uint32_t fixed;
        size_t used = mojibake_at(p + r, len - r, &fixed);
        if (used) {
            char enc[4];
            size_t n = utf8_encode(fixed, enc);
            memcpy(p + w, enc, n); /* n < used: writing never passes reading */
            w += n;
            r += used;
            *changed = 1;
            continue;
        }
        p[w++] = p[r++];
    }
    return w;
}

/* Spaces other than U+0020 that news pages use for layout. */
static int is_space_variant(uint32_t cp)
{
    return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000 || cp == '\t';
}

static int is_invisible(uint32_t cp)
{
    /* C1 controls left over after mojibake repair are invisible too */
    return cp == 0x200B || cp == 0xFEFF || cp == 0x2060 || cp == 0xAD || (cp >= 0x80 && cp <= 0x9F);
}

/* 1 if normalizing leaves byte c as it is (a tab made a space): printable
 * ASCII, tab and line feed, which repair, mojibake and spacing pass by */
static int is_plain(unsigned char c)
{
    return (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n';
}

#if defined(NORMALIZE_AVX2)
/* copy_plain's thirty-two bytes at a time, while all of them are plain;
 * returns: how many it copied (a multiple of 32), the rest copy_plain's */
__attribute__((target("avx2"))) static size_t copy_plain32(char *to, const unsigned char *s, size_t len)
{
    const __m256i space = _mm256_set1_epi8(0x1f), del = _mm256_set1_epi8(0x7f);
    const __m256i tab = _mm256_set1_epi8('\t'), newline = _mm256_set1_epi8('\n');
    const __m256i tab_to_space = _mm256_set1_epi8('\t' ^ ' ');
    size_t i = 0;
    for (; i + 32 <= len; i += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        /* signed: bytes from 0x80 are below 0x20 */
        __m256i printable = _mm256_andnot_si256(_mm256_cmpeq_epi8(x, del), _mm256_cmpgt_epi8(x, space));
        __m256i tabs = _mm256_cmpeq_epi8(x, tab);
        __m256i plain = _mm256_or_si256(_mm256_or_si256(printable, tabs), _mm256_cmpeq_epi8(x, newline));
        if ((unsigned)_mm256_movemask_epi8(plain) != 0xffffffffu)
            break;
        _mm256_storeu_si256((__m256i *)(void *)(to + i), _mm256_xor_si256(x, _mm256_and_si256(tabs, tab_to_space)));
    }
    return i;
}
#endif

/* Copies to `to` the plain bytes s[0..len) starts with, tabs made spaces,
 * thirty-two at a time where the CPU has AVX2, then eight at a time;
 * returns: how many */
static size_t copy_plain(char *to, const unsigned char *s, size_t len)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x80 * ones;
    size_t i = 0;
#if defined(NORMALIZE_AVX2)
    if (len >= 32 && __builtin_cpu_supports("avx2"))
        i = copy_plain32(to, s, len);
#endif
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        /* a byte from 0x7F sets its top bit when one is added, or 0xFF when
         * 0x20 is taken; a byte below 0x20 wraps.  A carry or borrow reaches
         * the byte above only from such a byte, so the word is told exactly */
        if (((x + ones) | (x - 0x20 * ones)) & highs) {
            /* the same byte by byte; none may be other than a tab or line feed */
            uint64_t low7 = x & 0x7f * ones, tabs = tu_bytes_equal(x, '\t');
            uint64_t other = (x | ~(low7 + 0x60 * ones) | (low7 + ones)) & highs;
            if (other & ~(tabs | tu_bytes_equal(x, '\n')))
                break;
            x ^= (tabs >> 7) * ('\t' ^ ' ');
        }
        memcpy(to + i, &x, 8);
    }
    for (; i < len && is_plain(s[i]); i++)
        to[i] = (char)(s[i] == '\t' ? ' ' : s[i]);
    return i;
}

/* The end of the bytes from `at` (not plain) that take the long way: the
 * start of the next run of sixteen plain bytes, or of plain bytes to the
 * end, but never a line feed after a carriage return (repair reads the two
 * as one line end).  Whatever normalizing changes is a run of bytes that
 * are not plain: invalid, control and C1 bytes, or characters from U+0080,
 * which mojibake is made of. */
static size_t long_way_end(const unsigned char *p, size_t len, size_t at)
{
    size_t j = at;
    while (j < len) {
        if (!is_plain(p[j]) || (p[j] == '\n' && p[j - 1] == '\r')) {
            j++;
            continue;
        }
        size_t run = 0;
        while (run < 16 && j + run < len && is_plain(p[j + run]))
            run++;
        if (run == 16 || j + run == len)
            return j;
        j += run;
    }
    return len;
}

/* 1 for a character from U+0300 that NFC leaves as it is whatever stands
 * beside it: no canonical decomposition other than its own composition,
 * combining class 0, never the second of a composition.  Punctuation,
 * currency and letterlike symbols (quotes, dashes, euro); CJK ideographs;
 * kana letters (a combining voiced mark after one is not stable, and
 * sends the text through NFC); Hangul syllables (a trailing jamo after
 * one likewise); CJK and full-width punctuation; Thai letters, vowels and
 * digits of class 0 (its tone marks and lower vowels, classes 103, 107
 * and 9, are not).  A text of these alone, as most Chinese, Japanese,
 * Korean and Thai text is, needs no NFC pass.  Test
 * text_normalize_nfc_stable_ranges holds each against utf8proc. */
int text_nfc_stable(uint32_t cp)
{
    if (cp >= 0x4E00)
        return cp <= 0x9FFF || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xFF01 && cp <= 0xFF5E);
    if (cp >= 0x2002)
        return cp <= 0x20CF || (cp >= 0x3001 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x3011) ||
               (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA) || (cp >= 0x3400 && cp <= 0x4DBF);
    return (cp >= 0x0E01 && cp <= 0x0E37) || (cp >= 0x0E3F && cp <= 0x0E47) || (cp >= 0x0E4C && cp <= 0x0E5B);
}

/* Appends in[0..len) normalised to out but for NFC, a character at a time;
 * *needs_nfc set to 1 if NFC could change it. */
static np_status normalize_long_way(buf *out, buf *scratch, const char *in, size_t len,
                                    int *repaired, int *needs_nfc)
{
    buf_clear(scratch);
    np_status st = utf8_repair(scratch, in, len, repaired);
    if (st != NP_OK)
        return st;
    scratch->len = text_fix_mojibake(scratch->data ? scratch->data : (char *)"", scratch->len,
                                     repaired);
    const unsigned char *p = (const unsigned char *)scratch->data;
    size_t n = scratch->len;
    if ((st = buf_reserve(out, n)) != NP_OK)
        return st;
    char *to = out->data;
    size_t at = out->len; /* in a local: the stores through `to` may alias out */
    for (size_t i = 0; i < n;) {
        uint64_t eight;
        if (i + 8 <= n && (memcpy(&eight, p + i, 8), !(eight & 0x8080808080808080ULL))) {
            /* eight ASCII bytes, tabs made spaces (what the byte loop does) */
            eight ^= (tu_bytes_equal(eight, '\t') >> 7) * ('\t' ^ ' ');
            memcpy(to + at, &eight, 8);
            at += 8;
            i += 8;
            continue;
        }
        if (p[i] < 0x80) {
            to[at++] = (char)(p[i] == '\t' ? ' ' : p[i]);
            i++;
            continue;
        }
        uint32_t cp;
        size_t m = utf8_decode(p + i, n - i, &cp); /* valid after repair */
        if (is_space_variant(cp)) {
            to[at++] = ' ';
        } else if (!is_invisible(cp)) {
            memcpy(to + at, p + i, m);
            at += m;
            /* NFC can only change text holding combining marks, singletons or
             * conjoining jamo, all from U+0300 up, and not those text_nfc_stable
             * names */
            *needs_nfc |= cp >= 0x300 && !text_nfc_stable(cp);
        }
        i += m;
    }
    out->len = at;
    out->data[out->len] = '\0';
    return NP_OK;
}

/* text_normalize, with `plain` (for tests) every byte taken the long way. */
static np_status normalize(buf *out, buf *scratch, const char *in, size_t len, int *repaired,
                           int plain)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t start = out->len;
    int needs_nfc = 0;
    /* plain bytes are copied into room kept for the rest of the input */
    np_status st = buf_reserve(out, len);
    for (size_t i = 0; st == NP_OK && i < len;) {
        size_t run = plain ? 0 : copy_plain(out->data + out->len, p + i, len - i);
        out->len += run;
        i += run;
        if (i == len)
            break;
        size_t end = plain ? len : long_way_end(p, len, i);
        st = normalize_long_way(out, scratch, in + i, end - i, repaired, &needs_nfc);
        if (st == NP_OK)
            st = buf_reserve(out, len - end);
        i = end;
    }
    if (out->data)
        out->data[out->len] = '\0';
    if (st != NP_OK || !needs_nfc)
        return st;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t got = utf8proc_map((const utf8proc_uint8_t *)out->data + start,
                                        (utf8proc_ssize_t)(out->len - start), &nfc,
                                        UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (got < 0)
        return got == UTF8PROC_ERROR_NOMEM ? NP_ENOMEM : NP_OK; /* keep the text as is */
    out->len = start;
    st = buf_append(out, nfc, (size_t)got);
    free(nfc); /* utf8proc allocates with malloc */
    return st;
}

np_status text_normalize(buf *out, buf *scratch, const char *in, size_t len, int *repaired)
{
    return normalize(out, scratch, in, len, repaired, 0);
}

np_status text_normalize_plain(buf *out, buf *scratch, const char *in, size_t len, int *repaired)
{
    return normalize(out, scratch, in, len, repaired, 1);
}
