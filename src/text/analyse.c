/* analyse: tokens, stems, names and sentences of a cleaned article. */
#include "text/analyse.h"

#include <string.h>

#include <libstemmer.h>
#include <utf8proc.h>
/* inlined: the facts' hashes, of a few bytes each */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "common/alloc.h"
#include "common/idset.h"
#include "common/utf8.h"
#include "text/segment.h"
#include "text/textutil.h"
#include "text/wordlists.h"
#include "text/wordhash.h"

/* Snowball algorithm names for the languages lang.c can name. */
static const struct {
    const char *code;
    const char *algorithm;
} stemmer_names[] = {
    { "en", "english" }, { "de", "german" }, { "fr", "french" }, { "es", "spanish" },
    { "it", "italian" }, { "pt", "portuguese" }, { "nl", "dutch" }, { "sv", "swedish" },
    { "da", "danish" }, { "ru", "russian" }, { "tr", "turkish" }, { "el", "greek" },
    { "ar", "arabic" }, { "hi", "hindi" }, { "id", "indonesian" }, { "ro", "romanian" },
    { "fi", "finnish" }, { "ta", "tamil" }, { "hy", "armenian" },
    /* no stemmer, a list of stopwords */
    { "pl", NULL }, { "uk", NULL }, { "zh", NULL }, { "ja", NULL }, { "th", NULL }, { "lo", NULL },
    { "km", NULL }, { "my", NULL }, { "ko", NULL }, { "he", NULL },
    /* named by their scripts alone: no stemmer, no list of their own (English words among them stay stopwords) */
    { "bn", NULL }, { "pa", NULL }, { "gu", NULL }, { "or", NULL }, { "te", NULL }, { "kn", NULL },
    { "ml", NULL }, { "si", NULL }, { "ka", NULL }, { "am", NULL },
};
enum { N_STEMMERS = sizeof stemmer_names / sizeof *stemmer_names };


/* A cache of what a word is: its stem, whether it is a stopword or a
 * number word.  Word forms recur (Zipf), and Snowball is the costliest step
 * of analysis.  Found by a key, the 64-bit word hash mixed with the
 * stemmer's identity; no word is stored, so two words (or one word for two
 * stemmers) with one key would share an entry: a 64-bit hash collision is
 * assumed not to happen, as for the word hashes everywhere else.  Entries
 * are 16 bytes so the table stays near the core: its loads were the most
 * of analysis' time with 40-byte entries holding the word.  At 2 MB it
 * misses fewer words than at 1 MB, which cost more stemming than its size
 * costs cache (g20k: analysis and fingerprints 4% less CPU).  Two ways to
 * a set, the last used first, in one aligned half of a cache line: mapped
 * directly, two frequent words of one entry put each other out (g20k: 115k
 * words stemmed, of 32k words).  Numbers are not cached: a number is more
 * than its folded form shows when that is cut short (MAX_WORD). */
enum { STEM_CACHE = 131072, STEM_WAYS = 2 };

enum { WORD_KNOWN = 0x80 }; /* with TOK_STOP and TOK_NUMBER_WORD, a stem_entry's kind */

typedef struct stem_entry {
    uint64_t key;                   /* the word hash * builder.stemmer_mix: never 0, as a word is not */
    uint32_t stem;                  /* 0 for a stopword */
    uint8_t kind;                   /* 0: empty; else WORD_KNOWN | TOK_* */
    uint8_t unused[3];
} stem_entry;

/* What analyse_article reads from an article's language code: found
 * once for a run of articles in one language, not by some thirty string
 * comparisons an article. */
typedef struct language_ways {
    struct sb_stemmer *stemmer;
    size_t which;          /* stemmer_for's index */
    uint64_t stop_mix;     /* stop_mix_of(which) */
    int number_words, decimal_comma, reading, kana_stops;
} language_ways;

enum { ABBREV_SLOTS = 128 };
enum { MID_NAMES_KEPT = 512 }; /* slots of the mid-sentence names kept between articles */ /* a power of two, over twice the abbreviations */
struct analyser {
    const np_allocator *allocator; /* borrowed */
    struct sb_stemmer *stemmers[N_STEMMERS]; /* owned, made on first use */
    int stemmer_failed[N_STEMMERS];
    idset stopwords;
    idset number_words;            /* English number words (wordlist_numbers) */
    idset mid_names;               /* analyse_article's, kept between articles and cleared */
    int decode_all;                /* the plain ways, for tests (analyser_decode_all) */
    uint64_t between[2];           /* bit c: ASCII c is between words and no stop */
    void *stems_block;             /* owned: stems, aligned within it */
    stem_entry *stems;             /* STEM_CACHE entries, STEM_WAYS a set */
    size_t stem_sets;              /* a power of two: STEM_CACHE / STEM_WAYS */
    uint64_t abbrevs[ABBREV_SLOTS]; /* the abbreviations of two to five bytes (abbrev_key), 0 an empty slot */
    segmenter own_words;           /* the words of Chinese, Japanese, Thai, Lao, Khmer, Burmese */
    segmenter *words;              /* own_words, or a cleaner's (analyser_share_words) */
    language_ways ways;            /* the last article's language's, when ways_made */
    char ways_lang[16];            /* its code */
    int ways_made;
};

/* The part of a stopword's key that names its list's language: 0 for
 * English and for the languages without a list of their own, which share
 * the English list. */
static uint64_t stop_mix_of(size_t which)
{
    for (size_t k = 0; k < wordlist_n_stopwords; k++)
        if (strcmp(wordlist_stopwords[k].code, stemmer_names[which].code) == 0)
            return (uint64_t)(which + 1) * 0xD6E8FEB86659FD93u;
    return 0;
}

/* The stemmer_names index of a language code; 0 (English) when unknown. */
static size_t language_index(const char *lang)
{
    for (size_t k = 0; k < N_STEMMERS; k++)
        if (strcmp(stemmer_names[k].code, lang) == 0)
            return k;
    return 0;
}

static np_status add_words(idset *set, const char *list, uint64_t mix)
{
    const char *p = list;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n) {
            int added;
            if (idset_add(set, text_word_hash(p, n) ^ mix, &added) != NP_OK)
                return NP_ENOMEM;
        }
        p += n;
    }
    return NP_OK;
}

/* A word of one to seven bytes as one number, its length in the low byte. */
static uint64_t abbrev_key(const char *w, size_t n)
{
    uint64_t key = n;
    for (size_t i = 0; i < n; i++)
        key |= (uint64_t)(unsigned char)w[i] << (8 * (i + 1));
    return key;
}

/* The slot abbrev_key's probe starts at. */
static size_t abbrev_home(uint64_t key)
{
    return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & (ABBREV_SLOTS - 1);
}

/* The abbreviations is_abbreviation looks up (lengths two to five; one
 * byte is always one, more than five never). */
static void add_abbreviations(analyser *an)
{
    for (const char *p = wordlist_abbreviations; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n >= 2 && n <= 5) {
            uint64_t key = abbrev_key(p, n);
            size_t at = abbrev_home(key);
            while (an->abbrevs[at] && an->abbrevs[at] != key)
                at = (at + 1) & (ABBREV_SLOTS - 1);
            an->abbrevs[at] = key;
        }
        p += n;
    }
}

np_status analyser_new(analyser **out, const np_allocator *allocator)
{
    *out = NULL;
    if (!allocator)
        allocator = np_default_allocator();
    analyser *an = np_calloc(allocator, 1, sizeof *an);
    if (!an)
        return NP_ENOMEM;
    an->allocator = allocator;
    segmenter_init(&an->own_words, allocator);
    an->words = &an->own_words;
    idset_init(&an->stopwords, allocator);
    idset_init(&an->number_words, allocator);
    idset_init(&an->mid_names, allocator);
    /* aligned, so a cache line holds whole sets; on a huge page, so that
     * the lookup asked for ahead of each word (add_token) seldom waits for
     * a walk of the page tables: its 512 pages of 4 KiB were more than
     * the TLB keeps beside the text's */
    an->stems = np_calloc_huge(allocator, STEM_CACHE * sizeof *an->stems, &an->stems_block);
    an->stem_sets = STEM_CACHE / STEM_WAYS;
    for (unsigned c = 0; c < 128; c++)
        if (!tu_is_alpha((int)c) && !tu_is_digit((int)c) && c != '.' && c != '!' && c != '?')
            an->between[c >> 6] |= 1ULL << (c & 63);
    add_abbreviations(an);
    int added;
    np_status st = an->stems ? add_words(&an->stopwords, wordlist_english_stopwords, 0) : NP_ENOMEM;
    for (size_t k = 0; k < wordlist_n_stopwords && st == NP_OK; k++)
        st = add_words(&an->stopwords, wordlist_stopwords[k].words, stop_mix_of(language_index(wordlist_stopwords[k].code)));
    for (size_t k = 0; k < wordlist_n_numbers && st == NP_OK; k++)
        st = idset_add(&an->number_words, text_word_hash(wordlist_numbers[k].word, wordlist_numbers[k].len), &added);
    if (st != NP_OK) {
        analyser_free(an);
        return NP_ENOMEM;
    }
    *out = an;
    return NP_OK;
}

void analyser_decode_all(analyser *an, int on)
{
    an->decode_all = on != 0;
}

void analyser_small_stem_cache(analyser *an, size_t sets)
{
    while (sets & (sets - 1))
        sets &= sets - 1;
    an->stem_sets = sets && sets < STEM_CACHE / STEM_WAYS ? sets : STEM_CACHE / STEM_WAYS;
    memset(an->stems, 0, STEM_CACHE * sizeof *an->stems);
}

void analyser_share_words(analyser *an, segmenter *sg)
{
    an->words = sg ? sg : &an->own_words;
    if (sg)
        segment_keep(sg);
}

void analyser_free(analyser *an)
{
    if (!an)
        return;
    for (size_t i = 0; i < N_STEMMERS; i++)
        if (an->stemmers[i])
            sb_stemmer_delete(an->stemmers[i]);
    idset_free(&an->stopwords);
    idset_free(&an->number_words);
    idset_free(&an->mid_names);
    segmenter_free(&an->own_words);
    np_free(an->allocator, an->stems_block);
    np_free(an->allocator, an);
}

/* The stemmer for lang (NULL if it could not be made); *which gets its
 * index in stemmer_names, its identity in the stem cache. */
static struct sb_stemmer *stemmer_for(analyser *an, const char *lang, size_t *which)
{
    size_t k = language_index(lang); /* undetermined: English rules do least harm to names and numbers */
    if (!an->stemmers[k] && !an->stemmer_failed[k]) {
        an->stemmers[k] = stemmer_names[k].algorithm ? sb_stemmer_new(stemmer_names[k].algorithm, "UTF_8") : NULL;
        an->stemmer_failed[k] = an->stemmers[k] == NULL;
    }
    *which = k;
    return an->stemmers[k];
}

/* Korean particles (josa), which follow a noun in the same word: 정부는,
 * 정부가, 정부의 are one word, the government, as topic, subject and
 * owner; and the plural 들 (주민들이, residents: 주민 + 들 + 이). */
static const char *const korean_particles[] = {
    "\xec\x97\x90\xec\x84\x9c\xeb\x8a\x94", "\xec\x97\x90\xea\xb2\x8c\xec\x84\x9c",
    "\xec\x9c\xbc\xeb\xa1\x9c\xeb\x8a\x94", "\xec\x9c\xbc\xeb\xa1\x9c\xeb\x8f\x84",
    "\xec\x97\x90\xec\x84\x9c\xeb\x8f\x84", "\xea\xb9\x8c\xec\xa7\x80\xeb\x8a\x94",
    "\xeb\xb6\x80\xed\x84\xb0\xeb\x8a\x94", "\xec\x9d\xb4\xeb\x9d\xbc\xea\xb3\xa0",
    "\xec\x9d\xb4\xeb\x9d\xbc\xeb\x8a\x94", "\xec\x97\x90\xec\x84\x9c", "\xec\x97\x90\xea\xb2\x8c",
    "\xea\xbb\x98\xec\x84\x9c", "\xeb\xb6\x80\xed\x84\xb0", "\xea\xb9\x8c\xec\xa7\x80",
    "\xec\x9c\xbc\xeb\xa1\x9c", "\xec\xb2\x98\xeb\x9f\xbc", "\xeb\xb3\xb4\xeb\x8b\xa4",
    "\xeb\xa7\x88\xeb\x8b\xa4", "\xeb\xa7\x8c\xed\x81\xbc", "\xec\x97\x90\xeb\x8a\x94",
    "\xec\x97\x90\xeb\x8f\x84", "\xea\xb3\xbc\xeb\x8a\x94", "\xec\x99\x80\xeb\x8a\x94",
    "\xec\x9d\xb4\xeb\x82\x98", "\xeb\x9d\xbc\xea\xb3\xa0", "\xeb\x9d\xbc\xeb\x8a\x94",
    "\xed\x95\x9c\xed\x85\x8c", "\xec\x9d\xb4\xeb\xa9\xb0", "\xec\x9d\x80", "\xeb\x8a\x94", "\xec\x9d\xb4",
    "\xea\xb0\x80", "\xec\x9d\x84", "\xeb\xa5\xbc", "\xec\x9d\x98", "\xec\x97\x90", "\xec\x99\x80",
    "\xea\xb3\xbc", "\xeb\x8f\x84", "\xeb\xa7\x8c", "\xeb\xa1\x9c", "\xeb\x93\xa4"
};

/* Whether w[0..n) is Hangul syllables alone (U+AC00..U+D7A3, three bytes
 * each). */
static int is_hangul_word(const unsigned char *w, size_t n)
{
    if (!n || n % 3)
        return 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t cp = (uint32_t)(w[i] & 0x0F) << 12 | (uint32_t)(w[i + 1] & 0x3F) << 6 | (w[i + 2] & 0x3Fu);
        if ((w[i] & 0xF0) != 0xE0 || (w[i + 1] & 0xC0) != 0x80 || (w[i + 2] & 0xC0) != 0x80 || cp < 0xAC00 ||
            cp > 0xD7A3)
            return 0;
    }
    return 1;
}

/* analyse.h */
size_t text_korean_stem_len(const char *w, size_t n)
{
    if (!n || (unsigned char)w[0] < 0xEA || (unsigned char)w[0] > 0xED || !is_hangul_word((const unsigned char *)w, n))
        return n;
    for (int round = 0; round < 2; round++) {
        size_t cut = 0;
        for (size_t k = 0; k < sizeof korean_particles / sizeof *korean_particles; k++) {
            size_t pn = strlen(korean_particles[k]);
            if (pn > cut && n >= pn + 6 && memcmp(w + n - pn, korean_particles[k], pn) == 0)
                cut = pn;
        }
        if (!cut)
            break;
        n -= cut;
    }
    return n;
}

int text_korean_bare(const char *w, size_t n)
{
    return n && (unsigned char)w[0] >= 0xEA && (unsigned char)w[0] <= 0xED &&
           is_hangul_word((const unsigned char *)w, n) && text_korean_stem_len(w, n) == n;
}

/* Whether w[0..n) is written in hiragana alone (U+3041..U+309F): in
 * Japanese, a particle, an ending or an auxiliary. */
static int is_kana_word(const char *w, size_t n)
{
    const unsigned char *p = (const unsigned char *)w;
    if (!n || n % 3)
        return 0;
    for (size_t i = 0; i < n; i += 3)
        if (p[i] != 0xE3 || !((p[i + 1] == 0x81 && p[i + 2] >= 0x81 && p[i + 2] <= 0xBF) ||
                              (p[i + 1] == 0x82 && p[i + 2] >= 0x80 && p[i + 2] <= 0x9F)))
            return 0;
    return 1;
}

int analyser_is_stopword(const analyser *an, const char *lang, const char *word, size_t len)
{
    if (lang && strcmp(lang, "ja") == 0 && is_kana_word(word, len))
        return 1;
    return idset_has(&an->stopwords, text_word_hash(word, len) ^ stop_mix_of(language_index(lang ? lang : "en")));
}

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

/* Words' stems and kinds are looked up once UNRESOLVED_MOST words wait
 * (all but the last PENDING of them) and at the article's end, not as
 * each is read: the loads of their cache entries, asked for then, have
 * arrived, and no queue is kept word by word.  A power of two. */
enum { PENDING = 8, UNRESOLVED_MOST = 64, ANALYSE_MOST_WORDS = 1 << 20 }; /* more words than that grow the arrays */

enum { MAX_WORD = 64 }; /* bytes of a folded word kept; a longer one is cut */

typedef struct builder {
    analyser *an;
    struct sb_stemmer *stemmer;
    uint64_t stemmer_mix; /* the stemmer's part of a stem cache key: odd, a factor */
    uint64_t stop_mix;    /* the language's part of a stopword's key (stop_mix_of) */
    int kana_stops;       /* Japanese: a word of hiragana alone is a stopword */
    stem_entry *stems;    /* an->stems, and */
    uint64_t stem_mask;   /* an->stem_sets - 1, for add_token's prefetch without a load of an */
    size_t resolved; /* the tokens before it have their stems and kinds */
    int number_words;  /* English: mark number words TOK_NUMBER_WORD */
    int decimal_comma; /* the language writes 3,5 for 3.5 and 2.400 for 2,400 */
    arena *arena;
    token *tokens;
    uint64_t *words; /* the tokens' words side by side, as cap_tokens */
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

/* Room for twice the tokens, and their words. */
static np_status grow_tokens(builder *b)
{
    size_t cap = b->cap_tokens;
    if (grow(b, (void **)&b->words, &cap, sizeof *b->words) != NP_OK)
        return NP_ENOMEM;
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
    if (idset_has(&b->an->stopwords, t->word ^ b->stop_mix) || (b->kana_stops && is_kana_word(folded, fn)))
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
 * its cache entry asked for now; a number's stem made now. */
static np_status add_token(builder *b, const char *surface, size_t slen, const char *folded,
                           size_t fn, unsigned flags)
{
    size_t at = b->n_tokens;
    if (at == b->cap_tokens && grow_tokens(b) != NP_OK)
        return NP_ENOMEM;
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

/* Tokens of one paragraph (or the title); sentence boundaries inside it. */
static np_status analyse_text(builder *b, const char *s, size_t len, unsigned extra)
{
    int sentence_start = 1;
    size_t i = 0, n;
    /* the word read: its folded form in the block (read_block_word) or
     * in own (read_word); the last word's, for abbreviations */
    char own[MAX_WORD];
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
            if (add_token(b, s + i, end - i, folded, fn, flags) != NP_OK)
                return NP_ENOMEM;
            size_t n_tokens = b->n_tokens;
            if ((flags & TOK_NAME) && !(extra & TOK_TITLE)) {
                int added;
                if (idset_add(b->mid_names, b->words[n_tokens - 1], &added) != NP_OK)
                    return NP_ENOMEM;
            }
            last_folded = folded;
            last_fn = fn;
            if (n_tokens - b->resolved >= UNRESOLVED_MOST)
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

/* How a language's words are found: between spaces, or by their
 * dictionary (segment_spaced): Chinese and Japanese, Thai, Lao, Khmer and
 * Burmese. */
enum { READ_SPACED, READ_CJK, READ_UNSPACED };

static int reading_of(const char *lang)
{
    if (!lang)
        return READ_SPACED;
    if (strcmp(lang, "zh") == 0 || strcmp(lang, "ja") == 0)
        return READ_CJK;
    if (strcmp(lang, "th") == 0 || strcmp(lang, "lo") == 0 || strcmp(lang, "km") == 0 || strcmp(lang, "my") == 0)
        return READ_UNSPACED;
    return READ_SPACED;
}

/* analyse_text of the string s, read as `reading` says; the spaced form
 * is made in mem (tokens point into it: it lives as long as the
 * analysis). */
static np_status analyse_text_as(builder *b, const char *s, unsigned extra, int reading, arena *mem)
{
    size_t len = strlen(s);
    if (reading == READ_SPACED)
        return analyse_text(b, s, len, extra);
    char *spaced = arena_alloc(mem, 2 * len + 1);
    if (!spaced)
        return NP_ENOMEM;
    size_t n = segment_spaced(b->an->words, s, len, spaced, reading == READ_CJK);
    if (n == (size_t)-1)
        return NP_ENOMEM;
    return analyse_text(b, spaced, n, extra);
}

/* Languages whose numbers are written 3,5 and 2.400 (of those lang.c
 * names); English's 3.5 and 2,400 for the others and undetermined text. */
static int writes_decimal_comma(const char *lang)
{
    static const char codes[] = "de fr es it pt nl sv da pl tr ru uk el id ro fi";
    return lang && strlen(lang) == 2 && strstr(codes, lang) != NULL;
}

/* The ways of language `lang`: the last article's when it had this
 * language, else found and kept (a code too long to keep is found each
 * time). */
static const language_ways *ways_of(analyser *an, const char *lang)
{
    if (an->ways_made && strcmp(an->ways_lang, lang) == 0)
        return &an->ways;
    language_ways *w = &an->ways;
    w->stemmer = stemmer_for(an, lang, &w->which);
    w->stop_mix = stop_mix_of(w->which);
    w->number_words = strcmp(lang, "en") == 0 || strcmp(lang, "und") == 0;
    w->decimal_comma = writes_decimal_comma(lang);
    w->reading = reading_of(lang);
    w->kana_stops = strcmp(lang, "ja") == 0;
    size_t n = strlen(lang);
    an->ways_made = n < sizeof an->ways_lang;
    if (an->ways_made)
        memcpy(an->ways_lang, lang, n + 1);
    return w;
}

np_status analyse_article(analyser *an, const np_article *article, int include_title,
                          arena *mem, analysis *out)
{
    memset(out, 0, sizeof *out);
    idset *mid_names = &an->mid_names; /* empty: cleared after each article */
    builder b = { .an = an, .arena = mem, .mid_names = mid_names };
    /* no language reads as English does */
    const language_ways *ways = ways_of(an, article->lang ? article->lang : "en");
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
    b.tokens = arena_alloc(mem, b.cap_tokens * sizeof *b.tokens);
    b.words = arena_alloc(mem, b.cap_tokens * sizeof *b.words);
    b.sentences = arena_alloc(mem, b.cap_sentences * sizeof *b.sentences);
    np_status st = b.tokens && b.words && b.sentences ? NP_OK : NP_ENOMEM;
    if (st == NP_OK && include_title && article->title) {
        st = analyse_text_as(&b, article->title, TOK_TITLE, reading, mem);
        out->n_title_tokens = b.n_tokens;
    }
    for (size_t p = 0; st == NP_OK && p < article->n_paragraphs; p++)
        st = analyse_text_as(&b, article->paragraphs[p], 0, reading, mem);
    /* the words left, once an article, not at each text's end: their
     * surfaces, the article's, are there still */
    if (st == NP_OK)
        resolve_tokens(&b, b.n_tokens);
    if (st == NP_OK) {
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
    /* a large article's table is let go, not cleared for every article after */
    if (mid_names->cap > MID_NAMES_KEPT)
        idset_free(mid_names);
    else
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


enum { NUMBER_MAX = 24 };

/* The number a token writes, as digits ("90,000" -> "90000", "7th" and
 * "seventh" -> "7th"); 0 when it is none.  A digit run with other letters
 * ("AK47", "1990s", "2bn") is a name or a span, not a count. */
static size_t token_number(const token *t, int decimal_comma, char out[NUMBER_MAX])
{
    char low[NUMBER_MAX];
    if (t->len >= NUMBER_MAX || !(t->flags & (TOK_NUMBER | TOK_NUMBER_WORD)))
        return 0;
    size_t n = number_digits(t->surface, t->len, decimal_comma, low);
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
