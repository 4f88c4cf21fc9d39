/* main: the newsprint command and its subcommand dispatch. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/cli.h"

static const char usage[] =
    "usage: newsprint COMMAND [OPTIONS] INPUT...\n"
    "\n"
    "Fingerprints news articles: clean text and metadata, copies, stories.\n"
    "\n"
    "commands:\n"
    "  cluster   copies (exact, near, excerpt, rewrite) and their originals,\n"
    "            stories of the same event, storylines of stories\n"
    "  clean     body paragraphs and metadata (title, date, source, language)\n"
    "            of each article, with boilerplate removed\n"
    "  compare   how two articles relate, with every measure behind the answer\n"
    "  add       store articles in a database (SQLite) and group them again\n"
    "  stories   the stories of a database, in the formats of cluster\n"
    "  show      one stored article: its copy link, family, story and body\n"
    "  similar   copies, same-story articles and the storyline's other\n"
    "            stories of a stored or a new article\n"
    "  serve     HTTP API and web page over a database\n"
    "  sign      a staged run's first stage: inputs to a shard of fingerprints\n"
    "  join      a staged run's second stage: shards to one key partition's pairs\n"
    "  verify    a staged run's third stage: pairs to one article partition's links\n"
    "  group     a staged run's last stage: shards (and links) to cluster's answer\n"
    "\n"
    "INPUT is a text file (one article), a .jsonl/.ndjson file (one article a\n"
    "line: id, text, html or markdown, optional title, date, url, source), an\n"
    ".html/.htm web page, an .md/.markdown file (read as the page it renders\n"
    "to; named or globbed, not met in a directory), a .warc/.warc.gz crawl\n"
    "(each HTML response a page), a directory (read recursively, in sorted\n"
    "order), a glob pattern, or - for standard input.\n"
    "Any INPUT may be gzip-compressed (corpus.jsonl.gz): it is read as its plain form.\n"
    "\n"
    "Run 'newsprint COMMAND --help' (or 'newsprint help COMMAND') for a\n"
    "command's options, 'newsprint --version' for the version.  An option's value\n"
    "is the next argument or follows '=' (--format json, --format=json); -o, -j,\n"
    "-p and -q are --output, --threads, --param and --quiet, a value next,\n"
    "attached or after '=' (-j 2, -j2, -j=2).  A next argument that opens\n"
    "with '-' and a letter is an option, not a value (-o --format: a usage\n"
    "error): such a value follows '=' (--output=-notes.txt).  An option given\n"
    "twice counts as given last (--param adds up: one parameter each).\n"
    "Exit status: 0 success, 1 some input was skipped or output failed, 2 usage error.\n";

/* The command named by argv[1].  returns: its exit status */
static int run(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "help") == 0 && argc > 2) {
        /* help COMMAND: that command's --help */
        char help_arg[] = "--help";
        char *again[] = { argv[0], argv[2], help_arg, NULL };
        return run(3, again);
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("newsprint %s\n", NP_VERSION);
        return 0;
    }
    static const struct {
        const char *name;
        int (*run)(int argc, char **argv);
    } commands[] = {
        { "clean", cmd_clean },     { "cluster", cmd_cluster }, { "compare", cmd_compare },
        { "add", cmd_add },         { "stories", cmd_stories }, { "show", cmd_show },
        { "similar", cmd_similar }, { "serve", cmd_serve },     { "sign", cmd_sign },
        { "join", cmd_join },       { "verify", cmd_verify },   { "group", cmd_group },
    };
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strcmp(cmd, commands[k].name) == 0) {
            cli_set_command(commands[k].name);
            return commands[k].run(argc - 1, argv + 1);
        }
    /* a typo's nearest command ("clsuter": cluster), or option ("--verison") */
    const char *names[sizeof commands / sizeof commands[0] + 2] = { "--help", "--version" };
    size_t n = 2;
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        names[n++] = commands[k].name;
    const char *near = cli_closest_name(cmd, strlen(cmd), names, n);
    if (near)
        cli_problem("unknown command '%s'; did you mean '%s'? (try 'newsprint --help')", cmd, near);
    else
        cli_problem("unknown command '%s' (try 'newsprint --help')", cmd);
    return EXIT_USAGE;
}

void cli_heap_give_back(void)
{
#ifdef __GLIBC__
    /* Blocks of 128 KiB or more are mapped apart and given back to the
     * system when freed.  glibc raises this threshold (up to 32 MiB) each
     * time such a block is freed, after which the stages' large temporary
     * arrays come from the heap, where freeing them leaves their pages
     * resident behind whatever was allocated after them: at 1M articles,
     * hundreds of MiB of peak memory held by nothing. */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

int main(int argc, char **argv)
{
    /* cluster decides once it knows its inputs' size (progress_small_inputs) */
    if (argc < 2 || strcmp(argv[1], "cluster") != 0)
        cli_heap_give_back();
    /* Over a file size limit (ulimit -f) a write fails with EFBIG, said as
     * any failed write is, instead of the signal killing the process
     * unsaid, with -o's temporary file left beside the output */
    signal(SIGXFSZ, SIG_IGN);
    int rc = run(argc, argv);
    /* a command that printed to a full or closed standard output is not
     * done: said once here for every command, and status 1 */
    if (rc == 0 && cli_flush_stdout() != 0)
        rc = EXIT_SKIPPED;
    return rc;
}
