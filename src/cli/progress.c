/* progress: the progress line on standard error (cli.h), rewritten about
 * ten times a second while a command reads, and the stages after. */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/cli.h"

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
    fprintf(stderr, "\r\033[Knewsprint: %s: %llu %s read, %.0f/s", cli_command(), p->count, p->what,
            (double)p->count / elapsed);
    double share = p->total ? (double)np_reader_bytes_read(p->reader) / (double)p->total : 0;
    if (share > 0.001 && share <= 1) {
        unsigned long left = (unsigned long)(elapsed * (1 - share) / share + 0.5);
        fprintf(stderr, ", %.0f%%, %lu:%02lu:%02lu left", share * 100, left / 3600, left / 60 % 60, left % 60);
    }
}

void progress_note(progress *p, const char *stage)
{
    if (!p->on)
        return;
    unsigned long t = (unsigned long)(np_seconds() - p->start + 0.5);
    fprintf(stderr, "\r\033[Knewsprint: %s: %llu %s read; %s... (%lu:%02lu:%02lu so far)", cli_command(), p->count,
            p->what, stage, t / 3600, t / 60 % 60, t % 60);
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
