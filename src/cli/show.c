/* show: `newsprint show`, one stored article with its family, story and evidence. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"
#include "store/view.h"

static const char help[] =
    "usage: newsprint show --db FILE [--format text|json] ID\n"
    "\n"
    "Prints one article of a database: its metadata, how it relates to the\n"
    "others (the copy link and its evidence), its family with the original\n"
    "first, its story and storyline, and its cleaned body.\n"
    "\n"
    "options:\n"
    "  --db FILE     the database (required)\n"
    "  --format F    text (default) or json (the document GET /api/articles/ID\n"
    "                of 'newsprint serve' returns)\n"
    "  --help        this text\n"
    "\n"
    "Exit status: 0 success; 1 no article ID in the database (or one not\n"
    "grouped yet: an add was interrupted or is running), or the database\n"
    "could not be read; 2 usage error.\n";

/* An article's name: its title, else its first words (np_result.lead). */
static void print_name(const np_result *r)
{
    buf name;
    buf_init(&name, NULL);
    if (article_name_put(&name, r->title, r->lead) == NP_OK)
        printf("  %s", name.data); /* data is NUL-ended */
    buf_free(&name);
}

static void print_result_line(const np_result *r)
{
    printf("    %-10s %-8s %s", r->date ? r->date : "-", r->relation, r->id);
    if (r->copy_of)
        printf(" (%.2f)", r->score);
    print_name(r);
    putchar('\n');
}

static void print_text(answer *a, size_t i, const stored_article *sa)
{
    const np_result *r = &a->results[i];
    fputs(r->id, stdout);
    print_name(r);
    putchar('\n');
    printf("  date %s, source %s, lang %s, %zu words, added %s\n", r->date ? r->date : "unknown",
           r->source ? r->source : "unknown", r->lang ? r->lang : "und", r->words, sa->added ? sa->added : "?");
    if (sa->url)
        printf("  url %s\n", sa->url);
    char evidence[200];
    if (r->copy_of)
        printf("  %s of %s (score %.2f): %s\n", r->relation, r->copy_of, r->score,
               evidence_text(evidence, sizeof evidence, r));
    else
        printf("  %s\n", strcmp(r->relation, "original") == 0 ? "original: others copy it"
                                                               : "report: copies nothing, nothing copies it");
    size_t orig = answer_original(a, i);
    const answer_story *as = &a->stories[r->story];
    if (strcmp(a->results[orig].relation, "original") == 0) {
        printf("  family of %s:\n", a->results[orig].id);
        for (size_t k = 0; k < as->story.n_articles; k++)
            if (answer_same_family(a, i, as->members[k]))
                print_result_line(&a->results[as->members[k]]);
    }
    char dates[64];
    buf name;
    buf_init(&name, NULL);
    np_status st = story_name_put(&name, a, r->story); /* data is NUL-ended */
    printf("  story s%zu (storyline l%zu), %zu article%s, %s: %s\n", r->story + 1, r->storyline + 1,
           as->story.n_articles, as->story.n_articles == 1 ? "" : "s",
           story_dates_text(dates, sizeof dates, as->story.first_date, as->story.last_date,
                            answer_story_undated(a, r->story)),
           st == NP_OK ? name.data : "(out of memory)");
    buf_free(&name);
    /* a story alone in its storyline is said as similar says it (it
     * read "storyline l3: stories s3", a list of the story itself) */
    size_t in_line = 0;
    for (size_t s = 0; s < a->n_stories; s++)
        in_line += a->stories[s].story.storyline == r->storyline;
    if (in_line <= 1) {
        printf("  storyline l%zu: no other story\n", r->storyline + 1);
    } else {
        printf("  storyline l%zu: stories", r->storyline + 1);
        for (size_t s = 0; s < a->n_stories; s++)
            if (a->stories[s].story.storyline == r->storyline)
                printf(" s%zu", s + 1);
        printf("\n");
    }
    for (size_t p = 0; p < sa->n_paragraphs; p++)
        printf("\n%s\n", sa->paragraphs[p]);
    if (!sa->n_paragraphs) /* the body's place said, as the web page says it (it ended unsaid) */
        printf("\n(no text: cleaning kept no paragraph of this article: the page held none, or only menus, "
               "captions and other boilerplate)\n");
}

/* The article at index of ans, with what the store keeps of it, as one
 * JSON document on standard output.  returns: the exit status */
static int print_json(answer *ans, size_t index, const stored_article *sa)
{
    int rc = EXIT_SKIPPED;
    json_t *doc = view_article(ans, index, sa);
    char *text = doc ? json_dumps(doc, VIEW_DUMP_FLAGS) : NULL;
    if (!text) {
        cli_problem("out of memory");
    } else {
        puts(text);
        rc = 0;
    }
    free(text);
    json_decref(doc);
    return rc;
}

int cmd_show(int argc, char **argv)
{
    const char *db = NULL, *id = NULL;
    out_format format = OUT_TEXT;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (cli_flag(arg, "--help")) {
            fputs(help, stdout);
            return 0;
        }
        const char *v;
        if (cli_option(argc, argv, &i, "--db", &v)) {
            if (!v)
                return EXIT_USAGE;
            db = v;
        } else if (cli_option(argc, argv, &i, "--format", &v)) {
            if (!v)
                return EXIT_USAGE;
            if (!cli_parse_format(v, &format) || (format != OUT_TEXT && format != OUT_JSON)) {
                cli_problem("--format wants text or json, not '%s'", v);
                return EXIT_USAGE;
            }
        } else if (arg[0] == '-' && arg[1] != '\0' && strcmp(arg, "--") != 0) {
            cli_unknown_option(arg, help);
            return EXIT_USAGE;
        } else {
            if (strcmp(arg, "--") == 0) {
                if (i + 1 == argc) /* nothing after it: no id given */
                    break;
                arg = argv[++i];
            }
            if (id) {
                cli_problem("one article id at a time ('%s' and '%s' given)", id, arg);
                return EXIT_USAGE;
            }
            id = arg;
        }
    }
    if (!db) {
        cli_problem("--db FILE is required (try 'newsprint show --help')");
        return EXIT_USAGE;
    }
    if (!cli_article_id_given("show", id))
        return EXIT_USAGE;
    store *s = NULL;
    answer ans;
    answer_init(&ans);
    stored_article sa;
    memset(&sa, 0, sizeof sa);
    int rc = EXIT_SKIPPED;
    np_status st = NP_OK;
    size_t index;
    if (store_open(&s, db, STORE_READ, NULL) != NP_OK || store_answer(s, &ans) != NP_OK) {
        cli_problem("%s", store_errmsg(s));
        goto done;
    }
    index = answer_find(&ans, id);
    if ((st = store_article(s, id, &sa)) != NP_OK && st != NP_DONE) {
        cli_problem("%s", store_errmsg(s));
        goto done;
    }
    if (index == (size_t)-1 || st == NP_DONE) {
        cli_no_article(id, db, st == NP_OK);
        goto done;
    }
    if (format == OUT_JSON) {
        rc = print_json(&ans, index, &sa);
    } else {
        print_text(&ans, index, &sa);
        rc = 0;
    }
done:
    stored_article_free(&sa);
    answer_free(&ans);
    store_close(s);
    return rc;
}
