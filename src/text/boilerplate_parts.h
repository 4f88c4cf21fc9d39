/*
 * boilerplate_parts: what the four files of the line classifier share.
 * boilerplate.c gives each line its kind from its cues and features and
 * runs the passes; boilerplate_head.c finds the title, byline, dates and
 * header block above the text; boilerplate_end.c the closing credits and
 * provenance notes that end it; boilerplate_tail.c the disclaimers, notes
 * and teasers under it.  Here: the limits, the cue
 * types, the word tests each part asks of a line, and the passes the
 * parts give boilerplate_classify.
 */
#ifndef NP_BOILERPLATE_PARTS_H
#define NP_BOILERPLATE_PARTS_H

#include <string.h>

#include "text/doc.h"
#include "text/needles.h"
#include "text/textutil.h"

/* Lines at most this long may be chrome on a cue word alone. */
enum { SHORT_WORDS = 12, PREFIX_MAX_WORDS = 40, BODY_MIN_WORDS = 15, HEAD_SCAN = 8 };

/* Lines a caption's headline, text or credit may take on either side of
 * it; the bytes of a line's start that a cookie notice says so in. */
enum { CAPTION_GLUE = 2, COOKIE_HEAD = 48 };

typedef struct cue {
    const char *text;     /* lowercase ASCII */
    unsigned char len;    /* its strlen, known when built (CUE) */
    unsigned char kind;   /* line_kind given */
} cue;
#define CUE(text, kind) { text, sizeof text - 1, kind }

/* A string of a list with its length (the lists are asked for every line:
 * no strlen each time). */
typedef struct sized {
    const char *text;
    unsigned char len;
} sized;
#define SIZED(text) { text, sizeof text - 1 }

/* 1 if the line contains the lowercase ASCII cue (any case in the line) */
static inline int line_has(const line *l, const char *needle)
{
    return memmem(l->lower, l->len, needle, strlen(needle)) != NULL;
}

/* Like line_has, but the match must not continue a longer word on either
 * side ("subscribe" is not in "Subscribers"). */
static inline int line_has_word(const line *l, const char *needle, size_t n)
{
    const char *from = l->lower, *end = l->lower + l->len;
    while (from < end) {
        const char *at = memmem(from, (size_t)(end - from), needle, n);
        if (!at)
            return 0;
        int left = at == l->lower || !tu_is_alpha((unsigned char)at[-1]) || !tu_is_alpha((unsigned char)needle[0]);
        int right = at + n == end || !tu_is_alpha((unsigned char)at[n]) || !tu_is_alpha((unsigned char)needle[n - 1]);
        if (left && right)
            return 1;
        from = at + 1;
    }
    return 0;
}

/* 1 if w[0..n) is the lowercase ASCII word entry, case-insensitively:
 * read to entry's first difference, never past its NUL (no strlen). */
static inline int word_is(const char *w, size_t n, const char *entry)
{
    size_t i = 0;
    while (i < n && entry[i] && tu_lower((unsigned char)w[i]) == (unsigned char)entry[i])
        i++;
    return i == n && !entry[i];
}

static inline int matches_word_list(const char *w, size_t n, const char *const *list, size_t count)
{
    /* the first letters compared here: most entries differ there */
    unsigned char first = n ? (unsigned char)tu_lower((unsigned char)w[0]) : 0;
    for (size_t k = 0; k < count; k++)
        if ((unsigned char)list[k][0] == first && word_is(w, n, list[k]))
            return 1;
    return 0;
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Calls fn for each word of s (runs of non-space, punctuation trimmed);
 * stops when fn returns 0.  returns: 1 if every word satisfied fn. */
static inline int all_words(const char *s, size_t len, const char *const *list, size_t count)
{
    size_t i = 0, seen = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || strchr("|:,.-\xe2\x80\xa2()[]", s[i])))
            i++;
        size_t start = i;
        while (i < len && s[i] != ' ' && s[i] != '|' && s[i] != ',' && s[i] != ':')
            i++;
        size_t end = i;
        while (end > start && strchr(".()[]", s[end - 1]))
            end--;
        if (end > start) {
            if (!matches_word_list(s + start, end - start, list, count))
                return 0;
            seen++;
        }
    }
    return seen > 0;
}

static inline int any_word(const char *s, size_t len, const char *const *list, size_t count)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && !tu_is_alpha((unsigned char)s[i]))
            i++;
        size_t start = i;
        while (i < len && (tu_is_alpha((unsigned char)s[i]) || s[i] == '/'))
            i++;
        if (i > start && matches_word_list(s + start, i - start, list, count))
            return 1;
        /* "KLIMENTYEV/SPUTNIK/AFP": look at the parts of slashed credits too */
        for (size_t j = start; j < i; j++) {
            if (s[j] != '/')
                continue;
            size_t a = start;
            for (size_t k = start; k <= i; k++) {
                if (k == i || s[k] == '/') {
                    if (k > a && matches_word_list(s + a, k - a, list, count))
                        return 1;
                    a = k + 1;
                }
            }
            break;
        }
    }
    return 0;
}

static inline int body_like(const line *l)
{
    return l->words >= BODY_MIN_WORDS && l->terminal && !l->ellipsis;
}

/* 1 if the line is a closing credit or provenance note (bp_end_marker). */
static inline int is_end_marker(const line *l)
{
    return l->end_marker;
}

/* boilerplate_head.c */
void bp_strip_date_prefix(doc *d, line *l);
void bp_find_title(doc *d, int have_title);
void bp_scan_header(doc *d);
size_t bp_header_block(doc *d, int have_title);
int bp_fetch_date(const char *s, size_t len);
/* 1 if the meta cue text (c bytes: "updated", "posted", "published")
 * opens a headline or a sentence in l, not a meta line */
int bp_meta_verb_opens_prose(const line *l, const char *text, size_t c);

/* boilerplate_end.c: the closing credits' words as a needle set (made
 * once per cleaner, boilerplate_cues_make); 1 if the line is a closing
 * credit or a provenance note (x NULL: each word searched for in turn). */
void bp_end_words_make(needle_set *set);
int bp_end_marker(const line *l, const boilerplate_cues *x);

/* boilerplate_tail.c */
void bp_disclaimers_make(needle_set *set);
void bp_mark_end(doc *d);
void bp_mark_trailing(doc *d);
void bp_mark_retold(doc *d);
int bp_author_note(const line *l);
int bp_contact_note(const line *l);
int bp_promo_note(const line *l);

#endif
