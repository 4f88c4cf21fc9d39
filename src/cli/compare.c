/* compare: `newsprint compare`, the relation and measures between two texts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "common/utf8.h"
#include "ingest/id.h"

static const char help[] =
    "usage: newsprint compare [--format text|json] [--param NAME=VALUE]... A B\n"
    "       newsprint compare --pairs FILE [--param NAME=VALUE]...\n"
    "\n"
    "Cleans two articles (A and B: text files, or JSONL files whose first record\n"
    "is taken, said when more follow) and prints how they relate: exact, near,\n"
    "excerpt, rewrite or none, with the measures behind it -- shingle Jaccard,\n"
    "shared sentences and containment, sentence alignment (aligned share, share\n"
    "in order), shared vocabulary, and 'overlap', a paraphrase score for short\n"
    "texts (shared content stems over the smaller and the larger vocabulary).  A\n"
    "measure that cannot be taken (containment when a text has no sentence\n"
    "indexed, alignment when no sentence can be aligned) reads n/a, null in\n"
    "JSON.  When the shorter text has under short_words words, 'word pairs' (JSON\n"
    "word_pairs, else null) is the Jaccard of 2-word shingles that decides near\n"
    "there; when the sentences align as a rewrite's but the answer is none,\n"
    "'note' says why; else, when the answer is none but a measure comes near a\n"
    "kind's threshold, 'note' says what near, excerpt and rewrite need against\n"
    "what the pair has.  JSON adds 'paraphrase': the lexical measures a paraphrase\n"
    "model weighs (words of each text, shared content stems over each side,\n"
    "numbers and names one text states alone, the longest common subsequence\n"
    "of the words over the shorter and the longer, shared word pairs,\n"
    "character-trigram Jaccard, BLEU's n-gram precisions (n = 1..4) of the\n"
    "shorter against the longer and of the longer against the shorter, word\n"
    "edits over the longer, stopword Jaccard, negations in each text, numbers\n"
    "both state).  A and B one file (a slip, often) is said on standard error:\n"
    "it is exact to itself.\n"
    "\n"
    "options:\n"
    "  --format F     text (default) or json\n"
    "  --pairs FILE   compare many pairs: FILE is tab-separated, one pair a line,\n"
    "                 LABEL ID1 ID2 TEXT1 TEXT2 (the MRPC layout; a first line\n"
    "                 starting 'Quality' is a header); prints one JSON object a\n"
    "                 line with id1, id2 and the measures; - reads standard input\n"
    "  --param N=V    as for 'newsprint cluster' (see cluster --explain-params)\n"
    "  --help         this text\n"
    "\n"
    "Exit status: 0 success; 1 an input skipped or output failed: A or B missing,\n"
    "unreadable, empty or holding no article (each said, then that nothing is\n"
    "compared and for which of A and B), a record of A or B skipped before its\n"
    "first article (said on standard error; the answer is still printed), a line\n"
    "of the pairs file skipped (named) or an empty pairs file; 2 usage error: an\n"
    "option or its value, not two inputs, a directory given as A, B or the pairs\n"
    "file.\n";

static np_status put_comparison(buf *b, const np_comparison *c, const char *id1, const char *id2)
{
    char num[512];
    np_status st = buf_putc(b, '{');
    if (id1) {
        if (st == NP_OK)
            st = json_put_key(b, "id1", 1);
        if (st == NP_OK)
            st = json_put_string(b, id1);
        if (st == NP_OK)
            st = json_put_key(b, "id2", 0);
        if (st == NP_OK)
            st = json_put_string(b, id2);
    }
    if (st == NP_OK)
        st = json_put_key(b, "relation", !id1);
    if (st == NP_OK)
        st = json_put_string(b, c->relation);
    char contained[16] = "null"; /* unmeasured: no sentence indexed */
    if (c->containment >= 0)
        snprintf(contained, sizeof contained, "%.4f", c->containment);
    char aligned[16] = "null", in_order[16] = "null"; /* unmeasured: no sentence to align */
    if (c->aligned >= 0) {
        snprintf(aligned, sizeof aligned, "%.4f", c->aligned);
        snprintf(in_order, sizeof in_order, "%.4f", c->in_order);
    }
    char word_pairs[16] = "null"; /* unmeasured: the shorter text has short_words words or more */
    if (c->word_pairs >= 0)
        snprintf(word_pairs, sizeof word_pairs, "%.4f", c->word_pairs);
    snprintf(num, sizeof num,
             ",\"jaccard\":%.4f,\"containment\":%s,\"shared_sentences\":%zu,\"aligned\":%s,"
             "\"in_order\":%s,\"vocabulary\":%.4f,\"overlap\":%.4f,\"word_pairs\":%s",
             c->jaccard, contained, c->shared_sentences, aligned, in_order,
             c->vocabulary, c->overlap, word_pairs);
    if (st == NP_OK)
        st = buf_puts(b, num);
    /* the measures a paraphrase model weighs (make eval's MRPC row) */
    snprintf(num, sizeof num,
             ",\"paraphrase\":{\"words\":[%zu,%zu],\"stems_fewer\":%.4f,\"stems_more\":%.4f,"
             "\"numbers_alone\":%zu,\"names_alone\":%zu,\"sequence_shorter\":%.4f,"
             "\"sequence_longer\":%.4f,\"pairs_fewer\":%.4f,\"trigrams\":%.4f",
             c->words_a, c->words_b, c->stems_fewer, c->stems_more, c->numbers_alone, c->names_alone,
             c->sequence_shorter, c->sequence_longer, c->pairs_fewer, c->trigrams);
    if (st == NP_OK)
        st = buf_puts(b, num);
    snprintf(num, sizeof num,
             ",\"grams_shorter\":[%.4f,%.4f,%.4f,%.4f],\"grams_longer\":[%.4f,%.4f,%.4f,%.4f],"
             "\"edits_longer\":%.4f,\"function_words\":%.4f,\"negations\":[%zu,%zu],\"numbers_shared\":%zu}",
             c->grams_shorter[0], c->grams_shorter[1], c->grams_shorter[2], c->grams_shorter[3], c->grams_longer[0],
             c->grams_longer[1], c->grams_longer[2], c->grams_longer[3], c->edits_longer, c->function_words,
             c->negations_a, c->negations_b, c->numbers_shared);
    if (st == NP_OK)
        st = buf_puts(b, num);
    /* what the text's last lines say: the measure that decides near below
     * short_words, and why sentences aligned as a rewrite's make none */
    if (st == NP_OK)
        st = json_put_key(b, "note", 0);
    if (st == NP_OK)
        st = json_put_string(b, c->note[0] ? c->note : NULL);
    if (st == NP_OK)
        st = buf_puts(b, "}\n");
    return st;
}

/* Splits a line at tabs into at most max fields, in place. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
    size_t n = 0;
    while (n < max) {
        fields[n++] = line;
        char *tab = strchr(line, '\t');
        if (!tab)
            break;
        *tab = '\0';
        line = tab + 1;
    }
    return n;
}

/* An id for the JSON output, in id: as given when it is UTF-8, else
 * with the bytes that are not made U+FFFD. */
static np_status utf8_id(buf *id, const char *s)
{
    int changed;
    size_t len = strlen(s);
    buf_clear(id);
    np_status st = utf8_valid(s, len) ? buf_append(id, s, len) : utf8_repair(id, s, len, &changed);
    return st == NP_OK ? buf_putc(id, '\0') : st;
}

enum { PAIRS_NAMED = 5 }; /* a pairs file's bad lines named; the rest counted */

/* A bad line of a pairs file, skipped: named while fewer than PAIRS_NAMED
 * were (a binary file given as one named every line, thousands of them). */
static void pairs_problem(const char *name, unsigned long long lineno, unsigned long long *skipped, const char *why)
{
    if (++*skipped <= PAIRS_NAMED)
        cli_problem("%s:%llu: %s, skipped", name, lineno, why);
}

static int compare_pairs(const char *path, const np_params *params, np_cleaner *c1, np_cleaner *c2)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = input_name(path);
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        cli_problem("%s: cannot open: %s", name, strerror(errno));
        return EXIT_SKIPPED;
    }
    /* one fingerprinter for every pair: made per pair, its analyser's
     * tables were 88% of MRPC's pairs' instructions */
    np_fingerprinter *printer = NULL;
    if (np_fingerprinter_new(&printer, NULL) != NP_OK) {
        cli_problem("out of memory");
        if (!is_stdin)
            fclose(f);
        return EXIT_SKIPPED;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    unsigned long long lineno = 0, skipped = 0, compared = 0, header = 0, lines = 0; /* lines: not blank, nor the header */
    buf b, id1, id2;
    buf_init(&b, NULL);
    buf_init(&id1, NULL);
    buf_init(&id2, NULL);
    int rc = 0;
    while ((got = getline(&line, &cap, f)) > 0) {
        lineno++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (lineno == 1 && strncmp(line, "Quality", 7) == 0) {
            header = 1;
            continue;
        }
        if (text_is_blank(line, (size_t)got))
            continue;
        lines++;
        if (memchr(line, '\0', (size_t)got)) {
            pairs_problem(name, lineno, &skipped, "a NUL byte");
            continue;
        }
        char *fields[5];
        if (split_tabs(line, fields, 5) != 5) {
            pairs_problem(name, lineno, &skipped, "wants LABEL ID1 ID2 TEXT1 TEXT2");
            continue;
        }
        /* as a record of no text is skipped (it was compared as one of no
         * word, every measure 0) */
        if (text_is_blank(fields[3], strlen(fields[3])) || text_is_blank(fields[4], strlen(fields[4]))) {
            pairs_problem(name, lineno, &skipped,
                          text_is_blank(fields[3], strlen(fields[3])) ? "TEXT1 is empty or only spaces"
                                                                       : "TEXT2 is empty or only spaces");
            continue;
        }
        np_record r1 = { .id = fields[1], .text = fields[3], .text_len = strlen(fields[3]),
                         .path = path, .line = lineno };
        np_record r2 = { .id = fields[2], .text = fields[4], .text_len = strlen(fields[4]),
                         .path = path, .line = lineno };
        const np_article *a1, *a2;
        np_comparison cmp;
        if (np_clean(c1, &r1, &a1) != NP_OK || np_clean(c2, &r2, &a2) != NP_OK ||
            np_compare_with(printer, a1, a2, params, &cmp) != NP_OK) {
            pairs_problem(name, lineno, &skipped, "cannot compare");
            continue;
        }
        buf_clear(&b);
        if (utf8_id(&id1, fields[1]) != NP_OK || utf8_id(&id2, fields[2]) != NP_OK ||
            put_comparison(&b, &cmp, id1.data, id2.data) != NP_OK) {
            cli_problem("out of memory");
            rc = EXIT_SKIPPED;
            break;
        }
        if (fwrite(b.data, 1, b.len, stdout) != b.len && cli_flush_stdout() != 0) { /* says why */
            rc = EXIT_SKIPPED;
            break;
        }
        compared++;
    }
    if (ferror(f)) {
        cli_problem("%s: read error: %s", name, strerror(errno));
        rc = EXIT_SKIPPED;
    }
    free(line);
    np_fingerprinter_free(printer);
    buf_free(&b);
    buf_free(&id1);
    buf_free(&id2);
    if (!is_stdin)
        fclose(f);
    if (!rc && cli_flush_stdout() != 0)
        rc = EXIT_SKIPPED;
    if (skipped > PAIRS_NAMED)
        cli_problem("%s: %llu more lines skipped (the first %d named)%s", name, skipped - PAIRS_NAMED,
                    PAIRS_NAMED, skipped == lines ? ": every line (is it a pairs file, tab-separated?)" : "");
    /* an empty file is an input skipped, as every command says it (it
     * was "no pair found", exit status 0) */
    int empty = !rc && !compared && !skipped && !header;
    if (empty)
        cli_problem("%s: empty file, skipped", name);
    else if (!rc && !compared && !skipped) /* as clean says of inputs that hold no article */
        cli_problem("no pair found in %s", name);
    return rc ? rc : (skipped || empty) ? EXIT_SKIPPED : 0;
}

/* The comparison for a reader, into out (short_words: the parameter
 * that says when word pairs decide).  returns: 0, or 1 when out of memory */
static int put_comparison_text(buf *out, const np_comparison *cmp, int short_words)
{
    char text[1024], contained[48] = "n/a: a text has no sentence indexed";
    if (cmp->containment >= 0)
        snprintf(contained, sizeof contained, "%.3f", cmp->containment);
    char aligned[48] = "n/a   (no sentence to align)";
    if (cmp->aligned >= 0)
        snprintf(aligned, sizeof aligned, "%.3f  (in order %.3f)", cmp->aligned, cmp->in_order);
    snprintf(text, sizeof text,
             "relation:          %s\n"
             "jaccard:           %.3f  (word 5-shingles)\n"
             "shared sentences:  %zu (containment %s)\n"
             "aligned:           %s\n"
             "vocabulary:        %.3f  (shared stems of the smaller vocabulary)\n"
             "overlap:           %.3f  (paraphrase score of shared content stems)\n",
             cmp->relation, cmp->jaccard, cmp->shared_sentences, contained,
             aligned, cmp->vocabulary, cmp->overlap);
    int rc = buf_puts(out, text) != NP_OK;
    if (!rc && cmp->word_pairs >= 0) { /* both short: what decides near below short_words */
        snprintf(text, sizeof text,
                 "word pairs:        %.3f  (word 2-shingles; near when the shorter has under %d words)\n",
                 cmp->word_pairs, short_words);
        rc = buf_puts(out, text) != NP_OK;
    }
    if (!rc && cmp->note[0]) /* why the measures above make no rewrite */
        rc = buf_puts(out, "note:              ") != NP_OK || buf_puts(out, cmp->note) != NP_OK ||
             buf_putc(out, '\n') != NP_OK;
    return rc;
}

/* 1 when A and B are one file (not standard input, which can be given
 * once). */
static int one_file(const char *const paths[2])
{
    struct stat sa, sb;
    return strcmp(paths[0], "-") != 0 && strcmp(paths[1], "-") != 0 && stat(paths[0], &sa) == 0 &&
           stat(paths[1], &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* the end of the note on an article of no word: compared all the same,
 * every measure 0 */
#define NO_WORD "compared as an article of no word"

/* The first article of A and of B, into a and b, each input's problems
 * said on standard error (the reader's words: "empty file", "cannot
 * open", "looks binary").  A is read, then B even when A gave no
 * article, so that one run names all that is wrong -- but not B again
 * when it is A's file, nor standard input (it would wait on a terminal
 * for an answer that could not be printed).  When either gave none,
 * says that nothing is compared and which input is why (a line of the
 * reader's alone, "empty.txt: empty file, skipped", read as if the
 * command went on).  returns: 1 when both gave an article */
static int first_articles(const char *const paths[2], np_cleaner *c1, np_cleaner *c2, const np_article **a,
                          const np_article **b, unsigned long long *skipped)
{
    int same = one_file(paths);
    int have_a = cli_first_article(paths[0], c1, a, skipped, NO_WORD);
    int have_b = (have_a || (!same && strcmp(paths[1], "-") != 0)) && cli_first_article(paths[1], c2, b, skipped, NO_WORD);
    if (have_a && have_b)
        return 1;
    const char *name_a = input_name(paths[0]), *name_b = input_name(paths[1]);
    if (!have_a && same)
        cli_problem("nothing compared: no article read from A and B (both %s)", name_a);
    else if (!have_a && !have_b && strcmp(paths[1], "-") != 0)
        cli_problem("nothing compared: no article read from A (%s) nor from B (%s)", name_a, name_b);
    else if (!have_a)
        cli_problem("nothing compared: no article read from A (%s)", name_a);
    else
        cli_problem("nothing compared: no article read from B (%s)", name_b);
    return 0;
}

/* compare A B: the first article of each, compared, on standard output
 * (json: as --format json).  returns: the exit status */
static int compare_two(const char *const paths[2], const np_params *params, np_cleaner *c1, np_cleaner *c2,
                       int json)
{
    int rc;
    const np_article *a, *b;
    np_comparison cmp;
    unsigned long long skipped = 0; /* records before the first article of A or B */
    if (!first_articles(paths, c1, c2, &a, &b, &skipped)) {
        rc = EXIT_SKIPPED;
    } else if (np_compare(a, b, params, &cmp) != NP_OK) {
        cli_problem("out of memory");
        rc = EXIT_SKIPPED;
    } else {
        buf out;
        buf_init(&out, NULL);
        if (json)
            rc = put_comparison(&out, &cmp, NULL, NULL) != NP_OK;
        else
            rc = put_comparison_text(&out, &cmp, params->short_words);
        if (rc) {
            cli_problem("out of memory");
            rc = EXIT_SKIPPED;
        } else {
            /* a file named twice (a slip of the shell's completion, often)
             * is exact to itself: "exact" alone would read as two copies */
            if (one_file(paths)) {
                if (strcmp(paths[0], paths[1]) == 0)
                    cli_problem("A and B are one file (%s): it is compared with itself", paths[0]);
                else
                    cli_problem("A (%s) and B (%s) are one file: it is compared with itself", paths[0], paths[1]);
            }
            fwrite(out.data, 1, out.len, stdout);
            /* says why a write failed; an input skipped on the way is status 1 too */
            rc = cli_flush_stdout() != 0 || skipped ? EXIT_SKIPPED : 0;
        }
        buf_free(&out);
    }
    return rc;
}

/* The inputs and options given make one run: two inputs, or --pairs
 * FILE alone.  returns: 0, or EXIT_USAGE (said) */
static int check_usage(const char *pairs, int text_asked, const char *const *paths, size_t n_paths)
{
    if (!pairs && n_paths != 2) {
        cli_problem("wants two inputs A B, or --pairs FILE (try 'newsprint compare --help')");
        return EXIT_USAGE;
    }
    if (pairs && text_asked) { /* it was ignored */
        cli_problem("--pairs prints one JSON object a line; --format text is for two inputs A B");
        return EXIT_USAGE;
    }
    if (pairs && n_paths) {
        cli_problem("--pairs FILE takes no inputs ('%s' given)", paths[0]);
        return EXIT_USAGE;
    }
    struct stat sb;
    /* a directory given as the pairs file is a usage error, as one given
     * as A or B is (it was "read error: Is a directory", exit status 1) */
    if (pairs && strcmp(pairs, "-") != 0 && stat(pairs, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        cli_problem("--pairs %s is a directory: --pairs wants one tab-separated file of pairs", pairs);
        return EXIT_USAGE;
    }
    for (size_t k = 0; k < n_paths; k++) {
        /* a directory's first article (of a walk in name order) is no
         * article the user named */
        if (strcmp(paths[k], "-") != 0 && stat(paths[k], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            cli_problem("%s is a directory: compare wants two articles (files), or --pairs FILE",
                        paths[k]);
            return EXIT_USAGE;
        }
    }
    return pairs ? 0 : cli_check_files(NULL, paths, 2);
}

int cmd_compare(int argc, char **argv)
{
    np_params params;
    np_params_default(&params);
    int json = 0, text_asked = 0; /* --format json, --format text */
    const char *pairs = NULL;
    const char *paths[2];
    size_t n_paths = 0;
    int inputs_only = 0; /* after --, as for clean: the file -x.txt is an input */
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *v;
        if (!inputs_only && strcmp(arg, "--") == 0) {
            inputs_only = 1;
        } else if (inputs_only || arg[0] != '-' || arg[1] == '\0') {
            if (n_paths == 2) {
                cli_problem("two inputs, not more (try 'newsprint compare --help')");
                return EXIT_USAGE;
            }
            paths[n_paths++] = arg;
        } else if (cli_flag(arg, "--help")) {
            fputs(help, stdout);
            return 0;
        } else if (cli_option(argc, argv, &i, "--format", &v)) {
            if (!v)
                return EXIT_USAGE;
            if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0) {
                cli_problem("--format wants text or json, not '%s'", v);
                return EXIT_USAGE;
            }
            json = strcmp(v, "json") == 0;
            text_asked = !json;
        } else if (cli_option(argc, argv, &i, "--pairs", &v)) {
            if (!v)
                return EXIT_USAGE;
            pairs = v;
        } else if (cli_option(argc, argv, &i, "--param", &v)) {
            if (!v || !cli_parse_param(v, &params))
                return EXIT_USAGE;
        } else {
            cli_unknown_option(arg, help);
            return EXIT_USAGE;
        }
    }
    int bad = check_usage(pairs, text_asked, paths, n_paths);
    if (bad)
        return bad;
    np_cleaner *c1 = NULL, *c2 = NULL;
    if (np_cleaner_new(&c1, NULL) != NP_OK || np_cleaner_new(&c2, NULL) != NP_OK) {
        cli_problem("out of memory");
        np_cleaner_free(c1);
        return EXIT_SKIPPED;
    }
    int rc;
    if (pairs) {
        rc = compare_pairs(pairs, &params, c1, c2);
    } else {
        rc = compare_two(paths, &params, c1, c2, json);
    }
    np_cleaner_free(c1);
    np_cleaner_free(c2);
    return rc;
}
