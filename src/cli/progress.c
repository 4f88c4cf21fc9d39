/* progress: the progress line on standard error (cli.h), rewritten about
 * ten times a second while a command reads, and the stages after. */
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/cli.h"

/* The terminal's columns (asked each time: a window resized), or 0. */
static size_t terminal_width(void)
{
    struct winsize size;
    return ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
}

/* Writes the progress line over the last one, no wider than the terminal
 * (its last column left empty: a terminal that wraps on writing it would
 * start a line there).  A line wider than the terminal wraps, and
 * "\r\033[K" clears its last row only: on an 80-column terminal each
 * update of a story pass's percent ("newsprint: cluster: 20000 articles
 * read; stories and storylines: refinement pass 2, 76%... (0:00:04 so
 * far)", 106 columns) was left on a line of its own.  The line is ASCII. */
static void progress_put(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void progress_put(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t width = terminal_width();
    if (width > 1 && strlen(line) > width - 1)
        line[width - 1] = '\0';
    fprintf(stderr, "\r\033[K%s", line);
}

void progress_start(progress *p, int quiet, const char *what)
{
    memset(p, 0, sizeof *p);
    p->on = !quiet && isatty(STDERR_FILENO);
    p->start = p->last = np_seconds();
    p->what = what;
}

void progress_inputs(progress *p, const np_reader *reader, char *const *inputs, size_t n)
{
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        if (strcmp(inputs[i], "-") == 0 || stat(inputs[i], &sb) != 0 || !S_ISREG(sb.st_mode))
            return; /* no share nor time left: not every size is known */
        total += (uint64_t)sb.st_size;
    }
    p->reader = reader;
    p->total = total;
}

void progress_small_inputs(progress *p)
{
    p->keep_pages = p->total && p->total <= PROGRESS_SMALL_INPUTS;
    if (!p->keep_pages)
        cli_heap_give_back();
}

void progress_tick(progress *p)
{
    p->count++;
    if (!p->on || (p->count & 63))
        return;
    double t = np_seconds();
    if (t - p->last < 0.1)
        return;
    p->last = t;
    double elapsed = t - p->start > 1e-9 ? t - p->start : 1e-9;
    char share_left[64] = "";
    double share = p->total ? (double)np_reader_bytes_read(p->reader) / (double)p->total : 0;
    if (share > 0.001 && share <= 1) {
        unsigned long left = (unsigned long)(elapsed * (1 - share) / share + 0.5);
        snprintf(share_left, sizeof share_left, ", %.0f%%, %lu:%02lu:%02lu left", share * 100, left / 3600,
                 left / 60 % 60, left % 60);
    }
    progress_put("newsprint: %s: %llu %s read, %.0f/s%s", cli_command(), p->count, p->what,
                 (double)p->count / elapsed, share_left);
}

void progress_note(progress *p, const char *stage)
{
    if (!p->on)
        return;
    unsigned long t = (unsigned long)(np_seconds() - p->start + 0.5);
    char count[64], so_far[64];
    snprintf(count, sizeof count, "%llu %s read; ", p->count, p->what);
    snprintf(so_far, sizeof so_far, "... (%lu:%02lu:%02lu so far)", t / 3600, t / 60 % 60, t % 60);
    /* too wide for the terminal: the count goes first, then the stage's
     * end, so that its percent's "...", or the time so far, stays seen */
    size_t width = terminal_width(), stage_len = strlen(stage);
    size_t fixed = strlen("newsprint: : ") + strlen(cli_command()) + strlen(so_far);
    if (width > 1 && fixed + strlen(count) + stage_len > width - 1)
        count[0] = '\0';
    if (width > 1 && fixed + stage_len > width - 1)
        stage_len = fixed < width - 1 ? width - 1 - fixed : 0;
    progress_put("newsprint: %s: %s%.*s%s", cli_command(), count, (int)stage_len, stage, so_far);
}

void progress_stage(void *bar, np_stage stage, const char *step)
{
#ifdef __GLIBC__
    /* a stage or step begins (not a step's "N%"): the free pages the last
     * one's small blocks (slice indexes, posting lists, centroids) leave in
     * the heap go back to the system, so that the next one's blocks, large
     * ones mapped apart (main.c), do not add to them (at 1M articles, the
     * story stage's last steps came 25 MiB above its passes) */
    if (!((progress *)bar)->keep_pages && (!step || !strchr(step, '%')))
        malloc_trim(0);
#endif
    char what[128];
    snprintf(what, sizeof what, "%s%s%s", np_stage_name(stage), step ? ": " : "", step ? step : "");
    progress_note(bar, what);
}

void progress_end(progress *p)
{
    if (p->on)
        fputs("\r\033[K", stderr);
}
