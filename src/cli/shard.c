/*
 * shard: the files of a staged run -- the fingerprints of one partition of
 * the input, in input order (`newsprint sign`), a key partition's candidate
 * pairs (`join`) and an article partition's links (`verify`).
 *
 * Layout (integers little-endian as this machine writes them; a shard is
 * for machines of one byte order):
 *   "NPSHARD\n" (or "NPPAIRS\n", "NPLINKS\n")  u32 format version  u32 length + print id (the code that
 *   made the fingerprints)  u32 length + parameters (np_params_describe)
 *   records: u32 size + fingerprint bytes, each
 *   "NPSHEND\n"  u64 record count  u64 XXH3 of every record (size + bytes)
 * A shard is written beside its name and renamed into place when complete,
 * so a half-written one is never taken for whole; a reader checks the end
 * marker, the count and the checksum before the shard counts as read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "cli/cli.h"
#include "cluster/params.h"
#include "ingest/id.h"
#include "print_id.h"

static const char head_magic[][8] = {
    [SHARD_PRINTS] = { 'N', 'P', 'S', 'H', 'A', 'R', 'D', '\n' },
    [SHARD_PAIRS] = { 'N', 'P', 'P', 'A', 'I', 'R', 'S', '\n' },
    [SHARD_LINKS] = { 'N', 'P', 'L', 'I', 'N', 'K', 'S', '\n' },
};
/* what each kind is, and the stage that makes it */
static const char *const kind_name[] = { "newsprint shard (made by 'newsprint sign')",
                                         "pairs file (made by 'newsprint join')",
                                         "links file (made by 'newsprint verify')" };
static const char end_magic[8] = { 'N', 'P', 'S', 'H', 'E', 'N', 'D', '\n' };
enum { SHARD_VERSION = 1, MAX_RECORD = 256 << 20 };

static np_status put_u32(buf *b, uint32_t v)
{
    return buf_append(b, &v, sizeof v);
}

static np_status put_text(buf *b, const char *s)
{
    np_status st = put_u32(b, (uint32_t)strlen(s));
    return st == NP_OK ? buf_append(b, s, strlen(s)) : st;
}

int shard_create(shard_writer *w, const char *path, shard_kind kind, const np_params *params)
{
    memset(w, 0, sizeof *w);
    buf_init(&w->pending, NULL);
    w->hash = XXH3_createState();
    if (!w->hash || XXH3_64bits_reset(w->hash) != XXH_OK) {
        cli_problem("out of memory");
        XXH3_freeState(w->hash);
        w->hash = NULL;
        return -1;
    }
    char text[4096];
    np_params_describe(params, text, sizeof text);
    np_status st = buf_append(&w->pending, head_magic[kind], sizeof head_magic[kind]);
    if (st == NP_OK)
        st = put_u32(&w->pending, SHARD_VERSION);
    if (st == NP_OK)
        st = put_text(&w->pending, NP_PRINT_ID);
    if (st == NP_OK)
        st = put_text(&w->pending, text);
    if (st != NP_OK)
        cli_problem("out of memory");
    if (st != NP_OK || sink_open(&w->out, path) != 0) {
        buf_free(&w->pending);
        XXH3_freeState(w->hash);
        w->hash = NULL; /* nothing to close */
        return -1;
    }
    return 0;
}

int shard_write(shard_writer *w, const void *data, size_t size)
{
    uint32_t n = (uint32_t)size;
    np_status st = buf_append(&w->pending, &n, sizeof n);
    if (st == NP_OK)
        st = buf_append(&w->pending, data, size);
    if (st != NP_OK) {
        cli_problem("out of memory");
        return -1;
    }
    XXH3_64bits_update(w->hash, &n, sizeof n);
    XXH3_64bits_update(w->hash, data, size);
    w->count++;
    if (w->pending.len >= (1u << 20)) {
        if (sink_write(&w->out, &w->pending) != 0)
            return -1;
        buf_clear(&w->pending);
    }
    return 0;
}

int shard_close(shard_writer *w, int success)
{
    int rc = 0;
    if (success) {
        uint64_t count = w->count, sum = XXH3_64bits_digest(w->hash);
        if (buf_append(&w->pending, end_magic, sizeof end_magic) != NP_OK ||
            buf_append(&w->pending, &count, sizeof count) != NP_OK ||
            buf_append(&w->pending, &sum, sizeof sum) != NP_OK) {
            cli_problem("out of memory");
            success = 0;
        }
    }
    if (success && sink_write(&w->out, &w->pending) != 0)
        success = 0;
    if (sink_close(&w->out, success) != 0 || !success)
        rc = -1;
    buf_free(&w->pending);
    XXH3_freeState(w->hash);
    w->hash = NULL;
    return rc;
}

/* ------------------------------------------------------------------ */

static int read_exact(shard_reader *r, void *out, size_t n, const char *what)
{
    if (fread(out, 1, n, r->file) == n)
        return 0;
    cli_problem("%s: %s: %s", r->path, ferror(r->file) ? strerror(errno) : "truncated", what);
    return -1;
}

/* A length-prefixed text into out (NUL-terminated); -1 when malformed. */
static int read_text(shard_reader *r, char *out, size_t size, const char *what)
{
    uint32_t n;
    if (read_exact(r, &n, sizeof n, what) != 0)
        return -1;
    if (n >= size) {
        cli_problem("%s: not a %s (%s of %u bytes)", r->path, kind_name[r->kind], what, n);
        return -1;
    }
    if (read_exact(r, out, n, what) != 0)
        return -1;
    out[n] = '\0';
    return 0;
}

/* A directory opens on Linux, and reading it said "Is a directory: no
 * shard header". */
static int is_directory(FILE *f)
{
    struct stat info;
    return fstat(fileno(f), &info) == 0 && S_ISDIR(info.st_mode);
}

static void refuse_directory(const char *path, shard_kind kind)
{
    cli_problem("%s: a directory, not a %s: give the files in it", path, kind_name[kind]);
}

/* A file compressed for the trip between machines is said so (it was
 * "not a newsprint shard").  returns: 1 when said */
static int refused_packed(const char *path, const char *magic, size_t got)
{
    const char *packed = got >= 2 && memcmp(magic, "\x1f\x8b", 2) == 0 ? "gzip-compressed data"
                                                                      : input_compression(magic, got);
    if (packed)
        cli_problem("%s: %s: decompress it first (the files of a staged run are read as they were written)", path,
                    packed);
    return packed != NULL;
}

void shard_refuse(const char *path, shard_kind kind)
{
    FILE *f = fopen(path, "rb");
    char magic[8];
    size_t got = 0;
    if (!f)
        cli_problem("%s: cannot open: %s", path, strerror(errno));
    else if (is_directory(f))
        refuse_directory(path, kind);
    else if (got = fread(magic, 1, sizeof magic, f), !refused_packed(path, magic, got))
        cli_problem("%s: %snot a %s", path, got ? "" : "an empty file, ", kind_name[kind]);
    if (f)
        fclose(f);
}

int shard_sniff(const char *path, shard_kind *kind)
{
    FILE *f = fopen(path, "rb");
    char magic[8];
    int got = f && fread(magic, 1, sizeof magic, f) == sizeof magic;
    if (f)
        fclose(f);
    for (size_t k = 0; got && k < sizeof head_magic / sizeof *head_magic; k++)
        if (memcmp(magic, head_magic[k], sizeof magic) == 0) {
            *kind = (shard_kind)k;
            return 1;
        }
    return 0;
}

int shard_open(shard_reader *r, const char *path, shard_kind kind, const np_params *params)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->kind = kind;
    buf_init(&r->record, NULL);
    r->hash = XXH3_createState();
    if (!r->hash || XXH3_64bits_reset(r->hash) != XXH_OK) {
        cli_problem("out of memory");
        return -1;
    }
    if (!(r->file = fopen(path, "rb"))) {
        cli_problem("%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    char magic[8], id[256], text[4096];
    uint32_t version;
    if (is_directory(r->file)) {
        refuse_directory(path, kind);
        return -1;
    }
    /* a file shorter than the header that does not open as one (a note,
     * an empty file) is none, not a header cut short */
    size_t got = fread(magic, 1, sizeof magic, r->file);
    if (refused_packed(path, magic, got))
        return -1;
    if (got < sizeof magic && !ferror(r->file) && (!got || memcmp(magic, head_magic[kind], got) != 0)) {
        cli_problem("%s: %snot a %s", path, got ? "" : "an empty file, ", kind_name[kind]);
        return -1;
    }
    if (got < sizeof magic) {
        cli_problem("%s: %s: no shard header", path, ferror(r->file) ? strerror(errno) : "truncated");
        return -1;
    }
    if (memcmp(magic, head_magic[kind], sizeof magic) != 0) {
        cli_problem("%s: not a %s", path, kind_name[kind]);
        return -1;
    }
    if (read_exact(r, &version, sizeof version, "no shard header") != 0)
        return -1;
    if (version != SHARD_VERSION) {
        cli_problem("%s: format %u, this newsprint reads %d: run the stage that made it again", path, version,
                    SHARD_VERSION);
        return -1;
    }
    if (read_text(r, id, sizeof id, "print id") != 0 || read_text(r, text, sizeof text, "parameters") != 0)
        return -1;
    if (strcmp(id, NP_PRINT_ID) != 0) {
        cli_problem("%s: made by another newsprint build (%s, this is %s): %s", path, id, NP_PRINT_ID,
                    kind == SHARD_PRINTS ? "sign the input again" : "run the stages again");
        return -1;
    }
    /* compared by value: a shard whose text lays them out otherwise (an
     * older newsprint's) is read when they are the same */
    np_params made_with;
    char diff[256];
    if (params_parse(text, &made_with, diff, sizeof diff) != 0) {
        cli_problem("%s: made with a parameter this newsprint does not know (%s): %s", path, diff,
                    kind == SHARD_PRINTS ? "sign the input again" : "run the stages again");
        return -1;
    }
    if (params_differ(&made_with, params, diff, sizeof diff)) {
        cli_problem("%s: made with other parameters (%s): give the same --param to every stage", path, diff);
        return -1;
    }
    return 0;
}

int shard_next(shard_reader *r, const void **data, size_t *size)
{
    char magic[8];
    if (read_exact(r, magic, 4, "ends without its end marker (an interrupted stage? run it again)") != 0)
        return -1;
    if (memcmp(magic, end_magic, 4) == 0) {
        uint64_t count, sum;
        if (read_exact(r, magic + 4, 4, "end marker cut short") != 0 ||
            memcmp(magic, end_magic, sizeof magic) != 0 ||
            read_exact(r, &count, sizeof count, "end marker cut short") != 0 ||
            read_exact(r, &sum, sizeof sum, "end marker cut short") != 0) {
            if (!ferror(r->file))
                cli_problem("%s: damaged end marker", r->path);
            return -1;
        }
        if (count != r->count || sum != XXH3_64bits_digest(r->hash)) {
            cli_problem("%s: damaged: %s (%llu records read, %llu written)", r->path,
                        count != r->count ? "record count differs" : "checksum differs",
                        (unsigned long long)r->count, (unsigned long long)count);
            return -1;
        }
        r->sum = sum;
        if (fgetc(r->file) != EOF) {
            cli_problem("%s: damaged: bytes after the end marker", r->path);
            return -1;
        }
        return 0;
    }
    uint32_t n;
    memcpy(&n, magic, 4);
    if (n == 0 || n > MAX_RECORD) {
        cli_problem("%s: damaged: a record of %u bytes", r->path, n);
        return -1;
    }
    buf_clear(&r->record);
    if (buf_reserve(&r->record, n) != NP_OK) {
        cli_problem("out of memory");
        return -1;
    }
    if (read_exact(r, r->record.data, n, "a record cut short (an interrupted stage? run it again)") != 0)
        return -1;
    r->record.len = n;
    XXH3_64bits_update(r->hash, &n, sizeof n);
    XXH3_64bits_update(r->hash, r->record.data, n);
    r->count++;
    *data = r->record.data;
    *size = n;
    return 1;
}

void shard_close_reader(shard_reader *r)
{
    if (r->file)
        fclose(r->file);
    buf_free(&r->record);
    XXH3_freeState(r->hash);
    memset(r, 0, sizeof *r);
}
