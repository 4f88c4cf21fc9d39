/*
 * inputname: what an input's path says it holds, by its name alone: the
 * extension (the one before ".gz": a.jsonl.gz is JSONL), whether a
 * directory walk reads it as an article file, whether it is a pattern.
 * What a file holds decides the rest (reader.c looks at its first bytes).
 */
#include <string.h>
#include <strings.h>

#include "ingest/inputname.h"

const char *inputname_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* ".gz" ends a name */
int inputname_is_gz(const char *base, size_t len)
{
    return len > 3 && memcmp(base + len - 3, ".gz", 3) == 0;
}

/* The extension of a name, and its length: the one before ".gz" when it
 * ends so (a.jsonl.gz is JSONL), "" when there is none. */
const char *inputname_extension(const char *path, size_t *len)
{
    const char *base = inputname_base(path);
    size_t n = strlen(base);
    if (inputname_is_gz(base, n))
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

int inputname_has_extension(const char *path, const char *ext)
{
    size_t len;
    const char *found = inputname_extension(path, &len);
    return len == strlen(ext) && memcmp(found, ext, len) == 0;
}

int inputname_is_html(const char *path)
{
    return inputname_has_extension(path, ".html") || inputname_has_extension(path, ".htm");
}

int inputname_is_markdown(const char *path)
{
    return inputname_has_extension(path, ".md") || inputname_has_extension(path, ".markdown");
}

int inputname_is_warc(const char *path)
{
    size_t n = strlen(path);
    return (n > 5 && strcmp(path + n - 5, ".warc") == 0) || (n > 8 && strcmp(path + n - 8, ".warc.gz") == 0);
}

int inputname_is_jsonl(const char *path)
{
    return inputname_has_extension(path, ".jsonl") || inputname_has_extension(path, ".ndjson");
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

/* Markdown files are read when named (or matched by a glob), not met in
 * a walk: a folder's .md files are its notes as often as its articles
 * (a README.md, a CHANGES.md). */
/* Files picked up from a directory walk: text, JSONL (.json too, read as
 * one given by name is), HTML and WARC, each plain or gzip-compressed,
 * nothing else; a text file without an extension is an article (many
 * corpora name them so) unless it is a project's (is_project_file_name).
 * A file named on the command line is read whatever its name. */
int inputname_is_article(const char *path)
{
    size_t len;
    inputname_extension(path, &len);
    const char *base = inputname_base(path);
    if (is_project_file_name(base))
        return 0;
    if (!len) /* a name without an extension, but not "x.gz": some archive */
        return !inputname_is_gz(base, strlen(base));
    return inputname_has_extension(path, ".txt") || inputname_has_extension(path, ".text") || inputname_is_jsonl(path) ||
           inputname_has_extension(path, ".json") || inputname_is_html(path) || inputname_is_warc(path);
}

int inputname_has_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}
