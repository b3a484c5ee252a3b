/*
 * minhash.c - one-permutation hashing (Li, Owen, Zhang 2012) with optimal
 * densification (Shrivastava 2017): one hash per shingle and k bins, so a
 * signature costs O(n + k) instead of O(n * k) for k permutations.
 *
 * Each shingle hash x is re-mixed with the seed; its top bits choose the bin,
 * its low 32 bits order the elements inside the bin, and the bin keeps a
 * 16-bit code of its minimum (b-bit MinHash: equal codes of different
 * elements happen with probability 2^-16, corrected for in the estimate).
 * Empty bins borrow the code of the first non-empty bin along a fixed
 * pseudo-random probe sequence, the same for every article, so two
 * signatures still agree in a bin with probability equal to their Jaccard.
 */
#include <string.h>

#include "engine.h"

void sl__minhash(uint16_t *sig, unsigned k, const uint64_t *hashes, size_t n, uint64_t seed)
{
    uint32_t minv[1024];
    uint8_t full[1024];
    memset(full, 0, k);
    memset(sig, 0, k * sizeof *sig);
    if (n == 0)
        return;
    uint64_t s = sl__mix64(seed ^ 0x6d696e68617368ULL);
    for (size_t i = 0; i < n; i++) {
        uint64_t x = sl__mix64(hashes[i] ^ s);
        unsigned bin = (unsigned)(((x >> 32) * k) >> 32);
        uint32_t v = (uint32_t)x;
        if (!full[bin] || v < minv[bin]) {
            full[bin] = 1;
            minv[bin] = v;
            sig[bin] = (uint16_t)(sl__mix64(x) >> 48);
        }
    }
    for (unsigned b = 0; b < k; b++) {
        if (full[b])
            continue;
        for (uint64_t attempt = 1;; attempt++) {
            uint64_t y = sl__mix64(s + ((uint64_t)b << 32) + attempt);
            unsigned j = (unsigned)(((y >> 32) * k) >> 32);
            if (full[j]) {
                sig[b] = sig[j];
                break;
            }
        }
    }
}

double sl__minhash_jaccard(const uint16_t *a, const uint16_t *b, unsigned k)
{
    unsigned eq = 0;
    for (unsigned i = 0; i < k; i++)
        eq += a[i] == b[i];
    /* Remove the chance agreement of 16-bit codes: E[eq/k] = J + (1-J)/65536. */
    const double c = 1.0 / 65536.0;
    double j = ((double)eq / k - c) / (1.0 - c);
    return j < 0 ? 0 : j;
}
