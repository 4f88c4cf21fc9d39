/* forms: the display form of each stem, as story keywords show it.  Each
 * article's print names the form it writes a stem in most (of its best
 * rank: fingerprint.c's put_terms); the engine counts, for each stem, the
 * articles that name each form, in a table of (stem, rank, form) pairs
 * kept while articles are added.  When the run starts (engine_forms_end)
 * each stem takes a name's form if it has one, the one most articles
 * write, else a word's of the best rank (engine_form_rank), then the most
 * articles; a name that more articles write in lower case is shown so;
 * then the first seen -- the one added first, whose string sits first in
 * surfaces -- so the form is that of the articles' order alone, whatever
 * the threads, and the pairs are let go. */
#include <stdlib.h>
#include <string.h>

#include "cluster/engine.h"
#include "common/alloc.h"
#include "text/textutil.h"

/* A stem's slot in the table of display forms: where its form is in
 * surfaces, with the form's rank (engine_form_rank) in the top bits. */
typedef struct surface_slot {
    uint32_t stem; /* 0: empty */
    uint32_t at;   /* SURFACE_AT: the form's offset; above: its rank */
} surface_slot;

/* A form a stem was written in, and how many articles wrote it so: found
 * by its stem's slot (a stem's few forms sit in the slots after it), then
 * its rank and its string. */
typedef struct form_pair {
    uint32_t stem;  /* 0: empty */
    uint32_t at;    /* as surface_slot's */
    uint32_t count; /* articles */
} form_pair;

enum { SURFACE_RANK_SHIFT = 30, FORMS_AHEAD = 8 };
#define SURFACE_AT ((1u << SURFACE_RANK_SHIFT) - 1)

static size_t stem_slot(uint32_t stem, size_t cap)
{
    return (stem * 2654435761u) & (cap - 1);
}

static surface_slot *surface_find(const np_engine *e, uint32_t stem)
{
    size_t j = stem_slot(stem, e->surf_cap);
    while (e->surf_slots[j].stem && e->surf_slots[j].stem != stem)
        j = (j + 1) & (e->surf_cap - 1);
    return &e->surf_slots[j];
}

const char *engine_surface(const np_engine *e, uint32_t stem)
{
    if (!e->surf_cap || !stem)
        return NULL;
    const surface_slot *s = surface_find(e, stem);
    if (!s->stem && !(stem & 1) && e->word_keys)
        s = surface_find(e, stem | 1u); /* no word's form of its own: the stem's */
    return s->stem ? e->surfaces.data + (s->at & SURFACE_AT) : NULL;
}

/* How good a display form is, within its kind: a capitalised name
 * ("Callisford") beats the same name in capitals ("CALLISFORD", from a
 * dateline); a word the text writes in lower case ("rates") beats one it
 * only writes capitalised, at a sentence's or headline's start ("Rates",
 * kept as "rates": it may be a name there).  A Korean word without a
 * particle (정부) beats the same word with one (정부는, 정부가), which is how
 * a Korean text mostly writes it.  Names and words are then weighed by
 * their articles (engine_forms_end). */
int engine_form_rank(const char *form, int name, int capital)
{
    if (!name)
        return text_korean_bare(form, strlen(form)) ? 2 : capital ? 0 : 1;
    for (const char *p = form + 1; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            return 3;
    return 2;
}

static np_status pairs_grow(np_engine *e)
{
    size_t cap = e->pairs_cap ? e->pairs_cap * 2 : 4096;
    form_pair *pairs = np_calloc(e->allocator, cap, sizeof *pairs);
    if (!pairs)
        return NP_ENOMEM;
    for (size_t i = 0; i < e->pairs_cap; i++) {
        const form_pair *p = &e->form_pairs[i];
        if (!p->stem)
            continue;
        size_t j = stem_slot(p->stem, cap);
        while (pairs[j].stem)
            j = (j + 1) & (cap - 1);
        pairs[j] = *p;
    }
    np_free(e->allocator, e->form_pairs);
    e->form_pairs = pairs;
    e->pairs_cap = cap;
    return NP_OK;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "forms compares display forms eight bytes at a time as little-endian words"
#endif

/* Is the kept form (NUL-ended) text's n bytes?  Eight bytes at a time:
 * text has 8 bytes to read past its end (a print's forms: its strings
 * follow them), and the kept forms 8 zero bytes past the last. */
static inline int form_equal(const char *kept, const char *text, size_t n)
{
    uint64_t x, y;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&x, kept + i, 8);
        memcpy(&y, text + i, 8);
        if (x != y)
            return 0;
    }
    memcpy(&x, kept + i, 8);
    memcpy(&y, text + i, 8);
    size_t rest = n - i; /* 0 to 7 bytes, then the kept form's NUL */
    uint64_t mask = rest ? ~0ULL >> (64 - 8 * rest) : 0;
    return ((x ^ y) & mask) == 0 && (x >> (8 * rest) & 0xff) == 0;
}

/* A new pair for stem written as text (n bytes, rank bits at_rank), its
 * string kept, counted once: out of the way of count_form's loop.  The
 * table grows first when it is half full. */
static __attribute__((noinline)) np_status new_pair(np_engine *e, uint32_t stem, uint32_t at_rank,
                                                     const char *text, size_t n)
{
    if ((e->pairs_count + 1) * 2 > e->pairs_cap) {
        np_status st = pairs_grow(e);
        if (st != NP_OK)
            return st;
    }
    if (e->surfaces.len > SURFACE_AT - 256)
        return NP_OK; /* display forms are a nicety: stop collecting */
    size_t at = e->surfaces.len;
    np_status st = buf_reserve(&e->surfaces, n + 1 + 8);
    if (st != NP_OK)
        return st;
    memcpy(e->surfaces.data + at, text, n);
    memset(e->surfaces.data + at + n, 0, 1 + 8); /* its NUL, and 8 zero bytes for form_equal */
    e->surfaces.len += n + 1;
    size_t j = stem_slot(stem, e->pairs_cap);
    while (e->form_pairs[j].stem)
        j = (j + 1) & (e->pairs_cap - 1);
    e->form_pairs[j] = (form_pair){ stem, (uint32_t)at | at_rank, 1 };
    e->pairs_count++;
    return NP_OK;
}

/* One more article writes stem as text (n bytes, rank): its pair counted,
 * made when new. */
static inline np_status count_form(np_engine *e, uint32_t stem, int rank, const char *text, size_t n)
{
    uint32_t at_rank = (uint32_t)(rank & 3) << SURFACE_RANK_SHIFT;
    if (e->pairs_cap)
        for (size_t j = stem_slot(stem, e->pairs_cap); e->form_pairs[j].stem; j = (j + 1) & (e->pairs_cap - 1)) {
            form_pair *p = &e->form_pairs[j];
            if (p->stem == stem && (p->at & ~SURFACE_AT) == at_rank &&
                form_equal(e->surfaces.data + (p->at & SURFACE_AT), text, n)) {
                p->count++;
                return NP_OK;
            }
        }
    return new_pair(e, stem, at_rank, text, n);
}

/* The form's length, at most FORM_MAX bytes kept. */
static size_t form_length(const unsigned char *form)
{
    return form[5] > FORM_MAX ? FORM_MAX : form[5];
}

/* Asks for the pair slot of the packed form at `form` (once there is a
 * table).  returns: the next form */
static inline const unsigned char *prefetch_form_slot(const np_engine *e, const unsigned char *form)
{
    uint32_t stem;
    memcpy(&stem, form, 4);
    if (e->pairs_cap)
        __builtin_prefetch(&e->form_pairs[stem_slot(stem, e->pairs_cap)]);
    return form + 6 + form[5];
}

np_status engine_remember_forms(np_engine *e, const unsigned char *forms, size_t n_forms)
{
    /* the table is far bigger than the cache: the slots of the forms
     * FORMS_AHEAD places on are asked for while this one is counted */
    const unsigned char *f = forms, *ahead = forms;
    size_t k_ahead = 0;
    for (; k_ahead < n_forms && k_ahead < FORMS_AHEAD; k_ahead++)
        ahead = prefetch_form_slot(e, ahead);
    for (size_t k = 0; k < n_forms; k++) {
        if (k_ahead < n_forms) {
            ahead = prefetch_form_slot(e, ahead);
            k_ahead++;
        }
        uint32_t stem;
        memcpy(&stem, f, 4);
        np_status st = count_form(e, stem, f[4], (const char *)f + 6, form_length(f));
        if (st != NP_OK)
            return st;
        f += 6 + f[5];
    }
    return NP_OK;
}

np_status engine_remember_form(np_engine *e, uint32_t stem, int rank, const char *text, size_t len)
{
    unsigned char entry[6 + FORM_MAX + 8] = { 0 }; /* with the 8 bytes past it form_equal reads */
    size_t n = len > FORM_MAX ? FORM_MAX : len;
    memcpy(entry, &stem, 4);
    entry[4] = (unsigned char)rank;
    entry[5] = (unsigned char)n;
    memcpy(entry + 6, text, n);
    return engine_remember_forms(e, entry, 1);
}

/* Is the form at `at` (with its rank bits) a name's?  Names rank 2 (in
 * capitals) or 3; a Korean word without its particle ranks 2 too, and has
 * no capital. */
static int form_is_name(const np_engine *e, uint32_t at)
{
    uint32_t rank = at >> SURFACE_RANK_SHIFT;
    if (rank != 2)
        return rank == 3;
    const char *form = e->surfaces.data + (at & SURFACE_AT);
    return tu_starts_upper(form, strlen(form));
}

/* Does pair p beat the form of slot s, whose pair was counted `count`
 * times?  Of two names, the one more articles write ("UK" over a single
 * article's "Uk"), then the better rank, then the first seen; of two
 * words, the better rank, then more articles, then the first seen. */
static int pair_beats(const form_pair *p, int name, const surface_slot *s, uint32_t count)
{
    uint32_t rank = p->at >> SURFACE_RANK_SHIFT, best_rank = s->at >> SURFACE_RANK_SHIFT;
    if (name && p->count != count)
        return p->count > count;
    if (rank != best_rank)
        return rank > best_rank;
    if (p->count != count)
        return p->count > count;
    return (p->at & SURFACE_AT) < (s->at & SURFACE_AT);
}

/* Is word (a form in lower case) the name's form lowered, as a word's
 * form is: ASCII capitals alone ("Film" and "film", "MATCH" and "match")? */
static int lowered_name(const char *name, const char *word)
{
    size_t n = strlen(name);
    return strlen(word) == n && tu_starts_ci(name, n, word);
}

/* Pair p offered to its stem's slot s, whose pair was counted `count`
 * times: names before words. */
static int pair_takes(const np_engine *e, const form_pair *p, const surface_slot *s, uint32_t count)
{
    int name = form_is_name(e, p->at), best_name = form_is_name(e, s->at);
    return best_name < name || (best_name == name && pair_beats(p, name, s, count));
}

/* A name that more articles write in lower case, as a word, than write it
 * as a name, is shown so: "film" for the "Film" of titles, "match" for a
 * table's "MATCH".  A name that only shares its stem with words
 * ("Pennings" and "penned") stays.  The stem's pairs are found from its
 * place in the pairs' table, as count_form finds them. */
static void names_lowered(np_engine *e, uint32_t *counts)
{
    for (size_t j = 0; j < e->surf_cap; j++) {
        surface_slot *s = &e->surf_slots[j];
        if (!s->stem || !form_is_name(e, s->at))
            continue;
        const char *name = e->surfaces.data + (s->at & SURFACE_AT);
        for (size_t k = stem_slot(s->stem, e->pairs_cap); e->form_pairs[k].stem; k = (k + 1) & (e->pairs_cap - 1)) {
            const form_pair *p = &e->form_pairs[k];
            if (p->stem == s->stem && p->at >> SURFACE_RANK_SHIFT == 1 && p->count > counts[j] &&
                lowered_name(name, e->surfaces.data + (p->at & SURFACE_AT))) {
                *s = (surface_slot){ p->stem, p->at };
                counts[j] = p->count;
                break;
            }
        }
    }
}

/* Is word (in lower case) the name lowered, or its plural or singular
 * ("airline" of "Airlines", "aid" of "Aids", "box" of "Boxes"): the
 * name's own word, not one that only shares its stem ("customers" of
 * "Customs", "fried" of "Fry", "festive" of "Festival", "barn" of
 * "Barnes": "-es" follows s, x, z, ch or sh)? */
static int word_of_name(const char *name, const char *word)
{
    size_t n = strlen(name), m = strlen(word), k = n < m ? n : m;
    const char *tail = n < m ? word + n : name + m;
    for (size_t i = 0; i < k; i++)
        if (tu_lower((unsigned char)name[i]) != (unsigned char)word[i])
            return 0;
    if (!*tail || (tu_lower((unsigned char)tail[0]) == 's' && !tail[1]))
        return 1;
    if (tu_lower((unsigned char)tail[0]) != 'e' || tu_lower((unsigned char)tail[1]) != 's' || tail[2])
        return 0;
    char last = word[k - 1], before = k > 1 ? word[k - 2] : 0; /* the singular's last letters */
    return strchr("sxz", last) || (last == 'h' && (before == 'c' || before == 's'));
}

/* A stem shown as a name keeps, under its even key (stem & ~1: stems are
 * odd), the form its words are written in -- in lower case, the name's
 * own word (word_of_name) -- of the most articles, then the first seen:
 * a story that weighs the stem as a word shows that ("aid" where the
 * run's name is "Aids", "airline" where it is "Airlines").  A name shown
 * lowered (names_lowered) keeps there the stem's best word, as a stem
 * never written as a name shows it: "rate" where the run shows "ratings"
 * of a few articles' "Ratings" (a word beats the lowered name only there,
 * so a word's stem takes no second key).  The table has room: a stem
 * given a second key has two pairs or more. */
static void words_kept(np_engine *e, uint32_t *counts)
{
    for (size_t i = 0; i < e->pairs_cap; i++) {
        const form_pair *p = &e->form_pairs[i];
        uint32_t word_key = p->stem & ~1u;
        if (!word_key || p->at >> SURFACE_RANK_SHIFT != 1)
            continue;
        const surface_slot *odd = surface_find(e, p->stem);
        if (form_is_name(e, odd->at)
                ? !word_of_name(e->surfaces.data + (odd->at & SURFACE_AT), e->surfaces.data + (p->at & SURFACE_AT))
                : !pair_beats(p, 0, odd, counts[odd - e->surf_slots]))
            continue;
        surface_slot *w = surface_find(e, word_key);
        size_t at = (size_t)(w - e->surf_slots);
        if (w->stem && !pair_beats(p, 0, w, counts[at]))
            continue;
        e->surf_count += !w->stem;
        *w = (surface_slot){ word_key, p->at };
        counts[at] = p->count;
    }
}

np_status engine_forms_end(np_engine *e)
{
    if (!e->form_pairs)
        return NP_OK;
    size_t cap = 4096;
    while (cap < 2 * e->pairs_count)
        cap *= 2;
    surface_slot *slots = np_calloc(e->allocator, cap, sizeof *slots);
    uint32_t *counts = np_calloc(e->allocator, cap, sizeof *counts); /* the best pair's, slot by slot */
    if (!slots || !counts) {
        np_free(e->allocator, slots);
        np_free(e->allocator, counts);
        return NP_ENOMEM;
    }
    np_free(e->allocator, e->surf_slots);
    e->surf_slots = slots;
    e->surf_cap = cap;
    e->surf_count = 0;
    e->word_keys = 1; /* unless a stem is even (not the analyser's: a test's) */
    for (size_t i = 0; i < e->pairs_cap; i++) {
        const form_pair *p = &e->form_pairs[i];
        if (!p->stem)
            continue;
        e->word_keys &= (int)(p->stem & 1);
        surface_slot *s = surface_find(e, p->stem);
        size_t at = (size_t)(s - slots);
        if (!s->stem)
            e->surf_count++;
        else if (!pair_takes(e, p, s, counts[at]))
            continue;
        *s = (surface_slot){ p->stem, p->at };
        counts[at] = p->count;
    }
    names_lowered(e, counts);
    if (e->word_keys)
        words_kept(e, counts);
    np_free(e->allocator, counts);
    engine_forms_free(e);
    return NP_OK;
}

void engine_forms_free(np_engine *e)
{
    np_free(e->allocator, e->form_pairs);
    e->form_pairs = NULL;
    e->pairs_cap = e->pairs_count = 0;
}

size_t engine_forms_bytes(const np_engine *e)
{
    return e->surf_cap * sizeof *e->surf_slots + e->pairs_cap * sizeof *e->form_pairs + e->surfaces.len;
}
