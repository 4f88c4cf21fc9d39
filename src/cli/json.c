/* json: JSON keys and fixed-point numbers written into a buffer (cli.h);
 * strings are common/jsonw.c's. */
#include <string.h>

#include "cli/cli.h"

np_status json_put_fixed3(buf *b, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    unsigned exponent = (unsigned)(bits >> 52 & 0x7ff);
    /* v is m * 2^-shift (m below 2^53, shift from 1: v is below 2^52 here),
     * so v * 1000 is m * 1000 (below 2^63) * 2^-shift, and its integer part
     * and the bits below it tell the rounding of v's exact value to three
     * decimals, ties to even, as printf's %.3f rounds it; not negative
     * zero, not an infinity or NaN, not 10^15 or more: printf's way */
    if (bits >> 63 || exponent == 0x7ff || !(v < 1e15))
        goto printed;
    uint64_t m = (bits & ((1ULL << 52) - 1)) | (exponent ? 1ULL << 52 : 0);
    unsigned shift = exponent ? 1075 - exponent : 1074;
    uint64_t scaled = m * 1000, n = 0;
    if (shift < 64) {
        uint64_t rest = scaled & ((1ULL << shift) - 1), half = 1ULL << (shift - 1);
        n = scaled >> shift;
        n += rest > half || (rest == half && (n & 1));
    } /* else below half a thousandth: 0 */
    char out[32], *p = out + sizeof out;
    uint64_t whole = n / 1000, thousandths = n % 1000;
    for (int k = 0; k < 3; k++, thousandths /= 10)
        *--p = (char)('0' + thousandths % 10);
    *--p = '.';
    do
        *--p = (char)('0' + whole % 10);
    while ((whole /= 10) != 0);
    return buf_append(b, p, (size_t)(out + sizeof out - p));
printed:;
    char num[320]; /* the largest double's 309 digits and ".000" */
    snprintf(num, sizeof num, "%.3f", v);
    return buf_puts(b, num);
}

np_status json_put_key(buf *b, const char *key, int first)
{
    /* keys are the program's own words: escaped only if they need it */
    size_t n = 0;
    while (n <= 60 && ((key[n] >= 'a' && key[n] <= 'z') || (key[n] >= '0' && key[n] <= '9') || key[n] == '_'))
        n++;
    if (n > 60 || key[n]) {
        np_status st = first ? NP_OK : buf_putc(b, ',');
        if (st == NP_OK)
            st = json_put_string(b, key);
        return st == NP_OK ? buf_putc(b, ':') : st;
    }
    char out[64];
    size_t at = 0;
    if (!first)
        out[at++] = ',';
    out[at++] = '"';
    memcpy(out + at, key, n);
    at += n;
    out[at++] = '"';
    out[at++] = ':';
    return buf_append(b, out, at);
}
