/*
 * walk: the reader's inputs still to open, a stack of paths.  A directory
 * is expanded one listing at a time (its entries pushed in reverse sorted
 * order, so they pop sorted, depth first), a pattern when its path names
 * no file; a link back to a directory being walked is a loop, refused.
 * A directory of a million files costs one listing, not a million paths
 * held at once before the first is read.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/sort.h"
#include "ingest/reader_internal.h"
#include "ingest/walk.h"

np_status walk_push(np_reader *r, const char *path, size_t len, unsigned depth, unsigned flags)
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

/* A file a walk passes over: counted, and the first few listed. */
void walk_pass_over(np_reader *r, const char *path)
{
    size_t len = strlen(r->walk_passed_names);
    if (r->walk_passed++ < WALK_PASSED_LISTED)
        snprintf(r->walk_passed_names + len, sizeof r->walk_passed_names - len, "%s%.180s", len ? ", " : "",
                 path);
}

/* by name: each name is kept after a byte that says whether the listing
 * called it a regular file */
static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

void walk_close_dirs(np_reader *r, unsigned depth)
{
    for (unsigned d = depth; d < r->n_dirs; d++)
        if (r->dirs[d].fd >= 0)
            close(r->dirs[d].fd);
    if (r->n_dirs > depth)
        r->n_dirs = depth;
}

int walk_dir_fd(const np_reader *r, unsigned depth)
{
    return depth >= 1 && depth - 1 < r->n_dirs ? r->dirs[depth - 1].fd : -1;
}

/* Pushes a directory's entries (hidden ones skipped) in reverse sorted
 * order, so they pop in sorted order.  sb: the directory's stat. */
np_status walk_expand_dir(np_reader *r, const pending *p, const struct stat *sb)
{
    if (p->depth >= NP_MAX_PATH_DEPTH)
        return reader_fail(r, NP_EINPUT, "%s: directory nested deeper than %d levels, skipped",
                    p->path, NP_MAX_PATH_DEPTH);
    /* entries pop depth first, so dirs[0 .. depth-1] hold this one's parents */
    for (unsigned d = 0; d < p->depth; d++)
        if (r->dirs[d].dev == sb->st_dev && r->dirs[d].ino == sb->st_ino)
            return reader_fail(r, NP_EINPUT, "%s: a link back to a directory it is in (a loop), skipped", p->path);
    walk_close_dirs(r, p->depth);
    DIR *dir = opendir(p->path);
    if (!dir)
        return reader_fail(r, NP_EIO, "%s: cannot open directory: %s", p->path, strerror(errno));
    /* kept open for its files to be opened from (-1, none free: by path) */
    r->dirs[p->depth].dev = sb->st_dev;
    r->dirs[p->depth].ino = sb->st_ino;
    r->dirs[p->depth].fd = fcntl(dirfd(dir), F_DUPFD_CLOEXEC, 0);
    r->n_dirs = p->depth + 1;
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
        size_t len = strlen(e->d_name);
        if (!(names[n] = np_alloc(r->allocator, len + 2))) {
            st = NP_ENOMEM;
            break;
        }
        names[n][0] = e->d_type == DT_REG ? 'f' : '?';
        memcpy(names[n] + 1, e->d_name, len + 1);
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
            st = buf_puts(&full, names[i] + 1);
        if (st == NP_OK)
            st = walk_push(r, full.data, full.len, p->depth + 1,
                           names[i][0] == 'f' ? FROM_DIR | FROM_DIR_FILE : FROM_DIR);
    }
    buf_free(&full);
    for (size_t i = 0; i < n; i++)
        np_free(r->allocator, names[i]);
    np_free(r->allocator, names);
    if (st != NP_OK)
        return reader_fail(r, st, "%s: out of memory listing directory", p->path);
    return NP_OK;
}

np_status walk_expand_glob(np_reader *r, const pending *p)
{
    glob_t g;
    int rc = glob(p->path, 0, NULL, &g);
    if (rc == GLOB_NOMATCH)
        return reader_fail(r, NP_EIO, "%s: no such file, and no file matches it as a pattern", p->path);
    if (rc != 0)
        return reader_fail(r, NP_EIO, "%s: cannot expand pattern", p->path);
    np_status st = NP_OK;
    for (size_t i = g.gl_pathc; i-- > 0 && st == NP_OK;)
        st = walk_push(r, g.gl_pathv[i], strlen(g.gl_pathv[i]), p->depth, FROM_GLOB);
    globfree(&g);
    if (st != NP_OK)
        return reader_fail(r, st, "%s: out of memory expanding pattern", p->path);
    return NP_OK;
}

np_status np_reader_pass_over(np_reader *r, const char *path)
{
    struct stat sb;
    if (!r || !path)
        return NP_EPARAM;
    if (stat(path, &sb) != 0)
        return NP_OK;
    if (r->n_own_files == sizeof r->own_files / sizeof *r->own_files)
        return NP_EPARAM;
    r->own_files[r->n_own_files].dev = sb.st_dev;
    r->own_files[r->n_own_files].ino = sb.st_ino;
    r->n_own_files++;
    return NP_OK;
}

int walk_is_own_file(const np_reader *r, const struct stat *sb)
{
    for (size_t i = 0; i < r->n_own_files; i++)
        if (r->own_files[i].dev == sb->st_dev && r->own_files[i].ino == sb->st_ino)
            return 1;
    return 0;
}
