/* strtab.c - exact look-ups in a fixed set of strings (see internal.h). */
#include <assert.h>
#include <string.h>

#include "internal.h"

void sl__strtab_put(sl_strtab *t, uint32_t row)
{
    size_t n;
    const char *s = t->row(row, &n);
    uint32_t h = sl__fnv1a(s, n);
    size_t mask = t->cap - 1;
    assert(row < 0xffff && t->cap >= 2);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        if ((t->slot[i] & 0xffff) == 0) {
            t->slot[i] = (h & 0xffff0000u) | (row + 1);
            return;
        }
        size_t m;
        const char *o = t->row((t->slot[i] & 0xffff) - 1, &m);
        if (m == n && memcmp(o, s, n) == 0)
            return; /* the first row of a string stays */
    }
}

uint32_t sl__strtab_get(const sl_strtab *t, const char *s, size_t n)
{
    uint32_t h = sl__fnv1a(s, n);
    size_t mask = t->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t v = t->slot[i];
        if ((v & 0xffff) == 0)
            return UINT32_MAX;
        if ((v ^ h) & 0xffff0000u)
            continue; /* another hash: no need to look at its string */
        size_t m;
        const char *o = t->row((v & 0xffff) - 1, &m);
        if (m == n && memcmp(o, s, n) == 0)
            return (v & 0xffff) - 1;
    }
}
