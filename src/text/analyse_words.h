/*
 * analyse_words: reading a text's words and its sentences' ends, for
 * analyse.c's loop (analyse_text_as_asked, block_run_words) and the words
 * it folds again (fold_again).  A word is read from the masks of the
 * 64-byte block around it (read_block_word, tu_classify64_wide) when it
 * is ASCII letters and digits ended plainly, else byte by byte (read_word,
 * ASCII eight bytes at a time: read_ascii8).  A stop ends a sentence when
 * a capital, digit or opening quote follows it (ends_sentence), a full
 * stop not after an abbreviation (is_abbreviation).
 *
 * Static functions, many always_inline, for the one file that includes
 * this header, analyse.c: kept out of it for its length, not shared (a
 * second includer would warn of the functions it does not call).  The
 * analyser's state is analyse_internal.h's; the builder of tokens and
 * the runs of plain words (block_run_words) are analyse.c's.
 */
#ifndef NP_ANALYSE_WORDS_H
#define NP_ANALYSE_WORDS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "common/utf8.h"
#include "text/analyse_internal.h"
#include "text/segment.h"
#include "text/textutil.h"
#include "text/wordlists.h"

/* Whether the word before a full stop is an abbreviation: " word " in
 * abbreviations, looked up in the analyser's table; searched for in the
 * string (the plain way) by a decode_all analyser, and for a word of a
 * space or NUL, whose key could span entries or end early. */
static int is_abbreviation(const analyser *an, const char *folded, size_t n)
{
    if (n == 1)
        return 1; /* an initial: "J. Smith" */
    if (n > 5)
        return 0;
    int plain = an->decode_all || n == 0;
    for (size_t i = 0; i < n; i++)
        plain |= folded[i] == ' ' || folded[i] == '\0';
    if (!plain) {
        uint64_t want = abbrev_key(folded, n);
        for (size_t at = abbrev_home(want); an->abbrevs[at]; at = (at + 1) & (ABBREV_SLOTS - 1))
            if (an->abbrevs[at] == want)
                return 1;
        return 0;
    }
    char key[8];
    key[0] = ' ';
    memcpy(key + 1, folded, n);
    key[n + 1] = ' ';
    key[n + 2] = '\0';
    return strstr(wordlist_abbreviations, key) != NULL;
}

static int is_opening(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x2018 || cp == '(' || cp == 0xAB ||
           cp == '`';
}

static int is_closing(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 || cp == ')' || cp == 0xBB;
}

static uint32_t decode_at(const char *s, size_t len, size_t i, size_t *n)
{
    uint32_t cp = (unsigned char)s[i];
    *n = 1;
    if (cp >= 0x80 && !(*n = utf8_decode_any((const unsigned char *)s + i, len - i, &cp))) {
        *n = 1;
        cp = 0xFFFD;
    }
    return cp;
}

/* Does the stop at s[i] end a sentence?  Looks past closing quotes and
 * spaces for a capital, digit or opening quote. */
static int ends_sentence(const char *s, size_t len, size_t i)
{
    size_t n;
    size_t j = i + 1;
    while (j < len && (s[j] == '.' || s[j] == '!' || s[j] == '?'))
        j++;
    int spaces = 0;
    while (j < len) {
        uint32_t cp = decode_at(s, len, j, &n);
        if (cp == ' ') {
            spaces = 1;
        } else if (!is_closing(cp) || spaces) {
            break;
        }
        j += n;
    }
    if (j >= len)
        return 1;
    if (!spaces)
        return 0;
    uint32_t cp = decode_at(s, len, j, &n);
    return tu_is_upper(cp) || tu_is_digit((int)cp) || is_opening(cp) || tu_is_cjk(cp) || segment_is_unspaced(cp);
}

enum { MAX_WORD = 64 }; /* bytes of a folded word kept; a longer one is cut */

/* What read_word learns of a word besides its folded form. */
typedef struct word_shape {
    unsigned letters; /* read_block_word counts them to two only */
    uint64_t lowers, digits; /* nonzero if it has a letter not upper case, a digit */
    int first_upper; /* -1 before the first letter */
} word_shape;

/* One character of a word: in *shape, appended to folded. */
static void take_char(uint32_t cp, char *folded, size_t *fn, word_shape *shape)
{
    if (tu_is_digit((int)cp)) {
        shape->digits = 1;
    } else {
        shape->letters++;
        int up = tu_is_upper(cp);
        shape->lowers |= (uint64_t)!up;
        if (shape->first_upper < 0)
            shape->first_upper = up;
    }
    uint32_t lower = cp < 0x80 ? (uint32_t)tu_lower((int)cp)
                               : (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
    char enc[4];
    size_t m = utf8_encode(lower, enc);
    if (*fn + m <= MAX_WORD) {
        memcpy(folded + *fn, enc, m);
        *fn += m;
    }
}

/* What the byte loop of read_word does with the ASCII letters and digits
 * at s[*j], eight bytes at a time while eight are left and folded has room
 * for eight more (MAX_WORD): lowered into folded[*k..] (the bytes past
 * the word too, which nothing reads), the letters counted in shape[0],
 * the lower-case ones and the digits marked in shape[1] and shape[2] (top
 * bits of their bytes), *first_upper set at the first letter.  Stops at
 * the first byte that is neither.  returns: 1 if it found that byte (s[*j]
 * is it), 0 if it stopped for want of eight bytes or of room. */
static int read_ascii8(const char *s, size_t len, size_t *j, char *folded, size_t *k, uint64_t shape[3],
                       int *first_upper)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x80 * ones;
    while (*j + 8 <= len && *k + 8 <= MAX_WORD) {
        uint64_t x;
        memcpy(&x, s + *j, 8);
        uint64_t low = x & 0x7f * ones; /* bytes of 0x80 and over are neither: & ~x */
        uint64_t alpha = tu_bytes_within(low | 0x20 * ones, 'a', 'z') & ~x;
        uint64_t digit = tu_bytes_within(low, '0', '9') & ~x;
        uint64_t stop = ~(alpha | digit) & highs;
        size_t take = stop ? (size_t)__builtin_ctzll(stop) / 8 : 8;
        uint64_t in = take == 8 ? ~0ULL : (1ULL << (8 * take)) - 1;
        alpha &= in;
        digit &= in;
        uint64_t upper = alpha & ~(x << 2); /* a letter's case bit (0x20) clear */
        if (*first_upper < 0 && alpha)
            *first_upper = (int)(upper >> __builtin_ctzll(alpha) & 1);
        shape[0] += tu_count_tops(alpha);
        shape[1] |= alpha & (x << 2); /* the case bit set */
        shape[2] |= digit;
        x |= alpha >> 2; /* lowercase */
        memcpy(folded + *k, &x, 8);
        *k += take;
        *j += take;
        if (take < 8)
            return 1;
    }
    return 0;
}

/* Reads the word at s[i]; returns its end.  folded gets the casefolded
 * form.  ASCII letters and digits, most of any text, take a path of their
 * own that gives what take_char would; the rest is decoded (an analyser
 * made with `decode_all` decodes everything, to test the two agree). */
static inline __attribute__((always_inline)) size_t read_word(const char *s, size_t len, size_t i, char *folded, size_t *fn,
                        word_shape *shape, int decode_all)
{
    size_t n, j = i, k = 0;
    unsigned letters = 0;
    uint64_t lowers = 0, digits = 0;
    int first_upper = -1;
    for (;;) {
        int stopped = 0; /* at a byte no ASCII letter or digit: the byte loop would only look at it */
        if (!decode_all) {
            uint64_t eight[3] = { 0, 0, 0 };
            stopped = read_ascii8(s, len, &j, folded, &k, eight, &first_upper);
            letters += (unsigned)eight[0];
            lowers |= eight[1];
            digits |= eight[2];
        }
        /* locals, not *shape: folded is a char array that may alias it */
        while (!decode_all && !stopped && j < len) {
            unsigned char c = (unsigned char)s[j], lower = c | 0x20;
            if ((unsigned)(lower - 'a') < 26) { /* an ASCII letter; no other byte passes */
                unsigned up = !(c & 0x20);
                letters++;
                lowers |= !up;
                if (first_upper < 0)
                    first_upper = (int)up;
                c = lower;
            } else if (tu_is_digit(c)) {
                digits = 1;
            } else {
                break;
            }
            if (k < MAX_WORD)
                folded[k++] = (char)c;
            j++;
        }
        if (j >= len || (!decode_all && s[j] == ' '))
            break; /* a space, where most words end: no wordchar, no connector */
        uint32_t cp = decode_at(s, len, j, &n);
        if (!tu_is_wordchar(cp)) {
            /* inner connectors: don't, 90,000, 3.5 (most words end at
             * none: a space) */
            int connector = cp == '\'' || cp == 0x2019 || cp == ',' || cp == '.';
            if (connector && j + n < len && k) {
                size_t m;
                uint32_t next = decode_at(s, len, j + n, &m);
                int prev_digit = tu_is_digit((unsigned char)folded[k - 1]);
                if (((cp == '\'' || cp == 0x2019) && tu_is_wordchar(next) && !tu_is_digit((int)next)) ||
                    ((cp == ',' || cp == '.') && prev_digit && tu_is_digit((int)next))) {
                    if (k < MAX_WORD)
                        folded[k++] = cp == ',' ? ',' : cp == '.' ? '.' : '\'';
                    j += n;
                    continue;
                }
            }
            break;
        }
        word_shape one = { letters, lowers, digits, first_upper };
        take_char(cp, folded, &k, &one);
        letters = one.letters;
        lowers = one.lowers;
        digits = one.digits;
        first_upper = one.first_upper;
        j += n;
    }
    *fn = k;
    *shape = (word_shape){ letters, lowers, digits, first_upper };
    return j;
}

/* The text's bytes from *base as masks (tu_classify64), 64 at a time,
 * kept by analyse_text while its words fall within them. */
typedef struct word_block {
    size_t base; /* the offset in the text of the block's first byte */
    tu_block bits;
} word_block;

/* Classifies the 64 bytes at s[i] (the text's end and past it as zero
 * bytes, between words) into blk; the text's end, when within them, kept
 * (so that a word's *next in read_block_word is never past it). */
static void classify_at(const char *s, size_t len, size_t i, word_block *blk)
{
    blk->base = i;
    if (len - i >= 64) {
        tu_classify64_wide(s + i, &blk->bits);
        return;
    }
    char tail[64] = { 0 };
    memcpy(tail, s + i, len - i);
    tu_classify64_wide(tail, &blk->bits);
    blk->bits.kept |= 1ULL << (len - i);
}

/* read_word for the most common word, by the masks of the text's block
 * around it (word_block): ASCII letters and digits ended by a byte that
 * ends a word whatever comes next, a space, ASCII punctuation but an
 * apostrophe, a comma or full stop only after a letter (after a digit
 * they may join a number: "90,000", "3.5"), or the text's end.  Its end is
 * the first clear bit of the block's word mask; the block is classified
 * again from s[i] when the word runs past it.  s[i] is an ASCII letter or
 * digit.  returns: the word's end, as read_word's; 0 for any other word
 * (non-ASCII, an apostrophe, 64 bytes or more), which read_word then
 * reads from its start.  *folded: its folded form, borrowed from the
 * block (valid until it is classified again).  *next: past the bytes
 * between words after it
 * within the block (analyse_text's loop would pass over each);
 * *word_next: 1 if s[*next] is known to be an ASCII letter or digit, so
 * that analyse_text reads the next word at once. */
static inline __attribute__((always_inline)) size_t read_block_word(const char *s, size_t len, size_t i,
                                                                    word_block *blk, const char **folded, size_t *fn,
                                                                    word_shape *shape, size_t *next,
                                                                    int *word_next)
{
    size_t off = i - blk->base;
    *word_next = 0;
    if (off >= 64 || !(~blk->bits.word >> off)) {
        classify_at(s, len, i, blk);
        off = 0;
        if (!~blk->bits.word)
            return 0; /* 64 bytes or more: past MAX_WORD */
    }
    const tu_block *b = &blk->bits;
    size_t n = (size_t)__builtin_ctzll(~b->word >> off), j = i + n;
    if (b->joins >> (off + n) & 1) /* the byte after it: off + n < 64, and the word's last byte is in the block */
        return 0;
    uint64_t in = ((1ULL << n) - 1) << off;
    uint64_t alpha = b->alpha & in;
    unsigned char first = (unsigned char)s[i];
    int first_upper = first >= 'A' ? !(first & 0x20) /* a letter is past the digits */
                      : alpha ? !(b->lower >> __builtin_ctzll(alpha) & 1) : -1;
    *folded = b->folded + off;
    *fn = n;
    /* the letters counted to two, all that analyse_text asks (no call to
     * a popcount without -mpopcnt) */
    *shape = (word_shape){ (unsigned)(alpha != 0) + ((alpha & (alpha - 1)) != 0), alpha & b->lower,
                           b->word & ~b->alpha & in, first_upper };
    uint64_t kept = b->kept >> (off + n);
    *word_next = (kept & -kept & b->word >> (off + n)) != 0;
    size_t to = kept ? j + (size_t)__builtin_ctzll(kept) : blk->base + 64;
    *next = to;
    return j;
}

/* block_run_words' word whose byte at `end` (< 64) of the block at s may
 * join it to what follows: an ASCII apostrophe before an ASCII letter
 * ("it's") and a number's comma or full stop between ASCII digits
 * ("90,000", "3.5") join it as read_word joins them, and the word goes
 * on.  returns: the end of the word so joined, within the block; 0 when a
 * byte joins it otherwise (0x80 or over, the block's last) or it runs to
 * the block's end, for read_word.  Out of the run's loop, which keeps its
 * registers for the plain words. */
static __attribute__((noinline)) size_t joined_end(const char *s, const tu_block *b, size_t end)
{
    const uint64_t word = b->word, alpha = b->alpha, digits = word & ~alpha;
    while (b->joins >> end & 1) {
        unsigned char c = (unsigned char)s[end];
        int joined = end < 63 && ((c == '\'' && (alpha >> (end + 1) & 1)) ||
                                  ((c == ',' || c == '.') && (digits >> (end - 1) & 1) && (digits >> (end + 1) & 1)));
        if (!joined)
            return 0;
        uint64_t rest = ~word >> (end + 1); /* end + 1 < 64 */
        if (!rest)
            return 0;
        end += 1 + (size_t)__builtin_ctzll(rest);
    }
    return end;
}

#endif
