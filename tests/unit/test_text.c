/* test_text.c - normaliser, tokenizer, sentence splitter, stemmer. */
#include "testutil.h"

#include <utf8proc.h>

#include <xxhash.h>

#include "engine.h"

/* ------------------------------------------------------------- helpers */

/* Normalises with sl__normalize_append into a fresh buffer; returns the
 * malloc'd string (the test frees it). */
static char *norm(const char *s, int strip)
{
    sl_buf b = {0};
    assert_int_equal(sl__normalize_append(&b, s, strlen(s), strip), SL_OK);
    if (!b.p)
        return strdup("");
    assert_int_equal(strlen(b.p), b.len);
    return b.p;
}

static void assert_norm(const char *in, const char *want, int strip)
{
    char *got = norm(in, strip);
    if (strcmp(got, want) != 0)
        fail_msg("normalise \"%s\": got \"%s\", want \"%s\"", in, got, want);
    /* the public entry point agrees */
    char *pub;
    size_t n;
    assert_int_equal(sl_normalize(&pub, &n, in, strlen(in), strip), SL_OK);
    assert_string_equal(pub, want);
    assert_int_equal(n, strlen(want));
    free(pub);
    free(got);
}

/* Tokens of s as "tok|tok|tok" with kinds appended as /n or /c for numbers
 * and CJK. */
static char *toks(const char *s)
{
    sl_tokvec tv = {0};
    assert_int_equal(sl__tokenize(&tv, s, strlen(s)), SL_OK);
    sl_buf b = {0};
    assert_int_equal(sl__buf_append(&b, "", 0), SL_OK);
    for (size_t i = 0; i < tv.n; i++) {
        const sl_token *t = &tv.v[i];
        assert_true(t->len > 0);
        assert_true((size_t)t->off + t->len <= strlen(s));
        if (i)
            sl__buf_putc(&b, '|');
        sl__buf_append(&b, s + t->off, t->len);
        if (t->kind == SL_TOK_NUM)
            sl__buf_append(&b, "/n", 2);
        else if (t->kind == SL_TOK_CJK)
            sl__buf_append(&b, "/c", 2);
        else
            assert_int_equal(t->kind, SL_TOK_WORD);
    }
    free(tv.v);
    return b.p;
}

static void assert_toks(const char *in, const char *want)
{
    char *got = toks(in);
    if (strcmp(got, want) != 0)
        fail_msg("tokenize \"%s\": got \"%s\", want \"%s\"", in, got, want);
    free(got);
}

/* Sentences of s joined with " || ", checking the span invariants. */
static char *sents(const char *s)
{
    size_t len = strlen(s);
    sl_spanvec sv = {0};
    assert_int_equal(sl__sentences(&sv, s, len), SL_OK);
    sl_buf b = {0};
    assert_int_equal(sl__buf_append(&b, "", 0), SL_OK);
    size_t prev_end = 0;
    for (size_t i = 0; i < sv.n; i++) {
        sl_span sp = sv.v[i];
        assert_true(sp.len > 0);
        assert_true(sp.off >= prev_end);
        assert_true((size_t)sp.off + sp.len <= len);
        /* no surrounding ASCII whitespace */
        assert_false(strchr(" \t\r\n", s[sp.off]) && s[sp.off]);
        assert_false(strchr(" \t\r\n", s[sp.off + sp.len - 1]) && s[sp.off + sp.len - 1]);
        /* everything between spans is whitespace */
        for (size_t k = prev_end; k < sp.off; k++)
            assert_non_null(strchr(" \t\r\n", s[k]));
        prev_end = sp.off + sp.len;
        if (i)
            sl__buf_append(&b, " || ", 4);
        sl__buf_append(&b, s + sp.off, sp.len);
    }
    for (size_t k = prev_end; k < len; k++)
        assert_non_null(strchr(" \t\r\n", s[k]));
    free(sv.v);
    return b.p;
}

static void assert_sents(const char *in, const char *want)
{
    char *got = sents(in);
    if (strcmp(got, want) != 0)
        fail_msg("split \"%s\":\n got \"%s\"\nwant \"%s\"", in, got, want);
    free(got);
}

/* --------------------------------------------------------- UTF-8 check */

static void test_utf8_valid(void **state)
{
    (void)state;
    size_t bad = 99;
    const char ok[] = "plain ascii \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF"
                      "\xF4\x8F\xBF\xBF";
    assert_int_equal(sl__utf8_check(ok, sizeof ok - 1, &bad), SL_OK);
    /* NUL bytes are allowed */
    assert_int_equal(sl__utf8_check("a\0b", 3, &bad), SL_OK);
    assert_int_equal(sl__utf8_check("", 0, NULL), SL_OK);
    /* long ASCII run (word-at-a-time path) then a bad byte */
    char longs[100];
    memset(longs, 'x', sizeof longs);
    assert_int_equal(sl__utf8_check(longs, sizeof longs, &bad), SL_OK);
    longs[77] = (char)0x80;
    assert_int_equal(sl__utf8_check(longs, sizeof longs, &bad), SL_EUTF8);
    assert_int_equal(bad, 77);
}

static void test_utf8_invalid(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t bad;
    } cases[] = {
        {"ab\x80", 2},            /* stray continuation */
        {"\xBF", 0},              /* stray continuation */
        {"x\xC3", 1},             /* truncated 2-byte */
        {"x\xE2\x82", 1},         /* truncated 3-byte */
        {"x\xF0\x9F\x98", 1},     /* truncated 4-byte */
        {"\xC3x", 0},             /* lead without continuation */
        {"\xC0\xAF", 0},          /* overlong '/' */
        {"\xC1\xBF", 0},          /* overlong */
        {"\xE0\x80\xAF", 0},      /* overlong 3-byte */
        {"\xF0\x80\x80\xAF", 0},  /* overlong 4-byte */
        {"ok \xED\xA0\x80", 3},   /* surrogate U+D800 */
        {"\xED\xBF\xBF", 0},      /* surrogate U+DFFF */
        {"\xF4\x90\x80\x80", 0},  /* U+110000 */
        {"\xF5\x80\x80\x80", 0},  /* beyond */
        {"\xFF", 0},
        {"\xE2\x28\xA1", 0},      /* bad second byte */
        {"\xE2\x82\x28", 0},      /* bad third byte */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t bad = 999;
        int rc = sl__utf8_check(cases[i].s, strlen(cases[i].s), &bad);
        if (rc != SL_EUTF8 || bad != cases[i].bad)
            fail_msg("case %zu: rc %d bad %zu", i, rc, bad);
        /* and sl_normalize / sl_text_hash refuse it with a message */
        char *out = (char *)1;
        assert_int_equal(sl_normalize(&out, NULL, cases[i].s, strlen(cases[i].s), 0),
                         SL_EUTF8);
        assert_null(out);
        assert_non_null(strstr(sl_errmsg(), "invalid UTF-8 at byte"));
        uint64_t h[2];
        assert_int_equal(sl_text_hash(h, cases[i].s, strlen(cases[i].s), 0), SL_EUTF8);
        /* the internal normaliser rejects it too, leaving b unchanged */
        sl_buf b = {0};
        sl__buf_append(&b, "keep", 4);
        assert_int_equal(sl__normalize_append(&b, cases[i].s, strlen(cases[i].s), 0),
                         SL_EUTF8);
        assert_string_equal(b.p, "keep");
        sl__buf_free(&b);
    }
}

/* ---------------------------------------------------------- normaliser */

static void test_norm_ascii(void **state)
{
    (void)state;
    assert_norm("Hello   World", "hello world", 0);
    assert_norm("  \t Leading and trailing \n\n", "leading and trailing", 0);
    assert_norm("", "", 0);
    assert_norm("   \t\r\n ", "", 0);
    assert_norm("Tabs\tand\r\nnewlines\x0b\x0c!", "tabs and newlines !", 0);
    assert_norm("ctrl\x01\x1f\x7f" "chars", "ctrl chars", 0);
    assert_norm("It's `quoted` \"text\" -- 3.5%", "it's 'quoted' \"text\" -- 3.5%", 0);
    assert_norm("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789",
                "abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz 0123456789", 0);
    /* NUL in the middle counts as whitespace */
    sl_buf b = {0};
    assert_int_equal(sl__normalize_append(&b, "a\0\0B", 4, 0), SL_OK);
    assert_int_equal(b.len, 3);
    assert_string_equal(b.p, "a b");
    /* appending keeps what is there, and trims the appended part only */
    assert_int_equal(sl__normalize_append(&b, "  C  ", 5, 0), SL_OK);
    assert_string_equal(b.p, "a bc");
    assert_int_equal(sl__normalize_append(&b, " ", 1, 0), SL_OK);
    assert_string_equal(b.p, "a bc");
    sl__buf_free(&b);
}

/* The ASCII fast path must give what utf8proc gives: every printable byte
 * against utf8proc_map directly, and every byte against the library's own
 * utf8proc path (forced by gluing a non-ASCII letter to it). */
static void test_norm_fast_equals_utf8proc(void **state)
{
    (void)state;
    const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                   UTF8PROC_COMPAT | UTF8PROC_CASEFOLD;
    for (int c = 1; c < 128; c++) {
        char in[4] = {'x', (char)c, 'y', 0};
        char *fast = norm(in, 0);
        if (c > 0x20 && c < 0x7f && c != '`') {
            utf8proc_uint8_t *ref = NULL;
            assert_true(utf8proc_map((const utf8proc_uint8_t *)in, 3, &ref, opts) == 3);
            if (strcmp(fast, (const char *)ref) != 0)
                fail_msg("byte 0x%02x: fast \"%s\" utf8proc \"%s\"", c, fast, ref);
            free(ref);
        }
        char in2[8];
        snprintf(in2, sizeof in2, "%s\xC3\xA9", in);
        char *slow = norm(in2, 0);
        size_t fl = strlen(fast);
        assert_true(strlen(slow) == fl + 2);
        if (memcmp(fast, slow, fl) != 0)
            fail_msg("byte 0x%02x: fast \"%s\" slow \"%s\"", c, fast, slow);
        free(fast);
        free(slow);
    }
    /* a whole sentence both ways: with a zero width space glued to the end
     * the last chunk takes the utf8proc path */
    const char *s = "The U.S. Senate, on Dec. 3, voted 51-49 (\"yes\") at 10:30 `AM`!";
    char *fast = norm(s, 0);
    char buf[256];
    snprintf(buf, sizeof buf, "%s\xE2\x80\x8B", s);
    char *slow = norm(buf, 0);
    assert_string_equal(fast, slow);
    free(fast);
    free(slow);
    /* and the whole text through utf8proc at once (one chunk: no ASCII
     * whitespace) equals the fast path */
    const char *t = "Hello,World!(A-B)[C_D]{E}<F>=G+H*I&J^K%L$M#N@O~P|Q\\R/S:T;U?V'W\"X.";
    char *ft = norm(t, 0);
    char t2[256];
    snprintf(t2, sizeof t2, "\xC3\xA9%s", t);
    char *st = norm(t2, 0);
    assert_string_equal(ft, st + 2);
    free(ft);
    free(st);
}

/* ASCII runs are mapped 16 bytes at a time where no space is dropped, else
 * byte by byte.  Random ASCII texts (heavy in spaces, controls, capitals,
 * backticks) against the rule written out plainly: lower case, '`' to '\'',
 * whitespace and controls to one space, none at either end. */
static void test_norm_ascii_blocks(void **state)
{
    (void)state;
    static const char pool[] = "  \t\n\r\x01\x7f`'AZaz09.,Mm  Qq";
    unsigned seed = 11;
    char in[300], want[300];
    for (int r = 0; r < 2000; r++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 16) % 200, w = 0;
        int sp = 1;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned c = (seed >> 16) % 4 ? (unsigned char)pool[(seed >> 20) % (sizeof pool - 1)]
                                          : 1 + (seed >> 20) % 127;
            in[i] = (char)c;
            unsigned o = c >= 'A' && c <= 'Z' ? c + 32 : c == '`' ? '\'' : c;
            if (c < 0x20 || c == 0x7f || c == ' ') {
                if (!sp)
                    want[w++] = ' ';
                sp = 1;
            } else {
                want[w++] = (char)o;
                sp = 0;
            }
        }
        if (w && want[w - 1] == ' ')
            w--;
        sl_buf b = {0};
        assert_int_equal(sl__normalize_append(&b, in, len, 0), SL_OK);
        assert_int_equal(b.len, w);
        assert_memory_equal(b.p, want, w);
        sl__buf_free(&b);
    }
}

static void test_norm_unicode(void **state)
{
    (void)state;
    /* combining acute composes to the precomposed form */
    char *a = norm("caf\x65\xCC\x81", 0);
    char *b = norm("caf\xC3\xA9", 0);
    assert_string_equal(a, b);
    assert_string_equal(a, "caf\xC3\xA9");
    free(a);
    free(b);
    assert_norm("Caf\xC3\x89", "caf\xC3\xA9", 0);
    /* accents stripped */
    assert_norm("caf\xC3\xA9", "cafe", 1);
    assert_norm("caf\x65\xCC\x81 Cr\xC3\xA8me BR\xC3\x9BL\xC3\x89\x45", "cafe creme brulee", 1);
    assert_norm("Z\xC3\xBCrich S\xC3\xA3o Paulo", "zurich sao paulo", 1);
    /* ligature and full width */
    assert_norm("\xEF\xAC\x81nance", "finance", 0);
    assert_norm("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "abc", 0);
    assert_norm("\xEF\xBC\x91\xEF\xBC\x92", "12", 0);
    /* German sharp s folds to ss */
    assert_norm("Stra\xC3\x9F" "e", "strasse", 0);
    /* Cyrillic, Greek: case folded, not dropped (final sigma folds to σ) */
    assert_norm("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
                "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", 0);
    assert_norm("\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1",
                "\xCE\xB1\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1", 0);
    assert_norm("\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1", "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1", 1);
    assert_norm("\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3 \xCE\xBF\xCE\xB4\xCF\x8C\xCF\x82",
                "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x83 \xCE\xBF\xCE\xB4\xCF\x8C\xCF\x83", 0);
    /* CJK kept as is */
    assert_norm("\xE5\x8C\x97\xE4\xBA\xAC\xE5\xB8\x82", "\xE5\x8C\x97\xE4\xBA\xAC\xE5\xB8\x82", 0);
    /* half-width katakana become full width */
    assert_norm("\xEF\xBD\xB1", "\xE3\x82\xA2", 0);
    /* Arabic and Hebrew survive */
    assert_norm("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", 0);
    assert_norm("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", 0);
    /* ignorables: soft hyphen and BOM vanish; ZWSP is a space */
    assert_norm("\xEF\xBB\xBF" "co\xC2\xAD" "operate", "cooperate", 0);
    assert_norm("one\xE2\x80\x8Btwo", "one two", 0);
}

static void test_norm_typography(void **state)
{
    (void)state;
    /* quotes and apostrophes */
    assert_norm("\xE2\x80\x9CHe said \xE2\x80\x98no\xE2\x80\x99\xE2\x80\x9D",
                "\"he said 'no'\"", 0);
    assert_norm("don\xE2\x80\x99t", "don't", 0);
    assert_norm("\xE2\x80\x9A\xE2\x80\x9B\xE2\x80\xB2`", "''''", 0);
    assert_norm("\xE2\x80\x9E\xE2\x80\x9F\xC2\xAB\xC2\xBB\xE2\x80\xB3", "\"\"\"\"\"", 0);
    assert_norm("\xC2\xAB Bonjour \xC2\xBB", "\" bonjour \"", 0);
    /* dashes, minus */
    assert_norm("a\xE2\x80\x90" "b\xE2\x80\x91" "c\xE2\x80\x92" "d\xE2\x80\x93"
                "e\xE2\x80\x94" "f\xE2\x80\x95" "g\xE2\x88\x92" "h",
                "a-b-c-d-e-f-g-h", 0);
    assert_norm("1990\xE2\x80\x93" "2000 \xE2\x80\x94 the", "1990-2000 - the", 0);
    /* small em dash decomposes to an em dash, which maps to '-' */
    assert_norm("x\xEF\xB9\x98y", "x-y", 0);
    /* ellipsis */
    assert_norm("Wait\xE2\x80\xA6 what", "wait... what", 0);
    /* whitespace: NBSP, thin space, ideographic space, line separator */
    assert_norm("a\xC2\xA0\xC2\xA0" "b\xE2\x80\x89" "c\xE3\x80\x80" "d\xE2\x80\xA8" "e",
                "a b c d e", 0);
    assert_norm("\xC2\xA0 lead \xC2\xA0", "lead", 0);
    assert_norm("\xC2\xA0", "", 0);
    /* mixed ASCII and non-ASCII chunks collapse spaces across chunk borders */
    assert_norm("He   said\xC2\xA0  \xE2\x80\x9CYes\xE2\x80\x9D   and  left.",
                "he said \"yes\" and left.", 0);
    assert_norm("\xE2\x80\x9C" "A\xE2\x80\x9D", "\"a\"", 0);
    assert_norm("x \xCC\x81 y", "x \xCC\x81 y", 0);
    assert_norm("x \xCC\x81 y", "x y", 1);
}

static void test_norm_long_mixed(void **state)
{
    (void)state;
    /* Long text with scattered non-ASCII: result equals concatenating the
     * normalised pieces (chunking is exact), and buffers grow correctly. */
    sl_buf in = {0}, want = {0};
    for (int i = 0; i < 2000; i++) {
        sl__buf_append(&in, "Word ", 5);
        sl__buf_append(&want, "word ", 5);
        if (i % 7 == 0) {
            sl__buf_append(&in, "\xEF\xAC\x83\xE2\x80\x99s ", 8); /* ﬃ’s */
            sl__buf_append(&want, "ffi's ", 6);
        }
        if (i % 13 == 0) {
            sl__buf_append(&in, "\xE5\x8C\x97\xE4\xBA\xAC  ", 8);
            sl__buf_append(&want, "\xE5\x8C\x97\xE4\xBA\xAC ", 7);
        }
    }
    want.len--; /* trailing space */
    want.p[want.len] = '\0';
    char *got = norm(in.p, 0);
    assert_string_equal(got, want.p);
    free(got);
    sl__buf_free(&in);
    sl__buf_free(&want);
}

static void test_text_hash(void **state)
{
    (void)state;
    uint64_t a[2], b[2], c[2], d[2];
    assert_int_equal(sl_text_hash(a, "Hello   World", 13, 0), SL_OK);
    assert_int_equal(sl_text_hash(b, "hello world", 11, 0), SL_OK);
    assert_int_equal(sl_text_hash(c, "hello world!", 12, 0), SL_OK);
    const char *dd = "\xC2\xA0HELLO\xE2\x80\x83world\n";
    assert_int_equal(sl_text_hash(d, dd, strlen(dd), 0), SL_OK);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_equal(a, d, sizeof a);
    assert_false(a[0] == c[0] && a[1] == c[1]);
    uint64_t e[2], f[2];
    assert_int_equal(sl_text_hash(e, "Caf\xC3\xA9", 5, 1), SL_OK);
    assert_int_equal(sl_text_hash(f, "cafe", 4, 0), SL_OK);
    assert_memory_equal(e, f, sizeof e);
    assert_int_equal(sl_text_hash(e, "Caf\xC3\xA9", 5, 0), SL_OK);
    assert_false(e[0] == f[0] && e[1] == f[1]);
    /* empty text hashes fine */
    assert_int_equal(sl_text_hash(e, "", 0, 0), SL_OK);
    assert_int_equal(sl_text_hash(f, "   ", 3, 0), SL_OK);
    assert_memory_equal(e, f, sizeof e);
}

/* ----------------------------------------------------------- tokenizer */

static void test_tokenize_basic(void **state)
{
    (void)state;
    assert_toks("u.s. officials' 1,000 well-known don't",
                "u.s|officials|1,000/n|well|known|don't");
    assert_toks("the rate rose 3.5% to 1,234.56 in 2009.", "the|rate|rose|3.5/n|to|1,234.56/n|in|2009/n");
    assert_toks("o'neill's rock'n'roll 'quoted' 1990's",
                "o'neill's|rock'n'roll|quoted|1990/n|s");
    assert_toks("e.g. i.e. u.s.a. a.b", "e.g|i.e|u.s.a|a.b");
    assert_toks("u.s.army ph.d. u.s.-based", "u.s|army|ph|d|u.s|based");
    assert_toks("v1.2 covid-19 mp3 2nd 1,000.", "v1|2/n|covid|19/n|mp3|2nd|1,000/n");
    assert_toks("a, b; c: d/e (f) [g] \"h\" #i @j $5 10% x_y",
                "a|b|c|d|e|f|g|h|i|j|5/n|10/n|x|y");
    assert_toks("end. start,", "end|start");
    assert_toks("1.,2", "1/n|2/n");
}

static void test_tokenize_spans(void **state)
{
    (void)state;
    const char *s = "u.s. officials' 1,000";
    sl_tokvec tv = {0};
    assert_int_equal(sl__tokenize(&tv, s, strlen(s)), SL_OK);
    assert_int_equal(tv.n, 3);
    assert_int_equal(tv.v[0].off, 0);
    assert_int_equal(tv.v[0].len, 3);
    assert_int_equal(tv.v[0].kind, SL_TOK_WORD);
    assert_int_equal(tv.v[1].off, 5);
    assert_int_equal(tv.v[1].len, 9);
    assert_int_equal(tv.v[2].off, 16);
    assert_int_equal(tv.v[2].len, 5);
    assert_int_equal(tv.v[2].kind, SL_TOK_NUM);
    /* appending: offsets stay relative to s, tokens accumulate */
    assert_int_equal(sl__tokenize(&tv, "more", 4), SL_OK);
    assert_int_equal(tv.n, 4);
    assert_int_equal(tv.v[3].off, 0);
    assert_int_equal(tv.v[3].len, 4);
    free(tv.v);
}

static void test_tokenize_scripts(void **state)
{
    (void)state;
    /* Cyrillic and Greek words */
    assert_toks("\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0, \xD1\x80\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F",
                "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0|\xD1\x80\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F");
    assert_toks("\xCE\xB1\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1 2024",
                "\xCE\xB1\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1|2024/n");
    /* accented Latin and combining marks stay inside the word */
    assert_toks("caf\xC3\xA9 cafe\xCC\x81s na\xC3\xAFve", "caf\xC3\xA9|cafe\xCC\x81s|na\xC3\xAFve");
    /* Arabic, Hebrew, Devanagari (with vowel signs) */
    assert_toks("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
                "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85|\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
    assert_toks("\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87",
                "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87");
    /* CJK: one token per character; Latin next to it is separate */
    assert_toks("\xE5\x8C\x97\xE4\xBA\xAC\xE5\xB8\x82", "\xE5\x8C\x97/c|\xE4\xBA\xAC/c|\xE5\xB8\x82/c");
    assert_toks("\xE6\x9D\xB1\xE4\xBA\xAC" "tower 2020\xE5\xB9\xB4",
                "\xE6\x9D\xB1/c|\xE4\xBA\xAC/c|tower|2020/n|\xE5\xB9\xB4/c");
    /* Hiragana, Katakana with prolonged sound mark, Hangul */
    assert_toks("\xE3\x81\x82\xE3\x83\xA9\xE3\x83\xBC\xED\x95\x9C",
                "\xE3\x81\x82/c|\xE3\x83\xA9/c|\xE3\x83\xBC/c|\xED\x95\x9C/c");
    /* CJK punctuation is not a token */
    assert_toks("\xE5\x8C\x97\xE3\x80\x82\xE3\x80\x81", "\xE5\x8C\x97/c");
    /* Arabic-Indic digits are a number */
    assert_toks("\xD9\xA1\xD9\xA2\xD9\xA3", "\xD9\xA1\xD9\xA2\xD9\xA3/n");
}

/* Writes into text fewer than maxp pieces drawn from piece[0..np) with the
 * generator *seed; returns the length. */
static size_t random_text(char *text, unsigned *seed, const char *const *piece, size_t np,
                          unsigned maxp)
{
    size_t len = 0;
    *seed = *seed * 1103515245u + 12345u;
    unsigned n = (*seed >> 16) % maxp;
    for (unsigned k = 0; k < n; k++) {
        *seed = *seed * 1103515245u + 12345u;
        const char *pc = piece[(*seed >> 16) % np];
        memcpy(text + len, pc, strlen(pc));
        len += strlen(pc);
    }
    return len;
}

/* text[0..len) with `pre` spaces before and `post` after, into out;
 * returns the length. */
static size_t pad(char *out, const char *text, size_t len, size_t pre, size_t post)
{
    memset(out, ' ', pre);
    memcpy(out + pre, text, len);
    memset(out + pre + len, ' ', post);
    return pre + len + post;
}

/* The tokenizer takes runs of ASCII letters and digits from 64-byte windows
 * of bit masks and hands everything else (and the last < 64 bytes) to the
 * byte-by-byte rules.  Moving a text across window boundaries, by spaces
 * before and after it, must not change its tokens: each token then goes
 * through both paths.  Texts are random strings of pieces that meet every
 * rule (apostrophes, dots and commas in numbers and abbreviations, accents,
 * combining marks, CJK, invalid bytes, long words). */
static void test_tokenize_windows(void **state)
{
    (void)state;
    static const char *piece[] = {
        "a", "Bc", "word", "1", "42", "'", ".", ",", " ", "  ", "-", "\n", "u.s.", "1,000",
        "3.5", "don't", "x'", "caf\xC3\xA9", "e\xCC\x81", "\xE5\x8C\x97", "\xC2\xA0",
        "\xD9\xA1", "\xFF", "\xC3", "abcdefghijklmnopqrstuvwxyz0123456789", "q.", "a.b.c",
    };
    enum { NP = sizeof piece / sizeof *piece };
    unsigned seed = 7;
    char text[700], padded[900];
    sl_tokvec ref = {0}, tv = {0};
    for (int r = 0; r < 400; r++) {
        size_t len = random_text(text, &seed, piece, NP, 60);
        ref.n = 0;
        assert_int_equal(sl__tokenize(&ref, text, len), SL_OK);
        for (size_t pre = 0; pre <= 65; pre++)
            for (size_t post = 0; post <= 64; post += 64) {
                tv.n = 0;
                assert_int_equal(sl__tokenize(&tv, padded, pad(padded, text, len, pre, post)),
                                 SL_OK);
                assert_int_equal(tv.n, ref.n);
                for (size_t t = 0; t < ref.n; t++) {
                    assert_int_equal(tv.v[t].off, ref.v[t].off + pre);
                    assert_int_equal(tv.v[t].len, ref.v[t].len);
                    assert_int_equal(tv.v[t].kind, ref.v[t].kind);
                }
            }
    }
    free(ref.v);
    free(tv.v);
}

static void test_tokenize_empty(void **state)
{
    (void)state;
    assert_toks("", "");
    assert_toks("   ", "");
    assert_toks("... -- !? \"' () --- ,. '", "");
    assert_toks("\xE2\x80\x94 \xE3\x80\x82 \xC2\xA9 \xE2\x82\xAC", "");
    sl_tokvec tv = {0};
    assert_int_equal(sl__tokenize(&tv, "", 0), SL_OK);
    assert_int_equal(tv.n, 0);
    free(tv.v);
    /* invalid bytes are skipped, not crashed on */
    assert_toks("ab\xFF" "cd \xC3", "ab|cd");
}

/* ---------------------------------------------------- sentence splitter */

static void test_sent_basic(void **state)
{
    (void)state;
    assert_sents("", "");
    assert_sents("   \n\n  ", "");
    assert_sents("One. Two! Three? Four", "One. || Two! || Three? || Four");
    assert_sents("  No final punctuation  ", "No final punctuation");
    assert_sents("It rose. 42 people came.", "It rose. || 42 people came.");
    assert_sents("Lower case after. next word", "Lower case after. next word");
    assert_sents("Really?! Yes.", "Really?! || Yes.");
    assert_sents("Wait... Then it came. Hmm... and so", "Wait... || Then it came. || Hmm... and so");
    assert_sents("Wait\xE2\x80\xA6 Then", "Wait\xE2\x80\xA6 || Then");
    assert_sents("Single.", "Single.");
}

static void test_sent_abbrev(void **state)
{
    (void)state;
    assert_sents("U.S. officials said so. They left.", "U.S. officials said so. || They left.");
    assert_sents("The U.S. Senate voted.", "The U.S. Senate voted.");
    assert_sents("It happened on Dec. 3 the police said.", "It happened on Dec. 3 the police said.");
    assert_sents("Mr. Smith met Dr. Jones and Sen. Brown.", "Mr. Smith met Dr. Jones and Sen. Brown.");
    assert_sents("Martin Luther King Jr. Day. Then Gov. Cuomo and Gen. Lee and Lt. Dan spoke.",
                 "Martin Luther King Jr. Day. || Then Gov. Cuomo and Gen. Lee and Lt. Dan spoke.");
    assert_sents("St. Louis is big.", "St. Louis is big.");
    assert_sents("Apple Inc. Chief and Acme Corp. Head and Foo Ltd. Boss and Bar Co. Owner met.",
                 "Apple Inc. Chief and Acme Corp. Head and Foo Ltd. Boss and Bar Co. Owner met.");
    assert_sents("He wore No. 5 shirts.", "He wore No. 5 shirts.");
    assert_sents("He said no. Then he left.", "He said no. || Then he left.");
    assert_sents("Smith vs. Jones was decided.", "Smith vs. Jones was decided.");
    assert_sents("Fruit, e.g. Apples, and i.e. Pears.", "Fruit, e.g. Apples, and i.e. Pears.");
    /* etc. before a capital ends the sentence (documented choice) */
    assert_sents("Apples, pears etc. The rest was sold.", "Apples, pears etc. || The rest was sold.");
    assert_sents("Apples, pears, etc. were sold.", "Apples, pears, etc. were sold.");
    /* months: with a number no boundary, else an ordinary word */
    assert_sents("On Jan. 5 and Feb. 6 and Mar. 7 and Apr. 8 and Aug. 9 and Sept. 11 "
                 "and Sep. 12 and Oct. 13 and Nov. 14 it rained.",
                 "On Jan. 5 and Feb. 6 and Mar. 7 and Apr. 8 and Aug. 9 and Sept. 11 "
                 "and Sep. 12 and Oct. 13 and Nov. 14 it rained.");
    assert_sents("It was cold in Dec. The next month too.", "It was cold in Dec. || The next month too.");
}

static void test_sent_initials_numbers(void **state)
{
    (void)state;
    assert_sents("J. R. R. Tolkien wrote it. George W. Bush read it.",
                 "J. R. R. Tolkien wrote it. || George W. Bush read it.");
    assert_sents("The rate was 3.5 percent. It rose.", "The rate was 3.5 percent. || It rose.");
    assert_sents("It cost $3. The end.", "It cost $3. || The end.");
    assert_sents("In 2009. Then 2010.", "In 2009. || Then 2010.");
    assert_sents("Visit example.com. Now.", "Visit example.com. || Now.");
}

static void test_sent_quotes_brackets(void **state)
{
    (void)state;
    assert_sents("He said \"no.\" Then he left.", "He said \"no.\" || Then he left.");
    assert_sents("He said \xE2\x80\x9Cno.\xE2\x80\x9D Then he left.",
                 "He said \xE2\x80\x9Cno.\xE2\x80\x9D || Then he left.");
    assert_sents("She asked 'why?' Nobody knew.", "She asked 'why?' || Nobody knew.");
    assert_sents("\"Why?\" he asked.", "\"Why?\" he asked.");
    assert_sents("(See above.) Next one.", "(See above.) || Next one.");
    assert_sents("He left. \"Go,\" she said.", "He left. || \"Go,\" she said.");
    assert_sents("He left. \xE2\x80\x9CGo,\xE2\x80\x9D she said.",
                 "He left. || \xE2\x80\x9CGo,\xE2\x80\x9D she said.");
    assert_sents("It ended. (Or not.)", "It ended. || (Or not.)");
    assert_sents("\xC2\xBFQu\xC3\xA9? \xC2\xA1Nada!", "\xC2\xBFQu\xC3\xA9? || \xC2\xA1Nada!");
    assert_sents("It ended. \"Next,\" he said.", "It ended. || \"Next,\" he said.");
}

static void test_sent_newlines(void **state)
{
    (void)state;
    assert_sents("Headline Without Stop\nBody text here. More text.\n\nNew paragraph",
                 "Headline Without Stop || Body text here. || More text. || New paragraph");
    assert_sents("Line one\r\nLine two\rLine three", "Line one || Line two || Line three");
    assert_sents("The U.S.\nOfficials", "The U.S. || Officials");
    assert_sents("trailing spaces   \n   leading", "trailing spaces || leading");
    /* U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR break lines */
    const char *s = "one\xE2\x80\xA8two\xE2\x80\xA9three";
    sl_spanvec sv = {0};
    assert_int_equal(sl__sentences(&sv, s, strlen(s)), SL_OK);
    assert_int_equal(sv.n, 3);
    assert_int_equal(sv.v[1].off, 6);
    assert_int_equal(sv.v[1].len, 3);
    free(sv.v);
}

static void test_sent_scripts(void **state)
{
    (void)state;
    /* CJK full stops split even without a following space */
    assert_sents("\xE5\x8C\x97\xE4\xBA\xAC\xE3\x80\x82\xE4\xB8\x8A\xE6\xB5\xB7\xEF\xBC\x81"
                 "\xE5\xA5\xBD\xEF\xBC\x9F\xE5\x95\x8A",
                 "\xE5\x8C\x97\xE4\xBA\xAC\xE3\x80\x82 || \xE4\xB8\x8A\xE6\xB5\xB7\xEF\xBC\x81 || "
                 "\xE5\xA5\xBD\xEF\xBC\x9F || \xE5\x95\x8A");
    /* closing corner bracket stays with its sentence */
    assert_sents("\xE3\x80\x8C\xE5\xA5\xBD\xE3\x80\x82\xE3\x80\x8D\xE4\xBB\x96",
                 "\xE3\x80\x8C\xE5\xA5\xBD\xE3\x80\x82\xE3\x80\x8D || \xE4\xBB\x96");
    /* Cyrillic: capital starts a sentence, lower case does not */
    assert_sents("\xD0\x9E\xD0\xBD \xD1\x83\xD1\x88\xD1\x91\xD0\xBB. \xD0\x9E\xD0\xBD\xD0\xB0 \xD0\xBE\xD1\x81\xD1\x82\xD0\xB0\xD0\xBB\xD0\xB0\xD1\x81\xD1\x8C.",
                 "\xD0\x9E\xD0\xBD \xD1\x83\xD1\x88\xD1\x91\xD0\xBB. || \xD0\x9E\xD0\xBD\xD0\xB0 \xD0\xBE\xD1\x81\xD1\x82\xD0\xB0\xD0\xBB\xD0\xB0\xD1\x81\xD1\x8C.");
    assert_sents("\xD1\x82.\xD0\xB5. \xD0\xB2\xD0\xBE\xD1\x82", "\xD1\x82.\xD0\xB5. \xD0\xB2\xD0\xBE\xD1\x82");
    /* caseless script after a stop */
    assert_sents("It ended. \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D.", "It ended. || \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D.");
}

static void test_sent_spans_nbsp(void **state)
{
    (void)state;
    /* NBSP around sentences is trimmed from spans */
    const char *s = "\xC2\xA0One. \xC2\xA0Two.\xC2\xA0";
    sl_spanvec sv = {0};
    assert_int_equal(sl__sentences(&sv, s, strlen(s)), SL_OK);
    /* "One." then NBSP-led "Two." - NBSP then 'T': the boundary needs a
     * sentence start after the whitespace run, which includes NBSP */
    assert_int_equal(sv.n, 2);
    assert_int_equal(sv.v[0].off, 2);
    assert_int_equal(sv.v[0].len, 4);
    assert_int_equal(sv.v[1].off, 9);
    assert_int_equal(sv.v[1].len, 4);
    free(sv.v);
}

/* Runs of plain ASCII are skipped 16 bytes at a time.  Moving a text across
 * 16-byte boundaries, by spaces before and after it, must not move its
 * sentences' boundaries: random texts of pieces that meet the rules
 * (abbreviations, initials, numbers, quotes, line breaks, CJK stops, NBSP,
 * long plain runs). */
static void test_sent_blocks(void **state)
{
    (void)state;
    static const char *piece[] = {
        "Word", "word", " ", " ", " ", "Mr.", "U.S.", "Dec. 3", "he said.", "\"", "\xE2\x80\x9D",
        "\n", "\n\n", "3.5", "?", "!", "...", "caf\xC3\xA9", "\xE4\xB8\xAD\xE3\x80\x82", "\t",
        "(a)", "\xC2\xA0", "J. Smith", "The", "a long plain run of words without a stop in it",
        "? The", "! The", ". The", "x\x01y",
    };
    enum { NP = sizeof piece / sizeof *piece };
    unsigned seed = 3;
    char text[2000], padded[2100];
    sl_spanvec ref = {0}, sv = {0};
    for (int r = 0; r < 600; r++) {
        /* every other text short: more of it in the byte-by-byte tail */
        size_t len = random_text(text, &seed, piece, NP, r % 2 ? 40 : 8);
        ref.n = 0;
        assert_int_equal(sl__sentences(&ref, text, len), SL_OK);
        for (size_t pre = 0; pre <= 17; pre++)
            for (size_t post = 0; post <= 16; post += 16) {
                sv.n = 0;
                assert_int_equal(sl__sentences(&sv, padded, pad(padded, text, len, pre, post)),
                                 SL_OK);
                assert_int_equal(sv.n, ref.n);
                for (size_t t = 0; t < ref.n; t++) {
                    assert_int_equal(sv.v[t].off, ref.v[t].off + pre);
                    assert_int_equal(sv.v[t].len, ref.v[t].len);
                }
            }
    }
    free(ref.v);
    free(sv.v);
}

/* -------------------------------------------------------------- stemmer */

static void assert_stem(sl_stemmer *s, const char *w, const char *want)
{
    size_t n;
    const char *r = sl__stem(s, w, strlen(w), &n);
    if (n != strlen(want) || memcmp(r, want, n) != 0)
        fail_msg("stem \"%s\": got \"%.*s\", want \"%s\"", w, (int)n, r, want);
}

static void test_lang_names(void **state)
{
    (void)state;
    assert_string_equal(sl__lang_snowball("en"), "english");
    assert_string_equal(sl__lang_snowball("eng"), "english");
    assert_string_equal(sl__lang_snowball("English"), "english");
    assert_string_equal(sl__lang_snowball("EN-us"), "english");
    assert_string_equal(sl__lang_snowball("de"), "german");
    assert_string_equal(sl__lang_snowball("ger"), "german");
    assert_string_equal(sl__lang_snowball("pt_BR"), "portuguese");
    assert_string_equal(sl__lang_snowball("nb"), "norwegian");
    assert_string_equal(sl__lang_snowball("ru"), "russian");
    assert_string_equal(sl__lang_snowball("porter"), "porter");
    assert_null(sl__lang_snowball("xx"));
    assert_null(sl__lang_snowball(""));
    assert_null(sl__lang_snowball("e"));
    assert_null(sl__lang_snowball(NULL));
    assert_null(sl__lang_snowball("klingon"));
    assert_null(sl__lang_snowball("averyveryverylonglanguagename"));
}

static void test_stem(void **state)
{
    (void)state;
    sl_stemmer *s = NULL;
    assert_int_equal(sl__stemmer_new(&s, "english"), SL_OK);
    assert_non_null(s);
    assert_stem(s, "running", "run");
    assert_stem(s, "ministers", "minist");
    assert_stem(s, "officials", "offici");
    assert_stem(s, "reid's", "reid");
    assert_stem(s, "said", "said");
    /* the pointer is only valid until the next call: copy before reuse */
    size_t n;
    const char *r = sl__stem(s, "", 0, &n);
    assert_int_equal(n, 0);
    (void)r;
    sl__stemmer_free(s);

    assert_int_equal(sl__stemmer_new(&s, "russian"), SL_OK);
    assert_stem(s, "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD1\x8B", "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2");
    assert_stem(s, "\xD0\xBC\xD0\xB8\xD0\xBD\xD0\xB8\xD1\x81\xD1\x82\xD1\x80\xD1\x8B",
                "\xD0\xBC\xD0\xB8\xD0\xBD\xD0\xB8\xD1\x81\xD1\x82\xD1\x80");
    sl__stemmer_free(s);

    assert_int_equal(sl__stemmer_new(&s, "german"), SL_OK);
    assert_stem(s, "h\xC3\xA4user", "haus");
    assert_stem(s, "regierungen", "regier");
    sl__stemmer_free(s);

    /* French elision is dropped before stemming */
    assert_int_equal(sl__stemmer_new(&s, "fr"), SL_OK);
    assert_stem(s, "hommes", "homm");
    assert_stem(s, "l'homme", "homm");
    assert_stem(s, "aujourd'hui", "aujourd'hui");
    sl__stemmer_free(s);

    s = (sl_stemmer *)1;
    assert_int_equal(sl__stemmer_new(&s, "klingon"), SL_EFORMAT);
    assert_null(s);
    assert_int_equal(sl__stemmer_new(&s, NULL), SL_EFORMAT);
    sl__stemmer_free(NULL);
}

static void test_stopwords(void **state)
{
    (void)state;
    sl_stemmer *s;
    assert_int_equal(sl__stemmer_new(&s, "english"), SL_OK);
    assert_true(sl__stopword(s, "the", 3));
    assert_true(sl__stopword(s, "don't", 5));
    assert_true(sl__stopword(s, "it's", 4));
    assert_true(sl__stopword(s, "and", 3));
    assert_false(sl__stopword(s, "minister", 8));
    assert_false(sl__stopword(s, "said", 4));
    assert_false(sl__stopword(s, "says", 4));
    assert_false(sl__stopword(s, "", 0));
    assert_false(sl__stopword(s, "theme", 5));
    assert_true(sl__stopword(s, "theme", 3)); /* only n bytes are read */
    assert_false(sl__stopword(s, "The", 3));  /* normalised input only */
    sl__stemmer_free(s);

    assert_int_equal(sl__stemmer_new(&s, "german"), SL_OK);
    assert_true(sl__stopword(s, "und", 3));
    assert_true(sl__stopword(s, "f\xC3\xBCr", 4));
    assert_true(sl__stopword(s, "fur", 3)); /* accent-stripped form */
    assert_true(sl__stopword(s, "dass", 4));
    assert_false(sl__stopword(s, "regierung", 9));
    sl__stemmer_free(s);

    assert_int_equal(sl__stemmer_new(&s, "french"), SL_OK);
    assert_true(sl__stopword(s, "les", 3));
    assert_true(sl__stopword(s, "qu'il", 5)); /* elision, then "il" */
    assert_false(sl__stopword(s, "l'homme", 7));
    sl__stemmer_free(s);

    assert_int_equal(sl__stemmer_new(&s, "russian"), SL_OK);
    assert_true(sl__stopword(s, "\xD0\xB8", 2));             /* и */
    assert_true(sl__stopword(s, "\xD1\x87\xD1\x82\xD0\xBE", 6)); /* что */
    assert_false(sl__stopword(s, "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", 12));
    sl__stemmer_free(s);

    /* every language with a list has its most common words */
    static const struct {
        const char *lang, *w;
    } common[] = {
        {"spanish", "los"}, {"italian", "della"}, {"portuguese", "n\xC3\xA3o"},
        {"dutch", "het"}, {"swedish", "och"}, {"norwegian", "ikke"},
        {"danish", "ikke"}, {"finnish", "ja"}, {"porter", "the"},
    };
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
        assert_int_equal(sl__stemmer_new(&s, common[i].lang), SL_OK);
        if (!sl__stopword(s, common[i].w, strlen(common[i].w)))
            fail_msg("%s: \"%s\" is not a stopword", common[i].lang, common[i].w);
        sl__stemmer_free(s);
    }

    /* a Snowball language without a list: empty set, stemming works */
    assert_int_equal(sl__stemmer_new(&s, "turkish"), SL_OK);
    assert_false(sl__stopword(s, "ve", 2));
    sl__stemmer_free(s);
    assert_false(sl__stopword(NULL, "the", 3));
}

/* sl__analyser_signature after a sentence-by-sentence analysis (what
 * sl_dedup_run uses for rewrite pairs once drop_signatures has freed the
 * first pass's signatures) gives the codes of the first pass's whole-text
 * analysis: the two tokenizations agree, sentence boundaries or not.
 * Random texts of pieces that meet every splitting and normalising rule
 * (abbreviations, initials, quotes and brackets after a stop, blank lines,
 * a line that normalises to nothing, combining marks after a break, CJK
 * stops, invalid bytes). */
static void test_signature_modes(void **state)
{
    (void)state;
    static const char *piece[] = {
        "The", " ", "talks", "ended", ".", ". ", "! ", "? ", "\n", "\n\n", "U.S. ", "Dec. 3 ",
        "Mr. Smith ", "J. R. R. ", "\"Yes.\" ", "(He left.) ", "\xE2\x80\x9CNo.\xE2\x80\x9D ",
        "\xE2\x80\x8B\n", "\xC2\xAD", "\x0E\n", "e\xCC\x81", "\n\xCC\x81x", "\xE5\x8C\x97\xE3\x80\x82",
        "\xC2\xA0", "3.5 ", "1,000 ", "don't ", "caf\xC3\xA9 ", "\xEF\xAC\x81ne ", "- ",
        "\xE2\x80\x94", "...", "a.b.c ", "Inc. ", "No. 5 ",
    };
    enum { NP = sizeof piece / sizeof *piece };
    sl_config cfg;
    sl_config_init(&cfg);
    sl_analyser *whole, *sent;
    assert_int_equal(sl__analyser_new(&whole, &cfg, NULL), SL_OK);
    assert_int_equal(sl__analyser_new(&sent, &cfg, NULL), SL_OK);
    uint16_t a[SL_MAX_MINHASH_K], b[SL_MAX_MINHASH_K];
    char text[900];
    unsigned seed = 11;
    size_t nonempty = 0;
    for (int r = 0; r < 2000; r++) {
        size_t len = random_text(text, &seed, piece, NP, r % 3 ? 60 : 12);
        text[len] = '\0';
        if (sl__utf8_check(text, len, NULL) != SL_OK)
            continue; /* articles hold valid UTF-8 only */
        sl_article art = {.id = "x", .text = text, .text_len = len,
                          .published = SL_TIME_UNKNOWN};
        sl_features f, g;
        assert_int_equal(sl__analyse(&f, whole, &art, SL_AN_SHINGLES | SL_AN_NO_TERMS), SL_OK);
        sl__minhash(a, cfg.minhash_k, f.shingles, f.nshingle_pos, cfg.seed);
        assert_int_equal(sl__analyse(&g, sent, &art, SL_AN_SENTENCES), SL_OK);
        sl__analyser_signature(b, sent);
        assert_int_equal(f.ntokens, g.ntokens);
        assert_memory_equal(a, b, cfg.minhash_k * sizeof *a);
        nonempty += f.nshingle_pos > 0;
    }
    assert_true(nonempty > 1000);
    sl__analyser_free(whole);
    sl__analyser_free(sent);
}

/* The word shingles are the documented combination of w consecutive
 * token hashes (XXH3 of each normalised token with the seed), for the
 * default w = 5 (an unrolled loop) and others (the general loop): a
 * known-answer check of both. */
static void test_shingle_definition(void **state)
{
    (void)state;
    static const char text[] =
        "Officials met in Paris on Monday, and they agreed on a plan. It will cut "
        "emissions by half in ten years, the minister said.";
    for (unsigned w = 1; w <= 7; w++) {
        sl_config cfg;
        sl_config_init(&cfg);
        cfg.shingle = w;
        cfg.seed = 42;
        sl_analyser *an;
        assert_int_equal(sl__analyser_new(&an, &cfg, NULL), SL_OK);
        sl_article art = {.id = "x", .text = (char *)text, .text_len = strlen(text),
                          .published = SL_TIME_UNKNOWN};
        sl_features f;
        assert_int_equal(sl__analyse(&f, an, &art, SL_AN_SHINGLES | SL_AN_NO_TERMS), SL_OK);
        sl_buf nb = {0};
        sl_tokvec tv = {0};
        assert_int_equal(sl__normalize_append(&nb, text, strlen(text), 0), SL_OK);
        assert_int_equal(sl__tokenize(&tv, nb.p, nb.len), SL_OK);
        assert_true(tv.n > 20);
        assert_int_equal(f.nshingle_pos, tv.n - w + 1);
        for (size_t i = 0; i + w <= tv.n; i++) {
            uint64_t x = 0x9e3779b97f4a7c15ULL;
            for (size_t j = 0; j < w; j++)
                x = (x ^ XXH3_64bits_withSeed(nb.p + tv.v[i + j].off, tv.v[i + j].len, 42)) *
                        0x100000001b3ULL + j;
            assert_true(f.shingles[i] == sl__mix64(x));
        }
        free(nb.p);
        free(tv.v);
        sl__analyser_free(an);
    }
}

/* SL_AN_ALL_WORDS (what the rewrite index's lookups of document
 * frequencies read): the distinct surface ids of every word, stopwords
 * too, in order of first occurrence; the surface-term analysis gives the
 * same ids for the content words, and no stopword. */
static void test_all_words(void **state)
{
    (void)state;
    static const char text[] = "The minister said the plan will cut the emissions, the "
                               "minister said on Monday.";
    sl_config cfg;
    sl_config_init(&cfg);
    sl_analyser *an;
    assert_int_equal(sl__analyser_new(&an, &cfg, NULL), SL_OK);
    sl_article art = {.id = "x", .text = (char *)text, .text_len = strlen(text),
                      .published = SL_TIME_UNKNOWN};
    sl_features f;
    assert_int_equal(sl__analyse(&f, an, &art, SL_AN_ALL_WORDS), SL_OK);
    /* the minister said plan will cut emissions on monday */
    assert_int_equal(f.ntokens, 14);
    assert_int_equal(f.nterms, 9);
    uint32_t all[16];
    memcpy(all, f.terms, f.nterms * sizeof *all);
    size_t nall = f.nterms;
    for (size_t i = 0; i < nall; i++)
        for (size_t j = i + 1; j < nall; j++)
            assert_true(all[i] != all[j]);
    assert_int_equal(sl__analyse(&f, an, &art, 0), SL_OK);
    /* content: minister said plan cut emissions monday ("the", "will",
     * "on" are stopwords) */
    assert_true(f.nterms >= 4 && f.nterms < nall);
    size_t k = 0;
    for (size_t t = 0; t < f.nterms; t++) { /* a subsequence, in order */
        while (k < nall && all[k] != f.terms[t])
            k++;
        assert_true(k < nall);
    }
    assert_true(all[0] != f.terms[0]); /* "the" first, not a content word */
    sl__analyser_free(an);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_words),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_invalid),
        cmocka_unit_test(test_norm_ascii),
        cmocka_unit_test(test_norm_fast_equals_utf8proc),
        cmocka_unit_test(test_norm_ascii_blocks),
        cmocka_unit_test(test_norm_unicode),
        cmocka_unit_test(test_norm_typography),
        cmocka_unit_test(test_norm_long_mixed),
        cmocka_unit_test(test_text_hash),
        cmocka_unit_test(test_tokenize_basic),
        cmocka_unit_test(test_tokenize_spans),
        cmocka_unit_test(test_tokenize_scripts),
        cmocka_unit_test(test_tokenize_empty),
        cmocka_unit_test(test_tokenize_windows),
        cmocka_unit_test(test_sent_basic),
        cmocka_unit_test(test_sent_abbrev),
        cmocka_unit_test(test_sent_initials_numbers),
        cmocka_unit_test(test_sent_quotes_brackets),
        cmocka_unit_test(test_sent_newlines),
        cmocka_unit_test(test_sent_scripts),
        cmocka_unit_test(test_sent_spans_nbsp),
        cmocka_unit_test(test_sent_blocks),
        cmocka_unit_test(test_lang_names),
        cmocka_unit_test(test_stem),
        cmocka_unit_test(test_stopwords),
        cmocka_unit_test(test_signature_modes),
        cmocka_unit_test(test_shingle_definition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
