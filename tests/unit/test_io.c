/* test_io.c - articles, ISO 8601 times and the input reader. */
#include "testutil.h"
#include "engine.h"

#define IO SL_TEST_DATA "/io/"

/* ------------------------------------------------------------ helpers */

typedef struct warnings {
    char msg[8][256];
    int n;
} warnings;

static void collect(void *ud, const char *msg)
{
    warnings *w = ud;
    if (w->n < 8)
        snprintf(w->msg[w->n], sizeof w->msg[0], "%s", msg);
    w->n++;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Asserts that the next record is an error `code` reported at `where`. */
static void expect_error(sl_reader *r, int code, const char *where)
{
    sl_article *a = NULL;
    char prefix[256];
    int rc = sl_reader_next(r, &a);
    if (rc != code)
        fail_msg("%s: got %d (%s), expected %d", where, rc, sl_errmsg(), code);
    assert_null(a);
    snprintf(prefix, sizeof prefix, "%s: ", where);
    if (!starts_with(sl_errmsg(), prefix))
        fail_msg("message \"%s\" does not start with \"%s\"", sl_errmsg(), prefix);
    assert_string_equal(sl_reader_where(r), where);
}

/* Reads the next article, asserts its id and returns it (caller frees). */
static sl_article *expect_article(sl_reader *r, const char *id)
{
    sl_article *a = NULL;
    int rc = sl_reader_next(r, &a);
    if (rc != 1)
        fail_msg("expected article %s, got %d (%s)", id, rc, sl_errmsg());
    assert_non_null(a);
    assert_string_equal(a->id, id);
    assert_int_equal(a->text_len, strlen(a->text));
    return a;
}

static void expect_end(sl_reader *r)
{
    sl_article *a = NULL;
    assert_int_equal(sl_reader_next(r, &a), 0);
    assert_null(a);
    assert_int_equal(sl_reader_next(r, &a), 0); /* stays at the end */
}

/* The four articles of good.jsonl, whatever the compression. */
static void check_good(sl_reader *r, const char *file)
{
    char where[256];
    sl_article *a = expect_article(r, "g1");
    snprintf(where, sizeof where, "%s:1", file);
    assert_string_equal(sl_reader_where(r), where);
    assert_string_equal(a->text,
                        "The central bank raised interest rates on Tuesday.\nMarkets fell sharply.");
    assert_string_equal(a->title, "Rates up");
    assert_string_equal(a->source, "Reuters");
    assert_string_equal(a->url, "https://example.com/g1");
    assert_string_equal(a->lang, "en");
    assert_true(a->published == 1709626800);
    sl_article_free(a);

    a = expect_article(r, "42"); /* an integer id */
    assert_string_equal(a->text, "Z\xC3\xBCrich \xE2\x80\x94 Die Zentralbank hat die Zinsen "
                                 "erh\xC3\xB6ht. \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81"
                                 "\xAE\xE3\x83\x86\xE3\x82\xAD\xE3\x82\xB9\xE3\x83\x88\xE3\x80"
                                 "\x82 \xF0\x9F\x8E\x89");
    assert_int_equal(a->text_len, 84);
    assert_string_equal(a->title, "Zinsen steigen");
    assert_string_equal(a->lang, "de");
    assert_null(a->url);
    assert_true(a->published == 1709164800);
    sl_article_free(a);

    a = expect_article(r, "g3"); /* escapes; null = absent */
    assert_string_equal(a->text, "Escaped \"quote\", \\ud800 literal, \xC3\xA9 and a pair "
                                 "\xF0\x9F\x98\x80.");
    assert_null(a->title);
    assert_null(a->source);
    assert_null(a->url);
    assert_null(a->lang);
    assert_true(a->published == SL_TIME_UNKNOWN);
    sl_article_free(a);

    a = expect_article(r, "g4"); /* after a blank line, CRLF ending */
    snprintf(where, sizeof where, "%s:5", file);
    assert_string_equal(sl_reader_where(r), where);
    assert_string_equal(a->text, "Windows line ending.");
    assert_true(a->published == 1709596800);
    sl_article_free(a);
    expect_end(r);
}

static void read_good(const char *path, const char *file)
{
    sl_reader *r = NULL;
    assert_int_equal(sl_reader_open(&r, path, NULL), SL_OK);
    check_good(r, file);
    sl_reader_free(r);
}

/* ----------------------------------------------------------- articles */

static void test_article_set(void **state)
{
    (void)state;
    sl_article *a = NULL;
    assert_int_equal(sl_article_new(&a), SL_OK);
    assert_null(a->id);
    assert_null(a->text);
    assert_true(a->published == SL_TIME_UNKNOWN);

    assert_int_equal(sl_article_set(a, "id", "x1"), SL_OK);
    assert_int_equal(sl_article_set(a, "text", "Caf\xC3\xA9 opens."), SL_OK);
    assert_int_equal(a->text_len, 12);
    assert_int_equal(sl_article_set(a, "title", "T"), SL_OK);
    assert_int_equal(sl_article_set(a, "source", "S"), SL_OK);
    assert_int_equal(sl_article_set(a, "url", "U"), SL_OK);
    assert_int_equal(sl_article_set(a, "lang", "fr"), SL_OK);
    assert_string_equal(a->id, "x1");
    assert_string_equal(a->lang, "fr");

    assert_int_equal(sl_article_set(a, "text", "bad \xFF byte"), SL_EUTF8);
    assert_string_equal(sl_errmsg(), "invalid UTF-8 at byte 4 of field \"text\"");
    assert_string_equal(a->text, "Caf\xC3\xA9 opens."); /* unchanged */
    assert_int_equal(sl_article_set(a, "title", "\xC0\xAF"), SL_EUTF8); /* overlong */
    assert_int_equal(sl_article_set(a, "author", "A"), SL_EINVAL);
    assert_string_equal(sl_errmsg(), "unknown article field \"author\"");
    assert_int_equal(sl_article_set(a, "published", "2024-01-01"), SL_EINVAL);

    assert_int_equal(sl_article_set(a, "text", NULL), SL_OK);
    assert_null(a->text);
    assert_int_equal(a->text_len, 0);
    assert_int_equal(sl_article_set(a, "title", NULL), SL_OK);
    assert_null(a->title);
    sl_article_free(a);
    sl_article_free(NULL);
}

static void test_parse_time(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int64_t t;
    } ok[] = {
        {"1970-01-01", 0},
        {"1969-12-31T23:59:59Z", -1},
        {"2024-03-05", 1709596800},
        {"2024-03-05T10:20:00+02:00", 1709626800},
        {"2024-03-05T10:20:00+0200", 1709626800},
        {"2024-03-05T10:20+02:00", 1709626800},
        {"2024-03-05T10:20:00.123456+02:00", 1709626800},
        {"2024-03-05T08:20:00,5Z", 1709626800},
        {"2024-03-05 08:20:00", 1709626800},
        {"2024-03-05T08:20:00z", 1709626800},
        {"2024-03-05T10:20:00-05:30", 1709653800},
        {"2024-03-05T10:20:00-00:00", 1709634000},
        {"2024-02-29", 1709164800},
        {"2000-02-29T12:00:00Z", 951825600},
        {"1900-03-01", -2203891200},
        {"0001-01-01", -62135596800},
        {"9999-12-31T23:59:59Z", 253402300799},
        {"2016-12-31T23:59:60Z", 1483228800}, /* leap second */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t t = 0;
        if (sl_parse_time(&t, ok[i].s) != SL_OK)
            fail_msg("%s rejected: %s", ok[i].s, sl_errmsg());
        if (t != ok[i].t)
            fail_msg("%s: %lld, expected %lld", ok[i].s, (long long)t, (long long)ok[i].t);
    }
    static const char *const bad[] = {
        "", "garbage", "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10",
        "2024-04-31", "2024-01-00", "2024-1-05", "24-01-05", "2024-01-05T",
        "2024-01-05T24:00:00Z", "2024-01-05T10:60Z", "2024-01-05T10:20:61Z",
        "2024-01-05T10Z", "2024-01-05T10:20:00.Z", "2024-01-05T10:20:00+2",
        "2024-01-05T10:20:00+24:00", "2024-01-05T10:20:00+02:60",
        "2024-01-05T10:20:00Zjunk", "2024-01-05T10:20:00 Z", "2024-01-05x",
        "2024-01-05T10:20:00+02:00:00", " 2024-01-05", "2024/01/05",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = 0;
        if (sl_parse_time(&t, bad[i]) != SL_EPARSE)
            fail_msg("\"%s\" accepted as %lld", bad[i], (long long)t);
        assert_true(t == SL_TIME_UNKNOWN);
    }
}

/* ------------------------------------------------------------- reader */

static void test_good_plain(void **state)
{
    (void)state;
    read_good(IO "good.jsonl", IO "good.jsonl");
}

static void test_good_gzip(void **state)
{
    (void)state;
    read_good(IO "good.jsonl.gz", IO "good.jsonl.gz");
    /* detected by magic bytes, whatever the extension */
    read_good(IO "good-gzip.bin", IO "good-gzip.bin");
}

static void test_good_zstd(void **state)
{
    (void)state;
    read_good(IO "good.jsonl.zst", IO "good.jsonl.zst");
}

static void test_stdin(void **state)
{
    (void)state;
    assert_non_null(freopen(IO "good.jsonl.zst", "rb", stdin));
    read_good("-", "<stdin>");
    assert_non_null(freopen(IO "good.jsonl", "rb", stdin));
    read_good("-", "<stdin>");
}

static void read_truncated(const char *path)
{
    sl_reader *r = NULL;
    sl_article *a = NULL;
    int rc;
    assert_int_equal(sl_reader_open(&r, path, NULL), SL_OK);
    while ((rc = sl_reader_next(r, &a)) == 1)
        sl_article_free(a);
    assert_int_equal(rc, SL_EIO);
    assert_true(starts_with(sl_errmsg(), path));
    assert_non_null(strstr(sl_errmsg(), "is truncated"));
    expect_end(r); /* fatal: at end */
    sl_reader_free(r);
}

static void test_truncated(void **state)
{
    (void)state;
    read_truncated(IO "truncated.jsonl.gz");
    assert_string_equal(sl_errmsg(), IO "truncated.jsonl.gz: gzip data is truncated");
    read_truncated(IO "truncated.jsonl.zst");
    assert_string_equal(sl_errmsg(), IO "truncated.jsonl.zst: zstd data is truncated");
}

static void test_corrupt(void **state)
{
    (void)state;
    sl_reader *r = NULL;
    sl_article *a = NULL;
    assert_int_equal(sl_reader_open(&r, IO "corrupt.jsonl.gz", NULL), SL_OK);
    assert_int_equal(sl_reader_next(r, &a), SL_EIO);
    assert_null(a);
    assert_true(starts_with(sl_errmsg(), IO "corrupt.jsonl.gz: gzip data is corrupt"));
    assert_string_equal(sl_reader_where(r), IO "corrupt.jsonl.gz:1");
    expect_end(r);
    sl_reader_free(r);
}

static void test_gzip_members(void **state)
{
    (void)state;
    /* `cat a.gz b.gz` is a valid gzip file: both members are read. */
    sl_reader *r = NULL;
    sl_article *a = NULL;
    int n = 0, rc;
    assert_int_equal(sl_reader_open(&r, IO "twice.jsonl.gz", NULL), SL_OK);
    assert_string_equal(sl_reader_where(r), "");
    while ((rc = sl_reader_next(r, &a)) == 1) {
        n++;
        sl_article_free(a);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(n, 8);
    assert_string_equal(sl_reader_where(r), IO "twice.jsonl.gz:10");
    sl_reader_free(r);
}

static void test_bad_lines(void **state)
{
    (void)state;
#define BAD IO "bad.jsonl"
    warnings w = {0};
    sl_read_options opt = {0};
    opt.max_line_bytes = 200;
    opt.warn = collect;
    opt.warn_ud = &w;
    sl_reader *r = NULL;
    sl_article *a;
    assert_int_equal(sl_reader_open(&r, BAD, &opt), SL_OK);

    expect_error(r, SL_EPARSE, BAD ":1");
    assert_string_equal(sl_errmsg(), BAD ":1: malformed JSON: unexpected character");
    expect_error(r, SL_EPARSE, BAD ":2");
    assert_string_equal(sl_errmsg(), BAD ":2: expected a JSON object");
    expect_error(r, SL_EEMPTY, BAD ":3");
    assert_string_equal(sl_errmsg(), BAD ":3: missing \"id\"");
    expect_error(r, SL_EEMPTY, BAD ":4");
    assert_string_equal(sl_errmsg(), BAD ":4: missing or empty \"text\" (id e1)");
    expect_error(r, SL_EEMPTY, BAD ":5"); /* blank, with a no-break space */
    expect_error(r, SL_EPARSE, BAD ":6");
    assert_string_equal(sl_errmsg(), BAD ":6: field \"title\" must be a string");
    expect_error(r, SL_EPARSE, BAD ":7");
    assert_string_equal(sl_errmsg(),
                        BAD ":7: bad \"published\" value \"2023-02-29\" (expected ISO 8601)");
    expect_error(r, SL_EUTF8, BAD ":8");
    assert_string_equal(sl_errmsg(), BAD ":8: invalid UTF-8 at byte 26");
    expect_error(r, SL_EUTF8, BAD ":9");
    assert_string_equal(sl_errmsg(),
                        BAD ":9: invalid UTF-8 at byte 27 (lone surrogate escape \\ud800)");
    expect_error(r, SL_EPARSE, BAD ":10");
    assert_string_equal(sl_errmsg(), BAD ":10: NUL character in \"text\"");
    assert_int_equal(w.n, 0);

    a = expect_article(r, "k1"); /* unknown field: a warning only */
    assert_string_equal(sl_reader_where(r), BAD ":11");
    assert_string_equal(a->text, "Unknown field.");
    sl_article_free(a);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.msg[0], BAD ":11: unknown field \"foo\" ignored");

    expect_error(r, SL_EPARSE, BAD ":12"); /* trailing garbage */
    assert_true(starts_with(sl_errmsg(), BAD ":12: malformed JSON: "));
    /* line 13 is blank: skipped silently */
    expect_error(r, SL_ETOOBIG, BAD ":14");
    assert_string_equal(sl_errmsg(), BAD ":14: line of more than 200 bytes skipped");

    a = expect_article(r, "k2"); /* "foo" again: no second warning */
    sl_article_free(a);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.msg[1], BAD ":15: unknown field \"bar\" ignored");

    expect_error(r, SL_EPARSE, BAD ":16");
    assert_string_equal(sl_errmsg(), BAD ":16: field \"id\" must be a string or an integer");
    expect_error(r, SL_EEMPTY, BAD ":17");
    assert_string_equal(sl_errmsg(), BAD ":17: missing or empty \"text\" (id x1)");
    expect_error(r, SL_EPARSE, BAD ":18"); /* null */
    assert_string_equal(sl_errmsg(), BAD ":18: expected a JSON object");

    a = expect_article(r, "last"); /* no final newline */
    assert_string_equal(sl_reader_where(r), BAD ":19");
    sl_article_free(a);
    expect_end(r);
    assert_int_equal(w.n, 2);
    sl_reader_free(r);
#undef BAD
}

static void test_default_line_cap(void **state)
{
    (void)state;
    /* With the default cap the 400-byte line of bad.jsonl is read. */
    sl_reader *r = NULL;
    sl_article *a = NULL;
    int rc, found = 0;
    assert_int_equal(sl_reader_open(&r, IO "bad.jsonl", NULL), SL_OK);
    while ((rc = sl_reader_next(r, &a)) != 0) {
        assert_int_not_equal(rc, SL_ETOOBIG);
        if (rc == 1 && strcmp(a->id, "o1") == 0) {
            found = 1;
            assert_int_equal(a->text_len, 400);
        }
        sl_article_free(a);
    }
    assert_true(found);
    sl_reader_free(r);
}

static void test_article_cap(void **state)
{
    (void)state;
    sl_read_options opt = {0};
    sl_reader *r = NULL;
    sl_article *a = NULL;
    opt.max_article_bytes = 30;

    assert_int_equal(sl_reader_open(&r, IO "good.jsonl", &opt), SL_OK);
    expect_error(r, SL_ETOOBIG, IO "good.jsonl:1");
    assert_string_equal(sl_errmsg(),
                        IO "good.jsonl:1: article of 72 bytes exceeds the cap of 30 "
                           "(id g1; raise it with --max-article-bytes)");
    expect_error(r, SL_ETOOBIG, IO "good.jsonl:2");
    expect_error(r, SL_ETOOBIG, IO "good.jsonl:3");
    sl_article_free(expect_article(r, "g4"));
    expect_end(r);
    sl_reader_free(r);

    assert_int_equal(sl_reader_open(&r, IO "dir/a.txt", &opt), SL_OK);
    assert_int_equal(sl_reader_next(r, &a), SL_ETOOBIG);
    assert_string_equal(sl_errmsg(),
                        IO "dir/a.txt: article of 83 bytes exceeds the cap of 30 "
                           "(raise it with --max-article-bytes)");
    assert_string_equal(sl_reader_where(r), IO "dir/a.txt");
    expect_end(r);
    sl_reader_free(r);
}

static void test_directory(void **state)
{
    (void)state;
    warnings w = {0};
    sl_read_options opt = {0};
    opt.warn = collect;
    opt.warn_ud = &w;
    sl_reader *r = NULL;
    sl_article *a;
    assert_int_equal(sl_reader_open(&r, IO "dir", &opt), SL_OK);

    a = expect_article(r, "a");
    assert_string_equal(sl_reader_where(r), IO "dir/a.txt");
    assert_string_equal(a->title, "Central bank raises rates");
    assert_string_equal(a->text, "Central bank raises rates\n\nThe central bank raised rates "
                                 "on Tuesday. Markets fell.\n");
    assert_null(a->source);
    assert_true(a->published == SL_TIME_UNKNOWN);
    sl_article_free(a);

    a = expect_article(r, "b"); /* first line ends a sentence: no title */
    assert_null(a->title);
    assert_string_equal(a->text, "The central bank raised rates.\nMarkets fell on Tuesday.\n");
    sl_article_free(a);

    a = expect_article(r, "c"); /* BOM skipped, CRLF kept, curly quotes */
    assert_string_equal(a->title, "\xE2\x80\x9CQuoted headline\xE2\x80\x9D at dawn");
    assert_string_equal(a->text, "\xE2\x80\x9CQuoted headline\xE2\x80\x9D at dawn\r\n"
                                 "Body text follows here.\r\n");
    sl_article_free(a);

    expect_error(r, SL_EEMPTY, IO "dir/empty.txt");
    assert_string_equal(sl_errmsg(), IO "dir/empty.txt: empty article");
    assert_int_equal(w.n, 0);

    a = expect_article(r, "s1"); /* notes.md is skipped with a warning */
    assert_string_equal(sl_reader_where(r), IO "dir/sub.jsonl:1");
    sl_article_free(a);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.msg[0], IO "dir/notes.md: ignored (not .txt or .jsonl)");
    a = expect_article(r, "s2");
    assert_string_equal(sl_reader_where(r), IO "dir/sub.jsonl:2");
    sl_article_free(a);
    expect_end(r);
    sl_reader_free(r);

    /* A trailing slash does not double in the names. */
    assert_int_equal(sl_reader_open(&r, IO "dir/", NULL), SL_OK);
    sl_article_free(expect_article(r, "a"));
    assert_string_equal(sl_reader_where(r), IO "dir/a.txt");
    sl_reader_free(r);
}

static void test_single_text(void **state)
{
    (void)state;
    sl_reader *r = NULL;
    assert_int_equal(sl_reader_open(&r, IO "dir/b.txt", NULL), SL_OK);
    sl_article *a = expect_article(r, "b");
    assert_string_equal(sl_reader_where(r), IO "dir/b.txt");
    sl_article_free(a);
    expect_end(r);
    sl_reader_free(r);

    assert_int_equal(sl_reader_open(&r, IO "dir/empty.txt", NULL), SL_OK);
    expect_error(r, SL_EEMPTY, IO "dir/empty.txt");
    expect_end(r);
    sl_reader_free(r);
}

/* An empty directory is no articles (found by fuzz_dir: the empty name
 * list went to qsort as NULL). */
static void test_empty_directory(void **state)
{
    (void)state;
    char dir[] = "/tmp/sl-test-empty-XXXXXX";
    assert_non_null(mkdtemp(dir));
    sl_reader *r = NULL;
    assert_int_equal(sl_reader_open(&r, dir, NULL), SL_OK);
    expect_end(r);
    sl_reader_free(r);
    assert_int_equal(remove(dir), 0);
}

static void test_open_errors(void **state)
{
    (void)state;
    sl_reader *r = (sl_reader *)1;
    assert_int_equal(sl_reader_open(&r, IO "missing.jsonl", NULL), SL_EIO);
    assert_null(r);
    assert_string_equal(sl_errmsg(), IO "missing.jsonl: No such file or directory");
    assert_int_equal(sl_reader_open(&r, IO "missing-dir/x.txt", NULL), SL_EIO);
    assert_null(r);

    assert_int_equal(sl_reader_open(&r, IO "x.csv", NULL), SL_EFORMAT);
    assert_null(r);
    assert_string_equal(sl_errmsg(), IO "x.csv: unsupported input (expected a directory, "
                                        ".txt or .jsonl[.gz|.zst])");
    sl_reader_free(NULL);
}

/* ------------------------------------------------------ memory readers */

/* Opens a reader over the string s named "body". */
static sl_reader *open_str(const char *s, const sl_read_options *opt)
{
    sl_reader *r = NULL;
    int rc = sl_reader_open_mem(&r, "body", s, strlen(s), opt);
    if (rc != SL_OK)
        fail_msg("sl_reader_open_mem: %d (%s)", rc, sl_errmsg());
    assert_non_null(r);
    return r;
}

/* Asserts that sl_reader_open_mem rejects s with SL_EPARSE and `msg`. */
static void expect_open_error(const char *s, size_t len, const char *msg)
{
    sl_reader *r = (sl_reader *)1;
    int rc = sl_reader_open_mem(&r, "body", s, len, NULL);
    if (rc != SL_EPARSE)
        fail_msg("\"%s\": got %d (%s), expected SL_EPARSE", s, rc, sl_errmsg());
    assert_null(r);
    assert_string_equal(sl_errmsg(), msg);
}

static void test_mem_lines(void **state)
{
    (void)state;
    /* good.jsonl in memory reads as the file does, named "body" */
    FILE *f = fopen(IO "good.jsonl", "rb");
    assert_non_null(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_true(n > 0 && n < sizeof buf);
    sl_reader *r = NULL;
    assert_int_equal(sl_reader_open_mem(&r, "body", buf, n, NULL), SL_OK);
    check_good(r, "body");
    sl_reader_free(r);

    /* a bad first line, then good ones: JSON Lines, the bad line skipped */
    r = open_str("{\"id\":\"a\",\"te\n{\"id\":\"b\",\"text\":\"B.\"}\n", NULL);
    expect_error(r, SL_EPARSE, "body:1");
    sl_article_free(expect_article(r, "b"));
    assert_string_equal(sl_reader_where(r), "body:2");
    expect_end(r);
    sl_reader_free(r);

    r = open_str("{bad}\n\n{\"id\":\"c\",\"text\":\"C.\"}", NULL);
    expect_error(r, SL_EPARSE, "body:1");
    sl_article_free(expect_article(r, "c"));
    assert_string_equal(sl_reader_where(r), "body:3");
    expect_end(r);
    sl_reader_free(r);

    /* nothing at all: no record */
    r = open_str("", NULL);
    expect_end(r);
    sl_reader_free(r);
    r = open_str(" \n\r\n", NULL);
    expect_end(r);
    sl_reader_free(r);
    assert_int_equal(sl_reader_open_mem(&r, "body", NULL, 0, NULL), SL_OK);
    expect_end(r);
    sl_reader_free(r);
}

static void test_mem_array(void **state)
{
    (void)state;
    sl_reader *r = open_str("\xEF\xBB\xBF [\n"
                            "  {\"id\": \"a1\", \"text\": \"First.\", \"title\": \"T\",\n"
                            "   \"published\": \"2024-03-05\"},\n"
                            "  {\"id\": 7, \"text\": \"Second.\"} ,{\"id\":\"a3\",\"text\":\"3\"}\n"
                            "]\n",
                            NULL);
    sl_article *a = expect_article(r, "a1");
    assert_string_equal(sl_reader_where(r), "body:1");
    assert_string_equal(a->text, "First.");
    assert_string_equal(a->title, "T");
    assert_true(a->published == 1709596800);
    sl_article_free(a);
    sl_article_free(expect_article(r, "7"));
    assert_string_equal(sl_reader_where(r), "body:2");
    sl_article_free(expect_article(r, "a3"));
    assert_string_equal(sl_reader_where(r), "body:3");
    expect_end(r);
    sl_reader_free(r);

    r = open_str("[ ]", NULL);
    expect_end(r);
    sl_reader_free(r);
}

static void test_mem_object(void **state)
{
    (void)state;
    /* one object over several lines: one record */
    sl_reader *r = open_str("\n{\n  \"id\": \"doc\",\n  \"text\": \"Line one.\\nLine two.\",\n"
                            "  \"source\": \"AP\"\n}\n\n",
                            NULL);
    sl_article *a = expect_article(r, "doc");
    assert_string_equal(sl_reader_where(r), "body:1");
    assert_string_equal(a->text, "Line one.\nLine two.");
    assert_string_equal(a->source, "AP");
    sl_article_free(a);
    expect_end(r);
    sl_reader_free(r);

    /* one object on one line is one line of JSON Lines */
    r = open_str("{\"id\":\"x\",\"text\":\"X.\"}", NULL);
    sl_article_free(expect_article(r, "x"));
    assert_string_equal(sl_reader_where(r), "body:1");
    expect_end(r);
    sl_reader_free(r);

    /* checked as a record: a pretty-printed object without text */
    r = open_str("{\n \"id\": \"e\",\n \"text\": \" \"\n}", NULL);
    expect_error(r, SL_EEMPTY, "body:1");
    assert_string_equal(sl_errmsg(), "body:1: missing or empty \"text\" (id e)");
    expect_end(r);
    sl_reader_free(r);
}

static void test_mem_bad_elements(void **state)
{
    (void)state;
    warnings w = {0};
    sl_read_options opt = {0};
    opt.warn = collect;
    opt.warn_ud = &w;
    opt.max_line_bytes = 100;
    opt.max_article_bytes = 20;
    sl_reader *r = open_str("[{\"id\":\"a\",\"text\":\"A.\"},\n"
                            " 5,\n"
                            " {\"id\":\"b\"},\n"
                            " {\"id\":\"c\",\"text\":\"bad \xff\"},\n"
                            " {\"id\":\"d\",\"text\":\"D.\",\"published\":\"nope\"},\n"
                            " {\"id\":\"e\",\"text\":\"E.\",\"extra\":1},\n"
                            " {\"id\":\"f\",\"text\":\"lone \\udc00\"},\n"
                            " {\"id\":\"g\",\"text\":\"" /* over the record cap */
                            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"},\n"
                            " {\"id\":\"h\",\"text\":\"over the article cap\\n\"},\n"
                            " {\"id\":\"i\",\"text\":\"I.\",\"title\":3},\n"
                            " {\"id\":\"j\",\"text\":\"J.\"}]",
                            &opt);
    sl_article_free(expect_article(r, "a"));
    expect_error(r, SL_EPARSE, "body:2");
    assert_string_equal(sl_errmsg(), "body:2: expected a JSON object");
    expect_error(r, SL_EEMPTY, "body:3");
    assert_string_equal(sl_errmsg(), "body:3: missing or empty \"text\" (id b)");
    expect_error(r, SL_EUTF8, "body:4");
    assert_string_equal(sl_errmsg(), "body:4: invalid UTF-8 at byte 22");
    expect_error(r, SL_EPARSE, "body:5");
    assert_string_equal(sl_errmsg(), "body:5: bad \"published\" value \"nope\" (expected ISO 8601)");
    assert_int_equal(w.n, 0);
    sl_article_free(expect_article(r, "e"));
    assert_int_equal(w.n, 1);
    assert_string_equal(w.msg[0], "body:6: unknown field \"extra\" ignored");
    expect_error(r, SL_EUTF8, "body:7");
    assert_string_equal(sl_errmsg(), "body:7: invalid UTF-8 at byte 23 (lone surrogate escape \\udc00)");
    expect_error(r, SL_ETOOBIG, "body:8");
    assert_string_equal(sl_errmsg(), "body:8: record of more than 100 bytes skipped");
    expect_error(r, SL_ETOOBIG, "body:9");
    assert_string_equal(sl_errmsg(), "body:9: article of 21 bytes exceeds the cap of 20 "
                                     "(id h; raise it with --max-article-bytes)");
    expect_error(r, SL_EPARSE, "body:10");
    assert_string_equal(sl_errmsg(), "body:10: field \"title\" must be a string");
    sl_article_free(expect_article(r, "j"));
    assert_string_equal(sl_reader_where(r), "body:11");
    expect_end(r);
    sl_reader_free(r);
}

/* A field given twice: json-c keeps the last value; the reader says so.
 * Names inside nested values, and quoted text that looks like a name, are
 * not fields of the record. */
static void test_repeated_field(void **state)
{
    (void)state;
    warnings w = {0};
    sl_read_options opt = {0};
    opt.warn = collect;
    opt.warn_ud = &w;
    sl_reader *r = open_str("{\"id\":\"a\",\"text\":\"A \\\"quoted\\\" text.\",\"id\":\"b\"}\n"
                            "{\"id\":\"c\",\"text\":\"C.\",\"x\":{\"k\":1,\"k\":2},\"y\":[\"id\",\"id\"]}\n"
                            "{\"id\":\"d\",\"text\":\"a \\\\\\\" quote, \\\"id\\\": \\\\\",\"title\":\"T\"}\n",
                            &opt);
    sl_article *a = expect_article(r, "b");
    assert_string_equal(a->text, "A \"quoted\" text.");
    sl_article_free(a);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.msg[0], "body:1: field \"id\" given twice: the last value is used");
    sl_article_free(expect_article(r, "c"));
    assert_int_equal(w.n, 3); /* x and y are unknown fields; k is x's own */
    assert_string_equal(w.msg[1], "body:2: unknown field \"x\" ignored");
    assert_string_equal(w.msg[2], "body:2: unknown field \"y\" ignored");
    a = expect_article(r, "d");
    assert_string_equal(a->text, "a \\\" quote, \"id\": \\");
    sl_article_free(a);
    assert_int_equal(w.n, 3);
    expect_end(r);
    sl_reader_free(r);
}

static void test_mem_garbage(void **state)
{
    (void)state;
#define OPEN_ERR(s, msg) expect_open_error(s, sizeof s - 1, msg)
    OPEN_ERR("hello world",
             "body: not JSON: expected an array of objects, an object or JSON Lines");
    OPEN_ERR("\x89PNG\r\n\x1a\n",
             "body: not JSON: expected an array of objects, an object or JSON Lines");
    OPEN_ERR("12\n", "body: not JSON: expected an array of objects, an object or JSON Lines");
    OPEN_ERR("[{\"id\":\"a\",\"text\":\"A.\"},\n{\"id\":",
             "body: malformed JSON array: element 2 (line 2): unexpected end of data");
    OPEN_ERR("[{\"id\":\"a\",\"text\":\"A.\"} {\"id\":\"b\"}]",
             "body: malformed JSON array: expected ',' or ']' after element 1 (line 1)");
    OPEN_ERR("[{\"id\":\"a\",\"text\":\"A.\"},]",
             "body: malformed JSON array: element 2 (line 1): unexpected character");
    OPEN_ERR("[{\"id\":\"a\",\n\"text\":x}]",
             "body: malformed JSON array: element 1 (line 2): unexpected character");
    OPEN_ERR("[{\"id\":\"a\",\"text\":\"A\0\"}]",
             "body: malformed JSON array: element 1 (line 1): NUL byte");
    OPEN_ERR("[]\n[]", "body: malformed JSON: text after the array (line 2)");
    OPEN_ERR("[", "body: malformed JSON array: element 1 (line 1): unexpected end of data");
    /* a pretty-printed object that does not parse */
    OPEN_ERR("{\n  \"id\": \"a\",\n  \"text\": \"A.\",\n}\n",
             "body: malformed JSON at line 4: unexpected character");
    OPEN_ERR("{\n  \"id\": \"a\",\n  \"text\": \"A.\"\n",
             "body: malformed JSON at line 4: unexpected end of data");
#undef OPEN_ERR
    sl_reader *r = NULL;
    assert_int_equal(sl_reader_open_mem(&r, NULL, "[]", 2, NULL), SL_EINVAL);
    assert_int_equal(sl_reader_open_mem(&r, "body", NULL, 2, NULL), SL_EINVAL);
    assert_int_equal(sl_reader_open_mem(NULL, "body", "[]", 2, NULL), SL_EINVAL);
    assert_null(r);
}

/* Scores are written by a fixed-point formatter, not printf: it must print
 * what "%.3f" prints, near halves (0.0005, 0.1235, 2.6785) included, where
 * it hands over to printf. */
static void test_json_fix3(void **state)
{
    (void)state;
    unsigned seed = 1;
    for (int i = 0; i < 200000; i++) {
        double x;
        seed = seed * 1103515245u + 12345u;
        if (i < 4000)
            x = i / 2000.0 + (i % 3 == 0 ? 1e-12 : i % 3 == 1 ? -1e-12 : 0); /* halves */
        else if (i < 8000)
            x = (i - 4000) * 0.0005; /* more halves, as products */
        else
            x = (seed >> 8) / (double)(1u << 24) * (i % 7 == 0 ? 5000.0 : 1.0);
        sl_jw w = {0};
        sl__jw_fix3(&w, x);
        char *got;
        assert_int_equal(sl__jw_finish(&got, &w), SL_OK);
        char want[64];
        snprintf(want, sizeof want, "%.3f", x);
        if (strcmp(got, want) != 0)
            fail_msg("%.17g: got %s, want %s", x, got, want);
        free(got);
    }
    double odd[] = {-0.0004, -1.5, 1e12, 0.0, 1.0};
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
        sl_jw w = {0};
        sl__jw_fix3(&w, odd[i]);
        char *got, want[64];
        assert_int_equal(sl__jw_finish(&got, &w), SL_OK);
        snprintf(want, sizeof want, "%.3f", odd[i]);
        assert_string_equal(got, want);
        free(got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_article_set),
        cmocka_unit_test(test_parse_time),
        cmocka_unit_test(test_good_plain),
        cmocka_unit_test(test_good_gzip),
        cmocka_unit_test(test_good_zstd),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_gzip_members),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_default_line_cap),
        cmocka_unit_test(test_article_cap),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_single_text),
        cmocka_unit_test(test_empty_directory),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_mem_lines),
        cmocka_unit_test(test_mem_array),
        cmocka_unit_test(test_mem_object),
        cmocka_unit_test(test_mem_bad_elements),
        cmocka_unit_test(test_repeated_field),
        cmocka_unit_test(test_mem_garbage),
        cmocka_unit_test(test_json_fix3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
