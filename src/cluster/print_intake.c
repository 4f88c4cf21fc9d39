/*
 * print_intake: the engine's intake of fingerprints (fingerprint.c makes
 * them; print_format.h lays them out).  A print is checked whole
 * (print_read) when it comes from elsewhere, or only found its sections
 * when this process made it (own_print), then its parts are copied into
 * the engine's pools: signature, shingles, sentences and their stems coded,
 * terms, facts and display forms, and its strings interned.
 */
#include "cluster/engine.h"
#include "cluster/print_format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

#include "common/alloc.h"
#include "common/bits.h"
#include "common/radix.h"
#include "common/utf8.h"
#include "text/date.h"

typedef struct print_view {
    print_head h;
    const uint32_t *sig, *shingles;
    const uint32_t *codes;    /* the sentence stems as put_sentences codes them */
    const sent *sents;
    const term *terms;
    const uint32_t *nouns;
    const unsigned char *forms;
    const char *strings[N_STRINGS];
    size_t strings_len;
} print_view;

/* Are the n terms sorted by stem, each of the kind given (TERM_FACT or
 * 0)?  Without a branch a term: a fingerprint's terms are checked whole
 * at every intake. */
static int terms_sorted(const term *terms, uint32_t n, unsigned kind)
{
    unsigned bad = 0;
    for (uint32_t t = 0; t < n; t++)
        bad |= (terms[t].flags & TERM_FACT) ^ kind;
    for (uint32_t t = 1; t < n; t++)
        bad |= terms[t - 1].stem >= terms[t].stem;
    return bad == 0;
}

/* Points v into data from its head: each section where the head's counts
 * put it, and the strings.  Enough to read a print this process made
 * (own_print); print_read checks the rest of a print from elsewhere.
 * returns: 1 if the sections fill exactly size bytes and hold the strings */
static int print_sections(const void *data, size_t size, print_view *v)
{
    const unsigned char *p = data;
    if (size < sizeof v->h || (uintptr_t)p % 8)
        return 0;
    memcpy(&v->h, p, sizeof v->h);
    const print_head *h = &v->h;
    if (h->magic != PRINT_MAGIC)
        return 0;
    uint64_t at = padded(sizeof *h), sections[8] = {
        MINHASH_K * sizeof(uint32_t), ((uint64_t)h->n_shingles + h->n_word_pairs) * sizeof(uint32_t),
        (uint64_t)h->n_sents * sizeof(sent), (uint64_t)h->n_stems * sizeof(uint32_t),
        ((uint64_t)h->n_terms + h->n_facts) * sizeof(term), (uint64_t)h->n_facts * sizeof(uint32_t),
        h->forms_bytes, h->strings_bytes,
    };
    uint64_t offset[8];
    for (size_t s = 0; s < 8; s++) {
        offset[s] = at;
        at += padded(sections[s]);
    }
    if (at != size)
        return 0;
    v->sig = (const uint32_t *)(p + offset[0]);
    v->shingles = (const uint32_t *)(p + offset[1]);
    v->sents = (const sent *)(p + offset[2]);
    v->codes = (const uint32_t *)(p + offset[3]);
    v->terms = (const term *)(p + offset[4]);
    v->nouns = (const uint32_t *)(p + offset[5]);
    v->forms = p + offset[6];
    const char *s = (const char *)(p + offset[7]), *end = s + h->strings_bytes;
    for (size_t i = 0; i < N_STRINGS; i++) {
        const char *nul = s < end ? memchr(s, '\0', (size_t)(end - s)) : NULL;
        if (!nul)
            return 0;
        v->strings[i] = s;
        s = nul + 1;
    }
    if (s != end)
        return 0;
    v->strings_len = h->strings_bytes;
    return 1;
}

/* Checks that data has the shape np_fingerprint gives and points into it.
 * returns: 1 if it does */
static int print_read(const void *data, size_t size, print_view *v)
{
    if (!print_sections(data, size, v))
        return 0;
    const print_head *h = &v->h;
    if (h->republished > 1 || h->copies_only > PRINT_NO_REWRITES)
        return 0;
    if (h->copies_only && (h->n_forms || h->months || h->mentions[0]))
        return 0;
    if (h->day != NO_DAY && (h->day < -40000 || h->day > 3000000))
        return 0; /* engine_day_of gives years 1900 to 9999 */
    for (size_t m = 0; m < sizeof h->mentions / sizeof *h->mentions; m++) {
        unsigned month = h->mentions[m] >> 5, day = h->mentions[m] & 31;
        if (h->mentions[m] && (month < 1 || month > 12 || day < 1))
            return 0;
    }
    if (h->months >> 12)
        return 0;
    uint64_t stems = 0;
    for (uint32_t s = 0; s < h->n_sents; s++) {
        if (v->sents[s].stem_first != stems)
            return 0;
        stems += v->sents[s].n_stems;
    }
    if (stems != h->n_stems)
        return 0;
    /* each sentence stem is one of the words (engine_sentence_stems reads
     * the word at its place), and a sentence's places ascend (the engine
     * keeps the gaps between them) */
    unsigned bad = 0;
    for (uint32_t i = 0; i < h->n_stems; i++)
        bad |= v->codes[i] >> 1 >= h->n_terms;
    for (uint32_t s = 0; s < h->n_sents; s++) {
        const uint32_t *code = v->codes + v->sents[s].stem_first;
        for (uint32_t i = 1; i < v->sents[s].n_stems; i++)
            bad |= code[i] >> 1 <= code[i - 1] >> 1;
    }
    if (bad)
        return 0;
    /* the engine merges term lists by stem */
    if (!terms_sorted(v->terms, h->n_terms, 0) || !terms_sorted(v->terms + h->n_terms, h->n_facts, TERM_FACT))
        return 0;
    uint64_t f = 0;
    for (uint32_t k = 0; k < h->n_forms; k++) {
        if (f + 6 > h->forms_bytes || f + 6 + v->forms[f + 5] > h->forms_bytes)
            return 0;
        f += 6 + v->forms[f + 5];
    }
    return f == h->forms_bytes;
}

static np_status reserve(np_engine *e, void **array, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return NP_OK;
    size_t ncap = *cap ? *cap : 1024;
    while (ncap < need)
        ncap *= 2;
    void *p = np_realloc_array(e->allocator, *array, ncap, elem);
    if (!p)
        return NP_ENOMEM;
    *array = p;
    *cap = ncap;
    return NP_OK;
}

/* Room for an article's coded sentence stems: at most 33 bits a stem (k
 * + 2, k at most 31) and 33 a count, and the 8 bytes past the last that
 * the stems' coder and decoder read (below). */
static size_t stem_room(const print_head *h)
{
    return 5 * ((size_t)h->n_stems + h->n_sents) + 8;
}

/* Room for an article's copy evidence: signature, sentences, stems
 * (stem_room), shingles. */
static np_status reserve_evidence(np_engine *e, const print_head *h)
{
    if (e->cap_sigs < e->cap_arts) {
        /* signatures grow in step with the article records */
        uint16_t *sigs = np_realloc_array(e->allocator, e->sigs, e->cap_arts, MINHASH_K * sizeof *sigs);
        if (!sigs)
            return NP_ENOMEM;
        e->sigs = sigs;
        e->cap_sigs = e->cap_arts;
    }
    size_t sents = e->n_sents + h->n_sents;
    np_status st = reserve(e, (void **)&e->sent_hashes, &e->cap_sents, sents, sizeof *e->sent_hashes);
    if (st == NP_OK)
        st = reserve(e, (void **)&e->stems, &e->cap_stems, e->n_stems + stem_room(h), 1);
    if (st == NP_OK)
        st = reserve(e, (void **)&e->shingles, &e->cap_shingles,
                     e->n_shingles + h->n_shingles + h->n_word_pairs, sizeof *e->shingles);
    if (st == NP_OK && h->n_shingles)
        st = reserve(e, (void **)&e->short_texts, &e->cap_short_texts, e->n_short_texts + 2,
                     sizeof *e->short_texts);
    return st;
}

/* An article's sentence stems as the engine keeps them: sentence after
 * sentence, its count of stems in an Exp-Golomb code of order 2 (five bits
 * for 4 to 11 stems, the most sentences have; an Elias gamma code of the
 * count plus one took seven for 7 to 14 and 3.5 bytes an article more at
 * g200k), then each
 * stem's place among the article's words as the gap from the place before
 * it (the first's from -1: places ascend within a sentence) in a Rice code
 * of the article's parameter k (the gap >> k in unary, then its k low
 * bits), then the stem's name bit; low bits first, the article from a
 * byte of its own.  Gaps are small where a place is not: at 200k
 * articles 7.3 bits a stem, counts included, against 9.1 for the places
 * at a fixed width and 16 bits a sentence for its count. */

enum { SENTENCE_COUNT_ORDER = 2 };

/* An article of no sentence stems at all (every print without rewrites
 * but a short text's) codes nothing: its art's stem_rice is
 * STEM_RICE_NONE, and the reader gives each sentence 0 stems, what the
 * coded counts would have said. */

/* v's sentence stems coded into out (room for stem_room), their Rice
 * parameter into *k: near log2 of the mean gap times ln 2 (a geometric
 * distribution's best), the largest with n 2^(k+1) at most two thirds of
 * the gaps' sum (or 31), so the quotients sum below 3 n + 3: at most k + 5
 * bits a stem.  returns: the bytes written */
static inline __attribute__((always_inline)) size_t stem_codes_body(const print_view *v, uint8_t *out, unsigned *k)
{
    const print_head *h = &v->h;
    uint64_t gaps = 0;
    for (uint32_t s = 0; s < h->n_sents; s++) {
        const uint32_t *code = v->codes + v->sents[s].stem_first;
        if (v->sents[s].n_stems)
            gaps += (code[v->sents[s].n_stems - 1] >> 1) + 1 - v->sents[s].n_stems; /* the gaps sum so */
    }
    unsigned rice = 0;
    while (rice < 31 && ((uint64_t)h->n_stems << (rice + 1)) <= gaps / 3 * 2)
        rice++;
    memset(out, 0, ((uint64_t)h->n_stems * (rice + 5) + 3 + 33 * (uint64_t)h->n_sents + 7) / 8 + 8);
    uint32_t low_mask = (1u << rice) - 1;
    bit_writer w = { .out = out };
    for (uint32_t s = 0; s < h->n_sents; s++) {
        const uint32_t *code = v->codes + v->sents[s].stem_first;
        uint32_t n = v->sents[s].n_stems, last = UINT32_MAX;
        exp_golomb_put(&w, n, SENTENCE_COUNT_ORDER);
        for (uint32_t i = 0; i < n; i++) {
            uint32_t place = code[i] >> 1, gap = place - last - 1, q = gap >> rice;
            uint64_t low = (gap & low_mask) | (uint64_t)(code[i] & 1u) << rice;
            if (q + rice + 2 <= 56) { /* the quotient's zeros, its one, the rest: one write */
                bits_put(&w, 1ull << q | low << (q + 1), q + rice + 2);
            } else {
                unary_put(&w, q);
                bits_put(&w, low, rice + 1);
            }
            last = place;
        }
    }
    *k = rice;
    return bits_end(&w);
}

static size_t put_stem_codes_plain(const print_view *v, uint8_t *out, unsigned *k)
{
    return stem_codes_body(v, out, k);
}

#if BITS_HAVE_BMI2
BITS_BMI2 static size_t put_stem_codes_bmi2(const print_view *v, uint8_t *out, unsigned *k)
{
    return stem_codes_body(v, out, k);
}
#endif

static size_t put_stem_codes(const print_view *v, uint8_t *out, unsigned *k)
{
#if BITS_HAVE_BMI2
    if (__builtin_cpu_supports("bmi2"))
        return put_stem_codes_bmi2(v, out, k);
#endif
    return put_stem_codes_plain(v, out, k);
}

int print_stem_codes(const void *data, size_t size, uint8_t *out, size_t room, unsigned *k, size_t *bytes)
{
    print_view v;
    if (!print_read(data, size, &v) || room < stem_room(&v.h))
        return 0;
    *bytes = put_stem_codes(&v, out, k);
    return 1;
}

/* Copies the evidence of article r (reserved) from its fingerprint. */
static void copy_evidence(np_engine *e, art *r, const print_view *v)
{
    const print_head *h = &v->h;
    minhash_fold(v->sig, e->sigs + e->n_arts * MINHASH_K);
    if (h->n_shingles) {
        r->marks |= ART_SHINGLED;
        e->short_texts[e->n_short_texts++] = (art_value){ (uint32_t)e->n_arts, (uint32_t)e->n_shingles };
        memcpy(e->shingles + e->n_shingles, v->shingles, h->n_shingles * sizeof *v->shingles);
        e->n_shingles += h->n_shingles;
    }
    if (h->n_shingles && h->n_word_pairs) { /* an entry of its own, after the shingles' */
        r->marks |= ART_WORD_PAIRS;
        e->short_texts[e->n_short_texts++] = (art_value){ (uint32_t)e->n_arts, (uint32_t)e->n_shingles };
        memcpy(e->shingles + e->n_shingles, v->shingles + h->n_shingles, h->n_word_pairs * sizeof *v->shingles);
        e->n_shingles += h->n_word_pairs;
    }
    r->sent_first = (uint32_t)e->n_sents;
    for (uint32_t s = 0; s < h->n_sents; s++)
        e->sent_hashes[e->n_sents + s] = v->sents[s].hash;
    e->n_sents += h->n_sents;
    r->stem_first = (uint32_t)e->n_stems;
    if (!h->n_stems) { /* a print without rewrites: nothing to code, a count of 0 a sentence */
        r->stem_rice = STEM_RICE_NONE;
        return;
    }
    unsigned k;
    e->n_stems += put_stem_codes(v, e->stems + e->n_stems, &k);
    r->stem_rice = (uint8_t)k;
}

/* Decodes article r's sentence stems, the first `room` into out (as stem
 * codes, words[place] with the name bit; or, words NULL, as places:
 * place << 1 | the name bit), and each sentence's count into sizes (NULL:
 * not wanted).  returns: how many.  Inlined into each caller, so that the
 * way of writing them is chosen once, not a stem at a time. */
static inline __attribute__((always_inline)) size_t
sentence_stems_get(const np_engine *e, const art *r, const uint32_t *words, uint32_t *out, size_t room, uint32_t *sizes)
{
    if (r->stem_rice == STEM_RICE_NONE) {
        for (uint32_t s = 0; sizes && s < r->sent_count; s++)
            sizes[s] = 0;
        return 0;
    }
    const uint8_t *in = e->stems + r->stem_first;
    unsigned k = r->stem_rice;
    uint32_t low_mask = (1u << k) - 1;
    uint64_t at = 0;
    size_t n = 0;
    for (uint32_t s = 0; s < r->sent_count; s++) {
        uint32_t count = exp_golomb_get(in, &at, SENTENCE_COUNT_ORDER), place = UINT32_MAX;
        if (sizes)
            sizes[s] = count;
        for (uint32_t i = 0; i < count; i++, n++) {
            /* the quotient's zeros, its one, the low bits and the name
             * bit from one load when they are within its 57 bits */
            uint64_t w = bits_peek(in, at);
            unsigned z = (unsigned)__builtin_ctzll(w | 1ull << 56);
            uint32_t gap, name;
            if (z + k + 2 <= 57) {
                uint64_t rest = w >> (z + 1);
                gap = (uint32_t)z << k | ((uint32_t)rest & low_mask);
                name = (uint32_t)(rest >> k) & 1u;
                at += z + k + 2;
            } else {
                uint32_t q = (uint32_t)unary_get(in, &at), low = bits_get(in, &at, k + 1);
                gap = q << k | (low & low_mask);
                name = low >> k;
            }
            place += gap + 1;
            if (n < room)
                out[n] = words ? (words[place] & ~1u) | name : place << 1 | name;
        }
    }
    return n;
}

size_t engine_sentence_stem_count(const np_engine *e, const art *r)
{
    return sentence_stems_get(e, r, NULL, NULL, 0, NULL);
}

size_t engine_sentence_stems(const np_engine *e, const art *r, const uint32_t *words, uint32_t *out, size_t room,
                             uint32_t *sizes)
{
    return sentence_stems_get(e, r, words, out, room, sizes);
}

#if BITS_HAVE_BMI2
BITS_BMI2 static size_t sentence_places_bmi2(const np_engine *e, const art *r, uint32_t *out, size_t room,
                                             uint32_t *sizes)
{
    return sentence_stems_get(e, r, NULL, out, room, sizes);
}
#endif

size_t engine_sentence_places(const np_engine *e, const art *r, uint32_t *out, size_t room, uint32_t *sizes)
{
#if BITS_HAVE_BMI2
    if (__builtin_cpu_supports("bmi2"))
        return sentence_places_bmi2(e, r, out, room, sizes);
#endif
    return sentence_stems_get(e, r, NULL, out, room, sizes);
}

/* Room for the terms of v and its facts' nouns. */
static np_status reserve_terms(np_engine *e, const print_view *v)
{
    size_t n = v->h.n_terms + v->h.n_facts;
    np_status st = reserve(e, (void **)&e->terms, &e->cap_term_bytes, e->n_term_bytes + terms_room(n), 1);
    if (st == NP_OK)
        st = reserve(e, (void **)&e->nouns, &e->cap_nouns, e->n_nouns + v->h.n_facts, sizeof *e->nouns);
    return st;
}

/* Codes the terms of article r (reserved) from its fingerprint. */
static void copy_terms(np_engine *e, art *r, const print_view *v)
{
    const print_head *h = &v->h;
    r->term_first = (uint32_t)(e->n_term_bytes / TERMS_ALIGN);
    r->term_count = h->n_terms;
    r->fact_count = h->n_facts;
    /* an article of no terms codes none, and may come before any room
     * is made (e->terms NULL: no offset taken from it) */
    size_t bytes = h->n_terms + h->n_facts ? terms_code(v->terms, h->n_terms, h->n_facts, e->terms + e->n_term_bytes)
                                           : 0;
    e->n_term_bytes += (bytes + TERMS_ALIGN - 1) & ~(size_t)(TERMS_ALIGN - 1);
    e->n_terms += (size_t)h->n_terms + h->n_facts;
    if (h->n_facts)
        memcpy(e->nouns + e->n_nouns, v->nouns, h->n_facts * sizeof *v->nouns);
    e->n_nouns += h->n_facts;
}

uint32_t big_tf_find(const big_tf *list, size_t n, size_t t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (list[mid].term < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return list[lo].tf; /* there is one: the caller's count says so */
}

int print_keys_read(const void *data, size_t size, print_keys *out)
{
    print_view v;
    if (!print_read(data, size, &v))
        return 0;
    /* the word pairs an engine keeps (copy_evidence): beside shingles */
    uint32_t n_pairs = v.h.n_shingles ? v.h.n_word_pairs : 0;
    *out = (print_keys){ v.sig, v.sents, v.h.n_sents, v.codes, v.terms, v.h.n_terms, v.h.exact, v.h.day, v.strings[0],
                         v.h.words, v.shingles + v.h.n_shingles, n_pairs };
    return 1;
}

/* Adds the print v points into (print_read's, or an own_print's). */
static np_status engine_add_view(np_engine *e, const print_view *v)
{
    const print_head *h = &v->h;
    const char *id = v->strings[0];
    if (!(h->present & 1) || !*id) {
        snprintf(e->errmsg, sizeof e->errmsg, "an article without an id or with no paragraph array");
        return NP_EPARAM;
    }
    if (e->n_arts >= UINT32_MAX - 1 || e->n_sents + h->n_sents >= UINT32_MAX ||
        e->n_stems + stem_room(h) >= UINT32_MAX ||
        (e->n_term_bytes + terms_room((size_t)h->n_terms + h->n_facts)) / TERMS_ALIGN >= UINT32_MAX ||
        e->n_shingles + h->n_shingles + h->n_word_pairs >= UINT32_MAX || e->strings.len + v->strings_len >= UINT32_MAX) {
        snprintf(e->errmsg, sizeof e->errmsg, "too many articles for one run");
        return NP_EINPUT;
    }
    if (h->copies_only && !e->copies_only) {
        snprintf(e->errmsg, sizeof e->errmsg, "%s: a copies-only fingerprint, and this run finds stories", id);
        return NP_EINPUT;
    }
    if (h->copies_only == PRINT_NO_REWRITES && !e->no_rewrites) {
        snprintf(e->errmsg, sizeof e->errmsg, "%s: a fingerprint without rewrites' terms, and this run finds rewrites",
                 id);
        return NP_EINPUT;
    }
    /* copies alone from known links: neither terms nor evidence are read */
    int keep_terms = !(e->links_given && e->copies_only);
    np_status st = reserve(e, (void **)&e->arts, &e->cap_arts, e->n_arts + 1, sizeof *e->arts);
    if (st == NP_OK && keep_terms)
        st = reserve_terms(e, v);
    if (st == NP_OK)
        st = buf_reserve(&e->strings, v->strings_len);
    if (st == NP_OK)
        st = engine_intern_reserve(e, N_STRINGS - 1);
    if (st == NP_OK)
        st = engine_dateline_reserve(e);
    if (st == NP_OK && h->mentions[0])
        st = reserve(e, (void **)&e->mentions, &e->cap_mentions, e->n_mentions + 1, sizeof *e->mentions);
    if (st == NP_OK && !e->links_given) /* with the links known, grouping reads no evidence */
        st = reserve_evidence(e, h);
    if (st == NP_OK && (h->present >> STRING_ATTRIBUTION & 1))
        st = reserve(e, (void **)&e->attributions, &e->cap_attributions, e->n_attributions + 1,
                     sizeof *e->attributions);
    if (st == NP_OK && (h->present >> STRING_LEAD & 1))
        st = reserve(e, (void **)&e->leads, &e->cap_leads, e->n_leads + 1, sizeof *e->leads);
    if (st != NP_OK)
        goto oom;
    /* display forms last: the one step that changes shared state */
    if (!e->copies_only && !e->forms_unread) {
        st = engine_remember_forms(e, v->forms, h->n_forms);
        if (st != NP_OK)
            goto oom;
    }

    art *r = &e->arts[e->n_arts];
    memset(r, 0, sizeof *r);
    r->words = h->words;
    r->day = h->day;
    r->time = h->time;
    r->marks = h->republished ? ART_REPUBLISHED : 0;
    r->months = h->months;
    if (h->mentions[0]) {
        r->marks |= ART_MENTIONS;
        art_mentions *m = &e->mentions[e->n_mentions++];
        m->art = (uint32_t)e->n_arts;
        memcpy(m->days, h->mentions, sizeof m->days);
    }
    r->exact = h->exact;
    r->sent_count = h->n_sents;
    if (!e->links_given)
        copy_evidence(e, r, v);
    if (keep_terms)
        copy_terms(e, r, v);
    /* the url is not kept: no answer reads it; an attribution and a lead,
     * which few have, beside the records */
    uint32_t attribution = NO_STRING, lead = NO_STRING;
    dateline d;
    uint32_t *fields[N_STRINGS] = { &r->id, &r->title, &d.date, &d.source, NULL, &d.lang, &attribution, &lead };
    /* the id as it is (ids are unique), the others kept once (intern.c) */
    *fields[0] = (uint32_t)e->strings.len;
    buf_append(&e->strings, id, strlen(id) + 1); /* reserved above: cannot fail */
    for (size_t i = 1; i < N_STRINGS; i++)
        if (fields[i])
            *fields[i] = (h->present >> i & 1) ? engine_intern(e, v->strings[i], strlen(v->strings[i])) : NO_STRING;
    r->dateline = engine_intern_dateline(e, d); /* reserved above: cannot fail */
    if (attribution != NO_STRING) {
        r->marks |= ART_ATTRIBUTED;
        e->attributions[e->n_attributions++] = (art_value){ (uint32_t)e->n_arts, attribution };
    }
    if (lead != NO_STRING) {
        r->marks |= ART_LEAD;
        e->leads[e->n_leads++] = (art_value){ (uint32_t)e->n_arts, lead };
    }
    e->n_arts++;
    return NP_OK;
oom:
    snprintf(e->errmsg, sizeof e->errmsg, "%s: out of memory adding article", id);
    return NP_ENOMEM;
}

np_status np_engine_add_fingerprint(np_engine *e, const void *data, size_t size)
{
    if (!e || !data || e->ran)
        return NP_EPARAM;
    print_view v;
    if (!print_read(data, size, &v)) {
        snprintf(e->errmsg, sizeof e->errmsg, "not a fingerprint of this newsprint");
        return NP_EINPUT;
    }
    return engine_add_view(e, &v);
}

np_status engine_add_own_print(np_engine *e, own_print print)
{
    if (!e || !print.data || e->ran)
        return NP_EPARAM;
    print_view v;
    if (!print_sections(print.data, print.size, &v)) { /* not what np_fingerprint made */
        snprintf(e->errmsg, sizeof e->errmsg, "not a fingerprint of this newsprint");
        return NP_EINPUT;
    }
    return engine_add_view(e, &v);
}

np_status np_engine_add(np_engine *e, const np_article *a)
{
    if (!e || !a || e->ran)
        return NP_EPARAM;
    if (!e->printer) {
        if (np_fingerprinter_new(&e->printer, e->allocator) != NP_OK) {
            snprintf(e->errmsg, sizeof e->errmsg, "%s: out of memory adding article", a->id ? a->id : "");
            return NP_ENOMEM;
        }
        if (e->no_rewrites)
            np_fingerprinter_no_rewrites(e->printer);
        else if (e->copies_only)
            np_fingerprinter_copies_only(e->printer);
    }
    const void *data;
    size_t size;
    np_status st = np_fingerprint(e->printer, a, &data, &size);
    if (st != NP_OK) {
        snprintf(e->errmsg, sizeof e->errmsg, "%s", np_fingerprinter_errmsg(e->printer));
        return st;
    }
    return engine_add_own_print(e, (own_print){ data, size }); /* the engine's own fingerprinter made it */
}
