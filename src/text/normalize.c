/*
 * normalize.c - UTF-8 validation and text normalisation.
 *
 * The normal form (see internal.h) is NFKC + full case folding, typographic
 * quotes/apostrophes/dashes unified to ASCII, whitespace and control runs
 * collapsed to one ' ', nothing at either end; combining marks removed on
 * request.
 *
 * Speed matters here: every article goes through this once, and most news
 * text is ASCII with the odd curly quote.  So the input is processed in
 * segments:
 *   - runs of ASCII go through a branch-light table loop (lower-casing and
 *     space collapsing) that writes straight into the output buffer;
 *   - a stretch containing non-ASCII bytes, widened to the ASCII whitespace
 *     (or control) bytes around it, goes through utf8proc.  Cutting there is
 *     exact: ASCII whitespace and controls are starters that never compose
 *     with anything, and case folding is context free, so normalising the
 *     pieces and concatenating gives the same result as normalising the whole.
 * Both paths share one emitter state (last output was a space or not), so
 * collapsing works across segment borders.
 *
 * Beyond the letter of the contract the utf8proc path also removes Unicode
 * "default ignorable" code points (soft hyphen, ZWJ/ZWNJ, BOM, ...; via
 * UTF8PROC_IGNORE) and treats U+200B ZERO WIDTH SPACE as whitespace, and
 * additionally maps U+00B4 ACUTE ACCENT and U+02BC MODIFIER LETTER APOSTROPHE
 * (both common stand-ins for an apostrophe) and the single guillemets
 * U+2039/U+203A to '.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#if defined(__SSE2__) && !defined(SL_NO_SIMD)
#include <emmintrin.h>
#endif
#include <xxhash.h>

#include "internal.h"

/* ------------------------------------------------------------ validation */

#define HIGH_BITS 0x8080808080808080ULL

static inline uint64_t load64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

int sl__utf8_check(const char *str, size_t len, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        /* skip ASCII eight bytes at a time */
        while (i + 8 <= len && !(load64(s + i) & HIGH_BITS))
            i += 8;
        if (i >= len)
            break;
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            else if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            else if (c == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else {
            goto fail; /* stray continuation, C0/C1 overlong, F5..FF */
        }
        if (len - i <= need)
            goto fail; /* truncated */
        if (s[i + 1] < lo || s[i + 1] > hi)
            goto fail;
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                goto fail;
        i += need + 1;
        continue;
    fail:
        if (bad)
            *bad = i;
        return SL_EUTF8;
    }
    if (bad)
        *bad = 0;
    return SL_OK;
}

/* ----------------------------------------------------------- ASCII table */

/* Output byte for each ASCII input byte: lower case, '`' -> '\'', and every
 * whitespace or control byte (NUL and DEL included) -> ' '. */
static const unsigned char amap[128] = {
    /* 0x00 - 0x1f: controls */
    ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
    ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
    ' ', '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    '@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '[', '\\', ']', '^', '_',
    '\'', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '{', '|', '}', '~', ' ',
};

/* 1 for ASCII bytes that are whitespace or control (cut points). */
static inline int ascii_cut(unsigned c) { return c < 0x80 && amap[c] == ' '; }

/* Emitter state shared by both paths: `o` is the write position inside the
 * reserved output, `sp` is 1 when the last byte written was a space (or
 * nothing was written yet), so that a space following it is dropped. */
typedef struct emitter {
    char *o;
    int sp;
} emitter;

/* ASCII bytes s[i..len) up to the first non-ASCII byte; returns the index it
 * stopped at.  Room for (stop - i) bytes must be reserved. */
static size_t ascii_run(emitter *e, const unsigned char *s, size_t i, size_t len)
{
    char *o = e->o;
    int sp = e->sp;
#define SL_STEP(c)                                                      \
    do {                                                                \
        unsigned char m_ = amap[(c)];                                   \
        int isp_ = (m_ == ' ');                                         \
        *o = (char)m_;                                                  \
        o += !(isp_ & sp);                                              \
        sp = isp_;                                                      \
    } while (0)
#if defined(__SSE2__) && !defined(SL_NO_SIMD)
    /* 16 bytes at a time while no space would be dropped: the table above
     * as compares, one store */
    while (i + 16 <= len) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        if (_mm_movemask_epi8(x))
            break; /* non-ASCII */
        __m128i up = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
                                   _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
        __m128i y = _mm_add_epi8(x, _mm_and_si128(up, _mm_set1_epi8(0x20)));
        __m128i bt = _mm_cmpeq_epi8(x, _mm_set1_epi8('`'));
        y = _mm_or_si128(_mm_andnot_si128(bt, y), _mm_and_si128(bt, _mm_set1_epi8('\'')));
        __m128i ctl = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(' ')),
                                   _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
        y = _mm_or_si128(_mm_andnot_si128(ctl, y), _mm_and_si128(ctl, _mm_set1_epi8(' ')));
        unsigned spm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(y, _mm_set1_epi8(' ')));
        if (spm & ((spm << 1) | (unsigned)sp)) { /* a space to drop: bytewise */
            for (size_t k = 0; k < 16; k++)
                SL_STEP(s[i + k]);
        } else {
            _mm_storeu_si128((__m128i *)(void *)o, y);
            o += 16;
            sp = (int)(spm >> 15);
        }
        i += 16;
    }
#endif
    while (i + 8 <= len) {
        uint64_t w = load64(s + i);
        if (w & HIGH_BITS)
            break;
        SL_STEP(s[i]);
        SL_STEP(s[i + 1]);
        SL_STEP(s[i + 2]);
        SL_STEP(s[i + 3]);
        SL_STEP(s[i + 4]);
        SL_STEP(s[i + 5]);
        SL_STEP(s[i + 6]);
        SL_STEP(s[i + 7]);
        i += 8;
    }
    while (i < len && s[i] < 0x80) {
        SL_STEP(s[i]);
        i++;
    }
#undef SL_STEP
    e->o = o;
    e->sp = sp;
    return i;
}

/* ------------------------------------------------------- utf8proc path */

/* ASCII mapping of typographic characters and Unicode whitespace; -1 when
 * the code point is not one of them. */
static int32_t typo_map(int32_t c)
{
    if (c < 0x80)
        return amap[c];
    if (c <= 0xA0) /* C1 controls, NEL, NBSP */
        return c == 0xA0 || c < 0xA0 ? ' ' : -1;
    switch (c) {
    case 0x00AB: case 0x00BB: /* « » */
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: /* “ ” „ ‟ */
    case 0x2033: case 0x2036: /* ″ ‶ (before NFKC splits them) */
        return '"';
    case 0x00B4: case 0x02BC: /* ´ ʼ */
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: /* ‘ ’ ‚ ‛ */
    case 0x2032: case 0x2035: case 0x2039: case 0x203A: /* ′ ‵ ‹ › */
        return '\'';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212:
        return '-';
    case 0x1680: case 0x200B: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x3000:
        return ' ';
    default:
        if (c >= 0x2000 && c <= 0x200A)
            return ' ';
        return -1;
    }
}

static utf8proc_int32_t custom_map(utf8proc_int32_t c, void *data)
{
    (void)data;
    int32_t m = typo_map(c);
    return m >= 0 ? m : c;
}

/* Appends one code point of normalised output (after typographic mapping). */
static inline void emit_cp(emitter *e, int32_t c)
{
    if (c >= 0x80) {
        int32_t m = typo_map(c);
        if (m >= 0)
            c = m;
    } else {
        c = amap[c];
    }
    if (c == ' ') {
        if (!e->sp)
            *e->o++ = ' ';
        e->sp = 1;
        return;
    }
    e->sp = 0;
    char *o = e->o;
    uint32_t u = (uint32_t)c;
    if (u < 0x80) {
        *o++ = (char)u;
    } else if (u < 0x800) {
        *o++ = (char)(0xC0 | (u >> 6));
        *o++ = (char)(0x80 | (u & 0x3F));
    } else if (u < 0x10000) {
        *o++ = (char)(0xE0 | (u >> 12));
        *o++ = (char)(0x80 | ((u >> 6) & 0x3F));
        *o++ = (char)(0x80 | (u & 0x3F));
    } else {
        *o++ = (char)(0xF0 | (u >> 18));
        *o++ = (char)(0x80 | ((u >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((u >> 6) & 0x3F));
        *o++ = (char)(0x80 | (u & 0x3F));
    }
    e->o = o;
}

/* Scratch for decomposed code points: a stack array for short chunks, a heap
 * block (freed at the end of sl__normalize_append) for longer ones. */
typedef struct scratch {
    utf8proc_int32_t *p;
    size_t cap;
    utf8proc_int32_t local[512];
} scratch;

/* Normalises the non-ASCII chunk s[0..n) through utf8proc and emits it into
 * b.  b->len is kept in step with e->o by the caller. */
static int slow_chunk(sl_buf *b, emitter *e, scratch *sc, const unsigned char *s,
                      size_t n, utf8proc_option_t opts)
{
    utf8proc_ssize_t got;
    for (;;) {
        got = utf8proc_decompose_custom(s, (utf8proc_ssize_t)n, sc->p,
                                        (utf8proc_ssize_t)sc->cap, opts,
                                        custom_map, NULL);
        if (got < 0)
            return got == UTF8PROC_ERROR_NOMEM ? sl__nomem()
                                               : sl__fail(SL_EUTF8, "invalid UTF-8");
        if ((size_t)got <= sc->cap)
            break;
        size_t ncap = (size_t)got + 64;
        utf8proc_int32_t *p = sc->p == sc->local ? NULL : sc->p;
        p = realloc(p, ncap * sizeof *p);
        if (!p)
            return sl__nomem();
        sc->p = p;
        sc->cap = ncap;
    }
    got = utf8proc_normalize_utf32(sc->p, got, opts);
    if (got < 0)
        return sl__fail(SL_EUTF8, "invalid UTF-8");
    /* at most 4 bytes a code point, plus one space */
    size_t off = (size_t)(e->o - b->p);
    b->len = off;
    if ((size_t)got > (SIZE_MAX - 8) / 4 || sl__buf_reserve(b, (size_t)got * 4 + 1))
        return sl__nomem();
    e->o = b->p + off;
    for (utf8proc_ssize_t k = 0; k < got; k++)
        emit_cp(e, sc->p[k]);
    b->len = (size_t)(e->o - b->p);
    return SL_OK;
}

int sl__normalize_append(sl_buf *b, const char *str, size_t len, int strip_accents)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t start = b->len;
    /* ASCII never grows: reserve len once; the slow path reserves more. */
    if (sl__buf_reserve(b, len))
        return SL_ENOMEM;
    emitter e = {b->p + start, 1};
    scratch sc;
    sc.p = sc.local;
    sc.cap = sizeof sc.local / sizeof sc.local[0];
    utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                             UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
    if (strip_accents)
        opts |= UTF8PROC_STRIPMARK;
    int rc = SL_OK;
    size_t i = 0;
    while (i < len) {
        size_t seg = i;
        int seg_sp = e.sp;
        i = ascii_run(&e, s, i, len);
        if (i >= len)
            break;
        /* Non-ASCII at i: widen to the ASCII whitespace/controls around it.
         * The bytes of [cs, i) were all non-space ASCII, one output byte
         * each: take them back. */
        size_t cs = i;
        while (cs > seg && !ascii_cut(s[cs - 1]))
            cs--;
        e.o -= i - cs;
        e.sp = cs > seg ? 1 : seg_sp;
        size_t ce = i + 1;
        while (ce < len && !ascii_cut(s[ce]))
            ce++;
        size_t badoff;
        if (sl__utf8_check((const char *)s + cs, ce - cs, &badoff)) {
            rc = sl__fail(SL_EUTF8, "invalid UTF-8 at byte %zu", cs + badoff);
            break;
        }
        rc = slow_chunk(b, &e, &sc, s + cs, ce - cs, opts);
        if (rc)
            break;
        /* keep room for the ASCII that may follow */
        size_t off = (size_t)(e.o - b->p);
        if (sl__buf_reserve(b, len - ce)) {
            rc = SL_ENOMEM;
            break;
        }
        e.o = b->p + off;
        i = ce;
    }
    if (sc.p != sc.local)
        free(sc.p);
    if (rc) {
        b->len = start;
        b->p[start] = '\0';
        return rc;
    }
    size_t end = (size_t)(e.o - b->p);
    if (end > start && b->p[end - 1] == ' ')
        end--;
    b->len = end;
    b->p[end] = '\0';
    return SL_OK;
}

/* ------------------------------------------------------------ public API */

int sl_normalize(char **out, size_t *outlen, const char *text, size_t len,
                 int strip_accents)
{
    if (!out)
        return sl__fail(SL_EINVAL, "sl_normalize: out is NULL");
    *out = NULL;
    if (outlen)
        *outlen = 0;
    if (!text && len)
        return sl__fail(SL_EINVAL, "sl_normalize: text is NULL");
    size_t bad;
    if (len && sl__utf8_check(text, len, &bad))
        return sl__fail(SL_EUTF8, "invalid UTF-8 at byte %zu", bad);
    sl_buf b = {0};
    if (sl__buf_reserve(&b, len)) /* also makes b.p non-NULL for "" */
        return SL_ENOMEM;
    int rc = len ? sl__normalize_append(&b, text, len, strip_accents) : SL_OK;
    if (rc) {
        sl__buf_free(&b);
        return rc;
    }
    b.p[b.len] = '\0';
    *out = b.p;
    if (outlen)
        *outlen = b.len;
    return SL_OK;
}

int sl_text_hash(uint64_t out[2], const char *text, size_t len, int strip_accents)
{
    if (!out)
        return sl__fail(SL_EINVAL, "sl_text_hash: out is NULL");
    char *norm;
    size_t n;
    int rc = sl_normalize(&norm, &n, text, len, strip_accents);
    if (rc)
        return rc;
    XXH128_hash_t h = XXH3_128bits(norm, n);
    free(norm);
    out[0] = h.low64;
    out[1] = h.high64;
    return SL_OK;
}
