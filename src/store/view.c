/* view: JSON documents of a stored answer. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "store/view.h"
#include "common/utf8.h"

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *label(char prefix, size_t index)
{
    char text[32];
    snprintf(text, sizeof text, "%c%zu", prefix, index + 1);
    return json_string(text);
}

/* Scores as printed by `cluster`: three decimals. */
static json_t *score(double v)
{
    char text[32];
    if (v < 0)
        return json_null();
    snprintf(text, sizeof text, "%.3f", v);
    return json_real(strtod(text, NULL));
}

/* np_result.lead names an untitled article as its whole first paragraph
 * would: a name cut before the lead ends, with the ellipsis */
_Static_assert(ARTICLE_NAME_BYTES + 4 <= NP_LEAD_BYTES, "a lead shorter than an article's name");

np_status article_name_put(buf *b, const char *title, const char *first_paragraph)
{
    if (title)
        return buf_puts(b, title);
    if (!first_paragraph || !*first_paragraph)
        return buf_puts(b, "Untitled");
    size_t len = strlen(first_paragraph), cut = len;
    if (len > ARTICLE_NAME_BYTES) { /* at a space, so that no character is cut */
        cut = ARTICLE_NAME_BYTES;
        while (cut > 0 && first_paragraph[cut] != ' ')
            cut--;
        while (cut > 0 && strchr(" ,;:", first_paragraph[cut - 1])) /* "at all…", not "at all,…" */
            cut--;
        if (cut == 0) /* one word longer than the name: cut between characters */
            cut = utf8_prefix(first_paragraph, len, ARTICLE_NAME_BYTES);
    }
    np_status st = buf_puts(b, "Untitled: ");
    if (st == NP_OK)
        st = buf_append(b, first_paragraph, cut);
    if (st == NP_OK && cut < len)
        st = buf_puts(b, "\xE2\x80\xA6"); /* … */
    return st;
}

np_status story_name_put(buf *b, const answer *ans, size_t story)
{
    const answer_story *as = &ans->stories[story];
    if (as->story.title)
        return buf_puts(b, as->story.title);
    const np_result *original = as->story.n_articles ? &ans->results[as->members[0]] : NULL;
    if (original && original->lead && *original->lead)
        return article_name_put(b, original->title, original->lead);
    np_status st = buf_puts(b, "Untitled: ");
    for (size_t k = 0; k < as->n_keywords && k < 4 && st == NP_OK; k++) {
        if (k)
            st = buf_puts(b, ", ");
        if (st == NP_OK)
            st = buf_puts(b, as->keywords[k]);
    }
    if (st == NP_OK && !as->n_keywords)
        st = buf_puts(b, original ? original->id : "story");
    return st;
}

int result_aligned_measured(const np_result *r)
{
    return r->copy_of && r->relation && strcmp(r->relation, "rewrite") == 0;
}

const char *evidence_text(char *out, size_t cap, const np_result *r)
{
    char contained[48];
    if (r->containment < 0)
        snprintf(contained, sizeof contained, "n/a (no sentence indexed)");
    else
        snprintf(contained, sizeof contained, "%.2f", r->containment);
    int n = snprintf(out, cap, "jaccard %.2f, shared sentences %zu, containment %s", r->jaccard,
                     r->shared_sentences, contained);
    if (n >= 0 && (size_t)n < cap && result_aligned_measured(r))
        snprintf(out + n, cap - (size_t)n, ", aligned %.2f, in order %.2f", r->aligned, r->ordered);
    return out;
}

json_t *view_result(const answer *a, size_t i)
{
    const np_result *r = &a->results[i];
    json_t *o = json_object();
    if (!o)
        return NULL;
    int bad = 0;
    bad |= json_object_set_new(o, "id", json_string(r->id));
    bad |= json_object_set_new(o, "title", str_or_null(r->title));
    buf name;
    buf_init(&name, NULL);
    bad |= article_name_put(&name, r->title, r->lead) != NP_OK;
    bad |= json_object_set_new(o, "name", bad ? json_null() : json_stringn(name.data, name.len));
    buf_free(&name);
    bad |= json_object_set_new(o, "date", str_or_null(r->date));
    bad |= json_object_set_new(o, "source", str_or_null(r->source));
    bad |= json_object_set_new(o, "lang", str_or_null(r->lang));
    bad |= json_object_set_new(o, "words", json_integer((json_int_t)r->words));
    bad |= json_object_set_new(o, "story", label('s', r->story));
    bad |= json_object_set_new(o, "storyline", label('l', r->storyline));
    bad |= json_object_set_new(o, "relation", json_string(r->relation));
    bad |= json_object_set_new(o, "copy_of", str_or_null(r->copy_of));
    bad |= json_object_set_new(o, "score", score(r->score));
    json_t *ev = json_null();
    if (r->copy_of) {
        ev = json_object();
        if (ev) {
            bad |= json_object_set_new(ev, "jaccard", score(r->jaccard));
            bad |= json_object_set_new(ev, "containment", score(r->containment));
            int aligned = result_aligned_measured(r);
            bad |= json_object_set_new(ev, "aligned", aligned ? score(r->aligned) : json_null());
            bad |= json_object_set_new(ev, "in_order", aligned ? score(r->ordered) : json_null());
            bad |= json_object_set_new(ev, "shared_sentences", json_integer((json_int_t)r->shared_sentences));
        }
    }
    bad |= json_object_set_new(o, "evidence", ev);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *view_story(answer *a, size_t s, view_members members)
{
    const answer_story *as = &a->stories[s];
    json_t *o = json_object(), *kw = json_array(), *arts = json_array();
    int bad = !o || !kw || !arts;
    for (size_t k = 0; !bad && k < as->n_keywords; k++)
        bad |= json_array_append_new(kw, json_string(as->keywords[k]));
    for (size_t i = 0; !bad && members != VIEW_NO_ARTICLES && i < as->story.n_articles; i++)
        bad |= json_array_append_new(arts, members == VIEW_ARTICLE_OBJECTS ? view_result(a, as->members[i])
                                                   : json_string(a->results[as->members[i]].id));
    if (!bad) {
        bad |= json_object_set_new(o, "id", label('s', s));
        bad |= json_object_set_new(o, "storyline", label('l', as->story.storyline));
        bad |= json_object_set_new(o, "storyline_stories",
                                   json_integer((json_int_t)answer_storyline_size(a, as->story.storyline)));
        bad |= json_object_set_new(o, "title", str_or_null(as->story.title));
        buf name;
        buf_init(&name, NULL);
        bad |= story_name_put(&name, a, s) != NP_OK;
        bad |= json_object_set_new(o, "name", bad ? json_null() : json_stringn(name.data, name.len));
        buf_free(&name);
        bad |= json_object_set_new(o, "first_date", str_or_null(as->story.first_date));
        bad |= json_object_set_new(o, "last_date", str_or_null(as->story.last_date));
        bad |= json_object_set_new(o, "undated", json_integer((json_int_t)answer_story_undated(a, s)));
        bad |= json_object_set_new(o, "original",
                                   as->story.n_articles ? json_string(a->results[as->members[0]].id) : json_null());
        bad |= json_object_set_new(o, "size", json_integer((json_int_t)as->story.n_articles));
        if (members != VIEW_NO_ARTICLES)
            bad |= json_object_set(o, "articles", arts);
        bad |= json_object_set(o, "keywords", kw);
    }
    json_decref(kw);
    json_decref(arts);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *view_storyline(answer *a, size_t line, view_members members)
{
    json_t *o = json_object(), *stories = json_array();
    int bad = !o || !stories;
    for (size_t s = 0; !bad && s < a->n_stories; s++)
        if (a->stories[s].story.storyline == line)
            bad |= json_array_append_new(stories, view_story(a, s, members));
    if (!bad) {
        bad |= json_object_set_new(o, "id", label('l', line));
        bad |= json_object_set(o, "stories", stories);
    }
    json_decref(stories);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *view_similar(answer *a, size_t i)
{
    json_t *doc = json_object(), *copies = json_array(), *story = json_array(), *line = json_array();
    int bad = !doc || !copies || !story || !line;
    const answer_story *as = &a->stories[a->results[i].story];
    /* what else is similar: the other stories of its storyline, which an
     * article alone in its story would otherwise not name */
    for (size_t k = 0; !bad && k < a->n_stories; k++)
        if (k != a->results[i].story && a->stories[k].story.storyline == a->results[i].storyline)
            bad |= json_array_append_new(line, view_story(a, k, VIEW_NO_ARTICLES));
    for (size_t k = 0; !bad && k < as->story.n_articles; k++) {
        size_t m = as->members[k];
        if (m == i)
            continue;
        bad |= json_array_append_new(answer_same_family(a, i, m) ? copies : story, view_result(a, m));
    }
    if (!bad) {
        bad |= json_object_set_new(doc, "article", view_result(a, i));
        bad |= json_object_set(doc, "copies", copies);
        bad |= json_object_set(doc, "same_story", story);
        bad |= json_object_set(doc, "same_storyline", line);
    }
    json_decref(copies);
    json_decref(story);
    json_decref(line);
    if (bad) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

json_t *view_article_alone(answer *a, size_t i, const stored_article *stored)
{
    json_t *o = view_result(a, i), *body = json_array(), *family = json_array();
    int bad = !o || !body || !family;
    for (size_t p = 0; !bad && stored && p < stored->n_paragraphs; p++)
        bad |= json_array_append_new(body, json_string(stored->paragraphs[p]));
    /* A family always lies within one story: its members are the story's
     * articles with the same original. */
    const answer_story *as = &a->stories[a->results[i].story];
    size_t family_size = 0;
    for (size_t k = 0; !bad && k < as->story.n_articles; k++) {
        size_t m = as->members[k];
        if (answer_same_family(a, i, m) && family_size++ < VIEW_MAX_FAMILY)
            bad |= json_array_append_new(family, view_result(a, m));
    }
    if (!bad) {
        bad |= json_object_set_new(o, "url", str_or_null(stored ? stored->url : NULL));
        bad |= json_object_set_new(o, "added", str_or_null(stored ? stored->added : NULL));
        bad |= json_object_set(o, "body", body);
        bad |= json_object_set(o, "family", family);
        bad |= json_object_set_new(o, "family_size", json_integer((json_int_t)family_size));
        bad |= json_object_set_new(o, "story_detail", view_story(a, a->results[i].story, VIEW_NO_ARTICLES));
    }
    json_decref(body);
    json_decref(family);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *view_article(answer *a, size_t i, const stored_article *stored)
{
    json_t *o = view_article_alone(a, i, stored);
    if (o && json_object_set_new(o, "storyline_detail", view_storyline(a, a->results[i].storyline, VIEW_NO_ARTICLES))) {
        json_decref(o);
        return NULL;
    }
    return o;
}
