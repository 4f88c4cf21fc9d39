/*
 * fuzz_clean: np_clean over arbitrary bytes.
 *
 * Input layout, readable so seeds can be written by hand: fuzz/fields.h's
 * header lines, then the article text, passed as pointer + length and
 * running to the end of libFuzzer's buffer so an over-read is caught.  The record is cleaned, then a variant without metadata, then
 * the record again: the first and last results must be identical
 * (np_clean keeps no state between articles), and every result must meet
 * fuzz/invariants.h; then the same bytes read as Markdown, twice.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsprint.h"
#include "fields.h"
#include "invariants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The whole article as one string, to compare two np_clean results. */
static char *describe(const np_article *a)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f)
        abort();
    fprintf(f, "id=%s\ntitle=%s\ndate=%s\nsource=%s\nurl=%s\nlang=%s\n", a->id,
            a->title ? a->title : "(null)", a->date ? a->date : "(null)",
            a->source ? a->source : "(null)", a->url ? a->url : "(null)", a->lang);
    fprintf(f, "words=%zu removed=%zu repaired=%d\n", a->words, a->removed_lines, a->repaired);
    for (size_t i = 0; i < a->n_attribution; i++)
        fprintf(f, "by=%s\n", a->attribution[i]);
    for (size_t i = 0; i < a->n_paragraphs; i++)
        fprintf(f, "p=%s\n", a->paragraphs[i]);
    for (size_t i = 0; i < a->n_lines; i++)
        fprintf(f, "%s|%s\n", a->lines[i].kind, a->lines[i].text);
    if (fclose(f) != 0)
        abort();
    return out;
}

/* Cleans one record; returns the description of the result (or of the
 * failure) and checks the invariants on the way. */
static char *clean_once(np_cleaner *cleaner, const np_record *record)
{
    const np_article *article = NULL;
    np_status st = np_clean(cleaner, record, &article);
    if (st == NP_OK) {
        fuzz_check_article(record, article);
        return describe(article);
    }
    if (st != NP_EINPUT)
        fuzz_violated("np_clean failed with \"%s\" (only binary input may fail): %s",
                      np_strerror(st), np_errmsg(cleaner));
    if (article)
        fuzz_violated("np_clean failed and still set an article");
    fuzz_check_errmsg("np_clean", np_errmsg(cleaner), record->path);
    char *failed = malloc(64);
    if (!failed)
        abort();
    snprintf(failed, 64, "failed: %s", np_strerror(st));
    return failed;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *fields[N_FIELDS] = { NULL };
    size_t header = take_fields(data, size, fields);
    np_record record = {
        .id = "fuzz-article",
        .text = (const char *)data + header,
        .text_len = size - header,
        .title = fields[FIELD_TITLE],
        .date = fields[FIELD_DATE],
        .url = fields[FIELD_URL],
        .source = fields[FIELD_SOURCE],
        .path = "fuzz/article.txt",
        .line = 0,
    };
    np_record bare = record;
    bare.title = bare.date = bare.url = bare.source = NULL;
    bare.id = "fuzz-bare";

    np_cleaner *cleaner = NULL;
    if (np_cleaner_new(&cleaner, NULL) != NP_OK)
        abort();
    np_cleaner_explain(cleaner, 1); /* the line invariants need every line */
    char *first = clean_once(cleaner, &record);
    free(clean_once(cleaner, &bare));
    char *again = clean_once(cleaner, &record);
    if (strcmp(first, again) != 0)
        fuzz_violated("cleaning the same record twice differed:\n--- first\n%s--- again\n%s",
                      first, again);
    free(first);
    free(again);
    /* the same bytes read as Markdown (front matter, cmark's page) */
    np_record markdown = record;
    markdown.markdown = 1;
    markdown.path = "fuzz/article.md";
    first = clean_once(cleaner, &markdown);
    again = clean_once(cleaner, &markdown);
    if (strcmp(first, again) != 0)
        fuzz_violated("cleaning the same Markdown twice differed:\n--- first\n%s--- again\n%s", first, again);
    free(first);
    free(again);
    np_cleaner_free(cleaner);
    for (int k = 0; k < N_FIELDS; k++)
        free(fields[k]);
    return 0;
}
