/*
 * fuzz_jsonl.c - the JSON Lines reader, from a file and from memory.
 *
 * Input: two control bytes, then the content.
 *   byte 0: bits 0-3  max_article_bytes = 64 << (bits % 11)  (64 .. 64 KiB)
 *           bits 4-5  max_line_bytes: 0 (default: 4 * cap + 64 KiB), the
 *                     article cap, half of it, or 4 * it
 *           bit 6     no warn callback
 *           bit 7     file named in.dat (only gzip/zstd accepted) instead
 *                     of in.jsonl
 *   byte 1: bits 0-2  1: also add the articles to a corpus and analyse it
 *                     (when there are at most 8 and 16 KiB of text; the
 *                     analyser's tables make this the slow part, so only
 *                     one input in eight does it)
 * The content is written to a file in the private temp dir and read with
 * sl_reader_open (streaming line reader, gzip/zstd by magic, line and
 * article caps), every record going to sl_corpus_add as the command does;
 * then the same bytes are read with sl_reader_open_mem (a JSON array, one
 * object or JSON Lines).  Checks the reader's contracts: articles are
 * complete and within the cap, errors carry a message and consume their
 * record, fatal errors leave the reader at its end.
 */
#include "fuzz.h"

#include <limits.h>

typedef struct wstate {
    size_t n;
} wstate;

static void on_warn(void *ud, const char *msg)
{
    wstate *w = ud;
    FZ_CHECK(msg && msg[0]);
    FZ_CHECK(strlen(msg) < 1024);
    w->n++;
}

static void check_article(const sl_article *a, const sl_read_options *o)
{
    FZ_CHECK(a->id && a->id[0]);
    FZ_CHECK(a->text && a->text_len > 0);
    FZ_CHECK(strlen(a->text) == a->text_len);
    FZ_CHECK(a->text_len <= o->max_article_bytes);
    FZ_CHECK(fz_valid_utf8(a->id) && fz_valid_utf8(a->text));
    const char *opt[] = {a->title, a->source, a->url, a->lang};
    for (size_t i = 0; i < 4; i++)
        FZ_CHECK(!opt[i] || fz_valid_utf8(opt[i]));
}

/* Reads r to its end; returns the number of articles and adds them to c
 * (may be NULL: then they are freed). */
static size_t drain(sl_reader *r, const sl_read_options *o, sl_corpus *c, size_t limit)
{
    size_t n = 0, calls = 0;
    for (;;) {
        sl_article *a = (sl_article *)1;
        int rc = sl_reader_next(r, &a);
        FZ_CHECK(++calls <= limit);
        if (rc == 0) {
            FZ_CHECK(a == NULL);
            break;
        }
        if (rc < 0) {
            FZ_CHECK(a == NULL);
            FZ_CHECK(rc == SL_EPARSE || rc == SL_EUTF8 || rc == SL_EEMPTY ||
                     rc == SL_ETOOBIG || rc == SL_EIO || rc == SL_ENOMEM);
            FZ_CHECK(sl_errmsg()[0] != '\0');
            FZ_CHECK(sl_reader_where(r) != NULL);
            if (rc == SL_EIO || rc == SL_ENOMEM) { /* fatal: at the end now */
                FZ_CHECK(sl_reader_next(r, &a) == 0 && a == NULL);
                break;
            }
            continue;
        }
        FZ_CHECK(rc == 1 && a != NULL);
        FZ_CHECK(sl_reader_where(r)[0] != '\0');
        check_article(a, o);
        n++;
        if (c) {
            int arc = sl_corpus_add(c, a);
            FZ_CHECK(arc == SL_OK || arc == SL_EDUPID);
            if (arc)
                sl_article_free(a);
        } else {
            sl_article_free(a);
        }
    }
    return n;
}

static size_t count_lines(const uint8_t *p, size_t n)
{
    size_t k = 1;
    for (size_t i = 0; i < n; i++)
        k += p[i] == '\n';
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned b0 = data[0], b1 = data[1];
    const uint8_t *body = data + 2;
    size_t len = size - 2;

    wstate w = {0};
    sl_read_options o = {0};
    fz_read_caps(&o, b0);
    if (!(b0 & 0x40)) {
        o.warn = on_warn;
        o.warn_ud = &w;
    }
    sl_read_options resolved = o; /* what the reader checks against */

    /* --- from a file */
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", fz_tmpdir(), b0 & 0x80 ? "in.dat" : "in.jsonl");
    FZ_CHECK(fz_write(path, body, len) == 0);
    int plain = !(len >= 2 && body[0] == 0x1f && body[1] == 0x8b) &&
                !(len >= 4 && !memcmp(body, "\x28\xb5\x2f\xfd", 4));
    sl_reader *r = NULL;
    int rc = sl_reader_open(&r, path, &o);
    if (b0 & 0x80 && plain) {
        FZ_CHECK(rc == SL_EFORMAT && r == NULL);
    } else {
        FZ_CHECK(rc == SL_OK && r != NULL);
        sl_corpus *c = NULL;
        if ((b1 & 7) == 1)
            FZ_CHECK(sl_corpus_new(&c, NULL) == SL_OK);
        /* plain lines: at most one call per line (+1 for the end);
         * decompressed data is bounded by the time limit only */
        size_t limit = plain ? count_lines(body, len) + 2 : SIZE_MAX;
        drain(r, &resolved, c, limit);
        sl_reader_free(r);
        if (c) {
            size_t text = 0;
            for (size_t i = 0; i < sl_corpus_count(c); i++)
                text += sl_corpus_article(c, i)->text_len;
            if (sl_corpus_count(c) <= 8 && text <= 16384) {
                FZ_CHECK(sl_corpus_analyse(c) == SL_OK);
                for (size_t i = 0; i < sl_corpus_count(c); i++) {
                    const sl_span *sp;
                    size_t ns;
                    FZ_CHECK(sl_corpus_sentences(&sp, &ns, c, i) == SL_OK);
                    for (size_t k = 0; k < ns; k++)
                        FZ_CHECK((size_t)sp[k].off + sp[k].len <=
                                 sl_corpus_article(c, i)->text_len);
                }
            }
        }
        sl_corpus_free(c);
    }
    unlink(path);

    /* --- from memory: the bytes as they are (not decompressed) */
    rc = sl_reader_open_mem(&r, "mem", (const char *)body, len, &o);
    FZ_CHECK(rc == SL_OK || rc == SL_EPARSE);
    FZ_CHECK((rc == SL_OK) == (r != NULL));
    if (r) {
        drain(r, &resolved, NULL, count_lines(body, len) + len + 2);
        sl_reader_free(r);
    }
    return 0;
}
