/* sort.c - sorts of unsigned integers.
 *
 * Small arrays (the analyser sorts tens to hundreds of keys per article):
 * insertion sort, then an iterative quicksort (median of three) that falls
 * back to insertion sort on short ranges - radix histograms would cost more
 * to clear than the sort itself.  Large arrays (LSH band keys): LSD radix,
 * 8-bit digits up to MEDIUM keys, 11-bit above, with every digit's
 * histogram counted in one read and passes whose digit never varies
 * skipped.  Equal keys are indistinguishable, so stability does not
 * matter. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Insertion sort on the keys' bits from LOW up (stable). */
#define DEFINE_INSERTION(NAME, T, LOW)                                         \
    static void NAME(T *v, size_t n)                                           \
    {                                                                          \
        for (size_t i = 1; i < n; i++) {                                       \
            T x = v[i];                                                        \
            size_t j = i;                                                      \
            while (j > 0 && v[j - 1] >> (LOW) > x >> (LOW)) {                  \
                v[j] = v[j - 1];                                               \
                j--;                                                           \
            }                                                                  \
            v[j] = x;                                                          \
        }                                                                      \
    }

/* One radix sort (stable) on the BITS bits from LOW up of keys of type T,
 * DB-bit digits. */
#define DEFINE_RADIX(NAME, T, LOW, BITS, DB)                                   \
    static void NAME(T *v, T *tmp, size_t n)                                   \
    {                                                                          \
        enum { NB = 1u << (DB), ND = ((BITS) + (DB)-1) / (DB) };               \
        static _Thread_local size_t count[ND][NB];                             \
        memset(count, 0, sizeof count);                                        \
        for (size_t i = 0; i < n; i++)                                         \
            for (unsigned d = 0; d < ND; d++)                                  \
                count[d][(v[i] >> ((LOW) + d * (DB))) & (NB - 1)]++;           \
        T *src = v, *dst = tmp;                                                \
        for (unsigned d = 0; d < ND; d++) {                                    \
            unsigned shift = (LOW) + d * (DB);                                 \
            size_t *c = count[d];                                              \
            if (c[(src[0] >> shift) & (NB - 1)] == n)                          \
                continue; /* every key has this digit */                       \
            size_t sum = 0;                                                    \
            for (unsigned b = 0; b < NB; b++) {                                \
                size_t k = c[b];                                               \
                c[b] = sum;                                                    \
                sum += k;                                                      \
            }                                                                  \
            for (size_t i = 0; i < n; i++)                                     \
                dst[c[(src[i] >> shift) & (NB - 1)]++] = src[i];               \
            T *t = src;                                                        \
            src = dst;                                                         \
            dst = t;                                                           \
        }                                                                      \
        if (src != v)                                                          \
            memcpy(v, src, n * sizeof *v);                                     \
    }

DEFINE_INSERTION(insertion_u32, uint32_t, 0)
DEFINE_INSERTION(insertion_u64, uint64_t, 0)

#define DEFINE_QUICK(NAME, T, INSERTION)                                       \
    static void NAME(T *v, size_t n)                                           \
    {                                                                          \
        size_t lo_stack[64], hi_stack[64];                                     \
        int sp = 0;                                                            \
        lo_stack[0] = 0;                                                       \
        hi_stack[0] = n;                                                       \
        sp = 1;                                                                \
        while (sp > 0) {                                                       \
            sp--;                                                              \
            size_t lo = lo_stack[sp], hi = hi_stack[sp];                       \
            while (hi - lo > 16) {                                             \
                size_t mid = lo + (hi - lo) / 2;                               \
                T a = v[lo], b = v[mid], c = v[hi - 1];                        \
                T p = a < b ? (b < c ? b : (a < c ? c : a))                    \
                            : (a < c ? a : (b < c ? c : b));                   \
                size_t i = lo, j = hi - 1;                                     \
                for (;;) {                                                     \
                    while (v[i] < p)                                           \
                        i++;                                                   \
                    while (v[j] > p)                                           \
                        j--;                                                   \
                    if (i >= j)                                                \
                        break;                                                 \
                    T t = v[i];                                                \
                    v[i] = v[j];                                               \
                    v[j] = t;                                                  \
                    i++;                                                       \
                    j--;                                                       \
                }                                                              \
                /* [lo, j] <= p <= [j + 1, hi): recurse on the smaller */      \
                size_t split = j + 1;                                          \
                if (split - lo < hi - split) {                                 \
                    lo_stack[sp] = split;                                      \
                    hi_stack[sp++] = hi;                                       \
                    hi = split;                                                \
                } else {                                                       \
                    lo_stack[sp] = lo;                                         \
                    hi_stack[sp++] = split;                                    \
                    lo = split;                                                \
                }                                                              \
            }                                                                  \
            INSERTION(v + lo, hi - lo);                                        \
        }                                                                      \
    }

DEFINE_QUICK(quick_u32, uint32_t, insertion_u32)
DEFINE_QUICK(quick_u64, uint64_t, insertion_u64)
DEFINE_RADIX(radix8_u32, uint32_t, 0, 32, 8)
DEFINE_RADIX(radix11_u32, uint32_t, 0, 32, 11)
DEFINE_RADIX(radix8_u64, uint64_t, 0, 64, 8)
DEFINE_RADIX(radix11_u64, uint64_t, 0, 64, 11)

#define SMALL 1024  /* quicksort below this */
#define MEDIUM 4096 /* 8-bit digits below this, 11-bit above */

void sl__sort_u32(uint32_t *v, uint32_t *tmp, size_t n)
{
    if (n <= 16)
        insertion_u32(v, n);
    else if (n <= SMALL)
        quick_u32(v, n);
    else if (n <= MEDIUM)
        radix8_u32(v, tmp, n);
    else
        radix11_u32(v, tmp, n);
}

void sl__sort_u64(uint64_t *v, uint64_t *tmp, size_t n)
{
    if (n <= 16)
        insertion_u64(v, n);
    else if (n <= SMALL)
        quick_u64(v, n);
    else if (n <= MEDIUM)
        radix8_u64(v, tmp, n);
    else
        radix11_u64(v, tmp, n);
}

size_t sl__select_u64(uint64_t *v, size_t n, size_t m)
{
    if (m >= n)
        return n;
    /* quickselect (Hoare partition, median of three) until the m smallest
     * keys are v[0..m), in no particular order */
    size_t lo = 0, hi = n; /* the boundary lies in [lo, hi) */
    while (hi - lo > 16) {
        size_t mid = lo + (hi - lo) / 2;
        uint64_t a = v[lo], b = v[mid], c = v[hi - 1];
        uint64_t p = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        size_t i = lo, j = hi - 1;
        for (;;) {
            while (v[i] < p)
                i++;
            while (v[j] > p)
                j--;
            if (i >= j)
                break;
            uint64_t t = v[i];
            v[i++] = v[j];
            v[j--] = t;
        }
        /* v[lo..j] <= p <= v[j+1..hi) */
        if (m <= j)
            hi = j + 1;
        else
            lo = j + 1;
    }
    insertion_u64(v + lo, hi - lo);
    return m;
}

/* One American flag sort pass (cycle leader, no second array) on the 8 bits
 * of v[0..n) at `shift`; end[b] is where bucket b ends afterwards. */
static void flag_pass(uint64_t *v, size_t n, unsigned shift, size_t end[256])
{
    size_t next[256] = {0};
    for (size_t y = 0; y < n; y++)
        end[(v[y] >> shift) & 255]++;
    size_t sum = 0;
    for (unsigned b = 0; b < 256; b++) {
        next[b] = sum;
        sum += end[b];
        end[b] = sum;
    }
    for (unsigned b = 0; b < 256; b++)
        while (next[b] < end[b]) {
            uint64_t x = v[next[b]];
            unsigned k;
            while ((k = (unsigned)(x >> shift) & 255) != b) { /* x belongs further on */
                uint64_t y = v[next[k]];
                v[next[k]++] = x;
                x = y;
            }
            v[next[b]++] = x;
        }
}

typedef struct inplace_job {
    uint64_t *v;
    const size_t *end; /* of the top-level buckets */
} inplace_job;

/* Top-level buckets [lo, hi): each by its next 8 bits, then each of those
 * with the small sorts (scratch the size of the largest). */
static int inplace_range(void *ctx, unsigned w, size_t lo, size_t hi)
{
    (void)w;
    const inplace_job *j = ctx;
    for (size_t b = lo; b < hi; b++) {
        size_t from = b ? j->end[b - 1] : 0, n = j->end[b] - from;
        uint64_t *v = j->v + from;
        size_t end[256] = {0}, maxb = 0;
        flag_pass(v, n, 48, end);
        for (unsigned k = 0; k < 256; k++) {
            size_t sz = end[k] - (k ? end[k - 1] : 0);
            maxb = sz > maxb ? sz : maxb;
        }
        uint64_t *tmp = maxb > SMALL ? malloc(maxb * sizeof *tmp) : NULL;
        if (maxb > SMALL && !tmp)
            return sl__nomem();
        for (unsigned k = 0; k < 256; k++) {
            size_t s0 = k ? end[k - 1] : 0;
            sl__sort_u64(v + s0, tmp, end[k] - s0);
        }
        free(tmp);
    }
    return SL_OK;
}

/* Two American flag sort passes on the top 16 bits, 8 at a time: the first
 * over the whole array, the second within each of its 256 buckets (small
 * enough to stay in cache, and sorted in parallel), then each final bucket
 * with the small sorts. */
int sl__sort_u64_inplace(uint64_t *v, size_t n, unsigned threads)
{
    size_t end[256] = {0};
    flag_pass(v, n, 56, end);
    inplace_job j = {v, end};
    return sl__parallel_for(threads, 256, 1, inplace_range, &j);
}
