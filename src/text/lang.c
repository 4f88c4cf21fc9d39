/* lang: script ranges plus function-word voting. */
#include "text/lang.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/alloc.h"
#include "common/utf8.h"
#include "text/textutil.h"

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
    { "id", "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena "
            "tersebut bisa ada mereka lebih oleh sudah saat telah atau kata seperti bahwa harus" },
    { "ro", "și în de la cu pe care a din nu că se o un mai este au pentru fost sunt după "
            "sau ca lui ale acest această fi însă iar dar" },
    { "fi", "ja ei että se oli hän mutta kun myös sen tai ovat ole joka jo tämä niin kuin "
            "vain nyt olivat hänen mukaan sekä jossa eikä siitä" },
    { "ru", "и в не на что с по как это он к из но за от его то у же для о так все "
            "она был были бы также который только при" },
    { "uk", "і в на що з не до як це та у за від його але він про для також які було "
            "вже або була щоб їх цей" },
};
enum { N_LANGS = sizeof word_lists / sizeof *word_lists };
_Static_assert((size_t)N_LANGS <= (size_t)LANG_LISTS, "lang_evidence counts every list");

/* The little-endian reads of a key below put a word's first byte lowest. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "lang reads eight bytes at a time as a little-endian word"
#endif

/* The low n bytes of a word read from memory (n <= 8), without a branch. */
static inline uint64_t first_bytes(uint64_t x, size_t n)
{
    return x & (((1ull << (8 * n & 63)) - 1) | -(uint64_t)(n >= 8));
}

/* The bytes word_key reads of a word. */
enum { KEY_READ = 16 };

/* The key of a word of n bytes at w, where KEY_READ bytes may be read (those
 * past n are not part of it): 0, 0 if n > LANG_KEY_BYTES, no listed word.
 * high's top two bytes are clear. */
static inline void word_key(const char *w, size_t n, uint64_t *low, uint64_t *high)
{
    uint64_t a, b, fits = -(uint64_t)(n <= LANG_KEY_BYTES);
    memcpy(&a, w, 8);
    memcpy(&b, w + 8, 8);
    *low = first_bytes(a, n < 8 ? n : 8) & fits;
    *high = first_bytes(b, n > 8 ? n - 8 : 0) & fits;
}

/* The key's hash: its top LANG_BUCKET_BITS bits name its bucket, the
 * t->cap bits below them its slot before the bucket's displacement. */
static inline uint64_t key_hash(uint64_t low, uint64_t high)
{
    return (low ^ high * 0xC2B2AE3D27D4EB4Full) * 0x9E3779B97F4A7C15ull;
}

static inline size_t key_slot(const lang_table *t, uint64_t h)
{
    return (size_t)((h >> t->shift ^ t->displace[h >> (64 - LANG_BUCKET_BITS)]) & (t->cap - 1));
}

enum { LANGUAGES_AT = 48 };
static const uint64_t KEY_REST = (1ull << LANGUAGES_AT) - 1;

/* The languages of the word whose key is low, high: its one slot asked,
 * with no branch on what it holds. */
static inline uint32_t key_languages(const lang_table *t, uint64_t low, uint64_t high)
{
    const lang_slot *a = &t->slots[key_slot(t, key_hash(low, high))];
    uint64_t in_a = -(uint64_t)((a->low == low) & ((a->rest & KEY_REST) == high));
    return (uint32_t)((a->rest & in_a) >> LANGUAGES_AT);
}

static void table_free_slots(lang_table *t)
{
    np_free(t->allocator, t->slots);
    t->slots = NULL;
}

/* A listed word's key, its languages and its hash, while the table is made. */
typedef struct listed_key {
    uint64_t low, high, hash;
    uint32_t languages;
} listed_key;

/* More keys than this in a bucket: the table is made again, larger. */
enum { BUCKET_MAX = 32 };

static unsigned bucket_of(uint64_t hash)
{
    return (unsigned)(hash >> (64 - LANG_BUCKET_BITS));
}

/* The m keys of one bucket into their slots, by the first displacement
 * that sends each to a free slot (two of them to one slot: the second
 * finds it taken).  returns: 0 when none does. */
static int place_bucket(lang_table *t, const listed_key *keys, size_t m)
{
    unsigned b = bucket_of(keys[0].hash);
    for (size_t d = 0; d < t->cap; d++) {
        t->displace[b] = (uint16_t)d;
        size_t placed = 0;
        for (; placed < m; placed++) {
            lang_slot *slot = &t->slots[key_slot(t, keys[placed].hash)];
            if (slot->low)
                break;
            *slot = (lang_slot){ keys[placed].low, keys[placed].high | (uint64_t)keys[placed].languages << LANGUAGES_AT };
        }
        if (placed == m)
            return 1;
        while (placed > 0) /* freed for the next displacement */
            placed--, t->slots[key_slot(t, keys[placed].hash)] = (lang_slot){ 0, 0 };
    }
    return 0;
}

/* The keys (sorted by hash, so that a bucket's are side by side) into a
 * table of cap slots, each bucket's by its displacement, the buckets of
 * most keys first while most slots are free ("hash, displace and
 * compress", Belazzougui, Botelho and Dietzfelbinger, ESA 2009, without
 * the compression).  returns: NP_OK, NP_ENOMEM, or NP_EPARAM when a bucket
 * found no displacement (the table is then made again, twice as large). */
static np_status table_fill(lang_table *t, size_t cap, const listed_key *keys, size_t n)
{
    t->cap = cap;
    t->shift = 64 - LANG_BUCKET_BITS;
    for (size_t c = cap; c > 1; c >>= 1)
        t->shift--;
    t->slots = np_calloc(t->allocator, cap, sizeof *t->slots);
    if (!t->slots)
        return NP_ENOMEM;
    memset(t->displace, 0, sizeof t->displace);
    size_t first[LANG_BUCKETS] = { 0 }, count[LANG_BUCKETS] = { 0 };
    for (size_t k = 0; k < n; k++)
        if (count[bucket_of(keys[k].hash)]++ == 0)
            first[bucket_of(keys[k].hash)] = k;
    for (unsigned b = 0; b < LANG_BUCKETS; b++)
        if (count[b] > BUCKET_MAX)
            return NP_EPARAM;
    for (size_t m = BUCKET_MAX; m > 0; m--)
        for (unsigned b = 0; b < LANG_BUCKETS; b++)
            if (count[b] == m && !place_bucket(t, keys + first[b], m))
                return NP_EPARAM;
    return NP_OK;
}

/* Keys by hash, then by their bytes. */
static int by_hash(const void *a, const void *b)
{
    const listed_key *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    if (x->low != y->low)
        return x->low < y->low ? -1 : 1;
    return (x->high > y->high) - (x->high < y->high);
}

/* Room for the listed words' keys. */
enum { LISTED_MAX = 640 };

/* Every listed word's key into keys (room for all), sorted by hash, a
 * word of several lists once with their languages.  returns: the keys, 0
 * when a word is longer than a key or there is no room. */
static size_t listed_keys(listed_key *keys, size_t room)
{
    size_t n = 0;
    for (size_t l = 0; l < N_LANGS; l++) {
        const char *p = word_lists[l].words;
        while (*p) {
            const char *e = strchr(p, ' ');
            size_t m = e ? (size_t)(e - p) : strlen(p);
            char padded[KEY_READ] = { 0 };
            if (m > LANG_KEY_BYTES || n == room)
                return 0;
            memcpy(padded, p, m);
            uint64_t low, high;
            word_key(padded, m, &low, &high);
            keys[n++] = (listed_key){ low, high, key_hash(low, high), 1u << l };
            p += m + (e ? 1 : 0);
        }
    }
    qsort(keys, n, sizeof *keys, by_hash);
    size_t kept = 0;
    for (size_t k = 0; k < n; k++) {
        if (kept && keys[kept - 1].low == keys[k].low && keys[kept - 1].high == keys[k].high)
            keys[kept - 1].languages |= keys[k].languages;
        else
            keys[kept++] = keys[k];
    }
    return kept;
}

/* 80 words decide a language reliably; more only cost time */
enum { MAX_WORDS = 80, MAX_WORD_BYTES = 32 };

/* The languages' counts, a byte each (of languages 0-7 in one word, 8-15
 * in the other): a word's languages added to them without a branch on
 * which they are, a byte of them at a time through lang_table.spread.
 * spread: bit i of the low eight bits of m to byte i. */
_Static_assert(N_LANGS <= 16 && MAX_WORDS < 256, "two words of byte counters, and a slot's two bytes");
static uint64_t spread(uint32_t m)
{
    const uint64_t ones = 0x0101010101010101ull;
    return ((((m & 0xffu) * ones) & 0x8040201008040201ull) + 0x7f * ones) >> 7 & ones;
}

np_status lang_table_init(lang_table *t, const np_allocator *allocator)
{
    memset(t, 0, sizeof *t);
    t->allocator = allocator;
    for (uint32_t m = 0; m < 256; m++)
        t->spread[m] = spread(m);
    listed_key keys[LISTED_MAX];
    size_t n = listed_keys(keys, LISTED_MAX);
    if (!n)
        return NP_EPARAM;
    /* 1,024 slots take the 420 or so words; a larger table only if they
     * did not go in (they do: the words and hashes are fixed) */
    for (size_t cap = 1024; cap <= 16384; cap *= 2) {
        np_status st = table_fill(t, cap, keys, n);
        if (st == NP_OK)
            return NP_OK;
        table_free_slots(t);
        if (st == NP_ENOMEM)
            return NP_ENOMEM;
    }
    return NP_EPARAM;
}

void lang_table_free(lang_table *t)
{
    table_free_slots(t);
}

/* The languages whose list has the word w of n bytes, by the lists. */
static uint32_t listed_languages(const char *w, size_t n)
{
    uint32_t languages = 0;
    for (size_t l = 0; l < N_LANGS; l++)
        for (const char *p = word_lists[l].words; *p;) {
            const char *e = strchr(p, ' ');
            size_t m = e ? (size_t)(e - p) : strlen(p);
            if (m == n && memcmp(p, w, n) == 0)
                languages |= 1u << l;
            p += m + (e ? 1 : 0);
        }
    return languages;
}

uint32_t lang_word_languages(const lang_table *t, const char *w, size_t n, int plain)
{
    if (plain)
        return listed_languages(w, n);
    char padded[KEY_READ] = { 0 };
    memcpy(padded, w, n < KEY_READ ? n : KEY_READ);
    uint64_t low, high;
    word_key(padded, n, &low, &high);
    return key_languages(t, low, high);
}

/* Scripts that name one language on their own. */
static const char *script_language(uint32_t cp)
{
    if (cp >= 0x0370 && cp <= 0x03FF) return "el";
    if (cp >= 0x0530 && cp <= 0x058F) return "hy";
    if (cp >= 0x0590 && cp <= 0x05FF) return "he";
    if (cp >= 0x0600 && cp <= 0x06FF) return "ar";
    if (cp >= 0x0900 && cp <= 0x097F) return "hi";
    if (cp >= 0x0980 && cp <= 0x09FF) return "bn";
    if (cp >= 0x0A00 && cp <= 0x0A7F) return "pa";
    if (cp >= 0x0A80 && cp <= 0x0AFF) return "gu";
    if (cp >= 0x0B00 && cp <= 0x0B7F) return "or";
    if (cp >= 0x0B80 && cp <= 0x0BFF) return "ta";
    if (cp >= 0x0C00 && cp <= 0x0C7F) return "te";
    if (cp >= 0x0C80 && cp <= 0x0CFF) return "kn";
    if (cp >= 0x0D00 && cp <= 0x0D7F) return "ml";
    if (cp >= 0x0D80 && cp <= 0x0DFF) return "si";
    if (cp >= 0x0E00 && cp <= 0x0E7F) return "th";
    if (cp >= 0x0E80 && cp <= 0x0EFF) return "lo";
    if (cp >= 0x1000 && cp <= 0x109F) return "my";
    if (cp >= 0x10A0 && cp <= 0x10FF) return "ka";
    if (cp >= 0x1200 && cp <= 0x137F) return "am";
    if (cp >= 0x1780 && cp <= 0x17FF) return "km";
    if (cp >= 0x3040 && cp <= 0x30FF) return "ja";
    if (cp >= 0xAC00 && cp <= 0xD7AF) return "ko";
    if (cp >= 0x4E00 && cp <= 0x9FFF) return "zh";
    return NULL;
}

/* Counts a Cyrillic letter (U+0400..U+04FF) that Russian writes and
 * Ukrainian does not (U+044B, U+044D, U+044A, U+0451: yery, e, hard sign,
 * yo) or the other way about (U+0456, U+0457, U+0454, U+0491: i, yi, ye,
 * ghe with upturn), in either case. */
static void cyrillic_letter(uint32_t cp, unsigned *russian, unsigned *ukrainian)
{
    uint32_t lower = cp < 0x0410 ? cp + 0x50 : cp < 0x0430 ? cp + 0x20 : cp == 0x0490 ? 0x0491 : cp;
    if (lower == 0x044B || lower == 0x044D || lower == 0x044A || lower == 0x0451)
        (*russian)++;
    else if (lower == 0x0456 || lower == 0x0457 || lower == 0x0454 || lower == 0x0491)
        (*ukrainian)++;
}

/* Whether a and b are Russian and Ukrainian, in either order. */
static int cyrillic_pair(const char *a, const char *b)
{
    return (strcmp(a, "ru") == 0 && strcmp(b, "uk") == 0) || (strcmp(a, "uk") == 0 && strcmp(b, "ru") == 0);
}

/* Of eight bytes: the top bit of each that is no ASCII letter. */
static inline uint64_t ascii_nonletters(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL;
    return ~(tu_bytes_within((x | 0x20 * ones) & 0x7f * ones, 'a', 'z') & ~x) & 0x80 * ones;
}

/* What identify's decoding does with a run of ASCII letters from p[i]:
 * each lowercased into the word at *wn (setting bit 5 is tu_lower for a
 * letter; word has eight bytes of room past MAX_WORD_BYTES); a word grown
 * past MAX_WORD_BYTES is too long to be a function word, however far
 * past.  returns: the offset after the run */
static inline __attribute__((always_inline)) size_t letters_into_word(const unsigned char *p, size_t len, size_t i,
                                                                      char *word, size_t *wn)
{
    const uint64_t ones = 0x0101010101010101ULL;
    for (;;) {
        if (i + 8 > len) {
            for (; i < len && tu_is_alpha(p[i]); i++, (*wn)++)
                if (*wn < MAX_WORD_BYTES)
                    word[*wn] = (char)(p[i] | 0x20);
            return i;
        }
        /* eight bytes: the letters up to the first other byte */
        uint64_t x;
        memcpy(&x, p + i, 8);
        uint64_t other = ascii_nonletters(x);
        size_t run = other ? (size_t)__builtin_ctzll(other) / 8 : 8;
        if (*wn < MAX_WORD_BYTES) {
            x |= 0x20 * ones;
            memcpy(word + *wn, &x, 8);
        }
        *wn += run;
        i += run;
        if (run < 8)
            return i;
    }
}

/* The words identify takes sixty-four bytes at a time: the bytes it reads
 * from where it starts, the block and the sixteen a key is read from past
 * the block's last word start. */
enum { BLOCK = 64, BLOCK_READ = BLOCK + 16 };

/* The bytes of a word's first eight and next eight that its key keeps, by
 * its length: word_key's masks, looked up (they took twenty instructions
 * a word); past LANG_KEY_BYTES, none. */
#define KEY_LOW(n) (((1ull << 8 * ((n) & 7)) - 1) | ((n) >= 8 ? ~0ull : 0))
#define KEY_MASKS(n) { KEY_LOW(n), (n) > 8 ? KEY_LOW((n) - 8) : 0 }
static const uint64_t key_masks[LANG_KEY_BYTES + 2][2] = {
    KEY_MASKS(0), KEY_MASKS(1), KEY_MASKS(2), KEY_MASKS(3), KEY_MASKS(4), KEY_MASKS(5), KEY_MASKS(6),
    KEY_MASKS(7), KEY_MASKS(8), KEY_MASKS(9), KEY_MASKS(10), KEY_MASKS(11), KEY_MASKS(12), KEY_MASKS(13),
    KEY_MASKS(14), { 0, 0 },
};
_Static_assert(LANG_KEY_BYTES == 14, "key_masks lists a mask for each length up to a key's");

/* Of the sixty-four bytes at p, bit k for byte k: *letters the ASCII
 * letters, *high the bytes of 0x80 and over. */
static inline void block_masks(const unsigned char *p, uint64_t *letters, uint64_t *high)
{
#if defined(__SSE2__)
    /* a byte is a letter when (byte | 0x20) - 'a' - 0x80, signed, is below
     * 26 - 128: one subtraction and one comparison */
    const __m128i case_bit = _mm_set1_epi8(0x20), from_a = _mm_set1_epi8((char)(0x80 + 'a'));
    const __m128i alphabet = _mm_set1_epi8(26 - 128);
    uint64_t l = 0, h = 0;
    for (unsigned k = 0; k < BLOCK; k += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + k));
        __m128i alpha = _mm_cmplt_epi8(_mm_sub_epi8(_mm_or_si128(x, case_bit), from_a), alphabet);
        l |= (uint64_t)(unsigned)_mm_movemask_epi8(alpha) << k;
        h |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << k;
    }
    *letters = l;
    *high = h;
#else
    const uint64_t highs = 0x8080808080808080ULL;
    uint64_t l = 0, h = 0;
    for (unsigned k = 0; k < BLOCK; k += 8) {
        uint64_t x;
        memcpy(&x, p + k, 8);
        l |= tu_pack_tops(~ascii_nonletters(x) & highs) << k;
        h |= tu_pack_tops(x & highs) << k;
    }
    *letters = l;
    *high = h;
#endif
}

/* The words of ASCII letters in the block at p[i] (i + BLOCK_READ <= len,
 * no word open: the byte before i is no letter) that an ASCII byte ends
 * within the block, before its first byte of 0x80 or over: their keys
 * into asked_low, asked_high from *words on, *letters counted, as the
 * byte loop of identify would take them.  Found by the block's masks, a
 * word's start and end by the lowest bits left, so that no word waits on
 * the one before it to be read (the byte loop's next word waited on the
 * last one's length: lang_identify of g20000's 20,000 samples took 26-28
 * ms a pass in a harness alone, 20-21 ms by blocks; 196M instructions,
 * 166M with key_masks).  returns: where the byte loop goes on
 * (i: nothing taken), at the first word not taken or after the bytes
 * passed over. */
static inline size_t block_words(const unsigned char *p, size_t i, uint64_t *asked_low, uint64_t *asked_high,
                                 unsigned *words, unsigned *letters)
{
    const uint64_t ones = 0x0101010101010101ULL;
    uint64_t letter, high;
    block_masks(p + i, &letter, &high);
    /* the bytes before the first of 0x80 or over */
    uint64_t ascii = high ? (high & -high) - 1 : ~0ull;
    letter &= ascii;
    uint64_t starts = letter & ~(letter << 1), ends = ~letter & letter << 1 & ascii;
    unsigned w = *words, n_letters = *letters;
    /* a start pairs with the lowest end left: the one after it, or none
     * when its word runs to the block's end or to a byte of 0x80 or over */
    for (; starts && ends && w < MAX_WORDS; starts &= starts - 1, ends &= ends - 1) {
        size_t s = (size_t)__builtin_ctzll(starts), n = (size_t)__builtin_ctzll(ends) - s;
        uint64_t x, y;
        memcpy(&x, p + i + s, 8);
        memcpy(&y, p + i + s + 8, 8);
        const uint64_t *kept = key_masks[n <= LANG_KEY_BYTES ? n : LANG_KEY_BYTES + 1];
        asked_low[w] = (x | 0x20 * ones) & kept[0];
        asked_high[w] = (y | 0x20 * ones) & kept[1];
        w++;
        n_letters += (unsigned)n;
    }
    *words = w;
    *letters = n_letters;
    if (starts)
        return i + (size_t)__builtin_ctzll(starts);
    return i + (high ? (size_t)__builtin_ctzll(high) : BLOCK);
}

/* The listed words of each language among the words' keys. */
static void count_hits(const lang_table *t, const uint64_t *asked_low, const uint64_t *asked_high, size_t words,
                       unsigned hits[N_LANGS])
{
    uint64_t counts_low = 0, counts_high = 0;
    for (size_t k = 0; k < words; k++) {
        uint32_t languages = key_languages(t, asked_low[k], asked_high[k]);
        counts_low += t->spread[languages & 0xff];
        counts_high += t->spread[languages >> 8 & 0xff];
    }
    for (size_t l = 0; l < N_LANGS; l++)
        hits[l] = (unsigned)((l < 8 ? counts_low >> 8 * l : counts_high >> 8 * (l - 8)) & 0xff);
}

/* What identify weighed, for the tests. */
static void record_evidence(lang_evidence *ev, const uint64_t *asked_low, const uint64_t *asked_high, unsigned words,
                            unsigned letters, const unsigned hits[N_LANGS])
{
    ev->words = words;
    ev->letters = letters;
    ev->keys = 0;
    for (size_t k = 0; k < words; k++)
        ev->keys = (ev->keys ^ asked_low[k] ^ asked_high[k] * 0x9E3779B97F4A7C15ull) * 0xBF58476D1CE4E5B9ull;
    memset(ev->hits, 0, sizeof ev->hits);
    memcpy(ev->hits, hits, N_LANGS * sizeof *hits);
}

/* What identify counted in its sample. */
typedef struct sample_counts {
    unsigned words, letters, kana;
    unsigned russian, ukrainian; /* letters one of the two writes, the other not */
    const char *script;          /* the script-only letters' language (a Chinese letter after another's leaves it) */
    unsigned script_chars;
} sample_counts;

/* The character at p[i] into *cp (U+FFFD for a byte that begins no UTF-8
 * sequence, 0 at the end, i == len).  returns: its bytes, 1 at the end */
static inline __attribute__((always_inline)) size_t char_at(const unsigned char *p, size_t len, size_t i,
                                                            uint32_t *cp)
{
    size_t n = 1;
    *cp = 0;
    if (i < len && p[i] >= 0x80) {
        if (!(n = utf8_decode(p + i, len - i, cp))) {
            n = 1;
            *cp = 0xFFFD;
        }
    } else if (i < len) {
        *cp = p[i];
    }
    return n;
}

/* A letter the decoding met: the language of its script, when only one
 * language writes it, and the letters only Russian or only Ukrainian
 * writes, counted into c. */
static inline __attribute__((always_inline)) void count_script(uint32_t cp, sample_counts *c)
{
    const char *s = script_language(cp);
    if (cp >= 0x0400 && cp <= 0x04FF)
        cyrillic_letter(cp, &c->russian, &c->ukrainian);
    if (s) {
        c->script_chars++;
        if (!c->script || strcmp(s, "zh") != 0)
            c->script = s;
        c->kana += strcmp(s, "ja") == 0;
    }
}

/* The letter cp lowercased onto the word at *wn; a word grown past
 * MAX_WORD_BYTES is too long to be a function word. */
static inline __attribute__((always_inline)) void append_lower(char *word, size_t *wn, uint32_t cp)
{
    uint32_t lower = cp < 0x80 ? (uint32_t)tu_lower((int)cp) : (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
    char enc[4];
    size_t m = utf8_encode(lower, enc);
    if (*wn + m <= MAX_WORD_BYTES) {
        memcpy(word + *wn, enc, m);
        *wn += m;
    } else {
        *wn = MAX_WORD_BYTES + 1;
    }
}

/* The language of a sample: a script's, when most letters are of one,
 * else the language whose function words lead clearly; "und" when none. */
static const char *verdict(const sample_counts *c, const unsigned hits[N_LANGS])
{
    unsigned words = c->words;
    if (c->letters == 0)
        return "und";
    if (c->script_chars * 2 > c->letters)
        return c->kana ? "ja" : c->script;
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
    /* Russian and Ukrainian share their commonest words (v, na, za, do):
     * when the two lead, the letters only one of them writes decide */
    size_t runner_up = best == 0 ? 1 : 0;
    for (size_t l = 0; l < N_LANGS; l++)
        if (l != best && hits[l] > hits[runner_up])
            runner_up = l;
    if (cyrillic_pair(word_lists[best].code, word_lists[runner_up].code) && hits[best] >= 3 &&
        hits[best] * 10 >= words && (c->russian == 0) != (c->ukrainian == 0))
        return c->russian ? "ru" : "uk";
    return "und";
}

/* lang_identify; ASCII letters taken without decoding unless decode_all;
 * what it weighed into *ev unless ev is NULL. */
static const char *identify(const lang_table *t, const char *text, size_t len, int decode_all, lang_evidence *ev)
{
    const unsigned char *p = (const unsigned char *)text;
    unsigned hits[N_LANGS] = { 0 };
    unsigned letters = 0, words = 0;
    sample_counts counts = { 0 };
    /* eight bytes of room past the longest word taken, for the stores of
     * eight letters at a time; zeros, for the key's reads past a short word */
    char word[MAX_WORD_BYTES + 8] = { 0 };
    size_t wn = 0;
    /* the words' keys, looked up after the sample: their lookups do not
     * wait on one another (the table, 16 KB, is seldom still cached) */
    uint64_t asked_low[MAX_WORDS], asked_high[MAX_WORDS];
    const uint64_t ones = 0x0101010101010101ULL;
    for (size_t i = 0; i <= len && words < MAX_WORDS;) {
        if (!decode_all && !wn && i + BLOCK_READ <= len) {
            size_t from = i;
            i = block_words(p, i, asked_low, asked_high, &words, &letters);
            if (i != from)
                continue;
        }
        if (!decode_all && i < len && tu_is_alpha(p[i])) {
            /* most words: ASCII letters opening a word, ended by an ASCII
             * byte within sixteen bytes; their key taken from the text in
             * registers, as word_key would take it from the word below */
            if (!wn && i + 16 <= len) {
                size_t from = i;
                do {
                    uint64_t x, y = 0;
                    memcpy(&x, p + i, 8);
                    uint64_t other = ascii_nonletters(x), end = x, at = 0;
                    if (!other) { /* eight letters: the word goes on in the next eight */
                        memcpy(&y, p + i + 8, 8);
                        other = ascii_nonletters(y);
                        end = y;
                        at = 8;
                    }
                    uint64_t first = other & -other; /* the top bit of the byte after the word */
                    if (!other || (end & first))
                        break;
                    size_t n = at + (size_t)__builtin_ctzll(other) / 8;
                    /* the word's bytes of the eight that end it, of the first eight, of the next */
                    uint64_t kept = (first >> 7) - 1, in_x = at ? ~0ull : kept, in_y = at ? kept : 0;
                    uint64_t fits = -(uint64_t)(n <= LANG_KEY_BYTES);
                    asked_low[words] = (x | 0x20 * ones) & in_x & fits;
                    asked_high[words] = (y | 0x20 * ones) & in_y & fits;
                    words++;
                    letters += (unsigned)n;
                    i += n + 1; /* the ASCII byte after the word passed over, as below */
                } while (words < MAX_WORDS && i + 16 <= len && tu_is_alpha(p[i]));
                if (i != from)
                    continue;
            }
            size_t start = i;
            i = letters_into_word(p, len, i, word, &wn);
            letters += (unsigned)(i - start);
            /* an ASCII byte after the letters is none (digits are no
             * letters here): the word ends and the byte is passed over,
             * as the turn of the loop below would do */
            if (i < len && p[i] < 0x80) {
                word_key(word, wn, &asked_low[words], &asked_high[words]);
                words++;
                wn = 0;
                i++;
            }
            continue;
        }
        uint32_t cp;
        size_t n = char_at(p, len, i, &cp);
        int is_word = i < len && tu_is_wordchar(cp) && !tu_is_digit((int)cp);
        if (is_word) {
            letters++;
            count_script(cp, &counts);
            append_lower(word, &wn, cp);
        } else if (wn) {
            word_key(word, wn, &asked_low[words], &asked_high[words]);
            words++;
            wn = 0;
        }
        i += n;
    }
    count_hits(t, asked_low, asked_high, words, hits);
    if (ev)
        record_evidence(ev, asked_low, asked_high, words, letters, hits);
    counts.words = words;
    counts.letters = letters;
    return verdict(&counts, hits);
}

const char *lang_identify(const lang_table *t, const char *text, size_t len)
{
    return identify(t, text, len, 0, NULL);
}

const char *lang_identify_decoding(const lang_table *t, const char *text, size_t len)
{
    return identify(t, text, len, 1, NULL);
}

const char *lang_identify_weighing(const lang_table *t, const char *text, size_t len, int decode_all,
                                   lang_evidence *ev)
{
    return identify(t, text, len, decode_all, ev);
}
