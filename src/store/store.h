/*
 * store.h - internals shared by the store's files: store.c (schema, open,
 * SQLite helpers), ingest.c (sl_store_add), query.c (JSON documents,
 * export).  Not public.
 */
#ifndef SL_STORE_H
#define SL_STORE_H

#include <sqlite3.h>

#include "engine.h"

#define SL_STORE_SCHEMA 2
#define SL_STORE_STMTS 48

struct sl_store {
    sqlite3 *db;
    char *path;
    sl_config cfg;
    char *lang;
    unsigned flags;
    /* prepared statements, cached by the address of their SQL literal */
    const char *stmt_sql[SL_STORE_STMTS];
    sqlite3_stmt *stmt[SL_STORE_STMTS];
    size_t nstmt;
};

/* SL_EDB with "PATH: what: sqlite message" (and "(database busy)"). */
int sl__db_fail(sl_store *st, const char *what);
int sl__db_exec(sl_store *st, const char *sql);
/* A reset statement for `sql` (a string literal: cached by address), or
 * NULL with the error set.  Give it back with sl__db_done. */
sqlite3_stmt *sl__db_prep(sl_store *st, const char *sql);
void sl__db_done(sl_store *st, sqlite3_stmt *s);

int64_t sl__col_time(sqlite3_stmt *s, int col);      /* NULL -> SL_TIME_UNKNOWN */
const char *sl__col_str(sqlite3_stmt *s, int col);
void sl__bind_time(sqlite3_stmt *s, int col, int64_t t);
void sl__bind_str(sqlite3_stmt *s, int col, const char *v); /* static; NULL -> NULL */

int sl__meta_set(sl_store *st, const char *key, const char *value);
int sl__meta_set_int(sl_store *st, const char *key, int64_t v);
int64_t sl__meta_int(sl_store *st, const char *key, int64_t def);

/* Document frequency of a term in the whole collection (table df): a
 * callback for sl__corpus_set_df with the store as ud. */
uint32_t sl__store_df(void *st, uint32_t term);

/* The collection's counts, in this order (the keys of the stats document). */
enum { SL__COUNT_ARTICLES, SL__COUNT_VERSIONS, SL__COUNT_EVENTS, SL__COUNT_STORYLINES,
       SL__COUNT_RELATIONS, SL__NCOUNTS };

/* The counts into v: those kept in meta ("count.*", updated by each batch
 * from what it changed), or, when scan is set or they are missing, counted
 * from the tables (a scan of each: the batches never do it again).  SL_OK,
 * SL_EDB. */
int sl__store_counts(int64_t v[SL__NCOUNTS], sl_store *st, int scan);
/* Keeps v in meta for the next batch.  SL_OK, SL_EDB. */
int sl__store_counts_set(sl_store *st, const int64_t v[SL__NCOUNTS]);
/* The stats document of counts v into *out (caller frees): sl_store_stats
 * reads the copy kept in meta "stats", written at each batch's commit.
 * SL_OK, SL_ENOMEM. */
int sl__store_stats_json(char **out, sl_store *st, const int64_t v[SL__NCOUNTS]);

/* Loads the stored article number n into a new sl_article (*out; caller
 * frees).  SL_OK, SL_ENOTFOUND, SL_EDB, SL_ENOMEM. */
int sl__store_load(sl_article **out, sl_store *st, int64_t n);

#endif /* SL_STORE_H */
