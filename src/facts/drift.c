/*
 * drift.c - quote drift: one quote told in slightly different words by two
 * articles ("relations are at their best level in history" / "relations
 * are at their best level ever").
 *
 * Two quotes drift when each has at least DRIFT_WORDS distinct words, the
 * Dice coefficient of their distinct words (lower-cased letters and digits,
 * punctuation and apostrophes between them) is at least
 * DRIFT_MIN, and they are not the same quote ("we will not give up" /
 * "we shall never give up": 0.6, drift; "we will not give up" / "we will
 * win this war": 0.4, two quotes).  For a pair of
 * articles the same quote is the same quote key (sl_quote.key); for the
 * members of an event, whose quotes may come back from stored JSON
 * without keys, the same sequence of folded words.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "facts/facts.h"

#define DRIFT_MIN 0.6
#define DRIFT_WORDS 4
#define DRIFT_MAX_WORDS 128 /* words of a quote looked at */
#define GROUP_SCAN 64       /* distinct quotes of an event looked at */

/* 1 when code point c belongs to a word: a letter, a mark or a digit
 * (apostrophes split words, so "she's" and "she ' s" are the same two). */
static int word_cp(utf8proc_int32_t c)
{
    if (c < 0x80)
        return (unsigned)(c | 32) - 'a' < 26u || (unsigned)c - '0' < 10u;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

/* The distinct words of quote text q (UTF-8; an invalid byte splits
 * words) as hashes of their lower-cased code points, sorted, into out[]
 * (room for DRIFT_MAX_WORDS); their count.  *seq (may be NULL) gets a
 * hash of the words in order. */
static size_t quote_words(uint64_t *out, uint64_t *seq, const char *q)
{
    uint64_t tmp[DRIFT_MAX_WORDS], h = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)q;
    size_t n = 0, len = strlen(q), i = 0;
    while (i < len && n < DRIFT_MAX_WORDS) {
        uint32_t w[32];
        size_t m = 0;
        while (i < len) {
            utf8proc_int32_t c;
            utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
            if (k <= 0) {
                i++;
                break;
            }
            i += (size_t)k;
            if (!word_cp(c))
                break;
            if (m < sizeof w / sizeof *w)
                w[m++] = (uint32_t)utf8proc_tolower(c);
        }
        if (m) {
            out[n] = sl__hash64(w, m * sizeof *w, 0);
            h = sl__mix64(h ^ out[n++]);
        }
    }
    if (seq)
        *seq = h;
    sl__sort_u64(out, tmp, n);
    size_t k = 0;
    for (size_t j = 0; j < n; j++)
        if (!k || out[k - 1] != out[j])
            out[k++] = out[j];
    return k;
}

/* Dice coefficient of two quotes' distinct words (quote_words), or 0 when
 * either has fewer than DRIFT_WORDS. */
static double quote_dice(const uint64_t *wa, size_t na, const uint64_t *wb, size_t nb)
{
    size_t both = 0;
    if (na < DRIFT_WORDS || nb < DRIFT_WORDS)
        return 0;
    for (size_t i = 0, j = 0; i < na && j < nb;) {
        if (wa[i] < wb[j])
            i++;
        else if (wa[i] > wb[j])
            j++;
        else
            both++, i++, j++;
    }
    return 2.0 * (double)both / (double)(na + nb);
}

/* Appends (a, b, similarity) to *v (*n entries).  SL_OK or SL_ENOMEM; on
 * failure *v stays valid (an entry may hold NULL texts). */
static int add_drift(sl_quote_drift **v, size_t *n, const char *a, const char *b, double sim)
{
    void *p = realloc(*v, (*n + 1) * sizeof **v);
    if (!p)
        return sl__nomem();
    *v = p;
    sl_quote_drift *d = &(*v)[(*n)++];
    d->a = sl__strdup(a);
    d->b = sl__strdup(b);
    d->similarity = sim;
    return d->a && d->b ? SL_OK : SL_ENOMEM;
}

void sl__drift_free(sl_quote_drift *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].a);
        free(v[i].b);
    }
    free(v);
}

int sl__drift_pair(sl_quote_drift **v, size_t *n, const sl_facts *fa, const sl_facts *fb)
{
    if (!fa->nquotes || !fb->nquotes)
        return SL_OK;
    /* B's words once, A's once per quote */
    uint64_t *wb = malloc(fb->nquotes * DRIFT_MAX_WORDS * sizeof *wb);
    size_t *nb = malloc(fb->nquotes * sizeof *nb);
    int rc = wb && nb ? SL_OK : sl__nomem();
    for (size_t y = 0; y < fb->nquotes && !rc; y++)
        nb[y] = quote_words(wb + y * DRIFT_MAX_WORDS, NULL, fb->quotes[y].text);
    for (size_t x = 0; x < fa->nquotes && !rc; x++) {
        uint64_t wa[DRIFT_MAX_WORDS];
        size_t na = quote_words(wa, NULL, fa->quotes[x].text);
        size_t best = SIZE_MAX;
        double bs = 0;
        for (size_t y = 0; y < fb->nquotes; y++) {
            if (fa->quotes[x].key == fb->quotes[y].key)
                continue; /* shared, not drifted */
            double d = quote_dice(wa, na, wb + y * DRIFT_MAX_WORDS, nb[y]);
            if (d >= DRIFT_MIN && d > bs) {
                bs = d;
                best = y;
            }
        }
        if (best != SIZE_MAX)
            rc = add_drift(v, n, fa->quotes[x].text, fb->quotes[best].text, bs);
    }
    free(wb);
    free(nb);
    return rc;
}

/* One distinct quote of a group: its words, the hash of their sequence,
 * the first article giving it and whether another does too. */
typedef struct gquote {
    uint64_t w[DRIFT_MAX_WORDS];
    size_t nw;
    uint64_t seq;
    const char *text;
    uint32_t owner;
    int shared;
} gquote;

int sl__drift_group(sl_quote_drift **v, size_t *n, size_t max, const char *const *text,
                    const uint32_t *owner, size_t nq)
{
    if (nq < 2 || !max)
        return SL_OK;
    size_t cap = nq < GROUP_SCAN ? nq : GROUP_SCAN, nu = 0;
    gquote *u = malloc(cap * sizeof *u);
    if (!u)
        return sl__nomem();
    for (size_t i = 0; i < nq; i++) {
        uint64_t scratch[DRIFT_MAX_WORDS], seq;
        gquote *g = nu < cap ? &u[nu] : NULL; /* full: only marks shared */
        size_t nw = quote_words(g ? g->w : scratch, &seq, text[i]);
        size_t k = 0;
        while (k < nu && u[k].seq != seq)
            k++;
        if (k < nu) {
            u[k].shared |= u[k].owner != owner[i];
        } else if (g) {
            g->nw = nw;
            g->seq = seq;
            g->text = text[i];
            g->owner = owner[i];
            g->shared = 0;
            nu++;
        }
    }
    /* each distinct quote with the closest later one that another article
     * gives (or that both give while another article gives one of them) */
    int rc = SL_OK;
    size_t start = *n;
    for (size_t x = 0; x < nu && !rc && *n - start < max; x++) {
        size_t best = SIZE_MAX;
        double bs = 0;
        for (size_t y = x + 1; y < nu; y++) {
            if (u[x].owner == u[y].owner && !u[x].shared && !u[y].shared)
                continue; /* one article's own variants */
            double d = quote_dice(u[x].w, u[x].nw, u[y].w, u[y].nw);
            if (d >= DRIFT_MIN && d > bs) {
                bs = d;
                best = y;
            }
        }
        if (best != SIZE_MAX)
            rc = add_drift(v, n, u[x].text, u[best].text, bs);
    }
    free(u);
    return rc;
}
