/*
 * id: the rule for an article id, one for every way an article comes in
 * (id.h), and the names a message gives an input and the compression it
 * holds.
 */
#include <stdint.h>
#include <string.h>

#include "common/utf8.h"
#include "ingest/id.h"

/* A space of Unicode's Zs category, or a zero-width space or joiner. */
static int is_unicode_space(uint32_t cp)
{
    return cp == ' ' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200D) || cp == 0x202F ||
           cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}

int id_is_blank(const char *id, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode((const unsigned char *)id + i, len - i, &cp);
        if (!n || !is_unicode_space(cp))
            return 0; /* a byte that is not UTF-8 is something to see */
        i += n;
    }
    return 1;
}

int text_is_blank(const char *text, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode((const unsigned char *)text + i, len - i, &cp);
        if (!n || !(is_unicode_space(cp) || (cp >= '\t' && cp <= '\r')))
            return 0;
        i += n;
    }
    return 1;
}

id_check id_check_of(const char *id, size_t len)
{
    if (len == 0 || len > NP_MAX_ID_BYTES)
        return ID_LENGTH;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)id[i] < 0x20)
            return ID_CONTROL;
    return id_is_blank(id, len) ? ID_BLANK : ID_OK;
}

const char *input_name(const char *path)
{
    return !path || strcmp(path, "-") == 0 ? "standard input" : path;
}

/* Read as text, such data was a JSON problem a line or "looks binary",
 * under a name that said .gz. */
const char *input_compression(const void *bytes, size_t n)
{
    const unsigned char *p = bytes;
    static const struct {
        const char *magic;
        size_t len;
        const char *name;
    } kinds[] = {
        { "BZh", 3, "bzip2-compressed data" },
        { "\xFD" "7zXZ\0", 6, "xz-compressed data" },
        { "\x28\xB5\x2F\xFD", 4, "zstd-compressed data" },
        { "PK\x03\x04", 4, "a zip archive" },
        { "7z\xBC\xAF\x27\x1C", 6, "a 7-Zip archive" },
    };
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (n >= kinds[k].len + (k == 0) && memcmp(p, kinds[k].magic, kinds[k].len) == 0 &&
            (k > 0 || (p[3] >= '1' && p[3] <= '9'))) /* bzip2's block size: not a text's "BZh" */
            return kinds[k].name;
    return NULL;
}
