/* fuzz_warc: the WARC reader, then the cleaner (see reader_target.h). */
#include <stddef.h>
#include <stdint.h>

#include <zlib.h>

/* The newlines of the gzip member that starts at p, as far as it inflates. */
static uint64_t member_lines(const uint8_t *p, size_t n)
{
    z_stream z = { 0 };
    if (inflateInit2(&z, MAX_WBITS + 16) != Z_OK)
        return 0;
    unsigned char out[4096];
    uint64_t lines = 0;
    z.next_in = (unsigned char *)p;
    z.avail_in = (unsigned)n;
    int ret;
    do {
        z.next_out = out;
        z.avail_out = sizeof out;
        ret = inflate(&z, Z_NO_FLUSH);
        for (size_t k = 0; k < sizeof out - z.avail_out; k++)
            lines += out[k] == '\n';
    } while (ret == Z_OK);
    inflateEnd(&z);
    return lines;
}

/* A .warc may be gzip members, which the reader inflates, going on after a
 * damaged one at any later gzip header: the lines it may read are the
 * input's newlines and those of a member at every gzip header, and one
 * more a header (a damaged member costs a record, counted with no line). */
static uint64_t warc_lines(const uint8_t *data, size_t size)
{
    uint64_t lines = 1;
    for (size_t i = 0; i < size; i++) {
        lines += data[i] == '\n';
        if (i + 1 < size && data[i] == 0x1f && data[i + 1] == 0x8b)
            lines += 1 + member_lines(data + i, size - i);
    }
    return lines;
}

#define INPUT_EXTENSION ".warc"
#define INPUT_LINES warc_lines
#include "reader_target.h"
