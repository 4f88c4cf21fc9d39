/*
 * meta: source and attribution out of credit lines, source lines and
 * datelines.
 *
 * "With reporting by Reuters and AFP" and "Oksana P. and Alan K.
 * contributed" credit names; "This article originally appeared on X" and
 * "Source: X" name the outlet the text came from; "LONDON (Reuters) -"
 * names the agency that filed it.  Names are split on commas, "and", "&"
 * and ";" and trimmed of trailing places ("John Smith in London").
 */
#include <string.h>

#include "text/date.h"
#include "text/doc.h"
#include "text/textutil.h"

void doc_offer_date(doc *d, const char date[11], int rank)
{
    if (d->date[0] && d->date_rank <= rank)
        return;
    memcpy(d->date, date, 11);
    d->date_rank = rank;
}

static int is_trim_char(unsigned char c)
{
    return c == ' ' || c == '.' || c == ',' || c == ';' || c == ':' || c == '|' || c == '(' ||
           c == ')' || c == '"' || c == '*' || c == '-';
}

void doc_add_attribution(doc *d, const char *s, size_t len)
{
    while (len && is_trim_char((unsigned char)s[0]))
        s++, len--;
    while (len && is_trim_char((unsigned char)s[len - 1]))
        len--;
    /* "John Smith in London" -> "John Smith" */
    long in = tu_find_ci(s, len, " in ");
    if (in > 0 && (size_t)in + 4 < len && tu_is_upper((unsigned char)s[in + 4]))
        len = (size_t)in;
    if (len == 0 || len > 80 || tu_count_words(s, len) > 6)
        return;
    /* names start with a capital, but for the agencies that write
     * theirs in lowercase ("Berlin (dpa) -") */
    static const char *const lowercase_agencies[] = { "dpa", "epd", "kna", "ddp", "dapd" };
    int agency = 0;
    for (size_t k = 0; k < sizeof lowercase_agencies / sizeof *lowercase_agencies; k++) {
        size_t n = strlen(lowercase_agencies[k]);
        agency |= len >= n && memcmp(s, lowercase_agencies[k], n) == 0 && (len == n || !tu_is_alpha((unsigned char)s[n]));
    }
    if (!tu_is_upper((unsigned char)s[0]) && (unsigned char)s[0] < 0x80 && !agency)
        return;
    for (size_t i = 0; i < d->n_attribution; i++)
        if (strlen(d->attribution[i]) == len && strncmp(d->attribution[i], s, len) == 0)
            return;
    if (d->n_attribution == sizeof d->attribution / sizeof *d->attribution)
        return;
    const char *copy = arena_strndup(d->arena, s, len);
    if (copy)
        d->attribution[d->n_attribution++] = copy;
}

/* Splits "A, B and C" into names. */
static void add_name_list(doc *d, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        size_t sep = 0;
        if (i == len)
            sep = 1;
        else if (s[i] == ',' || s[i] == ';' || s[i] == '&')
            sep = 1;
        else if (tu_starts_ci(s + i, len - i, " and ") || tu_starts_ci(s + i, len - i, " und "))
            sep = 5;
        else if (tu_starts_ci(s + i, len - i, " et "))
            sep = 4;
        else if (tu_starts_ci(s + i, len - i, " y ") || tu_starts_ci(s + i, len - i, " e "))
            sep = 3;
        if (!sep)
            continue;
        if (i > start)
            doc_add_attribution(d, s + start, i - start);
        start = i + sep;
        i = start - 1;
    }
}

/* Leads of a name ("with reporting by ", "originally appeared on "),
 * grouped by a word they share: a line without a group's word has none
 * of its leads.  Tried in the groups' order, then the leads'. */
typedef struct lead_group {
    const char *word;
    const char *leads[10]; /* to a NULL */
} lead_group;

/* The first of the groups' leads found in s[0..len): returns the bytes
 * after it (*rest of them), NULL when there is none.  A lead that opens
 * with its group's word is looked for from the word's first place. */
static const char *after_lead(const lead_group *groups, size_t n_groups, const char *s, size_t len, size_t *rest)
{
    for (size_t g = 0; g < n_groups; g++) {
        long from = tu_find_ci(s, len, groups[g].word);
        if (from < 0)
            continue;
        size_t word_len = strlen(groups[g].word);
        for (const char *const *lead = groups[g].leads; *lead; lead++) {
            size_t start = strncmp(*lead, groups[g].word, word_len) == 0 ? (size_t)from : 0;
            long at = tu_find_ci(s + start, len - start, *lead);
            if (at < 0)
                continue;
            const char *after = s + start + (size_t)at + strlen(*lead);
            *rest = len - (size_t)(after - s);
            return after;
        }
    }
    return NULL;
}

/* The leads of a credit's names. */
static const lead_group credit_leads[] = {
    { "reporting ",
      { "with additional reporting by ", "additional reporting by ", "with reporting by ",
        "with reporting from ", "reporting by " } },
    { "writing by ", { "writing by " } },
    { "compiled by ", { "compiled by " } },
    { "reporting from ", { "for more reporting from the ", "for more reporting from ", "reporting from the " } },
    { "mit material ", { "mit material von ", "mit material der " } },
    { "con informa", { "con informaci\xc3\xb3n de ", "con informazioni di " } },
    { "com informa",
      { "com informa\xc3\xa7\xc3\xb5" "es da ", "com informa\xc3\xa7\xc3\xb5" "es de ", "com informa\xc3\xa7\xc3\xb5" "es do " } },
    { "met medewerking van ", { "met medewerking van " } },
};

/* "Avec AFP", "Con EFE y Europa Press": the short agency credit the
 * cleaner found (boilerplate's agency_credit) names from its second word. */
static const char *const credit_openers[] = { "avec ", "mit ", "con ", "com ", "met " };

void meta_from_credit(doc *d, const char *s, size_t len)
{
    size_t n;
    const char *names = after_lead(credit_leads, sizeof credit_leads / sizeof *credit_leads, s, len, &n);
    if (names) {
        /* stop at "; Editing by", "see below", a full stop */
        for (size_t i = 0; i < n; i++) {
            if (names[i] == ';' || names[i] == '(' || names[i] == ')' ||
                (names[i] == '.' && (i + 1 == n || names[i + 1] == ' ')) ||
                tu_starts_ci(names + i, n - i, ", see") || tu_starts_ci(names + i, n - i, " see ")) {
                n = i;
                break;
            }
        }
        add_name_list(d, names, n);
        return;
    }
    for (size_t k = 0; k < sizeof credit_openers / sizeof *credit_openers; k++)
        if (tu_starts_ci(s, len, credit_openers[k]) && tu_count_words(s, len) <= 6) {
            size_t skip = strlen(credit_openers[k]);
            add_name_list(d, s + skip, len - skip);
            return;
        }
    /* "A, B and C contributed (to this report)." */
    long at = tu_find_word_ci(s, len, "contributed");
    if (at > 0 && tu_count_words(s, len) <= 25)
        add_name_list(d, s, (size_t)at);
}

/* Words that end a "Source: X" or "originally appeared on X" name. */
static size_t name_end(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] != '|' && s[i] != '(' && !(s[i] == '.' && (i + 1 == len || s[i + 1] == ' ')))
        i++;
    return i;
}

/* The leads of a source's name. */
static const lead_group source_leads[] = {
    { "originally ",
      { "originally appeared on ", "originally appeared in ", "originally appeared at ",
        "originally published on ", "originally published in ", "originally published at ",
        "originally published by ", "originally belongs to ", "originally ran on ",
        "originally ran in " } },
    { "first ",
      { "first appeared on ", "first appeared in ", "first published on ", "first published in ",
        "first published by " } },
    { "was provided by ", { "was provided by " } },
    { "is republished from ", { "is republished from " } },
    { "read the full ",
      { "read the full story at ", "read the full story on ", "read the full article at " } },
};

int meta_source_line(doc *d, const char *s, size_t len)
{
    size_t rest;
    const char *lead_name = after_lead(source_leads, sizeof source_leads / sizeof *source_leads, s, len, &rest);
    if (lead_name) {
        size_t n = name_end(lead_name, rest);
        /* "provided by PA and has not been edited" -> "PA" */
        long and = tu_find_ci(lead_name, n, " and ");
        if (and > 0)
            n = (size_t)and;
        const char *tidy = meta_tidy_source(d->arena, lead_name, n);
        if (tidy && !d->source) {
            d->source = tidy;
            d->source_from_text = 1;
        }
        return tidy != NULL;
    }
    static const char *const labels[] = { "source", "via", "quelle", "fuente", "fonte", "bron" };
    size_t label = 0;
    int first = len ? tu_lower((unsigned char)s[0]) : 0; /* each label's first letter */
    int labelled = first == 's' || first == 'v' || first == 'q' || first == 'f' || first == 'b';
    for (size_t k = 0; k < sizeof labels / sizeof *labels && labelled && !label; k++) {
        size_t n = strlen(labels[k]);
        if (tu_starts_ci(s, len, labels[k]) && n < len && s[n] == ':')
            label = n + 1;
        else if (tu_starts_ci(s, len, labels[k]) && n + 1 < len && s[n] == ' ' && s[n + 1] == ':')
            label = n + 2; /* French: "Source : AFP" */
    }
    if (label) {
        const char *name = s + label;
        size_t n = len - (size_t)(name - s);
        while (n && (*name == ' ' || *name == '|'))
            name++, n--;
        n = name_end(name, n);
        if (n && tu_count_words(name, n) <= 4) {
            const char *tidy = meta_tidy_source(d->arena, name, n);
            if (tidy && !d->source)
                d->source = tidy;
            return tidy != NULL;
        }
    }
    return 0;
}

static int looks_like_domain(const char *s, size_t len)
{
    const char *dot = memchr(s, '.', len);
    if (!dot || dot == s || dot == s + len - 1)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ' ' || s[i] == '/')
            return 0;
    return 1;
}

/* How many times c is among s's len bytes. */
static size_t count_of(const char *s, size_t len, char c)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == c;
    return n;
}

const char *meta_tidy_source(arena *a, const char *s, size_t len)
{
    while (len && strchr(" \"'|:-", s[0]))
        s++, len--;
    /* a closing quote is kept when it closes one the name opens
     * ('Wire, "AP"'), and trimmed when it is left alone ('Reuters"' of a
     * '"Reuters"' whose first quote went above) */
    while (len && strchr(" \"'|:-.,;", s[len - 1]) &&
           !((s[len - 1] == '"' || s[len - 1] == '\'') && count_of(s, len, s[len - 1]) % 2 == 0))
        len--;
    if (len == 0 || len > 100)
        return NULL;
    if (!looks_like_domain(s, len))
        return arena_strndup(a, s, len);
    if (tu_starts_ci(s, len, "www."))
        s += 4, len -= 4;
    char *out = arena_strndup(a, s, len);
    if (out)
        for (size_t i = 0; i < len; i++)
            out[i] = (char)tu_lower((unsigned char)out[i]);
    return out;
}

const char *meta_url_host(arena *a, const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strcspn(p, "/?#:");
    const char *at = memchr(p, '@', n);
    if (at) {
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    if (n == 0)
        return NULL;
    return meta_tidy_source(a, p, n);
}

/* "CITY (Agency) -", "CITY, March 4, 2025 (Agency) —", "(AP) —" at the
 * start of the first body paragraph: the agency is credited, and a full
 * date there is the article's date. */
void meta_from_dateline(doc *d, const char *s, size_t len)
{
    size_t head = len < 120 ? len : 120;
    char date[11];
    size_t ds, de;
    /* the text's first date, if it starts by the 60th byte with no
     * lowercase ASCII letter before it: looked for up to that letter */
    size_t last_start = 0;
    while (last_start < 60 && last_start < head && (s[last_start] < 'a' || s[last_start] > 'z'))
        last_start++;
    if (date_find_opening(s, head, last_start, date, &ds, &de))
        doc_offer_date(d, date, 3);
    const char *open = memchr(s, '(', head);
    if (!open)
        return;
    const char *close = memchr(open, ')', head - (size_t)(open - s));
    if (!close || close - open < 2 || close - open > 40)
        return;
    /* the dash that ends a dateline must follow the parenthesis, after a
     * full stop at most ("Madrid, 4 mar (EFE).- ") */
    const char *after = close + 1;
    size_t rest = len - (size_t)(after - s);
    if (rest && *after == '.')
        after++, rest--;
    while (rest && *after == ' ')
        after++, rest--;
    int dash = rest && (*after == '-' || *after == ':' || tu_starts_ci(after, rest, "\xe2\x80\x94") ||
                        tu_starts_ci(after, rest, "\xe2\x80\x93"));
    if (!dash)
        return;
    /* before the parenthesis: capitals, places and dates only; a word
     * that starts lowercase is running prose, not a dateline, unless it
     * is a month or a weekday ("4 mar.", "martes") or of three letters at
     * most ("de", "del", a month's abbreviation: "4 ago") */
    for (const char *p = s; p < open; p++) {
        if (!(*p >= 'a' && *p <= 'z') || (p > s && (tu_is_alpha((unsigned char)p[-1]) || (unsigned char)p[-1] >= 0x80)))
            continue;
        const char *w = p;
        while (w < open && (tu_is_alpha((unsigned char)*w) || (unsigned char)*w >= 0x80))
            w++;
        if (w - p > 3 && !date_calendar_word(p, (size_t)(w - p)))
            return;
        p = w - 1;
    }
    doc_add_attribution(d, open + 1, (size_t)(close - open - 1));
}

enum { SITE_KEY_MAX = 64 };

/* A name's key: its letters and digits (ASCII ones lowercased), without
 * a leading "the" and, for a domain, only its first label after "www."
 * ("The Harbor Daily", "harbordaily.com" and "www.harbordaily.co.uk" are
 * all "harbordaily").  returns: the key's length, 0 if none fits. */
static size_t site_key(const char *s, size_t len, char key[SITE_KEY_MAX])
{
    if (looks_like_domain(s, len)) {
        if (tu_starts_ci(s, len, "www."))
            s += 4, len -= 4;
        const char *dot = memchr(s, '.', len);
        len = dot ? (size_t)(dot - s) : len;
    }
    if (len > 4 && tu_starts_ci(s, len, "the "))
        s += 4, len -= 4;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        /* bytes of other scripts as they are */
        if (c < 0x80 && !tu_is_alpha(c) && !tu_is_digit(c))
            continue;
        if (n == SITE_KEY_MAX)
            return 0;
        key[n++] = (char)tu_lower(c);
    }
    return n;
}

size_t meta_title_without_site(const char *title, size_t len, const char *source)
{
    if (!source)
        return len;
#define SEPARATOR(text) { text, sizeof text - 1 }
    static const struct {
        const char *text;
        size_t len;
    } seps[] = { SEPARATOR(" | "), SEPARATOR(" - "), SEPARATOR(" \xe2\x80\x93 "), SEPARATOR(" \xe2\x80\x94 "),
                 SEPARATOR(" :: "), SEPARATOR(" \xc2\xb7 ") };
#undef SEPARATOR
    /* the last separator, and the site's name after it: at each space, the
     * separators whose second byte is there are compared (the space before
     * most words ends none) */
    size_t at = 0, sep_len = 0;
    for (size_t i = len; i-- > 1 && !sep_len;) {
        /* a separator's last byte before its closing space: '|', '-', ':',
         * the dashes' 0x93 and 0x94, the dot's 0xb7 (most spaces end none) */
        unsigned char before = (unsigned char)title[i - 1];
        if (title[i] != ' ' || !(before == '|' || before == '-' || before == ':' || before == 0x93 ||
                                 before == 0x94 || before == 0xb7))
            continue;
        for (size_t k = 0; k < sizeof seps / sizeof *seps && !sep_len; k++) {
            size_t n = seps[k].len;
            if (i + 1 >= n && title[i + 2 - n] == seps[k].text[1] && memcmp(title + i + 1 - n, seps[k].text, n) == 0) {
                at = i + 1 - n;
                sep_len = n;
            }
        }
    }
    if (!sep_len || tu_count_words(title, at) < 3)
        return len;
    char a[SITE_KEY_MAX], b[SITE_KEY_MAX];
    size_t na = site_key(title + at + sep_len, len - at - sep_len, a);
    size_t nb = site_key(source, strlen(source), b);
    /* the same name; or one opens the other, the shorter of five letters or
     * more ("Inexhibit" of "Inexhibit magazine"); or the name with "news"
     * or "online" after it ("BBC News" of "bbc.co.uk") */
    size_t shorter = na < nb ? na : nb;
    int same = shorter >= 3 && memcmp(a, b, shorter) == 0 &&
               (na == nb || shorter >= 5 || (na - nb == 4 && memcmp(a + nb, "news", 4) == 0) ||
                (na - nb == 6 && memcmp(a + nb, "online", 6) == 0));
    if (!same)
        return len;
    while (at && title[at - 1] == ' ')
        at--;
    return at;
}
