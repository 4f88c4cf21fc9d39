/* lang: script ranges plus function-word voting. */
#include "text/lang.h"

#include <string.h>

#include <utf8proc.h>

#include "common/alloc.h"
#include "common/utf8.h"
#include "text/textutil.h"
#include "text/wordhash.h"

typedef struct lang_words {
    const char *code;
    const char *words; /* space separated, lowercase */
} lang_words;

/* The most frequent short function words of each language; words shared
 * by several languages count for each of them. */
static const lang_words word_lists[] = {
    { "en", "the of and to in is that for it was on with as he at by this from are have "
            "be has but not they an which were said had its their will been would who" },
    { "de", "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine "
            "als auch es an werden aus er hat dass sie nach wird bei einer um noch wie" },
    { "fr", "le la les de des et en du un une est que qui dans pour pas sur au par plus "
            "ne se il sont avec ce a été aux elle ont cette mais ses leur" },
    { "es", "el la de que y en los se del las un por con no una su para es al lo como "
            "más pero sus le ha me si sin sobre este ya entre cuando todo esta" },
    { "it", "il di che e la in un per non una sono del con si da della le al lo gli "
            "dei nel alla anche come ha ma più delle questo era ad suo" },
    { "pt", "de a o que e do da em um para com não uma os no se na por mais as dos como "
            "mas ao ele das à seu sua ou quando muito nos já foi" },
    { "nl", "de van een het en in is dat op te zijn voor met die niet aan er om ook als "
            "bij of door maar hij nog naar werd tot heeft over zijn" },
    { "sv", "och i att det som en på är av för med till den har de inte om ett var men "
            "han sig vi så från kan efter hade också" },
    { "da", "og i at det en den til er som på de med for af ikke der var han et har "
            "men om sig fra vi efter blev også kan" },
    { "pl", "i w na z się do nie że to jest o jak po co ale od przez za tak był są "
            "dla jego oraz jej już które także" },
    { "tr", "ve bir bu da de için ile olarak çok daha gibi olan en ama ne sonra kadar "
            "ise her ya değil var olduğunu" },
    { "ru", "и в не на что с по как это он к из но за от его то у же для о так все "
            "она был были бы также который только при" },
    { "uk", "і в на що з не до як це та у за від його але він про для також які було "
            "вже або була щоб їх цей" },
};
enum { N_LANGS = sizeof word_lists / sizeof *word_lists };

np_status lang_table_init(lang_table *t, const np_allocator *allocator)
{
    memset(t, 0, sizeof *t);
    t->allocator = allocator;
    t->cap = 1024;
    t->keys = np_calloc(allocator, t->cap, sizeof *t->keys);
    t->masks = np_calloc(allocator, t->cap, sizeof *t->masks);
    if (!t->keys || !t->masks) {
        lang_table_free(t);
        return NP_ENOMEM;
    }
    for (size_t l = 0; l < N_LANGS; l++) {
        const char *p = word_lists[l].words;
        while (*p) {
            const char *e = strchr(p, ' ');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            uint64_t k = text_word_hash(p, n);
            size_t j = k & (t->cap - 1);
            while (t->keys[j] && t->keys[j] != k)
                j = (j + 1) & (t->cap - 1);
            t->keys[j] = k;
            t->masks[j] |= 1u << l;
            t->longest = n > t->longest ? n : t->longest;
            if (n < 64)
                t->lengths[(unsigned char)p[0]] |= 1ull << n;
            p += n + (e ? 1 : 0);
        }
    }
    return NP_OK;
}

void lang_table_free(lang_table *t)
{
    np_free(t->allocator, t->keys);
    np_free(t->allocator, t->masks);
    t->keys = NULL;
    t->masks = NULL;
}

/* 0 if no listed word has w's first byte and length n */
static int may_be_listed(const lang_table *t, const char *w, size_t n)
{
    return !(n > 0 && n < 64 && !(t->lengths[(unsigned char)w[0]] >> n & 1));
}

/* The languages of the word whose hash is k. */
static uint32_t key_languages(const lang_table *t, uint64_t k)
{
    size_t j = k & (t->cap - 1);
    while (t->keys[j]) {
        if (t->keys[j] == k)
            return t->masks[j];
        j = (j + 1) & (t->cap - 1);
    }
    return 0;
}

uint32_t lang_word_languages(const lang_table *t, const char *w, size_t n, int plain)
{
    return plain || may_be_listed(t, w, n) ? key_languages(t, text_word_hash(w, n)) : 0;
}

/* Scripts that name one language on their own. */
static const char *script_language(uint32_t cp)
{
    if (cp >= 0x0370 && cp <= 0x03FF) return "el";
    if (cp >= 0x0590 && cp <= 0x05FF) return "he";
    if (cp >= 0x0600 && cp <= 0x06FF) return "ar";
    if (cp >= 0x0900 && cp <= 0x097F) return "hi";
    if (cp >= 0x0E00 && cp <= 0x0E7F) return "th";
    if (cp >= 0x3040 && cp <= 0x30FF) return "ja";
    if (cp >= 0xAC00 && cp <= 0xD7AF) return "ko";
    if (cp >= 0x4E00 && cp <= 0x9FFF) return "zh";
    return NULL;
}

/* The letter runs below read a text's first byte as a word's lowest. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "lang reads eight bytes at a time as a little-endian word"
#endif

/* 80 words decide a language reliably; more only cost time */
enum { MAX_WORDS = 80, MAX_WORD_BYTES = 32 };

/* A word that has ended (wn bytes of word, lowercased): its hash into
 * *asked, its slot of the table asked for, when it may be a listed word.
 * A word longer than every listed one is none of them (its hash is not
 * one of theirs: 64-bit hashes are assumed not to collide).  returns: 1 if
 * it was asked, else 0. */
static inline __attribute__((always_inline)) size_t ask_word(const lang_table *t, const char *word, size_t wn, uint64_t *asked)
{
    if (!(wn <= MAX_WORD_BYTES && wn <= t->longest && may_be_listed(t, word, wn)))
        return 0;
    uint64_t k = text_word_hash(word, wn);
    __builtin_prefetch(&t->keys[k & (t->cap - 1)]);
    __builtin_prefetch(&t->masks[k & (t->cap - 1)]);
    *asked = k;
    return 1;
}

/* lang_identify; ASCII letters taken without decoding unless decode_all. */
static const char *identify(const lang_table *t, const char *text, size_t len, int decode_all)
{
    const unsigned char *p = (const unsigned char *)text;
    unsigned hits[N_LANGS] = { 0 };
    unsigned letters = 0, words = 0, kana = 0;
    const char *script = NULL;
    unsigned script_chars = 0;
    /* eight bytes of room past the longest word taken, for the stores of
     * eight letters at a time */
    char word[MAX_WORD_BYTES + 8];
    size_t wn = 0;
    /* the words that may be function words, their slots of the table asked
     * for as each ends and looked up after the sample: 80 lookups an
     * article seldom find the table (12 KB) still cached, and each waited */
    uint64_t asked[MAX_WORDS];
    size_t n_asked = 0;
    for (size_t i = 0; i <= len && words < MAX_WORDS;) {
        if (!decode_all && i < len && tu_is_alpha(p[i])) {
            /* what the decoding below does with a run of ASCII letters:
             * each counted and lowercased into the word (setting bit 5 is
             * tu_lower for a letter); a word grown past MAX_WORD_BYTES is
             * too long to be a function word, however far past */
            size_t start = i;
            const uint64_t ones = 0x0101010101010101ULL;
            for (;;) {
                if (i + 8 > len) {
                    for (; i < len && tu_is_alpha(p[i]); i++, wn++)
                        if (wn < MAX_WORD_BYTES)
                            word[wn] = (char)(p[i] | 0x20);
                    break;
                }
                /* eight bytes: the letters up to the first other byte */
                uint64_t x;
                memcpy(&x, p + i, 8);
                uint64_t other = ~(tu_bytes_within((x | 0x20 * ones) & 0x7f * ones, 'a', 'z') & ~x) & 0x80 * ones;
                size_t run = other ? (size_t)__builtin_ctzll(other) / 8 : 8;
                if (wn < MAX_WORD_BYTES) {
                    x |= 0x20 * ones;
                    memcpy(word + wn, &x, 8);
                }
                wn += run;
                i += run;
                if (run < 8)
                    break;
            }
            letters += (unsigned)(i - start);
            /* an ASCII byte after the letters is none (digits are no
             * letters here): the word ends and the byte is passed over,
             * as the turn of the loop below would do */
            if (i < len && p[i] < 0x80) {
                n_asked += ask_word(t, word, wn, &asked[n_asked]);
                words++;
                wn = 0;
                i++;
            }
            continue;
        }
        uint32_t cp = 0;
        size_t n = 1;
        if (i < len && p[i] >= 0x80) {
            if (!(n = utf8_decode(p + i, len - i, &cp))) {
                n = 1;
                cp = 0xFFFD;
            }
        } else if (i < len) {
            cp = p[i];
        }
        int is_word = i < len && tu_is_wordchar(cp) && !tu_is_digit((int)cp);
        if (is_word) {
            letters++;
            const char *s = script_language(cp);
            if (s) {
                script_chars++;
                if (!script || strcmp(s, "zh") != 0)
                    script = s;
                kana += strcmp(s, "ja") == 0;
            }
            /* lowercase into the word buffer */
            uint32_t lower = cp < 0x80 ? (uint32_t)tu_lower((int)cp)
                                       : (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
            char enc[4];
            size_t m = utf8_encode(lower, enc);
            if (wn + m <= MAX_WORD_BYTES) {
                memcpy(word + wn, enc, m);
                wn += m;
            } else {
                wn = MAX_WORD_BYTES + 1; /* too long to be a function word */
            }
        } else if (wn) {
            n_asked += ask_word(t, word, wn, &asked[n_asked]);
            words++;
            wn = 0;
        }
        i += n;
    }
    for (size_t k = 0; k < n_asked; k++)
        for (uint32_t mask = key_languages(t, asked[k]); mask; mask &= mask - 1)
            hits[__builtin_ctz(mask)]++;
    if (letters == 0)
        return "und";
    if (script_chars * 2 > letters)
        return kana ? "ja" : script;
    size_t best = 0;
    for (size_t l = 1; l < N_LANGS; l++)
        if (hits[l] > hits[best])
            best = l;
    unsigned second = 0;
    for (size_t l = 0; l < N_LANGS; l++)
        if (l != best && hits[l] > second)
            second = hits[l];
    /* enough evidence, and clearly ahead of the runner-up */
    if (hits[best] >= 3 && hits[best] * 10 >= words && hits[best] * 2 > second * 3)
        return word_lists[best].code;
    return "und";
}

const char *lang_identify(const lang_table *t, const char *text, size_t len)
{
    return identify(t, text, len, 0);
}

const char *lang_identify_decoding(const lang_table *t, const char *text, size_t len)
{
    return identify(t, text, len, 1);
}
