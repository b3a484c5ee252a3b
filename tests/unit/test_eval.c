/* test_eval.c - sl_eval_clusters on small hand-computed clusterings, the
 * conventions of the reference scorer (tests/ref/eval_clusters.py) in the
 * degenerate cases, and large inputs where pair counts exceed 2^32.  The
 * randomized cross-check against the reference is tests/e2e/eval.sh. */
#include <math.h>

#include "testutil.h"

#define assert_near(a, b)                                                        \
    do {                                                                         \
        double got_ = (a), want_ = (b);                                          \
        if (!(fabs(got_ - want_) <= 1e-9)) {                                     \
            print_error("%s = %.12g, expected %.12g\n", #a, got_, want_);        \
            fail();                                                              \
        }                                                                        \
    } while (0)

static sl_eval run(const char *const *gold, const char *const *pred,
                   const char *const *topic, size_t n)
{
    sl_eval e;
    assert_int_equal(sl_eval_clusters(&e, gold, pred, topic, n), SL_OK);
    assert_int_equal(e.n, n);
    return e;
}

/* The same partition under other label names: everything is perfect. */
static void test_perfect(void **state)
{
    (void)state;
    const char *gold[] = {"e1", "e1", "e2", "e2", "e2", "e3"};
    const char *pred[] = {"7", "7", "x", "x", "x", "e1"};
    const char *topic[] = {"t1", "t1", "t1", "t1", "t1", "t2"};
    sl_eval e = run(gold, pred, topic, 6);
    assert_int_equal(e.gold_clusters, 3);
    assert_int_equal(e.pred_clusters, 3);
    assert_int_equal(e.missing, 0);
    assert_near(e.pair_p, 1);
    assert_near(e.pair_r, 1);
    assert_near(e.pair_f1, 1);
    assert_near(e.bcubed_p, 1);
    assert_near(e.bcubed_r, 1);
    assert_near(e.bcubed_f1, 1);
    assert_near(e.ari, 1);
    assert_near(e.topic_merge, 0); /* 6 different-event pairs in t1, none merged */
    e = run(gold, pred, NULL, 6);
    assert_near(e.topic_merge, -1); /* no topics */
}

/* gold {a a b b}, every article alone: no predicted pair, so pairwise
 * P = 1 by convention and R = 0; B-cubed R = 1/2; ARI = 0. */
static void test_all_singletons(void **state)
{
    (void)state;
    const char *gold[] = {"a", "a", "b", "b"};
    const char *pred[] = {"1", "2", "3", "4"};
    sl_eval e = run(gold, pred, NULL, 4);
    assert_int_equal(e.pred_clusters, 4);
    assert_near(e.pair_p, 1);
    assert_near(e.pair_r, 0);
    assert_near(e.pair_f1, 0);
    assert_near(e.bcubed_p, 1);
    assert_near(e.bcubed_r, 0.5);
    assert_near(e.bcubed_f1, 2.0 / 3);
    assert_near(e.ari, 0);
    /* the same with every prediction missing: missing ones are singletons */
    const char *none[] = {NULL, NULL, NULL, NULL};
    sl_eval m = run(gold, none, NULL, 4);
    assert_int_equal(m.missing, 4);
    assert_int_equal(m.pred_clusters, 4);
    assert_near(m.pair_p, e.pair_p);
    assert_near(m.pair_r, e.pair_r);
    assert_near(m.bcubed_p, e.bcubed_p);
    assert_near(m.bcubed_r, e.bcubed_r);
    assert_near(m.ari, e.ari);
}

/* gold {a a b b}, one predicted cluster: tp = 2 of pp = 6 predicted pairs,
 * all gp = 2 gold pairs found; B-cubed P = 1/2; ARI = (2 - 2)/(4 - 2) = 0. */
static void test_one_big_cluster(void **state)
{
    (void)state;
    const char *gold[] = {"a", "a", "b", "b"};
    const char *pred[] = {"x", "x", "x", "x"};
    sl_eval e = run(gold, pred, NULL, 4);
    assert_int_equal(e.gold_clusters, 2);
    assert_int_equal(e.pred_clusters, 1);
    assert_near(e.pair_p, 1.0 / 3);
    assert_near(e.pair_r, 1);
    assert_near(e.pair_f1, 0.5);
    assert_near(e.bcubed_p, 0.5);
    assert_near(e.bcubed_r, 1);
    assert_near(e.bcubed_f1, 2.0 / 3);
    assert_near(e.ari, 0);
}

/* Gold all singletons too: no pair anywhere, P = R = 1, ARI = 1. */
static void test_no_pairs_anywhere(void **state)
{
    (void)state;
    const char *gold[] = {"a", "b", "c"};
    const char *pred[] = {"x", "y", NULL};
    sl_eval e = run(gold, pred, NULL, 3);
    assert_near(e.pair_p, 1);
    assert_near(e.pair_r, 1);
    assert_near(e.pair_f1, 1);
    assert_near(e.bcubed_f1, 1);
    assert_near(e.ari, 1);
    /* one article: no pair at all */
    e = run(gold, pred, NULL, 1);
    assert_near(e.pair_f1, 1);
    assert_near(e.ari, 1);
}

/* The example of scikit-learn's documentation: true {0 0 0 1 1 1}, pred
 * {0 0 1 1 2 2}: tp = 2, gp = 6, pp = 3, C(6,2) = 15, expected 1.2,
 * ARI = 0.8 / 3.3. */
static void test_ari_value(void **state)
{
    (void)state;
    const char *gold[] = {"0", "0", "0", "1", "1", "1"};
    const char *pred[] = {"0", "0", "1", "1", "2", "2"};
    sl_eval e = run(gold, pred, NULL, 6);
    assert_near(e.pair_p, 2.0 / 3);
    assert_near(e.pair_r, 2.0 / 6);
    assert_near(e.ari, 0.8 / 3.3);
    /* B-cubed: cells of 2, 1, 1, 2 articles, clusters of 2, events of 3 */
    assert_near(e.bcubed_p, (4.0 / 2 + 1.0 / 2 + 1.0 / 2 + 4.0 / 2) / 6);
    assert_near(e.bcubed_r, (4.0 / 3 + 1.0 / 3 + 1.0 / 3 + 4.0 / 3) / 6);
}

/* Missing predictions are distinct singletons, never merged with each
 * other or with a real label. gold {a a a b}, pred {x x - -}. */
static void test_missing(void **state)
{
    (void)state;
    const char *gold[] = {"a", "a", "a", "b"};
    const char *pred[] = {"x", "x", NULL, NULL};
    sl_eval e = run(gold, pred, NULL, 4);
    assert_int_equal(e.missing, 2);
    assert_int_equal(e.pred_clusters, 3);
    assert_near(e.pair_p, 1);      /* the one predicted pair is right */
    assert_near(e.pair_r, 1.0 / 3); /* of the 3 gold pairs */
    assert_near(e.pair_f1, 0.5);
    assert_near(e.bcubed_p, 1);
    assert_near(e.bcubed_r, (2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 1) / 4);
    /* tot 6, gp 3, pp 1: expected 0.5, max 2: ARI = 0.5 / 1.5 */
    assert_near(e.ari, 0.5 / 1.5);
}

/* Topics: t1 holds e1 {a1 a2} and e2 {a3}; t2 holds e3 {a4} and e4 {a5 a6}.
 * Same-topic different-event pairs: a1-a3, a2-a3, a4-a5, a4-a6 (4).  The
 * prediction merges a1 a2 a3 (2 of them) and puts a4 with them too, which
 * crosses topics and does not count; a5 a6 stay apart from a4: 2/4. */
static void test_topic_merge(void **state)
{
    (void)state;
    const char *gold[] = {"e1", "e1", "e2", "e3", "e4", "e4"};
    const char *topic[] = {"t1", "t1", "t1", "t2", "t2", "t2"};
    const char *pred[] = {"p", "p", "p", "p", "q", "q"};
    sl_eval e = run(gold, pred, topic, 6);
    assert_near(e.topic_merge, 0.5);
    assert_near(e.pair_p, 2.0 / 7);
    assert_near(e.pair_r, 1);
    /* a4 missing instead: still 2/4 */
    const char *pred2[] = {"p", "p", "p", NULL, "q", "q"};
    e = run(gold, pred2, topic, 6);
    assert_near(e.topic_merge, 0.5);
    /* everything in one cluster: all 4 merged */
    const char *one[] = {"z", "z", "z", "z", "z", "z"};
    e = run(gold, one, topic, 6);
    assert_near(e.topic_merge, 1);
    /* a topic per event: no different-event pair in any topic: 0 */
    const char *own[] = {"e1", "e1", "e2", "e3", "e4", "e4"};
    e = run(gold, one, own, 6);
    assert_near(e.topic_merge, 0);
    /* an article with no topic takes part in no pair: drop a3's topic and
     * t1 has no different-event pair left: 2 of t2's 2 merged */
    const char *topic3[] = {"t1", "t1", NULL, "t2", "t2", "t2"};
    e = run(gold, one, topic3, 6);
    assert_near(e.topic_merge, 1);
    e = run(gold, pred, topic3, 6);
    assert_near(e.topic_merge, 0);
}

/* Labels are compared as strings, not as pointers. */
static void test_labels_are_strings(void **state)
{
    (void)state;
    char g[4][16], p[4][16];
    const char *gold[4], *pred[4];
    for (int i = 0; i < 4; i++) {
        snprintf(g[i], sizeof g[i], "ev%d", i / 2);
        snprintf(p[i], sizeof p[i], "c%d", i / 2);
        gold[i] = g[i];
        pred[i] = p[i];
    }
    sl_eval e = run(gold, pred, NULL, 4);
    assert_int_equal(e.gold_clusters, 2);
    assert_int_equal(e.pred_clusters, 2);
    assert_near(e.pair_f1, 1);
    assert_near(e.ari, 1);
}

/* 300,000 articles: C(n, 2) ~ 4.5e10 pairs, beyond 32 bits; products of
 * pair counts beyond 2^53.  All in one cluster on both sides is the
 * degenerate ARI case (1, not 0/0); gold in 1000 events and a prediction
 * splitting each in two gives exact pair counts. */
static void test_large(void **state)
{
    (void)state;
    enum { N = 300000 };
    const char **gold = malloc(N * sizeof *gold);
    const char **pred = malloc(N * sizeof *pred);
    char *gl = malloc((size_t)N * 16), *pl = malloc((size_t)N * 16);
    assert_non_null(gold);
    assert_non_null(pred);
    assert_non_null(gl);
    assert_non_null(pl);
    for (size_t i = 0; i < N; i++) {
        gold[i] = "g";
        pred[i] = "p";
    }
    sl_eval e = run(gold, pred, NULL, N);
    assert_near(e.pair_f1, 1);
    assert_near(e.ari, 1);
    for (size_t i = 0; i < N; i++) {
        snprintf(gl + 16 * i, 16, "%zu", i % 1000);
        snprintf(pl + 16 * i, 16, "%zu", i % 2000);
        gold[i] = gl + 16 * i;
        pred[i] = pl + 16 * i;
    }
    e = run(gold, pred, gold, N); /* topic = event: no merge possible */
    assert_int_equal(e.gold_clusters, 1000);
    assert_int_equal(e.pred_clusters, 2000);
    /* events of 300, clusters of 150: tp = 2000 C(150,2), gp = 1000 C(300,2) */
    double tp = 2000.0 * 150 * 149 / 2, gp = 1000.0 * 300 * 299 / 2;
    assert_near(e.pair_p, 1);
    assert_near(e.pair_r, tp / gp);
    assert_near(e.bcubed_p, 1);
    assert_near(e.bcubed_r, 0.5);
    double tot = (double)N * (N - 1) / 2, ex = gp * tp / tot;
    assert_near(e.ari, (tp - ex) / ((gp + tp) / 2 - ex));
    assert_near(e.topic_merge, 0);
    free(gold);
    free(pred);
    free(gl);
    free(pl);
}

static void test_errors(void **state)
{
    (void)state;
    sl_eval e;
    const char *gold[] = {"a", NULL};
    const char *pred[] = {"x", "y"};
    assert_int_equal(sl_eval_clusters(&e, gold, pred, NULL, 0), SL_EINVAL);
    assert_true(strlen(sl_errmsg()) > 0);
    assert_int_equal(sl_eval_clusters(&e, gold, pred, NULL, 2), SL_EINVAL);
    assert_int_equal(sl_eval_clusters(&e, gold, pred, NULL, 1), SL_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perfect),
        cmocka_unit_test(test_all_singletons),
        cmocka_unit_test(test_one_big_cluster),
        cmocka_unit_test(test_no_pairs_anywhere),
        cmocka_unit_test(test_ari_value),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_topic_merge),
        cmocka_unit_test(test_labels_are_strings),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
