/* unit_reader: np_reader over files, directories, globs and JSONL written
 * into a fresh temporary directory (src/ingest). */
#include <errno.h>
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "common/buf.h"
#include "ingest/id.h"
#include "test.h"

/* ------------------------------------------------------------------ */
/* temporary files */

/* Removes dir and everything under it (no symlinks are followed). */
static void remove_tree(const char *dir)
{
    struct stat sb;
    if (!dir || !dir[0] || lstat(dir, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char child[1024];
            snprintf(child, sizeof child, "%s/%s", dir, e->d_name);
            remove_tree(child);
        }
        if (d)
            closedir(d);
        rmdir(dir);
    } else {
        unlink(dir);
    }
}

/* Writes dir/rel (parents created) with len bytes of data; 0 on success. */
static int write_bytes(const char *dir, const char *rel, const char *data, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    for (char *p = path + strlen(dir) + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t put = len ? fwrite(data, 1, len, f) : 0;
    return (fclose(f) == 0 && put == len) ? 0 : -1;
}

static int write_file(const char *dir, const char *rel, const char *text)
{
    return write_bytes(dir, rel, text, strlen(text));
}

static const char *join(char out[512], const char *dir, const char *rel)
{
    snprintf(out, 512, "%s/%s", dir, rel);
    return out;
}

/* ------------------------------------------------------------------ */
/* reading everything */

enum { MAX_ERRS = 16 };

typedef struct trace {
    char ids[8192];            /* "a b !EINPUT c" */
    char errs[MAX_ERRS][1100]; /* the messages of the failures, in order */
    size_t n_errs;
    size_t n_ok;
    int done;                  /* ended with NP_DONE */
    int bad_status;            /* a status outside OK/DONE/ENOMEM/EIO/EINPUT */
} trace;

static const char *short_name(np_status st)
{
    switch (st) {
    case NP_ENOMEM: return "ENOMEM";
    case NP_EIO: return "EIO";
    case NP_EINPUT: return "EINPUT";
    case NP_EPARAM: return "EPARAM";
    default: return "OTHER";
    }
}

static void append(trace *t, const char *s)
{
    size_t n = strlen(t->ids);
    if (n && n + 1 < sizeof t->ids)
        t->ids[n++] = ' ';
    snprintf(t->ids + n, sizeof t->ids - n, "%s", s);
}

/* Reads until NP_DONE (at most `limit` calls), recording ids and errors. */
static void drain(np_reader *r, trace *t, int limit)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; i < limit; i++) {
        static const np_record sentinel;
        const np_record *rec = &sentinel; /* must be overwritten */
        np_status st = np_reader_next(r, &rec);
        if (st == NP_DONE) {
            t->done = 1;
            if (rec != NULL)
                t->bad_status = 1;
            return;
        }
        if (st == NP_OK) {
            if (!rec || !rec->id || !rec->path || (!rec->text && rec->text_len)) {
                t->bad_status = 1;
                return;
            }
            append(t, rec->id);
            t->n_ok++;
            continue;
        }
        if (st != NP_EINPUT && st != NP_EIO && st != NP_ENOMEM)
            t->bad_status = 1;
        if (rec != NULL)
            t->bad_status = 1;
        char mark[16];
        snprintf(mark, sizeof mark, "!%s", short_name(st));
        append(t, mark);
        if (t->n_errs < MAX_ERRS)
            snprintf(t->errs[t->n_errs++], sizeof t->errs[0], "%s", np_reader_errmsg(r));
    }
}

/* Opens a reader over the given inputs and drains it. */
static np_status read_inputs(const char *const *inputs, size_t n, np_input_format format,
                             trace *t, uint64_t *records, uint64_t *skipped)
{
    np_reader *r;
    np_status st = np_reader_open(&r, inputs, n, format, NULL);
    if (st != NP_OK)
        return st;
    drain(r, t, 10000);
    np_reader_counts(r, records, skipped);
    np_reader_free(r);
    return NP_OK;
}

static int contains(const char *s, const char *needle)
{
    return s && strstr(s, needle) != NULL;
}

/* ------------------------------------------------------------------ */

TEST(reader_text_file)
{
    char dir[64], path[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    static const char text[] = "Harbor Bridge Plan Wins Council Vote\n\nThe council voted.\n";
    REQUIRE(write_file(dir, "story-one.txt", text) == 0);
    np_reader *r;
    const char *inputs[] = { join(path, dir, "story-one.txt") };
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, NULL) == NP_OK);
    const np_record *rec;
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "story-one");
    CHECK(rec->text_len == sizeof text - 1);
    CHECK(memcmp(rec->text, text, sizeof text - 1) == 0);
    CHECK_STR(rec->path, path);
    CHECK(rec->line == 0);
    CHECK(rec->title == NULL && rec->date == NULL && rec->url == NULL && rec->source == NULL);
    CHECK(np_reader_next(r, &rec) == NP_DONE);
    CHECK(rec == NULL);
    CHECK(np_reader_next(r, &rec) == NP_DONE); /* stays done */
    CHECK_STR(np_reader_errmsg(r), "");
    uint64_t records = 99, skipped = 99;
    np_reader_counts(r, &records, &skipped);
    CHECK(records == 1 && skipped == 0);
    np_reader_free(r);
    remove_tree(dir);
}

TEST(reader_ids_from_file_names)
{
    char dir[64], p1[512], p2[512], p3[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "report.2024.txt", "one") == 0);
    REQUIRE(write_file(dir, "noextension", "two") == 0);
    REQUIRE(write_file(dir, "page.html", "three") == 0);
    /* named explicitly, any extension is read as a text article */
    const char *inputs[] = { join(p1, dir, "report.2024.txt"), join(p2, dir, "noextension"),
                             join(p3, dir, "page.html") };
    trace t;
    REQUIRE(read_inputs(inputs, 3, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "report.2024 noextension page");
    CHECK(t.done);
    remove_tree(dir);
}

TEST(reader_directory_sorted_recursive)
{
    char dir[64], root[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "corpus/b.txt", "bravo") == 0);
    REQUIRE(write_file(dir, "corpus/a.txt", "alpha") == 0);
    REQUIRE(write_file(dir, "corpus/Z.txt", "capital zulu") == 0);
    REQUIRE(write_file(dir, "corpus/sub/c.txt", "charlie") == 0);
    REQUIRE(write_file(dir, "corpus/sub/deeper/d.text", "delta") == 0);
    REQUIRE(write_file(dir, "corpus/e", "echo, no extension") == 0);
    REQUIRE(write_file(dir, "corpus/f.jsonl", "{\"id\":\"f1\",\"text\":\"foxtrot\"}\n") == 0);
    REQUIRE(write_file(dir, "corpus/g.ndjson", "{\"id\":\"g1\",\"text\":\"golf\"}\n") == 0);
    /* web pages are articles too (the cleaner finds the text in them) */
    REQUIRE(write_file(dir, "corpus/page.html", "<p>html</p>") == 0);
    /* skipped: hidden files and directories, non-article extensions */
    REQUIRE(write_file(dir, "corpus/.hidden.txt", "hidden") == 0);
    REQUIRE(write_file(dir, "corpus/.git/h.txt", "in a hidden directory") == 0);
    REQUIRE(write_file(dir, "corpus/README.md", "# notes") == 0);
    REQUIRE(write_file(dir, "corpus/story.md", "# Markdown is read when named, not in a walk") == 0);
    REQUIRE(write_file(dir, "corpus/sub/data.csv", "a,b") == 0);
    const char *inputs[] = { join(root, dir, "corpus") };
    trace t;
    uint64_t records, skipped;
    REQUIRE(read_inputs(inputs, 1, NP_FORMAT_AUTO, &t, &records, &skipped) == NP_OK);
    CHECK_STR(t.ids, "Z a b e f1 g1 page c d");
    CHECK(t.done);
    CHECK(records == 9 && skipped == 0);
    /* a trailing slash changes nothing */
    char slashed[520];
    snprintf(slashed, sizeof slashed, "%s/", root);
    const char *inputs2[] = { slashed };
    REQUIRE(read_inputs(inputs2, 1, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "Z a b e f1 g1 page c d");
    remove_tree(dir);
}

TEST(reader_directory_paths)
{
    char dir[64], root[512], expect[600];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "corpus/sub/c.txt", "charlie") == 0);
    np_reader *r;
    const char *inputs[] = { join(root, dir, "corpus") };
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, NULL) == NP_OK);
    const np_record *rec;
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    snprintf(expect, sizeof expect, "%s/sub/c.txt", root);
    CHECK_STR(rec->path, expect);
    CHECK(rec->text_len == 7 && memcmp(rec->text, "charlie", 7) == 0);
    np_reader_free(r);
    remove_tree(dir);
}

/* A file after a subdirectory's files is opened from its own directory,
 * kept open while the subdirectories are walked (walk_dir_fd) */
TEST(reader_directory_files_after_subdirectories)
{
    char dir[64], root[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "corpus/a.txt", "alpha") == 0);
    REQUIRE(write_file(dir, "corpus/m/x.txt", "xray") == 0);
    REQUIRE(write_file(dir, "corpus/m/n/y.txt", "yankee") == 0);
    REQUIRE(write_file(dir, "corpus/m/q.txt", "quebec") == 0);
    REQUIRE(write_file(dir, "corpus/p/w.txt", "whiskey") == 0);
    REQUIRE(write_file(dir, "corpus/z.txt", "zulu") == 0);
    const char *inputs[] = { join(root, dir, "corpus") };
    trace t;
    REQUIRE(read_inputs(inputs, 1, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "a y q x w z");
    CHECK(t.n_errs == 0);
    remove_tree(dir);
}

/* A directory renamed while it is read is read to its end: its files are
 * opened from the directory listed, not by a path that no longer is */
TEST(reader_directory_renamed_while_read)
{
    char dir[64], root[512], moved[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "corpus/a.txt", "alpha") == 0);
    REQUIRE(write_file(dir, "corpus/b.txt", "bravo") == 0);
    REQUIRE(write_file(dir, "corpus/c.txt", "charlie") == 0);
    np_reader *r;
    const char *inputs[] = { join(root, dir, "corpus") };
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, NULL) == NP_OK);
    const np_record *rec;
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK(rec->text_len == 5 && memcmp(rec->text, "alpha", 5) == 0);
    REQUIRE(rename(root, join(moved, dir, "moved")) == 0);
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK(rec->text_len == 5 && memcmp(rec->text, "bravo", 5) == 0);
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK(rec->text_len == 7 && memcmp(rec->text, "charlie", 7) == 0);
    CHECK(np_reader_next(r, &rec) == NP_DONE);
    np_reader_free(r);
    remove_tree(dir);
}

TEST(reader_glob_pattern)
{
    char dir[64], pattern[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "g/b.txt", "bravo") == 0);
    REQUIRE(write_file(dir, "g/a.txt", "alpha") == 0);
    REQUIRE(write_file(dir, "g/c.md", "charlie") == 0);
    REQUIRE(write_file(dir, "g/sub/d.txt", "delta") == 0);
    const char *inputs[] = { join(pattern, dir, "g/*.txt") };
    trace t;
    REQUIRE(read_inputs(inputs, 1, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "a b");
    char p2[512];
    const char *inputs2[] = { join(p2, dir, "g/[cb].*") };
    REQUIRE(read_inputs(inputs2, 1, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "b c"); /* a pattern names its files: .md is read too */
    char p3[512];
    const char *inputs3[] = { join(p3, dir, "g/*") }; /* matches a directory too */
    REQUIRE(read_inputs(inputs3, 1, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "a b c d");
    /* a pattern that matches nothing is an error naming it */
    char p4[512];
    const char *inputs4[] = { join(p4, dir, "g/*.none") };
    REQUIRE(read_inputs(inputs4, 1, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "!EIO");
    CHECK(contains(t.errs[0], p4));
    remove_tree(dir);
}

TEST(reader_jsonl_fields)
{
    char dir[64], path[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "feed.jsonl",
                       "{\"id\":\"rec-1\",\"text\":\"Line one.\\nLine two \\u2019.\",\"title\":\"A "
                       "Title\",\"date\":\"2004-03-12T14:05:09Z\",\"url\":\"https://example.org/a\","
                       "\"source\":\"Example Times\",\"lang\":\"en\",\"extra\":{\"nested\":[1,2]}}\n") == 0);
    np_reader *r;
    const char *inputs[] = { join(path, dir, "feed.jsonl") };
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, NULL) == NP_OK);
    const np_record *rec;
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "rec-1");
    static const char want[] = "Line one.\nLine two \xE2\x80\x99.";
    CHECK(rec->text_len == sizeof want - 1);
    CHECK(memcmp(rec->text, want, sizeof want - 1) == 0);
    CHECK_STR(rec->title, "A Title");
    CHECK_STR(rec->date, "2004-03-12T14:05:09Z");
    CHECK_STR(rec->url, "https://example.org/a");
    CHECK_STR(rec->source, "Example Times");
    CHECK_STR(rec->path, path);
    CHECK(rec->line == 1);
    CHECK(np_reader_next(r, &rec) == NP_DONE);
    np_reader_free(r);
    remove_tree(dir);
}

/* Markdown: an .md file, a JSONL line's "markdown" string (when it has no
 * "text" nor "html" one) are records marked as Markdown. */
TEST(reader_markdown_files_and_fields)
{
    char dir[64], p1[512], p2[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "story.md", "# Port reopens\n\nThe port reopened.\n") == 0);
    REQUIRE(write_file(dir, "feed.jsonl",
                       "{\"id\":\"m\",\"markdown\":\"# Port reopens\"}\n"
                       "{\"id\":\"h\",\"html\":\"<p>x</p>\",\"markdown\":\"# x\"}\n"
                       "{\"id\":\"t\",\"text\":\"plain\",\"markdown\":\"# x\"}\n") == 0);
    const char *inputs[] = { join(p1, dir, "story.md"), join(p2, dir, "feed.jsonl") };
    np_reader *r;
    REQUIRE(np_reader_open(&r, inputs, 2, NP_FORMAT_AUTO, NULL) == NP_OK);
    static const struct {
        const char *id;
        int html, markdown;
    } want[] = { { "story", 0, 1 }, { "m", 0, 1 }, { "h", 1, 0 }, { "t", 0, 0 } };
    const np_record *rec;
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        REQUIRE(np_reader_next(r, &rec) == NP_OK);
        CHECK_STR(rec->id, want[k].id);
        CHECK(rec->html == want[k].html && rec->markdown == want[k].markdown);
    }
    CHECK(np_reader_next(r, &rec) == NP_DONE);
    np_reader_free(r);
    remove_tree(dir);
}

/* Lines as other tools write articles: news-please's keys ("maintext",
 * "date_publish", "source_domain"), and "content", "headline",
 * "published_at", "link"; a field's own key wins over its aliases
 * wherever it stands, and a note on a value not read names the key it
 * came from. */
TEST(reader_jsonl_field_aliases)
{
    char dir[64], path[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "np.jsonl",
                       "{\"title\":\"Flood\",\"maintext\":\"The river rose.\",\"date_publish\":\"2025-03-04 08:15:00\","
                       "\"url\":\"https://a.example/1\",\"source_domain\":\"a.example\"}\n"
                       "{\"id\":\"c\",\"headline\":\"Rising\",\"content\":\"It rose again.\",\"published_at\":"
                       "\"2025-03-05T10:00:00Z\",\"link\":\"https://b.example/2\"}\n"
                       "{\"id\":\"t\",\"content\":\"not this\",\"text\":\"This.\",\"headline\":\"No\",\"title\":\"Yes\"}\n"
                       "{\"id\":\"n\",\"text\":\"x\",\"headline\":7}\n") == 0);
    np_reader *r;
    const char *inputs[] = { join(path, dir, "np.jsonl") };
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, NULL) == NP_OK);
    const np_record *rec;
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK(rec->text_len == 15 && memcmp(rec->text, "The river rose.", 15) == 0);
    CHECK_STR(rec->title, "Flood");
    CHECK_STR(rec->date, "2025-03-04 08:15:00");
    CHECK_STR(rec->url, "https://a.example/1");
    CHECK_STR(rec->source, "a.example");
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "c");
    CHECK(rec->text_len == 14 && memcmp(rec->text, "It rose again.", 14) == 0);
    CHECK_STR(rec->title, "Rising");
    CHECK_STR(rec->date, "2025-03-05T10:00:00Z");
    CHECK_STR(rec->url, "https://b.example/2");
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK(rec->text_len == 5 && memcmp(rec->text, "This.", 5) == 0);
    CHECK_STR(rec->title, "Yes");
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK(rec->title == NULL);
    CHECK(reader_fields_unread(r) && strstr(reader_fields_unread(r), "\"headline\" (a number)") != NULL);
    CHECK(np_reader_next(r, &rec) == NP_DONE);
    np_reader_free(r);
    remove_tree(dir);
}

TEST(reader_jsonl_ids_and_blank_lines)
{
    char dir[64], path[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "wire.jsonl",
                       "{\"id\":42,\"text\":\"integer id\"}\n"
                       "\n"
                       "   \t \n"
                       "{\"text\":\"no id\"}\n"
                       "{\"id\":null,\"text\":\"null id\"}\r\n"
                       "{\"id\":-7,\"text\":\"negative\"}\n"
                       "\n"
                       "{\"id\":\"last\",\"text\":\"no newline at the end\"}") == 0);
    np_reader *r;
    const char *inputs[] = { join(path, dir, "wire.jsonl") };
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, NULL) == NP_OK);
    const np_record *rec;
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "42");
    CHECK(rec->line == 1);
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "wire:4");
    CHECK(rec->line == 4);
    CHECK(rec->text_len == 5 && memcmp(rec->text, "no id", 5) == 0);
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "wire:5");
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "-7");
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "last");
    CHECK(rec->line == 8);
    CHECK(np_reader_next(r, &rec) == NP_DONE);
    uint64_t records, skipped;
    np_reader_counts(r, &records, &skipped);
    CHECK(records == 5 && skipped == 0);
    np_reader_free(r);
    remove_tree(dir);
}

TEST(reader_jsonl_bad_records_skipped)
{
    char dir[64], p1[512], p2[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "errors.jsonl",
                       "{\"id\":\"g1\",\"text\":\"one\"}\n"             /* 1 */
                       "{\"id\":\"bad\",\"text\": }\n"                  /* 2 invalid JSON */
                       "{\"id\":\"g2\",\"text\":\"two\"}\n"             /* 3 */
                       "[\"id\",\"text\"]\n"                            /* 4 an array */
                       "{\"id\":\"g3\",\"text\":\"three\"}\n"           /* 5 */
                       "{\"id\":\"nt\",\"title\":\"no text\"}\n"        /* 6 no text */
                       "{\"id\":\"g4\",\"text\":\"four\"}\n"            /* 7 */
                       "{\"id\":\"g1\",\"text\":\"again\"}\n"           /* 8 duplicate id */
                       "{\"id\":\"g5\",\"text\":\"five\"}\n"            /* 9 */
                       "{\"id\":\"num\",\"text\":5}\n"                  /* 10 text not a string */
                       "{\"id\":\"g6\",\"text\":\"six\"}\n"             /* 11 */
                       "{\"id\":\"g7\",\"text\":\"cut o") == 0);         /* 12 truncated */
    REQUIRE(write_file(dir, "next.jsonl", "{\"id\":\"h1\",\"text\":\"after\"}\n") == 0);
    const char *inputs[] = { join(p1, dir, "errors.jsonl"), join(p2, dir, "next.jsonl") };
    trace t;
    uint64_t records, skipped;
    REQUIRE(read_inputs(inputs, 2, NP_FORMAT_AUTO, &t, &records, &skipped) == NP_OK);
    CHECK_STR(t.ids, "g1 !EINPUT g2 !EINPUT g3 !EINPUT g4 !EINPUT g5 !EINPUT g6 !EINPUT h1");
    CHECK(t.done && !t.bad_status);
    CHECK(records == 7);
    CHECK(skipped == 6);
    REQUIRE(t.n_errs == 6);
    static const char *const lines[] = { "errors.jsonl:2: ", "errors.jsonl:4: ", "errors.jsonl:6: ",
                                         "errors.jsonl:8: ", "errors.jsonl:10: ", "errors.jsonl:12: " };
    for (size_t i = 0; i < 6; i++)
        CHECK(contains(t.errs[i], lines[i]));
    CHECK(contains(t.errs[1], "array"));
    CHECK(contains(t.errs[2], "text"));
    CHECK(contains(t.errs[3], "duplicate"));
    CHECK(contains(t.errs[3], "g1"));
    remove_tree(dir);
}

TEST(reader_jsonl_bad_ids_and_fields)
{
    char dir[64], path[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    char long_id[600];
    memset(long_id, 'i', 513);
    long_id[513] = '\0';
    char long_title[5000];
    memset(long_title, 't', 4097);
    long_title[4097] = '\0';
    char data[12000];
    snprintf(data, sizeof data,
             "{\"id\":\"%s\",\"text\":\"id over the cap\"}\n"   /* 1 */
             "{\"id\":\"\",\"text\":\"empty id\"}\n"            /* 2 */
             "{\"id\":\"a\\u0001b\",\"text\":\"control\"}\n"   /* 3 */
             "{\"id\":1.5,\"text\":\"float id\"}\n"             /* 4 */
             "{\"id\":[1],\"text\":\"array id\"}\n"             /* 5 */
             "{\"id\":\"ok1\",\"text\":\"long title\",\"title\":\"%s\"}\n" /* 6 */
             "{\"id\":\"ok2\",\"text\":\"odd fields\",\"title\":7,\"date\":null,"
             "\"url\":[\"x\"],\"source\":\"a\\u0000b\"}\n" /* 7 */
             "\"just a string\"\n"                               /* 8 */
             "null\n"                                            /* 9 */
             "{\"id\":\"ok3\",\"text\":\"nul \\u0000 inside\"}\n", /* 10 */
             long_id, long_title);
    REQUIRE(write_file(dir, "ids.jsonl", data) == 0);
    np_reader *r;
    const char *inputs[] = { join(path, dir, "ids.jsonl") };
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, NULL) == NP_OK);
    const np_record *rec;
    for (int line = 1; line <= 5; line++) {
        CHECK(np_reader_next(r, &rec) == NP_EINPUT);
        char want[16];
        snprintf(want, sizeof want, "ids.jsonl:%d: ", line);
        CHECK(contains(np_reader_errmsg(r), want));
    }
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "ok1");
    CHECK(rec->title == NULL); /* over NP_MAX_FIELD_BYTES: dropped, record kept */
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "ok2");
    CHECK(rec->title == NULL && rec->date == NULL && rec->url == NULL && rec->source == NULL);
    CHECK(np_reader_next(r, &rec) == NP_EINPUT);
    CHECK(contains(np_reader_errmsg(r), "string"));
    CHECK(np_reader_next(r, &rec) == NP_EINPUT);
    CHECK(contains(np_reader_errmsg(r), "null"));
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "ok3");
    CHECK(rec->text_len == 12 && memcmp(rec->text, "nul \0 inside", 12) == 0);
    CHECK(np_reader_next(r, &rec) == NP_DONE);
    np_reader_free(r);
    remove_tree(dir);
}

TEST(reader_jsonl_line_over_cap)
{
    char dir[64], path[512], file[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    join(file, dir, "big.jsonl");
    FILE *f = fopen(file, "wb");
    REQUIRE(f != NULL);
    fputs("{\"id\":\"before\",\"text\":\"small\"}\n", f);
    fputs("{\"id\":\"huge\",\"text\":\"", f);
    static char block[1 << 16];
    memset(block, 'a', sizeof block);
    size_t total = (size_t)17 << 20;
    for (size_t put = 0; put < total; put += sizeof block)
        fwrite(block, 1, sizeof block, f);
    fputs("\"}\n", f);
    fputs("{\"id\":\"after\",\"text\":\"small\"}\n", f);
    REQUIRE(fclose(f) == 0);
    const char *inputs[] = { join(path, dir, "big.jsonl") };
    trace t;
    uint64_t records, skipped;
    REQUIRE(read_inputs(inputs, 1, NP_FORMAT_AUTO, &t, &records, &skipped) == NP_OK);
    CHECK_STR(t.ids, "before !EINPUT after");
    CHECK(contains(t.errs[0], "big.jsonl:2: "));
    CHECK(records == 2 && skipped == 1);
    remove_tree(dir);
}

TEST(reader_text_file_over_cap)
{
    char dir[64], p1[512], p2[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "huge.txt", "x") == 0);
    REQUIRE(truncate(join(p1, dir, "huge.txt"), (off_t)NP_MAX_RECORD_BYTES + 1) == 0);
    REQUIRE(write_file(dir, "small.txt", "fine") == 0);
    const char *inputs[] = { p1, join(p2, dir, "small.txt") };
    trace t;
    REQUIRE(read_inputs(inputs, 2, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "!EINPUT small");
    CHECK(contains(t.errs[0], "huge.txt"));
    remove_tree(dir);
}

TEST(reader_missing_path)
{
    char dir[64], p1[512], p2[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "present.txt", "here") == 0);
    const char *inputs[] = { join(p1, dir, "absent.txt"), join(p2, dir, "present.txt") };
    trace t;
    uint64_t records, skipped;
    REQUIRE(read_inputs(inputs, 2, NP_FORMAT_AUTO, &t, &records, &skipped) == NP_OK);
    CHECK_STR(t.ids, "!EIO present");
    CHECK(contains(t.errs[0], p1));
    CHECK(records == 1 && skipped == 1);
    remove_tree(dir);
}

TEST(reader_empty_file)
{
    char dir[64], p1[512], p2[512], p3[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "empty.txt", "") == 0);
    REQUIRE(write_file(dir, "spaces.txt", " \n\t\r\n ") == 0);
    REQUIRE(write_file(dir, "full.txt", "content") == 0);
    const char *inputs[] = { join(p1, dir, "empty.txt"), join(p2, dir, "spaces.txt"),
                             join(p3, dir, "full.txt") };
    trace t;
    REQUIRE(read_inputs(inputs, 3, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "!EINPUT !EINPUT full");
    CHECK(contains(t.errs[0], "empty.txt"));
    CHECK(contains(t.errs[0], "empty"));
    CHECK(contains(t.errs[1], "spaces.txt"));
    /* an empty JSONL file holds no records; it is not an article of its own */
    REQUIRE(write_file(dir, "none.jsonl", "") == 0);
    char p4[512];
    const char *inputs2[] = { join(p4, dir, "none.jsonl"), p3 };
    REQUIRE(read_inputs(inputs2, 2, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK(contains(t.ids, "full"));
    CHECK(t.n_ok == 1);
    remove_tree(dir);
}

TEST(reader_jsonl_invalid_utf8_repaired)
{
    /* a line with no UTF-8 in it is Windows-1252 (Latin-1) text; a line of
     * UTF-8 with a stray byte keeps its UTF-8, the byte U+FFFD */
    char dir[64], path[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "latin.jsonl",
                       "{\"id\":\"u1\",\"title\":\"Caf\xE9\",\"text\":\"caf\xE9 au lait\"}\n"
                       "{\"id\":\"u2\",\"text\":\"fine \xC3\xA9\"}\n"
                       "{\"id\":\"u3\",\"title\":\"Caf\xC3\xA9\",\"text\":\"caf\xE9 au lait\"}\n") == 0);
    np_reader *r;
    const char *inputs[] = { join(path, dir, "latin.jsonl") };
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, NULL) == NP_OK);
    const np_record *rec;
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "u1");
    static const char want[] = "caf\xC3\xA9 au lait";
    CHECK(rec->text_len == sizeof want - 1 && memcmp(rec->text, want, sizeof want - 1) == 0);
    CHECK_STR(rec->title, "Caf\xC3\xA9");
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "u2");
    CHECK(rec->text_len == 7 && memcmp(rec->text, "fine \xC3\xA9", 7) == 0);
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "u3");
    static const char repaired[] = "caf\xEF\xBF\xBD au lait";
    CHECK(rec->text_len == sizeof repaired - 1 && memcmp(rec->text, repaired, sizeof repaired - 1) == 0);
    CHECK_STR(rec->title, "Caf\xC3\xA9");
    CHECK(np_reader_next(r, &rec) == NP_DONE);
    np_reader_free(r);
    remove_tree(dir);
}

/* An integer past 64 bits in a field newsprint does not read (JSON sets no
 * limit; jansson refuses it) does not cost the record. */
TEST(reader_jsonl_huge_integer_kept)
{
    char dir[64], path[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "big.jsonl",
                       "{\"id\":\"b1\",\"views\":123456789012345678901234567890,\"text\":\"pier vote\"}\n"
                       "{\"id\":\"b2\",\"text\":\"ferry\"}\n") == 0);
    np_reader *r;
    const char *inputs[] = { join(path, dir, "big.jsonl") };
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, NULL) == NP_OK);
    const np_record *rec;
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "b1");
    CHECK(rec->text_len == 9 && memcmp(rec->text, "pier vote", 9) == 0);
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "b2");
    CHECK(np_reader_next(r, &rec) == NP_DONE);
    np_reader_free(r);
    remove_tree(dir);
}

TEST(reader_duplicate_ids_across_files)
{
    char dir[64], p1[512], p2[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "one/story.txt", "first") == 0);
    REQUIRE(write_file(dir, "two/story.txt", "second") == 0);
    REQUIRE(write_file(dir, "two/story.jsonl", "{\"id\":\"story\",\"text\":\"third\"}\n"
                                               "{\"id\":\"other\",\"text\":\"fourth\"}\n") == 0);
    const char *inputs[] = { join(p1, dir, "one"), join(p2, dir, "two") };
    trace t;
    REQUIRE(read_inputs(inputs, 2, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "story !EINPUT other !EINPUT");
    CHECK(contains(t.errs[0], "story.jsonl:1: "));
    CHECK(contains(t.errs[1], "two/story.txt"));
    remove_tree(dir);
}

/* A record the cleaner refuses as binary (a file of NUL and control bytes,
 * a JSONL text of them) takes no id: the next record of that id is read,
 * in the same input or another. */
TEST(reader_binary_record_takes_no_id)
{
    char dir[64], p1[512], p2[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    static const char junk[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0";
    REQUIRE(write_bytes(dir, "bin/x.txt", junk, sizeof junk - 1) == 0);
    REQUIRE(write_file(dir, "text/x.txt", "The council voted on the budget.") == 0);
    REQUIRE(write_file(dir, "text/y.jsonl", "{\"id\":\"y\",\"text\":\"\\u0000\\u0001\\u0002\\u0003\"}\n"
                                            "{\"id\":\"y\",\"text\":\"The mayor spoke.\"}\n") == 0);
    const char *inputs[] = { join(p1, dir, "bin"), join(p2, dir, "text") };
    trace t;
    REQUIRE(read_inputs(inputs, 2, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "x x y y");
    remove_tree(dir);
}

TEST(reader_format_override)
{
    char dir[64], path[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    static const char lines[] = "{\"id\":\"x1\",\"text\":\"a\"}\n{\"id\":\"x2\",\"text\":\"b\"}\n";
    REQUIRE(write_file(dir, "lines.txt", lines) == 0);
    const char *inputs[] = { join(path, dir, "lines.txt") };
    trace t;
    REQUIRE(read_inputs(inputs, 1, NP_FORMAT_JSONL, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "x1 x2");
    REQUIRE(read_inputs(inputs, 1, NP_FORMAT_AUTO, &t, NULL, NULL) == NP_OK);
    CHECK_STR(t.ids, "lines");
    REQUIRE(write_file(dir, "whole.jsonl", lines) == 0);
    char p2[512];
    const char *inputs2[] = { join(p2, dir, "whole.jsonl") };
    np_reader *r;
    REQUIRE(np_reader_open(&r, inputs2, 1, NP_FORMAT_TEXT, NULL) == NP_OK);
    const np_record *rec;
    REQUIRE(np_reader_next(r, &rec) == NP_OK);
    CHECK_STR(rec->id, "whole");
    CHECK(rec->text_len == sizeof lines - 1);
    CHECK(np_reader_next(r, &rec) == NP_DONE);
    np_reader_free(r);
    remove_tree(dir);
}

TEST(reader_parameters)
{
    np_reader *r = (np_reader *)&r;
    CHECK(np_reader_open(&r, NULL, 1, NP_FORMAT_AUTO, NULL) == NP_EPARAM);
    CHECK(r == NULL);
    const char *with_null[] = { "a.txt", NULL };
    CHECK(np_reader_open(&r, with_null, 2, NP_FORMAT_AUTO, NULL) == NP_EPARAM);
    CHECK(r == NULL);
    REQUIRE(np_reader_open(&r, NULL, 0, NP_FORMAT_AUTO, NULL) == NP_OK);
    const np_record *rec;
    CHECK(np_reader_next(r, &rec) == NP_DONE);
    np_reader_free(r);
    CHECK(np_reader_next(NULL, &rec) == NP_EPARAM);
    np_reader_free(NULL);
    uint64_t records = 5, skipped = 5;
    np_reader_counts(NULL, &records, &skipped);
    CHECK(records == 0 && skipped == 0);
    np_reader_counts(NULL, NULL, NULL);
    CHECK(np_reader_errmsg(NULL) != NULL);
}

/* A reader over the inputs with f's allocator drained into t.  returns: 0
 * when the open failed, as only a failed allocation may (nothing left) */
static int drain_failing(const char *const *inputs, size_t n_inputs, failing_alloc *f, trace *t, int limit)
{
    np_reader *r = NULL;
    np_status st = np_reader_open(&r, inputs, n_inputs, NP_FORMAT_AUTO, &f->allocator);
    if (st != NP_OK) {
        CHECK(st == NP_ENOMEM);
        CHECK(r == NULL);
        CHECK(f->live == 0);
        return 0;
    }
    drain(r, t, limit);
    np_reader_free(r);
    return 1;
}

/* The ids t read are `expected` with pieces left out, in its order; a
 * failure it read ("!ENOMEM") must be `mark` unless that is NULL. */
static void check_ids_in_order(const trace *t, const char *expected, const char *mark)
{
    const char *want = expected;
    char ids[sizeof t->ids];
    snprintf(ids, sizeof ids, "%s", t->ids);
    for (char *tok = strtok(ids, " "); tok; tok = strtok(NULL, " ")) {
        if (tok[0] == '!') {
            if (mark)
                CHECK_STR(tok, mark);
            continue;
        }
        const char *at = strstr(want, tok);
        CHECK(at != NULL);
        if (at)
            want = at + strlen(tok);
    }
}

/* Every allocation of a whole read failed in turn: each run ends, reports
 * at most the one failure, keeps the order of what it returns, and frees
 * everything. */
TEST(reader_allocation_failures)
{
    char dir[64], root[512], extra[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "c/a.txt", "alpha text") == 0);
    REQUIRE(write_file(dir, "c/b.txt", "bravo text") == 0);
    REQUIRE(write_file(dir, "c/sub/c.txt", "charlie text") == 0);
    REQUIRE(write_file(dir, "c/feed.jsonl", "{\"id\":\"j1\",\"text\":\"one\"}\n"
                                            "{\"text\":\"two\",\"title\":\"T\"}\n"
                                            "{\"id\":7,\"text\":\"three\"}\n") == 0);
    REQUIRE(write_file(dir, "d.txt", "delta text") == 0);
    const char *inputs[] = { join(root, dir, "c"), join(extra, dir, "d.txt") };
    static const char expected[] = "a b j1 feed:2 7 c d";

    failing_alloc f;
    failing_alloc_init(&f, 0);
    trace t;
    REQUIRE(drain_failing(inputs, 2, &f, &t, 1000));
    CHECK_STR(t.ids, expected);
    CHECK(f.live == 0);
    unsigned long total = f.calls;
    CHECK(total > 10);

    for (unsigned long n = 1; n <= total + 1; n++) {
        failing_alloc_init(&f, n);
        if (!drain_failing(inputs, 2, &f, &t, 1000))
            continue;
        CHECK(t.done);
        CHECK(!t.bad_status);
        CHECK(t.n_errs <= 1);
        CHECK(t.n_errs == 0 || strcmp(t.errs[0], "") != 0);
        /* what was returned is the expected sequence with pieces left out */
        check_ids_in_order(&t, expected, "!ENOMEM");
        CHECK(f.live == 0);
        if (test_failed_now()) {
            printf("     (allocation %lu of %lu failed; read: %s)\n", n, total, t.ids);
            break;
        }
    }
    remove_tree(dir);
}

/* A JSONL line longer than the line reader's 64 KiB chunk, with each
 * allocation failed in turn: the failure costs that one record or input
 * (one NP_ENOMEM) and nothing else.  A failure while
 * the line buffer grows mid-line must not leave the rest of the line to be
 * parsed as a record of its own. */
TEST(reader_allocation_failures_long_line)
{
    char dir[64], path[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    size_t text_len = 200000;
    char *data = malloc(text_len + 200);
    REQUIRE(data != NULL);
    size_t n = (size_t)sprintf(data, "{\"id\":\"long\",\"text\":\"");
    memset(data + n, 'w', text_len);
    n += text_len;
    n += (size_t)sprintf(data + n, "\"}\n{\"id\":\"next\",\"text\":\"short\"}\n");
    REQUIRE(write_bytes(dir, "long.jsonl", data, n) == 0);
    free(data);
    const char *inputs[] = { join(path, dir, "long.jsonl") };

    failing_alloc f;
    failing_alloc_init(&f, 0);
    np_reader *r;
    REQUIRE(np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, &f.allocator) == NP_OK);
    trace t;
    drain(r, &t, 1000);
    np_reader_free(r);
    CHECK_STR(t.ids, "long next");
    unsigned long total = f.calls;
    for (unsigned long k = 1; k <= total; k++) {
        failing_alloc_init(&f, k);
        r = NULL;
        if (np_reader_open(&r, inputs, 1, NP_FORMAT_AUTO, &f.allocator) != NP_OK) {
            CHECK(f.live == 0);
            continue;
        }
        drain(r, &t, 1000);
        np_reader_free(r);
        CHECK(t.done);
        CHECK(t.n_errs <= 1);
        CHECK(strstr(t.ids, "EINPUT") == NULL);
        CHECK(f.live == 0);
        if (test_failed_now()) {
            printf("     (allocation %lu of %lu failed; read: %s; %s)\n", k, total, t.ids,
                   t.n_errs ? t.errs[t.n_errs - 1] : "");
            break;
        }
    }
    remove_tree(dir);
}

/* A directory that contains a link to itself: the link is reported once
 * as a loop and not followed (following it read the file again at every
 * level down to the system's link limit), and the file is returned once. */
TEST(reader_directory_symlink_loop)
{
    char dir[64], root[512], link[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "loop/a.txt", "alpha") == 0);
    REQUIRE(symlink(".", join(link, dir, "loop/self")) == 0);
    const char *inputs[] = { join(root, dir, "loop") };
    trace t;
    uint64_t records, skipped;
    REQUIRE(read_inputs(inputs, 1, NP_FORMAT_AUTO, &t, &records, &skipped) == NP_OK);
    CHECK(t.done && !t.bad_status);
    CHECK(records == 1);
    CHECK(strcmp(t.ids, "a !EINPUT") == 0);
    CHECK(skipped == 1);
    CHECK(t.n_errs == 1 && contains(t.errs[0], "loop/self: a link back") && contains(t.errs[0], "(a loop)"));
    remove_tree(dir);
}

/* np_reader_skip passes over exactly the records np_reader_next returns:
 * skipping the first k, then reading, gives the records k.. of a full
 * read, across blank lines, malformed lines, a text file and a second
 * JSONL file. */
TEST(reader_skip_counts_as_next)
{
    char dir[64], a[512], b[512], c[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    REQUIRE(write_file(dir, "a.jsonl",
                       "{\"id\":\"x1\",\"text\":\"one\"}\n\n   \n"
                       "not json\n"
                       "{\"id\":\"x2\",\"text\":\"two\"}\n"
                       "[1,2]\n"
                       "{\"id\":\"x1\",\"text\":\"repeated id\"}\n"
                       "{\"id\":\"x3\",\"text\":\"three\"}") == 0);
    REQUIRE(write_file(dir, "b.txt", "a text file") == 0);
    REQUIRE(write_file(dir, "c.jsonl", "\n{\"id\":\"y1\",\"text\":\"four\"}\n{\"id\":\"y2\",\"text\":\"five\"}\n") == 0);
    const char *inputs[] = { join(a, dir, "a.jsonl"), join(b, dir, "b.txt"), join(c, dir, "c.jsonl") };
    /* the full read: each record's id, or "-" for one skipped */
    char full[16][32];
    size_t n = 0;
    np_reader *r;
    REQUIRE(np_reader_open(&r, inputs, 3, NP_FORMAT_AUTO, NULL) == NP_OK);
    const np_record *rec;
    np_status st;
    while ((st = np_reader_next(r, &rec)) != NP_DONE && n < 16)
        snprintf(full[n++], sizeof full[0], "%s", st == NP_OK ? rec->id : "-");
    np_reader_free(r);
    CHECK(n == 9); /* x1, not json, x2, [1,2], x1 again, x3, b, y1, y2 */
    for (size_t k = 0; k <= n; k++) {
        REQUIRE(np_reader_open(&r, inputs, 3, NP_FORMAT_AUTO, NULL) == NP_OK);
        size_t passed = 0;
        while (passed < k && np_reader_skip(r) != NP_DONE)
            passed++;
        CHECK(passed == k);
        size_t i = k;
        while ((st = np_reader_next(r, &rec)) != NP_DONE && i < n) {
            /* a repeated id is only noticed when its first was read */
            const char *want = k > 0 && i == 4 ? "x1" : full[i];
            CHECK(strcmp(st == NP_OK ? rec->id : "-", want) == 0);
            i++;
        }
        CHECK(i == n && st == NP_DONE);
        CHECK(np_reader_skip(r) == NP_DONE);
        np_reader_free(r);
    }
    remove_tree(dir);
}

TEST(reader_bytes_read_for_progress)
{
    char dir[64], a[512], b[512], c[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    /* a JSONL file longer than any read-ahead buffer, a text file, a WARC */
    buf big;
    buf_init(&big, NULL);
    for (int i = 0; i < 4000; i++) {
        char line[128];
        snprintf(line, sizeof line, "{\"id\":\"r%d\",\"text\":\"Record number %d of a long file.\"}\n", i, i);
        REQUIRE(buf_puts(&big, line) == NP_OK);
    }
    REQUIRE(write_bytes(dir, "a.jsonl", big.data, big.len) == 0);
    REQUIRE(write_file(dir, "b.txt", "a text file") == 0);
    const char *http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                       "<html><body><p>A page kept in a web archive.</p></body></html>";
    char warc[1024];
    snprintf(warc, sizeof warc,
             "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:w1>\r\n"
             "WARC-Target-URI: http://example.org/a\r\nContent-Type: application/http; msgtype=response\r\n"
             "Content-Length: %zu\r\n\r\n%s\r\n\r\n", strlen(http), http);
    REQUIRE(write_file(dir, "c.warc", warc) == 0);
    const char *inputs[] = { join(a, dir, "a.jsonl"), join(b, dir, "b.txt"), join(c, dir, "c.warc") };
    uint64_t total = 0;
    for (size_t i = 0; i < 3; i++) {
        struct stat sb;
        REQUIRE(stat(inputs[i], &sb) == 0);
        total += (uint64_t)sb.st_size;
    }
    np_reader *r;
    REQUIRE(np_reader_open(&r, inputs, 3, NP_FORMAT_AUTO, NULL) == NP_OK);
    CHECK(np_reader_bytes_read(r) == 0);
    const np_record *rec;
    uint64_t last = 0, at_half = 0;
    size_t n = 0;
    int monotonic = 1;
    while (np_reader_next(r, &rec) != NP_DONE) {
        uint64_t now = np_reader_bytes_read(r);
        monotonic &= now >= last && now <= total;
        last = now;
        if (++n == 2000)
            at_half = now;
    }
    CHECK(monotonic);
    CHECK(n == 4002);
    /* half the records of the big file: somewhere inside it, not at its end */
    CHECK(at_half > 0 && at_half < big.len);
    CHECK(np_reader_bytes_read(r) == total);
    np_reader_free(r);
    buf_free(&big);
    remove_tree(dir);
}

/* One WARC resource record of a short page, appended to out. */
static void warc_page_record(buf *out, const char *uri)
{
    const char *page = "<html><body><p>The harbour pier opens in June, two months late.</p></body></html>";
    char head[256];
    snprintf(head, sizeof head,
             "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: %s\r\nContent-Type: text/html\r\n"
             "Content-Length: %zu\r\n\r\n", uri, strlen(page));
    buf_puts(out, head);
    buf_puts(out, page);
    buf_puts(out, "\r\n\r\n");
}

/* The record of warc_page_record as one gzip member, appended to out;
 * damaged: its deflate data (past the 10-byte header) flipped. */
static void warc_page_member(buf *out, const char *uri, int damaged)
{
    buf plain;
    buf_init(&plain, NULL);
    warc_page_record(&plain, uri);
    unsigned char packed[1024];
    z_stream z = { 0 };
    deflateInit2(&z, 9, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY);
    z.next_in = (unsigned char *)plain.data;
    z.avail_in = (uInt)plain.len;
    z.next_out = packed;
    z.avail_out = sizeof packed;
    deflate(&z, Z_FINISH);
    size_t len = sizeof packed - z.avail_out;
    deflateEnd(&z);
    for (size_t i = 12; damaged && i + 10 < len; i++)
        packed[i] ^= 0x5a;
    buf_append(out, packed, len);
    buf_free(&plain);
}

/* A damaged gzip member, or lines that are no WARC record, cost their own
 * record: the records after them are read, the loss said once a file at
 * its end (the rest of the file was lost); with every allocation failed
 * in turn each run ends, frees everything and reads no record twice. */
TEST(reader_warc_goes_on_after_damage)
{
    char dir[64], gz[512], plain[512];
    REQUIRE(test_make_tmpdir(dir, "np_unit") == 0);
    buf data;
    buf_init(&data, NULL);
    warc_page_member(&data, "http://a.example/1", 0);
    warc_page_member(&data, "http://a.example/2", 1);
    warc_page_member(&data, "http://a.example/3", 0);
    REQUIRE(write_bytes(dir, "a.warc.gz", data.data, data.len) == 0);
    buf_clear(&data);
    warc_page_record(&data, "http://b.example/1");
    buf_puts(&data, "not a record\nWARC/1.0 with more\n");
    warc_page_record(&data, "http://b.example/2");
    REQUIRE(write_bytes(dir, "b.warc", data.data, data.len) == 0);
    buf_free(&data);
    const char *inputs[] = { join(gz, dir, "a.warc.gz"), join(plain, dir, "b.warc") };
    static const char expected[] = "http://a.example/1 http://a.example/3 !EINPUT http://b.example/1 "
                                   "http://b.example/2 !EINPUT";

    failing_alloc f;
    failing_alloc_init(&f, 0);
    trace t;
    REQUIRE(drain_failing(inputs, 2, &f, &t, 100));
    CHECK_STR(t.ids, expected);
    REQUIRE(t.n_errs == 2);
    CHECK(strstr(t.errs[0], "a.warc.gz: record 2: damaged gzip data (") != NULL);
    CHECK(strstr(t.errs[0], "1 record lost), the records after it read") != NULL);
    CHECK(strstr(t.errs[1], "b.warc: record 2: not a WARC record: bytes 200 to 232 passed over (32 bytes, "
                            "1 record lost), the records after it read") != NULL);
    CHECK(f.live == 0);
    unsigned long total = f.calls;

    for (unsigned long n = 1; n <= total + 1; n++) {
        failing_alloc_init(&f, n);
        if (!drain_failing(inputs, 2, &f, &t, 100))
            continue;
        CHECK(t.done);
        CHECK(!t.bad_status);
        /* the records returned are the expected ones, in order, none twice */
        check_ids_in_order(&t, expected, NULL);
        CHECK(f.live == 0);
        if (test_failed_now()) {
            printf("     (allocation %lu of %lu failed; read: %s)\n", n, total, t.ids);
            break;
        }
    }
    remove_tree(dir);
}
