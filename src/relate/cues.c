/*
 * cues.c - which of two related articles is the source.
 *
 * Cues, strongest first:
 *  1. attribution: one text credits the other's outlet ("..., Reuters
 *     reported", "according to Reuters", "(Reuters)", "told Reuters");
 *  2. published: the earlier publication time;
 *  3. dateline: only one carries a wire dateline ("BEIJING, Dec 3
 *     (Reuters) -"): wire copy is where rewrites come from;
 *  4. subset: one is (nearly) contained in a larger other: the larger is
 *     taken as the source of the shortened one.
 * When no cue decides, the direction stays unknown (SL_NONE).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

static const char *const attribution_words[] = {
    "reported", "reports", "report", "according to", "said", "says", "told",
    "quoted", "cited", "citing", "via", "(", "wrote", "writes", "news agency",
};

static int near_cue(const char *text, size_t len, size_t at, size_t n)
{
    size_t lo = at > 48 ? at - 48 : 0;
    size_t hi = at + n + 48 < len ? at + n + 48 : len;
    for (size_t w = 0; w < sizeof attribution_words / sizeof *attribution_words; w++) {
        const char *cw = attribution_words[w];
        size_t cl = strlen(cw);
        for (size_t i = lo; i + cl <= hi; i++)
            if (i + cl <= at || i >= at + n) { /* outside the name itself */
                if (strncmp(text + i, cw, cl) == 0)
                    return 1;
            }
    }
    return 0;
}

/* 1 when `text` credits `outlet` (case-sensitive, whole word). */
static int credits(const sl_article *a, const char *outlet)
{
    if (!outlet || strlen(outlet) < 2)
        return 0;
    size_t n = strlen(outlet);
    for (const char *p = strstr(a->text, outlet); p; p = strstr(p + 1, outlet)) {
        size_t at = (size_t)(p - a->text);
        int left = at == 0 || !isalnum((unsigned char)a->text[at - 1]);
        int right = !isalnum((unsigned char)a->text[at + n]);
        if (left && right && near_cue(a->text, a->text_len, at, n))
            return 1;
    }
    return 0;
}

/* Outlet named in a wire dateline at the start of the text, e.g.
 * "BEIJING, Dec 3 (Reuters) -" or "WASHINGTON (AP) --".  Copies it to
 * `out` (size cap) and returns 1, else 0. */
int sl__dateline(char *out, size_t cap, const char *text, size_t len)
{
    size_t i = 0, lim = len < 160 ? len : 160;
    while (i < lim && isspace((unsigned char)text[i]))
        i++;
    size_t city = 0;
    while (i < lim && (isupper((unsigned char)text[i]) || text[i] == ' ' ||
                       text[i] == '.' || text[i] == '-' || text[i] == '\'')) {
        if (isupper((unsigned char)text[i]))
            city++;
        i++;
    }
    if (city < 2)
        return 0;
    /* optional ", Mon D[, YYYY]" or "/date" part, up to the parenthesis */
    size_t j = i;
    while (j < lim && text[j] != '(' && text[j] != '\n' && j - i < 24)
        j++;
    if (j >= lim || text[j] != '(')
        return 0;
    size_t o = j + 1, e = o;
    while (e < lim && text[e] != ')' && text[e] != '\n' && e - o < 40)
        e++;
    if (e >= lim || text[e] != ')' || e == o)
        return 0;
    size_t k = e + 1;
    while (k < lim && text[k] == ' ')
        k++;
    /* "-", "--", en or em dash */
    if (!(k < lim && (text[k] == '-' || (unsigned char)text[k] == 0xE2)))
        return 0;
    size_t n = e - o < cap - 1 ? e - o : cap - 1;
    memcpy(out, text + o, n);
    out[n] = '\0';
    return 1;
}

static int set_dir(sl_pair *p, uint32_t src, sl_cue cue, const char *detail)
{
    p->source = src;
    p->cue = cue;
    free(p->cue_detail);
    p->cue_detail = NULL;
    if (detail && !(p->cue_detail = sl__strdup(detail)))
        return SL_ENOMEM;
    return SL_OK;
}

int sl__direction(sl_pair *p, const sl_corpus *c, uint32_t i, uint32_t j,
                  int i_is_subset, int j_is_subset)
{
    const sl_article *a = c->art[i], *b = c->art[j];
    p->source = SL_NONE;
    p->cue = SL_CUE_NONE;
    /* 1. attribution */
    int ai = credits(a, b->source), bj = credits(b, a->source);
    if (a->source && b->source && strcmp(a->source, b->source) == 0)
        ai = bj = 0; /* same outlet: crediting says nothing about order */
    if (ai != bj)
        return set_dir(p, ai ? j : i, SL_CUE_ATTRIBUTION, ai ? b->source : a->source);
    /* 2. publication time */
    if (a->published != SL_TIME_UNKNOWN && b->published != SL_TIME_UNKNOWN &&
        a->published != b->published) {
        int64_t t = a->published < b->published ? a->published : b->published;
        char d[32];
        sl_format_date(d, sizeof d, t);
        return set_dir(p, a->published < b->published ? i : j, SL_CUE_PUBLISHED, d);
    }
    /* 3. wire dateline on one side only */
    char oa[48], ob[48];
    int da = sl__dateline(oa, sizeof oa, a->text, a->text_len);
    int db = sl__dateline(ob, sizeof ob, b->text, b->text_len);
    if (da != db)
        return set_dir(p, da ? i : j, SL_CUE_DATELINE, da ? oa : ob);
    /* 4. subset */
    if (i_is_subset != j_is_subset)
        return set_dir(p, i_is_subset ? j : i, SL_CUE_SUBSET, NULL);
    return SL_OK;
}
