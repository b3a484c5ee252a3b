/*
 * token.c - word tokenizer over normalised text.
 *
 * A word is a maximal run of letters, marks and digits (any script), with
 *   - an apostrophe kept when it sits between two letters ("don't",
 *     "o'neill"; "officials'" gives "officials", "1990's" gives "1990", "s");
 *   - a '.' or ',' kept between digits while the token is all digits so far
 *     ("1,000", "3.5"; "v1.2" gives "v1", "2");
 *   - dots kept inside single-letter abbreviations: "u.s." gives "u.s",
 *     "e.g." gives "e.g"; a dot is only taken when the token so far is
 *     single letters joined by dots and the next part is one letter too
 *     ("u.s.army" gives "u.s", "army").
 * Hyphens, slashes and all other punctuation or symbols split words.  Each
 * Han, Hiragana, Katakana or Hangul letter is a token of its own (a
 * combining mark right after it is included in its span).  Scripts written
 * without spaces that are not CJK (Thai, Lao, Khmer, Myanmar) come out as one
 * word per space-delimited run.
 *
 * Input is expected to be valid UTF-8 (normalised text); an invalid byte is
 * treated as a one-byte non-word character.
 */
#include <stdlib.h>

#include <utf8proc.h>
#if defined(__SSE2__) && !defined(SL_NO_SIMD)
#include <emmintrin.h>
#endif

#include "internal.h"

enum { C_NONE = 0, C_LETTER = 1, C_DIGIT = 2, C_MARK = 3, C_CJK = 4 };

/* Byte classes: ASCII letters and digits; C_HIGH for any non-ASCII byte
 * (decoded and classified with utf8proc). */
enum { C_HIGH = 8 };
#define L C_LETTER
#define D C_DIGIT
#define H C_HIGH
#define H16 H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H
static const unsigned char atab[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    D, D, D, D, D, D, D, D, D, D, 0, 0, 0, 0, 0, 0,
    0, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, 0, 0, 0, 0, 0,
    0, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, 0, 0, 0, 0, 0,
    H16, H16, H16, H16, H16, H16, H16, H16,
};
#undef L
#undef D
#undef H
#undef H16

/* Decodes the code point at s[i] (i < len); stores its byte length in *n.
 * Invalid sequences give -1 with *n = 1. */
static inline int32_t decode(const unsigned char *s, size_t len, size_t i, size_t *n)
{
    unsigned c = s[i];
    if (c < 0x80) {
        *n = 1;
        return (int32_t)c;
    }
    size_t need;
    int32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = (int32_t)(c & 0x1F);
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = (int32_t)(c & 0x0F);
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = (int32_t)(c & 0x07);
    } else {
        *n = 1;
        return -1;
    }
    if (len - i <= need) {
        *n = 1;
        return -1;
    }
    for (size_t k = 1; k <= need; k++) {
        unsigned d = s[i + k];
        if ((d & 0xC0) != 0x80) {
            *n = 1;
            return -1;
        }
        cp = (cp << 6) | (int32_t)(d & 0x3F);
    }
    *n = need + 1;
    return cp;
}

static inline int is_cjk(int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF)      /* CJK unified ideographs */
        || (c >= 0x3400 && c <= 0x4DBF)      /* extension A */
        || (c >= 0x3040 && c <= 0x30FF)      /* Hiragana, Katakana */
        || (c >= 0xAC00 && c <= 0xD7AF)      /* Hangul syllables */
        || (c >= 0x1100 && c <= 0x11FF)      /* Hangul Jamo */
        || (c >= 0x3130 && c <= 0x318F)      /* Hangul compatibility Jamo */
        || (c >= 0xA960 && c <= 0xA97F)      /* Hangul Jamo extended-A */
        || (c >= 0xD7B0 && c <= 0xD7FF)      /* Hangul Jamo extended-B */
        || (c >= 0x31F0 && c <= 0x31FF)      /* Katakana phonetic ext. */
        || (c >= 0x3005 && c <= 0x3007)      /* 々 〆 〇 */
        || (c >= 0xF900 && c <= 0xFAFF)      /* compatibility ideographs */
        || (c >= 0xFF66 && c <= 0xFFDC)      /* half-width kana, Hangul */
        || (c >= 0x1B000 && c <= 0x1B16F)    /* kana supplement/ext. */
        || (c >= 0x20000 && c <= 0x323AF);   /* extensions B..H, compat. */
}

/* Class of a non-ASCII code point. */
static int uclass(int32_t c)
{
    if (c < 0)
        return C_NONE;
    utf8proc_category_t cat = utf8proc_category(c);
    switch (cat) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return is_cjk(c) ? C_CJK : C_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    default:
        return C_NONE;
    }
}

/* Class of the character at s[i]; its byte length in *n. */
static inline int class_at(const unsigned char *s, size_t len, size_t i, size_t *n)
{
    unsigned c = s[i];
    if (c < 0x80) {
        *n = 1;
        return atab[c];
    }
    return uclass(decode(s, len, i, n));
}

static int grow(sl_tokvec *out)
{
    void *p = out->v;
    if (sl__grow(&p, &out->cap, out->n + 1, sizeof *out->v))
        return SL_ENOMEM;
    out->v = p;
    return SL_OK;
}

static inline int push(sl_tokvec *out, size_t off, size_t len, int kind)
{
    if (out->n == out->cap && grow(out))
        return SL_ENOMEM;
    sl_token *t = &out->v[out->n++];
    t->off = (uint32_t)off;
    t->len = (uint32_t)len;
    t->kind = (uint8_t)kind;
    return SL_OK;
}

/* One token (or one skipped non-word character) at s[i], where atab[s[i]]
 * != 0: every rule of the header comment.  Returns the index after it, or
 * 0 when out of memory (a token always advances i past 0). */
static size_t one_token(sl_tokvec *out, const unsigned char *s, size_t len, size_t i)
{
    size_t n = 1;
    int cls = atab[s[i]];
    if (cls == C_HIGH) {
        cls = uclass(decode(s, len, i, &n));
        if (cls == C_CJK) {
            size_t st = i;
            i += n;
            size_t m;
            while (i < len && s[i] >= 0x80 && class_at(s, len, i, &m) == C_MARK)
                i += m;
            return push(out, st, i - st, SL_TOK_CJK) ? 0 : i;
        }
        if (cls == C_NONE || cls == C_MARK)
            return i + n;
    }
    /* a word or number starts at i */
    size_t st = i;
    int alldigit = cls == C_DIGIT;
    int abbr = cls == C_LETTER; /* single letters joined by dots so far */
    int last = cls;             /* class of the last letter/digit */
    i += n;
    for (;;) {
        /* ASCII letters and digits in a tight loop */
        size_t j = i;
        unsigned seen = 0, k = 0;
        while (j < len && (k = atab[s[j]]) != 0 && k <= C_DIGIT) {
            seen |= k;
            j++;
        }
        if (j > i) {
            abbr = 0;
            if (seen & C_LETTER)
                alldigit = 0;
            last = (int)atab[s[j - 1]];
            i = j;
        }
        if (i >= len)
            break;
        unsigned c = s[i];
        if (k == C_HIGH) {
            cls = class_at(s, len, i, &n);
            if (cls == C_LETTER || cls == C_DIGIT || cls == C_MARK) {
                i += n;
                abbr = 0;
                if (cls != C_DIGIT)
                    alldigit = 0;
                if (cls != C_MARK)
                    last = cls;
                continue;
            }
            break;
        }
        /* ASCII punctuation: joins only in the cases below */
        if (i + 1 >= len)
            break;
        size_t n2, n3;
        if (c == '\'') {
            if (last == C_LETTER && class_at(s, len, i + 1, &n2) == C_LETTER) {
                i += 1;
                abbr = 0;
                continue;
            }
            break;
        }
        if ((c == '.' || c == ',') && alldigit) {
            if (atab[s[i + 1]] == C_DIGIT ||
                (s[i + 1] >= 0x80 && class_at(s, len, i + 1, &n2) == C_DIGIT)) {
                i += 1;
                continue;
            }
            break;
        }
        if (c == '.' && abbr && class_at(s, len, i + 1, &n2) == C_LETTER) {
            /* the next part must be a single letter too */
            size_t j2 = i + 1 + n2;
            if (j2 < len) {
                int c3 = class_at(s, len, j2, &n3);
                if (c3 == C_LETTER || c3 == C_DIGIT || c3 == C_MARK)
                    break;
            }
            i = j2;
            continue;
        }
        break;
    }
    return push(out, st, i - st, alldigit ? SL_TOK_NUM : SL_TOK_WORD) ? 0 : i;
}

#if defined(__SSE2__) && !defined(SL_NO_SIMD)
/* Bit k of *alnum set when s[k] is an ASCII letter or digit, of *alpha when
 * a letter, of the result when s[k] is not ASCII; 64 bytes. */
static inline uint64_t classify64(const unsigned char *s, uint64_t *alnum, uint64_t *alpha)
{
    const __m128i low = _mm_set1_epi8(0x20), a0 = _mm_set1_epi8('a' - 1),
                  z1 = _mm_set1_epi8('z' + 1), d0 = _mm_set1_epi8('0' - 1),
                  d9 = _mm_set1_epi8('9' + 1);
    uint64_t an = 0, al = 0, hi = 0;
    for (unsigned q = 0; q < 4; q++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * q));
        __m128i lo = _mm_or_si128(x, low); /* ASCII lower case */
        __m128i a = _mm_and_si128(_mm_cmpgt_epi8(lo, a0), _mm_cmplt_epi8(lo, z1));
        __m128i d = _mm_and_si128(_mm_cmpgt_epi8(x, d0), _mm_cmplt_epi8(x, d9));
        al |= (uint64_t)(unsigned)_mm_movemask_epi8(a) << (16 * q);
        an |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(a, d)) << (16 * q);
        hi |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << (16 * q);
    }
    *alnum = an;
    *alpha = al;
    return hi;
}
#endif

int sl__tokenize(sl_tokvec *out, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len > UINT32_MAX)
        return sl__fail(SL_EINVAL, "text too long to tokenize (%zu bytes)", len);
    /* one token per ~6 bytes is typical; grow once up front */
    if (len / 6 > out->cap - out->n) {
        void *p = out->v;
        if (sl__grow(&p, &out->cap, out->n + len / 6 + 8, sizeof *out->v))
            return SL_ENOMEM;
        out->v = p;
    }
    size_t i = 0;
#if defined(__SSE2__) && !defined(SL_NO_SIMD)
    /* A 64-byte window at a time, classified into bit masks once: a run of
     * ASCII letters and digits ending before a byte that cannot extend it
     * (not non-ASCII or an apostrophe; not ',' or '.' after digits; not
     * '.' after a single letter) is a token as it stands, found with a
     * count of trailing zeros instead of a branch per byte.  Anything else goes
     * to one_token(), and the next window starts after it. */
    while (i + 64 <= len) {
        uint64_t an, al, hi = classify64(s + i, &an, &al);
        uint64_t word = an | hi; /* atab != 0 */
        size_t base = i, next = base + 64;
        while (word) {
            unsigned st = (unsigned)__builtin_ctzll(word);
            uint64_t after = ~an >> st; /* not alnum, from st on */
            if (!((hi >> st) & 1) && after) {
                unsigned e = st + (unsigned)__builtin_ctzll(after); /* < 64 */
                unsigned c = s[base + e];
                uint64_t span = (((uint64_t)1 << (e - st)) - 1) << st;
                int letter = (al & span) != 0;
                /* ',' joins only digits, '.' digits or single letters */
                if ((c < 0x80 && c != '\'' && c != '.' && c != ',') ||
                    (letter && (c == ',' || (c == '.' && e - st > 1)))) {
                    if (push(out, base + st, e - st, letter ? SL_TOK_WORD : SL_TOK_NUM))
                        return SL_ENOMEM;
                    word &= ~(uint64_t)0 << e;
                    continue;
                }
            }
            if (!after && st > 0) { /* runs past the window: a new one from st */
                next = base + st;
                break;
            }
            if (!(next = one_token(out, s, len, base + st)))
                return SL_ENOMEM;
            break;
        }
        i = next;
    }
#endif
    while (i < len) {
        while (i < len && atab[s[i]] == 0)
            i++;
        if (i >= len)
            break;
        if (!(i = one_token(out, s, len, i)))
            return SL_ENOMEM;
    }
    return SL_OK;
}
