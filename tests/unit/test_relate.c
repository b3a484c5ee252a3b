/* test_relate.c - duplicates, rewrites, alignment and direction on small
 * hand-made articles, through the public API. */
#include "testutil.h"

static const char ORIGINAL[] =
    "BEIJING, Dec 3 (Reuters) - Chinese Foreign Minister Wang Yi met his Russian "
    "counterpart Sergei Lavrov in Beijing on Tuesday to discuss trade and security.\n"
    "The two ministers signed an agreement on energy cooperation worth 4 billion dollars.\n"
    "Wang told reporters that relations between the two countries were at their best level "
    "in history.\n"
    "Lavrov said Moscow would send a delegation to the Shanghai forum in March.\n"
    "The talks lasted more than three hours and ended with a joint statement on regional "
    "stability.\n"
    "Officials from both ministries declined to give details of the security discussions.\n"
    "Analysts in Beijing expect further meetings on pipeline construction next year.";

/* Same text, other whitespace and typographic quotes: an exact copy. */
static const char COPY[] =
    "BEIJING,  Dec 3 (Reuters) \xE2\x80\x93 Chinese Foreign Minister Wang Yi met his Russian "
    "counterpart Sergei Lavrov in Beijing on Tuesday to discuss trade and security.\n\n"
    "The two ministers signed an agreement on energy cooperation worth 4 billion dollars.\n"
    "Wang told reporters that relations between the two countries were at their best level "
    "in history.\n"
    "Lavrov said Moscow would send a delegation to the Shanghai forum in March.\n"
    "The talks lasted more than three hours and ended with a joint statement on regional "
    "stability.\n"
    "Officials from both ministries declined to give details of the security discussions.\n"
    "Analysts in Beijing expect further meetings on pipeline construction next year.";

/* First four sentences only: a truncated copy (containment). */
static const char TRUNCATED[] =
    "BEIJING, Dec 3 (Reuters) - Chinese Foreign Minister Wang Yi met his Russian "
    "counterpart Sergei Lavrov in Beijing on Tuesday to discuss trade and security.\n"
    "The two ministers signed an agreement on energy cooperation worth 4 billion dollars.\n"
    "Wang told reporters that relations between the two countries were at their best level "
    "in history.\n"
    "Lavrov said Moscow would send a delegation to the Shanghai forum in March.";

/* Paraphrased, reordered, one sentence dropped, crediting Reuters. */
static const char REWRITE[] =
    "Russia's top diplomat Sergei Lavrov held talks with Chinese Foreign Minister Wang Yi "
    "in Beijing on Tuesday about security and trade, Reuters reported.\n"
    "According to Wang, relations between the two countries are at the best level in their "
    "history.\n"
    "The ministers signed an energy cooperation agreement worth 4 billion dollars.\n"
    "The three-hour talks ended with a joint statement on stability in the region.\n"
    "Moscow will send a delegation to the Shanghai forum in March, Lavrov said.\n"
    "Analysts expect more meetings on the construction of a pipeline next year.";

/* Same actors, another meeting, independent wording. */
static const char OTHER_EVENT[] =
    "Sergei Lavrov arrived in New Delhi on Monday for a two-day visit focused on defence "
    "purchases.\n"
    "India's foreign minister welcomed him at the airport and praised decades of friendship.\n"
    "The visit comes weeks before a summit of the BRICS group in Johannesburg.\n"
    "Indian officials hope to finalise a deal for air defence systems.\n"
    "Lavrov is also expected to meet the prime minister on Tuesday.";

static const char UNRELATED[] =
    "Heavy rain flooded dozens of streets in the port city on Sunday night.\n"
    "Firefighters rescued eleven people from cars trapped under a railway bridge.\n"
    "The weather service warned that more storms would reach the coast by Wednesday.\n"
    "Schools in three districts will stay closed until the water recedes.";

static sl_article *mk(const char *id, const char *text, const char *source,
                      const char *published)
{
    sl_article *a;
    assert_int_equal(sl_article_new(&a), SL_OK);
    assert_int_equal(sl_article_set(a, "id", id), SL_OK);
    assert_int_equal(sl_article_set(a, "text", text), SL_OK);
    if (source)
        assert_int_equal(sl_article_set(a, "source", source), SL_OK);
    if (published)
        assert_int_equal(sl_parse_time(&a->published, published), SL_OK);
    return a;
}

static sl_corpus *build_with(unsigned threads, int drop_signatures)
{
    sl_config cfg;
    sl_config_init(&cfg);
    cfg.threads = threads;
    cfg.drop_signatures = drop_signatures;
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, &cfg), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("orig", ORIGINAL, "Reuters", "2025-12-03T08:00:00Z")),
                     SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("copy", COPY, "Daily Mirror", "2025-12-03T09:00:00Z")),
                     SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("trunc", TRUNCATED, "Kyiv Post", NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("rewrite", REWRITE, "BTA", NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("other", OTHER_EVENT, "TASS", NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("unrel", UNRELATED, NULL, NULL)), SL_OK);
    return c;
}

static sl_corpus *build(unsigned threads) { return build_with(threads, 0); }

static const sl_pair *find_pair(const sl_dedup *d, const sl_corpus *c, const char *x,
                                const char *y)
{
    size_t i, j;
    assert_int_equal(sl_corpus_find(&i, c, x), SL_OK);
    assert_int_equal(sl_corpus_find(&j, c, y), SL_OK);
    if (i > j) {
        size_t t = i;
        i = j;
        j = t;
    }
    for (size_t p = 0; p < d->npairs; p++)
        if (d->pairs[p].a == i && d->pairs[p].b == j)
            return &d->pairs[p];
    return NULL;
}

static void test_dedup_relations(void **state)
{
    (void)state;
    sl_corpus *c = build(1);
    sl_dedup *d;
    assert_int_equal(sl_dedup_run(&d, c), SL_OK);
    const sl_pair *p = find_pair(d, c, "orig", "copy");
    assert_non_null(p);
    assert_int_equal(p->relation, SL_REL_DUPLICATE);
    assert_true(p->exact);
    p = find_pair(d, c, "orig", "trunc");
    assert_non_null(p);
    assert_int_equal(p->relation, SL_REL_DUPLICATE);
    assert_false(p->exact);
    assert_true(p->containment >= 0.9);
    assert_true(p->jaccard < 0.8);
    /* the truncated copy's "(Reuters)" credits the original's outlet */
    assert_int_equal(p->source, 0);
    assert_int_equal(p->cue, SL_CUE_ATTRIBUTION);
    p = find_pair(d, c, "orig", "rewrite");
    assert_non_null(p);
    assert_int_equal(p->relation, SL_REL_REWRITE);
    assert_true(p->jaccard < 0.2); /* shingles alone would miss it */
    assert_true(p->naligned >= 4);
    assert_true(p->coverage >= 0.5);
    /* "..., Reuters reported" in the rewrite credits orig's outlet */
    assert_int_equal(p->source, 0);
    assert_int_equal(p->cue, SL_CUE_ATTRIBUTION);
    assert_string_equal(p->cue_detail, "Reuters");
    assert_null(find_pair(d, c, "orig", "other"));
    assert_null(find_pair(d, c, "orig", "unrel"));
    assert_null(find_pair(d, c, "other", "unrel"));
    /* groups: {orig, copy, trunc} duplicates; {orig, copy, trunc, rewrite} rewrite */
    assert_int_equal(d->ngroups, 2);
    int seen_dup = 0, seen_rw = 0;
    for (size_t g = 0; g < d->ngroups; g++) {
        if (d->groups[g].kind == SL_REL_DUPLICATE) {
            seen_dup = 1;
            assert_int_equal(d->groups[g].nmembers, 3);
        } else {
            seen_rw = 1;
            assert_int_equal(d->groups[g].nmembers, 4);
        }
        assert_int_equal(d->groups[g].representative, 0);
    }
    assert_true(seen_dup && seen_rw);
    sl_dedup_free(d);
    sl_corpus_free(c);
}

static void test_dedup_deterministic_threads(void **state)
{
    (void)state;
    sl_corpus *c1 = build(1), *c3 = build(3);
    sl_dedup *d1, *d3;
    assert_int_equal(sl_dedup_run(&d1, c1), SL_OK);
    assert_int_equal(sl_dedup_run(&d3, c3), SL_OK);
    assert_int_equal(d1->npairs, d3->npairs);
    for (size_t i = 0; i < d1->npairs; i++) {
        assert_int_equal(d1->pairs[i].a, d3->pairs[i].a);
        assert_int_equal(d1->pairs[i].b, d3->pairs[i].b);
        assert_int_equal(d1->pairs[i].relation, d3->pairs[i].relation);
        assert_true(d1->pairs[i].jaccard == d3->pairs[i].jaccard);
        assert_int_equal(d1->pairs[i].naligned, d3->pairs[i].naligned);
    }
    sl_dedup_free(d1);
    sl_dedup_free(d3);
    sl_corpus_free(c1);
    sl_corpus_free(c3);
}

static void test_compare_alignment(void **state)
{
    (void)state;
    sl_corpus *c = build(1);
    sl_pair *p;
    assert_int_equal(sl_compare(&p, c, 0, 3), SL_OK);
    assert_int_equal(p->relation, SL_REL_REWRITE);
    /* orig sentence 1 (agreement) <-> rewrite sentence 2; orig 3 (Lavrov
     * delegation) <-> rewrite 4 */
    int agreement = 0, delegation = 0;
    for (size_t x = 0; x < p->naligned; x++) {
        agreement |= p->aligned[x].a == 1 && p->aligned[x].b == 2;
        delegation |= p->aligned[x].a == 3 && p->aligned[x].b == 4;
        assert_true(p->aligned[x].sim >= 0.5f && p->aligned[x].sim <= 1.0f);
    }
    assert_true(agreement && delegation);
    sl_pair_free(p);
    /* same actor, other event: neither a copy nor a rewrite (which of the
     * event relations it is, test_events decides) */
    assert_int_equal(sl_compare(&p, c, 0, 4), SL_OK);
    assert_int_not_equal(p->relation, SL_REL_DUPLICATE);
    assert_int_not_equal(p->relation, SL_REL_REWRITE);
    assert_int_equal(p->naligned, 0);
    assert_int_equal(p->source, SL_NONE);
    sl_pair_free(p);
    assert_int_equal(sl_compare(&p, c, 2, 2), SL_EINVAL);
    assert_null(p);
    assert_int_equal(sl_compare(&p, c, 0, 99), SL_EINVAL);
    sl_corpus_free(c);
}

/* A sentence that normalises to nothing (a zero-width space, a soft
 * hyphen, a control character alone on its line, as scraped pages have)
 * after another: its length was computed as -1, and every alignment that
 * met it failed with "text too long to tokenize", aborting a dedup run. */
static void test_sentence_of_nothing(void **state)
{
    (void)state;
    static const char *const gap[] = {"\xE2\x80\x8B", "\xC2\xAD", "\x0E"};
    for (size_t g = 0; g < sizeof gap / sizeof *gap; g++) {
        char a[600], b[600];
        snprintf(a, sizeof a, "%s\n%s\n%s", "Officials met in Paris on Monday to agree on a "
                 "plan to cut emissions.", gap[g], "They will meet again in March in Berlin.");
        snprintf(b, sizeof b, "%s\n%s\n%s", "Officials met in Paris on Monday to agree on a "
                 "plan to cut emissions by half.", gap[g], "They meet again in March in Berlin.");
        sl_corpus *c;
        assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
        assert_int_equal(sl_corpus_add(c, mk("a", a, NULL, NULL)), SL_OK);
        assert_int_equal(sl_corpus_add(c, mk("b", b, NULL, NULL)), SL_OK);
        sl_pair *p;
        assert_int_equal(sl_compare(&p, c, 0, 1), SL_OK);
        assert_true(p->naligned >= 2); /* both real sentences still align */
        sl_pair_free(p);
        sl_dedup *d;
        assert_int_equal(sl_dedup_run(&d, c), SL_OK);
        sl_dedup_free(d);
        sl_corpus_free(c);
    }
}

static void test_direction_published_and_dateline(void **state)
{
    (void)state;
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    /* no attribution, no dates: the wire dateline decides */
    assert_int_equal(sl_corpus_add(c, mk("wire", ORIGINAL, NULL, NULL)), SL_OK);
    assert_int_equal(sl_corpus_add(c, mk("rw", REWRITE, NULL, NULL)), SL_OK);
    sl_pair *p;
    assert_int_equal(sl_compare(&p, c, 0, 1), SL_OK);
    assert_int_equal(p->relation, SL_REL_REWRITE);
    assert_int_equal(p->source, 0);
    assert_int_equal(p->cue, SL_CUE_DATELINE);
    assert_string_equal(p->cue_detail, "Reuters");
    sl_pair_free(p);
    /* publication time beats the dateline */
    sl_article *x = mk("late", ORIGINAL, NULL, "2025-12-05");
    sl_article *y = mk("early", REWRITE, NULL, "2025-12-04");
    assert_int_equal(sl_corpus_add(c, x), SL_OK);
    assert_int_equal(sl_corpus_add(c, y), SL_OK);
    assert_int_equal(sl_compare(&p, c, 2, 3), SL_OK);
    assert_int_equal(p->source, 3);
    assert_int_equal(p->cue, SL_CUE_PUBLISHED);
    assert_string_equal(p->cue_detail, "2025-12-04");
    sl_pair_free(p);
    /* no sources, no dates, both with a dateline: the subset decides */
    assert_int_equal(sl_corpus_add(c, mk("trunc", TRUNCATED, NULL, NULL)), SL_OK);
    assert_int_equal(sl_compare(&p, c, 0, 4), SL_OK);
    assert_int_equal(p->relation, SL_REL_DUPLICATE);
    assert_int_equal(p->source, 0);
    assert_int_equal(p->cue, SL_CUE_SUBSET);
    sl_pair_free(p);
    sl_corpus_free(c);
}

static void test_corpus_ids(void **state)
{
    (void)state;
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, NULL), SL_OK);
    char id[32];
    for (int i = 0; i < 3000; i++) {
        snprintf(id, sizeof id, "a%d", i);
        assert_int_equal(sl_corpus_add(c, mk(id, "Some text here.", NULL, NULL)), SL_OK);
    }
    sl_article *dup = mk("a1234", "Other text.", NULL, NULL);
    assert_int_equal(sl_corpus_add(c, dup), SL_EDUPID);
    assert_non_null(strstr(sl_errmsg(), "a1234"));
    sl_article_free(dup); /* still ours after a failure */
    size_t i;
    assert_int_equal(sl_corpus_find(&i, c, "a2999"), SL_OK);
    assert_int_equal(i, 2999);
    assert_int_equal(sl_corpus_find(&i, c, "nope"), SL_ENOTFOUND);
    assert_int_equal(sl_corpus_count(c), 3000);
    /* 3000 copies of one text: one exact group, pairs bounded (star) */
    sl_dedup *d;
    assert_int_equal(sl_dedup_run(&d, c), SL_OK);
    assert_int_equal(d->ngroups, 1);
    assert_int_equal(d->groups[0].nmembers, 3000);
    assert_int_equal(d->npairs, 2999);
    sl_dedup_free(d);
    sl_corpus_free(c);
    sl_corpus_free(NULL);
    sl_dedup_free(NULL);
    sl_pair_free(NULL);
}

/* drop_signatures: the same pairs and scores (the rewrite pairs' shingle
 * scores then come from their alignment's analysis), sl_compare still
 * gives its scores, and the corpus refuses what would need the freed
 * signatures. */
static void test_drop_signatures(void **state)
{
    (void)state;
    for (unsigned threads = 1; threads <= 2; threads++) {
        sl_corpus *keep = build_with(threads, 0), *drop = build_with(threads, 1);
        sl_dedup *dk, *dd;
        assert_int_equal(sl_dedup_run(&dk, keep), SL_OK);
        assert_int_equal(sl_dedup_run(&dd, drop), SL_OK);
        assert_int_equal(dk->npairs, dd->npairs);
        int rewrites = 0;
        for (size_t i = 0; i < dk->npairs; i++) {
            const sl_pair *p = &dk->pairs[i], *q = &dd->pairs[i];
            assert_int_equal(p->a, q->a);
            assert_int_equal(p->b, q->b);
            assert_int_equal(p->relation, q->relation);
            assert_true(p->jaccard == q->jaccard && p->containment == q->containment);
            rewrites += p->relation == SL_REL_REWRITE && p->jaccard > 0;
        }
        assert_true(rewrites >= 1); /* a rewrite pair's scores were recomputed */
        sl_pair *pk, *pd;
        for (size_t j = 1; j < 6; j++) {
            assert_int_equal(sl_compare(&pk, keep, 0, j), SL_OK);
            assert_int_equal(sl_compare(&pd, drop, 0, j), SL_OK);
            assert_int_equal(pk->relation, pd->relation);
            assert_true(pk->jaccard == pd->jaccard && pk->containment == pd->containment);
            sl_pair_free(pk);
            sl_pair_free(pd);
        }
        sl_dedup *again;
        assert_int_equal(sl_dedup_run(&again, drop), SL_EINVAL);
        assert_null(again);
        assert_int_equal(sl_corpus_add(drop, mk("late", "A late article about the harbour.", NULL, NULL)), SL_OK);
        assert_int_equal(sl_corpus_analyse(drop), SL_EINVAL);
        assert_non_null(strstr(sl_errmsg(), "drop_signatures"));
        sl_dedup_free(dk);
        sl_dedup_free(dd);
        sl_corpus_free(keep);
        sl_corpus_free(drop);
    }
}

static void test_config_check(void **state)
{
    (void)state;
    sl_config cfg;
    sl_config_init(&cfg);
    assert_int_equal(sl_config_check(&cfg), SL_OK);
    cfg.minhash_k = 100;
    assert_int_equal(sl_config_check(&cfg), SL_EINVAL);
    sl_config_init(&cfg);
    cfg.bands = 50; /* 50 * 3 > 128 */
    assert_int_equal(sl_config_check(&cfg), SL_EINVAL);
    sl_config_init(&cfg);
    cfg.drop_signatures = 2;
    assert_int_equal(sl_config_check(&cfg), SL_EINVAL);
    sl_config_init(&cfg);
    cfg.lang = "klingon";
    assert_int_equal(sl_config_check(&cfg), SL_EFORMAT);
    sl_corpus *c;
    assert_int_equal(sl_corpus_new(&c, &cfg), SL_EFORMAT);
    assert_null(c);
    assert_string_equal(sl_relation_name(SL_REL_SAME_EVENT), "same_event");
    assert_string_equal(sl_cue_name(SL_CUE_ATTRIBUTION), "attribution");
    assert_string_equal(sl_strerror(SL_EDUPID), "duplicate id");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dedup_relations),
        cmocka_unit_test(test_dedup_deterministic_threads),
        cmocka_unit_test(test_compare_alignment),
        cmocka_unit_test(test_sentence_of_nothing),
        cmocka_unit_test(test_direction_published_and_dateline),
        cmocka_unit_test(test_corpus_ids),
        cmocka_unit_test(test_drop_signatures),
        cmocka_unit_test(test_config_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
