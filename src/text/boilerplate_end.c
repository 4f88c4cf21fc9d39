/*
 * boilerplate_end: the lines that close an article's text -- a closing
 * credit ("Reporting by ...; editing by ...", "Avec AFP", "A, B and C
 * contributed.") or a provenance note ("This article originally appeared
 * on ...").  A credit's roles and provenance phrases also occur in
 * sentences of news, so they count only where a credit puts them (the
 * line's start, after a mark) or when they tell of the piece itself.
 * boilerplate.c marks each line with bp_end_marker; what follows a
 * closing credit is boilerplate_tail.c's (bp_mark_end).  Part of the line
 * classifier (boilerplate.c, boilerplate_parts.h).
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "text/boilerplate_parts.h"

/* Lines that close an article: credits and provenance notes; first the
 * word of a credit that names no one ("A, B and C contributed."). */
static const char *const end_words[] = {
    "contributed",
    "with reporting by", "with additional reporting", "additional reporting by",
    "contributed to this report", "contributed reporting", "originally belongs",
    "this story was provided", "this article was provided", "this story has been",
    "for more reporting from",
    "this article was amended", "this article has been amended", "this article was updated",
    "this article has been updated",
    /* German, Spanish, Italian, Portuguese, Dutch */
    "mit material von", "mit material der", "con informaci\xc3\xb3n de", "con informazioni di",
    ("com informa\xc3\xa7\xc3\xb5" "es d"), "met medewerking van",
    /* a credit's roles, which a sentence may also name ("according to
     * reporting by the Times"): a credit only where a credit puts them, at
     * the line's start or after a mark ("(Reporting by ...; editing by
     * ...)"); END_ROLES of them, before the provenance */
    "reporting by", "writing by", "editing by",
    /* provenance that a report's own sentence may say of anything ("the
     * film first appeared in 1954", "the data was provided by the
     * ministry"): a closing note only when it opens the line or tells of
     * the piece itself (provenance_of_piece); last, END_PROVENANCE of them */
    "originally appeared", "originally published", "originally ran", "first appeared on",
    "first appeared in", "first published on", "first published in", "was provided by",
    "is republished from",
};
enum { END_ROLES = 3, END_PROVENANCE = 9 };

/* The end words the line holds, as a mask; x NULL: each searched for in
 * turn. */
static uint64_t end_words_found(const line *l, const boilerplate_cues *x)
{
    if (x)
        return needles_find(&x->end_words, l->lower, l->len);
    uint64_t found = 0;
    for (size_t k = 0; k < COUNT(end_words); k++)
        found |= (uint64_t)line_has(l, end_words[k]) << k;
    return found;
}

/* "Avec AFP", "Con EFE y Europa Press", "Mit dpa", "Avec agences": a
 * line of a few words crediting agencies alone, as French, German,
 * Spanish, Italian, Portuguese and Dutch close an article.  Each word
 * after the opener is an acronym (AFP, EFE, ANSA), an agency's name, a
 * word for "agencies" or a word for "and". */
static int agency_credit(const line *l)
{
    static const char *const openers[] = { "avec ", "mit ", "con ", "com ", "met " };
    static const char *const words[] = {
        "reuters", "bloomberg", "dpa", "europa", "press", "adnkronos", "lusa", "belga", "xinhua",
        "agences", "agencias", "agenzie", ("ag\xc3\xaa" "ncias"), "agenturen", "l'afp", "et", "y", "e",
        "und", "en", "and",
    };
    if (l->words > 6 || l->words < 2 || !l->len || !memchr("amc", l->lower[0], 3))
        return 0;
    size_t from = 0;
    for (size_t k = 0; k < COUNT(openers) && !from; k++)
        if (tu_starts_ci(l->s, l->len, openers[k]))
            from = strlen(openers[k]);
    if (!from)
        return 0;
    for (size_t i = from; i < l->len;) {
        while (i < l->len && strchr(" ,.", l->s[i]))
            i++;
        size_t start = i, upper = 0;
        while (i < l->len && !strchr(" ,.", l->s[i]))
            upper += l->s[i] >= 'A' && l->s[i] <= 'Z', i++;
        if (i > start && !(upper == i - start && upper >= 2) &&
            !matches_word_list(l->s + start, i - start, words, COUNT(words)))
            return 0;
    }
    return 1;
}

/* Words that name the piece a provenance note is about: "This article
 * originally appeared on ...", "A version of this story first appeared in
 * ...", "Content provided by ...". */
static const char *const piece_words[] = {
    "article", "articles", "story", "stories", "piece", "post", "column", "version", "report",
    "essay", "interview", "content", "feature", "op-ed", "item", "blog", "text", "commentary",
};

/* The provenance phrase at `at` in l opens the line (after any marks:
 * "* Originally published ...", "(First published in ...)") or has a word
 * naming the piece among the five words before it. */
static int provenance_of_piece(const line *l, size_t at)
{
    size_t i = at, seen = 0;
    while (i > 0 && seen < 5) {
        while (i > 0 && !tu_is_alpha((unsigned char)l->lower[i - 1]) && l->lower[i - 1] != '-')
            i--;
        size_t end = i;
        while (i > 0 && (tu_is_alpha((unsigned char)l->lower[i - 1]) || l->lower[i - 1] == '-'))
            i--;
        if (end == i)
            break;
        if (matches_word_list(l->lower + i, end - i, piece_words, COUNT(piece_words)))
            return 1;
        seen++;
    }
    for (size_t j = 0; j < at; j++)
        if (tu_is_alpha((unsigned char)l->lower[j]) || (unsigned char)l->lower[j] >= 0x80)
            return 0;
    return 1;
}

/* The credit's role at `at` in l comes where a credit puts it: nothing
 * but marks before it, or a mark (not an ASCII letter, digit or space:
 * "(", ";", a dash's last byte) as the last byte before it and its
 * spaces. */
static int role_of_credit(const line *l, size_t at)
{
    size_t i = at;
    while (i > 0 && l->lower[i - 1] == ' ')
        i--;
    if (i == 0)
        return 1;
    unsigned char c = (unsigned char)l->lower[i - 1];
    return !tu_is_alpha(c) && !(c >= '0' && c <= '9');
}

/* One of the conditional end words of mask (bits of end_words) in l, as a
 * closing line: a role where a credit puts it (role_of_credit), a
 * provenance phrase about the piece (provenance_of_piece), at any of its
 * places. */
static int conditional_end(const line *l, uint64_t mask)
{
    size_t roles = COUNT(end_words) - END_PROVENANCE - END_ROLES;
    for (size_t k = roles; k < COUNT(end_words); k++) {
        if (!(mask >> k & 1))
            continue;
        size_t n = strlen(end_words[k]);
        for (const char *p = l->lower, *end = l->lower + l->len; p < end;) {
            const char *hit = memmem(p, (size_t)(end - p), end_words[k], n);
            if (!hit)
                break;
            size_t at = (size_t)(hit - l->lower);
            if (k < roles + END_ROLES ? role_of_credit(l, at) : provenance_of_piece(l, at))
                return 1;
            p = hit + 1;
        }
    }
    return 0;
}

int bp_end_marker(const line *l, const boilerplate_cues *x)
{
    /* credits and provenance notes are short lines */
    if (l->words > 30)
        return 0;
    if (l->words <= 6 && agency_credit(l))
        return 1;
    uint64_t found = end_words_found(l, x);
    uint64_t conditional = ~0ull << (COUNT(end_words) - END_PROVENANCE - END_ROLES);
    if (found & ~1ull & ~conditional)
        return 1;
    if ((found & conditional) && conditional_end(l, found & conditional))
        return 1;
    /* "A, B and C contributed." */
    if (l->words > 25 || !(found & 1))
        return 0;
    long at = tu_find_word_ci(l->s, l->len, "contributed");
    return at > 0 && (size_t)at + 14 >= l->len;
}

_Static_assert(COUNT(end_words) <= NEEDLES_MAX, "the end words are a needle set");

void bp_end_words_make(needle_set *set)
{
    needles_make(set, end_words, COUNT(end_words));
}

int boilerplate_end_marker(const line *l, int plain)
{
    boilerplate_cues x;
    if (!plain)
        boilerplate_cues_make(&x);
    return bp_end_marker(l, plain ? NULL : &x);
}
