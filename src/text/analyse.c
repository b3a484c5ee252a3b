/*
 * analyse.c - one article's text to the features the relations use:
 * sentences -> normalised text -> tokens -> token hashes -> word shingles
 * (near duplicates) and content terms (rewrites, alignment, events).
 *
 * Two kinds of content term:
 *  - surface terms: the normalised token itself (stopwords and one-letter
 *    words left out).  The corpus passes use these: document frequencies,
 *    rare terms and the content-term sketch need no stemming, and the words
 *    that make two articles specific to each other (names, numbers) are not
 *    inflected anyway;
 *  - stems (SL_AN_SENTENCES): Snowball stems, for sentence alignment, where
 *    a rewrite's "signed" must meet the original's "signs".  Each stem is
 *    weighted by the IDF of the surface token it came from.
 *
 * One analyser per thread.  A direct-mapped cache keyed by the token's hash
 * and the language remembers stopword checks and stems: news vocabulary is
 * Zipfian, so most tokens never reach the stopword table or libstemmer.
 * (A small per-language set of stopword token hashes, to spare the
 * surface-term passes this 2 MiB cache, was measured twice: slower, as
 * the cache slots are prefetched while the tokens are hashed.)
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Token hashing is the innermost loop: xxhash's documented header-only mode
 * lets the compiler inline XXH3 for these short keys. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "engine.h"

static inline uint64_t hash_token(const char *s, size_t n, uint64_t seed)
{
    return XXH3_64bits_withSeed(s, n, seed);
}

#define CACHE_BITS 18 /* 256K entries of 8 bytes: 2 MiB per analyser */
#define CACHE_MASK (((size_t)1 << CACHE_BITS) - 1)
#define MAX_LANGS 16

/* Cache entry: the upper half of the token's hash (mixed with the
 * language) as tag (0 = empty slot) and a value: V_STOP for stopwords,
 * V_CONTENT for a content word not stemmed yet, else its stem id (stem
 * ids are forced >= 2).  One 64-bit word, read and written atomically:
 * the analysers of a corpus share one cache across threads (a value
 * depends only on the token and the language, so whichever thread stores
 * it, it is the same, and a reader sees a whole entry or another). */
enum { V_STOP = 0, V_CONTENT = 1 };

typedef _Atomic uint64_t centry; /* tag << 32 | value; 0: empty */

typedef struct lang_slot {
    const char *name; /* Snowball name (static) */
    sl_stemmer *st;
    uint64_t salt;
} lang_slot;

/* Per-token scratch arrays, all of the same capacity. */
typedef struct scratch {
    size_t cap;
    uint64_t *th;      /* token hashes */
    uint64_t *sh;      /* shingle hashes */
    uint32_t *ct;      /* content terms in text order */
    uint32_t *cs;      /* surface id of each content term */
    uint32_t *csent;   /* sentence of each content term */
    uint32_t *dterm;   /* distinct terms */
    float *dweight;    /* their weights */
    float *cw;         /* weight of each content term */
    uint32_t *tf;      /* occurrences of each distinct surface term */
    uint32_t *sterm;   /* per-sentence distinct stems */
    float *sweight;    /* their weights */
    uint64_t *pairs;   /* (stem << 32 | index) for sorting with weights */
    uint64_t *tmp64;
} scratch;

struct sl_analyser {
    const sl_config *cfg;
    const sl_corpus *corpus; /* for IDF weights; may be NULL (weights 1) */
    lang_slot lang[MAX_LANGS];
    unsigned nlang;
    centry *cache;
    int own_cache;           /* 0: borrowed (sl__analyser_share_cache) */
    sl_buf norm;
    sl_tokvec toks;
    sl_spanvec sents;
    uint32_t *sent_tok; /* first token of each sentence, nsent + 1 entries */
    uint32_t *soff;     /* first sterm of each sentence, nsent + 1 entries */
    size_t sent_cap;
    scratch s;
    uint64_t *set;      /* distinct counting, generation-tagged */
    uint32_t *set_gen;
    uint32_t *set_val;  /* value stored with each key */
    size_t set_cap;
    uint32_t gen;
};

int sl__analyser_new(sl_analyser **out, const sl_config *cfg, const sl_corpus *corpus)
{
    *out = NULL;
    sl_analyser *an = calloc(1, sizeof *an);
    if (!an)
        return sl__nomem();
    an->cfg = cfg;
    an->corpus = corpus;
    an->cache = calloc(CACHE_MASK + 1, sizeof *an->cache);
    if (!an->cache) {
        free(an);
        return sl__nomem();
    }
    an->own_cache = 1;
    *out = an;
    return SL_OK;
}

static void scratch_free(scratch *s)
{
    free(s->th);
    free(s->sh);
    free(s->ct);
    free(s->cs);
    free(s->csent);
    free(s->dterm);
    free(s->dweight);
    free(s->cw);
    free(s->tf);
    free(s->sterm);
    free(s->sweight);
    free(s->pairs);
    free(s->tmp64);
    memset(s, 0, sizeof *s);
}

/* Makes every per-token array hold n entries.  SL_OK or SL_ENOMEM. */
static int scratch_reserve(scratch *s, size_t n)
{
    if (n <= s->cap)
        return SL_OK;
    size_t cap = s->cap ? s->cap : 256;
    while (cap < n)
        cap *= 2;
    scratch t;
    memset(&t, 0, sizeof t);
    t.cap = cap;
    t.th = malloc(cap * sizeof *t.th);
    t.sh = malloc(cap * sizeof *t.sh);
    t.ct = malloc(cap * sizeof *t.ct);
    t.cs = malloc(cap * sizeof *t.cs);
    t.csent = malloc(cap * sizeof *t.csent);
    t.dterm = malloc(cap * sizeof *t.dterm);
    t.dweight = malloc(cap * sizeof *t.dweight);
    t.cw = malloc(cap * sizeof *t.cw);
    t.tf = malloc(cap * sizeof *t.tf);
    t.sterm = malloc(cap * sizeof *t.sterm);
    t.sweight = malloc(cap * sizeof *t.sweight);
    t.pairs = malloc(cap * sizeof *t.pairs);
    t.tmp64 = malloc(cap * sizeof *t.tmp64);
    if (!t.th || !t.sh || !t.ct || !t.cs || !t.csent || !t.dterm || !t.dweight || !t.cw || !t.tf || !t.sterm ||
        !t.sweight || !t.pairs || !t.tmp64) {
        scratch_free(&t);
        return sl__nomem();
    }
    scratch_free(s);
    *s = t;
    return SL_OK;
}

void sl__analyser_free(sl_analyser *an)
{
    if (!an)
        return;
    for (unsigned i = 0; i < an->nlang; i++)
        sl__stemmer_free(an->lang[i].st);
    if (an->own_cache)
        free(an->cache);
    sl__buf_free(&an->norm);
    free(an->toks.v);
    free(an->sents.v);
    free(an->sent_tok);
    free(an->soff);
    scratch_free(&an->s);
    free(an->set);
    free(an->set_gen);
    free(an->set_val);
    free(an);
}

void sl__analyser_share_cache(sl_analyser *an, sl_analyser *from)
{
    if (an->own_cache)
        free(an->cache);
    an->cache = from->cache;
    an->own_cache = 0;
}

/* The stemmer for an article's language; unknown languages fall back to
 * the configured default. */
static int pick_lang(lang_slot **out, sl_analyser *an, const char *lang)
{
    const char *name = lang ? sl__lang_snowball(lang) : NULL;
    if (!name)
        name = sl__lang_snowball(an->cfg->lang ? an->cfg->lang : "english");
    if (!name)
        name = "english";
    for (unsigned i = 0; i < an->nlang; i++)
        if (an->lang[i].name == name || strcmp(an->lang[i].name, name) == 0) {
            *out = &an->lang[i];
            return SL_OK;
        }
    unsigned slot = an->nlang < MAX_LANGS ? an->nlang++ : MAX_LANGS - 1;
    if (an->lang[slot].st) { /* full: recycle the last slot */
        sl__stemmer_free(an->lang[slot].st);
        an->lang[slot].st = NULL;
        /* cached values stay right: keys carry the language's salt */
    }
    int rc = sl__stemmer_new(&an->lang[slot].st, name);
    if (rc) {
        if (slot == an->nlang - 1)
            an->nlang--;
        return rc;
    }
    an->lang[slot].name = name;
    an->lang[slot].salt = sl__mix64(sl__hash64(name, strlen(name), 0x5eed));
    *out = &an->lang[slot];
    return SL_OK;
}

/* Surface id of a token from its hash; stem ids from the stem's text.
 * Both are kept >= 2 (0 and 1 are cache markers). */
static inline uint32_t surface_id(uint64_t h)
{
    uint32_t t = (uint32_t)(h >> 32);
    return t >= 2 ? t : t + 2;
}

static inline uint32_t stem_id(const char *s, size_t n, uint64_t seed)
{
    uint32_t t = (uint32_t)(hash_token(s, n, seed ^ 0x7465726dULL) >> 32);
    return t >= 2 ? t : t + 2;
}

static inline centry *cache_slot(sl_analyser *an, uint64_t key)
{
    return &an->cache[(size_t)key & CACHE_MASK];
}

static inline uint32_t cache_tag(uint64_t key)
{
    uint32_t t = (uint32_t)(key >> 32);
    return t ? t : 1;
}

/* Classifies token t (key = its hash ^ language salt): V_STOP, or with
 * `stem`, its stem id, else V_CONTENT. */
static inline uint32_t classify(sl_analyser *an, lang_slot *ls, const char *text,
                                const sl_token *t, uint64_t key, uint64_t h, int stem)
{
    centry *e = cache_slot(an, key);
    uint32_t tag = cache_tag(key), val;
    uint64_t x = atomic_load_explicit(e, memory_order_relaxed);
    if ((uint32_t)(x >> 32) == tag) {
        val = (uint32_t)x;
    } else {
        if (t->kind == SL_TOK_NUM || t->kind == SL_TOK_CJK)
            val = surface_id(h); /* never stemmed: its own stem */
        else if (t->len < 2 || sl__stopword(ls->st, text + t->off, t->len))
            val = V_STOP;
        else
            val = V_CONTENT;
        atomic_store_explicit(e, (uint64_t)tag << 32 | val, memory_order_relaxed);
    }
    if (stem && val == V_CONTENT) {
        size_t sl;
        const char *s = sl__stem(ls->st, text + t->off, t->len, &sl);
        val = stem_id(s, sl, an->cfg->seed);
        atomic_store_explicit(e, (uint64_t)tag << 32 | val, memory_order_relaxed);
    }
    return stem || val == V_STOP ? val : V_CONTENT;
}

/* ---- distinct values: a generation-tagged hash set, never cleared */

static int set_begin(sl_analyser *an, size_t n)
{
    size_t need = 16;
    while (need < 2 * n)
        need *= 2;
    if (need > an->set_cap) {
        free(an->set);
        free(an->set_gen);
        free(an->set_val);
        an->set = malloc(need * sizeof *an->set);
        an->set_gen = calloc(need, sizeof *an->set_gen);
        an->set_val = malloc(need * sizeof *an->set_val);
        if (!an->set || !an->set_gen || !an->set_val) {
            free(an->set);
            free(an->set_gen);
            free(an->set_val);
            an->set = NULL;
            an->set_gen = NULL;
            an->set_val = NULL;
            an->set_cap = 0;
            return sl__nomem();
        }
        an->set_cap = need;
        an->gen = 0;
    }
    if (++an->gen == 0) { /* wrapped: clear once every 4G uses */
        memset(an->set_gen, 0, an->set_cap * sizeof *an->set_gen);
        an->gen = 1;
    }
    return SL_OK;
}

/* Inserts x with value v unless present; returns the value stored with x
 * (v when it was new). */
static inline uint32_t set_insert_val(sl_analyser *an, uint64_t x, uint32_t v)
{
    size_t mask = an->set_cap - 1;
    size_t s = (size_t)(x ^ (x >> 29)) & mask;
    for (;;) {
        if (an->set_gen[s] != an->gen) {
            an->set_gen[s] = an->gen;
            an->set[s] = x;
            an->set_val[s] = v;
            return v;
        }
        if (an->set[s] == x)
            return an->set_val[s];
        s = (s + 1) & mask;
    }
}

/* Inserts x, a hash value (its low bits are already uniform); returns 1
 * when it was not in the set yet. */
static inline int set_insert(sl_analyser *an, uint64_t x)
{
    size_t mask = an->set_cap - 1;
    size_t s = (size_t)(x ^ (x >> 29)) & mask;
    for (;;) {
        if (an->set_gen[s] != an->gen) {
            an->set_gen[s] = an->gen;
            an->set[s] = x;
            return 1;
        }
        if (an->set[s] == x)
            return 0;
        s = (s + 1) & mask;
    }
}

static inline float weight_of(const sl_analyser *an, uint32_t surface)
{
    return an->corpus ? sl__idf(an->corpus, surface) : 1.0f;
}

/* Sorts the (stem, weight) entries v[0..n) by stem, merges repeats
 * (keeping the larger weight), writes them to terms/weights; returns the
 * number written.  pairs/tmp are scratch of n entries. */
static size_t sort_terms(uint32_t *terms, float *weights, const uint32_t *stem,
                         const float *w, size_t n, uint64_t *pairs, uint64_t *tmp)
{
    for (size_t i = 0; i < n; i++)
        pairs[i] = (uint64_t)stem[i] << 32 | (uint32_t)i;
    /* by stem, then index: the indexes are distinct, so a plain sort of
     * the whole keys is the stable sort by stem (quicker than a radix
     * sort at these sizes) */
    sl__sort_u64(pairs, tmp, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t t = (uint32_t)(pairs[i] >> 32);
        float x = w[(uint32_t)pairs[i]];
        if (m && terms[m - 1] == t) {
            if (x > weights[m - 1])
                weights[m - 1] = x;
            continue;
        }
        terms[m] = t;
        weights[m] = x;
        m++;
    }
    return m;
}

/* Normalises and tokenizes: sentence by sentence (joined by one space) when
 * sentences are wanted, else the whole text at once - whose normalised
 * form is what sl_text_hash() hashes.  Sets an->sent_tok. */
static int tokenize(sl_analyser *an, const sl_article *a, unsigned want, size_t *nsent_out)
{
    int rc;
    int strip = an->cfg->strip_accents;
    an->sents.n = 0;
    an->toks.n = 0;
    an->norm.len = 0;
    size_t nsent = 1;
    if (want & SL_AN_SENTENCES) {
        if ((rc = sl__sentences(&an->sents, a->text, a->text_len)))
            return rc;
        nsent = an->sents.n;
    }
    void *p = an->sent_tok;
    size_t cap = an->sent_cap;
    if (sl__grow(&p, &cap, nsent + 1, sizeof *an->sent_tok))
        return SL_ENOMEM;
    an->sent_tok = p;
    p = an->soff;
    cap = an->sent_cap;
    if (sl__grow(&p, &cap, nsent + 1, sizeof *an->soff))
        return SL_ENOMEM;
    an->soff = p;
    an->sent_cap = cap;
    if (!(want & SL_AN_SENTENCES)) {
        an->sent_tok[0] = 0;
        if ((rc = sl__normalize_append(&an->norm, a->text, a->text_len, strip)) ||
            (rc = sl__tokenize(&an->toks, an->norm.p ? an->norm.p : "", an->norm.len)))
            return rc;
    } else {
        for (size_t s = 0; s < nsent; s++) {
            const sl_span *sp = &an->sents.v[s];
            size_t start = an->norm.len;
            if (s > 0 && (rc = sl__buf_putc(&an->norm, ' ')))
                return rc;
            size_t body = an->norm.len;
            if ((rc = sl__normalize_append(&an->norm, a->text + sp->off, sp->len, strip)))
                return rc;
            size_t t0 = an->toks.n;
            an->sent_tok[s] = (uint32_t)t0;
            if (an->norm.len == body) { /* normalised to nothing: drop the space */
                an->norm.len = start;
                continue; /* (and no tokens: body is past the end now) */
            }
            if ((rc = sl__tokenize(&an->toks, an->norm.p + body, an->norm.len - body)))
                return rc;
            for (size_t t = t0; t < an->toks.n; t++)
                an->toks.v[t].off += (uint32_t)body;
        }
    }
    an->sent_tok[nsent] = (uint32_t)an->toks.n;
    *nsent_out = nsent;
    return SL_OK;
}

/* Word shingles of the token hashes th[0..ntok) into sh: each an
 * order-sensitive combination of w consecutive hashes (one of all of them
 * when there are fewer).  Returns their number. */
static size_t make_shingles(uint64_t *sh, const uint64_t *th, size_t ntok, unsigned w)
{
    size_t nsh = 0;
    if (ntok == 0)
        return 0;
    size_t span = ntok < w ? ntok : w;
    if (span == 5) { /* the default, unrolled: the same combination */
        for (size_t i = 0; i + 5 <= ntok; i++) {
            uint64_t x = 0x9e3779b97f4a7c15ULL;
            x = (x ^ th[i]) * 0x100000001b3ULL;
            x = (x ^ th[i + 1]) * 0x100000001b3ULL + 1;
            x = (x ^ th[i + 2]) * 0x100000001b3ULL + 2;
            x = (x ^ th[i + 3]) * 0x100000001b3ULL + 3;
            x = (x ^ th[i + 4]) * 0x100000001b3ULL + 4;
            sh[nsh++] = sl__mix64(x);
        }
        return nsh;
    }
    for (size_t i = 0; i + span <= ntok; i++) {
        uint64_t x = 0x9e3779b97f4a7c15ULL;
        for (size_t j = 0; j < span; j++)
            x = (x ^ th[i + j]) * 0x100000001b3ULL + j;
        sh[nsh++] = sl__mix64(x);
    }
    return nsh;
}

void sl__analyser_signature(uint16_t *sig, sl_analyser *an)
{
    size_t nsh = make_shingles(an->s.sh, an->s.th, an->toks.n, an->cfg->shingle);
    sl__minhash(sig, an->cfg->minhash_k, an->s.sh, nsh, an->cfg->seed);
}

int sl__analyse(sl_features *out, sl_analyser *an, const sl_article *a, unsigned want)
{
    const sl_config *cfg = an->cfg;
    memset(out, 0, sizeof *out);
    lang_slot *ls;
    size_t nsent;
    int rc;
    if ((rc = pick_lang(&ls, an, a->lang)) || (rc = tokenize(an, a, want, &nsent)))
        return rc;
    size_t ntok = an->toks.n;
    if ((rc = scratch_reserve(&an->s, ntok + 1)))
        return rc;
    scratch *sc = &an->s;
    const char *nt = an->norm.p ? an->norm.p : "";
    int stem = (want & SL_AN_SENTENCES) != 0;

    if (want & SL_AN_SHINGLES)
        sl__hash128(out->exact, nt, an->norm.len, 0);

    /* Token hashes; each cache slot is prefetched here, so that the
     * classification loop below rarely waits for memory. */
    int terms = !(want & SL_AN_NO_TERMS);
    if (want & SL_AN_ALL_WORDS) {
        /* distinct surface ids of all words, in order of first occurrence */
        if ((rc = set_begin(an, ntok)))
            return rc;
        size_t nwords = 0;
        for (size_t t = 0; t < ntok; t++) {
            const sl_token *tk = &an->toks.v[t];
            uint32_t v = surface_id(hash_token(nt + tk->off, tk->len, cfg->seed));
            if (set_insert_val(an, v, (uint32_t)nwords) == nwords)
                sc->dterm[nwords++] = v;
        }
        out->ntokens = (uint32_t)ntok;
        out->terms = sc->dterm;
        out->nterms = nwords;
        return SL_OK;
    }
    for (size_t t = 0; t < ntok; t++) {
        const sl_token *tk = &an->toks.v[t];
        uint64_t h = hash_token(nt + tk->off, tk->len, cfg->seed);
        sc->th[t] = h;
        if (terms)
            __builtin_prefetch(cache_slot(an, h ^ ls->salt));
    }
    /* Content terms with their surface ids and sentences. */
    size_t nct = 0;
    for (size_t s = 0; terms && s < nsent; s++)
        for (uint32_t t = an->sent_tok[s]; t < an->sent_tok[s + 1]; t++) {
            uint64_t h = sc->th[t];
            uint32_t v = classify(an, ls, nt, &an->toks.v[t], h ^ ls->salt, h, stem);
            if (v == V_STOP)
                continue;
            sc->cs[nct] = surface_id(h);
            sc->ct[nct] = stem ? v : surface_id(h);
            sc->csent[nct] = (uint32_t)s;
            nct++;
        }

    /* Word shingles: an order-sensitive combination of w token hashes. */
    size_t nsh = 0;
    uint32_t nd = 0;
    if ((want & SL_AN_SHINGLES) && ntok > 0) {
        nsh = make_shingles(sc->sh, sc->th, ntok, cfg->shingle);
        if ((rc = set_begin(an, nsh)))
            return rc;
        for (size_t i = 0; i < nsh; i++)
            nd += (uint32_t)set_insert(an, sc->sh[i]);
    }

    size_t nterms = 0;
    if (!stem) {
        /* Distinct surface terms in order of first occurrence, counted. */
        if ((rc = set_begin(an, nct)))
            return rc;
        for (size_t i = 0; i < nct; i++) {
            uint32_t k = set_insert_val(an, sc->ct[i], (uint32_t)nterms);
            if (k == nterms) {
                sc->dterm[nterms] = sc->ct[i];
                sc->tf[nterms++] = 1;
            } else {
                sc->tf[k]++;
            }
        }
        out->tf = sc->tf;
    } else {
        /* Weighted stems: distinct and sorted, overall and per sentence. */
        /* each weight looks up a frequency in a large table */
        for (size_t i = 0; i < nct; i++) {
            if (an->corpus)
                sl__count_prefetch_ahead(&an->corpus->df, sc->cs, nct, i);
            sc->cw[i] = weight_of(an, sc->cs[i]);
        }
        nterms = sort_terms(sc->dterm, sc->dweight, sc->ct, sc->cw, nct, sc->pairs, sc->tmp64);
        size_t k = 0, m = 0;
        for (size_t s = 0; s < nsent; s++) {
            an->soff[s] = (uint32_t)m;
            size_t b = k;
            while (k < nct && sc->csent[k] == s)
                k++;
            m += sort_terms(sc->sterm + m, sc->sweight + m, sc->ct + b, sc->cw + b, k - b,
                            sc->pairs, sc->tmp64);
        }
        an->soff[nsent] = (uint32_t)m;
        out->sent = an->sents.v;
        out->nsent = nsent;
        out->sterms = sc->sterm;
        out->sweights = sc->sweight;
        out->sterm_off = an->soff;
        out->weights = sc->dweight;
    }
    out->ntokens = (uint32_t)ntok;
    out->nshingles = nd;
    out->shingles = sc->sh;
    out->nshingle_pos = nsh;
    out->terms = sc->dterm;
    out->nterms = nterms;
    return SL_OK;
}
