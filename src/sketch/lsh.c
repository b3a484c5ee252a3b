/*
 * lsh.c - LSH banding by sorting: for each band, the (band key, member)
 * words of all members are radix-sorted and runs of equal keys are buckets.
 * Memory is one band at a time per worker (16 bytes per member), not a
 * resident table of bands x members.
 *
 * Oversized buckets (more than max_bucket members: near-identical copies
 * by the thousand) give "bulk" pairs, each member with the next
 * BULK_WINDOW members in index order, kept apart so that the caller can
 * verify them only until their members are connected.  Before, such a
 * bucket paired each member with the next max_bucket (64) members in every
 * band: 20,000 variants of one article that differ by one word gave 3.75
 * million candidates (1.7 GB, 11 s); now 0.28 million bulk candidates of
 * which the caller verifies about one per article.  Each worker sorts and
 * dedups its bulk pairs when they double, since the windows of different
 * bands mostly repeat the same pairs.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

#define BULK_WINDOW 4 /* oversized buckets: pairs with the next 4 members */

typedef struct lsh_job {
    const uint16_t *sigs;
    unsigned k, rows, max_bucket;
    const uint32_t *ids;
    size_t n;
    uint64_t seed;
    sl_u64vec *out;      /* one per worker */
    sl_u64vec *bulk;     /* one per worker: pairs from oversized buckets */
    size_t *bulk_done;   /* one per worker: size after its last dedup */
    uint64_t **keys;   /* one scratch array pair per worker */
    uint64_t **tmp;
} lsh_job;

/* Appends pair (a, b) as lo << 32 | hi. */
static int push(sl_u64vec *pv, uint32_t a, uint32_t b)
{
    return sl__u64vec_push(pv, a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a);
}

/* Sorts v and drops repeated keys. */
static int compact(sl_u64vec *v)
{
    uint64_t *tmp = malloc((v->n + 1) * sizeof *tmp);
    if (!tmp)
        return sl__nomem();
    sl__sort_u64(v->v, tmp, v->n);
    free(tmp);
    size_t u = 0;
    for (size_t i = 0; i < v->n; i++)
        if (u == 0 || v->v[u - 1] != v->v[i])
            v->v[u++] = v->v[i];
    v->n = u;
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
    sl_u64vec *pv = &j->out[worker];
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
            sl_u64vec *to = len > j->max_bucket ? &j->bulk[worker] : pv;
            for (size_t a = s; a < e; a++) {
                size_t lim = len > j->max_bucket ? a + 1 + BULK_WINDOW : e;
                if (lim > e)
                    lim = e;
                for (size_t b = a + 1; b < lim; b++)
                    if (push(to, j->ids[(uint32_t)keys[a]], j->ids[(uint32_t)keys[b]]))
                        return SL_ENOMEM;
            }
            s = e;
        }
        sl_u64vec *bv = &j->bulk[worker];
        if (bv->n > 2 * j->bulk_done[worker] + ((size_t)1 << 16)) {
            if (compact(bv))
                return SL_ENOMEM;
            j->bulk_done[worker] = bv->n;
        }
    }
    return SL_OK;
}

int sl__lsh_pairs(uint64_t **out, size_t *npairs, uint64_t **bulk, size_t *nbulk,
                  const uint16_t *sigs, unsigned k, const uint32_t *ids, size_t n,
                  unsigned bands, unsigned rows, unsigned max_bucket, unsigned threads,
                  uint64_t seed)
{
    *out = *bulk = NULL;
    *npairs = *nbulk = 0;
    if (threads < 1)
        threads = 1;
    if (threads > bands)
        threads = bands;
    lsh_job j = {sigs, k, rows, max_bucket ? max_bucket : 1, ids, n, seed,
                 NULL, NULL, NULL, NULL, NULL};
    j.out = calloc(threads, sizeof *j.out);
    j.bulk = calloc(threads, sizeof *j.bulk);
    j.bulk_done = calloc(threads, sizeof *j.bulk_done);
    j.keys = calloc(threads, sizeof *j.keys);
    j.tmp = calloc(threads, sizeof *j.tmp);
    int rc = SL_OK;
    if (!j.out || !j.bulk || !j.bulk_done || !j.keys || !j.tmp)
        rc = sl__nomem();
    if (!rc && n > 1)
        rc = sl__parallel_for(threads, bands, 1, do_band, &j);
    if (!rc)
        rc = sl__u64vec_merge(out, npairs, j.out, threads);
    if (!rc)
        rc = sl__u64vec_merge(bulk, nbulk, j.bulk, threads);
    if (!rc) { /* a pair also found in a small bucket is not bulk */
        size_t u = 0, x = 0;
        for (size_t i = 0; i < *nbulk; i++) {
            while (x < *npairs && (*out)[x] < (*bulk)[i])
                x++;
            if (x == *npairs || (*out)[x] != (*bulk)[i])
                (*bulk)[u++] = (*bulk)[i];
        }
        *nbulk = u;
    }
    for (unsigned t = 0; t < threads; t++) {
        if (j.out)
            free(j.out[t].v);
        if (j.bulk)
            free(j.bulk[t].v);
        if (j.keys)
            free(j.keys[t]);
        if (j.tmp)
            free(j.tmp[t]);
    }
    free(j.out);
    free(j.bulk);
    free(j.bulk_done);
    free(j.keys);
    free(j.tmp);
    if (rc) {
        free(*out);
        free(*bulk);
        *out = *bulk = NULL;
        *npairs = *nbulk = 0;
    }
    return rc;
}
