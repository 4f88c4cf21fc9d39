/*
 * replay: runs a fuzz target over a corpus without libFuzzer.
 *
 *   replay_fuzz_X DIR|FILE...
 *
 * Every file of each directory (hidden files skipped, sorted by name) and
 * every file named is passed once to LLVMFuzzerTestOneInput, in a buffer of
 * exactly its size so the sanitizers see any over-read.  Prints
 * "PASS <target>: N inputs", or "FAIL <target>: ..." for a missing or empty
 * corpus, an unreadable file, or an input that kills the target (signal,
 * sanitizer report, violated invariant, leak at exit).
 *
 * To name the input that killed it whatever killed it, the inputs run in
 * one child process that tells the parent, through a pipe, the index of
 * each input before running it.  A single input runs in-process instead,
 * which is what gdb wants: replay_fuzz_X build-fuzz/artifacts/crash-...
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional in a target, as in libFuzzer. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

enum { EXIT_REPORTED = 77 }; /* the child printed its own FAIL line */

static char target[256];

typedef struct name_list {
    char **names; /* owned */
    size_t n, cap;
} name_list;

static int add_name(name_list *list, const char *name)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 256;
        char **grown = realloc(list->names, cap * sizeof *grown);
        if (!grown)
            return -1;
        list->names = grown;
        list->cap = cap;
    }
    if (!(list->names[list->n] = strdup(name)))
        return -1;
    list->n++;
    return 0;
}

static void free_names(name_list *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->names[i]);
    free(list->names);
    memset(list, 0, sizeof *list);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the regular files of `dir`, sorted.  returns: 0, or -1 after a FAIL line */
static int add_dir(name_list *files, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        printf("FAIL %s: cannot open corpus directory %s: %s\n", target, dir, strerror(errno));
        return -1;
    }
    name_list entries = { 0 };
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            rc = add_name(&entries, e->d_name);
    closedir(d);
    if (rc == 0 && entries.n > 1)
        qsort(entries.names, entries.n, sizeof *entries.names, compare_names);
    for (size_t i = 0; i < entries.n && rc == 0; i++) {
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, entries.names[i]);
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
            rc = add_name(files, path);
    }
    free_names(&entries);
    if (rc != 0)
        printf("FAIL %s: out of memory listing %s\n", target, dir);
    return rc;
}

/* Reads `path` into an exact-size buffer and runs the target on it.
 * returns: 0, or -1 after a FAIL line */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("FAIL %s: cannot open %s: %s\n", target, path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, len = 0, got;
    uint8_t *data = malloc(cap);
    while (data && (got = fread(data + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *grown = realloc(data, cap * 2);
            if (!grown) {
                free(data);
                data = NULL;
                break;
            }
            data = grown;
            cap *= 2;
        }
    }
    int failed = !data || ferror(f);
    fclose(f);
    /* an exact-size copy: reading past the input is an ASan error */
    uint8_t *exact = failed ? NULL : malloc(len ? len : 1);
    if (!exact) {
        printf("FAIL %s: cannot read %s\n", target, path);
        free(data);
        return -1;
    }
    memcpy(exact, data, len);
    free(data);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

/* The child: announces each input's index on `fd`, then runs it. */
static void run_all(const name_list *files, int fd)
{
    for (size_t i = 0; i < files->n; i++) {
        if (write(fd, &i, sizeof i) != (ssize_t)sizeof i)
            _exit(EXIT_REPORTED);
        if (run_file(files->names[i]) != 0) {
            fflush(stdout);
            _exit(EXIT_REPORTED);
        }
    }
    size_t done = files->n;
    if (write(fd, &done, sizeof done) != (ssize_t)sizeof done)
        _exit(EXIT_REPORTED);
    close(fd);
    fflush(stdout);
    exit(0); /* exit, not _exit: LeakSanitizer checks here */
}

/* returns: the process exit status */
static int run_in_child(const name_list *files)
{
    int fds[2];
    if (pipe(fds) != 0) {
        printf("FAIL %s: pipe: %s\n", target, strerror(errno));
        return 1;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        printf("FAIL %s: fork: %s\n", target, strerror(errno));
        return 1;
    }
    if (pid == 0) {
        close(fds[0]);
        run_all(files, fds[1]);
    }
    close(fds[1]);
    size_t last = SIZE_MAX, index;
    while (read(fds[0], &index, sizeof index) == (ssize_t)sizeof index)
        last = index;
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            printf("FAIL %s: waitpid: %s\n", target, strerror(errno));
            return 1;
        }
    int finished = last == files->n;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && finished) {
        printf("PASS %s: %zu inputs\n", target, files->n);
        return 0;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_REPORTED)
        return 1;
    char how[64];
    if (WIFSIGNALED(status))
        snprintf(how, sizeof how, "signal %d", WTERMSIG(status));
    else
        snprintf(how, sizeof how, "exit status %d", WEXITSTATUS(status));
    if (finished)
        printf("FAIL %s: %s after all %zu inputs (a leak? see the report above)\n", target,
               how, files->n);
    else if (last < files->n)
        printf("FAIL %s: crashed (%s) on %s\n", target, how, files->names[last]);
    else
        printf("FAIL %s: %s before the first input\n", target, how);
    return 1;
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    snprintf(target, sizeof target, "%s", strncmp(base, "replay_", 7) == 0 ? base + 7 : base);
    if (argc < 2) {
        printf("FAIL %s: no corpus given (usage: %s DIR|FILE...)\n", target, argv[0]);
        return 1;
    }
    name_list files = { 0 };
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        int rc;
        if (stat(argv[i], &sb) == 0 && !S_ISDIR(sb.st_mode)) {
            if ((rc = add_name(&files, argv[i])) != 0)
                printf("FAIL %s: out of memory\n", target);
        } else {
            rc = add_dir(&files, argv[i]);
        }
        if (rc != 0) {
            free_names(&files);
            return 1;
        }
    }
    if (files.n == 0) {
        printf("FAIL %s: no inputs in %s\n", target, argc == 2 ? argv[1] : "the corpus");
        free_names(&files);
        return 1;
    }
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    int status;
    if (files.n == 1) {
        status = run_file(files.names[0]) == 0 ? 0 : 1;
        if (status == 0)
            printf("PASS %s: 1 input\n", target);
    } else {
        status = run_in_child(&files);
    }
    free_names(&files);
    return status;
}
