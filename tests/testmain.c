/* testmain: registry and runner for the unit tests (see test.h). */
#include <stdlib.h>
#include <sys/stat.h>

#include "test.h"

enum { MAX_TESTS = 1024 };

static test_case tests[MAX_TESTS];
static size_t n_tests;
static int current_failed;
static const char *current_skip;
static const char *current_name;

void test_register(const char *name, void (*fn)(void))
{
    if (n_tests < MAX_TESTS)
        tests[n_tests++] = (test_case){ name, fn };
}

void test_fail(const char *file, int line, const char *expr)
{
    if (!current_failed)
        printf("FAIL %s: %s:%d: %s\n", current_name, file, line, expr);
    else
        printf("     %s: %s:%d: %s\n", current_name, file, line, expr);
    current_failed = 1;
}

void test_skip(const char *reason)
{
    current_skip = reason;
}

int test_failed_now(void)
{
    return current_failed;
}

static void *fa_alloc(void *user, size_t size)
{
    failing_alloc *f = user;
    if (atomic_fetch_add(&f->calls, 1) + 1 == f->fail_at)
        return NULL;
    void *p = malloc(size);
    if (p)
        atomic_fetch_add(&f->live, 1);
    return p;
}

static void *fa_realloc(void *user, void *ptr, size_t size)
{
    failing_alloc *f = user;
    if (atomic_fetch_add(&f->calls, 1) + 1 == f->fail_at)
        return NULL;
    return realloc(ptr, size);
}

static void fa_free(void *user, void *ptr)
{
    failing_alloc *f = user;
    if (ptr)
        atomic_fetch_sub(&f->live, 1);
    free(ptr);
}

void failing_alloc_init(failing_alloc *f, unsigned long fail_at)
{
    f->allocator = (np_allocator){ fa_alloc, fa_realloc, fa_free, f };
    atomic_init(&f->calls, 0);
    f->fail_at = fail_at;
    atomic_init(&f->live, 0);
}

const char *shared_data_dir(void)
{
    static const char *const candidates[] = { "../shared/data", "../../shared/data" };
    const char *env = getenv("NP_SHARED_DATA");
    struct stat sb;
    if (env && stat(env, &sb) == 0 && S_ISDIR(sb.st_mode))
        return env;
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++)
        if (stat(candidates[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            return candidates[i];
    return NULL;
}

static int cmp_tests(const void *a, const void *b)
{
    return strcmp(((const test_case *)a)->name, ((const test_case *)b)->name);
}

int main(int argc, char **argv)
{
    qsort(tests, n_tests, sizeof *tests, cmp_tests);
    int failed = 0;
    for (size_t i = 0; i < n_tests; i++) {
        if (argc > 1 && !strstr(tests[i].name, argv[1]))
            continue;
        current_name = tests[i].name;
        current_failed = 0;
        current_skip = NULL;
        tests[i].fn();
        if (current_failed)
            failed++;
        else if (current_skip)
            printf("SKIP %s: %s\n", tests[i].name, current_skip);
        else
            printf("PASS %s\n", tests[i].name);
        fflush(stdout);
    }
    return failed ? 1 : 0;
}

int test_make_tmpdir(char dir[64], const char *prefix)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base || strlen(base) + strlen(prefix) + 9 > 63)
        base = "/tmp";
    snprintf(dir, 64, "%s/%s_XXXXXX", base, prefix);
    return mkdtemp(dir) ? 0 : -1;
}
