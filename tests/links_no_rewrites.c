/* links_no_rewrites: checks on a corpus that a run without rewrites
 * (np_engine_no_rewrites, `cluster --copies-only --no-rewrites`) finds
 * the copy links of a copies-only run less its rewrites, each with the same
 * kind and evidence, and prints the links by kind.  Built and run by
 * tests/links_no_rewrites.sh (not part of make check: it reads the large
 * generated corpora).
 *
 * usage: links_no_rewrites THREADS INPUT...   exit status 0 when they agree */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/engine.h"

static np_engine *run(const char *const *inputs, size_t n, size_t threads, int no_rewrites)
{
    np_reader *reader = NULL;
    np_cleaner *cleaner = NULL;
    np_engine *e = NULL;
    if (np_reader_open(&reader, inputs, n, NP_FORMAT_AUTO, NULL) != NP_OK || np_cleaner_new(&cleaner, NULL) != NP_OK ||
        np_engine_new(&e, NULL, NULL) != NP_OK ||
        (no_rewrites ? np_engine_no_rewrites(e) : np_engine_copies_only(e)) != NP_OK ||
        np_engine_set_threads(e, threads) != NP_OK) {
        fprintf(stderr, "links_no_rewrites: out of memory\n");
        exit(2);
    }
    for (;;) {
        const np_record *rec;
        const np_article *a;
        np_status st = np_reader_next(reader, &rec);
        if (st == NP_DONE)
            break;
        if (st == NP_OK && np_clean(cleaner, rec, &a) == NP_OK)
            np_engine_add(e, a);
    }
    np_reader_free(reader);
    np_cleaner_free(cleaner);
    if (np_engine_run(e) != NP_OK) {
        fprintf(stderr, "links_no_rewrites: %s\n", np_engine_errmsg(e));
        exit(2);
    }
    return e;
}

static int same_link(const copy_link *x, const copy_link *y)
{
    return x->a == y->a && x->b == y->b && x->kind == y->kind && x->score == y->score && x->jaccard == y->jaccard &&
           x->containment == y->containment && x->shared_sentences == y->shared_sentences;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: links_no_rewrites THREADS INPUT...\n");
        return 2;
    }
    size_t threads = (size_t)atoi(argv[1]);
    const char *const *inputs = (const char *const *)argv + 2;
    size_t n = (size_t)argc - 2;
    np_engine *all = run(inputs, n, threads, 0), *lean = run(inputs, n, threads, 1);
    static const char *const kinds[] = { "?", "exact", "near", "excerpt", "rewrite" };
    size_t by_kind[2][5] = { { 0 } }, j = 0, differ = 0;
    for (size_t i = 0; i < all->n_links; i++) {
        const copy_link *x = &all->links[i];
        by_kind[0][x->kind < 5 ? x->kind : 0]++;
        if (x->kind == LINK_REWRITE)
            continue;
        if (j == lean->n_links || !same_link(x, &lean->links[j])) {
            if (differ++ < 10)
                fprintf(stderr, "copies-only link %u-%u (%s) not found alike without rewrites\n", x->a, x->b,
                        kinds[x->kind < 5 ? x->kind : 0]);
            continue;
        }
        j++;
    }
    for (size_t i = 0; i < lean->n_links; i++)
        by_kind[1][lean->links[i].kind < 5 ? lean->links[i].kind : 0]++;
    differ += lean->n_links - j; /* links found without rewrites only */
    for (int run_of = 0; run_of < 2; run_of++) {
        printf("%-16s links %zu:", run_of ? "--no-rewrites" : "--copies-only", run_of ? lean->n_links : all->n_links);
        for (int k = 1; k < 5; k++)
            printf(" %s %zu", kinds[k], by_kind[run_of][k]);
        putchar('\n');
    }
    printf("%s\n", differ ? "DIFFER" : "the copies-only links less the rewrites, alike");
    np_engine_free(all);
    np_engine_free(lean);
    return differ ? 1 : 0;
}
