/*
 * id: the rule for an article id, one for every way an article comes in
 * (the reader's inputs, serve's POST /api/articles), and the name a
 * message gives the input it came from, or the compression it holds.
 */
#ifndef NP_ID_H
#define NP_ID_H

#include <stddef.h>
#include <stdint.h>

#include "newsprint.h"

typedef enum id_check { ID_OK, ID_LENGTH, ID_CONTROL, ID_BLANK } id_check;

/* ID_LENGTH when id[0..len) is empty or over NP_MAX_ID_BYTES, ID_CONTROL
 * when it holds a control character (below 0x20), ID_BLANK when it
 * is only spaces (ASCII, no-break and the other Unicode spaces, zero-width
 * ones): an id a reader cannot see or type.  Else ID_OK; spaces around
 * other characters are kept, as part of the id. */
id_check id_check_of(const char *id, size_t len);
/* 1 when id[0..len) is empty or only spaces (as for ID_BLANK). */
int id_is_blank(const char *id, size_t len);
/* 1 when text[0..len) is empty or only those spaces and line breaks
 * (tab, line feed, vertical tab, form feed, carriage return): a record
 * or POST of such a text holds no article. */
int text_is_blank(const char *text, size_t len);

/* Of the records the reader skips for a duplicate id, the first
 * READER_DUPLICATES_NAMED are to be named on stderr (np_reader_errmsg) and
 * the later ones counted: reader_failure_unnamed is 1 when the last
 * failure is one of those; reader_duplicates counts them all. */
enum { READER_DUPLICATES_NAMED = 5 };
uint64_t reader_duplicates(const np_reader *r);
/* Of the JSONL records skipped for no "text", "html" or "markdown" string
 * (every line of a file of other records), likewise: the first
 * READER_NO_TEXT_NAMED named, the later ones unnamed failures, counted by
 * reader_no_text. */
enum { READER_NO_TEXT_NAMED = 5 };
uint64_t reader_no_text(const np_reader *r);

/* The compressed data other than gzip (bzip2, xz, zstd) or the archive
 * (zip, 7-Zip) that bytes[0..n) open, named for a message ("bzip2-compressed
 * data"), or NULL.  returns: a static string */
const char *input_compression(const void *bytes, size_t n);

/* An input as messages name it: "standard input" for "-" (an np_record's
 * path for standard input) or NULL, else the path itself.  returns: path
 * or a static string */
const char *input_name(const char *path);
int reader_failure_unnamed(const np_reader *r);
/* Of the .json files a directory walk skips (an array, an object over
 * several lines, one whose first line is an object with no "text" or
 * "html" string: package.json, tsconfig.json in a project's folder), the
 * first is named and the others are unnamed failures, each a line of
 * noise: returns how many those are, *names the first WALK_JSON_LISTED of
 * them ("a/x.json, b/y.json"; borrowed), *kinds which WALK_JSON_* they are. */
enum { WALK_JSON_LISTED = 3 };
enum { WALK_JSON_SHAPE = 1, WALK_JSON_NO_TEXT = 2 };
uint64_t reader_walk_json_unnamed(const np_reader *r, const char **names, unsigned *kinds);
/* The files a directory walk passed over as no articles by their names
 * (an extension other than an article file's, or a project's file:
 * LICENSE, README.txt): returns how many, *names the first
 * WALK_PASSED_LISTED of them (borrowed). */
enum { WALK_PASSED_LISTED = 3 };
uint64_t reader_walk_passed_over(const np_reader *r, const char **names);
/* Of the record np_reader_next returned last: its JSONL title, url or
 * source fields not read, and why ('"title" (an array)'), or NULL. */
const char *reader_fields_unread(const np_reader *r);

#endif
