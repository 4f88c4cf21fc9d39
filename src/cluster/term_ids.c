/*
 * term_ids: once the vocabulary is built, every article's terms coded
 * again with each stem's place among the corpus's stems (its id) in place
 * of the stem, in the same pool, and the stems kept once, ascending
 * (e->stem_of_id).
 *
 * A stem is a 32-bit hash: an article's n stems are n draws over 2^32, so
 * terms_code packs gaps of about 2^32 / n (26.5 bits a gap at 20k
 * gencorpus articles, the widest gap setting the width).  Among the
 * corpus's V stems the same n are n draws over V (about 60k stems at 20k
 * articles: about 10 bits a gap).  Ids are given in the stems' order, so an
 * article's ids ascend as its stems do and a decoder gives back the stems,
 * as sorted as before, with a load from the dictionary each.  Nothing
 * else changes: the nibbles of flags and counts are as they were.
 *
 * The code is made over the old one, article after article (in runs of
 * articles on the threads, each run's moved down after): an article's
 * id gaps are at most its stem gaps (a gap of ids counts stems of the
 * corpus between two of its own, and there are at most as many odd
 * values between them, the stem code's gaps when its stems are odd), so
 * its code is never longer, when all the corpus's stems are odd (as the
 * analyser makes them; a run holding an even one, of a crafted
 * fingerprint, keeps its terms by stem).  The vocabulary is then given
 * back: the stages read a term's df by its id (e->df_of_id).
 *
 * The words and the facts have ids of their own: the words' stems first,
 * then the facts' keys from e->fact_id_base (a stem both has one of
 * each).  A corpus has more distinct facts than words, few an article
 * (g200k: 143k fact keys, 93k word stems; 8 facts and 182 words an
 * article), so the words' gaps, counted among the words alone, are 1.3
 * bits narrower there (the terms 392 -> 360 bytes an article), and more
 * so as a corpus grows, its facts faster than its words.  A fact's id is
 * coded as its place among the facts (the argument above holds within
 * each list), the decoders add fact_id_base.
 *
 * The words' ids are in two classes by df (common_df_bound): the common
 * words' first, then the rare ones' from e->rare_id_base, each class in
 * stem order; an article's code packs each class's gaps at its own width
 * with a bit a word for its class (terms_recode_by_class), so the ids
 * are not ascending across an article's words, only within a class, and
 * the decoders give them back in stem order.  A class's gaps are at most
 * the stems' as above; the class bits and the head's byte are paid for
 * unless an article's stems were packed almost as narrow as a class's ids
 * (classes_fit): then the corpus keeps one class.
 */
#include "cluster/engine.h"

#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "common/parallel.h"
#include "common/radix.h"

/* The facts' vocabulary slots of articles [from, to): each article's
 * facts decoded (a few an article) and their stems found in the
 * vocabulary, into the block's slots at each article's place there. */
typedef struct fact_slots_share {
    const np_engine *e;
    size_t from, to;
    const size_t *fact_at;    /* article from's first fact in the block's slots, and on */
    uint32_t *slots;          /* the block's, shared: each share writes its own */
    np_status st;
} fact_slots_share;

static void *fact_slots_of_share(void *arg)
{
    fact_slots_share *sh = arg;
    const np_engine *e = sh->e;
    size_t most = 0;
    for (size_t i = sh->from; i < sh->to; i++)
        most = e->arts[i].fact_count > most ? e->arts[i].fact_count : most;
    uint32_t *facts = np_alloc_array(e->allocator, most + 1, sizeof *facts);
    sh->st = facts ? NP_OK : NP_ENOMEM;
    for (size_t i = sh->from; i < sh->to && facts; i++) {
        const art *r = &e->arts[i];
        uint32_t *out = sh->slots + sh->fact_at[i - sh->from];
        terms_fact_stems(engine_terms_of(e, r), r->term_count, r->fact_count, facts);
        for (uint32_t k = 0; k < r->fact_count; k++)
            out[k] = (uint32_t)vocab_find(e->vocab, e->vocab_cap, facts[k]);
    }
    np_free(e->allocator, facts);
    return NULL;
}

/* Each vocabulary slot's count of facts with its stem, into uses (a slot
 * each).  On the engine's threads a block of articles at a time: the
 * shares find the block's slots (the decoding and the finding, 8 ms of
 * g20k's run on the calling thread alone), then the calling thread adds
 * them up (a sum: the same counts whoever found them).  A block holds up
 * to FACT_BLOCK articles and FACT_BLOCK facts (or one article's), so what
 * it keeps is bounded whatever the corpus. */
enum { FACT_BLOCK = 1 << 16, FACT_SHARES = 16 };

static np_status fact_uses_count(const np_engine *e, uint32_t *uses)
{
    size_t shares = e->pool ? e->threads * PARALLEL_SHARES_PER_THREAD : 1;
    shares = shares > FACT_SHARES ? FACT_SHARES : shares;
    size_t most = 0;
    for (size_t i = 0; i < e->n_arts; i++)
        most = e->arts[i].fact_count > most ? e->arts[i].fact_count : most;
    size_t room = most > FACT_BLOCK ? most : FACT_BLOCK;
    uint32_t *slots = np_alloc_array(e->allocator, room, sizeof *slots);
    size_t *fact_at = np_alloc_array(e->allocator, FACT_BLOCK + 1, sizeof *fact_at);
    np_status st = slots && fact_at ? NP_OK : NP_ENOMEM;
    for (size_t from = 0, to; from < e->n_arts && st == NP_OK; from = to) {
        /* the block: up to FACT_BLOCK articles from `from` while their facts fit */
        size_t n = 0;
        for (to = from; to < e->n_arts && to - from < FACT_BLOCK &&
                        (to == from || n + e->arts[to].fact_count <= room);
             to++) {
            fact_at[to - from] = n;
            n += e->arts[to].fact_count;
        }
        size_t parts = shares < to - from ? shares : to - from;
        fact_slots_share sh[FACT_SHARES];
        for (size_t t = 0; t < parts; t++) {
            size_t lo = from + (to - from) * t / parts, hi = from + (to - from) * (t + 1) / parts;
            sh[t] = (fact_slots_share){ e, lo, hi, fact_at + (lo - from), slots, NP_OK };
        }
        parallel_pool_run(e->pool, fact_slots_of_share, sh, parts, sizeof *sh);
        for (size_t t = 0; t < parts; t++)
            if (sh[t].st != NP_OK)
                st = sh[t].st;
        for (size_t k = 0; k < n && st == NP_OK; k++)
            uses[slots[k]]++;
    }
    np_free(e->allocator, slots);
    np_free(e->allocator, fact_at);
    return st;
}

/* An estimate of the bits of n gaps (an article's, on average) among V
 * ids packed at the width of the largest (common_df_bound) */
static double class_bits(double v, double n)
{
    if (n <= 0 || v <= 0)
        return 0;
    double width = log2(v / n * log(n + 1.0)) + 1.0;
    return n * (width > 0 ? width : 0);
}

/* The df from which a word is common: the words' ids are then numbered
 * in two classes, common and rare, each in stem order (an article's ids
 * of each class ascend as its stems do), and an article's code packs
 * each class's gaps at their own width (terms_recode_by_class).  A
 * corpus's common words are few and in most articles, its rare ones many
 * and few an article, so each class's gaps are narrower than those of
 * one space (g200k: about 12 bits a gap in one).  The bound is the power
 * of two whose estimate of an article's bits is least: a bit a word for
 * its class, and for a class of V ids of which an article has n, n gaps
 * of the width of the largest of n draws over V, about
 * log2(V / n * ln n) + 1; 0 (one class) when none is under one space's.
 * by_log: the words' count and their dfs' sum by floor(log2(df)). */
static uint32_t common_df_bound(const uint64_t count[33], const uint64_t sum[33], size_t n_arts)
{
    if (!n_arts)
        return 0;
    uint64_t v = 0, o = 0;
    for (unsigned b = 0; b < 33; b++)
        v += count[b], o += sum[b];
    double per = (double)n_arts, words = (double)o / per;
    double best = class_bits((double)v, words), bound = 0;
    uint64_t v_common = 0, o_common = 0;
    for (unsigned b = 32; b >= 2; b--) { /* common: df >= 2^b */
        v_common += count[b], o_common += sum[b];
        if (!v_common || v_common == v)
            continue;
        double cost = words + class_bits((double)v_common, (double)o_common / per) +
                      class_bits((double)(v - v_common), (double)(o - o_common) / per);
        if (cost < best)
            best = cost, bound = (double)(1ull << b);
    }
    return bound < 4294967296.0 ? (uint32_t)bound : 0;
}

/* Whether no article's code by class can be longer than its code by
 * stem, so the recode stays in place: an article with words of both
 * classes takes a bit a word and a head byte more, and each gap of a class
 * fits in the bits of the larger class's ids less one (b); its stems'
 * gaps took w_old bits each (its head's width), so n_words * (1 + b) + 8
 * <= n_words * w_old, which w_old >= b + 5 gives for 2 words or more.
 * (The gaps of an article with words of one class are at most the stems',
 * as those of one space: term_ids.c's head.)  A corpus of hashed stems
 * has w_old near 32 - log2(n_words) (22 at 1,000 distinct words), b is
 * 18 at g200k; when an article fails, the words keep one class. */
static int classes_fit(const np_engine *e, size_t n_common, size_t n_rare)
{
    size_t most = n_common > n_rare ? n_common : n_rare;
    unsigned b = most > 1 ? 64u - (unsigned)__builtin_clzll((uint64_t)most - 1) : 0;
    for (size_t i = 0; i < e->n_arts; i++) {
        const art *r = &e->arts[i];
        if (r->term_count >= 2 && (engine_terms_of(e, r)[0] & 63u) < b + 5)
            return 0;
    }
    return 1;
}

/* Every stem of the vocabulary, ascending (the dictionary), into
 * e->stem_of_id, each one's df into e->df_of_id: first the stems some
 * article has as a word (ids from 0), then those some article has as a
 * fact (ids from *fact_base; a stem both has one of each, with the same
 * df).  A fact's key is a hash of a number and its noun, a word's a stem,
 * and a corpus has more distinct facts than words (g200k: 143k keys of
 * facts, 93k stems of words, of 20 terms an article 19 words): the words'
 * ids, counted among the words alone, take 1.3 bits a gap less there.  In
 * the vocabulary each word stem's id + 1 then stands in place of its df
 * (UINT32_MAX for a fact's alone), and in fact_ids (a slot each) each fact
 * stem's place among the facts' ids + 1 (0: no fact's), for the recoding
 * (the vocabulary is given back after it); none when a stem is even (an
 * id could then take more bits than an odd stem without its low bit).
 * returns: NP_ENOMEM when out of memory */
enum { DICTIONARY_SPREAD_MOST = 1 << 18 };

static np_status dictionary_make(np_engine *e, uint32_t **fact_ids, uint32_t *fact_base, uint32_t *rare_base)
{
    const np_allocator *al = e->allocator;
    uint64_t *keys = np_alloc_array(al, e->n_vocab + 1, sizeof *keys);
    uint64_t *scratch = np_alloc_array(al, e->n_vocab + 1, sizeof *scratch);
    uint32_t *uses = np_calloc(al, e->vocab_cap, sizeof *uses);
    uint32_t *stems = NULL, *dfs = NULL;
    np_status st = keys && scratch && uses ? NP_OK : NP_ENOMEM;
    uint32_t all = 1, bound = 0;
    size_t n = 0, n_words = 0, n_facts = 0, n_common = 0;
    for (size_t i = 0; st == NP_OK && i < e->vocab_cap; i++)
        if (e->vocab[i].df) {
            keys[n++] = (uint64_t)e->vocab[i].stem << 32 | i; /* its slot: ascending */
            all &= e->vocab[i].stem;
        }
    if (st == NP_OK && (all & 1))
        st = fact_uses_count(e, uses);
    if (st == NP_OK && (all & 1)) {
        /* a stem's df counts its words and its facts: a word's when more */
        uint64_t count[33] = { 0 }, sum[33] = { 0 };
        for (size_t i = 0; i < e->vocab_cap; i++) {
            uint32_t df = e->vocab[i].df;
            if (df > uses[i]) {
                unsigned b = 31u - (unsigned)__builtin_clz(df);
                count[b]++, sum[b] += df;
            }
            n_words += df > uses[i];
            n_facts += uses[i] != 0;
        }
        bound = common_df_bound(count, sum, e->n_arts);
        for (size_t i = 0; bound && i < e->vocab_cap; i++)
            n_common += e->vocab[i].df > uses[i] && e->vocab[i].df >= bound;
        if (bound && !classes_fit(e, n_common, n_words - n_common))
            bound = 0, n_common = 0;
        stems = np_alloc_array(al, n_words + n_facts + 1, sizeof *stems);
        dfs = np_alloc_array(al, n_words + n_facts + 1, sizeof *dfs);
        st = stems && dfs ? NP_OK : NP_ENOMEM;
    }
    if (st == NP_OK && (all & 1)) {
        /* stems are hashes: two passes by their top bits where those tell
         * most apart (four keys a value or fewer), else by bytes; stems
         * are unique, so the one order either way */
        if (n <= DICTIONARY_SPREAD_MOST)
            radix_sort_u64_high_hashes(keys, scratch, n);
        else
            radix_sort_u64_high(keys, scratch, n);
        uint32_t common_id = 0, rare_id = (uint32_t)n_common, fact_id = 0;
        for (size_t k = 0; k < n; k++) {
            uint32_t slot = (uint32_t)keys[k];
            vocab_entry *v = &e->vocab[slot];
            uint32_t df = v->df, facts = uses[slot];
            if (df > facts) {
                uint32_t *word_id = bound && df >= bound ? &common_id : &rare_id;
                stems[*word_id] = v->stem;
                dfs[*word_id] = df;
                v->df = ++*word_id;
            } else {
                v->df = UINT32_MAX; /* a fact's alone: no word looks it up */
            }
            if (facts) {
                stems[n_words + fact_id] = v->stem;
                dfs[n_words + fact_id] = df;
                uses[slot] = ++fact_id;
            }
        }
        e->stem_of_id = stems;
        e->df_of_id = dfs;
        e->n_ids = n_words + n_facts;
        *fact_base = (uint32_t)n_words;
        *rare_base = (uint32_t)n_common;
        *fact_ids = uses;
        stems = dfs = uses = NULL;
    }
    np_free(al, keys);
    np_free(al, scratch);
    np_free(al, uses);
    np_free(al, stems);
    np_free(al, dfs);
    return st;
}

/* A run of articles [from, to) whose codes follow one another from
 * byte start: each coded with ids at or below its old code (the
 * vocabulary holding each stem's id + 1: dictionary_make), the run's new
 * codes ending at byte end. */
/* The decoders load up to 8 bytes past an article's code (terms_room),
 * so the last article of the run before a share reads the first bytes of
 * the share's old code: a share keeps the first RECODE_GUARD bytes of its
 * new code aside (guard) until the runs are done, instead of writing
 * where another thread may read (what it read there is masked off: the
 * same answers either way, but a race). */
enum { RECODE_GUARD = 16 };

typedef struct recode_share {
    np_engine *e;
    const uint32_t *fact_ids; /* dictionary_make's */
    uint32_t rare_base;       /* its too */
    size_t from, to;
    size_t start, end;
    keyed *top;         /* when the top terms are taken too: the run's, from
                         * e->top_entries + from * TOP_TERMS, n_top of them */
    size_t n_top;
    uint8_t guard[RECODE_GUARD]; /* its new code's first bytes, from start */
    np_status st;
} recode_share;

/* bytes of new code for byte `to` of e->terms, those below start +
 * RECODE_GUARD into the share's guard. */
static void recode_put(recode_share *sh, size_t to, const uint8_t *code, size_t bytes)
{
    size_t kept = 0;
    if (to < sh->start + RECODE_GUARD) {
        kept = sh->start + RECODE_GUARD - to < bytes ? sh->start + RECODE_GUARD - to : bytes;
        memcpy(sh->guard + (to - sh->start), code, kept);
    }
    memcpy(sh->e->terms + to + kept, code + kept, bytes - kept);
}

static void *recode_share_run(void *arg)
{
    enum { AHEAD = 24 }; /* terms whose slots are fetched ahead */
    recode_share *sh = arg;
    np_engine *e = sh->e;
    const vocab_entry *ids_of = e->vocab;
    size_t most = engine_most_terms(e, sh->from, sh->to);
    uint32_t *stems = np_alloc_array(e->allocator, most + 1, sizeof *stems);
    uint32_t *ids = np_alloc_array(e->allocator, most + 1, sizeof *ids);
    uint32_t *split = np_alloc_array(e->allocator, 2 * most + 1, sizeof *split); /* the classes' ids apart */
    uint8_t *code = np_alloc_array(e->allocator, terms_room(most) + 1, 1);
    /* with the top terms: each term's tf and flags too, and the candidates */
    uint32_t *tfs = sh->top ? np_alloc_array(e->allocator, most + 1, sizeof *tfs) : NULL;
    uint8_t *flags = sh->top ? np_alloc_array(e->allocator, most + 1, sizeof *flags) : NULL;
    top_candidate *cand = sh->top ? np_alloc_array(e->allocator, most + 1, sizeof *cand) : NULL;
    sh->st = stems && ids && split && code && (!sh->top || (tfs && flags && cand)) ? NP_OK : NP_ENOMEM;
    size_t to = sh->start; /* where the next article's code goes */
    for (size_t i = sh->from; i < sh->to && sh->st == NP_OK; i++) {
        art *r = &e->arts[i];
        uint32_t n = r->term_count + r->fact_count;
        const uint8_t *old = engine_terms_of(e, r);
        if (!sh->top)
            terms_stems(old, r->term_count, r->fact_count, NULL, 0, stems);
        else if (n)
            terms_decode(old, r->term_count, r->fact_count, NULL, 0, stems, tfs, flags);
        for (uint32_t t = 0; t < n; t++) {
            if (t + AHEAD < n)
                vocab_prefetch(ids_of, e->vocab_cap, stems[t + AHEAD]);
            size_t slot = vocab_find(ids_of, e->vocab_cap, stems[t]);
            ids[t] = t < r->term_count ? ids_of[slot].df - 1 : sh->fact_ids[slot] - 1;
        }
        /* the top terms as term_pairs would take them from the new code
         * (top_terms_of_share), with its stems, tfs and ids in hand */
        if (sh->top)
            sh->n_top += engine_top_terms_by_id(e, (uint32_t)i, ids, stems, tfs, r->term_count, cand,
                                                sh->top + sh->n_top);
        size_t bytes = terms_recode_by_class(old, r->term_count, r->fact_count, ids, sh->rare_base, split, code);
        recode_put(sh, to, code, bytes); /* at or below the old code (dictionary_make) */
        r->term_first = (uint32_t)(to / TERMS_ALIGN);
        to += (bytes + TERMS_ALIGN - 1) & ~(size_t)(TERMS_ALIGN - 1);
    }
    sh->end = to;
    np_free(e->allocator, stems);
    np_free(e->allocator, ids);
    np_free(e->allocator, split);
    np_free(e->allocator, code);
    np_free(e->allocator, tfs);
    np_free(e->allocator, flags);
    np_free(e->allocator, cand);
    return NULL;
}

/* Every article's terms coded with ids, in runs of articles on the
 * threads, each run's codes then moved down after the one before. */
static np_status recode_all(np_engine *e, const uint32_t *fact_ids, uint32_t rare_base)
{
    enum { MAX_SHARES = 64, MIN_SHARE = 1024 };
    size_t n = e->threads * (e->pool ? PARALLEL_SHARES_PER_THREAD : 1);
    if (n > MAX_SHARES)
        n = MAX_SHARES;
    if (n > e->n_arts / MIN_SHARE)
        n = e->n_arts / MIN_SHARE;
    if (e->threads < 2 || n < 1)
        n = 1;
    keyed *top = NULL;
    if (e->top_at_recode && !(top = np_alloc_array(e->allocator, e->n_arts * TOP_TERMS + 1, sizeof *top)))
        return NP_ENOMEM;
    recode_share sh[MAX_SHARES];
    for (size_t t = 0; t < n; t++) {
        size_t from = e->n_arts * t / n;
        sh[t] = (recode_share){ .e = e, .fact_ids = fact_ids, .rare_base = rare_base, .from = from, .to = e->n_arts * (t + 1) / n,
                                .top = top ? top + from * TOP_TERMS : NULL };
        sh[t].start = from < e->n_arts ? (size_t)e->arts[from].term_first * TERMS_ALIGN : e->n_term_bytes;
    }
    parallel_pool_run(e->pool, recode_share_run, sh, n, sizeof *sh);
    np_status st = NP_OK;
    size_t to = 0, n_top = 0;
    for (size_t t = 0; t < n; t++) {
        if (sh[t].st != NP_OK)
            st = sh[t].st;
        size_t kept = sh[t].end - sh[t].start < RECODE_GUARD ? sh[t].end - sh[t].start : RECODE_GUARD;
        memcpy(e->terms + sh[t].start, sh[t].guard, kept);
        if (top) { /* the runs' top terms closed up in article order */
            memmove(top + n_top, sh[t].top, sh[t].n_top * sizeof *top);
            n_top += sh[t].n_top;
        }
        size_t down = sh[t].start - to;
        if (down) {
            memmove(e->terms + to, e->terms + sh[t].start, sh[t].end - sh[t].start);
            for (size_t i = sh[t].from; i < sh[t].to; i++)
                e->arts[i].term_first -= (uint32_t)(down / TERMS_ALIGN);
        }
        to += sh[t].end - sh[t].start;
    }
    engine_trim_terms(e, to);
    if (st != NP_OK) {
        np_free(e->allocator, top);
        return st;
    }
    if (top) { /* held until term_pairs: what it fills, not TOP_TERMS an article */
        keyed *fit = np_realloc_array(e->allocator, top, n_top + 1, sizeof *top);
        e->top_entries = fit ? fit : top;
        e->n_top_entries = n_top;
    }
    return NP_OK;
}

np_status engine_code_term_ids(np_engine *e)
{
    if (e->stem_of_id || !e->n_vocab)
        return NP_OK;
    /* in place only when each article's code follows the one before (as
     * the intake adds them) */
    for (size_t i = 1; i < e->n_arts; i++)
        if (e->arts[i].term_first < e->arts[i - 1].term_first)
            return NP_OK;
    const np_allocator *al = e->allocator;
    uint32_t *fact_ids = NULL, fact_base = 0, rare_base = 0;
    np_status st = dictionary_make(e, &fact_ids, &fact_base, &rare_base);
    if (st == NP_OK && e->stem_of_id)
        st = recode_all(e, fact_ids, rare_base);
    np_free(al, fact_ids);
    if (st == NP_OK && e->stem_of_id) {
        e->fact_id_base = fact_base; /* the codes hold ids now */
        e->rare_id_base = rare_base;
        e->stats.held[NP_HELD_TERMS] = e->n_term_bytes + e->n_ids * (sizeof *e->stem_of_id + sizeof *e->df_of_id);
        /* the stages read the dfs by id (engine_id_df), and the vocabulary
         * now holds ids */
        np_free(al, e->vocab);
        e->vocab = NULL;
        e->vocab_cap = 0;
    }
    return st;
}
