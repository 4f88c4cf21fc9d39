/*
 * inputname: what an input's path says it holds, by its name alone
 * (inputname.c).  Paths are NUL-ended; nothing is opened.
 */
#ifndef NP_INPUTNAME_H
#define NP_INPUTNAME_H

#include <stddef.h>

/* The last component of path.  returns: borrowed from path */
const char *inputname_base(const char *path);
/* 1 when base[0..len) ends in ".gz". */
int inputname_is_gz(const char *base, size_t len);
/* The extension of path's name with its dot, *len its bytes: the one
 * before ".gz" when the name ends so, "" (*len 0) when there is none (a
 * leading dot is a hidden name's, not an extension).  returns: borrowed
 * from path, or a static "" */
const char *inputname_extension(const char *path, size_t *len);
/* 1 when path's extension (as inputname_extension) is ext (".txt"). */
int inputname_has_extension(const char *path, const char *ext);
/* .html or .htm; .md or .markdown; .warc or .warc.gz; .jsonl or .ndjson
 * (each but WARC plain or gzip). */
int inputname_is_html(const char *path);
int inputname_is_markdown(const char *path);
int inputname_is_warc(const char *path);
int inputname_is_jsonl(const char *path);
/* 1 when a directory walk reads the file at path as articles: text,
 * JSONL, .json, HTML, WARC, and names without an extension, but not a
 * project's LICENSE, README and the like, nor Markdown (a folder's notes
 * as often as its articles). */
int inputname_is_article(const char *path);
/* 1 when s holds a pattern's characters (*, ?, [). */
int inputname_has_glob(const char *s);

#endif
