/* extract.c - sl_extract(): runs the extractors over one article. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts/facts.h"

const char *sl_entity_kind_name(sl_entity_kind k)
{
    switch (k) {
    case SL_ENT_PERSON: return "person";
    case SL_ENT_ORG: return "org";
    case SL_ENT_PLACE: return "place";
    case SL_ENT_OUTLET: return "outlet";
    default: return "other";
    }
}

void sl_format_date(char *buf, size_t cap, int64_t t)
{
    if (t == SL_TIME_UNKNOWN) {
        snprintf(buf, cap, "unknown");
        return;
    }
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t y;
    unsigned m, d;
    sl__civil_from_days(days, &y, &m, &d);
    snprintf(buf, cap, "%04d-%02u-%02u", (int)(y % 100000), m, d);
}

void sl_facts_free(sl_facts *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nentities; i++) {
        free(f->entities[i].name);
        free(f->entities[i].role);
        free(f->entities[i].affiliation);
    }
    free(f->entities);
    free(f->times);
    for (size_t i = 0; i < f->nquotes; i++) {
        free(f->quotes[i].text);
        free(f->quotes[i].speaker);
        free(f->quotes[i].via);
    }
    free(f->quotes);
    free(f->outlet);
    free(f->dateline_place);
    free(f->dateline_outlet);
    free(f);
}

int sl_extract(sl_facts **out, const sl_article *a)
{
    *out = NULL;
    if (!a || !a->text)
        return sl__fail(SL_EINVAL, "sl_extract: no article text");
    sl_facts *f = calloc(1, sizeof *f);
    if (!f)
        return sl__nomem();
    f->event_start = f->event_end = SL_TIME_UNKNOWN;
    sl_spanvec sv = {0};
    int rc;
    if ((rc = sl__sentences(&sv, a->text, a->text_len)) ||
        (rc = sl__extract_outlet(f, a->text, a->text_len, a->source)) ||
        (rc = sl__extract_times(f, a->text, a->text_len, a->published, sv.v, sv.n)) ||
        (rc = sl__extract_quotes(f, a->text, a->text_len)) ||
        (rc = sl__extract_entities(f, a->text, a->text_len, sv.v, sv.n))) {
        free(sv.v);
        sl_facts_free(f);
        return rc;
    }
    free(sv.v);
    *out = f;
    return SL_OK;
}
