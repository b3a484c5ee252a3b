/*
 * fuzz_compare.c - relations between a few articles: sl_compare on every
 * pair (with sl_pair_json and its evidence), sl_dedup_run and
 * sl_events_run on the corpus.
 *
 * Input: one control byte, then 2 to 4 texts separated by "\n==> "
 * (bytes that are not valid UTF-8 and NULs become spaces).
 *   bits 0-1  `published` of the articles: unknown; all the same day;
 *             a day apart each; years apart each
 *   bit 2     a `source` on every other article ("Reuters")
 *   bit 3     lang "de" on the second article
 *   bit 4     strip accents
 *   bits 5-6  shingle size 1 + (bits * 2)
 *   bit 7     drop_signatures: after sl_dedup_run (which drops them)
 *             sl_compare again, computing the shingle scores from its
 *             sentence-by-sentence analyses, gives the same scores
 * Checks that pairs are well-formed (indexes, relation, scores in [0, 1],
 * aligned sentences that exist), the JSON documents parse, groups and
 * events hold valid indexes.
 */
#include "fuzz.h"

#include <math.h>


#define SEP "\n==> "
#define SEPLEN 5
#define MAXART 4

static int unit(double x) { return isfinite(x) && x >= 0 && x <= 1.0000001; }

static void check_pair(sl_corpus *c, const sl_pair *p, size_t n)
{
    FZ_CHECK(p->a < p->b && p->b < n);
    FZ_CHECK(p->relation <= SL_REL_SAME_STORYLINE);
    FZ_CHECK(p->exact == 0 || p->exact == 1);
    FZ_CHECK(unit(p->jaccard) && unit(p->containment) && unit(p->term_overlap));
    FZ_CHECK(unit(p->coverage) && unit(p->order));
    FZ_CHECK(p->source == SL_NONE || p->source == p->a || p->source == p->b);
    FZ_CHECK(p->cue <= SL_CUE_SUBSET);
    const sl_span *sa, *sb;
    size_t na, nb;
    FZ_CHECK(sl_corpus_sentences(&sa, &na, c, p->a) == SL_OK);
    FZ_CHECK(sl_corpus_sentences(&sb, &nb, c, p->b) == SL_OK);
    for (size_t k = 0; k < p->naligned; k++) {
        FZ_CHECK(p->aligned[k].a < na && p->aligned[k].b < nb);
        FZ_CHECK(isfinite(p->aligned[k].sim));
    }
    char *js = NULL;
    FZ_CHECK(sl_pair_json(&js, c, p, SL_JSON_EVIDENCE) == SL_OK && js);
    fz_check_json_object(js);
    free(js);
    FZ_CHECK(sl_pair_json(&js, c, p, 0) == SL_OK && js);
    fz_check_json_object(js);
    free(js);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned b0 = data[0];
    const uint8_t *p = data + 1, *end = data + size;
    const uint8_t *start[MAXART];
    size_t len[MAXART];
    size_t n = 0;
    while (n < MAXART) {
        const uint8_t *q = p;
        const uint8_t *sep = NULL;
        while (q < end && (q = memchr(q, '\n', (size_t)(end - q)))) {
            if ((size_t)(end - q) >= SEPLEN && !memcmp(q, SEP, SEPLEN)) {
                sep = q;
                break;
            }
            q++;
        }
        start[n] = p;
        len[n] = (size_t)((sep ? sep : end) - p);
        n++;
        if (!sep)
            break;
        p = sep + SEPLEN;
    }
    if (n < 2)
        return 0;

    sl_config cfg;
    sl_config_init(&cfg);
    cfg.strip_accents = (b0 >> 4) & 1;
    cfg.shingle = 1 + ((b0 >> 5) & 3) * 2;
    cfg.drop_signatures = (b0 >> 7) & 1;
    FZ_CHECK(sl_config_check(&cfg) == SL_OK);
    sl_corpus *c = NULL;
    FZ_CHECK(sl_corpus_new(&c, &cfg) == SL_OK);
    static const int64_t step[4] = {0, 0, 86400, 400 * 86400};
    for (size_t i = 0; i < n; i++) {
        sl_article *a;
        FZ_CHECK(sl_article_new(&a) == SL_OK);
        char id[8];
        snprintf(id, sizeof id, "%c", (char)('a' + i));
        char *text = fz_utf8_copy(start[i], len[i], ' ');
        FZ_CHECK(sl_article_set(a, "id", id) == SL_OK);
        FZ_CHECK(sl_article_set(a, "text", text) == SL_OK);
        a->text_len = len[i];
        free(text);
        if ((b0 & 3) != 0)
            a->published = 1393900000 + (int64_t)i * step[b0 & 3];
        if ((b0 & 4) && i % 2 == 0)
            FZ_CHECK(sl_article_set(a, "source", "Reuters") == SL_OK);
        if ((b0 & 8) && i == 1)
            FZ_CHECK(sl_article_set(a, "lang", "de") == SL_OK);
        int rc = sl_corpus_add(c, a);
        FZ_CHECK(rc == SL_OK || rc == SL_EEMPTY); /* a text of nothing */
        if (rc)
            sl_article_free(a);
    }
    size_t m = sl_corpus_count(c);
    FZ_CHECK(sl_corpus_analyse(c) == SL_OK);
    double jac[MAXART][MAXART], con[MAXART][MAXART];
    for (size_t i = 0; i < m; i++)
        for (size_t j = i + 1; j < m; j++) {
            sl_pair *pr = NULL;
            FZ_CHECK(sl_compare(&pr, c, j, i) == SL_OK && pr);
            FZ_CHECK(pr->a == i && pr->b == j);
            check_pair(c, pr, m);
            FZ_CHECK(unit(pr->topic_sim) && unit(pr->entity_sim));
            jac[i][j] = pr->jaccard;
            con[i][j] = pr->containment;
            sl_pair_free(pr);
        }
    sl_dedup *d = NULL;
    FZ_CHECK(sl_dedup_run(&d, c) == SL_OK && d);
    for (size_t k = 0; k < d->npairs; k++)
        check_pair(c, &d->pairs[k], m);
    if (cfg.drop_signatures) {
        for (size_t i = 0; i < m; i++)
            for (size_t j = i + 1; j < m; j++) {
                sl_pair *pr = NULL;
                FZ_CHECK(sl_compare(&pr, c, i, j) == SL_OK && pr);
                FZ_CHECK(pr->jaccard == jac[i][j] && pr->containment == con[i][j]);
                sl_pair_free(pr);
            }
        sl_dedup *again = NULL;
        FZ_CHECK(sl_dedup_run(&again, c) == SL_EINVAL && !again);
    }
    for (size_t k = 0; k < d->ngroups; k++) {
        const sl_group *g = &d->groups[k];
        FZ_CHECK(g->nmembers >= 2 && g->nmembers <= m);
        for (size_t q = 0; q < g->nmembers; q++)
            FZ_CHECK(g->members[q] < m && (q == 0 || g->members[q - 1] < g->members[q]));
    }
    sl_events *ev = NULL;
    FZ_CHECK(sl_events_run(&ev, c, d) == SL_OK && ev);
    for (size_t i = 0; i < m; i++)
        FZ_CHECK(ev->event_of[i] < ev->nevents);
    for (size_t k = 0; k < ev->nevents; k++) {
        FZ_CHECK(ev->events[k].nmembers >= 1);
        FZ_CHECK(ev->events[k].storyline < ev->nstorylines);
        for (size_t q = 0; q < ev->events[k].nmembers; q++)
            FZ_CHECK(ev->events[k].members[q] < m);
    }
    sl_events_free(ev);
    sl_dedup_free(d);
    sl_corpus_free(c);
    return 0;
}
