/* article.c - the article record and ISO 8601 time parsing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Every article is allocated with a private tail after the public struct:
 * the size of a block of strings that follows it (0 from sl_article_new).
 * sl__article_pack puts all of an article's strings there, so a record
 * read from a file costs one allocation instead of up to seven (the
 * headers and rounding of the small ones cost ~100 bytes an article).  A
 * field pointing into the block is never freed on its own; sl_article_set
 * replaces it with a separate copy. */
typedef struct article_block {
    sl_article a;
    size_t packed;
    char s[];
} article_block;

/* 1 when p points into a's packed block. */
static int in_block(const sl_article *a, const char *p)
{
    const article_block *b = (const article_block *)a;
    uintptr_t x = (uintptr_t)p, lo = (uintptr_t)b->s;
    return p && x >= lo && x - lo < b->packed;
}

int sl_article_new(sl_article **out)
{
    if (!out)
        return sl__fail(SL_EINVAL, "sl_article_new: NULL argument");
    /* the struct comes first: the block and the article are one pointer */
    sl_article *a = calloc(1, sizeof(article_block)); /* packed = 0 */
    *out = a;
    if (!a)
        return sl__nomem();
    a->published = SL_TIME_UNKNOWN;
    return SL_OK;
}

int sl__article_pack(sl_article **out, const char *const str[SL__NFIELDS],
                     const size_t len[SL__NFIELDS], int64_t published)
{
    *out = NULL;
    size_t total = 0;
    for (int f = 0; f < SL__NFIELDS; f++)
        if (str[f]) {
            if (len[f] > SIZE_MAX / 2 - total)
                return sl__fail(SL_ENOMEM, "article too large");
            total += len[f] + 1;
        }
    sl_article *a = malloc(sizeof(article_block) + total);
    if (!a)
        return sl__nomem();
    article_block *b = (article_block *)a;
    memset(a, 0, sizeof *a);
    b->packed = total;
    char **slot[SL__NFIELDS] = {&a->id, &a->text, &a->title, &a->source, &a->url, &a->lang};
    char *p = b->s;
    for (int f = 0; f < SL__NFIELDS; f++)
        if (str[f]) {
            memcpy(p, str[f], len[f]);
            p[len[f]] = '\0';
            *slot[f] = p;
            p += len[f] + 1;
        }
    a->text_len = str[SL__TEXT] ? len[SL__TEXT] : 0;
    a->published = published;
    *out = a;
    return SL_OK;
}

/* The string slot of `a` named `field`, or NULL for an unknown name. */
static char **field_slot(sl_article *a, const char *field)
{
    static const char *const names[] = {"id", "text", "title", "source", "url", "lang"};
    char **slots[] = {&a->id, &a->text, &a->title, &a->source, &a->url, &a->lang};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(field, names[i]) == 0)
            return slots[i];
    return NULL;
}

int sl_article_set(sl_article *a, const char *field, const char *value)
{
    if (!a || !field)
        return sl__fail(SL_EINVAL, "sl_article_set: NULL argument");
    char **slot = field_slot(a, field);
    if (!slot)
        return sl__fail(SL_EINVAL, "unknown article field \"%.64s\"", field);
    char *copy = NULL;
    size_t len = 0;
    if (value) {
        size_t bad = 0;
        len = strlen(value);
        if (sl__utf8_check(value, len, &bad))
            return sl__fail(SL_EUTF8, "invalid UTF-8 at byte %zu of field \"%s\"", bad,
                            field);
        copy = sl__strdup(value);
        if (!copy)
            return SL_ENOMEM;
    }
    if (!in_block(a, *slot))
        free(*slot);
    *slot = copy;
    if (slot == &a->text)
        a->text_len = len;
    return SL_OK;
}

void sl_article_free(sl_article *a)
{
    if (!a)
        return;
    char *f[] = {a->id, a->text, a->title, a->source, a->url, a->lang};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        if (!in_block(a, f[i]))
            free(f[i]);
    free(a);
}

/* ------------------------------------------------------------ ISO 8601 */

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar: count
 * years from March so that the leap day ends the year, then use 400-year
 * eras of 146097 days. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);               /* [0, 399] */
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;    /* [0, 146096] */
    return era * 146097 + (int64_t)doe - 719468;
}

static int is_leap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static unsigned days_in_month(unsigned y, unsigned m)
{
    static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Reads exactly n decimal digits at *p into *v and advances *p. */
static int digits(const char **p, int n, unsigned *v)
{
    unsigned x = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return 0;
        x = x * 10 + (unsigned)(c - '0');
    }
    *p += n;
    *v = x;
    return 1;
}

/* Zone designator at p: "Z", "+HH:MM", "+HHMM", "+HH" (or '-'), or nothing
 * (UTC).  Stores the offset east of UTC in seconds; the zone must end the
 * string. */
static int parse_zone(const char *p, int64_t *off)
{
    *off = 0;
    if (*p == '\0')
        return 1;
    if (*p == 'Z' || *p == 'z')
        return p[1] == '\0';
    if (*p != '+' && *p != '-')
        return 0;
    int sign = *p++ == '-' ? -1 : 1;
    unsigned hh, mm = 0;
    if (!digits(&p, 2, &hh) || hh > 23)
        return 0;
    if (*p == ':') {
        p++;
        if (!digits(&p, 2, &mm))
            return 0;
    } else if (*p != '\0' && !digits(&p, 2, &mm)) {
        return 0;
    }
    if (mm > 59 || *p != '\0')
        return 0;
    *off = sign * (int64_t)(hh * 3600 + mm * 60);
    return 1;
}

int sl_parse_time(int64_t *out, const char *iso8601)
{
    if (!out || !iso8601)
        return sl__fail(SL_EINVAL, "sl_parse_time: NULL argument");
    *out = SL_TIME_UNKNOWN;
    const char *p = iso8601;
    unsigned y, mo, d, h = 0, mi = 0, s = 0;
    int64_t off = 0;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
        !digits(&p, 2, &d))
        goto bad;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        goto bad;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            goto bad;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &s))
                goto bad;
            if (*p == '.' || *p == ',') { /* fraction: checked, then dropped */
                p++;
                if (*p < '0' || *p > '9')
                    goto bad;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
        /* 60 seconds: a leap second, counted as the next minute's start. */
        if (h > 23 || mi > 59 || s > 60 || !parse_zone(p, &off))
            goto bad;
    } else if (*p != '\0') {
        goto bad;
    }
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - off;
    return SL_OK;
bad:
    return sl__fail(SL_EPARSE, "bad time \"%.64s\" (expected ISO 8601)", iso8601);
}
