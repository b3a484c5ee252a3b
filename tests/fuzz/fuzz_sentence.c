/*
 * fuzz_sentence.c - the sentence splitter (sl__sentences), on the raw
 * input (any bytes) and on its valid UTF-8 copy (bad bytes and NULs
 * replaced).  Checks the documented contract: spans are non-empty, in
 * order, do not overlap, stay inside the text, start and end on a
 * non-space character, and every byte outside the spans is whitespace or
 * a line break (checked code point by code point on valid UTF-8).
 */
#include "fuzz.h"
#include "internal.h"

/* Code point at s[i] of valid UTF-8, length in *n. */
static int32_t decode(const unsigned char *s, size_t i, size_t *n)
{
    unsigned c = s[i];
    if (c < 0x80) {
        *n = 1;
        return (int32_t)c;
    }
    size_t k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    int32_t cp = (int32_t)(c & (0x3F >> k));
    for (size_t j = 1; j <= k; j++)
        cp = cp << 6 | (s[i + j] & 0x3F);
    *n = k + 1;
    return cp;
}

/* What the splitter keeps out of spans: whitespace, line breaks, NUL,
 * zero-width space and BOM. */
static int is_gap(int32_t c)
{
    if (c < 0x80)
        return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == 0 || c == '\n' ||
               c == '\r';
    return c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 ||
           c == 0xFEFF;
}

static void check(const char *text, size_t len, int utf8)
{
    const unsigned char *s = (const unsigned char *)text;
    sl_spanvec sv = {0};
    FZ_CHECK(sl__sentences(&sv, text, len) == SL_OK);
    size_t pos = 0;
    for (size_t i = 0; i <= sv.n; i++) {
        size_t off = i < sv.n ? sv.v[i].off : len;
        FZ_CHECK(off >= pos && off <= len);
        /* the gap [pos, off) */
        for (size_t k = pos; k < off;) {
            if (utf8) {
                size_t n;
                FZ_CHECK(is_gap(decode(s, k, &n)));
                k += n;
            } else {
                /* ASCII bytes in a gap are whitespace; others may be
                 * the bytes of a space character or invalid ones */
                FZ_CHECK(s[k] >= 0x80 || is_gap(s[k]));
                k++;
            }
        }
        if (i == sv.n)
            break;
        size_t n, e = off + sv.v[i].len;
        FZ_CHECK(sv.v[i].len > 0 && e <= len);
        if (utf8) {
            FZ_CHECK(!is_gap(decode(s, off, &n)));
            size_t k = e - 1;
            while (k > off && (s[k] & 0xC0) == 0x80)
                k--;
            FZ_CHECK(!is_gap(decode(s, k, &n)) && k + n == e);
        } else {
            FZ_CHECK(s[off] >= 0x80 || !is_gap(s[off]));
            FZ_CHECK(s[e - 1] >= 0x80 || !is_gap(s[e - 1]));
        }
        pos = e;
    }
    free(sv.v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check((const char *)data, size, 0);
    char *u = fz_utf8_copy(data, size, '?');
    FZ_CHECK(sl__utf8_check(u, size, NULL) == SL_OK);
    check(u, size, 1);
    free(u);
    return 0;
}
