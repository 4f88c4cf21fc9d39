/*
 * print_forms: the display form an article writes each stem in, read from
 * its tokens for fingerprint.c's put_terms (the engine then chooses one
 * form a stem over all articles: forms.c).
 *
 * A form is the token's surface without a possessive's ending, a name's
 * as written, a word's in lower case (token_form), ranked by
 * engine_form_rank (token_form_rank reads the rank from the token).  An
 * article's names and words of one stem are counted apart (form_count),
 * and the name written most is shown unless the article writes it more
 * often in lower case, as a word (form_of_article).  `plain` (for tests):
 * each form written out and compared with strcmp, which the token-level
 * ways must agree with.  Static functions, included by fingerprint.c
 * alone: they run for every token of a stem with several words.
 */
#ifndef NP_CLUSTER_PRINT_FORMS_H
#define NP_CLUSTER_PRINT_FORMS_H

#include <stdint.h>
#include <string.h>

#include "cluster/engine.h"
#include "text/textutil.h"

/* The bytes of the token's display form: its surface without a
 * possessive's ending ("NATO's", "NATO\u2019s" and "Jones'" show as "NATO"
 * and "Jones", as the stemmer reads them; a possessive ranked above the
 * plain name, its 's' being a lower-case letter), cut to FORM_MAX bytes at
 * a character's start (a keyword is UTF-8 whole). */
static size_t form_bytes(const token *tok)
{
    const char *s = tok->surface;
    size_t len = tok->len;
    if (len > 2 && s[len - 1] == '\'' && (s[len - 2] == 's' || s[len - 2] == 'S'))
        len -= 1;
    else if (len > 2 && (s[len - 1] == 's' || s[len - 1] == 'S') && s[len - 2] == '\'')
        len -= 2;
    else if (len > 4 && (s[len - 1] == 's' || s[len - 1] == 'S') && memcmp(s + len - 4, "\xe2\x80\x99", 3) == 0)
        len -= 4;
    if (len <= FORM_MAX)
        return len;
    size_t n = FORM_MAX;
    while (n && ((unsigned char)tok->surface[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* The n bytes at p (n < 8) as the low bytes of a word, zeros above,
 * read from within them: two four-byte reads that overlap, or the first,
 * middle and last bytes (as XXH3 reads short inputs). */
static inline uint64_t load_short(const char *p, size_t n)
{
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + n - 4, 4);
        return lo | (uint64_t)hi << 8 * (n - 4);
    }
    if (!n)
        return 0;
    const unsigned char *u = (const unsigned char *)p;
    return u[0] | (uint64_t)u[n / 2] << 8 * (n / 2) | (uint64_t)u[n - 1] << 8 * (n - 1);
}

/* x with its capitals lowered where lower is all ones (bytes of 0x80 and
 * over are no capital: & ~x) */
static inline uint64_t lower8(uint64_t x, uint64_t lower)
{
    const uint64_t ones = 0x0101010101010101ULL;
    return x | ((tu_bytes_within(x & 0x7f * ones, 'A', 'Z') & ~x & lower) >> 2);
}

/* A stem's display form as this token writes it: names and words with a
 * digit as written ("3G", "G8", "200LR": a sentence's start capitalises
 * no such word), other words in lower case, at most FORM_MAX bytes.
 * Eight bytes at a time, the last eight overlapping those before (a form
 * shorter than eight is read with load_short), so form has room for eight
 * bytes; no byte past the surface is read.  `plain` (for tests): a byte at a time, which the
 * eight-byte way must agree with. */
static size_t token_form(const token *tok, char form[FORM_MAX + 1], int plain)
{
    size_t n = form_bytes(tok);
    if (!plain) {
        uint64_t lower = (tok->flags & (TOK_NAME | TOK_NUMBER)) ? 0 : ~0ULL, x;
        if (n < 8) {
            x = lower8(load_short(tok->surface, n), lower);
            memcpy(form, &x, 8);
        } else {
            for (size_t i = 0; i + 8 < n; i += 8) {
                memcpy(&x, tok->surface + i, 8);
                x = lower8(x, lower);
                memcpy(form + i, &x, 8);
            }
            memcpy(&x, tok->surface + n - 8, 8);
            x = lower8(x, lower);
            memcpy(form + n - 8, &x, 8);
        }
        form[n] = '\0';
        return n;
    }
    char capital = (tok->flags & (TOK_NAME | TOK_NUMBER)) ? 'Z' + 1 : 'A'; /* none lowered */
    for (size_t i = 0; i < n; i++) {
        char c = tok->surface[i];
        form[i] = (char)((c >= capital && c <= 'Z') ? c + 32 : c);
    }
    form[n] = '\0';
    return n;
}

/* Does the token's surface start with a capital (a word's, lowered in its
 * form)? */
static int token_capital(const token *tok)
{
    return tu_starts_upper(tok->surface, tok->len);
}

/* engine_form_rank of the token's form (token_form), read from the token:
 * a name's form is its surface; a word ranks 2 when a Korean word without
 * a particle, else 1 when written in lower case, 0 when capitalised. */
static int token_form_rank(const token *tok)
{
    size_t n = form_bytes(tok);
    if (!(tok->flags & TOK_NAME)) {
        unsigned char c = (unsigned char)tok->surface[0];
        if (c < 0x80) /* most: no Korean word, no capital to decode */
            return !(c >= 'A' && c <= 'Z');
        if (text_korean_bare(tok->surface, n))
            return 2;
        return !token_capital(tok);
    }
    for (size_t i = 1; i < n; i++)
        if (tok->surface[i] >= 'a' && tok->surface[i] <= 'z')
            return 3;
    return 2;
}

/* strcmp of the forms of two tokens of one rank (so both names or both
 * not), read from the tokens: no surface holds a NUL, so the shorter of
 * two forms that agree as far as it goes is the smaller. */
static int token_form_cmp(const token *a, const token *b)
{
    size_t na = form_bytes(a), nb = form_bytes(b);
    size_t n = na < nb ? na : nb;
    unsigned char capital = (a->flags & (TOK_NAME | TOK_NUMBER)) ? 'Z' + 1 : 'A'; /* as token_form lowers */
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a->surface[i], y = (unsigned char)b->surface[i];
        x = (unsigned char)((x >= capital && x <= 'Z') ? x + 32 : x);
        y = (unsigned char)((y >= capital && y <= 'Z') ? y + 32 : y);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return (na > nb) - (na < nb);
}

/* engine_form_rank of the token's form.  `plain` (for tests): the form
 * written out and ranked, as engine_form_rank does. */
static inline int form_rank_of(const token *tok, int plain)
{
    if (!plain)
        return token_form_rank(tok);
    char form[FORM_MAX + 1];
    token_form(tok, form, 1);
    return engine_form_rank(form, (tok->flags & TOK_NAME) != 0, token_capital(tok));
}

/* Do two tokens of one rank write one form?  `plain`: both written out
 * and compared with strcmp. */
static inline int same_form(const token *a, const token *b, int plain)
{
    if (!plain)
        return token_form_cmp(a, b) == 0;
    char x[FORM_MAX + 1], y[FORM_MAX + 1];
    token_form(a, x, 1);
    token_form(b, y, 1);
    return strcmp(x, y) == 0;
}

/* The forms of the best rank one stem's words are written in, counted in
 * the article's order: the first FORMS_COUNTED forms (more are seldom
 * met, and not counted), each with its first word. */
enum { FORMS_COUNTED = 4 };
typedef struct form_count {
    const token *first[FORMS_COUNTED];
    uint32_t n[FORMS_COUNTED];
    size_t n_forms;
    size_t last;      /* the form the last word counted was in */
    uint32_t last_counted; /* 1 when the last word was counted, else 0 */
    int rank;         /* the best met, -1 before any */
} form_count;

static void form_count_start(form_count *c)
{
    c->n_forms = 0;
    c->last = 0;
    c->n[0] = 0;
    c->last_counted = 0;
    c->rank = -1;
}

/* One more word, tok: counted in its form when of the best rank so far
 * (a better rank starts the count again); the form of the word before
 * is tried first. */
static inline void form_count_add(form_count *c, const token *tok, int plain)
{
    int rank = form_rank_of(tok, plain);
    c->last_counted = 0;
    if (rank < c->rank)
        return;
    if (rank > c->rank) {
        c->rank = rank;
        c->n_forms = 0;
    } else if (same_form(tok, c->first[c->last], plain)) {
        c->n[c->last]++;
        c->last_counted = 1;
        return;
    } else {
        for (size_t k = 0; k < c->n_forms; k++)
            if (k != c->last && same_form(tok, c->first[k], plain)) {
                c->n[k]++;
                c->last = k;
                c->last_counted = 1;
                return;
            }
    }
    if (c->n_forms == FORMS_COUNTED)
        return;
    c->first[c->n_forms] = tok;
    c->n[c->n_forms] = 1;
    c->last = c->n_forms++;
    c->last_counted = 1;
}

/* The form counted most, the first met on a tie: its place. */
static size_t form_count_best(const form_count *c)
{
    size_t best = 0;
    for (size_t k = 1; k < c->n_forms; k++)
        if (c->n[k] > c->n[best])
            best = k;
    return best;
}

/* Is word's form (a word's, in lower case) the name's form lowered: the
 * same bytes but for ASCII capitals?  `plain`: both written out. */
static int lowered_as_word(const token *name, const token *word, int plain)
{
    size_t n = form_bytes(name);
    if (plain) {
        char x[FORM_MAX + 1], y[FORM_MAX + 1];
        size_t nx = token_form(name, x, 1), ny = token_form(word, y, 1);
        return nx == ny && tu_starts_ci(x, nx, y);
    }
    if (form_bytes(word) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (tu_lower((unsigned char)name->surface[i]) != tu_lower((unsigned char)word->surface[i]))
            return 0;
    return 1;
}

/* The form an article shows a stem in, from its names' and its words'
 * counts: the name of the best rank written most, unless the article
 * writes that name more often in lower case, as a word ("the bridge" six
 * times, "Tolland Street Bridge" once); else the word of the best rank
 * written most. */
static const token *form_of_article(const form_count *names, const form_count *words, int *rank, int plain)
{
    if (names->rank < 0) {
        *rank = words->rank;
        return words->first[form_count_best(words)];
    }
    size_t best = form_count_best(names);
    const token *name = names->first[best];
    for (size_t k = 0; words->rank == 1 && k < words->n_forms; k++)
        if (words->n[k] > names->n[best] && lowered_as_word(name, words->first[k], plain)) {
            *rank = 1;
            return words->first[k];
        }
    *rank = names->rank;
    return name;
}

#endif
