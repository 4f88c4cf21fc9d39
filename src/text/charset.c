/* charset: a page's bytes as UTF-8 (charset.h). */
#include "text/charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "text/textutil.h"

/* HTML's white space, as the tokenizer's (htmltree.c). */
static int is_space(int c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

enum { CS_UTF8, CS_1252, CS_ICONV };

static int charset_kind(const char *label)
{
    static const char *const utf8[] = { "utf-8", "utf8", "unicode-1-1-utf-8" };
    static const char *const latin[] = { "iso-8859-1", "iso8859-1", "latin1", "l1", "iso_8859-1",
                                         "windows-1252", "cp1252", "x-cp1252", "us-ascii", "ascii",
                                         "iso-ir-100", "cp819", "ibm819", "csisolatin1" };
    for (size_t k = 0; k < sizeof utf8 / sizeof *utf8; k++)
        if (strcmp(label, utf8[k]) == 0)
            return CS_UTF8;
    for (size_t k = 0; k < sizeof latin / sizeof *latin; k++)
        if (strcmp(label, latin[k]) == 0)
            return CS_1252;
    return CS_ICONV;
}

/* A charset label lowercased into out ("" when none fits). */
static void read_label(const char *s, size_t len, char *out, size_t cap)
{
    size_t i = 0, n = 0;
    while (i < len && (is_space((unsigned char)s[i]) || s[i] == '"' || s[i] == '\''))
        i++;
    while (i < len && n + 1 < cap &&
           (tu_is_alpha((unsigned char)s[i]) || tu_is_digit((unsigned char)s[i]) || s[i] == '-' || s[i] == '_' || s[i] == '.' || s[i] == ':'))
        out[n++] = (char)tu_lower((unsigned char)s[i++]);
    out[n] = '\0';
}

/* The charset a <meta> in the page's first 4 KB declares, into out. */
static void meta_charset(const char *s, size_t len, char *out, size_t cap)
{
    out[0] = '\0';
    size_t scan = len < 4096 ? len : 4096;
    for (size_t at = 0; at < scan;) {
        long hit = tu_find_ci(s + at, scan - at, "charset");
        if (hit < 0)
            return;
        size_t i = at + (size_t)hit;
        at = i + 7;
        /* inside a <meta ...> tag: the nearest '<' before is "<meta" with no '>' between */
        size_t j = i;
        while (j > 0 && s[j - 1] != '<' && s[j - 1] != '>')
            j--;
        if (j == 0 || s[j - 1] != '<' || !tu_starts_ci(s + j, len - j, "meta"))
            continue;
        size_t k = at;
        while (k < len && is_space((unsigned char)s[k]))
            k++;
        if (k >= len || s[k] != '=')
            continue;
        read_label(s + k + 1, len - k - 1, out, cap);
        if (out[0])
            return;
    }
}

/* Windows-1252 (and so Latin-1 and ASCII) bytes as UTF-8, into the arena. */
static const char *from_1252(arena *mem, const char *s, size_t len, size_t *out_len)
{
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = arena_alloc(mem, len * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++)
        o += utf8_encode_1252((unsigned char)s[i], out + o);
    *out_len = o;
    return out;
}

/* Bytes in another charset as UTF-8 through iconv; an invalid byte becomes
 * U+FFFD.  NULL when iconv does not know the charset. */
static const char *from_iconv(arena *mem, const char *label, const char *s, size_t len, size_t *out_len,
                              int *nomem)
{
    iconv_t cd = iconv_open("UTF-8", label);
    if (cd == (iconv_t)-1)
        return NULL;
    buf out;
    buf_init(&out, mem->allocator);
    char *in = (char *)s;
    size_t left = len;
    const char *result = NULL;
    while (left) {
        if (buf_reserve(&out, left * 2 + 16) != NP_OK) {
            *nomem = 1;
            break;
        }
        char *o = out.data + out.len;
        size_t room = out.cap - out.len - 1;
        size_t r = iconv(cd, &in, &left, &o, &room);
        out.len = (size_t)(o - out.data);
        if (r != (size_t)-1)
            break;
        if (errno == EILSEQ || errno == EINVAL) {
            if (buf_append(&out, "\xEF\xBF\xBD", 3) != NP_OK) {
                *nomem = 1;
                break;
            }
            in++;
            left--;
        } else if (errno != E2BIG) {
            break;
        }
    }
    iconv_close(cd);
    if (!*nomem) {
        result = arena_strndup(mem, out.data ? out.data : "", out.len);
        *out_len = out.len;
        *nomem = result == NULL;
    }
    buf_free(&out);
    return result;
}

/* 1 when bytes that are not UTF-8 outnumber the multi-byte characters that
 * are: a Latin-1 page said (or assumed) to be UTF-8. */
static int looks_single_byte(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t good = 0, bad = 0;
    for (size_t i = 0; i < len;) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (n) {
            good++;
            i += n;
        } else {
            bad++;
            i++;
        }
    }
    return bad > good;
}

const char *charset_to_utf8(arena *mem, const char *s, size_t len, const char *charset, size_t *out_len,
                            int *nomem)
{
    char label[48] = "";
    int from_meta = 0;
    *nomem = 0;
    *out_len = len;
    if (charset)
        read_label(charset, strlen(charset), label, sizeof label);
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        *out_len = len - 3;
        return s + 3;
    }
    if (len >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0)) {
        strcpy(label, s[0] == '\xFF' ? "utf-16le" : "utf-16be");
        s += 2;
        len -= 2;
    } else if (!label[0])
        meta_charset(s, len, label, sizeof label), from_meta = 1;
    const char *out = NULL;
    int kind = label[0] ? charset_kind(label) : CS_UTF8;
    /* a page that could read its own <meta> is not UTF-16, whatever it says */
    if (from_meta && strncmp(label, "utf-16", 6) == 0)
        kind = CS_UTF8;
    if (kind == CS_ICONV) {
        out = from_iconv(mem, label, s, len, out_len, nomem);
        if (out || *nomem)
            return out;
        kind = CS_UTF8;
    }
    if (kind == CS_UTF8 && (utf8_valid(s, len) || !looks_single_byte(s, len))) {
        *out_len = len;
        return s;
    }
    out = from_1252(mem, s, len, out_len);
    *nomem = out == NULL;
    return out;
}
