/* extract.c - sl_extract(): runs the extractors over one article. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts/facts.h"

const char *sl_entity_kind_name(sl_entity_kind k)
{
    switch (k) {
    case SL_ENT_PERSON: return "person";
    case SL_ENT_ORG: return "org";
    case SL_ENT_PLACE: return "place";
    case SL_ENT_OUTLET: return "outlet";
    default: return "other";
    }
}

void sl_format_date(char *buf, size_t cap, int64_t t)
{
    if (t == SL_TIME_UNKNOWN) {
        snprintf(buf, cap, "unknown");
        return;
    }
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t y;
    unsigned m, d;
    sl__civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999 || cap < 11) { /* rare: the general path */
        snprintf(buf, cap, "%04d-%02u-%02u", (int)(y % 100000), m, d);
        return;
    }
    /* every event record and facts object writes dates: no printf */
    unsigned v = (unsigned)y;
    char out[11] = {(char)('0' + v / 1000), (char)('0' + v / 100 % 10),
                    (char)('0' + v / 10 % 10), (char)('0' + v % 10), '-',
                    (char)('0' + m / 10), (char)('0' + m % 10), '-',
                    (char)('0' + d / 10), (char)('0' + d % 10), '\0'};
    memcpy(buf, out, sizeof out);
}

void sl_facts_free(sl_facts *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nentities; i++) {
        free(f->entities[i].name);
        free(f->entities[i].role);
        free(f->entities[i].affiliation);
    }
    free(f->entities);
    free(f->times);
    for (size_t i = 0; i < f->nquotes; i++) {
        free(f->quotes[i].text);
        free(f->quotes[i].speaker);
        free(f->quotes[i].via);
    }
    free(f->quotes);
    free(f->outlet);
    free(f->dateline_place);
    free(f->dateline_outlet);
    free(f);
}

static int digit(char c) { return c >= '0' && c <= '9'; }

/* n digits at p as a number (the caller checked they are digits) */
static unsigned num(const char *p, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(p[i] - '0');
    return v;
}

/* 00:00 UTC of y-m-d in 1900-2099, or SL_TIME_UNKNOWN when that is no
 * date (the calendar's round trip gives another day: "2023-02-29"). */
static int64_t day_or_unknown(unsigned y, unsigned m, unsigned d)
{
    if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31)
        return SL_TIME_UNKNOWN;
    int64_t days = sl__days_from_civil(y, m, d), yy;
    unsigned mm, dd;
    sl__civil_from_days(days, &yy, &mm, &dd);
    return yy == y && mm == m && dd == d ? days * 86400 : SL_TIME_UNKNOWN;
}

int64_t sl__url_day(const char *url)
{
    if (!url)
        return SL_TIME_UNKNOWN;
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    p = strchr(p, '/'); /* the path: no digits of the host name */
    if (!p)
        return SL_TIME_UNKNOWN;
    for (; *p; p++) {
        if (!digit(*p) || digit(p[-1]))
            continue; /* the start of a run of digits only */
        size_t run = 0;
        while (digit(p[run]))
            run++;
        if (run == 8) { /* 20081216 */
            int64_t t = day_or_unknown(num(p, 4), num(p + 4, 2), num(p + 6, 2));
            if (t != SL_TIME_UNKNOWN)
                return t;
        } else if (run == 4 && (p[4] == '/' || p[4] == '-' || p[4] == '_')) {
            /* 2013/05/03, 2013-7-21: the same separator twice */
            char sep = p[4];
            const char *q = p + 5;
            size_t lm = 0, ld = 0;
            while (lm < 3 && digit(q[lm]))
                lm++;
            if (lm < 1 || lm > 2 || q[lm] != sep)
                continue;
            const char *r = q + lm + 1;
            while (ld < 3 && digit(r[ld]))
                ld++;
            if (ld < 1 || ld > 2)
                continue;
            int64_t t = day_or_unknown(num(p, 4), num(q, lm), num(r, ld));
            if (t != SL_TIME_UNKNOWN)
                return t;
        }
        p += run - 1;
    }
    return SL_TIME_UNKNOWN;
}

uint32_t sl__lead_end(const sl_span *sent, size_t nsent, size_t len)
{
    if (!sent || !nsent)
        return (uint32_t)(len < 400 ? len : 400);
    const sl_span *l = &sent[nsent < 3 ? nsent - 1 : 2];
    uint64_t e = (uint64_t)l->off + l->len;
    return (uint32_t)(e < len ? e : len);
}

int64_t sl__article_time(const sl_article *a)
{
    return a->published != SL_TIME_UNKNOWN ? a->published : sl__url_day(a->url);
}

int sl__extract_article_times(sl_facts *f, const sl_article *a)
{
    sl_spanvec sv = {0};
    int rc = sl__sentences(&sv, a->text, a->text_len);
    if (!rc)
        rc = sl__extract_times(f, a->text, a->text_len, sl__article_time(a),
                               a->published == SL_TIME_UNKNOWN, sv.v, sv.n);
    free(sv.v);
    return rc;
}

int sl_extract(sl_facts **out, const sl_article *a)
{
    *out = NULL;
    if (!a || !a->text)
        return sl__fail(SL_EINVAL, "sl_extract: no article text");
    sl_facts *f = calloc(1, sizeof *f);
    if (!f)
        return sl__nomem();
    f->event_start = f->event_end = SL_TIME_UNKNOWN;
    sl_spanvec sv = {0};
    int rc;
    if ((rc = sl__sentences(&sv, a->text, a->text_len)) ||
        (rc = sl__extract_outlet(f, a->text, a->text_len, a->source)) ||
        (rc = sl__extract_times(f, a->text, a->text_len, sl__article_time(a),
                               a->published == SL_TIME_UNKNOWN, sv.v, sv.n)) ||
        (rc = sl__extract_quotes(f, a->text, a->text_len)) ||
        (rc = sl__extract_amount(f, a->text, a->text_len, sv.v, sv.n)) ||
        (rc = sl__extract_entities(f, a->text, a->text_len, sv.v, sv.n))) {
        free(sv.v);
        sl_facts_free(f);
        return rc;
    }
    free(sv.v);
    *out = f;
    return SL_OK;
}
