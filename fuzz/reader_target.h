/*
 * reader_target: a reader of files, then the cleaner, over arbitrary bytes
 * -- the body of fuzz_jsonl.c and fuzz_warc.c, which define
 * INPUT_EXTENSION (".jsonl", ".warc") before including it.
 *
 * The bytes are written to one file per process, /tmp/np-fuzz-<pid> plus
 * the extension (the reader takes paths, and the name selects the format
 * as the CLI would), removed again after each input, and an np_reader is
 * drained over it with np_clean on each record.  Checked: a record's
 * fields respect the documented caps and are valid UTF-8; every skip names
 * the file; the reader ends, having returned no more records than the
 * input has lines; every cleaned article meets fuzz/invariants.h; and
 * np_reader_skip passes over as many records as np_reader_next counts.
 * A target may also define INPUT_CHECK, a function of (data, size) called
 * on each input first, and INPUT_LINES, one that gives the most lines the
 * reader can read in the input when they are more than its newlines (a
 * gzip-compressed input's).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsprint.h"
#include "invariants.h"

#ifndef INPUT_EXTENSION
#error "define INPUT_EXTENSION before including reader_target.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char input_path[64];

static void write_input(const uint8_t *data, size_t size)
{
    /* set per input: the replay driver runs the inputs in a forked child */
    snprintf(input_path, sizeof input_path, "/tmp/np-fuzz-%ld%s", (long)getpid(), INPUT_EXTENSION);
    FILE *f = fopen(input_path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(input_path);
        abort();
    }
}

static void check_field(const char *name, const char *value)
{
    if (!value)
        return;
    if (strlen(value) > NP_MAX_FIELD_BYTES)
        fuzz_violated("record %s is over NP_MAX_FIELD_BYTES (%zu bytes)", name, strlen(value));
    fuzz_check_string(name, 0, value);
}

static void check_record(const np_record *r, uint64_t lines)
{
    if (!r)
        fuzz_violated("np_reader_next returned NP_OK and no record");
    if (!r->id || !*r->id)
        fuzz_violated("record without an id");
    /* ids given in the JSON are capped; made-up ones are "<stem>:<line>" */
    if (strlen(r->id) > NP_MAX_ID_BYTES)
        fuzz_violated("record id over NP_MAX_ID_BYTES: %zu bytes", strlen(r->id));
    fuzz_check_string("id", 0, r->id);
    for (const char *p = r->id; *p; p++)
        if ((unsigned char)*p < 0x20)
            fuzz_violated("record id has control byte 0x%02x", (unsigned char)*p);
    if (!r->text && r->text_len)
        fuzz_violated("record text NULL with length %zu", r->text_len);
    if (r->text_len > NP_MAX_RECORD_BYTES)
        fuzz_violated("record text over NP_MAX_RECORD_BYTES");
    check_field("title", r->title);
    check_field("date", r->date);
    check_field("url", r->url);
    check_field("source", r->source);
    if (!r->path || strcmp(r->path, input_path) != 0)
        fuzz_violated("record path \"%s\" is not the input's", r->path ? r->path : "(null)");
    if (r->line < 1 || r->line > lines)
        fuzz_violated("record line %llu outside 1..%llu", (unsigned long long)r->line,
                      (unsigned long long)lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#ifdef INPUT_CHECK
    INPUT_CHECK(data, size);
#endif
    write_input(data, size);
#ifdef INPUT_LINES
    uint64_t lines = INPUT_LINES(data, size);
#else
    uint64_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
#endif

    const char *inputs[] = { input_path };
    np_reader *reader = NULL;
    np_cleaner *cleaner = NULL;
    if (np_reader_open(&reader, inputs, 1, NP_FORMAT_AUTO, NULL) != NP_OK ||
        np_cleaner_new(&cleaner, NULL) != NP_OK)
        abort();
    np_cleaner_explain(cleaner, 1); /* the line invariants need every line */
    uint64_t records = 0, skipped = 0, calls = 0;
    for (;;) {
        if (++calls > lines + 1)
            fuzz_violated("np_reader_next called %llu times over %llu lines without NP_DONE",
                          (unsigned long long)calls, (unsigned long long)lines);
        const np_record *record = NULL;
        np_status st = np_reader_next(reader, &record);
        if (st == NP_DONE)
            break;
        if (st != NP_OK) {
            if (st != NP_EINPUT)
                fuzz_violated("np_reader_next failed with \"%s\": %s", np_strerror(st),
                              np_errmsg(reader));
            fuzz_check_errmsg("np_reader_next", np_errmsg(reader), input_path);
            skipped++;
            continue;
        }
        records++;
        check_record(record, lines);
        const np_article *article = NULL;
        st = np_clean(cleaner, record, &article);
        if (st == NP_OK)
            fuzz_check_article(record, article);
        else if (st == NP_EINPUT)
            fuzz_check_errmsg("np_clean", np_errmsg(cleaner), input_path);
        else
            fuzz_violated("np_clean failed with \"%s\": %s", np_strerror(st), np_errmsg(cleaner));
    }
    uint64_t counted_records, counted_skipped;
    np_reader_counts(reader, &counted_records, &counted_skipped);
    if (counted_records != records || counted_skipped != skipped)
        fuzz_violated("np_reader_counts says %llu records, %llu skipped; saw %llu and %llu",
                      (unsigned long long)counted_records, (unsigned long long)counted_skipped,
                      (unsigned long long)records, (unsigned long long)skipped);
    np_cleaner_free(cleaner);
    np_reader_free(reader);
    /* np_reader_skip passes over as many records as np_reader_next returns
     * or skips (a staged run's --records ranges count on it) */
    if (np_reader_open(&reader, inputs, 1, NP_FORMAT_AUTO, NULL) != NP_OK)
        abort();
    uint64_t passed = 0;
    while (np_reader_skip(reader) != NP_DONE)
        if (++passed > records + skipped)
            break;
    if (passed != records + skipped)
        fuzz_violated("np_reader_skip passed %llu records; np_reader_next saw %llu",
                      (unsigned long long)passed, (unsigned long long)(records + skipped));
    np_reader_free(reader);
    unlink(input_path);
    return 0;
}
