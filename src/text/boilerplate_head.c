/*
 * boilerplate_head: the lines above an article's text that are not its
 * text -- its headline (find the title among the first lines: not the
 * site's name, a skip link or a menu), a byline, a date line, a header
 * block of "Title:", "Date:", "URL:" fields and a date fused to the
 * headline.  Part of the line classifier (boilerplate.c,
 * boilerplate_parts.h).
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "text/boilerplate_parts.h"
#include "text/date.h"

/* "date 2021-11-30 Headline": a date fused before the first line's text. */
void bp_strip_date_prefix(doc *d, line *l)
{
    size_t i = 0;
    while (i < l->len && tu_is_alpha((unsigned char)l->s[i]))
        i++;
    static const char *const labels[] = { "date", "published", "updated", "posted", "on" };
    if (i && !matches_word_list(l->s, i, labels, COUNT(labels)))
        i = 0;
    while (i < l->len && (l->s[i] == ' ' || l->s[i] == ':'))
        i++;
    char date[11];
    size_t ds, de;
    /* the date must open the line: look no further than a date's length */
    size_t window = l->len - i < 40 ? l->len - i : 40;
    if (!date_find_opening(l->s + i, window, 0, date, &ds, &de))
        return;
    size_t rest = i + de;
    while (rest < l->len && l->s[rest] == ' ')
        rest++;
    /* "2025-03-04 | Outlet | Section" is a dateline of the page, not a prefix */
    if (rest < l->len && strchr("|/", l->s[rest]))
        return;
    while (rest < l->len && strchr(" :-,", l->s[rest]))
        rest++;
    /* a time of day glued on: "2021-11-30 14:05" */
    if (tu_count_words(l->s + rest, l->len - rest) < 3)
        return;
    doc_offer_date(d, date, 1);
    l->s += rest;
    l->lower += rest;
    l->len -= rest;
    line_count_words(l);
}

/* first: the first candidate line; alone: a blank line follows it */
static int headline_like(const line *l, int first, int alone)
{
    if (l->words < 3 || l->words > 30 || l->bullet)
        return 0;
    char last = l->s[l->len - 1];
    if (last == ':' || last == ',' || l->ellipsis)
        return 0;
    if (!l->terminal)
        return 1;
    /* a headline rarely ends with a full stop; allow it for a short single
     * sentence on the very first line, set apart by a blank line */
    if (!first || !alone || l->words > 20 || last != '.')
        return 0;
    for (size_t i = 0; i + 1 < l->len; i++)
        if ((l->s[i] == '.' || l->s[i] == '?' || l->s[i] == '!') && l->s[i + 1] == ' ')
            return 0;
    return 1;
}

/* 1 for a line that is an outlet's name: at most five words, each
 * capitalised or a small word ("of", "the", "&"), the last a word that
 * names a newspaper or a broadcaster ("The Riverton Courier",
 * "Donau-Kurier"), or the first one that names nothing else ("Daily",
 * "Corriere"): a headline may open with "Star" or "Record", and seldom
 * ends with "Courier".  ("Le Progr\xc3\xa8s du Rh\xc3\xb4ne" is none.) */
static int masthead(const line *l)
{
    static const char *const papers[] = {
        "times", "news", "post", "daily", "herald", "gazette", "journal", "tribune", "chronicle",
        "observer", "express", "telegraph", "guardian", "ledger", "courier", "weekly", "radio", "press",
        "review", "star", "mail", "standard", "independent", "sentinel", "examiner", "record", "bulletin",
        "dispatch", "inquirer", "register", "recorder", "globe", "mirror", "sun", "today", "online",
        "zeitung", "kurier", "allgemeine", "rundschau", "tagblatt", "nachrichten", "anzeiger", "courant",
        "krant", "dagblad", "corriere", "gazzetta", "giornale", "diario", ("peri\xc3\xb3" "dico"),
        "jornal", "folha", "gazeta",
    };
    static const char *const first_papers[] = { "daily", "corriere", "gazzetta", "giornale", "diario", "jornal", "folha", "gazeta" };
    static const char *const small[] = { "the", "of", "and", "&", "de", "du", "del", "della", "do", "da", "la", "le", "el", "der", "die" };
    if (l->words < 1 || l->words > 5 || l->terminal)
        return 0;
    int paper = 0, opens = 0, first = 1;
    for (size_t i = 0; i < l->len; first = 0) {
        while (i < l->len && (l->s[i] == ' ' || l->s[i] == '-'))
            i++;
        size_t start = i;
        while (i < l->len && l->s[i] != ' ' && l->s[i] != '-')
            i++;
        if (i == start)
            break;
        unsigned char c = (unsigned char)l->s[start];
        if (!(c >= 'A' && c <= 'Z') && !matches_word_list(l->s + start, i - start, small, COUNT(small)))
            return 0;
        /* the last word's answer stands */
        paper = matches_word_list(l->s + start, i - start, papers, COUNT(papers));
        if (first)
            opens = matches_word_list(l->s + start, i - start, first_papers, COUNT(first_papers));
    }
    return paper || opens;
}

/* 1 if the line is the given title, or the title is the line then a
 * separator and more (a site's name): " | ", " - ", " – ", " — ", " :: ",
 * "｜". */
static int title_repeated(const char *title, const line *l)
{
    static const char *const separators[] = { " | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ",
                                              " \xef\xbd\x9c", "\xef\xbd\x9c" };
    size_t n = strlen(title);
    if (n < l->len || strncmp(title, l->s, l->len) != 0)
        return 0;
    if (n == l->len)
        return 1;
    for (size_t k = 0; k < COUNT(separators); k++)
        if (tu_starts_ci(title + l->len, n - l->len, separators[k]))
            return l->words >= 2;
    return 0;
}

/* Finds the headline among the first lines; lines above it are chrome. */
void bp_find_title(doc *d, int have_title)
{
    size_t seen = 0;
    for (size_t i = 0; i < d->n_lines && seen < HEAD_SCAN; i++) {
        line *l = &d->lines[i];
        if (l->kind != LK_BODY)
            continue;
        seen++;
        if (have_title) {
            /* the given title repeated as the first line, or without the
             * site's name that ends it ("Port reopens | The Harbor Daily") */
            if (d->title && title_repeated(d->title, l)) {
                l->kind = LK_TITLE;
                for (size_t j = 0; j < i; j++)
                    if (d->lines[j].kind == LK_BODY && !body_like(&d->lines[j]))
                        d->lines[j].kind = LK_HEADER;
                return;
            }
            if (body_like(l))
                return;
            continue;
        }
        /* the title must leave a body under it, and stand apart from the
         * text below when it reads like a sentence */
        const line *next = NULL;
        for (size_t j = i + 1; j < d->n_lines && !next; j++)
            if (d->lines[j].kind == LK_BODY)
                next = &d->lines[j];
        if (next && headline_like(l, seen == 1, next->block != l->block)) {
            /* an outlet's name above the headline ("The Riverton Courier")
             * is the page's, not the title */
            if (masthead(l) && headline_like(next, 0, 1) && next->words > l->words && !body_like(next))
                continue;
            l->kind = LK_TITLE;
            d->title = arena_strndup(d->arena, l->s, l->len);
            for (size_t j = 0; j < i; j++)
                if (d->lines[j].kind == LK_BODY)
                    d->lines[j].kind = LK_HEADER;
            return;
        }
        if (body_like(l) || l->words > 30)
            return; /* the article starts without a headline */
    }
}

/* Words made of letters (numbers and times not counted). */
static unsigned alpha_words(const char *s, size_t len)
{
    unsigned n = 0;
    for (size_t i = 0; i < len; i++)
        if ((tu_is_alpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0xC0) &&
            (i == 0 || !(tu_is_alpha((unsigned char)s[i - 1]) || (unsigned char)s[i - 1] >= 0x80)))
            n++;
    return n;
}

/* "[downloaded on 2 October 2013]", "Retrieved 4 March 2025": the words
 * before a date (s[0..len)) say it is when a crawler or a reader took
 * the page, not when it was published ("Posted 1 year, 160 days ago
 * [downloaded on 2 October 2013]" was dated 2013, a year and a half
 * late). */
int bp_fetch_date(const char *s, size_t len)
{
    static const char *const fetched[] = { "downloaded", "retrieved", "accessed", "fetched", "crawled", "archived" };
    return any_word(s, len, fetched, COUNT(fetched));
}

/* "Updated", "Posted" or "Published" (the cue text, c bytes) opening a line of no
 * digit and no colon followed by three words or more, the first of them
 * not one a date, a time, a byline or a section follows it with ("Updated
 * Tuesday morning", "Posted by admin", "Posted in Sports"): a headline or
 * a sentence ("Updated figures show prices rising", "updated fda order
 * genetic test"), not the page's meta line. */
int bp_meta_verb_opens_prose(const line *l, const char *text, size_t c)
{
    static const char *const verbs[] = { "updated", "posted", "published" };
    static const char *const meta_next[] = {
        "by", "on", "at", "in", "from", "via", "last", "ago", "today", "yesterday", "this", "earlier",
    };
    if (!matches_word_list(text, c, verbs, COUNT(verbs)) || l->words < 4 || memchr(l->s, ':', l->len) ||
        strcspn(l->s, "0123456789") < l->len)
        return 0;
    size_t at = c, end;
    while (at < l->len && l->s[at] == ' ')
        at++;
    for (end = at; end < l->len && tu_is_alpha((unsigned char)l->s[end]); end++)
        ;
    return end > at && !matches_word_list(l->s + at, end - at, meta_next, COUNT(meta_next)) &&
           !date_calendar_word(l->s + at, end - at);
}

/* "Tuesday, March 4", "Updated 14:05 GMT", "Dienstag, 4. M\xc3\xa4rz", "mardi
 * 4 mars \xc3\xa0 14 h": a date line without a full date.  It gives no date
 * (no year) but is still chrome, not text. */
static int partial_date_line(const line *l)
{
    static const char *const words[] = {
        "am", "pm", "gmt", "utc", "bst", "est", "edt", "cet", "cest", "mez", "mesz", "updated",
        "published", "posted", "on", "at", "last", "um", "uhr", "le", "\xc3\xa0", "h", "de", "el",
        "\xc3\xa0s", "alle", "ore", "op", "om", "u",
    };
    if (l->words == 0 || l->words > 7)
        return 0;
    int named = 0;
    for (size_t i = 0; i < l->len;) {
        unsigned char c = (unsigned char)l->s[i];
        if (tu_is_alpha(c) || c == 0xC3) {
            /* a word of ASCII and Latin-1 letters, hyphens inside
             * ("terça-feira") */
            size_t start = i;
            while (i < l->len && (tu_is_alpha((unsigned char)l->s[i]) ||
                                  ((unsigned char)l->s[i] == 0xC3 && i + 1 < l->len) ||
                                  (l->s[i] == '-' && i > start && i + 1 < l->len && tu_is_alpha((unsigned char)l->s[i + 1]))))
                i += (unsigned char)l->s[i] == 0xC3 ? 2 : 1;
            if (!matches_word_list(l->s + start, i - start, words, COUNT(words)) &&
                !date_calendar_word(l->s + start, i - start))
                return 0;
            named = 1;
        } else if (c >= 0x80) {
            return 0;
        } else {
            i++;
        }
    }
    return named;
}

/* Header-area lines: dates and bylines before the first paragraph. */
/* 1 if the line opens as a byline does: "By"; with a date in the line,
 * also "Von", "Par", "Por" ("Par X, publi\xc3\xa9 le 12 mars 2025"), which
 * alone open names too ("Von Miller"). */
static int byline(const line *l, int dated)
{
    static const char *const openers[] = { "by ", "von ", "par ", "por " };
    for (size_t k = 0; k < (dated ? COUNT(openers) : 1); k++)
        if (tu_starts_ci(l->s, l->len, openers[k]))
            return 1;
    return 0;
}

/* 1 if s[0..len) is names alone ("Anna M\xc3\xbcller, Donau-Kurier", "Sanne de
 * Vries | Gelderse Courant"): each word capitalised (an ASCII capital, or
 * a Latin-1 one: 0xC3 and 0x80..0x9E) or a particle or a word for "and",
 * and at least two capitalised. */
static int names_only(const char *s, size_t len)
{
    static const char *const small[] = {
        "de", "del", "della", "der", "den", "van", "von", "du", "da", "di", "do", "dos", "das",
        "la", "le", "y", "e", "et", "und", "en", "and", "og", "och",
    };
    unsigned capitals = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && strchr(" ,|/&", s[i]))
            i++;
        size_t start = i;
        while (i < len && !strchr(" ,|/&", s[i]))
            i++;
        if (i == start)
            break;
        unsigned char c = (unsigned char)s[start];
        if ((c >= 'A' && c <= 'Z') || (c == 0xC3 && start + 1 < i && (unsigned char)s[start + 1] <= 0x9E))
            capitals++;
        else if (!matches_word_list(s + start, i - start, small, COUNT(small)))
            return 0;
    }
    return capitals >= 2;
}

/* "Von Anna M\xc3\xbcller, Donau-Kurier", "di Giulia Ferrari": a byline in
 * German, French, Spanish, Portuguese, Italian, Dutch, Swedish or Danish,
 * whose openers also start sentences ("Par ailleurs", "Door de regen"):
 * names must follow. */
static int byline_named(const line *l)
{
    static const char *const openers[] = { "von ", "par ", "por ", "di ", "door ", "av ", "af " };
    if (l->words > 8)
        return 0;
    for (size_t k = 0; k < COUNT(openers); k++) {
        size_t n = strlen(openers[k]);
        if (tu_starts_ci(l->s, l->len, openers[k]))
            return names_only(l->s + n, l->len - n);
    }
    return 0;
}

void bp_scan_header(doc *d)
{
    for (size_t i = 0; i < d->n_lines; i++) {
        line *l = &d->lines[i];
        if (l->kind == LK_BODY && body_like(l)) {
            meta_from_dateline(d, l->s, l->len);
            return;
        }
        if (l->kind == LK_TITLE || l->words > 20)
            continue;
        char date[11];
        size_t ds, de;
        int dated = date_find(l->s, l->len, date, &ds, &de);
        if (dated && alpha_words(l->s, ds) + alpha_words(l->s + de, l->len - de) <= 6) {
            /* a line that is mostly its date: a dateline of the page,
             * unless it says when the page was fetched */
            if (!bp_fetch_date(l->s, ds))
                doc_offer_date(d, date, 2);
            if (l->kind == LK_BODY || l->kind == LK_HEADER)
                l->kind = LK_META;
        } else if (l->kind == LK_BODY && !l->terminal && (((l->words <= 8 || dated) && byline(l, dated)) || byline_named(l))) {
            l->kind = LK_META; /* byline, perhaps with the date ("Par X, publié le 12 mars 2025") */
            if (dated)
                doc_offer_date(d, date, 2);
        } else if (l->kind == LK_BODY && partial_date_line(l)) {
            l->kind = LK_META;
            uint16_t code;
            if (!d->month_day && date_day_mentions(l->s, l->len, &code, 1))
                d->month_day = (code >> 5) * 100 + (code & 31);
        }
    }
}


/* The fields of a header block, as text exports and crawlers write them
 * above an article ("Title: ...", "Date: ...", "URL: ..."), by what each
 * gives (doc.h's header_field). */
static const struct {
    const char *key; /* lowercase, without its colon */
    unsigned char field;
} header_keys[] = {
    { "title", HF_TITLE }, { "headline", HF_TITLE }, { "date", HF_DATE }, { "published", HF_DATE },
    { "publication date", HF_DATE }, { "pubdate", HF_DATE }, { "posted", HF_DATE }, { "updated", HF_DATE },
    { "url", HF_URL }, { "link", HF_URL }, { "canonical", HF_URL }, { "permalink", HF_URL },
    { "source", HF_SOURCE }, { "publisher", HF_SOURCE }, { "site", HF_SOURCE }, { "outlet", HF_SOURCE },
    { "author", HF_OTHER }, { "authors", HF_OTHER }, { "byline", HF_OTHER }, { "by", HF_OTHER },
    { "section", HF_OTHER }, { "category", HF_OTHER }, { "categories", HF_OTHER }, { "tags", HF_OTHER },
    { "keywords", HF_OTHER }, { "topics", HF_OTHER }, { "language", HF_OTHER }, { "lang", HF_OTHER },
    { "id", HF_OTHER }, { "location", HF_OTHER },
};

int boilerplate_header_key(const char *key, size_t n)
{
    for (size_t k = 0; k < COUNT(header_keys); k++)
        if (word_is(key, n, header_keys[k].key))
            return header_keys[k].field;
    return -1;
}

/* The header field the line is ("Title: Port reopens"): what it gives
 * (boilerplate_header_key) with *value the text after the colon, or -1. */
static int header_field(const line *l, const char **value, size_t *value_len)
{
    const char *colon = memchr(l->s, ':', l->len < 20 ? l->len : 20);
    if (!colon)
        return -1;
    size_t n = (size_t)(colon - l->s);
    int field = boilerplate_header_key(l->s, n);
    if (field >= 0) {
        *value = colon + 1;
        *value_len = l->len - n - 1;
        while (*value_len && **value == ' ')
            (*value)++, (*value_len)--;
    }
    return field;
}

/* A header block from line `from`: lines that are each a field of
 * header_keys (one alone: not a date's or a source's).  Its title (when
 * none is given), date, URL and source are the article's; its lines are
 * the title's and metadata.  returns: how many lines it holds. */
static size_t header_block_at(doc *d, size_t from, int have_title)
{
    size_t n = 0;
    const char *value;
    size_t value_len;
    int first = -1;
    while (from + n < d->n_lines && d->lines[from + n].block == d->lines[from].block) {
        int field = header_field(&d->lines[from + n], &value, &value_len);
        if (field < 0)
            break;
        if (!n)
            first = field;
        n++;
    }
    /* a lone "Date:" or "Source:" line is left to the cues, as before */
    if (n == 0 || (n == 1 && (first == HF_DATE || first == HF_SOURCE)))
        return 0;
    for (size_t i = from; i < from + n; i++) {
        line *l = &d->lines[i];
        int field = header_field(l, &value, &value_len);
        char date[11];
        size_t ds, de;
        l->kind = LK_META;
        switch (field) {
        case HF_TITLE:
            if (!have_title && !d->title && value_len) {
                d->title = arena_strndup(d->arena, value, value_len);
                l->kind = LK_TITLE;
            }
            break;
        case HF_DATE:
            if (date_find(value, value_len, date, &ds, &de))
                doc_offer_date(d, date, 1);
            break;
        case HF_URL:
            if (!d->url && value_len && !memchr(value, ' ', value_len))
                d->url = arena_strndup(d->arena, value, value_len);
            break;
        case HF_SOURCE:
            if (!d->source && value_len)
                d->source = meta_tidy_source(d->arena, value, value_len);
            break;
        default:
            break;
        }
    }
    return n;
}

/* A header block at the top of the text (header_block_at), after the
 * page's address when the text opens with it alone on its line, as texts
 * saved with their URL are.  returns: how many lines they take. */
size_t bp_header_block(doc *d, int have_title)
{
    const line *l = &d->lines[0];
    if (d->n_lines > 1 && l->len > 8 && !memchr(l->s, ' ', l->len) &&
        (tu_starts_ci(l->s, l->len, "http://") || tu_starts_ci(l->s, l->len, "https://"))) {
        d->url = arena_strndup(d->arena, l->s, l->len);
        d->lines[0].kind = LK_META;
        return 1 + header_block_at(d, 1, have_title);
    }
    return d->n_lines ? header_block_at(d, 0, have_title) : 0;
}
