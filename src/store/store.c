/*
 * store.c - a news collection in SQLite: schema, opening, ingestion.
 *
 * Ingestion of a batch (sl_store_add), in one transaction:
 *  1. each article is new, unchanged (same id and normalised text) or an
 *     update (same id, other text: the old text goes to `version` and the
 *     article is taken out of its relations, groups and event);
 *  2. the new articles are analysed alone (corpus B): their MinHash LSH
 *     band keys and event-index keys (strongest terms, entities, quotes)
 *     look up candidate stored articles in the `key` table, the most
 *     recent postings first, and a sample of the latest members of each
 *     candidate's event joins them;
 *  3. the new articles and those candidates form a working corpus W, with
 *     the collection's term frequencies (table `df`); the same duplicate,
 *     rewrite and event code as `storyline cluster` runs on W;
 *  4. stored articles keep their event; a new article joins the stored
 *     event of an old article it duplicates or rewrites, else the stored
 *     event most of its W-event's old members belong to, else a new event;
 *     a new event joins the storyline of a stored event its W-storyline
 *     holds, else a new storyline.  Duplicate and rewrite groups grow and
 *     merge through the new pairs.
 * The cost of a batch depends on the batch and its candidates, never on
 * the size of the collection (beyond index lookups).
 */
#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store.h"

/* ---------------------------------------------------------------- schema */

/* The order of the event list (latest first, undated last): a page is read
 * from the index, not sorted from a scan.  Created by open on stores made
 * before it existed (no new schema version: older versions ignore it). */
#define EVENT_ORDER_INDEX \
    "CREATE INDEX IF NOT EXISTS event_order ON event(start IS NULL, start DESC, n);"

static const char *const SCHEMA =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE article("
    "  n INTEGER PRIMARY KEY,"          /* internal number */
    "  id TEXT NOT NULL UNIQUE,"
    "  version INTEGER NOT NULL,"
    "  title TEXT, source TEXT, url TEXT, published INTEGER, lang TEXT,"
    "  text TEXT NOT NULL,"
    "  hash BLOB NOT NULL,"             /* 128-bit hash of the normalised text */
    "  batch INTEGER NOT NULL,"
    "  event INTEGER NOT NULL,"
    "  dup_group INTEGER, rw_group INTEGER,"
    "  facts TEXT NOT NULL,"            /* JSON, sl_facts_json */
    "  sig BLOB NOT NULL);"             /* MinHash signature, minhash_k 16-bit codes */
    "CREATE INDEX article_event ON article(event, n);"
    "CREATE INDEX article_dup ON article(dup_group) WHERE dup_group IS NOT NULL;"
    "CREATE INDEX article_rw ON article(rw_group) WHERE rw_group IS NOT NULL;"
    "CREATE TABLE version("             /* replaced texts */
    "  id TEXT NOT NULL, version INTEGER NOT NULL, title TEXT, source TEXT, url TEXT,"
    "  published INTEGER, lang TEXT, text TEXT NOT NULL, replaced_batch INTEGER NOT NULL,"
    "  PRIMARY KEY(id, version));"
    "CREATE TABLE relation("            /* duplicate and rewrite pairs, a < b */
    "  a INTEGER NOT NULL, b INTEGER NOT NULL, kind TEXT NOT NULL, score REAL NOT NULL,"
    "  pair TEXT NOT NULL, PRIMARY KEY(a, b)) WITHOUT ROWID;"
    "CREATE INDEX relation_b ON relation(b);"
    "CREATE TABLE grp(n INTEGER PRIMARY KEY, kind TEXT NOT NULL, representative INTEGER);"
    "CREATE TABLE event("
    "  n INTEGER PRIMARY KEY, storyline INTEGER NOT NULL, label TEXT NOT NULL,"
    "  start INTEGER, end INTEGER, size INTEGER NOT NULL, representative INTEGER,"
    "  entities TEXT NOT NULL, search TEXT NOT NULL);"
    "CREATE INDEX event_storyline ON event(storyline);"
    EVENT_ORDER_INDEX
    /* a trigram index of event.search: substring search without a scan */
    "CREATE VIRTUAL TABLE event_text USING fts5(search, tokenize = 'trigram');"
    "CREATE TABLE storyline(n INTEGER PRIMARY KEY, label TEXT NOT NULL, start INTEGER,"
    "  end INTEGER);"
    /* candidate index: (key, article) pairs, clustered by key */
    "CREATE TABLE key(k INTEGER NOT NULL, art INTEGER NOT NULL, PRIMARY KEY(k, art)) "
    "WITHOUT ROWID;"
    "CREATE INDEX key_art ON key(art);"
    "CREATE TABLE df(term INTEGER PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;";

/* ------------------------------------------------------------- helpers */

int sl__db_fail(sl_store *st, const char *what)
{
    int code = sqlite3_errcode(st->db);
    return sl__fail(SL_EDB, "%s: %s: %s%s", st->path, what, sqlite3_errmsg(st->db),
                    code == SQLITE_BUSY || code == SQLITE_LOCKED ? " (database busy)" : "");
}

int sl__db_exec(sl_store *st, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = sl__fail(SL_EDB, "%s: %s", st->path, msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return rc;
    }
    return SL_OK;
}

sqlite3_stmt *sl__db_prep(sl_store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    /* small cache keyed by the SQL text's address: the statements are
     * string literals */
    for (size_t i = 0; i < st->nstmt; i++)
        if (st->stmt_sql[i] == sql) {
            sqlite3_reset(st->stmt[i]);
            sqlite3_clear_bindings(st->stmt[i]);
            return st->stmt[i];
        }
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        sl__db_fail(st, "prepare");
        return NULL;
    }
    if (st->nstmt < SL_STORE_STMTS) {
        st->stmt_sql[st->nstmt] = sql;
        st->stmt[st->nstmt++] = s;
    }
    return s;
}

void sl__db_done(sl_store *st, sqlite3_stmt *s)
{
    for (size_t i = 0; i < st->nstmt; i++)
        if (st->stmt[i] == s) {
            sqlite3_reset(s);
            return;
        }
    sqlite3_finalize(s);
}

int64_t sl__col_time(sqlite3_stmt *s, int col)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL ? SL_TIME_UNKNOWN
                                                      : sqlite3_column_int64(s, col);
}

void sl__bind_time(sqlite3_stmt *s, int col, int64_t t)
{
    if (t == SL_TIME_UNKNOWN)
        sqlite3_bind_null(s, col);
    else
        sqlite3_bind_int64(s, col, t);
}

void sl__bind_str(sqlite3_stmt *s, int col, const char *v)
{
    if (v)
        sqlite3_bind_text(s, col, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, col);
}

const char *sl__col_str(sqlite3_stmt *s, int col)
{
    return (const char *)sqlite3_column_text(s, col);
}

/* One value of meta, or NULL. */
static char *meta_get(sl_store *st, const char *key)
{
    sqlite3_stmt *s = sl__db_prep(st, "SELECT value FROM meta WHERE key = ?");
    if (!s)
        return NULL;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    char *v = NULL;
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sl__strdup(sl__col_str(s, 0));
    sl__db_done(st, s);
    return v;
}

int sl__meta_set(sl_store *st, const char *key, const char *value)
{
    sqlite3_stmt *s = sl__db_prep(st, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    if (!s)
        return SL_EDB;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s) == SQLITE_DONE ? SL_OK : sl__db_fail(st, "meta");
    sl__db_done(st, s);
    return rc;
}

int64_t sl__meta_int(sl_store *st, const char *key, int64_t def)
{
    char *v = meta_get(st, key);
    int64_t x = v ? strtoll(v, NULL, 10) : def;
    free(v);
    return x;
}

int sl__meta_set_int(sl_store *st, const char *key, int64_t v)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", (long long)v);
    return sl__meta_set(st, key, b);
}

/* ------------------------------------------------------------ open/close */

/* The parameters that must stay fixed for a collection: recorded at
 * creation, read back on every open. */
static const struct {
    const char *key;
    size_t off;
} FIXED[] = {
    {"shingle", offsetof(sl_config, shingle)},
    {"minhash_k", offsetof(sl_config, minhash_k)},
    {"bands", offsetof(sl_config, bands)},
    {"rows", offsetof(sl_config, rows)},
    {"strip_accents", offsetof(sl_config, strip_accents)},
};

static int create_schema(sl_store *st)
{
    int rc = sl__db_exec(st, "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    if ((rc = sl__db_exec(st, SCHEMA)) || (rc = sl__meta_set_int(st, "schema", SL_STORE_SCHEMA)) ||
        (rc = sl__meta_set_int(st, "seed", (int64_t)st->cfg.seed)) ||
        (rc = sl__meta_set_int(st, "ndocs", 0)) || (rc = sl__meta_set_int(st, "batches", 0)) ||
        (rc = sl__meta_set(st, "lang", st->cfg.lang)))
        goto fail;
    for (size_t i = 0; i < sizeof FIXED / sizeof *FIXED; i++) {
        int64_t v = FIXED[i].off == offsetof(sl_config, strip_accents)
                        ? (int64_t) * (const int *)((const char *)&st->cfg + FIXED[i].off)
                        : (int64_t) * (const unsigned *)((const char *)&st->cfg + FIXED[i].off);
        if ((rc = sl__meta_set_int(st, FIXED[i].key, v)))
            goto fail;
    }
    if ((rc = sl__db_exec(st, "COMMIT")))
        goto fail;
    return SL_OK;
fail:
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int load_params(sl_store *st)
{
    int64_t schema = sl__meta_int(st, "schema", -1);
    if (schema != SL_STORE_SCHEMA)
        return sl__fail(SL_ESCHEMA,
                        "%s: schema version %lld; this storyline (%s) reads version %d only",
                        st->path, (long long)schema, SL_VERSION_STRING, SL_STORE_SCHEMA);
    st->cfg.seed = (uint64_t)sl__meta_int(st, "seed", 0);
    for (size_t i = 0; i < sizeof FIXED / sizeof *FIXED; i++) {
        int64_t v = sl__meta_int(st, FIXED[i].key, -1);
        if (v < 0)
            return sl__fail(SL_ESCHEMA, "%s: meta \"%s\" is missing", st->path, FIXED[i].key);
        if (FIXED[i].off == offsetof(sl_config, strip_accents))
            *(int *)((char *)&st->cfg + FIXED[i].off) = (int)v;
        else
            *(unsigned *)((char *)&st->cfg + FIXED[i].off) = (unsigned)v;
    }
    char *lang = meta_get(st, "lang");
    if (lang) {
        free(st->lang);
        st->lang = lang;
        st->cfg.lang = lang;
    }
    return sl_config_check(&st->cfg);
}

int sl_store_open(sl_store **out, const char *path, const sl_config *cfg, unsigned flags)
{
    *out = NULL;
    if (!path || !*path)
        return sl__fail(SL_EINVAL, "sl_store_open: no path");
    sl_store *st = calloc(1, sizeof *st);
    if (!st)
        return sl__nomem();
    if (cfg)
        st->cfg = *cfg;
    else
        sl_config_init(&st->cfg);
    int rc = sl_config_check(&st->cfg);
    if (rc) {
        free(st);
        return rc;
    }
    st->flags = flags;
    st->path = sl__strdup(path);
    st->lang = sl__strdup(st->cfg.lang ? st->cfg.lang : "english");
    if (!st->path || !st->lang) {
        sl_store_close(st);
        return SL_ENOMEM;
    }
    st->cfg.lang = st->lang;
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    if (!exists && !(flags & SL_STORE_CREATE)) {
        rc = sl__fail(SL_EIO, "%s: no such database", path);
        goto fail;
    }
    int oflags = flags & SL_STORE_READONLY ? SQLITE_OPEN_READONLY
                                           : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = sl__fail(st->db ? SL_EDB : SL_ENOMEM, "%s: %s", path,
                      st->db ? sqlite3_errmsg(st->db) : "out of memory");
        if (rc == SL_EDB && !exists)
            rc = sl__fail(SL_EIO, "%s: cannot create: %s", path, sqlite3_errmsg(st->db));
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 10000);
    sqlite3_extended_result_codes(st->db, 0);
    /* is it a database at all, and a storyline one? */
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL) !=
            SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW) {
        int code = sqlite3_errcode(st->db);
        rc = code == SQLITE_NOTADB
                 ? sl__fail(SL_ESCHEMA, "%s: not a storyline database (not SQLite)", path)
                 : sl__db_fail(st, "open");
        sqlite3_finalize(s);
        goto fail;
    }
    int ntables = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    /* index lookups dominate ingestion: a 32 MiB page cache, pages read
     * through mmap instead of pread copies */
    if ((rc = sl__db_exec(st, "PRAGMA cache_size=-32768")) ||
        (rc = sl__db_exec(st, "PRAGMA mmap_size=268435456")))
        goto fail;
    if (!(flags & SL_STORE_READONLY) &&
        ((rc = sl__db_exec(st, "PRAGMA journal_mode=WAL")) ||
         (rc = sl__db_exec(st, "PRAGMA synchronous=NORMAL"))))
        goto fail;
    if (ntables == 0) {
        if (flags & SL_STORE_READONLY) {
            rc = sl__fail(SL_ESCHEMA, "%s: empty database, not a storyline store", path);
            goto fail;
        }
        if ((rc = create_schema(st)))
            goto fail;
    } else if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM meta WHERE key = 'schema'", -1, &s,
                                  NULL) != SQLITE_OK) {
        rc = sl__fail(SL_ESCHEMA, "%s: not a storyline database (no meta table)", path);
        goto fail;
    } else {
        sqlite3_finalize(s);
    }
    if ((rc = load_params(st)))
        goto fail;
    if (!(flags & SL_STORE_READONLY) && (rc = sl__db_exec(st, EVENT_ORDER_INDEX)))
        goto fail;
    *out = st;
    return SL_OK;
fail:
    sl_store_close(st);
    return rc;
}

void sl_store_close(sl_store *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->nstmt; i++)
        sqlite3_finalize(st->stmt[i]);
    if (st->db)
        sqlite3_close(st->db);
    free(st->path);
    free(st->lang);
    free(st);
}
