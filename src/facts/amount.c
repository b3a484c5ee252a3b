/*
 * amount.c - the sum of money a report's lead is about: "stole 85 million
 * euros ($108 million)", "a $2.6 million heist", "€2m", "USD 5 billion".
 *
 * The first amount of at least MIN_AMOUNT in the first three sentences: a
 * number with a currency before it (a symbol: "$", "US$", "€", "£", "¥";
 * or an ISO code: "USD 5 billion") or after it ("85 million euros", "2 mn
 * euro", "5 million USD"), scaled by a word after the number ("million",
 * "mn", "bn", "m" and "bn" written on to the number: "€2m").  Two reports
 * of one robbery or one takeover give the same sum, give or take a
 * currency conversion or an estimate; an order of magnitude apart they
 * tell of two (see events.c).
 */
#include <string.h>

#include "facts/facts.h"

#define MIN_AMOUNT 1000.0 /* prices of a few dollars are not what a report is about */
#define MAX_AMOUNT 1e15   /* past a quadrillion a number is no sum (nor finite, at worst) */

static int digit(unsigned char c) { return (unsigned)c - 48u < 10u; }
static int alpha(unsigned char c) { return (c | 32u) - 97u < 26u; }
static int lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* 1 when s[0..n) starts with the word w (ASCII case ignored) and no letter
 * follows it in s. */
static int word_at(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    if (k > n)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (lower((unsigned char)s[i]) != w[i])
            return 0;
    return k == n || !alpha((unsigned char)s[k]);
}

static const struct {
    const char *word, *code;
} curword[] = {
    {"dollars", "USD"}, {"dollar", "USD"}, {"euros", "EUR"},   {"euro", "EUR"},
    {"pounds", "GBP"},  {"pound", "GBP"},  {"sterling", "GBP"}, {"yen", "JPY"},
    {"yuan", "CNY"},    {"renminbi", "CNY"}, {"rupees", "INR"}, {"rupee", "INR"},
    {"francs", "CHF"},  {"roubles", "RUB"}, {"rubles", "RUB"},  {"won", "KRW"},
};

/* The ISO codes read; the first NCONVERT are the currencies a report
 * converts a sum between (within a factor of two of each other). */
static const char *const codes[] = {"USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD",
                                    "JPY", "CNY", "INR", "RUB", "KRW", "HKD"};
#define NCONVERT 7

uint8_t sl__currency_class(const char *code)
{
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (strcmp(code, codes[i]) == 0)
            return (uint8_t)(i < NCONVERT ? 1 : 2 + i - NCONVERT);
    return 0;
}

/* An ISO code at s[0..n) (upper case, not inside a word), else NULL. */
static const char *code_at(const char *s, size_t n)
{
    if (n < 3 || (n > 3 && alpha((unsigned char)s[3])))
        return NULL;
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (memcmp(s, codes[i], 3) == 0)
            return codes[i];
    return NULL;
}

/* The currency written just before position i (a symbol, "US$", or a code
 * and a space), else NULL; *start gets where it begins. */
static const char *currency_before(const char *t, size_t i, size_t *start)
{
    size_t j = i;
    if (j && t[j - 1] == ' ')
        j--;
    const unsigned char *u = (const unsigned char *)t;
    if (j >= 3 && u[j - 3] == 0xe2 && u[j - 2] == 0x82 && u[j - 1] == 0xac) {
        *start = j - 3;
        return "EUR"; /* € */
    }
    if (j >= 2 && u[j - 2] == 0xc2 && (u[j - 1] == 0xa3 || u[j - 1] == 0xa5)) {
        *start = j - 2;
        return u[j - 1] == 0xa3 ? "GBP" : "JPY"; /* £, ¥ */
    }
    if (j && t[j - 1] == '$') {
        /* "US$", "C$", "A$", "HK$", "NZ$": up to two capitals right before */
        size_t k = j - 1;
        while (k && t[k - 1] >= 'A' && t[k - 1] <= 'Z' && j - 1 - k < 2)
            k--;
        if (k && alpha(u[k - 1]))
            k = j - 1; /* part of a longer word: plain "$" */
        *start = k;
        const char *pre = t + k;
        size_t m = j - 1 - k;
        if (m == 1 && *pre == 'C')
            return "CAD";
        if (m == 1 && *pre == 'A')
            return "AUD";
        if (m == 2 && memcmp(pre, "HK", 2) == 0)
            return "HKD";
        if (m == 2 && memcmp(pre, "NZ", 2) == 0)
            return "NZD";
        return "USD";
    }
    if (j < i && j >= 3 && (j == 3 || !alpha(u[j - 4]))) {
        *start = j - 3;
        return code_at(t + j - 3, 3);
    }
    return NULL;
}

/* Scale word at t[i..n) ("million", "bn", and when written on to the
 * number, "m" and "b"): its factor, *end past it; 0 when none. */
static double scale_at(const char *t, size_t n, size_t i, int attached, size_t *end)
{
    static const struct {
        const char *w;
        double f;
        int attached_only;
    } sc[] = {{"million", 1e6, 0}, {"millions", 1e6, 0}, {"mln", 1e6, 0},  {"mn", 1e6, 0},
              {"billion", 1e9, 0}, {"billions", 1e9, 0}, {"bln", 1e9, 0},  {"bn", 1e9, 0},
              {"trillion", 1e12, 0}, {"tn", 1e12, 0},    {"thousand", 1e3, 0}, {"m", 1e6, 1},
              {"b", 1e9, 1},       {"k", 1e3, 1}};
    for (size_t k = 0; k < sizeof sc / sizeof *sc; k++)
        if ((!sc[k].attached_only || attached) && word_at(t + i, n - i, sc[k].w)) {
            *end = i + strlen(sc[k].w);
            return sc[k].f;
        }
    return 0;
}

/* A number at t[i..n) ("85", "1,500,000", "2.6", "2. 6" as tokenised
 * text writes it): its value, *end past it; -1 when none. */
static double number_at(const char *t, size_t n, size_t i, size_t *end)
{
    const unsigned char *u = (const unsigned char *)t;
    double v = 0;
    size_t j = i;
    *end = i;
    if (j >= n || !digit(u[j]))
        return -1;
    while (j < n) {
        if (digit(u[j])) {
            v = v * 10 + (u[j++] - '0');
        } else if (u[j] == ',' && j + 3 < n && digit(u[j + 1]) && digit(u[j + 2]) &&
                   digit(u[j + 3]) && (j + 4 >= n || !digit(u[j + 4]))) {
            j++; /* a thousands separator */
        } else {
            break;
        }
    }
    size_t d = j + 1 + (j + 1 < n && t[j + 1] == ' ');
    if (j < n && t[j] == '.' && d < n && digit((unsigned char)t[d])) {
        double f = 0.1;
        for (j = d; j < n && digit((unsigned char)t[j]); j++, f /= 10)
            v += f * (t[j] - '0');
    }
    *end = j;
    return v;
}

int sl__extract_amount(sl_facts *f, const char *text, size_t len, const sl_span *sent,
                       size_t nsent)
{
    /* an amount starts in the lead; its words may run past it ("$2. 6
     * million", split as a sentence by tokenised text) */
    size_t n = sl__lead_end(sent, nsent, len);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *u = (const unsigned char *)text;
        if (!digit(u[i]) || (i && (digit(u[i - 1]) || alpha(u[i - 1]) || u[i - 1] == '.' ||
                                   u[i - 1] == ',')))
            continue;
        size_t e = i, start = i;
        double v = number_at(text, len, i, &e);
        const char *cur = currency_before(text, i, &start);
        size_t end = e, s_end = e; /* set by scale_at when it finds a scale */
        double scale = scale_at(text, len, e, 1, &s_end);
        if (!scale && e < len && (text[e] == ' ' || text[e] == '-'))
            scale = scale_at(text, len, e + 1, 0, &s_end);
        if (scale)
            end = s_end;
        else
            scale = 1;
        if (!cur) {
            /* a currency after: "85 million euros", "2 mn - euro", "5m USD" */
            size_t k = end;
            while (k < len && (text[k] == ' ' || text[k] == '-') && k - end < 3)
                k++;
            if (k > end && k < len) {
                if ((cur = code_at(text + k, len - k)))
                    end = k + 3;
                for (size_t w = 0; !cur && w < sizeof curword / sizeof *curword; w++)
                    if (word_at(text + k, len - k, curword[w].word)) {
                        cur = curword[w].code;
                        end = k + strlen(curword[w].word);
                    }
            }
        }
        if (!cur || !(v * scale >= MIN_AMOUNT && v * scale <= MAX_AMOUNT)) {
            i = e;
            continue;
        }
        f->amount = v * scale;
        memcpy(f->amount_currency, cur, 4);
        f->amount_off = (uint32_t)start;
        f->amount_len = (uint32_t)(end - start);
        return SL_OK;
    }
    return SL_OK;
}
