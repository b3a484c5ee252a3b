/*
 * dedup.c - duplicates and rewrites over a whole corpus, and the pairwise
 * explanation behind `storyline compare`.
 *
 * Pipeline (each step parallel where it pays, every result kept in
 * per-index slots or sorted, so the output does not depend on threads):
 *  1. exact groups: equal 128-bit hashes of the normalised text; only one
 *     member of each group (the lowest index, its "head") goes further;
 *  2. near duplicates: LSH over shingle MinHash, candidates verified by
 *     estimated Jaccard and containment;
 *  3. rewrites: a second index over each article's rarest content terms
 *     finds pairs sharing at least two of them; those whose content-term
 *     MinHash agrees enough are aligned sentence by sentence;
 *  4. direction cues for every related pair; 5. groups by union-find.
 */
#include <math.h>
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "facts/facts.h"

#define EXACT_ALL_PAIRS 64  /* exact groups up to this size list every pair */
#define MAX_BUCKET 64       /* LSH buckets up to this size: every pair verified */
#define MIN_SHARED_RARE 2   /* rewrite candidates share this many rare terms */
#define MIN_TERM_JACCARD 0.08 /* ... and this estimated content-term Jaccard */
#define MIN_CONTAIN_SHINGLES 10 /* containment needs this many shingles */
#define VERBATIM_SIM 0.95f  /* aligned sentences this similar are copies */

static uint32_t uf_find(uint32_t *uf, uint32_t x);
static void uf_union(uint32_t *uf, uint32_t a, uint32_t b);

/* ------------------------------------------------------------ judgement */

/* Shingle scores of articles i and j (exact, estimated Jaccard and
 * containment) from their signatures sa and sb. */
static void near_scores_of(sl_pair *p, const sl_corpus *c, uint32_t i, uint32_t j,
                           const uint16_t *sa, const uint16_t *sb)
{
    const sl_doc *a = &c->doc[i], *b = &c->doc[j];
    if (a->exact[0] == b->exact[0] && a->exact[1] == b->exact[1]) {
        p->exact = 1;
        p->jaccard = p->containment = 1.0;
        return;
    }
    if (!a->nshingles || !b->nshingles)
        return;
    double J = sl__minhash_jaccard(sa, sb, c->cfg.minhash_k);
    double na = a->nshingles, nb = b->nshingles, m = na < nb ? na : nb;
    /* |A & B| = J |A u B| = J (|A| + |B|) / (1 + J) */
    double C = J * (na + nb) / ((1.0 + J) * m);
    p->jaccard = J;
    p->containment = C > 1.0 ? 1.0 : C;
}

/* near_scores_of with the corpus's signatures (not dropped). */
static void near_scores(sl_pair *p, const sl_corpus *c, uint32_t i, uint32_t j)
{
    size_t k = c->cfg.minhash_k;
    assert(c->sig);
    near_scores_of(p, c, i, j, c->sig + i * k, c->sig + j * k);
}

static int is_near_dup(const sl_pair *p, const sl_corpus *c)
{
    const sl_doc *a = &c->doc[p->a], *b = &c->doc[p->b];
    uint32_t m = a->nshingles < b->nshingles ? a->nshingles : b->nshingles;
    return p->exact || p->jaccard >= c->cfg.dup_jaccard ||
           (p->containment >= c->cfg.dup_containment && m >= MIN_CONTAIN_SHINGLES);
}

/* Relation from a sentence alignment: the shorter article reproduced
 * (coverage) in roughly the same order is a rewrite; reproduced verbatim
 * (every aligned sentence near-identical, coverage at the containment
 * threshold) it is a copy, which catches excerpts too short for shingle
 * containment. */
static sl_relation judge_alignment(const sl_alignment *al, const sl_corpus *c)
{
    if (al->n < 2 || al->coverage < c->cfg.rewrite_coverage ||
        al->order < c->cfg.rewrite_order)
        return SL_REL_UNRELATED;
    float min_sim = 1.0f;
    for (size_t x = 0; x < al->n; x++)
        min_sim = al->v[x].sim < min_sim ? al->v[x].sim : min_sim;
    if (min_sim >= VERBATIM_SIM && al->coverage >= c->cfg.dup_containment && al->order >= 1.0)
        return SL_REL_DUPLICATE;
    return SL_REL_REWRITE;
}

/* Fills alignment fields of p from al. */
static int take_alignment(sl_pair *p, const sl_alignment *al)
{
    p->coverage = al->coverage;
    p->order = al->order;
    p->term_overlap = al->overlap;
    if (!al->n)
        return SL_OK;
    p->aligned = malloc(al->n * sizeof *p->aligned);
    if (!p->aligned)
        return sl__nomem();
    memcpy(p->aligned, al->v, al->n * sizeof *p->aligned);
    p->naligned = al->n;
    return SL_OK;
}

/* Direction of a related pair, from its relation's evidence. */
static int direct(sl_pair *p, const sl_corpus *c)
{
    const sl_doc *a = &c->doc[p->a], *b = &c->doc[p->b];
    int a_sub = 0, b_sub = 0;
    if (p->relation == SL_REL_DUPLICATE && !p->exact &&
        p->containment >= c->cfg.dup_containment) {
        a_sub = a->nshingles * 5 <= b->nshingles * 4;
        b_sub = b->nshingles * 5 <= a->nshingles * 4;
    } else if (p->relation == SL_REL_REWRITE && p->coverage >= 0.9) {
        a_sub = a->ntokens * 5 <= b->ntokens * 4;
        b_sub = b->ntokens * 5 <= a->ntokens * 4;
    }
    return sl__direction(p, c, p->a, p->b, a_sub, b_sub);
}

typedef struct direct_job {
    sl_pair *v;
    const sl_corpus *c;
} direct_job;

static int direct_range(void *ctx, unsigned w, size_t lo, size_t hi)
{
    (void)w;
    const direct_job *j = ctx;
    int rc = SL_OK;
    for (size_t x = lo; x < hi && !rc; x++)
        rc = direct(&j->v[x], j->c);
    return rc;
}

static void pair_clear(sl_pair *p)
{
    free(p->cue_detail);
    free(p->aligned);
    free(p->a_lead);
    free(p->b_lead);
    free(p->a_amount);
    free(p->b_amount);
    for (size_t i = 0; i < p->nshared_entities; i++)
        free(p->shared_entities[i]);
    free(p->shared_entities);
    for (size_t i = 0; i < p->nshared_quotes; i++)
        free(p->shared_quotes[i]);
    free(p->shared_quotes);
    sl__drift_free(p->drift, p->ndrift);
    memset(p, 0, sizeof *p);
}

void sl_pair_free(sl_pair *p)
{
    if (!p)
        return;
    pair_clear(p);
    free(p);
}

int sl_compare(sl_pair **out, sl_corpus *c, size_t i, size_t j)
{
    *out = NULL;
    if (i >= c->n || j >= c->n || i == j)
        return sl__fail(SL_EINVAL, "compare needs two different articles");
    int rc = sl_corpus_analyse(c);
    if (rc || (rc = sl__corpus_workers(c, 2)))
        return rc;
    if (i > j) {
        size_t t = i;
        i = j;
        j = t;
    }
    sl_pair *p = calloc(1, sizeof *p);
    if (!p)
        return sl__nomem();
    p->a = (uint32_t)i;
    p->b = (uint32_t)j;
    p->source = SL_NONE;
    p->a_start = p->a_end = p->b_start = p->b_end = SL_TIME_UNKNOWN;
    p->a_recalls = p->b_recalls = p->common_day = SL_TIME_UNKNOWN;
    sl_features fa, fb;
    sl_alignment al = {0};
    if ((rc = sl__analyse(&fa, c->an[0], c->art[i], SL_AN_SENTENCES)) ||
        (rc = sl__analyse(&fb, c->an[1], c->art[j], SL_AN_SENTENCES)) ||
        (rc = sl__align(&al, &fa, &fb, c->cfg.align_sim)) ||
        (rc = take_alignment(p, &al)))
        goto fail;
    if (c->sig) {
        near_scores(p, c, p->a, p->b);
    } else { /* dropped (cfg.drop_signatures): from the two analyses */
        uint16_t sa[SL_MAX_MINHASH_K], sb[SL_MAX_MINHASH_K];
        sl__analyser_signature(sa, c->an[0]);
        sl__analyser_signature(sb, c->an[1]);
        near_scores_of(p, c, p->a, p->b, sa, sb);
    }
    if (is_near_dup(p, c))
        p->relation = SL_REL_DUPLICATE;
    else
        p->relation = judge_alignment(&al, c);
    if (p->relation != SL_REL_UNRELATED && (rc = direct(p, c)))
        goto fail;
    if ((rc = sl__event_evidence(p, c)))
        goto fail;
    sl__alignment_free(&al);
    *out = p;
    return SL_OK;
fail:
    sl__alignment_free(&al);
    sl_pair_free(p);
    return rc;
}

/* ------------------------------------------------------------ pair list */

typedef struct pairlist {
    sl_pair *v;
    size_t n, cap;
} pairlist;

static sl_pair *pairlist_add(pairlist *pl, uint32_t a, uint32_t b)
{
    if (pl->n == pl->cap) {
        void *p = pl->v;
        if (sl__grow(&p, &pl->cap, pl->n + 1, sizeof *pl->v))
            return NULL;
        pl->v = p;
    }
    sl_pair *p = &pl->v[pl->n++];
    memset(p, 0, sizeof *p);
    p->a = a < b ? a : b;
    p->b = a < b ? b : a;
    p->source = SL_NONE;
    return p;
}

static int pair_cmp(const void *x, const void *y)
{
    const sl_pair *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : p->b > q->b;
}

/* A duplicate pair as steps 1 and 2 find it: 32 bytes instead of a
 * pair record's 280 (no alignment, no direction yet), so that the
 * duplicates wait small until the rewrites are found, the peak of a run.
 * They become records (unpack_dups) at the end. */
typedef struct dpair {
    uint32_t a, b; /* a < b */
    int exact;
    double jaccard, containment;
} dpair;

typedef struct dpairlist {
    dpair *v;
    size_t n, cap;
} dpairlist;

/* Appends the duplicate pair (a, b) with scores t.  SL_OK or SL_ENOMEM. */
static int dpair_add(dpairlist *dl, uint32_t a, uint32_t b, const sl_pair *t)
{
    if (dl->n == dl->cap) {
        void *p = dl->v;
        if (sl__grow(&p, &dl->cap, dl->n + 1, sizeof *dl->v))
            return SL_ENOMEM;
        dl->v = p;
    }
    dl->v[dl->n++] = (dpair){a < b ? a : b, a < b ? b : a, t->exact, t->jaccard,
                             t->containment};
    return SL_OK;
}

/* Appends dl's pairs to pl as pair records.  SL_OK or SL_ENOMEM. */
static int unpack_dups(pairlist *pl, const dpairlist *dl)
{
    for (size_t x = 0; x < dl->n; x++) {
        const dpair *v = &dl->v[x];
        sl_pair *p = pairlist_add(pl, v->a, v->b);
        if (!p)
            return SL_ENOMEM;
        p->relation = SL_REL_DUPLICATE;
        p->exact = v->exact;
        p->jaccard = v->jaccard;
        p->containment = v->containment;
    }
    return SL_OK;
}

/* ------------------------------------------------------------ exact */

typedef struct hkey {
    uint64_t h0, h1;
    uint32_t i;
} hkey;

static int hkey_cmp(const void *x, const void *y)
{
    const hkey *p = x, *q = y;
    if (p->h0 != q->h0)
        return p->h0 < q->h0 ? -1 : 1;
    if (p->h1 != q->h1)
        return p->h1 < q->h1 ? -1 : 1;
    return p->i < q->i ? -1 : p->i > q->i;
}

/* head[i] = lowest index with the same normalised text; exact pairs. */
static int exact_groups(uint32_t *head, dpairlist *dl, const sl_corpus *c)
{
    size_t n = c->n;
    hkey *h = malloc((n + 1) * sizeof *h);
    if (!h)
        return sl__nomem();
    for (size_t i = 0; i < n; i++)
        h[i] = (hkey){c->doc[i].exact[0], c->doc[i].exact[1], (uint32_t)i};
    qsort(h, n, sizeof *h, hkey_cmp);
    for (size_t s = 0; s < n;) {
        size_t e = s + 1;
        while (e < n && h[e].h0 == h[s].h0 && h[e].h1 == h[s].h1)
            e++;
        for (size_t x = s; x < e; x++)
            head[h[x].i] = h[s].i;
        size_t g = e - s;
        for (size_t x = s; x < e; x++)
            for (size_t y = x + 1; y < e && (g <= EXACT_ALL_PAIRS || x == s); y++) {
                sl_pair t = {.exact = 1, .jaccard = 1.0, .containment = 1.0};
                if (dpair_add(dl, h[x].i, h[y].i, &t)) {
                    free(h);
                    return SL_ENOMEM;
                }
            }
        s = e;
    }
    free(h);
    return SL_OK;
}

/* ------------------------------------------------------------ near */

/* Candidate pairs scored on the worker threads (run_pairs): res[x] is
 * the verdict on cand[x] = a << 32 | b. */
typedef struct pair_job {
    sl_corpus *c;
    const uint64_t *cand;
    sl_pair **res; /* per candidate: its pair when related (keep), else NULL */
} pair_job;

/* *p cleared to candidate x with no relation yet. */
static void cand_pair(sl_pair *p, const pair_job *j, size_t x)
{
    memset(p, 0, sizeof *p);
    p->a = (uint32_t)(j->cand[x] >> 32);
    p->b = (uint32_t)j->cand[x];
    p->source = SL_NONE;
}

/* Stores candidate x's related pair *p in res[x]: a pair record is taken
 * only by the candidates that turn out related (a third of the rewrite
 * candidates), not by every candidate.  SL_OK or SL_ENOMEM (p cleared). */
static int keep(const pair_job *j, size_t x, sl_pair *p)
{
    if (!(j->res[x] = malloc(sizeof *p))) {
        pair_clear(p);
        return sl__nomem();
    }
    *j->res[x] = *p; /* takes ownership of aligned and cue_detail */
    return SL_OK;
}

static int verify_range(void *ctx, unsigned w, size_t lo, size_t hi)
{
    (void)w;
    pair_job *j = ctx;
    for (size_t x = lo; x < hi; x++) {
        sl_pair p;
        cand_pair(&p, j, x);
        near_scores(&p, j->c, p.a, p.b);
        if (is_near_dup(&p, j->c)) {
            p.relation = SL_REL_DUPLICATE;
            if (keep(j, x, &p))
                return SL_ENOMEM;
        }
    }
    return SL_OK;
}

/* Bulk candidates (from LSH buckets over MAX_BUCKET members: thousands of
 * near-identical articles), in their sorted order, verified only while the
 * two articles are not yet connected by the duplicate pairs in dl (all
 * other candidates are in dl already), and kept when near duplicates.  A
 * cluster of m such articles then costs about m checks and at most m - 1
 * pairs (a spanning forest) instead of a pair per candidate: 20,000
 * one-word variants of an article listed 3.75 million pairs (1.7 GB).  The
 * groups are those that verifying every candidate gives; fewer pairs are
 * listed as their evidence.  Adds the checks made to *checked. */
static int verify_bulk(dpairlist *dl, size_t *checked, const uint64_t *bulk, size_t nbulk,
                       const sl_corpus *c)
{
    if (!nbulk)
        return SL_OK;
    uint32_t *uf = malloc((c->n + 1) * sizeof *uf);
    if (!uf)
        return sl__nomem();
    for (size_t i = 0; i < c->n; i++)
        uf[i] = (uint32_t)i;
    for (size_t x = 0; x < dl->n; x++)
        uf_union(uf, dl->v[x].a, dl->v[x].b);
    for (size_t x = 0; x < nbulk; x++) {
        uint32_t a = (uint32_t)(bulk[x] >> 32), b = (uint32_t)bulk[x];
        if (uf_find(uf, a) == uf_find(uf, b))
            continue;
        (*checked)++;
        sl_pair t;
        memset(&t, 0, sizeof t);
        t.a = a;
        t.b = b;
        near_scores(&t, c, a, b);
        if (!is_near_dup(&t, c))
            continue;
        if (dpair_add(dl, a, b, &t)) {
            free(uf);
            return SL_ENOMEM;
        }
        uf_union(uf, a, b);
    }
    free(uf);
    return SL_OK;
}

/* ------------------------------------------------------------ rewrites */

typedef struct rare_job {
    sl_corpus *c;
    const uint32_t *heads;     /* the articles that are their own head */
    const uint32_t *comp;      /* duplicate component of each article */
    const uint32_t *comp_size; /* indexed by component */
    uint32_t max_df;
    uint64_t *ent;             /* out: heads[x]'s entries at x * rare_terms */
} rare_job;

#define NO_ENTRY UINT64_MAX /* an unused entry slot: sorts after all others */

/* Second pass: each head's `rare_terms` rarest content terms that can link
 * it to another story - more frequent than the copies of it (df > the size
 * of its duplicate component), which alone would make a term look shared -
 * and not common (df <= max_df) - as (term << 32 | component) entries. */
static int rare_range(void *ctx, unsigned w, size_t lo, size_t hi)
{
    rare_job *j = ctx;
    sl_corpus *c = j->c;
    unsigned m = c->cfg.rare_terms;
    uint64_t *buf = NULL; /* (df << 32 | term): sorts by df, then term */
    uint64_t tmp[64];     /* sort scratch: at most rare_terms (<= 64) keys */
    size_t cap = 0;
    int rc = SL_OK;
    for (size_t x = lo; x < hi && !rc; x++) {
        uint32_t i = j->heads[x];
        uint64_t *ent = j->ent + x * m;
        sl_terms tm;
        if ((rc = sl__article_words(&tm, c, c->an[2 * w], i)))
            break;
        const uint32_t *terms = tm.term;
        size_t nterms = tm.n;
        void *pb = buf;
        if (sl__grow(&pb, &cap, nterms + 1, sizeof *buf)) {
            rc = SL_ENOMEM;
            break;
        }
        buf = pb;
        size_t n = 0;
        uint32_t min_df = j->comp_size[j->comp[i]] + 1;
        for (size_t t = 0; t < nterms; t++)
            sl__df_prefetch(c, terms[t]);
        for (size_t t = 0; t < nterms; t++) {
            uint32_t df = sl__df(c, terms[t]);
            if (df >= min_df && df <= j->max_df)
                buf[n++] = (uint64_t)df << 32 | terms[t];
        }
        if (n > m)
            n = sl__select_u64(buf, n, m); /* the m smallest first */
        sl__sort_u64(buf, tmp, n);
        for (size_t t = 0; t < m; t++)
            ent[t] = t < n ? (uint64_t)(uint32_t)buf[t] << 32 | j->comp[i] : NO_ENTRY;
    }
    free(buf);
    return rc;
}

/* Pairs of duplicate components (named by their lowest member, comp[i])
 * sharing >= MIN_SHARED_RARE rare terms, sorted, unique.  The rare terms of
 * a component are those of all its members.
 *
 * Postings: the (term, component) entries sorted and unique, kept as their
 * components with a bit marking where each term's run starts, and grouped
 * by component (positions into the first).  Each component walks, from
 * each of its entries, the entries after it in that term's run (so every
 * pair is seen from its lower side only), at most POSTING_WINDOW of them,
 * counting in a per-worker array; components met MIN_SHARED_RARE times
 * become candidates.  Memory is the entries (8 bytes while sorted, then 4
 * and a bit), their positions and the output, never the pairs of whole
 * posting lists: the entries are the peak of a dedup run. */
#define POSTING_WINDOW 256

typedef struct cand_job {
    const uint32_t *ec;      /* entries' components, sorted by (term, component) */
    const uint64_t *run;     /* bit y: entry y starts a term's run */
    size_t ne;
    const uint32_t *pos;     /* component a's entries: ec[pos[end[a-1]..end[a])] */
    const uint32_t *end;
    unsigned max_entries;    /* per component (its first ones) */
    uint8_t **count;         /* per worker, indexed by article */
    uint32_t **touched;
    sl_u64vec *out;          /* per worker */
} cand_job;

static inline int run_start(const uint64_t *run, size_t y)
{
    return (int)(run[y >> 6] >> (y & 63)) & 1;
}

static int cand_range(void *ctx, unsigned w, size_t lo, size_t hi)
{
    cand_job *j = ctx;
    uint8_t *count = j->count[w];
    uint32_t *touched = j->touched[w];
    for (size_t a = lo; a < hi; a++) {
        uint32_t x0 = a ? j->end[a - 1] : 0, x1 = j->end[a];
        if (x1 - x0 > j->max_entries)
            x1 = x0 + j->max_entries; /* components of > 64 heads */
        size_t ntouched = 0;
        for (uint32_t x = x0; x < x1; x++) {
            size_t y = j->pos[x];
            /* entries after (term, a) in the term's run: b > a */
            for (size_t z = y + 1; z < j->ne && z <= y + POSTING_WINDOW && !run_start(j->run, z);
                 z++) {
                uint32_t b = j->ec[z];
                if (count[b]++ == 0)
                    touched[ntouched++] = b;
            }
        }
        for (size_t t = 0; t < ntouched; t++) {
            uint32_t b = touched[t];
            if (count[b] >= MIN_SHARED_RARE &&
                sl__u64vec_push(&j->out[w], (uint64_t)a << 32 | b))
                return SL_ENOMEM;
            count[b] = 0;
        }
    }
    return SL_OK;
}

/* Candidates from the ne entries made by rare_range (unused ones
 * NO_ENTRY); takes ownership of `ent` and frees it. */
static int rare_pairs(uint64_t **out, size_t *nout, const sl_corpus *c, uint64_t *ent,
                      size_t ne, unsigned T)
{
    *out = NULL;
    *nout = 0;
    size_t n = c->n;
    cand_job j = {0};
    uint32_t *pos = NULL, *end = NULL, *ec = NULL;
    uint64_t *run = NULL;
    int rc = sl__sort_u64_inplace(ent, ne, T);
    if (rc)
        goto done;
    /* unique, without the unused slots (sorted last) */
    size_t u = 0;
    for (size_t y = 0; y < ne && ent[y] != NO_ENTRY; y++)
        if (u == 0 || ent[u - 1] != ent[y])
            ent[u++] = ent[y];
    ne = u;
    if (!(run = calloc(ne / 64 + 1, sizeof *run))) {
        rc = sl__nomem();
        goto done;
    }
    for (size_t y = 0; y < ne; y++)
        if (y == 0 || ent[y] >> 32 != ent[y - 1] >> 32)
            run[y >> 6] |= (uint64_t)1 << (y & 63);
    /* the components, 4 bytes each, moved to the front of the same block
     * (entry y's 4 bytes go where entries < y lay) */
    for (size_t y = 0; y < ne; y++) {
        uint32_t comp = (uint32_t)ent[y];
        memcpy((char *)ent + y * sizeof comp, &comp, sizeof comp);
    }
    void *shrunk = realloc(ent, ne * sizeof *ec + 1);
    if (shrunk)
        ent = shrunk;
    ec = (uint32_t *)ent;
    ent = NULL;
    /* the entries grouped by component (a counting sort) */
    pos = malloc((ne + 1) * sizeof *pos);
    end = calloc(n + 1, sizeof *end);
    if (!pos || !end) {
        rc = sl__nomem();
        goto done;
    }
    for (size_t y = 0; y < ne; y++)
        end[ec[y]]++;
    for (size_t a = 1; a < n; a++)
        end[a] += end[a - 1];
    for (size_t y = ne; y-- > 0;)
        pos[--end[ec[y]]] = (uint32_t)y;
    /* end[a] now starts component a: shift to ends */
    for (size_t a = 0; a + 1 < n; a++)
        end[a] = end[a + 1];
    if (n)
        end[n - 1] = (uint32_t)ne;

    j = (cand_job){ec, run, ne, pos, end, c->cfg.rare_terms * 64u, calloc(T, sizeof(uint8_t *)),
                   calloc(T, sizeof(uint32_t *)), calloc(T, sizeof(sl_u64vec))};
    if (!j.count || !j.touched || !j.out) {
        rc = sl__nomem();
        goto done;
    }
    for (unsigned w = 0; w < T; w++) {
        j.count[w] = calloc(n + 1, 1);
        j.touched[w] = malloc((n + 1) * sizeof(uint32_t));
        if (!j.count[w] || !j.touched[w]) {
            rc = sl__nomem();
            goto done;
        }
    }
    if ((rc = sl__parallel_for(T, n, 256, cand_range, &j)))
        goto done;
    rc = sl__u64vec_merge(out, nout, j.out, T);
done:
    for (unsigned w = 0; w < T; w++) {
        if (j.count)
            free(j.count[w]);
        if (j.touched)
            free(j.touched[w]);
        if (j.out)
            free(j.out[w].v);
    }
    free(j.count);
    free(j.touched);
    free(j.out);
    free(ent);
    free(ec);
    free(run);
    free(pos);
    free(end);
    return rc;
}

static int align_range(void *ctx, unsigned w, size_t lo, size_t hi)
{
    pair_job *j = ctx;
    sl_corpus *c = j->c;
    sl_alignment al = {0};
    sl_features fa, fb;
    uint32_t last_a = SL_NONE, sig_a = SL_NONE;
    uint16_t sa[SL_MAX_MINHASH_K], sb[SL_MAX_MINHASH_K];
    int rc = SL_OK;
    for (size_t x = lo; x < hi && !rc; x++) {
        sl_pair pair, *p = &pair;
        cand_pair(p, j, x);
        const sl_doc *da = &c->doc[p->a], *db = &c->doc[p->b];
        if (sl__minhash_jaccard(da->tsig, db->tsig, SL_TERM_K) < MIN_TERM_JACCARD)
            continue;
        if (p->a != last_a) {
            if ((rc = sl__analyse(&fa, c->an[2 * w], c->art[p->a], SL_AN_SENTENCES)))
                break;
            last_a = p->a;
        }
        if ((rc = sl__analyse(&fb, c->an[2 * w + 1], c->art[p->b], SL_AN_SENTENCES)) ||
            (rc = sl__align(&al, &fa, &fb, c->cfg.align_sim)))
            break;
        sl_relation r = judge_alignment(&al, c);
        if (r != SL_REL_UNRELATED) {
            p->relation = r;
            if (c->sig) {
                near_scores(p, c, p->a, p->b);
            } else { /* dropped: from the analyses just aligned */
                if (sig_a != p->a) {
                    sl__analyser_signature(sa, c->an[2 * w]);
                    sig_a = p->a;
                }
                sl__analyser_signature(sb, c->an[2 * w + 1]);
                near_scores_of(p, c, p->a, p->b, sa, sb);
            }
            if ((rc = take_alignment(p, &al)))
                pair_clear(p);
            else
                rc = keep(j, x, p);
        }
    }
    sl__alignment_free(&al);
    return rc;
}

/* ------------------------------------------------------------ groups */

static uint32_t uf_find(uint32_t *uf, uint32_t x)
{
    while (uf[x] != x) {
        uf[x] = uf[uf[x]];
        x = uf[x];
    }
    return x;
}

static void uf_union(uint32_t *uf, uint32_t a, uint32_t b)
{
    a = uf_find(uf, a);
    b = uf_find(uf, b);
    if (a != b) {
        if (a < b)
            uf[b] = a;
        else
            uf[a] = b;
    }
}

/* Representative: most often a source and never... by score: sources of
 * directed edges first, then earliest publication, then longest, then
 * lowest index. */
static uint32_t pick_rep(const sl_corpus *c, const uint32_t *mem, size_t n, const int *score)
{
    uint32_t best = mem[0];
    for (size_t x = 1; x < n; x++) {
        uint32_t i = mem[x];
        const sl_article *a = c->art[i], *b = c->art[best];
        int better;
        if (score[i] != score[best])
            better = score[i] > score[best];
        else if (a->published != b->published)
            better = b->published == SL_TIME_UNKNOWN ||
                     (a->published != SL_TIME_UNKNOWN && a->published < b->published);
        else if (a->text_len != b->text_len)
            better = a->text_len > b->text_len;
        else
            better = i < best;
        if (better)
            best = i;
    }
    return best;
}

static int build_groups(sl_dedup *d, const sl_corpus *c, sl_relation kind)
{
    size_t n = c->n;
    uint32_t *uf = malloc((n + 1) * sizeof *uf);
    uint32_t *cnt = calloc(n + 1, sizeof *cnt);
    uint8_t *has = calloc(n + 1, 1);
    int *score = calloc(n + 1, sizeof *score);
    uint32_t *order = malloc((n + 1) * sizeof *order);
    int rc = SL_OK;
    if (!uf || !cnt || !has || !score || !order) {
        rc = sl__nomem();
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        uf[i] = (uint32_t)i;
    for (size_t x = 0; x < d->npairs; x++) {
        const sl_pair *p = &d->pairs[x];
        if (kind == SL_REL_DUPLICATE && p->relation != SL_REL_DUPLICATE)
            continue;
        uf_union(uf, p->a, p->b);
        if (p->source != SL_NONE) {
            score[p->source]++;
            score[p->source == p->a ? p->b : p->a]--;
        }
    }
    for (size_t x = 0; x < d->npairs; x++)
        if (d->pairs[x].relation == kind)
            has[uf_find(uf, d->pairs[x].a)] = 1;
    for (size_t i = 0; i < n; i++)
        cnt[uf_find(uf, (uint32_t)i)]++;
    /* members of each root, in index order: counting sort by root */
    size_t sum = 0;
    uint32_t *start = calloc(n + 1, sizeof *start);
    if (!start) {
        rc = sl__nomem();
        goto done;
    }
    for (size_t r = 0; r < n; r++) {
        start[r] = (uint32_t)sum;
        sum += cnt[r];
    }
    uint32_t *fill = calloc(n + 1, sizeof *fill);
    if (!fill) {
        free(start);
        rc = sl__nomem();
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t r = uf_find(uf, (uint32_t)i);
        order[start[r] + fill[r]++] = (uint32_t)i;
    }
    for (size_t r = 0; r < n && !rc; r++) {
        if (cnt[r] < 2 || !has[r])
            continue;
        if (d->ngroups % 64 == 0) {
            void *p = realloc(d->groups, (d->ngroups + 64) * sizeof *d->groups);
            if (!p) {
                rc = sl__nomem();
                break;
            }
            d->groups = p;
        }
        sl_group *g = &d->groups[d->ngroups];
        g->kind = kind;
        g->nmembers = cnt[r];
        g->members = malloc(cnt[r] * sizeof *g->members);
        if (!g->members) {
            rc = sl__nomem();
            break;
        }
        memcpy(g->members, order + start[r], cnt[r] * sizeof *g->members);
        g->representative = pick_rep(c, g->members, g->nmembers, score);
        d->ngroups++;
    }
    free(start);
    free(fill);
done:
    free(uf);
    free(cnt);
    free(has);
    free(score);
    free(order);
    return rc;
}

static int group_cmp(const void *x, const void *y)
{
    const sl_group *p = x, *q = y;
    if (p->members[0] != q->members[0])
        return p->members[0] < q->members[0] ? -1 : 1;
    return (int)p->kind - (int)q->kind;
}

/* ------------------------------------------------------------ run */

void sl_dedup_free(sl_dedup *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->npairs; i++)
        pair_clear(&d->pairs[i]);
    free(d->pairs);
    for (size_t i = 0; i < d->ngroups; i++)
        free(d->groups[i].members);
    free(d->groups);
    free(d);
}

/* Scores the ncand candidates with fn (verify_range, align_range) on the
 * worker threads: *res gets, per candidate, its related pair or NULL (the
 * caller frees them and the array).  SL_OK or SL_ENOMEM (*res still set
 * when allocated). */
static int run_pairs(sl_pair ***res, sl_corpus *c, const uint64_t *cand, size_t ncand,
                     size_t chunk, int (*fn)(void *ctx, unsigned w, size_t lo, size_t hi))
{
    pair_job j = {c, cand, calloc(ncand + 1, sizeof(sl_pair *))};
    *res = j.res;
    if (!j.res)
        return sl__nomem();
    return sl__parallel_for(c->cfg.threads, ncand, chunk, fn, &j);
}

/* Verifies the near-duplicate candidates (verify_range) and appends the
 * duplicates, in candidate order, to dl; *added gets their number.  SL_OK
 * or SL_ENOMEM. */
static int score_dups(dpairlist *dl, size_t *added, sl_corpus *c, const uint64_t *cand,
                      size_t ncand)
{
    size_t before = dl->n;
    sl_pair **res;
    int rc = run_pairs(&res, c, cand, ncand, 256, verify_range);
    for (size_t x = 0; res && x < ncand; x++) {
        sl_pair *q = res[x];
        if (!q)
            continue;
        assert(q->relation == SL_REL_DUPLICATE && !q->aligned && !q->cue_detail);
        if (!rc)
            rc = dpair_add(dl, q->a, q->b, q);
        pair_clear(q);
        free(q);
    }
    free(res);
    *added = dl->n - before;
    return rc;
}

/* Aligns the rewrite candidates (align_range) and appends the related
 * pairs, in candidate order, to pl; *added gets their number.  SL_OK or
 * SL_ENOMEM. */
static int score_rewrites(pairlist *pl, size_t *added, sl_corpus *c, const uint64_t *cand,
                          size_t ncand)
{
    size_t before = pl->n;
    sl_pair **res;
    int rc = run_pairs(&res, c, cand, ncand, 32, align_range);
    for (size_t x = 0; res && x < ncand; x++) {
        sl_pair *q = res[x], *p = NULL;
        if (!q)
            continue;
        if (!rc && !(p = pairlist_add(pl, q->a, q->b)))
            rc = SL_ENOMEM;
        if (p)
            *p = *q; /* takes ownership of aligned and cue_detail */
        else
            pair_clear(q);
        free(q);
    }
    free(res);
    *added = pl->n - before;
    return rc;
}

/* Step 3 of sl_dedup_run: rewrite (and verbatim-excerpt) pairs among the
 * heads, not in one duplicate component (dl: the duplicate pairs), appended
 * to pl.  ids is scratch of c->n entries.  SL_OK or SL_ENOMEM. */
static int find_rewrites(pairlist *pl, const dpairlist *dl, sl_dedup_stats *st, sl_corpus *c,
                         const uint32_t *head, uint32_t *ids)
{
    size_t n = c->n, ncand = 0;
    unsigned T = c->cfg.threads, m = c->cfg.rare_terms;
    uint64_t *cand = NULL;
    int rc;
    size_t nheads = 0;
    for (size_t i = 0; i < n; i++)
        nheads += head[i] == i;
    uint32_t *heads = malloc((nheads + 1) * sizeof *heads);
    uint64_t *ent = malloc((nheads * m + 1) * sizeof *ent);
    uint32_t *csize = calloc(n + 1, sizeof *csize);
    if (!heads || !ent || !csize) {
        rc = sl__nomem();
        free(heads);
        free(ent);
        free(csize);
        return rc;
    }
    nheads = 0;
    for (size_t i = 0; i < n; i++)
        if (head[i] == i)
            heads[nheads++] = (uint32_t)i;
    /* duplicate components: exact and near pairs */
    for (size_t i = 0; i < n; i++)
        ids[i] = (uint32_t)i;
    for (size_t x = 0; x < dl->n; x++)
        uf_union(ids, dl->v[x].a, dl->v[x].b);
    for (size_t i = 0; i < n; i++)
        csize[ids[i] = uf_find(ids, (uint32_t)i)]++;
    rare_job rj = {c, heads, ids, csize, 0, ent};
    /* a term in more than 1% of the articles (at least 50) is not specific */
    rj.max_df = (uint32_t)(n / 100 > 50 ? n / 100 : 50);
    rc = sl__parallel_for(T, nheads, 64, rare_range, &rj);
    free(csize);
    free(heads);
    if (!rc)
        rc = rare_pairs(&cand, &ncand, c, ent, nheads * m, T); /* frees ent */
    else
        free(ent);
    if (!rc) {
        st->term_candidates = ncand;
        rc = score_rewrites(pl, &st->rewrite_pairs, c, cand, ncand);
    }
    free(cand);
    return rc;
}

int sl_dedup_run(sl_dedup **out, sl_corpus *c)
{
    *out = NULL;
    if (c->sig_dropped)
        return sl__fail(SL_EINVAL, "sl_dedup_run: this corpus's MinHash signatures were "
                                   "dropped by an earlier run (drop_signatures)");
    int rc = sl_corpus_analyse(c);
    if (rc)
        return rc;
    size_t n = c->n;
    unsigned T = c->cfg.threads;
    sl_dedup *d = calloc(1, sizeof *d);
    uint32_t *head = malloc((n + 1) * sizeof *head);
    uint32_t *ids = malloc((n + 1) * sizeof *ids);
    pairlist pl = {0};
    dpairlist dl = {0};
    uint64_t *cand = NULL, *bulk = NULL;
    size_t ncand = 0, nbulk = 0;
    if (!d || !head || !ids) {
        rc = sl__nomem();
        goto fail;
    }
    d->stats.articles = n;
    double t0 = sl__now();

    /* 1. exact */
    if ((rc = exact_groups(head, &dl, c)))
        goto fail;
    d->stats.exact_pairs = dl.n;

    /* 2. near duplicates among heads */
    size_t nids = 0;
    for (size_t i = 0; i < n; i++)
        if (head[i] == i && c->doc[i].nshingles)
            ids[nids++] = (uint32_t)i;
    if ((rc = sl__lsh_pairs(&cand, &ncand, &bulk, &nbulk, c->sig, c->cfg.minhash_k, ids, nids,
                            c->cfg.bands, c->cfg.rows, MAX_BUCKET, T, c->cfg.seed)))
        goto fail;
    d->stats.shingle_candidates = ncand;
    size_t nbefore = dl.n, added;
    if ((rc = score_dups(&dl, &added, c, cand, ncand)))
        goto fail;
    free(cand);
    cand = NULL;
    if ((rc = verify_bulk(&dl, &d->stats.shingle_candidates, bulk, nbulk, c)))
        goto fail;
    free(bulk);
    bulk = NULL;
    d->stats.near_pairs = dl.n - nbefore;
    if (c->cfg.drop_signatures) { /* the rest needs none (near_scores_of) */
        free(c->sig);
        c->sig = NULL;
        c->sigcap = 0;
        c->sig_dropped = 1;
    }
    double t1 = sl__now();
    d->stats.near_s = t1 - t0;

    /* 3. rewrites among heads */
    if (c->cfg.rewrites && (rc = find_rewrites(&pl, &dl, &d->stats, c, head, ids)))
        goto fail;
    /* the duplicates become pair records only now */
    if ((rc = unpack_dups(&pl, &dl)))
        goto fail;
    free(dl.v);
    dl.v = NULL;
    if (pl.n)
        qsort(pl.v, pl.n, sizeof *pl.v, pair_cmp);
    double t2 = sl__now();
    d->stats.rewrite_s = t2 - t1;

    /* 4. direction, on the workers (each pair on its own) */
    direct_job dj = {pl.v, c};
    if ((rc = sl__parallel_for(T, pl.n, 256, direct_range, &dj)))
        goto fail;
    d->pairs = pl.v;
    d->npairs = pl.n;
    pl.v = NULL;

    /* 5. groups */
    if ((rc = build_groups(d, c, SL_REL_DUPLICATE)) ||
        (rc = build_groups(d, c, SL_REL_REWRITE)))
        goto fail;
    if (d->ngroups)
        qsort(d->groups, d->ngroups, sizeof *d->groups, group_cmp);
    d->stats.other_s = sl__now() - t2;
    free(head);
    free(ids);
    *out = d;
    return SL_OK;
fail:
    free(cand);
    free(bulk);
    for (size_t x = 0; x < pl.n; x++)
        pair_clear(&pl.v[x]);
    free(pl.v);
    free(dl.v);
    free(head);
    free(ids);
    sl_dedup_free(d);
    return rc;
}
