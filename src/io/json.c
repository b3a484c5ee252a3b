/*
 * json.c - JSON text written into a growable buffer: a small writer with a
 * sticky error (calls after a failed allocation do nothing, the caller
 * checks once at the end), and the records the library hands out as JSON
 * (facts, pairs) so that the CLI, the store and the server print the same.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

void sl__jw_raw(sl_jw *w, const char *s)
{
    if (!w->err && sl__buf_append(&w->b, s, strlen(s)))
        w->err = SL_ENOMEM;
}

void sl__jw_printf(sl_jw *w, const char *fmt, ...)
{
    if (w->err)
        return;
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) { /* only short numeric fields come here */
        w->err = sl__fail(SL_EINVAL, "internal: JSON field too long");
        return;
    }
    if (sl__buf_append(&w->b, tmp, (size_t)n))
        w->err = SL_ENOMEM;
}

void sl__jw_fix3(sl_jw *w, double x)
{
    if (w->err)
        return;
    /* x * 1000 is within 1e-12 of the exact product below 1e6, so its
     * nearest integer is the one printf's correctly rounded "%.3f" gives,
     * unless the product lies within 1e-7 of a half: printf decides those
     * (and negatives, huge values, NaN). */
    double y = x * 1000.0;
    if (!(y >= 0 && y < 1e9) || fabs(y - floor(y) - 0.5) < 1e-7) {
        sl__jw_printf(w, "%.3f", x);
        return;
    }
    uint32_t r = (uint32_t)floor(y + 0.5); /* below 1e9 */
    sl__jw_u32(w, r / 1000);
    char frac[4] = {'.', (char)('0' + r / 100 % 10), (char)('0' + r / 10 % 10),
                    (char)('0' + r % 10)};
    if (!w->err && sl__buf_append(&w->b, frac, sizeof frac))
        w->err = SL_ENOMEM;
}

void sl__jw_u32(sl_jw *w, uint32_t x)
{
    if (w->err)
        return;
    char tmp[16], *e = tmp + sizeof tmp, *q = e;
    do
        *--q = (char)('0' + x % 10);
    while (x /= 10);
    if (sl__buf_append(&w->b, q, (size_t)(e - q)))
        w->err = SL_ENOMEM;
}

void sl__jw_strn(sl_jw *w, const char *s, size_t n)
{
    if (w->err)
        return;
    if (!s) {
        sl__jw_raw(w, "null");
        return;
    }
    if (sl__buf_reserve(&w->b, n + 2)) {
        w->err = SL_ENOMEM;
        return;
    }
    sl__buf_putc(&w->b, '"');
    size_t run = 0; /* bytes copied as they are, flushed in one append */
    for (size_t i = 0; i < n && !w->err; i++) {
        unsigned char ch = (unsigned char)s[i];
        const char *esc = NULL;
        char u[8];
        switch (ch) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (ch < 0x20) {
                snprintf(u, sizeof u, "\\u%04x", ch);
                esc = u;
            }
        }
        if (!esc) {
            run++;
            continue;
        }
        if (sl__buf_append(&w->b, s + i - run, run) || sl__buf_append(&w->b, esc, strlen(esc)))
            w->err = SL_ENOMEM;
        run = 0;
    }
    if (!w->err && (sl__buf_append(&w->b, s + n - run, run) || sl__buf_putc(&w->b, '"')))
        w->err = SL_ENOMEM;
}

void sl__jw_str(sl_jw *w, const char *s) { sl__jw_strn(w, s, s ? strlen(s) : 0); }

void sl__jw_date(sl_jw *w, int64_t t)
{
    if (t == SL_TIME_UNKNOWN) {
        sl__jw_raw(w, "null");
        return;
    }
    char d[32];
    sl_format_date(d, sizeof d, t);
    sl__jw_str(w, d);
}

void sl__jw_month_day(sl_jw *w, unsigned month, unsigned mday)
{
    if (month < 1 || month > 12) {
        sl__jw_raw(w, "null");
        return;
    }
    if (mday)
        sl__jw_printf(w, "\"--%02u-%02u\"", month, mday);
    else
        sl__jw_printf(w, "\"--%02u\"", month);
}

/* `key` (the comma, the quoted name and the colon) and date t. */
static void date_field(sl_jw *w, const char *key, int64_t t)
{
    sl__jw_raw(w, key);
    sl__jw_date(w, t);
}

void sl__jw_strs(sl_jw *w, char *const *v, size_t n)
{
    sl__jw_raw(w, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sl__jw_raw(w, ",");
        sl__jw_str(w, v[i]);
    }
    sl__jw_raw(w, "]");
}

int sl__jw_finish(char **out, sl_jw *w)
{
    if (!w->err && !w->b.p && sl__buf_reserve(&w->b, 1))
        w->err = SL_ENOMEM;
    if (w->err) {
        sl__buf_free(&w->b);
        *out = NULL;
        return w->err == SL_ENOMEM ? sl__nomem() : w->err;
    }
    *out = w->b.p;
    return SL_OK;
}

/* ---------------------------------------------------------------- facts */

static const char *grain_name(sl_time_grain g)
{
    return g == SL_GRAIN_DAY ? "day" : g == SL_GRAIN_WEEK ? "week" : g == SL_GRAIN_MONTH ? "month"
                                                                                         : "year";
}

static const char *role_name(sl_time_role r)
{
    return r == SL_TIME_EVENT ? "event" : r == SL_TIME_BACKGROUND ? "background" : "future";
}

void sl__jw_facts(sl_jw *w, const sl_article *a, const sl_facts *x)
{
    sl__jw_raw(w, "{\"id\":");
    sl__jw_str(w, a->id);
    sl__jw_raw(w, ",\"outlet\":");
    sl__jw_str(w, x->outlet);
    sl__jw_raw(w, ",\"dateline\":");
    if (x->dateline_place || x->dateline_outlet) {
        sl__jw_raw(w, "{\"place\":");
        sl__jw_str(w, x->dateline_place);
        sl__jw_raw(w, ",\"outlet\":");
        sl__jw_str(w, x->dateline_outlet);
        sl__jw_raw(w, "}");
    } else {
        sl__jw_raw(w, "null");
    }
    sl__jw_raw(w, x->anchored ? ",\"event_time\":{\"anchored\":true,\"start\":"
                              : ",\"event_time\":{\"anchored\":false,\"start\":");
    sl__jw_date(w, x->event_start);
    date_field(w, ",\"end\":", x->event_end);
    sl__jw_raw(w, ",\"month_day\":");
    sl__jw_month_day(w, x->event_month, x->event_mday);
    /* what relative dates were resolved against: `published`, the date in
     * the URL (no `published`), or a date of the text (sl__article_time) */
    const char *anchor = !x->anchored ? "text"
                         : a->published != SL_TIME_UNKNOWN ? "published" : "url";
    sl__jw_printf(w, ",\"confidence\":%.2f,\"anchor\":\"%s\"}", x->event_conf, anchor);
    sl__jw_raw(w, ",\"entities\":[");
    for (size_t i = 0; i < x->nentities; i++) {
        const sl_entity *e = &x->entities[i];
        sl__jw_raw(w, i ? ",{\"name\":" : "{\"name\":");
        sl__jw_str(w, e->name);
        sl__jw_printf(w, ",\"kind\":\"%s\",\"mentions\":%u", sl_entity_kind_name(e->kind),
                      e->mentions);
        if (e->role) {
            sl__jw_raw(w, ",\"role\":");
            sl__jw_str(w, e->role);
        }
        if (e->affiliation) {
            sl__jw_raw(w, ",\"affiliation\":");
            sl__jw_str(w, e->affiliation);
        }
        sl__jw_raw(w, "}");
    }
    sl__jw_raw(w, "],\"times\":[");
    for (size_t i = 0; i < x->ntimes; i++) {
        const sl_timex *t = &x->times[i];
        sl__jw_raw(w, i ? ",{\"text\":" : "{\"text\":");
        sl__jw_strn(w, a->text + t->off, t->len);
        date_field(w, ",\"start\":", t->start);
        date_field(w, ",\"end\":", t->end);
        sl__jw_printf(w, ",\"grain\":\"%s\",\"role\":\"%s\"}", grain_name(t->grain),
                      role_name(t->role));
    }
    sl__jw_raw(w, "],\"quotes\":[");
    for (size_t i = 0; i < x->nquotes; i++) {
        const sl_quote *q = &x->quotes[i];
        sl__jw_raw(w, i ? ",{\"text\":" : "{\"text\":");
        sl__jw_str(w, q->text);
        sl__jw_raw(w, ",\"speaker\":");
        sl__jw_str(w, q->speaker);
        sl__jw_raw(w, ",\"via\":");
        sl__jw_str(w, q->via);
        sl__jw_raw(w, "}");
    }
    sl__jw_raw(w, "],\"amount\":");
    if (x->amount > 0) {
        sl__jw_raw(w, "{\"text\":");
        sl__jw_strn(w, a->text + x->amount_off, x->amount_len);
        sl__jw_printf(w, ",\"value\":%.15g,\"currency\":\"%s\"}", x->amount,
                      x->amount_currency);
    } else {
        sl__jw_raw(w, "null");
    }
    sl__jw_raw(w, "}");
}

int sl_facts_json(char **out, const sl_article *a, const sl_facts *f)
{
    sl_jw w = {0};
    sl__jw_facts(&w, a, f);
    return sl__jw_finish(out, &w);
}

/* ---------------------------------------------------------------- pairs */

/* `key` as it is (a JSON fragment ending in ':'), then x as "%.3f". */
static void fix3_field(sl_jw *w, const char *key, double x)
{
    sl__jw_raw(w, key);
    sl__jw_fix3(w, x);
}

void sl__jw_drift(sl_jw *w, const sl_quote_drift *d, size_t n)
{
    sl__jw_raw(w, "[");
    for (size_t i = 0; i < n; i++) {
        sl__jw_raw(w, i ? ",{\"a\":" : "{\"a\":");
        sl__jw_str(w, d[i].a);
        sl__jw_raw(w, ",\"b\":");
        sl__jw_str(w, d[i].b);
        sl__jw_raw(w, ",\"similarity\":");
        sl__jw_fix3(w, d[i].similarity);
        sl__jw_raw(w, "}");
    }
    sl__jw_raw(w, "]");
}

void sl__jw_pair(sl_jw *w, const char *ida, const char *idb, const char *idsrc,
                 const sl_pair *p, unsigned flags)
{
    sl__jw_raw(w, "{\"type\":\"pair\",\"a\":");
    sl__jw_str(w, ida);
    sl__jw_raw(w, ",\"b\":");
    sl__jw_str(w, idb);
    sl__jw_raw(w, ",\"relation\":\"");
    sl__jw_raw(w, sl_relation_name(p->relation));
    sl__jw_raw(w, p->exact ? "\",\"exact\":true" : "\",\"exact\":false");
    fix3_field(w, ",\"scores\":{\"jaccard\":", p->jaccard);
    fix3_field(w, ",\"containment\":", p->containment);
    fix3_field(w, ",\"term_overlap\":", p->term_overlap);
    fix3_field(w, ",\"coverage\":", p->coverage);
    fix3_field(w, ",\"order\":", p->order);
    sl__jw_raw(w, "},\"aligned\":[");
    for (size_t x = 0; x < p->naligned; x++) {
        sl__jw_raw(w, x ? ",[" : "[");
        sl__jw_u32(w, p->aligned[x].a);
        sl__jw_raw(w, ",");
        sl__jw_u32(w, p->aligned[x].b);
        sl__jw_raw(w, ",");
        sl__jw_fix3(w, p->aligned[x].sim);
        sl__jw_raw(w, "]");
    }
    sl__jw_raw(w, "],\"direction\":");
    if (p->source == SL_NONE || !idsrc) {
        sl__jw_raw(w, "null");
    } else {
        sl__jw_raw(w, "{\"source\":");
        sl__jw_str(w, idsrc);
        sl__jw_raw(w, ",\"derived\":");
        sl__jw_str(w, p->source == p->a ? idb : ida);
        sl__jw_raw(w, ",\"cue\":\"");
        sl__jw_raw(w, sl_cue_name(p->cue));
        sl__jw_raw(w, "\"");
        if (p->cue_detail) {
            sl__jw_raw(w, ",\"detail\":");
            sl__jw_str(w, p->cue_detail);
        }
        sl__jw_raw(w, "}");
    }
    if (flags & SL_JSON_EVIDENCE) {
        sl__jw_printf(w, ",\"evidence\":{\"topic_sim\":%.3f,\"entity_sim\":%.3f,", p->topic_sim,
                      p->entity_sim);
        sl__jw_printf(w, "\"event_score\":%.3f,\"time_conflict\":%s,\"actor_conflict\":%s,",
                      p->event_score, p->time_conflict ? "true" : "false",
                      p->actor_conflict ? "true" : "false");
        sl__jw_raw(w, "\"a_lead\":");
        sl__jw_str(w, p->a_lead); /* null when NULL */
        sl__jw_raw(w, ",\"b_lead\":");
        sl__jw_str(w, p->b_lead);
        sl__jw_printf(w, ",\"amount_conflict\":%s,\"a_amount\":",
                      p->amount_conflict ? "true" : "false");
        sl__jw_str(w, p->a_amount);
        sl__jw_raw(w, ",\"b_amount\":");
        sl__jw_str(w, p->b_amount);
        date_field(w, ",\"a_recalls\":", p->a_recalls);
        date_field(w, ",\"b_recalls\":", p->b_recalls);
        date_field(w, ",\"common_day\":", p->common_day);
        sl__jw_printf(w, ",\"years_guessed\":%s", p->years_guessed ? "true" : "false");
        sl__jw_printf(w, ",\"time_agree\":%s", p->time_agree ? "true" : "false");
        date_field(w, ",\"a_start\":", p->a_start);
        date_field(w, ",\"a_end\":", p->a_end);
        date_field(w, ",\"b_start\":", p->b_start);
        date_field(w, ",\"b_end\":", p->b_end);
        sl__jw_raw(w, ",\"a_month_day\":");
        sl__jw_month_day(w, p->a_month, p->a_mday);
        sl__jw_raw(w, ",\"b_month_day\":");
        sl__jw_month_day(w, p->b_month, p->b_mday);
        sl__jw_raw(w, ",\"shared_entities\":");
        sl__jw_strs(w, p->shared_entities, p->nshared_entities);
        sl__jw_raw(w, ",\"shared_quotes\":");
        sl__jw_strs(w, p->shared_quotes, p->nshared_quotes);
        sl__jw_raw(w, ",\"quote_drift\":");
        sl__jw_drift(w, p->drift, p->ndrift);
        sl__jw_raw(w, "}");
    }
    sl__jw_raw(w, "}");
}

int sl_pair_json(char **out, const sl_corpus *c, const sl_pair *p, unsigned flags)
{
    *out = NULL;
    if (!c || !p || p->a >= c->n || p->b >= c->n)
        return sl__fail(SL_EINVAL, "sl_pair_json: the pair is not of this corpus");
    sl_jw w = {0};
    const char *src = p->source == SL_NONE || p->source >= c->n ? NULL : c->art[p->source]->id;
    sl__jw_pair(&w, c->art[p->a]->id, c->art[p->b]->id, src, p, flags);
    return sl__jw_finish(out, &w);
}
