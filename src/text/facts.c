/* facts: the numbers of an analysis with the words they count (facts.h). */
#include "text/facts.h"

#include <string.h>

/* inlined: the facts' hashes, of a few bytes each */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "text/analyse.h"
#include "text/wordlists.h"

enum { NUMBER_MAX = 24 };

/* The number a token writes, as digits ("90,000" -> "90000", "7th" and
 * "seventh" -> "7th"); 0 when it is none.  A digit run with other letters
 * ("AK47", "1990s", "2bn") is a name or a span, not a count. */
static size_t token_number(const token *t, int decimal_comma, char out[NUMBER_MAX])
{
    char low[NUMBER_MAX];
    if (t->len >= NUMBER_MAX || !(t->flags & (TOK_NUMBER | TOK_NUMBER_WORD)))
        return 0;
    size_t n = text_number_digits(t->surface, t->len, decimal_comma, low);
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(low[i] >= 'A' && low[i] <= 'Z' ? low[i] + 32 : low[i]);
    if (t->flags & TOK_NUMBER) {
        size_t d = 0;
        while (d < n && ((low[d] >= '0' && low[d] <= '9') || low[d] == '.'))
            d++;
        if (d == 0 || low[d - 1] == '.')
            return 0;
        if (d < n && !(n - d == 2 && (memcmp(low + d, "st", 2) == 0 || memcmp(low + d, "nd", 2) == 0 ||
                                      memcmp(low + d, "rd", 2) == 0 || memcmp(low + d, "th", 2) == 0)))
            return 0;
        size_t zeros = 0; /* "June 06" is June 6 */
        while (zeros + 1 < d && low[zeros] == '0' && low[zeros + 1] != '.')
            zeros++;
        memmove(low, low + zeros, n - zeros);
        d -= zeros;
        n -= zeros;
        memcpy(out, low, d);
        if (d < n) {
            memcpy(out + d, "th", 2); /* 1st, 2nd and 3rd as "first" etc. are */
            d += 2;
        }
        return d;
    }
    for (size_t k = 0; k < wordlist_n_numbers; k++) {
        if (wordlist_numbers[k].len == n && memcmp(low, wordlist_numbers[k].word, n) == 0) {
            size_t m = strlen(wordlist_numbers[k].digits);
            memcpy(out, wordlist_numbers[k].digits, m);
            return m;
        }
    }
    return 0;
}

/* Are tokens a and a + 1 side by side: one sentence, nothing but spaces or
 * a hyphen between ("23 pirates", "6.1-magnitude")? */
static int adjacent(const analysis *an, size_t a)
{
    if (a + 1 >= an->n_tokens)
        return 0;
    const token *x = &an->tokens[a], *y = &an->tokens[a + 1];
    if (x->sentence != y->sentence)
        return 0;
    const char *from = x->surface + x->len, *to = y->surface;
    if (to < from || to - from > 3)
        return 0;
    for (const char *p = from; p < to; p++)
        if (*p != ' ' && *p != '-')
            return 0;
    return 1;
}

/* A word a number can count: no stopword, no number. */
static int countable(const analysis *an, size_t t)
{
    const token *x = &an->tokens[t];
    return x->stem && !(x->flags & (TOK_NUMBER | TOK_NUMBER_WORD));
}

static fact make_fact(const char *number, size_t n, uint32_t noun, uint32_t first, uint32_t last)
{
    /* NUMBER_MAX + 4 bytes used; the room above is for gcc -O3, whose
     * bounds check follows the inlined hash into its paths for keys of up
     * to 128 bytes, which a key this short never takes */
    char key[128];
    memcpy(key, number, n);
    memcpy(key + n, &noun, 4);
    /* an ordinal ranks ("seventh round"), a cardinal counts ("7 rounds"):
     * two facts about a word, not two numbers for one */
    unsigned char word[5];
    memcpy(word, &noun, 4);
    word[4] = n >= 2 && memcmp(number + n - 2, "th", 2) == 0;
    fact f = { (uint32_t)XXH3_64bits(key, n + 4) | 1u, (uint32_t)XXH3_64bits(word, 5) | 1u,
               (uint32_t)XXH3_64bits(number, n) | 1u, first, last };
    return f;
}

size_t analysis_facts(const analysis *an, fact *out)
{
    size_t n = 0;
    char number[NUMBER_MAX];
    const token *tokens = an->tokens;
    const unsigned numbers = TOK_NUMBER | TOK_NUMBER_WORD;
    for (size_t t = 0; t < an->n_tokens; t++) {
        /* most words: token_number's first test, without the call, four
         * words at once */
        while (t + 4 <= an->n_tokens &&
               !((tokens[t].flags | tokens[t + 1].flags | tokens[t + 2].flags | tokens[t + 3].flags) & numbers))
            t += 4;
        if (t == an->n_tokens)
            break;
        if (!(tokens[t].flags & numbers))
            continue;
        size_t len = token_number(&an->tokens[t], an->decimal_comma, number);
        if (!len)
            continue;
        /* the words it counts: the next one or two, side by side */
        size_t k = 0;
        for (size_t w = t; k < 2 && w + 1 < an->n_tokens && adjacent(an, w) && countable(an, w + 1);
             w++, k++)
            out[n++] = make_fact(number, len, an->tokens[w + 1].stem, (uint32_t)t, (uint32_t)(w + 1));
        if (k || (t + 1 < an->n_tokens && adjacent(an, t)))
            continue;
        /* a number that ends a phrase names the word before it:
         * "magnitude 6.1.", "round 7," */
        if (t > 0 && adjacent(an, t - 1) && countable(an, t - 1))
            out[n++] = make_fact(number, len, an->tokens[t - 1].stem, (uint32_t)(t - 1), (uint32_t)t);
    }
    return n;
}
