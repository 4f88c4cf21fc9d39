/*
 * html: the article's text and metadata out of a web page (libxml2).
 *
 * The page's text comes back as paragraphs separated by blank lines, ready
 * for the plain-text cleaner; title, date and site name come from the
 * page's metadata when it has them.  libxml2 allocates the tree with its
 * own allocator (outside np_allocator), and this module's small scratch
 * arrays use malloc; everything is freed before html_extract returns,
 * except the page, freed by html_page_free.
 */
#ifndef NP_HTML_H
#define NP_HTML_H

#include "common/buf.h"

/* Deeper nesting is cut off rather than walked (100k-level pages exist). */
#define HTML_MAX_DEPTH 512

typedef struct html_page {
    buf text;      /* owned: the body, paragraphs separated by "\n\n" */
    char *title;   /* owned (xmlFree), NULL if none */
    char *date;    /* owned, as the page writes it (ISO 8601 usually) */
    char *site;    /* owned: og:site_name */
} html_page;

/* returns: NP_OK with *out filled (free with html_page_free), NP_EINPUT
 * when libxml2 finds no document at all */
np_status html_extract(const char *data, size_t len, const char *charset, html_page *out);
void html_page_free(html_page *p);

#endif
