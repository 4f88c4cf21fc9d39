/* sink: an output written beside its final name and renamed into place
 * only when complete (cli.h), and the signal handler that removes such a
 * file when a run is interrupted. */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

/* The temporary files of unfinished outputs, removed when Ctrl-C, SIGTERM
 * or SIGHUP ends the process, so an interrupted run leaves nothing beside
 * its -o file: the command's one piece of global state, shared with the
 * signal handler.  A slot is claimed once (atomically) and never reused,
 * and its name is written before it is armed, so the handler reads only
 * whole names; a process with more outputs than slots (the unit tests)
 * leaves the rest to sink_close.  */
enum { TEMP_SLOTS = 4, TEMP_NAME_MAX = 4096 };
static char temp_names[TEMP_SLOTS][TEMP_NAME_MAX];
static volatile sig_atomic_t temp_armed[TEMP_SLOTS];
static atomic_uint temp_claimed;

static void remove_temps_and_die(int sig)
{
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (temp_armed[i])
            unlink(temp_names[i]);
    signal(sig, SIG_DFL);
    raise(sig); /* delivered on return: the process ends as the signal says */
}

void sink_catch_stop_signals(void (*handler)(int), int flags)
{
    /* a signal the caller ignores (nohup) stays ignored */
    static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) {
        struct sigaction old, now;
        if (sigaction(signals[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL)
            continue;
        memset(&now, 0, sizeof now);
        now.sa_handler = handler;
        now.sa_flags = flags;
        sigemptyset(&now.sa_mask);
        sigaction(signals[i], &now, NULL);
    }
}

/* returns: the slot armed with path, or -1 when none is free */
static int arm_temp(const char *path)
{
    size_t n = strlen(path);
    if (n >= TEMP_NAME_MAX || atomic_load(&temp_claimed) >= TEMP_SLOTS)
        return -1;
    unsigned slot = atomic_fetch_add(&temp_claimed, 1);
    if (slot >= TEMP_SLOTS)
        return -1;
    if (slot == 0)
        sink_catch_stop_signals(remove_temps_and_die, 0);
    memcpy(temp_names[slot], path, n + 1);
    temp_armed[slot] = 1;
    return (int)slot;
}

/* Why the file an output is written to first, beside its name, could not
 * be made, naming the directory: -o /proc/version said only 'cannot
 * create: No such file or directory', where /proc is there but takes no
 * new file.  typed: the name given, which a symbolic link took to path;
 * both are named (the link's end alone was said, not the name typed). */
static void report_no_temp(const char *typed, const char *path, int why)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", !slash ? 1 : slash == path ? 1 : (int)(slash - path), slash ? path : ".");
    int linked = strcmp(typed, path) != 0;
    char whose[4200] = "its ", link_and[4200] = "";
    if (linked) {
        snprintf(whose, sizeof whose, "it is a symbolic link to %s, whose ", path);
        snprintf(link_and, sizeof link_and, "it is a symbolic link to %s, and ", path);
    }
    struct stat info;
    if (stat(dir, &info) != 0 && errno == ENOENT) /* said as add says it of a database */
        cli_problem("%s: cannot create: %sdirectory %s does not exist (make it first: mkdir -p '%s')", typed, whose,
                    dir, dir);
    else if (stat(dir, &info) != 0)
        cli_problem("%s: cannot create: %sdirectory %s: %s", typed, whose, dir, strerror(errno));
    else if (!S_ISDIR(info.st_mode))
        cli_problem("%s: cannot create: %s%s is not a directory", typed, link_and, dir);
    else
        cli_problem("%s: cannot write: %s%s%sthe output is made in a new file beside %s (%s.tmp.*), then renamed "
                    "into place, and %s takes no new file: %s", typed, linked ? "it is a symbolic link to " : "",
                    linked ? path : "", linked ? "; " : "", linked ? "that" : "it", slash ? slash + 1 : path, dir,
                    strerror(why));
}

/* The end of the chain of symbolic links path opens (a name that is no
 * link, there or not), for a link whose end realpath cannot resolve as it
 * is missing: the file the output makes there, as a shell's '>' makes it.
 * returns: the name (free() it), or NULL with errno ELOOP for a loop or
 * ENOMEM. */
static char *end_of_links(const char *path)
{
    char *at = strdup(path);
    for (int hops = 0; at && hops < 40; hops++) {
        struct stat info;
        char to[TEMP_NAME_MAX];
        ssize_t n;
        if (lstat(at, &info) != 0 || !S_ISLNK(info.st_mode) || (n = readlink(at, to, sizeof to - 1)) < 0)
            return at;
        to[n] = '\0';
        const char *slash = strrchr(at, '/');
        size_t dir = to[0] == '/' || !slash ? 0 : (size_t)(slash - at) + 1; /* a relative one: from its directory */
        char *next = malloc(dir + (size_t)n + 1);
        if (next) {
            memcpy(next, at, dir);
            memcpy(next + dir, to, (size_t)n + 1);
        }
        free(at);
        at = next;
    }
    if (!at) {
        errno = ENOMEM;
        return NULL;
    }
    free(at);
    errno = ELOOP;
    return NULL;
}

int sink_open(sink *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->temp_slot = -1;
    if (!path || strcmp(path, "-") == 0) {
        s->file = stdout;
        return 0;
    }
    /* through a symbolic link, the file it names is replaced, not the link;
     * a link to no file makes the file it names (the link was replaced by
     * a file), and a loop of links is said (it was replaced too) */
    struct stat link;
    int is_link = lstat(path, &link) == 0 && S_ISLNK(link.st_mode);
    char *real = is_link ? realpath(path, NULL) : NULL;
    if (is_link && !real && (real = end_of_links(path)) == NULL && errno == ELOOP) {
        cli_problem("%s: cannot write: a symbolic link in a loop of links (%s)", path, strerror(ELOOP));
        return -1;
    }
    const char *typed = path;
    s->final_path = real ? real : strdup(path);
    if (!s->final_path) {
        cli_problem("out of memory");
        sink_close(s, 0); /* frees what was made */
        return -1;
    }
    path = s->final_path;
    size_t n = strlen(path);
    /* a device, a pipe or a socket (-o /dev/null, -o /dev/stdout) is
     * written as it is: a file renamed over it would replace it */
    struct stat info;
    int exists = stat(path, &info) == 0;
    if (exists && !S_ISREG(info.st_mode)) {
        s->file = fopen(path, "wb");
        if (!s->file) {
            cli_problem("%s: cannot open for writing: %s", path, strerror(errno));
            sink_close(s, 0); /* frees what was made */
            return -1;
        }
        return 0;
    }
    s->temp_path = malloc(n + 32);
    if (!s->temp_path) {
        cli_problem("out of memory");
        sink_close(s, 0); /* frees what was made */
        return -1;
    }
    snprintf(s->temp_path, n + 32, "%s.tmp.%ld", path, (long)getpid());
    s->temp_slot = arm_temp(s->temp_path);
    s->file = fopen(s->temp_path, "wb");
    if (!s->file) {
        report_no_temp(typed, path, errno);
        sink_close(s, 0); /* frees what was made */
        return -1;
    }
    /* the file renamed over an earlier one keeps its permissions: a -o
     * file made private (chmod 600) came back readable by all (0644 of
     * the umask); best effort, as for a file of another owner */
    if (exists)
        (void)fchmod(fileno(s->file), info.st_mode & 07777);
    return 0;
}

void sink_pass_over(const sink *s, np_reader *reader)
{
    if (s->temp_path)
        np_reader_pass_over(reader, s->temp_path);
    if (s->final_path)
        np_reader_pass_over(reader, s->final_path);
}

int cli_flush_stdout(void)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    cli_problem("standard output: write failed: %s", errno ? strerror(errno) : "an earlier write failed");
    return -1;
}

int sink_write(sink *s, const buf *b)
{
    if (b->len && fwrite(b->data, 1, b->len, s->file) != b->len) {
        cli_problem("%s: write failed: %s", s->final_path ? s->final_path : "standard output",
                    strerror(errno));
        return -1;
    }
    return 0;
}

int sink_close(sink *s, int success)
{
    int rc = 0;
    const char *name = s->final_path ? s->final_path : "standard output";
    if (s->file && fflush(s->file) != 0) {
        cli_problem("%s: write failed: %s", name, strerror(errno));
        rc = -1;
    }
    if (s->file && s->file != stdout) {
        if (fclose(s->file) != 0 && rc == 0) {
            cli_problem("%s: write failed: %s", name, strerror(errno));
            rc = -1;
        }
        if (s->temp_path && success && rc == 0 && rename(s->temp_path, s->final_path) != 0) {
            cli_problem("%s: cannot move output into place: %s", name, strerror(errno));
            rc = -1;
        }
        if (s->temp_path && (!success || rc != 0))
            remove(s->temp_path);
    }
    if (s->temp_path && s->temp_slot >= 0)
        temp_armed[s->temp_slot] = 0;
    free(s->final_path);
    free(s->temp_path);
    memset(s, 0, sizeof *s);
    s->temp_slot = -1;
    return rc;
}
