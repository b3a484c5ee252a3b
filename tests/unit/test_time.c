/* test_time.c - time expressions, their resolution and roles, and the
 * event-time window (src/facts/time.c). */
#include "testutil.h"

#include "facts/facts.h"

/* ------------------------------------------------------------ helpers */

typedef struct run {
    sl_facts f;
    const char *text;
} run;

static int64_t at(const char *iso)
{
    int64_t t = 0;
    if (sl_parse_time(&t, iso) != SL_OK)
        fail_msg("bad test date %s", iso);
    return t;
}

/* Extracts the times of `text`, published at `published` (ISO date) or
 * unknown (NULL), with the library's own sentence spans. */
static void extract(run *r, const char *text, const char *published)
{
    sl_spanvec sv = {0};
    memset(r, 0, sizeof *r);
    r->text = text;
    assert_int_equal(sl__sentences(&sv, text, strlen(text)), SL_OK);
    int rc = sl__extract_times(&r->f, text, strlen(text),
                               published ? at(published) : SL_TIME_UNKNOWN, 0, sv.v, sv.n);
    assert_int_equal(rc, SL_OK);
    free(sv.v);
    /* in text order, inside the text */
    for (size_t i = 0; i < r->f.ntimes; i++) {
        const sl_timex *t = &r->f.times[i];
        assert_true(t->len > 0 && (size_t)t->off + t->len <= strlen(text));
        if (i)
            assert_true(t->off >= r->f.times[i - 1].off + r->f.times[i - 1].len);
        assert_true((t->start == SL_TIME_UNKNOWN) == (t->end == SL_TIME_UNKNOWN));
        if (t->start != SL_TIME_UNKNOWN)
            assert_true(t->start < t->end);
    }
}

static void done(run *r)
{
    free(r->f.times);
    r->f.times = NULL;
}

static const char *ROLE[] = {"event", "background", "future"};

/* "YYYY-MM-DD" of t, or "?" (sl__civil_from_days, not sl_format_date: this
 * test needs only time.c). */
static void fmt_date(char *buf, size_t cap, int64_t t)
{
    if (t == SL_TIME_UNKNOWN) {
        snprintf(buf, cap, "?");
        return;
    }
    int64_t y, day = t / 86400 - (t % 86400 < 0);
    unsigned m, d;
    sl__civil_from_days(day, &y, &m, &d);
    snprintf(buf, cap, "%04lld-%02u-%02u", (long long)y, m, d);
}

static void dump(const run *r)
{
    for (size_t i = 0; i < r->f.ntimes; i++) {
        const sl_timex *t = &r->f.times[i];
        char a[32], b[32];
        fmt_date(a, sizeof a, t->start);
        fmt_date(b, sizeof b, t->end);
        print_message("  \"%.*s\" [%s, %s) grain %d %s\n", (int)t->len, r->text + t->off, a, b,
                      (int)t->grain, ROLE[t->role]);
    }
}

/* The expression whose span is exactly `span` (the n-th such, from 0). */
static const sl_timex *find_nth(const run *r, const char *span, int nth)
{
    size_t n = strlen(span);
    for (size_t i = 0; i < r->f.ntimes; i++) {
        const sl_timex *t = &r->f.times[i];
        if (t->len == n && memcmp(r->text + t->off, span, n) == 0 && nth-- == 0)
            return t;
    }
    dump(r);
    fail_msg("no time expression \"%s\" in \"%s\"", span, r->text);
    return NULL;
}

static const sl_timex *find(const run *r, const char *span) { return find_nth(r, span, 0); }

/* Asserts the expression `span`: [start, end) as ISO dates (NULL: unknown),
 * grain and role. */
static void expect(const run *r, const char *span, const char *start, const char *end,
                   sl_time_grain grain, sl_time_role role)
{
    const sl_timex *t = find(r, span);
    if (start) {
        if (t->start != at(start) || t->end != at(end)) {
            dump(r);
            fail_msg("\"%s\": expected [%s, %s)", span, start, end);
        }
    } else {
        assert_true(t->start == SL_TIME_UNKNOWN && t->end == SL_TIME_UNKNOWN);
    }
    if (t->grain != grain || t->role != role) {
        dump(r);
        fail_msg("\"%s\": grain %d role %s, expected grain %d role %s", span, (int)t->grain,
                 ROLE[t->role], (int)grain, ROLE[role]);
    }
}

/* No expression overlaps the first occurrence of `word` in the text. */
static void expect_none_at(const run *r, const char *word)
{
    const char *w = strstr(r->text, word);
    assert_non_null(w);
    size_t off = (size_t)(w - r->text), end = off + strlen(word);
    for (size_t i = 0; i < r->f.ntimes; i++) {
        const sl_timex *t = &r->f.times[i];
        if (t->off < end && off < (size_t)t->off + t->len) {
            dump(r);
            fail_msg("\"%s\" taken as a time in \"%s\"", word, r->text);
        }
    }
}

static void expect_window(const run *r, const char *start, const char *end, float conf)
{
    if (!start) {
        assert_true(r->f.event_start == SL_TIME_UNKNOWN && r->f.event_end == SL_TIME_UNKNOWN);
    } else if (r->f.event_start != at(start) || r->f.event_end != at(end)) {
        char a[32], b[32];
        fmt_date(a, sizeof a, r->f.event_start);
        fmt_date(b, sizeof b, r->f.event_end);
        dump(r);
        fail_msg("window [%s, %s), expected [%s, %s)", a, b, start, end);
    }
    assert_float_equal(r->f.event_conf, conf, 1e-6);
}

/* ----------------------------------------------------------- calendar */

static void test_civil(void **state)
{
    (void)state;
    assert_int_equal(sl__days_from_civil(1970, 1, 1), 0);
    assert_int_equal(sl__days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(sl__days_from_civil(1969, 12, 31), -1);
    assert_int_equal(sl__days_from_civil(2024, 2, 29) + 1, sl__days_from_civil(2024, 3, 1));
    assert_int_equal(sl__days_from_civil(2100, 3, 1) - sl__days_from_civil(2100, 2, 28), 1);
    assert_int_equal(sl__days_from_civil(0, 3, 1), -719468);
    /* round trip over ~4400 years either side of the epoch, and the order */
    int64_t prev = INT64_MIN;
    for (int64_t d = -1600000; d <= 1600000; d += 37) {
        int64_t y;
        unsigned m, dd;
        sl__civil_from_days(d, &y, &m, &dd);
        assert_true(m >= 1 && m <= 12 && dd >= 1 && dd <= 31);
        assert_int_equal(sl__days_from_civil(y, m, dd), d);
        int64_t key = y * 10000 + m * 100 + dd;
        assert_true(key > prev);
        prev = key;
    }
    int64_t y;
    unsigned m, d;
    sl__civil_from_days(sl__days_from_civil(2024, 2, 29), &y, &m, &d);
    assert_true(y == 2024 && m == 2 && d == 29);
    sl__civil_from_days(-719468, &y, &m, &d);
    assert_true(y == 0 && m == 3 && d == 1);
}

/* ----------------------------------------------- relative to published */

static void test_relative_year_boundaries(void **state)
{
    (void)state;
    run r;
    extract(&r, "Prices rose last month, the agency said.", "2024-01-15");
    assert_int_equal(r.f.anchored, 1);
    expect(&r, "last month", "2023-12-01", "2024-01-01", SL_GRAIN_MONTH, SL_TIME_EVENT);
    assert_int_equal(find(&r, "last month")->relative, 1);
    done(&r);

    /* 2024-01-01 is a Monday: "on Tuesday" is the Tuesday before */
    extract(&r, "The minister resigned on Tuesday.", "2024-01-01");
    expect(&r, "on Tuesday", "2023-12-26", "2023-12-27", SL_GRAIN_DAY, SL_TIME_EVENT);
    done(&r);
    extract(&r, "The minister resigned on Monday.", "2024-01-01");
    expect(&r, "on Monday", "2024-01-01", "2024-01-02", SL_GRAIN_DAY, SL_TIME_EVENT);
    done(&r);

    extract(&r, "The bridge collapsed yesterday.", "2024-03-01");
    expect(&r, "yesterday", "2024-02-29", "2024-03-01", SL_GRAIN_DAY, SL_TIME_EVENT);
    done(&r);

    extract(&r, "The fire started on Dec 30 in a warehouse.", "2024-01-02");
    expect(&r, "on Dec 30", "2023-12-30", "2023-12-31", SL_GRAIN_DAY, SL_TIME_EVENT);
    assert_int_equal(find(&r, "on Dec 30")->relative, 1);
    done(&r);

    extract(&r, "The company was sold in October to a rival.", "2024-02-10");
    expect(&r, "in October", "2023-10-01", "2023-11-01", SL_GRAIN_MONTH, SL_TIME_BACKGROUND);
    done(&r);
    extract(&r, "The company was sold in January to a rival.", "2024-02-10");
    expect(&r, "in January", "2024-01-01", "2024-02-01", SL_GRAIN_MONTH, SL_TIME_EVENT);
    done(&r);

    extract(&r, "Talks resume today. Last night rebels shelled the town. It was quiet "
                "this morning, and a vote is set for tomorrow. Tonight the curfew starts.",
            "2024-01-01");
    expect(&r, "today", "2024-01-01", "2024-01-02", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "Last night", "2023-12-31", "2024-01-01", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "this morning", "2024-01-01", "2024-01-02", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "tomorrow", "2024-01-02", "2024-01-03", SL_GRAIN_DAY, SL_TIME_FUTURE);
    expect(&r, "Tonight", "2024-01-01", "2024-01-02", SL_GRAIN_DAY, SL_TIME_EVENT);
    done(&r);
}

static void test_relative_units(void **state)
{
    (void)state;
    run r;
    /* 2024-03-13 is a Wednesday */
    extract(&r, "Floods hit the region last week. More rain is due this week and next "
                "week. Sales fell this month, and will recover next month. Growth slowed "
                "this year and will pick up next year.",
            "2024-03-13");
    expect(&r, "last week", "2024-03-04", "2024-03-11", SL_GRAIN_WEEK, SL_TIME_EVENT);
    expect(&r, "this week", "2024-03-11", "2024-03-18", SL_GRAIN_WEEK, SL_TIME_EVENT);
    expect(&r, "next week", "2024-03-18", "2024-03-25", SL_GRAIN_WEEK, SL_TIME_FUTURE);
    expect(&r, "this month", "2024-03-01", "2024-04-01", SL_GRAIN_MONTH, SL_TIME_EVENT);
    expect(&r, "next month", "2024-04-01", "2024-05-01", SL_GRAIN_MONTH, SL_TIME_FUTURE);
    expect(&r, "this year", "2024-01-01", "2025-01-01", SL_GRAIN_YEAR, SL_TIME_EVENT);
    expect(&r, "next year", "2025-01-01", "2026-01-01", SL_GRAIN_YEAR, SL_TIME_FUTURE);
    done(&r);

    extract(&r, "He was elected last year. Earlier this year he fell ill; earlier this "
                "month he resigned. A successor will be named later this year.",
            "2024-03-13");
    expect(&r, "last year", "2023-01-01", "2024-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    expect(&r, "Earlier this year", "2024-01-01", "2024-03-13", SL_GRAIN_YEAR,
           SL_TIME_BACKGROUND);
    expect(&r, "earlier this month", "2024-03-01", "2024-03-13", SL_GRAIN_MONTH,
           SL_TIME_BACKGROUND);
    expect(&r, "later this year", "2024-03-14", "2025-01-01", SL_GRAIN_YEAR, SL_TIME_FUTURE);
    done(&r);

    extract(&r, "The ship sank three days ago. A week ago it left port. It was built "
                "two years ago and refitted 2 months ago. Its sister ship sank nine days "
                "earlier.",
            "2024-03-13");
    expect(&r, "three days ago", "2024-03-10", "2024-03-11", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "A week ago", "2024-03-03", "2024-03-10", SL_GRAIN_WEEK, SL_TIME_EVENT);
    expect(&r, "two years ago", "2022-01-01", "2023-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    expect(&r, "2 months ago", "2024-01-01", "2024-02-01", SL_GRAIN_MONTH, SL_TIME_EVENT);
    expect(&r, "nine days earlier", "2024-03-04", "2024-03-05", SL_GRAIN_DAY,
           SL_TIME_BACKGROUND);
    done(&r);

    /* "the day before" ending a clause; not "the day before the vote" */
    extract(&r, "Police found the car on Friday. It had been stolen the day before. "
                "Riots broke out the day before the vote.",
            "2024-03-16");
    expect(&r, "on Friday", "2024-03-15", "2024-03-16", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "the day before", "2024-03-15", "2024-03-16", SL_GRAIN_DAY, SL_TIME_BACKGROUND);
    assert_int_equal(r.f.ntimes, 2);
    done(&r);

    /* weekday modifiers and parts of the day; 2024-03-13 is a Wednesday */
    extract(&r, "They met last Wednesday and again on Monday night. Another round is "
                "planned for next Tuesday.",
            "2024-03-13");
    expect(&r, "last Wednesday", "2024-03-06", "2024-03-07", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "on Monday night", "2024-03-11", "2024-03-12", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "next Tuesday", "2024-03-19", "2024-03-20", SL_GRAIN_DAY, SL_TIME_FUTURE);
    done(&r);
}

/* -------------------------------------------------------- explicit dates */

static void test_explicit_dates(void **state)
{
    (void)state;
    static const char *const forms[] = {
        "December 3, 2025", "Dec. 3, 2025", "Dec 3 2025", "3 December 2025",
        "3rd December 2025", "the 3rd of December 2025", "DECEMBER 3, 2025",
        "2025-12-03", "2025/12/03", "12/3/2025", "Wednesday, December 3, 2025",
        "Wed, 3 Dec 2025",
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char text[160];
        snprintf(text, sizeof text, "The summit opened %s in Geneva.", forms[i]);
        run r;
        extract(&r, text, NULL);
        if (r.f.ntimes != 1)
            fail_msg("%s: %zu expressions", forms[i], r.f.ntimes);
        const sl_timex *t = &r.f.times[0];
        if (t->start != at("2025-12-03") || t->end != at("2025-12-04") ||
            t->grain != SL_GRAIN_DAY || t->relative != 0) {
            dump(&r);
            fail_msg("%s", forms[i]);
        }
        /* the span covers the whole date */
        const char *form = strncmp(forms[i], "the ", 4) == 0 ? forms[i] + 4 : forms[i];
        assert_int_equal(t->len, strlen(form));
        assert_int_equal(r.f.anchored, 0);
        expect_window(&r, "2025-12-03", "2025-12-04", 0.6f);
        done(&r);
    }

    run r;
    extract(&r, "The vote took place on December 3rd and the count on Dec. 4.", "2025-12-05");
    expect(&r, "on December 3rd", "2025-12-03", "2025-12-04", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "on Dec. 4", "2025-12-04", "2025-12-05", SL_GRAIN_DAY, SL_TIME_EVENT);
    done(&r);

    extract(&r, "Output fell in December 2025 and again in January of 2026.", NULL);
    expect(&r, "in December 2025", "2025-12-01", "2026-01-01", SL_GRAIN_MONTH, SL_TIME_EVENT);
    expect(&r, "in January of 2026", "2026-01-01", "2026-02-01", SL_GRAIN_MONTH, SL_TIME_EVENT);
    assert_int_equal(r.f.anchored, 0);
    done(&r);

    /* a comma between month and year ("June, 2005"), not a June of the
     * anchor's year and a bare 2005 */
    extract(&r, "A jury today convicted him of killing a deputy in June, 2005.", "2007-03-20");
    expect(&r, "in June, 2005", "2005-06-01", "2005-07-01", SL_GRAIN_MONTH, SL_TIME_BACKGROUND);
    assert_int_equal(r.f.ntimes, 2);
    done(&r);

    /* two-digit years, read in the window 1950-2049 ("POSTED: 04 / 02 /
     * 07" as detokenised text leaves a web page's stamp) */
    extract(&r, "POSTED: 04 / 02 / 07, 9: 00 PM PDT. He was born 10/23/66 in Ohio.", NULL);
    expect(&r, "04 / 02 / 07", "2007-04-02", "2007-04-03", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "10/23/66", "1966-10-23", "1966-10-24", SL_GRAIN_DAY, SL_TIME_BACKGROUND);
    assert_int_equal(r.f.ntimes, 2);
    done(&r);
    /* three digits or a path are not a year */
    extract(&r, "See 3/4/123 and /11/30/09 for the files.", NULL);
    assert_int_equal(r.f.ntimes, 0);
    done(&r);

    /* a weekday picks the year of a date without one (2009-12-09 was a
     * Wednesday, 2008-12-09 a Tuesday) */
    extract(&r, "The hearing is on Wednesday, December 9. It was first set for "
                "Tuesday, December 9.",
            "2009-03-01");
    expect(&r, "on Wednesday, December 9", "2009-12-09", "2009-12-10", SL_GRAIN_DAY,
           SL_TIME_FUTURE);
    expect(&r, "Tuesday, December 9", "2008-12-09", "2008-12-10", SL_GRAIN_DAY,
           SL_TIME_BACKGROUND);
    done(&r);

    /* invalid days are not dates */
    extract(&r, "Filed February 30, 2023 and 2023-02-29 and 31 April.", NULL);
    for (size_t i = 0; i < r.f.ntimes; i++)
        assert_int_not_equal(r.f.times[i].grain, SL_GRAIN_DAY);
    done(&r);

    /* a date without a year: the nearest year, the past preferred */
    extract(&r, "The election is on December 15. Results from March 1 were annulled.",
            "2013-09-26");
    expect(&r, "on December 15", "2013-12-15", "2013-12-16", SL_GRAIN_DAY, SL_TIME_FUTURE);
    expect(&r, "March 1", "2013-03-01", "2013-03-02", SL_GRAIN_DAY, SL_TIME_BACKGROUND);
    done(&r);

    /* "due" right before a time (or its "on"/"in") schedules it; "due to"
     * further back does not */
    extract(&r, "Microsoft released a patch on Wednesday. Its next set of updates is due "
                "Jan. 13, and the next after that is due in February. Flights were cancelled "
                "due to the storm on Monday.",
            NULL);
    expect(&r, "Jan. 13", NULL, NULL, SL_GRAIN_DAY, SL_TIME_FUTURE);
    expect(&r, "on Monday", NULL, NULL, SL_GRAIN_DAY, SL_TIME_EVENT);
    assert_int_equal(r.f.event_month, 0); /* no event month: Jan. 13 is ahead */
    done(&r);
}

/* ------------------------------------------------- years, false positives */

static void test_years_vs_numbers(void **state)
{
    (void)state;
    run r;
    extract(&r, "The plant opened in 2008. It employs 2008 people and paid $2008 in fees, "
                "up 2008% on 1,2008 and 2008.5 units; flight No. 2008 landed at 1930 GMT. "
                "Prices of the 1990s and the 1980's. Route 2001 reopened in 2009-10.",
            "2012-06-01");
    expect(&r, "in 2008", "2008-01-01", "2009-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    expect_none_at(&r, "2008 people");
    expect_none_at(&r, "$2008");
    expect_none_at(&r, "2008%");
    expect_none_at(&r, "1,2008");
    expect_none_at(&r, "2008.5");
    expect_none_at(&r, "No. 2008");
    expect_none_at(&r, "1930");
    expect_none_at(&r, "1990s");
    expect_none_at(&r, "1980's");
    expect_none_at(&r, "2001");
    expect(&r, "in 2009", "2009-01-01", "2010-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    assert_int_equal(r.f.ntimes, 2);
    done(&r);

    /* a year after a product's name is its version */
    extract(&r, "The flaw affects Windows 2000, Server 2003, Office 2007 and Exchange 2010 "
                "as well as Visual Studio 2008.", "2012-06-01");
    assert_int_equal(r.f.ntimes, 0);
    done(&r);

    extract(&r, "2008 was a hard year, and 1899 and 2101 are out of range.", "2012-06-01");
    expect(&r, "2008", "2008-01-01", "2009-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    assert_int_equal(r.f.ntimes, 1);
    done(&r);
}

static void test_may_march_sun(void **state)
{
    (void)state;
    run r;
    extract(&r, "The law may change. May be later. It may pass in May, or on May 5. Prices "
                "since May rose. May 2012 was warm. Protesters march on the capital; "
                "Thousands March on Rome. The March on Washington was held in March.",
            "2012-06-10");
    expect_none_at(&r, "may change");
    expect_none_at(&r, "May be");
    expect(&r, "in May", "2012-05-01", "2012-06-01", SL_GRAIN_MONTH, SL_TIME_EVENT);
    expect(&r, "on May 5", "2012-05-05", "2012-05-06", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "since May", "2012-05-01", "2012-06-01", SL_GRAIN_MONTH, SL_TIME_BACKGROUND);
    expect(&r, "May 2012", "2012-05-01", "2012-06-01", SL_GRAIN_MONTH, SL_TIME_EVENT);
    expect_none_at(&r, "march on");
    expect_none_at(&r, "March on Rome");
    expect_none_at(&r, "March on Washington");
    expect(&r, "in March", "2012-03-01", "2012-04-01", SL_GRAIN_MONTH, SL_TIME_BACKGROUND);
    assert_int_equal(r.f.ntimes, 5);
    done(&r);

    extract(&r, "The Sun reported it. The Sunday Times and USA Today and the Today show "
                "followed. Jan Smith and April Jones spoke. Sat next to him on Sunday.",
            "2012-06-20");
    expect_none_at(&r, "Sun reported");
    expect_none_at(&r, "Sunday Times");
    expect_none_at(&r, "Today and");
    expect_none_at(&r, "Today show");
    expect_none_at(&r, "Jan Smith");
    expect_none_at(&r, "April Jones");
    expect(&r, "on Sunday", "2012-06-17", "2012-06-18", SL_GRAIN_DAY, SL_TIME_EVENT);
    assert_int_equal(r.f.ntimes, 1);
    done(&r);
}

/* ----------------------------------------------------------------- roles */

static void test_roles(void **state)
{
    (void)state;
    run r;
    extract(&r, "Leaders met in Paris on Tuesday. An earlier meeting in December failed. "
                "They first met in 2019, and trade has grown since 2015. Last year's "
                "summit in Rome ended badly. A follow-up will be held on Friday.",
            "2024-01-10");
    expect(&r, "on Tuesday", "2024-01-09", "2024-01-10", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "in December", "2023-12-01", "2024-01-01", SL_GRAIN_MONTH, SL_TIME_BACKGROUND);
    expect(&r, "in 2019", "2019-01-01", "2020-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    expect(&r, "since 2015", "2015-01-01", "2016-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    expect(&r, "Last year", "2023-01-01", "2024-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    /* "will ... on Friday": the coming Friday */
    expect(&r, "on Friday", "2024-01-12", "2024-01-13", SL_GRAIN_DAY, SL_TIME_FUTURE);
    expect_window(&r, "2024-01-08", "2024-01-11", 0.9f);
    done(&r);

    /* possessive: background for past weeks, months and years, not days */
    extract(&r, "After last week\xE2\x80\x99s protests and yesterday's strike, the 2023 "
                "report and this year's budget were debated.",
            "2024-01-10");
    expect(&r, "last week", "2024-01-01", "2024-01-08", SL_GRAIN_WEEK, SL_TIME_BACKGROUND);
    expect(&r, "yesterday", "2024-01-09", "2024-01-10", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "2023", "2023-01-01", "2024-01-01", SL_GRAIN_YEAR, SL_TIME_EVENT);
    expect(&r, "this year", "2024-01-01", "2025-01-01", SL_GRAIN_YEAR, SL_TIME_EVENT);
    done(&r);

    /* "former" is no earlier time; "this past Sunday" is the last one */
    extract(&r, "The former president died on Tuesday. Fans gathered this past Sunday "
                "and this past weekend, as in the past week.",
            "2024-01-10");
    expect(&r, "on Tuesday", "2024-01-09", "2024-01-10", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "past Sunday", "2024-01-07", "2024-01-08", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "this past weekend", "2024-01-06", "2024-01-08", SL_GRAIN_WEEK, SL_TIME_EVENT);
    assert_int_equal(r.f.ntimes, 3);
    done(&r);

    /* "earlier on Tuesday" is that day, not an earlier time */
    extract(&r, "Earlier on Tuesday, the army said it had withdrawn.", "2024-01-10");
    expect(&r, "on Tuesday", "2024-01-09", "2024-01-10", SL_GRAIN_DAY, SL_TIME_EVENT);
    done(&r);

    /* explicit dates after the anchor are future; long before, background */
    extract(&r, "The trial opens on March 3, 2024; the crime was on June 1, 2023.",
            "2024-01-10");
    expect(&r, "on March 3, 2024", "2024-03-03", "2024-03-04", SL_GRAIN_DAY, SL_TIME_FUTURE);
    expect(&r, "on June 1, 2023", "2023-06-01", "2023-06-02", SL_GRAIN_DAY, SL_TIME_BACKGROUND);
    done(&r);
}

/* ------------------------------------------------------------- anchoring */

static void test_unanchored(void **state)
{
    (void)state;
    run r;
    /* the anchor is the latest full date in the text; 2009-03-03 was a Tuesday */
    extract(&r, "WASHINGTON, March 3, 2009 - The president signed the order on Tuesday.\n"
                "A first draft was circulated on Feb. 20, 2009, and last month's talks "
                "failed. Another vote is expected next week.",
            NULL);
    assert_int_equal(r.f.anchored, 0);
    expect(&r, "March 3, 2009", "2009-03-03", "2009-03-04", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "on Tuesday", "2009-03-03", "2009-03-04", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "on Feb. 20, 2009", "2009-02-20", "2009-02-21", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "last month", "2009-02-01", "2009-03-01", SL_GRAIN_MONTH, SL_TIME_BACKGROUND);
    expect(&r, "next week", "2009-03-09", "2009-03-16", SL_GRAIN_WEEK, SL_TIME_FUTURE);
    expect_window(&r, "2009-03-03", "2009-03-04", 0.6f);
    done(&r);

    /* month and year: months and years resolve, days and weeks do not */
    extract(&r, "The strike began in June 2012 and ended last month. It was the first "
                "since 2009. Talks resume on Monday.",
            NULL);
    assert_int_equal(r.f.anchored, 0);
    expect(&r, "last month", "2012-05-01", "2012-06-01", SL_GRAIN_MONTH, SL_TIME_EVENT);
    expect(&r, "on Monday", NULL, NULL, SL_GRAIN_DAY, SL_TIME_EVENT);
    expect_window(&r, "2012-06-01", "2012-07-01", 0.4f);
    done(&r);

    /* a month and year from past the lead of an undated text is a guess,
     * no surer than a year ("promoted ... in September 2003" in a 2008
     * report of his dismissal) */
    extract(&r, "The team fired its coach on Saturday. The loss was the fifth in a row. "
                "Fans were angry. He had been promoted to head coach in September 2003.",
            NULL);
    expect_window(&r, "2003-09-01", "2003-10-01", 0.25f);
    done(&r);

    /* years only: the most frequent year */
    extract(&r, "The 2010 floods were the worst since 1950. In 2010 the river rose twice. "
                "It was quiet in 1998. Officials said on Friday that this year was dry.",
            NULL);
    expect(&r, "on Friday", NULL, NULL, SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "this year", "2010-01-01", "2011-01-01", SL_GRAIN_YEAR, SL_TIME_EVENT);
    expect(&r, "In 2010", "2010-01-01", "2011-01-01", SL_GRAIN_YEAR, SL_TIME_EVENT);
    expect(&r, "in 1998", "1998-01-01", "1999-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    expect_window(&r, "2010-01-01", "2011-01-01", 0.2f);
    done(&r);

    /* the end of a span ("through 2017") is no anchor and no event time;
     * the dated line is (it was taken for background behind the year) */
    extract(&r, "December 16, 2008\nHerald: Sox Make Offer To Teixeira (8 Years?)\n"
                "The Red Sox made an offer on Tuesday that runs through 2017.",
            NULL);
    expect(&r, "December 16, 2008", "2008-12-16", "2008-12-17", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "on Tuesday", "2008-12-16", "2008-12-17", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "2017", "2017-01-01", "2018-01-01", SL_GRAIN_YEAR, SL_TIME_FUTURE);
    expect_window(&r, "2008-12-16", "2008-12-17", 0.6f);
    done(&r);
    /* "until" after a negation says when it happened, not how long */
    extract(&r, "Felt died on Thursday. His identity was not revealed until May 30, 2005. "
                "He served at the FBI until 1973.",
            NULL);
    expect(&r, "until May 30, 2005", "2005-05-30", "2005-05-31", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "until 1973", "1973-01-01", "1974-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    done(&r);

    /* a wire dateline's month and day without a year says more than a
     * year the text names elsewhere: no window guessed from 1995, the
     * month and day kept */
    extract(&r, "CREIGHTON DEFEATS DRAKE 65 - 53 IN MVC TOURNAMENT\nMar. 8 5: 46 PM EST\n"
                "Doug McDermott scored 23 points on Friday. Creighton plays again on "
                "Saturday. The Bluejays won the tournament in 1995.",
            NULL);
    expect(&r, "in 1995", "1995-01-01", "1996-01-01", SL_GRAIN_YEAR, SL_TIME_EVENT);
    expect_window(&r, NULL, NULL, 0.0f);
    assert_int_equal(r.f.event_month, 3);
    assert_int_equal(r.f.event_mday, 8);
    done(&r);

    /* no anchor at all: relative times listed, unresolved */
    extract(&r, "The star checked into rehab on Tuesday, her publicist said yesterday.", NULL);
    assert_int_equal(r.f.anchored, 0);
    expect(&r, "on Tuesday", NULL, NULL, SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "yesterday", NULL, NULL, SL_GRAIN_DAY, SL_TIME_EVENT);
    assert_int_equal(find(&r, "yesterday")->relative, 1);
    expect_window(&r, NULL, NULL, 0.0f);
    done(&r);

    /* no anchor, no window: the event's month and day of the year */
    extract(&r, "Microsoft released an emergency patch on Wednesday, December 17, after "
                "attacks that began in November.",
            NULL);
    expect_window(&r, NULL, NULL, 0.0f);
    assert_int_equal(r.f.event_month, 12);
    assert_int_equal(r.f.event_mday, 17);
    done(&r);
    extract(&r, "The quake struck the island in September, the second since March.", NULL);
    assert_int_equal(r.f.event_month, 9); /* the first EVENT month; no day */
    assert_int_equal(r.f.event_mday, 0);
    done(&r);
    /* background and future months are not the event's */
    extract(&r, "Prices have risen since October. A vote is expected next March. "
                "Talks resumed on Tuesday.",
            NULL);
    assert_int_equal(r.f.event_month, 0);
    done(&r);
    /* a window (here the year guessed from the text) or an anchor leaves
     * them 0 */
    extract(&r, "The strike of 2012 began on June 4, the union said.", NULL);
    expect_window(&r, "2012-01-01", "2013-01-01", 0.2f);
    assert_int_equal(r.f.event_month, 0);
    done(&r);
    extract(&r, "The patch came out on December 17.", "2008-12-18");
    assert_int_equal(r.f.event_month, 0);
    assert_int_equal(r.f.event_mday, 0);
    done(&r);

    /* a full date long before a year the text states is no anchor */
    extract(&r, "Born on July 1, 1931, he joined the force in 1956. He retired in 2005 "
                "and died on Thursday.",
            NULL);
    expect(&r, "on Thursday", NULL, NULL, SL_GRAIN_DAY, SL_TIME_EVENT);
    done(&r);
}

static void test_no_dates(void **state)
{
    (void)state;
    run r;
    extract(&r, "A publicist says the actress has checked herself into rehab. He did not "
                "say what she was being treated for.",
            NULL);
    assert_int_equal(r.f.ntimes, 0);
    assert_null(r.f.times);
    expect_window(&r, NULL, NULL, 0.0f);
    done(&r);

    /* published known but nothing in the text: around the publication day */
    extract(&r, "A publicist says the actress has checked herself into rehab.",
            "2024-05-10T15:30:00Z");
    assert_int_equal(r.f.anchored, 1);
    expect_window(&r, "2024-05-07", "2024-05-11", 0.5f);
    done(&r);

    extract(&r, "", NULL);
    assert_int_equal(r.f.ntimes, 0);
    expect_window(&r, NULL, NULL, 0.0f);
    done(&r);
}

/* ---------------------------------------------------------- event window */

static void test_event_window(void **state)
{
    (void)state;
    run r;
    /* the lead's first event day, widened by a day when counted from
     * `published`; background and future times are skipped */
    extract(&r, "Quake hits coast\n"
                "A strong earthquake struck the coast yesterday, a year after the 2023 "
                "disaster, officials said.\n"
                "Rescue teams will arrive on Friday.",
            "2024-03-13");
    expect_window(&r, "2024-03-11", "2024-03-14", 0.9f);
    done(&r);

    /* an explicit date in the lead is not widened */
    extract(&r, "Quake hits coast\nA strong earthquake struck the coast on March 10, "
                "officials said.",
            "2024-03-13");
    expect_window(&r, "2024-03-10", "2024-03-11", 0.9f);
    done(&r);

    /* an event day after the lead only: less confidence */
    extract(&r, "Quake hits coast.\nA strong earthquake struck the coast.\nThousands fled.\n"
                "Buildings fell. The first tremor came on Monday.",
            "2024-03-13");
    expect_window(&r, "2024-03-10", "2024-03-13", 0.7f);
    done(&r);

    /* a week in the lead */
    extract(&r, "Floods hit the region last week, officials said.", "2024-03-13");
    expect_window(&r, "2024-03-04", "2024-03-11", 0.5f);
    done(&r);

    /* only background in the text: around the publication day */
    extract(&r, "The region was hit by floods in 2019 and since then little has changed.",
            "2024-03-13");
    expect_window(&r, "2024-03-10", "2024-03-14", 0.5f);
    done(&r);

    /* unanchored: a day after the lead only */
    extract(&r, "Quake hits coast.\nA strong earthquake struck the coast.\nThousands fled.\n"
                "It came on March 10, 2024.",
            NULL);
    expect_window(&r, "2024-03-10", "2024-03-11", 0.5f);
    done(&r);
}

/* ------------------------------------------------------------- robustness */

static void test_unicode_and_garbage(void **state)
{
    (void)state;
    run r;
    /* typographic punctuation, non-breaking spaces, non-ASCII words */
    extract(&r, "\xE2\x80\x9CIt ended on\xC2\xA0Tuesday,\xE2\x80\x9D she said \xE2\x80\x94 "
                "in\xC2\xA0" "2019 too. D\xC3\xA9" "cember 3, caf\xC3\xA9 2008s, "
                "\xC3\xA9" "2008 and 2008\xC3\xA9.",
            "2024-01-10");
    expect(&r, "on\xC2\xA0Tuesday", "2024-01-09", "2024-01-10", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "in\xC2\xA0" "2019", "2019-01-01", "2020-01-01", SL_GRAIN_YEAR,
           SL_TIME_BACKGROUND);
    assert_int_equal(r.f.ntimes, 2);
    done(&r);

    /* pseudo-random bytes (fixed seed), including truncated UTF-8 at the
     * end and digits/month names, must neither crash nor misbehave */
    static const char *const bits[] = {"May ", "3", "2008", "-", "/", "Dec. ", "last ", "week",
                                       "\xE2\x80", "\xC3", ", ", "ago ", "Tuesday", "'s"};
    uint64_t x = 88172645463325252ULL;
    char buf[256];
    for (int it = 0; it < 2000; it++) {
        size_t n = 0;
        while (n < sizeof buf - 16) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if (x % 3 == 0) {
                const char *b = bits[(x >> 8) % (sizeof bits / sizeof bits[0])];
                size_t l = strlen(b);
                memcpy(buf + n, b, l);
                n += l;
            } else {
                buf[n++] = (char)(x >> 24);
            }
        }
        sl_facts f;
        memset(&f, 0, sizeof f);
        assert_int_equal(sl__extract_times(&f, buf, n, it % 2 ? SL_TIME_UNKNOWN : 1700000000,
                                           it % 4 == 2, NULL, 0),
                         SL_OK);
        for (size_t i = 0; i < f.ntimes; i++)
            assert_true((size_t)f.times[i].off + f.times[i].len <= n);
        free(f.times);
    }

    /* absurd publication times are treated as unknown */
    sl_facts f;
    memset(&f, 0, sizeof f);
    assert_int_equal(sl__extract_times(&f, "on Monday", 9, INT64_MAX, 0, NULL, 0), SL_OK);
    assert_int_equal(f.anchored, 0);
    free(f.times);
}

/* ----------------------------------------------------------------- ECB+ */

/* Reads article `id` of the bundled ECB+ sample through the public reader. */
static sl_article *ecb_article(const char *id)
{
    sl_reader *rd = NULL;
    assert_int_equal(sl_reader_open(&rd, "data/ecbplus-dev/articles.jsonl", NULL), SL_OK);
    sl_article *a = NULL;
    int rc;
    while ((rc = sl_reader_next(rd, &a)) == 1) {
        if (strcmp(a->id, id) == 0)
            break;
        sl_article_free(a);
        a = NULL;
    }
    sl_reader_free(rd);
    if (!a)
        fail_msg("article %s not found", id);
    return a;
}

static void test_ecb_articles(void **state)
{
    (void)state;
    run r;
    /* 1_1ecb: Tara Reid enters rehab; no time expression at all */
    sl_article *a = ecb_article("1_1ecb");
    extract(&r, a->text, NULL);
    assert_int_equal(r.f.ntimes, 0);
    expect_window(&r, NULL, NULL, 0.0f);
    done(&r);
    sl_article_free(a);

    /* 1_1ecbplus: "First Published: June 13, 2013 4: 59 PM EDT" anchors the
     * text; "a judge signed an order yesterday" */
    a = ecb_article("1_1ecbplus");
    extract(&r, a->text, NULL);
    assert_int_equal(r.f.anchored, 0);
    expect(&r, "June 13, 2013", "2013-06-13", "2013-06-14", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "yesterday", "2013-06-12", "2013-06-13", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "in May", "2013-05-01", "2013-06-01", SL_GRAIN_MONTH, SL_TIME_EVENT);
    expect(&r, "June 2012", "2012-06-01", "2012-07-01", SL_GRAIN_MONTH, SL_TIME_BACKGROUND);
    expect_none_at(&r, "90 - day");
    assert_int_equal(r.f.ntimes, 4);
    expect_window(&r, "2013-06-13", "2013-06-14", 0.6f);
    done(&r);
    sl_article_free(a);

    /* 4_1ecb: Bettie Page dies; only years and weekdays, no full date */
    a = ecb_article("4_1ecb");
    extract(&r, a->text, NULL);
    expect(&r, "this evening", NULL, NULL, SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "Thursday", NULL, NULL, SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "nine days earlier", NULL, NULL, SL_GRAIN_DAY, SL_TIME_BACKGROUND);
    expect(&r, "in 1923", "1923-01-01", "1924-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    expect(&r, "In 1992", "1992-01-01", "1993-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    expect_none_at(&r, "1950s");
    expect_none_at(&r, "20th Century");
    expect_window(&r, "2006-01-01", "2007-01-01", 0.2f);
    done(&r);
    sl_article_free(a);

    /* 4_4ecbplus (published 2013-06-07): "died on 6th June in her sleep" */
    a = ecb_article("4_4ecbplus");
    extract(&r, a->text, "2013-06-07");
    expect(&r, "on 6th June", "2013-06-06", "2013-06-07", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect_window(&r, "2013-06-06", "2013-06-07", 0.9f);
    done(&r);
    sl_article_free(a);

    /* 11_3ecbplus (published 2013-09-26): the report date, a planned
     * election and campaign, a party founded in 2012 */
    a = ecb_article("11_3ecbplus");
    extract(&r, a->text, "2013-09-26");
    expect(&r, "September 26", "2013-09-26", "2013-09-27", SL_GRAIN_DAY, SL_TIME_EVENT);
    expect(&r, "December 15", "2013-12-15", "2013-12-16", SL_GRAIN_DAY, SL_TIME_FUTURE);
    expect(&r, "October 5", "2013-10-05", "2013-10-06", SL_GRAIN_DAY, SL_TIME_FUTURE);
    expect(&r, "in 2012", "2012-01-01", "2013-01-01", SL_GRAIN_YEAR, SL_TIME_BACKGROUND);
    expect(&r, "in June", "2013-06-01", "2013-07-01", SL_GRAIN_MONTH, SL_TIME_BACKGROUND);
    expect_none_at(&r, "125 seats");
    expect_window(&r, "2013-09-26", "2013-09-27", 0.9f);
    done(&r);
    sl_article_free(a);
}

/* ------------------------------------------------------ dates in URLs */

/* sl_format_date: the digits written by hand for years 0..9999, printf
 * for the rest; "unknown"; truncated to a small buffer. */
static void test_format_date(void **state)
{
    (void)state;
    char b[32];
    static const struct { int64_t t; const char *want; } c[] = {
        {0, "1970-01-01"},
        {-1, "1969-12-31"},
        {1229385600, "2008-12-16"},
        {253402300799, "9999-12-31"},
        {253402300800, "10000-01-01"},
        {-62135596800, "0001-01-01"},
        {SL_TIME_UNKNOWN, "unknown"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        sl_format_date(b, sizeof b, c[i].t);
        assert_string_equal(b, c[i].want);
    }
    char small[5];
    sl_format_date(small, sizeof small, 1229385600);
    assert_string_equal(small, "2008");
}

static void test_url_day(void **state)
{
    (void)state;
    static const struct {
        const char *url, *day; /* day NULL: none */
    } cases[] = {
        {"http://ktla.com/2013/05/03/lohan-may-miss-rehab-deadline/", "2013-05-03"},
        {"http://www.itv.com/news/westcountry/story/2013-07-21/wellington-fire/", "2013-07-21"},
        {"http://boston.redsox.mlb.com/news/article.jsp?ymd=20081216&content_id=3718580",
         "2008-12-16"},
        {"https://www.commondreams.org/newswire/2009/04/27-1", "2009-04-27"},
        {"http://www.presstelegram.com/technology/20070403/death-for-orozco", "2007-04-03"},
        {"https://example.org/news/2024_2_29_leap", "2024-02-29"},
        {"https://example.org/news/2023/02/29/not-a-day", NULL},
        {"https://example.org/news/2013/05/", NULL},             /* no day */
        {"https://example.org/2013/05-03/", NULL},               /* two separators */
        {"http://da.lacounty.gov/mr/archive/2005/072605a.htm", NULL},
        {"http://20130503.example.com/story", NULL},             /* the host */
        {"https://example.org/story/123456789", NULL},
        {"no-scheme/path/20130503", "2013-05-03"},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = sl__url_day(cases[i].url);
        int64_t want = cases[i].day ? at(cases[i].day) : SL_TIME_UNKNOWN;
        if (t != want)
            fail_msg("%s: got %lld", cases[i].url, (long long)t);
    }
    assert_true(sl__url_day(NULL) == SL_TIME_UNKNOWN);

    /* an article with no `published`: its relative dates resolve against
     * the day of its URL ("on Tuesday": 2013-04-30) */
    sl_article *a;
    assert_int_equal(sl_article_new(&a), SL_OK);
    assert_int_equal(sl_article_set(a, "id", "x"), SL_OK);
    assert_int_equal(sl_article_set(a, "text", "Thieves robbed a jeweller on Tuesday."), SL_OK);
    assert_int_equal(sl_article_set(a, "url", "http://ktla.com/2013/05/03/heist/"), SL_OK);
    sl_facts *f;
    assert_int_equal(sl_extract(&f, a), SL_OK);
    assert_true(f->anchored);
    assert_int_equal(f->ntimes, 1);
    assert_true(f->times[0].start == at("2013-04-30"));
    assert_true(f->event_start <= at("2013-04-30") && at("2013-04-30") < f->event_end);
    sl_facts_free(f);
    /* `published` wins over the URL */
    assert_int_equal(sl_parse_time(&a->published, "2014-01-10"), SL_OK); /* a Friday */
    assert_int_equal(sl_extract(&f, a), SL_OK);
    assert_int_equal(f->ntimes, 1);
    assert_true(f->times[0].start == at("2014-01-07"));
    sl_facts_free(f);
    sl_article_free(a);

    /* the text's own publication line outranks a URL day more than a
     * month away (a re-keyed URL), not one a day away */
    assert_int_equal(sl_article_new(&a), SL_OK);
    assert_int_equal(sl_article_set(a, "id", "y"), SL_OK);
    assert_int_equal(sl_article_set(a, "text", "Watergate 'Bagman' Fred LaRue, 75, Dies\n"
                                               "Published: July 29, 2004\n"
                                               "Fred LaRue died on Tuesday in Biloxi."),
                     SL_OK);
    assert_int_equal(sl_article_set(a, "url", "http://example.com/politics/2012/05/31/larue/"),
                     SL_OK);
    assert_int_equal(sl_extract(&f, a), SL_OK);
    assert_int_equal(f->anchored, 0);
    assert_true(f->event_start == at("2004-07-29"));
    assert_int_equal(f->ntimes, 2);
    assert_true(f->times[1].start == at("2004-07-27")); /* "on Tuesday", the one before */
    sl_facts_free(f);
    assert_int_equal(sl_article_set(a, "url", "http://example.com/politics/2004/07/30/larue/"),
                     SL_OK);
    assert_int_equal(sl_extract(&f, a), SL_OK);
    assert_true(f->anchored);
    sl_facts_free(f);
    sl_article_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_day),
        cmocka_unit_test(test_format_date),
        cmocka_unit_test(test_civil),
        cmocka_unit_test(test_relative_year_boundaries),
        cmocka_unit_test(test_relative_units),
        cmocka_unit_test(test_explicit_dates),
        cmocka_unit_test(test_years_vs_numbers),
        cmocka_unit_test(test_may_march_sun),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_unanchored),
        cmocka_unit_test(test_no_dates),
        cmocka_unit_test(test_event_window),
        cmocka_unit_test(test_unicode_and_garbage),
        cmocka_unit_test(test_ecb_articles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
