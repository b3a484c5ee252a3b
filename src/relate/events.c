/*
 * events.c - same-event clustering and storylines.
 *
 * Each article becomes three sparse vectors and a time window:
 *  - terms: its 40 strongest content words by tf x idf, L2-normalised;
 *  - entities: its named entities (a person also under its surname, so
 *    that "Lavrov" meets "Sergei Lavrov"), weighted by kind, mentions and
 *    idf over the corpus, L2-normalised;
 *  - quotes: keys of its quotations (normalised words);
 *  - the event-time window from the extracted dates;
 *  - its most mentioned persons, by surname (the first is its lead).
 * Two articles score   W_TOPIC * cos(terms) + W_ENT * cos(entities)
 * (+ QUOTE_BONUS when they share a quote, + TIME_BONUS when both state
 * their event time and the two agree), and the score is cut to a
 * quarter when their event times are confidently apart (and neither names
 * a date in the other's window) or each is about a different person: word
 * overlap says "same kind of story", names and dates say "same happening".
 *
 * Clustering is a single pass in time order over an inverted index
 * (article keys -> events), then a batch pass: average-link merges of
 * events the single pass split, best first, among index neighbours, and
 * moves of articles to the event they fit best, in turn.  Storylines link
 * events whose entity profiles agree, across any time gap.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "facts/facts.h"

#define TOP_TERMS 40
#define TOP_ENTS 24
#define MAX_QUOTES 16
#define INDEX_TERMS 6    /* strongest terms of an article put in the index */
#define INDEX_ENTS 6     /* strongest entities */
#define POSTING_SCAN 32  /* most recent events looked at per key */
#define SAMPLE 12        /* members an article is compared with per event */
#define RESCORE 3        /* candidate events re-scored member by member */
#define W_TOPIC 0.5
#define W_ENT 0.5
#define QUOTE_BONUS 0.15
#define TIME_BONUS 0.04 /* both windows confident and agreeing: a quarter of
                           a shared quote's weight */
#define AGREE_DAYS 7    /* windows this close agree (time_agree) */
#define CONFLICT_FACTOR 0.25
#define MOVE_MARGIN 0.05
#define SPLIT_FACTOR 0.8 /* an event splits where two groups of it link under
                            this fraction of the threshold (split_pass): under
                            it, so that the next merge pass does not undo it */
#define SPLIT_CAP 48   /* larger events are not split */
#define PROBES 4       /* members whose nearest events a merge looks at */
#define REFINE_ROUNDS 2 /* move passes, each between two merge passes */
#define ORPHAN_FACTOR 0.5 /* an article alone may join an event at half the threshold */
#define COHESION 0.6 /* ... and an event of several, when it links to the other at
                        least this fraction of its own average link (merge_pass) */
#define LEAD_MIN 2        /* mentions that make a person what an article is about */
#define LEAD_RATIO 2      /* ... when the other article names them under half as often */
#define GUESS_CONF 0.3f  /* event windows below: a year guessed from an undated text */
#define REF_SPAN 31       /* days: a named month or day may recall a day's event */
#define NREF 8           /* dates kept per article that may name another's time */
#define NLEAD 4           /* persons kept per article, most mentioned first */
#define AMOUNT_RATIO 10.0f /* lead sums of money this far apart: two happenings */

typedef struct kw {
    uint32_t key;
    float w;
} kw;

typedef struct art {
    kw *terms, *ents;
    uint16_t nterms, nents;
    uint64_t *quotes;
    uint16_t nquotes;
    int64_t start, end; /* event window, SL_TIME_UNKNOWN */
    float conf;
    uint8_t pmon, pday; /* no window: the month and day (0: the month)
                           the text names without a year, else 0 */
    int32_t ref[2 * NREF]; /* days [start, end) of dates it names */
    uint8_t nref;
    int64_t when;       /* ordering time */
    float amount;       /* the sum of money its lead is about, 0: none */
    uint8_t cur;        /* and its currency's class (sl__currency_class) */
    uint32_t pk[NLEAD]; /* its most mentioned persons' keys (0: none) */
    uint16_t pm[NLEAD]; /* and their mentions, descending */
    uint64_t *keys;     /* index keys (article_keys), computed once */
    uint16_t nkeys;
} art;

static size_t make_keys(uint64_t *out, const art *a);

typedef struct ctx {
    sl_corpus *c;
    art *a;
    sl_facts **facts;
    uint32_t *copy_of; /* the first earlier article of the same normalised
                          text and language, or itself: a copy shares its original's
                          facts (facts[i] is borrowed: all the clustering
                          reads of them is the entities and quotes, which
                          depend on the text alone) and its features are
                          cloned; only its times are its own */
    sl_countmap edf; /* entity document frequencies */
    int keys_only;   /* sl__events_keys: every entity counts (no df >= 2) */
    const int64_t *seed; /* sl__events_run_seeded: article i's fixed event
                            (0: none), or NULL */
} ctx;

/* ------------------------------------------------------------ vectors */

static int kw_key_cmp(const void *x, const void *y)
{
    const kw *p = x, *q = y;
    return p->key < q->key ? -1 : p->key > q->key;
}

static int kw_weight_cmp(const void *x, const void *y)
{
    const kw *p = x, *q = y;
    if (p->w != q->w)
        return p->w > q->w ? -1 : 1;
    return p->key < q->key ? -1 : p->key > q->key;
}

/* 1 when p comes before q in kw_weight_cmp's order (heavier, then the
 * lower key): a total order, so the set kept below never depends on how
 * it is found. */
static inline int kw_before(const kw *p, const kw *q)
{
    return p->w != q->w ? p->w > q->w : p->key < q->key;
}

static inline void kw_swap(kw *v, size_t i, size_t j)
{
    kw t = v[i];
    v[i] = v[j];
    v[j] = t;
}

/* Sorts v[0..n) by key, stably (equal keys keep their order, so sums over
 * them come out the same everywhere): insertion sort for the short vectors
 * of one article (up to 40 terms), which is what most calls sort; qsort,
 * a merge sort in glibc, above that. */
static void kw_sort_key(kw *v, size_t n)
{
    if (n > 64) {
        qsort(v, n, sizeof *v, kw_key_cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        kw t = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1].key > t.key; j--)
            v[j] = v[j - 1];
        v[j] = t;
    }
}

/* Rearranges v[0..n) (distinct keys) so that its `top` first elements are
 * the first `top` in kw_before order: quickselect with median-of-three
 * pivots, linear on average where sorting all of v was most of what an
 * article's features cost; after 64 rounds (an unlucky input) it sorts
 * what is left. */
static void select_top(kw *v, size_t n, size_t top)
{
    size_t lo = 0, hi = n; /* the boundary `top` lies in [lo, hi] */
    for (int round = 0; hi - lo > 1 && top > lo && top < hi; round++) {
        if (round == 64) {
            qsort(v + lo, hi - lo, sizeof *v, kw_weight_cmp);
            return;
        }
        size_t mid = lo + (hi - lo) / 2, last = hi - 1;
        if (kw_before(&v[mid], &v[lo]))
            kw_swap(v, lo, mid);
        if (kw_before(&v[last], &v[lo]))
            kw_swap(v, lo, last);
        if (kw_before(&v[mid], &v[last]))
            kw_swap(v, mid, last); /* v[last]: the median of the three */
        size_t st = lo;
        for (size_t i = lo; i < last; i++)
            if (kw_before(&v[i], &v[last]))
                kw_swap(v, i, st++);
        kw_swap(v, st, last); /* v[lo..st) before the pivot, v(st..hi) after */
        if (top <= st)
            hi = st;
        else
            lo = st + 1;
    }
}

/* Keeps the `top` heaviest of v[0..n) (merging equal keys first unless
 * `distinct` says they are), L2-normalises them and sorts them by key;
 * returns the new length. */
static size_t keep_top(kw *v, size_t n, size_t top, int distinct)
{
    if (!n)
        return 0;
    size_t m = n;
    if (!distinct) {
        kw_sort_key(v, n);
        m = 0;
        for (size_t i = 0; i < n; i++) {
            if (m && v[m - 1].key == v[i].key)
                v[m - 1].w += v[i].w;
            else
                v[m++] = v[i];
        }
    }
    if (m > top) {
        select_top(v, m, top);
        m = top;
    }
    double norm = 0;
    for (size_t i = 0; i < m; i++)
        norm += (double)v[i].w * v[i].w;
    norm = sqrt(norm);
    for (size_t i = 0; i < m; i++)
        v[i].w = norm > 0 ? (float)(v[i].w / norm) : 0;
    kw_sort_key(v, m);
    return m;
}

/* Sparse dot product of two key-sorted vectors: a merge, or, when one is
 * far longer (an event's sum against an article), a binary search of the
 * short one's keys in it. */
static double dot(const kw *a, size_t na, const kw *b, size_t nb)
{
    double s = 0;
    if (na > nb) {
        const kw *t = a;
        a = b;
        b = t;
        size_t n = na;
        na = nb;
        nb = n;
    }
    if (nb > 16 * na) {
        size_t from = 0;
        for (size_t i = 0; i < na; i++) {
            size_t lo = from, hi = nb;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (b[mid].key < a[i].key)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < nb && b[lo].key == a[i].key)
                s += (double)a[i].w * b[lo].w;
            from = lo;
        }
        return s;
    }
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (a[i].key < b[j].key)
            i++;
        else if (a[i].key > b[j].key)
            j++;
        else
            s += (double)a[i++].w * b[j++].w;
    }
    return s;
}

static int shared_quotes(const art *x, const art *y)
{
    int n = 0;
    for (size_t i = 0; i < x->nquotes; i++)
        for (size_t j = 0; j < y->nquotes; j++)
            n += x->quotes[i] == y->quotes[j];
    return n;
}

/* ------------------------------------------------------------ time */

#define DAY 86400

/* The first date (of any role: background too) article x names in y's
 * event window, no coarser than a month or than the window itself ("next
 * year" does not recall a day in March; "2008" recalls an event year of
 * 2008), as UTC seconds; SL_TIME_UNKNOWN when there is none. */
/* 1 when the named days [rs, re) fall in the days [s, e), no coarser than
 * those or a month (REF_SPAN). */
static int names_in(int64_t rs, int64_t re, int64_t s, int64_t e)
{
    int64_t span = e - s > REF_SPAN ? e - s : REF_SPAN;
    return rs < e && re > s && re - rs <= span;
}

static int64_t recalled(const art *x, const art *y)
{
    for (int r = 0; r < x->nref; r++)
        if (names_in(x->ref[2 * r], x->ref[2 * r + 1], y->start / DAY, y->end / DAY))
            return (int64_t)x->ref[2 * r] * DAY;
    return SL_TIME_UNKNOWN;
}

/* The first day (of any role) that both x and y name, as UTC seconds, or
 * SL_TIME_UNKNOWN: two reports that both recall the day of a shooting, a
 * month and two years after it, tell of one happening. */
static int64_t common_day(const art *x, const art *y)
{
    for (int r = 0; r < x->nref; r++)
        if (x->ref[2 * r + 1] - x->ref[2 * r] == 1)
            for (int q = 0; q < y->nref; q++)
                if (y->ref[2 * q] == x->ref[2 * r] && y->ref[2 * q + 1] == x->ref[2 * r + 1])
                    return (int64_t)x->ref[2 * r] * DAY;
    return SL_TIME_UNKNOWN;
}

/* How far apart, in days, two times of these confidences may be and still
 * be one happening: 60 days for dates stated to the day, 90 for months, 400
 * for a bare year (follow-ups, hearings and repairs come weeks later). */
static int64_t reach_days(float cx, float cy)
{
    float conf = cx < cy ? cx : cy;
    return conf >= 0.5f ? 60 : conf >= 0.35f ? 90 : 400;
}

/* The gap between [s1, e1) and [s2, e2): <= 0 when they overlap. */
static int64_t gap(int64_t s1, int64_t e1, int64_t s2, int64_t e2)
{
    return (s1 > s2 ? s1 : s2) - (e1 < e2 ? e1 : e2);
}

/* 1 when the two event windows are further apart than reach_days. */
static int windows_far(const art *x, const art *y)
{
    if (x->start == SL_TIME_UNKNOWN || y->start == SL_TIME_UNKNOWN)
        return 0;
    return gap(x->start, x->end, y->start, y->end) > reach_days(x->conf, y->conf) * DAY;
}

/* 1 when both event windows are years guessed from undated texts (the
 * year each names most often). */
static int both_guessed(const art *x, const art *y)
{
    return x->conf < GUESS_CONF && y->conf < GUESS_CONF;
}

/* 1 when the windows are far apart and not both guessed: a guess against
 * a guess says more about the guesses than about the happenings (an
 * obituary names the years of a life; ECB+: such pairs conflicted in 73
 * same-event pairs, 40 different-event ones), a guess against a date still
 * stands (40 against 902). */
static int windows_apart(const art *x, const art *y)
{
    return windows_far(x, y) && !both_guessed(x, y);
}

/* Days [*s, *e) of month m of year yr, or of its day d (d > 0). */
static void partial_days(int64_t yr, unsigned m, unsigned d, int64_t *s, int64_t *e)
{
    *s = sl__days_from_civil(yr, m, d ? d : 1);
    *e = d ? *s + 1 : sl__days_from_civil(m == 12 ? yr + 1 : yr, m % 12 + 1, 1);
}

/* 1 when x has no window but names its event's month (and day) without a
 * year, y has a window, and in no year does that month or day come within
 * the windows_apart tolerance of y's window (a day counts as an
 * unanchored day, 60 days; a month as a month, 90): an undated "on
 * December 17" or "in December" is not a report of a happening of
 * September 18, 2013, nor of any other September. */
static int partial_apart(const art *x, const art *y)
{
    if (x->start != SL_TIME_UNKNOWN || !x->pmon || y->start == SL_TIME_UNKNOWN)
        return 0;
    int64_t tol = reach_days(x->pday ? 0.5f : 0.4f, y->conf);
    int64_t ys = y->start / DAY, ye = y->end / DAY; /* windows are whole days */
    if (ye <= ys)
        return 0;
    int64_t y0, y1;
    unsigned m, d;
    sl__civil_from_days(ys, &y0, &m, &d);
    sl__civil_from_days(ye - 1, &y1, &m, &d);
    if (y1 - y0 > 2)
        return 0; /* no window of a happening spans years */
    for (int64_t yr = y0 - 1; yr <= y1 + 1; yr++) {
        int64_t s, e;
        partial_days(yr, x->pmon, x->pday, &s, &e);
        if (gap(s, e, ys, ye) <= tol)
            return 0;
    }
    return 1;
}

/* The first date y names in x's month or day of the year (partial_apart),
 * no coarser than a month or than that part of the year, as UTC seconds;
 * SL_TIME_UNKNOWN when there is none (recalled for a date without year). */
static int64_t recalled_partial(const art *y, const art *x)
{
    for (int r = 0; r < y->nref; r++) {
        int64_t rs = y->ref[2 * r], re = y->ref[2 * r + 1];
        int64_t yr;
        unsigned m, d;
        sl__civil_from_days(rs, &yr, &m, &d);
        int64_t s, e;
        partial_days(yr, x->pmon, x->pday, &s, &e);
        if (names_in(rs, re, s, e))
            return rs * DAY;
    }
    return SL_TIME_UNKNOWN;
}

/* 1 when the two event times are far apart, as the windows
 * (windows_apart) or as a month and day without a year and a window
 * (partial_apart); *x_recalls (*y_recalls) gets the first date x (y) names
 * in the other's window or month (recalled, recalled_partial), else
 * SL_TIME_UNKNOWN.  A follow-up recalls the date of what it follows up (a
 * trial report: "the shooting on September 10, 2010"), and an event year
 * guessed from an undated text is one of the years it names: when the
 * other article names it too, the two are not confidently apart. */
static int times_far(const art *x, const art *y, int64_t *x_recalls, int64_t *y_recalls)
{
    *x_recalls = *y_recalls = SL_TIME_UNKNOWN;
    if (partial_apart(x, y)) {
        *y_recalls = recalled_partial(y, x);
    } else if (partial_apart(y, x)) {
        *x_recalls = recalled_partial(x, y);
    } else if (windows_apart(x, y)) {
        *x_recalls = recalled(x, y);
        *y_recalls = recalled(y, x);
    } else {
        return 0;
    }
    return 1;
}

/* 1 when the two event times are far apart and neither names a date in
 * the other's (times_far): confidently apart. */
static int apart_in_time(const art *x, const art *y)
{
    int64_t xr, yr;
    return times_far(x, y, &xr, &yr) && xr == SL_TIME_UNKNOWN && yr == SL_TIME_UNKNOWN;
}

/* 1 when the two event times are apart (apart_in_time) and the two name
 * no day in common (common_day). */
static int time_conflict(const art *x, const art *y)
{
    return apart_in_time(x, y) && common_day(x, y) == SL_TIME_UNKNOWN;
}

/* 1 when both leads are about a sum of money, in currencies of one class
 * (sl__currency_class; a->cur is 0 when there is no sum),
 * an order of magnitude apart (AMOUNT_RATIO): reports of one robbery give
 * 85 million euros and $108 million, not 2 million euros.  (A conversion
 * or a rough estimate stays well inside the ratio.) */
static int amount_conflict(const art *x, const art *y)
{
    if (!x->cur || x->cur != y->cur)
        return 0;
    return x->amount >= AMOUNT_RATIO * y->amount || y->amount >= AMOUNT_RATIO * x->amount;
}

/* Cosine of two entity vectors, scaled by corroboration: one shared
 * entity is what a storyline shares; the same happening shares at least
 * two (people, places, organisations), so one shared entity counts half. */
static double ent_dot(const kw *a, size_t na, const kw *b, size_t nb)
{
    double s = 0;
    unsigned shared = 0;
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (a[i].key < b[j].key)
            i++;
        else if (a[i].key > b[j].key)
            j++;
        else {
            shared += a[i].w > 0 && b[j].w > 0;
            s += (double)a[i++].w * b[j++].w;
        }
    }
    return shared >= 2 ? s : s / 2;
}

/* Mentions of person `k` in article a, as far as its NLEAD most mentioned
 * persons go (a person below them is a passing mention). */
static unsigned mentions_of(const art *a, uint32_t k)
{
    for (int r = 0; r < NLEAD; r++)
        if (a->pk[r] == k)
            return a->pm[r];
    return 0;
}

/* 1 when article a is about one person: named at least LEAD_MIN times and
 * half again as often as anyone else (two people named about as often,
 * the two ministers of a meeting, are no single protagonist). */
static int has_lead(const art *a)
{
    return a->pm[0] >= LEAD_MIN && 2 * a->pm[0] > 3 * a->pm[1];
}

/* 1 when each article is about a different person, one the other names
 * at most half as often as its own lead ("Jackson arrested" / "Williams
 * arrested, the second Charger this month after Jackson"): two reports of
 * one happening name the same protagonist. */
static int actor_conflict(const art *x, const art *y)
{
    if (!has_lead(x) || !has_lead(y) || x->pk[0] == y->pk[0])
        return 0;
    return LEAD_RATIO * mentions_of(y, x->pk[0]) < y->pm[0] &&
           LEAD_RATIO * mentions_of(x, y->pk[0]) < x->pm[0];
}

/* 1 when x and y conflict in time, in protagonist or in the sum at stake:
 * two happenings, whatever their words share. */
static int in_conflict(const art *x, const art *y)
{
    return time_conflict(x, y) || actor_conflict(x, y) || amount_conflict(x, y);
}

/* 1 when article a's event window is stated to the month or the day, or
 * comes from its publication date (not a year guessed from the text). */
static int confident(const art *a)
{
    return a->start != SL_TIME_UNKNOWN && a->conf >= 0.35f;
}

/* 1 when both event windows are confident (stated to the month or day, or
 * from the publication date) and at most AGREE_DAYS apart: the two reports
 * agree on when it happened.  (Not the reach a conflict allows: two
 * months is no agreement, and in a stream of dated reports nearly every
 * pair is within it.) */
static int time_agree(const art *x, const art *y)
{
    return confident(x) && confident(y) &&
           gap(x->start, x->end, y->start, y->end) <= AGREE_DAYS * DAY;
}

/* Pair score and its parts (each may be NULL): a conflict (in_conflict)
 * cuts the score to CONFLICT_FACTOR. */
static double score(const art *x, const art *y, double *topic, double *ent, int *tconflict,
                    int *aconflict)
{
    double t = dot(x->terms, x->nterms, y->terms, y->nterms);
    double e = ent_dot(x->ents, x->nents, y->ents, y->nents);
    int q = shared_quotes(x, y);
    double s = W_TOPIC * t + W_ENT * e + (q ? QUOTE_BONUS : 0);
    if (time_agree(x, y))
        s += TIME_BONUS;
    if (in_conflict(x, y))
        s *= CONFLICT_FACTOR;
    if (topic)
        *topic = t;
    if (ent)
        *ent = e;
    if (tconflict)
        *tconflict = time_conflict(x, y);
    if (aconflict)
        *aconflict = actor_conflict(x, y);
    return s;
}

/* ------------------------------------------------------------ features */

/* Key of a name: case folded, and a leading "Mt"/"Mt." or "Ft"/"Ft." spelt
 * out ("Mt Cook" and "Mount Cook" are one place). */
static uint32_t name_key(const char *s, size_t n)
{
    static const struct {
        const char *abbr, *full;
        size_t la, lf;
    } lead[] = {{"mt ", "mount ", 3, 6}, {"mt. ", "mount ", 4, 6},
                {"ft ", "fort ", 3, 5}, {"ft. ", "fort ", 4, 5}};
    char buf[256];
    size_t m = 0, i = 0;
    if (n >= 3 && (s[0] == 'M' || s[0] == 'F'))
        for (size_t k = 0; k < sizeof lead / sizeof *lead; k++) {
            size_t la = lead[k].la;
            if (n > la && (s[0] | 32) == lead[k].abbr[0] && (s[1] | 32) == 't' &&
                memcmp(s + 2, lead[k].abbr + 2, la - 2) == 0) {
                m = lead[k].lf;
                memcpy(buf, lead[k].full, m);
                i = la;
                break;
            }
        }
    for (; i < n && m < sizeof buf; i++)
        buf[m++] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    uint32_t k = (uint32_t)(sl__hash64(buf, m, 0x656e74) >> 32);
    return k ? k : 1;
}

static float kind_weight(sl_entity_kind k)
{
    switch (k) {
    case SL_ENT_PERSON: return 1.0f;
    case SL_ENT_ORG: return 0.8f;
    case SL_ENT_PLACE: return 0.6f;
    case SL_ENT_OUTLET: return 0.1f; /* says who reported, not what happened */
    default: return 0.5f;
    }
}

/* Short forms across the corpus: surname -> the full name key that
 * dominates it (at least 2/3 of the full names ending in it), so that
 * "Lavrov" in one article meets "Sergei Lavrov" in another. */
typedef struct surnames {
    sl_countmap total;  /* surname key -> full-name mentions */
    sl_countmap best;   /* surname key -> best full name key */
    sl_countmap bestn;  /* surname key -> its mentions */
    sl_countmap pair;   /* (surname ^ full) -> mentions */
} surnames;

static const char *last_word(const char *name)
{
    const char *sp = strrchr(name, ' ');
    return sp && sp[1] ? sp + 1 : NULL;
}

/* 1 when w[0..n) is a generational suffix: "Jr.", "Sr.", "III"... */
static int is_suffix(const char *w, size_t n)
{
    if (n < 2 || n > 3 || (w[0] != 'J' && w[0] != 'S' && w[0] != 'I'))
        return 0; /* most words, without a look at the list */
    static const char *const suffix[] = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"};
    for (size_t k = 0; k < sizeof suffix / sizeof *suffix; k++)
        if (n == strlen(suffix[k]) && memcmp(w, suffix[k], n) == 0)
            return 1;
    return 0;
}

/* Key of a person's name by its first and last word, middle names and
 * initials and generational suffixes left out: "Regina M. Benjamin" and
 * "Regina Benjamin", "George W. Bush" and "George Bush", "Bettie Mae Page"
 * and "Bettie Page" are one person. */
static uint32_t person_key(const char *name)
{
    const char *first = NULL, *last = NULL;
    size_t nfirst = 0, nlast = 0;
    for (const char *p = name; *p;) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        size_t len = (size_t)(p - w);
        if (!len)
            break;
        int initial = len == 1 || (len == 2 && w[1] == '.');
        if ((first && initial) || is_suffix(w, len))
            continue;
        if (!first) {
            first = w;
            nfirst = len;
        } else {
            last = w;
            nlast = len;
        }
    }
    char buf[256];
    if (!first || nfirst + nlast + 1 > sizeof buf)
        return name_key(name, strlen(name));
    memcpy(buf, first, nfirst);
    size_t n = nfirst;
    if (last) {
        buf[n++] = ' ';
        memcpy(buf + n, last, nlast);
        n += nlast;
    }
    return name_key(buf, n);
}

/* Key of a person's surname, generational suffixes skipped: "W. Mark Felt
 * Sr.", "Mark Felt" and "Felt" are one person to an article's lead.  (Two
 * people of one surname then count as one, which can only hide a
 * conflict, never make one.) */
static uint32_t surname_key(const char *name)
{
    size_t end = strlen(name);
    for (;;) {
        while (end && name[end - 1] == ' ')
            end--;
        size_t b = end;
        while (b && name[b - 1] != ' ')
            b--;
        if (!b || !is_suffix(name + b, end - b)) {
            while (b < end && name[end - 1] == ',')
                end--;
            return name_key(name + b, end - b);
        }
        end = b;
    }
}

static int surnames_add(surnames *sn, const sl_facts *f)
{
    for (size_t e = 0; e < f->nentities; e++) {
        const sl_entity *en = &f->entities[e];
        const char *last = en->kind == SL_ENT_PERSON ? last_word(en->name) : NULL;
        if (!last)
            continue;
        uint32_t sk = surname_key(en->name), fk = person_key(en->name);
        uint32_t pk = (uint32_t)sl__mix64(((uint64_t)sk << 32) | fk) | 1;
        if (sl__count_add(&sn->total, sk, 1) || sl__count_add(&sn->pair, pk, 1))
            return SL_ENOMEM;
        uint32_t np = sl__count_get(&sn->pair, pk), nb = sl__count_get(&sn->bestn, sk);
        uint32_t ob = sl__count_get(&sn->best, sk);
        if (np > nb || (np == nb && fk < ob)) {
            /* the maps only add: move best from ob to fk, bestn from nb to np
             * (unsigned arithmetic wraps to the exact difference) */
            if (ob != fk && sl__count_add(&sn->best, sk, fk - ob))
                return SL_ENOMEM;
            if (np != nb && sl__count_add(&sn->bestn, sk, np - nb))
                return SL_ENOMEM;
        }
    }
    return SL_OK;
}

static void surnames_free(surnames *sn)
{
    sl__count_free(&sn->total);
    sl__count_free(&sn->best);
    sl__count_free(&sn->bestn);
    sl__count_free(&sn->pair);
}

/* 1 when surname key k belongs to one person across the corpus: one full
 * name has at least two thirds of the person mentions with that surname
 * ("Lavrov" is Sergei Lavrov). */
static int dominant_surname(const surnames *sn, uint32_t k)
{
    uint32_t tot = sl__count_get(&sn->total, k), bn = sl__count_get(&sn->bestn, k);
    return tot && 3 * bn >= 2 * tot;
}

/* Key of an entity: one-word names resolve to a dominant full name. */
static uint32_t entity_key(const surnames *sn, const sl_entity *en)
{
    size_t len = strlen(en->name);
    if (en->kind == SL_ENT_PERSON && strchr(en->name, ' '))
        return person_key(en->name);
    uint32_t k = name_key(en->name, len);
    if (sn && !strchr(en->name, ' ') &&
        (en->kind == SL_ENT_PERSON || en->kind == SL_ENT_OTHER) && dominant_surname(sn, k))
        return sl__count_get(&sn->best, k);
    return k;
}

/* 1 when `en` is a one-word name of kind other: what the extractor makes
 * of a surname the article never spells out ("The Saints have placed Bush
 * (knee) on injured reserve"). */
static int bare_name(const sl_entity *en)
{
    return en->kind == SL_ENT_OTHER && !strchr(en->name, ' ');
}

/* 1 when `en` is a bare name (bare_name) that is a surname one person
 * dominates across the corpus (dominant_surname), as entity_key resolves it
 * for the entity vectors. */
static int corpus_surname(const surnames *sn, const sl_entity *en)
{
    return sn && bare_name(en) && dominant_surname(sn, name_key(en->name, strlen(en->name)));
}

/* The NLEAD most mentioned persons of an article (a->pk, a->pm), by
 * surname (surname_key), a surname alone that the corpus knows as one
 * person's (corpus_surname) counting too; sn may be NULL.  (Leaving out the
 * people it quotes, as sources rather than protagonists, was tried:
 * protagonists speak too, and ECB+ pairwise F1 fell from 0.878 to 0.859.)
 * Runs once the corpus's surnames are known (ent_range). */
static int lead_persons(art *a, const sl_facts *fa, const surnames *sn)
{
    memset(a->pk, 0, sizeof a->pk);
    memset(a->pm, 0, sizeof a->pm);
    kw *p = malloc((fa->nentities + 1) * sizeof *p);
    if (!p)
        return sl__nomem();
    size_t n = 0;
    for (size_t e = 0; e < fa->nentities; e++)
        if (fa->entities[e].kind == SL_ENT_PERSON || corpus_surname(sn, &fa->entities[e]))
            p[n++] = (kw){surname_key(fa->entities[e].name), (float)fa->entities[e].mentions};
    kw_sort_key(p, n);
    for (size_t e = 0; e < n;) {
        uint32_t k = p[e].key;
        double tot = 0;
        for (; e < n && p[e].key == k; e++)
            tot += p[e].w;
        uint16_t m = (uint16_t)(tot > 65535 ? 65535 : tot);
        for (int r = 0; r < NLEAD; r++)
            if (m > a->pm[r]) {
                memmove(a->pk + r + 1, a->pk + r, (NLEAD - 1 - (size_t)r) * sizeof *a->pk);
                memmove(a->pm + r + 1, a->pm + r, (NLEAD - 1 - (size_t)r) * sizeof *a->pm);
                a->pk[r] = k;
                a->pm[r] = m;
                break;
            }
    }
    free(p);
    return SL_OK;
}

/* Entity vector of an article (raw weights; idf applied later). */
static int entity_vector(art *a, const sl_facts *fa, const surnames *sn)
{
    a->ents = malloc((fa->nentities + 1) * sizeof *a->ents);
    if (!a->ents)
        return sl__nomem();
    size_t ne = 0;
    for (size_t e = 0; e < fa->nentities; e++) {
        const sl_entity *en = &fa->entities[e];
        float wt = kind_weight(en->kind) *
                   (float)(en->mentions <= 1 ? 1.0 : 1.0 + log(en->mentions));
        a->ents[ne++] = (kw){entity_key(sn, en), wt};
    }
    kw_sort_key(a->ents, ne);
    size_t m = 0;
    for (size_t e = 0; e < ne; e++) {
        if (m && a->ents[m - 1].key == a->ents[e].key)
            a->ents[m - 1].w += a->ents[e].w;
        else
            a->ents[m++] = a->ents[e];
    }
    a->nents = (uint16_t)(m < 65535 ? m : 65535);
    return SL_OK;
}

/* Facts lent by the caller for article i (sl__corpus_lend_facts), or NULL. */
static sl_facts *lent(const sl_corpus *c, size_t i)
{
    return i < c->nlent ? c->lent_facts[i] : NULL;
}

/* The event window and the dates named (a->ref) from the facts' times. */
static void set_times(art *a, const sl_facts *fa)
{
    a->start = fa->event_start;
    a->end = fa->event_end;
    a->conf = fa->event_conf;
    a->pmon = fa->event_month;
    a->pday = fa->event_mday;
    a->nref = 0;
    for (size_t t = 0; t < fa->ntimes && a->nref < NREF; t++) {
        const sl_timex *tx = &fa->times[t];
        if (tx->start == SL_TIME_UNKNOWN)
            continue;
        int32_t s = (int32_t)(tx->start / DAY), e = (int32_t)(tx->end / DAY);
        int r = 0;
        while (r < a->nref && (a->ref[2 * r] != s || a->ref[2 * r + 1] != e))
            r++;
        if (r < a->nref)
            continue; /* named already */
        a->ref[2 * a->nref] = s;
        a->ref[2 * a->nref + 1] = e;
        a->nref++;
    }
}

/* Terms, quotes, times (everything but entities) of article i. */

static int base_features(art *a, sl_facts **fo, sl_corpus *c, sl_analyser *an, uint32_t i)
{
    sl_terms tm;
    int rc = sl__article_terms(&tm, c, an, i);
    if (rc)
        return rc;
    if (lent(c, i))
        *fo = lent(c, i); /* borrowed: neither trimmed nor freed here */
    else if ((rc = sl_extract(fo, c->art[i])))
        return rc;
    const sl_facts *fa = *fo;
    a->terms = malloc((tm.n + 1) * sizeof *a->terms);
    a->quotes = malloc((fa->nquotes + 1) * sizeof *a->quotes);
    if (!a->terms || !a->quotes)
        return sl__nomem();
    for (size_t t = 0; t < tm.n; t++) {
        sl__count_prefetch_ahead(&c->df, tm.term, tm.n, t);
        uint32_t n = sl__terms_tf(&tm, t);
        double ltf = n == 1 ? 1.0 : 1.0 + log(n); /* most words occur once */
        a->terms[t] = (kw){tm.term[t], (float)(ltf * sl__idf(c, tm.term[t]))};
    }
    a->nterms = (uint16_t)keep_top(a->terms, tm.n, TOP_TERMS, 1);
    kw *kept = realloc(a->terms, (a->nterms + 1) * sizeof *kept); /* at most 40 of ~150 */
    if (kept)
        a->terms = kept;
    size_t nq = fa->nquotes < MAX_QUOTES ? fa->nquotes : MAX_QUOTES;
    for (size_t q = 0; q < nq; q++)
        a->quotes[q] = fa->quotes[q].key;
    a->nquotes = (uint16_t)nq;
    a->amount = (float)fa->amount;
    a->cur = fa->amount > 0 ? sl__currency_class(fa->amount_currency) : 0;
    set_times(a, fa);
    /* the stream's order: `published` only.  A URL's date resolves the
     * times (sl_extract), but ordering by it would put the articles with
     * dated URLs before all others (ECB+: F1 0.901 -> 0.896, merges 5.0%
     * -> 6.3%) */
    a->when = c->art[i]->published;
    return SL_OK;
}

/* What the event records need of an article's facts is its entity names
 * and kinds and its quote texts; the rest goes as soon as the features are
 * built (it is most of the facts' memory). */
static void trim_facts(sl_facts *f)
{
    free(f->times);
    f->times = NULL;
    f->ntimes = 0;
    for (size_t q = 0; q < f->nquotes; q++) {
        free(f->quotes[q].speaker);
        free(f->quotes[q].via);
        f->quotes[q].speaker = f->quotes[q].via = NULL;
    }
    for (size_t e = 0; e < f->nentities; e++) {
        free(f->entities[e].role);
        free(f->entities[e].affiliation);
        f->entities[e].role = f->entities[e].affiliation = NULL;
    }
}

static int base_range(void *p, unsigned w, size_t lo, size_t hi)
{
    ctx *x = p;
    for (size_t i = lo; i < hi; i++) {
        if (x->copy_of[i] != i)
            continue; /* clone_range gives it its original's features */
        int rc = base_features(&x->a[i], &x->facts[i], x->c, x->c->an[2 * w], (uint32_t)i);
        if (rc)
            return rc;
        if (!lent(x->c, i))
            trim_facts(x->facts[i]);
    }
    return SL_OK;
}

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* x->copy_of: wire copies and re-posts are common in a feed (the same text
 * from several outlets at several times, often re-typed: other quote
 * marks, spacing or a headline in capitals), and all base_features
 * computes but the times depends on the text and language alone.  A copy
 * is a text whose normalised form (NFKC, case folded, quote marks, dashes
 * and spaces unified: the exact-duplicate hash, 128 bits) and language an
 * earlier one has; it takes that one's facts and features, and its times
 * are read from its own text (clone_range). */
static int find_copies(ctx *x)
{
    const sl_corpus *c = x->c;
    size_t cap = 64;
    while (cap < 2 * c->n)
        cap *= 2;
    uint32_t *slot = malloc(cap * sizeof *slot);
    x->copy_of = malloc((c->n + 1) * sizeof *x->copy_of);
    if (!slot || !x->copy_of) {
        free(slot);
        return sl__nomem();
    }
    memset(slot, 0xff, cap * sizeof *slot);
    for (size_t i = 0; i < c->n; i++) {
        x->copy_of[i] = (uint32_t)i;
        if (lent(c, i))
            continue;
        const sl_article *a = c->art[i];
        size_t h = (size_t)sl__mix64(c->doc[i].exact[0]) & (cap - 1);
        for (; slot[h] != UINT32_MAX; h = (h + 1) & (cap - 1)) {
            uint32_t j = slot[h];
            const sl_article *b = c->art[j];
            if (c->doc[j].exact[0] == c->doc[i].exact[0] &&
                c->doc[j].exact[1] == c->doc[i].exact[1] && same_str(a->lang, b->lang)) {
                x->copy_of[i] = j;
                break;
            }
        }
        if (x->copy_of[i] == i && slot[h] == UINT32_MAX)
            slot[h] = (uint32_t)i;
    }
    free(slot);
    return SL_OK;
}

/* After base_range: each copy gets its original's features (own arrays),
 * borrows its facts, and has its own times when its publication time
 * differs (relative dates resolve against it). */
static int clone_range(void *p, unsigned w, size_t lo, size_t hi)
{
    (void)w;
    ctx *x = p;
    for (size_t i = lo; i < hi; i++) {
        uint32_t j = x->copy_of[i];
        if (j == i)
            continue;
        art *a = &x->a[i];
        const art *o = &x->a[j];
        const sl_article *ar = x->c->art[i];
        *a = *o;
        a->terms = malloc((o->nterms + 1) * sizeof *a->terms);
        a->quotes = malloc((o->nquotes + 1) * sizeof *a->quotes);
        if (!a->terms || !a->quotes)
            return sl__nomem();
        memcpy(a->terms, o->terms, o->nterms * sizeof *a->terms);
        memcpy(a->quotes, o->quotes, o->nquotes * sizeof *a->quotes);
        x->facts[i] = x->facts[j];
        a->when = ar->published;
        const sl_article *orig = x->c->art[j];
        if (sl__article_time(ar) == sl__article_time(orig) && ar->text_len == orig->text_len &&
            memcmp(ar->text, orig->text, ar->text_len) == 0)
            continue; /* the same text, its times resolve against the same day */
        sl_facts t = {0};
        int rc = sl__extract_article_times(&t, ar);
        if (!rc)
            set_times(a, &t);
        free(t.times);
        if (rc)
            return rc;
    }
    return SL_OK;
}

typedef struct ent_job {
    ctx *x;
    const surnames *sn;
    sl_countmap *edf; /* per worker */
} ent_job;

static int ent_range(void *p, unsigned w, size_t lo, size_t hi)
{
    ent_job *j = p;
    for (size_t i = lo; i < hi; i++) {
        art *a = &j->x->a[i];
        if (entity_vector(a, j->x->facts[i], j->sn) || lead_persons(a, j->x->facts[i], j->sn))
            return SL_ENOMEM;
        for (size_t e = 0; e < a->nents; e++)
            if (sl__count_add(&j->edf[w], a->ents[e].key, 1))
                return SL_ENOMEM;
    }
    return SL_OK;
}

static int idf_range(void *p, unsigned w, size_t lo, size_t hi)
{
    (void)w;
    ctx *x = p;
    double n = (double)x->c->n;
    for (size_t i = lo; i < hi; i++) {
        art *a = &x->a[i];
        for (size_t e = 0; e < a->nents; e++) {
            double df = sl__count_get(&x->edf, a->ents[e].key);
            /* an entity only this article has links nothing: weight 0 */
            if (!x->keys_only)
                a->ents[e].w *= df >= 2 ? (float)(log((n + 1) / (df + 1)) + 1) : 0.0f;
        }
        a->nents = (uint16_t)keep_top(a->ents, a->nents, TOP_ENTS, 1);
        uint64_t keys[INDEX_TERMS + INDEX_ENTS + MAX_QUOTES];
        size_t nk = make_keys(keys, a);
        if (!(a->keys = malloc((nk + 1) * sizeof *a->keys)))
            return sl__nomem();
        memcpy(a->keys, keys, nk * sizeof *keys);
        a->nkeys = (uint16_t)nk;
    }
    return SL_OK;
}

static int build_features(ctx *x)
{
    sl_corpus *c = x->c;
    unsigned T = c->cfg.threads;
    int rc = sl_corpus_analyse(c);
    if (rc || (rc = sl__corpus_workers(c, 2 * T)))
        return rc;
    x->a = calloc(c->n + 1, sizeof *x->a);
    x->facts = calloc(c->n + 1, sizeof *x->facts);
    if (!x->a || !x->facts)
        return sl__nomem();
    if ((rc = find_copies(x)) || (rc = sl__parallel_for(T, c->n, 32, base_range, x)) ||
        (rc = sl__parallel_for(T, c->n, 256, clone_range, x)))
        return rc;
    surnames sn = {0};
    for (size_t i = 0; i < c->n && !rc; i++)
        rc = surnames_add(&sn, x->facts[i]);
    ent_job j = {x, &sn, calloc(T, sizeof(sl_countmap))};
    if (!rc && !j.edf)
        rc = sl__nomem();
    if (!rc)
        rc = sl__parallel_for(T, c->n, 64, ent_range, &j);
    for (unsigned t = 0; j.edf && t < T; t++) {
        if (!rc)
            rc = sl__count_merge(&x->edf, &j.edf[t]);
        sl__count_free(&j.edf[t]);
    }
    free(j.edf);
    surnames_free(&sn);
    if (!rc)
        rc = sl__parallel_for(T, c->n, 256, idf_range, x);
    return rc;
}

static void free_features(ctx *x)
{
    if (x->a)
        for (size_t i = 0; i < x->c->n; i++) {
            free(x->a[i].terms);
            free(x->a[i].ents);
            free(x->a[i].quotes);
            free(x->a[i].keys);
        }
    if (x->facts)
        for (size_t i = 0; i < x->c->n; i++)
            if (!lent(x->c, i) && (!x->copy_of || x->copy_of[i] == i))
                sl_facts_free(x->facts[i]);
    free(x->a);
    free(x->facts);
    free(x->copy_of);
    sl__count_free(&x->edf);
}

/* ------------------------------------------------------------ clustering */

typedef struct u32vec {
    uint32_t *v;
    size_t n, cap;
} u32vec;

static int vpush(u32vec *v, uint32_t x)
{
    if (v->n == v->cap) {
        void *p = v->v;
        if (sl__grow(&p, &v->cap, v->n + 1, sizeof *v->v))
            return SL_ENOMEM;
        v->v = p;
    }
    v->v[v->n++] = x;
    return SL_OK;
}

#define CENT_WINDOWS 32


/* The sum of an event's member vectors: the average similarity of an
 * article to the members is one sparse dot product with it, divided by the
 * number of members; quotes (w = members quoting) and confident member
 * windows make the non-linear parts of the pair score averageable too. */
/* One sum vector of a centroid: a key-sorted array `v` and a small
 * key-sorted array `p` of the keys added since the two were last merged; a
 * key is in one of them.  An entry that cancels out is kept with weight
 * NaN (dead) until the next merge.  Adding an article costs its keys'
 * lookups, new keys a move within p, and a merge (O(n)) once p holds
 * more than sqrt(n) keys.  (Merging every article's vector into one array
 * cost O(n) per member: an event of 100,000 near copies, each bringing a
 * word of its own, spent 10^10 steps there.)  The weight of every key
 * goes through the same float operations in the same order as with one
 * array, and dot products sum in key order, so scores are identical. */
typedef struct cvec {
    kw *v, *p;
    uint32_t n, np, capp, dead;
} cvec;

typedef struct centroid {
    cvec t, e, q;           /* words, entities, quote keys */
    const art **w;          /* members with confident windows (the first 32), */
    uint32_t nw, capw;      /* grown on demand: most events have one or two */
} centroid;

/* Appends member x (a confident window) to c's (up to CENT_WINDOWS).  SL_OK
 * or SL_ENOMEM. */
static int cent_window(centroid *c, const art *x)
{
    if (c->nw >= CENT_WINDOWS)
        return SL_OK;
    if (c->nw == c->capw) {
        uint32_t cap = c->capw ? c->capw * 2 : 2;
        const art **p = realloc(c->w, cap * sizeof *p);
        if (!p)
            return sl__nomem();
        c->w = p;
        c->capw = cap;
    }
    c->w[c->nw++] = x;
    return SL_OK;
}

typedef struct cluster {
    u32vec mem;     /* members in the order they joined */
    int64_t last;   /* latest known time of a member */
    int active;
    int fixed;      /* holds seeded articles: never split, never merged
                       with another fixed cluster */
    centroid c;
} cluster;

/* The entry of `key` in v[from..n) (binary search), or NULL; *from is
 * moved to where the search ended, for a next, larger key. */
static kw *kw_find(kw *v, size_t n, size_t *from, uint32_t key)
{
    size_t lo = *from, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    *from = lo;
    return lo < n && v[lo].key == key ? &v[lo] : NULL;
}

/* c's live entries, merged in key order into out (room for c->n + c->np);
 * returns their number. */
static size_t cvec_live(kw *out, const cvec *c)
{
    size_t i = 0, j = 0, m = 0;
    while (i < c->n || j < c->np) {
        kw x = j >= c->np || (i < c->n && c->v[i].key < c->p[j].key) ? c->v[i++] : c->p[j++];
        if (!isnan(x.w))
            out[m++] = x;
    }
    return m;
}

/* c += sign * src (src sorted by key); entries that cancel out are
 * dropped.  SL_OK or SL_ENOMEM. */
static int cvec_add(cvec *c, const kw *src, size_t ns, float sign)
{
    size_t fv = 0, fp = 0;
    for (size_t j = 0; j < ns; j++) {
        kw *e = kw_find(c->v, c->n, &fv, src[j].key);
        if (!e)
            e = kw_find(c->p, c->np, &fp, src[j].key);
        if (e && !isnan(e->w)) {
            float w = e->w + sign * src[j].w;
            if (w > 1e-6f || w < -1e-6f) {
                e->w = w;
            } else {
                e->w = NAN;
                c->dead++;
            }
        } else if (e) { /* dropped before: back as a new entry */
            e->w = sign * src[j].w;
            c->dead--;
        } else {
            if (c->np == c->capp) {
                uint32_t cap = c->capp ? 2 * c->capp : 8;
                kw *p = realloc(c->p, cap * sizeof *p);
                if (!p)
                    return sl__nomem();
                c->p = p;
                c->capp = cap;
            }
            memmove(c->p + fp + 1, c->p + fp, (c->np - fp) * sizeof *c->p);
            c->p[fp] = (kw){src[j].key, sign * src[j].w};
            c->np++;
            fp++;
        }
    }
    if ((c->np > 64 && (size_t)c->np * c->np > c->n) || (c->dead > 64 && c->dead > c->n / 2)) {
        kw *v = malloc(((size_t)c->n + c->np + 1) * sizeof *v);
        if (!v)
            return sl__nomem();
        c->n = (uint32_t)cvec_live(v, c);
        free(c->v);
        c->v = v;
        c->np = c->dead = 0;
    }
    return SL_OK;
}

/* dst += src.  SL_OK or SL_ENOMEM. */
static int cvec_merge(cvec *dst, const cvec *src)
{
    kw *tmp = malloc(((size_t)src->n + src->np + 1) * sizeof *tmp);
    if (!tmp)
        return sl__nomem();
    int rc = cvec_add(dst, tmp, cvec_live(tmp, src), 1);
    free(tmp);
    return rc;
}

static void cvec_free(cvec *c)
{
    free(c->v);
    free(c->p);
    memset(c, 0, sizeof *c);
}

/* The live entry of `key` in c, or NULL; *fv and *fp as kw_find's from. */
static const kw *cvec_get(const cvec *c, size_t *fv, size_t *fp, uint32_t key)
{
    const kw *e = kw_find(c->v, c->n, fv, key);
    if (!e)
        e = kw_find(c->p, c->np, fp, key);
    return e && !isnan(e->w) ? e : NULL;
}

/* dot() of a key-sorted vector with a centroid's sum: the products are
 * summed in key order, as dot() does. */
static double cvec_dot(const kw *a, size_t na, const cvec *c)
{
    double s = 0;
    size_t fv = 0, fp = 0;
    for (size_t i = 0; i < na; i++) {
        const kw *e = cvec_get(c, &fv, &fp, a[i].key);
        if (e)
            s += (double)a[i].w * e->w;
    }
    return s;
}

/* An article's quote keys as a sorted, unique kw vector (w = 1). */
static size_t quote_vec(kw *q, const art *a)
{
    for (size_t i = 0; i < a->nquotes; i++)
        q[i] = (kw){(uint32_t)(a->quotes[i] >> 32) | 1, 1.0f};
    kw_sort_key(q, a->nquotes);
    size_t u = 0;
    for (size_t i = 0; i < a->nquotes; i++)
        if (!u || q[u - 1].key != q[i].key)
            q[u++] = q[i];
    return u;
}

static int cent_add(centroid *c, const art *a, float sign)
{
    kw q[MAX_QUOTES];
    size_t nq = quote_vec(q, a);
    if (cvec_add(&c->t, a->terms, a->nterms, sign) || cvec_add(&c->e, a->ents, a->nents, sign) ||
        cvec_add(&c->q, q, nq, sign))
        return SL_ENOMEM;
    if (!confident(a))
        return SL_OK;
    if (sign > 0)
        return cent_window(c, a);
    for (uint32_t i = 0; i < c->nw; i++)
        if (c->w[i] == a) {
            c->w[i] = c->w[--c->nw];
            break;
        }
    return SL_OK;
}

static int cent_merge(centroid *a, const centroid *b)
{
    if (cvec_merge(&a->t, &b->t) || cvec_merge(&a->e, &b->e) || cvec_merge(&a->q, &b->q))
        return SL_ENOMEM;
    for (uint32_t i = 0; i < b->nw; i++)
        if (cent_window(a, b->w[i]))
            return SL_ENOMEM;
    return SL_OK;
}

static void cent_free(centroid *c)
{
    cvec_free(&c->t);
    cvec_free(&c->e);
    cvec_free(&c->q);
    free(c->w);
    memset(c, 0, sizeof *c);
}

/* Keys of vector a also in centroid c (n members) with a mean weight of at
 * least MIN_SHARED_MEAN once a's own weight is taken out (when a is a
 * member: `self`): an entity one member in twenty mentions does not
 * corroborate. */
#define MIN_SHARED_MEAN 0.05f

static unsigned shared_keys(const kw *a, size_t na, const cvec *c, int self, size_t others)
{
    unsigned n = 0;
    size_t fv = 0, fp = 0;
    for (size_t i = 0; i < na; i++) {
        const kw *e = cvec_get(c, &fv, &fp, a[i].key);
        if (!e)
            continue;
        float rest = e->w - (self ? a[i].w : 0);
        n += a[i].w > 0 && rest > MIN_SHARED_MEAN * (float)others;
    }
    return n;
}

/* Share of article a's pairs with the confident members w[0..nw) (a itself
 * left out) for which rel(a, member) holds, over `pairs` pairs in all
 * (pairs with an unknown side never count): time_conflict, time_agree. */
static double time_share(const art *a, const art *const *w, size_t nw, double pairs,
                         int (*rel)(const art *, const art *))
{
    if (pairs <= 0 || !confident(a))
        return 0;
    double n = 0;
    for (size_t j = 0; j < nw; j++)
        n += w[j] != a && rel(a, w[j]);
    return n / pairs > 1 ? 1 : n / pairs;
}

/* The average pair score of article a with the n members summed in c (a
 * among them when `self`). */
static double centroid_score(const art *a, const centroid *c, size_t n, int self)
{
    size_t others = n - (self ? 1 : 0);
    if (!others)
        return 0;
    double t = cvec_dot(a->terms, a->nterms, &c->t);
    double e = cvec_dot(a->ents, a->nents, &c->e);
    kw q[MAX_QUOTES];
    size_t nq = quote_vec(q, a);
    double qs = cvec_dot(q, nq, &c->q); /* members quoting the same */
    if (self) {
        t -= dot(a->terms, a->nterms, a->terms, a->nterms);
        e -= dot(a->ents, a->nents, a->ents, a->nents);
        qs -= (double)nq;
    }
    t /= (double)others;
    e /= (double)others;
    qs /= (double)others;
    if (shared_keys(a->ents, a->nents, &c->e, self, others) < 2)
        e /= 2;
    double s = W_TOPIC * t + W_ENT * e + QUOTE_BONUS * (qs > 1 ? 1 : qs > 0 ? qs : 0);
    s += TIME_BONUS * time_share(a, c->w, c->nw, (double)others, time_agree);
    double cf = time_share(a, c->w, c->nw, (double)others, time_conflict);
    return s * (1.0 - (1.0 - CONFLICT_FACTOR) * cf);
}

/* Index: key -> events, an open-addressing map from 64-bit keys to posting
 * vectors. */
typedef struct index {
    uint64_t *key;
    u32vec *post;
    size_t cap, n;
} index_t;

static u32vec *index_get(index_t *ix, uint64_t k, int create)
{
    if (create && (ix->n + 1) * 2 > ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 1024;
        uint64_t *key = calloc(cap, sizeof *key);
        u32vec *post = calloc(cap, sizeof *post);
        if (!key || !post) {
            free(key);
            free(post);
            sl__nomem();
            return NULL;
        }
        for (size_t s = 0; s < ix->cap; s++) {
            if (!ix->key[s])
                continue;
            size_t t = sl__mix64(ix->key[s]) & (cap - 1);
            while (key[t])
                t = (t + 1) & (cap - 1);
            key[t] = ix->key[s];
            post[t] = ix->post[s];
        }
        free(ix->key);
        free(ix->post);
        ix->key = key;
        ix->post = post;
        ix->cap = cap;
    }
    if (!ix->cap)
        return NULL;
    k |= 1; /* 0 marks empty slots */
    size_t s = sl__mix64(k) & (ix->cap - 1);
    while (ix->key[s] && ix->key[s] != k)
        s = (s + 1) & (ix->cap - 1);
    if (!ix->key[s]) {
        if (!create)
            return NULL;
        ix->key[s] = k;
        ix->n++;
    }
    return &ix->post[s];
}

static void index_free(index_t *ix)
{
    for (size_t s = 0; s < ix->cap; s++)
        free(ix->post[s].v);
    free(ix->key);
    free(ix->post);
}

/* Puts the first min(k, n) of v[0..n) in kw_before order at its front,
 * sorted: the same as sorting all of v (a total order), without it. */
static size_t first_k(kw *v, size_t n, size_t k)
{
    if (k > n)
        k = n;
    select_top(v, n, k);
    for (size_t i = 1; i < k; i++) {
        kw t = v[i];
        size_t j = i;
        for (; j > 0 && kw_before(&t, &v[j - 1]); j--)
            v[j] = v[j - 1];
        v[j] = t;
    }
    return k;
}

/* The keys of article a that go to the index: its strongest terms and
 * entities, and its quotes. */
static size_t make_keys(uint64_t *out, const art *a)
{
    size_t n = 0;
    kw top[TOP_TERMS];
    size_t nt = a->nterms;
    memcpy(top, a->terms, nt * sizeof *top);
    nt = first_k(top, nt, INDEX_TERMS);
    for (size_t i = 0; i < nt; i++)
        out[n++] = (uint64_t)1 << 62 | top[i].key;
    kw te[TOP_ENTS];
    size_t ne = a->nents;
    memcpy(te, a->ents, ne * sizeof *te);
    ne = first_k(te, ne, INDEX_ENTS);
    for (size_t i = 0; i < ne; i++)
        if (te[i].w > 0)
            out[n++] = (uint64_t)2 << 62 | te[i].key;
    for (size_t i = 0; i < a->nquotes; i++)
        out[n++] = (uint64_t)3 << 62 | (a->quotes[i] & 0x3fffffffffffffffULL);
    return n;
}

#define MAX_KEYS (INDEX_TERMS + INDEX_ENTS + MAX_QUOTES)

static size_t article_keys(uint64_t *out, const art *a)
{
    memcpy(out, a->keys, a->nkeys * sizeof *out);
    return a->nkeys;
}

/* Average score of article i against (a sample of) cluster k's members:
 * the SAMPLE most recent, i itself skipped. */
static double avg_score(const ctx *x, const cluster *k, uint32_t i, int skip_self)
{
    double s = 0;
    size_t n = 0;
    for (size_t m = k->mem.n; m-- > 0 && n < SAMPLE;) {
        uint32_t j = k->mem.v[m];
        if (skip_self && j == i)
            continue;
        s += score(&x->a[i], &x->a[j], NULL, NULL, NULL, NULL);
        n++;
    }
    return n ? s / (double)n : 0;
}

/* 1 when article i is apart from cluster k: it conflicts in time or in
 * sum with any of the members avg_score samples, or in protagonist with
 * most of them.  A date or a sum is the whole event's; a protagonist is
 * what a report is about, and one member about someone else (a report on
 * a side figure, or a false person such as a ship's name) says little
 * about the event, most of them a lot. */
static int conflicts(const ctx *x, const cluster *k, uint32_t i)
{
    size_t n = 0, actors = 0;
    for (size_t m = k->mem.n; m-- > 0 && n < SAMPLE; n++) {
        const art *a = &x->a[i], *b = &x->a[k->mem.v[m]];
        if (time_conflict(a, b) || amount_conflict(a, b))
            return 1;
        actors += actor_conflict(a, b);
    }
    return 2 * actors > n;
}

/* Average link between clusters k and f on samples of both. */
static double link_score(const ctx *x, const cluster *k, const cluster *f)
{
    double s = 0;
    size_t cnt = 0;
    for (size_t u = 0; u < k->mem.n && u < SAMPLE; u++)
        for (size_t v = 0; v < f->mem.n && v < SAMPLE; v++) {
            s += score(&x->a[k->mem.v[u]], &x->a[f->mem.v[v]], NULL, NULL, NULL, NULL);
            cnt++;
        }
    return cnt ? s / (double)cnt : 0;
}

typedef struct order_key {
    int64_t when;
    uint32_t i;
} order_key;

static int order_cmp(const void *p, const void *q)
{
    const order_key *a = p, *b = q;
    if (a->when != b->when) {
        if (a->when == SL_TIME_UNKNOWN)
            return 1;
        if (b->when == SL_TIME_UNKNOWN)
            return -1;
        return a->when < b->when ? -1 : 1;
    }
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Finds candidate clusters of article i through the index; returns the
 * best and its score (SL_NONE when none).  `stamp` marks clusters seen. */
/* An event is a candidate for an article when they share at least
 * MIN_HITS index keys (a quote counts twice): one shared word or name is
 * what unrelated stories share. */
#define MIN_HITS 2

static uint32_t best_cluster(const ctx *x, index_t *ix, cluster *cl, uint32_t *stamp,
                             uint8_t *hits, uint32_t tick, uint32_t i, int64_t now,
                             unsigned retire_days, uint32_t exclude, int skip_self,
                             double *best_score)
{
    uint64_t keys[MAX_KEYS];
    size_t nk = article_keys(keys, &x->a[i]);
    uint32_t cand[MAX_KEYS * POSTING_SCAN];
    size_t nc = 0;
    for (size_t k = 0; k < nk; k++) {
        u32vec *p = index_get(ix, keys[k], 0);
        if (!p)
            continue;
        uint8_t w = (keys[k] >> 62) == 3 ? 2 : 1;
        size_t from = p->n > POSTING_SCAN ? p->n - POSTING_SCAN : 0;
        uint32_t prev = SL_NONE;
        for (size_t e = p->n; e-- > from;) {
            uint32_t id = p->v[e];
            if (id == exclude || id == prev)
                continue;
            prev = id;
            if (stamp[id] != tick) {
                stamp[id] = tick;
                hits[id] = 0;
                cand[nc++] = id;
            }
            if (hits[id] < 255 - w)
                hits[id] += w;
        }
    }
    uint32_t best = SL_NONE, top[RESCORE];
    double bs = -1, tops[RESCORE];
    for (int r = 0; r < RESCORE; r++) {
        top[r] = SL_NONE;
        tops[r] = -1;
    }
    for (size_t y = 0; y < nc; y++) {
        uint32_t id = cand[y];
        if (hits[id] < MIN_HITS)
            continue;
        cluster *ck = &cl[id];
        if (!ck->active || !ck->mem.n)
            continue;
        if (now != SL_TIME_UNKNOWN && ck->last != SL_TIME_UNKNOWN &&
            now - ck->last > (int64_t)retire_days * DAY) {
            ck->active = 0; /* quiet too long: retired */
            continue;
        }
        /* cheap ranking by the centroid (i is never a member of a
         * candidate: its own event is `exclude` when it is scored for a
         * move); the RESCORE best are scored member by member below */
        double s = centroid_score(&x->a[i], &ck->c, ck->mem.n, 0);
        for (int r = 0; r < RESCORE; r++)
            if (top[r] == SL_NONE || s > tops[r] || (s == tops[r] && id < top[r])) {
                for (int q = RESCORE - 1; q > r; q--) {
                    top[q] = top[q - 1];
                    tops[q] = tops[q - 1];
                }
                top[r] = id;
                tops[r] = s;
                break;
            }
    }
    for (int r = 0; r < RESCORE && top[r] != SL_NONE; r++) {
        double s = avg_score(x, &cl[top[r]], i, skip_self);
        if (s > bs || (s == bs && top[r] < best)) {
            bs = s;
            best = top[r];
        }
    }
    *best_score = bs;
    return best;
}

static int index_add(index_t *ix, const art *a, uint32_t id)
{
    uint64_t keys[MAX_KEYS];
    size_t nk = article_keys(keys, a);
    for (size_t k = 0; k < nk; k++) {
        u32vec *p = index_get(ix, keys[k], 1);
        if (!p)
            return SL_ENOMEM;
        if (p->n && p->v[p->n - 1] == id)
            continue;
        if (vpush(p, id))
            return SL_ENOMEM;
    }
    return SL_OK;
}

/* A merge one cluster proposes: k with f at average link s. */
typedef struct proposal {
    double s;
    uint32_t k, f;
} proposal;

/* Best first; ties by the clusters' ids, so the order is total. */
static int proposal_cmp(const void *p, const void *q)
{
    const proposal *a = p, *b = q;
    if (a->s != b->s)
        return a->s > b->s ? -1 : 1;
    if (a->k != b->k)
        return a->k < b->k ? -1 : 1;
    return a->f < b->f ? -1 : a->f > b->f;
}

/* The clustering's working state: events, their index, and the scratch
 * arrays best_cluster marks candidates in. */
typedef struct clustering {
    const ctx *x;
    cluster *cl;
    size_t ncl;
    index_t ix;
    uint32_t *stamp, tick;
    uint8_t *hits;
    uint32_t *event_of;
    size_t cap;           /* clusters cl, stamp, hits, prop, dirty hold */
    const order_key *ord; /* articles in time order */
    proposal *prop;       /* one per cluster */
    sl_events_stats *st;  /* counts merges, small joins, splits and moves */
    uint8_t *dirty;       /* per cluster: look again (1), merged this round (2) */
} clustering;

/* The event nearest to article i but `exclude` (retirement off). */
static uint32_t nearest(clustering *g, uint32_t i, uint32_t exclude, double *s)
{
    return best_cluster(g->x, &g->ix, g->cl, g->stamp, g->hits, ++g->tick, i, SL_TIME_UNKNOWN, 0,
                        exclude, 1, s);
}

/* The cluster nearest to cluster k by average link among the nearest
 * clusters of its PROBES most recent members, or SL_NONE; *link gets the
 * average link. */
static uint32_t nearest_cluster(clustering *g, uint32_t k, double *link)
{
    const cluster *ck = &g->cl[k];
    uint32_t seen[PROBES], ns = 0, best = SL_NONE;
    double bs = -1;
    for (size_t m = ck->mem.n, u = 0; m-- > 0 && u < PROBES; u++) {
        double s;
        uint32_t f = nearest(g, ck->mem.v[m], k, &s);
        size_t y = 0;
        while (y < ns && seen[y] != f)
            y++;
        if (f == SL_NONE || !g->cl[f].mem.n || y < ns || (ck->fixed && g->cl[f].fixed))
            continue;
        seen[ns++] = f;
        double ls = link_score(g->x, ck, &g->cl[f]);
        if (ls > bs || (ls == bs && f < best)) {
            bs = ls;
            best = f;
        }
    }
    *link = bs;
    return best;
}

/* A new, empty cluster (the arrays hold g->cap); its id. */
static uint32_t new_cluster(clustering *g)
{
    uint32_t b = (uint32_t)g->ncl++;
    g->cl[b].active = 1;
    g->cl[b].last = SL_TIME_UNKNOWN;
    return b;
}

/* Adds article i to cluster b: member, index postings, centroid, latest
 * time.  (event_of and the cluster i leaves are the caller's.) */
static int add_member(clustering *g, uint32_t b, uint32_t i)
{
    const art *a = &g->x->a[i];
    cluster *cb = &g->cl[b];
    int rc;
    if ((rc = vpush(&cb->mem, i)) || (rc = index_add(&g->ix, a, b)) ||
        (rc = cent_add(&cb->c, a, 1)))
        return rc;
    if (a->when != SL_TIME_UNKNOWN && (cb->last == SL_TIME_UNKNOWN || a->when > cb->last))
        cb->last = a->when;
    return SL_OK;
}

/* Moves the members of cluster b into cluster a. */
static int merge_into(clustering *g, uint32_t a, uint32_t b)
{
    cluster *ca = &g->cl[a], *cb = &g->cl[b];
    int rc = SL_OK;
    for (size_t m = 0; m < cb->mem.n && !rc; m++) {
        uint32_t i = cb->mem.v[m];
        g->event_of[i] = a;
        if (!(rc = vpush(&ca->mem, i)))
            rc = index_add(&g->ix, &g->x->a[i], a);
    }
    if (!rc)
        rc = cent_merge(&ca->c, &cb->c);
    cent_free(&cb->c);
    cb->mem.n = 0;
    ca->fixed |= cb->fixed;
    if (cb->last != SL_TIME_UNKNOWN && (ca->last == SL_TIME_UNKNOWN || cb->last > ca->last))
        ca->last = cb->last;
    return rc;
}

/* Average link among (a sample of) the members of cluster k. */
static double cohesion(const ctx *x, const cluster *k)
{
    double s = 0;
    size_t cnt = 0;
    for (size_t u = 0; u < k->mem.n && u < SAMPLE; u++)
        for (size_t v = u + 1; v < k->mem.n && v < SAMPLE; v++) {
            s += score(&x->a[k->mem.v[u]], &x->a[k->mem.v[v]], NULL, NULL, NULL, NULL);
            cnt++;
        }
    return cnt ? s / (double)cnt : 0;
}

/* 1 when event k may join event f at link s under the threshold th: the
 * orphan's bar (an article alone may join its nearest event at
 * ORPHAN_FACTOR of the threshold) for an event of several whose reports
 * are nearly as close to f as to each other (COHESION of their own
 * average link) and of which none conflicts with f in time, protagonist
 * or sum.  The single pass leaves such pieces when an event's reports
 * share few words (one-sentence reports: "robbers in drag" / "thieves
 * posing as women"); another happening of the storyline is apart in
 * one of those, or its reports are closer to each other than to it. */
static int small_join(const clustering *g, uint32_t k, uint32_t f, double s, double th)
{
    const cluster *ck = &g->cl[k];
    if (s < th * ORPHAN_FACTOR || ck->mem.n < 2)
        return 0;
    for (size_t y = 0; y < ck->mem.n && y < SAMPLE; y++)
        if (conflicts(g->x, &g->cl[f], ck->mem.v[y]))
            return 0;
    return s >= COHESION * cohesion(g->x, ck);
}

/* Batch refinement: merges clusters the single pass split, as
 * average-link agglomerative clustering does, among neighbours found
 * through the index.  Each cluster proposes its nearest cluster
 * (nearest_cluster); proposals at or above the threshold merge best first,
 * each cluster at most once a round.  A later round looks again only at
 * clusters that merged or whose partner merged elsewhere: the average
 * link to a merged cluster lies between the links to its two parts, so a
 * cluster with no proposal gains none (up to sampling). */
static int merge_pass(clustering *g, double th)
{
    cluster *cl = g->cl;
    for (int round = 0; round < 16; round++) {
        size_t np = 0, merged = 0;
        for (size_t k = 0; k < g->ncl; k++) {
            if (!g->dirty[k] || !cl[k].mem.n)
                continue;
            g->dirty[k] = 0;
            double s;
            uint32_t f = nearest_cluster(g, (uint32_t)k, &s);
            if (f != SL_NONE && (s >= th || small_join(g, (uint32_t)k, f, s, th)))
                g->prop[np++] = (proposal){s, (uint32_t)k, f};
        }
        qsort(g->prop, np, sizeof *g->prop, proposal_cmp);
        for (size_t q = 0; q < np; q++) {
            uint32_t k = g->prop[q].k, f = g->prop[q].f;
            if (!cl[k].mem.n || !cl[f].mem.n || g->dirty[k] == 2 || g->dirty[f] == 2) {
                if (cl[k].mem.n && g->dirty[k] != 2)
                    g->dirty[k] = 1; /* its partner merged elsewhere */
                continue;
            }
            uint32_t a = k < f ? k : f, b = k < f ? f : k;
            int rc = merge_into(g, a, b);
            if (rc)
                return rc;
            g->dirty[a] = 2;
            merged++;
            g->st->merges++;
            g->st->small_joins += g->prop[q].s < th;
        }
        for (size_t k = 0; k < g->ncl; k++)
            if (g->dirty[k] == 2)
                g->dirty[k] = 1;
        if (!merged)
            break;
    }
    return SL_OK;
}

/* Batch refinement: every article may move, in time order, to the event
 * it fits best by MOVE_MARGIN more than its own. */
static int move_pass(clustering *g, double th)
{
    const ctx *x = g->x;
    cluster *cl = g->cl;
    for (size_t o = 0; o < x->c->n; o++) {
        uint32_t i = g->ord[o].i, cur = g->event_of[i];
        if (x->seed && x->seed[i])
            continue; /* a seeded article keeps its event */
        int alone = cl[cur].mem.n == 1;
        double here = alone ? 0 : avg_score(x, &cl[cur], i, 1), s;
        uint32_t b = nearest(g, i, cur, &s);
        /* an article still alone joins the event nearest to it at a lower
         * bar (the stream never found it a better one), unless their times
         * or protagonists are apart: that is another event of the
         * storyline */
        double need = alone ? th * ORPHAN_FACTOR : th;
        if (b == SL_NONE || s < need || s < here + MOVE_MARGIN ||
            (alone && s < th && conflicts(x, &cl[b], i)))
            continue;
        u32vec *m = &cl[cur].mem;
        for (size_t y = 0; y < m->n; y++)
            if (m->v[y] == i) {
                memmove(m->v + y, m->v + y + 1, (m->n - y - 1) * sizeof *m->v);
                m->n--;
                break;
            }
        int rc;
        if ((rc = add_member(g, b, i)) || (rc = cent_add(&cl[cur].c, &x->a[i], -1)))
            return rc;
        g->event_of[i] = b;
        g->dirty[cur] = g->dirty[b] = 1;
        g->st->moves++;
    }
    return SL_OK;
}

static int seed_cmp(const void *p, const void *q)
{
    const int64_t *a = p, *b = q; /* {seed, article} */
    return a[0] != b[0] ? (a[0] < b[0] ? -1 : 1) : (a[1] > b[1]) - (a[1] < b[1]);
}

/* Puts the seeded articles of each seed into one fixed cluster, before the
 * single pass: the events a store has already decided, which new articles
 * may join but which are never split or merged with each other. */
static int seed_clusters(clustering *g)
{
    const ctx *x = g->x;
    size_t n = x->c->n, ns = 0;
    int64_t *v = malloc((2 * n + 2) * sizeof *v);
    if (!v)
        return sl__nomem();
    for (size_t i = 0; i < n; i++)
        if (x->seed[i]) {
            v[2 * ns] = x->seed[i];
            v[2 * ns + 1] = (int64_t)i;
            ns++;
        }
    qsort(v, ns, 2 * sizeof *v, seed_cmp);
    int rc = SL_OK;
    uint32_t b = SL_NONE;
    for (size_t k = 0; k < ns && !rc; k++) {
        uint32_t i = (uint32_t)v[2 * k + 1];
        if (!k || v[2 * k] != v[2 * k - 2]) {
            b = new_cluster(g);
            g->cl[b].fixed = 1;
        }
        g->event_of[i] = b;
        rc = add_member(g, b, i);
    }
    free(v);
    return rc;
}

/* Average-link bisection of the m articles mem[0..m) (m <= SPLIT_CAP):
 * merges the closest pair of groups (Lance-Williams update of the average
 * link) until two are left; side[k] is 0 or 1 for the two groups.  Returns
 * the average link between them. */
static double bisect(const ctx *x, const uint32_t *mem, size_t m, uint8_t *side)
{
    double d[SPLIT_CAP][SPLIT_CAP]; /* 18 KB */
    uint32_t grp[SPLIT_CAP], size[SPLIT_CAP];
    uint8_t live[SPLIT_CAP] = {0};
    for (size_t i = 0; i < m; i++) {
        grp[i] = (uint32_t)i;
        size[i] = 1;
        live[i] = 1;
        d[i][i] = 0;
        for (size_t j = 0; j < i; j++)
            d[i][j] = d[j][i] = score(&x->a[mem[i]], &x->a[mem[j]], NULL, NULL, NULL, NULL);
    }
    for (size_t left = m; left > 2; left--) {
        size_t bi = 0, bj = 0;
        double best = -1;
        for (size_t i = 0; i < m; i++)
            for (size_t j = i + 1; live[i] && j < m; j++)
                if (live[j] && d[i][j] > best) {
                    best = d[i][j];
                    bi = i;
                    bj = j;
                }
        double wi = size[bi], wj = size[bj];
        for (size_t k = 0; k < m; k++)
            if (live[k] && k != bi && k != bj)
                d[bi][k] = d[k][bi] = (wi * d[bi][k] + wj * d[bj][k]) / (wi + wj);
        size[bi] += size[bj];
        live[bj] = 0;
        for (size_t k = 0; k < m; k++)
            if (grp[k] == bj)
                grp[k] = (uint32_t)bi;
    }
    size_t a = SPLIT_CAP, b = SPLIT_CAP; /* the two groups left */
    for (size_t k = 0; k < m; k++)
        if (live[k]) {
            if (a == SPLIT_CAP)
                a = k;
            else
                b = k;
        }
    if (b == SPLIT_CAP)
        return 1.0; /* fewer than two members: nothing to split */
    for (size_t k = 0; k < m; k++)
        side[k] = grp[k] != a;
    return d[a][b];
}

/* Batch refinement: a cluster whose members fall into two groups with an
 * average link under `under` is split in two.  The single pass can join
 * two events early, when an event has one or two members and a pair's
 * score stands for the whole; the merges and moves after it cannot undo
 * that (no member has a better event to move to).  Each group keeps at
 * least two members; seeded clusters and clusters over SPLIT_CAP members
 * stay whole. */
static int split_pass(clustering *g, double under)
{
    const ctx *x = g->x;
    size_t ncl = g->ncl;
    uint8_t side[SPLIT_CAP];
    for (size_t k = 0; k < ncl; k++) {
        cluster *ck = &g->cl[k];
        size_t m = ck->mem.n;
        if (ck->fixed || m < 4 || m > SPLIT_CAP || g->ncl == g->cap)
            continue;
        if (bisect(x, ck->mem.v, m, side) >= under)
            continue;
        size_t n1 = 0;
        for (size_t y = 0; y < m; y++)
            n1 += side[y];
        if (n1 < 2 || m - n1 < 2)
            continue;
        uint32_t b = new_cluster(g);
        size_t keep = 0;
        int rc = SL_OK;
        for (size_t y = 0; y < m && !rc; y++) {
            uint32_t i = ck->mem.v[y];
            if (!side[y]) {
                ck->mem.v[keep++] = i;
                continue;
            }
            g->event_of[i] = b;
            if (!(rc = add_member(g, b, i)))
                rc = cent_add(&ck->c, &x->a[i], -1);
        }
        if (rc)
            return rc;
        ck->mem.n = keep;
        g->dirty[k] = g->dirty[b] = 1;
        g->st->splits++;
    }
    return SL_OK;
}

/* Single pass, then refinement.  Sets event_of[i] to cluster ids and
 * counts the refinement's steps in *st. */
static int cluster_all(const ctx *x, uint32_t *event_of, size_t *ncl_out, cluster **cl_out,
                       sl_events_stats *st)
{
    const sl_corpus *c = x->c;
    size_t n = c->n;
    double th = c->cfg.event_sim;
    order_key *ord = malloc((n + 1) * sizeof *ord);
    clustering g = {.x = x, .event_of = event_of, .ord = ord, .st = st};
    g.cap = 2 * n + 2; /* splits add clusters */
    g.cl = calloc(g.cap, sizeof *g.cl);
    g.stamp = calloc(g.cap, sizeof *g.stamp);
    g.hits = calloc(g.cap, 1);
    g.prop = malloc(g.cap * sizeof *g.prop);
    g.dirty = malloc(g.cap);
    if (g.dirty)
        memset(g.dirty, 1, g.cap);
    int rc = SL_OK;
    if (!ord || !g.cl || !g.stamp || !g.hits || !g.prop || !g.dirty) {
        rc = sl__nomem();
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        ord[i] = (order_key){x->a[i].when, (uint32_t)i};
    qsort(ord, n, sizeof *ord, order_cmp);
    cluster *cl = g.cl;
    if (x->seed)
        rc = seed_clusters(&g);
    for (size_t o = 0; o < n && !rc; o++) {
        uint32_t i = ord[o].i;
        int64_t now = x->a[i].when;
        double s;
        if (x->seed && x->seed[i])
            continue;
        uint32_t b = best_cluster(x, &g.ix, cl, g.stamp, g.hits, ++g.tick, i, now, c->cfg.retire_days,
                                  SL_NONE, 0, &s);
        if (b == SL_NONE || s < th)
            b = new_cluster(&g);
        event_of[i] = b;
        rc = add_member(&g, b, i);
    }
    /* The batch pass: the whole corpus is known now, so retirement is off.
     * Merges, moves, merges, moves, merges: a move can leave two clusters
     * close enough to merge, a merge can leave articles a better home. */
    for (int round = 0; !rc; round++) {
        for (size_t k = 0; k < g.ncl; k++)
            cl[k].active = cl[k].mem.n > 0;
        if ((rc = merge_pass(&g, th)) || (rc = split_pass(&g, th * SPLIT_FACTOR)) ||
            round == REFINE_ROUNDS)
            break;
        rc = move_pass(&g, th);
    }
done:
    index_free(&g.ix);
    free(g.prop);
    free(g.dirty);
    free(ord);
    free(g.stamp);
    free(g.hits);
    *ncl_out = g.ncl;
    *cl_out = g.cl;
    return rc;
}

/* ------------------------------------------------------------ output */

static uint32_t uf_find(uint32_t *uf, uint32_t x)
{
    while (uf[x] != x) {
        uf[x] = uf[uf[x]];
        x = uf[x];
    }
    return x;
}

static int cmp_i64(const void *p, const void *q)
{
    int64_t a = *(const int64_t *)p, b = *(const int64_t *)q;
    return a < b ? -1 : a > b;
}

typedef struct namecount {
    const char *name;
    uint32_t key, count;
    double weight;
    int person; /* a person's full name (two words or more) */
    int place;  /* named as a place or organisation: never a surname here */
} namecount;

/* (surname key, entry) of the event's full person names, by key, then the
 * most counted first. */
typedef struct surname_ref {
    uint32_t key, count, at;
} surname_ref;

static int sref_cmp(const void *p, const void *q)
{
    const surname_ref *a = p, *b = q;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return a->at < b->at ? -1 : a->at > b->at;
}

/* A one-word name, never named as a place or an organisation, that is the
 * surname of a full person name of the event ("Gupta" beside "Sanjay
 * Gupta") counts for that person, as the entity vectors count it, when
 * that full name has at least two thirds of the full names ending in it
 * (dominant_surname's rule) and is named by at least as many members as
 * the surname alone (the "Genovese family" of many reports is not the
 * "Vito Genovese" one report names); its entry goes.  Returns the number
 * of entries left in nc[0..nn).  SL_ENOMEM leaves them all (*rc set). */
static size_t fold_surnames(namecount *nc, size_t nn, int *rc)
{
    size_t np = 0;
    for (size_t y = 0; y < nn; y++)
        np += nc[y].person;
    if (!np)
        return nn;
    surname_ref *r = malloc(np * sizeof *r);
    if (!r) {
        *rc = sl__nomem();
        return nn;
    }
    np = 0;
    for (size_t y = 0; y < nn; y++)
        if (nc[y].person)
            r[np++] = (surname_ref){surname_key(nc[y].name), nc[y].count, (uint32_t)y};
    qsort(r, np, sizeof *r, sref_cmp);
    for (size_t y = 0; y < nn; y++) {
        if (nc[y].place || strchr(nc[y].name, ' '))
            continue;
        size_t lo = 0, hi = np; /* the first entry of the key's run */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (r[mid].key < nc[y].key)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == np || r[lo].key != nc[y].key)
            continue;
        uint64_t all = 0;
        for (size_t z = lo; z < np && r[z].key == nc[y].key; z++)
            all += r[z].count;
        if (3 * (uint64_t)r[lo].count < 2 * all || r[lo].count < nc[y].count)
            continue;
        namecount *t = &nc[r[lo].at];
        t->count += nc[y].count;
        t->weight += nc[y].weight;
        nc[y].count = 0; /* gone */
    }
    free(r);
    size_t m = 0;
    for (size_t y = 0; y < nn; y++)
        if (nc[y].count)
            nc[m++] = nc[y];
    return m;
}

static int nc_cmp(const void *p, const void *q)
{
    const namecount *a = p, *b = q;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    if (a->weight != b->weight)
        return a->weight > b->weight ? -1 : 1;
    return strcmp(a->name, b->name);
}

#define NAMES_SCAN 32 /* distinct names looked up by a scan, then a map */

typedef struct qmember {
    uint64_t key;
    uint32_t m;
} qmember;

static int qmember_cmp(const void *p, const void *q)
{
    const qmember *a = p, *b = q;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->m < b->m ? -1 : a->m > b->m;
}

/* Entities shared by the members (by number of members naming them),
 * label, quotes shared by two or more members, window, representative. */
static int describe(sl_event *ev, const ctx *x)
{
    size_t cap = 0;
    for (size_t m = 0; m < ev->nmembers; m++)
        cap += x->facts[ev->members[m]]->nentities;
    namecount *nc = calloc(cap + 1, sizeof *nc);
    int64_t *st = malloc((ev->nmembers + 1) * sizeof *st), *en = malloc((ev->nmembers + 1) * sizeof *en);
    if (!nc || !st || !en) {
        free(nc);
        free(st);
        free(en);
        return sl__nomem();
    }
    size_t nn = 0, nt = 0;
    /* names by key: a linear scan while there are few, then a map (key ->
     * place + 1), so that an event of 100,000 members naming different
     * people is not 10^10 comparisons; the entries are the same */
    sl_countmap where = {0};
    int rc = SL_OK;
    for (size_t m = 0; m < ev->nmembers && !rc; m++) {
        const sl_facts *f = x->facts[ev->members[m]];
        for (size_t e = 0; e < f->nentities; e++) {
            if (f->entities[e].kind == SL_ENT_OUTLET)
                continue;
            /* a person by first and last name, as in the entity vectors
             * ("Vincent L. Gigante" is "Vincent Gigante") */
            const char *nm = f->entities[e].name;
            uint32_t k = f->entities[e].kind == SL_ENT_PERSON ? person_key(nm)
                                                              : name_key(nm, strlen(nm));
            size_t y = 0;
            if (where.n) {
                uint32_t v = sl__count_get(&where, k);
                y = v ? v - 1 : nn;
            } else {
                while (y < nn && nc[y].key != k)
                    y++;
            }
            if (y == nn) {
                nc[nn++] = (namecount){f->entities[e].name, k, 0, 0,
                                       f->entities[e].kind == SL_ENT_PERSON &&
                                           strchr(f->entities[e].name, ' ') != NULL,
                                       0};
                if (nn == NAMES_SCAN + 1)
                    for (size_t z = 0; z < nn && !rc; z++)
                        rc = sl__count_add(&where, nc[z].key, (uint32_t)z + 1);
                else if (nn > NAMES_SCAN + 1)
                    rc = sl__count_add(&where, k, (uint32_t)nn);
                if (rc)
                    break;
            }
            if (f->entities[e].kind == SL_ENT_PERSON && strlen(nm) < strlen(nc[y].name))
                nc[y].name = nm; /* a person's plainest form: "Regina Benjamin" */
            nc[y].count++;
            nc[y].weight += f->entities[e].mentions * kind_weight(f->entities[e].kind);
            nc[y].place |= f->entities[e].kind == SL_ENT_PLACE || f->entities[e].kind == SL_ENT_ORG;
        }
        const art *am = &x->a[ev->members[m]]; /* a copy's own window */
        if (confident(am)) {
            st[nt] = am->start;
            en[nt++] = am->end;
        }
    }
    sl__count_free(&where);
    if (!rc)
        nn = fold_surnames(nc, nn, &rc);
    if (rc) {
        free(nc);
        free(st);
        free(en);
        return rc;
    }
    qsort(nc, nn, sizeof *nc, nc_cmp);
    size_t ne = nn < 10 ? nn : 10;
    ev->entities = calloc(ne + 1, sizeof *ev->entities);
    sl_buf label = {0};
    rc = ev->entities ? SL_OK : sl__nomem();
    for (size_t e = 0; e < ne && !rc; e++) {
        if (!(ev->entities[e] = sl__strdup(nc[e].name)))
            rc = SL_ENOMEM;
        ev->nentities = e + 1;
        if (!rc && e < 3)
            rc = sl__buf_printf(&label, "%s%s", e ? "; " : "", nc[e].name);
    }
    if (!rc && !label.len) {
        const sl_article *a = x->c->art[ev->members[0]];
        const char *t = a->title ? a->title : a->text;
        size_t l = 0;
        while (t[l] && t[l] != '\n' && l < 80)
            l++;
        rc = sl__buf_append(&label, t, l);
    }
    ev->label = label.p ? label.p : sl__strdup("");
    if (!ev->label)
        rc = SL_ENOMEM;
    /* window: median of the confident members' windows */
    ev->start = ev->end = SL_TIME_UNKNOWN;
    if (nt) {
        qsort(st, nt, sizeof *st, cmp_i64);
        qsort(en, nt, sizeof *en, cmp_i64);
        ev->start = st[nt / 2];
        ev->end = en[nt / 2] > ev->start ? en[nt / 2] : ev->start + DAY;
    }
    /* quotes in two or more members: listed at the first member quoting
     * them when a later member does too, in member order, at most 8.  The
     * (key, member) pairs sorted give each key's first and last member;
     * scanning the other members for each quote was O(members^2): 20,000
     * members with a quote each took 13 s. */
    size_t nqk = 0;
    for (size_t m = 0; m < ev->nmembers; m++)
        nqk += x->facts[ev->members[m]]->nquotes;
    /* and every quote's text and member, in member order, for the drift */
    qmember *qk = rc ? NULL : malloc((nqk + 1) * sizeof *qk);
    const char **qt = rc ? NULL : malloc((nqk + 1) * sizeof *qt);
    uint32_t *qo = rc ? NULL : malloc((nqk + 1) * sizeof *qo);
    if (!rc && (!qk || !qt || !qo))
        rc = sl__nomem();
    if (!rc) {
        nqk = 0;
        for (size_t m = 0; m < ev->nmembers; m++) {
            const sl_facts *f = x->facts[ev->members[m]];
            for (size_t q = 0; q < f->nquotes; q++, nqk++) {
                qk[nqk] = (qmember){f->quotes[q].key, (uint32_t)m};
                qt[nqk] = f->quotes[q].text;
                qo[nqk] = (uint32_t)m;
            }
        }
        qsort(qk, nqk, sizeof *qk, qmember_cmp);
    }
    for (size_t m = 0; m < ev->nmembers && !rc && ev->nquotes < 8; m++) {
        const sl_facts *f = x->facts[ev->members[m]];
        for (size_t q = 0; q < f->nquotes && !rc; q++) {
            uint64_t key = f->quotes[q].key;
            size_t lo = 0, hi = nqk, end = nqk;
            while (lo < hi) { /* the key's first pair */
                size_t mid = (lo + hi) / 2;
                if (qk[mid].key < key)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (hi = lo; hi < end;) { /* one past its last pair */
                size_t mid = (hi + end) / 2;
                if (qk[mid].key <= key)
                    hi = mid + 1;
                else
                    end = mid;
            }
            int dup = qk[lo].m < (uint32_t)m, again = qk[hi - 1].m > (uint32_t)m;
            if (!again || dup || ev->nquotes >= 8)
                continue;
            void *p = realloc(ev->quotes, (ev->nquotes + 1) * sizeof *ev->quotes);
            if (!p || !(((char **)p)[ev->nquotes] = sl__strdup(f->quotes[q].text))) {
                if (p)
                    ev->quotes = p;
                rc = sl__nomem();
                break;
            }
            ev->quotes = p;
            ev->nquotes++;
        }
    }
    free(qk);
    /* quotes the members give in slightly different words */
    if (!rc && ev->nmembers > 1)
        rc = sl__drift_group(&ev->drift, &ev->ndrift, 8, qt, qo, nqk);
    free(qt);
    free(qo);
    /* representative: highest average score with the others (sampled) */
    double best = -1;
    ev->representative = ev->members[0];
    for (size_t m = 0; m < ev->nmembers && m < 64; m++) {
        double s = 0;
        size_t k = 0;
        for (size_t m2 = 0; m2 < ev->nmembers && k < 32; m2++)
            if (m2 != m) {
                s += score(&x->a[ev->members[m]], &x->a[ev->members[m2]], NULL, NULL, NULL, NULL);
                k++;
            }
        s = k ? s / (double)k : 0;
        if (s > best) {
            best = s;
            ev->representative = ev->members[m];
        }
    }
    free(nc);
    free(st);
    free(en);
    return rc;
}

/* Profile of an event: its members' entity (or word) vectors summed, the
 * `top` heaviest kept, normalised. */
static size_t profile(kw *out, size_t cap, const sl_event *ev, const ctx *x, int words,
                      size_t top)
{
    size_t n = 0;
    for (size_t m = 0; m < ev->nmembers; m++) {
        const art *a = &x->a[ev->members[m]];
        const kw *v = words ? a->terms : a->ents;
        size_t nv = words ? a->nterms : a->nents;
        for (size_t e = 0; e < nv && n < cap; e++)
            out[n++] = v[e];
    }
    return keep_top(out, n, top, 0);
}

/* Storylines need the same subject too: word profiles at least this
 * close (a low bar: the same minister in two unrelated affairs is not one
 * storyline). */
#define STORY_TOPIC_MIN 0.1

typedef struct story_job {
    index_t *ix;              /* profile entity -> events (read only) */
    const kw *prof, *tprof;   /* entity and word profiles */
    const uint16_t *np, *ntp;
    double story_sim;
    sl_u64vec *out;           /* per worker: linked pairs e << 32 | f */
    uint32_t *seen;           /* per worker, ne entries: seen[w * ne + f] is
                                 the last e that scored f (a pair sharing
                                 three profile entities is scored once) */
    size_t ne;
} story_job;

/* How many of e's profile entities, heaviest first, must be looked up to
 * meet every event whose profile can reach cosine t with e's (prefix
 * filtering, as in Bayardo et al.'s All-Pairs): the profiles are unit
 * vectors, so an event sharing none of the first m has a cosine of at most
 * the norm of the rest, and the rest is kept under t (less a margin for
 * rounding).  ord gets the entities' places, heaviest first. */
static size_t story_prefix(uint8_t *ord, const kw *v, size_t n, double t)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        for (; k > 0 && kw_before(&v[i], &v[ord[k - 1]]); k--)
            ord[k] = ord[k - 1];
        ord[k] = (uint8_t)i;
    }
    double lim = t - 1e-6, rest = 0;
    if (lim <= 0)
        return n;
    size_t m = n;
    for (; m > 0; m--) {
        double w = v[ord[m - 1]].w;
        if (rest + w * w >= lim * lim)
            break;
        rest += w * w;
    }
    return m;
}

/* Events e in [lo, hi) against the later events sharing a profile entity:
 * linked when their entity profiles are close and their word profiles not
 * far apart. */
static int story_range(void *ctx_, unsigned w, size_t lo, size_t hi)
{
    story_job *j = ctx_;
    uint32_t *seen = j->seen + (size_t)w * j->ne;
    uint8_t ord[TOP_ENTS];
    for (size_t e = lo; e < hi; e++) {
        size_t m = story_prefix(ord, j->prof + e * TOP_ENTS, j->np[e], j->story_sim);
        for (size_t k = 0; k < m; k++) {
            u32vec *p = index_get(j->ix, j->prof[e * TOP_ENTS + ord[k]].key, 0);
            for (size_t y = 0; p && y < p->n; y++) {
                uint32_t f = p->v[y];
                if (y + 4 < p->n) { /* profiles are scattered: fetch ahead */
                    const char *q = (const char *)(j->prof + (size_t)p->v[y + 4] * TOP_ENTS);
                    __builtin_prefetch(q);
                    __builtin_prefetch(q + 64);
                    __builtin_prefetch(q + 128);
                }
                if (f <= e || seen[f] == e)
                    continue;
                seen[f] = (uint32_t)e;
                double s = dot(j->prof + e * TOP_ENTS, j->np[e], j->prof + f * TOP_ENTS, j->np[f]);
                if (s >= j->story_sim &&
                    dot(j->tprof + e * TOP_TERMS, j->ntp[e], j->tprof + f * TOP_TERMS,
                        j->ntp[f]) >= STORY_TOPIC_MIN &&
                    sl__u64vec_push(&j->out[w], (uint64_t)e << 32 | f))
                    return SL_ENOMEM;
            }
        }
    }
    return SL_OK;
}

static int storylines(sl_events *E, const ctx *x)
{
    size_t ne = E->nevents;
    uint32_t *uf = malloc((ne + 1) * sizeof *uf);
    kw *prof = malloc((ne + 1) * TOP_ENTS * sizeof *prof);
    kw *tprof = malloc((ne + 1) * TOP_TERMS * sizeof *tprof);
    uint16_t *np = calloc(ne + 1, sizeof *np), *ntp = calloc(ne + 1, sizeof *ntp);
    kw *tmp = NULL;
    int rc = SL_OK;
    if (!uf || !prof || !tprof || !np || !ntp) {
        rc = sl__nomem();
        goto done;
    }
    size_t tcap = 0;
    for (size_t e = 0; e < ne; e++)
        tcap = E->events[e].nmembers * TOP_TERMS > tcap ? E->events[e].nmembers * TOP_TERMS : tcap;
    if (!(tmp = malloc((tcap + 1) * sizeof *tmp))) {
        rc = sl__nomem();
        goto done;
    }
    for (size_t e = 0; e < ne; e++) {
        uf[e] = (uint32_t)e;
        size_t k = profile(tmp, tcap, &E->events[e], x, 0, TOP_ENTS);
        memcpy(prof + e * TOP_ENTS, tmp, k * sizeof *tmp);
        np[e] = (uint16_t)k;
        k = profile(tmp, tcap, &E->events[e], x, 1, TOP_TERMS);
        memcpy(tprof + e * TOP_TERMS, tmp, k * sizeof *tmp);
        ntp[e] = (uint16_t)k;
    }
    /* events sharing a profile entity are compared (index over entities) */
    index_t ix = {0};
    for (size_t e = 0; e < ne && !rc; e++)
        for (size_t k = 0; k < np[e] && !rc; k++) {
            u32vec *p = index_get(&ix, prof[e * TOP_ENTS + k].key, 1);
            if (!p)
                rc = SL_ENOMEM;
            else if (p->n < 256)
                rc = vpush(p, (uint32_t)e);
        }
    /* the pairs are scored on the worker threads (the profiles and the
     * index are read only), linked here: the storylines are the connected
     * sets, whatever the order of the links */
    unsigned T = x->c->cfg.threads;
    story_job sj = {.ix = &ix,
                    .prof = prof,
                    .tprof = tprof,
                    .np = np,
                    .ntp = ntp,
                    .story_sim = x->c->cfg.story_sim,
                    .out = calloc(T, sizeof(sl_u64vec)),
                    .seen = malloc(((size_t)T * ne + 1) * sizeof(uint32_t)),
                    .ne = ne};
    uint64_t *links = NULL;
    size_t nlinks = 0;
    if (!rc && (!sj.out || !sj.seen))
        rc = sl__nomem();
    if (!rc)
        memset(sj.seen, 0xff, (size_t)T * ne * sizeof(uint32_t));
    if (!rc)
        rc = sl__parallel_for(T, ne, 64, story_range, &sj);
    if (!rc)
        rc = sl__u64vec_merge(&links, &nlinks, sj.out, T);
    for (unsigned w = 0; sj.out && w < T; w++)
        free(sj.out[w].v);
    free(sj.out);
    free(sj.seen);
    for (size_t y = 0; y < nlinks; y++) {
        uint32_t a = uf_find(uf, (uint32_t)(links[y] >> 32)), b = uf_find(uf, (uint32_t)links[y]);
        if (a != b)
            uf[a > b ? a : b] = a < b ? a : b;
    }
    free(links);
    index_free(&ix);
    /* storylines in order of their first event; the storyline array and
     * each one's event list are sized by counting first (grown one entry
     * at a time they cost O(n^2) copying where realloc cannot grow in
     * place: 50,000 one-article storylines took minutes under ASan) */
    uint32_t *sid = malloc((ne + 1) * sizeof *sid), *cnt = calloc(ne + 1, sizeof *cnt);
    if (!rc && (!sid || !cnt))
        rc = sl__nomem();
    size_t ns = 0;
    for (size_t e = 0; e < ne && !rc; e++) {
        sid[e] = SL_NONE;
        ns += cnt[uf_find(uf, (uint32_t)e)]++ == 0;
    }
    if (!rc && !(E->storylines = calloc(ns + 1, sizeof *E->storylines)))
        rc = sl__nomem();
    for (size_t e = 0; e < ne && !rc; e++) {
        uint32_t r = uf_find(uf, (uint32_t)e);
        if (sid[r] == SL_NONE) {
            sl_storyline *s = &E->storylines[E->nstorylines];
            s->start = s->end = SL_TIME_UNKNOWN;
            if (!(s->events = malloc(cnt[r] * sizeof *s->events))) {
                rc = sl__nomem();
                break;
            }
            sid[r] = (uint32_t)E->nstorylines++;
        }
        sl_storyline *s = &E->storylines[sid[r]];
        s->events[s->nevents++] = (uint32_t)e;
        E->events[e].storyline = sid[r];
        const sl_event *ev = &E->events[e];
        if (ev->start != SL_TIME_UNKNOWN) {
            if (s->start == SL_TIME_UNKNOWN || ev->start < s->start)
                s->start = ev->start;
            if (s->end == SL_TIME_UNKNOWN || ev->end > s->end)
                s->end = ev->end;
        }
        if (!s->label && !(s->label = sl__strdup(ev->label)))
            rc = SL_ENOMEM;
    }
    free(sid);
    free(cnt);
done:
    free(uf);
    free(prof);
    free(tprof);
    free(np);
    free(ntp);
    free(tmp);
    return rc;
}

/* ------------------------------------------------------------ one pair */

static int add_str(char ***v, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0)
            return SL_OK;
    void *p = realloc(*v, (*n + 1) * sizeof **v);
    if (!p)
        return sl__nomem();
    *v = p;
    if (!((*v)[*n] = sl__strdup(s)))
        return SL_ENOMEM;
    (*n)++;
    return SL_OK;
}

/* The longest name of article a's lead person, or NULL when it has none. */
static int lead_name(char **out, const art *a, const sl_facts *f)
{
    *out = NULL;
    if (!has_lead(a))
        return SL_OK;
    const char *best = NULL;
    for (size_t e = 0; e < f->nentities; e++) {
        const sl_entity *en = &f->entities[e];
        /* a bare name with the lead's key is one lead_persons counted
         * (corpus_surname) */
        if ((en->kind == SL_ENT_PERSON || bare_name(en)) && surname_key(en->name) == a->pk[0] &&
            (!best || strlen(en->name) > strlen(best)))
            best = en->name;
    }
    if (best && !(*out = sl__strdup(best)))
        return SL_ENOMEM;
    return SL_OK;
}

/* The sum of money f's lead is about, as article a's text gives it, or
 * NULL when none. */
static int amount_text(char **out, const sl_facts *f, const sl_article *a)
{
    *out = NULL;
    if (!(f->amount > 0) || (size_t)f->amount_off + f->amount_len > a->text_len)
        return SL_OK;
    if (!(*out = malloc((size_t)f->amount_len + 1)))
        return sl__nomem();
    memcpy(*out, a->text + f->amount_off, f->amount_len);
    (*out)[f->amount_len] = '\0';
    return SL_OK;
}

int sl__event_evidence(sl_pair *p, sl_corpus *c)
{
    art a = {0}, b = {0};
    sl_facts *fa = NULL, *fb = NULL;
    int rc;
    surnames sn = {0};
    if ((rc = sl__corpus_workers(c, 2)) || (rc = base_features(&a, &fa, c, c->an[0], p->a)) ||
        (rc = base_features(&b, &fb, c, c->an[1], p->b)) || (rc = surnames_add(&sn, fa)) ||
        (rc = surnames_add(&sn, fb)) || (rc = entity_vector(&a, fa, &sn)) ||
        (rc = entity_vector(&b, fb, &sn)) || (rc = lead_persons(&a, fa, &sn)) ||
        (rc = lead_persons(&b, fb, &sn))) {
        surnames_free(&sn);
        goto done;
    }
    a.nents = (uint16_t)keep_top(a.ents, a.nents, TOP_ENTS, 1);
    b.nents = (uint16_t)keep_top(b.ents, b.nents, TOP_ENTS, 1);
    surnames_free(&sn);
    p->event_score =
        score(&a, &b, &p->topic_sim, &p->entity_sim, &p->time_conflict, &p->actor_conflict);
    if ((rc = lead_name(&p->a_lead, &a, fa)) || (rc = lead_name(&p->b_lead, &b, fb)) ||
        (rc = amount_text(&p->a_amount, fa, c->art[p->a])) ||
        (rc = amount_text(&p->b_amount, fb, c->art[p->b])))
        goto done;
    p->amount_conflict = amount_conflict(&a, &b);
    p->a_start = a.start;
    p->a_end = a.end;
    p->b_start = b.start;
    p->b_end = b.end;
    p->a_month = a.pmon;
    p->a_mday = a.pday;
    p->b_month = b.pmon;
    p->b_mday = b.pday;
    p->years_guessed = windows_far(&a, &b) && both_guessed(&a, &b);
    p->time_agree = time_agree(&a, &b);
    if (times_far(&a, &b, &p->a_recalls, &p->b_recalls) && p->a_recalls == SL_TIME_UNKNOWN &&
        p->b_recalls == SL_TIME_UNKNOWN)
        p->common_day = common_day(&a, &b);
    for (size_t x = 0; x < fa->nentities && !rc; x++)
        for (size_t y = 0; y < fb->nentities && !rc; y++) {
            const sl_entity *ea = &fa->entities[x], *eb = &fb->entities[y];
            if (ea->kind == SL_ENT_OUTLET || eb->kind == SL_ENT_OUTLET)
                continue;
            /* the equalities the entity vectors use: the key of a name
             * (case, "Mt"/"Mount"), of a person (first and last word), and
             * a person's surname */
            const char *sa = strrchr(ea->name, ' '), *sb = strrchr(eb->name, ' ');
            int persons = ea->kind == SL_ENT_PERSON && eb->kind == SL_ENT_PERSON;
            int same = name_key(ea->name, strlen(ea->name)) == name_key(eb->name, strlen(eb->name)) ||
                       (persons && (person_key(ea->name) == person_key(eb->name) ||
                                    strcmp(sa ? sa + 1 : ea->name, sb ? sb + 1 : eb->name) == 0));
            if (same)
                rc = add_str(&p->shared_entities, &p->nshared_entities,
                             strlen(ea->name) >= strlen(eb->name) ? ea->name : eb->name);
        }
    for (size_t x = 0; x < fa->nquotes && !rc; x++)
        for (size_t y = 0; y < fb->nquotes && !rc; y++)
            if (fa->quotes[x].key == fb->quotes[y].key)
                rc = add_str(&p->shared_quotes, &p->nshared_quotes, fa->quotes[x].text);
    if (!rc)
        rc = sl__drift_pair(&p->drift, &p->ndrift, fa, fb);
    if (rc || p->relation != SL_REL_UNRELATED)
        goto done;
    /* same event: the combined score (a shared quote counts in it; far
     * apart event times cut it); same storyline: the same core actors at
     * another time, or a strong score cut by the time conflict */
    if (p->event_score >= c->cfg.event_sim)
        p->relation = SL_REL_SAME_EVENT;
    else if (p->entity_sim >= c->cfg.story_sim && p->topic_sim >= 0.1)
        p->relation = SL_REL_SAME_STORYLINE;
done:
    free(a.terms);
    free(a.ents);
    free(a.quotes);
    free(b.terms);
    free(b.ents);
    free(b.quotes);
    sl_facts_free(fa);
    sl_facts_free(fb);
    return rc;
}

void sl_events_free(sl_events *E)
{
    if (!E)
        return;
    for (size_t e = 0; e < E->nevents; e++) {
        sl_event *ev = &E->events[e];
        free(ev->members);
        free(ev->label);
        for (size_t i = 0; i < ev->nentities; i++)
            free(ev->entities[i]);
        free(ev->entities);
        for (size_t i = 0; i < ev->nquotes; i++)
            free(ev->quotes[i]);
        free(ev->quotes);
        sl__drift_free(ev->drift, ev->ndrift);
    }
    free(E->events);
    for (size_t s = 0; s < E->nstorylines; s++) {
        free(E->storylines[s].events);
        free(E->storylines[s].label);
    }
    free(E->storylines);
    free(E->event_of);
    free(E);
}

/* Must-links: each connected set of duplicate/rewrite pairs and of `extra`
 * pairs (a << 32 | b) goes to the event most of its members chose (ties:
 * the lowest event number), but for its seeded articles (seed, may be
 * NULL), which keep theirs.  Linear: (component, event) keys are sorted
 * once. */
static int apply_links(uint32_t *event_of, size_t n, const sl_dedup *d, const uint64_t *extra,
                       size_t nextra, const int64_t *seed)
{
    uint32_t *uf = malloc((n + 1) * sizeof *uf);
    uint32_t *best = malloc((n + 1) * sizeof *best); /* by component root */
    uint64_t *key = malloc((n + 1) * sizeof *key), *tmp = malloc((n + 1) * sizeof *tmp);
    if (!uf || !best || !key || !tmp) {
        free(uf);
        free(best);
        free(key);
        free(tmp);
        return sl__nomem();
    }
    for (size_t i = 0; i < n; i++)
        uf[i] = (uint32_t)i;
    for (size_t p = 0; d && p < d->npairs; p++) {
        uint32_t a = uf_find(uf, d->pairs[p].a), b = uf_find(uf, d->pairs[p].b);
        if (a != b)
            uf[a > b ? a : b] = a < b ? a : b;
    }
    for (size_t p = 0; p < nextra; p++) {
        uint32_t a = uf_find(uf, (uint32_t)(extra[p] >> 32)), b = uf_find(uf, (uint32_t)extra[p]);
        if (a != b)
            uf[a > b ? a : b] = a < b ? a : b;
    }
    for (size_t i = 0; i < n; i++) {
        key[i] = (uint64_t)uf_find(uf, (uint32_t)i) << 32 | event_of[i];
        best[i] = SL_NONE;
    }
    sl__sort_u64(key, tmp, n);
    for (size_t s = 0; s < n;) {
        uint32_t root = (uint32_t)(key[s] >> 32), pick = (uint32_t)key[s];
        size_t e = s, pickn = 0;
        while (e < n && (uint32_t)(key[e] >> 32) == root) {
            size_t r = e;
            while (r < n && key[r] == key[e])
                r++;
            if (r - e > pickn) { /* ascending events: the first maximum is the lowest */
                pickn = r - e;
                pick = (uint32_t)key[e];
            }
            e = r;
        }
        if (e - s > 1)
            best[root] = pick;
        s = e;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t r = uf_find(uf, (uint32_t)i);
        if (best[r] != SL_NONE && !(seed && seed[i]))
            event_of[i] = best[r];
    }
    free(uf);
    free(best);
    free(key);
    free(tmp);
    return SL_OK;
}

/* Articles that quote the same words (at least QUOTE_LINK_WORDS of them:
 * a three-word phrase such as "out of band" is no evidence) report the same
 * happening: pairs (first quoter << 32 | other quoter) into *out. */
#define QUOTE_LINK_WORDS 6

static int quote_links(uint64_t **out, size_t *nout, const ctx *x)
{
    *out = NULL;
    *nout = 0;
    size_t n = x->c->n, cap = 0, m = 0;
    for (size_t i = 0; i < n; i++)
        cap += x->facts[i]->nquotes;
    /* (key, article) pairs; quote keys are 64-bit: sort on a 32-bit digest */
    uint64_t *kv = malloc((cap + 1) * sizeof *kv), *tmp = malloc((cap + 1) * sizeof *tmp);
    if (!kv || !tmp) {
        free(kv);
        free(tmp);
        return sl__nomem();
    }
    for (size_t i = 0; i < n; i++) {
        const sl_facts *f = x->facts[i];
        for (size_t q = 0; q < f->nquotes; q++) {
            size_t words = 1;
            for (const char *t = f->quotes[q].text; *t; t++)
                words += *t == ' ';
            if (words >= QUOTE_LINK_WORDS)
                kv[m++] = (uint64_t)(uint32_t)(f->quotes[q].key >> 32) << 32 | (uint32_t)i;
        }
    }
    sl__sort_u64(kv, tmp, m);
    size_t np = 0;
    for (size_t s = 0; s < m;) {
        size_t e = s + 1;
        while (e < m && kv[e] >> 32 == kv[s] >> 32)
            e++;
        for (size_t y = s + 1; y < e; y++)
            if ((uint32_t)kv[y] != (uint32_t)kv[s])
                tmp[np++] = (uint64_t)(uint32_t)kv[s] << 32 | (uint32_t)kv[y];
        s = e;
    }
    free(kv);
    *out = tmp;
    *nout = np;
    return SL_OK;
}

int sl__events_keys(uint64_t **keys, uint32_t **off, sl_corpus *c)
{
    *keys = NULL;
    *off = NULL;
    ctx x = {.c = c, .keys_only = 1};
    int rc = build_features(&x);
    size_t total = 0;
    for (size_t i = 0; !rc && i < c->n; i++)
        total += x.a[i].nkeys;
    if (!rc && (!(*keys = malloc((total + 1) * sizeof **keys)) ||
                !(*off = malloc((c->n + 1) * sizeof **off))))
        rc = sl__nomem();
    for (size_t i = 0, k = 0; !rc && i <= c->n; i++) {
        (*off)[i] = (uint32_t)k;
        if (i < c->n) {
            memcpy(*keys + k, x.a[i].keys, x.a[i].nkeys * sizeof **keys);
            k += x.a[i].nkeys;
        }
    }
    free_features(&x);
    if (rc) {
        free(*keys);
        free(*off);
        *keys = NULL;
        *off = NULL;
    }
    return rc;
}

typedef struct describe_job {
    sl_events *E;
    const ctx *x;
} describe_job;

/* Event records in parallel: each reads the shared features and writes
 * its own event. */
static int describe_range(void *p, unsigned w, size_t lo, size_t hi)
{
    (void)w;
    describe_job *j = p;
    for (size_t e = lo; e < hi; e++) {
        int rc = describe(&j->E->events[e], j->x);
        if (rc)
            return rc;
    }
    return SL_OK;
}

int sl_events_run(sl_events **out, sl_corpus *c, const sl_dedup *links)
{
    return sl__events_run_seeded(out, c, links, NULL);
}

int sl__events_run_seeded(sl_events **out, sl_corpus *c, const sl_dedup *links,
                          const int64_t *seed)
{
    *out = NULL;
    if (!c->cfg.rewrites)
        return sl__fail(SL_EINVAL, "event clustering needs word frequencies, "
                                   "which a corpus configured without rewrites does not count");
    ctx x = {.c = c, .seed = seed};
    sl_events *E = calloc(1, sizeof *E);
    cluster *cl = NULL;
    size_t ncl = 0;
    int rc = SL_OK;
    if (!E || !(E->event_of = malloc((c->n + 1) * sizeof *E->event_of))) {
        rc = sl__nomem();
        goto done;
    }
    double t0 = sl__now();
    if ((rc = build_features(&x)))
        goto done;
    double t1 = sl__now();
    for (size_t i = 0; i < c->n; i++)
        E->stats.copies += x.copy_of[i] != i;
    if ((rc = cluster_all(&x, E->event_of, &ncl, &cl, &E->stats)))
        goto done;
    double t2 = sl__now();
    E->stats.features_s = t1 - t0;
    E->stats.cluster_s = t2 - t1;
    uint64_t *ql = NULL;
    size_t nql = 0;
    if ((rc = quote_links(&ql, &nql, &x)))
        goto done;
    if ((links && links->npairs) || nql)
        rc = apply_links(E->event_of, c->n, links, ql, nql, seed);
    free(ql);
    if (rc)
        goto done;
    /* events numbered by their first member (corpus order) */
    uint32_t *renum = malloc((ncl + 1) * sizeof *renum);
    if (!renum) {
        rc = sl__nomem();
        goto done;
    }
    for (size_t k = 0; k < ncl; k++)
        renum[k] = SL_NONE;
    size_t ne = 0;
    for (size_t i = 0; i < c->n; i++) {
        uint32_t k = E->event_of[i];
        if (renum[k] == SL_NONE)
            renum[k] = (uint32_t)ne++;
        E->event_of[i] = renum[k];
    }
    free(renum);
    E->events = calloc(ne + 1, sizeof *E->events);
    if (!E->events) {
        rc = sl__nomem();
        goto done;
    }
    E->nevents = ne;
    /* members counted, then one array per event: growing it one member at
     * a time copied O(m^2) where realloc cannot grow in place (an event
     * of 100,000 members, or under ASan) */
    for (size_t i = 0; i < c->n; i++)
        E->events[E->event_of[i]].nmembers++;
    for (size_t e = 0; e < ne; e++) {
        sl_event *ev = &E->events[e];
        if (!(ev->members = malloc((ev->nmembers + 1) * sizeof *ev->members))) {
            rc = sl__nomem();
            goto done;
        }
        ev->nmembers = 0;
    }
    for (size_t i = 0; i < c->n; i++) {
        sl_event *ev = &E->events[E->event_of[i]];
        ev->members[ev->nmembers++] = (uint32_t)i;
    }
    describe_job dj = {E, &x};
    rc = sl__parallel_for(c->cfg.threads, ne, 64, describe_range, &dj);
    double t3 = sl__now();
    if (!rc)
        rc = storylines(E, &x);
    E->stats.records_s = t3 - t2;
    E->stats.storylines_s = sl__now() - t3;
done:
    if (cl) {
        for (size_t k = 0; k < ncl; k++) {
            free(cl[k].mem.v);
            cent_free(&cl[k].c);
        }
        free(cl);
    }
    free_features(&x);
    if (rc) {
        sl_events_free(E);
        return rc;
    }
    *out = E;
    return SL_OK;
}
