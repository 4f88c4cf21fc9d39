/*
 * analyse: tokens, stems, names and sentences of a cleaned article.  Its
 * texts' words are read (analyse_words.h, the readers inlined here) into
 * a builder of tokens and sentences; a word's stem and kind are looked up
 * a batch of words at a time in the analyser's stem cache, else from the
 * word lists and the stemmer (resolve_tokens); names are decided once the
 * article is read (analyse_as_asked).
 */
#include "text/analyse.h"

#include <string.h>

#include <libstemmer.h>

#include "common/alloc.h"
#include "common/idset.h"
#include "text/analyse_internal.h"
#include "text/analyse_words.h"
#include "text/particles.h"
#include "text/segment.h"
#include "text/textutil.h"
#include "text/wordhash.h"

/* Words' stems and kinds are looked up once UNRESOLVED_MOST words wait
 * (all but the last PENDING of them) and at the article's end, not as
 * each is read: the loads of their cache entries, asked for then, have
 * arrived, and no queue is kept word by word.  A power of two. */
enum { PENDING = 8, UNRESOLVED_MOST = 64, ANALYSE_MOST_WORDS = 1 << 20 }; /* more words than that grow the arrays */

typedef struct builder {
    analyser *an;
    struct sb_stemmer *stemmer;
    uint64_t stemmer_mix; /* the stemmer's part of a stem cache key: odd, a factor */
    uint64_t stop_mix;    /* the language's part of a stopword's key (analyser_stop_mix) */
    int kana_stops;       /* Japanese: a word of hiragana alone is a stopword */
    stem_entry *stems;    /* an->stems, and */
    uint64_t stem_mask;   /* an->stem_sets - 1, for add_token's prefetch without a load of an */
    size_t resolved; /* the tokens before it have their stems and kinds */
    int number_words;  /* English: mark number words TOK_NUMBER_WORD */
    int decimal_comma; /* the language writes 3,5 for 3.5 and 2.400 for 2,400 */
    arena *arena;
    token *tokens;
    uint64_t *words; /* the tokens' words side by side, as cap_tokens */
    uint8_t *kept_lens; /* words_only: the words' lengths (MAX_WORD at most); one of up to 8 bytes is
                         * kept in words, not yet hashed (text_word_hash_kept) */
    size_t n_tokens, cap_tokens;
    sentence_span *sentences;
    size_t n_sentences, cap_sentences;
    size_t sentence_first;
    idset *mid_names; /* words seen capitalised inside a sentence */
} builder;

static np_status grow(builder *b, void **array, size_t *cap, size_t elem)
{
    size_t ncap = *cap ? *cap * 2 : 256;
    void *p = arena_alloc(b->arena, ncap * elem);
    if (!p)
        return NP_ENOMEM;
    if (*array)
        memcpy(p, *array, *cap * elem);
    *array = p;
    *cap = ncap;
    return NP_OK;
}

/* Room for twice the tokens, and their words (the words and their kept
 * lengths alone when there are no tokens: analyse_article_words). */
static np_status grow_tokens(builder *b)
{
    size_t cap = b->cap_tokens;
    if (grow(b, (void **)&b->words, &cap, sizeof *b->words) != NP_OK)
        return NP_ENOMEM;
    if (!b->tokens) {
        cap = b->cap_tokens;
        if (grow(b, (void **)&b->kept_lens, &cap, sizeof *b->kept_lens) != NP_OK)
            return NP_ENOMEM;
        b->cap_tokens = cap;
        return NP_OK;
    }
    return grow(b, (void **)&b->tokens, &b->cap_tokens, sizeof *b->tokens);
}

static np_status close_sentence(builder *b)
{
    if (b->n_tokens == b->sentence_first)
        return NP_OK;
    if (b->n_sentences == b->cap_sentences &&
        grow(b, (void **)&b->sentences, &b->cap_sentences, sizeof *b->sentences) != NP_OK)
        return NP_ENOMEM;
    b->sentences[b->n_sentences++] = (sentence_span){
        (uint32_t)b->sentence_first, (uint32_t)(b->n_tokens - b->sentence_first) };
    b->sentence_first = b->n_tokens;
    return NP_OK;
}


/* analyse_text_words' run of plain words within one block: from s[*i], an
 * ASCII letter or digit of blk (read_block_word's *word_next), each word
 * that read_block_word would take (ASCII letters and digits ended within
 * the block by a byte that joins nothing) kept as add_token keeps it
 * (words_only), while the bytes after it up to the next word are all
 * between words (no stop, no byte of 0x80 or over).  The masks are read
 * into locals, and the words' arrays too, so that the stores of the kept
 * lengths (bytes, which may alias anything) make nothing be loaded again.
 * Stops at the first word that is not plain (*word_next stays 1, s[*i] is
 * it, for read_block_word), at a byte between words that matters
 * (*word_next 0, *i at it) or at the block's end (*i past it, all between
 * words), or when the arrays are full.  A word run past the block is
 * read from a block classified again from its start (classify_at, as
 * read_block_word does).  returns: how many words it took; *last,
 * *last_n: the last one's folded form (in the block) and length, read
 * for a full stop after it; when the run stops at a word (*word_next 1)
 * that word replaces them before any stop is read, so a block classified
 * again under them does no harm. */
static inline __attribute__((always_inline)) size_t block_run_words(builder *b, const char *s, size_t len,
                                                                    word_block *blk, size_t *i, int *word_next,
                                                                    const char **last, size_t *last_n,
                                                                    int *sentence_start)
{
    uint64_t word = blk->bits.word, joins = blk->bits.joins, kept = blk->bits.kept;
    const char *folded = blk->bits.folded;
    size_t base = blk->base;
    uint64_t *words = b->words;
    uint8_t *lens = b->kept_lens;
    const size_t from = b->n_tokens, cap = b->cap_tokens;
    size_t at = from, off = *i - base, last_off = 0, n = 0;
    /* a block holds 32 words at most (each ended by a byte of no word):
     * room for them asked as a block is begun, not at each word */
    enum { BLOCK_WORDS = 32 };
    int more = 1, opens = 0; /* opens: a stop in the run closed the sentence */
    size_t opened_at = 0;    /* how many words the run had taken when it did */
    if (cap - at < BLOCK_WORDS)
        return 0;
    for (;;) {
        uint64_t rest = ~word >> off;
        if (!rest) { /* the word runs past the block: the next from its start, as read_block_word */
            if (cap - at < BLOCK_WORDS)
                break;
            classify_at(s, len, base + off, blk);
            word = blk->bits.word, joins = blk->bits.joins, kept = blk->bits.kept;
            base += off;
            off = 0;
            if (!~word)
                break; /* 64 bytes or more */
            rest = ~word;
        }
        size_t end = off + (size_t)__builtin_ctzll(rest); /* < 64 */
        /* a byte that may join the word to what follows: an ASCII
         * apostrophe before an ASCII letter ("it's") and a number's comma
         * or full stop between ASCII digits ("90,000", "3.5") join it as
         * read_word joins them, and the word goes on; any other (a byte of
         * 0x80 or over, one at the block's end) is read_word's */
        if (joins >> end & 1) {
            end = joined_end(s + base, &blk->bits, end);
            if (!end)
                break;
        }
        size_t wn = end - off;
        uint64_t k8;
        memcpy(&k8, folded + off, 8);
        words[at] = wn <= 8 ? k8 : text_word_hash(folded + off, wn);
        lens[at] = (uint8_t)wn;
        at++;
        last_off = off;
        n = wn;
        uint64_t after = kept >> end;
        if (!after) { /* nothing but bytes between words to the block's end */
            off = 64;
            more = 0;
            break;
        }
        off = end + (size_t)__builtin_ctzll(after);
        if (word >> off & 1)
            continue;
        /* a stop right after the word (the bytes between them pass over
         * nothing the loop reads): read as analyse_text_as_asked reads one
         * after a word, and the run goes on when a word is the next byte
         * it reads; a byte of 0x80 or over, or no room for a sentence, is
         * the loop's */
        unsigned char c = (unsigned char)s[base + off];
        if (c >= 0x80 || b->n_sentences == b->cap_sentences) {
            more = 0;
            break;
        }
        b->n_tokens = at;
        if (!(c == '.' && is_abbreviation(b->an, folded + last_off, n)) && ends_sentence(s, len, base + off)) {
            (void)close_sentence(b); /* it has room: it cannot fail */
            opens = 1;
            opened_at = at;
        }
        after = off < 63 ? kept >> (off + 1) : 0;
        if (!after) {
            off = 64;
            more = 0;
            break;
        }
        off += 1 + (size_t)__builtin_ctzll(after);
        if (!(word >> off & 1)) {
            more = 0;
            break;
        }
    }
    if (at != from) {
        *last = folded + last_off;
        *last_n = n;
        *sentence_start = opens && opened_at == at; /* no word after the stop */
    }
    b->n_tokens = at;
    *i = base + off;
    *word_next = more;
    return at - from;
}

/* A number's digits as English writes them, into out (room for n): the
 * thousands' separators dropped, the decimal mark a point.  In a language
 * that writes 3,5 and 2.400 (decimal_comma) the two marks swap, so that
 * "2.400 Hafenarbeiter" and "2,400 dockworkers" give one number, and
 * "3,5 Prozent" is 3.5, not 35. */
static size_t number_digits(const char *s, size_t n, int decimal_comma, char *out)
{
    size_t dn = 0;
    if (!decimal_comma) {
        for (size_t k = 0; k < n; k++)
            if (s[k] != ',')
                out[dn++] = s[k];
        return dn;
    }
    for (size_t k = 0; k < n; k++)
        if (s[k] != '.')
            out[dn++] = s[k] == ',' ? '.' : s[k];
    return dn;
}

/* analyse.h */
size_t text_number_digits(const char *s, size_t n, int decimal_comma, char *out)
{
    return number_digits(s, n, decimal_comma, out);
}

/* A number's stem: its digits ("90,000" and "90000" are the same number). */
static uint32_t number_stem(const char *folded, size_t fn, int decimal_comma)
{
    char digits[MAX_WORD];
    size_t dn = number_digits(folded, fn, decimal_comma, digits);
    return (uint32_t)text_word_hash(digits, dn) | 1u;
}

/* resolve_tokens for a word in neither way of its cache set (set: NULL
 * for none, decode_all): its kind from the word lists and its stem from
 * the stemmer, then cached first in its set, the least recently used put
 * out. */
static void resolve_uncached(builder *b, token *t, const char *folded, size_t fn, unsigned shown,
                             stem_entry *set, uint64_t key)
{
    unsigned kind = WORD_KNOWN;
    if (idset_has(&b->an->stopwords, t->word ^ b->stop_mix) || (b->kana_stops && text_is_kana_word(folded, fn)))
        kind |= TOK_STOP;
    if (idset_has(&b->an->number_words, t->word))
        kind |= TOK_NUMBER_WORD;
    t->flags |= (uint8_t)(kind & shown);
    if (!(kind & TOK_STOP)) {
        const sb_symbol *stem = NULL;
        int stem_len = 0;
        if (b->stemmer) {
            stem = sb_stemmer_stem(b->stemmer, (const sb_symbol *)folded, (int)fn);
            stem_len = stem ? sb_stemmer_length(b->stemmer) : 0;
        }
        /* a word of Hangul is stemmed as Korean whatever the article's
         * language (no Snowball stemmer reads Korean) */
        size_t kn = text_korean_stem_len(folded, fn);
        if (!stem || kn != fn) {
            stem = (const sb_symbol *)folded;
            stem_len = (int)kn;
        }
        t->stem = (uint32_t)text_word_hash((const char *)stem, (size_t)stem_len) | 1u;
    }
    if (set) {
        set[1] = set[0];
        set[0] = (stem_entry){ key, t->stem, (uint8_t)kind, { 0, 0, 0 } };
    }
}

/* A token's folded form, read again from its surface as read_word reads
 * it (which gives what read_block_word gave: text_analyse_block_edges_agree)
 * or, decode_all, decoding every byte; a word ends at no byte that joins
 * it to the next, so the surface alone tells it.  returns: its length. */
static __attribute__((noinline)) size_t fold_again(const token *t, char folded[MAX_WORD], int decode_all)
{
    size_t fn = 0;
    word_shape shape;
    read_word(t->surface, t->len, 0, folded, &fn, &shape, decode_all);
    return fn;
}

/* resolve_tokens' loop over the words in the cache, in a function of its
 * own so that its values stay in registers (a miss's call needs others).
 * returns: the first word of [t, end) not in the cache, or end. */
static inline token *resolve_cached(token *t, token *end, const stem_entry *stems, uint64_t mix, uint64_t sets,
                                    unsigned shown)
{
    for (; t < end; t++) {
        if (t->flags & TOK_NUMBER)
            continue;
        uint64_t key = t->word * mix;
        const stem_entry *set = &stems[(key & sets) * STEM_WAYS];
        if (set[0].key != key)
            return t;
        t->stem = set[0].stem;
        t->flags |= (uint8_t)(set[0].kind & shown);
    }
    return end;
}

/* Gives the words of tokens [b->resolved, upto) their stems and tells
 * whether each is a stopword or a number word: from the cache, else from
 * the word lists and the stemmer (then cached) with the word folded again
 * (fold_again: most words are in the cache, so analyse_text keeps no
 * folded form).  Numbers have theirs (add_token). */
static void resolve_tokens(builder *b, size_t upto)
{
    char folded[MAX_WORD];
    unsigned shown = TOK_STOP | (b->number_words ? TOK_NUMBER_WORD : 0);
    int decode_all = b->an->decode_all;
    /* read once: the flags' byte stores may alias anything */
    const uint64_t mix = b->stemmer_mix, sets = b->an->stem_sets - 1;
    stem_entry *stems = b->an->stems;
    token *t = b->tokens + b->resolved, *end = b->tokens + upto;
    if (decode_all) { /* no cache: every word from the lists and the stemmer */
        for (; t < end; t++) {
            if (!(t->flags & TOK_NUMBER)) {
                size_t fn = fold_again(t, folded, 1);
                resolve_uncached(b, t, folded, fn, shown, NULL, t->word * mix);
            }
        }
    }
    while ((t = resolve_cached(t, end, stems, mix, sets, shown)) < end) {
        uint64_t key = t->word * mix;
        stem_entry *set = &stems[(key & sets) * STEM_WAYS];
        if (set[1].key == key) { /* the second way made the first, the word not folded again */
            stem_entry hit = set[1];
            set[1] = set[0];
            set[0] = hit;
            t->stem = hit.stem;
            t->flags |= (uint8_t)(hit.kind & shown);
        } else {
            size_t fn = fold_again(t, folded, 0);
            resolve_uncached(b, t, folded, fn, shown, set, key);
        }
        t++;
    }
    b->resolved = upto;
}

/* A token; a word's stem and kind are looked up later (resolve_tokens),
 * its cache entry asked for now; a number's stem made now.  words_only
 * (analyse_article_words): the word alone, no token, and a word of up to
 * 8 bytes kept as its bytes, hashed with the others once the article is
 * read (text_word_hash_kept, four at a time): folded has 8 bytes to read
 * (the block's 16 past its end, a word's own 64). */
static inline __attribute__((always_inline)) np_status add_token(builder *b, const char *surface, size_t slen,
                                                                 const char *folded, size_t fn, unsigned flags,
                                                                 int words_only)
{
    size_t at = b->n_tokens;
    if (at == b->cap_tokens && grow_tokens(b) != NP_OK)
        return NP_ENOMEM;
    if (words_only) {
        uint64_t kept;
        memcpy(&kept, folded, 8);
        b->words[at] = fn <= 8 ? kept : text_word_hash(folded, fn);
        b->kept_lens[at] = (uint8_t)fn;
        b->n_tokens = at + 1;
        return NP_OK;
    }
    uint64_t word = text_word_hash(folded, fn);
    b->words[at] = word;
    token *t = &b->tokens[at];
    /* one store of the whole token, not a load of each field's base after
     * the stores before it (the folded bytes may alias the builder) */
    *t = (token){ .word = word, .surface = surface, .len = (uint16_t)(slen > 65535 ? 65535 : slen),
                  .sentence = (uint32_t)b->n_sentences, .stem = 0, .flags = (uint8_t)flags };
    b->n_tokens = at + 1;
    if (!(flags & TOK_NUMBER)) /* a hint, harmless to a decode_all analyser, which reads no cache */
        __builtin_prefetch(&b->stems[((word * b->stemmer_mix) & b->stem_mask) * STEM_WAYS]);
    if (flags & TOK_NUMBER) {
        if (idset_has(&b->an->stopwords, t->word ^ b->stop_mix))
            t->flags |= TOK_STOP;
        else
            t->stem = number_stem(folded, fn, b->decimal_comma);
    }
    return NP_OK;
}

/* Tokens of one paragraph (or the title); sentence boundaries inside it.
 * words_only (a constant where it is inlined): no stems, kinds or names
 * (analyse_article_words). */
static inline __attribute__((always_inline)) np_status analyse_text_as_asked(builder *b, const char *s, size_t len,
                                                                             unsigned extra, int words_only)
{
    int sentence_start = 1;
    size_t i = 0, n;
    /* the word read: its folded form in the block (read_block_word) or
     * in own (read_word); the last word's, for abbreviations */
    char own[MAX_WORD] = { 0 }; /* all its bytes set: add_token reads 8 of a shorter word */
    const char *folded = own, *last_folded = own;
    size_t fn = 0, last_fn = 0;
    int decode_all = b->an->decode_all;
    const uint64_t between[2] = { decode_all ? 0 : b->an->between[0], decode_all ? 0 : b->an->between[1] };
    word_block blk;
    blk.base = 0;
    blk.bits.word = ~0ULL; /* no word ends in it: the first word classifies */
    memset(blk.bits.folded + 64, 0, 16);
    int word_next = 0; /* s[i] is an ASCII letter or digit (read_block_word) */
    while (i < len) {
        /* words_only: the plain words that follow, the block's run of them
         * at once; what stops the run is read as below */
        if (words_only && word_next &&
            block_run_words(b, s, len, &blk, &i, &word_next, &last_folded, &last_fn, &sentence_start) &&
            !word_next)
            continue;
        unsigned char c = (unsigned char)s[i];
        /* ASCII between words: spaces and punctuation, only a stop
         * matters (one test of a bit; decode_all clears them) */
        if (!word_next && c < 0x80 && (between[c >> 6] >> (c & 63) & 1)) {
            i++;
            continue;
        }
        word_shape shape;
        size_t end = 0, next = 0;
        uint32_t cp = c;
        n = 1;
        /* an ASCII byte not between words is a letter, a digit or one of
         * the stops ".!?", of which only '?' is past '0' */
        if (word_next || (!decode_all && c < 0x80 && c >= '0' && c != '?'))
            end = read_block_word(s, len, i, &blk, &folded, &fn, &shape, &next, &word_next);
        if (!end) {
            cp = decode_at(s, len, i, &n);
            if (tu_is_wordchar(cp)) {
                folded = own;
                end = read_word(s, len, i, own, &fn, &shape, decode_all);
                next = end + (!decode_all && end < len && s[end] == ' ');
            }
        }
        if (end) {
            unsigned flags = extra;
            int first_upper = shape.first_upper;
            if (shape.digits)
                flags |= TOK_NUMBER;
            else if (first_upper == 1 &&
                     (!sentence_start || (shape.letters >= 2 && !shape.lowers)))
                flags |= TOK_NAME;
            else if (first_upper == 1 && sentence_start)
                flags |= 0x80; /* capitalised at a sentence start: decided later */
            if (add_token(b, s + i, end - i, folded, fn, flags, words_only) != NP_OK)
                return NP_ENOMEM;
            size_t n_tokens = b->n_tokens;
            if (!words_only && (flags & TOK_NAME) && !(extra & TOK_TITLE)) {
                int added;
                if (idset_add(b->mid_names, b->words[n_tokens - 1], &added) != NP_OK)
                    return NP_ENOMEM;
            }
            last_folded = folded;
            last_fn = fn;
            if (!words_only && n_tokens - b->resolved >= UNRESOLVED_MOST)
                resolve_tokens(b, n_tokens - PENDING);
            sentence_start = 0;
            /* the space after most words passed over here, not in a turn of
             * the loop that would only do that */
            i = next;
            continue;
        }
        if ((cp == '.' || cp == '!' || cp == '?') && !sentence_start &&
            !(cp == '.' && is_abbreviation(b->an, last_folded, last_fn)) && ends_sentence(s, len, i)) {
            if (close_sentence(b) != NP_OK)
                return NP_ENOMEM;
            sentence_start = 1;
        }
        i += n;
    }
    return close_sentence(b);
}

static np_status analyse_text(builder *b, const char *s, size_t len, unsigned extra)
{
    return analyse_text_as_asked(b, s, len, extra, 0);
}

static np_status analyse_text_words(builder *b, const char *s, size_t len, unsigned extra)
{
    return analyse_text_as_asked(b, s, len, extra, 1);
}

/* analyse_text (analyse_text_words, words_only) of the string s, read as
 * `reading` says; the spaced form is made in mem (tokens point into it:
 * it lives as long as the analysis). */
static np_status analyse_text_as(builder *b, const char *s, unsigned extra, int reading, int words_only, arena *mem)
{
    size_t len = strlen(s);
    np_status (*analyse)(builder *, const char *, size_t, unsigned) = words_only ? analyse_text_words : analyse_text;
    if (reading == READ_SPACED)
        return analyse(b, s, len, extra);
    char *spaced = arena_alloc(mem, 2 * len + 1);
    if (!spaced)
        return NP_ENOMEM;
    size_t n = segment_spaced(b->an->words, s, len, spaced, reading == READ_CJK);
    if (n == (size_t)-1)
        return NP_ENOMEM;
    return analyse(b, spaced, n, extra);
}

/* analyse_article, or with words_only analyse_article_words. */
static np_status analyse_as_asked(analyser *an, const np_article *article, int include_title, int words_only,
                                  arena *mem, analysis *out)
{
    memset(out, 0, sizeof *out);
    idset *mid_names = &an->mid_names; /* empty: cleared after each article */
    builder b = { .an = an, .arena = mem, .mid_names = mid_names };
    /* no language reads as English does */
    const language_ways *ways = analyser_ways_of(an, article->lang ? article->lang : "en");
    b.stemmer = ways->stemmer;
    /* odd, so that a word's key (its hash times this) is a bijection of
     * it and 0 only for 0, which no word is; one for each stemmer (the
     * index times an odd number, distinct below 2^63, shifted) */
    b.stemmer_mix = (uint64_t)(ways->which + 1) * 0x9E3779B97F4A7C15u << 1 | 1;
    b.stop_mix = ways->stop_mix;
    b.stems = an->stems;
    b.stem_mask = an->stem_sets - 1;
    b.number_words = ways->number_words;
    b.decimal_comma = ways->decimal_comma;
    /* room for the words the cleaner counted (those of a language written
     * without spaces found as segment_spaced finds them), a title and a
     * sentence in ten words, so that the arrays seldom grow (a growth
     * copies them) */
    int reading = ways->reading;
    b.kana_stops = ways->kana_stops;
    size_t words = article->words < ANALYSE_MOST_WORDS ? article->words : ANALYSE_MOST_WORDS;
    b.cap_tokens = words + words / 4 + 64;
    b.cap_sentences = words / 10 + 16;
    b.tokens = words_only ? NULL : arena_alloc(mem, b.cap_tokens * sizeof *b.tokens);
    b.words = arena_alloc(mem, b.cap_tokens * sizeof *b.words);
    b.kept_lens = words_only ? arena_alloc(mem, b.cap_tokens) : NULL;
    b.sentences = arena_alloc(mem, b.cap_sentences * sizeof *b.sentences);
    np_status st = (b.tokens || b.kept_lens) && b.words && b.sentences ? NP_OK : NP_ENOMEM;
    if (st == NP_OK && include_title && article->title) {
        st = analyse_text_as(&b, article->title, TOK_TITLE, reading, words_only, mem);
        out->n_title_tokens = b.n_tokens;
    }
    for (size_t p = 0; st == NP_OK && p < article->n_paragraphs; p++)
        st = analyse_text_as(&b, article->paragraphs[p], 0, reading, words_only, mem);
    /* the words left, once an article, not at each text's end: their
     * surfaces, the article's, are there still */
    if (st == NP_OK && !words_only)
        resolve_tokens(&b, b.n_tokens);
    if (st == NP_OK && words_only)
        text_word_hash_kept(b.words, b.kept_lens, b.n_tokens);
    if (st == NP_OK && !words_only) {
        /* a capitalised sentence opener is a name if the text also writes it
         * capitalised mid-sentence ("Russia began..." ... "with Russia");
         * only a sentence's first token can be one, and only the title's
         * are TOK_TITLE */
        for (size_t s = 0; s < b.n_sentences; s++) {
            token *t = &b.tokens[b.sentences[s].first];
            if (t->flags & 0x80) {
                t->flags &= (uint8_t)~0x80;
                if (!(t->flags & TOK_STOP) && idset_has(mid_names, t->word))
                    t->flags |= TOK_NAME;
            }
        }
        /* title-case headlines capitalise everything: names there are the
         * words the body also capitalises */
        for (size_t i = 0; i < out->n_title_tokens && article->n_paragraphs; i++) {
            token *t = &b.tokens[i];
            if ((t->flags & TOK_NAME) && !idset_has(mid_names, t->word))
                t->flags &= (uint8_t)~TOK_NAME;
        }
    }
    /* a large article's table is let go, not cleared for every article
     * after; words_only added none */
    if (mid_names->cap > MID_NAMES_KEPT)
        idset_free(mid_names);
    else if (!words_only)
        idset_clear(mid_names);
    if (st != NP_OK)
        return st;
    out->tokens = b.tokens;
    out->words = b.words;
    out->n_tokens = b.n_tokens;
    out->sentences = b.sentences;
    out->n_sentences = b.n_sentences;
    out->decimal_comma = b.decimal_comma;
    return NP_OK;
}

np_status analyse_article(analyser *an, const np_article *article, int include_title, arena *mem, analysis *out)
{
    return analyse_as_asked(an, article, include_title, 0, mem, out);
}

np_status analyse_article_words(analyser *an, const np_article *article, arena *mem, analysis *out)
{
    return analyse_as_asked(an, article, 0, 1, mem, out);
}
