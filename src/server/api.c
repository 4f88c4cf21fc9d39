/* api: the server's answers to GET /api/... (stories, an article, a search)
 * over the cached answer, and the JSON replies every request sends. */
#include <jansson.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "ingest/id.h"
#include "server/server_internal.h"
#include "store/view.h"
#include "text/date.h"

enum {
    MAX_LIMIT = 1000,         /* most items one list request returns */
    DEFAULT_LIMIT = 100,
    MAX_QUERY = 1000,         /* bytes of a search */
    STORYLINE_AROUND = 4,     /* an article's storyline: the stories each side of its own */
    STORYLINE_PAGE = 50,      /* a storyline's stories sent at once */
};

enum MHD_Result server_send_bytes(struct MHD_Connection *c, unsigned code, const char *type,
                                  const void *data, size_t len, enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data, mode);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'");
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

enum MHD_Result server_send_json(struct MHD_Connection *c, unsigned code, json_t *doc)
{
    char *text = doc ? json_dumps(doc, VIEW_DUMP_FLAGS) : NULL;
    json_decref(doc);
    if (!text)
        return server_send_bytes(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "application/json",
                                 "{\"error\":\"out of memory\"}", 25, MHD_RESPMEM_PERSISTENT);
    size_t len = strlen(text);
    /* MUST_FREE frees with free(), which is how jansson allocated it. */
    return server_send_bytes(c, code, "application/json", text, len, MHD_RESPMEM_MUST_FREE);
}

enum MHD_Result server_send_error(struct MHD_Connection *c, unsigned code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return server_send_json(c, code, json_pack("{s:s}", "error", msg));
}

/* Reloads the cached answer when another writer replaced it (or none was
 * loaded), and the counts.  returns: NP_OK, or an error (store_errmsg) */
np_status server_load(server *sv)
{
    /* nothing committed since the last load: nothing to read again (the
     * counts were read each request, a count of every article: 1.4 ms at
     * 20,000, growing with them) */
    int64_t gen = 0, version = 0;
    if (store_data_version(sv->store, &version) != NP_OK)
        return NP_EDB;
    if (sv->generation >= 0 && version == sv->data_version)
        return NP_OK;
    if (store_generation(sv->store, &gen) != NP_OK ||
        store_counts(sv->store, &sv->articles, &sv->ungrouped, NULL) != NP_OK ||
        store_incremental_count(sv->store, &sv->incremental) != NP_OK)
        return NP_EDB;
    if (gen == sv->generation) {
        sv->data_version = version;
        return NP_OK;
    }
    answer fresh;
    answer_init(&fresh);
    if (store_answer(sv->store, &fresh) != NP_OK) {
        answer_free(&fresh);
        return NP_EDB;
    }
    answer_free(&sv->ans);
    sv->ans = fresh;
    sv->generation = gen;
    sv->data_version = version;
    return NP_OK;
}

int server_refresh(server *sv, struct MHD_Connection *c, enum MHD_Result *ret)
{
    if (server_load(sv) == NP_OK)
        return 1;
    *ret = server_send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "database: %s", store_errmsg(sv->store));
    return 0;
}

/* A non-negative integer query argument, within [0, max]; def when absent.
 * returns: 0 when present but invalid. */
static int arg_number(struct MHD_Connection *c, const char *name, size_t def, size_t max, size_t *out)
{
    const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
    *out = def;
    if (!v)
        return 1;
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    if (end == v || *end || v[0] == '-' || n > max)
        return 0;
    *out = (size_t)n;
    return 1;
}

/* "s12" -> 11 when it names one of n items. */
int server_parse_label(const char *s, char prefix, size_t n, size_t *out)
{
    if (s[0] != prefix || s[1] < '1' || s[1] > '9')
        return 0;
    char *end;
    unsigned long long v = strtoull(s + 1, &end, 10);
    if (*end || v == 0 || v > n)
        return 0;
    *out = (size_t)v - 1;
    return 1;
}

/* What makes a decoded path part or argument no text: a NUL (%00, which
 * server_unescape writes as C0 80) or bytes that are not UTF-8.  returns: NULL
 * when it is text */
static const char *text_problem(const char *s)
{
    if (strstr(s, "\xC0\x80"))
        return "holds a NUL byte (%00)";
    return utf8_valid(s, strlen(s)) ? NULL : "is not valid UTF-8";
}

enum MHD_Result server_send_missing(struct MHD_Connection *c, const char *what, const char *name, char prefix,
                                    size_t n)
{
    char have[96] = "";
    if (prefix && n)
        snprintf(have, sizeof have, " (its %s ids: %c1 to %c%zu)", what, prefix, prefix, n);
    else if (prefix)
        snprintf(have, sizeof have, " (it has no %s yet)", what);
    const char *problem = text_problem(name);
    if (problem)
        return server_send_error(c, MHD_HTTP_NOT_FOUND, "no %s of that id in this database%s: the id %s", what,
                                 have, problem);
    size_t len = strlen(name), shown = utf8_prefix(name, len, 200);
    return server_send_error(c, MHD_HTTP_NOT_FOUND, "no %s '%.*s%s' in this database%s", what, (int)shown, name,
                             shown < len ? "..." : "", have);
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The path's and the arguments' %HH escapes decoded in place, as
 * libmicrohttpd's own unescaper decodes them, but %00 written as C0 80:
 * a NUL ended the string there, so /api/articles/a%00b looked for "a"
 * (and %00 alone answered 404).  C0 80 is never UTF-8 (an overlong NUL),
 * so text_problem tells it from any real byte and names it. */
size_t server_unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    char *out = s;
    for (const char *in = s; *in;) {
        int hi = in[0] == '%' ? hex_digit(in[1]) : -1, lo = hi >= 0 ? hex_digit(in[2]) : -1;
        if (lo < 0) {
            *out++ = *in++;
            continue;
        }
        if (hi || lo) {
            *out++ = (char)(hi << 4 | lo);
        } else {
            *out++ = '\xC0';
            *out++ = '\x80';
        }
        in += 3;
    }
    *out = '\0';
    return (size_t)(out - s);
}

/* One story in a sorted listing; every entry carries the sort's settings
 * (qsort has no context argument). */
typedef struct story_key {
    size_t index, size;
    const char *date;         /* first date, else last; NULL when undated */
    int dir;                  /* 1 ascending, -1 descending */
    int by_size;
} story_key;

static int cmp_dates(const char *a, const char *b)
{
    if (!a || !b)
        return (a == NULL) - (b == NULL); /* undated last, whatever the order */
    return 0;
}

static int cmp_story_keys(const void *x, const void *y)
{
    const story_key *a = x, *b = y;
    int c = 0;
    if (a->by_size)
        c = a->dir * ((a->size > b->size) - (a->size < b->size));
    else if (!(c = cmp_dates(a->date, b->date)) && a->date)
        c = a->dir * strcmp(a->date, b->date);
    if (!c && !(c = cmp_dates(a->date, b->date)) && a->date && b->date)
        c = strcmp(a->date, b->date);
    if (!c && !a->by_size && a->dir < 0) /* newest first: a day's stories, and the undated, biggest first */
        c = (a->size < b->size) - (a->size > b->size);
    if (!c)
        c = (a->by_size ? 1 : a->dir) * ((a->index > b->index) - (a->index < b->index));
    return c;
}

enum MHD_Result api_stories(server *sv, struct MHD_Connection *c)
{
    size_t limit, offset;
    const char *since = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
    const char *sort = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "sort");
    const char *order = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "order");
    if (!sort)
        sort = "date";
    if (!order)
        order = "asc";
    if ((strcmp(sort, "date") != 0 && strcmp(sort, "size") != 0) ||
        (strcmp(order, "asc") != 0 && strcmp(order, "desc") != 0))
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "sort wants date or size, order asc or desc");
    if (!arg_number(c, "limit", DEFAULT_LIMIT, MAX_LIMIT, &limit))
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "limit wants 0..%d", MAX_LIMIT);
    if (!arg_number(c, "offset", 0, SIZE_MAX / 2, &offset)) /* "offset -1" was said of both */
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "offset wants a whole number, 0 or more");
    if (since && !date_is_day(since))
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "since wants a date YYYY-MM-DD (a day the calendar has)");
    story_key *keys = calloc(sv->ans.n_stories + 1, sizeof *keys);
    json_t *list = json_array();
    size_t total = 0;
    const char *latest = NULL; /* of any story: what a since past it is told, as stories says it */
    for (size_t s = 0; keys && s < sv->ans.n_stories; s++) {
        const np_story *k = &sv->ans.stories[s].story;
        if (k->last_date && (!latest || strcmp(k->last_date, latest) > 0))
            latest = k->last_date;
        if (since && (!k->last_date || strcmp(k->last_date, since) < 0))
            continue;
        keys[total++] = (story_key){ s, k->n_articles, k->first_date ? k->first_date : k->last_date,
                                     order[0] == 'a' ? 1 : -1, sort[0] == 's' };
    }
    if (keys)
        qsort(keys, total, sizeof *keys, cmp_story_keys);
    for (size_t i = offset; keys && list && i < total && json_array_size(list) < limit; i++)
        if (json_array_append_new(list, view_story(&sv->ans, keys[i].index, VIEW_ARTICLE_IDS)) != 0) {
            json_decref(list);
            list = NULL;
        }
    int out_of_memory = !keys || !list;
    free(keys);
    if (out_of_memory) {
        json_decref(list);
        return server_send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    }
    return server_send_json(c, MHD_HTTP_OK,
                            json_pack("{s:o,s:I,s:I,s:I,s:I,s:s,s:s,s:s?}", "stories", list, "total", (json_int_t)total,
                                      "articles", (json_int_t)sv->articles, "ungrouped", (json_int_t)sv->ungrouped,
                                      "incremental", (json_int_t)sv->incremental, "sort", sort, "order", order,
                                      "latest_date", latest));
}

/* Storyline line's stories in date order, as the page lists them: limit
 * of them from offset, or (offset_given 0) around story own, or the latest
 * when own is SIZE_MAX; all of the storyline when it holds at most limit +
 * 2 (a link to one or two more is no saving).  The storyline of a busy
 * subject held 461 stories at 20,000 articles: an article's answer was
 * 167 KB, all but 3 KB of it the storyline, of which the page showed nine,
 * and the storyline's own answer 188 KB.  whole adds "name" (its first
 * story's), "first_date" and "last_date" of the whole storyline.
 * returns: {"id", "stories", "total", "offset"}, or NULL when out of memory */
static json_t *storyline_page(answer *a, size_t line, size_t own, int offset_given, size_t offset, size_t limit,
                              view_members members, int whole)
{
    size_t total = 0, at = 0;
    story_key *keys = malloc((answer_storyline_size(a, line) + 1) * sizeof *keys);
    if (!keys)
        return NULL;
    const char *last = NULL;
    for (size_t s = 0; s < a->n_stories; s++)
        if (a->stories[s].story.storyline == line) {
            const np_story *k = &a->stories[s].story;
            keys[total++] = (story_key){ s, k->n_articles, k->first_date ? k->first_date : k->last_date, 1, 0 };
            if (k->last_date && (!last || strcmp(k->last_date, last) > 0))
                last = k->last_date;
        }
    qsort(keys, total, sizeof *keys, cmp_story_keys);
    at = total; /* no story of its own: the latest */
    for (size_t k = 0; own != SIZE_MAX && k < total; k++)
        if (keys[k].index == own)
            at = k;
    if (!offset_given)
        offset = total <= limit + 2 || at < limit / 2 ? 0
               : at - limit / 2 > total - limit   ? total - limit
                                                  : at - limit / 2;
    if (!offset_given && total <= limit + 2)
        limit = total;
    json_t *o = json_object(), *list = json_array();
    int bad = !o || !list;
    for (size_t k = offset; !bad && k < total && k - offset < limit; k++)
        bad |= json_array_append_new(list, view_story(a, keys[k].index, members)) != 0;
    char id[32];
    snprintf(id, sizeof id, "l%zu", line + 1);
    if (!bad)
        bad |= json_object_set_new(o, "id", json_string(id)) || json_object_set(o, "stories", list) ||
               json_object_set_new(o, "total", json_integer((json_int_t)total)) ||
               json_object_set_new(o, "offset", json_integer((json_int_t)(offset < total ? offset : total)));
    if (!bad && whole && total) {
        buf name;
        buf_init(&name, NULL);
        bad |= story_name_put(&name, a, keys[0].index) != NP_OK;
        bad |= json_object_set_new(o, "name", bad ? json_null() : json_stringn(name.data, name.len)) ||
               json_object_set_new(o, "first_date", keys[0].date ? json_string(keys[0].date) : json_null()) ||
               json_object_set_new(o, "last_date", last ? json_string(last) : json_null());
        buf_free(&name);
    }
    json_decref(list);
    free(keys);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* GET /api/storylines/lN[?offset=K&limit=N&article=ID]: of the storyline,
 * limit stories from offset; by default the latest, or those around the
 * story of article (when it is in this storyline: "holds_article" says
 * whether it is, so that a page following a storyline renumbered by an
 * add finds it by its article, whatever part of it is sent). */
enum MHD_Result api_storyline(server *sv, struct MHD_Connection *c, const char *label)
{
    size_t k, offset, limit;
    if (!server_parse_label(label, 'l', sv->ans.n_storylines, &k))
        return server_send_missing(c, "storyline", label, 'l', sv->ans.n_storylines);
    const char *offset_arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "offset");
    const char *article = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "article");
    if (!arg_number(c, "offset", 0, SIZE_MAX / 2, &offset))
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "offset wants a whole number, 0 or more");
    if (!arg_number(c, "limit", STORYLINE_PAGE, MAX_LIMIT, &limit))
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "limit wants 0..%d", MAX_LIMIT);
    size_t i = article ? answer_find(&sv->ans, article) : (size_t)-1;
    int holds = i != (size_t)-1 && sv->ans.results[i].storyline == k;
    json_t *doc = storyline_page(&sv->ans, k, holds ? sv->ans.results[i].story : SIZE_MAX, offset_arg != NULL,
                                 offset, limit, VIEW_ARTICLE_IDS, 1);
    if (doc && article && json_object_set_new(doc, "holds_article", json_boolean(holds)) != 0) {
        json_decref(doc);
        doc = NULL;
    }
    return server_send_json(c, MHD_HTTP_OK, doc);
}

enum MHD_Result api_article(server *sv, struct MHD_Connection *c, const char *id)
{
    /* what cannot be an id (the reader's rule) is a bad request, not a
     * missing article */
    const char *problem = text_problem(id);
    if (problem)
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "the article id %s", problem);
    id_check check = id_check_of(id, strlen(id));
    if (check == ID_LENGTH)
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "the article id is over %u bytes, which no id is",
                                 NP_MAX_ID_BYTES);
    if (check == ID_CONTROL)
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "the article id holds control characters, which no id does");
    if (check == ID_BLANK)
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "the article id is only spaces, which no id is");
    size_t line_offset, line_limit;
    const char *offset_arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "storyline_offset");
    if (!arg_number(c, "storyline_offset", 0, SIZE_MAX / 2, &line_offset))
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "storyline_offset wants a whole number, 0 or more");
    if (!arg_number(c, "storyline_limit", STORYLINE_AROUND * 2 + 1, MAX_LIMIT, &line_limit))
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "storyline_limit wants 0..%d", MAX_LIMIT);
    size_t i = answer_find(&sv->ans, id);
    stored_article sa;
    np_status st = store_article(sv->store, id, &sa);
    if (st != NP_OK && st != NP_DONE) {
        stored_article_free(&sa);
        return server_send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "database: %s", store_errmsg(sv->store));
    }
    if (i == (size_t)-1) {
        stored_article_free(&sa);
        /* stored by an add that was interrupted or is running: there, as
         * show says (it was "no article with this id", and the page "There
         * is no article ... in this database") */
        if (st == NP_OK)
            return server_send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE,
                                     "this article is stored but not grouped yet (an add was interrupted or is "
                                     "running; 'newsprint add --db %.300s' groups it)", sv->db_path);
        return server_send_missing(c, "article", id, 0, 0);
    }
    json_t *doc = view_article_alone(&sv->ans, i, st == NP_OK ? &sa : NULL);
    stored_article_free(&sa);
    const np_result *r = &sv->ans.results[i];
    json_t *line = doc ? storyline_page(&sv->ans, r->storyline, r->story, offset_arg != NULL, line_offset, line_limit,
                                        VIEW_NO_ARTICLES, 0)
                       : NULL;
    if (!line || json_object_set_new(doc, "storyline_detail", line) != 0) {
        json_decref(doc);
        return server_send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    }
    return server_send_json(c, MHD_HTTP_OK, doc);
}

typedef struct search_hits {
    server *sv;
    json_t *list;
    size_t limit;     /* the most listed */
    size_t ungrouped; /* hits stored but not grouped yet, passed over */
    int failed;       /* out of memory */
} search_hits;

/* A hit, best first, listed when grouped; one not grouped yet (an add
 * interrupted or running) is counted and passed over, taking no place in
 * the list (the limit was of hits: a page asking for 50 showed fewer).
 * returns: 1 once the list is full */
static int on_hit(const char *id, void *arg)
{
    search_hits *h = arg;
    if (json_array_size(h->list) >= h->limit)
        return 1;
    size_t i = answer_find(&h->sv->ans, id);
    if (i == (size_t)-1) {
        h->ungrouped++;
        return 0;
    }
    if (json_array_append_new(h->list, view_result(&h->sv->ans, i)) != 0) {
        h->failed = 1;
        return 1;
    }
    return 0;
}

enum MHD_Result api_search(server *sv, struct MHD_Connection *c)
{
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
    size_t limit;
    if (!q || !*q)
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "search wants q=WORDS");
    const char *problem = text_problem(q);
    if (problem)
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "q %s", problem);
    /* said as it is (it was "q must be valid UTF-8, at most 1000 bytes" of
     * any long text); a text pasted to find its copies is what POST
     * /api/similar reads */
    if (strlen(q) > MAX_QUERY)
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "q is %zu bytes, over the %d a search takes (some 150 "
                                 "words): search for fewer words, or POST the text to /api/similar to find its "
                                 "copies and its story", strlen(q), MAX_QUERY);
    if (!arg_number(c, "limit", DEFAULT_LIMIT, MAX_LIMIT, &limit))
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "limit wants 0..%d", MAX_LIMIT);
    search_hits h = { sv, json_array(), limit, 0, 0 };
    if (!h.list)
        return server_send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    /* as many more hits as articles wait to be grouped (none, mostly):
     * those are passed over */
    np_status st = store_search(sv->store, q, limit + sv->ungrouped, on_hit, &h);
    if (st == NP_OK && h.failed) {
        json_decref(h.list);
        return server_send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    }
    if (st != NP_OK) {
        json_decref(h.list);
        /* a query that is no search (only -words) is said as it is */
        if (st == NP_EPARAM)
            return server_send_error(c, MHD_HTTP_BAD_REQUEST, "%s", store_errmsg(sv->store));
        return server_send_error(c, MHD_HTTP_BAD_REQUEST, "search failed: %s", store_errmsg(sv->store));
    }
    return server_send_json(c, MHD_HTTP_OK, json_pack("{s:s,s:o,s:I}", "query", q, "articles", h.list, "ungrouped",
                                                      (json_int_t)h.ungrouped));
}
