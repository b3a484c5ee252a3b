/*
 * lsh.c - LSH banding by sorting: for each band, the (band key, member)
 * words of all members are radix-sorted and runs of equal keys are buckets.
 * Memory is one band at a time per worker (16 bytes per member), not a
 * resident table of bands x members.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

typedef struct lsh_job {
    const uint16_t *sigs;
    unsigned k, rows, max_bucket;
    const uint32_t *ids;
    size_t n;
    uint64_t seed;
    sl_u64vec *out;      /* one per worker */
    uint64_t **keys;   /* one scratch array pair per worker */
    uint64_t **tmp;
} lsh_job;

/* Appends pair (a, b) as lo << 32 | hi. */
static int push(sl_u64vec *pv, uint32_t a, uint32_t b)
{
    return sl__u64vec_push(pv, a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a);
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
    if (!rc)
        rc = sl__u64vec_merge(out, npairs, j.out, threads);
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
