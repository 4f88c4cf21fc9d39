/*
 * family: copy families and their originals.
 *
 * Union-find over the copy links gives the families (less the rewrites by
 * which a shorter text would join groups nothing else joins: family_bridge.c,
 * run first).  The original is chosen by evidence, in order (DESIGN.md,
 * "group"):
 *   1. an article that another member credits by name (its attribution
 *      names this member's outlet), and not one whose own text says it
 *      first appeared elsewhere ("originally appeared on X");
 *   2. containment: the shorter side of an excerpt or of a trimmed copy is
 *      not the original, unless its date shows it came first;
 *   3. the earliest date among dated members;
 *   4. the smallest id, so the answer does not depend on input order
 *      (a text checked against a database, np_engine_mark_latest, comes
 *      after every id: the stored articles were there first).
 * Each other member is a copy of the original through the first link of
 * its shortest path to it (breadth-first, neighbours in id order).
 */
#include <stdlib.h>
#include <string.h>

#include "common/sort.h"
#include "cluster/engine.h"
#include "common/alloc.h"
#include "text/textutil.h"

static void unite(uint32_t *parent, uint32_t a, uint32_t b)
{
    a = uf_root(parent, a);
    b = uf_root(parent, b);
    if (a == b)
        return;
    /* the smaller index becomes the root: independent of link order */
    if (a < b)
        parent[b] = a;
    else
        parent[a] = b;
}

enum { CREDIT_NAME = 128 };

/* The name another member's attribution must hold to credit `whom`, the
 * name part of its outlet's domain ("nbcnews.com" -> "nbcnews"),
 * lowercased, into name; 0 when none can credit it.  A source taken from
 * a provenance line names where the text came from, not who published
 * this copy, so it proves nothing about `whom`. */
static int credit_name(const np_engine *e, uint32_t whom, char name[CREDIT_NAME])
{
    const char *src = engine_string(e, engine_dateline(e, &e->arts[whom])->source);
    if (!src || (e->arts[whom].marks & ART_REPUBLISHED))
        return 0;
    size_t n = strcspn(src, ".");
    if (n < 3)
        return 0;
    if (n >= CREDIT_NAME)
        n = CREDIT_NAME - 1;
    for (size_t i = 0; i < n; i++)
        name[i] = (char)tu_lower((unsigned char)src[i]);
    name[n] = '\0';
    return 1;
}

/* Does `by`'s attribution hold name (credit_name's)? */
static int credits(const np_engine *e, uint32_t by, const char *name)
{
    const char *credit = engine_string(e, engine_attribution(e, by));
    return credit && tu_find_ci(credit, strlen(credit), name) >= 0;
}

typedef struct member_link {
    uint32_t other;
    uint32_t link;
    uint32_t rank;            /* of `other` in id order */
} member_link;

static int cmp_member_link(const void *a, const void *b)
{
    const member_link *x = a, *y = b;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

static uint32_t choose_original(const np_engine *e, const uint32_t *rank, const uint32_t *members,
                                size_t n, const copy_link *const *fam_links, size_t n_links,
                                unsigned char *cand)
{
    for (size_t i = 0; i < n; i++)
        cand[i] = 1;
    /* 1: credited members */
    int any_credited = 0;
    for (size_t i = 0; i < n; i++) {
        int credited = 0;
        char name[CREDIT_NAME];
        if (credit_name(e, members[i], name))
            for (size_t j = 0; j < n && !credited; j++)
                credited = j != i && credits(e, members[j], name);
        cand[i] = (unsigned char)(credited ? 2 : 1);
        any_credited |= credited;
    }
    if (any_credited)
        for (size_t i = 0; i < n; i++)
            cand[i] = cand[i] == 2;
    /* a member that says it first appeared elsewhere is a copy */
    size_t left = 0;
    for (size_t i = 0; i < n; i++)
        left += cand[i] && !(e->arts[members[i]].marks & ART_REPUBLISHED);
    if (left)
        for (size_t i = 0; i < n; i++)
            if (e->arts[members[i]].marks & ART_REPUBLISHED)
                cand[i] = 0;
    /* 2: the contained side of a link is a copy unless it is dated earlier */
    for (size_t k = 0; k < n_links; k++) {
        const copy_link *l = fam_links[k];
        const art *a = &e->arts[l->a], *b = &e->arts[l->b];
        if (l->kind == LINK_EXACT || a->words == b->words)
            continue;
        uint32_t shorter = a->words < b->words ? l->a : l->b;
        uint32_t fuller = shorter == l->a ? l->b : l->a;
        double ratio = (double)e->arts[shorter].words / (double)e->arts[fuller].words;
        if (l->kind != LINK_EXCERPT && ratio >= e->params.near_length_ratio)
            continue;
        if (engine_compare_time(e, shorter, fuller) < 0)
            continue;
        size_t keep = 0, idx = n;
        for (size_t i = 0; i < n; i++) {
            keep += cand[i];
            if (members[i] == shorter)
                idx = i;
        }
        if (idx < n && cand[idx] && keep > 1)
            cand[idx] = 0;
    }
    /* 3: earliest date (and time, where both have one) among the dated
     * candidates; 4: smallest id */
    uint32_t best = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        if (!cand[i])
            continue;
        uint32_t m = members[i];
        if (best == UINT32_MAX) {
            best = m;
            continue;
        }
        int dated_m = e->arts[m].day != NO_DAY, dated_best = e->arts[best].day != NO_DAY;
        int order = engine_compare_time(e, m, best);
        if ((dated_m && !dated_best) || order < 0 || (order == 0 && dated_m == dated_best && rank[m] < rank[best]))
            best = m;
    }
    return best == UINT32_MAX ? members[0] : best;
}

typedef struct by_root {
    uint32_t root, art;
} by_root;

/* An article's links by the rank of the other end (each other end once:
 * a pair has one link), by insertion: most articles have a few. */
static void sort_member_links(member_link *links, size_t n)
{
    enum { INSERTION_MOST = 16 };
    if (n > INSERTION_MOST) {
        np_sort(links, n, sizeof *links, cmp_member_link);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        member_link x = links[i];
        size_t j = i;
        for (; j > 0 && links[j - 1].rank > x.rank; j--)
            links[j] = links[j - 1];
        links[j] = x;
    }
}

/* The links of each article (CSR: adj[link_start[i] .. link_start[i + 1])),
 * each list sorted by sort_member_links.  link_start: n + 2 zeros. */
static np_status link_lists(np_engine *e, size_t *link_start, member_link *adj)
{
    size_t n = e->n_arts;
    const uint32_t *rank = e->rank;
    for (size_t k = 0; k < e->n_links; k++) {
        link_start[e->links[k].a + 1]++;
        link_start[e->links[k].b + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        link_start[i + 1] += link_start[i];
    size_t *fill = np_alloc_array(e->allocator, n + 1, sizeof *fill);
    if (!fill)
        return NP_ENOMEM;
    memcpy(fill, link_start, (n + 1) * sizeof *fill);
    for (size_t k = 0; k < e->n_links; k++) {
        const copy_link *l = &e->links[k];
        adj[fill[l->a]++] = (member_link){ l->b, (uint32_t)k, rank[l->b] };
        adj[fill[l->b]++] = (member_link){ l->a, (uint32_t)k, rank[l->a] };
    }
    np_free(e->allocator, fill);
    for (size_t i = 0; i < n; i++)
        sort_member_links(adj + link_start[i], link_start[i + 1] - link_start[i]);
    return NP_OK;
}

/* The articles by (root, article): counted by root, placed in article
 * order within it. */
static np_status order_by_root(np_engine *e, by_root *order)
{
    size_t n = e->n_arts;
    size_t *at = np_calloc(e->allocator, n + 1, sizeof *at);
    if (!at)
        return NP_ENOMEM;
    for (size_t i = 0; i < n; i++)
        at[e->family[i] + 1]++;
    for (size_t r = 0; r < n; r++)
        at[r + 1] += at[r];
    for (size_t i = 0; i < n; i++)
        order[at[e->family[i]]++] = (by_root){ e->family[i], (uint32_t)i };
    np_free(e->allocator, at);
    return NP_OK;
}

/* Breadth-first from the original: each member's first link (e->via).
 * The original's own links come first, so a direct link to it wins over
 * any longer path.  queue: room for the family. */
static void trace_via(np_engine *e, const size_t *link_start, const member_link *adj, uint32_t orig,
                      uint32_t *queue)
{
    size_t head = 0, tail = 0;
    queue[tail++] = orig;
    e->via[orig] = UINT32_MAX;
    while (head < tail) {
        uint32_t cur = queue[head++];
        for (size_t k = link_start[cur]; k < link_start[cur + 1]; k++) {
            uint32_t nb = adj[k].other;
            if (nb == orig || e->via[nb] != UINT32_MAX)
                continue;
            e->via[nb] = adj[k].link;
            queue[tail++] = nb;
        }
    }
}

np_status family_group(np_engine *e)
{
    size_t n = e->n_arts;
    const np_allocator *al = e->allocator;
    e->family = np_alloc_array(al, n + 1, sizeof *e->family);
    e->original = np_alloc_array(al, n + 1, sizeof *e->original);
    e->via = np_alloc_array(al, n + 1, sizeof *e->via);
    by_root *order = np_alloc_array(al, n + 1, sizeof *order);
    size_t *link_start = np_calloc(al, n + 2, sizeof *link_start);
    member_link *adj = np_alloc_array(al, 2 * e->n_links + 1, sizeof *adj);
    const copy_link **fam_links = np_alloc_array(al, e->n_links + 1, sizeof *fam_links);
    uint32_t *members = np_alloc_array(al, n + 1, sizeof *members);
    uint32_t *queue = np_alloc_array(al, n + 1, sizeof *queue);
    unsigned char *cand = np_alloc(al, n + 1);
    const uint32_t *rank = e->rank;
    np_status st = NP_OK;
    if (!e->family || !e->original || !e->via || !order || !link_start || !adj || !fam_links ||
        !members || !queue || !cand) {
        st = NP_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        e->family[i] = (uint32_t)i;
        e->original[i] = UINT32_MAX;
        e->via[i] = UINT32_MAX;
    }
    for (size_t k = 0; k < e->n_links; k++)
        unite(e->family, e->links[k].a, e->links[k].b);
    for (size_t i = 0; i < n; i++)
        e->family[i] = uf_root(e->family, (uint32_t)i);

    if ((st = link_lists(e, link_start, adj)) != NP_OK || (st = order_by_root(e, order)) != NP_OK)
        goto done;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && order[j].root == order[i].root)
            j++;
        size_t m = j - i;
        if (m > 1) {
            size_t nl = 0;
            for (size_t x = i; x < j; x++) {
                members[x - i] = order[x].art;
                for (size_t k = link_start[order[x].art]; k < link_start[order[x].art + 1]; k++)
                    if (adj[k].other > order[x].art) /* each link once */
                        fam_links[nl++] = &e->links[adj[k].link];
            }
            uint32_t orig = choose_original(e, rank, members, m, fam_links, nl, cand);
            for (size_t x = 0; x < m; x++)
                e->original[members[x]] = orig;
            for (size_t x = 0; x < m; x++)
                cand[x] = 0;
            trace_via(e, link_start, adj, orig, queue);
        }
        i = j;
    }
done:
    np_free(al, order);
    np_free(al, link_start);
    np_free(al, adj);
    np_free(al, fam_links);
    np_free(al, members);
    np_free(al, queue);
    np_free(al, cand);
    return st;
}
