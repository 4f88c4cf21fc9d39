/* output: an answer (articles, stories, storylines) as text, JSON, JSONL
 * or CSV -- the one writer behind `cluster` and `stories`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/parallel.h"
#include "store/view.h"

static np_status put_number(buf *b, double v)
{
    if (v < 0)
        return buf_puts(b, "null");
    return json_put_fixed3(b, v);
}

/* v in decimal at the end of out[0..24), returning where it starts
 * (printf's %zu, without its cost for every article) */
static char *decimal(char out[24], size_t v)
{
    char *p = out + 24;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    return p;
}

static np_status put_uint(buf *b, size_t v)
{
    char digits[24];
    const char *p = decimal(digits, v);
    return buf_append(b, p, (size_t)(digits + 24 - p));
}

static np_status put_label(buf *b, char prefix, size_t index)
{
    if (index == NP_NO_STORY) /* a copies-only answer */
        return buf_puts(b, "null");
    char label[28];
    char *p = decimal(label + 2, index + 1);
    *--p = prefix;
    *--p = '"';
    label[26] = '"';
    return buf_append(b, p, (size_t)(label + 27 - p));
}

static np_status put_article_json(buf *b, const np_result *r, int explain)
{
    np_status st = buf_putc(b, '{');
#define KEY(k, first) do { if (st == NP_OK) st = JSON_PUT_LITERAL_KEY(b, k, (first)); } while (0)
#define STR(s) do { if (st == NP_OK) st = json_put_string(b, (s)); } while (0)
#define RUN(expr) do { if (st == NP_OK) st = (expr); } while (0)
    KEY("id", 1); STR(r->id);
    KEY("title", 0); STR(r->title);
    KEY("date", 0); STR(r->date);
    KEY("source", 0); STR(r->source);
    KEY("lang", 0); STR(r->lang);
    KEY("words", 0); RUN(put_uint(b, r->words));
    KEY("story", 0); RUN(put_label(b, 's', r->story));
    KEY("storyline", 0); RUN(put_label(b, 'l', r->storyline));
    KEY("relation", 0); STR(r->relation);
    KEY("copy_of", 0); STR(r->copy_of);
    KEY("score", 0); RUN(put_number(b, r->score));
    if (explain) {
        KEY("evidence", 0);
        if (r->copy_of) {
            RUN(buf_puts(b, "{\"jaccard\":"));
            RUN(put_number(b, r->jaccard));
            RUN(buf_puts(b, ",\"containment\":"));
            RUN(put_number(b, r->containment));
            int aligned = result_aligned_measured(r); /* else null: put_number's for "none" */
            RUN(buf_puts(b, ",\"aligned\":"));
            RUN(put_number(b, aligned ? r->aligned : -1));
            RUN(buf_puts(b, ",\"in_order\":"));
            RUN(put_number(b, aligned ? r->ordered : -1));
            RUN(buf_puts(b, ",\"shared_sentences\":"));
            RUN(put_uint(b, r->shared_sentences));
            RUN(buf_putc(b, '}'));
        } else {
            RUN(buf_puts(b, "null"));
        }
    }
    RUN(buf_putc(b, '}'));
#undef KEY
#undef STR
#undef RUN
    return st;
}

/* A field a spreadsheet would read as a formula (it opens with =, +, -, @,
 * a tab or a carriage return: a title '=HYPERLINK(...)' is run by Excel
 * and LibreOffice when the file is opened) is quoted and opens with a
 * single quote, which the spreadsheet shows as text (OWASP, CSV
 * injection).  Every other field is as it was. */
np_status csv_put_field(buf *b, const char *s)
{
    if (!s)
        return NP_OK;
    int formula = *s && strchr("=+-@\t\r", *s);
    if (!formula && !strpbrk(s, ",\"\n\r"))
        return buf_puts(b, s);
    np_status st = buf_putc(b, '"');
    if (formula && st == NP_OK)
        st = buf_putc(b, '\'');
    for (const char *p = s; *p && st == NP_OK; p++)
        st = *p == '"' ? buf_puts(b, "\"\"") : buf_putc(b, *p);
    if (st == NP_OK)
        st = buf_putc(b, '"');
    return st;
}

static np_status put_article_csv(buf *b, const np_result *r)
{
    char num[64];
    np_status st = csv_put_field(b, r->id);
    const char *fields[] = { r->title, r->date, r->source, r->lang };
    for (size_t i = 0; i < 4 && st == NP_OK; i++)
        if ((st = buf_putc(b, ',')) == NP_OK)
            st = csv_put_field(b, fields[i]);
    if (r->story == NP_NO_STORY)
        snprintf(num, sizeof num, ",%zu,,,", r->words);
    else
        snprintf(num, sizeof num, ",%zu,s%zu,l%zu,", r->words, r->story + 1, r->storyline + 1);
    if (st == NP_OK)
        st = buf_puts(b, num);
    if (st == NP_OK)
        st = buf_puts(b, r->relation);
    if (st == NP_OK)
        st = buf_putc(b, ',');
    if (st == NP_OK)
        st = csv_put_field(b, r->copy_of);
    if (st == NP_OK)
        st = buf_putc(b, ',');
    if (st == NP_OK && r->score >= 0) {
        snprintf(num, sizeof num, "%.3f", r->score);
        st = buf_puts(b, num);
    }
    if (st == NP_OK)
        st = buf_putc(b, '\n');
    return st;
}

const char *story_dates_text(char *out, size_t cap, const char *first, const char *last, size_t n_undated)
{
    int n;
    if (!first && !last)
        return snprintf(out, cap, "undated"), out;
    if (first && last && strcmp(first, last) != 0)
        n = snprintf(out, cap, "%s .. %s", first, last);
    else
        n = snprintf(out, cap, "%s", first ? first : last);
    if (n_undated && n >= 0 && (size_t)n < cap)
        snprintf(out + n, cap - (size_t)n, " (%zu undated)", n_undated);
    return out;
}

static np_status put_story_text(buf *b, const answer *ans, size_t s, int explain)
{
    const answer_story *as = &ans->stories[s];
    const np_story story = as->story;
    const char *const *kw = as->keywords;
    size_t n_kw = as->n_keywords;
    np_status st;
    char line[512], dates[64];
    snprintf(line, sizeof line, "Story s%zu (storyline l%zu): %zu article%s, %s\n", s + 1,
             story.storyline + 1, story.n_articles, story.n_articles == 1 ? "" : "s",
             story_dates_text(dates, sizeof dates, story.first_date, story.last_date,
                              answer_story_undated(ans, s)));
    st = buf_puts(b, line);
    if (st == NP_OK)
        st = buf_puts(b, "  ");
    if (st == NP_OK)
        st = story_name_put(b, ans, s);
    if (st == NP_OK)
        st = buf_puts(b, "\n  keywords:");
    for (size_t k = 0; k < n_kw && st == NP_OK; k++) {
        st = buf_putc(b, ' ');
        if (st == NP_OK)
            st = buf_puts(b, kw[k]);
    }
    if (st == NP_OK)
        st = buf_putc(b, '\n');
    for (size_t i = 0; i < story.n_articles && st == NP_OK; i++) {
        const np_result r = ans->results[as->members[i]];
        const char *indent = r.copy_of ? "      " : "    ";
        if (r.copy_of)
            snprintf(line, sizeof line, "%s%-10s %-8s of %s (%.2f)  ", indent, r.date ? r.date : "-",
                     r.relation, r.copy_of, r.score);
        else
            snprintf(line, sizeof line, "%s%-10s %-8s ", indent, r.date ? r.date : "-", r.relation);
        st = buf_puts(b, line);
        if (st == NP_OK)
            st = buf_puts(b, r.id);
        if (st == NP_OK)
            st = buf_puts(b, "  ");
        if (st == NP_OK)
            st = article_name_put(b, r.title, r.lead);
        if (st == NP_OK)
            st = buf_putc(b, '\n');
        if (st == NP_OK && explain && r.copy_of) {
            char evidence[200];
            snprintf(line, sizeof line, "%s    evidence: %s\n", indent, evidence_text(evidence, sizeof evidence, &r));
            st = buf_puts(b, line);
        }
    }
    if (st == NP_OK)
        st = buf_putc(b, '\n');
    return st;
}

static np_status put_story_json(buf *b, const answer *ans, size_t s)
{
    const answer_story *as = &ans->stories[s];
    const np_story story = as->story;
    const char *const *kw = as->keywords;
    size_t n_kw = as->n_keywords;
    const np_result first = ans->results[as->members[0]];
    np_status st = buf_puts(b, "{\"id\":");
    if (st == NP_OK)
        st = put_label(b, 's', s);
    if (st == NP_OK)
        st = buf_puts(b, ",\"storyline\":");
    if (st == NP_OK)
        st = put_label(b, 'l', story.storyline);
    if (st == NP_OK)
        st = json_put_key(b, "title", 0);
    if (st == NP_OK)
        st = json_put_string(b, story.title);
    if (st == NP_OK)
        st = json_put_key(b, "first_date", 0);
    if (st == NP_OK)
        st = json_put_string(b, story.first_date);
    if (st == NP_OK)
        st = json_put_key(b, "last_date", 0);
    if (st == NP_OK)
        st = json_put_string(b, story.last_date);
    if (st == NP_OK) {
        char undated[48];
        snprintf(undated, sizeof undated, ",\"undated\":%zu", answer_story_undated(ans, s));
        st = buf_puts(b, undated);
    }
    if (st == NP_OK)
        st = json_put_key(b, "original", 0);
    if (st == NP_OK)
        st = json_put_string(b, first.id);
    if (st == NP_OK)
        st = buf_puts(b, ",\"articles\":[");
    for (size_t i = 0; i < story.n_articles && st == NP_OK; i++) {
        if (i)
            st = buf_putc(b, ',');
        if (st == NP_OK)
            st = json_put_string(b, ans->results[as->members[i]].id);
    }
    if (st == NP_OK)
        st = buf_puts(b, "],\"keywords\":[");
    for (size_t k = 0; k < n_kw && st == NP_OK; k++) {
        if (k)
            st = buf_putc(b, ',');
        if (st == NP_OK)
            st = json_put_string(b, kw[k]);
    }
    if (st == NP_OK)
        st = buf_puts(b, "]}");
    return st;
}

static np_status put_storylines_json(buf *b, const answer *ans, const unsigned char *keep)
{
    np_status st = buf_puts(b, "\"storylines\":[");
    size_t n_lines = ans->n_storylines, n_stories = ans->n_stories, n_put = 0;
    unsigned char *shown = NULL;
    if (keep) { /* a storyline none of whose stories is kept is left out */
        shown = calloc(n_lines + 1, 1);
        if (!shown)
            return NP_ENOMEM;
        for (size_t s = 0; s < n_stories; s++)
            if (keep[s] && ans->stories[s].story.storyline < n_lines)
                shown[ans->stories[s].story.storyline] = 1;
    }
    for (size_t l = 0; l < n_lines && st == NP_OK; l++) {
        if (shown && !shown[l])
            continue;
        st = buf_puts(b, n_put++ ? ",\n{\"id\":" : "\n{\"id\":");
        if (st == NP_OK)
            st = put_label(b, 'l', l);
        if (st == NP_OK)
            st = buf_puts(b, ",\"stories\":[");
        int first = 1;
        for (size_t s = 0; s < n_stories && st == NP_OK; s++) {
            if (ans->stories[s].story.storyline != l || (keep && !keep[s]))
                continue;
            if (!first)
                st = buf_putc(b, ',');
            first = 0;
            if (st == NP_OK)
                st = put_label(b, 's', s);
        }
        if (st == NP_OK)
            st = buf_puts(b, "]}");
    }
    if (st == NP_OK)
        st = buf_puts(b, n_put ? "\n]" : "]");
    free(shown);
    return st;
}

/* JSONL lines made in shares of JSONL_SHARE articles on the threads, a
 * round of shares at a time, written in order after each round: the bytes
 * one thread writes, with one round's lines held. */
enum { JSONL_SHARE = 1024, JSONL_MAX_SHARES = 16 };

typedef struct jsonl_share {
    const answer *ans;
    const unsigned char *keep;
    int explain;
    size_t from, to;
    buf b;
    np_status st;
} jsonl_share;

static void *jsonl_of_share(void *arg)
{
    jsonl_share *sh = arg;
    buf_clear(&sh->b);
    sh->st = NP_OK;
    for (size_t i = sh->from; i < sh->to && sh->st == NP_OK; i++) {
        const np_result *r = &sh->ans->results[i];
        if (sh->keep && !sh->keep[r->story])
            continue;
        sh->st = put_article_json(&sh->b, r, sh->explain);
        if (sh->st == NP_OK)
            sh->st = buf_putc(&sh->b, '\n');
    }
    return NULL;
}

/* returns: 0, or 1 when writing failed (reported) */
static int jsonl_write_shared(const answer *ans, int explain, const unsigned char *keep, sink *out,
                              size_t threads)
{
    size_t n = ans->n_results, shares = threads < JSONL_MAX_SHARES ? threads : JSONL_MAX_SHARES;
    jsonl_share sh[JSONL_MAX_SHARES];
    for (size_t t = 0; t < shares; t++) {
        sh[t] = (jsonl_share){ .ans = ans, .keep = keep, .explain = explain };
        buf_init(&sh[t].b, NULL);
    }
    parallel_pool *pool = parallel_pool_new(shares); /* NULL: threads of their own */
    int failed = 0;
    for (size_t i = 0; i < n && !failed;) {
        size_t k = 0;
        for (; k < shares && i < n; k++) {
            sh[k].from = i;
            sh[k].to = i = n - i < JSONL_SHARE ? n : i + JSONL_SHARE;
        }
        parallel_pool_run(pool, jsonl_of_share, sh, k, sizeof *sh);
        for (size_t t = 0; t < k && !failed; t++) {
            if (sh[t].st != NP_OK)
                cli_problem("out of memory writing the answer");
            failed = sh[t].st != NP_OK || sink_write(out, &sh[t].b) != 0;
        }
    }
    parallel_pool_free(pool);
    for (size_t t = 0; t < shares; t++)
        buf_free(&sh[t].b);
    return failed;
}

int answer_write(const answer *ans, out_format format, int explain, const unsigned char *keep,
                 sink *out)
{
    return answer_write_on(ans, format, explain, keep, out, 1);
}

int answer_write_on(const answer *ans, out_format format, int explain, const unsigned char *keep,
                    sink *out, size_t threads)
{
    if (format == OUT_JSONL && threads > 1 && ans->n_results > JSONL_SHARE)
        return jsonl_write_shared(ans, explain, keep, out, threads);
    buf b;
    buf_init(&b, NULL);
    np_status st = NP_OK;
    int failed = 0;
    size_t n = ans->n_results, n_stories = ans->n_stories;
#define FLUSH() do { if (st != NP_OK || sink_write(out, &b) != 0) { failed = 1; goto done; } buf_clear(&b); } while (0)
    if (format == OUT_TEXT) {
        for (size_t s = 0; s < n_stories; s++) {
            if (keep && !keep[s])
                continue;
            st = put_story_text(&b, ans, s, explain);
            FLUSH();
        }
    } else if (format == OUT_CSV) {
        st = buf_puts(&b, "id,title,date,source,lang,words,story,storyline,relation,copy_of,score\n");
        FLUSH();
        for (size_t i = 0; i < n; i++) {
            if (keep && !keep[ans->results[i].story])
                continue;
            st = put_article_csv(&b, &ans->results[i]);
            FLUSH();
        }
    } else {
        if (format == OUT_JSON)
            st = buf_puts(&b, "{\"articles\":[");
        int first = 1;
        for (size_t i = 0; i < n; i++) {
            if (keep && !keep[ans->results[i].story])
                continue;
            if (st == NP_OK && format == OUT_JSON) /* each on a line of its own: "[]" for none */
                st = buf_puts(&b, first ? "\n" : ",\n");
            first = 0;
            if (st == NP_OK)
                st = put_article_json(&b, &ans->results[i], explain);
            if (st == NP_OK && format == OUT_JSONL)
                st = buf_putc(&b, '\n');
            FLUSH();
        }
        if (format == OUT_JSON) {
            st = buf_puts(&b, first ? "],\"stories\":[" : "\n],\"stories\":[");
            first = 1;
            for (size_t s = 0; s < n_stories && st == NP_OK; s++) {
                if (keep && !keep[s])
                    continue;
                st = buf_puts(&b, first ? "\n" : ",\n");
                first = 0;
                if (st == NP_OK)
                    st = put_story_json(&b, ans, s);
                FLUSH();
            }
            if (st == NP_OK)
                st = buf_puts(&b, first ? "]," : "\n],");
            if (st == NP_OK)
                st = put_storylines_json(&b, ans, keep);
            if (st == NP_OK)
                st = buf_puts(&b, "}\n");
            FLUSH();
        }
    }
#undef FLUSH
done:
    if (st != NP_OK)
        cli_problem("out of memory writing the answer");
    buf_free(&b);
    return failed;
}

