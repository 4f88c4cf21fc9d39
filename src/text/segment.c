/* Words of unspaced scripts through ICU's word break iterator; segment.h. */
#include "text/segment.h"

#include <limits.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utypes.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

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
    np_free(sg->allocator, sg->kept.slots);
    np_free(sg->allocator, sg->kept.bytes);
    np_free(sg->allocator, sg->kept.cuts);
    segmenter_init(sg, sg->allocator);
}

void segment_keep(segmenter *sg)
{
    sg->keep = 1;
}

void segment_forget(segmenter *sg)
{
    if (sg->kept.n_slots > 4096 && sg->kept.used * 16 < sg->kept.n_slots) {
        /* a long article's table, let go rather than cleared after each
         * short one that follows */
        np_free(sg->allocator, sg->kept.slots);
        sg->kept.slots = NULL;
        sg->kept.n_slots = 0;
    } else if (sg->kept.used) {
        memset(sg->kept.slots, 0, sg->kept.n_slots * sizeof *sg->kept.slots);
    }
    sg->kept.used = sg->kept.n_bytes = sg->kept.n_cuts = 0;
}

/* The kept run of hash h whose bytes are s[0..n), or NULL. */
static const kept_run *kept_find(const segmenter *sg, uint64_t h, const char *s, size_t n)
{
    if (!sg->kept.used)
        return NULL;
    size_t mask = sg->kept.n_slots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const kept_run *k = &sg->kept.slots[i];
        if (!k->hash)
            return NULL;
        if (k->hash == h && k->len == n && memcmp(sg->kept.bytes + k->at, s, n) == 0)
            return k;
    }
}

/* Room for one more run in the table (at most half full); 0 when out of
 * memory. */
static int kept_room(segmenter *sg)
{
    if (2 * (sg->kept.used + 1) <= sg->kept.n_slots)
        return 1;
    size_t n_slots = sg->kept.n_slots ? 2 * sg->kept.n_slots : 64;
    kept_run *slots = np_calloc(sg->allocator, n_slots, sizeof *slots);
    if (!slots)
        return 0;
    for (size_t j = 0; j < sg->kept.n_slots; j++) {
        const kept_run *k = &sg->kept.slots[j];
        if (!k->hash)
            continue;
        size_t i = (size_t)k->hash & (n_slots - 1);
        while (slots[i].hash)
            i = (i + 1) & (n_slots - 1);
        slots[i] = *k;
    }
    np_free(sg->allocator, sg->kept.slots);
    sg->kept.slots = slots;
    sg->kept.n_slots = n_slots;
    return 1;
}

/* pool (of elem-byte items, *cap of them) grown to hold need (at least
 * one).  returns: the pool, moved or not; NULL when out of memory (pool
 * and *cap as they were). */
static void *kept_grow(segmenter *sg, void *pool, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return pool;
    size_t want = *cap ? *cap : 4096;
    while (want < need)
        want *= 2;
    void *p = np_realloc_array(sg->allocator, pool, want, elem);
    if (p)
        *cap = want;
    return p;
}

/* Keeps the run s[0..n) of hash h with its boundaries cuts[0..n_cuts)
 * (already at the pool's end, kept.cuts + kept.n_cuts); nothing when out
 * of memory or past the pools' 32-bit offsets: the run is segmented again
 * when met. */
static void kept_add(segmenter *sg, uint64_t h, const char *s, size_t n, size_t n_cuts)
{
    if (sg->kept.n_bytes + n > UINT32_MAX || sg->kept.n_cuts + n_cuts > UINT32_MAX || !kept_room(sg))
        return;
    char *bytes = kept_grow(sg, sg->kept.bytes, &sg->kept.bytes_cap, sg->kept.n_bytes + n, 1);
    if (!bytes)
        return;
    sg->kept.bytes = bytes;
    size_t mask = sg->kept.n_slots - 1, i = (size_t)h & mask;
    while (sg->kept.slots[i].hash)
        i = (i + 1) & mask;
    sg->kept.slots[i] = (kept_run){ h, (uint32_t)sg->kept.n_bytes, (uint32_t)n, (uint32_t)sg->kept.n_cuts,
                                    (uint32_t)n_cuts };
    memcpy(sg->kept.bytes + sg->kept.n_bytes, s, n);
    sg->kept.n_bytes += n;
    sg->kept.n_cuts += n_cuts;
    sg->kept.used++;
}

/* The run s[0..n) to out with a space at each of the byte offsets
 * cuts[0..n_cuts), ascending, inside it.  returns: the bytes written. */
static size_t write_cut(const char *s, size_t n, const uint32_t *cuts, size_t n_cuts, char *out)
{
    size_t w = 0, from = 0;
    for (size_t c = 0; c < n_cuts; c++) {
        memcpy(out + w, s + from, cuts[c] - from);
        w += cuts[c] - from;
        out[w++] = ' ';
        from = cuts[c];
    }
    memcpy(out + w, s + from, n - from);
    return w + n - from;
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
    uint64_t hash = 0;
    if (sg->keep) {
        hash = XXH3_64bits(s, n) | 1; /* 0 marks an empty slot */
        const kept_run *kr = kept_find(sg, hash, s, n);
        if (kr)
            return write_cut(s, n, sg->kept.cuts + kr->cuts, kr->n_cuts, out);
    }
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
    /* the boundaries in units, walked alongside the bytes; with keep, each
     * one's byte offset written at the cut pool's end as well */
    uint32_t *cuts = NULL;
    if (sg->keep && n <= UINT32_MAX) {
        uint32_t *pool = kept_grow(sg, sg->kept.cuts, &sg->kept.cuts_cap, sg->kept.n_cuts + (size_t)k, sizeof *pool);
        if (pool) {
            sg->kept.cuts = pool;
            cuts = pool + sg->kept.n_cuts;
        }
    }
    size_t w = 0, i = 0, n_cuts = 0;
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
        if (cuts)
            cuts[n_cuts++] = (uint32_t)i;
    }
    memcpy(out + w, s + i, n - i);
    if (cuts)
        kept_add(sg, hash, s, n, n_cuts);
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
