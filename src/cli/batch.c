/*
 * batch: cleaning records on several threads with output in input order.
 *
 * The reader is sequential, so the main thread reads a batch of records
 * (copying each, since a record is only borrowed until the next read),
 * then every thread -- the main one included -- cleans and formats a fixed
 * share of the batch (record i goes to thread i mod n) with a cleaner of
 * its own, and the main thread writes the results in input order.  The
 * output is therefore the same bytes whatever the thread count.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

enum { BATCH = 256 };

typedef struct job {
    np_record record;   /* pointers into store */
    buf store;          /* owns the record's bytes */
    buf out;            /* the formatted article */
    char error[1100];   /* why it was skipped, if it was */
    int failed;
} job;

typedef struct worker {
    batch_cleaner *owner;
    np_cleaner *cleaner;
    size_t index;
    pthread_t thread;
} worker;

struct batch_cleaner {
    job jobs[BATCH];
    size_t n_jobs;
    worker *workers;
    size_t n_workers;
    batch_format_fn format;
    void *format_arg;
};

static np_status copy_field(buf *store, const char *s, size_t len, size_t *at)
{
    *at = (size_t)-1;
    if (!s)
        return NP_OK;
    *at = store->len;
    np_status st = buf_append(store, s, len);
    if (st == NP_OK)
        st = buf_putc(store, '\0');
    return st;
}

/* Copies a borrowed record into a job. */
static np_status take_record(job *j, const np_record *r)
{
    size_t at[8];
    buf_clear(&j->store);
    np_status st = copy_field(&j->store, r->id, strlen(r->id), &at[0]);
    if (st == NP_OK)
        st = copy_field(&j->store, r->text ? r->text : "", r->text_len, &at[1]);
    if (st == NP_OK)
        st = copy_field(&j->store, r->title, r->title ? strlen(r->title) : 0, &at[2]);
    if (st == NP_OK)
        st = copy_field(&j->store, r->date, r->date ? strlen(r->date) : 0, &at[3]);
    if (st == NP_OK)
        st = copy_field(&j->store, r->url, r->url ? strlen(r->url) : 0, &at[4]);
    if (st == NP_OK)
        st = copy_field(&j->store, r->source, r->source ? strlen(r->source) : 0, &at[5]);
    if (st == NP_OK)
        st = copy_field(&j->store, r->path, r->path ? strlen(r->path) : 0, &at[6]);
    if (st == NP_OK)
        st = copy_field(&j->store, r->charset, r->charset ? strlen(r->charset) : 0, &at[7]);
    if (st != NP_OK)
        return st;
    const char *base = j->store.data;
#define FIELD(k) (at[k] == (size_t)-1 ? NULL : base + at[k])
    j->record = (np_record){ FIELD(0), FIELD(1), r->text_len, FIELD(2), FIELD(3), FIELD(4),
                             FIELD(5), FIELD(6), r->line, r->html, FIELD(7) };
#undef FIELD
    return NP_OK;
}

static void *work(void *arg)
{
    worker *w = arg;
    batch_cleaner *b = w->owner;
    for (size_t i = w->index; i < b->n_jobs; i += b->n_workers) {
        job *j = &b->jobs[i];
        const np_article *a;
        buf_clear(&j->out);
        j->failed = 0;
        if (np_clean(w->cleaner, &j->record, &a) != NP_OK) {
            snprintf(j->error, sizeof j->error, "%s", np_errmsg(w->cleaner));
            j->failed = 1;
        } else if (b->format(&j->out, a, b->format_arg) != NP_OK) {
            snprintf(j->error, sizeof j->error, "%s: out of memory writing article", a->id);
            j->failed = 1;
        }
    }
    return NULL;
}

np_status batch_new(batch_cleaner **out, size_t threads, int explain, batch_format_fn format,
                    void *format_arg)
{
    *out = NULL;
    if (threads < 1)
        threads = 1;
    batch_cleaner *b = calloc(1, sizeof *b);
    if (!b)
        return NP_ENOMEM;
    b->format = format;
    b->format_arg = format_arg;
    b->workers = calloc(threads, sizeof *b->workers);
    if (!b->workers) {
        free(b);
        return NP_ENOMEM;
    }
    b->n_workers = threads;
    for (size_t i = 0; i < BATCH; i++) {
        buf_init(&b->jobs[i].store, NULL);
        buf_init(&b->jobs[i].out, NULL);
    }
    for (size_t w = 0; w < threads; w++) {
        b->workers[w] = (worker){ .owner = b, .index = w };
        if (np_cleaner_new(&b->workers[w].cleaner, NULL) != NP_OK) {
            batch_free(b);
            return NP_ENOMEM;
        }
        np_cleaner_explain(b->workers[w].cleaner, explain);
    }
    *out = b;
    return NP_OK;
}

void batch_free(batch_cleaner *b)
{
    if (!b)
        return;
    for (size_t w = 0; w < b->n_workers; w++)
        np_cleaner_free(b->workers[w].cleaner);
    for (size_t i = 0; i < BATCH; i++) {
        buf_free(&b->jobs[i].store);
        buf_free(&b->jobs[i].out);
    }
    free(b->workers);
    free(b);
}

/* Cleans the jobs of the batch on every worker; the main thread is worker 0. */
static void run_batch(batch_cleaner *b)
{
    size_t started = 0;
    for (size_t w = 1; w < b->n_workers && w < b->n_jobs; w++) {
        if (pthread_create(&b->workers[w].thread, NULL, work, &b->workers[w]) != 0)
            break; /* fewer threads: worker 0 takes the rest below */
        started = w;
    }
    work(&b->workers[0]);
    for (size_t w = 1; w <= started; w++)
        pthread_join(b->workers[w].thread, NULL);
    /* shares whose thread could not start are done here, in order */
    for (size_t w = started + 1; w < b->n_workers && w < b->n_jobs; w++)
        work(&b->workers[w]);
}

int batch_run(batch_cleaner *b, np_reader *reader, batch_emit_fn emit, void *emit_arg,
              unsigned long long *skipped, progress *bar)
{
    for (;;) {
        b->n_jobs = 0;
        int done = 0;
        while (b->n_jobs < BATCH) {
            const np_record *rec;
            np_status st = np_reader_next(reader, &rec);
            if (st == NP_DONE) {
                done = 1;
                break;
            }
            if (st != NP_OK) {
                cli_problem("%s", np_errmsg(reader));
                (*skipped)++;
                continue;
            }
            if (take_record(&b->jobs[b->n_jobs], rec) != NP_OK) {
                cli_problem("%s: out of memory reading the record", rec->id);
                (*skipped)++;
                continue;
            }
            b->n_jobs++;
        }
        run_batch(b);
        for (size_t i = 0; i < b->n_jobs; i++) {
            progress_tick(bar);
            if (b->jobs[i].failed) {
                cli_problem("%s", b->jobs[i].error);
                (*skipped)++;
                continue;
            }
            if (emit(&b->jobs[i].out, emit_arg) != 0)
                return -1;
        }
        if (done)
            return 0;
    }
}
