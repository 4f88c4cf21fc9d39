/*
 * sniff: what a text input's first bytes say it holds (sniff.c).
 * Internal to the reader.
 */
#ifndef NP_SNIFF_H
#define NP_SNIFF_H

#include <stddef.h>

/* 1 when text starts as a web page does: '<!DOCTYPE html' or '<html'
 * (either case), after blanks, a UTF-8 byte-order mark, an XML
 * declaration and comments. */
int sniff_html(const char *text, size_t len);
/* 1 when t opens with a YAML front matter ("---", then a line "---" or
 * "..." closing it in its first 4 KiB), as a Markdown file does. */
int sniff_front_matter(const char *t, size_t len);

#endif
