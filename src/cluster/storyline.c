/*
 * storyline: the story stage's answer in the engine -- stories numbered in
 * order of their first unit, their members, dates and keywords -- and the
 * storylines.
 *
 * A storyline grows story by story, in the stories' order: a story joins
 * the storyline of an earlier one it is linked to -- their names and
 * numbers reach storyline_threshold (cosine) within storyline_window days,
 * or reach_threshold within storyline_reach days (a trial months after
 * the crime, a rule reversed eight weeks after it was announced: ECB+
 * labels such follow-ups with their events) -- only when it is as close
 * to that storyline as a whole: to the sum of its stories' names (each of
 * length one), cosine storyline_threshold again (of the storylines it is
 * linked to, the closest) -- and when no story of that storyline past
 * storyline_window is linked to it under reach_threshold.  A search over
 * months finds more stories of one subject: at storyline_threshold alone
 * 90 days of a generated corpus's party politics made one storyline of
 * 727 stories (461 at 30 days), with reach_threshold on the links alone
 * 546; a storyline's earlier stories that name the same people only
 * weakly are a subject's, not a happening's, and keep it to 123.  Joined link by
 * link (union-find), a chain of stories each like the next only carried
 * one storyline across subjects; undated stories, in one another's window
 * all, made one of 197 stories on the BBC set.  The candidates are the
 * story index's within storyline_reach (story_centroid_near), the links
 * worked out on the engine's threads, the joins on one in story order.
 */
#include <math.h>
#include <string.h>

#include "cluster/story_internal.h"
#include "common/parallel.h"
#include "common/radix.h"
#include "text/date.h"
#include "text/textutil.h"

/* The storylines' links, worked out on the engine's threads: each thread
 * keeps the links of the stories of its blocks to their later partners,
 * and the links of all, sorted by their later story, are joined on the
 * calling thread, so the storylines do not depend on the threads.  The
 * blocks go to whichever thread asks first (a thread run late leaves its
 * blocks to the others); a story's keywords, names and norm are its
 * block's alone. */
enum { STORYLINE_BLOCK = 64 };

typedef struct storyline_table {
    const np_engine *e;     /* the display forms, which keywords are read in */
    story_state *s;
    centroid **by_story;
    const uint32_t *renum;  /* centroid -> story, UINT32_MAX for none */
    size_t n_stories;
    uint32_t *keywords;     /* STORY_KEYWORDS per story */
    weighted *names;        /* each story's names and numbers */
    size_t *names_at;       /* story k's start in names (its count, first) */
    double *names_norm;
    atomic_size_t next_block; /* the next block a share takes, 0 before a run */
    /* the stories' members, made by the first share of the summaries'
     * run (story_members) while the others take its blocks: on the
     * calling thread before, 8M instructions at g20k */
    const uint32_t *unit_of_rep;
    radix_item *order;
    atomic_int members_taken;
} storyline_table;

/* A link: later story << 32 | earlier, and the cosine of their names
 * that made it (story_names_cosine_probed's double), which the join
 * takes while the earlier story is a storyline of one. */
typedef struct storyline_link {
    uint64_t key;
    double cosine;
} storyline_link;

typedef struct storyline_share {
    storyline_table *t;
    story_search *q;
    storyline_link *links;  /* in no set order */
    size_t n_links, cap_links;
    np_status status;       /* NP_ENOMEM when a link found no room */
} storyline_share;

/* The stories of a share: the blocks of STORYLINE_BLOCK it takes. */
#define FOR_SHARE_STORIES(a, sh, n)                                                                  \
    for (size_t block_; (block_ = atomic_fetch_add_explicit(&(sh)->t->next_block, 1,                \
                                                            memory_order_relaxed)) *               \
                            STORYLINE_BLOCK < (n);)                                                  \
        for (size_t a = block_ * STORYLINE_BLOCK; a < (n) && a < (block_ + 1) * STORYLINE_BLOCK; a++)

/* Whether a display form is a contraction of a pronoun or an auxiliary
 * ("I've", "we're", "don't", "they'll", "I'd", "ain't", "y'all") or
 * "o'clock": a word, then an apostrophe (' or U+2019) and one of the
 * endings such contractions have, in lower case; a name's part after one
 * is capitalised ("O'Neil", "D'Arcy") or no such ending ("Mo'unga"). */
static int form_is_contraction(const char *w)
{
    static const char *const endings[] = { "s", "d", "m", "t", "ll", "ve", "re", "all", "clock" };
    const char *apostrophe = strchr(w, '\'');
    const char *curly = strstr(w, "\xe2\x80\x99");
    if (!apostrophe || (curly && curly < apostrophe))
        apostrophe = curly;
    if (!apostrophe || apostrophe == w)
        return 0;
    const char *tail = apostrophe + (*apostrophe == '\'' ? 1 : 3);
    for (size_t k = 0; k < sizeof endings / sizeof *endings; k++)
        if (strcmp(tail, endings[k]) == 0)
            return 1;
    return 0;
}

/* Whether a display form is an English month's full name ("July") or a
 * number said in words ("Five", "Twelve", "Million"): a calendar or a
 * count, no subject.  "May" is kept: a name too (a minister, a town).
 * The form, lowered (ASCII letters: three to nine of them, as the words
 * have), is looked up in the sorted list: a story's keywords ask this of
 * some thirty forms. */
static int form_is_count_or_month(const char *low)
{
    static const char *const words[] = { /* sorted, for the binary search */
        "april", "august", "billion", "december", "dozen", "eight", "eighteen", "eighty", "eleven",
        "february", "fifteen", "fifty", "five", "forty", "four", "fourteen", "hundred", "january",
        "july", "june", "march", "million", "nine", "nineteen", "ninety", "november", "october",
        "one", "september", "seven", "seventeen", "seventy", "six", "sixteen", "sixty", "ten",
        "thirteen", "thirty", "thousand", "three", "trillion", "twelve", "twenty", "two",
    };
    /* bsearch's, the comparison written in: a form is mostly told apart
     * by its first letter */
    size_t lo = 0, hi = sizeof words / sizeof *words;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const unsigned char *a = (const unsigned char *)low, *b = (const unsigned char *)words[mid];
        while (*a && *a == *b) {
            a++;
            b++;
        }
        if (*a == *b)
            return 1;
        if (*a < *b)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

/* Whether a display form is a weekday, a bare number ("37", "5.4",
 * "2,400") or ordinal ("13th"), a letter alone (the "U" and "S" of
 * "U.S."), a contraction (form_is_contraction), a month or a number in
 * words (form_is_count_or_month): words that tell a reader nothing of the
 * story on their own, so no keywords (all still weigh in the stories and
 * storylines). */
static int form_is_unsaid(const char *w)
{
    /* one pass first for what the tests need: a story's keywords ask this
     * of some forty forms, most of them names and words of no apostrophe,
     * longer than a weekday's or a number's word */
    enum { WORD_MOST = 9 }; /* letters of the longest weekday and number word */
    char low[WORD_MOST + 1];
    size_t len = 0;
    int apostrophe = 0, letters = 1;
    for (; w[len]; len++) {
        unsigned char c = (unsigned char)w[len];
        apostrophe |= c == '\'' || c == 0xe2; /* U+2019's first byte */
        letters &= tu_is_alpha(c);
        if (len < WORD_MOST)
            low[len] = (char)tu_lower(c);
    }
    int word = letters && len >= 3 && len <= WORD_MOST;
    if (word)
        low[len] = '\0';
    /* a weekday's full name: six to nine letters, the first one of "mtwfs" */
    char first = word ? low[0] : 0;
    int weekday = len >= 6 && (first == 'm' || first == 't' || first == 'w' || first == 'f' || first == 's') &&
                  date_is_weekday(w);
    if (len == 1 || weekday || (apostrophe && form_is_contraction(w)) || (word && form_is_count_or_month(low)))
        return 1;
    int digits = 0;
    for (; *w; w++) {
        if (*w >= '0' && *w <= '9')
            digits = 1;
        else if (*w != '.' && *w != ',')
            break;
    }
    /* an ordinal ("13th", "2nd") is a number too */
    static const char *const ordinal[] = { "st", "nd", "rd", "th", "ST", "ND", "RD", "TH" };
    for (size_t k = 0; *w && digits && k < sizeof ordinal / sizeof *ordinal; k++)
        if (strcmp(w, ordinal[k]) == 0)
            return 1;
    return digits && !*w;
}

/* A keyword kept while a story's are chosen: its weight, stem, key and
 * form. */
typedef struct keyword_slot {
    float w;
    uint32_t stem;    /* 0: an empty slot */
    uint32_t key;     /* the centroid item's stem, with its name mark */
    const char *form; /* engine_surface's of key */
} keyword_slot;

/* A share's memo of the forms story_keywords showed or passed over, by
 * stem (a direct-mapped table, 0 an empty slot): most stems it asks of are
 * asked of again, in the other stories of their words and names. */
typedef struct form_memo {
    uint32_t key;     /* the item's stem, with its name mark */
    const char *form; /* engine_surface's, or NULL: none, or unsaid */
} form_memo;

enum { FORM_MEMO_BITS = 14 };

/* The form a keyword of `key` shows, or NULL if none (no form, or an
 * unsaid one); memo may be NULL. */
static const char *keyword_form(const np_engine *e, form_memo *memo, uint32_t key)
{
    form_memo *m = memo && key ? &memo[(uint32_t)(key * 2654435761u) >> (32 - FORM_MEMO_BITS)] : NULL;
    if (m && m->key == key)
        return m->form;
    const char *form = engine_surface(e, key);
    if (form && form_is_unsaid(form))
        form = NULL;
    if (m)
        *m = (form_memo){ key, form };
    return form;
}

/* Whether two display forms are the same string: one string if the same
 * stem's, else told apart by the first letter mostly. */
static int same_form(const char *a, const char *b)
{
    return a == b || (a[0] == b[0] && strcmp(a, b) == 0);
}

/* The heaviest stems of a centroid that have a display form to show and
 * are no weekday or bare number, heaviest first (the smaller stem on a
 * tie: the stem with its low bit set, as analysis made it), into kw as
 * their forms' keys: the items' stems, whose low bit is the name mark (a
 * stem the story weighs as a word shows its words' form: engine_surface).
 * A form shown by two items -- a stem weighed as a name and as a word, or
 * a word and a number's fact ("NM2") -- is shown once, at the heavier. */
static void story_keywords(const np_engine *e, form_memo *memo, const centroid *c, uint32_t kw[STORY_KEYWORDS])
{
    keyword_slot top[STORY_KEYWORDS] = { { 0, 0, 0, NULL } }, *last = top + STORY_KEYWORDS - 1;
    for (size_t i = 0; i < c->n; i++) {
        float w = c->items[i].w;
        if (w < last->w)
            continue; /* lighter than the last kept: most items */
        uint32_t key = c->items[i].stem, stem = key | 1u;
        const char *form = keyword_form(e, memo, key);
        if (!form)
            continue;
        /* the form already shown: kept if as heavy, else taken out */
        size_t seen = 0;
        while (seen < STORY_KEYWORDS && top[seen].stem && !same_form(top[seen].form, form))
            seen++;
        if (seen < STORY_KEYWORDS && top[seen].stem) {
            if (w < top[seen].w || (w == top[seen].w && stem > top[seen].stem))
                continue;
            memmove(top + seen, top + seen + 1, (STORY_KEYWORDS - seen - 1) * sizeof *top);
            *last = (keyword_slot){ 0, 0, 0, NULL };
        }
        for (size_t slot = 0; slot < STORY_KEYWORDS; slot++) {
            if (w > top[slot].w || (w == top[slot].w && top[slot].stem && stem < top[slot].stem)) {
                memmove(top + slot + 1, top + slot, (STORY_KEYWORDS - slot - 1) * sizeof *top);
                top[slot] = (keyword_slot){ w, stem, key, form };
                break;
            }
        }
    }
    for (size_t k = 0; k < STORY_KEYWORDS; k++)
        kw[k] = top[k].key;
}

static void story_members(story_state *s, const uint32_t *unit_of_rep, radix_item *order);

/* A share's stories' keywords (if t->keywords), names counted (into
 * names_at) and their norms; the first share to start makes the
 * stories' members first. */
static void *summaries_of_share(void *arg)
{
    storyline_share *sh = arg;
    storyline_table *t = sh->t;
    if (!atomic_exchange(&t->members_taken, 1))
        story_members(t->s, t->unit_of_rep, t->order);
    /* without room for the memo, each form is looked up and tested */
    form_memo *memo = t->keywords ? np_calloc(t->e->allocator, (size_t)1 << FORM_MEMO_BITS, sizeof *memo) : NULL;
    FOR_SHARE_STORIES(k, sh, t->n_stories) {
        const centroid *c = t->by_story[k];
        if (t->keywords)
            story_keywords(t->e, memo, c, t->keywords + k * STORY_KEYWORDS);
        size_t n = 0;
        double n2 = 0;
        for (size_t i = 0; i < c->n; i++) {
            if (c->items[i].stem & 1) {
                n++;
                n2 += (double)c->items[i].w * c->items[i].w;
            }
        }
        t->names_at[k] = n;
        t->names_norm[k] = sqrt(n2);
    }
    np_free(t->e->allocator, memo);
    return NULL;
}

/* A share's stories' names, where names_at places them; then, their
 * names copied, the stories' terms are given back (story_terms_release's
 * work for them: 3 to 4 ms of g20k's run on the calling thread alone when
 * it came after). */
static void *names_of_share(void *arg)
{
    storyline_share *sh = arg;
    storyline_table *t = sh->t;
    FOR_SHARE_STORIES(k, sh, t->n_stories) {
        centroid *c = t->by_story[k];
        weighted *out = t->names + t->names_at[k];
        for (size_t i = 0; i < c->n; i++)
            if (c->items[i].stem & 1)
                *out++ = c->items[i];
        story_centroid_release(t->s, c);
    }
    return NULL;
}

/* The dot product of two vectors of names: story_dot's double, the
 * shorter's stems looked up in the longer when it is much longer (a large
 * story's or storyline's names against a small one's). */
enum { STORYLINE_GALLOP = 8 };
static double names_dot(const weighted *va, size_t na, const weighted *vb, size_t nb)
{
    if (na > STORYLINE_GALLOP * nb)
        return story_gallop_dot(vb, nb, va, na);
    if (nb > STORYLINE_GALLOP * na)
        return story_gallop_dot(va, na, vb, nb);
    return story_dot(va, na, vb, nb);
}

static const weighted *story_names(const storyline_table *t, size_t k, size_t *n)
{
    *n = t->names_at[k + 1] - t->names_at[k];
    return t->names + t->names_at[k];
}

/* The cosine of stories a's and b's names, a's names loaded in q's
 * table (story_probe_load) when first needed (*loaded): a story is
 * weighed against all its later candidates, and most of them have about
 * as many names as it, where a probe of b's names costs fewer steps than
 * a merge of both.  The same products in the same order as names_dot,
 * so the same double. */
enum { STORYLINE_PROBE = 3 };
static double story_names_cosine_probed(const storyline_table *t, story_search *q, size_t a, size_t b,
                                        int *loaded)
{
    double norms = t->names_norm[a] * t->names_norm[b];
    if (!(norms > 0))
        return 0;
    size_t na, nb;
    const weighted *va = story_names(t, a, &na), *vb = story_names(t, b, &nb);
    if (nb > STORYLINE_PROBE * na || na > STORYLINE_GALLOP * nb)
        return names_dot(va, na, vb, nb) / norms;
    if (!*loaded) {
        (void)story_probe_load(t->s, q, va, na); /* room made: it allocates nothing */
        *loaded = 1;
    }
    return story_probe_dot(q, vb, nb) / norms;
}

static void *storylines_of_share(void *arg)
{
    storyline_share *sh = arg;
    const storyline_table *t = sh->t;
    const np_params *p = &t->s->e->params;
    story_search *q = sh->q;
    FOR_SHARE_STORIES(a, sh, t->n_stories) {
        centroid *ca = t->by_story[a];
        int loaded = 0;
        /* the stories sharing one of this centroid's heaviest terms
         * within the window (the search has room for every story: it
         * allocates nothing; the slice indexes are made) */
        int32_t near = p->storyline_window, reach = p->storyline_reach > near ? p->storyline_reach : near;
        (void)story_centroid_near(t->s, q, ca, reach);
        for (size_t f = 0; f < q->n_found; f++) {
            uint32_t cid = q->found[f];
            if (t->renum[cid] == UINT32_MAX || t->renum[cid] <= a)
                continue;
            size_t b = t->renum[cid];
            const centroid *cb = t->by_story[b];
            /* the days between the two (none when either is undated) */
            int32_t gap = 0;
            if (ca->first_day != NO_DAY && cb->first_day != NO_DAY) {
                gap = cb->first_day - ca->last_day;
                if (ca->first_day - cb->last_day > gap)
                    gap = ca->first_day - cb->last_day;
            }
            if (gap > reach)
                continue;
            /* a storyline follows the same people and places: more of
             * them past storyline_window, where a search finds more
             * stories of one subject (months of party politics) */
            double cosine = story_names_cosine_probed(t, q, a, b, &loaded);
            if (cosine < p->storyline_threshold)
                continue;
            /* a link past storyline_window under reach_threshold is kept
             * as a veto: its cosine negated (storylines_join) */
            if (gap > near && cosine < p->reach_threshold)
                cosine = -cosine;
            if (sh->n_links == sh->cap_links &&
                story_reserve(t->s->e->allocator, (void **)&sh->links, &sh->cap_links, 2 * sh->cap_links + 64,
                              sizeof *sh->links) != NP_OK) {
                sh->status = NP_ENOMEM;
                return NULL;
            }
            sh->links[sh->n_links++] = (storyline_link){ (uint64_t)b << 32 | a, cosine };
        }
    }
    return NULL;
}

/* A storyline's names and numbers: the sum of its stories' names, each
 * divided by its norm (of length one), sorted by stem; none kept while it
 * is one story (that story's own are read then). */
typedef struct storyline_names {
    weighted *items;
    uint32_t n;
    uint32_t stories;
    double norm;
} storyline_names;

/* The cosine of story b's names with storyline l's; `linked`: the
 * cosine of b's names and those of the story of the link that led to l,
 * which is l's when l is that one story (its own names: no sum). */
static double storyline_cosine(const storyline_table *t, const storyline_names *l, size_t b, double linked)
{
    if (l->stories == 1)
        return linked;
    size_t nb;
    const weighted *vb = story_names(t, b, &nb);
    double norms = l->norm * t->names_norm[b];
    return norms > 0 ? names_dot(l->items, l->n, vb, nb) / norms : 0;
}

/* Story k's names, each weight divided by their norm, added to l's. */
static np_status storyline_names_add(const storyline_table *t, storyline_names *l, size_t k)
{
    const np_allocator *al = t->s->e->allocator;
    size_t nk;
    const weighted *v = story_names(t, k, &nk);
    double norm = t->names_norm[k];
    if (!(norm > 0))
        return NP_OK;
    weighted *out = np_alloc_array(al, l->n + nk + 1, sizeof *out);
    if (!out)
        return NP_ENOMEM;
    /* n2: story_norm2 of out, its squares added in the order they are
     * written, as story_norm2 adds them (the same double) */
    size_t i = 0, j = 0, m = 0;
    double n2 = 0;
    while (i < l->n && j < nk) {
        uint32_t x = l->items[i].stem >> 1, y = v[j].stem >> 1;
        weighted o;
        if (x < y) {
            o = l->items[i++];
        } else {
            double w = v[j].w / norm;
            if (x == y)
                w += l->items[i++].w;
            o = (weighted){ v[j++].stem, (float)w };
        }
        out[m++] = o;
        n2 += (double)o.w * o.w;
    }
    for (; i < l->n; i++) {
        out[m++] = l->items[i];
        n2 += (double)l->items[i].w * l->items[i].w;
    }
    for (; j < nk; j++) {
        out[m] = (weighted){ v[j].stem, (float)(v[j].w / norm) };
        n2 += (double)out[m].w * out[m].w;
        m++;
    }
    np_free(al, l->items);
    l->items = out;
    l->n = (uint32_t)m;
    l->norm = sqrt(n2);
    return NP_OK;
}

/* The storylines from the links (later story << 32 | earlier, sorted;
 * each one's value its place in cosines, the cosine that made it, negated
 * for a link past storyline_window under reach_threshold): each story in
 * turn joins the closest of the storylines its links reach, when that is
 * close enough and none of its weak far links reaches it, or starts one
 * (line[k]: the first story of k's storyline). */
static np_status storylines_join(const storyline_table *t, const radix_item *links, const double *cosines,
                                 size_t n_links, uint32_t *line)
{
    const np_allocator *al = t->s->e->allocator;
    double threshold = t->s->e->params.storyline_threshold;
    size_t n = t->n_stories;
    storyline_names *lines = np_calloc(al, n + 1, sizeof *lines);
    uint32_t *met = np_alloc_array(al, n + 1, sizeof *met); /* the last story that weighed it */
    np_status st = lines && met ? NP_OK : NP_ENOMEM;
    for (size_t k = 0; k < n && st == NP_OK; k++) {
        line[k] = (uint32_t)k;
        lines[k].stories = 1;
        met[k] = UINT32_MAX;
    }
    for (size_t b = 0, e = 0; b < n && st == NP_OK; b++) {
        uint32_t best = UINT32_MAX;
        double best_cosine = 0;
        /* the storylines a weak far link of b's reaches: none of them */
        size_t from = e;
        for (; e < n_links && links[e].key >> 32 == b; e++)
            if (cosines[links[e].value] < 0)
                met[line[(uint32_t)links[e].key]] = (uint32_t)b;
        for (e = from; e < n_links && links[e].key >> 32 == b; e++) {
            uint32_t r = line[(uint32_t)links[e].key];
            if (met[r] == b)
                continue;
            met[r] = (uint32_t)b;
            /* a storyline of one story is the link's earlier story */
            double c = storyline_cosine(t, &lines[r], b, cosines[links[e].value]);
            if (c >= threshold && (best == UINT32_MAX || c > best_cosine || (c == best_cosine && r < best))) {
                best = r;
                best_cosine = c;
            }
        }
        if (best == UINT32_MAX)
            continue;
        line[b] = best;
        storyline_names *l = &lines[best];
        if (l->stories++ == 1)
            st = storyline_names_add(t, l, best);
        if (st == NP_OK)
            st = storyline_names_add(t, l, b);
    }
    for (size_t k = 0; lines && k < n; k++)
        np_free(al, lines[k].items);
    np_free(al, lines);
    np_free(al, met);
    return st;
}

/* The shares' links, sorted, joined into storylines (storylines_join)
 * when all went well so far (st); the shares' links are freed here. */
static np_status storylines_of_links(const storyline_table *t, storyline_share *sh, size_t n_shares, uint32_t *line,
                                     np_status st)
{
    const np_allocator *al = t->s->e->allocator;
    size_t total = 0;
    for (size_t k = 0; k < n_shares; k++) {
        total += sh[k].n_links;
        if (sh[k].status != NP_OK)
            st = sh[k].status;
    }
    radix_item *links = st == NP_OK ? np_alloc_array(al, 2 * total + 1, sizeof *links) : NULL;
    double *cosines = st == NP_OK ? np_alloc_array(al, total + 1, sizeof *cosines) : NULL;
    if (!links || !cosines)
        st = st == NP_OK ? NP_ENOMEM : st;
    for (size_t k = 0, at = 0; k < n_shares; k++) {
        for (size_t i = 0; st == NP_OK && i < sh[k].n_links; i++, at++) {
            links[at] = (radix_item){ sh[k].links[i].key, (uint32_t)at };
            cosines[at] = sh[k].links[i].cosine;
        }
        np_free(al, sh[k].links);
        sh[k].links = NULL;
    }
    if (st == NP_OK) {
        radix_sort_items(links, links + total, total);
        st = storylines_join(t, links, cosines, total, line);
    }
    np_free(al, links);
    np_free(al, cosines);
    return st;
}

/* The stories' keywords, their names and the storylines (line: each
 * story's storyline's first story); t->names is made here, owned by the
 * caller. */
static np_status story_summaries(storyline_table *t, uint32_t *line)
{
    story_state *s = t->s;
    size_t n = story_shares(s);
    story_search *qs = NULL;
    storyline_share sh[STORY_SHARES] = { { 0 } };
    np_status st = story_searches_make(s, n, 0, &qs);
    for (size_t k = 0; k < n && st == NP_OK; k++) {
        sh[k] = (storyline_share){ t, &qs[k], NULL, 0, 0, NP_OK };
    }
    atomic_store(&t->next_block, 0);
    atomic_store(&t->members_taken, 0);
    if (st == NP_OK)
        parallel_pool_run(s->threads, summaries_of_share, sh, n, sizeof *sh);
    np_free(s->e->allocator, t->order); /* before the storylines' tables */
    t->order = NULL;
    size_t total = 0;
    for (size_t k = 0; k < t->n_stories && st == NP_OK; k++) {
        size_t count = t->names_at[k];
        t->names_at[k] = total;
        total += count;
    }
    t->names_at[t->n_stories] = total;
    if (st == NP_OK && !(t->names = np_alloc_array(s->e->allocator, total + 1, sizeof *t->names)))
        st = NP_ENOMEM;
    /* the shares' probe tables with room for any story's names */
    size_t longest = 0;
    for (size_t k = 0; k < t->n_stories && st == NP_OK; k++)
        if (t->names_at[k + 1] - t->names_at[k] > longest)
            longest = t->names_at[k + 1] - t->names_at[k];
    for (size_t k = 0; k < n && st == NP_OK; k++)
        st = story_probe_reserve(s->e->allocator, &qs[k], longest);
    atomic_store(&t->next_block, 0);
    if (st == NP_OK)
        parallel_pool_run(s->threads, names_of_share, sh, n, sizeof *sh);
    /* the storylines read the stories' names and heaviest terms only: the
     * rest is given back before the slice indexes are made again (the
     * stories' own by names_of_share; here the centroids no story kept, and
     * the units' vectors) */
    if (st == NP_OK)
        story_terms_release(s);
    /* the slice indexes of the stories as they are, for the searches in
     * time of storylines_of_share */
    if (st == NP_OK && !(s->slices = np_calloc(s->e->allocator, s->post_room + 1, sizeof *s->slices)))
        st = NP_ENOMEM;
    if (st == NP_OK)
        st = story_slices_make_all(s, n);
    atomic_store(&t->next_block, 0);
    if (st == NP_OK)
        parallel_pool_run(s->threads, storylines_of_share, sh, n, sizeof *sh);
    story_slices_free(s);
    story_searches_free(s, n, qs);
    st = storylines_of_links(t, sh, n, line, st);
    return st;
}

/* Each story's members into e->story_members, in unit (time) order, and
 * the days and title article they give it (order: room for two of every
 * article). */
static void story_members(story_state *s, const uint32_t *unit_of_rep, radix_item *order)
{
    np_engine *e = s->e;
    size_t n_stories = e->n_stories;
    /* members: counting sort by story, in unit (time) order within */
    for (size_t i = 0; i < e->n_arts; i++)
        e->stories[e->story_of[i]].n_members++;
    uint32_t at = 0;
    for (size_t k = 0; k < n_stories; k++) {
        e->stories[k].first_member = at;
        at += e->stories[k].n_members;
        e->stories[k].n_members = 0;
        /* from its members' days below, not the centroid's: those never
         * shrink, and keep the day of a unit that moved to another story */
        e->stories[k].first_day = NO_DAY;
        e->stories[k].last_day = NO_DAY;
        e->stories[k].title_article = UINT32_MAX;
    }
    /* each family after its representative, in unit (time) order, a
     * family's copies in id order: stable sorts by rank, then by unit and
     * whether a copy */
    for (size_t i = 0; i < e->n_arts; i++)
        order[i] = (radix_item){ s->rank[i], (uint32_t)i };
    radix_sort_items(order, order + e->n_arts, e->n_arts);
    for (size_t x = 0; x < e->n_arts; x++) {
        uint32_t i = order[x].value;
        uint32_t rep = e->original[i] == UINT32_MAX ? i : e->original[i];
        order[x].key = (uint64_t)unit_of_rep[rep] << 1 | (rep == i ? 0u : 1u);
    }
    radix_sort_items(order, order + e->n_arts, e->n_arts);
    for (size_t x = 0; x < e->n_arts; x++) {
        uint32_t i = order[x].value;
        story *k = &e->stories[e->story_of[i]];
        e->story_members[k->first_member + k->n_members++] = i;
        /* a story's dates span all its articles, copies included */
        int32_t day = e->arts[i].day;
        if (day != NO_DAY) {
            if (k->first_day == NO_DAY || day < k->first_day)
                k->first_day = day;
            if (k->last_day == NO_DAY || day > k->last_day)
                k->last_day = day;
        }
        if (k->title_article == UINT32_MAX && e->arts[i].title != NO_STRING)
            k->title_article = i;
    }
}

/* Final numbering: stories in order of their first unit (non-empty only),
 * members listed in time then id order; storylines numbered likewise. */
np_status story_publish(story_state *s)
{
    np_engine *e = s->e;
    const np_allocator *al = e->allocator;
    uint32_t *renum = np_alloc_array(al, s->n_cents + 1, sizeof *renum);
    if (!renum)
        return NP_ENOMEM;
    for (size_t c = 0; c < s->n_cents; c++)
        renum[c] = UINT32_MAX;
    size_t n_stories = 0;
    for (size_t u = 0; u < s->n_units; u++)
        if (renum[s->units[u].story] == UINT32_MAX)
            renum[s->units[u].story] = (uint32_t)n_stories++;
    e->stories = np_calloc(al, n_stories + 1, sizeof *e->stories);
    e->story_of = np_alloc_array(al, e->n_arts + 1, sizeof *e->story_of);
    e->story_members = np_alloc_array(al, e->n_arts + 1, sizeof *e->story_members);
    uint32_t *line = np_alloc_array(al, n_stories + 1, sizeof *line);
    uint32_t *unit_of_rep = np_alloc_array(al, e->n_arts + 1, sizeof *unit_of_rep);
    centroid **by_story = np_alloc_array(al, n_stories + 1, sizeof *by_story);
    radix_item *order = np_alloc_array(al, 2 * e->n_arts + 1, sizeof *order);
    weighted *names = NULL;
    size_t *names_at = NULL;
    double *names_norm = NULL;
    np_status st = NP_OK;
    if (!e->stories || !e->story_of || !e->story_members || !line || !unit_of_rep || !by_story ||
        !order) {
        st = NP_ENOMEM;
        goto done;
    }
    e->n_stories = n_stories;
    for (size_t c = 0; c < s->n_cents; c++)
        if (renum[c] != UINT32_MAX)
            by_story[renum[c]] = &s->cents[c];
    for (size_t u = 0; u < s->n_units; u++)
        unit_of_rep[s->units[u].art] = (uint32_t)u;
    for (size_t i = 0; i < e->n_arts; i++) {
        uint32_t rep = e->original[i] == UINT32_MAX ? (uint32_t)i : e->original[i];
        e->story_of[i] = renum[s->units[unit_of_rep[rep]].story];
    }
    /* keywords, names and numbers (storylines are compared on those only);
     * no keywords where no display form was kept to write them (prints
     * without forms: np_engine_story would show none) */
    int keywords = e->surf_cap != 0;
    if (keywords)
        e->story_keywords = np_calloc(al, n_stories * STORY_KEYWORDS + 1, sizeof *e->story_keywords);
    names_at = np_alloc_array(al, n_stories + 1, sizeof *names_at);
    names_norm = np_alloc_array(al, n_stories + 1, sizeof *names_norm);
    if ((keywords && !e->story_keywords) || !names_at || !names_norm) {
        st = NP_ENOMEM;
        goto done;
    }
    storyline_table t = { e, s, by_story, renum, n_stories, e->story_keywords, NULL, names_at, names_norm, 0,
                          unit_of_rep, order, 0 };
    order = NULL; /* the table's: story_summaries frees it */
    st = story_summaries(&t, line);
    names = t.names;
    if (st != NP_OK)
        goto done;
    size_t n_lines = 0;
    for (size_t k = 0; k < n_stories; k++) {
        uint32_t r = uf_root(line, (uint32_t)k);
        if (r == k)
            e->stories[k].storyline = (uint32_t)n_lines++;
        else
            e->stories[k].storyline = e->stories[r].storyline;
    }
    e->n_storylines = n_lines;
done:
    np_free(al, renum);
    np_free(al, line);
    np_free(al, unit_of_rep);
    np_free(al, by_story);
    np_free(al, order);
    np_free(al, names);
    np_free(al, names_at);
    np_free(al, names_norm);
    return st;
}
