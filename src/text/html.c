/*
 * html: the article's text and metadata out of a web page.
 *
 * libxml2's forgiving HTML parser builds the tree.  Page chrome is dropped
 * by tag (script, style, nav, form, aside, footer, figure...) and by
 * class/id words (share, related, comment, cookie, newsletter...).  Each
 * paragraph-like block then votes for its parent and grandparent with its
 * length and commas, discounted by its link density, as Readability scores
 * candidates and boilerpipe weighs text against link density (Kohlschuetter
 * et al., WSDM 2010); class/id words like "article" or "content" and the
 * <article> tag add to a container's score.  The text of the best
 * container's blocks, one paragraph each, is the body, which the plain-text
 * cleaner then sees as any other article.  Title, date and site come from
 * OpenGraph and article meta tags, JSON-LD, <time> and the canonical link.
 */
#include "text/html.h"

#include <string.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>

#include "text/textutil.h"

/* Elements that are never article text. */
static const char *const dropped_tags[] = {
    "script", "style", "noscript", "iframe", "form", "nav", "footer", "aside", "button", "svg",
    "figure", "figcaption", "select", "template", "object", "embed", "canvas", "video", "audio",
    "input", "textarea", "menu", "header", "dialog", "picture", "img",
};

/* class/id words of chrome. */
static const char *const negative_words[] = {
    "comment", "share", "social", "related", "promo", "advert", "sponsor", "cookie",
    "newsletter", "subscribe", "footer", "masthead", "navbar", "nav-", "menu", "sidebar",
    "breadcrumb", "widget", "popup", "modal", "banner", "outbrain", "taboola", "recommend",
    "most-read", "mostread", "trending", "ticker", "toolbar", "byline", "caption", "credit",
    "tags", "read-more", "readmore", "signup", "sign-up", "paywall", "disclaimer", "author-bio",
};

/* class/id words of article containers. */
static const char *const positive_words[] = {
    "article", "content", "story", "body", "main", "post", "entry", "text", "prose",
};

static int name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int in_list(const char *name, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(name, list[i]) == 0)
            return 1;
    return 0;
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Lowercased class and id of an element, in out. */
static void class_and_id(const xmlNode *n, char *out, size_t cap)
{
    out[0] = '\0';
    size_t len = 0;
    static const char *const attrs[] = { "class", "id" };
    for (size_t k = 0; k < 2; k++) {
        xmlChar *v = xmlGetProp((xmlNodePtr)n, (const xmlChar *)attrs[k]);
        if (!v)
            continue;
        for (const xmlChar *p = v; *p && len + 2 < cap; p++)
            out[len++] = (char)tu_lower(*p);
        out[len++] = ' ';
        out[len] = '\0';
        xmlFree(v);
    }
}

static int has_word(const char *s, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strstr(s, list[i]))
            return 1;
    return 0;
}

typedef struct text_stats {
    size_t chars, link_chars, commas;
} text_stats;

static void measure(const xmlNode *n, int in_link, text_stats *s, unsigned depth)
{
    if (depth > HTML_MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)c->content;
            size_t len = t ? strlen(t) : 0;
            s->chars += len;
            if (in_link)
                s->link_chars += len;
            for (size_t i = 0; i < len; i++)
                s->commas += t[i] == ',';
        } else if (c->type == XML_ELEMENT_NODE) {
            measure(c, in_link || name_is(c, "a"), s, depth + 1);
        }
    }
}

/* Text written straight into an element (not inside a child element). */
static size_t own_text(const xmlNode *n)
{
    size_t chars = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content)
            for (const xmlChar *p = c->content; *p; p++)
                chars += *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r';
    return chars;
}

/* Removes chrome subtrees: dropped tags, hidden elements, negative classes
 * (unless the class also says it is the article). */
static void prune(xmlNode *n, unsigned depth)
{
    for (xmlNode *c = n->children, *next; c; c = next) {
        next = c->next;
        if (c->type == XML_COMMENT_NODE) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        char cls[512];
        class_and_id(c, cls, sizeof cls);
        xmlChar *hidden = xmlGetProp(c, (const xmlChar *)"hidden");
        int drop = in_list((const char *)c->name, dropped_tags, COUNT(dropped_tags)) || hidden;
        /* a form or header wrapping the whole page (ASP.NET pages put <body>
         * in one <form>) is layout: judged by its text like a chrome class */
        int wrapper = drop && !hidden && (name_is(c, "form") || name_is(c, "header"));
        if (wrapper)
            drop = 0;
        if (!drop && (wrapper || (has_word(cls, negative_words, COUNT(negative_words)) &&
                                  !has_word(cls, positive_words, COUNT(positive_words)) &&
                                  !name_is(c, "article") && !name_is(c, "body")))) {
            /* a chrome word on a wrapper that holds the page's prose ("has-sidebar")
             * names its layout, not its content: look inside instead */
            text_stats st = { 0 };
            measure(c, 0, &st, depth);
            drop = st.chars - st.link_chars < 1500;
        }
        if (hidden)
            xmlFree(hidden);
        if (drop || depth > HTML_MAX_DEPTH) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            continue;
        }
        prune(c, depth + 1);
    }
}

static int is_block(const xmlNode *n)
{
    static const char *const blocks[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6", "li",
                                          "blockquote", "pre", "td", "dd" };
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (in_list((const char *)n->name, blocks, COUNT(blocks)))
        return 1;
    /* a div or span holding its own sentences (pages without <p>) */
    return (name_is(n, "div") || name_is(n, "section")) && own_text(n) >= 80;
}

typedef struct candidate {
    xmlNode *node;
    double score;
} candidate;

typedef struct scorer {
    candidate *items;
    size_t n, cap;
} scorer;

static void add_score(scorer *s, xmlNode *node, double score)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i].node == node) {
            s->items[i].score += score;
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
}

static void vote(xmlNode *n, scorer *s, unsigned depth)
{
    if (depth > HTML_MAX_DEPTH)
        return;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(c, "p") || name_is(c, "pre") || name_is(c, "blockquote") ||
            ((name_is(c, "div") || name_is(c, "section")) && own_text(c) >= 80)) {
            text_stats st = { 0 };
            measure(c, 0, &st, depth);
            if (st.chars < 25)
                continue;
            double density = (double)st.link_chars / (double)st.chars;
            double score = (1.0 + (double)st.commas + (st.chars / 100.0 < 3 ? st.chars / 100.0 : 3)) *
                           (1.0 - density);
            if (c->parent)
                add_score(s, c->parent, score);
            if (c->parent && c->parent->parent)
                add_score(s, c->parent->parent, score / 2);
        } else {
            vote(c, s, depth + 1);
        }
    }
}

/* The votes the paragraphs under n would cast: their prose, whole. */
static double prose_score(const xmlNode *n, unsigned depth)
{
    if (depth > HTML_MAX_DEPTH)
        return 0;
    double total = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(c, "p") || name_is(c, "pre") || name_is(c, "blockquote")) {
            text_stats st = { 0 };
            measure(c, 0, &st, depth);
            if (st.chars < 25)
                continue;
            double density = (double)st.link_chars / (double)st.chars;
            total += (1.0 + (double)st.commas + (st.chars / 100.0 < 3 ? st.chars / 100.0 : 3)) *
                     (1.0 - density);
        } else {
            total += prose_score(c, depth + 1);
        }
    }
    return total;
}

/* Appends an element's text, whitespace collapsed, to out. */
static np_status append_text(const xmlNode *n, buf *out, int *space, unsigned depth)
{
    if (depth > HTML_MAX_DEPTH)
        return NP_OK;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            for (const char *p = (const char *)c->content; p && *p; p++) {
                if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
                    *space = 1;
                    continue;
                }
                if (*space && out->len && out->data[out->len - 1] != '\n' &&
                    buf_putc(out, ' ') != NP_OK)
                    return NP_ENOMEM;
                *space = 0;
                if (buf_putc(out, *p) != NP_OK)
                    return NP_ENOMEM;
            }
        } else if (c->type == XML_ELEMENT_NODE) {
            if (name_is(c, "br"))
                *space = 1;
            np_status st = append_text(c, out, space, depth + 1);
            if (st != NP_OK)
                return st;
        }
    }
    return NP_OK;
}

/* The body: each block under the container as a paragraph, in order. */
static np_status collect(const xmlNode *n, buf *out, unsigned depth)
{
    if (depth > HTML_MAX_DEPTH)
        return NP_OK;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_block(c)) {
            text_stats st = { 0 };
            measure(c, 0, &st, depth);
            /* link lists and empty blocks are not article text */
            if (st.chars == 0 || (st.link_chars * 2 > st.chars && st.chars < 200))
                continue;
            size_t mark = out->len;
            int space = 0;
            np_status s = append_text(c, out, &space, depth + 1);
            if (s != NP_OK)
                return s;
            if (out->len > mark && (s = buf_puts(out, "\n\n")) != NP_OK)
                return s;
        } else {
            np_status s = collect(c, out, depth + 1);
            if (s != NP_OK)
                return s;
        }
    }
    return NP_OK;
}

static char *meta_content(xmlNode *n, const char *key, unsigned depth)
{
    if (depth > HTML_MAX_DEPTH)
        return NULL;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(c, "meta")) {
            xmlChar *prop = xmlGetProp(c, (const xmlChar *)"property");
            xmlChar *name = xmlGetProp(c, (const xmlChar *)"name");
            int match = (prop && strcmp((char *)prop, key) == 0) || (name && strcmp((char *)name, key) == 0);
            xmlFree(prop);
            xmlFree(name);
            if (match) {
                xmlChar *v = xmlGetProp(c, (const xmlChar *)"content");
                return (char *)v;
            }
        }
        char *found = meta_content(c, key, depth + 1);
        if (found)
            return found;
    }
    return NULL;
}

static xmlNode *first_element(xmlNode *n, const char *name, unsigned depth)
{
    if (depth > HTML_MAX_DEPTH)
        return NULL;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(c, name))
            return c;
        xmlNode *found = first_element(c, name, depth + 1);
        if (found)
            return found;
    }
    return NULL;
}

/* schema.org NewsArticle in <script type="application/ld+json">: headline,
 * datePublished, publisher name, and the articleBody when present. */
typedef struct json_ld {
    char *headline, *date, *publisher; /* xmlStrdup'd */
    buf body;
} json_ld;

static char *dup_string(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? (char *)xmlStrdup((const xmlChar *)json_string_value(v)) : NULL;
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

static void read_json_ld(xmlNode *n, json_ld *ld, unsigned depth)
{
    if (depth > HTML_MAX_DEPTH)
        return;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(c, "script")) {
            xmlChar *type = xmlGetProp(c, (const xmlChar *)"type");
            int ld_json = type && strcmp((const char *)type, "application/ld+json") == 0;
            xmlFree(type);
            if (ld_json) {
                xmlChar *text = xmlNodeGetContent(c);
                if (text) {
                    json_t *root = json_loads((const char *)text, 0, NULL);
                    read_ld_object(root, ld, 0);
                    json_decref(root);
                    xmlFree(text);
                }
            }
            continue;
        }
        read_json_ld(c, ld, depth + 1);
    }
}

static void set_field(char **field, char *value)
{
    if (*field || !value || !*value) {
        xmlFree(value);
        return;
    }
    *field = value;
}

void html_page_free(html_page *p)
{
    xmlFree(p->title);
    xmlFree(p->date);
    xmlFree(p->site);
    buf_free(&p->text);
    memset(p, 0, sizeof *p);
}

/* libxml2 reports charset trouble on stderr through its generic error
 * handler even with HTML_PARSE_NOERROR; a page's broken bytes are not the
 * user's problem to read about, and the cleaner repairs the text anyway. */
static void quiet(void *context, const char *message, ...)
{
    (void)context;
    (void)message;
}

np_status html_extract(const char *data, size_t len, const char *charset, html_page *out)
{
    memset(out, 0, sizeof *out);
    buf_init(&out->text, NULL);
    if (len > (size_t)INT32_MAX)
        return NP_EINPUT;
    /* libxml2 keeps the handler per thread: set it for this one */
    xmlSetGenericErrorFunc(NULL, quiet);
    /* a charset from the HTTP header wins; else libxml2 reads <meta charset> */
    htmlDocPtr doc = htmlReadMemory(data, (int)len, NULL, charset,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
    if (!doc)
        return NP_EINPUT;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root) {
        xmlFreeDoc(doc);
        return NP_EINPUT;
    }
    /* metadata before pruning: it lives in <head> */
    json_ld ld = { 0 };
    buf_init(&ld.body, NULL);
    read_json_ld(root, &ld, 0);
    set_field(&out->title, meta_content(root, "og:title", 0));
    set_field(&out->title, ld.headline);
    set_field(&out->date, ld.date);
    set_field(&out->site, ld.publisher);
    set_field(&out->date, meta_content(root, "article:published_time", 0));
    set_field(&out->date, meta_content(root, "datePublished", 0));
    set_field(&out->date, meta_content(root, "date", 0));
    set_field(&out->site, meta_content(root, "og:site_name", 0));
    xmlNode *time_el = first_element(root, "time", 0);
    if (time_el)
        set_field(&out->date, (char *)xmlGetProp(time_el, (const xmlChar *)"datetime"));
    /* else the page's first <h1>, else its <title> */
    static const char *const title_tags[] = { "h1", "title" };
    for (size_t k = 0; k < 2 && !out->title; k++) {
        xmlNode *el = first_element(root, title_tags[k], 0);
        if (!el)
            continue;
        buf t;
        buf_init(&t, NULL);
        int space = 0;
        if (append_text(el, &t, &space, 0) == NP_OK && t.len)
            out->title = (char *)xmlStrdup((const xmlChar *)t.data);
        buf_free(&t);
    }
    prune(root, 0);
    scorer s = { 0 };
    vote(root, &s, 0);
    /* class/id hints and <article> weigh in on the containers voted for */
    xmlNode *best = NULL;
    double best_score = 0;
    for (size_t i = 0; i < s.n; i++) {
        xmlNode *n = s.items[i].node;
        char cls[512];
        class_and_id(n, cls, sizeof cls);
        double score = s.items[i].score;
        if (name_is(n, "article") || has_word(cls, positive_words, COUNT(positive_words)))
            score *= 1.25;
        if (score > best_score) {
            best_score = score;
            best = n;
        }
    }
    /* an article cut into several containers (one per column, per ad slot)
     * lives in an ancestor of the best: take the highest of the next few
     * ancestors that holds much more prose than the best alone, with few
     * links (a wrapper that adds nothing is passed through) */
    if (best) {
        double own = prose_score(best, 0);
        xmlNode *climb = best, *chosen = NULL;
        double chosen_prose = own;
        for (int up = 0; up < 4 && climb->parent && climb->parent->type == XML_ELEMENT_NODE &&
                         !name_is(climb->parent, "body");
             up++) {
            climb = climb->parent;
            double above = prose_score(climb, 0);
            text_stats ts = { 0 };
            measure(climb, 0, &ts, 0);
            if (above >= own * 1.5 && ts.link_chars * 3 < ts.chars) {
                chosen = climb;
                chosen_prose = above;
            }
        }
        if (chosen) {
            best_score = best_score * chosen_prose / (own > 0 ? own : 1);
            best = chosen;
        }
    }
    /* the best container's siblings that hold article text too: voted for
     * with a fifth of its score, or prose paragraphs with few links
     * (Readability's sibling rule) -- articles split over several divs */
    np_status st = NP_OK;
    if (best && best->parent) {
        for (xmlNode *sib = best->parent->children; sib && st == NP_OK; sib = sib->next) {
            if (sib->type != XML_ELEMENT_NODE)
                continue;
            int keep = sib == best;
            for (size_t i = 0; i < s.n && !keep; i++)
                keep = s.items[i].node == sib && s.items[i].score >= best_score * 0.2;
            if (!keep && is_block(sib)) {
                text_stats ts = { 0 };
                measure(sib, 0, &ts, 0);
                keep = ts.chars >= 80 && ts.link_chars * 4 < ts.chars;
            }
            if (!keep)
                continue;
            if (is_block(sib)) {
                buf one;
                buf_init(&one, NULL);
                int space = 0;
                st = append_text(sib, &one, &space, 0);
                if (st == NP_OK && one.len)
                    st = buf_append(&out->text, one.data, one.len);
                if (st == NP_OK && one.len)
                    st = buf_puts(&out->text, "\n\n");
                buf_free(&one);
            } else {
                st = collect(sib, &out->text, 0);
            }
        }
    } else {
        st = collect(root, &out->text, 0);
    }
    free(s.items);
    /* too little in the best container: the page's own layout is unusual,
     * take every block of the page rather than nothing */
    if (st == NP_OK && out->text.len < 200 && best) {
        buf_clear(&out->text);
        st = collect(root, &out->text, 0);
    }
    /* the page's own articleBody (JSON-LD) is the cross-check: when the
     * page text found is much shorter, the publisher's copy is the body */
    if (st == NP_OK && ld.body.len >= 400 && out->text.len * 2 < ld.body.len) {
        buf_clear(&out->text);
        st = buf_append(&out->text, ld.body.data, ld.body.len);
    }
    buf_free(&ld.body);
    xmlFreeDoc(doc);
    if (st != NP_OK)
        html_page_free(out);
    return st;
}
