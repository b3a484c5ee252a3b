/*
 * engine.h - the analysis pipeline shared by sketch/ and relate/:
 * per-thread analyser (text -> features), MinHash, LSH, alignment, cues, and
 * the corpus internals.  Not public.
 */
#ifndef SL_ENGINE_H
#define SL_ENGINE_H

#include "internal.h"

/* ---- analyser (src/text/analyse.c) */

/* What one analysis produced.  Arrays point into the analyser's scratch
 * space: valid until the next sl__analyse on the same analyser. */
typedef struct sl_features {
    uint64_t exact[2];        /* XXH3-128 of the normalised text */
    uint32_t ntokens;         /* word tokens */
    uint32_t nshingles;       /* distinct word shingles */
    const uint64_t *shingles; /* shingle hashes, in text order (repeats kept) */
    size_t nshingle_pos;
    /* Distinct content terms.  Without SL_AN_SENTENCES: surface terms (the
     * normalised words, stopwords left out), in order of first occurrence.
     * With it: stems, ascending, each with a weight (`weights`). */
    const uint32_t *terms;
    const float *weights;
    const uint32_t *tf;       /* without SL_AN_SENTENCES: occurrences of each */
    size_t nterms;
    /* with SL_AN_SENTENCES: */
    const sl_span *sent;      /* raw sentence spans */
    size_t nsent;
    const uint32_t *sterms;   /* per sentence: distinct stems, ascending */
    const float *sweights;    /* ... and their weights (IDF of the word) */
    const uint32_t *sterm_off;/* sentence s has sterms[sterm_off[s]..sterm_off[s+1]) */
} sl_features;

enum {
    SL_AN_SHINGLES = 1,  /* exact hash, shingles */
    SL_AN_SENTENCES = 2, /* sentences, stems and weights */
    SL_AN_NO_TERMS = 4,  /* no content terms (nterms 0): shingles only */
    SL_AN_ALL_WORDS = 8  /* terms: every word's surface id, stopwords too
                            (unclassified: no token cache probe); tf not set */
};

typedef struct sl_analyser sl_analyser;

/* Creates an analyser for one thread.  cfg and corpus (may be NULL: stems
 * then weigh 1) must outlive it; corpus gives the IDF weights. */
int sl__analyser_new(sl_analyser **out, const sl_config *cfg, const sl_corpus *corpus);
void sl__analyser_free(sl_analyser *an);
/* Makes `an` use the token cache of `from` (which must outlive it) and
 * frees its own: 2 MiB less.  Cached values depend only on the token and
 * the language and entries are read and written atomically, so analysers
 * sharing a cache may run in different threads and no result changes. */
void sl__analyser_share_cache(sl_analyser *an, sl_analyser *from);

/* The MinHash signature (cfg->minhash_k codes) of the word shingles of
 * the text `an` analysed last, in any mode: the codes the first pass
 * computes from its SL_AN_SHINGLES analysis, as both modes give the same
 * tokens (sentence by sentence or at once; tested).  Uses an's shingle
 * scratch, which no sl_features points into without SL_AN_SHINGLES. */
void sl__analyser_signature(uint16_t *sig, sl_analyser *an);

/* Analyses article a (valid UTF-8 text).  Returns SL_OK or SL_ENOMEM. */
int sl__analyse(sl_features *out, sl_analyser *an, const sl_article *a, unsigned want);

/* ---- MinHash (src/sketch/minhash.c) */

/* One-permutation MinHash with optimal densification over hashes[0..n)
 * (repeats are harmless): sig gets k 16-bit codes.  O(n + k). */
void sl__minhash(uint16_t *sig, unsigned k, const uint64_t *hashes, size_t n, uint64_t seed);

/* Share of equal codes = estimated Jaccard of the two sets. */
double sl__minhash_jaccard(const uint16_t *a, const uint16_t *b, unsigned k);

/* ---- LSH (src/sketch/lsh.c) */

/* Candidate pairs from banding: ids[0..n) are corpus indexes whose
 * signatures are sigs + ids[i] * k.  Pairs come back as (lo << 32 | hi),
 * lo < hi, sorted and unique, in *out (malloc'd, caller frees): every pair
 * of every bucket of at most `max_bucket` members.  Buckets with more
 * members pair each member only with the next few (4) in index order;
 * those pairs, less any already in *out, come back apart in *bulk (sorted,
 * unique, malloc'd, caller frees): enough to connect a huge cluster of
 * near-identical articles with work linear in its size.  Returns SL_OK or
 * SL_ENOMEM (then *out and *bulk are NULL). */
int sl__lsh_pairs(uint64_t **out, size_t *npairs, uint64_t **bulk, size_t *nbulk,
                  const uint16_t *sigs, unsigned k, const uint32_t *ids, size_t n,
                  unsigned bands, unsigned rows, unsigned max_bucket, unsigned threads,
                  uint64_t seed);

/* ---- counts of 32-bit keys (src/relate/corpus.c) */

typedef struct sl_countslot {
    uint32_t key, val; /* a slot is used when val != 0 */
} sl_countslot;

/* Open addressing with linear probing; key and count side by side, so a
 * lookup costs one cache miss. */
typedef struct sl_countmap {
    sl_countslot *s;
    size_t cap, n;
} sl_countmap;

/* Adds inc (> 0) to key t's count.  SL_OK or SL_ENOMEM. */
int sl__count_add(sl_countmap *m, uint32_t t, uint32_t inc);
uint32_t sl__count_get(const sl_countmap *m, uint32_t t);
/* Starts loading t's slot of m into the cache (a hint; no effect on m). */
void sl__count_prefetch(const sl_countmap *m, uint32_t t);

/* For a loop that looks keys[0..n) up in m in order, called at each t:
 * prefetches the slot SL_AHEAD keys on (and, at t == 0, the first
 * SL_AHEAD), so that the cache misses overlap. */
enum { SL_AHEAD = 8 };
static inline void sl__count_prefetch_ahead(const sl_countmap *m, const uint32_t *keys, size_t n,
                                            size_t t)
{
    for (size_t k = t ? t + SL_AHEAD : 0; k <= t + SL_AHEAD && k < n; k++)
        sl__count_prefetch(m, keys[k]);
}
/* Adds every count of `from` to `into`.  SL_OK or SL_ENOMEM. */
int sl__count_merge(sl_countmap *into, const sl_countmap *from);
void sl__count_free(sl_countmap *m);

/* ---- corpus internals (src/relate/corpus.c) */

#define SL_TERM_K 16 /* length of the content-term MinHash (prefilter) */
#define SL_IDF_TAB 4096 /* document frequencies whose IDF is tabled */

typedef struct sl_doc {
    uint64_t exact[2];
    uint16_t tsig[SL_TERM_K]; /* MinHash of the content terms (prefilter) */
    uint32_t nshingles;
    uint32_t ntokens;
    uint8_t analysed;
} sl_doc; /* 64 bytes */

struct sl_corpus {
    sl_config cfg;
    char *lang;              /* owned copy of cfg.lang */
    sl_article **art;
    sl_doc *doc;
    size_t n, cap;
    size_t nanalysed;
    size_t idf_docs;         /* articles IDF counts (sl__corpus_set_df), else 0:
                                nanalysed */
    uint16_t *sig;           /* n * k MinHash codes */
    size_t sigcap;
    /* id -> index: open addressing, slots hold index + 1 (0 = empty) */
    uint32_t *idmap;
    size_t idcap;
    /* document frequency of content terms (after analysis) */
    sl_countmap df;
    /* sl__idf of the document frequencies below SL_IDF_TAB at idf_tab_n
     * articles, filled when the counts are final (idf_tab_n 0: empty):
     * a word's weight is looked up a million times per 5,000 articles */
    float idf_tab[SL_IDF_TAB];
    size_t idf_tab_n;
    /* sentence spans cache for sl_corpus_sentences (lazy) */
    sl_span **sent;
    uint32_t *nsent;
    size_t sentcap;
    /* with cfg.keep_terms: each analysed article's distinct content terms
     * as its first analysis found them (sl__article_terms); NULL entries: not
     * kept */
    uint32_t **kept;
    size_t keptcap;
    int sig_dropped; /* cfg.drop_signatures: sig was freed after the near
                        duplicates (sl_dedup_run) */
    /* analysers: 2 per worker (alignment needs both sides at once) */
    sl_analyser **an;
    unsigned nan;
    /* facts of the first nlent articles computed by the caller (borrowed,
     * sl__corpus_lend_facts): the event code uses them instead of
     * extracting again; NULL entries are extracted as usual */
    sl_facts *const *lent_facts;
    size_t nlent;
};

/* An article's distinct content terms (surface terms, in order of first
 * occurrence) and their counts, as sl__analyse(.., 0) gives them. */
typedef struct sl_terms {
    const uint32_t *term;
    const uint16_t *tf16; /* the counts: these when the corpus kept them */
    const uint32_t *tf32; /* ... else these, in the analyser's scratch */
    size_t n;
} sl_terms;

static inline uint32_t sl__terms_tf(const sl_terms *t, size_t k)
{
    return t->tf16 ? t->tf16[k] : t->tf32[k];
}

/* Article i's terms into *out: those its first analysis kept
 * (cfg.keep_terms; owned by the corpus), else from analysing its text
 * with `an` (valid until an's next use).  SL_OK or SL_ENOMEM. */
int sl__article_terms(sl_terms *out, const sl_corpus *c, sl_analyser *an, size_t i);

/* Like sl__article_terms, but an analysis gives the surface ids of all of
 * article i's words, stopwords too (SL_AN_ALL_WORDS: no token cache probe),
 * and no counts: for lookups of document frequencies, where a stopword,
 * never counted, has df 0.  SL_OK or SL_ENOMEM. */
int sl__article_words(sl_terms *out, const sl_corpus *c, sl_analyser *an, size_t i);

/* Makes sure the corpus has at least n analysers (sharing one token
 * cache).  Worker w uses analysers 2w and 2w + 1.  SL_OK or SL_ENOMEM. */
int sl__corpus_workers(sl_corpus *c, unsigned n);

/* Document frequency of term t (0 when unseen). */
uint32_t sl__df(const sl_corpus *c, uint32_t t);

/* Asks the CPU to fetch t's slot of the frequency table (a hint). */
void sl__df_prefetch(const sl_corpus *c, uint32_t t);

/* IDF weight of a surface term: uniform (1.0) for corpora under 100
 * articles, where frequencies say little; else log((N + 1) / (df + 1)) + 1. */
float sl__idf(const sl_corpus *c, uint32_t t);

/* ---- alignment (src/relate/align.c) */

typedef struct sl_alignment {
    sl_align *v;
    size_t n, cap;
    double coverage;  /* weighted share of the shorter side aligned */
    double order;     /* longest common order / n */
    double overlap;   /* weighted overlap of the distinct terms */
    int a_shorter;    /* 1 when side A is the shorter (by weight) */
} sl_alignment;

/* Aligns the sentences of two analysed articles (features with
 * SL_AN_SENTENCES).  Returns SL_OK or SL_ENOMEM. */
int sl__align(sl_alignment *out, const sl_features *a,
              const sl_features *b, double min_sim);
void sl__alignment_free(sl_alignment *al);

/* ---- direction cues (src/relate/cues.c) */

/* Decides which of articles i and j is the source.  `a_shorter`,
 * `coverage`: from the alignment or containment (subset cue).
 * Sets p->source, p->cue and p->cue_detail (malloc'd).  SL_OK or SL_ENOMEM. */
int sl__direction(sl_pair *p, const sl_corpus *c, uint32_t i, uint32_t j,
                  int i_is_subset, int j_is_subset);

/* Outlet of a wire dateline at the start of text ("BEIJING, Dec 3
 * (Reuters) -"), copied into out[cap]; returns 1 when there is one. */
int sl__dateline(char *out, size_t cap, const char *text, size_t len);

/* Event evidence of pair p (src/relate/events.c): topic and entity
 * similarity, event windows, shared entities and quotes; when p is not a
 * duplicate or rewrite, decides same_event / same_storyline / unrelated.
 * SL_OK or SL_ENOMEM. */
int sl__event_evidence(sl_pair *p, sl_corpus *c);

/* The event-index keys of every article of c (its strongest terms and
 * entities, its quotes; what sl_events_run looks events up by), computed
 * as sl_events_run would except that every entity counts: article i has
 * (*keys)[(*off)[i] .. (*off)[i + 1]).  Both arrays malloc'd (caller
 * frees).  SL_OK or SL_ENOMEM. */
int sl__events_keys(uint64_t **keys, uint32_t **off, sl_corpus *c);

/* sl_events_run with events already decided (a store's): seed[i] != 0 puts
 * article i in the event of every article with the same seed, from the
 * start; new articles (seed 0) may join such an event, but it is never
 * split, its members never move, and two of them never merge.  seed (c->n
 * entries, borrowed) may be NULL: sl_events_run.  Returns as
 * sl_events_run. */
int sl__events_run_seeded(sl_events **out, sl_corpus *c, const sl_dedup *links,
                          const int64_t *seed);

/* Lends c the facts of its first n articles (f[i] = sl_extract of article
 * i, or NULL): sl_events_run and sl__events_keys read them instead of
 * extracting again.  They stay the caller's, unchanged, and must outlive
 * those calls. */
void sl__corpus_lend_facts(sl_corpus *c, sl_facts *const *f, size_t n);

/* Replaces the corpus's document frequencies with those of a larger
 * collection: each term's count becomes get(ud, term) (kept when that is
 * 0), and IDF weights use `ndocs` articles.  Call after sl_corpus_analyse
 * and before relating.  (src/relate/corpus.c) */
void sl__corpus_set_df(sl_corpus *c, uint32_t (*get)(void *ud, uint32_t term), void *ud,
                       size_t ndocs);

/* ---- JSON writer (src/io/json.c) */

/* Text into a growable buffer with a sticky error: after a failure every
 * call does nothing and sl__jw_finish reports it. */
typedef struct sl_jw {
    sl_buf b;
    int err;
} sl_jw;

void sl__jw_raw(sl_jw *w, const char *s);                      /* as is */
void sl__jw_printf(sl_jw *w, const char *fmt, ...) SL__PRINTF(2, 3); /* < 256 bytes */
void sl__jw_str(sl_jw *w, const char *s);                      /* string or null */
void sl__jw_fix3(sl_jw *w, double x);                          /* as "%.3f" prints it */
void sl__jw_u32(sl_jw *w, uint32_t x);                         /* decimal */
void sl__jw_strn(sl_jw *w, const char *s, size_t n);
void sl__jw_date(sl_jw *w, int64_t t);                         /* "YYYY-MM-DD" or null */
void sl__jw_month_day(sl_jw *w, unsigned month, unsigned mday); /* "--MM-DD", "--MM" or null */
void sl__jw_strs(sl_jw *w, char *const *v, size_t n);          /* array of strings */
void sl__jw_drift(sl_jw *w, const sl_quote_drift *d, size_t n); /* [{"a","b","similarity"}] */
void sl__jw_facts(sl_jw *w, const sl_article *a, const sl_facts *f);
void sl__jw_pair(sl_jw *w, const char *ida, const char *idb, const char *idsrc,
                 const sl_pair *p, unsigned flags);
/* Hands the text to *out (caller frees) and returns SL_OK, or frees it and
 * returns the first error. */
int sl__jw_finish(char **out, sl_jw *w);

#endif /* SL_ENGINE_H */
