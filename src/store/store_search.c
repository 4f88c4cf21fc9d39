/*
 * store_search: the stored articles found by words (`newsprint serve`'s
 * search).  A query is read as a web search reads it and written in
 * FTS5's syntax for the database's search table, or, in a database made
 * without FTS5, as substrings of the title and body with the same reading
 * of OR, "phrases" and -word.  store_group.c reads the rest back.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/buf.h"
#include "common/jsonw.h"
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

/* A term kept from the query: a word or phrase with its group (the
 * terms OR joins are one group, every group must match), or one left
 * out. */
typedef struct read_term {
    const char *s;
    size_t len;
    size_t group;
    int negative;
} read_term;

static np_status push_term(buf *terms, const search_term *t, size_t group)
{
    read_term r = { t->s, t->len, group, t->negative };
    return buf_append(terms, &r, sizeof r);
}

/* The query's terms into terms (read_term items), as a web search reads
 * them; *groups: how many groups of words to find. */
static np_status search_read(const char *query, buf *terms, size_t *groups)
{
    np_status st = NP_OK;
    search_term t, op, next;
    const char *p = query;
    *groups = 0;
    int have = search_next(&p, &t);
    while (have && st == NP_OK) {
        if (t.negative) {
            st = push_term(terms, &t, 0);
            have = search_next(&p, &t);
            continue;
        }
        /* t, and each word or phrase an OR joins to it */
        size_t group = (*groups)++;
        st = push_term(terms, &t, group);
        for (;;) {
            const char *after_op = p, *after_next;
            if (!search_next(&after_op, &op) || !op.or_word)
                break;
            after_next = after_op;
            if (!search_next(&after_next, &next) || next.negative || next.or_word)
                break;
            if (st == NP_OK)
                st = push_term(terms, &next, group);
            p = after_next;
        }
        have = search_next(&p, &t);
    }
    return st;
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

/* The terms (n of them, in `groups` groups) as FTS5 syntax into out */
static np_status search_fts_query(const read_term *terms, size_t n, size_t groups, buf *out)
{
    buf left_out, group;
    buf_init(&left_out, NULL);
    buf_init(&group, NULL);
    np_status st = NP_OK;
    for (size_t i = 0; i < n && st == NP_OK; i++)
        if (terms[i].negative)
            st = search_quoted(&left_out, " NOT ", terms[i].s, terms[i].len);
    for (size_t g = 0; g < groups && st == NP_OK; g++) {
        buf_clear(&group);
        size_t grouped = 0;
        for (size_t i = 0; i < n && st == NP_OK; i++)
            if (!terms[i].negative && terms[i].group == g) {
                st = search_quoted(&group, " OR ", terms[i].s, terms[i].len);
                grouped++;
            }
        if (st == NP_OK && out->len)
            st = buf_puts(out, " AND ");
        if (st == NP_OK)
            st = buf_puts(out, grouped > 1 ? "(" : "");
        if (st == NP_OK)
            st = buf_append(out, group.data, group.len);
        if (st == NP_OK)
            st = buf_puts(out, grouped > 1 ? ")" : "");
    }
    /* NOT binds before AND: "a" AND "b" NOT "c" NOT "d" leaves both out */
    if (st == NP_OK && out->len && left_out.len && (st = buf_puts(out, " NOT ")) == NP_OK)
        st = buf_append(out, left_out.data, left_out.len);
    buf_free(&left_out);
    buf_free(&group);
    return st;
}

/* A database without FTS5: the same terms as substrings of the title or
 * the body, through LIKE (ASCII letters alike in either case; nothing
 * stemmed).  The body is stored as a JSON array (store_json_strings), so a
 * term is looked for there as that JSON writes it. */
static const char like_term[] =
    "(title LIKE ? ESCAPE '!' OR paragraphs LIKE ? ESCAPE '!' OR paragraphs LIKE ? ESCAPE '!')";

/* s[0..len) as a LIKE pattern onto b: %s%, its %, _ and ! escaped */
static np_status like_pattern(buf *b, const char *s, size_t len)
{
    np_status st = buf_putc(b, '%');
    for (size_t i = 0; i < len && st == NP_OK; i++) {
        if (s[i] == '%' || s[i] == '_' || s[i] == '!')
            st = buf_putc(b, '!');
        if (st == NP_OK)
            st = buf_putc(b, s[i]);
    }
    return st == NP_OK ? buf_putc(b, '%') : st;
}

/* The term's letters and digits from the first to the last: FTS5 reads
 * no punctuation around a word ("strike," "(port)" "Harborton%"). */
static void like_trim(const char *s, size_t len, size_t *from, size_t *to)
{
    *from = *to = 0;
    int seen = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        int word = !n || tu_is_wordchar(cp); /* not UTF-8: kept */
        n = n ? n : 1;
        if (word) {
            *from = seen ? *from : i;
            *to = i + n;
            seen = 1;
        }
        i += n;
    }
}

/* Binds the patterns of a term to q's parameters from *k: in the title,
 * and in the body as the JSON of the stored paragraphs writes it, its
 * UTF-8 as it is (json_put_string), or \u-escaped, as databases made
 * before wrote it. */
static np_status like_bind(sqlite3_stmt *q, int *k, const read_term *t)
{
    buf title, body, body_ascii, written;
    buf_init(&title, NULL);
    buf_init(&body, NULL);
    buf_init(&body_ascii, NULL);
    buf_init(&written, NULL);
    size_t from, to;
    like_trim(t->s, t->len, &from, &to);
    json_t *text = json_stringn_nocheck(t->s + from, to - from);
    char *ascii = text ? json_dumps(text, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
    char *plain = np_strndup(NULL, t->s + from, to - from);
    np_status st = ascii && plain ? json_put_string(&written, plain) : NP_ENOMEM;
    if (st == NP_OK)
        st = like_pattern(&title, t->s + from, to - from);
    if (st == NP_OK) /* inside the JSON strings' quotes */
        st = like_pattern(&body, written.data + 1, written.len - 2);
    if (st == NP_OK)
        st = like_pattern(&body_ascii, ascii + 1, strlen(ascii) - 2);
    if (st == NP_OK) {
        sqlite3_bind_text(q, (*k)++, title.data, (int)title.len, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, (*k)++, body.data, (int)body.len, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, (*k)++, body_ascii.data, (int)body_ascii.len, SQLITE_TRANSIENT);
    }
    np_free(NULL, plain);
    free(ascii);
    json_decref(text);
    buf_free(&title);
    buf_free(&body);
    buf_free(&body_ascii);
    buf_free(&written);
    return st;
}

/* The terms as a LIKE search, prepared into *q with its patterns bound and
 * the limit at *limit_at. */
static np_status search_like(store *s, const read_term *terms, size_t n, size_t groups, sqlite3_stmt **q,
                             int *limit_at)
{
    buf sql;
    buf_init(&sql, NULL);
    np_status st = buf_puts(&sql, "SELECT id FROM articles WHERE ");
    for (size_t g = 0; g < groups && st == NP_OK; g++) {
        st = buf_puts(&sql, g ? " AND (" : "(");
        size_t in_group = 0;
        for (size_t i = 0; i < n && st == NP_OK; i++)
            if (!terms[i].negative && terms[i].group == g && (st = buf_puts(&sql, in_group++ ? " OR " : "")) == NP_OK)
                st = buf_puts(&sql, like_term);
        if (st == NP_OK)
            st = buf_putc(&sql, ')');
    }
    for (size_t i = 0; i < n && st == NP_OK; i++)
        if (terms[i].negative && (st = buf_puts(&sql, " AND NOT ")) == NP_OK)
            st = buf_puts(&sql, like_term);
    if (st == NP_OK)
        st = buf_puts(&sql, " ORDER BY seq LIMIT ?");
    if (st == NP_OK)
        st = buf_putc(&sql, '\0');
    if (st != NP_OK) {
        buf_free(&sql);
        return store_fail(s, st, "out of memory");
    }
    st = store_prepare(s, sql.data, q);
    buf_free(&sql);
    *limit_at = 1;
    /* the group's terms in the order the SQL names them */
    for (size_t g = 0; g < groups && st == NP_OK; g++)
        for (size_t i = 0; i < n && st == NP_OK; i++)
            if (!terms[i].negative && terms[i].group == g)
                st = like_bind(*q, limit_at, &terms[i]);
    for (size_t i = 0; i < n && st == NP_OK; i++)
        if (terms[i].negative)
            st = like_bind(*q, limit_at, &terms[i]);
    if (st == NP_ENOMEM)
        st = store_fail(s, st, "out of memory");
    return st;
}

np_status store_search(store *s, const char *query, size_t limit, store_id_fn fn, void *arg)
{
    sqlite3_stmt *q = NULL;
    buf terms_buf;
    buf_init(&terms_buf, NULL);
    size_t groups = 0;
    np_status st = search_read(query, &terms_buf, &groups);
    const read_term *terms = (const read_term *)terms_buf.data;
    size_t n = terms_buf.len / sizeof *terms;
    int limit_at = 2;
    if (st != NP_OK) {
        st = store_fail(s, st, "out of memory");
    } else if (!groups) {
        st = n ? store_fail(s, NP_EPARAM, "every word is left out (-word): give a word to find too") : NP_DONE;
    } else if (s->has_search) {
        buf words;
        buf_init(&words, NULL);
        st = search_fts_query(terms, n, groups, &words);
        if (st != NP_OK)
            st = store_fail(s, st, "out of memory");
        else
            /* bm25 ranks the last STORE_SEARCH_RANKED matches stored (or twice
             * limit): FTS5 found every match of a common word in its
             * postings at once, but ranked them all, 0.07 s of CPU for
             * "the" at 20,000 articles, growing with the database */
            st = store_prepare(s, "SELECT a.id FROM search JOIN articles a ON a.seq = search.rowid "
                               "WHERE search MATCH ?1 AND search.rowid >= coalesce((SELECT rowid FROM search "
                               "WHERE search MATCH ?1 ORDER BY rowid DESC LIMIT 1 OFFSET ?3), 0) "
                               "ORDER BY rank LIMIT ?2", &q);
        if (st == NP_OK)
            sqlite3_bind_int64(q, 3, (sqlite3_int64)(limit > STORE_SEARCH_RANKED / 2 ? 2 * limit : STORE_SEARCH_RANKED) - 1);
        if (st == NP_OK)
            sqlite3_bind_text(q, 1, words.data, (int)words.len, SQLITE_TRANSIENT);
        buf_free(&words);
    } else {
        st = search_like(s, terms, n, groups, &q, &limit_at);
    }
    buf_free(&terms_buf);
    if (st != NP_OK) {
        sqlite3_finalize(q);
        return st == NP_DONE ? NP_OK : st; /* no term: nothing found */
    }
    sqlite3_bind_int64(q, limit_at, (sqlite3_int64)limit);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (fn((const char *)sqlite3_column_text(q, 0), arg) != 0)
            break;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        st = store_db_fail(s, "searching");
    sqlite3_finalize(q);
    return st;
}
