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

#define DEFINE_INSERTION(NAME, T)                                              \
    static void NAME(T *v, size_t n)                                           \
    {                                                                          \
        for (size_t i = 1; i < n; i++) {                                       \
            T x = v[i];                                                        \
            size_t j = i;                                                      \
            while (j > 0 && v[j - 1] > x) {                                    \
                v[j] = v[j - 1];                                               \
                j--;                                                           \
            }                                                                  \
            v[j] = x;                                                          \
        }                                                                      \
    }

/* One radix sort: BITS-bit keys of type T, DB-bit digits. */
#define DEFINE_RADIX(NAME, T, BITS, DB)                                        \
    static void NAME(T *v, T *tmp, size_t n)                                   \
    {                                                                          \
        enum { NB = 1u << (DB), ND = ((BITS) + (DB)-1) / (DB) };               \
        static _Thread_local size_t count[ND][NB];                             \
        memset(count, 0, sizeof count);                                        \
        for (size_t i = 0; i < n; i++)                                         \
            for (unsigned d = 0; d < ND; d++)                                  \
                count[d][(v[i] >> (d * (DB))) & (NB - 1)]++;                   \
        T *src = v, *dst = tmp;                                                \
        for (unsigned d = 0; d < ND; d++) {                                    \
            unsigned shift = d * (DB);                                         \
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

DEFINE_INSERTION(insertion_u32, uint32_t)
DEFINE_INSERTION(insertion_u64, uint64_t)

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
DEFINE_RADIX(radix8_u32, uint32_t, 32, 8)
DEFINE_RADIX(radix11_u32, uint32_t, 32, 11)
DEFINE_RADIX(radix8_u64, uint64_t, 64, 8)
DEFINE_RADIX(radix11_u64, uint64_t, 64, 11)

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

/* An American flag sort on the top 16 bits (one cycle-leader pass, no
 * second array), then each bucket on its own with scratch of the largest
 * bucket's size. */
int sl__sort_u64_inplace(uint64_t *v, size_t n)
{
    enum { B = 1 << 16 };
    size_t *next = calloc(B + 1, sizeof *next), *end = malloc((B + 1) * sizeof *end);
    uint64_t *tmp = NULL;
    if (!next || !end) {
        free(next);
        free(end);
        return sl__nomem();
    }
    for (size_t y = 0; y < n; y++)
        next[(v[y] >> 48) + 1]++;
    size_t maxb = 0;
    for (size_t b = 0; b < B; b++) {
        maxb = next[b + 1] > maxb ? next[b + 1] : maxb;
        next[b + 1] += next[b];
    }
    for (size_t b = 0; b < B; b++)
        end[b] = next[b + 1];
    for (size_t b = 0; b < B; b++)
        while (next[b] < end[b]) {
            uint64_t x = v[next[b]];
            size_t k;
            while ((k = (size_t)(x >> 48)) != b) { /* x belongs further on */
                uint64_t y = v[next[k]];
                v[next[k]++] = x;
                x = y;
            }
            v[next[b]++] = x;
        }
    int rc = SL_OK;
    if (!(tmp = malloc((maxb + 1) * sizeof *tmp)))
        rc = sl__nomem();
    for (size_t b = 0; !rc && b < B; b++) {
        size_t lo = b ? end[b - 1] : 0;
        sl__sort_u64(v + lo, tmp, end[b] - lo);
    }
    free(tmp);
    free(next);
    free(end);
    return rc;
}
