/*
 * reader_jsonl: the records of a JSONL input, one JSON object a line, read
 * through the reader's line buffer.  A line's fields come from the
 * hand-written scanner (jsonscan.h: the measured hot path of the main input
 * format), or from jansson for any line the scanner declines; a bad line
 * skips that record only, said in the reader's message.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "common/utf8.h"
#include "ingest/jsonscan.h"
#include "ingest/reader_internal.h"

/* An optional string field; other types, a NUL inside or over the cap
 * count as absent. */
static const char *opt_string(const jsonscan_field *f)
{
    if (f->kind != JSONSCAN_STRING || f->len > NP_MAX_FIELD_BYTES || memchr(f->string, '\0', f->len))
        return NULL;
    return f->string;
}

/* Notes a title, url or source field of the current record not read, and why. */
static void note_unread(np_reader *r, const char *key, const char *why)
{
    size_t len = strlen(r->unread);
    snprintf(r->unread + len, sizeof r->unread - len, "%s\"%s\" (%s)", len ? ", " : "", key, why);
}

/* The title, url or source field (k: JSONSCAN_TITLE, _URL or _SOURCE): a
 * string; null or missing is absent; any other value (a number, true, an
 * array, an object), a string over the cap or with a NUL inside is not read
 * and noted (reader_fields_unread). */
static const char *opt_text(np_reader *r, const char *line, size_t len, const jsonscan_field *fields, int k)
{
    const jsonscan_field *f = &fields[k];
    const char *key = f->key ? f->key : jsonscan_keys[k];
    if (f->kind == JSONSCAN_ABSENT || f->kind == JSONSCAN_NULL)
        return NULL;
    if (f->kind == JSONSCAN_STRING) {
        const char *s = opt_string(f);
        if (!s)
            note_unread(r, key, f->len > NP_MAX_FIELD_BYTES ? "over the field cap" : "a NUL inside");
        return s;
    }
    if (f->kind == JSONSCAN_INTEGER) {
        note_unread(r, key, "a number");
        return NULL;
    }
    if (!r->json)
        r->json = json_loadb(line, len, JSONSCAN_JANSSON_FLAGS, NULL);
    const json_t *v = json_object_get(r->json, key);
    note_unread(r, key, json_is_number(v) ? "a number" : json_is_array(v) ? "an array"
                        : json_is_object(v) ? "an object" : "true or false");
    return NULL;
}

/* The date field: a string, or the text of another value (jsondate.h) for
 * the cleaner to read or name as unread.  A line the scanner read is parsed
 * again by jansson for a date that is neither string nor integer (rare). */
static const char *opt_date(np_reader *r, const char *line, size_t len, const jsonscan_field *f)
{
    if (f->kind == JSONSCAN_INTEGER) {
        snprintf(r->date_text, sizeof r->date_text, "%lld", f->integer);
        return r->date_text;
    }
    if (f->kind != JSONSCAN_OTHER)
        return opt_string(f);
    if (!r->json)
        r->json = json_loadb(line, len, JSONSCAN_JANSSON_FLAGS, NULL);
    return jsondate_text(json_object_get(r->json, f->key ? f->key : "date"), r->date_text);
}

/* The fields of a JSONL line: the scanner's, or jansson's for a line the
 * scanner declines (jansson then says what is wrong, or repairs it). */
/* Whether records in line[0..len) are ended by a carriage return alone
 * ("}\r{"): a classic Mac's line ends, which make the records one line. */
static int records_end_in_cr(const char *line, size_t len)
{
    for (const char *cr = line; (cr = memchr(cr, '\r', len - (size_t)(cr - line))) != NULL; cr++)
        if (cr > line && cr[-1] == '}' && (size_t)(cr - line) + 1 < len && cr[1] == '{')
            return 1;
    return 0;
}

static np_status read_jsonl_fields(np_reader *r, const char *line, size_t len, const place *at,
                                   jsonscan_field fields[JSONSCAN_FIELDS])
{
    json_decref(r->json);
    r->json = NULL;
    r->ints_as_reals = 0;
    np_status st = jsonscan_record(line, len, &r->fields, fields);
    if (st == NP_ENOMEM)
        return reader_fail_at(r, at, NP_ENOMEM, "out of memory");
    if (st == NP_OK)
        return NP_OK;

    json_error_t err;
    const char *bytes = line;
    size_t flags = JSONSCAN_JANSSON_FLAGS;
    for (;;) {
        r->json = json_loadb(bytes, len, flags, &err);
        if (r->json)
            break;
        if (json_error_code(&err) == json_error_invalid_utf8 && bytes == line) {
            /* JSON must be UTF-8; repair the bytes rather than lose the record:
             * a line with no UTF-8 in it at all is read as Windows-1252 (as
             * the cleaner reads such text), else each bad byte is U+FFFD */
            int changed = 0;
            buf_clear(&r->text);
            if ((utf8_none_multibyte(line, len) ? utf8_from_1252(&r->text, line, len)
                                                : utf8_repair(&r->text, line, len, &changed)) != NP_OK)
                return reader_fail_at(r, at, NP_ENOMEM, "out of memory");
            bytes = r->text.data, len = r->text.len;
        } else if (json_error_code(&err) == json_error_numeric_overflow && !(flags & JSON_DECODE_INT_AS_REAL)) {
            /* an integer past 64 bits (JSON sets no limit), most likely in a
             * field not read: as a real, rather than lose the record */
            flags |= JSON_DECODE_INT_AS_REAL;
            r->ints_as_reals = 1;
        } else {
            break;
        }
    }
    if (!r->json) {
        /* a raw NUL ends jansson's input: it would blame the end of the file */
        const char *nul = memchr(bytes, '\0', len);
        if (nul && (size_t)(nul - bytes) <= (size_t)err.position)
            return reader_fail_at(r, at, NP_EINPUT, "invalid JSON: a NUL byte at byte %zu (binary data?), skipped",
                           (size_t)(nul - bytes) + 1);
        if (records_end_in_cr(bytes, len))
            return reader_fail_at(r, at, NP_EINPUT, "invalid JSON at column %d: lines end in a carriage return alone "
                                  "(a classic Mac's line ends), so the records read as one line: convert them "
                                  "(tr '\\r' '\\n' < IN > OUT), skipped", err.column);
        return reader_fail_at(r, at, NP_EINPUT, "invalid JSON at column %d: %s, skipped",
                    err.column, err.text);
    }
    if (!json_is_object(r->json)) {
        const char *kind = json_is_array(r->json) ? "an array" : json_is_string(r->json) ? "a string"
                           : json_is_null(r->json) ? "null" : "a scalar";
        return reader_fail_at(r, at, NP_EINPUT, "JSON value is %s, not an object, skipped", kind);
    }
    jsonscan_from_json(r->json, fields);
    return NP_OK;
}

/* The "id" of an object read with integers as reals: one past 64 bits
 * (a real written with a fraction or an exponent that large counts too). */
static int id_past_64_bits(const json_t *object)
{
    const json_t *id = json_object_get(object, "id");
    double x = json_real_value(id);
    return json_is_real(id) && (x >= 9223372036854775808.0 || x < -9223372036854775808.0);
}

/* A line with no "text" string: its "html" string (a web page, as a crawl
 * saves it) or else its "markdown" string (as crawlers that write Markdown
 * save it) into *text.  The scanner does not look for them: such lines
 * are rare, or all of a crawl's, which then costs a second parse.
 * returns: 1 for html, 2 for markdown, 0 when the line has neither. */
static int jsonl_page(np_reader *r, const char *line, size_t len, jsonscan_field *text)
{
    if (!r->json)
        r->json = json_loadb(line, len, JSONSCAN_JANSSON_FLAGS, NULL);
    static const char *const keys[] = { "html", "markdown" };
    for (int k = 0; k < 2; k++) {
        const json_t *page = json_object_get(r->json, keys[k]);
        if (json_is_string(page)) {
            *text = (jsonscan_field){ .kind = JSONSCAN_STRING, .controls = 1, .string = json_string_value(page),
                                      .len = json_string_length(page) };
            return k + 1;
        }
    }
    return 0;
}

static np_status parse_jsonl_record(np_reader *r, const char *line, size_t len)
{
    const place at = { r->name, "line", (unsigned long long)r->lines.lineno };
    jsonscan_field f[JSONSCAN_FIELDS];
    np_status st = read_jsonl_fields(r, line, len, &at, f);
    if (st != NP_OK)
        return st;
    jsonscan_field *text = &f[JSONSCAN_TEXT];
    const jsonscan_field *id = &f[JSONSCAN_ID];
    int page = 0; /* jsonl_page's answer */
    /* a blank "text" is none: an "html" or "markdown" beside it is read
     * (it made an article of no word, "Untitled", that cluster and add kept) */
    const char *blank = text->kind == JSONSCAN_STRING && text_is_blank(text->string, text->len)
                            ? (text->key ? text->key : "text")
                            : NULL;
    if ((text->kind != JSONSCAN_STRING || blank) && (page = jsonl_page(r, line, len, text)) != 0)
        blank = text_is_blank(text->string, text->len) ? (page == 1 ? "html" : "markdown") : NULL;
    if (blank) {
        if (id->kind == JSONSCAN_INTEGER)
            return reader_fail_at(r, &at, NP_EINPUT, "article \"%lld\": its \"%s\" is empty or only spaces, "
                                  "skipped", id->integer, blank);
        if (id->kind == JSONSCAN_STRING && id_check_of(id->string, id->len) == ID_OK)
            return reader_fail_at(r, &at, NP_EINPUT, "article \"%.200s\": its \"%s\" is empty or only spaces, "
                                  "skipped", id->string, blank);
        return reader_fail_at(r, &at, NP_EINPUT, "\"%s\" is empty or only spaces: no article, skipped", blank);
    }
    if (text->kind != JSONSCAN_STRING && !page) {
        st = reader_fail_at(r, &at, NP_EINPUT, "no \"text\", \"html\" or \"markdown\" string, skipped");
        /* a project's package.json or tsconfig.json on one line: counted as
         * the .json files of other shapes are */
        if (r->walk_json_file && r->lines.lineno == 1)
            reader_walk_json_refused(r, WALK_JSON_NO_TEXT);
        else /* a file of other records (an answer read back) said it once a line, a million times */
            r->unnamed = ++r->no_text > READER_NO_TEXT_NAMED;
        return st;
    }

    buf_clear(&r->id);
    if (id->kind == JSONSCAN_STRING) {
        size_t n = id->len;
        const char *s = id->string;
        id_check check = id_check_of(s, n);
        if (check == ID_LENGTH)
            return reader_fail_at(r, &at, NP_EINPUT, "\"id\" is empty or over %u bytes, skipped",
                           NP_MAX_ID_BYTES);
        if (check == ID_CONTROL)
            return reader_fail_at(r, &at, NP_EINPUT, "\"id\" contains control characters, skipped");
        st = buf_append(&r->id, s, n); /* a blank one is refused by accept_id */
    } else if (id->kind == JSONSCAN_INTEGER) {
        char num[32];
        snprintf(num, sizeof num, "%lld", id->integer);
        st = buf_puts(&r->id, num);
    } else if (id->kind == JSONSCAN_OTHER && r->ints_as_reals && id_past_64_bits(r->json)) {
        return reader_fail_at(r, &at, NP_EINPUT, "\"id\" is an integer too large (past 64 bits): "
                       "give it as a string, skipped");
    } else if (id->kind == JSONSCAN_OTHER) {
        return reader_fail_at(r, &at, NP_EINPUT, "\"id\" is neither a string nor an integer, skipped");
    } else {
        char num[32];
        snprintf(num, sizeof num, ":%llu", (unsigned long long)r->lines.lineno);
        if ((st = buf_puts(&r->id, r->stem)) == NP_OK)
            st = buf_puts(&r->id, num);
    }
    if (st != NP_OK)
        return reader_fail_at(r, &at, NP_ENOMEM, "out of memory");
    /* a text of no control byte (most) is no binary: not looked at again */
    if ((st = reader_accept_id(r, &at, text->controls && reader_refused_as_binary(r, text->string, text->len))) !=
        NP_OK)
        return st;

    r->record = (np_record){
        .id = r->id.data,
        .text = text->string,
        .text_len = text->len,
        .title = opt_text(r, line, len, f, JSONSCAN_TITLE),
        .date = opt_date(r, line, len, &f[JSONSCAN_DATE]),
        .url = opt_text(r, line, len, f, JSONSCAN_URL),
        .source = opt_text(r, line, len, f, JSONSCAN_SOURCE),
        .path = r->path,
        .line = r->lines.lineno,
        .html = page == 1,
        .markdown = page == 2,
    };
    r->n_records++;
    return NP_OK;
}

/* The end of a JSONL input: NP_DONE, or a failure when a regular file
 * ended short of the size it had when opened (truncated while read: the
 * line cut there was skipped as invalid JSON, the rest is gone). */
static np_status jsonl_end(np_reader *r)
{
    off_t at = r->file && r->file != stdin && !r->gz ? ftello(r->file) : -1;
    if (at < 0 || (uint64_t)at >= r->input_size)
        return NP_DONE;
    uint64_t size = r->input_size;
    r->input_size = (uint64_t)at; /* said once; the next call ends the input */
    return reader_fail(r, NP_EIO, "%s: the file shrank while read (to %lld of its %llu bytes): what it held "
                "past line %llu is not read", r->name, (long long)at, (unsigned long long)size,
                (unsigned long long)r->lines.lineno);
}

/* Next record of the open JSONL input; NP_DONE at its end.  Without
 * `decode`, a record line is passed over: NP_OK, nothing parsed. */
np_status reader_next_jsonl(np_reader *r, int decode)
{
    for (;;) {
        const char *line;
        size_t len;
        linereader_result lr = linereader_next(&r->lines, &line, &len);
        if (lr == LINE_EOF)
            return r->input_held ? jsonl_end(r) : reader_empty_input(r);
        if (lr != LINE_OK)
            r->input_held = 1; /* a line said to be bad: not an empty file */
        /* where: after the last whole line, or in the first ('after line 0'
         * named a line no file has) */
        char where[48] = "in its first line";
        if (lr == LINE_ERROR && r->lines.lineno)
            snprintf(where, sizeof where, "after line %llu", (unsigned long long)r->lines.lineno);
        if (lr == LINE_ERROR && (r->gz ? reader_gzip_interrupted(r->gz) : r->lines.error == EINTR))
            return reader_fail(r, NP_EINTR, "%s: reading stopped by a signal %s, the rest skipped", r->name, where);
        if (lr == LINE_ERROR && r->gz)
            return reader_fail(r, NP_EINPUT, "%s: gzip data damaged or cut short %s (%s), the rest skipped",
                        r->name, where, reader_gzip_problem(r->gz));
        if (lr == LINE_ERROR)
            return reader_fail(r, NP_EIO, "%s: read error %s: %s", r->name, where, strerror(r->lines.error));
        if (lr == LINE_NOMEM)
            return reader_fail(r, NP_ENOMEM, "%s:%llu: out of memory", r->name,
                        (unsigned long long)r->lines.lineno);
        if (lr == LINE_TOO_LONG)
            return reader_fail(r, NP_EINPUT, "%s:%llu: record over the %u MiB cap, skipped",
                        r->name, (unsigned long long)r->lines.lineno, NP_MAX_RECORD_BYTES >> 20);
        size_t i = 0;
        while (i < len && reader_is_blank(line[i]) && line[i] != '\n')
            i++;
        if (i == len)
            continue; /* blank lines separate nothing and are not records */
        r->input_held = 1;
        const unsigned char *bom = (const unsigned char *)line;
        if (r->lines.lineno == 1 && len >= 2 &&
            ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF))) {
            /* every line would be refused, each for its NUL bytes */
            np_status st = reader_fail(r, NP_EINPUT, "%s: UTF-16 text (it opens with a UTF-16 byte-order mark), "
                                "but JSONL is UTF-8: convert it (iconv -f UTF-16 -t UTF-8), skipped", r->name);
            reader_close_input(r);
            return st;
        }
        return decode ? parse_jsonl_record(r, line, len) : NP_OK;
    }
}
