/*
 * boilerplate_tail: the lines under an article's text that are not its
 * text -- what follows a closing credit, disclaimers and copyright
 * notices, "more stories" lists, an author's note, an address for tips, a
 * newsletter's pitch, and paragraphs a page prints again as teasers.
 * Part of the line classifier (boilerplate.c, boilerplate_parts.h).
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include <xxhash.h>

#include "common/radix.h"
#include "text/boilerplate_parts.h"

/* The vocabulary of outlet disclaimers: rights, permissions, who owns and
 * funds the outlet, what its opinions are not. */
static const char *const disclaimer_cues[] = {
    "all rights reserved", "copyright", "\xc2\xa9", "reproduc", "republish", "redistribut",
    "may not be", "prohibited", "without permission", "written permission", "under licence",
    "under license", "not responsible", "necessarily reflect", "opinions expressed",
    "is committed to", "corrections", "contact us", "independent journalism",
    "our journalism", "readers like you", "subscriptions", "advertising", "is owned by",
    "terms of use", "privacy", "cookies", "newsroom", "since 1", "since 2", "our content",
    "we provide", "please note", "journalists report", "support our", "donate",
    "been edited", "syndicated feed", "agency copy", "wire copy", "auto-generated",
    "for length and", "publishes",
};

_Static_assert(COUNT(disclaimer_cues) <= NEEDLES_MAX, "the disclaimer cues are a needle set");

void bp_disclaimers_make(needle_set *set)
{
    needles_make(set, disclaimer_cues, COUNT(disclaimer_cues));
}

/* After a closing credit, what is left is footer unless it is most of the text. */
void bp_mark_end(doc *d)
{
    size_t body_words = 0;
    for (size_t i = 0; i < d->n_lines; i++)
        if (d->lines[i].kind == LK_BODY)
            body_words += d->lines[i].words;
    size_t before = 0;
    for (size_t i = 0; i < d->n_lines; i++) {
        line *l = &d->lines[i];
        if (l->kind == LK_TITLE || l->kind == LK_HEADER)
            continue;
        if ((l->kind == LK_BODY || l->kind == LK_META || l->kind == LK_FOOTER ||
             l->kind == LK_RELATED) && is_end_marker(l)) {
            meta_from_credit(d, l->s, l->len);
            meta_source_line(d, l->s, l->len);
            size_t after = body_words - before - (l->kind == LK_BODY ? l->words : 0);
            l->kind = LK_CREDIT;
            if (after * 2 < before) {
                for (size_t j = i + 1; j < d->n_lines; j++) {
                    line *f = &d->lines[j];
                    if (is_end_marker(f)) {
                        meta_from_credit(d, f->s, f->len);
                        meta_source_line(d, f->s, f->len);
                    }
                    if (f->kind == LK_BODY)
                        f->kind = LK_FOOTER;
                }
                return;
            }
        }
        if (l->kind == LK_BODY)
            before += l->words;
    }
}


/* boilerplate_disclaimer_score; x NULL: each cue searched for in turn. */
static int disclaimer_score(const line *l, const boilerplate_cues *x)
{
    if (x)
        return __builtin_popcountll(needles_find(&x->disclaimers, l->lower, l->len));
    int score = 0;
    for (size_t k = 0; k < COUNT(disclaimer_cues); k++)
        score += line_has(l, disclaimer_cues[k]);
    return score;
}

int boilerplate_disclaimer_score(const line *l, int plain)
{
    boilerplate_cues x;
    if (!plain)
        boilerplate_cues_make(&x);
    return disclaimer_score(l, plain ? NULL : &x);
}

/* 1 for a note about the author: a name of two to four capitalised words,
 * then "is a", "is an", "is the" or "was a", and a newsroom role within
 * ROLE_REACH bytes after it ("Jo Lee is a staff writer at X covering Y."). */
enum { ROLE_REACH = 40 };
int bp_author_note(const line *l)
{
    if (l->words > 60)
        return 0;
    static const char *const verbs[] = { " is a ", " is an ", " is the ", " was a " };
    static const char *const roles[] = { "reporter", "correspondent", "writer", "editor", "journalist",
                                         "columnist", "contributor", "freelance", "commentator", "blogger" };
    const char *p = l->s, *end = l->s + l->len;
    for (unsigned names = 1; names <= 4; names++) {
        unsigned char c = (unsigned char)*p;
        const char *space = memchr(p, ' ', (size_t)(end - p));
        if (!((c >= 'A' && c <= 'Z') || c >= 0xC0) || !space)
            return 0;
        for (size_t k = 0; k < COUNT(verbs) && names >= 2; k++) {
            size_t n = strlen(verbs[k]);
            if ((size_t)(end - space) > n && memcmp(space, verbs[k], n) == 0) {
                /* the role right after it ("is a staff writer", "is the
                 * Coastal's reporter"), not anywhere in the line */
                size_t from = (size_t)(space - l->s) + n, to = from + ROLE_REACH;
                if (to > l->len)
                    to = l->len;
                for (size_t r = 0; r < COUNT(roles); r++)
                    if (memmem(l->lower + from, to - from, roles[r], strlen(roles[r])))
                        return 1;
                return 0;
            }
        }
        p = space + 1;
    }
    return 0;
}

/* An outlet's disclaimer paragraph: two disclaimer cues or more, and dense
 * with them (one to DISCLAIMER_WORDS words), so a long paragraph of news
 * that happens to say "may not be" and "prohibited" stays news. */
enum { DISCLAIMER_WORDS = 40 };
static int disclaimer(const line *l, const boilerplate_cues *x)
{
    int score = disclaimer_score(l, x);
    return score >= 2 && l->words <= (unsigned)score * DISCLAIMER_WORDS;
}

/* The number a line opens with ("12 Ai Sugiyama (Japan)", "3. Oslo"), or
 * -1. */
static long leading_number(const line *l)
{
    long n = 0;
    size_t i = 0;
    for (; i < l->len && i < 6 && l->s[i] >= '0' && l->s[i] <= '9'; i++)
        n = n * 10 + (l->s[i] - '0');
    if (i == 0 || i == 6 || i == l->len)
        return -1;
    if (l->s[i] == '.' || l->s[i] == ')')
        i++;
    return i < l->len && l->s[i] == ' ' ? n : -1;
}

/* Do the body lines after the last prose line continue a list of the
 * article's own (results, a ranking, a line-up), not the page's links?
 * Either the prose line opens it (it ends with a colon and two lines or
 * more follow, or it is an item of a bulleted list and so is every line
 * after it), or the lines are numbered one after another (a list may
 * start again at 1), three or more. */
static int article_list_follows(const doc *d, size_t prose)
{
    const line *p = &d->lines[prose];
    int colon = p->len && p->s[p->len - 1] == ':';
    int bulleted = p->bullet, numbered = 1;
    size_t items = 0, fixtures = 0, credited = 0;
    long next = -1;
    for (size_t i = prose + 1; i < d->n_lines; i++) {
        const line *l = &d->lines[i];
        if (l->kind != LK_BODY)
            continue;
        items++;
        bulleted &= l->bullet;
        long n = leading_number(l);
        numbered &= n >= 0 && (next < 0 || n == next || n == 1);
        next = n + 1;
        /* "Chelsea v Birmingham", "Matt Lucas (Little Britain, BBC Three)" */
        fixtures += l->words <= 2 * SHORT_WORDS && (memmem(l->lower, l->len, " v ", 3) || memmem(l->lower, l->len, " vs ", 4) ||
                                                memmem(l->lower, l->len, " vs. ", 5));
        credited += l->words <= SHORT_WORDS && l->len && l->s[0] != '(' && l->s[l->len - 1] == ')';
    }
    /* fixtures, results or nominees: most items of one shape */
    int shaped = items >= 3 && (fixtures * 5 >= items * 4 || credited * 5 >= items * 4);
    return (colon && items >= 2) || (bulleted && items) || (numbered && items >= 3) || shaped;
}

/* After the last paragraph of news: tags, link labels (short, unpunctuated)
 * and the outlet's disclaimer paragraphs (two or more disclaimer cues); a
 * note about the author among the last lines of the text. */
void bp_mark_trailing(doc *d)
{
    const boilerplate_cues *x = d->cues;
    /* the last line of real prose: a sentence that is not a disclaimer */
    size_t prose = d->n_lines;
    for (size_t i = d->n_lines; i-- > 0;) {
        const line *l = &d->lines[i];
        if (l->kind == LK_BODY && (l->terminal || l->words > SHORT_WORDS) && !disclaimer(l, x)) {
            prose = i;
            break;
        }
    }
    /* a text of nothing but short lines (a headline feed) is all body */
    if (prose == d->n_lines || article_list_follows(d, prose))
        return;
    for (size_t i = prose + 1; i < d->n_lines; i++)
        if (d->lines[i].kind == LK_BODY)
            d->lines[i].kind = LK_FOOTER;
}

/* "Have a tip? Jo Lee may be reached at jlee@example.com.": a line that
 * gives an address to write to, with words saying so. */
int bp_contact_note(const line *l)
{
    static const char *const says[] = { "reached at", "contact", "email", "e-mail", "write to", "tip" };
    if (l->words > PREFIX_MAX_WORDS)
        return 0;
    const char *at = memchr(l->s, '@', l->len);
    if (!at || at == l->s || !(tu_is_alpha((unsigned char)at[-1]) || tu_is_digit((unsigned char)at[-1])))
        return 0;
    const char *end = l->s + l->len, *p = at + 1;
    while (p < end && (tu_is_alpha((unsigned char)*p) || tu_is_digit((unsigned char)*p) || *p == '-' || *p == '.'))
        p++;
    const char *dot = memchr(at + 1, '.', (size_t)(p - at - 1));
    if (!dot || dot + 1 >= p || dot == at + 1)
        return 0;
    for (size_t k = 0; k < COUNT(says); k++)
        if (memmem(l->lower, l->len, says[k], strlen(says[k])))
            return 1;
    return 0;
}

/* "Get the latest updates right in your inbox. Subscribe to our
 * newsletters.": a line of a few more words than the short cues' lines
 * allow that offers a newsletter or the reader's inbox and calls on the
 * reader at the start of a sentence ("Readers who subscribe will get the
 * newsletter" is news about one). */
int bp_promo_note(const line *l)
{
    static const sized calls[] = { SIZED("subscribe"), SIZED("sign up"), SIZED("get "), SIZED("download the app") };
    if (l->words > 2 * SHORT_WORDS ||
        !(tu_contains(l->lower, l->len, "newsletter", 10) || tu_contains(l->lower, l->len, "your inbox", 10)))
        return 0;
    /* a call at the line's start or a sentence's */
    for (size_t p = 0; p < l->len; p++) {
        if (p && !(p >= 2 && l->lower[p - 1] == ' ' && memchr(".!?", l->lower[p - 2], 3)))
            continue;
        for (size_t k = 0; k < COUNT(calls); k++)
            if (l->len - p >= calls[k].len && memcmp(l->lower + p, calls[k].text, calls[k].len) == 0)
                return 1;
    }
    return 0;
}

/* Retold lines: a page that prints its body twice, once in paragraphs and
 * once run together in one block (a second template, a "print" copy), or
 * that teases its own opening ("Good morning! This is the news you need
 * to..."), holds the text once more.  Exact repeats are caught by
 * mark_repeats; these are not.  A long body line made, for most of its
 * bytes, of earlier body lines placed end to end is a repeat, and so is an
 * ellipsis teaser whose words open another body line.  Earlier lines are
 * found through their first eight bytes, asked at each word start of the
 * long line: linear in the text, not a search of every line in every
 * other. */
enum { RETOLD_MIN_WORDS = 40, RETOLD_PART_WORDS = 8, TEASER_MIN_BYTES = 24 };

static uint64_t first8(const char *s)
{
    uint64_t k;
    memcpy(&k, s, 8);
    return k;
}

static size_t slot_of(uint64_t key, size_t cap)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 40) & (cap - 1);
}

/* First, cheaply: does a long line open as an earlier line does, or is
 * there a teaser?  Most texts have neither and stop here.  opening: room
 * for a key a line, *parts of them set (the lines that may be parts). */
static int may_retell(const doc *d, uint64_t *opening, size_t *parts)
{
    size_t n = 0;
    int maybe = 0;
    for (size_t i = 0; i < d->n_lines; i++) {
        const line *l = &d->lines[i];
        if (l->kind != LK_BODY)
            continue;
        maybe |= l->ellipsis && l->len >= TEASER_MIN_BYTES && l->words < RETOLD_MIN_WORDS;
        if (l->words < RETOLD_PART_WORDS || l->len < 8)
            continue;
        uint64_t key = first8(l->s);
        for (size_t k = 0; k < n && !maybe && l->words >= RETOLD_MIN_WORDS; k++)
            maybe = opening[k] == key;
        opening[n++] = key;
    }
    *parts = n;
    return maybe;
}

/* 1 when the teaser l, its words without its dots, is a prefix of another
 * line (slot: the lines by their first eight bytes, cap slots). */
static int teaser_of_another(const doc *d, const line *l, const uint32_t *slot, size_t cap)
{
    size_t n = l->len;
    while (n && (l->s[n - 1] == '.' || l->s[n - 1] == ' '))
        n--;
    if (n >= 3 && memcmp(l->s + n - 3, "\xe2\x80\xa6", 3) == 0)
        n -= 3;
    if (n < TEASER_MIN_BYTES)
        return 0;
    uint64_t key = first8(l->s);
    for (size_t h = slot_of(key, cap); slot[h]; h = (h + 1) & (cap - 1)) {
        const line *m = &d->lines[slot[h] - 1];
        if (m != l && m->len > n && first8(m->s) == key && memcmp(m->s, l->s, n) == 0)
            return 1;
    }
    return 0;
}

/* 1 when line i is run together from earlier lines: walking its word
 * starts, an earlier line that starts there and fits whole (ending at a
 * blank or the line's end) is skipped over, and two or more of them cover
 * three quarters of it.  A line run together from earlier ones opens with
 * one of them: most lines are turned away at their first word. */
static int run_together(const doc *d, size_t i, const uint32_t *slot, size_t cap)
{
    const line *l = &d->lines[i];
    size_t covered = 0, pieces = 0;
    for (size_t p = 0; p + 8 <= l->len;) {
        size_t next = 0;
        uint64_t key = first8(l->s + p);
        for (size_t h = slot_of(key, cap); slot[h]; h = (h + 1) & (cap - 1)) {
            size_t j = slot[h] - 1;
            const line *m = &d->lines[j];
            if (j < i && m->kind == LK_BODY && p + m->len <= l->len && first8(m->s) == key &&
                (p + m->len == l->len || l->s[p + m->len] == ' ') && memcmp(m->s, l->s + p, m->len) == 0) {
                next = p + m->len;
                break;
            }
        }
        if (next) {
            covered += next - p;
            pieces++;
            p = next;
        } else if (!pieces) {
            break;
        }
        /* on to the next word start */
        while (p < l->len && l->s[p] != ' ')
            p++;
        while (p < l->len && l->s[p] == ' ')
            p++;
    }
    return pieces >= 2 && covered * 4 >= l->len * 3;
}

void bp_mark_retold(doc *d)
{
    uint64_t *opening = arena_alloc(d->arena, (d->n_lines ? d->n_lines : 1) * sizeof *opening);
    if (!opening)
        return;
    size_t parts = 0;
    if (!may_retell(d, opening, &parts))
        return;
    size_t cap = 16;
    while (cap < 2 * parts)
        cap *= 2;
    uint32_t *slot = arena_alloc(d->arena, cap * sizeof *slot); /* line index + 1; 0 empty */
    if (!slot)
        return;
    memset(slot, 0, cap * sizeof *slot);
    for (size_t i = 0; i < d->n_lines; i++) {
        const line *l = &d->lines[i];
        if (l->kind != LK_BODY || l->words < RETOLD_PART_WORDS || l->len < 8)
            continue;
        size_t h = slot_of(first8(l->s), cap);
        while (slot[h])
            h = (h + 1) & (cap - 1);
        slot[h] = (uint32_t)i + 1;
    }
    for (size_t i = 0; i < d->n_lines; i++) {
        line *l = &d->lines[i];
        if (l->kind != LK_BODY)
            continue;
        if (l->ellipsis && l->len >= TEASER_MIN_BYTES && l->words < RETOLD_MIN_WORDS) {
            if (teaser_of_another(d, l, slot, cap))
                l->kind = LK_REPEAT;
            continue;
        }
        if (l->words >= RETOLD_MIN_WORDS && run_together(d, i, slot, cap))
            l->kind = LK_REPEAT;
    }
}
