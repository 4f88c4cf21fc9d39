/* analyser: an analyser made, set and freed; the stemmer and stopword
 * list of each language, and the ways its code gives an article's
 * analysis (language_ways: analyse_internal.h). */
#include <string.h>

#include <libstemmer.h>

#include "common/alloc.h"
#include "common/idset.h"
#include "text/analyse_internal.h"
#include "text/particles.h"
#include "text/textutil.h"
#include "text/wordhash.h"
#include "text/wordlists.h"

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
_Static_assert(sizeof stemmer_names / sizeof *stemmer_names == N_STEMMERS, "a stemmer slot a language");

uint64_t analyser_stop_mix(size_t which)
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
    /* aligned, so a cache line holds whole sets (2 MiB: one huge page,
     * which np_calloc_huge no longer asks for: its first touch could
     * stall a run's start, and its 512 pages of 4 KiB cost no measurable
     * CPU) */
    an->stems = np_calloc_huge(allocator, STEM_CACHE * sizeof *an->stems, &an->stems_block);
    an->stem_sets = STEM_CACHE / STEM_WAYS;
    for (unsigned c = 0; c < 128; c++)
        if (!tu_is_alpha((int)c) && !tu_is_digit((int)c) && c != '.' && c != '!' && c != '?')
            an->between[c >> 6] |= 1ULL << (c & 63);
    add_abbreviations(an);
    int added;
    np_status st = an->stems ? add_words(&an->stopwords, wordlist_english_stopwords, 0) : NP_ENOMEM;
    for (size_t k = 0; k < wordlist_n_stopwords && st == NP_OK; k++)
        st = add_words(&an->stopwords, wordlist_stopwords[k].words, analyser_stop_mix(language_index(wordlist_stopwords[k].code)));
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

struct sb_stemmer *analyser_stemmer_for(analyser *an, const char *lang, size_t *which)
{
    size_t k = language_index(lang); /* undetermined: English rules do least harm to names and numbers */
    if (!an->stemmers[k] && !an->stemmer_failed[k]) {
        an->stemmers[k] = stemmer_names[k].algorithm ? sb_stemmer_new(stemmer_names[k].algorithm, "UTF_8") : NULL;
        an->stemmer_failed[k] = an->stemmers[k] == NULL;
    }
    *which = k;
    return an->stemmers[k];
}

int analyser_is_stopword(const analyser *an, const char *lang, const char *word, size_t len)
{
    if (lang && strcmp(lang, "ja") == 0 && text_is_kana_word(word, len))
        return 1;
    return idset_has(&an->stopwords, text_word_hash(word, len) ^ analyser_stop_mix(language_index(lang ? lang : "en")));
}

/* How a language's words are found (READ_*, analyse_internal.h). */
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
const language_ways *analyser_ways_of(analyser *an, const char *lang)
{
    if (an->ways_made && strcmp(an->ways_lang, lang) == 0)
        return &an->ways;
    language_ways *w = &an->ways;
    w->stemmer = analyser_stemmer_for(an, lang, &w->which);
    w->stop_mix = analyser_stop_mix(w->which);
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
