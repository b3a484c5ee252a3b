/* test_sketch.c - MinHash estimate error, LSH candidate recall, radix sort,
 * the count table, the fixed string table, the IDF table. */
#include <math.h>

#include "testutil.h"

#include "engine.h"

/* xorshift64*: a fixed-seed generator for reproducible sets. */
static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

/* Two sets with `shared` common elements and `only` elements each of their
 * own: Jaccard = shared / (shared + 2 * only).  Returns the sizes. */
static void make_pair(uint64_t *a, uint64_t *b, size_t shared, size_t only)
{
    for (size_t i = 0; i < shared; i++)
        a[i] = b[i] = rnd();
    for (size_t i = 0; i < only; i++) {
        a[shared + i] = rnd();
        b[shared + i] = rnd();
    }
}

static void test_minhash_mae(void **state)
{
    (void)state;
    rng_state = 0x1234567;
    enum { K = 128, PAIRS = 1000 };
    static uint64_t a[3000], b[3000];
    uint16_t sa[K], sb[K];
    double err = 0, worst = 0;
    for (int p = 0; p < PAIRS; p++) {
        size_t total = 50 + rnd() % 950; /* union size 50..999 */
        double J = (double)(rnd() % 1001) / 1000.0;
        size_t shared = (size_t)(J * total + 0.5);
        size_t only = (total - shared) / 2;
        if (shared + 2 * only == 0)
            shared = 1;
        make_pair(a, b, shared, only);
        double truth = (double)shared / (double)(shared + 2 * only);
        sl__minhash(sa, K, a, shared + only, 42);
        sl__minhash(sb, K, b, shared + only, 42);
        double e = sl__minhash_jaccard(sa, sb, K) - truth;
        e = e < 0 ? -e : e;
        err += e;
        worst = e > worst ? e : worst;
    }
    double mae = err / PAIRS;
    print_message("MinHash k=%d: mean absolute error %.4f, worst %.3f\n", K, mae, worst);
    assert_true(mae <= 0.03);
    assert_true(worst < 0.25);
}

static void test_minhash_identical_and_disjoint(void **state)
{
    (void)state;
    rng_state = 99;
    uint64_t a[300], b[300];
    uint16_t sa[128], sb[128];
    make_pair(a, b, 300, 0);
    sl__minhash(sa, 128, a, 300, 1);
    sl__minhash(sb, 128, b, 300, 1);
    assert_true(sl__minhash_jaccard(sa, sb, 128) > 0.999);
    make_pair(a, b, 0, 300);
    sl__minhash(sa, 128, a, 300, 1);
    sl__minhash(sb, 128, b, 300, 1);
    assert_true(sl__minhash_jaccard(sa, sb, 128) < 0.05);
    /* repeats do not change the signature (it is a set sketch) */
    uint64_t rep[600];
    for (int i = 0; i < 600; i++)
        rep[i] = a[i % 300];
    uint16_t sr[128];
    sl__minhash(sa, 128, a, 300, 1);
    sl__minhash(sr, 128, rep, 600, 1);
    assert_memory_equal(sa, sr, sizeof sa);
}

static void test_minhash_small_sets_densified(void **state)
{
    (void)state;
    /* 3 elements into 128 bins: densification fills every bin, equal sets
     * still give equal signatures, and a borrowed bin's code is made from
     * the element and the bin, so codes are not 3 values repeated */
    uint64_t a[3] = {1, 2, 3}, b[3] = {3, 2, 1};
    uint16_t sa[128], sb[128];
    sl__minhash(sa, 128, a, 3, 7);
    sl__minhash(sb, 128, b, 3, 7);
    assert_memory_equal(sa, sb, sizeof sa);
    unsigned distinct = 0;
    for (int i = 0; i < 128; i++) {
        int seen = 0;
        for (int j = 0; j < i; j++)
            seen |= sa[j] == sa[i];
        distinct += !seen;
    }
    assert_true(distinct >= 100);
    /* one-element sets (one-word articles): two different ones must not
     * look alike; with the donor's code copied to every bin, 1 pair in
     * 65536 had equal codes everywhere, estimated Jaccard 1 */
    double worst = 0;
    for (uint64_t x = 0; x < 2000; x++) {
        uint64_t e1 = x, e2 = x + 1000000;
        sl__minhash(sa, 128, &e1, 1, 7);
        sl__minhash(sb, 128, &e2, 1, 7);
        double j = sl__minhash_jaccard(sa, sb, 128);
        worst = j > worst ? j : worst;
    }
    assert_true(worst < 0.05);
}

static void test_lsh_recall(void **state)
{
    (void)state;
    rng_state = 777;
    enum { K = 128, BASES = 200, NOISE = 2000, N = 2 * BASES + NOISE };
    uint16_t *sig = calloc((size_t)N * K, sizeof *sig);
    uint32_t *ids = malloc(N * sizeof *ids);
    static uint64_t a[400], b[400];
    assert_non_null(sig);
    /* pairs (2i, 2i+1) with Jaccard 0.5..0.9; then unrelated sets */
    for (int i = 0; i < BASES; i++) {
        double J = 0.5 + 0.4 * (double)i / BASES;
        size_t total = 200;
        size_t shared = (size_t)(J * total);
        size_t only = (total - shared) / 2;
        make_pair(a, b, shared, only);
        sl__minhash(sig + (size_t)(2 * i) * K, K, a, shared + only, 3);
        sl__minhash(sig + (size_t)(2 * i + 1) * K, K, b, shared + only, 3);
    }
    for (int i = 2 * BASES; i < N; i++) {
        for (int x = 0; x < 150; x++)
            a[x] = rnd();
        sl__minhash(sig + (size_t)i * K, K, a, 150, 3);
    }
    for (int i = 0; i < N; i++)
        ids[i] = (uint32_t)i;
    uint64_t *pairs, *bulk;
    size_t np, nb;
    assert_int_equal(sl__lsh_pairs(&pairs, &np, &bulk, &nb, sig, K, ids, N, 42, 3, 64, 2, 0),
                     SL_OK);
    assert_int_equal(nb, 0); /* no bucket over 64 */
    free(bulk);
    int found = 0;
    size_t spurious = 0;
    for (size_t x = 0; x < np; x++) {
        uint32_t lo = (uint32_t)(pairs[x] >> 32), hi = (uint32_t)pairs[x];
        assert_true(lo < hi);
        if (x)
            assert_true(pairs[x - 1] < pairs[x]); /* sorted, unique */
        if (hi < 2 * BASES && lo % 2 == 0 && hi == lo + 1)
            found++;
        else
            spurious++;
    }
    print_message("LSH 42x3: recall %d/%d at J>=0.5, %zu other candidates of %d pairs\n",
                  found, BASES, spurious, N * (N - 1) / 2);
    assert_true(found >= BASES * 98 / 100);
    assert_true(spurious < 200);
    free(pairs);
    /* the same with 1 thread: identical output */
    uint64_t *pairs1;
    size_t np1;
    assert_int_equal(sl__lsh_pairs(&pairs1, &np1, &bulk, &nb, sig, K, ids, N, 42, 3, 64, 1, 0),
                     SL_OK);
    assert_int_equal(np1, np);
    free(pairs1);
    free(bulk);
    free(sig);
    free(ids);
}

static void test_lsh_huge_bucket_bounded(void **state)
{
    (void)state;
    /* 5000 identical signatures: no pair among the candidates of small
     * buckets; the bulk pairs stay linear in n (each member pairs with the
     * next 4) instead of 12.5 million, sorted, unique and connecting all */
    enum { K = 16, N = 5000 };
    uint16_t *sig = calloc((size_t)N * K, sizeof *sig);
    uint32_t *ids = malloc(N * sizeof *ids);
    for (int i = 0; i < N; i++)
        ids[i] = (uint32_t)i;
    uint64_t *pairs, *bulk;
    size_t np, nb;
    assert_int_equal(sl__lsh_pairs(&pairs, &np, &bulk, &nb, sig, K, ids, N, 4, 4, 16, 2, 0),
                     SL_OK);
    assert_int_equal(np, 0);
    assert_true(nb <= (size_t)N * 4);
    for (size_t x = 1; x < nb; x++)
        assert_true(bulk[x - 1] < bulk[x]);
    size_t chain = 0; /* (i, i + 1) for every i: connected */
    for (size_t x = 0; x < nb; x++)
        chain += (uint32_t)bulk[x] == (uint32_t)(bulk[x] >> 32) + 1;
    assert_int_equal(chain, N - 1);
    free(pairs);
    free(bulk);
    free(sig);
    free(ids);
}

static void test_radix_sort(void **state)
{
    (void)state;
    rng_state = 5;
    /* up to 29524 keys: most have their top 16 bits 0, so the in-place
     * sort's largest group passes the small sorts' limit too */
    for (size_t n = 0; n < 30000; n = n * 3 + 1) {
        uint64_t *v = malloc((n + 1) * 8), *t = malloc((n + 1) * 8);
        uint32_t *w = malloc((n + 1) * 4), *u = malloc((n + 1) * 4);
        for (size_t i = 0; i < n; i++) {
            v[i] = rnd() >> (rnd() % 64);
            w[i] = (uint32_t)rnd() % 1000;
        }
        uint64_t *x = malloc((n + 1) * 8);
        memcpy(x, v, n * 8);
        sl__sort_u64(v, t, n);
        sl__sort_u32(w, u, n);
        assert_int_equal(sl__sort_u64_inplace(x, n, 1 + (unsigned)(n % 2)), SL_OK);
        for (size_t i = 1; i < n; i++) {
            assert_true(v[i - 1] <= v[i]);
            assert_true(w[i - 1] <= w[i]);
        }
        for (size_t i = 0; i < n; i++)
            assert_true(x[i] == v[i]);
        free(x);
        free(v);
        free(t);
        free(w);
        free(u);
    }
}

/* The m smallest first, whatever the input: against a full sort, with
 * many repeats (keys of a few values), sorted and reversed input. */
static void test_select(void **state)
{
    (void)state;
    rng_state = 11;
    for (size_t n = 0; n < 2000; n = n * 2 + 1)
        for (unsigned shape = 0; shape < 4; shape++)
            for (size_t m = 0; m <= n + 1; m += 1 + n / 7) {
                uint64_t *v = malloc((n + 1) * 8), *s = malloc((n + 1) * 8),
                         *t = malloc((n + 1) * 8);
                for (size_t i = 0; i < n; i++)
                    v[i] = shape == 0   ? rnd()
                           : shape == 1 ? rnd() % 3
                           : shape == 2 ? i
                                        : n - i;
                memcpy(s, v, n * 8);
                sl__sort_u64(s, t, n);
                size_t k = sl__select_u64(v, n, m);
                assert_int_equal(k, m < n ? m : n);
                sl__sort_u64(v, t, k);
                for (size_t i = 0; i < k; i++)
                    assert_true(v[i] == s[i]);
                free(v);
                free(s);
                free(t);
            }
}

/* The count table: sums after adds and merges of tables of other sizes
 * (into an empty one, a smaller one), and a merge leaves its target at
 * least as large as its source: it sizes the target first, as keys taken
 * in the source's slot order pile up in long probe runs in a smaller one. */
static void test_count_map(void **state)
{
    (void)state;
    enum { NA = 120000, NB = 3000 };
    uint32_t *ka = malloc(NA * sizeof *ka), *kb = malloc(NB * sizeof *kb);
    assert_non_null(ka);
    assert_non_null(kb);
    rng_state = 99;
    for (size_t i = 0; i < NA; i++)
        ka[i] = (uint32_t)rnd(); /* repeats, if any, only add up */
    for (size_t i = 0; i < NB; i++)
        kb[i] = i % 2 ? ka[i * 7] : (uint32_t)rnd(); /* half shared with a */
    sl_countmap a = {0}, b = {0}, c = {0};
    for (size_t i = 0; i < NA; i++)
        assert_int_equal(sl__count_add(&a, ka[i], 1 + (uint32_t)(i % 5)), SL_OK);
    for (size_t i = 0; i < NB; i++)
        assert_int_equal(sl__count_add(&b, kb[i], 100), SL_OK);
    assert_true(b.cap < a.cap);
    assert_int_equal(sl__count_merge(&c, &b), SL_OK); /* into an empty table */
    assert_int_equal(sl__count_merge(&c, &a), SL_OK); /* a larger one into it */
    assert_true(c.cap >= a.cap);
    assert_int_equal(sl__count_merge(&b, &a), SL_OK); /* the same, into b */
    assert_true(b.cap >= a.cap);
    assert_int_equal(c.n, b.n);
    uint64_t *sb = malloc(NB * sizeof *sb), *tmp = malloc(NB * sizeof *tmp);
    assert_non_null(sb);
    assert_non_null(tmp);
    for (size_t i = 0; i < NB; i++)
        sb[i] = kb[i];
    sl__sort_u64(sb, tmp, NB);
    for (size_t i = 0; i < NA; i++) {
        uint32_t want = sl__count_get(&a, ka[i]);
        size_t lo = 0, hi = NB; /* b's occurrences of ka[i]: sorted run */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (sb[mid] < ka[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < NB && sb[lo] == ka[i]; lo++)
            want += 100;
        assert_int_equal(sl__count_get(&c, ka[i]), want);
        assert_int_equal(sl__count_get(&b, ka[i]), want);
    }
    for (size_t i = 0; i < NB; i++)
        assert_true(sl__count_get(&c, kb[i]) >= 100);
    assert_int_equal(sl__count_get(&c, 0x12345u), sl__count_get(&a, 0x12345u));
    sl__count_free(&a);
    sl__count_free(&b);
    sl__count_free(&c);
    assert_int_equal(sl__count_get(&c, ka[0]), 0); /* freed: empty */
    free(ka);
    free(kb);
    free(sb);
    free(tmp);
}

/* The fixed string table: every row found by its exact bytes (names that
 * are prefixes of each other, an empty string, bytes >= 0x80), a repeated
 * string keeps its first row, near misses are not found; in a table only
 * twice the rows (long probe runs) as in a roomy one. */
static const char *const st_rows[] = {"Reuters", "Reuter", "Reuters ", "AP", "A", "",
                                      "Z\xc3\xbcrich", "Zurich", "AP", "New York Times",
                                      "new york times", "BBC News", "BBC"};
enum { ST_N = sizeof st_rows / sizeof *st_rows };

static const char *st_row(uint32_t i, size_t *len)
{
    *len = strlen(st_rows[i]);
    return st_rows[i];
}

static void test_strtab(void **state)
{
    (void)state;
    static uint32_t small[32], big[1024];
    sl_strtab tabs[2] = {{small, 32, st_row}, {big, 1024, st_row}};
    for (int t = 0; t < 2; t++) {
        sl_strtab *tab = &tabs[t];
        for (uint32_t i = 0; i < ST_N; i++)
            sl__strtab_put(tab, i);
        for (uint32_t i = 0; i < ST_N; i++) {
            uint32_t want = i == 8 ? 3 : i; /* the second "AP" is row 3's */
            assert_int_equal(sl__strtab_get(tab, st_rows[i], strlen(st_rows[i])), want);
        }
        assert_int_equal(sl__strtab_get(tab, "Reuters", 6), 1); /* "Reuter" */
        assert_int_equal(sl__strtab_get(tab, "Reuters reported", 7), 0);
        const char *no[] = {"Reuters  ", "reuters", "APs", "BB", "Zuerich", "Z\xc3\xbc"};
        for (size_t i = 0; i < sizeof no / sizeof *no; i++)
            assert_int_equal(sl__strtab_get(tab, no[i], strlen(no[i])), UINT32_MAX);
    }
}

/* sl__idf: the table of small document frequencies gives what the formula
 * gives, for every word of a corpus, for frequencies past the table, and
 * after sl__corpus_set_df changes the article count. */
static float idf_formula(size_t n, uint32_t df)
{
    return (float)(log((double)(n + 1) / (df + 1.0)) + 1.0);
}

static uint32_t big_df(void *ud, uint32_t term)
{
    (void)ud;
    return term % 3 ? 5000 + term % 7 : 1;
}

static void test_idf_table(void **state)
{
    (void)state;
    sl_corpus *c = NULL;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    char id[16], text[160];
    for (int i = 0; i < 150; i++) {
        snprintf(id, sizeof id, "a%d", i);
        snprintf(text, sizeof text, "Ministers met again in town%d and signed accord%d "
                 "on grain shipments, officials from district%d said.", i % 7, i % 40, i);
        sl_article *a = NULL;
        assert_int_equal(sl_article_new(&a), SL_OK);
        assert_int_equal(sl_article_set(a, "id", id), SL_OK);
        assert_int_equal(sl_article_set(a, "text", text), SL_OK);
        assert_int_equal(sl_corpus_add(c, a), SL_OK);
    }
    assert_int_equal(sl_corpus_analyse(c), SL_OK);
    size_t words = 0;
    for (size_t s = 0; s < c->df.cap; s++)
        if (c->df.s[s].val) {
            uint32_t t = c->df.s[s].key;
            assert_true(sl__idf(c, t) == idf_formula(150, sl__df(c, t)));
            words++;
        }
    assert_true(words > 150); /* district0..149 and the shared words */
    sl__corpus_set_df(c, big_df, NULL, 20000);
    size_t past = 0;
    for (size_t s = 0; s < c->df.cap; s++)
        if (c->df.s[s].val) {
            uint32_t t = c->df.s[s].key, df = sl__df(c, t);
            past += df >= SL_IDF_TAB;
            assert_true(sl__idf(c, t) == idf_formula(20000, df));
        }
    assert_true(past > 0);
    sl_corpus_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minhash_mae),
        cmocka_unit_test(test_minhash_identical_and_disjoint),
        cmocka_unit_test(test_minhash_small_sets_densified),
        cmocka_unit_test(test_lsh_recall),
        cmocka_unit_test(test_lsh_huge_bucket_bounded),
        cmocka_unit_test(test_radix_sort),
        cmocka_unit_test(test_select),
        cmocka_unit_test(test_count_map),
        cmocka_unit_test(test_strtab),
        cmocka_unit_test(test_idf_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
