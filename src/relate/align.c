/*
 * align.c - sentence alignment between two articles.
 *
 * Each sentence is its set of stemmed content terms, each weighted by the
 * IDF of its word in the corpus.  Two sentences are similar by weighted
 * Dice, each side counting its own weights: (Wa(a & b) + Wb(a & b)) /
 * (Wa(a) + Wb(b)).  Pairs at or above `min_sim` are matched
 * one-to-one greedily from the most similar down (ties by index, so the
 * result is deterministic).  Coverage is the weight of the shorter
 * article's matched sentences over its whole weight; order is the longest
 * chain of matches that keeps the same order on both sides, over the
 * number of matches.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

typedef struct cand {
    float sim;
    uint32_t a, b;
} cand;

static int cand_cmp(const void *x, const void *y)
{
    const cand *p = x, *q = y;
    if (p->sim != q->sim)
        return p->sim > q->sim ? -1 : 1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : p->b > q->b;
}

static int align_cmp(const void *x, const void *y)
{
    const sl_align *p = x, *q = y;
    return p->a < q->a ? -1 : p->a > q->a;
}

/* (term, sentence, weight) entries of one side, sorted by term. */
typedef struct tsent {
    uint32_t term, sent;
    float w;
} tsent;

static int tsent_cmp(const void *x, const void *y)
{
    const tsent *p = x, *q = y;
    if (p->term != q->term)
        return p->term < q->term ? -1 : 1;
    return p->sent < q->sent ? -1 : p->sent > q->sent;
}

/* Longest strictly increasing subsequence of v[0..n) (patience sorting). */
static size_t lis(const uint32_t *v, size_t n, uint32_t *tails)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (tails[mid] < v[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        tails[lo] = v[i];
        if (lo == len)
            len++;
    }
    return len;
}

static double sum(const float *w, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += w[i];
    return s;
}

void sl__alignment_free(sl_alignment *al)
{
    free(al->v);
    memset(al, 0, sizeof *al);
}

int sl__align(sl_alignment *out, const sl_features *a,
              const sl_features *b, double min_sim)
{
    out->n = 0;
    out->coverage = out->order = out->overlap = 0;
    out->a_shorter = 1;
    size_t na = a->nsent, nb = b->nsent;
    int rc = SL_OK;
    double *wa = calloc(na + 1, sizeof *wa), *wb = calloc(nb + 1, sizeof *wb);
    double *shared = calloc(nb + 1, sizeof *shared);
    size_t nbt = b->sterm_off ? b->sterm_off[nb] : 0;
    tsent *bt = malloc((nbt + 1) * sizeof *bt);
    cand *cv = NULL;
    size_t ncand = 0, cand_cap = 0;
    if (!wa || !wb || !shared || !bt) {
        rc = sl__nomem();
        goto done;
    }
    double Wa = 0, Wb = 0;
    for (size_t s = 0; s < na; s++)
        Wa += wa[s] = sum(a->sweights + a->sterm_off[s], a->sterm_off[s + 1] - a->sterm_off[s]);
    for (size_t s = 0; s < nb; s++) {
        Wb += wb[s] = sum(b->sweights + b->sterm_off[s], b->sterm_off[s + 1] - b->sterm_off[s]);
        for (uint32_t t = b->sterm_off[s]; t < b->sterm_off[s + 1]; t++)
            bt[t] = (tsent){b->sterms[t], (uint32_t)s, b->sweights[t]};
    }
    if (nbt)
        qsort(bt, nbt, sizeof *bt, tsent_cmp);

    /* Whole-text overlap coefficient of the distinct terms. */
    {
        double wi = 0, wta = sum(a->weights, a->nterms), wtb = sum(b->weights, b->nterms);
        size_t i = 0, j = 0;
        while (i < a->nterms && j < b->nterms) {
            if (a->terms[i] < b->terms[j])
                i++;
            else if (a->terms[i] > b->terms[j])
                j++;
            else {
                wi += (a->weights[i] + b->weights[j]) / 2;
                i++;
                j++;
            }
        }
        double m = wta < wtb ? wta : wtb;
        out->overlap = m > 0 ? (wi / m > 1 ? 1 : wi / m) : 0;
    }

    /* Similarities through B's term index. */
    for (size_t s = 0; s < na; s++) {
        if (wa[s] <= 0)
            continue;
        memset(shared, 0, nb * sizeof *shared);
        for (uint32_t t = a->sterm_off[s]; t < a->sterm_off[s + 1]; t++) {
            uint32_t term = a->sterms[t];
            size_t lo = 0, hi = nbt;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (bt[mid].term < term)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < nbt && bt[lo].term == term) {
                double w = a->sweights[t];
                for (size_t e = lo; e < nbt && bt[e].term == term; e++)
                    shared[bt[e].sent] += w + bt[e].w;
            }
        }
        for (size_t u = 0; u < nb; u++) {
            if (shared[u] <= 0)
                continue;
            double sim = shared[u] / (wa[s] + wb[u]);
            if (sim + 1e-9 < min_sim)
                continue;
            if (ncand == cand_cap) {
                void *p = cv;
                if (sl__grow(&p, &cand_cap, ncand + 1, sizeof *cv)) {
                    rc = SL_ENOMEM;
                    goto done;
                }
                cv = p;
            }
            cv[ncand++] = (cand){(float)(sim > 1 ? 1 : sim), (uint32_t)s, (uint32_t)u};
        }
    }
    if (ncand)
        qsort(cv, ncand, sizeof *cv, cand_cmp);

    /* Greedy one-to-one matching, most similar first. */
    uint8_t *useda = calloc(na + 1, 1), *usedb = calloc(nb + 1, 1);
    if (!useda || !usedb) {
        free(useda);
        free(usedb);
        rc = sl__nomem();
        goto done;
    }
    double cova = 0, covb = 0;
    for (size_t i = 0; i < ncand; i++) {
        if (useda[cv[i].a] || usedb[cv[i].b])
            continue;
        useda[cv[i].a] = usedb[cv[i].b] = 1;
        if (out->n == out->cap) {
            void *p = out->v;
            if (sl__grow(&p, &out->cap, out->n + 1, sizeof *out->v)) {
                rc = SL_ENOMEM;
                break;
            }
            out->v = p;
        }
        out->v[out->n++] = (sl_align){cv[i].a, cv[i].b, cv[i].sim};
        cova += wa[cv[i].a];
        covb += wb[cv[i].b];
    }
    free(useda);
    free(usedb);
    if (rc)
        goto done;
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, align_cmp);
    out->a_shorter = Wa <= Wb;
    if (out->a_shorter)
        out->coverage = Wa > 0 ? cova / Wa : 0;
    else
        out->coverage = Wb > 0 ? covb / Wb : 0;
    if (out->n) {
        uint32_t *bs = malloc(2 * out->n * sizeof *bs);
        if (!bs) {
            rc = sl__nomem();
            goto done;
        }
        for (size_t i = 0; i < out->n; i++)
            bs[i] = out->v[i].b;
        out->order = (double)lis(bs, out->n, bs + out->n) / (double)out->n;
        free(bs);
    }
done:
    free(wa);
    free(wb);
    free(shared);
    free(bt);
    free(cv);
    return rc;
}
