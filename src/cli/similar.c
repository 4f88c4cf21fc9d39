/* similar: `newsprint similar`, the copies, same-story articles and the
 * storyline's other stories of one article. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ingest/id.h"
#include "store/store.h"
#include "store/view.h"

static const char help[] =
    "usage: newsprint similar --db FILE [--format text|json] (ID | --file ARTICLE [--full])\n"
    "\n"
    "Lists the copies (its family: original and copies), the other articles\n"
    "of the same story and the other stories of its storyline, for a stored\n"
    "article (ID) or for a new one read from ARTICLE (any input 'newsprint\n"
    "clean' reads; the first article in it, said when more follow), which is\n"
    "not stored.\n"
    "\n"
    "options:\n"
    "  --db FILE       the database (required)\n"
    "  --file ARTICLE  a new article instead of a stored ID\n"
    "  --full          group the new article with every stored one again\n"
    "                  (as an add would) instead of the query (the default)\n"
    "  --format F      text (default; of the storyline's other stories the 20\n"
    "                  around the article's own, the others counted)\n"
    "                  or json: {\"article\", \"copies\", \"same_story\",\n"
    "                  \"same_storyline\"}\n"
    "  --help          this text\n"
    "\n"
    "By default a new article is measured against the stored answer: its\n"
    "copies are verified against the stored articles that share its keys\n"
    "(body hash, signature bands, sentences, characteristic terms), and its\n"
    "story is found by grouping it with the stored stories around its date;\n"
    "the stored stories stay as they are, with their numbers.  This is the\n"
    "default because it takes a fraction of an add's time (a sixth of the\n"
    "instructions at 20,000 stored articles); it agrees with\n"
    "--full on most articles, not all: --full groups every stored article\n"
    "again with the new one, which may also move stored articles between\n"
    "stories and storylines, and costs about as much as an add.  A database\n"
    "whose fingerprints another version made is grouped in full.\n"
    "\n"
    "A record of ARTICLE skipped before its first article, and a file a\n"
    "directory's walk passed over, are said on standard error; a skipped\n"
    "record makes the exit status 1 (the answer is still printed).\n"
    "Exit status: 0 success; 1 no article ID in the database (or one not\n"
    "grouped yet), ARTICLE unreadable, holding no article or only one of no\n"
    "word left after cleaning (each said, then that nothing is looked up), a\n"
    "record of it skipped, or the database could not be read; 2 usage error.\n";

/* A list under its heading and count; an empty one is a sentence
 * ("  copies: none"), not a heading with nothing under it. */
static void print_list(const char *heading, json_t *list, const char *none)
{
    if (!json_array_size(list)) {
        printf("%s: %s\n", heading, none);
        return;
    }
    printf("%s (%zu):\n", heading, json_array_size(list));
    size_t k;
    json_t *r;
    json_array_foreach(list, k, r) {
        const char *date = json_string_value(json_object_get(r, "date"));
        const char *name = json_string_value(json_object_get(r, "name")); /* title, else first words */
        printf("    %-10s %-8s %s", date ? date : "-", json_string_value(json_object_get(r, "relation")),
               json_string_value(json_object_get(r, "id")));
        json_t *score = json_object_get(r, "score");
        if (json_is_number(score))
            printf(" (%.2f)", json_number_value(score));
        if (name)
            printf("  %s", name);
        putchar('\n');
    }
}

/* stories of a storyline that the text lists (JSON lists them all) */
enum { SIMILAR_MAX_STORIES = 20 };

/* the other stories of the storyline, as view_story gives them (in the
 * order of their numbers): of a long one the SIMILAR_MAX_STORIES around
 * the article's own story (own: its index), the others counted (the first
 * twenty were listed, of a storyline of 461 a year and more before it) */
static void print_stories(size_t line, size_t own, json_t *list)
{
    size_t n = json_array_size(list), before = 0, k;
    json_t *story;
    json_array_foreach(list, k, story) {
        const char *id = json_string_value(json_object_get(story, "id"));
        if (id && id[0] == 's' && strtoull(id + 1, NULL, 10) <= own) /* s1 is index 0 */
            before++;
    }
    size_t from = 0, to = n;
    if (n > SIMILAR_MAX_STORIES) {
        from = before > SIMILAR_MAX_STORIES / 2 ? before - SIMILAR_MAX_STORIES / 2 : 0;
        if (from > n - SIMILAR_MAX_STORIES)
            from = n - SIMILAR_MAX_STORIES;
        to = from + SIMILAR_MAX_STORIES;
    }
    if (!n) {
        printf("  storyline l%zu: no other story\n", line + 1);
        return;
    }
    printf("  other stories of storyline l%zu (%zu):\n", line + 1, n);
    if (from)
        printf("    ... %zu earlier (--format json lists them all)\n", from);
    for (k = from; k < to; k++) {
        story = json_array_get(list, k);
        char dates[64];
        json_int_t size = json_integer_value(json_object_get(story, "size"));
        story_dates_text(dates, sizeof dates, json_string_value(json_object_get(story, "first_date")),
                         json_string_value(json_object_get(story, "last_date")),
                         (size_t)json_integer_value(json_object_get(story, "undated")));
        printf("    %-4s %s, %lld article%s  %s\n", json_string_value(json_object_get(story, "id")), dates,
               (long long)size, size == 1 ? "" : "s", json_string_value(json_object_get(story, "name")));
    }
    if (to < n)
        printf("    ... and %zu more (--format json lists them all)\n", n - to);
}

/* The similar articles of ans's article at index, on standard output in
 * format; from_file: the article was given by --file, as given_id.
 * returns: 0, or -1 when out of memory (said) */
static int print_similar(answer *ans, size_t index, out_format format, int from_file, const char *given_id)
{
    json_t *doc = NULL;
    buf name; /* the article's name for the text format */
    buf_init(&name, NULL);
    int rc = 0;
    /* an untitled article is named by its first words (np_result.lead) */
    if (article_name_put(&name, ans->results[index].title, ans->results[index].lead) != NP_OK ||
        !(doc = view_similar(ans, index))) {
        cli_problem("out of memory");
        rc = -1;
    } else if (format == OUT_JSON) {
        char *text = json_dumps(doc, VIEW_DUMP_FLAGS);
        if (text)
            puts(text);
        free(text);
    } else {
        const np_result *r = &ans->results[index];
        /* an id that a stored article has is given as "ID (not stored)" */
        int renamed = given_id && strcmp(r->id, given_id) != 0;
        printf("%s%s  %s\n  story s%zu, %s", r->id, from_file && !renamed ? " (not stored)" : "", name.data,
               r->story + 1, r->relation);
        if (r->copy_of)
            printf(" of %s (%.2f)", r->copy_of, r->score);
        putchar('\n');
        print_list("  copies", json_object_get(doc, "copies"), "none");
        print_list("  same story", json_object_get(doc, "same_story"), "no other article");
        print_stories(r->storyline, r->story, json_object_get(doc, "same_storyline"));
    }
    buf_free(&name);
    json_decref(doc);
    return rc;
}

typedef struct similar_options {
    const char *db, *id, *file;
    out_format format;
    int full;                 /* --full: the whole regroup */
} similar_options;

/* returns: -1 to go on with o, else the exit status */
static int parse_options(int argc, char **argv, similar_options *o)
{
    const char *db = NULL, *id = NULL, *file = NULL;
    out_format format = OUT_TEXT;
    int full = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (cli_flag(arg, "--help")) {
            fputs(help, stdout);
            return 0;
        }
        if (cli_flag(arg, "--full")) {
            full = 1;
            continue;
        }
        const char *v;
        if (cli_option(argc, argv, &i, "--db", &v)) {
            if (!v)
                return EXIT_USAGE;
            db = v;
        } else if (cli_option(argc, argv, &i, "--file", &v)) {
            if (!v)
                return EXIT_USAGE;
            file = v;
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
            /* after --, an id may start with '-' (the file -x.txt is article -x), as for show */
            if (strcmp(arg, "--") == 0) {
                if (i + 1 == argc) /* nothing after it: no id given */
                    break;
                arg = argv[++i];
            }
            if (id) {
                cli_problem("one article at a time ('%s' and '%s' given)", id, arg);
                return EXIT_USAGE;
            }
            id = arg;
        }
    }
    if (!db || (!id) == (!file)) {
        cli_problem("%s (try 'newsprint similar --help')",
                    !db  ? "--db FILE is required"
                    : id ? "a stored ID and --file ARTICLE given: give one of them"
                         : "give either a stored ID or --file ARTICLE");
        return EXIT_USAGE;
    }
    if (id && !cli_article_id_given("similar", id))
        return EXIT_USAGE;
    if (full && !file) {
        cli_problem("--full is for a new article (--file ARTICLE); a stored one's answer is stored");
        return EXIT_USAGE;
    }
    o->full = full;
    o->db = db;
    o->id = id;
    o->file = file;
    o->format = format;
    return -1;
}

int cmd_similar(int argc, char **argv)
{
    similar_options o = { 0 };
    int usage = parse_options(argc, argv, &o);
    if (usage >= 0)
        return usage;
    const char *db = o.db, *id = o.id, *file = o.file, *given_id = NULL;
    out_format format = o.format;
    store *s = NULL;
    np_engine *engine = NULL;
    np_cleaner *cleaner = NULL;
    answer ans;
    answer_init(&ans);
    int rc = EXIT_SKIPPED;
    unsigned long long skipped = 0; /* records of --file before its first article */
    size_t index = (size_t)-1;
    if (store_open(&s, db, STORE_READ, NULL) != NP_OK) {
        cli_problem("%s", store_errmsg(s));
        goto done;
    }
    if (file) {
        const np_article *a = NULL;
        if (np_cleaner_new(&cleaner, NULL) != NP_OK) {
            cli_problem("out of memory");
            goto done;
        }
        /* said plainly, as compare says it: the reader's line alone
         * ("empty.txt: empty file, skipped") read as if similar went on */
        if (!cli_first_article(file, cleaner, &a, &skipped, "nothing looked up (it has no copy and no story to find)")) {
            cli_problem("nothing looked up: no article read from --file %s", input_name(file));
            goto done;
        }
        /* an article of no word has no copy and no story of its own to
         * find: its answer was a lone new story, "report", exit status 0 */
        if (!a->words) /* said by cli_first_article */
            goto done;
        np_status st = o.full ? NP_DONE : store_query(s, a, &ans, &index);
        if (st == NP_DONE) { /* --full, or fingerprints the query cannot read */
            answer_free(&ans);
            answer_init(&ans);
            st = store_similar(s, a, &ans, &index, &engine);
        }
        if (st != NP_OK) {
            cli_problem("%s", store_errmsg(s));
            goto done;
        }
        given_id = a->id; /* borrowed from the cleaner, kept until done */
    } else {
        if (store_answer(s, &ans) != NP_OK) {
            cli_problem("%s", store_errmsg(s));
            goto done;
        }
        if ((index = answer_find(&ans, id)) == (size_t)-1) {
            /* stored but not grouped, or not stored at all: said as show says it */
            stored_article sa;
            memset(&sa, 0, sizeof sa);
            np_status st = store_article(s, id, &sa);
            stored_article_free(&sa);
            if (st != NP_OK && st != NP_DONE)
                cli_problem("%s", store_errmsg(s));
            else
                cli_no_article(id, db, st == NP_OK);
            goto done;
        }
    }
    if (print_similar(&ans, index, format, file != NULL, given_id) != 0)
        goto done;
    rc = skipped ? EXIT_SKIPPED : 0; /* main flushes standard output and says a failed write */
done:
    answer_free(&ans);
    np_engine_free(engine);
    np_cleaner_free(cleaner);
    store_close(s);
    return rc;
}
