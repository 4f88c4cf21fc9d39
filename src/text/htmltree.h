/*
 * htmltree: a small, fast HTML parser for article extraction.
 *
 * One pass over the bytes builds an element tree with the HTML5 rules
 * that shape an article page (void elements, raw-text script and style,
 * a <p> closed by the next block, <li>, <td>, <tr> closing their open
 * siblings, an end tag closing only what is in its scope), without the
 * adoption agency or foreign-content details a browser needs.  Text nodes
 * point into the page when they hold no character reference; only the
 * attributes the extractor reads are kept.  Everything lives in one arena.
 * The page is first made UTF-8 (charset.h): the HTTP charset, else a
 * byte-order mark, else <meta charset> in its first 4 KB; Latin-1 and
 * Windows-1252 are decoded there, other charsets by iconv, and a page said
 * (or assumed) to be UTF-8 whose bytes are not is read as Windows-1252, as
 * browsers do.
 */
#ifndef NP_HTMLTREE_H
#define NP_HTMLTREE_H

#include <stddef.h>

#include "common/arena.h"

/* The deepest the tree goes: an element opened below it takes the place of
 * the deepest open element, as its next sibling (see push in htmltree.c). */
#define HT_MAX_DEPTH 512

/* The elements the parser or the extractor treat specially; any other is
 * HT_OTHER with its name in ht_node.name.  Keep in the order of the name
 * table in htmltree.c (alphabetical). */
typedef enum ht_tag {
    HT_OTHER,
    HT_A, HT_ADDRESS, HT_APPLET, HT_AREA, HT_ARTICLE, HT_ASIDE, HT_AUDIO, HT_B, HT_BASE,
    HT_BLOCKQUOTE, HT_BODY, HT_BR, HT_BUTTON, HT_CANVAS, HT_CAPTION, HT_CENTER, HT_COL,
    HT_DD, HT_DETAILS, HT_DIALOG, HT_DIR, HT_DIV, HT_DL, HT_DT, HT_EM, HT_EMBED, HT_FIELDSET,
    HT_FIGCAPTION, HT_FIGURE, HT_FOOTER, HT_FORM, HT_H1, HT_H2, HT_H3, HT_H4, HT_H5, HT_H6,
    HT_HEAD, HT_HEADER, HT_HGROUP, HT_HR, HT_HTML, HT_I, HT_IFRAME, HT_IMG, HT_INPUT, HT_LI,
    HT_LINK, HT_MAIN, HT_MARQUEE, HT_MATH, HT_MENU, HT_META, HT_NAV, HT_NOEMBED, HT_NOFRAMES,
    HT_NOSCRIPT, HT_OBJECT, HT_OL, HT_OPTION, HT_P, HT_PARAM, HT_PICTURE, HT_PLAINTEXT, HT_PRE,
    HT_SCRIPT, HT_SECTION, HT_SELECT, HT_SOURCE, HT_SPAN, HT_STRONG, HT_STYLE, HT_SUMMARY,
    HT_SVG, HT_TABLE, HT_TBODY, HT_TD, HT_TEMPLATE, HT_TEXTAREA, HT_TFOOT, HT_TH, HT_THEAD,
    HT_TIME, HT_TITLE, HT_TR, HT_TRACK, HT_UL, HT_VIDEO, HT_WBR, HT_XMP,
    HT_TAG_COUNT
} ht_tag;

enum { HT_DOCUMENT, HT_ELEMENT, HT_TEXT };

typedef struct ht_attr {
    struct ht_attr *next;
    const char *name;  /* lowercase */
    const char *value; /* NUL-terminated, character references decoded */
} ht_attr;

typedef struct ht_node {
    struct ht_node *parent, *first, *last, *prev, *next;
    const char *name; /* element: lowercase tag name */
    const char *text; /* text node: UTF-8 bytes, not NUL-terminated */
    size_t len;       /* text node: bytes in text */
    ht_attr *attrs;   /* element: the attributes kept (see htmltree.c) */
    unsigned id;      /* 0..n_nodes-1, in document order */
    unsigned short tag;
    unsigned char type;
} ht_node;

typedef struct ht_doc {
    arena arena;     /* owns the nodes, attributes and decoded text */
    ht_node *root;   /* the document node */
    unsigned n_nodes;
} ht_doc;

/* Parses len bytes of a page; charset is the HTTP header's or NULL.
 * returns: NP_OK with doc filled (free with ht_free even on failure),
 * NP_ENOMEM; data must outlive doc (text nodes point into it). */
np_status ht_parse(ht_doc *doc, const char *data, size_t len, const char *charset);
void ht_free(ht_doc *doc);

/* returns: the attribute's value, borrowed from doc, or NULL */
const char *ht_attr_get(const ht_node *n, const char *name);
/* Takes n out of the tree (its memory stays with the arena). */
void ht_unlink(ht_node *n);

#endif
