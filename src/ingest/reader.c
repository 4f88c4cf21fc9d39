/*
 * reader: streams raw articles out of files, directories, globs and stdin.
 *
 * Inputs are expanded lazily from a stack of pending paths, so a directory
 * of a million files costs one directory listing at a time, and a JSONL
 * file is read one line at a time through a fixed chunk buffer: memory is
 * bounded by NP_MAX_RECORD_BYTES whatever the corpus size.  A JSONL line's
 * fields come from a hand-written scanner (jsonscan.h: the measured hot
 * path of the main input format), or from jansson for any line the scanner
 * declines.  Every problem (unreadable path, record over a cap, invalid
 * JSON, repeated id) skips that input or record only and is described in
 * the reader's message.
 */
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>
#include <xxhash.h>

#include "common/sort.h"
#include "common/alloc.h"
#include "common/buf.h"
#include "common/idset.h"
#include "common/utf8.h"
#include "ingest/id.h"
#include "ingest/jsondate.h"
#include "ingest/jsonscan.h"
#include "ingest/linereader.h"
#include "ingest/warcsource.h"

typedef struct pending {
    char *path;       /* owned */
    unsigned depth;   /* directory nesting below the argument */
    unsigned flags;
} pending;

enum { FROM_DIR = 1, FROM_GLOB = 2 };

struct np_reader {
    const np_allocator *allocator; /* borrowed */
    np_input_format format;

    pending *stack;     /* owned; next input on top */
    size_t n_stack, cap_stack;

    /* the JSONL input being read, if any */
    linereader lines;
    FILE *file;         /* owned */
    gzFile gz;          /* owned: the JSONL or text input, when gzip-compressed
                           or standard input (zlib passes plain bytes as they are) */
    char *path;         /* owned; NULL when no input is open */
    char *stem;         /* owned: file name without extension */

    warcsource warc;    /* owned when warc_open: the WARC input being read, plain or gzip */
    int warc_open;
    unsigned long long warc_records;
    int warc_line_ready; /* warc_line holds the next record's first line, found by a scan */
    uint64_t warc_line_at; /* where warc_line began (warcsource_tell) */
    int warc_truncated;  /* a record cut short by the file's end was said */
    uint64_t warc_headers; /* records of the open WARC input that began "WARC/" */
    /* the stretches of the open WARC input passed over, said once at its end */
    uint64_t warc_lost, warc_lost_bytes, warc_lost_inflated;
    struct warc_stretch {
        unsigned long long record; /* the record lost there */
        uint64_t from, to;
        int to_end;                /* ran to the file's end */
        int inflated;              /* from and to count inflated bytes, not the file's */
    } warc_first, warc_last;
    char warc_lost_why[200]; /* the first stretch's cause */
    int input_held;     /* the JSONL or WARC input open now showed a line that is not blank */
    buf warc_line;
    buf warc_meta;      /* the current WARC record's id, url and charset */
    buf text;           /* bytes of the current record */
    buf id;             /* the current record's id */
    char date_text[JSONDATE_MAX]; /* the current record's date when JSON gave no string */
    char unread[200];   /* its title, url or source fields not read, and why, or "" */
    json_t *json;       /* owned: the current JSONL object, when jansson read it */
    int ints_as_reals;  /* json was read with integers past 64 bits as reals */
    buf fields;         /* the current JSONL record's strings, when the scanner read it */
    np_record record;

    /* the directories being walked, outermost first: dirs[d] is the one at
     * depth d above the input open now (a link back to one is a loop) */
    struct { dev_t dev; ino_t ino; } dirs[NP_MAX_PATH_DEPTH];

    idset seen_ids;
    uint64_t n_records, n_skipped;
    uint64_t duplicates;  /* records skipped for an id an earlier one has */
    int unnamed;          /* the last failure is one of those, past the named ones */
    /* .json files a directory walk met that are no JSONL (a project's
     * package.json, tsconfig.json): the first is named, the others counted
     * and the first of them listed, for one line at the end */
    uint64_t walk_json;
    char walk_json_names[600];
    unsigned walk_json_kinds; /* WALK_JSON_* of those counted */
    int walk_json_file;   /* the JSONL open now is a .json file a walk met */
    /* files a directory walk passed over as no articles by their names
     * (README.md, LICENSE, a photo): counted and the first listed, for
     * one note at the end, so that none is lost without a word */
    uint64_t walk_passed;
    char walk_passed_names[600];
    uint64_t bytes_done;  /* sizes of the files closed so far */
    uint64_t input_size;  /* of the file open now, when it is a regular file */
    char errmsg[1024];
};

static np_status fail(np_reader *r, np_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static np_status fail(np_reader *r, np_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
    r->n_skipped++;
    r->unnamed = 0;
    return st;
}

/* Where a record is, for its messages: "PATH: line N", "PATH: record N" or
 * "PATH", written only when there is something to say. */
typedef struct place {
    const char *path;
    const char *unit; /* "line", "record", or NULL for the whole file */
    unsigned long long number;
} place;

static np_status fail_at(np_reader *r, const place *at, np_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* fail, the message after "PATH: line N: " (or "PATH: ") */
static np_status fail_at(np_reader *r, const place *at, np_status st, const char *fmt, ...)
{
    int n = at->unit ? snprintf(r->errmsg, sizeof r->errmsg, "%s: %s %llu: ", at->path, at->unit, at->number)
                     : snprintf(r->errmsg, sizeof r->errmsg, "%s: ", at->path);
    if (n >= 0 && (size_t)n < sizeof r->errmsg) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->errmsg + n, sizeof r->errmsg - (size_t)n, fmt, ap);
        va_end(ap);
    }
    r->n_skipped++;
    r->unnamed = 0;
    return st;
}

/* A space of Unicode's Zs category, or a zero-width space or joiner. */
static int is_unicode_space(uint32_t cp)
{
    return cp == ' ' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200D) || cp == 0x202F ||
           cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

int id_is_blank(const char *id, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode((const unsigned char *)id + i, len - i, &cp);
        if (!n || !is_unicode_space(cp))
            return 0; /* a byte that is not UTF-8 is something to see */
        i += n;
    }
    return 1;
}

id_check id_check_of(const char *id, size_t len)
{
    if (len == 0 || len > NP_MAX_ID_BYTES)
        return ID_LENGTH;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)id[i] < 0x20)
            return ID_CONTROL;
    return id_is_blank(id, len) ? ID_BLANK : ID_OK;
}

/* Spaces that may surround a record; NUL is not one (strchr would say so). */
static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static np_status push(np_reader *r, const char *path, size_t len, unsigned depth, unsigned flags)
{
    if (r->n_stack == r->cap_stack) {
        size_t cap = r->cap_stack ? r->cap_stack * 2 : 16;
        pending *s = np_realloc_array(r->allocator, r->stack, cap, sizeof *s);
        if (!s)
            return NP_ENOMEM;
        r->stack = s;
        r->cap_stack = cap;
    }
    char *copy = np_strndup(r->allocator, path, len);
    if (!copy)
        return NP_ENOMEM;
    r->stack[r->n_stack++] = (pending){ copy, depth, flags };
    return NP_OK;
}

np_status np_reader_open(np_reader **out, const char *const *inputs, size_t n_inputs,
                         np_input_format format, const np_allocator *allocator)
{
    *out = NULL;
    if (!allocator)
        allocator = np_default_allocator();
    if (n_inputs && !inputs)
        return NP_EPARAM;
    np_reader *r = np_calloc(allocator, 1, sizeof *r);
    if (!r)
        return NP_ENOMEM;
    r->allocator = allocator;
    r->format = format;
    buf_init(&r->text, allocator);
    buf_init(&r->warc_line, allocator);
    buf_init(&r->warc_meta, allocator);
    buf_init(&r->id, allocator);
    buf_init(&r->fields, allocator);
    idset_init(&r->seen_ids, allocator);
    linereader_init(&r->lines, allocator);
    /* pushed in reverse so the first argument is read first */
    for (size_t i = n_inputs; i-- > 0;) {
        if (!inputs[i] || push(r, inputs[i], strlen(inputs[i]), 0, 0) != NP_OK) {
            np_reader_free(r);
            return inputs[i] ? NP_ENOMEM : NP_EPARAM;
        }
    }
    *out = r;
    return NP_OK;
}

static void close_input(np_reader *r)
{
    r->bytes_done += r->input_size;
    r->input_size = 0;
    if (r->warc_open)
        warcsource_close(&r->warc);
    r->warc_open = 0;
    r->warc_records = 0;
    r->warc_line_ready = 0;
    r->warc_truncated = 0;
    r->warc_headers = r->warc_lost = r->warc_lost_bytes = r->warc_lost_inflated = 0;
    r->input_held = 0;
    if (r->file && r->file != stdin)
        fclose(r->file);
    r->file = NULL;
    if (r->gz)
        gzclose(r->gz);
    r->gz = NULL;
    np_free(r->allocator, r->path);
    np_free(r->allocator, r->stem);
    r->path = r->stem = NULL;
    linereader_reset(&r->lines);
}

uint64_t reader_duplicates(const np_reader *r)
{
    return r->duplicates;
}

int reader_failure_unnamed(const np_reader *r)
{
    return r->unnamed;
}

uint64_t reader_walk_json_unnamed(const np_reader *r, const char **names, unsigned *kinds)
{
    *names = r->walk_json_names;
    *kinds = r->walk_json_kinds;
    return r->walk_json > 1 ? r->walk_json - 1 : 0;
}

uint64_t reader_walk_passed_over(const np_reader *r, const char **names)
{
    *names = r->walk_passed_names;
    return r->walk_passed;
}

const char *reader_fields_unread(const np_reader *r)
{
    return r->unread[0] ? r->unread : NULL;
}

uint64_t np_reader_bytes_read(const np_reader *r)
{
    if (!r)
        return 0;
    long long at = 0;
    if (r->warc_open)
        at = (long long)warcsource_offset(&r->warc);
    else if (r->gz)
        at = (long long)gzoffset(r->gz);
    else if (r->file && r->file != stdin)
        at = (long long)ftello(r->file);
    if (at < 0)
        at = 0;
    /* a file read ahead of what was returned is counted as read */
    return r->bytes_done + ((uint64_t)at < r->input_size ? (uint64_t)at : r->input_size);
}

void np_reader_free(np_reader *r)
{
    if (!r)
        return;
    close_input(r);
    for (size_t i = 0; i < r->n_stack; i++)
        np_free(r->allocator, r->stack[i].path);
    np_free(r->allocator, r->stack);
    json_decref(r->json);
    buf_free(&r->text);
    buf_free(&r->warc_line);
    buf_free(&r->warc_meta);
    buf_free(&r->id);
    buf_free(&r->fields);
    idset_free(&r->seen_ids);
    linereader_free(&r->lines);
    np_free(r->allocator, r);
}

const char *np_reader_errmsg(const np_reader *r)
{
    return r ? r->errmsg : "no reader";
}

void np_reader_counts(const np_reader *r, uint64_t *records, uint64_t *skipped)
{
    if (records)
        *records = r ? r->n_records : 0;
    if (skipped)
        *skipped = r ? r->n_skipped : 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* ".gz" ends a name */
static int is_gz_name(const char *base, size_t len)
{
    return len > 3 && memcmp(base + len - 3, ".gz", 3) == 0;
}

/* The extension of a name, and its length: the one before ".gz" when it
 * ends so (a.jsonl.gz is JSONL), "" when there is none. */
static const char *extension_of(const char *path, size_t *len)
{
    const char *base = base_name(path);
    size_t n = strlen(base);
    if (is_gz_name(base, n))
        n -= 3;
    for (const char *c = base + n; c-- > base + 1;) { /* a leading dot is a hidden name's */
        if (*c == '.') {
            *len = (size_t)(base + n - c);
            return c;
        }
    }
    *len = 0;
    return "";
}

static int has_extension(const char *path, const char *ext)
{
    size_t len;
    const char *found = extension_of(path, &len);
    return len == strlen(ext) && memcmp(found, ext, len) == 0;
}

static int is_html_name(const char *path)
{
    return has_extension(path, ".html") || has_extension(path, ".htm");
}

static int is_warc_name(const char *path)
{
    size_t n = strlen(path);
    return (n > 5 && strcmp(path + n - 5, ".warc") == 0) || (n > 8 && strcmp(path + n - 8, ".warc.gz") == 0);
}

static int is_jsonl_name(const char *path)
{
    return has_extension(path, ".jsonl") || has_extension(path, ".ndjson");
}

/* A file that comes with a project or a data set, not an article: a
 * corpus folder's LICENSE, README or NOTICE (bare or .txt, any case). */
static int is_project_file_name(const char *base)
{
    static const char *const names[] = {"AUTHORS", "CHANGELOG", "CHANGES", "CONTRIBUTING", "CONTRIBUTORS",
                                        "COPYING", "COPYRIGHT", "INSTALL", "LICENCE", "LICENSE", "MAINTAINERS",
                                        "MAKEFILE", "NOTICE", "README"};
    size_t len = strcspn(base, ".");
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == len && strncasecmp(base, names[i], len) == 0)
            return 1;
    return 0;
}

/* Files picked up from a directory walk: text, JSONL (.json too, read as
 * one given by name is), HTML and WARC, each plain or gzip-compressed,
 * nothing else; a text file without an extension is an article (many
 * corpora name them so) unless it is a project's (is_project_file_name).
 * A file named on the command line is read whatever its name. */
static int is_article_name(const char *path)
{
    size_t len;
    extension_of(path, &len);
    const char *base = base_name(path);
    if (is_project_file_name(base))
        return 0;
    if (!len) /* a name without an extension, but not "x.gz": some archive */
        return !is_gz_name(base, strlen(base));
    return has_extension(path, ".txt") || has_extension(path, ".text") || is_jsonl_name(path) ||
           has_extension(path, ".json") || is_html_name(path) || is_warc_name(path);
}

/* A file a walk passes over: counted, and the first few listed. */
static void walk_passed_over(np_reader *r, const char *path)
{
    size_t len = strlen(r->walk_passed_names);
    if (r->walk_passed++ < WALK_PASSED_LISTED)
        snprintf(r->walk_passed_names + len, sizeof r->walk_passed_names - len, "%s%.180s", len ? ", " : "",
                 path);
}

static int has_glob_chars(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

static np_status set_stem(np_reader *r, const char *path)
{
    const char *base = strcmp(path, "-") == 0 ? "stdin" : base_name(path);
    size_t len = strlen(base), ext_len;
    if (is_gz_name(base, len) && !is_warc_name(path)) {
        /* a.jsonl.gz, story.txt.gz: named as a.jsonl and story.txt are */
        extension_of(path, &ext_len);
        len -= 3 + ext_len;
    } else {
        const char *dot = strrchr(base, '.');
        len = (dot && dot != base) ? (size_t)(dot - base) : len;
    }
    if (utf8_valid(base, len)) {
        r->stem = np_strndup(r->allocator, base, len);
        return r->stem ? NP_OK : NP_ENOMEM;
    }
    /* a file name is bytes; an id is UTF-8 text */
    buf repaired;
    int changed = 0;
    buf_init(&repaired, r->allocator);
    np_status st = utf8_repair(&repaired, base, len, &changed);
    if (st == NP_OK)
        r->stem = np_strndup(r->allocator, repaired.data ? repaired.data : "", repaired.len);
    buf_free(&repaired);
    return st != NP_OK ? st : r->stem ? NP_OK : NP_ENOMEM;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pushes a directory's entries (hidden ones skipped) in reverse sorted
 * order, so they pop in sorted order.  sb: the directory's stat. */
static np_status expand_dir(np_reader *r, const pending *p, const struct stat *sb)
{
    if (p->depth >= NP_MAX_PATH_DEPTH)
        return fail(r, NP_EINPUT, "%s: directory nested deeper than %d levels, skipped",
                    p->path, NP_MAX_PATH_DEPTH);
    /* entries pop depth first, so dirs[0 .. depth-1] hold this one's parents */
    for (unsigned d = 0; d < p->depth; d++)
        if (r->dirs[d].dev == sb->st_dev && r->dirs[d].ino == sb->st_ino)
            return fail(r, NP_EINPUT, "%s: a link back to a directory it is in (a loop), skipped", p->path);
    r->dirs[p->depth].dev = sb->st_dev;
    r->dirs[p->depth].ino = sb->st_ino;
    DIR *dir = opendir(p->path);
    if (!dir)
        return fail(r, NP_EIO, "%s: cannot open directory: %s", p->path, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    np_status st = NP_OK;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = np_realloc_array(r->allocator, names, cap, sizeof *names);
            if (!grown) {
                st = NP_ENOMEM;
                break;
            }
            names = grown;
        }
        if (!(names[n] = np_strndup(r->allocator, e->d_name, strlen(e->d_name)))) {
            st = NP_ENOMEM;
            break;
        }
        n++;
    }
    closedir(dir);
    if (st == NP_OK && n)
        np_sort(names, n, sizeof *names, cmp_names);
    buf full;
    buf_init(&full, r->allocator);
    for (size_t i = n; i-- > 0 && st == NP_OK;) {
        buf_clear(&full);
        if ((st = buf_puts(&full, p->path)) == NP_OK &&
            (full.len == 0 || full.data[full.len - 1] != '/'))
            st = buf_putc(&full, '/');
        if (st == NP_OK)
            st = buf_puts(&full, names[i]);
        if (st == NP_OK)
            st = push(r, full.data, full.len, p->depth + 1, FROM_DIR);
    }
    buf_free(&full);
    for (size_t i = 0; i < n; i++)
        np_free(r->allocator, names[i]);
    np_free(r->allocator, names);
    if (st != NP_OK)
        return fail(r, st, "%s: out of memory listing directory", p->path);
    return NP_OK;
}

static np_status expand_glob(np_reader *r, const pending *p)
{
    glob_t g;
    int rc = glob(p->path, 0, NULL, &g);
    if (rc == GLOB_NOMATCH)
        return fail(r, NP_EIO, "%s: no such file, and no file matches it as a pattern", p->path);
    if (rc != 0)
        return fail(r, NP_EIO, "%s: cannot expand pattern", p->path);
    np_status st = NP_OK;
    for (size_t i = g.gl_pathc; i-- > 0 && st == NP_OK;)
        st = push(r, g.gl_pathv[i], strlen(g.gl_pathv[i]), p->depth, FROM_GLOB);
    globfree(&g);
    if (st != NP_OK)
        return fail(r, st, "%s: out of memory expanding pattern", p->path);
    return NP_OK;
}

/* zlib's words for what is wrong with a gzip stream, without the "<fd:N>: "
 * it puts before them */
static const char *gzip_problem(gzFile gz)
{
    int err;
    const char *why = gzerror(gz, &err), *colon = strstr(why, ": ");
    return colon ? colon + 2 : why;
}

/* Reads a whole text file, or gzip stream (a compressed file, stdin), into
 * r->text, at most the cap. */
static np_status read_text_file(np_reader *r, FILE *f, gzFile gz, const char *path, size_t size_hint)
{
    buf_clear(&r->text);
    /* one allocation for a file of known size instead of doubling copies */
    if (size_hint && size_hint <= NP_MAX_RECORD_BYTES && buf_reserve(&r->text, size_hint + 1) != NP_OK)
        return fail(r, NP_ENOMEM, "%s: out of memory reading file", path);
    char chunk[65536];
    int got;
    while ((got = gz ? gzread(gz, chunk, sizeof chunk) : (int)fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (r->text.len + (size_t)got > NP_MAX_RECORD_BYTES)
            return fail(r, NP_EINPUT, "%s: larger than the %u MiB article cap, skipped", path,
                        NP_MAX_RECORD_BYTES >> 20);
        if (buf_append(&r->text, chunk, (size_t)got) != NP_OK)
            return fail(r, NP_ENOMEM, "%s: out of memory reading file", path);
    }
    int err = Z_OK;
    if (gz && (got < 0 || (gzerror(gz, &err), err != Z_OK && err != Z_STREAM_END)))
        return fail(r, NP_EINPUT, "%s: gzip data damaged or cut short (%s), skipped", path, gzip_problem(gz));
    if (!gz && ferror(f))
        return fail(r, NP_EIO, "%s: read error: %s", path, strerror(errno));
    size_t i = 0;
    while (i < r->text.len && is_blank(r->text.data[i]))
        i++;
    if (i == r->text.len)
        return fail(r, NP_EINPUT, "%s: empty file, skipped", path);
    return NP_OK;
}

/* Every id, whatever gave it (a JSONL "id", a file name, a WARC URI), is
 * refused when blank or already seen. */
static np_status accept_id(np_reader *r, const place *at)
{
    if (id_is_blank(r->id.data, r->id.len))
        return fail_at(r, at, NP_EINPUT, "id \"%s\" is only spaces, skipped", r->id.data);
    int added;
    uint64_t h = XXH3_64bits(r->id.data, r->id.len);
    if (idset_add(&r->seen_ids, h, &added) != NP_OK)
        return fail_at(r, at, NP_ENOMEM, "out of memory");
    if (added)
        return NP_OK;
    fail_at(r, at, NP_EINPUT, "duplicate id \"%s\" (an earlier article has it), skipped", r->id.data);
    r->unnamed = ++r->duplicates > READER_DUPLICATES_NAMED;
    return NP_EINPUT;
}

/* Standard input that starts as a web page does ('<!DOCTYPE html', '<html',
 * after blanks and a UTF-8 byte-order mark): curl's output piped in was one
 * text article of tags. */
static int starts_as_html(const char *text, size_t len)
{
    size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && is_blank(text[i]))
        i++;
    static const char *const starts[] = { "<!doctype html", "<html" };
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
        size_t n = strlen(starts[k]);
        if (len - i >= n && strncasecmp(text + i, starts[k], n) == 0)
            return 1;
    }
    return 0;
}

/* The text file just read as one record; html: read it as a web page. */
static np_status emit_text_file(np_reader *r, const char *path, int html)
{
    r->record = (np_record){ 0 };
    buf_clear(&r->id);
    if (buf_puts(&r->id, r->stem) != NP_OK)
        return fail(r, NP_ENOMEM, "%s: out of memory", path);
    const place at = { path, NULL, 0 };
    np_status st = accept_id(r, &at);
    if (st != NP_OK)
        return st;
    r->record.id = r->id.data;
    r->record.text = r->text.data;
    r->record.text_len = r->text.len;
    r->record.path = path;
    r->record.html = html;
    r->n_records++;
    return NP_OK;
}

/* A regular file open in r->file that starts as gzip data does (whatever
 * its name) is read through zlib instead: r->gz takes its place. */
static np_status open_if_gzip(np_reader *r, const char *path)
{
    unsigned char magic[2];
    size_t got = fread(magic, 1, sizeof magic, r->file);
    rewind(r->file); /* the descriptor too: zlib reads it from the start */
    if (got != 2 || magic[0] != 0x1f || magic[1] != 0x8b)
        return NP_OK;
    int fd = dup(fileno(r->file));
    r->gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
    fclose(r->file);
    r->file = NULL;
    if (!r->gz) {
        if (fd >= 0)
            close(fd);
        return fail(r, NP_EIO, "%s: cannot open: %s", path, strerror(errno ? errno : ENOMEM));
    }
    return NP_OK;
}

/* Opens the input on top of the stack: expands directories and globs,
 * reads text files whole, and leaves JSONL files open for line reading.
 * NP_OK with *have_record set when a text article is ready. */
/* Whether standard input is JSONL: its first byte but blanks (and a UTF-8
 * byte-order mark, as Windows tools write) is '{'.  What was read is given
 * back but the blanks, whose newlines are counted in *lines (line numbers
 * are the input's); the mark is dropped with the first line read
 * (linereader.h). */
static int stdin_is_jsonl(gzFile gz, unsigned long long *lines)
{
    *lines = 0;
    int c = gzgetc(gz), bom = c == 0xEF;
    if (c == 0xFF || c == 0xFE) {
        /* JSONL in UTF-16 (a UTF-16 byte-order mark, then '{'): read as
         * JSONL, whose first line refuses it naming the encoding */
        int c2 = gzgetc(gz), c3 = gzgetc(gz), c4 = gzgetc(gz);
        int wide = (c == 0xFF && c2 == 0xFE && c3 == '{' && c4 == 0) ||
                   (c == 0xFE && c2 == 0xFF && c3 == 0 && c4 == '{');
        int back[] = { c4, c3, c2, c };
        for (size_t k = 0; k < 4; k++)
            if (back[k] != -1)
                gzungetc(back[k], gz);
        return wide;
    }
    if (bom) {
        int c2 = gzgetc(gz), c3 = gzgetc(gz);
        bom = c2 == 0xBB && c3 == 0xBF;
        if (bom) {
            c = gzgetc(gz);
        } else {
            if (c3 != -1)
                gzungetc(c3, gz);
            if (c2 != -1)
                gzungetc(c2, gz);
        }
    }
    while (c != -1 && is_blank((char)c)) {
        *lines += c == '\n';
        c = gzgetc(gz);
    }
    if (c != -1)
        gzungetc(c, gz);
    if (bom)
        gzungetc(0xBF, gz), gzungetc(0xBB, gz), gzungetc(0xEF, gz);
    return c == '{';
}

/* The next byte of the open file (plain or gzip), or -1. */
static int input_getc(np_reader *r)
{
    return r->gz ? gzgetc(r->gz) : getc(r->file);
}

/* A .json file a directory walk met is refused (its failure just set), of
 * kind WALK_JSON_*: past the first such file, counted and the first few
 * listed, for one line at the end. */
static void walk_json_refused(np_reader *r, unsigned kind)
{
    if (r->walk_json++ == 0)
        return;
    r->unnamed = 1;
    r->walk_json_kinds |= kind;
    size_t len = strlen(r->walk_json_names);
    if (r->walk_json <= 1 + WALK_JSON_LISTED)
        snprintf(r->walk_json_names + len, sizeof r->walk_json_names - len, "%s%.180s", len ? ", " : "", r->path);
}

/* A .json file given by name: one object a line (JSONL under another
 * name, as many exports are) is read as JSONL; a JSON array, or an object
 * over several lines, is refused with the jq command that makes JSONL of
 * it, where either was read as one text article of JSON (or an object,
 * a line at a time, each line an error).  in_walk: met in a directory
 * walk, where past the first such file they are counted (a project's
 * folder holds many).  returns: NP_OK, *jsonl set */
static np_status open_json_name(np_reader *r, int *jsonl, int in_walk)
{
    /* the first byte but blanks and a UTF-8 byte-order mark, then the
     * next on its line but spaces: '\n' after a '{' of its own */
    int c, next = -1, at = 0;
    do
        c = input_getc(r), at++;
    while (c != -1 && at < 4096 &&
           (is_blank((char)c) || (at <= 3 && c == (unsigned char)"\xEF\xBB\xBF"[at - 1])));
    if (c == '{')
        do
            next = input_getc(r);
        while (next == ' ' || next == '\t' || next == '\r');
    /* an object whose first line ends open ('{"name": "x",') goes on over
     * several lines: a JSONL record ends its line with '}' */
    int open_line = 0;
    if (c == '{' && next != '\n' && next != -1) {
        int last = next, d;
        while ((d = input_getc(r)) != -1 && d != '\n')
            if (!is_blank((char)d))
                last = d;
        open_line = d == '\n' && last != '}';
    }
    if (r->gz)
        gzrewind(r->gz);
    else
        rewind(r->file);
    *jsonl = c == '{';
    if (c != '[' && !(c == '{' && (next == '\n' || next == -1 || open_line)))
        return NP_OK;
    np_status st = fail(r, NP_EINPUT, "%s: %s, but newsprint reads one article a line (JSONL): convert it "
                        "(jq -c '%s' FILE > FILE.jsonl), skipped", r->path,
                        c == '[' ? "a JSON array" : "a JSON object over several lines", c == '[' ? ".[]" : ".");
    if (in_walk)
        walk_json_refused(r, WALK_JSON_SHAPE);
    close_input(r);
    return st;
}

static np_status open_next(np_reader *r, int *have_record)
{
    *have_record = 0;
    pending p = r->stack[--r->n_stack];
    np_status st = NP_OK;
    close_input(r);
    r->walk_json_file = 0;
    r->path = p.path; /* ownership moves to the reader */
    if ((st = set_stem(r, p.path)) != NP_OK)
        return fail(r, st, "%s: out of memory", p.path);

    int is_stdin = strcmp(p.path, "-") == 0 && !(p.flags & (FROM_DIR | FROM_GLOB));
    int jsonl;
    size_t file_size = 0;
    unsigned long long blank_lines = 0; /* before standard input's first record */
    if (is_stdin) {
        /* through zlib, which passes bytes that are not gzip data as they
         * are: a pipe of gzip data reads as its plain form too */
        int fd = dup(STDIN_FILENO);
        r->gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
        if (!r->gz) {
            if (fd >= 0)
                close(fd);
            return fail(r, NP_EIO, "-: cannot read standard input: %s", strerror(errno ? errno : ENOMEM));
        }
        jsonl = r->format == NP_FORMAT_JSONL;
        if (r->format == NP_FORMAT_AUTO)
            jsonl = stdin_is_jsonl(r->gz, &blank_lines);
    } else {
        struct stat sb;
        if (stat(p.path, &sb) != 0) {
            if (errno == ENOENT && has_glob_chars(p.path) && !(p.flags & FROM_GLOB))
                return expand_glob(r, &p);
            int why = errno;
            char target[256];
            ssize_t n;
            if (why == ENOENT && lstat(p.path, &sb) == 0 && S_ISLNK(sb.st_mode) &&
                (n = readlink(p.path, target, sizeof target - 1)) >= 0) {
                target[n] = '\0';
                return fail(r, NP_EIO, "%s: cannot open: a symbolic link to a missing file (%s)", p.path, target);
            }
            return fail(r, NP_EIO, "%s: cannot open: %s", p.path, strerror(why));
        }
        if (S_ISDIR(sb.st_mode))
            return expand_dir(r, &p, &sb);
        if ((p.flags & FROM_DIR) && !is_article_name(p.path)) {
            walk_passed_over(r, p.path); /* not an article file: noted at the end */
            return NP_OK;
        }
        /* a pipe or a device is read only when named: one met in a walk
         * or a pattern could wait for a writer for ever */
        if ((p.flags & (FROM_DIR | FROM_GLOB)) && !S_ISREG(sb.st_mode))
            return fail(r, NP_EINPUT, "%s: not a regular file (a pipe or device is read only when named), skipped",
                        p.path);
        if (!S_ISREG(sb.st_mode) && !S_ISFIFO(sb.st_mode) && !S_ISCHR(sb.st_mode))
            return fail(r, NP_EINPUT, "%s: not a regular file, skipped", p.path);
        if (r->format == NP_FORMAT_AUTO && is_warc_name(p.path)) {
            /* plain and gzip alike: .warc and .warc.gz */
            int error = warcsource_open(&r->warc, p.path, r->allocator);
            if (error)
                return fail(r, error == ENOMEM ? NP_ENOMEM : NP_EIO, "%s: cannot open: %s", p.path,
                            strerror(error));
            r->warc_open = 1;
            r->input_size = S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
            return NP_OK;
        }
        jsonl = r->format == NP_FORMAT_JSONL ||
                (r->format == NP_FORMAT_AUTO && is_jsonl_name(p.path));
        r->file = fopen(p.path, "rb");
        if (!r->file)
            return fail(r, NP_EIO, "%s: cannot open: %s", p.path, strerror(errno));
        if (S_ISREG(sb.st_mode))
            file_size = (size_t)sb.st_size;
        r->input_size = file_size;
        if (S_ISREG(sb.st_mode) && (st = open_if_gzip(r, p.path)) != NP_OK)
            return st;
        if (r->format == NP_FORMAT_AUTO && S_ISREG(sb.st_mode) && has_extension(p.path, ".json")) {
            if ((st = open_json_name(r, &jsonl, (p.flags & FROM_DIR) != 0)) != NP_OK)
                return st;
            r->walk_json_file = jsonl && (p.flags & FROM_DIR);
        }
        /* known once a .json file is looked at: JSONL has no such cap */
        if (!jsonl && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > NP_MAX_RECORD_BYTES) {
            st = fail(r, NP_EINPUT, "%s: %llu bytes, over the %u MiB article cap, skipped", p.path,
                      (unsigned long long)sb.st_size, NP_MAX_RECORD_BYTES >> 20);
            close_input(r);
            return st;
        }
    }
    if (jsonl) {
        if (r->gz)
            linereader_start_gz(&r->lines, r->gz);
        else
            linereader_start(&r->lines, r->file);
        linereader_lines_before(&r->lines, blank_lines);
        return NP_OK;
    }
    st = read_text_file(r, r->file, r->gz, p.path, r->gz ? 0 : file_size);
    if (r->file && r->file != stdin)
        fclose(r->file);
    r->file = NULL;
    if (r->gz)
        gzclose(r->gz);
    r->gz = NULL;
    if (st != NP_OK)
        return st;
    st = emit_text_file(r, r->path, is_stdin ? starts_as_html(r->text.data, r->text.len) : is_html_name(r->path));
    if (st == NP_OK)
        *have_record = 1;
    return st;
}

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
    const char *key = jsonscan_keys[k];
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
    return jsondate_text(json_object_get(r->json, "date"), r->date_text);
}

/* The fields of a JSONL line: the scanner's, or jansson's for a line the
 * scanner declines (jansson then says what is wrong, or repairs it). */
static np_status read_jsonl_fields(np_reader *r, const char *line, size_t len, const place *at,
                                   jsonscan_field fields[JSONSCAN_FIELDS])
{
    json_decref(r->json);
    r->json = NULL;
    r->ints_as_reals = 0;
    np_status st = jsonscan_record(line, len, &r->fields, fields);
    if (st == NP_ENOMEM)
        return fail_at(r, at, NP_ENOMEM, "out of memory");
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
                return fail_at(r, at, NP_ENOMEM, "out of memory");
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
            return fail_at(r, at, NP_EINPUT, "invalid JSON: a NUL byte at byte %zu (binary data?), skipped",
                           (size_t)(nul - bytes) + 1);
        return fail_at(r, at, NP_EINPUT, "invalid JSON at column %d: %s, skipped",
                    err.column, err.text);
    }
    if (!json_is_object(r->json)) {
        const char *kind = json_is_array(r->json) ? "an array" : json_is_string(r->json) ? "a string"
                           : json_is_null(r->json) ? "null" : "a scalar";
        return fail_at(r, at, NP_EINPUT, "JSON value is %s, not an object, skipped", kind);
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
 * saves it) into *text.  The scanner does not look for "html": such lines
 * are rare, or all of a crawl's, which then costs a second parse.
 * returns: 1, or 0 when the line has none. */
static int jsonl_html(np_reader *r, const char *line, size_t len, jsonscan_field *text)
{
    if (!r->json)
        r->json = json_loadb(line, len, JSONSCAN_JANSSON_FLAGS, NULL);
    const json_t *html = json_object_get(r->json, "html");
    if (!json_is_string(html))
        return 0;
    *text = (jsonscan_field){ .kind = JSONSCAN_STRING, .string = json_string_value(html),
                              .len = json_string_length(html) };
    return 1;
}

static np_status parse_jsonl_record(np_reader *r, const char *line, size_t len)
{
    const place at = { r->path, "line", (unsigned long long)r->lines.lineno };
    jsonscan_field f[JSONSCAN_FIELDS];
    np_status st = read_jsonl_fields(r, line, len, &at, f);
    if (st != NP_OK)
        return st;
    jsonscan_field *text = &f[JSONSCAN_TEXT];
    const jsonscan_field *id = &f[JSONSCAN_ID];
    int html = 0;
    if (text->kind != JSONSCAN_STRING && !(html = jsonl_html(r, line, len, text))) {
        st = fail_at(r, &at, NP_EINPUT, "no \"text\" or \"html\" string, skipped");
        /* a project's package.json or tsconfig.json on one line: counted as
         * the .json files of other shapes are */
        if (r->walk_json_file && r->lines.lineno == 1)
            walk_json_refused(r, WALK_JSON_NO_TEXT);
        return st;
    }

    buf_clear(&r->id);
    if (id->kind == JSONSCAN_STRING) {
        size_t n = id->len;
        const char *s = id->string;
        id_check check = id_check_of(s, n);
        if (check == ID_LENGTH)
            return fail_at(r, &at, NP_EINPUT, "\"id\" is empty or over %u bytes, skipped",
                           NP_MAX_ID_BYTES);
        if (check == ID_CONTROL)
            return fail_at(r, &at, NP_EINPUT, "\"id\" contains control characters, skipped");
        st = buf_append(&r->id, s, n); /* a blank one is refused by accept_id */
    } else if (id->kind == JSONSCAN_INTEGER) {
        char num[32];
        snprintf(num, sizeof num, "%lld", id->integer);
        st = buf_puts(&r->id, num);
    } else if (id->kind == JSONSCAN_OTHER && r->ints_as_reals && id_past_64_bits(r->json)) {
        return fail_at(r, &at, NP_EINPUT, "\"id\" is an integer too large (past 64 bits): "
                       "give it as a string, skipped");
    } else if (id->kind == JSONSCAN_OTHER) {
        return fail_at(r, &at, NP_EINPUT, "\"id\" is neither a string nor an integer, skipped");
    } else {
        char num[32];
        snprintf(num, sizeof num, ":%llu", (unsigned long long)r->lines.lineno);
        if ((st = buf_puts(&r->id, r->stem)) == NP_OK)
            st = buf_puts(&r->id, num);
    }
    if (st != NP_OK)
        return fail_at(r, &at, NP_ENOMEM, "out of memory");
    if ((st = accept_id(r, &at)) != NP_OK)
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
        .html = html,
    };
    r->n_records++;
    return NP_OK;
}

/* The end of a JSONL input: NP_DONE, or a failure when a regular file
 * ended short of the size it had when opened (truncated while read: the
 * line cut there was skipped as invalid JSON, the rest is gone). */
/* The JSONL or WARC input open now ends with nothing but blanks in it: an
 * input skipped, as an empty text file is.  returns: NP_EINPUT, the input
 * closed */
static np_status empty_input(np_reader *r)
{
    np_status st = fail(r, NP_EINPUT, "%s: empty file, skipped", r->path);
    close_input(r);
    return st;
}

static np_status jsonl_end(np_reader *r)
{
    off_t at = r->file && r->file != stdin && !r->gz ? ftello(r->file) : -1;
    if (at < 0 || (uint64_t)at >= r->input_size)
        return NP_DONE;
    uint64_t size = r->input_size;
    r->input_size = (uint64_t)at; /* said once; the next call ends the input */
    return fail(r, NP_EIO, "%s: the file shrank while read (to %lld of its %llu bytes): what it held "
                "past line %llu is not read", r->path, (long long)at, (unsigned long long)size,
                (unsigned long long)r->lines.lineno);
}

/* Next record of the open JSONL input; NP_DONE at its end.  Without
 * `decode`, a record line is passed over: NP_OK, nothing parsed. */
static np_status next_jsonl(np_reader *r, int decode)
{
    for (;;) {
        const char *line;
        size_t len;
        linereader_result lr = linereader_next(&r->lines, &line, &len);
        if (lr == LINE_EOF)
            return r->input_held ? jsonl_end(r) : empty_input(r);
        if (lr != LINE_OK)
            r->input_held = 1; /* a line said to be bad: not an empty file */
        if (lr == LINE_ERROR && r->gz)
            return fail(r, NP_EINPUT, "%s: gzip data damaged or cut short after line %llu (%s), the rest skipped",
                        r->path, (unsigned long long)r->lines.lineno, gzip_problem(r->gz));
        if (lr == LINE_ERROR)
            return fail(r, NP_EIO, "%s: read error after line %llu: %s", r->path,
                        (unsigned long long)r->lines.lineno, strerror(r->lines.error));
        if (lr == LINE_NOMEM)
            return fail(r, NP_ENOMEM, "%s: line %llu: out of memory", r->path,
                        (unsigned long long)r->lines.lineno);
        if (lr == LINE_TOO_LONG)
            return fail(r, NP_EINPUT, "%s: line %llu: record over the %u MiB cap, skipped",
                        r->path, (unsigned long long)r->lines.lineno, NP_MAX_RECORD_BYTES >> 20);
        size_t i = 0;
        while (i < len && is_blank(line[i]) && line[i] != '\n')
            i++;
        if (i == len)
            continue; /* blank lines separate nothing and are not records */
        r->input_held = 1;
        const unsigned char *bom = (const unsigned char *)line;
        if (r->lines.lineno == 1 && len >= 2 &&
            ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF))) {
            /* every line would be refused, each for its NUL bytes */
            np_status st = fail(r, NP_EINPUT, "%s: UTF-16 text (it opens with a UTF-16 byte-order mark), "
                                "but JSONL is UTF-8: convert it (iconv -f UTF-16 -t UTF-8), skipped", r->path);
            close_input(r);
            return st;
        }
        return decode ? parse_jsonl_record(r, line, len) : NP_OK;
    }
}

/* One line of a WARC header block into warc_line, without its CRLF.
 * returns: 1, 0 at the end of the input, -1 on a line over 64 KiB, -2 at
 * a damaged gzip member (the line lost with it). */
static int warc_getline(np_reader *r)
{
    buf_clear(&r->warc_line);
    r->warc_line_at = warcsource_tell(&r->warc);
    int c;
    while ((c = warcsource_getc(&r->warc)) != -1) {
        if (c == '\n')
            break;
        if (r->warc_line.len > 65536)
            return -1;
        if (buf_putc(&r->warc_line, (char)c) != NP_OK)
            return -1;
    }
    if (c == -1 && r->warc.state == WARCSOURCE_DAMAGED)
        return -2;
    if (c == -1 && r->warc_line.len == 0)
        return 0;
    if (r->warc_line.len && r->warc_line.data[r->warc_line.len - 1] == '\r')
        r->warc_line.data[--r->warc_line.len] = '\0';
    return 1;
}

static const char *header_value(const char *line, const char *name)
{
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) != 0 || line[n] != ':')
        return NULL;
    line += n + 1;
    while (*line == ' ' || *line == '\t')
        line++;
    return line;
}

/* The charset= of a Content-Type value, into out. */
static void charset_of(const char *content_type, char *out, size_t cap)
{
    out[0] = '\0';
    const char *cs = strstr(content_type, "charset=");
    if (!cs)
        return;
    cs += 8;
    size_t n = 0;
    while (cs[n] && cs[n] != ';' && cs[n] != ' ' && cs[n] != '"' && n + 1 < cap)
        n++;
    memcpy(out, cs, n);
    out[n] = '\0';
}

/* Makes a header value printable UTF-8 in place: control bytes become
 * '?', and a value that is not valid UTF-8 keeps its ASCII only. */
static void sanitize_field(char *s)
{
    size_t n = strlen(s);
    int valid = utf8_valid(s, n);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            s[w++] = '?';
        else if (c < 0x80 || valid)
            s[w++] = (char)c;
    }
    s[w] = '\0';
}

/* A Content-Length value: decimal digits, blanks around them.  returns:
 * the byte count, or -2 when it is not one (a sign, other characters, past
 * 2^53: no record is that long). */
static long long warc_content_length(const char *v)
{
    long long n = 0;
    int digits = 0;
    for (; *v >= '0' && *v <= '9'; v++, digits++) {
        if (n > (1LL << 53) / 10)
            return -2;
        n = n * 10 + (*v - '0');
    }
    while (*v == ' ' || *v == '\t')
        v++;
    return digits && *v == '\0' ? n : -2;
}

/* Reads past `length` bytes of the open WARC input (a record over the
 * cap).  returns: the bytes passed, fewer at the end of the file or at
 * damage */
static long long warc_pass(np_reader *r, long long length)
{
    char scratch[16384];
    long long passed = 0;
    while (passed < length) {
        size_t want = length - passed < (long long)sizeof scratch ? (size_t)(length - passed) : sizeof scratch;
        size_t n = warcsource_read(&r->warc, scratch, want);
        passed += (long long)n;
        if (n < want)
            break;
    }
    return passed;
}

/* A stretch of the open WARC input passed over, from `from` to `to` (in
 * the file's bytes, or warcsource_tell's inflated ones), the record
 * `record` lost there for `why`: counted, the first and last kept for the
 * one line said at the file's end (warc_end). */
static void warc_lost(np_reader *r, unsigned long long record, const char *why, uint64_t from, uint64_t to,
                      int to_end, int inflated)
{
    struct warc_stretch stretch = { record, from, to > from ? to : from, to_end, inflated };
    if (r->warc_lost++ == 0) {
        r->warc_first = stretch;
        snprintf(r->warc_lost_why, sizeof r->warc_lost_why, "%s", why);
    }
    r->warc_last = stretch;
    *(inflated ? &r->warc_lost_inflated : &r->warc_lost_bytes) += stretch.to - stretch.from;
}

/* The source stopped at a damaged gzip member: the record `record`, being
 * read, is lost, and reading goes on at the next member that starts a
 * WARC record. */
static void warc_member_damaged(np_reader *r, unsigned long long record)
{
    char why[160];
    uint64_t member, to, from = r->warc.damaged_at; /* what came before was read */
    int found = warcsource_resync(&r->warc, &member, &to);
    if (member < from)
        snprintf(why, sizeof why, "damaged gzip data (%s) in the member at byte %llu", r->warc.why,
                 (unsigned long long)member);
    else
        snprintf(why, sizeof why, "damaged gzip data (%s)", r->warc.why);
    warc_lost(r, record, why, from, to, !found, 0);
    r->warc_line_ready = 0;
}

/* A WARC record's first line: "WARC/1.0" or "WARC/1.1" alone. */
static int is_warc_version_line(const buf *line)
{
    return line->len == 8 && (strcmp(line->data, "WARC/1.0") == 0 || strcmp(line->data, "WARC/1.1") == 0);
}

/* The record `record`, begun at `from`, is no WARC record (`why`): the
 * lines up to the next one that is a WARC record's first are passed over,
 * and that line is left in warc_line for next_warc. */
static void warc_resync(np_reader *r, unsigned long long record, const char *why, uint64_t from)
{
    int got;
    do
        got = warc_getline(r);
    while ((got == 1 && !is_warc_version_line(&r->warc_line)) || got == -1);
    if (got == -2) { /* the scan met a damaged member: the stretch is that member's */
        warc_member_damaged(r, record);
        return;
    }
    if (got == 0) {
        warc_lost(r, record, why, from, warcsource_tell(&r->warc), 1, r->warc.gzip);
        return;
    }
    warc_lost(r, record, why, from, r->warc_line_at, 0, r->warc.gzip);
    r->warc_line_ready = 1;
}

/* Where the next record begins in a block whose Content-Length ran past
 * it: a line "WARC/1.0" or "WARC/1.1" after a line end.  returns: its offset
 * in the block, or 0 when there is none. */
static size_t warc_record_in_block(const char *block, size_t len)
{
    if (!len) /* a block passed over, or none: nothing was kept */
        return 0;
    for (const char *p = block; (p = memchr(p, '\n', (size_t)(block + len - p))) != NULL;) {
        p++;
        size_t rest = (size_t)(block + len - p);
        if (rest >= 9 && (memcmp(p, "WARC/1.0", 8) == 0 || memcmp(p, "WARC/1.1", 8) == 0) &&
            (p[8] == '\n' || (p[8] == '\r' && rest >= 10 && p[9] == '\n')))
            return (size_t)(p - block);
    }
    return 0;
}

/* The stretches passed over in the open WARC input, in one line after
 * "PATH: " into out. */
static void warc_lost_words(const np_reader *r, char *out, size_t cap)
{
    const struct warc_stretch *first = &r->warc_first, *last = &r->warc_last;
    const char *first_unit = first->inflated ? "inflated bytes" : "bytes";
    const char *last_unit = last->inflated ? "inflated bytes" : "bytes";
    if (r->warc_lost == 1 && first->record == 1 && first->to_end && r->warc_headers == 0) {
        if (strncmp(r->warc_lost_why, "damaged", 7) == 0)
            snprintf(out, cap, "not a WARC file: %s, and no gzip member after byte %llu starts a WARC record, "
                     "skipped", r->warc_lost_why, (unsigned long long)first->from);
        else
            snprintf(out, cap, "not a WARC file: no line 'WARC/1.0' or 'WARC/1.1' in its %llu %s, skipped",
                     (unsigned long long)first->to, first_unit);
        return;
    }
    if (r->warc_lost == 1) {
        snprintf(out, cap, "record %llu: %s: %s %llu to %llu%s passed over (%llu bytes, 1 record lost)%s",
                 first->record, r->warc_lost_why, first_unit, (unsigned long long)first->from,
                 (unsigned long long)first->to, first->to_end ? " (the file's end)" : "",
                 (unsigned long long)(first->to - first->from),
                 first->to_end ? "" : ", the records after it read");
        return;
    }
    char inflated[48] = "";
    if (r->warc_lost_inflated)
        snprintf(inflated, sizeof inflated, "%s%llu inflated bytes", r->warc_lost_bytes ? " and " : "",
                 (unsigned long long)r->warc_lost_inflated);
    char bytes[32] = "";
    if (r->warc_lost_bytes || !r->warc_lost_inflated)
        snprintf(bytes, sizeof bytes, "%llu bytes", (unsigned long long)r->warc_lost_bytes);
    snprintf(out, cap, "%llu records lost, %s%s passed over: the first record %llu: %s: %s %llu to %llu; "
             "the last record %llu: %s %llu to %llu%s",
             (unsigned long long)r->warc_lost, bytes, inflated, first->record, r->warc_lost_why, first_unit,
             (unsigned long long)first->from, (unsigned long long)first->to, last->record, last_unit,
             (unsigned long long)last->from, (unsigned long long)last->to,
             last->to_end ? " (the file's end)" : ", the records after each read");
}

/* The end of the open WARC input: NP_DONE, or an error that says what was
 * lost in it (stretches passed over, its compressed data cut short). */
static np_status warc_end(np_reader *r)
{
    warcsource_state state = r->warc.state;
    int cut = state == WARCSOURCE_CUT_SHORT && !r->warc_truncated;
    if (state == WARCSOURCE_READ_ERROR) {
        fail(r, NP_EIO, "%s: read error after record %llu: %s", r->path, r->warc_records, strerror(r->warc.error));
    } else if (state == WARCSOURCE_NOMEM) {
        fail(r, NP_ENOMEM, "%s: out of memory after record %llu", r->path, r->warc_records);
    } else if (r->warc_lost) {
        char words[700];
        warc_lost_words(r, words, sizeof words);
        fail(r, NP_EINPUT, "%s: %s%s", r->path, words,
             cut ? "; and the compressed data is cut short at the file's end" : "");
    } else if (cut) {
        fail(r, NP_EINPUT, "%s: the compressed data is cut short after record %llu, the rest of the file is lost",
             r->path, r->warc_records);
    } else {
        return r->input_held ? NP_DONE : empty_input(r);
    }
    np_status st = state == WARCSOURCE_READ_ERROR ? NP_EIO : state == WARCSOURCE_NOMEM ? NP_ENOMEM : NP_EINPUT;
    close_input(r);
    return st;
}

/* A WARC record's header: the fields read, after its first line. */
typedef struct warc_header {
    char type[32], uri[NP_MAX_FIELD_BYTES], rec_id[NP_MAX_FIELD_BYTES];
    char content_type[256], length_text[24];
    long long length; /* -1 when not given, -2 when no number of bytes */
} warc_header;

/* Reads a header's fields up to its blank line.  returns: as warc_getline,
 * 1 when the blank line ended it */
static int warc_read_header(np_reader *r, warc_header *h)
{
    /* the fields' first bytes only: zeroing the whole of two 4 KiB fields a
     * record cost more than the header's reading */
    h->type[0] = h->uri[0] = h->rec_id[0] = h->content_type[0] = h->length_text[0] = '\0';
    h->length = -1;
    int got;
    while ((got = warc_getline(r)) == 1 && r->warc_line.len > 0) {
        const char *v;
        if ((v = header_value(r->warc_line.data, "WARC-Type")))
            snprintf(h->type, sizeof h->type, "%s", v);
        else if ((v = header_value(r->warc_line.data, "WARC-Target-URI")))
            snprintf(h->uri, sizeof h->uri, "%s", v);
        else if ((v = header_value(r->warc_line.data, "WARC-Record-ID")))
            snprintf(h->rec_id, sizeof h->rec_id, "%s", v);
        else if ((v = header_value(r->warc_line.data, "Content-Length"))) {
            h->length = warc_content_length(v);
            snprintf(h->length_text, sizeof h->length_text, "%s", v);
        }
        else if ((v = header_value(r->warc_line.data, "Content-Type")))
            snprintf(h->content_type, sizeof h->content_type, "%s", v);
    }
    return got;
}

/* Whether what follows a record's block is blank lines, then the next
 * record's "WARC/" or the file's end, as it should: the bytes looked at are
 * given back. */
static int warc_block_followed_well(np_reader *r)
{
    char peek[64];
    size_t n = warcsource_read(&r->warc, peek, sizeof peek);
    if (n && warcsource_unread(&r->warc, peek, n) != NP_OK)
        return 1; /* not known: read on as before */
    size_t i = 0;
    while (i < n && (peek[i] == '\r' || peek[i] == '\n'))
        i++;
    size_t k = n - i < 5 ? n - i : 5;
    return memcmp(peek + i, "WARC/", k) == 0;
}

/* The block of the record `number`, begun at `from`, into r->text (passed
 * over when over the cap).  returns: 1 when it is there, 0 when the record
 * is lost or cut short (said, or counted as a stretch passed over; *st is
 * what to return, NP_DONE to go on) */
static int warc_read_block(np_reader *r, const warc_header *h, unsigned long long number, uint64_t from,
                           np_status *st)
{
    *st = NP_DONE;
    long long length = h->length, got;
    uint64_t block_at = warcsource_tell(&r->warc);
    buf_clear(&r->text);
    if (length > (long long)NP_MAX_RECORD_BYTES) {
        got = warc_pass(r, length);
    } else {
        if (buf_reserve(&r->text, (size_t)length) != NP_OK) {
            *st = fail(r, NP_ENOMEM, "%s: record %llu: out of memory", r->path, number);
            return 0;
        }
        got = (long long)warcsource_read(&r->warc, r->text.data, (size_t)length);
        r->text.len = (size_t)got;
        r->text.data[r->text.len] = '\0';
    }
    if (got == length && warc_block_followed_well(r))
        return 1;
    if (got == length && !warc_record_in_block(r->text.data, r->text.len))
        return 1; /* the bytes after it are said when read */
    if (got < length && r->warc.state == WARCSOURCE_DAMAGED) {
        warc_member_damaged(r, number);
        return 0;
    }
    /* a Content-Length past the next record, or a record cut short by the file's end */
    size_t next = warc_record_in_block(r->text.data, r->text.len);
    if (next) {
        if (warcsource_unread(&r->warc, r->text.data + next, r->text.len - next) != NP_OK) {
            *st = fail(r, NP_ENOMEM, "%s: record %llu: out of memory", r->path, number);
            return 0;
        }
        char why[100];
        snprintf(why, sizeof why, "its Content-Length (%lld) runs past the next record", length);
        warc_lost(r, number, why, from, block_at + next, 0, r->warc.gzip);
        return 0;
    }
    if (r->warc.state == WARCSOURCE_CUT_SHORT && length > (long long)NP_MAX_RECORD_BYTES)
        return 0; /* warc_end says it */
    r->warc_truncated = 1;
    *st = fail(r, NP_EINPUT, "%s: record %llu: truncated (%lld of %lld bytes)", r->path, number, got, length);
    return 0;
}

/* The record `number` (header h, block in r->text) as a page when it is
 * one.  returns: NP_OK with r->record set, NP_DONE when it is no page, or
 * a failure said */
static np_status warc_page(np_reader *r, warc_header *h, unsigned long long number)
{
    const char *body = r->text.data;
    size_t body_len = r->text.len;
    char charset[64] = "";
    charset_of(h->content_type, charset, sizeof charset);
    if (strcmp(h->type, "response") == 0) {
        /* the HTTP response's own headers come first */
        const char *end = strstr(body, "\r\n\r\n");
        size_t skip = 4;
        if (!end) {
            end = strstr(body, "\n\n");
            skip = 2;
        }
        if (!end || strncmp(body, "HTTP/", 5) != 0)
            return NP_DONE; /* not an HTTP response: nothing to read */
        const char *status = strchr(body, ' ');
        int code = status ? atoi(status + 1) : 0;
        int html = 0;
        for (const char *line = body; line && line < end; line = strchr(line, '\n'), line = line ? line + 1 : line) {
            if (strncasecmp(line, "Content-Type:", 13) == 0) {
                const char *eol = strchr(line, '\n');
                size_t len = eol ? (size_t)(eol - line) : strlen(line);
                char value[256];
                snprintf(value, sizeof value, "%.*s", (int)(len < 255 ? len : 255), line + 13);
                html = strstr(value, "html") != NULL;
                charset_of(value, charset, sizeof charset);
            }
        }
        if (code != 200 || !html)
            return NP_DONE; /* redirects, errors, images, scripts */
        body_len -= (size_t)(end + skip - body);
        body = end + skip;
    } else if (!strstr(h->content_type, "html")) {
        return NP_DONE;
    }
    /* id, url and charset stay valid in warc_meta until the next record */
    buf_clear(&r->warc_meta);
    buf_clear(&r->id);
    /* header values are bytes: ids and urls must be clean UTF-8 text */
    sanitize_field(h->uri);
    sanitize_field(h->rec_id);
    sanitize_field(charset);
    const char *id = h->uri[0] ? h->uri : h->rec_id;
    const place at = { r->path, "record", number };
    if (strlen(id) > NP_MAX_ID_BYTES) /* the rule of every id; a URI over the field cap too */
        return fail_at(r, &at, NP_EINPUT, "id (its %s, %.60s...) is over %u bytes, skipped",
                       h->uri[0] ? "WARC-Target-URI" : "WARC-Record-ID", id, NP_MAX_ID_BYTES);
    if (buf_puts(&r->id, id[0] ? id : r->stem) != NP_OK ||
        buf_append(&r->warc_meta, h->uri, strlen(h->uri) + 1) != NP_OK ||
        buf_append(&r->warc_meta, charset, strlen(charset) + 1) != NP_OK)
        return fail_at(r, &at, NP_ENOMEM, "out of memory");
    np_status st = accept_id(r, &at);
    if (st != NP_OK)
        return st;
    const char *meta = r->warc_meta.data;
    r->record = (np_record){ .id = r->id.data, .text = body, .text_len = body_len,
                             .url = h->uri[0] ? meta : NULL, .path = r->path, .line = number,
                             .html = 1, .charset = charset[0] ? meta + strlen(h->uri) + 1 : NULL };
    r->n_records++;
    return NP_OK;
}

/* The next HTML page of the open WARC input: response records (HTTP headers
 * then the page) and resource records; other records are passed over.  A
 * record that is no WARC record, or whose gzip member is damaged, is passed
 * over to the next that is (warc_resync, warc_member_damaged). */
static np_status next_warc(np_reader *r)
{
    for (;;) {
        int got = 1;
        if (!r->warc_line_ready) {
            while ((got = warc_getline(r)) == 1 && r->warc_line.len == 0)
                ; /* blank lines between records */
            if (got == -2) {
                warc_member_damaged(r, ++r->warc_records);
                continue;
            }
            if (got == 0)
                return warc_end(r);
        }
        r->warc_line_ready = 0;
        r->input_held = 1;
        unsigned long long number = ++r->warc_records;
        uint64_t from = r->warc_line_at;
        if (got < 0 || strncmp(r->warc_line.data, "WARC/", 5) != 0) {
            warc_resync(r, number, "not a WARC record", from);
            continue;
        }
        r->warc_headers++;
        warc_header h;
        got = warc_read_header(r, &h);
        if (got == -2) {
            warc_member_damaged(r, number);
            continue;
        }
        char why[100];
        if (got == 1 && h.length == -2) {
            sanitize_field(h.length_text);
            snprintf(why, sizeof why, "Content-Length '%s' is not a number of bytes", h.length_text);
            warc_resync(r, number, why, from);
            continue;
        }
        if (got != 1 || h.length < 0) {
            warc_resync(r, number, got == 1 ? "no Content-Length" : "truncated in its header", from);
            continue;
        }
        np_status st;
        if (!warc_read_block(r, &h, number, from, &st)) {
            if (st != NP_DONE)
                return st;
            continue;
        }
        int wanted = strcmp(h.type, "response") == 0 || strcmp(h.type, "resource") == 0;
        if (wanted && h.length > (long long)NP_MAX_RECORD_BYTES)
            return fail(r, NP_EINPUT, "%s: record %llu: %lld bytes, over the %u MiB article cap, skipped",
                        r->path, number, h.length, NP_MAX_RECORD_BYTES >> 20);
        if (!wanted)
            continue;
        st = warc_page(r, &h, number);
        if (st != NP_DONE)
            return st;
    }
}

/* The walk of np_reader_next and np_reader_skip: the next record, a JSONL
 * line decoded or not.  *record is set when one is ready. */
static np_status reader_step(np_reader *r, int decode, const np_record **record)
{
    *record = NULL;
    if (!r)
        return NP_EPARAM;
    r->errmsg[0] = '\0';
    r->unread[0] = '\0';
    for (;;) {
        if (r->path && r->warc_open) {
            np_status st = next_warc(r);
            if (st == NP_OK)
                *record = &r->record;
            if (st != NP_DONE)
                return st;
            close_input(r);
        }
        if (r->path && (r->file || r->gz)) {
            np_status st = next_jsonl(r, decode);
            if (st == NP_OK && decode)
                *record = &r->record;
            if (st != NP_DONE)
                return st;
            close_input(r);
        }
        if (r->n_stack == 0)
            return NP_DONE;
        int have_record;
        np_status st = open_next(r, &have_record);
        if (st != NP_OK)
            return st;
        if (have_record) {
            *record = &r->record;
            return NP_OK;
        }
    }
}

np_status np_reader_skip(np_reader *r)
{
    const np_record *record;
    return reader_step(r, 0, &record);
}

np_status np_reader_next(np_reader *r, const np_record **record)
{
    return reader_step(r, 1, record);
}
