/*
 * internal.h - declarations shared between the library's modules; not part
 * of the public API.  Internal functions with external linkage carry the
 * prefix sl__ and are hidden from the shared library (see Makefile).
 *
 * Error contract for sl__ functions: same as the public API (0 or SL_E*),
 * and a function that returns an error has already set the thread's message
 * through sl__fail(), so callers just propagate the code.
 */
#ifndef SL_INTERNAL_H
#define SL_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "storyline.h"

#if defined(__GNUC__)
#define SL__PRINTF(f, a) __attribute__((format(printf, f, a)))
#define SL__UNUSED __attribute__((unused))
#else
#define SL__PRINTF(f, a)
#define SL__UNUSED
#endif

/* ---- errors (src/core/error.c) */

/* Sets the calling thread's message (printf-style, truncated to 1 KiB) and
 * returns `code`, so `return sl__fail(SL_EINVAL, "bad k %u", k);` reads well. */
int sl__fail(int code, const char *fmt, ...) SL__PRINTF(2, 3);

/* Same with a va_list. */
int sl__vfail(int code, const char *fmt, va_list ap);

/* Sets SL_ENOMEM's message and returns SL_ENOMEM. */
int sl__nomem(void);

/* ---- growable byte buffer (src/core/buf.c) */

typedef struct sl_buf {
    char *p;     /* NUL-terminated when len > 0 or p != NULL */
    size_t len;
    size_t cap;
} sl_buf;

/* Ensures room for `extra` more bytes plus a NUL.  SL_OK or SL_ENOMEM. */
int sl__buf_reserve(sl_buf *b, size_t extra);
int sl__buf_append(sl_buf *b, const void *p, size_t n);
int sl__buf_putc(sl_buf *b, char c);
int sl__buf_printf(sl_buf *b, const char *fmt, ...) SL__PRINTF(2, 3);
void sl__buf_free(sl_buf *b);

/* Growable array helper: ensures *cap >= need for an array of `size`-byte
 * elements at *p (doubling).  SL_OK or SL_ENOMEM (then *p is unchanged). */
int sl__grow(void **p, size_t *cap, size_t need, size_t size);

/* Growable vector of 64-bit keys (pair keys a << 32 | b, sort keys). */
typedef struct sl_u64vec {
    uint64_t *v;
    size_t n, cap;
} sl_u64vec;

/* Appends x.  SL_OK or SL_ENOMEM. */
int sl__u64vec_push(sl_u64vec *v, uint64_t x);

/* The keys of vectors v[0..nv) together, sorted and unique, in a new array
 * *out (caller frees; allocated even when empty) of *nout keys.  SL_OK or
 * SL_ENOMEM. */
int sl__u64vec_merge(uint64_t **out, size_t *nout, const sl_u64vec *v, unsigned nv);

/* strdup that sets the error on failure; NULL in -> NULL out (no error). */
char *sl__strdup(const char *s);

/* ---- parallel for (src/core/parallel.c) */

/* Runs fn(ctx, worker, lo, hi) over [0, n) in chunks of `chunk` indexes on
 * `threads` threads (the caller's thread is worker 0; workers are numbered
 * 0..threads-1, so per-worker state can live in an array).  Stops handing out
 * chunks after the first failure and returns its code; SL_OK otherwise. */
int sl__parallel_for(unsigned threads, size_t n, size_t chunk,
                     int (*fn)(void *ctx, unsigned worker, size_t lo, size_t hi), void *ctx);

/* Seconds on the monotonic clock, for phase timings. */
double sl__now(void);

/* ---- hashing (xxhash, src/core/hash.c) */

uint64_t sl__hash64(const void *p, size_t n, uint64_t seed);
void sl__hash128(uint64_t out[2], const void *p, size_t n, uint64_t seed);

/* FNV-1a, 32 bits: for short keys (words, names) in small tables, where
 * it beats a call into a general hash. */
static inline uint32_t sl__fnv1a(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

/* ---- fixed string sets (src/core/strtab.c) */

/* Exact look-ups in a fixed set of up to 65,534 strings that the code ships
 * (gazetteer names, outlets): open addressing over slots the caller owns
 * (cap of them, a power of two at least twice the rows, zeroed), each slot
 * a row number plus 16 bits of its hash.  The caller keeps the strings:
 * row(i, &len) returns row i's bytes.  Filled once (sl__strtab_put for each
 * row, under pthread_once), then read by any thread. */
typedef struct sl_strtab {
    uint32_t *slot;
    size_t cap;
    const char *(*row)(uint32_t i, size_t *len);
} sl_strtab;

/* Adds row `row` (< 65,535); a string already present keeps its first row.
 * The table must have a free slot. */
void sl__strtab_put(sl_strtab *t, uint32_t row);
/* The row whose string is s[0..n), or UINT32_MAX. */
uint32_t sl__strtab_get(const sl_strtab *t, const char *s, size_t n);

#define SL_MAX_MINHASH_K 1024 /* sl_config_check's bound on minhash_k */

/* 64-bit finaliser (murmur3 fmix64): a bijective mix of x. */
static inline uint64_t sl__mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* Sorts v[0..n) ascending (LSD radix; tmp has room for n).  Stable. */
void sl__sort_u64(uint64_t *v, uint64_t *tmp, size_t n);
void sl__sort_u32(uint32_t *v, uint32_t *tmp, size_t n);
/* Reorders v[0..n) so that its m smallest keys come first (in no
 * particular order); returns min(m, n). */
size_t sl__select_u64(uint64_t *v, size_t n, size_t m);
/* Sorts v[0..n) ascending on up to `threads` threads, using no second
 * array of n (for arrays that are the peak of a run): a few KB per thread
 * plus scratch the size of the largest group of keys sharing their top 16
 * bits.  SL_OK or SL_ENOMEM. */
int sl__sort_u64_inplace(uint64_t *v, size_t n, unsigned threads);

/* ---- UTF-8 and normalisation (src/text/normalize.c) */

/* Checks that s[0..len) is valid UTF-8 (no overlongs, no surrogates, no
 * code points above U+10FFFF; NUL bytes are allowed here).  Returns SL_OK,
 * or SL_EUTF8 and stores the offset of the first bad byte in *bad (may be
 * NULL).  Does NOT set the thread message (callers word it with context). */
int sl__utf8_check(const char *s, size_t len, size_t *bad);

/* An article's string fields, in the order sl__article_pack takes them. */
enum { SL__ID, SL__TEXT, SL__TITLE, SL__SOURCE, SL__URL, SL__LANG, SL__NFIELDS };

/* A new article holding copies of the fields str[f] (len[f] bytes each,
 * not NUL-terminated; NULL: absent) in one allocation with the record
 * itself; text_len = len[SL__TEXT].  Nothing is validated.  The result is
 * an ordinary article: sl_article_set and sl_article_free work on it.
 * Returns SL_OK or SL_ENOMEM (then *out is NULL). */
int sl__article_pack(sl_article **out, const char *const str[SL__NFIELDS],
                     const size_t len[SL__NFIELDS], int64_t published);

/* Appends the normalised form of valid UTF-8 s[0..len) to b: NFKC, case
 * folded, typographic quotes/apostrophes to ' and ", dashes (U+2010..2015,
 * U+2212) to '-', ellipsis to "...", any run of whitespace or control
 * characters to one space, no leading or trailing space; combining marks
 * removed when strip_accents.  Pure ASCII input takes a fast path (only
 * lower-casing and space collapsing).  Returns SL_OK, SL_EUTF8, SL_ENOMEM. */
int sl__normalize_append(sl_buf *b, const char *s, size_t len, int strip_accents);

/* ---- tokenizer (src/text/token.c) */

enum { SL_TOK_WORD = 1, SL_TOK_NUM = 2, SL_TOK_CJK = 3 };

typedef struct sl_token {
    uint32_t off, len; /* byte span in the normalised text */
    uint8_t kind;      /* SL_TOK_* */
} sl_token;

typedef struct sl_tokvec {
    sl_token *v;
    size_t n, cap;
} sl_tokvec;

/* Appends the tokens of normalised text s[0..len) to out (offsets relative to
 * s).  A word is a maximal run of letters, marks and digits, keeping an inner
 * apostrophe between letters ("don't", "o'neill") and inner dots of
 * single-letter abbreviations ("u.s" for "u.s."); a number keeps inner ',' or
 * '.' between digits ("1,000", "3.5"); each Han, Hiragana, Katakana or Hangul
 * character is its own SL_TOK_CJK token.  Punctuation and symbols are not
 * tokens.  Returns SL_OK or SL_ENOMEM. */
int sl__tokenize(sl_tokvec *out, const char *s, size_t len);

/* ---- sentence splitter (src/text/sentence.c) */

typedef struct sl_spanvec {
    sl_span *v;
    size_t n, cap;
} sl_spanvec;

/* Appends the sentence spans of raw (not normalised) UTF-8 text to out.
 * Spans exclude surrounding whitespace and never are empty; every
 * non-whitespace byte of the text is in exactly one span.  Boundaries: after
 * . ! ? (and closing quotes/brackets following them) when followed by space
 * and an upper-case letter, digit, opening quote or non-Latin letter; at
 * every newline that ends a non-empty line (paragraphs and headlines).  Not
 * after abbreviations ("U.S.", "Dec.", "Mr.", "Jr.", "e.g."), initials ("J.
 * R. R. Tolkien"), or numbers ("3.5").  Returns SL_OK or SL_ENOMEM. */
int sl__sentences(sl_spanvec *out, const char *text, size_t len);

/* ---- languages, stemming, stopwords (src/text/stem.c) */

/* Snowball algorithm name for an ISO 639-1/639-3 code or a Snowball name
 * ("en", "eng", "english" -> "english"), case-insensitive.  NULL when
 * libstemmer has no such language. */
const char *sl__lang_snowball(const char *lang);

typedef struct sl_stemmer sl_stemmer;

/* One stemmer per thread (libstemmer objects are not thread-safe), with the
 * stopword list of the language.  Returns SL_OK, SL_EFORMAT (unknown
 * language) or SL_ENOMEM. */
int sl__stemmer_new(sl_stemmer **out, const char *snowball_name);
void sl__stemmer_free(sl_stemmer *s);

/* 1 when the normalised word w[0..n) is a stopword of the language. */
int sl__stopword(const sl_stemmer *s, const char *w, size_t n);

/* Stem of normalised word w[0..n).  Returns a pointer valid until the next
 * call on s and its length in *outlen; on allocation failure returns w
 * itself unchanged (stemming is best-effort). */
const char *sl__stem(sl_stemmer *s, const char *w, size_t n, size_t *outlen);

#endif /* SL_INTERNAL_H */
