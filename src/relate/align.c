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

/* Identical sentences (same terms, same weights) of one side form a class;
 * classes are numbered in the order of their first sentence, and members
 * are listed in ascending order (CSR: member[off[c]..off[c + 1])).  The
 * matching below works on classes, so a text that repeats one sentence
 * 100,000 times costs one class, not 10^5 x 10^5 candidate pairs. */
typedef struct sclass {
    uint32_t *cls;    /* class of each sentence */
    uint32_t *off;    /* ncls + 1 */
    uint32_t *member; /* sentences by class, ascending in each */
    uint32_t ncls;
} sclass;

typedef struct shash {
    uint64_t h;
    uint32_t s;
} shash;

static int shash_cmp(const void *x, const void *y)
{
    const shash *p = x, *q = y;
    if (p->h != q->h)
        return p->h < q->h ? -1 : 1;
    return p->s < q->s ? -1 : p->s > q->s;
}

static int same_sentence(const sl_features *f, uint32_t s, uint32_t t)
{
    uint32_t ns = f->sterm_off[s + 1] - f->sterm_off[s];
    if (ns != f->sterm_off[t + 1] - f->sterm_off[t])
        return 0;
    return !memcmp(f->sterms + f->sterm_off[s], f->sterms + f->sterm_off[t],
                   ns * sizeof *f->sterms) &&
           !memcmp(f->sweights + f->sterm_off[s], f->sweights + f->sterm_off[t],
                   ns * sizeof *f->sweights);
}

static void sclass_free(sclass *k)
{
    free(k->cls);
    free(k->off);
    free(k->member);
}

static int sclass_build(sclass *k, const sl_features *f)
{
    size_t n = f->nsent;
    memset(k, 0, sizeof *k);
    shash *h = malloc((n + 1) * sizeof *h);
    uint32_t *rep = malloc((n + 1) * sizeof *rep);
    k->cls = malloc((n + 1) * sizeof *k->cls);
    k->off = calloc(n + 2, sizeof *k->off);
    k->member = malloc((n + 1) * sizeof *k->member);
    if (!h || !rep || !k->cls || !k->off || !k->member) {
        free(h);
        free(rep);
        sclass_free(k);
        return sl__nomem();
    }
    for (size_t s = 0; s < n; s++) {
        uint32_t o = f->sterm_off[s], ns = f->sterm_off[s + 1] - o;
        uint64_t x = sl__hash64(f->sterms + o, ns * sizeof *f->sterms, ns);
        h[s] = (shash){sl__hash64(f->sweights + o, ns * sizeof *f->sweights, x), (uint32_t)s};
    }
    if (n)
        qsort(h, n, sizeof *h, shash_cmp);
    /* rep[s]: the first sentence identical to s (runs of equal hashes are
     * scanned for the first equal one: collisions only cost time) */
    for (size_t i = 0; i < n;) {
        size_t e = i + 1;
        while (e < n && h[e].h == h[i].h)
            e++;
        for (size_t x = i; x < e; x++) {
            uint32_t s = h[x].s;
            rep[s] = s;
            for (size_t y = i; y < x; y++)
                if (rep[h[y].s] == h[y].s && same_sentence(f, h[y].s, s)) {
                    rep[s] = h[y].s;
                    break;
                }
        }
        i = e;
    }
    for (size_t s = 0; s < n; s++) {
        k->cls[s] = rep[s] == s ? k->ncls++ : k->cls[rep[s]];
        k->off[k->cls[s] + 1]++;
    }
    for (uint32_t c = 0; c < k->ncls; c++)
        k->off[c + 1] += k->off[c];
    memset(rep, 0, (k->ncls + 1) * sizeof *rep); /* fill counts */
    for (size_t s = 0; s < n; s++)
        k->member[k->off[k->cls[s]] + rep[k->cls[s]]++] = (uint32_t)s;
    free(h);
    free(rep);
    return SL_OK;
}

/* Min-heap of (next free member of an A class, position of its run). */
typedef struct hent {
    uint32_t key, run;
} hent;

static void heap_push(hent *hp, size_t *n, hent e)
{
    size_t i = (*n)++;
    while (i > 0 && hp[(i - 1) / 2].key > e.key) {
        hp[i] = hp[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    hp[i] = e;
}

static hent heap_pop(hent *hp, size_t *n)
{
    hent top = hp[0], last = hp[--*n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && hp[c + 1].key < hp[c].key)
            c++;
        if (hp[c].key >= last.key)
            break;
        hp[i] = hp[c];
        i = c;
    }
    if (*n)
        hp[i] = last;
    return top;
}

int sl__align(sl_alignment *out, const sl_features *a,
              const sl_features *b, double min_sim)
{
    out->n = 0;
    out->coverage = out->order = out->overlap = 0;
    out->a_shorter = 1;
    size_t na = a->nsent, nb = b->nsent;
    int rc = SL_OK;
    sclass ka, kb;
    memset(&ka, 0, sizeof ka);
    memset(&kb, 0, sizeof kb);
    double *wa = calloc(na + 1, sizeof *wa), *wb = calloc(nb + 1, sizeof *wb);
    double *shared = NULL;
    uint32_t *mark = NULL, *touched = NULL, *useda = NULL, *usedb = NULL;
    tsent *bt = NULL;
    uint64_t *key = NULL; /* sort keys of bt, and their radix scratch */
    hent *heap = NULL;
    cand *cv = NULL;
    size_t ncand = 0, cand_cap = 0, nbt = 0;
    if (!wa || !wb) {
        rc = sl__nomem();
        goto done;
    }
    if ((rc = sclass_build(&ka, a)) || (rc = sclass_build(&kb, b)))
        goto done;
    shared = calloc(kb.ncls + 1, sizeof *shared);
    mark = calloc(kb.ncls + 1, sizeof *mark);
    touched = malloc((kb.ncls + 1) * sizeof *touched);
    useda = calloc(ka.ncls + 1, sizeof *useda); /* members used, per class */
    usedb = calloc(kb.ncls + 1, sizeof *usedb);
    heap = malloc((ka.ncls + 1) * sizeof *heap);
    for (uint32_t c = 0; c < kb.ncls; c++) {
        uint32_t s = kb.member[kb.off[c]];
        nbt += b->sterm_off[s + 1] - b->sterm_off[s];
    }
    bt = malloc((2 * nbt + 1) * sizeof *bt); /* sorted, then the unsorted entries */
    key = malloc((2 * nbt + 1) * sizeof *key);
    if (!shared || !mark || !touched || !useda || !usedb || !heap || !bt || !key) {
        rc = sl__nomem();
        goto done;
    }
    double Wa = 0, Wb = 0;
    for (size_t s = 0; s < na; s++)
        Wa += wa[s] = sum(a->sweights + a->sterm_off[s], a->sterm_off[s + 1] - a->sterm_off[s]);
    for (size_t s = 0; s < nb; s++)
        Wb += wb[s] = sum(b->sweights + b->sterm_off[s], b->sterm_off[s + 1] - b->sterm_off[s]);
    /* B's term index over the first sentence of each class: the entries
     * in class order, sorted by their (term << 32 | entry) keys: the
     * entries are distinct and ascending, so the sort keeps class order
     * within a term */
    tsent *raw = bt + nbt;
    nbt = 0;
    for (uint32_t c = 0; c < kb.ncls; c++) {
        uint32_t s = kb.member[kb.off[c]];
        for (uint32_t t = b->sterm_off[s]; t < b->sterm_off[s + 1]; t++, nbt++) {
            raw[nbt] = (tsent){b->sterms[t], c, b->sweights[t]};
            key[nbt] = (uint64_t)b->sterms[t] << 32 | nbt;
        }
    }
    sl__sort_u64(key, key + nbt, nbt);
    for (size_t e = 0; e < nbt; e++)
        bt[e] = raw[(uint32_t)key[e]];

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

    /* Similarities of class pairs through B's term index: the work is the
     * postings met, and only the B classes touched are visited (no pass
     * over all of B per sentence of A). */
    for (uint32_t c = 0; c < ka.ncls; c++) {
        uint32_t s = ka.member[ka.off[c]];
        if (wa[s] <= 0)
            continue;
        size_t nt = 0;
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
                for (size_t e = lo; e < nbt && bt[e].term == term; e++) {
                    uint32_t u = bt[e].sent;
                    if (mark[u] != c + 1) {
                        mark[u] = c + 1;
                        touched[nt++] = u;
                    }
                    shared[u] += w + bt[e].w;
                }
            }
        }
        for (size_t x = 0; x < nt; x++) {
            uint32_t u = touched[x];
            double sh = shared[u];
            shared[u] = 0;
            if (sh <= 0)
                continue;
            double sim = sh / (wa[s] + wb[kb.member[kb.off[u]]]);
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
            cv[ncand++] = (cand){(float)(sim > 1 ? 1 : sim), c, u};
        }
    }
    if (ncand)
        qsort(cv, ncand, sizeof *cv, cand_cmp);

    /* Greedy one-to-one matching of sentences, most similar first, ties by
     * the A sentence, then the B sentence: the result of sorting every
     * sentence pair, computed on classes.  At one similarity the
     * candidates come as runs, one per A class, listing its B classes;
     * members of a class are used in ascending order, so each class keeps
     * a count of used members.  The A classes of the level are taken by
     * their next free sentence (a heap); that sentence gets the lowest free
     * sentence of its run's B classes, and when none is left the class is
     * done at this level (its other members would find none either). */
    double cova = 0, covb = 0;
    for (size_t i = 0; i < ncand && !rc;) {
        size_t e = i + 1;
        while (e < ncand && cv[e].sim == cv[i].sim)
            e++;
        size_t nh = 0;
        for (size_t r = i; r < e;) {
            uint32_t c = cv[r].a;
            if (useda[c] < ka.off[c + 1] - ka.off[c])
                heap_push(heap, &nh, (hent){ka.member[ka.off[c] + useda[c]], (uint32_t)(r - i)});
            while (r < e && cv[r].a == c)
                r++;
        }
        while (nh) {
            hent h = heap_pop(heap, &nh);
            size_t r = i + h.run;
            uint32_t c = cv[r].a, best = UINT32_MAX;
            size_t bx = r;
            for (size_t x = r; x < e && cv[x].a == c; x++) {
                uint32_t u = cv[x].b;
                if (usedb[u] < kb.off[u + 1] - kb.off[u] && kb.member[kb.off[u] + usedb[u]] < best) {
                    best = kb.member[kb.off[u] + usedb[u]];
                    bx = x;
                }
            }
            if (best == UINT32_MAX)
                continue;
            useda[c]++;
            usedb[cv[bx].b]++;
            if (out->n == out->cap) {
                void *p = out->v;
                if (sl__grow(&p, &out->cap, out->n + 1, sizeof *out->v)) {
                    rc = SL_ENOMEM;
                    break;
                }
                out->v = p;
            }
            out->v[out->n++] = (sl_align){h.key, best, cv[bx].sim};
            cova += wa[h.key];
            covb += wb[best];
            if (useda[c] < ka.off[c + 1] - ka.off[c])
                heap_push(heap, &nh, (hent){ka.member[ka.off[c] + useda[c]], h.run});
        }
        i = e;
    }
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
    sclass_free(&ka);
    sclass_free(&kb);
    free(wa);
    free(wb);
    free(shared);
    free(mark);
    free(touched);
    free(useda);
    free(usedb);
    free(heap);
    free(bt);
    free(key);
    free(cv);
    return rc;
}
