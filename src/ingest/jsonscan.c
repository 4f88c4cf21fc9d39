/* jsonscan: a JSONL record's wanted fields without a jansson tree (see jsonscan.h). */
#include "ingest/jsonscan.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

#include "common/utf8.h"

const char *const jsonscan_keys[JSONSCAN_FIELDS] = { "text", "id", "title", "date", "url", "source" };

const jsonscan_key jsonscan_all_keys[JSONSCAN_KEYS] = {
    { "text", JSONSCAN_TEXT }, { "id", JSONSCAN_ID }, { "title", JSONSCAN_TITLE }, { "date", JSONSCAN_DATE },
    { "url", JSONSCAN_URL }, { "source", JSONSCAN_SOURCE }, { "maintext", JSONSCAN_TEXT },
    { "content", JSONSCAN_TEXT }, { "body", JSONSCAN_TEXT }, { "headline", JSONSCAN_TITLE },
    { "date_publish", JSONSCAN_DATE }, { "published_at", JSONSCAN_DATE }, { "publish_date", JSONSCAN_DATE },
    { "published", JSONSCAN_DATE }, { "pubDate", JSONSCAN_DATE }, { "datePublished", JSONSCAN_DATE },
    { "link", JSONSCAN_URL }, { "source_domain", JSONSCAN_SOURCE }, { "domain", JSONSCAN_SOURCE },
    { "site_name", JSONSCAN_SOURCE },
};

/* Deeper nesting is declined (jansson allows 2048 levels; records have 2). */
enum { MAX_DEPTH = 32 };

/* A value as the scan found it. */
typedef struct raw_value {
    jsonscan_kind kind;
    unsigned char rank;  /* the index in jsonscan_all_keys of the key it came from; 0xFF: absent */
    const char *key;
    const char *start;  /* JSONSCAN_STRING of a wanted key: its bytes decoded, then a NUL */
    size_t len;
    long long integer;
    int controls;       /* JSONSCAN_STRING decoded: jsonscan_field's controls */
} raw_value;

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The scan below reads a string's first byte as a word's lowest. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "jsonscan reads eight bytes at a time as a little-endian word"
#endif

/* Nonzero when one of the 8 bytes of w may end a plain run of a string: a
 * quote, a backslash, a control byte or a non-ASCII byte.  A borrow only
 * starts at such a byte, so there are false alarms above one, never a miss. */
static uint64_t special_bytes(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
    return ((w - ones * 0x20) | (quote - ones) | (backslash - ones) | w) & high;
}

/* The value of 4 hex digits at p, or -1. */
static long hex4(const char *p, const char *end)
{
    if (end - p < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* An escape after its backslash; returns what follows, or NULL for one
 * jansson refuses (unknown letters, a surrogate that is not a pair). */
static const char *scan_escape(const char *p, const char *end)
{
    if (p == end)
        return NULL;
    switch (*p) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        return p + 1;
    case 'u': {
        long u = hex4(p + 1, end);
        p += 5;
        if (u < 0 || (u >= 0xDC00 && u <= 0xDFFF))
            return NULL;
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (end - p < 2 || p[0] != '\\' || p[1] != 'u')
                return NULL;
            long low = hex4(p + 2, end);
            if (low < 0xDC00 || low > 0xDFFF)
                return NULL;
            p += 6;
        }
        return p;
    }
    default:
        return NULL;
    }
}

/* The byte an escape's letter stands for when the escape is one byte
 * long and gives no control byte that jsonscan_field's controls flags
 * (not \b, not \u), else 0. */
static inline char short_escape(char letter)
{
    switch (letter) {
    case '"': case '\\': case '/': return letter;
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'f': return '\f';
    default: return 0;
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SKIP_PLAIN_AVX2 1
/* skip_plain thirty-two bytes at a time in AVX2 registers, while 32 are
 * left, and past the short escapes (short_escape's) as it goes: a run of
 * a string between them is read on in the registers, not ended.  With
 * *to, the bytes read are written there (as skip_plain writes them) and
 * each escape decoded, *to moved past what is kept; *escaped is set when
 * an escape was passed. */
__attribute__((target("avx2"))) static const char *skip_plain32(const char *p, const char *end, char **to, int *escaped)
{
    const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\');
    const __m256i control = _mm256_set1_epi8(0x1f);
    char *w = to ? *to : NULL;
    while (end - p >= 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)p);
        if (w)
            _mm256_storeu_si256((__m256i *)(void *)w, x);
        __m256i hits = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, quote), _mm256_cmpeq_epi8(x, backslash)),
                                       _mm256_cmpeq_epi8(_mm256_min_epu8(x, control), x));
        /* and the bytes of 0x80 and over, by their top bit */
        unsigned special = (unsigned)(_mm256_movemask_epi8(hits) | _mm256_movemask_epi8(x));
        if (!special) {
            p += 32;
            if (w)
                w += 32;
            continue;
        }
        unsigned at = (unsigned)__builtin_ctz(special);
        char decoded;
        if (p[at] != '\\' || end - p <= (ptrdiff_t)at + 1 || !(decoded = short_escape(p[at + 1]))) {
            p += at;
            if (w)
                w += at;
            break;
        }
        /* a short escape: its byte written, the run read on after it */
        *escaped = 1;
        p += at + 2;
        if (w) {
            w[at] = decoded;
            w += at + 1;
        }
    }
    if (to)
        *to = w;
    return p;
}
#endif

/* The first byte from p on that may end a plain run of a string (as
 * special_bytes tells), or where fewer than eight are left: sixteen
 * bytes at a time in SSE2 registers, then eight (scan_string reads the
 * blocks of thirty-two in AVX2 before it, by skip_plain32).  With `to`,
 * each block read is written there as it is read (the bytes before the
 * one returned are the run's; those after it are written over by what
 * follows), so that a wanted string is decoded as it is scanned: `to`
 * has room for as many bytes as are left before `end`. */
static inline __attribute__((always_inline)) const char *skip_plain(const char *p, const char *end, char *to)
{
    const char *from = p;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1f);
    while (end - p >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)p);
        if (to)
            _mm_storeu_si128((__m128i *)(void *)(to + (p - from)), x);
        __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                                    _mm_cmpeq_epi8(_mm_min_epu8(x, control), x));
        /* and the bytes of 0x80 and over, by their top bit */
        unsigned special = (unsigned)(_mm_movemask_epi8(hits) | _mm_movemask_epi8(x));
        if (special)
            return p + __builtin_ctz(special);
        p += 16;
    }
#endif
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        if (to)
            memcpy(to + (p - from), &w, 8);
        uint64_t special = special_bytes(w);
        if (special)
            return p + __builtin_ctzll(special) / 8; /* the lowest alarm is never false: no borrow comes into it */
        p += 8;
    }
    return p;
}

/* Writes the escape at `backslash` (checked by scan_escape) decoded at
 * w; returns the end of what was written.  *controls is set when it gave
 * a control byte but tab, line feed, form feed and carriage return, or a
 * surrogate (jsonscan_field's controls). */
static char *decode_escape(char *w, const char *backslash, const char *end, int *controls)
{
    const char *p = backslash + 2;
    switch (backslash[1]) {
    case 'b': *w++ = '\b'; *controls = 1; break;
    case 'f': *w++ = '\f'; break;
    case 'n': *w++ = '\n'; break;
    case 'r': *w++ = '\r'; break;
    case 't': *w++ = '\t'; break;
    case 'u': {
        uint32_t cp = (uint32_t)hex4(p, end);
        p += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF)
            cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)hex4(p + 2, end) - 0xDC00);
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\f' && cp != '\r') || (cp >= 0xD800 && cp <= 0xDFFF))
            *controls = 1;
        w += utf8_encode(cp, w);
        break;
    }
    default: /* '"', '\\', '/' */
        *w++ = backslash[1];
    }
    return w;
}

/* A string's bytes from p, after its opening quote; returns its closing
 * quote, or NULL when jansson would refuse it (a control byte, invalid
 * UTF-8, a bad escape, no end).  *escaped: it holds a backslash.  With
 * w, the string is decoded at *w as it is read (one pass over its bytes,
 * not a scan and then a search for its escapes), *w moved past it; *w
 * has room for the bytes left before `end` (decoding never lengthens);
 * *controls as decode_escape sets it (with w only). */
static const char *scan_string(const char *p, const char *end, int *escaped, char **w, int *controls)
{
    *escaped = 0;
    char *to = w ? *w : NULL;
    for (;;) {
#if defined(SKIP_PLAIN_AVX2)
        if (end - p >= 32 && __builtin_cpu_supports("avx2")) {
            p = skip_plain32(p, end, w ? &to : NULL, escaped);
            if (end - p >= 32)
                goto special; /* at a byte that may end the run */
        }
#endif
        const char *run = p;
        p = skip_plain(p, end, to);
        if (to)
            to += p - run;
        if (p == end)
            return NULL;
#if defined(SKIP_PLAIN_AVX2)
    special:;
#endif
        unsigned char c = (unsigned char)*p;
        if (c == '"') {
            if (w)
                *w = to;
            return p;
        }
        if (c == '\\') {
            const char *next = scan_escape(p + 1, end);
            if (!next)
                return NULL;
            if (to)
                to = decode_escape(to, p, end, controls);
            p = next;
            *escaped = 1;
        } else if (c < 0x20) {
            return NULL;
        } else if (c < 0x80) {
            if (to)
                *to++ = (char)c;
            p++;
        } else {
            uint32_t cp;
            size_t n = utf8_decode((const unsigned char *)p, (size_t)(end - p), &cp);
            if (n == 0)
                return NULL;
            if (to) {
                memcpy(to, p, n);
                to += n;
            }
            p += n;
        }
    }
}

/* A number, within the ranges jansson surely reads: integers of up to 18
 * digits, reals of up to 40 digits with an exponent of up to 2 digits
 * (jansson refuses integers beyond long long and reals that overflow). */
static const char *scan_number(const char *p, const char *end, raw_value *v)
{
    int negative = p < end && *p == '-';
    p += negative;
    const char *digits = p;
    if (p == end || !is_digit(*p))
        return NULL;
    if (*p == '0')
        p++; /* no leading zeros: "01" ends at the 1, which the caller refuses */
    else
        while (p < end && is_digit(*p))
            p++;
    size_t n_int = (size_t)(p - digits), n_frac = 0;
    int real = 0;
    if (p < end && *p == '.') {
        const char *frac = ++p;
        while (p < end && is_digit(*p))
            p++;
        if ((n_frac = (size_t)(p - frac)) == 0)
            return NULL;
        real = 1;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        const char *exp = p;
        while (p < end && is_digit(*p))
            p++;
        if (p == exp || p - exp > 2)
            return NULL;
        real = 1;
    }
    if (real) {
        v->kind = JSONSCAN_OTHER;
        return n_int + n_frac <= 40 ? p : NULL;
    }
    if (n_int > 18)
        return NULL;
    long long value = 0;
    for (const char *d = digits; d < p; d++)
        value = value * 10 + (*d - '0');
    v->kind = JSONSCAN_INTEGER;
    v->integer = negative ? -value : value;
    return p;
}

static const char *scan_literal(const char *p, const char *end, const char *word, jsonscan_kind kind,
                                raw_value *v)
{
    size_t n = strlen(word);
    if ((size_t)(end - p) < n || memcmp(p, word, n) != 0)
        return NULL;
    v->kind = kind;
    return p + n;
}

static const char *scan_container(const char *p, const char *end, unsigned depth, raw_value *fields, char **w);

/* One value at p (not at end); returns what follows it.  With w (a
 * wanted key's value), a string is decoded at *w and ended by a NUL, *w
 * moved past them. */
static const char *scan_value(const char *p, const char *end, unsigned depth, raw_value *v, char **w)
{
    switch (*p) {
    case '"': {
        int escaped;
        char *start = w ? *w : NULL;
        v->controls = 0;
        const char *close = scan_string(p + 1, end, &escaped, w, &v->controls);
        if (!close)
            return NULL;
        v->kind = JSONSCAN_STRING;
        if (w) {
            v->start = start;
            v->len = (size_t)(*w - start);
            *(*w)++ = '\0';
        }
        return close + 1;
    }
    case '{':
    case '[':
        v->kind = JSONSCAN_OTHER;
        return scan_container(p, end, depth + 1, NULL, NULL);
    case 't':
        return scan_literal(p, end, "true", JSONSCAN_OTHER, v);
    case 'f':
        return scan_literal(p, end, "false", JSONSCAN_OTHER, v);
    case 'n':
        return scan_literal(p, end, "null", JSONSCAN_NULL, v);
    default:
        return scan_number(p, end, v);
    }
}

/* Which of jsonscan_all_keys a key is, or -1. */
static int key_of(const char *key, size_t len)
{
    for (int i = 0; i < JSONSCAN_KEYS; i++) {
        /* compared up to the first difference, never past the name's NUL */
        const char *name = jsonscan_all_keys[i].name;
        size_t at = 0;
        while (at < len && name[at] && name[at] == key[at])
            at++;
        if (at == len && !name[at])
            return i;
    }
    return -1;
}

/* The object or array at p; with `fields` (the record itself), the wanted
 * keys' values are noted there, a later one of a key replacing an earlier
 * one, an earlier key's of jsonscan_all_keys a later one's, their strings
 * decoded at *w. */
static const char *scan_container(const char *p, const char *end, unsigned depth, raw_value *fields, char **w)
{
    if (depth > MAX_DEPTH)
        return NULL;
    int object = *p == '{';
    char close = object ? '}' : ']';
    p = skip_space(p + 1, end);
    if (p < end && *p == close)
        return p + 1;
    for (;;) {
        raw_value ignored, *v = &ignored;
        if (object) {
            if (p == end || *p != '"')
                return NULL;
            int escaped;
            const char *key = p + 1, *key_end = scan_string(key, end, &escaped, NULL, NULL);
            if (!key_end)
                return NULL;
            if (escaped)
                return NULL; /* "\u0000" is refused in a key, and "t\u0065xt" is "text" */
            int which = fields ? key_of(key, (size_t)(key_end - key)) : -1;
            if (which >= 0 && which <= fields[jsonscan_all_keys[which].field].rank) {
                v = &fields[jsonscan_all_keys[which].field];
                v->rank = (unsigned char)which;
                v->key = jsonscan_all_keys[which].name;
            }
            p = skip_space(key_end + 1, end);
            if (p == end || *p != ':')
                return NULL;
            p = skip_space(p + 1, end);
        }
        if (p == end || !(p = scan_value(p, end, depth, v, v == &ignored ? NULL : w)))
            return NULL;
        p = skip_space(p, end);
        if (p == end)
            return NULL;
        if (*p == close)
            return p + 1;
        if (*p != ',')
            return NULL;
        p = skip_space(p + 1, end);
    }
}

np_status jsonscan_record(const char *line, size_t len, buf *out,
                          jsonscan_field fields[JSONSCAN_FIELDS])
{
    const char *end = line + len;
    const char *p = skip_space(line, end);
    if (p == end || *p != '{')
        return NP_EINPUT;
    raw_value raw[JSONSCAN_FIELDS];
    for (int i = 0; i < JSONSCAN_FIELDS; i++)
        raw[i] = (raw_value){ .kind = JSONSCAN_ABSENT, .rank = 0xFF };
    /* the wanted strings decoded as they are scanned, one after another
     * (a repeated key's too), each then a NUL: decoding never lengthens a
     * string, and a NUL takes the room of its closing quote, so what is
     * written by any byte of the line is no more than the line up to it,
     * and the blocks skip_plain writes whole reach no further than the line */
    buf_clear(out);
    if (buf_reserve(out, len) != NP_OK)
        return NP_ENOMEM;
    char *w = out->data;
    p = scan_container(p, end, 1, raw, &w);
    if (!p || skip_space(p, end) != end)
        return NP_EINPUT;
    out->len = (size_t)(w - out->data);
    out->data[out->len] = '\0';
    for (int i = 0; i < JSONSCAN_FIELDS; i++) {
        fields[i] = (jsonscan_field){ .kind = raw[i].kind, .integer = raw[i].integer, .key = raw[i].key };
        if (raw[i].kind == JSONSCAN_STRING) {
            fields[i].string = raw[i].start;
            fields[i].len = raw[i].len;
            fields[i].controls = raw[i].controls;
        }
    }
    return NP_OK;
}

void jsonscan_from_json(json_t *object, jsonscan_field fields[JSONSCAN_FIELDS])
{
    for (int i = 0; i < JSONSCAN_FIELDS; i++) {
        /* the field's first key present */
        json_t *v = NULL;
        const char *key = NULL;
        for (int k = 0; k < JSONSCAN_KEYS && !v; k++)
            if (jsonscan_all_keys[k].field == i)
                v = json_object_get(object, key = jsonscan_all_keys[k].name);
        jsonscan_field *f = &fields[i];
        *f = (jsonscan_field){ .kind = JSONSCAN_ABSENT };
        if (!v)
            continue;
        f->key = key;
        if (json_is_null(v)) {
            f->kind = JSONSCAN_NULL;
        } else if (json_is_string(v)) {
            f->kind = JSONSCAN_STRING;
            f->controls = 1; /* not looked at */
            f->string = json_string_value(v);
            f->len = json_string_length(v);
        } else if (json_is_integer(v)) {
            f->kind = JSONSCAN_INTEGER;
            f->integer = json_integer_value(v);
        } else {
            f->kind = JSONSCAN_OTHER;
        }
    }
}

static int same_field(const jsonscan_field *a, const jsonscan_field *b)
{
    if (a->kind != b->kind || !a->key != !b->key || (a->key && strcmp(a->key, b->key) != 0))
        return 0;
    if (a->kind == JSONSCAN_INTEGER)
        return a->integer == b->integer;
    if (a->kind == JSONSCAN_STRING)
        return a->len == b->len && memcmp(a->string, b->string, a->len) == 0 &&
               a->string[a->len] == '\0';
    return 1;
}

int jsonscan_crosscheck(const char *line, size_t len, const np_allocator *allocator)
{
    buf out;
    buf_init(&out, allocator);
    jsonscan_field mine[JSONSCAN_FIELDS], theirs[JSONSCAN_FIELDS];
    int verdict = 0;
    if (jsonscan_record(line, len, &out, mine) == NP_OK) {
        json_t *object = json_loadb(line, len, JSONSCAN_JANSSON_FLAGS, NULL);
        verdict = json_is_object(object) ? 1 : -1;
        if (verdict == 1) {
            jsonscan_from_json(object, theirs);
            for (int i = 0; i < JSONSCAN_FIELDS; i++)
                if (!same_field(&mine[i], &theirs[i]))
                    verdict = -1;
        }
        json_decref(object);
    }
    buf_free(&out);
    return verdict;
}
