/* unit_story: the story stage's parts that tests can reach alone
 * (src/cluster/story_internal.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/story_internal.h"
#include "test.h"

/* story_top_terms against the plain way: every term sorted heaviest first
 * (the smaller stem first among equal weights), the first INDEX_TERMS
 * kept.  Weights drawn from a few values, so ties are many; in some
 * trials below zero too, and zeros written -0 and 0 (as heavy). */
static int cmp_heavier(const void *a, const void *b)
{
    const weighted *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return (x->stem > y->stem) - (x->stem < y->stem);
}

TEST(cluster_story_top_terms_match_sorting)
{
    enum { MOST = 300 };
    static weighted v[MOST], sorted[MOST];
    uint64_t state = 99;
    size_t differ = 0;
    for (int trial = 0; trial < 2000; trial++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t n = (size_t)(state >> 33) % MOST, values = 1 + (size_t)(state >> 20) % 40;
        for (size_t i = 0; i < n; i++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            /* stems ascending, as in a vector; weights of a few values */
            float w = (float)((state >> 40) % values) / 8.0f;
            if (trial % 3 == 1)
                w -= (float)(values / 2) / 8.0f;
            if (w == 0 && (state >> 30) & 1)
                w = -0.0f;
            v[i] = (weighted){ (uint32_t)(i * 2 + 1), w };
        }
        uint32_t top[INDEX_TERMS];
        size_t k = story_top_terms(v, n, top);
        memcpy(sorted, v, n * sizeof *v);
        qsort(sorted, n, sizeof *sorted, cmp_heavier);
        size_t want = n < INDEX_TERMS ? n : INDEX_TERMS;
        differ += k != want;
        for (size_t j = 0; j < k && j < want; j++)
            differ += top[j] != sorted[j].stem;
    }
    CHECK(differ == 0);
}

/* story_dot against the plain merge, to the bit: stems drawn from a small
 * range, so the two vectors share many, with names (bit 0) on either side
 * of a shared stem. */
static size_t random_vector(weighted *v, size_t most, uint64_t *state)
{
    size_t n = 0;
    for (uint32_t stem = 1; stem < 400 && n < most; stem++) {
        *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
        if ((*state >> 60) < 5) /* about a third of the stems */
            v[n++] = (weighted){ stem << 1 | (uint32_t)((*state >> 40) & 1), (float)((*state >> 20) % 1000) / 997.0f };
    }
    return n;
}

TEST(cluster_story_dot_matches_merge)
{
    static weighted a[400], b[400];
    uint64_t state = 7;
    size_t differ = 0;
    for (int trial = 0; trial < 500; trial++) {
        size_t na = random_vector(a, 400, &state), nb = random_vector(b, (size_t)trial % 400, &state);
        double want = 0;
        for (size_t i = 0, j = 0; i < na && j < nb;) {
            if (a[i].stem >> 1 < b[j].stem >> 1)
                i++;
            else if (a[i].stem >> 1 > b[j].stem >> 1)
                j++;
            else
                want += (double)a[i++].w * b[j++].w;
        }
        double got = story_dot(a, na, b, nb);
        differ += memcmp(&got, &want, sizeof got) != 0;
    }
    CHECK(differ == 0);
}

/* story_gallop_dot against story_dot, to the bit, the short vector
 * from empty to as long as the other. */
TEST(cluster_story_gallop_dot_matches_merge)
{
    static weighted a[400], b[400];
    uint64_t state = 5;
    size_t differ = 0;
    for (int trial = 0; trial < 500; trial++) {
        size_t na = random_vector(a, (size_t)trial % 50, &state), nb = random_vector(b, 400, &state);
        double want = story_dot(a, na, b, nb), got = story_gallop_dot(a, na, b, nb);
        differ += memcmp(&got, &want, sizeof got) != 0;
    }
    CHECK(differ == 0);
}

/* A large centroid's directory, once made, follows its adds and takeaways
 * (story_centroid_add) rather than being made again: after each, bucket b
 * must start at the first item of a bucket b or above, and a dot product
 * through it must be story_dot's, to the bit.  Stems spread over the
 * buckets (a vector's i-th possible stem is i << 22), so adds put items
 * in and takeaways of a vector added alone take them out, in every
 * bucket; the centroid grows past a directory size too. */
static size_t spread_vector(weighted *v, size_t every, uint64_t *state)
{
    size_t n = 0;
    for (uint32_t i = 1; i < 400; i++) {
        *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
        if ((*state >> 33) % every == 0)
            v[n++] = (weighted){ i << 22 | (uint32_t)((*state >> 40) & 1), (float)((*state >> 20) % 1000 + 1) / 997.0f };
    }
    return n;
}

TEST(cluster_story_directory_follows_adds)
{
    enum { KEPT = 24 };
    static np_engine e;
    static weighted added[KEPT][400], small[400];
    size_t n_added[KEPT] = { 0 }, live = 0;
    story_state s = { .e = &e };
    story_search q = { 0 };
    centroid big = { 0 };
    uint64_t state = 11;
    size_t differ = 0, followed = 0;
    for (int trial = 0; trial < 600; trial++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        int take = live > 0 && ((state >> 33) % 3 == 0 || live == KEPT);
        if (take) {
            size_t k = (size_t)(state >> 40) % live;
            CHECK(story_centroid_add(&s, &big, added[k], n_added[k], -1) == NP_OK);
            memcpy(added[k], added[live - 1], n_added[live - 1] * sizeof **added);
            n_added[k] = n_added[--live];
        } else {
            n_added[live] = spread_vector(added[live], 2 + (size_t)trial % 7, &state);
            CHECK(story_centroid_add(&s, &big, added[live], n_added[live], 1) == NP_OK);
            live++;
        }
        followed += big.dir_valid;
        if (big.dir_valid) {
            size_t buckets = (size_t)1 << big.dir_bits, b = 0;
            for (size_t i = 0; i < big.n; i++)
                for (size_t item_bucket = (big.items[i].stem >> 1) >> (31 - big.dir_bits); b <= item_bucket; b++)
                    differ += big.dir[b] != i;
            for (; b <= buckets; b++)
                differ += big.dir[b] != big.n;
        }
        centroid c = { .borrowed = 1 }; /* a unit's vector: no directory of its own */
        c.items = small;
        c.n = (uint32_t)spread_vector(small, 24, &state);
        double want = story_dot(small, c.n, big.items, big.n), got;
        CHECK(story_centroids_dot(&s, &q, &c, &big, &got) == NP_OK);
        differ += memcmp(&got, &want, sizeof got) != 0;
    }
    CHECK(differ == 0);
    CHECK(followed > 100); /* the test went through the directory kept */
    np_free(NULL, big.items);
    np_free(NULL, big.dir);
    np_free(NULL, s.steps);
}

/* A centroid with a directory against another of any size, from empty to
 * larger than it, either way round: story_dot's double, to the bit.  The
 * other's stems run past the centroid's last (those go unread). */
TEST(cluster_story_directory_dot_any_size)
{
    static np_engine e;
    static weighted big_v[400], other[400];
    story_state s = { .e = &e };
    story_search q = { 0 };
    centroid big = { 0 };
    uint64_t state = 31;
    size_t differ = 0, through = 0;
    size_t n_big = spread_vector(big_v, 2, &state);
    while (n_big && big_v[n_big - 1].stem >> 22 > 300) /* the others' go to 399 */
        n_big--;
    CHECK(story_centroid_add(&s, &big, big_v, n_big, 1) == NP_OK);
    CHECK(story_centroid_add(&s, &big, big_v, n_big / 2, 1) == NP_OK); /* its own items */
    for (int trial = 0; trial < 400; trial++) {
        size_t n = spread_vector(other, 1 + (size_t)trial % 13, &state);
        centroid c = { .borrowed = 1 };
        c.items = other;
        c.n = (uint32_t)(trial % 50 == 0 ? 0 : n);
        if (!big.dir_valid) { /* made by a vector far shorter */
            centroid tiny = { .borrowed = 1, .items = big_v, .n = 1 };
            double unused;
            CHECK(story_centroids_dot(&s, &q, &tiny, &big, &unused) == NP_OK);
        }
        through += big.dir_valid;
        double want = story_dot(other, c.n, big.items, big.n), got_ab, got_ba;
        CHECK(story_centroids_dot(&s, &q, &c, &big, &got_ab) == NP_OK);
        CHECK(story_centroids_dot(&s, &q, &big, &c, &got_ba) == NP_OK);
        differ += memcmp(&got_ab, &want, sizeof want) != 0;
        differ += memcmp(&got_ba, &want, sizeof want) != 0;
    }
    CHECK(differ == 0);
    CHECK(through == 400);
    np_free(NULL, big.items);
    np_free(NULL, big.dir);
    np_free(NULL, s.steps);
}

/* directory_dot on a centroid of 12,000 items, past the size from which
 * it fetches ahead, against the merge, to the bit: vectors whose stems
 * run past the centroid's last, stop on it (the name mark apart), stop
 * just before it, or lie wholly past it; some of them share none of its
 * stems. */
TEST(cluster_story_directory_dot_large_centroid)
{
    enum { BIG = 12000, SHORT = 300 };
    static np_engine e;
    static weighted big_v[BIG], v[SHORT];
    story_state s = { .e = &e };
    story_search q = { 0 };
    centroid big = { 0 };
    uint64_t state = 47;
    size_t differ = 0;
    for (uint32_t i = 0; i < BIG; i++) { /* stems 2 (i + 1) << 17, every other bucket's */
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        big_v[i] = (weighted){ (2 * (i + 1)) << 17 | (uint32_t)((state >> 40) & 1), (float)((state >> 20) % 1000 + 1) / 991.0f };
    }
    CHECK(story_centroid_add(&s, &big, big_v, BIG, 1) == NP_OK);
    uint32_t last = big.items[big.n - 1].stem;
    for (int trial = 0; trial < 200; trial++) {
        size_t n = 0;
        uint32_t stem = (uint32_t)trial << 20 | 1u << 17;
        if (trial % 5 == 4)
            stem = last + 2; /* wholly past it */
        while (n < SHORT && stem < UINT32_MAX - (1u << 18)) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            uint32_t step = 1u << (16 + (unsigned)((state >> 33) % 3)); /* on its stems, or between */
            if (trial % 5 == 1 && stem < last && stem + step > last)
                step = (last & ~1u) - stem; /* on its last, then past */
            if (trial % 5 == 2 && stem < last - 2 && stem + step >= last - 2)
                step = (last & ~1u) - 2 - stem; /* just before its last, then past */
            if (step == 0)
                step = 2;
            stem += step;
            v[n++] = (weighted){ (stem & ~1u) | (uint32_t)((state >> 41) & 1), (float)((state >> 22) % 1000 + 1) / 983.0f };
            if (trial % 5 == 3 && stem > last / 2)
                break; /* all before its last */
        }
        centroid c = { .borrowed = 1, .items = v, .n = (uint32_t)n };
        double want = story_dot(v, n, big.items, big.n), got;
        CHECK(story_centroids_dot(&s, &q, &c, &big, &got) == NP_OK);
        CHECK(big.dir_valid);
        differ += memcmp(&got, &want, sizeof want) != 0;
    }
    CHECK(differ == 0);
    np_free(NULL, big.items);
    np_free(NULL, big.dir);
    np_free(NULL, s.steps);
}

/* A story past 128 items keeps a directory as its items change (the
 * passes' threads read directories and make none): after every add or
 * takeaway that leaves it over 128 items it has one, and a thread's dot
 * product through it is the merge's, to the bit. */
TEST(cluster_story_large_story_keeps_directory)
{
    static np_engine e;
    static weighted added[40][400], v[400];
    size_t n_added[40] = { 0 };
    story_state s = { .e = &e };
    story_search thread = { .shared = 1 };
    centroid c = { 0 };
    uint64_t state = 59;
    size_t missing = 0, differ = 0, large = 0;
    for (int k = 0; k < 40; k++) {
        n_added[k] = spread_vector(added[k], 3 + (size_t)k % 5, &state);
        CHECK(story_centroid_add(&s, &c, added[k], n_added[k], 1) == NP_OK);
        if (k % 4 == 3) /* one of them taken away again */
            CHECK(story_centroid_add(&s, &c, added[k - 2], n_added[k - 2], -1) == NP_OK);
        if (c.n <= 128)
            continue;
        large++;
        missing += !c.dir_valid;
        size_t n = spread_vector(v, 1 + (size_t)k % 3, &state) / 2;
        centroid u = { .borrowed = 1, .items = v, .n = (uint32_t)n };
        double want = story_dot(v, n, c.items, c.n), got;
        CHECK(story_centroids_dot(&s, &thread, &u, &c, &got) == NP_OK);
        differ += memcmp(&got, &want, sizeof want) != 0;
    }
    CHECK(large > 20);
    CHECK(missing == 0);
    CHECK(differ == 0);
    np_free(NULL, c.items);
    np_free(NULL, c.dir);
    np_free(NULL, s.steps);
}

/* story_centroid_add against the plain way, to the bit: a dense table of
 * the centroid's 400 possible stems (stem i << 22), each add worked out
 * on it as the add does (a weight coming to nothing leaves; a stem new to
 * the centroid takes the vector's name mark, one there keeps its own as
 * well).  The adds put items in, take them out, or both at once (a
 * vector that cancels some of the centroid's weights and brings stems it
 * lacks), on a centroid that starts as a unit's vector (borrowed) and
 * then holds its own items; the norm is the sum of the squares in stem
 * order. */
static void centroid_add_against_plain(int through_directory)
{
    static np_engine e;
    static weighted first[400], v[400];
    float ref_w[400] = { 0 };
    uint32_t ref_stem[400] = { 0 };
    story_state s = { .e = &e };
    story_search q = { 0 };
    centroid c = { 0 };
    uint64_t state = 23;
    size_t differ = 0, followed = 0, n = spread_vector(first, 3, &state);
    for (size_t j = 0; j < n; j++) {
        ref_stem[first[j].stem >> 22] = first[j].stem;
        ref_w[first[j].stem >> 22] = first[j].w;
    }
    for (int trial = 0; trial < 400; trial++) {
        if (trial % 8 == 0) { /* a unit's vector again, borrowed */
            n = 0;
            for (uint32_t i = 1; i < 400; i++)
                if (ref_stem[i])
                    first[n++] = (weighted){ ref_stem[i], ref_w[i] };
            if (!c.borrowed)
                np_free(NULL, c.items);
            np_free(NULL, c.dir);
            c = (centroid){ 0 };
            story_centroid_start(&c, first, n, story_norm2(first, n), NULL, 0);
        }
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned kind = (unsigned)(state >> 33) % 3; /* in, out, both */
        double sign = kind == 0 ? 1 : -1;
        size_t nv = 0;
        for (uint32_t i = 1; i < 400; i++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned roll = (unsigned)(state >> 33) % 8;
            uint32_t name = (uint32_t)(state >> 40) & 1;
            float w = (float)((state >> 20) % 1000 + 1) / 997.0f;
            if (ref_stem[i] && kind != 0 && roll < 3)
                v[nv++] = (weighted){ i << 22 | name, ref_w[i] }; /* cancels it: out */
            else if (ref_stem[i] && roll < 4)
                v[nv++] = (weighted){ i << 22 | name, kind == 1 ? ref_w[i] / 4 : w };
            else if (!ref_stem[i] && kind != 1 && roll < 2)
                v[nv++] = (weighted){ i << 22 | name, w };
        }
        for (size_t j = 0; j < nv; j++) {
            uint32_t i = v[j].stem >> 22;
            if (ref_stem[i]) {
                float w = (float)(ref_w[i] + sign * v[j].w);
                ref_stem[i] = fabsf(w) > 1e-6f ? ref_stem[i] | (v[j].stem & 1) : 0;
                ref_w[i] = w;
            } else {
                ref_stem[i] = v[j].stem;
                ref_w[i] = (float)(sign * v[j].w);
            }
        }
        if (through_directory && c.n > 2) { /* made by a dot product with a vector far shorter */
            centroid tiny = { .borrowed = 1, .items = c.items, .n = 1 };
            double unused;
            CHECK(story_centroids_dot(&s, &q, &tiny, &c, &unused) == NP_OK);
            followed += c.dir_valid;
        }
        CHECK(story_centroid_add(&s, &c, v, nv, sign) == NP_OK);
        size_t k = 0;
        double n2 = 0;
        for (uint32_t i = 1; i < 400; i++) {
            if (!ref_stem[i])
                continue;
            differ += k >= c.n || c.items[k].stem != ref_stem[i] || memcmp(&c.items[k].w, &ref_w[i], sizeof ref_w[i]) != 0;
            n2 += (double)ref_w[i] * ref_w[i];
            k++;
        }
        differ += k != c.n || memcmp(&n2, &c.norm2, sizeof n2) != 0;
    }
    CHECK(differ == 0);
    CHECK(!c.borrowed);
    CHECK(!through_directory || followed > 300); /* the adds went through a directory */
    np_free(NULL, c.items);
    np_free(NULL, c.dir);
    np_free(NULL, s.steps);
}

TEST(cluster_story_centroid_add_matches_plain)
{
    centroid_add_against_plain(0);
}

/* The same, each add made with the centroid's directory valid: the add
 * starts its search for a stem at the stem's bucket, where no item before
 * it has moved yet. */
TEST(cluster_story_centroid_add_through_directory)
{
    centroid_add_against_plain(1);
}

/* story_probe_dot against story_dot, to the bit: a vector loaded
 * (story_probe_load) and dotted with others of any length, either
 * vector's stems past the other's; some loaded and never dotted (the
 * table filled only when first needed), in a table reserved once for the
 * longest, as a thread's is. */
TEST(cluster_story_probe_dot_matches_merge)
{
    static np_engine e;
    static weighted a[400], b[400];
    story_state s = { .e = &e };
    story_search q = { 0 };
    uint64_t state = 13;
    size_t differ = 0;
    CHECK(story_probe_reserve(NULL, &q, 400) == NP_OK);
    q.shared = 1;
    for (int trial = 0; trial < 300; trial++) {
        size_t na = random_vector(a, (size_t)trial % 400, &state);
        CHECK(story_probe_load(&s, &q, a, na) == NP_OK);
        if (trial % 5 == 4)
            continue; /* loaded, not read: the next load's table is its own */
        for (int other = 0; other < 4; other++) {
            size_t nb = random_vector(b, (size_t)(trial * 7 + other * 91) % 400, &state);
            double want = story_dot(a, na, b, nb), got = story_probe_dot(&q, b, nb);
            differ += memcmp(&got, &want, sizeof got) != 0;
        }
    }
    CHECK(differ == 0);
    np_free(NULL, q.probe_keys);
    np_free(NULL, q.probe_gen);
    np_free(NULL, q.probe_weights);
}

/* The same in the fullest tables: a table reserved for 32 terms (64
 * slots) loaded with 32 of 64 close stems, half its slots taken, so many
 * items find another key in their first slot and probe on (past the
 * table's end, round to its start); a slot of an older load, with its old
 * key and weight, is no hit.  Each dot also after a load of other stems,
 * so every slot has held a weight. */
TEST(cluster_story_probe_dot_full_table)
{
    static np_engine e;
    weighted a[32], b[64], other[32];
    story_state s = { .e = &e };
    story_search q = { 0 };
    uint64_t state = 29;
    size_t differ = 0;
    CHECK(story_probe_reserve(NULL, &q, 32) == NP_OK);
    CHECK(q.probe_cap == 64);
    q.shared = 1;
    for (int trial = 0; trial < 400; trial++) {
        size_t na = 0, nb = 0;
        for (uint32_t stem = 1; stem <= 64; stem++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            float w = (float)((state >> 20) % 1000 + 1) / 997.0f;
            if ((state >> 62) < 2 && na < 32)
                a[na++] = (weighted){ stem << 1 | (uint32_t)(state >> 40 & 1), w };
            if ((state >> 61 & 1) == 0)
                b[nb++] = (weighted){ stem << 1 | (uint32_t)(state >> 41 & 1), w * 0.5f };
        }
        for (size_t k = 0; k < 32; k++) /* stems of no a nor b, every slot's weight 1 */
            other[k] = (weighted){ (uint32_t)(200 + 3 * k + (size_t)trial % 3) << 1, 1.0f };
        CHECK(story_probe_load(&s, &q, other, 32) == NP_OK);
        (void)story_probe_dot(&q, other, 32);
        CHECK(story_probe_load(&s, &q, a, na) == NP_OK);
        double want = story_dot(a, na, b, nb), got = story_probe_dot(&q, b, nb);
        differ += memcmp(&got, &want, sizeof got) != 0;
        double self = story_dot(a, na, a, na), got_self = story_probe_dot(&q, a, na);
        differ += memcmp(&got_self, &self, sizeof self) != 0;
    }
    CHECK(differ == 0);
    np_free(NULL, q.probe_keys);
    np_free(NULL, q.probe_gen);
    np_free(NULL, q.probe_weights);
}

/* A story started by a unit takes the unit's heaviest terms (made with its
 * vector) as its own, the same story_top_terms makes of its items, until
 * an add changes them. */
TEST(cluster_story_centroid_start_takes_top)
{
    static np_engine e;
    static weighted v[400];
    story_state s = { .e = &e };
    uint64_t state = 41;
    size_t n = random_vector(v, 400, &state);
    uint32_t top[INDEX_TERMS];
    size_t k = story_top_terms(v, n, top);
    centroid c = { 0 }, made = { 0 };
    story_centroid_start(&c, v, n, story_norm2(v, n), top, k);
    story_centroid_start(&made, v, n, story_norm2(v, n), NULL, 0);
    CHECK(c.top_valid && !made.top_valid);
    story_centroid_top(&made);
    CHECK(k == INDEX_TERMS && c.n_top == made.n_top && memcmp(c.top, made.top, k * sizeof *top) == 0);
    CHECK(story_centroid_add(&s, &c, v, n / 2, 1) == NP_OK);
    CHECK(!c.top_valid && !c.borrowed);
    np_free(NULL, c.items);
    np_free(NULL, c.dir);
    np_free(NULL, s.steps);
}

/* story_tally_add against the plain merge of the two tallies, fact by fact:
 * tallies of a few to hundreds of facts from a small range of nouns and
 * keys, so that many meet, added and taken away, with facts repeated in
 * the added ones (a unit that states one twice) and counts that fall to
 * zero; the tally starts as a unit's (borrowed), then holds its own. */
static size_t plain_tally_add(const fact_tally *a, size_t na, const fact_tally *f, size_t nf, int sign,
                              fact_tally *out)
{
    size_t i = 0, j = 0, k = 0;
    while (i < na || j < nf) {
        int order = i == na ? 1 : j == nf ? -1 : a[i].noun != f[j].noun ? (a[i].noun < f[j].noun ? -1 : 1)
                                              : a[i].key != f[j].key ? (a[i].key < f[j].key ? -1 : 1) : 0;
        if (order < 0) {
            out[k++] = a[i++];
        } else if (order > 0) {
            if (sign > 0)
                out[k++] = f[j];
            j++;
        } else {
            fact_tally t = a[i++];
            t.units = sign > 0 ? t.units + f[j].units : t.units - f[j].units;
            j++;
            if (t.units)
                out[k++] = t;
        }
    }
    return k;
}

static size_t random_tally(fact_tally *f, size_t most, uint64_t *state)
{
    size_t n = 0;
    for (uint32_t noun = 1; noun < 60 && n < most; noun++)
        for (uint32_t key = 1; key < 12 && n < most; key++) {
            *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned roll = (unsigned)(*state >> 33) % 16;
            for (unsigned times = roll < 2 ? 2 : roll < 5 ? 1 : 0; times-- && n < most;)
                f[n++] = (fact_tally){ noun, key, 1 };
        }
    return n;
}

TEST(cluster_story_tally_add_matches_merge)
{
    static np_engine e;
    static fact_tally first[1400], f[1400], ref[4000], next[4000];
    story_state s = { .e = &e };
    size_t differ = 0, n_ref = 0;
    uint64_t state = 77;
    centroid c = { 0 };
    for (int trial = 0; trial < 600; trial++) {
        if (trial % 50 == 0) { /* a unit's tally again, borrowed */
            if (!c.facts_borrowed)
                np_free(NULL, c.facts);
            c = (centroid){ 0 };
            n_ref = random_tally(first, 1400, &state);
            memcpy(ref, first, n_ref * sizeof *ref);
            story_tally_start(&c, first, n_ref);
        }
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        int sign = (state >> 40) % 3 == 0 ? -1 : 1;
        size_t most = (state >> 20) % 4 == 0 ? 1400 : (size_t)(state >> 50) % 12;
        size_t nf = random_tally(f, most, &state);
        size_t n_next = plain_tally_add(ref, n_ref, f, nf, sign, next);
        CHECK(story_tally_add(&s, &c, f, nf, sign) == NP_OK);
        differ += c.n_facts != n_next;
        differ += c.n_facts == n_next && n_next && memcmp(c.facts, next, n_next * sizeof *next) != 0;
        memcpy(ref, next, n_next * sizeof *ref);
        n_ref = n_next;
        if (n_ref > 2600) { /* start again before the reference's room is spent */
            if (!c.facts_borrowed)
                np_free(NULL, c.facts);
            c = (centroid){ 0 };
            n_ref = 0;
        }
    }
    CHECK(differ == 0);
    if (!c.facts_borrowed)
        np_free(NULL, c.facts);
    np_free(NULL, s.fact_merge);
}

/* The refinement's first pass keeps each unit's weighing for the second as
 * the candidates of a weight above -INFINITY, then its own story's: a
 * candidate of a dense corpus (30 a unit at x12k, 98% of them below the
 * join threshold) takes no room, so the lists of many units fit in the
 * room there is (PRIOR_PER_ARTICLE weights an article), where whole lists
 * ran out of it. */
TEST(cluster_story_refine_keeps_weights_above_minus_infinity)
{
    static np_engine e;
    e.n_arts = 47; /* room for 188: the lists, and a turn's 31 at the end */
    enum { UNITS = 40, FOUND = 30 };
    uint32_t prior_first[UNITS + 1], prior_n[UNITS + 1] = { 0 }, found[FOUND];
    story_state s = { .e = &e, .n_units = UNITS, .prior_first = prior_first, .prior_n = prior_n, .prior_keep = 1 };
    double weights[FOUND + 1];
    for (size_t u = 0; u < UNITS; u++) {
        for (uint32_t f = 0; f < FOUND; f++) {
            found[f] = f * 7 + (uint32_t)u;
            weights[f] = f % 10 == u % 10 ? 0.25 + 0.001 * f : -INFINITY;
        }
        weights[FOUND] = 0.5 - 0.001 * (double)u;
        story_refine_keep(&s, u, found, FOUND, weights);
    }
    int all = 1;
    for (size_t u = 0; u < UNITS; u++) {
        const uint32_t *kept = s.prior_story + prior_first[u];
        const double *w = s.prior_w + prior_first[u];
        all &= prior_n[u] == 4 && kept[3] == UINT32_MAX && w[3] == 0.5 - 0.001 * (double)u;
        for (uint32_t i = 0; i < 3 && all; i++) {
            uint32_t f = (uint32_t)(u % 10) + 10 * i;
            all &= kept[i] == f * 7 + (uint32_t)u && w[i] == 0.25 + 0.001 * f;
        }
    }
    CHECK(all);
    CHECK(s.n_prior == 4 * UNITS);
    /* kept in place: the weights written at the room's end, as a turn does */
    uint32_t one[3] = { 5, 6, 7 };
    double *room = s.prior_w + s.n_prior;
    if (s.cap_prior_w >= s.n_prior + 4 && s.cap_prior_story >= s.n_prior + 4) {
        room[0] = -INFINITY, room[1] = 0.75, room[2] = -INFINITY, room[3] = 0.125;
        story_refine_keep(&s, 0, one, 3, room);
        CHECK(prior_n[0] == 2 && s.prior_story[prior_first[0]] == 6 && s.prior_w[prior_first[0]] == 0.75 &&
              s.prior_story[prior_first[0] + 1] == UINT32_MAX && s.prior_w[prior_first[0] + 1] == 0.125);
    }
    np_free(NULL, s.prior_story);
    np_free(NULL, s.prior_w);
}

/* The first pass's similarities kept for the refinement: one stands while
 * its story takes no unit after the one weighed, merges with none
 * (online_last UINT32_MAX) and moves none (s->changed); a story the
 * refinement would not weigh (beyond move_window) is not kept; a weight less
 * across months is kept as the similarity it was made of; when the room
 * is spent, and once the merge pass is done, the weighings of stories
 * changed since give theirs, and the rest stand. */
TEST(cluster_story_online_kept_similarities)
{
    static np_engine e;
    e.n_arts = 2;
    e.params.story_window = 7;
    e.params.move_window = 3;
    unit units[4] = { { .day = 10 }, { .day = 11 }, { .day = 12, .months = 1 }, { .day = 13, .months = 1 } };
    centroid cents[4] = { { .first_day = 10, .last_day = 10 }, { .first_day = 10, .last_day = 10 },
                          { .first_day = 10, .last_day = 10, .months = 1 << 6 }, { .first_day = 14, .last_day = 14 } };
    uint32_t changed[4] = { 0 };
    story_state s = { .e = &e, .units = units, .n_units = 4, .cents = cents, .n_cents = 4, .cap_cents = 4,
                      .changed = changed };
    story_online_kept_begin(&s);
    CHECK(s.online_first != NULL && s.online_last != NULL);
    s.online_last[0] = s.online_last[2] = s.online_last[3] = 0; /* stories begun before unit 0 */
    s.cap_online = 6;                        /* of the 8 there is room for */
    double sim = 0;
    /* unit 0 weighs stories 0 and 1 and takes story 1 */
    story_online_keep(&s, &units[0], 0, 0.25);
    story_online_keep(&s, &units[0], 1, 0.5);
    story_online_keep(&s, &units[0], 2, -INFINITY); /* not open: not weighed */
    story_online_keep(&s, &units[0], 3, 0.5);       /* 4 days away: the refinement would not weigh it */
    story_online_place(&s, &units[0], 1);
    /* unit 1 weighs story 2 and takes story 0 */
    story_online_keep(&s, &units[1], 2, 0.125);
    story_online_place(&s, &units[1], 0);
    /* unit 2 names other months than story 2: 0.3 is half its similarity */
    story_online_keep(&s, &units[2], 2, 0.3);
    story_online_keep(&s, &units[2], 1, 0.0625);
    story_online_place(&s, &units[2], 2);
    CHECK(!story_online_known(&s, &units[0], 0, &sim)); /* unit 1 joined story 0 since */
    CHECK(!story_online_known(&s, &units[0], 1, &sim)); /* unit 0's own */
    CHECK(!story_online_known(&s, &units[0], 2, &sim)); /* not weighed */
    CHECK(!story_online_known(&s, &units[0], 3, &sim)); /* beyond move_window */
    CHECK(story_online_known(&s, &units[2], 1, &sim) && sim == 0.0625);
    CHECK(!story_online_known(&s, &units[1], 2, &sim)); /* unit 2 joined story 2 */
    /* the room (6) is spent at unit 3's second weighing: the stale ones go */
    CHECK(s.n_online == 5);
    story_online_keep(&s, &units[3], 1, 0.75);
    story_online_keep(&s, &units[3], 2, 0.875);
    story_online_keep(&s, &units[3], 0, 0.375);
    story_online_place(&s, &units[3], 0);
    CHECK(s.n_online == 4 && !s.online_full); /* only 0.0625 stood of the first five */
    CHECK(story_online_known(&s, &units[2], 1, &sim) && sim == 0.0625);
    CHECK(story_online_known(&s, &units[3], 1, &sim) && sim == 0.75);
    CHECK(story_online_known(&s, &units[3], 2, &sim) && sim == 0.875 * 2); /* other months */
    CHECK(!story_online_known(&s, &units[3], 0, &sim)); /* its own */
    s.online_last[2] = UINT32_MAX;                      /* merged */
    CHECK(!story_online_known(&s, &units[3], 2, &sim));
    story_online_settle(&s); /* gives back the weighings of stories 0 and 2 */
    CHECK(s.n_online == 2 && story_online_known(&s, &units[2], 1, &sim) && sim == 0.0625);
    CHECK(story_online_known(&s, &units[3], 1, &sim) && sim == 0.75);
    changed[1] = 1;                                     /* a unit moved */
    CHECK(!story_online_known(&s, &units[3], 1, &sim));
    story_online_free(&s);
    CHECK(s.online_first == NULL && !story_online_known(&s, &units[2], 1, &sim));
}
