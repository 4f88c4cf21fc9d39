/*
 * fingerprint: one article reduced to what the engine keeps of it, as one
 * flat byte string.
 *
 * np_fingerprint analyses a cleaned article (tokens, stems, sentences) and
 * writes its metadata strings, the hash of its body's words (exact), its
 * MinHash signature, the shingles of a short text, each sentence's hash
 * with its sorted content stems, its term counts and the best display form
 * of each of its stems.  Making a fingerprint needs no engine, so several
 * threads can make them at once, one fingerprinter each;
 * np_engine_add_fingerprint then appends them to the engine in input order,
 * which keeps a threaded run's answer the same bytes as a sequential one.
 * np_engine_add is the two in turn.  A copies-only fingerprinter leaves
 * out what only stories read (display forms, the dates named), and only a
 * copies-only engine takes its prints.  It keeps the facts: their keys are
 * counted in the vocabulary with the words' stems (a key may equal a stem),
 * and copy detection reads the words' document frequencies.  A
 * fingerprinter without rewrites (np_fingerprinter_no_rewrites) leaves out
 * as well what only rewrites read, the terms and the sentences' stems, and
 * analyses the body's words alone (analyse_article_words): no stems, no
 * title; but a text short enough to be judged near by its word pairs
 * (under SHORT_PAIR_WORDS words) keeps its terms, whose names and numbers
 * that judgement reads (verify.c, names_kept).
 *
 * The engine's intake of prints is print_intake.c's; the layout, and the
 * trust a print is read with, print_format.h's.
 */
#include "cluster/engine.h"
#include "cluster/print_format.h"
#include "cluster/print_forms.h"
#include "cluster/sentence_hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* inlined, and XXH3's AVX2 kernels built beside the SSE2 ones it takes by
 * default (their functions marked for AVX2): an article's words' exact
 * hash, a few KB, in half the vector steps where the processor has AVX2,
 * the same hash */
#define XXH_INLINE_ALL
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define WORDS_HASH_AVX2 1
#define XXH_DISPATCH_AVX2 1
#define XXH_TARGET_AVX2 __attribute__((target("avx2")))
#else
#define WORDS_HASH_AVX2 0
#endif
#include <xxhash.h>

#include "common/alloc.h"
#include "common/bits.h"
#include "common/radix.h"
#include "common/utf8.h"
#include "text/date.h"
#include "text/textutil.h"

struct np_fingerprinter {
    const np_allocator *allocator;
    analyser *analyser;
    arena scratch;            /* per-article analysis */
    buf out;                  /* the last fingerprint */
    buf forms;                /* its display forms, before they join out */
    int plain_forms;          /* fingerprinter_plain_forms */
    int plain_places;         /* fingerprinter_plain_places */
    int copies_only;          /* np_fingerprinter_copies_only */
    int no_rewrites;          /* np_fingerprinter_no_rewrites */
    int without_forms;        /* fingerprinter_without_forms */
    char errmsg[512];
};

void fingerprinter_plain_forms(np_fingerprinter *f, int on)
{
    f->plain_forms = on != 0;
}

void fingerprinter_plain_places(np_fingerprinter *f, int on)
{
    f->plain_places = on != 0;
}

void fingerprinter_without_forms(np_fingerprinter *f, int on)
{
    f->without_forms = on != 0;
}

void fingerprinter_share_words(np_fingerprinter *f, struct segmenter *sg)
{
    analyser_share_words(f->analyser, sg);
}

np_status np_fingerprinter_copies_only(np_fingerprinter *f)
{
    if (!f)
        return NP_EPARAM;
    f->copies_only = 1;
    return NP_OK;
}

np_status np_fingerprinter_no_rewrites(np_fingerprinter *f)
{
    if (!f)
        return NP_EPARAM;
    f->copies_only = 1;
    f->no_rewrites = 1;
    return NP_OK;
}

np_status np_fingerprinter_new(np_fingerprinter **out, const np_allocator *allocator)
{
    *out = NULL;
    if (!allocator)
        allocator = np_default_allocator();
    np_fingerprinter *f = np_calloc(allocator, 1, sizeof *f);
    if (!f)
        return NP_ENOMEM;
    f->allocator = allocator;
    arena_init(&f->scratch, allocator, 256 * 1024);
    buf_init(&f->out, allocator);
    buf_init(&f->forms, allocator);
    if (analyser_new(&f->analyser, allocator) != NP_OK) {
        np_free(allocator, f);
        return NP_ENOMEM;
    }
    *out = f;
    return NP_OK;
}

struct analyser *fingerprinter_analyser(np_fingerprinter *f)
{
    return f->analyser;
}

int fingerprinter_full(const np_fingerprinter *f)
{
    return !f->copies_only && !f->no_rewrites && !f->plain_forms && !f->plain_places && !f->without_forms;
}

void np_fingerprinter_free(np_fingerprinter *f)
{
    if (!f)
        return;
    analyser_free(f->analyser);
    arena_free(&f->scratch);
    buf_free(&f->out);
    buf_free(&f->forms);
    np_free(f->allocator, f);
}

const char *np_fingerprinter_errmsg(const np_fingerprinter *f)
{
    return f ? f->errmsg : "no fingerprinter";
}

/* Appends n bytes and pads the buffer to a multiple of 8. */
static np_status put(buf *b, const void *data, size_t n)
{
    static const char zeros[8];
    np_status st = n ? buf_append(b, data, n) : NP_OK;
    if (st == NP_OK && b->len % 8)
        st = buf_append(b, zeros, 8 - b->len % 8);
    return st;
}

/* An article's stemmed words sorted by stem (stem << 32 | token), with
 * room for its facts' keys after them (put_terms), and each stemmed
 * token's place among the distinct stems (the index of its term) as its
 * sentence's codes. */
typedef struct word_order {
    uint64_t *keys, *tmp;     /* room for the words and the facts */
    size_t n_words;
    size_t n_stems;           /* the distinct stems */
    fact *facts;              /* analysis_facts */
    size_t n_facts;
    term *terms;              /* without forms: a term a stem, counted, room for the facts'; else NULL */
    /* each sentence's stemmed words as codes (place << 1 | name bit) in
     * the order of their places (the words sorted by stem put back in
     * their sentences, stably), each place once, named when any of its
     * words is: sentence s's from its first token's index to
     * sentence_end[s] */
    uint32_t *sentence_codes, *sentence_end;
} word_order;

/* One more of a term's words: its count and kinds. */
static inline void count_word(term *out, const token *tok)
{
    out->tf = (uint16_t)(out->tf + (out->tf < UINT16_MAX));
    out->flags |= (uint8_t)(((tok->flags & TOK_NAME) ? TERM_NAME : 0) | ((tok->flags & TOK_NUMBER) ? TERM_NUMBER : 0));
}

static np_status sort_words(np_fingerprinter *f, const analysis *an, word_order *w)
{
    w->facts = arena_alloc(&f->scratch, (2 * an->n_tokens + 1) * sizeof *w->facts);
    if (!w->facts)
        return NP_ENOMEM;
    /* facts are terms of stories alone: copy detection never reads them */
    w->n_facts = f->copies_only ? 0 : analysis_facts(an, w->facts);
    size_t room = an->n_tokens + w->n_facts + 1;
    w->keys = arena_alloc(&f->scratch, room * sizeof *w->keys);
    w->tmp = arena_alloc(&f->scratch, room * sizeof *w->tmp);
    /* copies-only or without forms: each word counted in its stem's term
     * as its place is found (no display forms to choose: only story
     * keywords show them) */
    int without_forms = f->copies_only || f->without_forms;
    w->terms = without_forms ? arena_alloc(&f->scratch, room * sizeof *w->terms) : NULL;
    w->sentence_codes = arena_alloc(&f->scratch, (an->n_tokens + 1) * sizeof *w->sentence_codes);
    w->sentence_end = arena_alloc(&f->scratch, (an->n_sentences + 1) * sizeof *w->sentence_end);
    if (!w->keys || !w->tmp || (without_forms && !w->terms) || !w->sentence_codes ||
        !w->sentence_end)
        return NP_ENOMEM;
    /* a sentence's codes where its tokens are: it has no more stemmed
     * words than tokens, so no count is needed first */
    uint32_t *end = w->sentence_end;
    for (size_t s = 0; s < an->n_sentences; s++)
        end[s] = an->sentences[s].first;
    size_t n = 0;
    /* the low halves ascend as made, so sorting by the high half suffices */
    for (size_t t = 0; t < an->n_tokens; t++) {
        w->keys[n] = (uint64_t)an->tokens[t].stem << 32 | t;
        n += an->tokens[t].stem != 0; /* kept when stemmed: stopwords come unpredictably */
    }
    radix_sort_u64_high_hashes(w->keys, w->tmp, n); /* stems are hashes */
    w->n_words = n;
    /* a stem's first word starts its place, without a branch: most stems
     * are one word's, some several's */
    size_t u = 0;
    uint32_t prev = 0; /* no stemmed word's: stems are odd */
    uint32_t prev_sentence = UINT32_MAX, prev_code = 0;
    term *terms = w->terms;
    if (terms)
        memset(&terms[0], 0, sizeof *terms);
    for (size_t i = 0; i < n; i++) {
        uint32_t stem = (uint32_t)(w->keys[i] >> 32), t = (uint32_t)w->keys[i];
        uint32_t fresh = stem != prev;
        u += fresh;
        const token *tok = &an->tokens[t];
        /* a place once in its sentence, named when any of its words is:
         * a stem's words come one after another, so a word of the place
         * just written in the same sentence writes over its code, without
         * a branch */
        uint32_t s = tok->sentence;
        uint32_t again = !fresh & (s == prev_sentence);
        uint32_t code = (again ? prev_code : (uint32_t)(u - 1) << 1) | ((tok->flags & (TOK_NAME | TOK_NUMBER)) != 0);
        end[s] -= again;
        w->sentence_codes[end[s]++] = code;
        prev_code = code;
        prev_sentence = s;
        prev = stem;
        if (terms) {
            terms[u - 1].stem = stem;
            count_word(&terms[u - 1], &an->tokens[t]);
            memset(&terms[u], 0, sizeof *terms); /* the next stem's, zeroed ahead */
        }
    }
    w->n_stems = u;
    return NP_OK;
}

/* The place of stem among the n distinct stems (one of them), searched
 * for: fingerprinter_plain_places. */
static uint32_t search_place(const uint32_t *stems, size_t n, uint32_t stem)
{
    /* lower bound, without branches: the halves taken are data */
    size_t lo = 0;
    while (n > 1) {
        size_t half = n / 2;
        lo = stems[lo + half - 1] < stem ? lo + half : lo;
        n -= half;
    }
    return (uint32_t)(lo + (n == 1 && stems[lo] < stem));
}

/* Sentences of the body: their word hash and sorted unique content stems,
 * each written as its place among the article's words << 1 | a name bit
 * (a name anywhere in the sentence sets it): the code the engine keeps,
 * read from sort_words' codes by sentence.  `plain_places`: each place
 * searched for and a sentence's sorted.  w NULL (without rewrites): no
 * stems. */
static np_status put_sentences(np_fingerprinter *f, const analysis *an, const word_order *w, print_head *h)
{
    sent *sents = arena_alloc(&f->scratch, (an->n_sentences + 1) * sizeof *sents);
    uint32_t *stems = arena_alloc(&f->scratch, (an->n_tokens + 1) * sizeof *stems);
    uint32_t *tmp = arena_alloc(&f->scratch, (an->n_tokens + 1) * sizeof *tmp);
    uint64_t *hashes = arena_alloc(&f->scratch, (an->n_sentences + 1) * sizeof *hashes);
    if (!sents || !stems || !tmp || !hashes)
        return NP_ENOMEM;
    /* the body's sentences follow the title's */
    size_t body = 0;
    while (body < an->n_sentences && an->sentences[body].first < an->n_title_tokens)
        body++;
    sentence_hashes_of(an, body, f->plain_places, hashes);
    /* plain_places: the distinct stems, ascending, to search (the keys'
     * high halves, each once) */
    uint32_t *distinct = NULL;
    int plain = f->plain_places && w;
    if (plain) {
        if (!(distinct = arena_alloc(&f->scratch, (w->n_words + 1) * sizeof *distinct)))
            return NP_ENOMEM;
        for (size_t i = 0, u = 0; i < w->n_words; i++)
            if (!u || distinct[u - 1] != (uint32_t)(w->keys[i] >> 32))
                distinct[u++] = (uint32_t)(w->keys[i] >> 32);
    }
    size_t n_sents = 0, n_stems = 0;
    for (size_t s = 0; s < an->n_sentences; s++) {
        const sentence_span *sp = &an->sentences[s];
        if (sp->first < an->n_title_tokens)
            continue;
        sent *out = &sents[n_sents++];
        memset(out, 0, sizeof *out);
        out->stem_first = (uint32_t)n_stems;
        out->n_tokens = (uint16_t)(sp->count > 65535 ? 65535 : sp->count);
        uint32_t *mine = stems + n_stems;
        size_t u = w ? w->sentence_end[s] - sp->first : 0; /* each place once already (sort_words) */
        if (plain) {
            size_t n = 0;
            for (uint32_t t = sp->first; t < sp->first + sp->count; t++) {
                const token *tok = &an->tokens[t];
                uint32_t place = tok->stem ? search_place(distinct, w->n_stems, tok->stem) : 0;
                mine[n] = place << 1 | ((tok->flags & (TOK_NAME | TOK_NUMBER)) ? 1u : 0u);
                n += tok->stem != 0; /* written always, kept when stemmed */
            }
            radix_sort_u32(mine, tmp, n);
            /* a place once, named when any of its words is: a code of the
             * place before is written over, without a branch (no place is
             * UINT32_MAX >> 1) */
            uint32_t last = UINT32_MAX;
            u = 0;
            for (size_t i = 0; i < n; i++) {
                size_t again = mine[i] >> 1 == last >> 1;
                u -= again;
                last = again ? last | mine[i] : mine[i];
                mine[u++] = last;
            }
        } else if (u) {
            memcpy(mine, w->sentence_codes + sp->first, u * sizeof *mine);
        }
        out->hash = hashes[s];
        out->n_stems = (uint16_t)(u > 65535 ? 65535 : u);
        n_stems += out->n_stems;
    }
    h->n_sents = (uint32_t)n_sents;
    h->n_stems = (uint32_t)n_stems;
    np_status st = put(&f->out, sents, n_sents * sizeof *sents);
    if (st == NP_OK)
        st = put(&f->out, stems, n_stems * sizeof *stems);
    return st;
}

/* The words of one stem of several words, from keys[*j] on (sorted by
 * stem), counted into out, *j moved past them: returns the token of the
 * form the article shows (form_of_article), its rank in *rank. */
static inline const token *stem_words(const analysis *an, const uint64_t *keys, size_t n_words, size_t *j, term *out,
                                      int plain, int *rank)
{
    uint32_t stem = (uint32_t)(keys[*j] >> 32);
    form_count names, words; /* names and words counted apart */
    form_count_start(&names);
    form_count_start(&words);
    const token *prev = NULL;
    size_t k = *j;
    for (; k < n_words && (uint32_t)(keys[k] >> 32) == stem; k++) {
        const token *tok = &an->tokens[(uint32_t)keys[k]];
        form_count *counts = (tok->flags & TOK_NAME) ? &names : &words;
        count_word(out, tok);
        /* the same word written the same way again: the same form */
        if (prev && prev->len == tok->len && ((prev->flags ^ tok->flags) & TOK_NAME) == 0 &&
            memcmp(prev->surface, tok->surface, tok->len) == 0) {
            counts->n[counts->last] += counts->last_counted;
            continue;
        }
        prev = tok;
        form_count_add(counts, tok, plain);
    }
    *j = k;
    return form_of_article(&names, &words, rank, plain);
}

/* Term counts over title and body (for stories), and per stem the form
 * the article writes it in (form_of_article): the engine counts the
 * articles that write each form.  Forms are ranked and compared from the
 * tokens (token_form_rank, token_form_cmp), and only the chosen one is
 * written out. */
static np_status put_terms(np_fingerprinter *f, const analysis *an, const word_order *w, print_head *h, buf *forms)
{
    const fact *facts = w->facts;
    size_t n_facts = w->n_facts;
    uint64_t *keys = w->keys;
    uint32_t *nouns = arena_alloc(&f->scratch, (n_facts + 1) * sizeof *nouns);
    term *terms = w->terms ? w->terms : arena_alloc(&f->scratch, (an->n_tokens + n_facts + 1) * sizeof *terms);
    if (!nouns || !terms)
        return NP_ENOMEM;
    /* facts after the words (sort_words), each run sorted: a fact is keyed
     * past the tokens, index n_tokens + its place */
    size_t n_words = w->n_words, n = n_words;
    for (size_t k = 0; k < n_facts; k++)
        keys[n++] = (uint64_t)facts[k].key << 32 | (an->n_tokens + k);
    radix_sort_u64_high_hashes(keys + n_words, w->tmp, n_facts);
    size_t n_terms = 0, n_forms = 0, n_word_terms = 0, i = 0;
    np_status st = NP_OK;
    if (w->terms) { /* without forms: the words counted by sort_words */
        n_terms = w->n_stems;
        i = n_words;
    }
    while (i < n && st == NP_OK) {
        uint32_t stem = (uint32_t)(keys[i] >> 32);
        if (i == n_words)
            n_word_terms = n_terms;
        term *out = &terms[n_terms++];
        memset(out, 0, sizeof *out);
        out->stem = stem;
        size_t j = i;
        if (i >= n_words) {
            /* a fact: counted, with its noun (a key is one number of one
             * word, so each of its facts names the same); no display form,
             * as stories show names */
            out->flags = TERM_FACT;
            nouns[n_terms - 1 - n_word_terms] = facts[(uint32_t)keys[i] - an->n_tokens].noun;
            for (; j < n && (uint32_t)(keys[j] >> 32) == stem; j++)
                out->tf = (uint16_t)(out->tf < UINT16_MAX ? out->tf + 1 : out->tf);
            i = j;
            continue;
        }
        const token *best = &an->tokens[(uint32_t)keys[j]];
        int best_rank;
        if (j + 1 == n_words || (uint32_t)(keys[j + 1] >> 32) != stem) { /* most stems: one word */
            count_word(out, best);
            best_rank = form_rank_of(best, f->plain_forms);
            j++;
        } else {
            best = stem_words(an, keys, n_words, &j, out, f->plain_forms, &best_rank);
        }
        /* written in place: room for the longest, then its length kept
         * (buf_reserve called only when short of room) */
        if (forms->len + 6 + FORM_MAX + 2 > forms->cap &&
            (st = buf_reserve(forms, 6 + FORM_MAX + 1)) != NP_OK)
            break;
        uint8_t *entry = (uint8_t *)forms->data + forms->len;
        size_t best_len = token_form(best, (char *)entry + 6, f->plain_forms);
        memcpy(entry, &stem, 4);
        entry[4] = (uint8_t)best_rank;
        entry[5] = (uint8_t)best_len;
        forms->len += 6 + best_len;
        n_forms++;
        i = j;
    }
    if (n == n_words)
        n_word_terms = n_terms;
    h->n_terms = (uint32_t)n_word_terms;
    h->n_facts = (uint32_t)(n_terms - n_word_terms);
    h->n_forms = (uint32_t)n_forms;
    h->forms_bytes = (uint32_t)forms->len;
    if (st == NP_OK)
        st = put(&f->out, terms, n_terms * sizeof *terms);
    if (st == NP_OK)
        st = put(&f->out, nouns, h->n_facts * sizeof *nouns);
    if (st == NP_OK)
        st = put(&f->out, forms->data, forms->len);
    return st;
}

static np_status put_strings(buf *b, const np_article *a, print_head *h)
{
    const char *fields[N_STRINGS - 2] = { a->id, a->title, a->date, a->source, a->url, a->lang };
    size_t start = b->len;
    np_status st = NP_OK;
    for (size_t i = 0; i < N_STRINGS - 2 && st == NP_OK; i++) {
        if (fields[i]) {
            h->present |= (uint8_t)(1u << i);
            st = buf_puts(b, fields[i]);
        }
        if (st == NP_OK)
            st = buf_putc(b, '\0');
    }
    if (a->n_attribution && a->attribution) {
        h->present |= 1u << STRING_ATTRIBUTION;
        for (size_t i = 0, put_count = 0; i < a->n_attribution && st == NP_OK; i++) {
            if (!a->attribution[i])
                continue;
            if (put_count++)
                st = buf_append(b, "; ", 2);
            if (st == NP_OK)
                st = buf_puts(b, a->attribution[i]);
        }
    }
    if (st == NP_OK)
        st = buf_putc(b, '\0');
    /* an untitled article's lead: its first words name it in a report */
    const char *first = !a->title && a->n_paragraphs && a->paragraphs ? a->paragraphs[0] : NULL;
    if (first && *first) {
        size_t len = utf8_prefix(first, strlen(first), NP_LEAD_BYTES);
        h->present |= 1u << STRING_LEAD;
        if (st == NP_OK)
            st = buf_append(b, first, len);
    }
    if (st == NP_OK)
        st = buf_putc(b, '\0');
    h->strings_bytes = (uint32_t)(b->len - start);
    if (st == NP_OK)
        st = put(b, NULL, 0);
    return st;
}

/* The dates the text names: months as a bit set, the first days as codes. */
static void put_mentions(const np_article *a, print_head *h)
{
    size_t n_mentions = 0;
    int month = a->month_day / 100, day = a->month_day % 100;
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31)
        h->mentions[n_mentions++] = (uint16_t)((a->month_day / 100) << 5 | (a->month_day % 100));
    for (size_t p = 0; p < a->n_paragraphs; p++) {
        uint16_t codes[64];
        size_t n = date_day_mentions(a->paragraphs[p], strlen(a->paragraphs[p]), codes, 64);
        for (size_t k = 0; k < n; k++) {
            h->months |= (uint16_t)(1u << ((codes[k] >> 5) - 1));
            if (n_mentions < sizeof h->mentions / sizeof *h->mentions)
                h->mentions[n_mentions++] = codes[k];
        }
    }
    if (h->day != NO_DAY)
        h->months |= (uint16_t)(1u << (engine_date_number(a->date + 5, 2) - 1));
}

#if WORDS_HASH_AVX2
/* XXH3_64bits of more than XXH3_MIDSIZE_MAX bytes, with AVX2 */
XXH_TARGET_AVX2 static uint64_t words_hash_avx2(const uint64_t *words, size_t len)
{
    return XXH3_hashLong_64b_internal(words, len, XXH3_kSecret, sizeof XXH3_kSecret, XXH3_accumulate_512_avx2,
                                      XXH3_scrambleAcc_avx2);
}
#endif

/* XXH3_64bits of the n words' hashes (the body's exact hash) */
static uint64_t words_hash(const uint64_t *words, size_t n)
{
    size_t len = n * sizeof *words;
#if WORDS_HASH_AVX2
    if (len > XXH3_MIDSIZE_MAX && __builtin_cpu_supports("avx2"))
        return words_hash_avx2(words, len);
#endif
    return XXH3_64bits(words, len);
}

static np_status make_print(np_fingerprinter *f, const np_article *a)
{
    arena_reset(&f->scratch);
    buf_clear(&f->out);
    analysis an;
    /* without rewrites: the body's words, unless the text is short enough
     * to keep its terms (np_fingerprinter_no_rewrites), then analysed
     * again as a copies-only fingerprinter does */
    int words_only = f->no_rewrites;
    np_status st = words_only ? analyse_article_words(f->analyser, a, &f->scratch, &an)
                              : analyse_article(f->analyser, a, 1, &f->scratch, &an);
    if (st == NP_OK && words_only && an.n_tokens < SHORT_PAIR_WORDS) {
        words_only = 0;
        arena_reset(&f->scratch);
        st = analyse_article(f->analyser, a, 1, &f->scratch, &an);
    }
    if (st != NP_OK)
        return st;
    print_head h;
    memset(&h, 0, sizeof h);
    h.magic = PRINT_MAGIC;
    h.words = (uint32_t)(a->words > UINT32_MAX ? UINT32_MAX : a->words);
    h.day = engine_day_of(a->date);
    h.time = a->timestamp;
    h.republished = (uint8_t)(a->republished != 0);
    h.copies_only = (uint8_t)(f->no_rewrites ? PRINT_NO_REWRITES : f->copies_only);
    if (!f->copies_only) /* the dates named: stories read them */
        put_mentions(a, &h);

    size_t body = an.n_title_tokens, n_words = an.n_tokens - body;
    const uint64_t *words = an.words + body;
    uint32_t *shingles = arena_alloc(&f->scratch, (n_words + 1) * sizeof *shingles);
    uint32_t sig[MINHASH_K];
    if (!shingles)
        return NP_ENOMEM;
    h.exact = n_words ? (words_hash(words, n_words) | 1) : 0;
    /* a short text's shingles kept as well, each hashed once for both */
    if (n_words && n_words < SHORT_SHINGLES + SHINGLE_WORDS)
        h.n_shingles = (uint32_t)minhash_sign_shingles(words, n_words, sig, shingles);
    else
        minhash_sign(words, n_words, sig);
    if (n_words && n_words < SHORT_PAIR_WORDS)
        h.n_word_pairs = (uint32_t)minhash_word_pairs(words, n_words, shingles + h.n_shingles);

    buf_clear(&f->forms);
    word_order order;
    if ((st = put(&f->out, &h, sizeof h)) == NP_OK && (st = put(&f->out, sig, sizeof sig)) == NP_OK &&
        (st = put(&f->out, shingles, ((size_t)h.n_shingles + h.n_word_pairs) * sizeof *shingles)) == NP_OK &&
        (words_only || (st = sort_words(f, &an, &order)) == NP_OK) &&
        (st = put_sentences(f, &an, words_only ? NULL : &order, &h)) == NP_OK && !words_only)
        st = put_terms(f, &an, &order, &h, &f->forms);
    /* words_only: the sentences' hashes alone; no terms, facts or forms (their sections empty) */
    if (st == NP_OK)
        st = put_strings(&f->out, a, &h);
    if (st == NP_OK)
        memcpy(f->out.data, &h, sizeof h); /* the counts are known now */
    return st;
}

np_status np_fingerprint(np_fingerprinter *f, const np_article *a, const void **data, size_t *size)
{
    if (!f || !a || !data || !size)
        return NP_EPARAM;
    *data = NULL;
    *size = 0;
    f->errmsg[0] = '\0';
    if (!a->id || !*a->id || (a->n_paragraphs && !a->paragraphs)) {
        snprintf(f->errmsg, sizeof f->errmsg, "an article without an id or with no paragraph array");
        return NP_EPARAM;
    }
    for (size_t p = 0; p < a->n_paragraphs; p++) {
        if (!a->paragraphs[p]) {
            snprintf(f->errmsg, sizeof f->errmsg, "%s: paragraph %zu is NULL", a->id, p);
            return NP_EPARAM;
        }
    }
    if (make_print(f, a) != NP_OK) {
        snprintf(f->errmsg, sizeof f->errmsg, "%s: out of memory adding article", a->id);
        return NP_ENOMEM;
    }
    *data = f->out.data;
    *size = f->out.len;
    return NP_OK;
}

np_status fingerprint_into(np_fingerprinter *f, const np_article *a, buf *out)
{
    const void *data;
    size_t size;
    np_status st = np_fingerprint(f, a, &data, &size);
    if (st != NP_OK)
        return st;
    const np_allocator *ours = f->out.allocator ? f->out.allocator : np_default_allocator();
    const np_allocator *theirs = out->allocator ? out->allocator : np_default_allocator();
    if (out->len || ours != theirs)
        return buf_append(out, data, size);
    buf kept = *out;
    *out = f->out;
    f->out = kept;
    return NP_OK;
}
