/*
 * minhash.c - one-permutation hashing (Li, Owen, Zhang 2012) with optimal
 * densification (Shrivastava 2017): one hash per shingle and k bins, so a
 * signature costs O(n + k) instead of O(n * k) for k permutations.
 *
 * Each shingle hash x is re-mixed with the seed; its top bits choose the bin,
 * its low 32 bits order the elements inside the bin, and the bin keeps a
 * 16-bit code of its minimum (b-bit MinHash: equal codes of different
 * elements happen with probability 2^-16, corrected for in the estimate).
 * Empty bins borrow the minimum of the first non-empty bin along a fixed
 * pseudo-random probe sequence, the same for every article, so two
 * signatures still agree in a bin with probability equal to their Jaccard.
 * A borrowed bin's code is made from the borrowed element AND the bin's
 * number: with the donor's code copied, two different one-shingle texts
 * (every bin borrowed from one donor) had equal codes in all k bins with
 * probability 2^-16, i.e. estimated Jaccard 1 - a million one-word
 * articles gave 7.6 million false duplicate pairs.  Now chance agreements
 * are independent per bin, as the estimate below assumes; bins that hold
 * their own minimum keep the code they had.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* Densification of a nearly empty signature probes about k / full times
 * per empty bin: a one-shingle text (a one-word article) cost k^2 = 16,384
 * hashes, 54 of the 63 s of `dedup` on a million one-word articles.  When
 * few bins are full, a table gives, for every bin b and bin j, the attempt
 * at which b's probe sequence first meets j (within TABLE_PROBES), and the
 * donor is the full bin met first: the same bin as probing finds, at the
 * cost of one lookup per full bin.  Tables depend only on (seed, k); a few
 * are built on first use, shared by all threads and kept for the life of
 * the process (read without a lock once published). */
#define TABLE_MAX_K 256   /* bigger k: always probe */
#define TABLE_PROBES 4096 /* attempts recorded per bin; later: probe */
#define TABLE_SLOTS 4
#define FEW_FULL 16       /* the table is used up to this many full bins */

typedef struct probe_table {
    uint64_t s;
    unsigned k;
    uint16_t first[]; /* [b * k + j]: 1..TABLE_PROBES, 0 = not met */
} probe_table;

static _Atomic(probe_table *) tables[TABLE_SLOTS];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

/* The table of (s, k), or NULL (no free slot, no memory): then probe. */
static const probe_table *probe_table_get(uint64_t s, unsigned k)
{
    for (int i = 0; i < TABLE_SLOTS; i++) {
        const probe_table *t = atomic_load_explicit(&tables[i], memory_order_acquire);
        if (!t)
            break;
        if (t->s == s && t->k == k)
            return t;
    }
    pthread_mutex_lock(&table_lock);
    probe_table *found = NULL;
    int i;
    for (i = 0; i < TABLE_SLOTS; i++) {
        probe_table *t = atomic_load_explicit(&tables[i], memory_order_relaxed);
        if (!t)
            break;
        if (t->s == s && t->k == k) {
            found = t;
            break;
        }
    }
    if (!found && i < TABLE_SLOTS &&
        (found = calloc(1, sizeof *found + (size_t)k * k * sizeof *found->first))) {
        found->s = s;
        found->k = k;
        for (unsigned b = 0; b < k; b++)
            for (unsigned a = 1; a <= TABLE_PROBES; a++) {
                uint64_t y = sl__mix64(s + ((uint64_t)b << 32) + a);
                unsigned j = (unsigned)(((y >> 32) * k) >> 32);
                if (!found->first[b * k + j])
                    found->first[b * k + j] = (uint16_t)a;
            }
        atomic_store_explicit(&tables[i], found, memory_order_release);
    }
    pthread_mutex_unlock(&table_lock);
    return found;
}

void sl__minhash(uint16_t *sig, unsigned k, const uint64_t *hashes, size_t n, uint64_t seed)
{
    uint64_t minv[1024]; /* the bin's least low half so far; UINT64_MAX: empty */
    uint64_t minx[1024];
    uint8_t full[1024];
    memset(sig, 0, k * sizeof *sig);
    if (n == 0)
        return;
    for (unsigned b = 0; b < k; b++)
        minv[b] = UINT64_MAX;
    uint64_t s = sl__mix64(seed ^ 0x6d696e68617368ULL);
    for (size_t i = 0; i < n; i++) {
        uint64_t x = sl__mix64(hashes[i] ^ s);
        unsigned bin = (unsigned)(((x >> 32) * k) >> 32);
        uint64_t v = (uint32_t)x; /* below UINT64_MAX: the first always enters */
        if (v < minv[bin]) {
            minv[bin] = v;
            minx[bin] = x;
        }
    }
    for (unsigned b = 0; b < k; b++)
        if ((full[b] = minv[b] != UINT64_MAX))
            sig[b] = (uint16_t)(sl__mix64(minx[b]) >> 48);
    unsigned fl[FEW_FULL], nfull = 0;
    for (unsigned b = 0; b < k && nfull <= FEW_FULL; b++)
        if (full[b]) {
            if (nfull < FEW_FULL)
                fl[nfull] = b;
            nfull++;
        }
    const probe_table *t = nfull <= FEW_FULL && k <= TABLE_MAX_K ? probe_table_get(s, k) : NULL;
    for (unsigned b = 0; b < k; b++) {
        if (full[b])
            continue;
        unsigned j = k, best = 0; /* the donor bin */
        for (unsigned f = 0; t && f < nfull; f++) {
            unsigned a = t->first[(size_t)b * k + fl[f]];
            if (a && (!best || a < best)) {
                best = a;
                j = fl[f];
            }
        }
        for (uint64_t attempt = 1; j == k; attempt++) {
            uint64_t y = sl__mix64(s + ((uint64_t)b << 32) + attempt);
            unsigned x = (unsigned)(((y >> 32) * k) >> 32);
            if (full[x])
                j = x;
        }
        sig[b] = (uint16_t)(sl__mix64(minx[j] ^ (0x9e3779b97f4a7c15ULL * (b + 1))) >> 48);
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
