/*
 * story_search: which stories a unit or a story is weighed against.
 *
 * An inverted index from a stem to the stories whose units had it among
 * their top terms, in time order; a search takes the latest POSTING_SCAN
 * stories of each of its top terms.  For the merge pass (by the stories'
 * roots) and the refinement each such slice is indexed by its stories'
 * days, so that a dated story or unit takes only those within its window,
 * in the same order.  A story_search is one thread's room for this.
 */
#include <string.h>

#include "cluster/story_internal.h"
#include "common/parallel.h"

/* post_table twice as large (the first: 1 << 14), its entries placed again. */
static np_status post_table_grow(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    size_t cap = s->post_table_cap ? s->post_table_cap * 2 : 1 << 14;
    post_entry *table = np_calloc(al, cap, sizeof *table), *old = s->post_table;
    if (!table)
        return NP_ENOMEM;
    size_t old_cap = s->post_table_cap;
    s->post_table = table;
    s->post_table_cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].stem)
            table[post_table_find(s, old[i].stem)] = old[i];
    np_free(al, old);
    return NP_OK;
}

/* *array resized to n items of size bytes; 0, and *array as it was, when
 * memory is short. */
static int resize(const np_allocator *al, void **array, size_t n, size_t size)
{
    void *p = np_realloc_array(al, *array, n, size);
    if (p)
        *array = p;
    return p != NULL;
}

/* Room for twice the slots (the first: 1 << 12), in the slice indexes and
 * their dirty list too while they are made. */
static np_status post_slots_grow(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    size_t room = s->post_room ? s->post_room * 2 : 1 << 12;
    /* each array tried, as each keeps its old size when another fails */
    int ok = resize(al, (void **)&s->post_keys, room, sizeof *s->post_keys);
    ok &= resize(al, (void **)&s->post_lists, room, sizeof *s->post_lists);
    ok &= resize(al, (void **)&s->post_len, room, sizeof *s->post_len);
    ok &= resize(al, (void **)&s->post_cap, room, sizeof *s->post_cap);
    if (ok && s->slices)
        ok = resize(al, (void **)&s->slices, room + 1, sizeof *s->slices);
    if (ok && s->dirty)
        ok = resize(al, (void **)&s->dirty, room + 1, sizeof *s->dirty);
    if (!ok)
        return NP_ENOMEM;
    s->post_room = room;
    return NP_OK;
}

/* A new slot for stem's posting list, empty (the first call makes slot 0,
 * no stem's, too).  While slice indexes are made, every slice counts as
 * moved: a guess that met no list for the stem read slot 0. */
static np_status post_slot_new(story_state *s, uint32_t stem, size_t *slot)
{
    if ((s->post_slots + 1) * 2 > s->post_table_cap && post_table_grow(s) != NP_OK)
        return NP_ENOMEM;
    if (s->post_slots + 2 > s->post_room && post_slots_grow(s) != NP_OK)
        return NP_ENOMEM;
    size_t j = s->post_slots ? s->post_slots : 1;
    s->post_slots = j + 1;
    for (size_t k = j == 1 ? 0 : j; k <= j; k++) {
        s->post_keys[k] = k ? stem : 0;
        s->post_lists[k] = (post_list){ NULL };
        s->post_len[k] = s->post_cap[k] = 0;
        if (s->slices)
            s->slices[k] = (slice_index){ 0 };
    }
    if (s->slices)
        s->slices_made = s->clock;
    s->post_table[post_table_find(s, stem)] = (post_entry){ stem, (uint32_t)j };
    *slot = j;
    return NP_OK;
}

/* Slot j's slice index changes (its list or a story's days). */
static void slice_moved(story_state *s, size_t j)
{
    s->slices[j].moved = s->clock;
    if (!s->slices[j].dirty && s->dirty) {
        s->slices[j].dirty = 1;
        s->dirty[s->n_dirty++] = (uint32_t)j;
    }
}

/* Frees what a search holds. */
static void search_free(const np_allocator *al, story_search *q)
{
    np_free(al, q->seen);
    np_free(al, q->found);
    np_free(al, q->hits);
    np_free(al, q->probe_keys);
    np_free(al, q->probe_gen);
    np_free(al, q->probe_weights);
}

/* The threads of the story passes: the engine's, at most STORY_SHARES. */
size_t story_shares(const story_state *s)
{
    size_t n = s->e->threads < STORY_SHARES ? s->e->threads : STORY_SHARES;
    return n ? n : 1;
}

/* n searches for the threads of a parallel pass, each with room for
 * every story (and, with `probe`, for any unit's vector): they allocate
 * nothing while the threads run.  Owned by the caller: searches_free. */
np_status story_searches_make(story_state *s, size_t n, int probe, story_search **out)
{
    const np_allocator *al = s->e->allocator;
    story_search *qs = np_calloc(al, n, sizeof *qs);
    *out = qs;
    if (!qs)
        return NP_ENOMEM;
    size_t longest = 0;
    for (size_t u = 0; probe && u < s->n_units; u++)
        if (s->units[u].vec_n > longest)
            longest = s->units[u].vec_n;
    for (size_t k = 0; k < n; k++) {
        story_search *q = &qs[k];
        q->shared = 1;
        q->seen = np_calloc(al, s->n_cents + 1, sizeof *q->seen);
        q->found = np_alloc_array(al, s->n_cents + 1, sizeof *q->found);
        q->hits = np_alloc_array(al, s->n_cents + 1, sizeof *q->hits);
        q->cap_found = q->cap_hits = s->n_cents + 1;
        if (!q->seen || !q->found || !q->hits || (probe && story_probe_reserve(al, q, longest) != NP_OK))
            return NP_ENOMEM;
    }
    return NP_OK;
}

/* Room in the n searches qs (of story_searches_make) for every story
 * there is now: the first pass makes its stories as it goes. */
np_status story_searches_grow(story_state *s, size_t n, story_search *qs)
{
    const np_allocator *al = s->e->allocator;
    for (size_t k = 0; k < n; k++) {
        story_search *q = &qs[k];
        size_t had = q->cap_found, cap = 2 * (s->n_cents + 1);
        if (s->n_cents < had) /* seen and found have room for cap_found */
            continue;
        uint32_t *seen = np_realloc_array(al, q->seen, cap, sizeof *seen);
        if (!seen)
            return NP_ENOMEM;
        memset(seen + had, 0, (cap - had) * sizeof *seen);
        q->seen = seen;
        if (story_reserve(al, (void **)&q->found, &q->cap_found, cap, sizeof *q->found) != NP_OK)
            return NP_ENOMEM;
    }
    return NP_OK;
}

void story_searches_free(story_state *s, size_t n, story_search *qs)
{
    for (size_t k = 0; qs && k < n; k++)
        search_free(s->e->allocator, &qs[k]);
    np_free(s->e->allocator, qs);
}

void story_post_free(story_state *s)
{
    story_slices_free(s);
    const np_allocator *al = s->e->allocator;
    for (size_t k = 0; k < s->n_post_slabs; k++)
        np_free(al, s->post_slabs[k]);
    np_free(al, s->post_slabs);
    s->post_slabs = NULL;
    s->n_post_slabs = s->cap_post_slabs = s->post_slab_left = 0;
    s->post_slab_at = NULL;
    memset(s->post_given, 0, sizeof s->post_given);
    np_free(al, s->post_table);
    np_free(al, s->post_keys);
    np_free(al, s->post_lists);
    np_free(al, s->post_len);
    np_free(al, s->post_cap);
    search_free(al, &s->look);
}

static np_status posted_add(story_state *s, uint32_t story_index, uint32_t stem);

/* The class of a list's room of `room` entries (4 << class). */
static unsigned post_class(uint32_t room)
{
    unsigned c = 0;
    while ((4u << c) < room)
        c++;
    return c;
}

/* A room of `room` entries (4 to POST_RING, a power of two) for a list:
 * one given up, or cut from the last slab (a new one when it is short). */
static uint32_t *post_room_take(story_state *s, uint32_t room)
{
    unsigned c = post_class(room);
    uint32_t *p = s->post_given[c];
    if (p) {
        memcpy(&s->post_given[c], p, sizeof s->post_given[c]);
        return p;
    }
    if (s->post_slab_left < room) {
        const np_allocator *al = s->e->allocator;
        if (s->n_post_slabs == s->cap_post_slabs &&
            story_reserve(al, (void **)&s->post_slabs, &s->cap_post_slabs,
                          s->cap_post_slabs ? 2 * s->cap_post_slabs : 16, sizeof *s->post_slabs) != NP_OK)
            return NULL;
        uint32_t *slab = np_alloc_array(al, POST_SLAB, sizeof *slab);
        if (!slab)
            return NULL;
        s->post_slabs[s->n_post_slabs++] = slab;
        s->post_slab_at = slab;
        s->post_slab_left = POST_SLAB;
    }
    p = s->post_slab_at;
    s->post_slab_at += room;
    s->post_slab_left -= room;
    return p;
}

/* A list's room of `room` entries given up, for the next list of its size. */
static void post_room_give(story_state *s, uint32_t *p, uint32_t room)
{
    unsigned c = post_class(room);
    memcpy(p, &s->post_given[c], sizeof s->post_given[c]);
    s->post_given[c] = p;
}

np_status story_post_add(story_state *s, const unit *x, uint32_t story_index)
{
    return story_post_add_at(s, x, story_index, NULL);
}

/* story_post_add with the slots of x's terms as a search found them
 * (story_search.slots; NULL: none), which spares looking up those it
 * found (a slot stays its term's; one it did not find may be new). */
np_status story_post_add_at(story_state *s, const unit *x, uint32_t story_index, const uint32_t *slots)
{
    const uint32_t *top = x->top;
    size_t n = x->n_top;
    for (size_t i = 0; i < n; i++) {
        size_t j = slots && slots[i] ? slots[i] : post_slot(s, top[i]);
        if (!j && post_slot_new(s, top[i], &j) != NP_OK)
            return NP_ENOMEM;
        uint32_t len = s->post_len[j];
        if (len && post_at(s, j, len - 1) == story_index)
            continue;
        /* the room is one entry (in post_lists), then 4, doubling up to
         * POST_RING, when the oldest entry gives its place (the list's
         * length still counts them all: it tells a slice index made for
         * it) */
        uint32_t cap = s->post_cap[j];
        if (len == cap && len < POST_RING) {
            if (cap == 0) {
                s->post_cap[j] = 1;
            } else {
                uint32_t *p = post_room_take(s, cap == 1 ? 4 : 2 * cap);
                if (!p)
                    return NP_ENOMEM;
                if (cap == 1) {
                    p[0] = s->post_lists[j].one;
                } else { /* not yet a ring: its entries in order */
                    memcpy(p, s->post_lists[j].items, cap * sizeof *p);
                    post_room_give(s, s->post_lists[j].items, cap);
                }
                s->post_lists[j].items = p;
                s->post_cap[j] = cap == 1 ? 4 : 2 * cap;
            }
        }
        uint32_t *items = s->post_cap[j] <= 1 ? &s->post_lists[j].one : s->post_lists[j].items;
        items[len & (s->post_cap[j] - 1)] = story_index;
        s->post_len[j] = len + 1;
        if (!s->slices)
            continue;
        slice_moved(s, j);
        if (posted_add(s, story_index, top[i]) != NP_OK)
            return NP_ENOMEM;
    }
    return NP_OK;
}

/* Stories listed under the given stems (the latest POSTING_SCAN of each),
 * into q->found. */
static np_status stories_under(story_state *s, story_search *q, const uint32_t *stems, size_t n);

/* Stories sharing a heavy term with a centroid.  Its heaviest terms are
 * cached in it: a thread's search asks only of the centroids it owns (no
 * other thread reads their terms meanwhile). */
np_status story_centroid_candidates(story_state *s, story_search *q, centroid *c)
{
    story_centroid_top(c);
    return stories_under(s, q, c->top, c->n_top);
}

static np_status in_span(story_state *s, story_search *q, const uint32_t *top, size_t n_top, int64_t lo, int64_t hi,
                         int ordered);

/* Stories sharing a heavy term with a centroid within window days of it
 * (of an undated centroid, all): those of its terms' slices whose days
 * meet its own, give or take the window, in no set order (the slice
 * indexes fresh). */
np_status story_centroid_near(story_state *s, story_search *q, centroid *c, int window)
{
    if (c->first_day == NO_DAY)
        return story_centroid_candidates(s, q, c);
    story_centroid_top(c);
    return in_span(s, q, c->top, c->n_top, (int64_t)c->first_day - window, (int64_t)c->last_day + window, 0);
}

/* Stories sharing a top term with the unit (the latest POSTING_SCAN of
 * each term's stories), into q->found. */
np_status story_candidates_of(story_state *s, story_search *q, const unit *x)
{
    return stories_under(s, q, x->top, x->n_top);
}

/* The posting slots of the terms top (at most INDEX_TERMS), into slots:
 * each a cache miss in a large corpus, so all are asked for before the
 * first is read, as the callers then do with what the slots lead to (one
 * after the other, the misses were most of a search's time at 200k). */
static size_t term_slots(const story_state *s, const uint32_t *top, size_t n, size_t slots[INDEX_TERMS])
{
    if (n > INDEX_TERMS)
        n = INDEX_TERMS;
    for (size_t i = 0; i < n && s->post_table_cap; i++)
        __builtin_prefetch(&s->post_table[(top[i] * 2654435761u) & (s->post_table_cap - 1)]);
    for (size_t i = 0; i < n; i++)
        slots[i] = post_slot(s, top[i]);
    return n;
}

static np_status stories_under(story_state *s, story_search *q, const uint32_t *top, size_t n)
{
    /* a thread's is large enough */
    if (s->n_cents > q->cap_found &&
        story_reserve(s->e->allocator, (void **)&q->found, &q->cap_found, s->n_cents * 2, sizeof *q->found) != NP_OK)
        return NP_ENOMEM;
    q->stamp++;
    q->n_found = 0;
    if (!s->post_slots) {
        memset(q->slots, 0, sizeof q->slots);
        return NP_OK;
    }
    /* the ends of the terms' lists asked for a step ahead too */
    size_t slots[INDEX_TERMS];
    n = term_slots(s, top, n, slots);
    for (size_t i = 0; i < n; i++) {
        q->slots[i] = (uint32_t)slots[i];
        __builtin_prefetch(&s->post_lists[slots[i]]);
        __builtin_prefetch(&s->post_len[slots[i]]);
        __builtin_prefetch(&s->post_cap[slots[i]]);
    }
    for (size_t i = 0; i < n; i++)
        if (s->post_keys[slots[i]] && s->post_len[slots[i]])
            __builtin_prefetch(&post_items(s, slots[i])[(s->post_len[slots[i]] - 1) & (s->post_cap[slots[i]] - 1)]);
    for (size_t i = 0; i < n; i++) {
        size_t j = slots[i];
        if (!s->post_keys[j])
            continue;
        uint32_t len = s->post_len[j], mask = s->post_cap[j] - 1;
        uint32_t from = len > POSTING_SCAN ? len - POSTING_SCAN : 0;
        const uint32_t *list = post_items(s, j);
        for (uint32_t k = len; k-- > from;) {
            if (k >= from + PREFETCH_AHEAD)
                __builtin_prefetch(&s->cents[list[(k - PREFETCH_AHEAD) & mask]]);
            uint32_t c = list[k & mask];
            if (q->seen[c] == q->stamp)
                continue;
            q->seen[c] = q->stamp;
            q->found[q->n_found++] = c;
        }
    }
    return NP_OK;
}

/* The refinement's search in time.  Its slices are the latest postings of
 * the whole corpus, so most of the stories stories_under meets are far
 * from the unit's days (at 200k: 439 stories met a unit, 5.5 within the
 * window).  Each slice is indexed by its stories' days, made when first
 * needed and again when its list grows or one of its stories widens its
 * days (refine_touch_day); a unit takes the stories within the window
 * from each index, in the order stories_under meets them (term, then
 * place in the slice), so the same candidates in the same order. */
/* Puts hits [from, n) of one term in order of place (insertion: a few). */
static void hits_by_rank(window_hit *hits, size_t from, size_t n)
{
    for (size_t i = from + 1; i < n; i++) {
        window_hit h = hits[i];
        size_t k = i;
        for (; k > from && hits[k - 1].rank > h.rank; k--)
            hits[k] = hits[k - 1];
        hits[k] = h;
    }
}

/* Is slice index ix's room its own (not in a block of
 * story_slices_make_all's)? */
static int slice_room_own(const story_state *s, const slice_index *ix)
{
    if (ix->cap <= 1)
        return 0;
    uintptr_t at = (uintptr_t)ix->at.items;
    for (size_t b = 0; b < s->n_slice_blocks; b++) {
        uintptr_t from = (uintptr_t)s->slice_blocks[b];
        if (at >= from && at < from + s->slice_block_n[b] * sizeof(slice_entry))
            return 0;
    }
    return 1;
}

/* Room for `room` entries (at most POSTING_SCAN) in slice index ix: one
 * in it, more apart (what it held is not kept: the index is made anew). */
static np_status slice_room(const story_state *s, slice_index *ix, uint32_t room)
{
    if (room <= 1) {
        ix->cap = 1;
        return NP_OK;
    }
    int own = slice_room_own(s, ix);
    slice_entry *p = np_realloc_array(s->e->allocator, own ? ix->at.items : NULL, room, sizeof *p);
    if (!p)
        return NP_ENOMEM;
    ix->at.items = p;
    ix->cap = (uint8_t)room;
    return NP_OK;
}

/* Makes slot j's slice index, its stories met once (marked in q->seen,
 * a thread's search; with NULL, in the centroids); in the merge pass
 * (s->roots), their roots.  The entries, by first day then place, are
 * sorted as they come: latest posting first, so each comes with a place
 * after all before it and (a list being posted in time) mostly with an
 * earlier day, put in a run kept sorted from the end of the room down,
 * moved to its start at the end. */
np_status story_slice_index_make(story_state *s, size_t j, story_search *q)
{
    slice_index *ix = &s->slices[j];
    uint32_t len = s->post_len[j], from = len > POSTING_SCAN ? len - POSTING_SCAN : 0;
    if (len - from > ix->cap && slice_room(s, ix, len - from) != NP_OK)
        return NP_ENOMEM;
    slice_entry *items = slice_items(ix);
    size_t room = len - from;
    const uint32_t *list = post_items(s, j), mask = s->post_cap[j] - 1;
    uint32_t stamp = q ? ++q->stamp : ++s->index_stamp;
    uint32_t n = 0, undated = 0;
    int32_t span = 0;
    for (uint32_t k = len; k-- > from;) {
        if (k >= from + PREFETCH_AHEAD && !s->roots) {
            uint32_t ahead = list[(k - PREFETCH_AHEAD) & mask];
            __builtin_prefetch(&s->cents[ahead]);
            if (q)
                __builtin_prefetch(&q->seen[ahead]);
        }
        uint32_t listed = s->roots ? story_root(s->roots, list[k & mask]) : list[k & mask];
        centroid *c = &s->cents[listed];
        uint32_t *mark = q ? &q->seen[listed] : &c->indexed;
        if (*mark == stamp)
            continue;
        *mark = stamp;
        uint32_t days = c->first_day == NO_DAY ? 0 : (uint32_t)(c->last_day - c->first_day);
        /* after the entries of its day or before, whose places are less */
        size_t at = room - ++n;
        for (; at + 1 < room && items[at + 1].first_day <= c->first_day; at++)
            items[at] = items[at + 1];
        items[at] = (slice_entry){ c->first_day, listed, days << SLICE_RANK_BITS | (len - 1 - k) };
        if (c->first_day == NO_DAY)
            undated++; /* NO_DAY is the least day: they sort first */
        else if (c->last_day - c->first_day > span)
            span = c->last_day - c->first_day;
    }
    memmove(items, items + (room - n), n * sizeof *items);
    ix->n = (uint8_t)n;
    ix->n_undated = (uint8_t)undated;
    ix->max_span = span;
    ix->len = len;
    return NP_OK;
}

static void window_hit_add(story_search *q, size_t *n, uint32_t term_index, const slice_entry *e)
{
    if (q->seen[e->story] == q->stamp)
        return;
    q->seen[e->story] = q->stamp;
    q->hits[(*n)++] = (window_hit){ term_index, slice_rank(e), e->story };
}

/* The stories of the slices of the stems top whose days meet [lo, hi]
 * (and the undated), into q->found, with `ordered` in stories_under's
 * order.  A thread's search that meets a stale slice index sets q->missed
 * and finds nothing. */
static np_status in_span(story_state *s, story_search *q, const uint32_t *top, size_t n_top, int64_t lo, int64_t hi,
                         int ordered)
{
    /* a thread's is large enough */
    if (s->n_cents > q->cap_hits &&
        story_reserve(s->e->allocator, (void **)&q->hits, &q->cap_hits, s->n_cents * 2, sizeof *q->hits) != NP_OK)
        return NP_ENOMEM;
    np_status st = stories_under(s, q, NULL, 0); /* sizes found, a new stamp */
    if (st != NP_OK)
        return st;
    size_t n = 0;
    /* the slice indexes and their binary searches' first steps asked for
     * a step ahead too */
    size_t slots[INDEX_TERMS];
    n_top = s->post_slots ? term_slots(s, top, n_top, slots) : 0;
    for (uint32_t i = 0; i < n_top; i++) {
        __builtin_prefetch(&s->slices[slots[i]]);
        __builtin_prefetch(&s->post_len[slots[i]]);
    }
    for (uint32_t i = 0; i < n_top; i++) {
        slice_index *ix = &s->slices[slots[i]];
        if (s->post_keys[slots[i]] && ix->cap > 1 && ix->n > ix->n_undated)
            __builtin_prefetch(&ix->at.items[ix->n_undated + (ix->n - ix->n_undated) / 2]);
    }
    for (uint32_t i = 0; i < n_top; i++) {
        size_t j = slots[i];
        if (!s->post_keys[j])
            continue;
        slice_index *ix = &s->slices[j];
        if (ix->len != s->post_len[j] && q->shared) {
            q->missed = 1;
            return NP_OK;
        }
        if (ix->len != s->post_len[j] && (st = story_slice_index_make(s, j, NULL)) != NP_OK)
            return st;
        const slice_entry *items = slice_items(ix);
        size_t term_from = n;
        for (uint32_t k = 0; k < ix->n_undated; k++)
            window_hit_add(q, &n, i, &items[k]);
        /* within: first_day <= day + window and last_day >= day - window */
        uint32_t a = ix->n_undated, b = ix->n;
        while (a < b) {
            uint32_t mid = a + (b - a) / 2;
            if (items[mid].first_day <= hi)
                a = mid + 1;
            else
                b = mid;
        }
        for (uint32_t k = a; k-- > ix->n_undated;) {
            if (items[k].first_day < lo - ix->max_span)
                break;
            if (slice_last_day(&items[k]) >= lo)
                window_hit_add(q, &n, i, &items[k]);
        }
        /* the terms come in order: each one's hits by place */
        if (ordered)
            hits_by_rank(q->hits, term_from, n);
    }
    for (size_t k = 0; k < n; k++)
        q->found[k] = q->hits[k].story;
    q->n_found = n;
    return NP_OK;
}

/* The stories of a dated unit's slices within window days of it. */
np_status story_in_window(story_state *s, story_search *q, const unit *x, int window)
{
    return in_span(s, q, x->top, x->n_top, (int64_t)x->day - window, (int64_t)x->day + window, 1);
}

static np_status posted_add(story_state *s, uint32_t story_index, uint32_t stem)
{
    if (s->n_posted == s->cap_posted) {
        size_t cap = s->cap_posted ? s->cap_posted * 2 : 4096;
        posted_node *p = np_realloc_array(s->e->allocator, s->posted, cap, sizeof *p);
        if (!p)
            return NP_ENOMEM;
        s->posted = p;
        s->cap_posted = cap;
    }
    s->posted[s->n_posted] = (posted_node){ stem, s->posted_first[story_index] };
    s->posted_first[story_index] = (uint32_t)s->n_posted++;
    return NP_OK;
}

/* The slice indexes and each story's stems, and the clocks of moves, for
 * the refinement passes. */
np_status story_slices_begin(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    s->slices = np_calloc(al, s->post_room + 1, sizeof *s->slices);
    s->posted_first = np_alloc_array(al, s->n_cents + 1, sizeof *s->posted_first);
    s->changed = np_calloc(al, s->n_cents + 1, sizeof *s->changed);
    s->scored = np_calloc(al, s->n_units + 1, sizeof *s->scored);
    s->clock = 1;
    if (!s->slices || !s->posted_first || !s->changed || !s->scored)
        return NP_ENOMEM;
    for (size_t c = 0; c < s->n_cents; c++)
        s->posted_first[c] = UINT32_MAX;
    for (size_t j = 0; j < s->post_slots; j++) {
        uint32_t len = s->post_len[j], from = len > POSTING_SCAN ? len - POSTING_SCAN : 0;
        for (uint32_t k = from; k < len; k++) {
            np_status st = posted_add(s, post_at(s, j, k), s->post_keys[j]);
            if (st != NP_OK)
                return st;
        }
    }
    return NP_OK;
}

/* story_slices_begin's state without its allocations and the posted
 * lists it makes (the same, of the same lists): the refinement begins
 * from the merge pass's slices, sparing the calling thread a calloc of
 * the slices, their stories' stems again, and a malloc and a free of
 * each index's room. */
np_status story_slices_renew(story_state *s)
{
    if (!s->slices)
        return story_slices_begin(s);
    for (size_t j = 0; j < s->post_slots; j++) {
        slice_index *ix = &s->slices[j];
        ix->len = ix->moved = 0;
        ix->max_span = 0;
        ix->n = ix->n_undated = ix->dirty = 0;
    }
    s->n_dirty = 0;
    memset(s->changed, 0, (s->n_cents + 1) * sizeof *s->changed);
    memset(s->scored, 0, (s->n_units + 1) * sizeof *s->scored);
    s->clock = 1;
    return NP_OK;
}

/* Every slice index, made on the engine's threads (runs of SLICE_RUN
 * slots, each taken by the share that asks first, their room made first
 * on the calling thread): one slice at a time, the refinement made most
 * of them on one thread. */
enum { SLICE_RUN = 1024 };
typedef struct slices_share {
    story_state *s;
    story_search *q;
    atomic_size_t *next;    /* the next run of slots to take */
} slices_share;

static void *slices_of_share(void *arg)
{
    slices_share *sh = arg;
    size_t n = sh->s->post_slots;
    for (size_t from; (from = atomic_fetch_add_explicit(sh->next, 1, memory_order_relaxed) * SLICE_RUN) < n;)
        for (size_t j = from; j < n && j < from + SLICE_RUN; j++)
            if (sh->s->post_keys[j])
                (void)story_slice_index_make(sh->s, j, sh->q); /* allocates nothing: room made */
    return NULL;
}

/* The room slot j's slice index wants more than it has, or 0. */
static uint32_t slice_room_wanted(const story_state *s, size_t j)
{
    uint32_t len = s->post_len[j], room = len > POSTING_SCAN ? POSTING_SCAN : len;
    return s->post_keys[j] && room > s->slices[j].cap ? room : 0;
}

/* The rooms the slice indexes want, those of more than one entry in one
 * block (a room of a block is given up, not freed, when it is replaced);
 * each in its own allocation when no block is left or there is no room
 * for one. */
static np_status slice_rooms_make(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    size_t total = 0;
    for (size_t j = 0; j < s->post_slots; j++) {
        uint32_t room = slice_room_wanted(s, j);
        total += room > 1 ? room : 0;
    }
    slice_entry *block = total && s->n_slice_blocks < SLICE_BLOCKS ? np_alloc_array(al, total, sizeof *block) : NULL;
    if (block) {
        s->slice_blocks[s->n_slice_blocks] = block;
        s->slice_block_n[s->n_slice_blocks++] = total;
    }
    for (size_t j = 0, at = 0; j < s->post_slots; j++) {
        slice_index *ix = &s->slices[j];
        uint32_t room = slice_room_wanted(s, j);
        if (!room)
            continue;
        if (!block || room <= 1) {
            if (slice_room(s, ix, room) != NP_OK)
                return NP_ENOMEM;
            continue;
        }
        if (slice_room_own(s, ix))
            np_free(al, ix->at.items);
        ix->at.items = block + at;
        ix->cap = (uint8_t)room;
        at += room;
    }
    return NP_OK;
}

np_status story_slices_make_all(story_state *s, size_t shares)
{
    const np_allocator *al = s->e->allocator;
    if (!s->dirty && !(s->dirty = np_alloc_array(al, s->post_room + 1, sizeof *s->dirty)))
        return NP_ENOMEM;
    if (slice_rooms_make(s) != NP_OK)
        return NP_ENOMEM;
    story_search *qs = NULL;
    slices_share sh[STORY_SHARES];
    atomic_size_t next = 0;
    np_status st = story_searches_make(s, shares, 0, &qs);
    for (size_t k = 0; k < shares && st == NP_OK; k++)
        sh[k] = (slices_share){ s, &qs[k], &next };
    if (st == NP_OK)
        parallel_pool_run(s->threads, slices_of_share, sh, shares, sizeof *sh);
    story_searches_free(s, shares, qs);
    return st;
}

/* Makes again the slice indexes gone stale since the last call (those
 * of s->dirty). */
np_status story_slices_refresh(story_state *s)
{
    for (size_t k = 0; s->dirty && k < s->n_dirty; k++) {
        size_t j = s->dirty[k];
        s->slices[j].dirty = 0;
        np_status st = s->post_keys[j] && s->slices[j].len != s->post_len[j] ? story_slice_index_make(s, j, NULL) : NP_OK;
        if (st != NP_OK)
            return st;
    }
    s->n_dirty = 0;
    return NP_OK;
}

void story_slices_free(story_state *s)
{
    const np_allocator *al = s->e->allocator;
    for (size_t j = 0; s->slices && j < s->post_slots; j++)
        if (slice_room_own(s, &s->slices[j]))
            np_free(al, s->slices[j].at.items);
    for (size_t b = 0; b < s->n_slice_blocks; b++)
        np_free(al, s->slice_blocks[b]);
    s->n_slice_blocks = 0;
    np_free(al, s->slices);
    np_free(al, s->posted_first);
    np_free(al, s->dirty);
    np_free(al, s->posted);
    np_free(al, s->changed);
    np_free(al, s->scored);
    np_free(al, s->prior_first);
    np_free(al, s->prior_n);
    np_free(al, s->prior_story);
    np_free(al, s->prior_w);
    s->prior_first = s->prior_n = s->prior_story = NULL;
    s->prior_w = NULL;
    s->n_prior = s->cap_prior_story = s->cap_prior_w = 0;
    s->prior_keep = s->prior_use = 0;
    s->slices = NULL;
    s->posted_first = NULL;
    s->dirty = NULL;
    s->n_dirty = 0;
    s->posted = NULL;
    s->changed = s->scored = NULL;
    s->n_posted = s->cap_posted = 0;
}

/* Has a slice of the stems top moved since the clock `since`? */
int story_slices_moved(const story_state *s, const uint32_t *top, size_t n_top, uint32_t since)
{
    for (size_t i = 0; i < n_top && s->post_slots; i++) {
        size_t j = post_slot(s, top[i]);
        if (s->post_keys[j] && s->slices[j].moved >= since)
            return 1;
    }
    return 0;
}

/* A story's days in the refinement: widening them makes the indexes of
 * its slices stale. */
void story_refine_touch_day(story_state *s, uint32_t story_index, int32_t day)
{
    centroid *c = &s->cents[story_index];
    int32_t first = c->first_day, last = c->last_day;
    centroid_touch_day(c, day);
    if (c->first_day != first || c->last_day != last)
        story_slices_stale(s, story_index);
}

/* The indexes of the slices that list a story are stale: moved now. */
void story_slices_stale(story_state *s, uint32_t story_index)
{
    for (uint32_t k = s->posted_first[story_index]; k != UINT32_MAX; k = s->posted[k].next) {
        size_t j = post_slot(s, s->posted[k].stem);
        if (s->post_keys[j]) {
            s->slices[j].len = 0;
            slice_moved(s, j);
        }
    }
}
