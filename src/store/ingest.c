/*
 * ingest.c - sl_store_add: a batch of articles into the store (the steps
 * are described at the top of store.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

#define CAND_POSTINGS 32 /* most recent stored articles read per key */
#define CAND_PER_ARTICLE 8 /* candidates kept per new article (most keys shared) */
#define EVENT_SAMPLE 4   /* latest members of each candidate's event */

enum { ST_NEW, ST_UNCHANGED, ST_UPDATED };
static const char *const STATUS[] = {"new", "unchanged", "updated"};

typedef struct item {
    const sl_article *src; /* the caller's article */
    int status;
    int64_t version;
    uint64_t hash[2];
    int64_t n;             /* stored number (after the batch) */
    uint32_t w;            /* index in the working corpus (new/updated) */
} item;

uint32_t sl__store_df(void *ud, uint32_t term)
{
    sl_store *st = ud;
    sqlite3_stmt *s = sl__db_prep(st, "SELECT n FROM df WHERE term = ?");
    if (!s)
        return 0;
    sqlite3_bind_int64(s, 1, term);
    uint32_t v = sqlite3_step(s) == SQLITE_ROW ? (uint32_t)sqlite3_column_int64(s, 0) : 0;
    sl__db_done(st, s);
    return v;
}

static int clone_article(sl_article **out, const sl_article *a)
{
    sl_article *c;
    int rc = sl_article_new(&c);
    if (rc)
        return rc;
    if ((rc = sl_article_set(c, "id", a->id)) || (rc = sl_article_set(c, "text", a->text)) ||
        (rc = sl_article_set(c, "title", a->title)) ||
        (rc = sl_article_set(c, "source", a->source)) || (rc = sl_article_set(c, "url", a->url)) ||
        (rc = sl_article_set(c, "lang", a->lang))) {
        sl_article_free(c);
        return rc;
    }
    c->published = a->published;
    *out = c;
    return SL_OK;
}

int sl__store_load(sl_article **out, sl_store *st, int64_t n)
{
    *out = NULL;
    sqlite3_stmt *s = sl__db_prep(
        st, "SELECT id, text, title, source, url, lang, published FROM article WHERE n = ?");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, n);
    int r = sqlite3_step(s), rc = SL_OK;
    if (r != SQLITE_ROW) {
        rc = r == SQLITE_DONE ? sl__fail(SL_ENOTFOUND, "article #%lld not stored", (long long)n)
                              : sl__db_fail(st, "load article");
        sl__db_done(st, s);
        return rc;
    }
    sl_article *a;
    if ((rc = sl_article_new(&a)) == SL_OK) {
        static const char *const F[] = {"id", "text", "title", "source", "url", "lang"};
        for (int f = 0; f < 6 && !rc; f++)
            rc = sl_article_set(a, F[f], sl__col_str(s, f));
        a->published = sl__col_time(s, 6);
        if (rc)
            sl_article_free(a);
        else
            *out = a;
    }
    sl__db_done(st, s);
    return rc;
}

/* ------------------------------------------------------------- retiring */

/* Clears group column `col` ("dup_group"/"rw_group") of the members of
 * group g when fewer than two remain, and drops the group. */
static int group_shrunk(sl_store *st, int dup, int64_t g)
{
    sqlite3_stmt *s = sl__db_prep(st, dup ? "SELECT count(*) FROM article WHERE dup_group = ?"
                                          : "SELECT count(*) FROM article WHERE rw_group = ?");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, g);
    int64_t m = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sl__db_done(st, s);
    if (m >= 2)
        return SL_OK;
    s = sl__db_prep(st, dup ? "UPDATE article SET dup_group = NULL WHERE dup_group = ?"
                            : "UPDATE article SET rw_group = NULL WHERE rw_group = ?");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, g);
    int rc = sqlite3_step(s) == SQLITE_DONE ? SL_OK : sl__db_fail(st, "group");
    sl__db_done(st, s);
    if (rc || !(s = sl__db_prep(st, "DELETE FROM grp WHERE n = ?")))
        return rc ? rc : SL_EDB;
    sqlite3_bind_int64(s, 1, g);
    rc = sqlite3_step(s) == SQLITE_DONE ? SL_OK : sl__db_fail(st, "group");
    sl__db_done(st, s);
    return rc;
}

static int step_done(sl_store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s) == SQLITE_DONE ? SL_OK : sl__db_fail(st, what);
    sl__db_done(st, s);
    return rc;
}

static int64_t col_of(sl_store *st, const char *sql, int64_t n)
{
    sqlite3_stmt *s = sl__db_prep(st, sql);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, n);
    int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sl__db_done(st, s);
    return v;
}

static int exec_n(sl_store *st, const char *sql, int64_t x, int nbind)
{
    sqlite3_stmt *s = sl__db_prep(st, sql);
    if (!s)
        return SL_EDB;
    for (int i = 1; i <= nbind; i++)
        sqlite3_bind_int64(s, i, x);
    return step_done(st, s, "update");
}

/* Takes the stored article n out of the collection before its new version
 * comes in: its text goes to `version`; its keys, relations, group and
 * event membership go.  The counts it changes go into d (SL__COUNT_*). */
static int retire(sl_store *st, int64_t n, int64_t batch, int64_t *d)
{
    sqlite3_stmt *s = sl__db_prep(
        st, "INSERT INTO version(id, version, title, source, url, published, lang, text, "
            "replaced_batch) SELECT id, version, title, source, url, published, lang, text, ? "
            "FROM article WHERE n = ?");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, batch);
    sqlite3_bind_int64(s, 2, n);
    int rc = step_done(st, s, "version");
    if (rc)
        return rc;
    if (!(s = sl__db_prep(st, "SELECT event, dup_group, rw_group FROM article WHERE n = ?")))
        return SL_EDB;
    sqlite3_bind_int64(s, 1, n);
    int64_t ev = 0, g[2] = {0, 0};
    if (sqlite3_step(s) == SQLITE_ROW) {
        ev = sqlite3_column_int64(s, 0);
        g[0] = sqlite3_column_int64(s, 1); /* NULL reads 0: no group */
        g[1] = sqlite3_column_int64(s, 2);
    }
    sl__db_done(st, s);
    int64_t story = col_of(st, "SELECT storyline FROM event WHERE n = ?", ev);
    if ((rc = exec_n(st, "DELETE FROM key WHERE art = ?", n, 1)))
        return rc;
    if ((rc = exec_n(st, "DELETE FROM relation WHERE a = ?", n, 1)))
        return rc;
    d[SL__COUNT_RELATIONS] -= sqlite3_changes(st->db);
    if ((rc = exec_n(st, "DELETE FROM relation WHERE b = ?", n, 1)))
        return rc;
    d[SL__COUNT_RELATIONS] -= sqlite3_changes(st->db);
    if ((rc = exec_n(st, "DELETE FROM article WHERE n = ?", n, 1)) ||
        (rc = exec_n(st, "UPDATE event SET size = size - 1 WHERE n = ?", ev, 1)) ||
        (rc = exec_n(st, "DELETE FROM event_text WHERE rowid = ?1 AND rowid NOT IN "
                         "(SELECT n FROM event WHERE n = ?1 AND size > 0)", ev, 1)) ||
        (rc = exec_n(st, "DELETE FROM event WHERE n = ? AND size <= 0", ev, 1)))
        return rc;
    if (sqlite3_changes(st->db) > 0) { /* its event went, and maybe its storyline */
        d[SL__COUNT_EVENTS]--;
        if (story > 0 && col_of(st, "SELECT count(*) FROM (SELECT 1 FROM event WHERE "
                                    "storyline = ? LIMIT 1)", story) == 0)
            d[SL__COUNT_STORYLINES]--;
    }
    for (int k = 0; k < 2 && !rc; k++)
        if (g[k])
            rc = group_shrunk(st, k == 0, g[k]);
    return rc;
}

/* ------------------------------------------------------------ candidates */

/* Band keys of article i of corpus c: top two bits 00 (event keys use
 * 01..11). */
static uint64_t band_key(const sl_corpus *c, size_t i, unsigned b)
{
    const uint16_t *sig = c->sig + i * c->cfg.minhash_k + (size_t)b * c->cfg.rows;
    return sl__hash64(sig, c->cfg.rows * sizeof *sig, c->cfg.seed ^ (0xba0dULL + b)) &
           0x3fffffffffffffffULL;
}

static int add_postings(sl_store *st, sl_u64vec *hits, uint64_t k)
{
    sqlite3_stmt *s =
        sl__db_prep(st, "SELECT art FROM key WHERE k = ? ORDER BY art DESC LIMIT ?");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, (int64_t)k);
    sqlite3_bind_int(s, 2, CAND_POSTINGS);
    int r, rc = SL_OK;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW)
        rc = sl__u64vec_push(hits, (uint64_t)sqlite3_column_int64(s, 0));
    if (!rc && r != SQLITE_DONE)
        rc = sl__db_fail(st, "candidates");
    sl__db_done(st, s);
    return rc;
}

static int cmp_u64_desc(const void *p, const void *q)
{
    uint64_t a = *(const uint64_t *)p, b = *(const uint64_t *)q;
    return (a < b) - (a > b);
}

/* The stored articles new article i of B may relate to, into *old. */
static int candidates(sl_store *st, sl_u64vec *old, const sl_corpus *B, size_t i,
                      const uint64_t *keys, size_t nkeys)
{
    sl_u64vec hits = {0};
    int rc = SL_OK;
    for (unsigned b = 0; b < B->cfg.bands && !rc; b++)
        rc = add_postings(st, &hits, band_key(B, i, b));
    for (size_t k = 0; k < nkeys && !rc; k++)
        rc = add_postings(st, &hits, keys[k]);
    if (rc || !hits.n) {
        free(hits.v);
        return rc;
    }
    /* count equal numbers: (count << 40 | n), most shared first, then
     * the most recent */
    uint64_t *tmp = malloc(hits.n * sizeof *tmp);
    if (!tmp) {
        free(hits.v);
        return sl__nomem();
    }
    sl__sort_u64(hits.v, tmp, hits.n);
    size_t m = 0;
    for (size_t s = 0; s < hits.n;) {
        size_t e = s;
        while (e < hits.n && hits.v[e] == hits.v[s])
            e++;
        tmp[m++] = (uint64_t)(e - s) << 40 | hits.v[s];
        s = e;
    }
    qsort(tmp, m, sizeof *tmp, cmp_u64_desc);
    for (size_t x = 0; x < m && x < CAND_PER_ARTICLE && !rc; x++)
        rc = sl__u64vec_push(old, tmp[x] & ((1ULL << 40) - 1));
    free(tmp);
    free(hits.v);
    return rc;
}

/* Adds the latest members of the events of old[0..n) to *old. */
static int event_samples(sl_store *st, sl_u64vec *old)
{
    size_t n = old->n;
    sl_u64vec evs = {0};
    int rc = SL_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        int64_t ev = col_of(st, "SELECT event FROM article WHERE n = ?", (int64_t)old->v[i]);
        if (ev < 0)
            rc = SL_EDB;
        else if (ev > 0)
            rc = sl__u64vec_push(&evs, (uint64_t)ev);
    }
    uint64_t *u = NULL;
    size_t nu = 0;
    if (!rc)
        rc = sl__u64vec_merge(&u, &nu, &evs, 1);
    free(evs.v);
    for (size_t e = 0; e < nu && !rc; e++) {
        sqlite3_stmt *s =
            sl__db_prep(st, "SELECT n FROM article WHERE event = ? ORDER BY n DESC LIMIT ?");
        if (!s) {
            rc = SL_EDB;
            break;
        }
        sqlite3_bind_int64(s, 1, (int64_t)u[e]);
        sqlite3_bind_int(s, 2, EVENT_SAMPLE);
        while (!rc && sqlite3_step(s) == SQLITE_ROW)
            rc = sl__u64vec_push(old, (uint64_t)sqlite3_column_int64(s, 0));
        sl__db_done(st, s);
    }
    free(u);
    return rc;
}

/* ---------------------------------------------------------------- groups */

static int set_group(sl_store *st, int dup, int64_t n, int64_t g)
{
    sqlite3_stmt *s = sl__db_prep(st, dup ? "UPDATE article SET dup_group = ? WHERE n = ?"
                                          : "UPDATE article SET rw_group = ? WHERE n = ?");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, g);
    sqlite3_bind_int64(s, 2, n);
    return step_done(st, s, "group");
}

/* Puts stored articles x and y in one group of their kind: a new group
 * (representative rep), the group one of them has, or the older of their
 * two groups (the other merges into it). */
static int group_join(sl_store *st, int dup, int64_t x, int64_t y, int64_t rep)
{
    const char *q = dup ? "SELECT dup_group FROM article WHERE n = ?"
                        : "SELECT rw_group FROM article WHERE n = ?";
    int64_t gx = col_of(st, q, x), gy = col_of(st, q, y);
    if (gx < 0 || gy < 0)
        return SL_EDB;
    int rc;
    if (!gx && !gy) {
        sqlite3_stmt *s = sl__db_prep(st, "INSERT INTO grp(kind, representative) VALUES(?, ?)");
        if (!s)
            return SL_EDB;
        sqlite3_bind_text(s, 1, dup ? "duplicate" : "rewrite", -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, rep);
        if ((rc = step_done(st, s, "group")))
            return rc;
        int64_t g = sqlite3_last_insert_rowid(st->db);
        if ((rc = set_group(st, dup, x, g)))
            return rc;
        return set_group(st, dup, y, g);
    }
    if (!gx || !gy)
        return set_group(st, dup, gx ? y : x, gx ? gx : gy);
    if (gx == gy)
        return SL_OK;
    int64_t keep = gx < gy ? gx : gy, drop = gx < gy ? gy : gx;
    sqlite3_stmt *s = sl__db_prep(st, dup ? "UPDATE article SET dup_group = ? WHERE dup_group = ?"
                                          : "UPDATE article SET rw_group = ? WHERE rw_group = ?");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, keep);
    sqlite3_bind_int64(s, 2, drop);
    if ((rc = step_done(st, s, "group")))
        return rc;
    return exec_n(st, "DELETE FROM grp WHERE n = ?", drop, 1);
}

/* ---------------------------------------------------------------- events */

/* Text an event is searched by: its label, entities and member titles,
 * normalised (case-folded) like the queries. */
static int search_append(sl_store *st, int64_t ev, const char *text)
{
    if (!text || !*text)
        return SL_OK;
    char *norm = NULL;
    size_t len = strcspn(text, "\n"); /* a title: the first line */
    if (len > 400)
        len = 400;
    while (len && ((unsigned char)text[len] & 0xc0) == 0x80)
        len--; /* whole characters */
    int rc = sl_normalize(&norm, NULL, text, len, 1);
    if (rc)
        return rc;
    /* A full search text (16384 characters) stays as it is, and then the
     * full-text row is not rebuilt either: re-indexing a 16 KB document
     * for every new member was 30% of adding copies of one article. */
    sqlite3_stmt *s = sl__db_prep(st, "UPDATE event SET search = substr(search || ' ' || ?, 1, "
                                      "16384) WHERE n = ? AND length(search) < 16384");
    if (!s) {
        free(norm);
        return SL_EDB;
    }
    sqlite3_bind_text(s, 1, norm, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, ev);
    rc = step_done(st, s, "event");
    free(norm);
    if (rc || !sqlite3_changes(st->db))
        return rc;
    return exec_n(st, "INSERT OR REPLACE INTO event_text(rowid, search) "
                      "SELECT n, search FROM event WHERE n = ?",
                  ev, 1);
}

static int new_storyline(int64_t *out, sl_store *st, const sl_storyline *S)
{
    sqlite3_stmt *s = sl__db_prep(st, "INSERT INTO storyline(label, start, end) VALUES(?, ?, ?)");
    if (!s)
        return SL_EDB;
    sqlite3_bind_text(s, 1, S && S->label ? S->label : "", -1, SQLITE_STATIC);
    sl__bind_time(s, 2, SL_TIME_UNKNOWN);
    sl__bind_time(s, 3, SL_TIME_UNKNOWN);
    int rc = step_done(st, s, "storyline");
    *out = rc ? 0 : sqlite3_last_insert_rowid(st->db);
    return rc;
}

static int new_event(int64_t *out, sl_store *st, const sl_event *K, int64_t rep)
{
    sl_jw w = {0};
    sl__jw_strs(&w, K->entities, K->nentities);
    char *ents;
    int rc = sl__jw_finish(&ents, &w);
    if (rc)
        return rc;
    sqlite3_stmt *s = sl__db_prep(
        st, "INSERT INTO event(storyline, label, start, end, size, representative, entities, "
            "search) VALUES(0, ?, ?, ?, 0, ?, ?, '')");
    if (!s) {
        free(ents);
        return SL_EDB;
    }
    sqlite3_bind_text(s, 1, K->label ? K->label : "", -1, SQLITE_STATIC);
    sl__bind_time(s, 2, K->start);
    sl__bind_time(s, 3, K->end);
    sqlite3_bind_int64(s, 4, rep);
    sqlite3_bind_text(s, 5, ents, -1, SQLITE_STATIC);
    rc = step_done(st, s, "event");
    free(ents);
    if (rc)
        return rc;
    *out = sqlite3_last_insert_rowid(st->db);
    if ((rc = search_append(st, *out, K->label)))
        return rc;
    for (size_t e = 0; e < K->nentities && !rc; e++)
        rc = search_append(st, *out, K->entities[e]);
    return rc;
}

/* Widens stored event ev's window by [start, end) and counts one more
 * member titled `title`. */
static int event_grow(sl_store *st, int64_t ev, int64_t start, int64_t end, const char *title)
{
    sqlite3_stmt *s = sl__db_prep(
        st, "UPDATE event SET size = size + 1, "
            "start = CASE WHEN ?1 IS NULL THEN start WHEN start IS NULL OR ?1 < start "
            "THEN ?1 ELSE start END, "
            "end = CASE WHEN ?2 IS NULL THEN end WHEN end IS NULL OR ?2 > end "
            "THEN ?2 ELSE end END WHERE n = ?3");
    if (!s)
        return SL_EDB;
    sl__bind_time(s, 1, start);
    sl__bind_time(s, 2, end);
    sqlite3_bind_int64(s, 3, ev);
    int rc = step_done(st, s, "event");
    return rc ? rc : search_append(st, ev, title);
}

/* ------------------------------------------------------------ the batch */

typedef struct batch {
    sl_store *st;
    item *it;
    size_t n;
    int64_t batch;
    int64_t n0;            /* the highest article number before the batch:
                              the batch's articles are those above it */
    size_t ninserted;      /* articles inserted so far: numbered n0 + 1, ... */
    int64_t d[SL__NCOUNTS]; /* what the batch changes in the counts */
    sl_corpus *W;          /* new articles first (0..nw), then candidates */
    size_t nw;
    int64_t *wn;           /* stored number of each W article */
    int64_t *wev;          /* stored event of each W article (0: none yet) */
    uint64_t *keys;        /* event-index keys of the new articles (corpus B) */
    uint32_t *koff;
    uint64_t *bands;       /* band keys of the new articles, bands each */
    sl_facts **facts;      /* facts of the new articles (0..nw), extracted
                              once and lent to B and W */
} batch;

static void batch_free(batch *b)
{
    sl_corpus_free(b->W);
    for (size_t i = 0; b->facts && i < b->nw; i++)
        sl_facts_free(b->facts[i]);
    free(b->facts);
    free(b->wn);
    free(b->wev);
    free(b->keys);
    free(b->koff);
    free(b->bands);
}

typedef struct extract_job {
    const sl_corpus *B;
    sl_facts **facts;
} extract_job;

static int extract_range(void *p, unsigned w, size_t lo, size_t hi)
{
    (void)w;
    extract_job *j = p;
    int rc = SL_OK;
    for (size_t i = lo; i < hi && !rc; i++)
        rc = sl_extract(&j->facts[i], sl_corpus_article(j->B, i));
    return rc;
}

/* Analyses the new articles alone: their facts (once for the batch), DF
 * into the store, their keys. */
static int analyse_new(batch *b, sl_u64vec *old)
{
    sl_store *st = b->st;
    sl_corpus *B;
    int rc = sl_corpus_new(&B, &st->cfg);
    if (rc)
        return rc;
    for (size_t i = 0; i < b->n && !rc; i++) {
        if (b->it[i].status == ST_UNCHANGED || !b->it[i].src)
            continue;
        sl_article *a;
        if ((rc = clone_article(&a, b->it[i].src)))
            break;
        b->it[i].w = (uint32_t)sl_corpus_count(B);
        if ((rc = sl_corpus_add(B, a)))
            sl_article_free(a);
    }
    b->nw = sl_corpus_count(B);
    if (!rc && !(b->facts = calloc(b->nw + 1, sizeof *b->facts)))
        rc = sl__nomem();
    if (!rc) {
        extract_job j = {B, b->facts};
        rc = sl__parallel_for(st->cfg.threads ? st->cfg.threads : 1, b->nw, 16,
                              extract_range, &j);
    }
    if (!rc) {
        sl__corpus_lend_facts(B, b->facts, b->nw);
        rc = sl_corpus_analyse(B);
    }
    /* the batch's document frequencies join the collection's */
    sqlite3_stmt *s = rc ? NULL
                         : sl__db_prep(st, "INSERT INTO df(term, n) VALUES(?, ?) "
                                           "ON CONFLICT(term) DO UPDATE SET n = n + excluded.n");
    if (!rc && !s)
        rc = SL_EDB;
    for (size_t x = 0; !rc && x < B->df.cap; x++) {
        if (!B->df.s[x].val)
            continue;
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, B->df.s[x].key);
        sqlite3_bind_int64(s, 2, B->df.s[x].val);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = sl__db_fail(st, "df");
    }
    if (s)
        sl__db_done(st, s);
    int64_t ndocs = sl__meta_int(st, "ndocs", 0) + (int64_t)b->nw;
    if (!rc)
        rc = sl__meta_set_int(st, "ndocs", ndocs);
    if (!rc) {
        sl__corpus_set_df(B, sl__store_df, st, (size_t)ndocs);
        rc = sl__events_keys(&b->keys, &b->koff, B);
    }
    unsigned nb = st->cfg.bands;
    if (!rc && !(b->bands = malloc((b->nw * nb + 1) * sizeof *b->bands)))
        rc = sl__nomem();
    for (size_t i = 0; !rc && i < b->nw; i++) {
        for (unsigned k = 0; k < nb; k++)
            b->bands[i * nb + k] = band_key(B, i, k);
        rc = candidates(st, old, B, i, b->keys + b->koff[i], b->koff[i + 1] - b->koff[i]);
    }
    sl_corpus_free(B);
    return rc;
}

/* The working corpus: the new articles, then the stored candidates. */
static int build_working(batch *b, const sl_u64vec *oldv)
{
    sl_store *st = b->st;
    sl_config cfg = st->cfg;
    cfg.keep_terms = 1; /* dedup and events both run on it: analyse once */
    int rc = sl_corpus_new(&b->W, &cfg);
    if (rc)
        return rc;
    for (size_t i = 0; i < b->n && !rc; i++) {
        if (b->it[i].status == ST_UNCHANGED || !b->it[i].src)
            continue;
        sl_article *a;
        if ((rc = clone_article(&a, b->it[i].src)))
            return rc;
        if ((rc = sl_corpus_add(b->W, a)))
            sl_article_free(a);
    }
    uint64_t *old = NULL;
    size_t nold = 0;
    if (!rc)
        rc = sl__u64vec_merge(&old, &nold, oldv, 1);
    size_t total = b->nw + nold;
    if (!rc && (!(b->wn = calloc(total + 1, sizeof *b->wn)) ||
                !(b->wev = calloc(total + 1, sizeof *b->wev))))
        rc = sl__nomem();
    for (size_t o = 0; o < nold && !rc; o++) {
        sl_article *a;
        if ((rc = sl__store_load(&a, st, (int64_t)old[o]))) {
            if (rc == SL_ENOTFOUND) { /* retired in this batch */
                rc = SL_OK;
                continue;
            }
            break;
        }
        size_t w = sl_corpus_count(b->W);
        if ((rc = sl_corpus_add(b->W, a))) {
            sl_article_free(a);
            break;
        }
        b->wn[w] = (int64_t)old[o];
        b->wev[w] = col_of(st, "SELECT event FROM article WHERE n = ?", (int64_t)old[o]);
    }
    free(old);
    if (!rc) {
        sl__corpus_lend_facts(b->W, b->facts, b->nw); /* W starts with the new ones */
        rc = sl_corpus_analyse(b->W);
    }
    if (!rc)
        sl__corpus_set_df(b->W, sl__store_df, st, (size_t)sl__meta_int(st, "ndocs", 0));
    return rc;
}

static int insert_article(batch *b, item *it)
{
    sl_store *st = b->st;
    const sl_article *a = it->src;
    char *fj = NULL;
    int rc = sl_facts_json(&fj, a, b->facts[it->w]);
    if (rc)
        return rc;
    sqlite3_stmt *s = sl__db_prep(
        st, "INSERT INTO article(id, version, title, source, url, published, lang, text, hash, "
            "batch, event, facts, sig, n) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)");
    if (!s) {
        free(fj);
        return SL_EDB;
    }
    sl__bind_str(s, 1, a->id);
    sqlite3_bind_int64(s, 2, it->version);
    sl__bind_str(s, 3, a->title);
    sl__bind_str(s, 4, a->source);
    sl__bind_str(s, 5, a->url);
    sl__bind_time(s, 6, a->published);
    sl__bind_str(s, 7, a->lang);
    sqlite3_bind_text(s, 8, a->text, (int)a->text_len, SQLITE_STATIC);
    sqlite3_bind_blob(s, 9, it->hash, sizeof it->hash, SQLITE_STATIC);
    sqlite3_bind_int64(s, 10, b->batch);
    sqlite3_bind_text(s, 11, fj, -1, SQLITE_STATIC);
    unsigned mk = st->cfg.minhash_k;
    sqlite3_bind_blob(s, 12, b->W->sig + (size_t)it->w * mk, (int)(mk * sizeof *b->W->sig),
                      SQLITE_STATIC);
    /* numbered above every article stored before the batch, even when the
     * highest of those was retired by it (SQLite would reuse its number) */
    sqlite3_bind_int64(s, 13, b->n0 + (int64_t)++b->ninserted);
    rc = step_done(st, s, "insert article");
    free(fj);
    if (rc)
        return rc;
    it->n = sqlite3_last_insert_rowid(st->db);
    b->wn[it->w] = it->n;
    /* its keys: bands, then event keys */
    s = sl__db_prep(st, "INSERT OR IGNORE INTO key(k, art) VALUES(?, ?)");
    if (!s)
        return SL_EDB;
    unsigned nb = st->cfg.bands;
    for (size_t k = 0; k < nb + (b->koff[it->w + 1] - b->koff[it->w]) && !rc; k++) {
        uint64_t key = k < nb ? b->bands[(size_t)it->w * nb + k] : b->keys[b->koff[it->w] + k - nb];
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, (int64_t)key);
        sqlite3_bind_int64(s, 2, it->n);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = sl__db_fail(st, "key");
    }
    sl__db_done(st, s);
    return rc;
}

/* Relations and groups from the working corpus's pairs that involve a new
 * article. */
/* As in cluster: the copies of a rewritten article are in its rewrite
 * group too, for the duplicate groups this batch touched (with a member in
 * the batch, or in a rewrite group with a member in the batch): each such
 * group's highest rewrite group goes to its members without one.  The
 * batch's articles are those numbered above n0 (a range, not a scan).
 * The highest rewrite group is found once per group: one UPDATE that
 * looked it up for every member without one cost O(size^2) per batch (a
 * duplicate group of 12,000 copies: minutes per batch). */
static int copies_join_rewrites(batch *b)
{
    sl_store *st = b->st;
    sqlite3_stmt *s = sl__db_prep(
        st, "SELECT dup_group, max(rw_group) FROM article WHERE dup_group IN (SELECT dup_group "
            "FROM article WHERE n > ?1 AND dup_group IS NOT NULL UNION SELECT dup_group FROM "
            "article WHERE rw_group IN (SELECT rw_group FROM article WHERE n > ?1 AND rw_group "
            "IS NOT NULL)) GROUP BY dup_group");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, b->n0);
    int64_t *v = NULL; /* (dup group, rewrite group) pairs */
    size_t n = 0, cap = 0;
    int r, rc = SL_OK;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (sqlite3_column_type(s, 1) == SQLITE_NULL)
            continue;
        if (n + 2 > cap) {
            void *p = v;
            if (sl__grow(&p, &cap, n + 2, sizeof *v)) {
                rc = SL_ENOMEM;
                break;
            }
            v = p;
        }
        v[n++] = sqlite3_column_int64(s, 0);
        v[n++] = sqlite3_column_int64(s, 1);
    }
    if (!rc && r != SQLITE_DONE)
        rc = sl__db_fail(st, "groups");
    sl__db_done(st, s);
    for (size_t i = 0; i < n && !rc; i += 2) {
        if (!(s = sl__db_prep(st, "UPDATE article SET rw_group = ?1 WHERE dup_group = ?2 AND "
                                  "rw_group IS NULL"))) {
            rc = SL_EDB;
            break;
        }
        sqlite3_bind_int64(s, 1, v[i + 1]);
        sqlite3_bind_int64(s, 2, v[i]);
        rc = step_done(st, s, "groups");
    }
    free(v);
    return rc;
}

static int store_pairs(batch *b, const sl_dedup *d)
{
    sl_store *st = b->st;
    int rc = SL_OK;
    for (size_t p = 0; p < d->npairs && !rc; p++) {
        const sl_pair *pr = &d->pairs[p];
        if (pr->a >= b->nw && pr->b >= b->nw)
            continue; /* two stored articles: not this batch's business */
        if (pr->relation != SL_REL_DUPLICATE && pr->relation != SL_REL_REWRITE)
            continue;
        int dup = pr->relation == SL_REL_DUPLICATE;
        char *pj;
        if ((rc = sl_pair_json(&pj, b->W, pr, 0)))
            break;
        int64_t x = b->wn[pr->a], y = b->wn[pr->b];
        sqlite3_stmt *s = sl__db_prep(st, "SELECT count(*) FROM relation WHERE a = ? AND b = ?");
        if (!s) {
            free(pj);
            return SL_EDB;
        }
        sqlite3_bind_int64(s, 1, x < y ? x : y);
        sqlite3_bind_int64(s, 2, x < y ? y : x);
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) == 0)
            b->d[SL__COUNT_RELATIONS]++;
        sl__db_done(st, s);
        s = sl__db_prep(
            st, "INSERT OR REPLACE INTO relation(a, b, kind, score, pair) VALUES(?, ?, ?, ?, ?)");
        if (!s) {
            free(pj);
            return SL_EDB;
        }
        sqlite3_bind_int64(s, 1, x < y ? x : y);
        sqlite3_bind_int64(s, 2, x < y ? y : x);
        sqlite3_bind_text(s, 3, sl_relation_name(pr->relation), -1, SQLITE_STATIC);
        sqlite3_bind_double(s, 4, dup ? pr->jaccard : pr->coverage);
        sqlite3_bind_text(s, 5, pj, -1, SQLITE_STATIC);
        rc = step_done(st, s, "relation");
        free(pj);
        if (rc)
            break;
        /* the representative of the working group holding the pair */
        int64_t rep = x;
        for (size_t g = 0; g < d->ngroups; g++) {
            const sl_group *G = &d->groups[g];
            if (G->kind != pr->relation)
                continue;
            for (size_t m = 0; m < G->nmembers; m++)
                if (G->members[m] == pr->a)
                    rep = b->wn[G->representative];
        }
        rc = group_join(st, dup, x, y, rep);
    }
    return rc ? rc : copies_join_rewrites(b);
}

/* Events and storylines of the new articles. */
static int store_events(batch *b, const sl_dedup *d, const sl_events *E)
{
    sl_store *st = b->st;
    int64_t *kev = calloc(E->nevents + 1, sizeof *kev);       /* W event -> stored */
    int64_t *sst = calloc(E->nstorylines + 1, sizeof *sst);   /* W storyline -> stored */
    int rc = kev && sst ? SL_OK : sl__nomem();
    for (size_t w = 0; w < b->nw && !rc; w++) {
        int64_t ev = 0;
        /* a copy or rewrite of a stored article reports its event */
        for (size_t p = 0; p < d->npairs && !ev; p++) {
            const sl_pair *pr = &d->pairs[p];
            if (pr->a == w && pr->b >= b->nw)
                ev = b->wev[pr->b];
            else if (pr->b == w && pr->a >= b->nw)
                ev = b->wev[pr->a];
        }
        uint32_t K = E->event_of[w];
        if (!ev) { /* else the stored event K holds (one at most: the stored
                      articles were seeded with their events) */
            const sl_event *ke = &E->events[K];
            for (size_t m = 0; m < ke->nmembers && !ev; m++)
                if (ke->members[m] >= b->nw)
                    ev = b->wev[ke->members[m]];
        }
        if (!ev) { /* else K is a new event */
            if (!kev[K]) {
                const sl_event *ke = &E->events[K];
                uint32_t r = ke->representative < b->nw ? ke->representative : (uint32_t)w;
                if ((rc = new_event(&kev[K], st, ke, b->wn[r])))
                    break;
                b->d[SL__COUNT_EVENTS]++;
                /* its storyline: that of a stored event in K's storyline */
                uint32_t S = ke->storyline;
                int64_t sl = sst[S];
                const sl_storyline *SS = &E->storylines[S];
                for (size_t e = 0; e < SS->nevents && !sl; e++) {
                    const sl_event *oe = &E->events[SS->events[e]];
                    for (size_t m = 0; m < oe->nmembers && !sl; m++)
                        if (oe->members[m] >= b->nw && b->wev[oe->members[m]])
                            sl = col_of(st, "SELECT storyline FROM event WHERE n = ?",
                                        b->wev[oe->members[m]]);
                }
                if (!sl) {
                    if ((rc = new_storyline(&sl, st, SS)))
                        break;
                    b->d[SL__COUNT_STORYLINES]++;
                }
                sst[S] = sl;
                sqlite3_stmt *s = sl__db_prep(st, "UPDATE event SET storyline = ? WHERE n = ?");
                if (!s) {
                    rc = SL_EDB;
                    break;
                }
                sqlite3_bind_int64(s, 1, sl);
                sqlite3_bind_int64(s, 2, kev[K]);
                if ((rc = step_done(st, s, "event")))
                    break;
            }
            ev = kev[K];
        }
        b->wev[w] = ev;
        sqlite3_stmt *s = sl__db_prep(st, "UPDATE article SET event = ? WHERE n = ?");
        if (!s) {
            rc = SL_EDB;
            break;
        }
        sqlite3_bind_int64(s, 1, ev);
        sqlite3_bind_int64(s, 2, b->wn[w]);
        if ((rc = step_done(st, s, "article")))
            break;
        const sl_article *a = sl_corpus_article(b->W, w);
        rc = event_grow(st, ev, E->events[K].start, E->events[K].end,
                        a->title ? a->title : a->text);
    }
    /* storyline windows of the events touched */
    if (!rc)
        rc = exec_n(st, "UPDATE storyline SET "
                        "start = (SELECT min(start) FROM event WHERE storyline = storyline.n),"
                        "end = (SELECT max(end) FROM event WHERE storyline = storyline.n) "
                        "WHERE n IN (SELECT DISTINCT e.storyline FROM event e JOIN article a "
                        "ON a.event = e.n WHERE a.n > ?)",
                    b->n0, 1);
    free(kev);
    free(sst);
    return rc;
}

/* The "added" document: one entry per distinct id of the batch. */
static int jw_item(sl_jw *w, sl_store *st, const item *it)
{
    sqlite3_stmt *s = sl__db_prep(
        st, "SELECT a.event, e.storyline, a.dup_group, a.rw_group FROM article a "
            "LEFT JOIN event e ON e.n = a.event WHERE a.n = ?");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, it->n);
    sl__jw_raw(w, "{\"id\":");
    sl__jw_str(w, it->src->id);
    sl__jw_printf(w, ",\"status\":\"%s\",\"version\":%lld", STATUS[it->status],
                  (long long)it->version);
    if (sqlite3_step(s) == SQLITE_ROW) {
        sl__jw_printf(w, ",\"event\":\"e%lld\",\"storyline\":\"s%lld\"",
                      (long long)sqlite3_column_int64(s, 0), (long long)sqlite3_column_int64(s, 1));
        for (int g = 2; g <= 3; g++) {
            sl__jw_raw(w, g == 2 ? ",\"duplicate_group\":" : ",\"rewrite_group\":");
            if (sqlite3_column_type(s, g) == SQLITE_NULL)
                sl__jw_raw(w, "null");
            else
                sl__jw_printf(w, "%lld", (long long)sqlite3_column_int64(s, g));
        }
    }
    sl__db_done(st, s);
    sl__jw_raw(w, ",\"relations\":[");
    s = sl__db_prep(st, "SELECT x.id, r.kind, r.score FROM relation r JOIN article x ON "
                        "x.n = (CASE WHEN r.a = ?1 THEN r.b ELSE r.a END) "
                        "WHERE r.a = ?1 OR r.b = ?1 ORDER BY r.score DESC, x.id");
    if (!s)
        return SL_EDB;
    sqlite3_bind_int64(s, 1, it->n);
    for (int k = 0; sqlite3_step(s) == SQLITE_ROW; k++) {
        sl__jw_raw(w, k ? ",{\"id\":" : "{\"id\":");
        sl__jw_str(w, sl__col_str(s, 0));
        sl__jw_raw(w, ",\"relation\":");
        sl__jw_str(w, sl__col_str(s, 1));
        sl__jw_printf(w, ",\"score\":%.3f}", sqlite3_column_double(s, 2));
    }
    sl__db_done(st, s);
    sl__jw_raw(w, "]}");
    return SL_OK;
}

static int ingest(batch *b)
{
    sl_store *st = b->st;
    int rc = SL_OK;
    /* 1. new, unchanged or updated */
    for (size_t i = 0; i < b->n && !rc; i++) {
        item *it = &b->it[i];
        if (!it->src)
            continue;
        if ((rc = sl_text_hash(it->hash, it->src->text, it->src->text_len,
                               st->cfg.strip_accents)))
            break;
        sqlite3_stmt *s = sl__db_prep(st, "SELECT n, version, hash FROM article WHERE id = ?");
        if (!s)
            return SL_EDB;
        sqlite3_bind_text(s, 1, it->src->id, -1, SQLITE_STATIC);
        it->status = ST_NEW;
        it->version = 1;
        if (sqlite3_step(s) == SQLITE_ROW) {
            it->n = sqlite3_column_int64(s, 0);
            it->version = sqlite3_column_int64(s, 1);
            const void *h = sqlite3_column_blob(s, 2);
            if (h && sqlite3_column_bytes(s, 2) == (int)sizeof it->hash &&
                memcmp(h, it->hash, sizeof it->hash) == 0) {
                it->status = ST_UNCHANGED;
            } else {
                it->status = ST_UPDATED;
                it->version++;
            }
        }
        sl__db_done(st, s);
        if (it->status == ST_UPDATED)
            rc = retire(st, it->n, b->batch, b->d);
    }
    /* 2. the new articles' keys and candidates; 3. the working corpus */
    sl_u64vec old = {0};
    if (!rc)
        rc = analyse_new(b, &old);
    if (!rc && old.n)
        rc = event_samples(st, &old);
    if (!rc && b->nw)
        rc = build_working(b, &old);
    free(old.v);
    if (rc || !b->nw)
        return rc;
    sl_dedup *d = NULL;
    sl_events *E = NULL;
    if ((rc = sl_dedup_run(&d, b->W)) || (rc = sl__events_run_seeded(&E, b->W, d, b->wev)))
        goto done;
    /* 4. store: articles, relations and groups, events and storylines */
    for (size_t i = 0; i < b->n && !rc; i++)
        if (b->it[i].src && b->it[i].status != ST_UNCHANGED)
            rc = insert_article(b, &b->it[i]);
    if (!rc)
        rc = store_pairs(b, d);
    if (!rc)
        rc = store_events(b, d, E);
done:
    sl_dedup_free(d);
    sl_events_free(E);
    return rc;
}

static int cmp_item_id(const void *p, const void *q)
{
    const item *a = p, *b = q;
    int c = strcmp(a->src->id, b->src->id);
    return c ? c : (a->w > b->w) - (a->w < b->w);
}

static int cmp_item_w(const void *p, const void *q)
{
    const item *a = p, *b = q;
    return (a->w > b->w) - (a->w < b->w);
}

int sl_store_add(char **out, sl_store *st, sl_article *const *arts, size_t n)
{
    if (out)
        *out = NULL;
    if (st->flags & SL_STORE_READONLY)
        return sl__fail(SL_EINVAL, "%s: opened read-only", st->path);
    for (size_t i = 0; i < n; i++)
        if (!arts[i] || !arts[i]->id || !arts[i]->text || !arts[i]->text_len)
            return sl__fail(SL_EEMPTY, "sl_store_add: article %zu has no id or no text", i);
    batch b = {.st = st, .n = n};
    if (!(b.it = calloc(n + 1, sizeof *b.it)))
        return sl__nomem();
    /* the same id twice in a batch: the later one wins (the earlier is
     * dropped here, and counted as unchanged) */
    for (size_t i = 0; i < n; i++) {
        b.it[i].src = arts[i];
        b.it[i].w = (uint32_t)i;
    }
    qsort(b.it, n, sizeof *b.it, cmp_item_id);
    for (size_t i = 0; i + 1 < n; i++)
        if (strcmp(b.it[i].src->id, b.it[i + 1].src->id) == 0)
            b.it[i].src = NULL;
    size_t m = 0; /* back to input order */
    for (size_t i = 0; i < n; i++)
        if (b.it[i].src)
            b.it[m++] = b.it[i];
    qsort(b.it, m, sizeof *b.it, cmp_item_w);
    b.n = m;
    int rc = sl__db_exec(st, "BEGIN IMMEDIATE");
    if (rc) {
        free(b.it);
        return rc;
    }
    b.batch = sl__meta_int(st, "batches", 0) + 1;
    b.n0 = col_of(st, "SELECT max(n) FROM article WHERE n > ?", 0);
    /* the counts before the batch, kept in meta (scanned once when missing) */
    int64_t counts[SL__NCOUNTS];
    rc = b.n0 < 0 ? SL_EDB : sl__store_counts(counts, st, 0);
    if (!rc)
        rc = ingest(&b);
    if (!rc)
        rc = sl__meta_set_int(st, "batches", b.batch);
    size_t cnt[3] = {0, 0, 0};
    for (size_t i = 0; i < b.n; i++)
        cnt[b.it[i].status]++;
    b.d[SL__COUNT_ARTICLES] += (int64_t)cnt[ST_NEW];
    b.d[SL__COUNT_VERSIONS] += (int64_t)cnt[ST_UPDATED];
    for (int k = 0; k < SL__NCOUNTS; k++)
        counts[k] += b.d[k];
    char *stats = NULL; /* kept for sl_store_stats: /healthz stays cheap */
    if (!rc && !(rc = sl__store_counts_set(st, counts)) &&
        !(rc = sl__store_stats_json(&stats, st, counts)))
        rc = sl__meta_set(st, "stats", stats);
    free(stats);
    sl_jw w = {0};
    if (!rc && out) {
        sl__jw_printf(&w, "{\"added\":%zu,\"updated\":%zu,\"unchanged\":%zu,\"articles\":[",
                      cnt[ST_NEW], cnt[ST_UPDATED], cnt[ST_UNCHANGED] + (n - b.n));
        for (size_t i = 0; i < b.n && !rc; i++) {
            if (i)
                sl__jw_raw(&w, ",");
            rc = jw_item(&w, st, &b.it[i]);
        }
        sl__jw_raw(&w, "]}");
    }
    if (!rc)
        rc = sl__db_exec(st, "COMMIT");
    if (rc) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", sl_errmsg());
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        sl__fail(rc, "%s", msg);
        sl__buf_free(&w.b);
    } else if (out) {
        rc = sl__jw_finish(out, &w);
    }
    batch_free(&b);
    free(b.it);
    return rc;
}
