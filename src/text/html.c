/*
 * html: the article's text and metadata out of a web page.
 *
 * htmltree builds the tree (libxml2's HTML parser did, at a third of the
 * speed, giving the same text on the test pages).  Page chrome is dropped
 * by tag (script, style, nav, form, aside, footer, figure...) and by
 * class/id words (share, related, comment, cookie, newsletter...).  Each
 * paragraph-like block then votes for its parent and grandparent with its
 * length and commas, discounted by its link density, as Readability scores
 * candidates and boilerpipe weighs text against link density (Kohlschuetter
 * et al., WSDM 2010); class/id words like "article" or "content" and the
 * <article> tag add to a container's score.  The text of the best
 * container's blocks, one paragraph each, is the body, which the plain-text
 * cleaner then sees as any other article.  Title, date and site come from
 * OpenGraph and article meta tags, JSON-LD and <time>, read in one walk.
 * Text measures are counted once per element, bottom-up, before and after
 * pruning, rather than by walking each candidate's subtree.
 */
#include "text/html.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "text/htmltree.h"
#include "text/textutil.h"

/* Elements that are never article text. */
static const unsigned char dropped_tags[] = {
    HT_SCRIPT, HT_STYLE, HT_NOSCRIPT, HT_IFRAME, HT_FORM, HT_NAV, HT_FOOTER, HT_ASIDE, HT_BUTTON,
    HT_SVG, HT_FIGURE, HT_FIGCAPTION, HT_SELECT, HT_TEMPLATE, HT_OBJECT, HT_EMBED, HT_CANVAS,
    HT_VIDEO, HT_AUDIO, HT_INPUT, HT_TEXTAREA, HT_MENU, HT_HEADER, HT_DIALOG, HT_PICTURE, HT_IMG,
};

/* class/id words of chrome.  A layout word ("sidebar", "widget") may name
 * a wrapper of the whole page, so an element with one is looked into when
 * it holds much text; the strong words name what is never the article,
 * however long (a thread of comments, a list of related stories). */
static const char *const negative_words[] = {
    "share", "social", "promo", "advert", "sponsor", "subscribe", "footer", "masthead", "navbar",
    "nav-", "menu", "sidebar", "breadcrumb", "widget", "popup", "modal", "banner", "ticker",
    "toolbar", "byline", "caption", "credit", "tags", "read-more", "readmore", "signup", "sign-up",
    "paywall", "disclaimer", "author-bio",
    /* the same in German, French, Spanish, Italian, Portuguese, Dutch */
    "teilen", "partage", "compartir", "condividi", "compartilh", "werbung", "publicidad", "pubblicita",
    "publicidade", "publicite", "reclame",
};
static const char *const strong_negative_words[] = {
    "comment", "disqus", "related", "recommend", "outbrain", "taboola", "most-read", "mostread",
    "trending", "newsletter", "cookie", "consent", "gdpr",
    /* comments and related stories in German, French, Spanish, Italian,
     * Portuguese, Dutch */
    "kommentar", "commentaire", "comentario", "commenti", "commento", "reacties", "verwandt",
    "relacionad", "correlat", "gerelateerd", "empfehlung",
};

/* Strong words too short or too common inside other words to be searched
 * for as parts ("cta" is in "contact"): whole tokens of the class or id,
 * between its blanks, hyphens and underscores.  A call to action (a box
 * asking for a subscription or a donation) is never the article. */
static const char *const strong_negative_tokens[] = { "cta", "donate", "donation", "donations" };

/* class/id words of article containers. */
static const char *const positive_words[] = {
    "article", "content", "story", "body", "main", "post", "entry", "text", "prose",
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

static int in_tags(unsigned tag, const unsigned char *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (tag == list[i])
            return 1;
    return 0;
}

/* Lowercased class and id of an element, in out. */
static void class_and_id(const ht_node *n, char *out, size_t cap)
{
    out[0] = '\0';
    size_t len = 0;
    static const char *const attrs[] = { "class", "id" };
    for (size_t k = 0; k < 2; k++) {
        const char *v = ht_attr_get(n, attrs[k]);
        if (!v)
            continue;
        for (const char *p = v; *p && len + 2 < cap; p++)
            out[len++] = (char)tu_lower((unsigned char)*p);
        out[len++] = ' ';
        out[len] = '\0';
    }
}

static int has_word(const char *s, const char *const *list, size_t count)
{
    if (!*s)
        return 0; /* most elements have no class or id (no word is empty) */
    for (size_t i = 0; i < count; i++)
        if (strstr(s, list[i]))
            return 1;
    return 0;
}

static int has_token(const char *s, const char *const *list, size_t count)
{
    for (const char *p = s; *p;) {
        while (*p == ' ' || *p == '-' || *p == '_')
            p++;
        size_t n = strcspn(p, " -_");
        for (size_t i = 0; i < count && n; i++)
            if (strlen(list[i]) == n && memcmp(p, list[i], n) == 0)
                return 1;
        p += n;
    }
    return 0;
}

/* Elements inside a line of text: <span>, <b>, <a>, and names unknown
 * here (<font>, <small>, <u>...). */
static int is_inline(const ht_node *n)
{
    static const unsigned char inline_tags[] = { HT_OTHER, HT_A, HT_B, HT_I, HT_EM, HT_STRONG,
                                                 HT_SPAN, HT_TIME, HT_BR };
    return in_tags(n->tag, inline_tags, COUNT(inline_tags));
}

/* Elements whose text is code or data, never shown. */
static const unsigned char invisible_tags[] = { HT_SCRIPT, HT_STYLE, HT_NOSCRIPT, HT_TEMPLATE,
                                                HT_IFRAME, HT_TEXTAREA, HT_OBJECT, HT_SVG };

/* Text measures of every element, indexed by node id, for its whole
 * subtree: characters, characters inside links, commas, and `own`, the
 * non-space characters of its own lines of text (written into it or into
 * its inline elements, not into a child block): a <div> with own text is
 * a paragraph, as Readability turns a <div> without blocks into a <p>. */
typedef struct text_stats {
    unsigned chars, link_chars, commas, own;
    unsigned line_chars, line_links, line_commas; /* the same, of its own lines only */
    unsigned blocks; /* 1 if a child element is not inline */
} text_stats;

typedef struct extractor {
    ht_doc doc;
    text_stats *stats; /* owned: doc.n_nodes entries */
} extractor;

static void measure_tree(extractor *x, const ht_node *n)
{
    text_stats *s = &x->stats[n->id];
    memset(s, 0, sizeof *s);
    if (in_tags(n->tag, invisible_tags, COUNT(invisible_tags)))
        return; /* code or data, not text a reader sees */
    for (const ht_node *c = n->first; c; c = c->next) {
        if (c->type == HT_TEXT) {
            unsigned commas = 0;
            for (size_t i = 0; i < c->len; i++) {
                char ch = c->text[i];
                commas += ch == ',';
                s->own += ch != ' ' && ch != '\n' && ch != '\t' && ch != '\r';
            }
            s->chars += (unsigned)c->len;
            s->commas += commas;
            s->line_chars += (unsigned)c->len;
            s->line_commas += commas;
        } else if (c->type == HT_ELEMENT) {
            measure_tree(x, c);
            const text_stats *cs = &x->stats[c->id];
            s->chars += cs->chars;
            s->link_chars += c->tag == HT_A ? cs->chars : cs->link_chars;
            s->commas += cs->commas;
            if (is_inline(c)) {
                s->own += cs->own;
                s->line_chars += cs->line_chars;
                s->line_links += c->tag == HT_A ? cs->line_chars : cs->line_links;
                s->line_commas += cs->line_commas;
            } else {
                s->blocks = 1;
            }
        }
    }
}

/* Removes chrome subtrees: dropped tags, hidden elements, negative classes
 * (unless the class also says it is the article). */
static void prune(extractor *x, ht_node *n, unsigned page_prose)
{
    for (ht_node *c = n->first, *next; c; c = next) {
        next = c->next;
        if (c->type != HT_ELEMENT)
            continue;
        char cls[512];
        class_and_id(c, cls, sizeof cls);
        int hidden = ht_attr_get(c, "hidden") != NULL;
        int drop = in_tags(c->tag, dropped_tags, COUNT(dropped_tags)) || hidden;
        /* a form or header wrapping the whole page (ASP.NET pages put <body>
         * in one <form>) is layout: judged by its text like a chrome class */
        int wrapper = drop && !hidden && (c->tag == HT_FORM || c->tag == HT_HEADER);
        if (wrapper)
            drop = 0;
        int chrome = !wrapper && !drop && c->tag != HT_ARTICLE && c->tag != HT_BODY &&
                     !has_word(cls, positive_words, COUNT(positive_words));
        if (chrome && (has_word(cls, strong_negative_words, COUNT(strong_negative_words)) ||
                       has_token(cls, strong_negative_tokens, COUNT(strong_negative_tokens)))) {
            drop = 1;
        } else if (wrapper || (chrome && has_word(cls, negative_words, COUNT(negative_words)))) {
            /* a chrome word on a wrapper that holds the page's prose ("has-sidebar")
             * names its layout, not its content: look inside instead */
            const text_stats *st = &x->stats[c->id];
            unsigned prose = st->chars - st->link_chars;
            drop = prose < 1500 && prose * 2 < page_prose;
        }
        if (drop) {
            ht_unlink(c);
            continue;
        }
        prune(x, c, page_prose);
    }
}

static int is_block(const extractor *x, const ht_node *n)
{
    static const unsigned char blocks[] = { HT_P, HT_H1, HT_H2, HT_H3, HT_H4, HT_H5, HT_H6, HT_LI,
                                            HT_BLOCKQUOTE, HT_PRE, HT_TD, HT_DD };
    if (n->type != HT_ELEMENT)
        return 0;
    if (in_tags(n->tag, blocks, COUNT(blocks)))
        return 1;
    /* a div or section holding its own sentences (pages without <p>) */
    return (n->tag == HT_DIV || n->tag == HT_SECTION) && x->stats[n->id].own >= 80;
}

typedef struct candidate {
    ht_node *node;
    double score;
} candidate;

typedef struct scorer {
    candidate *items;
    size_t n, cap;
    int *slot; /* owned: per node id, index in items + 1, 0 if none */
} scorer;

static void add_score(scorer *s, ht_node *node, double score)
{
    if (s->slot[node->id]) {
        s->items[s->slot[node->id] - 1].score += score;
        return;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        candidate *p = realloc(s->items, cap * sizeof *p);
        if (!p)
            return;
        s->items = p;
        s->cap = cap;
    }
    s->items[s->n++] = (candidate){ node, score };
    s->slot[node->id] = (int)s->n;
}

static double candidate_score(const scorer *s, const ht_node *n)
{
    return s->slot[n->id] ? s->items[s->slot[n->id] - 1].score : -1;
}

/* A paragraph's vote: its length and commas, discounted by its links. */
static double paragraph_score(unsigned chars, unsigned link_chars, unsigned commas)
{
    double density = (double)link_chars / (double)chars;
    double length = chars / 100.0 < 3 ? chars / 100.0 : 3;
    return (1.0 + (double)commas + length) * (1.0 - density);
}

/* What an element casts as a paragraph, in *score (0 when too short).
 * returns: 0 for a paragraph whole (<p>, or a div written as one, as
 * Readability turns a div without blocks into a <p>), 1 for a div with
 * lines of text and blocks (its blocks vote too), -1 for no paragraph. */
static int paragraph_vote(const extractor *x, const ht_node *n, double *score)
{
    const text_stats *st = &x->stats[n->id];
    *score = 0;
    if (n->tag == HT_P || n->tag == HT_PRE || n->tag == HT_BLOCKQUOTE) {
        if (st->chars >= 25)
            *score = paragraph_score(st->chars, st->link_chars, st->commas);
        return 0;
    }
    if ((n->tag == HT_DIV || n->tag == HT_SECTION) && st->own >= 80) {
        if (st->line_chars >= 25)
            *score = paragraph_score(st->line_chars, st->line_links, st->line_commas);
        return st->blocks ? 1 : 0;
    }
    return -1;
}

static void vote(const extractor *x, ht_node *n, scorer *s)
{
    for (ht_node *c = n->first; c; c = c->next) {
        if (c->type != HT_ELEMENT)
            continue;
        double score;
        int kind = paragraph_vote(x, c, &score);
        if (score > 0) {
            if (c->parent && c->parent->type == HT_ELEMENT)
                add_score(s, c->parent, score);
            if (c->parent && c->parent->parent && c->parent->parent->type == HT_ELEMENT)
                add_score(s, c->parent->parent, score / 2);
        }
        if (kind != 0)
            vote(x, c, s);
    }
}

/* The votes the <p>s (and <pre>s, <blockquote>s) under n would cast: its
 * prose, whole.  Divs written as paragraphs are left out: teaser lists are
 * written so, and an article's continuation is in <p>s like its start.
 * When n's child `from` (if not NULL) has its prose known, from_prose, its
 * subtree is not walked again: the same sum in the same order, so climbing
 * through a page's wrappers costs the nodes climbed over once each (a page
 * nested to the parser's depth limit walked its whole tree at each of 500
 * levels). */
static double prose_score_above(const extractor *x, const ht_node *n, const ht_node *from, double from_prose)
{
    double total = 0;
    for (const ht_node *c = n->first; c; c = c->next) {
        if (c->type != HT_ELEMENT)
            continue;
        double score;
        if (paragraph_vote(x, c, &score) == 0 && c->tag != HT_DIV && c->tag != HT_SECTION)
            total += score;
        else
            total += c == from ? from_prose : prose_score_above(x, c, NULL, 0);
    }
    return total;
}

static double prose_score(const extractor *x, const ht_node *n)
{
    return prose_score_above(x, n, NULL, 0);
}

/* Appends a text node's words, or an element's, whitespace collapsed. */
static np_status append_words(const ht_node *n, buf *out, int *space)
{
    if (n->type == HT_ELEMENT) {
        /* two <br>s in a row end a paragraph (a "Read also" link or a
         * share line between them is then judged on its own); one is a
         * space, as in a list of short lines set apart by <br>s.  *space
         * is 2 after a <br>, 1 after other white space. */
        if (n->tag == HT_BR) {
            if (*space == 2 && out->len && out->data[out->len - 1] != '\n' && buf_puts(out, "\n\n") != NP_OK)
                return NP_ENOMEM;
            *space = *space == 2 ? 1 : 2;
        }
        for (const ht_node *c = n->first; c; c = c->next)
            if (append_words(c, out, space) != NP_OK)
                return NP_ENOMEM;
        return NP_OK;
    }
    if (n->type != HT_TEXT)
        return NP_OK;
    const char *p = n->text, *end = n->text + n->len;
    while (p < end) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            *space = *space ? *space : 1;
            p++;
            continue;
        }
        if (*space && out->len && out->data[out->len - 1] != '\n' && buf_putc(out, ' ') != NP_OK)
            return NP_ENOMEM;
        *space = 0;
        const char *word = p;
        while (p < end && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
            p++;
        if (buf_append(out, word, (size_t)(p - word)) != NP_OK)
            return NP_ENOMEM;
    }
    return NP_OK;
}

/* Ends the paragraph begun at mark, if it has any text. */
static np_status end_paragraph(buf *out, size_t mark)
{
    return out->len > mark ? buf_puts(out, "\n\n") : NP_OK;
}

/* One block's text as paragraphs of out: its lines of text, and each
 * block inside it (a <p> in an <li>, a <div> in a <td>) as a paragraph of
 * its own rather than run into the line before. */
static np_status append_block(const ht_node *n, buf *out)
{
    size_t mark = out->len;
    int space = 0;
    for (const ht_node *c = n->first; c; c = c->next) {
        np_status s;
        if (c->type == HT_ELEMENT && !is_inline(c)) {
            if ((s = end_paragraph(out, mark)) != NP_OK || (s = append_block(c, out)) != NP_OK)
                return s;
            mark = out->len;
            space = 0;
        } else if ((s = append_words(c, out, &space)) != NP_OK) {
            return s;
        }
    }
    return end_paragraph(out, mark);
}

/* The body: each block under the container as a paragraph, in order.  A
 * container written with lines of text of its own between its blocks (a
 * <body> or <article> of text and <br>s) gives each run of those lines as
 * a paragraph too, as a <div> of its own text is a block; a few words of
 * loose text ("|" between links) are not. */
static np_status collect(const extractor *x, const ht_node *n, buf *out)
{
    int lines = x->stats[n->id].own >= 80;
    size_t mark = out->len;
    int space = 0;
    for (const ht_node *c = n->first; c; c = c->next) {
        np_status s;
        if (lines && (c->type == HT_TEXT || (c->type == HT_ELEMENT && is_inline(c)))) {
            if ((s = append_words(c, out, &space)) != NP_OK)
                return s;
            continue;
        }
        if (c->type != HT_ELEMENT)
            continue;
        if (lines) {
            if ((s = end_paragraph(out, mark)) != NP_OK)
                return s;
            space = 0;
        }
        if (is_block(x, c)) {
            const text_stats *st = &x->stats[c->id];
            /* link lists and empty blocks are not article text */
            int prose = st->chars > 0 && (st->link_chars * 2 <= st->chars || st->chars >= 200);
            s = prose ? append_block(c, out) : NP_OK;
        } else {
            s = collect(x, c, out);
        }
        if (s != NP_OK)
            return s;
        mark = out->len;
    }
    return lines ? end_paragraph(out, mark) : NP_OK;
}

/* ---- metadata ---------------------------------------------------------- */

/* schema.org NewsArticle in <script type="application/ld+json">: headline,
 * datePublished, publisher name, and the articleBody when present. */
typedef struct json_ld {
    char *headline, *date, *publisher; /* owned (free) */
    buf body;
} json_ld;

static char *dup_string(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

static void read_ld_object(json_t *o, json_ld *ld, unsigned depth)
{
    if (depth > 8)
        return;
    if (json_is_array(o)) {
        size_t i;
        json_t *v;
        json_array_foreach(o, i, v) read_ld_object(v, ld, depth + 1);
        return;
    }
    if (!json_is_object(o))
        return;
    json_t *graph = json_object_get(o, "@graph");
    if (graph)
        read_ld_object(graph, ld, depth + 1);
    json_t *body = json_object_get(o, "articleBody");
    if (json_is_string(body) && json_string_length(body) > ld->body.len) {
        buf_clear(&ld->body);
        buf_append(&ld->body, json_string_value(body), json_string_length(body));
    }
    if (!ld->headline)
        ld->headline = dup_string(o, "headline");
    if (!ld->date)
        ld->date = dup_string(o, "datePublished");
    json_t *pub = json_object_get(o, "publisher");
    if (!ld->publisher && json_is_object(pub))
        ld->publisher = dup_string(pub, "name");
}

/* The <meta> keys read, in order of preference within their field. */
enum { META_OG_TITLE, META_PUBLISHED_TIME, META_DATE_PUBLISHED, META_DATE, META_SITE_NAME, META_OG_URL, META_KEYS };
static const char *const meta_keys[META_KEYS] = { "og:title", "article:published_time", "datePublished",
                                                  "date", "og:site_name", "og:url" };

/* What the page says of itself, found in one walk before pruning: the
 * first <meta> of each key, the first <time>, <h1> and <title>, and every
 * JSON-LD block. */
typedef struct page_meta {
    const char *meta[META_KEYS]; /* borrowed from the tree */
    const ht_node *time, *h1, *title;
    const char *canonical;       /* <link rel="canonical">'s href, borrowed */
    json_ld ld;
} page_meta;

static void read_json_ld(const ht_node *script, json_ld *ld)
{
    const char *type = ht_attr_get(script, "type");
    if (!type || strcmp(type, "application/ld+json") != 0 || !script->first ||
        script->first->type != HT_TEXT)
        return;
    json_t *root = json_loadb(script->first->text, script->first->len, 0, NULL);
    read_ld_object(root, ld, 0);
    json_decref(root);
}

static void find_metadata(const ht_node *n, page_meta *m)
{
    for (const ht_node *c = n->first; c; c = c->next) {
        if (c->type != HT_ELEMENT)
            continue;
        switch (c->tag) {
        case HT_META: {
            const char *prop = ht_attr_get(c, "property"), *name = ht_attr_get(c, "name");
            for (size_t k = 0; k < META_KEYS; k++)
                if (!m->meta[k] && ((prop && strcmp(prop, meta_keys[k]) == 0) ||
                                    (name && strcmp(name, meta_keys[k]) == 0)))
                    m->meta[k] = ht_attr_get(c, "content");
            break;
        }
        case HT_LINK: {
            const char *rel = ht_attr_get(c, "rel");
            if (!m->canonical && rel && strcasecmp(rel, "canonical") == 0)
                m->canonical = ht_attr_get(c, "href");
            break;
        }
        case HT_SCRIPT:
            read_json_ld(c, &m->ld);
            break;
        case HT_TIME:
            m->time = m->time ? m->time : c;
            break;
        case HT_H1:
            m->h1 = m->h1 ? m->h1 : c;
            break;
        case HT_TITLE:
            m->title = m->title ? m->title : c;
            break;
        default:
            break;
        }
        find_metadata(c, m);
    }
}

/* Fills *field with a copy of value when it is empty and value is not. */
static void set_field(char **field, const char *value)
{
    if (!*field && value && *value)
        *field = strdup(value);
}

static void take_field(char **field, char *value)
{
    if (!*field && value && *value) {
        *field = value;
        return;
    }
    free(value);
}

static void fill_metadata(const ht_node *root, html_page *out, json_ld *ld)
{
    page_meta m;
    memset(&m, 0, sizeof m);
    buf_init(&m.ld.body, NULL);
    find_metadata(root, &m);
    set_field(&out->title, m.meta[META_OG_TITLE]);
    take_field(&out->title, m.ld.headline);
    take_field(&out->date, m.ld.date);
    take_field(&out->site, m.ld.publisher);
    set_field(&out->date, m.meta[META_PUBLISHED_TIME]);
    set_field(&out->date, m.meta[META_DATE_PUBLISHED]);
    set_field(&out->date, m.meta[META_DATE]);
    set_field(&out->site, m.meta[META_SITE_NAME]);
    /* the page's own address: absolute, as a crawl's record gives it */
    const char *urls[] = { m.canonical, m.meta[META_OG_URL] };
    for (size_t k = 0; k < 2 && !out->url; k++)
        if (urls[k] && (strncasecmp(urls[k], "https://", 8) == 0 || strncasecmp(urls[k], "http://", 7) == 0) &&
            !strpbrk(urls[k], " \t\n\r"))
            set_field(&out->url, urls[k]);
    if (m.time)
        set_field(&out->date, ht_attr_get(m.time, "datetime"));
    /* else the page's first <h1>, else its <title> */
    const ht_node *title_nodes[] = { m.h1, m.title };
    for (size_t k = 0; k < 2 && !out->title; k++) {
        if (!title_nodes[k])
            continue;
        buf t;
        buf_init(&t, NULL);
        int space = 0;
        if (append_words(title_nodes[k], &t, &space) == NP_OK && t.len)
            set_field(&out->title, t.data);
        buf_free(&t);
    }
    *ld = m.ld;
}

void html_page_free(html_page *p)
{
    free(p->title);
    free(p->date);
    free(p->site);
    free(p->url);
    buf_free(&p->text);
    memset(p, 0, sizeof *p);
}

/* ---- the body ---------------------------------------------------------- */

/* The container with the most votes, class/id hints and <article> weighing
 * in; *score set to its score. */
static ht_node *best_candidate(const scorer *s, double *score)
{
    ht_node *best = NULL;
    *score = 0;
    for (size_t i = 0; i < s->n; i++) {
        ht_node *n = s->items[i].node;
        char cls[512];
        class_and_id(n, cls, sizeof cls);
        double v = s->items[i].score;
        if (n->tag == HT_ARTICLE || has_word(cls, positive_words, COUNT(positive_words)))
            v *= 1.25;
        if (v > *score) {
            *score = v;
            best = n;
        }
    }
    return best;
}

/* An article cut into several containers (one per column, per ad slot)
 * lives in an ancestor of the best: the highest of the next few ancestors
 * that holds much more prose than the best alone, with few links (a
 * wrapper that adds nothing is passed through). */
static ht_node *climb_to_whole(const extractor *x, ht_node *best, double *best_score)
{
    double own = prose_score(x, best);
    if (own <= 0)
        return best;
    ht_node *climb = best, *chosen = NULL;
    double chosen_prose = own, above = own;
    for (int up = 0; up < 4 && climb->parent && climb->parent->type == HT_ELEMENT &&
                     climb->parent->tag != HT_BODY;) {
        /* a wrapper with no text of its own beside its child is not a step */
        up += x->stats[climb->parent->id].chars > x->stats[climb->id].chars;
        above = prose_score_above(x, climb->parent, climb, above);
        climb = climb->parent;
        const text_stats *ts = &x->stats[climb->id];
        if (above >= own * 1.5 && ts->link_chars * 3 < ts->chars) {
            chosen = climb;
            chosen_prose = above;
        }
    }
    if (!chosen)
        return best;
    *best_score = *best_score * chosen_prose / own;
    return chosen;
}

/* The best container and its siblings that hold article text too: voted
 * for with a fifth of its score, or prose blocks with few links
 * (Readability's sibling rule) -- articles split over several divs. */
static np_status collect_with_siblings(const extractor *x, const scorer *s, const ht_node *best,
                                       double best_score, buf *out)
{
    np_status st = NP_OK;
    for (const ht_node *sib = best->parent->first; sib && st == NP_OK; sib = sib->next) {
        if (sib->type != HT_ELEMENT)
            continue;
        int keep = sib == best || candidate_score(s, sib) >= best_score * 0.2;
        if (!keep && is_block(x, sib)) {
            const text_stats *ts = &x->stats[sib->id];
            keep = ts->chars >= 80 && ts->link_chars * 4 < ts->chars;
        }
        if (!keep)
            continue;
        st = is_block(x, sib) ? append_block(sib, out) : collect(x, sib, out);
    }
    return st;
}

np_status html_extract(const char *data, size_t len, const char *charset, html_page *out)
{
    memset(out, 0, sizeof *out);
    buf_init(&out->text, NULL);
    if (len > (size_t)INT32_MAX)
        return NP_EINPUT;
    extractor x = { 0 };
    np_status st = ht_parse(&x.doc, data, len, charset);
    scorer s = { 0 };
    json_ld ld = { 0 };
    buf_init(&ld.body, NULL);
    if (st == NP_OK) {
        x.stats = malloc((x.doc.n_nodes + 1) * sizeof *x.stats);
        s.slot = calloc(x.doc.n_nodes + 1, sizeof *s.slot);
        if (!x.stats || !s.slot)
            st = NP_ENOMEM;
    }
    if (st != NP_OK)
        goto done;
    ht_node *root = x.doc.root;
    /* metadata before pruning: it lives in <head> */
    buf_free(&ld.body);
    fill_metadata(root, out, &ld);
    measure_tree(&x, root);
    prune(&x, root, x.stats[root->id].chars - x.stats[root->id].link_chars);
    measure_tree(&x, root);
    vote(&x, root, &s);
    double best_score = 0;
    ht_node *best = best_candidate(&s, &best_score);
    if (best)
        best = climb_to_whole(&x, best, &best_score);
    if (best && best->parent)
        st = collect_with_siblings(&x, &s, best, best_score, &out->text);
    else
        st = collect(&x, root, &out->text);
    /* too little in the best container: the page's own layout is unusual,
     * take every block of the page rather than nothing */
    if (st == NP_OK && out->text.len < 200 && best) {
        buf_clear(&out->text);
        st = collect(&x, root, &out->text);
    }
    /* the page's own articleBody (JSON-LD) is the cross-check: when the
     * page text found is much shorter, the publisher's copy is the body */
    if (st == NP_OK && ld.body.len >= 400 && out->text.len * 2 < ld.body.len) {
        buf_clear(&out->text);
        st = buf_append(&out->text, ld.body.data, ld.body.len);
    }
done:
    buf_free(&ld.body);
    free(s.items);
    free(s.slot);
    free(x.stats);
    ht_free(&x.doc);
    if (st != NP_OK)
        html_page_free(out);
    return st;
}
