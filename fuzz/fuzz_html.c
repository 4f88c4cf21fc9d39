/*
 * fuzz_html: a web page through np_clean (libxml2 tree, pruning, scoring,
 * then the plain-text cleaner) over arbitrary bytes.  An optional first
 * line "#charset NAME" is passed as the HTTP charset.  Every cleaned page
 * must meet fuzz/invariants.h, and cleaning it twice must give the same.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsprint.h"
#include "invariants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_article(const np_article *a, const np_article *b)
{
    if (a->n_paragraphs != b->n_paragraphs || a->words != b->words)
        return 0;
    for (size_t i = 0; i < a->n_paragraphs; i++)
        if (strcmp(a->paragraphs[i], b->paragraphs[i]) != 0)
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char charset[64] = "";
    size_t at = 0;
    if (size >= 9 && memcmp(data, "#charset ", 9) == 0) {
        const uint8_t *nl = memchr(data + 9, '\n', size - 9);
        size_t n = nl ? (size_t)(nl - data - 9) : size - 9;
        if (n < sizeof charset && !memchr(data + 9, '\0', n)) {
            memcpy(charset, data + 9, n);
            charset[n] = '\0';
        }
        at = 9 + n + (nl ? 1 : 0);
    }
    np_record record = { .id = "fuzz-page", .text = (const char *)data + at, .text_len = size - at,
                         .path = "fuzz/page.html", .html = 1,
                         .charset = charset[0] ? charset : NULL };
    np_cleaner *c1 = NULL, *c2 = NULL;
    if (np_cleaner_new(&c1, NULL) != NP_OK || np_cleaner_new(&c2, NULL) != NP_OK)
        abort();
    np_cleaner_explain(c1, 1);
    np_cleaner_explain(c2, 1);
    const np_article *a = NULL, *b = NULL;
    np_status s1 = np_clean(c1, &record, &a);
    np_status s2 = np_clean(c2, &record, &b);
    if (s1 != s2)
        fuzz_violated("the same page cleaned twice: %s, then %s", np_strerror(s1), np_strerror(s2));
    if (s1 == NP_OK) {
        fuzz_check_article(&record, a);
        if (!same_article(a, b))
            fuzz_violated("the same page cleaned twice gave two bodies");
    } else if (s1 != NP_EINPUT) {
        fuzz_violated("np_clean failed with \"%s\": %s", np_strerror(s1), np_errmsg(c1));
    }
    np_cleaner_free(c1);
    np_cleaner_free(c2);
    return 0;
}
