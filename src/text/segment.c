/* Words of unspaced scripts through ICU's word break iterator; segment.h. */
#include "text/segment.h"

#include <limits.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utypes.h>

#include "common/utf8.h"
#include "text/textutil.h"

_Static_assert(sizeof(UChar) == sizeof(uint16_t), "ICU's UTF-16 code unit is 16 bits");

/* A run longer than this many bytes is copied whole (ICU counts in
 * int32_t; no sentence is this long). */
enum { RUN_MOST = 1 << 24 };

void segmenter_init(segmenter *sg, const np_allocator *allocator)
{
    memset(sg, 0, sizeof *sg);
    sg->allocator = allocator ? allocator : np_default_allocator();
}

void segmenter_free(segmenter *sg)
{
    if (sg->iterator)
        ubrk_close(sg->iterator);
    np_free(sg->allocator, sg->units);
    np_free(sg->allocator, sg->text);
    segmenter_init(sg, sg->allocator);
}

/* The code point at s[i] (U+FFFD for an invalid byte, which is one byte). */
static uint32_t code_at(const char *s, size_t len, size_t i, size_t *n)
{
    uint32_t cp;
    *n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
    if (!*n) {
        *n = 1;
        cp = 0xFFFD;
    }
    return cp;
}

/* The iterator, opened on first use with the root locale (its rules and
 * dictionaries cover every script); NULL when ICU cannot open one. */
static UBreakIterator *iterator_of(segmenter *sg)
{
    if (!sg->iterator && !sg->failed) {
        UErrorCode e = U_ZERO_ERROR;
        UBreakIterator *bi = ubrk_open(UBRK_WORD, "", NULL, 0, &e);
        if (U_FAILURE(e) || !bi)
            sg->failed = 1;
        else
            sg->iterator = bi;
    }
    return sg->iterator;
}

/* The run s[0..n) (unspaced characters alone) to out with a space at each
 * of its inner word boundaries.  returns: the bytes written; the run as
 * it is when ICU fails, (size_t)-1 when out of memory. */
static size_t spaced_run(segmenter *sg, const char *s, size_t n, char *out)
{
    UBreakIterator *bi = n <= RUN_MOST ? iterator_of(sg) : NULL;
    if (!bi) {
        memcpy(out, s, n);
        return n;
    }
    /* a UTF-16 unit a byte at most (the run's characters are three bytes
     * each, but an invalid byte is one) */
    if (sg->cap < n) {
        uint16_t *units = np_realloc_array(sg->allocator, sg->units, n, sizeof *units);
        if (!units)
            return (size_t)-1;
        sg->units = units;
        sg->cap = n;
    }
    int32_t k = 0;
    size_t step;
    for (size_t i = 0; i < n; i += step) {
        uint32_t cp = code_at(s, n, i, &step);
        if (cp > 0xFFFF) {
            sg->units[k++] = (uint16_t)(0xD7C0 + (cp >> 10));
            sg->units[k++] = (uint16_t)(0xDC00 | (cp & 0x3FF));
        } else {
            sg->units[k++] = (uint16_t)cp;
        }
    }
    UErrorCode e = U_ZERO_ERROR;
    ubrk_setText(bi, (const UChar *)sg->units, k, &e);
    if (U_FAILURE(e)) {
        memcpy(out, s, n);
        return n;
    }
    /* the boundaries in units, walked alongside the bytes */
    size_t w = 0, i = 0;
    int32_t unit = 0;
    for (int32_t b = ubrk_next(bi); b != UBRK_DONE && b < k; b = ubrk_next(bi)) {
        size_t from = i;
        while (unit < b) {
            uint32_t cp = code_at(s, n, i, &step);
            i += step;
            unit += cp > 0xFFFF ? 2 : 1;
        }
        memcpy(out + w, s + from, i - from);
        w += i - from;
        out[w++] = ' ';
    }
    memcpy(out + w, s + i, n - i);
    return w + n - i;
}

/* Whether the spaces from s[i] on are followed by an unspaced character:
 * a Thai or Lao space between two clauses. */
static int space_between_runs(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] == ' ')
        i++;
    size_t n;
    return i < len && segment_is_unspaced(code_at(s, len, i, &n));
}

/* The ASCII mark a full stop, exclamation or question mark of a script
 * without spaces stands for (Burmese "။", Khmer "។"; with cjk, "。", "！",
 * "？"), or 0. */
static char stop_mark(uint32_t cp, int cjk)
{
    if (cp == 0x104B || cp == 0x17D4 || (cjk && cp == 0x3002))
        return '.';
    if (cjk && cp == 0xFF01)
        return '!';
    if (cjk && cp == 0xFF1F)
        return '?';
    return 0;
}

/* Whether cp belongs to a run segment_spaced hands to ICU. */
static int in_run(uint32_t cp, int cjk)
{
    return (segment_is_unspaced(cp) || (cjk && tu_is_cjk(cp))) && !stop_mark(cp, cjk);
}

size_t segment_spaced(segmenter *sg, const char *s, size_t len, char *out, int cjk)
{
    size_t w = 0, n;
    for (size_t i = 0; i < len;) {
        uint32_t cp = code_at(s, len, i, &n);
        char mark = stop_mark(cp, cjk);
        if (mark) {
            out[w++] = mark;
            out[w++] = ' ';
            i += n;
            continue;
        }
        if (!in_run(cp, cjk)) {
            memcpy(out + w, s + i, n);
            w += n;
            i += n;
            continue;
        }
        size_t from = i;
        for (uint32_t c = cp; i < len && in_run(c, cjk);) {
            i += n;
            if (i < len)
                c = code_at(s, len, i, &n);
        }
        /* a run is a word's edge on either side: "GDP增长5" is three */
        if (w && out[w - 1] != ' ')
            out[w++] = ' ';
        size_t put = spaced_run(sg, s + from, i - from, out + w);
        if (put == (size_t)-1)
            return put;
        w += put;
        if (segment_is_unspaced(cp) && i < len && s[i] == ' ' && space_between_runs(s, len, i))
            out[w++] = '.';
        else if (i < len && s[i] != ' ' && !stop_mark(code_at(s, len, i, &n), cjk))
            out[w++] = ' ';
    }
    out[w] = '\0';
    return w;
}

size_t segment_count_words(segmenter *sg, const char *s, size_t len)
{
    size_t unspaced;
    if ((!tu_count_cjk(s, len, &unspaced) && !unspaced) || len > SIZE_MAX / 2 - 1)
        return tu_count_words(s, len);
    if (sg->text_cap < 2 * len + 1) {
        char *text = np_realloc(sg->allocator, sg->text, 2 * len + 1);
        if (!text)
            return tu_count_words(s, len);
        sg->text = text;
        sg->text_cap = 2 * len + 1;
    }
    size_t n = segment_spaced(sg, s, len, sg->text, 1);
    return n == (size_t)-1 ? tu_count_words(s, len) : tu_count_words(sg->text, n);
}
