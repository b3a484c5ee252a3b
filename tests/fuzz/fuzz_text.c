/*
 * fuzz_text.c - UTF-8 check, normaliser, tokenizer, stopwords and stemmer.
 *
 * Input: one control byte, then the text.
 *   bit 0     strip accents
 *   bit 1     the language is the text's first line (at most 31 bytes;
 *             the rest is the text), else langs[(byte >> 2) % NLANGS]
 * Checks: sl_normalize fails with SL_EUTF8 exactly when the UTF-8 check
 * does; its output is valid UTF-8 without NUL, leading, trailing or double
 * spaces; appending to a buffer that holds text already gives the same
 * bytes after it; sl_text_hash agrees with it; tokens of the normalised
 * and of the raw text are non-empty, in order, inside the text; every word
 * token gets a stopword verdict and a stem of bounded length.
 */
#include "fuzz.h"
#include "internal.h"

static const char *const langs[] = {
    "english", "en", "de", "fr", "es", "it", "pt-BR", "nl", "sv", "no", "nn", "da", "fi",
    "ru", "ar", "hy", "eu", "ca", "el", "hi", "hu", "id", "ga", "lt", "ne", "ro", "sr",
    "ta", "tr", "yi", "porter", "en_US.UTF-8", "EN", "xx", "", "e", "klingon",
    "englishenglishenglishenglish"};
#define NLANGS (sizeof langs / sizeof *langs)

/* Stemmers by Snowball name (static storage), kept for the process:
 * building one (libstemmer, stopword table) costs more than a run. */
static struct {
    const char *name;
    sl_stemmer *st;
} cache[64];
static size_t ncache;

static void free_cache(void)
{
    for (size_t i = 0; i < ncache; i++)
        sl__stemmer_free(cache[i].st);
    ncache = 0;
}

static sl_stemmer *stemmer_for(const char *lang)
{
    const char *name = sl__lang_snowball(lang);
    if (!name) {
        sl_stemmer *s = (sl_stemmer *)1;
        FZ_CHECK(sl__stemmer_new(&s, lang) == SL_EFORMAT && s == NULL);
        return NULL;
    }
    for (size_t i = 0; i < ncache; i++)
        if (cache[i].name == name)
            return cache[i].st;
    FZ_CHECK(ncache < sizeof cache / sizeof *cache);
    if (ncache == 0)
        atexit(free_cache);
    FZ_CHECK(sl__stemmer_new(&cache[ncache].st, name) == SL_OK);
    cache[ncache].name = name;
    return cache[ncache++].st;
}

static void check_tokens(const sl_tokvec *tv, size_t len)
{
    size_t prev = 0;
    for (size_t i = 0; i < tv->n; i++) {
        const sl_token *t = &tv->v[i];
        FZ_CHECK(t->len > 0);
        FZ_CHECK(t->off >= prev);
        FZ_CHECK((size_t)t->off + t->len <= len);
        FZ_CHECK(t->kind == SL_TOK_WORD || t->kind == SL_TOK_NUM || t->kind == SL_TOK_CJK);
        prev = (size_t)t->off + t->len;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned b0 = data[0];
    int strip = b0 & 1;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    char lang[32];
    if (b0 & 2) {
        const char *nl = memchr(text, '\n', len);
        size_t k = nl ? (size_t)(nl - text) : len;
        size_t c = k < sizeof lang - 1 ? k : sizeof lang - 1;
        memcpy(lang, text, c);
        lang[c] = '\0'; /* an embedded NUL ends the name */
        text += nl ? k + 1 : k;
        len -= nl ? k + 1 : k;
    } else {
        snprintf(lang, sizeof lang, "%s", langs[(b0 >> 2) % NLANGS]);
    }

    /* --- normalisation */
    size_t bad = 0;
    int valid = sl__utf8_check(text, len, &bad) == SL_OK;
    FZ_CHECK(valid || bad < len);
    char *norm = (char *)1;
    size_t nlen = 12345;
    int rc = sl_normalize(&norm, &nlen, text, len, strip);
    FZ_CHECK(rc != SL_ENOMEM);
    uint64_t h[2];
    int hrc = sl_text_hash(h, text, len, strip);
    FZ_CHECK(hrc == rc);
    if (!valid) {
        FZ_CHECK(rc == SL_EUTF8 && norm == NULL);
    } else {
        FZ_CHECK(rc == SL_OK && norm != NULL);
        FZ_CHECK(strlen(norm) == nlen);
        FZ_CHECK(sl__utf8_check(norm, nlen, NULL) == SL_OK);
        FZ_CHECK(nlen == 0 || (norm[0] != ' ' && norm[nlen - 1] != ' '));
        FZ_CHECK(!strstr(norm, "  "));

        /* appending after text already in the buffer */
        sl_buf b = {0};
        FZ_CHECK(sl__buf_append(&b, "pre ", 4) == SL_OK);
        FZ_CHECK(sl__normalize_append(&b, text, len, strip) == SL_OK);
        FZ_CHECK(b.len == 4 + nlen && !memcmp(b.p + 4, norm, nlen));
        sl__buf_free(&b);

        /* --- tokens, stopwords, stems */
        sl_tokvec tv = {0};
        FZ_CHECK(sl__tokenize(&tv, norm, nlen) == SL_OK);
        check_tokens(&tv, nlen);
        sl_stemmer *st = stemmer_for(lang);
        if (st) {
            for (size_t i = 0; i < tv.n; i++) {
                const sl_token *t = &tv.v[i];
                if (t->kind != SL_TOK_WORD)
                    continue;
                const char *w = norm + t->off;
                int sw = sl__stopword(st, w, t->len);
                FZ_CHECK(sw == 0 || sw == 1);
                size_t slen = 0;
                const char *stem = sl__stem(st, w, t->len, &slen);
                FZ_CHECK(stem != NULL);
                FZ_CHECK(slen <= 4 * (size_t)t->len + 16);
                if (slen)
                    FZ_CHECK(sl__utf8_check(stem, slen, NULL) == SL_OK);
            }
        }
        free(tv.v);
    }
    free(norm);

    /* --- the tokenizer on the raw bytes (invalid UTF-8 allowed) */
    sl_tokvec raw = {0};
    FZ_CHECK(sl__tokenize(&raw, text, len) == SL_OK);
    check_tokens(&raw, len);
    free(raw.v);
    return 0;
}
