/*
 * batch: cleaning records on several threads with output in input order.
 *
 * The reader is sequential, so the main thread reads records in batches
 * (copying each, since a record is only borrowed until the next read) into
 * a ring of RING batches.  Worker threads take the jobs of the submitted
 * batches, oldest first, each cleaning and formatting with a cleaner of its
 * own; the main thread reads the next batch meanwhile, and while it waits
 * for the oldest batch to finish it takes jobs itself.  Finished batches
 * are emitted in input order, so the output is the same bytes whatever the
 * thread count or whichever thread did a job.  With one thread there are
 * no workers: the main thread does every job.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cluster/engine.h"
#include "common/parallel.h"
#include "ingest/id.h"
#include "text/clean.h"

/* Without workers a batch is ALONE_BATCH records: each record's copy and
 * print are still in the cache when it is cleaned and emitted (128 records
 * of a few kilobytes each, in and out, are not). */
enum { BATCH = 128, RING = 4, ALONE_BATCH = 8 };

/* Articles whose date field newsprint does not read are named, the first
 * DATE_WARNINGS of them; the rest are counted at the end.  So are those
 * with a title, url or source field not read (reader_fields_unread). */
enum { DATE_WARNINGS = 5 };

/* Of the inputs refused as binary (a walk over a build or a folder of
 * images meets hundreds), the first BINARY_NAMED are named; the others are
 * counted at the end, the first BINARY_LISTED of them by their file. */
enum { BINARY_NAMED = 5, BINARY_LISTED = 3 };

typedef struct job {
    np_record record;   /* pointers into store */
    buf store;          /* owns the record's bytes */
    buf out;            /* the formatted article */
    char error[1100];   /* why it was skipped, if it was */
    char warning[800];  /* its date field that is not a date, when warned */
    char fields[900];   /* its title, url or source fields not read, or "" */
    int failed, warned;
    int no_text;        /* kept, but cleaning left it no word */
    int binary;         /* failed: refused as binary (cleaner_refused_binary) */
    int unread;         /* the reader skipped it: error says why, nothing to do */
    int unnamed;        /* ... for a duplicate id past those named: not said (reader_failure_unnamed) */
} job;

typedef struct batch {
    job jobs[BATCH];
    size_t n_jobs;
    size_t next;        /* the next job to take */
    size_t done;        /* jobs finished */
} batch;

typedef struct worker {
    batch_cleaner *owner;
    np_cleaner *cleaner;
    size_t index;       /* 0: the main thread */
    pthread_t thread;
} worker;

struct batch_cleaner {
    batch ring[RING];
    size_t submitted;   /* batches handed to the workers so far */
    size_t emitted;     /* batches emitted so far: ring[emitted % RING] is the oldest */
    worker *workers;
    size_t n_workers;
    size_t started;     /* worker threads running (workers[1..started]) */
    int stopping;
    pthread_mutex_t lock;
    pthread_cond_t work_ready; /* a job was submitted, or stopping */
    pthread_cond_t job_done;
    batch_format_fn format;
    void *format_arg;
    uint64_t position;  /* records the reader returned so far, skipped ones too */
    unsigned long long unread_dates; /* articles emitted with a date field not read */
    unsigned long long unread_fields; /* ... with a title, url or source field not read */
    unsigned long long binary;        /* records refused as binary */
    unsigned long long no_text;       /* articles cleaning left no word of */
    char binary_files[600];           /* the files of those past BINARY_NAMED, the first few */
    uint64_t from, to;  /* the records to take: [from, to) */
};

/* Copies a borrowed record into a job: its strings one after another,
 * each ended by a NUL, in room asked for once. */
static np_status take_record(job *j, const np_record *r)
{
    const char *from[8] = { r->id, r->text ? r->text : "", r->title, r->date, r->url, r->source, r->path, r->charset };
    size_t len[8], room = 0;
    for (int k = 0; k < 8; k++) {
        len[k] = !from[k] ? 0 : k == 1 ? r->text_len : strlen(from[k]);
        room += len[k] + 1;
    }
    buf_clear(&j->store);
    if (buf_reserve(&j->store, room) != NP_OK)
        return NP_ENOMEM;
    const char *field[8];
    char *to = j->store.data;
    for (int k = 0; k < 8; k++) {
        field[k] = from[k] ? to : NULL;
        if (!from[k])
            continue;
        memcpy(to, from[k], len[k]);
        to[len[k]] = '\0';
        to += len[k] + 1;
    }
    j->store.len = (size_t)(to - j->store.data);
    j->store.data[j->store.len] = '\0';
    j->record = (np_record){ field[0], field[1], r->text_len, field[2], field[3], field[4],
                             field[5], field[6], r->line, r->html, field[7], r->markdown, r->warc };
    return NP_OK;
}

static void do_job(batch_cleaner *b, worker *w, job *j)
{
    const np_article *a;
    buf_clear(&j->out);
    if (j->unread)
        return;
    j->failed = j->binary = 0;
    if (np_clean(w->cleaner, &j->record, &a) != NP_OK) {
        snprintf(j->error, sizeof j->error, "%s", np_errmsg(w->cleaner));
        j->failed = 1;
        j->binary = cleaner_refused_binary(w->cleaner);
    } else if (b->format(&j->out, a, w->index, b->format_arg) != NP_OK) {
        snprintf(j->error, sizeof j->error, "%s: out of memory writing article", a->id);
        j->failed = 1;
    }
    j->warned = !j->failed && a->date_unread;
    j->no_text = !j->failed && a->words == 0;
    if (j->warned)
        cli_note_date_unread(j->warning, sizeof j->warning, &j->record, a);
}

/* Under the lock: the oldest submitted batch with a job not yet taken. */
static batch *batch_with_work(batch_cleaner *b)
{
    for (size_t s = b->emitted; s < b->submitted; s++) {
        batch *t = &b->ring[s % RING];
        if (t->next < t->n_jobs)
            return t;
    }
    return NULL;
}

/* Under the lock: takes one job and does it without the lock. */
static void take_job(batch_cleaner *b, worker *w, batch *t)
{
    job *j = &t->jobs[t->next++];
    pthread_mutex_unlock(&b->lock);
    do_job(b, w, j);
    pthread_mutex_lock(&b->lock);
    if (++t->done == t->n_jobs)
        pthread_cond_signal(&b->job_done);
}

static void *work(void *arg)
{
    worker *w = arg;
    batch_cleaner *b = w->owner;
    pthread_mutex_lock(&b->lock);
    for (;;) {
        batch *t = batch_with_work(b);
        if (t)
            take_job(b, w, t);
        else if (b->stopping)
            break;
        else
            pthread_cond_wait(&b->work_ready, &b->lock);
    }
    pthread_mutex_unlock(&b->lock);
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
    b->to = UINT64_MAX;
    b->workers = calloc(threads, sizeof *b->workers);
    if (!b->workers) {
        free(b);
        return NP_ENOMEM;
    }
    b->n_workers = threads;
    for (size_t r = 0; r < RING; r++)
        for (size_t i = 0; i < BATCH; i++) {
            buf_init(&b->ring[r].jobs[i].store, NULL);
            buf_init(&b->ring[r].jobs[i].out, NULL);
        }
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->work_ready, NULL);
    pthread_cond_init(&b->job_done, NULL);
    for (size_t w = 0; w < threads; w++) {
        b->workers[w] = (worker){ .owner = b, .index = w };
        if (np_cleaner_new(&b->workers[w].cleaner, NULL) != NP_OK) {
            batch_free(b);
            return NP_ENOMEM;
        }
        np_cleaner_explain(b->workers[w].cleaner, explain);
    }
    /* threads that cannot start leave their share to the others */
    for (size_t w = 1; w < threads; w++) {
        if (parallel_thread_create(&b->workers[w].thread, work, &b->workers[w]) != 0)
            break;
        b->started = w;
    }
    *out = b;
    return NP_OK;
}

void batch_range(batch_cleaner *b, uint64_t from, uint64_t to)
{
    b->from = from;
    b->to = to;
}

void batch_share_words(batch_cleaner *b, np_fingerprinter *const *printers)
{
    for (size_t w = 0; w < b->n_workers; w++)
        fingerprinter_share_words(printers[w], cleaner_words(b->workers[w].cleaner));
}

void batch_free(batch_cleaner *b)
{
    if (!b)
        return;
    pthread_mutex_lock(&b->lock);
    b->stopping = 1;
    pthread_cond_broadcast(&b->work_ready);
    pthread_mutex_unlock(&b->lock);
    for (size_t w = 1; w <= b->started; w++)
        pthread_join(b->workers[w].thread, NULL);
    pthread_mutex_destroy(&b->lock);
    pthread_cond_destroy(&b->work_ready);
    pthread_cond_destroy(&b->job_done);
    for (size_t w = 0; w < b->n_workers; w++)
        np_cleaner_free(b->workers[w].cleaner);
    for (size_t r = 0; r < RING; r++)
        for (size_t i = 0; i < BATCH; i++) {
            buf_free(&b->ring[r].jobs[i].store);
            buf_free(&b->ring[r].jobs[i].out);
        }
    free(b->workers);
    free(b);
}

/* Reads up to BATCH records into t (ALONE_BATCH without workers); a
 * record the reader skipped is a job with its reason, reported in its
 * turn.  returns: 1 at the end of the input */
static int fill_batch(batch_cleaner *b, batch *t, np_reader *reader)
{
    size_t most = b->started ? BATCH : ALONE_BATCH;
    t->n_jobs = t->next = t->done = 0;
    while (t->n_jobs < most) {
        const np_record *rec;
        job *j = &t->jobs[t->n_jobs];
        if (b->position >= b->to)
            return 1;
        if (b->position < b->from) { /* before the range: passed over, undecoded */
            if (np_reader_skip(reader) == NP_DONE)
                return 1;
            b->position++;
            continue;
        }
        np_status st = np_reader_next(reader, &rec);
        /* a read a stop signal cut short: reading ends there, and the
         * signal's handler says why (add's), not the reader */
        if (st == NP_DONE || st == NP_EINTR)
            return 1;
        b->position++;
        j->unread = j->failed = 1;
        j->unnamed = st != NP_OK && reader_failure_unnamed(reader);
        if (st != NP_OK)
            snprintf(j->error, sizeof j->error, "%s", np_errmsg(reader));
        else if (take_record(j, rec) != NP_OK)
            snprintf(j->error, sizeof j->error, "%s: out of memory reading the record", rec->id);
        else
            j->unread = j->failed = 0;
        const char *unread = st == NP_OK ? reader_fields_unread(reader) : NULL;
        j->fields[0] = '\0';
        if (unread)
            cli_note_fields_unread(j->fields, sizeof j->fields, rec, unread);
        t->n_jobs++;
    }
    return 0;
}

/* A record refused as binary past those named: its file listed, if among
 * the first. */
static void note_binary(batch_cleaner *b, const np_record *r)
{
    size_t len = strlen(b->binary_files);
    if (b->binary > BINARY_NAMED + BINARY_LISTED)
        return;
    if (r->line) /* a JSONL line or a crawl's record */
        snprintf(b->binary_files + len, sizeof b->binary_files - len, r->warc ? "%s%.180s record %llu" : "%s%.180s:%llu",
                 len ? ", " : "", input_name(r->path), (unsigned long long)r->line);
    else
        snprintf(b->binary_files + len, sizeof b->binary_files - len, "%s%.180s", len ? ", " : "",
                 r->path ? r->path : r->id);
}

/* Waits for the oldest batch, doing jobs meanwhile, then emits it.
 * returns: 0, or -1 when emit failed */
static int finish_oldest(batch_cleaner *b, batch_emit_fn emit, void *emit_arg,
                         unsigned long long *skipped, progress *bar)
{
    batch *t = &b->ring[b->emitted % RING];
    pthread_mutex_lock(&b->lock);
    while (t->done < t->n_jobs) {
        batch *w = batch_with_work(b);
        if (w)
            take_job(b, &b->workers[0], w);
        else
            pthread_cond_wait(&b->job_done, &b->lock);
    }
    pthread_mutex_unlock(&b->lock);
    int rc = 0;
    for (size_t i = 0; i < t->n_jobs && rc == 0; i++) {
        if (!t->jobs[i].unread)
            progress_tick(bar);
        if (t->jobs[i].failed) {
            if (t->jobs[i].binary && b->binary++ >= BINARY_NAMED) /* counted, the first few listed */
                note_binary(b, &t->jobs[i].record);
            else if (!t->jobs[i].unnamed) /* a duplicate id past those named is counted */
                cli_problem("%s", t->jobs[i].error);
            (*skipped)++;
            continue;
        }
        if (t->jobs[i].warned && b->unread_dates++ < DATE_WARNINGS)
            cli_problem("%s", t->jobs[i].warning);
        if (t->jobs[i].fields[0] && b->unread_fields++ < DATE_WARNINGS)
            cli_problem("%s", t->jobs[i].fields);
        if (t->jobs[i].no_text && b->no_text++ < DATE_WARNINGS)
            cli_note_no_text(&t->jobs[i].record, "kept as an article of no word");
        rc = emit(&t->jobs[i].out, emit_arg);
    }
    /* the emitted count moves under the lock: workers scan from it */
    pthread_mutex_lock(&b->lock);
    b->emitted++;
    pthread_mutex_unlock(&b->lock);
    return rc ? -1 : 0;
}

int batch_run(batch_cleaner *b, np_reader *reader, batch_emit_fn emit, void *emit_arg,
              unsigned long long *skipped, progress *bar)
{
    int done = 0;
    while (!done) {
        /* without workers, batches are done one at a time */
        size_t depth = b->started ? RING : 1;
        if (b->submitted - b->emitted == depth &&
            finish_oldest(b, emit, emit_arg, skipped, bar) != 0)
            return -1;
        batch *t = &b->ring[b->submitted % RING];
        done = fill_batch(b, t, reader);
        pthread_mutex_lock(&b->lock);
        b->submitted++;
        pthread_cond_broadcast(&b->work_ready);
        pthread_mutex_unlock(&b->lock);
    }
    while (b->emitted < b->submitted)
        if (finish_oldest(b, emit, emit_arg, skipped, bar) != 0)
            return -1;
    if (b->unread_dates > DATE_WARNINGS)
        cli_problem("%llu more articles have a date field newsprint does not read; each is dated from "
                    "its text, if at all", b->unread_dates - DATE_WARNINGS);
    if (b->unread_fields > DATE_WARNINGS)
        cli_problem("%llu more articles have a title, url or source field newsprint does not read",
                    b->unread_fields - DATE_WARNINGS);
    if (b->no_text > DATE_WARNINGS)
        cli_problem("%llu more articles have no text left after cleaning, each kept as an article of no word",
                    b->no_text - DATE_WARNINGS);
    if (b->binary > BINARY_NAMED) {
        unsigned long long more = b->binary - BINARY_NAMED;
        char rest[40] = "";
        if (more > BINARY_LISTED)
            snprintf(rest, sizeof rest, " and %llu more", more - BINARY_LISTED);
        cli_problem("%llu more record%s skipped as binary (NUL or control bytes, or gzip data): %s%s", more,
                    more == 1 ? "" : "s", b->binary_files, rest);
    }
    return 0;
}
