/* sort.c - stable LSD radix sorts of unsigned integers (11-bit digits).
 * Passes whose digit is the same for every key are skipped, so sorting
 * keys of a small range costs few passes. */
#include <string.h>

#include "internal.h"

#define DIGIT_BITS 11
#define BUCKETS (1u << DIGIT_BITS)

#define DEFINE_RADIX(NAME, T, BITS)                                            \
    void NAME(T *v, T *tmp, size_t n)                                          \
    {                                                                          \
        if (n < 2)                                                             \
            return;                                                            \
        if (n <= 48) { /* insertion sort: cheaper than histograms */           \
            for (size_t i = 1; i < n; i++) {                                   \
                T x = v[i];                                                    \
                size_t j = i;                                                  \
                while (j > 0 && v[j - 1] > x) {                                \
                    v[j] = v[j - 1];                                           \
                    j--;                                                       \
                }                                                              \
                v[j] = x;                                                      \
            }                                                                  \
            return;                                                            \
        }                                                                      \
        T *src = v, *dst = tmp;                                                \
        size_t count[BUCKETS];                                                 \
        for (unsigned shift = 0; shift < (BITS); shift += DIGIT_BITS) {        \
            memset(count, 0, sizeof count);                                    \
            for (size_t i = 0; i < n; i++)                                     \
                count[(src[i] >> shift) & (BUCKETS - 1)]++;                    \
            if (count[(src[0] >> shift) & (BUCKETS - 1)] == n)                 \
                continue; /* every key has this digit */                       \
            size_t sum = 0;                                                    \
            for (unsigned b = 0; b < BUCKETS; b++) {                           \
                size_t c = count[b];                                           \
                count[b] = sum;                                                \
                sum += c;                                                      \
            }                                                                  \
            for (size_t i = 0; i < n; i++)                                     \
                dst[count[(src[i] >> shift) & (BUCKETS - 1)]++] = src[i];      \
            T *t = src;                                                        \
            src = dst;                                                         \
            dst = t;                                                           \
        }                                                                      \
        if (src != v)                                                          \
            memcpy(v, src, n * sizeof *v);                                     \
    }

DEFINE_RADIX(sl__sort_u64, uint64_t, 64)
DEFINE_RADIX(sl__sort_u32, uint32_t, 32)
