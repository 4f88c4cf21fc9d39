/*
 * invariants: what every fuzz target asserts about the library's output.
 *
 * newsprint.h promises that strings handed out are valid UTF-8 and
 * NUL-terminated, that a date is YYYY-MM-DD, and that failures are
 * described in words naming the file involved.  The cleaner also never
 * lets a control byte into a paragraph or title, since the text output
 * format prints each on its own line.  A violated invariant prints what
 * broke on stderr and aborts, so libFuzzer keeps the input as a crash and
 * the replay driver reports the file.
 *
 * Header-only (static functions) because the Makefile builds each replay
 * program from fuzz/fuzz_X.c + fuzz/replay.c alone.
 */
#ifndef NP_FUZZ_INVARIANTS_H
#define NP_FUZZ_INVARIANTS_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsprint.h"

/* Each target uses a different subset. */
#define FUZZ_HELPER static __attribute__((unused))

FUZZ_HELPER void fuzz_violated(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

FUZZ_HELPER void fuzz_violated(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("invariant violated: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fflush(stderr);
    abort();
}

/* RFC 3629 UTF-8: no overlongs, no surrogates, nothing above U+10FFFF.
 * Written out again here rather than borrowed from src/common/utf8.c, so a
 * bug there cannot hide itself. */
FUZZ_HELPER int fuzz_utf8_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n;
        unsigned long cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 2, cp = c & 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return 0;
        }
        if (len - i < n)
            return 0;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n;
    }
    return 1;
}

/* A string handed out by the library: valid UTF-8 (NUL-terminated by
 * construction, so NUL-free up to its end). */
FUZZ_HELPER void fuzz_check_string(const char *what, size_t index, const char *s)
{
    if (!fuzz_utf8_valid((const unsigned char *)s, strlen(s)))
        fuzz_violated("%s[%zu] is not valid UTF-8: \"%s\"", what, index, s);
}

/* A line of output text: non-empty, valid UTF-8, no control bytes (they
 * would break the text format's one-item-a-line layout). */
FUZZ_HELPER void fuzz_check_text(const char *what, size_t index, const char *s)
{
    size_t len = strlen(s);
    if (len == 0)
        fuzz_violated("%s[%zu] is empty", what, index);
    fuzz_check_string(what, index, s);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            fuzz_violated("%s[%zu] has control byte 0x%02x at %zu: \"%s\"", what, index, c, i, s);
    }
}

FUZZ_HELPER void fuzz_check_date(const char *date)
{
    if (!date)
        return;
    const char *shape = "dddd-dd-dd";
    int ok = strlen(date) == 10;
    for (size_t i = 0; ok && i < 10; i++)
        ok = shape[i] == 'd' ? (date[i] >= '0' && date[i] <= '9') : date[i] == '-';
    if (ok) {
        int year = atoi(date), month = atoi(date + 5), day = atoi(date + 8);
        ok = year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }
    if (!ok)
        fuzz_violated("date is not YYYY-MM-DD: \"%s\"", date);
}

static const char *const fuzz_line_kinds[] = {
    "body", "title", "header", "nav", "caption", "related",
    "promo", "section", "meta", "credit", "footer", "repeat",
};

/* Everything np_clean returned for `record`. */
FUZZ_HELPER void fuzz_check_article(const np_record *record, const np_article *a)
{
    if (!a)
        fuzz_violated("np_clean returned NP_OK and no article");
    if (!a->id || strcmp(a->id, record->id) != 0)
        fuzz_violated("article id \"%s\" is not the record's \"%s\"", a->id ? a->id : "(null)",
                      record->id);
    if (a->title)
        fuzz_check_text("title", 0, a->title);
    fuzz_check_date(a->date);
    if (a->source)
        fuzz_check_text("source", 0, a->source);
    if (a->url)
        fuzz_check_string("url", 0, a->url);
    if (!a->lang)
        fuzz_violated("lang is NULL");
    size_t lang_len = strlen(a->lang);
    if (lang_len < 2 || lang_len > 3 || strspn(a->lang, "abcdefghijklmnopqrstuvwxyz") != lang_len)
        fuzz_violated("lang is not an ISO 639 code: \"%s\"", a->lang);
    if (a->n_attribution && !a->attribution)
        fuzz_violated("%zu attributions and no array", a->n_attribution);
    for (size_t i = 0; i < a->n_attribution; i++)
        fuzz_check_text("attribution", i, a->attribution[i]);
    if (a->n_paragraphs && !a->paragraphs)
        fuzz_violated("%zu paragraphs and no array", a->n_paragraphs);
    for (size_t i = 0; i < a->n_paragraphs; i++)
        fuzz_check_text("paragraph", i, a->paragraphs[i]);
    if (a->n_paragraphs == 0 && a->words != 0)
        fuzz_violated("%zu words and no paragraph", a->words);
    if (a->n_lines && !a->lines)
        fuzz_violated("%zu lines and no array", a->n_lines);
    for (size_t i = 0; i < a->n_lines; i++) {
        fuzz_check_text("line", i, a->lines[i].text);
        int known = 0;
        for (size_t k = 0; k < sizeof fuzz_line_kinds / sizeof *fuzz_line_kinds; k++)
            known |= a->lines[i].kind && strcmp(a->lines[i].kind, fuzz_line_kinds[k]) == 0;
        if (!known)
            fuzz_violated("line[%zu] has unknown kind \"%s\"", i,
                          a->lines[i].kind ? a->lines[i].kind : "(null)");
    }
    if (a->removed_lines > a->n_lines)
        fuzz_violated("%zu lines removed of %zu", a->removed_lines, a->n_lines);
}

/* A failure message must say something and name the file. */
FUZZ_HELPER void fuzz_check_errmsg(const char *who, const char *msg, const char *path)
{
    if (!msg || !*msg)
        fuzz_violated("%s failed with an empty message", who);
    if (path && !strstr(msg, path))
        fuzz_violated("%s message does not name the file %s: \"%s\"", who, path, msg);
}

#endif
