/*
 * analyse.c - one article's text to the features the relations use:
 * sentences -> normalised text -> tokens -> token hashes -> word shingles
 * (near duplicates) and stemmed content terms (rewrites, alignment).
 *
 * One analyser per thread.  Stemming goes through a direct-mapped cache
 * keyed by the token's hash and the language, because news vocabulary is
 * Zipfian: most tokens are hits and never reach libstemmer.
 */
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

#define CACHE_BITS 18
#define MAX_LANGS 16

/* Stem cache entry, 8 bytes so that 64K of them take 512 KiB: the upper
 * half of the token's hash (mixed with the language) as tag, and the term
 * id, or STOP_TERM for stopwords.  Term id 0 is never produced (see
 * term_id), so a zero tag marks an empty slot. */
#define STOP_TERM 0u

typedef struct centry {
    uint32_t tag;
    uint32_t term;
} centry;

typedef struct lang_slot {
    const char *name; /* Snowball name (static) */
    sl_stemmer *st;
    uint64_t salt;
} lang_slot;

struct sl_analyser {
    const sl_config *cfg;
    lang_slot lang[MAX_LANGS];
    unsigned nlang;
    centry *cache;
    sl_buf norm;
    sl_tokvec toks;
    sl_spanvec sents;
    uint32_t *sent_tok;  /* first token of each sentence, nsent + 1 entries */
    size_t sent_tok_cap;
    uint64_t *th;        /* token hashes */
    size_t th_cap;
    uint64_t *sh;        /* shingle hashes */
    size_t sh_cap;
    uint32_t *ct;        /* content terms in text order */
    uint32_t *ct_sent;   /* sentence of each content term */
    size_t ct_cap;
    uint32_t *dterm, *tmp32;
    size_t dterm_cap;
    uint32_t *soff;      /* per-sentence offsets into dterm-like sterm */
    size_t soff_cap;
    uint32_t *sterm;
    size_t sterm_cap;
    uint64_t *set;       /* distinct shingle counting */
    uint32_t *set_gen;
    size_t set_cap;
    uint32_t gen;
};

int sl__analyser_new(sl_analyser **out, const sl_config *cfg)
{
    *out = NULL;
    sl_analyser *an = calloc(1, sizeof *an);
    if (!an)
        return sl__nomem();
    an->cfg = cfg;
    an->cache = calloc((size_t)1 << CACHE_BITS, sizeof *an->cache);
    if (!an->cache) {
        free(an);
        return sl__nomem();
    }
    *out = an;
    return SL_OK;
}

void sl__analyser_free(sl_analyser *an)
{
    if (!an)
        return;
    for (unsigned i = 0; i < an->nlang; i++)
        sl__stemmer_free(an->lang[i].st);
    free(an->cache);
    sl__buf_free(&an->norm);
    free(an->toks.v);
    free(an->sents.v);
    free(an->sent_tok);
    free(an->th);
    free(an->sh);
    free(an->ct);
    free(an->ct_sent);
    free(an->dterm);
    free(an->tmp32);
    free(an->soff);
    free(an->sterm);
    free(an->set);
    free(an->set_gen);
    free(an);
}

/* The stemmer for an article's language; unknown languages fall back to
 * the configured default (the corpus counts them, see sl_dedup_stats). */
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
    if (slot == MAX_LANGS - 1 && an->lang[slot].st) { /* full: recycle the last */
        sl__stemmer_free(an->lang[slot].st);
        an->lang[slot].st = NULL;
        memset(an->cache, 0, ((size_t)1 << CACHE_BITS) * sizeof *an->cache);
    }
    int rc = sl__stemmer_new(&an->lang[slot].st, name);
    if (rc) {
        an->lang[slot].st = NULL;
        if (slot == an->nlang - 1)
            an->nlang--;
        return rc;
    }
    an->lang[slot].name = name;
    an->lang[slot].salt = sl__mix64(sl__hash64(name, strlen(name), 0x5eed)) | 1;
    *out = &an->lang[slot];
    return SL_OK;
}

static inline uint32_t term_id(const char *s, size_t n, uint64_t seed)
{
    uint32_t t = (uint32_t)(hash_token(s, n, seed ^ 0x7465726dULL) >> 32);
    return t ? t : 1; /* 0 means "stopword" in the cache */
}

#define CACHE_MASK (((size_t)1 << CACHE_BITS) - 1)

static inline centry *cache_slot(sl_analyser *an, uint64_t key)
{
    return &an->cache[(size_t)key & CACHE_MASK];
}

static inline uint32_t cache_tag(uint64_t key)
{
    uint32_t t = (uint32_t)(key >> 32);
    return t ? t : 1;
}

/* Term id of token t (hash h, language-mixed key), or STOP_TERM. */
static inline uint32_t classify(sl_analyser *an, lang_slot *ls, const char *text,
                                const sl_token *t, uint64_t key)
{
    centry *e = cache_slot(an, key);
    uint32_t tag = cache_tag(key);
    if (e->tag == tag)
        return e->term;
    const char *w = text + t->off;
    uint32_t term;
    if (t->kind == SL_TOK_NUM || t->kind == SL_TOK_CJK) {
        term = term_id(w, t->len, an->cfg->seed);
    } else if (t->len < 2 || sl__stopword(ls->st, w, t->len)) {
        term = STOP_TERM;
    } else {
        size_t sl;
        const char *stem = sl__stem(ls->st, w, t->len, &sl);
        term = term_id(stem, sl, an->cfg->seed);
    }
    e->tag = tag;
    e->term = term;
    return term;
}

static int reserve(sl_analyser *an, size_t ntok, size_t nsent)
{
    void *p;
    if (ntok + 1 > an->th_cap) {
        size_t cap = an->th_cap;
        p = an->th;
        if (sl__grow(&p, &cap, ntok + 1, sizeof *an->th))
            return SL_ENOMEM;
        an->th = p;
        cap = an->th_cap;
        p = an->sh;
        if (sl__grow(&p, &cap, ntok + 1, sizeof *an->sh))
            return SL_ENOMEM;
        an->sh = p;
        cap = an->th_cap;
        p = an->ct;
        if (sl__grow(&p, &cap, ntok + 1, sizeof *an->ct))
            return SL_ENOMEM;
        an->ct = p;
        cap = an->th_cap;
        p = an->ct_sent;
        if (sl__grow(&p, &cap, ntok + 1, sizeof *an->ct_sent))
            return SL_ENOMEM;
        an->ct_sent = p;
        cap = an->th_cap;
        p = an->dterm;
        if (sl__grow(&p, &cap, ntok + 1, sizeof *an->dterm))
            return SL_ENOMEM;
        an->dterm = p;
        cap = an->th_cap;
        p = an->tmp32;
        if (sl__grow(&p, &cap, ntok + 1, sizeof *an->tmp32))
            return SL_ENOMEM;
        an->tmp32 = p;
        cap = an->th_cap;
        p = an->sterm;
        if (sl__grow(&p, &cap, ntok + 1, sizeof *an->sterm))
            return SL_ENOMEM;
        an->sterm = p;
        an->th_cap = cap;
    }
    p = an->sent_tok;
    if (sl__grow(&p, &an->sent_tok_cap, nsent + 1, sizeof *an->sent_tok))
        return SL_ENOMEM;
    an->sent_tok = p;
    p = an->soff;
    if (sl__grow(&p, &an->soff_cap, nsent + 1, sizeof *an->soff))
        return SL_ENOMEM;
    an->soff = p;
    return SL_OK;
}

/* A generation-tagged hash set of 64-bit keys, sized for n inserts, so it
 * is never cleared between articles. */
static int set_begin(sl_analyser *an, size_t n)
{
    size_t need = 16;
    while (need < 2 * n)
        need *= 2;
    if (need > an->set_cap) {
        free(an->set);
        free(an->set_gen);
        an->set = malloc(need * sizeof *an->set);
        an->set_gen = calloc(need, sizeof *an->set_gen);
        if (!an->set || !an->set_gen) {
            free(an->set);
            free(an->set_gen);
            an->set = NULL;
            an->set_gen = NULL;
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

/* Sorts v[0..n) and removes repeats; returns the new length. */
static size_t sort_unique(uint32_t *v, uint32_t *tmp, size_t n)
{
    sl__sort_u32(v, tmp, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || v[m - 1] != v[i])
            v[m++] = v[i];
    return m;
}

int sl__analyse(sl_features *out, sl_analyser *an, const sl_article *a, unsigned want)
{
    const sl_config *cfg = an->cfg;
    memset(out, 0, sizeof *out);
    lang_slot *ls;
    int rc = pick_lang(&ls, an, a->lang);
    if (rc)
        return rc;

    an->sents.n = 0;
    an->toks.n = 0;
    an->norm.len = 0;
    size_t nsent;
    if (want & SL_AN_SENTENCES) {
        /* Normalise sentence by sentence, joined by one space, so that
         * tokens can be told apart by sentence. */
        if ((rc = sl__sentences(&an->sents, a->text, a->text_len)))
            return rc;
        nsent = an->sents.n;
        if ((rc = reserve(an, 0, nsent)))
            return rc;
        for (size_t s = 0; s < nsent; s++) {
            const sl_span *sp = &an->sents.v[s];
            size_t start = an->norm.len;
            if (s > 0 && (rc = sl__buf_putc(&an->norm, ' ')))
                return rc;
            size_t body = an->norm.len;
            if ((rc = sl__normalize_append(&an->norm, a->text + sp->off, sp->len,
                                           cfg->strip_accents)))
                return rc;
            if (an->norm.len == body) /* normalised to nothing: drop the space */
                an->norm.len = start;
            size_t t0 = an->toks.n;
            an->sent_tok[s] = (uint32_t)t0;
            if ((rc = sl__tokenize(&an->toks, an->norm.p + body, an->norm.len - body)))
                return rc;
            for (size_t t = t0; t < an->toks.n; t++)
                an->toks.v[t].off += (uint32_t)body;
        }
    } else {
        /* The whole text at once: the same tokens, and the normalised text
         * whose hash is sl_text_hash(). */
        nsent = 1;
        if ((rc = reserve(an, 0, 1)) ||
            (rc = sl__normalize_append(&an->norm, a->text, a->text_len, cfg->strip_accents)) ||
            (rc = sl__tokenize(&an->toks, an->norm.p ? an->norm.p : "", an->norm.len)))
            return rc;
        an->sent_tok[0] = 0;
    }
    an->sent_tok[nsent] = (uint32_t)an->toks.n;
    size_t ntok = an->toks.n;
    if ((rc = reserve(an, ntok, nsent)))
        return rc;
    if (want & SL_AN_SHINGLES)
        sl__hash128(out->exact, an->norm.p ? an->norm.p : "", an->norm.len, 0);

    /* Token hashes; the cache slot of each is prefetched here, so that the
     * classification loop below rarely waits for memory. */
    const char *nt = an->norm.p;
    for (size_t t = 0; t < ntok; t++) {
        const sl_token *tk = &an->toks.v[t];
        uint64_t h = hash_token(nt + tk->off, tk->len, cfg->seed);
        an->th[t] = h;
        __builtin_prefetch(cache_slot(an, h ^ ls->salt));
    }
    /* Content terms, with the sentence of each. */
    size_t nct = 0;
    for (size_t s = 0; s < nsent; s++) {
        for (uint32_t t = an->sent_tok[s]; t < an->sent_tok[s + 1]; t++) {
            uint32_t term = classify(an, ls, nt, &an->toks.v[t], an->th[t] ^ ls->salt);
            if (term != STOP_TERM) {
                an->ct[nct] = term;
                an->ct_sent[nct] = (uint32_t)s;
                nct++;
            }
        }
    }

    /* Word shingles: an order-sensitive combination of w token hashes. */
    unsigned w = cfg->shingle;
    size_t nsh = 0;
    if ((want & SL_AN_SHINGLES) && ntok > 0) {
        size_t span = ntok < w ? ntok : w;
        for (size_t i = 0; i + span <= ntok; i++) {
            uint64_t x = 0x9e3779b97f4a7c15ULL;
            for (size_t j = 0; j < span; j++)
                x = (x ^ an->th[i + j]) * 0x100000001b3ULL + j;
            an->sh[nsh++] = sl__mix64(x);
        }
    }
    uint32_t nd = 0;
    if (nsh) {
        if ((rc = set_begin(an, nsh)))
            return rc;
        for (size_t i = 0; i < nsh; i++)
            nd += (uint32_t)set_insert(an, an->sh[i]);
    }

    /* Distinct content terms, in order of first occurrence (sorted below
     * when sentences are wanted: alignment merges sorted lists). */
    size_t nterms = 0;
    if ((rc = set_begin(an, nct)))
        return rc;
    for (size_t i = 0; i < nct; i++)
        if (set_insert(an, an->ct[i]))
            an->dterm[nterms++] = an->ct[i];
    if (want & SL_AN_SENTENCES)
        sl__sort_u32(an->dterm, an->tmp32, nterms);

    out->ntokens = (uint32_t)ntok;
    out->nshingles = nd;
    out->shingles = an->sh;
    out->nshingle_pos = nsh;
    out->terms = an->dterm;
    out->nterms = nterms;

    if (want & SL_AN_SENTENCES) {
        /* Per-sentence distinct terms: ct is in sentence order already. */
        size_t k = 0, m = 0;
        for (size_t s = 0; s < nsent; s++) {
            an->soff[s] = (uint32_t)m;
            size_t b = k;
            while (k < nct && an->ct_sent[k] == s)
                k++;
            memcpy(an->sterm + m, an->ct + b, (k - b) * sizeof *an->ct);
            m += sort_unique(an->sterm + m, an->tmp32, k - b);
        }
        an->soff[nsent] = (uint32_t)m;
        out->sent = an->sents.v;
        out->nsent = nsent;
        out->sterms = an->sterm;
        out->sterm_off = an->soff;
    }
    return SL_OK;
}
