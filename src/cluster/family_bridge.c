/*
 * family_bridge: rewrite links that would make one family of texts that
 * copy nothing from each other, through a shorter text that re-says each.
 *
 * A rewrite link says the text with fewer sentences (the one verify
 * aligns, verify_aligned_first) re-says most of the other.  A short text
 * -- a brief, a summary -- can re-say most of two longer texts that share
 * little: a report of an event and a report of its sequel both hold the
 * brief's few facts.  Union-find over all links would make the three one
 * family, and a family always lands in one story.  A copy has one source
 * (its copy_of names one article): so when the links of an article X fall into
 * groups that no path avoiding X joins (X is a cut vertex of the link
 * graph), a group that X reaches only by rewrites in which X is the
 * shorter text is its own family, unless it is the group X is tied to
 * best: the groups X reaches by any other link (exact, near, excerpt, or
 * a rewrite in which X is the longer text) are kept and such groups
 * dropped; when there is none, the group holding most of X's rewrites is
 * kept (X's own evidence, by majority), on a tie the one with the best
 * (aligned share, then share in order, then its other article first in id
 * order).  A link is judged from its shorter text only, against the
 * links verify found, so the answer depends on neither link order nor
 * which article is judged first.
 *
 * Cut vertices and the groups around them: depth-first low points
 * (Hopcroft & Tarjan, CACM 16(6), 1973), iteratively; O(articles + links).
 */
#include <string.h>

#include "cluster/engine.h"
#include "common/alloc.h"

#define NO_LINK UINT32_MAX
#define PARENT_SIDE UINT32_MAX /* the group of a non-root's parent and ancestors */

typedef struct incident {
    uint32_t other, link;
} incident;

typedef struct graph {
    size_t *start;            /* CSR: adj[start[i] .. start[i + 1]) are i's links */
    incident *adj;
    uint32_t *disc, *low;     /* depth-first order from 1 (0: not met), low point */
    uint32_t *last;           /* the last order number in i's depth-first subtree */
    uint32_t *parent_link;    /* the tree link into i, NO_LINK at a root */
    size_t *cursor;           /* the next of i's links the walk reads */
    uint32_t *stack;
} graph;

static int shorter_side(const np_engine *e, const copy_link *l, uint32_t x)
{
    uint32_t other = l->a == x ? l->b : l->a;
    return l->kind == LINK_REWRITE && verify_aligned_first(e, &e->arts[x], &e->arts[other]);
}

static np_status graph_build(const np_engine *e, graph *g)
{
    const np_allocator *al = e->allocator;
    size_t n = e->n_arts;
    g->start = np_calloc(al, n + 2, sizeof *g->start);
    g->adj = np_alloc_array(al, 2 * e->n_links + 1, sizeof *g->adj);
    g->disc = np_calloc(al, n + 1, sizeof *g->disc);
    g->low = np_alloc_array(al, n + 1, sizeof *g->low);
    g->last = np_alloc_array(al, n + 1, sizeof *g->last);
    g->parent_link = np_alloc_array(al, n + 1, sizeof *g->parent_link);
    g->cursor = np_alloc_array(al, n + 1, sizeof *g->cursor);
    g->stack = np_alloc_array(al, n + 1, sizeof *g->stack);
    if (!g->start || !g->adj || !g->disc || !g->low || !g->last || !g->parent_link || !g->cursor || !g->stack)
        return NP_ENOMEM;
    for (size_t k = 0; k < e->n_links; k++) {
        g->start[e->links[k].a + 1]++;
        g->start[e->links[k].b + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        g->start[i + 1] += g->start[i];
    memcpy(g->cursor, g->start, n * sizeof *g->cursor);
    for (size_t k = 0; k < e->n_links; k++) {
        const copy_link *l = &e->links[k];
        g->adj[g->cursor[l->a]++] = (incident){ l->b, (uint32_t)k };
        g->adj[g->cursor[l->b]++] = (incident){ l->a, (uint32_t)k };
    }
    memcpy(g->cursor, g->start, n * sizeof *g->cursor);
    return NP_OK;
}

/* Depth-first from root: order, low points, subtree ends. */
static void graph_walk(graph *g, uint32_t root, uint32_t *clock)
{
    size_t top = 0;
    g->stack[top++] = root;
    g->disc[root] = g->low[root] = ++*clock;
    g->parent_link[root] = NO_LINK;
    while (top) {
        uint32_t u = g->stack[top - 1];
        if (g->cursor[u] < g->start[u + 1]) {
            incident in = g->adj[g->cursor[u]++];
            if (in.link == g->parent_link[u])
                continue;
            if (!g->disc[in.other]) {
                g->disc[in.other] = g->low[in.other] = ++*clock;
                g->parent_link[in.other] = in.link;
                g->stack[top++] = in.other;
            } else if (g->disc[in.other] < g->low[u]) {
                g->low[u] = g->disc[in.other];
            }
            continue;
        }
        top--;
        g->last[u] = *clock;
        if (top && g->low[u] < g->low[g->stack[top - 1]])
            g->low[g->stack[top - 1]] = g->low[u];
    }
}

/* The group around x of its link in: the child subtree that holds the
 * other article when no path avoiding x leaves that subtree, else the
 * parent side (a root has none: each child is a group). */
static uint32_t group_of(const graph *g, uint32_t x, incident in)
{
    uint32_t v = in.other;
    if (g->disc[v] < g->disc[x] || g->disc[v] > g->last[x])
        return PARENT_SIDE;
    /* v is in x's subtree: the child of x above it, by the children's
     * order numbers (x's tree links, met in the order its list reads) */
    uint32_t child = PARENT_SIDE;
    for (size_t k = g->start[x]; k < g->start[x + 1]; k++) {
        uint32_t c = g->adj[k].other;
        if (g->parent_link[c] == g->adj[k].link && g->disc[c] <= g->disc[v] && g->disc[v] <= g->last[c]) {
            child = c;
            break;
        }
    }
    if (child == PARENT_SIDE)
        return PARENT_SIDE;
    int root = g->parent_link[x] == NO_LINK;
    return root || g->low[child] >= g->disc[x] ? child : PARENT_SIDE;
}

/* Whether rewrite link a of x is a better tie than b (aligned share, in
 * order, then the other article first in id order). */
static int better_tie(const np_engine *e, uint32_t x, uint32_t a, uint32_t b)
{
    const copy_link *la = &e->links[a], *lb = &e->links[b];
    if (la->aligned != lb->aligned)
        return la->aligned > lb->aligned;
    if (la->ordered != lb->ordered)
        return la->ordered > lb->ordered;
    uint32_t oa = la->a == x ? la->b : la->a, ob = lb->a == x ? lb->b : lb->a;
    return e->rank[oa] < e->rank[ob];
}

typedef struct group_tally {
    uint32_t group;
    uint32_t best;            /* its best rewrite of x (a link), NO_LINK when none */
    uint32_t links;           /* x's rewrites into it */
    int strong;               /* reached by a link other than a rewrite of x */
} group_tally;

/* x's groups into t (room for x's links); marks in drop the links of the
 * groups x does not keep. */
static void judge_article(const np_engine *e, const graph *g, uint32_t x, group_tally *t, unsigned char *drop)
{
    size_t n = 0, strong = 0;
    for (size_t k = g->start[x]; k < g->start[x + 1]; k++) {
        uint32_t group = group_of(g, x, g->adj[k]);
        size_t i = 0;
        while (i < n && t[i].group != group)
            i++;
        if (i == n)
            t[n++] = (group_tally){ group, NO_LINK, 0, 0 };
        uint32_t link = g->adj[k].link;
        if (!shorter_side(e, &e->links[link], x)) {
            strong += !t[i].strong;
            t[i].strong = 1;
        } else {
            t[i].links++;
            if (t[i].best == NO_LINK || better_tie(e, x, link, t[i].best))
                t[i].best = link;
        }
    }
    if (n < 2 || strong == n)
        return;
    size_t keep = n; /* with no strong group: the best rewrite's */
    for (size_t i = 0; i < n && !strong; i++)
        if (keep == n || t[i].links > t[keep].links ||
            (t[i].links == t[keep].links && better_tie(e, x, t[i].best, t[keep].best)))
            keep = i;
    for (size_t k = g->start[x]; k < g->start[x + 1]; k++) {
        uint32_t group = group_of(g, x, g->adj[k]);
        size_t i = 0;
        while (t[i].group != group)
            i++;
        if (!t[i].strong && i != keep)
            drop[g->adj[k].link] = 1;
    }
}

static void graph_free(const np_allocator *al, graph *g)
{
    np_free(al, g->start);
    np_free(al, g->adj);
    np_free(al, g->disc);
    np_free(al, g->low);
    np_free(al, g->last);
    np_free(al, g->parent_link);
    np_free(al, g->cursor);
    np_free(al, g->stack);
}

/* Whether some article is the shorter text of a rewrite and has another
 * link: else no link can be a bridge, and the graph is not built. */
static int any_candidate(const np_engine *e, uint32_t *degree)
{
    int any = 0;
    for (size_t k = 0; k < e->n_links; k++) {
        const copy_link *l = &e->links[k];
        degree[l->a]++;
        degree[l->b]++;
    }
    for (size_t k = 0; k < e->n_links && !any; k++) {
        const copy_link *l = &e->links[k];
        any = l->kind == LINK_REWRITE &&
              degree[verify_aligned_first(e, &e->arts[l->a], &e->arts[l->b]) ? l->a : l->b] >= 2;
    }
    return any;
}

np_status family_drop_bridges(np_engine *e)
{
    const np_allocator *al = e->allocator;
    size_t n = e->n_arts;
    uint32_t *degree = np_calloc(al, n + 1, sizeof *degree);
    if (!degree)
        return NP_ENOMEM;
    if (!any_candidate(e, degree)) {
        np_free(al, degree);
        return NP_OK;
    }
    graph g = { 0 };
    unsigned char *drop = np_calloc(al, e->n_links + 1, 1);
    size_t most = 0;
    for (size_t i = 0; i < n; i++)
        most = degree[i] > most ? degree[i] : most;
    group_tally *t = np_alloc_array(al, most + 1, sizeof *t);
    np_status st = drop && t ? graph_build(e, &g) : NP_ENOMEM;
    if (st == NP_OK) {
        uint32_t clock = 0;
        for (size_t i = 0; i < n; i++)
            if (!g.disc[i] && g.start[i + 1] > g.start[i])
                graph_walk(&g, (uint32_t)i, &clock);
        for (size_t i = 0; i < n; i++) {
            int shorter = 0;
            for (size_t k = g.start[i]; k < g.start[i + 1] && !shorter; k++)
                shorter = shorter_side(e, &e->links[g.adj[k].link], (uint32_t)i);
            if (shorter && degree[i] >= 2)
                judge_article(e, &g, (uint32_t)i, t, drop);
        }
        size_t kept = 0;
        for (size_t k = 0; k < e->n_links; k++)
            if (!drop[k])
                e->links[kept++] = e->links[k];
        e->n_links = kept;
    }
    graph_free(al, &g);
    np_free(al, drop);
    np_free(al, t);
    np_free(al, degree);
    return st;
}
