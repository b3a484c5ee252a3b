/*
 * corpus.c - the article collection: ownership, id lookup, the first
 * analysis pass (exact hash, shingle MinHash, content-term MinHash and
 * document frequencies), and lazily computed sentence spans.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

int sl_corpus_new(sl_corpus **out, const sl_config *cfg)
{
    *out = NULL;
    sl_config def;
    if (!cfg) {
        sl_config_init(&def);
        cfg = &def;
    }
    int rc = sl_config_check(cfg);
    if (rc)
        return rc;
    sl_corpus *c = calloc(1, sizeof *c);
    if (!c)
        return sl__nomem();
    c->cfg = *cfg;
    c->lang = sl__strdup(cfg->lang ? cfg->lang : "english");
    if (!c->lang) {
        free(c);
        return SL_ENOMEM;
    }
    c->cfg.lang = c->lang;
    *out = c;
    return SL_OK;
}

void sl_corpus_free(sl_corpus *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        sl_article_free(c->art[i]);
        if (c->sent && i < c->sentcap)
            free(c->sent[i]);
    }
    free(c->art);
    free(c->doc);
    free(c->sig);
    free(c->idmap);
    sl__count_free(&c->df);
    for (size_t i = 0; i < c->keptcap; i++)
        free(c->kept[i]);
    free(c->kept);
    free(c->sent);
    free(c->nsent);
    for (unsigned t = 0; t < c->nan; t++)
        sl__analyser_free(c->an[t]);
    free(c->an);
    free(c->lang);
    free(c);
}

size_t sl_corpus_count(const sl_corpus *c) { return c ? c->n : 0; }

const sl_article *sl_corpus_article(const sl_corpus *c, size_t i)
{
    return c && i < c->n ? c->art[i] : NULL;
}

static uint64_t id_hash(const char *id) { return sl__hash64(id, strlen(id), 0x6964); }

static int idmap_grow(sl_corpus *c)
{
    size_t cap = c->idcap ? c->idcap * 2 : 1024;
    uint32_t *m = calloc(cap, sizeof *m);
    if (!m)
        return sl__nomem();
    for (size_t i = 0; i < c->n; i++) {
        size_t s = id_hash(c->art[i]->id) & (cap - 1);
        while (m[s])
            s = (s + 1) & (cap - 1);
        m[s] = (uint32_t)i + 1;
    }
    free(c->idmap);
    c->idmap = m;
    c->idcap = cap;
    return SL_OK;
}

int sl_corpus_find(size_t *out, const sl_corpus *c, const char *id)
{
    if (c->idcap) {
        size_t s = id_hash(id) & (c->idcap - 1);
        while (c->idmap[s]) {
            uint32_t i = c->idmap[s] - 1;
            if (strcmp(c->art[i]->id, id) == 0) {
                *out = i;
                return SL_OK;
            }
            s = (s + 1) & (c->idcap - 1);
        }
    }
    return sl__fail(SL_ENOTFOUND, "no article with id \"%s\"", id);
}

int sl_corpus_add(sl_corpus *c, sl_article *a)
{
    if (!a || !a->id || !a->id[0])
        return sl__fail(SL_EEMPTY, "article without id");
    if (!a->text || !a->text_len)
        return sl__fail(SL_EEMPTY, "article \"%s\" has no text", a->id);
    if (c->n >= UINT32_MAX - 1)
        return sl__fail(SL_EINVAL, "a corpus holds at most %u articles", UINT32_MAX - 2);
    size_t dummy;
    if (c->n && sl_corpus_find(&dummy, c, a->id) == SL_OK)
        return sl__fail(SL_EDUPID, "duplicate id \"%s\"", a->id);
    if ((c->n + 1) * 2 > c->idcap && idmap_grow(c))
        return SL_ENOMEM;
    if (c->n == c->cap) {
        size_t cap = c->cap;
        void *p = c->art;
        if (sl__grow(&p, &cap, c->n + 1, sizeof *c->art))
            return SL_ENOMEM;
        c->art = p;
        p = c->doc;
        size_t cap2 = c->cap;
        if (sl__grow(&p, &cap2, c->n + 1, sizeof *c->doc))
            return SL_ENOMEM;
        c->doc = p;
        c->cap = cap;
    }
    c->art[c->n] = a;
    memset(&c->doc[c->n], 0, sizeof c->doc[c->n]);
    size_t s = id_hash(a->id) & (c->idcap - 1);
    while (c->idmap[s])
        s = (s + 1) & (c->idcap - 1);
    c->idmap[s] = (uint32_t)c->n + 1;
    c->n++;
    return SL_OK;
}

/* ---- per-worker analysers */

int sl__corpus_workers(sl_corpus *c, unsigned n)
{
    if (n <= c->nan)
        return SL_OK;
    void *p = realloc(c->an, n * sizeof *c->an);
    if (!p)
        return sl__nomem();
    c->an = p;
    for (; c->nan < n; c->nan++) {
        if (sl__analyser_new(&c->an[c->nan], &c->cfg, c))
            return SL_ENOMEM;
        if (c->nan > 0) /* one token cache for all (2 MiB) */
            sl__analyser_share_cache(c->an[c->nan], c->an[0]);
    }
    return SL_OK;
}

/* ---- counts of 32-bit keys: open addressing, occupied when val != 0 */

typedef sl_countmap dfmap;

/* Rehashes m into cap (a power of two, > m->n / 0.75) slots. */
static int count_resize(sl_countmap *m, size_t cap)
{
    sl_countslot *v = calloc(cap, sizeof *v);
    if (!v)
        return sl__nomem();
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->s[i].val)
            continue;
        size_t s = sl__mix64(m->s[i].key) & (cap - 1);
        while (v[s].val)
            s = (s + 1) & (cap - 1);
        v[s] = m->s[i];
    }
    free(m->s);
    m->s = v;
    m->cap = cap;
    return SL_OK;
}

int sl__count_add(sl_countmap *m, uint32_t t, uint32_t inc)
{
    int rc;
    if ((m->n + 1) * 4 > m->cap * 3 && /* load factor 3/4 */
        (rc = count_resize(m, m->cap ? m->cap * 2 : 4096)))
        return rc;
    size_t s = sl__mix64(t) & (m->cap - 1);
    while (m->s[s].val && m->s[s].key != t)
        s = (s + 1) & (m->cap - 1);
    if (!m->s[s].val) {
        m->s[s].key = t;
        m->n++;
    }
    m->s[s].val += inc;
    return SL_OK;
}

uint32_t sl__count_get(const sl_countmap *m, uint32_t t)
{
    if (!m->cap)
        return 0;
    size_t s = sl__mix64(t) & (m->cap - 1);
    while (m->s[s].val) {
        if (m->s[s].key == t)
            return m->s[s].val;
        s = (s + 1) & (m->cap - 1);
    }
    return 0;
}

void sl__count_prefetch(const sl_countmap *m, uint32_t t)
{
    if (m->cap)
        __builtin_prefetch(&m->s[sl__mix64(t) & (m->cap - 1)]);
}

int sl__count_merge(sl_countmap *into, const sl_countmap *from)
{
    /* Sized first, to at least from's capacity: keys taken in from's slot
     * order and put into a smaller table pile up in long probe runs (its
     * slots are the low bits of the larger table's); this cost 1,500
     * instructions a key when the corpus table grew during the merge. */
    size_t cap = into->cap > from->cap ? into->cap : from->cap;
    if (cap < 4096)
        cap = 4096;
    while ((into->n + from->n + 1) * 4 > cap * 3)
        cap *= 2;
    int rc = cap > into->cap ? count_resize(into, cap) : SL_OK;
    for (size_t s = 0; !rc && s < from->cap; s++)
        if (from->s[s].val)
            rc = sl__count_add(into, from->s[s].key, from->s[s].val);
    return rc;
}

void sl__count_free(sl_countmap *m)
{
    free(m->s);
    memset(m, 0, sizeof *m);
}

uint32_t sl__df(const sl_corpus *c, uint32_t t) { return sl__count_get(&c->df, t); }

void sl__df_prefetch(const sl_corpus *c, uint32_t t) { sl__count_prefetch(&c->df, t); }

static float idf_of(size_t n, uint32_t df)
{
    return (float)(log((double)(n + 1) / (df + 1.0)) + 1.0);
}

/* The article count IDF is taken over. */
static size_t idf_n(const sl_corpus *c) { return c->idf_docs ? c->idf_docs : c->nanalysed; }

float sl__idf(const sl_corpus *c, uint32_t t)
{
    size_t n = idf_n(c);
    if (n < 100)
        return 1.0f;
    uint32_t df = sl__df(c, t);
    if (n == c->idf_tab_n && df < SL_IDF_TAB)
        return c->idf_tab[df];
    return idf_of(n, df);
}

/* After the counts or the article count changed: the table of sl__idf for
 * small document frequencies (the same values, computed once). */
static void idf_fill(sl_corpus *c)
{
    size_t n = idf_n(c);
    c->idf_tab_n = 0;
    if (n < 100)
        return;
    for (uint32_t df = 0; df < SL_IDF_TAB; df++)
        c->idf_tab[df] = idf_of(n, df);
    c->idf_tab_n = n;
}

void sl__corpus_lend_facts(sl_corpus *c, sl_facts *const *f, size_t n)
{
    c->lent_facts = f;
    c->nlent = f ? n : 0;
}

void sl__corpus_set_df(sl_corpus *c, uint32_t (*get)(void *ud, uint32_t term), void *ud,
                       size_t ndocs)
{
    for (size_t s = 0; s < c->df.cap; s++)
        if (c->df.s[s].val) {
            uint32_t v = get(ud, c->df.s[s].key);
            if (v > c->df.s[s].val)
                c->df.s[s].val = v;
        }
    c->idf_docs = ndocs > c->nanalysed ? ndocs : c->nanalysed;
    idf_fill(c);
}

/* ---- first pass */

typedef struct pass1 {
    sl_corpus *c;
    size_t base;     /* first article of this pass */
    dfmap *df;       /* one per worker */
    uint64_t **scratch;
    size_t *scratch_cap;
} pass1;

/* Copies f's terms and counts into *out (the layout sl__article_terms reads:
 * the count, the terms, the counts as uint16); leaves *out NULL when a
 * count does not fit 16 bits.  SL_OK or SL_ENOMEM. */
static int keep_terms(uint32_t **out, const sl_features *f)
{
    *out = NULL;
    for (size_t t = 0; t < f->nterms; t++)
        if (f->tf[t] > UINT16_MAX)
            return SL_OK; /* analysed again when needed */
    uint32_t *k = malloc((1 + f->nterms + (f->nterms + 1) / 2) * sizeof *k);
    if (!k)
        return sl__nomem();
    k[0] = (uint32_t)f->nterms;
    memcpy(k + 1, f->terms, f->nterms * sizeof *k);
    uint16_t *tf = (uint16_t *)(k + 1 + f->nterms);
    for (size_t t = 0; t < f->nterms; t++)
        tf[t] = (uint16_t)f->tf[t];
    *out = k;
    return SL_OK;
}

/* Article i's kept terms, else those of analysing its text in mode `want`
 * (0: content words with counts; SL_AN_ALL_WORDS: every word, no counts). */
static int article_terms(sl_terms *out, const sl_corpus *c, sl_analyser *an, size_t i,
                         unsigned want)
{
    const uint32_t *k = i < c->keptcap ? c->kept[i] : NULL;
    if (k) {
        *out = (sl_terms){k + 1, (const uint16_t *)(k + 1 + k[0]), NULL, k[0]};
        return SL_OK;
    }
    sl_features f;
    int rc = sl__analyse(&f, an, c->art[i], want);
    if (rc)
        return rc;
    *out = (sl_terms){f.terms, NULL, want & SL_AN_ALL_WORDS ? NULL : f.tf, f.nterms};
    return SL_OK;
}

int sl__article_terms(sl_terms *out, const sl_corpus *c, sl_analyser *an, size_t i)
{
    return article_terms(out, c, an, i, 0);
}

int sl__article_words(sl_terms *out, const sl_corpus *c, sl_analyser *an, size_t i)
{
    return article_terms(out, c, an, i, SL_AN_ALL_WORDS);
}

static int pass1_range(void *ctx, unsigned w, size_t lo, size_t hi)
{
    pass1 *p = ctx;
    sl_corpus *c = p->c;
    unsigned k = c->cfg.minhash_k;
    /* without rewrites the words are neither classified nor counted */
    unsigned want = SL_AN_SHINGLES | (c->cfg.rewrites ? 0 : SL_AN_NO_TERMS);
    for (size_t i = p->base + lo; i < p->base + hi; i++) {
        sl_features f;
        int rc = sl__analyse(&f, c->an[2 * w], c->art[i], want);
        if (rc)
            return rc;
        sl_doc *d = &c->doc[i];
        d->exact[0] = f.exact[0];
        d->exact[1] = f.exact[1];
        d->nshingles = f.nshingles;
        d->ntokens = f.ntokens;
        sl__minhash(c->sig + i * k, k, f.shingles, f.nshingle_pos, c->cfg.seed);
        void *s = p->scratch[w];
        if (sl__grow(&s, &p->scratch_cap[w], f.nterms + 1, sizeof(uint64_t)))
            return SL_ENOMEM;
        p->scratch[w] = s;
        for (size_t t = 0; t < f.nterms; t++) {
            sl__count_prefetch_ahead(&p->df[w], f.terms, f.nterms, t);
            p->scratch[w][t] = f.terms[t];
            if (sl__count_add(&p->df[w], f.terms[t], 1))
                return SL_ENOMEM;
        }
        sl__minhash(d->tsig, SL_TERM_K, p->scratch[w], f.nterms, c->cfg.seed + 1);
        if (c->kept && keep_terms(&c->kept[i], &f))
            return SL_ENOMEM;
        d->analysed = 1;
    }
    return SL_OK;
}

int sl_corpus_analyse(sl_corpus *c)
{
    if (c->nanalysed == c->n)
        return SL_OK;
    if (c->sig_dropped)
        return sl__fail(SL_EINVAL, "%zu articles added after sl_dedup_run dropped the "
                                   "MinHash signatures (drop_signatures)", c->n - c->nanalysed);
    unsigned T = c->cfg.threads;
    unsigned k = c->cfg.minhash_k;
    if (c->n * k > c->sigcap) {
        /* exact size: large blocks are remapped, not copied, so growing
         * batch by batch is cheap and leaves no doubling slack */
        void *p = realloc(c->sig, c->n * k * sizeof *c->sig);
        if (!p)
            return sl__nomem();
        c->sig = p;
        c->sigcap = c->n * k;
    }
    if (c->cfg.keep_terms && c->cfg.rewrites && c->n > c->keptcap) {
        void *kp = realloc(c->kept, c->n * sizeof *c->kept);
        if (!kp)
            return sl__nomem();
        c->kept = kp;
        memset(c->kept + c->keptcap, 0, (c->n - c->keptcap) * sizeof *c->kept);
        c->keptcap = c->n;
    }
    int rc = sl__corpus_workers(c, 2 * T);
    if (rc)
        return rc;
    pass1 p = {c, c->nanalysed, calloc(T, sizeof(dfmap)), calloc(T, sizeof(uint64_t *)),
               calloc(T, sizeof(size_t))};
    if (!p.df || !p.scratch || !p.scratch_cap)
        rc = sl__nomem();
    if (!rc)
        rc = sl__parallel_for(T, c->n - c->nanalysed, 64, pass1_range, &p);
    /* merge the workers' frequencies into the corpus table (sums: the
     * result does not depend on which worker saw which article) */
    for (unsigned t = 0; !rc && t < T; t++)
        rc = sl__count_merge(&c->df, &p.df[t]);
    for (unsigned t = 0; t < T; t++) {
        if (p.df)
            sl__count_free(&p.df[t]);
        if (p.scratch)
            free(p.scratch[t]);
    }
    free(p.df);
    free(p.scratch);
    free(p.scratch_cap);
    if (!rc) {
        c->nanalysed = c->n;
        idf_fill(c);
    }
    return rc;
}

int sl_corpus_sentences(const sl_span **out, size_t *n, sl_corpus *c, size_t i)
{
    *out = NULL;
    *n = 0;
    if (i >= c->n)
        return sl__fail(SL_EINVAL, "article index %zu out of range", i);
    if (!c->sent) {
        c->sent = calloc(c->cap, sizeof *c->sent);
        c->nsent = calloc(c->cap, sizeof *c->nsent);
        if (!c->sent || !c->nsent) {
            free(c->sent);
            free(c->nsent);
            c->sent = NULL;
            c->nsent = NULL;
            return sl__nomem();
        }
        c->sentcap = c->cap;
    }
    if (i >= c->sentcap) {
        void *p = c->sent, *q = c->nsent;
        size_t cap1 = c->sentcap, cap2 = c->sentcap;
        if (sl__grow(&p, &cap1, c->cap, sizeof *c->sent))
            return SL_ENOMEM;
        c->sent = p;
        if (sl__grow(&q, &cap2, c->cap, sizeof *c->nsent))
            return SL_ENOMEM;
        c->nsent = q;
        memset(c->sent + c->sentcap, 0, (cap1 - c->sentcap) * sizeof *c->sent);
        memset(c->nsent + c->sentcap, 0, (cap1 - c->sentcap) * sizeof *c->nsent);
        c->sentcap = cap1;
    }
    if (!c->sent[i]) {
        sl_spanvec v = {0};
        int rc = sl__sentences(&v, c->art[i]->text, c->art[i]->text_len);
        if (rc) {
            free(v.v);
            return rc;
        }
        c->sent[i] = v.v;
        c->nsent[i] = (uint32_t)v.n;
    }
    *out = c->sent[i];
    *n = c->nsent[i];
    return SL_OK;
}
