/*
 * store_search: the stored articles found by words (`newsprint serve`'s
 * search).  A query is read as a web search reads it and written in
 * FTS5's syntax for the database's search table; a database made without
 * FTS5 is searched by substring.  store_group.c reads the rest back.
 */
#include <sqlite3.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "store/store_internal.h"
#include "text/textutil.h"

/* A search as a web search reads it, in FTS5's syntax: every word must
 * occur; OR between two words or phrases takes either, and groups before
 * the words around it (a b OR c: a, and b or c); "a phrase" its words in
 * that order; -word or -"a phrase" none of it.  Each word and phrase is
 * quoted (its quotes doubled), so nothing else in a query (punctuation,
 * a lower-case or, AND, NEAR, column:) is FTS5's syntax. */
typedef struct search_term {
    const char *s;   /* the word, or the phrase inside its quotes */
    size_t len;
    int negative;    /* opened with '-' */
    int or_word;     /* a bare OR */
} search_term;

static int search_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether s[0..len) holds a letter, mark or digit: a term of none (an
 * "&", a dash, "!!") is no word to FTS5, and a phrase of no word matches
 * no article, so "port & strike" found nothing. */
static int search_has_word(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (!n)
            return 1; /* not UTF-8 (the server refuses it): left to FTS5 */
        if (tu_is_wordchar(cp))
            return 1;
        i += n;
    }
    return 0;
}

/* The term at *p into *t, *p past it (an empty phrase, or a term of no
 * letter or digit, is none).  returns: 0 at the end of the query */
static int search_next(const char **p, search_term *t)
{
    for (;;) {
        const char *c = *p;
        while (search_blank(*c))
            c++;
        if (!*c)
            return 0;
        t->negative = c[0] == '-' && c[1] && !search_blank(c[1]);
        c += t->negative;
        int phrase = *c == '"';
        if (phrase) {
            const char *close = strchr(c + 1, '"'); /* unclosed: to the end */
            t->s = c + 1;
            t->len = close ? (size_t)(close - t->s) : strlen(t->s);
            *p = close ? close + 1 : t->s + t->len;
        } else {
            size_t len = 0;
            while (c[len] && !search_blank(c[len]))
                len++;
            t->s = c;
            t->len = len;
            *p = c + len;
        }
        t->or_word = !phrase && !t->negative && t->len == 2 && memcmp(t->s, "OR", 2) == 0;
        if (search_has_word(t->s, t->len))
            return 1;
    }
}

/* s[0..len) as an FTS5 string onto b, after sep when b holds a term */
static np_status search_quoted(buf *b, const char *sep, const char *s, size_t len)
{
    np_status st = b->len ? buf_puts(b, sep) : NP_OK;
    if (st == NP_OK)
        st = buf_putc(b, '"');
    for (size_t i = 0; i < len && st == NP_OK; i++)
        st = s[i] == '"' ? buf_puts(b, "\"\"") : buf_putc(b, s[i]);
    return st == NP_OK ? buf_putc(b, '"') : st;
}

/* query as FTS5 syntax into out (empty: no term); *only_left_out: every
 * term was a -word */
static np_status search_fts_query(const char *query, buf *out, int *only_left_out)
{
    buf left_out, group;
    buf_init(&left_out, NULL);
    buf_init(&group, NULL);
    np_status st = NP_OK;
    search_term t, op, next;
    const char *p = query;
    int have = search_next(&p, &t);
    while (have && st == NP_OK) {
        if (t.negative) {
            st = search_quoted(&left_out, " NOT ", t.s, t.len);
            have = search_next(&p, &t);
            continue;
        }
        /* t, and each word or phrase an OR joins to it */
        buf_clear(&group);
        size_t grouped = 1;
        st = search_quoted(&group, "", t.s, t.len);
        for (;;) {
            const char *after_op = p, *after_next;
            if (!search_next(&after_op, &op) || !op.or_word)
                break;
            after_next = after_op;
            if (!search_next(&after_next, &next) || next.negative || next.or_word)
                break;
            if (st == NP_OK)
                st = search_quoted(&group, " OR ", next.s, next.len);
            grouped++;
            p = after_next;
        }
        if (st == NP_OK && out->len)
            st = buf_puts(out, " AND ");
        if (st == NP_OK)
            st = buf_puts(out, grouped > 1 ? "(" : "");
        if (st == NP_OK)
            st = buf_append(out, group.data, group.len);
        if (st == NP_OK)
            st = buf_puts(out, grouped > 1 ? ")" : "");
        have = search_next(&p, &t);
    }
    *only_left_out = !out->len && left_out.len;
    /* NOT binds before AND: "a" AND "b" NOT "c" NOT "d" leaves both out */
    if (st == NP_OK && out->len && left_out.len && (st = buf_puts(out, " NOT ")) == NP_OK)
        st = buf_append(out, left_out.data, left_out.len);
    buf_free(&left_out);
    buf_free(&group);
    return st;
}

np_status store_search(store *s, const char *query, size_t limit, store_id_fn fn, void *arg)
{
    sqlite3_stmt *q;
    np_status st;
    int fts = s->has_search;
    if (fts) {
        buf words;
        buf_init(&words, NULL);
        int only_left_out = 0;
        st = search_fts_query(query, &words, &only_left_out);
        if (st != NP_OK || !words.len) {
            buf_free(&words);
            if (st != NP_OK)
                return store_fail(s, st, "out of memory");
            return only_left_out ? store_fail(s, NP_EPARAM, "every word is left out (-word): give a word to find too")
                                 : NP_OK;
        }
        st = store_prepare(s, "SELECT a.id FROM search JOIN articles a ON a.seq = search.rowid "
                        "WHERE search MATCH ? ORDER BY rank LIMIT ?", &q);
        if (st == NP_OK)
            sqlite3_bind_text(q, 1, words.data, (int)words.len, SQLITE_TRANSIENT);
        buf_free(&words);
    } else {
        st = store_prepare(s, "SELECT id FROM articles WHERE title LIKE '%' || ?1 || '%' "
                        "OR paragraphs LIKE '%' || ?1 || '%' ORDER BY seq LIMIT ?2", &q);
        if (st == NP_OK)
            sqlite3_bind_text(q, 1, query, -1, SQLITE_STATIC);
    }
    if (st != NP_OK)
        return st;
    sqlite3_bind_int64(q, 2, (sqlite3_int64)limit);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (fn((const char *)sqlite3_column_text(q, 0), arg) != 0)
            break;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        st = store_db_fail(s, "searching");
    sqlite3_finalize(q);
    return st;
}
