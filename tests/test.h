/*
 * test.h: the unit-test harness.
 *
 * A test is a function declared with TEST(name); it registers itself at
 * start-up.  CHECK(cond) records a failure and goes on; REQUIRE(cond) ends
 * the test.  The runner prints one line per test ("PASS name", "FAIL name:
 * file:line: condition", "SKIP name: reason"), which tests/run.sh counts.
 *
 * failing_allocator() gives an np_allocator that fails the Nth allocation,
 * so tests can prove that every failure path returns NP_ENOMEM cleanly and
 * leaks nothing (the ASan build checks the leaks).
 */
#ifndef NP_TEST_H
#define NP_TEST_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsprint.h"

typedef struct test_case {
    const char *name;
    void (*fn)(void);
} test_case;

void test_register(const char *name, void (*fn)(void));
void test_fail(const char *file, int line, const char *expr);
void test_skip(const char *reason);
int test_failed_now(void);

/* Makes a fresh directory named prefix_XXXXXX under $TMPDIR (under /tmp
 * when it is unset, empty or too long for dir); returns 0 and fills dir,
 * or -1. */
int test_make_tmpdir(char dir[64], const char *prefix);

/* Concatenates `count` parts picked at random (a linear congruential
 * generator stepped in *state) into text; returns its length.  text must
 * hold count times the longest part. */
/* The first MiB of the file at path (from the repository root), NUL-ended,
 * *len its bytes; NULL when it cannot be read.  The caller frees it. */
static inline char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = malloc((1 << 20) + 1);
    *len = data ? fread(data, 1, 1 << 20, f) : 0;
    if (data)
        data[*len] = '\0';
    fclose(f);
    return data;
}

static inline size_t test_random_text(uint64_t *state, const char *const *parts, size_t n_parts, size_t count,
                                      char *text)
{
    size_t len = 0;
    for (size_t k = 0; k < count; k++) {
        *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
        const char *part = parts[(*state >> 33) % n_parts];
        size_t n = strlen(part);
        memcpy(text + len, part, n);
        len += n;
    }
    return len;
}

/* Two articles' answers (np_engine_result) alike, field by field. */
static inline int test_same_string(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static inline int test_results_alike(const np_result *x, const np_result *y)
{
    return test_same_string(x->id, y->id) && test_same_string(x->title, y->title) &&
           test_same_string(x->lead, y->lead) && test_same_string(x->date, y->date) &&
           test_same_string(x->source, y->source) && test_same_string(x->lang, y->lang) && x->words == y->words &&
           x->story == y->story && x->storyline == y->storyline && test_same_string(x->relation, y->relation) &&
           test_same_string(x->copy_of, y->copy_of) && x->score == y->score && x->jaccard == y->jaccard &&
           x->containment == y->containment && x->aligned == y->aligned && x->ordered == y->ordered &&
           x->shared_sentences == y->shared_sentences;
}

#define TEST(name)                                                            \
    static void test_##name(void);                                            \
    __attribute__((constructor)) static void register_##name(void)            \
    {                                                                         \
        test_register(#name, test_##name);                                    \
    }                                                                         \
    static void test_##name(void)

#define CHECK(cond)                                                           \
    do {                                                                      \
        if (!(cond))                                                          \
            test_fail(__FILE__, __LINE__, #cond);                             \
    } while (0)

#define REQUIRE(cond)                                                         \
    do {                                                                      \
        if (!(cond)) {                                                        \
            test_fail(__FILE__, __LINE__, #cond);                             \
            return;                                                           \
        }                                                                     \
    } while (0)

#define CHECK_STR(a, b) CHECK((a) != NULL && (b) != NULL && strcmp((a), (b)) == 0)

/* An allocator that fails allocation number `fail_at` (1-based; 0 never),
 * counting allocations and frees so tests can check the balance. */
/* Counted atomically: an engine run on several threads may allocate from
 * its threads (the Nth call is then whichever comes Nth). */
typedef struct failing_alloc {
    np_allocator allocator;
    atomic_ulong calls;
    unsigned long fail_at;
    atomic_long live;
} failing_alloc;

void failing_alloc_init(failing_alloc *f, unsigned long fail_at);

/* Directory of ../shared/data relative to the repository, or NULL if absent. */
const char *shared_data_dir(void);

#endif
