/*
 * eval.c - scores a clustering against gold labels (sl_eval_clusters).
 *
 * Everything is computed from contingency counts, never from article pairs,
 * so scoring is O(n) expected time and memory:
 *  - labels (gold events, predicted clusters, topics) are interned into
 *    dense ids with string hash maps;
 *  - contingency cells (gold, pred) get dense ids from a hash map keyed by
 *    the 64-bit pair of ids, and so do (topic, gold), (topic, pred) and
 *    (topic, cell) for the topic-merge share;
 *  - pair counts are sums of C(k, 2) over the cells, in 64-bit integers
 *    (exact for every n accepted, n < 2^32), turned into doubles only for
 *    the ratios.
 *
 * Conventions follow the reference scorer tests/ref/eval_clusters.py:
 * pairwise P = 1 when the prediction has no pair, R = 1 when the gold has
 * none, F1 = 0 when P + R = 0; ARI = 1 when its denominator is zero; the
 * topic-merge share is 0 when no topic holds two different events.  A
 * missing prediction is a singleton cluster of its own.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NO_ID UINT32_MAX

/* ------------------------------------------------------------ hash maps
 * Open addressing with linear probing; slots hold dense id + 1 (0: empty).
 * The capacity is fixed at creation to a power of two >= 2 * the most keys
 * that can be inserted, so the tables never grow and never fill. */

typedef struct idmap {
    uint32_t *slot;
    size_t mask;
    uint32_t n; /* keys inserted = next id */
} idmap;

static int idmap_init(idmap *m, size_t maxkeys)
{
    size_t cap = 16;
    while (cap < 2 * maxkeys) {
        if (cap > SIZE_MAX / 2 / sizeof *m->slot)
            return sl__nomem();
        cap *= 2;
    }
    m->slot = calloc(cap, sizeof *m->slot);
    if (!m->slot)
        return sl__nomem();
    m->mask = cap - 1;
    m->n = 0;
    return SL_OK;
}

static void idmap_free(idmap *m)
{
    free(m->slot);
    m->slot = NULL;
}

/* String keys: the strings are the caller's (not copied). */
typedef struct strmap {
    idmap m;
    const char **key; /* by id */
} strmap;

static int strmap_init(strmap *s, size_t maxkeys)
{
    s->key = NULL;
    if (idmap_init(&s->m, maxkeys))
        return SL_ENOMEM;
    s->key = malloc((maxkeys ? maxkeys : 1) * sizeof *s->key);
    if (!s->key) {
        idmap_free(&s->m);
        return sl__nomem();
    }
    return SL_OK;
}

static void strmap_free(strmap *s)
{
    idmap_free(&s->m);
    free(s->key);
    s->key = NULL;
}

/* Id of string k, inserted when new. */
static uint32_t strmap_id(strmap *s, const char *k)
{
    size_t len = strlen(k);
    size_t i = (size_t)sl__hash64(k, len, 0x5eed) & s->m.mask;
    for (;; i = (i + 1) & s->m.mask) {
        uint32_t v = s->m.slot[i];
        if (!v) {
            s->key[s->m.n] = k;
            s->m.slot[i] = ++s->m.n;
            return s->m.n - 1;
        }
        if (strcmp(s->key[v - 1], k) == 0)
            return v - 1;
    }
}

/* 64-bit keys (two 32-bit ids), with a count per key. */
typedef struct pairmap {
    idmap m;
    uint64_t *key;  /* by id */
    uint64_t *count;/* by id */
} pairmap;

static int pairmap_init(pairmap *p, size_t maxkeys)
{
    p->key = NULL;
    p->count = NULL;
    if (idmap_init(&p->m, maxkeys))
        return SL_ENOMEM;
    size_t k = maxkeys ? maxkeys : 1;
    p->key = malloc(k * sizeof *p->key);
    p->count = calloc(k, sizeof *p->count);
    if (!p->key || !p->count) {
        idmap_free(&p->m);
        free(p->key);
        free(p->count);
        p->key = p->count = NULL;
        return sl__nomem();
    }
    return SL_OK;
}

static void pairmap_free(pairmap *p)
{
    idmap_free(&p->m);
    free(p->key);
    free(p->count);
    p->key = p->count = NULL;
}

/* Counts one more (a, b); returns the id of the pair. */
static uint32_t pairmap_add(pairmap *p, uint32_t a, uint32_t b)
{
    uint64_t k = (uint64_t)a << 32 | b;
    size_t i = (size_t)sl__mix64(k) & p->m.mask;
    for (;; i = (i + 1) & p->m.mask) {
        uint32_t v = p->m.slot[i];
        if (!v) {
            p->key[p->m.n] = k;
            p->count[p->m.n] = 1;
            p->m.slot[i] = ++p->m.n;
            return p->m.n - 1;
        }
        if (p->key[v - 1] == k) {
            p->count[v - 1]++;
            return v - 1;
        }
    }
}

/* ------------------------------------------------------------ scoring */

static uint64_t comb2(uint64_t k) { return k < 2 ? 0 : k * (k - 1) / 2; }

/* Sum of C(count, 2) over the keys of a pair map. */
static uint64_t pairs_in(const pairmap *p)
{
    uint64_t s = 0;
    for (uint32_t i = 0; i < p->m.n; i++)
        s += comb2(p->count[i]);
    return s;
}

static double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

/* Adjusted Rand index from the pair counts: tp pairs together in both,
 * gp in the gold, pp in the prediction, tot = C(n, 2) in all.
 * ARI = (tp - gp*pp/tot) / ((gp + pp)/2 - gp*pp/tot).  Multiplied through by
 * tot the denominator is (gp (tot - pp) + pp (tot - gp)) / 2, which is zero
 * exactly when tot = 0, gp = pp = 0 or gp = pp = tot: those are decided in
 * integers (ARI = 1, as in the reference) so that rounding in the products
 * (beyond 2^53 from ~14,000 articles on) cannot turn them into 0/0. */
static double ari_of(uint64_t tp, uint64_t gp, uint64_t pp, uint64_t tot)
{
    if (tot == 0 || (gp == pp && (gp == 0 || gp == tot)))
        return 1.0;
    double num = (double)tp * (double)tot - (double)gp * (double)pp;
    double den = ((double)gp * (double)(tot - pp) + (double)pp * (double)(tot - gp)) / 2;
    return num / den;
}

typedef struct work {
    strmap gold, pred, topic;
    pairmap cell;      /* (gold, pred) */
    pairmap tgold;     /* (topic, gold) */
    pairmap tpred;     /* (topic, pred) */
    pairmap tcell;     /* (topic, cell), i.e. (topic, gold, pred) */
    uint64_t *gsize;   /* by gold id */
    uint64_t *psize;   /* by pred id */
    uint64_t *tsize;   /* by topic id */
    uint32_t *gid;     /* by article */
    uint32_t *cid;     /* by article: cell id, NO_ID when pred is missing */
} work;

static void work_free(work *w)
{
    strmap_free(&w->gold);
    strmap_free(&w->pred);
    strmap_free(&w->topic);
    pairmap_free(&w->cell);
    pairmap_free(&w->tgold);
    pairmap_free(&w->tpred);
    pairmap_free(&w->tcell);
    free(w->gsize);
    free(w->psize);
    free(w->tsize);
    free(w->gid);
    free(w->cid);
}

/* Share of same-topic, different-event pairs that the prediction puts
 * together.  Within a topic, the pairs of different events are all pairs
 * minus those of the same event; the merged ones are the pairs together in
 * the prediction minus those also of the same event.  Articles with a NULL
 * topic take part in no pair; missing predictions are singletons. */
static int topic_merge(double *out, work *w, const char *const *topic, size_t n)
{
    if (strmap_init(&w->topic, n) || pairmap_init(&w->tgold, n) ||
        pairmap_init(&w->tpred, n) || pairmap_init(&w->tcell, n))
        return SL_ENOMEM;
    if (!(w->tsize = calloc(n, sizeof *w->tsize)))
        return sl__nomem();
    for (size_t i = 0; i < n; i++) {
        if (!topic[i])
            continue;
        uint32_t t = strmap_id(&w->topic, topic[i]);
        w->tsize[t]++;
        pairmap_add(&w->tgold, t, w->gid[i]);
        if (w->cid[i] != NO_ID) {
            pairmap_add(&w->tpred, t, (uint32_t)w->cell.key[w->cid[i]]);
            pairmap_add(&w->tcell, t, w->cid[i]);
        }
    }
    uint64_t same_topic = 0;
    for (uint32_t t = 0; t < w->topic.m.n; t++)
        same_topic += comb2(w->tsize[t]);
    uint64_t other_event = same_topic - pairs_in(&w->tgold);
    uint64_t merged = pairs_in(&w->tpred) - pairs_in(&w->tcell);
    *out = other_event ? (double)merged / (double)other_event : 0.0;
    return SL_OK;
}

static int score(sl_eval *out, work *w, const char *const *gold, const char *const *pred,
                 const char *const *topic, size_t n)
{
    if (strmap_init(&w->gold, n) || strmap_init(&w->pred, n) || pairmap_init(&w->cell, n))
        return SL_ENOMEM;
    if (!(w->gid = malloc(n * sizeof *w->gid)) || !(w->cid = malloc(n * sizeof *w->cid)))
        return sl__nomem();
    size_t missing = 0;
    for (size_t i = 0; i < n; i++) {
        w->gid[i] = strmap_id(&w->gold, gold[i]);
        if (pred[i]) {
            w->cid[i] = pairmap_add(&w->cell, w->gid[i], strmap_id(&w->pred, pred[i]));
        } else {
            w->cid[i] = NO_ID;
            missing++;
        }
    }
    uint32_t ng = w->gold.m.n, np = w->pred.m.n;
    w->gsize = calloc(ng, sizeof *w->gsize);
    w->psize = calloc(np ? np : 1, sizeof *w->psize);
    if (!w->gsize || !w->psize)
        return sl__nomem();
    for (size_t i = 0; i < n; i++)
        w->gsize[w->gid[i]]++;
    for (uint32_t c = 0; c < w->cell.m.n; c++)
        w->psize[(uint32_t)w->cell.key[c]] += w->cell.count[c];

    /* pairwise; missing predictions are singletons: no predicted pair */
    uint64_t tp = pairs_in(&w->cell), gp = 0, pp = 0;
    for (uint32_t g = 0; g < ng; g++)
        gp += comb2(w->gsize[g]);
    for (uint32_t p = 0; p < np; p++)
        pp += comb2(w->psize[p]);
    out->n = n;
    out->gold_clusters = ng;
    out->pred_clusters = np + missing;
    out->missing = missing;
    out->pair_p = pp ? (double)tp / (double)pp : 1.0;
    out->pair_r = gp ? (double)tp / (double)gp : 1.0;
    out->pair_f1 = f1(out->pair_p, out->pair_r);
    out->ari = ari_of(tp, gp, pp, comb2(n));

    /* B-cubed: article i scores |cell|/|pred cluster| and |cell|/|gold
     * event|; summed over a cell's articles that is count^2 / size.  A
     * missing article is alone in its cell and its cluster: precision 1,
     * recall 1/|event|. */
    double bp = (double)missing, br = 0;
    for (uint32_t c = 0; c < w->cell.m.n; c++) {
        double k = (double)w->cell.count[c];
        br += k * k / (double)w->gsize[(uint32_t)(w->cell.key[c] >> 32)];
        bp += k * k / (double)w->psize[(uint32_t)w->cell.key[c]];
    }
    for (size_t i = 0; i < n; i++)
        if (w->cid[i] == NO_ID)
            br += 1.0 / (double)w->gsize[w->gid[i]];
    out->bcubed_p = bp / (double)n;
    out->bcubed_r = br / (double)n;
    out->bcubed_f1 = f1(out->bcubed_p, out->bcubed_r);

    out->topic_merge = -1;
    return topic ? topic_merge(&out->topic_merge, w, topic, n) : SL_OK;
}

int sl_eval_clusters(sl_eval *out, const char *const *gold, const char *const *pred,
                     const char *const *topic, size_t n)
{
    if (!out || !gold || !pred)
        return sl__fail(SL_EINVAL, "sl_eval_clusters: NULL argument");
    memset(out, 0, sizeof *out);
    if (n == 0)
        return sl__fail(SL_EINVAL, "no articles to score");
    if (n >= UINT32_MAX)
        return sl__fail(SL_EINVAL, "too many articles to score (%zu)", n);
    for (size_t i = 0; i < n; i++)
        if (!gold[i])
            return sl__fail(SL_EINVAL, "article %zu has no gold label", i);
    work w;
    memset(&w, 0, sizeof w);
    sl_eval e;
    int rc = score(&e, &w, gold, pred, topic, n);
    work_free(&w);
    if (rc == SL_OK)
        *out = e;
    return rc;
}
