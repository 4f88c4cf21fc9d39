/*
 * engine: the batch state behind np_engine -- every article's fingerprints
 * and metadata, the copy links found between them, and the families,
 * stories and storylines they form.
 *
 * Articles are added one at a time (np_engine_add, or np_engine_add_fingerprint
 * of a fingerprint made on any thread: fingerprint.c) as compact records in
 * growable pools: metadata strings, a MinHash signature,
 * sentence hashes with each sentence's sorted content stems, and term
 * counts (coded: terms.c; by the stems' ids once the vocabulary is built:
 * term_ids.c).  np_engine_run then finds candidate pairs (candidates.c),
 * verifies them into links (verify.c), groups families and originals
 * (family.c) and stories and storylines (story.c and the story_*.c
 * files it names).  Everything is owned by the engine and freed by
 * np_engine_free.
 */
#ifndef NP_ENGINE_H
#define NP_ENGINE_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "newsprint.h"
#include "common/arena.h"
#include "common/bits.h"
#include "common/buf.h"
#include "common/parallel.h"
#include "dedup/minhash.h"
#include "text/analyse.h"
#include "cluster/params.h"

#define NO_STRING UINT32_MAX /* an absent string (art offsets) */
#define NO_DAY INT32_MIN
/* link_facts' day in an engine without rewrites (np_engine_no_rewrites):
 * a pair is as if dated too far apart for a rewrite, none being looked for */
#define NO_REWRITE_DAY (INT32_MIN + 1)
enum { STORY_KEYWORDS = 8 };

typedef struct art {
    int64_t time;             /* seconds since 1970 when known, else NP_NO_TIME */
    uint64_t exact;           /* hash of the body's words, 0 when empty */
    uint32_t id, title;       /* offsets in strings */
    uint32_t dateline;        /* its date, source and language: e->datelines */
    int32_t day;              /* days since 1970-01-01, NO_DAY when undated */
    uint32_t words;
    uint32_t sent_first, sent_count;
    uint32_t stem_first;      /* the byte of stems its sentence stem codes start at */
    uint32_t term_first;      /* where its terms start in terms, in TERMS_ALIGN bytes */
    uint32_t term_count;      /* words, then fact_count facts (TERM_FACT) */
    uint32_t fact_count;
    uint16_t months;          /* months the text names with a day, and its date's */
    uint8_t marks;            /* ART_* */
    uint8_t stem_rice;        /* the Rice parameter of its sentence stems' gaps in stems
                                 (at most 31); STEM_RICE_NONE: it has no sentence stem,
                                 nothing is coded (a print without rewrites) */
} art;
enum { STEM_RICE_NONE = 0xff };
/* 64 bytes, a multiple of its 8-byte alignment (a field more takes 8): a
 * cache line.  What many articles give alike (a date, a source, a
 * language) is kept once, and what few have (the days a text names, an
 * attribution, a lead) in tables beside the records. */
_Static_assert(sizeof(art) == 64, "art's size");

/* An article's date, source and language (offsets in the strings,
 * NO_STRING when it has none): articles of a corpus repeat them together
 * (at 200k gencorpus articles 46k of them for 200k articles; 12 bytes a
 * record where each was 12 bytes an article), kept once in e->datelines
 * (intern.c). */
typedef struct dateline {
    uint32_t date, source, lang;
} dateline;

/* The days a text names ((month << 5 | day), 0 = none, the named ones
 * first), of an ART_MENTIONS article: a quarter of gencorpus's articles
 * name any, so kept beside the records (e->mentions, in article order). */
enum { ART_MENTIONS_MAX = 4 };
typedef struct art_mentions {
    uint32_t art;
    uint16_t days[ART_MENTIONS_MAX];
} art_mentions;

/* ART_REPUBLISHED: the text says it first appeared elsewhere;
 * ART_SHINGLED: a short text whose exact shingles are kept (e->short_texts);
 * ART_ATTRIBUTED: it names sources (e->attributions); ART_LEAD: an
 * untitled article whose first words name it (e->leads, np_result.lead);
 * ART_WORD_PAIRS: a text of under SHORT_PAIR_WORDS words whose 2-word
 * shingles are kept too (a second entry of e->short_texts); ART_MENTIONS:
 * its text names days (e->mentions) */
enum { ART_REPUBLISHED = 1, ART_SHINGLED = 2, ART_ATTRIBUTED = 4, ART_LEAD = 8, ART_WORD_PAIRS = 16, ART_MENTIONS = 32 };

/* A value that few articles have, kept beside the records rather than in
 * each (8 bytes an article that has it, not 4 or 8 of every record): a
 * table of them in article order, found by a search (art_value_of).  A
 * short text's first shingle in e->shingles (its count: up to the next
 * one's first, or the pool's end), an attribution's or a lead's offset in
 * the strings. */
typedef struct art_value {
    uint32_t art;
    uint32_t value;
} art_value;

/* The value of article a in table (n of them, a among them). */
static inline uint32_t art_value_of(const art_value *table, size_t n, uint32_t a)
{
    size_t lo = 0;
    while (n > 1) {
        size_t half = n / 2;
        lo = table[lo + half].art <= a ? lo + half : lo;
        n -= half;
    }
    return table[lo].value;
}

/* Texts with at most this many shingles keep them all: their MinHash
 * estimate varies too much to decide a near copy on. */
enum { SHORT_SHINGLES = 160 };
/* Texts of fewer words keep their 2-word shingles as well (after their
 * shingles, as an entry of their own in e->short_texts): a pair whose
 * shorter text has under short_words words is judged near on them
 * (np_params.short_words, at most this). */
enum { SHORT_PAIR_WORDS = 80 };

/* A sentence as a fingerprint holds it (the engine keeps its hash in
 * sent_hashes, its stem count and stems coded in stems). */
typedef struct sent {
    uint64_t hash;            /* of the sentence's words; 0 when too short to index */
    uint32_t stem_first;      /* sorted unique content stems in the stems pool */
    uint16_t n_stems;
    uint16_t n_tokens;
} sent;

/* TERM_FACT: a number with its word (analysis_facts), a term of stories
 * only: copy detection and `compare` do not see it. */
enum { TERM_NAME = 1, TERM_NUMBER = 2, TERM_FACT = 4 };

/* A term as a fingerprint holds it. */
typedef struct term {
    uint32_t stem;
    uint16_t tf;
    uint8_t flags;            /* TERM_* */
} term;

/* Counts below TF_BIG weigh from a table (story_vector.c). */
enum { TF_BIG = 31 };

/* terms.c: an article's terms as the engine keeps them in e->terms, from
 * a byte at a multiple of TERMS_ALIGN (art.term_first counts TERMS_ALIGN
 * bytes: 16 GiB of terms), coded: the gaps between the stems packed at the
 * width of the largest, then each term's flags and tf in a nibble.  Room
 * to code n terms at most (with the bytes a reader may load past the
 * last): */
enum { TERMS_ALIGN = 4 };
size_t terms_room(size_t n);
/* Codes n_words words (sorted by stem, ascending strictly, flags without
 * TERM_FACT) and n_facts facts (the same, by key, TERM_FACT) of terms into
 * out (room: terms_room; 8 zero bytes follow the code).  returns: the bytes the code
 * takes (0 for no term) */
size_t terms_code(const term *terms, uint32_t n_words, uint32_t n_facts, uint8_t *out);
/* terms_code's code at in coded again with ids in place of its stems
 * (ascending as the stems, words then facts, each at most the stem's
 * place among the odd values when all the stems are odd, else the stem:
 * then the code is no longer), into out (room: terms_room; 8 zero bytes
 * follow), the flags and counts as they were.  returns: the bytes */
size_t terms_recode(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *ids, uint8_t *out);
/* The same with the words' ids in two classes (term_ids.c): common, below
 * rare_base, and rare, each coded as its place in its class, so an
 * article's ids of each class ascend with its stems; the code is no longer
 * than terms_recode's by the words' count in bits and a byte at most
 * (a bit a word says its class when it has both).  rare_base 0:
 * terms_recode's code.  scratch: room for 2 * n_words (unread when
 * rare_base is 0). */
size_t terms_recode_by_class(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *ids,
                             uint32_t rare_base, uint32_t *scratch, uint8_t *out);
/* The stems of terms_code's code at in, words then facts, into stems
 * (room for n_words + n_facts); or of terms_recode's code, each id's
 * stem dictionary[id], or the ids with dictionary NULL.  A fact's id is
 * the value coded plus fact_base (the facts' ids follow the words':
 * term_ids.c; 0 for a code of stems). */
void terms_stems(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                 uint32_t fact_base, uint32_t *stems);
/* The same, with each term's tf and flags (TERM_*). */
void terms_decode(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                  uint32_t fact_base, uint32_t *stems, uint32_t *tfs, uint8_t *flags);
/* terms_stems and terms_decode of either code, the rare words' ids
 * rare_base on from their class's place (terms_recode_by_class's) */
void terms_stems_by_class(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                          uint32_t rare_base, uint32_t fact_base, uint32_t *stems);
void terms_decode_by_class(const uint8_t *in, uint32_t n_words, uint32_t n_facts, const uint32_t *dictionary,
                           uint32_t rare_base, uint32_t fact_base, uint32_t *stems, uint32_t *tfs, uint8_t *flags);
/* The values of the facts alone of a code at in (its stems, for a code
 * of stems) into stems (room for n_facts), the words' gaps skipped. */
void terms_fact_stems(const uint8_t *in, uint32_t n_words, uint32_t n_facts, uint32_t *stems);

typedef struct big_tf {
    uint32_t term;            /* index in the story vectors' pool */
    uint32_t tf;
} big_tf;
/* The tf of term t in a list sorted by term that has it (fingerprint.c). */
uint32_t big_tf_find(const big_tf *list, size_t n, size_t t);

typedef enum link_kind { LINK_EXACT = 1, LINK_NEAR, LINK_EXCERPT, LINK_REWRITE } link_kind;

typedef struct copy_link {
    uint32_t a, b;            /* article indexes, a < b */
    uint8_t kind;             /* link_kind */
    float score;              /* the deciding measure for the kind */
    float jaccard;            /* MinHash estimate */
    float containment;        /* shared sentences / sentences of the shorter */
    float aligned;            /* aligned sentences / sentences of the shorter */
    float ordered;            /* of them, the most that keep their order / sentences */
    float vocabulary;         /* shared stems / stems of the smaller vocabulary */
    uint16_t shared_sentences;
} copy_link;

typedef struct pair {
    uint32_t a, b;
    uint16_t shared_sentences;
    uint8_t sources;          /* PAIR_* bits: which index proposed it */
} pair;

enum { PAIR_LSH = 1, PAIR_SENTENCE = 2, PAIR_TERMS = 4, PAIR_WORDS = 8 };

typedef struct story {
    uint32_t first_member;    /* into story_members */
    uint32_t n_members;
    uint32_t storyline;
    int32_t first_day, last_day;
    uint32_t title_article;   /* the article whose title names the story */
} story;

struct np_engine {
    const np_allocator *allocator;
    np_params params;
    np_fingerprinter *printer; /* for np_engine_add, made by its first call (fingerprints
                                * made elsewhere need none: its stem cache is 2 MB) */
    int copies_only;          /* no stories: np_engine_copies_only */
    int no_rewrites;          /* nor rewrites: np_engine_no_rewrites (copies_only too) */
    int forms_unread;         /* never run (np_compare's engine): no display forms kept,
                               * as only a run's stories read them */
    np_stage_fn on_stage;     /* np_engine_on_stage, or NULL */
    void *on_stage_arg;
    int links_given;          /* stage_expect_links: no copy evidence kept */
    size_t threads;           /* for np_engine_run: np_engine_set_threads */
    size_t latest;            /* the article that came after all others (np_engine_mark_latest), or SIZE_MAX */
    parallel_pool *pool;      /* threads - 1 threads, kept through a run for
                               * every stage's parallel steps (engine_group
                               * ends them); NULL at one thread */
    buf strings;
    struct intern_slot *interned; /* the strings given so far, while articles are added (intern.c) */
    size_t intern_cap, intern_count;
    dateline *datelines;      /* the distinct ones, in the order first given (art.dateline) */
    size_t n_datelines, cap_datelines;
    struct intern_slot *dateline_slots; /* datelines' table, while articles are added (intern.c) */
    size_t dateline_slot_cap;

    art *arts;
    size_t n_arts, cap_arts;
    uint16_t *sigs;           /* MINHASH_K per article, folded (minhash_fold) */
    size_t cap_sigs;          /* articles sigs has room for */
    uint64_t *sent_hashes;    /* per sentence: sent.hash, while articles are added */
    uint8_t *sent_ranks;      /* once the run starts, in place of sent_hashes: each
                               * hash's rank among the run's distinct ones, from 1,
                               * packed at sent_rank_width bits (engine_rank_sentences);
                               * NULL before */
    unsigned sent_rank_width;
    unsigned sent_rank_shift; /* a rank's shift to the top bits (engine_sentence_key) */
    size_t n_sents, cap_sents;
    uint8_t *stems;           /* the sentences' stem counts and stems, coded (fingerprint.c) */
    size_t n_stems, cap_stems;
    uint8_t *terms;           /* per article, its term_count words and fact_count facts,
                               * coded (terms_code) */
    size_t n_term_bytes, cap_term_bytes;
    size_t n_terms;           /* the terms coded there */
    uint32_t *stem_of_id;     /* once the vocabulary is built: every stem of the
                               * corpus, ascending, the terms coded by their
                               * place in it, their id (term_ids.c); NULL while
                               * the terms are coded by stem */
    uint32_t *df_of_id;       /* each id's document frequency (the vocabulary
                               * is then given back) */
    size_t n_ids;             /* of stem_of_id and df_of_id: the words' ids, then
                               * from fact_id_base on the facts' (a stem both a
                               * word and a fact has one of each) */
    uint32_t fact_id_base;    /* 0 while the terms are coded by stem */
    uint32_t rare_id_base;    /* the words' ids below it are the common
                               * words' (df at or over a bound), those from it
                               * the rare ones', each class ascending by stem
                               * (term_ids.c); 0: one class */
    int top_at_recode;        /* candidates_find's: the recode (term_ids.c) also
                               * takes each article's top terms, into top_entries */
    struct keyed *top_entries; /* made so: term_pairs' entries, in article order
                                * (n_top_entries), until it reads them */
    size_t n_top_entries;
    uint32_t *nouns;          /* each fact term's noun (analysis_facts), in article order,
                               * while articles are added */
    uint8_t *noun_ranks;      /* once the run starts, in place of nouns: each noun's
                               * rank among the distinct ones, noun_width bits each
                               * (engine_rank_nouns); NULL before */
    unsigned noun_width;
    size_t noun_bytes;
    size_t n_nouns, cap_nouns;
    uint32_t *shingles;
    size_t n_shingles, cap_shingles;
    art_value *short_texts;   /* the ART_SHINGLED articles' first shingles */
    size_t n_short_texts, cap_short_texts;
    art_value *attributions;  /* the ART_ATTRIBUTED articles' attributions (offsets in strings) */
    size_t n_attributions, cap_attributions;
    art_value *leads;         /* the ART_LEAD articles' leads (offsets in strings) */
    size_t n_leads, cap_leads;
    art_mentions *mentions;   /* the ART_MENTIONS articles' days, in article order */
    size_t n_mentions, cap_mentions;

    /* results of np_engine_run */
    copy_link *links;
    size_t n_links;
    uint32_t *rank;           /* per article: its position in id order (ties, stable output) */
    uint32_t *family;         /* union-find parent, then family root */
    uint32_t *original;       /* per article: its family's original */
    uint32_t *via;            /* per article: the link index that makes it a copy, or UINT32_MAX */
    uint32_t *story_of;       /* per article */
    story *stories;
    size_t n_stories;
    uint32_t *story_members;
    size_t n_storylines;
    uint32_t *story_keywords; /* STORY_KEYWORDS stems per story, 0-padded */

    /* display form of each stem (forms.c): the forms each was written in
     * and how many articles wrote each (form_pairs, while articles are
     * added), then the one shown, found by the stem in surf_slots (from
     * engine_forms_end on; with word_keys, a stem's even key is its
     * words' form); the forms' strings in surfaces */
    struct form_pair *form_pairs;
    size_t pairs_cap, pairs_count;
    struct surface_slot *surf_slots;
    size_t surf_cap, surf_count;
    int word_keys;
    buf surfaces;
    struct vocab_entry *vocab; /* every stem of the corpus: vocab_find */
    size_t vocab_cap;
    size_t n_vocab;
    float *idf_of_df;         /* vocab_idfs of vocab */
    np_engine_stats stats;    /* np_engine_stats_get */
    int ran;
    int complete;             /* np_engine_run succeeded: answers can be read */
    char errmsg[512];
};

/* candidates.c: candidate pairs from LSH bands, shared sentences and shared
 * rare terms.  returns: pairs sorted by (a, b), owned by the caller. */
np_status candidates_find(np_engine *e, pair **out, size_t *n_out);

/* Every article's top terms as term_pairs takes them, as (stem, article)
 * in article order, each article's heaviest first, from the terms as they
 * are coded (on e->threads threads, in contiguous ranges of articles whose
 * entries are then closed up).  The recode takes the same when
 * e->top_at_recode (term_ids.c); this is the way without it, and the
 * tests'.  returns: *out owned by the caller */
np_status candidates_top_terms_decoded(const np_engine *e, struct keyed **out, size_t *n_out);

/* vocabulary.c: every stem's document frequency and idf (the vocabulary),
 * made by candidates_find, or alone when links come from elsewhere. */
np_status build_vocabulary(np_engine *e);
/* term_ids.c: every article's terms coded again with ids of the
 * vocabulary's stems (e->stem_of_id), smaller; by build_vocabulary. */
np_status engine_code_term_ids(np_engine *e);

/* candidates.c: the pieces the staged run's join (stages.c) shares. */
/* A stem's document frequency, in an open-addressing table of a
 * power-of-two size, df 0 marking an empty slot (a stem in the table is in
 * one article at least).  Its idf is not kept beside it but read from a
 * table by df (vocab_idfs): 8 bytes an entry, 8 to a lookup's cache line. */
typedef struct vocab_entry {
    uint32_t stem;
    uint32_t df;
} vocab_entry;

/* The smoothed idf of a stem in df of n_arts articles (a stem in every
 * article still weighs a little; df 0: a stem in none). */
static inline float vocab_idf(size_t n_arts, uint32_t df)
{
    return (float)log(1.0 + (double)n_arts / (1.0 + df));
}

/* vocabulary.c: vocab_idf of each df from 0 to the largest in table (of
 * cap slots).  returns: owned by the caller, NULL when out of memory */
float *vocab_idfs(const np_allocator *allocator, const vocab_entry *table, size_t cap, size_t n_arts);

/* the first slot stem's probe looks at */
static inline size_t vocab_home(size_t cap, uint32_t stem)
{
    return (size_t)((stem * 0x9e3779b97f4a7c15ULL) >> 32) & (cap - 1);
}

/* returns: the slot of stem in table, or the empty one where it goes */
static inline size_t vocab_find(const vocab_entry *table, size_t cap, uint32_t stem)
{
    size_t at = vocab_home(cap, stem);
    while (table[at].df && table[at].stem != stem)
        at = (at + 1) & (cap - 1);
    return at;
}

static inline void vocab_prefetch(const vocab_entry *table, size_t cap, uint32_t stem)
{
    __builtin_prefetch(&table[vocab_home(cap, stem)]);
}

typedef struct keyed {        /* an index entry: a key and the article that has it */
    uint64_t key;
    uint32_t art;
} keyed;

typedef struct pair_list {
    const np_allocator *allocator;
    pair *items;
    size_t n, cap;
} pair_list;

np_status pair_push(pair_list *l, uint32_t a, uint32_t b, uint16_t shared, uint8_t source);
/* Sorts entries made in article order by (key, article). */
np_status sort_keyed(const np_allocator *al, keyed *entries, size_t n);
/* The same order, with scratch of a share of the entries (sort_keyed uses
 * it above KEYED_IN_PLACE entries, 4 MB of scratch: an LSH thread sorts a
 * key of every article at a time, and at 1M articles the two threads'
 * copies were 30 MiB of the candidate stage's peak). */
np_status sort_keyed_in_place(const np_allocator *al, keyed *entries, size_t n);
enum { KEYED_IN_PLACE = 1 << 18 };
/* sort_keyed's order on threads of pool (NULL: threads of their own):
 * up to KEYED_IN_PLACE entries in chunks sorted on the threads and
 * merged on the calling thread (scratch of n, as sort_keyed's); more, or
 * one thread, sort_keyed itself. */
np_status sort_keyed_on(parallel_pool *pool, size_t threads, const np_allocator *al, keyed *entries, size_t n);
/* Every pair within each run of equal LSH keys (a run longer than max:
 * its first member with each other). */
np_status pairs_from_runs(const keyed *entries, size_t n, size_t max, pair_list *out);
/* Sorts l's pairs from `from` on (on `threads` threads) and merges equal
 * ones (shared adds up, sources join). */
np_status merge_pairs(pair_list *l, size_t from, size_t threads);
/* merge_pairs on the threads of `pool` (NULL: threads of its own). */
np_status merge_pairs_on(parallel_pool *pool, pair_list *l, size_t from, size_t threads);
/* For tests: the LSH pairs of e's signatures (of its articles with a
 * body, on e->threads threads), appended to out and merged, their counts
 * 0, as candidates_find takes them: the pairs of every band's runs
 * (pairs_from_runs). */
np_status candidates_lsh_pairs(np_engine *e, pair_list *out);

/* A partner of an article and how many keys they share; cmp_partner
 * orders the most shared first, then by article. */
typedef struct partner {
    uint32_t shared;
    uint32_t art;
} partner;
int cmp_partner(const void *a, const void *b);

typedef struct sharing {
    size_t max_bucket;     /* keys shared by more articles are skipped */
    unsigned min_shared;   /* keys a pair must share */
    size_t max_partners;   /* per article, the partners sharing most; 0 = all */
    int window;            /* days apart at most, when both are dated; < 0 = any */
    uint8_t source;        /* PAIR_* */
    uint8_t counts;        /* keep every pair's count (at most 255) in shared_sentences */
    /* when set, keep(keep_ctx, a, partners, n) keeps, in order, those of
     * a's n partners (with their counts) that may pair, and says how many:
     * all of an article's at once, so it can fetch what it reads ahead;
     * not called for an article with none */
    size_t (*keep)(const void *keep_ctx, uint32_t a, partner *partners, size_t n);
    const void *keep_ctx;
} sharing;

typedef struct sharing_corpus {
    const np_allocator *allocator;
    size_t n_arts;
    const int32_t *days;   /* per article, NO_DAY when undated */
    size_t threads;
} sharing_corpus;

/* sharing.c: for each article a, the articles b > a sharing at least how->min_shared
 * of its keys (*entries, sorted by key and within a key by article, as
 * sort_keyed leaves entries made in article order), in article order; each
 * a's partners in the order first met, key by key.  *entries
 * (allocated with c->allocator) is freed here and set to NULL. */
np_status count_shared(const sharing_corpus *c, keyed **entries, size_t k, const sharing *how, pair_list *out);


enum { TOP_TERMS = 10, MIN_SHARED_TERMS = 4, TERM_BUCKET = 256, TERM_PARTNERS = 32 };
/* The word-pair index (PAIR_WORDS): texts keeping their 2-word shingles
 * (ART_WORD_PAIRS) of fewer words than word_pairs_longest, paired when
 * they share MIN_SHARED_WORD_PAIRS of them and verify_short_near holds. */
enum { MIN_SHARED_WORD_PAIRS = 2 };
double word_pairs_longest(const np_params *pr);
/* A stem's document frequency (0 when unknown) and idf. */
typedef void (*term_lookup)(const void *ctx, uint32_t stem, uint32_t *df, float *idf);
typedef struct scored_term {
    uint32_t stem;
    float weight;
} scored_term;

static inline int cmp_scored(const void *a, const void *b)
{
    const scored_term *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return (x->stem > y->stem) - (x->stem < y->stem);
}

/* Whether a term of df can be a characteristic term: not unique to its
 * article (nor unknown, df 0), nor too common to pair on. */
static inline int characteristic_df(uint32_t df)
{
    return df - 2 <= TERM_BUCKET - 2;
}

/* Offers x to top, the *n (at most TOP_TERMS) first in cmp_scored's order
 * so far, kept sorted. */
static inline void characteristic_offer(scored_term top[TOP_TERMS], size_t *n, scored_term x)
{
    if (*n == TOP_TERMS && cmp_scored(&x, &top[*n - 1]) >= 0)
        return;
    size_t j = *n < TOP_TERMS ? (*n)++ : *n - 1;
    while (j > 0 && cmp_scored(&x, &top[j - 1]) < 0) {
        top[j] = top[j - 1];
        j--;
    }
    top[j] = x;
}

/* An article's TOP_TERMS most characteristic terms (tf-idf, df from 2 to
 * TERM_BUCKET) into out; returns how many.  Inline, so that a caller's
 * lookup is called directly (it is called for every term). */
static inline size_t characteristic_terms(const term *terms, size_t n_terms, term_lookup lookup, const void *ctx,
                                           uint32_t out[TOP_TERMS])
{
    scored_term top[TOP_TERMS];
    size_t n = 0;
    for (size_t t = 0; t < n_terms; t++) {
        uint32_t df;
        float idf;
        lookup(ctx, terms[t].stem, &df, &idf);
        if (characteristic_df(df))
            characteristic_offer(top, &n, (scored_term){ terms[t].stem, (float)(terms[t].tf * idf) });
    }
    for (size_t j = 0; j < n; j++)
        out[j] = top[j].stem;
    return n;
}

/* fingerprint.c, for tests: on, each token's display form is written out,
 * ranked and compared as engine_remember_form does, not read from the
 * token; the fingerprints must be the same either way. */
void fingerprinter_plain_forms(np_fingerprinter *f, int on);
/* For tests: on, each sentence stem's place among the article's words is
 * searched for in its sorted stems, not taken from the sort that made
 * them; the fingerprints must be the same either way. */
void fingerprinter_plain_places(np_fingerprinter *f, int on);
/* On, fingerprints keep no display forms (and none are chosen): for an
 * intake whose answer shows no story keywords (cluster --format jsonl or
 * csv), the one thing forms are for.  Terms, facts and dates are kept as
 * ever, so every other answer is the same. */
void fingerprinter_without_forms(np_fingerprinter *f, int on);
/* f's analysis segments Chinese, Japanese, Thai, Lao, Khmer and Burmese
 * with sg, a cleaner's segmenter on f's thread (cleaner_words), and reads
 * the runs that cleaner already segmented from it (analyser_share_words):
 * the same words, one ICU pass instead of two.  sg must outlive f's use. */
void fingerprinter_share_words(np_fingerprinter *f, struct segmenter *sg);
/* f's analyser (borrowed: f's), for a caller on f's thread between its
 * fingerprints, that analyses other texts as f does (compare's
 * paraphrase measures). */
struct analyser *fingerprinter_analyser(np_fingerprinter *f);
/* 1 when f makes the fingerprints np_fingerprinter_new's makes (neither
 * copies only, no rewrites, nor the forms and places of the switches
 * above): those np_engine_add makes for an engine that finds stories. */
int fingerprinter_full(const np_fingerprinter *f);
/* np_fingerprint into out, which must be empty: the fingerprinter's
 * buffer and out are exchanged, not copied, when both take memory from
 * one allocator (else the print is copied); out's old memory is the
 * fingerprinter's next buffer.  For a caller that keeps prints past the
 * next call (`cluster`'s batches). */
np_status fingerprint_into(np_fingerprinter *f, const np_article *a, buf *out);

/* A fingerprint this process's fingerprinter made, handed on unchanged
 * (np_fingerprint's or fingerprint_into's bytes).  Its shape is known, so
 * engine_add_own_print takes it without np_engine_add_fingerprint's check
 * of every sentence, stem code and term (print_read: 1.5% of a copies-only
 * run's instructions); only the sections' sizes are checked against its
 * size, as they are to find the sections.  The trust is in the type: only
 * the producers in this process make one, np_engine_add (from the
 * engine's own fingerprinter) and the CLI's intake (cli_fingerprint_inputs,
 * from the job buffers fingerprint_into alone fills).  Prints read from
 * anywhere else (shards, `join`, `verify`, a caller of the public API)
 * come in through np_engine_add_fingerprint and are checked whole. */
typedef struct own_print {
    const void *data;
    size_t size;
} own_print;
/* np_engine_add_fingerprint for an own_print: same answers, same errors
 * for a print of the wrong kind (copies-only) or past the engine's caps. */
np_status engine_add_own_print(np_engine *e, own_print print);

/* fingerprint.c: what the candidate indexes read of a fingerprint, in
 * place (borrowed from data).  returns: 1 if data is a well-formed one */
typedef struct print_keys {
    const uint32_t *sig;      /* MINHASH_K */
    const sent *sents;
    uint32_t n_sents;
    const uint32_t *stem_codes; /* the sentences' (sent.stem_first): place among the words << 1 | name bit */
    const term *terms;        /* sorted by stem */
    uint32_t n_terms;
    uint64_t exact;
    int32_t day;
    const char *id;           /* NUL-terminated */
    uint32_t words;
    const uint32_t *word_pairs; /* a short text's 2-word shingles (ART_WORD_PAIRS), or none */
    uint32_t n_word_pairs;
} print_keys;
int print_keys_read(const void *data, size_t size, print_keys *out);
/* fingerprint.c, for tests: a fingerprint's sentence stems coded as the
 * engine keeps them into out (room bytes: 5 per stem and per sentence, and
 * 8), *k their Rice parameter, *bytes the bytes written.  returns: 0 if
 * data is no fingerprint or out too small */
int print_stem_codes(const void *data, size_t size, uint8_t *out, size_t room, unsigned *k, size_t *bytes);

/* verify.c: links from candidate pairs (owned by the engine). */
np_status verify_pairs(np_engine *e, const pair *pairs, size_t n_pairs);

/* verify.c: whether articles a and b, sharing `shared` of the indexed
 * sentences of the one with fewer (`fewer`), could be judged a copy by
 * verify_pairs at all: false when no test of judge_pair can pass (not the
 * same text, lengths too far apart for near, too few shared sentences for
 * an excerpt, too far apart in time for a rewrite), whatever else is known
 * of the pair. */
int verify_may_link(const np_engine *e, uint32_t a, uint32_t b, size_t shared, size_t fewer);

/* What verify_may_link reads of an article, packed: a candidate stage that
 * asks it of millions of pairs reads 24 bytes an article, not an art. */
typedef struct link_facts {
    uint64_t exact;
    uint32_t words;
    int32_t day;
    uint32_t indexed;         /* engine_indexed_sentences */
    uint8_t shingled;         /* ART_SHINGLED marked (where known): verify_jaccard reads
                               * its exact shingles, not its signature */
} link_facts;
link_facts verify_link_facts(const np_engine *e, uint32_t a);
/* verify_may_link of the articles of x and y, fewer their fewer indexed. */
int verify_facts_may_link(const np_params *pr, const link_facts *x, const link_facts *y, size_t shared);
/* Of a pair verify_facts_may_link keeps: whether the near test alone can
 * make it a copy (dated too far apart for a rewrite, or in a run without
 * rewrites; not the same text; too few shared sentences for an excerpt);
 * it is one only when verify_jaccard reaches near_jaccard. */
int verify_facts_near_only(const np_params *pr, const link_facts *x, const link_facts *y, size_t shared);
/* The Jaccard judge_pair weighs a near copy by: of the exact shingles when
 * both texts are short enough to keep them, else of the signatures. */
float verify_jaccard(const np_engine *e, uint32_t a, uint32_t b);
/* Whether verify_jaccard(e, a, b) >= at, x and y the facts of a and b
 * (the records not read), the signatures' second halves read only where
 * their first halves leave it open. */
int verify_jaccard_reaches(const np_engine *e, const link_facts *x, uint32_t a, const link_facts *y, uint32_t b,
                           double at);
/* The memory verify_jaccard_reaches reads first of article a, fetched ahead. */
void verify_jaccard_reaches_prefetch(const np_engine *e, uint32_t a);
/* The exact Jaccard of a's and b's 2-word shingles, or -1 when one of
 * them does not keep them (ART_WORD_PAIRS). */
float verify_word_pairs(const np_engine *e, uint32_t a, uint32_t b);
/* Whether judge_pair calls the pair of x (article a) and y (article b) a
 * near copy by its 2-word shingles: the shorter under short_words words,
 * the lengths within near_length_ratio, the Jaccard at near_jaccard. */
int verify_short_near(const np_engine *e, const link_facts *x, uint32_t a, const link_facts *y, uint32_t b);
/* Whether the sentence index keeps the pair of x (article a) and y
 * (article b) sharing `shared` indexed sentences: verification could
 * judge it a copy (verify_facts_may_link, and where only the near test
 * can, its Jaccard or word pairs reach near).  candidates.c asks it of
 * every pair sharing two sentences; stage_verify of the staged run's, so
 * that both judge the same pairs with the same counts. */
static inline int verify_sentence_pair_kept(const np_engine *e, const link_facts *x, uint32_t a, const link_facts *y,
                                            uint32_t b, size_t shared)
{
    const np_params *pr = &e->params;
    return verify_facts_may_link(pr, x, y, shared) &&
           (!verify_facts_near_only(pr, x, y, shared) || verify_jaccard_reaches(e, x, a, y, b, pr->near_jaccard) ||
            verify_short_near(e, x, a, y, b));
}
/* The memory verify_jaccard reads of article a, fetched ahead. */
void verify_jaccard_prefetch(const np_engine *e, uint32_t a);

/* Why a pair whose sentences align as a rewrite's is no rewrite: its
 * dates too far apart (far), or too few sentences to align (sentences,
 * of sentences_needed; 0 when there were enough). */
typedef struct verify_why_not {
    int far;
    size_t sentences, sentences_needed;
} verify_why_not;
/* verify.c: every measure of one pair and whether it is a copy, and
 * (*why_not, unless NULL) why it is none where it aligns as a rewrite would. */
np_status verify_compare(np_engine *e, uint32_t a, uint32_t b, copy_link *out, int *is_copy, verify_why_not *why_not);
/* verify.c: for a pair that is no copy (l as verify_compare measured it,
 * word_pairs the short texts' measure or -1), what each kind of copy
 * needs against what the pair has, into note (size bytes); "" when no
 * measure comes near its kind's (half its threshold, or the alignment
 * of a rewrite all in order). */
void verify_miss_note(const np_params *pr, const copy_link *l, float word_pairs, char *note, size_t size);

/* verify.c: whether a is the text a rewrite alignment of a and b aligns
 * to the other (fewer sentences; on a tie, the smaller id). */
int verify_aligned_first(const np_engine *e, const art *a, const art *b);

/* family.c: union-find over links, originals, each copy's link. */
np_status family_group(np_engine *e);
/* family_bridge.c: drops from e->links the rewrites by which a shorter
 * text would join groups of articles no other path joins, but for the
 * group it is tied to best (before family_group). */
np_status family_drop_bridges(np_engine *e);

/* story.c (with story_*.c, storyline.c): term weights, stories and
 * storylines. */
np_status story_group(np_engine *e);

/* Union-find: the root of x, halving the path on the way. */
static inline uint32_t uf_root(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Frees pools no later stage reads, once np_engine_run is past them:
 * signatures, sentences and shingles after verification, terms and the
 * vocabulary once the story vectors are made.  An engine is run once. */
enum { RELEASE_COPY_EVIDENCE = 1, RELEASE_TERMS = 2 };
void engine_release(np_engine *e, int what);
/* Gives back the room of the terms from byte `from` of e->terms on (an
 * article's start), which no stage reads any more (a failed shrink keeps
 * it): story_group makes its vectors last article first and trims as it
 * goes, so that the terms and the vectors made of them are not held in
 * full together. */
void engine_trim_terms(np_engine *e, size_t from);

/* intern.c: an article's metadata string s (len bytes and a NUL) in
 * e->strings, where an article before gave the same (its offset then),
 * else appended.  engine_intern_reserve first makes room in the table for
 * `more` strings; the caller reserves len + 1 bytes in e->strings: then
 * engine_intern cannot fail.  engine_intern_end frees the table once no
 * article is added any more. */
typedef struct intern_slot intern_slot;
np_status engine_intern_reserve(np_engine *e, size_t more);
uint32_t engine_intern(np_engine *e, const char *s, size_t len);
/* The index in e->datelines of d, where an article before gave the same
 * (its index then), else appended.  engine_dateline_reserve first makes
 * room for one more: then engine_intern_dateline cannot fail.
 * engine_intern_end frees the table and the datelines' slack. */
np_status engine_dateline_reserve(np_engine *e);
uint32_t engine_intern_dateline(np_engine *e, dateline d);
void engine_intern_end(np_engine *e);

/* ranks.c: every sentence's hash replaced by its rank among the run's
 * distinct hashes (e->sent_ranks, packed at the width of the largest; read through
 * engine_sentence_key), once no article is added any more; the hashes
 * stay when there is no memory for the scratch.  returns: NP_ENOMEM then */
np_status engine_rank_sentences(np_engine *e);
/* The same for every fact's noun (e->noun_ranks, packed; read through
 * engine_fact_noun). */
np_status engine_rank_nouns(np_engine *e);

/* helpers shared by the stages */
const char *engine_string(const np_engine *e, size_t offset); /* NULL for NO_STRING */
/* Article a's attribution and lead (offsets in the strings), NO_STRING
 * when it has none */
static inline uint32_t engine_attribution(const np_engine *e, uint32_t a)
{
    return e->arts[a].marks & ART_ATTRIBUTED ? art_value_of(e->attributions, e->n_attributions, a) : NO_STRING;
}
static inline uint32_t engine_lead(const np_engine *e, uint32_t a)
{
    return e->arts[a].marks & ART_LEAD ? art_value_of(e->leads, e->n_leads, a) : NO_STRING;
}
/* Article r's date, source and language */
static inline const dateline *engine_dateline(const np_engine *e, const art *r)
{
    return &e->datelines[r->dateline];
}
/* The days article a's text names into days (ART_MENTIONS_MAX of them,
 * 0 = none, the named ones first) */
static inline void engine_mentions(const np_engine *e, uint32_t a, uint16_t days[ART_MENTIONS_MAX])
{
    memset(days, 0, ART_MENTIONS_MAX * sizeof *days);
    if (!(e->arts[a].marks & ART_MENTIONS))
        return;
    size_t lo = 0, n = e->n_mentions;
    while (n > 1) {
        size_t half = n / 2;
        lo = e->mentions[lo + half].art <= a ? lo + half : lo;
        n -= half;
    }
    memcpy(days, e->mentions[lo].days, ART_MENTIONS_MAX * sizeof *days);
}
/* A stem's display form (from engine_forms_end on); with the stem's low
 * bit clear (a story's word, not its name: story_vector.c's mark), the
 * form its words are written in where it has one of its own.
 * returns: NULL if unknown */
const char *engine_surface(const np_engine *e, uint32_t stem);
/* How good a display form is among its kind: a name as written (3) over
 * the name in capitals (2); a word without a Korean particle (2) over a
 * word written in lower case (1) over a word only written capitalised
 * (0: `capital`, at a sentence's start, lowered in form). */
int engine_form_rank(const char *form, int name, int capital);
enum { FORM_MAX = 64 }; /* bytes of a display form kept */
/* One more article writes stem as text (len bytes, at most FORM_MAX kept)
 * with rank (engine_form_rank of it, 0 to 3). */
np_status engine_remember_form(np_engine *e, uint32_t stem, int rank, const char *text, size_t len);
/* engine_remember_form of each of n_forms forms, packed as a fingerprint
 * holds them: {u32 stem, u8 rank, u8 length, bytes}. */
np_status engine_remember_forms(np_engine *e, const unsigned char *forms, size_t n_forms);
/* Each stem's form chosen from those remembered: a name if any, the one
 * most articles write, then the best rank; else a word, the best rank,
 * then the most articles; then the first remembered.  A name written in
 * lower case by more articles than write the name shows so ("film").
 * A stem shown as a name also keeps its words' form ("aid" beside
 * "Aids"), for the stories that weigh it as a word, under its even key
 * (when every stem is odd, as the analyser's are).  engine_surface reads
 * them from then on, and the counts are let go.
 * returns: NP_ENOMEM or NP_OK */
np_status engine_forms_end(np_engine *e);
/* The counts of engine_remember_form let go (engine_forms_end does). */
void engine_forms_free(np_engine *e);
/* The bytes the display forms hold: tables and strings. */
size_t engine_forms_bytes(const np_engine *e);
/* A stem's vocabulary entry, or NULL; its idf (one not in the vocabulary:
 * as if in no article). */
static inline const vocab_entry *engine_vocab(const np_engine *e, uint32_t stem)
{
    if (!e->vocab_cap)
        return NULL;
    const vocab_entry *v = &e->vocab[vocab_find(e->vocab, e->vocab_cap, stem)];
    return v->df ? v : NULL;
}

static inline float engine_idf(const np_engine *e, uint32_t stem)
{
    const vocab_entry *v = engine_vocab(e, stem);
    return v ? e->idf_of_df[v->df] : vocab_idf(e->n_arts, 0);
}
/* Tells np_engine_on_stage's function that a stage or one of its steps
 * begins (on the calling thread only). */
static inline void engine_stage_begins(const np_engine *e, np_stage stage, const char *step)
{
    if (e->on_stage)
        e->on_stage(e->on_stage_arg, stage, step);
}
/* How far a long step is, for the on_stage hook: "STEP, N%" (with a round,
 * "STEP ROUND, N%") each time its whole percent of total changes; *shown
 * keeps the last percent told (UINT_MAX before the first).  Calling
 * thread only. */
void engine_step_report(const np_engine *e, np_stage stage, const char *step, unsigned round, unsigned percent);
static inline void engine_step_progress(const np_engine *e, np_stage stage, const char *step, unsigned round,
                                        size_t done, size_t total, unsigned *shown)
{
    if (!e->on_stage || !total)
        return;
    unsigned percent = (unsigned)(done >= total ? 100 : done * 100 / total);
    if (percent != *shown) {
        *shown = percent;
        engine_step_report(e, stage, step, round, percent);
    }
}
/* Where article r's coded terms start in e->terms. */
static inline const uint8_t *engine_terms_of(const np_engine *e, const art *r)
{
    return e->terms + (size_t)r->term_first * TERMS_ALIGN;
}
/* The most terms (words and facts) an article of [from, to) has */
static inline size_t engine_most_terms(const np_engine *e, size_t from, size_t to)
{
    size_t most = 0;
    for (size_t i = from; i < to; i++)
        most = e->arts[i].term_count + e->arts[i].fact_count > most ? e->arts[i].term_count + e->arts[i].fact_count
                                                                     : most;
    return most;
}
/* Article r's term stems, words then facts, into stems (room for
 * term_count + fact_count). */
static inline void engine_term_stems(const np_engine *e, const art *r, uint32_t *stems)
{
    if (r->term_count + r->fact_count)
        terms_stems_by_class(engine_terms_of(e, r), r->term_count, r->fact_count, e->stem_of_id, e->rare_id_base,
                             e->fact_id_base, stems);
}
/* The same with each term's tf and flags (TERM_*). */
static inline void engine_terms(const np_engine *e, const art *r, uint32_t *stems, uint32_t *tfs, uint8_t *flags)
{
    if (r->term_count + r->fact_count)
        terms_decode_by_class(engine_terms_of(e, r), r->term_count, r->fact_count, e->stem_of_id, e->rare_id_base,
                              e->fact_id_base, stems, tfs, flags);
}
/* The same with each term's id in place of its stem (its stem while
 * the terms are coded by stem): engine_id_stem and engine_id_df read
 * either, without a search of the vocabulary once there are ids. */
static inline void engine_term_ids(const np_engine *e, const art *r, uint32_t *ids, uint32_t *tfs, uint8_t *flags)
{
    if (r->term_count + r->fact_count)
        terms_decode_by_class(engine_terms_of(e, r), r->term_count, r->fact_count, NULL, e->rare_id_base,
                              e->fact_id_base, ids, tfs, flags);
}
static inline uint32_t engine_id_stem(const np_engine *e, uint32_t id)
{
    return e->stem_of_id ? e->stem_of_id[id] : id;
}
/* The document frequency of a term of the corpus by engine_term_ids's id */
static inline uint32_t engine_id_df(const np_engine *e, uint32_t id)
{
    if (e->df_of_id)
        return e->df_of_id[id];
    const vocab_entry *v = engine_vocab(e, id);
    return v ? v->df : 0;
}
/* A term of an article whose df can make it a characteristic term. */
typedef struct top_candidate {
    uint32_t id, df;          /* engine_term_ids's */
    uint32_t term;            /* its place in the article's terms */
} top_candidate;
/* Article `article`'s top terms (characteristic_offer's) of its n_words words
 * by id (with e->df_of_id: the terms coded by id, or about to be by the
 * recode) into out as (stem, art); returns how many (at most TOP_TERMS).
 * The terms whose df can make one (a quarter of the terms in gencorpus,
 * the rest too common) are picked into cand (room for n_words) without a
 * branch, then weighed and ranked.  stems: each id's stem, or NULL to
 * read them from e->stem_of_id. */
static inline size_t engine_top_terms_by_id(const np_engine *e, uint32_t article, const uint32_t *ids,
                                            const uint32_t *stems, const uint32_t *tfs, uint32_t n_words,
                                            top_candidate *cand, keyed *out)
{
    size_t k = 0;
    for (uint32_t t = 0; t < n_words; t++) {
        uint32_t df = e->df_of_id[ids[t]];
        cand[k] = (top_candidate){ ids[t], df, t };
        k += characteristic_df(df);
    }
    scored_term top[TOP_TERMS];
    size_t n = 0;
    for (size_t c = 0; c < k; c++)
        characteristic_offer(top, &n,
                             (scored_term){ stems ? stems[cand[c].term] : e->stem_of_id[cand[c].id],
                                            (float)(tfs[cand[c].term] * e->idf_of_df[cand[c].df]) });
    for (size_t j = 0; j < n; j++)
        out[j] = (keyed){ top[j].stem, article };
    return n;
}
/* Its idf, as engine_idf gives it for its stem */
static inline float engine_id_idf(const np_engine *e, uint32_t id)
{
    return e->df_of_id ? e->idf_of_df[e->df_of_id[id]] : engine_idf(e, id);
}
/* Sentence s's key: its hash, or once the hashes are ranked its rank
 * shifted to the top bits, equal and ordered as the hashes are and spread
 * over the top bits as they are; 0 for a sentence not indexed.  A loop
 * over many reads them through a sentence_keys of its own, whose fields
 * stay in registers (the engine's would be loaded again after each store
 * the loop makes). */
typedef struct sentence_keys {
    const uint64_t *hashes;   /* while not ranked */
    const uint8_t *ranks;     /* once ranked, packed */
    uint64_t mask;            /* a rank's bits */
    unsigned width, shift;
} sentence_keys;

static inline sentence_keys engine_sentence_keys(const np_engine *e)
{
    unsigned width = e->sent_ranks ? e->sent_rank_width : 0;
    return (sentence_keys){ e->sent_hashes, e->sent_ranks, (1ull << width) - 1, width, e->sent_rank_shift };
}

static inline uint64_t sentence_key(const sentence_keys *k, size_t s)
{
    if (!k->ranks)
        return k->hashes[s];
    return (bits_peek(k->ranks, (uint64_t)s * k->width) & k->mask) << k->shift;
}

static inline uint64_t engine_sentence_key(const np_engine *e, size_t s)
{
    sentence_keys k = engine_sentence_keys(e);
    return sentence_key(&k, s);
}
/* Fact noun i (in article order): the noun, or once ranked its rank,
 * equal and ordered as the nouns are. */
static inline uint32_t engine_fact_noun(const np_engine *e, size_t i)
{
    if (!e->noun_ranks)
        return e->nouns[i];
    return (uint32_t)(bits_peek(e->noun_ranks, (uint64_t)i * e->noun_width) & ((1ull << e->noun_width) - 1));
}
/* Article r's sentences that are indexed (hashed: long enough), the
 * ones sentence containment counts. */
static inline uint32_t engine_indexed_sentences(const np_engine *e, const art *r)
{
    sentence_keys k = engine_sentence_keys(e);
    uint32_t n = 0;
    for (uint32_t s = r->sent_first; s < r->sent_first + r->sent_count; s++)
        n += sentence_key(&k, s) != 0;
    return n;
}
/* Article r's sentence stems as stem codes of align.h, one sentence after
 * another, the first `room` of them into out, and each sentence's count
 * into sizes (room for r->sent_count); words: r's term stems
 * (engine_term_stems), which the codes name by place.  returns: how many
 * it has (more than room: call again with more); fingerprint.c. */
size_t engine_sentence_stem_count(const np_engine *e, const art *r);
size_t engine_sentence_stems(const np_engine *e, const art *r, const uint32_t *words, uint32_t *out, size_t room,
                             uint32_t *sizes);
/* The same as places among r's words (its first term_count term stems):
 * place << 1 | the name bit, for align_sentences' placed_text. */
size_t engine_sentence_places(const np_engine *e, const art *r, uint32_t *out, size_t room, uint32_t *sizes);
int32_t engine_day_of(const char *date); /* "YYYY-MM-DD" -> days, NO_DAY if invalid */
/* atoi(p), read directly when p starts with exactly `digits` digits (a
 * date's field; atoi's calls were most of engine_day_of's 500
 * instructions an article), else atoi's answer: p is readable to
 * p[digits] (a NUL ends a shorter string first). */
int engine_date_number(const char *p, int digits);
/* -1 if a was published before b, 1 if after, 0 if unknown or the same */
int engine_compare_time(const np_engine *e, uint32_t a, uint32_t b);

#endif
