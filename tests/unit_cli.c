/* unit_cli: the command-line helpers that are plain functions
 * (src/cli/util.c, linked into the unit tests on its own). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "test.h"

/* A JSON string a byte at a time: the escapes json_put_string writes. */
static void json_string_by_bytes(char *out, const char *s)
{
    *out++ = '"';
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            *out++ = '\\';
            *out++ = (char)c;
        } else if (c == '\n') {
            out += sprintf(out, "\\n");
        } else if (c == '\t') {
            out += sprintf(out, "\\t");
        } else if (c == '\r') {
            out += sprintf(out, "\\r");
        } else if (c < 0x20) {
            out += sprintf(out, "\\u%04x", c);
        } else {
            *out++ = (char)c;
        }
    }
    *out++ = '"';
    *out = '\0';
}

/* Random strings of letters with control bytes, quotes, backslashes,
 * invalid UTF-8 and bytes from 0x80 at every place of a block of eight
 * and of the blocks of 32 (of up to four): what json_put_string writes,
 * thirty-two, sixteen and eight bytes at a time, is what a byte at a time
 * writes, after what the buffer already held. */
TEST(cli_json_string_by_blocks)
{
    static const unsigned char odd[] = { 0x01, 0x08, 0x09, 0x0a, 0x0d, 0x1f, '"', '\\', 0x20,
                                         0x7f, 0x80, 0x9f, 0xa0, 0xc3, 0xe2, 0xff, '/', 'Z' };
    uint64_t state = 0x3c6ef372fe94f82bULL;
    char text[160], want[160 * 6 + 8];
    size_t differ = 0, escaped = 0;
    buf b;
    buf_init(&b, NULL);
    for (int round = 0; round < 30000; round++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t len = (size_t)(state >> 33) % 150;
        unsigned density = (unsigned)(state >> 20) % 4; /* odd bytes in sixteen: 0, 1, 2 or 3 */
        for (size_t k = 0; k < len; k++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            text[k] = (char)((state >> 60) < density ? odd[(state >> 33) % sizeof odd]
                                                      : 'a' + (state >> 40) % 26);
        }
        /* and one odd byte at each place in turn */
        if (round % 3 == 0 && len)
            text[(size_t)round / 3 % len] = (char)odd[(size_t)round / 7 % sizeof odd];
        text[len] = '\0';
        json_string_by_bytes(want, text);
        buf_clear(&b);
        REQUIRE(buf_puts(&b, "[") == NP_OK);
        REQUIRE(json_put_string(&b, text) == NP_OK);
        differ += b.len != strlen(want) + 1 || b.data[0] != '[' || strcmp(b.data + 1, want) != 0;
        escaped += strlen(want) > len + 2;
    }
    buf_clear(&b);
    REQUIRE(json_put_string(&b, NULL) == NP_OK);
    CHECK(strcmp(b.data, "null") == 0);
    buf_free(&b);
    CHECK(differ == 0);
    CHECK(escaped > 10000 && escaped < 29000);
}

/* An escape that needs the buffer to grow, when it cannot: NP_ENOMEM, the
 * bytes so far kept and ended with a NUL, nothing leaked. */
TEST(cli_json_string_out_of_memory)
{
    char text[500]; /* room for 512 bytes at first: the escapes pass it */
    memset(text, 'q', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    memset(text + 200, '"', 40); /* each asks for one byte more than it is */
    for (unsigned long fail_at = 1; fail_at <= 3; fail_at++) {
        failing_alloc f;
        failing_alloc_init(&f, fail_at);
        buf b;
        buf_init(&b, &f.allocator);
        np_status st = json_put_string(&b, text);
        CHECK(st == (fail_at <= 2 ? NP_ENOMEM : NP_OK));
        if (st == NP_ENOMEM && b.data)
            CHECK(b.len > 200 && strlen(b.data) == b.len);
        if (st == NP_OK)
            CHECK(b.len == sizeof text + 1 + 40);
        buf_free(&b);
        CHECK(f.live == 0);
    }
}

/* A literal key, first or after a member: the bytes json_put_key writes
 * for it, and a key with a byte that needs escaping still escaped by
 * json_put_key. */
TEST(cli_json_literal_key_as_json_put_key)
{
    buf want, got;
    buf_init(&want, NULL);
    buf_init(&got, NULL);
    for (int first = 0; first <= 1; first++) {
        REQUIRE(json_put_key(&want, "id", first) == NP_OK);
        REQUIRE(JSON_PUT_LITERAL_KEY(&got, "id", first) == NP_OK);
        REQUIRE(json_put_key(&want, "copy_of", first) == NP_OK);
        REQUIRE(JSON_PUT_LITERAL_KEY(&got, "copy_of", first) == NP_OK);
        REQUIRE(json_put_key(&want, "n2", first) == NP_OK);
        REQUIRE(JSON_PUT_LITERAL_KEY(&got, "n2", first) == NP_OK);
    }
    CHECK(got.len == want.len && memcmp(got.data, want.data, want.len) == 0);
    CHECK(strcmp(got.data, ",\"id\":,\"copy_of\":,\"n2\":\"id\":\"copy_of\":\"n2\":") == 0);
    buf_clear(&want);
    REQUIRE(json_put_key(&want, "a\"b", 1) == NP_OK);
    CHECK(strcmp(want.data, "\"a\\\"b\":") == 0);
    buf_free(&want);
    buf_free(&got);
}

/* json_put_fixed3 writes what printf's "%.3f" writes: random doubles of
 * every size below 10^6 and of random bits, exact ties (k/16: 0.0625 is
 * 0.062, 0.1875 is 0.188), their neighbours, subnormals, zero, negative
 * zero, 10^15 and past it, an infinity and NaN. */
TEST(cli_fixed3_as_printf)
{
    double special[] = { 0.0, -0.0, 1e-320, 4.9e-324, 0.0005, 0.0015, 0.9995, 0.99949999999999994,
                         1.0, 999999.9995, 1e15, 1e15 - 0.125, 1e16, 1e300, INFINITY, NAN, 0.5, 2.5 };
    uint64_t state = 0x853c49e6748fea9bULL;
    size_t differ = 0;
    buf b;
    buf_init(&b, NULL);
    for (int round = 0; round < 200000; round++) {
        double v;
        if (round < (int)(sizeof special / sizeof *special)) {
            v = special[round];
        } else if (round < 20000) {
            /* k/16 and the doubles either side of it */
            double tie = (double)(round / 3) / 16.0;
            v = round % 3 == 0 ? tie : round % 3 == 1 ? nextafter(tie, 0) : nextafter(tie, 1e9);
        } else {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            uint64_t bits = state >> 1; /* positive; any exponent */
            if (round % 2) /* a random fraction of a random size below 10^6 */
                v = (double)(state >> 11) / 9007199254740992.0 * (double)(1u << (round % 20));
            else
                memcpy(&v, &bits, sizeof v);
        }
        char want[512];
        snprintf(want, sizeof want, "%.3f", v);
        buf_clear(&b);
        REQUIRE(json_put_fixed3(&b, v) == NP_OK);
        if (strcmp(b.data, want) != 0 && differ++ < 5)
            printf("     %.17g: %s, printf %s\n", v, b.data, want);
    }
    buf_free(&b);
    CHECK(differ == 0);
}
