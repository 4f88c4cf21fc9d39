/*
 * sniff: what a text input's first bytes say it holds, where its name says
 * nothing (standard input, a page saved as page.txt): a web page, or a
 * Markdown file's front matter (sniff.h).
 */
#include <string.h>
#include <strings.h>

#include "ingest/reader_internal.h"
#include "ingest/sniff.h"

/* Past what may stand before a page's first tag from text[i]: blanks, an
 * XML declaration (XHTML's '<?xml ...?>') and comments. */
static size_t past_prolog(const char *text, size_t len, size_t i)
{
    for (;;) {
        while (i < len && reader_is_blank(text[i]))
            i++;
        const char *open = len - i >= 5 && memcmp(text + i, "<?xml", 5) == 0 ? "?>"
                           : len - i >= 4 && memcmp(text + i, "<!--", 4) == 0 ? "-->" : NULL;
        if (!open)
            return i;
        size_t n = strlen(open), k = i + 4;
        while (k + n <= len && memcmp(text + k, open, n) != 0)
            k++;
        if (k + n > len)
            return i; /* never closed: no page */
        i = k + n;
    }
}

/* A text input (standard input, or a file not named .html or .md) that
 * starts as a web page does ('<!DOCTYPE html', '<html', after blanks, a
 * UTF-8 byte-order mark, an XML declaration and comments): curl's output
 * piped in, or a page saved as page.txt, was one text article of tags. */
int sniff_html(const char *text, size_t len)
{
    size_t i = past_prolog(text, len, len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0);
    static const char *const starts[] = { "<!doctype html", "<html" };
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
        size_t n = strlen(starts[k]);
        if (len - i >= n && strncasecmp(text + i, starts[k], n) == 0)
            return 1;
    }
    return 0;
}

/* Standard input that opens with a YAML front matter ("---", then a line
 * "---" or "..." closing it in its first 4 KiB), as a Markdown file a
 * crawler wrote does: it was a text whose "title: ..." line was its title. */
int sniff_front_matter(const char *t, size_t len)
{
    size_t limit = len < 4096 ? len : 4096;
    if (limit < 8 || memcmp(t, "---", 3) != 0 || (t[3] != '\n' && !(t[3] == '\r' && t[4] == '\n')))
        return 0;
    for (const char *p = memchr(t + 3, '\n', limit - 3); p && p + 4 <= t + limit;
         p = memchr(p + 1, '\n', (size_t)(t + limit - p - 1)))
        if ((memcmp(p + 1, "---", 3) == 0 || memcmp(p + 1, "...", 3) == 0) &&
            (p + 4 == t + len || p[4] == '\n' || p[4] == '\r'))
            return 1;
    return 0;
}
