/* reader.c - articles from a directory, a .txt file or JSON Lines (plain,
 * gzip or zstd; a file or standard input), or from a memory buffer holding
 * a JSON array of objects, one JSON object or JSON Lines.
 *
 * Layers, bottom up:
 *   bytesrc - a byte stream with a read function: a FILE (with the few bytes
 *             read ahead to sniff the format put back), gzip or zstd on top
 *             of a FILE source, or a memory buffer;
 *   lines   - a buffered line reader over a bytesrc that never holds more
 *             than the line cap (longer lines are discarded as they stream);
 *   record  - one JSON text (a line, an array element, a whole document)
 *             checked and turned into one article, the same way for every
 *             input kind;
 *   reader  - the input kinds, the directory walk, "FILE:LINE" bookkeeping.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <json-c/json_object.h>
#include <json-c/json_object_iterator.h>
#include <json-c/json_tokener.h>
#include <zlib.h>
#include <zstd.h>

#include "internal.h"

#define CHUNK ((size_t)64 << 10)
#define MAX_WARNED_FIELDS 64 /* distinct unknown field names reported */

static void errno_text(int errnum, char *buf, size_t cap)
{
    if (strerror_r(errnum, buf, cap) != 0)
        snprintf(buf, cap, "error %d", errnum);
}

/* ------------------------------------------------------------ byte sources */

typedef struct bytesrc bytesrc;
struct bytesrc {
    /* Reads up to n bytes into p; *got == 0 only at the end of the data.
     * Returns SL_OK; SL_EIO with errnum (an errno value) or why (and maybe
     * detail) set, worded by the caller; or SL_ENOMEM with the message set. */
    int (*read)(bytesrc *s, unsigned char *p, size_t n, size_t *got);
    void (*close)(bytesrc *s); /* also closes the source it reads from */
    int errnum;
    const char *why, *detail;
};

static int src_fail(bytesrc *s, const char *why, const char *detail)
{
    s->errnum = 0;
    s->why = why;
    s->detail = detail;
    return SL_EIO;
}

static int src_pass(bytesrc *s, const bytesrc *from, int rc)
{
    s->errnum = from->errnum;
    s->why = from->why;
    s->detail = from->detail;
    return rc;
}

/* A FILE, after the bytes in head (read ahead to sniff the format). */
typedef struct filesrc {
    bytesrc base;
    FILE *fp;
    int own;
    unsigned char head[4];
    size_t nhead, ihead;
} filesrc;

static int file_read(bytesrc *s, unsigned char *p, size_t n, size_t *got)
{
    filesrc *f = (filesrc *)s;
    *got = 0;
    if (f->ihead < f->nhead) {
        size_t k = f->nhead - f->ihead < n ? f->nhead - f->ihead : n;
        memcpy(p, f->head + f->ihead, k);
        f->ihead += k;
        *got = k;
        return SL_OK;
    }
    errno = 0;
    *got = fread(p, 1, n, f->fp);
    if (*got == 0 && ferror(f->fp)) {
        s->errnum = errno ? errno : EIO;
        return SL_EIO;
    }
    return SL_OK;
}

static void file_close(bytesrc *s)
{
    filesrc *f = (filesrc *)s;
    if (f->own)
        fclose(f->fp);
    free(f);
}

/* A memory buffer (not owned). */
typedef struct memsrc {
    bytesrc base;
    const unsigned char *p;
    size_t len, pos;
} memsrc;

static int mem_read(bytesrc *s, unsigned char *p, size_t n, size_t *got)
{
    memsrc *m = (memsrc *)s;
    *got = m->len - m->pos < n ? m->len - m->pos : n;
    if (*got)
        memcpy(p, m->p + m->pos, *got);
    m->pos += *got;
    return SL_OK;
}

static void mem_close(bytesrc *s) { free(s); }

/* gzip (or zlib) members, one after another, as `gzip -d` reads them. */
typedef struct gzsrc {
    bytesrc base;
    bytesrc *in;
    z_stream z;
    int eof;     /* `in` is exhausted */
    int between; /* a member ended and no byte of the next one was fed */
    unsigned char buf[CHUNK];
} gzsrc;

static int gz_read(bytesrc *s, unsigned char *p, size_t n, size_t *got)
{
    gzsrc *g = (gzsrc *)s;
    g->z.next_out = p;
    g->z.avail_out = (uInt)n;
    while (g->z.avail_out == n) {
        if (g->z.avail_in == 0 && !g->eof) {
            size_t k;
            int rc = g->in->read(g->in, g->buf, sizeof g->buf, &k);
            if (rc)
                return src_pass(s, g->in, rc);
            g->eof = k == 0;
            g->z.next_in = g->buf;
            g->z.avail_in = (uInt)k;
        }
        if (g->z.avail_in == 0 && g->between)
            break; /* clean end */
        g->between = 0;
        int rc = inflate(&g->z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            g->between = 1;
            inflateReset(&g->z);
        } else if (rc == Z_MEM_ERROR) {
            return sl__nomem();
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            return src_fail(s, "gzip data is corrupt", g->z.msg);
        } else if (g->z.avail_in == 0 && g->eof && g->z.avail_out == n) {
            return src_fail(s, "gzip data is truncated", NULL);
        }
    }
    *got = n - g->z.avail_out;
    return SL_OK;
}

static void gz_close(bytesrc *s)
{
    gzsrc *g = (gzsrc *)s;
    inflateEnd(&g->z);
    g->in->close(g->in);
    free(g);
}

/* zstd frames, one after another. */
typedef struct zstsrc {
    bytesrc base;
    bytesrc *in;
    ZSTD_DStream *ds;
    ZSTD_inBuffer ib;
    size_t last; /* last ZSTD_decompressStream result: 0 = frame complete */
    int eof;
    unsigned char buf[CHUNK];
} zstsrc;

static int zst_read(bytesrc *s, unsigned char *p, size_t n, size_t *got)
{
    zstsrc *z = (zstsrc *)s;
    ZSTD_outBuffer ob = {p, n, 0};
    while (ob.pos == 0) {
        if (z->ib.pos == z->ib.size && !z->eof) {
            size_t k;
            int rc = z->in->read(z->in, z->buf, sizeof z->buf, &k);
            if (rc)
                return src_pass(s, z->in, rc);
            z->eof = k == 0;
            z->ib.src = z->buf;
            z->ib.size = k;
            z->ib.pos = 0;
        }
        if (z->ib.pos == z->ib.size && z->eof && z->last == 0)
            break; /* clean end */
        size_t r = ZSTD_decompressStream(z->ds, &ob, &z->ib);
        if (ZSTD_isError(r))
            return src_fail(s, "zstd data is corrupt", ZSTD_getErrorName(r));
        z->last = r;
        if (ob.pos == 0 && z->ib.pos == z->ib.size && z->eof && r != 0)
            return src_fail(s, "zstd data is truncated", NULL);
    }
    *got = ob.pos;
    return SL_OK;
}

static void zst_close(bytesrc *s)
{
    zstsrc *z = (zstsrc *)s;
    ZSTD_freeDStream(z->ds);
    z->in->close(z->in);
    free(z);
}

enum { FMT_PLAIN, FMT_GZIP, FMT_ZSTD };

/* Wraps fp (closed by the source when `own`) in a byte source, choosing the
 * decompressor by the magic bytes.  On failure fp is closed when `own` and
 * the error is SL_EIO (errno in *errnum) or SL_ENOMEM. */
static int src_open(bytesrc **out, int *fmt, FILE *fp, int own, int *errnum)
{
    *out = NULL;
    *errnum = 0;
    filesrc *f = calloc(1, sizeof *f);
    if (!f) {
        if (own)
            fclose(fp);
        return sl__nomem();
    }
    f->base.read = file_read;
    f->base.close = file_close;
    f->fp = fp;
    f->own = own;
    errno = 0;
    f->nhead = fread(f->head, 1, sizeof f->head, fp);
    if (f->nhead < sizeof f->head && ferror(fp)) {
        *errnum = errno ? errno : EIO;
        file_close(&f->base);
        return SL_EIO;
    }
    static const unsigned char gz[2] = {0x1f, 0x8b}, zst[4] = {0x28, 0xb5, 0x2f, 0xfd};
    *fmt = f->nhead >= 2 && !memcmp(f->head, gz, 2)    ? FMT_GZIP
           : f->nhead >= 4 && !memcmp(f->head, zst, 4) ? FMT_ZSTD
                                                       : FMT_PLAIN;
    if (*fmt == FMT_GZIP) {
        gzsrc *g = calloc(1, sizeof *g);
        if (!g || inflateInit2(&g->z, 15 + 32) != Z_OK) {
            free(g);
            file_close(&f->base);
            return sl__nomem();
        }
        g->base.read = gz_read;
        g->base.close = gz_close;
        g->in = &f->base;
        *out = &g->base;
    } else if (*fmt == FMT_ZSTD) {
        zstsrc *z = calloc(1, sizeof *z);
        if (!z || !(z->ds = ZSTD_createDStream())) {
            free(z);
            file_close(&f->base);
            return sl__nomem();
        }
        ZSTD_initDStream(z->ds);
        z->base.read = zst_read;
        z->base.close = zst_close;
        z->in = &f->base;
        *out = &z->base;
    } else {
        *out = &f->base;
    }
    return SL_OK;
}

/* ------------------------------------------------------------ line reader */

typedef struct lines {
    bytesrc *src;
    char *name;    /* file name for messages */
    size_t lineno; /* number of the line last read (or being read) */
    size_t pos, end;
    int eof;
    sl_buf line; /* the line last read, without its '\n' */
    unsigned char buf[CHUNK];
} lines;

static void lines_free(lines *l)
{
    if (!l)
        return;
    l->src->close(l->src);
    free(l->name);
    sl__buf_free(&l->line);
    free(l);
}

/* Reads the next line into l->line.  Returns 1, 0 at the end, SL_ETOOBIG for
 * a line longer than max (consumed, not kept), SL_EIO or SL_ENOMEM (message
 * set). */
static int lines_next(lines *l, size_t max)
{
    int toolong = 0, any = 0;
    l->line.len = 0;
    if (l->line.p)
        l->line.p[0] = '\0';
    l->lineno++;
    for (;;) {
        if (l->pos == l->end) {
            size_t got = 0;
            int rc = l->eof ? SL_OK : l->src->read(l->src, l->buf, sizeof l->buf, &got);
            if (rc == SL_EIO && l->src->errnum) {
                char eb[128];
                errno_text(l->src->errnum, eb, sizeof eb);
                return sl__fail(SL_EIO, "%s:%zu: read error: %s", l->name, l->lineno, eb);
            }
            if (rc == SL_EIO)
                return sl__fail(SL_EIO, "%s: %s%s%s%s", l->name, l->src->why,
                                l->src->detail ? " (" : "",
                                l->src->detail ? l->src->detail : "",
                                l->src->detail ? ")" : "");
            if (rc)
                return rc;
            if (got == 0) {
                l->eof = 1;
                break;
            }
            l->pos = 0;
            l->end = got;
        }
        any = 1;
        const unsigned char *p = l->buf + l->pos;
        const unsigned char *nl = memchr(p, '\n', l->end - l->pos);
        size_t n = nl ? (size_t)(nl - p) : l->end - l->pos;
        if (!toolong && n > max - l->line.len) {
            toolong = 1;
            l->line.len = 0;
        }
        if (!toolong && sl__buf_append(&l->line, p, n))
            return SL_ENOMEM;
        l->pos += n + (nl != NULL);
        if (nl)
            break;
    }
    if (!any) {
        l->lineno--;
        return 0;
    }
    return toolong ? SL_ETOOBIG : 1;
}

/* ---------------------------------------------------------------- helpers */

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcasecmp(s + n - k, suffix) == 0;
}

static int is_text_name(const char *name) { return has_suffix(name, ".txt"); }

/* .jsonl, .json or .ndjson, optionally followed by .gz or .zst. */
static int is_jsonl_name(const char *name)
{
    static const char *const ext[] = {".jsonl", ".json", ".ndjson"};
    static const char *const comp[] = {"", ".gz", ".zst"};
    char buf[16];
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++) {
            snprintf(buf, sizeof buf, "%s%s", ext[i], comp[j]);
            if (has_suffix(name, buf))
                return 1;
        }
    return 0;
}

/* Length of the UTF-8 whitespace character at s[0..n), or 0: ASCII space
 * and controls \t\n\v\f\r, U+0085, U+00A0, U+1680, U+2000..U+200B,
 * U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF. */
static size_t space_len(const unsigned char *s, size_t n)
{
    if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        return 1;
    if (n >= 2 && s[0] == 0xC2 && (s[1] == 0x85 || s[1] == 0xA0))
        return 2;
    if (n < 3)
        return 0;
    unsigned c = (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    if ((s[0] & 0xF0) != 0xE0)
        return 0;
    return c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 ||
                   c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF
               ? 3
               : 0;
}

static int is_blank(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    while (p < e) {
        size_t k = space_len(p, (size_t)(e - p));
        if (!k)
            return 0;
        p += k;
    }
    return 1;
}

/* Copies valid UTF-8 s[0..n) into dst[cap] for a message: control
 * characters become '?', a long value is cut at a character boundary and
 * ends in "...". */
static const char *clean(char *dst, size_t cap, const char *s, size_t n)
{
    size_t k = n;
    int cut = 0;
    if (k > cap - 1) {
        k = cap - 4;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        cut = 1;
    }
    for (size_t i = 0; i < k; i++)
        dst[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    memcpy(dst + k, cut ? "..." : "", cut ? 4 : 1);
    return dst;
}

/* ------------------------------------------------------------------ reader */

/* K_MEM: the records of a memory buffer (array elements or one document)
 * as spans; JSON Lines in memory are K_JSONL over a memsrc. */
enum { K_DIR, K_TEXT, K_JSONL, K_MEM };

typedef struct span {
    size_t off, len;
} span;

struct sl_reader {
    sl_read_options opt; /* caps resolved */
    char *path;
    int kind;
    int done;
    FILE *text_fp;       /* K_TEXT: opened by sl_reader_open */
    char **names;        /* K_DIR: entries sorted by strcmp */
    size_t nnames, inext;
    lines *lines;        /* the JSON Lines stream being read, or NULL */
    const char *mem;     /* K_MEM: the caller's buffer */
    span *spans;         /* K_MEM: the records in it */
    size_t nspans, ispan;
    sl_buf scratch;      /* K_MEM: the record being parsed, NUL-terminated */
    json_tokener *tok;
    sl_buf where;
    char **warned; /* unknown field names reported */
    size_t nwarned, capwarned;
};

static int set_where(sl_reader *r, const char *name, size_t line)
{
    r->where.len = 0;
    if (line)
        return sl__buf_printf(&r->where, "%s:%zu", name, line);
    return sl__buf_printf(&r->where, "%s", name);
}

static void warn(const sl_reader *r, const char *fmt, ...) SL__PRINTF(2, 3);
static void warn(const sl_reader *r, const char *fmt, ...)
{
    if (!r->opt.warn)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->opt.warn(r->opt.warn_ud, msg);
}

/* Starts reading fp (owned when `own`) as JSON Lines named `name`. */
static int open_lines(sl_reader *r, FILE *fp, int own, const char *name, int *fmt)
{
    int errnum;
    bytesrc *src;
    int rc = src_open(&src, fmt, fp, own, &errnum);
    if (rc == SL_EIO) {
        char eb[128];
        errno_text(errnum, eb, sizeof eb);
        return sl__fail(SL_EIO, "%s: %s", name, eb);
    }
    if (rc)
        return rc;
    lines *l = calloc(1, sizeof *l);
    if (!l || !(l->name = sl__strdup(name))) {
        free(l);
        src->close(src);
        return sl__nomem();
    }
    l->src = src;
    r->lines = l;
    return SL_OK;
}

static int open_file(FILE **fp, const char *name)
{
    *fp = fopen(name, "rb");
    if (*fp)
        return SL_OK;
    char eb[128];
    errno_text(errno, eb, sizeof eb);
    return sl__fail(SL_EIO, "%s: %s", name, eb);
}

/* ---- text files */

/* Span of the title in text[0..n): the first non-blank line when it is at
 * most 200 bytes, does not end a sentence (. ! ? or an ellipsis, possibly
 * followed by closing quotes or brackets) and more text follows. */
static int guess_title(const char *text, size_t n, size_t *off, size_t *len)
{
    size_t b = 0;
    while (b < n && space_len((const unsigned char *)text + b, n - b))
        b += space_len((const unsigned char *)text + b, n - b);
    const char *nl = memchr(text + b, '\n', n - b);
    if (!nl)
        return 0;
    size_t e = (size_t)(nl - text);
    if (is_blank(nl, n - e))
        return 0;
    while (e > b && (text[e - 1] == ' ' || (text[e - 1] >= '\t' && text[e - 1] <= '\r')))
        e--;
    if (e - b > 200)
        return 0;
    static const char *const closers[] = {"\"", "'", ")", "]", "\xE2\x80\x9D",
                                          "\xE2\x80\x99", "\xC2\xBB"};
    static const char *const enders[] = {".", "!", "?", "\xE2\x80\xA6"};
    size_t k = e;
    for (int again = 1; again;) {
        again = 0;
        for (size_t i = 0; i < sizeof closers / sizeof *closers; i++) {
            size_t cl = strlen(closers[i]);
            if (k - b >= cl && !memcmp(text + k - cl, closers[i], cl)) {
                k -= cl;
                again = 1;
            }
        }
    }
    for (size_t i = 0; i < sizeof enders / sizeof *enders; i++) {
        size_t el = strlen(enders[i]);
        if (k - b >= el && !memcmp(text + k - el, enders[i], el))
            return 0;
    }
    *off = b;
    *len = e - b;
    return 1;
}

/* Reads the text file fp (closed here) named `name` as one article. */
static int read_text(sl_reader *r, FILE *fp, const char *name, sl_article **out)
{
    size_t cap = r->opt.max_article_bytes;
    sl_buf b = {0};
    sl_article *a = NULL;
    int rc;
    struct stat st;
    int regular = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
    for (;;) { /* read at most cap + 3 (a BOM) + 1 bytes */
        size_t want = cap + 4 - b.len < CHUNK ? cap + 4 - b.len : CHUNK;
        if ((rc = sl__buf_reserve(&b, want)))
            goto done;
        size_t got = fread(b.p + b.len, 1, want, fp);
        b.len += got;
        b.p[b.len] = '\0';
        if (got < want || b.len == cap + 4)
            break;
    }
    if (ferror(fp)) {
        char eb[128];
        errno_text(errno, eb, sizeof eb);
        rc = sl__fail(SL_EIO, "%s: read error: %s", name, eb);
        goto done;
    }
    size_t bom = b.len >= 3 && !memcmp(b.p, "\xEF\xBB\xBF", 3) ? 3 : 0;
    const char *text = b.p + bom;
    size_t n = b.len - bom, bad;
    if (n > cap) {
        rc = sl__fail(SL_ETOOBIG,
                      "%s: article of %s%zu bytes exceeds the cap of %zu "
                      "(raise it with --max-article-bytes)",
                      name, regular ? "" : "more than ", regular ? (size_t)st.st_size - bom : cap,
                      cap);
        goto done;
    }
    if (sl__utf8_check(text, n, &bad)) {
        rc = sl__fail(SL_EUTF8, "%s: invalid UTF-8 at byte %zu", name, bad + bom);
        goto done;
    }
    const char *nul = memchr(text, '\0', n);
    if (nul) {
        rc = sl__fail(SL_EPARSE, "%s: NUL character at byte %zu", name,
                      (size_t)(nul - b.p));
        goto done;
    }
    if (is_blank(text, n)) {
        rc = sl__fail(SL_EEMPTY, "%s: empty article", name);
        goto done;
    }
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t idlen = strlen(base) - 4; /* without ".txt" */
    if (sl__utf8_check(base, idlen, &bad)) {
        rc = sl__fail(SL_EUTF8, "%s: file name is not valid UTF-8", name);
        goto done;
    }
    size_t toff, tlen;
    const char *str[SL__NFIELDS] = {base, text};
    size_t len[SL__NFIELDS] = {idlen, n};
    if (guess_title(text, n, &toff, &tlen)) {
        str[SL__TITLE] = text + toff;
        len[SL__TITLE] = tlen;
    }
    if ((rc = sl__article_pack(&a, str, len, SL_TIME_UNKNOWN)))
        goto done;
    *out = a;
    a = NULL;
    rc = 1;
done:
    fclose(fp);
    sl__buf_free(&b);
    sl_article_free(a);
    return rc;
}

/* ---- JSON records */

/* Value of the 4 hex digits at s, or -1. */
static long hex4(const char *s)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Offset of the first \uD800..\uDFFF escape in the well-formed JSON
 * line[0..n) that is not a high surrogate followed by a low one, or n.
 * (json-c turns such escapes into U+FFFD silently.)  In well-formed JSON
 * every backslash starts an escape inside a string, so the escapes are
 * found with memchr, left to right, each skipped whole. */
static size_t lone_surrogate(const char *line, size_t n)
{
    const char *p = line, *end = line + n;
    while (p < end && (p = memchr(p, '\\', (size_t)(end - p))) != NULL) {
        size_t i = (size_t)(p - line);
        if (i + 5 < n && line[i + 1] == 'u') {
            long u = hex4(line + i + 2);
            if (u >= 0xDC00 && u <= 0xDFFF)
                return i;
            if (u >= 0xD800 && u <= 0xDBFF) {
                long lo = i + 11 < n && line[i + 6] == '\\' && line[i + 7] == 'u'
                              ? hex4(line + i + 8)
                              : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return i;
                i += 6;
            }
            p = line + i + 6;
        } else {
            p += 2; /* the backslash and the escaped character */
        }
    }
    return n;
}

/* The string value of `field` (NULL when absent or null) and its length.
 * Returns SL_OK, SL_EPARSE (not a string, or has a NUL) or SL_EUTF8. */
static int get_string(const sl_reader *r, json_object *obj, const char *field,
                      const char **s, size_t *n)
{
    json_object *v = NULL;
    *s = NULL;
    *n = 0;
    if (!json_object_object_get_ex(obj, field, &v) || !v)
        return SL_OK;
    if (!json_object_is_type(v, json_type_string))
        return sl__fail(SL_EPARSE, "%s: field \"%s\" must be a string", r->where.p, field);
    const char *p = json_object_get_string(v);
    size_t len = (size_t)json_object_get_string_len(v), bad;
    if (memchr(p, '\0', len))
        return sl__fail(SL_EPARSE, "%s: NUL character in \"%s\"", r->where.p, field);
    if (sl__utf8_check(p, len, &bad))
        return sl__fail(SL_EUTF8, "%s: invalid UTF-8 at byte %zu of field \"%s\"",
                        r->where.p, bad, field);
    *s = p;
    *n = len;
    return SL_OK;
}

static const char *const known_fields[] = {"id",  "text",      "title", "source",
                                           "url", "published", "lang"};

static int is_known_field(const char *key)
{
    for (size_t i = 0; i < sizeof known_fields / sizeof *known_fields; i++)
        if (!strcmp(key, known_fields[i]))
            return 1;
    return 0;
}

/* Reports each unknown field of obj through warn(), once per name (for the
 * first MAX_WARNED_FIELDS names, then once more for all the others). */
static int warn_unknown(sl_reader *r, json_object *obj)
{
    struct json_object_iterator it = json_object_iter_begin(obj),
                                end = json_object_iter_end(obj);
    for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
        const char *key = json_object_iter_peek_name(&it);
        if (is_known_field(key) || r->nwarned > MAX_WARNED_FIELDS)
            continue;
        size_t j = 0;
        while (j < r->nwarned && strcmp(key, r->warned[j]))
            j++;
        if (j < r->nwarned)
            continue;
        char ck[80];
        clean(ck, sizeof ck, key, strlen(key));
        if (r->nwarned == MAX_WARNED_FIELDS) {
            warn(r, "%s: unknown field \"%s\" ignored (further unknown fields are "
                    "ignored without warning)", r->where.p, ck);
            r->nwarned++;
            continue;
        }
        void *w = r->warned;
        if (sl__grow(&w, &r->capwarned, r->nwarned + 1, sizeof *r->warned))
            return SL_ENOMEM;
        r->warned = w;
        if (!(r->warned[r->nwarned] = sl__strdup(key)))
            return SL_ENOMEM;
        r->nwarned++;
        warn(r, "%s: unknown field \"%s\" ignored", r->where.p, ck);
    }
    return SL_OK;
}

enum { ID_NUM = 24 }; /* room for an integer id written out */

/* The record's id: a string, or an integer written into num (ID_NUM bytes). */
static int get_id(const sl_reader *r, json_object *obj, char *num, const char **id,
                  size_t *idlen)
{
    json_object *v = NULL;
    *id = NULL;
    *idlen = 0;
    if (json_object_object_get_ex(obj, "id", &v) && json_object_is_type(v, json_type_int)) {
        int64_t i = json_object_get_int64(v);
        uint64_t u = json_object_get_uint64(v);
        if (i == INT64_MAX && u == UINT64_MAX)
            return sl__fail(SL_EPARSE, "%s: field \"id\" is an integer out of range",
                            r->where.p);
        if (i == INT64_MAX)
            snprintf(num, ID_NUM, "%" PRIu64, u);
        else
            snprintf(num, ID_NUM, "%" PRId64, i);
        *id = num;
        *idlen = strlen(num);
        return SL_OK;
    }
    if (v && !json_object_is_type(v, json_type_string))
        return sl__fail(SL_EPARSE, "%s: field \"id\" must be a string or an integer",
                        r->where.p);
    int rc = get_string(r, obj, "id", id, idlen);
    if (rc)
        return rc;
    if (*idlen == 0)
        return sl__fail(SL_EEMPTY, "%s: missing \"id\"", r->where.p);
    return SL_OK;
}

/* One JSON object to an article (one allocation: sl__article_pack). */
static int record_article(sl_reader *r, json_object *obj, sl_article **out)
{
    static const char *const opt_fields[] = {"title", "source", "url", "lang"};
    const char *str[SL__NFIELDS] = {0}, *s;
    size_t len[SL__NFIELDS] = {0}, n;
    char cid[80], num[ID_NUM];
    int64_t published = SL_TIME_UNKNOWN;
    int rc;
    if ((rc = warn_unknown(r, obj)) ||
        (rc = get_id(r, obj, num, &str[SL__ID], &len[SL__ID])))
        return rc;
    clean(cid, sizeof cid, str[SL__ID], len[SL__ID]);
    if ((rc = get_string(r, obj, "text", &s, &n)))
        return rc;
    if (n > r->opt.max_article_bytes)
        return sl__fail(SL_ETOOBIG,
                        "%s: article of %zu bytes exceeds the cap of %zu "
                        "(id %s; raise it with --max-article-bytes)",
                        r->where.p, n, r->opt.max_article_bytes, cid);
    if (!s || is_blank(s, n))
        return sl__fail(SL_EEMPTY, "%s: missing or empty \"text\" (id %s)", r->where.p, cid);
    str[SL__TEXT] = s;
    len[SL__TEXT] = n;
    for (int i = 0; i < 4; i++)
        if ((rc = get_string(r, obj, opt_fields[i], &str[SL__TITLE + i], &len[SL__TITLE + i])))
            return rc;
    if ((rc = get_string(r, obj, "published", &s, &n)))
        return rc;
    if (s && sl_parse_time(&published, s)) {
        char cv[80];
        return sl__fail(SL_EPARSE, "%s: bad \"published\" value \"%s\" (expected ISO 8601)",
                        r->where.p, clean(cv, sizeof cv, s, n));
    }
    if ((rc = sl__article_pack(out, str, len, published)))
        return rc;
    return 1;
}

/* The end of the JSON string whose body starts at line[i] (the index of
 * its closing quote), or n when it has none. */
static size_t string_end(const char *line, size_t n, size_t i)
{
    for (;;) {
        const char *q = memchr(line + i, '"', n - i);
        if (!q)
            return n;
        size_t e = (size_t)(q - line), b = e;
        while (b > i && line[b - 1] == '\\')
            b--;
        if ((e - b) % 2 == 0)
            return e; /* not escaped */
        i = e + 1;
    }
}

#define MAX_KEYS_CHECKED 32

/* A field name given twice in the object `line` (valid JSON: json-c read
 * it, keeping the last value): *name, *nlen get the first repeated name as
 * written, and 1 is returned; 0 when every name differs.  Names compared
 * as written (an escaped spelling of the same name is not caught), the
 * first MAX_KEYS_CHECKED of them. */
static int repeated_field(const char *line, size_t n, const char **name, size_t *nlen)
{
    size_t ks[MAX_KEYS_CHECKED], kl[MAX_KEYS_CHECKED], nk = 0;
    int depth = 0, want_key = 0;
    for (size_t i = 0; i < n; i++) {
        char c = line[i];
        if (c == '"') {
            size_t e = string_end(line, n, i + 1);
            if (depth == 1 && want_key && nk < MAX_KEYS_CHECKED) {
                for (size_t k = 0; k < nk; k++)
                    if (kl[k] == e - i - 1 && memcmp(line + ks[k], line + i + 1, kl[k]) == 0) {
                        *name = line + ks[k];
                        *nlen = kl[k];
                        return 1;
                    }
                ks[nk] = i + 1;
                kl[nk++] = e - i - 1;
            }
            want_key = 0;
            i = e;
        } else if (c == '{' || c == '[') {
            depth++;
            want_key = c == '{' && depth == 1;
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (c == ',' && depth == 1) {
            want_key = 1;
        }
    }
    return 0;
}

/* One record: the JSON text line[0..len) (line[len] must be NUL), named
 * r->where in messages, checked and turned into an article.  Returns 1 with
 * *out set, or a record error (SL_EPARSE, SL_EUTF8, SL_EEMPTY, SL_ETOOBIG)
 * or SL_ENOMEM. */
static int parse_record(sl_reader *r, const char *line, size_t len, sl_article **out)
{
    size_t bad;
    int rc;
    if (sl__utf8_check(line, len, &bad))
        return sl__fail(SL_EUTF8, "%s: invalid UTF-8 at byte %zu", r->where.p, bad);
    const char *nul = memchr(line, '\0', len);
    if (nul)
        return sl__fail(SL_EPARSE, "%s: malformed JSON: NUL byte at byte %zu", r->where.p,
                        (size_t)(nul - line));
    json_tokener_reset(r->tok);
    /* The terminating NUL is passed too: it tells json-c the data ends there
     * (else "null" or "12" would wait for more). */
    json_object *obj = json_tokener_parse_ex(r->tok, line, (int)len + 1);
    enum json_tokener_error jerr = json_tokener_get_error(r->tok);
    size_t end = json_tokener_get_parse_end(r->tok);
    if (jerr != json_tokener_success)
        rc = sl__fail(SL_EPARSE, "%s: malformed JSON: %s", r->where.p,
                      jerr == json_tokener_continue ? "unexpected end of line"
                                                    : json_tokener_error_desc(jerr));
    else if (end < len && !is_blank(line + end, len - end))
        rc = sl__fail(SL_EPARSE, "%s: malformed JSON: text after the object", r->where.p);
    else if (!obj || !json_object_is_type(obj, json_type_object))
        rc = sl__fail(SL_EPARSE, "%s: expected a JSON object", r->where.p);
    else if ((bad = lone_surrogate(line, len)) < len)
        rc = sl__fail(SL_EUTF8, "%s: invalid UTF-8 at byte %zu (lone surrogate escape %.6s)",
                      r->where.p, bad, line + bad);
    else {
        const char *dup;
        size_t dlen;
        if (repeated_field(line, len, &dup, &dlen)) {
            char cd[80];
            warn(r, "%s: field \"%s\" given twice: the last value is used", r->where.p,
                 clean(cd, sizeof cd, dup, dlen));
        }
        rc = record_article(r, obj, out);
    }
    json_object_put(obj);
    return rc;
}

/* Next record of r->lines: 1, 0 at its end, or an error. */
static int next_jsonl(sl_reader *r, sl_article **out)
{
    lines *l = r->lines;
    int rc;
    while ((rc = lines_next(l, r->opt.max_line_bytes)) == 1 && is_blank(l->line.p, l->line.len))
        ;
    if (rc == 0)
        return 0;
    if (set_where(r, l->name, l->lineno))
        return SL_ENOMEM;
    if (rc == SL_ETOOBIG)
        return sl__fail(SL_ETOOBIG, "%s: line of more than %zu bytes skipped", r->where.p,
                        r->opt.max_line_bytes);
    if (rc < 0)
        return rc;
    return parse_record(r, l->line.p, l->line.len, out);
}

/* Next record of a K_MEM reader (element r->ispan + 1): 1, 0 at the end,
 * or an error. */
static int next_mem(sl_reader *r, sl_article **out)
{
    if (r->ispan == r->nspans)
        return 0;
    const span *sp = &r->spans[r->ispan++];
    if (set_where(r, r->path, r->ispan))
        return SL_ENOMEM;
    if (sp->len > r->opt.max_line_bytes)
        return sl__fail(SL_ETOOBIG, "%s: record of more than %zu bytes skipped", r->where.p,
                        r->opt.max_line_bytes);
    r->scratch.len = 0;
    if (sl__buf_append(&r->scratch, r->mem + sp->off, sp->len))
        return SL_ENOMEM;
    return parse_record(r, r->scratch.p, r->scratch.len, out);
}

/* ---- the reader */

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(sl_reader *r)
{
    DIR *d = opendir(r->path);
    size_t cap = 0;
    if (!d) {
        char eb[128];
        errno_text(errno, eb, sizeof eb);
        return sl__fail(SL_EIO, "%s: %s", r->path, eb);
    }
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (!e) {
            int err = errno;
            closedir(d);
            if (!err)
                break;
            char eb[128];
            errno_text(err, eb, sizeof eb);
            return sl__fail(SL_EIO, "%s: %s", r->path, eb);
        }
        if (e->d_name[0] == '.') /* ".", ".." and hidden files */
            continue;
        void *p = r->names;
        if (sl__grow(&p, &cap, r->nnames + 1, sizeof *r->names)) {
            closedir(d);
            return SL_ENOMEM;
        }
        r->names = p;
        if (!(r->names[r->nnames] = sl__strdup(e->d_name))) {
            closedir(d);
            return SL_ENOMEM;
        }
        r->nnames++;
    }
    if (r->nnames) /* an empty directory leaves names NULL: not for qsort */
        qsort(r->names, r->nnames, sizeof *r->names, cmp_names);
    return SL_OK;
}

/* A new reader named `path` with the caps of opt (may be NULL) resolved. */
static int reader_new(sl_reader **out, const char *path, const sl_read_options *opt)
{
    sl_reader *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return sl__nomem();
    if (opt)
        r->opt = *opt;
    if (!r->opt.max_article_bytes)
        r->opt.max_article_bytes = SL_DEFAULT_MAX_ARTICLE;
    size_t art = r->opt.max_article_bytes;
    if (art > SIZE_MAX - 4) /* room for a BOM and one byte to see the excess */
        r->opt.max_article_bytes = art = SIZE_MAX - 4;
    if (!r->opt.max_line_bytes)
        r->opt.max_line_bytes = art > (INT_MAX - (64 << 10)) / 4 ? INT_MAX - 1
                                                                  : 4 * art + (64 << 10);
    if (r->opt.max_line_bytes > INT_MAX - 1) /* json-c takes an int length */
        r->opt.max_line_bytes = INT_MAX - 1;

    r->path = sl__strdup(path);
    r->tok = json_tokener_new();
    if (!r->path || !r->tok) {
        sl_reader_free(r);
        return sl__nomem();
    }
    json_tokener_set_flags(r->tok, JSON_TOKENER_STRICT);
    *out = r;
    return SL_OK;
}

int sl_reader_open(sl_reader **out, const char *path, const sl_read_options *opt)
{
    if (!out)
        return sl__fail(SL_EINVAL, "sl_reader_open: NULL argument");
    *out = NULL;
    if (!path)
        return sl__fail(SL_EINVAL, "sl_reader_open: NULL path");
    sl_reader *r;
    int rc = reader_new(&r, path, opt), fmt;
    if (rc)
        return rc;

    struct stat st;
    if (strcmp(path, "-") == 0) {
        r->kind = K_JSONL;
        rc = open_lines(r, stdin, 0, "<stdin>", &fmt);
    } else if (stat(path, &st) != 0) {
        char eb[128];
        errno_text(errno, eb, sizeof eb);
        rc = sl__fail(SL_EIO, "%s: %s", path, eb);
    } else if (S_ISDIR(st.st_mode)) {
        r->kind = K_DIR;
        rc = list_dir(r);
    } else if (is_text_name(path)) {
        r->kind = K_TEXT;
        rc = open_file(&r->text_fp, path);
    } else {
        FILE *fp;
        r->kind = K_JSONL;
        if (!(rc = open_file(&fp, path)) && !(rc = open_lines(r, fp, 1, path, &fmt)) &&
            fmt == FMT_PLAIN && !is_jsonl_name(path))
            rc = sl__fail(SL_EFORMAT,
                          "%s: unsupported input (expected a directory, .txt or "
                          ".jsonl[.gz|.zst])",
                          path);
    }
    if (rc)
        goto fail;
    *out = r;
    return SL_OK;
fail:
    sl_reader_free(r);
    return rc;
}

/* ---- memory buffers */

static int is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static size_t skip_json_space(const char *data, size_t len, size_t i)
{
    while (i < len && is_json_space(data[i]))
        i++;
    return i;
}

/* Line number (from 1) of offset `off` of data. */
static size_t line_of(const char *data, size_t off)
{
    size_t n = 1;
    for (const char *p = data, *e = data + off; (p = memchr(p, '\n', (size_t)(e - p))); p++)
        n++;
    return n;
}

/* Parses one JSON value at data[0..len) with tok (strict; what follows
 * the value is left alone), feeding json-c at most INT_MAX - 1 bytes at a
 * time.  Returns json-c's verdict (json_tokener_success when a value was
 * read; json_tokener_continue when the data ended first; an error, also at
 * a NUL byte) and stores in *end the offset just past the value, or where
 * parsing stopped (at the NUL byte for one). */
static enum json_tokener_error parse_value(json_tokener *tok, const char *data, size_t len,
                                           size_t *end)
{
    size_t pos = 0;
    json_tokener_reset(tok);
    for (;;) {
        size_t n = len - pos < (size_t)INT_MAX - 1 ? len - pos : (size_t)INT_MAX - 1;
        json_object *obj = json_tokener_parse_ex(tok, data + pos, (int)n);
        enum json_tokener_error e = json_tokener_get_error(tok);
        size_t used = json_tokener_get_parse_end(tok);
        json_object_put(obj);
        if (e != json_tokener_success && used > 0 && data[pos + used - 1] == '\0')
            used--; /* json-c stopped at a NUL, which it counts as read */
        if (e != json_tokener_continue || pos + n == len || used < n) {
            *end = pos + used;
            return e;
        }
        pos += n;
    }
}

/* What json-c's verdict e at data[off] means, for a message. */
static const char *parse_error_desc(enum json_tokener_error e, const char *data, size_t len,
                                    size_t off)
{
    if (off < len && data[off] == '\0')
        return "NUL byte";
    return e == json_tokener_continue ? "unexpected end of data" : json_tokener_error_desc(e);
}

/* Reads data[0..len) as JSON Lines (after a UTF-8 byte order mark, which
 * is skipped). */
static int mem_lines(sl_reader *r, const char *data, size_t len)
{
    size_t bom = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
    memsrc *m = calloc(1, sizeof *m);
    lines *l = calloc(1, sizeof *l);
    if (!m || !l || !(l->name = sl__strdup(r->path))) {
        free(m);
        free(l);
        return sl__nomem();
    }
    m->base.read = mem_read;
    m->base.close = mem_close;
    m->p = (const unsigned char *)data + bom;
    m->len = len - bom;
    l->src = &m->base;
    r->lines = l;
    r->kind = K_JSONL;
    return SL_OK;
}

static int add_span(sl_reader *r, size_t *cap, size_t off, size_t len)
{
    void *p = r->spans;
    if (sl__grow(&p, cap, r->nspans + 1, sizeof *r->spans))
        return SL_ENOMEM;
    r->spans = p;
    r->spans[r->nspans].off = off;
    r->spans[r->nspans++].len = len;
    return SL_OK;
}

/* The JSON array data[i..len) (data[i] is '['): checks that it parses and
 * records the span of each element.  SL_OK, SL_EPARSE or SL_ENOMEM. */
static int mem_array(sl_reader *r, json_tokener *tok, const char *data, size_t len, size_t i)
{
    size_t cap = 0, pos = skip_json_space(data, len, i + 1);
    if (pos < len && data[pos] == ']') {
        pos++;
    } else {
        for (;;) {
            size_t end;
            enum json_tokener_error e = parse_value(tok, data + pos, len - pos, &end);
            if (e != json_tokener_success)
                return sl__fail(SL_EPARSE,
                                "%s: malformed JSON array: element %zu (line %zu): %s",
                                r->path, r->nspans + 1, line_of(data, pos + end),
                                parse_error_desc(e, data, len, pos + end));
            if (add_span(r, &cap, pos, end))
                return SL_ENOMEM;
            pos = skip_json_space(data, len, pos + end);
            if (pos < len && data[pos] == ',') {
                pos = skip_json_space(data, len, pos + 1);
                continue;
            }
            if (pos < len && data[pos] == ']') {
                pos++;
                break;
            }
            return sl__fail(SL_EPARSE,
                            "%s: malformed JSON array: expected ',' or ']' after element %zu "
                            "(line %zu)",
                            r->path, r->nspans, line_of(data, pos));
        }
    }
    if (skip_json_space(data, len, pos) < len)
        return sl__fail(SL_EPARSE, "%s: malformed JSON: text after the array (line %zu)",
                        r->path, line_of(data, skip_json_space(data, len, pos)));
    r->kind = K_MEM;
    return SL_OK;
}

/* 1 when a line of data[from..len) holds one complete JSON object. */
static int has_object_line(json_tokener *tok, const char *data, size_t len, size_t from)
{
    while (from < len) {
        const char *nl = memchr(data + from, '\n', len - from);
        size_t e = nl ? (size_t)(nl - data) : len, b = skip_json_space(data, e, from), end;
        while (e > b && is_json_space(data[e - 1]))
            e--;
        if (e > b && data[b] == '{' && data[e - 1] == '}' &&
            parse_value(tok, data + b, e - b, &end) == json_tokener_success && b + end == e)
            return 1;
        from = nl ? (size_t)(nl - data) + 1 : len;
    }
    return 0;
}

/* data[i..len) starts with '{': one object, pretty-printed over several
 * lines (a single record), or JSON Lines.  A document that does not parse
 * is JSON Lines when its first line is bad on its own or another line is
 * a whole object; otherwise it is malformed (SL_EPARSE). */
static int mem_object_or_lines(sl_reader *r, json_tokener *tok, const char *data, size_t len,
                               size_t i)
{
    size_t end;
    enum json_tokener_error e = parse_value(tok, data + i, len - i, &end);
    const char *nl = memchr(data + i, '\n', len - i);
    size_t first_nl = nl ? (size_t)(nl - data) : len;
    if (e == json_tokener_success) {
        while (end > 0 && is_json_space(data[i + end - 1]))
            end--;
        if (i + end > first_nl && skip_json_space(data, len, i + end) == len) {
            size_t cap = 0;
            r->kind = K_MEM;
            return add_span(r, &cap, i, end);
        }
    } else if (i + end > first_nl && !has_object_line(tok, data, len, first_nl + 1)) {
        return sl__fail(SL_EPARSE, "%s: malformed JSON at line %zu: %s", r->path,
                        line_of(data, i + end), parse_error_desc(e, data, len, i + end));
    }
    return mem_lines(r, data, len);
}

int sl_reader_open_mem(sl_reader **out, const char *name, const char *data, size_t len,
                       const sl_read_options *opt)
{
    if (!out)
        return sl__fail(SL_EINVAL, "sl_reader_open_mem: NULL argument");
    *out = NULL;
    if (!name || (!data && len))
        return sl__fail(SL_EINVAL, "sl_reader_open_mem: NULL %s", name ? "data" : "name");
    sl_reader *r;
    int rc = reader_new(&r, name, opt);
    if (rc)
        return rc;
    r->mem = data;
    json_tokener *tok = json_tokener_new();
    if (!tok) {
        sl_reader_free(r);
        return sl__nomem();
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
    size_t i = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
    i = skip_json_space(data, len, i);
    if (i == len)
        rc = mem_lines(r, data, len); /* nothing: no record */
    else if (data[i] == '[')
        rc = mem_array(r, tok, data, len, i);
    else if (data[i] == '{')
        rc = mem_object_or_lines(r, tok, data, len, i);
    else
        rc = sl__fail(SL_EPARSE,
                      "%s: not JSON: expected an array of objects, an object or JSON Lines",
                      name);
    json_tokener_free(tok);
    if (rc) {
        sl_reader_free(r);
        return rc;
    }
    *out = r;
    return SL_OK;
}

/* Next entry of the directory: 1 with an article, 0 at its end, an error,
 * or 2 when a JSON Lines file was opened in r->lines. */
static int next_dir_entry(sl_reader *r, sl_article **out)
{
    while (r->inext < r->nnames) {
        const char *name = r->names[r->inext++];
        size_t plen = strlen(r->path);
        const char *sep = plen > 0 && r->path[plen - 1] == '/' ? "" : "/";
        r->where.len = 0;
        int rc = sl__buf_printf(&r->where, "%s%s%s", r->path, sep, name);
        if (rc)
            return rc;
        const char *full = r->where.p;
        struct stat st;
        FILE *fp;
        int fmt;
        if (stat(full, &st) != 0) {
            char eb[128];
            errno_text(errno, eb, sizeof eb);
            return sl__fail(SL_EIO, "%s: %s", full, eb);
        }
        if (!S_ISREG(st.st_mode))
            warn(r, "%s: ignored (not a regular file)", full);
        else if (is_text_name(name))
            return (rc = open_file(&fp, full)) ? rc : read_text(r, fp, full, out);
        else if (!is_jsonl_name(name))
            warn(r, "%s: ignored (not .txt or .jsonl)", full);
        else if ((rc = open_file(&fp, full)) || (rc = open_lines(r, fp, 1, full, &fmt)))
            return rc;
        else
            return 2;
    }
    return 0;
}

int sl_reader_next(sl_reader *r, sl_article **out)
{
    if (!out)
        return sl__fail(SL_EINVAL, "sl_reader_next: NULL argument");
    *out = NULL;
    if (!r)
        return sl__fail(SL_EINVAL, "sl_reader_next: NULL reader");
    int rc = 0;
    while (!r->done) {
        if (r->lines) {
            rc = next_jsonl(r, out);
            if (rc != 0)
                break;
            lines_free(r->lines);
            r->lines = NULL;
            r->done = r->kind != K_DIR;
        } else if (r->kind == K_MEM) {
            rc = next_mem(r, out);
            r->done = rc == 0;
            break;
        } else if (r->kind == K_TEXT) {
            FILE *fp = r->text_fp;
            r->text_fp = NULL;
            r->done = 1;
            if ((rc = set_where(r, r->path, 0)))
                fclose(fp);
            else
                rc = read_text(r, fp, r->path, out);
            break;
        } else {
            rc = next_dir_entry(r, out);
            if (rc == 0)
                r->done = 1;
            else if (rc != 2)
                break;
            rc = 0;
        }
    }
    if (rc == SL_EIO || rc == SL_ENOMEM) {
        r->done = 1;
        lines_free(r->lines);
        r->lines = NULL;
    }
    return rc;
}

const char *sl_reader_where(const sl_reader *r)
{
    return r && r->where.p ? r->where.p : "";
}

void sl_reader_free(sl_reader *r)
{
    if (!r)
        return;
    lines_free(r->lines);
    if (r->text_fp)
        fclose(r->text_fp);
    for (size_t i = 0; i < r->nnames; i++)
        free(r->names[i]);
    free(r->names);
    for (size_t i = 0; i < r->nwarned && i < MAX_WARNED_FIELDS; i++)
        free(r->warned[i]);
    free(r->warned);
    if (r->tok)
        json_tokener_free(r->tok);
    free(r->spans);
    sl__buf_free(&r->scratch);
    sl__buf_free(&r->where);
    free(r->path);
    free(r);
}
