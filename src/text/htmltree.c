/*
 * htmltree: a small, fast HTML parser for article extraction (see the
 * header).  The tokenizer follows the shape of the HTML5 one (tags,
 * attributes quoted or not, comments, raw text up to its end tag,
 * character references) and the tree builder keeps a stack of open
 * elements: a start tag may first close an open <p>, <li>, <dd>, <td>,
 * <tr>, <a> or heading; an end tag closes the nearest open element of its
 * name unless an element that bounds its scope comes first (a stray </span>
 * does not close a <div>, a stray </div> does not leave a <td>).  Every
 * search up the stack stops after SEARCH_LIMIT levels, so hostile nesting
 * costs linear time.
 */
#include "text/htmltree.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "common/utf8.h"
#include "text/charset.h"
#include "text/textutil.h"

#define SEARCH_LIMIT 128

enum {
    F_VOID = 1,         /* never has content */
    F_RAW = 2,          /* text up to its end tag, no markup, no references */
    F_RCDATA = 4,       /* text up to its end tag, references decoded */
    F_SPECIAL = 8,      /* bounds the search of an unknown end tag */
    F_CLOSES_P = 16,    /* its start tag closes an open <p> */
    F_SCOPE = 32,       /* bounds the scope of an end tag */
    F_FOREIGN = 64,     /* svg, math: "/>" closes */
    F_TABLE_PART = 128, /* table, tbody, tr, td...: scoped by their table */
};

typedef struct tag_info {
    const char *name;
    unsigned flags;
} tag_info;

#define SP F_SPECIAL
#define CP (F_SPECIAL | F_CLOSES_P)
/* alphabetical, in the order of ht_tag */
static const tag_info tags[HT_TAG_COUNT] = {
    [HT_OTHER] = { "", 0 },
    [HT_A] = { "a", 0 }, [HT_ADDRESS] = { "address", CP }, [HT_APPLET] = { "applet", SP | F_SCOPE },
    [HT_AREA] = { "area", SP | F_VOID }, [HT_ARTICLE] = { "article", CP }, [HT_ASIDE] = { "aside", CP },
    [HT_AUDIO] = { "audio", 0 }, [HT_B] = { "b", 0 }, [HT_BASE] = { "base", SP | F_VOID },
    [HT_BLOCKQUOTE] = { "blockquote", CP }, [HT_BODY] = { "body", SP | F_SCOPE },
    [HT_BR] = { "br", SP | F_VOID }, [HT_BUTTON] = { "button", SP }, [HT_CANVAS] = { "canvas", 0 },
    [HT_CAPTION] = { "caption", SP | F_SCOPE | F_TABLE_PART }, [HT_CENTER] = { "center", CP },
    [HT_COL] = { "col", SP | F_VOID }, [HT_DD] = { "dd", CP }, [HT_DETAILS] = { "details", CP },
    [HT_DIALOG] = { "dialog", CP }, [HT_DIR] = { "dir", CP }, [HT_DIV] = { "div", CP },
    [HT_DL] = { "dl", CP }, [HT_DT] = { "dt", CP }, [HT_EM] = { "em", 0 },
    [HT_EMBED] = { "embed", SP | F_VOID }, [HT_FIELDSET] = { "fieldset", CP },
    [HT_FIGCAPTION] = { "figcaption", CP }, [HT_FIGURE] = { "figure", CP },
    [HT_FOOTER] = { "footer", CP }, [HT_FORM] = { "form", CP }, [HT_H1] = { "h1", CP },
    [HT_H2] = { "h2", CP }, [HT_H3] = { "h3", CP }, [HT_H4] = { "h4", CP }, [HT_H5] = { "h5", CP },
    [HT_H6] = { "h6", CP }, [HT_HEAD] = { "head", SP }, [HT_HEADER] = { "header", CP },
    [HT_HGROUP] = { "hgroup", CP }, [HT_HR] = { "hr", CP | F_VOID }, [HT_HTML] = { "html", SP | F_SCOPE },
    [HT_I] = { "i", 0 }, [HT_IFRAME] = { "iframe", SP | F_RAW }, [HT_IMG] = { "img", SP | F_VOID },
    [HT_INPUT] = { "input", SP | F_VOID }, [HT_LI] = { "li", CP }, [HT_LINK] = { "link", SP | F_VOID },
    [HT_MAIN] = { "main", CP }, [HT_MARQUEE] = { "marquee", SP | F_SCOPE },
    [HT_MATH] = { "math", F_FOREIGN }, [HT_MENU] = { "menu", CP }, [HT_META] = { "meta", SP | F_VOID },
    [HT_NAV] = { "nav", CP }, [HT_NOEMBED] = { "noembed", SP | F_RAW },
    [HT_NOFRAMES] = { "noframes", SP | F_RAW }, [HT_NOSCRIPT] = { "noscript", SP | F_RAW },
    [HT_OBJECT] = { "object", SP | F_SCOPE }, [HT_OL] = { "ol", CP }, [HT_OPTION] = { "option", 0 },
    [HT_P] = { "p", CP }, [HT_PARAM] = { "param", SP | F_VOID }, [HT_PICTURE] = { "picture", 0 },
    [HT_PLAINTEXT] = { "plaintext", CP }, [HT_PRE] = { "pre", CP }, [HT_SCRIPT] = { "script", SP | F_RAW },
    [HT_SECTION] = { "section", CP }, [HT_SELECT] = { "select", SP }, [HT_SOURCE] = { "source", SP | F_VOID },
    [HT_SPAN] = { "span", 0 }, [HT_STRONG] = { "strong", 0 }, [HT_STYLE] = { "style", SP | F_RAW },
    [HT_SUMMARY] = { "summary", CP }, [HT_SVG] = { "svg", F_FOREIGN },
    [HT_TABLE] = { "table", CP | F_SCOPE | F_TABLE_PART }, [HT_TBODY] = { "tbody", SP | F_TABLE_PART },
    [HT_TD] = { "td", SP | F_SCOPE | F_TABLE_PART }, [HT_TEMPLATE] = { "template", SP | F_SCOPE },
    [HT_TEXTAREA] = { "textarea", SP | F_RCDATA }, [HT_TFOOT] = { "tfoot", SP | F_TABLE_PART },
    [HT_TH] = { "th", SP | F_SCOPE | F_TABLE_PART }, [HT_THEAD] = { "thead", SP | F_TABLE_PART },
    [HT_TIME] = { "time", 0 }, [HT_TITLE] = { "title", SP | F_RCDATA },
    [HT_TR] = { "tr", SP | F_TABLE_PART }, [HT_TRACK] = { "track", SP | F_VOID }, [HT_UL] = { "ul", CP },
    [HT_VIDEO] = { "video", 0 }, [HT_WBR] = { "wbr", SP | F_VOID }, [HT_XMP] = { "xmp", SP | F_RAW },
};
#undef SP
#undef CP

/* The attributes the extractor reads; the rest are passed over unstored. */
static const char *const kept_attrs[] = { "class", "id", "hidden", "property", "name", "content",
                                          "type", "datetime", "itemprop", "role", "rel", "href",
                                          "charset", "http-equiv", "aria-hidden", "style" };

static unsigned tag_lookup(const char *name, size_t len)
{
    size_t lo = 1, hi = HT_TAG_COUNT;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(tags[mid].name, name, len);
        if (c == 0 && tags[mid].name[len] != '\0')
            c = 1;
        if (c == 0)
            return (unsigned)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return HT_OTHER;
}

/* ---- character references ------------------------------------------ */

static size_t put_cp(char *out, uint32_t cp)
{
    if (cp >= 0x80 && cp <= 0x9F && cp1252_high((unsigned char)cp))
        cp = cp1252_high((unsigned char)cp);
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    return utf8_encode(cp, out);
}

static int is_alnum(int c)
{
    return tu_is_alpha(c) || tu_is_digit(c);
}

/* Decodes the reference at s[0] == '&' into out; returns the bytes of s
 * used (0: not a reference, copy the '&'). */
static size_t decode_reference(const char *s, size_t len, int in_attr, char *out, size_t *written)
{
    size_t i = 1;
    if (i < len && s[i] == '#') {
        i++;
        int hex = i < len && (s[i] == 'x' || s[i] == 'X');
        i += (size_t)hex;
        uint32_t cp = 0;
        size_t digits = 0;
        for (; i < len; i++, digits++) {
            int c = (unsigned char)s[i], d;
            if (tu_is_digit(c))
                d = c - '0';
            else if (hex && tu_lower(c) >= 'a' && tu_lower(c) <= 'f')
                d = tu_lower(c) - 'a' + 10;
            else
                break;
            if (cp <= 0x10FFFF)
                cp = cp * (hex ? 16u : 10u) + (uint32_t)d;
        }
        if (!digits)
            return 0;
        if (i < len && s[i] == ';')
            i++;
        *written = put_cp(out, cp);
        return i;
    }
    char name[33];
    size_t n = 0;
    while (i < len && n < 32 && is_alnum((unsigned char)s[i]))
        name[n++] = s[i++];
    name[n] = '\0';
    if (!n)
        return 0;
    int semi = i < len && s[i] == ';';
    static const struct {
        const char *name;
        uint32_t cp;
    } common[] = { { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "nbsp", 0xA0 },
                   { "apos", '\'' } };
    uint32_t cp = 0;
    for (size_t k = 0; k < sizeof common / sizeof *common && !cp; k++)
        if (strcmp(name, common[k].name) == 0)
            cp = common[k].cp;
    if (!semi) {
        /* "&amp" without ';' is read in text, never in an attribute
         * (where it is usually a URL's query: "?a=1&copy=2") */
        if (in_attr || !cp || cp == '\'')
            return 0;
    } else if (!cp) {
        const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
        if (!e)
            return 0;
        cp = e->value;
    }
    *written = put_cp(out, cp);
    return i + (size_t)semi;
}

/* s[0..len) with its references decoded: s itself when it has none, else
 * an arena copy (references never decode longer than they are written). */
static const char *decode_text(ht_doc *doc, const char *s, size_t len, int in_attr, size_t *out_len)
{
    const char *amp = memchr(s, '&', len);
    if (!amp) {
        *out_len = len;
        return s;
    }
    char *out = arena_alloc(&doc->arena, len + 4);
    if (!out)
        return NULL;
    size_t o = (size_t)(amp - s);
    memcpy(out, s, o);
    for (size_t i = o; i < len;) {
        if (s[i] != '&') {
            out[o++] = s[i++];
            continue;
        }
        size_t w = 0, used = decode_reference(s + i, len - i, in_attr, out + o, &w);
        if (!used) {
            out[o++] = s[i++];
            continue;
        }
        o += w;
        i += used;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* ---- the tree ---------------------------------------------------------- */

typedef struct builder {
    ht_doc *doc;
    ht_node *stack[HT_MAX_DEPTH + 1]; /* stack[0] is the document */
    int depth;
    int foreign; /* open svg/math elements */
    int have_html, have_head, have_body;
    np_status status;
} builder;

static ht_node *new_node(builder *b, unsigned char type)
{
    ht_node *n = arena_alloc(&b->doc->arena, sizeof *n);
    if (!n) {
        b->status = NP_ENOMEM;
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->type = type;
    n->id = b->doc->n_nodes++;
    return n;
}

static void append_child(ht_node *parent, ht_node *n)
{
    n->parent = parent;
    n->prev = parent->last;
    if (parent->last)
        parent->last->next = n;
    else
        parent->first = n;
    parent->last = n;
}

void ht_unlink(ht_node *n)
{
    if (!n->parent)
        return;
    if (n->prev)
        n->prev->next = n->next;
    else
        n->parent->first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        n->parent->last = n->prev;
    n->parent = n->prev = n->next = NULL;
}

const char *ht_attr_get(const ht_node *n, const char *name)
{
    for (const ht_attr *a = n->attrs; a; a = a->next)
        if (strcmp(a->name, name) == 0)
            return a->value;
    return NULL;
}

static ht_node *current(builder *b)
{
    return b->stack[b->depth];
}

static void pop_to(builder *b, int depth)
{
    while (b->depth > depth) {
        if (tags[current(b)->tag].flags & F_FOREIGN)
            b->foreign--;
        b->depth--;
    }
}

static int same_element(const ht_node *n, unsigned tag, const char *name, size_t len)
{
    if (n->type != HT_ELEMENT || n->tag != tag)
        return 0;
    return tag != HT_OTHER || (strncmp(n->name, name, len) == 0 && n->name[len] == '\0');
}

/* Stack index of the nearest open element `tag` (name for HT_OTHER), or -1
 * when an element with one of the stop flags, or one of the stop tags,
 * comes first. */
static int find_open(builder *b, unsigned tag, const char *name, size_t len, unsigned stop,
                     const unsigned char *stop_tags)
{
    for (int i = b->depth, seen = 0; i > 0 && seen < SEARCH_LIMIT; i--, seen++) {
        const ht_node *n = b->stack[i];
        if (same_element(n, tag, name, len))
            return i;
        if (tags[n->tag].flags & stop)
            return -1;
        for (const unsigned char *t = stop_tags; t && *t; t++)
            if (n->tag == *t)
                return -1;
    }
    return -1;
}

static void text_node(builder *b, ht_node *parent, const char *s, size_t len, int decode)
{
    if (!len || b->status != NP_OK)
        return;
    if (parent->type == HT_DOCUMENT || parent->tag == HT_HTML || parent->tag == HT_HEAD) {
        size_t i = 0;
        while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r' || s[i] == '\f'))
            i++;
        if (i == len)
            return;
    }
    size_t n_len = len;
    const char *text = decode ? decode_text(b->doc, s, len, 0, &n_len) : s;
    ht_node *n = text ? new_node(b, HT_TEXT) : NULL;
    if (!n) {
        b->status = NP_ENOMEM;
        return;
    }
    n->text = text;
    n->len = n_len;
    append_child(parent, n);
}

static const unsigned char list_stops[] = { HT_UL, HT_OL, 0 };
static const unsigned char dl_stops[] = { HT_DL, 0 };
static const unsigned char button_stops[] = { HT_BUTTON, 0 };

/* Closes what a start tag of `tag` implicitly ends. */
static void close_before(builder *b, unsigned tag)
{
    unsigned flags = tags[tag].flags;
    int at;
    if (flags & F_CLOSES_P) {
        at = find_open(b, HT_P, NULL, 0, F_SCOPE, button_stops);
        if (at > 0)
            pop_to(b, at - 1);
    }
    switch (tag) {
    case HT_H1: case HT_H2: case HT_H3: case HT_H4: case HT_H5: case HT_H6:
        if (current(b)->tag >= HT_H1 && current(b)->tag <= HT_H6)
            pop_to(b, b->depth - 1);
        break;
    case HT_LI:
        if ((at = find_open(b, HT_LI, NULL, 0, F_SCOPE, list_stops)) > 0)
            pop_to(b, at - 1);
        break;
    case HT_DD: case HT_DT:
        if ((at = find_open(b, HT_DD, NULL, 0, F_SCOPE, dl_stops)) > 0 ||
            (at = find_open(b, HT_DT, NULL, 0, F_SCOPE, dl_stops)) > 0)
            pop_to(b, at - 1);
        break;
    case HT_A:
        if ((at = find_open(b, HT_A, NULL, 0, F_SCOPE, NULL)) > 0)
            pop_to(b, at - 1);
        break;
    case HT_TR:
        if ((at = find_open(b, HT_TR, NULL, 0, 0, (const unsigned char[]){ HT_TABLE, 0 })) > 0)
            pop_to(b, at - 1);
        /* fall through - a row also ends an open cell without its row */
    case HT_TD: case HT_TH:
        if ((at = find_open(b, HT_TD, NULL, 0, 0, (const unsigned char[]){ HT_TR, HT_TABLE, 0 })) > 0 ||
            (at = find_open(b, HT_TH, NULL, 0, 0, (const unsigned char[]){ HT_TR, HT_TABLE, 0 })) > 0)
            pop_to(b, at - 1);
        break;
    case HT_OPTION:
        if (current(b)->tag == HT_OPTION)
            pop_to(b, b->depth - 1);
        break;
    default:
        break;
    }
}

/* Stores the attribute if it is one of kept_attrs. */
static void add_attr(builder *b, ht_node *n, const char *name, size_t name_len, const char *value,
                     size_t value_len)
{
    const char *kept = NULL;
    for (size_t k = 0; k < sizeof kept_attrs / sizeof *kept_attrs && !kept; k++)
        if (strlen(kept_attrs[k]) == name_len && memcmp(kept_attrs[k], name, name_len) == 0)
            kept = kept_attrs[k];
    if (!kept || ht_attr_get(n, kept))
        return;
    size_t len;
    const char *decoded = decode_text(b->doc, value, value_len, 1, &len);
    ht_attr *a = arena_alloc(&b->doc->arena, sizeof *a);
    char *copy = decoded ? arena_strndup(&b->doc->arena, decoded, len) : NULL;
    if (!a || !copy) {
        b->status = NP_ENOMEM;
        return;
    }
    a->name = kept;
    a->value = copy;
    a->next = n->attrs;
    n->attrs = a;
}

/* ---- the tokenizer ----------------------------------------------------- */

static int is_space(int c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

/* Offset of "</name" (any case) followed by space, '/' or '>' in s, or len. */
static size_t find_end_tag(const char *s, size_t len, const char *name)
{
    size_t name_len = strlen(name);
    for (size_t i = 0; i + 1 < len;) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        if (i + 2 + name_len <= len && s[i + 1] == '/' && tu_starts_ci(s + i + 2, len - i - 2, name) &&
            (i + 2 + name_len == len || is_space((unsigned char)s[i + 2 + name_len]) ||
             s[i + 2 + name_len] == '/' || s[i + 2 + name_len] == '>'))
            return i;
        i++;
    }
    return len;
}

static void start_element(builder *b, const char *name, size_t name_len, ht_node **out)
{
    *out = NULL;
    unsigned tag = tag_lookup(name, name_len);
    if (tag == HT_HTML || tag == HT_BODY || tag == HT_HEAD) {
        int *have = tag == HT_HTML ? &b->have_html : tag == HT_BODY ? &b->have_body : &b->have_head;
        if (*have || (tag == HT_HEAD && b->have_body))
            return; /* a second one adds nothing */
        *have = 1;
        if (tag == HT_BODY) {
            int head = find_open(b, HT_HEAD, NULL, 0, 0, NULL);
            if (head > 0)
                pop_to(b, head - 1);
        }
    } else {
        close_before(b, tag);
    }
    ht_node *n = new_node(b, HT_ELEMENT);
    if (!n)
        return;
    n->tag = (unsigned short)tag;
    n->name = tag != HT_OTHER ? tags[tag].name : arena_strndup(&b->doc->arena, name, name_len);
    if (!n->name) {
        b->status = NP_ENOMEM;
        return;
    }
    append_child(current(b), n);
    *out = n;
}

static void end_element(builder *b, const char *name, size_t name_len)
{
    unsigned tag = tag_lookup(name, name_len);
    unsigned flags = tags[tag].flags;
    int at = -1;
    if (tag == HT_HTML || tag == HT_BODY || tag == HT_BR)
        return;
    if (tag == HT_HEAD)
        at = find_open(b, HT_HEAD, NULL, 0, 0, NULL);
    else if (tag == HT_P)
        at = find_open(b, HT_P, NULL, 0, F_SCOPE, button_stops);
    else if (tag == HT_LI)
        at = find_open(b, HT_LI, NULL, 0, F_SCOPE, list_stops);
    else if (tag == HT_TABLE)
        at = find_open(b, HT_TABLE, NULL, 0, 0, (const unsigned char[]){ HT_HTML, HT_TEMPLATE, 0 });
    else if (flags & F_TABLE_PART)
        at = find_open(b, tag, NULL, 0, 0, (const unsigned char[]){ HT_TABLE, HT_HTML, 0 });
    else if (flags & F_SPECIAL)
        at = find_open(b, tag, NULL, 0, F_SCOPE, NULL);
    else
        at = find_open(b, tag, name, name_len, F_SPECIAL, NULL);
    if (at > 0)
        pop_to(b, at - 1);
}

static void push(builder *b, ht_node *n)
{
    if (b->depth >= HT_MAX_DEPTH) {
        /* too deep: n takes the deepest open element's place, as its next
         * sibling, so the tree stays this deep and n keeps its own content
         * (a <p> under 600 <font>s is still a paragraph, not words run into
         * an inline element that holds no paragraph) */
        ht_unlink(n);
        pop_to(b, HT_MAX_DEPTH - 1);
        append_child(current(b), n);
    }
    b->stack[++b->depth] = n;
    if (tags[n->tag].flags & F_FOREIGN)
        b->foreign++;
}

/* 1 when the '<' at s[0] starts markup, 0 when it is text ("a < b"). */
static int starts_markup(const char *s, size_t len)
{
    if (len < 2)
        return 0;
    if (s[1] == '!' || s[1] == '?' || tu_is_alpha((unsigned char)s[1]))
        return 1;
    return s[1] == '/' && len >= 3 && (tu_is_alpha((unsigned char)s[2]) || s[2] == '>');
}

/* A comment, doctype or processing instruction at s[0] == '<' passed
 * over: returns the bytes it takes. */
static size_t skip_declaration(const char *s, size_t len)
{
    if (len >= 4 && memcmp(s, "<!--", 4) == 0) {
        for (size_t i = 4; i + 2 < len; i++) {
            const char *dash = memchr(s + i, '-', len - i - 2);
            if (!dash)
                break;
            i = (size_t)(dash - s);
            if (s[i + 1] == '-' && s[i + 2] == '>')
                return i + 3;
        }
        return len;
    }
    const char *gt = memchr(s, '>', len);
    return gt ? (size_t)(gt - s) + 1 : len;
}

/* The attributes of a tag from s[i] to its '>', those n keeps (n NULL:
 * none) added to it.  *self_closing: it ends "/>"; *cut: the page ends
 * first.  returns: the offset after the tag */
static size_t read_attributes(builder *b, ht_node *n, const char *s, size_t len, size_t i, int *self_closing,
                              int *cut)
{
    for (;;) {
        while (i < len && (is_space((unsigned char)s[i]) || s[i] == '/')) {
            *self_closing = s[i] == '/';
            i++;
        }
        if (i >= len) {
            *cut = 1;
            break;
        }
        if (s[i] == '>') {
            i++;
            break;
        }
        *self_closing = 0;
        size_t an = i;
        i++; /* a name's first character may be '=' */
        while (i < len && !is_space((unsigned char)s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=')
            i++;
        char attr[16];
        size_t attr_len = i - an;
        int keep = n && attr_len < sizeof attr;
        if (keep)
            for (size_t k = 0; k < attr_len; k++)
                attr[k] = (char)tu_lower((unsigned char)s[an + k]);
        while (i < len && is_space((unsigned char)s[i]))
            i++;
        const char *value = "";
        size_t value_len = 0;
        if (i < len && s[i] == '=') {
            i++;
            while (i < len && is_space((unsigned char)s[i]))
                i++;
            if (i < len && (s[i] == '"' || s[i] == '\'')) {
                const char *q = memchr(s + i + 1, s[i], len - i - 1);
                if (!q) {
                    *cut = 1;
                    break;
                }
                value = s + i + 1;
                value_len = (size_t)(q - value);
                i = (size_t)(q - s) + 1;
            } else {
                value = s + i;
                while (i < len && !is_space((unsigned char)s[i]) && s[i] != '>')
                    i++;
                value_len = (size_t)(s + i - value);
            }
        }
        if (keep)
            add_attr(b, n, attr, attr_len, value, value_len);
    }
    return i;
}

/* Reads the markup at s[0] == '<' (starts_markup is true); returns the
 * bytes used. */
static size_t read_tag(builder *b, const char *s, size_t len)
{
    size_t i = 1;
    if (s[i] == '!' || s[i] == '?')
        return skip_declaration(s, len);
    int end = s[i] == '/';
    i += (size_t)end;
    if (!tu_is_alpha((unsigned char)s[i]))
        return i + 1; /* "</>" is dropped */
    char name[64];
    size_t name_len = 0;
    while (i < len && !is_space((unsigned char)s[i]) && s[i] != '/' && s[i] != '>') {
        if (name_len < sizeof name - 1)
            name[name_len++] = (char)tu_lower((unsigned char)s[i]);
        i++;
    }
    name[name_len] = '\0';
    ht_node *n = NULL;
    if (!end)
        start_element(b, name, name_len, &n);
    int self_closing = 0, cut = 0;
    i = read_attributes(b, n, s, len, i, &self_closing, &cut);
    if (cut) {
        /* a tag cut off by the end of the page is dropped */
        if (n)
            ht_unlink(n);
        return len;
    }
    if (end) {
        end_element(b, name, name_len);
        return i;
    }
    if (!n)
        return i;
    unsigned flags = tags[n->tag].flags;
    if (flags & (F_RAW | F_RCDATA)) {
        /* its text, up to its end tag; n is not left open */
        size_t stop = find_end_tag(s + i, len - i, n->name);
        text_node(b, n, s + i, stop, (flags & F_RCDATA) != 0);
        i += stop;
        const char *gt = i < len ? memchr(s + i, '>', len - i) : NULL;
        return gt ? (size_t)(gt - s) + 1 : len;
    }
    if (!(flags & F_VOID) && !(self_closing && (b->foreign || n->tag == HT_OTHER || (flags & F_FOREIGN))))
        push(b, n);
    return i;
}

/* ---- the parser -------------------------------------------------------- */

np_status ht_parse(ht_doc *doc, const char *data, size_t len, const char *charset)
{
    memset(doc, 0, sizeof *doc);
    arena_init(&doc->arena, NULL, 256 * 1024);
    builder *b = malloc(sizeof *b);
    if (!b)
        return NP_ENOMEM;
    memset(b, 0, sizeof *b);
    b->doc = doc;
    b->status = NP_OK;
    doc->root = new_node(b, HT_DOCUMENT);
    int nomem = 0;
    const char *s = doc->root ? charset_to_utf8(&doc->arena, data, len, charset, &len, &nomem) : NULL;
    if (!s) {
        free(b);
        return NP_ENOMEM;
    }
    b->stack[0] = doc->root;
    size_t text = 0; /* start of the text not yet in the tree */
    for (size_t i = 0; i < len && b->status == NP_OK;) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        if (!starts_markup(s + i, len - i)) {
            i++;
            continue;
        }
        text_node(b, current(b), s + text, i - text, 1);
        i += read_tag(b, s + i, len - i);
        text = i;
    }
    if (text < len)
        text_node(b, current(b), s + text, len - text, 1);
    np_status st = b->status;
    free(b);
    return st;
}

void ht_free(ht_doc *doc)
{
    if (doc)
        arena_free(&doc->arena);
}
