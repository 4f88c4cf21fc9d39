/*
 * query_verify: the new articles' candidates judged and the
 * neighbourhood grouped (query.h tells what and why), each in an engine
 * of only the fingerprints involved: the stored candidates read once,
 * then the new articles; verification is the engine's own.
 */
#include <stdlib.h>
#include <string.h>

#include "cluster/query_internal.h"
#include "cluster/stages.h"
#include "common/alloc.h"

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

np_status query_verify(query *q, size_t j, const uint32_t *articles, const void *const *prints,
                       const size_t *sizes, size_t n, query_link **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    np_engine *e = NULL;
    np_status st = np_engine_new(&e, &q->params, NULL);
    for (size_t i = 0; st == NP_OK && i < n; i++)
        st = np_engine_add_fingerprint(e, prints[i], sizes[i]);
    if (st == NP_OK)
        st = np_engine_add_fingerprint(e, q->prints.data + q->offsets[j], q->offsets[j + 1] - q->offsets[j]);
    query_link *links = st == NP_OK ? np_alloc_array(NULL, n + 1, sizeof *links) : NULL;
    if (st == NP_OK && !links)
        st = NP_ENOMEM;
    for (size_t i = 0; st == NP_OK && i < n; i++) {
        copy_link l;
        int is_copy = 0;
        st = verify_compare(e, (uint32_t)i, (uint32_t)n, &l, &is_copy, NULL);
        if (st == NP_OK && is_copy)
            links[(*n_out)++] = (query_link){ articles[i], l };
    }
    np_engine_free(e);
    if (st != NP_OK) {
        np_free(NULL, links);
        *n_out = 0;
        return st;
    }
    *out = links;
    return NP_OK;
}

np_status query_verify_batch(query *q, const uint32_t *articles, const void *const *prints, const size_t *sizes,
                             size_t n, query_found **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    np_engine *e = NULL;
    np_status st = np_engine_new(&e, &q->params, NULL);
    for (size_t i = 0; st == NP_OK && i < n; i++)
        st = np_engine_add_fingerprint(e, prints[i], sizes[i]);
    for (size_t j = 0; st == NP_OK && j < q->n_new; j++)
        st = np_engine_add_fingerprint(e, q->prints.data + q->offsets[j], q->offsets[j + 1] - q->offsets[j]);
    buf found;
    buf_init(&found, NULL);
    size_t most = 0;
    for (size_t j = 0; j < q->n_new; j++) {
        const uint32_t *cands;
        size_t n_cands = query_candidates(q, j, &cands);
        most = n_cands > most ? n_cands : most;
    }
    /* each new article's candidates as engine positions, judged at once */
    uint32_t *at = st == NP_OK ? np_alloc_array(NULL, most + 1, sizeof *at) : NULL;
    size_t *which = st == NP_OK ? np_alloc_array(NULL, most + 1, sizeof *which) : NULL;
    copy_link *links = st == NP_OK ? np_alloc_array(NULL, most + 1, sizeof *links) : NULL;
    if (st == NP_OK && (!at || !which || !links))
        st = NP_ENOMEM;
    for (size_t j = 0; st == NP_OK && j < q->n_new; j++) {
        const uint32_t *cands;
        size_t n_cands = query_candidates(q, j, &cands), n_links = 0;
        for (size_t c = 0; st == NP_OK && c < n_cands; c++) {
            if (cands[c] >= q->base) {
                at[c] = (uint32_t)(n + (cands[c] - q->base));
            } else {
                const uint32_t *hit = bsearch(&cands[c], articles, n, sizeof *articles, cmp_u32);
                if (!hit)
                    st = NP_EPARAM; /* a candidate the caller left out */
                else
                    at[c] = (uint32_t)(hit - articles);
            }
        }
        if (st == NP_OK)
            st = verify_compare_copies(e, (uint32_t)(n + j), at, n_cands, links, which, &n_links);
        for (size_t l = 0; st == NP_OK && l < n_links; l++) {
            query_found f = { { cands[which[l]], links[l] }, (uint32_t)j };
            st = buf_append(&found, &f, sizeof f);
        }
    }
    np_free(NULL, at);
    np_free(NULL, which);
    np_free(NULL, links);
    np_engine_free(e);
    if (st != NP_OK) {
        buf_free(&found);
        return st;
    }
    *n_out = found.len / sizeof **out;
    *out = (query_found *)(void *)found.data; /* the buffer's block, np_free'd by the caller */
    return NP_OK;
}

/* The stories' weights by the corpus: each term's df in the neighbourhood
 * replaced by its df in the corpus, and the idf of each df by the
 * corpus's count, when the engine's grouping reaches the stories (its
 * vocabulary is made by then, the vectors not yet). */
typedef struct reweigh {
    query *q;
    np_engine *e;
    np_status st;
    int done;
} reweigh;

static void reweigh_stories(void *arg, np_stage stage, const char *step)
{
    reweigh *r = arg;
    if (stage != NP_STAGE_STORIES || step || r->done)
        return;
    r->done = 1;
    np_engine *e = r->e;
    const query *q = r->q;
    uint32_t most = 0;
    for (size_t i = 0; i < q->vocab_cap; i++)
        most = q->vocab[i].df > most ? q->vocab[i].df : most;
    float *idf = np_alloc_array(e->allocator, (size_t)most + 1, sizeof *idf);
    if (!idf) {
        r->st = NP_ENOMEM;
        return;
    }
    for (uint32_t df = 0; df <= most; df++)
        idf[df] = vocab_idf(q->n_arts, df);
    if (e->df_of_id) {
        for (size_t id = 0; id < e->n_ids; id++) {
            uint32_t df;
            float f;
            query_df_lookup(q, e->stem_of_id[id], &df, &f);
            if (df)
                e->df_of_id[id] = df;
        }
    } else {
        for (size_t i = 0; i < e->vocab_cap; i++)
            if (e->vocab[i].df) {
                uint32_t df;
                float f;
                query_df_lookup(q, e->vocab[i].stem, &df, &f);
                if (df)
                    e->vocab[i].df = df;
            }
    }
    np_free(e->allocator, e->idf_of_df);
    e->idf_of_df = idf;
}

np_status query_group(query *q, const void *const *prints, const size_t *sizes, size_t n, copy_link *links,
                      size_t n_links, np_engine **out)
{
    np_status st = np_engine_new(out, &q->params, NULL);
    if (st != NP_OK) {
        np_free(NULL, links);
        return st;
    }
    np_engine *e = *out;
    for (size_t i = 0; st == NP_OK && i < n; i++)
        st = np_engine_add_fingerprint(e, prints[i], sizes[i]);
    for (size_t j = 0; st == NP_OK && j < q->n_new; j++)
        st = np_engine_add_fingerprint(e, q->prints.data + q->offsets[j], q->offsets[j + 1] - q->offsets[j]);
    if (st == NP_OK && q->single)
        st = np_engine_mark_latest(e, n);
    if (st != NP_OK) {
        np_free(NULL, links);
        return st;
    }
    reweigh r = { q, e, NP_OK, 0 };
    np_engine_on_stage(e, reweigh_stories, &r);
    st = stage_run_with_links(e, links, n_links);
    return st != NP_OK ? st : r.st;
}
