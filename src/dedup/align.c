/* align: sentence coverage between two texts by stem overlap. */
#include "dedup/align.h"

size_t align_intersect(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t i = 0, j = 0, n = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j]) {
            i++;
        } else if (a[i] > b[j]) {
            j++;
        } else {
            n++;
            i++;
            j++;
        }
    }
    return n;
}

double align_coverage(const stem_set *a, size_t na, const stem_set *b, size_t nb,
                      double overlap, size_t min_stems, size_t *counted)
{
    size_t scored = 0, covered = 0;
    for (size_t i = 0; i < na; i++) {
        if (a[i].n < min_stems)
            continue;
        scored++;
        size_t need = (size_t)(overlap * (double)a[i].n + 0.999999);
        size_t prev = 0;
        for (size_t j = 0; j < nb; j++) {
            size_t here = align_intersect(a[i].stems, a[i].n, b[j].stems, b[j].n);
            /* a sentence split in two: its halves sit side by side; the
             * shared part is at most the sum, an upper bound good enough
             * because each half must also hold stems of a */
            if (here >= need || (j > 0 && prev + here >= need && prev && here)) {
                covered++;
                break;
            }
            prev = here;
        }
    }
    if (counted)
        *counted = scored;
    return scored ? (double)covered / (double)scored : 0.0;
}
