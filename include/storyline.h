/*
 * storyline.h - public API of libstoryline.
 *
 * storyline reads news articles and tells how they are related: duplicate
 * (the same text again), rewrite (one derived from the other), and - in later
 * modules - same event, same storyline, unrelated.
 *
 * Conventions (see README "Library"):
 *  - Every function that can fail returns 0 (SL_OK) or a negative SL_E* code;
 *    a one-line message describing the last failure of the calling thread is
 *    available from sl_errmsg().  Functions returning a count or a pointer
 *    document their own contract.
 *  - Outputs come first.  What is returned through `T **out` is owned by the
 *    caller and released with the matching *_free(); every *_free(NULL) is a
 *    no-op.  On failure *out is left NULL.
 *  - The library never prints and never exits.  It is thread-safe for use of
 *    distinct objects from distinct threads; one object must not be used from
 *    two threads at once unless its documentation says so.
 */
#ifndef STORYLINE_H
#define STORYLINE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SL_VERSION_MAJOR 0
#define SL_VERSION_MINOR 1
#define SL_VERSION_PATCH 0
#define SL_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------ errors */

enum {
    SL_OK = 0,
    SL_ENOMEM = -1,     /* an allocation failed */
    SL_EINVAL = -2,     /* an argument is out of its documented range */
    SL_EIO = -3,        /* a file could not be opened, read or decompressed */
    SL_EPARSE = -4,     /* a record is not well-formed (JSON syntax, types) */
    SL_EUTF8 = -5,      /* text is not valid UTF-8 */
    SL_EEMPTY = -6,     /* a record has no id or no (non-blank) text */
    SL_EDUPID = -7,     /* an article with this id is already present */
    SL_ETOOBIG = -8,    /* an article exceeds the configured size cap */
    SL_ENOTFOUND = -9,  /* no article with the requested id */
    SL_EFORMAT = -10,   /* unsupported input kind or language */
    SL_EDB = -11,       /* the database failed (SQLite error, disk full,
                           locked past the busy timeout, read-only) */
    SL_ESCHEMA = -12    /* the database is not a storyline store of this
                           schema version */
};

/* Static, human-readable name of an SL_E* code ("out of memory", ...).
 * Never NULL; unknown codes give "unknown error". */
const char *sl_strerror(int code);

/* Message describing the last failure in the calling thread, e.g.
 * "in.jsonl:12: invalid UTF-8 at byte 40 of field \"text\"".  Never NULL
 * (empty string when nothing failed yet).  Valid until the next failing call
 * in the same thread. */
const char *sl_errmsg(void);

/* Library version, "MAJOR.MINOR.PATCH".  Static storage. */
const char *sl_version(void);

/* --------------------------------------------------------------- articles */

#define SL_TIME_UNKNOWN INT64_MIN

/* One article.  All strings are NUL-terminated, valid UTF-8, owned by the
 * article; optional ones are NULL when absent. */
typedef struct sl_article {
    char *id;           /* required, unique within a corpus */
    char *text;         /* required, non-blank */
    size_t text_len;    /* strlen(text) */
    char *title;        /* optional */
    char *source;       /* optional: outlet name, e.g. "Reuters" */
    char *url;          /* optional */
    char *lang;         /* optional: ISO 639-1 code or Snowball name */
    int64_t published;  /* seconds since the epoch (UTC) or SL_TIME_UNKNOWN */
} sl_article;

/* Allocates an empty article (all fields NULL, published unknown) in *out.
 * Returns SL_OK or SL_ENOMEM. */
int sl_article_new(sl_article **out);

/* Sets a string field of `a` to a copy of `value` (NULL clears it).  `field`
 * is one of "id", "text", "title", "source", "url", "lang".  Returns SL_OK,
 * SL_EINVAL for an unknown field, SL_EUTF8 when value is not valid UTF-8, or
 * SL_ENOMEM. */
int sl_article_set(sl_article *a, const char *field, const char *value);

/* Parses an ISO 8601 date ("2024-03-05") or date-time ("2024-03-05T10:20:00Z",
 * "...+02:00", fractional seconds allowed) into seconds since the epoch UTC.
 * A date-time without zone is taken as UTC.  Returns SL_OK or SL_EPARSE. */
int sl_parse_time(int64_t *out, const char *iso8601);

/* Frees an article and all its strings.  NULL is a no-op. */
void sl_article_free(sl_article *a);

/* ----------------------------------------------------------------- reader */

/* Reads articles from one input:
 *  - a directory: every regular file ending in .txt (sorted by name, not
 *    recursive) is one article, id = file name without extension; a short
 *    first line (<= 200 bytes, no sentence-final punctuation, followed by
 *    more text) is taken as the title.  .jsonl/.jsonl.gz/.jsonl.zst files in
 *    the directory are read as JSON Lines.
 *  - a file ending in .txt: one article as above.
 *  - a file ending in .jsonl, .json, .ndjson, .jsonl.gz or .jsonl.zst (or any
 *    gzip/zstd file, detected by its magic bytes): JSON Lines, one object a
 *    line with "id", "text" and optional "title", "source", "url",
 *    "published" (ISO 8601), "lang".
 *  - "-": JSON Lines from standard input (compressed input detected too).
 */
typedef struct sl_reader sl_reader;

typedef struct sl_read_options {
    size_t max_article_bytes;  /* text cap; 0 means SL_DEFAULT_MAX_ARTICLE */
    size_t max_line_bytes;     /* JSON line cap; 0 means 4 * max_article_bytes
                                  (+64 KiB for the other fields) */
    /* Called for non-fatal observations (an unknown field is ignored, a title
     * was guessed, ...), with "FILE:LINE: message".  May be NULL. */
    void (*warn)(void *ud, const char *msg);
    void *warn_ud;
} sl_read_options;

#define SL_DEFAULT_MAX_ARTICLE ((size_t)4 << 20) /* 4 MiB of text */

/* Opens `path` ("-" for stdin).  Returns SL_OK, SL_EIO when it cannot be
 * opened, SL_EFORMAT when it is of no kind listed above, SL_ENOMEM.
 * `opt` may be NULL for defaults; it is copied. */
int sl_reader_open(sl_reader **out, const char *path, const sl_read_options *opt);

/* Opens a reader over data[0..len) (not copied: it must outlive the
 * reader), named `name` in messages ("request body").  The data is a JSON
 * array of article objects, one JSON object (pretty-printed or not), or
 * JSON Lines; records are checked as from a file.  Returns SL_OK,
 * SL_EPARSE when the data is none of these (e.g. a JSON array that does not
 * parse), SL_ENOMEM. */
int sl_reader_open_mem(sl_reader **out, const char *name, const char *data, size_t len,
                       const sl_read_options *opt);

/* Reads the next article.
 * Returns 1 and stores a new article in *out (caller frees it) when one was
 * read; 0 at end of input; a negative code for a bad record, which is then
 * consumed, so calling again continues with the next record:
 *   SL_EPARSE, SL_EUTF8, SL_EEMPTY, SL_ETOOBIG - the record is skipped;
 *   SL_EIO, SL_ENOMEM - fatal, the reader is at end.
 * sl_errmsg() then reads "FILE:LINE: what is wrong". */
int sl_reader_next(sl_reader *r, sl_article **out);

/* "FILE:LINE" (or "FILE" for a text file) of the record last returned, for
 * messages about it (e.g. a duplicate id).  Owned by the reader, valid until
 * the next call on it. */
const char *sl_reader_where(const sl_reader *r);

void sl_reader_free(sl_reader *r);

/* ----------------------------------------------------------------- config */

typedef struct sl_config {
    const char *lang;        /* default language for articles with none:
                                ISO 639-1 code or Snowball name; "english" */
    int strip_accents;       /* 1: remove combining marks after NFKD; 0 */
    unsigned shingle;        /* words per shingle for near duplicates; 5 */
    unsigned minhash_k;      /* MinHash signature length (multiple of 8,
                                8..1024); 128 */
    unsigned bands;          /* LSH bands (bands * rows <= minhash_k); 42 */
    unsigned rows;           /* LSH rows per band; 3 */
    double dup_jaccard;      /* near duplicate: estimated Jaccard >= this; 0.7 */
    double dup_containment;  /* ... or the smaller is contained >= this; 0.9 */
    double align_sim;        /* two sentences align at similarity >= this; 0.5 */
    double rewrite_coverage; /* rewrite: share of the shorter article's
                                content aligned >= this; 0.5 */
    double rewrite_order;    /* ... and share of aligned pairs in order; 0.5 */
    unsigned rare_terms;     /* terms per article in the rewrite index; 24 */
    int rewrites;            /* 1: sl_dedup_run finds rewrites too, and
                                analysis counts word frequencies (events need
                                them); 0: duplicates only, analysis hashes
                                shingles only (sl_events_run then fails
                                with SL_EINVAL); 1 */
    int keep_terms;          /* 1: analysis keeps each article's content
                                terms and counts (6 bytes per distinct word,
                                about 700 per article), so that the rewrite
                                index and sl_events_run need not analyse
                                the text again: the same results, fewer
                                instructions (cluster: 11%), more memory;
                                0 (`storyline cluster` sets it) */
    int drop_signatures;     /* 1: sl_dedup_run frees the MinHash signatures
                                (minhash_k x 2 bytes per article) once the
                                near duplicates are found, which lowers its
                                peak memory; the rewrite pairs' shingle
                                scores are then computed from their
                                alignment's analysis (the same values), and
                                sl_compare recomputes what it needs.  The
                                corpus then takes no more articles
                                (sl_corpus_analyse fails with SL_EINVAL) and
                                sl_dedup_run cannot run on it again.  0
                                (`storyline dedup` and `cluster` set it) */
    double event_sim;        /* same event: event score >= this; 0.22 */
    double story_sim;        /* same storyline: core-actor score >= this; 0.3 */
    unsigned retire_days;    /* events quiet this long leave the index; 30 */
    unsigned threads;        /* worker threads; 1 */
    uint64_t seed;           /* hash seed; results depend only on it; 0 */
} sl_config;

/* Fills `cfg` with the defaults documented above. */
void sl_config_init(sl_config *cfg);

/* Checks `cfg` for consistency.  Returns SL_OK or SL_EINVAL with a message. */
int sl_config_check(const sl_config *cfg);

/* ----------------------------------------------------------------- corpus */

typedef struct sl_corpus sl_corpus;

/* Creates an empty corpus using a copy of `cfg` (NULL: defaults).
 * Returns SL_OK, SL_EINVAL (bad config) or SL_ENOMEM. */
int sl_corpus_new(sl_corpus **out, const sl_config *cfg);

/* Adds `a`; on SL_OK the corpus owns it (do not free it).  On failure the
 * caller still owns it.  Returns SL_OK, SL_EDUPID when its id is present,
 * SL_EEMPTY when id or text is missing, SL_ENOMEM. */
int sl_corpus_add(sl_corpus *c, sl_article *a);

/* Number of articles. */
size_t sl_corpus_count(const sl_corpus *c);

/* Article at index i (0 <= i < count), owned by the corpus. */
const sl_article *sl_corpus_article(const sl_corpus *c, size_t i);

/* Index of the article with this id.  Returns SL_OK or SL_ENOTFOUND. */
int sl_corpus_find(size_t *out, const sl_corpus *c, const char *id);

/* Analyses every article not analysed yet (normalisation, sentences,
 * signatures), with cfg.threads workers.  Called implicitly by the functions
 * below; exposed so callers can time it.  Returns SL_OK, SL_ENOMEM, or
 * SL_EINVAL for articles added after sl_dedup_run dropped the signatures
 * (cfg.drop_signatures). */
int sl_corpus_analyse(sl_corpus *c);

void sl_corpus_free(sl_corpus *c);

/* A sentence of an article: byte span in sl_article.text. */
typedef struct sl_span {
    uint32_t off, len;
} sl_span;

/* Sentence spans of article i, in order, owned by the corpus (valid until
 * the corpus is freed).  Returns SL_OK, SL_EINVAL (bad index), SL_ENOMEM. */
int sl_corpus_sentences(const sl_span **out, size_t *n, sl_corpus *c, size_t i);

/* -------------------------------------------------------------- relations */

typedef enum sl_relation {
    SL_REL_UNRELATED = 0,
    SL_REL_DUPLICATE = 1,
    SL_REL_REWRITE = 2,
    SL_REL_SAME_EVENT = 3,
    SL_REL_SAME_STORYLINE = 4
} sl_relation;

/* "unrelated", "duplicate", "rewrite", "same_event", "same_storyline". */
const char *sl_relation_name(sl_relation r);

/* How the direction of a rewrite or copy was decided. */
typedef enum sl_cue {
    SL_CUE_NONE = 0,        /* no cue: direction unknown */
    SL_CUE_PUBLISHED = 1,   /* earlier publication time */
    SL_CUE_ATTRIBUTION = 2, /* derived text credits the source's outlet */
    SL_CUE_DATELINE = 3,    /* source carries a wire dateline, derived not */
    SL_CUE_SUBSET = 4       /* derived is (nearly) a subset of the source */
} sl_cue;

/* "none", "published", "attribution", "dateline", "subset". */
const char *sl_cue_name(sl_cue c);

/* Two aligned sentences (indexes into each article's sentence list). */
typedef struct sl_align {
    uint32_t a, b;
    float sim; /* weighted overlap of stemmed content words, 0..1 */
} sl_align;

#define SL_NONE UINT32_MAX

/* One quote as two articles give it, in words that differ slightly (a
 * word changed, dropped or added: "drift" between outlets). */
typedef struct sl_quote_drift {
    char *a, *b;            /* the quote's words in A and in B */
    double similarity;      /* Dice coefficient of their distinct words,
                               case folded: 0.6 .. 1 */
} sl_quote_drift;

typedef struct sl_pair {
    uint32_t a, b;          /* corpus indexes, a < b */
    sl_relation relation;   /* DUPLICATE, REWRITE or UNRELATED */
    int exact;              /* 1: identical normalised text */
    double jaccard;         /* estimated shingle Jaccard */
    double containment;     /* estimated share of the smaller article's
                               shingles found in the larger */
    double term_overlap;    /* weighted overlap of content terms */
    double coverage;        /* share of the shorter article's content words
                               in aligned sentences (0 when not aligned) */
    double order;           /* share of aligned pairs in a common order */
    uint32_t source;        /* corpus index of the source, or SL_NONE */
    sl_cue cue;             /* what decided `source` */
    char *cue_detail;       /* e.g. the outlet named, or NULL */
    sl_align *aligned;      /* naligned entries, or NULL */
    size_t naligned;
    /* event evidence (sl_compare only) */
    double topic_sim;       /* cosine of IDF-weighted content terms */
    double entity_sim;      /* cosine of IDF-weighted entities */
    double event_score;     /* the combined score the relation used */
    int time_conflict;      /* 1: event-time windows confidently apart */
    int actor_conflict;     /* 1: each is about a different person */
    char *a_lead, *b_lead;  /* the person each is about (named at least
                               twice, half again as often as anyone
                               else; a surname alone counts when the
                               other article gives the full name:
                               "Bush" beside "Reggie Bush"), as the
                               article names them, or NULL */
    int amount_conflict;    /* 1: the sums of money their leads are about
                               are an order of magnitude apart */
    char *a_amount, *b_amount; /* the sum each lead is about as its text
                               gives it ("85 million euros"), or NULL
                               (sl_facts.amount) */
    int64_t a_start, a_end, b_start, b_end; /* the two event-time windows */
    uint8_t a_month, a_mday, b_month, b_mday; /* without a window, the
                               month and day of the year the text names
                               (sl_facts.event_month, event_mday), else 0 */
    int64_t a_recalls, b_recalls; /* when the windows are apart: a date A
                               (B) names inside B's (A's) window, which
                               makes it a follow-up, not another time
                               (no time_conflict); else SL_TIME_UNKNOWN */
    int64_t common_day;     /* when the times are otherwise apart: a day
                               both name (a follow-up a month and one two
                               years after a shooting both name its day),
                               which makes them one happening (no
                               time_conflict); else SL_TIME_UNKNOWN */
    int years_guessed;      /* 1: the windows are far apart but both are
                               years guessed from undated texts (the year
                               each names most often), which never count
                               as apart (no time_conflict) */
    int time_agree;         /* 1: both windows are stated to the month or
                               day (or come from the publication dates) and
                               at most a week apart: agreement on when,
                               which adds to event_score */
    char **shared_entities; /* names, or NULL */
    size_t nshared_entities;
    char **shared_quotes;   /* quote texts, or NULL */
    size_t nshared_quotes;
    sl_quote_drift *drift;  /* quotes told with slightly different words
                               by the two (not shared: their keys differ),
                               or NULL */
    size_t ndrift;
} sl_pair;

typedef struct sl_group {
    sl_relation kind;       /* DUPLICATE or REWRITE */
    uint32_t *members;      /* corpus indexes, ascending */
    size_t nmembers;        /* >= 2 */
    uint32_t representative;/* the source, else the earliest, else longest */
} sl_group;

typedef struct sl_dedup_stats {
    size_t articles;
    size_t exact_pairs, near_pairs, rewrite_pairs;
    size_t shingle_candidates;  /* LSH candidate pairs verified */
    size_t term_candidates;     /* rewrite-index candidate pairs aligned */
    double near_s;              /* seconds: exact groups, LSH, verification */
    double rewrite_s;           /* seconds: rare terms, candidates, alignment */
    double other_s;             /* seconds: direction cues and groups */
} sl_dedup_stats;

typedef struct sl_dedup {
    sl_pair *pairs;         /* related pairs, sorted by (a, b) */
    size_t npairs;
    sl_group *groups;       /* sorted by smallest member */
    size_t ngroups;
    sl_dedup_stats stats;
} sl_dedup;

/* Finds duplicate and rewrite pairs and groups in the whole corpus
 * (duplicates only when cfg.rewrites is 0).  Deterministic: the same
 * corpus and config give the same result for every thread count.  Returns
 * SL_OK, SL_ENOMEM, SL_EINVAL when cfg.drop_signatures freed this corpus's
 * signatures in an earlier run, or what sl_corpus_analyse returns. */
int sl_dedup_run(sl_dedup **out, sl_corpus *c);

void sl_dedup_free(sl_dedup *d);

/* Explains the relation between articles i and j of the corpus (always
 * computed in full, candidate index or not): scores, aligned sentences,
 * direction.  Returns SL_OK, SL_EINVAL (bad or equal indexes), SL_ENOMEM. */
int sl_compare(sl_pair **out, sl_corpus *c, size_t i, size_t j);

/* The pair as one JSON object (the record `storyline dedup --pairs`
 * prints: ids, relation, scores, aligned sentence indexes, direction); with
 * SL_JSON_EVIDENCE also "evidence" (topic and entity similarity, event
 * score, time windows, shared entities and quotes: filled by sl_compare).
 * *out is a new string (caller frees with free()).  Returns SL_OK,
 * SL_EINVAL (p is not a pair of c), SL_ENOMEM. */
enum { SL_JSON_EVIDENCE = 1 };
int sl_pair_json(char **out, const sl_corpus *c, const sl_pair *p, unsigned flags);

/* Frees a pair returned by sl_compare.  NULL is a no-op. */
void sl_pair_free(sl_pair *p);

/* ------------------------------------------------------------------ facts */

/* Facts extracted from one article: the evidence behind event decisions.
 * All strings are owned by the sl_facts object; offsets are byte offsets
 * into the article's text. */

typedef enum sl_entity_kind {
    SL_ENT_PERSON = 0,
    SL_ENT_ORG = 1,
    SL_ENT_PLACE = 2,
    SL_ENT_OUTLET = 3, /* news outlet or wire agency */
    SL_ENT_OTHER = 4   /* a capitalised name of unknown kind */
} sl_entity_kind;

/* "person", "org", "place", "outlet", "other". */
const char *sl_entity_kind_name(sl_entity_kind k);

typedef struct sl_entity {
    char *name;          /* canonical form: the longest full name used in
                            the article ("Sergei Lavrov"), titles split off */
    sl_entity_kind kind;
    char *role;          /* title or role when stated ("Foreign Minister"), or NULL */
    char *affiliation;   /* country from a demonym or "of X" ("Russia"), or NULL */
    uint32_t mentions;   /* mentions, short forms ("Lavrov") included */
    uint32_t first;      /* byte offset of the first mention */
} sl_entity;

typedef enum sl_time_role {
    SL_TIME_EVENT = 0,      /* when the reported event happened */
    SL_TIME_BACKGROUND = 1, /* another time the text mentions ("in 2022") */
    SL_TIME_FUTURE = 2      /* a planned or expected time ("next week") */
} sl_time_role;

typedef enum sl_time_grain {
    SL_GRAIN_DAY = 0, SL_GRAIN_WEEK = 1, SL_GRAIN_MONTH = 2, SL_GRAIN_YEAR = 3
} sl_time_grain;

typedef struct sl_timex {
    uint32_t off, len;   /* the expression in the text ("on Tuesday") */
    int64_t start, end;  /* resolved interval [start, end), UTC seconds;
                            SL_TIME_UNKNOWN when it could not be resolved */
    sl_time_grain grain;
    sl_time_role role;
    uint8_t relative;    /* 1: resolved against an anchor ("last month") */
} sl_timex;

typedef struct sl_quote {
    char *text;          /* the words inside the quotation marks */
    char *speaker;       /* who said it ("Wang Yi", "the ministry"), or NULL */
    char *via;           /* the source it came through ("KCNA",
                            "a Chinese ministry statement"), or NULL */
    uint32_t off, len;   /* span of the quoted words in the text */
    uint64_t key;        /* hash of the normalised words: equal keys are
                            the same quote */
} sl_quote;

typedef struct sl_facts {
    sl_entity *entities;  /* by first mention */
    size_t nentities;
    sl_timex *times;      /* in text order */
    size_t ntimes;
    sl_quote *quotes;     /* in text order */
    size_t nquotes;
    /* event-time window [event_start, event_end), SL_TIME_UNKNOWN when the
     * text and the publication date say nothing */
    int64_t event_start, event_end;
    float event_conf;     /* 0..1: 0.9 a day stated and anchored, 0.2 a bare
                             year guessed from the text */
    int anchored;         /* 1: relative times were resolved against
                             `published`, or when it is unknown against
                             the day the article's URL names
                             ("/2013/05/03/", "ymd=20081216"); 0: against
                             a date found in the text */
    uint8_t event_month;  /* no window (event_start unknown) but the text
                             names the event's month without a year ("on
                             December 17", "in December"): that month,
                             1..12, else 0 */
    uint8_t event_mday;   /* and its day, 1..31, or 0 for the whole month */
    /* the sum of money the lead is about: the first amount of at least
     * 1,000 with a currency in the first three sentences ("$2.6 million",
     * "85 million euros", "EUR 2m"), in units of its currency; 0 when none */
    double amount;
    char amount_currency[4];          /* ISO 4217 code: "USD", "EUR", "GBP" */
    uint32_t amount_off, amount_len;  /* where the text gives it */
    char *outlet;         /* the `source` field, else an outlet the text
                             names as its own ("(Reuters)", "BTA reports") */
    char *dateline_place; /* "BEIJING" from "BEIJING, Dec 3 (Reuters) -" */
    char *dateline_outlet;/* "Reuters" from the same */
} sl_facts;

/* Extracts the facts of one article on its own (no corpus: short forms
 * are resolved within the article only).  Returns SL_OK or SL_ENOMEM. */
int sl_extract(sl_facts **out, const sl_article *a);

void sl_facts_free(sl_facts *f);

/* The facts as one JSON object (what `storyline facts` prints for an
 * article): id, outlet, dateline, event_time (anchored, start, end,
 * confidence, and anchor: "published", "url" or "text", what relative
 * dates were resolved against), entities, times, quotes.
 * *out is a new string (caller frees with free()).  SL_OK or SL_ENOMEM. */
int sl_facts_json(char **out, const sl_article *a, const sl_facts *f);

/* Formats t (UTC) as "YYYY-MM-DD" into buf (at least 11 bytes). */
void sl_format_date(char *buf, size_t cap, int64_t t);

/* ----------------------------------------------------------------- events */

/* One real-world event: the articles that report it. */
typedef struct sl_event {
    uint32_t *members;        /* corpus indexes, ascending */
    size_t nmembers;
    uint32_t representative;  /* the member closest to the others */
    int64_t start, end;       /* event-time window (median of the members'
                                 windows), SL_TIME_UNKNOWN when none */
    uint32_t storyline;       /* index into sl_events.storylines */
    char *label;              /* key entities, e.g. "Tara Reid; Promises
                                 Treatment Center; Malibu" */
    char **entities;          /* most shared entities, most shared first */
    size_t nentities;
    char **quotes;            /* quotes found in more than one member */
    size_t nquotes;
    sl_quote_drift *drift;    /* quotes two members give in slightly
                                 different words (a: the earlier member's),
                                 at most 8 */
    size_t ndrift;
} sl_event;

/* Events linked across time by shared core actors and subject. */
typedef struct sl_storyline {
    uint32_t *events;         /* indexes into sl_events.events, by time */
    size_t nevents;
    char *label;
    int64_t start, end;
} sl_storyline;

typedef struct sl_events_stats {
    double features_s;        /* seconds: facts, vectors and index keys */
    double cluster_s;         /* seconds: the single pass, merges and moves */
    double records_s;         /* seconds: must-links and event records */
    double storylines_s;      /* seconds: events linked into storylines */
    size_t copies;            /* articles whose text an earlier one had:
                                 analysed once */
    size_t merges;            /* events the batch pass merged into others */
    size_t small_joins;       /* of them, pieces joined under the threshold
                                 (see README "Small pieces") */
    size_t splits;            /* events it split in two */
    size_t moves;             /* articles it moved to another event */
} sl_events_stats;

typedef struct sl_events {
    sl_event *events;         /* ordered by first member */
    size_t nevents;
    sl_storyline *storylines;
    size_t nstorylines;
    uint32_t *event_of;       /* event of each article, corpus order */
    sl_events_stats stats;
} sl_events;

/* Clusters the corpus into events and events into storylines.
 * Articles are taken once each, in publication order when known (input
 * order otherwise); each is compared with the events that share its
 * specific terms, entities or quotes (an inverted index, never every
 * earlier article); events quiet for `cfg.retire_days` leave the index.
 * A batch pass then merges events that the single pass split and moves
 * articles to the event they fit best.  When `links` (the result of
 * sl_dedup_run on the same corpus; may be NULL) is given, its duplicate and
 * rewrite pairs are must-links: a copy or rewrite reports the same
 * happening, so each connected set of them ends in one event.  Articles
 * quoting the same words (six or more) are must-links too.
 * Deterministic.  Returns SL_OK, SL_ENOMEM, or SL_EINVAL when the corpus
 * was made with cfg.rewrites = 0 (no word frequencies counted). */
int sl_events_run(sl_events **out, sl_corpus *c, const sl_dedup *links);

void sl_events_free(sl_events *e);


/* ------------------------------------------------------------------ store */

/* A news collection kept in an SQLite database (WAL mode): articles and
 * their versions, signatures, facts, duplicate/rewrite relations with
 * evidence, events and storylines.  New articles are related to the stored
 * ones without reprocessing the collection: candidates come from indexes
 * kept in the database (LSH bands, rare terms, event keys), and only those
 * candidates are read back.  See docs/api.md for every JSON document below;
 * the HTTP API serves exactly these documents.
 *
 * Threads: an sl_store handle is used by one thread at a time.  Open one
 * handle per thread; any number of readers and one writer may use the same
 * file at once (readers see the last committed batch). */
typedef struct sl_store sl_store;

enum {
    SL_STORE_READONLY = 1, /* open for queries only; the file must exist */
    SL_STORE_CREATE = 2    /* create the file when it does not exist */
};

/* Opens (and with SL_STORE_CREATE creates) the store at `path`.  cfg (may
 * be NULL: defaults) is used for new articles; a new store records its
 * seed and shingle parameters, and an existing store's recorded ones win.
 * Returns SL_OK; SL_EIO when the file cannot be opened or created; SL_EDB
 * on an SQLite failure; SL_ESCHEMA when the file is not a storyline store
 * or has another schema version (the message names both versions);
 * SL_ENOMEM.  *out is NULL on failure. */
int sl_store_open(sl_store **out, const char *path, const sl_config *cfg, unsigned flags);

/* Closes the store (checkpoints the WAL).  NULL is a no-op. */
void sl_store_close(sl_store *st);

/* Ingests arts[0..n) as one batch in one transaction: each article is new
 * (stored, related, put in an event), unchanged (same id, same normalised
 * text: nothing happens) or updated (same id, other text: a new version is
 * recorded and its relations and event are evaluated again).  Two articles
 * of one batch with the same id: the later one wins, as an update.  The
 * articles stay owned by the caller.  *out (may be NULL) gets the "added"
 * JSON document of docs/api.md (caller frees with free()).  Nothing is
 * written when the call fails.  Returns SL_OK, SL_EDB, SL_ENOMEM,
 * SL_EINVAL (store opened read-only). */
int sl_store_add(char **out, sl_store *st, sl_article *const *arts, size_t n);

/* Query filter for sl_store_events.  Zero-initialised = everything. */
#define SL_QUERY_MAX 1024 /* longest q in bytes; longer: SL_EINVAL */
typedef struct sl_event_query {
    const char *q;      /* words that must all occur in the label, the
                           entities or a member title (case-insensitive),
                           or NULL; at most SL_QUERY_MAX bytes */
    int64_t from, to;   /* event window overlaps [from, to); 0 = open */
    size_t limit;       /* at most this many (0 = 50; capped at 1000) */
    size_t offset;
} sl_event_query;

/* JSON documents (docs/api.md), each a NUL-terminated string in *out that
 * the caller frees with free().  Ids are article ids, and "e<N>" / "s<N>"
 * for events and storylines.  Each returns SL_OK, SL_ENOTFOUND (no such
 * id; *out NULL), SL_EDB or SL_ENOMEM. */
int sl_store_article(char **out, sl_store *st, const char *id);
int sl_store_events(char **out, sl_store *st, const sl_event_query *q);
int sl_store_event(char **out, sl_store *st, const char *id);
int sl_store_storyline(char **out, sl_store *st, const char *id);
/* Compares two stored articles in full (sl_compare on the pair, with the
 * collection's term frequencies): relation, scores, evidence and both
 * texts as sentences.  SL_EINVAL when a == b. */
int sl_store_compare(char **out, sl_store *st, const char *a, const char *b);
/* Counts and schema version: {"articles":N,"versions":N,"events":N,
 * "storylines":N,"relations":N,"schema":1,"batches":N}. */
int sl_store_stats(char **out, sl_store *st);

/* Writes articles.jsonl, events.jsonl and storylines.jsonl into `dir`
 * (created when missing), in the format of `storyline cluster --out`.
 * Returns SL_OK, SL_EIO, SL_EDB, SL_ENOMEM. */
int sl_store_export(sl_store *st, const char *dir);

/* ------------------------------------------------------------- evaluation */

/* Scores a clustering against gold labels.  Pairwise precision/recall/F1
 * count article pairs put together; B-cubed averages per-article
 * precision/recall; ARI is the adjusted Rand index; topic_merge is the share
 * of pairs with the same gold topic but different gold events that the
 * prediction puts together (-1 when no topics are given). */
typedef struct sl_eval {
    size_t n;              /* articles scored (those in the gold) */
    size_t gold_clusters, pred_clusters;
    size_t missing;        /* gold articles absent from the prediction
                              (scored as singletons) */
    double pair_p, pair_r, pair_f1;
    double bcubed_p, bcubed_r, bcubed_f1;
    double ari;
    double topic_merge;
} sl_eval;

/* Scores n articles: gold[i] and pred[i] are the gold and predicted
 * cluster labels of article i (pred[i] NULL: missing, a singleton);
 * topic may be NULL, else topic[i] is its gold topic.  Labels are compared
 * as strings.  Returns SL_OK, SL_EINVAL (n == 0) or SL_ENOMEM. */
int sl_eval_clusters(sl_eval *out, const char *const *gold, const char *const *pred,
                     const char *const *topic, size_t n);

/* ------------------------------------------------------------------- text */

/* Normalises UTF-8 text: NFKC, case folding, typographic quotes, dashes and
 * apostrophes unified to ASCII, whitespace runs collapsed to one space,
 * accents stripped when `strip_accents`.  Stores a new NUL-terminated string
 * in *out (caller frees with free()) and its length in *outlen (may be NULL).
 * Returns SL_OK, SL_EUTF8 for invalid input, SL_ENOMEM. */
int sl_normalize(char **out, size_t *outlen, const char *text, size_t len,
                 int strip_accents);

/* 128-bit hash of the normalised text (what exact duplicates share). */
int sl_text_hash(uint64_t out[2], const char *text, size_t len, int strip_accents);

#ifdef __cplusplus
}
#endif
#endif /* STORYLINE_H */
