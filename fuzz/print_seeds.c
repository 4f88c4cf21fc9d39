/*
 * print_seeds: fuzz_print's named seeds, made by this build.
 *
 *   print_seeds [--copies-only] OUT INPUT...
 *
 * Cleans and fingerprints every record of the inputs as `newsprint sign`
 * does and writes the prints to OUT joined by fuzz_print's marker, so that
 * the fuzzer starts from prints the engine accepts (seeds of an older print
 * layout reach only the shape check's refusal).  `make fuzz-print-seeds`
 * remakes the seeds of fuzz/corpus/fuzz_print from examples/; the unit test
 * fuzz_print_seeds_accepted fails when they are stale.
 */
#include <stdio.h>
#include <string.h>

#include "newsprint.h"

static const unsigned char marker[4] = { 0xFF, 0xFE, 0xFD, 0xFC };

/* returns: 0, or 1 after saying what failed */
static int write_prints(FILE *out, np_reader *reader, np_cleaner *cleaner, np_fingerprinter *fingerprinter)
{
    const np_record *record;
    np_status st;
    size_t written = 0;
    while ((st = np_reader_next(reader, &record)) != NP_DONE) {
        const np_article *article;
        const void *data;
        size_t size;
        if (st != NP_OK || np_clean(cleaner, record, &article) != NP_OK ||
            np_fingerprint(fingerprinter, article, &data, &size) != NP_OK) {
            fprintf(stderr, "print_seeds: a record could not be read, cleaned or fingerprinted\n");
            return 1;
        }
        if ((written++ && fwrite(marker, 1, sizeof marker, out) != sizeof marker) ||
            fwrite(data, 1, size, out) != size) {
            fprintf(stderr, "print_seeds: write failed\n");
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    int copies_only = argc > 1 && strcmp(argv[1], "--copies-only") == 0;
    if (argc < 3 + copies_only) {
        fprintf(stderr, "usage: print_seeds [--copies-only] OUT INPUT...\n");
        return 2;
    }
    const char *output = argv[1 + copies_only];
    np_reader *reader = NULL;
    np_cleaner *cleaner = NULL;
    np_fingerprinter *fingerprinter = NULL;
    int failed = np_reader_open(&reader, (const char *const *)argv + 2 + copies_only,
                                (size_t)(argc - 2 - copies_only), NP_FORMAT_AUTO, NULL) != NP_OK ||
                 np_cleaner_new(&cleaner, NULL) != NP_OK || np_fingerprinter_new(&fingerprinter, NULL) != NP_OK ||
                 (copies_only && np_fingerprinter_copies_only(fingerprinter) != NP_OK);
    FILE *out = failed ? NULL : fopen(output, "wb");
    if (failed || !out)
        fprintf(stderr, "print_seeds: cannot start %s\n", output);
    else
        failed = write_prints(out, reader, cleaner, fingerprinter);
    if (out && fclose(out) != 0)
        failed = 1;
    np_reader_free(reader);
    np_cleaner_free(cleaner);
    np_fingerprinter_free(fingerprinter);
    return failed || !out ? 1 : 0;
}
