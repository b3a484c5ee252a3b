/*
 * query.c - the store's JSON documents (docs/api.md) and export.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "facts/facts.h"
#include "store/store.h"

/* Parses "e12" / "s3" (prefix letter, then a positive number). */
static int parse_ref(int64_t *out, const char *id, char prefix, const char *what)
{
    char *end;
    if (!id || id[0] != prefix || id[1] < '1' || id[1] > '9')
        return sl__fail(SL_ENOTFOUND, "no %s \"%.100s\"", what, id ? id : "");
    errno = 0;
    long long v = strtoll(id + 1, &end, 10);
    if (*end || errno)
        return sl__fail(SL_ENOTFOUND, "no %s \"%.100s\"", what, id);
    *out = v;
    return SL_OK;
}

static void jw_int_or_null(sl_jw *w, sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL)
        sl__jw_raw(w, "null");
    else
        sl__jw_printf(w, "%lld", (long long)sqlite3_column_int64(s, col));
}

/* A title: the title field, else the first line of the text (200 bytes
 * at most, whole characters). */
static void jw_title(sl_jw *w, const char *title, const char *text)
{
    const char *t = title && *title ? title : text ? text : "";
    size_t n = 0;
    while (t[n] && t[n] != '\n' && n < 200)
        n++;
    while (n && t[n] && ((unsigned char)t[n] & 0xc0) == 0x80)
        n--;
    sl__jw_strn(w, t, n);
}

static int finish(char **out, sl_jw *w, int rc)
{
    if (rc) {
        sl__buf_free(&w->b);
        *out = NULL;
        return rc;
    }
    return sl__jw_finish(out, w);
}

/* ------------------------------------------------------------- articles */

int sl_store_article(char **out, sl_store *st, const char *id)
{
    *out = NULL;
    sqlite3_stmt *s = sl__db_prep(
        st, "SELECT a.n, a.version, a.title, a.source, a.url, a.published, a.lang, a.text, "
            "a.event, e.storyline, a.dup_group, a.rw_group, a.facts FROM article a "
            "LEFT JOIN event e ON e.n = a.event WHERE a.id = ?");
    if (!s)
        return SL_EDB;
    sqlite3_bind_text(s, 1, id ? id : "", -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r != SQLITE_ROW) {
        sl__db_done(st, s);
        return r == SQLITE_DONE ? sl__fail(SL_ENOTFOUND, "no article \"%.200s\"", id ? id : "")
                                : sl__db_fail(st, "article");
    }
    sl_jw w = {0};
    int64_t n = sqlite3_column_int64(s, 0);
    sl__jw_raw(&w, "{\"id\":");
    sl__jw_str(&w, id);
    sl__jw_printf(&w, ",\"version\":%lld", (long long)sqlite3_column_int64(s, 1));
    static const char *const F[] = {"title", "source", "url"};
    for (int f = 0; f < 3; f++) {
        sl__jw_printf(&w, ",\"%s\":", F[f]);
        sl__jw_str(&w, sl__col_str(s, 2 + f));
    }
    sl__jw_raw(&w, ",\"published\":");
    sl__jw_date(&w, sl__col_time(s, 5));
    sl__jw_raw(&w, ",\"lang\":");
    sl__jw_str(&w, sl__col_str(s, 6));
    sl__jw_raw(&w, ",\"text\":");
    sl__jw_str(&w, sl__col_str(s, 7));
    sl__jw_printf(&w, ",\"event\":\"e%lld\",\"storyline\":\"s%lld\",\"duplicate_group\":",
                  (long long)sqlite3_column_int64(s, 8), (long long)sqlite3_column_int64(s, 9));
    jw_int_or_null(&w, s, 10);
    sl__jw_raw(&w, ",\"rewrite_group\":");
    jw_int_or_null(&w, s, 11);
    sl__jw_raw(&w, ",\"facts\":");
    sl__jw_raw(&w, sl__col_str(s, 12));
    sl__db_done(st, s);
    sl__jw_raw(&w, ",\"relations\":[");
    s = sl__db_prep(st, "SELECT x.id, r.kind, r.score, r.pair FROM relation r JOIN article x ON "
                        "x.n = (CASE WHEN r.a = ?1 THEN r.b ELSE r.a END) "
                        "WHERE r.a = ?1 OR r.b = ?1 ORDER BY r.score DESC, x.id");
    if (!s)
        return finish(out, &w, SL_EDB);
    sqlite3_bind_int64(s, 1, n);
    for (int k = 0; sqlite3_step(s) == SQLITE_ROW; k++) {
        sl__jw_raw(&w, k ? ",{\"id\":" : "{\"id\":");
        sl__jw_str(&w, sl__col_str(s, 0));
        sl__jw_raw(&w, ",\"relation\":");
        sl__jw_str(&w, sl__col_str(s, 1));
        sl__jw_printf(&w, ",\"score\":%.3f,\"pair\":", sqlite3_column_double(s, 2));
        sl__jw_raw(&w, sl__col_str(s, 3));
        sl__jw_raw(&w, "}");
    }
    sl__db_done(st, s);
    sl__jw_raw(&w, "]}");
    return finish(out, &w, SL_OK);
}

/* --------------------------------------------------------------- events */

#define EVENT_COLS                                                                              \
    "e.n, e.label, e.start, e.end, e.size, e.storyline, r.id, r.title, "                       \
    "substr(r.text, 1, 400), e.entities "
#define EVENT_FROM " FROM event e LEFT JOIN article r ON r.n = e.representative "

/* The list entry of an event row (EVENT_COLS); `open`: leave the object
 * open for more fields. */
static void jw_event_entry(sl_jw *w, sqlite3_stmt *s, int open)
{
    sl__jw_printf(w, "{\"id\":\"e%lld\",\"label\":", (long long)sqlite3_column_int64(s, 0));
    sl__jw_str(w, sl__col_str(s, 1));
    sl__jw_raw(w, ",\"start\":");
    sl__jw_date(w, sl__col_time(s, 2));
    sl__jw_raw(w, ",\"end\":");
    sl__jw_date(w, sl__col_time(s, 3));
    sl__jw_printf(w, ",\"size\":%lld,\"storyline\":\"s%lld\",\"representative\":",
                  (long long)sqlite3_column_int64(s, 4), (long long)sqlite3_column_int64(s, 5));
    sl__jw_str(w, sl__col_str(s, 6));
    sl__jw_raw(w, ",\"title\":");
    jw_title(w, sl__col_str(s, 7), sl__col_str(s, 8));
    if (!open)
        sl__jw_raw(w, "}");
}

/* Prepares one of the event-list queries (the count, the page) and binds
 * its filter: the short words (instr), then the trigram MATCH when any. */
static int prepare_filter(sqlite3_stmt **out, sl_store *st, const char *sql, char *const *words,
                          size_t nwords, const sl_buf *match)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
        return sl__db_fail(st, "events");
    for (size_t k = 0; k < nwords; k++)
        sqlite3_bind_text(*out, (int)k + 1, words[k], -1, SQLITE_STATIC);
    if (match->len)
        sqlite3_bind_text(*out, (int)nwords + 1, match->p, -1, SQLITE_STATIC);
    return SL_OK;
}

int sl_store_events(char **out, sl_store *st, const sl_event_query *q)
{
    *out = NULL;
    sl_event_query def = {0};
    if (!q)
        q = &def;
    size_t limit = q->limit ? q->limit : 50;
    if (limit > 1000)
        limit = 1000;
    /* the words, normalised like the indexed text */
    char *norm = NULL;
    int rc = SL_OK;
    /* a bound on q: SQLite's FTS5 grows a phrase's term array a few terms
     * at a time, so the trigrams of one long word cost quadratic copying
     * (a 100 KB word: over a minute under ASan) */
    if (q->q && strlen(q->q) > SL_QUERY_MAX)
        return sl__fail(SL_EINVAL, "q is longer than %d bytes", SL_QUERY_MAX);
    if (q->q && *q->q && (rc = sl_normalize(&norm, NULL, q->q, strlen(q->q), 1)))
        return rc == SL_EUTF8 ? sl__fail(SL_EINVAL, "q is not valid UTF-8") : rc;
    sl_buf where = {0};
    rc = sl__buf_printf(&where, " WHERE e.size > 0");
    /* words of three bytes or more go to the trigram index (one MATCH of
     * quoted words: all must occur, as substrings); shorter ones are
     * looked for with instr */
    size_t nwords = 0;
    char *words[16];
    sl_buf match = {0};
    char *save = NULL; /* strtok_r: queries may run on several threads */
    for (char *t = norm ? strtok_r(norm, " ", &save) : NULL; t && !rc && nwords < 16;
         t = strtok_r(NULL, " ", &save)) {
        if (strlen(t) < 3) {
            words[nwords++] = t;
            rc = sl__buf_printf(&where, " AND instr(e.search, ?) > 0");
            continue;
        }
        rc = sl__buf_append(&match, match.len ? " AND \"" : "\"", match.len ? 6 : 1);
        for (const char *c = t; *c && !rc; c++)
            rc = *c == '"' ? sl__buf_append(&match, "\"\"", 2) : sl__buf_putc(&match, *c);
        if (!rc)
            rc = sl__buf_putc(&match, '"');
    }
    if (!rc && match.len)
        rc = sl__buf_printf(&where, " AND e.n IN (SELECT rowid FROM event_text WHERE "
                                    "event_text MATCH ?)");
    if (!rc && q->from)
        rc = sl__buf_printf(&where, " AND e.end > %lld", (long long)q->from);
    if (!rc && q->to)
        rc = sl__buf_printf(&where, " AND e.start < %lld", (long long)q->to);
    sl_buf sql = {0};
    sl_jw w = {0};
    sqlite3_stmt *s = NULL;
    long long total = 0;
    int64_t counts[SL__NCOUNTS];
    if (!rc && !nwords && !match.len && !q->from && !q->to &&
        sl__store_counts(counts, st, 0) == SL_OK) {
        total = counts[SL__COUNT_EVENTS]; /* all of them: kept, not counted */
    } else {
        if (!rc)
            rc = sl__buf_printf(&sql, "SELECT count(*) FROM event e%s", where.p);
        if (!rc)
            rc = prepare_filter(&s, st, sql.p, words, nwords, &match);
        if (!rc)
            total = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    }
    sqlite3_finalize(s);
    s = NULL;
    sql.len = 0;
    if (!rc)
        rc = sl__buf_printf(&sql,
                            "SELECT " EVENT_COLS EVENT_FROM
                            "%s ORDER BY e.start IS NULL, e.start DESC, e.n LIMIT %zu OFFSET %zu",
                            where.p, limit, q->offset);
    if (!rc)
        rc = prepare_filter(&s, st, sql.p, words, nwords, &match);
    if (!rc) {
        sl__jw_printf(&w, "{\"total\":%lld,\"limit\":%zu,\"offset\":%zu,\"events\":[", total,
                      limit, q->offset);
        for (int k = 0; sqlite3_step(s) == SQLITE_ROW; k++) {
            if (k)
                sl__jw_raw(&w, ",");
            jw_event_entry(&w, s, 0);
        }
        sl__jw_raw(&w, "]}");
    }
    sqlite3_finalize(s);
    sl__buf_free(&sql);
    sl__buf_free(&where);
    sl__buf_free(&match);
    free(norm);
    return finish(out, &w, rc);
}

/* An event's members as a query reads them: their ids and parsed facts
 * (the quotes are gathered from these). */
typedef struct members {
    char **ids;
    json_object **facts;
    size_t n, cap, icap;
} members;

/* Appends the member of row s (id in column idcol, facts JSON in factcol). */
static int members_add(members *m, sqlite3_stmt *s, int idcol, int factcol)
{
    if (sl__grow((void **)&m->facts, &m->cap, m->n + 1, sizeof *m->facts) ||
        sl__grow((void **)&m->ids, &m->icap, m->n + 1, sizeof *m->ids))
        return SL_ENOMEM;
    if (!(m->ids[m->n] = sl__strdup(sl__col_str(s, idcol))))
        return SL_ENOMEM;
    m->facts[m->n++] = json_tokener_parse(sl__col_str(s, factcol));
    return SL_OK;
}

static void members_free(members *m)
{
    for (size_t i = 0; i < m->n; i++) {
        json_object_put(m->facts[i]);
        free(m->ids[i]);
    }
    free(m->facts);
    free(m->ids);
}

/* Quotes of an event's members, deduplicated by their words. */
typedef struct equote {
    const char *text, *speaker, *via; /* owned by the parsed facts */
    char *norm;
    size_t nart;
    const char *art[8];
    size_t first;
} equote;

static int equote_cmp(const void *p, const void *q)
{
    const equote *a = p, *b = q;
    if (a->nart != b->nart)
        return a->nart < b->nart ? 1 : -1;
    return (a->first > b->first) - (a->first < b->first);
}

/* The quotes of an event's members (facts[i] of article ids[i]): with
 * `shared` as export writes them (the texts carried by two or more
 * members, as `cluster --out`), else as the event document's objects. */
static int jw_event_quotes(sl_jw *w, const members *mem, int shared)
{
    json_object *const *facts = mem->facts;
    char *const *ids = mem->ids;
    size_t n = mem->n;
    equote *q = NULL;
    size_t nq = 0, cap = 0, nall = 0, acap = 0, ocap = 0, ndrift = 0;
    const char **all = NULL; /* every quote text, in member order */
    uint32_t *owner = NULL;
    sl_quote_drift *drift = NULL;
    int rc = SL_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        json_object *arr;
        if (!facts[i] || !json_object_object_get_ex(facts[i], "quotes", &arr))
            continue;
        for (size_t k = 0; k < json_object_array_length(arr) && !rc; k++) {
            json_object *o = json_object_array_get_idx(arr, k), *t, *sp, *via;
            if (!json_object_object_get_ex(o, "text", &t))
                continue;
            const char *text = json_object_get_string(t);
            if ((rc = sl__grow((void **)&all, &acap, nall + 1, sizeof *all)) ||
                (rc = sl__grow((void **)&owner, &ocap, nall + 1, sizeof *owner)))
                break;
            all[nall] = text;
            owner[nall++] = (uint32_t)i;
            char *norm;
            if ((rc = sl_normalize(&norm, NULL, text, strlen(text), 1)))
                break;
            /* "... at this time" and "... at this time." are one quote */
            size_t nl = strlen(norm);
            while (nl && strchr(" .,;:!?'\"", norm[nl - 1]))
                norm[--nl] = '\0';
            size_t x = 0;
            while (x < nq && strcmp(q[x].norm, norm) != 0)
                x++;
            if (x < nq) {
                free(norm);
            } else {
                if ((rc = sl__grow((void **)&q, &cap, nq + 1, sizeof *q))) {
                    free(norm);
                    break;
                }
                memset(&q[nq], 0, sizeof *q);
                q[nq].text = text;
                q[nq].norm = norm;
                q[nq].first = nq;
                nq++;
            }
            if (!q[x].speaker && json_object_object_get_ex(o, "speaker", &sp))
                q[x].speaker = json_object_get_string(sp);
            if (!q[x].via && json_object_object_get_ex(o, "via", &via))
                q[x].via = json_object_get_string(via);
            if (q[x].nart == 0 || q[x].art[q[x].nart - 1] != ids[i]) {
                if (q[x].nart < 8)
                    q[x].art[q[x].nart] = ids[i];
                q[x].nart++;
            }
        }
    }
    if (nq)
        qsort(q, nq, sizeof *q, equote_cmp);
    sl__jw_raw(w, ",\"quotes\":[");
    for (size_t x = 0; shared && x < nq && q[x].nart >= 2; x++) {
        if (x)
            sl__jw_raw(w, ",");
        sl__jw_str(w, q[x].text);
    }
    for (size_t x = 0; !shared && x < nq && x < 50; x++) {
        sl__jw_raw(w, x ? ",{\"text\":" : "{\"text\":");
        sl__jw_str(w, q[x].text);
        sl__jw_raw(w, ",\"speaker\":");
        sl__jw_str(w, q[x].speaker);
        sl__jw_raw(w, ",\"via\":");
        sl__jw_str(w, q[x].via);
        sl__jw_raw(w, ",\"articles\":[");
        for (size_t a = 0; a < q[x].nart && a < 8; a++) {
            if (a)
                sl__jw_raw(w, ",");
            sl__jw_str(w, q[x].art[a]);
        }
        sl__jw_raw(w, "]}");
    }
    sl__jw_raw(w, "]");
    /* as cluster's events.jsonl, from the same texts in member order */
    if (!rc)
        rc = sl__drift_group(&drift, &ndrift, 8, all, owner, nall);
    sl__jw_raw(w, ",\"quote_drift\":");
    sl__jw_drift(w, drift, ndrift);
    sl__drift_free(drift, ndrift);
    free(all);
    free(owner);
    for (size_t x = 0; x < nq; x++)
        free(q[x].norm);
    free(q);
    return rc;
}

/* The groups (duplicate, rewrite) of an event's members. */
static int jw_event_groups(sl_jw *w, sl_store *st, int64_t ev)
{
    sqlite3_stmt *s = sl__db_prep(
        st, "SELECT g.n, g.kind, r.id, a.id FROM article a JOIN grp g ON "
            "g.n = a.dup_group OR g.n = a.rw_group LEFT JOIN article r ON r.n = g.representative "
            "WHERE a.event = ? ORDER BY g.n, a.n");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, ev);
    sl__jw_raw(w, ",\"groups\":[");
    int64_t cur = -1;
    int k = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        int64_t g = sqlite3_column_int64(s, 0);
        if (g != cur) {
            if (cur >= 0)
                sl__jw_raw(w, "]},");
            cur = g;
            sl__jw_raw(w, "{\"kind\":");
            sl__jw_str(w, sl__col_str(s, 1));
            sl__jw_printf(w, ",\"group\":%lld,\"representative\":", (long long)g);
            sl__jw_str(w, sl__col_str(s, 2));
            sl__jw_raw(w, ",\"members\":[");
            k = 0;
        }
        if (k++)
            sl__jw_raw(w, ",");
        sl__jw_str(w, sl__col_str(s, 3));
    }
    if (cur >= 0)
        sl__jw_raw(w, "]}");
    sl__jw_raw(w, "]");
    sl__db_done(st, s);
    return SL_OK;
}

int sl_store_event(char **out, sl_store *st, const char *id)
{
    *out = NULL;
    int64_t ev;
    int rc = parse_ref(&ev, id, 'e', "event");
    if (rc)
        return rc;
    sqlite3_stmt *s = sl__db_prep(st, "SELECT " EVENT_COLS EVENT_FROM "WHERE e.n = ?");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, ev);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sl__db_done(st, s);
        return sl__fail(SL_ENOTFOUND, "no event \"%.100s\"", id);
    }
    sl_jw w = {0};
    jw_event_entry(&w, s, 1);
    sl__jw_raw(&w, ",\"entities\":");
    sl__jw_raw(&w, sl__col_str(s, 9));
    sl__db_done(st, s);
    /* members, in publication order */
    s = sl__db_prep(st, "SELECT id, title, substr(text, 1, 400), source, published, dup_group, "
                        "rw_group, facts FROM article WHERE event = ? "
                        "ORDER BY published IS NULL, published, n");
    if (!s)
        return finish(out, &w, SL_EDB);
    sqlite3_bind_int64(s, 1, ev);
    sl_jw arts = {0};
    members mem = {0};
    while (!rc && sqlite3_step(s) == SQLITE_ROW) {
        if ((rc = members_add(&mem, s, 0, 7)))
            break;
        int dup = sqlite3_column_type(s, 5) != SQLITE_NULL,
            rw = sqlite3_column_type(s, 6) != SQLITE_NULL;
        sl__jw_raw(&arts, mem.n > 1 ? ",{\"id\":" : "{\"id\":");
        sl__jw_str(&arts, mem.ids[mem.n - 1]);
        sl__jw_raw(&arts, ",\"title\":");
        jw_title(&arts, sl__col_str(s, 1), sl__col_str(s, 2));
        sl__jw_raw(&arts, ",\"source\":");
        sl__jw_str(&arts, sl__col_str(s, 3));
        sl__jw_raw(&arts, ",\"published\":");
        sl__jw_date(&arts, sl__col_time(s, 4));
        sl__jw_printf(&arts, ",\"role\":\"%s\",\"duplicate_group\":",
                      dup ? "duplicate" : rw ? "rewrite" : "independent");
        jw_int_or_null(&arts, s, 5);
        sl__jw_raw(&arts, ",\"rewrite_group\":");
        jw_int_or_null(&arts, s, 6);
        sl__jw_raw(&arts, "}");
    }
    sl__db_done(st, s);
    if (!rc)
        rc = jw_event_quotes(&w, &mem, 0);
    if (!rc)
        rc = jw_event_groups(&w, st, ev);
    sl__jw_raw(&w, ",\"articles\":[");
    if (!rc && arts.b.p)
        sl__jw_raw(&w, arts.b.p);
    if (arts.err)
        rc = arts.err;
    sl__jw_raw(&w, "]}");
    sl__buf_free(&arts.b);
    members_free(&mem);
    return finish(out, &w, rc);
}

int sl_store_storyline(char **out, sl_store *st, const char *id)
{
    *out = NULL;
    int64_t sn;
    int rc = parse_ref(&sn, id, 's', "storyline");
    if (rc)
        return rc;
    sqlite3_stmt *s = sl__db_prep(st, "SELECT label, start, end FROM storyline WHERE n = ?");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, sn);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sl__db_done(st, s);
        return sl__fail(SL_ENOTFOUND, "no storyline \"%.100s\"", id);
    }
    sl_jw w = {0};
    sl__jw_printf(&w, "{\"id\":\"s%lld\",\"label\":", (long long)sn);
    sl__jw_str(&w, sl__col_str(s, 0));
    sl__jw_raw(&w, ",\"start\":");
    sl__jw_date(&w, sl__col_time(s, 1));
    sl__jw_raw(&w, ",\"end\":");
    sl__jw_date(&w, sl__col_time(s, 2));
    sl__db_done(st, s);
    s = sl__db_prep(st, "SELECT " EVENT_COLS EVENT_FROM
                        "WHERE e.storyline = ? AND e.size > 0 "
                        "ORDER BY e.start IS NULL, e.start, e.n LIMIT 10000");
    if (!s)
        return finish(out, &w, SL_EDB);
    sqlite3_bind_int64(s, 1, sn);
    sl__jw_raw(&w, ",\"events\":[");
    for (int k = 0; sqlite3_step(s) == SQLITE_ROW; k++) {
        if (k)
            sl__jw_raw(&w, ",");
        jw_event_entry(&w, s, 0);
    }
    sl__db_done(st, s);
    sl__jw_raw(&w, "]}");
    return finish(out, &w, SL_OK);
}

/* -------------------------------------------------------------- compare */

static int64_t article_n(sl_store *st, const char *id)
{
    sqlite3_stmt *s = sl__db_prep(st, "SELECT n FROM article WHERE id = ?");
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sl__db_done(st, s);
    return n;
}

static void jw_side(sl_jw *w, sl_store *st, sl_corpus *c, size_t i, int64_t n)
{
    const sl_article *a = sl_corpus_article(c, i);
    sl__jw_raw(w, "{\"id\":");
    sl__jw_str(w, a->id);
    sl__jw_raw(w, ",\"title\":");
    jw_title(w, a->title, a->text);
    sl__jw_raw(w, ",\"source\":");
    sl__jw_str(w, a->source);
    sl__jw_raw(w, ",\"published\":");
    sl__jw_date(w, a->published);
    sqlite3_stmt *s = sl__db_prep(st, "SELECT event FROM article WHERE n = ?");
    if (s) {
        sqlite3_bind_int64(s, 1, n);
        if (sqlite3_step(s) == SQLITE_ROW)
            sl__jw_printf(w, ",\"event\":\"e%lld\"", (long long)sqlite3_column_int64(s, 0));
        sl__db_done(st, s);
    }
    const sl_span *sp;
    size_t ns;
    sl__jw_raw(w, ",\"sentences\":[");
    if (sl_corpus_sentences(&sp, &ns, c, i) == SL_OK)
        for (size_t k = 0; k < ns; k++) {
            if (k)
                sl__jw_raw(w, ",");
            sl__jw_strn(w, a->text + sp[k].off, sp[k].len);
        }
    sl__jw_raw(w, "]}");
}

int sl_store_compare(char **out, sl_store *st, const char *a, const char *b)
{
    *out = NULL;
    if (!a || !b)
        return sl__fail(SL_EINVAL, "compare needs two article ids");
    if (strcmp(a, b) == 0)
        return sl__fail(SL_EINVAL, "compare needs two different articles");
    int64_t na = article_n(st, a), nb = article_n(st, b);
    if (na < 0 || nb < 0)
        return SL_EDB;
    if (!na || !nb)
        return sl__fail(SL_ENOTFOUND, "no article \"%.200s\"", na ? b : a);
    sl_corpus *c;
    int rc = sl_corpus_new(&c, &st->cfg);
    if (rc)
        return rc;
    sl_article *x;
    for (int k = 0; k < 2 && !rc; k++) {
        if ((rc = sl__store_load(&x, st, k ? nb : na)))
            break;
        if ((rc = sl_corpus_add(c, x)))
            sl_article_free(x);
    }
    sl_pair *p = NULL;
    char *pj = NULL;
    if (!rc && !(rc = sl_corpus_analyse(c))) {
        sl__corpus_set_df(c, sl__store_df, st, (size_t)sl__meta_int(st, "ndocs", 0));
        rc = sl_compare(&p, c, 0, 1);
    }
    if (!rc)
        rc = sl_pair_json(&pj, c, p, SL_JSON_EVIDENCE);
    sl_jw w = {0};
    if (!rc) {
        sl__jw_printf(&w, "{\"relation\":\"%s\",\"pair\":", sl_relation_name(p->relation));
        sl__jw_raw(&w, pj);
        sl__jw_raw(&w, ",\"a\":");
        jw_side(&w, st, c, 0, na);
        sl__jw_raw(&w, ",\"b\":");
        jw_side(&w, st, c, 1, nb);
        sl__jw_raw(&w, "}");
    }
    free(pj);
    sl_pair_free(p);
    sl_corpus_free(c);
    return finish(out, &w, rc);
}

/* ---------------------------------------------------------------- stats */

static const char *const COUNT_KEY[SL__NCOUNTS] = {"articles", "versions", "events",
                                                  "storylines", "relations"};

/* where each count is kept in meta, between batches */
static const char *const COUNT_META[SL__NCOUNTS] = {"count.articles", "count.versions",
                                                    "count.events", "count.storylines",
                                                    "count.relations"};

int sl__store_counts(int64_t v[SL__NCOUNTS], sl_store *st, int scan)
{
    static const char *const Q[SL__NCOUNTS] = {
        "SELECT count(*) FROM article", "SELECT count(*) FROM version",
        "SELECT count(*) FROM event WHERE size > 0",
        "SELECT count(DISTINCT storyline) FROM event WHERE size > 0",
        "SELECT count(*) FROM relation"};
    int have = !scan;
    for (int i = 0; i < SL__NCOUNTS && have; i++)
        have = (v[i] = sl__meta_int(st, COUNT_META[i], -1)) >= 0;
    if (have)
        return SL_OK;
    for (int i = 0; i < SL__NCOUNTS; i++) {
        sqlite3_stmt *s = sl__db_prep(st, Q[i]);
        if (!s)
            return SL_EDB;
        v[i] = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
        sl__db_done(st, s);
        if (v[i] < 0)
            return sl__db_fail(st, "stats");
    }
    return SL_OK;
}

int sl__store_counts_set(sl_store *st, const int64_t v[SL__NCOUNTS])
{
    int rc = SL_OK;
    for (int i = 0; i < SL__NCOUNTS && !rc; i++)
        rc = sl__meta_set_int(st, COUNT_META[i], v[i]);
    return rc;
}

int sl__store_stats_json(char **out, sl_store *st, const int64_t v[SL__NCOUNTS])
{
    *out = NULL;
    sl_jw w = {0};
    sl__jw_raw(&w, "{");
    for (int i = 0; i < SL__NCOUNTS; i++)
        sl__jw_printf(&w, "%s\"%s\":%lld", i ? "," : "", COUNT_KEY[i], (long long)v[i]);
    sl__jw_printf(&w, ",\"schema\":%d,\"batches\":%lld}", SL_STORE_SCHEMA,
                  (long long)sl__meta_int(st, "batches", 0));
    return finish(out, &w, SL_OK);
}

int sl_store_stats(char **out, sl_store *st)
{
    *out = NULL;
    sqlite3_stmt *s = sl__db_prep(st, "SELECT value FROM meta WHERE key = 'stats'");
    if (!s)
        return SL_EDB;
    if (sqlite3_step(s) == SQLITE_ROW)
        *out = sl__strdup(sl__col_str(s, 0));
    sl__db_done(st, s);
    if (*out)
        return SL_OK;
    int64_t v[SL__NCOUNTS]; /* a store no batch was added to */
    int rc = sl__store_counts(v, st, 1);
    return rc ? rc : sl__store_stats_json(out, st, v);
}

/* --------------------------------------------------------------- export */

static int export_file(sl_store *st, const char *dir, const char *name, const char *sql,
                       void (*row)(sl_jw *, sl_store *, sqlite3_stmt *))
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return sl__fail(SL_EIO, "%s: path too long", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return sl__fail(SL_EIO, "%s: %s", path, strerror(errno));
    sqlite3_stmt *s = NULL;
    int rc = SL_OK;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        rc = sl__db_fail(st, "export");
    sl_jw w = {0};
    int r = SQLITE_DONE;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        w.b.len = 0;
        row(&w, st, s);
        sl__jw_raw(&w, "\n");
        if (w.err)
            rc = w.err == SL_ENOMEM ? sl__nomem() : w.err;
        else if (fwrite(w.b.p, 1, w.b.len, f) != w.b.len)
            rc = sl__fail(SL_EIO, "%s: %s", path, strerror(errno));
    }
    if (!rc && r != SQLITE_DONE)
        rc = sl__db_fail(st, "export");
    sqlite3_finalize(s);
    sl__buf_free(&w.b);
    if (fclose(f) != 0 && !rc)
        rc = sl__fail(SL_EIO, "%s: %s", path, strerror(errno));
    return rc;
}

static void row_article(sl_jw *w, sl_store *st, sqlite3_stmt *s)
{
    (void)st;
    sl__jw_raw(w, "{\"id\":");
    sl__jw_str(w, sl__col_str(s, 0));
    sl__jw_printf(w, ",\"event\":\"e%lld\",\"storyline\":\"s%lld\",\"duplicate_group\":",
                  (long long)sqlite3_column_int64(s, 1), (long long)sqlite3_column_int64(s, 2));
    jw_int_or_null(w, s, 3);
    sl__jw_raw(w, ",\"rewrite_group\":");
    jw_int_or_null(w, s, 4);
    sl__jw_raw(w, "}");
}

static void row_event(sl_jw *w, sl_store *st, sqlite3_stmt *s)
{
    jw_event_entry(w, s, 1);
    sl__jw_raw(w, ",\"members\":[");
    sqlite3_stmt *m = sl__db_prep(st, "SELECT id, facts FROM article WHERE event = ? ORDER BY n");
    members mem = {0};
    if (m) {
        sqlite3_bind_int64(m, 1, sqlite3_column_int64(s, 0));
        while (!w->err && sqlite3_step(m) == SQLITE_ROW) {
            if (members_add(&mem, m, 0, 1)) {
                w->err = SL_ENOMEM;
                break;
            }
            sl__jw_raw(w, mem.n > 1 ? "," : "");
            sl__jw_str(w, mem.ids[mem.n - 1]);
        }
        sl__db_done(st, m);
    } else {
        w->err = SL_EDB;
    }
    sl__jw_raw(w, "],\"entities\":");
    sl__jw_raw(w, sl__col_str(s, 9));
    int rc = jw_event_quotes(w, &mem, 1);
    if (rc && !w->err)
        w->err = rc;
    sl__jw_raw(w, "}");
    members_free(&mem);
}

static void row_storyline(sl_jw *w, sl_store *st, sqlite3_stmt *s)
{
    sl__jw_printf(w, "{\"id\":\"s%lld\",\"label\":", (long long)sqlite3_column_int64(s, 0));
    sl__jw_str(w, sl__col_str(s, 1));
    sl__jw_raw(w, ",\"start\":");
    sl__jw_date(w, sl__col_time(s, 2));
    sl__jw_raw(w, ",\"end\":");
    sl__jw_date(w, sl__col_time(s, 3));
    sl__jw_raw(w, ",\"events\":[");
    sqlite3_stmt *m = sl__db_prep(st, "SELECT n FROM event WHERE storyline = ? AND size > 0 "
                                      "ORDER BY start IS NULL, start, n");
    if (m) {
        sqlite3_bind_int64(m, 1, sqlite3_column_int64(s, 0));
        for (int k = 0; sqlite3_step(m) == SQLITE_ROW; k++)
            sl__jw_printf(w, "%s\"e%lld\"", k ? "," : "", (long long)sqlite3_column_int64(m, 0));
        sl__db_done(st, m);
    } else {
        w->err = SL_EDB;
    }
    sl__jw_raw(w, "]}");
}

int sl_store_export(sl_store *st, const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return sl__fail(SL_EIO, "%s: %s", dir, strerror(errno));
    int rc = sl__db_exec(st, "BEGIN"); /* one snapshot for the three files */
    if (rc)
        return rc;
    if (!(rc = export_file(st, dir, "articles.jsonl",
                           "SELECT a.id, a.event, e.storyline, a.dup_group, a.rw_group FROM "
                           "article a LEFT JOIN event e ON e.n = a.event ORDER BY a.n",
                           row_article)) &&
        !(rc = export_file(st, dir, "events.jsonl",
                           "SELECT " EVENT_COLS EVENT_FROM "WHERE e.size > 0 ORDER BY e.n",
                           row_event)))
        rc = export_file(st, dir, "storylines.jsonl",
                         "SELECT s.n, s.label, s.start, s.end FROM storyline s WHERE EXISTS "
                         "(SELECT 1 FROM event e WHERE e.storyline = s.n AND e.size > 0) "
                         "ORDER BY s.n",
                         row_storyline);
    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    return rc;
}
