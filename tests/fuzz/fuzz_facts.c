/*
 * fuzz_facts.c - fact extraction (time expressions, quotes, entities,
 * outlet and dateline) through sl_extract, and the facts as JSON.
 *
 * Input: five control bytes, then the text (bytes that are not valid
 * UTF-8 and NULs become spaces, so every input is an article).
 *   byte 0: bits 0-2  `published`: 0-1 unknown; 2-3 a time in 2000-2039;
 *                     4 a time in years 0000-9999; 5 any 64-bit value
 *                     (also beyond any calendar); 6 2024-03-05; 7 the epoch
 *           bit 3     a `source` field, bits 4-6 choose it
 *           bit 7     a `url` field: the text's first line (dates in
 *                     its path stand in for an unknown `published`)
 *   bytes 1-4: the value the `published` modes draw from
 * Checks that every offset and span lies inside the text, strings are
 * valid UTF-8, time intervals are well-formed, lists are in text order,
 * and sl_facts_json() is one JSON object.
 */
#include "fuzz.h"


static const char *const sources[] = {"Reuters", "AP", "", "BTA", "Xinhua News Agency",
                                      "x", "Agence France-Presse", "The Associated Press"};

static int str_ok(const char *s) { return s && s[0] && fz_valid_utf8(s); }

static void check_window(int64_t s, int64_t e)
{
    FZ_CHECK((s == SL_TIME_UNKNOWN) == (e == SL_TIME_UNKNOWN));
    FZ_CHECK(s == SL_TIME_UNKNOWN || s < e);
}

static void check_facts(const sl_facts *f, size_t len)
{
    for (size_t i = 0; i < f->nentities; i++) {
        const sl_entity *e = &f->entities[i];
        FZ_CHECK(str_ok(e->name));
        FZ_CHECK(e->kind >= SL_ENT_PERSON && e->kind <= SL_ENT_OTHER);
        FZ_CHECK(!e->role || str_ok(e->role));
        FZ_CHECK(!e->affiliation || str_ok(e->affiliation));
        FZ_CHECK(e->mentions >= 1 && e->first < len);
        FZ_CHECK(i == 0 || f->entities[i - 1].first <= e->first);
    }
    for (size_t i = 0; i < f->ntimes; i++) {
        const sl_timex *t = &f->times[i];
        FZ_CHECK(t->len > 0 && (size_t)t->off + t->len <= len);
        FZ_CHECK(t->grain <= SL_GRAIN_YEAR && t->role <= SL_TIME_FUTURE && t->relative <= 1);
        check_window(t->start, t->end);
        FZ_CHECK(i == 0 || f->times[i - 1].off <= t->off);
    }
    for (size_t i = 0; i < f->nquotes; i++) {
        const sl_quote *q = &f->quotes[i];
        FZ_CHECK(q->text && fz_valid_utf8(q->text));
        FZ_CHECK(!q->speaker || str_ok(q->speaker));
        FZ_CHECK(!q->via || str_ok(q->via));
        FZ_CHECK((size_t)q->off + q->len <= len);
        FZ_CHECK(i == 0 || f->quotes[i - 1].off <= q->off);
    }
    /* the lead's sum: inside the text, with a currency code, at least 1,000 */
    if (f->amount > 0)
        FZ_CHECK(f->amount >= 1000 && f->amount <= 1e15 && f->amount_len > 0 &&
                 (size_t)f->amount_off + f->amount_len <= len &&
                 strlen(f->amount_currency) == 3);
    else
        FZ_CHECK(f->amount == 0 && f->amount_len == 0 && !f->amount_currency[0]);
    check_window(f->event_start, f->event_end);
    FZ_CHECK(f->event_conf >= 0 && f->event_conf <= 1);
    FZ_CHECK(f->anchored == 0 || f->anchored == 1);
    FZ_CHECK(!f->outlet || fz_valid_utf8(f->outlet));
    FZ_CHECK(!f->dateline_place || str_ok(f->dateline_place));
    FZ_CHECK(!f->dateline_outlet || str_ok(f->dateline_outlet));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5)
        return 0;
    unsigned b0 = data[0];
    uint32_t v = (uint32_t)data[1] << 24 | (uint32_t)data[2] << 16 | (uint32_t)data[3] << 8 |
                 data[4];
    int64_t published;
    switch (b0 & 7) {
    case 2:
    case 3: published = 946684800 + (int64_t)(v % (40u * 365 * 86400)); break;
    case 4: published = -62167219200 + (int64_t)v * 74; break;
    case 5: published = (int64_t)((uint64_t)v << 32 | (uint64_t)v * 2654435761u); break;
    case 6: published = 1709596800; break;
    case 7: published = 0; break;
    default: published = SL_TIME_UNKNOWN; break;
    }

    sl_article *a;
    FZ_CHECK(sl_article_new(&a) == SL_OK);
    char *text = fz_utf8_copy(data + 5, size - 5, ' ');
    FZ_CHECK(sl_article_set(a, "text", text) == SL_OK);
    a->text_len = size - 5;
    free(text);
    FZ_CHECK(sl_article_set(a, "id", "fuzz") == SL_OK);
    if (b0 & 8)
        FZ_CHECK(sl_article_set(a, "source", sources[(b0 >> 4) & 7]) == SL_OK);
    a->published = published;
    if (b0 & 0x80) {
        const char *nl = memchr(a->text, '\n', a->text_len);
        size_t ulen = nl ? (size_t)(nl - a->text) : a->text_len;
        char *url = malloc(ulen + 1);
        FZ_CHECK(url != NULL);
        memcpy(url, a->text, ulen);
        url[ulen] = '\0';
        FZ_CHECK(sl_article_set(a, "url", url) == SL_OK);
        free(url);
    }

    sl_facts *f = NULL;
    FZ_CHECK(sl_extract(&f, a) == SL_OK && f);
    check_facts(f, a->text_len);

    char *js = NULL;
    FZ_CHECK(sl_facts_json(&js, a, f) == SL_OK && js);
    fz_check_json_object(js);
    free(js);
    sl_facts_free(f);
    sl_article_free(a);
    return 0;
}
