/* post: the server's POSTs, an article to store (POST /api/articles) or to
 * measure against the stored ones (POST /api/similar), answered on a thread
 * of their own over a store handle of their own.  A store takes as long as
 * an add (the stored articles are grouped again: 3 s at 20,000 articles),
 * a similar a fraction of it (store_query), and the server's one thread
 * waited for them, every reader with it. */
#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/parallel.h"
#include "common/utf8.h"
#include "ingest/id.h"
#include "ingest/jsondate.h"
#include "ingest/jsonscan.h"
#include "server/post.h"
#include "store/view.h"

struct poster {
    store *store;             /* borrowed; used by the thread alone */
    pthread_t thread;
    pthread_mutex_t lock;     /* over the queue, stopping and each job's done */
    pthread_cond_t work;
    post_job *first, *last;   /* the queue */
    int stopping;
};

static void reply(post_reply *out, unsigned code, json_t *doc)
{
    out->code = code;
    out->doc = doc;
}

static void reply_error(post_reply *out, unsigned code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void reply_error(post_reply *out, unsigned code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    reply(out, code, json_pack("{s:s}", "error", msg));
}

/* The POSTed title, url and source that are given but not read, as the
 * JSONL reader names them ('"title" (a number), "url" (an array)'), into
 * unread (size bytes; "" when all are strings, null or missing).  returns:
 * the string value of key, or NULL when it is not read. */
static const char *post_text(const json_t *in, const char *key, char *unread, size_t size)
{
    const json_t *v = json_object_get(in, key);
    size_t bytes = json_string_length(v);
    int nul = json_is_string(v) && memchr(json_string_value(v), '\0', bytes) != NULL;
    if (!v || json_is_null(v) || (json_is_string(v) && bytes <= NP_MAX_FIELD_BYTES && !nul))
        return json_string_value(v);
    size_t len = strlen(unread);
    snprintf(unread + len, size - len, "%s\"%s\" (%s)", len ? ", " : "", key,
             json_is_string(v) ? (nul ? "a NUL inside" : "over the field cap") : json_is_number(v) ? "a number"
             : json_is_array(v) ? "an array" : json_is_object(v) ? "an object" : "true or false");
    return NULL;
}

/* The key that gives a field in a POSTed article, as the JSONL reader
 * takes it: the field's own key, else the first of the keys other tools
 * write it under (jsonscan_all_keys: "maintext", "content", "headline",
 * "date_publish", "link", "source_domain"...) that is there. */
static const char *post_key(const json_t *in, int field)
{
    for (int k = 0; k < JSONSCAN_KEYS; k++)
        if (jsonscan_all_keys[k].field == field && json_object_get(in, jsonscan_all_keys[k].name))
            return jsonscan_all_keys[k].name;
    return jsonscan_keys[field];
}

/* The POSTed "id" as a JSONL line's is read: a string, or an integer
 * written in decimal into num (as the reader makes "5" of 5), *len its
 * bytes (a NUL among them, as "\u0000" gives, is the id's, refused as a
 * control character).  ints_as_reals: the body was read with integers
 * past 64 bits as reals.  returns: the id (borrowed from in or num), NULL
 * when there is none (missing or null), NULL with why set (a static
 * phrase) when it is of another type. */
static const char *post_id(const json_t *in, int ints_as_reals, char num[32], size_t *len, const char **why)
{
    const json_t *id = json_object_get(in, "id");
    *why = NULL;
    *len = 0;
    if (!id || json_is_null(id))
        return NULL;
    if (json_is_string(id)) {
        *len = json_string_length(id);
        return json_string_value(id);
    }
    if (json_is_integer(id)) {
        int n = snprintf(num, 32, "%lld", (long long)json_integer_value(id));
        *len = n > 0 ? (size_t)n : 0;
        return num;
    }
    double x = json_real_value(id);
    if (ints_as_reals && json_is_real(id) && (x >= 9223372036854775808.0 || x < -9223372036854775808.0))
        *why = "an integer too large (past 64 bits): give it as a string";
    else
        *why = json_is_real(id) ? "neither a string nor an integer (a number with a fraction)"
               : json_is_array(id) ? "neither a string nor an integer (an array)"
               : json_is_object(id) ? "neither a string nor an integer (an object)"
               : "neither a string nor an integer (true or false)";
    return NULL;
}

/* doc with "warnings" about the POSTed article a when there are any: a
 * date field that is no date newsprint reads; a title, url or source not
 * read (unread, from post_text); no text left after cleaning, the warning
 * ending in no_text_then (what was done with it), as the commands say it
 * (it was answered without a word, "words": 0 alone telling). */
static json_t *with_warnings(json_t *doc, const np_article *a, const char *unread, const char *no_text_then)
{
    json_t *list = doc && (a->date_unread || unread[0] || !a->words) ? json_array() : NULL;
    if (list && !a->words)
        json_array_append_new(list, json_sprintf("no text left after cleaning (none, or every line dropped as "
                                                 "boilerplate: 'newsprint clean --explain' shows each line's "
                                                 "kind): %s", no_text_then));
    if (list && a->date_unread)
        json_array_append_new(list, json_string("the date field is not one newsprint reads (e.g. "
                                                "2025-03-04T10:00:00Z, \"Tue, 04 Mar 2025\", 1741082400); "
                                                "the article is dated from its text, if at all"));
    if (list && unread[0])
        json_array_append_new(list, json_sprintf("%s not read (a title, url or source is a string)", unread));
    if (list)
        json_object_set_new(doc, "warnings", list);
    return doc;
}

/* A body not in UTF-8, refused saying so, where it was "not a JSON
 * object (unable to decode byte 0xe9 near '"caf')" of an object whose
 * "café" was Latin-1, and of a UTF-16 body "unable to decode byte 0xff".
 * returns: 1 when refused (the reply said), else 0 */
static int body_not_utf8(const char *bytes, size_t len, post_reply *out)
{
    const unsigned char *u = (const unsigned char *)bytes;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        reply_error(out, MHD_HTTP_BAD_REQUEST, "the body is UTF-16 (it opens with a UTF-16 byte-order mark): "
                    "send the JSON in UTF-8");
        return 1;
    }
    if (utf8_valid(bytes, len))
        return 0;
    size_t at = 0;
    uint32_t cp;
    for (size_t n; at < len && (n = utf8_decode_any(u + at, len - at, &cp)) != 0;)
        at += n;
    reply_error(out, MHD_HTTP_BAD_REQUEST, "the body is not UTF-8 (byte 0x%02X at offset %zu begins no UTF-8 "
                "character: Latin-1 or Windows-1252 text?): send the JSON in UTF-8", at < len ? u[at] : 0, at);
    return 1;
}

/* The POSTed body as a JSON object (owned by the caller), or NULL with
 * the reply said.  *ints_read_as_reals: its integers were read as reals
 * (one was past 64 bits). */
static json_t *read_body(const post_job *job, int *ints_read_as_reals, post_reply *out)
{
    json_error_t err;
    const char *bytes = job->body ? job->body : "";
    size_t len = job->len;
    if (body_not_utf8(bytes, len, out))
        return NULL;
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) { /* a UTF-8 byte-order mark, as a JSONL line's */
        bytes += 3;
        len -= 3;
    }
    /* read as a JSONL line is: "\u0000" allowed (a text of NUL bytes is
     * then refused as binary, an id holding one for its control character),
     * an integer past 64 bits, most likely an id, read as a real to be
     * named rather than the body refused */
    json_t *in = json_loadb(bytes, len, JSON_ALLOW_NUL, &err);
    int ints_as_reals = !in && json_error_code(&err) == json_error_numeric_overflow;
    if (ints_as_reals)
        in = json_loadb(bytes, len, JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &err);
    if (!json_is_object(in)) {
        json_decref(in);
        reply_error(out, MHD_HTTP_BAD_REQUEST, "the body is not a JSON object (%s)",
                    in ? "another JSON value" : err.text);
        return NULL;
    }
    *ints_read_as_reals = ints_as_reals;
    return in;
}

/* The reader's rule: what add refuses, a POST does not store.  returns: 1
 * when the id is refused (the reply said), else 0 */
static int id_refused(const char *id, size_t len, post_reply *out)
{
    id_check check = id_check_of(id, len);
    if (check == ID_OK)
        return 0;
    if (check == ID_LENGTH)
        reply_error(out, MHD_HTTP_BAD_REQUEST, "\"id\" is over %u bytes", NP_MAX_ID_BYTES);
    else if (check == ID_BLANK)
        reply_error(out, MHD_HTTP_BAD_REQUEST, "\"id\" is only spaces");
    else
        reply_error(out, MHD_HTTP_BAD_REQUEST, "\"id\" contains control characters");
    return 1;
}

/* What an answer of POST /api/similar says of itself, which the page
 * shows: the text was not stored ("stored": false); how it was answered
 * ("answered_by": "query", against the stored grouping, whose stories
 * stay as they are, or "regroup", the stored articles grouped again with
 * it when their fingerprints are another build's); and whether its story
 * is one of its own ("new_story": no stored article in it -- its number,
 * after the stored ones', names no stored story: the page said "would
 * join story s7" of a database of six, a link to nothing). */
static void similar_said(json_t *doc, const answer *ans, size_t index, int regrouped)
{
    json_t *article = doc ? json_object_get(doc, "article") : NULL;
    if (!doc)
        return;
    json_object_set_new(doc, "stored", json_false());
    json_object_set_new(doc, "answered_by", json_string(regrouped ? "regroup" : "query"));
    size_t k = ans->results[index].story;
    if (article && k < ans->n_stories)
        json_object_set_new(article, "new_story", json_boolean(ans->stories[k].story.n_articles <= 1));
}

/* POST /api/similar: the stored articles the POSTed article a would be
 * grouped with, not storing it: the query against the stored answer, as
 * `similar --file` (the full regroup when the stored fingerprints are
 * another build's). */
static void reply_similar(store *s, const np_article *a, const char *unread, post_reply *out)
{
    answer ans;
    answer_init(&ans);
    np_engine *engine = NULL;
    size_t index = 0;
    np_status st = store_query(s, a, &ans, &index);
    if (st == NP_DONE) {
        answer_free(&ans);
        answer_init(&ans);
        st = store_similar(s, a, &ans, &index, &engine);
    }
    if (st != NP_OK) {
        reply_error(out, MHD_HTTP_SERVICE_UNAVAILABLE, "database: %s", store_errmsg(s));
    } else {
        json_t *doc = with_warnings(view_similar(&ans, index), a, unread,
                                    "an article of no word, which has no copy and no story to find");
        similar_said(doc, &ans, index, engine != NULL);
        reply(out, MHD_HTTP_OK, doc);
    }
    answer_free(&ans);
    np_engine_free(engine);
}

/* POST /api/articles: a stored and grouped as an add of one article groups
 * it (incrementally in a database large enough, store_group); its place
 * in the answer as stored now, and how it was grouped ("grouped":
 * "incremental" or "full", null when it was stored before). */
static void reply_stored(store *s, const np_article *a, const char *unread, post_reply *out)
{
    int added = 0, quickly = 0;
    if (store_add(s, a, &added) != NP_OK || store_flush(s) != NP_OK ||
        (added && store_group(s, STORE_GROUP_AUTO, NULL, NULL, &quickly) != NP_OK)) {
        reply_error(out, MHD_HTTP_SERVICE_UNAVAILABLE, "database: %s", store_errmsg(s));
    } else {
        /* the answer as stored now (the server's readers load it too,
         * at their next request) */
        answer ans;
        answer_init(&ans);
        if (store_answer(s, &ans) != NP_OK) {
            reply_error(out, MHD_HTTP_SERVICE_UNAVAILABLE, "database: %s", store_errmsg(s));
        } else {
            size_t i = answer_find(&ans, a->id);
            json_t *r = i == (size_t)-1 ? json_null() : view_result(&ans, i);
            json_t *how = added ? json_string(quickly ? "incremental" : "full") : json_null();
            reply(out, added ? MHD_HTTP_CREATED : MHD_HTTP_OK,
                  with_warnings(json_pack("{s:b,s:o,s:o}", "added", added, "grouped", how, "article", r), a,
                                unread, added ? "stored as an article of no word"
                                              : "not stored (an article with its id is stored already)"));
        }
        answer_free(&ans);
    }
}

/* A POSTed article: JSON with the JSONL input's fields, cleaned, then
 * stored and grouped, or grouped with the stored ones (similar). */
static void post_answer(store *s, const post_job *job, post_reply *out)
{
    int similar = job->similar;
    if (job->too_big) {
        reply_error(out, MHD_HTTP_CONTENT_TOO_LARGE, "the body is larger than %d bytes", POST_MAX_BODY);
        return;
    }
    if (!similar && store_write_refused(s)) {
        reply_error(out, MHD_HTTP_FORBIDDEN, "the database %s: nothing can be stored (POST /api/similar "
                    "answers without storing)", store_read_only(s) ? "is on a read-only file system"
                                                                   : "cannot be written by the user serving it");
        return;
    }
    int ints_as_reals = 0;
    json_t *in = read_body(job, &ints_as_reals, out);
    if (!in)
        return;
    np_record rec;
    memset(&rec, 0, sizeof rec);
    json_t *text = json_object_get(in, post_key(in, JSONSCAN_TEXT)), *html = json_object_get(in, "html"),
           *markdown = json_object_get(in, "markdown");
    char id_number[32];
    const char *id_wrong;
    size_t id_len;
    rec.id = post_id(in, ints_as_reals, id_number, &id_len, &id_wrong);
    if (id_wrong) {
        json_decref(in);
        reply_error(out, MHD_HTTP_BAD_REQUEST, "\"id\" is %s", id_wrong);
        return;
    }
    char unread[200] = "";
    rec.title = post_text(in, post_key(in, JSONSCAN_TITLE), unread, sizeof unread);
    json_t *date = json_object_get(in, post_key(in, JSONSCAN_DATE));
    char date_text[JSONDATE_MAX]; /* a date given as no string, as the JSONL reader takes it */
    /* a date string holding a NUL or over the field cap is none, as a
     * JSONL line's (it was read up to the NUL, or read whole) */
    size_t date_len = json_string_length(date);
    rec.date = !json_is_string(date) ? jsondate_text(date, date_text)
               : date_len > NP_MAX_FIELD_BYTES || memchr(json_string_value(date), '\0', date_len) ? NULL
               : json_string_value(date);
    rec.url = post_text(in, post_key(in, JSONSCAN_URL), unread, sizeof unread);
    rec.source = post_text(in, post_key(in, JSONSCAN_SOURCE), unread, sizeof unread);
    rec.path = "request";
    /* "text" wins, then "html", then "markdown", as in a JSONL line; a
     * blank "text" is none there */
    if (json_is_string(text) && text_is_blank(json_string_value(text), json_string_length(text)) &&
        (json_is_string(html) || json_is_string(markdown)))
        text = NULL;
    rec.html = json_is_string(html) && !json_is_string(text);
    rec.markdown = json_is_string(markdown) && !json_is_string(text) && !rec.html;
    json_t *body = rec.html ? html : rec.markdown ? markdown : text;
    if (similar && !rec.id) { /* missing or null, as a JSONL line's */
        rec.id = "(new)"; /* not stored: an id is optional */
        id_len = strlen(rec.id);
    }
    if (!rec.id || !id_len || !json_is_string(body)) {
        json_decref(in);
        reply_error(out, MHD_HTTP_BAD_REQUEST, "an article wants an \"id\" (a string or an integer) and \"text\", "
                    "\"html\" or \"markdown\"");
        return;
    }
    if (id_refused(rec.id, id_len, out)) {
        json_decref(in);
        return;
    }
    if (text_is_blank(json_string_value(body), json_string_length(body))) { /* as the reader skips it */
        reply_error(out, MHD_HTTP_BAD_REQUEST, "the article's \"%s\" is empty or only spaces",
                    rec.html ? "html" : rec.markdown ? "markdown" : post_key(in, JSONSCAN_TEXT));
        json_decref(in);
        return;
    }
    rec.text = json_string_value(body);
    rec.text_len = json_string_length(body);
    np_cleaner *cleaner = NULL;
    const np_article *a = NULL;
    if (np_cleaner_new(&cleaner, NULL) != NP_OK) {
        reply_error(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    } else if (np_clean(cleaner, &rec, &a) != NP_OK) {
        reply_error(out, MHD_HTTP_UNPROCESSABLE_CONTENT, "%s", np_cleaner_errmsg(cleaner));
    } else if (similar) {
        reply_similar(s, a, unread, out);
    } else {
        reply_stored(s, a, unread, out);
    }
    np_cleaner_free(cleaner);
    json_decref(in);
}


/* Takes the first job queued, or NULL once stopping. */
static post_job *next_job(poster *p)
{
    pthread_mutex_lock(&p->lock);
    while (!p->first && !p->stopping)
        pthread_cond_wait(&p->work, &p->lock);
    post_job *job = p->first;
    if (job && !p->stopping) {
        p->first = job->next;
        if (!p->first)
            p->last = NULL;
    } else {
        job = NULL;
    }
    pthread_mutex_unlock(&p->lock);
    return job;
}

/* Sets job's reply, then lets its connection go on (libmicrohttpd calls
 * the request's handler again, which sends it). */
static void finish(poster *p, post_job *job, const post_reply *r)
{
    struct MHD_Connection *c = job->connection; /* job is the connection's: not read once done */
    pthread_mutex_lock(&p->lock);
    job->reply = *r;
    job->done = 1;
    pthread_mutex_unlock(&p->lock);
    MHD_resume_connection(c);
}

static void *run(void *arg)
{
    poster *p = arg;
    post_job *job;
    while ((job = next_job(p))) {
        post_reply r = { 0, NULL };
        post_answer(p->store, job, &r);
        finish(p, job, &r);
    }
    return NULL;
}

np_status poster_start(poster **out, store *s)
{
    poster *p = calloc(1, sizeof *p);
    *out = p;
    if (!p)
        return NP_ENOMEM;
    p->store = s;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    if (parallel_thread_create(&p->thread, run, p) != 0) {
        pthread_cond_destroy(&p->work);
        pthread_mutex_destroy(&p->lock);
        free(p);
        *out = NULL;
        return NP_ENOMEM;
    }
    return NP_OK;
}

int poster_submit(poster *p, post_job *job)
{
    pthread_mutex_lock(&p->lock);
    int taken = !p->stopping;
    if (taken) {
        job->next = NULL;
        job->done = 0;
        if (p->last)
            p->last->next = job;
        else
            p->first = job;
        p->last = job;
        pthread_cond_signal(&p->work);
    }
    pthread_mutex_unlock(&p->lock);
    return taken;
}

int poster_reply(poster *p, post_job *job, post_reply *out)
{
    pthread_mutex_lock(&p->lock);
    int done = job->done;
    if (done) {
        *out = job->reply;
        job->reply.doc = NULL;
    }
    pthread_mutex_unlock(&p->lock);
    return done;
}

void poster_stop(poster *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    if (p->stopping) {
        pthread_mutex_unlock(&p->lock);
        return;
    }
    p->stopping = 1;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL); /* after the job it is doing */
    /* the jobs still queued: answered so, their connections let go on */
    post_job *job = p->first;
    p->first = p->last = NULL;
    while (job) {
        post_job *next = job->next;
        post_reply r = { 0, NULL };
        reply_error(&r, MHD_HTTP_SERVICE_UNAVAILABLE, "the server is stopping");
        finish(p, job, &r);
        job = next;
    }
}

void poster_free(poster *p)
{
    if (!p)
        return;
    poster_stop(p);
    pthread_cond_destroy(&p->work);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
