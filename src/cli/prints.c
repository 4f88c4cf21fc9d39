/* prints: inputs read, cleaned and fingerprinted on a worker pool, the
 * fingerprints handed on in input order (cluster, sign). */
#include <stdlib.h>

#include "cli/cli.h"
#include "cluster/engine.h"

typedef struct print_job {
    np_fingerprinter **printers;   /* one per worker */
    print_emit_fn emit;
    void *arg;
} print_job;

/* The print made in the worker's buffer is exchanged with the job's, not
 * copied into it. */
static np_status fingerprint_article(buf *out, const np_article *a, size_t worker, void *arg)
{
    print_job *job = arg;
    return fingerprint_into(job->printers[worker], a, out);
}

/* Only fingerprint_article fills the batch's job buffers, so what they
 * hold is an own_print. */
static int emit_print(const buf *print, void *arg)
{
    print_job *job = arg;
    return job->emit(&(own_print){ print->data, print->len }, job->arg);
}

int cli_fingerprint_inputs(np_reader *reader, size_t threads, uint64_t from, uint64_t to, print_kind kind,
                           print_emit_fn emit, void *arg, unsigned long long *skipped, progress *bar)
{
    np_fingerprinter **printers = calloc(threads, sizeof *printers);
    print_job job = { printers, emit, arg };
    batch_cleaner *batch = NULL;
    int rc = -1;
    if (!printers)
        goto done;
    for (size_t w = 0; w < threads; w++) {
        if (np_fingerprinter_new(&printers[w], NULL) != NP_OK ||
            (kind == PRINTS_COPIES_ONLY && np_fingerprinter_copies_only(printers[w]) != NP_OK) ||
            (kind == PRINTS_NO_REWRITES && np_fingerprinter_no_rewrites(printers[w]) != NP_OK))
            goto done;
        fingerprinter_without_forms(printers[w], kind == PRINTS_WITHOUT_FORMS);
    }
    if (batch_new(&batch, threads, 0, fingerprint_article, &job) != NP_OK)
        goto done;
    batch_share_words(batch, printers);
    batch_range(batch, from, to);
    rc = batch_run(batch, reader, emit_print, &job, skipped, bar) != 0 ? -1 : 0;
done:
    if (!printers || !batch)
        cli_problem("out of memory");
    batch_free(batch);
    for (size_t w = 0; printers && w < threads; w++)
        np_fingerprinter_free(printers[w]);
    free(printers);
    return rc;
}
