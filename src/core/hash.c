/* hash.c - hashing through xxhash (XXH3). */
#include <xxhash.h>

#include "internal.h"

uint64_t sl__hash64(const void *p, size_t n, uint64_t seed)
{
    return XXH3_64bits_withSeed(p, n, seed);
}

void sl__hash128(uint64_t out[2], const void *p, size_t n, uint64_t seed)
{
    XXH128_hash_t h = XXH3_128bits_withSeed(p, n, seed);
    out[0] = h.low64;
    out[1] = h.high64;
}
