/*
 * html: the article's text and metadata out of a web page.
 *
 * The page's text comes back as paragraphs separated by blank lines, ready
 * for the plain-text cleaner; title, date and site name come from the
 * page's metadata when it has them.  The tree (htmltree.h) lives in an
 * arena and this module's scratch arrays use malloc, all outside
 * np_allocator; everything is freed before html_extract returns, except
 * the page, freed by html_page_free.
 */
#ifndef NP_HTML_H
#define NP_HTML_H

#include "common/buf.h"

typedef struct html_page {
    buf text;      /* owned: the body, paragraphs separated by "\n\n" */
    char *title;   /* owned (free), NULL if none */
    char *date;    /* owned, as the page writes it (ISO 8601 usually) */
    char *site;    /* owned: og:site_name */
    char *url;     /* owned: its canonical link's or og:url's address (http or https) */
} html_page;

/* returns: NP_OK with *out filled (free with html_page_free), NP_EINPUT
 * for a page over 2 GB, NP_ENOMEM */
np_status html_extract(const char *data, size_t len, const char *charset, html_page *out);
void html_page_free(html_page *p);

#endif
