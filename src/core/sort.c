/* sort.c - stable LSD radix sorts of unsigned integers.
 *
 * Small arrays (the analyser sorts a few hundred term ids per article)
 * use 8-bit digits with every digit's histogram counted in one read of the
 * data; large arrays (LSH band keys) use 11-bit digits, fewer passes.  A
 * pass whose digit is the same for every key is skipped. */
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
DEFINE_RADIX(radix8_u32, uint32_t, 32, 8)
DEFINE_RADIX(radix11_u32, uint32_t, 32, 11)
DEFINE_RADIX(radix8_u64, uint64_t, 64, 8)
DEFINE_RADIX(radix11_u64, uint64_t, 64, 11)

#define SMALL 48    /* insertion sort below this */
#define MEDIUM 4096 /* 8-bit digits below this, 11-bit above */

void sl__sort_u32(uint32_t *v, uint32_t *tmp, size_t n)
{
    if (n <= SMALL)
        insertion_u32(v, n);
    else if (n <= MEDIUM)
        radix8_u32(v, tmp, n);
    else
        radix11_u32(v, tmp, n);
}

void sl__sort_u64(uint64_t *v, uint64_t *tmp, size_t n)
{
    if (n <= SMALL)
        insertion_u64(v, n);
    else if (n <= MEDIUM)
        radix8_u64(v, tmp, n);
    else
        radix11_u64(v, tmp, n);
}
