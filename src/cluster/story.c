/*
 * story: same-event stories and the storylines that link them.
 *
 * Each article is a tf-idf vector of its stems in two parts, names and
 * numbers apart from other words, each part normalised and scaled so that
 * the dot product of two vectors is (1 - s) cos(words) + s cos(names) with
 * s = name_share (after Miranda et al., EMNLP 2018: two earthquakes in one
 * week differ in places, people and magnitudes, not in the word
 * "earthquake").  A copy family moves as one unit, represented by its
 * original, so a family always lands in one story.
 * Stories: single-pass clustering in time order (TDT, Allan et al. 1998):
 * each unit joins the most similar open story (cosine with the story's
 * centroid, open while within story_window days of the unit) if the
 * similarity reaches story_threshold, else it starts one (the longer
 * text first within a day).  Undated units come after dated ones, the
 * longer first, and join only stories of undated units; the merge pass
 * (average member similarity; an undated story of several units joins a
 * dated one only when at least half of its units would move there each
 * on its own: merge_dates_agree) and the refinement pass decide whether
 * they belong to a dated story; no pass moves a dated unit on its own
 * into a story of undated units (dated_to_undated).  A batch pass then
 * moves each unit to the story it is most similar to, measured against
 * centroids without the unit itself.  The later passes look move_window
 * days around a unit or story, less than story_window: a story that keeps
 * receiving reports stays open in the first pass (an event's trial or
 * aftermath runs over a week), while the later passes' reach only
 * multiplies their candidates.
 * No pass lets a story span more than story_span days: a story open
 * while reports keep coming would otherwise take the next article of its
 * topic for months.  Last, a short text (a headline, whose cosines are
 * weak) moves to the story of short texts under which its words are
 * likeliest in a Dirichlet multinomial mixture (GSDMM, Yin and Wang,
 * KDD 2014).  Stories of different languages share names and numbers,
 * not words: a story of one language joins a larger story of another
 * whose names and numbers, those both languages write, are like its own
 * (story_crosslang.c; nothing changes in a corpus of one language).
 * Last, a full text still alone in its story (a follow-up reported once,
 * weeks after its event, past the windows) joins the story it is at
 * least twice as like as any other story it is weighed against, within
 * story_span (story_lone.c).
 * Facts (a number with its word: "23 pirates", "seventh round") are terms
 * of the vectors, and each story keeps a tally of them: a unit does not
 * move, nor two stories merge, across conflicting facts (facts_conflict:
 * both sides give one word different numbers), which is what tells two
 * events of one kind apart when their names are the same.  The online
 * pass does not test them: a story's figures still change as it grows (a
 * death toll rises), and a first report may give another.
 * Storylines: a story joins the storyline of an earlier story whose names
 * and numbers reach storyline_threshold (cosine) within storyline_window
 * days, or reach_threshold within storyline_reach days, when it reaches
 * storyline_threshold too against that storyline's names as a whole
 * (storyline.c): a storyline follows the same people and places.
 *
 * Here, the units made of the families and the passes in their order
 * (story_group); story_vector.c makes the units' vectors, story_centroid.c
 * keeps the stories' centroids and measures a unit against them,
 * story_facts.c their fact tallies, story_search.c finds the stories worth
 * measuring, story_online.c holds the online pass, story_passes.c the
 * merge pass (and the batches on threads they all run in), story_refine.c
 * the refinement, story_mixture.c the mixture of short texts,
 * story_crosslang.c the stories across languages, story_lone.c the lone
 * reports, and storyline.c numbers the stories and links the storylines;
 * story_internal.h is theirs alone.
 */
#include <limits.h>
#include <string.h>

#include "cluster/story_internal.h"
#include "common/idset.h"
#include "common/radix.h"
#include "common/sort.h"

enum { VECTOR_CHUNK = 4096 }; /* units whose vectors are made between trims */

static int cmp_big_tf(const void *a, const void *b)
{
    const big_tf *x = a, *y = b;
    return (x->term > y->term) - (x->term < y->term);
}

/* The large counts by their place in the pool (each place once), by
 * radix: the shares' lists come as runs of a unit's places, each unit
 * below the last, and qsort's calls through a pointer were 1% of the
 * stage at g20k, on the calling thread at any thread count. */
#define BIG_TF_TERM(x) ((x).term)
static RADIX_SORT(radix_sort_big_tfs, big_tf, BIG_TF_TERM, 4)

static void big_tfs_sort(story_state *s)
{
    big_tf *scratch = s->n_big_tfs > 48 ? np_alloc_array(s->e->allocator, s->n_big_tfs, sizeof *scratch) : NULL;
    if (scratch || s->n_big_tfs <= 48)
        radix_sort_big_tfs(s->big_tfs, scratch, s->n_big_tfs);
    else /* no room for the scratch: in place */
        np_sort(s->big_tfs, s->n_big_tfs, sizeof *s->big_tfs, cmp_big_tf);
    np_free(s->e->allocator, scratch);
}

/* The units in time order: dated first, by day; within a day, and among
 * undated units, the longer text first: a story then starts from its
 * fullest account, and the order does not depend on how the ids happen to
 * be named (in id order, the undated units of a test set came grouped by
 * topic; in shuffled orders ECB+ dev B3 F1 ranged 0.904-0.914); last, id
 * order (rank).  Two stable radix sorts of the units' places, by rank
 * then by day and length, and the units moved along the order's cycles
 * (no second array of units). */
static np_status units_sort(story_state *s)
{
    size_t n = s->n_units;
    if (n < 2)
        return NP_OK;
    radix_item *order = np_alloc_array(s->e->allocator, 2 * n, sizeof *order);
    if (!order)
        return NP_ENOMEM;
    for (size_t u = 0; u < n; u++)
        order[u] = (radix_item){ s->units[u].rank, (uint32_t)u };
    radix_sort_items(order, order + n, n);
    for (size_t k = 0; k < n; k++) {
        const unit *x = &s->units[order[k].value];
        /* a dated day below every undated one (NO_DAY is the least int32) */
        uint32_t day = x->day == NO_DAY ? UINT32_MAX : (uint32_t)((int64_t)x->day - INT32_MIN - 1);
        order[k].key = (uint64_t)day << 32 | (UINT32_MAX - x->length);
    }
    radix_sort_items(order, order + n, n);
    /* place k takes the unit at order[k].value; a place done points at
     * itself */
    for (size_t i = 0; i < n; i++) {
        if (order[i].value == i)
            continue;
        unit first = s->units[i];
        size_t j = i;
        while (order[j].value != i) {
            size_t from = order[j].value;
            s->units[j] = s->units[from];
            order[j].value = (uint32_t)j;
            j = from;
        }
        s->units[j] = first;
        order[j].value = (uint32_t)j;
    }
    np_free(s->e->allocator, order);
    return NP_OK;
}

/* A family is placed in time by its earliest dated member, and names the
 * months all its members name (per original; others' are left as set). */
static void families_in_time(const np_engine *e, int32_t *fam_day, uint16_t *fam_months)
{
    for (size_t i = 0; i < e->n_arts; i++)
        fam_day[i] = NO_DAY;
    for (size_t i = 0; i < e->n_arts; i++)
        fam_months[i] = 0;
    for (size_t j = 0; j < e->n_arts; j++) {
        uint32_t o = e->original[j];
        int32_t d = e->arts[j].day;
        if (o != UINT32_MAX)
            fam_months[o] |= e->arts[j].months;
        if (o != UINT32_MAX && d != NO_DAY && (fam_day[o] == NO_DAY || d < fam_day[o]))
            fam_day[o] = d;
    }
}

/* The passes, in their order: online, merge, refinement (on the merge
 * pass's slice indexes, made anew, for its time alone), mixture, across
 * languages, and the lone reports. */
static np_status run_passes(story_state *s)
{
    engine_stage_begins(s->e, NP_STAGE_STORIES, "first pass");
    np_status st = story_online(s);
    if (st == NP_OK) {
        story_centroids_fit(s); /* before the next step gives back free pages */
        engine_stage_begins(s->e, NP_STAGE_STORIES, "merge pass");
        st = story_merge_pass(s);
    }
    if (st == NP_OK)
        story_online_settle(s);
    if (st == NP_OK) {
        story_centroids_fit(s);
        engine_stage_begins(s->e, NP_STAGE_STORIES, "refinement");
        st = story_slices_renew(s); /* the merge pass's */
    }
    if (st == NP_OK && story_shares(s) > 1)
        st = story_slices_make_all(s, story_shares(s));
    for (int pass = 0; pass < REFINE_PASSES && st == NP_OK; pass++) {
        if (pass > 0)
            story_centroids_fit(s); /* the stories the last pass grew */
        st = story_refine(s, (unsigned)pass + 1);
    }
    story_slices_free(s);
    story_online_free(s);
    if (st == NP_OK) {
        engine_stage_begins(s->e, NP_STAGE_STORIES, "short texts");
        st = story_mixture(s);
    }
    if (st == NP_OK)
        st = story_cross_language(s);
    if (st == NP_OK)
        st = story_lone_reports(s);
    return st;
}

/* Frees a centroid's terms, directory and tally where they are its own
 * (not borrowed from the pools). */
static void centroid_free_own(const np_allocator *al, centroid *c)
{
    if (!c->borrowed)
        np_free(al, c->items);
    np_free(al, c->dir);
    if (!c->facts_borrowed)
        np_free(al, c->facts);
}

/* Frees what the state holds (NULL or empty parts too). */
static void state_free(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    story_post_free(s);
    story_online_free(s);
    for (size_t c = 0; c < s->n_cents; c++)
        centroid_free_own(al, &s->cents[c]);
    np_free(al, s->cents);
    np_free(al, s->steps);
    np_free(al, s->units);
    np_free(al, s->pool);
    np_free(al, s->tf);
    np_free(al, s->big_tfs);
    np_free(al, s->fact_pool);
    np_free(al, s->fact_merge);
    if (s->numbers)
        idset_free(s->numbers);
    np_free(al, s->numbers);
}

void story_centroid_release(story_state *s, centroid *c)
{
    story_centroid_top(c);
    centroid_free_own(s->e->allocator, c);
    c->items = NULL, c->n = c->cap = 0, c->borrowed = 0;
    c->dir = NULL, c->dir_cap = 0, c->dir_valid = 0;
    c->facts = NULL, c->n_facts = 0, c->cap_facts = 0, c->facts_borrowed = 0;
}

void story_terms_release(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    for (size_t k = 0; k < s->n_cents; k++)
        story_centroid_release(s, &s->cents[k]);
    np_free(al, s->pool);
    np_free(al, s->steps);
    s->pool = NULL;
    s->steps = NULL, s->cap_steps = 0;
}

/* The units, last article first: each one's room in the pool (all its
 * representative's terms), its facts and where its nouns start. */
static void units_place(story_state *s, const int32_t *fam_day, const uint16_t *fam_months, size_t *noun_first,
                        size_t pool_size, size_t fact_size)
{
    const np_engine *e = s->e;
    size_t pool_top = pool_size, facts_top = fact_size, noun_at = 0;
    for (size_t i = 0; i < e->n_arts; i++)
        noun_at += e->arts[i].fact_count; /* the nouns end here */
    for (size_t i = e->n_arts; i-- > 0;) {
        const art *r = &e->arts[i];
        noun_at -= r->fact_count; /* the nouns of article i's facts start here */
        if (e->original[i] != UINT32_MAX && e->original[i] != i)
            continue; /* a copy travels with its original */
        noun_first[s->n_units] = noun_at;
        unit *x = &s->units[s->n_units++];
        x->art = (uint32_t)i;
        x->rank = s->rank[i];
        x->day = e->original[i] == i ? fam_day[i] : r->day;
        x->months = e->original[i] == i ? fam_months[i] : r->months;
        engine_mentions(e, (uint32_t)i, x->mentions);
        x->story = UINT32_MAX;
        /* from an even place (half of them start a byte of counts:
         * story_state.tf, story_vectors_make) */
        pool_top = (pool_top - r->term_count - r->fact_count) & ~(size_t)1;
        x->vec_first = (uint32_t)pool_top;
        facts_top -= r->fact_count;
        x->fact_first = (uint32_t)facts_top;
        x->n_facts = r->fact_count;
    }
}

np_status story_group(np_engine *e)
{
    const np_allocator *al = e->allocator;
    story_state s = { .e = e };
    int32_t *fam_day = np_alloc_array(al, e->n_arts + 1, sizeof *fam_day);
    uint16_t *fam_months = np_alloc_array(al, e->n_arts + 1, sizeof *fam_months);
    size_t *noun_first = np_alloc_array(al, e->n_arts + 1, sizeof *noun_first);
    s.units = np_alloc_array(al, e->n_arts + 1, sizeof *s.units);
    size_t pool_size = 2, fact_size = 1; /* the terms of the units' representatives, each from an even place */
    for (size_t i = 0; i < e->n_arts; i++) {
        if (e->original[i] == UINT32_MAX || e->original[i] == i) {
            pool_size += e->arts[i].term_count + e->arts[i].fact_count + 1;
            fact_size += e->arts[i].fact_count;
        }
    }
    s.pool = np_alloc_array(al, pool_size, sizeof *s.pool);
    s.tf = np_calloc(al, pool_size / 4 + 1, sizeof *s.tf);
    s.fact_pool = np_alloc_array(al, fact_size, sizeof *s.fact_pool);
    np_status st = NP_OK;
    if (!fam_day || !fam_months || !noun_first || !s.units || !s.pool || !s.tf || !s.fact_pool) {
        st = NP_ENOMEM;
        goto done;
    }
    s.rank = e->rank;
    s.threads = e->pool;
    families_in_time(e, fam_day, fam_months);
    units_place(&s, fam_day, fam_months, noun_first, pool_size, fact_size);
    if (story_languages(&s)) { /* the vectors keep their numbers' stems */
        if (!(s.numbers = np_alloc(al, sizeof *s.numbers))) {
            st = NP_ENOMEM;
            goto done;
        }
        idset_init(s.numbers, al);
    }
    /* the families' days and months are the units' now: given back before
     * the vectors fill the pool (6 B an article) */
    np_free(al, fam_day);
    np_free(al, fam_months);
    fam_day = NULL, fam_months = NULL;
    engine_stage_begins(e, NP_STAGE_STORIES, "vectors");
    /* the vectors a chunk of units at a time, last article first, the
     * chunk's terms given back once its vectors are made
     * (engine_trim_terms, when the articles' terms follow one another in
     * the pool), every TRIM_TERM_BYTES or so; the units are sorted below */
    int in_order = 1;
    for (size_t i = 0; i + 1 < e->n_arts && in_order; i++)
        in_order = e->arts[i].term_first <= e->arts[i + 1].term_first;
    size_t trimmed = e->n_term_bytes;
    unsigned shown = UINT_MAX;
    for (size_t from = 0, to; from < s.n_units; from = to) {
        engine_step_progress(e, NP_STAGE_STORIES, "vectors", 0, from, s.n_units, &shown);
        to = s.n_units - from > VECTOR_CHUNK ? from + VECTOR_CHUNK : s.n_units;
        if ((st = story_vectors_make(&s, noun_first, from, to)) != NP_OK)
            goto done;
        /* the articles below the chunk's */
        size_t keep = (size_t)e->arts[s.units[to - 1].art].term_first * TERMS_ALIGN;
        if (in_order && trimmed - keep >= TRIM_TERM_BYTES) {
            engine_trim_terms(e, keep);
            trimmed = keep;
        }
    }
    /* where each unit's nouns start is read by the vectors alone (8 B an
     * article): not kept through the passes, where the stage peaks */
    np_free(al, noun_first);
    noun_first = NULL;
    big_tfs_sort(&s);
    s.n_vocab = e->n_vocab;
    engine_release(e, RELEASE_TERMS); /* the vectors hold what stories need */
    st = units_sort(&s);
    if (st == NP_OK)
        st = run_passes(&s);
    /* counts and facts are the passes' alone: given back before publish's
     * tables */
    np_free(al, s.tf);
    np_free(al, s.big_tfs);
    np_free(al, s.fact_pool);
    np_free(al, s.fact_merge);
    s.tf = NULL, s.big_tfs = NULL, s.n_big_tfs = s.cap_big_tfs = 0;
    s.fact_pool = s.fact_merge = NULL, s.cap_fact_merge = 0;
    if (st == NP_OK) {
        engine_stage_begins(e, NP_STAGE_STORIES, "storylines");
        st = story_publish(&s);
    }
done:
    state_free(&s);
    np_free(al, noun_first);
    np_free(al, fam_day);
    np_free(al, fam_months);
    return st;
}
