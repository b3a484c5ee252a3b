/*
 * time.c - time expressions of English news text and the event-time window.
 *
 * One pass over the raw bytes: a small lexer yields words and numbers (with
 * the punctuation between them summarised as flags), every word is looked up
 * once in a keyword table, and a handful of patterns fire on trigger tokens
 * (a month, a weekday, a number, "yesterday", "last", "ago", ...), looking a
 * few tokens ahead (re-lexed on demand, memoised) or back (a ring of the last
 * tokens).  The expressions found are kept unresolved; once the text is done,
 * the anchor is chosen (the publication day, else the latest full date in the
 * text, else the latest month and year, else the most frequent year: see
 * anchor_from_text), each expression is resolved to an interval and given a
 * role (role_of), and the event-time window is picked (event_window).
 *
 * Role: FUTURE for "next ...", "later this ...", "tomorrow", a weekday or a
 * date without year in the future tense ("will meet on Friday"), and times
 * starting more than a day after the anchor; BACKGROUND for "since ...",
 * "last year", "N years ago", "earlier this ...", "the day before", times
 * after "previous"/"earlier"/"past"/"prior" in the same clause, times that
 * ended 45 days or more before the anchor, and possessive past weeks, months
 * and years ("last week's summit"); EVENT otherwise.
 *
 * Calendar arithmetic works on days since 1970-01-01 (proleptic Gregorian);
 * intervals are [start, end) in days until they are written out in seconds.
 */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"

/* ================================================================ calendar */

/* Civil date to days since 1970-01-01 (Hinnant's algorithm): shift the year
 * to start in March so the leap day comes last, then count 400-year eras of
 * 146097 days; the day of the year from March is (153 * month + 2) / 5. */
int64_t sl__days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);                        /* [0, 399] */
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  /* [0, 365] */
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + (int64_t)doe - 719468;
}

/* The inverse: day of the era, year of the era (correcting for the leap days
 * of the 4-, 100- and 400-year cycles), then month and day from March. */
void sl__civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);                           /* [0, 146096] */
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  /* [0, 399] */
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                /* [0, 365] */
    unsigned mp = (5 * doy + 2) / 153;                                     /* [0, 11] */
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday). */
static int weekday_of(int64_t day) { return (int)(day + 3 - floor_div(day + 3, 7) * 7); }

/* Month index y * 12 + (m - 1) and back. */
static int64_t month_first_day(int64_t mi)
{
    int64_t y = floor_div(mi, 12);
    return sl__days_from_civil(y, (unsigned)(mi - y * 12) + 1, 1);
}

#define DAY_S 86400
#define SANE_S ((int64_t)10000000000000) /* |published| beyond ~317k years: unknown */

/* ================================================================ keywords */

enum { /* keyword kinds */
    K_NONE = 0, K_MONTH, K_WDAY, K_TODAY, K_YESTERDAY, K_TOMORROW, K_PART,
    K_LAST, K_THIS, K_NEXT, K_EARLIER, K_LATER, K_UNIT, K_AGO, K_BEFORE,
    K_THE, K_A, K_OF, K_ON, K_SINCE, K_AT, K_NUMW, K_PAST
};

enum { /* keyword flags */
    F_ABBR = 1 << 0,     /* abbreviated month or weekday name */
    F_MPREP = 1 << 1,    /* makes a following bare "May"/"March" a month */
    F_UNIT = 1 << 2,     /* after a number: the number is a quantity, not a year */
    F_NUMPFX = 1 << 3,   /* before a number: a label ("Flight 2008") */
    F_PAPER = 1 << 4,    /* after a weekday: a newspaper ("Sunday Times") */
    F_FUTCUE = 1 << 5,   /* future tense before a time ("will", "expected") */
    F_BGCUE = 1 << 6,    /* earlier time ("previous", "past", "earlier") */
    F_VERBNEXT = 1 << 7, /* after "March": the verb or the noun ("March on") */
    F_PREP = 1 << 8,     /* preposition taken into the expression's span */
    F_NOTODAY = 1 << 9,  /* before "Today": a name ("USA Today", "the Today show") */
    F_PLURAL = 1 << 10,  /* plural unit ("days") */
    F_ENDCUE = 1 << 11,  /* right before a time: the end of a span ("through
                            2017", "until March"), not when the event was */
    F_NEG = 1 << 12,     /* "not", "never", the "t" of "n't" */
    F_PUBLABEL = 1 << 13, /* before a date: the text's own publication line
                            ("Published: July 29, 2004", "Posted", "Updated") */
    F_DUE = 1 << 14      /* right before a time, or before "on"/"in" and a
                            time: scheduled ("is due Jan. 13", "due in March") */
};

enum { U_DAY, U_WEEK, U_MONTH, U_YEAR, U_WEEKEND };
enum { P_MORNING, P_AFTERNOON, P_EVENING, P_NIGHT };

typedef struct kwinfo {
    uint8_t kind, val;
    uint16_t flags;
} kwinfo;

typedef struct kwdef {
    const char *w;
    kwinfo k;
} kwdef;

static const kwdef KEYWORDS[] = {
    {"january", {K_MONTH, 1, 0}}, {"february", {K_MONTH, 2, 0}},
    {"march", {K_MONTH, 3, 0}}, {"april", {K_MONTH, 4, 0}},
    {"may", {K_MONTH, 5, 0}}, {"june", {K_MONTH, 6, 0}},
    {"july", {K_MONTH, 7, 0}}, {"august", {K_MONTH, 8, 0}},
    {"september", {K_MONTH, 9, 0}}, {"october", {K_MONTH, 10, 0}},
    {"november", {K_MONTH, 11, 0}}, {"december", {K_MONTH, 12, 0}},
    {"jan", {K_MONTH, 1, F_ABBR}}, {"feb", {K_MONTH, 2, F_ABBR}},
    {"mar", {K_MONTH, 3, F_ABBR}}, {"apr", {K_MONTH, 4, F_ABBR}},
    {"jun", {K_MONTH, 6, F_ABBR}}, {"jul", {K_MONTH, 7, F_ABBR}},
    {"aug", {K_MONTH, 8, F_ABBR}}, {"sep", {K_MONTH, 9, F_ABBR}},
    {"sept", {K_MONTH, 9, F_ABBR}}, {"oct", {K_MONTH, 10, F_ABBR}},
    {"nov", {K_MONTH, 11, F_ABBR}}, {"dec", {K_MONTH, 12, F_ABBR}},
    {"monday", {K_WDAY, 0, 0}}, {"tuesday", {K_WDAY, 1, 0}},
    {"wednesday", {K_WDAY, 2, 0}}, {"thursday", {K_WDAY, 3, 0}},
    {"friday", {K_WDAY, 4, 0}}, {"saturday", {K_WDAY, 5, 0}},
    {"sunday", {K_WDAY, 6, 0}},
    {"mon", {K_WDAY, 0, F_ABBR}}, {"tue", {K_WDAY, 1, F_ABBR}},
    {"tues", {K_WDAY, 1, F_ABBR}}, {"wed", {K_WDAY, 2, F_ABBR}},
    {"thu", {K_WDAY, 3, F_ABBR}}, {"thur", {K_WDAY, 3, F_ABBR}},
    {"thurs", {K_WDAY, 3, F_ABBR}}, {"fri", {K_WDAY, 4, F_ABBR}},
    {"sat", {K_WDAY, 5, F_ABBR}}, {"sun", {K_WDAY, 6, F_ABBR}},
    {"today", {K_TODAY, 0, 0}}, {"tonight", {K_TODAY, 1, 0}},
    {"yesterday", {K_YESTERDAY, 0, 0}}, {"tomorrow", {K_TOMORROW, 0, 0}},
    {"morning", {K_PART, P_MORNING, 0}}, {"afternoon", {K_PART, P_AFTERNOON, 0}},
    {"evening", {K_PART, P_EVENING, 0}}, {"night", {K_PART, P_NIGHT, 0}},
    {"last", {K_LAST, 0, F_MPREP}}, {"this", {K_THIS, 0, F_MPREP}},
    {"next", {K_NEXT, 0, F_MPREP}},
    {"earlier", {K_EARLIER, 0, F_BGCUE | F_MPREP}}, {"later", {K_LATER, 0, F_MPREP}},
    {"day", {K_UNIT, U_DAY, 0}}, {"days", {K_UNIT, U_DAY, F_PLURAL | F_UNIT}},
    {"week", {K_UNIT, U_WEEK, 0}}, {"weeks", {K_UNIT, U_WEEK, F_PLURAL | F_UNIT}},
    {"month", {K_UNIT, U_MONTH, 0}}, {"months", {K_UNIT, U_MONTH, F_PLURAL | F_UNIT}},
    {"year", {K_UNIT, U_YEAR, 0}}, {"years", {K_UNIT, U_YEAR, F_PLURAL | F_UNIT}},
    {"weekend", {K_UNIT, U_WEEKEND, 0}},
    {"ago", {K_AGO, 0, 0}}, {"before", {K_BEFORE, 0, F_MPREP}},
    {"the", {K_THE, 0, F_NOTODAY}}, {"a", {K_A, 1, 0}}, {"an", {K_A, 1, 0}},
    {"of", {K_OF, 0, F_MPREP}}, {"on", {K_ON, 0, F_PREP | F_VERBNEXT}},
    {"in", {K_NONE, 0, F_PREP | F_MPREP}}, {"since", {K_SINCE, 0, F_PREP | F_MPREP}},
    {"until", {K_NONE, 0, F_PREP | F_MPREP | F_ENDCUE}},
    {"published", {K_NONE, 0, F_PUBLABEL}}, {"posted", {K_NONE, 0, F_PUBLABEL}},
    {"updated", {K_NONE, 0, F_PUBLABEL}}, {"created", {K_NONE, 0, F_PUBLABEL}},
    {"till", {K_NONE, 0, F_PREP | F_MPREP | F_ENDCUE}},
    {"during", {K_NONE, 0, F_PREP | F_MPREP}}, {"at", {K_AT, 0, 0}},
    {"after", {K_NONE, 0, F_MPREP}}, {"early", {K_NONE, 0, F_MPREP}},
    {"late", {K_NONE, 0, F_MPREP}}, {"mid", {K_NONE, 0, F_MPREP}},
    {"through", {K_NONE, 0, F_MPREP | F_VERBNEXT | F_ENDCUE}},
    {"throughout", {K_NONE, 0, F_MPREP}},
    {"not", {K_NONE, 0, F_NEG}}, {"never", {K_NONE, 0, F_NEG}}, {"t", {K_NONE, 0, F_NEG}},
    {"from", {K_NONE, 0, F_MPREP | F_VERBNEXT}},
    {"to", {K_NONE, 0, F_VERBNEXT}}, {"for", {K_NONE, 0, F_VERBNEXT}},
    {"against", {K_NONE, 0, F_VERBNEXT}}, {"toward", {K_NONE, 0, F_VERBNEXT}},
    {"towards", {K_NONE, 0, F_VERBNEXT}}, {"across", {K_NONE, 0, F_VERBNEXT}},
    {"along", {K_NONE, 0, F_VERBNEXT}}, {"into", {K_NONE, 0, F_VERBNEXT}},
    {"usa", {K_NONE, 0, F_NOTODAY}},
    {"one", {K_NUMW, 1, 0}}, {"two", {K_NUMW, 2, 0}}, {"three", {K_NUMW, 3, 0}},
    {"four", {K_NUMW, 4, 0}}, {"five", {K_NUMW, 5, 0}}, {"six", {K_NUMW, 6, 0}},
    {"seven", {K_NUMW, 7, 0}}, {"eight", {K_NUMW, 8, 0}}, {"nine", {K_NUMW, 9, 0}},
    {"ten", {K_NUMW, 10, 0}}, {"eleven", {K_NUMW, 11, 0}}, {"twelve", {K_NUMW, 12, 0}},
    {"thirteen", {K_NUMW, 13, 0}}, {"fourteen", {K_NUMW, 14, 0}},
    {"fifteen", {K_NUMW, 15, 0}}, {"sixteen", {K_NUMW, 16, 0}},
    {"seventeen", {K_NUMW, 17, 0}}, {"eighteen", {K_NUMW, 18, 0}},
    {"nineteen", {K_NUMW, 19, 0}}, {"twenty", {K_NUMW, 20, 0}},
    {"thirty", {K_NUMW, 30, 0}}, {"forty", {K_NUMW, 40, 0}},
    {"fifty", {K_NUMW, 50, 0}}, {"sixty", {K_NUMW, 60, 0}},
    /* future tense */
    {"will", {K_NONE, 0, F_FUTCUE}}, {"shall", {K_NONE, 0, F_FUTCUE}},
    {"ll", {K_NONE, 0, F_FUTCUE}}, {"expected", {K_NONE, 0, F_FUTCUE}},
    {"due", {K_NONE, 0, F_DUE}},
    {"scheduled", {K_NONE, 0, F_FUTCUE}}, {"planned", {K_NONE, 0, F_FUTCUE}},
    {"plans", {K_NONE, 0, F_FUTCUE}}, {"slated", {K_NONE, 0, F_FUTCUE}},
    {"upcoming", {K_NONE, 0, F_FUTCUE}},
    /* an earlier time */
    {"previous", {K_NONE, 0, F_BGCUE}}, {"past", {K_PAST, 0, F_BGCUE}},
    {"prior", {K_NONE, 0, F_BGCUE}}, {"preceding", {K_NONE, 0, F_BGCUE}},
    /* labels before numbers */
    {"no", {K_NONE, 0, F_NUMPFX}}, {"nos", {K_NONE, 0, F_NUMPFX}},
    {"number", {K_NONE, 0, F_NUMPFX}}, {"flight", {K_NONE, 0, F_NUMPFX}},
    {"route", {K_NONE, 0, F_NUMPFX}}, {"room", {K_NONE, 0, F_NUMPFX}},
    {"resolution", {K_NONE, 0, F_NUMPFX}}, {"highway", {K_NONE, 0, F_NUMPFX}},
    {"article", {K_NONE, 0, F_NUMPFX}}, {"section", {K_NONE, 0, F_NUMPFX}},
    {"chapter", {K_NONE, 0, F_NUMPFX}}, {"page", {K_NONE, 0, F_NUMPFX}},
    {"model", {K_NONE, 0, F_NUMPFX}}, {"version", {K_NONE, 0, F_NUMPFX}},
    {"windows", {K_NONE, 0, F_NUMPFX}}, {"channel", {K_NONE, 0, F_NUMPFX}},
    {"server", {K_NONE, 0, F_NUMPFX}}, {"office", {K_NONE, 0, F_NUMPFX}},
    {"exchange", {K_NONE, 0, F_NUMPFX}}, {"studio", {K_NONE, 0, F_NUMPFX}},
    {"bus", {K_NONE, 0, F_NUMPFX}}, {"line", {K_NONE, 0, F_NUMPFX}},
    {"item", {K_NONE, 0, F_NUMPFX}}, {"lot", {K_NONE, 0, F_NUMPFX}},
    {"unit", {K_NONE, 0, F_NUMPFX}}, {"code", {K_NONE, 0, F_NUMPFX}},
    {"interstate", {K_NONE, 0, F_NUMPFX}}, {"exit", {K_NONE, 0, F_NUMPFX}},
    {"gate", {K_NONE, 0, F_NUMPFX}}, {"suite", {K_NONE, 0, F_NUMPFX}},
    {"box", {K_NONE, 0, F_NUMPFX}}, {"apt", {K_NONE, 0, F_NUMPFX}},
    /* quantities after numbers */
    {"people", {K_NONE, 0, F_UNIT}}, {"persons", {K_NONE, 0, F_UNIT}},
    {"men", {K_NONE, 0, F_UNIT}}, {"women", {K_NONE, 0, F_UNIT}},
    {"children", {K_NONE, 0, F_UNIT}}, {"kids", {K_NONE, 0, F_UNIT}},
    {"residents", {K_NONE, 0, F_UNIT}}, {"homes", {K_NONE, 0, F_UNIT}},
    {"houses", {K_NONE, 0, F_UNIT}}, {"buildings", {K_NONE, 0, F_UNIT}},
    {"families", {K_NONE, 0, F_UNIT}}, {"km", {K_NONE, 0, F_UNIT}},
    {"kms", {K_NONE, 0, F_UNIT}}, {"kilometers", {K_NONE, 0, F_UNIT}},
    {"kilometres", {K_NONE, 0, F_UNIT}}, {"miles", {K_NONE, 0, F_UNIT}},
    {"mi", {K_NONE, 0, F_UNIT}}, {"meters", {K_NONE, 0, F_UNIT}},
    {"metres", {K_NONE, 0, F_UNIT}}, {"m", {K_NONE, 0, F_UNIT}},
    {"ft", {K_NONE, 0, F_UNIT}}, {"feet", {K_NONE, 0, F_UNIT}},
    {"yards", {K_NONE, 0, F_UNIT}}, {"inches", {K_NONE, 0, F_UNIT}},
    {"cm", {K_NONE, 0, F_UNIT}}, {"mm", {K_NONE, 0, F_UNIT}},
    {"kg", {K_NONE, 0, F_UNIT}}, {"kilograms", {K_NONE, 0, F_UNIT}},
    {"lbs", {K_NONE, 0, F_UNIT}}, {"pounds", {K_NONE, 0, F_UNIT}},
    {"tons", {K_NONE, 0, F_UNIT}}, {"tonnes", {K_NONE, 0, F_UNIT}},
    {"percent", {K_NONE, 0, F_UNIT}}, {"pct", {K_NONE, 0, F_UNIT}},
    {"per", {K_NONE, 0, F_UNIT}}, {"dollars", {K_NONE, 0, F_UNIT}},
    {"euros", {K_NONE, 0, F_UNIT}}, {"yen", {K_NONE, 0, F_UNIT}},
    {"yuan", {K_NONE, 0, F_UNIT}}, {"rupees", {K_NONE, 0, F_UNIT}},
    {"points", {K_NONE, 0, F_UNIT}}, {"votes", {K_NONE, 0, F_UNIT}},
    {"troops", {K_NONE, 0, F_UNIT}}, {"soldiers", {K_NONE, 0, F_UNIT}},
    {"police", {K_NONE, 0, F_UNIT}}, {"officers", {K_NONE, 0, F_UNIT}},
    {"deaths", {K_NONE, 0, F_UNIT}}, {"dead", {K_NONE, 0, F_UNIT}},
    {"injured", {K_NONE, 0, F_UNIT}}, {"cases", {K_NONE, 0, F_UNIT}},
    {"times", {K_NONE, 0, F_UNIT | F_PAPER}}, {"units", {K_NONE, 0, F_UNIT}},
    {"barrels", {K_NONE, 0, F_UNIT}}, {"hectares", {K_NONE, 0, F_UNIT}},
    {"acres", {K_NONE, 0, F_UNIT}}, {"sq", {K_NONE, 0, F_UNIT}},
    {"square", {K_NONE, 0, F_UNIT}}, {"mph", {K_NONE, 0, F_UNIT}},
    {"gmt", {K_NONE, 0, F_UNIT}}, {"utc", {K_NONE, 0, F_UNIT}},
    {"est", {K_NONE, 0, F_UNIT}}, {"edt", {K_NONE, 0, F_UNIT}},
    {"pst", {K_NONE, 0, F_UNIT}}, {"pdt", {K_NONE, 0, F_UNIT}},
    {"cst", {K_NONE, 0, F_UNIT}}, {"cdt", {K_NONE, 0, F_UNIT}},
    {"bst", {K_NONE, 0, F_UNIT}}, {"cet", {K_NONE, 0, F_UNIT}},
    {"cest", {K_NONE, 0, F_UNIT}}, {"eet", {K_NONE, 0, F_UNIT}},
    {"eest", {K_NONE, 0, F_UNIT}}, {"msk", {K_NONE, 0, F_UNIT}},
    {"ist", {K_NONE, 0, F_UNIT}}, {"hkt", {K_NONE, 0, F_UNIT}},
    {"sgt", {K_NONE, 0, F_UNIT}}, {"jst", {K_NONE, 0, F_UNIT}},
    {"kst", {K_NONE, 0, F_UNIT}}, {"aest", {K_NONE, 0, F_UNIT}},
    {"aedt", {K_NONE, 0, F_UNIT}}, {"nzst", {K_NONE, 0, F_UNIT}},
    {"nzdt", {K_NONE, 0, F_UNIT}}, {"sast", {K_NONE, 0, F_UNIT}},
    {"et", {K_NONE, 0, F_UNIT}}, {"pt", {K_NONE, 0, F_UNIT}},
    {"mst", {K_NONE, 0, F_UNIT}}, {"mdt", {K_NONE, 0, F_UNIT}},
    {"hours", {K_NONE, 0, F_UNIT}}, {"hrs", {K_NONE, 0, F_UNIT}},
    {"calories", {K_NONE, 0, F_UNIT}}, {"copies", {K_NONE, 0, F_UNIT}},
    {"jobs", {K_NONE, 0, F_UNIT}}, {"employees", {K_NONE, 0, F_UNIT}},
    {"workers", {K_NONE, 0, F_UNIT}}, {"staff", {K_NONE, 0, F_UNIT}},
    {"students", {K_NONE, 0, F_UNIT}}, {"members", {K_NONE, 0, F_UNIT}},
    {"passengers", {K_NONE, 0, F_UNIT}}, {"vehicles", {K_NONE, 0, F_UNIT}},
    {"cars", {K_NONE, 0, F_UNIT}}, {"shares", {K_NONE, 0, F_UNIT}},
    {"seats", {K_NONE, 0, F_UNIT}}, {"mw", {K_NONE, 0, F_UNIT}},
    {"gw", {K_NONE, 0, F_UNIT}}, {"kw", {K_NONE, 0, F_UNIT}},
    {"mb", {K_NONE, 0, F_UNIT}}, {"gb", {K_NONE, 0, F_UNIT}},
    {"words", {K_NONE, 0, F_UNIT}}, {"pages", {K_NONE, 0, F_UNIT}},
    {"followers", {K_NONE, 0, F_UNIT}}, {"signatures", {K_NONE, 0, F_UNIT}},
    {"users", {K_NONE, 0, F_UNIT}}, {"customers", {K_NONE, 0, F_UNIT}},
    {"patients", {K_NONE, 0, F_UNIT}}, {"fans", {K_NONE, 0, F_UNIT}},
    {"spectators", {K_NONE, 0, F_UNIT}}, {"visitors", {K_NONE, 0, F_UNIT}},
    {"million", {K_NONE, 0, F_UNIT}}, {"billion", {K_NONE, 0, F_UNIT}},
    {"trillion", {K_NONE, 0, F_UNIT}}, {"thousand", {K_NONE, 0, F_UNIT}},
    {"hundred", {K_NONE, 0, F_UNIT}}, {"bn", {K_NONE, 0, F_UNIT}},
    {"mln", {K_NONE, 0, F_UNIT}},
    /* newspapers after a weekday */
    {"telegraph", {K_NONE, 0, F_PAPER}}, {"express", {K_NONE, 0, F_PAPER}},
    {"mirror", {K_NONE, 0, F_PAPER}}, {"post", {K_NONE, 0, F_PAPER}},
    {"herald", {K_NONE, 0, F_PAPER}}, {"tribune", {K_NONE, 0, F_PAPER}},
    {"mail", {K_NONE, 0, F_PAPER}}, {"independent", {K_NONE, 0, F_PAPER}},
    {"journal", {K_NONE, 0, F_PAPER}}, {"observer", {K_NONE, 0, F_PAPER}},
    {"star", {K_NONE, 0, F_PAPER}},
};

/* Open-addressing table of the keywords, keyed by the word packed 5 bits a
 * letter (a..z -> 1..26, at most 12 letters, so never 0).  Built once. */
#define KW_SLOTS 1024
static uint64_t kw_keys[KW_SLOTS];
static kwinfo kw_vals[KW_SLOTS];
static pthread_once_t kw_once = PTHREAD_ONCE_INIT;

static unsigned kw_slot(uint64_t key) { return (unsigned)(sl__mix64(key) & (KW_SLOTS - 1)); }

/* 1 to 26 for the ASCII letters (either case), 0 for every other byte:
 * the letters of a keyword key ("may" = 13 << 10 | 1 << 5 | 25) */
static uint8_t kw_code[256];

static void kw_build(void)
{
    for (unsigned c = 'a'; c <= 'z'; c++)
        kw_code[c] = kw_code[c - 'a' + 'A'] = (uint8_t)(c - 'a' + 1);
    for (size_t i = 0; i < sizeof KEYWORDS / sizeof KEYWORDS[0]; i++) {
        uint64_t key = 0;
        for (const char *w = KEYWORDS[i].w; *w; w++)
            key = key << 5 | (uint64_t)(*w - 'a' + 1);
        unsigned h = kw_slot(key);
        while (kw_keys[h] != 0 && kw_keys[h] != key)
            h = (h + 1) & (KW_SLOTS - 1);
        kw_keys[h] = key;
        kw_vals[h] = KEYWORDS[i].k;
    }
}

static kwinfo kw_lookup(uint64_t key)
{
    kwinfo none = {K_NONE, 0, 0};
    unsigned h = kw_slot(key);
    while (kw_keys[h] != 0) {
        if (kw_keys[h] == key)
            return kw_vals[h];
        h = (h + 1) & (KW_SLOTS - 1);
    }
    return none;
}

/* =================================================================== lexer */

enum { T_EOF = 0, T_WORD, T_NUM, T_ORD, T_OTHER, T_TIMEX };

enum { /* what separated a token from the previous one */
    G_SPACE = 1 << 0, G_NL = 1 << 1, G_COMMA = 1 << 2, G_DOT = 1 << 3,
    G_STOP = 1 << 4,  /* ; : ! ? ... */
    G_OPEN = 1 << 5,  /* ( [ { */
    G_CLOSE = 1 << 6, /* ) ] } */
    G_DASH = 1 << 7, G_APOS = 1 << 8, G_QUOTE = 1 << 9,
    G_CUR = 1 << 10,  /* $ # and currency signs */
    G_PCT = 1 << 11, G_SLASH = 1 << 12, G_OTHER = 1 << 13
};
#define G_BREAK (G_NL | G_COMMA | G_DOT | G_STOP | G_OPEN | G_CLOSE | G_QUOTE)

typedef struct tok {
    uint32_t off, end; /* bytes of the token */
    uint16_t gap;      /* G_* between the previous token and this one */
    uint8_t type;      /* T_* */
    uint8_t cap;       /* word starts with an upper-case letter */
    kwinfo k;          /* keyword (words) */
    uint8_t ndig;      /* digits (T_NUM, T_ORD) */
    uint32_t num;      /* their value, when ndig <= 9 */
} tok;

static int is_digit(unsigned c) { return c - '0' < 10; }
static int is_alpha(unsigned c) { return (c | 0x20) - 'a' < 26; }

/* Length of the UTF-8 sequence at p[i] (1 for stray bytes), within n. */
static size_t seq_len(const unsigned char *p, size_t i, size_t n)
{
    unsigned c = p[i];
    size_t l = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return i + l <= n ? l : n - i;
}

/* G_* class of the non-ASCII sequence at p[i] (length l) when it is
 * punctuation or space, 0 when it is part of a word. */
static unsigned mb_sep(const unsigned char *p, size_t i, size_t l)
{
    unsigned c0 = p[i], c1 = l > 1 ? p[i + 1] : 0, c2 = l > 2 ? p[i + 2] : 0;
    if (l == 1)
        return G_OTHER; /* stray continuation or invalid byte */
    if (c0 == 0xC2) {
        if (c1 == 0xA0)
            return G_SPACE;
        if (c1 == 0xA3 || c1 == 0xA5)
            return G_CUR;
        if (c1 == 0xAB || c1 == 0xBB)
            return G_QUOTE;
        return G_OTHER; /* Latin-1 symbols */
    }
    if (c0 == 0xE2 && c1 == 0x80) {
        if (c2 <= 0x8A || c2 == 0xAF)
            return G_SPACE;
        if (c2 >= 0x90 && c2 <= 0x95)
            return G_DASH;
        if (c2 >= 0x98 && c2 <= 0x9B)
            return G_APOS;
        if (c2 >= 0x9C && c2 <= 0x9F)
            return G_QUOTE;
        if (c2 == 0xA8 || c2 == 0xA9)
            return G_NL;
        return G_OTHER;
    }
    if (c0 == 0xE2 && c1 == 0x82)
        return G_CUR;
    if (c0 == 0xE2 && c1 == 0x88 && c2 == 0x92)
        return G_DASH;
    if (c0 == 0xE3 && c1 == 0x80)
        return c2 == 0x80 ? G_SPACE : G_OTHER;
    return 0;
}

static unsigned ascii_sep(unsigned c)
{
    switch (c) {
    case ' ': case '\t': case '\r': case '\f': case '\v': return G_SPACE;
    case '\n': return G_NL;
    case ',': return G_COMMA;
    case '.': return G_DOT;
    case ';': case ':': case '!': case '?': return G_STOP;
    case '(': case '[': case '{': return G_OPEN;
    case ')': case ']': case '}': return G_CLOSE;
    case '-': return G_DASH;
    case '\'': case '`': return G_APOS;
    case '"': return G_QUOTE;
    case '$': case '#': return G_CUR;
    case '%': return G_PCT;
    case '/': return G_SLASH;
    default: return G_OTHER;
    }
}

typedef struct scan scan;

/* Is the byte at p[i] the start of a word character? */
static int word_at(const unsigned char *p, size_t i, size_t n)
{
    unsigned c = p[i];
    if (c < 0x80)
        return is_digit(c) || is_alpha(c);
    return mb_sep(p, i, seq_len(p, i, n)) == 0;
}

/* Skips the rest of a word from i; returns its end. */
static size_t skip_word(const unsigned char *p, size_t i, size_t n)
{
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            if (!is_digit(c) && !is_alpha(c))
                break;
            i++;
        } else {
            size_t l = seq_len(p, i, n);
            if (mb_sep(p, i, l))
                break;
            i += l;
        }
    }
    return i;
}

/* The token starting at or after `pos`. */
static void lex_raw(const unsigned char *p, size_t n, size_t pos, tok *t)
{
    unsigned gap = 0;
    t->type = T_EOF;
    t->cap = 0;
    t->k = (kwinfo){K_NONE, 0, 0};
    t->ndig = 0;
    t->num = 0;
    /* the common gap, one space before a letter or digit */
    if (pos + 1 < n && p[pos] == ' ' && (kw_code[p[pos + 1]] || is_digit(p[pos + 1]))) {
        gap = G_SPACE;
        pos++;
    }
    while (pos < n) {
        unsigned c = p[pos];
        if (c < 0x80) {
            if (is_digit(c) || is_alpha(c))
                break;
            gap |= ascii_sep(c);
            pos++;
        } else {
            size_t l = seq_len(p, pos, n);
            unsigned g = mb_sep(p, pos, l);
            if (!g)
                break;
            gap |= g;
            pos += l;
        }
    }
    t->gap = (uint16_t)gap;
    t->off = t->end = (uint32_t)pos;
    if (pos >= n)
        return; /* T_EOF */
    size_t i = pos;
    unsigned c = p[i];
    if (is_digit(c)) {
        uint32_t v = 0;
        unsigned nd = 0;
        while (i < n && is_digit(p[i])) {
            if (nd < 9)
                v = v * 10 + (p[i] - '0');
            nd++;
            i++;
        }
        t->type = T_NUM;
        t->ndig = (uint8_t)(nd > 255 ? 255 : nd);
        t->num = nd <= 9 ? v : UINT32_MAX;
        if (i < n && word_at(p, i, n)) {
            /* "3rd", "21st" are ordinals; "1950s", "4x4" are other */
            if (i + 2 <= n && is_alpha(p[i]) && is_alpha(p[i + 1]) &&
                (i + 2 == n || !word_at(p, i + 2, n))) {
                unsigned a = p[i] | 0x20, b = p[i + 1] | 0x20;
                if ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
                    (a == 'r' && b == 'd') || (a == 't' && b == 'h')) {
                    t->type = T_ORD;
                    t->end = (uint32_t)(i + 2);
                    return;
                }
            }
            t->type = T_OTHER;
            i = skip_word(p, i, n);
        }
        t->end = (uint32_t)i;
        return;
    }
    if (is_alpha(c)) {
        uint64_t key = 0;
        unsigned v;
        t->cap = c < 'a';
        while (i < n && (v = kw_code[p[i]]) != 0) {
            key = key << 5 | v;
            i++;
        }
        size_t nl = i - pos;
        /* after the letters: an ASCII byte goes on the word only as a
         * digit ("MP3"); word_at for the rest */
        if (i < n && (p[i] < 0x80 ? is_digit(p[i]) : word_at(p, i, n))) {
            t->type = T_OTHER;
            t->end = (uint32_t)skip_word(p, i, n);
            return;
        }
        t->type = T_WORD;
        t->end = (uint32_t)i;
        if (nl <= 12)
            t->k = kw_lookup(key);
        return;
    }
    t->type = T_OTHER;
    t->end = (uint32_t)skip_word(p, i, n);
    if (t->end == pos) /* cannot happen; never stall */
        t->end = (uint32_t)(pos + 1);
}

/* ============================================================ expressions */

enum { X_DATE, X_MD, X_MY, X_MON, X_YEAR, X_WDAY, X_DAYREL, X_REL, X_AGO };
enum { M_NONE = 0, M_LAST, M_THIS, M_NEXT, M_RECENT };
enum { PART_WHOLE = 0, PART_EARLY, PART_LATE };

/* One expression as read, before resolution. */
typedef struct rawx {
    uint32_t off, end;
    uint8_t kind;      /* X_* */
    uint8_t mod;       /* M_*: X_MON, X_WDAY, X_REL (weekend) */
    uint8_t unit;      /* U_*: X_REL, X_AGO */
    uint8_t part;      /* PART_*: X_REL */
    uint8_t bg;        /* lexically an earlier time ("since", "last year") */
    uint8_t lexfut;    /* lexically future ("next week", "tomorrow") */
    uint8_t cuefut;    /* future tense before it ("will meet on Tuesday") */
    uint8_t spanend;   /* right after "until", "till" or "through" */
    uint8_t poss;      /* followed by 's */
    uint8_t publabel;  /* right after "Published", "Posted", "Updated" (and a
                          colon or "on" at most) */
    int32_t y, n;      /* year; X_DAYREL/X_REL/X_AGO: offset or count */
    uint8_t m, d;
    uint8_t wd;        /* X_WDAY: weekday, Monday = 0; X_MD: weekday + 1 or 0 */
} rawx;

#define HIST 16

struct scan {
    const unsigned char *p;
    size_t n;
    tok hist[HIST]; /* the last tokens, hist[(nh - 1) % HIST] the latest */
    size_t nh;
    size_t memo_pos; /* one-entry lex cache: lookahead then main loop */
    tok memo;
    rawx *x;
    size_t nx, cap;
    int err;
};

static void lex(scan *s, size_t pos, tok *t)
{
    if (pos == s->memo_pos) {
        *t = s->memo;
        return;
    }
    lex_raw(s->p, s->n, pos, t);
    s->memo_pos = pos;
    s->memo = *t;
}

/* k-th token before the current one (1 = the latest), NULL if none. */
static const tok *prev(const scan *s, size_t k)
{
    if (k == 0 || k > s->nh || k > HIST)
        return NULL;
    return &s->hist[(s->nh - k) % HIST];
}

static void push(scan *s, const tok *t) { s->hist[s->nh++ % HIST] = *t; }

/* The gap holds no separator outside `allowed` (or is empty). */
static int only(unsigned gap, unsigned allowed) { return (gap & ~allowed) == 0; }

static int is_word(const tok *t, int kind) { return t && t->type == T_WORD && t->k.kind == kind; }

/* "'s" or "’s" right after byte `end`, ending the word. */
static int possessive(const scan *s, size_t end)
{
    const unsigned char *p = s->p;
    size_t n = s->n, i = end;
    if (i < n && p[i] == '\'')
        i++;
    else if (i + 3 <= n && p[i] == 0xE2 && p[i + 1] == 0x80 && p[i + 2] == 0x99)
        i += 3;
    else
        return 0;
    if (i >= n || (p[i] | 0x20) != 's')
        return 0;
    return i + 1 == n || !word_at(p, i + 1, n);
}

/* 1 when t is "not", "never" or the "t" of "n't" (a "t" after an
 * apostrophe). */
static int negation(const tok *t)
{
    return t->type == T_WORD && (t->k.flags & F_NEG) && (t->end - t->off > 1 || (t->gap & G_APOS));
}

/* 1 when the word right before the time (history token nhist + 1, after
 * a gap of only `gaps`) has keyword flag `flag`, or the word before an
 * "on" there (any preposition when `preps`; spaces only around it). */
static int label_before(const scan *s, size_t nhist, unsigned gap0, unsigned gaps, int preps,
                        unsigned flag)
{
    const tok *l = prev(s, nhist + 1);
    if (!l || l->type != T_WORD || !only(gap0, gaps))
        return 0;
    if ((l->k.kind == K_ON || (preps && (l->k.flags & F_PREP))) && only(gap0, G_SPACE) &&
        only(l->gap, gaps))
        l = prev(s, nhist + 2);
    return l && l->type == T_WORD && (l->k.flags & flag);
}

/* Appends x, first widening its span over a preposition right before it
 * ("on Tuesday", "in 2022", "since 1999") and reading the words before it
 * for cues.  `nhist` = how many history tokens x already covers. */
static void emit(scan *s, rawx *x, size_t nhist, unsigned gap0)
{
    /* cues: up to 6 words back in the same clause (4 for an earlier time:
     * "an earlier meeting in 2019") */
    int day_grain = x->kind == X_DATE || x->kind == X_MD || x->kind == X_WDAY ||
                    x->kind == X_DAYREL;
    unsigned g = gap0;
    for (size_t k = nhist + 1; k <= nhist + 6; k++) {
        if (g & G_BREAK)
            break;
        const tok *p = prev(s, k);
        if (!p || p->type == T_TIMEX)
            break;
        if (p->type == T_WORD) {
            if (p->k.kind == K_SINCE)
                x->bg = 1;
            if (p->k.flags & F_FUTCUE)
                x->cuefut = 1;
            if ((p->k.flags & F_BGCUE) && k <= nhist + 4) {
                /* "earlier Tuesday", "earlier on Tuesday", "earlier today":
                 * the same day, not an earlier time; "(this) past Tuesday"
                 * is the last one */
                int same_day = day_grain && p->k.kind == K_EARLIER &&
                               (k == nhist + 1 ||
                                (k == nhist + 2 && is_word(prev(s, nhist + 1), K_ON)));
                int modifier = p->k.kind == K_PAST && k == nhist + 1;
                if (!same_day && !modifier)
                    x->bg = 1;
            }
        }
        g = p->gap;
    }
    const tok *p1 = prev(s, nhist + 1);
    /* "Published: July 29, 2004", "Posted on Dec. 3, 2008" (a colon is a
     * clause break above) */
    x->publabel = label_before(s, nhist, gap0, G_SPACE | G_STOP, 0, F_PUBLABEL);
    /* "due Jan. 13", "due on Tuesday", "due in March" (not "due to the
     * storm on Monday": only right before the time) */
    if (label_before(s, nhist, gap0, G_SPACE, 1, F_DUE))
        x->cuefut = 1;
    if (p1 && p1->type == T_WORD && (p1->k.flags & F_PREP) && only(gap0, G_SPACE))
        x->off = p1->off;
    if (p1 && p1->type == T_WORD && (p1->k.flags & F_ENDCUE) && only(gap0, G_SPACE)) {
        /* a negation up to three words before: "wasn't until", "was not
         * revealed until" (then it is when it happened) */
        int neg = 0;
        unsigned gp = p1->gap;
        for (size_t k = nhist + 2; k <= nhist + 4 && !neg && !(gp & G_BREAK); k++) {
            const tok *q = prev(s, k);
            if (!q || q->type != T_WORD)
                break;
            neg = negation(q);
            gp = q->gap;
        }
        x->spanend = !neg;
    }
    x->poss = (uint8_t)possessive(s, x->end);
    if (s->nx == s->cap) {
        void *v = s->x;
        if (sl__grow(&v, &s->cap, s->nx + 1, sizeof *s->x)) {
            s->err = SL_ENOMEM;
            return;
        }
        s->x = v;
    }
    s->x[s->nx++] = *x;
}

static int year_value(const tok *t) { return t->type == T_NUM && t->ndig == 4 && t->num >= 1900 && t->num <= 2100; }

/* A 4-digit number t is a year, not a quantity ("2008 people", "2008%",
 * "2,008", "2008.5") nor a decade ("1990's"). */
static int year_follow_ok(scan *s, const tok *t)
{
    const unsigned char *p = s->p;
    size_t n = s->n, e = t->end;
    if (e < n && (p[e] == ',' || p[e] == '.') && e + 1 < n && is_digit(p[e + 1]))
        return 0;
    if (t->num % 10 == 0 && possessive(s, e))
        return 0; /* "the 1990's" */
    tok nx;
    lex(s, e, &nx);
    if (nx.gap & G_PCT)
        return 0;
    if (nx.type == T_WORD && (nx.k.flags & F_UNIT) && only(nx.gap, G_SPACE | G_DASH))
        return 0;
    return 1;
}

/* A day number t (1..31) is not glued to more digits ("3,500", "13:30"). */
static int day_value(const scan *s, const tok *t)
{
    if (!((t->type == T_NUM && t->ndig <= 2) || (t->type == T_ORD && t->ndig <= 2)))
        return 0;
    if (t->num < 1 || t->num > 31)
        return 0;
    size_t e = t->end;
    if (t->type == T_NUM && e + 1 < s->n && (s->p[e] == ',' || s->p[e] == '.' || s->p[e] == ':') &&
        is_digit(s->p[e + 1]))
        return 0;
    return 1;
}

/* Month name usable in a date (capitalised). */
static int month_tok(const tok *t) { return t->type == T_WORD && t->k.kind == K_MONTH && t->cap; }

/* After a day at `after` (end of the day token): ", 2025" / " 2025".
 * Returns the year token's end and stores the year, or 0. */
static size_t year_after(scan *s, size_t after, unsigned gapok, int *y)
{
    tok ty;
    lex(s, after, &ty);
    if (!year_value(&ty) || !only(ty.gap, gapok))
        return 0;
    if (!year_follow_ok(s, &ty))
        return 0;
    *y = (int)ty.num;
    return ty.end;
}

/* Fills x with month m, day d and, when a year was read (year_end != 0,
 * the byte after it), year y; without a year the date ends at day_end.
 * Returns 1, or 0 when the day does not exist in that month. */
static int set_month_day(rawx *x, unsigned m, unsigned d, int y, size_t year_end, size_t day_end)
{
    if (d > days_in_month(year_end ? y : 2000, m))
        return 0;
    x->kind = year_end ? X_DATE : X_MD;
    if (year_end)
        x->y = y;
    x->end = (uint32_t)(year_end ? year_end : day_end);
    x->m = (uint8_t)m;
    x->d = (uint8_t)d;
    return 1;
}

/* A date starting at token t: "December 3(rd)(, 2025)", "Dec. 3", "3 December
 * 2025", "3rd of May", "December 2025", "December, 2025", "December of 2025".  Fills x (kind,
 * y, m, d, end) and returns 1, or returns 0.  Does not look before t. */
static int date_at(scan *s, const tok *t, rawx *x)
{
    tok a, b;
    int y = 0;
    size_t e;
    if (month_tok(t)) {
        unsigned m = t->k.val;
        int abbr = (t->k.flags & F_ABBR) != 0;
        lex(s, t->end, &a);
        int dotted = (a.gap & G_DOT) != 0;
        unsigned gapok = G_SPACE | (abbr || m == 5 ? G_DOT : 0);
        if (!only(a.gap, gapok)) {
            /* "in June, 2005": a comma before a year, not before a day */
            if (!only(a.gap, G_SPACE | G_COMMA) || !year_value(&a) || !year_follow_ok(s, &a))
                return 0;
            x->kind = X_MY;
            x->y = (int)a.num;
            x->m = (uint8_t)m;
            x->end = a.end;
            return 1;
        }
        if (day_value(s, &a)) {
            unsigned d = a.num;
            e = year_after(s, a.end, G_SPACE | G_COMMA, &y);
            if (dotted && !abbr && !e)
                return 0; /* "in May. 3 people ..." */
            return set_month_day(x, m, d, y, e, a.end);
        }
        if (dotted && !abbr)
            return 0;
        if (a.type == T_WORD && a.k.kind == K_OF && only(a.gap, G_SPACE)) {
            lex(s, a.end, &b);
            if (!only(b.gap, G_SPACE))
                return 0;
            a = b;
        }
        if (year_value(&a) && year_follow_ok(s, &a)) {
            x->kind = X_MY;
            x->y = (int)a.num;
            x->m = (uint8_t)m;
            x->end = a.end;
            return 1;
        }
        return 0;
    }
    if (day_value(s, t)) {
        /* not inside a larger number ("1,3 May"), not money */
        if (t->gap & G_CUR)
            return 0;
        if (t->off >= 2 && (s->p[t->off - 1] == ',' || s->p[t->off - 1] == '.') &&
            is_digit(s->p[t->off - 2]))
            return 0;
        lex(s, t->end, &a);
        if (!only(a.gap, G_SPACE))
            return 0;
        if (a.type == T_WORD && a.k.kind == K_OF) {
            lex(s, a.end, &b);
            if (!only(b.gap, G_SPACE))
                return 0;
            a = b;
        }
        if (!month_tok(&a))
            return 0;
        unsigned m = a.k.val, d = t->num;
        e = year_after(s, a.end, G_SPACE | G_COMMA | (a.k.flags & F_ABBR ? G_DOT : 0), &y);
        return set_month_day(x, m, d, y, e, a.end);
    }
    return 0;
}

/* ISO date at a 4-digit year token: "2023-09-18", "2023/09/18". */
static int iso_at(const scan *s, const tok *t, rawx *x)
{
    const unsigned char *p = s->p;
    size_t n = s->n, i = t->end;
    if (i >= n || (p[i] != '-' && p[i] != '/'))
        return 0;
    unsigned sep = p[i++], m = 0, d = 0, k;
    for (k = 0; k < 2 && i < n && is_digit(p[i]); k++)
        m = m * 10 + (p[i++] - '0');
    if (k == 0 || i >= n || p[i] != sep)
        return 0;
    i++;
    for (k = 0; k < 2 && i < n && is_digit(p[i]); k++)
        d = d * 10 + (p[i++] - '0');
    if (k == 0 || (i < n && is_digit(p[i])))
        return 0;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(t->num, m))
        return 0;
    x->kind = X_DATE;
    x->y = (int)t->num;
    x->m = (uint8_t)m;
    x->d = (uint8_t)d;
    x->end = (uint32_t)i;
    return 1;
}

/* Numeric date at a 1-2 digit number: "5/2/2013", "05 / 02 / 2013" (spaces
 * as left by detokenised text), "11/30/09".  Month first unless the first
 * number cannot be a month (US usage; "25/12/2013" is read day first).  A
 * two-digit year is read in the fixed window 1950-2049 (as RFC 5280 reads
 * UTCTime): "11/30/09" is 2009, a birth date "10/23/66" 1966. */
static int numeric_at(const scan *s, const tok *t, rawx *x)
{
    const unsigned char *p = s->p;
    size_t n = s->n, i = t->end;
    unsigned v[3] = {t->num, 0, 0}, k;
    if (t->off > 0 && (p[t->off - 1] == '/' || p[t->off - 1] == '.'))
        return 0; /* a path or a number, not a date */
    for (int part = 1; part < 3; part++) {
        while (i < n && p[i] == ' ')
            i++;
        if (i >= n || p[i] != '/')
            return 0;
        i++;
        while (i < n && p[i] == ' ')
            i++;
        for (k = 0; k < (part == 1 ? 2u : 4u) && i < n && is_digit(p[i]); k++)
            v[part] = v[part] * 10 + (p[i++] - '0');
        if (k == 0 || (part == 2 && k != 4 && k != 2))
            return 0;
        if (part == 2 && k == 2)
            v[2] += v[2] < 50 ? 2000 : 1900;
    }
    if (i < n && (word_at(p, i, n) || p[i] == '/'))
        return 0;
    unsigned m = v[0], d = v[1];
    if (m > 12) {
        m = v[1];
        d = v[0];
    }
    if (v[2] < 1900 || v[2] > 2100 || m < 1 || m > 12 || d < 1 || d > days_in_month(v[2], m))
        return 0;
    x->kind = X_DATE;
    x->y = (int)v[2];
    x->m = (uint8_t)m;
    x->d = (uint8_t)d;
    x->end = (uint32_t)i;
    return 1;
}

/* Modifier right before a token whose gap is g: last/this/next. */
static int modifier(const tok *p1, unsigned g)
{
    if (!p1 || p1->type != T_WORD || !only(g, G_SPACE))
        return M_NONE;
    switch (p1->k.kind) {
    case K_LAST:
    case K_PAST: return M_LAST;
    case K_THIS: return M_THIS;
    case K_NEXT: return M_NEXT;
    default: return M_NONE;
    }
}

/* Month name t not followed by a day or year ("in October", "last May"). */
static size_t bare_month(scan *s, const tok *t)
{
    if (!t->cap || (t->k.flags & F_ABBR))
        return 0;
    const tok *p1 = prev(s, 1);
    int linked = p1 && !(t->gap & G_BREAK) && only(t->gap, G_SPACE | G_DASH);
    int prep = linked && p1->type == T_WORD && (p1->k.flags & F_MPREP);
    tok a;
    lex(s, t->end, &a);
    unsigned m = t->k.val;
    if (!prep) {
        if (m == 5)
            return 0; /* "May" the verb */
        if (m == 3) {
            /* "March" the verb or the noun ("the March on Rome", "Women's
             * March"): a month only after a lower-case word and not before
             * a preposition of movement */
            if (!linked || p1->type != T_WORD || p1->cap || p1->k.kind == K_THE ||
                p1->k.kind == K_A || (p1->gap & G_APOS))
                return 0;
            if (a.type == T_WORD && (a.k.flags & F_VERBNEXT) && only(a.gap, G_SPACE))
                return 0;
        }
        /* "April Smith", "June Carter": a first name */
        if (a.type == T_WORD && a.cap && only(a.gap, G_SPACE) && a.k.kind != K_MONTH &&
            a.k.kind != K_WDAY)
            return 0;
    }
    rawx x = {0};
    x.kind = X_MON;
    x.m = (uint8_t)m;
    x.off = t->off;
    x.end = t->end;
    size_t nh = 0;
    unsigned g0 = t->gap;
    x.mod = (uint8_t)modifier(p1, t->gap);
    if (x.mod != M_NONE) {
        x.off = p1->off;
        nh = 1;
        g0 = p1->gap;
        if (x.mod == M_NEXT)
            x.lexfut = 1;
    }
    emit(s, &x, nh, g0);
    return t->end;
}

static size_t on_month(scan *s, const tok *t)
{
    rawx x = {0};
    if (!t->cap)
        return 0;
    x.off = t->off;
    if (date_at(s, t, &x)) {
        emit(s, &x, 0, t->gap);
        return x.end;
    }
    return bare_month(s, t);
}

static size_t on_weekday(scan *s, const tok *t)
{
    if (!t->cap)
        return 0;
    tok a;
    lex(s, t->end, &a);
    rawx x = {0};
    x.off = t->off;
    const tok *p1 = prev(s, 1);
    int mod = modifier(p1, t->gap);
    size_t nh = mod != M_NONE;
    unsigned g0 = nh ? p1->gap : t->gap;
    if (nh)
        x.off = p1->off;
    /* "Tuesday, December 9, 2008", "Tue, 16 Aug 2011", "Thursday (June 13)" */
    unsigned gapok = G_SPACE | G_COMMA | G_OPEN | (t->k.flags & F_ABBR ? G_DOT : 0);
    if (only(a.gap, gapok)) {
        rawx dx = {0};
        if ((month_tok(&a) || day_value(s, &a)) && date_at(s, &a, &dx) &&
            (dx.kind == X_DATE || dx.kind == X_MD)) {
            dx.off = x.off;
            dx.wd = (uint8_t)(t->k.val + 1);
            if ((a.gap & G_OPEN) && dx.end < s->n && s->p[dx.end] == ')')
                dx.end++;
            emit(s, &dx, nh, g0);
            return dx.end;
        }
    }
    if (t->k.flags & F_ABBR)
        return 0;
    if (a.type == T_WORD && a.cap && (a.k.flags & F_PAPER) && only(a.gap, G_SPACE))
        return 0; /* "Sunday Times" */
    x.kind = X_WDAY;
    x.wd = t->k.val;
    x.mod = (uint8_t)mod;
    x.lexfut = mod == M_NEXT;
    x.end = t->end;
    if (a.type == T_WORD && a.k.kind == K_PART && only(a.gap, G_SPACE))
        x.end = a.end; /* "Monday night" */
    emit(s, &x, nh, g0);
    return x.end;
}

static size_t on_year(scan *s, const tok *t)
{
    rawx x = {0};
    x.off = t->off;
    if (iso_at(s, t, &x)) {
        emit(s, &x, 0, t->gap);
        return x.end;
    }
    if (t->gap & (G_CUR | G_PCT))
        return 0;
    if (t->off >= 2 && (s->p[t->off - 1] == ',' || s->p[t->off - 1] == '.') &&
        is_digit(s->p[t->off - 2]))
        return 0; /* "1,2008" */
    const tok *p1 = prev(s, 1);
    if (p1 && p1->type == T_WORD && ((p1->k.flags & F_NUMPFX) || p1->k.kind == K_AT) &&
        only(t->gap, G_SPACE | G_DOT))
        return 0; /* "No. 2008", "Flight 2008", "at 1930" */
    if (!year_follow_ok(s, t))
        return 0;
    x.kind = X_YEAR;
    x.y = (int)t->num;
    x.end = t->end;
    emit(s, &x, 0, t->gap);
    return x.end;
}

/* today, tonight, yesterday, tomorrow (+ "morning", "night", ...). */
static size_t on_dayword(scan *s, const tok *t)
{
    const tok *p1 = prev(s, 1);
    if (t->k.kind == K_TODAY && t->cap && p1 && p1->type == T_WORD &&
        (p1->k.flags & F_NOTODAY) && only(t->gap, G_SPACE))
        return 0; /* "USA Today", "the Today show" */
    rawx x = {0};
    x.kind = X_DAYREL;
    x.off = t->off;
    x.end = t->end;
    x.n = t->k.kind == K_YESTERDAY ? -1 : t->k.kind == K_TOMORROW ? 1 : 0;
    x.lexfut = t->k.kind == K_TOMORROW;
    tok a;
    lex(s, t->end, &a);
    if (a.type == T_WORD && a.k.kind == K_PART && only(a.gap, G_SPACE))
        x.end = a.end;
    emit(s, &x, 0, t->gap);
    return x.end;
}

/* last/this/next + week, month, year, weekend, night, morning... */
static size_t on_modifier(scan *s, const tok *t)
{
    const tok *p1 = prev(s, 1);
    if (p1 && p1->type == T_WORD && (p1->k.kind == K_THE || p1->k.kind == K_A) &&
        only(t->gap, G_SPACE))
        return 0; /* "the last week", "the next day": spans, not calendar units */
    int this_past = t->k.kind == K_PAST && is_word(p1, K_THIS) && only(t->gap, G_SPACE);
    if (t->k.kind == K_PAST && !this_past)
        return 0; /* "the past week": the last seven days, not a calendar week */
    tok a;
    lex(s, t->end, &a);
    if (a.type != T_WORD || !only(a.gap, G_SPACE))
        return 0;
    int dir = t->k.kind == K_LAST || this_past ? -1 : t->k.kind == K_NEXT ? 1 : 0;
    rawx x = {0};
    x.off = this_past ? p1->off : t->off;
    x.end = a.end;
    if (this_past && (a.k.kind != K_UNIT || (a.k.val != U_WEEK && a.k.val != U_WEEKEND)))
        return 0;
    if (a.k.kind == K_UNIT && !(a.k.flags & F_PLURAL) && a.k.val != U_DAY) {
        x.kind = X_REL;
        x.unit = a.k.val;
        x.n = dir;
        x.mod = (uint8_t)(dir < 0 ? M_LAST : dir > 0 ? M_NEXT : M_THIS);
        x.lexfut = dir > 0;
        x.bg = dir < 0 && a.k.val == U_YEAR;
    } else if (a.k.kind == K_PART) {
        if (dir > 0 || (dir < 0 && a.k.val != P_NIGHT && a.k.val != P_EVENING))
            return 0; /* "next morning", "last morning" */
        x.kind = X_DAYREL;
        x.n = dir;
    } else {
        return 0;
    }
    emit(s, &x, this_past, this_past ? p1->gap : t->gap);
    return x.end;
}

/* "earlier this year", "later this month". */
static size_t on_earlier_later(scan *s, const tok *t)
{
    tok a, b;
    lex(s, t->end, &a);
    if (!is_word(&a, K_THIS) || !only(a.gap, G_SPACE))
        return 0;
    lex(s, a.end, &b);
    if (b.type != T_WORD || b.k.kind != K_UNIT || (b.k.flags & F_PLURAL) ||
        !only(b.gap, G_SPACE) || b.k.val == U_DAY || b.k.val == U_WEEKEND)
        return 0;
    rawx x = {0};
    x.kind = X_REL;
    x.unit = b.k.val;
    x.n = 0;
    x.mod = M_THIS;
    x.off = t->off;
    x.end = b.end;
    if (t->k.kind == K_EARLIER) {
        x.part = PART_EARLY;
        x.bg = 1;
    } else {
        x.part = PART_LATE;
        x.lexfut = 1;
    }
    emit(s, &x, 0, t->gap);
    return x.end;
}

/* Backwards from "ago"/"earlier": "3 days ago", "a week ago", "two years
 * earlier". */
static size_t on_ago(scan *s, const tok *t)
{
    const tok *u = prev(s, 1), *q = prev(s, 2);
    if (!u || !q || u->type != T_WORD || u->k.kind != K_UNIT || u->k.val == U_WEEKEND ||
        !only(t->gap, G_SPACE) || !only(u->gap, G_SPACE | G_DASH))
        return 0;
    int nval;
    if (q->type == T_NUM && q->ndig <= 3)
        nval = (int)q->num;
    else if (q->type == T_WORD && (q->k.kind == K_NUMW || q->k.kind == K_A))
        nval = q->k.val;
    else
        return 0;
    if (nval < 1 || (nval == 1) != !(u->k.flags & F_PLURAL))
        return 0;
    rawx x = {0};
    x.kind = X_AGO;
    x.unit = u->k.val;
    x.n = nval;
    x.off = q->off;
    x.end = t->end;
    x.bg = t->k.kind == K_EARLIER || u->k.val == U_YEAR;
    emit(s, &x, 2, q->gap);
    return x.end;
}

/* "the day before" ending a clause (not "the day before the vote"); "the
 * weekend". */
static size_t on_unit(scan *s, const tok *t)
{
    const tok *p1 = prev(s, 1);
    if (!is_word(p1, K_THE) || !only(t->gap, G_SPACE) || (t->k.flags & F_PLURAL))
        return 0;
    rawx x = {0};
    x.off = p1->off;
    if (t->k.val == U_WEEKEND) {
        x.kind = X_REL;
        x.unit = U_WEEKEND;
        x.mod = M_RECENT;
        x.end = t->end;
        emit(s, &x, 1, p1->gap);
        return x.end;
    }
    if (t->k.val != U_DAY)
        return 0;
    tok a, b;
    lex(s, t->end, &a);
    if (!is_word(&a, K_BEFORE) || !only(a.gap, G_SPACE))
        return 0;
    lex(s, a.end, &b);
    if (b.type != T_EOF && !(b.gap & G_BREAK))
        return 0;
    x.kind = X_DAYREL;
    x.n = -1;
    x.bg = 1;
    x.end = a.end;
    emit(s, &x, 1, p1->gap);
    return x.end;
}

/* Tries the patterns that fire on t; returns the end of the expression
 * found (0: none). */
static size_t match(scan *s, const tok *t)
{
    switch (t->type) {
    case T_NUM:
        if (t->ndig == 4 && t->num >= 1900 && t->num <= 2100)
            return on_year(s, t);
        if (t->ndig <= 2) {
            rawx x = {0};
            x.off = t->off;
            if ((day_value(s, t) && date_at(s, t, &x)) || numeric_at(s, t, &x)) {
                emit(s, &x, 0, t->gap);
                return x.end;
            }
        }
        return 0;
    case T_ORD:
        if (day_value(s, t)) {
            rawx x = {0};
            x.off = t->off;
            if (date_at(s, t, &x)) {
                emit(s, &x, 0, t->gap);
                return x.end;
            }
        }
        return 0;
    case T_WORD:
        switch (t->k.kind) {
        case K_MONTH: return on_month(s, t);
        case K_WDAY: return on_weekday(s, t);
        case K_TODAY:
        case K_YESTERDAY:
        case K_TOMORROW: return on_dayword(s, t);
        case K_LAST:
        case K_THIS:
        case K_NEXT:
        case K_PAST: return on_modifier(s, t);
        case K_EARLIER: {
            size_t e = on_earlier_later(s, t);
            return e ? e : on_ago(s, t);
        }
        case K_LATER: return on_earlier_later(s, t);
        case K_AGO: return on_ago(s, t);
        case K_UNIT: return on_unit(s, t);
        default: return 0;
        }
    default:
        return 0;
    }
}

/* ============================================================= resolution */

typedef struct anchor {
    int grain;   /* -1: none; SL_GRAIN_DAY, SL_GRAIN_MONTH or SL_GRAIN_YEAR */
    int64_t day; /* the anchor day; the last day of the anchor month/year */
    int64_t y;
    unsigned m, d;
} anchor;

static void anchor_day(anchor *a, int64_t day)
{
    a->grain = SL_GRAIN_DAY;
    a->day = day;
    sl__civil_from_days(day, &a->y, &a->m, &a->d);
}

static void anchor_month(anchor *a, int64_t y, unsigned m)
{
    a->grain = SL_GRAIN_MONTH;
    a->y = y;
    a->m = m;
    a->d = days_in_month(y, m);
    a->day = sl__days_from_civil(y, m, a->d);
}

static void anchor_year(anchor *a, int64_t y)
{
    a->grain = SL_GRAIN_YEAR;
    a->y = y;
    a->m = 12;
    a->d = 31;
    a->day = sl__days_from_civil(y, 12, 31);
}

/* No published date.  A news text is written after everything it reports,
 * so the anchor is the latest time it states: the latest full date in the
 * lead (datelines, "Published: ..." lines); else the latest full date
 * anywhere; else the latest month and year; else the most frequent year
 * (those after "since", "previous"... only when there is nothing else).
 * Times said in the future tense are skipped, and a full date or month is
 * skipped when the text states a year more than one year after it (the 1971
 * date in an obituary that says "in 2005"). */
/* 1 for a time that never anchors the text: future tense before it, or
 * the end of a span ("through 2017"). */
static int aside(const rawx *x) { return x->cuefut || x->spanend; }

static void anchor_from_text(anchor *a, const rawx *x, size_t nx, uint32_t lead_end)
{
    int64_t ly = INT64_MIN; /* the latest year stated, future tense aside */
    for (size_t i = 0; i < nx; i++)
        if ((x[i].kind == X_DATE || x[i].kind == X_MY || x[i].kind == X_YEAR) &&
            !aside(&x[i]) && x[i].y > ly)
            ly = x[i].y;
    int64_t best = INT64_MIN;
    for (int pass = 0; pass < 2 && best == INT64_MIN; pass++)
        for (size_t i = 0; i < nx; i++) {
            if (x[i].kind != X_DATE || aside(&x[i]) || (pass == 0 && x[i].off >= lead_end) ||
                x[i].y + 1 < ly)
                continue;
            int64_t d = sl__days_from_civil(x[i].y, x[i].m, x[i].d);
            best = d > best ? d : best;
        }
    if (best != INT64_MIN) {
        anchor_day(a, best);
        return;
    }
    for (size_t i = 0; i < nx; i++)
        if (x[i].kind == X_MY && !aside(&x[i]) && x[i].y + 1 >= ly &&
            (int64_t)x[i].y * 12 + x[i].m > best)
            best = (int64_t)x[i].y * 12 + x[i].m;
    if (best != INT64_MIN) {
        int64_t mi = best - 1;
        anchor_month(a, floor_div(mi, 12), (unsigned)(mi - floor_div(mi, 12) * 12) + 1);
        return;
    }
    /* years 1900..2100 (all X_YEAR are): count them, background ones apart */
    uint16_t cnt[2][201];
    memset(cnt, 0, sizeof cnt);
    int any = 0;
    for (size_t i = 0; i < nx; i++) {
        if (x[i].kind != X_YEAR && x[i].kind != X_MY && x[i].kind != X_DATE)
            continue;
        uint16_t *c = &cnt[x[i].bg || aside(&x[i])][x[i].y - 1900];
        if (*c < UINT16_MAX)
            (*c)++;
        any = 1;
    }
    if (!any)
        return;
    for (int pass = 0; pass < 2; pass++) {
        int by = -1;
        for (int y = 0; y <= 200; y++)
            if (cnt[pass][y] && (by < 0 || cnt[pass][y] >= cnt[pass][by]))
                by = y;
        if (by >= 0) {
            anchor_year(a, 1900 + by);
            return;
        }
    }
}

/* A resolved expression: [start, end) in days. */
typedef struct resolved {
    int ok;
    int64_t start, end;
    int grain;
    int daysrel; /* a day counted from the anchor day (yesterday, Tuesday) */
} resolved;

static void set_day(resolved *r, int64_t d)
{
    r->ok = 1;
    r->start = d;
    r->end = d + 1;
    r->grain = SL_GRAIN_DAY;
}

static void set_month(resolved *r, int64_t mi)
{
    r->ok = 1;
    r->start = month_first_day(mi);
    r->end = month_first_day(mi + 1);
    r->grain = SL_GRAIN_MONTH;
}

static void set_year(resolved *r, int64_t y)
{
    r->ok = 1;
    r->start = sl__days_from_civil(y, 1, 1);
    r->end = sl__days_from_civil(y + 1, 1, 1);
    r->grain = SL_GRAIN_YEAR;
}

/* Keeps [start, end) inside the first or second part of the interval split
 * at the anchor day ("earlier this year" = Jan 1 .. the day before). */
static void clip_part(resolved *r, int part, int64_t aday)
{
    if (part == PART_EARLY && aday > r->start && aday < r->end)
        r->end = aday;
    else if (part == PART_LATE && aday + 1 > r->start && aday + 1 < r->end)
        r->start = aday + 1;
}

static resolved resolve(const rawx *x, const anchor *a)
{
    resolved r = {0, 0, 0, SL_GRAIN_DAY, 0};
    int day_anchor = a->grain == SL_GRAIN_DAY;
    int month_anchor = day_anchor || a->grain == SL_GRAIN_MONTH;
    int year_anchor = a->grain >= 0;
    int64_t ami = a->y * 12 + (int64_t)a->m - 1; /* anchor month index */
    switch (x->kind) {
    case X_DATE:
        set_day(&r, sl__days_from_civil(x->y, x->m, x->d));
        break;
    case X_MY:
        set_month(&r, (int64_t)x->y * 12 + x->m - 1);
        break;
    case X_YEAR:
        set_year(&r, x->y);
        break;
    case X_MD: {
        /* the year putting it closest to the anchor, the past preferred:
         * a later date only when less than half as far (or said in the
         * future tense and within a year); with a weekday ("Tuesday,
         * December 9") only years where the date falls on it, if any */
        if (!month_anchor)
            break;
        int64_t past = INT64_MIN, fut = INT64_MIN;
        for (int pass = x->wd ? 0 : 1; pass < 2 && past == INT64_MIN && fut == INT64_MIN; pass++)
            for (int dy = -1; dy <= 1; dy++) {
                int64_t y = a->y + dy;
                if (x->d > days_in_month(y, x->m))
                    continue;
                int64_t d = sl__days_from_civil(y, x->m, x->d);
                if (pass == 0 && weekday_of(d) != x->wd - 1)
                    continue;
                if (d <= a->day + 1)
                    past = d > past ? d : past;
                else if (fut == INT64_MIN || d < fut)
                    fut = d;
            }
        int64_t pick = past;
        if (fut != INT64_MIN) {
            if (past == INT64_MIN)
                pick = fut;
            else if (x->cuefut ? fut - a->day <= 366 : (fut - a->day) * 2 < a->day - past)
                pick = fut;
        }
        if (pick != INT64_MIN)
            set_day(&r, pick);
        break;
    }
    case X_MON: {
        if (!month_anchor)
            break;
        int64_t y = a->y;
        unsigned am = a->m, m = x->m;
        switch (x->mod) {
        case M_LAST: y = m < am ? y : y - 1; break;
        case M_NEXT: y = m > am ? y : y + 1; break;
        case M_THIS: break;
        default:
            if (x->cuefut)
                y = m >= am ? y : y + 1;
            else
                y = m <= am ? y : y - 1;
        }
        set_month(&r, y * 12 + m - 1);
        break;
    }
    case X_WDAY: {
        if (!day_anchor)
            break;
        int awd = weekday_of(a->day);
        int back = (awd - x->wd + 7) % 7, fwd = (x->wd - awd + 7) % 7;
        int64_t d;
        switch (x->mod) {
        case M_LAST: d = a->day - (back ? back : 7); break;
        case M_NEXT: d = a->day + (fwd ? fwd : 7); break;
        default: d = x->cuefut ? a->day + fwd : a->day - back;
        }
        set_day(&r, d);
        r.daysrel = 1;
        break;
    }
    case X_DAYREL:
        if (!day_anchor)
            break;
        set_day(&r, a->day + x->n);
        r.daysrel = 1;
        break;
    case X_REL:
        switch (x->unit) {
        case U_WEEK: {
            if (!day_anchor)
                break;
            int64_t mon = a->day - weekday_of(a->day) + 7 * (int64_t)x->n;
            r.ok = 1;
            r.start = mon;
            r.end = mon + 7;
            r.grain = SL_GRAIN_WEEK;
            break;
        }
        case U_WEEKEND: {
            if (!day_anchor)
                break;
            int awd = weekday_of(a->day);
            int64_t sat = a->day - awd + 5; /* Saturday of this week */
            int64_t n = x->mod == M_LAST ? -1 : x->mod == M_NEXT ? 1 : 0;
            if (x->mod == M_RECENT)
                n = (awd >= 5 || x->cuefut) ? 0 : -1;
            else if (x->mod == M_LAST && awd >= 5)
                n = -1; /* on a weekend, "last weekend" is the one before */
            r.ok = 1;
            r.start = sat + 7 * n;
            r.end = r.start + 2;
            r.grain = SL_GRAIN_WEEK;
            break;
        }
        case U_MONTH:
            if (month_anchor)
                set_month(&r, ami + x->n);
            break;
        case U_YEAR:
            if (year_anchor)
                set_year(&r, a->y + x->n);
            break;
        }
        if (r.ok && x->part != PART_WHOLE && day_anchor)
            clip_part(&r, x->part, a->day);
        break;
    case X_AGO:
        switch (x->unit) {
        case U_DAY:
            if (day_anchor) {
                set_day(&r, a->day - x->n);
                r.daysrel = 1;
            }
            break;
        case U_WEEK:
            if (day_anchor) {
                int64_t d = a->day - 7 * (int64_t)x->n;
                r.ok = 1;
                r.start = d - 3;
                r.end = d + 4;
                r.grain = SL_GRAIN_WEEK;
            }
            break;
        case U_MONTH:
            if (month_anchor)
                set_month(&r, ami - x->n);
            break;
        case U_YEAR:
            if (year_anchor)
                set_year(&r, a->y - x->n);
            break;
        }
        break;
    }
    return r;
}

static int relative_kind(int kind)
{
    return kind == X_MD || kind == X_MON || kind == X_WDAY || kind == X_DAYREL ||
           kind == X_REL || kind == X_AGO;
}

static sl_time_role role_of(const rawx *x, const resolved *r, const anchor *a)
{
    int ambiguous = x->kind == X_WDAY || x->kind == X_MD || x->kind == X_MON;
    if (x->lexfut)
        return SL_TIME_FUTURE;
    if (x->bg)
        return SL_TIME_BACKGROUND;
    if (x->spanend) /* "runs through 2017", "served until 2005" */
        return r->ok && a->grain >= 0 && r->start > a->day + 1 ? SL_TIME_FUTURE
                                                               : SL_TIME_BACKGROUND;
    if (ambiguous && x->cuefut)
        return SL_TIME_FUTURE;
    if (!r->ok || a->grain < 0) {
        if (x->poss && ((x->kind == X_REL && x->n < 0) || x->kind == X_AGO))
            return SL_TIME_BACKGROUND;
        return SL_TIME_EVENT;
    }
    if (r->start > a->day + 1)
        return SL_TIME_FUTURE;
    if (r->end <= a->day - 45)
        return SL_TIME_BACKGROUND;
    if (x->poss && r->grain != SL_GRAIN_DAY && r->end <= a->day)
        return SL_TIME_BACKGROUND; /* "last week's summit" */
    return SL_TIME_EVENT;
}

/* ============================================================ event window */

/*
 * The event-time window.  The reported event is usually told in the lead
 * (sent[0..2]) and close to the publication date:
 *  1. the first EVENT day in the lead: 0.9 anchored by `published` (widened
 *     by a day each side when counted from it: "yesterday", "Tuesday"),
 *     0.6 unanchored; else the first EVENT day anywhere: 0.7 / 0.5;
 *  2. an EVENT week in the lead ("last week", "the weekend"): that week, 0.5;
 *  3. `published` known: [published day - 3, published day + 1), 0.5;
 *  4. the first EVENT month in the lead: 0.4; else the most frequent EVENT
 *     month (first seen on ties): 0.25, a guess like step 5's (below the
 *     clustering's GUESS_CONF: two guesses never conflict);
 *  5. the most frequent EVENT year (later on ties): 0.2, unless the lead
 *     names a month and day no anchor resolves ("Dec. 24 4:33 AM EST"):
 *     then none, and sl__extract_times keeps that month and day;
 *  6. unknown, 0.
 */
#define YEAR_GUESS_CONF 0.2f /* step 5 below: a year the text names most */
#define URL_SLACK_DAYS 31    /* a URL's day and the text's publication line may differ by */
#define BODY_MONTH_CONF 0.25f /* step 4: a month named only past the lead */

static void event_window(sl_facts *f, const sl_timex *tx, const uint8_t *daysrel, size_t n,
                         uint32_t lead_end, int anchored, int64_t pubday)
{
    f->event_start = f->event_end = SL_TIME_UNKNOWN;
    f->event_conf = 0;
    size_t pick = SIZE_MAX;
    for (size_t pass = 0; pass < 2 && pick == SIZE_MAX; pass++)
        for (size_t i = 0; i < n && pick == SIZE_MAX; i++)
            if (tx[i].role == SL_TIME_EVENT && tx[i].grain == SL_GRAIN_DAY &&
                tx[i].start != SL_TIME_UNKNOWN && (pass == 1 || tx[i].off < lead_end)) {
                pick = i;
                f->event_conf = pass == 0 ? (anchored ? 0.9f : 0.6f) : (anchored ? 0.7f : 0.5f);
            }
    if (pick != SIZE_MAX) {
        f->event_start = tx[pick].start;
        f->event_end = tx[pick].end;
        if (anchored && daysrel[pick]) {
            f->event_start -= DAY_S;
            f->event_end += DAY_S;
        }
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (tx[i].role == SL_TIME_EVENT && tx[i].grain == SL_GRAIN_WEEK &&
            tx[i].start != SL_TIME_UNKNOWN && tx[i].off < lead_end) {
            f->event_start = tx[i].start;
            f->event_end = tx[i].end;
            f->event_conf = 0.5f;
            return;
        }
    if (anchored) {
        f->event_start = (pubday - 3) * DAY_S;
        f->event_end = (pubday + 1) * DAY_S;
        f->event_conf = 0.5f;
        return;
    }
    for (int grain = SL_GRAIN_MONTH; grain <= SL_GRAIN_YEAR; grain++) {
        /* distinct starts and their counts: EVENT months and years lie
         * within ~45 days of the anchor, so there are only a few */
        enum { NB = 8 };
        size_t first[NB], cnt[NB], nb = 0, best = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            if (tx[i].role != SL_TIME_EVENT || (int)tx[i].grain != grain ||
                tx[i].start == SL_TIME_UNKNOWN)
                continue;
            if (grain == SL_GRAIN_MONTH && tx[i].off < lead_end) {
                best = i;
                break;
            }
            size_t b = 0;
            while (b < nb && tx[first[b]].start != tx[i].start)
                b++;
            if (b == nb) {
                if (nb == NB)
                    continue;
                first[nb] = i;
                cnt[nb++] = 0;
            }
            cnt[b]++;
        }
        for (size_t b = 0; best == SIZE_MAX && b < nb; b++) {
            size_t top = 0;
            for (size_t c = 1; c < nb; c++)
                if (cnt[c] > cnt[top] || (cnt[c] == cnt[top] && grain == SL_GRAIN_YEAR &&
                                          tx[first[c]].start > tx[first[top]].start))
                    top = c;
            best = first[top];
        }
        if (best != SIZE_MAX) {
            f->event_start = tx[best].start;
            f->event_end = tx[best].end;
            f->event_conf = grain == SL_GRAIN_YEAR ? YEAR_GUESS_CONF
                            : tx[best].off < lead_end ? 0.4f : BODY_MONTH_CONF;
            return;
        }
    }
}

/* ================================================================== entry */

int sl__extract_times(sl_facts *f, const char *text, size_t len, int64_t published,
                      int url_day, const sl_span *sent, size_t nsent)
{
    f->times = NULL;
    f->ntimes = 0;
    f->event_start = f->event_end = SL_TIME_UNKNOWN;
    f->event_conf = 0;
    f->event_month = f->event_mday = 0;
    if (published != SL_TIME_UNKNOWN && (published > SANE_S || published < -SANE_S))
        published = SL_TIME_UNKNOWN;
    f->anchored = published != SL_TIME_UNKNOWN;
    if (!text)
        len = 0;
    if (len > UINT32_MAX - 1)
        len = UINT32_MAX - 1; /* offsets are 32-bit */

    pthread_once(&kw_once, kw_build);

    scan s;
    memset(&s, 0, sizeof s);
    s.p = (const unsigned char *)text;
    s.n = len;
    s.memo_pos = SIZE_MAX;
    size_t pos = 0;
    for (;;) {
        tok t;
        lex(&s, pos, &t);
        if (t.type == T_EOF)
            break;
        size_t end = match(&s, &t);
        if (s.err) {
            free(s.x);
            return s.err;
        }
        if (end) {
            t.type = T_TIMEX;
            t.end = (uint32_t)end;
        }
        push(&s, &t);
        pos = t.end;
    }

    uint32_t lead_end = sl__lead_end(sent, nsent, len);

    /* the anchor */
    if (f->anchored && url_day) {
        /* the text's own publication line outranks the day its URL names
         * when they are more than a month apart (a URL re-keyed when the
         * site moved: "/2012/05/31/" over "Published: July 29, 2004") */
        int64_t ud = floor_div(published, DAY_S);
        for (size_t i = 0; i < s.nx; i++)
            if (s.x[i].kind == X_DATE && s.x[i].publabel && s.x[i].off < lead_end) {
                int64_t d = sl__days_from_civil(s.x[i].y, s.x[i].m, s.x[i].d);
                if (d - ud > URL_SLACK_DAYS || ud - d > URL_SLACK_DAYS) {
                    published = SL_TIME_UNKNOWN;
                    f->anchored = 0;
                }
                break;
            }
    }
    anchor a = {-1, 0, 0, 0, 0};
    int64_t pubday = 0;
    if (f->anchored) {
        pubday = floor_div(published, DAY_S);
        anchor_day(&a, pubday);
    } else {
        anchor_from_text(&a, s.x, s.nx, lead_end);
    }

    if (s.nx == 0) {
        event_window(f, NULL, NULL, 0, lead_end, f->anchored, pubday);
        return SL_OK;
    }

    sl_timex *tx = malloc(s.nx * sizeof *tx);
    uint8_t *daysrel = malloc(s.nx);
    if (!tx || !daysrel) {
        free(tx);
        free(daysrel);
        free(s.x);
        return sl__nomem();
    }
    for (size_t i = 0; i < s.nx; i++) {
        const rawx *x = &s.x[i];
        resolved r = resolve(x, &a);
        sl_timex *o = &tx[i];
        o->off = x->off;
        o->len = x->end - x->off;
        o->relative = (uint8_t)relative_kind(x->kind);
        o->role = role_of(x, &r, &a);
        if (r.ok) {
            o->start = r.start * DAY_S;
            o->end = r.end * DAY_S;
            o->grain = (sl_time_grain)r.grain;
        } else {
            o->start = o->end = SL_TIME_UNKNOWN;
            o->grain = x->kind == X_REL || x->kind == X_AGO
                           ? (x->unit == U_YEAR ? SL_GRAIN_YEAR
                              : x->unit == U_MONTH ? SL_GRAIN_MONTH
                              : x->unit == U_DAY ? SL_GRAIN_DAY : SL_GRAIN_WEEK)
                       : x->kind == X_MON ? SL_GRAIN_MONTH
                                          : SL_GRAIN_DAY;
        }
        daysrel[i] = (uint8_t)r.daysrel;
    }
    event_window(f, tx, daysrel, s.nx, lead_end, f->anchored, pubday);
    if (f->event_conf > 0 && f->event_conf <= YEAR_GUESS_CONF) {
        /* only a year guessed from the years the text names, none of them
         * in the lead ("The strike of 2012 began on June 4" keeps 2012): a
         * month and day in the lead ("Dec. 24 4:33 AM EST") says more */
        int lead_year = 0, lead_md = 0;
        for (size_t i = 0; i < s.nx; i++) {
            if (s.x[i].off >= lead_end || tx[i].role != SL_TIME_EVENT)
                continue;
            lead_year |= s.x[i].kind == X_YEAR || s.x[i].kind == X_MY;
            lead_md |= s.x[i].kind == X_MD && tx[i].start == SL_TIME_UNKNOWN;
        }
        if (lead_md && !lead_year) {
            f->event_start = f->event_end = SL_TIME_UNKNOWN;
            f->event_conf = 0;
        }
    }
    /* no window, nothing to resolve against: the first EVENT month the
     * text names still says when in the year it happened (date_at and
     * on_month only read months 1..12 and days that month can have) */
    for (size_t i = 0; i < s.nx && f->event_start == SL_TIME_UNKNOWN && !f->event_month; i++) {
        const rawx *x = &s.x[i];
        if ((x->kind == X_MD || x->kind == X_MON) && tx[i].role == SL_TIME_EVENT &&
            tx[i].start == SL_TIME_UNKNOWN) {
            assert(x->m >= 1 && x->m <= 12 && x->d <= 31);
            f->event_month = x->m;
            f->event_mday = x->kind == X_MD ? x->d : 0;
        }
    }
    free(daysrel);
    free(s.x);
    f->times = tx;
    f->ntimes = s.nx;
    return SL_OK;
}
