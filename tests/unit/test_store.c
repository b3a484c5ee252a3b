/* test_store.c - the SQLite store through the public API: new, unchanged
 * and updated articles, groups and events across batches, queries and
 * their errors, schema checks, read-only use, export. */
#include <sqlite3.h>
#include <unistd.h>

#include "testutil.h"
#include "store/store.h" /* sl__store_counts: the kept counts against a scan */

static const char ORIGINAL[] =
    "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Beijing "
    "on Tuesday to discuss trade and regional security.\n"
    "The two ministers signed an agreement on energy cooperation worth 4 billion dollars.\n"
    "\"Relations between our countries are at their best level in history,\" Wang told "
    "reporters after the talks.\n"
    "Lavrov said Moscow would send a delegation to the Shanghai forum in March.";

static const char COPY[] =
    "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Beijing "
    "on Tuesday to discuss trade and regional security.\n"
    "The two ministers signed an agreement on energy cooperation worth 4 billion dollars.\n"
    "\"Relations between our countries are at their best level in history,\" Wang told "
    "reporters after the talks.\n"
    "Lavrov said Moscow would send a delegation to the Shanghai forum in March.\n"
    "Follow us for more news.";

static const char OTHER[] =
    "Heavy rain flooded the lower districts of Jakarta on Sunday, forcing thousands of "
    "residents from their homes.\n"
    "The disaster agency said three people died and rescue teams were still searching.\n"
    "Officials warned that more rain was expected through the week.";

static char dbpath[64];

static sl_article *art(const char *id, const char *text, const char *date)
{
    sl_article *a;
    assert_int_equal(sl_article_new(&a), SL_OK);
    assert_int_equal(sl_article_set(a, "id", id), SL_OK);
    assert_int_equal(sl_article_set(a, "text", text), SL_OK);
    assert_int_equal(sl_article_set(a, "title", id), SL_OK);
    if (date)
        assert_int_equal(sl_parse_time(&a->published, date), SL_OK);
    return a;
}

static void add(sl_store *st, char **out, const char *id, const char *text, const char *date)
{
    sl_article *a = art(id, text, date);
    assert_int_equal(sl_store_add(out, st, &a, 1), SL_OK);
    sl_article_free(a);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dbpath, sizeof dbpath, "/tmp/sl-test-store-%ld.db", (long)getpid());
    unlink(dbpath);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char p[80];
    unlink(dbpath);
    snprintf(p, sizeof p, "%s-wal", dbpath);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", dbpath);
    unlink(p);
    return 0;
}

static void test_add_versions(void **state)
{
    (void)state;
    sl_store *st;
    assert_int_equal(sl_store_open(&st, dbpath, NULL, SL_STORE_CREATE), SL_OK);
    char *out;
    sl_article *v[2] = {art("a", ORIGINAL, "2025-12-02"), art("x", OTHER, "2025-12-07")};
    assert_int_equal(sl_store_add(&out, st, v, 2), SL_OK);
    assert_non_null(strstr(out, "\"added\":2,\"updated\":0,\"unchanged\":0"));
    free(out);
    sl_article_free(v[0]);
    sl_article_free(v[1]);
    /* a later batch: the copy joins a's event and a duplicate group */
    add(st, &out, "b", COPY, "2025-12-03");
    assert_non_null(strstr(out, "\"added\":1"));
    assert_non_null(strstr(out, "\"relation\":\"duplicate\""));
    free(out);
    char *da, *db, *dx;
    assert_int_equal(sl_store_article(&da, st, "a"), SL_OK);
    assert_int_equal(sl_store_article(&db, st, "b"), SL_OK);
    assert_int_equal(sl_store_article(&dx, st, "x"), SL_OK);
    const char *ea = strstr(da, "\"event\":"), *eb = strstr(db, "\"event\":"),
               *ex = strstr(dx, "\"event\":");
    assert_non_null(ea);
    assert_non_null(eb);
    assert_int_equal(strncmp(ea, eb, 14), 0);       /* same event */
    assert_int_not_equal(strncmp(ea, ex, 14), 0);   /* flood: another */
    assert_null(strstr(da, "\"duplicate_group\":null"));
    assert_non_null(strstr(dx, "\"duplicate_group\":null"));
    free(da);
    free(db);
    free(dx);
    /* the same text again: nothing; another text: version 2 */
    add(st, &out, "a", ORIGINAL, "2025-12-02");
    assert_non_null(strstr(out, "\"added\":0,\"updated\":0,\"unchanged\":1"));
    free(out);
    add(st, &out, "x", COPY, "2025-12-07");
    assert_non_null(strstr(out, "\"updated\":1"));
    assert_non_null(strstr(out, "\"version\":2"));
    free(out);
    assert_int_equal(sl_store_stats(&out, st), SL_OK);
    assert_non_null(strstr(out, "\"articles\":3,\"versions\":1"));
    free(out);
    /* the same id twice in one batch: the later wins */
    sl_article *w[2] = {art("y", OTHER, NULL), art("y", ORIGINAL, NULL)};
    assert_int_equal(sl_store_add(&out, st, w, 2), SL_OK);
    assert_non_null(strstr(out, "\"added\":1,\"updated\":0,\"unchanged\":1"));
    free(out);
    sl_article_free(w[0]);
    sl_article_free(w[1]);
    assert_int_equal(sl_store_article(&out, st, "y"), SL_OK);
    assert_non_null(strstr(out, "Wang Yi"));
    free(out);
    sl_store_close(st);
}

static void test_queries(void **state)
{
    (void)state;
    sl_store *st;
    assert_int_equal(sl_store_open(&st, dbpath, NULL, SL_STORE_CREATE), SL_OK);
    char *out;
    sl_article *v[3] = {art("a", ORIGINAL, "2025-12-02"), art("b", COPY, "2025-12-02"),
                        art("x", OTHER, "2024-03-10")};
    assert_int_equal(sl_store_add(NULL, st, v, 3), SL_OK);
    for (int i = 0; i < 3; i++)
        sl_article_free(v[i]);
    sl_event_query q = {0};
    assert_int_equal(sl_store_events(&out, st, &q), SL_OK);
    assert_non_null(strstr(out, "\"total\":2"));
    free(out);
    q.q = "JAKARTA";
    assert_int_equal(sl_store_events(&out, st, &q), SL_OK);
    assert_non_null(strstr(out, "\"total\":1"));
    free(out);
    q.q = "lavrov beijing";
    assert_int_equal(sl_store_events(&out, st, &q), SL_OK);
    assert_non_null(strstr(out, "\"total\":1"));
    assert_non_null(strstr(out, "\"size\":2"));
    free(out);
    /* q at most SL_QUERY_MAX bytes: one byte more is SL_EINVAL */
    char longq[SL_QUERY_MAX + 2];
    memset(longq, 'b', sizeof longq - 1);
    longq[SL_QUERY_MAX] = '\0';
    q.q = longq;
    assert_int_equal(sl_store_events(&out, st, &q), SL_OK);
    assert_non_null(strstr(out, "\"total\":0"));
    free(out);
    longq[SL_QUERY_MAX] = 'b';
    longq[SL_QUERY_MAX + 1] = '\0';
    assert_int_equal(sl_store_events(&out, st, &q), SL_EINVAL);
    assert_null(out);
    q.q = NULL;
    assert_int_equal(sl_parse_time(&q.from, "2025-01-01"), SL_OK);
    assert_int_equal(sl_store_events(&out, st, &q), SL_OK);
    assert_non_null(strstr(out, "\"total\":1"));
    free(out);
    assert_int_equal(sl_store_event(&out, st, "e1"), SL_OK);
    assert_non_null(strstr(out, "\"role\":\"duplicate\""));
    assert_non_null(strstr(out, "\"kind\":\"duplicate\""));
    assert_non_null(strstr(out, "Relations between our countries"));
    free(out);
    assert_int_equal(sl_store_storyline(&out, st, "s1"), SL_OK);
    assert_non_null(strstr(out, "\"events\":[{\"id\":\"e"));
    free(out);
    assert_int_equal(sl_store_compare(&out, st, "a", "b"), SL_OK);
    assert_non_null(strstr(out, "\"relation\":\"duplicate\""));
    assert_non_null(strstr(out, "\"sentences\":[\"Chinese Foreign Minister"));
    free(out);
    assert_int_equal(sl_store_compare(&out, st, "a", "a"), SL_EINVAL);
    assert_int_equal(sl_store_compare(&out, st, "a", "nope"), SL_ENOTFOUND);
    assert_int_equal(sl_store_article(&out, st, "nope"), SL_ENOTFOUND);
    assert_null(out);
    assert_int_equal(sl_store_event(&out, st, "e99"), SL_ENOTFOUND);
    assert_int_equal(sl_store_event(&out, st, "../e1"), SL_ENOTFOUND);
    assert_int_equal(sl_store_storyline(&out, st, "s"), SL_ENOTFOUND);
    /* export: the three files of cluster --out */
    char dir[80], path[128];
    snprintf(dir, sizeof dir, "%s.out", dbpath);
    assert_int_equal(sl_store_export(st, dir), SL_OK);
    static const char *const F[] = {"articles.jsonl", "events.jsonl", "storylines.jsonl"};
    static const int LINES[] = {3, 2, 2};
    for (int f = 0; f < 3; f++) {
        snprintf(path, sizeof path, "%s/%s", dir, F[f]);
        FILE *fp = fopen(path, "r");
        assert_non_null(fp);
        int lines = 0, ch;
        while ((ch = fgetc(fp)) != EOF)
            lines += ch == '\n';
        fclose(fp);
        assert_int_equal(lines, LINES[f]);
        unlink(path);
    }
    rmdir(dir);
    sl_store_close(st);
}

static void test_open_errors(void **state)
{
    (void)state;
    sl_store *st;
    assert_int_equal(sl_store_open(&st, dbpath, NULL, SL_STORE_READONLY), SL_EIO);
    assert_null(st);
    /* read-only: queries yes, ingestion no */
    assert_int_equal(sl_store_open(&st, dbpath, NULL, SL_STORE_CREATE), SL_OK);
    sl_store_close(st);
    assert_int_equal(sl_store_open(&st, dbpath, NULL, SL_STORE_READONLY), SL_OK);
    char *out;
    sl_article *a = art("a", ORIGINAL, NULL);
    assert_int_equal(sl_store_add(&out, st, &a, 1), SL_EINVAL);
    sl_article_free(a);
    sl_store_close(st);
    /* another schema version */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE meta SET value = '99' WHERE key = 'schema'", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(sl_store_open(&st, dbpath, NULL, SL_STORE_CREATE), SL_ESCHEMA);
    assert_non_null(strstr(sl_errmsg(), "schema version 99"));
    /* not a database */
    FILE *f = fopen(dbpath, "w");
    assert_non_null(f);
    fputs("this is a text file, not SQLite, and it is long enough to have a header......", f);
    fclose(f);
    assert_int_equal(sl_store_open(&st, dbpath, NULL, SL_STORE_CREATE), SL_ESCHEMA);
    assert_non_null(strstr(sl_errmsg(), "not a storyline database"));
    sl_store_close(NULL);
}

/* The counts each batch keeps (no scan) equal the counts of the tables,
 * through new articles, copies, updates that empty an event and its
 * storyline, and updates that drop relations. */
static void expect_counts_exact(sl_store *st)
{
    int64_t v[SL__NCOUNTS];
    char *kept, *scanned;
    assert_int_equal(sl__store_counts(v, st, 1), SL_OK);
    assert_int_equal(sl__store_stats_json(&scanned, st, v), SL_OK);
    assert_int_equal(sl_store_stats(&kept, st), SL_OK);
    assert_string_equal(kept, scanned);
    free(kept);
    free(scanned);
}

static void test_counts(void **state)
{
    (void)state;
    sl_store *st;
    char *out;
    assert_int_equal(sl_store_open(&st, dbpath, NULL, SL_STORE_CREATE), SL_OK);
    static const struct {
        const char *id, *text;
    } steps[] = {
        {"a", ORIGINAL}, {"b", COPY},  {"c", OTHER},    {"b", OTHER}, /* b: copy -> flood */
        {"c", COPY},     {"d", COPY},  {"c", ORIGINAL}, {"a", OTHER}, /* relations go */
        {"e", OTHER},    {"e", COPY},  {"b", ORIGINAL},
    };
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        add(st, &out, steps[i].id, steps[i].text, "2025-12-02");
        free(out);
        expect_counts_exact(st);
    }
    /* a batch of several, with an update among them */
    sl_article *w[3] = {art("f", ORIGINAL, NULL), art("a", COPY, NULL), art("g", OTHER, NULL)};
    assert_int_equal(sl_store_add(&out, st, w, 3), SL_OK);
    free(out);
    for (int i = 0; i < 3; i++)
        sl_article_free(w[i]);
    expect_counts_exact(st);
    assert_int_equal(sl_store_stats(&out, st), SL_OK);
    assert_non_null(strstr(out, "\"articles\":7,\"versions\":7"));
    free(out);
    sl_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
