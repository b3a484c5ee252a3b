/*
 * lsh.c - LSH banding by sorting: for each band, the (band key, member)
 * words of all members are radix-sorted and runs of equal keys are buckets.
 * Memory is one band at a time per worker (16 bytes per member), not a
 * resident table of bands x members.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

typedef struct pairvec {
    uint64_t *v;
    size_t n, cap;
} pairvec;

typedef struct lsh_job {
    const uint16_t *sigs;
    unsigned k, rows, max_bucket;
    const uint32_t *ids;
    size_t n;
    uint64_t seed;
    pairvec *out;      /* one per worker */
    uint64_t **keys;   /* one scratch array pair per worker */
    uint64_t **tmp;
} lsh_job;

static int push(pairvec *pv, uint32_t a, uint32_t b)
{
    if (a > b) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    if (pv->n == pv->cap) {
        void *p = pv->v;
        if (sl__grow(&p, &pv->cap, pv->n + 1, sizeof *pv->v))
            return SL_ENOMEM;
        pv->v = p;
    }
    pv->v[pv->n++] = (uint64_t)a << 32 | b;
    return SL_OK;
}

static int do_band(void *ctx, unsigned worker, size_t lo, size_t hi)
{
    lsh_job *j = ctx;
    size_t n = j->n;
    if (!j->keys[worker]) {
        j->keys[worker] = malloc(n * sizeof(uint64_t));
        j->tmp[worker] = malloc(n * sizeof(uint64_t));
        if (!j->keys[worker] || !j->tmp[worker])
            return sl__nomem();
    }
    uint64_t *keys = j->keys[worker];
    pairvec *pv = &j->out[worker];
    for (size_t band = lo; band < hi; band++) {
        uint64_t bseed = sl__mix64(j->seed + 0x62616e64ULL * (band + 1));
        for (size_t i = 0; i < n; i++) {
            const uint16_t *row = j->sigs + (size_t)j->ids[i] * j->k + band * j->rows;
            uint64_t x = bseed;
            for (unsigned r = 0; r < j->rows; r++)
                x = (x ^ row[r]) * 0x100000001b3ULL;
            keys[i] = (sl__mix64(x) & 0xffffffff00000000ULL) | (uint32_t)i;
        }
        sl__sort_u64(keys, j->tmp[worker], n);
        for (size_t s = 0; s < n;) {
            size_t e = s + 1;
            while (e < n && (keys[e] >> 32) == (keys[s] >> 32))
                e++;
            size_t len = e - s;
            for (size_t a = s; a < e; a++) {
                size_t lim = len > j->max_bucket ? a + 1 + j->max_bucket : e;
                if (lim > e)
                    lim = e;
                for (size_t b = a + 1; b < lim; b++)
                    if (push(pv, j->ids[(uint32_t)keys[a]], j->ids[(uint32_t)keys[b]]))
                        return SL_ENOMEM;
            }
            s = e;
        }
    }
    return SL_OK;
}

int sl__lsh_pairs(uint64_t **out, size_t *npairs, const uint16_t *sigs, unsigned k,
                  const uint32_t *ids, size_t n, unsigned bands, unsigned rows,
                  unsigned max_bucket, unsigned threads, uint64_t seed)
{
    *out = NULL;
    *npairs = 0;
    if (threads < 1)
        threads = 1;
    if (threads > bands)
        threads = bands;
    lsh_job j = {sigs, k, rows, max_bucket ? max_bucket : 1, ids, n, seed, NULL, NULL, NULL};
    j.out = calloc(threads, sizeof *j.out);
    j.keys = calloc(threads, sizeof *j.keys);
    j.tmp = calloc(threads, sizeof *j.tmp);
    int rc = SL_OK;
    if (!j.out || !j.keys || !j.tmp)
        rc = sl__nomem();
    if (!rc && n > 1)
        rc = sl__parallel_for(threads, bands, 1, do_band, &j);
    size_t total = 0;
    for (unsigned t = 0; j.out && t < threads; t++)
        total += j.out[t].n;
    uint64_t *all = NULL, *tmp = NULL;
    if (!rc && total) {
        all = malloc(total * sizeof *all);
        tmp = malloc(total * sizeof *tmp);
        if (!all || !tmp)
            rc = sl__nomem();
    }
    if (!rc && total) {
        size_t m = 0;
        for (unsigned t = 0; t < threads; t++) {
            if (j.out[t].n)
                memcpy(all + m, j.out[t].v, j.out[t].n * sizeof *all);
            m += j.out[t].n;
        }
        sl__sort_u64(all, tmp, total);
        size_t u = 0;
        for (size_t i = 0; i < total; i++)
            if (u == 0 || all[u - 1] != all[i])
                all[u++] = all[i];
        *out = all;
        *npairs = u;
        all = NULL;
    }
    free(all);
    free(tmp);
    for (unsigned t = 0; t < threads; t++) {
        if (j.out)
            free(j.out[t].v);
        if (j.keys)
            free(j.keys[t]);
        if (j.tmp)
            free(j.tmp[t]);
    }
    free(j.out);
    free(j.keys);
    free(j.tmp);
    return rc;
}
