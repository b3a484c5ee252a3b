/* buf.c - growable byte buffer, array growth, 64-bit key vectors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int sl__grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return SL_OK;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            return sl__nomem();
        n *= 2;
    }
    void *q = realloc(*p, n * size);
    if (!q)
        return sl__nomem();
    *p = q;
    *cap = n;
    return SL_OK;
}

int sl__buf_reserve(sl_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return sl__nomem();
    void *p = b->p;
    int rc = sl__grow(&p, &b->cap, b->len + extra + 1, 1);
    b->p = p;
    return rc;
}

int sl__buf_append(sl_buf *b, const void *p, size_t n)
{
    if (sl__buf_reserve(b, n))
        return SL_ENOMEM;
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return SL_OK;
}

int sl__buf_putc(sl_buf *b, char c) { return sl__buf_append(b, &c, 1); }

int sl__buf_printf(sl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return sl__fail(SL_EINVAL, "bad format");
    if (sl__buf_reserve(b, (size_t)n))
        return SL_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return SL_OK;
}

void sl__buf_free(sl_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

char *sl__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (!d) {
        sl__nomem();
        return NULL;
    }
    return memcpy(d, s, n);
}

int sl__u64vec_push(sl_u64vec *v, uint64_t x)
{
    if (v->n == v->cap) {
        void *p = v->v;
        if (sl__grow(&p, &v->cap, v->n + 1, sizeof *v->v))
            return SL_ENOMEM;
        v->v = p;
    }
    v->v[v->n++] = x;
    return SL_OK;
}

int sl__u64vec_merge(uint64_t **out, size_t *nout, const sl_u64vec *v, unsigned nv)
{
    *out = NULL;
    *nout = 0;
    size_t total = 0;
    for (unsigned i = 0; i < nv; i++)
        total += v[i].n;
    uint64_t *all = malloc((total + 1) * sizeof *all), *tmp = malloc((total + 1) * sizeof *tmp);
    if (!all || !tmp) {
        free(all);
        free(tmp);
        return sl__nomem();
    }
    size_t k = 0;
    for (unsigned i = 0; i < nv; i++)
        if (v[i].n) {
            memcpy(all + k, v[i].v, v[i].n * sizeof *all);
            k += v[i].n;
        }
    sl__sort_u64(all, tmp, total);
    free(tmp);
    size_t u = 0;
    for (size_t i = 0; i < total; i++)
        if (u == 0 || all[u - 1] != all[i])
            all[u++] = all[i];
    *out = all;
    *nout = u;
    return SL_OK;
}
