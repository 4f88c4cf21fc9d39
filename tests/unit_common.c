/* unit_common: arena, buf, idset, radix, utf8 and the allocation hook (src/common). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/arena.h"
#include "common/binary.h"
#include "common/buf.h"
#include "common/idset.h"
#include "common/intersect.h"
#include "common/parallel.h"
#include "common/radix.h"
#include "common/utf8.h"
#include "test.h"

/* ------------------------------------------------------------------ */
/* parallel */

typedef struct pool_share {
    size_t runs;     /* times the function ran on it */
    size_t sum;      /* of the values it added up */
    const size_t *values;
    size_t from, to;
} pool_share;

static void *pool_share_add(void *arg)
{
    pool_share *sh = arg;
    sh->runs++;
    for (size_t i = sh->from; i < sh->to; i++)
        sh->sum += sh->values[i];
    return NULL;
}

/* Every share of every run runs once, whether the run has fewer shares
 * than the pool's threads, as many, or more (those on the caller), and
 * each run sees what the caller wrote before it. */
TEST(common_parallel_pool_runs_each_share_once)
{
    enum { VALUES = 1000, MOST = 7 };
    static size_t values[VALUES];
    size_t total = 0;
    for (size_t i = 0; i < VALUES; i++)
        total += values[i] = i * 7 + 3;
    for (size_t threads = 0; threads <= 4; threads++) {
        parallel_pool *p = parallel_pool_new(threads);
        CHECK((p != NULL) == (threads >= 2));
        for (size_t run = 0; run < 60; run++) {
            size_t n = run % (MOST + 1);
            pool_share sh[MOST];
            for (size_t t = 0; t < n; t++)
                sh[t] = (pool_share){ 0, 0, values, VALUES * t / n, VALUES * (t + 1) / n };
            parallel_pool_run(p, pool_share_add, sh, n, sizeof *sh);
            size_t sum = 0, once = 1;
            for (size_t t = 0; t < n; t++) {
                sum += sh[t].sum;
                once &= sh[t].runs == 1;
            }
            CHECK(once);
            CHECK(sum == (n ? total : 0));
        }
        parallel_pool_free(p);
    }
    parallel_pool_free(NULL);
}

/* ------------------------------------------------------------------ */
/* arena */

TEST(common_arena_alignment)
{
    arena a;
    arena_init(&a, NULL, 1024);
    static const size_t sizes[] = { 1, 2, 3, 7, 15, 16, 17, 31, 33, 100, 0, 5, 250, 1 };
    unsigned char *blocks[sizeof sizes / sizeof *sizes];
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        blocks[i] = arena_alloc(&a, sizes[i]);
        REQUIRE(blocks[i] != NULL);
        CHECK((uintptr_t)blocks[i] % 16 == 0);
        memset(blocks[i], (int)(i + 1), sizes[i]);
    }
    /* blocks do not overlap: every byte still holds the pattern written */
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        for (size_t k = 0; k < sizes[i]; k++)
            CHECK(blocks[i][k] == (unsigned char)(i + 1));
    /* a zero-byte request still gives a distinct block */
    CHECK(blocks[10] != blocks[11]);
    arena_free(&a);
}

TEST(common_arena_reset_reuses_first_chunk)
{
    failing_alloc f;
    failing_alloc_init(&f, 0);
    arena a;
    arena_init(&a, &f.allocator, 4096);
    for (int i = 0; i < 100; i++)
        REQUIRE(arena_alloc(&a, 100) != NULL); /* 100 * 112 bytes: several chunks */
    CHECK(f.live >= 3);
    arena_reset(&a);
    CHECK(f.live == 1); /* only the first-size chunk is kept */
    unsigned long calls = f.calls;
    /* what fits in the kept chunk needs no new allocation */
    char *p = arena_alloc(&a, 1000);
    char *q = arena_alloc(&a, 1000);
    REQUIRE(p != NULL && q != NULL);
    CHECK(f.calls == calls);
    CHECK(q >= p + 1000);
    memset(p, 'x', 1000);
    memset(q, 'y', 1000);
    CHECK(p[999] == 'x' && q[0] == 'y');
    /* reset, then keep working past the kept chunk */
    for (int round = 0; round < 3; round++) {
        arena_reset(&a);
        for (int i = 0; i < 50; i++) {
            char *s = arena_strndup(&a, "newsprint", 9);
            REQUIRE(s != NULL);
            CHECK_STR(s, "newsprint");
        }
    }
    arena_free(&a);
    CHECK(f.live == 0);
    CHECK(a.head == NULL);
}

TEST(common_arena_large_allocation)
{
    failing_alloc f;
    failing_alloc_init(&f, 0);
    arena a;
    arena_init(&a, &f.allocator, 4096);
    char *small = arena_alloc(&a, 64);
    REQUIRE(small != NULL);
    unsigned long calls = f.calls;
    size_t big_size = 1u << 20;
    unsigned char *big = arena_alloc(&a, big_size);
    REQUIRE(big != NULL);
    CHECK((uintptr_t)big % 16 == 0);
    CHECK(f.calls == calls + 1);
    memset(big, 0xAB, big_size);
    CHECK(big[0] == 0xAB && big[big_size - 1] == 0xAB);
    /* the oversized chunk does not abandon the current chunk's free space */
    calls = f.calls;
    char *after = arena_alloc(&a, 64);
    REQUIRE(after != NULL);
    CHECK(f.calls == calls);
    CHECK(after == small + 64);
    /* reset gives the oversized chunk back */
    arena_reset(&a);
    CHECK(f.live == 1);
    arena_free(&a);
    CHECK(f.live == 0);
}

TEST(common_arena_out_of_memory)
{
    failing_alloc f;
    failing_alloc_init(&f, 1);
    arena a;
    arena_init(&a, &f.allocator, 4096);
    CHECK(arena_alloc(&a, 10) == NULL);
    CHECK(arena_strndup(&a, "x", 1) != NULL); /* the next allocation works */
    CHECK(arena_strndup(&a, "x", SIZE_MAX) == NULL);
    arena_free(&a);
    CHECK(f.live == 0);
}

/* An allocator that refuses anything over 1 GiB instead of asking malloc
 * (which the sanitizers would abort on), counting what reaches it. */
static void *bounded_alloc(void *user, size_t size)
{
    ++*(unsigned long *)user;
    return size > ((size_t)1 << 30) ? NULL : malloc(size);
}

static void *bounded_realloc(void *user, void *ptr, size_t size)
{
    ++*(unsigned long *)user;
    return size > ((size_t)1 << 30) ? NULL : realloc(ptr, size);
}

static void bounded_free(void *user, void *ptr)
{
    (void)user;
    free(ptr);
}

/* arena_alloc rounds the size up to 16 before checking it: a request within
 * 15 bytes of SIZE_MAX wraps to 0 and is served a 16-byte block (so
 * arena_strndup(a, s, SIZE_MAX - 1) would copy past it; not called here, as
 * it corrupts memory). */
TEST(common_arena_huge_request_fails)
{
    unsigned long calls = 0;
    np_allocator bounded = { bounded_alloc, bounded_realloc, bounded_free, &calls };
    arena a;
    arena_init(&a, &bounded, 4096);
    REQUIRE(arena_alloc(&a, 16) != NULL);
    CHECK(arena_alloc(&a, SIZE_MAX) == NULL);
    CHECK(arena_alloc(&a, SIZE_MAX - 7) == NULL);
    CHECK(arena_alloc(&a, SIZE_MAX - 100) == NULL);
    CHECK(arena_alloc(&a, SIZE_MAX / 2) == NULL);
    CHECK(arena_alloc(&a, 16) != NULL); /* still usable */
    arena_free(&a);
}

/* np_calloc_huge: a zeroed table at a multiple of 2 MiB inside its block,
 * of every size asked for (under a huge page, one, and more), NULL when
 * the allocation fails or the size with its slack would overflow. */
TEST(common_calloc_huge_aligned_and_zeroed)
{
    static const size_t sizes[] = { 1, 4096, (2u << 20) - 1, 2u << 20, (2u << 20) + 48, 5u << 20 };
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        void *block = NULL;
        unsigned char *t = np_calloc_huge(NULL, sizes[k], &block);
        REQUIRE(t && block);
        CHECK(((uintptr_t)t & ((2u << 20) - 1)) == 0);
        CHECK((uintptr_t)t >= (uintptr_t)block && (uintptr_t)t - (uintptr_t)block < (2u << 20));
        int zero = 1;
        for (size_t i = 0; i < sizes[k]; i += 509)
            zero &= t[i] == 0;
        CHECK(zero && t[sizes[k] - 1] == 0);
        memset(t, 0xab, sizes[k]); /* all of it is ours: ASan would say otherwise */
        np_free(NULL, block);
    }
    failing_alloc f;
    failing_alloc_init(&f, 1);
    void *block = &f;
    CHECK(np_calloc_huge(&f.allocator, 4096, &block) == NULL && block == NULL);
    CHECK(f.live == 0);
    unsigned long calls = 0;
    np_allocator bounded = { bounded_alloc, bounded_realloc, bounded_free, &calls };
    CHECK(np_calloc_huge(&bounded, SIZE_MAX - 100, &block) == NULL && block == NULL);
    CHECK(calls == 0); /* the size with its slack overflows: nothing asked for */
}

/* ------------------------------------------------------------------ */
/* buf */

TEST(common_buf_append_and_terminate)
{
    buf b;
    buf_init(&b, NULL);
    CHECK(b.data == NULL && b.len == 0);
    REQUIRE(buf_puts(&b, "news") == NP_OK);
    REQUIRE(buf_putc(&b, '-') == NP_OK);
    REQUIRE(buf_append(&b, "printXXX", 5) == NP_OK);
    REQUIRE(buf_append(&b, NULL, 0) == NP_OK);
    CHECK(b.len == 10);
    CHECK_STR(b.data, "news-print");
    CHECK(b.data[b.len] == '\0');
    /* growth well past the first capacity keeps every byte */
    for (int i = 0; i < 10000; i++)
        REQUIRE(buf_putc(&b, (char)('a' + i % 26)) == NP_OK);
    CHECK(b.len == 10010);
    CHECK(b.cap > b.len);
    CHECK(b.data[b.len] == '\0');
    CHECK(memcmp(b.data, "news-printabc", 13) == 0);
    CHECK(b.data[10 + 9999] == (char)('a' + 9999 % 26));
    buf_clear(&b);
    CHECK(b.len == 0 && b.data[0] == '\0');
    REQUIRE(buf_puts(&b, "again") == NP_OK);
    CHECK_STR(b.data, "again");
    buf_free(&b);
    CHECK(b.data == NULL && b.len == 0 && b.cap == 0);
    buf_free(&b); /* twice is harmless */
    buf_clear(&b); /* on an empty buffer too */
}

TEST(common_buf_failed_growth_keeps_contents)
{
    failing_alloc f;
    failing_alloc_init(&f, 2); /* the first growth works, the second fails */
    buf b;
    buf_init(&b, &f.allocator);
    REQUIRE(buf_puts(&b, "kept") == NP_OK);
    char big[1000];
    memset(big, 'z', sizeof big);
    CHECK(buf_append(&b, big, sizeof big) == NP_ENOMEM);
    CHECK(b.len == 4);
    CHECK_STR(b.data, "kept");
    CHECK(buf_append(&b, big, sizeof big) == NP_OK); /* allocation 3 works */
    CHECK(b.len == 1004);
    buf_free(&b);
    CHECK(f.live == 0);
}

/* The room asked inline: a buffer of any length with room for n more bytes
 * and the NUL keeps its capacity when asked for n; for n + 1 it grows; an
 * empty one always grows. */
TEST(common_buf_reserve_room_exact)
{
    size_t wrong = 0;
    for (size_t len = 0; len < 600; len++) {
        buf b;
        buf_init(&b, NULL);
        REQUIRE(buf_reserve(&b, 0) == NP_OK);
        wrong += b.cap == 0 || !b.data || b.data[0] != '\0'; /* a C string from the first growth */
        for (size_t i = 0; i < len; i++)
            REQUIRE(buf_putc(&b, 'x') == NP_OK);
        size_t cap = b.cap, room = b.cap - b.len - 1;
        wrong += buf_reserve(&b, room) != NP_OK || b.cap != cap;
        wrong += buf_reserve(&b, room + 1) != NP_OK || b.cap <= cap || b.cap < b.len + room + 2;
        wrong += b.len != len || b.data[b.len] != '\0';
        buf_free(&b);
    }
    CHECK(wrong == 0);
}

TEST(common_buf_reserve_overflow)
{
    buf b;
    buf_init(&b, NULL);
    REQUIRE(buf_puts(&b, "abc") == NP_OK);
    CHECK(buf_reserve(&b, SIZE_MAX) == NP_ENOMEM);
    CHECK(buf_reserve(&b, SIZE_MAX - 3) == NP_ENOMEM);
    CHECK(buf_append(&b, "x", SIZE_MAX - 2) == NP_ENOMEM);
    CHECK(b.len == 3);
    CHECK_STR(b.data, "abc");
    buf_free(&b);
}

/* ------------------------------------------------------------------ */
/* idset */

TEST(common_idset_add_has_zero)
{
    idset s;
    idset_init(&s, NULL);
    int added = -1;
    CHECK(!idset_has(&s, 0));
    CHECK(!idset_has(&s, 12345));
    REQUIRE(idset_add(&s, 0, &added) == NP_OK);
    CHECK(added == 1);
    CHECK(idset_has(&s, 0));
    CHECK(!idset_has(&s, 1));
    REQUIRE(idset_add(&s, 0, &added) == NP_OK);
    CHECK(added == 0);
    REQUIRE(idset_add(&s, UINT64_MAX, &added) == NP_OK);
    CHECK(added == 1);
    REQUIRE(idset_add(&s, UINT64_MAX, &added) == NP_OK);
    CHECK(added == 0);
    CHECK(idset_has(&s, UINT64_MAX));
    /* keys that differ only in their high bits */
    REQUIRE(idset_add(&s, 1ull << 40, &added) == NP_OK);
    CHECK(added == 1);
    REQUIRE(idset_add(&s, 1ull << 41, &added) == NP_OK);
    CHECK(added == 1);
    CHECK(idset_has(&s, 1ull << 40) && idset_has(&s, 1ull << 41));
    CHECK(!idset_has(&s, 1ull << 42));
    idset_clear(&s);
    CHECK(!idset_has(&s, 0));
    CHECK(!idset_has(&s, UINT64_MAX));
    CHECK(!idset_has(&s, 1ull << 40));
    REQUIRE(idset_add(&s, 0, &added) == NP_OK);
    CHECK(added == 1);
    idset_free(&s);
    CHECK(!idset_has(&s, 0) && !idset_has(&s, 5));
}

/* splitmix64: distinct, well-mixed keys like the hashes idset is made for */
static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

TEST(common_idset_grows_to_100k)
{
    failing_alloc f;
    failing_alloc_init(&f, 0);
    idset s;
    idset_init(&s, &f.allocator);
    enum { N = 100000 };
    int added;
    for (uint64_t i = 1; i <= N; i++) {
        REQUIRE(idset_add(&s, mix(i), &added) == NP_OK);
        REQUIRE(added == 1);
    }
    CHECK(s.count == N);
    CHECK(s.cap >= N + N / 3);
    CHECK((s.cap & (s.cap - 1)) == 0);
    size_t missing = 0, extra = 0;
    for (uint64_t i = 1; i <= N; i++) {
        missing += !idset_has(&s, mix(i));
        extra += idset_has(&s, mix(N + i));
    }
    CHECK(missing == 0);
    CHECK(extra == 0);
    REQUIRE(idset_add(&s, mix(77), &added) == NP_OK);
    CHECK(added == 0);
    CHECK(s.count == N);
    CHECK(f.live == 1); /* old tables given back on every growth */
    idset_free(&s);
    CHECK(f.live == 0);
}

TEST(common_idset_small_sequential_keys)
{
    idset s;
    idset_init(&s, NULL);
    int added;
    for (uint64_t i = 0; i < 2000; i++) {
        REQUIRE(idset_add(&s, i, &added) == NP_OK);
        CHECK(added == 1);
    }
    for (uint64_t i = 0; i < 2000; i++) {
        REQUIRE(idset_add(&s, i, &added) == NP_OK);
        CHECK(added == 0);
    }
    CHECK(s.count == 1999); /* 0 is kept out of the table */
    CHECK(idset_has(&s, 0) && idset_has(&s, 1999) && !idset_has(&s, 2000));
    idset_free(&s);
}

TEST(common_idset_growth_failure)
{
    failing_alloc f;
    failing_alloc_init(&f, 2); /* the first table works, the first growth fails */
    idset s;
    idset_init(&s, &f.allocator);
    int added;
    uint64_t k = 1;
    np_status st = NP_OK;
    for (; k < 1000 && st == NP_OK; k++)
        st = idset_add(&s, k, &added);
    CHECK(st == NP_ENOMEM);
    /* the set is intact and grows on the next try */
    for (uint64_t i = 1; i < k - 1; i++)
        CHECK(idset_has(&s, i));
    CHECK(idset_add(&s, k - 1, &added) == NP_OK && added == 1);
    CHECK(idset_has(&s, k - 1));
    idset_free(&s);
    CHECK(f.live == 0);
}

/* ------------------------------------------------------------------ */
/* utf8 */

static size_t decode(const char *s, size_t len, uint32_t *cp)
{
    *cp = 0xDEADBEEF;
    return utf8_decode((const unsigned char *)s, len, cp);
}

/* Random bytes around the printable ASCII range: the printable run found
 * eight bytes at a time is the one found a byte at a time. */
TEST(common_utf8_printable_run)
{
    static const unsigned char alphabet[] = { 0x00, 0x09, 0x0a, 0x1f, 0x20, 0x41, 0x7e, 0x7f,
                                              0x80, 0x9f, 0xa0, 0xc3, 0xe2, 0xff, 'a', 'a', 'a', ' ' };
    uint64_t state = 0xda3e39cb94b95bdbULL;
    char text[64];
    size_t differ = 0, long_runs = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = (size_t)round % 50;
        for (size_t k = 0; k < len; k++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            /* mostly printable, so that runs cross blocks of eight */
            text[k] = (char)((state >> 60) < 13 ? 'a' + (state >> 40) % 26
                                                  : alphabet[(state >> 33) % sizeof alphabet]);
        }
        size_t want = 0;
        while (want < len && (unsigned char)text[want] >= 0x20 && (unsigned char)text[want] < 0x7f)
            want++;
        differ += utf8_printable_run(text, len) != want;
        long_runs += want >= 8;
    }
    CHECK(differ == 0);
    CHECK(long_runs > 1000);
}

TEST(common_utf8_decode_valid)
{
    uint32_t cp;
    CHECK(decode("A", 1, &cp) == 1 && cp == 'A');
    CHECK(decode("", 1, &cp) == 1 && cp == 0); /* NUL is a valid scalar */
    CHECK(decode("\xC2\x80", 2, &cp) == 2 && cp == 0x80);
    CHECK(decode("\xC3\xA9", 2, &cp) == 2 && cp == 0xE9);
    CHECK(decode("\xDF\xBF", 2, &cp) == 2 && cp == 0x7FF);
    CHECK(decode("\xE0\xA0\x80", 3, &cp) == 3 && cp == 0x800);
    CHECK(decode("\xE2\x80\x99", 3, &cp) == 3 && cp == 0x2019);
    CHECK(decode("\xED\x9F\xBF", 3, &cp) == 3 && cp == 0xD7FF);
    CHECK(decode("\xEE\x80\x80", 3, &cp) == 3 && cp == 0xE000);
    CHECK(decode("\xEF\xBF\xBD", 3, &cp) == 3 && cp == 0xFFFD);
    CHECK(decode("\xF0\x90\x80\x80", 4, &cp) == 4 && cp == 0x10000);
    CHECK(decode("\xF0\x9F\x98\x80", 4, &cp) == 4 && cp == 0x1F600);
    CHECK(decode("\xF4\x8F\xBF\xBF", 4, &cp) == 4 && cp == 0x10FFFF);
    /* only the first sequence is read */
    CHECK(decode("\xC3\xA9xyz", 5, &cp) == 2 && cp == 0xE9);
}

TEST(common_utf8_decode_invalid)
{
    uint32_t cp;
    CHECK(decode("A", 0, &cp) == 0);
    /* overlongs */
    CHECK(decode("\xC0\x80", 2, &cp) == 0);
    CHECK(decode("\xC1\xBF", 2, &cp) == 0);
    CHECK(decode("\xE0\x80\x80", 3, &cp) == 0);
    CHECK(decode("\xE0\x9F\xBF", 3, &cp) == 0);
    CHECK(decode("\xF0\x80\x80\x80", 4, &cp) == 0);
    CHECK(decode("\xF0\x8F\xBF\xBF", 4, &cp) == 0);
    /* surrogates */
    CHECK(decode("\xED\xA0\x80", 3, &cp) == 0);
    CHECK(decode("\xED\xBF\xBF", 3, &cp) == 0);
    CHECK(decode("\xED\xB0\x80", 3, &cp) == 0);
    /* above U+10FFFF */
    CHECK(decode("\xF4\x90\x80\x80", 4, &cp) == 0);
    CHECK(decode("\xF5\x80\x80\x80", 4, &cp) == 0);
    CHECK(decode("\xF7\xBF\xBF\xBF", 4, &cp) == 0);
    CHECK(decode("\xF8\x88\x80\x80\x80", 5, &cp) == 0);
    CHECK(decode("\xFF", 1, &cp) == 0);
    CHECK(decode("\xFE", 1, &cp) == 0);
    /* lone continuation bytes */
    CHECK(decode("\x80", 1, &cp) == 0);
    CHECK(decode("\xBF", 1, &cp) == 0);
    /* truncated: the length given ends inside the sequence */
    CHECK(decode("\xC3\xA9", 1, &cp) == 0);
    CHECK(decode("\xE2\x80\x99", 2, &cp) == 0);
    CHECK(decode("\xF0\x9F\x98\x80", 3, &cp) == 0);
    /* a non-continuation byte inside the sequence */
    CHECK(decode("\xC3" "A", 2, &cp) == 0);
    CHECK(decode("\xE2\x80" "A", 3, &cp) == 0);
    CHECK(decode("\xF0\x9F\x98" "A", 4, &cp) == 0);
    CHECK(decode("\xE2\xC3\xA9", 3, &cp) == 0);
}

/* utf8_decode's inline paths (ASCII, three bytes) answer as the full
 * decoder does for every lead byte with every two bytes after it, and
 * every length up to three. */
TEST(common_utf8_decode_inline_agrees)
{
    unsigned char s[3];
    size_t differ = 0;
    for (unsigned a = 0; a < 256; a++)
        for (unsigned b = 0; b < 256; b++)
            for (unsigned c = 0x70; c < 0xD0; c++) { /* around the continuation bytes */
                s[0] = (unsigned char)a, s[1] = (unsigned char)b, s[2] = (unsigned char)c;
                for (size_t len = 0; len <= 3; len++) {
                    uint32_t x = 0xABCDEF, y = 0xABCDEF;
                    size_t n = utf8_decode(s, len, &x), m = utf8_decode_any(s, len, &y);
                    differ += n != m || (n && x != y);
                }
            }
    CHECK(differ == 0);
}

TEST(common_utf8_encode_roundtrip)
{
    static const uint32_t cps[] = { 0, 'a', 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000,
                                    0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF };
    static const size_t lens[] = { 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4 };
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
        char out[4];
        size_t n = utf8_encode(cps[i], out);
        CHECK(n == lens[i]);
        uint32_t back;
        CHECK(utf8_decode((const unsigned char *)out, n, &back) == n && back == cps[i]);
    }
    char out[4];
    CHECK(utf8_encode(0x2019, out) == 3 && memcmp(out, "\xE2\x80\x99", 3) == 0);
}

TEST(common_utf8_valid)
{
    CHECK(utf8_valid("", 0));
    CHECK(utf8_valid("plain ascii", 11));
    CHECK(utf8_valid("caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80", 14));
    CHECK(!utf8_valid("caf\xE9", 4));
    CHECK(!utf8_valid("ab\xED\xA0\x80", 5));
    CHECK(!utf8_valid("ab\xE2\x80", 4));
    CHECK(!utf8_valid("\xC0\xAF", 2));
    CHECK(utf8_valid("ab\xE2\x80\x99", 5));
}

/* An untitled article's lead (np_result.lead) is cut so, never inside a character. */
TEST(common_utf8_prefix)
{
    const char *s = "caf\xC3\xA9 \xE2\x80\x99x"; /* café ’x: 10 bytes */
    CHECK(utf8_prefix(s, 10, 64) == 10);
    CHECK(utf8_prefix(s, 10, 10) == 10);
    CHECK(utf8_prefix(s, 10, 5) == 5);   /* after é */
    CHECK(utf8_prefix(s, 10, 4) == 3);   /* before é, not inside it */
    CHECK(utf8_prefix(s, 10, 7) == 6);   /* before ’ */
    CHECK(utf8_prefix(s, 10, 8) == 6);
    CHECK(utf8_prefix(s, 10, 9) == 9);
    CHECK(utf8_prefix(s, 10, 0) == 0);
    CHECK(utf8_prefix("", 0, 64) == 0);
}

/* Repairs s[0..len) into a fresh buffer; returns its NUL-terminated copy. */
static char *repair(const char *s, size_t len, int *changed, size_t *out_len)
{
    static char result[512];
    buf b;
    buf_init(&b, NULL);
    *changed = 0;
    np_status st = utf8_repair(&b, s, len, changed);
    result[0] = '\0';
    *out_len = 0;
    if (st == NP_OK && b.len < sizeof result) {
        memcpy(result, b.data ? b.data : "", b.len + 1);
        *out_len = b.len;
    }
    buf_free(&b);
    return st == NP_OK ? result : NULL;
}

#define REPLACEMENT "\xEF\xBF\xBD"

TEST(common_utf8_repair_invalid_runs)
{
    int changed;
    size_t n;
    CHECK_STR(repair("a\xFF\xFE\xFD" "b", 5, &changed, &n), "a" REPLACEMENT "b");
    CHECK(changed == 1);
    CHECK_STR(repair("a\xFF" "b\xFF" "c", 5, &changed, &n), "a" REPLACEMENT "b" REPLACEMENT "c");
    /* a truncated sequence at the end is one run */
    CHECK_STR(repair("end\xE2\x80", 5, &changed, &n), "end" REPLACEMENT);
    CHECK(changed == 1);
    /* overlongs and surrogates are invalid, each a single run */
    CHECK_STR(repair("x\xC0\xAFy", 4, &changed, &n), "x" REPLACEMENT "y");
    CHECK_STR(repair("x\xED\xA0\x80y", 5, &changed, &n), "x" REPLACEMENT "y");
    CHECK_STR(repair("x\xF4\x90\x80\x80y", 6, &changed, &n), "x" REPLACEMENT "y");
    /* Latin-1 e-acute between valid characters */
    CHECK_STR(repair("caf\xE9 \xC3\xA9t\xC3\xA9", 10, &changed, &n),
              "caf" REPLACEMENT " \xC3\xA9t\xC3\xA9");
    /* a valid sequence right after an invalid run ends the run */
    CHECK_STR(repair("\xFF\xC3\xA9\xFF", 4, &changed, &n), REPLACEMENT "\xC3\xA9" REPLACEMENT);
    /* the output is always valid UTF-8 */
    const char *out = repair("\x80\x81\xC2\xE0\xA0\xF0\x90\x80 ok", 11, &changed, &n);
    REQUIRE(out != NULL);
    CHECK(utf8_valid(out, n));
    CHECK_STR(out, REPLACEMENT " ok");
}

TEST(common_utf8_repair_line_endings_and_controls)
{
    int changed;
    size_t n;
    CHECK_STR(repair("one\r\ntwo\r\n", 10, &changed, &n), "one\ntwo\n");
    CHECK(changed == 0); /* line endings alone are not a repair */
    CHECK_STR(repair("one\rtwo\r", 8, &changed, &n), "one\ntwo\n");
    CHECK(changed == 0);
    CHECK_STR(repair("a\r\r\nb", 5, &changed, &n), "a\n\nb");
    /* NUL and other C0 controls dropped; tab and newline kept */
    const char *out = repair("a\0b\x01\x07\tc\nd\x7F" "e\x1B", 12, &changed, &n);
    REQUIRE(out != NULL);
    CHECK(n == 7);
    CHECK(memcmp(out, "ab\tc\nde", 7) == 0);
    CHECK(changed == 1);
    /* valid text is copied unchanged */
    static const char clean[] = "Plain text,\twith \xE2\x80\x9Cquotes\xE2\x80\x9D.\n";
    CHECK_STR(repair(clean, sizeof clean - 1, &changed, &n), clean);
    CHECK(changed == 0);
    CHECK(n == sizeof clean - 1);
    CHECK(repair("", 0, &changed, &n) != NULL && n == 0);
}

TEST(common_utf8_repair_c1_controls)
{
    int changed;
    size_t n;
    /* U+0092 encoded as UTF-8: a Windows-1252 apostrophe read as Latin-1 */
    CHECK_STR(repair("don\xC2\x92t", 6, &changed, &n), "don\xE2\x80\x99t");
    CHECK(changed == 1);
    CHECK_STR(repair("\xC2\x93quoted\xC2\x94", 10, &changed, &n),
              "\xE2\x80\x9Cquoted\xE2\x80\x9D");
    CHECK_STR(repair("\xC2\x80" "5", 3, &changed, &n), "\xE2\x82\xAC" "5"); /* euro */
    CHECK_STR(repair("a\xC2\x96" "b", 4, &changed, &n), "a\xE2\x80\x93" "b"); /* en dash */
    /* 0x81 has no Windows-1252 character: not turned into one */
    const char *undefined = repair("a\xC2\x81" "b", 4, &changed, &n);
    CHECK(undefined && undefined[0] == 'a' && undefined[n - 1] == 'b' && n <= 4);
    CHECK(cp1252_high(0x92) == 0x2019);
    CHECK(cp1252_high(0x85) == 0x2026);
    CHECK(cp1252_high(0x9F) == 0x0178);
    CHECK(cp1252_high(0x81) == 0);
    CHECK(cp1252_high(0x7F) == 0);
    CHECK(cp1252_high(0xA0) == 0);
}

TEST(common_utf8_repair_out_of_memory)
{
    for (unsigned long fail_at = 1; fail_at <= 3; fail_at++) {
        failing_alloc f;
        failing_alloc_init(&f, fail_at);
        buf b;
        buf_init(&b, &f.allocator);
        int changed = 0;
        char text[600];
        memset(text, 'q', sizeof text);
        text[10] = '\xFF';
        np_status st = utf8_repair(&b, text, sizeof text, &changed);
        CHECK(st == NP_OK || st == NP_ENOMEM);
        if (fail_at == 1)
            CHECK(st == NP_ENOMEM);
        if (st == NP_OK)
            CHECK(b.len == sizeof text + 2);
        buf_free(&b);
        CHECK(f.live == 0);
    }
}

/* ------------------------------------------------------------------ */
/* alloc */

TEST(common_alloc_overflow)
{
    failing_alloc f;
    failing_alloc_init(&f, 0);
    CHECK(np_alloc_array(&f.allocator, SIZE_MAX / 2 + 1, 2) == NULL);
    CHECK(np_alloc_array(&f.allocator, SIZE_MAX, SIZE_MAX) == NULL);
    CHECK(np_alloc_array(&f.allocator, 2, SIZE_MAX / 2 + 1) == NULL);
    CHECK(np_calloc(&f.allocator, SIZE_MAX / 8 + 1, 8) == NULL);
    CHECK(np_alloc_array(NULL, SIZE_MAX / 16 + 1, 16) == NULL);
    CHECK(f.calls == 0); /* refused before asking the allocator */
    void *p = np_alloc(&f.allocator, 16);
    REQUIRE(p != NULL);
    memset(p, 7, 16);
    CHECK(np_realloc_array(&f.allocator, p, SIZE_MAX / 4 + 1, 4) == NULL);
    CHECK(((unsigned char *)p)[15] == 7); /* untouched */
    np_free(&f.allocator, p);
    CHECK(f.live == 0);
}

TEST(common_alloc_basics)
{
    failing_alloc f;
    failing_alloc_init(&f, 0);
    /* size 0 still gives a freeable pointer */
    void *z = np_alloc(&f.allocator, 0);
    CHECK(z != NULL);
    np_free(&f.allocator, z);
    int *zeros = np_calloc(&f.allocator, 100, sizeof *zeros);
    REQUIRE(zeros != NULL);
    int sum = 0;
    for (int i = 0; i < 100; i++)
        sum |= zeros[i];
    CHECK(sum == 0);
    int *grown = np_realloc_array(&f.allocator, zeros, 1000, sizeof *grown);
    REQUIRE(grown != NULL);
    grown[999] = 5;
    CHECK(grown[0] == 0 && grown[99] == 0);
    np_free(&f.allocator, grown);
    /* realloc of NULL allocates */
    char *fresh = np_realloc(&f.allocator, NULL, 8);
    REQUIRE(fresh != NULL);
    CHECK(f.live == 1);
    np_free(&f.allocator, fresh);
    char *dup = np_strndup(&f.allocator, "abcdef", 3);
    REQUIRE(dup != NULL);
    CHECK_STR(dup, "abc");
    np_free(&f.allocator, dup);
    CHECK(np_strndup(&f.allocator, "x", SIZE_MAX) == NULL);
    np_free(&f.allocator, NULL);
    np_free(NULL, NULL);
    CHECK(f.live == 0);
    /* the default allocator */
    char *d = np_strndup(NULL, "libc", 4);
    CHECK_STR(d, "libc");
    np_free(NULL, d);
    CHECK(np_default_allocator() != NULL && np_default_allocator()->alloc_fn != NULL);
}

TEST(common_alloc_failure_is_reported)
{
    failing_alloc f;
    failing_alloc_init(&f, 2);
    void *a = np_alloc(&f.allocator, 10);
    CHECK(a != NULL);
    CHECK(np_alloc(&f.allocator, 10) == NULL);
    CHECK(f.calls == 2);
    void *b = np_realloc(&f.allocator, a, 20);
    CHECK(b != NULL);
    np_free(&f.allocator, b);
    CHECK(f.live == 0);
}

TEST(common_strerror_names)
{
    CHECK_STR(np_strerror(NP_OK), "success");
    CHECK_STR(np_strerror(NP_ENOMEM), "out of memory");
    CHECK_STR(np_strerror(NP_EINPUT), "malformed input");
    CHECK_STR(np_strerror(NP_EINTR), "interrupted by a signal");
    CHECK(strcmp(np_strerror(NP_EIO), np_strerror(NP_EPARAM)) != 0);
    CHECK(np_strerror((np_status)99) != NULL);
}

TEST(common_radix_sort_u64_high_hashes_matches_radix_sort_u64_high)
{
    enum { N = 5000 };
    static uint64_t a[N], b[N], scratch[N];
    uint64_t state = 777;
    /* spread high halves; a few of them (runs of equal keys, kept in
     * order); one top byte (a long run, radix-sorted); top bytes of few
     * values (runs around HASH_RUN_MOST) */
    for (int shape = 0; shape < 4; shape++) {
        for (size_t n = 0; n <= N; n = n < 60 ? n + 1 : n * 2) {
            for (size_t i = 0; i < n; i++) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                uint64_t high = state >> 32;
                if (shape == 1)
                    high = (high % (n / 3 + 1)) * 0x9E3779B1u;
                else if (shape == 2)
                    high = 0xAB000000u | (high & 0xffffffu);
                else if (shape == 3)
                    high = (high & 0x0700ffffu) | 0x30000000u;
                a[i] = b[i] = (uint64_t)(uint32_t)high << 32 | (uint32_t)i;
            }
            radix_sort_u64_high_hashes(a, scratch, n);
            radix_sort_u64_high(b, scratch, n);
            CHECK(memcmp(a, b, n * sizeof *a) == 0);
        }
    }
}

TEST(common_radix_sort_items_spread_matches_radix_sort_items)
{
    enum { N = 20000 };
    static radix_item a[N], b[N], scratch[N];
    uint64_t state = 4242;
    /* hashes; ids below a bound; few keys (runs, kept in order); keys
     * that differ only high up (ranges sorted by the bits below, deep);
     * one long run among hashes */
    for (int shape = 0; shape < 5; shape++) {
        for (size_t n = 0; n <= N; n = n < 70 ? n + 1 : n * 3) {
            for (size_t i = 0; i < n; i++) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                uint64_t key = state ^ (state >> 29);
                if (shape == 1)
                    key %= 3 * n + 1;
                else if (shape == 2)
                    key = (key % 7) * 0x9E3779B97F4A7C15ULL;
                else if (shape == 3)
                    key = (key % 97) << 50 | (key & 3);
                else if (shape == 4 && i % 3 == 0)
                    key = 0x5555555555555555ULL;
                a[i] = b[i] = (radix_item){ key, (uint32_t)i };
            }
            radix_sort_items_spread(a, scratch, n);
            radix_sort_items(b, scratch, n);
            size_t differ = 0;
            for (size_t i = 0; i < n; i++)
                differ += a[i].key != b[i].key || a[i].value != b[i].value;
            CHECK(differ == 0);
        }
    }
}

TEST(common_radix_sort_u64_high_matches_full_sort)
{
    enum { N = 3000 };
    static uint64_t a[N], b[N], scratch[N];
    uint64_t state = 12345;
    for (size_t n = 0; n <= N; n = n ? n * 3 : 1) {
        for (size_t i = 0; i < n; i++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            /* few distinct high halves, so runs of equal ones; low halves ascend */
            uint64_t high = (state >> 40) % (n / 4 + 1);
            if (i % 5 == 0)
                high |= (uint64_t)(state >> 8) & 0xffffff00u;
            a[i] = b[i] = high << 32 | (uint32_t)i;
        }
        radix_sort_u64_high(a, scratch, n);
        radix_sort_u64(b, scratch, n);
        CHECK(memcmp(a, b, n * sizeof *a) == 0);
        for (size_t i = 1; i < n; i++)
            CHECK(a[i - 1] < a[i]);
    }
}

/* intersect_count: the four-at-a-time count against a count by search,
 * on sorted lists of many lengths (the blocks' tails, empty lists), some
 * sharing much, some little, with values across the whole 32-bit range
 * (the comparisons of the block ends are unsigned). */
static size_t sorted_values(uint32_t *out, size_t n, uint64_t seed, unsigned spread)
{
    size_t m = 0;
    uint32_t v = (uint32_t)mix(seed) & 0xff;
    for (size_t i = 0; i < n; i++) {
        v += 1 + (uint32_t)(mix(seed + i + 1) % spread);
        if (m && v <= out[m - 1])
            break; /* wrapped around */
        out[m++] = v;
    }
    return m;
}

static size_t count_by_search(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t n = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            n += a[i] == b[j];
    return n;
}

TEST(common_intersect_count_matches_search)
{
    enum { MOST = 300 };
    uint32_t a[MOST], b[MOST];
    size_t checked = 0, nonzero = 0;
    for (uint64_t round = 0; round < 400; round++) {
        unsigned spread = round % 4 == 0 ? 3 : round % 4 == 1 ? 10 : round % 4 == 2 ? 1000 : 30000000u;
        size_t na = sorted_values(a, (size_t)(mix(round) % MOST), round * 7919, spread);
        size_t nb = sorted_values(b, (size_t)(mix(round + 1000) % MOST), round * 7919 + 13, spread);
        size_t want = count_by_search(a, na, b, nb);
        size_t got = intersect_count(a, na, b, nb), plain = intersect_count_plain(a, na, b, nb);
        if (got != want || plain != want)
            printf("     round %u: %zu and %zu values, %zu shared, counted %zu (plain %zu)\n", (unsigned)round, na, nb,
                   want, got, plain);
        CHECK(got == want);
        CHECK(plain == want);
        CHECK(intersect_count(b, nb, a, na) == want);
        checked++;
        nonzero += want > 0;
    }
    /* a list against itself, and values at the top of the range */
    size_t n = sorted_values(a, MOST, 99, 10);
    CHECK(intersect_count(a, n, a, n) == n);
    uint32_t high[5] = { 0x7ffffffeu, 0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu };
    uint32_t low[6] = { 1, 2, 0x7fffffffu, 0x80000000u, 0x90000000u, 0xffffffffu };
    CHECK(intersect_count(high, 5, low, 6) == 3);
    CHECK(intersect_count(low, 6, high, 5) == 3);
    CHECK(intersect_count(NULL, 0, low, 6) == 0);
    CHECK(checked == 400 && nonzero > 100);
}

/* binary_looks_utf16 decodes at most 64 Ki units: the same answer as
 * binary_looks of the whole text decoded, for texts of one-, two- and
 * three-byte characters with control characters before, at and past the
 * 64 KiB the rule reads, and out of memory said as -1. */
TEST(binary_utf16_judged_as_decoded)
{
    static const uint16_t kinds[] = { 'a', 0xE9, 0x4E2D, 0x0001, 0x0000, 0xD83D };
    uint32_t seed = 7;
    for (int round = 0; round < 60; round++) {
        size_t units = round < 20 ? 20 + (size_t)round * 13 : 30000 + (size_t)round * 1500;
        uint16_t *text = malloc(units * 2);
        REQUIRE(text);
        /* controls from the start, the middle, before and past 64 Ki units */
        const size_t froms[] = { 10, units / 2, 40000, 66000 };
        size_t controls_from = froms[round % 4], every = 4 + (size_t)(round % 40);
        uint16_t main_kind = kinds[round % 3];
        for (size_t i = 0; i < units; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = main_kind;
            if (i >= controls_from && i % every == 0)
                text[i] = kinds[3 + (seed >> 16) % 3];
        }
        for (int big = 0; big < 2; big++) {
            char *bytes = malloc(units * 2);
            REQUIRE(bytes);
            for (size_t i = 0; i < units; i++) {
                bytes[2 * i + !big] = (char)(text[i] >> 8);
                bytes[2 * i + big] = (char)(text[i] & 0xFF);
            }
            buf whole;
            buf_init(&whole, NULL);
            REQUIRE(utf8_from_utf16(&whole, bytes, units * 2, big) == NP_OK);
            CHECK(binary_looks_utf16(NULL, bytes, units * 2, big) == binary_looks(whole.data, whole.len));
            buf_free(&whole);
            free(bytes);
        }
        free(text);
    }
    char le[] = { 'a', 0, ' ', 0, 'b', 0 };
    CHECK(binary_utf16_bom("\xFF\xFEx", 3) == 1 && binary_utf16_bom("\xFE\xFF", 2) == 2 && !binary_utf16_bom("\xFF", 1));
    failing_alloc f;
    failing_alloc_init(&f, 1);
    CHECK(binary_looks_utf16(&f.allocator, le, sizeof le, 0) == -1);
    CHECK(f.live == 0);
    CHECK(binary_looks_utf16(NULL, le, sizeof le, 0) == 0);
}
