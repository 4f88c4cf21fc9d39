/*
 * clean: one raw record in, body paragraphs and metadata out (np_clean).
 *
 * normalise the bytes (normalize.c), cut them into lines with features,
 * classify the lines (boilerplate.c), then join the body lines back into
 * paragraphs: a line that does not end a sentence and is followed by one
 * in the same block is a wrapped line, not a paragraph of its own.
 * Everything per article lives in one arena reset at the next call.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cmark.h>

#include "common/alloc.h"
#include "common/arena.h"
#include "common/binary.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "ingest/id.h"
#include "text/clean.h"
#include "text/date.h"
#include "text/datefield.h"
#include "text/html.h"
#include "text/doc.h"
#include "text/lang.h"
#include "text/normalize.h"
#include "text/segment.h"
#include "text/textutil.h"

struct np_cleaner {
    const np_allocator *allocator; /* borrowed */
    arena arena;                   /* per-article memory */
    buf text;                      /* normalised text of the current article */
    buf scratch;
    buf field;                     /* a field of the record as tidy_field normalises it */
    buf decoded;                   /* the record's text as UTF-8, when it came as UTF-16 or
                                      Windows-1252 */
    lang_table langs;
    boilerplate_cues cues;
    segmenter words;               /* the words of lines of Chinese, Thai and the like */
    np_article article;
    int explain;                   /* keep np_article.lines */
    int refused_binary;            /* the last np_clean refused its record as binary */
    char errmsg[1024];
};

int cleaner_refused_binary(const np_cleaner *c)
{
    return c->refused_binary;
}

void np_cleaner_explain(np_cleaner *c, int on)
{
    if (c)
        c->explain = on != 0;
}

np_status np_cleaner_new(np_cleaner **out, const np_allocator *allocator)
{
    *out = NULL;
    if (!allocator)
        allocator = np_default_allocator();
    np_cleaner *c = np_calloc(allocator, 1, sizeof *c);
    if (!c)
        return NP_ENOMEM;
    c->allocator = allocator;
    arena_init(&c->arena, allocator, 64 * 1024);
    buf_init(&c->text, allocator);
    buf_init(&c->scratch, allocator);
    buf_init(&c->field, allocator);
    buf_init(&c->decoded, allocator);
    if (lang_table_init(&c->langs, allocator) != NP_OK) {
        np_free(allocator, c);
        return NP_ENOMEM;
    }
    boilerplate_cues_make(&c->cues);
    segmenter_init(&c->words, allocator);
    *out = c;
    return NP_OK;
}

void np_cleaner_free(np_cleaner *c)
{
    if (!c)
        return;
    arena_free(&c->arena);
    buf_free(&c->text);
    buf_free(&c->scratch);
    buf_free(&c->field);
    buf_free(&c->decoded);
    lang_table_free(&c->langs);
    segmenter_free(&c->words);
    np_free(c->allocator, c);
}

segmenter *cleaner_words(np_cleaner *c)
{
    return &c->words;
}

const char *np_cleaner_errmsg(const np_cleaner *c)
{
    return c ? c->errmsg : "no cleaner";
}

static np_status fail(np_cleaner *c, const np_record *r, np_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static np_status fail(np_cleaner *c, const np_record *r, np_status st, const char *fmt, ...)
{
    int n;
    if (r->line && r->warc)
        n = snprintf(c->errmsg, sizeof c->errmsg, "%s: record %llu: ", r->path ? input_name(r->path) : "?",
                     (unsigned long long)r->line);
    else if (r->line) /* compilers' FILE:LINE: editors jump there */
        n = snprintf(c->errmsg, sizeof c->errmsg, "%s:%llu: ", r->path ? input_name(r->path) : "?",
                     (unsigned long long)r->line);
    else
        n = snprintf(c->errmsg, sizeof c->errmsg, "%s: ", r->path ? input_name(r->path) : r->id);
    if (n < 0 || (size_t)n >= sizeof c->errmsg)
        n = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->errmsg + n, sizeof c->errmsg - (size_t)n, fmt, ap);
    va_end(ap);
    return st;
}

static const char *line_kind_name(unsigned kind)
{
    static const char *const names[] = {
        "body", "title", "header", "nav", "caption", "related",
        "promo", "section", "meta", "credit", "footer", "repeat",
    };
    return kind < sizeof names / sizeof *names ? names[kind] : "?";
}

static int is_closing_quote(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 || cp == 0xBB || cp == ')';
}

static void line_features(line *l)
{
    line_count_words(l);
    size_t at;
    uint32_t last = tu_last_char(l->s, l->len, &at);
    size_t end = at;
    /* "... said." "  and tokenised text's "said . ''" */
    while ((is_closing_quote(last) || last == ' ') && end > 0)
        last = tu_last_char(l->s, end, &end);
    l->ellipsis = last == 0x2026 || (l->len >= 3 && memcmp(l->s + l->len - 3, "...", 3) == 0);
    l->terminal = !l->ellipsis && (last == '.' || last == '!' || last == '?' || last == 0x3002 ||
                                   last == 0xFF01 || last == 0xFF1F);
}

static const char *const bullets[] = {
    "\xe2\x80\xa2", "\xc2\xb7", "\xe2\x96\xba", "\xc2\xbb", "\xe2\x96\xaa", "* ", "- ", "> ",
};

/* Cuts the text into trimmed lines with block numbers. */
static np_status split_lines(np_cleaner *c, doc *d)
{
    char *s = c->text.data;
    size_t len = c->text.len, cap = 64, n = 0;
    line *lines = arena_alloc(&c->arena, cap * sizeof *lines);
    if (!lines)
        return NP_ENOMEM;
    unsigned block = 0;
    int blank_before = 0;
    /* the first two spaces in a row at or after the line's start, found
     * over the text's remainder, not line by line: most texts have none,
     * and a line before them needs no search of its own */
    size_t pair = 0;
    int pair_known = 0;
    for (size_t i = 0; i < len;) {
        char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len;
        size_t a = i, b = end;
        while (a < b && s[a] == ' ')
            a++;
        while (b > a && s[b - 1] == ' ')
            b--;
        i = end + 1;
        if (a == b) {
            blank_before = 1;
            continue;
        }
        if (n == cap) {
            line *grown = arena_alloc(&c->arena, 2 * cap * sizeof *lines);
            if (!grown)
                return NP_ENOMEM;
            memcpy(grown, lines, n * sizeof *lines);
            lines = grown;
            cap *= 2;
        }
        if (blank_before && n)
            block++;
        blank_before = 0;
        line *l = &lines[n++];
        memset(l, 0, sizeof *l);
        /* most lines start with a letter or digit, no bullet's first byte */
        int maybe_bullet = !tu_is_alpha((unsigned char)s[a]) && !tu_is_digit((unsigned char)s[a]);
        for (size_t k = 0; maybe_bullet && k < sizeof bullets / sizeof *bullets; k++) {
            if (s[a] != bullets[k][0])
                continue;
            size_t bl = strlen(bullets[k]);
            if (b - a > bl && memcmp(s + a, bullets[k], bl) == 0) {
                a += bl;
                while (a < b && s[a] == ' ')
                    a++;
                l->bullet = 1;
                break;
            }
        }
        /* collapse runs of spaces inside the line; nothing moves before
         * the first run (the first pair at or after a, when it lies in
         * the line; collapsing changes no byte past b) */
        if (!pair_known || pair < a) {
            pair = a + tu_find_double_space(s + a, len - a);
            pair_known = 1;
        }
        size_t r = pair + 1 < b ? pair + 1 : b;
        size_t w = r;
        /* from the pair's second space on, the spaces after the one kept
         * passed over and the bytes up to the next pair's first space
         * moved down in one piece (a byte at a time took a text spaced
         * twice after each sentence a step a byte) */
        while (r < b) {
            while (r < b && s[r] == ' ')
                r++;
            size_t next = r + tu_find_double_space(s + r, b - r);
            size_t upto = next < b ? next + 1 : b;
            memmove(s + w, s + r, upto - r);
            w += upto - r;
            r = upto;
        }
        l->s = s + a;
        l->len = w - a;
        l->block = block;
        line_features(l);
    }
    /* one lowercased copy of the whole text serves every cue search */
    char *lower = arena_alloc(&c->arena, len + 1);
    if (!lower)
        return NP_ENOMEM;
    tu_lower_copy(lower, s, len);
    for (size_t i = 0; i < n; i++)
        lines[i].lower = lower + (lines[i].s - s);
    d->lines = lines;
    d->n_lines = n;
    return NP_OK;
}

/* A body line continues the previous one when that one stopped mid-sentence. */
static int continues(const line *prev, const line *next)
{
    if (prev->block != next->block || prev->terminal || prev->ellipsis)
        return 0;
    uint32_t first;
    if (!utf8_decode((const unsigned char *)next->s, next->len, &first))
        return 0;
    return tu_is_lower(first) || prev->words >= 10;
}

/* The body lines from d->lines[first] to d->lines[last], joined by a
 * space and ended by a NUL, written at para.  returns: the bytes before
 * the NUL. */
static size_t join_body_lines(char *para, const doc *d, size_t first, size_t last)
{
    size_t at = 0;
    for (size_t i = first; i <= last; i++) {
        const line *l = &d->lines[i];
        if (l->kind != LK_BODY)
            continue;
        if (at)
            para[at++] = ' ';
        memcpy(para + at, l->s, l->len);
        at += l->len;
    }
    para[at] = '\0';
    return at;
}

/* The article's paragraphs from the body lines, each written once, one
 * after another in one block of the arena, each ended by its NUL; *lens
 * (in the arena) their lengths, for the language sample: each is its
 * strlen, as normalising drops NUL with the other control bytes
 * (utf8_repair). */
static np_status build_body(np_cleaner *c, doc *d, np_article *a, size_t **lens)
{
    const char **paras = arena_alloc(&c->arena, (d->n_lines ? d->n_lines : 1) * sizeof *paras);
    size_t *len = arena_alloc(&c->arena, (d->n_lines ? d->n_lines : 1) * sizeof *len);
    if (!paras || !len)
        return NP_ENOMEM;
    *lens = len;
    size_t n = 0, words = 0, removed = 0;
    /* A text whose every line reads like a caption ("... photo", "...
     * image") is a caption-like item standing alone, a headline for one:
     * its lines are the body rather than nothing. */
    size_t body_lines = 0;
    for (size_t i = 0; i < d->n_lines; i++)
        body_lines += d->lines[i].kind == LK_BODY;
    if (!body_lines)
        for (size_t i = 0; i < d->n_lines; i++)
            if (d->lines[i].kind == LK_CAPTION && d->lines[i].words >= 3)
                d->lines[i].kind = LK_BODY;
    /* a paragraph takes its lines' bytes and one more for each: a space
     * between two, a NUL after the last */
    size_t room = 1, used = 0;
    for (size_t i = 0; i < d->n_lines; i++)
        room += d->lines[i].kind == LK_BODY ? d->lines[i].len + 1 : 0;
    char *block = arena_alloc(&c->arena, room);
    if (!block)
        return NP_ENOMEM;
    /* the open paragraph's first and last lines so far */
    size_t first = 0, last = 0;
    int open = 0;
    for (size_t i = 0; i < d->n_lines; i++) {
        const line *l = &d->lines[i];
        if (l->kind != LK_BODY) {
            removed += l->kind != LK_TITLE;
            continue;
        }
        /* an article's words as the analysis reads them: those of Chinese,
         * Japanese and Thai as their dictionaries find them */
        words += l->cjk ? segment_count_words(&c->words, l->s, l->len) : l->words;
        if (open && !continues(&d->lines[last], l)) {
            paras[n] = block + used;
            len[n] = join_body_lines(block + used, d, first, last);
            used += len[n++] + 1;
            open = 0;
        }
        if (!open)
            first = i;
        open = 1;
        last = i;
    }
    if (open) {
        paras[n] = block + used;
        len[n] = join_body_lines(block + used, d, first, last);
        n++;
    }
    a->paragraphs = paras;
    a->n_paragraphs = n;
    a->words = words;
    a->removed_lines = removed;
    return NP_OK;
}

/* A caller's field, normalised and trimmed; NULL when empty. */
static const char *tidy_field(np_cleaner *c, const char *s)
{
    if (!s)
        return NULL;
    buf *out = &c->field;
    buf_clear(out);
    int repaired = 0;
    const char *result = NULL;
    if (text_normalize(out, &c->scratch, s, strlen(s), &repaired) == NP_OK) {
        size_t a = 0, b = out->len;
        while (a < b && (out->data[a] == ' ' || out->data[a] == '\n'))
            a++;
        while (b > a && (out->data[b - 1] == ' ' || out->data[b - 1] == '\n'))
            b--;
        char *end = out->data + b;
        for (char *nl = memchr(out->data + a, '\n', b - a); nl; nl = memchr(nl + 1, '\n', (size_t)(end - nl - 1)))
            *nl = ' ';
        if (b > a)
            result = arena_strndup(&c->arena, out->data + a, b - a);
    }
    return result;
}

static np_status clean_record(np_cleaner *c, const np_record *r, const np_article **out);

/* A web page: find the article in it, then clean that text like any other,
 * with the page's title, date and site where the record has none. */
static np_status clean_page(np_cleaner *c, const np_record *r, const np_article **out)
{
    html_page page;
    if (html_extract(r->text, r->text_len, r->charset, &page) != NP_OK)
        return fail(c, r, NP_EINPUT, "article \"%s\": not a readable HTML page, skipped", r->id);
    np_record inner = *r;
    inner.html = 0;
    inner.text = page.text.data ? page.text.data : "";
    inner.text_len = page.text.len;
    /* the page's metadata under the cap of a record's field (a <title> of
     * 100 KB is no title) */
    if (!inner.title && page.title && strlen(page.title) <= NP_MAX_FIELD_BYTES)
        inner.title = page.title;
    if (!inner.date && page.date && strlen(page.date) <= NP_MAX_FIELD_BYTES)
        inner.date = page.date;
    if (!inner.source && page.site && strlen(page.site) <= NP_MAX_FIELD_BYTES)
        inner.source = page.site;
    if (!inner.url && page.url && strlen(page.url) <= NP_MAX_FIELD_BYTES)
        inner.url = page.url;
    np_status st = clean_record(c, &inner, out);
    if (st == NP_OK && !r->date)
        c->article.date_unread = NULL; /* the page's own metadata, not a field given */
    html_page_free(&page);
    return st;
}

/* "UTF-16LE" or "UTF-16BE" when text is UTF-16 of mostly ASCII letters with
 * no byte-order mark (one with it is decoded): of its first 512 byte pairs,
 * nine in ten a NUL and a printable ASCII byte or blank, on the same side;
 * else NULL.  Windows tools write it so, and it was 'binary'. */
static const char *utf16_without_mark(const char *text, size_t len)
{
    size_t pairs = len / 2 > 512 ? 512 : len / 2, low = 0, high = 0;
    for (size_t i = 0; i < pairs; i++) {
        unsigned char a = (unsigned char)text[2 * i], b = (unsigned char)text[2 * i + 1];
        low += b == 0 && ((a >= 0x20 && a < 0x7f) || a == '\n' || a == '\r' || a == '\t');
        high += a == 0 && ((b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t');
    }
    if (pairs < 4)
        return NULL;
    return low * 10 >= pairs * 9 ? "UTF-16LE" : high * 10 >= pairs * 9 ? "UTF-16BE" : NULL;
}

/* A record refused as binary: gzip data (inputs are read through zlib, but
 * a crawl's payload or a file compressed twice is not) is named as such. */
static np_status fail_binary(np_cleaner *c, const np_record *r)
{
    c->refused_binary = 1;
    if (r->text_len >= 2 && (unsigned char)r->text[0] == 0x1f && (unsigned char)r->text[1] == 0x8b)
        return fail(c, r, NP_EINPUT, "article \"%s\" is gzip-compressed data (compressed twice?), skipped",
                    r->id);
    /* the files of a staged run (src/cli/shard.c's magic): for group */
    static const char *const staged[] = { "NPSHARD\n", "NPPAIRS\n", "NPLINKS\n" };
    for (size_t k = 0; k < sizeof staged / sizeof *staged; k++)
        if (r->text_len >= 8 && memcmp(r->text, staged[k], 8) == 0)
            return fail(c, r, NP_EINPUT, "article \"%s\" is a file of a staged run (newsprint sign, join or "
                        "verify made it), not an article: give it to 'newsprint group', skipped", r->id);
    const char *packed = input_compression(r->text, r->text_len); /* piped in: bzip2 -c a.jsonl.bz2 | ... */
    if (packed)
        return fail(c, r, NP_EINPUT, "article \"%s\" is %s, which newsprint does not read (it reads gzip and "
                    "plain text): decompress it first, skipped", r->id, packed);
    const char *wide = utf16_without_mark(r->text, r->text_len);
    if (wide)
        return fail(c, r, NP_EINPUT, "article \"%s\" looks like %s text without a byte-order mark (a NUL byte "
                    "beside each letter), but newsprint reads UTF-8: convert it (iconv -f %s -t UTF-8), skipped",
                    r->id, wide, wide);
    return fail(c, r, NP_EINPUT, "article \"%s\" looks binary (NUL or control bytes), skipped", r->id);
}

/* Markdown over MARKDOWN_MAX bytes is cleaned as the plain text it is:
 * cmark's delimiter stack holds about 120 bytes a byte of some inputs
 * ("*a *a *a ...": 370 MB for 3 MB), an article is far under it. */
enum { FRONT_MATTER_MAX = 16384, FRONT_VALUE_MAX = 512, MARKDOWN_MAX = 2u << 20 };

/* The values a Markdown file's front matter gives the record (title,
 * date, url, source), each NUL-ended in its own slot. */
typedef struct front_matter {
    char value[4][FRONT_VALUE_MAX];
} front_matter;

/* A YAML front matter block ("---", "key: value" lines, "---" or "...")
 * opening s: its title, date, URL and source into the record's empty
 * fields (a value in quotes loses them).  returns: the bytes it takes, 0
 * when s opens with none. */
static size_t read_front_matter(const char *s, size_t len, np_record *page, front_matter *fm)
{
    if (len < 4 || memcmp(s, "---", 3) != 0 || (s[3] != '\n' && s[3] != '\r'))
        return 0;
    size_t limit = len < FRONT_MATTER_MAX ? len : FRONT_MATTER_MAX, i = s[3] == '\r' ? 5 : 4;
    const char **fields[4] = { &page->title, &page->date, &page->url, &page->source };
    while (i < limit) {
        size_t end = i;
        while (end < limit && s[end] != '\n')
            end++;
        size_t n = end - i;
        if (n && s[i + n - 1] == '\r')
            n--;
        if ((n == 3 && (memcmp(s + i, "---", 3) == 0 || memcmp(s + i, "...", 3) == 0)))
            return end < len ? end + 1 : end;
        const char *colon = memchr(s + i, ':', n);
        int field = colon ? boilerplate_header_key(s + i, (size_t)(colon - s - i)) : -1;
        if (field >= HF_TITLE && field <= HF_SOURCE && !*fields[field]) {
            const char *v = colon + 1, *v_end = s + i + n;
            while (v < v_end && *v == ' ')
                v++;
            while (v_end > v && v_end[-1] == ' ')
                v_end--;
            if (v_end - v >= 2 && (*v == '"' || *v == '\'') && v_end[-1] == *v)
                v++, v_end--;
            size_t vn = (size_t)(v_end - v);
            if (vn && vn < FRONT_VALUE_MAX) {
                memcpy(fm->value[field], v, vn);
                fm->value[field][vn] = '\0';
                *fields[field] = fm->value[field];
            }
        }
        i = end + 1;
    }
    return 0; /* never closed: no front matter, the text as it is */
}

/* Markdown: rendered to HTML by cmark (raw HTML in it kept: the page is
 * parsed, never shown), then cleaned as a web page is; a front matter
 * gives the fields the record lacks. */
static np_status clean_markdown(np_cleaner *c, const np_record *r, const np_article **out)
{
    np_record page = *r;
    front_matter fm;
    size_t skip = read_front_matter(r->text, r->text_len, &page, &fm);
    if (!skip)
        page = *r; /* a block never closed gives nothing */
    char *html = cmark_markdown_to_html(r->text + skip, r->text_len - skip, CMARK_OPT_UNSAFE);
    if (!html)
        return fail(c, r, NP_ENOMEM, "out of memory cleaning article \"%s\"", r->id);
    page.markdown = 0;
    page.html = 1;
    page.text = html;
    page.text_len = strlen(html);
    np_status st = clean_page(c, &page, out);
    cmark_get_default_mem_allocator()->free(html);
    return st;
}

np_status np_clean(np_cleaner *c, const np_record *r, const np_article **out)
{
    *out = NULL;
    if (c) {
        c->refused_binary = 0;
        segment_forget(&c->words);
    }
    if (c && r && (r->html || r->markdown) && r->text) {
        if (r->text_len > NP_MAX_RECORD_BYTES)
            return fail(c, r, NP_EINPUT, "article \"%s\" is over the %u MiB cap, skipped", r->id,
                        NP_MAX_RECORD_BYTES >> 20);
        /* a page in UTF-16 with its byte-order mark (the HTML parser reads
         * it so) is judged as the UTF-8 it decodes to, as a text is: its
         * NUL bytes refused it as binary */
        int bom = binary_utf16_bom(r->text, r->text_len);
        int looks = bom ? binary_looks_utf16(c->allocator, r->text + 2, r->text_len - 2, bom == 2)
                        : binary_looks(r->text, r->text_len);
        if (looks < 0)
            return fail(c, r, NP_ENOMEM, "out of memory cleaning article \"%s\"", r->id);
        if (looks)
            return fail_binary(c, r);
        np_record md = *r;
        if (r->markdown && bom) { /* cmark reads UTF-8 */
            buf_clear(&c->decoded);
            if (utf8_from_utf16(&c->decoded, r->text + 2, r->text_len - 2, bom == 2) != NP_OK)
                return fail(c, r, NP_ENOMEM, "out of memory cleaning article \"%s\"", r->id);
            md.text = c->decoded.data ? c->decoded.data : "";
            md.text_len = c->decoded.len;
        }
        if (r->markdown && md.text_len > MARKDOWN_MAX) {
            md.markdown = 0;
            return clean_record(c, &md, out);
        }
        return r->markdown ? clean_markdown(c, &md, out) : clean_page(c, r, out);
    }
    return clean_record(c, r, out);
}

/* The text normalized into c->text (*repaired: bytes that were no UTF-8
 * were replaced).  as_given: text is the record's own bytes, not decoded
 * from UTF-16. */
static np_status normalize_text(np_cleaner *c, const char *text, size_t text_len, int as_given, int *repaired)
{
    np_status st = text_normalize(&c->text, &c->scratch, text, text_len, repaired);
    /* not UTF-8 at all (no sequence of it, bytes that are none): an 8-bit
     * code page, read as Windows-1252 rather than each byte lost to U+FFFD */
    if (st == NP_OK && *repaired && as_given && utf8_none_multibyte(text, text_len)) {
        buf_clear(&c->decoded);
        buf_clear(&c->text);
        st = utf8_from_1252(&c->decoded, text, text_len);
        if (st == NP_OK)
            st = text_normalize(&c->text, &c->scratch, c->decoded.data, c->decoded.len, &(int){ 0 });
    }
    return st;
}

/* With --explain, every input line of d with its kind, into a->lines. */
static np_status explain_lines(np_cleaner *c, const doc *d, np_article *a)
{
    np_line *explained = c->explain ? arena_alloc(&c->arena, (d->n_lines + 1) * sizeof *explained) : NULL;
    if (c->explain && !explained)
        return NP_ENOMEM;
    for (size_t i = 0; c->explain && i < d->n_lines; i++) {
        explained[i].text = arena_strndup(&c->arena, d->lines[i].s, d->lines[i].len);
        explained[i].kind = line_kind_name(d->lines[i].kind);
        if (!explained[i].text)
            return NP_ENOMEM;
    }
    a->lines = explained;
    a->n_lines = c->explain ? d->n_lines : 0;
    return NP_OK;
}

/* The article's source: the record's, else one the text names, else the
 * URL's host; and the site's name cut from the title (a->title, a->url
 * set). */
static np_status set_source(np_cleaner *c, const np_record *r, const doc *d, np_article *a)
{
    a->source = tidy_field(c, r->source);
    if (a->source)
        a->source = meta_tidy_source(&c->arena, a->source, strlen(a->source));
    a->republished = d->source_from_text;
    a->month_day = d->month_day;
    if (!a->source)
        a->source = d->source;
    if (!a->source && a->url)
        a->source = meta_url_host(&c->arena, a->url);
    if (a->title) {
        size_t len = strlen(a->title), kept = meta_title_without_site(a->title, len, a->source);
        if (kept < len && !(a->title = arena_strndup(&c->arena, a->title, kept)))
            return NP_ENOMEM;
    }
    return NP_OK;
}

/* The language of the body: its paragraphs up to the one that passes
 * 4,096 bytes, as they lie one after another (to lang_identify the NUL
 * after each is what a line feed between them would be); the title alone
 * when there is no body. */
static const char *identify_lang(np_cleaner *c, const np_article *a, const size_t *para_lens)
{
    size_t sample = 0;
    for (size_t i = 0; i < a->n_paragraphs && sample < 4096; i++)
        sample += para_lens[i] + 1;
    const char *sample_text = sample ? a->paragraphs[0] : a->title ? a->title : "";
    if (!sample)
        sample = strlen(sample_text);
    return lang_identify(&c->langs, sample_text, sample);
}

static np_status clean_record(np_cleaner *c, const np_record *r, const np_article **out)
{
    *out = NULL;
    if (!c || !r || (!r->text && r->text_len))
        return NP_EPARAM;
    c->errmsg[0] = '\0';
    arena_reset(&c->arena);
    if (r->text_len > NP_MAX_RECORD_BYTES)
        return fail(c, r, NP_EINPUT, "article \"%s\" is over the %u MiB cap, skipped", r->id,
                    NP_MAX_RECORD_BYTES >> 20);
    /* UTF-16 with its byte-order mark, as Windows tools save text */
    const char *text = r->text;
    size_t text_len = r->text_len;
    int bom = binary_utf16_bom(text, text_len);
    np_status st = NP_OK;
    if (bom) {
        buf_clear(&c->decoded);
        if ((st = utf8_from_utf16(&c->decoded, text + 2, text_len - 2, bom == 2)) != NP_OK)
            return fail(c, r, st, "out of memory cleaning article \"%s\"", r->id);
        text = c->decoded.data ? c->decoded.data : "";
        text_len = c->decoded.len;
    }
    if (binary_looks(text, text_len))
        return fail_binary(c, r);

    np_article *a = &c->article;
    memset(a, 0, sizeof *a);
    buf_clear(&c->text);
    int repaired = 0;
    st = normalize_text(c, text, text_len, text == r->text, &repaired);
    if (st != NP_OK)
        return fail(c, r, st, "out of memory cleaning article \"%s\"", r->id);
    a->repaired = repaired;

    doc d;
    memset(&d, 0, sizeof d);
    d.arena = &c->arena;
    d.cues = &c->cues;
    d.title = tidy_field(c, r->title);
    if ((st = split_lines(c, &d)) != NP_OK)
        return fail(c, r, st, "out of memory cleaning article \"%s\"", r->id);
    long long given_time = 0;
    int given = 0; /* date_parse_field of the record's date */
    if (r->date) {
        char date[11];
        if ((given = date_parse_field(r->date, strlen(r->date), date, &given_time)) != 0)
            doc_offer_date(&d, date, 0);
    }
    boilerplate_classify(&d, d.title != NULL);
    size_t *para_lens;
    if ((st = build_body(c, &d, a, &para_lens)) != NP_OK)
        return fail(c, r, st, "out of memory cleaning article \"%s\"", r->id);

    a->id = arena_strndup(&c->arena, r->id, strlen(r->id));
    if (!a->id)
        return fail(c, r, NP_ENOMEM, "out of memory cleaning article \"%s\"", r->id);
    a->title = d.title;
    a->url = tidy_field(c, r->url);
    if (!a->url)
        a->url = d.url; /* a header block's */
    /* no date given or in the text: the day the URL files the article under */
    char url_day[11];
    if (!d.date[0] && a->url && date_from_url(a->url, strlen(a->url), url_day))
        doc_offer_date(&d, url_day, 4);
    a->date = d.date[0] ? arena_strndup(&c->arena, d.date, 10) : NULL;
    a->timestamp = given == 2 && d.date_rank == 0 ? given_time : NP_NO_TIME;
    /* a date given but not read (a blank one is no date) */
    a->date_unread = r->date && !given ? tidy_field(c, r->date) : NULL;
    if (set_source(c, r, &d, a) != NP_OK)
        return fail(c, r, NP_ENOMEM, "out of memory cleaning article \"%s\"", r->id);
    const char **credits = arena_alloc(&c->arena, (d.n_attribution + 1) * sizeof *credits);
    if (!credits)
        return fail(c, r, NP_ENOMEM, "out of memory cleaning article \"%s\"", r->id);
    memcpy(credits, d.attribution, d.n_attribution * sizeof *credits);
    a->attribution = credits;
    a->n_attribution = d.n_attribution;
    if (explain_lines(c, &d, a) != NP_OK)
        return fail(c, r, NP_ENOMEM, "out of memory cleaning article \"%s\"", r->id);
    a->lang = identify_lang(c, a, para_lens);
    *out = a;
    return NP_OK;
}
