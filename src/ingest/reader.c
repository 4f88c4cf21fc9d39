/*
 * reader: streams raw articles out of files, directories, globs and stdin.
 *
 * Inputs are expanded lazily from a stack of pending paths, so a directory
 * of a million files costs one directory listing at a time, and a JSONL
 * file is read one line at a time through a fixed chunk buffer: memory is
 * bounded by NP_MAX_RECORD_BYTES whatever the corpus size.  Every problem
 * (unreadable path, record over a cap, invalid JSON, repeated id) skips
 * that input or record only and is described in the reader's message.
 * Here, opening the inputs; a text file's reading is reader_text.c's;
 * the stack of inputs to open, directories and patterns expanded, is
 * walk.c's; a JSONL input's records are reader_jsonl.c's, a WARC input's
 * pages reader_warc.c's
 * (reader_internal.h: the state they share); what a path's name says it
 * holds is inputname.c's, what a text's first bytes say sniff.c's, the id
 * rule id.c's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>
#include <xxhash.h>

#include "common/alloc.h"
#include "common/binary.h"
#include "common/buf.h"
#include "common/idset.h"
#include "common/utf8.h"
#include "ingest/id.h"
#include "ingest/inputname.h"
#include "ingest/linereader.h"
#include "ingest/reader_internal.h"
#include "ingest/sniff.h"
#include "ingest/walk.h"
#include "ingest/warcsource.h"

np_status reader_fail(np_reader *r, np_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
    r->n_skipped++;
    r->unnamed = 0;
    return st;
}

/* reader_fail, the message after "PATH:N: " (a line, as compilers name
 * one: editors jump there), "PATH: record N: " (a crawl's) or "PATH: " */
np_status reader_fail_at(np_reader *r, const place *at, np_status st, const char *fmt, ...)
{
    int n = !at->unit                     ? snprintf(r->errmsg, sizeof r->errmsg, "%s: ", at->path)
            : strcmp(at->unit, "line") == 0 ? snprintf(r->errmsg, sizeof r->errmsg, "%s:%llu: ", at->path, at->number)
                                            : snprintf(r->errmsg, sizeof r->errmsg, "%s: %s %llu: ", at->path, at->unit,
                                                       at->number);
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

/* Spaces that may surround a record; NUL is not one (strchr would say so). */
int reader_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
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
    r->fd = -1;
    buf_init(&r->text, allocator);
    buf_init(&r->warc_line, allocator);
    buf_init(&r->warc_meta, allocator);
    buf_init(&r->id, allocator);
    buf_init(&r->fields, allocator);
    idset_init(&r->seen_ids, allocator);
    linereader_init(&r->lines, allocator);
    /* pushed in reverse so the first argument is read first */
    for (size_t i = n_inputs; i-- > 0;) {
        if (!inputs[i] || walk_push(r, inputs[i], strlen(inputs[i]), 0, 0) != NP_OK) {
            np_reader_free(r);
            return inputs[i] ? NP_ENOMEM : NP_EPARAM;
        }
    }
    *out = r;
    return NP_OK;
}

/* The open file of the input, or its gzip stream, closed (standard input
 * stays open). */
static void close_files(np_reader *r)
{
    if (r->fd >= 0)
        close(r->fd);
    r->fd = -1;
    if (r->file && r->file != stdin)
        fclose(r->file);
    r->file = NULL;
    if (r->gz)
        gzclose(r->gz);
    r->gz = NULL;
}

void reader_close_input(np_reader *r)
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
    close_files(r);
    np_free(r->allocator, r->path);
    np_free(r->allocator, r->stem);
    r->path = r->stem = NULL;
    r->name = NULL;
    linereader_reset(&r->lines);
}

uint64_t reader_duplicates(const np_reader *r)
{
    return r->duplicates;
}

uint64_t reader_no_text(const np_reader *r)
{
    return r->no_text;
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
    reader_close_input(r);
    walk_close_dirs(r, 0);
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

static np_status set_stem(np_reader *r, const char *path)
{
    const char *base = strcmp(path, "-") == 0 ? "stdin" : inputname_base(path);
    size_t len = strlen(base), ext_len;
    if (inputname_is_gz(base, len) && !inputname_is_warc(path)) {
        /* a.jsonl.gz, story.txt.gz: named as a.jsonl and story.txt are */
        inputname_extension(path, &ext_len);
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

/* zlib's words for what is wrong with a gzip stream, without the "<fd:N>: "
 * it puts before them */
const char *reader_gzip_problem(gzFile gz)
{
    int err;
    const char *why = gzerror(gz, &err), *colon = strstr(why, ": ");
    return colon ? colon + 2 : why;
}

int reader_gzip_interrupted(gzFile gz)
{
    /* zlib keeps strerror(errno) of the failed read, which a later call
     * (the one that finds the stream failed) does not set again */
    int err;
    gzerror(gz, &err);
    return err == Z_ERRNO && strcmp(reader_gzip_problem(gz), strerror(EINTR)) == 0;
}

int reader_opens_gzip(const unsigned char *head, size_t n)
{
    return n >= 2 && head[0] == 0x1f && head[1] == 0x8b;
}

int reader_opens_warc(const unsigned char *head, size_t n)
{
    return n >= 8 && memcmp(head, "WARC/1.", 7) == 0 && (head[7] == '0' || head[7] == '1');
}

/* Whether the cleaner will refuse a record of this text as binary (np_clean:
 * binary.h's rule on the text; text with a UTF-16 byte-order mark, a
 * page's too, judged as the UTF-8 the cleaner decodes it to). */
int reader_refused_as_binary(const np_reader *r, const char *text, size_t len)
{
    int bom = binary_utf16_bom(text, len);
    if (!bom)
        return binary_looks(text, len);
    /* out of memory: the id is taken, and the cleaner says what failed */
    return binary_looks_utf16(r->allocator, text + 2, len - 2, bom == 2) == 1;
}

/* Every id, whatever gave it (a JSONL "id", a file name, a WARC URI), is
 * refused when blank or already seen.  A record the cleaner will refuse
 * as binary is handed out without taking its id: skipped, it blocks no
 * later record of that id. */
np_status reader_accept_id(np_reader *r, const place *at, int binary)
{
    if (id_is_blank(r->id.data, r->id.len))
        return reader_fail_at(r, at, NP_EINPUT, "id \"%s\" is only spaces, skipped", r->id.data);
    /* a file name's too (a JSONL id is refused so before) */
    if (id_check_of(r->id.data, r->id.len) == ID_CONTROL)
        return reader_fail_at(r, at, NP_EINPUT, "id \"%s\" contains control characters, skipped", r->id.data);
    if (binary)
        return NP_OK;
    int added;
    uint64_t h = XXH3_64bits(r->id.data, r->id.len);
    if (idset_add(&r->seen_ids, h, &added) != NP_OK)
        return reader_fail_at(r, at, NP_ENOMEM, "out of memory");
    if (added)
        return NP_OK;
    reader_fail_at(r, at, NP_EINPUT, "duplicate id \"%s\" (an earlier article has it), skipped", r->id.data);
    r->unnamed = ++r->duplicates > READER_DUPLICATES_NAMED;
    return NP_EINPUT;
}

/* The text file just read as one record; html: read it as a web page;
 * markdown: as Markdown. */
static np_status emit_text_file(np_reader *r, const char *path, int html, int markdown)
{
    r->record = (np_record){ 0 };
    buf_clear(&r->id);
    if (buf_puts(&r->id, r->stem) != NP_OK)
        return reader_fail(r, NP_ENOMEM, "%s: out of memory", r->name);
    const place at = { r->name, NULL, 0 };
    /* the id is the file's name: what to do is rename it (it said 'id
     * "a\x0ab" contains control characters', of a name holding a newline) */
    if (id_check_of(r->id.data, r->id.len) == ID_CONTROL) {
        const unsigned char *c = (const unsigned char *)r->id.data;
        while (*c >= 0x20 && *c != 0x7F)
            c++;
        return reader_fail_at(r, &at, NP_EINPUT, "its file name holds %s (shown as \\x%02x); an article's id, the "
                              "name without its extension, may hold no control characters: rename the file to read "
                              "it, skipped", *c == '\n' ? "a newline" : *c == '\t' ? "a tab" : *c == '\r' ? "a carriage return"
                              : "a control character", *c);
    }
    if (id_is_blank(r->id.data, r->id.len))
        return reader_fail_at(r, &at, NP_EINPUT, "its file name is only spaces before its extension; an article's "
                              "id, the name without its extension, may not be: rename the file to read it, skipped");
    np_status st = reader_accept_id(r, &at, reader_refused_as_binary(r, r->text.data, r->text.len));
    if (st != NP_OK)
        return st;
    r->record.id = r->id.data;
    r->record.text = r->text.data;
    r->record.text_len = r->text.len;
    r->record.path = path;
    r->record.html = html;
    r->record.markdown = markdown;
    r->n_records++;
    return NP_OK;
}

/* Refuses a file of compressed data other than gzip, naming it (a crawl
 * named .warc.gz, say, of bzip2 data): NP_EINPUT with the input closed,
 * else NP_OK.  magic: its first got bytes. */
static np_status refuse_other_compression(np_reader *r, const char *path, const unsigned char *magic, size_t got)
{
    const char *other = input_compression(magic, got);
    if (!other)
        return NP_OK;
    np_status st = reader_fail(r, NP_EINPUT, "%s: %s, which newsprint does not read (it reads gzip and plain "
                               "files): decompress it first, skipped", path, other);
    reader_close_input(r); /* frees path */
    return st;
}

/* What a regular file open in r->file holds decides how it is read, not
 * its name: one that starts as gzip data does is read through zlib (r->gz
 * takes its place), one of another compression refused, naming it, and
 * any other read as it is (a .gz file of plain text, which its server or
 * client already decompressed, is the text it holds). */
static np_status open_if_gzip(np_reader *r, const char *path)
{
    unsigned char magic[8];
    size_t got = fread(magic, 1, sizeof magic, r->file);
    rewind(r->file); /* the descriptor too: zlib reads it from the start */
    np_status st = refuse_other_compression(r, path, magic, got);
    if (st != NP_OK)
        return st;
    if (!reader_opens_gzip(magic, got))
        return NP_OK;
    int fd = dup(fileno(r->file));
    r->gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
    fclose(r->file);
    r->file = NULL;
    if (!r->gz) {
        if (fd >= 0)
            close(fd);
        return reader_fail(r, NP_EIO, "%s: cannot open: %s", path, strerror(errno ? errno : ENOMEM));
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
    while (c != -1 && reader_is_blank((char)c)) {
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
void reader_walk_json_refused(np_reader *r, unsigned kind)
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
           (reader_is_blank((char)c) || (at <= 3 && c == (unsigned char)"\xEF\xBB\xBF"[at - 1])));
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
            if (!reader_is_blank((char)d))
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
    np_status st = reader_fail(r, NP_EINPUT, "%s: %s, but newsprint reads one article a line (JSONL): convert it "
                        "(jq -c '%s' FILE > FILE.jsonl), skipped", r->path,
                        c == '[' ? "a JSON array" : "a JSON object over several lines", c == '[' ? ".[]" : ".");
    if (in_walk)
        reader_walk_json_refused(r, WALK_JSON_SHAPE);
    reader_close_input(r);
    return st;
}

/* The input open in r->gz read as a WARC stream (warcsource_open_stream):
 * the gz stream moves to the source. */
static np_status open_warc_stream(np_reader *r)
{
    gzFile gz = r->gz;
    r->gz = NULL;
    if (warcsource_open_stream(&r->warc, gz, r->allocator) != 0)
        return reader_fail(r, NP_ENOMEM, "%s: out of memory", r->name);
    r->warc_open = 1;
    return NP_OK;
}

/* Whether the input open as a text (r->file or r->gz) is a WARC crawl all
 * the same, named otherwise: a file of a crawl's without its extension, or
 * a pipe (`<(zcat crawl.warc.gz)`).  A pipe or device is read through zlib
 * from here on (r->gz takes r->file's place), which lets the bytes looked
 * at be given back, and reads gzip data as its plain form, as standard
 * input is read.  returns: 0, not a WARC; 1, a regular file (to be opened
 * again by its name: open_warc); 2, a stream in r->gz (open_warc_stream) */
static int input_is_warc(np_reader *r, const struct stat *sb)
{
    if (!S_ISREG(sb->st_mode) && r->file && !r->gz) {
        int fd = dup(fileno(r->file));
        gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
        if (!gz) { /* read as it is, as before */
            if (fd >= 0)
                close(fd);
            return 0;
        }
        fclose(r->file);
        r->file = NULL;
        r->gz = gz;
    }
    if (r->gz)
        return warcsource_gz_starts(r->gz) ? (S_ISREG(sb->st_mode) ? 1 : 2) : 0;
    unsigned char head[8];
    size_t got = fread(head, 1, sizeof head, r->file);
    rewind(r->file);
    return reader_opens_warc(head, got);
}

/* Standard input, through zlib, which passes bytes that are not gzip data
 * as they are: a pipe of gzip data reads as its plain form too.  *jsonl:
 * it is read as JSONL; *warc: as a WARC crawl; *blank_lines: the blank
 * lines before its first record. */
static np_status open_stdin(np_reader *r, int *jsonl, int *warc, unsigned long long *blank_lines)
{
    int fd = dup(STDIN_FILENO);
    r->gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
    if (!r->gz) {
        if (fd >= 0)
            close(fd);
        return reader_fail(r, NP_EIO, "standard input: cannot read: %s", strerror(errno ? errno : ENOMEM));
    }
    *jsonl = r->format == NP_FORMAT_JSONL;
    *warc = 0;
    if (r->format == NP_FORMAT_AUTO) {
        *jsonl = stdin_is_jsonl(r->gz, blank_lines);
        *warc = !*jsonl && warcsource_gz_starts(r->gz);
    }
    return NP_OK;
}

/* An input stat could not read (errno says why): a pattern that names no
 * file as it is, expanded, or a file that cannot be opened, said. */
static np_status open_unseen(np_reader *r, const pending *p)
{
    if (errno == ENOENT && inputname_has_glob(p->path) && !(p->flags & FROM_GLOB))
        return walk_expand_glob(r, p);
    int why = errno;
    struct stat sb;
    char target[256];
    ssize_t n;
    if (why == ENOENT && lstat(p->path, &sb) == 0 && S_ISLNK(sb.st_mode) &&
        (n = readlink(p->path, target, sizeof target - 1)) >= 0) {
        target[n] = '\0';
        return reader_fail(r, NP_EIO, "%s: cannot open: a symbolic link to a missing file (%s)", p->path, target);
    }
    return reader_fail(r, NP_EIO, "%s: cannot open: %s", p->path, strerror(why));
}

/* A WARC file, plain and gzip alike (.warc and .warc.gz); not another
 * compression. */
static np_status open_warc(np_reader *r, const char *path, const struct stat *sb)
{
    FILE *peek = S_ISREG(sb->st_mode) ? fopen(path, "rb") : NULL;
    unsigned char magic[8];
    size_t got = peek ? fread(magic, 1, sizeof magic, peek) : 0;
    if (peek)
        fclose(peek);
    np_status st = refuse_other_compression(r, path, magic, got);
    if (st != NP_OK)
        return st;
    int error = warcsource_open(&r->warc, path, r->allocator);
    if (error)
        return reader_fail(r, error == ENOMEM ? NP_ENOMEM : NP_EIO, "%s: cannot open: %s", path, strerror(error));
    r->warc_open = 1;
    r->input_size = S_ISREG(sb->st_mode) ? (uint64_t)sb->st_size : 0;
    return NP_OK;
}

/* The input read whole into r->text made one article's record. */
static np_status emit_whole_input(np_reader *r, int is_stdin, int *have_record)
{
    /* a page saved under another name (page.txt, a crawler's file named
     * by a hash) is a page too, as standard input is: it was one text
     * article of its tags */
    int markdown = is_stdin ? sniff_front_matter(r->text.data, r->text.len) : inputname_is_markdown(r->path);
    int html = !markdown && ((!is_stdin && inputname_is_html(r->path)) || sniff_html(r->text.data, r->text.len));
    np_status st = emit_text_file(r, r->path, html, markdown);
    if (st == NP_OK)
        *have_record = 1;
    return st;
}

/* The input open now read whole as one article (a text, HTML or Markdown
 * file, or standard input), closed, and its record made. */
static np_status read_whole_input(np_reader *r, int is_stdin, size_t file_size, int *have_record)
{
    np_status st = reader_read_text_file(r, r->file, r->gz, r->name, r->gz ? 0 : file_size);
    close_files(r);
    if (st != NP_OK)
        return st;
    return emit_whole_input(r, is_stdin, have_record);
}

static np_status open_next(np_reader *r, int *have_record)
{
    *have_record = 0;
    pending p = r->stack[--r->n_stack];
    np_status st = NP_OK;
    reader_close_input(r);
    r->walk_json_file = 0;
    r->path = p.path; /* ownership moves to the reader */
    int is_stdin = strcmp(p.path, "-") == 0 && !(p.flags & (FROM_DIR | FROM_GLOB));
    r->name = is_stdin ? input_name(NULL) : r->path;
    if ((st = set_stem(r, p.path)) != NP_OK)
        return reader_fail(r, st, "%s: out of memory", r->name);

    int jsonl = 0;
    size_t file_size = 0;
    unsigned long long blank_lines = 0; /* before standard input's first record */
    if (is_stdin) {
        int warc = 0;
        if ((st = open_stdin(r, &jsonl, &warc, &blank_lines)) != NP_OK)
            return st;
        if (warc)
            return open_warc_stream(r);
    } else {
        struct stat sb;
        /* a directory's article file is opened and looked at by its
         * descriptor: one path lookup, where a stat then an open took two
         * (of 20,000 text files' run, the stats were 8% of the time),
         * by its name in its directory kept open (walk_dir_fd) */
        int walked = (p.flags & FROM_DIR_FILE) && inputname_is_article(p.path) &&
                     reader_open_walked(r, walk_dir_fd(r, p.depth), p.path, &sb) == 0;
        if (!walked && stat(p.path, &sb) != 0)
            return open_unseen(r, &p);
        if (S_ISDIR(sb.st_mode))
            return walk_expand_dir(r, &p, &sb);
        if ((p.flags & (FROM_DIR | FROM_GLOB)) && walk_is_own_file(r, &sb))
            return NP_OK; /* this run's output (np_reader_pass_over) */
        if ((p.flags & FROM_DIR) && !inputname_is_article(p.path)) {
            walk_pass_over(r, p.path); /* not an article file: noted at the end */
            return NP_OK;
        }
        /* a pipe or a device is read only when named: one met in a walk
         * or a pattern could wait for a writer for ever */
        if ((p.flags & (FROM_DIR | FROM_GLOB)) && !S_ISREG(sb.st_mode))
            return reader_fail(r, NP_EINPUT, "%s: not a regular file (a pipe or device is read only when named), skipped",
                        p.path);
        if (!S_ISREG(sb.st_mode) && !S_ISFIFO(sb.st_mode) && !S_ISCHR(sb.st_mode))
            return reader_fail(r, NP_EINPUT, "%s: not a regular file, skipped", p.path);
        if (r->format == NP_FORMAT_AUTO && inputname_is_warc(p.path))
            return open_warc(r, p.path, &sb);
        jsonl = r->format == NP_FORMAT_JSONL ||
                (r->format == NP_FORMAT_AUTO && inputname_is_jsonl(p.path));
        if (!jsonl && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size <= NP_MAX_RECORD_BYTES &&
            !(r->format == NP_FORMAT_AUTO && inputname_has_extension(p.path, ".json"))) {
            r->input_size = (size_t)sb.st_size;
            if (reader_read_plain_file(r, p.path, (size_t)sb.st_size, &st))
                return st != NP_OK ? st : emit_whole_input(r, 0, have_record);
        }
        r->file = fopen(p.path, "rb");
        if (!r->file)
            return reader_fail(r, NP_EIO, "%s: cannot open: %s", p.path, strerror(errno));
        if (S_ISREG(sb.st_mode))
            file_size = (size_t)sb.st_size;
        r->input_size = file_size;
        if (S_ISREG(sb.st_mode) && (st = open_if_gzip(r, p.path)) != NP_OK)
            return st;
        if (r->format == NP_FORMAT_AUTO && S_ISREG(sb.st_mode) && inputname_has_extension(p.path, ".json")) {
            if ((st = open_json_name(r, &jsonl, (p.flags & FROM_DIR) != 0)) != NP_OK)
                return st;
            r->walk_json_file = jsonl && (p.flags & FROM_DIR);
        }
        if (!jsonl && r->format == NP_FORMAT_AUTO) {
            int warc = input_is_warc(r, &sb);
            if (warc == 1) {
                close_files(r);
                return open_warc(r, p.path, &sb);
            }
            if (warc == 2)
                return open_warc_stream(r);
        }
        /* known once a .json file is looked at: JSONL has no such cap */
        if (!jsonl && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > NP_MAX_RECORD_BYTES) {
            st = reader_fail(r, NP_EINPUT, "%s: %llu bytes, over the %u MiB article cap, skipped", p.path,
                      (unsigned long long)sb.st_size, NP_MAX_RECORD_BYTES >> 20);
            reader_close_input(r);
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
    return read_whole_input(r, is_stdin, file_size, have_record);
}

/* The JSONL or WARC input open now ends with nothing but blanks in it: an
 * input skipped, as an empty text file is.  returns: NP_EINPUT, the input
 * closed */
np_status reader_empty_input(np_reader *r)
{
    np_status st = reader_fail(r, NP_EINPUT, "%s: empty file, skipped", r->name);
    reader_close_input(r);
    return st;
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
            np_status st = reader_next_warc(r);
            if (st == NP_OK)
                *record = &r->record;
            if (st != NP_DONE)
                return st;
            reader_close_input(r);
        }
        if (r->path && (r->file || r->gz)) {
            np_status st = reader_next_jsonl(r, decode);
            if (st == NP_OK && decode)
                *record = &r->record;
            if (st != NP_DONE)
                return st;
            reader_close_input(r);
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
